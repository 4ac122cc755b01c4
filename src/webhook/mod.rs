//! Webhook authentication: each scheme's signature check over the raw bytes received, the
//! headers a sender attaches, subscription handshakes and delivery keys for de-duplication.
//!
//! Expected failures are errors with stable codes (`ERR_WEBHOOK_SIGNATURE`,
//! `ERR_WEBHOOK_HEADER`, …): verification is security-relevant, so a caller that forgets to
//! look at a boolean must not accept a forged delivery by accident.
//!
//! A scheme is data ([`Scheme`]): its name, its delivery-id header and the functions that
//! verify, sign and answer handshakes. Each lives in its own module below.

pub(crate) mod crypto;
pub(crate) mod encoding;
pub(crate) mod form;
mod headers;
mod stamped;
pub(crate) mod timestamp;

mod discord;
mod github;
mod hubspot;
mod intercom;
mod linkedin;
mod mastodon;
mod meta;
mod shopify;
mod slack;
mod standard_webhooks;
mod stripe;
mod svix;
mod telegram;
mod tiktok;
mod twilio;
mod websub;
mod x;
mod zendesk;

pub use headers::Headers;

use crate::error::Error;
use crypto::Algorithm;
use serde::Serialize;

/// Every header name (lower case) that some scheme reads, for verification, delivery ids or
/// handshakes. The adapter passes only these across the boundary: a request's other headers
/// (host, user-agent, forwarding, …) cost time and change nothing. `tests/vectors.rs` and the
/// property tests check that filtering to this list changes no result.
pub const HEADER_NAMES: &[&str] = &[
    "content-type",
    "i-twilio-idempotency-token",
    "shopify-hmac-sha256",
    "stripe-signature",
    "svix-id",
    "svix-signature",
    "svix-timestamp",
    "tiktok-signature",
    "webhook-id",
    "webhook-signature",
    "webhook-timestamp",
    "x-github-delivery",
    "x-hub-signature",
    "x-hub-signature-256",
    "x-hubspot-request-timestamp",
    "x-hubspot-signature",
    "x-hubspot-signature-v3",
    "x-hubspot-signature-version",
    "x-li-signature",
    "x-shopify-hmac-sha256",
    "x-shopify-webhook-id",
    "x-signature-ed25519",
    "x-signature-timestamp",
    "x-slack-request-timestamp",
    "x-slack-signature",
    "x-telegram-bot-api-secret-token",
    "x-twilio-signature",
    "x-twilio-webhooks-signature-settings",
    "x-twitter-webhooks-signature",
    "x-zendesk-webhook-invocation-id",
    "x-zendesk-webhook-signature",
    "x-zendesk-webhook-signature-timestamp",
];

/// The replay window applied when the caller gives no `toleranceSeconds`.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// Every scheme this version supports, in the order the docs list them.
static SCHEMES: &[&Scheme] = &[
    &meta::SCHEME,
    &x::SCHEME,
    &linkedin::SCHEME,
    &tiktok::SCHEME,
    &websub::SCHEME,
    &slack::SCHEME,
    &github::SCHEME,
    &stripe::SCHEME,
    &standard_webhooks::SCHEME,
    &svix::SCHEME,
    &twilio::SCHEME,
    &hubspot::v3::SCHEME,
    &hubspot::v2::SCHEME,
    &hubspot::v1::SCHEME,
    &zendesk::SCHEME,
    &intercom::SCHEME,
    &telegram::SCHEME,
    &discord::SCHEME,
    &mastodon::SCHEME,
    &shopify::SCHEME,
];

