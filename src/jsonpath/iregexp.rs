//! I-Regexp (RFC 9485), the interoperable regular expressions of JSONPath's `match` and
//! `search`: parsed strictly (anything outside the RFC's grammar is not a valid pattern) and
//! run as a Thompson NFA over characters, so matching is linear in the input whatever the
//! pattern: no backtracking, no catastrophic cases.

use unicode_general_category::{get_general_category, GeneralCategory};

/// Counted repetition expands the program; patterns that would grow past this many
/// instructions are refused (treated as invalid, so they match nothing).
const MAX_PROGRAM: usize = 10_000;

/// A compiled I-Regexp.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    source: String,
    program: Vec<Inst>,
}

impl PartialEq for Regex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// Why a pattern is not a valid I-Regexp (the JSONPath functions only need the fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Invalid;

#[derive(Debug, Clone)]
enum Inst {
    /// Consume one character of the class.
    Class(Class),
    /// Continue at both.
    Split(usize, usize),
    Jump(usize),
    /// `^`: only at the start of the text.
    Start,
    /// `$`: only at the end of the text.
    End,
    Match,
}

/// A set of characters.
#[derive(Debug, Clone)]
enum Class {
    Char(char),
    /// `.`: anything but `\n` and `\r`.
    Dot,
    Category {
        negated: bool,
        category: Category,
    },
    Set {
        negated: bool,
        items: Vec<Item>,
    },
}

#[derive(Debug, Clone)]
enum Item {
    Range(char, char),
    Category { negated: bool, category: Category },
}

/// A general category (`L`) or subcategory (`Lu`), as its two letters (`b'\0'` for any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Category(u8, u8);

/// The parsed pattern.
enum Node {
    Class(Class),
    /// `^` (`Inst::Start`) or `$` (`Inst::End`).
    Anchor(bool),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

impl Regex {
    /// Compiles `source`, or says it is not an I-Regexp.
    pub fn new(source: &str) -> Result<Regex, Invalid> {
        let chars: Vec<char> = source.chars().collect();
        let mut parser = Parser {
            chars: &chars,
            pos: 0,
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.pos != chars.len() {
            return Err(Invalid);
        }
        let mut program = Vec::new();
        compile(&node, &mut program)?;
        program.push(Inst::Match);
        Ok(Regex {
            source: source.to_owned(),
            program,
        })
    }

    /// `match()`: the whole of `text` matches.
    pub fn is_full_match(&self, text: &str) -> bool {
        self.run(text, true)
    }

    /// `search()`: some substring of `text` matches.
    pub fn is_found_in(&self, text: &str) -> bool {
        self.run(text, false)
    }

    /// A Pike VM without captures: the set of live instructions advances one character at a
    /// time. Unanchored search adds a fresh thread at every position.
    fn run(&self, text: &str, whole: bool) -> bool {
        let mut current = Threads::new(self.program.len());
        let mut next = Threads::new(self.program.len());
        let mut stack = Vec::new();
        let mut generation = 1;
        let mut chars = text.chars().peekable();
        let at = Position {
            start: true,
            end: chars.peek().is_none(),
        };
        self.add(&mut current, &mut stack, 0, generation, at);
        while let Some(c) = chars.next() {
            if current.matched && !whole {
                return true;
            }
            let at = Position {
                start: false,
                end: chars.peek().is_none(),
            };
            generation += 1;
            next.clear();
            for &pc in &current.list {
                if let Some(Inst::Class(class)) = self.program.get(pc) {
                    if class.contains(c) {
                        self.add(&mut next, &mut stack, pc + 1, generation, at);
                    }
                }
            }
            if !whole {
                self.add(&mut next, &mut stack, 0, generation, at);
            }
            std::mem::swap(&mut current, &mut next);
            if current.list.is_empty() && !current.matched {
                return false;
            }
        }
        current.matched
    }

    /// Adds `pc` and everything reachable from it without consuming a character.
    fn add(
        &self,
        threads: &mut Threads,
        stack: &mut Vec<usize>,
        pc: usize,
        generation: u32,
        at: Position,
    ) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            match threads.marks.get_mut(pc) {
                Some(mark) if *mark != generation => *mark = generation,
                _ => continue,
            }
            match self.program.get(pc) {
                Some(Inst::Jump(to)) => stack.push(*to),
                Some(Inst::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Start) if at.start => stack.push(pc + 1),
                Some(Inst::End) if at.end => stack.push(pc + 1),
                Some(Inst::Match) => threads.matched = true,
                Some(Inst::Class(_)) => threads.list.push(pc),
                Some(Inst::Start | Inst::End) | None => {}
            }
        }
    }
}

/// Whether the position between characters is the text's start or end.
#[derive(Clone, Copy)]
struct Position {
    start: bool,
    end: bool,
}

/// The live threads of one step. `marks` says which instructions were added in which step.
struct Threads {
    list: Vec<usize>,
    marks: Vec<u32>,
    matched: bool,
}

impl Threads {
    fn new(len: usize) -> Threads {
        Threads {
            list: Vec::new(),
            marks: vec![0; len],
            matched: false,
        }
    }

