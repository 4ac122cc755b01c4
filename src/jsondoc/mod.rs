//! A JSON document read in place: one flat list of tokens whose strings borrow from the
//! input text (or from a [`serde_json::Value`]). The mapping engine runs on every delivery,
//! and building a `Value` allocates a `String` per string and key and a map per object; a
//! document here costs one `Vec`, and strings are copied only when they hold escapes.
//!
//! [`Node`] is a cheap handle (a slice and an index) to one value of a document; the JSONPath
//! evaluator walks nodes through the [`crate::jsonpath::Json`] trait, and
//! [`Node::to_value`] copies a node out when an owned value is needed.

mod parse;

pub(crate) use parse::parse;
pub use parse::ParseError;

use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// A number as written in the input (already checked against the JSON grammar), or one
/// taken from a `Value`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num<'a> {
    /// The number's text, e.g. `-1.5e3` or an id beyond 2^53.
    Text(&'a str),
    /// A number of a `Value`.
    Value(&'a Number),
}

impl Num<'_> {
    /// The number: integers that `u64` or `i64` hold exactly, others as the nearest `f64`
    /// (as `JSON.parse` rounds; `-0` is `-0.0`, as serde_json reads it); `None` for a number
    /// `f64` cannot hold (such as `1e400`). Rust's float parsing rounds correctly, where
    /// serde_json's default one can miss by a unit in the last place (`-947374824671.8555`).
    pub(crate) fn to_number(self) -> Option<Number> {
        match self {
            Num::Text(text) => {
                if !text.contains(['.', 'e', 'E']) {
                    if let Ok(n) = text.parse::<u64>() {
                        return Some(n.into());
                    }
                    if let Ok(n) = text.parse::<i64>() {
                        if n != 0 {
                            return Some(n.into());
                        }
                    }
                }
                text.parse::<f64>().ok().and_then(Number::from_f64)
            }
            Num::Value(n) => Some(n.clone()),
        }
    }
}

/// One token of a document. Containers are followed by their contents and know where they
/// end, so a reader skips a whole value in one step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(Num<'a>),
    /// A string, unescaped (borrowed unless it held escapes).
    Str(Cow<'a, str>),
    /// An array of `len` items; `end` is the index of the first token after it.
    Arr { len: u32, end: u32 },
    /// An object of `len` members, each a [`Tok::Key`] and then its value; `end` is the index
    /// of the first token after it.
    Obj { len: u32, end: u32 },
    /// A member name (only right after an `Obj` or after a member's value).
    Key(Cow<'a, str>),
}

/// A parsed document: its tokens, the root value first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc<'a> {
    toks: Vec<Tok<'a>>,
}

impl<'a> Doc<'a> {
    /// A document of `toks` (from the parser, which checks their structure).
    pub(crate) fn from_toks(toks: Vec<Tok<'a>>) -> Doc<'a> {
        Doc { toks }
    }

    /// Parses `input` as one strict JSON (RFC 8259) text: accepts exactly what
    /// `serde_json::from_slice::<Value>` accepts (nesting up to 127 deep), with strings and
    /// numbers borrowing from `input` unless a string holds escapes.
    pub fn parse(input: &'a [u8]) -> Result<Doc<'a>, ParseError> {
        parse(input)
    }

    /// A document borrowing the strings and numbers of `value`.
    pub fn from_value(value: &'a Value) -> Doc<'a> {
        let mut toks = Vec::new();
        push_value(value, &mut toks);
        Doc { toks }
    }

    /// The root value; `None` only for an empty document (never made by the parser).
    pub fn root(&self) -> Option<Node<'_>> {
        (!self.toks.is_empty()).then_some(Node {
            toks: &self.toks,
            at: 0,
        })
    }
}

fn push_value<'a>(value: &'a Value, toks: &mut Vec<Tok<'a>>) {
    match value {
        Value::Null => toks.push(Tok::Null),
        Value::Bool(b) => toks.push(Tok::Bool(*b)),
        Value::Number(n) => toks.push(Tok::Num(Num::Value(n))),
        Value::String(s) => toks.push(Tok::Str(Cow::Borrowed(s))),
        Value::Array(items) => {
            let at = toks.len();
            toks.push(Tok::Arr { len: 0, end: 0 });
            for item in items {
                push_value(item, toks);
            }
            close(toks, at, false, count(items.len()));
        }
        Value::Object(members) => {
            let at = toks.len();
            toks.push(Tok::Obj { len: 0, end: 0 });
            for (key, member) in members {
                toks.push(Tok::Key(Cow::Borrowed(key)));
                push_value(member, toks);
            }
            close(toks, at, true, count(members.len()));
        }
    }
}

/// Writes the final count and end into the container token at `at`, whose contents are the
/// tokens after it.
fn close(toks: &mut [Tok<'_>], at: usize, obj: bool, len: u32) {
    let end = count(toks.len());
    if let Some(tok) = toks.get_mut(at) {
        *tok = if obj {
            Tok::Obj { len, end }
        } else {
            Tok::Arr { len, end }
        };
    }
}

/// A token count or index as stored (documents are far below 4 G tokens: the wasm memory
/// itself is 4 GiB).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a node is, with its scalar contents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind<'v> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number,
    /// A string.
    Str(&'v str),
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind<'_> {
    /// The JSON type name, as problems report it.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number => "number",
            Kind::Str(_) => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

/// One value of a [`Doc`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'v> {
    toks: &'v [Tok<'v>],
    at: usize,
}

impl<'v> Node<'v> {
    fn tok(self) -> Option<&'v Tok<'v>> {
        self.toks.get(self.at)
    }

