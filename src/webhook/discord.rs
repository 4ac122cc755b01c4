//! Discord interactions and webhook events.
//!
//! - Headers: `X-Signature-Ed25519: <hex of the 64-byte Ed25519 signature>` and
//!   `X-Signature-Timestamp: <unix seconds>`.
//! - Signed bytes: the timestamp header's text followed by the raw body, no separator.
//! - Secret: the application's Ed25519 *public* key as 64 hex digits (Developer Portal →
//!   General Information → Public Key). Anything else is `ERR_WEBHOOK_SECRET` for its index.
//! - Replay window: Discord documents none, so the default window applies in both directions
//!   (a signed timestamp far in the future is as suspect as one far in the past);
//!   `toleranceSeconds` changes it. The signature is checked first, so a forgery is always
//!   reported as a signature failure.
//! - Delivery id: none in the headers (interactions carry `id` in the body).
//! - Signing (tests, simulators): the secret is the *private* key in hex, as the 32-byte seed
//!   or the 64-byte seed-and-public-key form; both headers are returned.
//! - Handshake: a signed POST. An interaction `PING` (`"type": 1`, no `event`) is answered
//!   `200 {"type":1}`; a webhook-events `PING` (`"type": 0`) `204` with no body. Both are
//!   verified first with `secret` (the public key): Discord deliberately sends invalid
//!   signatures and removes endpoints that accept them, so a bad signature is answered with a
//!   `401` response rather than an error. Webhook *events* (`"type": 1` with an `event`
//!   object) are deliveries, not handshakes, so they get `None`; for every delivery the host
//!   must answer `401` when `verifyWebhook` throws.

use super::crypto::{self, BadKey};
use super::{
    encoding, Clock, Delivery, HandshakeContext, HandshakeResponse, Proof, Scheme, SignContext,
    VerifyContext, Window,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "discord",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

const SIGNATURE: &str = "x-signature-ed25519";
const TIMESTAMP: &str = "x-signature-timestamp";

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    // Every key is checked before the request, so a misconfigured key is reported whatever
    // the request looks like.
    let keys = context
        .secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| public_key(index, secret))
        .collect::<Result<Vec<_>, _>>()?;
    let headers = &context.delivery.headers;
    let signature = parse_signature(headers.require(SIGNATURE)?)?;
    let timestamp_text = headers.require(TIMESTAMP)?;
    let timestamp = parse_timestamp(timestamp_text)?;
    let message = [timestamp_text.as_bytes(), context.delivery.body];
    for (secret_index, key) in keys.iter().enumerate() {
        match crypto::ed25519_verify(key, &message, &signature) {
            Ok(true) => {
                context.check_timestamp(TIMESTAMP, timestamp, Window::BothWays)?;
                return Ok(Proof {
                    secret_index,
                    signature_index: 0,
                    header: SIGNATURE,
                    algorithm: "ed25519",
                    timestamp: Some(timestamp),
                });
            }
            Ok(false) => {}
            Err(BadKey) => return Err(bad_public_key(secret_index)),
        }
    }
    Err(Error::WebhookSignature {
        scheme: "discord",
        header: SIGNATURE.to_owned(),
        secrets_tried: keys.len(),
    })
}

fn public_key(index: usize, secret: &str) -> Result<Vec<u8>, Error> {
    encoding::hex_decode(secret)
        .filter(|key| key.len() == 32)
        .ok_or_else(|| bad_public_key(index))
}

fn bad_public_key(index: usize) -> Error {
    Error::WebhookSecret {
        index: Some(index),
        problem: "expected the application's Ed25519 public key as 64 hex digits \
                  (Developer Portal → General Information → Public Key)"
            .into(),
    }
}

fn parse_signature(value: &str) -> Result<Vec<u8>, Error> {
    encoding::hex_decode(value)
        .filter(|signature| signature.len() == 64)
        .ok_or_else(|| Error::WebhookHeader {
            header: SIGNATURE.to_owned(),
            problem: "expected 128 hex digits (an Ed25519 signature)".into(),
        })
}

