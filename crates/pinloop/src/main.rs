//! `pinloop`: run MicroPython asyncio scripts off the board.

mod cli;

use std::io::IsTerminal as _;

fn main() {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(cli::UsageError(message)) => {
            eprintln!(
                "pinloop: {message}\n{}\nTry 'pinloop --help' for more information.",
                cli::USAGE
            );
            std::process::exit(pinloop_vm::run::EXIT_USAGE);
        }
    };
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
            let options = cli::into_run_options(request, std::io::stdin().is_terminal());
            pinloop_vm::run(options)
        }
    };
    std::process::exit(status);
}
