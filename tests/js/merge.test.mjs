// Layer 3: the normalisers and mergeContacts as users call them, against the built pkg/.
// Phone numbers are cross-checked against libphonenumber-js (Google's metadata) on its
// example numbers for every region our compact table has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getExampleNumber } from "libphonenumber-js/max";

const require = createRequire(import.meta.url);
const examples = require("libphonenumber-js/examples.mobile.json");
const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { normalizeEmail, normalizePhone, normalizeName, isJunkValue, mergeContacts, SocialCrmError } = await import(new URL("node.js", pkgDir));

const errorOf = expectError(SocialCrmError);

// The regions of src/identity/normalize/phone_regions.rs.
const REGIONS = `US CA PR JM DO TT BS BB RU KZ EG ZA GR NL BE FR ES HU IT RO CH AT GB DK SE NO PL DE PE MX AR BR
  CL CO VE MY AU ID PH NZ SG TH JP KR VN CN TR IN PK MA DZ TN GH NG KE TZ UG PT LU IE IS MT CY FI BG LT LV EE UA RS HR SI
  CZ SK HK TW BD LB JO SA AE IL QA`.split(/\s+/);

test("normalizeEmail: canonical forms, null for non-emails and junk", () => {
  assert.equal(normalizeEmail("  A.Da.Love+crm@GoogleMail.com "), "adalove@gmail.com");
  assert.equal(normalizeEmail("ada+news@outlook.com"), "ada@outlook.com");
  assert.equal(normalizeEmail("ada+news@engine.org"), "ada+news@engine.org");
  assert.equal(normalizeEmail("test@test.com"), null);
  assert.equal(normalizeEmail("not an email"), null);
  assert.equal(errorOf(() => normalizeEmail(42)).code, "ERR_INVALID_ARGUMENT");
});

test("normalizePhone agrees with libphonenumber-js on every region's example numbers", () => {
  const disagreements = [];
  const junk = [];
  let checked = 0;
  for (const region of REGIONS) {
    const number = getExampleNumber(region, examples);
    if (!number) continue;
    for (const [input, options] of [
      [number.formatInternational(), {}],
      [number.formatNational(), { region }],
      [number.number, { region: "US" }],
    ]) {
      // Some examples are placeholders our junk list refuses on purpose (`012-345 6789`).
      if (isJunkValue(input)) {
        junk.push(input);
        continue;
      }
      checked++;
      const ours = normalizePhone(input, options);
      if (ours !== number.number) disagreements.push(`${region} ${JSON.stringify(input)}: ${ours} ≠ ${number.number}`);
    }
  }
  assert.ok(checked > 200, `only ${checked} numbers checked`);
  assert.deepEqual(disagreements, []);
  assert.ok(junk.length < 5, `too many examples look like junk: ${junk}`);
});

test("normalizePhone: national formats need a region; junk and non-numbers are null", () => {
  assert.equal(normalizePhone("020 7946 0958", { region: "GB" }), "+442079460958");
  assert.equal(normalizePhone("(415) 555-2671 ext. 12", { region: "us" }), "+14155552671");
  assert.equal(normalizePhone("00 49 30 1234567"), "+49301234567");
  assert.equal(normalizePhone("020 7946 0958"), null);
  assert.equal(normalizePhone("0000000000", { region: "US" }), null);
  assert.equal(errorOf(() => normalizePhone("1", { region: 44 })).path, "/region");
});

test("normalizeName and isJunkValue", () => {
  assert.deepEqual(normalizeName("Dr. José van der Berg Jr."), { folded: "dr jose van der berg jr", given: "José", family: "van der Berg" });
  assert.deepEqual(normalizeName("Lovelace, Ada"), { folded: "lovelace ada", given: "Ada", family: "Lovelace" });
  assert.deepEqual(normalizeName(""), { folded: "" });
  for (const junk of ["n/a", "NULL", "-1", "0000000000", "test@example.com", "xxx"]) assert.equal(isJunkValue(junk), true, junk);
  for (const real of ["Ada", "+44 20 7946 0958", "ada@engine.org"]) assert.equal(isJunkValue(real), false, real);
});

