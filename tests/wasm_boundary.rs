//! Layer 2: the boundary under Node (`cargo test --target wasm32-unknown-unknown --test
//! wasm_boundary`, run by wasm-bindgen-test-runner). Bytes and non-ASCII strings must cross
//! exactly, and errors must reach JS as objects carrying a stable `code`.
#![cfg(target_arch = "wasm32")]

// This crate reads tapes from wasm memory itself, so it needs only the reader.
#[allow(dead_code)]
mod tape_reader;

use hmac::{Hmac, KeyInit, Mac};
use js_sys::Reflect;
use sha2::Sha256;
use social_crm_bridge::wasm::{
    body_buffer, compile_mapping, json_path_query, merge_contacts, normalize_email,
    normalize_event, normalize_name, oauth, verify_webhook as verify_raw, version, IdentityRules,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

fn verify_webhook(
    scheme: &str,
    secrets: Vec<String>,
    headers: Vec<String>,
    body: &[u8],
) -> Result<JsValue, JsValue> {
    // The adapter's encoding: NUL-joined secrets (absent when there are none) and headers.
    let secrets = (!secrets.is_empty()).then(|| secrets.join("\0"));
    verify_raw(
        scheme,
        secrets,
        &headers.join("\0"),
        body,
        None,
        None,
        1_700_000_000.0,
        None,
    )
}

fn headers(value: &str) -> Vec<String> {
    vec!["X-Hub-Signature-256".to_owned(), value.to_owned()]
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap()
}

#[wasm_bindgen_test]
fn every_byte_value_crosses_unchanged() {
    // All 256 byte values, including invalid UTF-8: the body is bytes, not text.
    let body: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let secret = "clé secrète 🔑";
    let result = verify_webhook(
        "meta",
        vec![secret.into()],
        headers(&signature(secret, &body)),
        &body,
    )
    .unwrap();
    assert_eq!(field(&result, "valid"), JsValue::TRUE);
    assert_eq!(
        field(&result, "scheme").as_string().as_deref(),
        Some("meta")
    );
}

#[wasm_bindgen_test]
fn non_ascii_strings_cross_as_utf8() {
    // A non-ASCII secret only verifies if its UTF-8 bytes reach the core exactly.
    let body = "{\"text\":\"Grüße, 你好, 😀\"}".as_bytes();
    let secret = "ünïcødé-秘密";
    let ok = verify_webhook(
        "meta",
        vec![secret.into()],
        headers(&signature(secret, body)),
        body,
    );
    assert!(ok.is_ok());
    // The same characters, normalised differently (NFD), are different bytes and must fail.
    let decomposed = "u\u{308}nïcødé-秘密";
    let err = verify_webhook(
        "meta",
        vec![decomposed.into()],
        headers(&signature(secret, body)),
        body,
    )
    .unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_WEBHOOK_SIGNATURE")
    );
}

#[wasm_bindgen_test]
fn errors_carry_code_path_and_message() {
    let err = verify_webhook("meta", vec!["s".into()], vec![], b"{}").unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        field(&err, "name").as_string().as_deref(),
        Some("SocialCrmError")
    );
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_WEBHOOK_HEADER")
    );
    assert_eq!(
        field(&err, "path").as_string().as_deref(),
        Some("/headers/x-hub-signature-256")
    );
    let message = field(&err, "message").as_string().unwrap();
    assert!(message.contains("missing"), "{message}");

    let err = verify_webhook("nope", vec!["s".into()], vec![], b"{}").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_WEBHOOK_SCHEME")
    );
    let details = field(&err, "details");
    assert_eq!(
        field(&details, "scheme").as_string().as_deref(),
        Some("nope")
    );
}

