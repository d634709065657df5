//! `bantin new`: write a correctly-formed article, case, directive or year of statistics.
//!
//! Every file is checked before it is written: the project's `content/` is read into memory, the
//! new file added (or the stats file with its new year), and the whole site validated for both
//! audiences, drafts included. A problem the new file would bring (an unknown unit, a duplicate
//! id or year) refuses the write, so `bantin new` never leaves a file that fails `bantin check`.
//! Nothing existing is ever overwritten: new files are created with `create_new`, and a stats file
//! only ever gains a year entry at its end. The clock is read by the caller (`cli.rs`).

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Severity};
use crate::docnum;
use crate::error::EnvError;
use crate::load::{self, Value};
use crate::source::SourceMap;
use crate::text;

/// What to create.
#[derive(Clone, Debug)]
pub enum NewItem {
    Article {
        title: String,
        /// The article's date; `None`: `now` (a date and time in Vietnam).
        date: Option<Date>,
        now: DateTime,
        slug: Option<String>,
        unit: Option<String>,
    },
    Case {
        id: String,
        title: String,
        unit: Option<String>,
        party: Option<String>,
        /// A year (`2023`) or a date, as the user wrote it.
        resolved: Option<String>,
    },
    Directive {
        number: String,
        date: Date,
        issuer: String,
        title: String,
        unit: Option<String>,
        kind: Option<String>,
    },
    Stats {
        unit: String,
        year: i32,
    },
}

/// What was written.
#[derive(Debug)]
pub struct Created {
    /// Root-relative path, `/`-separated.
    pub path: PathBuf,
    /// A year entry was added to an existing file (stats); otherwise a new file.
    pub appended: bool,
    /// Hints for the user, in order.
    pub notes: Vec<String>,
    /// Warnings `check` will give about the new record (besides the expected ones the notes
    /// mention), with the sources to quote them.
    pub warnings: Vec<Diagnostic>,
    pub sources: SourceMap,
}

#[derive(Debug)]
pub enum ScaffoldError {
    /// The file (or the record) already exists; nothing was written.
    Exists(String),
    /// A bad value on the command line, or an unusable project folder.
    Usage(String),
    /// The new record would not pass `check`: these errors (all about it), nothing written.
    Invalid {
        diagnostics: Vec<Diagnostic>,
        sources: SourceMap,
    },
    /// Reading or writing the project failed.
    Env(crate::error::EnvError),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(m) | ScaffoldError::Usage(m) => f.write_str(m),
            ScaffoldError::Env(e) => write!(f, "{e}"),
            ScaffoldError::Invalid { diagnostics, .. } => write!(
                f,
                "the new record would not pass `bantin check` ({} errors); nothing was written",
                diagnostics.len()
            ),
        }
    }
}

/// Create the file for `item` in the project at `root`.
pub fn create(root: &Path, item: &NewItem) -> Result<Created, ScaffoldError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(ScaffoldError::Usage(format!(
            "no content/ folder in {} (use --root to point at the folder that holds content/)",
            root.display()
        )));
    }
    let files = read_content(root)?;
    let plan = match item {
        NewItem::Article {
            title,
            date,
            now,
            slug,
            unit,
        } => plan_article(
            root,
            &files,
            title,
            *date,
            *now,
            slug.as_deref(),
            unit.as_deref(),
        )?,
        NewItem::Case {
            id,
            title,
            unit,
            party,
            resolved,
        } => plan_case(
            &files,
            id,
            title,
            unit.as_deref(),
            party.as_deref(),
            resolved.as_deref(),
        )?,
        NewItem::Directive {
            number,
            date,
            issuer,
            title,
            unit,
            kind,
        } => plan_directive(
            number,
            *date,
            issuer,
            title,
            unit.as_deref(),
            kind.as_deref(),
        )?,
        NewItem::Stats { unit, year } => plan_stats(root, unit, *year)?,
    };
    let (warnings, sources) = check_plan(files, &plan)?;
    write_plan(root, &plan)?;
    Ok(Created {
        path: plan.rel,
        appended: plan.previous.is_some(),
        notes: plan.notes,
        warnings,
        sources,
    })
}

/// A file to write: its path, its full new text, and (for an append) the text it had.
struct Plan {
    rel: PathBuf,
    text: String,
    previous: Option<String>,
    notes: Vec<String>,
}

