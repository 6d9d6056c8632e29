//! The runtime an interpreter owns, driven from Rust: IRQ delivery on a
//! wired board (hard handlers inside the write, soft ones through the
//! scheduler, `disable_irq` holding them), the asyncio loop and a board
//! timer sharing the one wait on the virtual clock, and a second
//! interpreter in the same process starting on a fresh board and an empty
//! loop, with nothing of the first left.
//!
//! One process runs one VM at a time (RustPython's pending-signal flag is
//! process-wide), so the scenarios run in sequence inside one test.

mod common;
use common::on_vm_thread;

use pinloop_board::BoardDef;
use pinloop_vm::{
    compile,
    interp::{self, InterpConfig},
};
use rustpython_vm::VirtualMachine;

/// Runs `source` in `__main__` (made on the first run, kept after) and
/// returns what `result` holds, as repr.
fn run(vm: &VirtualMachine, source: &str) -> String {
    let outcome = (|| {
        let main = vm
            .sys_module
            .get_attr("modules", vm)?
            .get_item("__main__", vm);
        let scope = match main {
            Ok(main) => {
                let globals = main.get_attr("__dict__", vm)?.downcast().unwrap();
                rustpython_vm::scope::Scope::with_builtins(None, globals, vm)
            }
            Err(_) => vm.new_scope_with_main()?,
        };
        let code = compile::compile(vm, source, "<test>", compile::Mode::Exec)?;
        vm.run_code_obj(code, scope.clone())?;
        let result = scope.globals.get_item("result", vm)?;
        Ok(result.repr(vm)?.to_string())
    })();
    outcome.unwrap_or_else(|exc| panic!("{}", pinloop_vm::traceback::format_exception(vm, &exc)))
}

fn wired_board() -> BoardDef {
    let mut board = BoardDef::load("pyboard").unwrap();
    board.add_wire("X1=X2").unwrap();
    board
}

fn irq_delivery_on_a_wired_board() {
    pinloop_vm::hal::choose_board(wired_board());
    let interp = interp::build(&InterpConfig::default()).unwrap();
    let result = interp.enter(|vm| {
        run(
            vm,
            "import machine, micropython\n\
             seen = []\n\
             out = machine.Pin('X1', machine.Pin.OUT, value=0)\n\
             machine.Pin('X2', machine.Pin.IN).irq(lambda p: seen.append(('hard', p.value())), machine.Pin.IRQ_RISING, hard=True)\n\
             out.value(1)\n\
             seen.append('after the write')\n\
             out.value(0)\n\
             state = machine.disable_irq()\n\
             out.value(1)\n\
             out.value(0)\n\
             out.value(1)\n\
             seen.append('disabled')\n\
             machine.enable_irq(state)\n\
             result = seen\n",
        )
    });
    // The hard handler runs inside the write; edges held while disabled
    // come as one pending interrupt at enable_irq.
    assert_eq!(
        result,
        "[('hard', 1), 'after the write', 'disabled', ('hard', 1)]"
    );
    let result = interp.enter(|vm| {
        run(
            vm,
            "seen.clear()\n\
             machine.Pin('X2').irq(lambda p: seen.append('soft'), machine.Pin.IRQ_FALLING)\n\
             out.value(0)\n\
             seen.append('after the write')\n\
             import time\n\
             time.sleep_ms(1)\n\
             result = seen\n",
        )
    });
    // A soft handler runs at the next safe point after the write returns:
    // the scheduler's VM call, before the next statement.
    assert_eq!(result, "['soft', 'after the write']");
}

fn a_second_interpreter_starts_on_a_fresh_board() {
    // The first interpreter leaves a pin high and a handler attached.
    pinloop_vm::hal::choose_board(wired_board());
    let first = interp::build(&InterpConfig::default()).unwrap();
    let result = first.enter(|vm| {
        run(
            vm,
            "import machine\n\
             machine.Pin('X1', machine.Pin.OUT, value=1)\n\
             result = machine.Pin('X2').value()\n",
        )
    });
    assert_eq!(result, "1");
    drop(first);
    let second = interp::build(&InterpConfig::default()).unwrap();
    let result = second.enter(|vm| {
        run(
            vm,
            "import machine\n\
             result = (machine.Pin('X1').value(), machine.Pin('X2').value())\n",
        )
    });
    assert_eq!(result, "(0, 0)", "the pins start low on the new board");
}

fn a_second_interpreter_starts_with_an_empty_loop() {
    // The first leaves a task queued, an unfinished task awaiting an
    // Event, and a task parked on a ThreadSafeFlag.
    let first = interp::build(&InterpConfig::default()).unwrap();
    let result = first.enter(|vm| {
        run(
            vm,
            "import asyncio\n\
             event = asyncio.Event()\n\
             flag = asyncio.ThreadSafeFlag()\n\
             async def main():\n\
             \x20   asyncio.create_task(event.wait())\n\
             \x20   asyncio.create_task(flag.wait())\n\
             \x20   await asyncio.sleep(0)\n\
             \x20   asyncio.create_task(asyncio.sleep(1))\n\
             \x20   return len(asyncio.all_tasks())\n\
             result = asyncio.run(main())\n",
        )
    });
    assert_eq!(result, "4");
    drop(first);
    let second = interp::build(&InterpConfig::default()).unwrap();
    let result = second.enter(|vm| {
        run(
            vm,
            "import asyncio\n\
             async def main():\n\
             \x20   await asyncio.sleep_ms(20)\n\
             \x20   return len(asyncio.all_tasks())\n\
             result = asyncio.run(main())\n",
        )
    });
    assert_eq!(
        result, "1",
        "only main: the first runtime's tasks went with it"
    );
}

fn the_loop_and_timers_share_the_virtual_clock() {
    pinloop_sched::clock::configure(pinloop_sched::clock::ClockMode::Virtual, None);
    let interp = interp::build(&InterpConfig::default()).unwrap();
    let result = interp.enter(|vm| {
        run(
            vm,
            "import asyncio, machine, time\n\
             events = []\n\
             start = time.ticks_ms()\n\
             now = lambda: time.ticks_diff(time.ticks_ms(), start)\n\
             timer = machine.Timer(-1)\n\
             timer.init(mode=machine.Timer.PERIODIC, period=10, callback=lambda t: events.append(('timer', now())))\n\
             async def task(name, ms):\n\
             \x20   await asyncio.sleep_ms(ms)\n\
             \x20   events.append((name, now()))\n\
             async def main():\n\
             \x20   await asyncio.gather(task('a', 25), task('b', 5))\n\
             asyncio.run(main())\n\
             timer.deinit()\n\
             result = events\n",
        )
    });
    pinloop_sched::clock::configure(pinloop_sched::clock::ClockMode::Real, None);
    // The loop's idle wait jumps from deadline to deadline, the board's
    // timer among the tasks', and nothing takes real time.
    assert_eq!(
        result,
        "[('b', 5), ('timer', 10), ('timer', 20), ('a', 25)]"
    );
}

#[test]
fn the_runtime_delivers_irqs_and_starts_fresh_per_interpreter() {
    on_vm_thread(|| {
        irq_delivery_on_a_wired_board();
        a_second_interpreter_starts_on_a_fresh_board();
        a_second_interpreter_starts_with_an_empty_loop();
        the_loop_and_timers_share_the_virtual_clock();
    });
}
