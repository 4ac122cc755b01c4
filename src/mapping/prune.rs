//! Parse only what a mapping reads. A compiled spec knows every path it can follow, so the
//! body is parsed into a tree that keeps those subtrees and skips the rest (still checked
//! as JSON, never allocated): ad creatives, media URLs, statuses a rule never looks at.
//!
//! The paths are read again from their (already validated) text, conservatively: names,
//! wildcards, indexes and filters narrow the tree; anything else (descendants `..`, escaped
//! names) keeps the whole subtree from that point. A filter keeps, under every child, what its
//! `@` queries read; a filter that reads `$` turns pruning off. Skipped array elements become
//! `null` so indexes (and JSON Pointers in `source`) stay those of the body.

use super::path::{Scope, ScopedPath};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// What to keep at one node of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Need {
    /// Keep the whole subtree.
    all: bool,
    /// Members to keep, by name (each already merged with `any`).
    keys: BTreeMap<String, Need>,
    /// What to keep of every other member or element.
    any: Option<Box<Need>>,
}

/// One step of a path, as far as pruning cares.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Name(String),
    Any,
    /// Any child; under it, what the filter's `@` queries read.
    Filter(Vec<Steps>),
}

/// Steps from a node, and whether the path went on past them (then everything from there on
/// is kept).
#[derive(Debug, Clone, PartialEq)]
struct Steps {
    steps: Vec<Step>,
    complete: bool,
}

impl Need {
    /// Keeps everything.
    pub(crate) fn everything() -> Need {
        Need {
            all: true,
            ..Need::default()
        }
    }

    fn insert(&mut self, steps: &[Step], complete: bool, keep_end: bool) {
        if self.all {
            return;
        }
        let Some((first, rest)) = steps.split_first() else {
            if !complete || keep_end {
                *self = Need::everything();
            }
            return;
        };
        match first {
            Step::Name(name) => self
                .keys
                .entry(name.clone())
                .or_default()
                .insert(rest, complete, keep_end),
            Step::Any => self
                .any
                .get_or_insert_with(Default::default)
                .insert(rest, complete, keep_end),
            Step::Filter(reads) => {
                let child = self.any.get_or_insert_with(Default::default);
                for read in reads {
                    child.insert(&read.steps, read.complete, true);
                }
                child.insert(rest, complete, keep_end);
            }
        }
    }

    fn merge(&mut self, other: &Need) {
        if self.all {
            return;
        }
        if other.all {
            *self = Need::everything();
            return;
        }
        for (k, n) in &other.keys {
            self.keys.entry(k.clone()).or_default().merge(n);
        }
        if let Some(any) = &other.any {
            self.any.get_or_insert_with(Default::default).merge(any);
        }
    }

    /// Folds `any` into every named child, so a lookup needs one map access.
    fn finish(&mut self) {
        if self.all {
            self.keys.clear();
            self.any = None;
            return;
        }
        if let Some(any) = self.any.as_mut() {
            any.finish();
        }
        let any = self.any.clone();
        for child in self.keys.values_mut() {
            if let Some(any) = &any {
                child.merge(any);
            }
            child.finish();
        }
    }

    fn child(&self, key: &str) -> Option<&Need> {
        self.keys.get(key).or(self.any.as_deref())
    }
}

/// Builds the [`Need`] of a set of paths.
#[derive(Debug, Default)]
struct Builder {
    need: Need,
    off: bool,
}

impl Builder {
    /// Adds a path found in rule context `bases` (the absolute steps of each `forEach`
    /// level entered); `keep_end` keeps the whole subtree the path ends at (values), else
    /// only the node (coverage, forEach items).
    fn path(&mut self, path: &ScopedPath, bases: &[Steps], keep_end: bool) {
        let Some(own) = path_steps(&path.query_text()) else {
            self.off = true;
            return;
        };
        let base = match path.scope {
            Scope::Root => None,
            Scope::Current => bases.last(),
            Scope::Level(k) => bases.get(k),
        };
        let mut steps = base.map_or_else(Vec::new, |b| b.steps.clone());
        let base_complete = base.is_none_or(|b| b.complete);
        if !base_complete {
            self.need.insert(&steps, false, true);
            return;
        }
        steps.extend(own.steps);
        self.need.insert(&steps, own.complete, keep_end);
    }

    /// The absolute steps of a `forEach` level, for the paths inside it.
    fn level(&mut self, path: &ScopedPath, bases: &[Steps]) -> Steps {
        self.path(path, bases, false);
        let base = match path.scope {
            Scope::Root => None,
            Scope::Current => bases.last(),
            Scope::Level(k) => bases.get(k),
        };
        let own = path_steps(&path.query_text()).unwrap_or(Steps {
            steps: Vec::new(),
            complete: false,
        });
        match base {
            Some(b) if !b.complete => b.clone(),
            Some(b) => {
                let mut steps = b.steps.clone();
                steps.extend(own.steps);
                Steps {
                    steps,
                    complete: own.complete,
                }
            }
            None => own,
        }
    }

