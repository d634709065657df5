//! `bantin export stats` and `bantin import stats`: the project read into memory and checked as
//! `bantin check` would (for both audiences, drafts included), the workbook written or read,
//! the stats files edited in memory and checked again, then written (each file whole, or not at
//! all) only when everything passes. The caller (`cli.rs`) prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Problem;
use super::{changes, export, rows, table, yaml_edit};
use crate::diag::{Diagnostic, Severity};
use crate::error::EnvError;
use crate::load;
use crate::model::{Site, YearStats};
use crate::source::SourceMap;

/// The project's diagnostics when it does not pass `check`.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

type Files = Vec<(PathBuf, Vec<u8>)>;

/// The site of `files` (internal, drafts included: every figure), and the diagnostics of both
/// audiences.
fn check(files: &Files) -> (Option<Site>, Checked) {
    let (site, diagnostics, sources) = crate::pipeline::check_files(files);
    (
        site,
        Checked {
            diagnostics,
            sources,
        },
    )
}

fn read_project(root: &Path) -> Result<(Files, Checked), EnvError> {
    let mut diags = Vec::new();
    let files = load::read_project(root, &mut diags)?;
    Ok((
        files,
        Checked {
            diagnostics: diags,
            sources: SourceMap::default(),
        },
    ))
}

/// What `bantin export stats` is asked.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub root: PathBuf,
    pub unit: Option<String>,
    pub years: Vec<i32>,
    pub file: PathBuf,
}

/// What was exported.
#[derive(Clone, Debug)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: usize,
    /// Rows without figures yet (to fill).
    pub blank: usize,
}

/// Write the workbook, or say why not (the site's errors).
pub fn export_stats(opts: &ExportOptions) -> Result<Result<Exported, Checked>, EnvError> {
    let (files, read) = read_project(&opts.root)?;
    let (site, mut checked) = check(&files);
    checked.diagnostics.splice(0..0, read.diagnostics);
    let Some(site) = site.filter(|_| !checked.has_errors()) else {
        return Ok(Err(checked));
    };
    if let Some(u) = &opts.unit
        && site.unit(u).is_none()
    {
        return Err(EnvError::Usage(format!(
            "no unit `{u}` in content/units/ (the ids are those of its files' `id:`)"
        )));
    }
    let rows = export::rows(&site, opts.unit.as_deref(), &opts.years);
    if rows.is_empty() {
        return Err(EnvError::Usage(
            "nothing to export: no unit existed in the years asked, or the site has no figures yet (give --year)".into(),
        ));
    }
    let refs: Vec<&YearStats> = rows.iter().collect();
    let bytes = crate::render::data_files::workbook(&site, &refs)
        .map_err(|e| EnvError::Project(format!("the workbook could not be made: {e}")))?;
    crate::atomic::replace(&opts.file, &bytes)
        .map_err(|e| EnvError::io("cannot write", &opts.file, e))?;
    Ok(Ok(Exported {
        path: opts.file.clone(),
        rows: rows.len(),
        blank: rows
            .iter()
            .filter(|s| s.file.as_os_str().is_empty())
            .count(),
    }))
}

/// What `bantin import stats` is asked.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub file: PathBuf,
    /// Write the changes (else only show them).
    pub write: bool,
}

/// What an import found and did.
#[derive(Debug, Default)]
pub struct Imported {
    /// The problems of the sheet, at their cells.
    pub problems: Vec<Problem>,
    /// The site's diagnostics: before the import (it must pass first), or with the new figures.
    pub checked: Checked,
    /// `checked` is about the site with the imported figures.
    pub after_import: bool,
    /// Each stats file that changes: its path and a unified diff.
    pub diffs: Vec<(PathBuf, String)>,
    /// The number of values that change.
    pub values: usize,
    /// The files were written.
    pub written: bool,
}

impl Imported {
    pub fn failed(&self) -> bool {
        self.problems.iter().any(Problem::is_error) || self.checked.has_errors()
    }
}

