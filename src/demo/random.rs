//! The generator's randomness: `ChaCha8Rng` streams derived from the seed, with our own integer
//! sampling (no distribution code whose output could change with a `rand` release), so the demo
//! data for a seed is the same on every platform and in every version.

use chrono::Duration;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A seeded generator with the few sampling helpers we need, in plain integer arithmetic.
pub(super) struct Gen(ChaCha8Rng);

impl Gen {
    pub(super) fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.0.next_u64()) * u128::from(n);
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo).unwrap_or(0);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    pub(super) fn idx(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// True with probability `permille` / 1000.
    pub(super) fn chance(&mut self, permille: u64) -> bool {
        self.below(1000) < permille
    }

    pub(super) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.idx(xs.len())]
    }

    pub(super) fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.idx(xs.len())]
    }

    /// An index into `weights`, drawn in proportion to the weights.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    pub(super) fn digit(&mut self) -> char {
        char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0))
    }

    pub(super) fn push_digits(&mut self, s: &mut String, n: usize) {
        for _ in 0..n {
            s.push(self.digit());
        }
    }
}

pub(super) fn mins(m: i64) -> Duration {
    Duration::minutes(m)
}
