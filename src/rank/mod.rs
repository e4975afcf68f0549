//! Ranking: every requested role against every candidate, in one parallel pass, keeping a
//! bounded top k per role.
//!
//! [`Ranker`] prepares the roles of a run; linear scorers meet blocks of roles through the
//! batch kernel (`kernel.rs`), the fast path of [`Linear::score`](crate::score::Linear::score)
//! tested against it; [`TopK`] keeps the best candidates under a total order (score, then id);
//! [`rank_file`] streams a file through it (a reader thread, rayon workers) and [`rank()`] does
//! the same for candidates in memory. Results do not depend on thread count or chunk size.

mod credentials;
mod kernel;
mod lanes;
mod layout;
mod observe;
mod pool;
mod ranker;
mod screen;
mod stream;
mod topk;
mod who;

pub use crate::cpu::{Level, KERNEL_ENV};
pub use credentials::CredentialCheck;
pub use observe::{AllScores, Observer, SecondRanking};
pub use pool::Pool;
pub use ranker::{rank, RankOptions, RankedCandidate, Ranker, RoleRanking, TopKept};
pub use screen::PoolFeatures;
pub use stream::{rank_file, rank_file_observed, RankRun, StreamOptions};
pub use topk::TopK;
