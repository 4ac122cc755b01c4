//! HubSpot (webhooks API, workflow webhook actions, CRM cards): three signature versions, each
//! its own scheme (`hubspot-v3`, `hubspot-v2`, `hubspot-v1`).
//!
//! HubSpot attaches the v3 headers *and* a v1 or v2 `X-HubSpot-Signature` to the same request,
//! so each scheme checks only its own header; `X-HubSpot-Signature-Version` describes
//! `X-HubSpot-Signature` alone. None of the versions sends a delivery-id header (events carry
//! `eventId` in the body), and none has a handshake. Facts come from HubSpot's "Validating
//! requests" pages and the official SDKs (`Signature.isValid` in hubspot-api-nodejs and
//! hubspot-api-php).

pub(super) mod v3;

use crate::error::Error;

const SIGNATURE_V3: &str = "x-hubspot-signature-v3";

/// The request URL, which v2 and v3 sign: required, and absolute.
fn request_url(url: Option<&str>) -> Result<&str, Error> {
    let problem = |message: &str| Error::InvalidArgument {
        path: "/url".into(),
        message: format!(
            "{message}; HubSpot signs the full URL it called (protocol, host, path and query, \
             query parameters in their original order), so pass `url` as configured in \
             HubSpot. Behind a proxy, load balancer or tunnel the URL your server sees has a \
             different scheme, host or port — use the public one"
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
