//! Standard Webhooks (standardwebhooks.com, spec 1.0.0), also the `svix` scheme's engine.
//!
//! - Headers: `webhook-id`, `webhook-timestamp` (unix seconds), `webhook-signature`: a
//!   space-separated list of `<version>,<signature>` entries, for rotation. `v1` is base64
//!   HMAC-SHA256, `v1a` is base64 Ed25519; other versions are ignored, any match passes.
//! - Signed bytes: `id + "." + timestamp + "." + body`, the header texts as received.
//! - Secrets: `whsec_` + base64 of the HMAC key (the key is the decoded bytes; the prefix is
//!   optional and padding may be left off, as the official SDKs allow); `whpk_` + base64 of a
//!   32-byte Ed25519 public key; `whsk_` + base64 of an Ed25519 secret key (the 32-byte seed, as
//!   the spec's Go library reads it, or the 64-byte seed-and-public form) signs, and also
//!   verifies by its public half.
//! - Replay window: ±`toleranceSeconds` (default 300) in both directions, as every official
//!   SDK checks ("too old" and "too new"). The signature is checked first, so a forgery is
//!   reported as one even when its timestamp is stale.
//! - Delivery id: `webhook-id`, stable across retries (the spec's idempotency key).
//! - Handshake: none.
//!
//! A `v1`/`v1a` entry that does not decode to a signature of the right size is skipped like an
//! unknown version (a later entry may still match); a header with no usable entry at all is
//! malformed.

use super::crypto::{self, Algorithm};
use super::{encoding, timestamp, Proof, Scheme, SignContext, VerifyContext, Window};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "standard-webhooks",
    delivery_id_header: Some(STANDARD.id),
    verify,
    sign,
    handshake: None,
};

/// The three header names a sender uses, in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeaderSet {
    pub id: &'static str,
    pub timestamp: &'static str,
    pub signature: &'static str,
}

/// The unbranded names of the spec (Svix's white-labelled senders use them too).
pub(super) const STANDARD: HeaderSet = HeaderSet {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    verify_with(context, SCHEME.name, STANDARD)
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    sign_with(context, STANDARD)
}

/// A signature entry of the header that this version can check.
enum Candidate {
    Hmac([u8; 32]),
    Ed25519([u8; 64]),
}

/// A verification key decoded from one of the caller's secrets.
enum VerifyKey {
    Hmac(Vec<u8>),
    Ed25519([u8; 32]),
}

/// Verifies a delivery whose three headers are named by `names`.
pub(super) fn verify_with(
    context: &VerifyContext<'_>,
    scheme: &'static str,
    names: HeaderSet,
) -> Result<Proof, Error> {
    let headers = &context.delivery.headers;
    let id = headers.require(names.id)?;
    let timestamp_text = headers.require(names.timestamp)?;
    let signature_text = headers.require(names.signature)?;
    let timestamp = timestamp::unix_seconds(names.timestamp, timestamp_text)?;
    let candidates = parse_signatures(names.signature, signature_text)?;
    // Every secret is decoded before any comparison, so a bad entry in a rotation list is
    // reported at once rather than when the secrets before it stop matching.
    let keys = context
        .secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| verify_key(index, secret))
        .collect::<Result<Vec<_>, _>>()?;
    let signed: [&[u8]; 5] = [
        id.as_bytes(),
        b".",
        timestamp_text.as_bytes(),
        b".",
        context.delivery.body,
    ];
    let mut found = None;
    'search: for (secret_index, key) in keys.iter().enumerate() {
        let mac = match key {
            VerifyKey::Hmac(key) => Some(crypto::hmac(Algorithm::Sha256, key, &signed)),
            VerifyKey::Ed25519(_) => None,
        };
        for (signature_index, candidate) in &candidates {
            let matched = match (key, candidate) {
                (VerifyKey::Hmac(_), Candidate::Hmac(signature)) => mac
                    .as_deref()
                    .is_some_and(|mac| crypto::constant_time_eq(mac, signature)),
                (VerifyKey::Ed25519(public), Candidate::Ed25519(signature)) => {
                    crypto::ed25519_verify(public, &signed, signature).map_err(|_| {
                        Error::WebhookSecret {
                            index: Some(secret_index),
                            problem: "is not a usable Ed25519 public key".into(),
                        }
                    })?
                }
                _ => false,
            };
            if matched {
                let algorithm = match candidate {
                    Candidate::Hmac(_) => Algorithm::Sha256.hmac_name(),
                    Candidate::Ed25519(_) => "ed25519",
                };
                found = Some((secret_index, *signature_index, algorithm));
                break 'search;
            }
        }
    }
    let Some((secret_index, signature_index, algorithm)) = found else {
        return Err(Error::WebhookSignature {
            scheme,
            header: names.signature.to_owned(),
            secrets_tried: context.secrets.len(),
        });
    };
    context.check_timestamp(names.timestamp, timestamp, Window::BothWays)?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: names.signature,
        algorithm,
        timestamp: Some(timestamp),
    })
}

