//! Directives: the timeline, and each directive with what cites it.

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn directives(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("timeline", &timeline(site));
        let all: Vec<DirectiveView> = site
            .directives
            .iter()
            .map(|d| directive_view(site, d))
            .collect();
        ctx.insert("directives", &all);
        self.page(
            "directives.html",
            urls::DIRECTIVES,
            "directives",
            "Văn bản chỉ đạo",
            ctx,
            out,
        );
    }

    pub(crate) fn directive(&self, d: &Directive, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("directive", &directive_view(site, d));
        let articles = listed(&self.refs.articles_by_directive, &d.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        let cases = listed(&self.refs.cases_by_directive, &d.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        let title = format!("{} {}", d.kind.as_deref().unwrap_or("Văn bản"), d.number);
        self.page(
            "directive.html",
            &urls::directive(&d.id),
            "directives",
            &title,
            ctx,
            out,
        );
    }
}
