//! MicroPython's `select.poll`: it polls MicroPython streams (UARTs,
//! ThreadSafeFlag, classes with an `ioctl` method) as well as file
//! descriptors ([`crate::io_poll`]). It joins RustPython's `select` module,
//! replacing its `poll` (which takes file descriptors only); `select.select`
//! and `epoll` stay.
//!
//! As in MicroPython: `register` of a registered object changes its mask,
//! `unregister` of an unknown one does nothing, `modify` of an unknown one
//! is OSError(ENOENT); `poll` returns a list of `(obj, event)` tuples,
//! `ipoll` an iterator of them, and `ipoll(timeout, 1)` is one-shot (an
//! object's mask is cleared once it is reported; `modify` re-arms it).

pub(crate) use select_extra::module_def;

#[rustpython_vm::pymodule(name = "select")]
mod select_extra {

    use pinloop_sched::clock;
    use rustpython_vm::{
        AsObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
        builtins::{PyListRef, PyTupleRef},
        function::OptionalArg,
        pyclass,
    };

    use crate::io_poll::{self, POLLERR, POLLHUP, POLLIN, POLLOUT, Source};
    use crate::shared::Shared;
    use crate::wait::{Forever, VirtualRule, Wait};

    struct Entry {
        obj: PyObjectRef,
        source: Source,
        mask: u32,
    }

    #[pyclass(no_attr, module = "select", name = "poll")]
    #[derive(Debug, PyPayload, Default)]
    pub struct Poll {
        entries: Shared<Vec<Entry>>,
    }