#[wasm_bindgen_test]
fn malformed_input_is_an_error_not_a_trap() {
    let odd = vec![
        "x-hub-signature-256".to_owned(),
        "v".to_owned(),
        "x".to_owned(),
    ];
    let err = verify_webhook("meta", vec!["s".into()], odd, b"").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_ARGUMENT")
    );
    let err = verify_webhook("meta", vec!["s".into()], headers("sha256=zz"), b"").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_WEBHOOK_HEADER")
    );
    let err = verify_webhook("meta", vec![], headers("sha256=00"), b"").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_WEBHOOK_SECRET")
    );
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn pkce_verifiers_come_from_the_host_random_source() {
    // getrandom reaches crypto.getRandomValues: two authorizations never share a verifier.
    let options = r#"{"provider":"x","clientId":"c","redirectUri":"https://h/cb",
        "stateSecret":"0123456789abcdef0123456789abcdef","now":1700000000}"#;
    let a = oauth("createAuthorization", options, "", "").unwrap();
    let b = oauth("createAuthorization", options, "", "").unwrap();
    let verifier = |v: &JsValue| field(v, "codeVerifier").as_string().unwrap();
    assert_eq!(verifier(&a).len(), 43);
    assert_ne!(verifier(&a), verifier(&b));
    assert_ne!(
        field(&a, "state").as_string(),
        field(&b, "state").as_string()
    );
}

#[wasm_bindgen_test]
fn oauth_errors_carry_code_path_and_details() {
    let err = oauth("provider", r#"{"provider":"myspace"}"#, "", "").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_OAUTH_PROVIDER")
    );
    assert_eq!(
        field(&err, "path").as_string().as_deref(),
        Some("/provider")
    );
    let err = oauth(
        "parseTokenResponse",
        r#"{"provider":"google","status":400,"now":1}"#,
        "content-type\0application/json",
        r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
    )
    .unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_OAUTH_INVALID_GRANT")
    );
    let details = field(&err, "details");
    assert_eq!(
        field(&details, "error").as_string().as_deref(),
        Some("invalid_grant")
    );
    assert_eq!(field(&details, "status").as_f64(), Some(400.0));
    let err = oauth("providers", "not json", "", "").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_ARGUMENT")
    );
}

#[wasm_bindgen_test]
fn jsonpath_crosses_as_text_with_offsets_in_characters() {
    // Non-ASCII names and values cross intact; big integers keep their digits.
    let doc = r#"{"größe":[{"id":12345678901234567890,"name":"Zoë 👋"}]}"#;
    let out = json_path_query("$.größe[?@.name == 'Zoë 👋'].id", doc, false, false).unwrap();
    assert_eq!(out, r#"["12345678901234567890"]"#);
    let out = json_path_query("$..name", doc, true, false).unwrap();
    assert_eq!(
        out,
        r#"[{"path":"$['größe'][0]['name']","pointer":"/größe/0/name","value":"Zoë 👋"}]"#
    );
    // A syntax error is a JS error with a code and the offset in characters, not UTF-16 units
    // or bytes: 👋 is one character.
    let err = json_path_query("$['👋'] x", doc, false, false).unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_JSONPATH_SYNTAX")
    );
    let details = field(&err, "details");
    assert_eq!(field(&details, "offset").as_f64(), Some(7.0));
    let err = json_path_query("$", "{", false, false).unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_ARGUMENT")
    );
}

#[wasm_bindgen_test]
fn merge_and_normalisers_cross_non_ascii_and_errors_carry_codes() {
    assert_eq!(
        normalize_email("José@Correo.es").as_deref(),
        Some("josé@correo.es")
    );
    assert_eq!(normalize_email("nope"), None);
    let name = normalize_name("Łukasz Żółć").unwrap();
    assert_eq!(
        field(&name, "folded").as_string().as_deref(),
        Some("lukasz zolc")
    );
    assert_eq!(field(&name, "family").as_string().as_deref(), Some("Żółć"));
    let observations = r#"[{ "source": "messenger", "eventId": "m1", "eventTime": 0,
        "fields": { "name": { "full": "Zoë Ødegård 山田" }, "identities": [{ "platform": "x", "id": "1298765432109876543" }] } }]"#;
    let json = merge_contacts(observations, "null").unwrap();
    let result: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(result["contact"]["name"]["full"], "Zoë Ødegård 山田");
    assert_eq!(
        result["contact"]["identities"][0]["id"],
        "1298765432109876543"
    );
    let err = merge_contacts(r#"[{ "source": "x" }]"#, "null").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_MERGE_OBSERVATION")
    );
    assert_eq!(
        field(&err, "path").as_string().as_deref(),
        Some("/observations/0/eventId")
    );
    let err = merge_contacts("not json", "null").unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_ARGUMENT")
    );
}

