//! The serial lines of the simulated board: each UART the board file lists
//! is a port with a transmitter paced by its baud rate and a receive
//! buffer. A byte written goes out on the TX pin one character time after
//! the previous one (a timeline event per byte) and lands in the receive
//! buffer of every open port whose RX pin shares a net with that TX pin:
//! the tutorial's "link X1 and X2" loopback.
//!
//! The transmitter has one holding register, as a Pyboard's does: `write`
//! returns once its last byte has moved into the shift register, so a
//! writer is paced by the line, and `txdone` turns true one character time
//! later.

use std::collections::VecDeque;

/// How a port is set up (`UART.init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineConfig {
    pub baudrate: u32,
    pub bits: u32,
    /// None, or Some(0) even / Some(1) odd.
    pub parity: Option<u32>,
    pub stop: u32,
    /// Milliseconds a read waits for its first character.
    pub timeout_ms: u64,
    /// Milliseconds a read waits for each further character.
    pub timeout_char_ms: u64,
    /// Receive buffer size; characters arriving at a full buffer are lost.
    pub rxbuf: usize,
}

impl LineConfig {
    /// Microseconds one character takes on the line: start bit, data,
    /// parity, stop bits.
    pub fn char_us(&self) -> u64 {
        let bits = 1 + self.bits + u32::from(self.parity.is_some()) + self.stop;
        (u64::from(bits) * 1_000_000).div_ceil(u64::from(self.baudrate.max(1)))
    }

    /// The smallest `timeout_char` the port accepts: room for a character
    /// and a margin, so a read never gives up between two characters of a
    /// burst (the figure MicroPython's stm32 port uses).
    pub fn min_timeout_char_ms(baudrate: u32) -> u64 {
        13_000 / u64::from(baudrate.max(1)) + 2
    }
}

/// One UART of the board.
#[derive(Debug)]
pub struct Port {
    pub id: u32,
    pub tx_pin: usize,
    pub rx_pin: usize,
    /// None until the script initialises the port.
    pub config: Option<LineConfig>,
    pub rx: VecDeque<u8>,
    /// Bytes written and not yet fully sent; the front one is in the
    /// shift register while `in_flight`.
    tx: VecDeque<u8>,
    in_flight: bool,
    /// Each write not yet started on the line, for the pin log.
    writes: VecDeque<Vec<u8>>,
    /// Bytes of the write being sent still to go.
    write_left: usize,
    /// Characters lost to a full receive buffer.
    pub overruns: u64,
}

impl Port {
    pub fn new(id: u32, tx_pin: usize, rx_pin: usize) -> Port {
        Port {
            id,
            tx_pin,
            rx_pin,
            config: None,
            rx: VecDeque::new(),
            tx: VecDeque::new(),
            in_flight: false,
            writes: VecDeque::new(),
            write_left: 0,
            overruns: 0,
        }
    }

    /// Queues `data` for the line. Returns the time the first byte
    /// finishes if the transmitter was idle (the caller puts that on the
    /// timeline), else None (a byte in flight will pull the next).
    /// `now_us` is the board's time now.
    pub fn queue(&mut self, data: &[u8], now_us: u64) -> Option<u64> {
        if data.is_empty() {
            return None;
        }
        self.tx.extend(data);
        self.writes.push_back(data.to_vec());
        if self.in_flight {
            return None;
        }
        self.in_flight = true;
        let char_us = self.config.map_or(1, |c| c.char_us());
        Some(now_us.saturating_add(char_us))
    }

    /// Whether the holding register is free: everything written has reached
    /// the shift register (what `write` waits for, and POLL_WR).
    pub fn can_accept(&self) -> bool {
        self.tx.len() <= 1
    }

    /// Whether every byte written has left the shift register.
    pub fn tx_done(&self) -> bool {
        self.tx.is_empty()
    }

    /// The byte in the shift register finished at `key`: returns it, the
    /// write to log if it was that write's first byte, and when the next
    /// byte will finish (None: the line goes idle).
    pub fn finish_byte(&mut self, key: u64) -> Option<(u8, Option<Vec<u8>>, Option<u64>)> {
        let byte = self.tx.pop_front()?;
        let mut started = None;
        if self.write_left == 0 {
            let write = self.writes.pop_front().unwrap_or_default();
            self.write_left = write.len();
            started = Some(write);
        }
        self.write_left = self.write_left.saturating_sub(1);
        let next = if self.tx.is_empty() {
            self.in_flight = false;
            None
        } else {
            let char_us = self.config.map_or(1, |c| c.char_us());
            Some(key.saturating_add(char_us))
        };
        Some((byte, started, next))
    }

    /// A character arrives on RX.
    pub fn receive(&mut self, byte: u8) {
        let Some(config) = self.config else {
            return; // a port not initialised hears nothing
        };
        if self.rx.len() < config.rxbuf {
            self.rx.push_back(byte);
        } else {
            self.overruns += 1;
        }
    }

    /// `deinit`/re-`init`: the port forgets what it held.
    pub fn reset(&mut self) {
        self.rx.clear();
        self.tx.clear();
        self.writes.clear();
        self.write_left = 0;
        self.in_flight = false;
    }
}

