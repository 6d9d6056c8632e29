//! What `select.poll` and the scheduler's I/O wait poll: MicroPython
//! streams. An object is polled, in this order, as a simulated UART
//! (natively), as a stream device (its `ioctl(MP_STREAM_POLL, mask)`, the
//! protocol ThreadSafeFlag and drivers written in Python follow), or as a
//! file descriptor (an int, or `fileno()`: sockets, files, pipes), which
//! the kernel polls.

use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine, builtins::PyInt};

use crate::hal::uart::Uart;

/// Poll flags, as MicroPython and Linux number them.
pub const POLLIN: u32 = 0x001;
pub const POLLOUT: u32 = 0x004;
pub const POLLERR: u32 = 0x008;
pub const POLLHUP: u32 = 0x010;

pub use crate::stream_protocol::{MP_STREAM_ERROR, MP_STREAM_POLL};

/// How an object is polled.
#[derive(Debug, Clone)]
pub enum Source {
    /// A simulated UART (the object is the `machine.UART`).
    Uart(PyObjectRef),
    /// A stream device with an `ioctl` method.
    Device(PyObjectRef),
    /// A file descriptor.
    Fd(i32),
}

impl Source {
    /// Decides how `obj` is polled. Anything else is a TypeError that says
    /// what a pollable object needs.
    pub fn of(obj: &PyObjectRef, vm: &VirtualMachine) -> PyResult<Source> {
        if obj.downcast_ref::<Uart>().is_some() {
            return Ok(Source::Uart(obj.clone()));
        }
        if let Some(fd) = obj.downcast_ref::<PyInt>() {
            return Ok(Source::Fd(fd.try_to_primitive::<i32>(vm)?));
        }
        if vm.get_attribute_opt(obj.clone(), "ioctl")?.is_some() {
            return Ok(Source::Device(obj.clone()));
        }
        if let Some(fileno) = vm.get_attribute_opt(obj.clone(), "fileno")? {
            let fd = fileno.call((), vm)?;
            return Ok(Source::Fd(fd.try_to_value::<i32>(vm)?));
        }
        Err(vm.new_type_error(format!(
            "'{}' object can't be polled: it needs an ioctl(req, arg) method (a \
             MicroPython stream, e.g. an io.IOBase subclass) or a fileno()",
            obj.class().name()
        )))
    }

    /// The flags of `mask` ready now, for a UART or a device (None for a
    /// file descriptor: those are polled together by [`poll_fds`]). A
    /// device's ioctl may raise; MP_STREAM_ERROR is an OSError.
    pub fn ready_now(&self, mask: u32, vm: &VirtualMachine) -> PyResult<Option<u32>> {
        match self {
            Source::Uart(obj) => {
                let uart = obj.downcast_ref::<Uart>().expect("classified as a UART");
                Ok(Some(uart.poll_ready(i64::from(mask)) as u32))
            }
            Source::Device(obj) => {
                let ret = vm.call_method(obj, "ioctl", (MP_STREAM_POLL, mask))?;
                let ret: i64 = ret.try_to_value(vm).map_err(|_| {
                    vm.new_type_error(format!(
                        "{}.ioctl(MP_STREAM_POLL, ...) must return an int of poll flags",
                        obj.class().name()
                    ))
                })?;
                if ret == MP_STREAM_ERROR {
                    return Err(vm.new_os_error(format!(
                        "{}.ioctl(MP_STREAM_POLL, ...) returned MP_STREAM_ERROR",
                        obj.class().name()
                    )));
                }
                if ret < 0 {
                    // MicroPython's rule for a Python ioctl: -errno.
                    // Built by calling OSError, so its payload is an
                    // OSError's (and `errno` is set, as MicroPython's).
                    let errno = ret.checked_neg().unwrap_or(i64::MAX);
                    let exc = vm.ctx.exceptions.os_error.as_object().call((errno,), vm)?;
                    return Err(exc
                        .downcast()
                        .map_err(|_| vm.new_system_error("OSError() made no exception"))?);
                }
                // Errors and hang-ups are reported whatever the mask.
                Ok(Some(ret as u32 & (mask | POLLERR | POLLHUP)))
            }
            Source::Fd(_) => Ok(None),
        }
    }

    pub fn fd(&self) -> Option<i32> {
        match self {
            Source::Fd(fd) => Some(*fd),
            _ => None,
        }
    }

    /// Whether readiness can change without the board's timeline or the
    /// kernel: a Python device (polled again after a short wait).
    pub fn needs_polling(&self) -> bool {
        matches!(self, Source::Device(_))
    }
}

/// Polls file descriptors with a zero timeout; fills `revents`.
pub fn poll_fds(fds: &mut [libc::pollfd]) {
    if fds.is_empty() {
        return;
    }
    // SAFETY: `fds` is a live, exclusively borrowed slice of pollfd that the
    // kernel reads and writes (`revents`) only during the call; the length
    // passed is its own.
    unsafe {
        libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 0);
    }
}

/// Poll flags from the kernel's, restricted to `mask` plus errors.
pub fn revents_of(pollfd: &libc::pollfd, mask: u32) -> u32 {
    let revents = pollfd.revents as u32;
    revents & (mask | POLLERR | POLLHUP | libc::POLLNVAL as u32)
}

/// A pollfd asking for `mask`.
pub fn pollfd(fd: i32, mask: u32) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: (mask & (POLLIN | POLLOUT)) as libc::c_short,
        revents: 0,
    }
}
