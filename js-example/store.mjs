// The example CRM's embedded database: SQLite (sql.js, SQLite compiled to WebAssembly, so no
// native build step) kept in memory and written to one file after every committed change.
// A real CRM has its own database; the tables show what it needs to keep for the bridge:
// delivery keys (retries), contacts with their match keys (candidate look-up without a scan),
// every observation (so a merge can be recomputed or undone), interactions and leads.
import initSqlJs from "sql.js";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (key TEXT PRIMARY KEY, scheme TEXT, received_at TEXT, bytes INTEGER, events INTEGER);
CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, json TEXT NOT NULL, provenance TEXT NOT NULL, updated_at TEXT);
CREATE TABLE IF NOT EXISTS contact_keys (key TEXT NOT NULL, contact_id TEXT NOT NULL, PRIMARY KEY (key, contact_id));
CREATE TABLE IF NOT EXISTS observations (contact_id TEXT NOT NULL, source TEXT NOT NULL, event_id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (contact_id, source, event_id));
CREATE TABLE IF NOT EXISTS interactions (key TEXT PRIMARY KEY, contact_id TEXT, platform TEXT, kind TEXT, occurred_at TEXT, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (key TEXT PRIMARY KEY, contact_id TEXT, platform TEXT, json TEXT NOT NULL);
`;

/**
 * Opens the database at `path` (created when missing), or an in-memory one for ":memory:".
 * Every method is synchronous; `transaction(fn)` commits and writes the file, or rolls back.
 */
export async function openStore(path) {
  const SQL = await initSqlJs();
  const db = path !== ":memory:" && existsSync(path) ? new SQL.Database(readFileSync(path)) : new SQL.Database();
  db.run(SCHEMA);

  const rows = (sql, params = []) => {
    const statement = db.prepare(sql);
    try {
      statement.bind(params);
      const out = [];
      while (statement.step()) out.push(statement.getAsObject());
      return out;
    } finally {
      statement.free();
    }
  };
  const persist = () => {
    if (path === ":memory:") return;
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename, so a crash never leaves half a database behind.
    writeFileSync(`${path}.tmp`, db.export());
    renameSync(`${path}.tmp`, path);
  };

  return {
    transaction(fn) {
      db.run("BEGIN");
      try {
        const result = fn();
        db.run("COMMIT");
        persist();
        return result;
      } catch (err) {
        db.run("ROLLBACK");
        throw err;
      }
    },
    hasDelivery: (key) => rows("SELECT 1 FROM deliveries WHERE key = ?", [key]).length > 0,
    addDelivery: (d) =>
      db.run("INSERT INTO deliveries VALUES (?, ?, ?, ?, ?)", [d.key, d.scheme, d.receivedAt, d.bytes, d.events]),
    deliveries: () => rows("SELECT * FROM deliveries ORDER BY received_at, key"),
    /** The contacts any of `keys` points at: the only ones a new event is compared with. */
    candidates(keys) {
      if (keys.length === 0) return [];
      const marks = keys.map(() => "?").join(", ");
      return rows(
        `SELECT DISTINCT c.id, c.json FROM contact_keys k JOIN contacts c ON c.id = k.contact_id WHERE k.key IN (${marks}) ORDER BY c.id`,
        keys,
      ).map((r) => ({ id: r.id, contact: JSON.parse(r.json) }));
    },
    observations: (contactId) =>
      rows("SELECT json FROM observations WHERE contact_id = ? ORDER BY source, event_id", [contactId]).map((r) => JSON.parse(r.json)),
    addObservation: (contactId, o) =>
      db.run("INSERT OR IGNORE INTO observations VALUES (?, ?, ?, ?)", [contactId, o.source, o.eventId, JSON.stringify(o)]),
    saveContact(id, contact, provenance, keys, updatedAt) {
      db.run("INSERT OR REPLACE INTO contacts VALUES (?, ?, ?, ?)", [id, JSON.stringify(contact), JSON.stringify(provenance), updatedAt]);
      db.run("DELETE FROM contact_keys WHERE contact_id = ?", [id]);
      for (const key of keys) db.run("INSERT OR IGNORE INTO contact_keys VALUES (?, ?)", [key, id]);
    },
    contact(id) {
      const [row] = rows("SELECT * FROM contacts WHERE id = ?", [id]);
      return row && { id: row.id, contact: JSON.parse(row.json), provenance: JSON.parse(row.provenance), updatedAt: row.updated_at };
    },
    contacts: () => rows("SELECT id, json FROM contacts ORDER BY id").map((r) => ({ id: r.id, ...JSON.parse(r.json) })),
    addInteraction: (key, contactId, event) =>
      db.run("INSERT OR IGNORE INTO interactions VALUES (?, ?, ?, ?, ?, ?)", [
        key, contactId, event.platform, event.kind, event.occurredAt ?? null, JSON.stringify(event),
      ]),
    interactions: (contactId) =>
      rows(
        contactId ? "SELECT json FROM interactions WHERE contact_id = ? ORDER BY occurred_at, key" : "SELECT json FROM interactions ORDER BY occurred_at, key",
        contactId ? [contactId] : [],
      ).map((r) => JSON.parse(r.json)),
    addLead: (key, contactId, event) =>
      db.run("INSERT OR IGNORE INTO leads VALUES (?, ?, ?, ?)", [key, contactId, event.platform, JSON.stringify(event.lead ?? {})]),
    leads: () => rows("SELECT json FROM leads ORDER BY key").map((r) => JSON.parse(r.json)),
  };
}