/// A webhook signature scheme: its API name and how it verifies, signs and handshakes.
pub struct Scheme {
    /// The `scheme` option of the API, e.g. `"meta"`.
    pub name: &'static str,
    /// The header carrying the sender's delivery id, where the scheme has one.
    pub delivery_id_header: Option<&'static str>,
    verify: fn(&VerifyContext<'_>) -> Result<Proof, Error>,
    sign: SignFn,
    handshake: Option<HandshakeFn>,
}

/// A scheme's sign function: the headers a sender attaches, as `(name, value)` pairs.
type SignFn = fn(&SignContext<'_>) -> Result<Vec<(String, String)>, Error>;

/// A scheme's handshake function: the response, or `None` when the request is not one.
type HandshakeFn = fn(&HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error>;

impl std::fmt::Debug for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheme").field("name", &self.name).finish()
    }
}

impl Scheme {
    /// Looks a scheme up by its API name (exact, lower case).
    pub fn find(name: &str) -> Result<&'static Scheme, Error> {
        SCHEMES
            .iter()
            .copied()
            .find(|scheme| scheme.name == name)
            .ok_or_else(|| Error::WebhookScheme {
                scheme: name.to_owned(),
            })
    }

    /// The names of every supported scheme.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SCHEMES.iter().map(|scheme| scheme.name)
    }
}

/// A received request, as the host hands it over.
#[derive(Debug, Clone, Default)]
pub struct Delivery<'a> {
    /// The request headers.
    pub headers: Headers<'a>,
    /// The body exactly as received.
    pub body: &'a [u8],
    /// The full public URL the sender used (Twilio and HubSpot sign it).
    pub url: Option<&'a str>,
    /// The HTTP method (HubSpot signs it).
    pub method: Option<&'a str>,
}

/// Time and tolerance for the replay window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The current time in unix seconds, supplied by the host.
    pub now: i64,
    /// Replay window in seconds; `None` for [`DEFAULT_TOLERANCE_SECONDS`].
    pub tolerance_seconds: Option<u64>,
}

/// What a scheme's verify function sees.
pub(crate) struct VerifyContext<'a> {
    pub delivery: &'a Delivery<'a>,
    /// Non-empty secrets, in the caller's order.
    pub secrets: Vec<&'a str>,
    pub clock: Clock,
}

/// Which way a scheme's replay window extends around `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Window {
    /// `|now - timestamp| <= tolerance`.
    BothWays,
    /// Only `now - timestamp <= tolerance`; future timestamps pass (Stripe, HubSpot).
    PastOnly,
}

impl VerifyContext<'_> {
    /// Checks `timestamp` (unix seconds) against the replay window.
    pub fn check_timestamp(
        &self,
        header: &str,
        timestamp: i64,
        window: Window,
    ) -> Result<(), Error> {
        let tolerance = self
            .clock
            .tolerance_seconds
            .unwrap_or(DEFAULT_TOLERANCE_SECONDS);
        let age = i128::from(self.clock.now) - i128::from(timestamp);
        let too_old = age > i128::from(tolerance);
        let too_new = window == Window::BothWays && -age > i128::from(tolerance);
        if too_old || too_new {
            return Err(Error::WebhookTimestamp {
                header: header.to_owned(),
                timestamp,
                now: self.clock.now,
                tolerance_seconds: tolerance,
            });
        }
        Ok(())
    }

    /// Tries every secret against every signature; the first pair that matches wins.
    /// `expected(secret_index, secret)` computes what a valid signature would be, or fails
    /// for an unusable secret.
    pub fn match_signatures(
        &self,
        header: &'static str,
        scheme: &'static str,
        signatures: &[Vec<u8>],
        mut expected: impl FnMut(usize, &str) -> Result<Vec<u8>, Error>,
    ) -> Result<(usize, usize), Error> {
        for (secret_index, secret) in self.secrets.iter().enumerate() {
            let mac = expected(secret_index, secret)?;
            for (signature_index, signature) in signatures.iter().enumerate() {
                if crypto::constant_time_eq(&mac, signature) {
                    return Ok((secret_index, signature_index));
                }
            }
        }
        Err(Error::WebhookSignature {
            scheme,
            header: header.to_owned(),
            secrets_tried: self.secrets.len(),
        })
    }
}

/// What a scheme's verify function proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proof {
    pub secret_index: usize,
    pub signature_index: usize,
    pub header: &'static str,
    pub algorithm: &'static str,
    pub timestamp: Option<i64>,
}

