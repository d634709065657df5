//! Dates written the Vietnamese way: `31/03/2024` on the web, `ngày 05 tháng 7 năm 2023` in formal text.

use jiff::civil::Date;

use super::{ParseError, nfc, quote};

/// A date for the web, day first and always padded: `31/03/2024`, `05/07/2023`.
///
/// Years are written with at least four digits (years before 1000 are zero-padded).
pub fn format_date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A date in formal text: `ngày 25 tháng 9 năm 2020`, `ngày 05 tháng 7 năm 2023`, `ngày 25 tháng 01 năm 2021`.
///
/// As administrative documents write it (domain.md): the day is padded below 10, the month only for
/// January and February (`tháng 01`, `tháng 02`, so they cannot be misread as `tháng 10`–`12`), the year is
/// written in full.
pub fn format_date_long(d: Date) -> String {
    let month = d.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

const EXPECTED: &str = "expected a date such as 31/03/2024, 25/9/2020 or 2024-03-31";

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parse a date, day first: `31/03/2024`, `25/9/2020`, `25-9-2020`; or ISO `2024-03-31` (recognised by a
/// four-digit first group); or the formal `ngày 25 tháng 9 năm 2020`. Surrounding whitespace is ignored.
///
/// The short forms use one separator throughout (`/` or `-`); day and month have one or two digits, the
/// year four. A date that does not exist (`31/02/2024`) is rejected, naming the month's length; a month
/// above 12 with a day that could be a month (`9/25/2020`) gets the hint `dates are day first: 25/09/2020`.
pub fn parse_date(s: &str) -> Result<Date, ParseError> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(ParseError::new(format!("empty value: {EXPECTED}")));
    }
    let normalized = nfc(trimmed).to_lowercase();
    if normalized.starts_with("ngày") {
        return parse_long(&normalized, trimmed);
    }

    let bad = |message: String| ParseError::new(message).with_hint("write for example 31/03/2024");
    if let Some(c) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '/' || *c == '-'))
    {
        let message = if c == 'T' || (c == ' ' && trimmed.contains(':')) {
            format!("{} has a time: {EXPECTED}", quote(trimmed))
        } else {
            format!(
                "{} is not a date: unexpected {c:?}; {EXPECTED}",
                quote(trimmed)
            )
        };
        return Err(bad(message));
    }
    let has_slash = trimmed.contains('/');
    let has_dash = trimmed.contains('-');
    if has_slash && has_dash {
        return Err(bad(format!(
            "{} mixes '/' and '-': use one separator throughout",
            quote(trimmed)
        )));
    }
    let parts: Vec<&str> = trimmed.split(['/', '-']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(bad(format!("{} is not a date: {EXPECTED}", quote(trimmed))));
    }
    let iso = parts[0].len() == 4;
    let (y, m, d) = if iso {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[1], parts[0])
    };
    if d.len() > 2 || m.len() > 2 {
        return Err(bad(format!(
            "{} is not a date: day and month have one or two digits, the year four ({})",
            quote(trimmed),
            if iso {
                "year-month-day"
            } else {
                "day/month/year"
            }
        )));
    }
    if y.len() != 4 {
        let hint = if y.len() == 2 {
            format!("write the year with four digits, e.g. {d}/{m}/20{y}")
        } else {
            "write for example 31/03/2024".to_string()
        };
        return Err(ParseError::new(format!(
            "{} is not a date: the year must have four digits",
            quote(trimmed)
        ))
        .with_hint(hint));
    }
    // All groups are 1–4 ASCII digits, so these parses cannot fail.
    let (year, month, day) = match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad(format!("{} is not a date: {EXPECTED}", quote(trimmed)))),
    };
    let form = if iso { Form::Iso } else { Form::DayFirst };
    make_date(year, month, day, trimmed, form)
}

