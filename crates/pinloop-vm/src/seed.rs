//! Reproducible randomness: with `--seed N`, or on the virtual clock (where
//! a run is meant to repeat exactly), `random` starts from the seed
//! (`lib/random.py`) and `os.urandom` returns bytes of a generator keyed
//! by it (`module_fixes.rs` replaces `posix.urandom`). Without either, both
//! draw from the system as usual. Not for secrets: a seeded `os.urandom`
//! is predictable by design.
//!
//! The generator is SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit
//! counter stepped by the golden-ratio constant and mixed by two
//! multiply-xorshift rounds; each output is a function of the seed and the
//! count of bytes drawn so far, so a run's bytes depend only on its own
//! draws. State is the VM thread's (the only caller).

use crate::interp_local::{self, interp_local};
use std::sync::OnceLock;

/// The seed the virtual clock uses without `--seed`.
pub const VIRTUAL_CLOCK_SEED: u64 = 0x5EED;

static SEED: OnceLock<Option<u64>> = OnceLock::new();

interp_local! {
    /// Where this interpreter's stream stands (a new interpreter starts it
    /// again from the seed).
    static STATE: Option<u64> = None;
}

/// Sets the run's seed once, before the program runs (None: the system's).
pub fn configure(seed: Option<u64>) {
    let _ = SEED.set(seed);
}

pub fn get() -> Option<u64> {
    SEED.get().copied().flatten()
}

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` bytes of the seeded stream, or None when the run is not seeded.
/// Called on the VM thread only (`os.urandom`).
pub fn bytes(n: usize) -> Option<Vec<u8>> {
    let seed = get()?;
    interp_local::with(&STATE, |cell| {
        let mut state = cell.unwrap_or(seed);
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let word = next(&mut state).to_le_bytes();
            let take = (n - out.len()).min(8);
            out.extend_from_slice(&word[..take]);
        }
        *cell = Some(state);
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_its_reference_values() {
        // The reference outputs for seed 1234567 (from the paper's Java code).
        let mut state = 1_234_567u64;
        assert_eq!(next(&mut state), 6_457_827_717_110_365_317);
        assert_eq!(next(&mut state), 3_203_168_211_198_807_973);
    }
}
