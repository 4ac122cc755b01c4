//! Our own JSONPath vectors (`tests/vectors/jsonpath.json`), which always run; the JS layer
//! runs the same file through the npm package.

use serde_json::Value;
use social_crm_bridge::jsonpath::JsonPath;
use social_crm_bridge::Error;
use std::path::Path;

#[test]
fn jsonpath_vectors() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/jsonpath.json");
    let text = std::fs::read_to_string(file).expect("tests/vectors/jsonpath.json");
    let vectors: Value = serde_json::from_str(&text).expect("the vectors are JSON");
    let cases = vectors["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let expression = case["expression"].as_str().expect("expression");
        let parsed = JsonPath::parse(expression);
        if case["invalid"] == Value::Bool(true) {
            match parsed {
                Err(Error::JsonPathSyntax { offset, .. }) => {
                    if let Some(expected) = case["offset"].as_u64() {
                        assert_eq!(offset as u64, expected, "{name}");
                    }
                }
                other => panic!("{name}: expected a syntax error, got {other:?}"),
            }
            continue;
        }
        let path = parsed.unwrap_or_else(|err| panic!("{name}: {err}"));
        let found = path.select_located(&case["document"]);
        let values: Vec<&Value> = found.iter().map(|(_, v)| *v).collect();
        let expected: Vec<&Value> = case["values"].as_array().expect("values").iter().collect();
        assert_eq!(values, expected, "{name}");
        assert_eq!(path.select(&case["document"]), expected, "{name}");
        if let Some(paths) = case["paths"].as_array() {
            let got: Vec<String> = found.iter().map(|(at, _)| at.to_normalized()).collect();
            let want: Vec<&str> = paths.iter().map(|p| p.as_str().expect("path")).collect();
            assert_eq!(got, want, "{name}");
        }
    }
}