    fn clear(&mut self) {
        self.list.clear();
        self.matched = false;
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) -> Result<(), Invalid> {
    if program.len() > MAX_PROGRAM {
        return Err(Invalid);
    }
    match node {
        Node::Class(class) => program.push(Inst::Class(class.clone())),
        Node::Anchor(start) => program.push(if *start { Inst::Start } else { Inst::End }),
        Node::Concat(nodes) => {
            for node in nodes {
                compile(node, program)?;
            }
        }
        Node::Alternation(branches) => {
            let mut jumps = Vec::new();
            let last = branches.len().saturating_sub(1);
            for (i, branch) in branches.iter().enumerate() {
                if i < last {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    compile(branch, program)?;
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let after = program.len();
                    if let Some(Inst::Split(_, b)) = program.get_mut(split) {
                        *b = after;
                    }
                } else {
                    compile(branch, program)?;
                }
            }
            let end = program.len();
            for jump in jumps {
                if let Some(Inst::Jump(to)) = program.get_mut(jump) {
                    *to = end;
                }
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                compile(node, program)?;
                if program.len() > MAX_PROGRAM {
                    return Err(Invalid);
                }
            }
            match max {
                None => {
                    // L: split(body, out); body; jump L
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    compile(node, program)?;
                    program.push(Inst::Jump(split));
                    let out = program.len();
                    if let Some(Inst::Split(_, b)) = program.get_mut(split) {
                        *b = out;
                    }
                }
                Some(max) => {
                    // Each optional copy may skip to the end.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(program.len() + 1, 0));
                        compile(node, program)?;
                        if program.len() > MAX_PROGRAM {
                            return Err(Invalid);
                        }
                    }
                    let out = program.len();
                    for split in splits {
                        if let Some(Inst::Split(_, b)) = program.get_mut(split) {
                            *b = out;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

impl Class {
    fn contains(&self, c: char) -> bool {
        match self {
            Class::Char(x) => *x == c,
            Class::Dot => c != '\n' && c != '\r',
            Class::Category { negated, category } => category.contains(c) != *negated,
            Class::Set { negated, items } => items.iter().any(|item| item.contains(c)) != *negated,
        }
    }
}

impl Item {
    fn contains(&self, c: char) -> bool {
        match self {
            Item::Range(lo, hi) => (*lo..=*hi).contains(&c),
            Item::Category { negated, category } => category.contains(c) != *negated,
        }
    }
}

impl Category {
    fn contains(self, c: char) -> bool {
        let name = abbreviation(get_general_category(c)).as_bytes();
        name.first() == Some(&self.0) && (self.1 == 0 || name.get(1) == Some(&self.1))
    }
}

/// The two-letter name of a general category.
fn abbreviation(category: GeneralCategory) -> &'static str {
    category.abbreviation()
}

/// How deep groups may nest.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    /// `branch *( "|" branch )`
    fn alternation(&mut self) -> Result<Node, Invalid> {
        let mut branches = vec![self.branch()?];
        while self.eat('|') {
            branches.push(self.branch()?);
        }
        Ok(if branches.len() == 1 {
            branches.swap_remove(0)
        } else {
            Node::Alternation(branches)
        })
    }

    /// `*piece`
    fn branch(&mut self) -> Result<Node, Invalid> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            pieces.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(pieces))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, Invalid> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') || max.is_some_and(|max| max < min) {
                    return Err(Invalid);
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn number(&mut self) -> Result<u32, Invalid> {
        let start = self.pos;
        let mut value: u32 = 0;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit))
                .ok_or(Invalid)?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(Invalid);
        }
        Ok(value)
    }

    fn atom(&mut self) -> Result<Node, Invalid> {
        let c = self.peek().ok_or(Invalid)?;
        self.pos += 1;
        Ok(Node::Class(match c {
            '(' => {
                if self.depth >= MAX_DEPTH {
                    return Err(Invalid);
                }
                self.depth += 1;
                let inner = self.alternation()?;
                self.depth -= 1;
                if !self.eat(')') {
                    return Err(Invalid);
                }
                return Ok(inner);
            }
            // RFC 9485's grammar reads `^` and `$` as ordinary characters, but the compliance
            // suite (and every regex engine it maps to) treats them as anchors.
            '^' => return Ok(Node::Anchor(true)),
            '$' => return Ok(Node::Anchor(false)),
            '.' => Class::Dot,
            '[' => self.class_expression()?,
            '\\' => match self.peek() {
                Some(p @ ('p' | 'P')) => {
                    self.pos += 1;
                    Class::Category {
                        negated: p == 'P',
                        category: self.category()?,
                    }
                }
                _ => Class::Char(self.single_escape()?),
            },
            ')' | '*' | '+' | '?' | ']' | '{' | '|' | '}' => return Err(Invalid),
            _ => Class::Char(c),
        }))
    }

    /// After `\`: one of `( ) * + - . ? [ \ ] ^ { | }` or `n r t`.
    fn single_escape(&mut self) -> Result<char, Invalid> {
        let c = self.peek().ok_or(Invalid)?;
        self.pos += 1;
        match c {
            'n' => Ok('\n'),
            'r' => Ok('\r'),
            't' => Ok('\t'),
            '(' | ')' | '*' | '+' | '-' | '.' | '?' | '[' | '\\' | ']' | '^' | '{' | '|' | '}' => {
                Ok(c)
            }
            _ => Err(Invalid),
        }
    }

    /// After `\p` or `\P`: `{L}`, `{Lu}`, …
    fn category(&mut self) -> Result<Category, Invalid> {
        if !self.eat('{') {
            return Err(Invalid);
        }
        let major = self.peek().ok_or(Invalid)?;
        self.pos += 1;
        let minors: &str = match major {
            'L' => "lmotu",
            'M' => "cen",
            'N' => "dlo",
            'P' => "cdefios",
            'Z' => "lps",
            'S' => "ckmo",
            'C' => "cfno",
            _ => return Err(Invalid),
        };
        let minor = match self.peek() {
            Some(m) if minors.contains(m) => {
                self.pos += 1;
                m
            }
            _ => '\0',
        };
        if !self.eat('}') {
            return Err(Invalid);
        }
        // Both are ASCII letters (or NUL) by the match above.
        Ok(Category(major as u8, minor as u8))
    }

    /// After `[`: `[^]? ("-" / item) *item ["-"] "]"`.
    fn class_expression(&mut self) -> Result<Class, Invalid> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        if self.eat('-') {
            items.push(Item::Range('-', '-'));
        }
        loop {
            match self.peek() {
                Some(']') if !items.is_empty() => {
                    self.pos += 1;
                    return Ok(Class::Set { negated, items });
                }
                Some('-') => {
                    // Only as the last character.
                    self.pos += 1;
                    if !self.eat(']') {
                        return Err(Invalid);
                    }
                    items.push(Item::Range('-', '-'));
                    return Ok(Class::Set { negated, items });
                }
                Some('\\') if matches!(self.chars.get(self.pos + 1), Some('p' | 'P')) => {
                    let negated = self.chars.get(self.pos + 1) == Some(&'P');
                    self.pos += 2;
                    items.push(Item::Category {
                        negated,
                        category: self.category()?,
                    });
                }
                _ => {
                    let lo = self.class_char()?;
                    let is_range = self.peek() == Some('-')
                        && !matches!(self.chars.get(self.pos + 1), Some(']') | None);
                    if is_range {
                        self.pos += 1;
                        let hi = self.class_char()?;
                        if hi < lo {
                            return Err(Invalid);
                        }
                        items.push(Item::Range(lo, hi));
                    } else {
                        items.push(Item::Range(lo, lo));
                    }
                }
            }
        }
    }

