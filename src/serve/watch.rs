//! The file watcher: `content/` and `templates/` (recursively) and the project root (shallowly,
//! to notice `templates/` being created), debounced; turns file events into the root-relative
//! paths that can change the site.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use super::ServeEvent;
use crate::error::EnvError;

/// Quiet time after the last file event before a rebuild (editors write in several steps, within
/// a few milliseconds; a rebuild that catches a half-written file is followed by another).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Watches the project and says what changed.
pub(super) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    /// Absolute and canonical: events name absolute paths.
    root: PathBuf,
    templates: PathBuf,
    watching_templates: bool,
}

impl Watcher {
    /// Watch the project at `root` (which holds `content/`).
    pub(super) fn start(root: &Path) -> Result<Watcher, EnvError> {
        let (events_tx, events) = mpsc::channel::<DebounceEventResult>();
        let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, events_tx)
            .map_err(|e| EnvError::Serve(format!("cannot watch files: {e}")))?;
        // Events name absolute paths: a relative `--root` must be made absolute to match them.
        let root = std::path::absolute(root)
            .and_then(|r| r.canonicalize())
            .unwrap_or_else(|_| root.to_path_buf());
        let content = root.join("content");
        debouncer
            .watch(&content, RecursiveMode::Recursive)
            .map_err(|e| EnvError::Serve(format!("cannot watch {}: {e}", content.display())))?;
        // The root itself, shallowly: notices `templates/` being created (then watched too).
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| EnvError::Serve(format!("cannot watch {}: {e}", root.display())))?;
        let templates = root.join("templates");
        let watching_templates = templates.is_dir()
            && debouncer
                .watch(&templates, RecursiveMode::Recursive)
                .is_ok();
        Ok(Watcher {
            debouncer,
            events,
            root,
            templates,
            watching_templates,
        })
    }

    /// Wait for changes: the root-relative paths of the files that changed, sorted. `None` when
    /// the watcher stopped. Problems of the watcher go to `on_event` as they come.
    pub(super) fn next(&mut self, on_event: &mut dyn FnMut(ServeEvent)) -> Option<Vec<PathBuf>> {
        loop {
            let result = self.events.recv().ok()?;
            let mut changed = Paths::default();
            self.collect(result, &mut changed, on_event);
            while let Ok(more) = self.events.try_recv() {
                self.collect(more, &mut changed, on_event);
            }
            if changed.is_empty() {
                continue;
            }
            if !self.watching_templates && self.templates.is_dir() {
                self.watching_templates = self
                    .debouncer
                    .watch(&self.templates, RecursiveMode::Recursive)
                    .is_ok();
            }
            return Some(changed.into_vec());
        }
    }

    fn collect(
        &self,
        result: DebounceEventResult,
        changed: &mut Paths,
        on_event: &mut dyn FnMut(ServeEvent),
    ) {
        match result {
            Ok(events) => {
                for ev in events {
                    if matches!(ev.event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for p in &ev.event.paths {
                        if let Some(rel) = relevant(&self.root, p) {
                            changed.insert(rel);
                        }
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    on_event(ServeEvent::WatchError(e.to_string()));
                }
            }
        }
    }
}

/// Paths in first-seen order without repeats.
#[derive(Default)]
struct Paths {
    seen: HashSet<PathBuf>,
    list: Vec<PathBuf>,
}

impl Paths {
    fn insert(&mut self, p: PathBuf) {
        if self.seen.insert(p.clone()) {
            self.list.push(p);
        }
    }
    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    fn into_vec(mut self) -> Vec<PathBuf> {
        self.list.sort();
        self.list
    }
}

/// The root-relative path of a file event that can change the site: under `content/` or
/// `templates/`, and not an editor's temporary file (hidden, `~` backups, swap files).
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str();
    if top != "content" && top != "templates" {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
    {
        return None;
    }
    Some(crate::load::rel_path(root, path))
}
