//! Values and records while a mapping runs. A field that passes a body value through
//! unchanged keeps a handle to it ([`Out::Node`]) and record keys borrow from the spec, so a
//! record costs no copies until it is written: onto a tape (`tape.rs`, the fast path of the JS
//! API's `map`), or as a `Value` for Rust callers.

use super::target::{self, Target, Ty};
use super::transforms::is_empty;
use crate::jsondoc::{Kind, Node};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// A field's value, or a record or part of one.
#[derive(Debug, Clone)]
pub(crate) enum Out<'s, 'a> {
    /// A scalar of the body, as it is there.
    Node(Node<'a>),
    /// A computed value (a template's, a transform's result).
    Value(Value),
    /// A value of the spec (a literal, a default, the platform).
    Spec(&'s Value),
    /// An object built by the mapping; keys are unique.
    Obj(Fields<'s, 'a>),
    /// A list built by the mapping.
    List(Vec<Out<'s, 'a>>),
}

/// The members of an [`Out::Obj`], in the order they were first written.
pub(crate) type Fields<'s, 'a> = Vec<(Cow<'s, str>, Out<'s, 'a>)>;

impl<'s, 'a> Out<'s, 'a> {
    /// A body node: scalars stay borrowed, containers are copied (they are rare as whole
    /// field values, and a `Value` is what the rest of the engine reads them as).
    pub(crate) fn of_node(node: Node<'a>) -> Self {
        match node.kind() {
            Kind::Array | Kind::Object => Out::Value(node.to_value()),
            _ => Out::Node(node),
        }
    }

    /// Null, `""`, `[]` or `{}`: what a field treats as no value.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Out::Node(node) => match node.kind() {
                Kind::Null => true,
                Kind::Str(s) => s.is_empty(),
                _ => false,
            },
            Out::Value(value) => is_empty(value),
            Out::Spec(value) => is_empty(value),
            Out::Obj(fields) => fields.is_empty(),
            Out::List(items) => items.is_empty(),
        }
    }

    /// Whether this is `null` (not missing, not empty).
    pub(crate) fn is_null(&self) -> bool {
        match self {
            Out::Node(node) => node.is_null(),
            Out::Value(value) => value.is_null(),
            Out::Spec(value) => value.is_null(),
            Out::Obj(_) | Out::List(_) => false,
        }
    }

    /// A copy as a `Value` (for traces, messages and rare comparisons).
    pub(crate) fn to_value(&self) -> Value {
        self.clone().into_value()
    }

    /// The value as a `Value`, copying only what is borrowed.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Out::Value(value) => value,
            Out::Obj(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(key, out)| (key.into_owned(), out.into_value()))
                    .collect(),
            ),
            Out::List(items) => Value::Array(items.into_iter().map(Out::into_value).collect()),
            Out::Node(node) => node.to_value(),
            Out::Spec(value) => value.clone(),
        }
    }

    /// The items of a list (see [`is_list`]), else `self` alone.
    pub(crate) fn into_items(self) -> Vec<Out<'s, 'a>> {
        match self {
            Out::List(items) => items,
            Out::Value(Value::Array(items)) => items.into_iter().map(Out::Value).collect(),
            Out::Spec(Value::Array(items)) => items.iter().map(Out::Spec).collect(),
            other => vec![other],
        }
    }

    /// Whether two values are equal as JSON (for appends, which skip a value already there).
    fn same(&self, other: &Out<'_, '_>) -> bool {
        match (self, other) {
            (Out::Node(a), Out::Node(b)) => match (a.kind(), b.kind()) {
                (Kind::Str(x), Kind::Str(y)) => x == y,
                _ => a.to_value() == b.to_value(),
            },
            (Out::Node(node), other) | (other, Out::Node(node)) => match other {
                Out::Value(value) => node.equals(value),
                Out::Spec(value) => node.equals(value),
                _ => node.to_value() == other.to_value(),
            },
            (Out::Value(a), Out::Value(b)) => a == b,
            (a, b) => a.to_value() == b.to_value(),
        }
    }

    /// Checks the value against a field type (`Err` says what was expected), as
    /// [`target::check`] does for a `Value`; common shapes are checked without a copy.
    pub(crate) fn check(&self, ty: Ty) -> Result<(), String> {
        match self {
            Out::Value(value) => target::check(value, ty),
            Out::Spec(value) => target::check(value, ty),
            _ if self.fits(ty) => Ok(()),
            _ => target::check(&self.to_value(), ty),
        }
    }

    /// A quick yes for values that clearly fit `ty`; `false` means "ask `target::check`".
    fn fits(&self, ty: Ty) -> bool {
        match (self, ty) {
            (_, Ty::Any) => true,
            (Out::Node(node), Ty::Str) => matches!(node.kind(), Kind::Str(_)),
            (Out::Value(Value::String(_)) | Out::Spec(Value::String(_)), Ty::Str) => true,
            (Out::Obj(fields), Ty::Obj(shape)) => {
                fields.iter().all(|(key, out)| {
                    shape
                        .fields
                        .iter()
                        .find(|(name, _)| *name == key.as_ref())
                        .is_some_and(|(_, field)| out.fits(*field))
                }) && shape
                    .required
                    .iter()
                    .all(|name| fields.iter().any(|(key, _)| key.as_ref() == *name))
            }
            (Out::Obj(_), Ty::Free) => true,
            (Out::List(items), Ty::StrList) => items.iter().all(|item| item.fits(Ty::Str)),
            _ => false,
        }
    }
}

