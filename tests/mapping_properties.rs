//! Properties of the mapping engine: no panic on arbitrary bodies or arbitrary specs, a raw
//! body read in place maps exactly like the same body as a `Value` (and `map_tape` gives the
//! same output), and every event produced is a valid `SocialEvent`.

mod tape_reader;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use social_crm_bridge::mapping::{no_mappings, validate, Mapping};
use social_crm_bridge::records::SocialEvent;

const KEYS: &[&str] = &[
    "a",
    "b",
    "entry",
    "changes",
    "value",
    "messages",
    "from",
    "id",
    "text",
    "users",
    "v",
    "field",
    "type",
    "__proto__",
    "é😀",
    "a\"b\n",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[a-zA-Z0-9 @.+:,-]{0,12}".prop_map(Value::String),
        // Any characters: escapes, control characters, astral ones (two UTF-16 units).
        prop::collection::vec(any::<char>(), 0..8)
            .prop_map(|chars| Value::String(chars.into_iter().collect())),
        prop::sample::select(vec![
            "1700000000",
            "2024-02-29T23:30:00+0000",
            "Wed Oct 10 20:19:24 +0000 2018",
            "+44 20 7946 0958",
            "ada@lovelace.dev",
            "{\"x\":1}",
            "messages",
            "text"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

const PATHS: &[&str] = &[
    "$.a",
    "$.v",
    "$.entry[*]",
    "$.entry[*].changes[?@.field == 'messages']",
    "$.value.messages[*]",
    "$..id",
    "$.users",
    "$.a[0]",
    "$.a[-1:]",
    "$['b']",
    "root:$.a",
    "lvl:$.b",
    "$.a[?@.type]",
    "$[*]",
    "$.text[?length(@) > 2]",
];
const TARGETS: &[&str] = &[
    "kind",
    "account",
    "occurredAt",
    "contact.name.full",
    "contact.name",
    "contact.phones[]",
    "contact.emails[]",
    "contact.identities[]",
    "contact.custom.x",
    "interaction.text",
    "interaction.direction",
    "lead.answers.q",
    "source",
    "platform",
    "contact.nmae",
];

fn transform() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(VALID_TRANSFORMS).prop_map(|t| json!(t)),
        // An unknown name, so specs with a transform problem are generated too.
        Just(json!("bogus")),
        Just(json!({ "split": "," })),
        Just(json!({ "join": " " })),
        Just(json!({ "replace": { "find": "a", "with": "b" } })),
        Just(json!({ "phone": { "region": "GB" } })),
        Just(json!({ "date": "epoch_s" })),
        Just(json!({ "map": { "table": { "a": "b" }, "fallback": "z" } })),
        Just(json!({ "lookup": "root:$.users" })),
        Just(json!({ "get": "$.id" })),
        scalar().prop_map(|v| json!({ "date": v })),
    ]
}

fn field_rule() -> impl Strategy<Value = Value> {
    let source = prop_oneof![
        prop::sample::select(PATHS).prop_map(|p| json!({ "from": p })),
        prop::collection::vec(prop::sample::select(PATHS), 1..3).prop_map(|p| json!({ "from": p })),
        scalar().prop_map(|v| json!({ "value": v })),
        prop::sample::select(vec!["{$.a} {$.b}", "x{{y}}", "{given}", "{$.a[", "}"])
            .prop_map(|t| json!({ "template": t })),
        Just(json!({ "object": { "platform": { "value": "x" }, "id": { "from": "$.id" } } })),
        scalar(),
    ];
    (
        source,
        prop::collection::vec(transform(), 0..3),
        any::<bool>(),
        prop::option::of(scalar()),
    )
        .prop_map(|(mut source, pipe, required, default)| {
            if let Value::Object(m) = &mut source {
                m.insert("pipe".into(), Value::Array(pipe));
                if required {
                    m.insert("required".into(), Value::Bool(true));
                }
                if let Some(d) = default {
                    m.insert("default".into(), d);
                }
            }
            source
        })
}

fn spec() -> impl Strategy<Value = Value> {
    let rule = (
        prop::sample::select(vec!["event", "contact", "interaction", "lead", "nope"]),
        prop::option::of(prop::sample::select(PATHS)),
        prop::collection::vec((prop::sample::select(TARGETS), field_rule()), 0..6),
        prop::option::of(prop::sample::select(PATHS)),
    )
        .prop_map(|(record, for_each, fields, when)| {
            let mut rule = Map::new();
            rule.insert("record".into(), json!(record));
            if let Some(p) = for_each {
                rule.insert("forEach".into(), json!([{ "as": "lvl", "path": p }]));
            }
            if let Some(p) = when {
                rule.insert("when".into(), json!({ "path": p, "exists": true }));
            }
            let fields: Map<String, Value> =
                fields.into_iter().map(|(t, f)| (t.to_owned(), f)).collect();
            rule.insert("fields".into(), Value::Object(fields));
            Value::Object(rule)
        });
    (
        prop::collection::vec(rule, 0..4),
        prop::option::of(prop::sample::select(PATHS)),
    )
        .prop_map(|(rules, coverage)| {
            let rules: Vec<Value> = rules
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    r["id"] = json!(format!("r{i}"));
                    r
                })
                .collect();
            let mut spec =
                json!({ "version": 1, "name": "p", "platform": "prop", "records": rules });
            if let Some(c) = coverage {
                spec["coverage"] = json!([c]);
            }
            spec
        })
}