    /// Index of the first token after this value.
    fn end(self) -> usize {
        match self.tok() {
            Some(Tok::Arr { end, .. } | Tok::Obj { end, .. }) => *end as usize,
            _ => self.at + 1,
        }
    }

    /// What the node is.
    pub fn kind(self) -> Kind<'v> {
        match self.tok() {
            Some(Tok::Bool(b)) => Kind::Bool(*b),
            Some(Tok::Num(_)) => Kind::Number,
            Some(Tok::Str(s) | Tok::Key(s)) => Kind::Str(s),
            Some(Tok::Arr { .. }) => Kind::Array,
            Some(Tok::Obj { .. }) => Kind::Object,
            Some(Tok::Null) | None => Kind::Null,
        }
    }

    /// The string, for a string node.
    pub fn as_str(self) -> Option<&'v str> {
        match self.tok() {
            Some(Tok::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The number, for a number node.
    pub(crate) fn as_num(self) -> Option<Num<'v>> {
        match self.tok() {
            Some(Tok::Num(n)) => Some(*n),
            _ => None,
        }
    }

    /// Whether the node is `null`.
    pub fn is_null(self) -> bool {
        matches!(self.tok(), Some(Tok::Null))
    }

    /// The number of items of an array or members of an object (0 for anything else).
    pub fn len(self) -> usize {
        match self.tok() {
            Some(Tok::Arr { len, .. } | Tok::Obj { len, .. }) => *len as usize,
            _ => 0,
        }
    }

    /// Whether an array or object is empty (true for anything else).
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The items of an array, in order (none for anything else).
    pub fn items(self) -> Items<'v> {
        let (next, left) = match self.tok() {
            Some(Tok::Arr { len, .. }) => (self.at + 1, *len as usize),
            _ => (self.at, 0),
        };
        Items {
            toks: self.toks,
            next,
            left,
        }
    }

    /// The item at `index` of an array.
    pub fn item(self, index: usize) -> Option<Node<'v>> {
        if index >= self.len() {
            return None;
        }
        self.items().nth(index)
    }

    /// The members of an object in document order (none for anything else).
    pub fn members(self) -> Members<'v> {
        let (next, left) = match self.tok() {
            Some(Tok::Obj { len, .. }) => (self.at + 1, *len as usize),
            _ => (self.at, 0),
        };
        Members {
            toks: self.toks,
            next,
            left,
        }
    }

    /// The member `name` of an object, with the name as stored. With a name given twice, the
    /// last one counts (as when parsing into a `Value`).
    pub fn get(self, name: &str) -> Option<(&'v str, Node<'v>)> {
        let want = name.as_bytes();
        let mut found = None;
        // Length and first byte before the whole name: most members differ there, and a full
        // comparison is a call (in wasm, a byte loop).
        for (key, value) in self.members() {
            let k = key.as_bytes();
            if k.len() == want.len() && k.first() == want.first() && k == want {
                found = Some((key, value));
            }
        }
        found
    }

    /// The JSON type name, as problems report it.
    pub fn type_name(self) -> &'static str {
        self.kind().type_name()
    }

    /// Whether the node equals `value` as two `Value`s compare (numbers by their parsed form,
    /// so `1` is not `1.0`), without copying the node.
    pub fn equals(self, value: &Value) -> bool {
        match (self.kind(), value) {
            (Kind::Null, Value::Null) => true,
            (Kind::Bool(a), Value::Bool(b)) => a == *b,
            (Kind::Number, Value::Number(n)) => {
                self.as_num().and_then(Num::to_number).as_ref() == Some(n)
            }
            (Kind::Str(a), Value::String(b)) => a == b,
            (Kind::Array, Value::Array(items)) => {
                self.len() == items.len()
                    && self
                        .items()
                        .zip(items)
                        .all(|(node, item)| node.equals(item))
            }
            (Kind::Object, Value::Object(members)) => {
                self.len() == members.len()
                    && members.iter().all(|(key, member)| {
                        self.get(key).is_some_and(|(_, node)| node.equals(member))
                    })
            }
            _ => false,
        }
    }

    /// The JSON Pointer of `target`, a node of the same document, from this node; `None`
    /// when `target` is not this node or inside it. Found by descending through the
    /// containers that hold `target` (a member named twice gives the same pointer for both).
    pub(crate) fn pointer_to(self, target: Node<'v>) -> Option<String> {
        let inside = |node: Node<'v>| (node.at..node.end()).contains(&target.at);
        if !std::ptr::eq(self.toks, target.toks) || !inside(self) {
            return None;
        }
        let mut pointer = String::new();
        let mut node = self;
        while node.at != target.at {
            node = match node.kind() {
                Kind::Array => {
                    let (i, item) = node.items().enumerate().find(|(_, item)| inside(*item))?;
                    crate::jsonpath::location::push_index(&mut pointer, i);
                    item
                }
                Kind::Object => {
                    let (key, member) = node.members().find(|(_, member)| inside(*member))?;
                    crate::jsonpath::location::push_token(&mut pointer, key);
                    member
                }
                _ => return None,
            };
        }
        Some(pointer)
    }

    /// A copy as a `Value`. Numbers outside what `f64` holds become `null`.
    pub fn to_value(self) -> Value {
        match self.tok() {
            Some(Tok::Bool(b)) => Value::Bool(*b),
            Some(Tok::Num(n)) => n.to_number().map_or(Value::Null, Value::Number),
            Some(Tok::Str(s) | Tok::Key(s)) => Value::String(s.to_string()),
            Some(Tok::Arr { .. }) => Value::Array(self.items().map(Node::to_value).collect()),
            Some(Tok::Obj { .. }) => {
                let mut map = Map::new();
                for (key, member) in self.members() {
                    map.insert(key.to_owned(), member.to_value());
                }
                Value::Object(map)
            }
            Some(Tok::Null) | None => Value::Null,
        }
    }
}

