//! CPython's asyncio queues, native: a Python Queue on this VM cost 25×
//! CPython's per item (every Python-level call is about 20× CPython's
//! here), this one costs about what CPython's does.
//!
//! One class holds the three orders; `LifoQueue` and `PriorityQueue` are
//! Python subclasses in `lib/asyncio` that name their order in the class
//! attribute `_order`. Waiting getters and putters park in arrival order;
//! a put wakes the first getter and a get the first putter, and a woken
//! task checks again when it runs (another task may have been faster), as
//! in CPython.

use std::collections::VecDeque;

use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyType, PyTypeRef},
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{Constructor, IterNext, Iterable, Representable, SelfIter},
};

use super::event_loop;
use super::sync::{Abandon, WaitStep, parking_wait};
use super::task::{self, Task};
use crate::interp_local::{self, interp_local};
use crate::shared::{Shared, SharedCell};

/// Which item `get` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Fifo,
    Lifo,
    /// The smallest (`<`), kept as heapq keeps a heap, so equal items
    /// come out in CPython's order.
    Priority,
}

#[pyclass(module = "asyncio", name = "Queue")]
#[derive(Debug, PyPayload)]
pub struct Queue {
    maxsize: PyObjectRef,
    limit: Option<usize>,
    order: Order,
    items: Shared<VecDeque<PyObjectRef>>,
    getters: Shared<VecDeque<PyRef<Task>>>,
    putters: Shared<VecDeque<PyRef<Task>>>,
    joiners: Shared<Vec<PyRef<Task>>>,
    unfinished: SharedCell<usize>,
}

interp_local! {
    static EXCEPTIONS: Option<(PyTypeRef, PyTypeRef)> = None;
}

/// QueueEmpty and QueueFull, made on first use.
pub(super) fn exception_classes(vm: &VirtualMachine) -> (PyTypeRef, PyTypeRef) {
    if let Some(classes) = interp_local::with(&EXCEPTIONS, |e| e.clone()) {
        return classes;
    }
    let make = |name: &str| {
        vm.ctx.new_exception_type(
            "asyncio",
            name,
            Some(vec![vm.ctx.exceptions.exception_type.to_owned()]),
        )
    };
    let classes = (make("QueueEmpty"), make("QueueFull"));
    interp_local::with(&EXCEPTIONS, |e| *e = Some(classes.clone()));
    classes
}

#[derive(rustpython_vm::FromArgs)]
pub struct QueueArgs {
    #[pyarg(any, optional)]
    maxsize: OptionalArg<PyObjectRef>,
}

impl Constructor for Queue {
    type Args = QueueArgs;

    fn py_new(cls: &Py<PyType>, args: QueueArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let maxsize = args.maxsize.unwrap_or_else(|| vm.ctx.new_int(0).into());
        let size: isize = maxsize.clone().try_into_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "Queue maxsize must be an int, not '{}'",
                maxsize.class().name()
            ))
        })?;
        let order = match cls.as_object().get_attr("_order", vm) {
            Ok(name) => match name.str(vm)?.to_string_lossy().as_ref() {
                "lifo" => Order::Lifo,
                "priority" => Order::Priority,
                _ => Order::Fifo,
            },
            Err(_) => Order::Fifo,
        };
        Ok(Queue {
            maxsize,
            limit: usize::try_from(size).ok().filter(|&n| n > 0),
            order,
            items: Shared::default(),
            getters: Shared::default(),
            putters: Shared::default(),
            joiners: Shared::default(),
            unfinished: SharedCell::new(0),
        })
    }
}

impl Queue {
    fn len(&self) -> usize {
        self.items.borrow().len()
    }

    fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    fn is_full(&self) -> bool {
        self.limit.is_some_and(|limit| self.len() >= limit)
    }

    /// Stores `item`; counts it as unfinished; wakes the first getter.
    fn store(zelf: &Py<Self>, item: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        match zelf.order {
            Order::Fifo | Order::Lifo => zelf.items.borrow_mut().push_back(item),
            Order::Priority => heap_push(&zelf.items, item, vm)?,
        }
        zelf.unfinished.set(zelf.unfinished.get() + 1);
        wake_first(&zelf.getters, zelf);
        Ok(())
    }

    /// Takes the next item (the queue is not empty); wakes the first putter.
    fn take(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let item = match zelf.order {
            Order::Fifo => zelf.items.borrow_mut().pop_front(),
            Order::Lifo => zelf.items.borrow_mut().pop_back(),
            Order::Priority => Some(heap_pop(&zelf.items, vm)?),
        };
        wake_first(&zelf.putters, zelf);
        Ok(item.expect("take() on an empty queue"))
    }
}

/// Makes the first task still waiting on `queue` due.
fn wake_first(waiters: &Shared<VecDeque<PyRef<Task>>>, queue: &Py<Queue>) {
    let me: PyObjectRef = queue.to_owned().into();
    loop {
        let next = waiters.borrow_mut().pop_front();
        match next {
            Some(waiter) if waiter.waits_on(&me) && !waiter.is_done() => {
                waiter.set_waiting_on(None);
                task::make_due(&waiter);
                return;
            }
            Some(_) => continue,
            None => return,
        }
    }
}

