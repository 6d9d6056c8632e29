//! Randomised workloads over the scheduler core (seeded, so a failure
//! names its seed): deadlines leave in order, equal deadlines in arrival
//! order, nothing leaves early, nothing is lost or taken twice; wake-ups
//! posted from other threads all arrive and end the idle wait.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pinloop_sched::{inbox::Inbox, queue::TimeQueue, wake};

/// xorshift64*: enough randomness for workloads, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy)]
struct Job {
    id: u64,
    pushed_at: u64,
}

/// A simulated event loop in virtual milliseconds: tasks sleep a random
/// delay (often 0, the round-robin), run, and sleep again or finish.
fn run_workload(seed: u64) {
    let mut rng = Rng(seed | 1);
    let mut queue = TimeQueue::new();
    let mut now = 0u64;
    let mut next_id = 0u64;
    let mut outstanding = HashSet::new();
    let mut push =
        |queue: &mut TimeQueue<Job>, now: u64, rng: &mut Rng, outstanding: &mut HashSet<u64>| {
            let delay = match rng.below(4) {
                0 => 0,
                1 => rng.below(3),
                _ => rng.below(50),
            };
            let id = next_id;
            next_id += 1;
            outstanding.insert(id);
            let job = Job { id, pushed_at: now };
            if delay == 0 {
                queue.push_due(now, job); // sleep(0): due at once
            } else {
                queue.push(now + delay, job);
            }
        };
    for _ in 0..1 + rng.below(200) {
        push(&mut queue, now, &mut rng, &mut outstanding);
    }
    let mut last: Option<(u64, u64)> = None; // (key, id) of the last taken
    let mut steps = 0;
    while !queue.is_empty() {
        steps += 1;
        assert!(steps < 1_000_000, "seed {seed}: the workload never ends");
        let Some((key, job)) = queue.pop_ready(|| now) else {
            // Idle: jump to the next deadline, as the virtual clock does.
            now = queue.next_key().unwrap();
            continue;
        };
        assert!(
            key <= now,
            "seed {seed}: job {} left before its deadline",
            job.id
        );
        assert!(
            key >= job.pushed_at,
            "seed {seed}: deadline before the push"
        );
        assert!(
            outstanding.remove(&job.id),
            "seed {seed}: job {} taken twice",
            job.id
        );
        if let Some((last_key, last_id)) = last {
            assert!(key >= last_key, "seed {seed}: deadlines out of order");
            if key == last_key {
                // Ids grow with arrival, and equal keys keep arrival order.
                assert!(
                    job.id > last_id,
                    "seed {seed}: equal deadlines out of arrival order"
                );
            }
        }
        last = Some((key, job.id));
        if rng.below(10) < 7 {
            push(&mut queue, now, &mut rng, &mut outstanding);
        }
    }
    assert!(
        outstanding.is_empty(),
        "seed {seed}: lost {:?}",
        outstanding
    );
}

#[test]
fn random_workloads_keep_the_queue_discipline() {
    for seed in 0..300 {
        run_workload(0x9E37_79B9_7F4A_7C15 ^ seed);
    }
}

#[test]
fn wake_ups_from_other_threads_are_never_lost() {
    const THREADS: u64 = 4;
    const EACH: u64 = 2_000;
    let inbox = Arc::new(Inbox::new());
    let done = Arc::new(AtomicBool::new(false));
    let producers: Vec<_> = (0..THREADS)
        .map(|t| {
            let inbox = Arc::clone(&inbox);
            std::thread::spawn(move || {
                let mut rng = Rng(t + 7);
                for i in 0..EACH {
                    inbox.post(t * EACH + i);
                    if rng.below(100) == 0 {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                }
            })
        })
        .collect();
    let mut seen = HashSet::new();
    let started = Instant::now();
    while seen.len() < (THREADS * EACH) as usize {
        // A long timeout: only a lost wake-up would make the loop sit here.
        let before = Instant::now();
        if inbox.is_empty() {
            wake::wait(Some(Duration::from_secs(10)));
        }
        assert!(
            before.elapsed() < Duration::from_secs(5),
            "a wake-up was lost"
        );
        inbox.drain(|id| assert!(seen.insert(id), "delivered twice: {id}"));
    }
    done.store(true, Ordering::Relaxed);
    for p in producers {
        p.join().unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(seen.len(), (THREADS * EACH) as usize);
}
