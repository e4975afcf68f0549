//! Reading inputs and writing outputs.

mod atomic;
mod candidates;
mod models;
mod source;

pub use atomic::write_atomic;
pub(crate) use candidates::parse_date;
pub use candidates::{
    read_candidates, read_csv, read_jsonl, CandidateSet, Columns, Format, ReadOptions, RowParser,
    UnknownSkill, UnknownSkills, FIELDS,
};
pub use models::{read_model, write_model};
pub use source::{Chunk, RawRow, RowSource};
