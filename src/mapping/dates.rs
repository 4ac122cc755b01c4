//! Dates to ISO 8601 UTC (`YYYY-MM-DDTHH:MM:SSZ`, with `.sss` when there are milliseconds):
//! epoch seconds and milliseconds, ISO 8601 with any offset, RFC 2822 and X's `created_at`
//! (`Wed Oct 10 20:19:24 +0000 2018`). Plain calendar arithmetic, no time-zone database:
//! every format here carries its offset (or is UTC).

use crate::calendar::{civil_from_days, days_from_civil, days_in_month};
use serde_json::Value;
use std::fmt::Write;

/// Which format a `date` transform reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// Numbers and numeric strings as epoch seconds (below 10^11) or milliseconds; other
    /// strings as ISO 8601, RFC 2822 or X.
    Auto,
    /// Epoch seconds (number or numeric string; fractions allowed).
    EpochS,
    /// Epoch milliseconds.
    EpochMs,
    /// ISO 8601 / RFC 3339.
    Iso8601,
    /// RFC 2822 (e-mail dates).
    Rfc2822,
    /// X's `created_at`.
    X,
}

impl DateFormat {
    /// The format named `name` in a spec.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "auto" => DateFormat::Auto,
            "epoch_s" => DateFormat::EpochS,
            "epoch_ms" => DateFormat::EpochMs,
            "iso8601" => DateFormat::Iso8601,
            "rfc2822" => DateFormat::Rfc2822,
            "x" => DateFormat::X,
            _ => return None,
        })
    }

    /// The names a spec may use.
    pub(crate) const NAMES: &'static str = "auto, epoch_s, epoch_ms, iso8601, rfc2822, x";
}

/// Milliseconds since the Unix epoch; `None` when `value` is not a date in `format`.
pub(crate) fn parse(value: &Value, format: DateFormat) -> Option<i64> {
    let numeric = match value {
        Value::Number(n) => Some(n.as_f64()?),
        Value::String(s) => {
            let t = s.trim();
            let is_number = !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
            if is_number {
                t.parse::<f64>().ok()
            } else {
                None
            }
        }
        _ => return None,
    };
    match (format, numeric) {
        (DateFormat::EpochS, Some(n)) => from_f64(n * 1000.0),
        (DateFormat::EpochMs, Some(n)) => from_f64(n),
        (DateFormat::Auto, Some(n)) if n.abs() < 1e11 => from_f64(n * 1000.0),
        (DateFormat::Auto, Some(n)) => from_f64(n),
        (DateFormat::EpochS | DateFormat::EpochMs, None) => None,
        (_, Some(_)) => None,
        (format, None) => {
            let s = value.as_str()?.trim();
            match format {
                DateFormat::Iso8601 => iso8601(s),
                DateFormat::Rfc2822 => rfc2822(s),
                DateFormat::X => x_created_at(s),
                _ => iso8601(s)
                    .or_else(|| rfc2822(s))
                    .or_else(|| x_created_at(s)),
            }
        }
    }
    .filter(|ms| (MIN_MS..=MAX_MS).contains(ms))
}

// 0000-01-01 and 9999-12-31T23:59:59.999: the years ISO 8601's four digits can show.
const MIN_MS: i64 = -62_167_219_200_000;
const MAX_MS: i64 = 253_402_300_799_999;

fn from_f64(ms: f64) -> Option<i64> {
    (ms.is_finite() && ms.abs() < 1e16).then(|| ms.floor() as i64)
}

/// ISO 8601 UTC text for epoch milliseconds.
pub(crate) fn format(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    // Sized once for `YYYY-MM-DDTHH:MM:SS.mmmZ`; digits are written by hand (this runs per
    // delivery, and the formatting machinery costs more than the arithmetic above).
    let mut out = String::with_capacity(24);
    if (0..=9999).contains(&y) {
        push_digits(&mut out, y, 4);
    } else {
        let _ = write!(out, "{y:04}");
    }
    for (sep, value) in [('-', m), ('-', d), ('T', h), (':', min), (':', s)] {
        out.push(sep);
        push_digits(&mut out, value, 2);
    }
    if milli != 0 {
        out.push('.');
        push_digits(&mut out, milli, 3);
    }
    out.push('Z');
    out
}

