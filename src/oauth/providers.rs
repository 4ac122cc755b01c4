//! OAuth providers as data: one table ([`TABLE`]) in the same JSON form hosts use to add or
//! override a provider, so built-in providers and hosts' are read by the same code.
//!
//! A host passes a provider's name, or an object: `{ "extends": "facebook", "apiVersion":
//! "v25.0" }` overrides fields of a built-in provider (an object whose `name` is a built-in
//! name does too); an object with a new `name` and no `extends` defines a provider of its own
//! (`authorizeUrl` needs `tokenUrl`; `platform` defaults to `generic`, plain RFC 6749).
//!
//! | field | meaning |
//! |---|---|
//! | `name`, `label`, `platform` | identity; `platform` (`meta`, `instagram`, `x`, `linkedin`, `tiktok`, `google`, `generic`) selects error shapes, token quirks and calls |
//! | `authorizeUrl`, `authorizeParams` | the authorization endpoint and fixed extra parameters |
//! | `tokenUrl`, `refreshUrl`, `refreshGrant` | code exchange; refresh (`refresh_token`, Instagram's `ig_refresh_token`, absent: none) |
//! | `longLivedUrl`, `longLivedGrant` | Meta `fb_exchange_token`, Instagram `ig_exchange_token` |
//! | `revokeUrl`, `revokeStyle` | `oauth` (RFC 7009 with client credentials), `token` (token only), `graph-permissions` (Meta `DELETE /me/permissions`) |
//! | `apiBase`, `apiVersion` | where calls go; `{version}` in any URL is `apiVersion` (Graph `v26.0`, `LinkedIn-Version` `202610`) |
//! | `scopeSeparator`, `defaultScopes` | how scopes are joined; asked for when the caller gives none |
//! | `pkce`, `pkceMethod` | `required`, `optional` (sent), `unsupported` (not sent); `S256` or `S256-hex` |
//! | `clientAuth`, `clientIdParam` | `body` or `basic` (HTTP Basic; a public client sends `client_id`); TikTok's `client_key` |
//! | `refreshTokenRotates`, `refreshTokenExpiryFixed` | single-use refresh tokens (X, TikTok); a refresh never extends the refresh expiry (LinkedIn) |
//! | `tokenLifetime`, `calls` | token lifetimes in words; the platform calls offered |
//!
//! Verified against (code exchange and authorize URL forms are also cited beside the tests in
//! `requests.rs`):
//!
//! | provider | pages |
//! |---|---|
//! | `facebook` | developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow; …/guides/access-tokens/get-long-lived; …/docs/graph-api/changelog (v26.0, July 29, 2026) |
//! | `instagram` | developers.facebook.com/documentation/instagram-platform/instagram-api-with-instagram-login/business-login; …/reference/access_token; …/reference/refresh_access_token |
//! | `instagram-facebook-login` | as `facebook`; scopes from the Instagram Platform's Facebook Login for Business pages |
//! | `whatsapp` | no OAuth: a system-user token from Business Settings (Nango models it as an API key) |
//! | `x` | docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code; …/user-access-token |
//! | `linkedin` | learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow; …/programmatic-refresh-tokens |
//! | `tiktok` | developers.tiktok.com/doc/oauth-user-access-token-management; developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token |
//! | `google` | developers.google.com/identity/protocols/oauth2/web-server |
//!
//! **Uncertain**, each a field a host can override: Meta's PKCE outside its OIDC flow
//! (`facebook` sends it, as Nango does); Instagram Login's PKCE (undocumented: not sent);
//! TikTok desktop apps' hex challenge (`"pkceMethod": "S256-hex"`, from a third-party release
//! note); LinkedIn's revoke endpoint (seen in third-party code only); the `LinkedIn-Version`
//! default; `pages_messaging` and the YouTube scope among the default scopes.

use crate::error::Error;
use crate::oauth::calls;
use serde_json::{Map, Value};

