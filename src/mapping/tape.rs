//! Records as a tape: the form `map` hands to the JS adapter, which builds the objects from it
//! (`pkg-template/tape.js`). Measured on the mapping benchmark, `JSON.parse` of the records'
//! JSON text cost a fifth of a call, mostly in reading object keys; from a tape the adapter
//! takes keys from a table it fetched once per compiled mapping, and strings from one decoded
//! text, in under half of that time.
//!
//! The format: two little-endian `u32`s, the count `n` of words and the length of the text in
//! bytes; then `n` little-endian `u32` words; then the UTF-8 text. A word holds an op in its
//! low 4 bits and an operand in the upper 28. The ops that take text (`KEY_TEXT`, `STR`,
//! `NUM`, `JSON`) take the next `operand` UTF-16 code units of the text, right after those the
//! ops before them took; an operand of [`LONG`] means the length is the next word instead.
//! Containers open with `ARR` or `OBJ` and close with `END`; in an object each value follows
//! its key (`KEY` names entry `operand` of the mapping's key table, [`Keys::names`];
//! `KEY_TEXT` gives it as text).

use super::out::Out;
use super::spec::{FieldRule, Source, Spec};
use crate::jsondoc::Kind;
use serde_json::Value;

/// Closes the innermost array or object.
pub const END: u32 = 0;
/// Opens an array.
pub const ARR: u32 = 1;
/// Opens an object.
pub const OBJ: u32 = 2;
/// A member name from the key table: entry `operand`.
pub const KEY: u32 = 3;
/// A member name given as text.
pub const KEY_TEXT: u32 = 4;
/// A string.
pub const STR: u32 = 5;
/// A number, as JSON number text.
pub const NUM: u32 = 6;
/// `true`.
pub const TRUE: u32 = 7;
/// `false`.
pub const FALSE: u32 = 8;
/// `null`.
pub const NULL: u32 = 9;
/// Any JSON value, as JSON text (the run's warnings).
pub const JSON: u32 = 10;
/// The operand saying that the length is in the next word.
pub const LONG: u32 = (1 << 28) - 1;

/// The member names a compiled mapping writes, known at compile time, so that a tape names
/// them by number: the JS reader holds them as strings it made once.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    names: Vec<String>,
    /// Open addressing over `names`: entry + 1, or 0 for a free slot.
    slots: Vec<u32>,
}

impl Keys {
    /// A table of `names` (duplicates kept once, in first-seen order).
    pub(crate) fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Keys {
        let mut keys = Keys::default();
        let names: Vec<&str> = names.into_iter().collect();
        keys.slots = vec![0; (names.len() * 2).next_power_of_two().max(8)];
        for name in names {
            if keys.id(name).is_some() {
                continue;
            }
            let Ok(entry) = u32::try_from(keys.names.len() + 1) else {
                break;
            };
            let mask = keys.slots.len() - 1;
            let mut at = hash(name) & mask;
            // At most half the slots are used, so a free one is always found.
            while keys.slots.get(at).is_some_and(|&s| s != 0) {
                at = (at + 1) & mask;
            }
            if let Some(slot) = keys.slots.get_mut(at) {
                *slot = entry;
            }
            keys.names.push(name.to_owned());
        }
        keys
    }

    /// The names `spec`'s records can have (record fields, `object` keys), and the names of
    /// the output around them.
    pub(crate) fn of_spec(spec: &Spec) -> Keys {
        fn object_keys<'s>(field: &'s FieldRule, names: &mut Vec<&'s str>) {
            if let Source::Object(keys) | Source::Each(_, keys) = &field.source {
                for (key, inner) in keys {
                    names.push(key);
                    object_keys(inner, names);
                }
            }
        }
        let mut names = vec!["records", "warnings", "platform", "source", "kind"];
        for rule in &spec.rules {
            for (target, field) in &rule.fields {
                names.extend(target.keys.iter().map(String::as_str));
                object_keys(field, &mut names);
            }
        }
        Keys::new(names)
    }

    /// The names, in the order a tape numbers them.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The number of `name`, if the table has it.
    fn id(&self, name: &str) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = hash(name) & mask;
        loop {
            let entry = *self.slots.get(at)?;
            let id = entry.checked_sub(1)?;
            if self.names.get(id as usize).is_some_and(|n| n == name) {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }
}

/// The length and the first and last bytes, mixed: enough to tell a mapping's few dozen names
/// apart, without a loop over every byte.
fn hash(name: &str) -> usize {
    let bytes = name.as_bytes();
    let first = bytes.first().map_or(0, |&b| u32::from(b));
    let last = bytes.last().map_or(0, |&b| u32::from(b));
    let mixed = (first | last << 8 | (bytes.len() as u32) << 16).wrapping_mul(0x9e37_79b1);
    (mixed >> 16) as usize
}

/// Where tapes are written: kept from one call to the next, a buffer that has grown to the
/// size of a tape makes writing the next one allocate nothing.
#[derive(Debug, Clone, Default)]
pub struct TapeBuf {
    /// The tape: header, words and (once finished) text.
    bytes: Vec<u8>,
    /// The text while the words are written.
    text: Vec<u8>,
}

impl TapeBuf {
    /// The last tape written.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes this buffer holds on to.
    pub fn capacity(&self) -> usize {
        self.bytes.capacity() + self.text.capacity()
    }
}

/// A tape being written.
pub(crate) struct Tape<'k, 'b> {
    keys: &'k Keys,
    /// The header (filled in by `finish`) and the words, as bytes.
    words: &'b mut Vec<u8>,
    text: &'b mut Vec<u8>,
}

