//! Blocking keys: the strings a host indexes so that a new contact is compared only with the
//! stored contacts that share one, never the whole table. A key is `<rule>:<part>` (parts
//! joined by U+001F); a rule whose fields lack a value gives no key, so a contact with no
//! usable field has none and is never a candidate.

use super::compare::soundex;
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
    fn contacts_without_usable_fields_have_no_keys() {
        assert!(keys(serde_json::json!({})).is_empty());
        assert!(keys(serde_json::json!({ "emails": ["n/a"], "phones": ["-1"] })).is_empty());
        // A given name alone makes no name key (both parts are needed).
        assert!(keys(serde_json::json!({ "name": { "given": "Ada" } })).is_empty());
    }
}