/// The built-in providers. `{version}` in a URL is replaced by `apiVersion`.
pub const TABLE: &str = r#"[
{"name":"facebook","platform":"meta","label":"Facebook Login: Pages, Messenger, Lead Ads","apiVersion":"v26.0",
"authorizeUrl":"https://www.facebook.com/{version}/dialog/oauth",
"tokenUrl":"https://graph.facebook.com/{version}/oauth/access_token",
"longLivedUrl":"https://graph.facebook.com/{version}/oauth/access_token","longLivedGrant":"fb_exchange_token",
"revokeUrl":"https://graph.facebook.com/{version}/me/permissions","revokeStyle":"graph-permissions",
"apiBase":"https://graph.facebook.com/{version}","scopeSeparator":",",
"defaultScopes":["pages_show_list","pages_read_engagement","pages_manage_metadata","pages_messaging","leads_retrieval"],
"tokenLifetime":"user tokens last hours: exchange one for a long-lived token (about 60 days) before it expires; no refresh token; Page tokens read with a long-lived user token do not expire",
"calls":["messengerProfile","lead","appSubscription","subscribedApps"]},
{"name":"instagram","platform":"instagram","label":"Business Login for Instagram","apiVersion":"v26.0",
"authorizeUrl":"https://www.instagram.com/oauth/authorize",
"tokenUrl":"https://api.instagram.com/oauth/access_token",
"longLivedUrl":"https://graph.instagram.com/access_token","longLivedGrant":"ig_exchange_token",
"refreshUrl":"https://graph.instagram.com/refresh_access_token","refreshGrant":"ig_refresh_token",
"apiBase":"https://graph.instagram.com/{version}","scopeSeparator":",",
"defaultScopes":["instagram_business_basic","instagram_business_manage_messages","instagram_business_manage_comments"],
"pkce":"unsupported",
"tokenLifetime":"short-lived 1 h: exchange for a long-lived token (60 days); refresh that (with the access token) once it is 24 h old and before it expires, for another 60 days",
"calls":["instagramProfile","subscribedApps"]},
{"name":"instagram-facebook-login","platform":"meta","label":"Instagram through Facebook Login for Business","apiVersion":"v26.0",
"authorizeUrl":"https://www.facebook.com/{version}/dialog/oauth",
"tokenUrl":"https://graph.facebook.com/{version}/oauth/access_token",
"longLivedUrl":"https://graph.facebook.com/{version}/oauth/access_token","longLivedGrant":"fb_exchange_token",
"revokeUrl":"https://graph.facebook.com/{version}/me/permissions","revokeStyle":"graph-permissions",
"apiBase":"https://graph.facebook.com/{version}","scopeSeparator":",",
"defaultScopes":["instagram_basic","instagram_manage_messages","instagram_manage_comments","pages_show_list","pages_manage_metadata"],
"tokenLifetime":"as facebook: exchange for a long-lived user token; the Page token read with it does not expire",
"calls":["instagramProfile","appSubscription","subscribedApps"]},
{"name":"whatsapp","platform":"meta","label":"WhatsApp Cloud API (system-user token)","apiVersion":"v26.0",
"apiBase":"https://graph.facebook.com/{version}","scopeSeparator":",",
"defaultScopes":["whatsapp_business_messaging","whatsapp_business_management"],"pkce":"unsupported",
"tokenLifetime":"no authorize flow: create a system-user token in Business Settings (it does not expire unless revoked) and store it as the access token",
"calls":["appSubscription","subscribedApps"]},
{"name":"x","platform":"x","label":"X (OAuth 2.0 with PKCE)",
"authorizeUrl":"https://x.com/i/oauth2/authorize",
"tokenUrl":"https://api.x.com/2/oauth2/token","refreshGrant":"refresh_token",
"revokeUrl":"https://api.x.com/2/oauth2/revoke",
"apiBase":"https://api.x.com/2",
"defaultScopes":["tweet.read","users.read","dm.read","offline.access"],
"pkce":"required","clientAuth":"basic","refreshTokenRotates":true,
"tokenLifetime":"access 2 h; a refresh token only with offline.access; refresh tokens are single-use and rotate: store the new one at once and never refresh twice with one",
"calls":["users","usersByUsername","me","webhookRegister","webhookSubscribe"]},
{"name":"linkedin","platform":"linkedin","label":"LinkedIn (3-legged OAuth)","apiVersion":"202610",
"authorizeUrl":"https://www.linkedin.com/oauth/v2/authorization",
"tokenUrl":"https://www.linkedin.com/oauth/v2/accessToken","refreshGrant":"refresh_token",
"revokeUrl":"https://www.linkedin.com/oauth/v2/revoke",
"apiBase":"https://api.linkedin.com",
"defaultScopes":["openid","profile","email"],
"pkce":"unsupported","refreshTokenExpiryFixed":true,
"tokenLifetime":"access 60 days; refresh tokens only for approved partners, valid 365 days from the first grant (refreshing never extends that)",
"calls":["userinfo","leadFormResponse"]},
{"name":"tiktok","platform":"tiktok","label":"TikTok Login Kit (v2)",
"authorizeUrl":"https://www.tiktok.com/v2/auth/authorize/",
"tokenUrl":"https://open.tiktokapis.com/v2/oauth/token/","refreshGrant":"refresh_token",
"revokeUrl":"https://open.tiktokapis.com/v2/oauth/revoke/",
"apiBase":"https://open.tiktokapis.com/v2","scopeSeparator":",",
"defaultScopes":["user.info.basic"],
"clientIdParam":"client_key","refreshTokenRotates":true,
"tokenLifetime":"TikTok's pages disagree (access 24 h or 2 h, refresh 365 or 180 days): expires_in and refresh_expires_in are used as sent; refresh tokens rotate",
"calls":["userInfo"]},
{"name":"google","platform":"google","label":"Google (YouTube Data API)",
"authorizeUrl":"https://accounts.google.com/o/oauth2/v2/auth",
"authorizeParams":{"access_type":"offline","prompt":"consent"},
"tokenUrl":"https://oauth2.googleapis.com/token","refreshGrant":"refresh_token",
"revokeUrl":"https://oauth2.googleapis.com/revoke","revokeStyle":"token",
"apiBase":"https://www.googleapis.com/youtube/v3",
"defaultScopes":["https://www.googleapis.com/auth/youtube.readonly"],
"tokenLifetime":"access 1 h; a refresh token only on consent; apps in Testing status get refresh tokens that expire after 7 days; revoked or unused for 6 months: invalid_grant",
"calls":["commentThreads"]}
]"#;

