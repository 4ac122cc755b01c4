//! Webhook authentication: each scheme's signature check over the raw bytes received.
//!
//! Expected failures are errors with stable codes (`ERR_WEBHOOK_SIGNATURE`,
//! `ERR_WEBHOOK_HEADER`, …): verification is security-relevant, so a caller that forgets to
//! look at a boolean must not accept a forged delivery by accident.

mod encoding;
mod headers;
mod meta;

pub use headers::Headers;

use crate::error::Error;
use serde::Serialize;

/// A webhook signature scheme. Its [`Scheme::name`] is the `scheme` option of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// Meta platforms (Facebook Pages, Messenger, Instagram, WhatsApp Cloud, Lead Ads):
    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`.
    Meta,
}

impl Scheme {
    /// Every scheme name this version accepts.
    pub const NAMES: &'static [&'static str] = &["meta"];

    /// Looks a scheme up by its API name.
    pub fn parse(name: &str) -> Result<Scheme, Error> {
        match name {
            "meta" => Ok(Scheme::Meta),
            _ => Err(Error::WebhookScheme {
                scheme: name.to_owned(),
            }),
        }
    }

    /// The scheme's API name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Meta => "meta",
        }
    }
}

/// What a successful verification proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    /// Always `true`: failures are errors, so a result is only ever a success.
    pub valid: bool,
    /// The scheme's API name.
    pub scheme: &'static str,
    /// Which secret and signature matched.
    pub matched: Matched,
}

/// Which of the caller's secrets (and which header) produced the matching signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matched {
    /// Index into the caller's secrets, so a host rotating secrets knows when the old one
    /// stops being used.
    pub secret_index: usize,
    /// The header whose signature matched.
    pub header: &'static str,
    /// The MAC algorithm, e.g. `hmac-sha256`.
    pub algorithm: &'static str,
}

/// Verifies `body`, the exact bytes received, against the scheme's signature headers under
/// any of `secrets` (several during a rotation).
pub fn verify<S: AsRef<str>>(
    scheme: Scheme,
    secrets: &[S],
    headers: &Headers<'_>,
    body: &[u8],
) -> Result<Verified, Error> {
    let secrets = usable_secrets(secrets)?;
    let matched = match scheme {
        Scheme::Meta => meta::verify(&secrets, headers, body)?,
    };
    Ok(Verified {
        valid: true,
        scheme: scheme.name(),
        matched,
    })
}

/// Refuses an empty list and empty secrets: an empty HMAC key is one an attacker can guess.
fn usable_secrets<S: AsRef<str>>(secrets: &[S]) -> Result<Vec<&[u8]>, Error> {
    if secrets.is_empty() {
        return Err(Error::WebhookSecret {
            index: None,
            problem: "no secret given; pass `secret` or a non-empty `secrets` list".into(),
        });
    }
    secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| {
            let secret = secret.as_ref();
            if secret.is_empty() {
                Err(Error::WebhookSecret {
                    index: Some(index),
                    problem: "is empty".into(),
                })
            } else {
                Ok(secret.as_bytes())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_names_round_trip() {
        for name in Scheme::NAMES {
            assert_eq!(Scheme::parse(name).map(Scheme::name), Ok(*name));
        }
        assert_eq!(
            Scheme::parse("Meta").map_err(|e| e.code()),
            Err("ERR_WEBHOOK_SCHEME")
        );
    }

    #[test]
    fn empty_secrets_are_refused() {
        let headers = Headers::default();
        let none: [&str; 0] = [];
        let err = verify(Scheme::Meta, &none, &headers, b"").map_err(|e| e.code());
        assert_eq!(err, Err("ERR_WEBHOOK_SECRET"));
        let err = verify(Scheme::Meta, &["ok", ""], &headers, b"").map_err(|e| e.path());
        assert_eq!(err, Err(Some("/secrets/1".to_owned())));
    }
}
