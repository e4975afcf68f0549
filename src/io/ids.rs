//! Duplicate ids: the first row with an id keeps it, and every later row with it is rejected.

use crate::error::RowError;
use crate::hash::hash_str;

/// The key an id is remembered by (never 0, which marks an empty slot).
pub(super) fn id_hash(id: &str) -> u64 {
    hash_str(id).max(1)
}

/// The ids seen so far, as 64-bit hashes in an open-addressing table (8 bytes a slot, at most
/// three quarters full; linear probing stays mostly within a cache line). With 10 million ids the chance of a false
/// duplicate is about 3 in a million.
#[derive(Default)]
pub(super) struct IdSet {
    slots: Vec<u64>,
    len: usize,
}

impl IdSet {
    /// Room for `n` ids before the table grows.
    pub(super) fn reserve(&mut self, n: usize) {
        let needed = n + n / 3 + 1;
        if self.slots.len() < needed {
            self.grow(needed.next_power_of_two());
        }
    }

    fn grow(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; size.max(1024)]);
        self.len = 0;
        for h in old.into_iter().filter(|&h| h != 0) {
            self.place(h);
        }
    }

    /// Records an id; false if it was seen before.
    pub(super) fn insert(&mut self, id: &str) -> bool {
        self.insert_hash(id_hash(id))
    }

    /// Records an id by its [`id_hash`]; false if it was seen before.
    pub(super) fn insert_hash(&mut self, h: u64) -> bool {
        if 4 * (self.len + 1) > 3 * self.slots.len() {
            self.grow(2 * self.slots.len());
        }
        self.place(h)
    }

    fn place(&mut self, h: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = h;
                    self.len += 1;
                    return true;
                }
                x if x == h => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// Rejects a row whose id an earlier row already had (the first row with an id keeps it,
/// whether or not it turns out valid).
pub(super) fn check_id(
    ids: &mut IdSet,
    file: &str,
    line: u64,
    id: Option<&str>,
) -> Option<RowError> {
    let id = id.filter(|s| !s.is_empty())?;
    if ids.insert(id) {
        return None;
    }
    Some(duplicate(file, line, id))
}

/// The rejection of a row whose id an earlier row had.
pub(super) fn duplicate(file: &str, line: u64, id: &str) -> RowError {
    RowError {
        file: file.into(),
        line,
        id: Some(id.to_string()),
        field: "id".into(),
        reason: format!("duplicate id \"{id}\" (an earlier row has it)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_set_grows_and_still_finds_every_duplicate() {
        let mut ids = IdSet::default();
        for i in 0..50_000 {
            assert!(ids.insert(&format!("c{i}")), "{i}");
        }
        assert!(ids.slots.len() >= 50_000 * 4 / 3);
        for i in (0..50_000).step_by(997) {
            assert!(!ids.insert(&format!("c{i}")), "{i}");
        }
    }
}
