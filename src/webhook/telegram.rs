//! Telegram Bot API webhooks.
//!
//! - Header: `X-Telegram-Bot-Api-Secret-Token`, carrying verbatim the `secret_token` the bot
//!   passed to `setWebhook`.
//! - Signed bytes: none. Telegram sends a shared token, not a signature: a match proves the
//!   sender knows the token, but nothing binds it to the body, so the body's integrity rests
//!   on TLS alone (a party that can read or alter the request in transit can reuse the token
//!   on any body). Only use HTTPS webhook URLs.
//! - Secret: the `secret_token` itself. Telegram allows 1–256 characters from `A-Z`, `a-z`,
//!   `0-9`, `_` and `-`, so any other secret is `ERR_WEBHOOK_SECRET` for its index, and a
//!   header outside that alphabet is `ERR_WEBHOOK_HEADER`. Every secret is compared in
//!   constant time, over SHA-256 digests so that not even the token's length leaks.
//! - Replay window: none (nothing is signed). Delivery id: none in the headers; the body's
//!   `update_id` identifies the update.
//! - Handshake: none (the URL is registered with `setWebhook`).

use super::crypto::{self, Algorithm};
use super::{Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "telegram",
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const HEADER: &str = "x-telegram-bot-api-secret-token";
const ALPHABET: &str = "1–256 characters from A-Z, a-z, 0-9, `_` and `-`";

/// Whether Telegram's `setWebhook` would accept `token` as `secret_token`.
fn is_token(token: &str) -> bool {
    (1..=256).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    if let Some(index) = context.secrets.iter().position(|secret| !is_token(secret)) {
        return Err(Error::WebhookSecret {
            index: Some(index),
            problem: format!("a Telegram secret_token is {ALPHABET}"),
        });
    }
    let token = context.delivery.headers.require(HEADER)?;
    if !is_token(token) {
        return Err(Error::WebhookHeader {
            header: HEADER.to_owned(),
            problem: format!("expected {ALPHABET}"),
        });
    }
    let given = crypto::digest(Algorithm::Sha256, &[token.as_bytes()]);
    let (secret_index, signature_index) = context.match_signatures(
        HEADER,
        "telegram",
        std::slice::from_ref(&given),
        |_, secret| Ok(crypto::digest(Algorithm::Sha256, &[secret.as_bytes()])),
    )?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: HEADER,
        algorithm: "secret-token",
        timestamp: None,
    })
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    if !is_token(context.secret) {
        return Err(Error::WebhookSecret {
            index: None,
            problem: format!("a Telegram secret_token is {ALPHABET}"),
        });
    }
    Ok(vec![(
        "X-Telegram-Bot-Api-Secret-Token".to_owned(),
        context.secret.to_owned(),
    )])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{respond_to_handshake, HandshakeContext, Headers};
    use super::*;

    const UPDATE: &[u8] = br#"{"update_id":10000,"message":{"message_id":1365,"date":1764316800,"chat":{"id":1111111,"type":"private"},"from":{"id":1111111,"is_bot":false,"first_name":"Ada"},"text":"/start"}}"#;

    fn token(secrets: &[&str], value: &str) -> Result<usize, (&'static str, Option<String>)> {
        check(
            "telegram",
            secrets,
            &[("X-Telegram-Bot-Api-Secret-Token", value)],
            UPDATE,
            0,
        )
        .map(|v| v.matched.secret_index)
        .map_err(|e| (e.code(), e.path()))
    }

    #[test]
    fn matching_token_verifies_any_body() {
        let result = check(
            "telegram",
            &["s3cr3t_T0ken-x"],
            &[("x-telegram-bot-api-secret-token", "s3cr3t_T0ken-x")],
            UPDATE,
            0,
        )
        .unwrap();
        assert_eq!(result.matched.algorithm, "secret-token");
        assert_eq!(result.matched.header, HEADER);
        assert_eq!((result.timestamp, result.delivery_id), (None, None));
        // Nothing covers the body: the same token passes with any body.
        assert!(round_trip("telegram", "tok", "tok", b"anything").is_ok());
    }

    #[test]
    fn sign_returns_the_token_header() {
        let headers = sign(&SignContext {
            secret: "tok_1",
            body: UPDATE,
            now: 0,
            id: None,
            url: None,
            method: None,
        })
        .unwrap();
        assert_eq!(
            headers,
            vec![(
                "X-Telegram-Bot-Api-Secret-Token".to_owned(),
                "tok_1".to_owned()
            )]
        );
        for bad in ["has space", "émoji", "a.b", &"a".repeat(257)] {
            let err = sign(&SignContext {
                secret: bad,
                body: b"",
                now: 0,
                id: None,
                url: None,
                method: None,
            })
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SECRET", "{bad}");
        }
    }

    #[test]
    fn rotation_and_mismatch() {
        assert_eq!(token(&["old-token", "new-token"], "new-token"), Ok(1));
        assert_eq!(token(&["old-token", "new-token"], "old-token"), Ok(0));
        for value in ["other", "new-toke", "new-token-", "NEW-TOKEN"] {
            assert_eq!(
                token(&["new-token"], value).map_err(|e| e.0),
                Err("ERR_WEBHOOK_SIGNATURE"),
                "{value}"
            );
        }
    }

    #[test]
    fn the_full_length_range_is_accepted() {
        let longest = "Az09_-".repeat(43);
        let longest = longest.get(..256).unwrap();
        assert_eq!(token(&[longest], longest), Ok(0));
        assert_eq!(token(&["x"], "x"), Ok(0));
    }

    #[test]
    fn secrets_outside_telegrams_alphabet_are_secret_errors() {
        let too_long = "a".repeat(257);
        for bad in ["has space", "tok=1", "ünï", "a/b", too_long.as_str()] {
            assert_eq!(
                token(&["fine", bad], "fine"),
                Err(("ERR_WEBHOOK_SECRET", Some("/secrets/1".to_owned()))),
                "{bad}"
            );
        }
    }

    #[test]
    fn malformed_headers() {
        let too_long = "a".repeat(257);
        for value in ["", "   ", "tok en", "tok\u{e9}", too_long.as_str(), "a,b"] {
            assert_eq!(
                token(&["tok"], value).map_err(|e| e.0),
                Err("ERR_WEBHOOK_HEADER"),
                "{value:?}"
            );
        }
        let err = check("telegram", &["tok"], &[], UPDATE, 0).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-telegram-bot-api-secret-token")
        );
        let twice = [
            ("X-Telegram-Bot-Api-Secret-Token", "tok"),
            ("x-telegram-bot-api-secret-token", "other"),
        ];
        let err = check("telegram", &["tok"], &twice, UPDATE, 0).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
    }

    #[test]
    fn there_is_no_handshake() {
        let context = HandshakeContext {
            method: "GET",
            url: "https://crm.test/webhooks/telegram?hub.challenge=1",
            headers: Headers::default(),
            body: b"",
            secret: Some("tok"),
            verify_token: Some("tok"),
            now: 0,
        };
        assert_eq!(respond_to_handshake(&SCHEME, &context).unwrap(), None);
    }
}
