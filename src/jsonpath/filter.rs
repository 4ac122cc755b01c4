//! Filter expressions: tests, comparisons (RFC 9535 §2.3.5.2) and the five function
//! extensions (§2.4.4–2.4.8).

use super::eval::Walk;
use super::iregexp::Regex;
use super::syntax::{CmpOp, Comparable, FilterQuery, Function, Logical, Pattern};
use serde_json::{Number, Value};
use std::cmp::Ordering;
use std::ops::ControlFlow;

/// Whether `expr` holds for the current node `current` (`@`) in the document `root` (`$`).
pub(crate) fn holds(expr: &Logical, current: &Value, root: &Value) -> bool {
    match expr {
        Logical::Or(parts) => parts.iter().any(|p| holds(p, current, root)),
        Logical::And(parts) => parts.iter().all(|p| holds(p, current, root)),
        Logical::Not(inner) => !holds(inner, current, root),
        Logical::Exists(query) => {
            let mut found = false;
            let _ = nodes(query, current, root, &mut |_| {
                found = true;
                ControlFlow::Break(())
            });
            found
        }
        Logical::Test(function) => match function.as_ref() {
            Function::Regex {
                whole,
                subject,
                pattern,
            } => regex_test(*whole, subject, pattern, current, root),
            // The parser admits only logical functions here.
            _ => false,
        },
        Logical::Compare(left, op, right) => {
            let left = operand(left, current, root);
            let right = operand(right, current, root);
            compare(left.get(), *op, right.get())
        }
    }
}

/// A comparison operand: `Nothing` (an empty nodelist, or a function without a result), a
/// node or literal, or a number a function computed.
enum Operand<'a> {
    Nothing,
    Ref(&'a Value),
    Owned(Value),
}

impl Operand<'_> {
    fn get(&self) -> Option<&Value> {
        match self {
            Operand::Nothing => None,
            Operand::Ref(value) => Some(value),
            Operand::Owned(value) => Some(value),
        }
    }
}

fn nodes<'v>(
    query: &FilterQuery,
    current: &'v Value,
    root: &'v Value,
    emit: &mut impl FnMut(&'v Value) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let start = if query.absolute { root } else { current };
    Walk { root }.run(&query.segments, start, &mut (), &mut |_: &(), node| {
        emit(node)
    })
}

/// The one node a query selects, or `None` when it selects none or several.
fn single<'v>(query: &FilterQuery, current: &'v Value, root: &'v Value) -> Option<&'v Value> {
    let mut found = None;
    let mut count = 0;
    let _ = nodes(query, current, root, &mut |node| {
        found = Some(node);
        count += 1;
        if count > 1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    found.filter(|_| count == 1)
}

fn operand<'a>(expr: &'a Comparable, current: &'a Value, root: &'a Value) -> Operand<'a> {
    match expr {
        Comparable::Literal(value) => Operand::Ref(value),
        Comparable::Query(query) => {
            single(query, current, root).map_or(Operand::Nothing, Operand::Ref)
        }
        Comparable::Call(function) => call(function, current, root),
    }
}

/// A value-returning function; `match` and `search` never reach here (the parser keeps them
/// out of comparisons) but answer as logical values would.
fn call<'a>(function: &'a Function, current: &'a Value, root: &'a Value) -> Operand<'a> {
    match function {
        Function::Length(arg) => {
            let arg = operand(arg, current, root);
            let length = match arg.get() {
                Some(Value::String(s)) => s.chars().count(),
                Some(Value::Array(items)) => items.len(),
                Some(Value::Object(members)) => members.len(),
                _ => return Operand::Nothing,
            };
            Operand::Owned(Value::from(length))
        }
        Function::Count(query) => {
            let mut count = 0usize;
            let _ = nodes(query, current, root, &mut |_| {
                count += 1;
                ControlFlow::Continue(())
            });
            Operand::Owned(Value::from(count))
        }
        Function::Value(query) => {
            single(query, current, root).map_or(Operand::Nothing, Operand::Ref)
        }
        Function::Regex {
            whole,
            subject,
            pattern,
        } => Operand::Owned(Value::Bool(regex_test(
            *whole, subject, pattern, current, root,
        ))),
    }
}

fn regex_test(
    whole: bool,
    subject: &Comparable,
    pattern: &Pattern,
    current: &Value,
    root: &Value,
) -> bool {
    let subject = operand(subject, current, root);
    let Some(Value::String(text)) = subject.get() else {
        return false;
    };
    let run = |regex: &Regex| {
        if whole {
            regex.is_full_match(text)
        } else {
            regex.is_found_in(text)
        }
    };
    match pattern {
        Pattern::Fixed(Some(regex)) => run(regex),
        Pattern::Fixed(None) => false,
        Pattern::Dynamic(expr) => match operand(expr, current, root).get() {
            Some(Value::String(source)) => Regex::new(source).is_ok_and(|regex| run(&regex)),
            _ => false,
        },
    }
}

/// RFC 9535 §2.3.5.2.2: `None` is `Nothing`, which equals only itself.
fn compare(left: Option<&Value>, op: CmpOp, right: Option<&Value>) -> bool {
    match op {
        CmpOp::Eq => equal(left, right),
        CmpOp::Ne => !equal(left, right),
        CmpOp::Lt => less(left, right),
        CmpOp::Gt => less(right, left),
        CmpOp::Le => less(left, right) || equal(left, right),
        CmpOp::Ge => less(right, left) || equal(left, right),
    }
}

fn equal(left: Option<&Value>, right: Option<&Value>) -> bool {
    match (left, right) {
        (None, None) => true,
        (Some(a), Some(b)) => deep_equal(a, b),
        _ => false,
    }
}

/// JSON equality with numbers compared by value (`1 == 1.0`) and members in any order.
fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_cmp(x, y) == Some(Ordering::Equal),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| deep_equal(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| deep_equal(x, y)))
        }
        _ => a == b,
    }
}

/// Only numbers and strings are ordered; strings by Unicode scalar values, which is the byte
/// order of UTF-8.
fn less(left: Option<&Value>, right: Option<&Value>) -> bool {
    match (left, right) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            number_cmp(x, y) == Some(Ordering::Less)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x < y,
        _ => false,
    }
}

/// Numbers by value, exactly for integers (ids beyond 2^53 included), as floats otherwise.
pub(crate) fn number_cmp(x: &Number, y: &Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return Some(a.cmp(&b));
    }
    // One is a u64 above i64::MAX and the other a negative i64.
    if x.as_u64().is_some() && y.as_i64().is_some() && !y.is_f64() {
        return Some(Ordering::Greater);
    }
    if y.as_u64().is_some() && x.as_i64().is_some() && !x.is_f64() {
        return Some(Ordering::Less);
    }
    x.as_f64()?.partial_cmp(&y.as_f64()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert!(deep_equal(&json!(1), &json!(1.0)));
        assert!(deep_equal(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(less(Some(&json!(-1)), Some(&json!(u64::MAX))));
        assert!(!less(Some(&json!(u64::MAX)), Some(&json!(u64::MAX - 1))));
        assert!(less(
            Some(&json!(9007199254740993u64)),
            Some(&json!(9007199254740994u64))
        ));
    }

    #[test]
    fn nothing_equals_only_nothing() {
        assert!(compare(None, CmpOp::Eq, None));
        assert!(compare(None, CmpOp::Le, None));
        assert!(!compare(None, CmpOp::Lt, None));
        assert!(!compare(None, CmpOp::Eq, Some(&Value::Null)));
    }
}
