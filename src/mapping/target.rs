//! Target fields: `contact.name.full`, `contact.phones[]`, `lead.answers.email`. Targets are
//! checked against the record's shape at compile time (a typo is a problem, not a silently
//! empty field) and values against the field's type at run time, so every record produced
//! deserializes into the types of `crate::records`.

use serde_json::Value;

/// The type of a record field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// `inbound` or `outbound`.
    Direction,
    /// A list of strings.
    StrList,
    /// An object with known fields.
    Obj(&'static Shape),
    /// A list of objects with known fields.
    ObjList(&'static Shape),
    /// An object with free keys (`custom`, `answers`, attachment `data`).
    Free,
    /// Anything (a value inside a free object).
    Any,
}

/// The fields of an object type and the ones it must have.
#[derive(Debug, PartialEq)]
pub(crate) struct Shape {
    pub fields: &'static [(&'static str, Ty)],
    pub required: &'static [&'static str],
}

impl Shape {
    fn field(&self, name: &str) -> Option<Ty> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }
}

static IDENTITY: Shape = Shape {
    fields: &[("platform", Ty::Str), ("scope", Ty::Str), ("id", Ty::Str)],
    required: &["platform", "id"],
};
static NAME: Shape = Shape {
    fields: &[("full", Ty::Str), ("given", Ty::Str), ("family", Ty::Str)],
    required: &[],
};
static HANDLE: Shape = Shape {
    fields: &[("platform", Ty::Str), ("handle", Ty::Str)],
    required: &["platform", "handle"],
};
/// `Contact`.
pub(crate) static CONTACT: Shape = Shape {
    fields: &[
        ("id", Ty::Str),
        ("identities", Ty::ObjList(&IDENTITY)),
        ("name", Ty::Obj(&NAME)),
        ("emails", Ty::StrList),
        ("phones", Ty::StrList),
        ("handles", Ty::ObjList(&HANDLE)),
        ("avatarUrl", Ty::Str),
        ("locale", Ty::Str),
        ("timezone", Ty::Str),
        ("company", Ty::Str),
        ("title", Ty::Str),
        ("custom", Ty::Free),
    ],
    required: &[],
};
static ATTACHMENT: Shape = Shape {
    fields: &[
        ("type", Ty::Str),
        ("url", Ty::Str),
        ("id", Ty::Str),
        ("mimeType", Ty::Str),
        ("data", Ty::Free),
    ],
    required: &["type"],
};
/// `Interaction`.
pub(crate) static INTERACTION: Shape = Shape {
    fields: &[
        ("id", Ty::Str),
        ("platform", Ty::Str),
        ("channel", Ty::Str),
        ("direction", Ty::Direction),
        ("occurredAt", Ty::Str),
        ("text", Ty::Str),
        ("attachments", Ty::ObjList(&ATTACHMENT)),
        ("threadId", Ty::Str),
        ("inReplyTo", Ty::Str),
        ("contact", Ty::Obj(&IDENTITY)),
        ("account", Ty::Str),
    ],
    required: &[],
};
/// `Lead`.
pub(crate) static LEAD: Shape = Shape {
    fields: &[
        ("id", Ty::Str),
        ("platform", Ty::Str),
        ("formId", Ty::Str),
        ("adId", Ty::Str),
        ("campaignId", Ty::Str),
        ("answers", Ty::Free),
        ("contact", Ty::Obj(&CONTACT)),
        ("createdAt", Ty::Str),
    ],
    required: &[],
};
/// `SocialEvent`.
pub(crate) static EVENT: Shape = Shape {
    fields: &[
        ("platform", Ty::Str),
        ("kind", Ty::Str),
        ("account", Ty::Str),
        ("occurredAt", Ty::Str),
        ("contact", Ty::Obj(&CONTACT)),
        ("interaction", Ty::Obj(&INTERACTION)),
        ("lead", Ty::Obj(&LEAD)),
        ("source", Ty::Str),
    ],
    required: &["platform", "kind", "source"],
};

/// A parsed target: the keys to walk, whether it appends, and the type of what is written
/// (the element type when appending).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub text: String,
    pub keys: Vec<String>,
    pub append: bool,
    pub ty: Ty,
}