/// The checkable entries of a signature header with their positions in it.
fn parse_signatures(header: &str, value: &str) -> Result<Vec<(usize, Candidate)>, Error> {
    let malformed = |problem: String| Error::WebhookHeader {
        header: header.to_owned(),
        problem,
    };
    let mut candidates = Vec::new();
    for (index, entry) in value.split_ascii_whitespace().enumerate() {
        let Some((version, encoded)) = entry.split_once(',') else {
            return Err(malformed(format!(
                "entry {index} is not `<version>,<base64 signature>` (e.g. `v1,K5oZ…=`)"
            )));
        };
        if version.is_empty() {
            return Err(malformed(format!("entry {index} has no version")));
        }
        let decoded = encoding::base64_decode(encoded);
        let candidate = match (version, decoded) {
            ("v1", Some(bytes)) => bytes.try_into().ok().map(Candidate::Hmac),
            ("v1a", Some(bytes)) => bytes.try_into().ok().map(Candidate::Ed25519),
            _ => None,
        };
        if let Some(candidate) = candidate {
            candidates.push((index, candidate));
        }
    }
    if candidates.is_empty() {
        return Err(malformed(
            "carries no usable signature: expected space-separated `v1,<base64 HMAC-SHA256>` \
             or `v1a,<base64 Ed25519>` entries"
                .into(),
        ));
    }
    Ok(candidates)
}

const HMAC_PREFIX: &str = "whsec_";
const PUBLIC_PREFIX: &str = "whpk_";
const SECRET_KEY_PREFIX: &str = "whsk_";

/// Decodes the base64 after `prefix`, or explains what is wrong with the secret.
fn decode_secret(index: Option<usize>, secret: &str, prefix: &str) -> Result<Vec<u8>, Error> {
    let encoded = secret.get(prefix.len()..).unwrap_or_default();
    match encoding::base64_decode(encoded) {
        Some(bytes) if !bytes.is_empty() => Ok(bytes),
        Some(_) => Err(Error::WebhookSecret {
            index,
            problem: format!("has nothing after the `{prefix}` prefix"),
        }),
        None => {
            let mut problem = if prefix.is_empty() {
                unprefixed_problem(secret)
            } else {
                format!("is not base64 after the `{prefix}` prefix")
            };
            if secret.trim() != secret {
                problem.push_str(" (it starts or ends with whitespace: a stray newline?)");
            }
            Err(Error::WebhookSecret { index, problem })
        }
    }
}

/// Why an unprefixed secret that is not base64 cannot be used.
fn unprefixed_problem(secret: &str) -> String {
    let looks_like_signature = secret
        .split_ascii_whitespace()
        .any(|entry| entry.starts_with("v1,") || entry.starts_with("v1a,"));
    if looks_like_signature {
        "looks like a signature header value (`v1,…`), not a secret; pass the endpoint's \
         signing secret (`whsec_…`)"
            .into()
    } else {
        "is not a Standard Webhooks secret: expected `whsec_` + base64 (HMAC), `whpk_` + base64 \
         (Ed25519 public key) or bare base64"
            .into()
    }
}

