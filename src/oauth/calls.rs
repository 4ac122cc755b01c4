//! Platform calls a CRM makes after a webhook or a connection, as data: each entry of
//! [`CALLS`] says how to build the request (templates over the caller's `params`) and how to
//! read the answer (a map from result fields to paths in the platform's JSON). The code below
//! only interprets the table, plus the few shapes no map can express (Lead Ads answers,
//! LinkedIn answers and paging, YouTube reply threads).
//!
//! | platform | call | request | result |
//! |---|---|---|---|
//! | meta | `messengerProfile` | `GET /{psid}?fields=…` (Messenger User Profile API) | profile |
//! | meta | `lead` | `GET /{leadId}?fields=…` (Lead Ads retrieval) | lead |
//! | meta | `appSubscription` | `POST /{appId}/subscriptions` with the app access token (`app-id\|app-secret`) | `{ success }` |
//! | meta, instagram | `subscribedApps` | `POST /{id}/subscribed_apps` (Page or IG account: `me`; WhatsApp: the WABA id) | `{ success }` |
//! | meta, instagram | `instagramProfile` | `GET /{igsid}?fields=…` (Instagram User Profile API) | profile |
//! | x | `users`, `usersByUsername` | `GET /2/users?ids=`, `GET /2/users/by?usernames=` | `{ users, errors }` |
//! | x | `me` | `GET /2/users/me` | profile |
//! | x | `webhookRegister` | `POST /2/webhooks {"url"}` with the app's bearer token | `{ id, url, valid, createdAt }` |
//! | x | `webhookSubscribe` | `POST /2/account_activity/webhooks/{webhookId}/subscriptions/all` with the user's token | `{ success }` |
//! | linkedin | `userinfo` | `GET /v2/userinfo` (OpenID Connect) | profile |
//! | linkedin | `leadFormResponse` | `GET /rest/leadFormResponses/{id}` (id or `urn:li:leadGenFormResponse:` URN) | lead |
//! | tiktok | `userInfo` | `GET /v2/user/info/?fields=…` | profile |
//! | google | `commentThreads` | `GET /youtube/v3/commentThreads?part=snippet,replies&…` (`channelId` or `videoId`, `pageToken`) | `{ comments, nextPageToken? }` |
//!
//! Every platform id stays a string, numbers the platform sent included.
//!
//! Template syntax (paths, bodies, header values): `{name}` a required parameter,
//! `{name|default}` an optional one, `{name~last}` the part after the last `:` (a URN's id),
//! `{&key=name}` or `{&name}` an optional query pair, `{@field}` a provider field. Values are
//! percent-encoded in paths and forms; a `json` body is an object of templates. Lists are
//! joined with commas.
//!
//! Map syntax: `a/b` a path, `x|y` the first present, `=name` a parameter, `'text` a constant;
//! `~iso` reads a date-time into ISO 8601 UTC, `~ms` milliseconds since the epoch, `~locale`
//! LinkedIn's `{language, country}` as `en_US`. Numbers under keys named `id` or `…Id` become
//! strings. `{"each": path, …}` maps every element of an array.

use crate::error::{Error, Failure};
use crate::oauth::options::{id_string, invalid, object, Fields};
use crate::oauth::platform_error::{self, PlatformError};
use crate::oauth::providers::{Platform, Provider};
use crate::oauth::requests::HttpRequest;
use crate::webhook::form::encode_component;
use crate::webhook::timestamp::{format_rfc3339, parse_rfc3339};
use serde_json::{Map, Value};

/// The calls, as data (module docs).
pub const CALLS: &str = r#"[
{"name":"messengerProfile","platforms":["meta"],
"path":"/{psid}?fields={fields|id,name,first_name,last_name,profile_pic}",
"map":{"id":"id|=psid","name":"name","firstName":"first_name","lastName":"last_name","pictureUrl":"profile_pic","locale":"locale"}},
{"name":"instagramProfile","platforms":["meta","instagram"],
"path":"/{igsid}?fields={fields|name,username,profile_pic,follower_count}",
"map":{"id":"id|=igsid","name":"name","username":"username","pictureUrl":"profile_pic","followerCount":"follower_count"}},
{"name":"lead","platforms":["meta"],"kind":"lead",
"path":"/{leadId}?fields={fields|id,created_time,ad_id,adset_id,campaign_id,form_id,is_organic,platform,field_data,custom_disclaimer_responses}",
"map":{"id":"id","platform":"'facebook","formId":"form_id","adId":"ad_id","adsetId":"adset_id","campaignId":"campaign_id","createdAt":"created_time~iso","isOrganic":"is_organic","sourcePlatform":"platform"}},
{"name":"appSubscription","platforms":["meta"],"kind":"done","method":"POST","path":"/{appId}/subscriptions",
"form":"object={object}&callback_url={callbackUrl}&fields={fields}&verify_token={verifyToken}{&include_values=includeValues}",
"map":{"success":"success"}},
{"name":"subscribedApps","platforms":["meta","instagram"],"kind":"done","method":"POST","path":"/{id|me}/subscribed_apps",
"form":"{&subscribed_fields=fields}","map":{"success":"success"}},
{"name":"users","platforms":["x"],
"path":"/users?ids={ids}&user.fields={fields|profile_image_url,description,verified,created_at}",
"map":{"users":{"each":"data","id":"id","name":"name","username":"username","pictureUrl":"profile_image_url"},
"errors":{"each":"errors","value":"value|resource_id","title":"title","detail":"detail"}}},
{"name":"usersByUsername","platforms":["x"],
"path":"/users/by?usernames={usernames}&user.fields={fields|profile_image_url,description,verified,created_at}",
"map":{"users":{"each":"data","id":"id","name":"name","username":"username","pictureUrl":"profile_image_url"},
"errors":{"each":"errors","value":"value|resource_id","title":"title","detail":"detail"}}},
{"name":"me","platforms":["x"],"path":"/users/me?user.fields={fields|profile_image_url,description,verified,created_at}",
"map":{"id":"data/id","name":"data/name","username":"data/username","pictureUrl":"data/profile_image_url"}},
{"name":"webhookRegister","platforms":["x"],"method":"POST","path":"/webhooks","json":{"url":"{url}"},
"map":{"id":"data/id|id","url":"data/url|url","valid":"data/valid|valid","createdAt":"data/created_at|created_at"}},
{"name":"webhookSubscribe","platforms":["x"],"kind":"done","method":"POST",
"path":"/account_activity/webhooks/{webhookId}/subscriptions/all","json":{},"map":{"success":"data/subscribed"}},
{"name":"userinfo","platforms":["linkedin"],"path":"/v2/userinfo",
"map":{"id":"sub","name":"name","firstName":"given_name","lastName":"family_name","email":"email","emailVerified":"email_verified","pictureUrl":"picture","locale":"locale~locale"}},
{"name":"leadFormResponse","platforms":["linkedin"],"kind":"linkedinLead","path":"/rest/leadFormResponses/{id~last}",
"headers":{"linkedin-version":"{@apiVersion}","x-restli-protocol-version":"2.0.0"},
"map":{"id":"id","platform":"'linkedin","formId":"versionedLeadGenFormUrn","adId":"associatedEntity/associatedCreative","campaignId":"leadMetadata/sponsoredLeadMetadata/campaign","createdAt":"submittedAt~ms","test":"testLead","submitter":"submitter"}},
{"name":"userInfo","platforms":["tiktok"],"path":"/user/info/?fields={fields|open_id,union_id,avatar_url,display_name}",
"map":{"id":"data/user/open_id","name":"data/user/display_name","username":"data/user/username","pictureUrl":"data/user/avatar_url","unionId":"data/user/union_id","followerCount":"data/user/follower_count"}},
{"name":"commentThreads","platforms":["google"],"kind":"comments","oneOf":["channelId","videoId"],
"path":"/commentThreads?part=snippet%2Creplies{&allThreadsRelatedToChannelId=channelId}{&videoId}&maxResults={maxResults|100}&textFormat=plainText{&order}{&pageToken}",
"map":{"id":"id","parentId":"snippet/parentId","videoId":"snippet/videoId","channelId":"snippet/channelId","authorName":"snippet/authorDisplayName","authorChannelId":"snippet/authorChannelId/value","authorChannelUrl":"snippet/authorChannelUrl","authorPictureUrl":"snippet/authorProfileImageUrl","text":"snippet/textOriginal|snippet/textDisplay","likeCount":"snippet/likeCount","publishedAt":"snippet/publishedAt~iso","updatedAt":"snippet/updatedAt~iso"}}
]"#;

