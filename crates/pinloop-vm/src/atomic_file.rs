//! Files pinloop itself writes whole (the VCD, the REPL history) are
//! replaced, never rewritten in place: the new content goes to a temporary
//! file beside the target, which is then renamed over it. rename(2) is
//! atomic within a filesystem, so a kill at any moment leaves the old file
//! or the complete new one, never a truncated one.
//!
//! A target that exists and is not a regular file (`/dev/full`,
//! `/dev/stdout`, a FIFO) is written in place: renaming over it would
//! replace the device node itself.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// Whether `target` is written in place (it is not a regular file).
fn in_place(target: &Path) -> bool {
    std::fs::metadata(target).is_ok_and(|meta| !meta.is_file())
}

/// The temporary name beside `target`: hidden, and unique to this process.
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let temp = format!(".{name}.pinloop-{}.tmp", std::process::id());
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(temp),
        _ => PathBuf::from(temp),
    }
}

/// Checks, without touching `target`, that [`replace`] will be able to
/// write it: its folder takes a new file (or the device opens for writing).
pub fn check_writable(target: &Path) -> io::Result<()> {
    if target.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a folder: name a file",
        ));
    }
    if in_place(target) {
        return OpenOptions::new().write(true).open(target).map(drop);
    }
    let temp = temp_path(target);
    File::create(&temp)?;
    std::fs::remove_file(&temp)
}

/// Replaces `target` with the file `write` creates at the path it is
/// given, whole or not at all (for writers that want a path, not bytes).
pub fn replace_by(target: &Path, write: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    if in_place(target) {
        return write(target);
    }
    let temp = temp_path(target);
    let written = write(&temp).and_then(|()| std::fs::rename(&temp, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Replaces `target` with `content`, whole or not at all.
pub fn replace(target: &Path, content: &[u8]) -> io::Result<()> {
    if in_place(target) {
        let mut file = OpenOptions::new().write(true).truncate(true).open(target)?;
        file.write_all(content)?;
        return file.flush();
    }
    let temp = temp_path(target);
    let written = (|| {
        let mut file = File::create(&temp)?;
        if let Ok(meta) = std::fs::metadata(target) {
            let mode = meta.permissions().mode();
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.write_all(content)?;
        file.sync_data()?;
        std::fs::rename(&temp, target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pinloop-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_whole_and_leaves_no_temporary() {
        let dir = scratch("whole");
        let target = dir.join("out.vcd");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        check_writable(&target).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        replace(&target, b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_path_writer_replaces_whole_or_not_at_all() {
        let dir = scratch("by");
        let target = dir.join("history");
        std::fs::write(&target, "old").unwrap();
        replace_by(&target, |path| std::fs::write(path, "new")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let failed = replace_by(&target, |path| {
            std::fs::write(path, "half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = scratch("fail");
        let target = dir.join("missing-folder").join("out.vcd");
        assert!(check_writable(&target).is_err());
        assert!(replace(&target, b"x").is_err());
        assert!(check_writable(&dir).is_err());
    }

    #[test]
    fn devices_are_written_in_place() {
        let full = Path::new("/dev/full");
        if full.exists() {
            check_writable(full).unwrap();
            assert!(replace(full, b"x").is_err());
            assert!(
                std::fs::metadata(full)
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
        replace(Path::new("/dev/null"), b"x").unwrap();
    }

    use std::os::unix::fs::FileTypeExt as _;
}
