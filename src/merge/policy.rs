//! Merge policies: which survivorship rule decides each field, the source order, and the
//! observations to leave out (unmerge by recomputation).

use super::fields::{is_list_path, is_scalar_path};
use crate::error::Error;
use crate::identity::normalize::identity_key;
use serde_json::Value;

/// How one field's surviving value is chosen. The set is closed; see the README, "Merging
/// contacts".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The value of the latest observation that mentions the field; an explicit empty string
    /// clears it.
    MostRecent,
    /// The value from the source listed first (the rule's own list, else the policy's
    /// `sourcePriority`); unlisted sources come after listed ones.
    SourcePriority(Option<Vec<String>>),
    /// The value most observations agree on (after normalisation).
    MostFrequent,
    /// Every distinct canonical value (list fields: emails, phones, identities, handles).
    Union,
    /// The latest non-empty value: an empty string never clears.
    NonEmpty,
    /// The longest value (characters).
    Longest,
    /// CRM-owned: the CRM's value (`crmSource`) whenever it has one, else as `non_empty`.
    KeepExisting,
}

impl Rule {
    /// The rule's name as policies and provenance spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::MostRecent => "most_recent",
            Rule::SourcePriority(_) => "source_priority",
            Rule::MostFrequent => "most_frequent",
            Rule::Union => "union",
            Rule::NonEmpty => "non_empty",
            Rule::Longest => "longest",
            Rule::KeepExisting => "keep_existing",
        }
    }

    fn from_name(name: &str) -> Option<Rule> {
        Some(match name {
            "most_recent" => Rule::MostRecent,
            "source_priority" => Rule::SourcePriority(None),
            "most_frequent" => Rule::MostFrequent,
            "union" => Rule::Union,
            "non_empty" => Rule::NonEmpty,
            "longest" => Rule::Longest,
            "keep_existing" => Rule::KeepExisting,
            _ => return None,
        })
    }
}

/// Observations to leave out of a merge: the way to unmerge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// Every observation of a source, or one event of it.
    Source {
        /// The source.
        source: String,
        /// One event; `None` drops all of the source's observations.
        event_id: Option<String>,
    },
    /// A vetoed link: every observation carrying this identity (its [`identity_key`]).
    Identity(String),
    /// Every observation belonging to this CRM contact.
    ContactId(String),
}

/// The policy of one merge. [`MergePolicy::default`] is the documented default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePolicy {
    /// Rules by field path (`name.full`, `custom.tier`, `custom.*`, `name`, `emails`, …).
    pub rules: Vec<(String, Rule)>,
    /// Sources in order of trust, for `source_priority` and as the second tie-breaker.
    pub source_priority: Vec<String>,
    /// The source whose values `keep_existing` keeps (the CRM's own record).
    pub crm_source: String,
    /// Region for phone numbers written without a country code (ISO 3166-1 alpha-2).
    pub default_region: Option<String>,
    /// Observations to leave out.
    pub exclude: Vec<Exclusion>,
}

impl Default for MergePolicy {
    fn default() -> Self {
        MergePolicy {
            rules: Vec::new(),
            source_priority: vec![CRM.to_owned()],
            crm_source: CRM.to_owned(),
            default_region: None,
            exclude: Vec::new(),
        }
    }
}

const CRM: &str = "crm";

const KEYS: &[&str] = &[
    "rules",
    "sourcePriority",
    "crmSource",
    "defaultRegion",
    "exclude",
];

impl MergePolicy {
    /// The rule for a field path: the policy's rule for the exact path, else for its group
    /// (`name` for `name.*`, `custom.*` for custom fields), else the default (see
    /// [`default_rule`]).
    #[inline(never)]
    pub fn rule_for(&self, path: &str) -> Rule {
        let group = if path.starts_with("name.") {
            Some("name")
        } else if path.starts_with("custom.") {
            Some("custom.*")
        } else {
            None
        };
        let find = |wanted: &str| {
            self.rules
                .iter()
                .find(|(p, _)| p == wanted)
                .map(|(_, r)| r.clone())
        };
        find(path)
            .or_else(|| group.and_then(find))
            .unwrap_or_else(|| default_rule(path))
    }

