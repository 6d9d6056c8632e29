//! What the VM-driving integration tests share.

/// Runs `test` on a thread with the VM's stack size, as pinloop does.
pub fn on_vm_thread(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(pinloop_vm::memory::VM_STACK_BYTES)
        .spawn(test)
        .unwrap()
        .join()
        .unwrap();
}
