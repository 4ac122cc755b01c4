// `make bench` (second table): one ~2 KB WhatsApp delivery mapped into a contact and an
// interaction (17 target fields: name trim and split, E.164, ISO date, a lookup table, an
// identity object, reply context, ad referral), three ways, measured in one run:
//
//   ours        compileMapping(spec) once, then mapping.map(rawBodyText) per delivery
//   jsonata     the `jsonata` npm package: expression compiled once, JSON.parse + evaluate
//   hand-written JSON.parse + an object literal doing the same work in plain JS
//
// plus where our time goes: the core call alone (the body already in the core's body buffer,
// where the adapter's encodeInto writes it; a tape of the records left in wasm memory), and
// the adapter reading the records from that tape.
//
//   node benches/mapping.mjs [--pkg DIR] [--seconds S] [--rounds N] [--json]
//
// Method as in verify.mjs: outputs are checked to agree first, every contender is warmed up
// and sized to S / N seconds a round, rounds interleave the contenders (rotating the first),
// and each cell is the median of its N rounds, in µs per delivery.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const pkgDir = resolve(opt("--pkg", new URL("../pkg", import.meta.url).pathname));
const seconds = Number(opt("--seconds", "1"));
const rounds = Number(opt("--rounds", "7"));

const api = await import(pathToFileURL(`${pkgDir}/node.js`));
// The raw core (already initialised by node.js) and the adapter's tape reader, for the
// breakdown rows only.
const core = await import(pathToFileURL(`${pkgDir}/social_crm_bridge.js`));
const { readTape } = await import(pathToFileURL(`${pkgDir}/tape.js`));
const jsonata = (await import("jsonata")).default;
const jsonataVersion = JSON.parse(readFileSync(new URL("./node_modules/jsonata/package.json", import.meta.url), "utf8")).version;

const body = readFileSync(new URL("./fixtures/whatsapp-delivery.json", import.meta.url), "utf8");

const CHANNELS = { text: "whatsapp", interactive: "whatsapp", image: "whatsapp_media", audio: "whatsapp_media", video: "whatsapp_media", document: "whatsapp_media" };

// The spec (also read by the native timing in tests/mapping_speed.rs); its channel table is
// CHANNELS above, which the other two contenders use.
const spec = JSON.parse(readFileSync(new URL("./fixtures/whatsapp-mapping.json", import.meta.url), "utf8"));
assert.deepEqual(spec.records[1].fields.channel.pipe[0].map.table, CHANNELS);

const expression = jsonata(`
  entry.changes[field = "messages"].value.(
    $meta := metadata;
    $profile := contacts[0];
    messages.(
      $name := $trim($profile.profile.name);
      $parts := $split($name, " ");
      $identity := { "platform": "whatsapp", "scope": $meta.phone_number_id, "id": from };
      [
        {
          "identities": [$identity],
          "name": { "full": $name, "given": $join($parts[[0..$count($parts) - 2]], " "), "family": $parts[-1] },
          "phones": ["+" & $replace(from, /[^0-9]/, "")],
          "custom": { "waId": $profile.wa_id, "adId": referral.source_id, "adHeadline": referral.headline }
        },
        {
          "id": id,
          "platform": "whatsapp",
          "channel": ($c := $lookup($channels, type); $c ? $c : "whatsapp"),
          "direction": "inbound",
          "occurredAt": $fromMillis($number(timestamp) * 1000, "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]Z"),
          "text": text.body ? text.body : interactive.button_reply.title,
          "inReplyTo": context.id,
          "account": $meta.phone_number_id,
          "contact": $identity
        }
      ]
    )
  )
`);

function handWritten(text) {
  const delivery = JSON.parse(text);
  const records = [];
  for (const entry of delivery.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.field !== "messages") continue;
      const value = change.value;
      const account = value.metadata?.phone_number_id;
      const profile = value.contacts?.[0];
      for (const m of value.messages ?? []) {
        const name = profile?.profile?.name?.trim();
        const parts = name ? name.split(/\s+/) : [];
        const identity = { platform: "whatsapp", scope: account, id: m.from };
        records.push({
          identities: [identity],
          name: { full: name, given: parts.slice(0, -1).join(" "), family: parts.at(-1) },
          phones: ["+" + m.from.replace(/\D/g, "")],
          custom: { waId: profile?.wa_id, adId: m.referral?.source_id, adHeadline: m.referral?.headline },
        });
        records.push({
          id: m.id,
          platform: "whatsapp",
          channel: CHANNELS[m.type] ?? "whatsapp",
          direction: "inbound",
          occurredAt: new Date(Number(m.timestamp) * 1000).toISOString().replace(".000Z", "Z"),
          text: m.text?.body ?? m.interactive?.button_reply?.title,
          inReplyTo: m.context?.id,
          account,
          contact: identity,
        });
      }
    }
  }
  return records;
}

