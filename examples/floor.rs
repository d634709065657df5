//! The floor for a build (issue 9): a small program doing only the I/O and the Markdown that any
//! generator of this site must do, so `bench/run.sh` can say how far bantin is above it.
//!
//!     floor --root SITE_DIR --like BANTIN_OUTPUT_DIR --out OUT_DIR
//!
//! In parallel (rayon, one thread per CPU): reads every file under `SITE_DIR/content/`, parses the
//! YAML front matter of `.md` files and every `.yaml` file with serde-saphyr into a generic value,
//! and renders the Markdown bodies with pulldown-cmark (tables, footnotes, strikethrough, as bantin
//! does). Then writes "the same bytes" as bantin: for every file under BANTIN_OUTPUT_DIR (an output
//! bantin built from the same site), a file at the same relative path under OUT_DIR with the same
//! size — rendered article HTML, repeated and cut to size, for `.html` files, zeros for the rest.
//! No templates, links, search index, charts or checks: that is the work bantin adds.
//!
//! OUT_DIR is not emptied first (the benchmark deletes it, untimed). Listing BANTIN_OUTPUT_DIR is
//! work bantin does not have; it runs beside the rendering and the sizes are read in the parallel
//! writes. Unreadable, non-UTF-8 or unparsable inputs are skipped and counted (on stderr); a file
//! that cannot be written is an error (exit 1), since the output would not be the same.
//! Prints one line: `floor: N files read, M articles rendered, K files written, B bytes`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser as _;
use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The same allocator as bantin's binary, so the comparison is about work, not malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(clap::Parser)]
#[command(
    about = "Only the I/O and Markdown of a bantin build: the floor bench/run.sh compares against"
)]
struct Args {
    /// Site folder (its `content/` is read).
    #[arg(long)]
    root: PathBuf,
    /// An output folder bantin built from the same site: its files' paths and sizes are copied.
    #[arg(long)]
    like: PathBuf,
    /// Where to write.
    #[arg(long)]
    out: PathBuf,
}

/// What became of one input file.
enum Input {
    /// A Markdown article: its rendered body.
    Article(String),
    /// Any other file, read (and parsed when YAML).
    Other,
    /// Unreadable, not UTF-8, or YAML that does not parse.
    Skipped,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let content = args.root.join("content");

    // Read, parse and render the inputs while another thread lists the output to imitate.
    let (inputs, like) = rayon::join(|| read_inputs(&content), || list_like(&args.like));

    let mut skipped = 0usize;
    let mut read = 0usize;
    let mut articles: Vec<String> = Vec::new();
    for input in inputs {
        match input {
            Input::Article(html) => {
                read += 1;
                articles.push(html);
            }
            Input::Other => read += 1,
            Input::Skipped => skipped += 1,
        }
    }
    if skipped > 0 {
        eprintln!("floor: {skipped} input file(s) skipped (unreadable, not UTF-8 or bad YAML)");
    }
    let (dirs, files) = match like {
        Ok(listed) => listed,
        Err(e) => {
            eprintln!("floor: cannot list {}: {e}", args.like.display());
            return ExitCode::FAILURE;
        }
    };
    let rendered = articles.len();
    if articles.is_empty() {
        // Nothing rendered: .html files get zeros like the rest.
        articles.push(String::new());
    }

    match write_like(&args.like, &args.out, &dirs, &files, &articles) {
        Ok(bytes) => {
            println!(
                "floor: {read} files read, {rendered} articles rendered, {} files written, {bytes} bytes",
                files.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every file under `content`, read and parsed in parallel, in a fixed order.
fn read_inputs(content: &Path) -> Vec<Input> {
    let paths: Vec<PathBuf> = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.par_iter().map(|p| read_one(p)).collect()
}

fn read_one(path: &Path) -> Input {
    let Ok(bytes) = fs::read(path) else {
        return Input::Skipped;
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Input::Skipped;
            };
            let (front, body) = split_front_matter(text);
            if let Some(front) = front
                && serde_saphyr::from_str::<serde_json::Value>(front).is_err()
            {
                return Input::Skipped;
            }
            Input::Article(render(body))
        }
        Some("yaml" | "yml") => {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Input::Skipped;
            };
            if text.trim().is_empty() || serde_saphyr::from_str::<serde_json::Value>(text).is_ok() {
                Input::Other
            } else {
                Input::Skipped
            }
        }
        _ => Input::Other,
    }
}

/// `---` front matter (without its fences) and the body after it, as bantin splits them; no front
/// matter when the first line is not `---` or it is never closed.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return (None, text);
    }
    let mut offset = first.len();
    for line in lines {
        if line.trim_end() == "---" {
            return (
                Some(&text[first.len()..offset]),
                &text[offset + line.len()..],
            );
        }
        offset += line.len();
    }
    (None, text)
}

fn render(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// The folders (parents before children) and files under `like`, relative to it.
type Listing = (Vec<PathBuf>, Vec<PathBuf>);

fn list_like(like: &Path) -> Result<Listing, walkdir::Error> {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for entry in WalkDir::new(like).min_depth(1) {
        let entry = entry?;
        let rel = entry
            .path()
            .strip_prefix(like)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            dirs.push(rel);
        } else {
            files.push(rel);
        }
    }
    Ok((dirs, files))
}

/// Creates the folders level by level, then writes every file at its size in parallel; returns
/// the bytes written.
fn write_like(
    like: &Path,
    out: &Path,
    dirs: &[PathBuf],
    files: &[PathBuf],
    articles: &[String],
) -> Result<u64, String> {
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut by_depth: Vec<Vec<&PathBuf>> = Vec::new();
    for d in dirs {
        let depth = d.components().count();
        if by_depth.len() < depth {
            by_depth.resize_with(depth, Vec::new);
        }
        by_depth[depth - 1].push(d);
    }
    for level in &by_depth {
        level.par_iter().try_for_each(|d| {
            let path = out.join(d);
            match fs::create_dir(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    Err(format!("cannot create {}: {e}", path.display()))
                }
                _ => Ok(()),
            }
        })?;
    }

    let next_article = AtomicUsize::new(0);
    files
        .par_iter()
        .map(|rel| {
            let size = fs::symlink_metadata(like.join(rel))
                .map_err(|e| format!("cannot read the size of {}: {e}", like.join(rel).display()))?
                .len() as usize;
            let bytes = if rel.extension().is_some_and(|e| e == "html") {
                let i = next_article.fetch_add(1, Ordering::Relaxed) % articles.len();
                filled(articles[i].as_bytes(), size)
            } else {
                vec![0; size]
            };
            let path = out.join(rel);
            fs::write(&path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(size as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// `pattern` repeated and cut to `size` bytes (zeros when the pattern is empty).
fn filled(pattern: &[u8], size: usize) -> Vec<u8> {
    if pattern.is_empty() {
        return vec![0; size];
    }
    let mut buf = Vec::with_capacity(size);
    while buf.len() < size {
        let take = pattern.len().min(size - buf.len());
        buf.extend_from_slice(&pattern[..take]);
    }
    buf
}
