//! Wake-ups from other OS threads and from interrupt context: a lock-free
//! queue the loop drains, plus a [`wake::notify`] so a loop blocked in its
//! idle wait looks at it at once.

use crossbeam_queue::SegQueue;

use crate::wake;

#[derive(Debug)]
pub struct Inbox<T> {
    queue: SegQueue<T>,
}

impl<T> Default for Inbox<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Inbox<T> {
    pub const fn new() -> Self {
        Self {
            queue: SegQueue::new(),
        }
    }

    /// Posts `item` and wakes the loop. Callable from any thread.
    pub fn post(&self, item: T) {
        self.queue.push(item);
        wake::notify();
    }

    /// Hands every posted item to `deliver`, oldest first, including items
    /// posted while this runs.
    pub fn drain(&self, mut deliver: impl FnMut(T)) -> usize {
        let mut delivered = 0;
        while let Some(item) = self.queue.pop() {
            deliver(item);
            delivered += 1;
        }
        delivered
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}
