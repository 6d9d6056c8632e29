//! The command line, in the conventions of `python3` and MicroPython's
//! `micropython`: options come first; FILE, `-c CODE` or `-m MODULE` ends
//! them, and every later word goes to the program as `sys.argv[1:]`.

use std::time::Duration;

use pinloop_board::BoardDef;
use pinloop_vm::{ClockMode, Program, RunOptions};

pub const USAGE: &str = "usage: pinloop [OPTIONS] [FILE | DIR | -c CODE | -m MODULE | -] [ARGS]...";

pub const HELP: &str = "\
pinloop: MicroPython-compatible asyncio, run and tested off the board.

usage: pinloop [OPTIONS] [FILE | DIR | -c CODE | -m MODULE | -] [ARGS]...
       pinloop pin [--control PATH] NAME [0|1|press|release|high|low|toggle]

  FILE          run the script FILE; ARGS become sys.argv[1:]
  DIR           run a firmware folder as a board does: DIR is its /, with
                /lib on sys.path; boot.py, then main.py
  -             run the program read from standard input
  -c CODE       run CODE (sys.argv[0] is '-c')
  -m MODULE     run MODULE from the module search path as __main__
  (none)        read a program from standard input, or show a prompt
                when standard input is a terminal

options:
  --clock real|virtual
                the clock time.* and asyncio read (default real, or
                PINLOOP_CLOCK): virtual time stands still while code runs
                and jumps to the next deadline when everything waits, so
                a demo of minutes finishes at once with the same output
  --run-for S   stop after S seconds of that clock: nothing due at or after
                S runs, output is flushed, the exit status is 0
  --board NAME|PATH
                the simulated board: pyboard, generic, circuitpython, rp2,
                esp32, or a board file (.toml); default: the Pyboard's LEDs and switch,
                and any other pin name is created on first use
  --wire A=B    join pins A and B into one net (repeatable)
  --i2c BUS:ADDRESS=MODEL[,SETTING=VALUE...]
                attach a simulated device to an I2C bus (repeatable):
                1:0x40=htu21d; MODEL is a shipped chip (aht20, at24c32,
                at24c256, bme280, ds3231, htu21d, mpu6050, ssd1306) or
                path.py:Class, a device written in Python
                (docs/devices.md); settings set its attributes
  --spi BUS:CSPIN=MODEL[,SETTING=VALUE...]
                attach a simulated device to an SPI bus, selected by
                CSPIN: 1:X5=ssd1306,dc=X4
  --pin-log FILE|-
                write a line per output change, '<seconds> <PIN> <0|1>',
                to FILE or (-) standard output, in order with the output
  --vcd FILE    record every pin's level as a Value Change Dump (GTKWave,
                PulseView, Surfer), written when the program ends
  --uart ID=SPEC
                carry the board's UART ID outside (repeatable): ID=listen:PORT
                (or HOST:PORT) waits for a client, ID=tcp:HOST:PORT connects
                (another pinloop's listen:), ID=serial:PATH opens a serial
                device, ID=pty:LINK makes a pseudo-terminal (LINK a symlink
                to it); what UART(ID) sends goes out, what comes in it reads
  --display-png DIR
                when the program ends, save what each simulated display
                (the ssd1306 model) shows as DIR/<model>-<place>.png
  --control PATH
                serve a Unix socket through which 'pinloop pin' drives
                and reads pins while the script runs
  --signal SIG=PIN:ACTION
                a host signal acts on a pin (repeatable): USR1=USR:press
                makes 'kill -USR1 <pid>' press the USR switch for 100 ms;
                ACTION is press, release, toggle, high or low
  --gpio /dev/gpiochipN
                mirror the board's mapped pins onto real GPIO lines (board
                file [[gpio]] entries, or --gpio-line): outputs drive the
                lines, input edges run the pins' interrupt handlers
  --device LINK be a board on a serial port: create a pseudo-terminal, with
                LINK a symlink to it, speaking MicroPython's REPL protocols
                (friendly, raw, raw-paste; Ctrl-D soft reset), so mpremote
                can connect to LINK; boot.py and main.py run at start and
                after each soft reset
  --epoch DATE  the date and time (UTC, 2000-01-01 or 2024-06-30T12:00)
                at which time.time() starts; default: the wall clock, or
                2000-01-01 on the virtual clock, as a board counts
  --seed N      random and os.urandom draw the same numbers every run
                (the virtual clock seeds them with a fixed N by default)
  --fs DIR      the device's filesystem: DIR is its / (default: a new
                folder, its path printed on stderr)
  --gpio-line NAME=OFFSET
                map pin NAME to line OFFSET of the --gpio chip (repeatable)
  -i            show an interactive prompt after the program has run
  -X heapsize=N[k|m|g]
                the heap limit, as MicroPython's unix port: allocating past
                it raises MemoryError (default 4g, or less under ulimit -v)
  -X emit=bytecode|native|viper
                accepted for MicroPython's test runner; all code runs as
                bytecode
  -h, --help    show this help and exit
  -V, --version show pinloop's version and exit
  --            end of options: the next word is FILE

