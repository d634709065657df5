//! Tags: the list of tags, and each tag's bulletins, paginated.

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn tags(&self, out: &mut JobOutput) {
        #[derive(Serialize)]
        struct TagEntry<'t> {
            name: &'t str,
            url: String,
            count: usize,
        }
        let mut list: Vec<TagEntry> = self
            .tags
            .iter()
            .map(|t| TagEntry {
                name: &t.name,
                url: urls::tag(&t.slug),
                count: t.articles.len(),
            })
            .collect();
        list.sort_by(|a, b| text::vi_cmp(a.name, b.name));
        let mut ctx = Context::new();
        ctx.insert("tags", &list);
        self.page("tags.html", urls::TAGS, "articles", "Chủ đề", ctx, out);
    }

    /// Page `n` of a tag: its articles, [`PER_PAGE`] at a time like `/tin-tuc/`.
    pub(crate) fn tag(&self, tag: &TagGroup, n: usize, out: &mut JobOutput) {
        let all = &tag.articles;
        let pages_n = crate::pages::page_count(all.len());
        let slice = &all[((n - 1) * PER_PAGE).min(all.len())..(n * PER_PAGE).min(all.len())];
        let mut ctx = Context::new();
        ctx.insert("tag", &tag.name);
        ctx.insert_value("articles", self.cards_of(slice.iter().copied()));
        ctx.insert(
            "pagination",
            &pagination(n, pages_n, |k| urls::tag_page(&tag.slug, k)),
        );
        let title = if n == 1 {
            format!("Chủ đề: {}", tag.name)
        } else {
            format!("Chủ đề: {} – trang {n}", tag.name)
        };
        self.page(
            "tag.html",
            &urls::tag_page(&tag.slug, n),
            "articles",
            &title,
            ctx,
            out,
        );
    }
}
