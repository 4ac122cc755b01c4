//! When to retry a platform call, and after how long: the platforms' own signals first, then
//! exponential backoff with deterministic jitter (from the caller's `seed`) and a cap.
//!
//! Signals, in the order they are read:
//! 1. `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3).
//! 2. Meta: `X-Business-Use-Case-Usage` `estimated_time_to_regain_access` (minutes); throttling
//!    error codes 4, 17, 32, 613 and 80000–80014 back off; `is_transient` errors and codes 1
//!    and 2 back off.
//! 3. `x-rate-limit-reset` (X) or `x-ratelimit-reset` (TikTok, **uncertain**): unix seconds, or
//!    seconds from now when small.
//! 4. Google `quotaExceeded` / `dailyLimitExceeded`: the daily quota resets at midnight Pacific
//!    time; the plan waits until 08:00 UTC (midnight PST, 1 a.m. PDT: never early).
//! 5. LinkedIn 429 carries no headers and its limits are daily (reset at midnight UTC): the
//!    first two attempts back off (a 429 may be short-lived protection), later ones wait until
//!    midnight UTC.
//! 6. Other 429s back off; 5xx except 501, and 408, back off.
//!
//! A server-given wait longer than `maxWaitMs` comes back as `retry: false` with the wait in
//! `delayMs`: schedule the work for later instead of holding a request open.

use crate::calendar::days_from_civil;
use crate::oauth::options::object;
use crate::oauth::platform_error;
use crate::oauth::providers::{Platform, Provider};
use crate::webhook::Headers;
use serde_json::Value;

/// Limits of a retry plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included: at `attempt >= max_attempts` there is no retry.
    pub max_attempts: u32,
    /// The first backoff, before jitter.
    pub base_delay_ms: u64,
    /// The backoff cap.
    pub max_delay_ms: u64,
    /// The longest server-given wait to retry after in process.
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay_ms: 1_000,
            max_delay_ms: 60_000,
            max_wait_ms: 15 * 60 * 1_000,
        }
    }
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPlan {
    /// Whether to send the request again after `delay_ms`.
    pub retry: bool,
    /// How long to wait; with `retry: false`, a non-zero value is when the platform said the
    /// call may succeed again.
    pub delay_ms: u64,
    /// Why: `success`, `retry-after`, `usage-limit`, `rate-limit-reset`, `rate-limited`,
    /// `daily-limit`, `transient`, `server-error`, `timeout`, `not-retryable` or
    /// `attempts-exhausted`.
    pub reason: &'static str,
}

impl RetryPlan {
    /// `{ retry, delayMs, reason }`.
    pub fn to_json(&self) -> Value {
        object([
            ("retry", Some(self.retry.into())),
            ("delayMs", Some(self.delay_ms.into())),
            ("reason", Some(self.reason.into())),
        ])
    }
}

/// The response a plan is made for.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: &'a Headers<'a>,
    /// The response body (JSON errors are read for Meta and Google codes).
    pub body: &'a str,
}