/// The default Graph API version of the Meta providers (`v26.0`, released July 29, 2026;
/// Meta keeps a version about two years). Override with `{ "extends": "facebook",
/// "apiVersion": "v27.0" }`.
pub const GRAPH_API_VERSION: &str = "v26.0";

/// Which platform's behaviour applies: error shapes, token quirks, calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Graph API on graph.facebook.com: Facebook, Instagram via Facebook Login, WhatsApp.
    Meta,
    /// Instagram API with Instagram Login (graph.instagram.com).
    Instagram,
    /// X API v2.
    X,
    /// LinkedIn.
    LinkedIn,
    /// TikTok for Developers.
    TikTok,
    /// Google (YouTube Data API).
    Google,
    /// A host-defined provider speaking plain OAuth 2.0 (RFC 6749).
    Generic,
}

const PLATFORMS: [(&str, Platform); 7] = [
    ("meta", Platform::Meta),
    ("instagram", Platform::Instagram),
    ("x", Platform::X),
    ("linkedin", Platform::LinkedIn),
    ("tiktok", Platform::TikTok),
    ("google", Platform::Google),
    ("generic", Platform::Generic),
];

/// Every field a provider object may have: its kind (`s` string, `u` URL, `l` list of
/// strings, `m` object of strings, `b` boolean) and, for a closed set of values, the values
/// (the first is the default).
const FIELDS: &[(&str, char, &[&str])] = &[
    ("name", 's', &[]),
    ("extends", 's', &[]),
    ("label", 's', &[]),
    (
        "platform",
        's',
        &[
            "generic",
            "meta",
            "instagram",
            "x",
            "linkedin",
            "tiktok",
            "google",
        ],
    ),
    ("apiVersion", 's', &[]),
    ("authorizeUrl", 'u', &[]),
    ("authorizeParams", 'm', &[]),
    ("tokenUrl", 'u', &[]),
    ("refreshUrl", 'u', &[]),
    ("refreshGrant", 's', &["refresh_token", "ig_refresh_token"]),
    ("longLivedUrl", 'u', &[]),
    (
        "longLivedGrant",
        's',
        &["fb_exchange_token", "ig_exchange_token"],
    ),
    ("revokeUrl", 'u', &[]),
    ("revokeStyle", 's', &["oauth", "token", "graph-permissions"]),
    ("apiBase", 'u', &[]),
    ("scopeSeparator", 's', &[" ", ","]),
    ("defaultScopes", 'l', &[]),
    ("pkce", 's', &["optional", "required", "unsupported"]),
    ("pkceMethod", 's', &["S256", "S256-hex"]),
    ("clientAuth", 's', &["body", "basic"]),
    ("clientIdParam", 's', &["client_id", "client_key"]),
    ("refreshTokenRotates", 'b', &[]),
    ("refreshTokenExpiryFixed", 'b', &[]),
    ("tokenLifetime", 's', &[]),
    ("notes", 's', &[]),
    ("calls", 'l', &[]),
];