    fn finish(mut self) -> Need {
        if self.off {
            return Need::everything();
        }
        self.need.finish();
        self.need
    }
}

/// The steps of a path's text (`$…`), or `None` when it reads `$` inside a filter.
fn path_steps(text: &str) -> Option<Steps> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    if chars.first() != Some(&'$') {
        return Some(Steps {
            steps: Vec::new(),
            complete: false,
        });
    }
    i += 1;
    let (steps, end, complete) = segments(&chars, i)?;
    let complete = complete && end >= chars.len();
    Some(Steps { steps, complete })
}

/// Reads segments from `i`; returns the steps, where it stopped and whether it stopped at
/// the end of the query (not at something it does not narrow). `None`: a filter reads `$`.
fn segments(chars: &[char], mut i: usize) -> Option<(Vec<Step>, usize, bool)> {
    let mut steps = Vec::new();
    loop {
        let mut j = i;
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        match chars.get(j) {
            Some('.') => match chars.get(j + 1) {
                Some('*') => {
                    steps.push(Step::Any);
                    i = j + 2;
                }
                Some('.') => return Some((steps, j, false)),
                _ => {
                    let start = j + 1;
                    let mut k = start;
                    while chars.get(k).is_some_and(|c| {
                        !matches!(
                            c,
                            '.' | '['
                                | ' '
                                | '\t'
                                | '\n'
                                | '\r'
                                | ')'
                                | ']'
                                | ','
                                | '='
                                | '!'
                                | '<'
                                | '>'
                                | '&'
                                | '|'
                        )
                    }) {
                        k += 1;
                    }
                    steps.push(Step::Name(chars.get(start..k)?.iter().collect()));
                    i = k;
                }
            },
            Some('[') => {
                let end = closing(chars, j)?;
                let inner: Vec<char> = chars.get(j + 1..end)?.to_vec();
                let trimmed: String = inner.iter().collect::<String>().trim().to_owned();
                if let Some(filter) = trimmed.strip_prefix('?') {
                    steps.push(Step::Filter(filter_reads(filter)?));
                } else if let Some(name) = quoted_name(&trimmed) {
                    steps.push(Step::Name(name));
                } else if trimmed.contains(['\'', '"']) {
                    // A union with names, or an escaped name: keep everything from here.
                    return Some((steps, j, false));
                } else {
                    // Indexes, slices, unions of indexes, `*`.
                    steps.push(Step::Any);
                }
                i = end + 1;
            }
            _ => return Some((steps, j, true)),
        }
    }
}

/// The index of the `]` closing the `[` at `open`, skipping strings and nested brackets.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut k = open;
    while let Some(&c) = chars.get(k) {
        match quote {
            Some(q) => {
                if c == '\\' {
                    k += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' | '(' => depth += 1,
                ']' | ')' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            },
        }
        k += 1;
    }
    None
}

/// `'name'` or `"name"` without escapes.
fn quoted_name(s: &str) -> Option<String> {
    let inner = s
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .or_else(|| s.strip_prefix('"').and_then(|r| r.strip_suffix('"')))?;
    (!inner.contains(['\\', '\'', '"'])).then(|| inner.to_owned())
}

/// What the `@` queries of a filter read; `None` when it reads `$`.
fn filter_reads(filter: &str) -> Option<Vec<Steps>> {
    let chars: Vec<char> = filter.chars().collect();
    let mut reads = Vec::new();
    let mut quote: Option<char> = None;
    let mut k = 0;
    while let Some(&c) = chars.get(k) {
        match quote {
            Some(q) => {
                if c == '\\' {
                    k += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '$' => return None,
                '@' => {
                    let (steps, end, complete) = segments(&chars, k + 1)?;
                    // What follows a query inside a filter (an operator, `)`) ends it.
                    let _ = end;
                    reads.push(Steps { steps, complete });
                }
                _ => {}
            },
        }
        k += 1;
    }
    Some(reads)
}

impl ScopedPath {
    /// The query without its scope prefix.
    fn query_text(&self) -> Cow<'_, str> {
        match self.text.split_once(':') {
            Some((_, rest)) if self.scope != Scope::Current && rest.starts_with('$') => {
                Cow::Borrowed(rest)
            }
            _ => Cow::Borrowed(self.text.as_str()),
        }
    }
}

/// Parses `body`, keeping what `need` says.
pub(crate) fn parse(body: &[u8], need: &Need) -> serde_json::Result<Value> {
    if need.all {
        return serde_json::from_slice(body);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = Pruned(need).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

struct Pruned<'n>(&'n Need);

impl<'de> DeserializeSeed<'de> for Pruned<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.0.all {
            Value::deserialize(d)
        } else {
            d.deserialize_any(self)
        }
    }
}

