//! The closed set of transforms a field's `pipe` may name, how each is read from a spec and
//! how each treats missing, null and values of the wrong type (MAPPING.md, "Transforms").
//!
//! Missing stays missing and null passes through every transform except `omitIfEmpty`
//! (which makes null missing) and `redact`/`first`/`last` (which leave it as is). The
//! per-value transforms apply to each element of an array; an element of the wrong type
//! is dropped with a warning, the rest go on.

use super::dates::{self, DateFormat};
use super::eval::Ctx;
use super::path::{self, ScopeNames, ScopedPath};
use super::pointer::type_name;
use super::problem::{at, Problems};
use crate::error::ProblemCode;
use crate::identity::normalize;
use crate::jsondoc::{Kind, Node};
use crate::jsonpath::JsonPath;
use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};

/// One compiled transform.
#[derive(Debug, Clone)]
pub(crate) enum Transform {
    Trim,
    Lower,
    Upper,
    Title,
    Collapse,
    Split(String),
    Join(String),
    Replace {
        find: String,
        with: String,
    },
    Email,
    Phone(Option<String>),
    NameSplit,
    Date(DateFormat),
    Number,
    Boolean,
    String,
    Map {
        table: Map<String, Value>,
        fallback: Option<Value>,
    },
    Lookup(Box<ScopedPath>),
    /// The first element of the array `within` selects whose value at one of the `by` paths
    /// (relative to the element) equals the key exactly.
    LookupIn {
        within: Box<ScopedPath>,
        by: Vec<JsonPath>,
    },
    Get(Box<JsonPath>),
    /// An array of entries to an object: `key` and `value` paths relative to each element
    /// (`value` alternatives, first non-empty wins); elements without either are left out.
    ToObject {
        key: Box<JsonPath>,
        value: Vec<JsonPath>,
    },
    Hash,
    Redact,
    Json,
    First,
    Last,
    OmitIfEmpty,
}

/// The names a spec may use, for messages.
pub(crate) const NAMES: &str = "trim, lower, upper, title, collapse, split, join, replace, \
    email, phone, nameSplit, date, number, boolean, string, map, lookup, get, toObject, hash, \
    redact, json, first, last, omitIfEmpty";

/// A step of a pipe: the transform, its name (for traces) and where it is in the spec.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub transform: Transform,
    pub name: &'static str,
    pub pointer: String,
}

/// Why a value could not be transformed.
#[derive(Debug, Clone)]
pub(crate) struct Fail {
    pub message: String,
    pub value_type: &'static str,
}

fn fail(message: impl Into<String>, value: &Value) -> Fail {
    Fail {
        message: message.into(),
        value_type: type_name(value),
    }
}

