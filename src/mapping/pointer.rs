//! JSON Pointer building (RFC 6901): the spec locations in problems and the body locations in
//! `source` and traces.

/// Appends one reference token to `base`, escaping `~` and `/`.
pub(crate) fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// True when `inner` is `outer` or a location inside it.
pub(crate) fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The JSON type name of a value, as problems report it.
pub(crate) fn type_name(value: &serde_json::Value) -> &'static str {
    crate::jsonpath::Json::kind(value).type_name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_containment_respects_segments() {
        assert_eq!(push("/a", "b/c~d"), "/a/b~1c~0d");
        assert!(within("/entry/0/x", "/entry/0"));
        assert!(within("/entry/0", "/entry/0"));
        assert!(!within("/entry/01", "/entry/0"));
        assert!(within("/x", ""));
    }
}
