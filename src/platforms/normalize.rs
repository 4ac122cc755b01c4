//! `normalizeEvent`: detect which platform object a delivery is, run its built-in (or
//! overridden) mapping, and return `SocialEvent`s in the order their items appear in the body.
//!
//! Nothing is dropped: an item no rule maps comes back as `kind: "unknown"` (the mappings'
//! `coverage`), and so does a body that a mapping recognises but produces nothing for, or that
//! no mapping recognises at all (`source: ""`, the whole body).

use super::{builtin_mapping, builtin_names};
use crate::error::Error;
use crate::jsondoc::{Doc, Kind, Node};
use crate::mapping::Mapping;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// A set of compiled mappings in detection order: the built-ins, with per-account overrides in
/// place of the built-ins they extend and standalone mappings ahead of all of them.
#[derive(Debug)]
pub struct Normalizer {
    mappings: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    /// The built-in's name, or the standalone mapping's own.
    name: String,
    platform: String,
    compiled: Compiled,
}

/// Overrides are compiled when the normalizer is made (their problems are the caller's to
/// see at once); a built-in only when a delivery first matches it, so a cold start (a new
/// worker isolate) compiles the one mapping it needs instead of all ten. Measured in Node, the
/// first `normalizeEvent` of a WhatsApp delivery in a fresh process: 124 ms (median of 5)
/// compiling every built-in, 78 ms compiling WhatsApp's alone (most of the rest is V8
/// compiling the wasm functions on first use).
#[derive(Debug)]
enum Compiled {
    Now(Box<Mapping>),
    Lazy(Box<Lazy>),
}

#[derive(Debug)]
struct Lazy {
    /// The spec's `match` alone, compiled: cheap, and enough to detect.
    detector: Mapping,
    spec: Value,
    mapping: OnceLock<Result<Mapping, Error>>,
}

impl Compiled {
    fn matches(&self, body: Node<'_>) -> bool {
        match self {
            Compiled::Now(mapping) => mapping.matches_node(body),
            Compiled::Lazy(lazy) => lazy.detector.matches_node(body),
        }
    }

    fn mapping(&self) -> Result<&Mapping, Error> {
        match self {
            Compiled::Now(mapping) => Ok(mapping),
            Compiled::Lazy(lazy) => lazy
                .mapping
                .get_or_init(|| Mapping::compile(&lazy.spec, &builtin_mapping))
                .as_ref()
                .map_err(Clone::clone),
        }
    }
}

/// The built-ins, compiled on first use and kept for the life of the module.
static BUILTINS: OnceLock<Result<Normalizer, Error>> = OnceLock::new();

impl Normalizer {
    /// The built-in mappings, compiled once per process (per wasm instance).
    pub fn builtin() -> Result<&'static Normalizer, Error> {
        BUILTINS
            .get_or_init(|| Normalizer::new(&[]))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The built-ins with `overrides` applied: a spec with `extends` replaces the built-in it
    /// names (keeping its place in detection order; at most one override per built-in); a spec
    /// without `extends` is a mapping of its own, tried before the built-ins in the order given.
    pub fn new(overrides: &[Value]) -> Result<Normalizer, Error> {
        let mut mappings = Vec::new();
        let mut replaced: Vec<(&str, usize)> = Vec::new();
        for (index, spec) in overrides.iter().enumerate() {
            match spec.get("extends").and_then(Value::as_str) {
                Some(base) => {
                    if builtin_mapping(base).is_none() {
                        return Err(override_error(
                            index,
                            "/extends",
                            format!("`{base}` is not a built-in mapping (see builtinMappings())"),
                        ));
                    }
                    if replaced.iter().any(|(name, _)| *name == base) {
                        return Err(override_error(
                            index,
                            "/extends",
                            format!("a second override extends `{base}`: merge them into one"),
                        ));
                    }
                    replaced.push((base, index));
                }
                None => mappings.push(Entry::compile(spec, None).map_err(|e| within(index, e))?),
            }
        }
        for name in builtin_names() {
            let entry = match replaced.iter().find(|(base, _)| *base == name) {
                Some((_, index)) => overrides
                    .get(*index)
                    .map(|spec| Entry::compile(spec, Some(name)).map_err(|e| within(*index, e))),
                None => builtin_mapping(name).map(|spec| Entry::lazy(spec, name)),
            };
            if let Some(entry) = entry {
                mappings.push(entry?);
            }
        }
        Ok(Normalizer { mappings })
    }

    /// Normalises a delivery given as bytes (the raw body, parsed once here).
    pub fn normalize_bytes(
        &self,
        body: &[u8],
        platform: Option<&str>,
    ) -> Result<Vec<Value>, Error> {
        let doc = crate::mapping::parse_doc(body)?;
        match doc.root() {
            Some(root) => self.normalize_node(root, platform),
            None => Ok(Vec::new()),
        }
    }