const PLATFORM_NAMES: [(Platform, &str); 6] = [
    (Platform::Meta, "meta"),
    (Platform::Instagram, "instagram"),
    (Platform::X, "x"),
    (Platform::LinkedIn, "linkedin"),
    (Platform::TikTok, "tiktok"),
    (Platform::Google, "google"),
];

fn find(platform: Platform, call: &str) -> Option<Value> {
    let platform = PLATFORM_NAMES.iter().find(|(p, _)| *p == platform)?.1;
    let Ok(Value::Array(calls)) = serde_json::from_slice::<Value>(CALLS.as_bytes()) else {
        return None;
    };
    calls.into_iter().find(|c| {
        c.get("name").and_then(Value::as_str) == Some(call)
            && c.get("platforms")
                .and_then(Value::as_array)
                .is_some_and(|p| p.iter().any(|p| p.as_str() == Some(platform)))
    })
}

/// Whether `call` exists on `platform` (a provider lists the calls it offers).
pub fn supports(platform: Platform, call: &str) -> bool {
    find(platform, call).is_some()
}

fn spec(provider: &Provider, call: &str) -> Result<(Value, String), Error> {
    let offered = provider.list("calls");
    let found = offered
        .contains(&call)
        .then(|| find(provider.platform, call))
        .flatten();
    let base = provider.str("apiBase");
    match (found, base) {
        (Some(spec), Some(base)) => Ok((spec, base.to_owned())),
        _ => Err(invalid(
            "/call",
            &format!(
                "{} offers no call {call:?}; its calls: {}",
                provider.name,
                offered.join(", ")
            ),
        )),
    }
}

/// The request for `call` with `params`, authorised with `token` as a Bearer token.
pub fn request(
    provider: &Provider,
    call: &str,
    token: &str,
    params: &Fields<'_>,
) -> Result<HttpRequest, Error> {
    let (spec, base) = spec(provider, call)?;
    if token.is_empty() {
        return Err(invalid("/token", "the access token is required"));
    }
    let text = |name: &str| spec.get(name).and_then(Value::as_str);
    if let Some(Value::Array(one_of)) = spec.get("oneOf") {
        let given = one_of
            .iter()
            .filter_map(Value::as_str)
            .filter(|name| params.get(name).is_some())
            .count();
        if given != 1 {
            let names: Vec<&str> = one_of.iter().filter_map(Value::as_str).collect();
            return Err(invalid(
                "/params",
                &format!("give one of: {}", names.join(", ")),
            ));
        }
    }
    let expand = |template: &str, encode: bool| expand(template, params, provider, encode);
    let method = match text("method") {
        Some("POST") => "POST",
        _ => "GET",
    };
    let mut request = HttpRequest::new(
        method,
        format!("{base}{}", expand(text("path").unwrap_or_default(), true)?),
    );
    if let Some(form) = text("form") {
        request = request.body("application/x-www-form-urlencoded", expand(form, true)?);
    }
    if let Some(Value::Object(fields)) = spec.get("json") {
        let mut json = Map::new();
        for (name, value) in fields {
            json.insert(
                name.clone(),
                expand(value.as_str().unwrap_or_default(), false)?.into(),
            );
        }
        request = request.body("application/json", Value::Object(json).to_string());
    }
    if let Some(Value::Object(headers)) = spec.get("headers") {
        for (name, value) in headers {
            request = request.header(name, &expand(value.as_str().unwrap_or_default(), false)?);
        }
    }
    Ok(request.bearer(token))
}

