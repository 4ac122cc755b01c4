//! Meta's `X-Hub-Signature-256`: `sha256=` + lower-case hex HMAC-SHA256 of the raw body,
//! keyed with the App Secret. Meta computes it over the body exactly as sent (with its
//! `\uXXXX` escapes), so the bytes are verified as received, never re-encoded.

use super::encoding::hex_decode;
use super::{Headers, Matched};
use crate::error::Error;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const HEADER: &str = "x-hub-signature-256";
const PREFIX: &str = "sha256=";

pub(super) fn verify(
    secrets: &[&[u8]],
    headers: &Headers<'_>,
    body: &[u8],
) -> Result<Matched, Error> {
    let value = headers.require(HEADER)?;
    let expected = parse_signature(value)?;
    for (secret_index, secret) in secrets.iter().enumerate() {
        // HMAC accepts keys of any length, so this cannot fail; a failure would still be
        // reported rather than skipped.
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| Error::WebhookSecret {
            index: Some(secret_index),
            problem: "cannot be used as an HMAC-SHA256 key".into(),
        })?;
        mac.update(body);
        // `verify_slice` compares in constant time.
        if mac.verify_slice(&expected).is_ok() {
            return Ok(Matched {
                secret_index,
                header: HEADER,
                algorithm: "hmac-sha256",
            });
        }
    }
    Err(Error::WebhookSignature {
        scheme: "meta",
        header: HEADER.into(),
        secrets_tried: secrets.len(),
    })
}

/// `sha256=<64 hex digits>` → the 32 digest bytes. The prefix is matched case-insensitively.
fn parse_signature(value: &str) -> Result<Vec<u8>, Error> {
    let malformed = |problem: &str| Error::WebhookHeader {
        header: HEADER.into(),
        problem: problem.to_owned(),
    };
    let digits = match value.get(..PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(PREFIX) => {
            value.get(PREFIX.len()..).unwrap_or("")
        }
        _ => return Err(malformed("expected `sha256=` followed by 64 hex digits")),
    };
    match hex_decode(digits) {
        Some(bytes) if bytes.len() == 32 => Ok(bytes),
        Some(bytes) => Err(malformed(&format!(
            "expected 64 hex digits after `sha256=`, found {}",
            bytes.len() * 2
        ))),
        None => Err(malformed(
            "the signature after `sha256=` is not hexadecimal",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(body);
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256={hex}")
    }

    fn check(secrets: &[&[u8]], header: &str, body: &[u8]) -> Result<Matched, Error> {
        let headers: Headers = [("X-Hub-Signature-256", header)].into_iter().collect();
        verify(secrets, &headers, body)
    }

    // GitHub documents this vector for the same construction (sha256= + hex HMAC-SHA256).
    #[test]
    fn published_vector_verifies() {
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let matched = check(&[b"It's a Secret to Everybody"], header, b"Hello, World!").unwrap();
        assert_eq!(matched.secret_index, 0);
        assert_eq!(
            sign(b"It's a Secret to Everybody", b"Hello, World!"),
            header
        );
    }

    #[test]
    fn second_secret_matches_during_rotation() {
        let header = sign(b"new", b"{}");
        assert_eq!(
            check(&[b"old", b"new"], &header, b"{}")
                .unwrap()
                .secret_index,
            1
        );
    }

    #[test]
    fn upper_case_hex_and_prefix_are_accepted() {
        let header = sign(b"s", b"x").to_ascii_uppercase();
        assert!(check(&[b"s"], &header, b"x").is_ok());
    }

    #[test]
    fn mismatch_is_a_signature_error() {
        let header = sign(b"s", b"{\"a\":1}");
        let err = check(&[b"s"], &header, b"{\"a\": 1}").unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        assert!(err.to_string().contains("exact bytes"));
    }

    #[test]
    fn malformed_headers_are_header_errors() {
        let good = sign(b"s", b"x");
        let cases = [
            "sha1=0000000000000000000000000000000000000000".to_owned(),
            "sha256=".to_owned(),
            good[..good.len() - 2].to_owned(),
            format!("{good}00"),
            format!("{}g", &good[..good.len() - 1]),
            "sha256=é".to_owned(),
            "é".to_owned(),
        ];
        for header in cases {
            let err = check(&[b"s"], &header, b"x").unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "header {header:?}");
        }
        let headers = Headers::default();
        let err = verify(&[b"s"], &headers, b"x").unwrap_err();
        assert_eq!(err.to_string(), "header x-hub-signature-256: is missing");
    }
}
