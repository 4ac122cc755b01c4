//! normalizeEvent on damaged deliveries: every golden fixture body with one node replaced by
//! arbitrary JSON, and arbitrary bodies carrying each platform's marker. Never a panic, never
//! an error for JSON, at least one event per delivery, each a `SocialEvent` whose `source`
//! points into the body.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use social_crm_bridge::platforms::Normalizer;
use social_crm_bridge::records::SocialEvent;
use std::path::Path;

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e15f64..1e15).prop_map(Value::from),
        "[a-zA-Z0-9 @.+:_-]{0,10}".prop_map(Value::String),
        prop::sample::select(vec![
            "message_create",
            "messages",
            "comments",
            "leadgen",
            "text",
            "image",
            "CREATED",
            "im_receive_msg",
            "{\"x\":1}",
            "not json {",
            "1764331234",
            "",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "object",
        "entry",
        "messaging",
        "changes",
        "field",
        "value",
        "message",
        "sender",
        "id",
        "type",
        "from",
        "for_user_id",
        "users",
        "content",
        "event",
        "items",
        "field_data",
    ]);
    scalar().prop_recursive(4, 32, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..5).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            pointers(
                v,
                format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

fn check(body: &Value) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(body).unwrap();
    let events = Normalizer::builtin()
        .unwrap()
        .normalize_bytes(&bytes, None)
        .map_err(|e| TestCaseError::fail(format!("error {e} for {body}")))?;
    let empty_batch = body.as_array().is_some_and(Vec::is_empty);
    prop_assert!(empty_batch || !events.is_empty(), "no event for {}", body);
    for event in events {
        let source = event["source"].as_str().unwrap_or("?").to_owned();
        prop_assert!(
            body.pointer(&source).is_some(),
            "source {} not in {}",
            source,
            body
        );
        let typed = serde_json::from_value::<SocialEvent>(event.clone());
        prop_assert!(
            typed.is_ok(),
            "not a SocialEvent: {} ({:?})",
            event,
            typed.err()
        );
    }
    Ok(())
}

#[test]
fn a_golden_delivery_with_any_node_replaced_still_normalises() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/platforms");
    let mut bodies = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let case: Value =
                serde_json::from_slice(&std::fs::read(file.unwrap().path()).unwrap()).unwrap();
            bodies.push(case["body"].clone());
        }
    }
    let strategy = (
        prop::sample::select(bodies),
        any::<prop::sample::Index>(),
        json_value(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 768,
        ..Config::default()
    });
    runner
        .run(&strategy, |(mut body, pick, replacement)| {
            let mut all = Vec::new();
            pointers(&body, String::new(), &mut all);
            let at = pick.get(&all).clone();
            match body.pointer_mut(&at) {
                Some(node) => *node = replacement,
                None => body = replacement,
            }
            check(&body)
        })
        .unwrap();
}

proptest! {
    #![proptest_config(Config { cases: 512, ..Config::default() })]

    #[test]
    fn an_arbitrary_body_with_a_platform_marker_normalises(
        marker in prop::sample::select(vec![
            json!({ "object": "page" }), json!({ "object": "instagram" }),
            json!({ "object": "whatsapp_business_account" }), json!({ "for_user_id": "1" }),
            json!({ "type": "LEAD_ACTION", "leadGenFormResponse": "urn:li:x:1" }),
            json!({ "event": "im_receive_msg", "user_openid": "b", "content": "{}" }),
            json!({ "kind": "youtube#commentThreadListResponse" }), json!({ "field_data": [] }),
            json!({ "field": "messaging_postbacks", "value": {} }), json!({}),
        ]),
        rest in json_value(),
    ) {
        let mut body = marker;
        if let (Some(target), Value::Object(extra)) = (body.as_object_mut(), rest) {
            for (k, v) in extra {
                target.entry(k).or_insert(v);
            }
        }
        check(&body)?;
    }
}
