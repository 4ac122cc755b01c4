// Runs the mapping vectors (tests/vectors/mapping/*.json) through the package API; shared by
// the Node test and the workerd worker. Returns one line per failure, so an empty list passes.
const same = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

export function runMappingVectors(api, { transforms, engine, problems }) {
  const failures = [];
  const fail = (name, what) => failures.push(`${name}: ${what}`);
  for (const c of transforms.cases) {
    const spec = { version: 1, name: "t", records: [{ id: "r", record: "contact", fields: { "custom.out": c.rule } }] };
    const mapping = api.compileMapping(spec);
    // The raw-text fast path, as a host passes the body it received.
    const text = c.bodyText ?? JSON.stringify(c.body);
    const out = mapping.map(text);
    const got = out.records[0]?.custom?.out;
    if (!same(got, c.out)) fail(c.name, `out ${JSON.stringify(got)} != ${JSON.stringify(c.out)}`);
    const codes = out.warnings.map((w) => w.code);
    if (!same(codes, c.warnings ?? [])) fail(c.name, `warnings ${codes}`);
    const preview = mapping.preview(new TextEncoder().encode(text));
    const empty = preview.trace[0]?.fields[0]?.empty;
    if (empty !== c.empty) fail(c.name, `empty ${empty} != ${c.empty}`);
    mapping.free();
  }
  for (const c of engine.cases) {
    const mapping = api.compileMapping(c.spec);
    // Objects as callers may pass them; raw text where the digits matter.
    const body = c.bodyText ?? c.body;
    const out = mapping.map(body);
    if (!same(out.records, c.records)) fail(c.name, `records ${JSON.stringify(out.records)}`);
    const want = c.warnings ?? [];
    if (out.warnings.length !== want.length) fail(c.name, `warnings ${JSON.stringify(out.warnings)}`);
    want.forEach((w, i) => {
      for (const k of Object.keys(w)) if (out.warnings[i]?.[k] !== w[k]) fail(c.name, `warning ${i} ${k}`);
    });
    const preview = mapping.preview(body);
    for (const t of c.trace ?? []) {
      const entry = preview.trace.find((e) => e.rule === t.rule && e.item === t.item);
      if (!entry) {
        fail(c.name, `no trace for ${t.rule} ${t.item}`);
        continue;
      }
      if (entry.skipped !== t.skipped) fail(c.name, `skipped ${entry.skipped}`);
      for (const [target, reason] of Object.entries(t.fields ?? {})) {
        const field = entry.fields.find((f) => f.target === target);
        if (field?.empty !== reason) fail(c.name, `${target} empty ${field?.empty}`);
      }
    }
  }
  for (const c of problems.cases) {
    const got = api.validateMapping(c.spec);
    if (got.length !== c.problems.length) fail(c.name, `problems ${JSON.stringify(got)}`);
    c.problems.forEach((w, i) => {
      for (const k of Object.keys(w)) if (got[i]?.[k] !== w[k]) fail(c.name, `problem ${i} ${k}: ${got[i]?.[k]}`);
    });
    try {
      api.compileMapping(c.spec);
      fail(c.name, "compileMapping did not throw");
    } catch (err) {
      if (!(err instanceof api.SocialCrmError) || err.code !== c.problems[0].code || err.path !== c.problems[0].path) {
        fail(c.name, `threw ${err?.code} ${err?.path}`);
      }
    }
  }
  return failures;
}
