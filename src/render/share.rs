//! What a shared link shows (Zalo, Facebook, Twitter): the Open Graph and Twitter card tags of
//! every page ([`ShareView`]) and the card pictures they point to (`anh-chia-se/…png`,
//! 1200 × 630, drawn by [`crate::charts::card`]).
//!
//! A bulletin with a photo shows its first photo (1200 px wide, made by [`crate::images`]);
//! one without has its own card (the site, its title, its first chart); a unit has one (its
//! name and chart), shown for its unit page and its statistics page; every other page shows the
//! site's card (its description and the lead unit's chart). Cards need absolute URLs, so a
//! site without `base_url` has the tags that need none and no card.
//!
//! A card costs ~2–3 ms to draw and encode: at 10,000 bulletins that would be most of a build,
//! so cards are kept in a cache folder ([`RenderOptions::cache`]) by the hash of what they show
//! and drawn again only when that changes. Measured at 10,000 bulletins (10,376 cards, 261 MB):
//! a build with an empty cache takes ~35 s instead of ~2; with the cache, ~0.2 s more than a build
//! without cards (1.96 → 2.18 s, most of it writing the cards).

use super::*;
use crate::charts::card::{CARD_HEIGHT, CARD_WIDTH, Card, card_png};

/// Where the cards go.
pub(crate) const DIR: &str = "anh-chia-se/";
/// The site's card.
const SITE_CARD: &str = "anh-chia-se/trang-chu.png";

/// The picture a shared bulletin shows: its first photo at 1200 px wide (else at its widest),
/// with that file's size.
fn photo_of(site: &Site, a: &Article) -> Option<(String, u32, u32)> {
    let rel = a.first_image.as_deref()?.strip_prefix('/')?;
    let photo = site.photos().iter().find(|p| p.rel == rel)?;
    let at = photo
        .widths
        .iter()
        .position(|&w| w == 1200)
        .or_else(|| photo.widths.len().checked_sub(1))?;
    Some((
        crate::images::output_path(&photo.key, photo.widths[at]),
        photo.widths[at],
        *photo.heights.get(at)?,
    ))
}

/// The sharing tags of a page, as `base.html` receives them.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ShareView {
    /// `article` for a bulletin, else `website`.
    pub(crate) kind: &'static str,
    pub(crate) description: Option<String>,
    /// Absolute URL of the card (only with `base_url`).
    pub(crate) image: Option<String>,
    pub(crate) image_type: &'static str,
    pub(crate) image_width: u32,
    pub(crate) image_height: u32,
}

/// The bulletin of an article page's URL (`tin-tuc/<slug>/`).
fn article_of<'s>(site: &'s Site, url: &str) -> Option<&'s Article> {
    let slug = url.strip_prefix(urls::ARTICLES)?.strip_suffix('/')?;
    site.article(slug).filter(|a| urls::article(&a.slug) == url)
}

/// The unit of a unit or statistics page (`don-vi/<id>/`, `thong-ke/<id>/`) that has a card.
fn unit_of<'s>(site: &'s Site, url: &str) -> Option<&'s Unit> {
    let id = url
        .strip_prefix(urls::UNITS)
        .or_else(|| url.strip_prefix(urls::STATS))?
        .strip_suffix('/')?;
    site.unit(id)
        .filter(|u| !chart_views::unit_chart_specs(site, &u.id).is_empty())
}

/// The card of the page at `url` (site-relative).
pub(crate) fn card_path(site: &Site, url: &str) -> String {
    if let Some(a) = article_of(site, url).filter(|a| photo_of(site, a).is_none()) {
        format!("{DIR}{}.png", urls::article(&a.slug).trim_end_matches('/'))
    } else if let Some(u) = unit_of(site, url) {
        format!("{DIR}{}.png", urls::unit(&u.id).trim_end_matches('/'))
    } else {
        SITE_CARD.to_string()
    }
}

/// The sharing tags of the page at `url`.
pub(crate) fn view(site: &Site, url: &str) -> ShareView {
    let article = article_of(site, url);
    let description = article
        .and_then(|a| a.summary.clone())
        .or_else(|| site.config().description.clone());
    let base = site.config().base_url.as_ref();
    if let (Some(a), Some(b)) = (article, base)
        && let Some((path, w, h)) = photo_of(site, a)
    {
        return ShareView {
            kind: "article",
            description,
            image: Some(format!("{b}{path}")),
            image_type: "image/jpeg",
            image_width: w,
            image_height: h,
        };
    }
    ShareView {
        kind: if article.is_some() {
            "article"
        } else {
            "website"
        },
        description,
        image: site
            .config()
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", card_path(site, url))),
        image_type: "image/png",
        image_width: CARD_WIDTH,
        image_height: CARD_HEIGHT,
    }
}

