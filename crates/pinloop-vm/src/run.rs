//! Running a program the way `python3` and MicroPython's `micropython` do:
//! a file, `-c` code, `-m` module, or standard input, on a VM thread with a
//! generous stack, then turning the outcome into an exit status.

use std::io::Read as _;

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine, builtins::PyBaseExceptionRef,
    builtins::PyUtf8StrRef, scope::Scope,
};

use crate::{compile, frozen_lib, interp, prompt, traceback};

/// The program to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// A script file (`-` is standard input).
    File(String),
    /// `-c CODE`.
    Code(String),
    /// `-m MODULE`.
    Module(String),
    /// Standard input read to its end (no FILE, stdin not a terminal).
    Stdin,
    /// Only the interactive prompt (no FILE, stdin a terminal).
    Prompt,
    /// `pinloop DIR`: a firmware folder, run as a board runs it
    /// (`project.rs`).
    Project(std::path::PathBuf),
}

/// What to run and how.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub program: Program,
    /// Arguments after FILE / CODE / MODULE: `sys.argv[1:]`.
    pub args: Vec<String>,
    /// `-i`: show the prompt after the program.
    pub inspect: bool,
    /// Entries of `MICROPYPATH`, searched after the script's folder.
    pub micropypath: Vec<String>,
    /// `--clock`.
    pub clock: pinloop_sched::clock::ClockMode,
    /// `--run-for`.
    pub run_for: Option<std::time::Duration>,
    /// `--board` with `--wire`s added; None: the default board.
    pub board: Option<pinloop_board::BoardDef>,
    /// `--pin-log FILE|-`.
    pub pin_log: Option<String>,
    /// `--vcd`, `--control`, `--signal`.
    pub backends: crate::hal::Backends,
    /// `--device LINK`: serve the REPL protocols on a pty instead of
    /// running a program.
    pub device: Option<std::path::PathBuf>,
    /// `--fs DIR`: the device's filesystem (default: a new folder).
    pub fs: Option<std::path::PathBuf>,
    /// `-X heapsize=N`: the heap limit in bytes (None: the default).
    pub heap_size: Option<u64>,
    /// `--seed N`: the seed of `random` and `os.urandom` (None: a fixed one
    /// on the virtual clock, else the system's).
    pub seed: Option<u64>,
    /// `--epoch`: seconds since the Unix epoch at which `time.time()`
    /// starts (None: the wall clock, or 2000-01-01 on the virtual clock).
    pub epoch: Option<i64>,
}

/// Exit status for a usage error or an unreadable script (as `python3`).
pub const EXIT_USAGE: i32 = 2;

/// Runs the program on a new VM thread and returns the process exit status.
pub fn run(options: RunOptions) -> i32 {
    crate::wait::on_run_for_end(stop_for_run_for);
    if let Some(link) = options.device.clone() {
        return run_device(options, link);
    }
    crate::heap_limit::configure(options.heap_size);
    crate::signals::leave_signals_to_other_threads();
    if matches!(options.program, Program::Project(_)) {
        crate::hal::reset::restart_on_reset();
    }
    // Each life of the program has a VM thread of its own, so a reset
    // starts from fresh thread-local state (asyncio, the board) as a
    // board's reset does; the clock, the outputs and the backends go on.
    let mut life = Life::First;
    loop {
        let options = options.clone();
        let Some(handle) = crate::memory::spawn_vm_thread(move || run_here(options, life)) else {
            return 1;
        };
        match handle.join() {
            Ok(Ended::Exit(status)) => return status,
            Ok(Ended::Reset) => life = Life::AfterReset,
            Err(_) => {
                crate::report!(
                    "pinloop: internal error: the VM thread panicked (please report this)"
                );
                return 1;
            }
        }
    }
}

/// Which life of the program a VM thread runs: the first sets up what the
/// process keeps (clock, seed, pin log, backends, watchers).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Life {
    First,
    AfterReset,
}

/// How a life ended.
enum Ended {
    /// The run is over, with this exit status.
    Exit(i32),
    /// A project's `machine.reset()`/`soft_reset()`: the board starts again.
    Reset,
}

/// `--epoch` and `--seed` (a fixed seed on the virtual clock), before any
/// program runs; shared by script, project and device runs.
fn configure_time_and_seed(options: &RunOptions) {
    let virtual_clock = options.clock == pinloop_sched::clock::ClockMode::Virtual;
    crate::seed::configure(
        options
            .seed
            .or(virtual_clock.then_some(crate::seed::VIRTUAL_CLOCK_SEED)),
    );
    if let Some(seconds) = options.epoch {
        crate::clock::set_epoch(seconds);
    }
}

