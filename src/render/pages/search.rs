//! The search page (the index itself is `render::search`).

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/tim-kiem/` and the index it searches.
pub(crate) struct Search;

impl Family for Search {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::SEARCH.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.search(out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn search(&self, out: &mut JobOutput) {
        self.page(
            "search.html",
            urls::SEARCH,
            "search",
            self.site.labels().page.search(),
            Context::new(),
            out,
        );
        self.read_all(out);
        out.files.push(OutputFile {
            path: "search-index.js".into(),
            bytes: search::index_js(&self.search_records, &self.search_articles).into_bytes(),
        });
    }
}
