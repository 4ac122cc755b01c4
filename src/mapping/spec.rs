//! Reading a spec (MAPPING.md) into its compiled form, with every problem located by a JSON
//! Pointer into the spec. Everything a run needs is resolved here: paths parsed, scope names
//! turned into level numbers, targets checked against the record shapes, transform
//! arguments read.

use super::condition::{self, Condition};
use super::path::{self, ScopedPath};
use super::pointer::push;
use super::problem::{at, Problems};
use super::target::{self, Target};
use super::template::{self, Part};
use super::transforms::{self, Step};
use crate::error::ProblemCode;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Event,
    Contact,
    Interaction,
    Lead,
}

/// One `forEach` level.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub path: ScopedPath,
}

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    From(Vec<ScopedPath>),
    Value(Value),
    Template(Vec<Part>),
    Object(Vec<(String, FieldRule)>),
    /// `object` with `from`: one object per node the first matching path selects, its keys
    /// evaluated with that node as `$`.
    Each(Vec<ScopedPath>, Vec<(String, FieldRule)>),
}

/// A compiled field rule.
#[derive(Debug, Clone)]
pub(crate) struct FieldRule {
    pub source: Source,
    pub pipe: Vec<Step>,
    pub when: Option<Condition>,
    pub default: Option<Value>,
    pub default_on_missing_only: bool,
    pub required: bool,
    pub pointer: String,
}

/// A compiled record rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub kind: RecordKind,
    pub levels: Vec<Level>,
    pub when: Option<Condition>,
    pub lets: Vec<(String, FieldRule)>,
    pub fields: Vec<(Target, FieldRule)>,
}

/// A compiled spec.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub name: String,
    /// The platform, as a JSON string (records borrow it).
    pub platform: Option<Value>,
    pub matches: Option<Condition>,
    pub rules: Vec<Rule>,
    pub coverage: Vec<ScopedPath>,
}

/// A record rule as found in the (possibly merged) spec, with the pointers problems use:
/// the rule's own, and for fields an override replaced, the override's.
#[derive(Debug, Clone)]
pub(crate) struct RuleSource {
    pub value: Value,
    pub pointer: String,
    pub field_pointers: HashMap<String, String>,
}

const TOP_KEYS: &[&str] = &[
    "version",
    "name",
    "description",
    "platform",
    "match",
    "records",
    "coverage",
    "extends",
];
const RULE_KEYS: &[&str] = &[
    "id",
    "description",
    "record",
    "forEach",
    "when",
    "let",
    "fields",
];
const FIELD_KEYS: &[&str] = &[
    "description",
    "from",
    "value",
    "template",
    "object",
    "pipe",
    "when",
    "default",
    "defaultOn",
    "required",
];

fn unknown_keys(
    map: &Map<String, Value>,
    allowed: &[&str],
    pointer: &str,
    problems: &mut Problems,
) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        problems.push(at(ProblemCode::Spec, &push(pointer, key)).message(format!(
            "unknown key {key:?}; expected one of {}",
            allowed.join(", ")
        )));
    }
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads the top level of `top` (already merged with what it extends) and its `rules`.
pub(crate) fn parse(
    top: &Map<String, Value>,
    rules: &[RuleSource],
    problems: &mut Problems,
) -> Option<Spec> {
    unknown_keys(top, TOP_KEYS, "", problems);
    match top.get("version") {
        Some(v) if v.as_u64() == Some(1) => {}
        Some(v) => problems.push(
            at(ProblemCode::Spec, "/version")
                .value_type(v)
                .message("only version 1 of the spec language exists"),
        ),
        None => problems.push(at(ProblemCode::Spec, "/version").message("missing \"version\": 1")),
    }
    let name = match top.get("name") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        other => {
            let mut p = at(ProblemCode::Spec, "/name").message("expected a non-empty name");
            if let Some(v) = other {
                p = p.value_type(v);
            }
            problems.push(p);
            String::new()
        }
    };
    let platform = match top.get("platform") {
        None => None,
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(v) => {
            problems.push(
                at(ProblemCode::Spec, "/platform")
                    .value_type(v)
                    .message("expected a platform name"),
            );
            None
        }
    };
    let matches = top
        .get("match")
        .and_then(|c| condition::parse(c, "/match", &[], problems));
    let coverage = match top.get("coverage") {
        None => Vec::new(),
        Some(Value::Array(paths)) => paths
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let pointer = push("/coverage", &i.to_string());
                match p.as_str() {
                    Some(text) => path::parse(text, &[], &pointer, 0, problems),
                    None => {
                        problems.push(
                            at(ProblemCode::Spec, &pointer)
                                .value_type(p)
                                .message("expected a path"),
                        );
                        None
                    }
                }
            })
            .collect(),
        Some(v) => {
            problems.push(
                at(ProblemCode::Spec, "/coverage")
                    .value_type(v)
                    .message("expected an array of paths"),
            );
            Vec::new()
        }
    };
    let mut ids: Vec<String> = Vec::new();
    let mut compiled = Vec::new();
    for (i, source) in rules.iter().enumerate() {
        if let Some(rule) = parse_rule(source, i, platform.is_some(), &mut ids, problems) {
            compiled.push(rule);
        }
    }
    problems.is_empty().then_some(Spec {
        name,
        platform: platform.map(Value::String),
        matches,
        rules: compiled,
        coverage,
    })
}

