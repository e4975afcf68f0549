//! Reading inputs and writing outputs.

mod atomic;
mod candidates;
mod cleanup;
mod columns;
mod json;
mod lines;
mod models;
mod paths;
mod source;

pub use atomic::{write_atomic, write_atomic_with};
pub use candidates::{
    read_candidates, read_csv, read_jsonl, CandidateSet, ReadOptions, RowParser, UnknownSkill,
    UnknownSkills,
};
pub use cleanup::clean_up_on_signals;
pub use columns::{Format, FIELDS};
pub(crate) use lines::Lines;
pub use models::{read_model, write_model};
pub use paths::refuse_overwriting;
pub(crate) use source::{Chunk, RowSource};
