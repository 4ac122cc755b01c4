//! Templates: `"{given} {family}"` with `let` names and `{$.path}` placeholders. An empty
//! placeholder renders as nothing and whitespace runs collapse, so `"{given} {family}"`
//! with no given name is `"Lovelace"`, not `" Lovelace"`. `{{` and `}}` are literal braces.

use super::eval::Ctx;
use super::path::{self, ScopeNames, ScopedPath};
use super::pointer::type_name;
use super::problem::{at, Problems};
use super::transforms::Fail;
use crate::error::ProblemCode;
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
        let value = match part {
            Part::Text(t) => {
                out.push_str(t);
                continue;
            }
            Part::Let(k) => lets.get(*k).cloned().flatten(),
            Part::Path(p) => ctx.value(p),
        };
        match value {
            None | Some(Value::Null) => any_empty = true,
            Some(Value::String(s)) => {
                any_empty |= s.is_empty();
                out.push_str(&s);
            }
            Some(Value::Number(n)) => out.push_str(&n.to_string()),
            Some(Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            Some(other) => {
                return Err(Fail {
                    message: "a template placeholder must be a string, number or boolean".into(),
                    value_type: type_name(&other),
                })
            }
        }
    }
    if any_empty {
        out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(Some(Value::String(out)))
}
