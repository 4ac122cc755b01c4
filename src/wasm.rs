//! The only boundary module: `#[wasm_bindgen]` exports, JS ⇄ Rust conversions and the mapping
//! of [`Error`] to a JS error carrying `code`, `path` and `details`. The npm adapter
//! (`pkg-template/index.js`) turns that into a `SocialCrmError` instance.

use crate::error::Error;
use crate::webhook::{self, Headers, Scheme};
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The crate version (`Cargo.toml`), so a host can tell which core it loaded.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Verifies a webhook delivery. `headers` is a flat `[name, value, …]` list (names in any
/// case) and `body` the exact bytes received. Returns `{ valid: true, scheme, matched }` or
/// throws an error with a `code`.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(
    scheme: &str,
    secrets: Vec<String>,
    headers: Vec<String>,
    body: &[u8],
) -> Result<JsValue, JsValue> {
    let run = || {
        let scheme = Scheme::parse(scheme)?;
        let headers = Headers::from_flat(&headers)?;
        webhook::verify(scheme, &secrets, &headers, body)
    };
    run().map_err(to_js_error).and_then(|ok| to_js(&ok))
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
