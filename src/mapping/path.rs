//! Paths with a scope: `$.a` starts at the current item, `root:$.a` at the body, `change:$.a`
//! at the item of the `forEach` level named `change`. Scope names are resolved to level
//! numbers at compile time, so a run never looks a name up.

use super::problem::{at, Problems};
use crate::error::ProblemCode;
use crate::jsondoc::Node;
use crate::jsonpath::JsonPath;
use serde_json::Value;

/// Where a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The current item (innermost `forEach` level, or the body).
    Current,
    /// The whole body.
    Root,
    /// The item of `forEach` level `n` (0 = outermost).
    Level(usize),
}

/// A compiled path and the text it came from (for traces).
#[derive(Debug, Clone)]
pub(crate) struct ScopedPath {
    pub scope: Scope,
    pub query: JsonPath,
    pub text: String,
    /// For a singular query of plain names and indexes, its steps: walked directly, without
    /// the evaluator's result list (most field paths are of this kind).
    pub direct: Option<Vec<Direct>>,
}

/// One step of a direct walk.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Direct {
    Name(String),
    Index(i64),
}

impl ScopedPath {
    /// The node a direct walk reaches from `node`; `None` when the path is not direct.
    pub(crate) fn walk<'v>(&self, node: Node<'v>) -> Option<Option<Node<'v>>> {
        let steps = self.direct.as_ref()?;
        let mut node = node;
        for step in steps {
            let next = match step {
                Direct::Name(name) => node.get(name).map(|(_, member)| member),
                Direct::Index(i) => {
                    let len = i64::try_from(node.len()).ok();
                    let at = if *i < 0 { len.map(|l| l + i) } else { Some(*i) };
                    at.and_then(|k| usize::try_from(k).ok())
                        .and_then(|k| node.item(k))
                }
            };
            match next {
                Some(n) => node = n,
                None => return Some(None),
            }
        }
        Some(Some(node))
    }
}

/// The steps of `$.a['b'][0]`-style queries (names without escapes, integer indexes).
fn direct_steps(query: &str) -> Option<Vec<Direct>> {
    let rest = query.strip_prefix('$')?;
    let b = rest.as_bytes();
    let mut i = 0;
    let mut steps = Vec::new();
    while i < b.len() {
        match b.get(i)? {
            b'.' => {
                let start = i + 1;
                let mut k = start;
                while b
                    .get(k)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80)
                {
                    k += 1;
                }
                if k == start {
                    return None;
                }
                steps.push(Direct::Name(rest.get(start..k)?.to_owned()));
                i = k;
            }
            b'[' => {
                let close = i + rest.get(i..)?.find(']')?;
                let inner = rest.get(i + 1..close)?;
                let name = inner
                    .strip_prefix('\'')
                    .and_then(|r| r.strip_suffix('\''))
                    .or_else(|| inner.strip_prefix('"').and_then(|r| r.strip_suffix('"')));
                match name {
                    Some(n) if !n.contains(['\\', '\'', '"']) => {
                        steps.push(Direct::Name(n.to_owned()))
                    }
                    Some(_) => return None,
                    None => steps.push(Direct::Index(inner.parse().ok()?)),
                }
                i = close + 1;
            }
            _ => return None,
        }
    }
    Some(steps)
}

/// The scope names visible at some point of a rule: the `forEach` levels declared so far.
pub(crate) type ScopeNames<'s> = &'s [Option<String>];