/// `--device LINK`: runs until a signal stops the process.
fn run_device(options: RunOptions, link: std::path::PathBuf) -> i32 {
    crate::heap_limit::configure(options.heap_size);
    configure_time_and_seed(&options);
    let backends = &options.backends;
    if backends.gpio_chip.is_some() {
        // A soft reset replaces the process, which would hand the GPIO
        // lines over mid-run.
        crate::report!("pinloop: --device does not combine with --gpio yet");
        return EXIT_USAGE;
    }
    pinloop_sched::clock::configure(options.clock, options.run_for);
    if let Some(target) = &options.pin_log
        && let Err(message) = crate::hal::open_pin_log(target, crate::device::resume::is_resuming())
    {
        crate::report!("pinloop: --pin-log {target}: {message}");
        return EXIT_USAGE;
    }
    let fs = match options.fs.clone() {
        Some(dir) if dir.is_dir() => dir,
        Some(dir) => {
            crate::report!("pinloop: --fs {}: not a folder", dir.display());
            return EXIT_USAGE;
        }
        None => {
            let dir = std::env::temp_dir().join(format!("pinloop-fs-{}", std::process::id()));
            if let Err(err) = std::fs::create_dir_all(&dir) {
                crate::report!(
                    "pinloop: cannot create the device's filesystem {}: {err}",
                    dir.display()
                );
                return 1;
            }
            dir
        }
    };
    let fs = fs.canonicalize().unwrap_or(fs);
    // The process's own SIGINT/SIGTERM/SIGHUP stop the device cleanly.
    let stop_link = link.clone();
    match signal_hook::iterator::Signals::new([libc::SIGINT, libc::SIGTERM, libc::SIGHUP]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    let _ = std::fs::remove_file(&stop_link);
                    // The VM thread writes the VCD (its board holds the
                    // recording); a VM busy in native code gets 2 s.
                    if let Some(caller) = crate::vm_calls::current() {
                        let (done, finished) = std::sync::mpsc::channel();
                        let _ = caller.call("termination", move |vm| {
                            crate::hal::finish(vm);
                            let _ = done.send(());
                            Ok(())
                        });
                        let _ = finished.recv_timeout(std::time::Duration::from_secs(2));
                    }
                    crate::hal::finish_from_thread();
                    std::process::exit(0);
                }
            });
        }
        Err(err) => crate::report!("pinloop: --device: cannot watch signals: {err}"),
    }
    let config = interp::InterpConfig {
        argv: vec![String::new()],
        path: vec![fs.to_string_lossy().into_owned()],
        no_signal_handlers: true,
    };
    crate::device::run(
        crate::device::DeviceOptions {
            link,
            fs,
            board: options.board.clone(),
            backends: options.backends.clone(),
        },
        config,
    )
}

/// Source and file name of the program, read before the VM starts so a
/// missing file costs no interpreter.
enum Loaded {
    Source { source: String, file_name: String },
    Module(String),
    Prompt,
    Project(std::path::PathBuf),
}

fn load(program: &Program) -> Result<Loaded, String> {
    Ok(match program {
        Program::File(path) if path == "-" => Loaded::Source {
            source: read_stdin()?,
            file_name: "<stdin>".into(),
        },
        Program::File(path) => match read_bounded(std::fs::File::open(path)) {
            Ok(bytes) => Loaded::Source {
                source: String::from_utf8(bytes).map_err(|err| {
                    format!(
                        "pinloop: can't run file '{path}': not UTF-8 text (invalid byte at offset {})",
                        err.utf8_error().valid_up_to()
                    )
                })?,
                file_name: path.clone(),
            },
            Err(err) => return Err(format!("pinloop: can't open file '{path}': {}", describe_io(&err))),
        },
        Program::Code(code) => Loaded::Source {
            source: code.clone(),
            file_name: "<string>".into(),
        },
        Program::Stdin => Loaded::Source {
            source: read_stdin()?,
            file_name: "<stdin>".into(),
        },
        Program::Module(name) => Loaded::Module(name.clone()),
        Program::Prompt => Loaded::Prompt,
        Program::Project(dir) => {
            crate::project::check(dir)?;
            Loaded::Project(dir.canonicalize().unwrap_or_else(|_| dir.clone()))
        }
    })
}

/// The largest program pinloop reads (a board's flash holds far less; this
/// bounds what `pinloop /dev/zero` can take).
const MAX_PROGRAM_BYTES: u64 = 16 << 20;

