//! The pseudo-terminal a device is reached through: pinloop holds the
//! master side; the slave side is what a client (mpremote, a terminal
//! program) opens, through a symlink at the path `--device` (or a
//! `--uart ID=pty:LINK`) names. pinloop keeps the slave open too, so a
//! client that disconnects leaves the line open for the next one instead
//! of hanging up.

use std::ffi::CStr;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd as _, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

pub struct Pty {
    pub master: File,
    _slave: File,
    pub slave_path: PathBuf,
    link: PathBuf,
}

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

impl Pty {
    /// Opens a pty pair in raw mode and points `link` at its slave. An
    /// existing symlink at `link` is replaced; any other file is an error.
    pub fn open(link: &Path) -> io::Result<Pty> {
        // SAFETY: posix_openpt takes flags and returns a new descriptor or
        // -1; the descriptor is owned by the OwnedFd from here on.
        let master_fd = check(unsafe { libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY) })?;
        // SAFETY: `master_fd` is a descriptor we just opened and own.
        let master = unsafe { OwnedFd::from_raw_fd(master_fd) };
        // SAFETY: grantpt and unlockpt take the master descriptor, which is
        // open for the duration of the calls.
        unsafe {
            check(libc::grantpt(master_fd))?;
            check(libc::unlockpt(master_fd))?;
        }
        let mut name = [0 as libc::c_char; 128];
        // SAFETY: ptsname_r writes a NUL-terminated name of at most the
        // buffer's length into `name`, a live local array.
        let ret = unsafe { libc::ptsname_r(master_fd, name.as_mut_ptr(), name.len()) };
        if ret != 0 {
            return Err(io::Error::from_raw_os_error(ret));
        }
        // SAFETY: ptsname_r succeeded, so `name` holds a NUL-terminated
        // string within the array.
        let slave_path = PathBuf::from(
            unsafe { CStr::from_ptr(name.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
        );
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open(&slave_path)?;
        make_raw(&slave)?;
        match std::fs::symlink_metadata(link) {
            Ok(meta) if meta.file_type().is_symlink() => std::fs::remove_file(link)?,
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists and is not a symlink", link.display()),
                ));
            }
            Err(_) => {}
        }
        std::os::unix::fs::symlink(&slave_path, link)?;
        Ok(Pty {
            master: File::from(master),
            _slave: slave,
            slave_path,
            link: link.to_owned(),
        })
    }
}

impl Pty {
    /// The master's and the slave's descriptors, for a device's soft
    /// reset (`pinloop-vm`'s `device/resume.rs`).
    pub fn descriptors(&self) -> (RawFd, RawFd) {
        (self.master.as_raw_fd(), self._slave.as_raw_fd())
    }

    /// The pty a previous process of this device opened, from the
    /// descriptors it left open for this one.
    ///
    /// # Safety
    /// `master` and `slave` must be open descriptors of that pty that
    /// nothing else in this process owns: the Pty owns and closes them.
    pub unsafe fn adopt(master: RawFd, slave: RawFd, slave_path: PathBuf, link: &Path) -> Pty {
        // SAFETY: the caller passes descriptors this process owns alone.
        let (master, slave) = unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) };
        Pty {
            master,
            _slave: slave,
            slave_path,
            link: link.to_owned(),
        }
    }
}

use std::os::unix::fs::OpenOptionsExt as _;

/// No echo, no line discipline, no newline translation: bytes pass as
/// they are (the protocol does its own echo).
fn make_raw(tty: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd as _;
    let fd = tty.as_raw_fd();
    // SAFETY: `termios` is a plain C struct for which zeroed bytes are
    // valid; tcgetattr fills it and tcsetattr reads it, both through a
    // pointer to this live local, for an open descriptor.
    unsafe {
        let mut termios: libc::termios = std::mem::zeroed();
        check(libc::tcgetattr(fd, &mut termios))?;
        libc::cfmakeraw(&mut termios);
        check(libc::tcsetattr(fd, libc::TCSANOW, &termios))?;
    }
    Ok(())
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.link);
    }
}
