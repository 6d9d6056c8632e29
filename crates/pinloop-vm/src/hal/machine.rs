//! MicroPython's `machine` module on the simulated board: Pin (with IRQs),
//! Timer, Signal, and the board-wide functions.

pub(crate) use machine_module::module_def;

use pinloop_board::{Mode, Pull};
use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyType, PyTypeRef, PyUtf8StrRef},
    class::PyClassImpl,
    function::{ArgIntoFloat, FuncArgs, OptionalArg},
    pyclass,
    types::{Callable, Constructor, Representable},
};

use super::{IRQ_FALLING, IRQ_RISING, Irq, TimerSlot};
use crate::shared::SharedCell;

/// Pin modes and pulls, as MicroPython numbers them.
pub const MODE_IN: i64 = 0;
pub const MODE_OUT: i64 = 1;
pub const MODE_OPEN_DRAIN: i64 = 2;
/// A peripheral drives the pin (the port's alternate function): the GPIO
/// lets go of it, as an input would.
pub const MODE_ALT: i64 = 3;
pub const MODE_ALT_OPEN_DRAIN: i64 = 4;
pub const MODE_ANALOG: i64 = 5;

/// A mode `Pin(mode=)` takes: a GPIO mode, or a function's.
enum PinMode {
    Gpio(Mode),
    Function(i64),
}
pub const PULL_UP: i64 = 1;
pub const PULL_DOWN: i64 = 2;

fn mode_from(value: i64, vm: &VirtualMachine) -> PyResult<PinMode> {
    match value {
        MODE_IN => Ok(PinMode::Gpio(Mode::Input)),
        MODE_OUT => Ok(PinMode::Gpio(Mode::Output)),
        MODE_OPEN_DRAIN => Ok(PinMode::Gpio(Mode::OpenDrain)),
        MODE_ALT | MODE_ALT_OPEN_DRAIN | MODE_ANALOG => Ok(PinMode::Function(value)),
        _ => Err(vm.new_value_error(format!(
            "invalid pin mode {value}: use Pin.IN, Pin.OUT or Pin.OPEN_DRAIN (or the port's \
             Pin.ALT, Pin.ALT_OPEN_DRAIN, Pin.ANALOG)"
        ))),
    }
}

/// Sets a pin's mode and pull; the edges that makes.
fn set_mode(
    sim: &mut pinloop_board::Sim,
    pin: usize,
    mode: PinMode,
    pull: Pull,
) -> Vec<pinloop_board::Edge> {
    match mode {
        PinMode::Gpio(mode) => sim.configure(pin, mode, pull),
        PinMode::Function(function) => sim.configure_function(pin, function, pull),
    }
}

/// The mode `Pin.mode()` reads: the function's, else the GPIO's.
fn current_mode(sim: &pinloop_board::Sim, pin: usize) -> PinMode {
    match sim.function(pin) {
        Some(function) => PinMode::Function(function),
        None => PinMode::Gpio(sim.mode(pin)),
    }
}

/// The pin constants only some ports have, by the board's `sys.platform`
/// (MicroPython's `ports/*/machine_pin.c`): the Pyboard's (and the
/// default board's) alternate and analog modes and pyb's names for them,
/// the RP2040's function numbers for `alt=`, the ESP32's drive strengths
/// and wake levels. None of these ports has level-triggered pin IRQs.
fn port_pin_constants(platform: Option<&str>) -> &'static [(&'static str, i64)] {
    match platform {
        Some("esp32") => &[
            ("DRIVE_0", 0),
            ("DRIVE_1", 1),
            ("DRIVE_2", 2),
            ("DRIVE_3", 3),
            ("WAKE_LOW", 4),
            ("WAKE_HIGH", 5),
        ],
        Some("rp2") => &[
            ("ALT", MODE_ALT),
            ("ALT_SPI", 1),
            ("ALT_UART", 2),
            ("ALT_I2C", 3),
            ("ALT_PWM", 4),
            ("ALT_SIO", 5),
            ("ALT_PIO0", 6),
            ("ALT_PIO1", 7),
            ("ALT_GPCK", 8),
            ("ALT_USB", 9),
        ],
        _ => &[
            ("ALT", MODE_ALT),
            ("ALT_OPEN_DRAIN", MODE_ALT_OPEN_DRAIN),
            ("ANALOG", MODE_ANALOG),
            ("AF_PP", MODE_ALT),
            ("AF_OD", MODE_ALT_OPEN_DRAIN),
        ],
    }
}

fn pull_from(value: Option<i64>, vm: &VirtualMachine) -> PyResult<Pull> {
    match value {
        None | Some(0) => Ok(Pull::None),
        Some(PULL_UP) => Ok(Pull::Up),
        Some(PULL_DOWN) => Ok(Pull::Down),
        Some(other) => Err(vm.new_value_error(format!(
            "invalid pin pull {other}: use None, Pin.PULL_UP or Pin.PULL_DOWN"
        ))),
    }
}

fn mode_number(mode: PinMode) -> i64 {
    match mode {
        PinMode::Gpio(Mode::Input) => MODE_IN,
        PinMode::Gpio(Mode::Output) => MODE_OUT,
        PinMode::Gpio(Mode::OpenDrain) => MODE_OPEN_DRAIN,
        PinMode::Function(function) => function,
    }
}

/// What `machine.freq()` reads, once a script has set it (0: the board's
/// default, [`default_cpu_freq`]).
pub static CPU_FREQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The CPU clock a board starts at, by its port: the Pyboard's 168 MHz,
/// the ESP32's 160 MHz, the RP2040's 125 MHz (the default board, the
/// Pyboard's pins, says 168 MHz too).
fn default_cpu_freq(platform: Option<&str>) -> u64 {
    match platform {
        Some("esp32") => 160_000_000,
        Some("rp2") => 125_000_000,
        _ => 168_000_000,
    }
}