/// Unix seconds as plain ASCII digits; signs, spaces and fractions are refused because the
/// text itself is part of the signed bytes.
fn parse_timestamp(value: &str) -> Result<i64, Error> {
    let digits =
        !value.is_empty() && value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| value.parse::<i64>().ok())
        .flatten()
        .ok_or_else(|| Error::WebhookHeader {
            header: TIMESTAMP.to_owned(),
            problem: "expected unix seconds as decimal digits".into(),
        })
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let bad_key = || Error::WebhookSecret {
        index: None,
        problem: "to sign as Discord, pass the Ed25519 private key as 64 hex digits (the seed) \
                  or 128 (seed followed by its public key)"
            .into(),
    };
    let key = encoding::hex_decode(context.secret).ok_or_else(bad_key)?;
    // In the 64-byte form the second half must be the seed's own public key, or every
    // signature made with it would fail to verify.
    if let (Some(seed), Some(public)) = (key.get(..32), key.get(32..)) {
        if key.len() == 64
            && crypto::ed25519_public_key(seed)
                .map_err(|BadKey| bad_key())?
                .as_slice()
                != public
        {
            return Err(bad_key());
        }
    }
    let timestamp = context.now.to_string();
    let signature = crypto::ed25519_sign(&key, &[timestamp.as_bytes(), context.body])
        .map_err(|BadKey| bad_key())?;
    Ok(vec![
        (
            "X-Signature-Ed25519".to_owned(),
            encoding::hex_encode(&signature),
        ),
        ("X-Signature-Timestamp".to_owned(), timestamp),
    ])
}

/// Which PING a body is, if any.
enum Ping {
    /// Interactions endpoint: `{"type": 1, …}` without an `event` object.
    Interaction,
    /// Webhook events endpoint: `{"type": 0, …}`.
    WebhookEvents,
}

fn ping_kind(body: &[u8]) -> Option<Ping> {
    let serde_json::Value::Object(fields) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    match fields.get("type").and_then(serde_json::Value::as_u64)? {
        0 => Some(Ping::WebhookEvents),
        // Webhook events use type 1 for a real event, with the event in `event`: that is a
        // delivery to process, and answering it as a PING would drop it.
        1 if !fields.contains_key("event") => Some(Ping::Interaction),
        _ => None,
    }
}

