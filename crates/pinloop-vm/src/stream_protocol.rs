//! MicroPython's stream protocol numbers (`py/stream.h`): the `ioctl`
//! request that polls a stream, the flags it answers with (Linux's poll
//! numbers), and the error return. One home for every stream pinloop
//! implements (UART, RingIO, ThreadSafeFlag, a device's stdin) and for
//! the poller that asks Python streams.

/// `ioctl(MP_STREAM_POLL, flags)`: which of `flags` are ready.
pub const MP_STREAM_POLL: i64 = 3;
/// Readable.
pub const MP_STREAM_POLL_RD: i64 = 0x0001;
/// Writable.
pub const MP_STREAM_POLL_WR: i64 = 0x0004;
/// What `ioctl` returns for a request it does not know.
pub const MP_STREAM_ERROR: i64 = -1;
