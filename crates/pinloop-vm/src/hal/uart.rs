//! `machine.UART` (also `pyb.UART`: one class, as on a Pyboard) over the
//! board's serial lines ([`pinloop_board::serial`]). Reads wait as a board's do:
//! up to `timeout` ms for the first character and `timeout_char` ms for
//! each further one, in the active clock, with interrupts served meanwhile.
//! A write returns once its last byte is in the shift register.

use pinloop_sched::clock;
use rustpython_vm::{
    Py, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyType, PyTypeRef},
    class::PyClassImpl,
    function::{ArgMemoryBuffer, ArgStrOrBytesLike, OptionalArg},
    pyclass,
    types::{Constructor, Representable},
};

use pinloop_board::serial::LineConfig;

use crate::stream_protocol::{
    MP_STREAM_ERROR, MP_STREAM_POLL, MP_STREAM_POLL_RD, MP_STREAM_POLL_WR,
};

/// Flow-control flags (the stm32 port's values).
const FLOW_RTS: i64 = 0x100;
const FLOW_CTS: i64 = 0x200;

#[pyclass(module = "machine", name = "UART")]
#[derive(Debug, rustpython_vm::PyPayload)]
pub struct Uart {
    port: usize,
    id: u32,
}

#[derive(rustpython_vm::FromArgs)]
pub struct UartInitArgs {
    #[pyarg(any, optional)]
    baudrate: OptionalArg<u32>,
    #[pyarg(any, default = 8)]
    bits: u32,
    #[pyarg(any, default)]
    parity: Option<u32>,
    #[pyarg(any, default = 1)]
    stop: u32,
    #[pyarg(named, default = 0)]
    timeout: i64,
    #[pyarg(named, default = 0)]
    timeout_char: i64,
    #[pyarg(named, default = 0)]
    flow: i64,
    #[pyarg(named, optional)]
    rxbuf: OptionalArg<usize>,
    /// pyb's older name for `rxbuf`.
    #[pyarg(named, optional)]
    read_buf_len: OptionalArg<usize>,
    /// Accepted for ports that have one; the transmitter here is paced by
    /// its holding register whatever the size.
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    txbuf: OptionalArg<usize>,
    #[pyarg(named, optional)]
    tx: OptionalArg<PyObjectRef>,
    #[pyarg(named, optional)]
    rx: OptionalArg<PyObjectRef>,
}

#[derive(rustpython_vm::FromArgs)]
pub struct UartArgs {
    #[pyarg(positional)]
    id: PyObjectRef,
    #[pyarg(flatten)]
    init: UartInitArgs,
}

impl Constructor for Uart {
    type Args = UartArgs;

    fn py_new(_cls: &Py<PyType>, args: UartArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let id: u32 = args.id.try_to_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "a UART id is a number, as in UART(4, 9600), not '{}'",
                args.id.class().name()
            ))
        })?;
        let port = super::open_port(id).map_err(|e| vm.new_value_error(e))?;
        let uart = Uart { port, id };
        if args.init.baudrate.is_present() {
            uart.configure(args.init, vm)?;
        }
        Ok(uart)
    }
}

