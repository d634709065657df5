//! Ordinal numbers in words, as official Vietnamese writes ranks: "thứ nhất", "thứ hai", "thứ
//! tư", "thứ mười lăm", "thứ hai mươi mốt".

/// The ordinal word(s) of `n` after "thứ": `nhất`, `hai`, `ba`, `tư`, … `mười`, `mười một`, …
/// `hai mươi mốt`, `hai mươi tư`, `hai mươi lăm`, … `chín mươi chín`; from 100 on, and for 0, the
/// number in digits (`100`), as a rank that large is written.
pub fn ordinal_words(n: u64) -> String {
    const DIGITS: [&str; 10] = [
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    match n {
        1 => "nhất".into(),
        4 => "tư".into(),
        2..=9 => DIGITS[n as usize].into(),
        10 => "mười".into(),
        11..=19 => {
            let unit = match n % 10 {
                5 => "lăm",
                d => DIGITS[d as usize],
            };
            format!("mười {unit}")
        }
        20..=99 => {
            let tens = DIGITS[(n / 10) as usize];
            let unit = match n % 10 {
                0 => return format!("{tens} mươi"),
                1 => "mốt",
                4 => "tư",
                5 => "lăm",
                d => DIGITS[d as usize],
            };
            format!("{tens} mươi {unit}")
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_read_as_officials_write_them() {
        for (n, words) in [
            (1, "nhất"),
            (2, "hai"),
            (3, "ba"),
            (4, "tư"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (34, "ba mươi tư"),
            (99, "chín mươi chín"),
            (100, "100"),
            (0, "0"),
        ] {
            assert_eq!(ordinal_words(n), words, "{n}");
        }
    }
}
