//! The `micropython` module. `schedule` is real: callbacks queue on the VM
//! thread and run at the next safe point between bytecodes, through the
//! VM-call channel, one after another, never nested. The optimisation
//! decorators pass functions through (there is no native code emitter on a
//! host), and `opt_level` sets the optimisation the compiler applies to code
//! compiled afterwards (level 1 and up drop `assert`s, as in MicroPython).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::{memory, vm_calls};

pub(crate) use micropython_module::module_def;

/// Callbacks `schedule` holds at most (MicroPython's default depth).
pub const SCHEDULE_DEPTH: usize = 4;

static OPT_LEVEL: AtomicU8 = AtomicU8::new(0);
static STACK_BASE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Scheduled `(function, argument)` pairs, on the VM thread only.
    static SCHEDULED: RefCell<VecDeque<(PyObjectRef, PyObjectRef)>> =
        const { RefCell::new(VecDeque::new()) };
    /// A run of them is queued as a VM call (one at a time).
    static RUN_ON_ITS_WAY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The optimisation level code is compiled with.
pub fn opt_level() -> u8 {
    OPT_LEVEL.load(Ordering::Relaxed)
}

/// Remembers where the VM thread's stack starts, for `stack_use`. Called
/// first thing on the VM thread.
pub fn record_stack_base() {
    let marker = 0u8;
    STACK_BASE.store(std::ptr::addr_of!(marker) as usize, Ordering::Relaxed);
}

fn stack_use() -> usize {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    STACK_BASE.load(Ordering::Relaxed).saturating_sub(here)
}

/// Runs the callbacks scheduled before this run began, oldest first; those
/// they schedule wait for the next run, so a callback that schedules itself
/// leaves the interrupted code time to run (and Ctrl-C a way in). An
/// exception is reported and the next callback runs; SystemExit and
/// KeyboardInterrupt go on into the interrupted code, and the callbacks
/// left wait for the next run.
fn run_scheduled(vm: &VirtualMachine) -> PyResult<()> {
    RUN_ON_ITS_WAY.set(false);
    let mut left = SCHEDULED.with(|q| q.borrow().len());
    while left > 0
        && let Some((function, argument)) = SCHEDULED.with(|q| q.borrow_mut().pop_front())
    {
        left -= 1;
        // No borrow is held here: the callback may schedule more.
        let called = crate::callback_interrupt::run(vm, || function.call((argument,), vm));
        let Err(exc) = called else {
            continue;
        };
        if !vm_calls::ends_program(vm, &exc) {
            vm_calls::report_uncaught(vm, "scheduled function", &exc);
            continue;
        }
        request_run();
        return Err(exc);
    }
    request_run();
    Ok(())
}

/// Asks for a run of the callbacks still scheduled, unless there are none
/// or a run is already on its way. False if no run can come (the VM has
/// ended).
fn request_run() -> bool {
    if RUN_ON_ITS_WAY.get() || SCHEDULED.with(|q| q.borrow().is_empty()) {
        return true;
    }
    let sent = vm_calls::current()
        .is_some_and(|caller| caller.call("scheduled function", run_scheduled).is_ok());
    RUN_ON_ITS_WAY.set(sent);
    sent
}

/// `micropython.schedule`: runs `function(argument)` soon, between two
/// bytecodes of whatever runs then, after callbacks scheduled before it
/// (soft IRQ handlers take this path too).
pub fn schedule_call(
    function: PyObjectRef,
    argument: PyObjectRef,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if !function.is_callable() {
        return Err(vm.new_type_error(format!(
            "schedule() needs a callable, not '{}'",
            function.class().name()
        )));
    }
    let full = SCHEDULED.with(|q| {
        let mut queue = q.borrow_mut();
        if queue.len() >= SCHEDULE_DEPTH {
            return true;
        }
        queue.push_back((function, argument));
        false
    });
    if full {
        return Err(vm.new_runtime_error(format!(
            "schedule queue full ({SCHEDULE_DEPTH} callbacks wait to run)"
        )));
    }
    if !request_run() {
        return Err(vm.new_runtime_error("the program has ended: nothing scheduled runs now"));
    }
    Ok(())
}

