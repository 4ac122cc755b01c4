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
    /// The OAuth provider is unknown, cannot do what was asked (WhatsApp has no authorize
    /// flow, Facebook no refresh grant), or a provider object is invalid
    /// (`ERR_OAUTH_PROVIDER`).
    OAuthProvider {
        /// JSON Pointer to the offending option, e.g. `/provider` or `/provider/tokenUrl`.
        path: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// A `state` failed verification: malformed, altered, signed with another secret,
    /// expired, issued in the future or made for another provider (`ERR_OAUTH_STATE`).
    OAuthState {
        /// A stable word for programs: `malformed`, `signature`, `expired`, `future` or
        /// `provider`.
        reason: &'static str,
        /// What happened, for people.
        problem: String,
    },
    /// A platform answered with an error; [`Failure`] says which code it is.
    Platform {
        /// `ERR_OAUTH_TOKEN`, `ERR_OAUTH_INVALID_GRANT`, `ERR_API_ERROR` or
        /// `ERR_API_UNAUTHORIZED`.
        failure: Failure,
        /// The provider's name.
        provider: String,
        /// The call (`lead`, …), or `token` for a token endpoint.
        call: String,
        /// The platform's own error, as it answered.
        platform: Box<PlatformError>,
    },
    /// A platform's answer could not be understood: not JSON, or a success without what the
    /// call returns (`ERR_API_RESPONSE`). The body is never copied into the error.
    ApiResponse {
        /// The provider's name.
        provider: String,
        /// The call, or `token`.
        call: String,
        /// The HTTP status.
        status: u16,
        /// What is wrong with it.
        problem: String,
    },
    /// Identity rules are malformed or inconsistent (`ERR_IDENTITY_RULES`).
    IdentityRules {
        /// JSON Pointer into the rules, e.g. `/fields/2/levels/0/m`.
        path: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// The host has no secure random source (`crypto.getRandomValues`), which PKCE verifiers
    /// and state nonces need (`ERR_RANDOM`).
    Random,
    /// A mapping spec, a mapped value or a body to map is wrong; the [`Problem`]'s code says
    /// which (`ERR_MAPPING_SPEC`, `ERR_MAPPING_TRANSFORM`, `ERR_MAPPING_TYPE`,
    /// `ERR_MAPPING_BODY`, or `ERR_JSONPATH_SYNTAX` for a path inside a spec).
    Mapping(Box<Problem>),
    /// A JSONPath expression is not a well-formed, well-typed RFC 9535 query
    /// (`ERR_JSONPATH_SYNTAX`).
    JsonPathSyntax {
        /// Where the problem is: a character (Unicode scalar value) offset into the expression.
        offset: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An observation given to `mergeContacts` is malformed: missing `source` or `eventId`,
    /// an unreadable `eventTime`, or `fields` that are not a contact (`ERR_MERGE_OBSERVATION`).
    MergeObservation {
        /// JSON Pointer, e.g. `/observations/3/eventTime`.
        path: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// A merge policy names an unknown field or rule, gives a rule a field it cannot merge
    /// (`union` on a single value), or has a malformed exclusion (`ERR_MERGE_POLICY`).
    MergePolicy {
        /// JSON Pointer, e.g. `/policy/rules/name.full`.
        path: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
}

/// One thing wrong with a mapping spec or a mapping run, located for a UI: the JSON Pointer
/// into the spec, the character offset inside a path expression, the JSON type of the value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The stable code.
    pub code: ProblemCode,
    /// What is wrong, for people.
    pub message: String,
    /// JSON Pointer into the spec (or, for `ERR_MAPPING_BODY`, into the body).
    pub path: String,
    /// Character offset inside the path expression, for path errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// JSON type of the value involved (`string`, `number`, `object`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_type: Option<&'static str>,
    /// For run-time problems: JSON Pointer of the body item being mapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The codes a [`Problem`] can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    /// The spec's shape is wrong (`ERR_MAPPING_SPEC`).
    Spec,
    /// A path in the spec does not parse (`ERR_JSONPATH_SYNTAX`).
    JsonPath,
    /// An unknown transform or a bad transform argument (`ERR_MAPPING_TRANSFORM`).
    Transform,
    /// At run time, a value of the wrong type (`ERR_MAPPING_TYPE`).
    Type,
    /// At run time, a `required` field is empty, so the record was not produced
    /// (`ERR_MAPPING_REQUIRED`; a warning, never thrown).
    Required,
    /// The body is not JSON (`ERR_MAPPING_BODY`).
    Body,
}

impl ProblemCode {
    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Spec => "ERR_MAPPING_SPEC",
            ProblemCode::JsonPath => "ERR_JSONPATH_SYNTAX",
            ProblemCode::Transform => "ERR_MAPPING_TRANSFORM",
            ProblemCode::Type => "ERR_MAPPING_TYPE",
            ProblemCode::Required => "ERR_MAPPING_REQUIRED",
            ProblemCode::Body => "ERR_MAPPING_BODY",
        }
    }
}

impl serde::Serialize for ProblemCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Self {
        Error::Mapping(Box::new(problem))
    }
}

