//! Reading inputs and writing outputs.

mod atomic;
mod candidates;
mod cleanup;
mod columns;
mod models;
mod source;

pub use atomic::write_atomic;
pub use candidates::{
    read_candidates, read_csv, read_jsonl, CandidateSet, ReadOptions, RowParser, UnknownSkill,
    UnknownSkills,
};
pub use columns::{Columns, Format, FIELDS};
pub use models::{read_model, write_model};
pub use source::{Chunk, RawRow, RowSource};
