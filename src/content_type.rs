//! The one table of content types, for `serve`'s responses and the records of a snapshot's
//! WARC: the site's own kinds of file as bantin labels them (text in UTF-8, says so), and every
//! other file as `mime_guess` names it, whatever the case of its extension.

/// The `Content-Type` of the file at `path` (an output path such as `tin-tuc/x/index.html`).
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        // `SHA256SUMS` in a snapshot, text files of `static/`.
        "" | "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        other => mime_guess::from_ext(other)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn the_sites_own_files_and_authors_files_are_labelled() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("assets/style.css", "text/css; charset=utf-8"),
            ("search-index.js", "text/javascript; charset=utf-8"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("SHA256SUMS", "text/plain; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("bieu-do/a.svg", "image/svg+xml"),
            ("du-lieu/toan-bo.csv", "text/csv; charset=utf-8"),
            (
                "du-lieu/toan-bo.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("img/a.png", "image/png"),
            // What the snapshot's WARC got wrong before there was one table.
            ("img/ANH.JPG", "image/jpeg"),
            ("fonts/a.woff2", "font/woff2"),
            ("favicon.ico", "image/x-icon"),
            ("tep/bao-cao.pdf", "application/pdf"),
            (
                "tep/so-lieu.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("tep/khong-ro.bantinx", "application/octet-stream"),
            ("a.b/c", "text/plain; charset=utf-8"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
