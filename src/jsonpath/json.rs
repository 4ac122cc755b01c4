//! What the evaluator reads of a document, so one evaluator serves both a `serde_json::Value`
//! (the public API) and a [`Node`] of a document read in place (the mapping engine).

use crate::jsondoc::{Kind, Node};
use serde_json::{Number, Value};

/// A JSON value the evaluator can walk.
pub trait Json<'v>: Copy {
    /// What the value is, with its scalar contents.
    fn kind(self) -> Kind<'v>;
    /// The number, for a number (`None` for anything else).
    fn number(self) -> Option<Number>;
    /// Items of an array or members of an object (0 for anything else).
    fn size(self) -> usize;
    /// The array item at `index`.
    fn item(self, index: usize) -> Option<Self>;
    /// The items of an array, in order.
    fn items(self) -> impl Iterator<Item = Self>;
    /// The member `name` of an object, with the name as the document holds it.
    fn member(self, name: &str) -> Option<(&'v str, Self)>;
    /// The members of an object.
    fn members(self) -> impl Iterator<Item = (&'v str, Self)>;
}

impl<'v> Json<'v> for &'v Value {
    fn kind(self) -> Kind<'v> {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(_) => Kind::Number,
            Value::String(s) => Kind::Str(s),
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
    fn number(self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(n.clone()),
            _ => None,
        }
    }
    fn size(self) -> usize {
        match self {
            Value::Array(items) => items.len(),
            Value::Object(members) => members.len(),
            _ => 0,
        }
    }
    fn item(self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }
    fn items(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }
    fn member(self, name: &str) -> Option<(&'v str, Self)> {
        let (key, value) = self.as_object()?.get_key_value(name)?;
        Some((key.as_str(), value))
    }
    fn members(self) -> impl Iterator<Item = (&'v str, Self)> {
        self.as_object()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), value))
    }
}

impl<'v> Json<'v> for Node<'v> {
    fn kind(self) -> Kind<'v> {
        Node::kind(self)
    }
    fn number(self) -> Option<Number> {
        self.as_num()?.to_number()
    }
    fn size(self) -> usize {
        Node::len(self)
    }
    fn item(self, index: usize) -> Option<Self> {
        Node::item(self, index)
    }
    fn items(self) -> impl Iterator<Item = Self> {
        Node::items(self)
    }
    fn member(self, name: &str) -> Option<(&'v str, Self)> {
        self.get(name)
    }
    fn members(self) -> impl Iterator<Item = (&'v str, Self)> {
        Node::members(self)
    }
}
