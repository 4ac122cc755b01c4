//! WebSub (W3C Recommendation, formerly PubSubHubbub): YouTube push notifications through
//! Google's hub, and any other WebSub hub.
//!
//! - Header: `X-Hub-Signature: <method>=<hex HMAC(hub.secret, body)>`, sent only when the
//!   subscription gave a `hub.secret`. The spec's recognised methods are `sha1`, `sha256`,
//!   `sha384` and `sha512` (§7.1.1, "Recognized algorithm names"); the method is matched
//!   without regard to case and any other is `ERR_WEBHOOK_HEADER`. The hub picks the method,
//!   so all four are accepted; Google's hub signs with `sha1`.
//! - Signed bytes: the raw body. Secret: the `hub.secret` string (UTF-8).
//! - Replay window: none (nothing time-related is signed). Delivery id: none (de-duplicate on
//!   the feed entry, e.g. YouTube's `yt:videoId` + `updated`).
//! - Signing (tests, simulators) uses `sha256`: the spec requires no particular method and
//!   only observes that most hubs still sign with SHA-1 "in order to be interoperable with
//!   older subscribers"; this crate verifies every method, so the stronger one is used.
//! - Handshake (§5.3, "Hub Verifies Intent of the Subscriber"): `GET ?hub.mode=subscribe|
//!   unsubscribe&hub.topic=…&hub.challenge=…[&hub.lease_seconds=…]` is answered
//!   `200 text/plain` with the challenge verbatim. When the host passes `verifyToken`
//!   (PubSubHubbub 0.3 subscriptions that set `hub.verify_token`), a request without that
//!   exact token gets `403`. A request lacking `hub.challenge` or `hub.topic`, or with an
//!   unknown `hub.mode`, gets the spec's refusal, `404`. `hub.mode=denied` (§5.2,
//!   "Subscription Validation": the hub refusing) is acknowledged with an empty `200`; anyone
//!   who knows the callback URL can send it, so treat it as a hint. The spec also says the
//!   subscriber must check that `hub.topic` is a subscription it wants; the host does that
//!   (or relies on a per-subscription callback URL) before sending the answer.
//!
//! Hubs append their parameters after any query the callback URL already has and do not
//! overwrite existing ones (§5.1.1), so the last occurrence of each `hub.*` name is used.

use super::crypto::{self, Algorithm};
use super::{
    encoding, form, HandshakeContext, HandshakeResponse, Proof, Scheme, SignContext, VerifyContext,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "websub",
    delivery_id_header: None,
    verify,
    sign,
    handshake: Some(handshake),
};

const HEADER: &str = "x-hub-signature";

const METHODS: [(&str, Algorithm); 4] = [
    ("sha1", Algorithm::Sha1),
    ("sha256", Algorithm::Sha256),
    ("sha384", Algorithm::Sha384),
    ("sha512", Algorithm::Sha512),
];

fn parse(value: &str) -> Result<(Algorithm, Vec<u8>), Error> {
    let malformed = |problem: &str| Error::WebhookHeader {
        header: HEADER.to_owned(),
        problem: problem.to_owned(),
    };
    let (method, hex) = value
        .split_once('=')
        .ok_or_else(|| malformed("expected `<method>=<hex>`, e.g. `sha1=…`"))?;
    let algorithm = METHODS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(method))
        .map(|&(_, algorithm)| algorithm)
        .ok_or_else(|| {
            malformed("unknown method; WebSub recognises sha1, sha256, sha384, sha512")
        })?;
    let mac = encoding::hex_decode(hex)
        .filter(|mac| mac.len() == algorithm.output_len())
        .ok_or_else(|| malformed("the signature is not the hex digest of the named method"))?;
    Ok((algorithm, mac))
}

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let (algorithm, signature) = parse(context.delivery.headers.require(HEADER)?)?;
    let body = context.delivery.body;
    let (secret_index, signature_index) = context.match_signatures(
        HEADER,
        "websub",
        std::slice::from_ref(&signature),
        |_, secret| Ok(crypto::hmac(algorithm, secret.as_bytes(), &[body])),
    )?;
    Ok(Proof {
        secret_index,
        signature_index,
        header: HEADER,
        algorithm: algorithm.hmac_name(),
        timestamp: None,
    })
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    let mac = crypto::hmac(
        Algorithm::Sha256,
        context.secret.as_bytes(),
        &[context.body],
    );
    Ok(vec![(
        "X-Hub-Signature".to_owned(),
        format!("sha256={}", encoding::hex_encode(&mac)),
    )])
}

