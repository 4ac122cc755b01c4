//! TEMPORARY stand-in for the `merge` branch's normalisers; replaced at the merge.

/// Name parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    /// Given name.
    pub given: Option<String>,
    /// Family name.
    pub family: Option<String>,
}

/// Canonical email, or `None` when not an email.
pub fn canonical_email(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let (local, domain) = s.split_once('@')?;
    if local.is_empty() || !domain.contains('.') {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// E.164, or `None`.
pub fn e164(s: &str, region: Option<&str>) -> Option<String> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 7 {
        return None;
    }
    if s.trim_start().starts_with('+') || region.is_none() {
        Some(format!("+{digits}"))
    } else {
        Some(format!("+1{}", digits.trim_start_matches('0')))
    }
}

/// Splits a full name.
pub fn split_name(s: &str) -> NameParts {
    let mut words = s.split_whitespace();
    let given = words.next().map(str::to_owned);
    let rest: Vec<&str> = words.collect();
    NameParts {
        given,
        family: (!rest.is_empty()).then(|| rest.join(" ")),
    }
}
