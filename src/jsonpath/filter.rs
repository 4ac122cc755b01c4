//! Filter expressions: tests, comparisons (RFC 9535 §2.3.5.2) and the five function
//! extensions (§2.4.4–2.4.8).

use super::eval::Walk;
use super::iregexp::Regex;
use super::json::Json;
use super::syntax::{CmpOp, Comparable, FilterQuery, Function, Logical, Pattern};
use crate::jsondoc::Kind;
use serde_json::{Number, Value};
use std::cmp::Ordering;
use std::ops::ControlFlow;

/// Whether `expr` holds for the current node `current` (`@`) in the document `root` (`$`).
pub(crate) fn holds<'v, N: Json<'v>>(expr: &Logical, current: N, root: N) -> bool {
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
            compare(&left, *op, &right)
        }
    }
}

/// A comparison operand: `Nothing` (an empty nodelist, or a function without a result), a
/// node, a literal, or a value a function computed.
enum Operand<'a, N> {
    Nothing,
    Node(N),
    Literal(&'a Value),
    Owned(Value),
}

impl<'v, N: Json<'v>> Operand<'_, N> {
    fn kind<'s>(&'s self) -> Option<Kind<'s>>
    where
        'v: 's,
    {
        match self {
            Operand::Nothing => None,
            Operand::Node(node) => Some(node.kind()),
            Operand::Literal(value) => Some(Json::kind(*value)),
            Operand::Owned(value) => Some(Json::kind(value)),
        }
    }

    fn number(&self) -> Option<Number> {
        match self {
            Operand::Nothing => None,
            Operand::Node(node) => node.number(),
            Operand::Literal(value) => value.number(),
            Operand::Owned(value) => value.number(),
        }
    }
}

fn nodes<'v, N: Json<'v>>(
    query: &FilterQuery,
    current: N,
    root: N,
    emit: &mut impl FnMut(N) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let start = if query.absolute { root } else { current };
    Walk::new(root).run(&query.segments, start, &mut (), &mut |_: &(), node| {
        emit(node)
    })
}

/// The one node a query selects, or `None` when it selects none or several.
fn single<'v, N: Json<'v>>(query: &FilterQuery, current: N, root: N) -> Option<N> {
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

fn operand<'a, 'v, N: Json<'v>>(expr: &'a Comparable, current: N, root: N) -> Operand<'a, N> {
    match expr {
        Comparable::Literal(value) => Operand::Literal(value),
        Comparable::Query(query) => {
            single(query, current, root).map_or(Operand::Nothing, Operand::Node)
        }
        Comparable::Call(function) => call(function, current, root),
    }
}

