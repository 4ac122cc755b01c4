//! The syntax tree of a parsed query. The parser only builds well-typed trees (RFC 9535
//! §2.4.3), so the evaluator never meets a function result of the wrong type.

use super::iregexp::Regex;
use serde_json::Value;

/// One segment of a query: child (`.a`, `[…]`) or descendant (`..a`, `..[…]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathSegment {
    /// `..`: the selectors apply to the node and every node below it.
    pub descendant: bool,
    /// The selectors, applied in order; their results are concatenated.
    pub selectors: Vec<Selector>,
}

/// A selector inside a segment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selector {
    /// `'name'` or `.name`: the member of that name.
    Name(String),
    /// `*`: every member or element.
    Wildcard,
    /// `3`, `-1`: the element at that index, negative from the end.
    Index(i64),
    /// `start:end:step`.
    Slice(Slice),
    /// `?expr`: the members or elements for which the expression holds.
    Filter(Box<Logical>),
}

/// An array slice; missing bounds take their step-dependent defaults (RFC 9535 §2.3.4.2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Slice {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub step: Option<i64>,
}

/// A query inside a filter: relative to the current node (`@`) or absolute (`$`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilterQuery {
    /// `$…` rather than `@…`.
    pub absolute: bool,
    pub segments: Vec<PathSegment>,
}

/// A logical expression: the body of a filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Logical {
    Or(Vec<Logical>),
    And(Vec<Logical>),
    Not(Box<Logical>),
    /// A query as a test: true when it selects at least one node.
    Exists(FilterQuery),
    /// A function returning a logical value (`match`, `search`).
    Test(Box<Function>),
    Compare(Box<Comparable>, CmpOp, Box<Comparable>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A value-typed expression: a comparison operand or a `ValueType` function argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Comparable {
    Literal(Value),
    /// A singular query: at most one node.
    Query(FilterQuery),
    /// A function returning a value (`length`, `count`, `value`).
    Call(Box<Function>),
}

/// A call of one of the RFC 9535 function extensions, arguments already type-checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Function {
    Length(Comparable),
    Count(FilterQuery),
    Value(FilterQuery),
    /// `match` (`whole: true`, the entire string) or `search` (any substring).
    Regex {
        whole: bool,
        subject: Comparable,
        pattern: Pattern,
    },
}

/// The pattern of `match` or `search`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pattern {
    /// A literal, compiled once; `None` when it is not a valid I-Regexp (never matches).
    Fixed(Option<Regex>),
    /// Computed per node, compiled per evaluation.
    Dynamic(Comparable),
}

impl PathSegment {
    /// A child segment with one name or index selector: the building block of singular queries.
    pub fn is_singular(&self) -> bool {
        !self.descendant
            && matches!(
                self.selectors.as_slice(),
                [Selector::Name(_) | Selector::Index(_)]
            )
    }
}

/// Whether a query selects at most one node whatever the document (RFC 9535 §2.3.5.1).
pub(crate) fn is_singular(segments: &[PathSegment]) -> bool {
    segments.iter().all(PathSegment::is_singular)
}