/// Parse `ngày D tháng M năm Y` (already NFC and lowercase).
fn parse_long(normalized: &str, shown: &str) -> Result<Date, ParseError> {
    let words: Vec<&str> = normalized.split_whitespace().collect();
    let number = |w: &str, max_len: usize| {
        if !w.is_empty() && w.len() <= max_len && w.bytes().all(|b| b.is_ascii_digit()) {
            w.parse::<u32>().ok()
        } else {
            None
        }
    };
    if let [_ngay, d, "tháng", m, "năm", y] = words.as_slice()
        && let (Some(day), Some(month), Some(year), 4) =
            (number(d, 2), number(m, 2), number(y, 4), y.len())
    {
        // `year` has four digits, so it fits in i32.
        return make_date(year as i32, month, day, shown, Form::Long);
    }
    Err(ParseError::new(format!(
        "{} is not a date: expected the formal form `ngày 25 tháng 9 năm 2020`",
        quote(shown)
    ))
    .with_hint("write for example 25/09/2020"))
}

/// How a date was written, for the hints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `31/03/2024`, `25-9-2020`
    DayFirst,
    /// `2024-03-31`
    Iso,
    /// `ngày 25 tháng 9 năm 2020`
    Long,
}

/// Check the numbers and build the date; `form` selects the hint's spelling.
fn make_date(year: i32, month: u32, day: u32, shown: &str, form: Form) -> Result<Date, ParseError> {
    if !(1..=12).contains(&month) {
        let error = ParseError::new(format!(
            "{} is not a valid date: month {month} does not exist (months run from 1 to 12)",
            quote(shown)
        ));
        let swapped = match form {
            Form::DayFirst => format!("dates are day first: {month:02}/{day:02}/{year:04}"),
            Form::Iso => format!("ISO dates are year-month-day: {year:04}-{day:02}-{month:02}"),
            Form::Long => return Err(error),
        };
        return Err(if month <= 31 && (1..=12).contains(&day) {
            error.with_hint(swapped)
        } else {
            error
        });
    }
    let last = days_in_month(year, month);
    if !(1..=last).contains(&day) {
        return Err(ParseError::new(format!(
            "{} is not a valid date: {month:02}/{year:04} has {last} days",
            quote(shown)
        ))
        .with_hint(format!(
            "the last day of {month:02}/{year:04} is {last:02}/{month:02}/{year:04}"
        )));
    }
    // Checked above: month 1..=12, day 1..=31, year 0..=9999, all within jiff's range.
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return Err(ParseError::new(format!("{} is out of range", quote(shown))));
    };
    Date::new(y, m, d)
        .map_err(|e| ParseError::new(format!("{} is not a valid date: {e}", quote(shown))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn format_examples() {
        assert_eq!(format_date(date(2024, 3, 31)), "31/03/2024");
        assert_eq!(format_date(date(2023, 7, 5)), "05/07/2023");
        assert_eq!(format_date(date(50, 1, 1)), "01/01/0050");
        assert_eq!(
            format_date_long(date(2020, 9, 25)),
            "ngày 25 tháng 9 năm 2020"
        );
        assert_eq!(
            format_date_long(date(2023, 7, 5)),
            "ngày 05 tháng 7 năm 2023"
        );
        assert_eq!(
            format_date_long(date(2021, 3, 2)),
            "ngày 02 tháng 3 năm 2021"
        );
        assert_eq!(
            format_date_long(date(2021, 1, 25)),
            "ngày 25 tháng 01 năm 2021"
        );
        assert_eq!(
            format_date_long(date(2021, 2, 28)),
            "ngày 28 tháng 02 năm 2021"
        );
        assert_eq!(
            format_date_long(date(2021, 10, 1)),
            "ngày 01 tháng 10 năm 2021"
        );
        assert_eq!(
            format_date_long(date(2021, 12, 31)),
            "ngày 31 tháng 12 năm 2021"
        );
    }

    #[test]
    fn parse_examples() {
        assert_eq!(parse_date("2024-03-31"), Ok(date(2024, 3, 31)));
        assert_eq!(parse_date("31/03/2024"), Ok(date(2024, 3, 31)));
        assert_eq!(parse_date("25/9/2020"), Ok(date(2020, 9, 25)));
        assert_eq!(parse_date("25-9-2020"), Ok(date(2020, 9, 25)));
        assert_eq!(parse_date("  02/03/2021\n"), Ok(date(2021, 3, 2)));
        assert_eq!(parse_date("2/3/2021"), Ok(date(2021, 3, 2)));
        assert_eq!(parse_date("29/02/2024"), Ok(date(2024, 2, 29)));
        assert_eq!(parse_date("2024/03/31"), Ok(date(2024, 3, 31)));
        assert_eq!(
            parse_date("ngày 25 tháng 9 năm 2020"),
            Ok(date(2020, 9, 25))
        );
        assert_eq!(parse_date("Ngày 05 tháng 7 năm 2023"), Ok(date(2023, 7, 5)));
    }

    #[test]
    fn invalid_day_is_explained() {
        let err = parse_date("31/02/2024").unwrap_err();
        assert_eq!(
            err.message,
            "`31/02/2024` is not a valid date: 02/2024 has 29 days"
        );
        assert_eq!(
            err.hint.as_deref(),
            Some("the last day of 02/2024 is 29/02/2024")
        );
        let err = parse_date("29/02/2023").unwrap_err();
        assert!(err.message.contains("has 28 days"), "{err}");
        assert!(parse_date("31/04/2024").is_err());
        assert!(parse_date("0/04/2024").is_err());
        assert!(parse_date("29/02/1900").is_err());
        assert_eq!(parse_date("29/02/2000"), Ok(date(2000, 2, 29)));
    }

    #[test]
    fn month_first_gets_day_first_hint() {
        let err = parse_date("9/25/2020").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("dates are day first: 25/09/2020"));
        assert!(err.message.contains("month 25"), "{err}");
        let err = parse_date("2020-25-09").unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("ISO dates are year-month-day: 2020-09-25")
        );
        let err = parse_date("13/13/2020").unwrap_err();
        assert_eq!(err.hint, None);
        let err = parse_date("ngày 5 tháng 13 năm 2020").unwrap_err();
        assert_eq!(err.hint, None, "the long form names day and month");
        let err = parse_date("1/0/2020").unwrap_err();
        assert!(err.message.contains("month 0"));
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in [
            "",
            "   ",
            "31/03",
            "31/03/24",
            "31.03.2024",
            "31/03-2024",
            "2024-03-31T07:35:00",
            "031/03/2024",
            "31//2024",
            "31/03/20245",
            "abc",
            "ngày 25 tháng 9",
            "ngày 25 tháng 9 năm 20",
            "/03/2024",
            "31/03/2024/1",
            "-1/03/2024",
            "2024-003-31",
            "１/03/2024",
        ] {
            let err = parse_date(bad).expect_err(bad);
            assert!(!err.message.is_empty());
        }
        let err = parse_date("31/03/24").unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("write the year with four digits, e.g. 31/03/2024")
        );
        assert!(
            parse_date("2024-03-31T07:35:00")
                .unwrap_err()
                .message
                .contains("has a time")
        );
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(year in 1900i16..2100, month in 1i8..=12, day in 1i8..=31) {
            if let Ok(d) = Date::new(year, month, day) {
                prop_assert_eq!(parse_date(&format_date(d)), Ok(d));
                prop_assert_eq!(parse_date(&format_date_long(d)), Ok(d));
                prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
                let unpadded = format!("{}-{}-{}", d.day(), d.month(), d.year());
                prop_assert_eq!(parse_date(&unpadded), Ok(d));
            } else {
                let text = format!("{day:02}/{month:02}/{year}");
                prop_assert!(parse_date(&text).is_err());
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn parse_date_like_never_panics(s in "[0-9/ -]{0,14}") {
            let _ = parse_date(&s);
        }
    }
}
