//! The document parser against serde_json, the reference: every value serde_json writes
//! (compact or pretty) reads back the same, and on arbitrary or damaged texts the parser
//! accepts exactly what `serde_json::from_slice::<Value>` accepts, with the same value and an
//! error on the same line.

use proptest::prelude::*;
use serde_json::{Map, Value};
use social_crm_bridge::jsondoc::Doc;

/// Characters that stress escaping and UTF-8: quotes, backslashes, control characters,
/// DEL, two-, three- and four-byte characters, and a slash.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\u{0}'),
        Just('\u{1f}'),
        Just('\n'),
        Just('\u{7f}'),
        Just('é'),
        Just('\u{2028}'),
        Just('\u{ffff}'),
        Just('😀'),
        Just('a'),
    ];
    prop_oneof![
        prop::collection::vec(tricky, 0..8).prop_map(|cs| cs.into_iter().collect()),
        any::<String>(),
        "[a-c]{0,3}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
        Just(Value::from(0.0)),
        Just(Value::from(-0.0)),
        Just(Value::from(f64::MAX)),
        Just(Value::from(f64::MIN_POSITIVE)),
        (-1e6f64..1e6).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// `value` inside `depth` arrays or objects, alternating as `shape` says.
fn nest(mut value: Value, depth: usize, shape: u64) -> Value {
    for level in 0..depth {
        value = if shape >> (level % 64) & 1 == 0 {
            Value::Array(vec![value])
        } else {
            Value::Object(Map::from_iter([("k".to_owned(), value)]))
        };
    }
    value
}

fn ours(text: &[u8]) -> Result<Value, social_crm_bridge::jsondoc::ParseError> {
    Doc::parse(text).map(|doc| doc.root().map_or(Value::Null, |root| root.to_value()))
}

/// Equal, except that serde_json (without its `float_roundtrip` feature) may read a float a few
/// units in the last place off, where ours rounds correctly.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x != y => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON,
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, a), (l, b))| k == l && close(a, b))
        }
        _ => a == b,
    }
}

/// Both accept with equal values, or both refuse with the error on the same line.
fn agrees(text: &[u8]) -> Result<(), TestCaseError> {
    let theirs = serde_json::from_slice::<Value>(text);
    match (ours(text), theirs) {
        (Ok(a), Ok(b)) => prop_assert!(close(&a, &b), "{:?} / {:?}", a, b),
        // Ours is at the offending byte. serde_json gives the column of the last byte it
        // consumed: column 0 of the next line when that byte is a newline (in a string, a
        // control character), and the end of a `\uXXXX` group, which it reads whole, when one
        // of those four bytes is wrong (a newline among them moves it down a line or more).
        (Err(a), Err(b)) => prop_assert!(
            a.line == b.line()
                || (b.column() == 0 && a.line + 1 == b.line())
                || (a.message == "invalid escape" && a.line < b.line() && b.line() <= a.line + 4),
            "{} / {}",
            a,
            b
        ),
        (a, b) => prop_assert!(
            false,
            "{:?}: ours {:?}, serde_json {:?}",
            String::from_utf8_lossy(text),
            a,
            b
        ),
    }
    Ok(())
}

/// Bytes of JSON's grammar (and a few outside it), so damaged texts stay close to JSON.
fn json_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b"[]{}\",:\\/ \n\t\r0123456789.-+eEtrufalsn\x00\x1f\x7f".to_vec()),
        1 => any::<u8>(),
    ]
}

#[derive(Debug, Clone)]
enum Damage {
    Replace(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Truncate(prop::sample::Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<prop::sample::Index>(), json_byte()).prop_map(|(i, b)| Damage::Replace(i, b)),
        (any::<prop::sample::Index>(), json_byte()).prop_map(|(i, b)| Damage::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Damage::Delete),
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    match damage {
        Damage::Replace(i, b) => {
            let i = i.index(bytes.len());
            bytes[i] = *b;
        }
        Damage::Insert(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
        Damage::Delete(i) => {
            bytes.remove(i.index(bytes.len()));
        }
        Damage::Truncate(i) => bytes.truncate(i.index(bytes.len())),
    }
    bytes
}

#[test]
fn chosen_texts_agree_with_serde_json_on_accepting_and_on_the_line() {
    for text in [
        "",
        " ",
        "[",
        "]",
        "{",
        "}",
        "[1,]",
        "[,1]",
        "{,}",
        "{\"a\"}",
        "{\"a\":}",
        "\"\\u\"",
        "\"\\ud800\\\"",
        "\"\\ud800\\n\"",
        "\"\\uDBFF\\uDFFF\"",
        "1.5e-400",
        "1e308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "179769313486231570000e288",
        "-",
        "-0.0e-0",
        "00",
        "1.",
        ".1",
        "+1",
        "1e",
        "\u{feff}1",
        "\x0c1",
        "[1]\n\n x",
        "nan",
        "Infinity",
        "[true,false,null]",
        "{\"a\":{\"b\":[{}]}}",
        "\"\u{7f}\"",
    ] {
        agrees(text.as_bytes()).unwrap();
    }
    let long_int = "9".repeat(400);
    agrees(long_int.as_bytes()).unwrap();
    agrees(format!("{long_int}e-100").as_bytes()).unwrap();
    agrees(format!("{long_int}e-120").as_bytes()).unwrap();
    agrees(format!("0.{long_int}e309").as_bytes()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_serde_json_writes_reads_back_the_same(value in json()) {
        let compact = serde_json::to_vec(&value).unwrap();
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        // Floats read back exactly too: serde_json writes the shortest text that rounds to
        // the same float, and ours reads it with correct rounding.
        prop_assert_eq!(&ours(&compact).unwrap(), &value);
        prop_assert_eq!(&ours(&pretty).unwrap(), &value);
    }

    #[test]
    fn deep_nests_read_back_and_stop_where_serde_json_does(
        value in json(),
        depth in 100usize..140,
        shape in any::<u64>(),
    ) {
        let nested = nest(value, depth, shape);
        let text = serde_json::to_vec(&nested).unwrap();
        agrees(&text)?;
        let pretty = serde_json::to_vec_pretty(&nested).unwrap();
        agrees(&pretty)?;
    }

    #[test]
    fn arbitrary_bytes_are_accepted_exactly_when_serde_json_accepts(
        bytes in prop::collection::vec(json_byte(), 0..48),
    ) {
        agrees(&bytes)?;
    }

    #[test]
    fn damaged_texts_are_accepted_exactly_when_serde_json_accepts(
        value in json(),
        pretty in any::<bool>(),
        damages in prop::collection::vec(damage(), 1..3),
    ) {
        let mut text = if pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        };
        for d in &damages {
            text = apply(text, d);
        }
        agrees(&text)?;
    }
}