/// What a successful verification proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    /// Always `true`: failures are errors, so a result is only ever a success.
    pub valid: bool,
    /// The scheme's API name.
    pub scheme: &'static str,
    /// The sender's delivery id, for schemes that send one (GitHub, Standard Webhooks, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<String>,
    /// The signed timestamp (unix seconds), for timestamped schemes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// Which secret and signature matched.
    pub matched: Matched,
}

/// Which of the caller's secrets and of the header's signatures matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matched {
    /// Index into the caller's secrets, so a host rotating secrets knows when the old one
    /// stops being used.
    pub secret_index: usize,
    /// Index of the matching signature among those the header carries (0 for one).
    pub signature_index: usize,
    /// The lower-case name of the header whose signature matched.
    pub header: &'static str,
    /// The algorithm, e.g. `hmac-sha256` or `ed25519`.
    pub algorithm: &'static str,
}

/// Verifies `delivery` under any of `secrets` (several during a rotation).
pub fn verify<S: AsRef<str>>(
    scheme: &Scheme,
    secrets: &[S],
    delivery: &Delivery<'_>,
    clock: Clock,
) -> Result<Verified, Error> {
    let context = VerifyContext {
        delivery,
        secrets: usable_secrets(secrets)?,
        clock,
    };
    let proof = (scheme.verify)(&context)?;
    Ok(Verified {
        valid: true,
        scheme: scheme.name,
        delivery_id: delivery_id(scheme, &delivery.headers)?,
        timestamp: proof.timestamp,
        matched: Matched {
            secret_index: proof.secret_index,
            signature_index: proof.signature_index,
            header: proof.header,
            algorithm: proof.algorithm,
        },
    })
}

/// Refuses an empty list and empty secrets: an empty key is one an attacker can guess.
fn usable_secrets<S: AsRef<str>>(secrets: &[S]) -> Result<Vec<&str>, Error> {
    if secrets.is_empty() {
        return Err(Error::WebhookSecret {
            index: None,
            problem: "no secret given; pass `secret` or a non-empty `secrets` list".into(),
        });
    }
    secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| match secret.as_ref() {
            "" => Err(Error::WebhookSecret {
                index: Some(index),
                problem: "is empty".into(),
            }),
            secret => Ok(secret),
        })
        .collect()
}

/// What a scheme's sign function sees.
pub struct SignContext<'a> {
    /// The secret (or private key) to sign with.
    pub secret: &'a str,
    /// The body to sign, exactly as it will be sent.
    pub body: &'a [u8],
    /// The signing time, unix seconds.
    pub now: i64,
    /// A message id for schemes that sign one; derived from the body and time when absent.
    pub id: Option<&'a str>,
    /// The full URL the request will be sent to (Twilio, HubSpot).
    pub url: Option<&'a str>,
    /// The HTTP method (HubSpot).
    pub method: Option<&'a str>,
}

/// The headers a sender attaches for `scheme`, in the platform's own spelling.
pub fn sign(scheme: &Scheme, context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    if context.secret.is_empty() {
        return Err(Error::WebhookSecret {
            index: None,
            problem: "is empty".into(),
        });
    }
    let mut headers = (scheme.sign)(context)?;
    // A sender also attaches its delivery id where the scheme has one.
    if let (Some(name), Some(id)) = (scheme.delivery_id_header, context.id) {
        if !headers
            .iter()
            .any(|(key, _)| key.eq_ignore_ascii_case(name))
        {
            headers.push((name.to_owned(), id.to_owned()));
        }
    }
    Ok(headers)
}

/// A subscription-check request (Meta `hub.challenge`, X CRC, LinkedIn `challengeCode`, …).
pub struct HandshakeContext<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The full request URL including its query.
    pub url: &'a str,
    /// The request headers.
    pub headers: Headers<'a>,
    /// The body exactly as received.
    pub body: &'a [u8],
    /// The scheme's secret (X consumer secret, LinkedIn client secret, Slack signing secret,
    /// Discord public key) where the answer is computed or the request is signed.
    pub secret: Option<&'a str>,
    /// The verify token the host registered (Meta; WebSub when it used one).
    pub verify_token: Option<&'a str>,
    /// The current time, unix seconds (signed handshakes are checked for freshness).
    pub now: i64,
}

