//! X (Twitter) Account Activity and v2 webhooks:
//! `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, body)>`.
//! CRC check: `GET ?crc_token=T` → `{"response_token":"sha256=<base64 HMAC(consumer secret, T)>"}`.
//!
//! The CRC answer is the same HMAC, under the same key, as a delivery signature, so answering
//! any `crc_token` would let anyone obtain a valid signature for a body of their choice. Only
//! tokens made of URL-safe token characters (letters, digits, `-._~+/=`, at most 512) are
//! answered: no JSON body can be spelled with them. Others get 403.

use super::crypto::{self, Algorithm};
use super::{
    encoding, form, BodyMac, HandshakeContext, HandshakeResponse, MacEncoding, Proof, Scheme,
    SignContext, VerifyContext,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "x",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

const MAC: BodyMac = BodyMac {
    scheme: "x",
    header: "x-twitter-webhooks-signature",
    header_spelling: "x-twitter-webhooks-signature",
    prefix: "sha256=",
    algorithm: Algorithm::Sha256,
    encoding: MacEncoding::Base64,
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    MAC.verify(context)
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![MAC.sign(context)])
}

fn handshake(context: &HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("GET") {
        return Ok(None);
    }
    let query = form::query_pairs(context.url);
    let Some(token) = form::first(&query, "crc_token") else {
        return Ok(None);
    };
    if !is_token(token) {
        return Ok(Some(HandshakeResponse::forbidden()));
    }
    let secret = match context.secret {
        Some(secret) if !secret.is_empty() => secret,
        _ => {
            return Err(Error::WebhookSecret {
                index: None,
                problem: "the X CRC answer is an HMAC with your consumer secret; pass `secret`"
                    .into(),
            })
        }
    };
    let mac = crypto::hmac(Algorithm::Sha256, secret.as_bytes(), &[token.as_bytes()]);
    let body = serde_json::json!({ "response_token": format!("sha256={}", encoding::base64_encode(&mac)) });
    Ok(Some(HandshakeResponse::new(
        200,
        Some("application/json"),
        body.to_string(),
    )))
}

/// A CRC token as X sends it: a short opaque string, never a JSON document.
fn is_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 512
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::super::{respond_to_handshake, Headers};
    use super::*;

    #[test]
    fn round_trip_and_mismatch() {
        assert!(round_trip(
            "x",
            "consumer-secret",
            "consumer-secret",
            b"{\"for_user_id\":\"2244994945\"}"
        )
        .is_ok());
        assert_eq!(
            round_trip("x", "a", "b", b"{}").unwrap_err().code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn crc_response_token() {
        let context = HandshakeContext {
            method: "GET",
            url: "https://crm.test/webhooks/x?crc_token=Jefe-token&nonce=1",
            headers: Headers::default(),
            body: b"",
            secret: Some("Jefe"),
            verify_token: None,
            now: 0,
        };
        let response = respond_to_handshake(&SCHEME, &context).unwrap().unwrap();
        let mac = crypto::hmac(Algorithm::Sha256, b"Jefe", &[b"Jefe-token"]);
        let expected = format!(
            "{{\"response_token\":\"sha256={}\"}}",
            encoding::base64_encode(&mac)
        );
        assert_eq!((response.status, response.body), (200, expected));
        // A token that spells a delivery body would turn the CRC into a signing oracle.
        let forge = HandshakeContext {
            url: "https://crm.test/webhooks/x?crc_token=%7B%22for_user_id%22%3A%221%22%7D",
            headers: Headers::default(),
            ..context
        };
        assert_eq!(
            respond_to_handshake(&SCHEME, &forge)
                .unwrap()
                .unwrap()
                .status,
            403
        );
        let no_secret = HandshakeContext {
            secret: None,
            ..context
        };
        assert_eq!(
            respond_to_handshake(&SCHEME, &no_secret)
                .unwrap_err()
                .code(),
            "ERR_WEBHOOK_SECRET"
        );
    }
}
