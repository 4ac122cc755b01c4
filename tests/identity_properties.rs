//! Properties of bulk identity resolution: clusters depend on the set of contacts, not their
//! order; contacts without a usable field stay alone; shared or junk identifiers cannot chain
//! people together; the cluster cap holds; EM recovers known m probabilities without labels.

use proptest::prelude::*;
use serde_json::{json, Value};
use social_crm_bridge::identity::train::TrainOptions;
use social_crm_bridge::identity::{Matcher, Rules};

fn dedupe(rules: Rules, contacts: &[Value]) -> social_crm_bridge::identity::dedupe::Dedupe {
    let matcher = Matcher::new(rules).unwrap();
    let rows = matcher
        .read(serde_json::to_string(contacts).unwrap().as_bytes())
        .unwrap();
    matcher.dedupe(&rows, None).unwrap().0
}

const GIVEN: &[&str] = &["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ada"];
const FAMILY: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Lovelac",
];

fn contact() -> impl Strategy<Value = Value> {
    (
        0..GIVEN.len(),
        0..FAMILY.len(),
        proptest::option::of(0u8..6),
        proptest::option::of(0u8..6),
        proptest::option::of(0u8..3),
    )
        .prop_map(|(g, f, email, phone, birth)| {
            let mut c = json!({ "name": { "given": GIVEN[g], "family": FAMILY[f] } });
            if let Some(e) = email {
                c["emails"] = json!([format!("person{e}@mail.test.org")]);
            }
            if let Some(p) = phone {
                c["phones"] = json!([format!("+4420794609{p:02}")]);
            }
            if let Some(b) = birth {
                c["custom"] = json!({ "birthDate": format!("199{b}-04-0{}", b + 1) });
            }
            c
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn input_order_does_not_change_the_clusters(
        contacts in proptest::collection::vec(contact(), 1..40),
        seed in any::<u64>(),
    ) {
        let with_ids: Vec<Value> = contacts
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| { c["id"] = json!(format!("p{i:03}")); c })
            .collect();
        let mut shuffled = with_ids.clone();
        // A seeded Fisher-Yates shuffle.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let rules = Rules { max_block_size: 1000, ..Rules::default() };
        let a = dedupe(rules.clone(), &with_ids);
        let b = dedupe(rules, &shuffled);
        prop_assert_eq!(&a.clusters, &b.clusters);
        prop_assert_eq!(a.oversized, b.oversized);
        let total: usize = a.clusters.iter().map(Vec::len).sum();
        prop_assert_eq!(total, with_ids.len());
    }
}

#[test]
fn contacts_without_usable_fields_stay_alone() {
    let contacts: Vec<Value> = (0..50)
        .map(|i| {
            json!({ "id": format!("j{i}"), "emails": ["test@test.com"], "phones": ["0000000000"],
                    "name": { "full": "n/a" }, "identities": [{ "platform": "x", "id": "-1" }] })
        })
        .collect();
    let out = dedupe(Rules::default(), &contacts);
    assert_eq!(out.clusters.len(), 50);
    assert_eq!(out.stats.unusable, 50);
    assert_eq!(out.stats.compared_pairs, 0);
}

#[test]
fn a_shared_number_does_not_chain_thousands_together() {
    // A company switchboard on 2,000 records of different people, plus one true pair.
    let mut contacts: Vec<Value> = (0..2000)
        .map(|i| {
            json!({ "id": format!("s{i:04}"), "phones": ["+1 415 555 0100"],
                    "name": { "given": format!("Given{i}"), "family": format!("Family{i}") } })
        })
        .collect();
    contacts.push(json!({ "id": "t1", "emails": ["grace@hopper.navy.mil"], "name": { "full": "Grace Hopper" } }));
    contacts.push(json!({ "id": "t2", "emails": ["Grace@Hopper.navy.mil"], "name": { "full": "Grace Hopper" } }));
    let out = dedupe(Rules::default(), &contacts);
    assert!(out.clusters.iter().all(|c| c.len() <= 2));
    assert!(out
        .clusters
        .contains(&vec!["t1".to_owned(), "t2".to_owned()]));
    // The number's block (and the one for the names' shared Soundex codes) is skipped.
    assert!(out
        .oversized
        .blocks
        .iter()
        .any(|b| b.key == "phone:+14155550100" && b.size == 2000));
}

#[test]
fn the_cluster_cap_holds_and_is_reported() {
    let contacts: Vec<Value> = (0..40)
        .map(|i| json!({ "id": format!("d{i:02}"), "emails": ["same@person.org"], "name": { "full": "Ada Lovelace" } }))
        .collect();
    let mut rules = Rules {
        max_block_size: 1000,
        max_cluster_size: 10,
        ..Rules::default()
    };
    // Every record has the same name, which term frequencies would rightly make worthless.
    rules
        .fields
        .iter_mut()
        .for_each(|f| f.term_frequency = false);
    let out = dedupe(rules, &contacts);
    assert!(out.clusters.iter().all(|c| c.len() <= 10));
    assert_eq!(out.clusters.len(), 4);
    assert_eq!(out.oversized.clusters.len(), 4);
    assert!(out.stats.refused_links > 0);
}

#[test]
fn em_recovers_known_m_probabilities() {
    // 3,000 people with two records each. Among a person's records the email agrees with
    // probability 0.7 and the birth date with 0.9 (else each record has its own value); names
    // are unique per person. EM must find those rates without the labels.
    let mut state = 7u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 1_000_000) as f64 / 1_000_000.0
    };
    let mut contacts = Vec::new();
    for p in 0..3000 {
        let given = format!("g{}", p * 7919 % 100_003);
        let family = format!("f{}", p * 104_729 % 100_019);
        for r in 0..2 {
            let email = if r == 0 || next() < 0.7 {
                format!("p{p}@mail.org")
            } else {
                format!("p{p}r{r}@other.org")
            };
            let day = if r == 0 || next() < 0.9 {
                p % 28 + 1
            } else {
                (p + 13) % 28 + 1
            };
            let year = 1950 + p % 50;
            contacts.push(json!({
                "id": format!("{p}-{r}"), "emails": [email],
                "name": { "given": given, "family": family },
                "custom": { "birthDate": format!("{year}-0{}-{day:02}", p % 9 + 1) }
            }));
        }
    }
    let matcher = Matcher::new(Rules::default()).unwrap();
    let rows = matcher
        .read(serde_json::to_string(&contacts).unwrap().as_bytes())
        .unwrap();
    let trained = matcher.train(&rows, TrainOptions::default());
    let m = |field: &str| trained.fields[trained.field_index(field).unwrap()].levels[0].m;
    let (email, birth) = (m("email"), m("birthDate"));
    assert!((email - 0.7).abs() < 0.05, "email m {email}");
    assert!((birth - 0.9).abs() < 0.05, "birth date m {birth}");
    // u of an exact email match among random pairs is tiny.
    assert!(trained.fields[1].levels[0].u < 1e-3);
    // The prior: 3,000 matching pairs among 6,000·5,999/2.
    let expected = 3000.0 / (6000.0 * 5999.0 / 2.0);
    assert!(
        (trained.prior / expected - 1.0).abs() < 0.5,
        "prior {}",
        trained.prior
    );
}