/// Python's repr of a bytes object, for the pin log.
pub fn bytes_repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &byte in data {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(baudrate: u32) -> LineConfig {
        LineConfig {
            baudrate,
            bits: 8,
            parity: None,
            stop: 1,
            timeout_ms: 0,
            timeout_char_ms: 0,
            rxbuf: 4,
        }
    }

    #[test]
    fn a_character_is_ten_bits_at_8n1() {
        assert_eq!(config(9600).char_us(), 1042);
        assert_eq!(config(115_200).char_us(), 87);
        let mut parity = config(1200);
        parity.parity = Some(0);
        parity.stop = 2;
        assert_eq!(parity.char_us(), 10_000);
    }

    #[test]
    fn bytes_go_out_one_character_apart_and_writes_are_logged_once() {
        let mut port = Port::new(4, 0, 1);
        port.config = Some(config(9600));
        assert!(port.queue(b"ab", 0).is_some());
        assert!(port.queue(b"c", 0).is_none(), "the line is busy");
        assert!(!port.can_accept());
        let (byte, log, next) = port.finish_byte(1000).unwrap();
        assert_eq!(
            (byte, log.as_deref(), next),
            (b'a', Some(&b"ab"[..]), Some(2042))
        );
        let (byte, log, _) = port.finish_byte(2042).unwrap();
        assert_eq!((byte, log), (b'b', None));
        assert!(port.can_accept() && !port.tx_done());
        let (byte, log, next) = port.finish_byte(3084).unwrap();
        assert_eq!((byte, log.as_deref(), next), (b'c', Some(&b"c"[..]), None));
        assert!(port.tx_done());
    }

    #[test]
    fn a_full_receive_buffer_loses_characters() {
        let mut port = Port::new(1, 0, 1);
        port.receive(b'x');
        assert!(port.rx.is_empty(), "not initialised");
        port.config = Some(config(9600));
        for byte in b"abcdef" {
            port.receive(*byte);
        }
        assert_eq!(port.rx.iter().copied().collect::<Vec<_>>(), b"abcd");
        assert_eq!(port.overruns, 2);
    }

    #[test]
    fn bytes_repr_matches_python() {
        assert_eq!(bytes_repr(b"Hello\n"), "b'Hello\\n'");
        assert_eq!(bytes_repr(b"it's"), "b\"it's\"");
        assert_eq!(bytes_repr(b"'\""), "b'\\'\"'");
        assert_eq!(bytes_repr(&[0, 0xff, b'\\']), "b'\\x00\\xff\\\\'");
    }
}

/// Where `--uart ID=SPEC` carries a board UART's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UartLink {
    /// `tcp:HOST:PORT`: connect to a listener (another pinloop's
    /// `listen:`, a terminal's `nc -l`).
    Connect(String),
    /// `listen:PORT` or `listen:HOST:PORT` (127.0.0.1 by default): one
    /// client at a time.
    Listen(String),
    /// `serial:PATH`: a serial device (or any file that reads and
    /// writes, a FIFO).
    Serial(String),
    /// `pty:LINK`: a new pseudo-terminal, LINK a symlink to it, for a
    /// terminal program (`screen LINK 115200`) or a host's serial tool.
    Pty(String),
}

/// `ID=tcp:HOST:PORT`, `ID=listen:[HOST:]PORT`, `ID=serial:PATH` or
/// `ID=pty:LINK`.
pub fn parse_uart_link(spec: &str) -> Result<(u32, UartLink), String> {
    let usage = || {
        format!(
            "--uart wants ID=tcp:HOST:PORT, ID=listen:[HOST:]PORT, ID=serial:PATH or \
             ID=pty:LINK (like 1=listen:7001), not '{spec}'"
        )
    };
    let (id, target) = spec.split_once('=').ok_or_else(usage)?;
    let id: u32 = id.trim().parse().map_err(|_| usage())?;
    let (kind, rest) = target.split_once(':').ok_or_else(usage)?;
    let has_port = |address: &str| {
        address
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok())
    };
    let link = match kind {
        "tcp" if has_port(rest) => UartLink::Connect(rest.to_owned()),
        "listen" if rest.parse::<u16>().is_ok() => UartLink::Listen(format!("127.0.0.1:{rest}")),
        "listen" if has_port(rest) => UartLink::Listen(rest.to_owned()),
        "serial" if !rest.is_empty() => UartLink::Serial(rest.to_owned()),
        "pty" if !rest.is_empty() => UartLink::Pty(rest.to_owned()),
        _ => return Err(usage()),
    };
    Ok((id, link))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn link_specs_parse_or_say_what_is_wanted() {
        assert_eq!(
            parse_uart_link("1=listen:7001"),
            Ok((1, UartLink::Listen("127.0.0.1:7001".into())))
        );
        assert_eq!(
            parse_uart_link("2=tcp:localhost:7001"),
            Ok((2, UartLink::Connect("localhost:7001".into())))
        );
        assert_eq!(
            parse_uart_link("0=serial:/dev/ttyUSB0"),
            Ok((0, UartLink::Serial("/dev/ttyUSB0".into())))
        );
        for bad in [
            "1",
            "x=listen:1",
            "1=tcp:7001",
            "1=listen:host",
            "1=serial:",
            "1=pipe:x",
        ] {
            assert!(
                parse_uart_link(bad)
                    .unwrap_err()
                    .starts_with("--uart wants"),
                "{bad}"
            );
        }
    }
}
