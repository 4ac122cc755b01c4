//! The mapping engine against the shared vectors (`tests/vectors/mapping/`, also run through
//! the package by `tests/js/mapping.test.mjs`), plus extends and body errors.

mod tape_reader;

use serde_json::{json, Value};
use social_crm_bridge::mapping::{no_mappings, validate, Mapping};
use social_crm_bridge::records::SocialEvent;

fn vectors(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/tests/vectors/mapping/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    file["cases"].as_array().unwrap().clone()
}

/// The case's body: `bodyText` (raw JSON, for ids beyond 2^53) or `body`.
fn body(case: &Value) -> Value {
    match case.get("bodyText").and_then(Value::as_str) {
        Some(text) => serde_json::from_str(text).unwrap(),
        None => case["body"].clone(),
    }
}

fn codes(problems: &Value) -> Vec<String> {
    problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn transform_vectors() {
    let cases = vectors("transforms.json");
    assert!(cases.len() > 100);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let spec = json!({
            "version": 1, "name": "t",
            "records": [{ "id": "r", "record": "contact", "fields": { "custom.out": case["rule"] } }]
        });
        let mapping =
            Mapping::compile(&spec, &no_mappings).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = serde_json::to_value(mapping.map(&body(&case))).unwrap();
        let got = out["records"][0]["custom"].get("out");
        assert_eq!(got, case.get("out"), "{name}");
        let want_warnings: Vec<String> = case
            .get("warnings")
            .map(|w| {
                w.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(codes(&out["warnings"]), want_warnings, "{name}");
        let preview = serde_json::to_value(mapping.preview(&body(&case))).unwrap();
        let field = &preview["trace"][0]["fields"][0];
        assert_eq!(field.get("empty"), case.get("empty"), "{name}: {field}");
        assert_eq!(
            preview["records"], out["records"],
            "{name}: preview and map agree"
        );
    }
}

#[test]
fn engine_vectors() {
    for case in vectors("engine.json") {
        let name = case["name"].as_str().unwrap();
        let mapping =
            Mapping::compile(&case["spec"], &no_mappings).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = serde_json::to_value(mapping.map(&body(&case))).unwrap();
        assert_eq!(out["records"], case["records"], "{name}");
        let want = case.get("warnings").cloned().unwrap_or(json!([]));
        let got = out["warnings"].as_array().unwrap();
        assert_eq!(got.len(), want.as_array().unwrap().len(), "{name}: {got:?}");
        for (g, w) in got.iter().zip(want.as_array().unwrap()) {
            for key in w.as_object().unwrap().keys() {
                assert_eq!(g[key], w[key], "{name}: warning {key} in {g}");
            }
        }
        // Every event record deserializes into the canonical type.
        if case["spec"]["records"][0]["record"] == "event" {
            for record in out["records"].as_array().unwrap() {
                serde_json::from_value::<SocialEvent>(record.clone())
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
        let preview = serde_json::to_value(mapping.preview(&body(&case))).unwrap();
        assert_eq!(preview["records"], out["records"], "{name}");
        // The raw-body paths (read in place; written straight to a tape) map the same.
        let raw = serde_json::to_vec(&body(&case)).unwrap();
        let from_raw = serde_json::to_value(mapping.map_bytes(&raw).unwrap()).unwrap();
        assert_eq!(from_raw, out, "{name}: raw bytes");
        let tape = tape_reader::map(&mapping, &raw).unwrap();
        assert_eq!(tape, out, "{name}: map_tape");
        for want in case
            .get("trace")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let entry = preview["trace"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["rule"] == want["rule"] && t["item"] == want["item"])
                .unwrap_or_else(|| panic!("{name}: no trace for {want}"));
            assert_eq!(entry.get("skipped"), want.get("skipped"), "{name}: {entry}");
            for (target, reason) in want
                .get("fields")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let field = entry["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["target"] == *target)
                    .unwrap();
                assert_eq!(&field["empty"], reason, "{name}: {field}");
            }
        }
    }
}

#[test]
fn problem_vectors() {
    for case in vectors("problems.json") {
        let name = case["name"].as_str().unwrap();
        let problems = serde_json::to_value(validate(&case["spec"], &no_mappings)).unwrap();
        let want = case["problems"].as_array().unwrap();
        let got = problems.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: {problems}");
        for (g, w) in got.iter().zip(want) {
            for key in w.as_object().unwrap().keys() {
                assert_eq!(g[key], w[key], "{name}: {key} in {g}");
            }
        }
        let err = Mapping::compile(&case["spec"], &no_mappings).unwrap_err();
        assert_eq!(err.code(), want[0]["code"], "{name}");
        assert_eq!(err.path().as_deref(), want[0]["path"].as_str(), "{name}");
    }
}

fn base() -> Value {
    json!({
        "version": 1, "name": "base", "platform": "testnet",
        "records": [
            { "id": "msg", "record": "event", "forEach": "$.items[*]",
              "fields": { "kind": { "value": "message" }, "contact.name.full": { "from": "$.name" },
                          "interaction.text": { "from": "$.text" } } },
            { "id": "other", "record": "contact", "fields": { "title": { "value": "x" } } }
        ]
    })
}

#[test]
fn extends_replaces_removes_and_adds() {
    let resolve = |name: &str| (name == "base").then(base);
    let spec = json!({
        "version": 1, "name": "acme", "extends": "base",
        "records": {
            "msg": { "fields": { "contact.custom.source": { "value": "ads" }, "contact.name.full": null,
                                 "interaction.text": { "from": "$.text", "pipe": ["upper"] } } },
            "other": null,
            "extra": { "record": "contact", "fields": { "company": { "value": "Acme" } } }
        }
    });
    let mapping = Mapping::compile(&spec, &resolve).unwrap();
    assert_eq!(mapping.name(), "acme");
    let out = mapping.map(&json!({ "items": [{ "name": "Ada", "text": "hi" }] }));
    assert_eq!(
        serde_json::to_value(out.records).unwrap(),
        json!([
            { "platform": "testnet", "kind": "message", "source": "/items/0",
              "contact": { "custom": { "source": "ads" } },
              "interaction": { "text": "HI", "platform": "testnet" } },
            { "company": "Acme" }
        ])
    );
    // A problem in an override points at the override.
    let bad = json!({ "version": 1, "name": "acme", "extends": "base",
                      "records": { "msg": { "fields": { "contact.nmae": { "value": 1 } } } } });
    let problems = validate(&bad, &resolve);
    assert_eq!(problems[0].path, "/records/msg/fields/contact.nmae");
    // A loop is a problem, not a stack overflow.
    let looped =
        |name: &str| Some(json!({ "version": 1, "name": name, "extends": name, "records": {} }));
    assert_eq!(
        validate(
            &json!({"version": 1, "name": "a", "extends": "a", "records": {}}),
            &looped
        )[0]
        .code
        .as_str(),
        "ERR_MAPPING_SPEC"
    );
}

#[test]
fn bodies_that_are_not_json_are_located_errors() {
    let mapping = Mapping::compile(
        &json!({"version": 1, "name": "t", "records": []}),
        &no_mappings,
    )
    .unwrap();
    let err = mapping.map_bytes(b"{\"a\": ").unwrap_err();
    assert_eq!(err.code(), "ERR_MAPPING_BODY");
    let preview = mapping.preview_bytes(b"nope");
    assert_eq!(preview.errors[0].code.as_str(), "ERR_MAPPING_BODY");
    assert!(mapping.map_bytes(b"{}").unwrap().records.is_empty());
}

#[test]
fn the_examples_in_mapping_md_compile_and_map() {
    let doc = std::fs::read_to_string(format!(
        "{}/pkg-template/MAPPING.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let blocks: Vec<Value> = doc
        .split("```json\n")
        .skip(1)
        .map(|rest| serde_json::from_str(rest.split("```").next().unwrap()).unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    let base = blocks[0].clone();
    let mapping = Mapping::compile(&base, &no_mappings).unwrap();
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
            "metadata": { "phone_number_id": "PN" },
            "contacts": [{ "profile": { "name": " Ada Lovelace " }, "wa_id": "447700900123" }],
            "messages": [
                { "from": "447700900123", "id": "m1", "timestamp": "1700000000", "type": "text", "text": { "body": "hi" } },
                { "from": "447700900123", "id": "m2", "timestamp": "1700000001", "type": "sticker" }
            ] } }] }]
    });
    assert!(mapping.matches(&body));
    let out = serde_json::to_value(mapping.map(&body)).unwrap();
    assert_eq!(out["warnings"], json!([]));
    assert_eq!(
        out["records"][0]["contact"]["phones"],
        json!(["+447700900123"])
    );
    assert_eq!(out["records"][0]["occurredAt"], "2023-11-14T22:13:20Z");
    assert_eq!(
        out["records"][1],
        json!({ "platform": "whatsapp", "kind": "unknown", "source": "/entry/0/changes/0/value/messages/1" })
    );
    let resolve = move |name: &str| (name == "whatsapp").then(|| base.clone());
    let acme = Mapping::compile(&blocks[1], &resolve).unwrap();
    let out = serde_json::to_value(acme.map(&body)).unwrap();
    assert_eq!(out["records"][0]["contact"]["custom"]["source"], "wa-ads");
    assert!(out["records"][0]["contact"]["name"].is_null());
}

#[test]
fn rules_over_the_same_items_share_the_fan_out_but_keep_rule_order() {
    let spec = json!({ "version": 1, "name": "t", "platform": "p", "records": [
        { "id": "a", "record": "event", "forEach": "$.items[*]", "when": { "path": "$.k", "equals": "a" },
          "fields": { "kind": { "value": "a" } } },
        { "id": "b", "record": "event", "forEach": "$.items[*]", "fields": { "kind": { "value": "b" } } },
        { "id": "c", "record": "event", "forEach": "root:$.items[*]", "fields": { "kind": { "value": "c" } } }
    ]});
    let mapping = Mapping::compile(&spec, &no_mappings).unwrap();
    let out = mapping.map(&json!({ "items": [{ "k": "a" }, { "k": "x" }, { "k": "a" }] }));
    let got: Vec<String> = out
        .records
        .iter()
        .map(|r| {
            format!(
                "{}{}",
                r["kind"].as_str().unwrap(),
                r["source"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "a/items/0",
            "a/items/2",
            "b/items/0",
            "b/items/1",
            "b/items/2",
            "c/items/0",
            "c/items/1",
            "c/items/2"
        ]
    );
}