/// The response a host sends back to a handshake, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandshakeResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers as `(name, value)`.
    #[serde(serialize_with = "serialize_header_map")]
    pub headers: Vec<(String, String)>,
    /// The response body.
    pub body: String,
}

impl HandshakeResponse {
    pub(crate) fn new(status: u16, content_type: Option<&str>, body: impl Into<String>) -> Self {
        HandshakeResponse {
            status,
            headers: content_type
                .map(|ct| vec![("content-type".to_owned(), ct.to_owned())])
                .unwrap_or_default(),
            body: body.into(),
        }
    }

    /// 403 with no body: never echo a challenge to someone without the right token.
    pub(crate) fn forbidden() -> Self {
        HandshakeResponse::new(403, None, "")
    }
}

/// Headers as a JSON object: `{ "content-type": "text/plain" }`.
pub fn serialize_header_map<S: serde::Serializer>(
    headers: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(headers.len()))?;
    for (name, value) in headers {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// Answers a subscription check, or `None` when the request is not one for this scheme.
pub fn respond_to_handshake(
    scheme: &Scheme,
    context: &HandshakeContext<'_>,
) -> Result<Option<HandshakeResponse>, Error> {
    match scheme.handshake {
        Some(handshake) => handshake(context),
        None => Ok(None),
    }
}

/// Headers read for the delivery id when a scheme's own is absent: senders white-labelled by
/// Svix send the Standard Webhooks names, and `svix` verifies that set only when no `svix-*`
/// header is present, so the id reported is still the one that was signed.
const DELIVERY_ID_FALLBACKS: &[(&str, &str)] = &[("svix-id", "webhook-id")];

/// The sender's delivery id, trimmed, when the scheme has such a header and it is present.
fn delivery_id(scheme: &Scheme, headers: &Headers<'_>) -> Result<Option<String>, Error> {
    let Some(name) = scheme.delivery_id_header else {
        return Ok(None);
    };
    let fallback = DELIVERY_ID_FALLBACKS
        .iter()
        .find(|(primary, _)| *primary == name)
        .map(|(_, fallback)| *fallback);
    for name in std::iter::once(name).chain(fallback) {
        if let Some(id) = headers
            .get(name)?
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            return Ok(Some(id.to_owned()));
        }
    }
    Ok(None)
}

/// A stable idempotency key for a delivery: `<scheme>:<delivery id>` when the scheme sends
/// one, else `<scheme>:sha256:<hex of the body>`. The body, not the signed string, is hashed
/// because retries re-sign the same body with a new timestamp (Slack, Stripe, TikTok).
pub fn delivery_key(scheme: &Scheme, headers: &Headers<'_>, body: &[u8]) -> Result<String, Error> {
    Ok(match delivery_id(scheme, headers)? {
        Some(id) => format!("{}:{id}", scheme.name),
        None => format!(
            "{}:sha256:{}",
            scheme.name,
            encoding::hex_encode(&crypto::digest(Algorithm::Sha256, &[body]))
        ),
    })
}

/// The shared shape of "header = prefix + encoded MAC of the raw body" schemes (GitHub,
/// Mastodon, Shopify, X, Meta, Intercom): one header, one algorithm, one encoding.
pub(crate) struct BodyMac {
    pub scheme: &'static str,
    /// Lower-case header name.
    pub header: &'static str,
    /// How the header is spelled when we send it.
    pub header_spelling: &'static str,
    pub prefix: &'static str,
    pub algorithm: Algorithm,
    pub encoding: MacEncoding,
}

/// How a MAC is written in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MacEncoding {
    Hex,
    Base64,
}

impl MacEncoding {
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            MacEncoding::Hex => encoding::hex_encode(bytes),
            MacEncoding::Base64 => encoding::base64_encode(bytes),
        }
    }

    pub fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            MacEncoding::Hex => encoding::hex_decode(text),
            MacEncoding::Base64 => encoding::base64_decode(text),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            MacEncoding::Hex => "hex digits",
            MacEncoding::Base64 => "base64",
        }
    }
}

