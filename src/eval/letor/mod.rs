//! Reading and writing SVMlight / LETOR ranking data.
//!
//! A data line is `label [qid:Q] index:value ... [# comment]`: a graded
//! relevance label, an optional query id, sparse features with 1-based
//! indices (absent features are 0) and an optional trailing comment. Blank
//! lines and lines holding only a comment are skipped.
//!
//! Queries are either given by `qid:` fields (consecutive rows with the same
//! qid form a query; a qid may not come back after another one) or, as in
//! LightGBM, by a `.query` file listing the number of rows of each
//! consecutive query, one per line. Data with neither is one query.
//!
//! ```
//! use shiprank::LetorReader;
//! let text = "2 qid:7 1:0.5 3:1 # doc-a\n0 qid:7 2:0.25\n1 qid:9 1:1\n";
//! let data = LetorReader::new().read_from(text.as_bytes(), "inline").unwrap();
//! assert_eq!(data.features.dim(), (3, 3));
//! assert_eq!(data.groups, vec![0..2, 2..3]);
//! assert_eq!(data.qids, Some(vec!["7".to_string(), "9".to_string()]));
//! assert_eq!(data.comments[0].as_deref(), Some("doc-a"));
//! ```

mod data;
mod errors;
mod query;
mod read;

pub use data::LetorData;
pub use errors::LetorError;
pub use read::{read_letor, LetorReader};
