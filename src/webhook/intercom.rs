//! Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(client secret, body)>`.

use super::crypto::Algorithm;
use super::{BodyMac, MacEncoding, Proof, Scheme, SignContext, VerifyContext};
use crate::error::Error;

pub(super) static SCHEME: Scheme = Scheme {
    name: "intercom",
    delivery_id_header: None,
    verify,
    sign,
    handshake: None,
};

const MAC: BodyMac = BodyMac {
    scheme: "intercom",
    header: "x-hub-signature",
    header_spelling: "X-Hub-Signature",
    prefix: "sha1=",
    algorithm: Algorithm::Sha1,
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

    // RFC 2202 test case 2 as an Intercom header.
    #[test]
    fn known_vector_and_round_trip() {
        let header = "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
        let result = check(
            "intercom",
            &["Jefe"],
            &[("X-Hub-Signature", header)],
            b"what do ya want for nothing?",
            0,
        )
        .unwrap();
        assert_eq!(result.matched.algorithm, "hmac-sha1");
        assert!(round_trip("intercom", "s", "s", b"{\"topic\":\"ping\"}").is_ok());
    }
}
