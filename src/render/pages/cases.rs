//! Commended cases: the list, and each case.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/vu-viec/`: every commended case.
pub(crate) struct List;

impl Family for List {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::CASES.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.cases(out)
    }
}

/// Each case (key: its position in `site.cases()`).
pub(crate) struct Page;

impl Family for Page {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        (0..r.site.cases().len()).map(|i| (i, 0)).collect()
    }
    fn id(&self, r: &Renderer, (i, _): Key) -> String {
        urls::case(&r.site.cases()[i].id)
    }
    fn render(&self, r: &Renderer, (i, _): Key, out: &mut JobOutput) {
        r.case(&r.site.cases()[i], i, out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn cases(&self, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("cases", self.cases_of(self.sorted_cases.iter().copied()));
        self.page(
            "cases.html",
            urls::CASES,
            "cases",
            self.site.labels().page.cases(),
            ctx,
            out,
        );
    }

    pub(crate) fn case(&self, c: &Case, i: usize, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("case", self.case_views[i].clone());
        ctx.insert_value(
            "articles",
            self.cards_all(crate::render::List::Case(&c.id), out),
        );
        self.page("case.html", &urls::case(&c.id), "cases", &c.title, ctx, out);
    }
}
