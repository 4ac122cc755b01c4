//! Twilio (Voice, Messaging, WhatsApp via Twilio, Studio, status callbacks).
//!
//! - Header: `X-Twilio-Signature: <base64 HMAC-SHA1(Auth Token, data)>`; the secret is the
//!   account Auth Token as UTF-8 text. When a Webhooks Rule (public beta) signs with a
//!   SharedKey instead, Twilio adds `X-Twilio-Webhooks-Signature-Settings:
//!   key=<SharedKey>,algorithm=HMAC_SHA256`; the secret is then the SharedKey secret and the
//!   algorithm the one the header names (HMAC_SHA1 or HMAC_SHA256). Only the hash changes.
//! - Signed bytes (`data`), decided by the request, not the caller:
//!   - the URL carries a `bodySHA256` query parameter (JSON bodies): the URL alone, and the
//!     parameter must equal the lowercase hex SHA-256 of the raw body;
//!   - otherwise (form POSTs): the URL followed by the form parameters of the
//!     `application/x-www-form-urlencoded` body, ordered by name then value (byte order, as
//!     Twilio's "Unix-style case-sensitive" sort), each distinct name+value pair once,
//!     written `name` + `value` with no separators — what twilio-python
//!     (`sorted(set(values))`) and twilio-node (`new Set(values)`, sorted) compute for repeated
//!     names. The SDKs' "sorted" differs once a name or value holds a character above
//!     U+FFFF next to one in U+E000–U+FFFF: twilio-python, -ruby, -php and -go compare code
//!     points, twilio-node, -java and -csharp UTF-16 code units. Twilio does not document its
//!     sender's, so both orders are tried (signing uses code points);
//!   - GET and empty bodies: the URL alone (query parameters are part of it).
//!
//!   A non-empty body that is not form-encoded and has no `bodySHA256` is refused: nothing
//!   would sign it.
//! - URL: required, the public URL Twilio called. As the official SDKs do, these spellings of
//!   it are tried: as given; with its port removed, or with the default port added when it
//!   has none (`:443` for https, `:80` otherwise: twilio-python `add_port`/`remove_port`,
//!   twilio-node `addPort`/`removePort`); and for each, the query re-serialised the two ways
//!   twilio-node does — WHATWG `new URL()` percent-encoding (`'` → `%27`, space → `%20`, …)
//!   and its legacy `querystring` round trip (decode, then encode like `encodeURIComponent`,
//!   which leaves `'` unescaped; twilio-node #1059/#1061). One spelling is ours: `%27` turned
//!   back into the raw `'` Twilio signs, for hosts whose `request.url` went through WHATWG
//!   normalisation (workerd, Deno, Bun) when the query also holds a `+` (twilio-node #1183).
//!   No SDK drops the query string, and neither does this.
//! - No timestamp is signed, so there is no replay window; de-duplicate on the delivery id
//!   header `I-Twilio-Idempotency-Token`, which stays the same when Twilio retries.
//! - No handshake.

use super::crypto::{self, Algorithm};
use super::{encoding, form, Headers, Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: NAME,
    delivery_id_header: Some(DELIVERY_ID),
    verify,
    sign,
    handshake: None,
};