const VALID_PATHS: &[&str] = &[
    "$.a",
    "$.v",
    "$..id",
    "$.users",
    "$.a[0]",
    "$.a[-1:]",
    "$['b']",
    "root:$.a",
    "lvl:$.b",
    "$.a[?@.type]",
    "$[*]",
    "$.text[?length(@) > 2]",
    "$.from",
    "root:$.entry[*].changes[?@.field == 'messages'].value",
];
const VALID_TRANSFORMS: &[&str] = &[
    "trim",
    "lower",
    "upper",
    "title",
    "collapse",
    "email",
    "phone",
    "nameSplit",
    "date",
    "number",
    "boolean",
    "string",
    "hash",
    "redact",
    "json",
    "first",
    "last",
    "omitIfEmpty",
];
const EVENT_TARGETS: &[&str] = &[
    "account",
    "occurredAt",
    "contact.name.full",
    "contact.name",
    "contact.phones[]",
    "contact.emails[]",
    "contact.identities[]",
    "contact.custom.x",
    "interaction.text",
    "interaction.direction",
    "lead.answers.q",
    "lead.contact.emails[]",
    "interaction.attachments[]",
];

/// Specs that compile: every run-time path (type errors, required, coverage) gets exercised.
fn valid_spec() -> impl Strategy<Value = Value> {
    let transform = prop_oneof![
        prop::sample::select(VALID_TRANSFORMS).prop_map(|t| json!(t)),
        Just(json!({ "split": "," })),
        Just(json!({ "join": " " })),
        Just(json!({ "map": { "table": { "a": "b" } } })),
        Just(json!({ "lookup": "root:$.users" })),
        Just(json!({ "get": "$.id" })),
        Just(json!({ "date": "x" })),
    ];
    let source = prop_oneof![
        prop::sample::select(VALID_PATHS).prop_map(|p| json!({ "from": p })),
        prop::collection::vec(prop::sample::select(VALID_PATHS), 1..3)
            .prop_map(|p| json!({ "from": p })),
        scalar().prop_map(|v| json!({ "value": v })),
        prop::sample::select(vec!["{$.a} {$.b}", "x{{y}}{root:$.v}"])
            .prop_map(|t| json!({ "template": t })),
        Just(json!({ "object": { "platform": { "value": "x" }, "id": { "from": "$.id" } } })),
        Just(json!({ "object": { "type": { "from": "$.type" }, "data": { "from": "$.a" } } })),
    ];
    let field = (
        source,
        prop::collection::vec(transform, 0..3),
        any::<bool>(),
        prop::option::of(scalar()),
    )
        .prop_map(|(mut f, pipe, required, default)| {
            f["pipe"] = Value::Array(pipe);
            f["required"] = Value::Bool(required);
            if let Some(d) = default {
                f["default"] = d;
            }
            f
        });
    let rule = (
        prop::sample::select(VALID_PATHS),
        prop::collection::vec((prop::sample::select(EVENT_TARGETS), field), 0..6),
        prop::sample::select(vec!["$.type", "$.a", "lvl:$.v"]),
        prop::option::of(prop::sample::select(VALID_PATHS)),
    )
        .prop_map(|(for_each, fields, kind, when)| {
            let for_each = if for_each.starts_with("lvl:") { "$.a[*]" } else { for_each };
            let mut fields: Map<String, Value> = fields.into_iter().map(|(t, f)| (t.to_owned(), f)).collect();
            fields.insert("kind".into(), json!({ "from": kind, "pipe": ["string"] }));
            let mut rule = json!({ "record": "event", "forEach": [{ "as": "lvl", "path": for_each }, { "path": "$[*]" }], "fields": fields });
            if let Some(p) = when {
                rule["when"] = json!({ "any": [{ "path": p, "exists": true }, { "path": "$.v", "in": [1, "a"] }] });
            }
            rule
        });
    (prop::collection::vec(rule, 1..4), prop::sample::select(VALID_PATHS)).prop_map(|(rules, coverage)| {
        let rules: Vec<Value> = rules
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r["id"] = json!(format!("r{i}"));
                r
            })
            .collect();
        let coverage = if coverage.starts_with("lvl:") { "$.a[*]" } else { coverage };
        json!({ "version": 1, "name": "p", "platform": "prop", "records": rules, "coverage": [coverage] })
    })
}