/// The cards: `(0, 0)` the site's, `(1, i)` bulletin `i`'s, `(2, i)` unit `i`'s.
pub(crate) struct Cards;

impl Renderer<'_> {
    /// The SVG of the first of these charts, if any.
    fn first_chart(&self, specs: &[ChartSpec]) -> Option<&str> {
        let spec = specs.first()?;
        self.chart_of
            .get(spec)
            .map(|&i| self.charts[i].svg.as_str())
    }
}

impl pages::Family for Cards {
    fn pages(&self, r: &Renderer) -> Vec<pages::Key> {
        let site = r.site;
        if site.config().base_url.is_none() {
            return Vec::new();
        }
        let mut keys = vec![(0, 0)];
        // A bulletin with a photo shows its photo instead.
        keys.extend(
            (0..site.articles().len())
                .filter(|&i| photo_of(site, &site.articles()[i]).is_none())
                .map(|i| (1, i)),
        );
        keys.extend(
            (0..site.units().len())
                .filter(|&i| !chart_views::unit_chart_specs(site, &site.units()[i].id).is_empty())
                .map(|i| (2, i)),
        );
        keys
    }
    fn id(&self, r: &Renderer, key: pages::Key) -> String {
        match key {
            (1, i) => card_path(r.site, &urls::article(&r.site.articles()[i].slug)),
            (2, i) => card_path(r.site, &urls::unit(&r.site.units()[i].id)),
            _ => SITE_CARD.to_string(),
        }
    }
    fn charts(&self, r: &Renderer, key: pages::Key) -> Vec<ChartSpec> {
        match key {
            (1, i) => r.site.articles()[i]
                .charts
                .iter()
                .take(1)
                .cloned()
                .collect(),
            (2, i) => chart_views::unit_chart_specs(r.site, &r.site.units()[i].id)
                .into_iter()
                .take(1)
                .collect(),
            _ => r
                .lead_unit()
                .map(|u| chart_views::unit_chart_specs(r.site, &u.id))
                .unwrap_or_default()
                .into_iter()
                .take(1)
                .collect(),
        }
    }
    fn render(&self, r: &Renderer, key: pages::Key, out: &mut JobOutput) {
        let site = r.site;
        let specs = self.charts(r, key);
        let title = match key {
            (1, i) => {
                r.read_article(i, out);
                site.articles()[i].title.as_str()
            }
            (2, i) => site.units()[i].name.as_str(),
            _ => site
                .config()
                .description
                .as_deref()
                .unwrap_or(&site.config().title),
        };
        let card = Card {
            site: &site.config().title,
            title,
            figure: None,
            chart: r.first_chart(&specs),
        };
        let path = self.id(r, key);
        match cached_png(r.options.cache.as_ref(), &card) {
            Ok(bytes) => out.files.push(OutputFile { path, bytes }),
            Err(e) => out.errors.push((
                false,
                Diagnostic {
                    severity: Severity::Error,
                    file: PathBuf::from(path),
                    pos: Pos { line: 1, col: 1 },
                    message: format!("the share card could not be drawn: {e}"),
                    hint: None,
                },
            )),
        }
    }
}

/// The card's PNG: from the cache folder when it holds this card, else drawn (and kept there
/// when the run may write it; a cache that cannot be written only costs speed).
fn cached_png(cache: Option<&Cache>, card: &Card) -> Result<Vec<u8>, String> {
    let Some(Cache { dir, write }) = cache else {
        return card_png(card);
    };
    // The hash of what the card shows (not of its SVG: laying the title out measures every
    // word, a third of a warm build's cost of the cards at 10,000 bulletins).
    let mut shown = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        card.site,
        card.title,
        card.figure.map_or("", |f| f.0),
        card.figure.map_or("", |f| f.1),
        card.chart.unwrap_or(""),
    ] {
        shown.update(&(part.len() as u64).to_le_bytes());
        shown.update(part.as_bytes());
    }
    let hash = shown.digest128();
    // bantin's version and the cards' format are part of the key: a new bantin may draw the
    // same SVG otherwise.
    let file = dir.join("cards").join(format!(
        "{hash:032x}-{}-{}.png",
        env!("CARGO_PKG_VERSION"),
        crate::charts::card::FORMAT
    ));
    if let Ok(bytes) = std::fs::read(&file)
        && crate::charts::png::png_size(&bytes) == Some((CARD_WIDTH, CARD_HEIGHT))
    {
        return Ok(bytes);
    }
    let bytes = card_png(card)?;
    if *write
        && let Some(parent) = file.parent()
        && std::fs::create_dir_all(parent).is_ok()
    {
        let _ = crate::atomic::replace(&file, &bytes);
    }
    Ok(bytes)
}
