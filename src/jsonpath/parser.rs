//! The RFC 9535 grammar, by recursive descent over the expression's characters, so that every
//! error carries a character offset a UI can point at. Well-typedness (§2.4.3) is checked while
//! parsing: a tree that comes out of here is a valid query.

use super::iregexp::Regex;
use super::syntax::{
    is_singular, CmpOp, Comparable, FilterQuery, Function, Logical, PathSegment, Pattern, Selector,
    Slice,
};
use crate::error::Error;
use serde_json::Value;

/// The largest index or slice bound I-JSON can represent exactly (2^53 - 1).
const MAX_INDEX: i64 = (1 << 53) - 1;

/// How deep filters may nest (parentheses, `!`, function arguments): deeper input is refused
/// rather than allowed to exhaust the stack.
const MAX_NESTING: usize = 64;

/// Parses a whole query (`$…`) into its segments.
pub(crate) fn parse(text: &str) -> Result<Vec<PathSegment>, Error> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    if !parser.eat('$') {
        return Err(parser.error("a JSONPath query starts with `$`"));
    }
    let segments = parser.segments()?;
    match parser.peek() {
        None => Ok(segments),
        Some(c) if is_blank(c) => Err(parser.error("whitespace is not allowed at the end")),
        Some(c) => Err(parser.error(&format!(
            "unexpected `{c}`: expected `.name`, `..name` or `[…]`"
        ))),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

/// A filter operand before its role (test or comparison) is known.
enum Primary {
    Literal(Value),
    Query(FilterQuery),
    Call(Function),
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_name_first(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c >= '\u{80}'
}

fn is_name_char(c: char) -> bool {
    is_name_first(c) || c.is_ascii_digit()
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let found = self
            .chars
            .get(self.pos..self.pos + n)
            .is_some_and(|window| window.iter().copied().eq(s.chars()));
        if found {
            self.pos += n;
        }
        found
    }

    fn skip_blank(&mut self) {
        while self.peek().is_some_and(is_blank) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> Error {
        error_at(self.pos, message)
    }

    fn expect(&mut self, c: char, message: &str) -> Result<(), Error> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    // Segments ----------------------------------------------------------------------------

    /// `*(S segment)`: stops (before any blanks) at the first character that starts none.
    fn segments(&mut self) -> Result<Vec<PathSegment>, Error> {
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            self.skip_blank();
            match self.peek() {
                Some('.') if self.peek_at(1) == Some('.') => {
                    self.pos += 2;
                    let selectors = match self.peek() {
                        Some('[') => self.bracketed()?,
                        _ => vec![self.shorthand("`..`")?],
                    };
                    segments.push(PathSegment {
                        descendant: true,
                        selectors,
                    });
                }
                Some('.') => {
                    self.pos += 1;
                    let selector = self.shorthand("`.`")?;
                    segments.push(PathSegment {
                        descendant: false,
                        selectors: vec![selector],
                    });
                }
                Some('[') => {
                    let selectors = self.bracketed()?;
                    segments.push(PathSegment {
                        descendant: false,
                        selectors,
                    });
                }
                _ => {
                    self.pos = before;
                    return Ok(segments);
                }
            }
        }
    }

    /// `*` or a member name after `.` or `..`.
    fn shorthand(&mut self, after: &str) -> Result<Selector, Error> {
        if self.eat('*') {
            return Ok(Selector::Wildcard);
        }
        match self.peek() {
            Some(c) if is_name_first(c) => {
                let start = self.pos;
                while self.peek().is_some_and(is_name_char) {
                    self.pos += 1;
                }
                Ok(Selector::Name(self.text(start, self.pos)))
            }
            _ => Err(self.error(&format!(
                "expected a member name or `*` after {after}; quote other names: ['my name']"
            ))),
        }
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// `[ selector *( , selector ) ]`.
    fn bracketed(&mut self) -> Result<Vec<Selector>, Error> {
        self.pos += 1; // `[`
        let mut selectors = Vec::new();
        loop {
            self.skip_blank();
            selectors.push(self.selector()?);
            self.skip_blank();
            if self.eat(',') {
                continue;
            }
            if self.eat(']') {
                return Ok(selectors);
            }
            return Err(self.error("expected `,` or `]`"));
        }
    }

    fn selector(&mut self) -> Result<Selector, Error> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => Ok(Selector::Name(self.string(quote)?)),
            Some('*') => {
                self.pos += 1;
                Ok(Selector::Wildcard)
            }
            Some('?') => {
                self.pos += 1;
                self.skip_blank();
                Ok(Selector::Filter(Box::new(self.logical_or()?)))
            }
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => self.index_or_slice(),
            _ => Err(self.error(
                "expected a selector: a quoted name, `*`, an index, a slice `start:end:step` \
                 or a filter `?…`",
            )),
        }
    }

    fn index_or_slice(&mut self) -> Result<Selector, Error> {
        let start = self.optional_int()?;
        let before = self.pos;
        self.skip_blank();
        if !self.eat(':') {
            self.pos = before;
            return match start {
                Some(index) => Ok(Selector::Index(index)),
                None => Err(self.error("expected an index")),
            };
        }
        self.skip_blank();
        let end = self.optional_int()?;
        let before = self.pos;
        self.skip_blank();
        let step = if self.eat(':') {
            self.skip_blank();
            self.optional_int()?
        } else {
            self.pos = before;
            None
        };
        Ok(Selector::Slice(Slice { start, end, step }))
    }

    fn optional_int(&mut self) -> Result<Option<i64>, Error> {
        match self.peek() {
            Some(c) if c == '-' || c.is_ascii_digit() => self.int().map(Some),
            _ => Ok(None),
        }
    }

    /// `"0" / (["-"] DIGIT1 *DIGIT)` within ±(2^53 - 1).
    fn int(&mut self) -> Result<i64, Error> {
        let start = self.pos;
        let negative = self.eat('-');
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text = self.text(digits, self.pos);
        if text.is_empty() {
            return Err(self.error("expected digits"));
        }
        if text.len() > 1 && text.starts_with('0') {
            return Err(error_at(start, "an integer has no leading zeros"));
        }
        if negative && text == "0" {
            return Err(error_at(start, "-0 is not an integer here; write 0"));
        }
        let value = text
            .parse::<i64>()
            .ok()
            .filter(|v| *v <= MAX_INDEX)
            .ok_or_else(|| error_at(start, "integer out of range (at most 2^53 - 1)"))?;
        Ok(if negative { -value } else { value })
    }

    /// A single- or double-quoted string with JSON-like escapes.
    fn string(&mut self, quote: char) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(error_at(start, "unterminated string"));
            };
            self.pos += 1;
            match c {
                _ if c == quote => return Ok(out),
                '\\' => out.push(self.escape(quote)?),
                '\u{0}'..='\u{1f}' => {
                    return Err(error_at(
                        self.pos - 1,
                        "control characters in a string must be escaped (\\n, \\t, \\u0001, …)",
                    ))
                }
                _ => out.push(c),
            }
        }
    }

    fn escape(&mut self, quote: char) -> Result<char, Error> {
        let at = self.pos - 1;
        let c = self.peek();
        self.pos += 1;
        Ok(match c {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('/') => '/',
            Some('\\') => '\\',
            Some(q) if q == quote => q,
            Some('u') => return self.unicode_escape(at),
            _ => {
                return Err(error_at(
                    at,
                    &format!(
                        "invalid escape; use \\b \\f \\n \\r \\t \\/ \\\\ \\{quote} or \\uXXXX"
                    ),
                ))
            }
        })
    }

    /// After `\u`: four hex digits, a surrogate pair being two such escapes.
    fn unicode_escape(&mut self, at: usize) -> Result<char, Error> {
        let high = self.hex4(at)?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !self.eat_str("\\u") {
                    return Err(error_at(
                        at,
                        "a high surrogate must be followed by \\uDC00-\\uDFFF",
                    ));
                }
                let low = self.hex4(at)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(error_at(
                        at,
                        "a high surrogate must be followed by \\uDC00-\\uDFFF",
                    ));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(error_at(at, "a lone low surrogate is not a character")),
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| error_at(at, "not a Unicode scalar value"))
    }

    fn hex4(&mut self, at: usize) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| error_at(at, "\\u takes four hexadecimal digits"))?;
            self.pos += 1;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    // Filters -----------------------------------------------------------------------------

    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        if self.depth >= MAX_NESTING {
            return Err(self.error("filter expressions nest too deeply"));
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    fn logical_or(&mut self) -> Result<Logical, Error> {
        let mut parts = vec![self.logical_and()?];
        loop {
            let before = self.pos;
            self.skip_blank();
            if !self.eat_str("||") {
                self.pos = before;
                break;
            }
            self.skip_blank();
            parts.push(self.logical_and()?);
        }
        Ok(if parts.len() == 1 {
            parts.swap_remove(0)
        } else {
            Logical::Or(parts)
        })
    }

    fn logical_and(&mut self) -> Result<Logical, Error> {
        let mut parts = vec![self.basic()?];
        loop {
            let before = self.pos;
            self.skip_blank();
            if !self.eat_str("&&") {
                self.pos = before;
                break;
            }
            self.skip_blank();
            parts.push(self.basic()?);
        }
        Ok(if parts.len() == 1 {
            parts.swap_remove(0)
        } else {
            Logical::And(parts)
        })
    }

    /// A parenthesised expression, a test or a comparison, optionally negated.
    fn basic(&mut self) -> Result<Logical, Error> {
        self.nested(|p| {
            if p.eat('!') {
                p.skip_blank();
                let negated = if p.peek() == Some('(') {
                    p.parenthesised()?
                } else {
                    let start = p.pos;
                    let primary = p.primary()?;
                    p.test(primary, start)?
                };
                let before = p.pos;
                p.skip_blank();
                if p.comparison_op().is_some() {
                    return Err(error_at(
                        before,
                        "`!` negates a test or a parenthesised expression: write !(a == b) or a != b",
                    ));
                }
                p.pos = before;
                return Ok(Logical::Not(Box::new(negated)));
            }
            if p.peek() == Some('(') {
                return p.parenthesised();
            }
            let start = p.pos;
            let primary = p.primary()?;
            let before = p.pos;
            p.skip_blank();
            let Some(op) = p.comparison_op() else {
                p.pos = before;
                return p.test(primary, start);
            };
            p.skip_blank();
            let left = comparable(primary, start)?;
            let right_start = p.pos;
            let right = p.primary()?;
            let right = comparable(right, right_start)?;
            Ok(Logical::Compare(Box::new(left), op, Box::new(right)))
        })
    }

    fn parenthesised(&mut self) -> Result<Logical, Error> {
        self.pos += 1; // `(`
        self.skip_blank();
        let inner = self.logical_or()?;
        self.skip_blank();
        self.expect(')', "expected `)`")?;
        Ok(inner)
    }

    /// A primary used as a test: a query (does it select anything?) or a logical function.
    fn test(&mut self, primary: Primary, start: usize) -> Result<Logical, Error> {
        match primary {
            Primary::Query(query) => Ok(Logical::Exists(query)),
            Primary::Call(call @ Function::Regex { .. }) => Ok(Logical::Test(Box::new(call))),
            Primary::Call(call) => Err(error_at(
                start,
                &format!(
                    "{}() returns a value, not a test: compare it, e.g. {}(…) > 0",
                    call.name(),
                    call.name()
                ),
            )),
            Primary::Literal(_) => Err(error_at(
                start,
                "a literal is not a test: compare it with something, e.g. @.a == 1",
            )),
        }
    }

    fn comparison_op(&mut self) -> Option<CmpOp> {
        let op = match (self.peek(), self.peek_at(1)) {
            (Some('='), Some('=')) => (CmpOp::Eq, 2),
            (Some('!'), Some('=')) => (CmpOp::Ne, 2),
            (Some('<'), Some('=')) => (CmpOp::Le, 2),
            (Some('>'), Some('=')) => (CmpOp::Ge, 2),
            (Some('<'), _) => (CmpOp::Lt, 1),
            (Some('>'), _) => (CmpOp::Gt, 1),
            _ => return None,
        };
        self.pos += op.1;
        Some(op.0)
    }

    /// A literal, a query or a function call.
    fn primary(&mut self) -> Result<Primary, Error> {
        match self.peek() {
            Some('@') => {
                self.pos += 1;
                Ok(Primary::Query(FilterQuery {
                    absolute: false,
                    segments: self.segments()?,
                }))
            }
            Some('$') => {
                self.pos += 1;
                Ok(Primary::Query(FilterQuery {
                    absolute: true,
                    segments: self.segments()?,
                }))
            }
            Some(quote @ ('\'' | '"')) => Ok(Primary::Literal(Value::String(self.string(quote)?))),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number().map(Primary::Literal),
            Some(c) if c.is_ascii_lowercase() => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    self.pos += 1;
                }
                let name = self.text(start, self.pos);
                if self.peek() == Some('(') {
                    return self.call(&name, start).map(Primary::Call);
                }
                match name.as_str() {
                    "true" => Ok(Primary::Literal(Value::Bool(true))),
                    "false" => Ok(Primary::Literal(Value::Bool(false))),
                    "null" => Ok(Primary::Literal(Value::Null)),
                    _ => Err(error_at(
                        start,
                        &format!(
                            "unknown name `{name}`: expected @, $, a literal or a function call"
                        ),
                    )),
                }
            }
            _ => Err(self.error(
                "expected a query (@… or $…), a literal (string, number, true, false, null), \
                 a function call or `(`",
            )),
        }
    }

    /// A JSON number: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        self.eat('-');
        let int_start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - from
        };
        let n = digits(self);
        if n == 0 {
            return Err(self.error("expected digits"));
        }
        if n > 1 && self.chars.get(int_start) == Some(&'0') {
            return Err(error_at(start, "a number has no leading zeros"));
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let text = self.text(start, self.pos);
        serde_json::from_str::<serde_json::Number>(&text)
            .map(Value::Number)
            .map_err(|_| error_at(start, "number out of range"))
    }

    /// A function call; `self.pos` is at `(`.
    fn call(&mut self, name: &str, start: usize) -> Result<Function, Error> {
        self.pos += 1; // `(`
        self.skip_blank();
        let function = self.nested(|p| match name {
            "length" => Ok(Function::Length(p.value_argument(name)?)),
            "count" => Ok(Function::Count(p.nodes_argument(name)?)),
            "value" => Ok(Function::Value(p.nodes_argument(name)?)),
            "match" | "search" => {
                let subject = p.value_argument(name)?;
                p.skip_blank();
                p.expect(
                    ',',
                    &format!("{name}() takes two arguments: a string and a pattern"),
                )?;
                p.skip_blank();
                let pattern = match p.value_argument(name)? {
                    Comparable::Literal(Value::String(s)) => Pattern::Fixed(Regex::new(&s).ok()),
                    Comparable::Literal(_) => Pattern::Fixed(None),
                    other => Pattern::Dynamic(other),
                };
                Ok(Function::Regex {
                    whole: name == "match",
                    subject,
                    pattern,
                })
            }
            _ => Err(error_at(
                start,
                &format!(
                    "unknown function `{name}`; the functions are length, count, match, \
                     search and value"
                ),
            )),
        })?;
        self.skip_blank();
        let arity = if matches!(function, Function::Regex { .. }) {
            "two arguments"
        } else {
            "one argument"
        };
        self.expect(')', &format!("expected `)`: {name}() takes {arity}"))?;
        Ok(function)
    }

    /// A `ValueType` argument: a literal, a singular query or a value-returning function.
    fn value_argument(&mut self, function: &str) -> Result<Comparable, Error> {
        let start = self.pos;
        let primary = self.primary()?;
        argument_value(primary, start, function)
    }

    /// A `NodesType` argument: any query.
    fn nodes_argument(&mut self, function: &str) -> Result<FilterQuery, Error> {
        let start = self.pos;
        match self.primary()? {
            Primary::Query(query) => Ok(query),
            _ => Err(error_at(
                start,
                &format!("{function}() takes a query, e.g. {function}(@.items[*])"),
            )),
        }
    }
}