    /// Reads a policy from JSON (`null` or absent: the default), validating every entry.
    #[inline(never)]
    pub fn from_json(value: Option<&Value>) -> Result<Self, Error> {
        let mut policy = MergePolicy::default();
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Ok(policy);
        };
        let object = value
            .as_object()
            .ok_or_else(|| fail("", "expected a policy object { rules?, sourcePriority?, crmSource?, defaultRegion?, exclude? }"))?;
        if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(fail(
                &format!("/{}", escape(key)),
                "unknown key; a policy has rules, sourcePriority, crmSource, defaultRegion and exclude",
            ));
        }
        if let Some(list) = object.get("sourcePriority") {
            policy.source_priority = strings(list, "/sourcePriority")?;
        }
        if let Some(crm) = object.get("crmSource") {
            policy.crm_source = crm
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| fail("/crmSource", "expected the CRM's source name as a string"))?
                .to_owned();
        }
        if let Some(region) = object.get("defaultRegion") {
            policy.default_region = Some(
                region
                    .as_str()
                    .filter(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
                    .ok_or_else(|| {
                        fail(
                            "/defaultRegion",
                            "expected an ISO 3166-1 alpha-2 region such as \"GB\"",
                        )
                    })?
                    .to_ascii_uppercase(),
            );
        }
        if let Some(rules) = object.get("rules") {
            let rules = rules
                .as_object()
                .ok_or_else(|| fail("/rules", "expected an object of field paths to rules"))?;
            for (path, rule) in rules {
                let at = format!("/rules/{}", escape(path));
                policy
                    .rules
                    .push((path.clone(), read_rule(path, rule, &at)?));
            }
        }
        if let Some(exclude) = object.get("exclude") {
            let list = exclude
                .as_array()
                .ok_or_else(|| fail("/exclude", "expected an array of exclusions"))?;
            for (i, entry) in list.iter().enumerate() {
                policy
                    .exclude
                    .push(read_exclusion(entry, &format!("/exclude/{i}"))?);
            }
        }
        Ok(policy)
    }
}

/// The documented defaults: list fields by `union`; name parts by `source_priority` (the CRM
/// first by default, then the latest); `avatarUrl`, `locale`, `timezone` and custom fields by
/// `most_recent`; `company` and `title` by `non_empty`.
pub fn default_rule(path: &str) -> Rule {
    match path {
        _ if is_list_path(path) => Rule::Union,
        "name.full" | "name.given" | "name.family" => Rule::SourcePriority(None),
        "company" | "title" => Rule::NonEmpty,
        _ => Rule::MostRecent,
    }
}

fn read_rule(path: &str, value: &Value, at: &str) -> Result<Rule, Error> {
    let known = path == "name" || path == "custom.*" || is_scalar_path(path) || is_list_path(path);
    if !known {
        return Err(fail(
            at,
            "unknown field; rules apply to identities, emails, phones, handles, name, name.full, name.given, name.family, avatarUrl, locale, timezone, company, title, custom.<key> and custom.*",
        ));
    }
    let (name, sources) = match value {
        Value::String(name) => (name.as_str(), None),
        Value::Object(o) => {
            if let Some(key) = o.keys().find(|k| *k != "rule" && *k != "sources") {
                return Err(fail(
                    &format!("{at}/{}", escape(key)),
                    "unknown key; a rule object has rule and sources",
                ));
            }
            let name = o
                .get("rule")
                .and_then(Value::as_str)
                .ok_or_else(|| fail(&format!("{at}/rule"), "expected the rule's name"))?;
            let sources = o
                .get("sources")
                .map(|s| strings(s, &format!("{at}/sources")))
                .transpose()?;
            (name, sources)
        }
        _ => return Err(fail(at, "expected a rule name or { rule, sources? }")),
    };
    let rule = Rule::from_name(name).ok_or_else(|| {
        fail(at, "unknown rule; expected most_recent, source_priority, most_frequent, union, non_empty, longest or keep_existing")
    })?;
    let rule = match (rule, sources) {
        (Rule::SourcePriority(_), sources) => Rule::SourcePriority(sources),
        (_, Some(_)) => {
            return Err(fail(
                &format!("{at}/sources"),
                "only source_priority takes a sources list",
            ))
        }
        (rule, None) => rule,
    };
    match (is_list_path(path), rule == Rule::Union) {
        (true, false) => Err(fail(
            at,
            "list fields are merged by union: every distinct canonical value is kept",
        )),
        (false, true) => Err(fail(
            at,
            "union merges lists (identities, emails, phones, handles); a single value needs another rule",
        )),
        _ => Ok(rule),
    }
}

