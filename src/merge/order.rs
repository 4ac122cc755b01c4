//! The canonical order of a set of observations, on which every decision rests: the same set
//! in any arrival order gives the same positions, so the golden record is byte-identical.

use super::observation::Observation;
use super::policy::MergePolicy;
use std::cmp::Ordering;

/// Sorts `items` stably by `cmp`. Every sort of the merge goes through this one function:
/// each `sort_by` with its own closure instantiates the standard sort anew, about 7 KiB of
/// wasm apiece, while this instantiates it once (over indices) behind a `dyn` comparator.
pub(crate) fn sort_with<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..n).collect();
    indices.sort_by(|&a, &b| cmp(a, b));
    indices
}

/// The observations of one merge, deduplicated and ranked.
pub(crate) struct Ordered {
    /// Distinct observations, earliest first (see [`Ordered::new`]).
    pub obs: Vec<Observation>,
    /// Position of each observation in the tie-breaking order, best (0) first: later event
    /// time, then higher source priority, then source name, then event id, then canonical form.
    pub best: Vec<usize>,
}

impl Ordered {
    /// Drops exact repeats (same canonical form: idempotence) and sorts the rest earliest
    /// first: event time, source priority, source, event id, canonical form.
    #[inline(never)]
    pub fn new(observations: Vec<Observation>, policy: &MergePolicy) -> Self {
        let rank_of = |source: &str| {
            policy
                .source_priority
                .iter()
                .position(|s| s == source)
                .unwrap_or(policy.source_priority.len())
        };
        let mut keyed: Vec<(usize, String, Observation)> = observations
            .into_iter()
            .map(|o| (rank_of(&o.source), o.canonical(), o))
            .collect();
        sort_with(&mut keyed, &|a, b| {
            a.2.event_time_ms
                .cmp(&b.2.event_time_ms)
                .then(a.0.cmp(&b.0))
                .then_with(|| a.2.source.cmp(&b.2.source))
                .then_with(|| a.2.event_id.cmp(&b.2.event_id))
                .then_with(|| a.1.cmp(&b.1))
        });
        keyed.dedup_by(|a, b| a.1 == b.1);
        let mut indices: Vec<usize> = (0..keyed.len()).collect();
        let cmp_best = |&a: &usize, &b: &usize| -> Ordering {
            match (keyed.get(a), keyed.get(b)) {
                (Some(x), Some(y)) => {
                    y.2.event_time_ms
                        .cmp(&x.2.event_time_ms)
                        .then(x.0.cmp(&y.0))
                        .then_with(|| x.2.source.cmp(&y.2.source))
                        .then_with(|| x.2.event_id.cmp(&y.2.event_id))
                        .then_with(|| x.1.cmp(&y.1))
                }
                _ => Ordering::Equal,
            }
        };
        sort_with(&mut indices, &cmp_best);
        let mut best = vec![0; keyed.len()];
        for (position, &index) in indices.iter().enumerate() {
            if let Some(slot) = best.get_mut(index) {
                *slot = position;
            }
        }
        Ordered {
            obs: keyed.into_iter().map(|k| k.2).collect(),
            best,
        }
    }

    /// The observation at `i` (always present for indices this type hands out).
    pub fn get(&self, i: usize) -> Option<&Observation> {
        self.obs.get(i)
    }

    /// The tie-breaking position of observation `i` (0 is best).
    pub fn best_pos(&self, i: usize) -> usize {
        self.best.get(i).copied().unwrap_or(usize::MAX)
    }
}
