//! The validated site: immutable, typed, cross-referenced by id. Built only by `validate`
//! (in the application crate); read by charts and render. [`pages`] lists a site's pages and
//! [`urls`] names them.

pub mod pages;
pub mod unit_order;
pub mod urls;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use bantin_text::docnum::DocNumber;
use bantin_text::labels::Labels;

/// The end of a source file's text from a byte on, sharing the file's memory: an article's body
/// is most of its file, and is kept once for both.
#[derive(Clone, Default)]
pub struct SharedText {
    text: Arc<String>,
    start: usize,
}

impl SharedText {
    /// `text` from byte `start` (a character boundary) on.
    pub fn tail(text: &Arc<String>, start: usize) -> Self {
        debug_assert!(text.is_char_boundary(start));
        SharedText {
            text: Arc::clone(text),
            start,
        }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText {
            text: Arc::new(text),
            start: 0,
        }
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// A file copied as-is from `content/static/`.
#[derive(Clone, Debug)]
pub struct StaticFile {
    /// Path under `static/`, with `/` separators (`img/a.jpg`).
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// A photo of `static/` that Markdown shows, published as JPEGs of a few widths (see bantin's
/// `images` module): what is needed to make them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// Path under `static/` of the original.
    pub rel: String,
    /// Content key naming the derived files (`anh/<key>-<width>.jpg`).
    pub key: String,
    /// Widths of the derived files, ascending.
    pub widths: Vec<u32>,
    /// Height of the derived file of each width (same order).
    pub heights: Vec<u32>,
    /// EXIF orientation of the original (1–8).
    pub orientation: u8,
}

/// A position in a source file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    #[default]
    Public,
    Internal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamePolicy {
    Initials,
    Full,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyInput {
    Dong,
    NghinDong,
}

/// Free-form `internal:` fields, shown only in internal builds.
pub type InternalFields = BTreeMap<String, String>;

/// The facts of a record not confirmed yet (`unconfirmed:`): field name → note saying what is
/// known. Shown "chưa xác nhận" with the note wherever the fact is.
pub type Unconfirmed = BTreeMap<String, String>;

#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    pub unit: Option<String>,
    pub language: String,
    pub person_names: NamePolicy,
    /// Month and day the statistical year starts (default 1 October of the previous year).
    pub year_start: (i8, i8),
    pub money_input: MoneyInput,
    /// The `briefing:` section: how the report a leader signs is headed and signed.
    pub briefing: BriefingConfig,
}

/// A statistical period a report covers: a whole statistical year, or its first six months
/// (the six-month review, sơ kết).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 12 or 6.
    pub months: u8,
}

impl Period {
    /// `2023` (the statistical year) or `2024-6t` (its first six months).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (year, months) = match s.strip_suffix("-6t") {
            Some(y) => (y, 6),
            None => (s, 12),
        };
        let year: i32 = year.parse().ok()?;
        ((1900..=2200).contains(&year) && !s.starts_with('+')).then_some(Period { year, months })
    }
    /// As [`Period::parse`] reads it.
    pub fn code(&self) -> String {
        if self.months == 6 {
            format!("{}-6t", self.year)
        } else {
            self.year.to_string()
        }
    }
}

/// `site.yaml`'s `briefing:`: what the header, the signature and the recipients of the report
/// say. Every field is optional: the report falls back on the lead unit's names and leaves blank
/// what only the office can fill in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BriefingConfig {
    /// The parent body as printed (cơ quan chủ quản).
    pub parent_body: Option<String>,
    /// The issuing body as printed.
    pub issuing_body: Option<String>,
    /// The report's symbol after the number: `BC-CCTHADS`.
    pub symbol: Option<String>,
    /// The place before the date: `Đại Từ`.
    pub place: Option<String>,
    /// The head's position as signed: `CHI CỤC TRƯỞNG`.
    pub position: Option<String>,
    /// When a deputy signs for the head (`KT.`): the deputy's position.
    pub deputy_position: Option<String>,
    /// The signer's name.
    pub signer: Option<String>,
    pub recipients: Vec<String>,
    /// The public site has a briefing too.
    pub public: bool,
    /// The period of the site's `/bao-cao/` (default: the latest with figures), with where it is
    /// written.
    pub period: Option<(Period, Pos)>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitKind {
    ToanQuoc,
    TongCuc,
    CucQuanLy,
    Cuc,
    ThadsTinh,
    ChiCuc,
    PhongKhuVuc,
    Khac,
}

