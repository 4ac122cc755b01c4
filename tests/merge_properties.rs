//! Property tests of `merge_contacts`: the golden record is a pure function of the set of
//! observations. Observations are drawn from small pools so that repeats, redeliveries with
//! changed content, ties in time and disagreeing values are common.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use social_crm_bridge::merge::merge_json;

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(items)
}

const SOURCES: &[&str] = &["crm", "messenger", "instagram", "x", "linkedin"];
const NAMES: &[&str] = &[
    "Ada Lovelace",
    "ada lovelace",
    "Ada King",
    "Lovelace, Ada",
    "",
    "n/a",
    "Åda Løvelace",
];
const EMAILS: &[&str] = &[
    "ada@gmail.com",
    "A.D.A+crm@googlemail.com",
    "ada@engine.org",
    "test@test.com",
    "not an email",
    "grace@navy.mil",
];
const PHONES: &[&str] = &[
    "+44 20 7946 0958",
    "020 7946 0958",
    "+14155552671",
    "0000000000",
    "(415) 555-2671",
];
const COMPANIES: &[&str] = &["Acme", "ACME", "Globex", "", "none"];
const TIERS: &[&str] = &["gold", "silver", "", " gold "];

fn identity() -> impl Strategy<Value = Value> {
    (
        pick(&["messenger", "instagram", "x"]),
        pick(&["p1", "p2", ""]),
        pick(&["1", "2", "1298765432109876543"]),
    )
        .prop_map(|(platform, scope, id)| json!({ "platform": platform, "scope": scope, "id": id }))
}

fn fields() -> impl Strategy<Value = Value> {
    (
        prop::option::of(pick(NAMES)),
        prop::collection::vec(pick(EMAILS), 0..3),
        prop::collection::vec(pick(PHONES), 0..2),
        prop::collection::vec(identity(), 0..2),
        prop::option::of(pick(COMPANIES)),
        prop::option::of(prop_oneof![
            pick(TIERS).prop_map(Value::from),
            (0i64..3).prop_map(Value::from)
        ]),
    )
        .prop_map(|(name, emails, phones, identities, company, tier)| {
            let mut f = Map::new();
            if let Some(name) = name {
                f.insert("name".into(), json!({ "full": name }));
            }
            if !emails.is_empty() {
                f.insert("emails".into(), json!(emails));
            }
            if !phones.is_empty() {
                f.insert("phones".into(), json!(phones));
            }
            if !identities.is_empty() {
                f.insert("identities".into(), json!(identities));
            }
            if let Some(company) = company {
                f.insert("company".into(), json!(company));
            }
            if let Some(tier) = tier {
                f.insert("custom".into(), json!({ "tier": tier }));
            }
            Value::Object(f)
        })
}

fn observation() -> impl Strategy<Value = Value> {
    (pick(SOURCES), pick(&["e1", "e2", "e3"]), 0i64..4, any::<bool>(), fields(), prop::option::of(pick(&["7", "12", "100"])))
        .prop_map(|(source, event_id, t, iso, fields, contact_id)| {
            // The same instant written both ways: the merge must not care.
            let time = if iso { json!(format!("2026-01-01T00:00:0{t}Z")) } else { json!(1_767_225_600_000i64 + t * 1000) };
            let mut o = json!({ "source": source, "eventId": event_id, "eventTime": time, "fields": fields });
            if let Some(id) = contact_id {
                o["contactId"] = json!(id);
            }
            o
        })
}

fn merged(observations: &[Value], policy: &Value) -> String {
    let result =
        merge_json(&Value::Array(observations.to_vec()), Some(policy)).expect("valid input");
    serde_json::to_string(&result).expect("serialises")
}

fn policies() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        Just(json!({ "defaultRegion": "GB", "sourcePriority": ["linkedin", "crm"] })),
        Just(
            json!({ "rules": { "name": "most_frequent", "company": "longest", "custom.*": "keep_existing" }, "defaultRegion": "US" })
        ),
        Just(
            json!({ "rules": { "name.full": "most_recent", "company": { "rule": "source_priority", "sources": ["x"] }, "custom.tier": "non_empty" } })
        ),
    ]
}

/// Every (path, value) an observation holds, as provenance records them.
fn values_of(o: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let f = &o["fields"];
    for list in ["identities", "emails", "phones", "handles"] {
        for v in f[list].as_array().into_iter().flatten() {
            out.push((list.to_owned(), v.clone()));
        }
    }
    if let Some(name) = f["name"].as_object() {
        for (k, v) in name {
            out.push((format!("name.{k}"), v.clone()));
        }
    }
    for key in ["avatarUrl", "locale", "timezone", "company", "title"] {
        if !f[key].is_null() {
            out.push((key.to_owned(), f[key].clone()));
        }
    }
    for (k, v) in f["custom"].as_object().into_iter().flatten() {
        out.push((format!("custom.{k}"), v.clone()));
    }
    out
}

fn recorded(field: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = Vec::new();
    all.extend(field.get("winner"));
    for list in ["losers", "rejected"] {
        all.extend(field[list].as_array().into_iter().flatten());
    }
    for kept in field["values"].as_array().into_iter().flatten() {
        all.extend(kept["observations"].as_array().into_iter().flatten());
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_permutation_gives_byte_identical_json(
        (observations, shuffled) in prop::collection::vec(observation(), 0..7)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        policy in policies(),
    ) {
        prop_assert_eq!(merged(&observations, &policy), merged(&shuffled, &policy));
    }

    #[test]
    fn an_observation_applied_twice_changes_nothing(
        observations in prop::collection::vec(observation(), 1..7),
        index in any::<prop::sample::Index>(),
        policy in policies(),
    ) {
        let mut twice = observations.clone();
        twice.push(index.get(&observations).clone());
        prop_assert_eq!(merged(&observations, &policy), merged(&twice, &policy));
    }

    #[test]
    fn removing_then_re_adding_a_source_gives_the_original(
        observations in prop::collection::vec(observation(), 1..7),
        source in pick(SOURCES),
        policy in policies(),
    ) {
        let (theirs, rest): (Vec<Value>, Vec<Value>) =
            observations.iter().cloned().partition(|o| o["source"] == source);
        // Unmerge by recomputation: without the source, and with it excluded, agree.
        let without = merged(&rest, &policy);
        let mut excluding = policy.clone();
        excluding["exclude"] = json!([{ "source": source }]);
        let mut excluded: Value = serde_json::from_str(&merged(&observations, &excluding)).unwrap();
        excluded.as_object_mut().unwrap().remove("excluded");
        prop_assert_eq!(serde_json::from_str::<Value>(&without).unwrap(), excluded);
        let readded: Vec<Value> = rest.into_iter().chain(theirs).collect();
        prop_assert_eq!(merged(&readded, &policy), merged(&observations, &policy));
    }

    #[test]
    fn no_observed_value_is_lost(
        observations in prop::collection::vec(observation(), 0..7),
        policy in policies(),
    ) {
        let result: Value = serde_json::from_str(&merged(&observations, &policy)).unwrap();
        for o in &observations {
            for (path, value) in values_of(o) {
                let field = &result["provenance"][&path];
                let found = recorded(field).into_iter().any(|r| {
                    r["source"] == o["source"] && r["eventId"] == o["eventId"] && r["value"] == value
                });
                prop_assert!(found, "{} = {} from {} is missing from provenance", path, value, o);
            }
        }
        // And every provenance entry records at least one observation.
        for (path, field) in result["provenance"].as_object().unwrap() {
            prop_assert!(!recorded(field).is_empty(), "{}", path);
        }
    }
}
