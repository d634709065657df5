//! Numbers written the Vietnamese way: decimal comma, thousands dot (`1.234,50`, `85,71%`, `1.250.000.000 đồng`).

use super::{ParseError, quote};

/// The largest number of decimals [`format_decimal`] writes; larger requests are clamped to it.
///
/// An `f64` carries at most 17 significant digits, so more decimals than this only add zeros.
pub const MAX_DECIMALS: usize = 30;

/// Group the ASCII digits of `digits` in threes with dots: `1234567` → `1.234.567`.
fn group_thousands(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Format `v` with exactly `decimals` digits after a decimal comma and dots between thousands:
/// `format_decimal(1234.5, 2)` → `1.234,50`; negative values get a leading `-`.
///
/// **Rounding**: half away from zero, applied to the number *as written*: the shortest decimal string that
/// reads back as the same `f64` (Rust's `{}` formatting, which never uses an exponent). So `85.705` →
/// `85,71` and `0.005` → `0,01` although the binary values lie just below those halves, and `99.995` →
/// `100,00`. The rounding itself is done on the decimal digits, so there is no second floating-point error.
///
/// A result that rounds to zero is written without a sign (`-0.001` → `0,00`). `decimals` is clamped
/// to [`MAX_DECIMALS`]. Non-finite values, which validated data never holds, are written `NaN`, `∞`, `-∞`.
pub fn format_decimal(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let written = format!("{}", v.abs());
    let (int_part, frac_part) = written.split_once('.').unwrap_or((&written, ""));

    // All kept digits, as ASCII: the integer part, then exactly `decimals` fraction digits.
    let mut digits: Vec<u8> = Vec::with_capacity(int_part.len() + decimals + 1);
    digits.extend_from_slice(int_part.as_bytes());
    digits.extend(
        frac_part
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(decimals),
    );
    let round_up = frac_part
        .as_bytes()
        .get(decimals)
        .is_some_and(|&d| d >= b'5');
    if round_up {
        match digits.iter().rposition(|&d| d != b'9') {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(b'0');
            }
            None => {
                digits.fill(b'0');
                digits.insert(0, b'1');
            }
        }
    }

    let int_len = digits.len() - decimals;
    let (int_digits, frac_digits) = digits.split_at(int_len);
    let int_digits = match int_digits.iter().position(|&d| d != b'0') {
        Some(first) => &int_digits[first..],
        None => b"0",
    };
    let mut out = String::with_capacity(int_digits.len() * 4 / 3 + decimals + 2);
    if v.is_sign_negative() && digits.iter().any(|&d| d != b'0') {
        out.push('-');
    }
    for (i, &d) in int_digits.iter().enumerate() {
        if i > 0 && (int_digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(char::from(d));
    }
    if decimals > 0 {
        out.push(',');
        out.extend(frac_digits.iter().map(|&d| char::from(d)));
    }
    out
}

/// A rate in percent with two decimals and no space before the sign: `85.714` → `85,71%`.
pub fn format_percent(v: f64) -> String {
    format!("{}%", format_decimal(v, 2))
}

/// A difference in percentage points, as the reports write it ("vượt 1,71%"): `1.71` → `1,71%`.
///
/// Same shape as [`format_percent`]; kept separate because a difference of rates is not a rate.
pub fn format_points(v: f64) -> String {
    format!("{}%", format_decimal(v, 2))
}

/// An integer with thousands dots: `1250000000` → `1.250.000.000`.
pub fn format_int(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// An amount of money in full: `1250000000` → `1.250.000.000 đồng`.
pub fn format_money(dong: u64) -> String {
    format!("{} đồng", format_int(dong))
}

/// An amount of money in the largest fitting unit, rounded (half up) to at most two decimals with trailing
/// zeros trimmed: `1.25e9` → `1,25 tỷ đồng`, `62,3 tỷ đồng`, `2 tỷ đồng`, `350 triệu đồng`,
/// `85 nghìn đồng`, `500 đồng`, and `1.234,5 tỷ đồng` for very large amounts.
///
/// Units: tỷ = 10⁹ (amounts ≥ 10⁹), triệu = 10⁶, nghìn = 10³; below 1.000 the amount is exact. When rounding
/// reaches 1.000 of a unit the next unit is used instead (`999.999.999` → `1 tỷ đồng`, not `1.000 triệu`).
/// This is for reading, not for record: it loses precision; use [`format_money`] for exact amounts.
pub fn format_money_compact(dong: u64) -> String {
    const UNITS: [(u128, &str); 3] = [
        (1_000_000_000, "tỷ"),
        (1_000_000, "triệu"),
        (1_000, "nghìn"),
    ];
    let amount = u128::from(dong);
    let Some(mut index) = UNITS.iter().position(|&(size, _)| amount >= size) else {
        return format!("{dong} đồng");
    };
    // Hundredths of the unit, rounded half up (amounts are non-negative).
    let hundredths = |size: u128| (amount * 100 + size / 2) / size;
    let mut h = hundredths(UNITS[index].0);
    while index > 0 && h >= 100_000 {
        index -= 1;
        h = hundredths(UNITS[index].0);
    }
    let (whole, cents) = (h / 100, h % 100);
    let mut out = group_thousands(&whole.to_string());
    if cents != 0 {
        out.push(',');
        let cents = format!("{cents:02}");
        out.push_str(cents.trim_end_matches('0'));
    }
    format!("{out} {} đồng", UNITS[index].1)
}

/// Parse a percentage or percentage-point value: `85.71`, `85,71`, `85,71%`, `85.71 %`, `90`, `-1,5`.
///
/// One decimal separator, `.` or `,`, with digits on both sides; an optional `%` at the end (spaces before it
/// allowed); an optional leading minus (`-` or `−`). Thousands separators make no sense in a percentage and
/// `1.234,5` is rejected as ambiguous. The range is not checked here (the caller knows whether 0..=100 applies).
pub fn parse_percent(s: &str) -> Result<f64, ParseError> {
    let trimmed = s.trim();
    let expected = "expected a percentage such as 85,71 or 85.71";
    if trimmed.is_empty() {
        return Err(ParseError::new(format!("empty value: {expected}"))
            .with_hint("write for example \"85,71\" or 85.71"));
    }
    let body = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
    let (negative, body) = match body.strip_prefix('-').or_else(|| body.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    if dots + commas > 1 {
        return Err(ParseError::new(format!(
            "{} has more than one separator: a percentage has at most one decimal separator \
             and no thousands separators",
            quote(trimmed)
        ))
        .with_hint("write for example \"85,71\" or 85.71"));
    }
    let (int_part, frac_part) = match body.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !frac_part.is_none_or(all_digits) {
        let hint = if frac_part.is_some_and(|f| f.is_empty()) || int_part.is_empty() {
            "put digits on both sides of the decimal separator, e.g. 0,5 or 85,0"
        } else {
            "write for example \"85,71\" or 85.71"
        };
        return Err(
            ParseError::new(format!("{} is not a number: {expected}", quote(trimmed)))
                .with_hint(hint),
        );
    }
    let mut number = String::with_capacity(body.len() + 1);
    if negative {
        number.push('-');
    }
    number.push_str(int_part);
    if let Some(f) = frac_part {
        number.push('.');
        number.push_str(f);
    }
    match number.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ParseError::new(format!(
            "{} is too large to be a percentage",
            quote(trimmed)
        ))),
    }
}

/// Parse a count of cases: a non-negative whole number, `1234` or `1.234` / `1.234.567`.
///
/// A dot separates thousands, so every group after a dot must have exactly three digits; `12.34` is
/// rejected as ambiguous (it reads as a decimal). A comma is rejected (`1,234` is a thousand in English
/// but one point two in Vietnamese; `1.234,5` and `1,234.5` have a decimal part). Negative numbers,
/// decimals, spaces inside the number and values above `u64::MAX` are rejected.
pub fn parse_count(s: &str) -> Result<u64, ParseError> {
    parse_whole(s.trim(), s.trim(), "a count")
}

/// Parse an amount of money in whole đồng: the same rules as [`parse_count`] (`1250000000`,
/// `1.250.000.000`), and a trailing `đồng` or `đ` is allowed, so [`format_money`]'s output reads back.
/// Amounts written with `tỷ`/`triệu`/`nghìn` are rejected with a hint to write the full amount.
pub fn parse_money(s: &str) -> Result<u64, ParseError> {
    let trimmed = s.trim();
    let normalized = super::nfc(trimmed);
    let number = normalized
        .strip_suffix("đồng")
        .or_else(|| normalized.strip_suffix("đ"))
        .unwrap_or(&normalized)
        .trim_end();
    let lower = normalized.to_lowercase();
    if ["tỷ", "triệu", "nghìn", "ngàn"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Err(ParseError::new(format!(
            "{} is written in words: an amount of money is a whole number of đồng",
            quote(trimmed)
        ))
        .with_hint(
            "write the full amount in đồng, e.g. 1250000000 or \"1.250.000.000\" for 1,25 tỷ",
        ));
    }
    parse_whole(number, trimmed, "an amount of money")
}

/// The shared whole-number parser: `number` is what is parsed, `shown` what is quoted in errors.
fn parse_whole(number: &str, shown: &str, what: &str) -> Result<u64, ParseError> {
    let generic_hint = "write 1234 or \"1.234\"";
    // The hint for a number that was meant as a whole number: its digits, plain and grouped.
    let hint_for = |digits: &str| match digits.parse::<u64>() {
        Ok(n) if n < 1000 => format!("write {n}"),
        Ok(n) => format!("write {n} or \"{}\"", format_int(n)),
        _ => generic_hint.to_string(),
    };
    let digits_of = |p: &str| p.chars().filter(char::is_ascii_digit).collect::<String>();

    if number.is_empty() {
        return Err(ParseError::new(format!(
            "empty value: expected {what} such as 1234 or \"1.234\""
        )));
    }
    if number.starts_with(['-', '−']) {
        return Err(ParseError::new(format!(
            "{} is negative: {what} cannot be negative",
            quote(shown)
        )));
    }
    if let Some(bad) = number
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == ','))
    {
        let hint = if bad.is_whitespace() {
            format!(
                "do not separate thousands with spaces: {}",
                hint_for(&digits_of(number))
            )
        } else {
            generic_hint.to_string()
        };
        return Err(ParseError::new(format!(
            "{} is not a whole number: unexpected {bad:?}; expected {what}, digits with optional \
             thousands dots",
            quote(shown)
        ))
        .with_hint(hint));
    }
    if number.contains(',') {
        let last = number.rfind([',', '.']).unwrap_or(0);
        let (head, tail) = number.split_at(last);
        let tail = tail.get(1..).unwrap_or("");
        let message = if number.contains('.') {
            format!(
                "{} has a decimal part: {what} is a whole number; in Vietnamese '.' separates \
                 thousands and ',' starts decimals",
                quote(shown)
            )
        } else if tail.len() == 3 && !head.is_empty() {
            format!(
                "{} is ambiguous: ',' is the decimal comma in Vietnamese but a thousands separator \
                 in English; use '.' for thousands",
                quote(shown)
            )
        } else {
            format!(
                "{} has a decimal part: {what} is a whole number",
                quote(shown)
            )
        };
        let digits = if tail.len() == 3 && !number.contains('.') {
            digits_of(number)
        } else {
            digits_of(head)
        };
        return Err(ParseError::new(message).with_hint(hint_for(&digits)));
    }
    if number.contains('.') {
        let mut groups = number.split('.');
        let first = groups.next().unwrap_or("");
        let first_ok = (1..=3).contains(&first.len());
        if !first_ok || groups.any(|g| g.len() != 3) {
            return Err(ParseError::new(format!(
                "{} is ambiguous: '.' separates thousands, so it must be followed by exactly three \
                 digits (it looks like a decimal, but {what} is a whole number)",
                quote(shown)
            ))
            .with_hint(hint_for(&digits_of(number))));
        }
    }
    let digits = digits_of(number);
    digits.parse::<u64>().map_err(|_| {
        ParseError::new(format!(
            "{} is too large: {what} is at most {}",
            quote(shown),
            format_int(u64::MAX)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Read back a `format_decimal` result (test only: dots are thousands, the comma is the decimal point).
    fn read_back(s: &str) -> f64 {
        s.replace('.', "").replace(',', ".").parse().unwrap()
    }

    #[test]
    fn decimal_examples() {
        assert_eq!(format_decimal(1234.5, 2), "1.234,50");
        assert_eq!(format_decimal(-1234.5, 2), "-1.234,50");
        assert_eq!(format_decimal(85.71, 2), "85,71");
        assert_eq!(format_decimal(90.07, 2), "90,07");
        assert_eq!(format_decimal(62.28, 2), "62,28");
        assert_eq!(format_decimal(85.705, 2), "85,71");
        assert_eq!(format_decimal(1.005, 2), "1,01");
        assert_eq!(format_decimal(0.005, 2), "0,01");
        assert_eq!(format_decimal(0.004, 2), "0,00");
        assert_eq!(format_decimal(99.995, 2), "100,00");
        assert_eq!(format_decimal(999.995, 2), "1.000,00");
        assert_eq!(format_decimal(-0.005, 2), "-0,01");
        assert_eq!(format_decimal(-0.001, 2), "0,00");
        assert_eq!(format_decimal(-0.0, 2), "0,00");
        assert_eq!(format_decimal(0.0, 0), "0");
        assert_eq!(format_decimal(2.5, 0), "3");
        assert_eq!(format_decimal(-2.5, 0), "-3");
        assert_eq!(format_decimal(1234567.0, 0), "1.234.567");
        assert_eq!(format_decimal(0.5, 3), "0,500");
        assert_eq!(format_decimal(1e-300, 2), "0,00");
        assert_eq!(format_decimal(1e20, 1), "100.000.000.000.000.000.000,0");
        assert_eq!(format_decimal(f64::NAN, 2), "NaN");
        assert_eq!(format_decimal(f64::INFINITY, 2), "∞");
        assert_eq!(format_decimal(f64::NEG_INFINITY, 2), "-∞");
        assert_eq!(
            format_decimal(0.1, usize::MAX),
            format!("0,1{}", "0".repeat(MAX_DECIMALS - 1))
        );
        assert!(!format_decimal(f64::MAX, 2).is_empty());
    }

    #[test]
    fn percent_examples() {
        assert_eq!(format_percent(85.71), "85,71%");
        assert_eq!(format_percent(84.38), "84,38%");
        assert_eq!(format_percent(100.0), "100,00%");
        assert_eq!(format_percent(81977.0 / 97151.0 * 100.0), "84,38%");
        assert_eq!(format_percent(494505.0 / 652177.0 * 100.0), "75,82%");
        assert_eq!(format_points(1.71), "1,71%");
        assert_eq!(format_points(0.45), "0,45%");
        assert_eq!(format_points(-0.5), "-0,50%");
    }

    #[test]
    fn int_and_money_examples() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1.000");
        assert_eq!(format_int(80_000), "80.000");
        assert_eq!(format_int(1_250_000_000), "1.250.000.000");
        assert_eq!(format_int(u64::MAX), "18.446.744.073.709.551.615");
        assert_eq!(format_money(1_250_000_000), "1.250.000.000 đồng");
        assert_eq!(format_money(0), "0 đồng");
    }

    #[test]
    fn compact_money_examples() {
        assert_eq!(format_money_compact(1_250_000_000), "1,25 tỷ đồng");
        assert_eq!(format_money_compact(62_300_000_000), "62,3 tỷ đồng");
        assert_eq!(format_money_compact(2_000_000_000), "2 tỷ đồng");
        assert_eq!(format_money_compact(1_000_000_000), "1 tỷ đồng");
        assert_eq!(format_money_compact(350_000_000), "350 triệu đồng");
        assert_eq!(format_money_compact(1_500_000), "1,5 triệu đồng");
        assert_eq!(format_money_compact(85_000), "85 nghìn đồng");
        assert_eq!(format_money_compact(500), "500 đồng");
        assert_eq!(format_money_compact(0), "0 đồng");
        assert_eq!(format_money_compact(999), "999 đồng");
        assert_eq!(format_money_compact(1_234_500_000_000), "1.234,5 tỷ đồng");
        assert_eq!(
            format_money_compact(292_475_365_061_000),
            "292.475,37 tỷ đồng"
        );
        assert_eq!(format_money_compact(1_249_999_999), "1,25 tỷ đồng");
        assert_eq!(format_money_compact(1_004_999_999), "1 tỷ đồng");
        assert_eq!(format_money_compact(1_005_000_000), "1,01 tỷ đồng");
        assert_eq!(format_money_compact(999_999_999), "1 tỷ đồng");
        assert_eq!(format_money_compact(999_994_999), "999,99 triệu đồng");
        assert_eq!(format_money_compact(999_999), "1 triệu đồng");
        assert_eq!(format_money_compact(u64::MAX), "18.446.744.073,71 tỷ đồng");
    }

    #[test]
    fn parse_percent_examples() {
        assert_eq!(parse_percent("85.71"), Ok(85.71));
        assert_eq!(parse_percent("85,71"), Ok(85.71));
        assert_eq!(parse_percent("85,71%"), Ok(85.71));
        assert_eq!(parse_percent("85.71 %"), Ok(85.71));
        assert_eq!(parse_percent(" 90 "), Ok(90.0));
        assert_eq!(parse_percent("0"), Ok(0.0));
        assert_eq!(parse_percent("-1,5"), Ok(-1.5));
        assert_eq!(parse_percent("−1,5%"), Ok(-1.5));
        assert_eq!(
            parse_percent("120"),
            Ok(120.0),
            "range is the caller's business"
        );
        for bad in [
            "", "  ", "%", "1.234,5", "1,234.5", "1.2.3", "abc", "NaN", "nan", "inf", "85,", ",5",
            "85%%", "8 5", "+5", "--5", "85,71 %%", "1e5",
        ] {
            let err = parse_percent(bad).expect_err(bad);
            assert!(!err.message.is_empty());
        }
        let err = parse_percent("1.234,5").unwrap_err();
        assert!(err.message.contains("`1.234,5`"), "{err}");
        assert!(parse_percent(&"9".repeat(400)).is_err());
    }

    #[test]
    fn parse_count_examples() {
        assert_eq!(parse_count("1234"), Ok(1234));
        assert_eq!(parse_count("1.234"), Ok(1234));
        assert_eq!(parse_count("1.234.567"), Ok(1_234_567));
        assert_eq!(parse_count(" 0 "), Ok(0));
        assert_eq!(parse_count("80.000"), Ok(80_000));
        assert_eq!(parse_count("18.446.744.073.709.551.615"), Ok(u64::MAX));

        let err = parse_count("12.34").unwrap_err();
        assert!(err.message.contains("ambiguous"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("write 1234 or \"1.234\""));

        let err = parse_count("1,234").unwrap_err();
        assert!(err.message.contains("ambiguous"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("write 1234 or \"1.234\""));

        let err = parse_count("1,234.5").unwrap_err();
        assert!(err.message.contains("decimal part"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("write 1234 or \"1.234\""));

        let err = parse_count("1.234,5").unwrap_err();
        assert!(err.message.contains("decimal part"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("write 1234 or \"1.234\""));

        let err = parse_count("12,5").unwrap_err();
        assert!(err.message.contains("whole number"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("write 12"));

        let err = parse_count("-5").unwrap_err();
        assert!(err.message.contains("negative"), "{err}");

        let err = parse_count("1 234").unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("do not separate thousands with spaces: write 1234 or \"1.234\"")
        );

        for bad in [
            "",
            "abc",
            "1.2345",
            "1234.567",
            ".123",
            "123.",
            "1..234",
            "1.23.456",
            "+5",
            "18.446.744.073.709.551.616",
            "99999999999999999999",
            "1e3",
            "١٢٣",
        ] {
            assert!(parse_count(bad).is_err(), "{bad:?} accepted");
        }
        assert!(
            parse_count("99999999999999999999")
                .unwrap_err()
                .message
                .contains("too large")
        );
    }

    #[test]
    fn parse_money_examples() {
        assert_eq!(parse_money("1250000000"), Ok(1_250_000_000));
        assert_eq!(parse_money("1.250.000.000"), Ok(1_250_000_000));
        assert_eq!(parse_money("1.250.000.000 đồng"), Ok(1_250_000_000));
        assert_eq!(parse_money("500đ"), Ok(500));
        assert_eq!(parse_money(&format_money(123_456_789)), Ok(123_456_789));
        let err = parse_money("1,25 tỷ").unwrap_err();
        assert!(err.hint.unwrap().contains("1.250.000.000"));
        let err = parse_money("12.34").unwrap_err();
        assert!(err.message.contains("money"), "{err}");
        assert!(parse_money("đồng").is_err());
        assert!(parse_money("-1000").is_err());
    }

    /// The first version of [`format_decimal`] (digit by digit, through several strings): the
    /// faster one must write the same.
    fn format_decimal_oracle(v: f64, decimals: usize) -> String {
        if v.is_nan() {
            return "NaN".to_string();
        }
        if v.is_infinite() {
            return if v > 0.0 { "∞" } else { "-∞" }.to_string();
        }
        let decimals = decimals.min(MAX_DECIMALS);
        let written = format!("{}", v.abs());
        let (int_part, frac_part) = written.split_once('.').unwrap_or((&written, ""));

        // All kept digits, as numbers 0..=9: the integer part, then exactly `decimals` fraction digits.
        let mut digits: Vec<u8> = int_part
            .bytes()
            .chain(
                frac_part
                    .bytes()
                    .chain(std::iter::repeat(b'0'))
                    .take(decimals),
            )
            .map(|b| b.wrapping_sub(b'0'))
            .collect();
        let round_up = frac_part
            .as_bytes()
            .get(decimals)
            .is_some_and(|&d| d >= b'5');
        if round_up {
            let mut carry = true;
            for d in digits.iter_mut().rev() {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                digits.insert(0, 1);
            }
        }

        let int_len = digits.len().saturating_sub(decimals);
        let to_str = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
        let int_digits = to_str(&digits[..int_len]);
        let frac_digits = to_str(&digits[int_len..]);
        let int_digits = match int_digits.trim_start_matches('0') {
            "" => "0".to_string(),
            trimmed => trimmed.to_string(),
        };

        let mut out = String::new();
        if v.is_sign_negative() && digits.iter().any(|&d| d != 0) {
            out.push('-');
        }
        out.push_str(&group_thousands(&int_digits));
        if decimals > 0 {
            out.push(',');
            out.push_str(&frac_digits);
        }
        out
    }

    proptest! {
        #[test]
        fn format_decimal_writes_what_the_first_version_wrote(
            v in prop_oneof![any::<f64>(), -1e6f64..1e6, (-100_000i64..100_000).prop_map(|n| n as f64 / 1000.0)],
            decimals in 0usize..40,
        ) {
            prop_assert_eq!(format_decimal(v, decimals), format_decimal_oracle(v, decimals));
        }

        #[test]
        fn format_int_round_trips(n in any::<u64>()) {
            prop_assert_eq!(parse_count(&format_int(n)), Ok(n));
            prop_assert_eq!(parse_count(&n.to_string()), Ok(n));
            prop_assert_eq!(parse_money(&format_money(n)), Ok(n));
        }

        #[test]
        fn format_decimal_shape_and_value(v in -1e12f64..1e12, decimals in 0usize..7) {
            let s = format_decimal(v, decimals);
            let unsigned = s.strip_prefix('-').unwrap_or(&s);
            match unsigned.split_once(',') {
                Some((int, frac)) => {
                    prop_assert_eq!(frac.len(), decimals);
                    prop_assert!(frac.bytes().all(|b| b.is_ascii_digit()));
                    prop_assert!(parse_count(int).is_ok(), "integer part {:?}", int);
                }
                None => {
                    prop_assert_eq!(decimals, 0);
                    prop_assert!(parse_count(unsigned).is_ok());
                }
            }
            let back = read_back(&s);
            let half_unit = 0.5 * 10f64.powi(-(decimals as i32));
            prop_assert!(
                (back - v).abs() <= half_unit + v.abs() * 1e-15 + 1e-12,
                "{} -> {} -> {}", v, s, back
            );
        }

        #[test]
        fn format_decimal_never_panics(bits in any::<u64>(), decimals in 0usize..40) {
            let _ = format_decimal(f64::from_bits(bits), decimals);
        }

        #[test]
        fn percent_round_trips_to_two_decimals(hundredths in -99_999i64..100_000) {
            let v = hundredths as f64 / 100.0;
            let s = format_percent(v);
            prop_assert_eq!(parse_percent(&s), Ok(v));
        }

        #[test]
        fn compact_money_has_unit(n in any::<u64>()) {
            let s = format_money_compact(n);
            prop_assert!(s.ends_with(" đồng"));
            prop_assert!(!s.contains(",0 ") && !s.contains(", "));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = parse_percent(&s);
            let _ = parse_count(&s);
            let _ = parse_money(&s);
        }

        #[test]
        fn numeric_parsers_never_panic(s in "[-−+0-9.,% đồng]{0,25}") {
            let _ = parse_percent(&s);
            let _ = parse_count(&s);
            let _ = parse_money(&s);
        }
    }
}
