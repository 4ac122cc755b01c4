//! The mapping engine: platform payloads to CRM records through specs written in JSON
//! (`pkg-template/MAPPING.md`). A spec is compiled once ([`Mapping::compile`]) — paths parsed,
//! targets and transforms checked — and then run on every delivery ([`Mapping::map`]), or
//! previewed with a trace of how every field was computed ([`Mapping::preview`]).

mod compile;
mod condition;
mod dates;
mod eval;
mod out;
mod path;
mod pointer;
mod problem;
mod spec;
mod target;
mod template;
pub mod trace;
mod transforms;

pub use compile::Resolve;

use crate::error::{Error, Problem, ProblemCode};
use crate::jsondoc::{Doc, Node};
use serde::Serialize;
use serde_json::Value;

/// A compiled mapping spec.
#[derive(Debug, Clone)]
pub struct Mapping {
    spec: spec::Spec,
}

/// What [`Mapping::map`] returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MapOutput {
    /// The records, in rule order, then `kind: "unknown"` events for uncovered items.
    pub records: Vec<Value>,
    /// Run-time problems: values of the wrong type, required fields that were empty.
    pub warnings: Vec<Problem>,
}

/// What [`Mapping::preview`] returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Preview {
    /// The records, as [`Mapping::map`] would return them.
    pub records: Vec<Value>,
    /// One entry per rule and item.
    pub trace: Vec<trace::RuleTrace>,
    /// Run-time problems.
    pub warnings: Vec<Problem>,
    /// Problems that stopped the run (a body that is not JSON).
    pub errors: Vec<Problem>,
}

/// A resolver that knows no mapping (for specs without `extends`).
pub fn no_mappings(_: &str) -> Option<Value> {
    None
}

impl Mapping {
    /// Compiles `spec`, resolving `extends` through `resolve`; the first problem as an
    /// [`Error`] when it is not valid.
    pub fn compile(spec: &Value, resolve: Resolve<'_>) -> Result<Mapping, Error> {
        match compile::compile(spec, resolve) {
            Ok(spec) => Ok(Mapping { spec }),
            Err(problems) => Err(first_problem(problems.into_vec())),
        }
    }

    /// The spec's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The spec's platform, when it names one.
    pub fn platform(&self) -> Option<&str> {
        self.spec.platform.as_ref().and_then(Value::as_str)
    }

    /// Whether the spec's `match` condition holds for `body` (true without one).
    pub fn matches(&self, body: &Value) -> bool {
        Doc::from_value(body)
            .root()
            .is_some_and(|root| self.matches_node(root))
    }

    /// [`matches`](Self::matches) for a document read in place.
    pub fn matches_node(&self, body: Node<'_>) -> bool {
        eval::matches(&self.spec, body)
    }

    /// Maps a parsed body.
    pub fn map(&self, body: &Value) -> MapOutput {
        Doc::from_value(body)
            .root()
            .map(|root| self.map_node(root))
            .unwrap_or_default()
    }

    /// Maps a document read in place.
    pub fn map_node(&self, body: Node<'_>) -> MapOutput {
        let run = eval::run(&self.spec, body, false);
        MapOutput {
            records: values(run.records),
            warnings: run.warnings,
        }
    }

    /// Maps a raw body straight to the JSON text of a [`MapOutput`] (the JS API's `map`):
    /// values the body holds are copied once, into the text. `ERR_MAPPING_BODY` when the body
    /// is not JSON.
    pub fn map_json(&self, body: &[u8]) -> Result<String, Error> {
        let doc = parse_doc(body)?;
        let Some(root) = doc.root() else {
            return Ok(r#"{"records":[],"warnings":[]}"#.into());
        };
        let run = eval::run(&self.spec, root, false);
        let mut buf = Vec::with_capacity(1024);
        buf.extend_from_slice(b"{\"records\":[");
        for (i, record) in run.records.into_iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            out::write_json(&mut out::Out::Obj(record), &mut buf);
        }
        buf.extend_from_slice(b"],\"warnings\":");
        // Writing into a Vec cannot fail, and every piece written is UTF-8.
        let _ = serde_json::to_writer(&mut buf, &run.warnings);
        buf.push(b'}');
        Ok(String::from_utf8(buf)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()))
    }

    /// Maps a raw body; `ERR_MAPPING_BODY` when it is not JSON.
    pub fn map_bytes(&self, body: &[u8]) -> Result<MapOutput, Error> {
        let doc = parse_doc(body)?;
        Ok(doc
            .root()
            .map(|root| self.map_node(root))
            .unwrap_or_default())
    }

    /// Maps a parsed body with a trace of every field.
    pub fn preview(&self, body: &Value) -> Preview {
        Doc::from_value(body)
            .root()
            .map(|root| self.preview_node(root))
            .unwrap_or_default()
    }

    /// Previews a document read in place.
    pub fn preview_node(&self, body: Node<'_>) -> Preview {
        let run = eval::run(&self.spec, body, true);
        Preview {
            records: values(run.records),
            trace: run.trace,
            warnings: run.warnings,
            errors: Vec::new(),
        }
    }

    /// Previews a raw body; a body that is not JSON comes back in `errors`.
    pub fn preview_bytes(&self, body: &[u8]) -> Preview {
        match parse_doc(body) {
            Ok(doc) => doc
                .root()
                .map(|root| self.preview_node(root))
                .unwrap_or_default(),
            Err(Error::Mapping(problem)) => Preview {
                errors: vec![*problem],
                ..Preview::default()
            },
            Err(_) => Preview::default(),
        }
    }
}

/// Records as `Value` objects, for the Rust API.
fn values(records: Vec<out::Fields<'_, '_>>) -> Vec<Value> {
    records
        .into_iter()
        .map(|record| Value::Object(out::into_object(record)))
        .collect()
}

/// Every problem of `spec` (empty when it compiles).
pub fn validate(spec: &Value, resolve: Resolve<'_>) -> Vec<Problem> {
    match compile::compile(spec, resolve) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_vec(),
    }
}

fn first_problem(problems: Vec<Problem>) -> Error {
    problems
        .into_iter()
        .next()
        .unwrap_or_else(|| problem::at(ProblemCode::Spec, "").message("invalid mapping spec"))
        .into()
}

/// Reads a body in place; `ERR_MAPPING_BODY` with the line and column when it is not JSON.
pub fn parse_doc(body: &[u8]) -> Result<Doc<'_>, Error> {
    Doc::parse(body).map_err(|err| {
        problem::at(ProblemCode::Body, "")
            .message(format!(
                "the body is not JSON: {} (line {}, column {})",
                err.message, err.line, err.column
            ))
            .into()
    })
}
