//! A compiled rule set: rules validated once, paths resolved, term-frequency tables built, so
//! the per-delivery calls (`matchKeys`, `compareContacts`) do no set-up work.

use super::blocking::candidate_pairs;
use super::dedupe::{dedupe, Dedupe};
use super::input::read;
use super::keys::match_keys;
use super::prepare::{Prepared, Preparer};
use super::rules::Rules;
use super::score::{compare, Comparison, TermFrequencies};
use super::train::{train, TrainOptions};
use crate::error::Error;
use crate::records::Contact;

/// Rules ready to use.
#[derive(Debug, Clone)]
pub struct Matcher {
    rules: Rules,
    preparer: Preparer,
    tf: TermFrequencies,
}

impl Matcher {
    /// Validates and compiles `rules`.
    pub fn new(rules: Rules) -> Result<Self, Error> {
        rules.validate()?;
        Ok(Matcher {
            preparer: Preparer::new(&rules),
            tf: TermFrequencies::from_rules(&rules),
            rules,
        })
    }

    /// The rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// A contact's normalised field values.
    pub fn prepare(&self, contact: &Contact) -> Prepared {
        self.preparer.prepare(contact)
    }

    /// The blocking keys of a contact.
    pub fn match_keys(&self, contact: &Contact) -> Vec<String> {
        match_keys(&self.rules, &self.prepare(contact))
    }

    /// Compares two contacts with evidence.
    pub fn compare(&self, a: &Contact, b: &Contact) -> Comparison {
        compare(&self.rules, &self.tf, &self.prepare(a), &self.prepare(b))
    }

    /// Reads contacts (JSON array or NDJSON bytes) into prepared rows.
    pub fn read(&self, bytes: &[u8]) -> Result<Vec<Prepared>, Error> {
        read(bytes, &self.preparer)
    }

    /// Rules with `m`, `u`, prior and frequencies estimated from the contacts.
    pub fn train(&self, rows: &[Prepared], options: TrainOptions) -> Rules {
        let (pairs, _) = candidate_pairs(&self.rules, rows);
        let tf = TermFrequencies::from_data(&self.rules, rows);
        train(&self.rules, rows, &pairs, &tf, options)
    }

    /// Clusters the contacts, first training the rules on them when `training` is given
    /// (blocking runs once for both: training changes no blocking setting). Returns the
    /// trained rules too.
    pub fn dedupe(
        &self,
        rows: &[Prepared],
        training: Option<TrainOptions>,
    ) -> Result<(Dedupe, Option<Rules>), Error> {
        let (pairs, blocking) = candidate_pairs(&self.rules, rows);
        // Counted once: training changes no field's term-frequency setting.
        let tf = TermFrequencies::from_data(&self.rules, rows);
        match training {
            None => Ok((dedupe(&self.rules, rows, &pairs, blocking, &tf)?, None)),
            Some(options) => {
                let trained = train(&self.rules, rows, &pairs, &tf, options);
                trained.validate()?;
                let result = dedupe(&trained, rows, &pairs, blocking, &tf)?;
                Ok((result, Some(trained)))
            }
        }
    }
}