fn read_exclusion(value: &Value, at: &str) -> Result<Exclusion, Error> {
    let shape =
        "expected { source, eventId? }, { identity: { platform, scope?, id } } or { contactId }";
    let o = value.as_object().ok_or_else(|| fail(at, shape))?;
    let text = |key: &str, v: &Value| {
        v.as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| fail(&format!("{at}/{key}"), "expected a non-empty string"))
    };
    let keys: Vec<&str> = o.keys().map(String::as_str).collect();
    match keys.as_slice() {
        ["source"] | ["eventId", "source"] => Ok(Exclusion::Source {
            source: text("source", o.get("source").unwrap_or(&Value::Null))?,
            event_id: o.get("eventId").map(|v| text("eventId", v)).transpose()?,
        }),
        ["contactId"] => Ok(Exclusion::ContactId(text(
            "contactId",
            o.get("contactId").unwrap_or(&Value::Null),
        )?)),
        ["identity"] => {
            let identity = o
                .get("identity")
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    fail(
                        &format!("{at}/identity"),
                        "expected { platform, scope?, id }",
                    )
                })?;
            let part = |key: &str, required: bool| -> Result<String, Error> {
                match identity.get(key) {
                    Some(Value::String(s)) if !s.is_empty() || !required => Ok(s.clone()),
                    None if !required => Ok(String::new()),
                    _ => Err(fail(&format!("{at}/identity/{key}"), "expected a string")),
                }
            };
            Ok(Exclusion::Identity(identity_key(
                &part("platform", true)?,
                &part("scope", false)?,
                &part("id", true)?,
            )))
        }
        _ => Err(fail(at, shape)),
    }
}

fn strings(value: &Value, at: &str) -> Result<Vec<String>, Error> {
    let list = value
        .as_array()
        .ok_or_else(|| fail(at, "expected an array of source names"))?;
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| fail(&format!("{at}/{i}"), "expected a source name"))
        })
        .collect()
}

fn fail(at: &str, problem: &str) -> Error {
    Error::MergePolicy {
        path: format!("/policy{at}"),
        problem: problem.to_owned(),
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_groups() {
        let p = MergePolicy::from_json(Some(&json!({ "rules": { "name": "longest", "custom.*": "non_empty", "custom.tier": "keep_existing" } }))).unwrap();
        assert_eq!(p.rule_for("name.full"), Rule::Longest);
        assert_eq!(p.rule_for("custom.tier"), Rule::KeepExisting);
        assert_eq!(p.rule_for("custom.other"), Rule::NonEmpty);
        assert_eq!(p.rule_for("emails"), Rule::Union);
        let d = MergePolicy::default();
        assert_eq!(d.rule_for("name.given"), Rule::SourcePriority(None));
        assert_eq!(d.rule_for("company"), Rule::NonEmpty);
        assert_eq!(d.rule_for("avatarUrl"), Rule::MostRecent);
        assert_eq!(d.rule_for("custom.x"), Rule::MostRecent);
        assert_eq!(MergePolicy::from_json(Some(&Value::Null)).unwrap(), d);
    }

    #[test]
    fn reads_sources_and_exclusions() {
        let p = MergePolicy::from_json(Some(&json!({
            "rules": { "title": { "rule": "source_priority", "sources": ["linkedin", "crm"] } },
            "sourcePriority": ["crm", "hubspot"], "crmSource": "hubspot", "defaultRegion": "gb",
            "exclude": [{ "source": "x" }, { "source": "instagram", "eventId": "e1" }, { "contactId": "7" },
                        { "identity": { "platform": "messenger", "scope": "page", "id": "1" } }]
        }))).unwrap();
        assert_eq!(
            p.rule_for("title"),
            Rule::SourcePriority(Some(vec!["linkedin".into(), "crm".into()]))
        );
        assert_eq!(p.crm_source, "hubspot");
        assert_eq!(p.default_region.as_deref(), Some("GB"));
        assert_eq!(p.exclude.len(), 4);
        assert_eq!(p.exclude[3], Exclusion::Identity("messenger|page|1".into()));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            (json!([]), "/policy"),
            (json!({ "rule": {} }), "/policy/rule"),
            (
                json!({ "rules": { "nickname": "longest" } }),
                "/policy/rules/nickname",
            ),
            (
                json!({ "rules": { "title": "newest" } }),
                "/policy/rules/title",
            ),
            (
                json!({ "rules": { "title": "union" } }),
                "/policy/rules/title",
            ),
            (
                json!({ "rules": { "emails": "most_recent" } }),
                "/policy/rules/emails",
            ),
            (
                json!({ "rules": { "title": { "rule": "longest", "sources": [] } } }),
                "/policy/rules/title/sources",
            ),
            (
                json!({ "sourcePriority": ["a", 1] }),
                "/policy/sourcePriority/1",
            ),
            (json!({ "defaultRegion": "GBR" }), "/policy/defaultRegion"),
            (
                json!({ "exclude": [{ "eventId": "e" }] }),
                "/policy/exclude/0",
            ),
            (
                json!({ "exclude": [{ "identity": { "platform": "x" } }] }),
                "/policy/exclude/0/identity/id",
            ),
        ];
        for (input, path) in cases {
            let err = MergePolicy::from_json(Some(&input)).unwrap_err();
            assert_eq!(err.code(), "ERR_MERGE_POLICY");
            assert_eq!(err.path().as_deref(), Some(path), "{input}");
        }
    }
}
