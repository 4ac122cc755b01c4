//! Fellegi–Sunter scoring of one pair of prepared contacts: per field, the first level the
//! pair reaches and its weight `log2(m / u)` (with `u` replaced by the value's frequency on a
//! term-frequency field's `exact` level); the total weight adds the prior's log-odds; the
//! match probability is its logistic.

use super::compare::{day_month_swapped, days, jaro_winkler, levenshtein, soundex_code};
use super::prepare::{Prepared, Values};
use super::rules::{Comparator, FieldRule, Rules};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::HashMap;

/// Which level a field reached for a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// One side (or both) has no value: no evidence either way.
    Null,
    /// Level `index` of the field's `levels`; `value` is the shared value on an exact level.
    Level {
        /// Index into `levels`.
        index: usize,
        /// The value both sides have, for the term-frequency adjustment.
        value: Option<&'a str>,
    },
    /// Both sides have values and no level was reached.
    Else,
}

/// FNV-1a, 64 bits: term-frequency tables key values by this hash, so counting a million
/// names allocates nothing (a collision merely adds two frequencies).
pub fn value_hash(value: &str) -> u64 {
    value.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashTable = HashMap<u64, f64, std::hash::BuildHasherDefault<Prehashed>>;

/// One field's frequencies (by value hash) and the floor for values not in the table.
type Table = (HashTable, f64);

/// Term frequencies per field (`None` for fields without the adjustment).
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    fields: Vec<Option<Table>>,
    /// With two or more adjusted fields, counted over a whole data set: the frequency of
    /// each combination of their (first) values, e.g. given and family name together.
    joint: Option<Table>,
}

/// Adds one field's value to a combination's hash (order matters).
fn joint_step(h: u64, value: &str) -> u64 {
    (h.rotate_left(29) ^ value_hash(value)).wrapping_mul(0x0100_0000_01b3)
}

impl TermFrequencies {
    /// The tables the rules carry (from training), for scoring single pairs.
    pub fn from_rules(rules: &Rules) -> Self {
        TermFrequencies {
            fields: rules
                .fields
                .iter()
                .map(|f| {
                    let table = f.frequencies.as_ref().filter(|_| f.term_frequency)?;
                    let values = table
                        .values
                        .iter()
                        .map(|(k, v)| (value_hash(k), *v))
                        .collect();
                    Some((values, table.floor))
                })
                .collect(),
            joint: None,
        }
    }

    /// Frequencies counted over a whole data set.
    pub fn from_data(rules: &Rules, rows: &[Prepared]) -> Self {
        TermFrequencies {
            fields: rules
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    if !f.term_frequency {
                        return None;
                    }
                    let mut counts = HashTable::default();
                    let mut total = 0.0;
                    for row in rows {
                        for v in row.field(i) {
                            *counts.entry(value_hash(v)).or_insert(0.0) += 1.0;
                            total += 1.0;
                        }
                    }
                    if total == 0.0 {
                        return None;
                    }
                    counts.values_mut().for_each(|c| *c /= total);
                    Some((counts, 1.0 / total))
                })
                .collect(),
            joint: joint_frequencies(rules, rows),
        }
    }

    /// The frequency of a combination hashed with `joint_step`, when counted.
    fn joint(&self, hash: u64) -> Option<f64> {
        let (table, floor) = self.joint.as_ref()?;
        Some(table.get(&hash).copied().unwrap_or(*floor))
    }

    /// The frequency of `value` in field `field`, when the field is adjusted.
    pub fn get(&self, field: usize, value: &str) -> Option<f64> {
        let (table, floor) = self.fields.get(field)?.as_ref()?;
        Some(table.get(&value_hash(value)).copied().unwrap_or(*floor))
    }

    /// The most common values of field `field` among `rows` (at most `limit`, most frequent
    /// first, ties by value) and the floor for the rest: what training stores in the rules.
    pub fn top(
        &self,
        field: usize,
        limit: usize,
        rows: &[Prepared],
    ) -> Option<(Vec<(String, f64)>, f64)> {
        let (table, floor) = self.fields.get(field)?.as_ref()?;
        let mut by_freq: Vec<(u64, f64)> = table.iter().map(|(k, v)| (*k, *v)).collect();
        by_freq.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        by_freq.truncate(limit);
        let floor = if by_freq.len() == limit {
            by_freq.last().map_or(*floor, |l| l.1)
        } else {
            *floor
        };
        // Find each kept hash's value (the smallest value with that hash, for determinism).
        let mut names: HashMap<u64, &str, std::hash::BuildHasherDefault<Prehashed>> =
            by_freq.iter().map(|(h, _)| (*h, "")).collect();
        for row in rows {
            for v in row.field(field) {
                if let Some(slot) = names.get_mut(&value_hash(v)) {
                    if slot.is_empty() || v < *slot {
                        *slot = v;
                    }
                }
            }
        }
        let mut out: Vec<(String, f64)> = by_freq
            .iter()
            .filter_map(|(h, f)| names.get(h).map(|n| ((*n).to_owned(), *f)))
            .filter(|(n, _)| !n.is_empty())
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some((out, floor))
    }
}

