//! The merge vectors in `tests/vectors/merge/` (written for this project): each file holds
//! observations, a policy and the expected result, checked here natively and by
//! `tests/js/merge.test.mjs` through the package, so both give the same golden record.

use serde_json::Value;
use social_crm_bridge::merge::merge_json;
use std::fs;

#[test]
fn merge_vectors_give_the_expected_result() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/merge");
    let mut checked = 0;
    for entry in fs::read_dir(dir).expect("tests/vectors/merge exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let vector: Value = serde_json::from_str(&fs::read_to_string(&path).expect("readable"))
            .expect("valid JSON");
        let result = merge_json(&vector["observations"], Some(&vector["policy"]))
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let got = serde_json::to_value(&result).expect("serialises");
        assert_eq!(got, vector["expected"], "{}", path.display());
        // Reversed input order: the same record.
        let mut reversed = vector["observations"].clone();
        if let Some(list) = reversed.as_array_mut() {
            list.reverse();
        }
        let again = merge_json(&reversed, Some(&vector["policy"])).expect("valid");
        assert_eq!(
            serde_json::to_value(&again).expect("serialises"),
            vector["expected"]
        );
        checked += 1;
    }
    assert!(checked > 0, "no merge vectors found");
}
