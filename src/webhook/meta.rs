//! Meta (Facebook Pages, Messenger, Instagram, WhatsApp Cloud, Lead Ads).
//!
//! `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(App Secret, body)>`, and the legacy
//! `X-Hub-Signature: sha1=<hex>` which Meta still sends beside it. Meta computes both over the
//! body exactly as sent (with its `\uXXXX` escapes), so the bytes are verified as received.
//! Subscription check: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`, answered
//! with the challenge verbatim.

use super::crypto::Algorithm;
use super::{
    form, verify_first_present, BodyMac, HandshakeContext, HandshakeResponse, MacEncoding, Proof,
    Scheme, SignContext, VerifyContext,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "meta",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

pub(super) const SHA256: BodyMac = BodyMac {
    scheme: "meta",
    header: "x-hub-signature-256",
    header_spelling: "X-Hub-Signature-256",
    prefix: "sha256=",
    algorithm: Algorithm::Sha256,
    encoding: MacEncoding::Hex,
};

pub(super) const SHA1: BodyMac = BodyMac {
    scheme: "meta",
    header: "x-hub-signature",
    header_spelling: "X-Hub-Signature",
    prefix: "sha1=",
    algorithm: Algorithm::Sha1,
    encoding: MacEncoding::Hex,
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    verify_first_present(context, &[&SHA256, &SHA1])
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![SHA256.sign(context), SHA1.sign(context)])
}

/// The `hub.*` verification request shared by Meta and WebSub-style hubs.
pub(super) fn handshake(
    context: &HandshakeContext<'_>,
) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("GET") {
        return Ok(None);
    }
    let query = form::query_pairs(context.url);
    let (Some(mode), Some(challenge)) = (
        form::first(&query, "hub.mode"),
        form::first(&query, "hub.challenge"),
    ) else {
        return Ok(None);
    };
    let Some(expected) = context.verify_token else {
        return Err(Error::InvalidArgument {
            path: "/verifyToken".into(),
            message: "a Meta subscription check must be matched against the verify token you registered; pass `verifyToken`".into(),
        });
    };
    let given = form::first(&query, "hub.verify_token").unwrap_or_default();
    if mode != "subscribe"
        || !super::crypto::constant_time_eq(given.as_bytes(), expected.as_bytes())
    {
        return Ok(Some(HandshakeResponse::forbidden()));
    }
    // Echoed verbatim: Meta compares the string, so it is never parsed as a number.
    Ok(Some(HandshakeResponse::new(
        200,
        Some("text/plain; charset=utf-8"),
        challenge,
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{respond_to_handshake, Headers};
    use super::*;

    const NOW: i64 = 1_700_000_000;

    // GitHub documents this vector for the same construction (sha256= + hex HMAC-SHA256).
    #[test]
    fn published_vector_verifies() {
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let result = check(
            "meta",
            &["It's a Secret to Everybody"],
            &[("X-Hub-Signature-256", header)],
            b"Hello, World!",
            NOW,
        )
        .unwrap();
        assert_eq!(result.matched.header, "x-hub-signature-256");
        assert_eq!(result.delivery_id, None);
    }

    #[test]
    fn legacy_sha1_header_verifies_alone() {
        let secret = "s";
        let mac = super::super::crypto::hmac(Algorithm::Sha1, secret.as_bytes(), &[b"{}"]);
        let header = format!("sha1={}", super::super::encoding::hex_encode(&mac));
        let result = check(
            "meta",
            &[secret],
            &[("X-Hub-Signature", &header)],
            b"{}",
            NOW,
        )
        .unwrap();
        assert_eq!(result.matched.algorithm, "hmac-sha1");
    }

    #[test]
    fn sha256_wins_when_both_are_present() {
        let ok = round_trip("meta", "s", "s", b"{}").unwrap();
        assert_eq!(ok.matched.header, "x-hub-signature-256");
        // A bad SHA-256 header fails even beside a good SHA-1 one: no downgrade.
        let sha1 = SHA1.sign(&SignContext {
            secret: "s",
            body: b"{}",
            now: NOW,
            id: None,
            url: None,
            method: None,
        });
        let bad = format!("sha256={}", "0".repeat(64));
        let err = check(
            "meta",
            &["s"],
            &[("x-hub-signature-256", &bad), (&sha1.0, &sha1.1)],
            b"{}",
            NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn mismatch_and_malformed_headers() {
        assert_eq!(
            round_trip("meta", "a", "b", b"x").unwrap_err().code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
        for header in ["sha1=00", "sha256=", "sha256=zz", "é", "sha256=é"] {
            let err = check(
                "meta",
                &["s"],
                &[("x-hub-signature-256", header)],
                b"x",
                NOW,
            )
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{header}");
        }
        let err = check("meta", &["s"], &[], b"x", NOW).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-hub-signature-256"));
    }

    fn hub(url: &str, token: Option<&str>) -> Result<Option<HandshakeResponse>, Error> {
        let context = HandshakeContext {
            method: "GET",
            url,
            headers: Headers::default(),
            body: b"",
            secret: None,
            verify_token: token,
            now: NOW,
        };
        respond_to_handshake(&SCHEME, &context)
    }

    #[test]
    fn handshake_echoes_the_challenge_only_for_the_right_token() {
        let url = "https://crm.test/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
        let ok = hub(url, Some("meatyhamhock")).unwrap().unwrap();
        assert_eq!((ok.status, ok.body.as_str()), (200, "1158201444"));
        let wrong = hub(url, Some("other")).unwrap().unwrap();
        assert_eq!((wrong.status, wrong.body.as_str()), (403, ""));
        assert_eq!(hub(url, None).unwrap_err().code(), "ERR_INVALID_ARGUMENT");
        assert_eq!(
            hub("https://crm.test/webhooks/meta", Some("t")).unwrap(),
            None
        );
        let unsubscribe = url.replace("subscribe", "unsubscribe");
        assert_eq!(
            hub(&unsubscribe, Some("meatyhamhock"))
                .unwrap()
                .unwrap()
                .status,
            403
        );
    }
}
