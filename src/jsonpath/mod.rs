//! RFC 9535 JSONPath: the path language of mappings, and `jsonPathQuery` in the JS API.
//!
//! A [`JsonPath`] is parsed once (syntax and well-typedness are checked then, with a character
//! offset for any error) and selects from any number of documents. Selection borrows from the
//! document: no value is copied.
//!
//! ```
//! use social_crm_bridge::jsonpath::JsonPath;
//! let path = JsonPath::parse("$.entry[*].changes[?@.field == 'messages'].value")?;
//! let body = serde_json::json!({ "entry": [{ "changes": [{ "field": "messages", "value": 1 }] }] });
//! assert_eq!(path.select(&body), [&serde_json::json!(1)]);
//! # Ok::<(), social_crm_bridge::Error>(())
//! ```
//!
//! - [`parser`]: the grammar, with offsets; builds a [`syntax`] tree only if well typed.
//! - [`eval`]: segments and selectors, depth first; [`filter`]: filter expressions and functions.
//! - [`iregexp`]: RFC 9485 I-Regexp for `match` and `search`.
//! - [`location`]: where a node is, as a JSON Pointer or a normalized path.
//! - [`text`]: JSON text in and out, for the JS API (big integers kept exact).

mod eval;
mod filter;
mod iregexp;
mod json;
pub(crate) mod location;
mod parser;
mod syntax;
mod text;

pub use json::Json;
pub use location::{Location, Segment};
pub use text::{query_text, TextOptions};

use crate::error::Error;
use eval::{Step, Walk};
use std::ops::ControlFlow;
use syntax::{PathSegment, Selector};

/// A compiled JSONPath query.
#[derive(Debug, Clone)]
pub struct JsonPath {
    text: String,
    segments: Vec<PathSegment>,
    singular: bool,
}

impl JsonPath {
    /// Parses and checks `expression`. Errors are [`Error::JsonPathSyntax`]
    /// (`ERR_JSONPATH_SYNTAX`) with the character offset of the problem.
    pub fn parse(expression: &str) -> Result<JsonPath, Error> {
        let segments = parser::parse(expression)?;
        Ok(JsonPath {
            text: expression.to_owned(),
            singular: syntax::is_singular(&segments),
            segments,
        })
    }

    /// The nodes the query selects from `root` (the query's `$`), in RFC 9535 order.
    pub fn select<'v, N: Json<'v>>(&self, root: N) -> Vec<N> {
        if self.singular {
            return self.select_singular(root).into_iter().collect();
        }
        let mut out = Vec::new();
        let _ = Walk::new(root).run(&self.segments, root, &mut (), &mut |_: &(), node| {
            out.push(node);
            ControlFlow::Continue(())
        });
        out
    }

    /// The first node [`select`](Self::select) would return, without collecting the rest
    /// (and without allocating for a singular query).
    pub fn select_first<'v, N: Json<'v>>(&self, root: N) -> Option<N> {
        if self.singular {
            return self.select_singular(root);
        }
        let mut first = None;
        let _ = Walk::new(root).run(&self.segments, root, &mut (), &mut |_: &(), node| {
            first = Some(node);
            ControlFlow::Break(())
        });
        first
    }

    /// The nodes with their locations relative to `root`.
    pub fn select_located<'v, N: Json<'v>>(&self, root: N) -> Vec<(Location, N)> {
        self.select_trailed(root, |trail| {
            Location(
                trail
                    .iter()
                    .map(|step| match step {
                        Step::Name(name) => Segment::Name((*name).to_owned()),
                        Step::Index(i) => Segment::Index(*i),
                    })
                    .collect(),
            )
        })
    }

    /// The nodes with their JSON Pointers: `base` followed by the pointer relative to
    /// `root` (for callers that only need pointers, without building a [`Location`]).
    pub fn select_pointers<'v, N: Json<'v>>(&self, root: N, base: &str) -> Vec<(String, N)> {
        self.select_trailed(root, |trail| {
            // Room for the base and a few short segments, so most never reallocate.
            let mut pointer = String::with_capacity(base.len() + 8 * trail.len());
            pointer.push_str(base);
            for step in trail {
                match step {
                    Step::Name(name) => location::push_token(&mut pointer, name),
                    Step::Index(i) => location::push_index(&mut pointer, *i),
                }
            }
            pointer
        })
    }

