//! The JSONPath Compliance Test Suite (jsonpath-standard/jsonpath-compliance-test-suite,
//! `cts.json`), read from `../shared/fixtures/jsonpath-cts.json` when it is there. Every case
//! must pass: valid selectors give exactly the expected nodes (in one of the allowed orders)
//! and normalized paths, invalid ones are refused with `ERR_JSONPATH_SYNTAX`.

use serde_json::Value;
use social_crm_bridge::jsondoc::{Doc, Node};
use social_crm_bridge::jsonpath::Json;
use social_crm_bridge::jsonpath::JsonPath;
use std::path::Path;

fn run_case(case: &Value) -> Result<(), String> {
    let selector = case["selector"]
        .as_str()
        .ok_or("selector is not a string")?;
    let parsed = JsonPath::parse(selector);
    if case.get("invalid_selector").is_some() {
        return match parsed {
            Err(err) if err.code() == "ERR_JSONPATH_SYNTAX" => Ok(()),
            Err(err) => Err(format!("wrong error {err:?}")),
            Ok(_) => Err("accepted an invalid selector".into()),
        };
    }
    let path = parsed.map_err(|err| format!("refused a valid selector: {err}"))?;
    // `result`/`result_paths`, or `results`/`results_paths`: any one of several orders.
    let expected: Vec<(&Value, Option<&Value>)> = match case.get("result") {
        Some(result) => vec![(result, case.get("result_paths"))],
        None => {
            let results = case["results"].as_array().ok_or("no result")?;
            let paths = case.get("results_paths").and_then(Value::as_array);
            results
                .iter()
                .enumerate()
                .map(|(i, r)| (r, paths.and_then(|p| p.get(i))))
                .collect()
        }
    };
    let document = &case["document"];
    check(&path, document, |v| v.clone(), &expected)?;
    // The same query on the document read in place from its text (what the mapping engine
    // runs on), through the same evaluator.
    let text = serde_json::to_vec(document).map_err(|e| e.to_string())?;
    let doc = Doc::parse(&text).map_err(|e| format!("the document did not parse: {e}"))?;
    let root = doc.root().ok_or("empty document")?;
    check(&path, root, Node::to_value, &expected).map_err(|e| format!("in place: {e}"))
}

fn check<'v, N: Json<'v>>(
    path: &JsonPath,
    root: N,
    to_value: impl Fn(N) -> Value,
    expected: &[(&Value, Option<&Value>)],
) -> Result<(), String> {
    let located = path.select_located(root);
    let values: Vec<Value> = located.iter().map(|(_, v)| to_value(*v)).collect();
    let paths: Vec<Value> = located
        .iter()
        .map(|(at, _)| Value::String(at.to_normalized()))
        .collect();
    let plain: Vec<Value> = path.select(root).into_iter().map(&to_value).collect();
    if plain != values {
        return Err("select and select_located disagree".into());
    }
    let got = (Value::Array(values), Value::Array(paths));
    let ok = expected.iter().any(|(result, result_paths)| {
        **result == got.0 && result_paths.is_none_or(|p| *p == got.1)
    });
    if ok {
        Ok(())
    } else {
        Err(format!("got {} at {}", got.0, got.1))
    }
}

#[test]
fn compliance_test_suite() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/jsonpath-cts.json");
    let Ok(text) = std::fs::read_to_string(&file) else {
        println!(
            "skipped: {} is absent. Get cts.json from the jsonpath-standard/\
             jsonpath-compliance-test-suite project and put it there to run the suite.",
            file.display()
        );
        return;
    };
    let suite: Value = serde_json::from_str(&text).expect("the suite is JSON");
    let cases = suite["tests"].as_array().expect("the suite has tests");
    let mut failures = Vec::new();
    for case in cases {
        if let Err(problem) = run_case(case) {
            failures.push(format!(
                "{} {:?}: {problem}",
                case["name"], case["selector"]
            ));
        }
    }
    println!(
        "JSONPath compliance: {} of {} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
