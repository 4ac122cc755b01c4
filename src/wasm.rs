//! The only boundary module: `#[wasm_bindgen]` exports, JS ⇄ Rust conversions and the mapping
//! of [`Error`] to a JS error carrying `code`, `path` and `details`. The npm adapter
//! (`pkg-template/index.js`) validates option bags, then calls these with plain values and
//! turns the errors into `SocialCrmError` instances.

use crate::error::Error;
use crate::mapping::tape::TapeBuf;
use crate::webhook::{self, Clock, Delivery, HandshakeContext, Headers, Scheme, SignContext};
use js_sys::Reflect;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The crate version (`Cargo.toml`), so a host can tell which core it loaded.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// The header names some scheme reads, NUL-joined; the adapter sends only these.
#[wasm_bindgen(js_name = webhookHeaderNames)]
pub fn webhook_header_names() -> String {
    webhook::HEADER_NAMES.join("\0")
}

/// Verifies a webhook delivery. `secrets` and `headers` are NUL-joined (see [`split_secrets`]
/// and [`Headers::from_joined`]), `body` the exact bytes received, `now` unix seconds. Returns
/// `{ valid: true, scheme, deliveryId?, timestamp?, matched }` or throws an error with a `code`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(
    scheme: &str,
    secrets: Option<String>,
    headers: &str,
    body: &[u8],
    url: Option<String>,
    method: Option<String>,
    now: f64,
    tolerance_seconds: Option<f64>,
) -> Result<JsValue, JsValue> {
    let run = || {
        let scheme = Scheme::find(scheme)?;
        let delivery = Delivery {
            headers: Headers::from_joined(headers)?,
            body,
            url: url.as_deref(),
            method: method.as_deref(),
        };
        let clock = Clock {
            now: seconds("/now", now)?,
            tolerance_seconds: tolerance_seconds.map(tolerance).transpose()?,
        };
        webhook::verify(scheme, &split_secrets(secrets.as_deref()), &delivery, clock)
    };
    run().map_err(to_js_error).and_then(|ok| to_js(&ok))
}

/// The headers a sender attaches to `body` for `scheme`: `{ headers: { name: value } }`.
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook(
    scheme: &str,
    secret: &str,
    body: &[u8],
    now: f64,
    id: Option<String>,
    url: Option<String>,
    method: Option<String>,
) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Signed {
        #[serde(serialize_with = "webhook::serialize_header_map")]
        headers: Vec<(String, String)>,
    }
    let run = || {
        let context = SignContext {
            secret,
            body,
            now: seconds("/now", now)?,
            id: id.as_deref(),
            url: url.as_deref(),
            method: method.as_deref(),
        };
        webhook::sign(Scheme::find(scheme)?, &context)
    };
    run()
        .map_err(to_js_error)
        .and_then(|headers| to_js(&Signed { headers }))
}

/// Answers a subscription check: `{ status, headers, body }`, or `null` when the request is
/// not a handshake of `scheme`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = respondToHandshake)]
pub fn respond_to_handshake(
    scheme: &str,
    method: &str,
    url: &str,
    headers: &str,
    body: &[u8],
    secret: Option<String>,
    verify_token: Option<String>,
    now: f64,
) -> Result<JsValue, JsValue> {
    let run = || {
        let context = HandshakeContext {
            method,
            url,
            headers: Headers::from_joined(headers)?,
            body,
            secret: secret.as_deref(),
            verify_token: verify_token.as_deref(),
            now: seconds("/now", now)?,
        };
        webhook::respond_to_handshake(Scheme::find(scheme)?, &context)
    };
    match run().map_err(to_js_error)? {
        Some(response) => to_js(&response),
        None => Ok(JsValue::NULL),
    }
}

/// A stable idempotency key for a delivery (the scheme's delivery id, else a body hash).
#[wasm_bindgen(js_name = deliveryKey)]
pub fn delivery_key(scheme: &str, headers: &str, body: &[u8]) -> Result<String, JsValue> {
    let run = || {
        let headers = Headers::from_joined(headers)?;
        webhook::delivery_key(Scheme::find(scheme)?, &headers, body)
    };
    run().map_err(to_js_error)
}

/// Secrets arrive NUL-joined (one string across the boundary); `None` means none were given.
/// The adapter refuses secrets containing NUL.
fn split_secrets(joined: Option<&str>) -> Vec<&str> {
    joined.map(|s| s.split('\0').collect()).unwrap_or_default()
}