/// A parameter as text: strings as they are, lists joined with commas, booleans and
/// numbers (below 2^53: a larger id must be a string) spelled out.
fn param_text(params: &Fields<'_>, name: &str) -> Result<Option<String>, Error> {
    let path_error = |message: &str| params.invalid(name, message);
    Ok(match params.get(name) {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(Value::Number(n))
            if n.as_f64()
                .is_some_and(|f| f.abs() < 9_007_199_254_740_992.0) =>
        {
            Some(n.to_string())
        }
        Some(Value::Number(_)) => {
            return Err(path_error(
                "a number beyond 2^53 has lost digits: pass ids as strings",
            ))
        }
        Some(Value::Array(_)) => Some(params.opt_list(name)?.unwrap_or_default().join(",")),
        Some(_) => return Err(path_error("expected a string")),
    })
}

/// Expands a template (module docs); `encode` percent-encodes the values (paths, forms).
fn expand(
    template: &str,
    params: &Fields<'_>,
    provider: &Provider,
    encode: bool,
) -> Result<String, Error> {
    let encode = |text: &str| {
        if encode {
            encode_component(text)
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('}')).map(|c| open + c) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let inner = rest.get(open + 1..close).unwrap_or_default();
        rest = rest.get(close + 1..).unwrap_or_default();
        if let Some(field) = inner.strip_prefix('@') {
            let value = provider.str(field).ok_or_else(|| provider.cannot(field))?;
            out.push_str(&encode(value));
        } else if let Some(pair) = inner.strip_prefix('&') {
            let (key, name) = pair.split_once('=').unwrap_or((pair, pair));
            if let Some(value) = param_text(params, name)? {
                out.push('&');
                out.push_str(key);
                out.push('=');
                out.push_str(&encode(&value));
            }
        } else {
            let (name, default) = match inner.split_once('|') {
                Some((name, default)) => (name, Some(default)),
                None => (inner, None),
            };
            let (name, last) = match name.strip_suffix("~last") {
                Some(name) => (name, true),
                None => (name, false),
            };
            let value = match (param_text(params, name)?, default) {
                (Some(value), _) => value,
                (None, Some(default)) => default.to_owned(),
                (None, None) => return Err(params.invalid(name, "is required")),
            };
            let value = if last {
                value.rsplit(':').next().unwrap_or_default().to_owned()
            } else {
                value
            };
            out.push_str(&encode(&value));
        }
    }
    out.push_str(rest);
    // Optional pairs leave `?&` or a leading `&` behind when they open a query or a form.
    Ok(out
        .replacen("?&", "?", 1)
        .trim_start_matches('&')
        .to_owned())
}

/// Reads `call`'s answer: the result, or the platform's error (`ERR_API_ERROR`,
/// `ERR_API_UNAUTHORIZED`), or `ERR_API_RESPONSE` when the answer cannot be read. `params`
/// are the request's (an IG profile answer has no `id`; the asked-for IGSID is used).
pub fn parse(
    provider: &Provider,
    call: &str,
    status: u16,
    body: &str,
    params: &Fields<'_>,
) -> Result<Value, Error> {
    let (spec, _) = spec(provider, call)?;
    let bad = |problem: &str| Error::ApiResponse {
        provider: provider.name.clone(),
        call: call.to_owned(),
        status,
        problem: problem.to_owned(),
    };
    let value: Value = match serde_json::from_slice(body.as_bytes()) {
        Ok(value) => value,
        Err(_) if !(200..300).contains(&status) => Value::Null,
        Err(_) => return Err(bad("the body is not JSON")),
    };
    if let Some(error) = platform_error::read(status, &value) {
        return Err(api_error(provider, call, error));
    }
    let map = spec.get("map").unwrap_or(&Value::Null);
    let kind = spec.get("kind").and_then(Value::as_str).unwrap_or_default();
    let out = match kind {
        "done" => {
            let success = map_object(map, &value, params)
                .get("success")
                .and_then(Value::as_bool)
                == Some(true);
            object([("success", Some(success.into()))])
        }
        "comments" => comments(map, &value, params).ok_or_else(|| bad("no items"))?,
        _ => {
            let hook: Option<Hook> = match kind {
                "lead" => Some(meta_lead),
                "linkedinLead" => Some(linkedin_lead),
                _ => None,
            };
            let mut out = map_object(map, &value, params);
            if let Some(hook) = hook {
                hook(&value, &mut out);
            }
            if map.get("id").is_some() && out.get("id").is_none() {
                return Err(bad("no id in the answer"));
            }
            Value::Object(out)
        }
    };
    Ok(out)
}

fn api_error(provider: &Provider, call: &str, error: PlatformError) -> Error {
    let unauthorized = error.status == 401
        || matches!(error.code, Some(190 | 102))
        || matches!(
            error.error.as_deref(),
            Some("access_token_invalid" | "EXPIRED_ACCESS_TOKEN" | "REVOKED_ACCESS_TOKEN")
        );
    Error::Platform {
        failure: if unauthorized {
            Failure::Unauthorized
        } else {
            Failure::Api
        },
        provider: provider.name.clone(),
        call: call.to_owned(),
        platform: Box::new(error),
    }
}

/// Work on a mapped result that a map cannot express.
type Hook = fn(&Value, &mut Map<String, Value>);

fn map_object(spec: &Value, source: &Value, params: &Fields<'_>) -> Map<String, Value> {
    let mut out = Map::new();
    let Value::Object(spec) = spec else {
        return out;
    };
    for (key, rule) in spec {
        if key == "each" {
            continue;
        }
        let value = match rule {
            Value::String(path) => read(path, key, source, params),
            Value::Object(nested) => {
                let each = nested
                    .get("each")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let items = lookup(source, each).and_then(Value::as_array);
                let mapped: Vec<Value> = items
                    .into_iter()
                    .flatten()
                    .filter_map(|item| {
                        let one = map_object(rule, item, params);
                        (nested.get("id").is_none() || one.get("id").is_some())
                            .then_some(Value::Object(one))
                    })
                    .collect();
                Some(Value::Array(mapped))
            }
            _ => None,
        };
        if let Some(value) = value {
            out.insert(key.clone(), value);
        }
    }
    out
}

fn lookup<'v>(source: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('/')
        .try_fold(source, |value, step| value.get(step))
        .filter(|v| !v.is_null())
}

