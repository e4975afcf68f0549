//! Reading inputs and writing outputs.

mod atomic;
mod blocks;
mod candidates;
mod cleanup;
mod columns;
mod decimal;
mod dialect;
mod ids;
mod input;
mod json;
mod lines;
mod models;
mod paths;
mod read;
mod record;
mod row;
mod scan;
mod source;

pub use atomic::{write_atomic, write_atomic_with};
pub(crate) use blocks::{BlockSource, Scratch};
pub(crate) use candidates::MAX_SALARY_USD;
pub use candidates::{CandidateSet, ReadOptions, RowParser, UnknownSkill, UnknownSkills};
pub use cleanup::clean_up_on_signals;
pub use columns::{closest_name, Format, Renames, FIELDS};
pub use dialect::{parse_delimiter, parse_encoding, Dialect};
pub use input::{Bundled, Input};
pub(crate) use lines::Lines;
pub use models::{read_model, read_model_verified, write_model, write_model_signed};
pub use paths::{check_inputs, refuse_overwriting};
pub use read::{read_candidates, read_csv, read_jsonl};
pub use row::{find_row, RowFields};
pub use source::attribute_columns;
pub(crate) use source::{Chunk, RowSource};
