//! `micropython.RingIO`: MicroPython's byte ring buffer with the stream
//! interface (`read`, `readinto`, `readline`, `write`, `any`, and `ioctl`
//! so `select.poll` and asyncio's streams wait on it), for passing bytes
//! between an interrupt handler and a task.
//!
//! `RingIO(n)` holds n bytes (1 to 65534); `RingIO(buffer)` holds
//! `len(buffer) - 1` (MicroPython keeps one slot free to tell full from
//! empty). Unlike MicroPython, a given buffer only sets the size: the bytes
//! live in pinloop's own storage, so the buffer's contents do not change.

use rustpython_vm::{
    PyObjectRef, PyPayload, PyResult, VirtualMachine,
    function::{ArgBytesLike, ArgMemoryBuffer, OptionalArg},
    pyclass,
    types::{Constructor, Representable},
};

/// The ring itself (VM-free): `capacity` bytes, read from `head`.
#[derive(Debug, Default)]
struct Ring {
    bytes: std::collections::VecDeque<u8>,
    capacity: usize,
}

impl Ring {
    fn with_capacity(capacity: usize) -> Ring {
        Ring {
            bytes: std::collections::VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    /// Takes what fits of `data`; the count taken.
    fn write(&mut self, data: &[u8]) -> usize {
        let room = self.capacity - self.bytes.len();
        let taken = data.len().min(room);
        self.bytes.extend(&data[..taken]);
        taken
    }

    /// Up to `max` bytes (all with None).
    fn read(&mut self, max: Option<usize>) -> Vec<u8> {
        let count = max.map_or(self.bytes.len(), |m| m.min(self.bytes.len()));
        self.bytes.drain(..count).collect()
    }

    /// Bytes up to and including the first newline, at most `max`.
    fn readline(&mut self, max: Option<usize>) -> Vec<u8> {
        let limit = max.map_or(self.bytes.len(), |m| m.min(self.bytes.len()));
        let end = self
            .bytes
            .iter()
            .take(limit)
            .position(|&b| b == b'\n')
            .map_or(limit, |at| at + 1);
        self.bytes.drain(..end).collect()
    }

    fn free(&self) -> usize {
        self.capacity - self.bytes.len()
    }
}

/// The largest ring MicroPython makes (its indices are 16-bit).
const MAX_SIZE: usize = 65534;

use crate::stream_protocol::{
    MP_STREAM_ERROR, MP_STREAM_POLL, MP_STREAM_POLL_RD, MP_STREAM_POLL_WR,
};

#[pyclass(module = "micropython", name = "RingIO")]
#[derive(Debug, PyPayload)]
pub struct RingIO {
    ring: Shared<Ring>,
}

impl Constructor for RingIO {
    type Args = PyObjectRef;

    fn py_new(
        _cls: &rustpython_vm::Py<rustpython_vm::builtins::PyType>,
        size: PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<Self> {
        let capacity = if let Some(int) = size.downcast_ref::<rustpython_vm::builtins::PyInt>() {
            let n: i64 = int.try_to_primitive(vm).unwrap_or(i64::MAX);
            if !(1..=MAX_SIZE as i64).contains(&n) {
                return Err(
                    vm.new_value_error(format!("RingIO(size): size is 1 to {MAX_SIZE}, not {n}"))
                );
            }
            n as usize
        } else {
            let buffer = ArgMemoryBuffer::try_from_object(vm, size.clone()).map_err(|_| {
                vm.new_type_error(format!(
                    "RingIO() takes a size or a writable buffer, not '{}'",
                    size.class().name()
                ))
            })?;
            let length = buffer.len();
            if !(2..=MAX_SIZE + 1).contains(&length) {
                return Err(vm.new_value_error(format!(
                    "RingIO(buffer): the buffer is 2 to {} bytes, not {length}",
                    MAX_SIZE + 1
                )));
            }
            length - 1
        };
        Ok(RingIO {
            ring: Shared::new(Ring::with_capacity(capacity)),
        })
    }
}

use crate::shared::Shared;
use rustpython_vm::TryFromObject as _;

fn size_arg(size: OptionalArg<Option<i64>>) -> Option<usize> {
    size.flatten().filter(|n| *n >= 0).map(|n| n as usize)
}

#[pyclass(with(Constructor, Representable))]
impl RingIO {
    /// The number of bytes waiting to be read.
    #[pymethod]
    fn any(&self) -> usize {
        self.ring.borrow().bytes.len()
    }

    #[pymethod]
    fn read(&self, size: OptionalArg<Option<i64>>, vm: &VirtualMachine) -> PyObjectRef {
        let bytes = self.ring.borrow_mut().read(size_arg(size));
        vm.ctx.new_bytes(bytes).into()
    }

    #[pymethod]
    fn readline(&self, size: OptionalArg<Option<i64>>, vm: &VirtualMachine) -> PyObjectRef {
        let bytes = self.ring.borrow_mut().readline(size_arg(size));
        vm.ctx.new_bytes(bytes).into()
    }

    /// Reads into `buffer` (at most `size` bytes); the count read.
    #[pymethod]
    fn readinto(&self, buffer: ArgMemoryBuffer, size: OptionalArg<Option<i64>>) -> usize {
        let mut target = buffer.borrow_buf_mut();
        let max = size_arg(size).map_or(target.len(), |n| n.min(target.len()));
        let bytes = self.ring.borrow_mut().read(Some(max));
        target[..bytes.len()].copy_from_slice(&bytes);
        bytes.len()
    }

    /// Writes what fits of `data`; the count written.
    #[pymethod]
    fn write(&self, data: ArgBytesLike) -> usize {
        let data = data.borrow_buf();
        self.ring.borrow_mut().write(&data)
    }

    #[pymethod]
    fn close(&self) {}

    /// The stream protocol: readable with bytes waiting, writable with room.
    #[pymethod]
    fn ioctl(&self, request: i64, arg: OptionalArg<i64>) -> i64 {
        if request != MP_STREAM_POLL {
            return MP_STREAM_ERROR;
        }
        let wanted = arg.unwrap_or(0);
        let ring = self.ring.borrow();
        let mut ready = 0;
        if !ring.bytes.is_empty() {
            ready |= MP_STREAM_POLL_RD;
        }
        if ring.free() > 0 {
            ready |= MP_STREAM_POLL_WR;
        }
        ready & wanted
    }
}

impl Representable for RingIO {
    fn repr_str(_zelf: &rustpython_vm::Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok("<RingIO>".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_fits_and_reads_in_order() {
        let mut ring = Ring::with_capacity(4);
        assert_eq!(ring.write(b"abcdef"), 4);
        assert_eq!(ring.write(b"x"), 0);
        assert_eq!(ring.read(Some(2)), b"ab");
        assert_eq!(ring.write(b"xyz"), 2);
        assert_eq!(ring.read(None), b"cdxy");
        assert_eq!(ring.read(None), b"");
    }

    #[test]
    fn readline_stops_after_a_newline_or_the_limit() {
        let mut ring = Ring::with_capacity(16);
        ring.write(b"one\ntwo\nthree");
        assert_eq!(ring.readline(None), b"one\n");
        assert_eq!(ring.readline(Some(2)), b"tw");
        assert_eq!(ring.readline(None), b"o\n");
        assert_eq!(ring.readline(None), b"three");
    }
}