/// How often each combination of the adjusted fields' values occurs, among the rows that have
/// a value in every one of them (`None` with fewer than two adjusted fields).
fn joint_frequencies(rules: &Rules, rows: &[Prepared]) -> Option<Table> {
    let adjusted: Vec<usize> = (0..rules.fields.len())
        .filter(|&i| rules.fields.get(i).is_some_and(|f| f.term_frequency))
        .collect();
    if adjusted.len() < 2 {
        return None;
    }
    let mut counts = HashTable::default();
    let mut total = 0.0;
    for row in rows {
        let hash = adjusted
            .iter()
            .try_fold(0u64, |h, &i| row.field(i).next().map(|v| joint_step(h, v)));
        if let Some(hash) = hash {
            *counts.entry(hash).or_insert(0.0) += 1.0;
            total += 1.0;
        }
    }
    if total == 0.0 {
        return None;
    }
    counts.values_mut().for_each(|c| *c /= total);
    Some((counts, 1.0 / total))
}

fn reaches(comparator: Comparator, threshold: f64, a: &str, b: &str) -> bool {
    match comparator {
        Comparator::Exact => a == b,
        Comparator::JaroWinkler => jaro_winkler(a, b) >= threshold,
        Comparator::Levenshtein => {
            // Lengths bound the distance from below: skip the table when they differ too much.
            let gap = a.chars().count().abs_diff(b.chars().count()) as f64;
            gap <= threshold && (levenshtein(a, b) as f64) <= threshold
        }
        Comparator::Phonetic => {
            let code = soundex_code(a);
            code != [0; 4] && code == soundex_code(b)
        }
        Comparator::Date => match (days(a), days(b)) {
            (Some(x), Some(y)) => (x.abs_diff(y) as f64) <= threshold,
            _ => false,
        },
        Comparator::DayMonthSwap => day_month_swapped(a, b),
        Comparator::Numeric => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => (x - y).abs() <= threshold,
            _ => false,
        },
    }
}

/// The first level of `rule` any pair of values from `a` and `b` reaches.
pub fn outcome<'a>(rule: &FieldRule, a: Values<'a>, b: Values<'_>) -> Outcome<'a> {
    if a.is_empty() || b.is_empty() {
        return Outcome::Null;
    }
    for (index, level) in rule.levels.iter().enumerate() {
        let threshold = level.threshold.unwrap_or(0.0);
        if level.comparator == Comparator::Exact {
            // Both lists are sorted: the smallest shared value, whichever side is `a`.
            if let Some(v) = a.into_iter().find(|x| b.into_iter().any(|y| y == *x)) {
                return Outcome::Level {
                    index,
                    value: Some(v),
                };
            }
            continue;
        }
        if a.into_iter().any(|x| {
            b.into_iter()
                .any(|y| reaches(level.comparator, threshold, x, y))
        }) {
            return Outcome::Level { index, value: None };
        }
    }
    Outcome::Else
}

/// `(m, u)` of an outcome, `u` adjusted by term frequency where the rule says so.
pub fn probabilities(
    rule: &FieldRule,
    field: usize,
    outcome: Outcome<'_>,
    tf: &TermFrequencies,
) -> Option<(f64, f64)> {
    match outcome {
        Outcome::Null => None,
        Outcome::Else => Some((rule.otherwise.m, rule.otherwise.u)),
        Outcome::Level { index, value } => {
            let level = rule.levels.get(index)?;
            let u = match value {
                Some(v) if rule.term_frequency && level.comparator == Comparator::Exact => {
                    tf.get(field, v).unwrap_or(level.u)
                }
                _ => level.u,
            };
            Some((level.m, u.max(1e-12)))
        }
    }
}

/// The prior's log-odds, `log2(λ / (1 − λ))`.
pub fn prior_weight(rules: &Rules) -> f64 {
    let p = rules.prior.min(1.0 - 1e-12);
    (p / (1.0 - p)).log2()
}

