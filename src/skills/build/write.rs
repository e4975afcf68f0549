//! Writing the merged rows as taxonomy CSV text.

use super::merge::{Builder, Source};
use crate::error::{Error, Result};

/// The taxonomy CSV header, as [`Taxonomy::from_csv`](crate::Taxonomy::from_csv) reads it.
const HEADER: [&str; 6] = [
    "skill", "category", "aliases", "implies", "related", "source",
];

/// The name the generated text is checked under.
pub(super) const OUTPUT_NAME: &str = "taxonomy.generated.csv";

impl Builder {
    /// Writes the taxonomy CSV: curated rows in curated order, then the rest by name.
    pub(super) fn into_csv(self) -> Result<String> {
        let mut drafts = self.drafts;
        drafts[self.curated..].sort_by(|a, b| a.name.cmp(&b.name));
        let mut writer = csv::Writer::from_writer(Vec::new());
        let err = |e: &dyn std::fmt::Display| Error::parse(OUTPUT_NAME, e);
        writer.write_record(HEADER).map_err(|e| err(&e))?;
        for d in &drafts {
            let sources: Vec<&str> = (Source::ALL.iter())
                .filter(|s| d.sources & s.bit() != 0)
                .map(|s| s.name())
                .collect();
            let row = [
                d.name.as_str(),
                d.category.name(),
                &d.aliases.join(";"),
                &d.implies,
                &d.related,
                &sources.join("+"),
            ];
            writer.write_record(row).map_err(|e| err(&e))?;
        }
        let bytes = writer.into_inner().map_err(|e| err(&e))?;
        String::from_utf8(bytes).map_err(|e| err(&e))
    }
}