impl Uart {
    fn configure(&self, args: UartInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        let Some(baudrate) = args.baudrate.into_option() else {
            return Err(vm.new_type_error(format!(
                "UART({}).init() needs a baudrate, as in init(9600)",
                self.id
            )));
        };
        if baudrate == 0 {
            return Err(vm.new_value_error("baudrate must be positive"));
        }
        if !(5..=9).contains(&args.bits) {
            return Err(vm.new_value_error(format!(
                "unsupported number of bits {}: use 5 to 9",
                args.bits
            )));
        }
        if args.parity.is_some_and(|p| p > 1) {
            return Err(vm.new_value_error("parity is None, 0 (even) or 1 (odd)"));
        }
        if !(1..=2).contains(&args.stop) {
            return Err(vm.new_value_error(format!(
                "unsupported number of stop bits {}: use 1 or 2",
                args.stop
            )));
        }
        if args.timeout < 0 || args.timeout_char < 0 {
            return Err(vm.new_value_error("timeouts are milliseconds, 0 or more"));
        }
        if args.flow & !(FLOW_RTS | FLOW_CTS) != 0 {
            return Err(vm.new_value_error("flow is 0, UART.RTS, UART.CTS or both"));
        }
        let rxbuf = args
            .rxbuf
            .into_option()
            .or(args.read_buf_len.into_option())
            .unwrap_or(64);
        let tx = match args.tx.into_option() {
            Some(pin) => Some(super::machine::pin_from(&pin, vm)?),
            None => None,
        };
        let rx = match args.rx.into_option() {
            Some(pin) => Some(super::machine::pin_from(&pin, vm)?),
            None => None,
        };
        let config = LineConfig {
            baudrate,
            bits: args.bits,
            parity: args.parity,
            stop: args.stop,
            timeout_ms: args.timeout as u64,
            timeout_char_ms: (args.timeout_char as u64)
                .max(LineConfig::min_timeout_char_ms(baudrate)),
            rxbuf,
        };
        super::with_port(self.port, |port| {
            port.reset();
            port.tx_pin = tx.unwrap_or(port.tx_pin);
            port.rx_pin = rx.unwrap_or(port.rx_pin);
            port.config = Some(config);
        });
        Ok(())
    }

    fn config(&self, vm: &VirtualMachine) -> PyResult<LineConfig> {
        super::with_port(self.port, |port| port.config).ok_or_else(|| {
            vm.new_value_error(format!(
                "UART({0}) is not initialised: create it with a baudrate, as in UART({0}, 9600), \
                 or call init(9600)",
                self.id
            ))
        })
    }

    fn has_input(&self) -> bool {
        super::with_port(self.port, |port| !port.rx.is_empty())
    }

