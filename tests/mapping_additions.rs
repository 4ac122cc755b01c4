//! The spec features the built-in mappings needed beyond the first engine: `object` with `from`
//! (one object per node), a list of field rules for one list target, `toObject` and the keyed
//! `lookup { in, by }` (WhatsApp's sender among `contacts[]`).

use serde_json::{json, Value};
use social_crm_bridge::mapping::{no_mappings, validate, Mapping};

fn run(fields: Value, body: Value) -> (Vec<Value>, usize) {
    let spec = json!({ "version": 1, "name": "t", "platform": "p",
        "records": [{ "id": "r", "record": "event", "fields": fields }] });
    let out = Mapping::compile(&spec, &no_mappings).unwrap().map(&body);
    (out.records, out.warnings.len())
}

#[test]
fn object_with_from_builds_one_object_per_node_and_leaves_out_empty_ones() {
    let (records, warnings) = run(
        json!({ "kind": { "value": "message" },
                "interaction.attachments[]": { "from": ["$.none[*]", "$.files[*]"], "object": {
                    "type": { "from": "$.type" }, "url": { "from": "$.payload.url" },
                    "data": { "object": { "of": { "from": "root:$.id" } } } } } }),
        json!({ "id": "m1", "files": [
            { "type": "image", "payload": { "url": "https://a.test/1" } },
            { "type": "file" }, {} ] }),
    );
    assert_eq!(
        records[0]["interaction"]["attachments"],
        json!([{ "type": "image", "url": "https://a.test/1", "data": { "of": "m1" } },
               { "type": "file", "data": { "of": "m1" } }])
    );
    // The third object has no `type`: the run-time shape check leaves it out with a warning.
    assert_eq!(warnings, 1);
    let (records, _) = run(
        json!({ "kind": { "value": "m" }, "interaction.attachments[]": {
            "from": "$.files[*]", "object": { "type": { "from": "$.type" } } } }),
        json!({ "files": [] }),
    );
    assert!(records[0].get("interaction").is_none());
}

#[test]
fn a_list_of_rules_appends_each_value_in_order() {
    let identity = |id: &str, scope: Value| json!({ "object": { "platform": { "value": "whatsapp" }, "scope": scope, "id": { "from": id } } });
    let fields = json!({ "kind": { "value": "message" }, "contact.identities[]": [
        identity("$.from", json!({ "value": "" })),
        identity("$.from_user_id", json!({ "value": "waba" })) ] });
    let (records, _) = run(
        fields.clone(),
        json!({ "from": "4477", "from_user_id": "GB.1" }),
    );
    assert_eq!(
        records[0]["contact"]["identities"],
        // An empty scope is an empty value, so the key is left out (SocialEvent reads it as "").
        json!([{ "platform": "whatsapp", "id": "4477" },
               { "platform": "whatsapp", "scope": "waba", "id": "GB.1" }])
    );
    let (records, _) = run(fields, json!({ "from_user_id": "GB.1" }));
    assert_eq!(
        records[0]["contact"]["identities"],
        json!([{ "platform": "whatsapp", "scope": "waba", "id": "GB.1" }])
    );
    // Only list targets take a list of rules, and not an empty one.
    for (target, rules) in [
        ("interaction.text", json!([{ "value": "a" }])),
        ("contact.emails[]", json!([])),
    ] {
        let spec = json!({ "version": 1, "name": "t", "platform": "p", "records": [{ "id": "r",
            "record": "event", "fields": { "kind": { "value": "m" }, target: rules } }] });
        let problems = validate(&spec, &no_mappings);
        assert_eq!(problems.len(), 1, "{target}");
        assert_eq!(
            problems[0].path,
            format!("/records/0/fields/{}", target.replace('/', "~1"))
        );
    }
}

