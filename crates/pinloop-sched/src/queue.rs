//! The time-ordered queue. Sleepers and ready tasks share it: an entry is
//! ready when its key (a deadline in microseconds of the active clock) is
//! at or before now, so `sleep_ms(0)` queues a task behind every task
//! already due, overdue sleepers included: that is the round-robin.
//! Entries with equal keys leave in the order they arrived.
//!
//! Entries are never removed from the middle: a caller that reschedules or
//! cancels an item marks the old entry stale (a token in `T`) and skips it
//! when it comes out.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

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

/// A min-queue on (deadline, arrival). Entries known to be due when they
/// are queued (`push_due`: every `sleep(0)`, the round-robin's hot path) go
/// to a FIFO run list instead of the heap; taking the smaller front of the
/// two gives exactly the order a single heap would.
#[derive(Debug)]
pub struct TimeQueue<T> {
    heap: BinaryHeap<Reverse<Entry<T>>>,
    due: VecDeque<Entry<T>>,
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
            due: VecDeque::new(),
            next_seq: 0,
        }
    }

    fn entry(&mut self, key: u64, item: T) -> Entry<T> {
        let seq = self.next_seq;
        self.next_seq += 1;
        Entry { key, seq, item }
    }

    /// Queues `item` to be due at `key`, behind everything already queued
    /// with the same key.
    pub fn push(&mut self, key: u64, item: T) {
        let entry = self.entry(key, item);
        self.heap.push(Reverse(entry));
    }

    /// Like [`push`](Self::push) for a `key` the caller read from the clock,
    /// so the entry is due already.
    pub fn push_due(&mut self, key: u64, item: T) {
        let entry = self.entry(key, item);
        if self.due.back().is_none_or(|last| last.key <= key) {
            self.due.push_back(entry);
        } else {
            self.heap.push(Reverse(entry));
        }
    }

    /// The earliest key queued.
    pub fn next_key(&self) -> Option<u64> {
        let heap = self.heap.peek().map(|Reverse(e)| e.key);
        let due = self.due.front().map(|e| e.key);
        match (heap, due) {
            (Some(h), Some(d)) => Some(h.min(d)),
            (h, d) => h.or(d),
        }
    }

    /// The earliest key later than `now`, if any (a scan: for the rare
    /// caller that must look past what is due).
    pub fn next_key_after(&self, now: u64) -> Option<u64> {
        let heap = self
            .heap
            .iter()
            .map(|Reverse(e)| e.key)
            .filter(|&k| k > now)
            .min();
        let due = self.due.iter().map(|e| e.key).filter(|&k| k > now).min();
        match (heap, due) {
            (Some(h), Some(d)) => Some(h.min(d)),
            (h, d) => h.or(d),
        }
    }

    /// Whether the earliest entry is at the front of the run list.
    fn due_first(&self) -> Option<bool> {
        match (self.heap.peek(), self.due.front()) {
            (Some(Reverse(h)), Some(d)) => Some((d.key, d.seq) < (h.key, h.seq)),
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (None, None) => None,
        }
    }

    /// Takes the earliest entry if it is due at `now`, with its key.
    pub fn pop_due(&mut self, now: u64) -> Option<(u64, T)> {
        if self.next_key()? > now {
            return None;
        }
        self.pop()
    }

    /// Takes the earliest entry if it is due, reading the clock (`now`)
    /// only when it has to: an entry on the run list was due when queued,
    /// and anything earlier than it is due too.
    pub fn pop_ready(&mut self, now: impl FnOnce() -> u64) -> Option<(u64, T)> {
        if !self.due.is_empty() {
            return self.pop();
        }
        self.pop_due(now())
    }

    /// Takes the earliest entry whatever its key.
    pub fn pop(&mut self) -> Option<(u64, T)> {
        let entry = if self.due_first()? {
            self.due.pop_front()?
        } else {
            self.heap.pop()?.0
        };
        Some((entry.key, entry.item))
    }

    pub fn len(&self) -> usize {
        self.heap.len() + self.due.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.due.is_empty()
    }

    /// Drops every entry (a new event loop).
    pub fn clear(&mut self) {
        self.heap.clear();
        self.due.clear();
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
    fn pop_ready_reads_the_clock_only_without_due_entries() {
        let mut q = TimeQueue::new();
        q.push(9, "later");
        q.push_due(5, "round-robin"); // on the run list
        q.push(3, "overdue"); // earlier key than the run list's front
        assert_eq!(
            q.pop_ready(|| panic!("no clock needed")),
            Some((3, "overdue"))
        );
        assert_eq!(
            q.pop_ready(|| panic!("no clock needed")),
            Some((5, "round-robin"))
        );
        assert_eq!(q.pop_ready(|| 8), None);
        assert_eq!(q.pop_ready(|| 9), Some((9, "later")));
    }

    #[test]
    fn a_due_entry_out_of_order_goes_to_the_heap() {
        let mut q = TimeQueue::new();
        q.push_due(7, "b");
        q.push_due(6, "a"); // earlier than the run list's back
        assert_eq!(q.pop(), Some((6, "a")));
        assert_eq!(q.pop(), Some((7, "b")));
    }

    #[test]
    fn sleep_zero_goes_behind_overdue_sleepers() {
        let mut q = TimeQueue::new();
        q.push(10, "sleeper"); // due at 10, overdue at 12
        q.push_due(12, "yielder"); // sleep(0) at now = 12
        assert_eq!(q.pop_due(12), Some((10, "sleeper")));
        assert_eq!(q.pop_due(12), Some((12, "yielder")));
    }
}