type Files = Vec<(PathBuf, Vec<u8>)>;

/// Every file under `content/`, as `load::load_files` takes them.
fn read_content(root: &Path) -> Result<Files, ScaffoldError> {
    let mut files = Vec::new();
    for entry in WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.join("content"));
            let io = e.into_io_error().unwrap_or_else(|| {
                std::io::Error::other("a folder of content/ loops back on itself")
            });
            ScaffoldError::Env(EnvError::io("cannot read", path, io))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(entry.path())
            .map_err(|e| ScaffoldError::Env(EnvError::io("cannot read", entry.path(), e)))?;
        files.push((load::rel_path(root, entry.path()), bytes));
    }
    Ok(files)
}

/// A YAML double-quoted scalar (JSON strings are valid YAML), in NFC.
fn quoted(s: &str) -> String {
    serde_json::to_string(&text::nfc(s.trim())).unwrap_or_else(|_| "\"\"".into())
}

fn check_id(what: &str, s: &str) -> Result<(), ScaffoldError> {
    if text::is_id(s) {
        return Ok(());
    }
    let hint = text::slugify(s);
    Err(ScaffoldError::Usage(if hint.is_empty() {
        format!("`{s}` is not a valid {what}: use lowercase letters, digits and hyphens (`dai-tu`)")
    } else {
        format!(
            "`{s}` is not a valid {what}: use lowercase letters, digits and hyphens, e.g. `{hint}`"
        )
    }))
}

fn refuse_existing(root: &Path, rel: &Path) -> Result<(), ScaffoldError> {
    if fs::symlink_metadata(root.join(rel)).is_ok() {
        return Err(ScaffoldError::Exists(format!(
            "{} already exists; bantin new never overwrites a file (edit it, or choose another name)",
            rel.display()
        )));
    }
    Ok(())
}

/// One line of a template: `code`, then `# comment` in a column of its own.
fn row(code: &str, comment: &str) -> String {
    format!("{code:<39} # {comment}\n")
}

/// `unit:` line: the given unit, or a commented example with the site's lead unit.
fn unit_line(unit: Option<&str>, files: &Files, comment: &str) -> Result<String, ScaffoldError> {
    Ok(match unit {
        Some(u) => {
            check_id("unit id", u)?;
            row(&format!("unit: {u}"), comment)
        }
        None => row(
            &format!(
                "# unit: {}",
                site_unit(files).unwrap_or_else(|| "dai-tu".into())
            ),
            comment,
        ),
    })
}

/// The `unit` of `content/site.yaml`, if it can be read.
fn site_unit(files: &Files) -> Option<String> {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == Path::new("content/site.yaml"))?;
    let node = load::yaml::parse_yaml(std::str::from_utf8(bytes).ok()?, 0).ok()?;
    let Value::Map(fields) = node.value else {
        return None;
    };
    fields
        .iter()
        .find(|(k, _)| k.name == "unit")
        .and_then(|(_, v)| v.scalar_text())
        .filter(|u| text::is_id(u))
}