/// Unix seconds from a JS number; fractions are dropped (`Date.now() / 1000` works as is).
fn seconds(path: &str, value: f64) -> Result<i64, Error> {
    if !value.is_finite() {
        return Err(Error::InvalidArgument {
            path: path.into(),
            message: "expected unix seconds as a finite number".into(),
        });
    }
    // `as` saturates out-of-range floats, which the replay window then rejects.
    Ok(value.floor() as i64)
}

/// A replay window from a JS number; `Infinity` turns the check off.
fn tolerance(value: f64) -> Result<u64, Error> {
    if value.is_nan() || value < 0.0 {
        return Err(Error::InvalidArgument {
            path: "/toleranceSeconds".into(),
            message: "expected a number of seconds ≥ 0 (Infinity turns the check off)".into(),
        });
    }
    Ok(if value.is_infinite() {
        u64::MAX
    } else {
        value.floor() as u64
    })
}

/// Serialises a result as a plain JS object (maps become objects, not `Map`s).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| internal_error(&err.to_string()))
}

/// A JS `Error` named `SocialCrmError` with the error's `code`, `path` and `details`.
fn to_js_error(err: Error) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("SocialCrmError");
    // `Reflect::set` on a fresh extensible object cannot fail; ignoring its result keeps a
    // failure from hiding the original error.
    let _ = Reflect::set(&js, &"code".into(), &err.code().into());
    if let Some(path) = err.path() {
        let _ = Reflect::set(&js, &"path".into(), &path.into());
    }
    if let Some(details) = err.details().and_then(|d| to_js(&d).ok()) {
        let _ = Reflect::set(&js, &"details".into(), &details);
    }
    js.into()
}

fn internal_error(message: &str) -> JsValue {
    let js = js_sys::Error::new(message);
    js.set_name("SocialCrmError");
    let _ = Reflect::set(&js, &"code".into(), &"ERR_INTERNAL".into());
    js.into()
}

/// The OAuth and platform-call operations (`createAuthorization`, `tokenRequest`, …; see
/// `oauth::api`): `options` is the adapter's option bag as JSON with `now` filled in,
/// `headers` NUL-joined like the webhook functions', `body` a response body as text. One
/// export for all of them keeps the boundary (and the wasm) small.
#[wasm_bindgen]
pub fn oauth(op: &str, options: &str, headers: &str, body: &str) -> Result<JsValue, JsValue> {
    let run = || {
        let options =
            serde_json::from_slice(options.as_bytes()).map_err(|_| Error::InvalidArgument {
                path: String::new(),
                message: "expected the options as a JSON object".into(),
            })?;
        crate::oauth::api::run(op, &options, &Headers::from_joined(headers)?, body)
    };
    run().map_err(to_js_error).and_then(|value| to_js(&value))
}

/// RFC 9535 JSONPath over a document given as JSON text: the matched values as a JSON array
/// text (`[{ path, pointer, value }]` when `located`), parsed by the adapter. Text rather than
/// JS objects both ways so that integers beyond 2^53 keep their digits (see
/// [`crate::jsonpath::query_text`]).
#[wasm_bindgen(js_name = jsonPathQuery)]
pub fn json_path_query(
    expression: &str,
    document: &str,
    located: bool,
    big_integers_as_numbers: bool,
) -> Result<String, JsValue> {
    let options = crate::jsonpath::TextOptions {
        located,
        big_integers_as_numbers,
    };
    crate::jsonpath::query_text(expression, document, options).map_err(to_js_error)
}

/// The built-in mappings: `[{ name, platform, kinds, description }]`.
#[wasm_bindgen(js_name = builtinMappings)]
pub fn builtin_mappings() -> Result<JsValue, JsValue> {
    to_js(&crate::platforms::builtin_mappings())
}