environment:
  MICROPYPATH   colon-separated folders searched for modules after the
                script's folder and before pinloop's frozen modules
  PINLOOP_CLOCK real or virtual, when --clock is not given
  PINLOOP_CONTROL
                the control socket, when --control is not given (for the
                script and for 'pinloop pin')
  PINLOOP_TICKS_BITS
                the ticks period is 2**N (default 30, as on a board)

exit status: 0 on success, 1 for an uncaught exception, 130 for an
uncaught KeyboardInterrupt, 2 for a usage error, n for SystemExit(n).
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Box<RunRequest>),
    Help,
    Version,
}

/// A program to run, before the environment is consulted.
#[derive(Debug, PartialEq, Eq)]
pub struct RunRequest {
    /// None: no FILE, `-c` or `-m` was given.
    pub program: Option<Program>,
    pub args: Vec<String>,
    pub inspect: bool,
    /// `--clock`; None leaves it to `PINLOOP_CLOCK`.
    pub clock: Option<ClockMode>,
    /// `--run-for`.
    pub run_for: Option<Duration>,
    /// `--board`.
    pub board: Option<String>,
    /// `--wire`s, in order.
    pub wires: Vec<String>,
    /// `--i2c` and `--spi` devices, in order.
    pub i2c_devices: Vec<String>,
    pub spi_devices: Vec<String>,
    /// `--pin-log`.
    pub pin_log: Option<String>,
    /// `--vcd`.
    pub vcd: Option<String>,
    /// `--display-png`.
    pub display_png: Option<String>,
    /// `--uart`s, in order.
    pub uart_links: Vec<String>,
    /// `--control`; None leaves it to `PINLOOP_CONTROL`.
    pub control: Option<String>,
    /// `--signal`s, in order.
    pub signals: Vec<String>,
    /// `--gpio`.
    pub gpio: Option<String>,
    /// `--gpio-line`s.
    pub gpio_lines: Vec<String>,
    /// `--device`.
    pub device: Option<String>,
    /// `--fs`.
    pub fs: Option<String>,
    /// `-X heapsize=N`: the heap limit in bytes.
    pub heap_size: Option<u64>,
    /// `--epoch`: seconds since the Unix epoch.
    pub epoch: Option<i64>,
    /// `--seed`.
    pub seed: Option<u64>,
}

