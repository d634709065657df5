//! The bulletins: the paginated list and each bulletin's page, with its charts, directives and cases.

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn article_list(&self, n: usize, out: &mut JobOutput) {
        let len = self.cards.len();
        let pages_n = crate::pages::page_count(len);
        let url = urls::articles_page(n);
        let mut ctx = Context::new();
        ctx.insert_value(
            "articles",
            self.cards_of(((n - 1) * PER_PAGE).min(len)..(n * PER_PAGE).min(len)),
        );
        ctx.insert("pagination", &pagination(n, pages_n, urls::articles_page));
        let title = if n == 1 {
            "Tin tức".to_string()
        } else {
            format!("Tin tức – trang {n}")
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
        ctx.insert_value("article", self.cards[i].clone());
        ctx.insert("body_html", &body);
        let dirs: Vec<DirectiveRef> = a
            .directives
            .iter()
            .filter_map(|d| site.directive(d))
            .map(directive_ref)
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
