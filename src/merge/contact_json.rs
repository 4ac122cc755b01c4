//! Reads an observation's `fields` (a partial [`Contact`]) from JSON by hand, so that every
//! error names the exact value (`/observations/2/fields/emails/1`) and an unknown key is an
//! error instead of a value dropped without a word. (serde's derived reader would also link
//! float printing and several generic readers into the wasm.)

use crate::error::Error;
use crate::records::{Contact, Handle, Identity};
use serde_json::{Map, Value};

/// The contact in `value`; `at` is the JSON Pointer of `value`.
pub(crate) fn contact_from_json(value: &Value, at: &str) -> Result<Contact, Error> {
    let fields = object(
        value,
        at,
        "expected the observed fields as a contact object",
    )?;
    let mut contact = Contact::default();
    for (key, value) in fields {
        let here = format!("{at}/{}", escape(key));
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "id" => contact.id = Some(text(value, &here)?),
            "identities" => {
                contact.identities = list(value, &here, |v, p| {
                    let o = object(v, p, "expected an identity { platform, scope?, id }")?;
                    only(o, p, &["platform", "scope", "id"])?;
                    Ok(Identity {
                        platform: required(o, p, "platform")?,
                        scope: optional(o, p, "scope")?.unwrap_or_default(),
                        id: required(o, p, "id")?,
                    })
                })?
            }
            "name" => {
                let o = object(value, &here, "expected a name { full?, given?, family? }")?;
                only(o, &here, &["full", "given", "family"])?;
                contact.name.full = optional(o, &here, "full")?;
                contact.name.given = optional(o, &here, "given")?;
                contact.name.family = optional(o, &here, "family")?;
            }
            "emails" => contact.emails = list(value, &here, text)?,
            "phones" => contact.phones = list(value, &here, text)?,
            "handles" => {
                contact.handles = list(value, &here, |v, p| {
                    let o = object(v, p, "expected a handle { platform, handle }")?;
                    only(o, p, &["platform", "handle"])?;
                    Ok(Handle {
                        platform: required(o, p, "platform")?,
                        handle: required(o, p, "handle")?,
                    })
                })?
            }
            "avatarUrl" => contact.avatar_url = Some(text(value, &here)?),
            "locale" => contact.locale = Some(text(value, &here)?),
            "timezone" => contact.timezone = Some(text(value, &here)?),
            "company" => contact.company = Some(text(value, &here)?),
            "title" => contact.title = Some(text(value, &here)?),
            "custom" => {
                contact.custom =
                    object(value, &here, "expected an object of custom fields")?.clone()
            }
            _ => {
                return Err(fail(
                    &here,
                    "not a contact field; put integrator fields under custom",
                ))
            }
        }
    }
    Ok(contact)
}

fn fail(at: &str, problem: &str) -> Error {
    Error::MergeObservation {
        path: at.to_owned(),
        problem: problem.to_owned(),
    }
}

fn object<'a>(value: &'a Value, at: &str, problem: &str) -> Result<&'a Map<String, Value>, Error> {
    value.as_object().ok_or_else(|| fail(at, problem))
}

fn only(object: &Map<String, Value>, at: &str, keys: &[&str]) -> Result<(), Error> {
    match object.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(key) => Err(fail(
            &format!("{at}/{}", escape(key)),
            &format!("unknown key; expected {}", keys.join(", ")),
        )),
        None => Ok(()),
    }
}

fn text(value: &Value, at: &str) -> Result<String, Error> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| fail(at, "expected a string (ids and numbers stay strings)"))
}

fn required(object: &Map<String, Value>, at: &str, key: &str) -> Result<String, Error> {
    optional(object, at, key)?.ok_or_else(|| fail(&format!("{at}/{key}"), "expected a string"))
}

fn optional(object: &Map<String, Value>, at: &str, key: &str) -> Result<Option<String>, Error> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => text(value, &format!("{at}/{key}")).map(Some),
    }
}

fn list<T>(
    value: &Value,
    at: &str,
    item: impl Fn(&Value, &str) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    let items = value
        .as_array()
        .ok_or_else(|| fail(at, "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| item(v, &format!("{at}/{i}")))
        .collect()
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_reads() {
        let value = json!({
            "id": "7", "identities": [{ "platform": "x", "id": "1298765432109876543" }, { "platform": "messenger", "scope": "p", "id": "2" }],
            "name": { "full": "Ada Lovelace", "given": "Ada", "family": null }, "emails": ["a@b.co"], "phones": ["+1"],
            "handles": [{ "platform": "x", "handle": "ada" }], "avatarUrl": "u", "locale": "en_GB", "timezone": "Europe/London",
            "company": "C", "title": "T", "custom": { "tier": "gold", "n": 2 }, "locale2": null
        });
        let mut expected = value.clone();
        expected.as_object_mut().unwrap().remove("locale2");
        let ours = contact_from_json(&expected, "").unwrap();
        let serde: Contact = serde_json::from_value(expected).unwrap();
        assert_eq!(ours, serde);
    }

    #[test]
    fn errors_name_the_value() {
        let cases = [
            (json!([]), "/f"),
            (json!({ "emails": "a@b.co" }), "/f/emails"),
            (json!({ "emails": ["a@b.co", 7] }), "/f/emails/1"),
            (
                json!({ "identities": [{ "platform": "x", "id": 12 }] }),
                "/f/identities/0/id",
            ),
            (
                json!({ "identities": [{ "platform": "x" }] }),
                "/f/identities/0/id",
            ),
            (
                json!({ "identities": [{ "platform": "x", "id": "1", "extra": 1 }] }),
                "/f/identities/0/extra",
            ),
            (json!({ "name": "Ada" }), "/f/name"),
            (json!({ "nickname": "Ada" }), "/f/nickname"),
            (json!({ "custom": [] }), "/f/custom"),
        ];
        for (input, path) in cases {
            let err = contact_from_json(&input, "/f").unwrap_err();
            assert_eq!(err.path().as_deref(), Some(path), "{input}");
        }
    }
}
