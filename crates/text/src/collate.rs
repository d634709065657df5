//! Vietnamese alphabetical order (ICU collation, locale `vi`) and the order of people's names.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

/// The `vi` collator from compiled data, built once.
///
/// `CollatorBorrowed<'static>` only holds references to static baked data, so it is `Send + Sync` (checked
/// by a test). `None` if construction failed, which the baked data makes impossible in practice; then
/// [`vi_cmp`] falls back to code-point order instead of panicking.
static VI_COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> =
    LazyLock::new(|| Collator::try_new(locale!("vi").into(), CollatorOptions::default()).ok());

/// Compare two strings in Vietnamese alphabetical order.
///
/// Letters: a < ă < â < b < c < d < đ < e < ê < g … < o < ô < ơ < … < u < ư < v < x < y; tones order
/// none < huyền < hỏi < ngã < sắc < nặng; case and canonical equivalence (NFC/NFD) are only tie-breakers.
/// Strings the collator finds equal are ordered by code points, so this is a total order that returns
/// `Equal` only for identical strings, and sorting is deterministic.
pub fn vi_cmp(a: &str, b: &str) -> Ordering {
    let collated = match VI_COLLATOR.as_ref() {
        Some(collator) => collator.compare(a, b),
        None => Ordering::Equal,
    };
    collated.then_with(|| a.cmp(b))
}

/// Sort `items` in Vietnamese order of the text `key` gives for each (stable, see [`vi_cmp`]).
pub fn vi_sort<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|x, y| vi_cmp(key(x), key(y)));
}

/// A person's name split as Vietnamese lists sort it: (given name, family name, middle names).
///
/// `Nguyễn Thị Hải` → (`Hải`, `Nguyễn`, [`Thị`]). One word is a given name alone.
fn name_parts(name: &str) -> (&str, &str, Vec<&str>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => ("", "", Vec::new()),
        [given] => (given, "", Vec::new()),
        [family, middle @ .., given] => (given, family, middle.to_vec()),
    }
}

