//! Reading text files as users write them: UTF-8 with or without BOM, LF or CRLF, NFC or NFD;
//! bytes that are not UTF-8, and Vietnamese in the legacy TCVN3 or VNI encodings, are errors
//! that say so.

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::source::SourceFile;
use crate::text;

/// Decode bytes read from `path` into normalized text, or explain why they are not text we accept.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Validated with SIMD (an archive is ~100 MB of mostly non-ASCII text); std's validator
    // only runs again on a file that fails, to say where.
    let checked = simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes));
    let raw = match checked {
        Ok(s) => s,
        Err(e) => {
            let offset = e.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..offset]);
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            let (message, hint) = if looks_like_legacy_vietnamese(bytes) {
                (
                    format!(
                        "the file is not UTF-8 (invalid byte at offset {offset}); it looks like the legacy TCVN3 (ABC) or VNI encoding"
                    ),
                    "convert it to Unicode: open it in UniKey's converter (Công cụ chuyển mã) from TCVN3/VNI to Unicode UTF-8, or save it from Word as UTF-8",
                )
            } else {
                (
                    format!("the file is not valid UTF-8 (invalid byte at offset {offset})"),
                    "save the file as UTF-8 (Unicode); in Notepad: Save As → Encoding: UTF-8",
                )
            };
            return Err(Diagnostic {
                severity: Severity::Error,
                file: path.to_path_buf(),
                pos: Pos::new(line, col),
                message,
                hint: Some(hint.to_string()),
            });
        }
    };
    let lf = if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        raw.to_string()
    };
    let text = text::nfc_owned(lf);
    if let Some((line, col)) = legacy_text_position(&text) {
        return Err(Diagnostic {
            severity: Severity::Error,
            file: path.to_path_buf(),
            pos: Pos::new(line, col),
            message: "this text looks like Vietnamese in the legacy TCVN3 (ABC) or VNI encoding, shown as wrong letters (e.g. `Uû ban nh©n d©n`)".to_string(),
            hint: Some("convert the original document to Unicode (UniKey → Công cụ chuyển mã, from TCVN3 or VNI to Unicode) and paste it again".to_string()),
        });
    }
    Ok(SourceFile {
        path: path.to_path_buf(),
        text: Arc::new(text),
    })
}

/// Bytes of Vietnamese text saved in a legacy 8-bit encoding: many high bytes, no valid UTF-8.
fn looks_like_legacy_vietnamese(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    high >= 3 && high * 20 >= bytes.len().max(1) && std::str::from_utf8(bytes).is_err()
}

/// The text of a file that [`decode`] rejected, as well as it can be shown (bad bytes as `�`),
/// so its diagnostic can quote the offending line.
pub fn decode_lossy(path: &Path, bytes: &[u8]) -> SourceFile {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    SourceFile {
        path: path.to_path_buf(),
        text: Arc::new(text::nfc(&text)),
    }
}

/// TCVN3 text decoded as Latin-1/Windows-1252 shows telltale symbols inside words (`nh©n`, `Uû`,
/// `®−îc`); VNI shows letters followed by `ù`, `ø`, `ä` … We flag a line where several words mix
/// ASCII letters with these symbols, a pattern real Vietnamese (NFC Unicode) never has.
fn legacy_text_position(text: &str) -> Option<(u32, u32)> {
    // Most texts have none of these symbols at all: one quick pass instead of word by word.
    if !has_tcvn3_symbol(text) {
        return None;
    }
    for (i, line) in text.split('\n').enumerate() {
        let mut suspicious = 0;
        let mut first_col = None;
        for (col, word) in word_starts(line) {
            let has_ascii = word.chars().any(|c| c.is_ascii_alphabetic());
            let has_symbol = word.chars().any(is_tcvn3_symbol);
            if has_ascii && has_symbol {
                suspicious += 1;
                first_col.get_or_insert(col);
            }
        }
        if suspicious >= 2 {
            return Some((i as u32 + 1, first_col.unwrap_or(1)));
        }
    }
    None
}

