//! The platforms' error bodies, read into one [`PlatformError`]. Each platform has its own
//! shape; a body is an error when the status is not 2xx or when it carries an error object
//! anyway (TikTok's token endpoint can answer 200 with `error`).
//!
//! | platform | shape |
//! |---|---|
//! | Meta Graph | `{"error":{"message","type","code","error_subcode","fbtrace_id"}}` |
//! | Instagram `api.instagram.com` | `{"error_type","code","error_message"}` |
//! | OAuth 2.0 (RFC 6749 §5.2): X, LinkedIn, TikTok, Google token endpoints | `{"error","error_description"}` (+ TikTok `log_id`) |
//! | TikTok API v2 | `{"error":{"code","message","log_id"}}`, `code: "ok"` on success |
//! | Google APIs | `{"error":{"code","message","status","errors":[{"reason","message"}]}}` |
//! | X API v2 | `{"title","detail","type","status"}` or `{"errors":[{"message","code"}]}` |
//! | LinkedIn | `{"status","serviceErrorCode","code","message"}` |

pub use crate::error::PlatformError;
use serde_json::Value;

/// Longest description kept; a proxy's error page must not fill a log line.
const MAX_DESCRIPTION: usize = 500;

/// The error in `body`, or `None` when the response is a success.
pub fn read(status: u16, body: &Value) -> Option<PlatformError> {
    let failed = !(200..300).contains(&status);
    let mut e = PlatformError {
        status,
        ..PlatformError::default()
    };
    let found = match body.get("error") {
        Some(Value::Object(error)) => {
            let code_name = error.get("code").and_then(Value::as_str);
            if code_name == Some("ok") {
                false
            } else {
                let reason = error
                    .get("errors")
                    .and_then(|errors| errors.get(0))
                    .and_then(|first| first.get("reason"))
                    .and_then(Value::as_str);
                e.error = text(
                    error
                        .get("type")
                        .and_then(Value::as_str)
                        .or(reason)
                        .or(code_name)
                        .or_else(|| error.get("status").and_then(Value::as_str)),
                );
                e.description = text(error.get("message").and_then(Value::as_str));
                e.code = error.get("code").and_then(Value::as_i64);
                e.subcode = error.get("error_subcode").and_then(Value::as_i64);
                e.trace_id = text(
                    error
                        .get("fbtrace_id")
                        .or_else(|| error.get("log_id"))
                        .and_then(Value::as_str),
                );
                true
            }
        }
        Some(Value::String(error)) => {
            e.error = text(Some(error));
            e.description = text(body.get("error_description").and_then(Value::as_str));
            e.trace_id = text(body.get("log_id").and_then(Value::as_str));
            true
        }
        _ if body.get("error_type").is_some() || body.get("error_message").is_some() => {
            e.error = text(body.get("error_type").and_then(Value::as_str));
            e.description = text(body.get("error_message").and_then(Value::as_str));
            e.code = body.get("code").and_then(Value::as_i64);
            true
        }
        _ if failed || (body.get("errors").is_some() && body.get("data").is_none()) => {
            let first = body.get("errors").and_then(|errors| errors.get(0));
            let field = |name: &str| {
                body.get(name)
                    .or_else(|| first.and_then(|f| f.get(name)))
                    .and_then(Value::as_str)
            };
            e.error = text(
                body.get("code")
                    .and_then(Value::as_str)
                    .or_else(|| field("title")),
            );
            e.description = text(field("message").or_else(|| field("detail")));
            e.code = body
                .get("serviceErrorCode")
                .or_else(|| first.and_then(|f| f.get("code")))
                .and_then(Value::as_i64);
            true
        }
        _ => false,
    };
    (found || failed).then_some(e)
}

fn text(value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    if value.is_empty() {
        return None;
    }
    Some(match value.char_indices().nth(MAX_DESCRIPTION) {
        Some((cut, _)) => format!("{}…", value.get(..cut).unwrap_or_default()),
        None => value.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn meta_graph_error() {
        // developers.facebook.com/docs/graph-api/guides/error-handling
        let body = json!({ "error": { "message": "Message describing the error", "type": "OAuthException", "code": 190, "error_subcode": 460, "error_user_title": "A title", "fbtrace_id": "EJplcsCHuLu" } });
        let e = read(400, &body).unwrap();
        assert_eq!(e.error.as_deref(), Some("OAuthException"));
        assert_eq!((e.code, e.subcode), (Some(190), Some(460)));
        assert_eq!(e.trace_id.as_deref(), Some("EJplcsCHuLu"));
    }

    #[test]
    fn oauth_and_tiktok_errors_even_with_200() {
        let body = json!({ "error": "invalid_grant", "error_description": "Authorization code is expired.", "log_id": "202206221854370101130062072500FFA2" });
        let e = read(200, &body).unwrap();
        assert_eq!(e.error.as_deref(), Some("invalid_grant"));
        assert_eq!(
            e.trace_id.as_deref(),
            Some("202206221854370101130062072500FFA2")
        );
        // TikTok API v2 success carries error.code "ok".
        let ok = json!({ "data": {}, "error": { "code": "ok", "message": "", "log_id": "1" } });
        assert_eq!(read(200, &ok), None);
        let bad = json!({ "data": {}, "error": { "code": "access_token_invalid", "message": "The access token is invalid or not found in the request.", "log_id": "2" } });
        assert_eq!(
            read(401, &bad).unwrap().error.as_deref(),
            Some("access_token_invalid")
        );
    }

    #[test]
    fn google_x_linkedin_and_instagram_shapes() {
        let google = json!({ "error": { "code": 403, "message": "The request cannot be completed because you have exceeded your quota.", "errors": [{ "message": "…", "domain": "youtube.quota", "reason": "quotaExceeded" }] } });
        let e = read(403, &google).unwrap();
        assert_eq!(
            (e.error.as_deref(), e.code),
            (Some("quotaExceeded"), Some(403))
        );
        let x = json!({ "title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized" });
        assert_eq!(
            read(401, &x).unwrap().error.as_deref(),
            Some("Unauthorized")
        );
        let x11 = json!({ "errors": [{ "code": 88, "message": "Rate limit exceeded" }] });
        let e = read(429, &x11).unwrap();
        assert_eq!(
            (e.code, e.description.as_deref()),
            (Some(88), Some("Rate limit exceeded"))
        );
        let linkedin = json!({ "status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN", "message": "The token used in the request has been revoked by the user" });
        let e = read(401, &linkedin).unwrap();
        assert_eq!(
            (e.error.as_deref(), e.code),
            (Some("REVOKED_ACCESS_TOKEN"), Some(65601))
        );
        let instagram = json!({ "error_type": "OAuthException", "code": 400, "error_message": "Matching code was not found or was already used" });
        assert_eq!(
            read(400, &instagram).unwrap().description.as_deref(),
            Some("Matching code was not found or was already used")
        );
    }

    #[test]
    fn successes_and_bare_failures() {
        assert_eq!(read(200, &json!({ "access_token": "t" })), None);
        // X partial errors beside data are not a failure.
        assert_eq!(
            read(
                200,
                &json!({ "data": [], "errors": [{ "title": "Not Found Error" }] })
            ),
            None
        );
        let bare = read(502, &Value::Null).unwrap();
        assert_eq!((bare.status, bare.error), (502, None));
        let long = read(
            500,
            &json!({ "error": "e", "error_description": "x".repeat(2000) }),
        )
        .unwrap();
        assert!(long.description.unwrap().chars().count() <= MAX_DESCRIPTION + 1);
    }
}
