//! Reading inputs and writing outputs.

mod atomic;
mod candidates;
mod source;

pub use atomic::write_atomic;
pub use candidates::{
    read_candidates, read_csv, read_jsonl, CandidateSet, Columns, Format, ReadOptions, RowParser,
    UnknownSkill, UnknownSkills, FIELDS,
};
pub use source::{Chunk, RawRow, RowSource};
