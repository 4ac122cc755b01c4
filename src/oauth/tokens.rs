//! Token responses, read into one [`Token`] shape whatever the platform, and the refresh
//! decision.
//!
//! Platform quirks handled here:
//! - Meta: `expires_in` is absent for tokens that do not expire (Page tokens read with a
//!   long-lived user token); no `scope` (the requested scopes are assumed, RFC 6749 §5.1).
//! - Instagram Login: the code exchange answers `{"data":[{access_token, user_id,
//!   permissions}]}` (older apps: the same fields at the top level, `user_id` a number beyond
//!   2^53); `permissions` is a comma-separated string.
//! - LinkedIn: `refresh_token_expires_in`; its refresh tokens expire a fixed 365 days after the
//!   first grant, so a refresh never moves `refreshExpiresAt` later.
//! - TikTok: `refresh_expires_in`, `open_id` (kept as `userId`), comma-separated `scope`, and
//!   errors that may come with status 200.
//! - X and TikTok: refresh tokens rotate; a refresh answer without one leaves none (the old one
//!   is spent). Other platforms (Google) omit `refresh_token` on refresh and the old one is
//!   kept.
//! - X answers a spent or unknown refresh token with `invalid_request` ("Value passed for the
//!   token was invalid"), which is reported as `ERR_OAUTH_INVALID_GRANT`.
//! - Meta: code 190 (invalid or expired token) and subcodes 36007 / 36009 (authorization code
//!   expired / used; **uncertain**, from Meta's error texts) are invalid grants too.

use crate::error::{Error, Failure};
use crate::oauth::options::{id_string, object, text, Fields};
use crate::oauth::platform_error::{self, PlatformError};
use crate::oauth::providers::{Platform, Provider};
use serde_json::Value;

/// A token as stored for a connection. Times are unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Token {
    /// The access token.
    pub access_token: String,
    /// The token type, `Bearer` unless the platform says otherwise.
    pub token_type: String,
    /// Granted scopes: the response's, else the requested ones.
    pub scopes: Vec<String>,
    /// When the access token expires; absent when it does not (Meta Page tokens).
    pub expires_at: Option<i64>,
    /// The refresh token, when there is one.
    pub refresh_token: Option<String>,
    /// When the refresh token expires, when the platform says (LinkedIn, TikTok, Google).
    pub refresh_expires_at: Option<i64>,
    /// The platform's user id sent with the token: TikTok `open_id`, Instagram `user_id`.
    pub user_id: Option<String>,
    /// The OpenID Connect ID token (Google, LinkedIn with `openid`), unverified.
    pub id_token: Option<String>,
}

impl Token {
    /// `{ accessToken, tokenType, scopes, expiresAt?, refreshToken?, refreshExpiresAt?,
    /// userId?, idToken? }`.
    pub fn to_json(&self) -> Value {
        object([
            ("accessToken", text(Some(self.access_token.clone()))),
            ("tokenType", text(Some(self.token_type.clone()))),
            ("scopes", Some(self.scopes.clone().into())),
            ("expiresAt", self.expires_at.map(Value::from)),
            ("refreshToken", text(self.refresh_token.clone())),
            ("refreshExpiresAt", self.refresh_expires_at.map(Value::from)),
            ("userId", text(self.user_id.clone())),
            ("idToken", text(self.id_token.clone())),
        ])
    }

    /// A stored token in the [`Token::to_json`] shape (what a refresh keeps from it).
    pub fn from_json(fields: &Fields<'_>) -> Result<Token, Error> {
        Ok(Token {
            access_token: fields
                .opt_str("accessToken")?
                .unwrap_or_default()
                .to_owned(),
            refresh_token: fields.opt_str("refreshToken")?.map(str::to_owned),
            refresh_expires_at: fields
                .opt_u64("refreshExpiresAt")?
                .map(|at| i64::try_from(at).unwrap_or(i64::MAX)),
            user_id: fields.opt_str("userId")?.map(str::to_owned),
            ..Token::default()
        })
    }
}

/// What the caller knows besides the response.
#[derive(Debug, Clone, Default)]
pub struct TokenContext<'a> {
    /// The current time, unix seconds.
    pub now: i64,
    /// The stored token a refresh replaces: its refresh token is kept when the answer has
    /// none and the platform does not rotate them.
    pub previous: Option<&'a Token>,
    /// The scopes asked for, assumed granted when the answer does not list them.
    pub requested_scopes: Option<Vec<String>>,
}

