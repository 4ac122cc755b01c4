//! GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>` (and the legacy
//! `X-Hub-Signature: sha1=<hex>`), delivery id in `X-GitHub-Delivery`. No timestamp is signed,
//! so de-duplicate on the delivery id.

use super::{verify_first_present, BodyMac, Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "github",
    delivery_id_header: Some("x-github-delivery"),
    verify,
    sign,
    handshake: None,
};

const SHA256: BodyMac = BodyMac {
    scheme: "github",
    ..super::meta::SHA256
};
const SHA1: BodyMac = BodyMac {
    scheme: "github",
    ..super::meta::SHA1
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    verify_first_present(context, &[&SHA256, &SHA1])
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![SHA256.sign(context), SHA1.sign(context)])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};

    // The example in GitHub's "Validating webhook deliveries" documentation.
    #[test]
    fn documented_example() {
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let headers = [
            ("X-Hub-Signature-256", header),
            ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
        ];
        let result = check(
            "github",
            &["It's a Secret to Everybody"],
            &headers,
            b"Hello, World!",
            0,
        )
        .unwrap();
        assert_eq!(
            result.delivery_id.as_deref(),
            Some("72d3162e-cc78-11e3-81ab-4c9367dc0958")
        );
    }

    #[test]
    fn round_trip_and_mismatch() {
        assert!(round_trip("github", "s", "s", "{\"zen\":\"👋\"}".as_bytes()).is_ok());
        assert_eq!(
            round_trip("github", "s", "t", b"{}").unwrap_err().code(),
            "ERR_WEBHOOK_SIGNATURE"
        );
    }
}
