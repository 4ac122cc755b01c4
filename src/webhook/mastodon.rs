//! Mastodon: `X-Hub-Signature: sha256=<hex HMAC-SHA256(webhook secret, body)>`. Note the
//! header name is the one other hubs use for SHA-1; here it carries SHA-256.

use super::crypto::Algorithm;
use super::{BodyMac, MacEncoding, Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "mastodon",
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const MAC: BodyMac = BodyMac {
    scheme: "mastodon",
    header: "x-hub-signature",
    header_spelling: "X-Hub-Signature",
    prefix: "sha256=",
    algorithm: Algorithm::Sha256,
    encoding: MacEncoding::Hex,
};

fn verify(context: &VerifyContext<'_>) -> Result<Proof, Error> {
    MAC.verify(context)
}

fn sign(context: &SignContext<'_>) -> Result<Vec<(String, String)>, Error> {
    Ok(vec![MAC.sign(context)])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, round_trip};

    #[test]
    fn round_trip_and_sha1_is_refused() {
        assert!(round_trip("mastodon", "s", "s", b"{\"event\":\"account.created\"}").is_ok());
        let sha1 = format!("sha1={}", "0".repeat(40));
        let err = check("mastodon", &["s"], &[("X-Hub-Signature", &sha1)], b"{}", 0).unwrap_err();
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
    }
}