/// Reads a token endpoint's answer (code exchange, refresh, long-lived exchange).
pub fn parse_token_response(
    provider: &Provider,
    status: u16,
    body: &str,
    context: &TokenContext<'_>,
) -> Result<Token, Error> {
    let success = (200..300).contains(&status);
    let value = match serde_json::from_slice::<Value>(body.as_bytes()) {
        Ok(value) => value,
        Err(_) if !success => Value::Null,
        Err(_) => {
            return Err(response_error(provider, status, "the body is not JSON"));
        }
    };
    if let Some(platform) = platform_error::read(status, &value) {
        return Err(token_error(provider, platform));
    }
    // Instagram Login wraps the code exchange's answer in `data[0]`.
    let value = match value.get("data").and_then(|data| data.get(0)) {
        Some(first) if first.get("access_token").is_some() => first,
        _ => &value,
    };
    let text = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let access_token = text("access_token")
        .ok_or_else(|| response_error(provider, status, "a success without an access_token"))?;
    let seconds_from_now = |name: &str| {
        let seconds = match value.get(name)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }?;
        // A non-positive lifetime is not a lifetime; treat it as unknown.
        (seconds > 0).then(|| context.now.saturating_add(seconds))
    };
    let mut scopes = match value.get("scope").or_else(|| value.get("permissions")) {
        Some(Value::String(list)) => list
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    if scopes.is_empty() {
        scopes = context.requested_scopes.clone().unwrap_or_default();
    }
    let mut token = Token {
        access_token,
        token_type: text("token_type").unwrap_or_else(|| "Bearer".into()),
        scopes,
        expires_at: seconds_from_now("expires_in"),
        refresh_token: text("refresh_token"),
        refresh_expires_at: seconds_from_now("refresh_token_expires_in")
            .or_else(|| seconds_from_now("refresh_expires_in")),
        user_id: value
            .get("open_id")
            .or_else(|| value.get("user_id"))
            .and_then(id_string),
        id_token: text("id_token"),
    };
    if let Some(previous) = context.previous {
        if token.refresh_token.is_none() && !provider.flag("refreshTokenRotates") {
            token.refresh_token = previous.refresh_token.clone();
            token.refresh_expires_at = token.refresh_expires_at.or(previous.refresh_expires_at);
        }
        if provider.flag("refreshTokenExpiryFixed") {
            if let (Some(new), Some(old)) = (token.refresh_expires_at, previous.refresh_expires_at)
            {
                token.refresh_expires_at = Some(new.min(old));
            }
        }
        if token.user_id.is_none() {
            token.user_id = previous.user_id.clone();
        }
    }
    Ok(token)
}

fn response_error(provider: &Provider, status: u16, problem: &str) -> Error {
    Error::ApiResponse {
        provider: provider.name.clone(),
        call: "token".into(),
        status,
        problem: problem.into(),
    }
}

fn token_error(provider: &Provider, platform: PlatformError) -> Error {
    Error::Platform {
        failure: if is_invalid_grant(provider.platform, &platform) {
            Failure::InvalidGrant
        } else {
            Failure::Token
        },
        provider: provider.name.clone(),
        call: "token".into(),
        platform: Box::new(platform),
    }
}

fn is_invalid_grant(platform: Platform, error: &PlatformError) -> bool {
    if error.error.as_deref() == Some("invalid_grant") {
        return true;
    }
    let description = error.description.as_deref().unwrap_or_default();
    match platform {
        Platform::X => {
            error.error.as_deref() == Some("invalid_request")
                && (description.contains("token was invalid")
                    || description.contains("authorization code was invalid"))
        }
        Platform::Meta | Platform::Instagram => {
            error.code == Some(190) || matches!(error.subcode, Some(36007 | 36009))
        }
        _ => false,
    }
}

/// Whether a token expiring at `expires_at` should be refreshed now: `now + skew ≥ expires_at`.
/// A token without an expiry never needs one.
pub fn needs_refresh(expires_at: Option<i64>, now: i64, skew_seconds: u64) -> bool {
    expires_at
        .is_some_and(|at| now.saturating_add(i64::try_from(skew_seconds).unwrap_or(i64::MAX)) >= at)
}

