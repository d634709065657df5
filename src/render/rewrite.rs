//! The two rewrites of a rendered page: the root marker made relative to the page, and, in an
//! archive opened from disk, links to folders made to name their `index.html`.

/// `bytes` with every `from` replaced by `to` (returned as is when there is none).
pub(crate) fn replace_bytes(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    let finder = memchr::memmem::Finder::new(from);
    let Some(first) = finder.find(&bytes) else {
        return bytes;
    };
    if to.len() <= from.len() {
        // In place, moving each stretch back over what the shorter replacements freed: no
        // second copy of a page (most roots, `../../`, are shorter than the marker).
        let (mut read, mut write) = (first, first);
        while read < bytes.len() {
            let next = finder
                .find(&bytes[read..])
                .map_or(bytes.len(), |at| read + at);
            bytes.copy_within(read..next, write);
            write += next - read;
            if next == bytes.len() {
                break;
            }
            bytes[write..write + to.len()].copy_from_slice(to);
            write += to.len();
            read = next + from.len();
        }
        bytes.truncate(write);
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut last = 0;
    for at in finder.find_iter(&bytes) {
        out.extend_from_slice(&bytes[last..at]);
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(&bytes[last..]);
    out
}

/// In an archive opened from disk a browser shows a folder listing for `tin-tuc/a/`: make every
/// relative link that names a folder name its `index.html` (`../` → `../index.html`).
pub(crate) fn links_to_index_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let start = i + "href=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let url = &rest[..end];
        let (path, fragment) = match url.find('#') {
            Some(h) => (&url[..h], &url[h..]),
            None => (url, ""),
        };
        let external = path.contains(':') || path.starts_with('/') || path.starts_with('?');
        if !external && (path.is_empty() && fragment.is_empty() || path.ends_with('/')) {
            out.push_str(path);
            out.push_str("index.html");
            out.push_str(fragment);
        } else if !external && path == "." {
            out.push_str("index.html");
            out.push_str(fragment);
        } else {
            out.push_str(url);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