fn plan_article(
    root: &Path,
    files: &Files,
    title: &str,
    date: Option<Date>,
    now: DateTime,
    slug: Option<&str>,
    unit: Option<&str>,
) -> Result<Plan, ScaffoldError> {
    let title = text::nfc(title.trim());
    if title.is_empty() {
        return Err(ScaffoldError::Usage("the title is empty".into()));
    }
    let slug = match slug {
        Some(s) => {
            check_id("slug", s)?;
            s.to_string()
        }
        None => {
            let s = text::slugify(&title);
            if s.is_empty() {
                return Err(ScaffoldError::Usage(format!(
                    "cannot make a file name from the title `{title}`: pass --slug"
                )));
            }
            s
        }
    };
    let (year, date_text) = match date {
        Some(d) => (d.year(), d.to_string()),
        None => (
            now.year(),
            format!(
                "{}T{:02}:{:02}:00+07:00",
                now.date(),
                now.hour(),
                now.minute()
            ),
        ),
    };
    let name = format!("{slug}.md");
    let rel = PathBuf::from(format!("content/articles/{year}/{name}"));
    refuse_existing(root, &rel)?;
    if let Some((other, _)) = files.iter().find(|(p, _)| {
        p.starts_with("content/articles") && p.file_name().is_some_and(|n| n == name.as_str())
    }) {
        return Err(ScaffoldError::Exists(format!(
            "an article with the file name {name} already exists: {} (its page would have the same address); pass --slug to choose another",
            other.display()
        )));
    }
    let unit = unit_line(unit, files, "đơn vị viết bài")?;
    let text = [
        "---\n".to_string(),
        format!("title: {}\n", quoted(&title)),
        format!("date: {date_text}\n"),
        row("# author: \"Chi cục THADS …\"", "người hoặc đơn vị viết"),
        unit,
        row("# summary: \"…\"", "một hai câu, hiện trong danh sách tin"),
        row("# tags: [cưỡng chế]", "thẻ"),
        row("# directives: [\"33-CT/TU\"]", "văn bản được nhắc đến"),
        row("draft: true", "bản nháp: xóa dòng này khi bài sẵn sàng đăng"),
        "---\n\n".into(),
        "Viết nội dung bài ở đây. Ảnh cần có lời mô tả: `![mô tả ảnh](/img/ten-anh.jpg)`; dòng in\n".into(),
        "nghiêng ngay dưới ảnh là chú thích.\n".into(),
    ]
    .concat();
    Ok(Plan {
        rel,
        text,
        previous: None,
        notes: vec![
            format!("the page will be /tin-tuc/{slug}/"),
            "it is a draft (draft: true): `bantin build` leaves it out until you delete that line; preview it with `bantin serve --drafts`".into(),
        ],
    })
}

fn plan_case(
    files: &Files,
    id: &str,
    title: &str,
    unit: Option<&str>,
    party: Option<&str>,
    resolved: Option<&str>,
) -> Result<Plan, ScaffoldError> {
    check_id("case id", id)?;
    if title.trim().is_empty() {
        return Err(ScaffoldError::Usage("the title is empty".into()));
    }
    let rel = PathBuf::from(format!("content/cases/{id}.yaml"));
    let unit = unit_line(unit, files, "đơn vị giải quyết")?;
    let party = match party {
        Some(p) => row(
            &format!("party: {}", quoted(p)),
            "trang công khai chỉ hiện chữ cái đầu",
        ),
        None => row(
            "# party: \"Nguyễn Văn A\"",
            "người/tổ chức; trang công khai chỉ hiện chữ cái đầu",
        ),
    };
    let resolved = match resolved {
        Some(r) => {
            let r = r.trim();
            if r.parse::<i32>().is_ok() {
                format!("resolved: {r}\n")
            } else {
                let d = text::parse_date(r).map_err(|e| {
                    ScaffoldError::Usage(format!(
                        "--resolved: `{r}` is neither a year nor a date: {e}"
                    ))
                })?;
                format!("resolved: {}\n", text::format_date(d))
            }
        }
        None => row("# resolved: 2024", "năm hoặc ngày giải quyết xong"),
    };
    let text = [
        "# Vụ việc tiêu biểu (SPEC §3.5). Bỏ dấu # ở đầu dòng để dùng một trường.\n".to_string(),
        format!("id: {id}\n"),
        format!("title: {}\n", quoted(title)),
        unit,
        party,
        row(
            "# commune: \"xã …\"",
            "tên xã/phường tại thời điểm giải quyết",
        ),
        resolved,
        row("# measures: [cưỡng chế]", "biện pháp đã áp dụng"),
        row("# long_running: true", "vụ việc kéo dài"),
        row("# complaints: true", "có đơn thư khiếu nại"),
        row(
            "# directed_by: [\"Thường trực Huyện ủy …\"]",
            "cơ quan chỉ đạo",
        ),
        row("# directives: [\"33-CT/TU\"]", "văn bản liên quan"),
        "# commendation: >-\n".into(),
        "#   Vài câu về cách vụ việc được giải quyết.\n".into(),
    ]
    .concat();
    Ok(Plan {
        rel,
        text,
        previous: None,
        notes: vec![format!("the page will be /vu-viec/{id}/")],
    })
}

