//! Reading the rules' fields out of a contact: each path is resolved once into an
//! [`Extract`], and each contact becomes a [`Prepared`] row of normalised values (junk values
//! dropped, duplicates removed, sorted), which is all comparison and blocking look at.

use super::normalize::{canonical_email, e164, fold_name, identity_key, is_junk, split_name};
use super::rules::{FieldKind, Rules};
use crate::records::Contact;
use serde_json::Value;
use std::borrow::Cow;

/// At most this many values of one field take part (a contact listing hundreds of emails
/// would otherwise make each comparison quadratic in them).
const MAX_VALUES: usize = 16;

/// Where a field's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extract {
    /// `/identities`, as `platform|scope|id` keys.
    Identities,
    /// `/emails`.
    Emails,
    /// `/phones`.
    Phones,
    /// `/handles`, as `platform|handle` (handle lower-cased, leading `@` dropped).
    Handles,
    /// `/name/full`, else the parts joined.
    FullName,
    /// `/name/given`, else the given part of `/name/full`.
    GivenName,
    /// `/name/family`, else the family part of `/name/full`.
    FamilyName,
    /// `/company`.
    Company,
    /// `/title`.
    Title,
    /// `/locale`.
    Locale,
    /// `/timezone`.
    Timezone,
    /// `/custom/<key>` then the rest of the pointer inside that value.
    Custom(String, String),
}

impl Extract {
    /// The extraction for a JSON Pointer into the contact, if it names a supported place.
    pub fn from_path(path: &str) -> Option<Self> {
        Some(match path {
            "/identities" => Extract::Identities,
            "/emails" => Extract::Emails,
            "/phones" => Extract::Phones,
            "/handles" => Extract::Handles,
            "/name/full" => Extract::FullName,
            "/name/given" => Extract::GivenName,
            "/name/family" => Extract::FamilyName,
            "/company" => Extract::Company,
            "/title" => Extract::Title,
            "/locale" => Extract::Locale,
            "/timezone" => Extract::Timezone,
            _ => {
                let rest = path.strip_prefix("/custom/")?;
                let (key, inner) = match rest.split_once('/') {
                    Some((key, inner)) => (key, format!("/{inner}")),
                    None => (rest, String::new()),
                };
                let key = key.replace("~1", "/").replace("~0", "~");
                if key.is_empty() {
                    return None;
                }
                Extract::Custom(key, inner)
            }
        })
    }
}

/// A contact reduced to the rules' fields, packed into three allocations so that a bulk run
/// over a million rows touches little memory per comparison: all values in one string, and
/// one table of offsets (per field, where its values start among the values; then where each
/// value ends in the string). Within a field, values are sorted and unique.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prepared {
    /// The contact's `id`, when it has one.
    pub id: Option<Box<str>>,
    text: Box<str>,
    /// The number of fields; `fields + 1` value indexes; then one end offset per value.
    meta: Box<[u32]>,
}

/// The values of one field of a [`Prepared`] contact.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    text: &'a str,
    ends: &'a [u32],
    start: u32,
}

impl<'a> Values<'a> {
    /// No values.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let (&end, rest) = self.ends.split_first()?;
        let value = self
            .text
            .get(self.start as usize..end as usize)
            .unwrap_or("");
        self.start = end;
        self.ends = rest;
        Some(value)
    }
}

impl Prepared {
    /// Packs per-field values (each list sorted and unique).
    pub fn new(id: Option<Box<str>>, fields: &[Vec<String>]) -> Self {
        let total: usize = fields.iter().map(Vec::len).sum();
        let mut meta = Vec::with_capacity(fields.len() + 2 + total);
        let mut text = String::with_capacity(fields.iter().flatten().map(String::len).sum());
        let mut index = 0u32;
        meta.push(u32::try_from(fields.len()).unwrap_or(0));
        meta.push(0);
        for f in fields {
            index += u32::try_from(f.len()).unwrap_or(0);
            meta.push(index);
        }
        for v in fields.iter().flatten() {
            text.push_str(v);
            meta.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Prepared {
            id,
            text: text.into_boxed_str(),
            meta: meta.into_boxed_slice(),
        }
    }

    /// Whether no field has a value: such a contact is never matched.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The values of field `i` (none when out of range).
    pub fn field(&self, i: usize) -> Values<'_> {
        let none = Values {
            text: "",
            ends: &[],
            start: 0,
        };
        let fields = self.meta.first().copied().unwrap_or(0) as usize;
        let (Some(&from), Some(&to)) = (self.meta.get(1 + i), self.meta.get(2 + i)) else {
            return none;
        };
        let base = 2 + fields;
        let (from, to) = (base + from as usize, base + to as usize);
        let start = if from == base {
            0
        } else {
            self.meta.get(from - 1).copied().unwrap_or(0)
        };
        match self.meta.get(from..to) {
            Some(ends) => Values {
                text: &self.text,
                ends,
                start,
            },
            None => none,
        }
    }
}

