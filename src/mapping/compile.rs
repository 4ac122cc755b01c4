//! From spec JSON to a compiled spec: resolve `extends` (a built-in or other named mapping,
//! through the caller's resolver), merge the overrides into it, then read the result.

use super::pointer::push;
use super::problem::{at, Problems};
use super::spec::{self, RuleSource, Spec};
use crate::error::ProblemCode;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Finds a mapping spec by name, for `extends`.
pub type Resolve<'r> = &'r dyn Fn(&str) -> Option<Value>;

/// How deep `extends` may chain (a loop is a problem, not a stack overflow).
const MAX_DEPTH: usize = 8;

/// Compiles `spec`; the problems when it cannot.
pub(crate) fn compile(spec: &Value, resolve: Resolve<'_>) -> Result<Spec, Problems> {
    let mut problems = Problems::default();
    let Some(top) = spec.as_object() else {
        problems.push(
            at(ProblemCode::Spec, "")
                .value_type(spec)
                .message("a mapping spec is a JSON object { version, name, records, … }"),
        );
        return Err(problems);
    };
    let (merged, rules) = flatten(top, resolve, 0, &mut problems);
    // Without extends the rest of the spec can still be checked, so validation lists every
    // problem at once; a failed extends leaves nothing meaningful to check.
    if !problems.is_empty() && top.contains_key("extends") {
        return Err(problems);
    }
    match spec::parse(&merged, &rules, &mut problems) {
        Some(spec) if problems.is_empty() => Ok(spec),
        _ => Err(problems),
    }
}

/// The spec with what it extends merged in, and its rules with their pointers.
fn flatten(
    top: &Map<String, Value>,
    resolve: Resolve<'_>,
    depth: usize,
    problems: &mut Problems,
) -> (Map<String, Value>, Vec<RuleSource>) {
    let Some(extends) = top.get("extends") else {
        let rules = match top.get("records") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, rule)| RuleSource {
                    value: rule.clone(),
                    pointer: push("/records", &i.to_string()),
                    field_pointers: HashMap::new(),
                })
                .collect(),
            Some(other) => {
                problems.push(
                    at(ProblemCode::Spec, "/records")
                        .value_type(other)
                        .message("expected an array of record rules (an object keyed by rule id only with extends)"),
                );
                Vec::new()
            }
            None => {
                problems.push(at(ProblemCode::Spec, "/records").message("missing \"records\""));
                Vec::new()
            }
        };
        return (top.clone(), rules);
    };
    let Some(name) = extends.as_str() else {
        problems.push(
            at(ProblemCode::Spec, "/extends")
                .value_type(extends)
                .message("expected the name of a mapping"),
        );
        return (Map::new(), Vec::new());
    };
    if depth >= MAX_DEPTH {
        problems.push(at(ProblemCode::Spec, "/extends").message(format!(
            "extends chains deeper than {MAX_DEPTH} mappings (a loop?) at {name:?}"
        )));
        return (Map::new(), Vec::new());
    }
    let Some(base) = resolve(name) else {
        problems.push(at(ProblemCode::Spec, "/extends").message(format!(
            "no mapping named {name:?} to extend (builtinMappings() lists the built-in ones)"
        )));
        return (Map::new(), Vec::new());
    };
    let Some(base_top) = base.as_object() else {
        problems.push(
            at(ProblemCode::Spec, "/extends").message(format!("mapping {name:?} is not an object")),
        );
        return (Map::new(), Vec::new());
    };
    let mut base_problems = Problems::default();
    let (mut merged, base_rules) = flatten(base_top, resolve, depth + 1, &mut base_problems);
    if !base_problems.is_empty() {
        problems.push(at(ProblemCode::Spec, "/extends").message(format!(
            "mapping {name:?} cannot be extended: {}",
            base_problems
                .list()
                .first()
                .map(|p| format!("{}: {}", p.path, p.message))
                .unwrap_or_default()
        )));
        return (Map::new(), Vec::new());
    }
    // The rules keep the pointers an override addresses them by: /records/<id>.
    let mut rules: Vec<(String, RuleSource)> = base_rules
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            let id = r
                .value
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| i.to_string(), str::to_owned);
            r.pointer = push("/records", &id);
            (id, r)
        })
        .collect();
    for (key, value) in top {
        if key != "records" && key != "extends" {
            merged.insert(key.clone(), value.clone());
        }
    }
    match top.get("records") {
        None => {}
        Some(Value::Object(overrides)) => {
            for (id, change) in overrides {
                let pointer = push("/records", id);
                let existing = rules.iter().position(|(rid, _)| rid == id);
                match (existing, change) {
                    (Some(k), Value::Null) => {
                        rules.remove(k);
                    }
                    (None, Value::Null) => problems.push(
                        at(ProblemCode::Spec, &pointer)
                            .message(format!("no rule {id:?} in {name:?} to remove")),
                    ),
                    (Some(k), Value::Object(changes)) => {
                        if let Some((_, rule)) = rules.get_mut(k) {
                            override_rule(rule, changes, &pointer, problems);
                        }
                    }
                    (None, Value::Object(new)) => {
                        let mut value = new.clone();
                        value.insert("id".into(), Value::String(id.clone()));
                        rules.push((
                            id.clone(),
                            RuleSource {
                                value: Value::Object(value),
                                pointer,
                                field_pointers: HashMap::new(),
                            },
                        ));
                    }
                    (_, other) => problems.push(
                        at(ProblemCode::Spec, &pointer)
                            .value_type(other)
                            .message("expected a rule override object, or null to remove the rule"),
                    ),
                }
            }
        }
        Some(other) => problems.push(
            at(ProblemCode::Spec, "/records")
                .value_type(other)
                .message("with extends, records is an object keyed by rule id"),
        ),
    }
    (merged, rules.into_iter().map(|(_, r)| r).collect())
}

/// Applies an override's keys to a rule: `fields` entries replace (or with null remove)
/// single fields; other keys replace the rule's.
fn override_rule(
    rule: &mut RuleSource,
    changes: &Map<String, Value>,
    pointer: &str,
    problems: &mut Problems,
) {
    let Some(target) = rule.value.as_object_mut() else {
        return;
    };
    for (key, change) in changes {
        if key == "id" {
            continue;
        }
        if key != "fields" {
            target.insert(key.clone(), change.clone());
            continue;
        }
        let fields_pointer = push(pointer, "fields");
        let Some(fields) = change.as_object() else {
            problems.push(
                at(ProblemCode::Spec, &fields_pointer)
                    .value_type(change)
                    .message("expected an object of target → field rule (or null)"),
            );
            continue;
        };
        let existing = target
            .entry("fields")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(existing) = existing.as_object_mut() else {
            continue;
        };
        for (field, rule_change) in fields {
            if rule_change.is_null() {
                existing.remove(field);
            } else {
                existing.insert(field.clone(), rule_change.clone());
                rule.field_pointers
                    .insert(field.clone(), push(&fields_pointer, field));
            }
        }
    }
}