/// A value-returning function; `match` and `search` never reach here (the parser keeps them
/// out of comparisons) but answer as logical values would.
fn call<'a, 'v, N: Json<'v>>(function: &'a Function, current: N, root: N) -> Operand<'a, N> {
    match function {
        Function::Length(arg) => {
            let arg = operand(arg, current, root);
            let length = match (&arg, arg.kind()) {
                (_, Some(Kind::Str(s))) => s.chars().count(),
                (Operand::Node(node), Some(Kind::Array | Kind::Object)) => node.size(),
                (Operand::Literal(value), Some(Kind::Array | Kind::Object)) => value.size(),
                (Operand::Owned(value), Some(Kind::Array | Kind::Object)) => value.size(),
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
            single(query, current, root).map_or(Operand::Nothing, Operand::Node)
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

fn regex_test<'v, N: Json<'v>>(
    whole: bool,
    subject: &Comparable,
    pattern: &Pattern,
    current: N,
    root: N,
) -> bool {
    let subject = operand(subject, current, root);
    let Some(Kind::Str(text)) = subject.kind() else {
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
        Pattern::Dynamic(expr) => match operand(expr, current, root).kind() {
            Some(Kind::Str(source)) => Regex::new(source).is_ok_and(|regex| run(&regex)),
            _ => false,
        },
    }
}

/// RFC 9535 §2.3.5.2.2: `Nothing` equals only itself.
fn compare<'v, N: Json<'v>>(left: &Operand<'_, N>, op: CmpOp, right: &Operand<'_, N>) -> bool {
    match op {
        CmpOp::Eq => equal(left, right),
        CmpOp::Ne => !equal(left, right),
        CmpOp::Lt => less(left, right),
        CmpOp::Gt => less(right, left),
        CmpOp::Le => less(left, right) || equal(left, right),
        CmpOp::Ge => less(right, left) || equal(left, right),
    }
}

fn equal<'v, N: Json<'v>>(left: &Operand<'_, N>, right: &Operand<'_, N>) -> bool {
    use Operand::{Literal, Node, Nothing, Owned};
    match (left, right) {
        (Nothing, Nothing) => true,
        (Nothing, _) | (_, Nothing) => false,
        (Node(a), Node(b)) => deep_equal(*a, *b),
        (Node(a), Literal(b)) | (Literal(b), Node(a)) => deep_equal(*a, *b),
        (Node(a), Owned(b)) | (Owned(b), Node(a)) => deep_equal(*a, b),
        (Literal(a), Literal(b)) => deep_equal(*a, *b),
        (Literal(a), Owned(b)) | (Owned(b), Literal(a)) => deep_equal(*a, b),
        (Owned(a), Owned(b)) => deep_equal(a, b),
    }
}

/// JSON equality with numbers compared by value (`1 == 1.0`) and members in any order.
fn deep_equal<'a, 'b, A: Json<'a>, B: Json<'b>>(a: A, b: B) -> bool {
    match (a.kind(), b.kind()) {
        (Kind::Number, Kind::Number) => match (a.number(), b.number()) {
            (Some(x), Some(y)) => number_cmp(&x, &y) == Some(Ordering::Equal),
            _ => false,
        },
        (Kind::Array, Kind::Array) => {
            a.size() == b.size() && a.items().zip(b.items()).all(|(x, y)| deep_equal(x, y))
        }
        (Kind::Object, Kind::Object) => {
            a.size() == b.size()
                && a.members()
                    .all(|(k, x)| b.member(k).is_some_and(|(_, y)| deep_equal(x, y)))
        }
        (x, y) => x == y,
    }
}

/// Only numbers and strings are ordered; strings by Unicode scalar values, which is the byte
/// order of UTF-8.
fn less<'v, N: Json<'v>>(left: &Operand<'_, N>, right: &Operand<'_, N>) -> bool {
    match (left.kind(), right.kind()) {
        (Some(Kind::Number), Some(Kind::Number)) => match (left.number(), right.number()) {
            (Some(x), Some(y)) => number_cmp(&x, &y) == Some(Ordering::Less),
            _ => false,
        },
        (Some(Kind::Str(x)), Some(Kind::Str(y))) => x < y,
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

    type Op<'a> = Operand<'a, &'a Value>;

    fn lt(a: &Value, b: &Value) -> bool {
        less::<&Value>(&Operand::Literal(a), &Operand::Literal(b))
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(deep_equal(&json!(1), &json!(1.0)));
        assert!(deep_equal(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(lt(&json!(-1), &json!(u64::MAX)));
        assert!(!lt(&json!(u64::MAX), &json!(u64::MAX - 1)));
        assert!(lt(&json!(9007199254740993u64), &json!(9007199254740994u64)));
    }

    #[test]
    fn nothing_equals_only_nothing() {
        let null = Value::Null;
        assert!(compare::<&Value>(&Op::Nothing, CmpOp::Eq, &Op::Nothing));
        assert!(compare::<&Value>(&Op::Nothing, CmpOp::Le, &Op::Nothing));
        assert!(!compare::<&Value>(&Op::Nothing, CmpOp::Lt, &Op::Nothing));
        assert!(!compare::<&Value>(
            &Op::Nothing,
            CmpOp::Eq,
            &Op::Literal(&null)
        ));
    }
}
