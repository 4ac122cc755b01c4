//! What a merge returns besides the contact: per field, which observation's value won and
//! every value that lost or was rejected (nothing is dropped silently), plus the conflicts.

use crate::records::Contact;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The outcome of `mergeContacts`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeResult {
    /// The golden record; `id` is the surviving contact id.
    pub contact: Contact,
    /// Per field path (`emails`, `name.full`, `custom.tier`, …): how its value was decided.
    pub provenance: BTreeMap<String, FieldProvenance>,
    /// Fields where observations disagreed, and events delivered twice with different content.
    pub conflicts: Vec<Conflict>,
    /// The other CRM contact ids among the observations: records the host merges into
    /// `contact.id`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_contact_ids: Vec<String>,
    /// Observations the policy's `exclude` left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<ObservationRef>,
    /// How many distinct observations the record was computed from (after exclusions and
    /// dropping exact repeats).
    pub observations: usize,
}

/// How one field's value was decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldProvenance {
    /// The rule applied.
    pub rule: &'static str,
    /// Single-valued fields: the observation whose value survived (an empty string when the
    /// latest observation cleared the field under `most_recent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub winner: Option<Observed>,
    /// List fields: each kept canonical value and every observation that carried it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<KeptValue>,
    /// Values that lost, each with its observation, best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub losers: Vec<Observed>,
    /// Values treated as missing: junk placeholders and values that are not what the field
    /// holds (not an email, not a phone number).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Observed>,
}

/// A value as one observation gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Observed {
    /// The observation's source.
    pub source: String,
    /// The observation's event id.
    pub event_id: String,
    /// The observation's time, ISO 8601 UTC with milliseconds.
    pub event_time: String,
    /// The value exactly as observed.
    pub value: Value,
    /// Why a rejected value was rejected: `junk` or `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

/// A value a list field kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptValue {
    /// The canonical value, as in the contact.
    pub value: Value,
    /// Every observation that carried it, earliest first, with the value as written there.
    pub observations: Vec<Observed>,
}

/// Names one observation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationRef {
    /// The source.
    pub source: String,
    /// The event id.
    pub event_id: String,
}

/// A disagreement the merge resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Conflict {
    /// Observations gave different values for a single-valued field.
    Values {
        /// The field path.
        field: String,
        /// The surviving value (`null` when the field was cleared).
        winner: Value,
        /// Each distinct value (after normalisation) and who said it, the winner's first.
        values: Vec<ConflictValue>,
    },
    /// One `(source, eventId)` arrived with different content. Every variant takes part in
    /// the merge (nothing is dropped), ordered by its canonical form.
    DuplicateEvent {
        /// The source.
        source: String,
        /// The event id.
        event_id: String,
        /// How many different versions arrived.
        variants: usize,
    },
}

/// One of the values of a [`Conflict::Values`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValue {
    /// The value (from the best observation giving it).
    pub value: Value,
    /// The observations that gave it, best first.
    pub observations: Vec<ObservationRef>,
}