/// A usage error: the message, without the usage line.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl UsageError {
    /// False for a problem with a board (a file's contents, or a name
    /// that is no board): the usage line would not help with it.
    pub fn is_about_the_command_line(&self) -> bool {
        !self.0.starts_with("--board ")
    }
}

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let mut inspect = false;
    let mut clock = None;
    let mut run_for = None;
    let mut board = None;
    let mut wires = Vec::new();
    let mut i2c_devices = Vec::new();
    let mut spi_devices = Vec::new();
    let mut pin_log = None;
    let mut vcd = None;
    let mut display_png = None;
    let mut uart_links = Vec::new();
    let mut control = None;
    let mut signals = Vec::new();
    let mut gpio = None;
    let mut gpio_lines = Vec::new();
    let mut device = None;
    let mut fs = None;
    let mut heap_size = None;
    let mut epoch = None;
    let mut seed = None;
    while let Some(arg) = args.next() {
        let program = match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--" => args.next().map(Program::File),
            "-" => Some(Program::File(arg)),
            long if long.starts_with("--") => {
                let (name, attached) = match long.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_owned())),
                    None => (long, None),
                };
                let mut value = || {
                    attached
                        .clone()
                        .or_else(|| args.next())
                        .ok_or_else(|| UsageError(format!("option {name} needs an argument")))
                };
                // Options naming a file or a folder: an empty one is a
                // mistake (an unset shell variable), not the current folder.
                let mut path = || {
                    value().and_then(|v| {
                        if v.is_empty() {
                            Err(UsageError(format!(
                                "option {name} needs a path, not an empty string"
                            )))
                        } else {
                            Ok(v)
                        }
                    })
                };
                match name {
                    "--clock" => clock = Some(parse_clock(&value()?, "--clock")?),
                    "--run-for" => run_for = Some(parse_seconds(&value()?)?),
                    "--board" => board = Some(path()?),
                    "--wire" => wires.push(value()?),
                    "--i2c" => i2c_devices.push(value()?),
                    "--spi" => spi_devices.push(value()?),
                    "--pin-log" => pin_log = Some(path()?),
                    "--vcd" => vcd = Some(path()?),
                    "--display-png" => display_png = Some(path()?),
                    "--uart" => uart_links.push(value()?),
                    "--control" => control = Some(path()?),
                    "--signal" => signals.push(value()?),
                    "--gpio" => gpio = Some(path()?),
                    "--gpio-line" => gpio_lines.push(value()?),
                    "--device" => device = Some(path()?),
                    "--fs" => fs = Some(path()?),
                    "--epoch" => epoch = Some(parse_epoch(&value()?)?),
                    "--seed" => {
                        let text = value()?;
                        seed = Some(text.parse::<u64>().map_err(|_| {
                            UsageError(format!(
                                "--seed takes a whole number from 0 to {}, not {text:?}",
                                u64::MAX
                            ))
                        })?);
                    }
                    _ => return Err(UsageError(format!("unknown option {long}"))),
                }
                continue;
            }
            short if short.starts_with('-') => {
                match parse_short_flags(&short[1..], &mut args, &mut inspect, &mut heap_size)? {
                    Some(program) => Some(program),
                    None => continue,
                }
            }
            _ => Some(Program::File(arg)),
        };
        return Ok(Command::Run(Box::new(RunRequest {
            program,
            args: args.collect(),
            inspect,
            clock,
            run_for,
            board,
            wires,
            i2c_devices,
            spi_devices,
            pin_log,
            vcd,
            display_png,
            uart_links,
            control,
            signals,
            gpio,
            gpio_lines,
            device,
            fs,
            heap_size,
            epoch,
            seed,
        })));
    }
    Ok(Command::Run(Box::new(RunRequest {
        program: None,
        args: Vec::new(),
        inspect,
        clock,
        run_for,
        board,
        wires,
        i2c_devices,
        spi_devices,
        pin_log,
        vcd,
        display_png,
        uart_links,
        control,
        signals,
        gpio,
        gpio_lines,
        device,
        fs,
        heap_size,
        epoch,
        seed,
    })))
}

/// `--epoch YYYY-MM-DD[THH:MM[:SS]]` (UTC) as seconds since 1970.
fn parse_epoch(value: &str) -> Result<i64, UsageError> {
    let bad = || {
        UsageError(format!(
            "--epoch takes a date and time in UTC such as 2000-01-01 or 2024-06-30T12:00:00, not {value:?}"
        ))
    };
    let text = value.strip_suffix('Z').unwrap_or(value);
    let (date, time) = text.split_once(['T', ' ']).unwrap_or((text, "00:00:00"));
    let numbers = |part: &str, sep: char| -> Result<Vec<i64>, UsageError> {
        part.split(sep)
            .map(|n| n.parse::<i64>().map_err(|_| bad()))
            .collect()
    };
    let date = numbers(date, '-')?;
    let time = numbers(time, ':')?;
    let [year, month, day] = date[..] else {
        return Err(bad());
    };
    let (hour, minute, second) = match time[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return Err(bad()),
    };
    let days_in_month = [
        31,
        28 + i64::from(is_leap(year)),
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month[(month - 1).clamp(0, 11) as usize]).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..60).contains(&second);
    if !valid {
        return Err(bad());
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian
/// calendar (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn parse_clock(value: &str, source: &str) -> Result<ClockMode, UsageError> {
    match value {
        "real" => Ok(ClockMode::Real),
        "virtual" => Ok(ClockMode::Virtual),
        other => Err(UsageError(format!(
            "{source} must be real or virtual, not {other:?}"
        ))),
    }
}

