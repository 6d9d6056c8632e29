//! A device's `sys.stdin`, `sys.stdout` and `sys.stderr`: the serial link.
//!
//! Output: text has every `\n` sent as `\r\n` (a board's cooked output);
//! `sys.stdout.buffer.write(buf[, n])` sends bytes as they are.
//! Input: what the host sends while code runs is that code's standard
//! input (the protocol keeps it, `pinloop_device::protocol`). `input()` and
//! `readline()` edit a line as the REPL does, echoing it; `read(n)` and
//! `sys.stdin.buffer.read`/`readinto` take bytes unechoed, as mpremote's
//! mount reads its replies. Waits serve VM calls and end with
//! KeyboardInterrupt at the interrupt character.
//!
//! Called only on a device's VM thread.

use std::time::Duration;

use rustpython_vm::{
    PyObjectRef, PyPayload, PyResult, VirtualMachine,
    builtins::PyStrRef,
    function::{ArgBytesLike, ArgMemoryBuffer, OptionalArg},
    pyclass,
};

use pinloop_device::line_editor::{Key, LineEditor};

use crate::stream_protocol::{
    MP_STREAM_ERROR, MP_STREAM_POLL, MP_STREAM_POLL_RD as POLL_RD, MP_STREAM_POLL_WR as POLL_WR,
};

/// Ctrl-D: the end of input on an empty line.
const END_OF_INPUT: u8 = 0x04;

/// Waits for at least `min` bytes of standard input and returns at most
/// `max`.
fn read_bytes(vm: &VirtualMachine, min: usize, max: usize) -> PyResult<Vec<u8>> {
    let mut got = Vec::new();
    loop {
        got.extend(super::with_protocol(|p| p.take_stdin(max - got.len())));
        if got.len() >= min {
            return Ok(got);
        }
        crate::interrupt::check(vm)?;
        // The reader thread wakes this wait when bytes come.
        pinloop_sched::wake::wait(Some(Duration::from_millis(100)));
    }
}

