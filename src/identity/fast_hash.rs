//! A fast non-cryptographic hasher for the bulk path's hash sets and maps (the std default,
//! SipHash, is built to resist chosen keys, which ids and field values from a CRM export do not
//! need, and is several times slower per key). The mixing step is the Fx hash's: rotate,
//! xor the next eight bytes, multiply by a large odd constant.

use std::hash::{BuildHasherDefault, Hasher};

/// The Fx-style hasher: eight bytes per step.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word.iter_mut().zip(rest).for_each(|(w, b)| *w = *b);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A `HashMap`/`HashSet` hasher builder for [`FastHasher`].
pub type FastBuild = BuildHasherDefault<FastHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    #[test]
    fn equal_keys_hash_equal_and_near_keys_apart() {
        let h = |s: &str| FastBuild::default().hash_one(s);
        assert_eq!(h("c123"), h("c123"));
        // Keys differing in one byte, in the first word or the tail, all hash apart.
        let keys: Vec<String> = (0..10_000).map(|i| format!("contact-{i}")).collect();
        let hashes: HashSet<u64> = keys.iter().map(|k| h(k)).collect();
        assert_eq!(hashes.len(), keys.len());
    }
}
