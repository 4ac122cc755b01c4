//! LinkedIn webhooks (Lead Sync, organization social actions, …).
//!
//! - Header: `X-LI-Signature`, lower-case hex of an HMAC-SHA256 keyed with the application's
//!   `clientSecret` (UTF-8).
//! - Signed bytes: LinkedIn's page (learn.microsoft.com/linkedin/shared/api-guide/
//!   webhook-validation, "Requirements for Processing Notifications") says the header is "the
//!   HMACSHA256 hash of the JSON-encoded string representation of the POST body prefixed by
//!   `hmacsha256=`", and that the receiver computes "the signature on the POST body prefixed
//!   by `hmacsha256=`". That reads as reading A, `HMAC(clientSecret, "hmacsha256=" + body)`
//!   with a bare hex header, but can also be read as reading B, a header
//!   `hmacsha256=<hex HMAC(clientSecret, body)>`. LinkedIn publishes no example, so both are
//!   accepted: the header may carry the `hmacsha256=` prefix or not, and its MAC is compared
//!   (in constant time) with both MACs under every secret. Signing produces reading A, the
//!   one the sentence states literally.
//! - Replay window: none (LinkedIn signs no timestamp). Delivery id: none in the headers;
//!   de-duplicate on the body's `notificationId` (LinkedIn: "must be able to deduplicate").
//! - Handshake: `GET ?challengeCode=<uuid>[&applicationId=…]` is answered `200
//!   application/json` `{"challengeCode":…,"challengeResponse":hex(HMAC(clientSecret,
//!   challengeCode))}`. With `applicationId` (parent–child apps), pass that application's
//!   secret.
//!
//! The handshake answers an HMAC of caller-chosen text under the same key that signs
//! deliveries, so it is a signing oracle: a `challengeCode` of `hmacsha256=<json>` would
//! return a valid reading-A signature for `<json>`. Only UUID-shaped codes (LinkedIn sends
//! type-4 UUIDs) are answered, and reading B never accepts a UUID-shaped body, so nothing the
//! handshake returns verifies as a delivery.

use super::crypto::{self, Algorithm};
use super::{
    encoding, form, HandshakeContext, HandshakeResponse, Proof, Scheme, SignContext, VerifyContext,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "linkedin",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

const HEADER: &str = "x-li-signature";
const PREFIX: &str = "hmacsha256=";

/// The MAC a header carries, with or without the `hmacsha256=` prefix.
fn parse(value: &str) -> Result<Vec<u8>, Error> {
    let hex = match value.get(..PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(PREFIX) => {
            value.get(PREFIX.len()..).unwrap_or_default()
        }
        _ => value,
    };
    encoding::hex_decode(hex)
        .filter(|mac| mac.len() == Algorithm::Sha256.output_len())
        .ok_or_else(|| Error::WebhookHeader {
            header: HEADER.to_owned(),
            problem: "expected 64 hex digits of an HMAC-SHA256, optionally after `hmacsha256=`"
                .into(),
        })
}

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let signature = parse(context.delivery.headers.require(HEADER)?)?;
    let body = context.delivery.body;
    // See the module doc: a body the handshake could have signed is never taken on reading B.
    let reading_b_allowed = !is_uuid(body);
    for (secret_index, secret) in context.secrets.iter().enumerate() {
        let key = secret.as_bytes();
        let reading_a = crypto::hmac(Algorithm::Sha256, key, &[PREFIX.as_bytes(), body]);
        let reading_b = crypto::hmac(Algorithm::Sha256, key, &[body]);
        // Both comparisons always run; `|` does not short-circuit.
        let matched = crypto::constant_time_eq(&reading_a, &signature)
            | (crypto::constant_time_eq(&reading_b, &signature) & reading_b_allowed);
        if matched {
            return Ok(Proof {
                secret_index,
                signature_index: 0,
                header: HEADER,
                algorithm: Algorithm::Sha256.hmac_name(),
                timestamp: None,
            });
        }
    }
    Err(Error::WebhookSignature {
        scheme: "linkedin",
        header: HEADER.to_owned(),
        secrets_tried: context.secrets.len(),
    })
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let mac = crypto::hmac(
        Algorithm::Sha256,
        context.secret.as_bytes(),
        &[PREFIX.as_bytes(), context.body],
    );
    Ok(vec![(
        "X-LI-Signature".to_owned(),
        encoding::hex_encode(&mac),
    )])
}

