//! `pinloop`: run MicroPython asyncio scripts off the board.

mod cli;
mod pin_client;

use std::io::IsTerminal as _;

fn main() {
    // A device's soft reset starts this program again with its state.
    let words = pinloop_vm::device::resume::take_argument(std::env::args().skip(1).collect());
    if words.first().is_some_and(|w| w == "pin") {
        std::process::exit(pin_client::run(&words[1..]));
    }
    let command = cli::parse(words).unwrap_or_else(|e| usage_error(e));
    let status = match command {
        cli::Command::Help => {
            print!("{}", cli::HELP);
            0
        }
        cli::Command::Version => {
            println!("pinloop {}", env!("CARGO_PKG_VERSION"));
            0
        }
        cli::Command::Run(request) => {
            let options = cli::into_run_options(*request, std::io::stdin().is_terminal())
                .unwrap_or_else(|e| usage_error(e));
            pinloop_vm::run(options)
        }
    };
    std::process::exit(status);
}

fn usage_error(error: cli::UsageError) -> ! {
    if error.is_about_the_command_line() {
        pinloop_vm::report!(
            "pinloop: {}\n{}\nTry 'pinloop --help' for more information.",
            error.0,
            cli::USAGE
        );
    } else {
        pinloop_vm::report!("pinloop: {}", error.0);
    }
    std::process::exit(pinloop_vm::run::EXIT_USAGE);
}

/// Every allocation is counted, so the heap limit (`-X heapsize`) can
/// raise MemoryError instead of the process running out of memory.
#[global_allocator]
static ALLOCATOR: pinloop_vm::heap_limit::CountingAllocator =
    pinloop_vm::heap_limit::CountingAllocator;
