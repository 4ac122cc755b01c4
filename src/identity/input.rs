//! Reading contacts in bulk from bytes: a JSON array or NDJSON (one contact per line, blank
//! lines allowed). Each contact is prepared as soon as it is parsed, so the bulk path never
//! holds a million full `Contact` values (or JS objects) at once.

use super::prepare::{Prepared, Preparer};
use crate::error::Error;
use crate::records::Contact;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use std::fmt;

struct Rows<'a> {
    preparer: &'a Preparer,
    out: &'a mut Vec<Prepared>,
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of contacts")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(contact) = seq.next_element::<Contact>()? {
            self.out.push(self.preparer.prepare(&contact));
        }
        Ok(())
    }
}

fn bad(at: String, err: &serde_json::Error) -> Error {
    Error::InvalidArgument {
        path: at,
        message: format!("expected contacts as a JSON array or NDJSON of Contact objects: {err}"),
    }
}

/// Prepares every contact in `bytes` (a JSON array, or NDJSON).
pub fn read(bytes: &[u8], preparer: &Preparer) -> Result<Vec<Prepared>, Error> {
    let mut out = Vec::new();
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        Rows {
            preparer,
            out: &mut out,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|err| bad(format!("/contacts/{}", out.len()), &err))?;
        return Ok(out);
    }
    for item in serde_json::Deserializer::from_slice(bytes).into_iter::<Contact>() {
        let contact = item.map_err(|err| bad(format!("/contacts/{}", out.len()), &err))?;
        out.push(preparer.prepare(&contact));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::rules::Rules;

    #[test]
    fn arrays_and_ndjson_read_the_same() {
        let p = Preparer::new(&Rules::default());
        let array = br#" [{"id":"a","emails":["x@y.org"]}, {"id":"b"}] "#;
        let nd = b"{\"id\":\"a\",\"emails\":[\"x@y.org\"]}\n\n{\"id\":\"b\"}\n";
        let a = read(array, &p).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a, read(nd, &p).unwrap());
        assert!(read(b"", &p).unwrap().is_empty());
    }

    #[test]
    fn bad_input_names_the_contact() {
        let p = Preparer::new(&Rules::default());
        let err = read(br#"[{"id":"a"}, {"emails": 3}]"#, &p).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/contacts/1"));
        let err = read(b"{\"id\":\"a\"}\n{oops", &p).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("/contacts/1"));
    }
}
