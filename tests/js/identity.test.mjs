// Layer 3: identity resolution as users call it, against the built pkg/: match keys, pairwise
// comparison with evidence, training, bulk dedupe from objects, JSON text, NDJSON and bytes,
// and the per-delivery path against a million stored contacts indexed by their match keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { existsSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { matchKeys, compareContacts, trainRules, dedupeContacts, defaultIdentityRules, mergeContacts, SocialCrmError } =
  await import(new URL("node.js", pkgDir));

const errorOf = expectError(SocialCrmError);

const ada = { id: "crm-1", name: { full: "Ada Lovelace" }, emails: ["Ada.Lovelace@gmail.com"], custom: { birthDate: "1815-12-10" } };
const adaLead = { id: "lead-7", name: { given: "Ada", family: "Lovelace" }, emails: ["adalovelace+ads@googlemail.com"], phones: ["+44 20 7946 0958"] };
const charles = { id: "crm-2", name: { full: "Charles Babbage" }, emails: ["charles@babbage.co.uk"], custom: { birthDate: "1791-12-26" } };

test("matchKeys: canonical identifiers and name keys; none for a contact with only junk", () => {
  const keys = matchKeys(adaLead);
  assert.ok(keys.includes("email:adalovelace@gmail.com"), keys.join(", "));
  assert.ok(keys.includes("phone:+442079460958"));
  assert.ok(keys.some((k) => k.startsWith("name:")));
  // The same person through another channel shares a key.
  assert.ok(matchKeys(ada).some((k) => keys.includes(k)));
  assert.deepEqual(matchKeys({ emails: ["test@test.com"], phones: ["0000000000"], name: { full: "n/a" } }), []);
  assert.deepEqual(matchKeys({ identities: [{ platform: "messenger", scope: "page-1", id: "7001" }] }), ["id:messenger|page-1|7001"]);
});

test("compareContacts: score, decision and per-field evidence", () => {
  const same = compareContacts(ada, adaLead);
  assert.equal(same.decision, "match");
  assert.ok(same.score > 0.99 && same.score <= 1);
  assert.equal(same.evidence.email.level, "exact");
  assert.ok(same.evidence.email.weight > 10);
  assert.equal(same.evidence.phone.level, "null");
  assert.equal(same.evidence.phone.weight, 0);
  assert.deepEqual(Object.keys(same.evidence), defaultIdentityRules().fields.map((f) => f.name));
  const other = compareContacts(ada, charles);
  assert.equal(other.decision, "no_match");
  assert.ok(other.score < 0.01);
  assert.equal(other.evidence.givenName.level, "else");
  // A typo reaches a fuzzy level, and the comparison is symmetric.
  const typo = compareContacts({ name: { full: "Katherine Johnson" } }, { name: { full: "Katherine Jonhson" } });
  assert.equal(typo.evidence.familyName.level, "jaroWinkler");
  assert.deepEqual(compareContacts(adaLead, ada), same);
  // Two contacts without usable fields never match.
  assert.equal(compareContacts({ emails: ["null"] }, { emails: ["null"] }).decision, "no_match");
});

test("rules are data: thresholds and fields can be changed, and bad rules name the place", () => {
  const strict = defaultIdentityRules();
  strict.thresholds.match = 0.999999;
  strict.thresholds.possible = 0.5;
  assert.equal(compareContacts({ name: { full: "Ada Lovelace" }, phones: ["+442079460958"] }, { name: { full: "Ada Lovelace" }, phones: ["+442079460958"] }, strict).decision, "possible");
  const custom = defaultIdentityRules();
  custom.fields.push({ name: "memberNo", path: "/custom/loyalty/number", kind: "text", levels: [{ comparator: "exact", m: 0.9, u: 1e-7 }], else: { m: 0.1, u: 1 } });
  custom.blocking.push({ name: "member", parts: [{ field: "memberNo" }] });
  const a = { custom: { loyalty: { number: "LX-1" } } };
  assert.deepEqual(matchKeys(a, custom), ["member:lx-1"]);
  assert.equal(compareContacts(a, { custom: { loyalty: { number: "lx-1" } } }, custom).evidence.memberNo.level, "exact");

  const bad = defaultIdentityRules();
  bad.fields[1].levels[0].m = 2;
  const err = errorOf(() => compareContacts(ada, charles, bad));
  assert.equal(err.code, "ERR_IDENTITY_RULES");
  assert.equal(err.path, "/rules/fields/1/levels/0/m");
  assert.equal(errorOf(() => matchKeys("ada")).code, "ERR_INVALID_ARGUMENT");
  assert.equal(errorOf(() => compareContacts(ada, { emails: "x" })).path, "/b");
  assert.equal(errorOf(() => dedupeContacts("[{\"id\":1}]")).code, "ERR_INVALID_ARGUMENT");
});

function people(n) {
  const out = [];
  for (let p = 0; p < n; p++) {
    const given = `Given${p % 97}`;
    const family = `Family${p}x`;
    out.push({ id: `p${p}-a`, name: { given, family }, emails: [`person${p}@mail.test.org`] });
    out.push({ id: `p${p}-b`, name: { full: `${given} ${family}` }, emails: [`PERSON${p}@mail.test.org`], phones: [`+1 415 555 ${String(p % 10000).padStart(4, "0")}`] });
    if (p % 3 === 0) out.push({ id: `p${p}-c`, identities: [{ platform: "whatsapp", scope: "b", id: `1415555${String(p % 10000).padStart(4, "0")}` }], phones: [`+1415555${String(p % 10000).padStart(4, "0")}`], name: { full: given } });
  }
  return out;
}

