//! Request descriptors: everything a host's `fetch` needs (`{ url, method, headers, body }`)
//! for the authorization URL, the code exchange, refresh, the long-lived exchange and
//! revocation. Pure: the core never sends anything.

use crate::error::Error;
use crate::oauth::options::{invalid, object};
use crate::oauth::pkce;
use crate::oauth::providers::{Platform, Provider};
use crate::oauth::state;
use crate::webhook::encoding::base64_encode;
use crate::webhook::form::{encode_component, encode_pairs};
use serde_json::{Map, Value};

/// An HTTP request for the host to send: `fetch(request.url, request)` works as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The absolute URL, query included.
    pub url: String,
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body (form-encoded or JSON); `None` for `GET` and `DELETE`.
    pub body: Option<String>,
}

const FORM: &str = "application/x-www-form-urlencoded";

impl HttpRequest {
    /// A request with `accept: application/json`.
    pub fn new(method: &'static str, url: String) -> Self {
        HttpRequest {
            url,
            method,
            headers: vec![("accept".into(), "application/json".into())],
            body: None,
        }
    }

    /// A `GET` of `url` with `query` appended.
    pub fn get(url: &str, query: &[(&str, &str)]) -> Self {
        HttpRequest::new("GET", with_query(url, query))
    }

    /// A `POST` of a form body.
    pub fn post_form(url: &str, form: &[(&str, &str)]) -> Self {
        HttpRequest::new("POST", url.to_owned()).body(FORM, encode_pairs(form))
    }

