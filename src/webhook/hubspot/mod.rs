//! HubSpot (webhooks API, workflow webhook actions, CRM cards): three signature versions, each
//! its own scheme (`hubspot-v3`, `hubspot-v2`, `hubspot-v1`).
//!
//! HubSpot attaches the v3 headers *and* a v1 or v2 `X-HubSpot-Signature` to the same request,
//! so each scheme checks only its own header; `X-HubSpot-Signature-Version` describes
//! `X-HubSpot-Signature` alone. None of the versions sends a delivery-id header (events carry
//! `eventId` in the body), and none has a handshake. Facts come from HubSpot's "Validating
//! requests" pages and the official SDKs (`Signature.isValid` in hubspot-api-nodejs and
//! hubspot-api-php).

pub(super) mod v1;
pub(super) mod v2;
pub(super) mod v3;

use super::crypto::{self, Algorithm};
use super::{encoding, Headers, Proof, VerifyContext};
use crate::error::Error;

const SIGNATURE_V3: &str = "x-hubspot-signature-v3";
/// The v1/v2 signature header.
const SIGNATURE: &str = "x-hubspot-signature";
/// Names the version (`v1`, `v2`) of `X-HubSpot-Signature`, not of the v3 header.
const VERSION: &str = "x-hubspot-signature-version";

/// Verifies `X-HubSpot-Signature: <hex SHA-256(client secret + parts)>` for version `own`
/// (`"v1"` or `"v2"`). A plain hash, not an HMAC: the secret is simply its first bytes.
fn verify_legacy(
    context: &VerifyContext<'_>,
    scheme: &'static str,
    own: &str,
    parts: &[&[u8]],
) -> Result<Proof, Error> {
    let headers = &context.delivery.headers;
    check_version(headers, own)?;
    let value = match headers.get(SIGNATURE)?.map(str::trim) {
        Some(value) if !value.is_empty() => value,
        found => {
            let mut problem = String::from(if found.is_some() {
                "is empty"
            } else {
                "is missing"
            });
            if headers.get(SIGNATURE_V3)?.is_some() {
                problem.push_str(
                    "; this request carries X-HubSpot-Signature-v3: verify it with scheme \
                     `hubspot-v3`",
                );
            }
            return Err(Error::WebhookHeader {
                header: SIGNATURE.to_owned(),
                problem,
            });
        }
    };
    let signature = match encoding::hex_decode(value) {
        Some(bytes) if bytes.len() == Algorithm::Sha256.output_len() => bytes,
        _ => {
            return Err(Error::WebhookHeader {
                header: SIGNATURE.to_owned(),
                problem: format!("expected the 64 hex digits of a {own} SHA-256 signature"),
            })
        }
    };
    let (secret_index, signature_index) = context.match_signatures(
        SIGNATURE,
        scheme,
        std::slice::from_ref(&signature),
        |_, secret| {
            let mut all = Vec::with_capacity(parts.len() + 1);
            all.push(secret.as_bytes());
            all.extend_from_slice(parts);
            Ok(crypto::digest(Algorithm::Sha256, &all))
        },
    )?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: SIGNATURE,
        algorithm: "sha256",
        timestamp: None,
    })
}

/// The two headers HubSpot attaches for a v1 or v2 signature.
fn sign_legacy(version: &str, secret: &str, parts: &[&[u8]]) -> Vec<(String, String)> {
    let mut all = Vec::with_capacity(parts.len() + 1);
    all.push(secret.as_bytes());
    all.extend_from_slice(parts);
    vec![
        (
            "X-HubSpot-Signature".to_owned(),
            encoding::hex_encode(&crypto::digest(Algorithm::Sha256, &all)),
        ),
        ("X-HubSpot-Signature-Version".to_owned(), version.to_owned()),
    ]
}

/// Refuses a request whose `X-HubSpot-Signature-Version` names another version: the
/// signature would be checked the wrong way and fail with a misleading error.
fn check_version(headers: &Headers<'_>, own: &str) -> Result<(), Error> {
    let Some(named) = headers.get(VERSION)?.map(str::trim) else {
        return Ok(());
    };
    if named.eq_ignore_ascii_case(own) {
        return Ok(());
    }
    let advice = match named.to_ascii_lowercase().as_str() {
        "v1" => "verify it with scheme `hubspot-v1`".to_owned(),
        "v2" => "verify it with scheme `hubspot-v2`".to_owned(),
        _ => "HubSpot sends v1 or v2 here".to_owned(),
    };
    Err(Error::WebhookHeader {
        header: VERSION.to_owned(),
        problem: format!(
            "is `{named}`, so X-HubSpot-Signature is not a {own} signature; {advice}, or use \
             `hubspot-v3` with the X-HubSpot-Signature-v3 header HubSpot sends alongside"
        ),
    })
}

/// The request URL, which v2 and v3 sign: required, and absolute.
fn request_url(url: Option<&str>) -> Result<&str, Error> {
    super::public_url(
        url,
        "HubSpot signs the full URL it called (protocol, host, path and query, query \
         parameters in their original order), so pass `url` as configured in HubSpot",
    )
}

/// The signed method: as given in upper case, `POST` when not given (the SDKs' default).
fn request_method(method: Option<&str>) -> String {
    match method.map(str::trim) {
        None | Some("") => "POST".to_owned(),
        Some(method) => method.to_ascii_uppercase(),
    }
}

/// Verifies a request with a URL, method and replay window, for the versions' tests.
#[cfg(test)]
#[allow(clippy::too_many_arguments)]
fn check(
    scheme: &super::Scheme,
    secrets: &[&str],
    headers: &[(&str, &str)],
    body: &[u8],
    url: Option<&str>,
    method: Option<&str>,
    now: i64,
    tolerance_seconds: Option<u64>,
) -> Result<super::Verified, Error> {
    let delivery = super::Delivery {
        headers: headers.iter().copied().collect(),
        body,
        url,
        method,
    };
    let clock = super::Clock {
        now,
        tolerance_seconds,
    };
    super::verify(scheme, secrets, &delivery, clock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_is_required_and_method_defaults_to_post() {
        for url in [None, Some(" "), Some("/webhooks/hubspot")] {
            let err = request_url(url).unwrap_err();
            assert_eq!(err.path().as_deref(), Some("/url"));
        }
        assert_eq!(
            request_url(Some("HTTPS://x.test/a")),
            Ok("HTTPS://x.test/a")
        );
        assert_eq!(request_method(None), "POST");
        assert_eq!(request_method(Some("")), "POST");
        assert_eq!(request_method(Some("get")), "GET");
    }
}
