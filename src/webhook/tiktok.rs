//! TikTok for Developers webhooks (developers.tiktok.com/doc/webhooks-verification).
//!
//! - Header: `TikTok-Signature: t=<unix seconds>,s=<hex>`.
//! - Signed bytes: `t + "." + body`; HMAC-SHA256 keyed with the app's client_secret as UTF-8
//!   text, lower-case hex (64 digits in TikTok's example).
//! - TikTok documents one `s=`; should several arrive, any match passes, as for Stripe.
//! - Replay window: TikTok leaves the tolerance to the app ("decide whether the difference is
//!   tolerable"), so the default ±`toleranceSeconds` (300) applies, in both directions: a
//!   timestamp from the future is as suspect as a stale one. The signature is checked first,
//!   as TikTok's steps order it.
//! - Delivery id: none in a header (deliveries are at least once; de-duplicate on the body).
//! - Handshake: none (the callback URL is configured in the developer portal).

use super::stamped::StampedMac;
use super::{Proof, Scheme, SignContext, VerifyContext, Window};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "tiktok",
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const MAC: StampedMac = StampedMac {
    scheme: "tiktok",
    header: "tiktok-signature",
    header_spelling: "TikTok-Signature",
    signature_key: "s",
    window: Window::BothWays,
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    MAC.verify(context)
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![MAC.sign(context)?])
}

#[cfg(test)]
mod tests {
    use super::super::crypto::{hmac, Algorithm};
    use super::super::encoding::hex_encode;
    use super::super::test_support::{check, round_trip};

    // The authorization.removed example of TikTok's webhook events page
    // (fixtures/platform-payloads/tiktok-webhook-authorization.removed.json), minified.
    const BODY: &[u8] = br#"{"client_key":"bwo2m45353a6k85","event":"authorization.removed","create_time":1615338610,"user_openid":"act.example12345Example12345Example","content":"{\"reason\": 1 }"}"#;
    const SECRET: &str = "tiktok-client-secret";
    const T: i64 = 1_633_174_587;

    fn header(value: &str) -> [(&str, &str); 1] {
        [("Tiktok-Signature", value)]
    }

    fn s(secret: &str, t: i64, body: &[u8]) -> String {
        let signed = [format!("{t}.").into_bytes(), body.to_vec()].concat();
        hex_encode(&hmac(Algorithm::Sha256, secret.as_bytes(), &[&signed]))
    }

    #[test]
    fn independent_vector_and_sign_format() {
        // Computed with python3: hmac.new(SECRET, b"1633174587." + BODY, sha256).hexdigest().
        let expected = "a210684b14b5377e552986cfaf0afa76341e1ed56e9544e0e9380a85e9039044";
        assert_eq!(s(SECRET, T, BODY), expected);
        let value = format!("t={T},s={expected}");
        let result = check("tiktok", &[SECRET], &header(&value), BODY, T).unwrap();
        assert_eq!(result.timestamp, Some(T));
        assert_eq!(result.delivery_id, None);
        assert_eq!(result.matched.header, "tiktok-signature");
        let signed = super::super::sign(
            &super::SCHEME,
            &super::super::SignContext {
                secret: SECRET,
                body: BODY,
                now: T,
                id: None,
                url: None,
                method: None,
            },
        )
        .unwrap();
        assert_eq!(signed, vec![("TikTok-Signature".to_owned(), value.clone())]);
    }

    #[test]
    fn round_trip_rotation_and_mismatch() {
        assert!(round_trip("tiktok", SECRET, SECRET, BODY).is_ok());
        let value = format!("t={T},s={}", s(SECRET, T, BODY));
        let result = check("tiktok", &["old", SECRET], &header(&value), BODY, T).unwrap();
        assert_eq!(result.matched.secret_index, 1);
        for (secret, body) in [("old", BODY), (SECRET, b"{}".as_slice())] {
            let err = check("tiktok", &[secret], &header(&value), body, T).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        }
        // The timestamp is signed.
        let moved = format!("t={},s={}", T + 1, s(SECRET, T, BODY));
        let err = check("tiktok", &[SECRET], &header(&moved), BODY, T).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn malformed_headers() {
        let good = s(SECRET, T, BODY);
        let err = check("tiktok", &[SECRET], &[], BODY, T).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/tiktok-signature"));
        for value in [
            String::new(),
            good.clone(),
            format!("s={good}"),
            format!("t={T}"),
            format!("t={T},v1={good}"),
            format!("t={T},s="),
            format!("t={T},s={}", &good[..40]),
            format!("t={T},s={good},"),
            format!("t={T}000,s={good}x"),
            format!("t=,s={good}"),
            format!("t={T}.0,s={good}"),
            format!("t={T},t={T},s={good}"),
            format!("t={T} s={good}"),
        ] {
            let err = check("tiktok", &[SECRET], &header(&value), BODY, T).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{value:?}");
        }
    }

    #[test]
    fn replay_window_both_ways() {
        let value = format!("t={T},s={}", s(SECRET, T, BODY));
        for (now, ok) in [
            (T + 300, true),
            (T - 300, true),
            (T + 301, false),
            (T - 301, false),
        ] {
            let result = check("tiktok", &[SECRET], &header(&value), BODY, now);
            match ok {
                true => assert!(result.is_ok(), "{now}"),
                false => assert_eq!(result.unwrap_err().code(), "ERR_WEBHOOK_TIMESTAMP"),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "((t|v1|v0|s)=[0-9a-f]{0,66}|[^,]{0,4})(,((t|v1|v0|s)=[0-9a-f]{0,66}|[^,]{0,4})){0,4}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [("TikTok-Signature", value.as_str())];
            let result = check("tiktok", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