/// Reads one pipe step: `"trim"` or `{ "name": argument }`.
pub(crate) fn parse(
    spec: &Value,
    pointer: &str,
    names: ScopeNames<'_>,
    problems: &mut Problems,
) -> Option<Step> {
    let (name, arg, arg_pointer) = match spec {
        Value::String(name) => (name.as_str(), None, pointer.to_owned()),
        Value::Object(map) if map.len() == 1 => {
            let (name, arg) = map.iter().next()?;
            (
                name.as_str(),
                Some(arg),
                super::pointer::push(pointer, name),
            )
        }
        other => {
            problems.push(
                at(ProblemCode::Transform, pointer)
                    .value_type(other)
                    .message("a transform is a name (\"trim\") or an object with one key ({ \"split\": \",\" })"),
            );
            return None;
        }
    };
    let bad = |problems: &mut Problems, what: &str| {
        let mut p = at(ProblemCode::Transform, &arg_pointer).message(format!("{name}: {what}"));
        if let Some(arg) = arg {
            p = p.value_type(arg);
        }
        problems.push(p);
    };
    let no_arg = |t: Transform, problems: &mut Problems| match arg {
        None => Some(t),
        Some(_) => {
            bad(problems, "takes no argument; write it as a plain name");
            None
        }
    };
    let text_arg = |problems: &mut Problems, allow_empty: bool| match arg {
        Some(Value::String(s)) if allow_empty || !s.is_empty() => Some(s.clone()),
        _ => {
            bad(problems, "expects a non-empty string argument");
            None
        }
    };
    let transform = match name {
        "trim" => no_arg(Transform::Trim, problems)?,
        "lower" => no_arg(Transform::Lower, problems)?,
        "upper" => no_arg(Transform::Upper, problems)?,
        "title" => no_arg(Transform::Title, problems)?,
        "collapse" => no_arg(Transform::Collapse, problems)?,
        "email" => no_arg(Transform::Email, problems)?,
        "nameSplit" => no_arg(Transform::NameSplit, problems)?,
        "number" => no_arg(Transform::Number, problems)?,
        "boolean" => no_arg(Transform::Boolean, problems)?,
        "string" => no_arg(Transform::String, problems)?,
        "hash" => no_arg(Transform::Hash, problems)?,
        "redact" => no_arg(Transform::Redact, problems)?,
        "json" => no_arg(Transform::Json, problems)?,
        "first" => no_arg(Transform::First, problems)?,
        "last" => no_arg(Transform::Last, problems)?,
        "omitIfEmpty" => no_arg(Transform::OmitIfEmpty, problems)?,
        "split" => Transform::Split(text_arg(problems, false)?),
        "join" => Transform::Join(text_arg(problems, true)?),
        "replace" => {
            let find = arg.and_then(|a| a.get("find")).and_then(Value::as_str);
            let with = arg.and_then(|a| a.get("with")).and_then(Value::as_str);
            let extra = arg
                .and_then(Value::as_object)
                .is_some_and(|m| m.keys().any(|k| k != "find" && k != "with"));
            match (find, with) {
                (Some(find), Some(with)) if !find.is_empty() && !extra => Transform::Replace {
                    find: find.to_owned(),
                    with: with.to_owned(),
                },
                _ => {
                    bad(
                        problems,
                        "expects { \"find\": non-empty string, \"with\": string }",
                    );
                    return None;
                }
            }
        }
        "phone" => match arg {
            None => Transform::Phone(None),
            Some(Value::Object(m))
                if m.keys().all(|k| k == "region")
                    && m.get("region").is_none_or(|r| {
                        r.as_str().is_some_and(|r| {
                            r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic())
                        })
                    }) =>
            {
                Transform::Phone(
                    m.get("region")
                        .and_then(Value::as_str)
                        .map(str::to_ascii_uppercase),
                )
            }
            Some(_) => {
                bad(
                    problems,
                    "expects { \"region\": a two-letter region such as \"GB\" }",
                );
                return None;
            }
        },
        "date" => match arg {
            None => Transform::Date(DateFormat::Auto),
            Some(Value::String(f)) => match DateFormat::from_name(f) {
                Some(format) => Transform::Date(format),
                None => {
                    bad(
                        problems,
                        &format!("unknown format; expected one of {}", DateFormat::NAMES),
                    );
                    return None;
                }
            },
            Some(_) => {
                bad(
                    problems,
                    &format!("expects a format name: {}", DateFormat::NAMES),
                );
                return None;
            }
        },
        "map" => {
            let table = arg.and_then(|a| a.get("table")).and_then(Value::as_object);
            let extra = arg
                .and_then(Value::as_object)
                .is_some_and(|m| m.keys().any(|k| k != "table" && k != "fallback"));
            match table {
                Some(table) if !extra => Transform::Map {
                    table: table.clone(),
                    fallback: arg.and_then(|a| a.get("fallback")).cloned(),
                },
                _ => {
                    bad(
                        problems,
                        "expects { \"table\": { from: to }, \"fallback\"?: value }",
                    );
                    return None;
                }
            }
        }
        "lookup" => match arg {
            Some(Value::String(text)) => Transform::Lookup(Box::new(path::parse(
                text,
                names,
                &arg_pointer,
                0,
                problems,
            )?)),
            Some(Value::Object(map)) => lookup_in(map, &arg_pointer, names, problems)?,
            _ => {
                bad(
                    problems,
                    "expects a path to the object to look the value up in, or \
                     { \"in\": path to an array, \"by\": path or [paths] in each element }",
                );
                return None;
            }
        },
        "get" => match arg {
            Some(Value::String(text)) => match JsonPath::parse(text) {
                Ok(query) => Transform::Get(Box::new(query)),
                Err(_) => {
                    // Reuse the scoped parser for a located problem.
                    path::parse(text, &[], &arg_pointer, 0, problems);
                    return None;
                }
            },
            _ => {
                bad(
                    problems,
                    "expects a path relative to the value, such as \"$.name\"",
                );
                return None;
            }
        },
        "toObject" => {
            let Some(Value::Object(map)) = arg else {
                bad(
                    problems,
                    "expects { \"key\": path, \"value\": path or [paths] }",
                );
                return None;
            };
            let relative = |text: &Value, at_pointer: &str, problems: &mut Problems| {
                let parsed = text.as_str().map(JsonPath::parse);
                match parsed {
                    Some(Ok(query)) => Some(query),
                    Some(Err(_)) => {
                        // The scoped parser reports the located problem.
                        text.as_str()
                            .and_then(|t| path::parse(t, &[], at_pointer, 0, problems));
                        None
                    }
                    None => {
                        problems.push(
                            at(ProblemCode::Transform, at_pointer)
                                .value_type(text)
                                .message("toObject: expected a path relative to the element"),
                        );
                        None
                    }
                }
            };
            let key_pointer = super::pointer::push(&arg_pointer, "key");
            let value_pointer = super::pointer::push(&arg_pointer, "value");
            let key = match map.get("key") {
                Some(k) => relative(k, &key_pointer, problems),
                None => {
                    bad(problems, "needs a \"key\" path");
                    None
                }
            };
            let value = match map.get("value") {
                Some(v) => path_list(v, &value_pointer, problems, relative),
                None => {
                    bad(problems, "needs a \"value\" path");
                    None
                }
            };
            if let Some(extra) = map.keys().find(|k| *k != "key" && *k != "value") {
                bad(
                    problems,
                    &format!("unknown key {extra:?}; expected key and value"),
                );
                return None;
            }
            Transform::ToObject {
                key: Box::new(key?),
                value: value?,
            }
        }
        other => {
            problems.push(at(ProblemCode::Transform, pointer).message(format!(
                "unknown transform {other:?}; expected one of {NAMES}"
            )));
            return None;
        }
    };
    Some(Step {
        name: static_name(&transform),
        transform,
        pointer: pointer.to_owned(),
    })
}

