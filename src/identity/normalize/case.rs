//! Compact case mapping and letter tests for the scripts contact names are written in. The
//! standard library's full Unicode tables cost about 20 KiB of gzip in the wasm; these ranges
//! cover Latin (with Latin-1, Extended-A, the Extended-B letters of Romanian, Vietnamese and
//! pinyin, and Extended Additional), Greek, Cyrillic and Armenian, and leave other scripts
//! (which have no case, or are rare in contact data) unchanged.

/// The lowercase of `c` within the covered scripts; `c` itself elsewhere.
pub(super) fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let code = u32::from(c);
    let even_pair = |start: u32, end: u32| (start..=end).contains(&code) && code % 2 == 0;
    let odd_pair = |start: u32, end: u32| (start..=end).contains(&code) && code % 2 == 1;
    let mapped = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => code + 32,
        0x130 => 0x69, // İ: the dot is dropped by folding anyway
        0x178 => 0xFF,
        0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => code + 32,
        0x386 => 0x3AC,
        0x388..=0x38A => code + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => code + 63,
        0x400..=0x40F => code + 80,
        0x531..=0x556 => code + 48,
        _ if even_pair(0x100, 0x137)
            || even_pair(0x14A, 0x177)
            || even_pair(0x1A0, 0x1A4)
            || even_pair(0x1DE, 0x1EF)
            || even_pair(0x1F8, 0x21F)
            || even_pair(0x222, 0x233)
            || even_pair(0x3D8, 0x3EF)
            || even_pair(0x460, 0x481)
            || even_pair(0x48A, 0x4BF)
            || even_pair(0x4D0, 0x52F)
            || even_pair(0x1E00, 0x1E95)
            || even_pair(0x1EA0, 0x1EFF) =>
        {
            code + 1
        }
        _ if odd_pair(0x139, 0x148)
            || odd_pair(0x179, 0x17E)
            || odd_pair(0x1AF, 0x1B0)
            || odd_pair(0x1CD, 0x1DC)
            || odd_pair(0x4C1, 0x4CE) =>
        {
            code + 1
        }
        _ => code,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `s` lowercased with [`lower`].
pub(crate) fn lowercase(s: &str) -> String {
    // Most contact data is ASCII: a byte-wise copy is several times faster than mapping chars.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower).collect()
}

/// Whether `c` is part of a word: a letter or digit. ASCII is exact; outside ASCII every
/// character is a letter except spaces, controls and the punctuation and symbol blocks
/// (Latin-1 signs, general punctuation, arrows and symbols, CJK punctuation, full-width
/// signs, emoji, private use), which is what name folding needs to tell words apart.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(u32::from(c),
            0xA0..=0xBF
            | 0xD7
            | 0xF7
            | 0x2B9..=0x2FF
            | 0x37E
            | 0x387
            | 0x55A..=0x55F
            | 0x589..=0x58A
            | 0x5BE
            | 0x5C0
            | 0x5C3
            | 0x5F3..=0x5F4
            | 0x60C..=0x60D
            | 0x61B..=0x61F
            | 0x66A..=0x66D
            | 0x6D4
            | 0x964..=0x965
            | 0x2000..=0x206F
            | 0x20A0..=0x20CF
            | 0x2100..=0x214F
            | 0x2190..=0x2BFF
            | 0x2E00..=0x2E7F
            | 0x3000..=0x303F
            | 0x30FB
            | 0xE000..=0xF8FF
            | 0xFE10..=0xFE6F
            | 0xFF00..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0xFFF0..=0xFFFF
            | 0x1F000..=0x1FAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_lower(c: char) -> Option<char> {
        let std: Vec<char> = c.to_lowercase().collect();
        match std.as_slice() {
            [single] => Some(*single),
            _ => None,
        }
    }

    #[test]
    fn lower_agrees_with_the_standard_library_wherever_it_maps() {
        for code in 0..0x20000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if lower(c) != c && code != 0x130 {
                assert_eq!(Some(lower(c)), std_lower(c), "U+{code:04X} {c}");
            }
        }
        assert_eq!(lower('İ'), 'i');
    }

    #[test]
    fn lower_covers_the_name_scripts() {
        let ranges = [
            0x41..=0x5A,
            0xC0..=0xDE,
            0x100..=0x17F,
            0x386..=0x3AB,
            0x400..=0x42F,
            0x531..=0x556,
            0x1E00..=0x1E95,
            0x1EA0..=0x1EFF,
        ];
        for range in ranges {
            for code in range {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                if code != 0x130 {
                    assert_eq!(Some(lower(c)), std_lower(c), "U+{code:04X} {c}");
                }
            }
        }
        for (upper, want) in [
            ('Ș', 'ș'),
            ('Ț', 'ț'),
            ('Ơ', 'ơ'),
            ('Ư', 'ư'),
            ('Ǔ', 'ǔ'),
            ('Ѣ', 'ѣ'),
        ] {
            assert_eq!(lower(upper), want);
        }
    }

    #[test]
    fn words_and_separators() {
        for c in ['a', 'Z', '7', 'é', 'ß', 'ø', 'Ж', 'λ', '山', 'ا', 'ה', '한'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [
            ' ', '-', '.', '\'', '’', '“', '…', '·', '¿', '、', '。', '！', '😀', '\u{a0}', '×',
        ] {
            assert!(!is_word_char(c), "{c}");
        }
    }
}
