//! The block list of placeholder values that forms and imports put where a value is missing.
//! A junk value is treated as absent: it never becomes a match key and never wins a merge.

use super::case::{is_word_char, lowercase};

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
#[inline(never)]
pub fn is_junk(s: &str) -> bool {
    let lower = lowercase(s.trim());
    if lower.is_empty() || WORDS.contains(&lower.as_str()) {
        return true;
    }
    if let Some((local, domain)) = lower.rsplit_once('@') {
        return junk_email(local, domain);
    }
    repeated(&lower) || counting(&lower)
}

fn junk_email(local: &str, domain: &str) -> bool {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    NO_EMAIL_LOCALS.contains(&local)
        || PLACEHOLDER_DOMAINS.contains(&domain)
        || RESERVED_TLDS.contains(&tld)
        || (TEST_LOCALS.contains(&local) && domain.starts_with("test."))
        || !local.chars().any(is_word_char)
}

/// The letters and digits of `s` (separators and punctuation skipped), without allocating:
/// this runs for every value of a million-contact dedupe.
fn significant(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|&c| is_word_char(c))
}

/// Three or more of one character, e.g. `xxx`, `0000000`.
fn repeated(s: &str) -> bool {
    let mut chars = significant(s);
    let Some(first) = chars.next() else {
        return false;
    };
    let mut n = 1;
    for c in chars {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// Five or more digits each one more (or each one less) than the one before, `0` following
/// `9` going up (`…7890`).
fn counting(s: &str) -> bool {
    let (mut n, mut up, mut down) = (0usize, true, true);
    let mut previous: Option<u32> = None;
    for c in significant(s) {
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        if let Some(p) = previous {
            up &= (p + 1) % 10 == d;
            down &= (d + 1) % 10 == p;
        }
        previous = Some(d);
        n += 1;
    }
    n >= 5 && (up || down)
}

#[cfg(test)]
mod tests {
    use super::is_junk;

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