fn plan_directive(
    number: &str,
    date: Date,
    issuer: &str,
    title: &str,
    unit: Option<&str>,
    kind: Option<&str>,
) -> Result<Plan, ScaffoldError> {
    let number = text::nfc(number.trim());
    if number.is_empty() {
        return Err(ScaffoldError::Usage("the document number is empty".into()));
    }
    for (what, v) in [("--issuer", issuer), ("--title", title)] {
        if v.trim().is_empty() {
            return Err(ScaffoldError::Usage(format!("{what} is empty")));
        }
    }
    let year = date.year() as i32;
    let mut notes = Vec::new();
    let (id, shown, derived_kind) = match docnum::parse_doc_number(&number) {
        Ok(doc) => (doc.id(year), doc.canonical(), doc.kind_name()),
        Err(e) => {
            notes.push(format!(
                "cannot read the number `{number}` ({}): `bantin check` will warn about it",
                e.message
            ));
            (
                format!("{}-{year}", text::slugify(&number)),
                number.clone(),
                None,
            )
        }
    };
    if id.is_empty() || !text::is_id(&id) {
        return Err(ScaffoldError::Usage(format!(
            "cannot make an id from the number `{number}`"
        )));
    }
    let rel = PathBuf::from(format!("content/directives/{id}.yaml"));
    let kind_line = match (kind, derived_kind) {
        (Some(k), _) => format!("kind: {}\n", quoted(k)),
        (None, Some(k)) => row(
            &format!("# kind: \"{k}\""),
            "suy ra từ số hiệu; ghi rõ nếu khác",
        ),
        (None, None) => {
            notes.push(
                "the number does not say what kind of document it is: add `kind:` (e.g. `kind: Luật`)"
                    .into(),
            );
            row("# kind: \"Luật\"", "số hiệu không cho biết loại văn bản")
        }
    };
    let unit_line = match unit {
        Some(u) => {
            check_id("unit id", u)?;
            format!("unit: {u}\n")
        }
        None => row("# unit: dai-tu", "đơn vị liên quan"),
    };
    let text = [
        format!(
            "# Văn bản chỉ đạo (SPEC §3.4), mã {id}. Bỏ dấu # ở đầu dòng để dùng một trường.\n"
        ),
        format!("number: {}\n", quoted(&shown)),
        format!("date: {}\n", text::format_date(date)),
        format!("issuer: {}\n", quoted(issuer)),
        format!("title: {}\n", quoted(title)),
        kind_line,
        unit_line,
        row(
            "# implements: [\"33-CT/TU\"]",
            "văn bản được triển khai (số hiệu hoặc số@năm)",
        ),
        row("# url: \"https://…\"", "bản gốc trên mạng"),
        "# summary: >-\n".into(),
        "#   Tóm tắt nội dung văn bản.\n".into(),
    ]
    .concat();
    notes.insert(0, format!("the page will be /van-ban/{id}/"));
    Ok(Plan {
        rel,
        text,
        previous: None,
        notes,
    })
}

/// The commented skeleton of one year of statistics: `prefix` (`  - `) before `year:`, the other
/// lines indented as far.
fn year_entry(year: i32, prefix: &str) -> String {
    let pad = " ".repeat(prefix.chars().count());
    let as_of = format!("# as_of: 30/09/{year}");
    let rows = [
        ("# cases:", "về việc"),
        ("#   total: 0", "tổng số phải thi hành"),
        ("#   eligible: 0", "có điều kiện thi hành"),
        ("#   completed: 0", "thi hành xong (kể cả đình chỉ)"),
        ("#   target: 0", "chỉ tiêu giao, %"),
        ("# money:", "về tiền, đồng; cùng các trường như trên"),
        ("#   total: 0", ""),
        ("#   eligible: 0", ""),
        ("#   completed: 0", ""),
        ("#   target: 0", ""),
        (as_of.as_str(), "ngày chốt số liệu"),
        ("# source: \"\"", "bài viết hoặc văn bản công bố số liệu"),
    ];
    let mut out = format!("{prefix}year: {year}\n");
    out.push_str(&format!(
        "{pad}# Năm thống kê {year}: 1/10/{} – 30/9/{year}. Điền số liệu rồi bỏ dấu # ở đầu dòng.\n",
        year - 1
    ));
    for (code, comment) in rows {
        if comment.is_empty() {
            out.push_str(&format!("{pad}{code}\n"));
        } else {
            out.push_str(&format!("{pad}{code:<23} # {comment}\n"));
        }
    }
    out
}

