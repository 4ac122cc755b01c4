use social_crm_bridge::mapping::{no_mappings, Mapping};
fn main() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../benches/fixtures/whatsapp-mapping.json")).unwrap();
    let body = include_bytes!("../benches/fixtures/whatsapp-delivery.json");
    let mapping = Mapping::compile(&spec, &no_mappings).unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut total = 0;
    for _ in 0..n {
        total += mapping.map_json(std::hint::black_box(body)).unwrap().len();
    }
    println!("{total}");
}
