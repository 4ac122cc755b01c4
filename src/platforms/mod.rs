//! Built-in knowledge per platform: what each platform's deliveries look like, written as
//! mapping specs (the same language integrators write, `pkg-template/MAPPING.md`), and the
//! registry that lists them, hands out copies to edit, and picks one for a delivery.
//!
//! The specs are data (`mappings/*.json`, compiled into the crate with `include_str!`), so an
//! integrator can read and copy exactly what runs, and a fix to a platform's shape is a data
//! change reviewed like one.

pub mod normalize;

use serde::Serialize;
use serde_json::Value;

pub use normalize::Normalizer;

/// The built-in mappings, in detection order: the first whose `match` holds wins, so the more
/// specific shapes come before the ones they could be mistaken for (Messenger's and Lead Ads'
/// deliveries share `object: "page"` and differ by `messaging` vs `changes`).
const BUILTINS: &[(&str, &str)] = &[
    ("messenger", include_str!("mappings/messenger.json")),
    ("instagram", include_str!("mappings/instagram.json")),
    ("whatsapp", include_str!("mappings/whatsapp.json")),
    (
        "facebook-leadgen",
        include_str!("mappings/facebook-leadgen.json"),
    ),
    ("facebook-lead", include_str!("mappings/facebook-lead.json")),
    (
        "x-account-activity",
        include_str!("mappings/x-account-activity.json"),
    ),
    (
        "linkedin-lead-notification",
        include_str!("mappings/linkedin-lead-notification.json"),
    ),
    (
        "linkedin-lead-form-response",
        include_str!("mappings/linkedin-lead-form-response.json"),
    ),
    (
        "tiktok-business-messaging",
        include_str!("mappings/tiktok-business-messaging.json"),
    ),
    (
        "youtube-comment-threads",
        include_str!("mappings/youtube-comment-threads.json"),
    ),
];

/// One entry of [`builtin_mappings`]: enough to choose a mapping without reading its spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuiltinInfo {
    /// The name `builtinMapping(name)` and `extends` take.
    pub name: String,
    /// The `platform` its events carry.
    pub platform: String,
    /// The event kinds it produces, in rule order, `unknown` last.
    pub kinds: Vec<String>,
    /// What it covers and what it assumes.
    pub description: String,
}

/// The names of the built-in mappings, in detection order.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(name, _)| *name)
}

/// The built-in mappings, in detection order.
pub fn builtin_mappings() -> Vec<BuiltinInfo> {
    BUILTINS
        .iter()
        .filter_map(|(name, _)| builtin_mapping(name).map(|spec| info(name, &spec)))
        .collect()
}

/// A copy of the built-in mapping `name`'s spec, to read, copy and edit; `None` for a name
/// that is not built in.
pub fn builtin_mapping(name: &str) -> Option<Value> {
    let (_, text) = BUILTINS.iter().find(|(known, _)| *known == name)?;
    // The files are checked by the tests (every one parses and compiles), so `None` here
    // would be a build that skipped its tests; it reads as "not built in", never a panic.
    serde_json::from_str(text).ok()
}

/// The list entry for a spec: kinds are read from the rules themselves (a literal `kind`,
/// or the values of a `map` table that computes it), so the list cannot drift from the data.
fn info(name: &str, spec: &Value) -> BuiltinInfo {
    let text = |key: &str| {
        spec.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut kinds: Vec<String> = Vec::new();
    let mut add = |kind: &Value| {
        if let Some(kind) = kind.as_str() {
            if !kinds.iter().any(|known| known == kind) {
                kinds.push(kind.to_owned());
            }
        }
    };
    let rules = spec.get("records").and_then(Value::as_array);
    for rule in rules.into_iter().flatten() {
        let Some(kind) = rule.pointer("/fields/kind") else {
            continue;
        };
        if let Some(literal) = kind.get("value") {
            add(literal);
        }
        let steps = kind.get("pipe").and_then(Value::as_array);
        for step in steps.into_iter().flatten() {
            if let Some(map) = step.get("map") {
                let table = map.get("table").and_then(Value::as_object);
                table.into_iter().flatten().for_each(|(_, to)| add(to));
                if let Some(fallback) = map.get("fallback") {
                    add(fallback);
                }
            }
        }
    }
    add(&Value::from("unknown"));
    BuiltinInfo {
        name: name.to_owned(),
        platform: text("platform"),
        kinds,
        description: text("description"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_is_named_after_its_file_and_lists_its_kinds() {
        let list = builtin_mappings();
        assert_eq!(list.len(), BUILTINS.len());
        for entry in &list {
            let spec = builtin_mapping(&entry.name).unwrap();
            assert_eq!(spec["name"], entry.name.as_str());
            assert!(!entry.platform.is_empty(), "{}", entry.name);
            assert!(!entry.description.is_empty(), "{}", entry.name);
            assert_eq!(entry.kinds.last().map(String::as_str), Some("unknown"));
        }
        let whatsapp = list.iter().find(|e| e.name == "whatsapp").unwrap();
        for kind in ["message", "reaction", "sent", "delivery", "read", "failed"] {
            assert!(whatsapp.kinds.iter().any(|k| k == kind), "{kind}");
        }
        assert!(builtin_mapping("myspace").is_none());
    }

    #[test]
    fn every_builtin_compiles_without_a_problem() {
        for name in builtin_names() {
            let spec = builtin_mapping(name).unwrap();
            let problems = crate::mapping::validate(&spec, &builtin_mapping);
            let listed: Vec<String> = problems
                .iter()
                .map(|p| format!("{} {} {}", p.code.as_str(), p.path, p.message))
                .collect();
            assert!(listed.is_empty(), "{name}:\n{}", listed.join("\n"));
        }
    }

    #[test]
    fn every_rule_has_an_id_unique_in_its_spec() {
        for name in builtin_names() {
            let spec = builtin_mapping(name).unwrap();
            let mut ids: Vec<&str> = spec["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|rule| rule["id"].as_str().unwrap())
                .collect();
            let count = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), count, "{name}");
        }
    }
}