/// `value` (0 ≤ value < 10^width) in `width` digits, zero-padded.
fn push_digits(out: &mut String, value: i64, width: u32) {
    for k in (0..width).rev() {
        let digit = value / 10_i64.pow(k) % 10;
        out.push(char::from_digit(u32::try_from(digit).unwrap_or(0), 10).unwrap_or('0'));
    }
}

/// Epoch ms of a calendar date and time minus `offset_min`; `None` when a part is out of range.
fn epoch_ms(date: (i64, i64, i64), time: (i64, i64, i64, i64), offset_min: i64) -> Option<i64> {
    let (y, m, d) = date;
    let (h, min, s, ms) = time;
    let valid = (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d)
        && (0..=23).contains(&h)
        && (0..=59).contains(&min)
        // A leap second (:60) is read as the last millisecond of the minute's 59th second.
        && (0..=60).contains(&s);
    if !valid {
        return None;
    }
    let s_ms = if s == 60 { 59_999 } else { s * 1000 + ms };
    Some(
        days_from_civil(y, m, d) * 86_400_000 + h * 3_600_000 + min * 60_000 + s_ms
            - offset_min * 60_000,
    )
}

/// A cursor over ASCII text.
struct Scan<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn new(s: &'a str) -> Self {
        Scan {
            s: s.as_bytes(),
            i: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.i += 1;
        }
        hit
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let part = self.s.get(self.i..self.i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(part.iter().fold(0, |a, b| a * 10 + i64::from(b - b'0')))
    }
    /// One or more digits, at most `max`.
    fn number(&mut self, max: usize) -> Option<(i64, usize)> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) && self.i - start < max {
            self.i += 1;
        }
        let part = self.s.get(start..self.i)?;
        (!part.is_empty()).then(|| {
            (
                part.iter().fold(0, |a, b| a * 10 + i64::from(b - b'0')),
                part.len(),
            )
        })
    }
    fn spaces(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|b| b == b' ' || b == b'\t') {
            self.i += 1;
        }
        self.i - start
    }
    fn word(&mut self) -> &'a [u8] {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or_default()
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    /// Fractional seconds after `.` or `,` as milliseconds (extra digits are truncated).
    fn fraction(&mut self) -> Option<i64> {
        if !(self.eat(b'.') || self.eat(b',')) {
            return Some(0);
        }
        let (value, len) = self.number(usize::MAX)?;
        let _ = value;
        let digits = self.s.get(self.i - len..self.i)?;
        let mut ms = 0;
        for k in 0..3 {
            ms = ms * 10 + digits.get(k).map_or(0, |b| i64::from(b - b'0'));
        }
        Some(ms)
    }
    /// `Z`, `±HH`, `±HHMM` or `±HH:MM` as minutes east of UTC.
    fn offset(&mut self) -> Option<i64> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let h = self.digits(2)?;
        let colon = self.eat(b':');
        let m = if colon || self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.digits(2)?
        } else {
            0
        };
        (h <= 23 && m <= 59).then_some(sign * (h * 60 + m))
    }
}

/// `2024-03-05`, `2024-03-05T14:07:09`, `…Z`, `….123+05:30`, `…+0000` (Meta), space for `T`.
/// Without an offset the time is taken as UTC.
fn iso8601(s: &str) -> Option<i64> {
    let mut p = Scan::new(s);
    let y = p.digits(4)?;
    p.eat(b'-').then_some(())?;
    let m = p.digits(2)?;
    p.eat(b'-').then_some(())?;
    let d = p.digits(2)?;
    if p.done() {
        return epoch_ms((y, m, d), (0, 0, 0, 0), 0);
    }
    if !(p.eat(b'T') || p.eat(b't') || p.eat(b' ')) {
        return None;
    }
    let h = p.digits(2)?;
    p.eat(b':').then_some(())?;
    let min = p.digits(2)?;
    let (sec, ms) = if p.eat(b':') {
        (p.digits(2)?, p.fraction()?)
    } else {
        (0, 0)
    };
    let offset = if p.done() { 0 } else { p.offset()? };
    p.done().then_some(())?;
    epoch_ms((y, m, d), (h, min, sec, ms), offset)
}