const NAME: &str = "twilio";
const HEADER: &str = "x-twilio-signature";
const HEADER_SPELLING: &str = "X-Twilio-Signature";
const SETTINGS: &str = "x-twilio-webhooks-signature-settings";
const DELIVERY_ID: &str = "i-twilio-idempotency-token";
const DELIVERY_ID_SPELLING: &str = "I-Twilio-Idempotency-Token";
const BODY_HASH: &str = "bodySHA256";
const FORM: &str = "application/x-www-form-urlencoded";

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let url = public_url(context.delivery.url)?;
    let headers = &context.delivery.headers;
    let algorithm = signing_algorithm(headers)?;
    let signature = parse_signature(headers.require(HEADER)?, algorithm)?;
    let body = context.delivery.body;
    let body_hash = body_hash_param(url);
    let param_orders = match body_hash {
        Some(_) => vec![Vec::new()],
        None => {
            check_body_is_signed(headers, body)?;
            signed_param_orders(body)
        }
    };
    let signatures = [signature];
    let mut matched = None;
    'search: for candidate in url_candidates(url) {
        for params in &param_orders {
            match context.match_signatures(HEADER, NAME, &signatures, |_, secret| {
                Ok(crypto::hmac(
                    algorithm,
                    secret.as_bytes(),
                    &[candidate.as_bytes(), params],
                ))
            }) {
                Ok(found) => {
                    matched = Some(found);
                    break 'search;
                }
                Err(Error::WebhookSignature { .. }) => continue,
                Err(other) => return Err(other),
            }
        }
    }
    let mismatch = || Error::WebhookSignature {
        scheme: NAME,
        header: HEADER.to_owned(),
        secrets_tried: context.secrets.len(),
    };
    let (secret_index, signature_index) = matched.ok_or_else(mismatch)?;
    // The URL is authentic now, so its bodySHA256 is Twilio's; the body must hash to it.
    if let Some(expected) = body_hash {
        let actual = crypto::digest(Algorithm::Sha256, &[body]);
        match encoding::hex_decode(&expected) {
            Some(expected) if crypto::constant_time_eq(&expected, &actual) => {}
            _ => return Err(mismatch()),
        }
    }
    Ok(Proof {
        secret_index,
        signature_index,
        header: HEADER,
        algorithm: algorithm.hmac_name(),
        timestamp: None,
    })
}

/// Signs as Twilio does with an Auth Token (HMAC-SHA1). A JSON body must already be named by
/// a `bodySHA256` parameter in `url`: the signature covers the URL, so the simulator has to
/// send the request to that URL, and the error says which one.
fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let url = public_url(context.url)?;
    let actual = encoding::hex_encode(&crypto::digest(Algorithm::Sha256, &[context.body]));
    let params = match body_hash_param(url) {
        Some(given) if given.eq_ignore_ascii_case(&actual) => Vec::new(),
        Some(given) => {
            return Err(Error::InvalidArgument {
                path: "/url".into(),
                message: format!(
                    "the URL's bodySHA256 is {given} but the SHA-256 of the body is {actual}; \
                     Twilio sets it to the hash of the exact body it sends"
                ),
            })
        }
        None if looks_like_json(context.body) => {
            return Err(Error::InvalidArgument {
                path: "/url".into(),
                message: format!(
                    "Twilio signs a JSON body through a bodySHA256 query parameter in the URL, \
                     not the body itself; send the request to {} and sign that URL",
                    with_body_hash(url, &actual)
                ),
            })
        }
        None => signed_params(&sorted_pairs(context.body)),
    };
    let mac = crypto::hmac(
        Algorithm::Sha1,
        context.secret.as_bytes(),
        &[url.as_bytes(), &params],
    );
    let mut headers = vec![(HEADER_SPELLING.to_owned(), encoding::base64_encode(&mac))];
    if let Some(id) = context.id {
        headers.push((DELIVERY_ID_SPELLING.to_owned(), id.to_owned()));
    }
    Ok(headers)
}

/// The URL Twilio called, which it signs: required, and absolute.
/// The URL Twilio signed; see [`super::public_url`].
fn public_url(url: Option<&str>) -> Result<&str, Error> {
    super::public_url(
        url,
        "Twilio signs the full public URL it called (scheme, host, port, path and query), so \
         pass `url` exactly as configured in Twilio",
    )
}

/// HMAC-SHA1 unless a SharedKey settings header names another algorithm.
fn signing_algorithm(headers: &Headers<'_>) -> Result<Algorithm, Error> {
    let Some(settings) = headers.get(SETTINGS)? else {
        return Ok(Algorithm::Sha1);
    };
    let named = settings
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("algorithm"))
        .map(|(_, value)| value.trim());
    match named {
        Some(name) if name.eq_ignore_ascii_case("HMAC_SHA1") => Ok(Algorithm::Sha1),
        Some(name) if name.eq_ignore_ascii_case("HMAC_SHA256") => Ok(Algorithm::Sha256),
        _ => Err(Error::WebhookHeader {
            header: SETTINGS.to_owned(),
            problem: "expected `key=<SharedKey>,algorithm=HMAC_SHA256` (or HMAC_SHA1)".into(),
        }),
    }
}

