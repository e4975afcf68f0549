//! Bounded top-k selection without sorting everything.
//!
//! Entries are ordered by score (higher first), then by key (smaller first), a total order:
//! with unique keys the top k is the same set whatever order entries arrive in, so partial
//! selections made on different threads merge into the same result.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One candidate for the top k.
#[derive(Clone, Debug)]
struct Entry<K, T> {
    score: f64,
    key: K,
    item: T,
}

impl<K: Ord, T> Entry<K, T> {
    /// `Less` when `self` ranks before `other`.
    fn rank_cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.key.cmp(&other.key))
    }
}

impl<K: Ord, T> PartialEq for Entry<K, T> {
    fn eq(&self, other: &Self) -> bool {
        self.rank_cmp(other) == Ordering::Equal
    }
}

impl<K: Ord, T> Eq for Entry<K, T> {}

impl<K: Ord, T> PartialOrd for Entry<K, T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: Ord, T> Ord for Entry<K, T> {
    /// The heap's maximum is the worst entry kept.
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank_cmp(other)
    }
}

/// The best `k` items seen so far, by score then key.
#[derive(Clone, Debug)]
pub struct TopK<K, T> {
    k: usize,
    heap: BinaryHeap<Entry<K, T>>,
}

impl<K: Ord, T> TopK<K, T> {
    /// An empty selection of at most `k` items.
    pub fn new(k: usize) -> TopK<K, T> {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.min(1 << 16) + 1),
        }
    }

    /// Whether an item with this score could enter: a cheap test before building the item.
    #[inline]
    pub fn admits(&self, score: f64) -> bool {
        self.heap.len() < self.k || self.heap.peek().is_some_and(|worst| score >= worst.score)
    }

    /// The lowest score that [`TopK::admits`]: −∞ until `k` items are kept.
    #[inline]
    pub fn threshold(&self) -> f64 {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.k => worst.score,
            _ if self.k == 0 => f64::INFINITY,
            _ => f64::NEG_INFINITY,
        }
    }

    /// Offers an item; it is kept if it ranks among the best `k` so far.
    pub fn push(&mut self, score: f64, key: K, item: T) {
        if self.k == 0 {
            return;
        }
        let entry = Entry { score, key, item };
        if self.heap.len() < self.k {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if entry < *worst {
                *worst = entry;
            }
        }
    }

    /// [`TopK::push`] that builds the item only if it enters: `make` gives a new key and
    /// item while fewer than `k` are kept; after that `refill` rewrites the evicted worst
    /// entry's key and item in place, so their allocations are reused.
    pub fn push_with<Q>(
        &mut self,
        score: f64,
        key: &Q,
        make: impl FnOnce() -> (K, T),
        refill: impl FnOnce(&mut K, &mut T),
    ) where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            let (key, item) = make();
            self.heap.push(Entry { score, key, item });
        } else if let Some(mut worst) = self.heap.peek_mut() {
            let before = score
                .total_cmp(&worst.score)
                .then_with(|| worst.key.borrow().cmp(key))
                == Ordering::Greater;
            if before {
                worst.score = score;
                let Entry { key, item, .. } = &mut *worst;
                refill(key, item);
            }
        }
    }

    /// Merges another selection into this one.
    pub fn merge(&mut self, other: TopK<K, T>) {
        for e in other.heap {
            self.push(e.score, e.key, e.item);
        }
    }

    /// How many items are kept.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Forgets every item, keeping `k`.
    pub fn clear(&mut self) {
        self.heap.clear();
    }

    /// The kept items, best first, with their scores and keys.
    pub fn into_sorted(self) -> Vec<(f64, K, T)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|e| (e.score, e.key, e.item))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_the_best_and_breaks_ties_by_key() {
        let mut top = TopK::new(3);
        for (score, key) in [(0.5, "d"), (0.9, "a"), (0.5, "b"), (0.1, "z"), (0.5, "c")] {
            top.push(score, key, ());
        }
        let keys: Vec<_> = top.into_sorted().into_iter().map(|(_, k, _)| k).collect();
        assert_eq!(keys, vec!["a", "b", "c"]);
    }

    #[test]
    fn the_threshold_rises_once_full() {
        let mut top = TopK::new(2);
        assert_eq!(top.threshold(), f64::NEG_INFINITY);
        for (s, k) in [(0.3, 1), (0.9, 2), (0.5, 3)] {
            top.push(s, k, ());
        }
        assert_eq!(top.threshold(), 0.5);
        assert!(top.admits(0.5) && !top.admits(0.49));
    }

    #[test]
    fn zero_k_keeps_nothing() {
        let mut top = TopK::new(0);
        top.push(1.0, 1, ());
        assert!(top.is_empty());
    }

    proptest! {
        #[test]
        fn push_with_keeps_what_push_keeps(
            scores in proptest::collection::vec(0u8..20, 0..200),
            k in 0usize..30,
        ) {
            let (mut plain, mut reused) = (TopK::new(k), TopK::new(k));
            for (i, &s) in scores.iter().enumerate() {
                let (score, key) = (f64::from(s) / 4.0, format!("{:03}", (i * 37) % 200));
                plain.push(score, key.clone(), key.len());
                reused.push_with(
                    score,
                    key.as_str(),
                    || (key.clone(), key.len()),
                    |k, n| {
                        k.clone_from(&key);
                        *n = key.len();
                    },
                );
            }
            prop_assert_eq!(plain.into_sorted(), reused.into_sorted());
        }

        #[test]
        fn equals_a_full_sort_and_merges_in_any_split(
            scores in proptest::collection::vec(0u8..20, 0..200),
            k in 0usize..30,
            split in 0usize..200,
        ) {
            let items: Vec<(f64, usize)> =
                scores.iter().enumerate().map(|(i, &s)| (f64::from(s) / 4.0, i)).collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            expected.truncate(k);
            let split = split.min(items.len());
            let (mut left, mut right) = (TopK::new(k), TopK::new(k));
            for &(s, i) in &items[..split] { left.push(s, i, ()); }
            for &(s, i) in items[split..].iter().rev() { right.push(s, i, ()); }
            left.merge(right);
            let got: Vec<_> = left.into_sorted().into_iter().map(|(s, i, _)| (s, i)).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