/// Parks the running task at the back of `waiters`.
fn park(
    waiters: &Shared<VecDeque<PyRef<Task>>>,
    queue: &PyRef<Queue>,
    what: &str,
    vm: &VirtualMachine,
) -> PyResult<PyIterReturn> {
    let current = event_loop::require_current(vm, what)?;
    current.set_waiting_on(Some(queue.clone().into()));
    waiters.borrow_mut().push_back(current);
    Ok(PyIterReturn::Return(vm.ctx.none()))
}

/// Takes the running task off `waiters`; whether it was still there
/// (false: it had been woken).
fn unpark(waiters: &Shared<VecDeque<PyRef<Task>>>) -> bool {
    let Some(current) = event_loop::current_task() else {
        return true;
    };
    let mut list = waiters.borrow_mut();
    let before = list.len();
    list.retain(|t| !t.is(&current));
    let was_there = list.len() != before;
    drop(list);
    current.set_waiting_on(None);
    was_there
}

fn less(a: &PyObjectRef, b: &PyObjectRef, vm: &VirtualMachine) -> PyResult<bool> {
    a.rich_compare_bool(b, rustpython_vm::types::PyComparisonOp::Lt, vm)
}

/// heapq's heappush: append, then move the new item up past its larger
/// parents.
fn heap_push(
    items: &Shared<VecDeque<PyObjectRef>>,
    item: PyObjectRef,
    vm: &VirtualMachine,
) -> PyResult<()> {
    items.borrow_mut().push_back(item);
    let last = items.borrow().len() - 1;
    sift_toward_root(items, 0, last, vm)
}

/// heapq's heappop: the root out, the last item in its place, moved down
/// as heapq does (to a leaf along the smaller children, then back up).
fn heap_pop(items: &Shared<VecDeque<PyObjectRef>>, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let last = items
        .borrow_mut()
        .pop_back()
        .expect("pop from an empty heap");
    if items.borrow().is_empty() {
        return Ok(last);
    }
    let root = std::mem::replace(&mut items.borrow_mut()[0], last);
    let end = items.borrow().len();
    let mut pos = 0;
    let mut child = 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (c, r) = {
                let list = items.borrow();
                (list[child].clone(), list[right].clone())
            };
            if !less(&c, &r, vm)? {
                child = right;
            }
        }
        items.borrow_mut().swap(pos, child);
        pos = child;
        child = 2 * pos + 1;
    }
    sift_toward_root(items, 0, pos, vm)?;
    Ok(root)
}

