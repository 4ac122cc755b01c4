//! The block list of placeholder values that forms and imports put where a value is missing.
//! A junk value is treated as absent: it never becomes a match key and never wins a merge.

use super::case::{is_word_char, lower, lowercase};

/// Whole values (compared trimmed and lowercased) that mean "no value".
const WORDS: &[&str] = &[
    "-1",
    "0",
    "-",
    "--",
    ".",
    "?",
    "null",
    "nil",
    "none",
    "n/a",
    "na",
    "n.a.",
    "n.a",
    "nan",
    "unknown",
    "undefined",
    "not available",
    "not provided",
    "asdf",
    "qwerty",
    "test",
    "xxx",
    "tbd",
    "abc",
    "0000000000",
    "1234567890",
    "123456789",
    "0123456789",
    "9876543210",
    "12345",
    "123456",
    "1234567",
    "12345678",
];

/// Email local parts that say "I have no email" whatever the domain.
const NO_EMAIL_LOCALS: &[&str] = &[
    "noemail",
    "no-email",
    "no_email",
    "no.email",
    "nomail",
    "no-mail",
    "none",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "null",
    "unknown",
    "na",
    "n/a",
    "xxx",
    "asdf",
];

/// Placeholder mailboxes at any domain of [`PLACEHOLDER_DOMAINS`] or these exact addresses.
const TEST_LOCALS: &[&str] = &["test", "email", "user", "example", "name", "a", "abc"];

/// Domains reserved for examples and tests (RFC 2606, RFC 6761) and their common stand-ins.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "test.com",
    "domain.com",
    "none.com",
    "noemail.com",
];

/// Top-level domains that can never deliver mail (RFC 2606, RFC 6761).
const RESERVED_TLDS: &[&str] = &["test", "example", "invalid", "localhost"];

/// True when `s` is a placeholder that must be treated as missing. The documented block list:
///
/// - empty or blank;
/// - the words in `WORDS` (`-1`, `0`, `null`, `none`, `n/a`, `na`, `unknown`, `undefined`,
///   `asdf`, `xxx`, `test`, …) in any case;
/// - one character repeated (`xxxx`, `0000000000`, `+1 111-111-1111`), ignoring separators,
///   when three or more;
/// - digit runs counting up or down (`1234567890`, `0123456789`, `9876543210`) of five or more;
/// - emails whose local part says there is none (`noemail@…`, `no-reply@…`, `none@…`), whose
///   domain is reserved for examples (`…@example.com`, `…@test.com`, `….test`, `….invalid`),
///   or that are `test@…`/`email@…`-style placeholders at such a domain.
pub fn is_junk(s: &str) -> bool {
    // Called on every phone and email the engine normalises: no allocation except for
    // emails, and one pass over the characters for the repeated and counting tests.
    let trimmed = s.trim();
    // ASCII (nearly every phone and email) lowercases byte by byte; the block list is ASCII.
    let ascii = trimmed.is_ascii();
    let lowered = || {
        trimmed.chars().map(move |c| {
            if ascii {
                c.to_ascii_lowercase()
            } else {
                lower(c)
            }
        })
    };
    let word = |w: &&str| {
        if ascii {
            w.len() == trimmed.len() && w.eq_ignore_ascii_case(trimmed)
        } else {
            lowered().eq(w.chars())
        }
    };
    if trimmed.is_empty() || WORDS.iter().any(word) {
        return true;
    }
    if trimmed.contains('@') {
        let lower = lowercase(trimmed);
        if let Some((local, domain)) = lower.rsplit_once('@') {
            return junk_email(local, domain);
        }
    }
    placeholder_run(lowered().filter(|&c| is_word_char(c)))
}

fn junk_email(local: &str, domain: &str) -> bool {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    NO_EMAIL_LOCALS.contains(&local)
        || PLACEHOLDER_DOMAINS.contains(&domain)
        || RESERVED_TLDS.contains(&tld)
        || (TEST_LOCALS.contains(&local) && domain.starts_with("test."))
        || !local.chars().any(is_word_char)
}

