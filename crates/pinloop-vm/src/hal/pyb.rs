//! The Pyboard's `pyb` module on the simulated board: LED, Switch, Timer,
//! Pin (machine's, with pyb's constant names too), and the delays and
//! millisecond counters.

pub(crate) use pyb_module::module_def;

use pinloop_board::{Mode, Pull};
use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyType, PyTypeRef},
    class::PyClassImpl,
    function::{ArgIntoFloat, FuncArgs, OptionalArg},
    pyclass,
    types::{Callable, Constructor, Representable},
};

use super::{IRQ_FALLING, IRQ_RISING, Irq, TimerSlot};
use crate::shared::SharedCell;

#[pyclass(module = "pyb", name = "LED")]
#[derive(Debug, PyPayload)]
pub struct Led {
    id: u32,
    pin: usize,
    intensity: SharedCell<u8>,
}

impl Constructor for Led {
    type Args = (u32,);

    fn py_new(_cls: &Py<PyType>, (id,): (u32,), vm: &VirtualMachine) -> PyResult<Self> {
        let pin = super::with_hal(|sim| {
            let name = sim.def().leds.iter().find(|l| l.id == id)?.pin.clone();
            let pin = sim.pin_id(&name).ok()?;
            if sim.mode(pin) != Mode::Output {
                sim.configure(pin, Mode::Output, Pull::None);
            }
            Some(pin)
        });
        let Some(pin) = pin else {
            let ids: Vec<String> =
                super::with_hal(|sim| sim.def().leds.iter().map(|l| l.id.to_string()).collect());
            return Err(vm.new_value_error(format!(
                "LED({id}) doesn't exist; this board's LEDs are {}",
                if ids.is_empty() {
                    "none".to_owned()
                } else {
                    ids.join(", ")
                }
            )));
        };
        let lit = super::with_hal(|sim| sim.latch(pin));
        Ok(Led {
            id,
            pin,
            intensity: SharedCell::new(if lit { 255 } else { 0 }),
        })
    }
}

impl Led {
    fn set(&self, intensity: u8, vm: &VirtualMachine) -> PyResult<()> {
        self.intensity.set(intensity);
        let edges = super::with_hal(|sim| sim.write(self.pin, intensity > 0));
        super::deliver_edges(edges, vm)
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Led {
    #[pymethod]
    fn on(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.set(255, vm)
    }

    #[pymethod]
    fn off(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.set(0, vm)
    }

    #[pymethod]
    fn toggle(&self, vm: &VirtualMachine) -> PyResult<()> {
        let lit = super::with_hal(|sim| sim.latch(self.pin));
        self.set(if lit { 0 } else { 255 }, vm)
    }

    /// The brightness 0-255, or with an argument sets it (the simulated
    /// pin is on for anything above 0).
    #[pymethod]
    fn intensity(&self, value: OptionalArg<i64>, vm: &VirtualMachine) -> PyResult<Option<u8>> {
        match value {
            OptionalArg::Present(value) => {
                self.set(value.clamp(0, 255) as u8, vm)?;
                Ok(None)
            }
            OptionalArg::Missing => Ok(Some(self.intensity.get())),
        }
    }
}

impl Representable for Led {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!("LED({})", zelf.id))
    }
}

#[pyclass(module = "pyb", name = "Switch")]
#[derive(Debug, PyPayload)]
pub struct Switch {
    pin: usize,
}

impl Constructor for Switch {
    type Args = ();

    fn py_new(_cls: &Py<PyType>, _args: (), vm: &VirtualMachine) -> PyResult<Self> {
        let pin = super::with_hal(|sim| {
            let name = sim.def().switches.first()?.pin.clone();
            sim.pin_id(&name).ok()
        });
        pin.map(|pin| Switch { pin })
            .ok_or_else(|| vm.new_value_error("this board has no switch (try --board pyboard)"))
    }
}

