//! TEMPORARY stand-in for the `jsonpath` branch (names, indexes, wildcards only), so the mapping
//! engine compiles and is tested before that branch lands; replaced wholesale at the merge.

use crate::error::{Error, Problem, ProblemCode};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Name(String),
    Index(i64),
    Wild,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    segs: Vec<Seg>,
}

/// Where a node sits, as steps from the queried node.
#[derive(Debug, Clone, PartialEq)]
pub struct Location(Vec<String>);

impl Location {
    /// The location as a JSON Pointer.
    pub fn to_pointer(&self) -> String {
        self.0
            .iter()
            .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
            .collect()
    }
}

fn syntax(offset: usize, message: &str) -> Error {
    Problem {
        code: ProblemCode::JsonPath,
        message: message.into(),
        path: String::new(),
        offset: Some(offset),
        value_type: None,
        source: None,
    }
    .into()
}

impl JsonPath {
    /// Parses a query.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let chars: Vec<char> = text.chars().collect();
        if chars.first() != Some(&'$') {
            return Err(syntax(0, "a query starts with $"));
        }
        let mut i = 1;
        let mut segs = Vec::new();
        while i < chars.len() {
            match chars.get(i) {
                Some('.') => {
                    i += 1;
                    if chars.get(i) == Some(&'*') {
                        segs.push(Seg::Wild);
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while chars
                        .get(i)
                        .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    {
                        i += 1;
                    }
                    if start == i {
                        return Err(syntax(i, "expected a member name"));
                    }
                    segs.push(Seg::Name(
                        chars.get(start..i).unwrap_or_default().iter().collect(),
                    ));
                }
                Some('[') => {
                    i += 1;
                    match chars.get(i) {
                        Some('*') => {
                            segs.push(Seg::Wild);
                            i += 1;
                        }
                        Some('\'') | Some('"') => {
                            let q = chars.get(i).copied();
                            i += 1;
                            let start = i;
                            while chars.get(i).is_some_and(|c| Some(*c) != q) {
                                i += 1;
                            }
                            segs.push(Seg::Name(
                                chars.get(start..i).unwrap_or_default().iter().collect(),
                            ));
                            i += 1;
                        }
                        _ => {
                            let start = i;
                            while chars
                                .get(i)
                                .is_some_and(|c| c.is_ascii_digit() || *c == '-')
                            {
                                i += 1;
                            }
                            let n: String =
                                chars.get(start..i).unwrap_or_default().iter().collect();
                            segs.push(Seg::Index(
                                n.parse().map_err(|_| syntax(start, "bad index"))?,
                            ));
                        }
                    }
                    if chars.get(i) != Some(&']') {
                        return Err(syntax(i, "expected ]"));
                    }
                    i += 1;
                }
                _ => return Err(syntax(i, "unexpected character")),
            }
        }
        Ok(JsonPath { segs })
    }

    /// True when the query can match at most one node.
    pub fn is_singular(&self) -> bool {
        !self.segs.contains(&Seg::Wild)
    }

    /// The matched nodes.
    pub fn select<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        self.select_located(root)
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    }

    /// The matched nodes with their locations.
    pub fn select_located<'a>(&self, root: &'a Value) -> Vec<(Location, &'a Value)> {
        let mut nodes = vec![(Vec::new(), root)];
        for seg in &self.segs {
            let mut next = Vec::new();
            for (loc, node) in nodes {
                match (seg, node) {
                    (Seg::Name(n), Value::Object(m)) => {
                        if let Some(v) = m.get(n) {
                            let mut l = loc.clone();
                            l.push(n.clone());
                            next.push((l, v));
                        }
                    }
                    (Seg::Index(i), Value::Array(a)) => {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if let Some(v) = usize::try_from(idx).ok().and_then(|x| a.get(x)) {
                            let mut l = loc.clone();
                            l.push(idx.to_string());
                            next.push((l, v));
                        }
                    }
                    (Seg::Wild, Value::Array(a)) => {
                        for (k, v) in a.iter().enumerate() {
                            let mut l = loc.clone();
                            l.push(k.to_string());
                            next.push((l, v));
                        }
                    }
                    (Seg::Wild, Value::Object(m)) => {
                        for (k, v) in m {
                            let mut l = loc.clone();
                            l.push(k.clone());
                            next.push((l, v));
                        }
                    }
                    _ => {}
                }
            }
            nodes = next;
        }
        nodes.into_iter().map(|(l, v)| (Location(l), v)).collect()
    }
}