    impl std::fmt::Debug for Entry {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "Entry(mask={})", self.mask)
        }
    }

    /// A timeout in ms: None or negative waits for ever.
    fn deadline_of(timeout: OptionalArg<Option<i64>>) -> Option<u64> {
        match timeout.flatten() {
            Some(ms) if ms >= 0 => Some(clock::now_us().saturating_add(ms as u64 * 1000)),
            _ => None,
        }
    }

    impl Poll {
        fn position(&self, obj: &PyObjectRef) -> Option<usize> {
            self.entries.borrow().iter().position(|e| e.obj.is(obj))
        }

        /// The registered objects ready now, with their flags.
        fn ready_now(&self, vm: &VirtualMachine) -> PyResult<Vec<(usize, u32)>> {
            let snapshot: Vec<(PyObjectRef, Source, u32)> = self
                .entries
                .borrow()
                .iter()
                .map(|e| (e.obj.clone(), e.source.clone(), e.mask))
                .collect();
            let mut fds: Vec<libc::pollfd> = snapshot
                .iter()
                .filter_map(|(_, source, mask)| source.fd().map(|fd| io_poll::pollfd(fd, *mask)))
                .collect();
            io_poll::poll_fds(&mut fds);
            let mut fd_results = fds.iter();
            let mut ready = Vec::new();
            for (index, (_, source, mask)) in snapshot.iter().enumerate() {
                let flags = match source.ready_now(*mask, vm)? {
                    Some(flags) => flags,
                    None => io_poll::revents_of(fd_results.next().expect("one per fd"), *mask),
                };
                // A one-shot entry already reported waits for `modify`.
                if flags != 0 && (*mask != 0 || flags & (POLLERR | POLLHUP) != 0) {
                    ready.push((index, flags));
                }
            }
            Ok(ready)
        }

        /// Waits until something is ready or the deadline passes; returns
        /// the ready entries (empty on timeout).
        fn wait_ready(
            &self,
            deadline: Option<u64>,
            vm: &VirtualMachine,
        ) -> PyResult<Vec<(usize, u32)>> {
            loop {
                let ready = self.ready_now(vm)?;
                if !ready.is_empty() || deadline.is_some_and(|d| clock::now_us() >= d) {
                    return Ok(ready);
                }
                let (mut fds, devices) = {
                    let entries = self.entries.borrow();
                    let fds: Vec<libc::pollfd> = entries
                        .iter()
                        .filter_map(|e| e.source.fd().map(|fd| io_poll::pollfd(fd, e.mask)))
                        .collect();
                    (fds, entries.iter().any(|e| e.source.needs_polling()))
                };
                wait_step(vm, deadline, &mut fds, devices)?;
            }
        }

        /// The reported tuples; one-shot clears what it reports.
        fn report(
            &self,
            ready: Vec<(usize, u32)>,
            one_shot: bool,
            vm: &VirtualMachine,
        ) -> Vec<PyTupleRef> {
            let mut entries = self.entries.borrow_mut();
            ready
                .into_iter()
                .filter_map(|(index, flags)| {
                    let entry = entries.get_mut(index)?;
                    if one_shot {
                        entry.mask = 0;
                    }
                    Some(vm.new_tuple((entry.obj.clone(), flags)))
                })
                .collect()
        }
    }

    /// Waits a little: until one of `fds` is ready, a Python device is due
    /// for polling again, the board's next event (virtual clock), or the
    /// deadline; serves VM calls and signals meanwhile.
    fn wait_step(
        vm: &VirtualMachine,
        deadline: Option<u64>,
        fds: &mut [libc::pollfd],
        devices: bool,
    ) -> PyResult<()> {
        crate::wait::step(
            vm,
            &mut Wait {
                deadline_us: deadline,
                fds,
                devices,
                rule: VirtualRule::FollowOutside,
                forever: Forever::Refuse(
                    "poll() would wait for ever: nothing on the board's timeline can make \
                     a registered object ready (give a timeout)",
                ),
                board_first: true,
            },
        )
    }

    #[pyclass]
    impl Poll {
        /// Adds `obj` (or changes its mask) for `eventmask`, default
        /// POLLIN | POLLOUT.
        #[pymethod]
        fn register(
            &self,
            obj: PyObjectRef,
            eventmask: OptionalArg<u32>,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            let mask = eventmask.unwrap_or(POLLIN | POLLOUT);
            if let Some(index) = self.position(&obj) {
                self.entries.borrow_mut()[index].mask = mask;
                return Ok(());
            }
            let source = Source::of(&obj, vm)?;
            self.entries.borrow_mut().push(Entry { obj, source, mask });
            Ok(())
        }

        /// Removes `obj`; an object not registered is ignored.
        #[pymethod]
        fn unregister(&self, obj: PyObjectRef) {
            if let Some(index) = self.position(&obj) {
                self.entries.borrow_mut().remove(index);
            }
        }

        #[pymethod]
        fn modify(&self, obj: PyObjectRef, eventmask: u32, vm: &VirtualMachine) -> PyResult<()> {
            match self.position(&obj) {
                Some(index) => {
                    self.entries.borrow_mut()[index].mask = eventmask;
                    Ok(())
                }
                None => Err(vm
                    .new_os_subtype_error(
                        vm.ctx.exceptions.os_error.to_owned(),
                        Some(libc::ENOENT),
                        "the object is not registered: register() it first".to_owned(),
                    )
                    .upcast()),
            }
        }

        /// `[(obj, event), ...]` of the objects ready within `timeout` ms
        /// (None or negative: no limit; 0: now).
        #[pymethod]
        fn poll(
            &self,
            timeout: OptionalArg<Option<i64>>,
            vm: &VirtualMachine,
        ) -> PyResult<PyListRef> {
            let ready = self.wait_ready(deadline_of(timeout), vm)?;
            let tuples = self.report(ready, false, vm);
            Ok(vm
                .ctx
                .new_list(tuples.into_iter().map(Into::into).collect()))
        }

        /// As `poll`, as an iterator; `flags` 1 is one-shot.
        #[pymethod]
        fn ipoll(
            &self,
            timeout: OptionalArg<Option<i64>>,
            flags: OptionalArg<u32>,
            vm: &VirtualMachine,
        ) -> PyResult {
            let ready = self.wait_ready(deadline_of(timeout), vm)?;
            let tuples = self.report(ready, flags.unwrap_or(0) & 1 == 1, vm);
            let list = vm
                .ctx
                .new_list(tuples.into_iter().map(Into::into).collect());
            list.as_object().get_iter(vm).map(Into::into)
        }
    }

    /// A new poll object.
    #[pyfunction]
    fn poll(vm: &VirtualMachine) -> PyRef<Poll> {
        use rustpython_vm::class::PyClassImpl;
        Poll::make_static_type();
        Poll::default().into_ref(&vm.ctx)
    }
}