impl Switch {
    fn pressed(&self) -> bool {
        super::with_hal(|sim| sim.level(self.pin) == sim.active_level(self.pin))
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Callable))]
impl Switch {
    /// True while the switch is pressed.
    #[pymethod]
    fn value(&self) -> bool {
        self.pressed()
    }

    /// `fun()` runs (as an interrupt) each time the switch is pressed;
    /// None removes it.
    #[pymethod]
    fn callback(&self, fun: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        if vm.is_none(&fun) {
            super::set_irq(self.pin, None);
            return Ok(());
        }
        if !fun.is_callable() {
            return Err(vm.new_type_error(format!(
                "a Switch callback must be callable, not '{}'",
                fun.class().name()
            )));
        }
        let press_edge = if super::with_hal(|sim| sim.active_level(self.pin)) {
            IRQ_RISING
        } else {
            IRQ_FALLING
        };
        super::set_irq(
            self.pin,
            Some(Irq {
                handler: fun,
                trigger: press_edge,
                hard: true,
                argument: None,
                header: "uncaught exception in switch interrupt handler".to_owned(),
            }),
        );
        Ok(())
    }
}

impl Callable for Switch {
    type Args = ();

    fn call(zelf: &Py<Self>, _args: (), _vm: &VirtualMachine) -> PyResult {
        Ok(_vm.ctx.new_bool(zelf.pressed()).into())
    }
}

#[pyclass(module = "pyb", name = "Timer")]
#[derive(Debug, PyPayload)]
pub struct Timer {
    id: u32,
    slot: usize,
    freq: SharedCell<f64>,
    /// The prescaler and period registers (the count runs 0..=period at
    /// source_freq / (prescaler + 1)).
    registers: SharedCell<(u32, u32)>,
}

/// The Pyboard's timers.
const TIMER_IDS: std::ops::RangeInclusive<u32> = 1..=14;

crate::interp_local::interp_local! {
    /// Each timer once: `Timer(n)` again is the same timer, its state kept,
    /// as on a Pyboard.
    static TIMERS: std::collections::HashMap<u32, PyRef<Timer>> = std::collections::HashMap::new();
}

/// What a timer counts: TIM1 and TIM8-11 sit on the 168 MHz APB2 timer
/// clock, the others on APB1's 84 MHz.
fn source_freq(id: u32) -> u32 {
    if matches!(id, 1 | 8..=11) {
        168_000_000
    } else {
        84_000_000
    }
}

/// The prescaler and period that make `freq` from `source`: the smallest
/// prescaler that lets the period fit the counter (32 bits on TIM2 and
/// TIM5, else 16).
fn registers_for(id: u32, source: u32, freq: f64) -> (u32, u32) {
    let counter_max: f64 = if matches!(id, 2 | 5) {
        4_294_967_296.0
    } else {
        65_536.0
    };
    let ticks = (f64::from(source) / freq).round().max(1.0);
    let prescaler = ((ticks / counter_max).ceil() - 1.0).clamp(0.0, 65_535.0);
    let period = (ticks / (prescaler + 1.0)).round().clamp(1.0, counter_max) - 1.0;
    (prescaler as u32, period as u32)
}

impl Constructor for Timer {
    type Args = FuncArgs;

    fn py_new(_cls: &Py<PyType>, _args: FuncArgs, _vm: &VirtualMachine) -> PyResult<Self> {
        unreachable!("Timer is built by slot_new")
    }

