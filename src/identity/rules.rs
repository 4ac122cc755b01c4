//! Matching rules as data: which fields of a contact to compare (JSON Pointers into the
//! canonical [`Contact`](crate::records::Contact), custom fields included), how each is
//! normalised, the comparison levels with their Fellegi–Sunter `m` and `u` probabilities,
//! term-frequency adjustment, blocking keys, thresholds and the caps that keep junk from
//! chaining people together. [`Rules::default`] is tuned for the canonical Contact;
//! [`crate::identity::train`] estimates `m` and `u` from unlabelled contacts.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole rule set. Serialises to and from the JSON the JS API takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rules {
    /// The fields compared, in evidence order.
    pub fields: Vec<FieldRule>,
    /// The blocking rules: a contact's match keys are the union of every rule's keys.
    pub blocking: Vec<BlockingRule>,
    /// λ: the probability that two contacts drawn at random are the same person.
    pub prior: f64,
    /// Match-probability thresholds for the decision.
    pub thresholds: Thresholds,
    /// Blocks with more contacts than this are not expanded into pairs (a shared or junk value
    /// would otherwise pair thousands of people); they are reported as oversized.
    pub max_block_size: usize,
    /// A link that would grow a cluster beyond this many contacts is refused and reported.
    pub max_cluster_size: usize,
    /// ISO 3166 region for phone numbers written in national form (`"GB"`, `"US"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
}

/// Decision thresholds on the match probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// At or above: `"match"` (and linked by `dedupeContacts`).
    #[serde(rename = "match")]
    pub matched: f64,
    /// At or above (and below `match`): `"possible"`, for a person to review.
    pub possible: f64,
    /// `dedupeContacts` does not join two clusters while any pair across them has evidence
    /// below this (log2 Bayes factor, prior excluded): a weak link, such as a display name
    /// shared by two people, cannot chain two clearly different people together.
    #[serde(default = "default_conflict")]
    pub conflict: f64,
}

fn default_conflict() -> f64 {
    -5.0
}

/// One compared field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldRule {
    /// The name evidence is reported under.
    pub name: String,
    /// JSON Pointer into the contact: `/emails`, `/phones`, `/identities`, `/handles`,
    /// `/name/full`, `/name/given`, `/name/family`, `/company`, `/title`, `/locale`,
    /// `/timezone`, or `/custom/<key>[/…]`. `/name/given` and `/name/family` fall back to the
    /// parts of `/name/full`, and `/name/full` to the parts joined.
    pub path: String,
    /// How values are normalised before comparison.
    pub kind: FieldKind,
    /// Levels from the most to the least specific; the first one reached counts.
    pub levels: Vec<Level>,
    /// The level when both sides have a value and no level is reached.
    #[serde(rename = "else")]
    pub otherwise: Probabilities,
    /// Replace `u` of the `exact` level by the value's frequency, so that a common value (a
    /// common name) counts for less than a rare one.
    #[serde(default)]
    pub term_frequency: bool,
    /// Value frequencies for the adjustment outside a bulk run (filled by training).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequencies: Option<Frequencies>,
}

/// How a field's values are normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// Canonical email (compared exactly, never fuzzily).
    Email,
    /// E.164 phone number.
    Phone,
    /// A person's name or part of one: case, diacritics and punctuation folded.
    Name,
    /// Free text: trimmed and case-folded.
    Text,
    /// Already a key (identities, handles): as extracted.
    Key,
    /// A `YYYY-MM-DD` date (longer ISO 8601 timestamps are cut to the date).
    Date,
    /// A number.
    Number,
}

/// One comparison level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Level {
    /// The comparison.
    pub comparator: Comparator,
    /// `jaroWinkler`: minimum similarity; `levenshtein`: maximum edits; `date`: maximum days
    /// apart; `numeric`: maximum absolute difference. Unused by the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// P(level | same person).
    pub m: f64,
    /// P(level | different people).
    pub u: f64,
}

/// The comparisons a level can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Comparator {
    /// Equal after normalisation.
    Exact,
    /// Jaro-Winkler similarity ≥ threshold.
    JaroWinkler,
    /// Levenshtein distance ≤ threshold.
    Levenshtein,
    /// Same Soundex code.
    Phonetic,
    /// Dates at most threshold days apart.
    Date,
    /// The same date with day and month swapped.
    DayMonthSwap,
    /// Numbers at most threshold apart.
    Numeric,
}

/// `m` and `u` of the `else` level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probabilities {
    /// P(level | same person).
    pub m: f64,
    /// P(level | different people).
    pub u: f64,
}

/// Term frequencies of a field's most common values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frequencies {
    /// The frequency used for a value not listed (the smallest listed one).
    pub floor: f64,
    /// Normalised value → share of all values of the field.
    pub values: BTreeMap<String, f64>,
}

