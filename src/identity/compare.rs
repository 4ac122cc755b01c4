//! The comparison functions behind the rules' levels: Jaro and Jaro-Winkler similarity,
//! Levenshtein distance, a phonetic code (American Soundex, chosen over Double Metaphone for
//! being small and exactly specified; it is applied to names already folded to ASCII-like
//! letters), date distance in days and numeric distance. Own code, allocation-light: these run
//! millions of times in a bulk dedupe.

use crate::calendar::{days_from_civil, days_in_month};

/// Jaro similarity in `[0, 1]` over Unicode scalar values.
pub fn jaro(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    // The greedy matching reads `a` left to right; a fixed order makes the result symmetric.
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    if a.is_ascii() && b.is_ascii() {
        // Names are nearly always ASCII once folded: compare bytes, no allocation.
        return jaro_units(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    jaro_units(&a, &b)
}

fn jaro_units<T: PartialEq + Copy>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Match flags live on the stack for names of up to 64 units (all real ones).
    let (mut a_buf, mut b_buf) = ([false; 64], [false; 64]);
    let (mut a_heap, mut b_heap) = (Vec::new(), Vec::new());
    let a_used: &mut [bool] = match a_buf.get_mut(..a.len()) {
        Some(s) => s,
        None => {
            a_heap.resize(a.len(), false);
            &mut a_heap
        }
    };
    let b_used: &mut [bool] = match b_buf.get_mut(..b.len()) {
        Some(s) => s,
        None => {
            b_heap.resize(b.len(), false);
            &mut b_heap
        }
    };
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut m = 0usize;
    for (i, (ca, a_flag)) in a.iter().zip(a_used.iter_mut()).enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (cb, used) in b.iter().zip(b_used.iter_mut()).take(hi).skip(lo) {
            if !*used && cb == ca {
                *used = true;
                *a_flag = true;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let a_matched = a
        .iter()
        .zip(a_used.iter())
        .filter(|(_, u)| **u)
        .map(|(c, _)| c);
    let b_matched = b
        .iter()
        .zip(b_used.iter())
        .filter(|(_, u)| **u)
        .map(|(c, _)| c);
    let half_transpositions = a_matched.zip(b_matched).filter(|(x, y)| x != y).count();
    let m = m as f64;
    let t = (half_transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Jaro-Winkler similarity: Jaro boosted by a common prefix of up to 4 characters, scaling
/// factor 0.1 (Winkler's values).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let j = jaro(a, b);
    let prefix = a
        .chars()
        .zip(b.chars())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    j + prefix * 0.1 * (1.0 - j)
}

/// Levenshtein edit distance (insertions, deletions, substitutions) over Unicode scalar values.
pub fn levenshtein(a: &str, b: &str) -> usize {
    if a == b {
        return 0;
    }
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        for (cb, above) in b.iter().zip(row.iter_mut().skip(1)) {
            let cost = usize::from(ca != *cb);
            let value = (diagonal + cost).min(*above + 1).min(left + 1);
            diagonal = *above;
            *above = value;
            left = value;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// American Soundex of the ASCII letters of `s` (others are skipped): the first letter and
/// three digits, e.g. `Robert` → `R163`. Empty when `s` has no ASCII letter.
pub fn soundex(s: &str) -> String {
    let code = soundex_code(s);
    if code == [0; 4] {
        return String::new();
    }
    code.iter().map(|&b| char::from(b)).collect()
}

/// [`soundex`] as four ASCII bytes, all zero when `s` has no ASCII letter; no allocation.
pub fn soundex_code(s: &str) -> [u8; 4] {
    fn digit(c: u8) -> u8 {
        match c {
            b'b' | b'f' | b'p' | b'v' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            b'h' | b'w' => b'h',
            _ => b'0',
        }
    }
    let mut letters = s
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase());
    let Some(first) = letters.next() else {
        return [0; 4];
    };
    let mut out = [first.to_ascii_uppercase(), b'0', b'0', b'0'];
    let mut n = 1;
    let mut last = digit(first);
    for c in letters {
        let d = digit(c);
        match d {
            // h and w do not separate two letters with the same code; vowels do.
            b'h' => continue,
            b'0' => last = b'0',
            d if d != last => {
                if let Some(slot) = out.get_mut(n) {
                    *slot = d;
                }
                n += 1;
                last = d;
                if n == 4 {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (a longer ISO 8601 timestamp is cut to its
/// date); `None` when it is not a valid calendar date.
pub fn days(date: &str) -> Option<i64> {
    let date = date.get(..10)?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Whether two `YYYY-MM-DD` dates are the same date with day and month swapped (a common
/// entry error between US and European forms).
pub fn day_month_swapped(a: &str, b: &str) -> bool {
    match (
        a.get(..4),
        a.get(5..7),
        a.get(8..10),
        b.get(..4),
        b.get(5..7),
        b.get(8..10),
    ) {
        (Some(ya), Some(ma), Some(da), Some(yb), Some(mb), Some(db)) => {
            ya == yb && ma == db && da == mb && ma != da
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.001
    }

    #[test]
    fn jaro_winkler_matches_the_published_values() {
        // Winkler (1990) and the usual textbook pairs.
        assert!(close(jaro("martha", "marhta"), 0.944));
        assert!(close(jaro_winkler("martha", "marhta"), 0.961));
        assert!(close(jaro_winkler("dwayne", "duane"), 0.840));
        assert!(close(jaro_winkler("dixon", "dicksonx"), 0.813));
        assert!(close(jaro("crate", "trace"), 0.733));
        assert_eq!(jaro_winkler("ada", "ada"), 1.0);
        assert_eq!(jaro_winkler("", "ada"), 0.0);
        assert_eq!(jaro_winkler("abc", "xyz"), 0.0);
        assert!(close(
            jaro_winkler("zoë", "zoe"),
            jaro_winkler("zoq", "zoe")
        ));
    }

    #[test]
    fn jaro_winkler_is_symmetric() {
        for (a, b) in [
            ("martha", "marhta"),
            ("dixon", "dicksonx"),
            ("ab", "ba"),
            ("a", ""),
        ] {
            assert_eq!(jaro_winkler(a, b), jaro_winkler(b, a));
        }
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("müller", "muller"), 1);
        assert_eq!(levenshtein("+447700900123", "+447700900132"), 2);
    }

    #[test]
    fn soundex_matches_the_standard_codes() {
        for (name, code) in [
            ("Robert", "R163"),
            ("Rupert", "R163"),
            ("Rubin", "R150"),
            ("Ashcraft", "A261"),
            ("Ashcroft", "A261"),
            ("Tymczak", "T522"),
            ("Pfister", "P236"),
            ("Honeyman", "H555"),
            ("Lee", "L000"),
        ] {
            assert_eq!(soundex(name), code, "{name}");
        }
        assert_eq!(soundex("42"), "");
    }

    #[test]
    fn dates_count_days_and_spot_swaps() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("1815-12-10T00:00:00Z"), Some(-56_270));
        assert_eq!(days("2023-02-29"), None);
        assert_eq!(days("1990-13-01"), None);
        assert_eq!(days("bad"), None);
        assert!(day_month_swapped("1990-04-07", "1990-07-04"));
        assert!(!day_month_swapped("1990-04-04", "1990-04-04"));
    }
}