#[test]
fn to_object_keys_entries_by_a_path_and_skips_entries_without_a_value() {
    let fields = json!({ "kind": { "value": "lead" }, "lead.answers": { "from": "$.field_data",
        "pipe": [{ "toObject": { "key": "$.name", "value": ["$.values", "$.answer"] } }] } });
    let (records, warnings) = run(
        fields.clone(),
        json!({ "field_data": [
            { "name": "email", "values": ["a@b.co"] }, { "name": "comments" },
            { "name": "budget", "values": [] }, { "name": 5, "answer": "five" },
            { "values": ["no name"] }, "not an entry" ] }),
    );
    assert_eq!(warnings, 0);
    assert_eq!(
        records[0]["lead"]["answers"],
        json!({ "email": ["a@b.co"], "5": "five" })
    );
    let (records, warnings) = run(fields, json!({ "field_data": "oops" }));
    assert!(records[0].get("lead").is_none());
    assert_eq!(warnings, 1);
    let bad = json!({ "version": 1, "name": "t", "platform": "p", "records": [{ "id": "r",
        "record": "event", "fields": { "kind": { "value": "m" },
        "lead.answers": { "from": "$.a", "pipe": [{ "toObject": { "key": "$[", "value": "$.v" } }] } } }] });
    let problems = validate(&bad, &no_mappings);
    assert_eq!(problems[0].code.as_str(), "ERR_JSONPATH_SYNTAX");
    assert_eq!(
        problems[0].path,
        "/records/0/fields/lead.answers/pipe/0/toObject/key"
    );
}

#[test]
fn raw_bytes_map_like_a_value_for_object_with_from() {
    let spec = json!({ "version": 1, "name": "t", "platform": "p", "records": [{ "id": "r",
        "record": "event", "forEach": [{ "as": "m", "path": "$.items[*]" }],
        "fields": { "kind": { "value": "message" },
            "interaction.attachments[]": { "from": "$.files[*]", "object": {
                "type": { "from": "$.type" }, "url": { "from": "$.payload.url" },
                "data": { "object": { "of": { "from": "m:$.id" } } } } } } }] });
    let mapping = Mapping::compile(&spec, &no_mappings).unwrap();
    let body = json!({ "items": [{ "id": "m1", "skip": [1, 2],
        "files": [{ "type": "image", "payload": { "url": "https://a.test/1", "x": 1 } }] }] });
    let full = mapping.map(&body);
    let raw = mapping.map_bytes(body.to_string().as_bytes()).unwrap();
    assert_eq!(
        full.records[0]["interaction"]["attachments"],
        json!([{ "type": "image", "url": "https://a.test/1", "data": { "of": "m1" } }])
    );
    assert_eq!(raw.records, full.records);
}

#[test]
fn raw_bytes_map_like_a_value_for_a_keyed_lookup() {
    let spec = json!({ "version": 1, "name": "t", "platform": "p", "records": [{ "id": "r",
        "record": "event", "forEach": [{ "as": "c", "path": "$.changes[*]" },
            { "as": "m", "path": "$.messages[*]" }],
        "fields": { "kind": { "value": "message" },
            "contact.name.full": { "from": ["$.from", "$.from_user_id"], "pipe": [
                { "lookup": { "in": "c:$.contacts", "by": ["$.wa_id", "$.user_id"] } },
                { "get": "$.profile.name" }] } } }] });
    let mapping = Mapping::compile(&spec, &no_mappings).unwrap();
    let body = json!({ "changes": [{ "skip": 1,
        "contacts": [{ "wa_id": "2", "profile": { "name": "Bo" } },
            { "user_id": "X.1", "profile": { "name": "Ada" } }],
        "messages": [{ "from_user_id": "X.1" }, { "from": "2" }, { "from": "3" }] }] });
    let full = mapping.map(&body);
    let raw = mapping.map_bytes(body.to_string().as_bytes()).unwrap();
    let names: Vec<&Value> = full
        .records
        .iter()
        .map(|r| &r["contact"]["name"]["full"])
        .collect();
    assert_eq!(names, [&json!("Ada"), &json!("Bo"), &Value::Null]);
    assert_eq!(raw.records, full.records);
}