/// Fields whose defaults are written into a resolved provider.
const DEFAULTED: &[&str] = &[
    "platform",
    "revokeStyle",
    "scopeSeparator",
    "pkce",
    "pkceMethod",
    "clientAuth",
    "clientIdParam",
];

/// A resolved provider: the built-in data with the host's overrides, defaults written in and
/// `{version}` filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// The provider's name.
    pub name: String,
    /// Whose behaviour applies.
    pub platform: Platform,
    json: Map<String, Value>,
}

impl Provider {
    /// A string field (URLs resolved), `None` when absent.
    pub fn str(&self, field: &str) -> Option<&str> {
        self.json.get(field).and_then(Value::as_str)
    }

    /// Whether string field `field` has `value` (defaults are written in).
    pub fn is(&self, field: &str, value: &str) -> bool {
        self.str(field) == Some(value)
    }

    /// A boolean field, `false` when absent.
    pub fn flag(&self, field: &str) -> bool {
        self.json.get(field).and_then(Value::as_bool) == Some(true)
    }

    /// A list field, empty when absent.
    pub fn list(&self, field: &str) -> Vec<&str> {
        match self.json.get(field) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// An object-of-strings field as pairs.
    pub fn pairs(&self, field: &str) -> Vec<(&str, &str)> {
        match self.json.get(field) {
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The resolved provider object, as `provider()` shows it.
    pub fn into_json(self) -> Value {
        Value::Object(self.json)
    }

    /// An `ERR_OAUTH_PROVIDER` saying the provider cannot do `what`, with its token
    /// lifetime note (which says what to do instead).
    pub fn cannot(&self, what: &str) -> Error {
        problem(
            "/provider",
            &format!(
                "{} has no {what}: {}",
                self.name,
                self.str("tokenLifetime").unwrap_or("see its documentation")
            ),
        )
    }
}

fn problem(path: &str, message: &str) -> Error {
    Error::OAuthProvider {
        path: path.to_owned(),
        problem: message.to_owned(),
    }
}

fn table() -> Vec<Value> {
    match serde_json::from_slice(TABLE.as_bytes()) {
        Ok(Value::Array(items)) => items,
        // A constant, checked by the tests.
        _ => Vec::new(),
    }
}

fn built_in(name: &str) -> Option<Map<String, Value>> {
    table().into_iter().find_map(|item| match item {
        Value::Object(map) if map.get("name").and_then(Value::as_str) == Some(name) => Some(map),
        _ => None,
    })
}

/// The built-in providers, resolved, in table order.
pub fn all() -> Result<Vec<Provider>, Error> {
    table().iter().map(resolve).collect()
}

/// Resolves a provider name or provider object (module docs).
pub fn resolve(spec: &Value) -> Result<Provider, Error> {
    let unknown = |path: &str, name: &str| {
        let names: Vec<String> = table()
            .iter()
            .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
            .collect();
        problem(
            path,
            &format!(
                "unknown provider {name:?}; built in: {}; or pass a provider object",
                names.join(", ")
            ),
        )
    };
    let mut json = match spec {
        Value::String(name) => built_in(name).ok_or_else(|| unknown("/provider", name))?,
        Value::Object(overrides) => {
            let base = match overrides.get("extends") {
                Some(Value::String(base)) => {
                    Some(built_in(base).ok_or_else(|| unknown("/provider/extends", base))?)
                }
                _ => overrides
                    .get("name")
                    .and_then(Value::as_str)
                    .and_then(built_in),
            };
            let mut json = base.unwrap_or_default();
            for (key, value) in overrides {
                if key != "extends" {
                    json.insert(key.clone(), value.clone());
                }
            }
            json
        }
        _ => {
            return Err(problem(
                "/provider",
                "expected a provider name such as \"facebook\", or a provider object",
            ))
        }
    };
    let version = json
        .get("apiVersion")
        .and_then(Value::as_str)
        .map(str::to_owned);
    for (key, value) in json.iter_mut() {
        let bad = |message: &str| problem(&format!("/provider/{key}"), message);
        let Some((_, kind, choices)) = FIELDS.iter().find(|(name, ..)| name == key) else {
            return Err(bad("unknown provider field"));
        };
        let ok = match (kind, &mut *value) {
            ('u', Value::String(url)) => {
                if url.contains("{version}") {
                    let version = version
                        .as_deref()
                        .ok_or_else(|| bad("uses {version} but apiVersion is not set"))?;
                    *url = url.replace("{version}", version);
                }
                url.starts_with("https://") || url.starts_with("http://")
            }
            ('s', Value::String(text)) => choices.is_empty() || choices.contains(&text.as_str()),
            ('b', Value::Bool(_)) => true,
            ('l', Value::Array(items)) => items.iter().all(Value::is_string),
            ('m', Value::Object(map)) => map.values().all(Value::is_string),
            (_, Value::Null) => true,
            _ => false,
        };
        if !ok {
            let expected = match kind {
                'u' => "expected an absolute http(s) URL".to_owned(),
                'b' => "expected true or false".to_owned(),
                'l' => "expected an array of strings".to_owned(),
                'm' => "expected an object of strings".to_owned(),
                _ if choices.is_empty() => "expected a string".to_owned(),
                _ => format!("expected one of: {}", choices.join(", ")),
            };
            return Err(bad(&expected));
        }
    }
    for name in DEFAULTED {
        if json.get(*name).is_none_or(Value::is_null) {
            if let Some((_, _, choices)) = FIELDS.iter().find(|(n, ..)| n == name) {
                let default = choices.first().copied().unwrap_or_default();
                json.insert((*name).to_owned(), default.into());
            }
        }
    }
    if json.get("refreshUrl").is_none_or(Value::is_null) {
        if let Some(token_url) = json.get("tokenUrl").cloned() {
            json.insert("refreshUrl".into(), token_url);
        }
    }
    let name = json
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| problem("/provider/name", "a provider needs a name"))?
        .to_owned();
    let platform_name = json
        .get("platform")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let platform = PLATFORMS
        .iter()
        .find(|(n, _)| *n == platform_name.as_str())
        .map_or(Platform::Generic, |(_, p)| *p);
    let provider = Provider {
        name,
        platform,
        json,
    };
    let requires = |field: &str, needs: &str| {
        if provider.str(field).is_some() && provider.str(needs).is_none() {
            Err(problem(
                &format!("/provider/{needs}"),
                &format!("a provider with {field} needs {needs}"),
            ))
        } else {
            Ok(())
        }
    };
    requires("authorizeUrl", "tokenUrl")?;
    requires("longLivedGrant", "longLivedUrl")?;
    if let Some(call) = provider
        .list("calls")
        .into_iter()
        .find(|call| !calls::supports(platform, call))
    {
        return Err(problem(
            "/provider/calls",
            &format!("call {call:?} does not exist on platform {platform_name:?}"),
        ));
    }
    Ok(provider)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_built_in_provider_resolves() {
        let all = all().unwrap();
        let names: Vec<_> = all.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "facebook",
                "instagram",
                "instagram-facebook-login",
                "whatsapp",
                "x",
                "linkedin",
                "tiktok",
                "google"
            ]
        );
        for p in &all {
            assert!(
                p.str("label").is_some() && p.str("tokenLifetime").is_some(),
                "{}",
                p.name
            );
            assert!(!p.list("defaultScopes").is_empty(), "{}", p.name);
            assert!(
                !p.clone().into_json().to_string().contains("{version}"),
                "{}",
                p.name
            );
            assert!(!p.list("calls").is_empty(), "{}", p.name);
        }
        assert_eq!(all[0].str("apiVersion"), Some(GRAPH_API_VERSION));
    }