/// Parses `text` found at spec pointer `pointer`; problems carry the character offset inside
/// `text` (shifted by `base_offset` when the path sits inside a larger string, a template).
pub(crate) fn parse(
    text: &str,
    names: ScopeNames<'_>,
    pointer: &str,
    base_offset: usize,
    problems: &mut Problems,
) -> Option<ScopedPath> {
    let (scope, query_text, prefix_chars) = match split_scope(text) {
        Some((name, rest)) => {
            let scope =
                if name == "root" {
                    Scope::Root
                } else if let Some(level) = names.iter().position(|n| n.as_deref() == Some(name)) {
                    Scope::Level(level)
                } else {
                    let known: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
                    problems.push(at(ProblemCode::Spec, pointer).offset(base_offset).message(
                        format!(
                            "unknown scope {name:?}: use root or a forEach level's `as` name{}",
                            if known.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", known.join(", "))
                            }
                        ),
                    ));
                    return None;
                };
            (scope, rest, name.chars().count() + 1)
        }
        None => (Scope::Current, text, 0),
    };
    match JsonPath::parse(query_text) {
        Ok(query) => Some(ScopedPath {
            direct: if query.is_singular() {
                direct_steps(query_text)
            } else {
                None
            },
            scope,
            query,
            text: text.to_owned(),
        }),
        Err(err) => {
            let offset = err
                .details()
                .and_then(|d| d.get("offset").and_then(Value::as_u64))
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0);
            problems.push(
                at(ProblemCode::JsonPath, pointer)
                    .offset(base_offset + prefix_chars + offset)
                    .message(format!("{text:?}: {}", error_message(&err))),
            );
            None
        }
    }
}

/// The parser's message without a location prefix it may add.
fn error_message(err: &crate::Error) -> String {
    match err {
        crate::Error::JsonPathSyntax { message, .. } => message.clone(),
        crate::Error::Mapping(problem) => problem.message.clone(),
        other => other.to_string(),
    }
}

/// `name:$…` → `(name, "$…")`, when the prefix is a plain name.
fn split_scope(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.split_once(':')?;
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (plain && rest.starts_with('$')).then_some((name, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_walks_agree_with_the_evaluator() {
        let body = serde_json::json!({"a": {"b c": [1, {"d": 2}]}, "é": 3});
        for text in [
            "$.a",
            "$['a']['b c'][1].d",
            "$.a['b c'][-1]",
            "$.a['b c'][5]",
            "$.é",
            "$.x.y",
            "$[0]",
            "$",
        ] {
            let mut problems = Problems::default();
            let p = parse(text, &[], "", 0, &mut problems).unwrap();
            assert!(p.direct.is_some(), "{text}");
            let doc = crate::jsondoc::Doc::from_value(&body);
            let root = doc.root().unwrap();
            let want = p.query.select(root).first().map(|n| n.to_value());
            assert_eq!(
                p.walk(root).map(|n| n.map(Node::to_value)),
                Some(want),
                "{text}"
            );
        }
        let mut problems = Problems::default();
        for text in ["$.a[*]", "$..a", "$['a\\'b']", "$.a[?@.b]"] {
            if let Some(p) = parse(text, &[], "", 0, &mut problems) {
                assert!(p.direct.is_none(), "{text}");
            }
        }
    }

    #[test]
    fn scopes_resolve_to_levels_and_unknown_names_are_located() {
        let names = [Some("change".to_owned()), None];
        let mut problems = Problems::default();
        let p = parse("change:$.value", &names, "/x", 0, &mut problems).unwrap();
        assert_eq!(p.scope, Scope::Level(0));
        let p = parse("root:$.object", &names, "/x", 0, &mut problems).unwrap();
        assert_eq!(p.scope, Scope::Root);
        let p = parse("$.a", &names, "/x", 0, &mut problems).unwrap();
        assert_eq!(p.scope, Scope::Current);
        assert!(problems.is_empty());
        assert!(parse("nope:$.a", &names, "/x", 0, &mut problems).is_none());
        assert_eq!(problems.list()[0].code, ProblemCode::Spec);
        // The query's own offset is shifted past the scope prefix.
        assert!(parse("root:$.a[", &names, "/y", 0, &mut problems).is_none());
        let problem = &problems.list()[1];
        assert_eq!(problem.code, ProblemCode::JsonPath);
        assert_eq!(problem.path, "/y");
        assert!(problem.offset.unwrap() >= 5);
    }
}
