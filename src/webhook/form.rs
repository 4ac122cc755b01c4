//! `application/x-www-form-urlencoded` parsing, for URL query strings (handshakes) and form
//! bodies (Twilio), per the WHATWG URL standard: `&`-separated, `+` is a space, `%XX` decoded;
//! and encoding, for the query strings and form bodies of OAuth requests.

/// The `name=value` pairs of a form-encoded string, in order, duplicates kept.
/// Percent-decoded bytes that are not UTF-8 are replaced with U+FFFD, as browsers do.
pub fn parse(input: &[u8]) -> Vec<(String, String)> {
    input
        .split(|&b| b == b'&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut halves = part.splitn(2, |&b| b == b'=');
            let name = halves.next().unwrap_or_default();
            let value = halves.next().unwrap_or_default();
            (decode(name), decode(value))
        })
        .collect()
}

/// The query pairs of a URL (the part after `?`, without any `#fragment`).
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    let without_fragment = url.split('#').next().unwrap_or_default();
    match without_fragment.split_once('?') {
        Some((_, query)) => parse(query.as_bytes()),
        None => Vec::new(),
    }
}

/// The first value of `name` in `pairs`.
pub fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// `name=value` pairs joined with `&`, each side percent-encoded by [`encode_component`].
pub fn encode_pairs<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(name.as_ref()));
        out.push('=');
        out.push_str(&encode_component(value.as_ref()));
    }
    out
}

/// Percent-encodes every byte except RFC 3986's unreserved `A-Z a-z 0-9 - . _ ~`, so a space
/// is `%20`: both form decoders (`+` or `%20` is a space) and plain URI decoders read it the
/// same, which `+` does not guarantee.
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            for nibble in [byte >> 4, byte & 0x0f] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    out
}

fn decode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                // A `%` not followed by two hex digits stays literal (WHATWG).
                _ => out.push(b'%'),
            },
            _ => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: &u8) -> Option<u8> {
    char::from(*digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved_and_round_trips() {
        assert_eq!(
            encode_pairs(&[
                ("scope", "a b,c"),
                ("redirect_uri", "https://h/cb?x=1&y=é~")
            ]),
            "scope=a%20b%2Cc&redirect_uri=https%3A%2F%2Fh%2Fcb%3Fx%3D1%26y%3D%C3%A9~"
        );
        let text = "a+b c&d=e%f/é😀";
        let pairs = parse(encode_pairs(&[(text, text)]).as_bytes());
        assert_eq!(pairs, vec![(text.to_owned(), text.to_owned())]);
    }

    #[test]
    fn parses_query_with_plus_percent_and_duplicates() {
        let pairs = query_pairs(
            "https://x.test/cb?hub.mode=subscribe&hub.challenge=a%2Bb+c&x=1&x=2&bad=%zz#frag",
        );
        assert_eq!(first(&pairs, "hub.mode"), Some("subscribe"));
        assert_eq!(first(&pairs, "hub.challenge"), Some("a+b c"));
        assert_eq!(first(&pairs, "bad"), Some("%zz"));
        assert_eq!(pairs.iter().filter(|(k, _)| k == "x").count(), 2);
    }

    #[test]
    fn no_query_means_no_pairs() {
        assert!(query_pairs("https://x.test/cb").is_empty());
        assert_eq!(
            parse(b"a&b="),
            vec![("a".into(), String::new()), ("b".into(), String::new())]
        );
    }
}
