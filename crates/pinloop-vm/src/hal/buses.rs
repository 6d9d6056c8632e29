//! The native side of the board's I2C and SPI buses: what the board file
//! and the command line say about them, handed to `lib/_pinloop_buses.py`,
//! which is the buses themselves (`machine.I2C`, `SoftI2C`, ...) and runs
//! the simulated devices written in Python. A transaction is a few Python
//! calls into a model; nothing of it is on a hot path, so it is Python,
//! where the models are.
//!
//! `machine.I2C` and friends are looked up through the module's
//! `__getattr__`, so `import machine` does not load the bus module.
//! VM thread only (or a script's thread holding the VM).

use pinloop_board::buses::{Attachment, Setting};
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine, builtins::PyUtf8StrRef};

/// The names `machine` serves from Python modules of `lib/`, loaded on
/// first use: the buses, PWM and bitstream.
pub const LAZY_NAMES: &[(&str, &str)] = &[
    ("I2C", "_pinloop_buses"),
    ("SoftI2C", "_pinloop_buses"),
    ("SPI", "_pinloop_buses"),
    ("SoftSPI", "_pinloop_buses"),
    ("I2CTarget", "_pinloop_i2c_target"),
    ("PWM", "_pinloop_pwm"),
    ("bitstream", "_pinloop_pixels"),
    ("WDT", "_pinloop_wdt"),
];

/// `pyb`'s names written in Python, loaded on first use.
pub const PYB_LAZY_NAMES: &[(&str, &str)] =
    &[("I2C", "_pinloop_pyb_buses"), ("SPI", "_pinloop_pyb_buses")];

/// `machine.__getattr__`: the classes of [`LAZY_NAMES`].
pub fn lazy_attribute(name: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult {
    lazy_in("machine", LAZY_NAMES, name, vm)
}

/// `pyb.__getattr__`: the classes of [`PYB_LAZY_NAMES`].
pub fn pyb_lazy_attribute(name: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult {
    lazy_in("pyb", PYB_LAZY_NAMES, name, vm)
}

fn lazy_in(
    owner: &str,
    names: &[(&str, &'static str)],
    name: PyUtf8StrRef,
    vm: &VirtualMachine,
) -> PyResult {
    if let Some((_, module)) = names.iter().find(|(n, _)| *n == name.as_str()) {
        let module = vm.import(*module, 0)?;
        return module.get_attr(vm.ctx.intern_str(name.as_str()), vm);
    }
    Err(vm.new_attribute_error(format!(
        "module '{owner}' has no attribute '{}'",
        name.as_str()
    )))
}

/// Module `name` if the run has imported it (`_pinloop_buses` whenever a
/// device is attached), without importing it.
pub fn loaded_module(name: &str, vm: &VirtualMachine) -> Option<rustpython_vm::PyObjectRef> {
    let modules = vm.sys_module.get_attr("modules", vm).ok()?;
    modules.get_item(name, vm).ok()
}

/// Makes the devices the board file and the command line attach, before
/// the program runs (front ends), so a model that does not load stops the
/// run with its traceback before the firmware starts.
pub fn attach_board_devices(vm: &VirtualMachine) -> PyResult<()> {
    if super::with_hal(|sim| sim.def().devices.is_empty()) {
        return Ok(());
    }
    let module = vm.import("_pinloop_buses", 0)?;
    vm.call_method(&module, "load_board_devices", ())?;
    Ok(())
}

/// `machine._board_buses()`: `(i2c, spi, devices)` of the board. `i2c` is
/// a list of `(id, name, scl, sda)`, `spi` of `(id, name, sck, mosi,
/// miso)`, `devices` of dicts with `kind`, `bus`, `address` or `cs`,
/// `model`, `base_dir`, `settings` and `origin`.
pub fn board_buses(vm: &VirtualMachine) -> PyResult {
    let def = super::with_hal(|sim| sim.def().clone());
    let text = |s: &str| -> PyObjectRef { vm.ctx.new_str(s).into() };
    let name = |n: &Option<String>| n.as_deref().map_or_else(|| vm.ctx.none(), text);
    let i2c = def
        .i2c_buses
        .iter()
        .map(|b| {
            let row = vec![
                vm.ctx.new_int(b.id).into(),
                name(&b.name),
                text(&b.scl),
                text(&b.sda),
            ];
            vm.ctx.new_tuple(row).into()
        })
        .collect();
    let spi = def
        .spi_buses
        .iter()
        .map(|b| {
            let row = vec![
                vm.ctx.new_int(b.id).into(),
                name(&b.name),
                text(&b.sck),
                text(&b.mosi),
                text(&b.miso),
            ];
            vm.ctx.new_tuple(row).into()
        })
        .collect();
    let mut devices = Vec::new();
    for device in &def.devices {
        let entry = vm.ctx.new_dict();
        match &device.at {
            Attachment::I2c { bus, address } => {
                entry.set_item("kind", text("i2c"), vm)?;
                entry.set_item("bus", vm.ctx.new_int(*bus).into(), vm)?;
                entry.set_item("address", vm.ctx.new_int(*address).into(), vm)?;
            }
            Attachment::Spi { bus, cs } => {
                entry.set_item("kind", text("spi"), vm)?;
                entry.set_item("bus", vm.ctx.new_int(*bus).into(), vm)?;
                entry.set_item("cs", text(cs), vm)?;
            }
        }
        entry.set_item("model", text(&device.model), vm)?;
        entry.set_item("base_dir", text(&device.base_dir), vm)?;
        entry.set_item("origin", text(&device.origin), vm)?;
        let settings = vm.ctx.new_dict();
        for (key, value) in &device.settings {
            let value: PyObjectRef = match value {
                Setting::Int(i) => vm.ctx.new_int(*i).into(),
                Setting::Float(f) => vm.ctx.new_float(*f).into(),
                Setting::Bool(b) => vm.ctx.new_bool(*b).into(),
                Setting::Text(s) => text(s),
            };
            settings.set_item(key.as_str(), value, vm)?;
        }
        entry.set_item("settings", settings.into(), vm)?;
        devices.push(entry.into());
    }
    let parts = vec![
        vm.ctx.new_list(i2c).into(),
        vm.ctx.new_list(spi).into(),
        vm.ctx.new_list(devices).into(),
    ];
    Ok(vm.ctx.new_tuple(parts).into())
}

/// `machine._read_model_source(path)`: a model file named by the board
/// file or the command line, read from the host (a project's or device's
/// confined `open` would look inside its folder instead).
pub fn read_model_source(path: PyUtf8StrRef, vm: &VirtualMachine) -> PyResult<String> {
    std::fs::read_to_string(path.as_str()).map_err(|e| {
        vm.new_os_error(format!(
            "cannot read the device model file {}: {e}",
            path.as_str()
        ))
    })
}
