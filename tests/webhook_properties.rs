//! Property tests over every scheme: what a sender signs verifies, and a change to any byte
//! of the body, of a signature header or of a signed timestamp makes verification fail.

use proptest::prelude::*;
use social_crm_bridge::webhook::{
    respond_to_handshake, sign, verify, Clock, Delivery, HandshakeContext, Scheme, SignContext,
    HEADER_NAMES,
};

const NOW: i64 = 1_764_316_800;
const URL: &str = "https://crm.example.com/webhooks/in?tenant=42";

/// The (signing secret, verifying secret) pair for a scheme: equal for shared-secret schemes,
/// a private/public key pair for Ed25519 ones.
fn keys(scheme: &str) -> (&'static str, &'static str) {
    match scheme {
        // RFC 8032 §7.1 TEST 1 seed and public key.
        "discord" => (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ),
        "standard-webhooks" | "svix" => (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        "telegram" => ("Telegram_secret-token_1", "Telegram_secret-token_1"),
        _ => ("prop-test-secret", "prop-test-secret"),
    }
}

/// The URL the sender calls. Twilio signs a JSON (non-form) body through a `bodySHA256`
/// query parameter, which is how these arbitrary bodies are covered.
fn url(scheme: &Scheme, body: &[u8]) -> String {
    use sha2::Digest;
    match scheme.name {
        "twilio" => {
            let hex: String = sha2::Sha256::digest(body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{URL}&bodySHA256={hex}")
        }
        _ => URL.to_owned(),
    }
}

/// Standard base64 with padding (the crate's encoder is private).
fn base64_std(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

fn signed(scheme: &Scheme, body: &[u8]) -> Vec<(String, String)> {
    let (secret, _) = keys(scheme.name);
    signed_with(scheme, secret, body)
}

fn signed_with(scheme: &Scheme, secret: &str, body: &[u8]) -> Vec<(String, String)> {
    let url = url(scheme, body);
    let context = SignContext {
        secret,
        body,
        now: NOW,
        id: Some("msg_prop"),
        url: Some(&url),
        method: Some("POST"),
    };
    sign(scheme, &context).unwrap_or_else(|e| panic!("{}: sign failed: {e}", scheme.name))
}

/// Verifies with the URL the body was signed for (`signed_body`), so a changed body is
/// checked against the original bodySHA256 as a real tampered delivery would be.
fn check(
    scheme: &Scheme,
    headers: &[(String, String)],
    signed_body: &[u8],
    body: &[u8],
) -> Result<(), &'static str> {
    check_with(scheme, keys(scheme.name).1, headers, signed_body, body)
}

fn check_with(
    scheme: &Scheme,
    secret: &str,
    headers: &[(String, String)],
    signed_body: &[u8],
    body: &[u8],
) -> Result<(), &'static str> {
    let url = url(scheme, signed_body);
    let delivery = Delivery {
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        body,
        url: Some(&url),
        method: Some("POST"),
    };
    verify(
        scheme,
        &[secret],
        &delivery,
        Clock {
            now: NOW,
            tolerance_seconds: None,
        },
    )
    .map(|_| ())
    .map_err(|e| e.code())
}

fn schemes() -> impl Strategy<Value = &'static Scheme> {
    let all: Vec<&'static Scheme> = Scheme::names()
        .filter_map(|n| Scheme::find(n).ok())
        .collect();
    proptest::sample::select(all)
}

