//! TEMPORARY stand-in for the `merge` branch's normalisers; replaced at the merge.
pub mod normalize;
