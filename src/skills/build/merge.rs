//! Merging: the taxonomy under construction, and how an entry offered by a source joins it.
//!
//! Also the spelling helpers the sources share (aliases, slugs, initials, descriptions).

use std::collections::HashMap;

use crate::names::named_enum;
use crate::skills::taxonomy::{normalize, Category};

named_enum! {
    /// Where an entry came from, in precedence order; the name is the one in the `source`
    /// column.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Source: "source" {
        /// `data/taxonomy/curated.csv`.
        Curated = "curated",
        /// GitHub linguist.
        Linguist = "linguist",
        /// O*NET technology skills.
        Onet = "onet",
        /// ESCO digital skills.
        Esco = "esco",
    }
}

impl Source {
    /// This source's bit in [`Draft::sources`].
    pub(super) fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One output row in the making.
#[derive(Debug)]
pub(super) struct Draft {
    /// The canonical name.
    pub(super) name: String,
    /// The category of the first contributor.
    pub(super) category: Category,
    /// Other names, in the order they were added.
    pub(super) aliases: Vec<String>,
    /// The `implies` column (curated entries only).
    pub(super) implies: String,
    /// The `related` column (curated entries only).
    pub(super) related: String,
    /// [`Source::bit`]s of every contributor.
    pub(super) sources: u8,
}

/// A skill offered by a public source.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Candidate {
    /// Names, best first: the first is the canonical name of a new entry.
    pub(super) names: Vec<String>,
    /// Other names, looked up after `names` when finding an entry to merge into.
    pub(super) aliases: Vec<String>,
    /// Spellings used only to find an entry to merge into, never added as aliases.
    pub(super) probes: Vec<String>,
    /// The category of a new entry.
    pub(super) category: Category,
    /// Who offers it.
    pub(super) source: Source,
}

/// The taxonomy under construction: rows and the lookup key of every name and alias.
#[derive(Debug, Default)]
pub(super) struct Builder {
    /// The rows, curated ones first.
    pub(super) drafts: Vec<Draft>,
    /// The row of every name and alias, by [`normalize`]d key.
    pub(super) keys: HashMap<String, usize>,
    /// How many rows are curated.
    pub(super) curated: usize,
}

impl Builder {
    /// The row a name or alias already names.
    pub(super) fn find(&self, raw: &str) -> Option<usize> {
        self.keys.get(&normalize(raw)).copied()
    }

    /// Adds an alias to an entry unless its key is too short or already taken.
    fn add_alias(&mut self, id: usize, raw: &str) {
        let Some(alias) = clean_alias(raw) else {
            return;
        };
        let key = normalize(&alias);
        if key.chars().count() < 2 || self.keys.contains_key(&key) {
            return;
        }
        self.keys.insert(key, id);
        self.drafts[id].aliases.push(alias);
    }

    /// Merges a candidate into the entry one of its names already resolves to, or adds it.
    /// Returns the entry's index, or `None` when the candidate has no usable name.
    pub(super) fn offer(&mut self, candidate: Candidate) -> Option<usize> {
        // Only ESCO's alternative labels, already filtered to spellings of the label, are
        // trusted to find an entry: linguist's and O*NET's extras name neighbours too (`Jinja`
        // lists `django`).
        let by_alias = candidate.source == Source::Esco;
        let found = (candidate.names.iter())
            .chain(&candidate.probes)
            .chain(candidate.aliases.iter().filter(|_| by_alias))
            .find_map(|n| self.find(n));
        let id = match found {
            Some(id) => id,
            None => {
                let name = slug(candidate.names.first()?);
                let key = normalize(&name);
                if key.is_empty() {
                    return None;
                }
                self.keys.insert(key, self.drafts.len());
                self.drafts.push(Draft {
                    name,
                    category: candidate.category,
                    aliases: Vec::new(),
                    implies: String::new(),
                    related: String::new(),
                    sources: 0,
                });
                self.drafts.len() - 1
            }
        };
        self.merge_into(id, &candidate);
        Some(id)
    }

    /// Records a candidate as a contributor to an entry and adds its names as aliases.
    pub(super) fn merge_into(&mut self, id: usize, candidate: &Candidate) {
        self.drafts[id].sources |= candidate.source.bit();
        for alias in candidate.names.iter().chain(&candidate.aliases) {
            self.add_alias(id, alias);
        }
    }
}

/// Lower case, trimmed, inner whitespace collapsed; `None` for names that cannot sit in a
/// `;`-separated list.
pub(super) fn clean_alias(raw: &str) -> Option<String> {
    let alias = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!alias.is_empty() && !alias.contains([';', ','])).then_some(alias)
}

/// A canonical name: lower case, words joined by `-`.
pub(super) fn slug(raw: &str) -> String {
    let words: Vec<String> = raw
        .split_whitespace()
        .map(|w| w.replace([';', ','], "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// The initials of a phrase's words, lower case (`unified modelling language` → `uml`).
pub(super) fn initials<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .filter_map(|w| w.as_ref().chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether words read as a lower-case description (`Unit testing`, `Just-in-time compiler`)
/// rather than a name: several words, none but the first with a capital, digit or symbol.
pub(super) fn is_description(words: &[&str]) -> bool {
    words.len() >= 2
        && words[1..]
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::taxonomy::Taxonomy;

    #[test]
    fn colliding_aliases_are_dropped_not_errors() {
        let mut b = Builder::default();
        b.add_curated(
            "skill,category,aliases,implies,related,source\ngo,language,golang,,,curated\n",
        )
        .unwrap();
        let cand = |names: &[&str], aliases: &[&str], source| Candidate {
            names: names.iter().map(|s| s.to_string()).collect(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            probes: Vec::new(),
            category: Category::Language,
            source,
        };
        b.offer(cand(&["Go"], &["golang", "go-lang"], Source::Linguist));
        b.offer(cand(&["Gleam"], &["golang"], Source::Linguist));
        b.offer(cand(&["Gleam"], &["gleam-lang"], Source::Esco));
        let text = b.into_csv().unwrap();
        let t = Taxonomy::from_csv(&text, "t.csv").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.resolve("go-lang").map(|id| t.name(id)), Some("go"));
        assert_eq!(t.resolve("gleamlang").map(|id| t.name(id)), Some("gleam"));
        assert_eq!(t.entry(0).source, "curated+linguist");
        assert_eq!(t.entry(1).source, "linguist+esco");
    }
}
