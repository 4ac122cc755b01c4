//! Zendesk webhooks (developer.zendesk.com/documentation/webhooks/verifying).
//!
//! - Headers: `X-Zendesk-Webhook-Signature: <base64>` and
//!   `X-Zendesk-Webhook-Signature-Timestamp: <RFC 3339 UTC>` (e.g. `2021-03-25T05:09:27Z`).
//! - Signed bytes: the timestamp header text immediately followed by the body, no separator
//!   (`base64(HMACSHA256(TIMESTAMP + BODY))`); GET and DELETE requests sign an empty body.
//! - Secret: the webhook's signing secret used literally as text. It looks like base64 but is
//!   not decoded.
//! - Replay window: Zendesk documents none, so the default ±`toleranceSeconds` (300) applies
//!   in both directions; the timestamp is parsed strictly as RFC 3339 (`Z` or `±hh:mm`,
//!   fractional seconds allowed). The signature is checked first.
//! - Delivery id: `x-zendesk-webhook-invocation-id`, one per invocation and kept by its
//!   retried attempts ("Anatomy of a webhook request").
//! - Handshake: none. (Zendesk's docs use a fixed secret for test requests,
//!   `dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==`, also used literally.)

use super::crypto::{self, Algorithm};
use super::{encoding, timestamp, Proof, Scheme, SignContext, VerifyContext, Window};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "zendesk",
    delivery_id_header: Some("x-zendesk-webhook-invocation-id"),
    verify,
    sign,
    handshake: None,
};

const SIGNATURE: &str = "x-zendesk-webhook-signature";
const TIMESTAMP: &str = "x-zendesk-webhook-signature-timestamp";

fn mac(secret: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    crypto::hmac(
        Algorithm::Sha256,
        secret.as_bytes(),
        &[timestamp.as_bytes(), body],
    )
}

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let headers = &context.delivery.headers;
    let signature = headers.require(SIGNATURE)?;
    let timestamp_text = headers.require(TIMESTAMP)?;
    let timestamp = timestamp::rfc3339_seconds(TIMESTAMP, timestamp_text)?;
    let signature = encoding::base64_decode(signature)
        .filter(|bytes| bytes.len() == Algorithm::Sha256.output_len())
        .ok_or_else(|| Error::WebhookHeader {
            header: SIGNATURE.to_owned(),
            problem: "expected the base64 HMAC-SHA256 (44 characters) of the timestamp and body"
                .into(),
        })?;
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

