//! Out of memory under an address-space limit (`ulimit -v`), as on a host
//! where the system refuses memory: the default heap limit sits below it,
//! so a growing program gets a catchable MemoryError; an allocation the
//! system refuses all the same ends the process with `MemoryError` and
//! status 1, never SIGABRT. Real processes, the limit set by the shell.

use std::process::Command;

/// Runs `pinloop -c CODE` under `ulimit -v KIB`: (stdout, stderr, status).
fn under_ulimit(kib: u64, code: &str) -> (String, String, Option<i32>) {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" -c \"$1\""))
        .arg(env!("CARGO_BIN_EXE_pinloop"))
        .arg(code)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

const ONE_GIB_KIB: u64 = 1 << 20;

#[test]
fn a_list_grown_under_ulimit_gets_memory_error_and_the_program_goes_on() {
    let (stdout, stderr, status) = under_ulimit(
        ONE_GIB_KIB,
        "held = []\ntry:\n    while True:\n        held.append([0] * 16)\nexcept MemoryError:\n    n = len(held)\n    held = None\n    print('caught', n > 100000)\nprint('after')\n",
    );
    assert_eq!(
        (stdout.as_str(), status),
        ("caught True\nafter\n", Some(0)),
        "{stderr}"
    );
}

#[test]
fn a_sized_allocation_past_the_limit_is_a_memory_error_at_once() {
    let (stdout, _, status) = under_ulimit(
        ONE_GIB_KIB,
        "try:\n    b = bytearray(2 * 1024**3)\nexcept MemoryError as e:\n    print(e)\n",
    );
    assert_eq!(
        stdout,
        "memory allocation failed, allocating 2147483648 bytes\n"
    );
    assert_eq!(status, Some(0));
}

#[test]
fn an_allocation_the_system_refuses_ends_with_memory_error_not_abort() {
    let (stdout, stderr, status) =
        under_ulimit(ONE_GIB_KIB, "print('start')\ns = 'x'.ljust(10**10)\n");
    assert_eq!(stdout, "start\n");
    assert_eq!(
        stderr,
        "MemoryError: memory allocation failed, allocating 10000000000 bytes\n"
    );
    assert_eq!(status, Some(1), "a signal would show as no status");
}