/// Reads at most [`MAX_PROGRAM_BYTES`], or says it is larger.
fn read_bounded(source: std::io::Result<impl std::io::Read>) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    source?
        .take(MAX_PROGRAM_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_PROGRAM_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} MiB: a program is text of a sane size",
            MAX_PROGRAM_BYTES >> 20
        )));
    }
    Ok(bytes)
}

fn read_stdin() -> Result<String, String> {
    let bytes = read_bounded(Ok(std::io::stdin()))
        .map_err(|err| format!("pinloop: can't read standard input: {}", describe_io(&err)))?;
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "pinloop: can't read standard input: not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}

/// `[Errno 2] No such file or directory`, as Python words an OSError.
fn describe_io(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(errno) => {
            let text = err.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            format!("[Errno {errno}] {text}")
        }
        None => err.to_string(),
    }
}

fn run_here(options: RunOptions, life: Life) -> Ended {
    crate::micropython::record_stack_base();
    let first = life == Life::First;
    if first {
        pinloop_sched::clock::configure(options.clock, options.run_for);
        configure_time_and_seed(&options);
    }
    if let Some(board) = options.board.clone() {
        crate::hal::choose_board(board);
    }
    if first
        && let Some(target) = &options.pin_log
        && let Err(message) = crate::hal::open_pin_log(target, false)
    {
        crate::report!("pinloop: --pin-log {target}: {message}");
        return Ended::Exit(EXIT_USAGE);
    }
    let loaded = match load(&options.program) {
        Ok(loaded) => loaded,
        Err(message) => {
            crate::report!("{message}");
            return Ended::Exit(EXIT_USAGE);
        }
    };
    let (argv0, script_dir) = match &options.program {
        Program::File(path) if path != "-" => (path.clone(), parent_dir(path)),
        Program::File(_) => ("-".into(), String::new()),
        Program::Code(_) => ("-c".into(), String::new()),
        Program::Module(_) => ("-m".into(), String::new()),
        Program::Stdin | Program::Prompt => (String::new(), String::new()),
        Program::Project(dir) => (dir.to_string_lossy().into_owned(), String::new()),
    };
    let mut argv = vec![argv0];
    argv.extend(options.args.iter().cloned());
    let mut path = vec![script_dir];
    path.extend(options.micropypath.iter().cloned());
    let config = interp::InterpConfig {
        argv,
        path,
        no_signal_handlers: false,
    };
    let runtime = match interp::build(&config) {
        Ok(built) => built,
        Err(traceback) => {
            crate::report!(
                "pinloop: interpreter setup failed\n{}",
                traceback.trim_end()
            );
            return Ended::Exit(1);
        }
    };
    crate::signals::take_signals_here();
    crate::heap_limit::count_from_here();
    if first {
        crate::termination::watch();
        if let Err(message) = crate::hal::start_backends(&options.backends) {
            crate::report!("pinloop: {message}");
            runtime.enter(shutdown);
            return Ended::Exit(EXIT_USAGE);
        }
        watch_run_for();
    }

    let outcome = runtime.enter(|vm| {
        crate::hal::attach_board_devices(vm)?;
        match &loaded {
            Loaded::Source { source, file_name } => run_source(vm, source, file_name),
            Loaded::Module(name) => run_module(vm, name),
            Loaded::Prompt => Ok(()),
            Loaded::Project(dir) => crate::project::run(vm, dir),
        }
    });
    // The program ends here unless the prompt follows (no program, or -i
    // after anything but sys.exit).
    let system_exit = matches!(&outcome, Err(exc) if runtime.enter(|vm| is_system_exit(vm, exc)));
    if system_exit && let Some(reset) = crate::hal::reset::take_request() {
        runtime.enter(|vm| announce_reset(vm, reset));
        crate::hal::carry_over_reset();
        crate::hal::reset::note_restart(reset);
        return Ended::Reset;
    }
    let prompt_follows = matches!(loaded, Loaded::Prompt) || (options.inspect && !system_exit);
    let exiting = !prompt_follows;
    if exiting {
        crate::vm_calls::close();
    }
    let (mut status, exited) = runtime.enter(|vm| exit_status(vm, outcome));
    let show_prompt = matches!(loaded, Loaded::Prompt) || (options.inspect && !exited);
    if show_prompt {
        let banner = matches!(loaded, Loaded::Prompt);
        let outcome = runtime.enter(|vm| {
            if crate::terminal_repl::on_terminal() {
                crate::terminal_repl::run(vm, if banner { prompt::BANNER } else { "" })
            } else {
                prompt::run(vm, banner)
            }
        });
        status = runtime.enter(|vm| exit_status(vm, outcome)).0;
    }
    if !runtime.enter(shutdown) && status == 0 {
        status = 1;
    }
    Ended::Exit(status)
}