test("dedupeContacts: the same clusters from objects, a JSON string, NDJSON text and bytes", () => {
  const contacts = people(300);
  const fromObjects = dedupeContacts(contacts);
  const json = JSON.stringify(contacts);
  const ndjson = contacts.map((c) => JSON.stringify(c)).join("\n");
  assert.deepEqual(dedupeContacts(json), fromObjects);
  assert.deepEqual(dedupeContacts(ndjson), fromObjects);
  assert.deepEqual(dedupeContacts(new TextEncoder().encode(ndjson)), fromObjects);
  assert.equal(fromObjects.stats.contacts, contacts.length);
  // Every person's a and b records end up together, and no cluster mixes two people.
  const clusterOf = new Map(fromObjects.clusters.flatMap((c, k) => c.map((id) => [id, k])));
  for (let p = 0; p < 300; p++) assert.equal(clusterOf.get(`p${p}-a`), clusterOf.get(`p${p}-b`), `person ${p}`);
  for (const c of fromObjects.clusters) assert.equal(new Set(c.map((id) => id.split("-")[0])).size, 1, c.join(","));
  // Every contact is in exactly one cluster.
  assert.equal(fromObjects.clusters.flat().length, contacts.length);
});

test("dedupeContacts reports oversized blocks and never chains a shared number", () => {
  const contacts = Array.from({ length: 500 }, (_, i) => ({ id: `s${i}`, phones: ["+1 212 555 0199"], name: { given: `G${i}q`, family: `F${i}z` } }));
  const out = dedupeContacts(contacts);
  assert.equal(out.clusters.length, 500);
  assert.ok(out.oversized.blocks.some((b) => b.key === "phone:+12125550199" && b.size === 500));
});

test("trainRules and dedupe with training: estimated m/u, prior and name frequencies come back as rules", () => {
  const contacts = people(1500);
  const trained = trainRules(contacts);
  assert.notDeepEqual(trained, defaultIdentityRules());
  const email = trained.fields.find((f) => f.name === "email");
  assert.ok(email.levels[0].m > 0.9, `email m ${email.levels[0].m}`);
  assert.ok(trained.fields.find((f) => f.name === "givenName").frequencies.values.given0 > 0);
  // Trained rules are valid input again, and dedupe can train in the same call.
  assert.equal(compareContacts(contacts[0], contacts[1], trained).decision, "match");
  const out = dedupeContacts(contacts, undefined, { train: { seed: 3 } });
  assert.ok(out.rules.prior > 0 && out.rules.prior < 1);
  assert.equal(errorOf(() => trainRules(contacts, undefined, { bogus: 1 })).code, "ERR_INVALID_ARGUMENT");
});

test("per delivery: an event's contact meets 1,000,000 stored contacts only through its keys", () => {
  // The host's store: a million contacts, indexed by match key in a Map (a database index in
  // a real host). Every stored contact's keys come from matchKeys, as the host would compute
  // them on write.
  const N = 1_000_000;
  const stored = new Array(N);
  const index = new Map();
  // Names spelled from numbers: 5,000 given and 200 family names, so a name key is shared by
  // few contacts and a Soundex key by more.
  const word = (n, first) => {
    let out = first;
    do {
      out += "bdfgklmnprstvz"[n % 14] + "aeiou"[Math.floor(n / 14) % 5];
      n = Math.floor(n / 70);
    } while (n > 0);
    return out;
  };
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const contact = { id: `c${i}`, name: { given: word(i % 5000, "A"), family: word(Math.floor(i / 5000), "O") }, emails: [`c${i}@store.test.org`] };
    stored[i] = contact;
    for (const key of matchKeys(contact)) {
      let ids = index.get(key);
      if (!ids) index.set(key, (ids = []));
      ids.push(i);
    }
  }
  const indexSeconds = (performance.now() - started) / 1000;

  // A WhatsApp lead for stored contact 424242 arrives: its email in another case and a +tag
  // does not matter; the name is a display name.
  const target = stored[424242];
  const event = { identities: [{ platform: "whatsapp", scope: "biz", id: "447700900424" }], name: { full: `${target.name.given} ${target.name.family}` }, emails: ["C424242@Store.test.org"] };
  // Keys shared by more contacts than the rules' maxBlockSize are skipped, as dedupeContacts
  // skips such blocks: a common name or a shared number selects nobody.
  const { maxBlockSize } = defaultIdentityRules();
  const candidates = new Set();
  let skipped = 0;
  for (const key of matchKeys(event)) {
    const ids = index.get(key) ?? [];
    if (ids.length > maxBlockSize) skipped += 1;
    else for (const i of ids) candidates.add(i);
  }
  assert.ok(skipped >= 1, "the Soundex key of this name is shared by more than maxBlockSize contacts");
  let compared = 0;
  const decisions = [...candidates].map((i) => {
    compared += 1;
    return { id: stored[i].id, ...compareContacts(event, stored[i]) };
  });
  const matches = decisions.filter((d) => d.decision === "match");
  assert.deepEqual(matches.map((m) => m.id), ["c424242"]);
  assert.ok(compared >= 1 && compared <= maxBlockSize * 3, `compared ${compared} of ${N}`);
  assert.equal(compared, candidates.size);

  // Then the merge: the event's observation and the stored contact's make one golden record.
  const merged = mergeContacts([
    { source: "crm", eventId: "row-424242", eventTime: "2026-01-01T00:00:00Z", contactId: "c424242", fields: stored[424242] },
    { source: "whatsapp", eventId: "wamid.1", eventTime: "2026-11-28T10:00:00Z", fields: event },
  ]);
  assert.equal(merged.contact.id, "c424242");
  assert.ok(merged.contact.identities.some((i) => i.platform === "whatsapp"));
  console.log(`# indexed ${N} contacts in ${indexSeconds.toFixed(1)} s; the event compared ${compared} candidate(s)`);
});