/// Moves the item at `pos` up while it is smaller than its parent, not
/// above `start`.
fn sift_toward_root(
    items: &Shared<VecDeque<PyObjectRef>>,
    start: usize,
    mut pos: usize,
    vm: &VirtualMachine,
) -> PyResult<()> {
    while pos > start {
        let parent = (pos - 1) / 2;
        let (item, above) = {
            let list = items.borrow();
            (list[pos].clone(), list[parent].clone())
        };
        if !less(&item, &above, vm)? {
            break;
        }
        items.borrow_mut().swap(pos, parent);
        pos = parent;
    }
    Ok(())
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Queue {
    #[pygetset]
    fn maxsize(&self) -> PyObjectRef {
        self.maxsize.clone()
    }

    #[pymethod]
    fn qsize(&self) -> usize {
        self.len()
    }

    #[pymethod]
    fn empty(&self) -> bool {
        self.is_empty()
    }

    #[pymethod]
    fn full(&self) -> bool {
        self.is_full()
    }

    #[pymethod]
    fn put_nowait(zelf: PyRef<Self>, item: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        if zelf.is_full() {
            return Err(queue_error(vm, false));
        }
        Self::store(&zelf, item, vm)
    }

    #[pymethod]
    fn get_nowait(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyResult {
        if zelf.is_empty() {
            return Err(queue_error(vm, true));
        }
        Self::take(&zelf, vm)
    }

    /// Waits while the queue is full, then adds `item`.
    #[pymethod]
    fn put(zelf: PyRef<Self>, item: PyObjectRef, vm: &VirtualMachine) -> PyRef<QueuePut> {
        QueuePut {
            queue: zelf,
            item: Shared::new(Some(item)),
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }

    /// Waits while the queue is empty, then takes an item.
    #[pymethod]
    fn get(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<QueueGet> {
        QueueGet {
            queue: zelf,
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }

    /// Marks one item taken with get() as processed.
    #[pymethod]
    fn task_done(&self, vm: &VirtualMachine) -> PyResult<()> {
        let left = self.unfinished.get();
        if left == 0 {
            return Err(vm.new_value_error("task_done() called too many times"));
        }
        self.unfinished.set(left - 1);
        if left == 1 {
            for joiner in std::mem::take(&mut *self.joiners.borrow_mut()) {
                joiner.set_waiting_on(None);
                task::make_due(&joiner);
            }
        }
        Ok(())
    }

    /// Waits until every item put has been marked done with task_done().
    #[pymethod]
    fn join(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<QueueJoin> {
        QueueJoin {
            queue: zelf,
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }
}

fn queue_error(vm: &VirtualMachine, empty: bool) -> PyBaseExceptionRef {
    let (queue_empty, queue_full) = exception_classes(vm);
    vm.new_exception_empty(if empty { queue_empty } else { queue_full })
}

/// CPython's format: what is there beyond maxsize, only when there.
impl Representable for Queue {
    fn repr_str(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<String> {
        let mut text = format!(
            "<{} maxsize={}",
            zelf.class().name(),
            zelf.maxsize.repr(vm)?.to_string_lossy()
        );
        let items: Vec<PyObjectRef> = zelf.items.borrow().iter().cloned().collect();
        if !items.is_empty() {
            let list = vm.ctx.new_list(items);
            text += &format!(" _queue={}", list.as_object().repr(vm)?.to_string_lossy());
        }
        let getters = zelf.getters.borrow().len();
        if getters > 0 {
            text += &format!(" _getters[{getters}]");
        }
        let putters = zelf.putters.borrow().len();
        if putters > 0 {
            text += &format!(" _putters[{putters}]");
        }
        if zelf.unfinished.get() > 0 {
            text += &format!(" tasks={}", zelf.unfinished.get());
        }
        Ok(text + ">")
    }
}

#[pyclass(module = "asyncio", name = "QueueGet")]
#[derive(Debug, PyPayload)]
pub struct QueueGet {
    queue: PyRef<Queue>,
    step: SharedCell<WaitStep>,
}

parking_wait!(QueueGet);

impl Abandon for QueueGet {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked
            && !unpark(&self.queue.getters)
            && !self.queue.is_empty()
        {
            // Woken for an item it will not take: pass the wake-up on.
            wake_first(&self.queue.getters, &self.queue);
        }
    }
}

impl IterNext for QueueGet {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        if zelf.step.get() == WaitStep::Finished {
            return Ok(PyIterReturn::StopIteration(None));
        }
        if zelf.queue.is_empty() {
            zelf.step.set(WaitStep::Parked);
            return park(&zelf.queue.getters, &zelf.queue, "Queue.get()", vm);
        }
        zelf.step.set(WaitStep::Finished);
        Ok(PyIterReturn::StopIteration(Some(Queue::take(
            &zelf.queue,
            vm,
        )?)))
    }
}

#[pyclass(module = "asyncio", name = "QueuePut")]
#[derive(Debug, PyPayload)]
pub struct QueuePut {
    queue: PyRef<Queue>,
    item: Shared<Option<PyObjectRef>>,
    step: SharedCell<WaitStep>,
}

parking_wait!(QueuePut);

impl Abandon for QueuePut {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked
            && !unpark(&self.queue.putters)
            && !self.queue.is_full()
        {
            wake_first(&self.queue.putters, &self.queue);
        }
    }
}

impl IterNext for QueuePut {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        if zelf.step.get() == WaitStep::Finished {
            return Ok(PyIterReturn::StopIteration(None));
        }
        if zelf.queue.is_full() {
            zelf.step.set(WaitStep::Parked);
            return park(&zelf.queue.putters, &zelf.queue, "Queue.put()", vm);
        }
        zelf.step.set(WaitStep::Finished);
        let item = zelf
            .item
            .borrow_mut()
            .take()
            .unwrap_or_else(|| vm.ctx.none());
        Queue::store(&zelf.queue, item, vm)?;
        Ok(PyIterReturn::StopIteration(None))
    }
}

#[pyclass(module = "asyncio", name = "QueueJoin")]
#[derive(Debug, PyPayload)]
pub struct QueueJoin {
    queue: PyRef<Queue>,
    step: SharedCell<WaitStep>,
}

parking_wait!(QueueJoin);

impl Abandon for QueueJoin {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked
            && let Some(current) = event_loop::current_task()
        {
            self.queue.joiners.borrow_mut().retain(|t| !t.is(&current));
            current.set_waiting_on(None);
        }
    }
}

impl IterNext for QueueJoin {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        match zelf.step.get() {
            WaitStep::Start if zelf.queue.unfinished.get() > 0 => {
                let current = event_loop::require_current(vm, "Queue.join()")?;
                current.set_waiting_on(Some(zelf.queue.clone().into()));
                zelf.queue.joiners.borrow_mut().push(current);
                zelf.step.set(WaitStep::Parked);
                Ok(PyIterReturn::Return(vm.ctx.none()))
            }
            _ => {
                zelf.step.set(WaitStep::Finished);
                Ok(PyIterReturn::StopIteration(None))
            }
        }
    }
}