/// The items of an array node.
#[derive(Debug, Clone)]
pub struct Items<'v> {
    toks: &'v [Tok<'v>],
    next: usize,
    left: usize,
}

impl<'v> Iterator for Items<'v> {
    type Item = Node<'v>;

    fn next(&mut self) -> Option<Node<'v>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let node = Node {
            toks: self.toks,
            at: self.next,
        };
        self.next = node.end();
        Some(node)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// The members of an object node.
#[derive(Debug, Clone)]
pub struct Members<'v> {
    toks: &'v [Tok<'v>],
    next: usize,
    left: usize,
}

impl<'v> Iterator for Members<'v> {
    type Item = (&'v str, Node<'v>);

    fn next(&mut self) -> Option<(&'v str, Node<'v>)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let key = match self.toks.get(self.next) {
            Some(Tok::Key(key)) => key,
            _ => {
                self.left = 0;
                return None;
            }
        };
        let node = Node {
            toks: self.toks,
            at: self.next + 1,
        };
        self.next = node.end();
        Some((key, node))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_document_from_a_value_reads_back_the_same() {
        let value = json!({"a": [1, {"b": null}, "x"], "c": {"d": true, "e": 2.5}, "f": []});
        let doc = Doc::from_value(&value);
        let root = doc.root().unwrap();
        assert_eq!(root.to_value(), value);
        assert_eq!(root.len(), 3);
        let (_, a) = root.get("a").unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a.item(2).unwrap().as_str(), Some("x"));
        assert!(a.item(1).unwrap().get("b").unwrap().1.is_null());
        assert!(a.item(3).is_none());
        assert_eq!(
            root.get("c").unwrap().1.get("e").unwrap().1.kind(),
            Kind::Number
        );
        assert!(root.get("f").unwrap().1.is_empty());
        assert!(root.get("g").is_none());
        // A name given twice: the last value, as serde_json keeps it.
        let doc = Doc::parse(br#"{"a": 1, "ab": 2, "a": 3}"#).unwrap();
        let (_, a) = doc.root().unwrap().get("a").unwrap();
        assert_eq!(a.to_value(), json!(3));
    }

    #[test]
    fn numbers_read_as_json_parse_rounds_them_and_integers_exactly() {
        let num = |text: &str| Num::Text(text).to_number().map(|n| n.to_string());
        assert_eq!(
            num("-947374824671.8555").as_deref(),
            Some("-947374824671.8555")
        );
        assert_eq!(
            num("18446744073709551615").as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(
            num("-9223372036854775808").as_deref(),
            Some("-9223372036854775808")
        );
        assert_eq!(
            num("18446744073709551616").as_deref(),
            Some("1.8446744073709552e+19")
        );
        assert_eq!(num("-0").as_deref(), Some("-0.0"));
        assert_eq!(num("0").as_deref(), Some("0"));
        assert_eq!(num("1E2").as_deref(), Some("100.0"));
        assert_eq!(num("1e400"), None);
    }

    #[test]
    fn pointers_descend_to_a_node_through_items_and_escaped_names() {
        let doc = Doc::parse(br#"{"a/b": [0, {"~": "x"}], "c": 1}"#).unwrap();
        let root = doc.root().unwrap();
        let list = root.get("a/b").unwrap().1;
        let x = list.item(1).unwrap().get("~").unwrap().1;
        assert_eq!(root.pointer_to(x).as_deref(), Some("/a~1b/1/~0"));
        assert_eq!(list.pointer_to(x).as_deref(), Some("/1/~0"));
        assert_eq!(root.pointer_to(root).as_deref(), Some(""));
        assert_eq!(x.pointer_to(root), None);
        let other = Doc::parse(b"[1]").unwrap();
        assert_eq!(root.pointer_to(other.root().unwrap()), None);
    }
}
