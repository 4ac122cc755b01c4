//! The golden record: one contact computed from every observation of a person, as a pure
//! function of the *set* of observations. Exact repeats are dropped (idempotence), the rest
//! are put in a canonical order before any decision (order independence), every field is
//! decided by a survivorship rule with deterministic tie-breakers, and every value that did
//! not survive is kept in the provenance. Unmerging is recomputing: call again without the
//! observations that should not be there (`policy.exclude`).

mod contact_json;
mod fields;
mod observation;
mod order;
mod policy;
mod provenance;
mod survivor_id;
mod survivorship;

pub use fields::{is_list_path, is_scalar_path};
pub use observation::Observation;
pub use policy::{default_rule, Exclusion, MergePolicy, Rule};
pub use provenance::{
    Conflict, ConflictValue, FieldProvenance, KeptValue, MergeResult, ObservationRef, Observed,
};

use crate::error::Error;
use crate::identity::normalize::identity_key;
use crate::records::Contact;
use fields::{entries, normalize, push_list, set_scalar};
use order::Ordered;
use serde_json::Value;
use std::collections::BTreeMap;
use survivorship::Candidate;

/// Merges observations into one contact under `policy` (see the README, "Merging contacts").
pub fn merge_contacts(observations: Vec<Observation>, policy: &MergePolicy) -> MergeResult {
    let (kept, mut excluded): (Vec<Observation>, Vec<Observation>) = observations
        .into_iter()
        .partition(|o| !policy.exclude.iter().any(|e| excludes(e, o)));
    let ordered = Ordered::new(kept, policy);
    let region = policy.default_region.as_deref();

    let mut conflicts = duplicate_events(&ordered);
    let mut candidates: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for (index, o) in ordered.obs.iter().enumerate() {
        for entry in entries(&o.fields) {
            let norm = normalize(&entry.path, &entry.value, region);
            candidates.entry(entry.path).or_default().push(Candidate {
                obs: index,
                raw: entry.value,
                norm,
            });
        }
    }

    let mut contact = Contact::default();
    let mut provenance = BTreeMap::new();
    for (path, found) in &candidates {
        let rule = policy.rule_for(path);
        if is_list_path(path) {
            let (values, field) = survivorship::union(&ordered, found);
            for value in values {
                push_list(&mut contact, path, value);
            }
            provenance.insert(path.clone(), field);
        } else {
            let decision = survivorship::scalar(path, &rule, &ordered, found, policy);
            if let Some(value) = decision.value {
                set_scalar(&mut contact, path, value);
            }
            conflicts.extend(decision.conflict);
            provenance.insert(path.clone(), decision.provenance);
        }
    }
    let (id, merged_contact_ids) = survivor_id::survivor_id(&ordered, region);
    contact.id = id;

    order::sort_with(&mut excluded, &|a, b| {
        (&a.source, &a.event_id).cmp(&(&b.source, &b.event_id))
    });
    let mut excluded: Vec<ObservationRef> = excluded
        .into_iter()
        .map(|o| ObservationRef {
            source: o.source,
            event_id: o.event_id,
        })
        .collect();
    excluded.dedup();
    MergeResult {
        contact,
        provenance,
        conflicts,
        merged_contact_ids,
        excluded,
        observations: ordered.obs.len(),
    }
}

/// [`merge_contacts`] over JSON input: `observations` an array of observation objects,
/// `policy` a policy object or `null`.
pub fn merge_json(observations: &Value, policy: Option<&Value>) -> Result<MergeResult, Error> {
    let policy = MergePolicy::from_json(policy)?;
    let list = observations
        .as_array()
        .ok_or_else(|| Error::MergeObservation {
            path: "/observations".into(),
            problem: "expected an array of observations { source, eventId, eventTime, fields }"
                .into(),
        })?;
    let observations = list
        .iter()
        .enumerate()
        .map(|(i, o)| Observation::from_json(i, o))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(merge_contacts(observations, &policy))
}

