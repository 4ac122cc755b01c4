//! PLACEHOLDER until the `merge` branch's normalisers land: the same names and signatures, with
//! minimal bodies so identity resolution compiles and its tests run. Replaced at merge.

/// The parts of a person's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    /// Given name.
    pub given: Option<String>,
    /// Family name.
    pub family: Option<String>,
}

/// Canonical email: trimmed, lower-cased, Gmail dots and `+tag` removed.
pub fn canonical_email(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let (local, domain) = s.rsplit_once('@')?;
    if local.is_empty() || !domain.contains('.') || is_junk(&s) {
        return None;
    }
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = local.split('+').next().unwrap_or(local);
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_owned()
    };
    Some(format!("{local}@{domain}"))
}

/// E.164 from international and a few national formats.
pub fn e164(s: &str, default_region: Option<&str>) -> Option<String> {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 || is_junk(&digits) {
        return None;
    }
    if t.starts_with('+') {
        return Some(format!("+{digits}"));
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return Some(format!("+{rest}"));
    }
    let code = match default_region.unwrap_or("US") {
        "GB" => "44",
        "DE" => "49",
        "FR" => "33",
        _ => "1",
    };
    if code == "1" {
        let d = digits.strip_prefix('1').unwrap_or(&digits);
        return Some(format!("+1{d}"));
    }
    Some(format!("+{code}{}", digits.trim_start_matches('0')))
}

/// Lower case, diacritics folded (a few), punctuation removed, whitespace collapsed.
pub fn fold_name(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-') && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Given and family parts of a full name.
pub fn split_name(full: &str) -> NameParts {
    if let Some((family, given)) = full.split_once(',') {
        return NameParts {
            given: Some(given.trim().to_owned()).filter(|s| !s.is_empty()),
            family: Some(family.trim().to_owned()).filter(|s| !s.is_empty()),
        };
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.split_first() {
        None => NameParts::default(),
        Some((first, [])) => NameParts {
            given: Some((*first).to_owned()),
            family: None,
        },
        Some((first, rest)) => NameParts {
            given: Some((*first).to_owned()),
            family: Some(rest.join(" ")),
        },
    }
}

/// Values treated as missing.
pub fn is_junk(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    matches!(
        t.as_str(),
        "" | "-1" | "0" | "null" | "none" | "n/a" | "na" | "unknown" | "test@test.com"
    ) || (t.len() > 3 && t.chars().all(|c| t.starts_with(c) && c.is_ascii_digit()))
}

/// A stable key for a scoped identity.
pub fn identity_key(platform: &str, scope: &str, id: &str) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|");
    format!("{}|{}|{}", esc(platform), esc(scope), esc(id))
}
