//! Directives: the timeline, and each directive with what cites it.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/van-ban/`: the timeline of every directive.
pub(crate) struct Timeline;

impl Family for Timeline {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::DIRECTIVES.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.directives(out)
    }
}

/// Each directive (key: its position in `site.directives()`).
pub(crate) struct Page;

impl Family for Page {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        (0..r.site.directives().len()).map(|i| (i, 0)).collect()
    }
    fn id(&self, r: &Renderer, (i, _): Key) -> String {
        urls::directive(&r.site.directives()[i].id)
    }
    fn render(&self, r: &Renderer, (i, _): Key, out: &mut JobOutput) {
        r.directive(&r.site.directives()[i], out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn directives(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("timeline", &timeline(site));
        let all: Vec<DirectiveView> = site
            .directives()
            .iter()
            .map(|d| directive_view(site, d))
            .collect();
        ctx.insert("directives", &all);
        self.page(
            "directives.html",
            urls::DIRECTIVES,
            "directives",
            site.labels().page.directives(),
            ctx,
            out,
        );
    }

    pub(crate) fn directive(&self, d: &Directive, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("directive", &directive_view(site, d));
        ctx.insert_value("articles", self.cards_all(List::Directive(&d.id), out));
        let cases = listed(&self.refs.cases_by_directive, &d.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        let title = site
            .labels()
            .page
            .directive(directive_kind(site, d), &d.number);
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
