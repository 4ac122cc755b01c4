//! The canonical CRM records every capability speaks: [`Contact`], [`Interaction`], [`Lead`] and
//! the [`SocialEvent`] that carries them out of a webhook delivery.
//!
//! Field names are camelCase on the wire (JSON and JS). Every platform id is a `String` end to
//! end: X ids exceed 2^53 and would lose digits as a JS number. Optional fields are omitted when
//! absent, lists when empty, so a record's JSON shows only what the platform said.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who a platform says a person is. Ids are scoped: a Messenger PSID belongs to one Page, an
/// Instagram IGSID to one professional account, a TikTok `open_id` to one app, so a key is the
/// triple, never a bare id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// `facebook`, `messenger`, `instagram`, `whatsapp`, `x`, `linkedin`, `tiktok`, `youtube`, …
    pub platform: String,
    /// What the id is scoped to (Page id, business account, app id); empty for global ids (X).
    #[serde(default)]
    pub scope: String,
    /// The platform's id for the person, as a string.
    pub id: String,
}

/// A person's name as given, plus its parts when known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Name {
    /// The name as displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<String>,
    /// Given (first) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family (last) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
}

impl Name {
    /// True when no part is known.
    pub fn is_empty(&self) -> bool {
        self.full.is_none() && self.given.is_none() && self.family.is_none()
    }
}

/// A handle (username) on one platform: `{ platform: "instagram", handle: "ada" }`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Handle {
    /// The platform the handle belongs to.
    pub platform: String,
    /// The handle without a leading `@`.
    pub handle: String,
}

/// A person as a CRM stores them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The CRM's own id for the contact, when the host has one (identity resolution uses it to
    /// name clusters and the surviving record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Platform identities, `(platform, scope, id)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identities: Vec<Identity>,
    /// Name and its parts.
    #[serde(default, skip_serializing_if = "Name::is_empty")]
    pub name: Name,
    /// Email addresses (canonical form when they came through the `email` transform).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Phone numbers, E.164 when they came through the `phone` transform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// Usernames per platform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handles: Vec<Handle>,
    /// Profile picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// BCP 47 locale (`en_US` as platforms send it is kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// IANA zone name or UTC offset, as the platform gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Anything else, keyed by the integrator's field names.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub custom: Map<String, Value>,
}

/// Which way a message went, seen from the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// From the customer to the business.
    Inbound,
    /// From the business (or its page, bot or agent) to the customer; Messenger echoes.
    Outbound,
}

/// A file, image or location sent with a message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// `image`, `video`, `audio`, `file`, `sticker`, `location`, `contacts`, `story_mention`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Where the media can be fetched (often short-lived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The platform's media id (WhatsApp), to be fetched through the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// MIME type when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Other data the attachment carries (coordinates, shared contacts, caption).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub data: Map<String, Value>,
}

/// One entry of the communication history: a message, comment, reaction, read receipt, …
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    /// The platform's id for the message or comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// `messenger`, `instagram_dm`, `instagram_comment`, `whatsapp`, `x_dm`, `x_mention`, `x_post`,
    /// `tiktok_dm`, `youtube_comment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Inbound or outbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// ISO 8601 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The text, when there is any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Files, media, locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Conversation, thread or post id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// The message or comment this one answers or reacts to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// The customer's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Identity>,
    /// The business side: Page, business account, phone number id or app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// A lead from a lead form (Facebook Lead Ads, LinkedIn Lead Gen Forms).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lead {
    /// The platform's lead id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_id: Option<String>,
    /// The ad, when the lead came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_id: Option<String>,
    /// The campaign, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// Answers by question name; a question without an answer is absent, never an error.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub answers: Map<String, Value>,
    /// The contact fields the answers carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// ISO 8601 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// What one item of a delivery means for the CRM.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SocialEvent {
    /// The platform.
    pub platform: String,
    /// `message`, `postback`, `referral`, `reaction`, `read`, `delivery`, `comment`,
    /// `story_mention`, WhatsApp statuses (`sent`, `delivery`, `read`, `failed`, `status`), `lead`,
    /// `lead_deleted`, `mention`, `post`, … or `unknown`.
    pub kind: String,
    /// The business side: Page, business account, phone number id or app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// ISO 8601 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The customer, as far as the payload tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The message, comment, reaction, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<Interaction>,
    /// The lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Lead>,
    /// JSON Pointer to the item of the delivery this event came from (`/entry/0/messaging/1`).
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_strings_and_empty_fields_are_omitted() {
        let event: SocialEvent = serde_json::from_value(serde_json::json!({
            "platform": "x", "kind": "message", "source": "/direct_message_events/0",
            "contact": { "identities": [{ "platform": "x", "id": "1298765432109876543" }] }
        }))
        .unwrap();
        let out = serde_json::to_value(&event).unwrap();
        assert_eq!(out["contact"]["identities"][0]["id"], "1298765432109876543");
        assert_eq!(out["contact"]["identities"][0]["scope"], "");
        assert!(out.get("interaction").is_none());
        assert!(out["contact"].get("emails").is_none());
    }
}