/// One map rule (`a/b|=param|'text` with an optional `~conversion`) read from `source`.
fn read(rule: &str, key: &str, source: &Value, params: &Fields<'_>) -> Option<Value> {
    rule.split('|').find_map(|alternative| {
        let (path, conversion) = alternative.split_once('~').unwrap_or((alternative, ""));
        let value = if let Some(name) = path.strip_prefix('=') {
            params.get(name)?.clone()
        } else if let Some(text) = path.strip_prefix('\'') {
            Value::from(text)
        } else {
            lookup(source, path)?.clone()
        };
        match (conversion, &value) {
            ("iso", _) => iso_time(&value).map(Value::String),
            ("ms", Value::Number(n)) => {
                format_rfc3339(n.as_i64()?.div_euclid(1000)).map(Value::String)
            }
            ("locale", Value::Object(locale)) => {
                let language = locale.get("language")?.as_str()?;
                Some(Value::String(
                    match locale.get("country").and_then(Value::as_str) {
                        Some(country) => format!("{language}_{country}"),
                        None => language.to_owned(),
                    },
                ))
            }
            ("locale", Value::String(_)) | ("", _) => Some(match value {
                Value::Number(n) if key == "id" || key.ends_with("Id") => {
                    Value::String(n.to_string())
                }
                Value::String(text) if text.is_empty() => return None,
                other => other,
            }),
            _ => None,
        }
    })
}

/// A date-time as ISO 8601 UTC: RFC 3339, Meta's `+0000` offsets, or unix seconds.
fn iso_time(value: &Value) -> Option<String> {
    let seconds = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(text) => {
            let bytes = text.as_bytes();
            let meta_offset = bytes.len() > 5
                && matches!(bytes.get(bytes.len() - 5), Some(b'+' | b'-'))
                && bytes
                    .get(bytes.len() - 4..)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
            match text.split_at_checked(text.len() - 2) {
                Some((head, minutes)) if meta_offset => {
                    parse_rfc3339(&format!("{head}:{minutes}"))?
                }
                _ => parse_rfc3339(text)?,
            }
        }
        _ => return None,
    };
    format_rfc3339(seconds)
}

/// Lead Ads `field_data` → `answers` (`{ name: [values] }`, a field without `values` has
/// none rather than failing the lead, frappe/crm#2676) and `contact`; custom disclaimers →
/// `consents`.
fn meta_lead(source: &Value, out: &mut Map<String, Value>) {
    let mut answers = Map::new();
    for field in array(source, "field_data") {
        if let Some(name) = field.get("name").and_then(Value::as_str) {
            let values: Vec<Value> = array(field, "values")
                .filter_map(id_string)
                .map(Value::String)
                .collect();
            match answers.get_mut(name) {
                Some(Value::Array(existing)) => existing.extend(values),
                _ => {
                    answers.insert(name.to_owned(), Value::Array(values));
                }
            }
        }
    }
    let mut contact = Map::new();
    for (key, names) in [
        ("email", &["email"][..]),
        ("phone", &["phone_number", "phone"][..]),
        ("fullName", &["full_name"][..]),
        ("firstName", &["first_name"][..]),
        ("lastName", &["last_name"][..]),
    ] {
        if let Some(value) = names.iter().find_map(|n| answers.get(*n)?.get(0).cloned()) {
            contact.insert(key.into(), value);
        }
    }
    let consents = array(source, "custom_disclaimer_responses")
        .filter_map(|c| {
            let checked = c.get("is_checked")?;
            let accepted = checked.as_bool() == Some(true) || checked.as_str() == Some("1");
            Some(consent(id_string(c.get("checkbox_key")?)?, accepted))
        })
        .collect();
    finish_lead(out, answers, contact, consents);
}