impl UnitKind {
    pub fn parse(s: &str) -> Option<UnitKind> {
        Some(match s {
            "toan-quoc" => UnitKind::ToanQuoc,
            "tong-cuc" => UnitKind::TongCuc,
            "cuc-quan-ly" => UnitKind::CucQuanLy,
            "cuc" => UnitKind::Cuc,
            "thads-tinh" => UnitKind::ThadsTinh,
            "chi-cuc" => UnitKind::ChiCuc,
            "phong-khu-vuc" => UnitKind::PhongKhuVuc,
            "khac" => UnitKind::Khac,
            _ => return None,
        })
    }
    pub const NAMES: &[&str] = &[
        "toan-quoc",
        "tong-cuc",
        "cuc-quan-ly",
        "cuc",
        "thads-tinh",
        "chi-cuc",
        "phong-khu-vuc",
        "khac",
    ];
    /// How a reader names this kind of body (`[unit_kind]` of the labels file).
    pub fn label<'l>(&self, labels: &'l Labels) -> &'l str {
        let l = &labels.unit_kind;
        match self {
            UnitKind::ToanQuoc => l.toan_quoc(),
            UnitKind::TongCuc => l.tong_cuc(),
            UnitKind::CucQuanLy => l.cuc_quan_ly(),
            UnitKind::Cuc => l.cuc(),
            UnitKind::ThadsTinh => l.thads_tinh(),
            UnitKind::ChiCuc => l.chi_cuc(),
            UnitKind::PhongKhuVuc => l.phong_khu_vuc(),
            UnitKind::Khac => l.khac(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub parent: Option<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub successor: Option<String>,
    /// The content lists every unit under this one (`children_complete: true`): ranks computed
    /// among them are ranks within this unit.
    pub children_complete: bool,
    pub unconfirmed: Unconfirmed,
    pub audience: Audience,
    pub internal: InternalFields,
    pub file: PathBuf,
}

impl Unit {
    /// Whether the unit exists during any part of [start, end].
    pub fn overlaps(&self, start: Date, end: Date) -> bool {
        self.from.is_none_or(|f| f <= end) && self.until.is_none_or(|u| u >= start)
    }
}

/// A rate: the published figure and/or the one recomputed from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rate {
    pub published: Option<f64>,
    pub computed: Option<f64>,
}

