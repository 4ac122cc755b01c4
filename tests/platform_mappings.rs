//! Every built-in mapping against our own golden fixtures (tests/vectors/platforms/<platform>/
//! <case>.json: a body in the platform's documented shape and the SocialEvent[] written out by
//! hand), plus an optional pass over the shared sample payloads when that folder is present.

mod tape_reader;

use serde_json::Value;
use social_crm_bridge::platforms::{builtin_mapping, builtin_names, Normalizer};
use social_crm_bridge::records::SocialEvent;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_golden_fixture_normalises_to_exactly_its_expected_events() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/platforms");
    let normalizer = Normalizer::builtin().unwrap();
    let files = json_files(&root);
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let hint = case.get("platform").and_then(Value::as_str);
        // The raw bytes, as a host would pass them.
        let bytes = serde_json::to_vec(&case["body"]).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        let events = match normalizer.normalize_bytes(&bytes, hint) {
            Ok(events) => events,
            Err(err) => {
                failures.push(format!("{name}: {err} ({})", err.code()));
                continue;
            }
        };
        let actual = Value::Array(events);
        if actual != case["expected"] {
            failures.push(format!(
                "{name}\n  expected {}\n  actual   {}",
                case["expected"], actual
            ));
            continue;
        }
        // The shape contract: every event is a SocialEvent (ids strings, known fields).
        for event in actual.as_array().unwrap() {
            if let Err(err) = serde_json::from_value::<SocialEvent>(event.clone()) {
                failures.push(format!("{name}: not a SocialEvent: {err}"));
            }
        }
    }
    println!("{} golden platform fixtures", files.len());
    assert!(files.len() >= 40, "fixtures went missing: {}", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_builtin_has_golden_fixtures_for_every_rule() {
    // Each rule id must be exercised: a rule no fixture reaches is a rule nobody has checked.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/platforms");
    let mut text = String::new();
    for file in json_files(&root) {
        text.push_str(&std::fs::read_to_string(file).unwrap());
    }
    for name in builtin_names() {
        let spec = builtin_mapping(name).unwrap();
        let platform = spec["platform"].as_str().unwrap();
        assert!(
            text.contains(&format!("\"platform\": \"{platform}\"")),
            "no fixture produces a {platform} event ({name})"
        );
    }
}

/// Samples that are not deliveries or responses to normalise, by name, with the reason.
const NOT_BODIES: &[(&str, &str)] = &[
    (
        "facebook-leadgen-webhook-verification.get.json",
        "the query of a GET handshake",
    ),
    (
        "linkedin-webhook-validation.challenge.json",
        "describes the GET challenge",
    ),
    (
        "linkedin-organization-social-action-notification.schema-skeleton.json",
        "a schema skeleton (type names as values)",
    ),
];

#[test]
fn optional_every_shared_sample_normalises_without_error_and_nothing_is_dropped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/platform-payloads");
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    let normalizer = Normalizer::builtin().unwrap();
    let mut checked = 0;
    for file in json_files(&dir) {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if NOT_BODIES.iter().any(|(skip, _)| *skip == name) {
            continue;
        }
        let body = std::fs::read(&file).unwrap();
        let events = normalizer
            .normalize_bytes(&body, None)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(!events.is_empty(), "{name}: no event");
        for event in &events {
            let pointer = event["source"].as_str().unwrap();
            let parsed: Value = serde_json::from_slice(&body).unwrap();
            assert!(
                parsed.pointer(pointer).is_some(),
                "{name}: source {pointer} is not in the body"
            );
        }
        // No item of a batch is dropped: every item under the arrays the mappings fan out
        // over has an event whose source is that item (or inside it).
        let parsed: Value = serde_json::from_slice(&body).unwrap();
        for item in batch_items(&parsed, "") {
            assert!(
                events.iter().any(|e| {
                    let s = e["source"].as_str().unwrap();
                    // The event is the item, inside it, or around it (an unknown event for
                    // the whole body, `""`, or a whole delivery of an array covers its items).
                    s == item
                        || s.starts_with(&format!("{item}/"))
                        || item.starts_with(&format!("{s}/"))
                }),
                "{name}: nothing came back for {item}: {events:?}"
            );
        }
        checked += 1;
    }
    println!("{checked} shared samples normalised");
    assert!(checked >= 30, "only {checked} samples");
}

/// Pointers to the items deliveries batch: `messaging[]`, `changes[]`, WhatsApp `messages[]`
/// and `statuses[]`, X's `*_events[]`, YouTube `items[]`, lead lists' `data[]`.
fn batch_items(value: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                let batches = [
                    "messaging",
                    "changes",
                    "messages",
                    "statuses",
                    "items",
                    "data",
                ];
                if let Value::Array(items) = child {
                    if batches.contains(&key.as_str()) || key.ends_with("_events") {
                        for (i, item) in items.iter().enumerate() {
                            out.push(format!("{here}/{i}"));
                            out.extend(batch_items(item, &format!("{here}/{i}")));
                        }
                        continue;
                    }
                }
                out.extend(batch_items(child, &here));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                out.extend(batch_items(item, &format!("{at}/{i}")));
            }
        }
        _ => {}
    }
    out
}

#[test]
fn golden_fixtures_map_without_warnings_and_the_same_from_raw_bytes() {
    // A warning on a well-formed delivery would mean a rule reads a shape wrongly (or builds an
    // identity without its id) even when the output looks right.
    use social_crm_bridge::mapping::Mapping;
    let mappings: Vec<Mapping> = builtin_names()
        .map(|name| Mapping::compile(&builtin_mapping(name).unwrap(), &builtin_mapping).unwrap())
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/platforms");
    let mut noisy = Vec::new();
    for file in json_files(&root) {
        let case: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let bodies = match &case["body"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for body in bodies {
            if let Some(mapping) = mappings.iter().find(|m| m.matches(&body)) {
                let out = mapping.map(&body);
                if !out.warnings.is_empty() {
                    noisy.push(format!("{}: {:?}", file.display(), out.warnings));
                }
                // A copied built-in run from raw bytes (read in place) maps the same, and
                // the JS API's tape (written straight from the run) says the same.
                let raw = mapping
                    .map_bytes(&serde_json::to_vec(&body).unwrap())
                    .unwrap();
                if raw.records != out.records {
                    noisy.push(format!("{}: raw bytes map differently", file.display()));
                }
                let tape = tape_reader::map(mapping, &serde_json::to_vec(&body).unwrap()).unwrap();
                if tape != serde_json::to_value(&out).unwrap() {
                    noisy.push(format!("{}: map_tape differs", file.display()));
                }
            }
        }
    }
    assert!(noisy.is_empty(), "{}", noisy.join("\n"));
}
