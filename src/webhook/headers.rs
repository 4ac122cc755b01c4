//! Case-insensitive access to request headers as the host hands them over.

use crate::error::Error;

/// Request headers as `(name, value)` pairs; names compare ASCII case-insensitively (RFC 9110
/// §5.1), so `X-Hub-Signature-256` and `x-hub-signature-256` are the same header.
#[derive(Debug, Clone, Default)]
pub struct Headers<'a> {
    entries: Vec<(&'a str, &'a str)>,
}

impl<'a> Headers<'a> {
    /// Headers from a flat `[name, value, name, value, …]` list, the form the JS adapter sends.
    pub fn from_flat(flat: &'a [String]) -> Result<Self, Error> {
        let pairs = flat.chunks_exact(2);
        if !pairs.remainder().is_empty() {
            return Err(Error::InvalidArgument {
                path: "/headers".into(),
                message: "expected name/value pairs; the list has an odd length".into(),
            });
        }
        Ok(pairs
            .filter_map(|pair| match pair {
                [name, value] => Some((name.as_str(), value.as_str())),
                _ => None,
            })
            .collect())
    }

    /// The value of header `name` (given in lower case), or `None` when absent.
    ///
    /// A header that appears more than once with different values is refused rather than
    /// guessed at: an attacker must not be able to choose which copy is checked.
    pub fn get(&self, name: &str) -> Result<Option<&'a str>, Error> {
        let mut found: Option<&'a str> = None;
        for &(key, value) in &self.entries {
            if !key.trim().eq_ignore_ascii_case(name) {
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
            Some(value) if !value.trim().is_empty() => Ok(value.trim()),
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
            entries: iter.into_iter().collect(),
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
    fn odd_flat_list_is_an_argument_error() {
        let flat = vec!["a".to_owned()];
        let err = Headers::from_flat(&flat).err().map(|e| e.code());
        assert_eq!(err, Some("ERR_INVALID_ARGUMENT"));
    }

    #[test]
    fn empty_header_is_reported_as_empty() {
        let headers: Headers = [("a", "  ")].into_iter().collect();
        let err = headers.require("a").err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("header a: is empty"));
    }
}
