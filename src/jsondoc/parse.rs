//! Strict JSON (RFC 8259) text to a [`Doc`]: accepts and refuses exactly what
//! `serde_json::from_slice::<Value>` does, without recursion (an explicit stack of at most
//! [`MAX_DEPTH`] open containers) and with one allocation for the tokens; strings and numbers
//! borrow from the input, and only a string holding escapes is copied.

use super::{count, Doc, Tok};
use std::borrow::Cow;

/// Why a text is not JSON, and where (1-based line and column, counted in bytes as serde_json
/// does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, e.g. "expected `,` or `}`".
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// The most containers open at once: serde_json starts a depth budget of 128 and refuses the
/// container that spends it, so 127 nest and the 128th is an error.
const MAX_DEPTH: usize = 127;

/// Parses `input` as one JSON value.
pub(crate) fn parse(input: &[u8]) -> Result<Doc<'_>, ParseError> {
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(input, e.valid_up_to())),
    };
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        toks: Vec::with_capacity(input.len() / 8 + 1),
    };
    match parser.run() {
        Ok(()) => Ok(Doc::from_toks(parser.toks)),
        Err(fail) => Err(fail.locate(input)),
    }
}

/// The error for `input`, not UTF-8 from byte `bad` on: the first error in the valid text
/// before it if there is one (serde_json, reading in order, reports that one), else the bad
/// byte.
#[cold]
fn not_utf8(input: &[u8], bad: usize) -> ParseError {
    let prefix = input
        .get(..bad)
        .and_then(|valid| std::str::from_utf8(valid).ok())
        .unwrap_or_default();
    let mut parser = Parser {
        text: prefix,
        bytes: prefix.as_bytes(),
        pos: 0,
        toks: Vec::new(),
    };
    match parser.run() {
        Err(fail) if fail.at < bad => fail.locate(input),
        _ => error_at(input, bad, "invalid unicode code point"),
    }
}

/// An error at a byte offset, located (line and column) only when it leaves the parser.
#[derive(Debug)]
struct Fail {
    at: usize,
    message: &'static str,
}

impl Fail {
    #[cold]
    fn locate(self, input: &[u8]) -> ParseError {
        error_at(input, self.at, self.message)
    }
}

/// An open array or object: where its token is, and how many values it has so far.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    at: u32,
    len: u32,
    obj: bool,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    toks: Vec<Tok<'a>>,
}