impl BodyMac {
    /// Parses `header` (prefix matched case-insensitively) into the MAC bytes it carries.
    pub fn parse(&self, value: &str) -> Result<Vec<u8>, Error> {
        let malformed = |problem: String| Error::WebhookHeader {
            header: self.header.to_owned(),
            problem,
        };
        let expectation = || {
            format!(
                "expected `{}` followed by the {} {} of the body",
                self.prefix,
                self.algorithm.hmac_name(),
                self.encoding.describe()
            )
        };
        let encoded = match value.get(..self.prefix.len()) {
            Some(prefix) if prefix.eq_ignore_ascii_case(self.prefix) => {
                value.get(self.prefix.len()..).unwrap_or_default()
            }
            _ => return Err(malformed(expectation())),
        };
        match self.encoding.decode(encoded) {
            Some(bytes) if bytes.len() == self.algorithm.output_len() => Ok(bytes),
            _ => Err(malformed(expectation())),
        }
    }

    /// Verifies the header over the raw body, if the header is present (`Ok(None)` if not).
    pub fn verify_if_present(&self, context: &VerifyContext<'_>) -> Result<Option<Proof>, Error> {
        let Some(value) = context.delivery.headers.get(self.header)? else {
            return Ok(None);
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(Error::WebhookHeader {
                header: self.header.to_owned(),
                problem: "is empty".into(),
            });
        }
        let signature = self.parse(value)?;
        let body = context.delivery.body;
        let (secret_index, signature_index) = context.match_signatures(
            self.header,
            self.scheme,
            std::slice::from_ref(&signature),
            |_, secret| Ok(crypto::hmac(self.algorithm, secret.as_bytes(), &[body])),
        )?;
        Ok(Some(Proof {
            secret_index,
            signature_index,
            header: self.header,
            algorithm: self.algorithm.hmac_name(),
            timestamp: None,
        }))
    }

    /// Verifies the header over the raw body; a missing header is an error.
    pub fn verify(&self, context: &VerifyContext<'_>) -> Result<Proof, Error> {
        self.verify_if_present(context)?
            .ok_or_else(|| Error::WebhookHeader {
                header: self.header.to_owned(),
                problem: "is missing".into(),
            })
    }

    /// The header a sender attaches.
    pub fn sign(&self, context: &SignContext<'_>) -> (String, String) {
        let mac = crypto::hmac(self.algorithm, context.secret.as_bytes(), &[context.body]);
        (
            self.header_spelling.to_owned(),
            format!("{}{}", self.prefix, self.encoding.encode(&mac)),
        )
    }
}

/// The public URL a platform signs (Twilio, HubSpot): required and absolute. `what_is_signed`
/// completes the message, e.g. "Twilio signs the full public URL it called (…)".
pub(crate) fn public_url<'a>(url: Option<&'a str>, what_is_signed: &str) -> Result<&'a str, Error> {
    let problem = |message: &str| Error::InvalidArgument {
        path: "/url".into(),
        message: format!(
            "{message}; {what_is_signed}. Behind a proxy, load balancer or tunnel the URL your \
             server sees has a different scheme, host or port — use the public one"
        ),
    };
    let url = match url.map(str::trim) {
        None | Some("") => return Err(problem("no `url` given")),
        Some(url) => url,
    };
    let absolute = ["https://", "http://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    });
    if !absolute {
        return Err(problem(&format!("`{url}` is not an absolute http(s) URL")));
    }
    Ok(url)
}

