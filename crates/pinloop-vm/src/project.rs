//! Project mode (`pinloop DIR`): a firmware folder run as a board runs its
//! flash. DIR is the `/` that `open`, `os` and the importer see (confined
//! as in device mode: `device_root.rs`), `sys.path` is a board's (`''`,
//! the frozen modules, `/lib`), and `boot.py` then `main.py` run in
//! `__main__`, whose globals the `-i` prompt then has. A traceback from
//! `boot.py` is printed and `main.py` still runs, as on a board; `main.py`'s
//! outcome is the run's (a `sys.exit` in `boot.py` ends the run there).

use std::path::Path;

use rustpython_vm::{PyResult, VirtualMachine};

use crate::{compile, frozen_lib, prompt, traceback};

/// What runs, in order.
pub const SCRIPTS: [&str; 2] = ["boot.py", "main.py"];

/// Checks DIR before the VM starts: a folder with a boot.py or a main.py.
pub fn check(dir: &Path) -> Result<(), String> {
    if SCRIPTS.iter().any(|script| dir.join(script).is_file()) {
        return Ok(());
    }
    Err(format!(
        "pinloop: {}: a firmware folder needs a main.py (or boot.py) to run; \
         to run one script, give the script: pinloop FILE.py",
        dir.display()
    ))
}

/// Makes DIR the board's `/` and gives `sys.path` a board's entries. Shared
/// with device mode, which does the same for `--fs DIR`.
pub fn mount(vm: &VirtualMachine, dir: &Path) -> PyResult<()> {
    crate::device_root::set(dir).map_err(|err| {
        vm.new_os_error(format!(
            "cannot use {} as the board's folder: {err}",
            dir.display()
        ))
    })?;
    let device_fs = vm.import("_pinloop_device_fs", 0)?;
    vm.call_method(&device_fs, "install", ())?;
    // A board's path: the current folder, frozen modules, then /lib (where
    // `mip` and `mpremote mip install` put packages), all inside DIR.
    let path = ["", frozen_lib::FROZEN_PATH_ENTRY, "/lib"]
        .into_iter()
        .map(|entry| vm.ctx.new_str(entry).into())
        .collect();
    vm.sys_module.set_attr("path", vm.ctx.new_list(path), vm)?;
    Ok(())
}

/// Runs the folder: mount, then boot.py and main.py in one `__main__`.
pub fn run(vm: &VirtualMachine, dir: &Path) -> PyResult<()> {
    mount(vm, dir)?;
    crate::run::main_scope(vm, None)?;
    let [boot, main] = SCRIPTS;
    if let Some(source) = read(vm, dir, boot)?
        && let Err(exc) = run_in_main(vm, &source, boot)
    {
        if crate::run::is_system_exit(vm, &exc) {
            return Err(exc);
        }
        traceback::print_exception(vm, &exc);
    }
    match read(vm, dir, main)? {
        Some(source) => run_in_main(vm, &source, main),
        None => Ok(()),
    }
}

/// The script's source, None when the folder has none.
fn read(vm: &VirtualMachine, dir: &Path, script: &str) -> PyResult<Option<String>> {
    let path = dir.join(script);
    if !path.is_file() {
        return Ok(None);
    }
    std::fs::read_to_string(&path)
        .map(Some)
        .map_err(|err| vm.new_os_error(format!("cannot read {}: {err}", path.display())))
}

fn run_in_main(vm: &VirtualMachine, source: &str, file_name: &str) -> PyResult<()> {
    let code = compile::compile(vm, source, file_name, compile::Mode::Exec)?;
    let scope = prompt::main_module_scope(vm)?;
    scope
        .globals
        .set_item("__file__", vm.ctx.new_str(file_name).into(), vm)?;
    vm.run_code_obj(code, scope)?;
    Ok(())
}
