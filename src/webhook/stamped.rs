//! The shared shape of Stripe's and TikTok's signatures: one header
//! `t=<unix seconds>,<key>=<hex HMAC-SHA256>[,…]` over `t + "." + body`, keyed with the secret's
//! UTF-8 text. Elements are split on `,` and then on the first `=`, as both platforms document.
//!
//! Every `<key>=` element is tried (Stripe sends several during a secret rotation); one that is
//! not 64 hex digits is skipped, as Stripe's SDKs skip an unreadable signature, and elements
//! with other keys are ignored. A header without a `t=` timestamp or without any usable
//! signature is malformed.

use super::crypto::{self, Algorithm};
use super::{encoding, timestamp, Proof, SignContext, VerifyContext, Window};
use crate::error::Error;

/// One platform's instance of the shape.
pub(super) struct StampedMac {
    pub scheme: &'static str,
    /// Lower-case header name.
    pub header: &'static str,
    /// How the header is spelled when we send it.
    pub header_spelling: &'static str,
    /// The element key of a signature (`v1` for Stripe, `s` for TikTok).
    pub signature_key: &'static str,
    pub window: Window,
}

/// What a header carries: the timestamp (as signed text and as a number) and the usable
/// signatures with their positions among the header's signature elements.
struct Parsed<'a> {
    timestamp_text: &'a str,
    timestamp: i64,
    signatures: Vec<(usize, Vec<u8>)>,
}

impl StampedMac {
    fn parse<'a>(&self, value: &'a str) -> Result<Parsed<'a>, Error> {
        let malformed = |problem: String| Error::WebhookHeader {
            header: self.header.to_owned(),
            problem,
        };
        let example = format!(
            "expected `t=<unix seconds>,{}=<64 hex digits>`",
            self.signature_key
        );
        let mut timestamp: Option<(&str, i64)> = None;
        let mut signatures = Vec::new();
        let mut position = 0;
        for element in value.split(',') {
            let Some((key, text)) = element.trim().split_once('=') else {
                return Err(malformed(format!(
                    "element {element:?} is not `key=value`; {example}"
                )));
            };
            if key == "t" {
                if timestamp.is_some() {
                    return Err(malformed(format!("has more than one `t=`; {example}")));
                }
                timestamp = Some((text, timestamp::unix_seconds(self.header, text)?));
                continue;
            }
            if key == self.signature_key {
                if let Some(bytes) = encoding::hex_decode(text)
                    .filter(|bytes| bytes.len() == Algorithm::Sha256.output_len())
                {
                    signatures.push((position, bytes));
                }
            }
            position += 1;
        }
        let Some((timestamp_text, timestamp)) = timestamp else {
            return Err(malformed(format!("has no `t=` timestamp; {example}")));
        };
        if signatures.is_empty() {
            return Err(malformed(format!(
                "has no usable `{}=` signature; {example}",
                self.signature_key
            )));
        }
        Ok(Parsed {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// Verifies the signature first, then the replay window, so a forgery is reported as one.
    pub fn verify(&self, context: &VerifyContext<'_>) -> Result<Proof, Error> {
        let value = context.delivery.headers.require(self.header)?;
        let parsed = self.parse(value)?;
        let body = context.delivery.body;
        let macs: Vec<Vec<u8>> = parsed
            .signatures
            .iter()
            .map(|(_, bytes)| bytes.clone())
            .collect();
        let (secret_index, matched) =
            context.match_signatures(self.header, self.scheme, &macs, |_, secret| {
                Ok(crypto::hmac(
                    Algorithm::Sha256,
                    secret.as_bytes(),
                    &[parsed.timestamp_text.as_bytes(), b".", body],
                ))
            })?;
        context.check_timestamp(self.header, parsed.timestamp, self.window)?;
        Ok(Proof {
            secret_index,
            signature_index: parsed
                .signatures
                .get(matched)
                .map_or(matched, |(position, _)| *position),
            header: self.header,
            algorithm: Algorithm::Sha256.hmac_name(),
            timestamp: Some(parsed.timestamp),
        })
    }

    /// The header a sender attaches: `t=<now>,<key>=<hex>`.
    pub fn sign(&self, context: &SignContext<'_>) -> Result<(String, String), Error> {
        if context.now < 0 {
            return Err(Error::InvalidArgument {
                path: "/now".into(),
                message: format!("a {} timestamp is unix seconds ≥ 0", self.scheme),
            });
        }
        let timestamp = context.now.to_string();
        let mac = crypto::hmac(
            Algorithm::Sha256,
            context.secret.as_bytes(),
            &[timestamp.as_bytes(), b".", context.body],
        );
        Ok((
            self.header_spelling.to_owned(),
            format!(
                "t={timestamp},{}={}",
                self.signature_key,
                encoding::hex_encode(&mac)
            ),
        ))
    }
}