/// Writes `body` into the core's body buffer, as the adapter does.
fn put_body(body: &[u8]) -> usize {
    let at = body_buffer(body.len());
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::Uint8Array::new(&memory.buffer()).set(&js_sys::Uint8Array::from(body), at as u32);
    body.len()
}

/// A copy of the tape `mapBody` left at `at` in wasm memory.
fn tape_at(at: usize) -> Vec<u8> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let bytes = js_sys::Uint8Array::new(&memory.buffer());
    let word = |i: usize| {
        u32::from_le_bytes([0, 1, 2, 3].map(|k| bytes.get_index((at + i + k) as u32))) as usize
    };
    let len = 8 + 4 * word(0) + word(4);
    bytes.subarray(at as u32, (at + len) as u32).to_vec()
}

#[wasm_bindgen_test]
fn mappings_read_the_body_buffer_and_leave_a_tape_and_spec_errors_carry_pointers() {
    let spec = r#"{ "version": 1, "name": "t", "platform": "x",
        "records": [{ "record": "event", "forEach": "$.items[*]",
          "fields": { "kind": { "value": "message" }, "interaction.id": { "from": "$.id", "pipe": ["string"] },
                      "interaction.text": "$.text" } }] }"#;
    let mapping = compile_mapping(spec).unwrap();
    let keys: Vec<String> = serde_json::from_str(&mapping.tape_keys().unwrap()).unwrap();
    // A 19-digit id as a bare number and non-ASCII text: the id keeps every digit, the text
    // crosses unchanged. A second, shorter body reuses the buffer.
    let body = r#"{"items":[{"id":1298765432109876543,"text":"Olá 👋 Zoë"}]}"#;
    let out = tape_reader::read(
        &tape_at(mapping.map_body(put_body(body.as_bytes())).unwrap()),
        &keys,
    );
    assert_eq!(
        out["records"][0]["interaction"]["id"],
        "1298765432109876543"
    );
    assert_eq!(out["records"][0]["interaction"]["text"], "Olá 👋 Zoë");
    assert_eq!(out["warnings"], serde_json::json!([]));
    let short = r#"{"items":[{"id":"7","text":"hi"}]}"#;
    let out = tape_reader::read(
        &tape_at(mapping.map_body(put_body(short.as_bytes())).unwrap()),
        &keys,
    );
    assert_eq!(out["records"][0]["interaction"]["text"], "hi");
    let err = mapping.map_body(put_body(b"{\"items\": [")).unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_MAPPING_BODY")
    );
    // A length past the buffer is refused, not read.
    let err = mapping.map_body(1 << 30).unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_ARGUMENT")
    );

    // A broken path in a spec: the error names the spec location and the character offset.
    let err = compile_mapping(
        r#"{ "version": 1, "name": "t", "records": [{ "record": "contact", "fields": { "emails[]": "$.é[" } }] }"#,
    )
    .err()
    .unwrap();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_JSONPATH_SYNTAX")
    );
    assert_eq!(
        field(&err, "path").as_string().as_deref(),
        Some("/records/0/fields/emails[]")
    );
    // A body that is not JSON is an error with a code, not a trap.
    let err = normalize_event(b"{not json", None).unwrap_err();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_MAPPING_BODY")
    );
}

#[wasm_bindgen_test]
fn identity_rules_compare_non_ascii_contacts_and_reject_bad_rules() {
    let rules = IdentityRules::new(None).unwrap();
    let a = r#"{ "name": { "full": "José Ñúñez" }, "emails": ["Jose.Nunez+crm@gmail.com"] }"#;
    let b = r#"{ "name": { "full": "Jose Nunez" }, "emails": ["josenunez@googlemail.com"] }"#;
    let keys = rules.match_keys(a).unwrap();
    assert!(
        keys.contains(&"email:josenunez@gmail.com".to_owned()),
        "{keys:?}"
    );
    assert_eq!(keys, rules.match_keys(a).unwrap(), "keys are deterministic");
    let comparison = rules.compare(a, b).unwrap();
    assert_eq!(
        field(&comparison, "decision").as_string().as_deref(),
        Some("match")
    );
    let err = IdentityRules::new(Some(r#"{ "prior": 7 }"#.into()))
        .err()
        .unwrap();
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("ERR_IDENTITY_RULES")
    );
}
