//! MicroPython's view of `sys`: `sys.print_exception`, and
//! `sys.implementation.name == "micropython"` (scripts pick
//! MicroPython's APIs with it, and pinloop has them), with `sys.version`
//! and `sys.implementation._machine` naming pinloop as the build (or the
//! board, with `sys.platform`, when its board file names them);
//! `sys.implementation._v2` is True (pinloop behaves as MicroPython 2
//! where MicroPython's own tests tell the two apart: arrays that check their
//! bounds, no `co_lnotab`), and `sys.exit()` raises a SystemExit without
//! arguments.

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine, builtins::PyBaseExceptionRef,
    function::OptionalArg,
};

use crate::traceback;

/// The MicroPython release whose behaviour pinloop follows.
pub const MICROPYTHON_VERSION: (u32, u32, u32) = (1, 27, 0);

pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let sys = &vm.sys_module;
    let implementation = sys.get_attr("implementation", vm)?;
    let (major, minor, micro) = MICROPYTHON_VERSION;
    let version = vm.new_tuple((major, minor, micro, ""));
    implementation.set_attr("name", vm.ctx.new_str("micropython"), vm)?;
    implementation.set_attr("version", version, vm)?;
    let machine = format!(
        "pinloop {} on RustPython {} ({} {})",
        env!("CARGO_PKG_VERSION"),
        RUSTPYTHON_VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    // A board file's own names win (a Pyboard says `pyboard` and `PYBv1.1
    // with STM32F405RG`; packages branch on them).
    let (platform, board_machine) = crate::hal::chosen_identity();
    let machine = board_machine.unwrap_or(machine);
    implementation.set_attr("_machine", vm.ctx.new_str(machine), vm)?;
    if let Some(platform) = platform {
        sys.set_attr("platform", vm.ctx.new_str(platform), vm)?;
    }
    // Kept in the shape CPython's `platform` module parses.
    let version_info: (u32, u32, u32) = {
        let v = sys.get_attr("version_info", vm)?;
        let part = |i: usize| -> PyResult<u32> { v.get_item(&i, vm)?.try_into_value(vm) };
        (part(0)?, part(1)?, part(2)?)
    };
    let version = format!(
        "{}.{}.{} (pinloop {}, MicroPython dialect) [RustPython {}]",
        version_info.0,
        version_info.1,
        version_info.2,
        env!("CARGO_PKG_VERSION"),
        RUSTPYTHON_VERSION
    );
    sys.set_attr("version", vm.ctx.new_str(version), vm)?;
    sys.set_attr(
        "print_exception",
        vm.new_function("print_exception", print_exception),
        vm,
    )?;
    sys.set_attr("exit", vm.new_function("exit", exit), vm)?;
    unbuffered_stdin(vm);
    implementation.set_attr("_v2", vm.ctx.new_bool(true), vm)?;
    Ok(())
}

/// `sys.stdin.buffer` is the FileIO itself, as stdout's and stderr's are
/// (and as on MicroPython), not a BufferedReader over it. Left as it is
/// when file descriptor 0 is not open.
fn unbuffered_stdin(vm: &VirtualMachine) {
    let made = (|| -> PyResult<PyObjectRef> {
        let io = vm.import("_io", 0)?;
        let file_io = io.get_attr("FileIO", vm)?;
        let raw = file_io.call(
            rustpython_vm::function::FuncArgs::new(
                vec![vm.ctx.new_int(0).into(), vm.ctx.new_str("r").into()],
                rustpython_vm::function::KwArgs::new(
                    [("closefd".to_owned(), vm.ctx.new_bool(false).into())]
                        .into_iter()
                        .collect(),
                ),
            ),
            vm,
        )?;
        let wrapper = io.get_attr("TextIOWrapper", vm)?;
        wrapper.call(
            rustpython_vm::function::FuncArgs::new(
                vec![raw],
                rustpython_vm::function::KwArgs::new(
                    [
                        ("encoding".to_owned(), vm.ctx.new_str("utf-8").into()),
                        ("line_buffering".to_owned(), vm.ctx.new_bool(true).into()),
                    ]
                    .into_iter()
                    .collect(),
                ),
            ),
            vm,
        )
    })();
    if let Ok(stdin) = made {
        let _ = vm.sys_module.set_attr("stdin", stdin.clone(), vm);
        let _ = vm.sys_module.set_attr("__stdin__", stdin, vm);
    }
}

/// `sys.exit([status])`: without an argument the SystemExit has no
/// arguments (`args == ()`), as in CPython and MicroPython.
fn exit(status: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
    let args = match status {
        OptionalArg::Missing => Vec::new(),
        OptionalArg::Present(status) => {
            match status.downcast_ref::<rustpython_vm::builtins::PyTuple>() {
                Some(tuple) => tuple.as_slice().to_vec(),
                None => vec![status],
            }
        }
    };
    Err(vm.invoke_exception(vm.ctx.exceptions.system_exit.to_owned(), args)?)
}

/// The RustPython release pinloop embeds (pinned in Cargo.toml).
const RUSTPYTHON_VERSION: &str = "0.5.0";

/// `sys.print_exception(exc, file=sys.stdout)`: the traceback in
/// MicroPython's format.
fn print_exception(
    exc: PyObjectRef,
    file: OptionalArg<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyResult<()> {
    let exc: PyBaseExceptionRef = exc.downcast().map_err(|other| {
        vm.new_type_error(format!(
            "print_exception() needs an exception instance, not '{}'",
            other.class().name()
        ))
    })?;
    let file = match file {
        OptionalArg::Present(file) if !vm.is_none(&file) => file,
        _ => vm.sys_module.get_attr("stdout", vm)?,
    };
    let text = traceback::format_exception(vm, &exc);
    vm.call_method(file.as_object(), "write", (vm.ctx.new_str(text),))?;
    Ok(())
}
