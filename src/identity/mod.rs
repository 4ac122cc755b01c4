//! Identity resolution: who is who across platforms. [`normalize`] turns emails, phones, names
//! and platform ids into comparable canonical forms.

pub mod normalize;
