//! The file watcher: `content/` and `templates/` (recursively) and the project root (shallowly),
//! debounced; turns file events into the root-relative paths that can change the site, and
//! watches a folder again when it is replaced or comes back (a watch follows the folder it was
//! set on, not its path: after `mv content x; cp -r x content` the old watch sees nothing).

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

/// How often the watched folders are looked at besides file events: a `content/` or `templates/`
/// that is moved away and comes back (or is replaced by a copy) is a new folder, which the old
/// watch does not see and no event may announce.
const RECHECK: Duration = Duration::from_millis(250);

/// Watches the project and says what changed.
pub(super) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    /// Absolute and canonical: events name absolute paths.
    root: PathBuf,
    /// `content/` and `templates/`, each watched recursively while it is there.
    folders: [Folder; 2],
}

/// What changed since the last call of [`Watcher::next`].
pub(super) struct Changes {
    /// Root-relative paths of the files that changed, sorted.
    pub(super) paths: Vec<PathBuf>,
    /// Folders watched before that were replaced or came back, and are watched again.
    pub(super) reattached: Vec<&'static str>,
    /// A watched folder appeared, went or was replaced: only a full build can tell what changed.
    pub(super) full: bool,
}

/// A folder watched recursively, and which folder it is.
struct Folder {
    /// `content` or `templates`.
    name: &'static str,
    path: PathBuf,
    /// The folder watched now; `None` while there is none.
    id: Option<FolderId>,
    /// A folder was watched at this path before: another one there is re-attached to.
    seen: bool,
}

/// Tells a folder from another at the same path: device and inode on Unix, creation time
/// elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FolderId(u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FolderId(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let t = meta
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .unwrap_or_default();
        Some(FolderId(t.as_secs(), u64::from(t.subsec_nanos())))
    }
}

/// How a folder stands after a look at it.
enum Recheck {
    Same,
    Gone,
    /// Watched (again when `again`).
    Watched {
        again: bool,
    },
    Failed(notify::Error),
}

impl Folder {
    fn new(root: &Path, name: &'static str) -> Folder {
        Folder {
            name,
            path: root.join(name),
            id: None,
            seen: false,
        }
    }

    /// Watch the folder now at the path if it is another than the one watched.
    fn recheck(
        &mut self,
        debouncer: &mut Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    ) -> Recheck {
        let now = folder_id(&self.path);
        if now == self.id {
            return Recheck::Same;
        }
        if self.id.take().is_some() {
            // The old folder may be gone with its watch; nothing to undo then.
            let _ = debouncer.unwatch(&self.path);
        }
        let Some(now) = now else {
            return Recheck::Gone;
        };
        // Taken as watched even when watching fails: tried again only for another folder.
        self.id = Some(now);
        match debouncer.watch(&self.path, RecursiveMode::Recursive) {
            Ok(()) => {
                let again = self.seen;
                self.seen = true;
                Recheck::Watched { again }
            }
            Err(e) => Recheck::Failed(e),
        }
    }
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
        let mut content = Folder::new(&root, "content");
        if let Recheck::Failed(e) = content.recheck(&mut debouncer) {
            return Err(EnvError::Serve(format!(
                "cannot watch {}: {e}",
                content.path.display()
            )));
        }
        // The root itself, shallowly: notices `content/` and `templates/` coming and going.
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| EnvError::Serve(format!("cannot watch {}: {e}", root.display())))?;
        // Optional: a site may have no templates/ (then it is watched once it appears).
        let mut templates = Folder::new(&root, "templates");
        let _ = templates.recheck(&mut debouncer);
        Ok(Watcher {
            debouncer,
            events,
            root,
            folders: [content, templates],
        })
    }

    /// Wait for changes; `None` when the watcher stopped. Problems of the watcher go to
    /// `on_event` as they come.
    pub(super) fn next(&mut self, on_event: &mut dyn FnMut(ServeEvent)) -> Option<Changes> {
        loop {
            let mut changed = Paths::default();
            match self.events.recv_timeout(RECHECK) {
                Ok(result) => {
                    self.collect(result, &mut changed, on_event);
                    while let Ok(more) = self.events.try_recv() {
                        self.collect(more, &mut changed, on_event);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
            let mut reattached = Vec::new();
            let mut full = false;
            for folder in &mut self.folders {
                match folder.recheck(&mut self.debouncer) {
                    Recheck::Same => {}
                    Recheck::Gone => full = true,
                    Recheck::Watched { again } => {
                        full = true;
                        if again {
                            reattached.push(folder.name);
                        }
                    }
                    Recheck::Failed(e) => {
                        full = true;
                        on_event(ServeEvent::WatchError(format!(
                            "cannot watch {}: {e}",
                            folder.path.display()
                        )));
                    }
                }
            }
            if changed.is_empty() && !full {
                continue;
            }
            return Some(Changes {
                paths: changed.into_vec(),
                reattached,
                full,
            });
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