/// The longest `--run-for` (about 31 years): the limit is kept in
/// microseconds.
const MAX_RUN_FOR_SECONDS: f64 = 1e9;

fn parse_seconds(value: &str) -> Result<Duration, UsageError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| *s <= MAX_RUN_FOR_SECONDS)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            UsageError(format!(
                "--run-for takes a number of seconds from 0 to {MAX_RUN_FOR_SECONDS:.0}, \
                 not {value:?}"
            ))
        })
}

/// One word of short flags (`-i`, `-ic CODE`, `-cCODE`): returns the
/// program when the word ends the options.
fn parse_short_flags(
    flags: &str,
    rest: &mut impl Iterator<Item = String>,
    inspect: &mut bool,
    heap_size: &mut Option<u64>,
) -> Result<Option<Program>, UsageError> {
    for (i, flag) in flags.char_indices() {
        match flag {
            'i' => *inspect = true,
            'X' => {
                let attached = &flags[i + 1..];
                let value = if attached.is_empty() {
                    rest.next()
                        .ok_or_else(|| UsageError("option -X needs an argument".to_owned()))?
                } else {
                    attached.to_owned()
                };
                if let Some(size) = parse_x_option(&value)? {
                    *heap_size = Some(size);
                }
                return Ok(None);
            }
            'c' | 'm' => {
                let attached = &flags[i + 1..];
                let value = if attached.is_empty() {
                    rest.next()
                        .ok_or_else(|| UsageError(format!("option -{flag} needs an argument")))?
                } else {
                    attached.to_owned()
                };
                return Ok(Some(if flag == 'c' {
                    Program::Code(value)
                } else {
                    Program::Module(value)
                }));
            }
            other => return Err(UsageError(format!("unknown option -{other}"))),
        }
    }
    Ok(None)
}