/// The ESP32's CPU clocks (`machine.freq(hz)` takes only these).
const ESP32_FREQS: [i64; 5] = [20_000_000, 40_000_000, 80_000_000, 160_000_000, 240_000_000];
/// The Pyboard's STM32F405 runs at 168 MHz at most.
const STM32_MAX_FREQ: i64 = 168_000_000;

/// The largest pin number accepted (boards number their pins far lower).
const MAX_PIN_NUMBER: i64 = 65535;

/// The board pin a Pin constructor argument names: a name (or alias), or
/// an integer (`P<n>` where the board has it, else the number as a name).
pub fn pin_from(id: &PyObjectRef, vm: &VirtualMachine) -> PyResult<usize> {
    if let Some(pin) = id.downcast_ref::<Pin>() {
        return Ok(pin.pin);
    }
    let name = if let Ok(name) = id.clone().downcast::<rustpython_vm::builtins::PyStr>() {
        name.to_string_lossy().into_owned()
    } else if let Some(int) = id.downcast_ref::<rustpython_vm::builtins::PyInt>() {
        let number = int
            .as_bigint()
            .try_into()
            .ok()
            .filter(|n: &i64| (0..=MAX_PIN_NUMBER).contains(n))
            .ok_or_else(|| {
                vm.new_value_error(format!(
                    "pin numbers are 0 to {MAX_PIN_NUMBER}, not {}: give the board's number \
                     or a name such as 'X1'",
                    int.as_bigint()
                ))
            })?;
        super::with_hal(|sim| sim.def().numbered_pin(&number.to_string()))
    } else {
        return Err(vm.new_type_error(format!(
            "a pin id is a name or a number, not '{}'",
            id.class().name()
        )));
    };
    super::with_hal(|sim| sim.pin_id(&name)).map_err(|e| vm.new_value_error(e.to_string()))
}

#[pyclass(module = "machine", name = "Pin")]
#[derive(Debug, PyPayload)]
pub struct Pin {
    pub pin: usize,
}

#[derive(rustpython_vm::FromArgs)]
pub struct PinInitArgs {
    #[pyarg(any, optional)]
    mode: OptionalArg<Option<i64>>,
    #[pyarg(any, optional)]
    pull: OptionalArg<Option<i64>>,
    #[pyarg(named, optional)]
    value: OptionalArg<PyObjectRef>,
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    drive: OptionalArg<PyObjectRef>,
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    alt: OptionalArg<PyObjectRef>,
    /// pyb.Pin's alternate function: accepted, no effect here.
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    af: OptionalArg<PyObjectRef>,
}

#[derive(rustpython_vm::FromArgs)]
pub struct PinArgs {
    #[pyarg(positional)]
    id: PyObjectRef,
    #[pyarg(flatten)]
    init: PinInitArgs,
}

impl Constructor for Pin {
    type Args = PinArgs;

    fn py_new(_cls: &Py<PyType>, args: PinArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let pin = pin_from(&args.id, vm)?;
        Pin::init_pin(pin, args.init, vm)?;
        Ok(Pin { pin })
    }
}

impl Pin {
    fn init_pin(pin: usize, args: PinInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        if let OptionalArg::Present(value) = &args.value {
            let value = value.clone().try_to_bool(vm)?;
            super::deliver_edges(super::with_hal(|sim| sim.write(pin, value)), vm)?;
        }
        let mode = match args.mode {
            OptionalArg::Present(Some(mode)) => Some(mode_from(mode, vm)?),
            _ => None,
        };
        let pull = match args.pull {
            OptionalArg::Present(pull) => Some(pull_from(pull, vm)?),
            OptionalArg::Missing => None,
        };
        if mode.is_none() && pull.is_none() {
            return Ok(());
        }
        let edges = super::with_hal(|sim| {
            let mode = mode.unwrap_or_else(|| current_mode(sim, pin));
            let pull = pull.unwrap_or(sim.pull(pin));
            set_mode(sim, pin, mode, pull)
        });
        super::deliver_edges(edges, vm)
    }

    fn write(&self, value: bool, vm: &VirtualMachine) -> PyResult<()> {
        let edges = super::with_hal(|sim| sim.write(self.pin, value));
        super::deliver_edges(edges, vm)
    }

    fn read(&self) -> bool {
        super::with_hal(|sim| sim.level(self.pin))
    }

    fn value_impl(&self, value: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        match value {
            OptionalArg::Present(value) => {
                self.write(value.try_to_bool(vm)?, vm)?;
                Ok(vm.ctx.none())
            }
            OptionalArg::Missing => Ok(vm.ctx.new_int(self.read() as u8).into()),
        }
    }
}

#[derive(rustpython_vm::FromArgs)]
pub struct IrqArgs {
    #[pyarg(any, optional)]
    handler: OptionalArg<PyObjectRef>,
    #[pyarg(any, optional)]
    trigger: OptionalArg<i64>,
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    priority: OptionalArg<PyObjectRef>,
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    wake: OptionalArg<PyObjectRef>,
    #[pyarg(named, default = false)]
    hard: bool,
}

#[pyclass(flags(BASETYPE), with(Constructor, Callable, Representable))]
impl Pin {
    /// Reads the pin's level, or with an argument sets its output.
    #[pymethod]
    fn value(&self, value: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        self.value_impl(value, vm)
    }

    #[pymethod]
    fn on(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.write(true, vm)
    }

    #[pymethod]
    fn off(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.write(false, vm)
    }

    #[pymethod]
    fn high(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.write(true, vm)
    }

    #[pymethod]
    fn low(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.write(false, vm)
    }

    /// Inverts the output.
    #[pymethod]
    fn toggle(&self, vm: &VirtualMachine) -> PyResult<()> {
        let latch = super::with_hal(|sim| sim.latch(self.pin));
        self.write(!latch, vm)
    }

    #[pymethod]
    fn init(&self, args: PinInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        Pin::init_pin(self.pin, args, vm)
    }