/// The 32-byte public key of an Ed25519 secret key given as `whsk_…`.
fn public_of_secret_key(index: Option<usize>, secret: &str) -> Result<[u8; 32], Error> {
    let bytes = decode_secret(index, secret, SECRET_KEY_PREFIX)?;
    crypto::ed25519_public_key(&bytes).map_err(|_| Error::WebhookSecret {
        index,
        problem: format!(
            "a `whsk_` Ed25519 secret key must be 32 bytes (seed) or 64 bytes of base64, got {} \
             bytes",
            bytes.len()
        ),
    })
}

fn verify_key(index: usize, secret: &str) -> Result<VerifyKey, Error> {
    let index = Some(index);
    if secret.starts_with(PUBLIC_PREFIX) {
        let bytes = decode_secret(index, secret, PUBLIC_PREFIX)?;
        let length = bytes.len();
        let key = bytes.try_into().map_err(|_| Error::WebhookSecret {
            index,
            problem: format!(
                "a `whpk_` Ed25519 public key must be 32 bytes of base64, got {length} bytes"
            ),
        })?;
        Ok(VerifyKey::Ed25519(key))
    } else if secret.starts_with(SECRET_KEY_PREFIX) {
        Ok(VerifyKey::Ed25519(public_of_secret_key(index, secret)?))
    } else if secret.starts_with(HMAC_PREFIX) {
        Ok(VerifyKey::Hmac(decode_secret(index, secret, HMAC_PREFIX)?))
    } else {
        Ok(VerifyKey::Hmac(decode_secret(index, secret, "")?))
    }
}