/// The plan after attempt number `attempt` (1 for the first request) got `response`.
pub fn retry_plan(
    provider: &Provider,
    response: Response<'_>,
    attempt: u32,
    now: i64,
    seed: u64,
    policy: RetryPolicy,
) -> RetryPlan {
    let plan = Planner {
        attempt: attempt.max(1),
        random: mix(seed ^ u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        policy,
    };
    let status = response.status;
    if (200..300).contains(&status) {
        return RetryPlan {
            retry: false,
            delay_ms: 0,
            reason: "success",
        };
    }
    let header = |name: &str| {
        response
            .headers
            .get(name)
            .ok()
            .flatten()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let body: Value = serde_json::from_slice(response.body.as_bytes()).unwrap_or(Value::Null);
    let error = platform_error::read(status, &body);

    if let Some(seconds) = header("retry-after").and_then(|v| retry_after_seconds(v, now)) {
        return plan.wait(seconds.saturating_mul(1000), "retry-after");
    }
    if matches!(provider.platform, Platform::Meta | Platform::Instagram) {
        if let Some(minutes) = header("x-business-use-case-usage").and_then(regain_minutes) {
            return plan.wait(minutes.saturating_mul(60_000), "usage-limit");
        }
        let code = error.as_ref().and_then(|e| e.code);
        if matches!(code, Some(4 | 17 | 32 | 613 | 80_000..=80_014)) {
            return plan.backoff("rate-limited");
        }
        let transient = body
            .get("error")
            .and_then(|e| e.get("is_transient"))
            .and_then(Value::as_bool)
            == Some(true);
        if transient || matches!(code, Some(1 | 2)) {
            return plan.backoff("transient");
        }
    }
    if status == 429 {
        if let Some(reset) = header("x-rate-limit-reset").or_else(|| header("x-ratelimit-reset")) {
            if let Ok(reset) = reset.parse::<i64>() {
                // Unix seconds (X); a small number is read as seconds from now.
                let seconds = if reset > 1_000_000_000 {
                    reset.saturating_sub(now)
                } else {
                    reset
                };
                let ms = u64::try_from(seconds).unwrap_or(0).saturating_mul(1000);
                return plan.wait(ms, "rate-limit-reset");
            }
        }
    }
    if provider.platform == Platform::Google && matches!(status, 403 | 429) {
        match error.as_ref().and_then(|e| e.error.as_deref()) {
            Some("quotaExceeded" | "dailyLimitExceeded") => {
                return plan.wait(until_utc_hour(now, 8).saturating_mul(1000), "daily-limit")
            }
            Some("rateLimitExceeded" | "userRateLimitExceeded") => {
                return plan.backoff("rate-limited")
            }
            _ => {}
        }
    }
    match status {
        429 if provider.platform == Platform::LinkedIn && plan.attempt >= 3 => {
            plan.wait(until_utc_hour(now, 0).saturating_mul(1000), "daily-limit")
        }
        429 => plan.backoff("rate-limited"),
        408 => plan.backoff("timeout"),
        500..=599 if status != 501 => plan.backoff("server-error"),
        _ => RetryPlan {
            retry: false,
            delay_ms: 0,
            reason: "not-retryable",
        },
    }
}

struct Planner {
    attempt: u32,
    random: u64,
    policy: RetryPolicy,
}

impl Planner {
    fn exhausted(&self) -> Option<RetryPlan> {
        (self.attempt >= self.policy.max_attempts).then_some(RetryPlan {
            retry: false,
            delay_ms: 0,
            reason: "attempts-exhausted",
        })
    }

    /// Exponential backoff, capped, with "equal jitter": half fixed, half random.
    fn backoff(&self, reason: &'static str) -> RetryPlan {
        if let Some(plan) = self.exhausted() {
            return plan;
        }
        let exponent = (self.attempt - 1).min(32);
        let delay = self
            .policy
            .base_delay_ms
            .saturating_mul(1u64 << exponent)
            .min(self.policy.max_delay_ms);
        let half = delay / 2;
        RetryPlan {
            retry: true,
            delay_ms: half + self.random % (delay - half + 1),
            reason,
        }
    }

    /// A wait the platform asked for, plus up to a second of jitter so that many clients do
    /// not return at the same instant.
    fn wait(&self, ms: u64, reason: &'static str) -> RetryPlan {
        if let Some(plan) = self.exhausted() {
            return plan;
        }
        let delay_ms = ms.saturating_add(self.random % 1000);
        RetryPlan {
            retry: ms <= self.policy.max_wait_ms,
            delay_ms,
            reason,
        }
    }
}

/// SplitMix64's finaliser: a well-spread number from any seed.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seconds to wait from a `Retry-After` value: delay-seconds or an IMF-fixdate.
fn retry_after_seconds(value: &str, now: i64) -> Option<u64> {
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok();
    }
    let at = parse_http_date(value)?;
    Some(u64::try_from(at.saturating_sub(now)).unwrap_or(0))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7) into unix seconds.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|n| n.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// The longest `estimated_time_to_regain_access` (minutes) in a Business Use Case header.
fn regain_minutes(header: &str) -> Option<u64> {
    let usage: Value = serde_json::from_slice(header.as_bytes()).ok()?;
    usage
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|entry| entry.get("estimated_time_to_regain_access")?.as_u64())
        .max()
        .filter(|minutes| *minutes > 0)
}

