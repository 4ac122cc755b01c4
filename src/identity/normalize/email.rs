//! Email canonicalisation: one spelling per mailbox, so the same person's addresses compare
//! equal exactly (never fuzzily: fuzzy email matching merges different people).

use super::case::{is_word_char, lowercase};
use super::junk::is_junk;

/// Domains whose mailboxes ignore dots in the local part and accept `+tag` (Gmail; the
/// `googlemail.com` spelling is the same mailbox).
const GMAIL: &[&str] = &["gmail.com", "googlemail.com"];

/// Providers that document plus addressing (`user+tag@…` delivers to `user@…`): Microsoft
/// consumer mail, iCloud, Proton and Fastmail. Yahoo is deliberately absent: its disposable
/// addresses are `basename-keyword@yahoo.com`, where the base name is chosen separately from
/// the account's address, so dropping `-keyword` would not give the person's mailbox.
const PLUS_TAG: &[&str] = &[
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "protonmail.ch",
    "proton.me",
    "pm.me",
    "fastmail.com",
    "fastmail.fm",
];

/// The canonical form of an email address, or `None` when `s` is not one (or is a junk
/// placeholder such as `test@test.com`, see [`is_junk`]).
///
/// Trims, drops a `mailto:` prefix and enclosing `<…>`, lowercases, spells `googlemail.com` as
/// `gmail.com`, removes dots and `+tag` for Gmail, and `+tag` for the providers that document
/// plus addressing (Outlook/Hotmail/Live/MSN, iCloud/me/mac, Proton, Fastmail). Other domains
/// keep their local part as written (lowercased): a `+` may be significant there.
#[inline(never)]
pub fn canonical_email(s: &str) -> Option<String> {
    let mut s = s.trim();
    if let Some(rest) = strip_prefix_ignore_case(s, "mailto:") {
        s = rest.trim();
    }
    if let Some(inner) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        s = inner.trim();
    }
    let lower = lowercase(s);
    let (local, domain) = lower.rsplit_once('@')?;
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if !valid_local(local) || !valid_domain(domain) {
        return None;
    }
    let (local, domain) = if GMAIL.contains(&domain) {
        let base = local.split('+').next().unwrap_or_default();
        (base.replace('.', ""), "gmail.com")
    } else if PLUS_TAG.contains(&domain) {
        (
            local.split('+').next().unwrap_or_default().to_owned(),
            domain,
        )
    } else {
        (local.to_owned(), domain)
    };
    if local.is_empty() {
        return None;
    }
    let email = format!("{local}@{domain}");
    (!is_junk(&email)).then_some(email)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// A dot-atom local part (RFC 5322), allowing non-ASCII (RFC 6531): no spaces, quotes, angle
/// brackets or second `@`, no leading, trailing or doubled dot. Quoted local parts are refused:
/// no CRM contact form produces them, and they are almost always pasting mistakes.
fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '@' | '"' | '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | ']' | '\\'
                )
        })
}

/// A host name with at least two labels; labels of letters, digits and inner hyphens (letters
/// may be non-ASCII: internationalised domains as users type them); a top-level label that is
/// not all digits (so `1.2.3.4` is refused; address literals are not contact data).
fn valid_domain(domain: &str) -> bool {
    if domain.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| is_word_char(c) || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::canonical_email as c;

    #[test]
    fn trims_and_lowercases() {
        assert_eq!(
            c("  Ada.Lovelace@Engine.ORG "),
            Some("ada.lovelace@engine.org".into())
        );
        assert_eq!(
            c("mailto:Ada@Engine.co.uk"),
            Some("ada@engine.co.uk".into())
        );
        assert_eq!(c("<grace@navy.mil>"), Some("grace@navy.mil".into()));
        assert_eq!(c("ada@engine.co.uk."), Some("ada@engine.co.uk".into()));
    }

    #[test]
    fn gmail_ignores_dots_and_tags_and_googlemail_is_gmail() {
        for s in [
            "a.da.love@gmail.com",
            "AdaLove+crm@GMail.com",
            "ada.love+x+y@googlemail.com",
        ] {
            assert_eq!(c(s), Some("adalove@gmail.com".into()), "{s}");
        }
        assert_eq!(c("+only@gmail.com"), None);
        assert_eq!(c("...@gmail.com"), None);
    }

    #[test]
    fn plus_tags_dropped_only_where_documented() {
        assert_eq!(c("ada+news@outlook.com"), Some("ada@outlook.com".into()));
        assert_eq!(
            c("ada.l+shop@hotmail.com"),
            Some("ada.l@hotmail.com".into())
        );
        assert_eq!(c("ada+x@live.com"), Some("ada@live.com".into()));
        assert_eq!(c("ada+x@icloud.com"), Some("ada@icloud.com".into()));
        assert_eq!(c("ada+x@me.com"), Some("ada@me.com".into()));
        assert_eq!(c("ada+x@proton.me"), Some("ada@proton.me".into()));
        assert_eq!(c("ada+x@pm.me"), Some("ada@pm.me".into()));
        assert_eq!(c("ada+x@fastmail.com"), Some("ada@fastmail.com".into()));
        // Dots matter outside Gmail; `+` is kept where no plus addressing is documented.
        assert_eq!(c("a.da@outlook.com"), Some("a.da@outlook.com".into()));
        assert_eq!(
            c("ada+x@example-corp.com"),
            Some("ada+x@example-corp.com".into())
        );
        // Yahoo's `-keyword` disposable addresses are kept as written.
        assert_eq!(c("base-shop@yahoo.com"), Some("base-shop@yahoo.com".into()));
    }

    #[test]
    fn non_emails_are_none() {
        for s in [
            "",
            " ",
            "ada",
            "@example.org",
            "ada@",
            "ada@localhost",
            "ada@@x.org",
            "ada @x.org",
            "ada@x .org",
            "a..b@x.org",
            ".a@x.org",
            "a.@x.org",
            "ada@-x.org",
            "ada@x-.org",
            "ada@x..org",
            "ada@1.2.3.4",
            "ada@x.c",
            "\"ada\"@x.org",
            "ada@x.org>",
            "a<b@x.org",
            "ada@[127.0.0.1]",
        ] {
            assert_eq!(c(s), None, "{s:?}");
        }
    }

    #[test]
    fn junk_emails_are_none() {
        for s in [
            "test@test.com",
            "TEST@example.com",
            "noemail@shop.com",
            "no-email@x.org",
            "none@none.com",
        ] {
            assert_eq!(c(s), None, "{s}");
        }
    }

    #[test]
    fn international_addresses_are_kept() {
        assert_eq!(c("José@Correo.es"), Some("josé@correo.es".into()));
        assert_eq!(c("user@bücher.de"), Some("user@bücher.de".into()));
    }
}