fn parse_signature(value: &str, algorithm: Algorithm) -> Result<Vec<u8>, Error> {
    match encoding::base64_decode(value) {
        Some(bytes) if bytes.len() == algorithm.output_len() => Ok(bytes),
        _ => Err(Error::WebhookHeader {
            header: HEADER.to_owned(),
            problem: format!(
                "expected the base64 {} of the URL and parameters",
                algorithm.hmac_name()
            ),
        }),
    }
}

/// The first `bodySHA256` query parameter, as the SDKs read it.
fn body_hash_param(url: &str) -> Option<String> {
    form::first(&form::query_pairs(url), BODY_HASH).map(str::to_owned)
}

/// Refuses a body that neither the form parameters nor a `bodySHA256` would cover.
fn check_body_is_signed(headers: &Headers<'_>, body: &[u8]) -> Result<(), Error> {
    let Some(content_type) = headers.get("content-type")? else {
        return Ok(());
    };
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if body.is_empty() || media_type.eq_ignore_ascii_case(FORM) {
        return Ok(());
    }
    Err(Error::WebhookHeader {
        header: "content-type".into(),
        problem: format!(
            "is `{media_type}` but the URL has no bodySHA256 query parameter, so nothing signs \
             this body; Twilio adds bodySHA256 to the URL of JSON webhooks — pass the full URL \
             Twilio called, query string included"
        ),
    })
}

/// The distinct form parameters, by name then value in code point (UTF-8 byte) order.
fn sorted_pairs(body: &[u8]) -> Vec<(String, String)> {
    let mut pairs = form::parse(body);
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The parameters as Twilio appends them: `name` + `value`, no separators.
fn signed_params(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in pairs {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    out
}

/// The signed parameter bytes in each order an official SDK sorts them. "Sorted" means two
/// things once a name or value mixes characters above U+FFFF with ones in U+E000–U+FFFF:
/// twilio-python (`sorted`), -ruby, -php and -go compare code points (UTF-8 bytes), while
/// twilio-node (`Array.prototype.sort`), -java (`Collections.sort`) and -csharp (ordinal)
/// compare UTF-16 code units, so `😀` sorts before `ｱ` there and after it here. Twilio does
/// not say which its sender uses, so both are tried; the second only when it differs.
/// Signing uses the first.
fn signed_param_orders(body: &[u8]) -> Vec<Vec<u8>> {
    let mut pairs = sorted_pairs(body);
    let by_code_point = signed_params(&pairs);
    if !pairs
        .iter()
        .any(|(name, value)| name.chars().chain(value.chars()).any(|c| c > '\u{FFFF}'))
    {
        return vec![by_code_point];
    }
    pairs.sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0).then_with(|| utf16_cmp(&a.1, &b.1)));
    let by_code_unit = signed_params(&pairs);
    if by_code_unit == by_code_point {
        vec![by_code_point]
    } else {
        vec![by_code_point, by_code_unit]
    }
}

/// UTF-16 code unit order without transcoding: it is code point order except that U+E000–
/// U+FFFF (one unit, above the surrogates) sorts after everything above U+FFFF (a surrogate
/// pair, D800–DBFF first).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let rank = |c: char| match u32::from(c) {
        unit @ 0xE000..=0xFFFF => unit + 0x11_0000,
        other => other,
    };
    a.chars().map(rank).cmp(b.chars().map(rank))
}

fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|byte| !byte.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// `url` with `bodySHA256=<hex>` added to its query (before any fragment).
fn with_body_hash(url: &str, hex: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let separator = match base.split_once('?') {
        Some((_, "")) => "",
        Some(_) => "&",
        None => "?",
    };
    let mut out = format!("{base}{separator}{BODY_HASH}={hex}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Every spelling of `url` the official SDKs accept a signature for, as given first.
fn url_candidates(url: &str) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    let bases = [Some(url.to_owned()), toggle_port(url)];
    for base in bases.into_iter().flatten() {
        let forms = [
            Some(base.clone()),
            map_query(&base, whatwg_query),
            map_query(&base, legacy_query),
            map_query(&base, raw_apostrophes),
        ];
        for candidate in forms.into_iter().flatten() {
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
    }
    candidates
}

/// The URL with its explicit port removed, or with the scheme's default port added.
fn toggle_port(url: &str) -> Option<String> {
    let scheme_end = url.find("://")?;
    let authority_start = scheme_end + 3;
    let tail = url.get(authority_start..)?;
    let authority_end = authority_start + tail.find(['/', '?', '#']).unwrap_or(tail.len());
    let authority = url.get(authority_start..authority_end)?;
    // The host starts after any `user:password@`; an IPv6 host is bracketed.
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_port = authority.get(host_start..)?;
    let port_colon = if host_port.starts_with('[') {
        host_port
            .find("]:")
            .map(|bracket| bracket + 1)
            .filter(|_| !host_port.ends_with(']'))
    } else {
        host_port.rfind(':')
    };
    let head = url.get(..authority_start + host_start)?;
    let rest = url.get(authority_end..)?;
    match port_colon {
        Some(colon) if host_port.len() > colon + 1 => {
            let host = host_port.get(..colon)?;
            Some(format!("{head}{host}{rest}"))
        }
        _ => {
            let host = host_port.trim_end_matches(':');
            if host.is_empty() {
                return None;
            }
            let scheme = url.get(..scheme_end)?;
            let port = if scheme.eq_ignore_ascii_case("https") {
                443
            } else {
                80
            };
            Some(format!("{head}{host}:{port}{rest}"))
        }
    }
}

/// Rewrites the query of `url` (between `?` and any `#`) with `rewrite`.
fn map_query(url: &str, rewrite: fn(&str) -> String) -> Option<String> {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let (path, query) = base.split_once('?')?;
    let mut out = format!("{path}?{}", rewrite(query));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Some(out)
}

/// The query as WHATWG `new URL()` serialises it for http(s): controls, space, `"`, `#`, `'`,
/// `<`, `>` and non-ASCII bytes percent-encoded, existing escapes kept.
fn whatwg_query(query: &str) -> String {
    percent_encode(query, |byte| {
        byte <= 0x20 || byte >= 0x7f || matches!(byte, b'"' | b'#' | b'\'' | b'<' | b'>')
    })
}

/// The query after Node's `querystring.parse` + `stringify`: pairs decoded, then encoded like
/// `encodeURIComponent` (everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`).
fn legacy_query(query: &str) -> String {
    let unreserved = |byte: u8| {
        byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
            )
    };
    form::parse(query.as_bytes())
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                percent_encode(name, |byte| !unreserved(byte)),
                percent_encode(value, |byte| !unreserved(byte))
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The query with `%27` turned back into `'`, as Twilio signs it: WHATWG hosts (workerd, Deno,
/// Bun `request.url`) hand over `%27`, and with a `+` beside it neither SDK spelling above
/// reproduces Twilio's bytes (twilio-node #1183).
fn raw_apostrophes(query: &str) -> String {
    query.replace("%27", "'")
}

fn percent_encode(text: &str, escape: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if escape(byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{verify as verify_delivery, Clock, Delivery, Verified};
    use super::*;

    const NOW: i64 = 1_700_000_000;
    // Twilio's documented example: Auth Token, URL and POST parameters.
    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const FORM_BODY: &[u8] =
        b"CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234&From=%2B14158675310&To=%2B18005551212";
    // The same parameters with the 5309 numbers used by twilio-python's tests.
    const SDK_FORM_BODY: &[u8] =
        b"To=%2B18005551212&From=%2B14158675309&Caller=%2B14158675309&Digits=1234&CallSid=CA1234567890ABCDE";

    fn check(
        secrets: &[&str],
        headers: &[(&str, &str)],
        body: &[u8],
        url: Option<&str>,
    ) -> Result<Verified, Error> {
        let delivery = Delivery {
            headers: headers.iter().copied().collect(),
            body,
            url,
            method: Some("POST"),
        };
        let clock = Clock {
            now: NOW,
            tolerance_seconds: None,
        };
        verify_delivery(&SCHEME, secrets, &delivery, clock)
    }

    fn form_headers(signature: &str) -> Vec<(&str, &str)> {
        vec![
            ("X-Twilio-Signature", signature),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]
    }

    fn signed(secret: &str, body: &[u8], url: &str) -> Result<Vec<(String, String)>, Error> {
        super::super::sign(
            &SCHEME,
            &SignContext {
                secret,
                body,
                now: NOW,
                id: None,
                url: Some(url),
                method: Some("POST"),
            },
        )
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
        result.unwrap_err().code()
    }

    // twilio.com/docs/usage/webhooks/webhooks-security (and TwilioDevEd/api-snippets
    // security/signature_validation): Auth Token 12345 → GvWf1cFY/Q7PnoempGyD5oXAezc=.
    #[test]
    fn documented_example_verifies() {
        let headers = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        let result = check(&[TOKEN], &headers, FORM_BODY, Some(URL)).unwrap();
        assert_eq!(result.matched.header, "x-twilio-signature");
        assert_eq!(result.matched.algorithm, "hmac-sha1");
        assert_eq!(result.delivery_id, None);
        assert_eq!(result.timestamp, None);
    }

    // twilio-python tests/unit/test_request_validator.py: the port variants.
    #[test]
    fn sdk_port_vectors_verify() {
        // Signature over the URL as given.
        let plain = form_headers("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert!(check(&[TOKEN], &plain, SDK_FORM_BODY, Some(URL)).is_ok());
        // Given with :1234, signed without it (removes_port_on_https).
        let with_port = URL.replace(".com", ".com:1234");
        assert!(check(&[TOKEN], &plain, SDK_FORM_BODY, Some(&with_port)).is_ok());
        // Given without a port, signed with :443 (adds_port_on_https).
        let https_443 = form_headers("kvajT1Ptam85bY51eRf/AJRuM3w=");
        assert!(check(&[TOKEN], &https_443, SDK_FORM_BODY, Some(URL)).is_ok());
        // http, signed with :80 (adds_port_on_http).
        let http = URL.replace("https", "http");
        let http_80 = form_headers("0ZXoZLH/DfblKGATFgpif+LLRf4=");
        assert!(check(&[TOKEN], &http_80, SDK_FORM_BODY, Some(&http)).is_ok());
        // http with :1234, signed with :1234 (removes_port_on_http keeps the given URL).
        let http_1234 = form_headers("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
        let given = http.replace(".com", ".com:1234");
        assert!(check(&[TOKEN], &http_1234, SDK_FORM_BODY, Some(&given)).is_ok());
    }

    // twilio-python: repeated names (MultiDict / QueryDict) → IK+Dwps556ElfBT0I3Rgjkr1wJU=.
    #[test]
    fn repeated_names_are_sorted_by_value() {
        let headers = form_headers("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
        let body = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234";
        assert!(check(&[TOKEN], &headers, body, Some(URL)).is_ok());
        // A repeated identical pair counts once (the SDKs de-duplicate values).
        let twice = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234";
        assert!(check(&[TOKEN], &headers, twice, Some(URL)).is_ok());
    }

    // twilio-node sorts names and repeated values with `Array.prototype.sort` (UTF-16 code
    // units), twilio-python with `sorted` (code points): for `😀` (U+1F600, surrogates D83D
    // DE00) and `ｱ` (U+FF71) the two orders differ, and a signature in either verifies.
    #[test]
    fn repeated_values_verify_in_code_point_and_utf16_order() {
        let body = "Body=%F0%9F%98%80&Body=%EF%BD%B1&To=%2B1".as_bytes();
        let mac = |data: &str| {
            let mac = crypto::hmac(Algorithm::Sha1, TOKEN.as_bytes(), &[data.as_bytes()]);
            encoding::base64_encode(&mac)
        };
        let by_code_point = mac(&format!("{URL}BodyｱBody😀To+1"));
        let by_utf16 = mac(&format!("{URL}Body😀BodyｱTo+1"));
        for signature in [&by_code_point, &by_utf16] {
            let result = check(&[TOKEN], &form_headers(signature), body, Some(URL));
            assert!(result.is_ok(), "{result:?}");
        }
        assert_eq!(signed_param_orders(body).len(), 2);
        // Signing keeps the code point order; ASCII-only bodies have one order.
        let signed = signed(TOKEN, body, URL).unwrap();
        assert_eq!(signed[0].1, by_code_point);
        assert_eq!(signed_param_orders(FORM_BODY).len(), 1);
        // Either way the signature still covers every value.
        let other = "Body=%F0%9F%98%81&Body=%EF%BD%B1&To=%2B1".as_bytes();
        let err = check(&[TOKEN], &form_headers(&by_utf16), other, Some(URL)).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    // twilio-python test_validation_of_body_succeeds: JSON body with bodySHA256.
    #[test]
    fn json_body_with_body_hash() {
        let body = br#"{"property": "value", "boolean": true}"#;
        let url = format!(
            "{URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        let headers = [
            ("X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4="),
            ("Content-Type", "application/json"),
        ];
        assert!(check(&[TOKEN], &headers, body, Some(&url)).is_ok());
        // Same URL and signature, another body: the hash no longer matches.
        let tampered = br#"{"property": "value", "boolean": false}"#;
        let err = check(&[TOKEN], &headers, tampered, Some(&url)).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // A JSON body without bodySHA256 in the URL is not signed at all.
        let err = check(&[TOKEN], &headers, body, Some(URL)).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        assert_eq!(err.path().as_deref(), Some("/headers/content-type"));
    }

    #[test]
    fn url_is_required_and_absolute() {
        let headers = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        for url in [None, Some(""), Some("/myapp.php?foo=1&bar=2")] {
            let err = check(&[TOKEN], &headers, FORM_BODY, url).unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_ARGUMENT");
            assert_eq!(err.path().as_deref(), Some("/url"));
            assert!(err.to_string().contains("public URL"), "{err}");
        }
        let err = signed(TOKEN, FORM_BODY, "mycompany.com/x").unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/url"));
    }

    #[test]
    fn sign_reproduces_the_documented_example_and_round_trips() {
        let headers = signed(TOKEN, FORM_BODY, URL).unwrap();
        assert_eq!(
            headers,
            vec![(
                "X-Twilio-Signature".to_owned(),
                "GvWf1cFY/Q7PnoempGyD5oXAezc=".to_owned()
            )]
        );
        // GET: no body, the URL alone.
        let get = signed("tok", b"", "https://crm.test/twilio/status?CallSid=CA1").unwrap();
        let pairs: Vec<(&str, &str)> = get.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert!(check(
            &["tok"],
            &pairs,
            b"",
            Some("https://crm.test/twilio/status?CallSid=CA1")
        )
        .is_ok());
        // Wrong token.
        assert_eq!(
            code(check(
                &["other"],
                &pairs,
                b"",
                Some("https://crm.test/twilio/status?CallSid=CA1")
            )),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn sign_json_needs_the_body_hash_in_the_url() {
        let body = br#"{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}"#;
        let err = signed(TOKEN, body, "https://example.com/myapp").unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/url"));
        let message = err.to_string();
        let url = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
        assert!(message.contains(url), "{message}");
        let headers = signed(TOKEN, body, url).unwrap();
        let signature = headers[0].1.as_str();
        let verify_headers = [
            ("X-Twilio-Signature", signature),
            ("content-type", "application/json"),
        ];
        assert!(check(&[TOKEN], &verify_headers, body, Some(url)).is_ok());
        let stale = url.replace("5ccde7", "000000");
        assert_eq!(code(signed(TOKEN, body, &stale)), "ERR_INVALID_ARGUMENT");
        assert_eq!(
            with_body_hash("https://x.test/a?b=1#f", "ab"),
            "https://x.test/a?b=1&bodySHA256=ab#f"
        );
        assert_eq!(
            with_body_hash("https://x.test/a?", "ab"),
            "https://x.test/a?bodySHA256=ab"
        );
    }

    #[test]
    fn rotation_tries_every_token() {
        let headers = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        let result = check(&["old-token", TOKEN], &headers, FORM_BODY, Some(URL)).unwrap();
        assert_eq!(result.matched.secret_index, 1);
        let err = check(&["a", "b"], &headers, FORM_BODY, Some(URL)).unwrap_err();
        assert_eq!(err.details().unwrap()["secretsTried"], 2);
    }

    #[test]
    fn tampering_fails() {
        let headers = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        let changed = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1235&From=%2B14158675310&To=%2B18005551212";
        assert_eq!(
            code(check(&[TOKEN], &headers, changed, Some(URL))),
            "ERR_WEBHOOK_SIGNATURE"
        );
        let other_url = URL.replace("foo=1", "foo=2");
        assert_eq!(
            code(check(&[TOKEN], &headers, FORM_BODY, Some(&other_url))),
            "ERR_WEBHOOK_SIGNATURE"
        );
        // An extra parameter Twilio did not send.
        let mut extra = FORM_BODY.to_vec();
        extra.extend_from_slice(b"&Injected=1");
        assert_eq!(
            code(check(&[TOKEN], &headers, &extra, Some(URL))),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn malformed_headers() {
        for value in [
            "",
            "  ",
            "not base64!",
            "GvWf1cFY",
            "R3ZXZjFjRlkvUTdQbm9lbXBHeUQ1b1hBZXpjPQ==AAAA",
            "é",
        ] {
            let headers = form_headers(value);
            let err = check(&[TOKEN], &headers, FORM_BODY, Some(URL)).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{value:?}");
        }
        let missing = check(&[TOKEN], &[], FORM_BODY, Some(URL)).unwrap_err();
        assert_eq!(
            missing.path().as_deref(),
            Some("/headers/x-twilio-signature")
        );
        let twice = [
            ("X-Twilio-Signature", "GvWf1cFY/Q7PnoempGyD5oXAezc="),
            ("x-twilio-signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        ];
        assert_eq!(
            code(check(&[TOKEN], &twice, FORM_BODY, Some(URL))),
            "ERR_WEBHOOK_HEADER"
        );
        let mut settings = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        settings.push((
            "X-Twilio-Webhooks-Signature-Settings",
            "key=KS1,algorithm=MD5",
        ));
        let err = check(&[TOKEN], &settings, FORM_BODY, Some(URL)).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-twilio-webhooks-signature-settings")
        );
    }

    // twilio-node/examples/WebhookSignatureValidation.md: a SharedKey signs with the algorithm
    // the settings header names; the signed string is unchanged.
    #[test]
    fn shared_key_settings_select_hmac_sha256() {
        let key = "shared-key-secret";
        let mut data = URL.as_bytes().to_vec();
        data.extend_from_slice(&signed_params(&sorted_pairs(FORM_BODY)));
        let mac = crypto::hmac(Algorithm::Sha256, key.as_bytes(), &[&data]);
        let signature = encoding::base64_encode(&mac);
        let mut headers = form_headers(&signature);
        headers.push((
            "X-Twilio-Webhooks-Signature-Settings",
            "key=KSxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, algorithm=HMAC_SHA256",
        ));
        let result = check(&[TOKEN, key], &headers, FORM_BODY, Some(URL)).unwrap();
        assert_eq!(result.matched.algorithm, "hmac-sha256");
        assert_eq!(result.matched.secret_index, 1);
        // Without the settings header a 32-byte signature is not an HMAC-SHA1.
        let plain = form_headers(&signature);
        assert_eq!(
            code(check(&[key], &plain, FORM_BODY, Some(URL))),
            "ERR_WEBHOOK_HEADER"
        );
    }

    #[test]
    fn non_form_bodies_need_a_body_hash() {
        let signature = signed(TOKEN, b"", URL).unwrap().remove(0).1;
        // An XML body under a URL-only signature would be unauthenticated.
        let headers = [
            ("X-Twilio-Signature", signature.as_str()),
            ("Content-Type", "text/xml; charset=utf-8"),
        ];
        assert_eq!(
            code(check(&[TOKEN], &headers, b"<x/>", Some(URL))),
            "ERR_WEBHOOK_HEADER"
        );
        // No content type: the body is read as a form, so it is still covered.
        let bare = [("X-Twilio-Signature", signature.as_str())];
        assert_eq!(
            code(check(&[TOKEN], &bare, b"a=1", Some(URL))),
            "ERR_WEBHOOK_SIGNATURE"
        );
        assert!(check(&[TOKEN], &bare, b"", Some(URL)).is_ok());
        // Form content type with parameters in any case.
        let upper = [
            ("X-Twilio-Signature", "GvWf1cFY/Q7PnoempGyD5oXAezc="),
            (
                "Content-Type",
                "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
            ),
        ];
        assert!(check(&[TOKEN], &upper, FORM_BODY, Some(URL)).is_ok());
    }

    #[test]
    fn delivery_id_is_the_idempotency_token() {
        let mut headers = form_headers("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        headers.push(("I-Twilio-Idempotency-Token", "a1b2c3-d4"));
        let result = check(&[TOKEN], &headers, FORM_BODY, Some(URL)).unwrap();
        assert_eq!(result.delivery_id.as_deref(), Some("a1b2c3-d4"));
        let sent = super::super::sign(
            &SCHEME,
            &SignContext {
                secret: TOKEN,
                body: FORM_BODY,
                now: NOW,
                id: Some("a1b2c3-d4"),
                url: Some(URL),
                method: None,
            },
        )
        .unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent[1],
            (
                "I-Twilio-Idempotency-Token".to_owned(),
                "a1b2c3-d4".to_owned()
            )
        );
    }

    #[test]
    fn url_candidates_match_the_sdks() {
        assert_eq!(
            url_candidates("https://mycompany.com/myapp.php?foo=1&bar=2"),
            vec![
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            ]
        );
        assert_eq!(
            url_candidates("http://u:p@[::1]:8080/x"),
            vec!["http://u:p@[::1]:8080/x", "http://u:p@[::1]/x"]
        );
        assert_eq!(
            url_candidates("http://[::1]/x"),
            vec!["http://[::1]/x", "http://[::1]:80/x"]
        );
        assert_eq!(
            url_candidates("https://h.test"),
            vec!["https://h.test", "https://h.test:443"]
        );
        // twilio-node #1059: Twilio signs the apostrophe unescaped; hosts that went through
        // `new URL()` hand over %27, and `+` spaces come back as %20 from querystring.
        let candidates = url_candidates("https://h.test/cb?City=Trezzo+Sull%27Adda");
        assert!(candidates.contains(&"https://h.test/cb?City=Trezzo%20Sull'Adda".to_owned()));
        let candidates = url_candidates("https://h.test/cb?City=Sull'Adda x");
        assert!(candidates.contains(&"https://h.test/cb?City=Sull%27Adda%20x".to_owned()));
        assert!(candidates.contains(&"https://h.test:443/cb?City=Sull%27Adda%20x".to_owned()));
        // Nothing to toggle without an authority.
        assert_eq!(toggle_port("https://"), None);
    }

    #[test]
    fn apostrophe_in_query_verifies_either_way() {
        // Twilio signed the raw apostrophe; the host passes the WHATWG-normalised URL.
        let signed_url = "https://h.test/cb?FromCity=Forli'";
        let signature = signed("tok", b"", signed_url).unwrap().remove(0).1;
        let headers = [("X-Twilio-Signature", signature.as_str())];
        assert!(check(
            &["tok"],
            &headers,
            b"",
            Some("https://h.test/cb?FromCity=Forli%27")
        )
        .is_ok());
        assert!(check(&["tok"], &headers, b"", Some(signed_url)).is_ok());
        // twilio-node #1183: a `+` space beside the apostrophe; workerd's `request.url` keeps
        // the `+` and escapes the `'`.
        let signed_url = "https://h.test/cb?Name=William+O'Hara&From=%2B1415";
        let signature = signed("tok", b"", signed_url).unwrap().remove(0).1;
        let headers = [("X-Twilio-Signature", signature.as_str())];
        let normalised = "https://h.test/cb?Name=William+O%27Hara&From=%2B1415";
        assert!(check(&["tok"], &headers, b"", Some(normalised)).is_ok());
    }
}
