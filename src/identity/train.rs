//! Estimating `m` and `u` without labels, the way Splink does: `u` from random pairs (almost
//! all of which are different people), `m` by expectation–maximisation on the pairs each
//! blocking rule selects, leaving out the fields that rule blocks on (they agree by
//! construction); the prior from the expected number of matches among all candidate pairs.
//! Sampling is seeded, so the same contacts and options give the same rules.

use super::blocking::Pair;
use super::fast_hash::FastBuild;
use super::prepare::Prepared;
use super::rules::Comparator;
use super::rules::{Frequencies, Rules};
use super::score::{outcome, value_hash, Outcome, TermFrequencies};
use serde::Deserialize;
use std::collections::HashMap;

/// Training options (all optional in JSON).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TrainOptions {
    /// Random pairs drawn to estimate `u`.
    pub random_pairs: usize,
    /// Pairs per blocking rule used for EM (25,000: 200,000 over the eight default rules,
    /// plenty for a few dozen probabilities; 200,000 per rule took twice as long to train).
    pub pairs_per_rule: usize,
    /// EM iterations per rule.
    pub iterations: usize,
    /// The sampling seed.
    pub seed: u64,
    /// Most common values kept per term-frequency field for single comparisons.
    pub frequencies: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            random_pairs: 300_000,
            pairs_per_rule: 25_000,
            iterations: 20,
            seed: 1,
            frequencies: 2000,
        }
    }
}

/// SplitMix64: a small, well-mixed, seedable generator (sampling only, never secrets).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n as u64).max(1)) as usize
    }
}

/// Outcome slot of a field: `levels.len()` stands for `else`, `None` for null.
fn slot(rules: &Rules, field: usize, a: &Prepared, b: &Prepared) -> Option<usize> {
    let rule = rules.fields.get(field)?;
    let o = outcome(rule, a.field(field), b.field(field));
    match o {
        Outcome::Null => None,
        Outcome::Level { index, .. } => Some(index),
        Outcome::Else => Some(rule.levels.len()),
    }
}

/// How many random pairs the rules' own `u` counts for when smoothing the estimate.
const PRIOR_PAIRS: f64 = 10_000.0;

fn clamp(p: f64) -> f64 {
    p.clamp(1e-9, 1.0)
}

/// u from the outcome counts of random pairs, after taking out the share `prior` of them
/// expected to be matches (at 1M contacts that share is close to the true u of an email or a
/// phone, so uncorrected counts would halve their Bayes factors many times over), smoothed
/// towards the starting rules' u with the weight of PRIOR_PAIRS pairs, so a level never seen
/// at random keeps a small non-zero u and a small data set cannot swing the estimates far.
fn set_u(out: &mut Rules, start: &Rules, counts: &[Vec<f64>], prior: f64) {
    for ((rule, first), c) in out.fields.iter_mut().zip(&start.fields).zip(counts) {
        let seen: f64 = c.iter().sum();
        let matches = prior * seen;
        let total = seen - matches + PRIOR_PAIRS;
        let m = rule.levels.iter().map(|l| l.m).chain([rule.otherwise.m]);
        let u0 = first.levels.iter().map(|l| l.u).chain([first.otherwise.u]);
        let us: Vec<f64> = c
            .iter()
            .zip(m)
            .zip(u0)
            .map(|((n, m), u0)| clamp(((n - matches * m).max(0.0) + PRIOR_PAIRS * u0) / total))
            .collect();
        for (level, u) in rule.levels.iter_mut().zip(&us) {
            level.u = *u;
        }
        if let Some(u) = us.last() {
            rule.otherwise.u = *u;
        }
    }
}

