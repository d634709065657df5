//! What is served: the site of the last good build (or the page of diagnostics that replaces
//! every page while the content has errors), the builds that make it, and the live-reload script
//! added to its HTML. Rebuilds go through the pipeline; nothing here knows about HTTP.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;

use super::{RELOAD_PATH, ServeEvent, ServeOptions};
use crate::diag;
use crate::model::OutputFile;
use crate::pipeline::{self, Incremental, Input, Output};

/// The site as served: the last good build, and the diagnostics page when the latest build failed.
pub(super) struct Served {
    /// Changes whenever what a page shows changes; pages embed it and poll for another.
    pub(super) id: u64,
    pub(super) files: Arc<HashMap<String, Bytes>>,
    /// Replaces every page while the content has errors.
    pub(super) error_page: Option<Bytes>,
}

/// Runs builds and turns them into what is served.
#[derive(Default)]
pub(super) struct Publisher {
    last_id: u64,
    /// The last good site, and whether what is served now is an error page.
    files: Arc<HashMap<String, Bytes>>,
    showing_error: bool,
    /// The last good build, kept while only articles are edited.
    incremental: Option<Incremental>,
}

/// The changed files read again: (root-relative path, bytes); `None` when there are none or one
/// is gone. Whether they are only articles edited in place is for the build to say.
fn read_changed(root: &Path, changed: &[PathBuf]) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    if changed.is_empty() {
        return None;
    }
    changed
        .iter()
        .map(|rel| Some((rel.clone(), std::fs::read(root.join(rel)).ok()?)))
        .collect()
}

impl Publisher {
    /// The site after `changed` files (none: a full build): only the pages that can differ when
    /// articles were edited in place, else a full build in memory. What is built goes to
    /// `publish` before `on_event` hears of it: open pages reload without waiting for the
    /// diagnostics to be printed.
    pub(super) fn rebuild(
        &mut self,
        opts: &ServeOptions,
        changed: &[PathBuf],
        publish: &mut dyn FnMut(Arc<Served>),
        on_event: &mut dyn FnMut(ServeEvent),
    ) {
        let started = Instant::now();
        if let Some(edited) = read_changed(&opts.root, changed)
            && let Some(inc) = self.incremental.take()
            && let Ok((inc, report, rendered)) = inc.update_articles(edited)
        {
            self.incremental = Some(inc);
            let mut changed = self.showing_error;
            let mut files = (*self.files).clone();
            for f in rendered {
                if files.get(&f.path).is_none_or(|b| b[..] != f.bytes[..]) {
                    changed = true;
                    files.insert(f.path, Bytes::from(f.bytes));
                }
            }
            if changed {
                self.files = Arc::new(files);
                self.last_id += 1;
            }
            self.showing_error = false;
            publish(self.served());
            on_event(ServeEvent::Built {
                report: &report,
                elapsed: started.elapsed(),
                reloaded: changed,
            });
            return;
        }
        self.incremental = None;
        let outcome = pipeline::run(
            Input::Folder(opts.root.clone()),
            Output::Updatable,
            &opts.options,
            &mut |_| {},
        )
        .map(|(report, outcome)| (report, outcome.updatable()));
        let elapsed = started.elapsed();
        match outcome {
            Ok((report, Some((files, inc)))) => {
                self.incremental = Some(inc);
                let changed =
                    self.showing_error || !same_files(&self.files, &files) || self.last_id == 0;
                if changed {
                    self.files = Arc::new(
                        files
                            .into_iter()
                            .map(|f| (f.path, Bytes::from(f.bytes)))
                            .collect(),
                    );
                    self.last_id += 1;
                }
                self.showing_error = false;
                publish(self.served());
                on_event(ServeEvent::Built {
                    report: &report,
                    elapsed,
                    reloaded: changed && self.last_id > 1,
                });
            }
            Ok((report, None)) => {
                self.last_id += 1;
                self.showing_error = true;
                let text: Vec<String> = report
                    .diagnostics
                    .iter()
                    .map(|d| diag::render(d, &report.sources, false))
                    .collect();
                let summary = diag::count_line(&report.diagnostics);
                publish(self.served_error(&text, &summary));
                on_event(ServeEvent::Failed {
                    report: &report,
                    elapsed,
                });
            }
            Err(e) => {
                self.last_id += 1;
                self.showing_error = true;
                let message = e.to_string();
                publish(
                    self.served_error(std::slice::from_ref(&message), "the project cannot be read"),
                );
                on_event(ServeEvent::EnvError(&message));
            }
        }
    }