fn static_name(t: &Transform) -> &'static str {
    match t {
        Transform::Trim => "trim",
        Transform::Lower => "lower",
        Transform::Upper => "upper",
        Transform::Title => "title",
        Transform::Collapse => "collapse",
        Transform::Split(_) => "split",
        Transform::Join(_) => "join",
        Transform::Replace { .. } => "replace",
        Transform::Email => "email",
        Transform::Phone(_) => "phone",
        Transform::NameSplit => "nameSplit",
        Transform::Date(_) => "date",
        Transform::Number => "number",
        Transform::Boolean => "boolean",
        Transform::String => "string",
        Transform::Map { .. } => "map",
        Transform::Lookup(_) | Transform::LookupIn { .. } => "lookup",
        Transform::Get(_) => "get",
        Transform::ToObject { .. } => "toObject",
        Transform::Hash => "hash",
        Transform::Redact => "redact",
        Transform::Json => "json",
        Transform::First => "first",
        Transform::Last => "last",
        Transform::OmitIfEmpty => "omitIfEmpty",
    }
}

/// True for `""`, `[]`, `{}` and null (missing is `None` and empty too).
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

impl Transform {
    /// Applies the transform. `Err` means the whole value was of the wrong type; `failures`
    /// collects the array elements that were dropped.
    pub(crate) fn apply(
        &self,
        value: Option<Value>,
        ctx: &Ctx<'_>,
        failures: &mut Vec<Fail>,
    ) -> Result<Option<Value>, Fail> {
        let Some(value) = value else {
            return Ok(None);
        };
        match self {
            Transform::OmitIfEmpty => Ok((!is_empty(&value)).then_some(value)),
            Transform::Redact => Ok(Some(if is_empty(&value) {
                value
            } else {
                Value::String("[redacted]".into())
            })),
            Transform::First | Transform::Last => match value {
                Value::Array(mut items) => Ok(if matches!(self, Transform::First) {
                    (!items.is_empty()).then(|| items.swap_remove(0))
                } else {
                    items.pop()
                }),
                other => Ok(Some(other)),
            },
            Transform::Split(sep) => match value {
                Value::String(s) => Ok(Some(Value::Array(
                    s.split(sep.as_str())
                        .map(|p| Value::String(p.to_owned()))
                        .collect(),
                ))),
                Value::Null => Ok(Some(Value::Null)),
                other => Err(fail("split expects a string", &other)),
            },
            Transform::Join(sep) => match value {
                Value::Array(items) => {
                    let mut parts = Vec::with_capacity(items.len());
                    for item in &items {
                        match item {
                            Value::String(s) => parts.push(s.as_str()),
                            Value::Null => {}
                            other => return Err(fail("join expects an array of strings", other)),
                        }
                    }
                    Ok(Some(Value::String(parts.join(sep))))
                }
                Value::String(s) => Ok(Some(Value::String(s))),
                Value::Null => Ok(Some(Value::Null)),
                other => Err(fail("join expects an array of strings", &other)),
            },
            Transform::Get(query) => match &value {
                Value::Null => Ok(Some(Value::Null)),
                _ => Ok(select_value(query.as_ref(), &value)),
            },
            Transform::ToObject { key, value: paths } => match value {
                Value::Array(items) => {
                    let mut object = Map::new();
                    for item in &items {
                        let name = select_value(key, item);
                        let Some(name) = name.as_ref().and_then(scalar_key) else {
                            continue;
                        };
                        let found = paths
                            .iter()
                            .filter_map(|path| select_value(path, item))
                            .find(|v| !is_empty(v));
                        if let Some(found) = found {
                            object.insert(name.into_owned(), found);
                        }
                    }
                    Ok(Some(Value::Object(object)))
                }
                Value::Null => Ok(Some(Value::Null)),
                other => Err(fail("toObject expects an array of entries", &other)),
            },
            // Everything else works on one value at a time.
            _ => match value {
                Value::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        match self.apply_one(item, ctx) {
                            Ok(Some(v)) => out.push(v),
                            Ok(None) => {}
                            Err(f) => failures.push(f),
                        }
                    }
                    Ok(Some(Value::Array(out)))
                }
                value => self.apply_one(value, ctx),
            },
        }
    }

    fn apply_one(&self, value: Value, ctx: &Ctx<'_>) -> Result<Option<Value>, Fail> {
        if value.is_null() {
            return Ok(Some(Value::Null));
        }
        let string = |s: String| Ok(Some(Value::String(s)));
        match self {
            Transform::Trim => {
                let s = text(&value, "trim")?;
                let trimmed = s.trim();
                // Most values have nothing to trim: keep the string rather than copy it.
                if trimmed.len() == s.len() {
                    Ok(Some(value))
                } else {
                    string(trimmed.to_owned())
                }
            }
            Transform::Lower => string(text(&value, "lower")?.to_lowercase()),
            Transform::Upper => string(text(&value, "upper")?.to_uppercase()),
            Transform::Title => string(title_case(text(&value, "title")?)),
            Transform::Collapse => string(
                text(&value, "collapse")?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Transform::Replace { find, with } => {
                string(text(&value, "replace")?.replace(find.as_str(), with))
            }
            Transform::Email => {
                let s = text(&value, "email")?;
                if s.trim().is_empty() {
                    return Ok(Some(value));
                }
                normalize::canonical_email(s)
                    .map(|e| Some(Value::String(e)))
                    .ok_or_else(|| fail("not an email address", &value))
            }
            Transform::Phone(region) => {
                let s = text(&value, "phone")?;
                if s.trim().is_empty() {
                    return Ok(Some(value));
                }
                normalize::e164(s, region.as_deref())
                    .map(|p| Some(Value::String(p)))
                    .ok_or_else(|| {
                        fail(
                            "not a phone number (E.164 needs a country code or a region)",
                            &value,
                        )
                    })
            }
            Transform::NameSplit => {
                let parts = normalize::split_name(text(&value, "nameSplit")?);
                let mut name = Map::new();
                if let Some(given) = parts.given.filter(|g| !g.is_empty()) {
                    name.insert("given".into(), Value::String(given));
                }
                if let Some(family) = parts.family.filter(|f| !f.is_empty()) {
                    name.insert("family".into(), Value::String(family));
                }
                Ok(Some(Value::Object(name)))
            }
            Transform::Date(format) => {
                if value.as_str().is_some_and(|s| s.trim().is_empty()) {
                    return Ok(Some(value));
                }
                dates::parse(&value, *format)
                    .map(|ms| Some(Value::String(dates::format(ms))))
                    .ok_or_else(|| fail("not a date in the expected format", &value))
            }
            Transform::Number => match value {
                Value::Number(_) => Ok(Some(value)),
                Value::String(ref s) if s.trim().is_empty() => Ok(Some(value)),
                Value::String(ref s) => number(s.trim())
                    .map(|n| Some(Value::Number(n)))
                    .ok_or_else(|| fail("not a number", &value)),
                other => Err(fail("number expects a string or a number", &other)),
            },
            Transform::Boolean => match &value {
                Value::Bool(_) => Ok(Some(value)),
                Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" => Ok(Some(Value::Bool(true))),
                    "false" | "0" | "no" => Ok(Some(Value::Bool(false))),
                    "" => Ok(Some(value)),
                    _ => Err(fail("not a boolean (true/false, 1/0, yes/no)", &value)),
                },
                Value::Number(n) if n.as_f64() == Some(1.0) => Ok(Some(Value::Bool(true))),
                Value::Number(n) if n.as_f64() == Some(0.0) => Ok(Some(Value::Bool(false))),
                other => Err(fail("not a boolean (true/false, 1/0, yes/no)", other)),
            },
            Transform::String => match value {
                Value::String(_) => Ok(Some(value)),
                Value::Number(n) => string(n.to_string()),
                Value::Bool(b) => string(b.to_string()),
                other => Err(fail(
                    "string expects a scalar (use `json` to keep structure)",
                    &other,
                )),
            },
            Transform::Map { table, fallback } => {
                let key = scalar_key(&value)
                    .ok_or_else(|| fail("map expects a string, number or boolean", &value))?;
                Ok(Some(match table.get(key.as_ref()) {
                    Some(to) => to.clone(),
                    None => fallback.clone().unwrap_or(value),
                }))
            }
            Transform::Lookup(path) => {
                let key = scalar_key(&value)
                    .ok_or_else(|| fail("lookup expects a string or number key", &value))?;
                Ok(ctx
                    .select(path)
                    .into_iter()
                    .find_map(|object| object.get(key.as_ref()))
                    .map(|(_, found)| found.to_value()))
            }
            Transform::LookupIn { within, by } => {
                if scalar_key(&value).is_none() {
                    return Err(fail(
                        "lookup expects a string, number or boolean key",
                        &value,
                    ));
                }
                let nodes = ctx.select(within);
                // A singular `in` names the array; any other path selects the elements.
                let found = if within.query.is_singular() {
                    match nodes.first() {
                        None => return Ok(None),
                        Some(array) if array.kind() == Kind::Array => array
                            .items()
                            .find(|element| matches_key(by, *element, &value)),
                        Some(other) => {
                            return Err(Fail {
                                message: format!(
                                    "lookup: \"in\" selects {}, not an array",
                                    other.type_name()
                                ),
                                value_type: other.type_name(),
                            })
                        }
                    }
                } else {
                    nodes
                        .into_iter()
                        .find(|element| matches_key(by, *element, &value))
                };
                Ok(found.map(Node::to_value))
            }
            Transform::Hash => {
                let s = text(&value, "hash")?;
                string(hex(&Sha256::digest(s.as_bytes())))
            }
            Transform::Json => {
                let s = text(&value, "json")?;
                serde_json::from_str(s)
                    .map(Some)
                    .map_err(|e| fail(format!("not JSON: {e}"), &value))
            }
            // Whole-value transforms are handled in `apply`.
            Transform::Split(_)
            | Transform::Join(_)
            | Transform::Get(_)
            | Transform::ToObject { .. }
            | Transform::Redact
            | Transform::First
            | Transform::Last
            | Transform::OmitIfEmpty => Ok(Some(value)),
        }
    }
}