/// The rules' fields, resolved once.
#[derive(Debug, Clone)]
pub struct Preparer {
    fields: Vec<(Extract, FieldKind)>,
    region: Option<String>,
}

impl Preparer {
    /// Resolves the rules' paths (which [`Rules::validate`] has checked).
    pub fn new(rules: &Rules) -> Self {
        Preparer {
            fields: rules
                .fields
                .iter()
                .filter_map(|f| Extract::from_path(&f.path).map(|e| (e, f.kind)))
                .collect(),
            region: rules.default_region.clone(),
        }
    }

    /// The contact's normalised values per field.
    pub fn prepare(&self, contact: &Contact) -> Prepared {
        let fields: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|(extract, kind)| {
                let mut out: Vec<String> = raw(contact, extract)
                    .into_iter()
                    .filter(|s| !is_junk(s))
                    .filter_map(|s| self.normalise(&s, *kind))
                    .filter(|s| !s.is_empty())
                    .collect();
                out.sort_unstable();
                out.dedup();
                out.truncate(MAX_VALUES);
                out
            })
            .collect();
        Prepared::new(contact.id.as_deref().map(Box::from), &fields)
    }

    fn normalise(&self, value: &str, kind: FieldKind) -> Option<String> {
        match kind {
            FieldKind::Email => canonical_email(value),
            FieldKind::Phone => e164(value, self.region.as_deref()),
            FieldKind::Name => Some(fold_name(value)),
            FieldKind::Text => Some(
                value
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
            ),
            FieldKind::Key => Some(value.to_owned()),
            FieldKind::Date => {
                let date = value.trim().get(..10)?;
                super::compare::days(date).map(|_| date.to_owned())
            }
            FieldKind::Number => {
                let n: f64 = value.trim().parse().ok()?;
                n.is_finite().then(|| n.to_string())
            }
        }
    }
}

/// The raw strings at a place in the contact.
/// The raw strings at a place in the contact, borrowed where the contact holds them as is.
fn raw<'c>(c: &'c Contact, extract: &Extract) -> Vec<Cow<'c, str>> {
    let one = |v: &'c Option<String>| v.iter().map(|s| Cow::Borrowed(s.as_str())).collect();
    let all = |v: &'c [String]| v.iter().map(|s| Cow::Borrowed(s.as_str())).collect();
    match extract {
        Extract::Identities => c
            .identities
            .iter()
            .filter(|i| !is_junk(&i.id))
            .map(|i| Cow::Owned(identity_key(&i.platform, &i.scope, &i.id)))
            .collect(),
        Extract::Emails => all(&c.emails),
        Extract::Phones => all(&c.phones),
        Extract::Handles => c
            .handles
            .iter()
            .map(|h| h.handle.trim().trim_start_matches('@').to_lowercase())
            .zip(&c.handles)
            .filter(|(h, _)| !h.is_empty() && !is_junk(h))
            .map(|(h, orig)| Cow::Owned(format!("{}|{h}", orig.platform)))
            .collect(),
        Extract::FullName => match &c.name.full {
            Some(full) => vec![Cow::Borrowed(full.as_str())],
            None => {
                let parts: Vec<&str> = [&c.name.given, &c.name.family]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if parts.is_empty() {
                    Vec::new()
                } else {
                    vec![Cow::Owned(parts.join(" "))]
                }
            }
        },
        Extract::GivenName => match &c.name.given {
            Some(g) => vec![Cow::Borrowed(g.as_str())],
            None => c
                .name
                .full
                .as_deref()
                .and_then(|f| split_name(f).given)
                .map(Cow::Owned)
                .into_iter()
                .collect(),
        },
        Extract::FamilyName => match &c.name.family {
            Some(g) => vec![Cow::Borrowed(g.as_str())],
            None => c
                .name
                .full
                .as_deref()
                .and_then(|f| split_name(f).family)
                .map(Cow::Owned)
                .into_iter()
                .collect(),
        },
        Extract::Company => one(&c.company),
        Extract::Title => one(&c.title),
        Extract::Locale => one(&c.locale),
        Extract::Timezone => one(&c.timezone),
        Extract::Custom(key, inner) => {
            let value = c.custom.get(key.as_str()).and_then(|v| {
                if inner.is_empty() {
                    Some(v)
                } else {
                    v.pointer(inner)
                }
            });
            match value {
                Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
                Some(v) => scalar(v).into_iter().collect(),
                None => Vec::new(),
            }
        }
    }
}

