//! Tags: the list of tags, and each tag's bulletins, paginated.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/the/`: every tag, with its number of bulletins.
pub(crate) struct List;

impl Family for List {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::TAGS.into()
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.tags(out)
    }
}

/// The pages of each tag (key: the tag's position in `Renderer::tags`, the page number).
pub(crate) struct Page;

impl Family for Page {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        let mut keys = Vec::new();
        for (t, tag) in r.tags.iter().enumerate() {
            keys.extend((1..=crate::pages::page_count(tag.articles.len())).map(|n| (t, n)));
        }
        keys
    }
    fn id(&self, r: &Renderer, (t, n): Key) -> String {
        urls::tag_page(&r.tags[t].slug, n)
    }
    fn render(&self, r: &Renderer, (t, n): Key, out: &mut JobOutput) {
        r.tag(&r.tags[t], n, out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn tags(&self, out: &mut JobOutput) {
        #[derive(Serialize)]
        struct TagEntry<'t> {
            name: &'t str,
            url: String,
            count: usize,
        }
        let mut list: Vec<TagEntry> = Vec::with_capacity(self.tags.len());
        for t in &self.tags {
            // A tag is named as its first bulletin spells it.
            let _ = self.cards_in(crate::render::List::Tag(&t.slug), 0..1, out);
            list.push(TagEntry {
                name: &t.name,
                url: urls::tag(&t.slug),
                count: self.list_len(crate::render::List::Tag(&t.slug), out),
            });
        }
        list.sort_by(|a, b| text::vi_cmp(a.name, b.name));
        let mut ctx = Context::new();
        ctx.insert("tags", &list);
        let title = self.site.labels().page.tags();
        self.page("tags.html", urls::TAGS, "articles", title, ctx, out);
    }

    /// Page `n` of a tag: its articles, [`PER_PAGE`] at a time like `/tin-tuc/`.
    pub(crate) fn tag(&self, tag: &TagGroup, n: usize, out: &mut JobOutput) {
        let list = crate::render::List::Tag(&tag.slug);
        let pages_n = crate::pages::page_count(self.list_len(list, out));
        let _ = self.cards_in(list, 0..1, out); // the tag's name, as its first bulletin spells it
        let mut ctx = Context::new();
        ctx.insert("tag", &tag.name);
        ctx.insert_value(
            "articles",
            self.cards_in(list, (n - 1) * PER_PAGE..n * PER_PAGE, out),
        );
        ctx.insert(
            "pagination",
            &pagination(n, pages_n, |k| urls::tag_page(&tag.slug, k)),
        );
        let labels = &self.site.labels().page;
        let title = if n == 1 {
            labels.tag(&tag.name)
        } else {
            labels.tag_page(&tag.name, n)
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