    #[pymethod]
    fn mode(&self, mode: OptionalArg<i64>, vm: &VirtualMachine) -> PyResult {
        match mode {
            OptionalArg::Present(mode) => {
                let mode = mode_from(mode, vm)?;
                let edges = super::with_hal(|sim| {
                    let pull = sim.pull(self.pin);
                    set_mode(sim, self.pin, mode, pull)
                });
                super::deliver_edges(edges, vm)?;
                Ok(vm.ctx.none())
            }
            OptionalArg::Missing => Ok(vm
                .ctx
                .new_int(mode_number(super::with_hal(|sim| {
                    current_mode(sim, self.pin)
                })))
                .into()),
        }
    }

    #[pymethod]
    fn pull(&self, pull: OptionalArg<Option<i64>>, vm: &VirtualMachine) -> PyResult {
        match pull {
            OptionalArg::Present(pull) => {
                let pull = pull_from(pull, vm)?;
                let edges = super::with_hal(|sim| {
                    let mode = current_mode(sim, self.pin);
                    set_mode(sim, self.pin, mode, pull)
                });
                super::deliver_edges(edges, vm)?;
                Ok(vm.ctx.none())
            }
            OptionalArg::Missing => {
                let pull = match super::with_hal(|sim| sim.pull(self.pin)) {
                    Pull::None => return Ok(vm.ctx.none()),
                    Pull::Up => PULL_UP,
                    Pull::Down => PULL_DOWN,
                };
                Ok(vm.ctx.new_int(pull).into())
            }
        }
    }

    /// The pin's name on the board.
    #[pymethod]
    fn name(&self) -> String {
        super::with_hal(|sim| sim.name(self.pin).to_owned())
    }

    /// Attaches `handler(pin)` to the edges in `trigger` (both by default);
    /// `hard=True` runs it between two bytecodes of whatever runs, as a
    /// board's interrupt does; otherwise it is scheduled. `handler=None`
    /// detaches it.
    #[pymethod]
    fn irq(zelf: PyRef<Self>, args: IrqArgs, vm: &VirtualMachine) -> PyResult<PyRef<PinIrq>> {
        let trigger = args
            .trigger
            .unwrap_or(IRQ_FALLING as i64 | IRQ_RISING as i64);
        if trigger < 0 || trigger & !((IRQ_FALLING | IRQ_RISING) as i64) != 0 {
            return Err(vm.new_value_error(format!(
                "invalid IRQ trigger {trigger}: use Pin.IRQ_RISING, Pin.IRQ_FALLING or both (|)"
            )));
        }
        match args.handler {
            OptionalArg::Present(handler) if !vm.is_none(&handler) => {
                if !handler.is_callable() {
                    return Err(vm.new_type_error(format!(
                        "an IRQ handler must be callable, not '{}'",
                        handler.class().name()
                    )));
                }
                super::set_irq(
                    zelf.pin,
                    Some(Irq {
                        handler,
                        trigger: trigger as u32,
                        hard: args.hard,
                        argument: Some(zelf.clone().into()),
                        header: super::PIN_IRQ_HEADER.to_owned(),
                    }),
                );
            }
            OptionalArg::Present(_) => super::set_irq(zelf.pin, None),
            OptionalArg::Missing => {}
        }
        Ok(PinIrq { pin: zelf.pin }.into_ref(&vm.ctx))
    }
}

impl Callable for Pin {
    type Args = OptionalArg<PyObjectRef>;

    fn call(zelf: &Py<Self>, value: Self::Args, vm: &VirtualMachine) -> PyResult {
        zelf.value_impl(value, vm)
    }
}

impl Representable for Pin {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        let (name, mode, pull) = super::with_hal(|sim| {
            (
                sim.name(zelf.pin).to_owned(),
                sim.mode(zelf.pin),
                sim.pull(zelf.pin),
            )
        });
        let mode = match mode {
            Mode::Input => "IN",
            Mode::Output => "OUT",
            Mode::OpenDrain => "OPEN_DRAIN",
        };
        let pull = match pull {
            Pull::None => String::new(),
            Pull::Up => ", pull=PULL_UP".to_owned(),
            Pull::Down => ", pull=PULL_DOWN".to_owned(),
        };
        Ok(format!("Pin({name}, mode={mode}{pull})"))
    }
}

/// What `Pin.irq()` returns.
#[pyclass(module = "machine", name = "IRQ")]
#[derive(Debug, PyPayload)]
pub struct PinIrq {
    pin: usize,
}

#[pyclass]
impl PinIrq {
    /// The trigger, or with an argument sets it.
    #[pymethod]
    fn trigger(&self, trigger: OptionalArg<u32>) -> u32 {
        match super::irq_of(self.pin) {
            Some(mut irq) => {
                if let OptionalArg::Present(trigger) = trigger {
                    irq.trigger = trigger;
                    super::set_irq(self.pin, Some(irq.clone()));
                }
                irq.trigger
            }
            None => 0,
        }
    }

    #[pymethod]
    fn flags(&self) -> u32 {
        0
    }
}

#[pyclass(module = "machine", name = "Timer")]
#[derive(Debug, PyPayload)]
pub struct Timer {
    slot: usize,
    id: i64,
    running: SharedCell<bool>,
}

pub const TIMER_ONE_SHOT: i64 = 0;
pub const TIMER_PERIODIC: i64 = 1;

#[derive(rustpython_vm::FromArgs)]
pub struct TimerInitArgs {
    #[pyarg(named, default = TIMER_PERIODIC)]
    mode: i64,
    #[pyarg(named, optional)]
    period: OptionalArg<ArgIntoFloat>,
    #[pyarg(named, optional)]
    freq: OptionalArg<ArgIntoFloat>,
    #[pyarg(named, optional)]
    callback: OptionalArg<PyObjectRef>,
    /// ms, as MicroPython's default; `tick_hz` would change the unit.
    #[pyarg(named, optional)]
    tick_hz: OptionalArg<ArgIntoFloat>,
    /// rp2's and esp32's choice of hard or soft callback. Accepted either
    /// way: pinloop runs a timer's callback at its tick, between two
    /// bytecodes, as a hard callback runs (allocation is allowed in both).
    #[pyarg(named, optional)]
    #[allow(dead_code)]
    hard: OptionalArg<bool>,
}

