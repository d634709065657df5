//! What each page read of the bulletins while it rendered, recorded through the renderer's
//! accessors ([`Renderer::cards_in`], [`Renderer::own_card`], …), so that after bulletins are
//! edited (`serve`) only the pages whose reads now answer differently are rendered again.
//!
//! A page's output depends on the data it read, and what it reads next depends only on what it
//! read before (a list's length decides which entries a page of it shows). So if every read of
//! a page, asked again of the edited site, gives the same answer, the page would come out the
//! same: it is kept. Bulletins are known by their file and a version that changes when they are
//! edited. Nothing else a page shows changes with a bulletin edit: an edit of anything else is a
//! full build ([`crate::validate::revalidate_articles`]).

use std::path::Path;
use std::sync::Arc;

use super::*;

/// A list of bulletins a page may read: all of them (newest first), or those of a unit, a
/// directive, a case or a tag (by slug), in the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum List<'k> {
    All,
    Unit(&'k str),
    Directive(&'k str),
    Case(&'k str),
    Tag(&'k str),
}

/// A [`List`] kept beyond the render that read it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ListId {
    All,
    Unit(String),
    Directive(String),
    Case(String),
    Tag(String),
}

impl ListId {
    fn of(list: List) -> Self {
        match list {
            List::All => ListId::All,
            List::Unit(k) => ListId::Unit(k.into()),
            List::Directive(k) => ListId::Directive(k.into()),
            List::Case(k) => ListId::Case(k.into()),
            List::Tag(k) => ListId::Tag(k.into()),
        }
    }

    fn as_list(&self) -> List<'_> {
        match self {
            ListId::All => List::All,
            ListId::Unit(k) => List::Unit(k),
            ListId::Directive(k) => List::Directive(k),
            ListId::Case(k) => List::Case(k),
            ListId::Tag(k) => List::Tag(k),
        }
    }
}

/// A bulletin as read: which one, and which version of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) file: Arc<Path>,
    pub(crate) version: u64,
}

/// One thing a page read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Read {
    /// How many bulletins a list has.
    Len(ListId, usize),
    /// The bulletin at a position of a list.
    Entry(ListId, usize, Stamp),
    /// A bulletin itself, wherever it stands (its own page).
    Article(Stamp),
}

/// What one page read, in order (repeats are kept out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reads(Vec<Read>);

impl Reads {
    pub(crate) fn push(&mut self, read: Read) {
        if self.0.last() != Some(&read) {
            self.0.push(read);
        }
    }

    /// Whether every read, asked of the renderer `r` (the edited site), answers as it did.
    pub(crate) fn still_hold(&self, r: &Renderer) -> bool {
        self.0.iter().all(|read| match read {
            Read::Len(list, n) => r.positions(list.as_list()).len() == *n,
            Read::Entry(list, at, stamp) => r
                .positions(list.as_list())
                .get(*at)
                .is_some_and(|&i| r.stamp(i) == *stamp),
            Read::Article(stamp) => r
                .article_at(&stamp.file)
                .is_some_and(|i| r.stamp(i) == *stamp),
        })
    }
}

impl<'a> Renderer<'a> {
    /// The positions in `site.articles()` of a list's bulletins, in its order.
    pub(crate) fn positions(&self, list: List) -> &[usize] {
        match list {
            List::All => &self.all_positions,
            List::Unit(k) => listed(&self.refs.articles_by_unit, k),
            List::Directive(k) => listed(&self.refs.articles_by_directive, k),
            List::Case(k) => listed(&self.refs.articles_by_case, k),
            List::Tag(k) => self
                .tag_of
                .get(k)
                .map_or(&[][..], |&t| self.tags[t].articles.as_slice()),
        }
    }

    /// The bulletin at position `i` of `site.articles()`, as a read knows it.
    pub(crate) fn stamp(&self, i: usize) -> Stamp {
        Stamp {
            file: Arc::clone(&self.files[i]),
            version: self.versions.get(i).copied().unwrap_or(0),
        }
    }

    /// The position of the bulletin of `file`, when the site has it.
    pub(crate) fn article_at(&self, file: &Path) -> Option<usize> {
        self.file_position.get(file).copied()
    }

    /// How many bulletins `list` has (recorded).
    pub(crate) fn list_len(&self, list: List, out: &mut JobOutput) -> usize {
        let n = self.positions(list).len();
        if self.record {
            out.reads.push(Read::Len(ListId::of(list), n));
        }
        n
    }

    /// The cards of the bulletins at positions `range` of `list`, as templates receive a list
    /// (each entry recorded; the caller read the length it cut the range from).
    pub(crate) fn cards_in(
        &self,
        list: List,
        range: std::ops::Range<usize>,
        out: &mut JobOutput,
    ) -> Value {
        let positions = self.positions(list);
        let range = range.start.min(positions.len())..range.end.min(positions.len());
        if self.record {
            let id = ListId::of(list);
            for at in range.clone() {
                out.reads
                    .push(Read::Entry(id.clone(), at, self.stamp(positions[at])));
            }
        }
        Value::from(
            positions[range]
                .iter()
                .map(|&i| self.cards[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    /// The cards of every bulletin of `list` (its length and entries recorded).
    pub(crate) fn cards_all(&self, list: List, out: &mut JobOutput) -> Value {
        let n = self.list_len(list, out);
        self.cards_in(list, 0..n, out)
    }

    /// Every bulletin of the site, in order, read whole (the feed, the search index, the sitemap).
    pub(crate) fn read_all(&self, out: &mut JobOutput) {
        let n = self.list_len(List::All, out);
        if self.record {
            for at in 0..n {
                out.reads.push(Read::Entry(ListId::All, at, self.stamp(at)));
            }
        }
    }

    /// The bulletin at position `i`, read as itself (its share card).
    pub(crate) fn read_article(&self, i: usize, out: &mut JobOutput) {
        if self.record {
            out.reads.push(Read::Article(self.stamp(i)));
        }
    }

    /// The card of the bulletin at position `i`, read as itself (its own page).
    pub(crate) fn own_card(&self, i: usize, out: &mut JobOutput) -> Value {
        if self.record {
            out.reads.push(Read::Article(self.stamp(i)));
        }
        self.cards[i].clone()
    }
}
