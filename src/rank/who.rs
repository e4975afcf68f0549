//! Who a kept entry of a top k is: the candidate's id, name and country in one buffer.

use std::borrow::Borrow;
use std::cmp::Ordering;

use crate::profile::Candidate;

/// Room a new buffer starts with: most ids, names and countries together fit, so an entry
/// rewritten for another candidate seldom grows.
const ROOM: usize = 64;

/// A candidate's id, name and country, one allocation for the three. Ordered (and
/// [borrowed](Borrow)) by id alone: it is a top k's key.
#[derive(Clone, Debug)]
pub(super) struct Who {
    text: String,
    id_end: usize,
    name_end: usize,
}

impl Who {
    /// The candidate's id, name and country.
    pub(super) fn of(candidate: &Candidate) -> Who {
        let mut who = Who {
            text: String::with_capacity(ROOM),
            id_end: 0,
            name_end: 0,
        };
        who.set(candidate);
        who
    }

    /// Rewrites the buffer for another candidate, reusing its allocation.
    pub(super) fn set(&mut self, candidate: &Candidate) {
        self.text.clear();
        self.text.push_str(&candidate.id);
        self.id_end = self.text.len();
        self.text.push_str(&candidate.name);
        self.name_end = self.text.len();
        self.text.push_str(&candidate.country);
    }

    /// The candidate's id.
    pub(super) fn id(&self) -> &str {
        &self.text[..self.id_end]
    }

    /// The candidate's name.
    pub(super) fn name(&self) -> &str {
        &self.text[self.id_end..self.name_end]
    }

    /// The candidate's country.
    pub(super) fn country(&self) -> &str {
        &self.text[self.name_end..]
    }
}

impl Borrow<str> for Who {
    fn borrow(&self) -> &str {
        self.id()
    }
}

impl PartialEq for Who {
    fn eq(&self, other: &Who) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Who {}

impl PartialOrd for Who {
    fn partial_cmp(&self, other: &Who) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Who {
    fn cmp(&self, other: &Who) -> Ordering {
        self.id().cmp(other.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: &str, name: &str, country: &str) -> Candidate {
        Candidate {
            id: id.into(),
            name: name.into(),
            country: country.into(),
            ..Candidate::default()
        }
    }

    #[test]
    fn keeps_three_fields_apart_and_orders_by_id() {
        let mut who = Who::of(&candidate("c2", "Ana", "Brazil"));
        assert_eq!(
            (who.id(), who.name(), who.country()),
            ("c2", "Ana", "Brazil")
        );
        let long = "María José Fernández de la Peña ".repeat(4);
        who.set(&candidate("c10", &long, ""));
        assert_eq!(
            (who.id(), who.name(), who.country()),
            ("c10", long.as_str(), "")
        );
        let other = Who::of(&candidate("c2", "", "Chile"));
        // By id alone, as strings: "c10" < "c2", and the same id is the same key.
        assert!(who < other);
        assert_eq!(Who::of(&candidate("c2", "x", "y")), other);
        assert_eq!(Borrow::<str>::borrow(&who), "c10");
    }
}
