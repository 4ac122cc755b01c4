//! Signed timestamps as webhook headers spell them: unix seconds in decimal (Stripe, Slack,
//! TikTok, Standard Webhooks). The parser is strict: a timestamp is part of the signed bytes,
//! so there is nothing to gain by guessing.

use crate::error::Error;

/// Parses unix seconds written as ASCII decimal digits only (no sign, space or fraction).
pub fn unix_seconds(header: &str, text: &str) -> Result<i64, Error> {
    let malformed = || Error::WebhookHeader {
        header: header.to_owned(),
        problem: "expected a unix timestamp in seconds (decimal digits only)".into(),
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse::<i64>().map_err(|_| malformed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_accepts_digits_only() {
        assert_eq!(unix_seconds("t", "1614265330"), Ok(1_614_265_330));
        assert_eq!(unix_seconds("t", "0"), Ok(0));
        for bad in [
            "",
            " 1",
            "1 ",
            "+1",
            "-1",
            "1.5",
            "1e9",
            "0x10",
            "hello",
            "99999999999999999999",
        ] {
            let err = unix_seconds("webhook-timestamp", bad).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{bad:?}");
            assert_eq!(err.path().as_deref(), Some("/headers/webhook-timestamp"));
        }
    }
}