const observations = [
  { source: "messenger", eventId: "mid.1", eventTime: "2026-03-01T10:00:00Z", fields: { identities: [{ platform: "messenger", scope: "page-1", id: "24681357" }], name: { full: "Ada Lovelace" } } },
  { source: "instagram", eventId: "ig.7", eventTime: new Date("2026-03-02T10:00:00Z"), fields: { identities: [{ platform: "instagram", scope: "ig-1", id: "17841400000000001" }], handles: [{ platform: "instagram", handle: "@ada.l" }] } },
  { source: "facebook_leads", eventId: "lead-9", eventTime: Date.parse("2026-03-03T10:00:00Z"), fields: { emails: ["Ada.Lovelace+ads@gmail.com", "n/a"], phones: ["020 7946 0958"], name: { full: "Ada King", given: "Ada", family: "King" }, company: "Analytical Engines" } },
  { source: "crm", eventId: "rev-3", eventTime: "2026-02-01T09:00:00+01:00", contactId: "1042", fields: { name: { full: "Augusta Ada King" }, custom: { tier: "gold" } } },
];

test("mergeContacts: one golden record from four sources", () => {
  const result = mergeContacts(observations, { defaultRegion: "GB", rules: { "custom.tier": "keep_existing" } });
  assert.equal(result.contact.id, "1042");
  assert.equal(result.contact.name.full, "Augusta Ada King"); // the CRM outranks platforms by default
  assert.deepEqual(result.contact.emails, ["adalovelace@gmail.com"]);
  assert.deepEqual(result.contact.phones, ["+442079460958"]);
  assert.equal(result.contact.identities.length, 2);
  assert.equal(result.contact.identities[1].id, "17841400000000001"); // still a string
  assert.deepEqual(result.contact.handles, [{ platform: "instagram", handle: "ada.l" }]);
  assert.equal(result.provenance["name.full"].winner.source, "crm");
  assert.equal(result.provenance["name.full"].losers.length, 2);
  assert.equal(result.provenance.emails.rejected[0].reason, "junk");
  assert.equal(result.provenance["name.full"].winner.eventTime, "2026-02-01T08:00:00.000Z");
  assert.ok(result.conflicts.some((c) => c.kind === "values" && c.field === "name.full"));
  assert.equal(result.observations, 4);
});

test("mergeContacts: every order gives the same bytes; repeats change nothing", () => {
  const expected = JSON.stringify(mergeContacts(observations));
  const orders = [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
  for (const order of orders) {
    assert.equal(JSON.stringify(mergeContacts(order.map((i) => observations[i]))), expected);
  }
  assert.equal(JSON.stringify(mergeContacts([...observations, observations[2], observations[0]])), expected);
});

test("mergeContacts: unmerge by exclusion equals recomputing without", () => {
  const without = mergeContacts(observations.filter((o) => o.source !== "instagram"));
  const excluded = mergeContacts(observations, { exclude: [{ identity: { platform: "instagram", scope: "ig-1", id: "17841400000000001" } }] });
  assert.deepEqual(excluded.excluded, [{ source: "instagram", eventId: "ig.7" }]);
  delete excluded.excluded;
  assert.deepEqual(excluded, without);
});

test("mergeContacts: bad input throws with a code and a JSON Pointer", () => {
  const cases = [
    [() => mergeContacts({}), "ERR_MERGE_OBSERVATION", "/observations"],
    [() => mergeContacts([{ source: "x", eventId: 1, eventTime: 0, fields: {} }]), "ERR_MERGE_OBSERVATION", "/observations/0/eventId"],
    [() => mergeContacts([{ source: "x", eventId: "1", eventTime: "soon", fields: {} }]), "ERR_MERGE_OBSERVATION", "/observations/0/eventTime"],
    [() => mergeContacts([{ source: "x", eventId: "1", eventTime: 0, fields: { emails: ["a@b.co", 7] } }]), "ERR_MERGE_OBSERVATION", "/observations/0/fields/emails/1"],
    [() => mergeContacts([], { rules: { "name.full": "union" } }), "ERR_MERGE_POLICY", "/policy/rules/name.full"],
    [() => mergeContacts([], { rules: { nickname: "longest" } }), "ERR_MERGE_POLICY", "/policy/rules/nickname"],
    [() => mergeContacts([], []), "ERR_MERGE_POLICY", "/policy"],
    [() => mergeContacts([{ source: "x", eventId: "1", eventTime: 0, fields: { custom: { big: 10n } } }]), "ERR_INVALID_ARGUMENT", "/observations"],
  ];
  for (const [fn, code, path] of cases) {
    const err = errorOf(fn);
    assert.equal(err.code, code, err.message);
    assert.equal(err.path, path, err.message);
  }
});

test("mergeContacts: the shared vectors give the expected bytes", () => {
  const dir = new URL("../vectors/merge/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length > 0);
  for (const file of files) {
    const vector = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    // Key order included: the file was written from the result's own order.
    assert.equal(JSON.stringify(mergeContacts(vector.observations, vector.policy)), JSON.stringify(vector.expected), file);
  }
});
