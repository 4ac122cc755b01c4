//! Canonical forms that make values from different platforms comparable: emails, phone numbers
//! (E.164), names (folded, split), identity keys, and the junk block list that treats
//! placeholder values as missing. Every function is pure and total: bad input gives `None` (or
//! an empty string), never a panic.

mod case;
mod email;
mod fold;
mod identity_key;
mod junk;
mod name;
mod phone;
mod phone_regions;

pub use email::canonical_email;
pub use fold::fold_name;
pub use identity_key::identity_key;
pub use junk::is_junk;
pub use name::{split_name, NameParts};
pub use phone::e164;

/// Lowercase with the compact table (for callers that must not pull the std Unicode tables).
pub(crate) use case::lowercase;