fn excludes(exclusion: &Exclusion, o: &Observation) -> bool {
    match exclusion {
        Exclusion::Source { source, event_id } => {
            o.source == *source && event_id.as_ref().is_none_or(|e| *e == o.event_id)
        }
        Exclusion::Identity(key) => o
            .fields
            .identities
            .iter()
            .any(|i| identity_key(&i.platform, &i.scope, &i.id) == *key),
        Exclusion::ContactId(id) => o.crm_contact_id() == Some(id.as_str()),
    }
}

/// One conflict per `(source, eventId)` that arrived with different content.
fn duplicate_events(ordered: &Ordered) -> Vec<Conflict> {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for o in &ordered.obs {
        *counts.entry((&o.source, &o.event_id)).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((source, event_id), variants)| Conflict::DuplicateEvent {
            source: source.to_owned(),
            event_id: event_id.to_owned(),
            variants,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merge(observations: Value, policy: Value) -> Value {
        serde_json::to_value(merge_json(&observations, Some(&policy)).unwrap()).unwrap()
    }

    fn obs(source: &str, id: &str, time: &str, fields: Value) -> Value {
        json!({ "source": source, "eventId": id, "eventTime": time, "fields": fields })
    }

    #[test]
    fn one_person_from_four_platforms() {
        let out = merge(
            json!([
                obs(
                    "messenger",
                    "m1",
                    "2026-03-01T10:00:00Z",
                    json!({
                    "identities": [{ "platform": "messenger", "scope": "page1", "id": "PSID1" }],
                    "name": { "full": "Ada Lovelace" }, "avatarUrl": "https://cdn.example.net/a1.jpg" })
                ),
                obs(
                    "instagram",
                    "i1",
                    "2026-03-02T10:00:00Z",
                    json!({
                    "identities": [{ "platform": "instagram", "scope": "ig1", "id": "IGSID1" }],
                    "handles": [{ "platform": "instagram", "handle": "@ada" }], "name": { "full": "ada lovelace" } })
                ),
                obs(
                    "linkedin_leads",
                    "l1",
                    "2026-03-03T10:00:00Z",
                    json!({
                    "emails": ["Ada.Lovelace+leads@GMAIL.com", "n/a"], "phones": ["020 7946 0958"],
                    "name": { "full": "Ada King", "given": "Ada", "family": "King" }, "company": "Analytical Engines", "title": "Countess" })
                ),
                obs(
                    "whatsapp",
                    "w1",
                    "2026-03-04T10:00:00Z",
                    json!({
                    "identities": [{ "platform": "whatsapp", "scope": "biz", "id": "447946000000" }],
                    "phones": ["+44 20 7946 0958"], "company": "" })
                ),
            ]),
            json!({ "defaultRegion": "GB" }),
        );
        let c = &out["contact"];
        assert_eq!(c["emails"], json!(["adalovelace@gmail.com"]));
        assert_eq!(c["phones"], json!(["+442079460958"]));
        assert_eq!(c["identities"].as_array().unwrap().len(), 3);
        assert_eq!(
            c["handles"],
            json!([{ "platform": "instagram", "handle": "ada" }])
        );
        // Name parts: no CRM observation, so the latest source wins.
        assert_eq!(c["name"]["full"], "Ada King");
        // company is non_empty: WhatsApp's blank does not clear it.
        assert_eq!(c["company"], "Analytical Engines");
        assert!(c["id"].as_str().unwrap().starts_with("scb_"));
        // The junk email is kept in provenance, not in the contact.
        assert_eq!(out["provenance"]["emails"]["rejected"][0]["value"], "n/a");
        assert_eq!(out["provenance"]["emails"]["rejected"][0]["reason"], "junk");
        // Both phone spellings are recorded under the one canonical value.
        assert_eq!(
            out["provenance"]["phones"]["values"][0]["observations"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        // "Ada Lovelace" and "ada lovelace" agree after folding; "Ada King" differs.
        let conflict = out["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "name.full")
            .unwrap();
        assert_eq!(conflict["winner"], "Ada King");
        assert_eq!(conflict["values"].as_array().unwrap().len(), 2);
        assert_eq!(
            conflict["values"][1]["observations"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(out["observations"], 4);
    }

    #[test]
    fn each_rule() {
        let observations = json!([
            obs(
                "crm",
                "c1",
                "2026-01-01T00:00:00Z",
                json!({ "title": "CTO", "custom": { "tier": "gold", "score": 3 } })
            ),
            obs(
                "x",
                "x1",
                "2026-01-02T00:00:00Z",
                json!({ "title": "Chief Technology Officer", "custom": { "tier": "silver", "score": 3 } })
            ),
            obs(
                "linkedin",
                "l1",
                "2026-01-03T00:00:00Z",
                json!({ "title": "Engineer", "custom": { "tier": "bronze", "score": 5 } })
            ),
            obs(
                "messenger",
                "m1",
                "2026-01-04T00:00:00Z",
                json!({ "title": "", "custom": { "tier": "", "score": 3 } })
            ),
        ]);
        let pick = |rule: Value, field: &str| {
            let out = merge(observations.clone(), json!({ "rules": { field: rule } }));
            let path: Vec<&str> = field.split('.').collect();
            path.iter()
                .fold(out["contact"].clone(), |v, k| v[*k].clone())
        };
        assert_eq!(pick(json!("most_recent"), "title"), Value::Null); // cleared by the blank
        assert_eq!(pick(json!("non_empty"), "title"), "Engineer");
        assert_eq!(pick(json!("longest"), "title"), "Chief Technology Officer");
        assert_eq!(pick(json!("keep_existing"), "title"), "CTO");
        assert_eq!(
            pick(
                json!({ "rule": "source_priority", "sources": ["x", "crm"] }),
                "title"
            ),
            "Chief Technology Officer"
        );
        assert_eq!(pick(json!("source_priority"), "title"), "CTO");
        assert_eq!(pick(json!("most_frequent"), "custom.score"), 3);
        assert_eq!(pick(json!("keep_existing"), "custom.tier"), "gold");
        assert_eq!(pick(json!("most_recent"), "custom.tier"), Value::Null);
        assert_eq!(pick(json!("non_empty"), "custom.tier"), "bronze");
        // most_frequent with a tie: the value of the best observation (latest) wins.
        let tie = json!([
            obs(
                "a",
                "1",
                "2026-01-01T00:00:00Z",
                json!({ "company": "Acme" })
            ),
            obs(
                "b",
                "2",
                "2026-01-02T00:00:00Z",
                json!({ "company": "Globex" })
            ),
        ]);
        assert_eq!(
            merge(tie, json!({ "rules": { "company": "most_frequent" } }))["contact"]["company"],
            "Globex"
        );
    }

    #[test]
    fn tie_breakers_event_time_then_priority_then_source_then_event_id() {
        let t = "2026-01-01T00:00:00Z";
        let out = merge(
            json!([
                obs("b", "2", t, json!({ "locale": "de" })),
                obs("a", "9", t, json!({ "locale": "fr" })),
                obs("a", "1", t, json!({ "locale": "en" }))
            ]),
            json!({}),
        );
        assert_eq!(out["contact"]["locale"], "en");
        let out = merge(
            json!([
                obs("b", "2", t, json!({ "locale": "de" })),
                obs("a", "1", t, json!({ "locale": "en" }))
            ]),
            json!({ "sourcePriority": ["b"] }),
        );
        assert_eq!(out["contact"]["locale"], "de");
    }

    #[test]
    fn repeats_are_idempotent_and_changed_repeats_are_conflicts() {
        let a = obs(
            "x",
            "e1",
            "2026-01-01T00:00:00Z",
            json!({ "company": "Acme" }),
        );
        let once = merge(json!([a.clone()]), json!({}));
        let twice = merge(json!([a.clone(), a.clone()]), json!({}));
        assert_eq!(once, twice);
        let changed = obs(
            "x",
            "e1",
            "2026-01-01T00:00:00Z",
            json!({ "company": "Globex" }),
        );
        let out = merge(json!([a, changed]), json!({}));
        assert_eq!(
            out["conflicts"][0],
            json!({ "kind": "duplicate_event", "source": "x", "eventId": "e1", "variants": 2 })
        );
        assert_eq!(out["observations"], 2);
        assert_eq!(
            out["provenance"]["company"]["losers"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn unmerge_by_exclusion_equals_recomputing_without() {
        let messenger = obs(
            "messenger",
            "m1",
            "2026-01-01T00:00:00Z",
            json!({
            "identities": [{ "platform": "messenger", "scope": "p", "id": "1" }], "emails": ["ada@engine.org"] }),
        );
        let wrong = obs(
            "instagram",
            "i1",
            "2026-01-02T00:00:00Z",
            json!({
            "identities": [{ "platform": "instagram", "scope": "a", "id": "9" }], "emails": ["someone.else@engine.org"] }),
        );
        let alone = merge(json!([messenger.clone()]), json!({}));
        for exclude in [
            json!([{ "source": "instagram" }]),
            json!([{ "source": "instagram", "eventId": "i1" }]),
            json!([{ "identity": { "platform": "instagram", "scope": "a", "id": "9" } }]),
        ] {
            let mut out = merge(
                json!([messenger.clone(), wrong.clone()]),
                json!({ "exclude": exclude }),
            );
            assert_eq!(
                out["excluded"],
                json!([{ "source": "instagram", "eventId": "i1" }])
            );
            out.as_object_mut().unwrap().remove("excluded");
            assert_eq!(out, alone);
        }
    }

    #[test]
    fn surviving_id() {
        let with_ids = merge(
            json!([
                { "source": "crm", "eventId": "r1", "eventTime": 0, "contactId": "120", "fields": {} },
                { "source": "crm", "eventId": "r2", "eventTime": 1, "contactId": "99", "fields": {} },
                { "source": "crm", "eventId": "r3", "eventTime": 2, "fields": { "id": "1000" } },
            ]),
            json!({}),
        );
        assert_eq!(with_ids["contact"]["id"], "99");
        assert_eq!(with_ids["mergedContactIds"], json!(["120", "1000"]));
        // Derived ids do not change when later observations arrive.
        let first = obs(
            "messenger",
            "m1",
            "2026-01-01T00:00:00Z",
            json!({ "identities": [{ "platform": "messenger", "scope": "p", "id": "1" }] }),
        );
        let later = obs(
            "x",
            "x1",
            "2026-02-01T00:00:00Z",
            json!({ "identities": [{ "platform": "x", "id": "0" }] }),
        );
        let a = merge(json!([first.clone()]), json!({}));
        let b = merge(json!([later, first]), json!({}));
        assert_eq!(a["contact"]["id"], b["contact"]["id"]);
        assert_eq!(a["contact"]["id"].as_str().unwrap().len(), 4 + 24);
    }

    #[test]
    fn empty_input_gives_an_empty_contact() {
        let out = merge(json!([]), json!({}));
        assert_eq!(
            out,
            json!({ "contact": {}, "provenance": {}, "conflicts": [], "observations": 0 })
        );
    }

    #[test]
    fn bad_input_is_an_error_with_a_path() {
        let err = merge_json(&json!({}), None).unwrap_err();
        assert_eq!(
            (err.code(), err.path().as_deref()),
            ("ERR_MERGE_OBSERVATION", Some("/observations"))
        );
        let err = merge_json(
            &json!([]),
            Some(&json!({ "rules": { "emails": "longest" } })),
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/policy/rules/emails"));
    }
}
