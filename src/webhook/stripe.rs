//! Stripe.
//!
//! - Header: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`.
//! - Signed bytes: `t + "." + body`; HMAC-SHA256 in lower-case hex.
//! - Secret: the endpoint's signing secret used literally, `whsec_` prefix included (it is
//!   not base64-decoded, unlike Standard Webhooks' `whsec_` secrets).
//! - Several `v1=` elements are sent while Stripe rolls a secret; any one matching passes.
//!   `v0=` (a legacy test-mode scheme) and other keys are ignored, never taken as proof.
//! - Replay window: past only, `toleranceSeconds` (default 300) as Stripe's SDKs
//!   (`constructEvent` rejects a timestamp older than the tolerance and accepts future ones).
//!   Stripe's own `verifyHeader` skips the check at tolerance 0; here 0 means "this second
//!   only" and `Infinity` turns the check off.
//! - Delivery id: none in a header (the event `id` in the body identifies an event).
//! - Handshake: none.

use super::stamped::StampedMac;
use super::{Proof, Scheme, SignContext, VerifyContext, Window};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "stripe",
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const MAC: StampedMac = StampedMac {
    scheme: "stripe",
    header: "stripe-signature",
    header_spelling: "Stripe-Signature",
    signature_key: "v1",
    window: Window::PastOnly,
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

    const SECRET: &str = "whsec_test_secret";
    const BODY: &[u8] = b"{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    const T: i64 = 1_700_000_000;

    /// What Stripe computes, written out independently of `StampedMac`.
    fn v1(secret: &str, t: i64, body: &[u8]) -> String {
        let signed = [format!("{t}.").into_bytes(), body.to_vec()].concat();
        hex_encode(&hmac(Algorithm::Sha256, secret.as_bytes(), &[&signed]))
    }

    fn header(value: &str) -> [(&str, &str); 1] {
        [("Stripe-Signature", value)]
    }

    #[test]
    fn independent_vector() {
        // Computed with python3: hmac.new(b"whsec_test_secret", b"1700000000." + BODY, sha256).
        let expected = "4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150";
        assert_eq!(v1(SECRET, T, BODY), expected);
        let value = format!("t={T},v1={expected}");
        let result = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap();
        assert_eq!(result.timestamp, Some(T));
        assert_eq!(result.delivery_id, None);
        assert_eq!(result.matched.header, "stripe-signature");
        assert_eq!(result.matched.algorithm, "hmac-sha256");
    }

    #[test]
    fn the_secret_is_the_literal_whsec_string() {
        // A signature keyed without the `whsec_` prefix is not Stripe's.
        let stripped = hex_encode(&hmac(Algorithm::Sha256, b"test_secret", &[b"1.", BODY]));
        let value = format!("t=1,v1={stripped}");
        let err = check("stripe", &[SECRET], &header(&value), BODY, 1).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn round_trip_and_sign_format() {
        assert!(round_trip("stripe", SECRET, SECRET, BODY).is_ok());
        assert_eq!(
            round_trip("stripe", SECRET, "whsec_other", BODY)
                .unwrap_err()
                .code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
        let signed = super::super::sign(
            &super::SCHEME,
            &super::super::SignContext {
                secret: SECRET,
                body: BODY,
                now: T,
                id: Some("evt_1"),
                url: None,
                method: None,
            },
        )
        .unwrap();
        assert_eq!(
            signed,
            vec![(
                "Stripe-Signature".to_owned(),
                format!("t={T},v1={}", v1(SECRET, T, BODY))
            )]
        );
    }

    // Shapes from stripe-go's webhook/client_test.go (TestTokenNew).
    #[test]
    fn rotation_extra_elements_and_v0() {
        let good = v1(SECRET, T, BODY);
        let rolled = v1("whsec_test_secret_rolled_key", T, BODY);
        let value = format!("t={T},v1={good},v1={rolled}");
        // Either secret matches its own signature.
        let result = check(
            "stripe",
            &["whsec_test_secret_rolled_key"],
            &header(&value),
            BODY,
            T,
        )
        .unwrap();
        assert_eq!(result.matched.signature_index, 1);
        let result = check(
            "stripe",
            &["whsec_unrelated", SECRET],
            &header(&value),
            BODY,
            T,
        )
        .unwrap();
        assert_eq!(
            (result.matched.secret_index, result.matched.signature_index),
            (1, 0)
        );
        // An unreadable signature beside a good one is ignored ("should be ignored").
        let value = format!("t={T},v1={good},v1=bad_signature");
        assert!(check("stripe", &[SECRET], &header(&value), BODY, T).is_ok());
        // The position counts every signature element, v0 included.
        let value = format!("t={T},v0={good},v1={good}");
        let result = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap();
        assert_eq!(result.matched.signature_index, 1);
        // A valid signature under v0 alone is not proof.
        let value = format!("t={T},v0={good}");
        let err = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        // Spaces after commas are tolerated.
        let value = format!("t={T}, v1={good}");
        assert!(check("stripe", &[SECRET], &header(&value), BODY, T).is_ok());
    }

    #[test]
    fn mismatch() {
        let good = v1(SECRET, T, BODY);
        let value = format!("t={T},v1={good}");
        let err = check("stripe", &[SECRET], &header(&value), b"{}", T).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        // The timestamp is signed.
        let value = format!("t={},v1={good}", T + 1);
        let err = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
        let value = format!("t={T},v1={}", "0".repeat(64));
        let err = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    #[test]
    fn malformed_headers() {
        let good = v1(SECRET, T, BODY);
        let missing = check("stripe", &[SECRET], &[], BODY, T).unwrap_err();
        assert_eq!(missing.path().as_deref(), Some("/headers/stripe-signature"));
        for value in [
            "".to_owned(),
            "v1,t=1".to_owned(),
            "t=".to_owned(),
            format!("v1={good}"),
            format!("t={T}"),
            format!("t={T},v1="),
            format!("t={T},v1=deadbeef"),
            format!("t=abc,v1={good}"),
            format!("t=-{T},v1={good}"),
            format!("t={T}.5,v1={good}"),
            format!("t={T},t={T},v1={good}"),
            format!("t={T},v1={good},"),
            format!("t={T};v1={good}"),
            format!("T={T},V1={good}"),
            format!("t={T},v1={good}é"),
            good.clone(),
        ] {
            let err = check("stripe", &[SECRET], &header(&value), BODY, T).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{value:?}");
            assert_eq!(err.path().as_deref(), Some("/headers/stripe-signature"));
        }
    }

    #[test]
    fn replay_window_is_past_only() {
        let good = v1(SECRET, T, BODY);
        let value = format!("t={T},v1={good}");
        assert!(check("stripe", &[SECRET], &header(&value), BODY, T + 300).is_ok());
        let err = check("stripe", &[SECRET], &header(&value), BODY, T + 301).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_TIMESTAMP");
        // A timestamp from the future is accepted, as Stripe's SDKs accept it.
        assert!(check("stripe", &[SECRET], &header(&value), BODY, T - 301).is_ok());
        assert!(check("stripe", &[SECRET], &header(&value), BODY, T - 86_400).is_ok());
        // A forgery with a stale timestamp is reported as a forgery.
        let err = check("stripe", &["whsec_other"], &header(&value), BODY, T + 301).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_SIGNATURE");
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "((t|v1|v0|s)=[0-9a-f]{0,66}|[^,]{0,4})(,((t|v1|v0|s)=[0-9a-f]{0,66}|[^,]{0,4})){0,4}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [("Stripe-Signature", value.as_str())];
            let result = check("stripe", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
