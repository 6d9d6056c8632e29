//! `--signal SIG=PIN:ACTION`: host signals as pin actions, so
//! `kill -USR1 <pid>` presses a button. The signal handler only records the
//! signal (signal-hook's self-pipe); a dedicated thread turns it into the
//! pin action and sends it through the VM-call channel, the path every
//! outside edge takes.

use pinloop_board::Action;

/// One `--signal` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalAction {
    pub signal: i32,
    pub pin: String,
    pub action: Action,
}

/// Signals a mapping may name: the ones whose default action a script
/// would not miss.
const NAMES: &[(&str, i32)] = &[
    ("USR1", libc::SIGUSR1),
    ("USR2", libc::SIGUSR2),
    ("HUP", libc::SIGHUP),
    ("ALRM", libc::SIGALRM),
    ("WINCH", libc::SIGWINCH),
    ("CONT", libc::SIGCONT),
    ("URG", libc::SIGURG),
];

/// Parses `SIG=PIN:ACTION` (SIG as `USR1`, `SIGUSR1` or a number).
pub fn parse(spec: &str) -> Result<SignalAction, String> {
    let usage = || format!("--signal wants SIG=PIN:ACTION (like USR1=USR:press), not '{spec}'");
    let (signal, target) = spec.split_once('=').ok_or_else(usage)?;
    let (pin, action) = target.rsplit_once(':').ok_or_else(usage)?;
    let signal = signal.trim();
    let bare = signal.strip_prefix("SIG").unwrap_or(signal);
    let number = match signal.parse::<i32>() {
        Ok(number) => number,
        Err(_) => NAMES
            .iter()
            .find(|(name, _)| *name == bare)
            .map(|(_, number)| *number)
            .ok_or_else(|| {
                let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "--signal: unknown signal '{signal}'; use one of {}",
                    names.join(", ")
                )
            })?,
    };
    if signal_hook::consts::FORBIDDEN.contains(&number) || !(1..=64).contains(&number) {
        return Err(format!("--signal: signal {signal} cannot be caught"));
    }
    let action = Action::parse(action.trim()).ok_or_else(|| {
        format!(
            "--signal: unknown action '{}'; use one of {}",
            action.trim(),
            Action::NAMES.join(", ")
        )
    })?;
    if pin.trim().is_empty() {
        return Err(usage());
    }
    Ok(SignalAction {
        signal: number,
        pin: pin.trim().to_owned(),
        action,
    })
}

/// Installs the handlers and starts the thread that acts on them.
pub fn start(mappings: Vec<SignalAction>) -> Result<(), String> {
    if mappings.is_empty() {
        return Ok(());
    }
    let signals: Vec<i32> = mappings.iter().map(|m| m.signal).collect();
    let mut incoming =
        signal_hook::iterator::Signals::new(&signals).map_err(|e| format!("--signal: {e}"))?;
    // A signal may press a button at any moment: virtual time follows real
    // time.
    pinloop_sched::wake::outside_source_started();
    std::thread::Builder::new()
        .name("pinloop-signals".into())
        .spawn(move || {
            for signal in incoming.forever() {
                for mapping in mappings.iter().filter(|m| m.signal == signal) {
                    let outcome = super::outside::drive_from_thread(
                        "signal handler",
                        &mapping.pin,
                        mapping.action,
                    );
                    if let Err(message) = outcome {
                        crate::report!("pinloop: --signal {signal}: {message}");
                    }
                }
            }
        })
        .map_err(|e| format!("--signal: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_by_name_prefix_or_number() {
        let expected = SignalAction {
            signal: libc::SIGUSR1,
            pin: "USR".into(),
            action: Action::Press,
        };
        assert_eq!(parse("USR1=USR:press"), Ok(expected.clone()));
        assert_eq!(parse("SIGUSR1=USR:press"), Ok(expected.clone()));
        assert_eq!(parse(&format!("{}=USR:press", libc::SIGUSR1)), Ok(expected));
        assert_eq!(parse("USR2=X1:toggle").unwrap().action, Action::Toggle);
    }

    #[test]
    fn bad_specs_say_what_to_write() {
        assert!(parse("USR1").unwrap_err().contains("SIG=PIN:ACTION"));
        assert!(parse("USR1=X1").unwrap_err().contains("SIG=PIN:ACTION"));
        assert!(
            parse("BOGUS=X1:press")
                .unwrap_err()
                .contains("unknown signal 'BOGUS'")
        );
        assert!(
            parse("USR1=X1:push")
                .unwrap_err()
                .contains("unknown action 'push'")
        );
        assert!(
            parse("KILL=X1:press")
                .unwrap_err()
                .contains("unknown signal")
        );
        assert!(
            parse("9=X1:press")
                .unwrap_err()
                .contains("cannot be caught")
        );
    }
}