/// A member name, borrowed from the body when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Visitor<'de> for Pruned<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        match self.0.any.as_deref() {
            Some(need) => {
                while let Some(v) = seq.next_element_seed(Pruned(need))? {
                    items.push(v);
                }
            }
            None => {
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    items.push(Value::Null);
                }
            }
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match self.0.child(&key) {
                Some(need) => {
                    let value = map.next_value_seed(Pruned(need))?;
                    out.insert(key.into_owned(), value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// The [`Need`] of a compiled spec: every path any rule, condition, transform or coverage
/// entry can follow.
pub(crate) fn need_of(spec: &super::spec::Spec) -> Need {
    use super::condition::Condition;
    use super::spec::{FieldRule, Source};
    use super::template::Part;
    use super::transforms::Transform;

    fn condition(b: &mut Builder, c: &Condition, bases: &[Steps]) {
        match c {
            Condition::Equals(p, _)
            | Condition::NotEquals(p, _)
            | Condition::In(p, _)
            | Condition::Exists(p, _) => b.path(p, bases, true),
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| condition(b, c, bases));
            }
            Condition::Not(c) => condition(b, c, bases),
        }
    }
    fn field(b: &mut Builder, f: &FieldRule, bases: &[Steps]) {
        match &f.source {
            Source::From(paths) => paths.iter().for_each(|p| b.path(p, bases, true)),
            Source::Value(_) => {}
            Source::Template(parts) => {
                for part in parts {
                    if let Part::Path(p) = part {
                        b.path(p, bases, true);
                    }
                }
            }
            Source::Object(keys) => keys.iter().for_each(|(_, f)| field(b, f, bases)),
            // Each node `from` selects is the `$` of the keys, like a `forEach` level.
            Source::Each(paths, keys) => {
                for path in paths {
                    let mut inner = bases.to_vec();
                    inner.push(b.level(path, bases));
                    keys.iter().for_each(|(_, f)| field(b, f, &inner));
                }
            }
        }
        for step in &f.pipe {
            match &step.transform {
                Transform::Lookup(p) => b.path(p, bases, true),
                // The whole array is kept: the `by` paths read inside its elements.
                Transform::LookupIn { within, .. } => b.path(within, bases, true),
                _ => {}
            }
        }
        if let Some(c) = &f.when {
            condition(b, c, bases);
        }
    }

    let mut b = Builder::default();
    if let Some(c) = &spec.matches {
        condition(&mut b, c, &[]);
    }
    for p in &spec.coverage {
        b.path(p, &[], false);
    }
    for rule in &spec.rules {
        let mut bases: Vec<Steps> = Vec::new();
        for level in &rule.levels {
            let base = b.level(&level.path, &bases);
            bases.push(base);
        }
        if let Some(c) = &rule.when {
            condition(&mut b, c, &bases);
        }
        for (_, f) in &rule.lets {
            field(&mut b, f, &bases);
        }
        for (_, f) in &rule.fields {
            field(&mut b, f, &bases);
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn steps(text: &str) -> Option<Steps> {
        path_steps(text)
    }

    #[test]
    fn path_text_to_steps() {
        let s = steps("$.entry[*].changes[?@.field == 'messages'].value").unwrap();
        assert!(s.complete);
        assert_eq!(s.steps.len(), 5);
        assert_eq!(s.steps[0], Step::Name("entry".into()));
        assert_eq!(s.steps[1], Step::Any);
        match &s.steps[3] {
            Step::Filter(reads) => assert_eq!(reads[0].steps, vec![Step::Name("field".into())]),
            other => panic!("{other:?}"),
        }
        assert!(!steps("$..x").unwrap().complete);
        assert_eq!(
            steps("$['a b'][0]").unwrap().steps,
            vec![Step::Name("a b".into()), Step::Any]
        );
        assert!(!steps("$['a\\'b']").unwrap().complete);
        assert!(steps("$.a[?@.b == $.c]").is_none());
    }

    #[test]
    fn pruned_parse_keeps_what_is_read_and_indexes() {
        let mut need = Need::default();
        need.insert(&steps("$.a[*].b").unwrap().steps, true, true);
        need.insert(&steps("$.keep").unwrap().steps, true, true);
        need.finish();
        let body = br#"{"a":[{"b":{"x":1},"c":2},{"c":3}],"keep":[1,{"y":2}],"skip":{"z":[1,2,3]},"s":"\u00e9"}"#;
        let v = parse(body, &need).unwrap();
        assert_eq!(
            v,
            json!({"a": [{"b": {"x": 1}}, {}], "keep": [1, {"y": 2}]})
        );
        // Skipped parts are still checked as JSON.
        assert!(parse(br#"{"skip": [1,}"#, &need).is_err());
        assert!(parse(br#"{} x"#, &need).is_err());
        // Elements of an array no path enters become null, keeping indexes.
        let mut need = Need::default();
        need.insert(&steps("$.a").unwrap().steps, true, false);
        need.finish();
        assert_eq!(
            parse(br#"{"a":[1,2]}"#, &need).unwrap(),
            json!({"a": [null, null]})
        );
    }
}
