//! The device's root folder (`pinloop --device LINK --fs DIR`): the one
//! place that turns a device path (`/lib/x.py`) into the host path inside
//! DIR, for the importer and for the device's `os` and `open`
//! (`lib/_pinloop_device_fs.py`, through the `_pinloop_device_root` module).
//!
//! The contract: a path never resolves outside DIR. `..` stops at the root
//! (as on a board), and every symlink on the way is resolved and must land
//! inside DIR, else the call fails with EACCES; a dangling symlink is
//! refused too, since creating through it would write wherever it points.
//! A call that acts on a link itself (remove, rename, lstat) resolves only
//! the folders above it ([`Last::Keep`]).
//!
//! This keeps honest code (mpremote, firmware with absolute paths) inside
//! DIR; it is not a sandbox. Device code is host code, and a path checked
//! here can be swapped for a symlink before the call that uses it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

pub(crate) use _pinloop_device_root::module_def;

/// The canonical host folder that is the device's `/`; set once per
/// device interpreter, by [`set`], before any code runs. Process-wide, so
/// the threads a script starts are confined too.
static ROOT: RwLock<Option<PathBuf>> = RwLock::new(None);

fn root() -> std::sync::RwLockReadGuard<'static, Option<PathBuf>> {
    ROOT.read().unwrap_or_else(|e| e.into_inner())
}

/// What to do with the last part of a path when it is a symlink.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Last {
    /// Resolve it, as open, stat and listdir do.
    Follow,
    /// Leave it, as remove, rename and lstat do: they act on the link.
    Keep,
}

/// Makes `root` the device root (its canonical form, so that
/// symlinks resolved later compare with it).
pub fn set(root: &Path) -> io::Result<()> {
    let root = root.canonicalize()?;
    *ROOT.write().unwrap_or_else(|e| e.into_inner()) = Some(root);
    Ok(())
}

/// Whether this process runs a board with a folder as its `/`.
pub fn is_set() -> bool {
    root().is_some()
}

/// The host path of `device_path` (relative paths start at the root), or
/// `device_path` itself when this process runs no device.
pub fn host_path(device_path: &str, last: Last) -> io::Result<PathBuf> {
    match root().as_deref() {
        None => Ok(PathBuf::from(device_path)),
        Some(root) => confine(root, device_path, last),
    }
}

/// The parts of `path` after `.` and `..` are applied, `..` stopping at
/// the root.
fn normalise(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts
}

/// The refusal of a path that leaves the root.
fn escapes() -> io::Error {
    io::Error::from_raw_os_error(libc::EACCES)
}

/// Resolves `path` under `root` (canonical). Walks it a part at a time:
/// a part that does not exist ends the walk (nothing below it exists, so
/// no symlink can follow); a symlink is replaced by its canonical target,
/// which must lie inside the root. Any other error (a file used as a
/// folder, a folder without search permission) is left to the call that
/// uses the path, which reports it as the host would.
fn confine(root: &Path, path: &str, last: Last) -> io::Result<PathBuf> {
    let parts = normalise(path);
    let mut host = root.to_path_buf();
    for (index, part) in parts.iter().enumerate() {
        let candidate = host.join(part);
        let is_last = index + 1 == parts.len();
        match std::fs::symlink_metadata(&candidate) {
            Ok(meta) if meta.file_type().is_symlink() && !(is_last && last == Last::Keep) => {
                let target = candidate.canonicalize().map_err(|_| escapes())?;
                if !target.starts_with(root) {
                    return Err(escapes());
                }
                host = target;
            }
            Ok(_) => host = candidate,
            Err(_) => {
                host = candidate;
                host.extend(&parts[index + 1..]);
                return Ok(host);
            }
        }
    }
    Ok(host)
}

#[rustpython_vm::pymodule]
mod _pinloop_device_root {
    use rustpython_vm::{PyResult, VirtualMachine, convert::ToPyException};

    /// `host_path(device_path, follow_last)`: the host path inside the
    /// device's root, or OSError(EACCES) for a path that leaves it.
    #[pyfunction]
    fn host_path(device_path: String, follow_last: bool, vm: &VirtualMachine) -> PyResult<String> {
        let last = if follow_last {
            super::Last::Follow
        } else {
            super::Last::Keep
        };
        super::host_path(&device_path, last)
            .map(|path| path.to_string_lossy().into_owned())
            .map_err(|err| err.to_pyexception(vm))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A fresh root with `inside/` and `file`, and a sibling `outside/`.
    fn scratch(name: &str) -> (PathBuf, PathBuf) {
        let base =
            std::env::temp_dir().join(format!("pinloop-device-root-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("root");
        std::fs::create_dir_all(root.join("inside")).unwrap();
        std::fs::write(root.join("file"), "x").unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        (root.canonicalize().unwrap(), base.join("outside"))
    }

    fn refused(result: io::Result<PathBuf>) -> bool {
        matches!(result, Err(err) if err.raw_os_error() == Some(libc::EACCES))
    }

    #[test]
    fn dot_dot_stops_at_the_root() {
        let (root, _) = scratch("dotdot");
        let resolved = confine(&root, "/../../inside/../../file", Last::Follow).unwrap();
        assert_eq!(resolved, root.join("file"));
        assert_eq!(confine(&root, "..", Last::Follow).unwrap(), root);
    }

    #[test]
    fn missing_parts_are_joined_as_written() {
        let (root, _) = scratch("missing");
        let resolved = confine(&root, "new/deeper/x.py", Last::Follow).unwrap();
        assert_eq!(resolved, root.join("new/deeper/x.py"));
    }

    #[test]
    fn a_symlink_inside_the_root_is_followed() {
        let (root, _) = scratch("inner");
        symlink(root.join("inside"), root.join("alias")).unwrap();
        let resolved = confine(&root, "/alias/x", Last::Follow).unwrap();
        assert_eq!(resolved, root.join("inside/x"));
    }

    #[test]
    fn symlinks_leaving_the_root_are_refused() {
        let (root, outside) = scratch("escape");
        symlink(&outside, root.join("dirlink")).unwrap();
        symlink(outside.join("f"), root.join("dangling")).unwrap();
        symlink("../../outside", root.join("inside/relative")).unwrap();
        assert!(refused(confine(&root, "/dirlink/x", Last::Follow)));
        assert!(refused(confine(&root, "/dirlink/x", Last::Keep)));
        assert!(refused(confine(&root, "/dirlink", Last::Follow)));
        assert!(refused(confine(&root, "/dangling", Last::Follow)));
        assert!(refused(confine(&root, "/inside/relative/x", Last::Follow)));
    }

    #[test]
    fn keep_leaves_the_last_link_alone() {
        let (root, outside) = scratch("keep");
        symlink(&outside, root.join("dirlink")).unwrap();
        let resolved = confine(&root, "/dirlink", Last::Keep).unwrap();
        assert_eq!(resolved, root.join("dirlink"));
    }

    #[test]
    fn a_file_used_as_a_folder_is_left_to_the_call() {
        let (root, _) = scratch("notdir");
        let resolved = confine(&root, "/file/x", Last::Follow).unwrap();
        assert_eq!(resolved, root.join("file/x"));
    }
}