/// A blocking rule: contacts that share a key built from these parts are compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlockingRule {
    /// Prefix of the keys (`email`, `name`, …); unique among the rules.
    pub name: String,
    /// Fields (by name) and how each enters the key; all must have a value.
    pub parts: Vec<KeyPart>,
}

/// One part of a blocking key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPart {
    /// The field's `name`.
    pub field: String,
    /// How the value enters the key.
    #[serde(default)]
    pub transform: KeyTransform,
}

/// How a value enters a blocking key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyTransform {
    /// The normalised value.
    #[default]
    Exact,
    /// Its Soundex code.
    Phonetic,
    /// Its first character.
    Initial,
}

fn level(comparator: Comparator, threshold: Option<f64>, m: f64, u: f64) -> Level {
    Level {
        comparator,
        threshold,
        m,
        u,
    }
}

fn field(name: &str, path: &str, kind: FieldKind, levels: Vec<Level>, m: f64, u: f64) -> FieldRule {
    FieldRule {
        name: name.into(),
        path: path.into(),
        kind,
        levels,
        otherwise: Probabilities { m, u },
        term_frequency: false,
        frequencies: None,
    }
}

fn block(name: &str, parts: &[(&str, KeyTransform)]) -> BlockingRule {
    BlockingRule {
        name: name.into(),
        parts: parts
            .iter()
            .map(|(field, transform)| KeyPart {
                field: (*field).into(),
                transform: *transform,
            })
            .collect(),
    }
}

impl Default for Rules {
    /// Starting values for the canonical Contact, meant to be refined by `trainRules`:
    /// identifiers (identities, emails, phones, handles) are strong evidence when equal; names
    /// count by their frequency; a birth date in `custom.birthDate` counts when present.
    fn default() -> Self {
        use Comparator::*;
        use FieldKind::*;
        use KeyTransform::{Exact as Same, Phonetic as Sounds};
        let mut given = field(
            "givenName",
            "/name/given",
            Name,
            vec![
                level(Exact, None, 0.8, 0.01),
                level(JaroWinkler, Some(0.92), 0.08, 0.002),
                level(Phonetic, None, 0.04, 0.01),
            ],
            0.08,
            0.978,
        );
        given.term_frequency = true;
        let mut family = field(
            "familyName",
            "/name/family",
            Name,
            vec![
                level(Exact, None, 0.8, 0.005),
                level(JaroWinkler, Some(0.92), 0.08, 0.001),
                level(Phonetic, None, 0.04, 0.005),
            ],
            0.08,
            0.989,
        );
        family.term_frequency = true;
        Rules {
            fields: vec![
                field(
                    "identity",
                    "/identities",
                    Key,
                    vec![level(Exact, None, 0.1, 1e-8)],
                    0.9,
                    1.0,
                ),
                field(
                    "email",
                    "/emails",
                    Email,
                    vec![level(Exact, None, 0.7, 1e-6)],
                    0.3,
                    1.0,
                ),
                field(
                    "phone",
                    "/phones",
                    Phone,
                    vec![
                        level(Exact, None, 0.7, 1e-6),
                        level(Levenshtein, Some(1.0), 0.1, 1e-5),
                    ],
                    0.2,
                    1.0,
                ),
                field(
                    "handle",
                    "/handles",
                    Key,
                    vec![level(Exact, None, 0.3, 1e-7)],
                    0.7,
                    1.0,
                ),
                given,
                family,
                field(
                    "birthDate",
                    "/custom/birthDate",
                    FieldKind::Date,
                    vec![
                        level(Exact, None, 0.85, 1e-4),
                        level(DayMonthSwap, None, 0.03, 1e-5),
                        level(Comparator::Date, Some(31.0), 0.04, 2e-3),
                    ],
                    0.08,
                    0.998,
                ),
                field(
                    "company",
                    "/company",
                    Text,
                    vec![
                        level(Exact, None, 0.5, 0.01),
                        level(JaroWinkler, Some(0.9), 0.1, 0.005),
                    ],
                    0.4,
                    0.985,
                ),
            ],
            blocking: vec![
                block("id", &[("identity", Same)]),
                block("email", &[("email", Same)]),
                block("phone", &[("phone", Same)]),
                block("handle", &[("handle", Same)]),
                block("name", &[("givenName", Same), ("familyName", Same)]),
                block("sound", &[("givenName", Sounds), ("familyName", Sounds)]),
                block("familyBorn", &[("familyName", Same), ("birthDate", Same)]),
                block("givenBorn", &[("givenName", Same), ("birthDate", Same)]),
            ],
            prior: 1e-6,
            thresholds: Thresholds {
                matched: 0.9,
                possible: 0.5,
                conflict: default_conflict(),
            },
            max_block_size: 30,
            max_cluster_size: 100,
            default_region: None,
        }
    }
}

fn rules_error(path: String, problem: &str) -> Error {
    Error::IdentityRules {
        path,
        problem: problem.to_owned(),
    }
}