    /// Sets the body and its content type.
    pub fn body(self, content_type: &str, body: String) -> Self {
        let mut request = self.header("content-type", content_type);
        request.body = Some(body);
        request
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds `authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    /// `{ url, method, headers: { name: value }, body? }`.
    pub fn to_json(&self) -> Value {
        let mut headers = Map::new();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), Value::String(value.clone()));
        }
        object([
            ("url", Some(self.url.clone().into())),
            ("method", Some(self.method.into())),
            ("headers", Some(Value::Object(headers))),
            ("body", self.body.clone().map(Value::String)),
        ])
    }
}

/// `url` with `query` appended (after `?`, or `&` when it already has a query).
pub fn with_query(url: &str, query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", encode_pairs(query))
}

/// The app's credentials at the provider.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    /// The client id (TikTok: client key; Meta: app id).
    pub id: &'a str,
    /// The client secret; `None` for a public client (X without a secret).
    pub secret: Option<&'a str>,
}

/// What [`create_authorization`] needs.
#[derive(Debug, Clone)]
pub struct AuthorizationInput<'a> {
    /// The app's client id.
    pub client_id: &'a str,
    /// Where the provider sends the user back; must match the app's registration exactly.
    pub redirect_uri: &'a str,
    /// Scopes to ask for; `None` for the provider's defaults.
    pub scopes: Option<Vec<&'a str>>,
    /// The secret the state is signed with.
    pub state_secret: &'a str,
    /// The host's data carried through the round trip in the signed state.
    pub data: Option<Value>,
    /// Extra authorization parameters (`prompt`, `login_hint`, Meta's `config_id`, …).
    pub params: Vec<(&'a str, &'a str)>,
    /// The current time, unix seconds.
    pub now: i64,
}

/// The start of an authorization: send the user to `url`; keep `code_verifier` (server side,
/// or in an encrypted cookie) for the code exchange; `state` comes back on the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The authorization URL.
    pub url: String,
    /// The signed state sent with it.
    pub state: String,
    /// The PKCE verifier, when the provider takes PKCE.
    pub code_verifier: Option<String>,
}

impl Authorization {
    /// `{ url, state, codeVerifier? }`.
    pub fn to_json(&self) -> Value {
        object([
            ("url", Some(self.url.clone().into())),
            ("state", Some(self.state.clone().into())),
            (
                "codeVerifier",
                self.code_verifier.clone().map(Value::String),
            ),
        ])
    }
}

/// Parameters [`authorization_url`] sets itself.
const RESERVED: &[&str] = &[
    "response_type",
    "client_id",
    "client_key",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

/// A new authorization: a fresh PKCE verifier (unless the provider does not take PKCE), a
/// signed state, and the URL.
pub fn create_authorization(
    provider: &Provider,
    input: &AuthorizationInput<'_>,
) -> Result<Authorization, Error> {
    let code_verifier = if provider.is("pkce", "unsupported") {
        None
    } else {
        Some(pkce::new_verifier()?)
    };
    let challenge = match &code_verifier {
        Some(verifier) => {
            let method =
                pkce::Method::named(provider.str("pkceMethod")).unwrap_or(pkce::Method::S256);
            Some(pkce::challenge(verifier, method)?)
        }
        None => None,
    };
    let state = state::create(
        &provider.name,
        input.data.clone(),
        input.now,
        input.state_secret,
    )?;
    let url = authorization_url(provider, input, &state, challenge.as_deref())?;
    Ok(Authorization {
        url,
        state,
        code_verifier,
    })
}

/// The authorization URL (RFC 6749 §4.1.1, RFC 7636 §4.3).
pub fn authorization_url(
    provider: &Provider,
    input: &AuthorizationInput<'_>,
    state: &str,
    code_challenge: Option<&str>,
) -> Result<String, Error> {
    let base = provider
        .str("authorizeUrl")
        .ok_or_else(|| provider.cannot("authorize flow"))?;
    if let Some((name, _)) = input.params.iter().find(|(n, _)| RESERVED.contains(n)) {
        return Err(invalid(
            &format!("/params/{name}"),
            "is set by createAuthorization itself",
        ));
    }
    let separator = provider.str("scopeSeparator").unwrap_or(" ");
    let scopes = match &input.scopes {
        Some(scopes) => scopes.join(separator),
        None => provider.list("defaultScopes").join(separator),
    };
    let mut query: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        (
            provider.str("clientIdParam").unwrap_or("client_id"),
            input.client_id,
        ),
        ("redirect_uri", input.redirect_uri),
    ];
    if !scopes.is_empty() {
        query.push(("scope", &scopes));
    }
    query.push(("state", state));
    if let Some(challenge) = code_challenge {
        query.push(("code_challenge", challenge));
        query.push(("code_challenge_method", "S256"));
    }
    for pair in provider.pairs("authorizeParams") {
        if !input.params.iter().any(|(n, _)| *n == pair.0) {
            query.push(pair);
        }
    }
    query.extend(input.params.iter().copied());
    Ok(with_query(base, &query))
}

fn require<'a>(value: Option<&'a str>, path: &str, what: &str) -> Result<&'a str, Error> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| invalid(path, &format!("{what} is required")))
}

/// A POST to a token endpoint with the client's credentials as the provider takes them.
fn token_endpoint(
    provider: &Provider,
    url: &str,
    client: Client<'_>,
    form: &[(&str, &str)],
) -> Result<HttpRequest, Error> {
    require(Some(client.id), "/clientId", "the app's client id")?;
    let mut form = form.to_vec();
    let basic = provider.is("clientAuth", "basic");
    match client.secret {
        // RFC 6749 §2.3.1: id and secret are form-encoded before the Basic encoding.
        Some(secret) if basic => {
            let pair = format!(
                "{}:{}",
                encode_component(client.id),
                encode_component(secret)
            );
            let request = HttpRequest::post_form(url, &form);
            return Ok(request.header(
                "authorization",
                &format!("Basic {}", base64_encode(pair.as_bytes())),
            ));
        }
        // A public client identifies itself in the body.
        None if basic => form.push(("client_id", client.id)),
        Some(secret) => {
            form.push((
                provider.str("clientIdParam").unwrap_or("client_id"),
                client.id,
            ));
            form.push(("client_secret", secret));
        }
        None if provider.platform == Platform::Generic => {
            form.push(("client_id", client.id));
        }
        None => {
            return Err(invalid(
                "/clientSecret",
                &format!("{} needs the app's client secret", provider.name),
            ))
        }
    }
    Ok(HttpRequest::post_form(url, &form))
}

/// The code exchange (RFC 6749 §4.1.3), with the PKCE verifier when the provider takes one.
/// Always a form POST: Meta documents a GET with the same parameters in the query, but its
/// token endpoint takes the POST (passport-facebook and Nango send one), which keeps the app
/// secret out of URLs and logs.
pub fn token_request(
    provider: &Provider,
    client: Client<'_>,
    code: &str,
    redirect_uri: &str,
    code_verifier: Option<&str>,
) -> Result<HttpRequest, Error> {
    let url = provider
        .str("tokenUrl")
        .ok_or_else(|| provider.cannot("token endpoint"))?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        (
            "code",
            require(Some(code), "/code", "the authorization code")?,
        ),
        (
            "redirect_uri",
            require(Some(redirect_uri), "/redirectUri", "the redirect URI")?,
        ),
    ];
    match code_verifier {
        _ if provider.is("pkce", "unsupported") => {}
        Some(verifier) => {
            pkce::check_verifier(verifier)?;
            form.push(("code_verifier", verifier));
        }
        None if provider.is("pkce", "required") => {
            return Err(invalid(
                "/codeVerifier",
                &format!(
                    "{} requires PKCE: pass the codeVerifier createAuthorization returned",
                    provider.name
                ),
            ))
        }
        None => {}
    }
    token_endpoint(provider, url, client, &form)
}

/// A refresh: `grant_type=refresh_token` (RFC 6749 §6), or Instagram's `ig_refresh_token`,
/// which refreshes the long-lived access token itself.
pub fn refresh_request(
    provider: &Provider,
    client: Client<'_>,
    refresh_token: Option<&str>,
    access_token: Option<&str>,
) -> Result<HttpRequest, Error> {
    let (Some(grant), Some(url)) = (provider.str("refreshGrant"), provider.str("refreshUrl"))
    else {
        return Err(provider.cannot("refresh grant"));
    };
    if grant == "ig_refresh_token" {
        let token = require(
            access_token,
            "/accessToken",
            "the long-lived access token (Instagram refreshes it; there is no refresh token)",
        )?;
        return Ok(HttpRequest::get(
            url,
            &[("grant_type", grant), ("access_token", token)],
        ));
    }
    let token = require(refresh_token, "/refreshToken", "the refresh token")?;
    token_endpoint(
        provider,
        url,
        client,
        &[("grant_type", "refresh_token"), ("refresh_token", token)],
    )
}

/// Meta's `fb_exchange_token` or Instagram's `ig_exchange_token`: a short-lived user token in,
/// a long-lived one out. The URL carries the app secret, as both platforms document it: do not
/// log it.
pub fn long_lived_token_request(
    provider: &Provider,
    client: Client<'_>,
    access_token: &str,
) -> Result<HttpRequest, Error> {
    let (Some(grant), Some(url)) = (provider.str("longLivedGrant"), provider.str("longLivedUrl"))
    else {
        return Err(provider.cannot("long-lived token exchange"));
    };
    let token = require(
        Some(access_token),
        "/accessToken",
        "the short-lived access token",
    )?;
    let secret = require(client.secret, "/clientSecret", "the app secret")?;
    Ok(if grant == "fb_exchange_token" {
        HttpRequest::get(
            url,
            &[
                ("grant_type", grant),
                ("client_id", client.id),
                ("client_secret", secret),
                ("fb_exchange_token", token),
            ],
        )
    } else {
        HttpRequest::get(
            url,
            &[
                ("grant_type", grant),
                ("client_secret", secret),
                ("access_token", token),
            ],
        )
    })
}

/// Revokes a token: RFC 7009 where the platform follows it, Google's token-only form, or
/// Meta's `DELETE /me/permissions`, which removes the app's grant.
pub fn revoke_request(
    provider: &Provider,
    client: Client<'_>,
    token: &str,
    token_type_hint: Option<&str>,
) -> Result<HttpRequest, Error> {
    let url = provider
        .str("revokeUrl")
        .ok_or_else(|| provider.cannot("token revocation endpoint"))?;
    let token = require(Some(token), "/token", "the token to revoke")?;
    if provider.is("revokeStyle", "graph-permissions") {
        return Ok(HttpRequest::new("DELETE", url.to_owned()).bearer(token));
    }
    let mut form = vec![("token", token)];
    if provider.is("revokeStyle", "token") {
        return Ok(HttpRequest::post_form(url, &form));
    }
    if let Some(hint) = token_type_hint {
        form.push(("token_type_hint", hint));
    }
    token_endpoint(provider, url, client, &form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::providers::resolve;
    use crate::webhook::form::parse;
    use serde_json::json;

    const SECRET: &str = "state-secret-0123456789abcdef";

    fn provider(name: &str) -> Provider {
        resolve(&json!(name)).unwrap()
    }

    fn input<'a>(scopes: Option<Vec<&'a str>>) -> AuthorizationInput<'a> {
        AuthorizationInput {
            client_id: "client-1",
            redirect_uri: "https://crm.example/oauth/callback",
            scopes,
            state_secret: SECRET,
            data: None,
            params: Vec::new(),
            now: 1_700_000_000,
        }
    }

    fn query(url: &str) -> Vec<(String, String)> {
        crate::webhook::form::query_pairs(url)
    }

    fn form(request: &HttpRequest) -> Vec<(String, String)> {
        parse(request.body.as_deref().unwrap_or_default().as_bytes())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    // docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code: "https://x.com/i/
    // oauth2/authorize?response_type=code&client_id=…&redirect_uri=…&scope=tweet.read%20
    // users.read%20follows.read%20offline.access&state=state&code_challenge=challenge&
    // code_challenge_method=plain" (we always send S256).
    #[test]
    fn x_authorize_url_has_pkce_and_space_separated_scopes() {
        let x = provider("x");
        let url = authorization_url(
            &x,
            &input(Some(vec!["tweet.read", "users.read", "offline.access"])),
            "st",
            Some("ch"),
        )
        .unwrap();
        assert_eq!(
            url,
            "https://x.com/i/oauth2/authorize?response_type=code&client_id=client-1&redirect_uri=https%3A%2F%2Fcrm.example%2Foauth%2Fcallback&scope=tweet.read%20users.read%20offline.access&state=st&code_challenge=ch&code_challenge_method=S256"
        );
    }

    // developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow: "https://www.
    // facebook.com/v{N}/dialog/oauth?client_id={app-id}&redirect_uri={redirect-uri}&state=…",
    // scope "a comma or space separated list".
    #[test]
    fn facebook_authorize_url_is_versioned_with_comma_scopes() {
        let fb = provider("facebook");
        let url = authorization_url(&fb, &input(None), "st", None).unwrap();
        let q = query(&url);
        assert!(url.starts_with("https://www.facebook.com/v26.0/dialog/oauth?"));
        assert!(q.contains(&("scope".into(), "pages_show_list,pages_read_engagement,pages_manage_metadata,pages_messaging,leads_retrieval".into())));
        assert!(q.contains(&("client_id".into(), "client-1".into())));
    }

    // Instagram Platform, Business Login: "https://www.instagram.com/oauth/authorize?client_id=
    // …&redirect_uri=…&response_type=code&scope=instagram_business_basic,…" (comma-separated).
    #[test]
    fn instagram_authorize_url_has_no_pkce_and_comma_scopes() {
        let ig = provider("instagram");
        let authorization = create_authorization(&ig, &input(None)).unwrap();
        assert_eq!(authorization.code_verifier, None);
        let q = query(&authorization.url);
        assert!(authorization
            .url
            .starts_with("https://www.instagram.com/oauth/authorize?"));
        assert!(q.contains(&("scope".into(), "instagram_business_basic,instagram_business_manage_messages,instagram_business_manage_comments".into())));
        assert!(!q.iter().any(|(k, _)| k == "code_challenge"));
    }

    // TikTok Login Kit for Web: "https://www.tiktok.com/v2/auth/authorize/?client_key=…&
    // scope=user.info.basic,video.list&response_type=code&redirect_uri=…&state=…".
    #[test]
    fn tiktok_uses_client_key() {
        let tiktok = provider("tiktok");
        let url = authorization_url(
            &tiktok,
            &input(Some(vec!["user.info.basic", "video.list"])),
            "st",
            None,
        )
        .unwrap();
        let q = query(&url);
        assert!(q.contains(&("client_key".into(), "client-1".into())));
        assert!(q.contains(&("scope".into(), "user.info.basic,video.list".into())));
        assert!(!q.iter().any(|(k, _)| k == "client_id"));
    }

    // developers.google.com/identity/protocols/oauth2/web-server: access_type=offline for a
    // refresh token; prompt=consent to get one again. A caller's param overrides the default.
    #[test]
    fn google_adds_offline_access_and_callers_can_override() {
        let google = provider("google");
        let mut i = input(None);
        i.params = vec![("prompt", "select_account"), ("login_hint", "a@b.example")];
        let q = query(&authorization_url(&google, &i, "st", None).unwrap());
        assert!(q.contains(&("access_type".into(), "offline".into())));
        assert!(q.contains(&("prompt".into(), "select_account".into())));
        assert!(!q.contains(&("prompt".into(), "consent".into())));
        assert!(q.contains(&("login_hint".into(), "a@b.example".into())));
        i.params = vec![("state", "mine")];
        assert_eq!(
            authorization_url(&google, &i, "st", None)
                .unwrap_err()
                .path()
                .as_deref(),
            Some("/params/state")
        );
    }

    #[test]
    fn whatsapp_has_no_authorize_flow() {
        let err = create_authorization(&provider("whatsapp"), &input(None)).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_PROVIDER");
        assert!(err.to_string().contains("system-user token"), "{err}");
    }

    #[test]
    fn created_authorizations_carry_a_matching_challenge_and_a_valid_state() {
        let x = provider("x");
        let mut i = input(None);
        i.data = Some(json!({ "tenant": "t1" }));
        let a = create_authorization(&x, &i).unwrap();
        let verifier = a.code_verifier.clone().unwrap();
        let q = query(&a.url);
        let challenge = pkce::challenge(&verifier, pkce::Method::S256).unwrap();
        assert!(q.contains(&("code_challenge".into(), challenge)));
        assert!(q.contains(&("state".into(), a.state.clone())));
        let content = state::verify(&a.state, SECRET, 1_700_000_000, 600, Some("x")).unwrap();
        assert_eq!(content.data, Some(json!({ "tenant": "t1" })));
    }

    // docs.x.com …/authorization-code, step 3: POST https://api.x.com/2/oauth2/token with
    // code, grant_type=authorization_code, redirect_uri, code_verifier; confidential clients
    // authenticate with "Authorization: Basic <base64 of client_id:client_secret>", public
    // clients send client_id.
    #[test]
    fn x_token_request_basic_for_confidential_clients_body_for_public() {
        let x = provider("x");
        let verifier = "a".repeat(43);
        let confidential = token_request(
            &x,
            Client {
                id: "id",
                secret: Some("sec"),
            },
            "CODE",
            "https://h/cb",
            Some(&verifier),
        )
        .unwrap();
        assert_eq!(confidential.url, "https://api.x.com/2/oauth2/token");
        assert_eq!(confidential.method, "POST");
        assert_eq!(
            header(&confidential, "authorization"),
            Some("Basic aWQ6c2Vj")
        );
        assert_eq!(header(&confidential, "content-type"), Some(FORM));
        assert_eq!(
            form(&confidential),
            pairs(&[
                ("grant_type", "authorization_code"),
                ("code", "CODE"),
                ("redirect_uri", "https://h/cb"),
                ("code_verifier", &verifier)
            ])
        );
        let public = token_request(
            &x,
            Client {
                id: "id",
                secret: None,
            },
            "CODE",
            "https://h/cb",
            Some(&verifier),
        )
        .unwrap();
        assert_eq!(header(&public, "authorization"), None);
        assert!(form(&public).contains(&("client_id".into(), "id".into())));
        let err = token_request(
            &x,
            Client {
                id: "id",
                secret: None,
            },
            "CODE",
            "https://h/cb",
            None,
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/codeVerifier"));
    }

    // learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow: POST
    // https://www.linkedin.com/oauth/v2/accessToken, form grant_type=authorization_code, code,
    // client_id, client_secret, redirect_uri.
    #[test]
    fn linkedin_token_request_sends_credentials_in_the_body() {
        let linkedin = provider("linkedin");
        let request = token_request(
            &linkedin,
            Client {
                id: "id",
                secret: Some("s&c=t"),
            },
            "C",
            "https://h/cb",
            Some(&"a".repeat(43)),
        )
        .unwrap();
        assert_eq!(request.url, "https://www.linkedin.com/oauth/v2/accessToken");
        assert_eq!(
            form(&request),
            pairs(&[
                ("grant_type", "authorization_code"),
                ("code", "C"),
                ("redirect_uri", "https://h/cb"),
                ("client_id", "id"),
                ("client_secret", "s&c=t")
            ])
        );
        assert!(request
            .body
            .as_deref()
            .unwrap()
            .contains("client_secret=s%26c%3Dt"));
    }

    // developers.tiktok.com/doc/oauth-user-access-token-management: POST https://open.
    // tiktokapis.com/v2/oauth/token/ form client_key, client_secret, code, grant_type,
    // redirect_uri, code_verifier ("required for mobile and desktop app only").
    #[test]
    fn tiktok_token_and_refresh_requests() {
        let tiktok = provider("tiktok");
        let client = Client {
            id: "ck",
            secret: Some("cs"),
        };
        let request = token_request(&tiktok, client, "C", "https://h/cb", None).unwrap();
        assert_eq!(request.url, "https://open.tiktokapis.com/v2/oauth/token/");
        assert_eq!(
            form(&request),
            pairs(&[
                ("grant_type", "authorization_code"),
                ("code", "C"),
                ("redirect_uri", "https://h/cb"),
                ("client_key", "ck"),
                ("client_secret", "cs")
            ])
        );
        // developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token
        let refresh = refresh_request(&tiktok, client, Some("RT"), None).unwrap();
        assert_eq!(
            form(&refresh),
            pairs(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "RT"),
                ("client_key", "ck"),
                ("client_secret", "cs")
            ])
        );
    }

    // Instagram Platform, Business Login, step 2: POST https://api.instagram.com/oauth/
    // access_token form client_id, client_secret, grant_type=authorization_code, redirect_uri,
    // code. …/reference/access_token: GET graph.instagram.com/access_token?grant_type=
    // ig_exchange_token&client_secret&access_token. …/reference/refresh_access_token: GET
    // graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token.
    #[test]
    fn instagram_token_exchange_and_refresh() {
        let ig = provider("instagram");
        let client = Client {
            id: "app",
            secret: Some("sec"),
        };
        let request =
            token_request(&ig, client, "C", "https://h/cb", Some(&"a".repeat(43))).unwrap();
        assert_eq!(request.url, "https://api.instagram.com/oauth/access_token");
        assert!(!form(&request).iter().any(|(k, _)| k == "code_verifier"));
        let long = long_lived_token_request(&ig, client, "SHORT").unwrap();
        assert_eq!(long.method, "GET");
        assert_eq!(long.url, "https://graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=sec&access_token=SHORT");
        let refresh = refresh_request(&ig, client, None, Some("LONG")).unwrap();
        assert_eq!(refresh.url, "https://graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token=LONG");
        assert_eq!(
            refresh_request(&ig, client, Some("RT"), None)
                .unwrap_err()
                .path()
                .as_deref(),
            Some("/accessToken")
        );
    }

    // developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived: "GET
    // https://graph.facebook.com/{graph-api-version}/oauth/access_token?grant_type=
    // fb_exchange_token&client_id={app-id}&client_secret={app-secret}&fb_exchange_token={your-
    // access-token}".
    #[test]
    fn facebook_long_lived_exchange_and_no_refresh() {
        let fb = provider("facebook");
        let client = Client {
            id: "app",
            secret: Some("sec"),
        };
        let long = long_lived_token_request(&fb, client, "SHORT").unwrap();
        assert_eq!(long.url, "https://graph.facebook.com/v26.0/oauth/access_token?grant_type=fb_exchange_token&client_id=app&client_secret=sec&fb_exchange_token=SHORT");
        let err = refresh_request(&fb, client, Some("x"), None).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_PROVIDER");
        assert!(err.to_string().contains("long-lived"), "{err}");
        let exchange = token_request(&fb, client, "C", "https://h/cb", None).unwrap();
        assert_eq!(
            exchange.url,
            "https://graph.facebook.com/v26.0/oauth/access_token"
        );
        assert_eq!(
            form(&exchange),
            pairs(&[
                ("grant_type", "authorization_code"),
                ("code", "C"),
                ("redirect_uri", "https://h/cb"),
                ("client_id", "app"),
                ("client_secret", "sec")
            ])
        );
        let err = long_lived_token_request(
            &fb,
            Client {
                id: "app",
                secret: None,
            },
            "SHORT",
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/clientSecret"));
        assert_eq!(
            long_lived_token_request(&provider("x"), client, "t")
                .unwrap_err()
                .code(),
            "ERR_OAUTH_PROVIDER"
        );
    }

    // developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke: POST
    // https://oauth2.googleapis.com/revoke with token. docs.x.com …/authorization-code: POST
    // https://api.x.com/2/oauth2/revoke with token and token_type_hint.
    #[test]
    fn revoke_requests() {
        let client = Client {
            id: "id",
            secret: Some("sec"),
        };
        let google = revoke_request(&provider("google"), client, "TOK", None).unwrap();
        assert_eq!(google.url, "https://oauth2.googleapis.com/revoke");
        assert_eq!(form(&google), pairs(&[("token", "TOK")]));
        let x = revoke_request(&provider("x"), client, "TOK", Some("refresh_token")).unwrap();
        assert_eq!(
            form(&x),
            pairs(&[("token", "TOK"), ("token_type_hint", "refresh_token")])
        );
        assert_eq!(header(&x, "authorization"), Some("Basic aWQ6c2Vj"));
        let fb = revoke_request(&provider("facebook"), client, "TOK", None).unwrap();
        assert_eq!(
            (fb.method, fb.url.as_str()),
            ("DELETE", "https://graph.facebook.com/v26.0/me/permissions")
        );
        assert_eq!(header(&fb, "authorization"), Some("Bearer TOK"));
        assert_eq!(
            revoke_request(&provider("instagram"), client, "TOK", None)
                .unwrap_err()
                .code(),
            "ERR_OAUTH_PROVIDER"
        );
    }

    #[test]
    fn missing_secrets_and_codes_are_named() {
        let google = provider("google");
        let err = token_request(
            &google,
            Client {
                id: "id",
                secret: None,
            },
            "C",
            "https://h/cb",
            None,
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/clientSecret"));
        let err = token_request(
            &google,
            Client {
                id: "id",
                secret: Some("s"),
            },
            "",
            "https://h/cb",
            None,
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/code"));
        let err = refresh_request(
            &google,
            Client {
                id: "id",
                secret: Some("s"),
            },
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/refreshToken"));
    }

    #[test]
    fn serialises_as_a_fetch_init() {
        let request = HttpRequest::post_form("https://a.test/t", &[("a", "1")]).bearer("T");
        assert_eq!(
            request.to_json(),
            json!({ "url": "https://a.test/t", "method": "POST", "headers": { "accept": "application/json", "content-type": FORM, "authorization": "Bearer T" }, "body": "a=1" })
        );
        let get = HttpRequest::get("https://a.test/t?x=1", &[("y", "2 3")]).to_json();
        assert_eq!(get["url"], "https://a.test/t?x=1&y=2%203");
        assert!(get.get("body").is_none());
    }
}