impl<'a> Parser<'a> {
    fn run(&mut self) -> Result<(), Fail> {
        let mut stack = [Frame::default(); MAX_DEPTH];
        let mut depth = 0;
        'value: loop {
            // A value starts at the next non-blank byte.
            match self.skip_ws() {
                Some(open @ (b'[' | b'{')) => {
                    let obj = open == b'{';
                    let Some(frame) = stack.get_mut(depth) else {
                        return Err(self.error(self.pos, "recursion limit exceeded"));
                    };
                    *frame = Frame {
                        at: count(self.toks.len()),
                        len: 0,
                        obj,
                    };
                    self.toks.push(if obj {
                        Tok::Obj { len: 0, end: 0 }
                    } else {
                        Tok::Arr { len: 0, end: 0 }
                    });
                    self.pos += 1;
                    let close = if obj { b'}' } else { b']' };
                    if self.skip_ws() == Some(close) {
                        self.pos += 1;
                        let frame = *frame;
                        self.close(frame);
                    } else {
                        depth += 1;
                        if obj {
                            self.key()?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => self.string(Tok::Str)?,
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    self.toks.push(Tok::Num(super::Num::Text(n)));
                }
                Some(b't') => self.literal(b"true", Tok::Bool(true))?,
                Some(b'f') => self.literal(b"false", Tok::Bool(false))?,
                Some(b'n') => self.literal(b"null", Tok::Null)?,
                Some(_) => return Err(self.error(self.pos, "expected value")),
                None => return Err(self.error(self.pos, "EOF while parsing a value")),
            }
            // A value just ended: it counts in the innermost open container, which goes on
            // with a comma or closes (and then counts in its own container, and so on).
            loop {
                let Some(top) = depth.checked_sub(1).and_then(|d| stack.get_mut(d)) else {
                    return match self.skip_ws() {
                        Some(_) => Err(self.error(self.pos, "trailing characters")),
                        None => Ok(()),
                    };
                };
                top.len += 1;
                let close = if top.obj { b'}' } else { b']' };
                match self.skip_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        if top.obj {
                            self.key()?;
                        } else if self.skip_ws() == Some(b']') {
                            return Err(self.error(self.pos, "trailing comma"));
                        }
                        continue 'value;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        let frame = *top;
                        self.close(frame);
                        depth -= 1;
                    }
                    Some(_) if top.obj => return Err(self.error(self.pos, "expected `,` or `}`")),
                    Some(_) => return Err(self.error(self.pos, "expected `,` or `]`")),
                    None if top.obj => {
                        return Err(self.error(self.pos, "EOF while parsing an object"))
                    }
                    None => return Err(self.error(self.pos, "EOF while parsing a list")),
                }
            }
        }
    }

    /// Writes the final count and end into the token of a container just closed.
    fn close(&mut self, frame: Frame) {
        super::close(&mut self.toks, frame.at as usize, frame.obj, frame.len);
    }

    /// The next non-blank byte (not consumed).
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        loop {
            let b = *self.bytes.get(self.pos)?;
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                // Indentation follows a newline: spaces eight at a time.
                b'\n' => {
                    self.pos += 1;
                    while let Some(eight) = self.bytes.get(self.pos..self.pos + 8) {
                        if eight != b"        " {
                            break;
                        }
                        self.pos += 8;
                    }
                }
                _ => return Some(b),
            }
        }
    }

    #[inline]
    fn at(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    /// The text from `start` to `end`, both at ASCII bytes (so on character boundaries).
    #[inline]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// A member name and its colon, after a `{` or a `,` of an object.
    fn key(&mut self) -> Result<(), Fail> {
        match self.skip_ws() {
            Some(b'"') => {}
            Some(b'}') => return Err(self.error(self.pos, "trailing comma")),
            Some(_) => return Err(self.error(self.pos, "key must be a string")),
            None => return Err(self.error(self.pos, "EOF while parsing an object")),
        }
        self.string(Tok::Key)?;
        match self.skip_ws() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error(self.pos, "expected `:`")),
            None => Err(self.error(self.pos, "EOF while parsing an object")),
        }
    }

    #[inline]
    fn special(&self, from: usize) -> usize {
        special(self.bytes, from)
    }

    /// A string (or a member name, as `tok` makes it), whose opening quote is at `pos`.
    /// The token is pushed here rather than returned: moving a `Result<Cow>` out costs more
    /// than scanning a short string.
    #[inline]
    fn string(&mut self, tok: fn(Cow<'a, str>) -> Tok<'a>) -> Result<(), Fail> {
        let start = self.pos + 1;
        let at = self.special(start);
        let s = match self.at(at) {
            Some(b'"') => {
                self.pos = at + 1;
                Cow::Borrowed(self.slice(start, at))
            }
            Some(b'\\') => Cow::Owned(self.escaped(start, at)?),
            Some(_) => return Err(self.error(at, "control character in string")),
            None => return Err(self.error(at, "EOF while parsing a string")),
        };
        self.toks.push(tok(s));
        Ok(())
    }

    /// The rest of a string from its first escape at `pos` (the text before it from `start`).
    #[cold]
    fn escaped(&mut self, start: usize, mut pos: usize) -> Result<String, Fail> {
        let mut out = String::with_capacity(pos - start + 16);
        out.push_str(self.slice(start, pos));
        loop {
            match self.at(pos) {
                Some(b'"') => {
                    self.pos = pos + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = self.at(pos + 1);
                    pos += 2;
                    out.push(match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode(&mut pos)?,
                        Some(_) => return Err(self.error(pos - 1, "invalid escape")),
                        None => return Err(self.error(pos - 1, "EOF while parsing a string")),
                    });
                }
                Some(_) => return Err(self.error(pos, "control character in string")),
                None => return Err(self.error(pos, "EOF while parsing a string")),
            }
            let next = self.special(pos);
            out.push_str(self.slice(pos, next));
            pos = next;
        }
    }

    /// The character of a `\u` escape whose hex digits start at `pos` (a surrogate pair takes
    /// two escapes); moves `pos` past it.
    fn unicode(&self, pos: &mut usize) -> Result<char, Fail> {
        let first = self.hex4(pos)?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.error(*pos - 1, "lone surrogate")),
            0xD800..=0xDBFF => {
                if self.bytes.get(*pos..*pos + 2) != Some(b"\\u") {
                    return Err(self.error(*pos, "lone surrogate"));
                }
                *pos += 2;
                let second = self.hex4(pos)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error(*pos - 1, "lone surrogate"));
                }
                0x1_0000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or_else(|| self.error(*pos - 1, "invalid unicode code point"))
    }

    /// Four hex digits at `pos`; moves `pos` past them.
    fn hex4(&self, pos: &mut usize) -> Result<u16, Fail> {
        let mut n = 0u16;
        for _ in 0..4 {
            let digit = match self.at(*pos) {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                Some(_) => return Err(self.error(*pos, "invalid escape")),
                None => return Err(self.error(*pos, "EOF while parsing a string")),
            };
            n = n << 4 | u16::from(digit);
            *pos += 1;
        }
        Ok(n)
    }

    /// Index of the first byte at or after `pos` that is not a digit.
    #[inline]
    fn digits(&self, pos: usize) -> usize {
        self.bytes
            .get(pos..)
            .and_then(|rest| rest.iter().position(|b| !b.is_ascii_digit()))
            .map_or(self.bytes.len(), |i| pos + i)
    }

    /// A number: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?, and one that
    /// `f64` holds (serde_json refuses what overflows to infinity).
    fn number(&mut self) -> Result<&'a str, Fail> {
        let start = self.pos;
        let mut pos = start;
        if self.at(pos) == Some(b'-') {
            pos += 1;
        }
        let int_start = pos;
        match self.at(pos) {
            Some(b'0') => pos += 1,
            Some(b'1'..=b'9') => pos = self.digits(pos + 1),
            Some(_) => return Err(self.error(pos, "invalid number")),
            None => return Err(self.error(pos, "EOF while parsing a value")),
        }
        let int_digits = pos - int_start;
        if let Some(b'0'..=b'9') = self.at(pos) {
            return Err(self.error(pos, "invalid number"));
        }
        if self.at(pos) == Some(b'.') {
            pos += 1;
            let end = self.digits(pos);
            if end == pos {
                return Err(self.number_error(pos));
            }
            pos = end;
        }
        // The decimal exponent, saturated far beyond what f64 spans.
        let mut exp = 0i64;
        if let Some(b'e' | b'E') = self.at(pos) {
            pos += 1;
            let negative = match self.at(pos) {
                Some(b'-') => {
                    pos += 1;
                    true
                }
                Some(b'+') => {
                    pos += 1;
                    false
                }
                _ => false,
            };
            let end = self.digits(pos);
            if end == pos {
                return Err(self.number_error(pos));
            }
            exp = self
                .bytes
                .get(pos..end)
                .unwrap_or_default()
                .iter()
                .fold(0, |n, d| (n * 10 + i64::from(d - b'0')).min(1 << 40));
            if negative {
                exp = -exp;
            }
            pos = end;
        }
        self.pos = pos;
        let text = self.slice(start, pos);
        // The number is below 10^(int_digits + exp): far from f64::MAX (~1.8e308) nothing can
        // overflow; near or beyond it, ask serde_json itself, which is the reference.
        if int_digits as i64 + exp >= 290
            && serde_json::from_str::<serde_json::Value>(text).is_err()
        {
            return Err(self.error(pos, "number out of range"));
        }
        Ok(text)
    }

    #[cold]
    fn number_error(&self, pos: usize) -> Fail {
        match self.at(pos) {
            Some(_) => self.error(pos, "invalid number"),
            None => self.error(pos, "EOF while parsing a value"),
        }
    }

    /// `true`, `false` or `null`, whose first byte is at `pos`.
    fn literal(&mut self, word: &[u8], tok: Tok<'a>) -> Result<(), Fail> {
        for (i, &expected) in word.iter().enumerate() {
            match self.at(self.pos + i) {
                Some(b) if b == expected => {}
                Some(_) => return Err(self.error(self.pos + i, "expected ident")),
                None => return Err(self.error(self.pos + i, "EOF while parsing a value")),
            }
        }
        self.pos += word.len();
        self.toks.push(tok);
        Ok(())
    }

    #[cold]
    fn error(&self, at: usize, message: &'static str) -> Fail {
        Fail { at, message }
    }
}