/// Which platform failure an [`Error::Platform`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The token endpoint refused the request (`ERR_OAUTH_TOKEN`).
    Token,
    /// The grant (code, refresh token, token to exchange) is invalid, expired, revoked or
    /// already used (`ERR_OAUTH_INVALID_GRANT`). With single-use refresh tokens (X, TikTok) a
    /// second refresh with the same token gets this too: re-read the stored token before
    /// declaring the connection dead.
    InvalidGrant,
    /// An API call failed (`ERR_API_ERROR`).
    Api,
    /// An API call's token was rejected: expired, revoked or missing a permission
    /// (`ERR_API_UNAUTHORIZED`). Refresh once and retry; then ask the user to reconnect.
    Unauthorized,
}

/// A platform's error answer, reduced to what every platform has in some form. Holds the
/// platform's codes and description only, never a token or secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlatformError {
    /// The HTTP status.
    pub status: u16,
    /// The error's name: OAuth `error` (`invalid_grant`), Meta `type`, TikTok and LinkedIn
    /// `code`, Google `reason`, X `title`.
    pub error: Option<String>,
    /// The platform's description: `error_description`, `message`, `detail`.
    pub description: Option<String>,
    /// The numeric code: Meta `code`, X `errors[].code`, LinkedIn `serviceErrorCode`, Google
    /// `error.code`.
    pub code: Option<i64>,
    /// Meta's `error_subcode`.
    pub subcode: Option<i64>,
    /// The id to quote to the platform's support: Meta `fbtrace_id`, TikTok `log_id`.
    pub trace_id: Option<String>,
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
            Error::OAuthProvider { .. } => "ERR_OAUTH_PROVIDER",
            Error::OAuthState { .. } => "ERR_OAUTH_STATE",
            Error::Platform { failure, .. } => match failure {
                Failure::Token => "ERR_OAUTH_TOKEN",
                Failure::InvalidGrant => "ERR_OAUTH_INVALID_GRANT",
                Failure::Api => "ERR_API_ERROR",
                Failure::Unauthorized => "ERR_API_UNAUTHORIZED",
            },
            Error::ApiResponse { .. } => "ERR_API_RESPONSE",
            Error::IdentityRules { .. } => "ERR_IDENTITY_RULES",
            Error::Random => "ERR_RANDOM",
            Error::Mapping(problem) => problem.code.as_str(),
            Error::JsonPathSyntax { .. } => "ERR_JSONPATH_SYNTAX",
            Error::MergeObservation { .. } => "ERR_MERGE_OBSERVATION",
            Error::MergePolicy { .. } => "ERR_MERGE_POLICY",
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
            Error::OAuthProvider { path, .. }
            | Error::MergeObservation { path, .. }
            | Error::MergePolicy { path, .. } => Some(path.clone()),
            Error::IdentityRules { path, .. } => Some(format!("/rules{path}")),
            Error::OAuthState { .. } => Some("/state".to_owned()),
            Error::ApiResponse { .. } => Some("/body".to_owned()),
            Error::Mapping(problem) => Some(problem.path.clone()),
            Error::Platform { .. } | Error::Random | Error::JsonPathSyntax { .. } => None,
        }
    }

    /// Structured facts about the error for programs and UIs (never secrets or signatures).
    pub fn details(&self) -> Option<serde_json::Value> {
        use crate::oauth::options::{object, text};
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
            Error::OAuthProvider { .. }
            | Error::Random
            | Error::MergeObservation { .. }
            | Error::MergePolicy { .. }
            | Error::IdentityRules { .. } => None,
            Error::Mapping(problem) => {
                let mut details = serde_json::Map::new();
                if let Some(offset) = problem.offset {
                    details.insert("offset".into(), offset.into());
                }
                if let Some(value_type) = problem.value_type {
                    details.insert("valueType".into(), value_type.into());
                }
                if let Some(source) = &problem.source {
                    details.insert("source".into(), source.clone().into());
                }
                (!details.is_empty()).then_some(serde_json::Value::Object(details))
            }
            Error::JsonPathSyntax { offset, .. } => Some(json!({ "offset": offset })),
            Error::OAuthState { reason, .. } => Some(object([("reason", text(Some(*reason)))])),
            Error::Platform {
                provider,
                call,
                platform: p,
                ..
            } => Some(object([
                ("provider", text(Some(provider.as_str()))),
                ("call", text(Some(call.as_str()))),
                ("status", Some(p.status.into())),
                ("error", text(p.error.as_deref())),
                ("description", text(p.description.as_deref())),
                ("code", p.code.map(Into::into)),
                ("subcode", p.subcode.map(Into::into)),
                ("traceId", text(p.trace_id.as_deref())),
            ])),
            Error::ApiResponse {
                provider,
                call,
                status,
                ..
            } => Some(object([
                ("provider", text(Some(provider.as_str()))),
                ("call", text(Some(call.as_str()))),
                ("status", Some((*status).into())),
            ])),
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
            Error::OAuthProvider { path, problem } => write!(f, "{path}: {problem}"),
            Error::OAuthState { problem, .. } => write!(f, "state: {problem}"),
            Error::IdentityRules { path, problem } => write!(f, "rules{path}: {problem}"),
            Error::Platform {
                failure,
                provider,
                call,
                platform: p,
            } => {
                write!(f, "{provider} {call}: {}", p.status)?;
                if let Some(error) = &p.error {
                    write!(f, " {error}")?;
                }
                if let Some(code) = p.code {
                    write!(f, " #{code}")?;
                }
                if let Some(subcode) = p.subcode {
                    write!(f, "/{subcode}")?;
                }
                if let Some(description) = &p.description {
                    write!(f, ": {description}")?;
                }
                f.write_str(match failure {
                    Failure::Token => "",
                    Failure::InvalidGrant => {
                        "; the grant is invalid, expired, revoked or already used: if another \
                         process refreshed with the same single-use token, re-read the stored \
                         token; otherwise the user must connect again"
                    }
                    Failure::Api => "",
                    Failure::Unauthorized => {
                        "; the access token was rejected: refresh it and retry once, then ask \
                         the user to connect again"
                    }
                })
            }
            Error::ApiResponse {
                provider,
                call,
                status,
                problem,
            } => write!(f, "{provider} {call}: response {status}: {problem}"),
            Error::Random => {
                f.write_str("no secure random source: the host must provide crypto.getRandomValues")
            }
            Error::Mapping(problem) => write!(f, "{}: {}", problem.path, problem.message),
            Error::JsonPathSyntax { offset, message } => {
                write!(f, "JSONPath syntax error at character {offset}: {message}")
            }
            Error::MergeObservation { path, problem } | Error::MergePolicy { path, problem } => {
                write!(f, "{path}: {problem}")
            }
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
