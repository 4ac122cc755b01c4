//! HubSpot signature v3 (`hubspot-v3`).
//!
//! - Headers: `X-HubSpot-Signature-v3: <base64 HMAC-SHA256(client secret, data)>` and
//!   `X-HubSpot-Request-Timestamp: <unix milliseconds>`.
//! - Signed bytes: `method + uri + body + timestamp`, UTF-8, no separators; `timestamp` is the
//!   header text exactly as sent. `method` is the request method (upper case, `POST` when not
//!   given, as the SDKs default); `uri` the full request URL with these escapes decoded, per
//!   HubSpot's table: `%3A` `:`, `%2F` `/`, `%3F` `?`, `%40` `@`, `%21` `!`, `%24` `$`, `%27`
//!   `'`, `%28` `(`, `%29` `)`, `%2A` `*`, `%2C` `,`, `%3B` `;` (hex digits in either case;
//!   nothing else is decoded). Because that table is the least certain part of the scheme,
//!   the URL exactly as given is tried too when it differs.
//! - Secret: the app's client secret, as UTF-8 text.
//! - Encoding: standard base64. Some hosts URL-decode header values on the way in, turning
//!   `+` into a space (HubSpot community, "V3 signature validation doesn't work for space"),
//!   so spaces in the signature are read as `+`.
//! - Replay window: past only — rejected when older than `toleranceSeconds` (default 300 s,
//!   HubSpot's "older than 5 minutes"); a future timestamp passes, as in hubspot-api-nodejs
//!   and hubspot-api-php `Signature::isValid` (`now - timestamp > 300000`). The milliseconds
//!   are floored to seconds for the check and reported as `timestamp` in seconds.
//! - `X-HubSpot-Signature-Version` is not read: it describes the v1/v2 header sent alongside.
//! - No delivery-id header, no handshake.

use super::super::crypto::{self, Algorithm};
use super::super::{encoding, Proof, Scheme, SignContext, VerifyContext, Window};
use super::{request_method, request_url, SIGNATURE_V3};
use crate::error::Error;

pub(in crate::webhook) static SCHEME: Scheme = Scheme {
    name: NAME,
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const NAME: &str = "hubspot-v3";
const TIMESTAMP: &str = "x-hubspot-request-timestamp";

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let url = request_url(context.delivery.url)?;
    let headers = &context.delivery.headers;
    let signature = parse_signature(headers.require(SIGNATURE_V3)?)?;
    let timestamp = headers.require(TIMESTAMP)?;
    let millis = parse_millis(timestamp)?;
    let method = request_method(context.delivery.method);
    let body = context.delivery.body;
    let decoded = decode_uri(url);
    let mut candidates = vec![decoded.as_str()];
    if decoded != url {
        candidates.push(url);
    }
    let signatures = [signature];
    let mut matched = None;
    for uri in candidates {
        match context.match_signatures(SIGNATURE_V3, NAME, &signatures, |_, secret| {
            Ok(crypto::hmac(
                Algorithm::Sha256,
                secret.as_bytes(),
                &[
                    method.as_bytes(),
                    uri.as_bytes(),
                    body,
                    timestamp.as_bytes(),
                ],
            ))
        }) {
            Ok(found) => {
                matched = Some(found);
                break;
            }
            Err(Error::WebhookSignature { .. }) => continue,
            Err(other) => return Err(other),
        }
    }
    let (secret_index, signature_index) = matched.ok_or_else(|| Error::WebhookSignature {
        scheme: NAME,
        header: SIGNATURE_V3.to_owned(),
        secrets_tried: context.secrets.len(),
    })?;
    // Checked after the signature, so a timestamp error means an authentic but stale request.
    let seconds = millis.div_euclid(1000);
    context.check_timestamp(TIMESTAMP, seconds, Window::PastOnly)?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: SIGNATURE_V3,
        algorithm: Algorithm::Sha256.hmac_name(),
        timestamp: Some(seconds),
    })
}