/// Whether `text` holds any [`is_tcvn3_symbol`]. Their UTF-8 forms are 0xC2 0xA8–0xBE,
/// 0xC3 0x86/0x87/0x8B/0x8C and 0xE2 0x88 0x92 (`−`): byte pairs are compared first, without
/// branches so that the loop is vectorized (Vietnamese text is full of other 0xC3 letters), and
/// only a text with such a pair is searched character by character.
fn has_tcvn3_symbol(text: &str) -> bool {
    let b = text.as_bytes();
    let next_bytes = b.get(1..).unwrap_or_default();
    let maybe = b.iter().zip(next_bytes).fold(false, |maybe, (&x, &next)| {
        maybe
            | ((x == 0xC2) & (next.wrapping_sub(0xA8) <= 0xBE - 0xA8))
            | ((x == 0xC3) & ((next.wrapping_sub(0x86) < 2) | (next.wrapping_sub(0x8B) < 2)))
            | ((x == 0xE2) & (next == 0x88))
    });
    maybe
        && memchr::memchr3_iter(0xC2, 0xC3, 0xE2, b)
            .any(|i| text[i..].chars().next().is_some_and(is_tcvn3_symbol))
}

fn is_tcvn3_symbol(c: char) -> bool {
    matches!(
        c,
        '©' | '®'
            | '¸'
            | 'µ'
            | '¶'
            | '·'
            | '¹'
            | '¨'
            | '»'
            | '¼'
            | '½'
            | '¾'
            | 'Æ'
            | 'Ç'
            | 'Ë'
            | 'Ì'
            | '−'
            | '¬'
    )
}

fn word_starts(line: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut col = 0u32;
    line.split(' ').map(move |w| {
        let start = col + 1;
        col += w.chars().count() as u32 + 1;
        (start, w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_nfd_are_accepted() {
        let nfd = "Đa\u{323}i Tư\u{300}";
        let bytes = format!("\u{FEFF}name: {nfd}\r\nx: 1\r\n");
        let f = decode(Path::new("a.yaml"), bytes.as_bytes()).unwrap();
        assert_eq!(f.text.as_str(), "name: Đại Từ\nx: 1\n");
        assert_eq!(f.line(2), Some("x: 1"));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let d = decode(Path::new("a.yaml"), b"title: ok\nb: \xff\n").unwrap_err();
        assert!(d.message.contains("offset 13"), "{}", d.message);
        assert_eq!(d.pos, Pos::new(2, 4));
    }

    proptest::proptest! {
        #[test]
        fn tcvn3_symbols_are_found_from_bytes_as_from_characters(
            s in "[a-zăâđêôơưàáạảãầấậẩẫ\\x{A0}-\\x{CF}\\x{2200}-\\x{2215}\\PC]{0,30}"
        ) {
            proptest::prop_assert_eq!(has_tcvn3_symbol(&s), s.chars().any(is_tcvn3_symbol));
        }
    }

    #[test]
    fn every_character_is_a_tcvn3_symbol_or_not_from_its_bytes_too() {
        let mut found = 0;
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let s = c.encode_utf8(&mut buf);
            assert_eq!(has_tcvn3_symbol(s), is_tcvn3_symbol(c), "{c:?}");
            found += usize::from(is_tcvn3_symbol(c));
        }
        assert_eq!(found, 18);
        assert!(has_tcvn3_symbol("Ủy ban nh©n"));
        assert!(!has_tcvn3_symbol("Ủy ban nhân dân huyện Đại Từ – “ok”"));
    }

    #[test]
    fn tcvn3_text_is_recognized() {
        let d = decode(Path::new("a.md"), "Uû ban nh©n d©n huyÖn\n".as_bytes()).unwrap_err();
        assert!(d.message.contains("TCVN3"));
        let ok = decode(
            Path::new("a.md"),
            "Ủy ban nhân dân huyện © 2024\n".as_bytes(),
        );
        assert!(ok.is_ok());
    }
}
