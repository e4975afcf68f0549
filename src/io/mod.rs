//! Reading inputs and writing outputs.

mod atomic;
mod candidates;

pub use atomic::write_atomic;
pub(crate) use candidates::parse_date;
pub use candidates::{
    read_candidates, read_csv, read_jsonl, CandidateSet, Format, ReadOptions, FIELDS,
};