/// The match probability of a total weight.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// The total weight of a pair (fast path for bulk runs: no evidence kept).
///
/// Where the data set's joint frequencies are known and the pair agrees exactly on every
/// term-frequency field, the product of those fields' frequencies is replaced by the joint
/// frequency of the combination when that is higher: given and family names cluster by
/// culture, so two people named alike on both are less rare than the product says (at 1M
/// contacts, treating them as independent linked namesakes and put the prior six times
/// too high).
pub fn total_weight(rules: &Rules, tf: &TermFrequencies, a: &Prepared, b: &Prepared) -> f64 {
    let mut weight = prior_weight(rules);
    let (mut adjusted, mut agreed, mut log_u, mut joint) = (0usize, 0usize, 0.0f64, 0u64);
    for (i, rule) in rules.fields.iter().enumerate() {
        let (x, y) = (a.field(i), b.field(i));
        let o = outcome(rule, x, y);
        if let Some((m, u)) = probabilities(rule, i, o, tf) {
            weight += (m / u).log2();
        }
        if rule.term_frequency {
            adjusted += 1;
            if let Outcome::Level {
                index,
                value: Some(v),
            } = o
            {
                let exact = rule
                    .levels
                    .get(index)
                    .is_some_and(|l| l.comparator == Comparator::Exact);
                if exact && tf.get(i, v).is_some() {
                    agreed += 1;
                    log_u += tf.get(i, v).unwrap_or(1.0).max(1e-12).log2();
                    joint = joint_step(joint, v);
                }
            }
        }
    }
    if adjusted >= 2 && agreed == adjusted {
        if let Some(u) = tf.joint(joint) {
            // Swap the product of the frequencies for the joint one, never making it rarer.
            weight += log_u - u.max(1e-12).log2().max(log_u);
        }
    }
    weight
}

/// The decision for a match probability.
pub fn decision(rules: &Rules, score: f64) -> &'static str {
    if score >= rules.thresholds.matched {
        "match"
    } else if score >= rules.thresholds.possible {
        "possible"
    } else {
        "no_match"
    }
}

/// One field's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldEvidence {
    /// The comparator of the level reached, `else`, or `null` when a side has no value.
    pub level: &'static str,
    /// Its index in the field's `levels` (`levels.length` for `else`, -1 for `null`).
    pub level_index: i64,
    /// `log2(m / u)`; 0 for `null`.
    pub weight: f64,
    /// `m` used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m: Option<f64>,
    /// `u` used (after term-frequency adjustment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub u: Option<f64>,
}

/// The comparison of two contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The match probability.
    pub score: f64,
    /// The total weight (log2 Bayes factor plus prior log-odds).
    pub weight: f64,
    /// `match`, `possible` or `no_match`.
    pub decision: &'static str,
    /// Per field, in rule order.
    pub evidence: Vec<(String, FieldEvidence)>,
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Fields<'a>(&'a [(String, FieldEvidence)]);
        impl Serialize for Fields<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("weight", &self.weight)?;
        map.serialize_entry("decision", self.decision)?;
        map.serialize_entry("evidence", &Fields(&self.evidence))?;
        map.end()
    }
}

fn level_name(c: Comparator) -> &'static str {
    match c {
        Comparator::Exact => "exact",
        Comparator::JaroWinkler => "jaroWinkler",
        Comparator::Levenshtein => "levenshtein",
        Comparator::Phonetic => "phonetic",
        Comparator::Date => "date",
        Comparator::DayMonthSwap => "dayMonthSwap",
        Comparator::Numeric => "numeric",
    }
}