/// The line a board prints as it restarts (a soft reset's is MicroPython's
/// own), after what the program wrote is flushed.
fn announce_reset(vm: &VirtualMachine, reset: crate::hal::reset::Reset) {
    crate::stdio::flush(vm);
    match reset {
        crate::hal::reset::Reset::Soft => {
            let _ = crate::stdio::write_stdout_now(vm, "MPY: soft reboot\n");
        }
        crate::hal::reset::Reset::Watchdog => {
            crate::stdio::write_stderr(
                vm,
                "pinloop: the watchdog (machine.WDT) was not fed in time: the board restarts (boot.py, main.py)\n",
            );
        }
        crate::hal::reset::Reset::DeepSleep => {
            crate::stdio::write_stderr(
                vm,
                "pinloop: machine.deepsleep() ended: the board wakes (boot.py, main.py)\n",
            );
        }
        crate::hal::reset::Reset::Hard => {
            crate::stdio::write_stderr(
                vm,
                "pinloop: machine.reset(): the board restarts (boot.py, main.py)\n",
            );
        }
    }
}

/// The folder of a script as written on the command line (`""` for the
/// current one), so tracebacks of imported modules show short paths.
fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => path[..i].to_owned(),
        None => String::new(),
    }
}

/// Runs source as the `__main__` module.
fn run_source(vm: &VirtualMachine, source: &str, file_name: &str) -> PyResult<()> {
    let scope = main_scope(vm, (!file_name.starts_with('<')).then_some(file_name))?;
    let code = compile::compile(vm, source, file_name, compile::Mode::Exec)?;
    vm.run_code_obj(code, scope)?;
    Ok(())
}

/// A fresh `__main__` module, registered in `sys.modules`.
pub(crate) fn main_scope(vm: &VirtualMachine, file: Option<&str>) -> PyResult<Scope> {
    let scope = vm.new_scope_with_main()?;
    if let Some(file) = file {
        scope
            .globals
            .set_item("__file__", vm.ctx.new_str(file).into(), vm)?;
    }
    Ok(scope)
}

/// `-m NAME`: finds the module (a package runs its `__main__`) through the
/// import system without importing it, then runs it as `__main__`.
fn run_module(vm: &VirtualMachine, name: &str) -> PyResult<()> {
    let mut spec = find_spec(vm, name)?;
    let mut module_name = name.to_owned();
    let locations = spec.get_attr("submodule_search_locations", vm)?;
    if !vm.is_none(&locations) {
        module_name = format!("{name}.__main__");
        spec = find_spec(vm, &module_name)?;
    }
    let origin = spec.get_attr("origin", vm)?;
    let origin: Option<PyUtf8StrRef> = if vm.is_none(&origin) {
        None
    } else {
        Some(origin.try_into_value(vm)?)
    };
    let loader = spec.get_attr("loader", vm)?;
    let ours = vm.import("_pinloop_import", 0)?;
    let loader_state = spec.get_attr("loader_state", vm)?;
    let code = if loader.is(&ours) {
        let origin = origin.clone().ok_or_else(|| {
            vm.new_import_error(format!("{module_name} has no code"), vm.ctx.new_str(name))
        })?;
        let source = match frozen_lib::find(&module_name) {
            Some(frozen) if !vm.is_none(&loader_state) => frozen.source.to_owned(),
            _ => std::fs::read_to_string(origin.as_str())
                .map_err(|err| vm.new_os_error(format!("can't read {origin}: {err}")))?,
        };
        compile::compile(vm, &source, origin.as_str(), compile::Mode::Exec)?
    } else {
        vm.call_method(&loader, "get_code", (vm.ctx.new_str(module_name.as_str()),))?
            .try_into_value(vm)?
    };
    let argv0 = origin
        .as_ref()
        .map(|o| o.as_str().to_owned())
        .unwrap_or_else(|| module_name.clone());
    let argv = vm.sys_module.get_attr("argv", vm)?;
    vm.call_method(&argv, "__setitem__", (0, vm.ctx.new_str(argv0)))?;
    let scope = main_scope(vm, origin.as_ref().map(|o| o.as_str()))?;
    scope.globals.set_item("__spec__", spec, vm)?;
    vm.run_code_obj(code, scope)?;
    Ok(())
}