/// Reads `{ "in": path, "by": path or [paths] }`, the array form of `lookup`.
fn lookup_in(
    map: &Map<String, Value>,
    pointer: &str,
    names: ScopeNames<'_>,
    problems: &mut Problems,
) -> Option<Transform> {
    let mut ok = true;
    if let Some(extra) = map.keys().find(|k| *k != "in" && *k != "by") {
        problems.push(
            at(
                ProblemCode::Transform,
                &super::pointer::push(pointer, extra),
            )
            .message(format!("lookup: unknown key {extra:?}; expected in and by")),
        );
        ok = false;
    }
    let in_pointer = super::pointer::push(pointer, "in");
    let within = match map.get("in") {
        Some(Value::String(text)) => path::parse(text, names, &in_pointer, 0, problems),
        Some(other) => {
            problems.push(
                at(ProblemCode::Transform, &in_pointer)
                    .value_type(other)
                    .message("lookup: \"in\" expects a path to an array"),
            );
            None
        }
        None => {
            problems.push(
                at(ProblemCode::Transform, pointer)
                    .message("lookup: needs an \"in\" path to an array"),
            );
            None
        }
    };
    let by_pointer = super::pointer::push(pointer, "by");
    let by = match map.get("by") {
        Some(v) => path_list(v, &by_pointer, problems, key_path),
        None => {
            problems.push(
                at(ProblemCode::Transform, pointer)
                    .message("lookup: needs a \"by\" path relative to each element"),
            );
            None
        }
    };
    match (within, by) {
        (Some(within), Some(by)) if ok => Some(Transform::LookupIn {
            within: Box::new(within),
            by,
        }),
        _ => None,
    }
}

