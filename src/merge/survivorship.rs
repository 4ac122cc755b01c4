//! The survivorship rules applied to one field's candidate values.

use super::fields::Normalized;
use super::order::{sort_with, Ordered};
use super::policy::{MergePolicy, Rule};
use super::provenance::{
    Conflict, ConflictValue, FieldProvenance, KeptValue, ObservationRef, Observed,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// One value an observation gave for the field being decided.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Index into [`Ordered::obs`].
    pub obs: usize,
    /// The value as observed.
    pub raw: Value,
    /// The value as compared.
    pub norm: Normalized,
}

impl Candidate {
    fn key(&self) -> Option<&str> {
        match &self.norm {
            Normalized::Value { key, .. } => Some(key),
            _ => None,
        }
    }
}

#[inline(never)]
fn observed(ordered: &Ordered, c: &Candidate) -> Observed {
    let reason = match c.norm {
        Normalized::Rejected(reason) => Some(reason),
        _ => None,
    };
    match ordered.get(c.obs) {
        Some(o) => Observed {
            source: o.source.clone(),
            event_id: o.event_id.clone(),
            event_time: o.event_time(),
            value: c.raw.clone(),
            reason,
        },
        None => Observed {
            source: String::new(),
            event_id: String::new(),
            event_time: String::new(),
            value: c.raw.clone(),
            reason,
        },
    }
}

fn reference(ordered: &Ordered, obs: usize) -> ObservationRef {
    ordered.get(obs).map_or(
        ObservationRef {
            source: String::new(),
            event_id: String::new(),
        },
        |o| ObservationRef {
            source: o.source.clone(),
            event_id: o.event_id.clone(),
        },
    )
}

#[inline(never)]
fn rejected(ordered: &Ordered, candidates: &[Candidate]) -> Vec<Observed> {
    let mut out: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| matches!(c.norm, Normalized::Rejected(_)))
        .collect();
    by_best(ordered, &mut out);
    out.into_iter().map(|c| observed(ordered, c)).collect()
}

/// A list field: every distinct canonical value is kept, in order of first observation
/// (earliest event first), each with every observation that carried it.
#[inline(never)]
pub(crate) fn union(ordered: &Ordered, candidates: &[Candidate]) -> (Vec<Value>, FieldProvenance) {
    let mut groups: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
    for c in candidates {
        if let Some(key) = c.key() {
            groups.entry(key).or_default().push(c);
        }
    }
    let mut kept: Vec<(usize, &str, Vec<&Candidate>)> = groups
        .into_iter()
        .map(|(key, members)| {
            // Candidates arrive in observation order, so members are earliest first.
            let first = members.first().map_or(usize::MAX, |c| c.obs);
            (first, key, members)
        })
        .collect();
    sort_with(&mut kept, &|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    let mut values = Vec::new();
    let mut provenance = Vec::new();
    for (_, _, members) in kept {
        // The canonical value as the best observation spells it (identities keep their case).
        let best = members.iter().min_by_key(|c| ordered.best_pos(c.obs));
        let Some(Normalized::Value { value, .. }) = best.map(|c| &c.norm) else {
            continue;
        };
        values.push(value.clone());
        provenance.push(KeptValue {
            value: value.clone(),
            observations: members.iter().map(|c| observed(ordered, c)).collect(),
        });
    }
    let field = FieldProvenance {
        rule: Rule::Union.name(),
        winner: None,
        values: provenance,
        losers: Vec::new(),
        rejected: rejected(ordered, candidates),
    };
    (values, field)
}

/// What deciding a single-valued field gives.
pub(crate) struct Decision {
    /// The surviving value; `None` when nothing usable was observed or the field was cleared.
    pub value: Option<Value>,
    /// How it was decided.
    pub provenance: FieldProvenance,
    /// The disagreement, when observations gave different values.
    pub conflict: Option<Conflict>,
}

/// A single-valued field under `rule`.
#[inline(never)]
pub(crate) fn scalar<'a>(
    path: &str,
    rule: &Rule,
    ordered: &Ordered,
    candidates: &'a [Candidate],
    policy: &MergePolicy,
) -> Decision {
    let usable: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| !matches!(c.norm, Normalized::Rejected(_)))
        .collect();
    let filled: Vec<&Candidate> = usable
        .iter()
        .copied()
        .filter(|c| c.key().is_some())
        .collect();
    let best_of = |set: &[&'a Candidate]| best(ordered, set);
    let source_of = |c: &Candidate| ordered.get(c.obs).map_or("", |o| o.source.as_str());
    let winner: Option<&Candidate> = match rule {
        Rule::MostRecent => best_of(&usable),
        Rule::NonEmpty | Rule::Union => best_of(&filled),
        Rule::SourcePriority(own) => {
            let order = own.as_ref().unwrap_or(&policy.source_priority);
            filled.iter().copied().min_by_key(|c| {
                let source = source_of(c);
                let place = order
                    .iter()
                    .position(|s| s == source)
                    .unwrap_or(order.len());
                (place, ordered.best_pos(c.obs))
            })
        }
        Rule::MostFrequent => {
            let mut groups: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
            for c in &filled {
                if let Some(key) = c.key() {
                    groups.entry(key).or_default().push(c);
                }
            }
            groups
                .values()
                .filter_map(|members| {
                    let mut sources: Vec<usize> = members.iter().map(|c| c.obs).collect();
                    sources.dedup();
                    best_of(members).map(|best| (sources.len(), best))
                })
                // Most observations first; among equals, the group holding the best observation.
                .min_by_key(|(count, best)| (usize::MAX - count, ordered.best_pos(best.obs)))
                .map(|(_, best)| best)
        }
        Rule::Longest => filled.iter().copied().min_by_key(|c| {
            let length = match &c.norm {
                Normalized::Value {
                    value: Value::String(s),
                    ..
                } => s.chars().count(),
                Normalized::Value { value, .. } => value.to_string().chars().count(),
                _ => 0,
            };
            (usize::MAX - length, ordered.best_pos(c.obs))
        }),
        Rule::KeepExisting => {
            let crm: Vec<&Candidate> = filled
                .iter()
                .copied()
                .filter(|c| source_of(c) == policy.crm_source)
                .collect();
            best_of(&crm).or_else(|| best_of(&filled))
        }
    };
    let mut losers: Vec<&Candidate> = usable
        .iter()
        .copied()
        .filter(|c| !winner.is_some_and(|w| std::ptr::eq(*c, w)))
        .collect();
    by_best(ordered, &mut losers);
    let value = winner.and_then(|w| match &w.norm {
        Normalized::Value { value, .. } => Some(value.clone()),
        _ => None,
    });
    let conflict = conflict(path, rule, ordered, &usable, winner, value.as_ref());
    Decision {
        provenance: FieldProvenance {
            rule: rule.name(),
            winner: winner.map(|w| observed(ordered, w)),
            values: Vec::new(),
            losers: losers.into_iter().map(|c| observed(ordered, c)).collect(),
            rejected: rejected(ordered, candidates),
        },
        value,
        conflict,
    }
}

