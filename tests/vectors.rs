//! Runs every shared webhook vector in `tests/vectors/webhooks/*.json` through the native
//! core. `tests/js/vectors.test.mjs` runs the same files through the npm package in Node and
//! inside workerd, so the three agree on every case.

use serde_json::Value;
use social_crm_bridge::webhook::{verify, Clock, Delivery, Headers, Scheme, HEADER_NAMES};
use std::path::Path;

fn base64_decode(text: &str) -> Vec<u8> {
    // Test-only decoder (the crate's own is private): std alphabet, padding optional.
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("bad base64 in vector: {text}"),
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn body_bytes(body: &Value) -> Vec<u8> {
    match body {
        Value::String(text) => text.as_bytes().to_vec(),
        Value::Object(o) => base64_decode(o["base64"].as_str().expect("body.base64")),
        other => panic!("body must be a string or {{ base64 }}: {other}"),
    }
}

fn run_case(scheme: &Scheme, case: &Value) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("?");
    let secrets: Vec<String> = case["secrets"]
        .as_array()
        .expect("secrets")
        .iter()
        .map(|s| s.as_str().expect("secret string").to_owned())
        .collect();
    let header_pairs: Vec<(String, String)> = case["headers"]
        .as_object()
        .expect("headers")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("header string").to_owned()))
        .collect();
    let headers: Headers = header_pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let body = body_bytes(&case["body"]);
    let delivery = Delivery {
        headers,
        body: &body,
        url: case["url"].as_str(),
        method: case["method"].as_str(),
    };
    let clock = Clock {
        now: case["now"].as_i64().expect("now"),
        tolerance_seconds: case["toleranceSeconds"].as_u64(),
    };
    let result = verify(scheme, &secrets, &delivery, clock);
    // The adapter sends only the headers in HEADER_NAMES: that must not change any outcome.
    let kept: Headers = header_pairs
        .iter()
        .filter(|(k, _)| HEADER_NAMES.contains(&k.to_ascii_lowercase().as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let filtered = verify(
        scheme,
        &secrets,
        &Delivery {
            headers: kept,
            ..delivery.clone()
        },
        clock,
    );
    if format!("{filtered:?}") != format!("{result:?}") {
        return Err(format!(
            "{name}: filtering to HEADER_NAMES changed the result: {filtered:?} vs {result:?}"
        ));
    }
    let expect = &case["expect"];
    match (expect.get("error").and_then(Value::as_str), result) {
        (Some(code), Err(err)) if err.code() == code => Ok(()),
        (Some(code), Err(err)) => Err(format!(
            "{name}: expected {code}, got {} ({err})",
            err.code()
        )),
        (Some(code), Ok(ok)) => Err(format!("{name}: expected {code}, got {ok:?}")),
        (None, Err(err)) => Err(format!(
            "{name}: expected success, got {} ({err})",
            err.code()
        )),
        (None, Ok(ok)) => {
            // Every field the vector states must match; fields it leaves out are not checked.
            let actual = serde_json::to_value(&ok).expect("serialise");
            subset(expect, &actual)
                .map_err(|path| format!("{name}: {path} differs: expected {expect}, got {actual}"))
        }
    }
}

fn subset(expected: &Value, actual: &Value) -> Result<(), String> {
    match expected {
        Value::Object(fields) => fields.iter().try_for_each(|(key, value)| {
            subset(value, actual.get(key).unwrap_or(&Value::Null)).map_err(|p| format!("/{key}{p}"))
        }),
        _ if expected == actual => Ok(()),
        _ => Err(String::new()),
    }
}

#[test]
fn every_shared_vector_passes_natively() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/webhooks");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("vectors dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let name = file["scheme"].as_str().expect("scheme");
        assert_eq!(
            path.file_stem().and_then(|s| s.to_str()),
            Some(name),
            "file name must be the scheme name"
        );
        let scheme = Scheme::find(name).expect("known scheme");
        for case in file["cases"].as_array().expect("cases") {
            cases += 1;
            if let Err(message) = run_case(scheme, case) {
                failures.push(format!("{name}: {message}"));
            }
        }
    }
    assert!(cases > 0, "no vectors found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {cases} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_scheme_has_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/webhooks");
    for name in Scheme::names() {
        assert!(
            dir.join(format!("{name}.json")).exists(),
            "no vectors for scheme {name}"
        );
    }
}

#[test]
fn handshake_vectors_pass_natively() {
    use social_crm_bridge::webhook::{respond_to_handshake, HandshakeContext};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/handshakes.json");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let mut failures = Vec::new();
    for case in file["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap_or("?");
        let request = &case["request"];
        let pairs: Vec<(String, String)> = request["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().expect("header").to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let body = request["body"].as_str().unwrap_or("").as_bytes();
        let context = HandshakeContext {
            method: request["method"].as_str().expect("method"),
            url: request["url"].as_str().expect("url"),
            headers: pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            body,
            secret: case["secret"].as_str(),
            verify_token: case["verifyToken"].as_str(),
            now: case["now"].as_i64().unwrap_or(0),
        };
        let scheme = Scheme::find(case["scheme"].as_str().expect("scheme")).expect("known scheme");
        let expect = &case["expect"];
        let outcome = match respond_to_handshake(scheme, &context) {
            Ok(None) if expect.is_null() => Ok(()),
            Ok(Some(response)) if !expect.is_null() && expect.get("error").is_none() => {
                let actual = serde_json::to_value(&response).expect("serialise");
                subset(expect, &actual)
                    .map_err(|path| format!("{path}: expected {expect}, got {actual}"))
            }
            Err(err) if expect.get("error").and_then(Value::as_str) == Some(err.code()) => Ok(()),
            other => Err(format!("expected {expect}, got {other:?}")),
        };
        if let Err(message) = outcome {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
