//! [`LineChip`] over the Linux GPIO character device (uAPI v2, crate
//! `gpiocdev`): one request holds every mapped line, starting as inputs
//! with no bias; the mirror reconfigures lines as the script sets them up.
//! Edge events carry the kernel's CLOCK_MONOTONIC timestamps.

use std::time::Duration;

use crate::Pull;
use gpiocdev::line::{Bias, Drive, EdgeDetection, EdgeKind, Value};
use gpiocdev::request::{Config, Request};

use crate::gpio::{LineChip, LineEvent, LineSetting};

pub struct CdevChip {
    request: Request,
}

impl CdevChip {
    /// Requests `offsets` of the chip at `path` for pinloop.
    pub fn open(path: &str, offsets: &[u32]) -> Result<CdevChip, String> {
        let request = Request::builder()
            .on_chip(path)
            .with_consumer("pinloop")
            .with_lines(offsets)
            .as_input()
            .with_edge_detection(EdgeDetection::BothEdges)
            .request()
            .map_err(|e| e.to_string())?;
        Ok(CdevChip { request })
    }
}

fn value_of(level: bool) -> Value {
    if level {
        Value::Active
    } else {
        Value::Inactive
    }
}

impl LineChip for CdevChip {
    fn apply(&self, offset: u32, setting: LineSetting) -> Result<(), String> {
        let mut config = Config::default();
        config.with_line(offset);
        match setting {
            LineSetting::Input { pull } => {
                config
                    .as_input()
                    .with_edge_detection(EdgeDetection::BothEdges)
                    .with_bias(match pull {
                        Pull::Up => Bias::PullUp,
                        Pull::Down => Bias::PullDown,
                        Pull::None => Bias::Disabled,
                    });
            }
            LineSetting::Output { value, open_drain } => {
                config
                    .as_output(value_of(value))
                    .with_edge_detection(None)
                    .with_drive(if open_drain {
                        Drive::OpenDrain
                    } else {
                        Drive::PushPull
                    });
            }
        }
        self.request.reconfigure(&config).map_err(|e| e.to_string())
    }

    fn set_value(&self, offset: u32, value: bool) -> Result<(), String> {
        self.request
            .set_value(offset, value_of(value))
            .map_err(|e| e.to_string())
    }

    fn value(&self, offset: u32) -> Result<bool, String> {
        self.request
            .value(offset)
            .map(|v| v == Value::Active)
            .map_err(|e| e.to_string())
    }

    fn wait_event(&self, timeout: Duration) -> Result<Option<LineEvent>, String> {
        if !self
            .request
            .wait_edge_event(timeout)
            .map_err(|e| e.to_string())?
        {
            return Ok(None);
        }
        let event = self.request.read_edge_event().map_err(|e| e.to_string())?;
        Ok(Some(LineEvent {
            offset: event.offset,
            rising: event.kind == EdgeKind::Rising,
            timestamp_ns: event.timestamp_ns,
        }))
    }
}
