//! The OAuth `state` parameter, self-contained and signed, so a host needs no server-side
//! session to defend the callback against CSRF and mix-up.
//!
//! `state = base64url(payload) + "." + base64url(HMAC-SHA256(secret, base64url(payload)))`,
//! where the payload is the JSON object `{"data":…,"iat":<unix seconds>,"nonce":"…",
//! "provider":"…"}` (keys sorted; `data` only when the host gave some). The MAC covers the
//! encoded payload exactly as sent, and is compared in constant time before the payload is
//! even parsed. The state is signed, not encrypted: the user and the platform can read `data`.

use crate::error::Error;
use crate::oauth::options::object;
use crate::oauth::pkce::random_bytes;
use crate::webhook::crypto::{constant_time_eq, hmac, Algorithm};
use crate::webhook::encoding::{base64url_decode, base64url_encode};
use serde_json::{Map, Value};

/// How long a state stays valid when the caller does not say: 10 minutes.
pub const DEFAULT_MAX_AGE_SECONDS: u64 = 600;

/// How far in the future an issued-at time may be (clock skew between servers): 60 s.
pub const FUTURE_SKEW_SECONDS: i64 = 60;

/// The shortest state secret accepted, in bytes. Use 32 random bytes.
pub const MIN_SECRET_BYTES: usize = 16;

/// What a state carries.
#[derive(Debug, Clone, PartialEq)]
pub struct StateContent {
    /// The provider the authorization was started for.
    pub provider: String,
    /// 128 random bits (base64url), unique per authorization.
    pub nonce: String,
    /// When the state was made, unix seconds.
    pub issued_at: i64,
    /// The host's own data (a tenant id, where to return to), exactly as given.
    pub data: Option<Value>,
}

impl StateContent {
    /// `{ provider, nonce, issuedAt, data? }`.
    pub fn to_json(&self) -> Value {
        object([
            ("provider", Some(self.provider.clone().into())),
            ("nonce", Some(self.nonce.clone().into())),
            ("issuedAt", Some(self.issued_at.into())),
            ("data", self.data.clone()),
        ])
    }
}

fn check_secret(secret: &str) -> Result<(), Error> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(Error::InvalidArgument {
            path: "/stateSecret".into(),
            message: format!(
                "a state secret needs at least {MIN_SECRET_BYTES} bytes; use 32 random bytes, \
                 e.g. hex or base64 of crypto.getRandomValues"
            ),
        });
    }
    Ok(())
}

/// Signs `content` into a state string.
pub fn sign(content: &StateContent, secret: &str) -> Result<String, Error> {
    check_secret(secret)?;
    let mut payload = Map::new();
    if let Some(data) = &content.data {
        payload.insert("data".into(), data.clone());
    }
    payload.insert("iat".into(), content.issued_at.into());
    payload.insert("nonce".into(), content.nonce.clone().into());
    payload.insert("provider".into(), content.provider.clone().into());
    let encoded = base64url_encode(Value::Object(payload).to_string().as_bytes());
    let mac = hmac(Algorithm::Sha256, secret.as_bytes(), &[encoded.as_bytes()]);
    Ok(format!("{encoded}.{}", base64url_encode(&mac)))
}

/// A new state for `provider` with a fresh random nonce.
pub fn create(
    provider: &str,
    data: Option<Value>,
    now: i64,
    secret: &str,
) -> Result<String, Error> {
    check_secret(secret)?;
    let content = StateContent {
        provider: provider.to_owned(),
        nonce: base64url_encode(&random_bytes(16)?),
        issued_at: now,
        data,
    };
    sign(&content, secret)
}

