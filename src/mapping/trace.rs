//! What `preview` reports beside the records: for each rule, item and target field, the
//! paths tried, the nodes they matched, the value after each transform and, when the field
//! is empty, why.

use serde::Serialize;
use serde_json::Value;

/// Why a field came out empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyReason {
    /// No path matched a node.
    NoMatch,
    /// The path matched JSON null.
    Null,
    /// The field's `when` was false.
    WhenFalse,
    /// A transform turned the value empty (`omitIfEmpty`, `first` of `[]`, a lookup miss, …),
    /// or the source was `""`, `[]` or `{}`.
    TransformEmptied,
    /// A value had the wrong type for a transform or for the target (see `warnings`).
    TypeError,
}

/// A matched node: where it is in the body and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matched {
    /// JSON Pointer into the body.
    pub pointer: String,
    /// The node.
    pub value: Value,
}

/// One path of a `from` (or a template placeholder) and what it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// The path as written.
    pub path: String,
    /// The nodes it matched.
    pub matched: Vec<Matched>,
}

/// One transform step and the value after it (absent = missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTrace {
    /// The transform's name.
    pub transform: &'static str,
    /// The value after the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// How one target field (or `let` value, or key of an `object` source) was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldTrace {
    /// The target (`contact.name.full`), `let name`, or the key inside an object source.
    pub target: String,
    /// JSON Pointer of the field rule in the spec.
    pub rule: String,
    /// The paths tried, in order, with their matches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// The value before the pipe (absent = missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The value after each transform.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepTrace>,
    /// The keys of an `object` source.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<FieldTrace>,
    /// The value written (absent when the field is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Why the field is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty: Option<EmptyReason>,
    /// True when `default` supplied the value.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub defaulted: bool,
}

/// One rule applied to one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleTrace {
    /// The rule's `id`.
    pub rule: String,
    /// JSON Pointer of the item in the body.
    pub item: String,
    /// Index in `records` of what was produced, when something was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// `when_false` (the rule's `when`) or `required` (a required field was empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<&'static str>,
    /// The `let` values and fields.
    pub fields: Vec<FieldTrace>,
}
