//! The compact numbering table behind [`super::e164`]: per region the country calling code,
//! trunk (national) prefix, international call prefix and national significant number lengths,
//! plus the list of every assigned calling code. Lengths cover fixed and mobile numbers; the
//! table does not check number ranges within a length (that is what a megabyte of metadata
//! buys), so a well-formed but unassigned number passes.

/// One region's dialling plan.
#[derive(Debug, Clone, Copy)]
pub(super) struct Region {
    /// ISO 3166-1 alpha-2, upper case.
    pub iso: &'static str,
    /// Country calling code.
    pub cc: u16,
    /// Digits dialled before a national number inside the region (`0`, `1` in NANP, `8` in
    /// Russia, `06` in Hungary); empty where there is none or it is part of the number (Italy).
    pub trunk: &'static str,
    /// Prefix for dialling out of the region (`00`, `011`, `0011`, `010`, `810`).
    pub intl: &'static str,
    /// Shortest national significant number.
    pub min: u8,
    /// Longest national significant number.
    pub max: u8,
}

const fn r(
    iso: &'static str,
    cc: u16,
    trunk: &'static str,
    intl: &'static str,
    min: u8,
    max: u8,
) -> Region {
    Region {
        iso,
        cc,
        trunk,
        intl,
        min,
        max,
    }
}

/// Regions a default region can name. The first region with a calling code is its main one
/// (lengths for international numbers).
pub(super) const REGIONS: &[Region] = &[
    r("US", 1, "1", "011", 10, 10),
    r("CA", 1, "1", "011", 10, 10),
    r("PR", 1, "1", "011", 10, 10),
    r("JM", 1, "1", "011", 10, 10),
    r("DO", 1, "1", "011", 10, 10),
    r("TT", 1, "1", "011", 10, 10),
    r("BS", 1, "1", "011", 10, 10),
    r("BB", 1, "1", "011", 10, 10),
    r("RU", 7, "8", "810", 10, 10),
    r("KZ", 7, "8", "810", 10, 10),
    r("EG", 20, "0", "00", 8, 10),
    r("ZA", 27, "0", "00", 9, 9),
    r("GR", 30, "", "00", 10, 10),
    r("NL", 31, "0", "00", 9, 10),
    r("BE", 32, "0", "00", 8, 9),
    r("FR", 33, "0", "00", 9, 9),
    r("ES", 34, "", "00", 9, 9),
    r("HU", 36, "06", "00", 8, 9),
    r("IT", 39, "", "00", 6, 11),
    r("RO", 40, "0", "00", 9, 9),
    r("CH", 41, "0", "00", 9, 9),
    r("AT", 43, "0", "00", 4, 13),
    r("GB", 44, "0", "00", 7, 10),
    r("DK", 45, "", "00", 8, 8),
    r("SE", 46, "0", "00", 6, 10),
    r("NO", 47, "", "00", 5, 8),
    r("PL", 48, "", "00", 9, 9),
    r("DE", 49, "0", "00", 5, 13),
    r("PE", 51, "0", "00", 8, 9),
    r("MX", 52, "", "00", 10, 10),
    r("AR", 54, "0", "00", 10, 11),
    r("BR", 55, "0", "00", 10, 11),
    r("CL", 56, "", "00", 9, 9),
    r("CO", 57, "", "00", 10, 10),
    r("VE", 58, "0", "00", 10, 10),
    r("MY", 60, "0", "00", 8, 10),
    r("AU", 61, "0", "0011", 9, 9),
    r("ID", 62, "0", "001", 8, 12),
    r("PH", 63, "0", "00", 8, 10),
    r("NZ", 64, "0", "00", 8, 10),
    r("SG", 65, "", "000", 8, 8),
    r("TH", 66, "0", "001", 8, 9),
    r("JP", 81, "0", "010", 9, 10),
    r("KR", 82, "0", "001", 8, 10),
    r("VN", 84, "0", "00", 9, 10),
    r("CN", 86, "0", "00", 7, 11),
    r("TR", 90, "0", "00", 10, 10),
    r("IN", 91, "0", "00", 10, 10),
    r("PK", 92, "0", "00", 9, 10),
    r("MA", 212, "0", "00", 9, 9),
    r("DZ", 213, "0", "00", 8, 9),
    r("TN", 216, "", "00", 8, 8),
    r("GH", 233, "0", "00", 9, 9),
    r("NG", 234, "0", "009", 8, 10),
    r("KE", 254, "0", "000", 9, 9),
    r("TZ", 255, "0", "000", 9, 9),
    r("UG", 256, "0", "000", 9, 9),
    r("PT", 351, "", "00", 9, 9),
    r("LU", 352, "", "00", 4, 11),
    r("IE", 353, "0", "00", 7, 10),
    r("IS", 354, "", "00", 7, 9),
    r("MT", 356, "", "00", 8, 8),
    r("CY", 357, "", "00", 8, 8),
    r("FI", 358, "0", "00", 5, 12),
    r("BG", 359, "0", "00", 6, 9),
    r("LT", 370, "0", "00", 8, 8),
    r("LV", 371, "", "00", 8, 8),
    r("EE", 372, "", "00", 7, 8),
    r("UA", 380, "0", "00", 9, 9),
    r("RS", 381, "0", "00", 6, 12),
    r("HR", 385, "0", "00", 8, 9),
    r("SI", 386, "0", "00", 8, 8),
    r("CZ", 420, "", "00", 9, 9),
    r("SK", 421, "0", "00", 9, 9),
    r("HK", 852, "", "001", 8, 8),
    r("TW", 886, "0", "002", 8, 9),
    r("BD", 880, "0", "00", 8, 10),
    r("LB", 961, "0", "00", 7, 8),
    r("JO", 962, "0", "00", 8, 9),
    r("SA", 966, "0", "00", 8, 9),
    r("AE", 971, "0", "00", 8, 9),
    r("IL", 972, "0", "00", 8, 9),
    r("QA", 974, "", "00", 8, 8),
];

/// Every assigned country calling code (ITU-T E.164 list), including the shared and global
/// service codes. Calling codes are prefix-free, so at most one matches a number's start.
pub(super) const CALLING_CODES: &[u16] = &[
    1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
    55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211,
    212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234,
    235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253,
    254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298,
    299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377,
    378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506,
    507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676,
    677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808, 850, 852,
    853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965, 966, 967,
    968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998,
];

/// The region named by an ISO code, any case.
pub(super) fn region(iso: &str) -> Option<&'static Region> {
    let iso = iso.trim();
    REGIONS.iter().find(|r| r.iso.eq_ignore_ascii_case(iso))
}

/// The main region of a calling code, when the table has one.
pub(super) fn main_region(cc: u16) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.cc == cc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for r in REGIONS {
            assert!(CALLING_CODES.contains(&r.cc), "{}", r.iso);
            assert!(r.min <= r.max && r.min >= 4, "{}", r.iso);
            let cc_digits = r.cc.to_string().len() as u8;
            assert!(
                cc_digits + r.max <= 15,
                "{} exceeds E.164's 15 digits",
                r.iso
            );
            assert_eq!(
                REGIONS.iter().filter(|o| o.iso == r.iso).count(),
                1,
                "{}",
                r.iso
            );
        }
        // Prefix-free: no code is the start of another.
        for a in CALLING_CODES {
            for b in CALLING_CODES {
                let (sa, sb) = (a.to_string(), b.to_string());
                assert!(a == b || !sb.starts_with(&sa), "{a} is a prefix of {b}");
            }
        }
    }
}