/// The value of the last `name` in `pairs`: the one the hub appended.
fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn handshake(context: &HandshakeContext<'_>) -> Result<Option<HandshakeResponse>, Error> {
    if !context.method.eq_ignore_ascii_case("GET") {
        return Ok(None);
    }
    let query = form::query_pairs(context.url);
    let Some(mode) = last(&query, "hub.mode") else {
        return Ok(None);
    };
    let not_found = || Ok(Some(HandshakeResponse::new(404, None, "")));
    match mode {
        "denied" => return Ok(Some(HandshakeResponse::new(200, None, ""))),
        "subscribe" | "unsubscribe" => {}
        _ => return not_found(),
    }
    if let Some(expected) = context.verify_token {
        let given = last(&query, "hub.verify_token").unwrap_or_default();
        if !crypto::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Ok(Some(HandshakeResponse::forbidden()));
        }
    }
    let topic = last(&query, "hub.topic").filter(|topic| !topic.is_empty());
    match (topic, last(&query, "hub.challenge")) {
        (Some(_), Some(challenge)) if !challenge.is_empty() => Ok(Some(HandshakeResponse::new(
            200,
            Some("text/plain; charset=utf-8"),
            challenge,
        ))),
        _ => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};
    use super::super::{respond_to_handshake, Headers};
    use super::*;

    const FEED: &[u8] = br#"<?xml version='1.0' encoding='UTF-8'?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom"><entry><id>yt:video:VIDEO_ID</id><yt:videoId>VIDEO_ID</yt:videoId><yt:channelId>CHANNEL_ID</yt:channelId></entry></feed>"#;

    fn header(
        secrets: &[&str],
        value: &str,
        body: &[u8],
    ) -> Result<(usize, &'static str), &'static str> {
        check("websub", secrets, &[("X-Hub-Signature", value)], body, 0)
            .map(|v| (v.matched.secret_index, v.matched.algorithm))
            .map_err(|e| e.code())
    }

    // express-x-hub's published example (example/server.js uses the secret
    // "my_little_secret"; example/curl_valid.sh sends this body and header).
    #[test]
    fn published_sha1_example_verifies() {
        let value = "sha1=c1a072c0aca15c6bd2f5bfae288ff8420e74aa5e";
        assert_eq!(
            header(
                &["my_little_secret"],
                value,
                br#"{ "id": "realtime_update" }"#
            ),
            Ok((0, "hmac-sha1"))
        );
    }

    // RFC 2202 / RFC 4231 test case 2 for each recognised method.
    #[test]
    fn every_recognised_method_verifies() {
        let data = b"what do ya want for nothing?";
        let cases = [
            ("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "hmac-sha1"),
            ("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "hmac-sha256"),
            ("SHA384=af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649", "hmac-sha384"),
            ("Sha512=164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737", "hmac-sha512"),
        ];
        for (value, algorithm) in cases {
            assert_eq!(
                header(&["Jefe"], value, data),
                Ok((0, algorithm)),
                "{value}"
            );
        }
    }

    #[test]
    fn sign_uses_sha256_and_round_trips() {
        let headers = sign(&SignContext {
            secret: "Jefe",
            body: b"what do ya want for nothing?",
            now: 0,
            id: None,
            url: None,
            method: None,
        })
        .unwrap();
        assert_eq!(
            headers,
            vec![(
                "X-Hub-Signature".to_owned(),
                "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
                    .to_owned()
            )]
        );
        let result = round_trip("websub", "hub-secret", "hub-secret", FEED).unwrap();
        assert_eq!(result.matched.header, "x-hub-signature");
        assert_eq!((result.timestamp, result.delivery_id), (None, None));
    }

    #[test]
    fn rotation_mismatch_and_tampering() {
        let value = "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
        let data = b"what do ya want for nothing?";
        assert_eq!(header(&["old", "Jefe"], value, data), Ok((1, "hmac-sha1")));
        assert_eq!(header(&["old"], value, data), Err("ERR_WEBHOOK_SIGNATURE"));
        assert_eq!(
            header(&["Jefe"], value, b"what do ya want for something?"),
            Err("ERR_WEBHOOK_SIGNATURE")
        );
    }

    #[test]
    fn malformed_headers() {
        let sha1 = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
        let sha256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let cases = [
            "".to_owned(),
            sha1.to_owned(),
            format!("md5={sha1}"),
            format!("sha-1={sha1}"),
            format!("sha1={sha256}"),
            format!("sha256={sha1}"),
            format!("sha1 ={sha1}"),
            format!("sha1={}", &sha1[1..]),
            "sha1=".to_owned(),
            "=abcd".to_owned(),
            "sha1=zz".to_owned(),
            "é=é".to_owned(),
        ];
        for value in &cases {
            assert_eq!(
                header(&["Jefe"], value, b"x"),
                Err("ERR_WEBHOOK_HEADER"),
                "{value}"
            );
        }
        let err = check("websub", &["s"], &[], FEED, 0).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-hub-signature"));
    }

    fn hub(method: &str, url: &str, token: Option<&str>) -> Option<HandshakeResponse> {
        let context = HandshakeContext {
            method,
            url,
            headers: Headers::default(),
            body: b"",
            secret: None,
            verify_token: token,
            now: 0,
        };
        respond_to_handshake(&SCHEME, &context).unwrap()
    }

    const CALLBACK: &str = "https://crm.test/webhooks/youtube/3f9c";
    const TOPIC: &str = "hub.topic=https%3A%2F%2Fwww.youtube.com%2Fxml%2Ffeeds%2Fvideos.xml%3Fchannel_id%3DCHANNEL_ID";

    #[test]
    fn verification_of_intent_echoes_the_challenge() {
        for mode in ["subscribe", "unsubscribe"] {
            let url = format!(
                "{CALLBACK}?hub.mode={mode}&{TOPIC}&hub.challenge=14829735134593&hub.lease_seconds=432000"
            );
            let response = hub("GET", &url, None).unwrap();
            assert_eq!(response.status, 200);
            assert_eq!(response.body, "14829735134593");
            assert_eq!(
                response.headers,
                vec![(
                    "content-type".to_owned(),
                    "text/plain; charset=utf-8".to_owned()
                )]
            );
        }
        // Verbatim, after form decoding; never parsed as a number.
        let url = format!("{CALLBACK}?hub.mode=subscribe&{TOPIC}&hub.challenge=00a%2Bb+c%C3%A9");
        assert_eq!(hub("GET", &url, None).unwrap().body, "00a+b cé");
    }

    #[test]
    fn verify_token_is_checked_when_the_host_registered_one() {
        let url =
            format!("{CALLBACK}?hub.mode=subscribe&{TOPIC}&hub.challenge=c1&hub.verify_token=tok");
        assert_eq!(hub("GET", &url, Some("tok")).unwrap().body, "c1");
        for token in ["other", "to", ""] {
            let response = hub("GET", &url, Some(token)).unwrap();
            assert_eq!((response.status, response.body.as_str()), (403, ""));
        }
        let without = format!("{CALLBACK}?hub.mode=subscribe&{TOPIC}&hub.challenge=c1");
        assert_eq!(hub("GET", &without, Some("tok")).unwrap().status, 403);
        // W3C hubs send no token: ignored when the host registered none.
        assert_eq!(hub("GET", &url, None).unwrap().status, 200);
    }

    #[test]
    fn refusals_denials_and_non_hub_requests() {
        for query in [
            format!("hub.mode=subscribe&{TOPIC}"),
            format!("hub.mode=subscribe&{TOPIC}&hub.challenge="),
            "hub.mode=subscribe&hub.challenge=c1".to_owned(),
            format!("hub.mode=publish&{TOPIC}&hub.challenge=c1"),
            format!("hub.mode=Subscribe&{TOPIC}&hub.challenge=c1"),
        ] {
            let response = hub("GET", &format!("{CALLBACK}?{query}"), None).unwrap();
            assert_eq!(
                (response.status, response.body.as_str()),
                (404, ""),
                "{query}"
            );
        }
        let denied = format!("{CALLBACK}?hub.mode=denied&{TOPIC}&hub.reason=unauthorized");
        let response = hub("GET", &denied, Some("tok")).unwrap();
        assert_eq!((response.status, response.body.as_str()), (200, ""));
        assert!(response.headers.is_empty());
        assert_eq!(hub("GET", CALLBACK, None), None);
        assert_eq!(hub("GET", &format!("{CALLBACK}?foo=bar"), None), None);
        let url = format!("{CALLBACK}?hub.mode=subscribe&{TOPIC}&hub.challenge=c1");
        assert_eq!(hub("POST", &url, None), None);
    }

    #[test]
    fn the_hub_appended_parameters_win() {
        // The callback URL itself carried a stale challenge; the hub's comes last.
        let url = format!(
            "{CALLBACK}?hub.challenge=stale&hub.mode=subscribe&{TOPIC}&hub.challenge=fresh"
        );
        assert_eq!(hub("GET", &url, None).unwrap().body, "fresh");
    }
}
