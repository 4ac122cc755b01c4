//! Blocking keys: the strings a host indexes so that a new contact is compared only with the
//! stored contacts that share one, never the whole table. A key is `<rule>:<part>` (parts
//! joined by U+001F); a rule whose fields lack a value gives no key, so a contact with no
//! usable field has none and is never a candidate.

use super::compare::{soundex, soundex_code};
use super::prepare::Prepared;
use super::rules::{KeyTransform, Rules};

/// At most this many keys per blocking rule and contact (multi-valued fields multiply).
const MAX_KEYS_PER_RULE: usize = 16;

/// The keys blocking rule `rule` gives a prepared contact, pushed onto `out`.
pub fn rule_keys(rules: &Rules, rule: usize, contact: &Prepared, out: &mut Vec<String>) {
    let Some(block) = rules.blocking.get(rule) else {
        return;
    };
    let start = out.len();
    out.push(format!("{}:", block.name));
    for (n, part) in block.parts.iter().enumerate() {
        let values = rules.field_index(&part.field).map(|i| contact.field(i));
        let mut transformed: Vec<String> = values
            .into_iter()
            .flatten()
            .filter_map(|v| match part.transform {
                KeyTransform::Exact => Some(v.to_string()),
                KeyTransform::Phonetic => Some(soundex(v)).filter(|s| !s.is_empty()),
                KeyTransform::Initial => v.chars().next().map(String::from),
            })
            .collect();
        transformed.sort_unstable();
        transformed.dedup();
        if transformed.is_empty() {
            out.truncate(start);
            return;
        }
        let prefixes: Vec<String> = out.drain(start..).collect();
        'outer: for prefix in &prefixes {
            for t in &transformed {
                if out.len() - start >= MAX_KEYS_PER_RULE {
                    break 'outer;
                }
                let sep = if n == 0 { "" } else { "\u{1f}" };
                out.push(format!("{prefix}{sep}{t}"));
            }
        }
    }
}

/// FNV-1a over more bytes, continuing from `state`.
fn fnv(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The hash ([`super::score::value_hash`]) of each key [`rule_keys`] would give, computed
/// without building the strings: the bulk path hashes millions of keys.
pub fn rule_key_hashes(rules: &Rules, rule: usize, contact: &Prepared, out: &mut Vec<u64>) {
    let Some(block) = rules.blocking.get(rule) else {
        return;
    };
    let start = out.len();
    out.push(fnv(
        fnv(super::score::value_hash(""), block.name.as_bytes()),
        b":",
    ));
    let mut short: Vec<([u8; 4], usize)> = Vec::new();
    for (n, part) in block.parts.iter().enumerate() {
        let values = rules.field_index(&part.field).map(|i| contact.field(i));
        let sep: &[u8] = if n == 0 { b"" } else { "\u{1f}".as_bytes() };
        let exact: Vec<&str> = match part.transform {
            KeyTransform::Exact => values.into_iter().flatten().collect(),
            _ => Vec::new(),
        };
        short.clear();
        if part.transform != KeyTransform::Exact {
            for v in values.into_iter().flatten() {
                match part.transform {
                    KeyTransform::Phonetic => {
                        let code = soundex_code(v);
                        if code != [0; 4] {
                            short.push((code, 4));
                        }
                    }
                    _ => {
                        if let Some(c) = v.chars().next() {
                            let mut buf = [0u8; 4];
                            let len = c.encode_utf8(&mut buf).len();
                            short.push((buf, len));
                        }
                    }
                }
            }
            short.sort_unstable_by(|a, b| a.0.get(..a.1).cmp(&b.0.get(..b.1)));
            short.dedup();
        }
        let parts: Vec<&[u8]> = if part.transform == KeyTransform::Exact {
            exact.iter().map(|v| v.as_bytes()).collect()
        } else {
            short.iter().filter_map(|(b, len)| b.get(..*len)).collect()
        };
        if parts.is_empty() {
            out.truncate(start);
            return;
        }
        let prefixes: Vec<u64> = out.drain(start..).collect();
        'outer: for prefix in &prefixes {
            for t in &parts {
                if out.len() - start >= MAX_KEYS_PER_RULE {
                    break 'outer;
                }
                out.push(fnv(fnv(*prefix, sep), t));
            }
        }
    }
}

/// Every blocking key of a prepared contact, sorted, without duplicates.
pub fn match_keys(rules: &Rules, contact: &Prepared) -> Vec<String> {
    let mut out = Vec::new();
    for rule in 0..rules.blocking.len() {
        rule_keys(rules, rule, contact, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::prepare::Preparer;
    use crate::records::Contact;

    fn keys(v: serde_json::Value) -> Vec<String> {
        let rules = Rules::default();
        let c: Contact = serde_json::from_value(v).unwrap();
        match_keys(&rules, &Preparer::new(&rules).prepare(&c))
    }

    #[test]
    fn keys_come_from_identifiers_and_names() {
        let k = keys(serde_json::json!({
            "identities": [{ "platform": "whatsapp", "scope": "biz", "id": "447700900123" }],
            "name": { "full": "Ada Lovelace" },
            "emails": ["Ada@Lovelace.co.uk", "ada@lovelace.co.uk"],
        }));
        assert_eq!(
            k,
            vec![
                "email:ada@lovelace.co.uk",
                "id:whatsapp|biz|447700900123",
                "name:ada\u{1f}lovelace",
                "sound:A300\u{1f}L142",
            ]
        );
    }

    #[test]
    fn hashed_keys_are_the_hashes_of_the_keys() {
        let rules = Rules::default();
        let c: Contact = serde_json::from_value(serde_json::json!({
            "name": { "full": "Zoë Ängström-Łukasz" },
            "emails": ["a@lovelace.co.uk", "b@lovelace.co.uk"],
            "phones": ["+442079460958"],
            "custom": { "birthDate": "1990-01-02" },
            "identities": [{ "platform": "x", "id": "1" }]
        }))
        .unwrap();
        let p = Preparer::new(&rules).prepare(&c);
        let mut changed = rules.clone();
        changed.blocking.push(crate::identity::rules::BlockingRule {
            name: "initials".into(),
            parts: vec![
                crate::identity::rules::KeyPart {
                    field: "givenName".into(),
                    transform: KeyTransform::Initial,
                },
                crate::identity::rules::KeyPart {
                    field: "email".into(),
                    transform: KeyTransform::Exact,
                },
            ],
        });
        for rules in [&rules, &changed] {
            for rule in 0..rules.blocking.len() {
                let (mut keys, mut hashes) = (Vec::new(), Vec::new());
                rule_keys(rules, rule, &p, &mut keys);
                rule_key_hashes(rules, rule, &p, &mut hashes);
                let expected: Vec<u64> = keys
                    .iter()
                    .map(|k| crate::identity::score::value_hash(k))
                    .collect();
                assert_eq!(hashes, expected, "rule {rule}: {keys:?}");
            }
        }
    }

    #[test]
    fn contacts_without_usable_fields_have_no_keys() {
        assert!(keys(serde_json::json!({})).is_empty());
        assert!(keys(serde_json::json!({ "emails": ["n/a"], "phones": ["-1"] })).is_empty());
        // A given name alone makes no name key (both parts are needed).
        assert!(keys(serde_json::json!({ "name": { "given": "Ada" } })).is_empty());
    }
}