/// The two headers, spelled in lower case as Zendesk's request anatomy shows them; the
/// invocation id is added by the caller's `id`.
fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let timestamp =
        timestamp::format_rfc3339(context.now).ok_or_else(|| Error::InvalidArgument {
            path: "/now".into(),
            message: "a Zendesk timestamp must fall in the years 0000–9999".into(),
        })?;
    let signature = encoding::base64_encode(&mac(context.secret, &timestamp, context.body));
    Ok(vec![
        (SIGNATURE.to_owned(), signature),
        (TIMESTAMP.to_owned(), timestamp),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{sign as sign_headers, SignContext};
    use super::*;

    // The test secret of Zendesk's verifying page and the request anatomy's timestamp; the signature
    // was computed with python3: base64(hmac.new(SECRET, TIMESTAMP + BODY, sha256).digest()).
    const SECRET: &str = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    const TIMESTAMP_TEXT: &str = "2021-03-25T05:09:27Z";
    const NOW: i64 = 1_616_648_967;
    const BODY: &[u8] = br#"{"type":"zen:event-type:ticket.created","detail":{"id":"35436","subject":"Help, my printer is on fire!"}}"#;
    const SIGNED: &str = "U2Y+p1PO/5CHhWeJxiGmssEf1TsYx5hMsMQ+aMHSeOE=";

    fn headers(signature: &str) -> [(&str, &str); 3] {
        [
            ("X-Zendesk-Webhook-Signature", signature),
            ("X-Zendesk-Webhook-Signature-Timestamp", TIMESTAMP_TEXT),
            ("x-zendesk-webhook-invocation-id", "8350205582"),
        ]
    }

    #[test]
    fn independent_vector() {
        let result = check("zendesk", &[SECRET], &headers(SIGNED), BODY, NOW).unwrap();
        assert_eq!(result.timestamp, Some(NOW));
        assert_eq!(result.delivery_id.as_deref(), Some("8350205582"));
        assert_eq!(result.matched.header, "x-zendesk-webhook-signature");
        assert_eq!(result.matched.algorithm, "hmac-sha256");
    }

    #[test]
    fn the_secret_is_not_base64_decoded_and_nothing_separates_the_parts() {
        let decoded = encoding::base64_decode(SECRET).unwrap();
        let with_decoded_key = crypto::hmac(
            Algorithm::Sha256,
            &decoded,
            &[TIMESTAMP_TEXT.as_bytes(), BODY],
        );
        let with_dot = crypto::hmac(
            Algorithm::Sha256,
            SECRET.as_bytes(),
            &[TIMESTAMP_TEXT.as_bytes(), b".", BODY],
        );
        let body_first = crypto::hmac(
            Algorithm::Sha256,
            SECRET.as_bytes(),
            &[BODY, TIMESTAMP_TEXT.as_bytes()],
        );
        for wrong in [with_decoded_key, with_dot, body_first] {
            let signature = encoding::base64_encode(&wrong);
            let err = check("zendesk", &[SECRET], &headers(&signature), BODY, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        }
    }

    #[test]
    fn sign_format_round_trip_and_empty_body() {
        let signed = sign_headers(
            &SCHEME,
            &SignContext {
                secret: SECRET,
                body: BODY,
                now: NOW,
                id: Some("8350205582"),
                url: None,
                method: None,
            },
        )
        .unwrap();
        assert_eq!(
            signed,
            vec![
                (SIGNATURE.to_owned(), SIGNED.to_owned()),
                (TIMESTAMP.to_owned(), TIMESTAMP_TEXT.to_owned()),
                (
                    "x-zendesk-webhook-invocation-id".to_owned(),
                    "8350205582".to_owned()
                ),
            ]
        );
        assert!(round_trip("zendesk", "secret", "secret", b"").is_ok());
        assert_eq!(
            round_trip("zendesk", "secret", "other", b"{}")
                .unwrap_err()
                .code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
        let err = sign_headers(
            &SCHEME,
            &SignContext {
                secret: SECRET,
                body: b"",
                now: i64::MAX,
                id: None,
                url: None,
                method: None,
            },
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/now"));
    }

    #[test]
    fn rotation_and_mismatch() {
        let result = check("zendesk", &["old", SECRET], &headers(SIGNED), BODY, NOW).unwrap();
        assert_eq!(result.matched.secret_index, 1);
        let err = check("zendesk", &["old"], &headers(SIGNED), BODY, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        let err = check("zendesk", &[SECRET], &headers(SIGNED), b"{}", NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // The timestamp is signed as text: the same instant spelled differently does not match.
        let respelled = [
            ("X-Zendesk-Webhook-Signature", SIGNED),
            (
                "X-Zendesk-Webhook-Signature-Timestamp",
                "2021-03-25T05:09:27.000Z",
            ),
        ];
        let err = check("zendesk", &[SECRET], &respelled, BODY, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn malformed_headers() {
        let err = check("zendesk", &[SECRET], &[], BODY, NOW).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-zendesk-webhook-signature")
        );
        let no_timestamp = [("X-Zendesk-Webhook-Signature", SIGNED)];
        let err = check("zendesk", &[SECRET], &no_timestamp, BODY, NOW).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-zendesk-webhook-signature-timestamp")
        );
        for signature in [
            "sha256=U2Y+p1PO/5CHhWeJxiGmssEf1TsYx5hMsMQ+aMHSeOE=",
            "U2Y+p1PO/5CHhWeJxiGmssEf1TsYx5hMsMQ+aMHSeO",
            "U2Y-p1PO_5CHhWeJxiGmssEf1TsYx5hMsMQ-aMHSeOE=",
            "c9ff9e6c7e6cc697891",
            "é",
        ] {
            let err = check("zendesk", &[SECRET], &headers(signature), BODY, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{signature:?}");
        }
        for timestamp in [
            "1616648967",
            "2021-03-25 05:09:27",
            "2021-03-25T05:09:27",
            "yesterday",
        ] {
            let headers = [
                ("X-Zendesk-Webhook-Signature", SIGNED),
                ("X-Zendesk-Webhook-Signature-Timestamp", timestamp),
            ];
            let err = check("zendesk", &[SECRET], &headers, BODY, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{timestamp:?}");
            assert_eq!(
                err.path().as_deref(),
                Some("/headers/x-zendesk-webhook-signature-timestamp")
            );
        }
    }

    #[test]
    fn replay_window_both_ways_with_offsets() {
        for (now, ok) in [
            (NOW + 300, true),
            (NOW - 300, true),
            (NOW + 301, false),
            (NOW - 301, false),
        ] {
            let result = check("zendesk", &[SECRET], &headers(SIGNED), BODY, now);
            match ok {
                true => assert!(result.is_ok(), "{now}"),
                false => assert_eq!(result.unwrap_err().code(), "ERR_WEBHOOK_TIMESTAMP"),
            }
        }
        // An offset timestamp is the same instant for the window.
        let offset = "2021-03-25T07:09:27.5+02:00";
        let signature = encoding::base64_encode(&mac(SECRET, offset, BODY));
        let headers = [
            ("X-Zendesk-Webhook-Signature", signature.as_str()),
            ("X-Zendesk-Webhook-Signature-Timestamp", offset),
        ];
        let result = check("zendesk", &[SECRET], &headers, BODY, NOW).unwrap();
        assert_eq!(result.timestamp, Some(NOW));
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "[A-Za-z0-9+/=]{0,46}|\\PC{0,50}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [
                ("X-Zendesk-Webhook-Signature", value.as_str()),
                ("X-Zendesk-Webhook-Signature-Timestamp", "2023-11-14T22:13:20Z"),
            ];
            let result = check("zendesk", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