    fn slot_new(cls: PyTypeRef, mut args: FuncArgs, vm: &VirtualMachine) -> PyResult {
        if args.args.is_empty() {
            return Err(vm.new_type_error("Timer() needs a timer number: Timer(n, freq=...)"));
        }
        let id: u32 = args.args.remove(0).try_into_value(vm)?;
        if !TIMER_IDS.contains(&id) {
            return Err(vm.new_value_error(format!(
                "Timer({id}) doesn't exist; the Pyboard's timers are 1 to 14"
            )));
        }
        let known = crate::interp_local::with(&TIMERS, |timers| timers.get(&id).cloned());
        if let Some(timer) = known.filter(|t| t.as_object().class().is(&cls)) {
            if !args.args.is_empty() || !args.kwargs.is_empty() {
                Timer::init_timer(&timer, args, vm)?;
            }
            return Ok(timer.into());
        }
        let slot = super::add_timer(TimerSlot {
            callback: None,
            argument: vm.ctx.none(),
            period_us: 0,
            periodic: true,
            generation: 0,
            header: header(id),
        });
        let timer = Timer {
            id,
            slot,
            freq: SharedCell::new(0.0),
            registers: SharedCell::new((0, 0)),
        }
        .into_ref_with_type(vm, cls)?;
        crate::interp_local::with(&TIMERS, |timers| timers.insert(id, timer.clone()));
        if !args.args.is_empty() || !args.kwargs.is_empty() {
            Timer::init_timer(&timer, args, vm)?;
        }
        Ok(timer.into())
    }
}

fn header(id: u32) -> String {
    format!("uncaught exception in Timer({id}) interrupt handler")
}

impl Timer {
    /// A new frequency: the tick period, and the channels' PWM outputs.
    fn retime(&self, freq: f64, vm: &VirtualMachine) -> PyResult<()> {
        let mut slot = super::timer(self.slot);
        slot.period_us = (1e6 / freq).round().max(1.0) as u64;
        self.freq.set(freq);
        super::start_timer(self.slot, slot);
        self.retime_channels(vm)
    }

    /// The timer's channels (if any were made) follow its new timing.
    fn retime_channels(&self, vm: &VirtualMachine) -> PyResult<()> {
        if let Some(channels) = super::buses::loaded_module("_pinloop_timer_channels", vm) {
            vm.call_method(&channels, "retime", (self.id,))?;
        }
        Ok(())
    }

    /// `period([value])` and `prescaler([value])`: reads one register of
    /// (prescaler, period) through `field`, or sets it and retimes.
    fn register(
        &self,
        value: OptionalArg<u32>,
        field: fn(&mut (u32, u32)) -> &mut u32,
        vm: &VirtualMachine,
    ) -> PyResult<Option<u32>> {
        let mut registers = self.registers.get();
        match value {
            OptionalArg::Present(value) => {
                *field(&mut registers) = value;
                self.registers.set(registers);
                self.retime_from_registers(vm)?;
                Ok(None)
            }
            OptionalArg::Missing => Ok(Some(*field(&mut registers))),
        }
    }

    fn retime_from_registers(&self, vm: &VirtualMachine) -> PyResult<()> {
        let (prescaler, period) = self.registers.get();
        let freq = f64::from(source_freq(self.id))
            / ((f64::from(prescaler) + 1.0) * (f64::from(period) + 1.0));
        self.retime(freq, vm)
    }