/// Verifies the first of `macs` whose header is present (strongest first), so a sender that
/// attaches both a SHA-256 and a legacy SHA-1 header is checked on the SHA-256 one.
pub(crate) fn verify_first_present(
    context: &VerifyContext<'_>,
    macs: &[&BodyMac],
) -> Result<Proof, Error> {
    for mac in macs {
        if let Some(proof) = mac.verify_if_present(context)? {
            return Ok(proof);
        }
    }
    let names: Vec<_> = macs.iter().map(|mac| mac.header).collect();
    Err(Error::WebhookHeader {
        header: names.first().copied().unwrap_or_default().to_owned(),
        problem: format!("is missing (looked for {})", names.join(", ")),
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers shared by the schemes' unit tests.
    use super::*;

    /// Verifies `body` with `headers` under `secrets` at time `now` with the default window.
    pub fn check(
        scheme: &str,
        secrets: &[&str],
        headers: &[(&str, &str)],
        body: &[u8],
        now: i64,
    ) -> Result<Verified, Error> {
        let delivery = Delivery {
            headers: headers.iter().copied().collect(),
            body,
            url: None,
            method: None,
        };
        verify(
            Scheme::find(scheme)?,
            secrets,
            &delivery,
            Clock {
                now,
                tolerance_seconds: None,
            },
        )
    }

    /// Signs `body` and verifies the result: the round trip every scheme must pass.
    pub fn round_trip(
        scheme: &str,
        sign_secret: &str,
        verify_secret: &str,
        body: &[u8],
    ) -> Result<Verified, Error> {
        let now = 1_700_000_000;
        let context = SignContext {
            secret: sign_secret,
            body,
            now,
            id: None,
            url: None,
            method: None,
        };
        let headers = sign(Scheme::find(scheme)?, &context)?;
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        check(scheme, &[verify_secret], &pairs, body, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_is_found_by_name_and_names_are_unique() {
        let names: Vec<_> = Scheme::names().collect();
        for name in &names {
            assert_eq!(Scheme::find(name).map(|s| s.name), Ok(*name));
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(
            Scheme::find("Meta").map_err(|e| e.code()).err(),
            Some("ERR_WEBHOOK_SCHEME")
        );
    }

    #[test]
    fn empty_secrets_are_refused() {
        let delivery = Delivery::default();
        let clock = Clock {
            now: 0,
            tolerance_seconds: None,
        };
        let meta = Scheme::find("meta").unwrap();
        let none: [&str; 0] = [];
        let err = verify(meta, &none, &delivery, clock).map_err(|e| e.code());
        assert_eq!(err.err(), Some("ERR_WEBHOOK_SECRET"));
        let err = verify(meta, &["ok", ""], &delivery, clock).map_err(|e| e.path());
        assert_eq!(err.err(), Some(Some("/secrets/1".to_owned())));
    }

    #[test]
    fn replay_window_both_ways_and_past_only() {
        let delivery = Delivery::default();
        let context = |tolerance| VerifyContext {
            delivery: &delivery,
            secrets: vec!["s"],
            clock: Clock {
                now: 1_000,
                tolerance_seconds: tolerance,
            },
        };
        let default = context(None);
        assert!(default.check_timestamp("t", 700, Window::BothWays).is_ok());
        assert!(default
            .check_timestamp("t", 1_300, Window::BothWays)
            .is_ok());
        assert!(default.check_timestamp("t", 699, Window::BothWays).is_err());
        assert!(default
            .check_timestamp("t", 1_301, Window::BothWays)
            .is_err());
        assert!(default
            .check_timestamp("t", 999_999, Window::PastOnly)
            .is_ok());
        assert!(default.check_timestamp("t", 699, Window::PastOnly).is_err());
        let strict = context(Some(0));
        assert!(strict.check_timestamp("t", 1_000, Window::BothWays).is_ok());
        let err = strict
            .check_timestamp("t", 999, Window::BothWays)
            .unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_TIMESTAMP");
        let open = context(Some(u64::MAX));
        assert!(open
            .check_timestamp("t", i64::MIN, Window::BothWays)
            .is_ok());
    }

    #[test]
    fn delivery_key_prefers_the_delivery_id_header() {
        let github = Scheme::find("github").unwrap();
        let headers: Headers = [("X-GitHub-Delivery", " 72d3162e ")].into_iter().collect();
        assert_eq!(
            delivery_key(github, &headers, b"{}").unwrap(),
            "github:72d3162e"
        );
        let meta = Scheme::find("meta").unwrap();
        assert_eq!(
            delivery_key(meta, &headers, b"abc").unwrap(),
            "meta:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