/// Compares two prepared contacts with evidence. Two contacts of which either has no usable
/// field are never a match.
pub fn compare(rules: &Rules, tf: &TermFrequencies, a: &Prepared, b: &Prepared) -> Comparison {
    let mut weight = prior_weight(rules);
    let mut evidence = Vec::with_capacity(rules.fields.len());
    for (i, rule) in rules.fields.iter().enumerate() {
        let (x, y) = (a.field(i), b.field(i));
        let o = outcome(rule, x, y);
        let p = probabilities(rule, i, o, tf);
        let w = p.map_or(0.0, |(m, u)| (m / u).log2());
        weight += w;
        let (level, level_index) = match o {
            Outcome::Null => ("null", -1),
            Outcome::Else => ("else", rule.levels.len() as i64),
            Outcome::Level { index, .. } => (
                rule.levels
                    .get(index)
                    .map_or("else", |l| level_name(l.comparator)),
                index as i64,
            ),
        };
        evidence.push((
            rule.name.clone(),
            FieldEvidence {
                level,
                level_index,
                weight: w,
                m: p.map(|p| p.0),
                u: p.map(|p| p.1),
            },
        ));
    }
    let usable = !a.is_empty() && !b.is_empty();
    let score = if usable { probability(weight) } else { 0.0 };
    Comparison {
        score,
        weight,
        decision: if usable {
            decision(rules, score)
        } else {
            "no_match"
        },
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::prepare::Preparer;
    use crate::records::Contact;

    fn prep(v: serde_json::Value) -> Prepared {
        let c: Contact = serde_json::from_value(v).unwrap();
        Preparer::new(&Rules::default()).prepare(&c)
    }

    #[test]
    fn shared_email_and_name_match_and_strangers_do_not() {
        let rules = Rules::default();
        let tf = TermFrequencies::from_rules(&rules);
        let a = prep(
            serde_json::json!({ "name": { "full": "Ada Lovelace" }, "emails": ["ada@lovelace.co.uk"] }),
        );
        let b = prep(
            serde_json::json!({ "name": { "given": "Ada", "family": "Lovelace" }, "emails": ["ADA@Lovelace.co.uk"] }),
        );
        let c = prep(
            serde_json::json!({ "name": { "full": "Charles Babbage" }, "emails": ["cb@babbage.co.uk"] }),
        );
        let ab = compare(&rules, &tf, &a, &b);
        assert_eq!(ab.decision, "match");
        assert_eq!(ab.evidence[1].1.level, "exact");
        assert_eq!(ab.evidence[0].1.level, "null");
        assert_eq!(compare(&rules, &tf, &a, &c).decision, "no_match");
        // Symmetric, and the fast path agrees with the explained one.
        assert_eq!(compare(&rules, &tf, &b, &a), ab);
        assert_eq!(total_weight(&rules, &tf, &a, &b), ab.weight);
    }

    #[test]
    fn a_typo_reaches_a_fuzzy_level() {
        let rules = Rules::default();
        let tf = TermFrequencies::from_rules(&rules);
        let a = prep(serde_json::json!({ "name": { "full": "Katherine Johnson" } }));
        let b = prep(serde_json::json!({ "name": { "full": "Katherine Jonhson" } }));
        let r = compare(&rules, &tf, &a, &b);
        assert_eq!(r.evidence[5].1.level, "jaroWinkler");
    }

    #[test]
    fn common_values_weigh_less_than_rare_ones() {
        let mut rules = Rules::default();
        let given = rules.field_index("givenName").unwrap();
        rules.fields[given].frequencies = Some(crate::identity::rules::Frequencies {
            floor: 1e-5,
            values: [("john".to_owned(), 0.03)].into_iter().collect(),
        });
        let tf = TermFrequencies::from_rules(&rules);
        let john = prep(serde_json::json!({ "name": { "given": "John" } }));
        let ada = prep(serde_json::json!({ "name": { "given": "Augusta" } }));
        let w_john = compare(&rules, &tf, &john, &john).evidence[given].1.weight;
        let w_ada = compare(&rules, &tf, &ada, &ada).evidence[given].1.weight;
        assert!(w_ada > w_john + 5.0, "{w_ada} vs {w_john}");
    }

    #[test]
    fn empty_contacts_never_match() {
        let rules = Rules::default();
        let tf = TermFrequencies::from_rules(&rules);
        let e = prep(serde_json::json!({ "emails": ["null"] }));
        let r = compare(&rules, &tf, &e, &e);
        assert_eq!(r.decision, "no_match");
        assert_eq!(r.score, 0.0);
    }

    #[test]
    fn names_that_go_together_count_by_their_joint_frequency() {
        // Half the rows are Wei Wang, half Ana Garcia: each name has frequency 1/2, so the
        // product says agreeing on both happens a quarter of the time; it happens half.
        let rules = Rules::default();
        let rows: Vec<Prepared> = (0..8)
            .map(|i| {
                let (g, f) = if i % 2 == 0 {
                    ("Wei", "Wang")
                } else {
                    ("Ana", "Garcia")
                };
                prep(serde_json::json!({ "name": { "given": g, "family": f } }))
            })
            .collect();
        let tf = TermFrequencies::from_data(&rules, &rows);
        let mut independent = tf.clone();
        independent.joint = None;
        let (a, b) = (&rows[0], &rows[2]);
        let w = total_weight(&rules, &tf, a, b);
        let w_independent = total_weight(&rules, &independent, a, b);
        assert!(
            (w_independent - w - 1.0).abs() < 1e-9,
            "{w} vs {w_independent}"
        );
        // A pair that disagrees on a name keeps the per-field frequencies.
        let c = prep(serde_json::json!({ "name": { "given": "Wei", "family": "Garcia" } }));
        assert_eq!(
            total_weight(&rules, &tf, a, &c),
            total_weight(&rules, &independent, a, &c)
        );
    }
}
