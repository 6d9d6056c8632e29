//! The wait's rule, without a VM: what a waiter does given the time, the
//! first deadline it knows of, the `--run-for` limit and the clock. It
//! never spins: a waiter with nothing due is blocked in the kernel, or, on
//! the virtual clock, jumps.
//!
//! On the virtual clock, a wait that nothing outside can end jumps the
//! clock to the next deadline without waiting; one that something outside
//! may end (another thread, a signal, a socket) waits in real time, and
//! the virtual clock follows the real time that passed, up to the deadline.
//! When the next deadline lies at or after the limit, or nothing can come
//! and nothing outside could change that, the run ends at the limit. On
//! the real clock the limit is one more deadline, and the run ends when it
//! passes. The VM's wait (`pinloop-vm`'s `wait.rs`) carries the plan out.

/// What the waiter does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The run ends at this time (the limit): move the clock there first.
    EndAt(u64),
    /// Move the virtual clock to this time without waiting.
    Jump(u64),
    /// Wait in real time, up to this many µs (None: no limit); on the
    /// virtual clock, then move it by the time waited, up to `until`.
    Wait {
        timeout_us: Option<u64>,
        until: Option<u64>,
    },
    /// Nothing can ever end the wait (virtual clock, nothing outside, no
    /// limit): the waiter's own choice (block, return, refuse).
    Forever,
}

/// The situation a wait is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub now_us: u64,
    /// The first deadline known: the waiter's, the board's, a poll's.
    pub until: Option<u64>,
    /// The `--run-for` limit.
    pub limit: Option<u64>,
    pub virtual_clock: bool,
    /// Something outside the VM thread may end the wait sooner (and the
    /// waiter listens to it).
    pub outside: bool,
}

/// The plan for `situation` (see the module's text).
pub fn plan(situation: Situation) -> Plan {
    let Situation {
        now_us: now,
        until,
        limit,
        virtual_clock,
        outside,
    } = situation;
    let timeout = |until: Option<u64>| until.map(|until| until.saturating_sub(now));
    if !virtual_clock {
        let until = match (until, limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        return Plan::Wait {
            timeout_us: timeout(until),
            until,
        };
    }
    match (until, limit) {
        (Some(next), Some(limit)) if next >= limit => Plan::EndAt(limit),
        (None, Some(limit)) if !outside => Plan::EndAt(limit),
        (Some(next), _) if !outside => Plan::Jump(next),
        (None, _) if !outside => Plan::Forever,
        _ => Plan::Wait {
            timeout_us: timeout(until),
            until,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn virtual_at(now_us: u64, until: Option<u64>, limit: Option<u64>, outside: bool) -> Plan {
        plan(Situation {
            now_us,
            until,
            limit,
            virtual_clock: true,
            outside,
        })
    }

    #[test]
    fn virtual_time_jumps_when_nothing_outside_can_wake() {
        assert_eq!(virtual_at(10, Some(500), None, false), Plan::Jump(500));
        assert_eq!(virtual_at(10, Some(500), Some(600), false), Plan::Jump(500));
        assert_eq!(virtual_at(10, None, None, false), Plan::Forever);
    }

    #[test]
    fn the_run_ends_at_the_limit_when_nothing_comes_before_it() {
        assert_eq!(
            virtual_at(10, Some(600), Some(600), false),
            Plan::EndAt(600)
        );
        assert_eq!(virtual_at(10, Some(900), Some(600), true), Plan::EndAt(600));
        assert_eq!(virtual_at(10, None, Some(600), false), Plan::EndAt(600));
    }

    #[test]
    fn outside_sources_make_virtual_time_follow_real_time() {
        assert_eq!(
            virtual_at(10, Some(500), None, true),
            Plan::Wait {
                timeout_us: Some(490),
                until: Some(500)
            }
        );
        assert_eq!(
            virtual_at(10, None, Some(600), true),
            Plan::Wait {
                timeout_us: None,
                until: None
            }
        );
    }

    #[test]
    fn the_real_clock_waits_and_counts_the_limit_as_a_deadline() {
        let real = |until, limit| {
            plan(Situation {
                now_us: 100,
                until,
                limit,
                virtual_clock: false,
                outside: false,
            })
        };
        assert_eq!(
            real(Some(900), Some(400)),
            Plan::Wait {
                timeout_us: Some(300),
                until: Some(400)
            }
        );
        assert_eq!(
            real(None, None),
            Plan::Wait {
                timeout_us: None,
                until: None
            }
        );
        assert_eq!(
            real(Some(50), None),
            Plan::Wait {
                timeout_us: Some(0),
                until: Some(50)
            },
            "a deadline already past polls and returns"
        );
    }
}