    /// Normalises a parsed delivery. `platform` (a platform such as `"whatsapp"` or a mapping
    /// name such as `"facebook-lead"`) narrows detection to the mappings it names. A JSON array
    /// is taken as a list of deliveries (how Meta's documentation prints samples).
    pub fn normalize(&self, body: &Value, platform: Option<&str>) -> Result<Vec<Value>, Error> {
        match Doc::from_value(body).root() {
            Some(root) => self.normalize_node(root, platform),
            None => Ok(Vec::new()),
        }
    }

    fn normalize_node(&self, body: Node<'_>, platform: Option<&str>) -> Result<Vec<Value>, Error> {
        let candidates: Vec<&Entry> = match platform {
            None => self.mappings.iter().collect(),
            Some(hint) => {
                let found: Vec<&Entry> = self
                    .mappings
                    .iter()
                    .filter(|e| e.platform == hint || e.name == hint)
                    .collect();
                if found.is_empty() {
                    return Err(Error::InvalidArgument {
                        path: "/platform".into(),
                        message: format!(
                            "no mapping for platform `{hint}`; known: {}",
                            self.known_platforms().join(", ")
                        ),
                    });
                }
                found
            }
        };
        let mut events = Vec::new();
        match body.kind() {
            Kind::Array => {
                for (index, delivery) in body.items().enumerate() {
                    let prefix = format!("/{index}");
                    for mut event in one(&candidates, delivery, platform)? {
                        prefix_source(&mut event, &prefix);
                        events.push(event);
                    }
                }
            }
            _ => events = one(&candidates, body, platform)?,
        }
        events.sort_by(|a, b| document_order(source(a), source(b)));
        Ok(events)
    }

    /// Platforms and mapping names a hint may use, without repeats.
    fn known_platforms(&self) -> Vec<&str> {
        let mut known: Vec<&str> = Vec::new();
        for entry in &self.mappings {
            for name in [entry.platform.as_str(), entry.name.as_str()] {
                if !known.contains(&name) {
                    known.push(name);
                }
            }
        }
        known
    }
}

impl Entry {
    /// A built-in, compiled on first match.
    fn lazy(spec: Value, name: &str) -> Result<Entry, Error> {
        let mut detector = Map::new();
        for key in ["version", "name", "platform", "match"] {
            if let Some(value) = spec.get(key) {
                detector.insert(key.into(), value.clone());
            }
        }
        detector.insert("records".into(), Value::Array(Vec::new()));
        let detector = Mapping::compile(&Value::Object(detector), &builtin_mapping)?;
        Ok(Entry {
            name: name.to_owned(),
            platform: detector.platform().unwrap_or_default().to_owned(),
            compiled: Compiled::Lazy(Box::new(Lazy {
                detector,
                spec,
                mapping: OnceLock::new(),
            })),
        })
    }

