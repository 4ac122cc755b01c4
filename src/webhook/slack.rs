//! Slack (Events API, slash commands, interactivity).
//!
//! - Headers: `X-Slack-Signature: v0=<hex>` and `X-Slack-Request-Timestamp: <unix seconds>`.
//! - Signed bytes: `"v0:" + timestamp + ":" + body`; HMAC-SHA256, lower-case hex.
//! - Secret: the app's signing secret as UTF-8 text (it looks like hex but is not decoded).
//! - Replay window: ±`toleranceSeconds` (default 300) in both directions, as Slack's Python
//!   SDK (`abs(now - timestamp) > 60 * 5`). The signature is checked first.
//! - Delivery id: none (retries carry `X-Slack-Retry-Num`, not an id).
//! - Handshake: the Events API's `POST {"type":"url_verification","challenge":…}` is answered
//!   `200 text/plain` with the challenge, Slack's first documented form. Slack signs it like
//!   any request and says to verify it first: with `secret` the signature is checked and a
//!   failure is the same error `verifyWebhook` raises (answer it with 401, as for a forged
//!   delivery); with `verifyToken` the deprecated `token` field must match too (403 if not).
//!   Any other request, JSON or form, is not a handshake (`None`).

use super::crypto::{self, Algorithm};
use super::{
    encoding, timestamp, Clock, Delivery, HandshakeContext, HandshakeResponse, Proof, Scheme,
    SignContext, VerifyContext, Window,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "slack",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

const SIGNATURE: &str = "x-slack-signature";
const TIMESTAMP: &str = "x-slack-request-timestamp";
const PREFIX: &str = "v0=";

fn mac(secret: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    crypto::hmac(
        Algorithm::Sha256,
        secret.as_bytes(),
        &[b"v0:", timestamp.as_bytes(), b":", body],
    )
}

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let headers = &context.delivery.headers;
    let signature = headers.require(SIGNATURE)?;
    let timestamp_text = headers.require(TIMESTAMP)?;
    let timestamp = timestamp::unix_seconds(TIMESTAMP, timestamp_text)?;
    let signature = parse_signature(signature)?;
    let body = context.delivery.body;
    let (secret_index, signature_index) = context.match_signatures(
        SIGNATURE,
        SCHEME.name,
        std::slice::from_ref(&signature),
        |_, secret| Ok(mac(secret, timestamp_text, body)),
    )?;
    context.check_timestamp(TIMESTAMP, timestamp, Window::BothWays)?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: SIGNATURE,
        algorithm: Algorithm::Sha256.hmac_name(),
        timestamp: Some(timestamp),
    })
}

/// `v0=` followed by 64 hex digits (either case: they decode to the same MAC).
fn parse_signature(value: &str) -> Result<Vec<u8>, Error> {
    let hex = match value.get(..PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(PREFIX) => {
            value.get(PREFIX.len()..).unwrap_or_default()
        }
        _ => "",
    };
    encoding::hex_decode(hex)
        .filter(|bytes| bytes.len() == Algorithm::Sha256.output_len())
        .ok_or_else(|| Error::WebhookHeader {
            header: SIGNATURE.to_owned(),
            problem: "expected `v0=` followed by 64 hex digits (HMAC-SHA256 of \
                      `v0:<timestamp>:<body>`)"
                .into(),
        })
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    if context.now < 0 {
        return Err(Error::InvalidArgument {
            path: "/now".into(),
            message: "a Slack request timestamp is unix seconds ≥ 0".into(),
        });
    }
    let timestamp = context.now.to_string();
    let signature = encoding::hex_encode(&mac(context.secret, &timestamp, context.body));
    Ok(vec![
        ("X-Slack-Request-Timestamp".to_owned(), timestamp),
        (
            "X-Slack-Signature".to_owned(),
            format!("{PREFIX}{signature}"),
        ),
    ])
}