    fn init_timer(zelf: &PyRef<Self>, mut args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
        let mut take = |name: &str| args.kwargs.swap_remove(name);
        let freq = take("freq");
        let prescaler = take("prescaler");
        let period = take("period");
        let callback = take("callback");
        for ignored in ["mode", "div", "deadtime", "brk"] {
            take(ignored);
        }
        if let Some(name) = args.kwargs.keys().next() {
            return Err(
                vm.new_type_error(format!("Timer.init() got an unexpected keyword '{name}'"))
            );
        }
        let source = source_freq(zelf.id);
        let freq: f64 = match (freq, prescaler, period) {
            (Some(freq), _, _) => {
                let freq = freq.try_into_value::<ArgIntoFloat>(vm)?.into_float();
                if freq > 0.0 {
                    zelf.registers.set(registers_for(zelf.id, source, freq));
                }
                freq
            }
            (None, Some(prescaler), Some(period)) => {
                let prescaler: u32 = prescaler.try_into_value(vm)?;
                let period: u32 = period.try_into_value(vm)?;
                zelf.registers.set((prescaler, period));
                f64::from(source) / ((f64::from(prescaler) + 1.0) * (f64::from(period) + 1.0))
            }
            _ => {
                return Err(vm.new_type_error(
                    "Timer.init() needs freq=..., or prescaler=... and period=...",
                ));
            }
        };
        if freq.is_nan() || freq <= 0.0 {
            return Err(vm.new_value_error(format!("Timer freq must be > 0, not {freq}")));
        }
        let callback = callback.filter(|c| !vm.is_none(c));
        zelf.freq.set(freq);
        super::start_timer(
            zelf.slot,
            TimerSlot {
                callback,
                argument: zelf.clone().into(),
                period_us: (1e6 / freq).round().max(1.0) as u64,
                periodic: true,
                generation: 0,
                header: header(zelf.id),
            },
        );
        zelf.retime_channels(vm)
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Timer {
    #[pymethod]
    fn init(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
        Timer::init_timer(&zelf, args, vm)
    }

    #[pymethod]
    fn deinit(&self) {
        super::stop_timer(self.slot);
        self.freq.set(0.0);
    }

    /// `fun(timer)` runs (as an interrupt) at each tick; None stops it.
    #[pymethod]
    fn callback(&self, fun: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let fun = (!vm.is_none(&fun)).then_some(fun);
        super::set_timer_callback(self.slot, fun);
        Ok(())
    }

    #[pymethod]
    fn freq(
        zelf: PyRef<Self>,
        freq: OptionalArg<ArgIntoFloat>,
        vm: &VirtualMachine,
    ) -> PyResult<Option<f64>> {
        match freq.map(|f| f.into_float()) {
            OptionalArg::Present(freq) if freq > 0.0 => {
                zelf.registers
                    .set(registers_for(zelf.id, source_freq(zelf.id), freq));
                zelf.retime(freq, vm)?;
                Ok(None)
            }
            OptionalArg::Present(_) => Ok(None),
            OptionalArg::Missing => Ok(Some(zelf.freq.get())),
        }
    }

    /// The period register: the count runs from 0 to it.
    #[pymethod]
    fn period(&self, period: OptionalArg<u32>, vm: &VirtualMachine) -> PyResult<Option<u32>> {
        self.register(period, |r| &mut r.1, vm)
    }

    #[pymethod]
    fn prescaler(&self, prescaler: OptionalArg<u32>, vm: &VirtualMachine) -> PyResult<Option<u32>> {
        self.register(prescaler, |r| &mut r.0, vm)
    }

    /// The timer's number (for its channels).
    #[pymethod]
    fn _id_number(&self) -> u32 {
        self.id
    }

    /// The clock the timer counts (before the prescaler).
    #[pymethod]
    fn source_freq(&self) -> u32 {
        source_freq(self.id)
    }

    #[pymethod]
    fn counter(&self) -> u32 {
        0
    }

    /// `channel(n, mode, pin=, pulse_width=, pulse_width_percent=, ...)`:
    /// a channel of this timer (`lib/_pinloop_timer_channels.py`); with
    /// only `n`, the channel made before (None if none).
    #[pymethod]
    fn channel(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
        let module = vm.import("_pinloop_timer_channels", 0)?;
        let mut args = args;
        args.args.insert(0, zelf.into());
        let function = module.get_attr("channel", vm)?;
        function.call(args, vm)
    }
}

impl Representable for Timer {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!("Timer({})", zelf.id))
    }
}

/// pyb.ADC: `read()` gives 12 bits, as the Pyboard's converter does.
#[pyclass(module = "pyb", name = "ADC")]
#[derive(Debug, PyPayload)]
pub struct Adc {
    inner: super::machine::Adc,
}

impl Constructor for Adc {
    type Args = FuncArgs;

