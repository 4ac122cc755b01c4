//! Phone numbers to E.164 (`+442079460958`) from the ways people type them: international
//! (`+44 20 7946 0958`, `0044 …`, `00 44 …`), national with a default region
//! (`020 7946 0958` in GB, `(415) 555-2671` in US), with extensions and pauses dropped.

use super::junk::is_junk;
use super::phone_regions::{main_region, region, Region, CALLING_CODES};

/// E.164 allows at most 15 digits after the `+`.
const MAX_DIGITS: usize = 15;

/// The E.164 form of a phone number, or `None` when `s` is not one.
///
/// - `+` or the international prefix (`00` everywhere; the default region's own, such as `011`
///   in North America, `0011` in Australia, `010` in Japan) starts an international number;
///   the calling code is read from the list of every assigned code.
/// - Otherwise the number is national and needs `default_region` (ISO 3166-1 alpha-2, any
///   case): the region's trunk prefix (`0`, `1` in North America, `8` in Russia, `06` in
///   Hungary) is dropped and its calling code added. Italy keeps its leading `0` (part of the
///   number). Without a region a national number gives `None`: guessing would invent data.
/// - Spaces, dots, dashes, slashes, brackets and a `(0)` after the calling code are ignored;
///   an extension or pause (`x123`, `ext. 4`, `#5`, `,,6`, `;ext=7`) ends the number and is
///   dropped. Letters before any digit, a second `+`, or a length outside the region's
///   national number lengths give `None`; so do junk placeholders (`0000000000`,
///   `1234567890`).
pub fn e164(s: &str, default_region: Option<&str>) -> Option<String> {
    if is_junk(s) {
        return None;
    }
    let (plus, digits) = scan(s)?;
    let home = default_region.and_then(region);
    let parsed = if plus {
        international(&digits)
    } else if let Some(home) = home {
        if let Some(rest) = digits.strip_prefix(home.intl) {
            international(rest)
        } else if let Some(rest) = digits.strip_prefix("00") {
            international(rest)
        } else {
            national(home, &digits)
        }
    } else {
        international(digits.strip_prefix("00")?)
    }?;
    (!is_junk(parsed.get(1..).unwrap_or_default())).then_some(parsed)
}

/// The digits of `s` and whether it started with `+`; `None` for text that is not a number.
fn scan(s: &str) -> Option<(bool, String)> {
    let mut s = s.trim();
    if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tel:")) {
        s = s.get(4..).unwrap_or_default();
    }
    let mut plus = false;
    let mut digits = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        // `+44 (0)20 …`: the bracketed trunk prefix is dialled only nationally.
        if !digits.is_empty() {
            if let Some(after) = rest.strip_prefix("(0)") {
                rest = after;
                continue;
            }
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        if let Some(d) = digit(c) {
            digits.push(d);
        } else if c == '+' && digits.is_empty() && !plus {
            plus = true;
        } else if is_separator(c) {
        } else if digits.len() >= 3 {
            // An extension, pause or comment after the number: not part of E.164.
            break;
        } else {
            return None;
        }
    }
    (digits.len() <= MAX_DIGITS + 4).then_some((plus, digits))
}

fn digit(c: char) -> Option<char> {
    let zero = match u32::from(c) {
        0x30..=0x39 => 0x30,
        0xFF10..=0xFF19 => 0xFF10, // full-width
        0x660..=0x669 => 0x660,    // Arabic-Indic
        0x6F0..=0x6F9 => 0x6F0,    // Extended Arabic-Indic (Persian, Urdu)
        0x966..=0x96F => 0x966,    // Devanagari
        _ => return None,
    };
    char::from_digit(u32::from(c) - zero, 10)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '[' | ']' | '/' | '\u{2010}'
                ..='\u{2015}' | '\u{2212}' | '\u{30FC}'
        )
}

/// `digits` after `+` or an international prefix: calling code, then national number.
fn international(digits: &str) -> Option<String> {
    let (cc, nsn) = (1..=3).find_map(|n| {
        let code: u16 = digits.get(..n)?.parse().ok()?;
        CALLING_CODES
            .contains(&code)
            .then(|| (code, digits.get(n..).unwrap_or_default()))
    })?;
    match main_region(cc) {
        Some(home) => {
            // `+44 020 …`: a trunk prefix written after the calling code.
            let nsn = match nsn.strip_prefix(home.trunk) {
                Some(rest) if !home.trunk.is_empty() && fits(home, rest) && !fits(home, nsn) => {
                    rest
                }
                _ => nsn,
            };
            finish(home, nsn)
        }
        None => {
            let total = cc.to_string().len() + nsn.len();
            (nsn.len() >= 4 && total <= MAX_DIGITS).then(|| plus(cc, nsn))
        }
    }
}

/// A national number in `home`: trunk prefix dropped when present.
fn national(home: &Region, digits: &str) -> Option<String> {
    let nsn = match digits.strip_prefix(home.trunk) {
        Some(rest) if !home.trunk.is_empty() && (fits(home, rest) || home.cc == 54) => rest,
        _ => digits,
    };
    if home.cc == 54 {
        if let Some(mobile) = argentine_mobile(nsn) {
            return finish(home, &mobile);
        }
    }
    finish(home, nsn)
}

/// Argentina writes mobiles nationally as area code, `15`, subscriber (`11 15 2345 6789`);
/// internationally the `15` goes and a `9` leads (`+54 9 11 2345 6789`). Area codes have 2 to
/// 4 digits and area code plus subscriber always 10.
fn argentine_mobile(nsn: &str) -> Option<String> {
    if nsn.len() != 12 {
        return None;
    }
    (2..=4).find_map(|area| {
        let (code, rest) = (nsn.get(..area)?, nsn.get(area..)?);
        let subscriber = rest.strip_prefix("15")?;
        Some(format!("9{code}{subscriber}"))
    })
}