/// Sorts candidates best observation first.
fn by_best(ordered: &Ordered, candidates: &mut Vec<&Candidate>) {
    sort_with(candidates, &|a, b| {
        ordered.best_pos(a.obs).cmp(&ordered.best_pos(b.obs))
    });
}

/// The candidate of the best observation (tie-breaking order).
fn best<'a>(ordered: &Ordered, set: &[&'a Candidate]) -> Option<&'a Candidate> {
    set.iter().copied().min_by_key(|c| ordered.best_pos(c.obs))
}

/// A conflict when the usable values differ after normalisation. A blank counts as a value
/// only under `most_recent`, the one rule where it can win.
#[inline(never)]
fn conflict(
    path: &str,
    rule: &Rule,
    ordered: &Ordered,
    usable: &[&Candidate],
    winner: Option<&Candidate>,
    value: Option<&Value>,
) -> Option<Conflict> {
    const BLANK: &str = "";
    let mut groups: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
    for c in usable {
        match c.key() {
            Some(key) => groups.entry(key).or_default().push(c),
            None if *rule == Rule::MostRecent => groups.entry(BLANK).or_default().push(c),
            None => {}
        }
    }
    if groups.len() < 2 {
        return None;
    }
    let winner_key = winner.map(|w| w.key().unwrap_or(BLANK));
    let mut values: Vec<(bool, usize, ConflictValue)> = groups
        .into_iter()
        .map(|(key, mut members)| {
            by_best(ordered, &mut members);
            let shown = members
                .first()
                .and_then(|c| match &c.norm {
                    Normalized::Value { value, .. } => Some(value.clone()),
                    _ => None,
                })
                .unwrap_or(Value::String(String::new()));
            let first = members
                .first()
                .map_or(usize::MAX, |c| ordered.best_pos(c.obs));
            let refs = members.iter().map(|c| reference(ordered, c.obs)).collect();
            (
                winner_key != Some(key),
                first,
                ConflictValue {
                    value: shown,
                    observations: refs,
                },
            )
        })
        .collect();
    sort_with(&mut values, &|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    Some(Conflict::Values {
        field: path.to_owned(),
        winner: value.cloned().unwrap_or(Value::Null),
        values: values.into_iter().map(|v| v.2).collect(),
    })
}