fn probability(value: f64, path: String) -> Result<(), Error> {
    if value.is_finite() && value > 0.0 && value <= 1.0 {
        Ok(())
    } else {
        Err(rules_error(path, "expected a probability in (0, 1]"))
    }
}

impl Rules {
    /// Parses rules from JSON, naming the offending place on error.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let rules: Rules = serde_json::from_str(json).map_err(|err| Error::IdentityRules {
            path: String::new(),
            problem: err.to_string(),
        })?;
        rules.validate()?;
        Ok(rules)
    }

    /// Checks what the types cannot: probabilities in range, thresholds where a level needs
    /// one, known paths, blocking parts naming fields, unique names.
    pub fn validate(&self) -> Result<(), Error> {
        probability(self.prior, "/prior".into())?;
        let t = self.thresholds;
        if t.conflict.is_nan() {
            return Err(rules_error(
                "/thresholds/conflict".into(),
                "expected a number",
            ));
        }
        let ordered = t.possible.is_finite()
            && t.matched.is_finite()
            && (0.0..=1.0).contains(&t.possible)
            && (t.possible..=1.0).contains(&t.matched);
        if !ordered {
            return Err(rules_error(
                "/thresholds".into(),
                "expected 0 ≤ possible ≤ match ≤ 1",
            ));
        }
        if self.blocking.len() > 32 {
            return Err(rules_error("/blocking".into(), "at most 32 blocking rules"));
        }
        if self.max_block_size < 2 {
            return Err(rules_error("/maxBlockSize".into(), "expected at least 2"));
        }
        if self.max_cluster_size < 2 {
            return Err(rules_error("/maxClusterSize".into(), "expected at least 2"));
        }
        for (i, f) in self.fields.iter().enumerate() {
            let at = |rest: &str| format!("/fields/{i}{rest}");
            if self.fields.iter().take(i).any(|g| g.name == f.name) {
                return Err(rules_error(at("/name"), "field names must be unique"));
            }
            crate::identity::prepare::Extract::from_path(&f.path)
                .ok_or_else(|| rules_error(at("/path"), "not a path into the contact: use /emails, /phones, /identities, /handles, /name/full, /name/given, /name/family, /company, /title, /locale, /timezone or /custom/<key>"))?;
            for (j, l) in f.levels.iter().enumerate() {
                probability(l.m, at(&format!("/levels/{j}/m")))?;
                probability(l.u, at(&format!("/levels/{j}/u")))?;
                let needs = matches!(
                    l.comparator,
                    Comparator::JaroWinkler
                        | Comparator::Levenshtein
                        | Comparator::Date
                        | Comparator::Numeric
                );
                if needs && !l.threshold.is_some_and(f64::is_finite) {
                    return Err(rules_error(
                        at(&format!("/levels/{j}/threshold")),
                        "this comparator needs a finite threshold",
                    ));
                }
            }
            probability(f.otherwise.m, at("/else/m"))?;
            probability(f.otherwise.u, at("/else/u"))?;
        }
        for (i, b) in self.blocking.iter().enumerate() {
            if self.blocking.iter().take(i).any(|c| c.name == b.name) {
                return Err(rules_error(
                    format!("/blocking/{i}/name"),
                    "blocking rule names must be unique",
                ));
            }
            if b.parts.is_empty() {
                return Err(rules_error(
                    format!("/blocking/{i}/parts"),
                    "a blocking rule needs at least one part",
                ));
            }
            for (j, p) in b.parts.iter().enumerate() {
                if !self.fields.iter().any(|f| f.name == p.field) {
                    return Err(rules_error(
                        format!("/blocking/{i}/parts/{j}/field"),
                        "names no field of `fields`",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The index of the field called `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validate_and_round_trip_through_json() {
        let rules = Rules::default();
        rules.validate().unwrap();
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(Rules::from_json(&json).unwrap(), rules);
        assert!(json.contains("\"else\""));
        assert!(json.contains("\"match\":0.9"));
    }

    #[test]
    fn bad_rules_name_the_place_to_fix() {
        let mut rules = Rules::default();
        rules.fields[1].levels[0].u = 0.0;
        let err = rules.validate().unwrap_err();
        assert_eq!(err.code(), "ERR_IDENTITY_RULES");
        assert_eq!(err.path().as_deref(), Some("/rules/fields/1/levels/0/u"));

        let mut rules = Rules::default();
        rules.fields[0].path = "/nope".into();
        assert_eq!(
            rules.validate().unwrap_err().path().as_deref(),
            Some("/rules/fields/0/path")
        );

        let mut rules = Rules::default();
        rules.blocking[0].parts[0].field = "missing".into();
        assert_eq!(
            rules.validate().unwrap_err().path().as_deref(),
            Some("/rules/blocking/0/parts/0/field")
        );

        let err = Rules::from_json("{\"fields\": 3}").unwrap_err();
        assert_eq!(err.code(), "ERR_IDENTITY_RULES");
    }
}