/// A copy of one built-in mapping's spec, as JSON text (the adapter parses it).
#[wasm_bindgen(js_name = builtinMapping)]
pub fn builtin_mapping(name: &str) -> Result<String, JsValue> {
    crate::platforms::builtin_mapping(name)
        .map(|spec| spec.to_string())
        .ok_or_else(|| {
            to_js_error(Error::InvalidArgument {
                path: "/name".into(),
                message: format!(
                    "`{name}` is not a built-in mapping; known: {}",
                    crate::platforms::builtin_names()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
        })
}

/// Normalises a delivery with the built-in mappings (compiled once, on first use): the
/// `SocialEvent[]` as JSON text, which the adapter parses (ids are strings, so nothing is lost).
#[wasm_bindgen(js_name = normalizeEvent)]
pub fn normalize_event(body: &[u8], platform: Option<String>) -> Result<String, JsValue> {
    crate::platforms::Normalizer::builtin()
        .and_then(|normalizer| normalizer.normalize_bytes(body, platform.as_deref()))
        .map(|events| serde_json::Value::Array(events).to_string())
        .map_err(to_js_error)
}

/// The built-ins with per-account overrides, compiled once: `createNormalizer({ overrides })`.
#[wasm_bindgen]
pub struct Normalizer {
    inner: crate::platforms::Normalizer,
}

#[wasm_bindgen]
impl Normalizer {
    /// Compiles the built-ins with `overrides` (a JSON array of specs; `extends` names the
    /// built-in each replaces).
    #[wasm_bindgen(constructor)]
    pub fn new(overrides: &str) -> Result<Normalizer, JsValue> {
        let run = || {
            let overrides: Vec<serde_json::Value> =
                serde_json::from_str(overrides).map_err(|_| Error::InvalidArgument {
                    path: "/overrides".into(),
                    message: "expected an array of mapping specs".into(),
                })?;
            crate::platforms::Normalizer::new(&overrides)
        };
        run().map(|inner| Normalizer { inner }).map_err(to_js_error)
    }

    /// Like [`normalize_event`], with this handle's mappings.
    pub fn normalize(&self, body: &[u8], platform: Option<String>) -> Result<String, JsValue> {
        self.inner
            .normalize_bytes(body, platform.as_deref())
            .map(|events| serde_json::Value::Array(events).to_string())
            .map_err(to_js_error)
    }
}

/// A compiled mapping spec held by JS (`compileMapping`). Results cross as JSON text the
/// adapter parses: measured faster than building the objects through serde-wasm-bindgen
/// (README, "Mapping benchmark").
#[wasm_bindgen]
pub struct CompiledMapping {
    inner: crate::mapping::Mapping,
}

/// Compiles a spec given as JSON text; throws the first problem as `SocialCrmError`.
#[wasm_bindgen(js_name = compileMapping)]
pub fn compile_mapping(spec: &str) -> Result<CompiledMapping, JsValue> {
    let run = || {
        let spec = spec_json(spec)?;
        crate::mapping::Mapping::compile(&spec, &crate::platforms::builtin_mapping)
    };
    run()
        .map(|inner| CompiledMapping { inner })
        .map_err(to_js_error)
}

/// Every problem of a spec given as JSON text, as a JSON array.
#[wasm_bindgen(js_name = validateMapping)]
pub fn validate_mapping(spec: &str) -> Result<String, JsValue> {
    let spec = spec_json(spec).map_err(to_js_error)?;
    let problems = crate::mapping::validate(&spec, &crate::platforms::builtin_mapping);
    json_text(&problems)
}

#[wasm_bindgen]
impl CompiledMapping {
    /// The spec's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    /// The spec's platform, if any.
    #[wasm_bindgen(getter)]
    pub fn platform(&self) -> Option<String> {
        self.inner.platform().map(str::to_owned)
    }

    /// Maps the first `len` bytes of the body buffer (see `bodyBuffer`): `{ records,
    /// warnings }` as a tape (the `mapping::tape` module), left in wasm memory until the next
    /// call; returns its address. The adapter reads it where it lies with the names of
    /// `tapeKeys`.
    #[wasm_bindgen(js_name = mapBody)]
    pub fn map_body(&self, len: usize) -> Result<usize, JsValue> {
        TAPE.with_borrow_mut(|tape| {
            if tape.capacity() > KEEP_BYTES {
                *tape = TapeBuf::default();
            }
            with_body(len, |body| self.inner.map_tape(body, tape)).map_err(to_js_error)?;
            Ok(tape.bytes().as_ptr() as usize)
        })
    }

    /// The member names `mapBody` tapes number, as a JSON array.
    #[wasm_bindgen(js_name = tapeKeys)]
    pub fn tape_keys(&self) -> Result<String, JsValue> {
        json_text(&self.inner.tape_keys())
    }

    /// Previews the first `len` bytes of the body buffer: `{ records, trace, warnings,
    /// errors }` as JSON text.
    #[wasm_bindgen(js_name = previewBody)]
    pub fn preview_body(&self, len: usize) -> Result<String, JsValue> {
        json_text(&with_body(len, |body| Ok(self.inner.preview_bytes(body))).map_err(to_js_error)?)
    }
}

thread_local! {
    /// Where the adapter writes a body (text straight from `encodeInto`) and where the last
    /// tape stays for it to read: no copy of either crosses the boundary.
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static TAPE: RefCell<TapeBuf> = RefCell::new(TapeBuf::default());
}

/// Buffers above this size are released after use rather than kept for the next body.
const KEEP_BYTES: usize = 256 * 1024;

/// Room for a body of `len` bytes in wasm memory, for the next `mapBody` or `previewBody`:
/// its address (valid until the next call into the core).
#[wasm_bindgen(js_name = bodyBuffer)]
pub fn body_buffer(len: usize) -> usize {
    BODY.with_borrow_mut(|body| {
        if body.len() < len {
            body.resize(len, 0);
        }
        body.as_mut_ptr() as usize
    })
}

/// The wasm memory, where the adapter writes bodies and reads tapes.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Runs `f` on the first `len` bytes of the body buffer, then releases a large buffer.
fn with_body<T>(len: usize, f: impl FnOnce(&[u8]) -> Result<T, Error>) -> Result<T, Error> {
    let out = BODY.with_borrow(|body| match body.get(..len) {
        Some(bytes) => f(bytes),
        None => Err(Error::InvalidArgument {
            path: "/body".into(),
            message: "the body buffer is shorter than the length given".into(),
        }),
    });
    BODY.with_borrow_mut(|body| {
        if body.capacity() > KEEP_BYTES {
            *body = Vec::new();
        }
    });
    out
}

fn spec_json(spec: &str) -> Result<serde_json::Value, Error> {
    serde_json::from_str(spec).map_err(|_| Error::InvalidArgument {
        path: String::new(),
        message: "expected the mapping spec as a JSON object".into(),
    })
}

/// Compiled identity rules: validated once, then used by every `matchKeys` and
/// `compareContacts` call that passes the same rules. Contacts cross as JSON text, bulk
/// contacts as bytes (a JSON array or NDJSON), so a million contacts never become a million
/// JS objects on the way in.
#[wasm_bindgen]
pub struct IdentityRules {
    matcher: crate::identity::Matcher,
}

#[wasm_bindgen]
impl IdentityRules {
    /// Compiles rules given as JSON; the defaults for the canonical Contact when absent.
    #[wasm_bindgen(constructor)]
    pub fn new(rules: Option<String>) -> Result<IdentityRules, JsValue> {
        let run = || {
            let rules = match rules.as_deref() {
                Some(json) => crate::identity::Rules::from_json(json)?,
                None => crate::identity::Rules::default(),
            };
            crate::identity::Matcher::new(rules)
        };
        run()
            .map(|matcher| IdentityRules { matcher })
            .map_err(to_js_error)
    }

    /// The rules as JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        serde_json::to_string(self.matcher.rules()).map_err(|err| internal_error(&err.to_string()))
    }

    /// The blocking keys of one contact (JSON text).
    #[wasm_bindgen(js_name = matchKeys)]
    pub fn match_keys(&self, contact: &str) -> Result<Vec<String>, JsValue> {
        let contact = read_contact(contact, "/contact").map_err(to_js_error)?;
        Ok(self.matcher.match_keys(&contact))
    }

    /// `{ score, weight, decision, evidence }` for two contacts (JSON text).
    pub fn compare(&self, a: &str, b: &str) -> Result<JsValue, JsValue> {
        let run = || Ok((read_contact(a, "/a")?, read_contact(b, "/b")?));
        let (a, b) = run().map_err(to_js_error)?;
        to_js(&self.matcher.compare(&a, &b))
    }

    /// The rules trained on `contacts` (JSON array or NDJSON bytes), as JSON. `options` is
    /// the JSON of the training options.
    pub fn train(&self, contacts: &[u8], options: &str) -> Result<String, JsValue> {
        let run = || {
            let options = train_options(options)?;
            let rows = self.matcher.read(contacts)?;
            Ok(self.matcher.train(&rows, options))
        };
        run()
            .map_err(to_js_error)
            .and_then(|rules| json_text(&rules))
    }

    /// `{ clusters, oversized, stats, rules? }` as JSON for `contacts` (JSON array or NDJSON
    /// bytes). `options` is JSON: `{ train?: boolean | TrainOptions }`; when training, the
    /// trained rules are used and returned.
    pub fn dedupe(&self, contacts: &[u8], options: &str) -> Result<String, JsValue> {
        #[derive(Serialize)]
        struct Out {
            #[serde(flatten)]
            result: crate::identity::dedupe::Dedupe,
            #[serde(skip_serializing_if = "Option::is_none")]
            rules: Option<crate::identity::Rules>,
        }
        let run = || {
            let options: serde_json::Value = parse_options(options)?;
            let train = match options.get("train") {
                None | Some(serde_json::Value::Null | serde_json::Value::Bool(false)) => None,
                Some(serde_json::Value::Bool(true)) => Some(Default::default()),
                Some(v) => Some(train_options(&v.to_string()).map_err(|err| match err {
                    Error::InvalidArgument { message, .. } => Error::InvalidArgument {
                        path: "/options/train".into(),
                        message,
                    },
                    other => other,
                })?),
            };
            let rows = self.matcher.read(contacts)?;
            let (result, rules) = self.matcher.dedupe(&rows, train)?;
            Ok(Out { result, rules })
        };
        run().map_err(to_js_error).and_then(|out| json_text(&out))
    }
}

fn read_contact(json: &str, path: &str) -> Result<crate::records::Contact, Error> {
    serde_json::from_str(json).map_err(|err| Error::InvalidArgument {
        path: path.into(),
        message: format!("expected a Contact object: {err}"),
    })
}

fn parse_options(json: &str) -> Result<serde_json::Value, Error> {
    if json.is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    serde_json::from_str(json).map_err(|_| Error::InvalidArgument {
        path: "/options".into(),
        message: "expected the options as a JSON object".into(),
    })
}

fn train_options(json: &str) -> Result<crate::identity::train::TrainOptions, Error> {
    if json.is_empty() {
        return Ok(Default::default());
    }
    serde_json::from_str(json).map_err(|err| Error::InvalidArgument {
        path: "/options".into(),
        message: format!("expected training options {{ randomPairs?, pairsPerRule?, iterations?, seed?, frequencies? }}: {err}"),
    })
}

fn json_text<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|err| internal_error(&err.to_string()))
}

