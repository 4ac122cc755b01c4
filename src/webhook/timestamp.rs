//! Signed timestamps as webhook headers spell them: unix seconds in decimal (Stripe, Slack,
//! TikTok, Standard Webhooks) and RFC 3339 date-times (Zendesk). Both parsers are strict: a
//! timestamp is part of the signed bytes, so there is nothing to gain by guessing.

use crate::calendar::{civil_from_days, days_from_civil, days_in_month};
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

/// Parses an RFC 3339 date-time (`2021-12-17T17:59:05Z`, `…05.123+01:00`) into unix seconds.
/// Fractional seconds are dropped; `T` and `Z` may be lower case (RFC 3339 §5.6).
pub fn rfc3339_seconds(header: &str, text: &str) -> Result<i64, Error> {
    parse_rfc3339(text).ok_or_else(|| Error::WebhookHeader {
        header: header.to_owned(),
        problem: "expected an RFC 3339 date-time such as 2021-12-17T17:59:05Z".into(),
    })
}

/// Formats unix seconds as `YYYY-MM-DDTHH:MM:SSZ`, the form Zendesk sends; `None` outside the
/// years 0000–9999, which RFC 3339 cannot spell.
pub fn format_rfc3339(seconds: i64) -> Option<String> {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    ))
}

/// Unix seconds of an RFC 3339 date-time, or `None` (see [`rfc3339_seconds`]).
pub(crate) fn parse_rfc3339(text: &str) -> Option<i64> {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = cursor.digits(4)?;
    cursor.expect(b'-')?;
    let month = cursor.digits(2)?;
    cursor.expect(b'-')?;
    let day = cursor.digits(2)?;
    if !matches!(cursor.next()?, b'T' | b't') {
        return None;
    }
    let hour = cursor.digits(2)?;
    cursor.expect(b':')?;
    let minute = cursor.digits(2)?;
    cursor.expect(b':')?;
    let second = cursor.digits(2)?;
    if cursor.peek() == Some(b'.') {
        cursor.next()?;
        // At least one digit; their value does not change the whole second.
        cursor.digits(1)?;
        while cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
            cursor.next()?;
        }
    }
    let offset = match cursor.next()? {
        b'Z' | b'z' => 0,
        sign @ (b'+' | b'-') => {
            let hours = cursor.digits(2)?;
            cursor.expect(b':')?;
            let minutes = cursor.digits(2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return None,
    };
    if cursor.peek().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        // 60 is a leap second (RFC 3339 §5.7); it counts as the next minute's first second.
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// A byte cursor over ASCII text; every method returns `None` past the end or on a mismatch.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    /// Exactly `count` decimal digits as a number.
    fn digits(&mut self, count: usize) -> Option<i64> {
        let mut value = 0i64;
        for _ in 0..count {
            let digit = self.next()?;
            if !digit.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(digit - b'0');
        }
        Some(value)
    }
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

    #[test]
    fn rfc3339_known_instants() {
        // Cross-checked with Python: datetime.fromisoformat(...).timestamp().
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2021-12-17T17:59:05Z", 1_639_763_945),
            ("2021-03-25T05:09:27Z", 1_616_648_967),
            ("2021-03-25t05:09:27z", 1_616_648_967),
            ("2021-03-25T05:09:27.999Z", 1_616_648_967),
            ("2021-03-25T06:09:27+01:00", 1_616_648_967),
            ("2021-03-24T23:39:27-05:30", 1_616_648_967),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("1969-12-31T23:59:59Z", -1),
            ("2016-12-31T23:59:60Z", 1_483_228_800),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
        ];
        for (text, expected) in cases {
            assert_eq!(rfc3339_seconds("t", text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn rfc3339_rejects_everything_else() {
        for bad in [
            "",
            "2021-12-17",
            "2021-12-17T17:59:05",
            "2021-12-17 17:59:05Z",
            "2021-12-17T17:59Z",
            "2021-12-17T17:59:05.Z",
            "2021-12-17T17:59:05ZZ",
            "2021-12-17T17:59:05+0100",
            "2021-12-17T17:59:05+01",
            "2021-12-17T17:59:05+24:00",
            "2021-13-17T17:59:05Z",
            "2021-00-17T17:59:05Z",
            "2021-02-29T17:59:05Z",
            "1900-02-29T00:00:00Z",
            "2021-04-31T00:00:00Z",
            "2021-12-00T00:00:00Z",
            "2021-12-17T24:00:00Z",
            "2021-12-17T23:60:00Z",
            "2021-12-17T23:59:61Z",
            "21-12-17T17:59:05Z",
            "2021-1-17T17:59:05Z",
            "1639763945",
            "２０２１-12-17T17:59:05Z",
        ] {
            let err = rfc3339_seconds("x-zendesk-webhook-signature-timestamp", bad).unwrap_err();
            assert_eq!(err.code(), "ERR_WEBHOOK_HEADER", "{bad:?}");
        }
    }

    #[test]
    fn format_round_trips() {
        for seconds in [
            0,
            1_639_763_945,
            951_825_600,
            -1,
            253_402_300_799,
            -62_167_219_200,
        ] {
            let text = format_rfc3339(seconds).unwrap();
            assert_eq!(rfc3339_seconds("t", &text), Ok(seconds), "{text}");
        }
        assert_eq!(
            format_rfc3339(1_639_763_945).as_deref(),
            Some("2021-12-17T17:59:05Z")
        );
        assert_eq!(format_rfc3339(253_402_300_800), None);
        assert_eq!(format_rfc3339(-62_167_219_201), None);
        assert_eq!(format_rfc3339(i64::MIN), None);
        assert_eq!(format_rfc3339(i64::MAX), None);
    }

    proptest::proptest! {
        #[test]
        fn every_representable_second_round_trips(seconds in -62_167_219_200i64..=253_402_300_799) {
            let text = format_rfc3339(seconds).unwrap();
            proptest::prop_assert_eq!(rfc3339_seconds("t", &text), Ok(seconds));
        }

        #[test]
        fn parsers_never_panic(text in "[0-9T:.Zz+-]{0,30}|\\PC{0,30}") {
            let _ = rfc3339_seconds("t", &text);
            let _ = unix_seconds("t", &text);
        }
    }
}
