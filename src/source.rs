//! The text files of a project as read (normalized), kept for quoting in diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A text file of the project, normalized (NFC, LF), kept for quoting in diagnostics.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators.
    pub path: PathBuf,
    /// Shared with the parts of it kept elsewhere ([`SharedText`]: an article's body).
    pub text: Arc<String>,
}

pub use crate::model::SharedText;

impl SourceFile {
    /// The text of a 1-based line, without its newline.
    pub fn line(&self, line: u32) -> Option<&str> {
        if line == 0 {
            return None;
        }
        self.text.split('\n').nth(line as usize - 1)
    }
}

/// All source files read in a run, for diagnostics to quote from. Cloning shares the files (a
/// large site holds hundreds of megabytes of text); adding to a clone copies the map.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// Shared by reports and builds; a file added after an edit copies the map, not the texts.
    files: std::sync::Arc<std::collections::HashMap<PathBuf, std::sync::Arc<SourceFile>>>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) {
        std::sync::Arc::make_mut(&mut self.files)
            .insert(file.path.clone(), std::sync::Arc::new(file));
    }
    pub fn get(&self, path: &Path) -> Option<&SourceFile> {
        self.files.get(path).map(|f| &**f)
    }
}
