//! The `micropython` module. `schedule` is real: callbacks queue on the VM
//! thread and run at the next safe point between bytecodes, through the
//! VM-call channel, one after another, never nested. The optimisation
//! decorators pass functions through (there is no native code emitter on a
//! host), and `opt_level` sets the optimisation the compiler applies to code
//! compiled afterwards (level 1 and up drop `assert`s, as in MicroPython).

use std::sync::atomic::{AtomicUsize, Ordering};

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::memory;

pub(crate) use micropython_module::module_def;

static STACK_BASE: AtomicUsize = AtomicUsize::new(0);

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
        crate::scheduler::schedule_call(function, argument, vm)
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
                crate::compile::set_opt_level(level);
                None
            }
            OptionalArg::Missing => Some(crate::compile::opt_level()),
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
            crate::memory::VM_STACK_BYTES,
            used + free,
            used,
            free
        );
        crate::stdio::write_stdout(vm, &text)
    }

    /// Prints what MicroPython's qstr pool would show; the host VM interns
    /// strings itself and does not count them.
    #[pyfunction]
    fn qstr_info(_verbose: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        crate::stdio::write_stdout(
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
        crate::keyboard::set_interrupt_char(character, vm)
    }
}
