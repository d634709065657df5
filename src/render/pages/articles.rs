//! The bulletins: the paginated list and each bulletin's page, with its charts, directives and cases.

use super::{Family, Key};
use crate::render::*;

/// The pages of `/tin-tuc/`, [`PER_PAGE`] bulletins each (key: page number).
pub(crate) struct List;

impl Family for List {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        (1..=crate::pages::page_count(r.site.articles().len()))
            .map(|n| (n, 0))
            .collect()
    }
    fn id(&self, _: &Renderer, (n, _): Key) -> String {
        urls::articles_page(n)
    }
    fn render(&self, r: &Renderer, (n, _): Key, out: &mut JobOutput) {
        r.article_list(n, out)
    }
}

/// Each bulletin's page (key: its position in `site.articles()`).
pub(crate) struct Page;

impl Family for Page {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        (0..r.site.articles().len()).map(|i| (i, 0)).collect()
    }
    fn id(&self, r: &Renderer, (i, _): Key) -> String {
        urls::article(&r.site.articles()[i].slug)
    }
    fn charts(&self, r: &Renderer, (i, _): Key) -> Vec<ChartSpec> {
        r.site.articles()[i].charts.clone()
    }
    fn render(&self, r: &Renderer, (i, _): Key, out: &mut JobOutput) {
        r.article(&r.site.articles()[i], i, out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn article_list(&self, n: usize, out: &mut JobOutput) {
        let len = self.list_len(crate::render::List::All, out);
        let pages_n = crate::pages::page_count(len);
        let url = urls::articles_page(n);
        let mut ctx = Context::new();
        ctx.insert_value(
            "articles",
            self.cards_in(
                crate::render::List::All,
                (n - 1) * PER_PAGE..n * PER_PAGE,
                out,
            ),
        );
        ctx.insert("pagination", &pagination(n, pages_n, urls::articles_page));
        let labels = &self.site.labels().page;
        let title = if n == 1 {
            labels.articles().to_string()
        } else {
            labels.articles_page(n)
        };
        self.page("articles.html", &url, "articles", &title, ctx, out);
    }

    pub(crate) fn article(&self, a: &Article, i: usize, out: &mut JobOutput) {
        let site = self.site;
        let body: Cow<str> = if a.charts.is_empty() {
            Cow::Borrowed(&a.body_html)
        } else {
            let mut body = a.body_html.clone();
            for (k, spec) in a.charts.iter().enumerate() {
                let html = self.chart_html(spec, out);
                body = body.replace(&chart_marker(k), &html);
            }
            Cow::Owned(body)
        };
        let mut ctx = Context::new();
        ctx.insert_value("article", self.own_card(i, out));
        ctx.insert("body_html", &body);
        let dirs: Vec<DirectiveRef> = a
            .directives
            .iter()
            .filter_map(|d| site.directive(d))
            .map(|d| directive_ref(site, d))
            .collect();
        ctx.insert("directives", &dirs);
        let cases = a
            .cases
            .iter()
            .filter_map(|c| self.case_position.get(c.as_str()).copied());
        ctx.insert_value("cases", self.cases_of(cases));
        ctx.insert("internal", &a.internal.iter().collect::<Vec<_>>());
        self.page(
            "article.html",
            &urls::article(&a.slug),
            "articles",
            &a.title,
            ctx,
            out,
        );
    }
}