/// `8-4-4-4-12` hex digits, either case (the shape, not the version nibble, is what matters).
fn is_uuid(text: &[u8]) -> bool {
    text.len() == 36
        && text.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn handshake(context: &HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("GET") {
        return Ok(None);
    }
    let query = form::query_pairs(context.url);
    let Some(code) = form::first(&query, "challengeCode") else {
        return Ok(None);
    };
    let secret = match context.secret {
        Some(secret) if !secret.is_empty() => secret,
        _ => {
            return Err(Error::WebhookSecret {
                index: None,
                problem: "the LinkedIn challengeResponse is an HMAC with your clientSecret; pass \
                          `secret` (with `applicationId` in the query, that application's secret)"
                    .into(),
            })
        }
    };
    if !is_uuid(code.as_bytes()) {
        return Ok(Some(HandshakeResponse::forbidden()));
    }
    let mac = crypto::hmac(Algorithm::Sha256, secret.as_bytes(), &[code.as_bytes()]);
    let body = serde_json::json!({
        "challengeCode": code,
        "challengeResponse": encoding::hex_encode(&mac),
    });
    Ok(Some(HandshakeResponse::new(
        200,
        Some("application/json"),
        body.to_string(),
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::Headers;
    use super::*;

    const SECRET: &str = "li-client-secret";
    const BODY: &[u8] = br#"{"type":"LEAD_ACTION","leadGenFormResponse":"urn:li:leadGenFormResponse:1a2b3c-4","leadAction":"CREATED","occurredAt":1686182358881}"#;
    // Computed with python3: hmac.new(SECRET, b"hmacsha256=" + BODY, sha256).hexdigest()
    // (reading A) and hmac.new(SECRET, BODY, sha256).hexdigest() (reading B).
    const READING_A: &str = "dc526abff96021f7943ce7e136f95a30fa54962e089b57d038df36e7c0bd4d6b";
    const READING_B: &str = "47f77ee57a2033138346951fa3801fb029fe00f5712b44b4169be3e2423a4b69";

    fn verify_header(secrets: &[&str], value: &str, body: &[u8]) -> Result<usize, &'static str> {
        check("linkedin", secrets, &[("X-LI-Signature", value)], body, 0)
            .map(|v| v.matched.secret_index)
            .map_err(|e| e.code())
    }

    #[test]
    fn both_readings_verify_with_or_without_the_prefix() {
        for header in [
            READING_A.to_owned(),
            format!("hmacsha256={READING_A}"),
            format!("HMACSHA256={}", READING_A.to_ascii_uppercase()),
            READING_B.to_owned(),
            format!("hmacsha256={READING_B}"),
        ] {
            assert_eq!(verify_header(&[SECRET], &header, BODY), Ok(0), "{header}");
        }
        let result = check(
            "linkedin",
            &[SECRET],
            &[("x-li-signature", READING_A)],
            BODY,
            0,
        )
        .unwrap();
        assert_eq!(result.matched.algorithm, "hmac-sha256");
        assert_eq!(result.matched.header, "x-li-signature");
        assert_eq!((result.timestamp, result.delivery_id), (None, None));
    }

    #[test]
    fn sign_is_reading_a_and_round_trips() {
        let headers = sign(&SignContext {
            secret: SECRET,
            body: BODY,
            now: 0,
            id: None,
            url: None,
            method: None,
        })
        .unwrap();
        assert_eq!(
            headers,
            vec![("X-LI-Signature".to_owned(), READING_A.to_owned())]
        );
        assert!(round_trip("linkedin", "s", "s", "{\"a\":\"é😀\"}".as_bytes()).is_ok());
    }

    #[test]
    fn rotation_mismatch_and_tampering() {
        assert_eq!(verify_header(&["old", SECRET], READING_B, BODY), Ok(1));
        assert_eq!(
            verify_header(&["other"], READING_A, BODY),
            Err("ERR_WEBHOOK_SIGNATURE")
        );
        assert_eq!(
            verify_header(&[SECRET], READING_A, b"{}"),
            Err("ERR_WEBHOOK_SIGNATURE")
        );
        assert_eq!(
            round_trip("linkedin", "a", "b", b"{}").unwrap_err().code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn malformed_headers() {
        let short = &READING_A[2..];
        let sha256 = format!("sha256={READING_A}");
        let doubled = format!("hmacsha256=hmacsha256={READING_A}");
        let base64 = "3FJqv/lgIfeUPOfhNvlaMPpUli4Im1fQON8258C9TWs=";
        for header in [
            "",
            "hmacsha256=",
            "zz",
            short,
            &sha256,
            &doubled,
            base64,
            "é",
        ] {
            assert_eq!(
                verify_header(&[SECRET], header, BODY),
                Err("ERR_WEBHOOK_HEADER"),
                "{header}"
            );
        }
        let err = check("linkedin", &[SECRET], &[], BODY, 0).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-li-signature"));
    }

    fn challenge(url: &str, secret: Option<&str>) -> Result<Option<HandshakeResponse>, Error> {
        let context = HandshakeContext {
            method: "GET",
            url,
            headers: Headers::default(),
            body: b"",
            secret,
            verify_token: None,
            now: 0,
        };
        super::super::respond_to_handshake(&SCHEME, &context)
    }

    // The request in LinkedIn's webhook-validation page; the answer's MAC computed with
    // python3 hmac.new(b"li-client-secret", code, sha256). (The page's own example response
    // does not say which secret produced it, so it cannot be checked.)
    #[test]
    fn challenge_is_answered_with_the_documented_json() {
        let url = "https://webhooks.example.com/linkedin?challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0";
        let response = challenge(url, Some(SECRET)).unwrap().unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(
            response.headers,
            vec![("content-type".to_owned(), "application/json".to_owned())]
        );
        let expected = concat!(
            r#"{"challengeCode":"890e4665-4dfe-4ab1-b689-ed553bceeed0","#,
            r#""challengeResponse":"313e20a5110164b82333ba6cb7cdad9e864a8e809bb93b22935d24b57f42823f"}"#
        );
        assert_eq!(response.body, expected);
        let with_app = format!("{url}&applicationId=12345");
        assert_eq!(
            challenge(&with_app, Some(SECRET)).unwrap().unwrap().body,
            expected
        );
    }

    #[test]
    fn challenge_needs_a_secret_and_a_uuid() {
        let url = "https://crm.test/li?challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0";
        for secret in [None, Some("")] {
            assert_eq!(
                challenge(url, secret).unwrap_err().code(),
                "ERR_WEBHOOK_SECRET"
            );
        }
        for code in [
            "hmacsha256%3D%7B%22a%22%3A1%7D",
            "%7B%22a%22%3A1%7D",
            "1234",
            "",
            "890e4665-4dfe-4ab1-b689-ed553bceeed",
            "890e4665x4dfe-4ab1-b689-ed553bceeed0",
            "890e4665-4dfe-4ab1-b689-ed553bceeedg",
        ] {
            let url = format!("https://crm.test/li?challengeCode={code}");
            let response = challenge(&url, Some(SECRET)).unwrap().unwrap();
            assert_eq!(
                (response.status, response.body.as_str()),
                (403, ""),
                "{code}"
            );
        }
        assert_eq!(
            challenge("https://crm.test/li", Some(SECRET)).unwrap(),
            None
        );
        assert_eq!(
            challenge("https://crm.test/li?code=1", Some(SECRET)).unwrap(),
            None
        );
        let post = HandshakeContext {
            method: "POST",
            url,
            headers: Headers::default(),
            body: b"",
            secret: Some(SECRET),
            verify_token: None,
            now: 0,
        };
        assert_eq!(
            super::super::respond_to_handshake(&SCHEME, &post).unwrap(),
            None
        );
    }

    #[test]
    fn challenge_answers_never_verify_as_deliveries() {
        let code = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
        let url = format!("https://crm.test/li?challengeCode={code}");
        let response = challenge(&url, Some(SECRET)).unwrap().unwrap();
        let answer: serde_json::Value = serde_json::from_str(&response.body).unwrap();
        let mac = answer["challengeResponse"].as_str().unwrap();
        assert_eq!(
            verify_header(&[SECRET], mac, code.as_bytes()),
            Err("ERR_WEBHOOK_SIGNATURE")
        );
    }
}