const MONTHS: [&[u8]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];
const DAYS: [&[u8]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];

fn month(word: &[u8]) -> Option<i64> {
    let lower = word.get(..3)?.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| *m == lower.as_slice())?;
    Some(i64::try_from(i).ok()? + 1)
}

fn weekday(word: &[u8]) -> bool {
    word.get(..3)
        .is_some_and(|w| DAYS.iter().any(|d| *d == w.to_ascii_lowercase().as_slice()))
}

/// `HH:MM[:SS]`.
fn clock(p: &mut Scan<'_>) -> Option<(i64, i64, i64)> {
    let h = p.digits(2)?;
    p.eat(b':').then_some(())?;
    let m = p.digits(2)?;
    let s = if p.eat(b':') { p.digits(2)? } else { 0 };
    Some((h, m, s))
}

/// RFC 2822 zones: numeric, `UT`/`GMT`/`Z`, and the US names it lists.
fn zone(p: &mut Scan<'_>) -> Option<i64> {
    if matches!(p.peek(), Some(b'+' | b'-')) {
        let sign = if p.eat(b'+') {
            1
        } else {
            p.eat(b'-').then_some(-1)?
        };
        let h = p.digits(2)?;
        let m = p.digits(2)?;
        return (h <= 23 && m <= 59).then_some(sign * (h * 60 + m));
    }
    let name = p.word().to_ascii_uppercase();
    Some(match name.as_slice() {
        b"UT" | b"UTC" | b"GMT" | b"Z" => 0,
        b"EDT" => -240,
        b"EST" | b"CDT" => -300,
        b"CST" | b"MDT" => -360,
        b"MST" | b"PDT" => -420,
        b"PST" => -480,
        _ => return None,
    })
}

/// `[Wed, ]10 Oct 2018 20:19:24 +0000`; two-digit years as RFC 2822's obsolete syntax says.
fn rfc2822(s: &str) -> Option<i64> {
    let mut p = Scan::new(s);
    let mark = p.i;
    let first = p.word();
    if first.is_empty() {
        p.i = mark;
    } else {
        weekday(first).then_some(())?;
        p.eat(b',');
        p.spaces();
    }
    let (d, _) = p.number(2)?;
    (p.spaces() > 0).then_some(())?;
    let m = month(p.word())?;
    (p.spaces() > 0).then_some(())?;
    let (y, len) = p.number(4)?;
    let y = match len {
        2 if y < 50 => 2000 + y,
        2 | 3 => 1900 + y,
        _ => y,
    };
    (p.spaces() > 0).then_some(())?;
    let (h, min, sec) = clock(&mut p)?;
    (p.spaces() > 0).then_some(())?;
    let offset = zone(&mut p)?;
    p.spaces();
    p.done().then_some(())?;
    epoch_ms((y, m, d), (h, min, sec, 0), offset)
}