impl Rate {
    /// The figure to show: the published one when there is one (published figures are never replaced).
    pub fn value(&self) -> Option<f64> {
        self.published.or(self.computed)
    }
    /// The recomputed figure when it differs from the published one by more than 0.005.
    pub fn recomputed_differs(&self) -> Option<f64> {
        match (self.published, self.computed) {
            (Some(p), Some(c)) if (p - c).abs() > 0.005 => Some(c),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub value: f64,
    /// Derived as rate − exceeded, not published.
    pub derived: bool,
}

/// One measure (cases or money) of a unit-year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measure {
    pub total: Option<u64>,
    pub eligible: Option<u64>,
    pub completed: Option<u64>,
    pub rate: Rate,
    pub target: Option<Target>,
    /// rate − target in percentage points: stated, else computed.
    pub exceeded: Option<f64>,
    /// The stated `exceeded` when it differs from rate − target by more than 0.01.
    pub exceeded_mismatch: Option<f64>,
    /// `exceeded` was not stated: computed as rate − target.
    pub exceeded_computed: bool,
}

impl Measure {
    pub fn is_empty(&self) -> bool {
        self.rate.value().is_none() && self.total.is_none() && self.completed.is_none()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ranks {
    pub cases: Option<u32>,
    pub money: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct YearStats {
    pub unit: String,
    pub year: i32,
    /// 12 = whole year; 6 = six-month review (sơ kết).
    pub months: u8,
    pub period_start: Date,
    pub period_end: Date,
    pub cases: Measure,
    pub money: Measure,
    /// Rank as published.
    pub rank: Ranks,
    /// Rank computed among units sharing a parent, when all of them have figures that year.
    pub computed_rank: Ranks,
    /// Number of units in the ranking (when computed).
    pub rank_of: Option<u32>,
    pub as_of: Option<Date>,
    pub source: Option<String>,
    pub unconfirmed: Unconfirmed,
    pub audience: Audience,
    pub internal: InternalFields,
    pub file: PathBuf,
}

#[derive(Clone, Debug)]
pub struct Directive {
    pub id: String,
    /// As printed (canonical form when it parsed).
    pub number: String,
    pub doc: Option<DocNumber>,
    pub date: Date,
    pub issuer: String,
    pub title: String,
    /// Stated or derived from the number.
    pub kind: Option<String>,
    /// Ids of the directives this one implements.
    pub implements: Vec<String>,
    pub unit: Option<String>,
    pub url: Option<String>,
    /// The summary as written: it travels with its directive through every filter, so that it
    /// is rendered for this record and no other.
    pub summary_md: Option<MarkdownSource>,
    /// `summary_md` rendered to HTML (under `initials`, parties' names masked on a public build).
    pub summary_html: Option<String>,
    pub unconfirmed: Unconfirmed,
    pub audience: Audience,
    pub internal: InternalFields,
    pub file: PathBuf,
}

/// A Markdown field of a data record as written, with where its value starts in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownSource {
    pub text: String,
    pub line: u32,
    /// 1-based: of the opening quote of a quoted value, of the first character of a plain value
    /// or of a block scalar's first line.
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    Date(Date),
    Year(i32),
}

impl Resolved {
    pub fn year(&self) -> i32 {
        match self {
            Resolved::Date(d) => d.year() as i32,
            Resolved::Year(y) => *y,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    /// The title; under `initials`, a public build holds it with parties' names masked, like every
    /// text of a case but `party` (see `validate::privacy`).
    pub title: String,
    pub unit: Option<String>,
    pub party: Option<String>,
    pub commune: Option<String>,
    pub resolved: Option<Resolved>,
    pub measures: Vec<String>,
    pub long_running: bool,
    pub complaints: bool,
    pub directed_by: Vec<String>,
    /// The commendation as written, carried by its case (see [`Directive::summary_md`]).
    pub commendation_md: Option<MarkdownSource>,
    /// `commendation_md` rendered to HTML.
    pub commendation_html: Option<String>,
    /// Directive ids.
    pub directives: Vec<String>,
    pub audience: Audience,
    pub internal: InternalFields,
    pub file: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub slug: String,
}

#[derive(Clone, Debug)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub date: Date,
    /// RFC 3339 timestamp for the feed (`2024-03-31T07:35:00+07:00`; midnight +07:00 for a date).
    pub timestamp: String,
    /// The moment of `timestamp`: lists are ordered by it (texts with different offsets do not
    /// sort as their moments do).
    pub instant: jiff::Timestamp,
    pub author: Option<String>,
    pub unit: Option<String>,
    pub summary: Option<String>,
    /// Where the values of `title` and `summary` start in the file (a quoted one at its quote):
    /// a warning about their text points inside them.
    pub title_pos: Pos,
    pub summary_pos: Option<Pos>,
    pub tags: Vec<Tag>,
    /// Directive ids.
    pub directives: Vec<String>,
    /// Case ids.
    pub cases: Vec<String>,
    pub draft: bool,
    pub audience: Audience,
    pub internal: InternalFields,
    /// Shared with the file's text in the source map.
    pub body_md: SharedText,
    pub body_line: u32,
    /// The body rendered to HTML by validate (links checked against every page of the site).
    pub body_html: String,
    /// The target of the body's first image, as written (`/img/a.jpg`): its photo is what a
    /// shared link shows.
    pub first_image: Option<String>,
    /// The start of the visible text (the Markdown renderer's plain text, cut to its length).
    pub plain_text: String,
    /// Charts embedded in the body; the HTML holds a `<!--bantin-chart:N-->` marker for each.
    pub charts: Vec<ChartSpec>,
    /// Directives whose page the text links to (mentions of their numbers included), in order.
    pub linked_directives: Vec<String>,
    pub file: PathBuf,
}

impl Article {
    /// The directives the article cites: in its front matter or with a link in its text.
    pub fn cited_directives(&self) -> impl Iterator<Item = &str> {
        self.directives
            .iter()
            .chain(&self.linked_directives)
            .map(String::as_str)
    }
}

/// What a site is made of: the records as validate selected and completed them (see
/// [`Site::new`]).
#[derive(Debug)]
pub struct SiteParts {
    pub config: SiteConfig,
    /// In any order: [`Site::new`] puts them in [`unit_order`].
    pub units: Vec<Unit>,
    /// Sorted by unit, year, months.
    pub stats: Vec<YearStats>,
    /// Chronological (date, then number).
    pub directives: Vec<Directive>,
    /// Sorted by resolution year (newest first), then id.
    pub cases: Vec<Case>,
    /// Newest first (date, then slug).
    pub articles: Vec<Article>,
    pub static_files: Vec<StaticFile>,
    /// The photos Markdown shows, by path: their originals (in `static_files`) are not
    /// published, their derived files are.
    pub photos: Vec<Photo>,
    pub templates: Vec<(String, String)>,
    /// The words the site shows that its templates do not hold: the built-in labels, with its
    /// own `templates/labels.toml` over them.
    pub labels: Labels,
    pub audience: Audience,
}

/// The checked site, ready to render: built once from its parts, with its indexes, and never
/// changed after (a new site is built instead: `serve` after an edit).
#[derive(Debug)]
pub struct Site {
    parts: SiteParts,
    lookups: Lookups,
}

/// Positions of records by id and the reverse references, so that lookups are not scans of the
/// whole site (a site of 10⁵ bulletins looks records up millions of times).
#[derive(Debug, Default)]
struct Lookups {
    /// Units by id.
    units: HashMap<String, usize>,
    directives: HashMap<String, usize>,
    cases: HashMap<String, usize>,
    /// Articles by slug.
    articles: HashMap<String, usize>,
    /// Positions in `stats` of each unit's figures, in the order of `stats`.
    unit_stats: HashMap<String, Vec<usize>>,
    /// Directive id → the directives that implement it, in site order.
    implemented_by: HashMap<String, Vec<usize>>,
    /// Unit id → its child units, in unit order.
    children: HashMap<String, Vec<usize>>,
    /// Unit id → the units it succeeded, in unit order.
    predecessors: HashMap<String, Vec<usize>>,
}

impl Lookups {
    fn new(parts: &SiteParts) -> Lookups {
        let mut l = Lookups::default();
        for (i, d) in parts.directives.iter().enumerate() {
            l.directives.entry(d.id.clone()).or_insert(i);
            for x in &d.implements {
                let list = l.implemented_by.entry(x.clone()).or_default();
                // A directive listing the same one twice is still one implementer.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        for (i, c) in parts.cases.iter().enumerate() {
            l.cases.entry(c.id.clone()).or_insert(i);
        }
        for (i, a) in parts.articles.iter().enumerate() {
            l.articles.entry(a.slug.clone()).or_insert(i);
        }
        for (i, s) in parts.stats.iter().enumerate() {
            l.unit_stats.entry(s.unit.clone()).or_default().push(i);
        }
        for (i, u) in parts.units.iter().enumerate() {
            l.units.entry(u.id.clone()).or_insert(i);
            if let Some(p) = &u.parent {
                l.children.entry(p.clone()).or_default().push(i);
            }
            if let Some(s) = &u.successor {
                l.predecessors.entry(s.clone()).or_default().push(i);
            }
        }
        l
    }
}

impl Site {
    /// The site of these parts, with its indexes; its units in [`unit_order`].
    pub fn new(mut parts: SiteParts) -> Site {
        unit_order::sort_units(&mut parts.units);
        let lookups = Lookups::new(&parts);
        Site { parts, lookups }
    }
    /// The parts the site was built from (to build another from them).
    pub fn into_parts(self) -> SiteParts {
        self.parts
    }
    pub fn config(&self) -> &SiteConfig {
        &self.parts.config
    }
    /// In [`unit_order`]: hierarchy, then generation, then Vietnamese order of names. Every
    /// list of units follows it.
    pub fn units(&self) -> &[Unit] {
        &self.parts.units
    }
    /// Sorted by unit, year, months.
    pub fn stats(&self) -> &[YearStats] {
        &self.parts.stats
    }
    /// Chronological (date, then number).
    pub fn directives(&self) -> &[Directive] {
        &self.parts.directives
    }
    /// Sorted by resolution year (newest first), then id.
    pub fn cases(&self) -> &[Case] {
        &self.parts.cases
    }
    /// Newest first (date, then slug).
    pub fn articles(&self) -> &[Article] {
        &self.parts.articles
    }
    pub fn static_files(&self) -> &[StaticFile] {
        &self.parts.static_files
    }
    /// Sorted by path under `static/`.
    pub fn photos(&self) -> &[Photo] {
        &self.parts.photos
    }
    pub fn templates(&self) -> &[(String, String)] {
        &self.parts.templates
    }
    /// The labels of the words a reader sees that are not in a template.
    pub fn labels(&self) -> &Labels {
        &self.parts.labels
    }
    pub fn audience(&self) -> Audience {
        self.parts.audience
    }
    /// Whether the site has a briefing (`/bao-cao/`): always for the office (internal), and on
    /// the public site only when `site.yaml` says `briefing: { public: true }`.
    pub fn has_briefing(&self) -> bool {
        self.parts.audience == Audience::Internal || self.parts.config.briefing.public
    }
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_position(id).map(|i| &self.parts.units[i])
    }
    /// Where unit `id` stands in [`Site::units`]: lists that order units some other way (a
    /// ranking) break ties with it.
    pub fn unit_position(&self, id: &str) -> Option<usize> {
        self.lookups.units.get(id).copied()
    }
    pub fn directive(&self, id: &str) -> Option<&Directive> {
        self.lookups
            .directives
            .get(id)
            .map(|&i| &self.parts.directives[i])
    }
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.lookups.cases.get(id).map(|&i| &self.parts.cases[i])
    }
    /// The article with this slug.
    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.lookups
            .articles
            .get(slug)
            .map(|&i| &self.parts.articles[i])
    }
    /// A unit's figures, in the order of `stats` (year, then months).
    pub fn unit_stats(&self, unit: &str) -> impl Iterator<Item = &YearStats> {
        positions(&self.lookups.unit_stats, unit).map(|i| &self.parts.stats[i])
    }
    /// The directives that implement directive `id`, in site order.
    pub fn implemented_by(&self, id: &str) -> impl Iterator<Item = &Directive> {
        positions(&self.lookups.implemented_by, id).map(|i| &self.parts.directives[i])
    }
    /// The units whose parent is `id`, in unit order.
    pub fn children(&self, id: &str) -> impl Iterator<Item = &Unit> {
        positions(&self.lookups.children, id).map(|i| &self.parts.units[i])
    }
    /// The units whose successor is `id`, in unit order.
    pub fn predecessors(&self, id: &str) -> impl Iterator<Item = &Unit> {
        positions(&self.lookups.predecessors, id).map(|i| &self.parts.units[i])
    }
}

fn positions<'s>(
    map: &'s HashMap<String, Vec<usize>>,
    key: &str,
) -> impl Iterator<Item = usize> + 's {
    map.get(key).into_iter().flatten().copied()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// One unit: cases and money rates per year with targets.
    Yearly,
    /// Units of one parent in one year, ranked.
    Compare,
    /// One unit: completed cases and money recovered per year.
    Counts,
}

/// A chart requested by a page or a ```chart block (SPEC §6), checked against the data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChartSpec {
    pub kind: ChartKind,
    /// `yearly`/`counts`: the one unit; `compare`: the units compared.
    pub units: Vec<String>,
    /// `compare`: the year.
    pub year: Option<i32>,
    /// `yearly`/`counts`: first and last year shown (inclusive).
    pub years: Option<(i32, i32)>,
    pub title: Option<String>,
}

/// A file of the built site, as rendering makes it and writing takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated (`tin-tuc/a/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

// Markers that the Markdown of texts (rendered while validating, before any page is known)
// leaves for the renderer to replace.

/// Stands for "the site root, relative to the page being rendered" in HTML made before the page
/// (ASCII that URL escaping leaves alone, so it survives in `href`s)
/// is known (Markdown is shared by pages at different depths). The renderer replaces it.
pub const ROOT_MARKER: &str = "@@bantin-root@@";

/// Marker left in an article's HTML where its N-th chart goes.
pub fn chart_marker(n: usize) -> String {
    format!("<!--bantin-chart:{n}-->")
}