/// Signs with `whsec_…` (a `v1` HMAC) or `whsk_…` (a `v1a` Ed25519 signature) and returns the
/// three headers named by `names`. The id is `context.id`, or `msg_` and 32 hex digits of
/// SHA-256(timestamp + body) so that signing is deterministic.
pub(super) fn sign_with(
    context: &SignContext<'_>,
    names: HeaderSet,
) -> Result<Vec<(String, String)>, Error> {
    if context.now < 0 {
        return Err(Error::InvalidArgument {
            path: "/now".into(),
            message: "a Standard Webhooks timestamp is unix seconds ≥ 0".into(),
        });
    }
    let timestamp = context.now.to_string();
    let id = match context.id {
        Some(id) => {
            if id.is_empty() || id.contains('.') || !id.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::InvalidArgument {
                    path: "/id".into(),
                    message: "a message id must be non-empty printable ASCII without `.` or \
                              spaces (the `.` separates the signed parts)"
                        .into(),
                });
            }
            id.to_owned()
        }
        None => {
            let digest = crypto::digest(Algorithm::Sha256, &[timestamp.as_bytes(), context.body]);
            let digest = digest.get(..16).unwrap_or_default();
            format!("msg_{}", encoding::hex_encode(digest))
        }
    };
    let signed: [&[u8]; 5] = [
        id.as_bytes(),
        b".",
        timestamp.as_bytes(),
        b".",
        context.body,
    ];
    let secret = context.secret;
    let signature = if secret.starts_with(PUBLIC_PREFIX) {
        return Err(Error::WebhookSecret {
            index: None,
            problem: "is a `whpk_` public key, which can only verify; sign with the `whsk_` \
                      secret key"
                .into(),
        });
    } else if secret.starts_with(SECRET_KEY_PREFIX) {
        let key = decode_secret(None, secret, SECRET_KEY_PREFIX)?;
        let signature = crypto::ed25519_sign(&key, &signed).map_err(|_| Error::WebhookSecret {
            index: None,
            problem: format!(
                "a `whsk_` Ed25519 secret key must be 32 bytes (seed) or 64 bytes of base64, got \
                 {} bytes",
                key.len()
            ),
        })?;
        format!("v1a,{}", encoding::base64_encode(&signature))
    } else {
        let prefix = if secret.starts_with(HMAC_PREFIX) {
            HMAC_PREFIX
        } else {
            ""
        };
        let key = decode_secret(None, secret, prefix)?;
        let mac = crypto::hmac(Algorithm::Sha256, &key, &signed);
        format!("v1,{}", encoding::base64_encode(&mac))
    };
    Ok(vec![
        (names.id.to_owned(), id),
        (names.timestamp.to_owned(), timestamp),
        (names.signature.to_owned(), signature),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{sign as sign_headers, Scheme};
    use super::*;

    // The spec repository's published example (libraries/javascript/src/webhook.test.ts,
    // "sign function works"; the same values appear in Svix's docs).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: &str = "1614265330";
    const NOW: i64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // The spec's Go library test TestAsymmetricWebhookSign (libraries/go/
    // webhook_asymmetric_test.go): a 32-byte seed, same id, timestamp and body.
    const SEED: &str = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
    const ED25519_SIGNATURE: &str =
        "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

    fn headers(signature: &str) -> [(&str, &str); 3] {
        [
            ("webhook-id", ID),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", signature),
        ]
    }

    fn public_key() -> String {
        let seed = encoding::base64_decode(SEED.trim_start_matches("whsk_")).unwrap();
        let public = crypto::ed25519_public_key(&seed).unwrap();
        format!("whpk_{}", encoding::base64_encode(&public))
    }

    fn sign_at(secret: &str, id: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
        let context = SignContext {
            secret,
            body,
            now: NOW,
            id,
            url: None,
            method: None,
        };
        sign_headers(Scheme::find("standard-webhooks").unwrap(), &context).unwrap()
    }

    fn pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
        headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn published_hmac_example_signs_and_verifies() {
        let signed = sign_at(SECRET, Some(ID), BODY);
        assert_eq!(
            signed,
            vec![
                ("webhook-id".to_owned(), ID.to_owned()),
                ("webhook-timestamp".to_owned(), TIMESTAMP.to_owned()),
                ("webhook-signature".to_owned(), SIGNATURE.to_owned()),
            ]
        );
        let result = check(
            "standard-webhooks",
            &[SECRET],
            &headers(SIGNATURE),
            BODY,
            NOW,
        )
        .unwrap();
        assert_eq!(result.delivery_id.as_deref(), Some(ID));
        assert_eq!(result.timestamp, Some(NOW));
        assert_eq!(result.matched.header, "webhook-signature");
        assert_eq!(result.matched.algorithm, "hmac-sha256");
        // The `whsec_` prefix is optional, and so is base64 padding (the key here has none).
        let bare = SECRET.trim_start_matches("whsec_");
        assert!(check("standard-webhooks", &[bare], &headers(SIGNATURE), BODY, NOW).is_ok());
    }

    #[test]
    fn published_ed25519_example_signs_and_verifies() {
        let signed = sign_at(SEED, Some(ID), BODY);
        assert_eq!(signed.get(2).map(|h| h.1.as_str()), Some(ED25519_SIGNATURE));
        let public = public_key();
        let result = check(
            "standard-webhooks",
            &[&public],
            &headers(ED25519_SIGNATURE),
            BODY,
            NOW,
        )
        .unwrap();
        assert_eq!(result.matched.algorithm, "ed25519");
        // The secret key verifies by its public half; the 64-byte form signs the same.
        assert!(check(
            "standard-webhooks",
            &[SEED],
            &headers(ED25519_SIGNATURE),
            BODY,
            NOW
        )
        .is_ok());
        let seed = encoding::base64_decode(SEED.trim_start_matches("whsk_")).unwrap();
        let mut full = seed.clone();
        full.extend_from_slice(&crypto::ed25519_public_key(&seed).unwrap());
        let full = format!("whsk_{}", encoding::base64_encode(&full));
        assert_eq!(sign_at(&full, Some(ID), BODY), signed);
        // A tampered body fails under the public key.
        let err = check(
            "standard-webhooks",
            &[&public],
            &headers(ED25519_SIGNATURE),
            b"{}",
            NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn round_trips_and_derived_ids() {
        let ok = round_trip("standard-webhooks", SECRET, SECRET, b"{\"a\":1}").unwrap();
        assert!(ok.delivery_id.unwrap().starts_with("msg_"));
        assert!(round_trip("standard-webhooks", SEED, &public_key(), b"\xff\x00binary").is_ok());
        // Without an id, the id is derived from time and body: the same inputs, the same id.
        let first = sign_at(SECRET, None, b"x");
        assert_eq!(first, sign_at(SECRET, None, b"x"));
        assert_ne!(first.first(), sign_at(SECRET, None, b"y").first());
        let id = &first.first().unwrap().1;
        assert_eq!(id.len(), "msg_".len() + 32);
        assert!(!id.contains('.'));
    }

    #[test]
    fn rotation_several_secrets_and_several_signatures() {
        let other = "whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcyEh";
        // Second secret matches.
        let result = check(
            "standard-webhooks",
            &[other, SECRET],
            &headers(SIGNATURE),
            BODY,
            NOW,
        )
        .unwrap();
        assert_eq!(
            (result.matched.secret_index, result.matched.signature_index),
            (1, 0)
        );
        // The spec SDKs' multi-signature test: unknown versions and non-matching v1 entries
        // around the valid one.
        let list = format!(
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SIGNATURE} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        );
        let result = check("standard-webhooks", &[SECRET], &headers(&list), BODY, NOW).unwrap();
        assert_eq!(result.matched.signature_index, 2);
        // HMAC and Ed25519 signatures side by side, HMAC and public-key secrets side by side.
        let both = format!("{ED25519_SIGNATURE} {SIGNATURE}");
        let public = public_key();
        let result = check(
            "standard-webhooks",
            &[other, &public],
            &headers(&both),
            BODY,
            NOW,
        )
        .unwrap();
        assert_eq!(
            (
                result.matched.secret_index,
                result.matched.signature_index,
                result.matched.algorithm
            ),
            (1, 0, "ed25519")
        );
        // A v1a entry with only HMAC secrets is skipped, not an error of its own.
        let err = check(
            "standard-webhooks",
            &[other],
            &headers(ED25519_SIGNATURE),
            BODY,
            NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // An unreadable v1 entry beside a valid one is skipped.
        let noisy = format!("v1,!!! v1, {SIGNATURE}");
        assert!(check("standard-webhooks", &[SECRET], &headers(&noisy), BODY, NOW).is_ok());
    }

    #[test]
    fn mismatches() {
        let wrong = "whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcyEh";
        let err = check(
            "standard-webhooks",
            &[wrong],
            &headers(SIGNATURE),
            BODY,
            NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        assert_eq!(err.path().as_deref(), Some("/headers/webhook-signature"));
        let err = check(
            "standard-webhooks",
            &[SECRET],
            &headers(SIGNATURE),
            br#"{"test": 2432232315}"#,
            NOW,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // The id and the timestamp are signed too.
        let forged_id = [
            ("webhook-id", "msg_other"),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", SIGNATURE),
        ];
        let err = check("standard-webhooks", &[SECRET], &forged_id, BODY, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        let forged_time = [
            ("webhook-id", ID),
            ("webhook-timestamp", "1614265331"),
            ("webhook-signature", SIGNATURE),
        ];
        let err = check("standard-webhooks", &[SECRET], &forged_time, BODY, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // A forgery with a stale timestamp is reported as a forgery.
        let err = check(
            "standard-webhooks",
            &[wrong],
            &headers(SIGNATURE),
            BODY,
            NOW + 10_000,
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn malformed_headers() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "webhook-id"),
            (
                &[
                    ("webhook-timestamp", TIMESTAMP),
                    ("webhook-signature", SIGNATURE),
                ],
                "webhook-id",
            ),
            (
                &[("webhook-id", ID), ("webhook-signature", SIGNATURE)],
                "webhook-timestamp",
            ),
            (
                &[("webhook-id", ID), ("webhook-timestamp", TIMESTAMP)],
                "webhook-signature",
            ),
            (
                &[
                    ("webhook-id", " "),
                    ("webhook-timestamp", TIMESTAMP),
                    ("webhook-signature", SIGNATURE),
                ],
                "webhook-id",
            ),
            (
                &[
                    ("webhook-id", ID),
                    ("webhook-timestamp", TIMESTAMP),
                    ("webhook-signature", SIGNATURE),
                    ("Webhook-Signature", "v1,other"),
                ],
                "webhook-signature",
            ),
        ];
        for (headers, header) in cases {
            let err = check("standard-webhooks", &[SECRET], headers, BODY, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{headers:?}");
            assert_eq!(
                err.path(),
                Some(format!("/headers/{header}")),
                "{headers:?}"
            );
        }
        for timestamp in ["hello", "", "1614265330.5", "-1614265330", "1e9"] {
            let headers = [
                ("webhook-id", ID),
                ("webhook-timestamp", timestamp),
                ("webhook-signature", SIGNATURE),
            ];
            let err = check("standard-webhooks", &[SECRET], &headers, BODY, NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{timestamp:?}");
        }
        let g0h = SIGNATURE.trim_start_matches("v1,");
        for signature in [
            "v1,",
            "v1,dawfeoifkpqwoekfpqoekf",
            "v1,g0hM9SsE",
            g0h,
            ",abc",
            "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v1a,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v1=g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1,g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1,é",
            "t=1,v1=00",
        ] {
            let err = check(
                "standard-webhooks",
                &[SECRET],
                &headers(signature),
                BODY,
                NOW,
            )
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{signature:?}");
            assert_eq!(err.path().as_deref(), Some("/headers/webhook-signature"));
        }
    }

    #[test]
    fn replay_window_both_ways() {
        for (now, ok) in [
            (NOW + 300, true),
            (NOW - 300, true),
            (NOW + 301, false),
            (NOW - 301, false),
        ] {
            let result = check(
                "standard-webhooks",
                &[SECRET],
                &headers(SIGNATURE),
                BODY,
                now,
            );
            match ok {
                true => assert!(result.is_ok(), "{now}"),
                false => assert_eq!(result.unwrap_err().code(), "ERR_WEBHOOK_TIMESTAMP"),
            }
        }
    }

    #[test]
    fn unusable_secrets_name_their_index() {
        let cases = [
            (
                "whsec_not base64!",
                "is not base64 after the `whsec_` prefix",
            ),
            ("whsec_", "has nothing after the `whsec_` prefix"),
            (
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "looks like a signature",
            ),
            (
                "v1,whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "looks like a signature",
            ),
            ("hunter2!", "is not a Standard Webhooks secret"),
            ("whpk_AAAA", "must be 32 bytes"),
            ("whsk_AAAA", "must be 32 bytes (seed) or 64 bytes"),
        ];
        for (secret, problem) in cases {
            let err = check(
                "standard-webhooks",
                &[SECRET, secret],
                &headers(SIGNATURE),
                BODY,
                NOW,
            )
            .unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SECRET", "{secret}");
            assert_eq!(err.path().as_deref(), Some("/secrets/1"), "{secret}");
            assert!(err.to_string().contains(problem), "{secret}: {err}");
        }
    }

    #[test]
    fn signing_refuses_bad_inputs() {
        fn path_of(secret: &str, id: Option<&str>, now: i64) -> Option<String> {
            let context = SignContext {
                secret,
                body: b"{}",
                now,
                id,
                url: None,
                method: None,
            };
            let scheme = Scheme::find("standard-webhooks").unwrap();
            sign_headers(scheme, &context).unwrap_err().path()
        }
        let public = public_key();
        assert_eq!(path_of(&public, None, NOW).as_deref(), Some("/secrets"));
        assert_eq!(path_of("whsec_!!", None, NOW).as_deref(), Some("/secrets"));
        assert_eq!(path_of(SECRET, Some("msg.1"), NOW).as_deref(), Some("/id"));
        assert_eq!(path_of(SECRET, Some(""), NOW).as_deref(), Some("/id"));
        assert_eq!(path_of(SECRET, Some("msg 1"), NOW).as_deref(), Some("/id"));
        assert_eq!(path_of(SECRET, None, -1).as_deref(), Some("/now"));
        let signed = sign_at(SECRET, Some("msg_1"), b"{}");
        assert_eq!(pairs(&signed).first(), Some(&("webhook-id", "msg_1")));
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "((v1|v1a|v2),[A-Za-z0-9+/=]{0,90}|[^ ]{0,6})( ((v1|v1a|v2),[A-Za-z0-9+/=]{0,90}|[^ ]{0,6})){0,3}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [
                ("webhook-id", "msg_1"),
                ("webhook-timestamp", "1700000000"),
                ("webhook-signature", value.as_str()),
            ];
            let result = check("standard-webhooks", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