    /// Reads up to `max` bytes (None: no limit), stopping after a newline
    /// if `line`: waits `timeout` ms for the first byte and `timeout_char`
    /// ms for each further one. None if nothing came.
    fn receive(
        &self,
        max: Option<usize>,
        line: bool,
        vm: &VirtualMachine,
    ) -> PyResult<Option<Vec<u8>>> {
        let config = self.config(vm)?;
        let mut out = Vec::new();
        loop {
            let done = super::with_port(self.port, |port| {
                while max.is_none_or(|m| out.len() < m) {
                    let Some(byte) = port.rx.pop_front() else {
                        return false;
                    };
                    out.push(byte);
                    if line && byte == b'\n' {
                        return true;
                    }
                }
                true
            });
            if done {
                break;
            }
            let wait_ms = if out.is_empty() {
                config.timeout_ms
            } else {
                config.timeout_char_ms
            };
            if wait_ms == 0 {
                break;
            }
            let deadline = clock::now_us().saturating_add(wait_ms.saturating_mul(1000));
            if !crate::clock::wait_until(vm, Some(deadline), || self.has_input())? {
                break;
            }
        }
        Ok((!out.is_empty() || max == Some(0)).then_some(out))
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Uart {
    #[pymethod]
    fn init(&self, args: UartInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        self.configure(args, vm)
    }

    /// Turns the port off: it stops hearing its RX pin and drops what it
    /// held.
    #[pymethod]
    fn deinit(&self) {
        super::with_port(self.port, |port| {
            port.reset();
            port.config = None;
        });
    }

    /// How many characters are waiting to be read.
    #[pymethod]
    fn any(&self, vm: &VirtualMachine) -> PyResult<usize> {
        self.config(vm)?;
        Ok(super::with_port(self.port, |port| port.rx.len()))
    }

    #[pymethod]
    fn read(&self, nbytes: OptionalArg<Option<isize>>, vm: &VirtualMachine) -> PyResult {
        let max = nbytes.flatten().map(|n| n.max(0) as usize);
        Ok(match self.receive(max, false, vm)? {
            Some(data) => vm.ctx.new_bytes(data).into(),
            None => vm.ctx.none(),
        })
    }

    #[pymethod]
    fn readline(&self, vm: &VirtualMachine) -> PyResult {
        Ok(match self.receive(None, true, vm)? {
            Some(data) => vm.ctx.new_bytes(data).into(),
            None => vm.ctx.none(),
        })
    }

    #[pymethod]
    fn readinto(
        &self,
        buf: ArgMemoryBuffer,
        nbytes: OptionalArg<usize>,
        vm: &VirtualMachine,
    ) -> PyResult {
        let max = nbytes.unwrap_or(buf.len()).min(buf.len());
        Ok(match self.receive(Some(max), false, vm)? {
            Some(data) => {
                buf.with_ref(|target| target[..data.len()].copy_from_slice(&data));
                vm.ctx.new_int(data.len()).into()
            }
            None => vm.ctx.none(),
        })
    }

    /// One character as an int, or -1 after `timeout` with none.
    #[pymethod]
    fn readchar(&self, vm: &VirtualMachine) -> PyResult<i64> {
        Ok(match self.receive(Some(1), false, vm)? {
            Some(data) if !data.is_empty() => i64::from(data[0]),
            _ => -1,
        })
    }

    /// Sends `buf` (bytes-like or str); returns the number of bytes.
    #[pymethod]
    fn write(&self, buf: ArgStrOrBytesLike, vm: &VirtualMachine) -> PyResult<usize> {
        self.config(vm)?;
        let data = buf.borrow_bytes().to_vec();
        super::queue_uart(self.port, &data);
        let port = self.port;
        crate::clock::wait_until(vm, None, || super::with_port(port, |p| p.can_accept()))?;
        Ok(data.len())
    }

    #[pymethod]
    fn writechar(&self, char: u8, vm: &VirtualMachine) -> PyResult<()> {
        self.config(vm)?;
        super::queue_uart(self.port, &[char]);
        let port = self.port;
        crate::clock::wait_until(vm, None, || super::with_port(port, |p| p.can_accept()))?;
        Ok(())
    }

    /// Whether every byte written has left the transmitter.
    #[pymethod]
    fn txdone(&self) -> bool {
        super::with_port(self.port, |port| port.tx_done())
    }

    /// Waits until every byte written has been sent.
    #[pymethod]
    fn flush(&self, vm: &VirtualMachine) -> PyResult<()> {
        let port = self.port;
        crate::clock::wait_until(vm, None, || super::with_port(port, |p| p.tx_done()))?;
        Ok(())
    }

    /// The stream protocol (`select.poll`, asyncio's streams): readable
    /// with a character waiting, writable with the holding register free.
    #[pymethod]
    fn ioctl(&self, request: i64, arg: OptionalArg<i64>) -> i64 {
        if request != MP_STREAM_POLL {
            return MP_STREAM_ERROR;
        }
        let flags = arg.unwrap_or(0);
        let (readable, writable) = super::with_port(self.port, |port| {
            (
                port.config.is_some() && !port.rx.is_empty(),
                port.config.is_some() && port.can_accept(),
            )
        });
        let mut ready = 0;
        if readable {
            ready |= flags & MP_STREAM_POLL_RD;
        }
        if writable {
            ready |= flags & MP_STREAM_POLL_WR;
        }
        ready
    }
}

impl Uart {
    /// The poll flags of `mask` ready now, without a call through Python
    /// (for `select.poll` and the scheduler's I/O wait).
    pub fn poll_ready(&self, mask: i64) -> i64 {
        self.ioctl(MP_STREAM_POLL, OptionalArg::Present(mask))
    }
}

/// The class, with its flow-control constants.
pub fn uart_class(vm: &VirtualMachine) -> PyTypeRef {
    let class = Uart::make_static_type();
    for (name, value) in [("RTS", FLOW_RTS), ("CTS", FLOW_CTS)] {
        class.set_attr(vm.ctx.intern_str(name), vm.ctx.new_int(value).into());
    }
    class
}

impl Representable for Uart {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        let config = super::with_port(zelf.port, |port| port.config);
        Ok(match config {
            None => format!("UART({})", zelf.id),
            Some(c) => format!(
                "UART({}, baudrate={}, bits={}, parity={}, stop={}, timeout={}, \
                 timeout_char={}, rxbuf={})",
                zelf.id,
                c.baudrate,
                c.bits,
                c.parity.map_or("None".to_owned(), |p| p.to_string()),
                c.stop,
                c.timeout_ms,
                c.timeout_char_ms,
                c.rxbuf
            ),
        })
    }
}
