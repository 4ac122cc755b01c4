//! Observations: what one source said about a person at one moment, read from JSON with a
//! JSON Pointer on every error.

use super::contact_json::contact_from_json;
use crate::error::Error;
use crate::records::Contact;
use crate::webhook::timestamp::{format_rfc3339, parse_rfc3339};
use serde_json::Value;

/// One source's view of a contact at one moment: a webhook event, a lead, a CRM record.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The source: a platform (`messenger`, `instagram`, …) or `crm` for the CRM's own record.
    pub source: String,
    /// The source's id for the event (delivery, message, lead, CRM revision); with `source` it
    /// identifies the observation, so a redelivery is recognised.
    pub event_id: String,
    /// When the source observed it, unix milliseconds.
    pub event_time_ms: i64,
    /// The CRM's id for the contact this observation belongs to, when it has one.
    pub contact_id: Option<String>,
    /// The values observed: a partial contact.
    pub fields: Contact,
}

/// Earliest and latest instants an event time may have: the years 0000 and 9999 of ISO 8601.
const MIN_MS: i64 = -62_167_219_200_000;
const MAX_MS: i64 = 253_402_300_799_999;

impl Observation {
    /// Reads the `index`-th observation from its JSON form:
    /// `{ source, eventId, eventTime, fields, contactId? }`. `eventTime` is an ISO 8601
    /// date-time with a zone (`2026-11-28T13:00:00.250Z`, `…+01:00`) or unix milliseconds.
    #[inline(never)]
    pub fn from_json(index: usize, value: &Value) -> Result<Self, Error> {
        let at = |key: &str| format!("/observations/{index}{key}");
        let fail = |key: &str, problem: &str| Error::MergeObservation {
            path: at(key),
            problem: problem.to_owned(),
        };
        let object = value.as_object().ok_or_else(|| {
            fail(
                "",
                "expected an object { source, eventId, eventTime, fields, contactId? }",
            )
        })?;
        if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(fail(
                &format!("/{}", escape(key)),
                "unknown key; an observation has source, eventId, eventTime, fields and contactId",
            ));
        }
        let text = |key: &str, what: &str| -> Result<String, Error> {
            match object.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                _ => Err(fail(&format!("/{key}"), what)),
            }
        };
        let source = text(
            "source",
            "expected the source as a non-empty string, e.g. \"messenger\" or \"crm\"",
        )?;
        let event_id = text(
            "eventId",
            "expected the event id as a non-empty string (ids stay strings: numbers beyond 2^53 lose digits)",
        )?;
        let event_time_ms = object
            .get("eventTime")
            .and_then(event_time)
            .ok_or_else(|| {
                fail(
                    "/eventTime",
                    "expected an ISO 8601 date-time with a zone (2026-11-28T13:00:00Z) or unix milliseconds as an integer",
                )
            })?;
        let contact_id = match object.get("contactId") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(_) => {
                return Err(fail(
                    "/contactId",
                    "expected the CRM's contact id as a non-empty string",
                ))
            }
        };
        let fields = match object.get("fields") {
            None | Some(Value::Null) => Contact::default(),
            Some(fields) => contact_from_json(fields, &at("/fields"))?,
        };
        Ok(Observation {
            source,
            event_id,
            event_time_ms,
            contact_id,
            fields,
        })
    }

    /// The event time as ISO 8601 UTC with milliseconds, the form results carry.
    pub fn event_time(&self) -> String {
        format_ms(self.event_time_ms)
    }

    /// The CRM contact id: `contactId`, else the `id` inside `fields`.
    pub fn crm_contact_id(&self) -> Option<&str> {
        self.contact_id.as_deref().or(self.fields.id.as_deref())
    }

    /// A canonical JSON form, equal for equal observations whatever their input spelling.
    #[inline(never)]
    pub(crate) fn canonical(&self) -> String {
        let text = |s: &str| Value::String(s.to_owned()).to_string();
        format!(
            "{}|{}|{}|{}|{}",
            text(&self.source),
            text(&self.event_id),
            self.event_time_ms,
            self.contact_id.as_deref().map(text).unwrap_or_default(),
            serde_json::to_string(&self.fields).unwrap_or_default(),
        )
    }
}

const KEYS: &[&str] = &["source", "eventId", "eventTime", "fields", "contactId"];

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unix milliseconds from an ISO 8601 string or an integer number of milliseconds.
fn event_time(value: &Value) -> Option<i64> {
    let ms = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })?,
        Value::String(s) => parse_iso_ms(s.trim())?,
        _ => return None,
    };
    (MIN_MS..=MAX_MS).contains(&ms).then_some(ms)
}

/// RFC 3339 to unix milliseconds, keeping the first three digits of a fraction.
fn parse_iso_ms(text: &str) -> Option<i64> {
    let seconds = parse_rfc3339(text)?;
    let millis = match text.find('.') {
        Some(dot) => {
            let digits: String = text
                .get(dot + 1..)?
                .chars()
                .take_while(char::is_ascii_digit)
                .chain("000".chars())
                .take(3)
                .collect();
            digits.parse::<i64>().ok()?
        }
        None => 0,
    };
    seconds.checked_mul(1000)?.checked_add(millis)
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub(crate) fn format_ms(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    match format_rfc3339(seconds) {
        Some(text) => format!("{}.{millis:03}Z", text.trim_end_matches('Z')),
        None => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_iso_and_epoch_times_alike() {
        let iso = json!({ "source": "messenger", "eventId": "m1", "eventTime": "2026-11-28T13:00:00.250+01:00", "fields": {} });
        let ms = json!({ "source": "messenger", "eventId": "m1", "eventTime": 1_795_867_200_250i64, "fields": {} });
        let a = Observation::from_json(0, &iso).unwrap();
        let b = Observation::from_json(0, &ms).unwrap();
        assert_eq!(a.event_time_ms, b.event_time_ms);
        assert_eq!(a.event_time(), "2026-11-28T12:00:00.250Z");
        assert_eq!(a.canonical(), b.canonical());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            (json!([]), "/observations/2"),
            (
                json!({ "eventId": "e", "eventTime": 0 }),
                "/observations/2/source",
            ),
            (
                json!({ "source": "x", "eventId": 7, "eventTime": 0 }),
                "/observations/2/eventId",
            ),
            (
                json!({ "source": "x", "eventId": "e", "eventTime": "yesterday" }),
                "/observations/2/eventTime",
            ),
            (
                json!({ "source": "x", "eventId": "e", "eventTime": 1.5 }),
                "/observations/2/eventTime",
            ),
            (
                json!({ "source": "x", "eventId": "e", "eventTime": 0, "fields": { "emails": "a@b.co" } }),
                "/observations/2/fields/emails",
            ),
            (
                json!({ "source": "x", "eventId": "e", "eventTime": 0, "contactid": "1" }),
                "/observations/2/contactid",
            ),
        ];
        for (input, path) in cases {
            let err = Observation::from_json(2, &input).unwrap_err();
            assert_eq!(err.code(), "ERR_MERGE_OBSERVATION");
            assert_eq!(err.path().as_deref(), Some(path), "{input}");
        }
    }

    #[test]
    fn contact_id_falls_back_to_the_fields_id() {
        let o = Observation::from_json(
            0,
            &json!({ "source": "crm", "eventId": "r1", "eventTime": 0, "fields": { "id": "42" } }),
        )
        .unwrap();
        assert_eq!(o.crm_contact_id(), Some("42"));
    }
}
