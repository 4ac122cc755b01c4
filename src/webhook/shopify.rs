//! Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(app client secret, body)>` (event
//! webhooks send it without the `X-`, as `shopify-hmac-sha256`; either is accepted), delivery
//! id in `X-Shopify-Webhook-Id`.

use super::crypto::Algorithm;
use super::{
    verify_first_present, BodyMac, MacEncoding, Proof, Scheme, SignContext, VerifyContext,
};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "shopify",
    delivery_id_header: Some("x-shopify-webhook-id"),
    verify,
    sign,
    handshake: None,
};

const MAC: BodyMac = BodyMac {
    scheme: "shopify",
    header: "x-shopify-hmac-sha256",
    header_spelling: "X-Shopify-Hmac-Sha256",
    prefix: "",
    algorithm: Algorithm::Sha256,
    encoding: MacEncoding::Base64,
};

const EVENTS_MAC: BodyMac = BodyMac {
    header: "shopify-hmac-sha256",
    header_spelling: "shopify-hmac-sha256",
    ..MAC
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    verify_first_present(context, &[&MAC, &EVENTS_MAC])
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![MAC.sign(context)])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};

    #[test]
    fn round_trip_and_delivery_id() {
        assert!(round_trip("shopify", "shpss_x", "shpss_x", b"{\"id\":1}").is_ok());
        // HMAC-SHA256("Jefe", "what do ya want for nothing?") from RFC 4231, in base64.
        let header = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";
        let headers = [
            ("shopify-hmac-sha256", header),
            ("X-Shopify-Webhook-Id", "b54557e4"),
        ];
        let result = check(
            "shopify",
            &["Jefe"],
            &headers,
            b"what do ya want for nothing?",
            0,
        )
        .unwrap();
        assert_eq!(result.delivery_id.as_deref(), Some("b54557e4"));
    }
}
