//! The primitives the schemes are built from: HMAC and plain digests over byte slices, and a
//! constant-time comparison. Each scheme only says which algorithm and which bytes.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// A hash function used by some scheme, alone or inside HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// SHA-1: legacy Meta/GitHub headers, WebSub, Intercom, Twilio.
    Sha1,
    /// SHA-256: most schemes.
    Sha256,
    /// SHA-384 (WebSub).
    Sha384,
    /// SHA-512 (WebSub).
    Sha512,
}

impl Algorithm {
    /// The name used in results, e.g. `hmac-sha256` for [`hmac`].
    pub fn hmac_name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "hmac-sha1",
            Algorithm::Sha256 => "hmac-sha256",
            Algorithm::Sha384 => "hmac-sha384",
            Algorithm::Sha512 => "hmac-sha512",
        }
    }

    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }
}

/// HMAC of the concatenation of `parts` (no copy of the body is made).
pub fn hmac(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        // HMAC takes keys of any length (long ones are hashed), so `new_from_slice` only
        // fails for fixed-size-key MACs, which these are not.
        match <M as KeyInit>::new_from_slice(key) {
            Ok(mut mac) => {
                for part in parts {
                    mac.update(part);
                }
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }
    match algorithm {
        Algorithm::Sha1 => run::<Hmac<Sha1>>(key, parts),
        Algorithm::Sha256 => run::<Hmac<Sha256>>(key, parts),
        Algorithm::Sha384 => run::<Hmac<Sha384>>(key, parts),
        Algorithm::Sha512 => run::<Hmac<Sha512>>(key, parts),
    }
}

/// Plain digest of the concatenation of `parts` (HubSpot v1/v2 hash secret and body together).
pub fn digest(algorithm: Algorithm, parts: &[&[u8]]) -> Vec<u8> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut hasher = D::new();
        for part in parts {
            hasher.update(part);
        }
        hasher.finalize().to_vec()
    }
    match algorithm {
        Algorithm::Sha1 => run::<Sha1>(parts),
        Algorithm::Sha256 => run::<Sha256>(parts),
        Algorithm::Sha384 => run::<Sha384>(parts),
        Algorithm::Sha512 => run::<Sha512>(parts),
    }
}

/// Compares two byte strings in time that depends only on their lengths. Lengths are public
/// (they follow from the algorithm), so a length mismatch returns early instead of throwing
/// like Node's `timingSafeEqual`.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Keep the optimiser from turning the fold into an early-exit comparison.
    std::hint::black_box(diff) == 0
}

/// A key that is not a valid Ed25519 key of the expected size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadKey;

/// Verifies an Ed25519 signature over the concatenation of `parts`, streaming (the body is not
/// copied). `Err(BadKey)` when the public key is unusable; `Ok(false)` for any signature that
/// does not verify, including one of the wrong length or a non-canonical encoding.
pub fn ed25519_verify(
    public_key: &[u8],
    parts: &[&[u8]],
    signature: &[u8],
) -> Result<bool, BadKey> {
    let key = ed25519_compact::PublicKey::from_slice(public_key).map_err(|_| BadKey)?;
    let Ok(signature) = ed25519_compact::Signature::from_slice(signature) else {
        return Ok(false);
    };
    let Ok(mut state) = key.verify_incremental(&signature) else {
        return Ok(false);
    };
    for part in parts {
        state.absorb(part);
    }
    Ok(state.verify().is_ok())
}

/// Signs the concatenation of `parts` with an Ed25519 key given as its 32-byte seed or as the
/// 64-byte seed-and-public-key form. Deterministic (RFC 8032).
pub fn ed25519_sign(secret_key: &[u8], parts: &[&[u8]]) -> Result<[u8; 64], BadKey> {
    let key = ed25519_secret_key(secret_key)?;
    Ok(*key.sign(parts.concat(), None))
}

/// The public key of an Ed25519 secret key (32-byte seed or 64-byte form).
pub fn ed25519_public_key(secret_key: &[u8]) -> Result<[u8; 32], BadKey> {
    Ok(*ed25519_secret_key(secret_key)?.public_key())
}

fn ed25519_secret_key(secret_key: &[u8]) -> Result<ed25519_compact::SecretKey, BadKey> {
    match secret_key.len() {
        32 => {
            let seed = ed25519_compact::Seed::from_slice(secret_key).map_err(|_| BadKey)?;
            Ok(ed25519_compact::KeyPair::try_from_seed(seed)
                .map_err(|_| BadKey)?
                .sk)
        }
        64 => ed25519_compact::SecretKey::from_slice(secret_key).map_err(|_| BadKey),
        _ => Err(BadKey),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::encoding::hex_encode;

    // RFC 4231 test case 2 (HMAC-SHA-256/384/512) and RFC 2202 test case 2 (HMAC-SHA-1).
    #[test]
    fn hmac_rfc_vectors() {
        let key = b"Jefe";
        let data: &[&[u8]] = &[b"what do ya want ", b"for nothing?"];
        assert_eq!(
            hex_encode(&hmac(Algorithm::Sha1, key, data)),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hex_encode(&hmac(Algorithm::Sha256, key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex_encode(&hmac(Algorithm::Sha384, key, data)),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"
        );
        assert_eq!(
            hex_encode(&hmac(Algorithm::Sha512, key, data)),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
        for algorithm in [
            Algorithm::Sha1,
            Algorithm::Sha256,
            Algorithm::Sha384,
            Algorithm::Sha512,
        ] {
            assert_eq!(hmac(algorithm, key, data).len(), algorithm.output_len());
        }
    }

    #[test]
    fn digest_of_parts_is_digest_of_concatenation() {
        assert_eq!(
            hex_encode(&digest(Algorithm::Sha256, &[b"a", b"bc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    // RFC 8032 §7.1, TEST 2 (one-byte message).
    #[test]
    fn ed25519_rfc8032_vector() {
        use crate::webhook::encoding::hex_decode;
        let seed =
            hex_decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb").unwrap();
        let public =
            hex_decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c").unwrap();
        let signature = hex_decode(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        )
        .unwrap();
        assert_eq!(ed25519_public_key(&seed).unwrap().to_vec(), public);
        assert_eq!(ed25519_sign(&seed, &[&[0x72]]).unwrap().to_vec(), signature);
        assert_eq!(
            ed25519_verify(&public, &[b"", &[0x72]], &signature),
            Ok(true)
        );
        assert_eq!(ed25519_verify(&public, &[&[0x73]], &signature), Ok(false));
        assert_eq!(
            ed25519_verify(&public, &[&[0x72]], &signature[1..]),
            Ok(false)
        );
        assert_eq!(
            ed25519_verify(&public[1..], &[&[0x72]], &signature),
            Err(BadKey)
        );
        let mut full = seed.clone();
        full.extend_from_slice(&public);
        assert_eq!(ed25519_sign(&full, &[&[0x72]]).unwrap().to_vec(), signature);
    }

    #[test]
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
