//! JSONPath invariants over arbitrary input: parsing and selecting never panic, errors point
//! inside the expression, and located results agree with plain ones and lead back to their
//! nodes.

use proptest::prelude::*;
use serde_json::Value;
use social_crm_bridge::jsonpath::JsonPath;
use social_crm_bridge::Error;

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-c]{0,3}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-c]{1,2}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Fragments of the grammar, so that generated expressions often parse and reach evaluation.
fn expression() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(".a".to_owned()),
        Just("..b".to_owned()),
        Just("[*]".to_owned()),
        Just("[0]".to_owned()),
        Just("[-1]".to_owned()),
        Just("[1:]".to_owned()),
        Just("[::-1]".to_owned()),
        Just("['c', 0]".to_owned()),
        Just("[?@.a]".to_owned()),
        Just("[?@.a == 1]".to_owned()),
        Just("[?@ < 'b' || !@.c]".to_owned()),
        Just("[?length(@) > 1]".to_owned()),
        Just("[?count(@.*) == 2]".to_owned()),
        Just("[?match(@, 'a.*')]".to_owned()),
        Just("[?search(@, $.a)]".to_owned()),
        Just("[?value(@..a) != null]".to_owned()),
        "[ -~]{0,4}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|parts| format!("${}", parts.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,40}") {
        if let Err(err) = JsonPath::parse(&text) {
            let Error::JsonPathSyntax { offset, .. } = err else { panic!("{err:?}") };
            prop_assert!(offset <= text.chars().count());
        }
    }

    #[test]
    fn queries_never_panic_and_locations_lead_back(text in expression(), doc in json()) {
        let Ok(path) = JsonPath::parse(&text) else { return Ok(()) };
        let plain = path.select(&doc);
        let located = path.select_located(&doc);
        prop_assert_eq!(plain.len(), located.len());
        for ((at, value), same) in located.iter().zip(&plain) {
            prop_assert!(std::ptr::eq(*value, *same));
            prop_assert_eq!(doc.pointer(&at.to_pointer()), Some(*value));
            // A normalized path is itself a singular query for the same node.
            let back = JsonPath::parse(&at.to_normalized()).expect("normalized paths parse");
            prop_assert!(back.is_singular());
            prop_assert_eq!(back.select(&doc), vec![*value]);
        }
        prop_assert_eq!(path.select_first(&doc), plain.first().copied());
        if path.is_singular() {
            prop_assert!(plain.len() <= 1);
        }
    }
}
