//! Case-insensitive access to request headers as the host hands them over.

use crate::error::Error;

/// Request headers as `(name, value)` pairs; names compare ASCII case-insensitively (RFC 9110
/// §5.1), so `X-Hub-Signature-256` and `x-hub-signature-256` are the same header.
#[derive(Debug, Clone, Default)]
pub struct Headers<'a> {
    entries: Vec<(&'a str, &'a str)>,
}

impl<'a> Headers<'a> {
    /// Headers from `name\0value\0name\0value…`, the form the JS adapter sends: one string
    /// crosses the boundary instead of one per name and value. NUL cannot occur in HTTP field
    /// names or values (RFC 9110 §5.5), and the adapter refuses it.
    pub fn from_joined(joined: &'a str) -> Result<Self, Error> {
        if joined.is_empty() {
            return Ok(Headers::default());
        }
        let mut parts = joined.split('\0');
        let mut entries = Vec::new();
        while let Some(name) = parts.next() {
            let Some(value) = parts.next() else {
                return Err(Error::InvalidArgument {
                    path: "/headers".into(),
                    message: "expected NUL-separated name/value pairs; a value is missing".into(),
                });
            };
            entries.push((name.trim_ascii(), value));
        }
        Ok(Headers { entries })
    }

    /// The value of header `name` (given in lower case), or `None` when absent.
    ///
    /// A header that appears more than once with different values is refused rather than
    /// guessed at: an attacker must not be able to choose which copy is checked.
    pub fn get(&self, name: &str) -> Result<Option<&'a str>, Error> {
        let mut found: Option<&'a str> = None;
        for &(key, value) in &self.entries {
            // Names were trimmed once on the way in (`from_joined`, `from_iter`).
            if !key.eq_ignore_ascii_case(name) {
                continue;
            }
            match found {
                Some(previous) if previous != value => {
                    return Err(Error::WebhookHeader {
                        header: name.to_owned(),
                        problem: "appears more than once with different values".into(),
                    })
                }
                _ => found = Some(value),
            }
        }
        Ok(found)
    }

    /// Like [`Headers::get`] but a missing or empty header is an `ERR_WEBHOOK_HEADER`.
    pub fn require(&self, name: &str) -> Result<&'a str, Error> {
        match self.get(name)? {
            Some(value) if !value.trim_ascii().is_empty() => Ok(value.trim_ascii()),
            Some(_) => Err(Error::WebhookHeader {
                header: name.to_owned(),
                problem: "is empty".into(),
            }),
            None => Err(Error::WebhookHeader {
                header: name.to_owned(),
                problem: "is missing".into(),
            }),
        }
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for Headers<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        Headers {
            entries: iter
                .into_iter()
                .map(|(name, value)| (name.trim_ascii(), value))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case() {
        let headers: Headers = [("X-Hub-Signature-256", "sha256=ab")].into_iter().collect();
        assert_eq!(headers.get("x-hub-signature-256"), Ok(Some("sha256=ab")));
        assert_eq!(headers.get("x-hub-signature"), Ok(None));
    }

    #[test]
    fn conflicting_duplicates_are_refused() {
        let headers: Headers = [("a", "1"), ("A", "2")].into_iter().collect();
        assert_eq!(
            headers.get("a").map_err(|e| e.code()),
            Err("ERR_WEBHOOK_HEADER")
        );
        let same: Headers = [("a", "1"), ("A", "1")].into_iter().collect();
        assert_eq!(same.get("a"), Ok(Some("1")));
    }

    #[test]
    fn joined_pairs_parse_and_a_missing_value_is_an_argument_error() {
        let headers = Headers::from_joined("A\u{0}1\u{0}b\u{0}").unwrap();
        assert_eq!(headers.get("a"), Ok(Some("1")));
        assert_eq!(headers.get("b"), Ok(Some("")));
        assert!(Headers::from_joined("")
            .unwrap()
            .get("a")
            .unwrap()
            .is_none());
        let err = Headers::from_joined("a\u{0}1\u{0}b")
            .err()
            .map(|e| e.code());
        assert_eq!(err, Some("ERR_INVALID_ARGUMENT"));
    }

    #[test]
    fn empty_header_is_reported_as_empty() {
        let headers: Headers = [("a", "  ")].into_iter().collect();
        let err = headers.require("a").err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("header a: is empty"));
    }
}