/// Headers whose value is a signature, a timestamp or a signed id: every one the sender
/// attaches except delivery ids that are not signed and version labels.
fn is_signed_header(scheme: &Scheme, name: &str) -> bool {
    let id_is_signed = matches!(scheme.name, "standard-webhooks" | "svix");
    let is_delivery_id = scheme
        .delivery_id_header
        .is_some_and(|id| id.eq_ignore_ascii_case(name));
    (!is_delivery_id || id_is_signed) && !name.eq_ignore_ascii_case("x-hubspot-signature-version")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn signed_deliveries_verify(scheme in schemes(), body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let headers = signed(scheme, &body);
        prop_assert_eq!(check(scheme, &headers, &body, &body), Ok(()), "{}", scheme.name);
        // Every header a sender attaches is one the adapter passes on (HEADER_NAMES).
        for (name, _) in &headers {
            prop_assert!(HEADER_NAMES.contains(&name.to_ascii_lowercase().as_str()), "{} sends {} outside HEADER_NAMES", scheme.name, name);
        }
    }

    #[test]
    fn any_shared_secret_signs_and_verifies(scheme in schemes(), raw in "[ -~]{1,64}", body in proptest::collection::vec(any::<u8>(), 0..256)) {
        // Each scheme's own secret form around an arbitrary printable secret; Ed25519 keys
        // and Telegram's restricted tokens are covered with fixed keys above.
        let secret = match scheme.name {
            "discord" | "telegram" => return Ok(()),
            "standard-webhooks" | "svix" => format!("whsec_{}", base64_std(raw.as_bytes())),
            _ => raw.clone(),
        };
        let headers = signed_with(scheme, &secret, &body);
        prop_assert_eq!(check_with(scheme, &secret, &headers, &body, &body), Ok(()), "{}", scheme.name);
    }

    #[test]
    fn any_body_byte_change_fails(scheme in schemes(), body in proptest::collection::vec(any::<u8>(), 1..512), index in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let headers = signed(scheme, &body);
        let mut tampered = body.clone();
        let i = index.index(tampered.len());
        tampered[i] ^= flip;
        // Telegram signs no body: a shared token authenticates the sender.
        if scheme.name != "telegram" {
            prop_assert!(check(scheme, &headers, &body, &tampered).is_err(), "{} accepted a changed body", scheme.name);
        }
    }

    #[test]
    fn any_signed_header_change_fails(scheme in schemes(), body in proptest::collection::vec(any::<u8>(), 0..256), which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), replacement in proptest::char::range('!', '~')) {
        let mut headers = signed(scheme, &body);
        let signed_positions: Vec<usize> = (0..headers.len()).filter(|&i| is_signed_header(scheme, &headers[i].0)).collect();
        prop_assume!(!signed_positions.is_empty());
        let target = signed_positions[which.index(signed_positions.len())];
        let value: Vec<char> = headers[target].1.chars().collect();
        let i = at.index(value.len());
        prop_assume!(value[i] != replacement);
        let mut changed = value.clone();
        changed[i] = replacement;
        headers[target].1 = changed.into_iter().collect();
        // A few header changes are harmless by design: a different case of a hex digit or of
        // an algorithm prefix, and the legacy SHA-1 header that a valid SHA-256 one outranks.
        let lowered_equal = headers[target].1.eq_ignore_ascii_case(&value.iter().collect::<String>());
        let legacy = headers[target].0 == "X-Hub-Signature" && headers.iter().any(|(k, _)| k == "X-Hub-Signature-256");
        prop_assume!(!lowered_equal && !legacy);
        prop_assert!(check(scheme, &headers, &body, &body).is_err(), "{} accepted a changed {} header: {:?}", scheme.name, headers[target].0, headers[target].1);
    }

    #[test]
    fn arbitrary_header_values_never_panic(
        scheme in schemes(),
        values in proptest::collection::vec(".{0,80}", 1..6),
        body in proptest::collection::vec(any::<u8>(), 0..128),
        url in "(https?://[a-z.]{1,12}(:[0-9]{1,5})?/[ -~]{0,30})?",
        now in any::<i64>(),
        tolerance in proptest::option::of(any::<u64>()),
    ) {
        // The header names a sender uses, with arbitrary values: any outcome but a panic.
        let names: Vec<String> = signed(scheme, b"{}").into_iter().map(|(name, _)| name).collect();
        let headers: Vec<(&str, &str)> = names.iter().zip(values.iter().cycle()).map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let delivery = Delivery {
            headers: headers.into_iter().collect(),
            body: &body,
            url: Some(&url).filter(|u| !u.is_empty()).map(|u| u.as_str()),
            method: Some("POST"),
        };
        let (_, secret) = keys(scheme.name);
        let _ = verify(scheme, &[secret, "x", "whsec_"], &delivery, Clock { now, tolerance_seconds: tolerance });
    }

    #[test]
    fn arbitrary_handshakes_and_signing_never_panic(
        scheme in schemes(),
        method in "(GET|POST|get|PUT)",
        query in "[ -~]{0,60}",
        body in proptest::collection::vec(any::<u8>(), 0..96),
        secret in proptest::option::of(".{0,70}"),
        id in proptest::option::of(".{0,20}"),
        now in any::<i64>(),
    ) {
        let url = format!("https://crm.test/hook?{query}");
        let context = HandshakeContext {
            method: &method,
            url: &url,
            headers: [("content-type", "application/json")].into_iter().collect(),
            body: &body,
            secret: secret.as_deref(),
            verify_token: secret.as_deref(),
            now,
        };
        let _ = respond_to_handshake(scheme, &context);
        let sign_context = SignContext {
            secret: secret.as_deref().unwrap_or("s"),
            body: &body,
            now,
            id: id.as_deref(),
            url: Some(&url),
            method: Some(&method),
        };
        let _ = sign(scheme, &sign_context);
    }
}