    /// The last good site, as served.
    pub(super) fn served(&self) -> Arc<Served> {
        Arc::new(Served {
            id: self.last_id,
            files: self.files.clone(),
            error_page: None,
        })
    }

    fn served_error(&self, problems: &[String], summary: &str) -> Arc<Served> {
        Arc::new(Served {
            id: self.last_id,
            files: self.files.clone(),
            error_page: Some(Bytes::from(error_page(problems, summary, self.last_id))),
        })
    }
}

fn same_files(old: &HashMap<String, Bytes>, new: &[OutputFile]) -> bool {
    old.len() == new.len()
        && new
            .iter()
            .all(|f| old.get(&f.path).is_some_and(|b| b[..] == f.bytes[..]))
}

/// The live-reload script, for a page of build `id`. It reloads the page when the server answers
/// with another id, and retries after a pause when the server is away.
fn reload_script(id: u64) -> String {
    format!(
        "<script>/* bantin serve: live reload */(function(){{var v=\"{id}\";\
function poll(){{fetch(\"{RELOAD_PATH}?v=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{if(!r.ok)throw r.status;return r.text();}})\
.then(function(t){{if(t.trim()!==v){{location.reload();}}else{{poll();}}}})\
.catch(function(){{setTimeout(poll,2000);}});}}poll();}})();</script>"
    )
}

/// `html` with the reload script before `</body>` (or at the end when there is none).
pub fn inject_reload(html: &[u8], id: u64) -> Vec<u8> {
    let script = reload_script(id);
    let at = rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The page shown instead of every page while the content has errors.
fn error_page(problems: &[String], summary: &str, id: u64) -> Vec<u8> {
    let mut body = String::new();
    for p in problems {
        body.push_str("<pre>");
        body.push_str(&crate::text::escape_markup(p));
        body.push_str("</pre>\n");
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Nội dung có lỗi — bantin serve</title>\n<style>\
body{{font-family:system-ui,sans-serif;margin:0;padding:1rem 1.5rem;background:#fff8f6;color:#1a1a1a}}\
h1{{font-size:1.3rem;color:#a3130b}}pre{{background:#fff;border:1px solid #e4b9b4;border-left:4px solid #a3130b;\
padding:.75rem;overflow-x:auto;white-space:pre-wrap;font-size:.9rem}}\
</style>\n</head>\n<body>\n<main>\n<h1>Nội dung có lỗi: trang chưa được dựng lại</h1>\n\
<p>{summary}. Sửa lỗi rồi lưu tệp: trang sẽ tự tải lại.</p>\n{body}</main>\n</body>\n</html>\n",
        summary = crate::text::escape_markup(summary),
    );
    inject_reload(page.as_bytes(), id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_script_goes_before_body_end() {
        let out = String::from_utf8(inject_reload(b"<html><body><p>x</p></body></html>", 7))
            .expect("utf-8");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("var v=\"7\""));
        let out = String::from_utf8(inject_reload(b"<p>no body", 1)).expect("utf-8");
        assert!(out.starts_with("<p>no body<script>"));
    }

    #[test]
    fn error_page_escapes_diagnostics() {
        let page = String::from_utf8(error_page(
            &["error: bad `<script>` & \"x\"".into()],
            "1 error, 0 warnings",
            3,
        ))
        .expect("utf-8");
        assert!(page.contains("error: bad `&lt;script&gt;` &amp; &quot;x&quot;"));
        assert!(!page.contains("<script>` &"));
    }
}
