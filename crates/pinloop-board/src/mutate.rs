//! A seeded byte mutator for the bounded fuzz tests of pinloop's parsers
//! (board files here; the device protocol, the control socket and the
//! dialect in pinloop-vm): valid inputs are flipped, cut, spliced and
//! grown at random, from a fixed seed, so every failure reproduces. No
//! dependency, stable Rust, a fixed number of cases per run.

/// xorshift64*.
pub struct Mutator(u64);

impl Mutator {
    pub fn new(seed: u64) -> Mutator {
        Mutator(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A variant of one of `seeds`: a few random edits, some of them
    /// bytes taken from another seed (so keywords meet in new places).
    pub fn mutant(&mut self, seeds: &[&[u8]]) -> Vec<u8> {
        let mut bytes = seeds[self.below(seeds.len())].to_vec();
        for _ in 0..1 + self.below(8) {
            let at = self.below(bytes.len() + 1);
            match self.below(5) {
                0 if !bytes.is_empty() => {
                    let at = at.min(bytes.len() - 1);
                    bytes[at] ^= 1 << self.below(8);
                }
                1 if !bytes.is_empty() => {
                    let end = (at + self.below(16)).min(bytes.len());
                    bytes.drain(at.min(end)..end);
                }
                2 => {
                    let other = seeds[self.below(seeds.len())];
                    let start = self.below(other.len());
                    let end = (start + self.below(32)).min(other.len());
                    bytes.splice(at..at, other[start..end].iter().copied());
                }
                3 => {
                    let byte = [0u8, b'\n', b'"', b'[', b']', b'=', 0xff, b'\\'][self.below(8)];
                    bytes.insert(at, byte);
                }
                _ => bytes.insert(at, self.next_u64() as u8),
            }
        }
        bytes
    }
}
