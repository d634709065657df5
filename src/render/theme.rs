//! The theme: the built-in templates and static files compiled into the binary, a site's own
//! templates over them, and template errors as diagnostics with the template's file, line and column.

use super::*;

/// The built-in theme, compiled into the binary.
pub(crate) static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The names of the built-in templates (for docs and tests).
pub fn builtin_template_names() -> Vec<String> {
    let mut names = Vec::new();
    collect_templates(&THEME, &mut names);
    names
}

pub(crate) fn collect_templates(dir: &Dir<'static>, out: &mut Vec<String>) {
    for f in dir.files() {
        let name = f.path().to_string_lossy().replace('\\', "/");
        if is_template(&name) {
            out.push(name);
        }
    }
    for d in dir.dirs() {
        collect_templates(d, out);
    }
}

pub(crate) fn is_template(name: &str) -> bool {
    !name.starts_with("static/")
        && !name.rsplit('/').next().unwrap_or("").starts_with('_')
        && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt"))
}

pub(crate) fn theme_static(dir: &Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        let name = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = name.strip_prefix("static/") {
            out.push((rel.to_string(), f.contents().to_vec()));
        }
    }
    for d in dir.dirs() {
        theme_static(d, out);
    }
}

/// Load the built-in templates, then the site's own, which override by name.
pub fn build_tera(site_templates: &[(String, String)]) -> Result<Tera, Vec<Diagnostic>> {
    build_tera_with_sources(site_templates).map(|(t, _)| t)
}

/// The template sources by name, with whether each is the site's own (else built in).
pub(crate) type TemplateSources = BTreeMap<String, (String, bool)>;

pub(crate) fn build_tera_with_sources(
    site_templates: &[(String, String)],
) -> Result<(Tera, TemplateSources), Vec<Diagnostic>> {
    let mut sources: TemplateSources = BTreeMap::new();
    let mut names = Vec::new();
    collect_templates(&THEME, &mut names);
    for name in names {
        let text = THEME
            .get_file(&name)
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        sources.insert(name, (text.to_string(), false));
    }
    for (name, text) in site_templates {
        if is_template(name) {
            sources.insert(name.clone(), (text.clone(), true));
        }
    }
    let mut tera = Tera::default();
    tera.register_filter("date_vi", |s: &str, _: tera::Kwargs, _: &tera::State| {
        s.to_string()
    });
    // `{{ rank | ordinal }}`: "nhất", "hai", "tư"… for "thứ …" (issue 18: "Thứ 1" read wrong).
    tera.register_filter("ordinal", |n: u64, _: tera::Kwargs, _: &tera::State| {
        crate::text::ordinal_words(n)
    });
    let list: Vec<(String, String)> = sources
        .iter()
        .map(|(n, (t, _))| (n.clone(), t.clone()))
        .collect();
    match tera.add_raw_templates(list) {
        Ok(()) => Ok((tera, sources)),
        Err(e) => Err(vec![template_diagnostic(&e, &sources)]),
    }
}

pub(crate) fn template_diagnostic(
    e: &tera::Error,
    sources: &BTreeMap<String, (String, bool)>,
) -> Diagnostic {
    let full = error_chain(e);
    // tera 2 messages carry `--> name:line:col`; find them to point at the template file.
    let (name, pos) = find_template_position(&full, sources).unwrap_or_default();
    let is_site = sources.get(&name).is_some_and(|(_, site)| *site);
    Diagnostic {
        severity: Severity::Error,
        file: if is_site {
            format!("templates/{name}").into()
        } else if name.is_empty() {
            "templates".into()
        } else {
            format!("(built-in template) {name}").into()
        },
        pos,
        message: format!(
            "template error: {}",
            first_line(&full).trim_start_matches("error:").trim()
        ),
        // The rest of tera's message is its own location and snippet, which our rendering shows.
        hint: Some(
            full.lines()
                .skip(1)
                .map(str::trim_end)
                .filter(|l| !is_location_or_snippet(l))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .filter(|h| !h.is_empty()),
    }
}

/// A line of tera's message that repeats what our rendering already shows: `--> name:line:col`,
/// a quoted source line (`3 | …`), a caret line, or nothing.
pub(crate) fn is_location_or_snippet(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with("-->")
        || t.starts_with('|')
        || t.starts_with('^')
        || t.split_once('|')
            .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
}

pub(crate) fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push('\n');
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

pub(crate) fn find_template_position(
    msg: &str,
    sources: &BTreeMap<String, (String, bool)>,
) -> Option<(String, Pos)> {
    for line in msg.lines() {
        let line = line.trim().trim_start_matches("-->").trim();
        let mut parts = line.rsplitn(3, ':');
        let col = parts.next()?.trim().parse::<u32>().ok();
        let row = parts.next().and_then(|p| p.trim().parse::<u32>().ok());
        let name = parts.next().map(str::trim);
        if let (Some(col), Some(row), Some(name)) = (col, row, name)
            && sources.contains_key(name)
        {
            return Some((name.to_string(), Pos::new(row, col)));
        }
    }
    let name = sources
        .keys()
        .find(|n| msg.contains(&format!("'{n}'")) || msg.contains(&format!("`{n}`")))?;
    Some((name.clone(), Pos::new(1, 1)))
}
