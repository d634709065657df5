//! The site's URL layout (SPEC §4). Paths are site-relative without a leading slash and end
//! with `/` for pages (`tin-tuc/<slug>/`, written as `tin-tuc/<slug>/index.html`).

pub const HOME: &str = "";
pub const ARTICLES: &str = "tin-tuc/";
pub const STATS: &str = "thong-ke/";
pub const DIRECTIVES: &str = "van-ban/";
pub const CASES: &str = "vu-viec/";
pub const UNITS: &str = "don-vi/";
pub const TAGS: &str = "the/";
pub const BRIEFING: &str = "bao-cao/";
pub const SEARCH: &str = "tim-kiem/";

pub fn article(slug: &str) -> String {
    format!("tin-tuc/{slug}/")
}
/// Page `n` (1-based) of the bulletin list.
pub fn articles_page(n: usize) -> String {
    if n <= 1 {
        ARTICLES.to_string()
    } else {
        format!("tin-tuc/trang/{n}/")
    }
}
pub fn stats_unit(id: &str) -> String {
    format!("thong-ke/{id}/")
}
pub fn directive(id: &str) -> String {
    format!("van-ban/{id}/")
}
pub fn case(id: &str) -> String {
    format!("vu-viec/{id}/")
}
pub fn unit(id: &str) -> String {
    format!("don-vi/{id}/")
}
pub fn tag(slug: &str) -> String {
    format!("the/{slug}/")
}
/// Page `n` (1-based) of a tag's bulletins.
pub fn tag_page(slug: &str, n: usize) -> String {
    if n <= 1 {
        tag(slug)
    } else {
        format!("the/{slug}/trang/{n}/")
    }
}
/// Folder of the downloadable data files (CSV and XLSX): not pages, so not in the sitemap.
pub const DATA: &str = "du-lieu/";
/// The data file of every figure of the site, without its extension (`.csv`, `.xlsx`).
pub const DATA_ALL: &str = "du-lieu/toan-bo";
/// The data file of one unit's figures (all its years), without its extension.
pub fn data_unit(id: &str) -> String {
    format!("du-lieu/don-vi/{id}")
}
/// The data file of one statistical year's figures (all units), without its extension.
pub fn data_year(year: i32) -> String {
    format!("du-lieu/nam/{year}")
}
pub fn static_file(rel: &str) -> String {
    rel.to_string()
}

/// The file a page URL is written to.
pub fn output_path(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The prefix that leads from the folder of page `from` back to the site root (`../../`).
pub fn root_prefix(from: &str) -> String {
    let depth = from.matches('/').count();
    if depth == 0 {
        String::new()
    } else {
        "../".repeat(depth)
    }
}

/// A relative link from page `from` to `to`.
pub fn relative(from: &str, to: &str) -> String {
    let link = format!("{}{}", root_prefix(from), to);
    if link.is_empty() {
        "./".to_string()
    } else {
        link
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(relative("", "tin-tuc/a/"), "tin-tuc/a/");
        assert_eq!(relative("tin-tuc/a/", ""), "../../");
        assert_eq!(relative("tin-tuc/a/", "van-ban/x/"), "../../van-ban/x/");
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("404.html", "style.css"), "style.css");
        assert_eq!(output_path("tin-tuc/a/"), "tin-tuc/a/index.html");
        assert_eq!(output_path("atom.xml"), "atom.xml");
        assert_eq!(tag_page("dat-dai", 1), "the/dat-dai/");
        assert_eq!(tag_page("dat-dai", 3), "the/dat-dai/trang/3/");
        // The renderer finds links to directives by this shape.
        assert_eq!(directive("x"), format!("{DIRECTIVES}x/"));
    }
}
