//! `micropython.kbd_intr`: which character raises KeyboardInterrupt. On a
//! host the terminal turns that character into SIGINT, so -1 ignores
//! SIGINT, and any other character, when stdin is a terminal, becomes the
//! terminal's interrupt character until the program ends. A device routes
//! it to its serial link instead ([`route_interrupt_char`]).

use std::sync::Mutex;

use rustpython_vm::{PyResult, VirtualMachine};

/// The terminal's settings before the first change, to put back at exit.
static ORIGINAL: Mutex<Option<libc::termios>> = Mutex::new(None);

/// ValueError for what `kbd_intr` does not take.
fn check_interrupt_char(character: i32, vm: &VirtualMachine) -> PyResult<()> {
    if !(-1..=255).contains(&character) {
        return Err(vm.new_value_error(format!(
            "kbd_intr() takes a character code 0-255, or -1 to disable, not {character}"
        )));
    }
    Ok(())
}

/// Where the interrupt character goes instead of the host's terminal: a
/// device's serial link (`--device` registers its reader's setter).
static ROUTE: std::sync::OnceLock<fn(i32)> = std::sync::OnceLock::new();

/// Sends `kbd_intr` to `route` from now on (once per process).
pub fn route_interrupt_char(route: fn(i32)) {
    let _ = ROUTE.set(route);
}

pub fn set_interrupt_char(character: i32, vm: &VirtualMachine) -> PyResult<()> {
    check_interrupt_char(character, vm)?;
    if let Some(route) = ROUTE.get() {
        route(character);
        return Ok(());
    }
    let signal = vm.import("signal", 0)?;
    let handler = if character < 0 {
        signal.get_attr("SIG_IGN", vm)?
    } else {
        signal.get_attr("default_int_handler", vm)?
    };
    vm.call_method(&signal, "signal", (libc::SIGINT, handler))?;
    if character >= 0 {
        set_terminal_interrupt(character as u8);
    }
    Ok(())
}

/// Makes `character` the terminal's interrupt character, if stdin is one.
fn set_terminal_interrupt(character: u8) {
    // SAFETY: `attrs` is a plain C struct, valid when zeroed; isatty,
    // tcgetattr and tcsetattr only access it through the pointer during the
    // call, and fd 0 is owned by the process for its whole life.
    unsafe {
        if libc::isatty(0) != 1 {
            return;
        }
        let mut attrs: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut attrs) != 0 || attrs.c_cc[libc::VINTR] == character {
            return;
        }
        ORIGINAL
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(attrs);
        attrs.c_cc[libc::VINTR] = character;
        libc::tcsetattr(0, libc::TCSANOW, &attrs);
    }
}

/// Puts back the terminal settings `kbd_intr` changed, if it changed any.
pub fn restore_terminal() {
    if let Some(original) = ORIGINAL.lock().unwrap_or_else(|e| e.into_inner()).take() {
        // SAFETY: tcsetattr reads the live local `original` during the call.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &original);
        }
    }
}