const mapping = api.compileMapping(spec);
const handle = core.compileMapping(JSON.stringify(spec));
const jsonataEval = (text) => expression.evaluate(JSON.parse(text), { channels: CHANNELS });

// The three agree on the records before anything is timed.
const ours = mapping.map(body);
assert.deepEqual(ours.warnings, []);
assert.deepEqual(ours.records, handWritten(body));
const viaJsonata = await jsonataEval(body);
assert.deepEqual(JSON.parse(JSON.stringify(viaJsonata)), ours.records);
const fields = ours.records.reduce(function count(n, v) {
  return n + Object.values(v).reduce((k, x) => k + (x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length ? count(0, x) : 1), 0);
}, 0);

// The core alone maps the body the adapter left in its body buffer, as many times as asked.
const bodyBytes = new TextEncoder().encode(body);
const bodyAt = core.bodyBuffer(bodyBytes.length);
new Uint8Array(core.wasmMemory().buffer).set(bodyBytes, bodyAt);
const tapeAt = handle.mapBody(bodyBytes.length);
const tapeKeys = JSON.parse(handle.tapeKeys());
const memory = new DataView(core.wasmMemory().buffer);
const tapeLength = 8 + 4 * memory.getUint32(tapeAt, true) + memory.getUint32(tapeAt + 4, true);
const coreTape = new Uint8Array(memory.buffer.slice(tapeAt, tapeAt + tapeLength));
assert.deepEqual(readTape(coreTape, 0, tapeKeys), ours);
const contenders = [
  ["ours: compiled mapping, raw body text", () => mapping.map(body), "ours"],
  [`jsonata ${jsonataVersion}: JSON.parse + evaluate`, () => jsonataEval(body), "jsonata"],
  ["hand-written JS: JSON.parse + object literal", () => handWritten(body), "hand"],
  ["  ours, core call only (body buffer in, tape out)", () => handle.mapBody(bodyBytes.length), "part"],
  ["  ours, reading the records from the tape", () => readTape(coreTape, 0, tapeKeys), "part"],
  ["  JSON.parse of the body (reference)", () => JSON.parse(body), "part"],
];

async function timeCalls(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r && typeof r.then === "function") await r;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / n; // µs per call
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cells = [];
for (const [label, fn, kind] of contenders) {
  let n = 50;
  let us = await timeCalls(fn, n);
  const warmUntil = performance.now() + 250;
  while (performance.now() < warmUntil) us = await timeCalls(fn, n);
  cells.push({ label, fn, kind, n: Math.max(1, Math.round((seconds / rounds) * 1e6 / us)), samples: [] });
}
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[(round + k) % cells.length];
    cell.samples.push(await timeCalls(cell.fn, cell.n));
  }
}
const rows = cells.map(({ label, kind, samples }) => ({ label, kind, us: median(samples), min: Math.min(...samples), max: Math.max(...samples) }));
const usOf = (kind) => rows.find((r) => r.kind === kind).us;
const result = {
  bodyBytes: Buffer.byteLength(body),
  fields,
  rows: rows.map(({ label, kind, us, min, max }) => ({ label, kind, us, min, max })),
  vsJsonata: usOf("jsonata") / usOf("ours"),
  vsHandWritten: usOf("ours") / usOf("hand"),
};

if (args.includes("--json")) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`\nmapping: a ${result.bodyBytes}-byte WhatsApp delivery → a contact and an interaction (${fields} fields), µs per delivery, median of ${rounds} interleaved rounds\n`);
  const width = Math.max(...rows.map((r) => r.label.length));
  for (const r of rows) {
    console.log(`${r.label.padEnd(width)}  ${r.us.toFixed(2).padStart(8)} µs   (${r.min.toFixed(2)}–${r.max.toFixed(2)})`);
  }
  console.log(`\nours vs jsonata: ${result.vsJsonata.toFixed(1)}x faster (goal ≥ 10x)`);
  console.log(`ours vs hand-written JS: ${result.vsHandWritten.toFixed(2)}x the time (goal ≤ 2x)`);
}