fn fits(home: &Region, nsn: &str) -> bool {
    (usize::from(home.min)..=usize::from(home.max)).contains(&nsn.len())
}

/// `+`, the calling code and the national number, written without the formatting machinery
/// (this runs for every phone a mapping normalises).
fn plus(cc: u16, nsn: &str) -> String {
    let mut out = String::with_capacity(4 + nsn.len());
    out.push('+');
    let digits = [cc / 100, cc / 10 % 10, cc % 10];
    let first = if cc >= 100 {
        0
    } else if cc >= 10 {
        1
    } else {
        2
    };
    for d in digits.iter().skip(first) {
        out.push(char::from_digit(u32::from(*d), 10).unwrap_or('0'));
    }
    out.push_str(nsn);
    out
}

fn finish(home: &Region, nsn: &str) -> Option<String> {
    if !fits(home, nsn) {
        return None;
    }
    // North American numbers: area code and exchange never start with 0 or 1.
    if home.cc == 1 {
        let ok = |i: usize| {
            nsn.as_bytes()
                .get(i)
                .is_some_and(|b| (b'2'..=b'9').contains(b))
        };
        if !ok(0) || !ok(3) {
            return None;
        }
    }
    Some(plus(home.cc, nsn))
}

#[cfg(test)]
mod tests {
    use super::e164;

    fn ok(input: &str, region: Option<&str>, want: &str) {
        assert_eq!(
            e164(input, region).as_deref(),
            Some(want),
            "{input:?} in {region:?}"
        );
    }

    fn none(input: &str, region: Option<&str>) {
        assert_eq!(e164(input, region), None, "{input:?} in {region:?}");
    }

    #[test]
    fn international_formats() {
        ok("+44 20 7946 0958", None, "+442079460958");
        ok("+44 (0)20 7946 0958", None, "+442079460958");
        ok("+44 020 7946 0958", None, "+442079460958");
        ok("00 49 30 1234567", None, "+49301234567");
        ok("0049 30 1234567", Some("DE"), "+49301234567");
        ok("+1-415-555-2671", None, "+14155552671");
        ok("+1 (415) 555.2671", Some("GB"), "+14155552671");
        ok("011 44 20 7946 0958", Some("US"), "+442079460958");
        ok("0011 44 20 7946 0958", Some("AU"), "+442079460958");
        ok("+33 6 12 34 56 78", None, "+33612345678");
        ok("+39 06 6982 1234", None, "+390669821234");
        ok("+91 98450 12345", None, "+919845012345");
        ok("+86 138 0013 8000", None, "+8613800138000");
        ok("tel:+81-3-1234-5678", None, "+81312345678");
        // A calling code the region table lacks still parses by the code list.
        ok("+372 5123 4567", None, "+37251234567");
        ok("+675 7012 3456", None, "+67570123456");
    }

    #[test]
    fn national_formats_with_a_region() {
        ok("020 7946 0958", Some("GB"), "+442079460958");
        ok("07700 900123", Some("gb"), "+447700900123");
        ok("(415) 555-2671", Some("US"), "+14155552671");
        ok("1 415 555 2671", Some("US"), "+14155552671");
        ok("415.555.2671", Some("CA"), "+14155552671");
        ok("030 1234567", Some("DE"), "+49301234567");
        ok("06 12 34 56 78", Some("FR"), "+33612345678");
        ok("06 6982 1234", Some("IT"), "+390669821234");
        ok("612 345 678", Some("ES"), "+34612345678");
        ok("8 (495) 123-45-67", Some("RU"), "+74951234567");
        ok("06 1 234 5678", Some("HU"), "+3612345678");
        ok("0412 345 678", Some("AU"), "+61412345678");
        ok("090-1234-5678", Some("JP"), "+819012345678");
        ok("98450 12345", Some("IN"), "+919845012345");
        ok("011 15-2345-6789", Some("AR"), "+5491123456789");
        ok("0351 15 234 5678", Some("AR"), "+5493512345678");
        ok("011 4123-4567", Some("AR"), "+541141234567");
        ok("(0-612) 34567", Some("LT"), "+37061234567");
        ok("０２０ ７９４６ ０９５８", Some("GB"), "+442079460958");
    }

    #[test]
    fn extensions_are_dropped() {
        ok("+1 415 555 2671 x123", None, "+14155552671");
        ok("(415) 555-2671 ext. 45", Some("US"), "+14155552671");
        ok("020 7946 0958 #12", Some("GB"), "+442079460958");
        ok("+44 20 7946 0958;ext=7", None, "+442079460958");
        ok("+49 30 1234567,,89", None, "+49301234567");
    }

    #[test]
    fn not_numbers() {
        none("", None);
        none("call me", None);
        none("020 7946 0958", None); // national without a region
        none("020 7946 0958", Some("ZZ")); // unknown region
        none("+44 20", None); // too short
        none("+44 20 7946 0958 1234 5678", None); // too long
        none("+999 1234 5678", None); // unassigned calling code
        none("+1 015 555 2671", None); // NANP area code cannot start with 0
        none("555-2671", Some("US")); // local number without area code
        none("+44 +20 7946 0958", None);
        none("abc +44 20 7946 0958", None);
        none("12 34", Some("GB"));
    }

    #[test]
    fn junk_numbers() {
        none("0000000000", Some("US"));
        none("1234567890", Some("US"));
        none("+1 111-111-1111", None);
        none("-1", Some("GB"));
        none("0", Some("GB"));
    }
}