    /// A character inside `[…]`: anything but `-`, `[`, `\` and `]`, or a single escape.
    fn class_char(&mut self) -> Result<char, Invalid> {
        let c = self.peek().ok_or(Invalid)?;
        self.pos += 1;
        match c {
            '\\' => self.single_escape(),
            '-' | '[' | ']' => Err(Invalid),
            _ => Ok(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(pattern: &str, text: &str) -> bool {
        Regex::new(pattern)
            .map(|r| r.is_full_match(text))
            .unwrap_or(false)
    }

    fn found(pattern: &str, text: &str) -> bool {
        Regex::new(pattern)
            .map(|r| r.is_found_in(text))
            .unwrap_or(false)
    }

    #[test]
    fn matches_whole_strings() {
        assert!(full("a.*", "abc"));
        assert!(!full("a.*", "bab"));
        assert!(full("(ab|cd)+e?", "abcdab"));
        assert!(full("a{2,3}", "aaa"));
        assert!(!full("a{2,3}", "aaaa"));
        assert!(full("a{2,}", "aaaaa"));
        assert!(full("[a-c-]x", "-x"));
        assert!(full("[^a-c]", "d"));
        assert!(!full(".", "\n"));
        assert!(full("\\p{Lu}\\P{Lu}", "Ab"));
        assert!(full("[\\p{N}x]+", "1x٣"));
        assert!(full("^ab$", "ab"));
        assert!(!found("^b", "ab"));
        assert!(found("b$", "ab"));
        assert!(full("[$^]+", "^$"));
        assert!(full("", ""));
    }

    #[test]
    fn searches_substrings() {
        assert!(found("b.", "abc"));
        assert!(!found("b.", "ab"));
        assert!(found("", "x"));
        assert!(found("[a-z]+", "12x"));
    }

    #[test]
    fn refuses_what_is_not_i_regexp() {
        for pattern in [
            "(", "a{3,2}", "\\d", "[]", "[a-b-c]", "a**", "\\p{Xx}", "{1}", "a{99999}",
        ] {
            assert!(Regex::new(pattern).is_err(), "{pattern}");
        }
    }

    #[test]
    fn is_linear_on_nested_repetition() {
        let text = "a".repeat(5_000) + "b";
        assert!(!full("(a*)*c", &text));
        assert!(found("(a|aa)*b", &text));
    }
}