/// Checks a state's signature, then its age: `now - max_age ≤ issued_at ≤ now + 60 s`; when
/// `provider` is given, the state must have been made for it. Every failure is
/// `ERR_OAUTH_STATE` with a `reason` in `details`.
pub fn verify(
    state: &str,
    secret: &str,
    now: i64,
    max_age: u64,
    provider: Option<&str>,
) -> Result<StateContent, Error> {
    check_secret(secret)?;
    let fail = |reason: &'static str, problem: &str| Error::OAuthState {
        reason,
        problem: problem.to_owned(),
    };
    let malformed = || {
        fail(
            "malformed",
            "not a state this library made (expected <payload>.<signature>); pass the callback's \
             state parameter unchanged",
        )
    };
    let (encoded, mac) = state.split_once('.').ok_or_else(malformed)?;
    let presented = base64url_decode(mac).ok_or_else(malformed)?;
    let expected = hmac(Algorithm::Sha256, secret.as_bytes(), &[encoded.as_bytes()]);
    if !constant_time_eq(&presented, &expected) {
        return Err(fail(
            "signature",
            "the signature does not match: the state was altered, or signed with another \
             stateSecret",
        ));
    }
    // Signed by us: from here on a failure means a bug or a secret shared with other code.
    let payload = base64url_decode(encoded).ok_or_else(malformed)?;
    let payload: Value = serde_json::from_slice(&payload).map_err(|_| malformed())?;
    let content = StateContent {
        provider: payload
            .get("provider")
            .and_then(Value::as_str)
            .ok_or_else(malformed)?
            .to_owned(),
        nonce: payload
            .get("nonce")
            .and_then(Value::as_str)
            .ok_or_else(malformed)?
            .to_owned(),
        issued_at: payload
            .get("iat")
            .and_then(Value::as_i64)
            .ok_or_else(malformed)?,
        data: payload.get("data").cloned(),
    };
    if content.issued_at > now.saturating_add(FUTURE_SKEW_SECONDS) {
        return Err(fail(
            "future",
            &format!(
                "issued at {}, {} s after now ({now}); check the host clocks",
                content.issued_at,
                content.issued_at.saturating_sub(now)
            ),
        ));
    }
    let age = now.saturating_sub(content.issued_at);
    if u64::try_from(age).is_ok_and(|age| age > max_age) {
        return Err(fail(
            "expired",
            &format!(
                "issued {age} s ago, more than maxAgeSeconds ({max_age}); start the \
                 authorization again"
            ),
        ));
    }
    if let Some(expected) = provider {
        if content.provider != expected {
            return Err(fail(
                "provider",
                &format!("made for provider {:?}, not {expected:?}", content.provider),
            ));
        }
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";
    const NOW: i64 = 1_700_000_000;

    fn content() -> StateContent {
        StateContent {
            provider: "x".into(),
            nonce: "bm9uY2Vub25jZW5vbmNl".into(),
            issued_at: NOW,
            data: Some(
                json!({ "tenant": "t-1", "returnTo": "/inbox?x=1", "n": 12345678901234567u64 }),
            ),
        }
    }

    fn reason(err: Error) -> &'static str {
        match err {
            Error::OAuthState { reason, .. } => reason,
            other => panic!("expected ERR_OAUTH_STATE, got {other:?}"),
        }
    }

    #[test]
    fn round_trips_and_is_the_documented_hmac() {
        let state = sign(&content(), SECRET).unwrap();
        assert_eq!(
            verify(&state, SECRET, NOW, 600, Some("x")).unwrap(),
            content()
        );
        let (payload, mac) = state.split_once('.').unwrap();
        assert_eq!(
            base64url_decode(mac).unwrap(),
            hmac(Algorithm::Sha256, SECRET.as_bytes(), &[payload.as_bytes()])
        );
        let json: Value = serde_json::from_slice(&base64url_decode(payload).unwrap()).unwrap();
        assert_eq!(json["iat"], NOW);
        assert_eq!(json["provider"], "x");
        // Only URL-safe characters: it goes into a query string unchanged.
        assert!(state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
    }

    #[test]
    fn changing_any_byte_fails() {
        let state = sign(&content(), SECRET).unwrap();
        for i in 0..state.len() {
            for replacement in [b'A', b'b', b'-', b'_', b'.', b'0', b'='] {
                let mut bytes = state.clone().into_bytes();
                if bytes[i] == replacement {
                    continue;
                }
                bytes[i] = replacement;
                let tampered = String::from_utf8(bytes).unwrap();
                assert!(
                    verify(&tampered, SECRET, NOW, 600, None).is_err(),
                    "byte {i} → {}",
                    replacement as char
                );
            }
        }
        // Truncated, extended, or with a part dropped.
        for tampered in [
            &state[..state.len() - 1],
            &format!("{state}A"),
            state.split('.').next().unwrap(),
            "",
            ".",
        ] {
            assert!(
                verify(tampered, SECRET, NOW, 600, None).is_err(),
                "{tampered}"
            );
        }
    }

    #[test]
    fn a_wrong_secret_fails_as_signature() {
        let state = sign(&content(), SECRET).unwrap();
        let err = verify(&state, "another-secret-of-enough-bytes", NOW, 600, None).unwrap_err();
        assert_eq!(reason(err), "signature");
    }

    #[test]
    fn expiry_and_future_issued_at() {
        let state = sign(&content(), SECRET).unwrap();
        assert!(verify(&state, SECRET, NOW + 600, 600, None).is_ok());
        assert_eq!(
            reason(verify(&state, SECRET, NOW + 601, 600, None).unwrap_err()),
            "expired"
        );
        assert!(verify(&state, SECRET, NOW - 60, 600, None).is_ok());
        assert_eq!(
            reason(verify(&state, SECRET, NOW - 61, 600, None).unwrap_err()),
            "future"
        );
        assert_eq!(
            reason(verify(&state, SECRET, NOW, 600, Some("linkedin")).unwrap_err()),
            "provider"
        );
        let err = verify(&state, SECRET, NOW + 601, 600, None).unwrap_err();
        assert_eq!(err.code(), "ERR_OAUTH_STATE");
        assert_eq!(err.path().as_deref(), Some("/state"));
        assert_eq!(err.details(), Some(json!({ "reason": "expired" })));
    }

    #[test]
    fn messages_and_details_never_carry_the_secret() {
        let state = sign(&content(), SECRET).unwrap();
        for err in [
            verify(&state, "wrong-secret-but-long-enough", NOW, 600, None).unwrap_err(),
            verify("garbage", SECRET, NOW, 600, None).unwrap_err(),
            verify(&state, "short", NOW, 600, None).unwrap_err(),
        ] {
            let text = format!("{err} {:?}", err.details());
            assert!(
                !text.contains(SECRET) && !text.contains("wrong-secret"),
                "{text}"
            );
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        let err = create("x", None, NOW, "short").unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/stateSecret"));
    }

    #[test]
    fn fresh_states_differ() {
        let a = create("x", None, NOW, SECRET).unwrap();
        let b = create("x", None, NOW, SECRET).unwrap();
        assert_ne!(a, b);
        let content = verify(&a, SECRET, NOW, 600, Some("x")).unwrap();
        assert_eq!(content.data, None);
        assert_eq!(base64url_decode(&content.nonce).unwrap().len(), 16);
    }

    fn json_leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".*".prop_map(Value::from),
        ]
    }

    proptest! {
        #[test]
        fn any_state_round_trips_and_any_change_fails(
            provider in "[a-z-]{1,20}",
            nonce in "[A-Za-z0-9_-]{1,30}",
            issued_at in 0i64..4_000_000_000,
            data in proptest::option::of(proptest::collection::btree_map(".{0,8}", json_leaf(), 0..4)),
            index in any::<prop::sample::Index>(),
            replacement in any::<u8>(),
        ) {
            let content = StateContent {
                provider,
                nonce,
                issued_at,
                data: data.map(|map| Value::Object(map.into_iter().collect())),
            };
            let state = sign(&content, SECRET).unwrap();
            prop_assert_eq!(verify(&state, SECRET, issued_at, 0, None).unwrap(), content);
            let mut bytes = state.clone().into_bytes();
            let i = index.index(bytes.len());
            prop_assume!(bytes[i] != replacement);
            bytes[i] = replacement;
            let tampered = String::from_utf8_lossy(&bytes).into_owned();
            prop_assert!(verify(&tampered, SECRET, issued_at, 0, None).is_err());
        }
    }
}
