//! Templates: `"{given} {family}"` with `let` names and `{$.path}` placeholders. An empty
//! placeholder renders as nothing and whitespace runs collapse, so `"{given} {family}"`
//! with no given name is `"Lovelace"`, not `" Lovelace"`. `{{` and `}}` are literal braces.

use super::eval::Ctx;
use super::path::{self, ScopeNames, ScopedPath};
use super::problem::{at, Problems};
use super::transforms::Fail;
use crate::error::ProblemCode;
use crate::jsondoc::Kind;
use crate::jsonpath::Json;
use serde_json::Value;

/// A compiled template part.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    /// Index into the rule's `let` values.
    Let(usize),
    Path(ScopedPath),
}

/// Compiles `text`; `lets` are the rule's `let` names in order.
pub(crate) fn parse(
    text: &str,
    pointer: &str,
    names: ScopeNames<'_>,
    lets: &[String],
    problems: &mut Problems,
) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    let mut ok = true;
    // Offsets are in characters, as for paths.
    let char_offset = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let start = i + 1;
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    if d == '}' {
                        end = Some(j);
                        break;
                    }
                }
                let Some(end) = end else {
                    problems.push(
                        at(ProblemCode::Spec, pointer)
                            .offset(char_offset(i))
                            .message("unclosed { in template (write {{ for a literal brace)"),
                    );
                    return None;
                };
                let inner = text.get(start..end).unwrap_or_default().trim();
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                if inner.contains('$') {
                    match path::parse(inner, names, pointer, char_offset(start), problems) {
                        Some(p) => parts.push(Part::Path(p)),
                        None => ok = false,
                    }
                } else if let Some(k) = lets.iter().position(|l| l == inner) {
                    parts.push(Part::Let(k));
                } else {
                    problems.push(
                        at(ProblemCode::Spec, pointer)
                            .offset(char_offset(start))
                            .message(format!(
                                "template placeholder {{{inner}}} names no `let` value{}; use {{$.path}} for a path",
                                if lets.is_empty() { String::new() } else { format!(" ({})", lets.join(", ")) }
                            )),
                    );
                    ok = false;
                }
            }
            '}' => {
                problems.push(
                    at(ProblemCode::Spec, pointer)
                        .offset(char_offset(i))
                        .message("unmatched } in template (write }} for a literal brace)"),
                );
                return None;
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Text(literal));
    }
    ok.then_some(parts)
}

/// Renders a template. Strings go in as they are, numbers and booleans as their JSON text;
/// an object or array is a type error.
pub(crate) fn render(
    parts: &[Part],
    ctx: &Ctx<'_>,
    lets: &[Option<Value>],
) -> Result<Option<Value>, Fail> {
    // Room for the usual short result (a phone, a name) without regrowing.
    let mut out = String::with_capacity(32);
    let mut any_empty = false;
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Let(k) => match lets.get(*k).and_then(Option::as_ref) {
                Some(value) => push_scalar(&mut out, value, &mut any_empty)?,
                None => any_empty = true,
            },
            // Body values are read where they lie, not copied first.
            Part::Path(p) if p.query.is_singular() => match ctx.first(p) {
                Some(node) => push_scalar(&mut out, node, &mut any_empty)?,
                None => any_empty = true,
            },
            // Any other path gives a list of what it selects: not a scalar.
            Part::Path(p) => {
                if ctx.select(p).is_empty() {
                    any_empty = true;
                } else {
                    return Err(not_scalar("array"));
                }
            }
        }
    }
    if any_empty {
        out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(Some(Value::String(out)))
}

/// Appends a placeholder's value: strings as they are, numbers and booleans as their JSON
/// text; null is empty; an object or array is a type error.
fn push_scalar<'v>(
    out: &mut String,
    value: impl Json<'v>,
    any_empty: &mut bool,
) -> Result<(), Fail> {
    match value.kind() {
        Kind::Null => *any_empty = true,
        Kind::Str(s) => {
            *any_empty |= s.is_empty();
            out.push_str(s);
        }
        // (A number beyond what f64 holds reads as null, as when copied into a Value.)
        Kind::Number => match value.number() {
            Some(n) => out.push_str(&n.to_string()),
            None => *any_empty = true,
        },
        Kind::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        kind @ (Kind::Array | Kind::Object) => return Err(not_scalar(kind.type_name())),
    }
    Ok(())
}

fn not_scalar(value_type: &'static str) -> Fail {
    Fail {
        message: "a template placeholder must be a string, number or boolean".into(),
        value_type,
    }
}
