// A seeded generator of labelled synthetic CRM contacts for the identity benchmark (JS only,
// never part of the wasm). Each person becomes one to several records, the way a CRM fills
// up: a full CRM record, lead-form records, social-platform records that carry only a scoped
// platform id and a display name, WhatsApp records keyed by the phone number. Records get the
// noise real data has: email case, Gmail dots, `+tag` and googlemail variants; phones in
// national and international formats; typos and transpositions in names; dropped diacritics;
// nicknames; missing fields; day/month swaps in birth dates; junk values; a shared company
// landline shared by a few people; namesakes from a skewed (Zipf) name distribution.
//
//   import { generate } from "./generate.mjs";
//   const { ndjson, labels } = generate({ rows: 100_000, seed: 7 });
//
//   node benches/identity/generate.mjs --rows 1000 --seed 7 > contacts.ndjson
//   node benches/identity/generate.mjs --rows 1000 --seed 7 --out contacts.ndjson  (+ .labels)
//
// `labels[i]` is the person behind line i; record ids are `c<i>`.
import { cultures, countries, freeMail, companies, nicknames, tails } from "./names.mjs";

/** mulberry32: a small seeded generator; the same seed gives the same data everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A sampler over `items` with weights 1/(rank+1)^s (s = 1: roughly how names are spread). */
function zipf(items, s = 1) {
  const cum = [];
  let total = 0;
  items.forEach((_, i) => {
    total += 1 / (i + 1) ** s;
    cum.push(total);
  });
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function weighted(pairs) {
  const total = pairs.reduce((t, [, w]) => t + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  };
}

const stripDiacritics = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l").replace(/Ł/g, "L").replace(/ß/g, "ss");
const letters = "abcdefghijklmnopqrstuvwxyz";

function typo(r, s) {
  if (s.length < 3) return s;
  const i = 1 + Math.floor(r() * (s.length - 1));
  const c = letters[Math.floor(r() * 26)];
  switch (Math.floor(r() * 4)) {
    case 0: return s.slice(0, i) + c + s.slice(i + 1); // substitution
    case 1: return i < s.length - 1 ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, -1); // transposition
    case 2: return s.slice(0, i) + s.slice(i + 1); // deletion
    default: return s.slice(0, i) + c + s.slice(i); // insertion
  }
}

/** A national number; North American ones follow the plan (NXX area code and exchange, not N11). */
function nationalNumber(r, country) {
  if (country !== "US") return digits(r, countries[country].length);
  const nxx = () => {
    let d = digits(r, 3);
    if (d[1] === "1" && d[2] === "1") d = d[0] + "21";
    return d;
  };
  return nxx() + nxx() + String(Math.floor(r() * 10000)).padStart(4, "0");
}

function digits(r, n) {
  let out = String(2 + Math.floor(r() * 8));
  while (out.length < n) out += Math.floor(r() * 10);
  return out;
}

/** Groups digits with spaces or dashes at random places. */
function grouped(r, d, sep) {
  let out = "";
  let i = 0;
  while (i < d.length) {
    const n = 2 + Math.floor(r() * 3);
    out += (out ? sep : "") + d.slice(i, i + n);
    i += n;
  }
  return out;
}

/** A phone in one of the forms people type. US numbers may be national (default region US). */
function phoneText(r, phone) {
  const { country, national } = phone;
  const code = countries[country].code;
  const x = r();
  if (country === "US") {
    const a = national.slice(0, 3), b = national.slice(3, 6), c = national.slice(6);
    if (x < 0.25) return `(${a}) ${b}-${c}`;
    if (x < 0.45) return `${a}-${b}-${c}`;
    if (x < 0.6) return national;
    if (x < 0.75) return `1-${a}-${b}-${c}`;
    if (x < 0.9) return `+1 ${a} ${b} ${c}`;
    return `+1${national}`;
  }
  if (x < 0.4) return `+${code} ${grouped(r, national, " ")}`;
  if (x < 0.7) return `+${code}${national}`;
  if (x < 0.85) return `00${code} ${grouped(r, national, " ")}`;
  return `+${code}-${grouped(r, national, "-")}`;
}

function emailVariant(r, email) {
  let [local, domain] = email.split("@");
  if (domain === "gmail.com") {
    if (r() < 0.2) local = local.includes(".") ? local.replace(/\./g, "") : local.slice(0, 2) + "." + local.slice(2);
    if (r() < 0.1) local += "+" + ["crm", "shop", "news", "promo"][Math.floor(r() * 4)];
    if (r() < 0.05) domain = "googlemail.com";
  } else if (domain === "outlook.com" && r() < 0.05) {
    local += "+shop";
  }
  let out = `${local}@${domain}`;
  if (r() < 0.1) out = out.toUpperCase();
  else if (r() < 0.1) out = out[0].toUpperCase() + out.slice(1);
  if (r() < 0.01) out = typo(r, out); // a typed email can be wrong, and is then another address
  return out;
}