/// One path, or a non-empty list of paths (tried in order), each read by `read`, which
/// records its own problems; `None` when any of them is bad.
fn path_list(
    value: &Value,
    pointer: &str,
    problems: &mut Problems,
    read: impl Fn(&Value, &str, &mut Problems) -> Option<JsonPath>,
) -> Option<Vec<JsonPath>> {
    match value {
        Value::Array(list) if !list.is_empty() => {
            let paths: Vec<JsonPath> = list
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    read(v, &super::pointer::push(pointer, &i.to_string()), problems)
                })
                .collect();
            (paths.len() == list.len()).then_some(paths)
        }
        v => read(v, pointer, problems).map(|q| vec![q]),
    }
}

/// A `by` path: relative to the element and singular, so it names one value to compare.
fn key_path(text: &Value, pointer: &str, problems: &mut Problems) -> Option<JsonPath> {
    let Some(s) = text.as_str() else {
        problems.push(
            at(ProblemCode::Transform, pointer)
                .value_type(text)
                .message("lookup: \"by\" expects a path relative to the element, such as \"$.id\""),
        );
        return None;
    };
    match JsonPath::parse(s) {
        Ok(query) if query.is_singular() => Some(query),
        Ok(_) => {
            problems.push(at(ProblemCode::Transform, pointer).message(
                "lookup: \"by\" must be a singular path (names and indexes only), one value per element",
            ));
            None
        }
        Err(_) => {
            // The scoped parser reports the located problem.
            path::parse(s, &[], pointer, 0, problems);
            None
        }
    }
}