/// An error at byte `at` of `bytes` (at the end for an unexpected end).
#[cold]
fn error_at(bytes: &[u8], at: usize, message: &str) -> ParseError {
    let before = bytes.get(..at).unwrap_or(bytes);
    ParseError {
        message: message.to_owned(),
        line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
        column: 1 + before.iter().rev().take_while(|&&b| b != b'\n').count(),
    }
}

/// Index of the first `"`, `\` or control character at or after `from` (or the end).
/// Eight bytes at a time: in each byte-wise test `(v - n) & !v & 0x80` below, the lowest
/// flagged byte is exact (a borrow only runs on from a byte that really matched).
#[inline]
fn special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..).unwrap_or_default();
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        // (Always 8 bytes; zeros would only stop the scan early, never skip a byte.)
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let hits = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | x.wrapping_sub(ONES * 0x20) & !x)
            & HIGH;
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map_or(bytes.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::super::Num;
    use super::*;
    use serde_json::{json, Value};

    fn toks(text: &str) -> Vec<Tok<'_>> {
        parse(text.as_bytes()).unwrap().toks
    }

    fn err(text: &str) -> (String, usize, usize) {
        let e = parse(text.as_bytes()).unwrap_err();
        (e.message, e.line, e.column)
    }

    fn same_as_serde(text: &[u8]) {
        let ours = parse(text).map(|doc| doc.root().unwrap().to_value());
        let theirs = serde_json::from_slice::<Value>(text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", String::from_utf8_lossy(text)),
            (Err(a), Err(b)) => assert_eq!(a.line, b.line(), "{a} / {b}"),
            (a, b) => panic!("{}: {a:?} vs {b:?}", String::from_utf8_lossy(text)),
        }
    }

    #[test]
    fn a_nested_document_has_lengths_and_ends() {
        let text = r#" {"a": [1, {"b": null}, []], "c": "x", "d": {}} "#;
        assert_eq!(
            toks(text),
            vec![
                Tok::Obj { len: 3, end: 12 },
                Tok::Key("a".into()),
                Tok::Arr { len: 3, end: 8 },
                Tok::Num(Num::Text("1")),
                Tok::Obj { len: 1, end: 7 },
                Tok::Key("b".into()),
                Tok::Null,
                Tok::Arr { len: 0, end: 8 },
                Tok::Key("c".into()),
                Tok::Str("x".into()),
                Tok::Key("d".into()),
                Tok::Obj { len: 0, end: 12 },
            ]
        );
        let doc = parse(text.as_bytes()).unwrap();
        assert_eq!(
            doc.root().unwrap().to_value(),
            json!({"a": [1, {"b": null}, []], "c": "x", "d": {}})
        );
    }

    #[test]
    fn scalars_alone_and_number_texts_as_written() {
        assert_eq!(toks("true"), vec![Tok::Bool(true)]);
        assert_eq!(toks(" false\n"), vec![Tok::Bool(false)]);
        assert_eq!(toks("null"), vec![Tok::Null]);
        for n in [
            "0",
            "-0",
            "-1.5e3",
            "18446744073709551615",
            "-9223372036854775808",
            "1E+2",
            "0.000",
            "1e-400",
            "0e999999999999",
        ] {
            assert_eq!(toks(n), vec![Tok::Num(Num::Text(n))]);
            same_as_serde(n.as_bytes());
        }
        assert_eq!(
            toks("[[]]"),
            vec![Tok::Arr { len: 1, end: 2 }, Tok::Arr { len: 0, end: 2 }]
        );
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let text = r#"["plain é 😀", "a\"b", "\u00e9\ud83d\ude00\/\b\f\n\r\t\\"]"#;
        let t = toks(text);
        assert!(matches!(&t[1], Tok::Str(Cow::Borrowed("plain é 😀"))));
        assert!(matches!(&t[2], Tok::Str(Cow::Owned(s)) if s == "a\"b"));
        assert!(matches!(&t[3], Tok::Str(Cow::Owned(s)) if s == "é😀/\u{8}\u{c}\n\r\t\\"));
        let keys = toks(r#"{"k": 1, "k\n": 2}"#);
        assert!(matches!(&keys[1], Tok::Key(Cow::Borrowed("k"))));
        assert!(matches!(&keys[3], Tok::Key(Cow::Owned(s)) if s == "k\n"));
        same_as_serde(text.as_bytes());
    }

    #[test]
    fn each_error_with_its_place() {
        let e = |m: &str, l, c| (m.to_owned(), l, c);
        assert_eq!(err(""), e("EOF while parsing a value", 1, 1));
        assert_eq!(err("  \n "), e("EOF while parsing a value", 2, 2));
        assert_eq!(err("[1,\n x]"), e("expected value", 2, 2));
        assert_eq!(err("[1,]"), e("trailing comma", 1, 4));
        assert_eq!(err("{\"a\":1,}"), e("trailing comma", 1, 8));
        assert_eq!(err("[1 2]"), e("expected `,` or `]`", 1, 4));
        assert_eq!(err("{\"a\":1 \"b\"}"), e("expected `,` or `}`", 1, 8));
        assert_eq!(err("{\"a\" 1}"), e("expected `:`", 1, 6));
        assert_eq!(err("{1:2}"), e("key must be a string", 1, 2));
        assert_eq!(err("[1,\n2"), e("EOF while parsing a list", 2, 2));
        assert_eq!(err("{\"a\":1"), e("EOF while parsing an object", 1, 7));
        assert_eq!(err("\"abc"), e("EOF while parsing a string", 1, 5));
        assert_eq!(err("\"a\\"), e("EOF while parsing a string", 1, 4));
        assert_eq!(err("\"a\\x\""), e("invalid escape", 1, 4));
        assert_eq!(err("\"\\u12G4\""), e("invalid escape", 1, 6));
        assert_eq!(err("\"a\tb\""), e("control character in string", 1, 3));
        assert_eq!(err("\"a\\n\nb\""), e("control character in string", 1, 5));
        assert_eq!(err("1 2"), e("trailing characters", 1, 3));
        assert_eq!(err("{}\n\n]"), e("trailing characters", 3, 1));
        assert_eq!(err("01"), e("invalid number", 1, 2));
        assert_eq!(err("-x"), e("invalid number", 1, 2));
        assert_eq!(err("1.e5"), e("invalid number", 1, 3));
        assert_eq!(err("1e+"), e("EOF while parsing a value", 1, 4));
        assert_eq!(err("[1e400]"), e("number out of range", 1, 7));
        assert_eq!(err("-1e309"), e("number out of range", 1, 7));
        assert_eq!(err("tru"), e("EOF while parsing a value", 1, 4));
        assert_eq!(err("nul1"), e("expected ident", 1, 4));
        assert_eq!(err("\"\\udc00\""), e("lone surrogate", 1, 7));
        assert_eq!(err("\"\\ud800\""), e("lone surrogate", 1, 8));
        assert_eq!(err("\"\\ud800\\u0041\""), e("lone surrogate", 1, 13));
        assert_eq!(err("\"\\ud800\\ud800\""), e("lone surrogate", 1, 13));
        let bad_utf8 = parse(b"[\"a\xff\"]").unwrap_err();
        assert_eq!(
            (bad_utf8.message.as_str(), bad_utf8.column),
            ("invalid unicode code point", 4)
        );
        assert_eq!(
            parse(b"[1,\n2").unwrap_err().to_string(),
            "EOF while parsing a list at line 2 column 2"
        );
    }

    #[test]
    fn nesting_stops_where_serde_json_does_without_recursing() {
        for depth in [126, 127, 128, 129] {
            let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let objects = format!("{}0{}", "{\"a\":".repeat(depth), "}".repeat(depth));
            for text in [arrays, objects] {
                assert_eq!(
                    parse(text.as_bytes()).is_ok(),
                    serde_json::from_str::<Value>(&text).is_ok(),
                    "{depth}"
                );
                assert_eq!(parse(text.as_bytes()).is_ok(), depth <= 127);
            }
        }
        assert_eq!(err(&"[".repeat(200)).0, "recursion limit exceeded");
        assert!(parse("[".repeat(1_000_000).as_bytes()).is_err());
    }
}
