//! The operations as the JS adapter calls them, through one entry point: an operation name,
//! one JSON option bag (the adapter has filled in `now`), the headers as one NUL-joined
//! string and the body as text. Every option is validated here, once, with a JSON Pointer to
//! what is wrong; results are plain JSON values.

use crate::error::Error;
use crate::oauth::options::{invalid, Fields};
use crate::oauth::providers::{self, Provider};
use crate::oauth::requests::{self, AuthorizationInput, Client};
use crate::oauth::retry::{self, Response, RetryPolicy};
use crate::oauth::tokens::{self, Token, TokenContext};
use crate::oauth::{calls, pkce, state};
use crate::webhook::Headers;
use serde_json::Value;

/// Runs operation `op` (the adapter's function name) over `options`.
pub fn run(op: &str, options: &Value, headers: &Headers<'_>, body: &str) -> Result<Value, Error> {
    let o = Fields::of(options, "")?;
    let provider = || match o.get("provider") {
        Some(spec) => providers::resolve(spec),
        None => Err(Error::OAuthProvider {
            path: "/provider".into(),
            problem: "the provider is required: a name such as \"facebook\" or a provider object"
                .into(),
        }),
    };
    let now = || {
        o.opt_u64("now")?
            .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
            .ok_or_else(|| invalid("/now", "expected unix seconds"))
    };
    let status = || {
        o.opt_u64("status")?
            .filter(|s| (100..=599).contains(s))
            .map(|s| s as u16)
            .ok_or_else(|| invalid("/status", "expected the HTTP status, 100 to 599"))
    };
    let client = || -> Result<Client<'_>, Error> {
        Ok(Client {
            id: o.opt_str("clientId")?.unwrap_or_default(),
            secret: o.opt_str("clientSecret")?.filter(|s| !s.is_empty()),
        })
    };
    let text = |name: &str| -> Result<&str, Error> { Ok(o.opt_str(name)?.unwrap_or_default()) };
    Ok(match op {
        "providers" => Value::Array(
            providers::all()?
                .into_iter()
                .map(Provider::into_json)
                .collect(),
        ),
        "provider" => provider()?.into_json(),
        "createAuthorization" => {
            let provider = provider()?;
            let input = AuthorizationInput {
                client_id: o.str("clientId")?,
                redirect_uri: o.str("redirectUri")?,
                scopes: o.opt_list("scopes")?,
                state_secret: text("stateSecret")?,
                data: o.get("data").cloned(),
                params: o.opt_pairs("params")?,
                now: now()?,
            };
            requests::create_authorization(&provider, &input)?.to_json()
        }
        "verifyState" => {
            let max_age = o
                .opt_u64("maxAgeSeconds")?
                .unwrap_or(state::DEFAULT_MAX_AGE_SECONDS);
            state::verify(
                text("state")?,
                text("stateSecret")?,
                now()?,
                max_age,
                o.opt_str("provider")?,
            )?
            .to_json()
        }
        "pkceChallenge" => {
            let method = pkce::Method::named(o.opt_str("method")?)
                .ok_or_else(|| invalid("/method", "expected \"S256\" or \"S256-hex\""))?;
            pkce::challenge(text("verifier")?, method)?.into()
        }
        "tokenRequest" => requests::token_request(
            &provider()?,
            client()?,
            text("code")?,
            text("redirectUri")?,
            o.opt_str("codeVerifier")?,
        )?
        .to_json(),
        "refreshRequest" => requests::refresh_request(
            &provider()?,
            client()?,
            o.opt_str("refreshToken")?,
            o.opt_str("accessToken")?,
        )?
        .to_json(),
        "longLivedTokenRequest" => {
            requests::long_lived_token_request(&provider()?, client()?, text("accessToken")?)?
                .to_json()
        }
        "revokeRequest" => requests::revoke_request(
            &provider()?,
            client()?,
            text("token")?,
            o.opt_str("tokenTypeHint")?,
        )?
        .to_json(),
        "parseTokenResponse" => {
            let previous = match o.get("previous") {
                Some(_) => Some(Token::from_json(&o.object("previous")?)?),
                None => None,
            };
            let context = TokenContext {
                now: now()?,
                previous: previous.as_ref(),
                requested_scopes: o
                    .opt_list("scopes")?
                    .map(|list| list.into_iter().map(str::to_owned).collect()),
            };
            tokens::parse_token_response(&provider()?, status()?, body, &context)?.to_json()
        }
        "needsRefresh" => {
            let expires_at = o
                .opt_u64("expiresAt")?
                .map(|at| i64::try_from(at).unwrap_or(i64::MAX));
            let skew = o
                .opt_u64("skewSeconds")?
                .unwrap_or(tokens::DEFAULT_REFRESH_SKEW_SECONDS);
            tokens::needs_refresh(expires_at, now()?, skew).into()
        }
        "retryPlan" => {
            let defaults = RetryPolicy::default();
            let number =
                |name: &str, default: u64| Ok::<u64, Error>(o.opt_u64(name)?.unwrap_or(default));
            let policy = RetryPolicy {
                max_attempts: u32::try_from(number("maxAttempts", defaults.max_attempts.into())?)
                    .unwrap_or(u32::MAX),
                base_delay_ms: number("baseDelayMs", defaults.base_delay_ms)?,
                max_delay_ms: number("maxDelayMs", defaults.max_delay_ms)?,
                max_wait_ms: number("maxWaitMs", defaults.max_wait_ms)?,
            };
            let response = Response {
                status: status()?,
                headers,
                body,
            };
            let attempt = u32::try_from(number("attempt", 1)?).unwrap_or(u32::MAX);
            retry::retry_plan(
                &provider()?,
                response,
                attempt,
                now()?,
                number("seed", 0)?,
                policy,
            )
            .to_json()
        }
        "apiRequest" => calls::request(
            &provider()?,
            o.str("call")?,
            text("token")?,
            &o.object("params")?,
        )?
        .to_json(),
        "parseApiResponse" => calls::parse(
            &provider()?,
            o.str("call")?,
            status()?,
            body,
            &o.object("params")?,
        )?,
        _ => return Err(invalid("", &format!("unknown operation {op:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(op: &str, options: Value) -> Result<Value, Error> {
        run(op, &options, &Headers::default(), "")
    }

    #[test]
    fn option_bags_are_validated_with_paths() {
        let cases = [
            (
                "createAuthorization",
                json!({ "clientId": "c" }),
                "ERR_OAUTH_PROVIDER",
                "/provider",
            ),
            (
                "createAuthorization",
                json!({ "provider": "x", "clientId": "c", "redirectUri": "https://h/cb", "stateSecret": "0123456789abcdef" }),
                "ERR_INVALID_ARGUMENT",
                "/now",
            ),
            (
                "createAuthorization",
                json!({ "provider": "x", "clientId": 1 }),
                "ERR_INVALID_ARGUMENT",
                "/clientId",
            ),
            (
                "parseTokenResponse",
                json!({ "provider": "x", "now": 1, "status": 99 }),
                "ERR_INVALID_ARGUMENT",
                "/status",
            ),
            (
                "parseTokenResponse",
                json!({ "provider": "x", "now": 1, "status": 200, "previous": { "refreshToken": 5 } }),
                "ERR_INVALID_ARGUMENT",
                "/previous/refreshToken",
            ),
            (
                "apiRequest",
                json!({ "provider": "facebook", "call": "lead", "token": "t" }),
                "ERR_INVALID_ARGUMENT",
                "/params/leadId",
            ),
            (
                "pkceChallenge",
                json!({ "verifier": "a".repeat(43), "method": "plain" }),
                "ERR_INVALID_ARGUMENT",
                "/method",
            ),
            (
                "verifyState",
                json!({ "state": "x.y", "stateSecret": "0123456789abcdef", "now": 1 }),
                "ERR_OAUTH_STATE",
                "/state",
            ),
            ("nope", json!({}), "ERR_INVALID_ARGUMENT", ""),
        ];
        for (op, options, code, path) in cases {
            let err = call(op, options).unwrap_err();
            assert_eq!(
                (err.code(), err.path().as_deref()),
                (code, Some(path)),
                "{op}"
            );
        }
    }

    #[test]
    fn every_operation_answers() {
        let secret = "0123456789abcdef0123456789abcdef";
        let started = call("createAuthorization", json!({ "provider": "x", "clientId": "c", "redirectUri": "https://h/cb", "stateSecret": secret, "now": 100, "data": { "tenant": 7 } })).unwrap();
        let state = started["state"].as_str().unwrap();
        let content = call(
            "verifyState",
            json!({ "state": state, "stateSecret": secret, "now": 160, "provider": "x" }),
        )
        .unwrap();
        assert_eq!(
            (
                content["provider"].as_str(),
                content["issuedAt"].as_i64(),
                &content["data"]
            ),
            (Some("x"), Some(100), &json!({ "tenant": 7 }))
        );
        let verifier = started["codeVerifier"].as_str().unwrap();
        let challenge = call("pkceChallenge", json!({ "verifier": verifier })).unwrap();
        assert!(started["url"]
            .as_str()
            .unwrap()
            .contains(&format!("code_challenge={}", challenge.as_str().unwrap())));
        let request = call("tokenRequest", json!({ "provider": { "extends": "facebook", "apiVersion": "v24.0" }, "clientId": "app", "clientSecret": "s", "code": "C", "redirectUri": "https://h/cb" })).unwrap();
        assert_eq!(
            request["url"],
            "https://graph.facebook.com/v24.0/oauth/access_token"
        );
        assert_eq!(call("refreshRequest", json!({ "provider": "google", "clientId": "c", "clientSecret": "s", "refreshToken": "r" })).unwrap()["method"], "POST");
        assert_eq!(call("longLivedTokenRequest", json!({ "provider": "instagram", "clientId": "c", "clientSecret": "s", "accessToken": "a" })).unwrap()["method"], "GET");
        assert_eq!(
            call(
                "revokeRequest",
                json!({ "provider": "facebook", "token": "t" })
            )
            .unwrap()["method"],
            "DELETE"
        );
        assert_eq!(
            call("providers", json!({}))
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            8
        );
        assert_eq!(
            call("provider", json!({ "provider": "x" })).unwrap()["pkce"],
            "required"
        );
        assert_eq!(
            call("needsRefresh", json!({ "expiresAt": 1000, "now": 600 })).unwrap(),
            json!(false)
        );
        assert_eq!(
            call("needsRefresh", json!({ "expiresAt": 1000, "now": 800 })).unwrap(),
            json!(true)
        );
        assert_eq!(
            call(
                "needsRefresh",
                json!({ "expiresAt": 1000, "now": 799, "skewSeconds": 200 })
            )
            .unwrap(),
            json!(false)
        );
        assert_eq!(
            call("needsRefresh", json!({ "now": 800 })).unwrap(),
            json!(false)
        );
        assert_eq!(call("apiRequest", json!({ "provider": "x", "call": "me", "token": "t" })).unwrap()["url"], "https://api.x.com/2/users/me?user.fields=profile_image_url%2Cdescription%2Cverified%2Ccreated_at");
        let me = run(
            "parseApiResponse",
            &json!({ "provider": "x", "call": "me", "status": 200 }),
            &Headers::default(),
            r#"{"data":{"id":"1440000000000000001"}}"#,
        )
        .unwrap();
        assert_eq!(me, json!({ "id": "1440000000000000001" }));
    }

    #[test]
    fn token_and_retry_operations_read_headers_and_bodies() {
        let token = run(
            "parseTokenResponse",
            &json!({ "provider": "google", "status": 200, "now": 100, "previous": { "accessToken": "old", "refreshToken": "RT", "refreshExpiresAt": 999 } }),
            &Headers::default(),
            r#"{"access_token":"new","expires_in":3600}"#,
        )
        .unwrap();
        assert_eq!(
            token,
            json!({ "accessToken": "new", "tokenType": "Bearer", "scopes": [], "expiresAt": 3700, "refreshToken": "RT", "refreshExpiresAt": 999 })
        );
        let headers: Headers<'_> = [("Retry-After", "2")].into_iter().collect();
        let plan = run(
            "retryPlan",
            &json!({ "provider": "x", "status": 503, "now": 0, "seed": 1, "attempt": 1 }),
            &headers,
            "",
        )
        .unwrap();
        assert_eq!(plan["reason"], "retry-after");
        assert_eq!(plan["retry"], true);
        let plan = call(
            "retryPlan",
            json!({ "provider": "x", "status": 503, "now": 0, "attempt": 2, "maxAttempts": 2 }),
        )
        .unwrap();
        assert_eq!(
            plan,
            json!({ "retry": false, "delayMs": 0, "reason": "attempts-exhausted" })
        );
    }
}
