//! Identity resolution: one contact per person. Normalisers ([`normalize`]), rules as data
//! ([`rules`]), comparison functions ([`compare`]), per-pair scoring ([`score`]), blocking
//! keys ([`keys`], [`blocking`]), unsupervised training ([`train`]) and bulk clustering
//! ([`dedupe`]); [`matcher::Matcher`] ties them together for the JS API.

pub mod blocking;
pub mod compare;
pub mod dedupe;
pub mod fast_hash;
pub mod input;
pub mod keys;
pub mod matcher;
pub mod normalize;
pub mod prepare;
pub mod rules;
pub mod score;
pub mod train;

pub use matcher::Matcher;
pub use rules::Rules;
