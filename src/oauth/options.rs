//! JSON in and out: reading the option bags the adapter sends (and provider objects hosts
//! write) with a JSON Pointer to any value of the wrong type, and building result objects.

use crate::error::Error;
use serde_json::{Map, Value};

/// A JSON object read field by field; `path` is its JSON Pointer in the caller's options.
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    map: Option<&'a Map<String, Value>>,
    path: String,
}

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object; `null` reads as an empty one.
    pub fn of(value: &'a Value, path: &str) -> Result<Self, Error> {
        let map = match value {
            Value::Object(map) => Some(map),
            Value::Null => None,
            _ => return Err(invalid(path, "expected an object")),
        };
        Ok(Fields {
            map,
            path: path.to_owned(),
        })
    }

    /// The raw value of `name`; `None` when absent or `null`.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.map?.get(name).filter(|v| !v.is_null())
    }

    /// An error about field `name`.
    pub fn invalid(&self, name: &str, message: &str) -> Error {
        invalid(&format!("{}/{name}", self.path), message)
    }

    /// A required non-empty string.
    pub fn str(&self, name: &str) -> Result<&'a str, Error> {
        match self.opt_str(name)? {
            Some(text) if !text.is_empty() => Ok(text),
            _ => Err(self.invalid(name, "is required")),
        }
    }

    /// An optional string.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(self.invalid(name, "expected a string")),
        }
    }

    /// An optional number ≥ 0, floored (`Date.now() / 1000` works as is).
    pub fn opt_u64(&self, name: &str) -> Result<Option<u64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f >= 0.0) => {
                // `as` saturates; JSON has no NaN or infinities.
                Ok(Some(n.as_u64().unwrap_or(n.as_f64().unwrap_or(0.0) as u64)))
            }
            Some(_) => Err(self.invalid(name, "expected a number ≥ 0")),
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.invalid(name, "expected true or false")),
        }
    }

    /// An optional list of strings; a single string is a one-element list.
    pub fn opt_list(&self, name: &str) -> Result<Option<Vec<&'a str>>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(vec![text])),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    item.as_str()
                        .ok_or_else(|| self.invalid(&format!("{name}/{i}"), "expected a string"))
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(self.invalid(name, "expected an array of strings")),
        }
    }

    /// An optional object of strings, as pairs.
    pub fn opt_pairs(&self, name: &str) -> Result<Vec<(&'a str, &'a str)>, Error> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(key, value)| match value {
                    Value::String(text) => Ok((key.as_str(), text.as_str())),
                    _ => Err(self.invalid(&format!("{name}/{key}"), "expected a string")),
                })
                .collect(),
            Some(_) => Err(self.invalid(name, "expected an object of strings")),
        }
    }

    /// An optional nested object (empty when absent).
    pub fn object(&self, name: &str) -> Result<Fields<'a>, Error> {
        Fields::of(
            self.get(name).unwrap_or(&Value::Null),
            &format!("{}/{name}", self.path),
        )
    }
}

/// An `ERR_INVALID_ARGUMENT` at `path`.
pub fn invalid(path: &str, message: &str) -> Error {
    Error::InvalidArgument {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// A platform id as a string: ids are strings end to end (X ids exceed 2^53), and serde_json
/// keeps the digits of a number some platforms send exact up to 2^64.
pub fn id_string(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON object of the fields that are present.
pub fn object<const N: usize>(fields: [(&str, Option<Value>); N]) -> Value {
    let mut map = Map::new();
    for (name, value) in fields {
        if let Some(value) = value {
            map.insert(name.to_owned(), value);
        }
    }
    Value::Object(map)
}

/// `Some(Value::String)` of an optional string.
pub fn text<S: Into<String>>(value: Option<S>) -> Option<Value> {
    value.map(|s| Value::String(s.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_getters_name_the_option() {
        let value = json!({ "a": "x", "n": 3.7, "list": ["p", 1], "empty": "", "nil": null, "o": { "b": 1 } });
        let fields = Fields::of(&value, "").unwrap();
        assert_eq!(fields.str("a"), Ok("x"));
        assert_eq!(fields.opt_u64("n"), Ok(Some(3)));
        assert_eq!(fields.opt_str("nil"), Ok(None));
        assert_eq!(
            fields.str("empty").unwrap_err().path().as_deref(),
            Some("/empty")
        );
        assert_eq!(
            fields.opt_list("list").unwrap_err().path().as_deref(),
            Some("/list/1")
        );
        assert_eq!(
            fields.str("missing").unwrap_err().code(),
            "ERR_INVALID_ARGUMENT"
        );
        assert_eq!(
            fields
                .object("o")
                .unwrap()
                .opt_str("b")
                .unwrap_err()
                .path()
                .as_deref(),
            Some("/o/b")
        );
        assert!(Fields::of(&json!([1]), "/provider").is_err());
        assert_eq!(
            fields.opt_u64("a").unwrap_err().path().as_deref(),
            Some("/a")
        );
    }

    #[test]
    fn ids_stay_exact_and_objects_skip_absent_fields() {
        let parsed: Value = serde_json::from_str(r#"{"id":17841405793187218}"#).unwrap();
        assert_eq!(
            id_string(&parsed["id"]).as_deref(),
            Some("17841405793187218")
        );
        assert_eq!(id_string(&json!("")), None);
        assert_eq!(
            object([("a", text(Some("x"))), ("b", None)]),
            json!({ "a": "x" })
        );
    }
}
