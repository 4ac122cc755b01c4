//! HubSpot signature v2 (`hubspot-v2`): workflow webhook actions and CRM cards.
//!
//! - Headers: `X-HubSpot-Signature: <hex SHA-256(data)>` with `X-HubSpot-Signature-Version: v2`.
//!   A plain SHA-256, not an HMAC; compared in constant time all the same.
//! - Signed bytes: `client secret + method + uri + body`, UTF-8, no separators. `method` is
//!   upper case, `POST` when not given (the SDKs' default); `uri` the full URL exactly as
//!   HubSpot called it — protocol included, query parameters in their original order, nothing
//!   decoded (the decoding table is v3's only).
//! - Secret: the app's client secret, as UTF-8 text.
//! - A version header naming another version is refused (`ERR_WEBHOOK_HEADER`) with the
//!   scheme to use instead; without one, the signature is read as v2.
//! - No timestamp, so no replay window (v3 has one); no delivery-id header, no handshake.

use super::super::{Proof, Scheme, SignContext, VerifyContext};
use super::{request_method, request_url, sign_legacy, verify_legacy};
use crate::error::Error;

pub(in crate::webhook) static SCHEME: Scheme = Scheme {
    name: NAME,
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const NAME: &str = "hubspot-v2";

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let url = request_url(context.delivery.url)?;
    let method = request_method(context.delivery.method);
    verify_legacy(
        context,
        NAME,
        "v2",
        &[method.as_bytes(), url.as_bytes(), context.delivery.body],
    )
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let url = request_url(context.url)?;
    let method = request_method(context.method);
    Ok(sign_legacy(
        "v2",
        context.secret,
        &[method.as_bytes(), url.as_bytes(), context.body],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::super::{sign as sign_request, Verified};
    use super::super::check as check_request;
    use super::*;

    // developers.hubspot.com "Validating the v2 request signature" examples.
    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const URL: &str = "https://www.example.com/webhook_uri";
    const GET_HASH: &str = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
    const POST_BODY: &[u8] = br#"{"example_field":"example_value"}"#;
    const POST_HASH: &str = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";

    fn check(
        secrets: &[&str],
        headers: &[(&str, &str)],
        body: &[u8],
        url: Option<&str>,
        method: Option<&str>,
    ) -> Result<Verified, Error> {
        check_request(&SCHEME, secrets, headers, body, url, method, 0, None)
    }

    fn v2(signature: &str) -> [(&str, &str); 2] {
        [
            ("X-HubSpot-Signature", signature),
            ("X-HubSpot-Signature-Version", "v2"),
        ]
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
        result.unwrap_err().code()
    }

    #[test]
    fn documented_examples_verify() {
        let get = check(&[SECRET], &v2(GET_HASH), b"", Some(URL), Some("GET")).unwrap();
        assert_eq!(get.matched.header, "x-hubspot-signature");
        assert_eq!(get.matched.algorithm, "sha256");
        assert_eq!((get.timestamp, get.delivery_id), (None, None));
        assert!(check(
            &[SECRET],
            &v2(POST_HASH),
            POST_BODY,
            Some(URL),
            Some("POST")
        )
        .is_ok());
        // POST is the default method; upper-case hex is the same signature.
        assert!(check(&[SECRET], &v2(POST_HASH), POST_BODY, Some(URL), None).is_ok());
        let upper = POST_HASH.to_ascii_uppercase();
        assert!(check(&[SECRET], &v2(&upper), POST_BODY, Some(URL), None).is_ok());
        // No version header: read as v2.
        let bare = [("X-HubSpot-Signature", POST_HASH)];
        assert!(check(&[SECRET], &bare, POST_BODY, Some(URL), None).is_ok());
    }

    #[test]
    fn sign_reproduces_the_documented_examples() {
        let context = SignContext {
            secret: SECRET,
            body: b"",
            now: 0,
            id: None,
            url: Some(URL),
            method: Some("GET"),
        };
        assert_eq!(
            sign_request(&SCHEME, &context).unwrap(),
            vec![
                ("X-HubSpot-Signature".to_owned(), GET_HASH.to_owned()),
                ("X-HubSpot-Signature-Version".to_owned(), "v2".to_owned()),
            ]
        );
        let post = SignContext {
            body: POST_BODY,
            method: None,
            ..context
        };
        assert_eq!(sign_request(&SCHEME, &post).unwrap()[0].1, POST_HASH);
        let no_url = SignContext { url: None, ..post };
        assert_eq!(code(sign_request(&SCHEME, &no_url)), "ERR_INVALID_ARGUMENT");
    }

    #[test]
    fn method_url_body_and_secret_are_all_signed() {
        let wrong = [
            check(&[SECRET], &v2(GET_HASH), b"", Some(URL), Some("POST")),
            check(&[SECRET], &v2(GET_HASH), b"x", Some(URL), Some("GET")),
            check(
                &[SECRET],
                &v2(GET_HASH),
                b"",
                Some("http://www.example.com/webhook_uri"),
                Some("GET"),
            ),
            check(
                &[SECRET],
                &v2(GET_HASH),
                b"",
                Some("https://www.example.com/webhook_uri?a=1"),
                Some("GET"),
            ),
            check(&["other"], &v2(GET_HASH), b"", Some(URL), Some("GET")),
        ];
        for result in wrong {
            assert_eq!(code(result), "ERR_WEBHOOK_SIGNATURE");
        }
        let rotated = check(&["old", SECRET], &v2(GET_HASH), b"", Some(URL), Some("GET")).unwrap();
        assert_eq!(rotated.matched.secret_index, 1);
    }

    #[test]
    fn url_is_required() {
        let err = check(&[SECRET], &v2(POST_HASH), POST_BODY, None, None).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/url"));
        assert!(err.to_string().contains("public one"), "{err}");
    }

    #[test]
    fn another_version_names_the_scheme_to_use() {
        let v1 = [
            ("X-HubSpot-Signature", POST_HASH),
            ("X-HubSpot-Signature-Version", "v1"),
        ];
        let err = check(&[SECRET], &v1, POST_BODY, Some(URL), None).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-hubspot-signature-version")
        );
        assert!(err.to_string().contains("`hubspot-v1`"), "{err}");
        let unknown = [
            ("X-HubSpot-Signature", POST_HASH),
            ("X-HubSpot-Signature-Version", "v9"),
        ];
        assert_eq!(
            code(check(&[SECRET], &unknown, POST_BODY, Some(URL), None)),
            "ERR_WEBHOOK_HEADER"
        );
        // Case and surrounding space in the version do not matter.
        let spaced = [
            ("X-HubSpot-Signature", POST_HASH),
            ("X-HubSpot-Signature-Version", " V2 "),
        ];
        assert!(check(&[SECRET], &spaced, POST_BODY, Some(URL), None).is_ok());
    }

    #[test]
    fn malformed_and_missing_signatures() {
        for value in ["", "  ", "abc", &GET_HASH[1..], "sha256=eee2", "zz", "é"] {
            let err = check(&[SECRET], &v2(value), b"", Some(URL), Some("GET")).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{value:?}");
        }
        let longer = format!("{GET_HASH}00");
        assert_eq!(
            code(check(&[SECRET], &v2(&longer), b"", Some(URL), Some("GET"))),
            "ERR_WEBHOOK_HEADER"
        );
        // Only the v3 headers: the error points at the v3 scheme.
        let v3_only = [
            (
                "X-HubSpot-Signature-v3",
                "/pXDSgWeGksQpwCsgqd43P0eY6gBIse9UX0tfkudUrE=",
            ),
            ("X-HubSpot-Request-Timestamp", "1700000000000"),
        ];
        let err = check(&[SECRET], &v3_only, b"", Some(URL), Some("GET")).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-hubspot-signature"));
        assert!(err.to_string().contains("`hubspot-v3`"), "{err}");
        let twice = [
            ("X-HubSpot-Signature", GET_HASH),
            ("x-hubspot-signature", POST_HASH),
        ];
        assert_eq!(
            code(check(&[SECRET], &twice, b"", Some(URL), Some("GET"))),
            "ERR_WEBHOOK_HEADER"
        );
    }
}