fn handshake(context: &HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("POST") {
        return Ok(None);
    }
    let Some(ping) = ping_kind(context.body) else {
        return Ok(None);
    };
    let secret = match context.secret {
        Some(secret) if !secret.is_empty() => secret,
        _ => {
            return Err(Error::WebhookSecret {
                index: None,
                problem: "a Discord PING must be verified before it is answered; pass `secret` \
                          (the application's public key)"
                    .into(),
            })
        }
    };
    let delivery = Delivery {
        headers: context.headers.clone(),
        body: context.body,
        url: Some(context.url),
        method: Some(context.method),
    };
    let verify_context = VerifyContext {
        delivery: &delivery,
        secrets: vec![secret],
        clock: Clock {
            now: context.now,
            tolerance_seconds: None,
        },
    };
    match verify(&verify_context) {
        Ok(_) => {}
        // Our own misconfiguration, not the caller's fault: surface it.
        Err(error @ Error::WebhookSecret { .. }) => return Err(error),
        // Discord probes with bad signatures on purpose and expects a 401.
        Err(_) => {
            return Ok(Some(HandshakeResponse::new(
                401,
                Some("text/plain; charset=utf-8"),
                "invalid request signature",
            )))
        }
    }
    Ok(Some(match ping {
        Ping::Interaction => HandshakeResponse::new(200, Some("application/json"), r#"{"type":1}"#),
        Ping::WebhookEvents => HandshakeResponse::new(204, None, ""),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{respond_to_handshake, verify as verify_delivery, Headers};
    use super::*;

    // RFC 8032 §7.1 TEST 1 key pair: a published key, so anyone can recompute the vectors.
    const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    // RFC 8032 §7.1 TEST 2 public key: a valid key that did not sign anything here.
    const OTHER_PUBLIC: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    const NOW: i64 = 1_764_316_800;
    const PING: &[u8] = br#"{"type":1,"id":"1","application_id":"2","token":"t","version":1}"#;
    // Computed with python3 `cryptography` (Ed25519PrivateKey.from_private_bytes(SEED)
    // .sign(b"1764316800" + PING)), independently of this crate.
    const PING_SIGNATURE: &str = "5208819852355742a3cb0983319e17c45127b2bafb9da4b51270a4698632e03e\
                                  d27e8d2ddcfaadebbe6a448b3aa8361af54d24e27b865bf4d8c827d5cc3c010f";

    fn signed(body: &[u8], now: i64) -> Vec<(String, String)> {
        sign(&SignContext {
            secret: SEED,
            body,
            now,
            id: None,
            url: None,
            method: None,
        })
        .unwrap()
    }

    fn pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
        headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn independently_computed_signature_verifies() {
        let headers = [
            ("X-Signature-Ed25519", PING_SIGNATURE),
            ("X-Signature-Timestamp", "1764316800"),
        ];
        let result = check("discord", &[PUBLIC], &headers, PING, NOW).unwrap();
        assert_eq!(result.timestamp, Some(NOW));
        assert_eq!(result.matched.algorithm, "ed25519");
        assert_eq!(result.matched.header, "x-signature-ed25519");
        assert_eq!(result.delivery_id, None);
        let upper = PING_SIGNATURE.to_ascii_uppercase();
        let headers = [
            ("x-signature-ed25519", upper.as_str()),
            ("x-signature-timestamp", "1764316800"),
        ];
        assert!(check("discord", &[PUBLIC], &headers, PING, NOW).is_ok());
    }

    #[test]
    fn sign_emits_discord_headers_and_round_trips() {
        let headers = signed(PING, NOW);
        let names: Vec<_> = headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["X-Signature-Ed25519", "X-Signature-Timestamp"]);
        assert_eq!(headers[0].1, PING_SIGNATURE);
        assert_eq!(headers[1].1, "1764316800");
        assert!(round_trip("discord", SEED, PUBLIC, b"{}").is_ok());
        let full = format!("{SEED}{PUBLIC}");
        assert!(round_trip("discord", &full, PUBLIC, "é😀".as_bytes()).is_ok());
        let mismatched = format!("{SEED}{OTHER_PUBLIC}");
        for bad in ["", "zz", &SEED[2..], PUBLIC.get(..40).unwrap(), &mismatched] {
            let err = sign(&SignContext {
                secret: bad,
                body: b"",
                now: NOW,
                id: None,
                url: None,
                method: None,
            })
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SECRET", "{bad}");
        }
    }

    #[test]
    fn rotation_mismatch_and_tampering() {
        let headers = signed(PING, NOW);
        let result = check(
            "discord",
            &[OTHER_PUBLIC, PUBLIC],
            &pairs(&headers),
            PING,
            NOW,
        )
        .unwrap();
        assert_eq!(result.matched.secret_index, 1);
        let err = check("discord", &[OTHER_PUBLIC], &pairs(&headers), PING, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        assert_eq!(err.details().unwrap()["secretsTried"], 1);
        let err = check("discord", &[PUBLIC], &pairs(&headers), b"{\"type\":2}", NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // The timestamp is signed: moving it breaks the signature.
        let moved = [
            ("X-Signature-Ed25519", headers[0].1.as_str()),
            ("X-Signature-Timestamp", "1764316801"),
        ];
        let err = check("discord", &[PUBLIC], &moved, PING, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn unusable_public_keys_are_secret_errors_with_their_index() {
        let headers = signed(PING, NOW);
        for bad in ["zz", &PUBLIC[2..], "  "] {
            let err = check("discord", &[PUBLIC, bad], &pairs(&headers), PING, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SECRET", "{bad}");
            assert_eq!(err.path().as_deref(), Some("/secrets/1"));
        }
        // A 64-byte private key pasted where the public key belongs.
        let full = format!("{SEED}{PUBLIC}");
        let err = check("discord", &[&full], &pairs(&headers), PING, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SECRET");
    }

    #[test]
    fn malformed_headers_are_header_errors() {
        let good = signed(PING, NOW);
        let signature = good[0].1.as_str();
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("X-Signature-Timestamp", "1764316800")], SIGNATURE),
            (&[("X-Signature-Ed25519", signature)], TIMESTAMP),
            (
                &[("X-Signature-Ed25519", ""), ("X-Signature-Timestamp", "1")],
                SIGNATURE,
            ),
            (
                &[
                    ("X-Signature-Ed25519", "abcd"),
                    ("X-Signature-Timestamp", "1"),
                ],
                SIGNATURE,
            ),
            (
                &[
                    ("X-Signature-Ed25519", &signature[1..]),
                    ("X-Signature-Timestamp", "1"),
                ],
                SIGNATURE,
            ),
            (
                &[("X-Signature-Ed25519", "é"), ("X-Signature-Timestamp", "1")],
                SIGNATURE,
            ),
            (
                &[
                    ("X-Signature-Ed25519", signature),
                    ("X-Signature-Timestamp", "+1764316800"),
                ],
                TIMESTAMP,
            ),
            (
                &[
                    ("X-Signature-Ed25519", signature),
                    ("X-Signature-Timestamp", "1764316800.5"),
                ],
                TIMESTAMP,
            ),
            (
                &[
                    ("X-Signature-Ed25519", signature),
                    ("X-Signature-Timestamp", "-5"),
                ],
                TIMESTAMP,
            ),
            (
                &[
                    ("X-Signature-Ed25519", signature),
                    ("X-Signature-Timestamp", "99999999999999999999"),
                ],
                TIMESTAMP,
            ),
            (
                &[
                    ("X-Signature-Ed25519", signature),
                    ("x-signature-ed25519", &"0".repeat(128)),
                    ("X-Signature-Timestamp", "1764316800"),
                ],
                SIGNATURE,
            ),
        ];
        for (headers, header) in cases {
            let err = check("discord", &[PUBLIC], headers, PING, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{headers:?}");
            assert_eq!(err.details().unwrap()["header"], *header, "{headers:?}");
        }
    }

    #[test]
    fn replay_window_applies_both_ways_after_the_signature() {
        for (signed_at, ok) in [
            (NOW - 300, true),
            (NOW + 300, true),
            (NOW - 301, false),
            (NOW + 301, false),
        ] {
            let headers = signed(PING, signed_at);
            let result = check("discord", &[PUBLIC], &pairs(&headers), PING, NOW);
            match ok {
                true => assert_eq!(result.unwrap().timestamp, Some(signed_at)),
                false => assert_eq!(result.unwrap_err().code(), "ERR_WEBHOOK_TIMESTAMP"),
            }
        }
        // A forgery with a stale timestamp is reported as a forgery.
        let stale = signed(PING, NOW - 10_000);
        let err = check("discord", &[PUBLIC], &pairs(&stale), b"{}", NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // toleranceSeconds widens the window.
        let headers = signed(PING, NOW - 301);
        let delivery = Delivery {
            headers: pairs(&headers).into_iter().collect(),
            body: PING,
            url: None,
            method: None,
        };
        let clock = Clock {
            now: NOW,
            tolerance_seconds: Some(600),
        };
        assert!(verify_delivery(&SCHEME, &[PUBLIC], &delivery, clock).is_ok());
    }

    fn respond(
        method: &str,
        body: &[u8],
        headers: &[(String, String)],
        secret: Option<&str>,
    ) -> Result<Option<HandshakeResponse>, Error> {
        let context = HandshakeContext {
            method,
            url: "https://crm.test/webhooks/discord",
            headers: pairs(headers).into_iter().collect::<Headers>(),
            body,
            secret,
            verify_token: None,
            now: NOW,
        };
        respond_to_handshake(&SCHEME, &context)
    }

    #[test]
    fn interaction_ping_is_answered_with_pong_only_when_signed() {
        let headers = signed(PING, NOW);
        let ok = respond("POST", PING, &headers, Some(PUBLIC))
            .unwrap()
            .unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(ok.body, r#"{"type":1}"#);
        assert_eq!(
            ok.headers,
            vec![("content-type".to_owned(), "application/json".to_owned())]
        );
        // Discord's probes: a bad signature, a stale timestamp, missing headers → 401.
        let forged = signed(b"{\"type\":1,\"id\":\"9\"}", NOW);
        let stale = signed(PING, NOW - 301);
        for headers in [forged, stale, Vec::new()] {
            let response = respond("POST", PING, &headers, Some(PUBLIC))
                .unwrap()
                .unwrap();
            assert_eq!(response.status, 401, "{headers:?}");
        }
        let err = respond("POST", PING, &headers, None).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SECRET");
        let err = respond("POST", PING, &headers, Some("")).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SECRET");
        let err = respond("POST", PING, &headers, Some("not-hex")).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SECRET");
    }

    #[test]
    fn webhook_events_ping_gets_204_and_events_are_not_handshakes() {
        let body = br#"{"version":1,"application_id":"2","type":0}"#;
        let headers = signed(body, NOW);
        let response = respond("POST", body, &headers, Some(PUBLIC))
            .unwrap()
            .unwrap();
        assert_eq!((response.status, response.body.as_str()), (204, ""));
        assert!(response.headers.is_empty());
        let forged = respond("POST", body, &[], Some(PUBLIC)).unwrap().unwrap();
        assert_eq!(forged.status, 401);
        let event = br#"{"version":1,"application_id":"2","type":1,"event":{"type":"APPLICATION_AUTHORIZED"}}"#;
        let headers = signed(event, NOW);
        assert_eq!(
            respond("POST", event, &headers, Some(PUBLIC)).unwrap(),
            None
        );
    }

    #[test]
    fn other_requests_are_not_handshakes() {
        let headers = signed(PING, NOW);
        assert_eq!(respond("GET", PING, &headers, Some(PUBLIC)).unwrap(), None);
        for body in [
            &b""[..],
            b"not json",
            b"[1]",
            b"{\"type\":2}",
            b"{\"type\":\"1\"}",
            b"{\"type\":1.5}",
            b"{\"type\":-1}",
        ] {
            assert_eq!(respond("POST", body, &headers, Some(PUBLIC)).unwrap(), None);
        }
        // Not a PING, so no secret is needed to say so.
        assert_eq!(
            respond("POST", b"{\"type\":2}", &headers, None).unwrap(),
            None
        );
    }
}
