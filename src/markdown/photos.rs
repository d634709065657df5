//! Photos in Markdown: what the renderer is told of an image that names a processed photo
//! ([`PhotoLookup`], from `MarkdownEnv::resolve_photo`), and the `<img>` it writes for one.

use super::escape_href;

/// See [`MarkdownEnv::resolve_photo`].
pub type PhotoResolver<'a> = dyn Fn(&str) -> Option<PhotoLookup> + 'a;

/// What [`MarkdownEnv::resolve_photo`] says of an image.
pub enum PhotoLookup {
    Shown(PhotoHtml),
    /// Not publishable (HEIC, broken, too large): an error at the image.
    Refused {
        message: String,
        hint: String,
    },
}

/// The derived files of a photo, as the `<img>` names them.
pub struct PhotoHtml {
    /// URL of the file `src` names (the middle width), relative like `resolve_root_path`'s.
    pub src: String,
    /// Every derived file: URL and width, ascending.
    pub srcset: Vec<(String, u32)>,
    /// Size of the `src` file, so that the page keeps the photo's place before it loads.
    pub width: u32,
    pub height: u32,
    /// A warning at the image (message, hint): the original holds a GPS position.
    pub warning: Option<(String, String)>,
}

/// How wide a bulletin's photo is shown: the whole screen on a phone, the text column (48rem)
/// elsewhere.
const PHOTO_SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// `<img>` of a processed photo: its widths for the browser to choose from, its size so the
/// page does not jump, and lazy loading but for the first image of the text (often on the
/// first screen).
pub(super) fn photo_html(photo: &PhotoHtml, alt: &str, title: &str, first: bool) -> String {
    let srcset: Vec<String> = photo
        .srcset
        .iter()
        .map(|(url, w)| format!("{} {w}w", escape_href(url)))
        .collect();
    let mut html = format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{PHOTO_SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        escape_href(&photo.src),
        crate::text::escape_markup(&srcset.join(", ")),
        photo.width,
        photo.height,
        crate::text::escape_markup(alt)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", crate::text::escape_markup(title)));
    }
    if !first {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\">");
    html
}
