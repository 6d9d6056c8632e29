//! The time-ordered queue. Sleepers and ready tasks share it: an entry is
//! ready when its key (a deadline in milliseconds of the active clock) is
//! at or before now, so `sleep_ms(0)` queues a task behind every task
//! already due, overdue sleepers included: that is the round-robin.
//! Entries with equal keys leave in the order they arrived.
//!
//! Entries are never removed from the middle: a caller that reschedules or
//! cancels an item marks the old entry stale (a token in `T`) and skips it
//! when it comes out.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug)]
struct Entry<T> {
    key: u64,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.key, self.seq) == (other.key, other.seq)
    }
}

impl<T> Eq for Entry<T> {}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.key, self.seq).cmp(&(other.key, other.seq))
    }
}

/// A min-queue on (deadline, arrival).
#[derive(Debug)]
pub struct TimeQueue<T> {
    heap: BinaryHeap<Reverse<Entry<T>>>,
    next_seq: u64,
}

impl<T> Default for TimeQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> TimeQueue<T> {
    pub fn new() -> Self {
        Self {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }

    /// Queues `item` to be due at `key`, behind everything already queued
    /// with the same key.
    pub fn push(&mut self, key: u64, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Entry { key, seq, item }));
    }

    /// The earliest key queued.
    pub fn next_key(&self) -> Option<u64> {
        self.heap.peek().map(|Reverse(e)| e.key)
    }

    /// Takes the earliest entry if it is due at `now`, with its key.
    pub fn pop_due(&mut self, now: u64) -> Option<(u64, T)> {
        if self.next_key()? > now {
            return None;
        }
        self.heap.pop().map(|Reverse(e)| (e.key, e.item))
    }

    /// Takes the earliest entry whatever its key.
    pub fn pop(&mut self) -> Option<(u64, T)> {
        self.heap.pop().map(|Reverse(e)| (e.key, e.item))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Drops every entry (a new event loop).
    pub fn clear(&mut self) {
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_entries_leave_by_key_then_arrival() {
        let mut q = TimeQueue::new();
        q.push(5, "c");
        q.push(1, "a");
        q.push(5, "d");
        q.push(1, "b");
        assert_eq!(q.pop_due(0), None);
        assert_eq!(q.pop_due(1), Some((1, "a")));
        assert_eq!(q.pop_due(1), Some((1, "b")));
        assert_eq!(q.pop_due(4), None);
        assert_eq!(q.next_key(), Some(5));
        assert_eq!(q.pop_due(9), Some((5, "c")));
        assert_eq!(q.pop_due(9), Some((5, "d")));
        assert!(q.is_empty());
    }

    #[test]
    fn sleep_zero_goes_behind_overdue_sleepers() {
        let mut q = TimeQueue::new();
        q.push(10, "sleeper"); // due at 10, overdue at 12
        q.push(12, "yielder"); // sleep(0) at now = 12
        assert_eq!(q.pop_due(12), Some((10, "sleeper")));
        assert_eq!(q.pop_due(12), Some((12, "yielder")));
    }
}
