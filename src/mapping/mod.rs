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
pub mod tape;
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
    keys: tape::Keys,
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
            Ok(spec) => Ok(Mapping {
                keys: tape::Keys::of_spec(&spec),
                spec,
            }),
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

    /// Maps a raw body to a [`tape`] of its [`MapOutput`] in `buf` (the JS API's `map`):
    /// values the body holds are copied once, into the tape. `ERR_MAPPING_BODY` when the body
    /// is not JSON (and `buf` is then left as it was).
    pub fn map_tape(&self, body: &[u8], buf: &mut tape::TapeBuf) -> Result<(), Error> {
        use tape::{ARR, END, OBJ};
        let doc = parse_doc(body)?;
        let mut tape = tape::Tape::new(&self.keys, buf);
        tape.op(OBJ);
        tape.key("records");
        tape.op(ARR);
        let run = doc.root().map(|root| eval::run(&self.spec, root, false));
        let (records, warnings) = run.map(|r| (r.records, r.warnings)).unwrap_or_default();
        for record in records {
            tape.out(&mut out::Out::Obj(record));
        }
        tape.op(END);
        tape.key("warnings");
        if warnings.is_empty() {
            tape.op(ARR);
            tape.op(END);
        } else {
            tape.json(&warnings);
        }
        tape.op(END);
        tape.finish();
        Ok(())
    }

    /// The member names a [`map_tape`](Self::map_tape) tape numbers.
    pub fn tape_keys(&self) -> &[String] {
        self.keys.names()
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