/// One `-X` option of MicroPython's unix port: `heapsize=N[k|m|g]` gives
/// the heap limit; `emit=bytecode|native|viper` is accepted (pinloop runs
/// every emitter's code as bytecode, as `@micropython.native` does).
fn parse_x_option(value: &str) -> Result<Option<u64>, UsageError> {
    if let Some(emitter) = value.strip_prefix("emit=") {
        return match emitter {
            "bytecode" | "native" | "viper" => Ok(None),
            other => Err(UsageError(format!(
                "-X emit= takes bytecode, native or viper, not {other:?}"
            ))),
        };
    }
    let Some(size) = value.strip_prefix("heapsize=") else {
        return Err(UsageError(format!(
            "unknown -X option {value:?}: pinloop knows -X heapsize=N[k|m|g] and -X emit=bytecode"
        )));
    };
    let (digits, scale) = match size.char_indices().last() {
        Some((at, 'k' | 'K')) => (&size[..at], 1u64 << 10),
        Some((at, 'm' | 'M')) => (&size[..at], 1 << 20),
        Some((at, 'g' | 'G')) => (&size[..at], 1 << 30),
        _ => (size, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|&bytes| bytes >= MIN_HEAP_BYTES)
        .map(Some)
        .ok_or_else(|| {
            UsageError(format!(
                "-X heapsize= takes a size of at least 64k such as 256k, 16m or 2g, not {size:?}"
            ))
        })
}

/// The smallest heap `-X heapsize` accepts: below it the interpreter's own
/// start-up would not fit.
const MIN_HEAP_BYTES: u64 = 64 << 10;

/// Completes a request with what the environment decides.
pub fn into_run_options(
    request: RunRequest,
    stdin_is_terminal: bool,
) -> Result<RunOptions, UsageError> {
    let board = board_of(&request)?;
    let program = match request.program {
        Some(Program::File(path)) if path != "-" && std::path::Path::new(&path).is_dir() => {
            Program::Project(path.into())
        }
        Some(program) => program,
        None if stdin_is_terminal => Program::Prompt,
        None => Program::Stdin,
    };
    if request.fs.is_some() && request.device.is_none() {
        return Err(UsageError(
            "--fs DIR is the filesystem of a --device; to run a firmware folder as a board \
             does (boot.py, main.py, /lib inside it), give the folder: pinloop DIR"
                .into(),
        ));
    }
    let clock = match request.clock {
        Some(clock) => clock,
        None => match std::env::var("PINLOOP_CLOCK") {
            Ok(value) if !value.is_empty() => parse_clock(&value, "PINLOOP_CLOCK")?,
            _ => ClockMode::Real,
        },
    };
    let signals: Vec<pinloop_vm::hal::host_signals::SignalAction> = request
        .signals
        .iter()
        .map(|spec| pinloop_vm::hal::host_signals::parse(spec))
        .collect::<Result<_, _>>()
        .map_err(UsageError)?;
    // A signal's pin is checked now, not when the signal comes.
    if let Some(def) = &board {
        for (spec, signal) in request.signals.iter().zip(&signals) {
            if def.stimulus_pin(&signal.pin).is_none() {
                return Err(UsageError(format!(
                    "--signal {spec}: unknown pin '{}'; {}",
                    signal.pin,
                    def.valid_choices()
                )));
            }
        }
    }
    Ok(RunOptions {
        program,
        args: request.args,
        inspect: request.inspect,
        micropypath: std::env::var("MICROPYPATH")
            .map(|value| value.split(':').map(str::to_owned).collect())
            .unwrap_or_default(),
        clock,
        run_for: request.run_for,
        board,
        pin_log: request.pin_log,
        backends: pinloop_vm::hal::Backends {
            vcd: request.vcd,
            display_png: request.display_png,
            uart_links: request
                .uart_links
                .iter()
                .map(|spec| pinloop_board::serial::parse_uart_link(spec))
                .collect::<Result<_, _>>()
                .map_err(UsageError)?,
            control: request.control.or_else(control_from_env),
            signals,
            gpio_chip: request.gpio,
            gpio_lines: request
                .gpio_lines
                .iter()
                .map(|spec| pinloop_board::gpio::parse_line_spec(spec))
                .collect::<Result<_, _>>()
                .map_err(UsageError)?,
        },
        device: request.device.map(std::path::PathBuf::from),
        fs: request.fs.map(std::path::PathBuf::from),
        heap_size: request.heap_size,
        epoch: request.epoch,
        seed: request.seed,
    })
}

/// `PINLOOP_CONTROL`, standing for `--control PATH`.
pub fn control_from_env() -> Option<String> {
    std::env::var("PINLOOP_CONTROL")
        .ok()
        .filter(|path| !path.is_empty())
}

/// The board `--board`, `--wire`, `--i2c` and `--spi` describe (None: the
/// default, unwired, with nothing on its buses).
fn board_of(request: &RunRequest) -> Result<Option<BoardDef>, UsageError> {
    if request.board.is_none()
        && request.wires.is_empty()
        && request.i2c_devices.is_empty()
        && request.spi_devices.is_empty()
    {
        return Ok(None);
    }
    let mut board = match &request.board {
        Some(name) => BoardDef::load(name).map_err(|e| UsageError(format!("--board {e}")))?,
        None => BoardDef::default_board(),
    };
    for wire in &request.wires {
        board.add_wire(wire).map_err(UsageError)?;
    }
    let devices = request
        .i2c_devices
        .iter()
        .map(|spec| pinloop_board::buses::parse_i2c_option(spec))
        .chain(
            request
                .spi_devices
                .iter()
                .map(|spec| pinloop_board::buses::parse_spi_option(spec)),
        );
    for device in devices {
        board
            .add_device(device.map_err(UsageError)?)
            .map_err(UsageError)?;
    }
    Ok(Some(board))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Command, UsageError> {
        parse(words.iter().map(|w| w.to_string()))
    }

    fn run(program: Option<Program>, args: &[&str], inspect: bool) -> Command {
        Command::Run(Box::new(RunRequest {
            program,
            args: args.iter().map(|a| a.to_string()).collect(),
            inspect,
            clock: None,
            run_for: None,
            board: None,
            wires: Vec::new(),
            i2c_devices: Vec::new(),
            spi_devices: Vec::new(),
            pin_log: None,
            vcd: None,
            display_png: None,
            uart_links: Vec::new(),
            control: None,
            signals: Vec::new(),
            gpio: None,
            gpio_lines: Vec::new(),
            device: None,
            fs: None,
            heap_size: None,
            epoch: None,
            seed: None,
        }))
    }

    #[test]
    fn epoch_dates_are_utc_seconds() {
        assert_eq!(parse_epoch("1970-01-01"), Ok(0));
        assert_eq!(parse_epoch("2000-01-01"), Ok(946_684_800));
        assert_eq!(parse_epoch("2000-01-01T00:00:01Z"), Ok(946_684_801));
        assert_eq!(parse_epoch("2024-02-29T12:30"), Ok(1_709_209_800));
        for bad in [
            "2023-02-29",
            "2000-13-01",
            "yesterday",
            "2000-01-01T25:00",
            "",
        ] {
            assert!(parse_epoch(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clock_and_run_for() {
        let parsed = parse_words(&["--clock", "virtual", "--run-for=2.5", "x.py", "--clock"]);
        let Ok(Command::Run(request)) = parsed else {
            panic!("{parsed:?}")
        };
        assert_eq!(request.clock, Some(ClockMode::Virtual));
        assert_eq!(request.run_for, Some(Duration::from_millis(2500)));
        assert_eq!(request.args, ["--clock"]);
        assert_eq!(
            parse_words(&["--clock=sundial"]),
            Err(UsageError(
                "--clock must be real or virtual, not \"sundial\"".into()
            ))
        );
        assert_eq!(
            parse_words(&["--run-for", "-1"]),
            Err(UsageError(
                "--run-for takes a number of seconds from 0 to 1000000000, not \"-1\"".into()
            ))
        );
        assert_eq!(
            parse_words(&["--run-for"]),
            Err(UsageError("option --run-for needs an argument".into()))
        );
    }

    #[test]
    fn file_and_its_arguments() {
        assert_eq!(
            parse_words(&["x.py", "-c", "--help"]),
            Ok(run(
                Some(Program::File("x.py".into())),
                &["-c", "--help"],
                false
            ))
        );
    }

    #[test]
    fn code_and_module_take_the_next_word_or_the_rest_of_theirs() {
        assert_eq!(
            parse_words(&["-c", "print(1)", "a"]),
            Ok(run(Some(Program::Code("print(1)".into())), &["a"], false))
        );
        assert_eq!(
            parse_words(&["-cpass"]),
            Ok(run(Some(Program::Code("pass".into())), &[], false))
        );
        assert_eq!(
            parse_words(&["-i", "-m", "pkg.mod", "-i"]),
            Ok(run(Some(Program::Module("pkg.mod".into())), &["-i"], true))
        );
        assert_eq!(
            parse_words(&["-ic", "x=1"]),
            Ok(run(Some(Program::Code("x=1".into())), &[], true))
        );
    }

    #[test]
    fn no_program_and_standard_input() {
        assert_eq!(parse_words(&[]), Ok(run(None, &[], false)));
        assert_eq!(parse_words(&["-i"]), Ok(run(None, &[], true)));
        assert_eq!(
            parse_words(&["-", "a"]),
            Ok(run(Some(Program::File("-".into())), &["a"], false))
        );
        assert_eq!(
            parse_words(&["--", "-odd.py"]),
            Ok(run(Some(Program::File("-odd.py".into())), &[], false))
        );
    }

    #[test]
    fn x_options_of_the_unix_port() {
        let parsed = parse_words(&["-X", "emit=bytecode", "-Xheapsize=16m", "x.py"]);
        let Ok(Command::Run(request)) = parsed else {
            panic!("{parsed:?}")
        };
        assert_eq!(request.heap_size, Some(16 << 20));
        assert_eq!(request.program, Some(Program::File("x.py".into())));
        let parsed = parse_words(&["-X", "heapsize=2G", "-c", "pass"]);
        let Ok(Command::Run(request)) = parsed else {
            panic!("{parsed:?}")
        };
        assert_eq!(request.heap_size, Some(2 << 30));
        for bad in [
            "heapsize=1k",
            "heapsize=x",
            "heapsize=99999999999g",
            "emit=asm",
            "jit",
        ] {
            assert!(parse_words(&["-X", bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse_words(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_words(&["-h"]), Ok(Command::Help));
        assert_eq!(parse_words(&["-V"]), Ok(Command::Version));
        assert_eq!(parse_words(&["--version", "x.py"]), Ok(Command::Version));
    }

    #[test]
    fn usage_errors() {
        assert_eq!(
            parse_words(&["--frobnicate"]),
            Err(UsageError("unknown option --frobnicate".into()))
        );
        assert_eq!(
            parse_words(&["-q"]),
            Err(UsageError("unknown option -q".into()))
        );
        assert_eq!(
            parse_words(&["-c"]),
            Err(UsageError("option -c needs an argument".into()))
        );
    }
}
