//! The hand-curated rows, which come first and win every merge.

use super::merge::{Builder, Draft, Source};
use crate::error::{Error, Result};
use crate::skills::taxonomy::{normalize, Taxonomy};

impl Builder {
    /// Takes the curated rows verbatim (after checking they form a valid taxonomy).
    pub(super) fn add_curated(&mut self, curated_csv: &str) -> Result<()> {
        let file = "curated.csv";
        Taxonomy::from_csv(curated_csv, file)?;
        let mut reader = csv::ReaderBuilder::new().from_reader(curated_csv.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| Error::parse(file, e))?;
            let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let name = get(0);
            let id = self.drafts.len();
            let aliases: Vec<String> = get(2)
                .split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            for key in std::iter::once(&name).chain(&aliases) {
                self.keys.insert(normalize(key), id);
            }
            self.drafts.push(Draft {
                category: get(1).parse().map_err(|e| Error::parse(file, e))?,
                name,
                aliases,
                implies: get(3),
                related: get(4),
                sources: Source::Curated.bit(),
            });
        }
        self.curated = self.drafts.len();
        Ok(())
    }
}
