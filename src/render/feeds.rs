//! The files for machines: the Atom feed, the sitemap (an index of several past 50,000
//! addresses) and robots.txt.

use super::*;

/// The sitemap protocol's limits for one file (sitemaps.org: 50,000 URLs, 50 MB uncompressed).
/// A site with more has `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, …
pub(crate) const SITEMAP_LIMITS: SitemapLimits = SitemapLimits {
    urls: 50_000,
    bytes: 52_428_800,
};

/// Entries of `atom.xml`: the newest bulletins, as many as a feed reader looks at (with every
/// bulletin, the feed of a site of 10⁵ bulletins was 50 MB).
pub(crate) const FEED_ENTRIES: usize = 50;

/// The most one sitemap file may hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SitemapLimits {
    pub(crate) urls: usize,
    pub(crate) bytes: usize,
}

/// The sitemap files of these absolute page URLs, which keep their order: `sitemap.xml` alone
/// (template `sitemap.xml`) when they fit in one file, else `sitemap.xml` as an index (template
/// `sitemap_index.xml`) of `sitemap-1.xml`, `sitemap-2.xml`, … (template `sitemap.xml` each), of at
/// most `limits.urls` URLs and `limits.bytes` bytes each (but a file of a single URL).
pub(crate) fn render_sitemaps(
    tera: &Tera,
    base: &str,
    urls: &[String],
    limits: SitemapLimits,
) -> Result<Vec<OutputFile>, tera::Error> {
    let urlset = |chunk: &[String]| {
        let mut ctx = Context::new();
        ctx.insert("urls", chunk);
        tera.render("sitemap.xml", &ctx).map(String::into_bytes)
    };
    if urls.len() <= limits.urls {
        let bytes = urlset(urls)?;
        if bytes.len() <= limits.bytes {
            return Ok(vec![OutputFile {
                path: "sitemap.xml".into(),
                bytes,
            }]);
        }
    }
    // Files of `limits.urls` URLs, each halved until it fits in `limits.bytes` (the size depends
    // on the template, so it is measured, not estimated).
    let mut files = Vec::new();
    let mut pending: Vec<&[String]> = urls.chunks(limits.urls.max(1)).rev().collect();
    while let Some(chunk) = pending.pop() {
        let bytes = urlset(chunk)?;
        if bytes.len() > limits.bytes && chunk.len() > 1 {
            let (first, rest) = chunk.split_at(chunk.len() / 2);
            pending.push(rest);
            pending.push(first);
        } else {
            files.push(OutputFile {
                path: format!("sitemap-{}.xml", files.len() + 1),
                bytes,
            });
        }
    }
    let sitemaps: Vec<String> = files.iter().map(|f| format!("{base}{}", f.path)).collect();
    let mut ctx = Context::new();
    ctx.insert("sitemaps", &sitemaps);
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: tera.render("sitemap_index.xml", &ctx)?.into_bytes(),
    });
    Ok(files)
}

/// `robots.txt`, `atom.xml` and the sitemaps: one job.
pub(crate) struct Feeds;

impl pages::Family for Feeds {
    fn pages(&self, _: &Renderer) -> Vec<pages::Key> {
        vec![pages::ONLY]
    }
    fn id(&self, _: &Renderer, _: pages::Key) -> String {
        "atom.xml".into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn render(&self, r: &Renderer, _: pages::Key, out: &mut JobOutput) {
        r.feeds(out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn feeds(&self, out: &mut JobOutput) {
        let site = self.site;
        // The newest bulletins, the date of the latest, and every address: all of them.
        self.read_all(out);
        let mut ctx = Context::new();
        ctx.insert("base_url", &site.config().base_url);
        self.raw("robots.txt", ctx, out);
        let Some(base) = site.config().base_url.as_deref() else {
            return; // feeds and sitemaps need absolute URLs
        };
        #[derive(Serialize)]
        struct FeedEntry<'e> {
            title: &'e str,
            url: String,
            updated: &'e str,
            summary: Cow<'e, str>,
            author: Option<&'e str>,
        }
        // `site.articles()` is newest first (validate sorts it), so these are the newest.
        let entries: Vec<FeedEntry> = site
            .articles()
            .iter()
            .take(FEED_ENTRIES)
            .map(|a| FeedEntry {
                title: &a.title,
                url: format!("{base}{}", urls::article(&a.slug)),
                updated: &a.timestamp,
                summary: match &a.summary {
                    Some(s) => Cow::Borrowed(s),
                    None => Cow::Owned(excerpt(&a.plain_text, 300)),
                },
                author: a.author.as_deref(),
            })
            .collect();
        let updated = site
            .articles()
            .iter()
            .max_by_key(|a| a.instant)
            .map_or("2000-01-01T00:00:00+07:00", |a| a.timestamp.as_str());
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        ctx.insert("updated", updated);
        ctx.insert("base_url", base);
        ctx.insert_value("site", self.site_value.clone());
        self.raw("atom.xml", ctx, out);
        let page_urls: Vec<String> = crate::pages::page_urls(site)
            .into_iter()
            .map(|u| format!("{base}{u}"))
            .collect();
        match render_sitemaps(&self.tera, base, &page_urls, SITEMAP_LIMITS) {
            Ok(files) => out.files.extend(files),
            Err(e) => out
                .errors
                .push((false, template_diagnostic(&e, &self.sources))),
        }
    }

    pub(crate) fn raw(&self, template: &str, ctx: Context, out: &mut JobOutput) {
        match self.tera.render(template, &ctx) {
            Ok(t) => out.files.push(OutputFile {
                path: template.to_string(),
                bytes: t.into_bytes(),
            }),
            Err(e) => out
                .errors
                .push((false, template_diagnostic(&e, &self.sources))),
        }
    }
}
