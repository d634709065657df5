//! One build at a time per output folder: the lock file `.bantin-lock` in it, locked by the
//! operating system (`flock`, released when the process ends, however it ends) and holding the
//! owner's pid, so that a second build can say who holds it.
//!
//! The lock file goes into each new tree of the folder as a hard link ([`Lock::path`]), so it
//! is the same file before and after the tree is switched: a build waiting on it waits on the
//! folder, whichever tree is in place.

use std::fs;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::EnvError;

/// The lock file's name, in the output folder.
pub const LOCK: &str = ".bantin-lock";

/// How long a build waits for another build of the same folder before it gives up.
const WAIT: Duration = Duration::from_secs(2);
/// How often it tries meanwhile.
const RETRY: Duration = Duration::from_millis(50);

/// What trying the lock gives: the lock and the pid a previous holder left in it, or the pid of
/// the holder (when it can be read).
pub type Taken = Result<(Lock, Option<u32>), Option<u32>>;

/// The lock of an output folder, held until dropped.
pub struct Lock {
    file: fs::File,
    path: PathBuf,
}

impl Lock {
    /// Take the lock of the folder `out` (which exists), waiting up to two seconds for a build
    /// that holds it. A lock left by a process that stopped before it finished is taken over,
    /// with a notice in `notices`.
    pub fn take(out: &Path, notices: &mut Vec<String>) -> Result<Lock, EnvError> {
        let started = Instant::now();
        loop {
            match Lock::try_take(out)? {
                Ok((lock, previous)) => {
                    if let Some(pid) = previous {
                        notices.push(format!(
                            "a bantin build (pid {pid}) stopped before it finished writing {}; this build takes over",
                            out.display()
                        ));
                    }
                    return Ok(lock);
                }
                Err(holder) if started.elapsed() >= WAIT => {
                    let who = holder.map_or_else(String::new, |pid| format!(" (pid {pid})"));
                    return Err(EnvError::Busy(format!(
                        "another bantin build is writing {}{who}; wait for it to finish, then build again",
                        out.display()
                    )));
                }
                Err(_) => std::thread::sleep(RETRY),
            }
        }
    }

    /// The lock of `out` if no one holds it, with the pid a previous holder left in it (it
    /// stopped without releasing it cleanly); else the pid of the holder, when it can be read.
    pub fn try_take(out: &Path) -> Result<Taken, EnvError> {
        let path = out.join(LOCK);
        let io = |e: std::io::Error| EnvError::io("cannot lock", &path, e);
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Ok(Err(read_pid(&mut file))),
            Err(fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        let previous = read_pid(&mut file).filter(|&pid| pid != std::process::id());
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "{}", std::process::id()))
            .map_err(io)?;
        Ok(Ok((Lock { file, path }, previous)))
    }

    /// The lock file (to be linked into a new tree of the folder).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    /// Released cleanly: the pid is cleared (the operating system drops the lock itself when the
    /// file is closed).
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// The pid written in a lock file, if any.
fn read_pid(file: &mut fs::File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_and_a_stale_pid_is_taken_over_with_a_notice() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut notices = Vec::new();
        let first = Lock::take(dir.path(), &mut notices).expect("free");
        assert!(notices.is_empty());
        // A second open file description of the same file cannot lock it (as another process).
        let held = Lock::try_take(dir.path()).expect("readable");
        assert_eq!(held.err(), Some(Some(std::process::id())));
        drop(first);
        assert_eq!(fs::read(dir.path().join(LOCK)).expect("lock file"), b"");
        // A process that died holding it left its pid.
        fs::write(dir.path().join(LOCK), "4194999\n").expect("write");
        let _again = Lock::take(dir.path(), &mut notices).expect("taken over");
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("pid 4194999"), "{notices:?}");
    }
}
