//! OAuth connections and platform calls, computed here and sent by the host: the core builds
//! request descriptors (`{ url, method, headers, body }`) and parses the answers; the host's
//! `fetch` does the I/O, and `now` comes in as a parameter.
//!
//! - [`providers`]: the providers as data (endpoints, scopes, PKCE, client authentication,
//!   token lifetimes), overridable by hosts.
//! - [`pkce`]: code verifiers (from `getrandom`, the crate's one source of randomness) and
//!   challenges.
//! - [`state`]: the signed, self-contained `state` parameter.
//! - [`requests`]: authorization URL, code exchange, refresh, long-lived exchange, revoke.
//! - [`tokens`]: token responses into one shape, platform errors, the refresh decision.
//! - [`retry`]: retry plans from the platforms' rate-limit signals.
//! - [`calls`]: profile, lead, comment and subscription calls with their parsers.
//! - [`api`]: the same operations over JSON option bags, as the JS adapter calls them.

pub mod api;
pub mod calls;
pub mod options;
pub mod pkce;
pub mod platform_error;
pub mod providers;
pub mod requests;
pub mod retry;
pub mod state;
pub mod tokens;
