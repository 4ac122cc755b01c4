// What the example CRM does with a verified delivery, in the order the design gives:
// map it to SocialEvents → find the contact each belongs to (match keys → candidates from the
// database → comparison) → merge the new observation into that contact → store the history.
// Everything here is synchronous and runs inside one database transaction (server.mjs), so a
// delivery is stored completely or not at all.
import { compareContacts, matchKeys, mergeContacts, normalizeEvent } from "social-crm-bridge";

/**
 * Stores what one delivery says. `key` is its delivery key (retries share it), `receivedAt`
 * an ISO time used when an event carries none. Returns one summary per event.
 */
export function ingest(store, { key, body, receivedAt, platform }) {
  return normalizeEvent({ body, platform }).map((event) => {
    // The source pointer is unique inside a delivery, so this id is stable across retries.
    const eventId = `${key}#${event.source}`;
    const contact = event.contact ?? event.lead?.contact;
    const resolved = contact ? resolveContact(store, event, contact, eventId, receivedAt) : null;
    if (event.lead) store.addLead(eventId, resolved?.contactId ?? null, event);
    else store.addInteraction(eventId, resolved?.contactId ?? null, event);
    return { kind: event.kind, platform: event.platform, source: event.source, ...resolved };
  });
}

/**
 * The contact an event's person belongs to: only the contacts its match keys select are
 * compared (never a scan), the best `match` wins, otherwise a new contact is made. The golden
 * record is recomputed from every observation, so the order deliveries arrive in does not matter.
 */
function resolveContact(store, event, contact, eventId, receivedAt) {
  let best = null;
  let compared = 0;
  for (const candidate of store.candidates(matchKeys(contact))) {
    compared++;
    const { decision, score } = compareContacts(contact, candidate.contact);
    if (decision === "match" && (best === null || score > best.score)) best = { id: candidate.id, score };
  }
  const observation = { source: event.platform, eventId, eventTime: event.occurredAt ?? receivedAt, fields: contact };
  // One merge: a known contact's stored observations carry its id, which survives; a new
  // person gets the id mergeContacts derives from their first observation.
  const merged = mergeContacts(best ? [...store.observations(best.id), observation] : [observation]);
  const contactId = merged.contact.id;
  store.addObservation(contactId, { ...observation, contactId });
  store.saveContact(contactId, merged.contact, merged.provenance, matchKeys(merged.contact), receivedAt);
  return { contactId, decision: best ? "matched" : "created", compared };
}
