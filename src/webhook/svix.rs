//! Svix: Standard Webhooks under Svix's own header names (see `standard_webhooks` for the
//! signed bytes, secret forms, signature list and replay window, which are the same).
//!
//! - Headers: `svix-id`, `svix-timestamp`, `svix-signature`. Senders white-labelled by Svix use
//!   the unbranded `webhook-*` names instead; like Svix's libraries these are read when the
//!   `svix-*` headers are absent. A partial `svix-*` set is refused rather than mixed with
//!   `webhook-*` headers, so the delivery id reported is always the id that was signed.
//! - Replay window: ±`toleranceSeconds` (default 300), both directions, as Svix's libraries.
//! - Delivery id: `svix-id` (or `webhook-id` for white-labelled senders).
//! - Signing attaches the `svix-*` headers, as Svix sends by default.

use super::standard_webhooks::{self, HeaderSet, STANDARD};
use super::{Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "svix",
    delivery_id_header: Some(SVIX.id),
    verify,
    sign,
    handshake: None,
};

const SVIX: HeaderSet = HeaderSet {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    let headers = &context.delivery.headers;
    let mut any_svix = false;
    for name in [SVIX.id, SVIX.timestamp, SVIX.signature] {
        any_svix |= headers.get(name)?.is_some();
    }
    let names = if any_svix { SVIX } else { STANDARD };
    standard_webhooks::verify_with(context, SCHEME.name, names)
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    standard_webhooks::sign_with(context, SVIX)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};

    // Svix's docs ("How to verify", JavaScript example) use the Standard Webhooks spec's
    // published values under `svix-*` names.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: &str = "1614265330";
    const NOW: i64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn published_example_under_both_header_sets() {
        let svix = [
            ("svix-id", ID),
            ("svix-timestamp", TIMESTAMP),
            ("svix-signature", SIGNATURE),
        ];
        let result = check("svix", &[SECRET], &svix, BODY, NOW).unwrap();
        assert_eq!(result.delivery_id.as_deref(), Some(ID));
        assert_eq!(result.matched.header, "svix-signature");
        let unbranded = [
            ("Webhook-Id", ID),
            ("Webhook-Timestamp", TIMESTAMP),
            ("Webhook-Signature", SIGNATURE),
        ];
        let result = check("svix", &[SECRET], &unbranded, BODY, NOW).unwrap();
        assert_eq!(result.delivery_id.as_deref(), Some(ID));
        assert_eq!(result.matched.header, "webhook-signature");
    }

    #[test]
    fn a_partial_svix_set_is_not_mixed_with_webhook_headers() {
        let mixed = [
            ("svix-id", "msg_chosen_by_someone_else"),
            ("webhook-id", ID),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", SIGNATURE),
        ];
        let err = check("svix", &[SECRET], &mixed, BODY, NOW).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        assert_eq!(err.path().as_deref(), Some("/headers/svix-timestamp"));
        let err = check("svix", &[SECRET], &[], BODY, NOW).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/webhook-id"));
    }

    #[test]
    fn round_trip_signs_svix_headers() {
        let result = round_trip("svix", SECRET, SECRET, b"{}").unwrap();
        assert_eq!(result.matched.header, "svix-signature");
        assert!(result.delivery_id.unwrap().starts_with("msg_"));
        assert_eq!(
            round_trip(
                "svix",
                SECRET,
                "whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcyEh",
                b"{}"
            )
            .unwrap_err()
            .code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn replay_window_both_ways() {
        let svix = [
            ("svix-id", ID),
            ("svix-timestamp", TIMESTAMP),
            ("svix-signature", SIGNATURE),
        ];
        assert!(check("svix", &[SECRET], &svix, BODY, NOW - 300).is_ok());
        assert!(check("svix", &[SECRET], &svix, BODY, NOW + 300).is_ok());
        for now in [NOW - 301, NOW + 301] {
            let err = check("svix", &[SECRET], &svix, BODY, now).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_TIMESTAMP");
            assert_eq!(err.path().as_deref(), Some("/headers/svix-timestamp"));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_an_error_never_a_panic(
            value in "((v1|v1a|v2),[A-Za-z0-9+/=]{0,90}|[^ ]{0,6})( ((v1|v1a|v2),[A-Za-z0-9+/=]{0,90}|[^ ]{0,6})){0,3}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let headers = [
                ("svix-id", "msg_1"),
                ("svix-timestamp", "1700000000"),
                ("svix-signature", value.as_str()),
            ];
            let result = check("svix", &["secret"], &headers, &body, 1_700_000_000);
            proptest::prop_assert!(result.is_err());
        }
    }
}