/// Compare people's names in Vietnamese list order: given name (tên, the last word), then family name
/// (họ, the first word), then middle names (tên đệm) word by word, each with [`vi_cmp`].
///
/// [Nguyễn Văn Sơn, Nguyễn Thị Hải, Nguyễn Văn Hiểu, Trần Văn An] sorts as An, Hải, Hiểu, Sơn.
/// Names that differ only in spacing are finally ordered by their text, so this is a total order that
/// returns `Equal` only for identical strings.
pub fn person_name_cmp(a: &str, b: &str) -> Ordering {
    let (given_a, family_a, middle_a) = name_parts(a);
    let (given_b, family_b, middle_b) = name_parts(b);
    vi_cmp(given_a, given_b)
        .then_with(|| vi_cmp(family_a, family_b))
        .then_with(|| {
            for (x, y) in middle_a.iter().zip(&middle_b) {
                let ordering = vi_cmp(x, y);
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            middle_a.len().cmp(&middle_b.len())
        })
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn collator_is_shareable_and_built() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<CollatorBorrowed<'static>>();
        assert!(VI_COLLATOR.is_some());
    }

    #[test]
    fn alphabet_order() {
        let alphabet = [
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o",
            "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
        ];
        for pair in alphabet.windows(2) {
            assert_eq!(
                vi_cmp(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
        // Letters decide before tones and before later letters: "an" < "ăa", "dz" < "đa".
        assert_eq!(vi_cmp("an", "ăa"), Ordering::Less);
        assert_eq!(vi_cmp("dz", "đa"), Ordering::Less);
        assert_eq!(vi_cmp("Đại Từ", "Dương"), Ordering::Greater);
        assert_eq!(vi_cmp("Ân", "Bình"), Ordering::Less);
        // Code-point order gets this wrong: 'Đ' (U+0110) sorts after 'E' by code point, which is right
        // here, but 'Ă' (U+0102) before 'Â' (U+00C2) is not.
        assert_eq!(vi_cmp("Ăn", "Ân"), Ordering::Less);
        assert_eq!("Ăn".cmp("Ân"), Ordering::Greater);
    }

    #[test]
    fn tone_order() {
        let tones = ["ma", "mà", "mả", "mã", "má", "mạ"];
        for pair in tones.windows(2) {
            assert_eq!(
                vi_cmp(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn ties_are_broken_by_code_points() {
        let composed = "Hải";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(vi_cmp(composed, &decomposed), Ordering::Equal);
        assert_eq!(
            vi_cmp(composed, &decomposed),
            vi_cmp(&decomposed, composed).reverse()
        );
        assert_eq!(vi_cmp("Hải", "Hải"), Ordering::Equal);
        assert_eq!(vi_cmp("", ""), Ordering::Equal);
        assert_eq!(vi_cmp("", "a"), Ordering::Less);
    }

    #[test]
    fn vi_sort_sorts_by_key() {
        let mut units = vec![
            ("x", "Phú Xuyên"),
            ("y", "Hoàng Nông"),
            ("z", "Khôi Kỳ"),
            ("w", "Đại Từ"),
        ];
        vi_sort(&mut units, |u| u.1);
        let names: Vec<_> = units.iter().map(|u| u.1).collect();
        assert_eq!(names, ["Đại Từ", "Hoàng Nông", "Khôi Kỳ", "Phú Xuyên"]);
    }

    #[test]
    fn people_sort_by_given_name() {
        let mut people = vec![
            "Nguyễn Văn Sơn",
            "Nguyễn Thị Hải",
            "Nguyễn Văn Hiểu",
            "Trần Văn An",
        ];
        people.sort_by(|a, b| person_name_cmp(a, b));
        assert_eq!(
            people,
            [
                "Trần Văn An",
                "Nguyễn Thị Hải",
                "Nguyễn Văn Hiểu",
                "Nguyễn Văn Sơn"
            ]
        );
    }

    #[test]
    fn people_then_family_then_middle() {
        let mut people = vec![
            "Trần Văn Hải",
            "Nguyễn Văn Hải",
            "Nguyễn Thị Hải",
            "Đỗ Hải",
            "Hải",
            "Nguyễn Thị Thu Hải",
        ];
        people.sort_by(|a, b| person_name_cmp(a, b));
        assert_eq!(
            people,
            [
                "Hải",
                "Đỗ Hải",
                "Nguyễn Thị Hải",
                "Nguyễn Thị Thu Hải",
                "Nguyễn Văn Hải",
                "Trần Văn Hải",
            ]
        );
        assert_ne!(
            person_name_cmp("Nguyễn  Văn Hải", "Nguyễn Văn Hải"),
            Ordering::Equal
        );
        assert_eq!(person_name_cmp("", ""), Ordering::Equal);
    }

    const VI_CHARS: &str = "[aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵAĂÂĐÊÔƠƯ ]{0,6}";

    proptest! {
        #[test]
        fn vi_cmp_is_antisymmetric_and_exact(a in VI_CHARS, b in VI_CHARS) {
            let ab = vi_cmp(&a, &b);
            prop_assert_eq!(ab, vi_cmp(&b, &a).reverse());
            prop_assert_eq!(ab == Ordering::Equal, a == b);
            prop_assert_eq!(vi_cmp(&a, &a), Ordering::Equal);
        }

        #[test]
        fn vi_cmp_any_text_is_antisymmetric(a in "\\PC{0,8}", b in "\\PC{0,8}") {
            let ab = vi_cmp(&a, &b);
            prop_assert_eq!(ab, vi_cmp(&b, &a).reverse());
            prop_assert_eq!(ab == Ordering::Equal, a == b);
        }

        #[test]
        fn vi_cmp_is_transitive(a in VI_CHARS, b in VI_CHARS, c in VI_CHARS) {
            let mut v = [a, b, c];
            v.sort_by(|x, y| vi_cmp(x, y));
            prop_assert_ne!(vi_cmp(&v[0], &v[1]), Ordering::Greater);
            prop_assert_ne!(vi_cmp(&v[1], &v[2]), Ordering::Greater);
            prop_assert_ne!(vi_cmp(&v[0], &v[2]), Ordering::Greater);
        }

        #[test]
        fn sort_is_consistent_with_vi_cmp(mut v in proptest::collection::vec(VI_CHARS, 0..12)) {
            vi_sort(&mut v, |s| s.as_str());
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    prop_assert_ne!(vi_cmp(&v[i], &v[j]), Ordering::Greater, "{:?} vs {:?}", v[i], v[j]);
                }
            }
            // Sorting any permutation gives the same result.
            let mut reversed: Vec<String> = v.iter().rev().cloned().collect();
            vi_sort(&mut reversed, |s| s.as_str());
            prop_assert_eq!(reversed, v);
        }

        #[test]
        fn person_name_cmp_is_a_total_order(mut v in proptest::collection::vec(VI_CHARS, 0..8)) {
            v.sort_by(|a, b| person_name_cmp(a, b));
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    let o = person_name_cmp(&v[i], &v[j]);
                    prop_assert_ne!(o, Ordering::Greater);
                    prop_assert_eq!(o == Ordering::Equal, v[i] == v[j]);
                    prop_assert_eq!(person_name_cmp(&v[j], &v[i]), o.reverse());
                }
            }
        }
    }
}
