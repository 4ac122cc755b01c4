//! The merge's view of a contact: a flat list of `(path, value)` entries, one per scalar field
//! and one per list element, each normalised for comparison (emails canonical, phones E.164,
//! names folded) or rejected as junk or invalid.

use crate::identity::normalize::{
    canonical_email, e164, fold_name, identity_key, is_junk, lowercase,
};
use crate::records::{Contact, Handle, Identity};
use serde_json::Value;

/// Fields holding lists, merged element by element.
const LIST_PATHS: [&str; 4] = ["identities", "emails", "phones", "handles"];

/// Fields holding one value (custom fields are `custom.<key>`).
const SCALAR_PATHS: [&str; 8] = [
    "name.full",
    "name.given",
    "name.family",
    "avatarUrl",
    "locale",
    "timezone",
    "company",
    "title",
];

/// Whether `path` is a list field.
pub fn is_list_path(path: &str) -> bool {
    LIST_PATHS.contains(&path)
}

/// Whether `path` is a single-valued field, custom fields included.
pub fn is_scalar_path(path: &str) -> bool {
    SCALAR_PATHS.contains(&path)
        || path
            .strip_prefix("custom.")
            .is_some_and(|key| !key.is_empty() && key != "*")
}

/// One value an observation holds for a field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub path: String,
    pub value: Value,
}

/// Every value of `contact` as entries, in a fixed path order. `null` custom values are not
/// values (JSON `null` means "not observed").
#[inline(never)]
pub(crate) fn entries(contact: &Contact) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut push = |path: &str, value: Value| {
        out.push(Entry {
            path: path.to_owned(),
            value,
        })
    };
    for identity in &contact.identities {
        push("identities", identity_value(identity));
    }
    for email in &contact.emails {
        push("emails", Value::String(email.clone()));
    }
    for phone in &contact.phones {
        push("phones", Value::String(phone.clone()));
    }
    for handle in &contact.handles {
        push("handles", handle_value(handle));
    }
    let scalars = [
        ("name.full", &contact.name.full),
        ("name.given", &contact.name.given),
        ("name.family", &contact.name.family),
        ("avatarUrl", &contact.avatar_url),
        ("locale", &contact.locale),
        ("timezone", &contact.timezone),
        ("company", &contact.company),
        ("title", &contact.title),
    ];
    for (path, value) in scalars {
        if let Some(value) = value {
            push(path, Value::String(value.clone()));
        }
    }
    for (key, value) in &contact.custom {
        if !value.is_null() {
            push(&format!("custom.{key}"), value.clone());
        }
    }
    out
}

/// A value as the merge compares it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Normalized {
    /// A usable value: `key` compares, `value` is what the golden record shows.
    Value { key: String, value: Value },
    /// An explicit empty string: the source says the field is blank.
    Empty,
    /// Not usable: `junk` (on the block list) or `invalid` (not an email, not a phone, …).
    Rejected(&'static str),
}

/// Normalises one entry's value for its field.
#[inline(never)]
pub(crate) fn normalize(path: &str, value: &Value, region: Option<&str>) -> Normalized {
    let text = value.as_str().map(str::trim);
    match path {
        "emails" => match text.and_then(canonical_email) {
            Some(email) => same(email),
            None => rejected(text),
        },
        "phones" => match text.and_then(|t| e164(t, region)) {
            Some(phone) => same(phone),
            None => rejected(text),
        },
        "identities" => match identity_from(value) {
            Some(i) if !i.platform.trim().is_empty() && !i.id.is_empty() => {
                let identity = Identity {
                    platform: i.platform.trim().to_ascii_lowercase(),
                    ..i
                };
                Normalized::Value {
                    key: identity_key(&identity.platform, &identity.scope, &identity.id),
                    value: identity_value(&identity),
                }
            }
            _ => Normalized::Rejected("invalid"),
        },
        "handles" => match handle_from(value) {
            Some(h) => {
                let handle = h.handle.trim().trim_start_matches('@').to_owned();
                let platform = h.platform.trim().to_ascii_lowercase();
                if handle.is_empty() || platform.is_empty() || is_junk(&handle) {
                    let reason = if is_junk(&handle) { "junk" } else { "invalid" };
                    return Normalized::Rejected(reason);
                }
                // Handles are case-insensitive on the platforms that have them.
                let key = identity_key(&platform, "", &lowercase(&handle));
                Normalized::Value {
                    key,
                    value: handle_value(&Handle { platform, handle }),
                }
            }
            None => Normalized::Rejected("invalid"),
        },
        _ if path.starts_with("custom.") => match value {
            Value::String(s) if s.trim().is_empty() => Normalized::Empty,
            Value::String(s) => Normalized::Value {
                key: Value::String(s.trim().to_owned()).to_string(),
                value: Value::String(s.trim().to_owned()),
            },
            other => Normalized::Value {
                key: other.to_string(),
                value: other.clone(),
            },
        },
        _ => {
            let Some(text) = text else {
                return Normalized::Rejected("invalid");
            };
            if text.is_empty() {
                return Normalized::Empty;
            }
            if is_junk(text) {
                return Normalized::Rejected("junk");
            }
            let key = match path {
                "avatarUrl" | "timezone" => text.to_owned(),
                "locale" => text.to_ascii_lowercase().replace('-', "_"),
                _ => fold_name(text),
            };
            if key.is_empty() {
                return Normalized::Rejected("junk");
            }
            Normalized::Value {
                key,
                value: Value::String(text.to_owned()),
            }
        }
    }
}

