//! The one error of the environment (exit code 2), as opposed to problems of the content, which
//! are diagnostics: a project that cannot be read as a site, an output folder bantin may not
//! write into, or reading and writing that failed, with the system's error kept as the source.

use std::path::Path;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum EnvError {
    /// The project cannot be built as asked (no `content/` folder, `--warc` without `base_url`…).
    Project(String),
    /// A folder bantin may not write into (the root, `content/`, a folder it did not make…).
    Unsafe(String),
    /// Another bantin build is writing the same output folder.
    Busy(String),
    /// A path of the site that would land outside the output folder (checked for content
    /// before anything is written; this is the writer's last guard).
    BadPath(String),
    /// A value on the command line that cannot be used (a bad date, a file `new` would
    /// overwrite).
    Usage(String),
    /// Reading, writing or listening failed: what bantin was doing, on what (a path, an
    /// address), and why.
    Io {
        action: &'static str,
        target: String,
        source: Arc<std::io::Error>,
    },
    /// An archive (zip, WARC) could not be made.
    Archive(String),
    /// The preview server cannot go on (the file watcher failed).
    Serve(String),
}

impl EnvError {
    /// An I/O error while doing `action` (`cannot write`) on `path`.
    pub fn io(action: &'static str, path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Self::io_at(action, path.as_ref().display(), source)
    }

    /// An I/O error while doing `action` on `target` (`cannot listen on` `127.0.0.1:8000`).
    pub fn io_at(
        action: &'static str,
        target: impl std::fmt::Display,
        source: std::io::Error,
    ) -> Self {
        EnvError::Io {
            action,
            target: target.to_string(),
            source: Arc::new(source),
        }
    }
}

impl std::fmt::Display for EnvError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            EnvError::Project(m)
            | EnvError::Unsafe(m)
            | EnvError::Busy(m)
            | EnvError::BadPath(m)
            | EnvError::Usage(m)
            | EnvError::Archive(m)
            | EnvError::Serve(m) => f.write_str(m),
            EnvError::Io {
                action,
                target,
                source,
            } => write!(f, "{action} {target}: {source}"),
        }
    }
}

impl std::error::Error for EnvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EnvError::Io { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EnvError;
    use std::error::Error;

    #[test]
    fn an_io_error_says_what_and_where_and_keeps_its_source() {
        let e = EnvError::io(
            "cannot write",
            std::path::Path::new("output/index.html"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(
            e.to_string(),
            "cannot write output/index.html: permission denied"
        );
        let source = e.source().expect("a source");
        assert_eq!(
            source.downcast_ref::<std::io::Error>().map(|s| s.kind()),
            Some(std::io::ErrorKind::PermissionDenied)
        );
        assert!(EnvError::Project("x".into()).source().is_none());
    }
}