/// Parses and checks a target against `shape`; `Err` says what is wrong.
pub(crate) fn parse(text: &str, shape: &'static Shape) -> Result<Target, String> {
    let (body, append) = match text.strip_suffix("[]") {
        Some(body) => (body, true),
        None => (text, false),
    };
    if body.is_empty() {
        return Err("empty target".into());
    }
    let keys: Vec<String> = body.split('.').map(str::to_owned).collect();
    let mut ty = Ty::Obj(shape);
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty() {
            return Err(format!("{text:?}: empty key between dots"));
        }
        if key.contains('[') || key.contains(']') {
            return Err(format!(
                "{text:?}: only a trailing [] (append) is allowed in a target"
            ));
        }
        ty = match ty {
            Ty::Obj(shape) => shape.field(key).ok_or_else(|| {
                let names: Vec<&str> = shape.fields.iter().map(|(n, _)| *n).collect();
                format!(
                    "{text:?}: no field {key:?} here; expected one of {}",
                    names.join(", ")
                )
            })?,
            Ty::Free | Ty::Any => Ty::Any,
            Ty::ObjList(_) | Ty::StrList => {
                let list = keys.get(..i).unwrap_or_default().join(".");
                return Err(format!(
                    "{text:?}: {list} is a list; append whole values with \"{list}[]\""
                ));
            }
            Ty::Str | Ty::Direction => {
                let field = keys.get(..i).unwrap_or_default().join(".");
                return Err(format!("{text:?}: {field} is a string, not an object"));
            }
        };
    }
    let ty = if append {
        match ty {
            Ty::StrList => Ty::Str,
            Ty::ObjList(shape) => Ty::Obj(shape),
            Ty::Any => Ty::Any,
            _ => {
                return Err(format!(
                    "{text:?}: [] appends to a list, and this is not one"
                ))
            }
        }
    } else {
        ty
    };
    Ok(Target {
        text: text.to_owned(),
        keys,
        append,
        ty,
    })
}

/// Checks `value` against `ty`; `Err` names what was expected. Values are never converted
/// here: the explicit coercion transforms are the only place a type changes.
pub(crate) fn check(value: &Value, ty: Ty) -> Result<(), String> {
    match (ty, value) {
        (Ty::Any, _) | (Ty::Str, Value::String(_)) | (Ty::Free, Value::Object(_)) => Ok(()),
        (Ty::Direction, Value::String(s)) if s == "inbound" || s == "outbound" => Ok(()),
        (Ty::Direction, _) => Err("\"inbound\" or \"outbound\"".into()),
        (Ty::StrList, Value::Array(items)) => items
            .iter()
            .try_for_each(|v| check(v, Ty::Str))
            .map_err(|_| "a list of strings".into()),
        (Ty::ObjList(shape), Value::Array(items)) => {
            items.iter().try_for_each(|v| check(v, Ty::Obj(shape)))
        }
        (Ty::Obj(shape), Value::Object(map)) => {
            for (key, v) in map {
                let field = shape.field(key).ok_or_else(|| {
                    format!(
                        "an object with the fields {} (not {key:?})",
                        field_names(shape)
                    )
                })?;
                check(v, field).map_err(|e| format!("{key}: {e}"))?;
            }
            match shape.required.iter().find(|k| !map.contains_key(**k)) {
                Some(missing) => Err(format!("an object with {missing:?} set")),
                None => Ok(()),
            }
        }
        (Ty::Str, _) => Err("a string (use the `string` transform to convert)".into()),
        (Ty::StrList, _) => Err("a list of strings".into()),
        (Ty::Obj(shape) | Ty::ObjList(shape), _) => {
            Err(format!("an object with the fields {}", field_names(shape)))
        }
        (Ty::Free, _) => Err("an object".into()),
    }
}

fn field_names(shape: &Shape) -> String {
    shape
        .fields
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_are_checked_against_the_record_shape() {
        let t = parse("contact.name.full", &EVENT).unwrap();
        assert_eq!(t.ty, Ty::Str);
        let t = parse("contact.phones[]", &EVENT).unwrap();
        assert!(t.append);
        assert_eq!(t.ty, Ty::Str);
        let t = parse("lead.answers.favourite_colour", &EVENT).unwrap();
        assert_eq!(t.ty, Ty::Any);
        assert!(parse("contact.nmae.full", &EVENT)
            .unwrap_err()
            .contains("nmae"));
        assert!(parse("contact.identities.id", &EVENT)
            .unwrap_err()
            .contains("[]"));
        assert!(parse("kind[]", &EVENT).is_err());
        assert!(parse("contact..x", &EVENT).is_err());
        assert!(parse("name.full", &CONTACT).is_ok());
    }

    #[test]
    fn values_are_checked_without_coercion() {
        assert!(check(&json!("x"), Ty::Str).is_ok());
        assert!(check(&json!(1), Ty::Str).is_err());
        assert!(check(&json!("sideways"), Ty::Direction).is_err());
        let identity = Ty::Obj(&IDENTITY);
        assert!(check(&json!({"platform": "x", "id": "1"}), identity).is_ok());
        assert!(check(&json!({"platform": "x"}), identity).is_err());
        assert!(check(&json!({"platform": "x", "id": 1}), identity).is_err());
        assert!(check(&json!({"platform": "x", "id": "1", "extra": 1}), identity).is_err());
    }
}
