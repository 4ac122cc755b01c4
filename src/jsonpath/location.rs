//! Where a selected node is: a list of member names and array indexes from the query's `$`,
//! written as a JSON Pointer (RFC 6901) or as an RFC 9535 normalized path.

use std::fmt::{self, Write};

/// One step of a [`Location`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object member.
    Name(String),
    /// An array element.
    Index(usize),
}

/// The path from the queried node (`$`) to a selected node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Location(pub Vec<Segment>);

impl Location {
    /// The JSON Pointer (RFC 6901), e.g. `/entry/0/changes`; `""` for `$` itself.
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    /// Appends the JSON Pointer to `out` (for callers that prefix it with a base pointer
    /// without a second allocation).
    pub fn write_pointer(&self, out: &mut String) {
        for segment in &self.0 {
            match segment {
                Segment::Name(name) => push_token(out, name),
                Segment::Index(i) => push_index(out, *i),
            }
        }
    }

    /// The normalized path (RFC 9535 §2.7), e.g. `$['entry'][0]['changes']`.
    pub fn to_normalized(&self) -> String {
        let mut out = String::from("$");
        for segment in &self.0 {
            match segment {
                Segment::Name(name) => {
                    out.push_str("['");
                    escape_name(name, &mut out);
                    out.push_str("']");
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

impl fmt::Display for Location {
    /// The normalized path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_normalized())
    }
}

/// A member name inside single quotes: `'` and `\` escaped, control characters as the short
/// escapes or `\u00xx` (lower-case hex), everything else as is.
fn escape_name(name: &str, out: &mut String) {
    for c in name.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
}

/// Appends `/` and an array index as a JSON Pointer token, without the formatting machinery.
pub(crate) fn push_index(out: &mut String, i: usize) {
    out.push('/');
    push_digits(out, i);
}

fn push_digits(out: &mut String, i: usize) {
    if i >= 10 {
        push_digits(out, i / 10);
    }
    // `i % 10` is one decimal digit.
    out.push(char::from(b'0' + (i % 10) as u8));
}

/// Appends `/` and a member name as a JSON Pointer token (`~` → `~0`, `/` → `~1`).
pub(crate) fn push_token(out: &mut String, name: &str) {
    out.push('/');
    if !name.contains(['~', '/']) {
        out.push_str(name);
        return;
    }
    for c in name.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_and_normalized_path() {
        let location = Location(vec![
            Segment::Name("a/b~c".into()),
            Segment::Index(3),
            Segment::Name("it's\\\u{1}\n".into()),
        ]);
        assert_eq!(location.to_pointer(), "/a~1b~0c/3/it's\\\u{1}\n");
        assert_eq!(
            location.to_normalized(),
            "$['a/b~c'][3]['it\\'s\\\\\\u0001\\n']"
        );
        assert_eq!(Location::default().to_pointer(), "");
        assert_eq!(Location::default().to_normalized(), "$");
    }
}