    #[test]
    fn defaults_are_written_in() {
        let google = resolve(&json!("google")).unwrap();
        assert!(
            google.is("pkce", "optional")
                && google.is("clientAuth", "body")
                && google.is("scopeSeparator", " ")
        );
        assert_eq!(google.str("refreshUrl"), google.str("tokenUrl"));
        assert_eq!(google.platform, Platform::Google);
        let x = resolve(&json!("x")).unwrap();
        assert!(
            x.is("pkce", "required")
                && x.is("clientAuth", "basic")
                && x.flag("refreshTokenRotates")
        );
    }

    #[test]
    fn the_graph_version_can_be_overridden() {
        let facebook = resolve(&json!("facebook")).unwrap();
        assert_eq!(
            facebook.str("tokenUrl"),
            Some("https://graph.facebook.com/v26.0/oauth/access_token")
        );
        let older = resolve(&json!({ "extends": "facebook", "apiVersion": "v24.0" })).unwrap();
        assert_eq!(older.name, "facebook");
        assert_eq!(
            older.str("authorizeUrl"),
            Some("https://www.facebook.com/v24.0/dialog/oauth")
        );
        assert_eq!(
            older.str("apiBase"),
            Some("https://graph.facebook.com/v24.0")
        );
        let x = resolve(&json!({ "name": "x", "clientAuth": "body" })).unwrap();
        assert!(x.is("clientAuth", "body") && x.is("pkce", "required"));
    }