/// Three or more of one character (`xxx`, `0000000`), or five or more digits each one more
/// (or each one less) than the one before, `0` following `9` going up (`…7890`).
fn placeholder_run(mut chars: impl Iterator<Item = char>) -> bool {
    let Some(first) = chars.next() else {
        return false;
    };
    let (mut count, mut same, mut up, mut down) = (1usize, true, true, true);
    let mut previous = first.to_digit(10);
    for c in chars {
        count += 1;
        same &= c == first;
        let digit = c.to_digit(10);
        match (previous, digit) {
            (Some(a), Some(b)) => {
                up &= (b + 10 - a) % 10 == 1;
                down &= (a + 10 - b) % 10 == 1;
            }
            _ => (up, down) = (false, false),
        }
        if !same && !up && !down {
            return false;
        }
        previous = digit;
    }
    let digits = previous.is_some() && (up || down);
    (same && count >= 3) || (digits && count >= 5)
}

#[cfg(test)]
mod tests {
    use super::is_junk;
    use super::{is_word_char, junk_email, lowercase, WORDS};
    use proptest::prelude::*;

    /// The block list written the plain way (allocating), to check the one-pass version.
    fn reference(s: &str) -> bool {
        let lower = lowercase(s.trim());
        if lower.is_empty() || WORDS.contains(&lower.as_str()) {
            return true;
        }
        if let Some((local, domain)) = lower.rsplit_once('@') {
            return junk_email(local, domain);
        }
        let chars: Vec<char> = lower.chars().filter(|&c| is_word_char(c)).collect();
        let repeated = chars.len() >= 3 && chars.windows(2).all(|w| w.first() == w.get(1));
        let digits: Option<Vec<u32>> = chars.iter().map(|c| c.to_digit(10)).collect();
        let counting = digits.is_some_and(|d| {
            let step = |k: u32| {
                d.windows(2)
                    .all(|w| matches!(w, [a, b] if (b + 10 - a) % 10 == k))
            };
            d.len() >= 5 && (step(1) || step(9))
        });
        repeated || counting
    }

    proptest! {
        #[test]
        fn one_pass_agrees_with_the_plain_check(
            s in "[0-9 .+()@a-zA-Z\\-]{0,14}|[0-9]{3,12}|[xX]{2,5}| ?(98765|12345|7890123|00000|NULL|İ)[0-9]{0,4}"
        ) {
            prop_assert_eq!(is_junk(&s), reference(&s), "{:?}", s);
        }
    }

    #[test]
    fn block_list_words() {
        for s in [
            "",
            "  ",
            "-1",
            "0",
            "null",
            "NULL",
            " None ",
            "n/a",
            "N/A",
            "na",
            "unknown",
            "asdf",
            "xxx",
            "XXXX",
            "undefined",
            "-",
            "test",
        ] {
            assert!(is_junk(s), "{s:?} should be junk");
        }
    }

    #[test]
    fn placeholder_numbers() {
        for s in [
            "0000000000",
            "000-000-0000",
            "+1 111-111-1111",
            "1234567890",
            "123-456-7890",
            "0123456789",
            "9876543210",
            "99999",
            "5555555",
        ] {
            assert!(is_junk(s), "{s:?} should be junk");
        }
    }

    #[test]
    fn placeholder_emails() {
        for s in [
            "test@test.com",
            "Test@Example.com",
            "anyone@example.org",
            "noemail@acme.com",
            "no-reply@shop.io",
            "none@gmail.com",
            "ada@site.test",
            "x@host.invalid",
            "...@x.org",
            "test@test.co.uk",
        ] {
            assert!(is_junk(s), "{s:?} should be junk");
        }
    }

    #[test]
    fn real_values_are_not_junk() {
        for s in [
            "Ada",
            "Li",
            "Bo",
            "Ng",
            "ada@gmail.com",
            "test.user@acme.com",
            "+44 20 7946 0958",
            "415-555-2671",
            "1234",
            "12346",
            "Anna",
            "Otto",
            "aab",
            "Xi",
            "Noé",
        ] {
            assert!(!is_junk(s), "{s:?} should not be junk");
        }
    }
}