    /// Compiles a spec now; `builtin` names the built-in it stands for (the one it extends),
    /// which `extends` resolves against.
    fn compile(spec: &Value, builtin: Option<&str>) -> Result<Entry, Error> {
        let mapping = Mapping::compile(spec, &builtin_mapping)?;
        let text = |key: &str| spec.get(key).and_then(Value::as_str).map(str::to_owned);
        let base = builtin.and_then(builtin_mapping);
        let inherited = |key: &str| {
            text(key).or_else(|| {
                base.as_ref()
                    .and_then(|b| b.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
        };
        Ok(Entry {
            name: builtin
                .map(str::to_owned)
                .or_else(|| text("name"))
                .unwrap_or_default(),
            platform: inherited("platform").unwrap_or_default(),
            compiled: Compiled::Now(Box::new(mapping)),
        })
    }
}

/// One delivery: the first candidate whose `match` holds maps it.
fn one(candidates: &[&Entry], body: Node<'_>, hint: Option<&str>) -> Result<Vec<Value>, Error> {
    let Some(entry) = candidates.iter().find(|e| e.compiled.matches(body)) else {
        return Ok(vec![unknown(hint.unwrap_or("unknown"), "")]);
    };
    let events: Vec<Value> = entry
        .compiled
        .mapping()?
        .map_node(body)
        .records
        .into_iter()
        .map(canonical)
        .collect();
    if events.is_empty() {
        // Recognised but nothing mapped (an event type no rule knows, outside any coverage
        // path): the whole body comes back so it is not lost.
        return Ok(vec![unknown(&entry.platform, "")]);
    }
    Ok(events)
}

/// An event in `SocialEvent`'s own JSON form: the engine leaves an empty identity `scope` out
/// (an empty value), while `Identity` writes it as `""` (global ids such as X's and phone
/// numbers). Filled in on the JSON itself: deserialising into the record types would cost the
/// wasm their whole serde code for this one key.
fn canonical(mut event: Value) -> Value {
    fn scope(identity: &mut Value) {
        if let Value::Object(map) = identity {
            map.entry("scope").or_insert_with(|| Value::from(""));
        }
    }
    fn identities(contact: Option<&mut Value>) {
        let list = contact.and_then(|c| c.get_mut("identities"));
        if let Some(Value::Array(list)) = list {
            list.iter_mut().for_each(scope);
        }
    }
    identities(event.get_mut("contact"));
    identities(event.pointer_mut("/lead/contact"));
    if let Some(identity) = event.pointer_mut("/interaction/contact") {
        scope(identity);
    }
    event
}

fn unknown(platform: &str, source: &str) -> Value {
    let mut event = Map::new();
    event.insert("platform".into(), platform.into());
    event.insert("kind".into(), "unknown".into());
    event.insert("source".into(), source.into());
    Value::Object(event)
}

fn source(event: &Value) -> &str {
    event.get("source").and_then(Value::as_str).unwrap_or("")
}

fn prefix_source(event: &mut Value, prefix: &str) {
    if let Some(Value::String(source)) = event.get_mut("source") {
        source.insert_str(0, prefix);
    }
}

/// JSON Pointers compared token by token, array indexes as numbers, so `/entry/2` comes
/// before `/entry/10` and a parent before its children: the order items appear in the body.
fn document_order(a: &str, b: &str) -> Ordering {
    let mut left = a.split('/').skip(1);
    let mut right = b.split('/').skip(1);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

fn override_error(index: usize, pointer: &str, message: String) -> Error {
    Error::InvalidArgument {
        path: format!("/overrides/{index}{pointer}"),
        message,
    }
}

/// Points a mapping error at the override it came from.
fn within(index: usize, err: Error) -> Error {
    match err {
        Error::Mapping(mut problem) => {
            problem.path = format!("/overrides/{index}{}", problem.path);
            Error::Mapping(problem)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_sort_in_document_order() {
        let mut list = vec!["/entry/10", "/entry/2/x", "", "/entry/2", "/a/b"];
        list.sort_by(|a, b| document_order(a, b));
        assert_eq!(list, ["", "/a/b", "/entry/2", "/entry/2/x", "/entry/10"]);
    }

    #[test]
    fn an_unrecognised_body_is_one_unknown_event_not_an_error() {
        let events = Normalizer::builtin()
            .unwrap()
            .normalize(&json!({ "hello": "world" }), None)
            .unwrap();
        assert_eq!(
            events,
            [json!({ "platform": "unknown", "kind": "unknown", "source": "" })]
        );
    }

    #[test]
    fn a_platform_hint_narrows_detection_and_an_unknown_hint_is_an_error() {
        let normalizer = Normalizer::builtin().unwrap();
        let page =
            json!({ "object": "page", "entry": [{ "id": "1", "time": 1, "messaging": [] }] });
        let events = normalizer.normalize(&page, Some("youtube")).unwrap();
        assert_eq!(events[0]["platform"], "youtube");
        assert_eq!(events[0]["kind"], "unknown");
        let err = normalizer.normalize(&page, Some("myspace")).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARGUMENT");
        assert_eq!(err.path().as_deref(), Some("/platform"));
    }

    #[test]
    fn a_body_that_is_not_json_is_a_body_error() {
        let err = Normalizer::builtin()
            .unwrap()
            .normalize_bytes(b"{\"object\":", None)
            .unwrap_err();
        assert_eq!(err.code(), "ERR_MAPPING_BODY");
    }

    #[test]
    fn overrides_extend_a_builtin_in_its_place_and_bad_ones_are_located() {
        let custom = json!({ "version": 1, "name": "acme-whatsapp", "extends": "whatsapp",
            "records": { "text": { "fields": { "contact.custom.source": { "value": "wa-ads" } } } } });
        let normalizer = Normalizer::new(&[custom]).unwrap();
        let body = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{
            "field": "messages", "value": { "metadata": { "phone_number_id": "2" },
            "messages": [{ "from": "447700900123", "id": "w1", "timestamp": "1764331234",
                           "type": "text", "text": { "body": "hi" } }] } }] }] });
        let events = normalizer.normalize(&body, None).unwrap();
        assert_eq!(events[0]["contact"]["custom"]["source"], "wa-ads");
        assert_eq!(events[0]["interaction"]["text"], "hi");

        let err = Normalizer::new(&[json!({ "version": 1, "name": "x", "extends": "myspace",
            "records": {} })])
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/overrides/0/extends"));
        let twice =
            json!({ "version": 1, "name": "a", "extends": "x-account-activity", "records": {} });
        let err = Normalizer::new(&[twice.clone(), twice]).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/overrides/1/extends"));
    }
}