fn check_run(mapping: &Mapping, body: &Value) {
    let full = mapping.map(body);
    let raw = serde_json::to_vec(body).unwrap();
    let raw_out = mapping.map_bytes(&raw).unwrap();
    assert_eq!(raw_out, full, "raw bytes and a Value map alike");
    // The tape the JS API gets is the same output, written without building Values.
    let tape = tape_reader::map(mapping, &raw).unwrap();
    assert_eq!(
        tape,
        serde_json::to_value(&full).unwrap(),
        "map_tape agrees with map"
    );
    let preview = mapping.preview(body);
    assert_eq!(preview.records, full.records);
    for record in &full.records {
        if record.get("source").is_some() && record.get("kind").is_some() {
            serde_json::from_value::<SocialEvent>(record.clone()).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_specs_never_panic(spec in spec(), body in json_value()) {
        let problems = validate(&spec, &no_mappings);
        match Mapping::compile(&spec, &no_mappings) {
            Ok(mapping) => {
                prop_assert!(problems.is_empty());
                check_run(&mapping, &body);
            }
            Err(err) => {
                prop_assert!(!problems.is_empty());
                prop_assert_eq!(err.code(), problems[0].code.as_str());
            }
        }
    }

    #[test]
    fn valid_specs_run_on_arbitrary_bodies(spec in valid_spec(), body in json_value()) {
        let mapping = Mapping::compile(&spec, &no_mappings);
        prop_assert!(mapping.is_ok(), "{:?} {}", mapping.err(), spec);
        if let Ok(mapping) = mapping {
            check_run(&mapping, &body);
        }
    }

    #[test]
    fn arbitrary_json_as_a_spec_never_panics(spec in json_value()) {
        let _ = validate(&spec, &no_mappings);
        let _ = Mapping::compile(&spec, &no_mappings);
    }

    #[test]
    fn arbitrary_bytes_as_a_body_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mapping = Mapping::compile(&json!({ "version": 1, "name": "b", "platform": "p", "records": [
            { "id": "r", "record": "event", "forEach": "$.a[*]", "fields": { "kind": { "value": "k" } } }
        ], "coverage": ["$.b[*]"] }), &no_mappings).unwrap();
        let mapped = mapping.map_bytes(&bytes);
        let tape = tape_reader::map(&mapping, &bytes);
        prop_assert_eq!(mapped.is_ok(), tape.is_ok());
        let _ = mapping.preview_bytes(&bytes);
    }
}