fn plan_stats(root: &Path, unit: &str, year: i32) -> Result<Plan, ScaffoldError> {
    check_id("unit id", unit)?;
    if !(1950..=2100).contains(&year) {
        return Err(ScaffoldError::Usage(format!(
            "`{year}` is not a statistical year such as 2024"
        )));
    }
    let rel = PathBuf::from(format!("content/stats/{unit}.yaml"));
    let path = root.join(&rel);
    let notes = vec![format!(
        "fill in the figures for {year}: until then `bantin check` warns that the entry has no figures"
    )];
    let existing = match fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(ScaffoldError::Env(EnvError::io("cannot read", &rel, e)));
        }
        Ok(b) => Some(String::from_utf8(b).map_err(|_| {
            ScaffoldError::Usage(format!(
                "{} is not UTF-8 text; run `bantin check`",
                rel.display()
            ))
        })?),
    };
    let Some(old) = existing else {
        let text = format!(
            "# Số liệu thi hành án theo năm thống kê của đơn vị {unit} (SPEC §3.3).\nunit: {unit}\nyears:\n{}",
            year_entry(year, "  - ")
        );
        return Ok(Plan {
            rel,
            text,
            previous: None,
            notes,
        });
    };
    let text = append_year(&old, &rel, year)?;
    Ok(Plan {
        rel,
        text,
        previous: Some(old),
        notes,
    })
}

/// `old` with a year entry added at the end of its `years:` list. Refuses when the year is there,
/// and when the file's layout is not the usual one (a single record whose last field is a block
/// `years:` list), saying what to paste by hand.
fn append_year(old: &str, rel: &Path, year: i32) -> Result<String, ScaffoldError> {
    let unreadable = |why: &str| {
        ScaffoldError::Usage(format!(
            "cannot add {year} to {} safely ({why}); add it by hand at the end of `years:`:\n\n{}",
            rel.display(),
            year_entry(year, "  - ")
        ))
    };
    let node = load::yaml::parse_yaml(old, 0)
        .map_err(|_| unreadable("the file has a YAML error; run `bantin check`"))?;
    let Value::Map(fields) = &node.value else {
        return Err(unreadable("it does not hold a single record"));
    };
    let Some((years_key, years)) = fields.iter().find(|(k, _)| k.name == "years") else {
        return Err(unreadable("it has no `years:` list"));
    };
    if fields.iter().any(|(k, _)| k.pos.line > years_key.pos.line) {
        return Err(unreadable("`years:` is not its last field"));
    }
    let Value::Seq(items) = &years.value else {
        return Err(unreadable("`years:` is not a list"));
    };
    for item in items {
        if let Value::Map(f) = &item.value {
            let get = |name: &str| {
                f.iter()
                    .find(|(k, _)| k.name == name)
                    .map(|(_, v)| &v.value)
            };
            let whole_year = matches!(get("months"), None | Some(Value::Int(12)));
            if matches!(get("year"), Some(Value::Int(y)) if *y == year as i64) && whole_year {
                return Err(ScaffoldError::Exists(format!(
                    "{} already has the year {year} (line {}); bantin new never overwrites it",
                    rel.display(),
                    item.pos.line
                )));
            }
        }
    }
    // The prefix of the first entry's line up to its first field: `  - `.
    let first = items
        .first()
        .ok_or_else(|| unreadable("`years:` is empty"))?;
    let line = old
        .lines()
        .nth(first.pos.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let prefix: String = line
        .chars()
        .take(first.pos.col.saturating_sub(1) as usize)
        .collect();
    if prefix.trim() != "-" || !prefix.ends_with(' ') {
        return Err(unreadable(
            "its entries are not written as `- year: …` lines",
        ));
    }
    let mut text = old.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&year_entry(year, &prefix));
    // The result must parse as the same record with one more entry, the new year last.
    let check = load::yaml::parse_yaml(&text, 0).map_err(|_| unreadable("appending breaks it"))?;
    let ok = match &check.value {
        Value::Map(f) => f.iter().find(|(k, _)| k.name == "years").is_some_and(|(_, v)| {
            matches!(&v.value, Value::Seq(list) if list.len() == items.len() + 1
                && matches!(&list[list.len() - 1].value, Value::Map(e)
                    if e.iter().any(|(k, v)| k.name == "year" && v.value == Value::Int(year as i64))))
        }),
        _ => false,
    };
    if !ok {
        return Err(unreadable("appending would change its structure"));
    }
    Ok(text)
}