/// Read the sheet, plan the changes, check them, and write them when asked and all is well.
pub fn import_stats(opts: &ImportOptions) -> Result<Imported, EnvError> {
    let bytes =
        std::fs::read(&opts.file).map_err(|e| EnvError::io("cannot read", &opts.file, e))?;
    let (mut files, read) = read_project(&opts.root)?;
    let (site, mut checked) = check(&files);
    checked.diagnostics.splice(0..0, read.diagnostics);
    let mut out = Imported::default();
    let Some(site) = site.filter(|_| !checked.has_errors()) else {
        out.checked = checked;
        return Ok(out);
    };
    let name = opts
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = opts
        .file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let t = match ext.as_deref() {
        Some("xlsx") => table::read_xlsx(&bytes, site.labels().data.sheet_data()),
        Some("csv") => table::read_csv(&bytes, &name),
        _ => {
            return Err(EnvError::Usage(format!(
                "{}: import reads .xlsx and .csv files",
                opts.file.display()
            )));
        }
    };
    let t =
        match t {
            Ok(t) => t,
            Err(table::Unreadable(why)) => {
                out.problems.push(Problem::error(name).message(why).hint(
                    "export a workbook with `bantin export stats FILE.xlsx` and fill that in",
                ));
                return Ok(out);
            }
        };
    let rows = rows::read_rows(&t, &mut out.problems);
    let plan = changes::plan(&site, &site, &t, &rows, &mut out.problems);
    if out.failed() {
        return Ok(out);
    }
    // The stats files with the edits, in memory.
    let mut edited: BTreeMap<PathBuf, (Option<String>, String)> = BTreeMap::new();
    for (file, units) in &plan {
        let old = files
            .iter()
            .find(|(p, _)| p == file)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned());
        let mut text = old.clone();
        for (unit, entries) in units {
            out.values += entries.iter().map(|e| e.edits.len()).sum::<usize>();
            let result = match &text {
                Some(t) => yaml_edit::edit_file(t, unit, entries),
                None => Ok(yaml_edit::new_file(unit, entries)),
            };
            match result {
                Ok(t) => text = Some(t),
                Err(why) => out.problems.push(
                    Problem::error(file.display().to_string())
                        .unit(unit)
                        .message(format!("cannot update this file safely: {why}"))
                        .hint("enter these figures by hand, or write the file's `years:` as a list of `- year: …` entries"),
                ),
            }
        }
        if let Some(new) = text {
            edited.insert(file.clone(), (old, new));
        }
    }
    if out.failed() {
        return Ok(out);
    }
    for (file, (_, new)) in &edited {
        match files.iter_mut().find(|(p, _)| p == file) {
            Some((_, b)) => *b = new.clone().into_bytes(),
            None => files.push((file.clone(), new.clone().into_bytes())),
        }
    }
    let (new_site, checked) = check(&files);
    out.after_import = true;
    out.checked = checked;
    if out.checked.has_errors() {
        return Ok(out);
    }
    // The edited files must say what the sheet says: planned against them, nothing is left.
    if let Some(new_site) = &new_site {
        let mut again = Vec::new();
        let left = changes::plan(new_site, &site, &t, &rows, &mut again);
        if !left.is_empty() {
            let files: Vec<String> = left.keys().map(|p| p.display().to_string()).collect();
            let fields: Vec<String> = left
                .values()
                .flat_map(|units| units.iter())
                .flat_map(|(unit, entries)| {
                    entries.iter().flat_map(move |e| {
                        e.edits
                            .iter()
                            .map(move |f| format!("{unit} {} {}", e.year, f.field.name))
                    })
                })
                .collect();
            out.problems.push(
                Problem::error(files.join(", "))
                    .message(format!(
                        "the updated files do not read back as the sheet's figures ({})",
                        fields.join(", ")
                    ))
                    .hint("nothing was written; enter these figures by hand, and report this to bantin's developers"),
            );
            return Ok(out);
        }
    }
    for (file, (old, new)) in &edited {
        let old = old.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(old, new.as_str())
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("a/{}", file.display()),
                &format!("b/{}", file.display()),
            )
            .to_string();
        out.diffs.push((file.clone(), diff));
    }
    if opts.write {
        for (file, (_, new)) in &edited {
            let path = opts.root.join(file);
            if let Some(dir) = path.parent() {
                crate::atomic::make_dirs(dir).map_err(|e| EnvError::io("cannot create", dir, e))?;
            }
            crate::atomic::replace(&path, new.as_bytes())
                .map_err(|e| EnvError::io("cannot write", &path, e))?;
        }
        out.written = !edited.is_empty();
    }
    Ok(out)
}
