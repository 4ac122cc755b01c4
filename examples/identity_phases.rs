//! Times the phases of a bulk dedupe natively: `cargo run --release --example identity_phases -- FILE`.
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
    Ok(())
}