/// The default refresh margin: 5 minutes. For 60-day tokens (Meta, Instagram, LinkedIn)
/// pass days instead.
pub const DEFAULT_REFRESH_SKEW_SECONDS: u64 = 300;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::providers::resolve;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn provider(name: &str) -> Provider {
        resolve(&json!(name)).unwrap()
    }

    fn parse(name: &str, status: u16, body: Value) -> Result<Token, Error> {
        parse_token_response(
            &provider(name),
            status,
            &body.to_string(),
            &TokenContext {
                now: NOW,
                ..TokenContext::default()
            },
        )
    }

    // docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token (response sample).
    #[test]
    fn x_token_with_rotation() {
        let token = parse("x", 200, json!({ "token_type": "bearer", "expires_in": 7200, "access_token": "AT", "scope": "tweet.read users.read offline.access", "refresh_token": "RT" })).unwrap();
        assert_eq!(token.expires_at, Some(NOW + 7200));
        assert_eq!(token.scopes, ["tweet.read", "users.read", "offline.access"]);
        assert_eq!(token.token_type, "bearer");
        // A rotated refresh answer without a refresh token does not resurrect the spent one.
        let previous = Token {
            refresh_token: Some("OLD".into()),
            ..Token::default()
        };
        let refreshed = parse_token_response(
            &provider("x"),
            200,
            r#"{"access_token":"AT2","expires_in":7200}"#,
            &TokenContext {
                now: NOW,
                previous: Some(&previous),
                ..TokenContext::default()
            },
        )
        .unwrap();
        assert_eq!(refreshed.refresh_token, None);
    }

    #[test]
    fn x_spent_refresh_token_is_an_invalid_grant() {
        let err = parse("x", 400, json!({ "error": "invalid_request", "error_description": "Value passed for the token was invalid." })).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_INVALID_GRANT");
        assert_eq!(err.details().unwrap()["error"], "invalid_request");
        let other = parse("x", 400, json!({ "error": "invalid_request", "error_description": "Missing required parameter [code_verifier]." })).unwrap_err();
        assert_eq!(other.code(), "ERR_OAUTH_TOKEN");
    }

    // learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens:
    // { access_token, expires_in: 5184000, refresh_token, refresh_token_expires_in: 525600 }.
    #[test]
    fn linkedin_refresh_ceiling_never_moves_later() {
        let token = parse("linkedin", 200, json!({ "access_token": "AT", "expires_in": 5_184_000, "refresh_token": "RT", "refresh_token_expires_in": 31_536_000, "scope": "email,openid,profile" })).unwrap();
        assert_eq!(token.refresh_expires_at, Some(NOW + 31_536_000));
        assert_eq!(token.scopes, ["email", "openid", "profile"]);
        let later = parse_token_response(&provider("linkedin"), 200, &json!({ "access_token": "AT2", "expires_in": 5_184_000, "refresh_token": "RT", "refresh_token_expires_in": 31_536_000 }).to_string(), &TokenContext { now: NOW + 1000, previous: Some(&token), ..TokenContext::default() }).unwrap();
        assert_eq!(later.refresh_expires_at, token.refresh_expires_at);
    }

    // developers.tiktok.com/doc/oauth-user-access-token-management (response struct).
    #[test]
    fn tiktok_token_open_id_and_refresh_expiry() {
        let token = parse("tiktok", 200, json!({ "access_token": "act.example12345", "expires_in": 86400, "open_id": "afd97af1-b87b-48b9-ac98-410aghda5344", "refresh_expires_in": 31_536_000, "refresh_token": "rft.example12345", "scope": "user.info.basic,video.list", "token_type": "Bearer" })).unwrap();
        assert_eq!(
            token.user_id.as_deref(),
            Some("afd97af1-b87b-48b9-ac98-410aghda5344")
        );
        assert_eq!(token.refresh_expires_at, Some(NOW + 31_536_000));
        assert_eq!(token.scopes, ["user.info.basic", "video.list"]);
        // developers.tiktok.com/doc/oauth-error-handling: errors may arrive with 200.
        let err = parse("tiktok", 200, json!({ "error": "invalid_grant", "error_description": "Authorization code is expired.", "log_id": "20221026" })).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_INVALID_GRANT");
        assert_eq!(err.details().unwrap()["traceId"], "20221026");
    }

    // Instagram Platform, Business Login, step 2 response, and the legacy flat form whose
    // user_id is a number beyond 2^53.
    #[test]
    fn instagram_short_lived_shapes() {
        let token = parse("instagram", 200, json!({ "data": [{ "access_token": "EAACEdEose0", "user_id": "1020", "permissions": "instagram_business_basic,instagram_business_manage_messages" }] })).unwrap();
        assert_eq!(token.user_id.as_deref(), Some("1020"));
        assert_eq!(
            token.scopes,
            [
                "instagram_business_basic",
                "instagram_business_manage_messages"
            ]
        );
        assert_eq!(token.expires_at, None);
        let flat = parse_token_response(
            &provider("instagram"),
            200,
            r#"{"access_token":"IGQ","user_id":17841405793187218}"#,
            &TokenContext::default(),
        )
        .unwrap();
        assert_eq!(flat.user_id.as_deref(), Some("17841405793187218"));
        // …/reference/access_token: { access_token, token_type: "bearer", expires_in: 5183944 }.
        let long = parse(
            "instagram",
            200,
            json!({ "access_token": "lived", "token_type": "bearer", "expires_in": 5_183_944 }),
        )
        .unwrap();
        assert_eq!(long.expires_at, Some(NOW + 5_183_944));
        let err = parse("instagram", 400, json!({ "error_type": "OAuthException", "code": 400, "error_message": "Matching code was not found or was already used" })).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_TOKEN");
        assert_eq!(
            err.details().unwrap()["description"],
            "Matching code was not found or was already used"
        );
    }

    // developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived:
    // { access_token, token_type, expires_in: 5183944 }; Page tokens have no expires_in.
    #[test]
    fn meta_tokens_and_errors() {
        let long = parse(
            "facebook",
            200,
            json!({ "access_token": "EAAB", "token_type": "bearer", "expires_in": "5183944" }),
        )
        .unwrap();
        assert_eq!(long.expires_at, Some(NOW + 5_183_944));
        let page = parse_token_response(
            &provider("facebook"),
            200,
            r#"{"access_token":"EAAP","token_type":"bearer"}"#,
            &TokenContext {
                now: NOW,
                requested_scopes: Some(vec!["pages_show_list".into()]),
                ..TokenContext::default()
            },
        )
        .unwrap();
        assert_eq!(page.expires_at, None);
        assert_eq!(page.scopes, ["pages_show_list"]);
        let expired = parse("facebook", 400, json!({ "error": { "message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "A1" } })).unwrap_err();
        assert_eq!(expired.code(), "ERR_OAUTH_INVALID_GRANT");
        let used = parse("facebook", 400, json!({ "error": { "message": "This authorization code has been used.", "type": "OAuthException", "code": 100, "error_subcode": 36009 } })).unwrap_err();
        assert_eq!(used.code(), "ERR_OAUTH_INVALID_GRANT");
        let secret = parse("facebook", 400, json!({ "error": { "message": "Error validating client secret.", "type": "OAuthException", "code": 1 } })).unwrap_err();
        assert_eq!(secret.code(), "ERR_OAUTH_TOKEN");
    }

    // developers.google.com/identity/protocols/oauth2/web-server: refresh answers omit
    // refresh_token; revoked or expired refresh tokens give invalid_grant.
    #[test]
    fn google_refresh_keeps_the_refresh_token() {
        let first = parse("google", 200, json!({ "access_token": "ya29", "expires_in": 3599, "refresh_token": "1//0g", "scope": "https://www.googleapis.com/auth/youtube.readonly", "token_type": "Bearer", "id_token": "eyJ" })).unwrap();
        assert_eq!(first.id_token.as_deref(), Some("eyJ"));
        let refreshed = parse_token_response(
            &provider("google"),
            200,
            r#"{"access_token":"ya29b","expires_in":3599,"token_type":"Bearer"}"#,
            &TokenContext {
                now: NOW,
                previous: Some(&first),
                ..TokenContext::default()
            },
        )
        .unwrap();
        assert_eq!(refreshed.refresh_token.as_deref(), Some("1//0g"));
        let err = parse("google", 400, json!({ "error": "invalid_grant", "error_description": "Token has been expired or revoked." })).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_INVALID_GRANT");
        assert!(err
            .to_string()
            .contains("Token has been expired or revoked."));
    }

    #[test]
    fn unreadable_answers() {
        let html = parse_token_response(
            &provider("x"),
            502,
            "<html>Bad gateway</html>",
            &TokenContext::default(),
        )
        .unwrap_err();
        assert_eq!(html.code(), "ERR_OAUTH_TOKEN");
        assert_eq!(html.details().unwrap()["status"], 502);
        let ok_html = parse_token_response(&provider("x"), 200, "<html>", &TokenContext::default())
            .unwrap_err();
        assert_eq!(ok_html.code(), "ERR_API_RESPONSE");
        let no_token = parse("x", 200, json!({ "token_type": "bearer" })).unwrap_err();
        assert_eq!(no_token.code(), "ERR_API_RESPONSE");
    }

    #[test]
    fn errors_never_carry_tokens() {
        let body = json!({ "error": "invalid_grant", "error_description": "bad", "refresh_token": "SECRET-RT", "access_token": "SECRET-AT" });
        let err = parse("google", 400, body).unwrap_err();
        let text = format!("{err} {}", err.details().unwrap());
        assert!(!text.contains("SECRET"), "{text}");
    }

    #[test]
    fn refresh_decision() {
        assert!(!needs_refresh(None, NOW, 300));
        assert!(!needs_refresh(Some(NOW + 301), NOW, 300));
        assert!(needs_refresh(Some(NOW + 300), NOW, 300));
        assert!(needs_refresh(Some(NOW - 1), NOW, 0));
        assert!(needs_refresh(Some(NOW), NOW, u64::MAX));
    }
}