    #[test]
    fn a_host_can_define_a_provider_and_a_variant() {
        let custom = resolve(&json!({
            "name": "acme", "authorizeUrl": "https://id.acme.test/authorize",
            "tokenUrl": "https://id.acme.test/token", "refreshGrant": "refresh_token",
        }))
        .unwrap();
        assert_eq!(custom.platform, Platform::Generic);
        assert!(custom.is("pkce", "optional"));
        let desktop = resolve(&json!({ "extends": "tiktok", "name": "tiktok-desktop", "pkce": "required", "pkceMethod": "S256-hex" })).unwrap();
        assert_eq!(desktop.name, "tiktok-desktop");
        assert!(desktop.is("pkceMethod", "S256-hex") && desktop.is("clientIdParam", "client_key"));
        assert_eq!(desktop.list("calls"), ["userInfo"]);
    }

    #[test]
    fn bad_providers_say_what_to_fix() {
        let cases = [
            (json!("myspace"), "/provider"),
            (json!(42), "/provider"),
            (json!({ "extends": "myspace" }), "/provider/extends"),
            (
                json!({ "extends": "x", "tokenURL": "https://t" }),
                "/provider/tokenURL",
            ),
            (json!({ "extends": "x", "pkce": "maybe" }), "/provider/pkce"),
            (
                json!({ "extends": "x", "refreshTokenRotates": "yes" }),
                "/provider/refreshTokenRotates",
            ),
            (
                json!({ "extends": "x", "tokenUrl": "ftp://t" }),
                "/provider/tokenUrl",
            ),
            (
                json!({ "name": "n", "authorizeUrl": "https://a" }),
                "/provider/tokenUrl",
            ),
            (
                json!({ "name": "n", "tokenUrl": "https://a/{version}" }),
                "/provider/tokenUrl",
            ),
            (
                json!({ "extends": "google", "calls": ["lead"] }),
                "/provider/calls",
            ),
            (json!({ "tokenUrl": "https://a" }), "/provider/name"),
        ];
        for (spec, path) in cases {
            let err = resolve(&spec).unwrap_err();
            assert_eq!(
                (err.code(), err.path().as_deref()),
                ("ERR_OAUTH_PROVIDER", Some(path)),
                "{spec}"
            );
        }
        let err = resolve(&json!("myspace")).unwrap_err();
        assert!(
            err.to_string()
                .contains("facebook, instagram, instagram-facebook-login"),
            "{err}"
        );
        let err = resolve(&json!({ "extends": "x", "pkce": "maybe" })).unwrap_err();
        assert!(
            err.to_string().contains("optional, required, unsupported"),
            "{err}"
        );
    }
}
