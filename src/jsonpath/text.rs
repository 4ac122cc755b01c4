//! `jsonPathQuery` as the JS adapter calls it: the document arrives as JSON text and the
//! result leaves as JSON text. Text both ways keeps integers beyond 2^53 exact on the Rust
//! side (serde_json holds them as `u64`/`i64`); on the way out they are written as decimal
//! strings unless the caller asks for plain numbers, since `JSON.parse` would round them.

use super::JsonPath;
use crate::error::Error;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// The largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// How results are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// `[{ path, pointer, value }]` instead of `[value]`.
    pub located: bool,
    /// Integers beyond ±(2^53 − 1) as JSON numbers (which JS rounds) instead of strings.
    pub big_integers_as_numbers: bool,
}

/// Runs `expression` over the JSON text `document` and writes the matches as a JSON array.
pub fn query_text(expression: &str, document: &str, options: TextOptions) -> Result<String, Error> {
    let path = JsonPath::parse(expression)?;
    let document: Value =
        serde_json::from_slice(document.as_bytes()).map_err(|err| Error::InvalidArgument {
            path: "/document".into(),
            message: format!("the document is not JSON: {err}"),
        })?;
    let strings = !options.big_integers_as_numbers;
    let written = if options.located {
        let found: Vec<Located<'_>> = path
            .select_located(&document)
            .into_iter()
            .map(|(at, value)| Located {
                path: at.to_normalized(),
                pointer: at.to_pointer(),
                value: Exact { value, strings },
            })
            .collect();
        serde_json::to_string(&found)
    } else {
        let found: Vec<Exact<'_>> = path
            .select(&document)
            .into_iter()
            .map(|value| Exact { value, strings })
            .collect();
        serde_json::to_string(&found)
    };
    written.map_err(|err| Error::InvalidArgument {
        path: "/document".into(),
        message: format!("the result cannot be written as JSON: {err}"),
    })
}

#[derive(serde::Serialize)]
struct Located<'v> {
    path: String,
    pointer: String,
    value: Exact<'v>,
}

/// A value written with its unsafe integers as strings when `strings` is set.
struct Exact<'v> {
    value: &'v Value,
    strings: bool,
}

impl Serialize for Exact<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wrap = |value| Exact {
            value,
            strings: self.strings,
        };
        match self.value {
            Value::Number(n) if self.strings && is_unsafe_integer(n) => serializer.collect_str(n),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&wrap(item))?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (name, member) in members {
                    map.serialize_entry(name, &wrap(member))?;
                }
                map.end()
            }
            Value::Number(n) => n.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Null => serializer.serialize_unit(),
        }
    }
}

fn is_unsafe_integer(n: &serde_json::Number) -> bool {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => u > MAX_SAFE_INTEGER,
        (None, Some(i)) => i.unsigned_abs() > MAX_SAFE_INTEGER,
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integers_keep_their_digits() {
        let doc = r#"{"a":[{"id":12345678901234567890,"n":-9007199254740993,"ok":9007199254740991,"f":1.5}]}"#;
        let plain = query_text("$.a[0]", doc, TextOptions::default()).unwrap();
        assert_eq!(
            plain,
            // serde_json keeps members sorted by name.
            r#"[{"f":1.5,"id":"12345678901234567890","n":"-9007199254740993","ok":9007199254740991}]"#
        );
        let numbers = TextOptions {
            big_integers_as_numbers: true,
            ..TextOptions::default()
        };
        assert_eq!(
            query_text("$.a[0].id", doc, numbers).unwrap(),
            "[12345678901234567890]"
        );
        let located = TextOptions {
            located: true,
            ..TextOptions::default()
        };
        assert_eq!(
            query_text("$.a[0].id", doc, located).unwrap(),
            r#"[{"path":"$['a'][0]['id']","pointer":"/a/0/id","value":"12345678901234567890"}]"#
        );
    }

    #[test]
    fn bad_documents_and_expressions_are_errors() {
        let err = query_text("$", "{", TextOptions::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARGUMENT");
        let err = query_text("$[", "{}", TextOptions::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_JSONPATH_SYNTAX");
    }
}