    /// The nodes, each with what `place` makes of the steps from `root` to it.
    fn select_trailed<'v, N: Json<'v>, P>(
        &self,
        root: N,
        mut place: impl FnMut(&[Step<'v>]) -> P,
    ) -> Vec<(P, N)> {
        let mut out = Vec::new();
        let mut trail: Vec<Step<'v>> = Vec::new();
        let _ = Walk::new(root).run(
            &self.segments,
            root,
            &mut trail,
            &mut |trail: &Vec<Step<'v>>, node| {
                out.push((place(trail), node));
                ControlFlow::Continue(())
            },
        );
        out
    }

    /// Whether the query is singular (RFC 9535 §2.3.5.1): only child segments with one name or
    /// index each, so it selects at most one node.
    pub fn is_singular(&self) -> bool {
        self.singular
    }

    /// The expression as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A singular query walks straight down: no recursion, no allocation.
    fn select_singular<'v, N: Json<'v>>(&self, root: N) -> Option<N> {
        let mut node = root;
        for segment in &self.segments {
            node = match segment.selectors.first()? {
                Selector::Name(name) => node.member(name)?.1,
                Selector::Index(index) => node.item(eval::resolve_index(*index, node.size())?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn query(expression: &str, document: &Value) -> Vec<Value> {
        let path = JsonPath::parse(expression).unwrap();
        path.select(document).into_iter().cloned().collect()
    }

    fn offset(expression: &str) -> usize {
        match JsonPath::parse(expression) {
            Err(Error::JsonPathSyntax { offset, .. }) => offset,
            other => panic!("{expression}: expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn names_indexes_wildcards_and_slices() {
        let doc = json!({ "a": { "b": [10, 20, 30, 40] }, "c d": true });
        assert_eq!(query("$.a.b[1]", &doc), [json!(20)]);
        assert_eq!(query("$['a']['b'][-1]", &doc), [json!(40)]);
        assert_eq!(query("$[\"c d\"]", &doc), [json!(true)]);
        assert_eq!(query("$.a.b[1:3]", &doc), [json!(20), json!(30)]);
        assert_eq!(query("$.a.b[::-2]", &doc), [json!(40), json!(20)]);
        assert_eq!(query("$.a.b[0, 2]", &doc), [json!(10), json!(30)]);
        assert_eq!(query("$.a.b.*", &doc).len(), 4);
        assert_eq!(query("$..b[0]", &doc), [json!(10)]);
        assert_eq!(query("$.x", &doc), Vec::<Value>::new());
        let first = |e: &str| JsonPath::parse(e).unwrap().select_first(&doc).cloned();
        assert_eq!(first("$.a.b[2]"), Some(json!(30)));
        assert_eq!(first("$.a.b[1:]"), Some(json!(20)));
        assert_eq!(first("$.a.b[9:]"), None);
    }

    #[test]
    fn filters_compare_and_call_functions() {
        let doc = json!({ "items": [
            { "kind": "text", "n": 1, "tags": ["a"] },
            { "kind": "image", "n": 2.0, "tags": [] },
            { "kind": "text", "n": 3 }
        ], "min": 2 });
        assert_eq!(
            query("$.items[?@.kind == 'text'].n", &doc),
            [json!(1), json!(3)]
        );
        assert_eq!(
            query("$.items[?@.n >= $.min].n", &doc),
            [json!(2.0), json!(3)]
        );
        assert_eq!(query("$.items[?@.tags].n", &doc), [json!(1), json!(2.0)]);
        assert_eq!(query("$.items[?!@.tags].n", &doc), [json!(3)]);
        assert_eq!(query("$.items[?length(@.tags) == 0].n", &doc), [json!(2.0)]);
        assert_eq!(query("$.items[?count(@.*) == 2].n", &doc), [json!(3)]);
        assert_eq!(
            query("$.items[?match(@.kind, 'te.t')].n", &doc),
            [json!(1), json!(3)]
        );
        assert_eq!(
            query("$.items[?search(@.kind, 'ag')].n", &doc),
            [json!(2.0)]
        );
        assert_eq!(
            query("$.items[?value(@..n) == 3].kind", &doc),
            [json!("text")]
        );
        assert_eq!(
            query(
                "$.items[?(@.n < 2 || @.n > 2) && @.kind != 'image'].n",
                &doc
            ),
            [json!(1), json!(3)]
        );
    }

    #[test]
    fn located_results() {
        let doc = json!({ "a": [{ "b": 1 }, { "b": 2 }] });
        let path = JsonPath::parse("$.a[*].b").unwrap();
        let found: Vec<_> = path
            .select_located(&doc)
            .into_iter()
            .map(|(at, v)| (at.to_normalized(), at.to_pointer(), v.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("$['a'][0]['b']".into(), "/a/0/b".into(), json!(1)),
                ("$['a'][1]['b']".into(), "/a/1/b".into(), json!(2)),
            ]
        );
        let doc = json!({ "a/~": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, { "b": 1 }] });
        let path = JsonPath::parse("$..*").unwrap();
        let located: Vec<(String, &Value)> = path
            .select_located(&doc)
            .into_iter()
            .map(|(at, v)| (format!("/base{}", at.to_pointer()), v))
            .collect();
        assert_eq!(path.select_pointers(&doc, "/base"), located);
        assert!(located.iter().any(|(p, _)| p == "/base/a~1~0/11/b"));
    }

    #[test]
    fn singular_queries() {
        assert!(JsonPath::parse("$.a[0]['b']").unwrap().is_singular());
        assert!(JsonPath::parse("$").unwrap().is_singular());
        assert!(!JsonPath::parse("$.a[*]").unwrap().is_singular());
        assert!(!JsonPath::parse("$..a").unwrap().is_singular());
        assert!(!JsonPath::parse("$[0,1]").unwrap().is_singular());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("$[?{}@.a{}]", "(".repeat(10_000), ")".repeat(10_000));
        assert!(matches!(
            JsonPath::parse(&deep),
            Err(Error::JsonPathSyntax { .. })
        ));
        let filters = format!("${}{}", "[?@".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            JsonPath::parse(&filters),
            Err(Error::JsonPathSyntax { .. })
        ));
        let pattern = format!(
            "$[?match(@, '{}a{}')]",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let path = JsonPath::parse(&pattern).unwrap();
        assert!(path.select(&json!(["a"])).is_empty());
        let nested = format!("$[?{}@.a{}]", "(".repeat(40), ")".repeat(40));
        assert!(JsonPath::parse(&nested).is_ok());
    }

    #[test]
    fn errors_point_at_the_problem_in_characters() {
        assert_eq!(offset("a.b"), 0);
        assert_eq!(offset("$.é.x["), 6);
        assert_eq!(offset("$.ü[?@ == ]"), 10);
        assert_eq!(offset("$[01]"), 2);
        assert_eq!(offset("$[?@.a]  "), 7);
        assert_eq!(offset("$[?length(@.*) > 1]"), 10);
        assert_eq!(offset("$[?match(@.a, 'x') == true]"), 3);
        assert_eq!(offset("$[?count(@.a) ]"), 3);
        assert_eq!(offset("$[?foo(@)]"), 3);
    }
}
