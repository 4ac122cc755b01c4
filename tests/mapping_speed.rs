//! Native timing of the mapping benchmark's work (benches/mapping.mjs), split into its parts:
//! parsing the body, evaluating the spec, writing the records as JSON text (a reference: the
//! JS API gets a tape), and the whole `map_tape` call. Ignored by default
//! (timings need `--release` and a quiet machine):
//!
//!   cargo test --release --test mapping_speed -- --ignored --nocapture

use social_crm_bridge::jsondoc::Doc;
use social_crm_bridge::mapping::{no_mappings, Mapping};
use std::hint::black_box;
use std::time::Instant;

/// Median µs per call of `f` over `rounds` rounds of `n` calls.
fn time<R>(n: u32, rounds: usize, mut f: impl FnMut() -> R) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                black_box(f());
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[rounds / 2]
}

#[test]
#[ignore = "timing: run with --release --ignored --nocapture"]
fn whatsapp_bench_parts() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../benches/fixtures/whatsapp-mapping.json")).unwrap();
    let body = include_bytes!("../benches/fixtures/whatsapp-delivery.json");
    let mapping = Mapping::compile(&spec, &no_mappings).unwrap();
    let parsed = Doc::parse(body).unwrap();
    let root = parsed.root().unwrap();
    let out = mapping.map_node(root);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.records.len(), 2);

    // MAPPING_SPEED_N calls a round (default 20000), e.g. fewer under valgrind.
    let n = std::env::var("MAPPING_SPEED_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    // Evaluation into `Value` records (the Rust API), dropping them included.
    let eval = time(n, 9, || mapping.map_node(black_box(root)));
    // MAPPING_SPEED_EVAL_ONLY stops here (to count the evaluation's allocations alone).
    if std::env::var_os("MAPPING_SPEED_EVAL_ONLY").is_some() {
        return;
    }
    let parse = time(n, 9, || Doc::parse(black_box(body)).unwrap());
    let write = time(n, 9, || serde_json::to_string(black_box(&out)).unwrap());
    let mut buf = social_crm_bridge::mapping::tape::TapeBuf::default();
    let whole = time(n, 9, || {
        mapping.map_tape(black_box(body), &mut buf).unwrap()
    });
    println!(
        "µs per delivery: parse {parse:.2}, evaluate {eval:.2}, write {write:.2}, whole (map_tape) {whole:.2}"
    );
}
