//! Reads a mapping tape (`social_crm_bridge::mapping::tape`) into a `Value` the way the JS
//! adapter's `tape.js` builds objects from it, so Rust tests can check `Mapping::map_tape`
//! against `Mapping::map`.

use serde_json::{Map, Value};
use social_crm_bridge::error::Error;
use social_crm_bridge::mapping::tape::{
    TapeBuf, ARR, END, FALSE, JSON, KEY, KEY_TEXT, LONG, NULL, NUM, OBJ, STR, TRUE,
};
use social_crm_bridge::mapping::Mapping;

/// `mapping.map_tape` of `body`, read back.
pub fn map(mapping: &Mapping, body: &[u8]) -> Result<Value, Error> {
    let mut buf = TapeBuf::default();
    mapping.map_tape(body, &mut buf)?;
    Ok(read(buf.bytes(), mapping.tape_keys()))
}

enum Open {
    Arr(Vec<Value>),
    Obj(Map<String, Value>, Option<String>),
}

/// The value `tape` holds, its `KEY` ops named by `keys`. Panics on a malformed tape.
pub fn read(tape: &[u8], keys: &[String]) -> Value {
    let word = |i: usize| u32::from_le_bytes(tape[i..i + 4].try_into().unwrap());
    let count = word(0) as usize;
    let end = 8 + 4 * count;
    assert_eq!(tape.len(), end + word(4) as usize, "the header's lengths");
    let text: Vec<u16> = std::str::from_utf8(&tape[end..])
        .expect("tape text is UTF-8")
        .encode_utf16()
        .collect();
    let mut at = 0;
    let mut take = |len: usize| {
        let s = String::from_utf16(&text[at..at + len]).expect("slices end on characters");
        at += len;
        s
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 8;
    while i < end {
        let w = word(i);
        i += 4;
        let mut len = (w >> 4) as usize;
        if w >> 4 == LONG {
            len = word(i) as usize;
            i += 4;
        }
        let value = match w & 15 {
            END => match stack.pop().expect("END closes something") {
                Open::Arr(items) => Value::Array(items),
                Open::Obj(members, _) => Value::Object(members),
            },
            ARR => {
                stack.push(Open::Arr(Vec::new()));
                continue;
            }
            OBJ => {
                stack.push(Open::Obj(Map::new(), None));
                continue;
            }
            op @ (KEY | KEY_TEXT) => {
                let name = if op == KEY {
                    keys[len].clone()
                } else {
                    take(len)
                };
                match stack.last_mut() {
                    Some(Open::Obj(_, key)) => *key = Some(name),
                    _ => panic!("a key outside an object"),
                }
                continue;
            }
            STR => Value::String(take(len)),
            NUM | JSON => serde_json::from_str(&take(len)).expect("JSON text"),
            TRUE => Value::Bool(true),
            FALSE => Value::Bool(false),
            NULL => Value::Null,
            op => panic!("unknown op {op}"),
        };
        match stack.last_mut() {
            None => {
                assert_eq!(i, end, "words after the root value");
                assert_eq!(at, text.len(), "text left after the root value");
                return value;
            }
            Some(Open::Arr(items)) => items.push(value),
            Some(Open::Obj(members, key)) => {
                let name = key.take().expect("a value after its key");
                assert!(members.insert(name, value).is_none(), "a name twice");
            }
        }
    }
    panic!("the tape ends inside a container")
}