/// X (Twitter v1.1) `created_at`: `Wed Oct 10 20:19:24 +0000 2018`.
fn x_created_at(s: &str) -> Option<i64> {
    let mut p = Scan::new(s);
    weekday(p.word()).then_some(())?;
    (p.spaces() > 0).then_some(())?;
    let m = month(p.word())?;
    (p.spaces() > 0).then_some(())?;
    let (d, _) = p.number(2)?;
    (p.spaces() > 0).then_some(())?;
    let (h, min, sec) = clock(&mut p)?;
    (p.spaces() > 0).then_some(())?;
    let offset = zone(&mut p)?;
    (p.spaces() > 0).then_some(())?;
    let y = p.digits(4)?;
    p.done().then_some(())?;
    epoch_ms((y, m, d), (h, min, sec, 0), offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn iso(value: Value, format: DateFormat) -> Option<String> {
        parse(&value, format).map(format_ms)
    }
    fn format_ms(ms: i64) -> String {
        format(ms)
    }

    #[test]
    fn epochs() {
        let want = Some("2023-11-14T22:13:20Z".to_owned());
        assert_eq!(iso(json!(1_700_000_000), DateFormat::EpochS), want);
        assert_eq!(iso(json!("1700000000"), DateFormat::EpochS), want);
        assert_eq!(iso(json!(1_700_000_000_000_i64), DateFormat::EpochMs), want);
        assert_eq!(iso(json!(1_700_000_000), DateFormat::Auto), want);
        assert_eq!(
            iso(json!(1_700_000_000_123_i64), DateFormat::Auto).as_deref(),
            Some("2023-11-14T22:13:20.123Z")
        );
        assert_eq!(
            iso(json!(0), DateFormat::EpochS).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            iso(json!(-1), DateFormat::EpochS).as_deref(),
            Some("1969-12-31T23:59:59Z")
        );
        assert_eq!(iso(json!("soon"), DateFormat::EpochS), None);
        assert_eq!(iso(json!(1e300), DateFormat::EpochS), None);
        assert_eq!(iso(json!(true), DateFormat::Auto), None);
    }

    #[test]
    fn iso8601_with_offsets() {
        let f = DateFormat::Iso8601;
        assert_eq!(
            iso(json!("2024-02-29T23:30:00+0000"), f).as_deref(),
            Some("2024-02-29T23:30:00Z")
        );
        assert_eq!(
            iso(json!("2024-02-29T23:30:00-02:00"), f).as_deref(),
            Some("2024-03-01T01:30:00Z")
        );
        assert_eq!(
            iso(json!("2024-03-01T05:00:00.5+05:30"), f).as_deref(),
            Some("2024-02-29T23:30:00.500Z")
        );
        assert_eq!(
            iso(json!("2024-03-01T05:00:00.123456Z"), f).as_deref(),
            Some("2024-03-01T05:00:00.123Z")
        );
        assert_eq!(
            iso(json!("2024-03-01"), f).as_deref(),
            Some("2024-03-01T00:00:00Z")
        );
        assert_eq!(
            iso(json!("2024-03-01 10:11"), f).as_deref(),
            Some("2024-03-01T10:11:00Z")
        );
        assert_eq!(iso(json!("2023-02-29T00:00:00Z"), f), None);
        assert_eq!(iso(json!("2024-13-01T00:00:00Z"), f), None);
        assert_eq!(iso(json!("2024-01-01T00:00:00Zjunk"), f), None);
    }

    #[test]
    fn rfc2822_and_x() {
        assert_eq!(
            iso(
                json!("Wed, 10 Oct 2018 20:19:24 +0000"),
                DateFormat::Rfc2822
            )
            .as_deref(),
            Some("2018-10-10T20:19:24Z")
        );
        assert_eq!(
            iso(json!("10 Oct 2018 20:19:24 -0700"), DateFormat::Rfc2822).as_deref(),
            Some("2018-10-11T03:19:24Z")
        );
        assert_eq!(
            iso(json!("Wed, 10 Oct 18 20:19 GMT"), DateFormat::Rfc2822).as_deref(),
            Some("2018-10-10T20:19:00Z")
        );
        assert_eq!(
            iso(json!("Wed, 10 Oct 2018 20:19:24 PST"), DateFormat::Rfc2822).as_deref(),
            Some("2018-10-11T04:19:24Z")
        );
        assert_eq!(
            iso(json!("Wed, 10 Oct 2018 20:19:24 EDT"), DateFormat::Rfc2822).as_deref(),
            Some("2018-10-11T00:19:24Z")
        );
        assert_eq!(
            iso(json!("Wed Oct 10 20:19:24 +0000 2018"), DateFormat::X).as_deref(),
            Some("2018-10-10T20:19:24Z")
        );
        assert_eq!(
            iso(json!("Wed Oct 10 20:19:24 +0000 2018"), DateFormat::Auto).as_deref(),
            Some("2018-10-10T20:19:24Z")
        );
        assert_eq!(
            iso(json!("Wed Oct 10 20:19:24 +0000 2018"), DateFormat::Rfc2822),
            None
        );
        assert_eq!(
            iso(json!("Wed Oct 32 20:19:24 +0000 2018"), DateFormat::X),
            None
        );
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468_i64, -1, 0, 1, 59, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