/// Whether `out` is a list of values (of any kind).
pub(crate) fn is_list(out: &Out<'_, '_>) -> bool {
    matches!(
        out,
        Out::List(_) | Out::Value(Value::Array(_)) | Out::Spec(Value::Array(_))
    )
}

/// The member `key` of `fields`.
pub(crate) fn get<'f, 's, 'a>(fields: &'f Fields<'s, 'a>, key: &str) -> Option<&'f Out<'s, 'a>> {
    fields.iter().find(|(k, _)| k == key).map(|(_, out)| out)
}

fn get_mut<'f, 's, 'a>(fields: &'f mut Fields<'s, 'a>, key: &str) -> Option<&'f mut Out<'s, 'a>> {
    fields
        .iter_mut()
        .find(|(k, _)| k == key)
        .map(|(_, out)| out)
}

/// The slot `key` of `fields`, made with `make` when it is not there (`None` never happens).
fn slot<'f, 's, 'a>(
    fields: &'f mut Fields<'s, 'a>,
    key: Cow<'s, str>,
    make: impl FnOnce() -> Out<'s, 'a>,
) -> Option<&'f mut Out<'s, 'a>> {
    let at = match fields.iter().position(|(k, _)| *k == key) {
        Some(at) => at,
        None => {
            fields.push((key, make()));
            fields.len() - 1
        }
    };
    fields.get_mut(at).map(|(_, out)| out)
}

/// Writes `value` (already checked) at `target` in `record`: objects merge into an object
/// already there, appends skip a value already in the list.
pub(crate) fn write<'s, 'a>(record: &mut Fields<'s, 'a>, target: &'s Target, value: Out<'s, 'a>) {
    let Some((last, parents)) = target.keys.split_last() else {
        return;
    };
    let mut fields = record;
    for key in parents {
        let Some(parent) = slot(fields, Cow::Borrowed(key), || Out::Obj(Vec::new())) else {
            return;
        };
        if !matches!(parent, Out::Obj(_)) {
            *parent = as_obj(std::mem::replace(parent, Out::Obj(Vec::new())));
        }
        let Out::Obj(inner) = parent else { return };
        fields = inner;
    }
    if target.append {
        let Some(list) = slot(fields, Cow::Borrowed(last), || Out::List(Vec::new())) else {
            return;
        };
        if !matches!(list, Out::List(_)) {
            let old = std::mem::replace(list, Out::List(Vec::new()));
            if let (Out::List(items), Out::Value(Value::Array(old))) = (&mut *list, old) {
                items.extend(old.into_iter().map(Out::Value));
            }
        }
        if let Out::List(items) = list {
            if !items.iter().any(|item| item.same(&value)) {
                items.push(value);
            }
        }
        return;
    }
    put(fields, Cow::Borrowed(last), value);
}

/// Sets member `key` to `value`, merging into an object already there.
fn put<'s, 'a>(fields: &mut Fields<'s, 'a>, key: Cow<'s, str>, value: Out<'s, 'a>) {
    match get_mut(fields, &key) {
        Some(existing) if is_object(existing) && is_object(&value) => merge(existing, value),
        Some(existing) => *existing = value,
        None => fields.push((key, value)),
    }
}

fn is_object(out: &Out<'_, '_>) -> bool {
    matches!(
        out,
        Out::Obj(_) | Out::Value(Value::Object(_)) | Out::Spec(Value::Object(_))
    )
}

/// An object value as [`Out::Obj`] (anything else becomes an empty object, as a `Value`
/// record replaced a non-object parent).
fn as_obj<'s, 'a>(out: Out<'s, 'a>) -> Out<'s, 'a> {
    match out {
        Out::Obj(fields) => Out::Obj(fields),
        Out::Value(Value::Object(map)) => Out::Obj(
            map.into_iter()
                .map(|(key, value)| (Cow::Owned(key), Out::Value(value)))
                .collect(),
        ),
        Out::Spec(Value::Object(map)) => Out::Obj(
            map.iter()
                .map(|(key, value)| (Cow::Borrowed(key.as_str()), Out::Spec(value)))
                .collect(),
        ),
        _ => Out::Obj(Vec::new()),
    }
}

/// Merges the object `from` into the object `into`, member by member, deeply.
fn merge<'s, 'a>(into: &mut Out<'s, 'a>, from: Out<'s, 'a>) {
    if !matches!(into, Out::Obj(_)) {
        *into = as_obj(std::mem::replace(into, Out::Obj(Vec::new())));
    }
    let (Out::Obj(fields), Out::Obj(new)) = (into, as_obj(from)) else {
        return;
    };
    for (key, value) in new {
        put(fields, key, value);
    }
}

/// A record as a `Value` object.
pub(crate) fn into_object(fields: Fields<'_, '_>) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(key, out)| (key.into_owned(), out.into_value()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::target::{parse, EVENT};
    use serde_json::json;

    #[test]
    fn writes_nest_merge_and_append_once() {
        let targets = [
            parse("contact.name.full", &EVENT).unwrap(),
            parse("contact.name", &EVENT).unwrap(),
            parse("contact.phones[]", &EVENT).unwrap(),
        ];
        let mut record = Vec::new();
        write(&mut record, &targets[0], Out::Value(json!("Ada L")));
        write(
            &mut record,
            &targets[1],
            Out::Value(json!({"given": "Ada"})),
        );
        for phone in ["+1", "+1", "+2"] {
            write(&mut record, &targets[2], Out::Value(json!(phone)));
        }
        assert_eq!(
            Value::Object(into_object(record)),
            json!({"contact": {"name": {"full": "Ada L", "given": "Ada"}, "phones": ["+1", "+2"]}})
        );
    }
}
