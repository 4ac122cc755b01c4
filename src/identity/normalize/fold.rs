//! Name folding: the form in which two spellings of one name compare equal (`José-María
//! Núñez` and `jose maria nunez`). A compact table instead of full Unicode decomposition: it
//! covers the Latin letters of European, Vietnamese and pinyin names, and removes combining
//! marks so that already-decomposed input folds the same way.

use super::case::{is_word_char, lower};

/// Base letters of U+0100..=U+017F (Latin Extended-A), one per code point; `*` marks the
/// ligatures handled in [`fold_char`] (`ĳ`, `œ`).
const LATIN_EXT_A: &[u8; 128] =
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Vietnamese letters with two marks (U+1EA0..=U+1EF9) as (first code point, base letter):
/// each run lasts until the next.
const VIETNAMESE: &[(u32, char)] = &[
    (0x1EA0, 'a'),
    (0x1EB8, 'e'),
    (0x1EC8, 'i'),
    (0x1ECC, 'o'),
    (0x1EE4, 'u'),
    (0x1EF2, 'y'),
    (0x1EFA, '\0'),
];

/// `s` lowercased (Latin, Greek, Cyrillic, Armenian; see `case`), diacritics folded (`é`→`e`, `ß`→`ss`, `ø`→`o`, `å`→`a`, `ł`→`l`,
/// `æ`→`ae`, `ș`→`s`, `ệ`→`e`), apostrophes removed (`O'Brien`→`obrien`), every other
/// character that is not a letter or digit turned into a space, and whitespace collapsed to
/// single spaces with none at either end. Letters outside the table (Greek, Cyrillic, CJK, …)
/// are lowercased and kept.
#[inline(never)]
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().map(lower) {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´') {
            continue;
        }
        if !is_word_char(c) {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        fold_char(c, &mut out);
    }
    out
}

fn fold_char(c: char, out: &mut String) {
    let code = u32::from(c);
    let base = match code {
        0xDF => return out.push_str("ss"),
        0xE6 => return out.push_str("ae"),
        0xFE => return out.push_str("th"),
        0x133 => return out.push_str("ij"),
        0x153 => return out.push_str("oe"),
        0xE0..=0xE5 => 'a',
        0xE7 => 'c',
        0xE8..=0xEB => 'e',
        0xEC..=0xEF => 'i',
        0xF0 => 'd',
        0xF1 => 'n',
        0xF2..=0xF6 | 0xF8 => 'o',
        0xF9..=0xFC => 'u',
        0xFD | 0xFF => 'y',
        0x100..=0x17F => code
            .checked_sub(0x100)
            .and_then(|i| LATIN_EXT_A.get(i as usize))
            .map_or(c, |&b| char::from(b)),
        0x1A1 => 'o',
        0x1B0 => 'u',
        0x1CE => 'a',
        0x1D0 => 'i',
        0x1D2 => 'o',
        0x1D4..=0x1DC => 'u',
        0x219 => 's',
        0x21B => 't',
        0x1EA0..=0x1EF9 => VIETNAMESE
            .iter()
            .take_while(|(start, _)| *start <= code)
            .last()
            .map_or(c, |&(_, base)| base),
        0x3C2 => 'σ',
        0x451 => 'е',
        _ => c,
    };
    out.push(base);
}

/// Combining diacritical marks (U+0300..=U+036F and the supplement U+1DC0..=U+1DFF), which
/// decomposed input (`e` + U+0301) carries.
fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x36F | 0x1DC0..=0x1DFF)
}

#[cfg(test)]
mod tests {
    use super::fold_name as f;

    #[test]
    fn folds_diacritics() {
        let cases = [
            ("José", "jose"),
            ("Ångström", "angstrom"),
            ("Straße", "strasse"),
            ("Søren Kierkegaard", "soren kierkegaard"),
            ("Łukasz Żółć", "lukasz zolc"),
            ("Dvořák", "dvorak"),
            ("Ægir Þórsson", "aegir thorsson"),
            ("Œuvre", "oeuvre"),
            ("Ĳssel", "ijssel"),
            ("Ștefan Țiriac", "stefan tiriac"),
            ("Nguyễn Thị Ánh", "nguyen thi anh"),
            ("Trần Hưng Đạo", "tran hung dao"),
            ("Lǚ Bù", "lu bu"),
            (
                "François Müller-Lüdenscheidt",
                "francois muller ludenscheidt",
            ),
            ("İstanbul Ilık", "istanbul ilik"),
            ("Ñandú", "nandu"),
        ];
        for (input, want) in cases {
            assert_eq!(f(input), want, "{input}");
        }
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        assert_eq!(f("Jose\u{301}"), f("José"));
        assert_eq!(f("A\u{30a}sa"), "asa");
    }

    #[test]
    fn punctuation_and_whitespace() {
        assert_eq!(f("  O'Brien,   Conan  "), "obrien conan");
        assert_eq!(f("D’Angelo"), "dangelo");
        assert_eq!(f("J.R.R. Tolkien"), "j r r tolkien");
        assert_eq!(f("Jean-Pierre\t\nRampal"), "jean pierre rampal");
        assert_eq!(f("Ada (Countess) Lovelace!"), "ada countess lovelace");
        assert_eq!(f("!!!"), "");
        assert_eq!(f(""), "");
    }

    #[test]
    fn other_scripts_are_lowercased_and_kept() {
        assert_eq!(f("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
        assert_eq!(f("Пётр Ильич"), "петр ильич");
        assert_eq!(f("山田 太郎"), "山田 太郎");
        assert_eq!(f("R2-D2"), "r2 d2");
    }
}