// Identities and handles as JSON, built by hand: serde's generic conversions to and from
// `Value` cost several KiB of wasm for these two small records.

fn text_of(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn identity_value(identity: &Identity) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("platform".into(), identity.platform.clone().into());
    map.insert("scope".into(), identity.scope.clone().into());
    map.insert("id".into(), identity.id.clone().into());
    Value::Object(map)
}

fn identity_from(value: &Value) -> Option<Identity> {
    Some(Identity {
        platform: text_of(value, "platform")?,
        scope: text_of(value, "scope").unwrap_or_default(),
        id: text_of(value, "id")?,
    })
}

fn handle_value(handle: &Handle) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("platform".into(), handle.platform.clone().into());
    map.insert("handle".into(), handle.handle.clone().into());
    Value::Object(map)
}

fn handle_from(value: &Value) -> Option<Handle> {
    Some(Handle {
        platform: text_of(value, "platform")?,
        handle: text_of(value, "handle")?,
    })
}

fn same(text: String) -> Normalized {
    Normalized::Value {
        key: text.clone(),
        value: Value::String(text),
    }
}

fn rejected(text: Option<&str>) -> Normalized {
    Normalized::Rejected(if text.is_some_and(is_junk) {
        "junk"
    } else {
        "invalid"
    })
}

/// Writes a surviving scalar value into `contact`.
#[inline(never)]
pub(crate) fn set_scalar(contact: &mut Contact, path: &str, value: Value) {
    let text = || value.as_str().map(str::to_owned);
    match path {
        "name.full" => contact.name.full = text(),
        "name.given" => contact.name.given = text(),
        "name.family" => contact.name.family = text(),
        "avatarUrl" => contact.avatar_url = text(),
        "locale" => contact.locale = text(),
        "timezone" => contact.timezone = text(),
        "company" => contact.company = text(),
        "title" => contact.title = text(),
        _ => {
            if let Some(key) = path.strip_prefix("custom.") {
                contact.custom.insert(key.to_owned(), value);
            }
        }
    }
}

/// Appends a kept list value to `contact`.
#[inline(never)]
pub(crate) fn push_list(contact: &mut Contact, path: &str, value: Value) {
    match path {
        "emails" | "phones" => {
            if let Value::String(s) = value {
                if path == "emails" {
                    contact.emails.push(s);
                } else {
                    contact.phones.push(s);
                }
            }
        }
        "identities" => contact.identities.extend(identity_from(&value)),
        "handles" => contact.handles.extend(handle_from(&value)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(path: &str, value: Value) -> Option<String> {
        match normalize(path, &value, Some("GB")) {
            Normalized::Value { key, .. } => Some(key),
            _ => None,
        }
    }

    #[test]
    fn values_compare_after_normalisation() {
        assert_eq!(
            key("emails", json!("Ada.Love+x@googlemail.com")),
            key("emails", json!("adalove@gmail.com"))
        );
        assert_eq!(
            key("phones", json!("020 7946 0958")),
            Some("+442079460958".into())
        );
        assert_eq!(
            key("name.full", json!("José Núñez")),
            key("name.full", json!("jose NUNEZ"))
        );
        assert_eq!(key("locale", json!("en-GB")), key("locale", json!("en_gb")));
        assert_eq!(
            key(
                "handles",
                json!({ "platform": "Instagram", "handle": "@Ada" })
            ),
            Some("instagram||ada".into())
        );
        assert_ne!(key("custom.n", json!("1")), key("custom.n", json!(1)));
    }

    #[test]
    fn junk_invalid_and_empty() {
        let n = |path: &str, v: Value| normalize(path, &v, None);
        assert_eq!(
            n("emails", json!("test@test.com")),
            Normalized::Rejected("junk")
        );
        assert_eq!(
            n("emails", json!("ada at home")),
            Normalized::Rejected("invalid")
        );
        assert_eq!(
            n("phones", json!("0000000000")),
            Normalized::Rejected("junk")
        );
        assert_eq!(
            n("phones", json!("020 7946 0958")),
            Normalized::Rejected("invalid")
        );
        assert_eq!(n("company", json!("N/A")), Normalized::Rejected("junk"));
        assert_eq!(n("company", json!("  ")), Normalized::Empty);
        assert_eq!(n("custom.x", json!("")), Normalized::Empty);
        assert_eq!(
            n("identities", json!({ "platform": "x", "id": "" })),
            Normalized::Rejected("invalid")
        );
    }

    #[test]
    fn entries_cover_every_field() {
        let contact: Contact = serde_json::from_value(json!({
            "identities": [{ "platform": "x", "id": "1" }], "name": { "full": "A B", "given": "A" },
            "emails": ["a@b.co", "c@d.co"], "phones": ["+442079460958"], "handles": [{ "platform": "x", "handle": "ab" }],
            "avatarUrl": "u", "locale": "en", "timezone": "Z", "company": "C", "title": "T",
            "custom": { "k": 1, "gone": null }
        }))
        .unwrap();
        let paths: Vec<String> = entries(&contact).into_iter().map(|e| e.path).collect();
        assert_eq!(
            paths,
            [
                "identities",
                "emails",
                "emails",
                "phones",
                "handles",
                "name.full",
                "name.given",
                "avatarUrl",
                "locale",
                "timezone",
                "company",
                "title",
                "custom.k"
            ]
        );
    }
}