/// `importlib.util.find_spec` without importing importlib.util: imports the
/// parent package, then asks the meta path finders.
fn find_spec(vm: &VirtualMachine, name: &str) -> PyResult<PyObjectRef> {
    let parent_path = match name.rsplit_once('.') {
        Some((parent, _)) => {
            let parent = vm.ctx.new_str(parent);
            vm.import(&*parent, 0)?;
            let parent = vm
                .sys_module
                .get_attr("modules", vm)?
                .get_item(&*parent, vm)?;
            parent.get_attr("__path__", vm).ok()
        }
        None => None,
    };
    let bootstrap = vm.import("_frozen_importlib", 0)?;
    let spec = vm.call_method(
        &bootstrap,
        "_find_spec",
        (vm.ctx.new_str(name), parent_path),
    )?;
    if vm.is_none(&spec) {
        // As python3 -m: a one-line message and status 1, no traceback.
        crate::stdio::write_stderr(vm, &format!("pinloop: No module named {name}\n"));
        let status = vm.ctx.new_int(1).into();
        return Err(vm.new_exception(vm.ctx.exceptions.system_exit.to_owned(), vec![status]));
    }
    Ok(spec)
}

/// Exit status of a program ended by an uncaught KeyboardInterrupt, as
/// MicroPython's unix port (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// The exit status an outcome gives, and whether it was a `SystemExit`.
/// Anything else uncaught is printed as MicroPython prints it: status 1,
/// or 130 for KeyboardInterrupt.
pub(crate) fn exit_status(vm: &VirtualMachine, outcome: PyResult<()>) -> (i32, bool) {
    match outcome {
        Ok(()) => (0, false),
        Err(exc) if is_system_exit(vm, &exc) => (vm.handle_exit_exception(exc) as i32, true),
        Err(exc) => {
            traceback::print_exception(vm, &exc);
            let interrupted = exc.fast_isinstance(vm.ctx.exceptions.keyboard_interrupt);
            (if interrupted { EXIT_INTERRUPTED } else { 1 }, false)
        }
    }
}

pub(crate) fn is_system_exit(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> bool {
    exc.fast_isinstance(vm.ctx.exceptions.system_exit)
}

/// Ends the program at the `--run-for` limit: output flushed, `atexit`
/// handlers run, exit status 0, and no exception thrown into Python code.
pub fn stop_for_run_for(vm: &VirtualMachine) -> ! {
    let complete = shutdown(vm);
    std::process::exit(if complete { 0 } else { 1 });
}

/// How often the `--run-for` thread looks again for the program's first
/// wait once the limit has passed.
const FIRST_WAIT_POLL_US: u64 = 10_000;

/// On the real clock, busy code is still stopped at the `--run-for` limit:
/// a thread sends the stop between two bytecodes, once the program has
/// waited for the first time (top-level code always runs to its first
/// wait, as on the virtual clock, however long start-up took).
fn watch_run_for() {
    let Some(limit) = pinloop_sched::clock::run_for_limit_us() else {
        return;
    };
    if pinloop_sched::clock::is_virtual() {
        return; // Virtual time only moves when the program waits.
    }
    let _ = std::thread::Builder::new()
        .name("pinloop-run-for".into())
        .spawn(move || {
            loop {
                let now = pinloop_sched::clock::real_now_us();
                if now >= limit && pinloop_sched::clock::has_waited() {
                    break;
                }
                let left = limit.saturating_sub(now).max(FIRST_WAIT_POLL_US);
                std::thread::sleep(std::time::Duration::from_micros(left));
            }
            // The VM of the program's current life (a project's reset
            // builds a new one).
            if let Some(caller) = crate::vm_calls::current() {
                let _ = caller.call("--run-for", |vm| stop_for_run_for(vm));
            }
        });
}

/// Runs `atexit` functions, then [`finish_outputs`]. False if some of
/// pinloop's own output was lost (the exit status is then 1).
fn shutdown(vm: &VirtualMachine) -> bool {
    if let Ok(atexit) = vm.import("atexit", 0) {
        let _ = vm.call_method(&atexit, "_run_exitfuncs", ());
    }
    finish_outputs(vm)
}

/// Completes what the program leaves behind: the terminal restored, the
/// VCD written, the control socket removed, Python's stdout and stderr
/// flushed. False if the VCD or the pin log could not be written.
pub(crate) fn finish_outputs(vm: &VirtualMachine) -> bool {
    crate::keyboard::restore_terminal();
    let complete = crate::hal::finish(vm);
    crate::stdio::flush(vm);
    complete
}
