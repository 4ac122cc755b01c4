//! The surviving contact id: deterministic, so two hosts (or two retries) merging the same
//! observations name the contact alike.

use super::order::{sort_with, Ordered};
use crate::identity::normalize::{canonical_email, e164, identity_key};
use sha2::{Digest, Sha256};

/// The surviving id and the other CRM ids that merge into it.
///
/// - With CRM contact ids among the observations (`contactId`, else `fields.id`): the smallest,
///   shorter ids first then by bytes (numeric ids compare as numbers; the oldest record of an
///   auto-increment CRM survives). The rest are returned to be merged into it.
/// - Without: `scb_` and 24 hex digits of SHA-256 over an anchor taken from the earliest
///   observation: its smallest identity key, else its smallest canonical email, else phone,
///   else its `source|eventId`. Observations arriving later never change it; one with an
///   earlier event time, or excluding the earliest, does.
#[inline(never)]
pub(crate) fn survivor_id(
    ordered: &Ordered,
    region: Option<&str>,
) -> (Option<String>, Vec<String>) {
    let mut ids: Vec<&str> = ordered
        .obs
        .iter()
        .filter_map(|o| o.crm_contact_id())
        .collect();
    sort_with(&mut ids, &|a, b| {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    ids.dedup();
    if let Some((first, rest)) = ids.split_first() {
        return (
            Some((*first).to_owned()),
            rest.iter().map(|s| (*s).to_owned()).collect(),
        );
    }
    let Some(earliest) = ordered.obs.first() else {
        return (None, Vec::new());
    };
    let f = &earliest.fields;
    let anchor = f
        .identities
        .iter()
        .filter(|i| !i.id.is_empty())
        .map(|i| format!("identity:{}", identity_key(&i.platform, &i.scope, &i.id)))
        .min()
        .or_else(|| {
            f.emails
                .iter()
                .filter_map(|e| canonical_email(e))
                .min()
                .map(|e| format!("email:{e}"))
        })
        .or_else(|| {
            f.phones
                .iter()
                .filter_map(|p| e164(p, region))
                .min()
                .map(|p| format!("phone:{p}"))
        })
        .unwrap_or_else(|| {
            format!(
                "event:{}",
                identity_key(&earliest.source, "", &earliest.event_id)
            )
        });
    let digest = Sha256::digest(anchor.as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    (Some(format!("scb_{hex}")), Vec::new())
}