/// u of each field's first level when it is `exact`, from every pair of the data set rather
/// than a sample: the share of pairs that share a value is `Σ c(c − 1) / (n(n − 1))` over
/// the values' counts `c` among the `n` contacts with the field. Random pairs cannot see an
/// agreement rarer than about one in their number (300,000), which capped an exact email's
/// Bayes factor far below what a million distinct mailboxes give it. As in [`set_u`], the
/// expected matches (`prior · m`) are taken out and the estimate is smoothed towards the
/// starting rules' u with the weight of PRIOR_PAIRS pairs.
fn exact_u_from_counts(out: &mut Rules, start: &Rules, rows: &[Prepared], prior: f64) {
    for (f, (rule, first)) in out.fields.iter_mut().zip(&start.fields).enumerate() {
        let (Some(level), Some(u0)) = (rule.levels.first_mut(), first.levels.first()) else {
            continue;
        };
        if level.comparator != Comparator::Exact {
            continue;
        }
        let mut counts: HashMap<u64, f64, FastBuild> = HashMap::default();
        let mut n = 0.0f64;
        for row in rows {
            let values = row.field(f);
            if values.is_empty() {
                continue;
            }
            n += 1.0;
            for v in values {
                *counts.entry(value_hash(v)).or_insert(0.0) += 1.0;
            }
        }
        if n < 2.0 {
            continue;
        }
        let pairs = n * (n - 1.0) / 2.0;
        let agreeing: f64 = counts.values().map(|c| c * (c - 1.0) / 2.0).sum();
        let matches = prior * pairs;
        level.u = clamp(
            ((agreeing - matches * level.m).max(0.0) + PRIOR_PAIRS * u0.u)
                / (pairs - matches + PRIOR_PAIRS),
        );
    }
}

/// The prior: EM on the share of matches among (a sample of) the candidate pairs with the
/// Bayes factors fixed, scaled to all pairs of the `n` usable contacts.
fn estimate_prior(
    out: &Rules,
    rows: &[Prepared],
    pairs: &[Pair],
    tf: &TermFrequencies,
    options: &TrainOptions,
    n: f64,
) -> f64 {
    if pairs.is_empty() {
        return out.prior;
    }
    let prior = super::score::prior_weight(out);
    let step = (pairs.len() / options.pairs_per_rule.max(1)).max(1);
    let base: Vec<f64> = pairs
        .iter()
        .step_by(step)
        .filter_map(|p| Some((rows.get(p.0 as usize)?, rows.get(p.1 as usize)?)))
        .map(|(a, b)| super::score::total_weight(out, tf, a, b) - prior)
        .collect();
    let mut share = 0.5f64;
    for _ in 0..50 {
        let odds = (share / (1.0 - share)).log2();
        let mean = base
            .iter()
            .map(|w| super::score::probability(w + odds))
            .sum::<f64>()
            / base.len().max(1) as f64;
        share = mean.clamp(1e-9, 1.0 - 1e-9);
    }
    let all = n * (n - 1.0) / 2.0;
    clamp(share * pairs.len() as f64 / all)
}