/// LinkedIn `formResponse`: answers by question id (resolve them against
/// `GET /rest/leadForms/{id}` to know which is the e-mail, so `contact` stays empty), and
/// consents.
fn linkedin_lead(source: &Value, out: &mut Map<String, Value>) {
    let response = source.get("formResponse").unwrap_or(&Value::Null);
    let mut answers = Map::new();
    for answer in array(response, "answers") {
        let Some(question) = answer.get("questionId").and_then(id_string) else {
            continue;
        };
        let details = answer.get("answerDetails").unwrap_or(&Value::Null);
        let text = lookup(details, "textQuestionAnswer/answer").and_then(id_string);
        let options = lookup(details, "multipleChoiceAnswer")
            .map(|m| {
                array(m, "options")
                    .filter_map(id_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let values = text.into_iter().chain(options).map(Value::String).collect();
        answers.insert(question, Value::Array(values));
    }
    let consents = array(response, "consentResponses")
        .filter_map(|c| {
            Some(consent(
                id_string(c.get("consentId")?)?,
                c.get("accepted")?.as_bool()?,
            ))
        })
        .collect();
    finish_lead(out, answers, Map::new(), consents);
}

fn consent(key: String, accepted: bool) -> Value {
    object([
        ("key", Some(key.into())),
        ("accepted", Some(accepted.into())),
    ])
}

fn finish_lead(
    out: &mut Map<String, Value>,
    answers: Map<String, Value>,
    contact: Map<String, Value>,
    consents: Vec<Value>,
) {
    out.insert("answers".into(), Value::Object(answers));
    out.insert("contact".into(), Value::Object(contact));
    if !consents.is_empty() {
        out.insert("consents".into(), Value::Array(consents));
    }
}

fn array<'v>(value: &'v Value, name: &str) -> impl Iterator<Item = &'v Value> {
    value
        .get(name)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// YouTube threads → one list: each top-level comment followed by the replies the page
/// carries, with `threadId` (and the thread's `videoId` where a reply lacks it).
fn comments(map: &Value, value: &Value, params: &Fields<'_>) -> Option<Value> {
    let mut comments = Vec::new();
    for thread in value.get("items")?.as_array()? {
        let Some(thread_id) = thread.get("id").and_then(id_string) else {
            continue;
        };
        let video = lookup(thread, "snippet/videoId").cloned();
        let top = lookup(thread, "snippet/topLevelComment");
        for resource in top.into_iter().chain(array(
            thread.get("replies").unwrap_or(&Value::Null),
            "comments",
        )) {
            let mut comment = map_object(map, resource, params);
            if comment.get("id").is_none() {
                continue;
            }
            comment.insert("threadId".into(), thread_id.clone().into());
            if let (None, Some(video)) = (comment.get("videoId"), &video) {
                comment.insert("videoId".into(), video.clone());
            }
            comments.push(Value::Object(comment));
        }
    }
    let mut out = Map::new();
    out.insert("comments".into(), Value::Array(comments));
    if let Some(token) = value.get("nextPageToken").and_then(Value::as_str) {
        out.insert("nextPageToken".into(), token.into());
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::providers::resolve;
    use serde_json::json;

    fn provider(name: &str) -> Provider {
        resolve(&json!(name)).unwrap()
    }

    fn call(name: &str, call: &str, params: Value) -> Result<HttpRequest, Error> {
        request(
            &provider(name),
            call,
            "TOKEN",
            &Fields::of(&params, "/params").unwrap(),
        )
    }

    fn answer(
        name: &str,
        call: &str,
        status: u16,
        body: Value,
        params: Value,
    ) -> Result<Value, Error> {
        parse(
            &provider(name),
            call,
            status,
            &body.to_string(),
            &Fields::of(&params, "/params").unwrap(),
        )
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_table_is_consistent() {
        let Ok(Value::Array(calls)) = serde_json::from_str::<Value>(CALLS) else {
            panic!("CALLS is not a JSON array")
        };
        for c in &calls {
            let name = c["name"].as_str().unwrap();
            assert!(c["path"].as_str().unwrap().starts_with('/'), "{name}");
            assert!(c["map"].is_object(), "{name}");
        }
        for p in crate::oauth::providers::all().unwrap() {
            for c in p.list("calls") {
                assert!(supports(p.platform, c), "{} {c}", p.name);
            }
        }
        assert!(!supports(Platform::Generic, "lead"));
    }

    #[test]
    fn calls_belong_to_their_providers_and_need_a_token() {
        let err = call("x", "lead", json!({})).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/call"));
        assert!(
            err.to_string().contains("users, usersByUsername, me"),
            "{err}"
        );
        let err = request(
            &provider("x"),
            "me",
            "",
            &Fields::of(&Value::Null, "/params").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/token"));
        let request = call("facebook", "lead", json!({ "leadId": "1" })).unwrap();
        assert_eq!(header(&request, "authorization"), Some("Bearer TOKEN"));
        assert!(!request.url.contains("TOKEN"));
    }

    #[test]
    fn parameters_are_encoded_and_big_numbers_refused() {
        let request = call(
            "facebook",
            "messengerProfile",
            json!({ "psid": "a/b?c", "fields": ["name", "locale"] }),
        )
        .unwrap();
        assert_eq!(
            request.url,
            "https://graph.facebook.com/v26.0/a%2Fb%3Fc?fields=name%2Clocale"
        );
        assert_eq!(
            call("facebook", "lead", json!({}))
                .unwrap_err()
                .path()
                .as_deref(),
            Some("/params/leadId")
        );
        let err = call(
            "x",
            "users",
            json!({ "ids": [1_440_000_000_000_000_001u64] }),
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/params/ids/0"));
        let err = call(
            "facebook",
            "lead",
            json!({ "leadId": 12_345_678_901_234_567u64 }),
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/params/leadId"));
        assert!(call("facebook", "lead", json!({ "leadId": 42 }))
            .unwrap()
            .url
            .contains("/42?"));
    }

    #[test]
    fn errors_are_classified() {
        let expired = answer("facebook", "lead", 400, json!({ "error": { "message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "Ax" } }), json!({})).unwrap_err();
        assert_eq!(expired.code(), "ERR_API_UNAUTHORIZED");
        assert_eq!(expired.details().unwrap()["call"], "lead");
        let missing = answer("facebook", "lead", 400, json!({ "error": { "message": "Unsupported get request. Object with ID '1' does not exist, cannot be loaded due to missing permissions", "type": "GraphMethodException", "code": 100, "error_subcode": 33 } }), json!({})).unwrap_err();
        assert_eq!(missing.code(), "ERR_API_ERROR");
        assert_eq!(missing.details().unwrap()["subcode"], 33);
        let params = Fields::of(&Value::Null, "/params").unwrap();
        assert_eq!(
            parse(&provider("x"), "me", 200, "<html>", &params)
                .unwrap_err()
                .code(),
            "ERR_API_RESPONSE"
        );
        assert_eq!(
            parse(&provider("x"), "me", 502, "<html>", &params)
                .unwrap_err()
                .code(),
            "ERR_API_ERROR"
        );
        assert_eq!(
            answer("x", "me", 200, json!({ "data": {} }), json!({}))
                .unwrap_err()
                .code(),
            "ERR_API_RESPONSE"
        );
    }

    #[test]
    fn times_become_iso_utc() {
        for (input, expected) in [
            (
                json!("2015-02-28T08:49:14+0000"),
                Some("2015-02-28T08:49:14Z"),
            ),
            (
                json!("2015-02-28T10:49:14+0200"),
                Some("2015-02-28T08:49:14Z"),
            ),
            (
                json!("2024-01-02T03:04:05.678Z"),
                Some("2024-01-02T03:04:05Z"),
            ),
            (json!(1_425_113_354), Some("2015-02-28T08:49:14Z")),
            (json!("yesterday"), None),
            (json!("é"), None),
            (json!(true), None),
        ] {
            assert_eq!(iso_time(&input).as_deref(), expected, "{input}");
        }
    }

    // The shape of /work/shared/fixtures/platform-payloads/facebook-lead-retrieval.json (Meta's
    // lead-ads retrieving page), with campaign ids, a field without values and disclaimers.
    #[test]
    fn meta_lead_retrieval() {
        let request = call("facebook", "lead", json!({ "leadId": "1234567890123456" })).unwrap();
        assert_eq!(request.url, "https://graph.facebook.com/v26.0/1234567890123456?fields=id%2Ccreated_time%2Cad_id%2Cadset_id%2Ccampaign_id%2Cform_id%2Cis_organic%2Cplatform%2Cfield_data%2Ccustom_disclaimer_responses");
        let body = json!({
            "created_time": "2015-02-28T08:49:14+0000", "id": "1234567890123456",
            "ad_id": "6045101234567", "adset_id": "6045107654321", "campaign_id": "6045100000001",
            "form_id": "987654321098765", "is_organic": false, "platform": "ig",
            "field_data": [
                { "name": "car_make", "values": ["Honda"] },
                { "name": "full_name", "values": ["Joe Example"] },
                { "name": "email", "values": ["joe@example.com"] },
                { "name": "phone_number", "values": ["+15555550100"] },
                { "name": "selected_dealer", "values": ["99213450"] },
                { "name": "comments" }
            ],
            "custom_disclaimer_responses": [
                { "checkbox_key": "optional_1", "is_checked": "1" },
                { "checkbox_key": "optional_2", "is_checked": "" }
            ]
        });
        assert_eq!(
            answer("facebook", "lead", 200, body, json!({})).unwrap(),
            json!({
                "id": "1234567890123456", "platform": "facebook", "formId": "987654321098765",
                "adId": "6045101234567", "adsetId": "6045107654321", "campaignId": "6045100000001",
                "createdAt": "2015-02-28T08:49:14Z", "isOrganic": false, "sourcePlatform": "ig",
                "answers": {
                    "car_make": ["Honda"], "full_name": ["Joe Example"], "email": ["joe@example.com"],
                    "phone_number": ["+15555550100"], "selected_dealer": ["99213450"], "comments": []
                },
                "contact": { "email": "joe@example.com", "phone": "+15555550100", "fullName": "Joe Example" },
                "consents": [{ "key": "optional_1", "accepted": true }, { "key": "optional_2", "accepted": false }]
            })
        );
        // Only an id: answers and contact are empty, never missing.
        assert_eq!(
            answer("facebook", "lead", 200, json!({ "id": "1" }), json!({})).unwrap(),
            json!({ "id": "1", "platform": "facebook", "answers": {}, "contact": {} })
        );
        assert_eq!(
            answer(
                "facebook",
                "lead",
                200,
                json!({ "field_data": [] }),
                json!({})
            )
            .unwrap_err()
            .code(),
            "ERR_API_RESPONSE"
        );
    }

    // developers.facebook.com/docs/messenger-platform/identity/user-profile.
    #[test]
    fn messenger_and_instagram_profiles() {
        let body = json!({ "first_name": "Peter", "last_name": "Chang", "profile_pic": "https://platform-lookaside.fbsbx.com/p.jpg", "id": "24601234567890" });
        assert_eq!(
            answer("facebook", "messengerProfile", 200, body, json!({})).unwrap(),
            json!({ "id": "24601234567890", "firstName": "Peter", "lastName": "Chang", "pictureUrl": "https://platform-lookaside.fbsbx.com/p.jpg" })
        );
        // Instagram User Profile API: no id in the answer; the IGSID asked for is used.
        let ig = call(
            "instagram",
            "instagramProfile",
            json!({ "igsid": "5179861234567890" }),
        )
        .unwrap();
        assert_eq!(ig.url, "https://graph.instagram.com/v26.0/5179861234567890?fields=name%2Cusername%2Cprofile_pic%2Cfollower_count");
        let fb = call(
            "instagram-facebook-login",
            "instagramProfile",
            json!({ "igsid": "1" }),
        )
        .unwrap();
        assert!(fb.url.starts_with("https://graph.facebook.com/v26.0/1?"));
        let body = json!({ "name": "Peter Chang", "username": "peter_chang_live", "profile_pic": "https://x/p.jpg", "follower_count": 1234, "is_user_follow_business": false });
        assert_eq!(
            answer(
                "instagram",
                "instagramProfile",
                200,
                body,
                json!({ "igsid": "5179861234567890" })
            )
            .unwrap(),
            json!({ "id": "5179861234567890", "name": "Peter Chang", "username": "peter_chang_live", "pictureUrl": "https://x/p.jpg", "followerCount": 1234 })
        );
    }

    // developers.facebook.com/docs/graph-api/reference/app/subscriptions and
    // …/reference/page/subscribed_apps; WhatsApp subscribes the WABA.
    #[test]
    fn meta_subscriptions() {
        let app = call("facebook", "appSubscription", json!({ "appId": "1234", "object": "page", "callbackUrl": "https://crm.example/hooks/meta", "fields": ["messages", "leadgen"], "verifyToken": "vt", "includeValues": true })).unwrap();
        assert_eq!(
            (app.method, app.url.as_str()),
            (
                "POST",
                "https://graph.facebook.com/v26.0/1234/subscriptions"
            )
        );
        assert_eq!(app.body.as_deref(), Some("object=page&callback_url=https%3A%2F%2Fcrm.example%2Fhooks%2Fmeta&fields=messages%2Cleadgen&verify_token=vt&include_values=true"));
        assert_eq!(
            header(&app, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let err = call(
            "facebook",
            "appSubscription",
            json!({ "appId": "1", "object": "page", "callbackUrl": "u", "verifyToken": "v" }),
        )
        .unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/params/fields"));
        let page = call(
            "facebook",
            "subscribedApps",
            json!({ "fields": ["messages", "leadgen"] }),
        )
        .unwrap();
        assert_eq!(
            page.url,
            "https://graph.facebook.com/v26.0/me/subscribed_apps"
        );
        assert_eq!(
            page.body.as_deref(),
            Some("subscribed_fields=messages%2Cleadgen")
        );
        let waba = call(
            "whatsapp",
            "subscribedApps",
            json!({ "id": "102290129340398" }),
        )
        .unwrap();
        assert_eq!(
            (waba.url.as_str(), waba.body.as_deref()),
            (
                "https://graph.facebook.com/v26.0/102290129340398/subscribed_apps",
                Some("")
            )
        );
        assert_eq!(
            answer(
                "facebook",
                "subscribedApps",
                200,
                json!({ "success": true }),
                json!({})
            )
            .unwrap(),
            json!({ "success": true })
        );
        assert_eq!(
            answer("facebook", "subscribedApps", 200, json!({}), json!({})).unwrap(),
            json!({ "success": false })
        );
    }

    // docs.x.com/x-api/users/lookup: { data: [...], errors: [...] }, ids as strings.
    #[test]
    fn x_users_lookup_keeps_big_ids_and_partial_errors() {
        let request = call(
            "x",
            "users",
            json!({ "ids": ["2244994945", "1440000000000000001"] }),
        )
        .unwrap();
        assert_eq!(request.url, "https://api.x.com/2/users?ids=2244994945%2C1440000000000000001&user.fields=profile_image_url%2Cdescription%2Cverified%2Ccreated_at");
        let body: Value = serde_json::from_str(r#"{"data":[{"id":"1440000000000000001","name":"X Dev","username":"XDevelopers","profile_image_url":"https://pbs.twimg.com/p.jpg"}],"errors":[{"value":"2244994945","detail":"Could not find user with ids: [2244994945].","title":"Not Found Error","resource_type":"user","parameter":"ids","resource_id":"2244994945","type":"https://api.twitter.com/2/problems/resource-not-found"}]}"#).unwrap();
        assert_eq!(
            answer("x", "users", 200, body, json!({})).unwrap(),
            json!({
                "users": [{ "id": "1440000000000000001", "name": "X Dev", "username": "XDevelopers", "pictureUrl": "https://pbs.twimg.com/p.jpg" }],
                "errors": [{ "value": "2244994945", "title": "Not Found Error", "detail": "Could not find user with ids: [2244994945]." }]
            })
        );
        let by_name = call(
            "x",
            "usersByUsername",
            json!({ "usernames": ["XDevelopers", "jack"] }),
        )
        .unwrap();
        assert!(by_name
            .url
            .starts_with("https://api.x.com/2/users/by?usernames=XDevelopers%2Cjack&"));
    }

    #[test]
    fn x_me_and_account_activity_webhooks() {
        assert_eq!(answer("x", "me", 200, json!({ "data": { "id": "2244994945", "name": "X Dev", "username": "XDevelopers" } }), json!({})).unwrap()["id"], "2244994945");
        let register = call(
            "x",
            "webhookRegister",
            json!({ "url": "https://crm.example/hooks/x?a=\"b\"" }),
        )
        .unwrap();
        assert_eq!(
            (register.method, register.url.as_str()),
            ("POST", "https://api.x.com/2/webhooks")
        );
        assert_eq!(
            register.body.as_deref(),
            Some(r#"{"url":"https://crm.example/hooks/x?a=\"b\""}"#)
        );
        assert_eq!(header(&register, "content-type"), Some("application/json"));
        let hook = answer("x", "webhookRegister", 200, json!({ "data": { "id": "1146654567674912769", "url": "https://crm.example/hooks/x", "valid": true, "created_at": "2026-06-02T23:54:02.000Z" } }), json!({})).unwrap();
        assert_eq!(
            hook,
            json!({ "id": "1146654567674912769", "url": "https://crm.example/hooks/x", "valid": true, "createdAt": "2026-06-02T23:54:02.000Z" })
        );
        let subscribe = call(
            "x",
            "webhookSubscribe",
            json!({ "webhookId": "1146654567674912769" }),
        )
        .unwrap();
        assert_eq!(
            subscribe.url,
            "https://api.x.com/2/account_activity/webhooks/1146654567674912769/subscriptions/all"
        );
        assert_eq!(subscribe.body.as_deref(), Some("{}"));
        assert_eq!(
            answer(
                "x",
                "webhookSubscribe",
                200,
                json!({ "data": { "subscribed": true } }),
                json!({})
            )
            .unwrap(),
            json!({ "success": true })
        );
        let unauthorized = answer("x", "me", 401, json!({ "title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized" }), json!({})).unwrap_err();
        assert_eq!(unauthorized.code(), "ERR_API_UNAUTHORIZED");
    }

    // learn.microsoft.com …/sign-in-with-linkedin-v2 (userinfo) and the shape of
    // /work/shared/fixtures/platform-payloads/linkedin-lead-form-response.reconstructed.json.
    #[test]
    fn linkedin_userinfo_and_lead_form_response() {
        assert_eq!(
            call("linkedin", "userinfo", json!({})).unwrap().url,
            "https://api.linkedin.com/v2/userinfo"
        );
        let body = json!({ "sub": "782bbtaQ", "name": "John Doe", "given_name": "John", "family_name": "Doe", "picture": "https://media.licdn.com/p.jpg", "locale": { "country": "US", "language": "en" }, "email": "doe@email.com", "email_verified": true });
        assert_eq!(
            answer("linkedin", "userinfo", 200, body, json!({})).unwrap(),
            json!({ "id": "782bbtaQ", "name": "John Doe", "firstName": "John", "lastName": "Doe", "pictureUrl": "https://media.licdn.com/p.jpg", "locale": "en_US", "email": "doe@email.com", "emailVerified": true })
        );
        let request = call(
            "linkedin",
            "leadFormResponse",
            json!({ "id": "urn:li:leadGenFormResponse:1a2b3c-4" }),
        )
        .unwrap();
        assert_eq!(
            request.url,
            "https://api.linkedin.com/rest/leadFormResponses/1a2b3c-4"
        );
        assert_eq!(header(&request, "linkedin-version"), Some("202610"));
        assert_eq!(header(&request, "x-restli-protocol-version"), Some("2.0.0"));
        let body = json!({
            "id": "1a2b3c-4", "owner": { "sponsoredAccount": "urn:li:sponsoredAccount:123" },
            "submitter": "urn:li:person:MpGcnvaU_p",
            "versionedLeadGenFormUrn": "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:1,1)",
            "leadType": "SPONSORED", "testLead": false, "submittedAt": 1_686_182_358_881u64,
            "leadMetadata": { "sponsoredLeadMetadata": { "campaign": "urn:li:sponsoredCampaign:367378525" } },
            "associatedEntity": { "associatedCreative": "urn:li:sponsoredCreative:456" },
            "formResponse": {
                "answers": [
                    { "answerDetails": { "textQuestionAnswer": { "answer": "ada@example.com" } }, "questionId": 1 },
                    { "answerDetails": { "multipleChoiceAnswer": { "options": [2, 3] } }, "questionId": 2 }
                ],
                "consentResponses": [{ "accepted": true, "consentId": 4 }]
            }
        });
        assert_eq!(
            answer("linkedin", "leadFormResponse", 200, body, json!({})).unwrap(),
            json!({
                "id": "1a2b3c-4", "platform": "linkedin",
                "formId": "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:1,1)",
                "adId": "urn:li:sponsoredCreative:456", "campaignId": "urn:li:sponsoredCampaign:367378525",
                "createdAt": "2023-06-07T23:59:18Z", "test": false, "submitter": "urn:li:person:MpGcnvaU_p",
                "answers": { "1": ["ada@example.com"], "2": ["2", "3"] }, "contact": {},
                "consents": [{ "key": "4", "accepted": true }]
            })
        );
        let revoked = answer("linkedin", "userinfo", 401, json!({ "status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN", "message": "The token used in the request has been revoked by the user" }), json!({})).unwrap_err();
        assert_eq!(revoked.code(), "ERR_API_UNAUTHORIZED");
    }

    // developers.tiktok.com/doc/tiktok-api-v2-get-user-info (response example).
    #[test]
    fn tiktok_user_info() {
        assert_eq!(call("tiktok", "userInfo", json!({})).unwrap().url, "https://open.tiktokapis.com/v2/user/info/?fields=open_id%2Cunion_id%2Cavatar_url%2Cdisplay_name");
        let body = json!({ "data": { "user": { "avatar_url": "https://p19-sign.tiktokcdn-us.com/a.jpeg", "open_id": "723f24d7-e717-40f8-a2b6-cb8464cd23b4", "union_id": "c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1", "display_name": "Tik Toker" } }, "error": { "code": "ok", "message": "", "log_id": "20220829194722CBE87ED59D524E727021" } });
        assert_eq!(
            answer("tiktok", "userInfo", 200, body, json!({})).unwrap(),
            json!({ "id": "723f24d7-e717-40f8-a2b6-cb8464cd23b4", "name": "Tik Toker", "pictureUrl": "https://p19-sign.tiktokcdn-us.com/a.jpeg", "unionId": "c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1" })
        );
        let err = answer("tiktok", "userInfo", 401, json!({ "data": {}, "error": { "code": "access_token_invalid", "message": "The access token is invalid or not found in the request.", "log_id": "2022" } }), json!({})).unwrap_err();
        assert_eq!(
            (err.code(), err.details().unwrap()["traceId"].as_str()),
            ("ERR_API_UNAUTHORIZED", Some("2022"))
        );
    }

    fn youtube_comment(id: &str, text: &str, parent: Option<&str>) -> Value {
        let mut snippet = json!({
            "authorDisplayName": "Ada", "authorProfileImageUrl": "https://yt3.ggpht.com/a.jpg",
            "authorChannelUrl": "http://www.youtube.com/@ada", "authorChannelId": { "value": "UCada" },
            "channelId": "UCchannel", "textDisplay": format!("<b>{text}</b>"), "textOriginal": text,
            "canRate": true, "viewerRating": "none", "likeCount": 3,
            "publishedAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-01T10:05:00Z"
        });
        if let Some(parent) = parent {
            snippet["parentId"] = json!(parent);
        }
        json!({ "kind": "youtube#comment", "etag": "e", "id": id, "snippet": snippet })
    }

    // developers.google.com/youtube/v3/docs/commentThreads/list, in the shape of
    // /work/shared/fixtures/platform-payloads/youtube-commentThreads-list.schema-skeleton.json.
    #[test]
    fn youtube_comment_threads_with_replies_and_pages() {
        let first = call(
            "google",
            "commentThreads",
            json!({ "channelId": "UCchannel" }),
        )
        .unwrap();
        assert_eq!(first.url, "https://www.googleapis.com/youtube/v3/commentThreads?part=snippet%2Creplies&allThreadsRelatedToChannelId=UCchannel&maxResults=100&textFormat=plainText");
        let next = call(
            "google",
            "commentThreads",
            json!({ "videoId": "dQw4w9WgXcQ", "pageToken": "QURTSl9p", "maxResults": 50 }),
        )
        .unwrap();
        assert_eq!(next.url, "https://www.googleapis.com/youtube/v3/commentThreads?part=snippet%2Creplies&videoId=dQw4w9WgXcQ&maxResults=50&textFormat=plainText&pageToken=QURTSl9p");
        for params in [json!({}), json!({ "channelId": "a", "videoId": "b" })] {
            assert_eq!(
                call("google", "commentThreads", params)
                    .unwrap_err()
                    .path()
                    .as_deref(),
                Some("/params")
            );
        }
        let body = json!({
            "kind": "youtube#commentThreadListResponse", "etag": "e", "nextPageToken": "QURTSl9p",
            "pageInfo": { "totalResults": 2, "resultsPerPage": 100 },
            "items": [{
                "kind": "youtube#commentThread", "etag": "e", "id": "Ugz1",
                "snippet": { "channelId": "UCchannel", "videoId": "dQw4w9WgXcQ", "topLevelComment": youtube_comment("Ugz1", "Great video", None), "canReply": true, "totalReplyCount": 1, "isPublic": true },
                "replies": { "comments": [youtube_comment("Ugz1.r1", "Thanks!", Some("Ugz1"))] }
            }]
        });
        let page = answer("google", "commentThreads", 200, body, json!({})).unwrap();
        assert_eq!(page["nextPageToken"], "QURTSl9p");
        assert_eq!(
            page["comments"][0],
            json!({ "id": "Ugz1", "threadId": "Ugz1", "videoId": "dQw4w9WgXcQ", "channelId": "UCchannel", "authorName": "Ada", "authorChannelId": "UCada", "authorChannelUrl": "http://www.youtube.com/@ada", "authorPictureUrl": "https://yt3.ggpht.com/a.jpg", "text": "Great video", "likeCount": 3, "publishedAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-01T10:05:00Z" })
        );
        assert_eq!(
            (
                page["comments"][1]["parentId"].as_str(),
                page["comments"][1]["videoId"].as_str(),
                page["comments"][1]["threadId"].as_str()
            ),
            (Some("Ugz1"), Some("dQw4w9WgXcQ"), Some("Ugz1"))
        );
        assert_eq!(
            answer(
                "google",
                "commentThreads",
                200,
                json!({ "items": [] }),
                json!({})
            )
            .unwrap(),
            json!({ "comments": [] })
        );
        let quota = answer("google", "commentThreads", 403, json!({ "error": { "code": 403, "message": "quota", "errors": [{ "reason": "quotaExceeded", "domain": "youtube.quota" }] } }), json!({})).unwrap_err();
        assert_eq!(
            (quota.code(), quota.details().unwrap()["error"].as_str()),
            ("ERR_API_ERROR", Some("quotaExceeded"))
        );
    }
}
