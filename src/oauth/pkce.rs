//! PKCE (RFC 7636): code verifiers from the host's secure random source and their challenges.

use crate::error::Error;
use crate::webhook::crypto::{digest, Algorithm};
use crate::webhook::encoding::{base64url_encode, hex_encode};

/// Random bytes behind a verifier: 32, which base64url spells as 43 characters, RFC 7636
/// §4.1's recommendation (256 bits of entropy).
pub const VERIFIER_BYTES: usize = 32;

/// `n` bytes from the host's secure random source (`crypto.getRandomValues` in wasm), the
/// crate's one source of randomness.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|_| Error::Random)?;
    Ok(bytes)
}

/// A fresh code verifier: 43 characters from the unreserved set.
pub fn new_verifier() -> Result<String, Error> {
    random_bytes(VERIFIER_BYTES).map(|bytes| base64url_encode(&bytes))
}

/// Checks RFC 7636 §4.1: 43–128 characters of `A-Z a-z 0-9 - . _ ~`.
pub fn check_verifier(verifier: &str) -> Result<(), Error> {
    let ok_len = (43..=128).contains(&verifier.len());
    let ok_chars = verifier
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if ok_len && ok_chars {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            path: "/codeVerifier".into(),
            message: "a PKCE code verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~ \
                      (RFC 7636 §4.1)"
                .into(),
        })
    }
}

/// How the challenge is computed from the verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `BASE64URL(SHA256(verifier))`, RFC 7636 §4.2.
    S256,
    /// Lower-case hex of `SHA256(verifier)`, sent as `S256`: what TikTok's desktop apps are
    /// reported to expect (**uncertain**; provider field `"pkceMethod": "S256-hex"`).
    S256Hex,
}

impl Method {
    /// The method named `S256` or `S256-hex`.
    pub fn named(name: Option<&str>) -> Option<Method> {
        match name {
            None | Some("S256") => Some(Method::S256),
            Some("S256-hex") => Some(Method::S256Hex),
            Some(_) => None,
        }
    }
}

/// The code challenge of `verifier` (RFC 7636 §4.2).
pub fn challenge(verifier: &str, method: Method) -> Result<String, Error> {
    check_verifier(verifier)?;
    let hash = digest(Algorithm::Sha256, &[verifier.as_bytes()]);
    Ok(match method {
        Method::S256 => base64url_encode(&hash),
        Method::S256Hex => hex_encode(&hash),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B.
    #[test]
    fn rfc7636_appendix_b() {
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = base64url_encode(&octets);
        assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            challenge(&verifier, Method::S256).unwrap(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(
            challenge(&verifier, Method::S256Hex).unwrap(),
            "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3"
        );
    }

    #[test]
    fn fresh_verifiers_are_valid_and_differ() {
        let a = new_verifier().unwrap();
        let b = new_verifier().unwrap();
        assert_eq!(a.len(), 43);
        assert!(check_verifier(&a).is_ok());
        assert_ne!(a, b);
    }

    #[test]
    fn verifiers_outside_rfc7636_are_refused() {
        let ok_43 = "a".repeat(43);
        assert!(challenge(&ok_43, Method::S256).is_ok());
        assert!(challenge(&"~".repeat(128), Method::S256).is_ok());
        for bad in [
            "a".repeat(42),
            "a".repeat(129),
            format!("{}+", "a".repeat(43)),
            format!("{} ", "a".repeat(43)),
            format!("{}é", "a".repeat(42)),
        ] {
            let err = challenge(&bad, Method::S256).unwrap_err();
            assert_eq!(err.path().as_deref(), Some("/codeVerifier"), "{bad}");
        }
    }
}
