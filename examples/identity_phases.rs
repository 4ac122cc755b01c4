//! Times the phases of a bulk dedupe natively: `cargo run --release --example identity_phases --
//! FILE [LABELS]`. With the bench's `FILE.labels` (Int32 person per line, little-endian) it
//! also prints pairwise precision, recall and F1, so quality can be checked without a wasm build.
//! With `PHASES_PER_FIELD=1` it first times JSON parsing alone and each field's normalisation
//! alone (where reading spends its time).
use social_crm_bridge::identity::{blocking, dedupe, train, Matcher, Rules};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: identity_phases FILE.ndjson")?;
    let bytes = std::fs::read(path)?;
    let rules = Rules {
        default_region: Some("US".into()),
        ..Rules::default()
    };
    let matcher = Matcher::new(rules.clone())?;
    if std::env::var("PHASES_PER_FIELD").is_ok() {
        let t = Instant::now();
        let mut n = 0usize;
        for c in serde_json::Deserializer::from_slice(&bytes)
            .into_iter::<social_crm_bridge::records::Contact>()
        {
            n += c?.emails.len();
        }
        println!("parse only: {:?} {n}", t.elapsed());
        let contacts: Vec<social_crm_bridge::records::Contact> =
            serde_json::Deserializer::from_slice(&bytes)
                .into_iter()
                .collect::<Result<_, _>>()?;
        for f in &rules.fields {
            let mut one = rules.clone();
            one.fields = vec![f.clone()];
            let p = social_crm_bridge::identity::prepare::Preparer::new(&one);
            let t = Instant::now();
            let mut n = 0;
            for c in &contacts {
                n += p.prepare(c).field(0).len();
            }
            println!("  {}: {:?} {n}", f.name, t.elapsed());
        }
    }
    let t = Instant::now();
    let rows = matcher.read(&bytes)?;
    println!("read {} rows: {:?}", rows.len(), t.elapsed());
    let t = Instant::now();
    let (pairs, found) = blocking::candidate_pairs(&rules, &rows);
    println!(
        "blocking: {} pairs, {} oversized: {:?}",
        pairs.len(),
        found.oversized.len(),
        t.elapsed()
    );
    let found = found.clone();
    let t = Instant::now();
    let tf = social_crm_bridge::identity::score::TermFrequencies::from_data(&rules, &rows);
    let trained = train::train(&rules, &rows, &pairs, &tf, train::TrainOptions::default());
    println!("train: {:?} prior {}", t.elapsed(), trained.prior);
    let t = Instant::now();
    let result = dedupe::dedupe(&trained, &rows, &pairs, found, &tf)?;
    println!("dedupe: {:?} {:?}", t.elapsed(), result.stats);
    if let Some(labels) = std::env::args().nth(2) {
        let labels: Vec<i32> = std::fs::read(labels)?
            .chunks_exact(4)
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        quality(&result.clusters, &labels);
    }
    Ok(())
}

/// Pairwise precision, recall and F1 of clusters of `c<line>` ids against the labels.
fn quality(clusters: &[Vec<String>], labels: &[i32]) {
    use std::collections::HashMap;
    let pairs = |k: u64| k * k.saturating_sub(1) / 2;
    let (mut predicted, mut correct) = (0u64, 0u64);
    for members in clusters {
        predicted += pairs(members.len() as u64);
        let mut by_label: HashMap<i32, u64> = HashMap::new();
        for id in members {
            let line: usize = id.trim_start_matches('c').parse().unwrap_or(0);
            *by_label.entry(labels[line]).or_default() += 1;
        }
        correct += by_label.values().map(|&k| pairs(k)).sum::<u64>();
    }
    let mut sizes: HashMap<i32, u64> = HashMap::new();
    for l in labels {
        *sizes.entry(*l).or_default() += 1;
    }
    let truth: u64 = sizes.values().map(|&k| pairs(k)).sum();
    let p = correct as f64 / predicted.max(1) as f64;
    let r = correct as f64 / truth.max(1) as f64;
    println!("quality: P {p:.4} R {r:.4} F1 {:.4}", 2.0 * p * r / (p + r));
}
