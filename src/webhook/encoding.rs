//! Text encodings found in webhook headers and secrets: hex and base64 (RFC 4648 §4), and the
//! URL-safe base64 without padding (RFC 4648 §5) of OAuth state and PKCE values.

/// Decodes hexadecimal (either case) into bytes; `None` for odd length or a non-hex digit.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some(hex_value(*hi)? << 4 | hex_value(*lo)?),
            _ => None,
        })
        .collect()
}

/// Lower-case hexadecimal.
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            // A nibble is always < 16, so the fallback is never taken.
            out.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    encode(bytes, BASE64, true)
}

/// URL-safe base64 without padding (RFC 4648 §5, as RFC 7636 and JWTs use it).
pub fn base64url_encode(bytes: &[u8]) -> String {
    encode(bytes, BASE64URL, false)
}

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                // `n >> 18 - 6i` masked to 6 bits is always a valid index into the alphabet.
                let index = (n >> (18 - 6 * i)) as usize & 63;
                out.push(char::from(alphabet.get(index).copied().unwrap_or(b'A')));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64, padded or not (senders and SDKs differ). `None` for characters
/// outside the alphabet, misplaced padding or an impossible length.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    let padding = text.len() - trimmed.len();
    if padding > 2 || (padding > 0 && text.len() % 4 != 0) {
        return None;
    }
    decode(trimmed, b'+', b'/')
}

/// Decodes URL-safe base64 without padding; `None` for anything else, including `=`, so that
/// every byte string has exactly one accepted encoding.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    decode(text, b'-', b'_')
}

fn decode(unpadded: &str, c62: u8, c63: u8) -> Option<Vec<u8>> {
    if unpadded.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(unpadded.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in unpadded.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            _ if c == c62 => 62,
            _ if c == c63 => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero (RFC 4648 §3.5), so each byte string has exactly one
    // accepted encoding and a changed signature character never decodes to the same MAC.
    (acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_both_cases_and_encodes_lower() {
        assert_eq!(hex_decode("00ffAb"), Some(vec![0x00, 0xff, 0xab]));
        assert_eq!(hex_decode(""), Some(vec![]));
        assert_eq!(hex_encode(&[0x00, 0xff, 0xab]), "00ffab");
    }

    #[test]
    fn hex_rejects_odd_length_and_non_hex() {
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
        assert_eq!(hex_decode("é1"), None);
    }

    // RFC 4648 §10 test vectors.
    #[test]
    fn base64_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).as_deref(), Some(plain.as_bytes()));
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn base64_rejects_garbage() {
        for bad in [
            "Zg=", "Z", "Zm9v=", "Zm9v====", "Zm-v", "Zm 9v", "=Zm9", "Zh==", "Zm9=",
        ] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    // RFC 4648 §10 vectors in the URL-safe alphabet, plus the two characters that differ.
    #[test]
    fn base64url_vectors_and_strictness() {
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64url_encode(plain.as_bytes()), encoded);
            assert_eq!(base64url_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("-_8"), Some(vec![0xfb, 0xff]));
        for bad in ["Zg==", "Zg=", "+/8", "Z", "Zh", "Zm9v YmFy"] {
            assert_eq!(base64url_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn base64_round_trips_all_lengths() {
        let data: Vec<u8> = (0..=255).collect();
        for len in 0..data.len() {
            let slice = data.get(..len).unwrap();
            assert_eq!(base64_decode(&base64_encode(slice)).as_deref(), Some(slice));
            assert_eq!(
                base64url_decode(&base64url_encode(slice)).as_deref(),
                Some(slice)
            );
        }
    }
}