#[derive(rustpython_vm::FromArgs)]
pub struct TimerArgs {
    #[pyarg(positional, default = -1)]
    id: i64,
    #[pyarg(flatten)]
    init: TimerInitArgs,
}

impl Constructor for Timer {
    type Args = TimerArgs;

    fn py_new(_cls: &Py<PyType>, _args: TimerArgs, _vm: &VirtualMachine) -> PyResult<Self> {
        unreachable!("Timer is built by slot_new")
    }

    fn slot_new(cls: PyTypeRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
        let args: TimerArgs = args.bind(vm)?;
        let slot = super::add_timer(TimerSlot {
            callback: None,
            argument: vm.ctx.none(),
            period_us: 0,
            periodic: true,
            generation: 0,
            header: super::PIN_IRQ_HEADER.to_owned(),
        });
        let timer = Timer {
            slot,
            id: args.id,
            running: SharedCell::new(false),
        }
        .into_ref_with_type(vm, cls)?;
        let started = args.init.period.is_present()
            || args.init.freq.is_present()
            || args.init.callback.is_present();
        if started {
            Timer::start(&timer, args.init, vm)?;
        }
        Ok(timer.into())
    }
}

impl Timer {
    fn start(zelf: &PyRef<Self>, args: TimerInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        let tick_hz = args.tick_hz.map_or(1000.0, |t| t.into_float());
        let freq = args.freq.into_option().map(|f| f.into_float());
        let period = args.period.into_option().map(|p| p.into_float());
        let period_us = match (freq, period) {
            (Some(freq), _) if freq > 0.0 => 1e6 / freq,
            (Some(freq), _) => {
                return Err(vm.new_value_error(format!("Timer freq must be > 0, not {freq}")));
            }
            (_, Some(period)) if period > 0.0 && tick_hz > 0.0 => period * 1e6 / tick_hz,
            (_, Some(period)) => {
                return Err(vm.new_value_error(format!("Timer period must be > 0, not {period}")));
            }
            _ => 1e6, // MicroPython's default period: one second.
        };
        let periodic = match args.mode {
            TIMER_PERIODIC => true,
            TIMER_ONE_SHOT => false,
            other => {
                return Err(vm.new_value_error(format!(
                    "invalid Timer mode {other}: use Timer.PERIODIC or Timer.ONE_SHOT"
                )));
            }
        };
        let callback = args.callback.into_option().filter(|c| !vm.is_none(c));
        if let Some(callback) = &callback
            && !callback.is_callable()
        {
            return Err(vm.new_type_error(format!(
                "a Timer callback must be callable, not '{}'",
                callback.class().name()
            )));
        }
        super::start_timer(
            zelf.slot,
            TimerSlot {
                callback,
                argument: zelf.clone().into(),
                period_us: period_us.round().max(1.0) as u64,
                periodic,
                generation: 0,
                header: super::PIN_IRQ_HEADER.to_owned(),
            },
        );
        zelf.running.set(true);
        Ok(())
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Timer {
    #[pymethod]
    fn init(zelf: PyRef<Self>, args: TimerInitArgs, vm: &VirtualMachine) -> PyResult<()> {
        Timer::start(&zelf, args, vm)
    }

    #[pymethod]
    fn deinit(&self) {
        super::stop_timer(self.slot);
        self.running.set(false);
    }
}

impl Representable for Timer {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        let slot = super::timer(zelf.slot);
        if !zelf.running.get() {
            return Ok(format!("Timer({})", zelf.id));
        }
        let mode = if slot.periodic {
            "PERIODIC"
        } else {
            "ONE_SHOT"
        };
        Ok(format!(
            "Timer({}, mode={mode}, period={}ms)",
            zelf.id,
            slot.period_us as f64 / 1000.0
        ))
    }
}

/// An analog input on a pin: reads the board file's `[[adc]]` source
/// there, or the pin's digital level at full scale.
///
/// The source (0-65535) is a voltage: that fraction of 3.3 V, the pin's
/// supply, which is what `read_u16()` reads on a board whose ADC spans
/// 0-3.3 V. `read_uv()` is that voltage in microvolts. On an ESP32 the
/// range is the attenuation's (`atten`: the datasheet's linear ranges,
/// 950, 1250, 1750, 2450 mV; 0 dB by default): a voltage above it reads
/// full scale, and `read_uv()` gives whole millivolts up to it; `read()`
/// is the legacy raw reading at `width` bits (12).
#[pyclass(module = "machine", name = "ADC")]
#[derive(Debug, PyPayload)]
pub struct Adc {
    pub pin: usize,
    atten: SharedCell<Option<u8>>,
    width: SharedCell<u8>,
}

/// The ESP32's attenuations (`ADC.ATTN_0DB` = 0 to `ATTN_11DB` = 3) and
/// the top of each linear range in millivolts.
const ESP32_RANGES_MV: [u32; 4] = [950, 1250, 1750, 2450];
/// The pin's supply, which the board's source is a fraction of, and the
/// full scale of the other ports' ADCs.
const FULL_SCALE_MV: u32 = 3300;

fn port_is_esp32() -> bool {
    super::with_hal(|sim| sim.def().platform.as_deref() == Some("esp32"))
}

impl Constructor for Adc {
    type Args = FuncArgs;

    fn py_new(_cls: &Py<PyType>, mut args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let Some(id) = args.args.first().cloned() else {
            return Err(vm.new_type_error("ADC() needs a pin: ADC(Pin('X19')) or ADC('X19')"));
        };
        let adc = Adc {
            pin: pin_from(&id, vm)?,
            atten: SharedCell::new(port_is_esp32().then_some(0)),
            width: SharedCell::new(12),
        };
        args.args.remove(0);
        adc.configure(args, vm)?;
        Ok(adc)
    }
}

impl Adc {
    /// The board's source at the pin (3.3 V is 65535).
    pub fn source_reading(&self) -> u16 {
        super::with_hal(|sim| sim.analog(self.pin))
    }