/// Seconds from `now` to the next `hour`:00 UTC.
fn until_utc_hour(now: i64, hour: i64) -> u64 {
    let target = hour * 3600;
    let of_day = now.rem_euclid(86_400);
    let seconds = if of_day < target {
        target - of_day
    } else {
        86_400 - of_day + target
    };
    u64::try_from(seconds).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::providers::resolve;
    use serde_json::json;

    // 2023-11-14T22:13:20Z
    const NOW: i64 = 1_700_000_000;

    fn plan(
        name: &str,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
        attempt: u32,
    ) -> RetryPlan {
        let provider = resolve(&json!(name)).unwrap();
        let headers: Headers<'_> = headers.iter().copied().collect();
        retry_plan(
            &provider,
            Response {
                status,
                headers: &headers,
                body,
            },
            attempt,
            NOW,
            42,
            RetryPolicy::default(),
        )
    }

    #[test]
    fn success_and_client_errors_are_not_retried() {
        assert_eq!(plan("x", 200, &[], "", 1).reason, "success");
        let p = plan("x", 400, &[], r#"{"title":"Invalid Request"}"#, 1);
        assert_eq!((p.retry, p.reason), (false, "not-retryable"));
        assert_eq!(plan("x", 501, &[], "", 1).reason, "not-retryable");
    }

    // RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
    #[test]
    fn retry_after_seconds_and_date() {
        let p = plan("google", 503, &[("Retry-After", "120")], "", 1);
        assert!(p.retry);
        assert!((120_000..121_000).contains(&p.delay_ms), "{p:?}");
        assert_eq!(p.reason, "retry-after");
        let p = plan(
            "google",
            503,
            &[("retry-after", "Tue, 14 Nov 2023 22:14:20 GMT")],
            "",
            1,
        );
        assert!((60_000..61_000).contains(&p.delay_ms), "{p:?}");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        // A wait beyond maxWaitMs is reported, not retried inline.
        let p = plan("google", 503, &[("retry-after", "3600")], "", 1);
        assert_eq!((p.retry, p.reason), (false, "retry-after"));
        assert!(p.delay_ms >= 3_600_000);
    }

    // docs.x.com/fundamentals/rate-limits: 429 with x-rate-limit-reset (unix seconds).
    #[test]
    fn x_rate_limit_reset() {
        let reset = (NOW + 300).to_string();
        let p = plan(
            "x",
            429,
            &[
                ("x-rate-limit-limit", "15"),
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", &reset),
            ],
            r#"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#,
            1,
        );
        assert_eq!((p.retry, p.reason), (true, "rate-limit-reset"));
        assert!((300_000..301_000).contains(&p.delay_ms), "{p:?}");
        // A 16-minute wait (X windows are 15 minutes, resets drift) is over the default 15.
        let late = (NOW + 960).to_string();
        assert!(!plan("x", 429, &[("x-rate-limit-reset", &late)], "", 1).retry);
        let tiktok = plan(
            "tiktok",
            429,
            &[("x-ratelimit-reset", "30")],
            r#"{"error":{"code":"rate_limit_exceeded","message":"","log_id":"1"}}"#,
            1,
        );
        assert!((30_000..31_000).contains(&tiktok.delay_ms), "{tiktok:?}");
    }

    // developers.facebook.com/docs/graph-api/overview/rate-limiting: BUC header and codes.
    #[test]
    fn meta_usage_headers_and_throttling_codes() {
        let buc = r#"{"112233":[{"type":"pages","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":5}]}"#;
        let p = plan(
            "facebook",
            400,
            &[("x-business-use-case-usage", buc)],
            r#"{"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32}}"#,
            1,
        );
        assert_eq!((p.retry, p.reason), (true, "usage-limit"));
        assert!((300_000..301_000).contains(&p.delay_ms));
        for code in [4, 17, 32, 613, 80_001, 80_014] {
            let body =
                json!({ "error": { "message": "limit", "type": "OAuthException", "code": code } })
                    .to_string();
            let p = plan(
                "facebook",
                400,
                &[(
                    "x-app-usage",
                    r#"{"call_count":100,"total_cputime":10,"total_time":10}"#,
                )],
                &body,
                1,
            );
            assert_eq!((p.retry, p.reason), (true, "rate-limited"), "code {code}");
        }
        let zero = r#"{"1":[{"type":"pages","call_count":5,"estimated_time_to_regain_access":0}]}"#;
        assert_eq!(
            plan(
                "facebook",
                400,
                &[("x-business-use-case-usage", zero)],
                r#"{"error":{"code":100,"message":"bad field"}}"#,
                1
            )
            .reason,
            "not-retryable"
        );
        let transient = plan(
            "instagram",
            500,
            &[],
            r#"{"error":{"message":"An unexpected error has occurred.","type":"OAuthException","is_transient":true,"code":2}}"#,
            1,
        );
        assert_eq!(transient.reason, "transient");
    }

    // learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits: 429, no headers,
    // daily limits reset at midnight UTC.
    #[test]
    fn linkedin_429_backs_off_then_waits_for_midnight() {
        let first = plan("linkedin", 429, &[], "", 1);
        assert_eq!((first.retry, first.reason), (true, "rate-limited"));
        let third = plan("linkedin", 429, &[], "", 3);
        assert_eq!((third.retry, third.reason), (false, "daily-limit"));
        // 22:13:20 → midnight is 1 h 46 min 40 s away.
        assert!(
            (6_400_000..6_401_000).contains(&third.delay_ms),
            "{third:?}"
        );
    }

    // developers.google.com/youtube/v3/docs/errors: quotaExceeded (daily), rateLimitExceeded.
    #[test]
    fn youtube_quota() {
        let quota = plan(
            "google",
            403,
            &[],
            r#"{"error":{"code":403,"message":"quota","errors":[{"reason":"quotaExceeded","domain":"youtube.quota"}]}}"#,
            1,
        );
        assert_eq!((quota.retry, quota.reason), (false, "daily-limit"));
        let rate = plan(
            "google",
            403,
            &[],
            r#"{"error":{"code":403,"errors":[{"reason":"rateLimitExceeded"}]}}"#,
            1,
        );
        assert_eq!((rate.retry, rate.reason), (true, "rate-limited"));
        assert_eq!(
            plan(
                "google",
                403,
                &[],
                r#"{"error":{"code":403,"errors":[{"reason":"forbidden"}]}}"#,
                1
            )
            .reason,
            "not-retryable"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap_and_stops() {
        for attempt in 1..=4u32 {
            let p = plan("x", 503, &[], "", attempt);
            let full = 1000u64 << (attempt - 1);
            assert!(p.retry);
            assert!(
                (full / 2..=full).contains(&p.delay_ms),
                "attempt {attempt}: {p:?}"
            );
        }
        let provider = resolve(&json!("x")).unwrap();
        let headers = Headers::default();
        let policy = RetryPolicy {
            max_attempts: 50,
            ..RetryPolicy::default()
        };
        let capped = retry_plan(
            &provider,
            Response {
                status: 500,
                headers: &headers,
                body: "",
            },
            40,
            NOW,
            1,
            policy,
        );
        assert!(capped.delay_ms <= 60_000 && capped.delay_ms >= 30_000);
        assert_eq!(plan("x", 503, &[], "", 5).reason, "attempts-exhausted");
        assert_eq!(plan("x", 408, &[], "", 1).reason, "timeout");
        assert_eq!(plan("x", 429, &[], "", 1).reason, "rate-limited");
    }

    #[test]
    fn the_seed_makes_jitter_deterministic() {
        let provider = resolve(&json!("x")).unwrap();
        let headers = Headers::default();
        let run = |seed| {
            retry_plan(
                &provider,
                Response {
                    status: 503,
                    headers: &headers,
                    body: "",
                },
                3,
                NOW,
                seed,
                RetryPolicy::default(),
            )
            .delay_ms
        };
        assert_eq!(run(7), run(7));
        let distinct: std::collections::BTreeSet<u64> = (0..50).map(run).collect();
        assert!(distinct.len() > 40);
    }

    #[test]
    fn midnight_arithmetic() {
        assert_eq!(until_utc_hour(0, 0), 86_400);
        assert_eq!(until_utc_hour(3600, 8), 7 * 3600);
        assert_eq!(until_utc_hour(9 * 3600, 8), 23 * 3600);
    }
}