    fn py_new(cls: &Py<PyType>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let inner = <super::machine::Adc as Constructor>::py_new(cls, args, vm)?;
        Ok(Adc { inner })
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl Adc {
    #[pymethod]
    fn read(&self) -> u16 {
        self.inner.source_reading() >> 4
    }
}

/// pyb.DAC: DAC 1 on X5, DAC 2 on X6 (or the pin), `write(value)` in 8 or
/// 12 bits drives the pin's net, which an ADC on that net reads.
#[pyclass(module = "pyb", name = "DAC")]
#[derive(Debug, PyPayload)]
pub struct Dac {
    pin: usize,
    bits: SharedCell<u32>,
}

#[derive(rustpython_vm::FromArgs)]
pub struct DacArgs {
    #[pyarg(positional)]
    port: PyObjectRef,
    #[pyarg(any, default = 8)]
    bits: u32,
    /// The output buffer: an electrical choice, nothing to simulate.
    #[pyarg(any, optional)]
    #[allow(dead_code)]
    buffering: OptionalArg<PyObjectRef>,
}

fn dac_bits(bits: u32, vm: &VirtualMachine) -> PyResult<u32> {
    match bits {
        8 | 12 => Ok(bits),
        _ => Err(vm.new_value_error(format!("unsupported bits {bits}: the DAC has 8 or 12"))),
    }
}

impl Constructor for Dac {
    type Args = DacArgs;

    fn py_new(_cls: &Py<PyType>, args: DacArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let port = match args.port.downcast_ref::<rustpython_vm::builtins::PyInt>() {
            Some(number) => {
                let name = match number.try_to_primitive::<i64>(vm)? {
                    1 => "X5",
                    2 => "X6",
                    n => {
                        return Err(vm.new_value_error(format!(
                            "DAC({n}) doesn't exist: the Pyboard has DAC 1 (X5) and 2 (X6)"
                        )));
                    }
                };
                vm.ctx.new_str(name).into()
            }
            None => args.port.clone(),
        };
        let pin = super::machine::pin_from(&port, vm)?;
        Ok(Dac {
            pin,
            bits: SharedCell::new(dac_bits(args.bits, vm)?),
        })
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl Dac {
    #[pymethod]
    fn init(&self, bits: OptionalArg<u32>, vm: &VirtualMachine) -> PyResult<()> {
        self.bits.set(dac_bits(bits.unwrap_or(8), vm)?);
        Ok(())
    }

    /// Drives the output to `value` (0 to 2**bits - 1).
    #[pymethod]
    fn write(&self, value: i64, vm: &VirtualMachine) -> PyResult<()> {
        let bits = self.bits.get();
        let top = (1i64 << bits) - 1;
        if !(0..=top).contains(&value) {
            return Err(vm.new_value_error(format!("DAC value {value} is outside 0 to {top}")));
        }
        let scaled = (value * 65535 / top) as u16;
        super::with_hal(|sim| sim.drive_analog(self.pin, Some(scaled)));
        Ok(())
    }

    #[pymethod]
    fn deinit(&self) {
        super::with_hal(|sim| sim.drive_analog(self.pin, None));
    }
}

/// pyb.ExtInt: `callback(line)` runs (as an interrupt) on the pin's edges.
#[pyclass(module = "pyb", name = "ExtInt")]
#[derive(Debug, PyPayload)]
pub struct ExtInt {
    pin: usize,
    line: u32,
    irq: Irq,
    enabled: SharedCell<bool>,
}

pub const EXTINT_IRQ_RISING: u32 = IRQ_RISING;
pub const EXTINT_IRQ_FALLING: u32 = IRQ_FALLING;
pub const EXTINT_IRQ_RISING_FALLING: u32 = IRQ_RISING | IRQ_FALLING;

#[derive(rustpython_vm::FromArgs)]
pub struct ExtIntArgs {
    #[pyarg(any)]
    pin: PyObjectRef,
    #[pyarg(any)]
    mode: u32,
    #[pyarg(any)]
    pull: Option<i64>,
    #[pyarg(any)]
    callback: PyObjectRef,
}

impl Constructor for ExtInt {
    type Args = ExtIntArgs;

    fn py_new(_cls: &Py<PyType>, args: ExtIntArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let pin = super::machine::pin_from(&args.pin, vm)?;
        if args.mode == 0 || args.mode & !EXTINT_IRQ_RISING_FALLING != 0 {
            return Err(vm.new_value_error(format!(
                "invalid ExtInt mode {}: use ExtInt.IRQ_RISING, IRQ_FALLING or IRQ_RISING_FALLING",
                args.mode
            )));
        }
        if !args.callback.is_callable() {
            return Err(vm.new_type_error(format!(
                "an ExtInt callback must be callable, not '{}'",
                args.callback.class().name()
            )));
        }
        let pull = match args.pull {
            None | Some(0) => Pull::None,
            Some(1) => Pull::Up,
            Some(2) => Pull::Down,
            Some(other) => {
                return Err(vm.new_value_error(format!(
                    "invalid pull {other}: use Pin.PULL_NONE, PULL_UP or PULL_DOWN"
                )));
            }
        };
        let (line, edges) = super::with_hal(|sim| {
            // The EXTI line is the pin's number within its port: the digits
            // that end its name, counted from 0, modulo 16.
            let name = sim.name(pin);
            let digits = name.trim_start_matches(|c: char| !c.is_ascii_digit());
            let line = digits
                .parse::<u32>()
                .map_or(0, |n| n.saturating_sub(1) % 16);
            (line, sim.configure(pin, Mode::Input, pull))
        });
        super::deliver_edges(edges, vm)?;
        let irq = Irq {
            handler: args.callback,
            trigger: args.mode,
            hard: true,
            argument: Some(vm.ctx.new_int(line).into()),
            header: format!("uncaught exception in ExtInt interrupt handler line {line}"),
        };
        super::set_irq(pin, Some(irq.clone()));
        Ok(ExtInt {
            pin,
            line,
            irq,
            enabled: SharedCell::new(true),
        })
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl ExtInt {
    #[pymethod]
    fn line(&self) -> u32 {
        self.line
    }

    #[pymethod]
    fn enable(&self) {
        self.enabled.set(true);
        super::set_irq(self.pin, Some(self.irq.clone()));
    }

    #[pymethod]
    fn disable(&self) {
        self.enabled.set(false);
        super::set_irq(self.pin, None);
    }

    /// Runs the callback as if the edge had come.
    #[pymethod]
    fn swint(&self, vm: &VirtualMachine) -> PyResult<()> {
        if !self.enabled.get() {
            return Ok(());
        }
        self.irq.handler.call((self.line,), vm)?;
        Ok(())
    }
}

/// pyb.Accel: a board lying flat and still (about 1 g on z, 21 counts).
#[pyclass(module = "pyb", name = "Accel")]
#[derive(Debug, Default, PyPayload)]
pub struct Accel;

impl Constructor for Accel {
    type Args = ();

    fn py_new(_cls: &Py<PyType>, _args: (), _vm: &VirtualMachine) -> PyResult<Self> {
        Ok(Accel)
    }
}

#[pyclass(flags(BASETYPE), with(Constructor))]
impl Accel {
    #[pymethod]
    fn x(&self) -> i32 {
        0
    }

    #[pymethod]
    fn y(&self) -> i32 {
        0
    }

    #[pymethod]
    fn z(&self) -> i32 {
        21
    }

    #[pymethod]
    fn tilt(&self) -> i32 {
        0
    }

    #[pymethod]
    fn filtered_xyz(&self) -> (i32, i32, i32) {
        (0, 0, 21 * 4)
    }
}

/// pyb's millisecond and microsecond counters wrap at 2**30.
const COUNTER_MASK: u64 = (1 << 30) - 1;

#[rustpython_vm::pymodule(name = "pyb")]
mod pyb_module {
    use super::*;

    #[pyattr(name = "LED")]
    fn led(_vm: &VirtualMachine) -> PyTypeRef {
        Led::make_static_type()
    }

    #[pyattr(name = "Switch")]
    fn switch(_vm: &VirtualMachine) -> PyTypeRef {
        Switch::make_static_type()
    }

    #[pyattr(name = "Timer")]
    fn timer(vm: &VirtualMachine) -> PyTypeRef {
        let class = Timer::make_static_type();
        // Channel modes and polarities, with the STM32 port's numbers.
        let constants = [
            ("PWM", 0),
            ("PWM_INVERTED", 1),
            ("OC_TIMING", 2),
            ("OC_ACTIVE", 3),
            ("OC_INACTIVE", 4),
            ("OC_TOGGLE", 5),
            ("OC_FORCED_ACTIVE", 6),
            ("OC_FORCED_INACTIVE", 7),
            ("IC", 8),
            ("ENC_A", 9),
            ("ENC_B", 10),
            ("ENC_AB", 11),
            ("HIGH", 0),
            ("LOW", 2),
            ("RISING", 0),
            ("FALLING", 2),
            ("BOTH", 10),
            ("UP", 0),
            ("DOWN", 16),
            ("CENTER", 32),
        ];
        for (name, value) in constants {
            class.set_attr(vm.ctx.intern_str(name), vm.ctx.new_int(value).into());
        }
        class
    }

    #[pyattr(name = "ADC")]
    fn adc(_vm: &VirtualMachine) -> PyTypeRef {
        Adc::make_static_type()
    }

    #[pyattr(name = "DAC")]
    fn dac(_vm: &VirtualMachine) -> PyTypeRef {
        Dac::make_static_type()
    }

    #[pyattr(name = "ExtInt")]
    fn ext_int(vm: &VirtualMachine) -> PyTypeRef {
        let class = ExtInt::make_static_type();
        for (name, value) in [
            ("IRQ_RISING", EXTINT_IRQ_RISING),
            ("IRQ_FALLING", EXTINT_IRQ_FALLING),
            ("IRQ_RISING_FALLING", EXTINT_IRQ_RISING_FALLING),
        ] {
            class.set_attr(vm.ctx.intern_str(name), vm.ctx.new_int(value).into());
        }
        class
    }

    #[pyattr(name = "UART")]
    fn uart(vm: &VirtualMachine) -> PyTypeRef {
        super::super::uart::uart_class(vm)
    }

    #[pyattr(name = "Accel")]
    fn accel(_vm: &VirtualMachine) -> PyTypeRef {
        Accel::make_static_type()
    }

    #[pyattr(name = "Pin")]
    fn pin(vm: &VirtualMachine) -> PyTypeRef {
        super::super::machine::pin_class(vm)
    }

    /// `I2C` and `SPI`, written in Python, loaded on first use.
    #[pyfunction]
    fn __getattr__(name: rustpython_vm::builtins::PyUtf8StrRef, vm: &VirtualMachine) -> PyResult {
        super::super::buses::pyb_lazy_attribute(name, vm)
    }

    /// Milliseconds since start, wrapping at 2**30.
    #[pyfunction]
    fn millis() -> u64 {
        (crate::clock::now_us() / 1000) & COUNTER_MASK
    }

    #[pyfunction]
    fn micros() -> u64 {
        crate::clock::now_us() & COUNTER_MASK
    }

    #[pyfunction]
    fn elapsed_millis(start: u64) -> u64 {
        millis().wrapping_sub(start) & COUNTER_MASK
    }

    #[pyfunction]
    fn elapsed_micros(start: u64) -> u64 {
        micros().wrapping_sub(start) & COUNTER_MASK
    }

    /// Waits `ms` milliseconds (interrupts run meanwhile).
    #[pyfunction]
    fn delay(ms: u64, vm: &VirtualMachine) -> PyResult<()> {
        crate::clock::sleep(vm, std::time::Duration::from_millis(ms))
    }

    #[pyfunction]
    fn udelay(us: u64, vm: &VirtualMachine) -> PyResult<()> {
        crate::clock::sleep(vm, std::time::Duration::from_micros(us))
    }
}