/// The diagnostics of validating `files` for both audiences (drafts included in the internal
/// one), without repeats.
fn diagnostics_of(files: &Files) -> (Vec<Diagnostic>, SourceMap) {
    let (_, diagnostics, sources) = crate::pipeline::check_files(files);
    (diagnostics, sources)
}

/// Refuse the plan when the site with the new file has errors it did not have before; else the
/// new warnings (but the reminder that a skeleton year has no figures, which the notes give).
fn check_plan(
    mut files: Files,
    plan: &Plan,
) -> Result<(Vec<Diagnostic>, SourceMap), ScaffoldError> {
    let (before, _) = diagnostics_of(&files);
    files.retain(|(p, _)| p != &plan.rel);
    files.push((plan.rel.clone(), plan.text.as_bytes().to_vec()));
    let (after, sources) = diagnostics_of(&files);
    let mut new: Vec<Diagnostic> = after.into_iter().filter(|d| !before.contains(d)).collect();
    crate::diag::sort(&mut new);
    if new.iter().any(|d| d.severity == Severity::Error) {
        new.retain(|d| d.severity == Severity::Error);
        return Err(ScaffoldError::Invalid {
            diagnostics: new,
            sources,
        });
    }
    new.retain(|d| !d.message.ends_with("has no figures"));
    Ok((new, sources))
}

fn write_plan(root: &Path, plan: &Plan) -> Result<(), ScaffoldError> {
    let path = root.join(&plan.rel);
    let io = |e: std::io::Error| ScaffoldError::Env(EnvError::io("cannot write", &plan.rel, e));
    // The folders made for the file are removed again if it cannot be written.
    let parent = path.parent().unwrap_or(root);
    let made = crate::atomic::make_dirs(parent).map_err(io)?;
    let written = match &plan.previous {
        None => crate::atomic::create_new(&path, plan.text.as_bytes()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ScaffoldError::Exists(format!(
                    "{} already exists; bantin new never overwrites a file",
                    plan.rel.display()
                ))
            } else {
                io(e)
            }
        }),
        Some(old) => {
            // Append = the whole new text written beside it and renamed over, so a reader never
            // sees half an entry; refused if the file changed since it was read.
            if fs::read(&path).map_err(io)? != old.as_bytes() {
                return Err(ScaffoldError::Usage(format!(
                    "{} changed while bantin was adding to it; try again",
                    plan.rel.display()
                )));
            }
            crate::atomic::replace(&path, plan.text.as_bytes()).map_err(io)
        }
    };
    if written.is_err() {
        for dir in made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_a_year_with_the_file_indentation() {
        let old = "unit: a\nyears:\n    -   year: 2021\n        cases: {rate: 90}\n";
        let text = append_year(old, Path::new("x.yaml"), 2022).expect("appends");
        assert!(text.starts_with(old));
        assert!(
            text.contains("\n    -   year: 2022\n        # Năm thống kê 2022"),
            "{text}"
        );
        let e = append_year(&text, Path::new("x.yaml"), 2021).expect_err("2021 is there");
        assert!(matches!(e, ScaffoldError::Exists(_)), "{e}");
        // A six-month entry of 2022 does not make the whole year 2022 a duplicate.
        let half = "unit: a\nyears:\n  - year: 2022\n    months: 6\n";
        assert!(append_year(half, Path::new("x.yaml"), 2022).is_ok());
    }

    #[test]
    fn refuses_unusual_layouts() {
        for old in [
            "unit: a\nyears: [{year: 2021}]\n",
            "unit: a\nyears:\n  - year: 2021\naudience: internal\n",
            "- unit: a\n  years:\n    - year: 2021\n",
            "unit: a\nyears: []\n",
        ] {
            let e = append_year(old, Path::new("x.yaml"), 2022).expect_err(old);
            assert!(matches!(e, ScaffoldError::Usage(_)), "{old}: {e}");
            assert!(e.to_string().contains("year: 2022"), "{e}");
        }
    }

    #[test]
    fn yaml_strings_are_quoted() {
        assert_eq!(quoted("a: \"b\" # c"), r#""a: \"b\" # c""#);
        assert_eq!(quoted(" Tiêu đề "), "\"Tiêu đề\"");
    }
}