fn scalar(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s.as_str())),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(v: serde_json::Value) -> Contact {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn fields_are_read_normalised_and_junk_dropped() {
        let rules = Rules::default();
        let p = Preparer::new(&rules).prepare(&contact(serde_json::json!({
            "id": "c1",
            "identities": [{ "platform": "messenger", "scope": "page1", "id": "42" },
                           { "platform": "x", "id": "-1" }],
            "name": { "full": "Ada Lovelace" },
            "emails": ["Ada.Lovelace+crm@GoogleMail.com", "null", "ada.lovelace@gmail.com"],
            "phones": ["+44 20 7946 0958"],
            "handles": [{ "platform": "instagram", "handle": "@Ada" }],
            "custom": { "birthDate": "1815-12-10", "n": 3 }
        })));
        let get = |name: &str| -> Vec<Box<str>> {
            p.field(rules.field_index(name).unwrap())
                .map(Box::from)
                .collect()
        };
        assert_eq!(
            get("identity"),
            vec!["messenger|page1|42".into()] as Vec<Box<str>>
        );
        assert_eq!(
            get("email"),
            vec!["adalovelace@gmail.com".into()] as Vec<Box<str>>
        );
        assert_eq!(get("phone"), vec!["+442079460958".into()] as Vec<Box<str>>);
        assert_eq!(get("handle"), vec!["instagram|ada".into()] as Vec<Box<str>>);
        assert_eq!(get("givenName"), vec!["ada".into()] as Vec<Box<str>>);
        assert_eq!(get("familyName"), vec!["lovelace".into()] as Vec<Box<str>>);
        assert_eq!(get("birthDate"), vec!["1815-12-10".into()] as Vec<Box<str>>);
        assert!(get("company").is_empty());
        assert_eq!(p.id.as_deref(), Some("c1"));
        assert!(p.field(99).is_empty());
    }

    #[test]
    fn packing_keeps_every_field_apart() {
        let fields = vec![
            vec![],
            vec!["a".to_owned(), "bc".to_owned()],
            vec![],
            vec!["d".to_owned()],
        ];
        let p = Prepared::new(None, &fields);
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(p.field(i).collect::<Vec<_>>(), *f, "field {i}");
            assert_eq!(p.field(i).len(), f.len());
        }
        assert!(!p.is_empty());
        assert!(Prepared::new(None, &[vec![], vec![]]).is_empty());
    }

    #[test]
    fn custom_paths_resolve_inside_values() {
        assert_eq!(
            Extract::from_path("/custom/a~1b/c"),
            Some(Extract::Custom("a/b".into(), "/c".into()))
        );
        assert_eq!(Extract::from_path("/custom/"), None);
        assert_eq!(Extract::from_path("/avatar"), None);
    }

    #[test]
    fn a_contact_with_only_junk_is_empty() {
        let p = Preparer::new(&Rules::default()).prepare(&contact(serde_json::json!({
            "emails": ["test@test.com"], "phones": ["0000000000"], "name": { "full": "n/a" }
        })));
        assert!(p.is_empty());
    }
}
