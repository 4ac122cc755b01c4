//! social-crm-bridge: the pure core that brings social-media customers into a CRM.
//!
//! Everything here is deterministic: no I/O, no clock (time arrives as a `now` parameter),
//! and randomness only where a secret must be generated. The JS boundary lives in [`wasm`];
//! every other module is plain Rust, tested natively.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod calendar;
pub mod error;
pub mod identity;
pub mod jsondoc;
pub mod jsonpath;
pub mod mapping;
pub mod merge;
pub mod oauth;
pub mod platforms;
pub mod records;
pub mod wasm;
pub mod webhook;

pub use error::Error;

/// The crate version, as published in the npm package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
