//! The not-found page, whose links work at any depth.

use super::{Family, Key, ONLY};
use crate::render::*;

pub(crate) struct NotFound;

impl Family for NotFound {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        "404.html".into()
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.not_found(out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn not_found(&self, out: &mut JobOutput) {
        // Served from any depth by a web server: links use absolute paths from base_url's path.
        let mut ctx = Context::new();
        let base_path = self
            .site
            .config()
            .base_url
            .as_deref()
            .and_then(|b| b.splitn(4, '/').nth(3).map(|p| format!("/{p}")))
            .unwrap_or_else(|| "/".to_string());
        ctx.insert("base_path", &base_path);
        // A server shows this page for a missing URL at any depth: links must not be relative.
        // An archive is opened from disk, where there is no server and `/` is the disk's root.
        let root = if self.options.archive_date.is_some() {
            ""
        } else {
            base_path.as_str()
        };
        self.page_with_root(
            "404.html",
            "404.html",
            root,
            "",
            self.site.labels().page.not_found(),
            ctx,
            out,
        );
    }
}