/// Bytes of standard input until they end a UTF-8 character (`count`
/// bytes at least), as text.
fn read_text(vm: &VirtualMachine, count: usize) -> PyResult<String> {
    let mut bytes = read_bytes(vm, count, count)?;
    // A character cut in two: read the rest of it.
    while let Err(err) = std::str::from_utf8(&bytes) {
        if err.error_len().is_some() || bytes.len() > count + 3 {
            break;
        }
        bytes.extend(read_bytes(vm, 1, 1)?);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A line typed by the host, edited and echoed as at the REPL; "" at
/// Ctrl-D on an empty line.
fn read_line(vm: &VirtualMachine) -> PyResult<String> {
    let mut editor = LineEditor::default();
    let mut after_cr = false;
    loop {
        let byte = read_bytes(vm, 1, 1)?[0];
        let mut echo = Vec::new();
        let key = match byte {
            END_OF_INPUT if editor.is_empty() => return Ok(String::new()),
            // Enter is CR on a terminal; a LF after it is the same Enter,
            // a LF alone (a script piping lines) ends the line too.
            b'\n' if after_cr => Key::Edited,
            b'\n' => editor.feed(b'\r', &mut echo),
            _ => editor.feed(byte, &mut echo),
        };
        after_cr = byte == b'\r';
        super::send_to_host(&echo);
        if let Key::Enter(line) = key {
            return Ok(line + "\n");
        }
    }
}

/// A size argument: None or a negative number means "no limit".
fn limit(size: OptionalArg<Option<isize>>) -> Option<usize> {
    size.flatten().and_then(|n| usize::try_from(n).ok())
}

/// `sys.stdin` of a device.
#[pyclass(module = "pinloop", name = "DeviceInput")]
#[derive(Debug, PyPayload)]
pub struct DeviceInput;

#[pyclass]
impl DeviceInput {
    #[pymethod]
    fn readline(&self, _size: OptionalArg<Option<isize>>, vm: &VirtualMachine) -> PyResult<String> {
        read_line(vm)
    }

    /// `read(n)`: n characters, unechoed; `read()`: lines until Ctrl-D.
    #[pymethod]
    fn read(&self, size: OptionalArg<Option<isize>>, vm: &VirtualMachine) -> PyResult<String> {
        match limit(size) {
            Some(count) => read_text(vm, count),
            None => {
                let mut text = String::new();
                loop {
                    let line = read_line(vm)?;
                    if line.is_empty() {
                        return Ok(text);
                    }
                    text.push_str(&line);
                }
            }
        }
    }

    /// The bytes under the text, as `sys.stdin.buffer`.
    #[pygetset]
    fn buffer(&self, vm: &VirtualMachine) -> PyObjectRef {
        DeviceInputBytes.into_ref(&vm.ctx).into()
    }

    #[pymethod]
    fn ioctl(&self, request: i64, arg: OptionalArg<i64>) -> i64 {
        poll_ioctl(request, arg)
    }

    #[pymethod]
    fn isatty(&self) -> bool {
        true
    }
}

/// The stream protocol's poll: readable with input waiting; always writable.
fn poll_ioctl(request: i64, arg: OptionalArg<i64>) -> i64 {
    if request != MP_STREAM_POLL {
        return MP_STREAM_ERROR;
    }
    let wanted = arg.unwrap_or(POLL_RD | POLL_WR);
    let mut ready = POLL_WR;
    if super::with_protocol(|p| p.stdin_len()) > 0 {
        ready |= POLL_RD;
    }
    ready & wanted
}

/// `sys.stdin.buffer` of a device: the bytes as they come.
#[pyclass(module = "pinloop", name = "DeviceInputBytes")]
#[derive(Debug, PyPayload)]
pub struct DeviceInputBytes;

#[pyclass]
impl DeviceInputBytes {
    /// `read(n)`: n bytes (waits for all of them, as a board's stdin does);
    /// `read()`: what has come, at least one byte.
    #[pymethod]
    fn read(&self, size: OptionalArg<Option<isize>>, vm: &VirtualMachine) -> PyResult<Vec<u8>> {
        match limit(size) {
            Some(count) => read_bytes(vm, count, count),
            None => read_bytes(vm, 1, usize::MAX),
        }
    }

    /// `readinto(buf[, n])`: fills n bytes of `buf` (all of it without n).
    #[pymethod]
    fn readinto(
        &self,
        buffer: ArgMemoryBuffer,
        size: OptionalArg<Option<isize>>,
        vm: &VirtualMachine,
    ) -> PyResult<usize> {
        let room = buffer.borrow_buf_mut().len();
        let count = limit(size).map_or(room, |n| n.min(room));
        let bytes = read_bytes(vm, count, count)?;
        buffer.borrow_buf_mut()[..bytes.len()].copy_from_slice(&bytes);
        Ok(bytes.len())
    }

    #[pymethod]
    fn readline(&self, vm: &VirtualMachine) -> PyResult<Vec<u8>> {
        let mut line = Vec::new();
        while line.last() != Some(&b'\n') {
            line.extend(read_bytes(vm, 1, 1)?);
        }
        Ok(line)
    }

    #[pymethod]
    fn ioctl(&self, request: i64, arg: OptionalArg<i64>) -> i64 {
        poll_ioctl(request, arg)
    }
}

/// `sys.stdout` and `sys.stderr` of a device: the host's terminal.
#[pyclass(module = "pinloop", name = "DeviceOutput")]
#[derive(Debug, PyPayload)]
pub struct DeviceOutput;

#[pyclass]
impl DeviceOutput {
    #[pymethod]
    fn write(&self, text: PyStrRef) -> usize {
        let text = text.to_string_lossy();
        let cooked = text.replace("\r\n", "\n").replace('\n', "\r\n");
        super::send_to_host(cooked.as_bytes());
        text.chars().count()
    }

    #[pymethod]
    fn flush(&self) {}

    /// The bytes under the text, as `sys.stdout.buffer`.
    #[pygetset]
    fn buffer(&self, vm: &VirtualMachine) -> PyObjectRef {
        DeviceOutputBytes.into_ref(&vm.ctx).into()
    }
}

/// `sys.stdout.buffer` of a device: bytes sent as they are.
#[pyclass(module = "pinloop", name = "DeviceOutputBytes")]
#[derive(Debug, PyPayload)]
pub struct DeviceOutputBytes;

#[pyclass]
impl DeviceOutputBytes {
    /// `write(buf[, n])`: the first n bytes of `buf` (all without n).
    #[pymethod]
    fn write(&self, data: ArgBytesLike, size: OptionalArg<Option<isize>>) -> usize {
        let data = data.borrow_buf();
        let count = limit(size).map_or(data.len(), |n| n.min(data.len()));
        super::send_to_host(&data[..count]);
        count
    }

    #[pymethod]
    fn flush(&self) {}
}

/// Makes the device's standard streams `sys`'s.
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    use rustpython_vm::class::PyClassImpl as _;
    DeviceOutput::make_static_type();
    DeviceOutputBytes::make_static_type();
    DeviceInput::make_static_type();
    DeviceInputBytes::make_static_type();
    let output: PyObjectRef = DeviceOutput.into_ref(&vm.ctx).into();
    vm.sys_module.set_attr("stdout", output.clone(), vm)?;
    vm.sys_module.set_attr("stderr", output, vm)?;
    vm.sys_module
        .set_attr("stdin", DeviceInput.into_ref(&vm.ctx), vm)?;
    Ok(())
}