fn handshake(context: &HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("POST") {
        return Ok(None);
    }
    // Slash commands and interactivity post forms; only the Events API check is JSON.
    let Ok(serde_json::Value::Object(payload)) =
        serde_json::from_slice::<serde_json::Value>(context.body)
    else {
        return Ok(None);
    };
    if payload.get("type").and_then(serde_json::Value::as_str) != Some("url_verification") {
        return Ok(None);
    }
    let Some(challenge) = payload.get("challenge").and_then(serde_json::Value::as_str) else {
        return Err(Error::InvalidArgument {
            path: "/body".into(),
            message: "a Slack url_verification request without a string `challenge`".into(),
        });
    };
    if let Some(secret) = context.secret {
        if secret.is_empty() {
            return Err(Error::WebhookSecret {
                index: None,
                problem: "is empty; pass the app's signing secret or leave `secret` out".into(),
            });
        }
        let delivery = Delivery {
            headers: context.headers.clone(),
            body: context.body,
            url: Some(context.url),
            method: Some(context.method),
        };
        let clock = Clock {
            now: context.now,
            tolerance_seconds: None,
        };
        super::verify(&SCHEME, &[secret], &delivery, clock)?;
    }
    if let Some(expected) = context.verify_token {
        let given = payload
            .get("token")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        if !crypto::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Ok(Some(HandshakeResponse::forbidden()));
        }
    }
    Ok(Some(HandshakeResponse::new(
        200,
        Some("text/plain"),
        challenge,
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{respond_to_handshake, Headers};
    use super::*;

    // The worked example in Slack's "Verifying requests from Slack"
    // (api.slack.com/authentication/verifying-requests-from-slack): a slash command body.
    const DOC_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const DOC_TIMESTAMP: &str = "1531420618";
    const DOC_NOW: i64 = 1_531_420_618;
    const DOC_BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const DOC_SIGNATURE: &str =
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn doc_headers(signature: &str) -> [(&str, &str); 2] {
        [
            ("X-Slack-Request-Timestamp", DOC_TIMESTAMP),
            ("X-Slack-Signature", signature),
        ]
    }

    #[test]
    fn documented_example() {
        let result = check(
            "slack",
            &[DOC_SECRET],
            &doc_headers(DOC_SIGNATURE),
            DOC_BODY,
            DOC_NOW,
        )
        .unwrap();
        assert_eq!(result.timestamp, Some(DOC_NOW));
        assert_eq!(result.delivery_id, None);
        assert_eq!(result.matched.header, "x-slack-signature");
        let signed = super::super::sign(
            &SCHEME,
            &SignContext {
                secret: DOC_SECRET,
                body: DOC_BODY,
                now: DOC_NOW,
                id: None,
                url: None,
                method: None,
            },
        )
        .unwrap();
        assert_eq!(
            signed,
            vec![
                (
                    "X-Slack-Request-Timestamp".to_owned(),
                    DOC_TIMESTAMP.to_owned()
                ),
                ("X-Slack-Signature".to_owned(), DOC_SIGNATURE.to_owned()),
            ]
        );
        // Upper-case hex is the same signature.
        let upper = format!("v0={}", DOC_SIGNATURE[3..].to_ascii_uppercase());
        assert!(check(
            "slack",
            &[DOC_SECRET],
            &doc_headers(&upper),
            DOC_BODY,
            DOC_NOW
        )
        .is_ok());
    }

    #[test]
    fn round_trip_rotation_and_mismatch() {
        assert!(round_trip("slack", "s3cr3t", "s3cr3t", "{\"é\":1}".as_bytes()).is_ok());
        let result = check(
            "slack",
            &["old-secret", DOC_SECRET],
            &doc_headers(DOC_SIGNATURE),
            DOC_BODY,
            DOC_NOW,
        )
        .unwrap();
        assert_eq!(result.matched.secret_index, 1);
        let err = check(
            "slack",
            &["old-secret"],
            &doc_headers(DOC_SIGNATURE),
            DOC_BODY,
            DOC_NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        let tampered = [DOC_BODY, b"&x=1"].concat();
        let err = check(
            "slack",
            &[DOC_SECRET],
            &doc_headers(DOC_SIGNATURE),
            &tampered,
            DOC_NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // The timestamp is signed.
        let moved = [
            ("X-Slack-Request-Timestamp", "1531420619"),
            ("X-Slack-Signature", DOC_SIGNATURE),
        ];
        let err = check("slack", &[DOC_SECRET], &moved, DOC_BODY, DOC_NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn malformed_headers() {
        let only_signature = [("X-Slack-Signature", DOC_SIGNATURE)];
        let err = check("slack", &[DOC_SECRET], &only_signature, DOC_BODY, DOC_NOW).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-slack-request-timestamp")
        );
        let only_timestamp = [("X-Slack-Request-Timestamp", DOC_TIMESTAMP)];
        let err = check("slack", &[DOC_SECRET], &only_timestamp, DOC_BODY, DOC_NOW).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-slack-signature"));
        let hex = &DOC_SIGNATURE[3..];
        for signature in [
            hex.to_owned(),
            format!("v1={hex}"),
            format!("sha256={hex}"),
            "v0=".to_owned(),
            format!("v0={}", &hex[..62]),
            format!("v0={hex}00"),
            format!("v0={}zz", &hex[..62]),
            "v0=é".to_owned(),
            "é".to_owned(),
        ] {
            let err = check(
                "slack",
                &[DOC_SECRET],
                &doc_headers(&signature),
                DOC_BODY,
                DOC_NOW,
            )
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{signature:?}");
            assert_eq!(err.path().as_deref(), Some("/headers/x-slack-signature"));
        }
        for timestamp in ["", "abc", "1531420618.5", "-1", "1531420618000000000000"] {
            let headers = [
                ("X-Slack-Request-Timestamp", timestamp),
                ("X-Slack-Signature", DOC_SIGNATURE),
            ];
            let err = check("slack", &[DOC_SECRET], &headers, DOC_BODY, DOC_NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{timestamp:?}");
        }
    }

    #[test]
    fn replay_window_both_ways() {
        let headers = doc_headers(DOC_SIGNATURE);
        for (now, ok) in [
            (DOC_NOW + 300, true),
            (DOC_NOW - 300, true),
            (DOC_NOW + 301, false),
            (DOC_NOW - 301, false),
        ] {
            let result = check("slack", &[DOC_SECRET], &headers, DOC_BODY, now);
            match ok {
                true => assert!(result.is_ok(), "{now}"),
                false => assert_eq!(result.unwrap_err().code(), "ERR_WEBHOOK_TIMESTAMP"),
            }
        }
    }

    // The payload of Slack's url_verification event page (api.slack.com/events/url_verification).
    const CHALLENGE_BODY: &str = r#"{
    "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
    "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    "type": "url_verification"
}"#;

    fn challenge(
        method: &str,
        body: &[u8],
        headers: &[(&str, &str)],
        secret: Option<&str>,
        token: Option<&str>,
        now: i64,
    ) -> Result<Option<HandshakeResponse>, Error> {
        let context = HandshakeContext {
            method,
            url: "https://crm.test/webhooks/slack",
            headers: headers.iter().copied().collect::<Headers>(),
            body,
            secret,
            verify_token: token,
            now,
        };
        respond_to_handshake(&SCHEME, &context)
    }

    fn signed_headers(secret: &str, body: &[u8], now: i64) -> Vec<(String, String)> {
        sign(&SignContext {
            secret,
            body,
            now,
            id: None,
            url: None,
            method: None,
        })
        .unwrap()
    }

    #[test]
    fn url_verification_is_answered_in_plain_text_after_the_signature() {
        let body = CHALLENGE_BODY.as_bytes();
        let now = 1_700_000_000;
        let headers = signed_headers("signing-secret", body, now);
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let response = challenge("POST", body, &pairs, Some("signing-secret"), None, now)
            .unwrap()
            .unwrap();
        assert_eq!(
            response,
            HandshakeResponse {
                status: 200,
                headers: vec![("content-type".to_owned(), "text/plain".to_owned())],
                body: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P".to_owned(),
            }
        );
        // Without a secret the challenge is answered unverified.
        let unsigned = challenge("POST", body, &[], None, None, now)
            .unwrap()
            .unwrap();
        assert_eq!(unsigned, response);
        // A wrong secret, a missing signature or a stale one: the verify errors.
        let err = challenge("POST", body, &pairs, Some("other"), None, now).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        let err = challenge("POST", body, &[], Some("signing-secret"), None, now).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        let err = challenge("POST", body, &pairs, Some(""), None, now).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/secrets"));
        let err = challenge(
            "POST",
            body,
            &pairs,
            Some("signing-secret"),
            None,
            now + 301,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_TIMESTAMP");
        // The deprecated verification token, when given, must match.
        let ok = challenge(
            "POST",
            body,
            &pairs,
            None,
            Some("Jhj5dZrVaK7ZwHHjRyZWjbDl"),
            now,
        )
        .unwrap()
        .unwrap();
        assert_eq!(ok.status, 200);
        let wrong = challenge("POST", body, &pairs, None, Some("other"), now)
            .unwrap()
            .unwrap();
        assert_eq!((wrong.status, wrong.body.as_str()), (403, ""));
    }

    #[test]
    fn other_requests_are_not_handshakes() {
        let now = 1_700_000_000;
        let event = br#"{"type":"event_callback","challenge":"x","event":{"type":"message"}}"#;
        for (method, body) in [
            ("POST", event.as_slice()),
            ("POST", DOC_BODY),
            ("POST", b"[]"),
            ("POST", b"\"url_verification\""),
            ("POST", b"{\"type\":\"url_verification\""),
            ("POST", b""),
            ("GET", CHALLENGE_BODY.as_bytes()),
        ] {
            assert_eq!(
                challenge(method, body, &[], None, None, now).unwrap(),
                None,
                "{method} {body:?}"
            );
        }
        let no_challenge = br#"{"type":"url_verification","challenge":42}"#;
        let err = challenge("POST", no_challenge, &[], None, None, now).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARGUMENT");
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "(v0=)?[0-9a-fA-F]{0,66}|\\PC{0,70}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [
                ("X-Slack-Request-Timestamp", "1700000000"),
                ("X-Slack-Signature", value.as_str()),
            ];
            let result = check("slack", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