fn parse_rule(
    source: &RuleSource,
    index: usize,
    has_platform: bool,
    ids: &mut Vec<String>,
    problems: &mut Problems,
) -> Option<Rule> {
    let pointer = source.pointer.as_str();
    let Some(map) = source.value.as_object() else {
        problems.push(
            at(ProblemCode::Spec, pointer)
                .value_type(&source.value)
                .message(
                    "a record rule is an object { id, record, forEach?, when?, let?, fields }",
                ),
        );
        return None;
    };
    unknown_keys(map, RULE_KEYS, pointer, problems);
    let id = match map.get("id") {
        None => index.to_string(),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(v) => {
            problems.push(
                at(ProblemCode::Spec, &push(pointer, "id"))
                    .value_type(v)
                    .message("expected a non-empty string"),
            );
            index.to_string()
        }
    };
    if ids.contains(&id) {
        problems.push(
            at(ProblemCode::Spec, &push(pointer, "id"))
                .message(format!("duplicate rule id {id:?}")),
        );
    }
    ids.push(id.clone());
    let kind = match map.get("record").and_then(Value::as_str) {
        Some("event") => Some(RecordKind::Event),
        Some("contact") => Some(RecordKind::Contact),
        Some("interaction") => Some(RecordKind::Interaction),
        Some("lead") => Some(RecordKind::Lead),
        _ => {
            problems.push(
                at(ProblemCode::Spec, &push(pointer, "record"))
                    .message("expected \"event\", \"contact\", \"interaction\" or \"lead\""),
            );
            None
        }
    };

    // forEach levels, each relative to the one before; names become scopes.
    let mut names: Vec<Option<String>> = Vec::new();
    let mut levels = Vec::new();
    let for_each_pointer = push(pointer, "forEach");
    match map.get("forEach") {
        None => {}
        Some(Value::String(text)) => {
            if let Some(path) = path::parse(text, &names, &for_each_pointer, 0, problems) {
                levels.push(Level { path });
                names.push(None);
            }
        }
        Some(Value::Array(list)) if !list.is_empty() => {
            for (i, level) in list.iter().enumerate() {
                let lp = push(&for_each_pointer, &i.to_string());
                let (name, text) = match level {
                    Value::String(text) => (None, Some(text.as_str())),
                    Value::Object(m) => {
                        unknown_keys(m, &["as", "path"], &lp, problems);
                        let name = match m.get("as") {
                            None => None,
                            Some(Value::String(n))
                                if is_name(n)
                                    && n != "root"
                                    && !names.contains(&Some(n.clone())) =>
                            {
                                Some(n.clone())
                            }
                            Some(v) => {
                                problems.push(at(ProblemCode::Spec, &push(&lp, "as")).value_type(v).message(
                                    "expected a unique name (letters, digits, _ or -; not \"root\")",
                                ));
                                None
                            }
                        };
                        (name, m.get("path").and_then(Value::as_str))
                    }
                    _ => (None, None),
                };
                let Some(text) = text else {
                    problems.push(
                        at(ProblemCode::Spec, &lp)
                            .value_type(level)
                            .message("expected a path or { as, path }"),
                    );
                    continue;
                };
                let path_pointer = if level.is_string() {
                    lp.clone()
                } else {
                    push(&lp, "path")
                };
                if let Some(path) = path::parse(text, &names, &path_pointer, 0, problems) {
                    levels.push(Level { path });
                }
                names.push(name);
            }
        }
        Some(v) => problems.push(
            at(ProblemCode::Spec, &for_each_pointer)
                .value_type(v)
                .message("expected a path or a non-empty list of { as, path } levels"),
        ),
    }

    let when = map
        .get("when")
        .and_then(|c| condition::parse(c, &push(pointer, "when"), &names, problems));

    let mut let_names: Vec<String> = Vec::new();
    let mut lets = Vec::new();
    if let Some(spec) = map.get("let") {
        let let_pointer = push(pointer, "let");
        match spec.as_object() {
            Some(m) => {
                for (name, rule) in m {
                    let fp = push(&let_pointer, name);
                    if !is_name(name) {
                        problems.push(
                            at(ProblemCode::Spec, &fp)
                                .message("a let name is letters, digits, _ or -"),
                        );
                        continue;
                    }
                    if let Some(rule) = parse_field(rule, &fp, &names, &let_names, problems) {
                        lets.push((name.clone(), rule));
                    }
                    let_names.push(name.clone());
                }
            }
            None => problems.push(
                at(ProblemCode::Spec, &let_pointer)
                    .value_type(spec)
                    .message("expected an object of name → field rule"),
            ),
        }
    }

    let shape = match kind {
        Some(RecordKind::Contact) => &target::CONTACT,
        Some(RecordKind::Interaction) => &target::INTERACTION,
        Some(RecordKind::Lead) => &target::LEAD,
        _ => &target::EVENT,
    };
    let fields_pointer = push(pointer, "fields");
    let mut fields = Vec::new();
    match map.get("fields") {
        Some(Value::Object(m)) => {
            for (name, rule) in m {
                let fp = source
                    .field_pointers
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| push(&fields_pointer, name));
                let parsed_target = match target::parse(name, shape) {
                    Ok(t) => Some(t),
                    Err(message) => {
                        problems.push(at(ProblemCode::Spec, &fp).message(message));
                        None
                    }
                };
                // An array of rules for one list target appends the value of each, in order
                // (an identity from the phone number and one from the BSUID).
                if let (Some(t), Value::Array(rules)) = (&parsed_target, rule) {
                    if !t.append || rules.is_empty() {
                        problems.push(at(ProblemCode::Spec, &fp).message(
                            "a list of field rules needs a list target ending in [] and at least one rule",
                        ));
                        continue;
                    }
                    for (i, rule) in rules.iter().enumerate() {
                        let ip = push(&fp, &i.to_string());
                        if let Some(rule) = parse_field(rule, &ip, &names, &let_names, problems) {
                            fields.push((t.clone(), rule));
                        }
                    }
                    continue;
                }
                let rule = parse_field(rule, &fp, &names, &let_names, problems);
                if let (Some(t), Some(rule)) = (parsed_target, rule) {
                    fields.push((t, rule));
                }
            }
        }
        None => {}
        Some(v) => problems.push(
            at(ProblemCode::Spec, &fields_pointer)
                .value_type(v)
                .message("expected an object of target → field rule"),
        ),
    }
    if kind == Some(RecordKind::Event) {
        let sets = |k: &str| {
            fields.iter().any(|(t, _): &(Target, FieldRule)| {
                t.keys.len() == 1 && t.keys.first().map(String::as_str) == Some(k)
            })
        };
        if !sets("kind") && map.get("fields").is_some_and(|f| f.get("kind").is_none()) {
            problems.push(
                at(ProblemCode::Spec, &fields_pointer).message("an event rule must set \"kind\""),
            );
        }
        if !has_platform
            && !sets("platform")
            && map
                .get("fields")
                .is_some_and(|f| f.get("platform").is_none())
        {
            problems.push(at(ProblemCode::Spec, &fields_pointer).message(
                "an event needs a platform: set the spec's \"platform\" or a \"platform\" field",
            ));
        }
    }
    Some(Rule {
        id,
        kind: kind?,
        levels,
        when,
        lets,
        fields,
    })
}

