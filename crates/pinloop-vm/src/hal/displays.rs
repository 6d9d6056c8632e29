//! Pictures of the simulated displays (the SSD1306 model's panel) as PNG
//! files: on request (`pinloop.save_picture`) and, with
//! `--display-png DIR`, of every display on the board's buses when the
//! run ends. Each file is replaced whole (a kill leaves the old picture or
//! the new one). VM thread only.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine, builtins::PyBaseExceptionRef};

/// `--display-png DIR`, set once at start.
static AT_EXIT_DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Sets `--display-png DIR`: it must be a folder that exists.
pub fn configure(dir: &Path) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!(
            "--display-png {}: not a folder (create it first)",
            dir.display()
        ));
    }
    *AT_EXIT_DIR.lock().unwrap_or_else(|e| e.into_inner()) = Some(dir.to_owned());
    Ok(())
}

/// Writes `width` x `height` grey levels as the PNG file `path`.
pub fn save_png(
    path: &str,
    width: u32,
    height: u32,
    pixels: &[u8],
    vm: &VirtualMachine,
) -> PyResult<()> {
    let expected = width as usize * height as usize;
    if pixels.len() != expected {
        return Err(vm.new_value_error(format!(
            "a {width}x{height} picture has {expected} pixels, not {}",
            pixels.len()
        )));
    }
    let file =
        pinloop_framebuf::gray_png(width, height, pixels).map_err(|e| vm.new_value_error(e))?;
    crate::atomic_file::replace(Path::new(path), &file).map_err(|e| os_error(vm, path, &e))
}

fn os_error(vm: &VirtualMachine, path: &str, err: &std::io::Error) -> PyBaseExceptionRef {
    vm.new_os_error(format!("cannot write the picture {path}: {err}"))
}

/// At exit, with `--display-png DIR`: every display's picture as
/// `DIR/<name>.png`. False (reported on stderr) if one could not be
/// written.
pub fn save_at_exit(vm: &VirtualMachine) -> bool {
    let Some(dir) = AT_EXIT_DIR
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
    else {
        return true;
    };
    // Only a run that used the buses has displays.
    let Some(buses) = super::buses::loaded_module("_pinloop_buses", vm) else {
        return true;
    };
    let dir = dir.to_string_lossy().into_owned();
    match vm.call_method(&buses, "save_pictures", (dir.clone(),)) {
        Ok(_) => true,
        Err(exc) => {
            let text = exc_text(&exc, vm);
            crate::stdio::write_stderr(vm, &format!("pinloop: --display-png {dir}: {text}\n"));
            false
        }
    }
}

fn exc_text(exc: &PyBaseExceptionRef, vm: &VirtualMachine) -> String {
    let object: PyObjectRef = exc.clone().into();
    object
        .str(vm)
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "error".into())
}