    /// The voltage at the pin, in microvolts.
    fn microvolts(&self) -> u64 {
        u64::from(self.source_reading()) * u64::from(FULL_SCALE_MV) * 1000 / 65535
    }

    fn range_uv(&self) -> u64 {
        match self.atten.get() {
            Some(atten) => u64::from(ESP32_RANGES_MV[usize::from(atten)]) * 1000,
            None => u64::from(FULL_SCALE_MV) * 1000,
        }
    }

    /// `init(*, sample_ns, atten)`: sample_ns is accepted (the reading is
    /// instant); atten only where the port has it.
    fn configure(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
        if !args.args.is_empty() {
            return Err(vm.new_type_error("the ADC's settings are keywords: sample_ns=, atten="));
        }
        for (name, value) in args.kwargs {
            match name.as_str() {
                "sample_ns" => {
                    let _: u64 = value.try_to_value(vm)?;
                }
                "atten" if !vm.is_none(&value) => self.set_atten(value.try_to_value(vm)?, vm)?,
                "atten" => {}
                other => {
                    return Err(vm.new_type_error(format!("unexpected keyword argument '{other}'")));
                }
            }
        }
        Ok(())
    }

    fn set_atten(&self, atten: i64, vm: &VirtualMachine) -> PyResult<()> {
        if self.atten.get().is_none() {
            return Err(vm.new_value_error(
                "this board's ADC has no input attenuation (an ESP32's has: --board esp32)",
            ));
        }
        let atten = u8::try_from(atten)
            .ok()
            .filter(|a| usize::from(*a) < ESP32_RANGES_MV.len())
            .ok_or_else(|| {
                vm.new_value_error(
                    "invalid attenuation: use ADC.ATTN_0DB, ATTN_2_5DB, ATTN_6DB or ATTN_11DB",
                )
            })?;
        self.atten.set(Some(atten));
        Ok(())
    }

