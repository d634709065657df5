//! Whether an occurrence found by its folded letters is the name itself, written with its own
//! tones or without them, and not another word that folds the same.
//!
//! Folding away every mark finds `Pham Thi Hoa` and `PHẠM THỊ HOA` for `Phạm Thị Hoa`, but it
//! also finds `lễ văn hóa` for a party `Lê Văn Hóa` and `đô quốc án` for `Đỗ Quốc An`: ordinary
//! words whose tones differ. Vietnamese tone marks tell words apart, so an occurrence is taken
//! for the name only when it is written as the name is, in any case, or written without tones,
//! or without any mark (see [`written_as`]).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// A word as compared: lowercase NFC, `ð` (an Icelandic letter typed by mistake) as `đ`.
fn plain(word: &str) -> String {
    word.nfc()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ð' { 'đ' } else { c })
        .collect()
}

/// A word without its tone marks (it keeps ă â ê ô ơ ư đ).
fn toneless(word: &str) -> String {
    word.nfd().filter(|c| !TONES.contains(c)).nfc().collect()
}

/// A word without any mark, `đ` as `d`.
fn markless(word: &str) -> String {
    word.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Whether `occurrence` (words of a text, found where a name's folded letters are) is written as
/// one of the `spellings` of a name (see the module's documentation). A text is typed with
/// Vietnamese marks or without, as a whole: an occurrence with no mark at all is compared by its
/// letters, one with no tone mark by its letters and other marks, any other word by word as
/// written. A name given with no mark at all (typed without a Vietnamese keyboard) is compared
/// by its letters: it says nothing of its tones.
pub fn written_as(spellings: &[String], occurrence: &str) -> bool {
    let found: Vec<String> = occurrence.split_whitespace().map(plain).collect();
    let all = |words: &[String], f: fn(&str) -> String| words.iter().all(|w| f(w) == *w);
    let (markless_text, toneless_text) = (all(&found, markless), all(&found, toneless));
    spellings.iter().any(|name| {
        let words: Vec<String> = name.split_whitespace().map(plain).collect();
        let compare: fn(&str) -> String = if markless_text || all(&words, markless) {
            markless
        } else if toneless_text {
            toneless
        } else {
            |w| w.to_string()
        };
        words.len() == found.len()
            && words
                .iter()
                .zip(&found)
                .all(|(n, w)| compare(n) == compare(w))
    })
}

#[cfg(test)]
mod tests {
    use super::written_as;

    fn written(name: &str, occurrence: &str) -> bool {
        written_as(&[name.to_string()], occurrence)
    }

    #[test]
    fn a_name_is_written_with_its_own_tones_or_without() {
        for text in [
            "Phạm Thị Hoa",
            "PHẠM THỊ HOA",
            "Pham Thi Hoa",
            "PHAM THI HOA",
            "Phạm  Thị\nHoa",
            "pha\u{323}m thi\u{323} hoa",
        ] {
            assert!(written("Phạm Thị Hoa", text), "{text:?}");
        }
        // Only as a whole: a text is typed with its marks or without.
        assert!(!written("Phạm Thị Hoa", "Phạm Thi Hoa"));
        // Without tones but with the other marks, as some keyboards leave them.
        assert!(written("Nguyễn Văn Sơn", "Nguyên Văn Sơn"));
        assert!(written("Nguyễn Văn Sơn", "Nguyen Van Son"));
        assert!(written("Đỗ Văn Ánh", "\u{D0}ỗ Văn Ánh"));
        assert!(written("Đỗ Văn Ánh", "DO VAN ANH"));
        // A name given without any mark is found written with them.
        assert!(written("pham thi hoa", "Phạm Thị Hoa"));
        assert!(written("Pham Thi Hoa", "Phạm Thị Hòa"));
    }

    #[test]
    fn words_whose_tones_differ_are_other_words() {
        assert!(!written("Lê Văn Hóa", "lễ văn hóa"));
        assert!(!written("Đỗ Quốc An", "đô quốc án"));
        assert!(!written("Phạm Thị Hoa", "Phạm Thị Hòa"));
        assert!(!written("Phạm Thị Hoa", "Phạm Thì Hoa"));
        // Other marks than tones tell words apart too.
        assert!(!written("Lê Văn An", "Lê Vân An"));
        assert!(!written("Đỗ Văn Ánh", "Dỗ Văn Ánh"));
    }

    #[test]
    fn any_spelling_of_the_name_will_do() {
        let spellings = ["Phạm Thị Hoa".to_string(), "Phạm Thị Hòa".to_string()];
        assert!(written_as(&spellings, "PHẠM THỊ HÒA"));
        assert!(written_as(&spellings, "Phạm Thị Hoa"));
        assert!(!written_as(&spellings, "Phạm Thị Họa"));
    }
}