/// True when one of the `by` values of `element` is `key`. Exact JSON equality: `"1"` is not
/// `1`; numbers compare by value (`1` equals `1.0`), integers exactly.
fn matches_key(by: &[JsonPath], element: Node<'_>, key: &Value) -> bool {
    by.iter().any(|path| {
        path.select_first(element)
            .is_some_and(|found| same_scalar(&found.to_value(), key))
    })
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            x.as_f64().is_some_and(|f| Some(f) == y.as_f64())
        }
        _ => a == b,
    }
}

/// The value a relative query selects: one node for a singular query, else the array.
pub(crate) fn select_value(query: &JsonPath, node: &Value) -> Option<Value> {
    let found = query.select(node);
    if query.is_singular() {
        found.first().map(|v| (*v).clone())
    } else if found.is_empty() {
        None
    } else {
        Some(Value::Array(found.into_iter().cloned().collect()))
    }
}

/// The string inside `value`, borrowed; a type failure naming the transform otherwise.
fn text<'v>(value: &'v Value, what: &str) -> Result<&'v str, Fail> {
    value
        .as_str()
        .ok_or_else(|| fail(format!("{what} expects a string"), value))
}

fn scalar_key(value: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match value {
        Value::String(s) => Some(s.as_str().into()),
        Value::Number(n) => Some(n.to_string().into()),
        Value::Bool(b) => Some(b.to_string().into()),
        _ => None,
    }
}

/// Integers stay exact (ids beyond 2^53 keep their digits); others go through f64.
fn number(s: &str) -> Option<Number> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(i.into());
    }
    if let Ok(u) = s.parse::<u64>() {
        return Some(u.into());
    }
    let plain = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !plain {
        return None;
    }
    s.parse::<f64>().ok().and_then(Number::from_f64)
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c.is_whitespace() || c == '-';
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(
            DIGITS.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
        ));
        out.push(char::from(
            DIGITS.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
        ));
    }
    out
}