/// A comparison operand must be a value: a literal, a singular query or a value function.
fn comparable(primary: Primary, start: usize) -> Result<Comparable, Error> {
    match primary {
        Primary::Literal(value) => Ok(Comparable::Literal(value)),
        Primary::Query(query) if is_singular(&query.segments) => Ok(Comparable::Query(query)),
        Primary::Query(_) => Err(error_at(
            start,
            "only a singular query (names and indexes only) can be compared; \
             use value(…) or a test instead",
        )),
        Primary::Call(call @ Function::Regex { .. }) => Err(error_at(
            start,
            &format!("{}() is a test and cannot be compared", call.name()),
        )),
        Primary::Call(call) => Ok(Comparable::Call(Box::new(call))),
    }
}

fn argument_value(primary: Primary, start: usize, function: &str) -> Result<Comparable, Error> {
    match primary {
        Primary::Query(query) if !is_singular(&query.segments) => Err(error_at(
            start,
            &format!(
                "{function}() takes a value: a literal, a singular query (names and indexes \
                 only) or value(…)"
            ),
        )),
        other => comparable(other, start),
    }
}

impl Function {
    fn name(&self) -> &'static str {
        match self {
            Function::Length(_) => "length",
            Function::Count(_) => "count",
            Function::Value(_) => "value",
            Function::Regex { whole: true, .. } => "match",
            Function::Regex { whole: false, .. } => "search",
        }
    }
}

fn error_at(offset: usize, message: &str) -> Error {
    Error::JsonPathSyntax {
        offset,
        message: message.to_owned(),
    }
}
