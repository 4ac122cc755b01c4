//! HubSpot signature v1 (`hubspot-v1`): the webhooks API's CRM object events.
//!
//! - Headers: `X-HubSpot-Signature: <hex SHA-256(client secret + body)>` with
//!   `X-HubSpot-Signature-Version: v1`. A plain SHA-256, not an HMAC; compared in constant
//!   time all the same.
//! - Signed bytes: `client secret + body`, no separators; neither URL nor method is signed,
//!   so neither is needed.
//! - Secret: the app's client secret, as UTF-8 text.
//! - A version header naming another version is refused (`ERR_WEBHOOK_HEADER`) with the
//!   scheme to use instead; without one, the signature is read as v1 (the SDKs' default).
//! - No timestamp, so no replay window: a captured request can be replayed, which is why
//!   HubSpot added v3 (sent alongside; prefer `hubspot-v3`). De-duplicate on each event's
//!   `eventId`: there is no delivery-id header. No handshake.

use super::super::{Proof, Scheme, SignContext, VerifyContext};
use super::{sign_legacy, verify_legacy};
use crate::error::Error;

pub(in crate::webhook) static SCHEME: Scheme = Scheme {
    name: NAME,
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const NAME: &str = "hubspot-v1";

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    verify_legacy(context, NAME, "v1", &[context.delivery.body])
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(sign_legacy("v1", context.secret, &[context.body]))
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{check, round_trip};
    use super::*;

    // developers.hubspot.com "Validating the v1 request signature" example.
    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const BODY: &[u8] = br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
    const HASH: &str = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";

    fn v1(signature: &str) -> [(&str, &str); 2] {
        [
            ("X-HubSpot-Signature", signature),
            ("X-HubSpot-Signature-Version", "v1"),
        ]
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
        result.unwrap_err().code()
    }

    #[test]
    fn documented_example_verifies_without_url_or_method() {
        let result = check("hubspot-v1", &[SECRET], &v1(HASH), BODY, 0).unwrap();
        assert_eq!(result.matched.header, "x-hubspot-signature");
        assert_eq!(result.matched.algorithm, "sha256");
        assert_eq!((result.timestamp, result.delivery_id), (None, None));
        let bare = [("X-HubSpot-Signature", HASH)];
        assert!(check("hubspot-v1", &[SECRET], &bare, BODY, 0).is_ok());
    }

    #[test]
    fn sign_reproduces_the_documented_example() {
        let context = SignContext {
            secret: SECRET,
            body: BODY,
            now: 0,
            id: None,
            url: None,
            method: None,
        };
        assert_eq!(
            super::super::super::sign(&SCHEME, &context).unwrap(),
            vec![
                ("X-HubSpot-Signature".to_owned(), HASH.to_owned()),
                ("X-HubSpot-Signature-Version".to_owned(), "v1".to_owned()),
            ]
        );
        assert!(round_trip("hubspot-v1", "s", "s", "{\"é\":1}".as_bytes()).is_ok());
        assert_eq!(
            code(round_trip("hubspot-v1", "s", "t", b"[]")),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }

    #[test]
    fn rotation_tampering_and_empty_body() {
        let rotated = check("hubspot-v1", &["old", SECRET], &v1(HASH), BODY, 0).unwrap();
        assert_eq!(rotated.matched.secret_index, 1);
        let mut tampered = BODY.to_vec();
        tampered.push(b' ');
        assert_eq!(
            code(check("hubspot-v1", &[SECRET], &v1(HASH), &tampered, 0)),
            "ERR_WEBHOOK_SIGNATURE"
        );
        // sha256("s") for an empty body: the secret alone is hashed.
        let empty = "043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89";
        assert!(check("hubspot-v1", &["s"], &v1(empty), b"", 0).is_ok());
    }

    #[test]
    fn another_version_or_malformed_headers() {
        let v2 = [
            ("X-HubSpot-Signature", HASH),
            ("X-HubSpot-Signature-Version", "v2"),
        ];
        let err = check("hubspot-v1", &[SECRET], &v2, BODY, 0).unwrap_err();
        assert_eq!(
            err.path().as_deref(),
            Some("/headers/x-hubspot-signature-version")
        );
        assert!(err.to_string().contains("`hubspot-v2`"), "{err}");
        for value in [
            "",
            "232db",
            "g32db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
            "sha256=232d",
        ] {
            assert_eq!(
                code(check("hubspot-v1", &[SECRET], &v1(value), BODY, 0)),
                "ERR_WEBHOOK_HEADER",
                "{value:?}"
            );
        }
        let err = check("hubspot-v1", &[SECRET], &[], BODY, 0).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/headers/x-hubspot-signature"));
    }
}