impl<'k, 'b> Tape<'k, 'b> {
    /// A tape written into `buf`, whose last tape it replaces.
    pub(crate) fn new(keys: &'k Keys, buf: &'b mut TapeBuf) -> Self {
        buf.bytes.clear();
        buf.text.clear();
        buf.bytes.extend_from_slice(&[0; 8]);
        Tape {
            keys,
            words: &mut buf.bytes,
            text: &mut buf.text,
        }
    }

    /// Appends an op without an operand.
    pub(crate) fn op(&mut self, op: u32) {
        self.word(op);
    }

    fn word(&mut self, word: u32) {
        self.words.extend_from_slice(&word.to_le_bytes());
    }

    /// Appends `op` with a length operand (in the next word when it does not fit).
    fn sized(&mut self, op: u32, len: usize) {
        match u32::try_from(len) {
            Ok(len) if len < LONG => self.word(op | len << 4),
            _ => {
                self.word(op | LONG << 4);
                self.word(u32::try_from(len).unwrap_or(u32::MAX));
            }
        }
    }

    /// Appends `op` taking `s` as its text.
    fn text(&mut self, op: u32, s: &str) {
        self.sized(op, utf16_len(s));
        self.text.extend_from_slice(s.as_bytes());
    }

    /// Appends a member name.
    pub(crate) fn key(&mut self, name: &str) {
        match self.keys.id(name) {
            Some(id) => self.word(KEY | id << 4),
            None => self.text(KEY_TEXT, name),
        }
    }

    /// Appends a value of a run; object members go in name order, as a `Value` keeps them.
    pub(crate) fn out(&mut self, out: &mut Out<'_, '_>) {
        match out {
            Out::Node(node) => match node.kind() {
                Kind::Str(s) => self.text(STR, s),
                Kind::Null => self.op(NULL),
                Kind::Bool(true) => self.op(TRUE),
                Kind::Bool(false) => self.op(FALSE),
                Kind::Number | Kind::Array | Kind::Object => self.value(&node.to_value()),
            },
            Out::Value(value) => self.value(value),
            Out::Spec(value) => self.value(value),
            Out::Obj(fields) => {
                fields.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                self.op(OBJ);
                for (key, value) in fields.iter_mut() {
                    self.key(key);
                    self.out(value);
                }
                self.op(END);
            }
            Out::List(items) => {
                self.op(ARR);
                for item in items.iter_mut() {
                    self.out(item);
                }
                self.op(END);
            }
        }
    }

    /// Appends a `Value`.
    pub(crate) fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.op(NULL),
            Value::Bool(true) => self.op(TRUE),
            Value::Bool(false) => self.op(FALSE),
            // Number text is ASCII: its length in bytes is its length in UTF-16 units.
            Value::Number(n) => {
                let start = self.text.len();
                // Writing into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut self.text, n);
                self.sized(NUM, self.text.len() - start);
            }
            Value::String(s) => self.text(STR, s),
            Value::Array(items) => {
                self.op(ARR);
                for item in items {
                    self.value(item);
                }
                self.op(END);
            }
            Value::Object(members) => {
                self.op(OBJ);
                for (key, member) in members {
                    self.key(key);
                    self.value(member);
                }
                self.op(END);
            }
        }
    }

    /// Appends anything serialisable as one `JSON` op.
    pub(crate) fn json(&mut self, value: &impl serde::Serialize) {
        let start = self.text.len();
        // Writing into a Vec cannot fail, and what serde_json writes is UTF-8.
        let _ = serde_json::to_writer(&mut self.text, value);
        let units = self
            .text
            .get(start..)
            .and_then(|written| std::str::from_utf8(written).ok())
            .map_or(0, utf16_len);
        self.sized(JSON, units);
    }

    /// Completes the tape in its buffer.
    pub(crate) fn finish(self) {
        let count = u32::try_from(self.words.len() / 4 - 2).unwrap_or(u32::MAX);
        let text = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let mut header = [0; 8];
        for (byte, value) in header
            .iter_mut()
            .zip(count.to_le_bytes().into_iter().chain(text.to_le_bytes()))
        {
            *byte = value;
        }
        if let Some(head) = self.words.get_mut(..8) {
            head.copy_from_slice(&header);
        }
        self.words.extend_from_slice(self.text);
    }
}

/// The length of `s` in UTF-16 code units (what a JS string's indices count).
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_number_names_once_and_find_them() {
        let keys = Keys::new(["a", "records", "a", "name", ""]);
        assert_eq!(keys.names(), ["a", "records", "name", ""]);
        assert_eq!(keys.id("records"), Some(1));
        assert_eq!(keys.id(""), Some(3));
        assert_eq!(keys.id("nam"), None);
        assert_eq!(Keys::default().id("a"), None);
        let many: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        let keys = Keys::new(many.iter().map(String::as_str));
        assert!(many
            .iter()
            .enumerate()
            .all(|(i, k)| keys.id(k) == Some(i as u32)));
    }

    #[test]
    fn lengths_count_utf16_units_and_long_ones_take_a_word() {
        let keys = Keys::default();
        let mut buf = TapeBuf::default();
        let mut tape = Tape::new(&keys, &mut buf);
        tape.value(&serde_json::json!(["é😀", 1.5]));
        tape.sized(STR, LONG as usize);
        tape.finish();
        let bytes = buf.bytes();
        let words: Vec<u32> = bytes
            .chunks(4)
            .take(8)
            .map(|w| u32::from_le_bytes(w.try_into().unwrap()))
            .collect();
        assert_eq!(
            words,
            [
                6,
                9,
                ARR,
                STR | 3 << 4,
                NUM | 3 << 4,
                END,
                STR | LONG << 4,
                LONG
            ]
        );
        assert_eq!(&bytes[32..], "é😀1.5".as_bytes());
    }
}