/// The two headers HubSpot attaches for v3, the timestamp being `now` in milliseconds.
fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let url = request_url(context.url)?;
    let millis = context
        .now
        .checked_mul(1000)
        .ok_or_else(|| Error::InvalidArgument {
            path: "/now".into(),
            message: "is too large to be written in milliseconds".into(),
        })?
        .to_string();
    let method = request_method(context.method);
    let mac = crypto::hmac(
        Algorithm::Sha256,
        context.secret.as_bytes(),
        &[
            method.as_bytes(),
            decode_uri(url).as_bytes(),
            context.body,
            millis.as_bytes(),
        ],
    );
    Ok(vec![
        (
            "X-HubSpot-Signature-v3".to_owned(),
            encoding::base64_encode(&mac),
        ),
        ("X-HubSpot-Request-Timestamp".to_owned(), millis),
    ])
}

fn parse_signature(value: &str) -> Result<Vec<u8>, Error> {
    match encoding::base64_decode(&value.replace(' ', "+")) {
        Some(bytes) if bytes.len() == Algorithm::Sha256.output_len() => Ok(bytes),
        _ => Err(Error::WebhookHeader {
            header: SIGNATURE_V3.to_owned(),
            problem: "expected the base64 HMAC-SHA256 of method, URL, body and timestamp".into(),
        }),
    }
}

fn parse_millis(value: &str) -> Result<i64, Error> {
    let digits = !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit());
    match value.parse::<i64>() {
        Ok(millis) if digits => Ok(millis),
        _ => Err(Error::WebhookHeader {
            header: TIMESTAMP.to_owned(),
            problem: format!(
                "expected unix time in milliseconds (e.g. 1700000000000), got {value:?}"
            ),
        }),
    }
}

/// Decodes exactly the escapes in HubSpot's table; every other byte is kept as it is.
fn decode_uri(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = match (byte, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_pair(hi, lo).filter(|decoded| {
                matches!(
                    decoded,
                    b':' | b'/'
                        | b'?'
                        | b'@'
                        | b'!'
                        | b'$'
                        | b'\''
                        | b'('
                        | b')'
                        | b'*'
                        | b','
                        | b';'
                )
            }),
            _ => None,
        };
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                i += 3;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    // Only ASCII escapes are replaced by ASCII bytes, so the text stays valid UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| uri.to_owned())
}

fn hex_pair(hi: u8, lo: u8) -> Option<u8> {
    let digit = |d: u8| {
        char::from(d)
            .to_digit(16)
            .and_then(|v| u8::try_from(v).ok())
    };
    Some(digit(hi)? << 4 | digit(lo)?)
}

#[cfg(test)]
mod tests {
    use super::super::check as check_request;
    use super::*;

    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const URL: &str = "https://www.example.com/webhook_uri";
    const BODY: &[u8] = br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
    const MILLIS: &str = "1700000000000";
    const NOW: i64 = 1_700_000_000;
    // python3: base64(hmac.new(SECRET, "POST" + URL + BODY + MILLIS, sha256)).
    const SIGNATURE: &str = "/pXDSgWeGksQpwCsgqd43P0eY6gBIse9UX0tfkudUrE=";

    fn check(
        secrets: &[&str],
        headers: &[(&str, &str)],
        body: &[u8],
        url: Option<&str>,
        now: i64,
    ) -> Result<super::super::super::Verified, Error> {
        check_request(
            &SCHEME,
            secrets,
            headers,
            body,
            url,
            Some("POST"),
            now,
            None,
        )
    }