#[rustpython_vm::pymodule(name = "micropython")]
mod micropython_module {
    use super::*;
    use rustpython_vm::function::OptionalArg;

    #[pyattr(name = "RingIO")]
    fn ring_io(_vm: &VirtualMachine) -> rustpython_vm::builtins::PyTypeRef {
        use rustpython_vm::class::PyClassImpl as _;
        crate::ring_io::RingIO::make_static_type()
    }

    /// Marks a constant; the compiler checks `NAME = const(expr)` itself.
    #[pyfunction(name = "const")]
    fn const_(value: PyObjectRef) -> PyObjectRef {
        value
    }

    /// MicroPython's native-code emitter; functions run as bytecode here.
    #[pyfunction]
    fn native(function: PyObjectRef) -> PyObjectRef {
        function
    }

    /// Forces MicroPython's bytecode emitter: what every function is here.
    #[pyfunction]
    fn bytecode(function: PyObjectRef) -> PyObjectRef {
        function
    }

    /// MicroPython's Viper emitter; functions run as bytecode here.
    #[pyfunction]
    fn viper(function: PyObjectRef) -> PyObjectRef {
        function
    }

    /// MicroPython's inline Thumb assembler; there is no Thumb CPU here, so
    /// the function is returned as it is.
    #[pyfunction]
    fn asm_thumb(function: PyObjectRef) -> PyObjectRef {
        function
    }

    /// Runs `function(argument)` soon, between two bytecodes of whatever
    /// runs then, after callbacks scheduled before it.
    #[pyfunction]
    fn schedule(function: PyObjectRef, argument: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        schedule_call(function, argument, vm)
    }

    /// Exceptions in interrupt handlers need no reserved memory here.
    #[pyfunction]
    fn alloc_emergency_exception_buf(_size: OptionalArg<PyObjectRef>) {}

    /// With an argument, sets the optimisation level for code compiled
    /// from now on (1 or more drops `assert`); without, returns it.
    #[pyfunction]
    fn opt_level(level: OptionalArg<u8>) -> Option<u8> {
        match level {
            OptionalArg::Present(level) => {
                OPT_LEVEL.store(level, Ordering::Relaxed);
                None
            }
            OptionalArg::Missing => Some(super::opt_level()),
        }
    }

    /// Prints stack and heap use, in MicroPython's layout.
    #[pyfunction]
    fn mem_info(_verbose: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        let used = memory::allocated_bytes();
        let free = memory::free_bytes();
        let text = format!(
            "stack: {} out of {}\nGC: total: {}, used: {}, free: {}\n",
            stack_use(),
            crate::run::VM_STACK_BYTES,
            used + free,
            used,
            free
        );
        crate::traceback::write_stdout(vm, &text)
    }

    /// Prints what MicroPython's qstr pool would show; the host VM interns
    /// strings itself and does not count them.
    #[pyfunction]
    fn qstr_info(_verbose: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        crate::traceback::write_stdout(
            vm,
            "qstr pool: interned by the host VM (RustPython), not counted\n",
        )
    }

    /// Bytes of native stack in use on the VM thread.
    #[pyfunction]
    fn stack_use() -> usize {
        super::stack_use()
    }

    /// Locks the heap (nested); returns nothing. pinloop tracks the depth
    /// but cannot make the host allocator refuse memory.
    #[pyfunction]
    fn heap_lock() {
        memory::heap_lock();
    }

    /// Undoes one `heap_lock`; returns the depth left.
    #[pyfunction]
    fn heap_unlock() -> usize {
        memory::heap_unlock()
    }

    /// The current `heap_lock` depth.
    #[pyfunction]
    fn heap_locked() -> usize {
        memory::heap_locked()
    }

    /// Sets the character that raises KeyboardInterrupt: -1 disables it,
    /// 3 is Ctrl-C; on a terminal any character can be chosen.
    #[pyfunction]
    fn kbd_intr(character: i32, vm: &VirtualMachine) -> PyResult<()> {
        crate::keyboard::check_interrupt_char(character, vm)?;
        if crate::device::is_device() {
            // The serial link's reader interrupts, not the host's SIGINT.
            crate::device::set_interrupt_char(character);
            return Ok(());
        }
        crate::keyboard::set_interrupt_char(character, vm)
    }
}
