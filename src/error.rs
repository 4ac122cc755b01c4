//! The crate's one error type. Every variant has a stable [`Error::code`] that crosses the JS
//! boundary unchanged as `SocialCrmError.code`; callers branch on the code, never the message.

use std::fmt;

/// Everything that can go wrong in the core, as data.
///
/// The codes are part of the public API (README, "Error codes"): a variant may gain fields,
/// but its code never changes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An argument has the wrong type or shape (`ERR_INVALID_ARGUMENT`).
    InvalidArgument {
        /// JSON Pointer to the offending option, e.g. `/headers`.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The webhook scheme name is not one this version knows (`ERR_WEBHOOK_SCHEME`).
    WebhookScheme {
        /// The name the caller gave.
        scheme: String,
    },
    /// A header the scheme needs is missing, repeated or malformed (`ERR_WEBHOOK_HEADER`).
    WebhookHeader {
        /// The header's lower-case name.
        header: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The signature is well formed but matches the body under none of the secrets
    /// (`ERR_WEBHOOK_SIGNATURE`).
    WebhookSignature {
        /// The scheme that was checked.
        scheme: &'static str,
        /// The header holding the signature that did not match.
        header: String,
        /// How many secrets were tried.
        secrets_tried: usize,
    },
    /// The signed timestamp is outside the replay window (`ERR_WEBHOOK_TIMESTAMP`).
    WebhookTimestamp {
        /// The header holding the timestamp.
        header: String,
        /// The signed timestamp, unix seconds.
        timestamp: i64,
        /// The `now` the check used, unix seconds.
        now: i64,
        /// The window in seconds.
        tolerance_seconds: u64,
    },
    /// A secret cannot be used for the scheme (`ERR_WEBHOOK_SECRET`).
    WebhookSecret {
        /// Index of the secret in the list the caller gave; `None` when the list is empty.
        index: Option<usize>,
        /// What is wrong with it.
        problem: String,
    },
}

impl Error {
    /// The stable, documented code of this error, e.g. `ERR_WEBHOOK_SIGNATURE`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgument { .. } => "ERR_INVALID_ARGUMENT",
            Error::WebhookScheme { .. } => "ERR_WEBHOOK_SCHEME",
            Error::WebhookHeader { .. } => "ERR_WEBHOOK_HEADER",
            Error::WebhookSignature { .. } => "ERR_WEBHOOK_SIGNATURE",
            Error::WebhookTimestamp { .. } => "ERR_WEBHOOK_TIMESTAMP",
            Error::WebhookSecret { .. } => "ERR_WEBHOOK_SECRET",
        }
    }

    /// A JSON Pointer into the caller's options naming what to fix, where there is one.
    pub fn path(&self) -> Option<String> {
        match self {
            Error::InvalidArgument { path, .. } => Some(path.clone()),
            Error::WebhookScheme { .. } => Some("/scheme".to_owned()),
            Error::WebhookHeader { header, .. } => {
                Some(format!("/headers/{}", escape_pointer(header)))
            }
            Error::WebhookSignature { header, .. } | Error::WebhookTimestamp { header, .. } => {
                Some(format!("/headers/{}", escape_pointer(header)))
            }
            Error::WebhookSecret { index: Some(i), .. } => Some(format!("/secrets/{i}")),
            Error::WebhookSecret { index: None, .. } => Some("/secrets".to_owned()),
        }
    }

    /// Structured facts about the error for programs and UIs (never secrets or signatures).
    pub fn details(&self) -> Option<serde_json::Value> {
        use serde_json::json;
        match self {
            Error::InvalidArgument { .. } => None,
            Error::WebhookScheme { scheme } => Some(json!({ "scheme": scheme })),
            Error::WebhookHeader { header, .. } => Some(json!({ "header": header })),
            Error::WebhookSignature {
                scheme,
                header,
                secrets_tried,
            } => Some(json!({
                "scheme": scheme,
                "header": header,
                "secretsTried": secrets_tried,
            })),
            Error::WebhookTimestamp {
                header,
                timestamp,
                now,
                tolerance_seconds,
            } => Some(json!({
                "header": header,
                "timestamp": timestamp,
                "now": now,
                "toleranceSeconds": tolerance_seconds,
            })),
            Error::WebhookSecret { index, .. } => Some(json!({ "index": index })),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { path, message } => write!(f, "{path}: {message}"),
            Error::WebhookScheme { scheme } => write!(
                f,
                "unknown webhook scheme {scheme:?}; supported: {}",
                crate::webhook::Scheme::names()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Error::WebhookHeader { header, problem } => write!(f, "header {header}: {problem}"),
            Error::WebhookSignature {
                scheme,
                header,
                secrets_tried,
            } => write!(
                f,
                "{header} does not match the body under any of {secrets_tried} secret(s) for \
                 scheme {scheme:?}; verify the exact bytes received (a parsed and re-serialised \
                 JSON body never matches) and the secret"
            ),
            Error::WebhookTimestamp {
                header,
                timestamp,
                now,
                tolerance_seconds,
            } => {
                let (distance, direction) = if timestamp <= now {
                    (now.abs_diff(*timestamp), "before")
                } else {
                    (timestamp.abs_diff(*now), "after")
                };
                write!(
                    f,
                    "{header}: the signed timestamp {timestamp} is {distance} s {direction} now \
                     ({now}), outside the {tolerance_seconds} s replay window; check the host \
                     clock or raise toleranceSeconds"
                )
            }
            Error::WebhookSecret {
                index: Some(i),
                problem,
            } => write!(f, "secret {i}: {problem}"),
            Error::WebhookSecret {
                index: None,
                problem,
            } => write!(f, "secrets: {problem}"),
        }
    }
}

impl std::error::Error for Error {}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_paths_are_stable() {
        let err = Error::WebhookHeader {
            header: "x-hub-signature-256".into(),
            problem: "missing".into(),
        };
        assert_eq!(err.code(), "ERR_WEBHOOK_HEADER");
        assert_eq!(err.path().as_deref(), Some("/headers/x-hub-signature-256"));
        let err = Error::WebhookSecret {
            index: Some(2),
            problem: "empty".into(),
        };
        assert_eq!(err.code(), "ERR_WEBHOOK_SECRET");
        assert_eq!(err.path().as_deref(), Some("/secrets/2"));
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