    /// The source seen through the range: itself on a 0-3.3 V ADC.
    fn scaled_u16(&self) -> u16 {
        let source = u64::from(self.source_reading());
        let scaled = source * u64::from(FULL_SCALE_MV) * 1000 / self.range_uv();
        scaled.min(65535) as u16
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl Adc {
    /// The reading, scaled to 0-65535.
    #[pymethod]
    fn read_u16(&self) -> u16 {
        self.scaled_u16()
    }

    /// The voltage in microvolts (on an ESP32 whole millivolts, up to the
    /// attenuation's range).
    #[pymethod]
    fn read_uv(&self) -> u64 {
        let uv = self.microvolts();
        match self.atten.get() {
            Some(_) => uv.min(self.range_uv()) / 1000 * 1000,
            None => uv,
        }
    }

    #[pymethod]
    fn init(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
        self.configure(args, vm)
    }

    /// ESP32: sets the attenuation (`ADC.ATTN_*`).
    #[pymethod]
    fn atten(&self, atten: i64, vm: &VirtualMachine) -> PyResult<()> {
        self.set_atten(atten, vm)
    }

    /// ESP32: the resolution of `read()`, 9 to 12 bits.
    #[pymethod]
    fn width(&self, bits: i64, vm: &VirtualMachine) -> PyResult<()> {
        if self.atten.get().is_none() {
            return Err(
                vm.new_value_error("this board's ADC has no width setting (an ESP32's has)")
            );
        }
        let bits = u8::try_from(bits)
            .ok()
            .filter(|b| (9..=12).contains(b))
            .ok_or_else(|| {
                vm.new_value_error("invalid width: use ADC.WIDTH_9BIT to ADC.WIDTH_12BIT")
            })?;
        self.width.set(bits);
        Ok(())
    }

    /// ESP32's legacy raw reading, at `width` bits.
    #[pymethod(name = "read")]
    fn read_raw(&self, vm: &VirtualMachine) -> PyResult<u16> {
        if self.atten.get().is_none() {
            return Err(vm.new_attribute_error("'ADC' object has no attribute 'read'"));
        }
        Ok(self.scaled_u16() >> (16 - self.width.get()))
    }
}

/// A pin seen through an optional inversion (active-low LEDs, buttons).
#[pyclass(module = "machine", name = "Signal")]
#[derive(Debug, PyPayload)]
pub struct Signal {
    pin: PyObjectRef,
    invert: bool,
}

impl Constructor for Signal {
    type Args = FuncArgs;

    fn py_new(_cls: &Py<PyType>, mut args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let invert = match args.kwargs.swap_remove("invert") {
            Some(value) => value.try_to_bool(vm)?,
            None => false,
        };
        if args.args.is_empty() {
            return Err(vm.new_type_error("Signal() needs a pin, or the arguments of a Pin"));
        }
        let first = args.args[0].clone();
        let pin = if first.downcast_ref::<Pin>().is_some()
            && args.args.len() == 1
            && args.kwargs.is_empty()
        {
            first
        } else {
            let pin_class = Pin::class(&vm.ctx).to_owned();
            pin_class.as_object().call(args, vm)?
        };
        Ok(Signal { pin, invert })
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl Signal {
    /// The logical value (inverted from the pin's if `invert`), or with
    /// an argument sets it.
    #[pymethod]
    fn value(&self, value: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        match value {
            OptionalArg::Present(value) => {
                let logical = value.try_to_bool(vm)?;
                vm.call_method(&self.pin, "value", (logical != self.invert,))?;
                Ok(vm.ctx.none())
            }
            OptionalArg::Missing => {
                let level = vm.call_method(&self.pin, "value", ())?.try_to_bool(vm)?;
                Ok(vm.ctx.new_int((level != self.invert) as u8).into())
            }
        }
    }

    #[pymethod]
    fn on(&self, vm: &VirtualMachine) -> PyResult<()> {
        vm.call_method(&self.pin, "value", (!self.invert,))?;
        Ok(())
    }

    #[pymethod]
    fn off(&self, vm: &VirtualMachine) -> PyResult<()> {
        vm.call_method(&self.pin, "value", (self.invert,))?;
        Ok(())
    }
}

/// Sets the class constants MicroPython scripts use.
fn set_constants(class: &PyTypeRef, constants: &[(&'static str, i64)], vm: &VirtualMachine) {
    for (name, value) in constants {
        class.set_attr(vm.ctx.intern_str(*name), vm.ctx.new_int(*value).into());
    }
}

/// `Pin.board`: the board's pins by name as attributes (`pyb.Pin.board.X1`
/// is the pin X1, unchanged), as on a Pyboard.
#[pyclass(module = "machine", name = "board")]
#[derive(Debug, PyPayload)]
struct PinBoard;

impl rustpython_vm::types::GetAttr for PinBoard {
    fn getattro(
        zelf: &Py<Self>,
        name: &Py<rustpython_vm::builtins::PyStr>,
        vm: &VirtualMachine,
    ) -> PyResult {
        let text = name.to_string_lossy().into_owned();
        if text.starts_with("__") {
            return zelf.as_object().generic_getattr(name, vm);
        }
        let known = super::with_hal(|sim| sim.def().resolve(&text).is_some());
        if !known {
            return Err(vm.new_attribute_error(format!("the board has no pin '{text}'")));
        }
        let pin = pin_from(&name.to_owned().into(), vm)?;
        Ok(Pin { pin }.into_ref(&vm.ctx).into())
    }
}

#[pyclass(with(rustpython_vm::types::GetAttr))]
impl PinBoard {
    #[pymethod]
    fn __dir__(&self, vm: &VirtualMachine) -> PyObjectRef {
        let names = super::with_hal(|sim| sim.def().pins.clone());
        vm.ctx
            .new_list(
                names
                    .into_iter()
                    .map(|n| vm.ctx.new_str(n).into())
                    .collect(),
            )
            .into()
    }
}

pub fn pin_class(vm: &VirtualMachine) -> PyTypeRef {
    PinIrq::make_static_type();
    let class = Pin::make_static_type();
    PinBoard::make_static_type();
    class.set_attr(
        vm.ctx.intern_str("board"),
        PinBoard.into_ref(&vm.ctx).into(),
    );
    set_constants(
        &class,
        &[
            ("IN", MODE_IN),
            ("OUT", MODE_OUT),
            ("OPEN_DRAIN", MODE_OPEN_DRAIN),
            ("PULL_UP", PULL_UP),
            ("PULL_DOWN", PULL_DOWN),
            ("PULL_NONE", 0),
            ("IRQ_FALLING", IRQ_FALLING as i64),
            ("IRQ_RISING", IRQ_RISING as i64),
            // pyb.Pin's names for the same modes.
            ("OUT_PP", MODE_OUT),
            ("OUT_OD", MODE_OPEN_DRAIN),
        ],
        vm,
    );
    let platform = super::with_hal(|sim| sim.def().platform.clone());
    set_constants(&class, port_pin_constants(platform.as_deref()), vm);
    class
}

#[rustpython_vm::pymodule(name = "machine")]
mod machine_module {
    use super::*;

    #[pyattr(name = "Pin")]
    fn pin(vm: &VirtualMachine) -> PyTypeRef {
        pin_class(vm)
    }

    #[pyattr(name = "Timer")]
    fn timer(vm: &VirtualMachine) -> PyTypeRef {
        let class = Timer::make_static_type();
        set_constants(
            &class,
            &[("ONE_SHOT", TIMER_ONE_SHOT), ("PERIODIC", TIMER_PERIODIC)],
            vm,
        );
        class
    }

    /// The length in µs of the next pulse of `level` on `pin` (-2: none
    /// began within `timeout_us`, -1: it did not end within it).
    #[pyfunction]
    fn time_pulse_us(
        pin: PyObjectRef,
        pulse_level: bool,
        timeout_us: OptionalArg<i64>,
        vm: &VirtualMachine,
    ) -> PyResult<i64> {
        let pin = pin_from(&pin, vm)?;
        let timeout = timeout_us.unwrap_or(1_000_000).max(0) as u64;
        super::super::pulse::time_pulse_us(pin, pulse_level, timeout, vm)
    }

    #[pyattr(name = "ADC")]
    fn adc(vm: &VirtualMachine) -> PyTypeRef {
        let class = Adc::make_static_type();
        if super::port_is_esp32() {
            let constants = [
                ("ATTN_0DB", 0),
                ("ATTN_2_5DB", 1),
                ("ATTN_6DB", 2),
                ("ATTN_11DB", 3),
                ("WIDTH_9BIT", 9),
                ("WIDTH_10BIT", 10),
                ("WIDTH_11BIT", 11),
                ("WIDTH_12BIT", 12),
            ];
            for (name, value) in constants {
                class.set_attr(vm.ctx.intern_str(name), vm.ctx.new_int(value).into());
            }
        }
        class
    }

    #[pyattr(name = "UART")]
    fn uart(vm: &VirtualMachine) -> PyTypeRef {
        super::super::uart::uart_class(vm)
    }

    /// The bus classes (`I2C`, `SoftI2C`, ...), loaded on first use.
    #[pyfunction]
    fn __getattr__(name: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult {
        super::super::buses::lazy_attribute(name, vm)
    }

    #[pyfunction]
    fn _board_buses(vm: &VirtualMachine) -> PyResult {
        super::super::buses::board_buses(vm)
    }

    /// Drives pin `name` from outside the firmware, as a chip's output
    /// wired to it does (a device model's data-ready line): True or False
    /// drives it, None lets go. The edges run their handlers now.
    #[pyfunction]
    fn _drive_from_outside(
        name: PyUtf8StrRef,
        level: Option<bool>,
        vm: &VirtualMachine,
    ) -> PyResult<()> {
        let action = match level {
            Some(true) => pinloop_board::Action::High,
            Some(false) => pinloop_board::Action::Low,
            None => pinloop_board::Action::Release,
        };
        super::super::outside::apply(name.as_str(), action, vm)?.map_err(|e| vm.new_value_error(e))
    }

    /// A device model watches pin `name`: `callback(level)` on each edge.
    #[pyfunction]
    fn _watch_pin(name: PyObjectRef, callback: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let pin = pin_from(&name, vm)?;
        super::super::watch_pin(pin, callback);
        Ok(())
    }

    /// `machine.PWM`'s output on `pin` changed: `freq` (Hz) and `duty`
    /// (0 to 1), or None for both when it stops.
    #[pyfunction]
    fn _pwm_output(
        pin: PyObjectRef,
        freq: Option<f64>,
        duty: Option<f64>,
        vm: &VirtualMachine,
    ) -> PyResult<()> {
        let pin = pin_from(&pin, vm)?;
        super::super::pwm_output(pin, freq.zip(duty), vm)
    }

    /// A pin-log line about `pin`: `<seconds> <PIN> <what>`.
    #[pyfunction]
    fn _pin_log(pin: PyObjectRef, what: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult<()> {
        let pin = pin_from(&pin, vm)?;
        super::super::log_pin_event(pin, what.as_str(), vm)
    }

    /// The level of pin `name` now (a device model reading a line the
    /// firmware drives, such as a display's D/C).
    #[pyfunction]
    fn _pin_level(name: PyObjectRef, vm: &VirtualMachine) -> PyResult<bool> {
        let pin = pin_from(&name, vm)?;
        Ok(super::super::with_hal(|sim| sim.level(pin)))
    }

    /// Writes a picture (`width` x `height` grey levels) as a PNG file.
    #[pyfunction]
    fn _save_png(
        path: PyUtf8StrRef,
        width: u32,
        height: u32,
        pixels: rustpython_vm::function::ArgBytesLike,
        vm: &VirtualMachine,
    ) -> PyResult<()> {
        let pixels = pixels.borrow_buf();
        super::super::displays::save_png(path.as_str(), width, height, &pixels, vm)
    }

    #[pyfunction]
    fn _read_model_source(path: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult<String> {
        super::super::buses::read_model_source(path, vm)
    }

    #[pyattr(name = "Signal")]
    fn signal(_vm: &VirtualMachine) -> PyTypeRef {
        Signal::make_static_type()
    }

    #[pyattr(name = "RTC")]
    fn rtc(_vm: &VirtualMachine) -> PyTypeRef {
        super::super::rtc::Rtc::make_static_type()
    }

    /// Holds pin interrupts until `enable_irq`; returns the state to pass
    /// it.
    #[pyfunction]
    fn disable_irq() -> bool {
        super::super::disable_irq()
    }

    #[pyfunction]
    fn enable_irq(state: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        let enabled = match state {
            OptionalArg::Present(state) => state.try_to_bool(vm)?,
            OptionalArg::Missing => true,
        };
        super::super::enable_irq(enabled, vm)
    }

    /// Waits for the next interrupt: at most one millisecond, a board's
    /// system tick.
    #[pyfunction]
    fn idle(vm: &VirtualMachine) -> PyResult<()> {
        crate::clock::sleep(vm, std::time::Duration::from_millis(1))
    }

    /// The CPU frequency: the board's (a Pyboard's 168 MHz unless set);
    /// `freq(hz)` sets what it reads.
    #[pyfunction]
    fn freq(hz: OptionalArg<i64>, vm: &VirtualMachine) -> PyResult {
        use std::sync::atomic::Ordering;
        let platform = super::super::with_hal(|sim| sim.def().platform.clone());
        let platform = platform.as_deref();
        if let OptionalArg::Present(hz) = hz {
            match platform {
                Some("esp32") if !super::ESP32_FREQS.contains(&hz) => {
                    return Err(vm.new_value_error(
                        "frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz",
                    ));
                }
                Some("pyboard") if !(1..=super::STM32_MAX_FREQ).contains(&hz) => {
                    return Err(vm.new_value_error(format!(
                        "freq({hz}): the Pyboard's CPU runs at 1 Hz to 168 MHz"
                    )));
                }
                _ if !(1..=1_000_000_000).contains(&hz) => {
                    return Err(vm.new_value_error(format!(
                        "freq({hz}): the CPU frequency is from 1 Hz to 1 GHz"
                    )));
                }
                _ => {}
            }
            super::CPU_FREQ.store(hz as u64, Ordering::Relaxed);
            return Ok(vm.ctx.none());
        }
        let hz = match super::CPU_FREQ.load(Ordering::Relaxed) {
            0 => super::default_cpu_freq(platform),
            set => set,
        };
        if platform == Some("pyboard") {
            // The STM32 port reads (SYSCLK, HCLK, PCLK1, PCLK2).
            let clocks = [hz, hz, hz / 4, hz / 2].map(|f| vm.ctx.new_int(f).into());
            return Ok(vm.ctx.new_tuple(clocks.to_vec()).into());
        }
        Ok(vm.ctx.new_int(hz).into())
    }

    /// Sleeps `time_ms` of board time, serving interrupts (without a time:
    /// until the next interrupt or tick, as `idle`).
    #[pyfunction]
    fn lightsleep(time_ms: OptionalArg<i64>, vm: &VirtualMachine) -> PyResult<()> {
        let ms = time_ms.unwrap_or(1).max(0) as u64;
        crate::clock::sleep(vm, std::time::Duration::from_millis(ms))
    }

    /// Sleeps `time_ms` of board time, then the board wakes as from a reset
    /// (`reset_cause()` is DEEPSLEEP_RESET in the next life of a project or
    /// device; a script's run ends, as with `reset()`).
    #[pyfunction]
    fn deepsleep(time_ms: OptionalArg<i64>, vm: &VirtualMachine) -> PyResult<()> {
        if let OptionalArg::Present(ms) = time_ms {
            crate::clock::sleep(vm, std::time::Duration::from_millis(ms.max(0) as u64))?;
        }
        super::super::reset::end_run(
            vm,
            "machine.deepsleep()",
            super::super::reset::Reset::DeepSleep,
        )
    }

    /// The watchdog timed out (`machine.WDT`, from its timer): the board
    /// resets.
    #[pyfunction]
    fn _watchdog_reset(vm: &VirtualMachine) -> PyResult<()> {
        super::super::reset::end_run(
            vm,
            "the watchdog (machine.WDT), not fed in time,",
            super::super::reset::Reset::Watchdog,
        )
    }

    #[pyfunction]
    fn unique_id(vm: &VirtualMachine) -> PyObjectRef {
        vm.ctx.new_bytes(b"pinloop-sim\x01".to_vec()).into()
    }

    /// Resets the board. A device soft-resets (boot.py, main.py again); a
    /// script or project run ends, saying so, with exit status 3, so that
    /// CI notices a reset it did not expect.
    #[pyfunction]
    fn reset(vm: &VirtualMachine) -> PyResult<()> {
        super::super::reset::end_run(vm, "machine.reset()", super::super::reset::Reset::Hard)
    }

    /// A soft reset: as [`reset`].
    #[pyfunction]
    fn soft_reset(vm: &VirtualMachine) -> PyResult<()> {
        super::super::reset::end_run(vm, "machine.soft_reset()", super::super::reset::Reset::Soft)
    }

    /// The board's pin names and aliases, for CircuitPython's `board`:
    /// (name, pin it stands for) pairs.
    #[pyfunction]
    fn _board_pins(vm: &VirtualMachine) -> PyObjectRef {
        let names = super::super::with_hal(|sim| {
            let def = sim.def();
            let mut names: Vec<(String, String)> =
                def.pins.iter().map(|p| (p.clone(), p.clone())).collect();
            names.extend(def.aliases.iter().map(|(a, p)| (a.clone(), p.clone())));
            names
        });
        let items = names
            .into_iter()
            .map(|(name, pin)| {
                let pair = vec![vm.ctx.new_str(name).into(), vm.ctx.new_str(pin).into()];
                vm.ctx.new_tuple(pair).into()
            })
            .collect();
        vm.ctx.new_list(items).into()
    }

    /// The board's UARTs as (id, tx, rx) pin names, for CircuitPython's
    /// `busio.UART`, which names pins where `machine.UART` takes an id.
    #[pyfunction]
    fn _board_uarts(vm: &VirtualMachine) -> PyObjectRef {
        let uarts = super::super::with_hal(|sim| {
            let def = sim.def();
            // A UART's pins may be given by alias: the pin each stands for.
            let name = |pin: &str| {
                def.aliases
                    .iter()
                    .find(|(alias, _)| alias.as_str() == pin)
                    .map_or_else(|| pin.to_owned(), |(_, real)| real.clone())
            };
            def.uarts
                .iter()
                .map(|u| (u.id, name(&u.tx), name(&u.rx)))
                .collect::<Vec<_>>()
        });
        let items = uarts
            .into_iter()
            .map(|(id, tx, rx)| {
                let row = vec![
                    vm.ctx.new_int(id).into(),
                    vm.ctx.new_str(tx).into(),
                    vm.ctx.new_str(rx).into(),
                ];
                vm.ctx.new_tuple(row).into()
            })
            .collect();
        vm.ctx.new_list(items).into()
    }

    /// The board's WiFi (`network.WLAN`): None without a radio, else a
    /// dict of `networks` ((ssid, password, rssi, channel, bssid) each),
    /// `connect_us` and `ifconfig`.
    #[pyfunction]
    fn _board_wifi(vm: &VirtualMachine) -> PyResult {
        let Some(wifi) = super::super::with_hal(|sim| sim.def().wifi.clone()) else {
            return Ok(vm.ctx.none());
        };
        let text = |s: &str| -> PyObjectRef { vm.ctx.new_str(s).into() };
        let networks = wifi
            .networks
            .iter()
            .map(|n| {
                let password = n.password.as_deref().map_or_else(|| vm.ctx.none(), text);
                let row = vec![
                    text(&n.ssid),
                    password,
                    vm.ctx.new_int(n.rssi).into(),
                    vm.ctx.new_int(n.channel).into(),
                    text(&n.bssid),
                ];
                vm.ctx.new_tuple(row).into()
            })
            .collect();
        let dict = vm.ctx.new_dict();
        dict.set_item("networks", vm.ctx.new_list(networks).into(), vm)?;
        dict.set_item("connect_us", vm.ctx.new_int(wifi.connect_us).into(), vm)?;
        let ifconfig = wifi.ifconfig.iter().map(|a| text(a)).collect();
        dict.set_item("ifconfig", vm.ctx.new_tuple(ifconfig).into(), vm)?;
        Ok(dict.into())
    }

    #[pyfunction]
    fn _board_name() -> String {
        super::super::with_hal(|sim| sim.def().name.clone())
    }

    /// Whether unknown pin names are created on first use.
    #[pyfunction]
    fn _board_permissive() -> bool {
        super::super::with_hal(|sim| sim.def().permissive)
    }

    /// Benchmark hook: `ticks_us()` of the moment the board's clock thread
    /// last sent an edge (or timer) to the VM, on the real clock.
    #[pyfunction]
    fn _edge_sent_ticks_us() -> i64 {
        let period = crate::clock::ticks_period();
        crate::clock::wrap(super::super::last_sent_us() as u128, period)
    }

    #[pyattr]
    const PWRON_RESET: u8 = super::super::reset::PWRON_RESET;

    #[pyattr]
    const HARD_RESET: u8 = super::super::reset::HARD_RESET;

    #[pyattr]
    const SOFT_RESET: u8 = super::super::reset::SOFT_RESET;

    #[pyattr]
    const WDT_RESET: u8 = super::super::reset::WDT_RESET;

    #[pyattr]
    const DEEPSLEEP_RESET: u8 = super::super::reset::DEEPSLEEP_RESET;

    /// Why the board last started: PWRON_RESET, then HARD_RESET or
    /// SOFT_RESET after `machine.reset()`/`soft_reset()` in a project run.
    #[pyfunction]
    fn reset_cause() -> u8 {
        super::super::reset::cause()
    }
}