/// The rules with `m`, `u`, the prior and term-frequency tables estimated from `rows`.
/// `pairs` are the candidate pairs of `rows` under `rules` ([`super::blocking::candidate_pairs`]).
pub fn train(
    rules: &Rules,
    rows: &[Prepared],
    pairs: &[Pair],
    tf: &TermFrequencies,
    options: TrainOptions,
) -> Rules {
    let mut out = rules.clone();
    let usable: Vec<&Prepared> = rows.iter().filter(|r| !r.is_empty()).collect();
    if usable.len() < 2 {
        return out;
    }
    let mut rng = SplitMix(options.seed);
    let n_fields = rules.fields.len();

    // u: outcome shares among random pairs (corrected for the matches among them below,
    // once the prior is known).
    let mut counts: Vec<Vec<f64>> = rules
        .fields
        .iter()
        .map(|f| vec![0.0; f.levels.len() + 1])
        .collect();
    for _ in 0..options.random_pairs {
        let i = rng.below(usable.len());
        let j = rng.below(usable.len());
        if i == j {
            continue;
        }
        if let (Some(a), Some(b)) = (usable.get(i), usable.get(j)) {
            for (f, c) in counts.iter_mut().enumerate() {
                if let Some(s) = slot(rules, f, a, b).and_then(|s| c.get_mut(s)) {
                    *s += 1.0;
                }
            }
        }
    }
    set_u(&mut out, rules, &counts, 0.0);

    // m: EM per blocking rule on a sample of its pairs, fields it blocks on left out.
    let mut m_sum: Vec<Vec<f64>> = rules
        .fields
        .iter()
        .map(|f| vec![0.0; f.levels.len() + 1])
        .collect();
    let mut m_runs = vec![0usize; n_fields];
    let mut per_rule: Vec<Vec<(u32, u32)>> = vec![Vec::new(); rules.blocking.len()];
    let mut seen = vec![0usize; rules.blocking.len()];
    for &(i, j, mask) in pairs {
        // Reservoir sampling keeps each rule's sample uniform over its pairs.
        for (rule, (sample, count)) in per_rule.iter_mut().zip(seen.iter_mut()).enumerate() {
            if mask & (1u32 << rule.min(31)) == 0 {
                continue;
            }
            *count += 1;
            if sample.len() < options.pairs_per_rule {
                sample.push((i, j));
            } else {
                let r = rng.below(*count);
                if let Some(slot) = sample.get_mut(r) {
                    *slot = (i, j);
                }
            }
        }
    }
    for (block, sample) in rules.blocking.iter().zip(&per_rule) {
        let excluded: Vec<bool> = rules
            .fields
            .iter()
            .map(|f| block.parts.iter().any(|p| p.field == f.name))
            .collect();
        // EM only needs each distinct comparison vector and how often it occurs: a few
        // hundred patterns instead of the sampled pairs.
        let mut patterns: std::collections::HashMap<Vec<Option<usize>>, f64, FastBuild> =
            std::collections::HashMap::default();
        // One buffer for every pair's pattern; a pattern is copied only the first time it is
        // seen (there are a few hundred distinct ones among the sampled pairs).
        let mut v: Vec<Option<usize>> = Vec::with_capacity(n_fields);
        for (a, b) in sample
            .iter()
            .filter_map(|&(i, j)| Some((rows.get(i as usize)?, rows.get(j as usize)?)))
        {
            v.clear();
            v.extend((0..n_fields).map(|f| slot(rules, f, a, b)));
            match patterns.get_mut(v.as_slice()) {
                Some(count) => *count += 1.0,
                None => {
                    patterns.insert(v.clone(), 1.0);
                }
            }
        }
        let total_pairs: f64 = patterns.values().sum();
        let mut vectors: Vec<(Vec<Option<usize>>, f64)> = patterns.into_iter().collect();
        // A fixed order keeps the floating-point sums, and so the result, reproducible.
        vectors.sort_by(|a, b| a.0.cmp(&b.0));
        if total_pairs < 10.0 {
            continue;
        }
        let mut m: Vec<Vec<f64>> = out
            .fields
            .iter()
            .map(|f| {
                f.levels
                    .iter()
                    .map(|l| l.m)
                    .chain([f.otherwise.m])
                    .collect()
            })
            .collect();
        let u: Vec<Vec<f64>> = out
            .fields
            .iter()
            .map(|f| {
                f.levels
                    .iter()
                    .map(|l| l.u)
                    .chain([f.otherwise.u])
                    .collect()
            })
            .collect();
        let mut lambda = 0.3f64;
        let mut seen_fields = vec![false; n_fields];
        for _ in 0..options.iterations {
            let mut acc: Vec<Vec<f64>> = m.iter().map(|l| vec![0.0; l.len()]).collect();
            let mut p_sum = 0.0;
            for (v, count) in &vectors {
                let mut log_odds = (lambda / (1.0 - lambda)).ln();
                for (f, s) in v.iter().enumerate() {
                    if excluded.get(f).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(s) = s {
                        let mf = m.get(f).and_then(|x| x.get(*s)).copied().unwrap_or(1.0);
                        let uf = u.get(f).and_then(|x| x.get(*s)).copied().unwrap_or(1.0);
                        log_odds += (mf / uf).ln();
                    }
                }
                let p = count / (1.0 + (-log_odds).exp());
                p_sum += p;
                for (f, s) in v.iter().enumerate() {
                    if let (Some(s), Some(a)) = (s, acc.get_mut(f)) {
                        if let Some(x) = a.get_mut(*s) {
                            *x += p;
                        }
                        if let Some(seen) = seen_fields.get_mut(f) {
                            *seen = true;
                        }
                    }
                }
            }
            lambda = (p_sum / total_pairs).clamp(1e-6, 1.0 - 1e-6);
            for ((mf, a), ex) in m.iter_mut().zip(&acc).zip(&excluded) {
                let total: f64 = a.iter().sum();
                if *ex || total <= 0.0 {
                    continue;
                }
                for (x, y) in mf.iter_mut().zip(a) {
                    *x = clamp(y / total);
                }
            }
        }
        for f in 0..n_fields {
            let estimated = !excluded.get(f).copied().unwrap_or(true)
                && seen_fields.get(f).copied().unwrap_or(false);
            if let (true, Some(sum), Some(mf), Some(runs)) =
                (estimated, m_sum.get_mut(f), m.get(f), m_runs.get_mut(f))
            {
                sum.iter_mut().zip(mf).for_each(|(s, x)| *s += x);
                *runs += 1;
            }
        }
    }
    for ((rule, sum), runs) in out.fields.iter_mut().zip(&m_sum).zip(&m_runs) {
        if *runs == 0 {
            continue;
        }
        let runs = *runs as f64;
        for (level, s) in rule.levels.iter_mut().zip(sum) {
            level.m = clamp(s / runs);
        }
        if let Some(s) = sum.last() {
            rule.otherwise.m = clamp(s / runs);
        }
    }

    // The prior, then u once more without the matches the random pairs held (a share of
    // about the prior, agreeing as m says), then the prior again with the corrected u.
    let n = usable.len() as f64;
    out.prior = estimate_prior(&out, rows, pairs, tf, &options, n);
    let prior = out.prior;
    set_u(&mut out, rules, &counts, prior);
    exact_u_from_counts(&mut out, rules, rows, prior);
    out.prior = estimate_prior(&out, rows, pairs, tf, &options, n);

    for (i, rule) in out.fields.iter_mut().enumerate() {
        if !rule.term_frequency {
            continue;
        }
        rule.frequencies =
            tf.top(i, options.frequencies, rows)
                .map(|(values, floor)| Frequencies {
                    floor,
                    values: values.into_iter().collect(),
                });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u_leaves_out_the_matches_among_random_pairs() {
        let start = Rules::default();
        let email = start.field_index("email").unwrap();
        let mut out = start.clone();
        out.fields[email].levels[0].m = 0.9;
        // 1,000,000 random pairs with an email on both sides, 10 agreeing: with a prior of
        // 1e-5, about 9 of those are the same person, so u is about 1e-6, not 1e-5.
        let mut counts: Vec<Vec<f64>> = start
            .fields
            .iter()
            .map(|f| vec![0.0; f.levels.len() + 1])
            .collect();
        counts[email] = vec![10.0, 999_990.0];
        set_u(&mut out, &start, &counts, 0.0);
        let raw = out.fields[email].levels[0].u;
        set_u(&mut out, &start, &counts, 1e-5);
        let corrected = out.fields[email].levels[0].u;
        assert!((raw - 1.0e-5).abs() < 1e-6, "raw {raw}");
        assert!((corrected - 1.0e-6).abs() < 2e-7, "corrected {corrected}");
        // Never below the smoothing's floor, even when the prior explains every agreement.
        set_u(&mut out, &start, &counts, 1e-3);
        assert!(out.fields[email].levels[0].u > 0.0);
    }

    #[test]
    fn exact_u_counts_every_pair() {
        // 2,000 contacts, each mailbox held by two of them (the same person): every agreeing
        // pair is a match, so once the matches are taken out u is only the smoothing's.
        let start = Rules::default();
        let email = start.field_index("email").unwrap();
        let preparer = super::super::prepare::Preparer::new(&start);
        let rows: Vec<Prepared> = (0..2000)
            .map(|i| {
                let c: crate::records::Contact = serde_json::from_value(serde_json::json!({
                    "emails": [format!("person{}@mail.org", i / 2)]
                }))
                .unwrap();
                preparer.prepare(&c)
            })
            .collect();
        let pairs = 2000.0 * 1999.0 / 2.0;
        let mut out = start.clone();
        out.fields[email].levels[0].m = 1.0;
        exact_u_from_counts(&mut out, &start, &rows, 0.0);
        let raw = out.fields[email].levels[0].u;
        assert!((raw - 1000.0 / pairs).abs() < 1e-5, "raw {raw}");
        exact_u_from_counts(&mut out, &start, &rows, 1000.0 / pairs);
        let corrected = out.fields[email].levels[0].u;
        assert!(corrected < 1e-8, "corrected {corrected}");
    }
}