const junkEmails = ["test@test.com", "n/a", "none", "noemail@example.com"];
const junkPhones = ["0000000000", "-1", "1234567890", "n/a"];
const socialPlatforms = ["messenger", "instagram", "x", "tiktok", "linkedin", "youtube"];

/**
 * Makes `rows` labelled contacts. Returns `{ ndjson, labels, persons }`: the NDJSON text (one
 * Contact per line, ids `c0`…), the person index per line and the number of persons.
 */
export function generate({ rows, seed = 1 }) {
  const r = rng(seed);
  const culture = weighted(cultures.map((c) => [c, c.weight]));
  const pickers = new Map(cultures.map((c) => [c, { given: zipf(c.given), family: zipf(c.family) }]));
  const mail = zipf(freeMail, 1.2);
  const company = zipf(companies, 0.8);
  // Calibration (README, "Identity resolution"): about one record in five is a duplicate, as
  // CRM data-quality surveys commonly report (10-30 %); most duplicated people have two or
  // three records, a few have up to six.
  const recordsPerPerson = weighted([[1, 78], [2, 14], [3, 4.5], [4, 2], [5, 1], [6, 0.5]]);
  const recordType = weighted([["crm", 38], ["lead", 38], ["social", 12], ["whatsapp", 12]]);
  // A shared landline (a household, a small office): rare (1 % of people) and small (2-4
  // people on one number), as in real CRMs; a number on thousands of contacts is a junk value.
  let sharedLine = { left: 0, phone: undefined };
  const sharedPhone = () => {
    if (sharedLine.left <= 0) sharedLine = { left: 2 + Math.floor(r() * 3), phone: { country: "US", national: nationalNumber(r, "US") } };
    sharedLine.left -= 1;
    return sharedLine.phone;
  };
  const usedEmails = new Set();
  const out = [];
  const labels = [];
  let person = 0;
  let socialId = 10_000_000;

  while (out.length < rows) {
    const c = culture(r);
    const p = pickers.get(c);
    const tail = tails[c.name];
    const fromTail = (onsets, endings) => {
      // Two onsets and an ending: thousands of rarer names per culture, as real tails have.
      const second = onsets[Math.floor(r() * onsets.length)].toLowerCase().replace(/^al-/, "");
      const name = onsets[Math.floor(r() * onsets.length)] + second + endings[Math.floor(r() * endings.length)];
      return name[0] + name.slice(1).toLowerCase().replace(/-(.)/, (_, x) => "-" + x.toUpperCase());
    };
    // A share of the people carry a rarer name from the long tail.
    const given = r() < 0.15 ? fromTail(tail.given, tail.givenEndings) : p.given(r);
    const pickFamily = () => (r() < 0.5 ? fromTail(tail.onsets, tail.endings) : p.family(r));
    let family = pickFamily();
    if (c.name === "hispanic" && r() < 0.3) family += " " + pickFamily();
    const plainGiven = stripDiacritics(given).toLowerCase().replace(/[^a-z]/g, "");
    const plainFamily = stripDiacritics(family).toLowerCase().replace(/[^a-z]/g, "");
    const birth = r() < 0.75
      ? `${1950 + Math.floor(r() * 56)}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`
      : undefined;
    const employer = r() < 0.4 ? company(r) : undefined;
    const emails = [];
    const pattern = Math.floor(r() * 4);
    let local = [`${plainGiven}.${plainFamily}`, `${plainGiven[0]}${plainFamily}`, `${plainGiven}${plainFamily}`, `${plainFamily}.${plainGiven}`][pattern];
    if (r() < 0.4) local += Math.floor(r() * 100);
    // Unique by mailbox: Gmail ignores dots, so a.b@gmail.com and ab@gmail.com are one person.
    const mailbox = (e) => (e.endsWith("@gmail.com") ? e.replace(/\.(?=[^@]*@)/g, "") : e);
    let email = `${local}@${mail(r)}`;
    while (usedEmails.has(mailbox(email))) email = `${local}${Math.floor(r() * 10_000)}@${email.split("@")[1]}`;
    usedEmails.add(mailbox(email));
    if (r() < 0.95) emails.push(email);
    if (employer && r() < 0.5) {
      const work = `${plainGiven}.${plainFamily}@${employer.toLowerCase().replace(/[^a-z]/g, "")}.com`;
      if (!usedEmails.has(work)) {
        usedEmails.add(work);
        emails.push(work);
      }
    }
    const phones = [];
    if (r() < 0.9) {
      const country = r() < 0.7 ? c.country : "US";
      phones.push({ country, national: nationalNumber(r, country) });
    }
    const landline = r() < 0.01 ? sharedPhone() : undefined;
    const nickname = nicknames[given];
    const handle = r() < 0.6 ? `${plainGiven}${r() < 0.5 ? "_" : ""}${plainFamily}${r() < 0.5 ? Math.floor(r() * 100) : ""}` : undefined;

    const name = (noisy) => {
      let g = given;
      let f = family;
      if (noisy && nickname && r() < 0.15) g = nickname;
      if (noisy && r() < 0.3) { g = stripDiacritics(g); f = stripDiacritics(f); }
      if (noisy && r() < 0.08) g = typo(r, g);
      if (noisy && r() < 0.08) f = typo(r, f);
      if (noisy && r() < 0.05) f = f.toUpperCase();
      return { g, f };
    };

    const n = Math.min(recordsPerPerson(r), rows - out.length);
    for (let k = 0; k < n; k++) {
      const type = k === 0 ? (r() < 0.7 ? "crm" : "lead") : recordType(r);
      const rec = {};
      const noisy = k > 0 || r() < 0.3;
      if (type === "crm" || type === "lead") {
        const { g, f } = name(noisy);
        if (r() < 0.5) rec.name = { full: r() < 0.1 ? `${f}, ${g}` : `${g} ${f}` };
        else rec.name = { given: g, family: f };
        // A lead form requires an email; a CRM record usually has one too.
        const es = emails.filter(() => r() < (type === "lead" ? 0.97 : 0.9)).map((e) => emailVariant(r, e));
        if (r() < 0.015) es.push(junkEmails[Math.floor(r() * junkEmails.length)]);
        const ps = phones.filter(() => r() < 0.85).map((ph) => phoneText(r, ph));
        if (landline && type === "crm" && r() < 0.7) ps.push(phoneText(r, landline));
        if (r() < 0.015) ps.push(junkPhones[Math.floor(r() * junkPhones.length)]);
        // A lead form requires a way to reach the person: an email, else a phone.
        if (type === "lead" && !es.length && !ps.length) {
          if (emails.length) es.push(emailVariant(r, emails[0]));
          else if (phones.length) ps.push(phoneText(r, phones[0]));
        }
        if (es.length) rec.emails = es;
        if (ps.length) rec.phones = ps;
        if (employer && r() < 0.6) rec.company = employer;
        if (birth && type === "crm" && r() < 0.85) {
          let b = birth;
          const x = r();
          if (x < 0.03 && Number(b.slice(8)) <= 12) b = `${b.slice(0, 4)}-${b.slice(8)}-${b.slice(5, 7)}`;
          else if (x < 0.05) b = `${b.slice(0, 8)}${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
          rec.custom = { birthDate: b };
        }
      } else if (type === "social") {
        const platform = socialPlatforms[Math.floor(r() * socialPlatforms.length)];
        rec.identities = [{ platform, scope: platform === "x" ? "" : `acct-${1 + Math.floor(r() * 3)}`, id: String(socialId++) }];
        const { g, f } = name(true);
        const x = r();
        let display;
        if (x < 0.5) display = `${g} ${f}`;
        else if (x < 0.7) display = g;
        else if (x < 0.85) display = `${g} ${f[0]}.`;
        else display = handle ?? `${g} ${f}`;
        rec.name = { full: display };
        if (handle && platform !== "messenger" && r() < 0.7) rec.handles = [{ platform, handle }];
        // Most conversations collect a contact detail (a lead form in Messenger, an email
        // typed into a chat, LinkedIn's shared address); the rest stay id + display name.
        if (r() < 0.7) {
          if (emails.length && (platform === "linkedin" || !phones.length || r() < 0.6)) rec.emails = [emailVariant(r, emails[Math.floor(r() * emails.length)])];
          else if (phones.length) rec.phones = [phoneText(r, phones[0])];
        }
      } else {
        // WhatsApp: the wa_id is the phone number; the profile name is whatever the user set.
        if (!phones.length) {
          k -= 1;
          continue;
        }
        const ph = phones[0];
        const e164 = `+${countries[ph.country].code}${ph.national}`;
        rec.identities = [{ platform: "whatsapp", scope: "biz-1", id: e164.slice(1) }];
        rec.phones = [e164];
        const { g, f } = name(true);
        const x = r();
        rec.name = { full: x < 0.5 ? g : x < 0.8 ? `${g} ${f}` : nickname ?? g };
      }
      out.push(rec);
      labels.push(person);
    }
    person += 1;
  }

  // Shuffle so that a person's records are spread through the file.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const lines = out.map((rec, i) => JSON.stringify({ id: `c${i}`, ...rec }));
  return { ndjson: lines.join("\n") + "\n", labels: Int32Array.from(labels), persons: person };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const { ndjson, labels } = generate({ rows: Number(opt("--rows", "1000")), seed: Number(opt("--seed", "1")) });
  const out = opt("--out", undefined);
  if (out === undefined) {
    process.stdout.write(ndjson);
  } else {
    // `--out FILE` writes FILE (the NDJSON) and FILE.labels (Int32 person per line): the bench
    // reads both, so the data is made once and outside the measured process.
    const { writeFileSync } = await import("node:fs");
    writeFileSync(out, ndjson);
    writeFileSync(`${out}.labels`, new Uint8Array(labels.buffer));
  }
}
