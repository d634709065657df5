//! Commended cases: the list, and each case.

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn cases(&self, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("cases", self.cases_of(self.sorted_cases.iter().copied()));
        self.page(
            "cases.html",
            urls::CASES,
            "cases",
            "Vụ việc tiêu biểu",
            ctx,
            out,
        );
    }

    pub(crate) fn case(&self, c: &Case, i: usize, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("case", self.case_views[i].clone());
        let articles = listed(&self.refs.articles_by_case, &c.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        self.page("case.html", &urls::case(&c.id), "cases", &c.title, ctx, out);
    }
}
