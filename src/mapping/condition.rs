//! Conditions (`match`, a rule's `when`, a field's `when`): comparisons by JSON value without
//! coercion (`"1"` never equals `1`), combined with `all`, `any` and `not`. A path may match
//! several nodes; a comparison holds when any matched node satisfies it.

use super::eval::Ctx;
use super::path::{self, ScopeNames, ScopedPath};
use super::pointer::push;
use super::problem::{at, Problems};
use crate::error::ProblemCode;
use serde_json::Value;

/// A compiled condition.
#[derive(Debug, Clone)]
pub(crate) enum Condition {
    Equals(ScopedPath, Value),
    NotEquals(ScopedPath, Value),
    In(ScopedPath, Vec<Value>),
    Exists(ScopedPath, bool),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

const SHAPES: &str = "{ path, equals | notEquals | in | exists }, { all: [...] }, \
    { any: [...] } or { not: condition }";

/// Reads a condition at `pointer`.
pub(crate) fn parse(
    spec: &Value,
    pointer: &str,
    names: ScopeNames<'_>,
    problems: &mut Problems,
) -> Option<Condition> {
    let Some(map) = spec.as_object() else {
        problems.push(
            at(ProblemCode::Spec, pointer)
                .value_type(spec)
                .message(format!("a condition is an object: {SHAPES}")),
        );
        return None;
    };
    let list = |key: &str, problems: &mut Problems| -> Option<Vec<Condition>> {
        let p = push(pointer, key);
        let Some(items) = map.get(key).and_then(Value::as_array) else {
            problems.push(
                at(ProblemCode::Spec, &p).message(format!("{key} expects an array of conditions")),
            );
            return None;
        };
        let parsed: Vec<Option<Condition>> = items
            .iter()
            .enumerate()
            .map(|(i, c)| parse(c, &push(&p, &i.to_string()), names, problems))
            .collect();
        parsed.into_iter().collect()
    };
    if map.len() == 1 {
        if map.contains_key("all") {
            return list("all", problems).map(Condition::All);
        }
        if map.contains_key("any") {
            return list("any", problems).map(Condition::Any);
        }
        if let Some(inner) = map.get("not") {
            return parse(inner, &push(pointer, "not"), names, problems)
                .map(|c| Condition::Not(Box::new(c)));
        }
    }
    let Some(path_text) = map.get("path") else {
        problems.push(
            at(ProblemCode::Spec, pointer).message(format!("unknown condition; expected {SHAPES}")),
        );
        return None;
    };
    let path_pointer = push(pointer, "path");
    let Some(path_text) = path_text.as_str() else {
        problems.push(
            at(ProblemCode::Spec, &path_pointer)
                .value_type(path_text)
                .message("expected a path string"),
        );
        return None;
    };
    let ops: Vec<&String> = map.keys().filter(|k| *k != "path").collect();
    let [op] = ops.as_slice() else {
        problems.push(at(ProblemCode::Spec, pointer).message(format!(
            "a path condition has exactly one of equals, notEquals, in, exists (found {})",
            ops.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )));
        return None;
    };
    let arg = map.get(op.as_str())?;
    let op_pointer = push(pointer, op);
    let path = path::parse(path_text, names, &path_pointer, 0, problems);
    let condition = match op.as_str() {
        "equals" => Condition::Equals(path?, arg.clone()),
        "notEquals" => Condition::NotEquals(path?, arg.clone()),
        "in" => match arg.as_array() {
            Some(values) => Condition::In(path?, values.clone()),
            None => {
                problems.push(
                    at(ProblemCode::Spec, &op_pointer)
                        .value_type(arg)
                        .message("in expects an array of values"),
                );
                return None;
            }
        },
        "exists" => match arg.as_bool() {
            Some(b) => Condition::Exists(path?, b),
            None => {
                problems.push(
                    at(ProblemCode::Spec, &op_pointer)
                        .value_type(arg)
                        .message("exists expects true or false"),
                );
                return None;
            }
        },
        other => {
            problems.push(at(ProblemCode::Spec, &op_pointer).message(format!(
                "unknown comparison {other:?}; expected equals, notEquals, in or exists"
            )));
            return None;
        }
    };
    Some(condition)
}

impl Condition {
    /// Whether the condition holds in `ctx`.
    pub(crate) fn holds(&self, ctx: &Ctx<'_>) -> bool {
        match self {
            Condition::Equals(path, v) => ctx.select(path).into_iter().any(|n| n.equals(v)),
            Condition::NotEquals(path, v) => !ctx.select(path).into_iter().any(|n| n.equals(v)),
            Condition::In(path, values) => ctx
                .select(path)
                .into_iter()
                .any(|n| values.iter().any(|v| n.equals(v))),
            Condition::Exists(path, want) => {
                ctx.select(path).into_iter().any(|n| !n.is_null()) == *want
            }
            Condition::All(cs) => cs.iter().all(|c| c.holds(ctx)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(ctx)),
            Condition::Not(c) => !c.holds(ctx),
        }
    }
}