/// The canonical form of an email address, or `undefined` for a non-email or a junk value.
#[wasm_bindgen(js_name = normalizeEmail)]
pub fn normalize_email(s: &str) -> Option<String> {
    crate::identity::normalize::canonical_email(s)
}

/// A phone number in E.164, or `undefined`; `region` (ISO 3166-1 alpha-2) reads national
/// formats.
#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(s: &str, region: Option<String>) -> Option<String> {
    crate::identity::normalize::e164(s, region.as_deref())
}

/// `{ folded, given?, family? }`: the name folded for comparison and split into parts.
#[wasm_bindgen(js_name = normalizeName)]
pub fn normalize_name(s: &str) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Normalized {
        folded: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        given: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        family: Option<String>,
    }
    let parts = crate::identity::normalize::split_name(s);
    to_js(&Normalized {
        folded: crate::identity::normalize::fold_name(s),
        given: parts.given,
        family: parts.family,
    })
}

/// Whether a value is on the junk block list (treated as missing).
#[wasm_bindgen(js_name = isJunkValue)]
pub fn is_junk_value(s: &str) -> bool {
    crate::identity::normalize::is_junk(s)
}

/// Merges observations into one contact: `observations` and `policy` as JSON text (the
/// adapter stringifies them; ids stay strings). Returns the result as JSON text, which the
/// adapter parses: measured 10–20% faster than building the object through serde-wasm-bindgen.
#[wasm_bindgen(js_name = mergeContacts)]
pub fn merge_contacts(observations: &str, policy: &str) -> Result<String, JsValue> {
    merge_run(observations, policy)
        .map_err(to_js_error)
        .and_then(|result| {
            serde_json::to_string(&result).map_err(|err| internal_error(&err.to_string()))
        })
}

fn merge_run(observations: &str, policy: &str) -> Result<crate::merge::MergeResult, Error> {
    let read = |text: &str, path: &str| {
        serde_json::from_slice::<serde_json::Value>(text.as_bytes()).map_err(|_| {
            Error::InvalidArgument {
                path: path.into(),
                message: "expected plain JSON values".into(),
            }
        })
    };
    let observations = read(observations, "/observations")?;
    let policy = read(policy, "/policy")?;
    crate::merge::merge_json(&observations, Some(&policy))
}
