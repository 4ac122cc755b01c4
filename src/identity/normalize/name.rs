//! Splitting a full name into given and family names, the way Western-order contact forms
//! write them: honorifics and suffixes dropped, `Family, Given` understood, and name particles
//! (`van`, `de`, `von`, …) kept with the family name.

use serde::Serialize;

/// Given and family name parts, as written (trimmed, original case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NameParts {
    /// Given (first and middle) names; `None` when nothing is left.
    pub given: Option<String>,
    /// Family name, particles included (`van Beethoven`); `None` for a single name.
    pub family: Option<String>,
}

/// Titles before a name, compared lowercased without a trailing dot.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lady",
    "lord",
    "rev",
    "revd",
    "fr",
    "hon",
    "herr",
    "frau",
    "mme",
    "mlle",
    "sra",
    "srta",
];

/// Generational and professional suffixes after a name.
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "dds", "mba", "cpa", "rn", "jd", "obe",
    "mbe", "cbe", "kc", "qc", "junior", "senior",
];

/// Lowercase particles that belong to the family name when they precede its last word.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "dei", "degli", "di", "da", "das", "do",
    "dos", "du", "la", "le", "les", "lo", "ten", "ter", "te", "zu", "zum", "zur", "af", "av",
    "bin", "binti", "bint", "ibn", "al", "el", "st", "st.", "mac", "y",
];

/// Splits `full` into given and family names.
///
/// - Honorifics at the start (`Mr`, `Mrs`, `Ms`, `Dr`, `Prof`, `Sir`, …) and suffixes at the
///   end (`Jr`, `Sr`, `II`, `III`, `IV`, `PhD`, `MD`, `Esq`, …) are dropped, with or without a
///   dot, unless they are the only word; after a title a lone word is the family name
///   (`Mr Smith`).
/// - `Lovelace, Ada` is family-first; `King, Jr.` is a suffix after a comma, not a given name.
/// - With two or more words the last is the family name, preceded by any run of particles
///   (`Ludwig van Beethoven` → `Ludwig` / `van Beethoven`, `Juan de la Cruz` → `Juan` /
///   `de la Cruz`); a single word is a given name.
/// - Names in other orders (Chinese, Japanese, Hungarian family-first without a comma) cannot be
///   told apart from the text alone: callers that know the order should set the parts
///   themselves.
pub fn split_name(full: &str) -> NameParts {
    let full = full.trim();
    if let Some((family, given)) = full.split_once(',') {
        let given_words = words(given);
        let given_words = strip_suffixes(strip_honorifics(&given_words));
        if !given_words.is_empty() {
            let family_words = words(family);
            return NameParts {
                given: join(given_words),
                family: join(strip_honorifics(&family_words)),
            };
        }
    }
    // Copied only when there is a comma to replace (most names have none).
    let spaced: std::borrow::Cow<'_, str> = if full.contains(',') {
        full.replace(',', " ").into()
    } else {
        full.into()
    };
    let all = words(&spaced);
    let titled = strip_honorifics(&all);
    let had_title = titled.len() < all.len();
    let stripped = strip_suffixes(titled);
    // A name that is nothing but titles (`Dr.`) is kept as written.
    let (core, had_title) = if stripped.is_empty() {
        (all.as_slice(), false)
    } else {
        (stripped, had_title)
    };
    match core.len() {
        0 => NameParts::default(),
        // `Mr Smith`: after a title, a lone word is the family name.
        1 if had_title => NameParts {
            given: None,
            family: join(core),
        },
        1 => NameParts {
            given: join(core),
            family: None,
        },
        n => {
            let last = n - 1;
            // Particles run backwards from the last word but never take the first word:
            // in `Van Morrison` the `Van` is a given name.
            let mut start = last;
            while start > 1 && core.get(start - 1).is_some_and(|w| listed(PARTICLES, w)) {
                start -= 1;
            }
            NameParts {
                given: join(core.get(..start).unwrap_or_default()),
                family: join(core.get(start..).unwrap_or_default()),
            }
        }
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Whether `word`, in any case, is in `list` (lowercase ASCII): compared in place, as this
/// runs on every name a mapping or a dedupe splits.
fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// `words` without the titles they start with (compared without a trailing dot).
fn strip_honorifics<'w, 's>(words: &'w [&'s str]) -> &'w [&'s str] {
    let n = words
        .iter()
        .take_while(|w| listed(HONORIFICS, w.trim_end_matches('.')))
        .count();
    words.get(n..).unwrap_or_default()
}