/// Reads a field rule (also used for `let` values and the keys of an `object` source).
pub(crate) fn parse_field(
    spec: &Value,
    pointer: &str,
    names: &[Option<String>],
    lets: &[String],
    problems: &mut Problems,
) -> Option<FieldRule> {
    // Shorthand: a string is a `from` path.
    let owned;
    let map = match spec {
        Value::Object(m) => m,
        Value::String(_) => {
            owned = Map::from_iter([("from".to_owned(), spec.clone())]);
            &owned
        }
        other => {
            problems.push(at(ProblemCode::Spec, pointer).value_type(other).message(
                "a field rule is an object with one of from, value, template, object (or a path string)",
            ));
            return None;
        }
    };
    unknown_keys(map, FIELD_KEYS, pointer, problems);
    // `from` beside `object` selects the nodes to build one object each from.
    let each = map.contains_key("from") && map.contains_key("object");
    let sources: Vec<&str> = ["from", "value", "template", "object"]
        .into_iter()
        .filter(|k| map.contains_key(*k) && !(each && *k == "from"))
        .collect();
    let [kind] = sources.as_slice() else {
        problems.push(at(ProblemCode::Spec, pointer).message(format!(
            "a field rule has exactly one of from, value, template, object (found {})",
            if sources.is_empty() {
                "none".to_owned()
            } else {
                sources.join(", ")
            }
        )));
        return None;
    };
    let sp = push(pointer, kind);
    let arg = map.get(*kind)?;
    let source = match *kind {
        "from" => {
            // A string is `from` itself in the shorthand; a location then is the field's.
            let sp = if spec.is_string() {
                pointer.to_owned()
            } else {
                sp
            };
            Source::From(parse_paths(arg, names, &sp, problems)?)
        }
        "value" => Source::Value(arg.clone()),
        "template" => match arg.as_str() {
            Some(text) => Source::Template(template::parse(text, &sp, names, lets, problems)?),
            None => {
                problems.push(
                    at(ProblemCode::Spec, &sp)
                        .value_type(arg)
                        .message("expected a template string"),
                );
                return None;
            }
        },
        _ => match arg.as_object() {
            Some(m) if !m.is_empty() => {
                let mut keys = Vec::new();
                for (key, rule) in m {
                    keys.extend(
                        parse_field(rule, &push(&sp, key), names, lets, problems)
                            .map(|r| (key.clone(), r)),
                    );
                }
                if keys.len() != m.len() {
                    return None;
                }
                match map.get("from").filter(|_| each) {
                    Some(from) => {
                        let paths = parse_paths(from, names, &push(pointer, "from"), problems)?;
                        Source::Each(paths, keys)
                    }
                    None => Source::Object(keys),
                }
            }
            _ => {
                problems.push(
                    at(ProblemCode::Spec, &sp)
                        .value_type(arg)
                        .message("expected a non-empty object of key → field rule"),
                );
                return None;
            }
        },
    };
    let mut pipe = Vec::new();
    if let Some(p) = map.get("pipe") {
        let pp = push(pointer, "pipe");
        match p.as_array() {
            Some(steps) => {
                for (i, step) in steps.iter().enumerate() {
                    pipe.extend(transforms::parse(
                        step,
                        &push(&pp, &i.to_string()),
                        names,
                        problems,
                    ));
                }
                if pipe.len() != steps.len() {
                    return None;
                }
            }
            None => {
                problems.push(
                    at(ProblemCode::Spec, &pp)
                        .value_type(p)
                        .message("expected an array of transforms"),
                );
                return None;
            }
        }
    }
    let when = match map.get("when") {
        Some(c) => Some(condition::parse(
            c,
            &push(pointer, "when"),
            names,
            problems,
        )?),
        None => None,
    };
    let default_on_missing_only = match map.get("defaultOn") {
        None => false,
        Some(Value::String(s)) if s == "missing" => true,
        Some(Value::String(s)) if s == "empty" => false,
        Some(v) => {
            problems.push(
                at(ProblemCode::Spec, &push(pointer, "defaultOn"))
                    .value_type(v)
                    .message("expected \"missing\" or \"empty\""),
            );
            return None;
        }
    };
    let required = match map.get("required") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(v) => {
            problems.push(
                at(ProblemCode::Spec, &push(pointer, "required"))
                    .value_type(v)
                    .message("expected true or false"),
            );
            return None;
        }
    };
    Some(FieldRule {
        source,
        pipe,
        when,
        default: map.get("default").cloned(),
        default_on_missing_only,
        required,
        pointer: pointer.to_owned(),
    })
}

/// A `from`: one path, or a non-empty list of alternatives.
fn parse_paths(
    arg: &Value,
    names: &[Option<String>],
    sp: &str,
    problems: &mut Problems,
) -> Option<Vec<ScopedPath>> {
    match arg {
        Value::String(text) => Some(vec![path::parse(text, names, sp, 0, problems)?]),
        Value::Array(list) if !list.is_empty() => {
            let mut paths = Vec::new();
            for (i, p) in list.iter().enumerate() {
                let ip = push(sp, &i.to_string());
                match p.as_str() {
                    Some(text) => paths.extend(path::parse(text, names, &ip, 0, problems)),
                    None => problems.push(
                        at(ProblemCode::Spec, &ip)
                            .value_type(p)
                            .message("expected a path"),
                    ),
                }
            }
            (paths.len() == list.len()).then_some(paths)
        }
        other => {
            problems.push(
                at(ProblemCode::Spec, sp)
                    .value_type(other)
                    .message("expected a path or a non-empty list of paths"),
            );
            None
        }
    }
}