    fn headers<'a>(signature: &'a str, millis: &'a str) -> [(&'a str, &'a str); 2] {
        [
            ("X-HubSpot-Signature-v3", signature),
            ("X-HubSpot-Request-Timestamp", millis),
        ]
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
        result.unwrap_err().code()
    }

    #[test]
    fn independently_computed_signature_verifies() {
        let result = check(&[SECRET], &headers(SIGNATURE, MILLIS), BODY, Some(URL), NOW).unwrap();
        assert_eq!(result.matched.header, "x-hubspot-signature-v3");
        assert_eq!(result.matched.algorithm, "hmac-sha256");
        assert_eq!(result.timestamp, Some(NOW));
        assert_eq!(result.delivery_id, None);
        // Method defaults to POST when the host does not pass one.
        let no_method = check_request(
            &SCHEME,
            &[SECRET],
            &headers(SIGNATURE, MILLIS),
            BODY,
            Some(URL),
            None,
            NOW,
            None,
        );
        assert!(no_method.is_ok());
        let get = check_request(
            &SCHEME,
            &[SECRET],
            &headers(SIGNATURE, MILLIS),
            BODY,
            Some(URL),
            Some("GET"),
            NOW,
            None,
        );
        assert_eq!(code(get), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn sign_round_trips_and_matches_python() {
        let context = SignContext {
            secret: SECRET,
            body: BODY,
            now: NOW,
            id: None,
            url: Some(URL),
            method: None,
        };
        let sent = super::super::super::sign(&SCHEME, &context).unwrap();
        assert_eq!(
            sent,
            vec![
                ("X-HubSpot-Signature-v3".to_owned(), SIGNATURE.to_owned()),
                ("X-HubSpot-Request-Timestamp".to_owned(), MILLIS.to_owned()),
            ]
        );
        let no_url = SignContext {
            url: None,
            ..context
        };
        assert_eq!(
            super::super::super::sign(&SCHEME, &no_url)
                .unwrap_err()
                .path()
                .as_deref(),
            Some("/url")
        );
        let huge = SignContext {
            now: i64::MAX,
            ..context
        };
        assert_eq!(
            code(super::super::super::sign(&SCHEME, &huge)),
            "ERR_INVALID_ARGUMENT"
        );
    }

    #[test]
    fn uri_escapes_in_hubspots_table_are_decoded() {
        assert_eq!(
            decode_uri(
                "https://x.test/a%2Fb?e=jane%40example.com&n=%2fa%3Ab%2A%2c%3B%20%25%3D%E2%82%AC"
            ),
            "https://x.test/a/b?e=jane@example.com&n=/a:b*,;%20%25%3D%E2%82%AC"
        );
        assert_eq!(decode_uri("%3"), "%3");
        assert_eq!(decode_uri("%zz%"), "%zz%");
        assert_eq!(decode_uri("%21%24%27%28%29%3F"), "!$'()?");
        // Signed over the decoded URI (python3, same secret/body/timestamp).
        let encoded = "https://www.example.com/webhook_uri?email=jane%40example.com&next=%2Fa%3Ab";
        let signature = "Yp7R/+kXFIqxl5aPpifmshHBlX2JPLwNGKrs5h64IIc=";
        assert!(check(
            &[SECRET],
            &headers(signature, MILLIS),
            BODY,
            Some(encoded),
            NOW
        )
        .is_ok());
        // The URL as given is tried too, in case HubSpot signed it undecoded.
        let raw_mac = crypto::hmac(
            Algorithm::Sha256,
            SECRET.as_bytes(),
            &[b"POST", encoded.as_bytes(), BODY, MILLIS.as_bytes()],
        );
        let raw = encoding::base64_encode(&raw_mac);
        assert!(check(&[SECRET], &headers(&raw, MILLIS), BODY, Some(encoded), NOW).is_ok());
    }

    #[test]
    fn replay_window_is_past_only_in_milliseconds() {
        let at = |millis: i64| {
            let text = millis.to_string();
            let mac = crypto::hmac(
                Algorithm::Sha256,
                SECRET.as_bytes(),
                &[b"POST", URL.as_bytes(), BODY, text.as_bytes()],
            );
            let signature = encoding::base64_encode(&mac);
            check(&[SECRET], &headers(&signature, &text), BODY, Some(URL), NOW)
        };
        let now_ms = NOW * 1000;
        assert_eq!(at(now_ms - 300_000).unwrap().timestamp, Some(NOW - 300));
        assert!(at(now_ms - 299_999).is_ok());
        assert_eq!(code(at(now_ms - 300_001)), "ERR_WEBHOOK_TIMESTAMP");
        assert_eq!(code(at(now_ms - 301_000)), "ERR_WEBHOOK_TIMESTAMP");
        // Future timestamps pass: HubSpot and its SDKs only reject old ones.
        assert!(at(now_ms + 3_600_000).is_ok());
        let err = at(now_ms - 3_600_000).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-hubspot-request-timestamp")
        );
        // The caller's tolerance applies.
        let text = (now_ms - 600_000).to_string();
        let mac = crypto::hmac(
            Algorithm::Sha256,
            SECRET.as_bytes(),
            &[b"POST", URL.as_bytes(), BODY, text.as_bytes()],
        );
        let signature = encoding::base64_encode(&mac);
        let wide = check_request(
            &SCHEME,
            &[SECRET],
            &headers(&signature, &text),
            BODY,
            Some(URL),
            None,
            NOW,
            Some(600),
        );
        assert_eq!(wide.unwrap().timestamp, Some(NOW - 600));
    }

    #[test]
    fn plus_turned_into_space_is_accepted() {
        // The fixed vector has no '+', so find a timestamp whose signature has one.
        let mut millis = 1_700_000_000_000_i64;
        let (text, signature) = loop {
            let text = millis.to_string();
            let mac = crypto::hmac(
                Algorithm::Sha256,
                SECRET.as_bytes(),
                &[b"POST", URL.as_bytes(), BODY, text.as_bytes()],
            );
            let signature = encoding::base64_encode(&mac);
            if signature.contains('+') {
                break (text, signature);
            }
            millis += 1;
        };
        let spaced_signature = signature.replace('+', " ");
        assert!(check(
            &[SECRET],
            &headers(&spaced_signature, &text),
            BODY,
            Some(URL),
            NOW
        )
        .is_ok());
    }

    #[test]
    fn rotation_and_mismatch() {
        let result = check(
            &["old", SECRET],
            &headers(SIGNATURE, MILLIS),
            BODY,
            Some(URL),
            NOW,
        )
        .unwrap();
        assert_eq!(result.matched.secret_index, 1);
        assert_eq!(
            code(check(
                &["wrong"],
                &headers(SIGNATURE, MILLIS),
                BODY,
                Some(URL),
                NOW
            )),
            "ERR_WEBHOOK_SIGNATURE"
        );
        let tampered = String::from_utf8(BODY.to_vec())
            .unwrap()
            .replace("123", "124");
        assert_eq!(
            code(check(
                &[SECRET],
                &headers(SIGNATURE, MILLIS),
                tampered.as_bytes(),
                Some(URL),
                NOW
            )),
            "ERR_WEBHOOK_SIGNATURE"
        );
        // The timestamp is signed: moving it breaks the signature, not just the window.
        assert_eq!(
            code(check(
                &[SECRET],
                &headers(SIGNATURE, "1700000001000"),
                BODY,
                Some(URL),
                NOW
            )),
            "ERR_WEBHOOK_SIGNATURE"
        );
        let other_url = "https://www.example.com/webhook_uri?x=1";
        assert_eq!(
            code(check(
                &[SECRET],
                &headers(SIGNATURE, MILLIS),
                BODY,
                Some(other_url),
                NOW
            )),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn malformed_and_missing_headers() {
        for signature in [
            "",
            "abc",
            "sha256=/pXDSgWeGksQpwCsgqd43P0eY6gBIse9UX0tfkudUrE=",
            "é",
            "/pXDSgWeGksQpwCsgqd43P0eY6gBIse9UX0tfkudUrE=AAAA",
        ] {
            let err =
                check(&[SECRET], &headers(signature, MILLIS), BODY, Some(URL), NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{signature:?}");
        }
        for millis in [
            "",
            "abc",
            "-1700000000000",
            "1.7e12",
            "+1700000000000",
            "99999999999999999999",
            "１７",
        ] {
            let err =
                check(&[SECRET], &headers(SIGNATURE, millis), BODY, Some(URL), NOW).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{millis:?}");
        }
        let only_v1 = [
            (
                "X-HubSpot-Signature",
                "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
            ),
            ("X-HubSpot-Signature-Version", "v1"),
        ];
        let err = check(&[SECRET], &only_v1, BODY, Some(URL), NOW).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-hubspot-signature-v3")
        );
        let no_timestamp = [("X-HubSpot-Signature-v3", SIGNATURE)];
        let err = check(&[SECRET], &no_timestamp, BODY, Some(URL), NOW).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-hubspot-request-timestamp")
        );
        let err = check(&[SECRET], &headers(SIGNATURE, MILLIS), BODY, None, NOW).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/url"));
    }

    #[test]
    fn v1_headers_alongside_do_not_matter() {
        let all = [
            ("X-HubSpot-Signature-v3", SIGNATURE),
            ("X-HubSpot-Request-Timestamp", MILLIS),
            ("X-HubSpot-Signature", "00"),
            ("X-HubSpot-Signature-Version", "v1"),
        ];
        assert!(check(&[SECRET], &all, BODY, Some(URL), NOW).is_ok());
    }
}