/// `words` without the suffixes they end with (compared without trailing commas and dots).
fn strip_suffixes<'w, 's>(mut words: &'w [&'s str]) -> &'w [&'s str] {
    while let Some((last, rest)) = words.split_last() {
        if !listed(SUFFIXES, last.trim_end_matches(',').trim_end_matches('.')) {
            break;
        }
        words = rest;
    }
    words
}

/// The words (without trailing commas) joined by single spaces; `None` when none is left.
fn join(words: &[&str]) -> Option<String> {
    let mut joined = String::new();
    for word in words.iter().map(|w| w.trim_end_matches(',')) {
        if word.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::{split_name, NameParts};

    fn parts(given: Option<&str>, family: Option<&str>) -> NameParts {
        NameParts {
            given: given.map(Into::into),
            family: family.map(Into::into),
        }
    }

    #[test]
    fn western_order() {
        let cases = [
            ("Ada Lovelace", Some("Ada"), Some("Lovelace")),
            ("  Mary   Ann  Evans ", Some("Mary Ann"), Some("Evans")),
            ("Cher", Some("Cher"), None),
            ("", None, None),
            ("   ", None, None),
        ];
        for (full, g, f) in cases {
            assert_eq!(split_name(full), parts(g, f), "{full:?}");
        }
    }

    #[test]
    fn honorifics_and_suffixes() {
        let cases = [
            ("Dr. Grace Hopper", Some("Grace"), Some("Hopper")),
            ("Mrs Ada Lovelace", Some("Ada"), Some("Lovelace")),
            ("Prof. Dr. Lise Meitner", Some("Lise"), Some("Meitner")),
            (
                "Martin Luther King Jr.",
                Some("Martin Luther"),
                Some("King"),
            ),
            (
                "Martin Luther King, Jr.",
                Some("Martin Luther"),
                Some("King"),
            ),
            ("John Smith III", Some("John"), Some("Smith")),
            ("Jane Doe, PhD", Some("Jane"), Some("Doe")),
            ("Mr Bean", None, Some("Bean")),
            ("Dr.", Some("Dr."), None),
            ("Sir Patrick Stewart OBE", Some("Patrick"), Some("Stewart")),
        ];
        for (full, g, f) in cases {
            assert_eq!(split_name(full), parts(g, f), "{full:?}");
        }
    }

    #[test]
    fn family_first_with_comma() {
        let cases = [
            ("Lovelace, Ada", Some("Ada"), Some("Lovelace")),
            (
                "van Beethoven, Ludwig",
                Some("Ludwig"),
                Some("van Beethoven"),
            ),
            ("Hopper, Dr. Grace M.", Some("Grace M."), Some("Hopper")),
            ("Curie,Marie", Some("Marie"), Some("Curie")),
        ];
        for (full, g, f) in cases {
            assert_eq!(split_name(full), parts(g, f), "{full:?}");
        }
    }

    #[test]
    fn particles_stay_with_the_family_name() {
        let cases = [
            (
                "Ludwig van Beethoven",
                Some("Ludwig"),
                Some("van Beethoven"),
            ),
            ("Juan de la Cruz", Some("Juan"), Some("de la Cruz")),
            (
                "Vincent van der Berg",
                Some("Vincent"),
                Some("van der Berg"),
            ),
            (
                "Ursula von der Leyen",
                Some("Ursula"),
                Some("von der Leyen"),
            ),
            ("Leonardo da Vinci", Some("Leonardo"), Some("da Vinci")),
            ("Anne De Vries", Some("Anne"), Some("De Vries")),
            ("Van Morrison", Some("Van"), Some("Morrison")),
            ("Maria dos Santos", Some("Maria"), Some("dos Santos")),
        ];
        for (full, g, f) in cases {
            assert_eq!(split_name(full), parts(g, f), "{full:?}");
        }
    }
}
