//! The search page (the index itself is `render::search`).

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn search(&self, out: &mut JobOutput) {
        self.page(
            "search.html",
            urls::SEARCH,
            "search",
            "Tìm kiếm",
            Context::new(),
            out,
        );
        out.files.push(OutputFile {
            path: "search-index.js".into(),
            bytes: search::index_js(&self.search_records, &self.search_articles).into_bytes(),
        });
    }
}
