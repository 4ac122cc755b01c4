//! Property tests of the normalisers: total on any input (no panic), and canonical forms are
//! fixed points, so normalising twice never changes a stored value.

use proptest::prelude::*;
use social_crm_bridge::identity::normalize::{
    canonical_email, e164, fold_name, identity_key, is_junk, split_name,
};

/// Text that looks like contact data often enough to reach the interesting branches.
fn contactish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ +()0-9.-]{0,24}",
        "[+]?[0-9 ]{6,18}( ?(x|ext\\.?|#) ?[0-9]{1,4})?",
        "[A-Za-z0-9._+-]{1,12}@[A-Za-z0-9-]{1,10}\\.[A-Za-z]{2,4}",
        "[A-Za-zÀ-ÿĀ-ſ ,.'-]{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn emails_are_fixed_points(s in contactish()) {
        if let Some(email) = canonical_email(&s) {
            prop_assert_eq!(canonical_email(&email), Some(email.clone()));
            prop_assert!(!is_junk(&email));
        }
    }

    #[test]
    fn phones_are_fixed_points(s in contactish(), region in prop::sample::select(vec![None, Some("GB"), Some("US"), Some("DE"), Some("AR"), Some("JP")])) {
        if let Some(phone) = e164(&s, region) {
            prop_assert!(phone.starts_with('+'));
            prop_assert!(phone.len() <= 16 && phone.bytes().skip(1).all(|b| b.is_ascii_digit()), "{}", phone);
            prop_assert_eq!(e164(&phone, None), Some(phone.clone()));
        }
    }

    #[test]
    fn folding_is_idempotent_and_names_split_without_loss(s in contactish()) {
        let folded = fold_name(&s);
        prop_assert_eq!(fold_name(&folded), folded.clone());
        prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
        let parts = split_name(&s);
        for part in [parts.given, parts.family].into_iter().flatten() {
            prop_assert!(!part.is_empty() && part.trim() == part);
        }
        let _ = is_junk(&s);
    }

    #[test]
    fn identity_keys_are_injective(a in any::<(String, String, String)>(), b in any::<(String, String, String)>()) {
        let key = |(p, s, i): &(String, String, String)| identity_key(p, s, i);
        let same = a.0.trim().eq_ignore_ascii_case(b.0.trim()) && a.1 == b.1 && a.2 == b.2;
        prop_assert_eq!(key(&a) == key(&b), same);
    }
}
