//! Streaming ranking: read, validate, score and select in chunks, in bounded memory.
//!
//! A file on disk is read in blocks by every worker at once (`io::BlockSource`); other inputs
//! by one reader thread that fills chunks (reusing their buffers) for rayon workers. Either
//! way each worker validates, featurizes and scores its rows into its own top-k selections,
//! which merge at the end. Only the selections, counters and the set of seen ids stay in
//! memory.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};

use rayon::iter::{ParallelBridge, ParallelIterator};

use super::observe::Observer;
use super::ranker::{Ranker, RoleRanking, Tops};
use crate::error::{Error, Result, RowError};
use crate::io::{
    BlockSource, Chunk, Input, ReadOptions, RowParser, RowSource, Scratch, UnknownSkills,
};
use crate::profile::Candidate;
use crate::skills::SkillRoutes;

/// How a stream is cut and watched.
#[derive(Clone, Copy, Debug)]
pub struct StreamOptions<'a> {
    /// Rows per chunk (default 2048). The result does not depend on it.
    pub chunk_rows: NonZeroUsize,
    /// Counts rows as they are processed, for a progress display.
    pub progress: Option<&'a AtomicU64>,
}

impl Default for StreamOptions<'_> {
    fn default() -> Self {
        StreamOptions {
            chunk_rows: NonZeroUsize::new(2048).expect("> 0"),
            progress: None,
        }
    }
}

/// The outcome of a streamed ranking.
#[derive(Clone, Debug)]
pub struct RankRun {
    /// One ranking per role.
    pub rankings: Vec<RoleRanking>,
    /// Rows read.
    pub rows: usize,
    /// Rows rejected (only with `skip_invalid`), in line order.
    pub rejects: Vec<RowError>,
    /// Skills the taxonomy does not know.
    pub unknown_skills: UnknownSkills,
    /// The CSV columns that are not candidate fields: kept for audit, never scored.
    pub attributes: Vec<String>,
    /// Valid rows with evidence dated after the reference date, which earns them nothing.
    pub dated_after: usize,
}

/// What each worker accumulates.
struct Acc<O> {
    tops: Tops,
    observer: O,
    /// Reused buffers of the chunk's valid candidates: the first `valid` are this chunk's.
    candidates: Vec<Candidate>,
    valid: usize,
    rows: usize,
    rejects: Vec<RowError>,
    unknown: UnknownSkills,
    dated_after: usize,
}

impl<O: Observer> Acc<O> {
    fn merge(mut self, other: Acc<O>) -> Acc<O> {
        self.tops.merge(other.tops);
        self.observer.merge(other.observer);
        self.rows += other.rows;
        self.rejects.extend(other.rejects);
        self.unknown.merge(other.unknown);
        self.dated_after += other.dated_after;
        self
    }
}

/// Ranks every row of a candidate file (CSV or JSONL, by its extension or content) for the
/// ranker's roles, streaming: only the blocks in flight and each role's top k are in memory.
/// A file on disk is read by every thread at once, each its own byte range.
///
/// The result equals [`rank`](crate::rank()) over [`read_candidates`](crate::read_candidates)
/// of the same file, for any chunk size and thread count.
///
/// # Errors
/// The file cannot be read; or, unless `read.skip_invalid`, the first invalid row (by line).
pub fn rank_file(
    input: impl Into<Input>,
    read: &ReadOptions,
    ranker: &Ranker,
    options: &StreamOptions,
) -> Result<RankRun> {
    Ok(rank_file_observed(input, read, ranker, options, &|| ())?.0)
}

/// [`rank_file`] with an [`Observer`] beside the ranking: `observer` makes one per worker,
/// and every valid candidate is shown to exactly one of them; the merged observer is returned
/// with the run.
///
/// # Errors
/// As [`rank_file`].
pub fn rank_file_observed<O: Observer>(
    input: impl Into<Input>,
    read: &ReadOptions,
    ranker: &Ranker,
    options: &StreamOptions,
    observer: &(dyn Fn() -> O + Sync),
) -> Result<(RankRun, O)> {
    let input = input.into();
    match BlockSource::open(&input, read.dialect)? {
        Some(blocks) => rank_blocks(&blocks, read, ranker, options, observer),
        None => {
            let source = RowSource::open(&input, read.dialect)?;
            rank_source(source, read, ranker, options, observer)
        }
    }
}

/// The routes stated skills expand through: to the skills the ranker and the observers read,
/// and no further.
fn routes_read<O: Observer>(
    read: &ReadOptions,
    ranker: &Ranker,
    observer: &(dyn Fn() -> O + Sync),
) -> SkillRoutes {
    let mut named = vec![false; read.taxonomy.len()];
    ranker.name_skills(&mut named);
    observer().name_skills(&mut named);
    read.taxonomy.routes().narrowed(|s| named[s as usize])
}

/// What every worker of a run shares: how to validate, score and count a chunk of rows.
struct Run<'a, O> {
    parser: RowParser<'a>,
    file: String,
    read: &'a ReadOptions<'a>,
    ranker: &'a Ranker<'a>,
    options: &'a StreamOptions<'a>,
    observer: &'a (dyn Fn() -> O + Sync),
    /// Set at the first invalid row (unless skipping them): no further chunk is read.
    stop: AtomicBool,
}

impl<O: Observer> Run<'_, O> {
    fn empty(&self) -> Acc<O> {
        Acc {
            tops: self.ranker.tops(),
            observer: (self.observer)(),
            candidates: Vec::new(),
            valid: 0,
            rows: 0,
            rejects: Vec::new(),
            unknown: UnknownSkills::default(),
            dated_after: 0,
        }
    }

    /// Validates, featurizes and scores one chunk.
    fn process(&self, acc: &mut Acc<O>, chunk: &Chunk) {
        let as_of = self.ranker.as_of();
        acc.valid = 0;
        for row in chunk.rows() {
            acc.rows += 1;
            if acc.valid == acc.candidates.len() {
                acc.candidates.push(Candidate::default());
            }
            let candidate = &mut acc.candidates[acc.valid];
            match self.parser.parse_into(row, &self.file, candidate) {
                Ok(()) => {
                    for name in &candidate.unknown_skills {
                        acc.unknown.add(name, row.line);
                    }
                    acc.dated_after += usize::from(candidate.dated_after(as_of));
                    acc.valid += 1;
                }
                Err(e) => {
                    if !self.read.skip_invalid {
                        self.stop.store(true, Ordering::Relaxed);
                    }
                    acc.rejects.push(e);
                }
            }
        }
        let candidates = &acc.candidates[..acc.valid];
        self.ranker.offer_all(&mut acc.tops, candidates);
        acc.observer
            .observe(candidates, acc.tops.prepared(), self.ranker);
        if let Some(counter) = self.options.progress {
            counter.fetch_add(chunk.rows().len() as u64, Ordering::Relaxed);
        }
    }

    /// The run's outcome from the merged accumulators.
    fn finish(&self, acc: Acc<O>, attributes: Vec<String>) -> Result<(RankRun, O)> {
        let mut rejects = acc.rejects;
        rejects.sort_by_key(|r| r.line);
        if !self.read.skip_invalid {
            if let Some(first) = rejects.into_iter().next() {
                return Err(Error::Row(first));
            }
            rejects = Vec::new();
        }
        let run = RankRun {
            rankings: self.ranker.finish(acc.tops),
            rows: acc.rows,
            rejects,
            unknown_skills: acc.unknown,
            attributes,
            dated_after: acc.dated_after,
        };
        Ok((run, acc.observer))
    }
}

/// Ranks every row of a file read in blocks: each worker reads, splits and processes blocks
/// of its own until none is left.
fn rank_blocks<O: Observer>(
    blocks: &BlockSource,
    read: &ReadOptions,
    ranker: &Ranker,
    options: &StreamOptions,
    observer: &(dyn Fn() -> O + Sync),
) -> Result<(RankRun, O)> {
    let routes = routes_read(read, ranker, observer);
    let run = Run {
        parser: RowParser::for_columns(blocks.columns(), blocks.format(), *read)
            .expanding_through(&routes),
        file: blocks.file().to_string(),
        read,
        ranker,
        options,
        observer,
        stop: AtomicBool::new(false),
    };
    let attributes: Vec<String> = blocks.columns().attributes().map(String::from).collect();
    let work = || -> Result<Acc<O>> {
        let mut acc = run.empty();
        let (mut chunk, mut scratch) = (Chunk::default(), Scratch::default());
        while !run.stop.load(Ordering::Relaxed) && blocks.fill(&mut chunk, &mut scratch)? {
            run.process(&mut acc, &chunk);
        }
        Ok(acc)
    };
    let workers = rayon::current_num_threads();
    let done = Mutex::new(Vec::with_capacity(workers));
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                let acc = work();
                done.lock().expect("no worker panics holding it").push(acc);
            });
        }
    });
    let mut merged = run.empty();
    for acc in done.into_inner().expect("no worker panicked holding it") {
        merged = merged.merge(acc?);
    }
    run.finish(merged, attributes)
}

/// Ranks every row of `source`, streaming (see [`rank_file_observed`]): one thread reads
/// chunks of rows, the others process them.
pub(crate) fn rank_source<O: Observer>(
    mut source: RowSource<'_>,
    read: &ReadOptions,
    ranker: &Ranker,
    options: &StreamOptions,
    observer: &(dyn Fn() -> O + Sync),
) -> Result<(RankRun, O)> {
    let attributes: Vec<String> = source.columns().attributes().map(String::from).collect();
    let routes = routes_read(read, ranker, observer);
    let run = Run {
        parser: RowParser::new(&source, *read).expanding_through(&routes),
        file: source.file().to_string(),
        read,
        ranker,
        options,
        observer,
        stop: AtomicBool::new(false),
    };
    let rows_per_chunk = options.chunk_rows.get();
    let (read_result, acc) = if rayon::current_num_threads() == 1 {
        // One thread: read and process in turn, with no reader thread beside it.
        let mut acc = run.empty();
        let mut chunk = Chunk::default();
        let mut read_result = Ok(());
        while !run.stop.load(Ordering::Relaxed) {
            match source.fill(&mut chunk, rows_per_chunk) {
                Ok(true) => run.process(&mut acc, &chunk),
                Ok(false) => break,
                Err(e) => {
                    read_result = Err(e);
                    break;
                }
            }
        }
        (read_result, acc)
    } else {
        let depth = 2 * rayon::current_num_threads() + 2;
        let (tx, rx) = mpsc::sync_channel::<Chunk>(depth);
        let (recycle_tx, recycle_rx) = mpsc::channel::<Chunk>();
        let source = &mut source;
        let run = &run;
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || -> Result<()> {
                while !run.stop.load(Ordering::Relaxed) {
                    let mut chunk = recycle_rx.try_recv().unwrap_or_default();
                    if !source.fill(&mut chunk, rows_per_chunk)? || tx.send(chunk).is_err() {
                        break;
                    }
                }
                Ok(())
            });
            let acc = rx
                .into_iter()
                .par_bridge()
                .fold(
                    || run.empty(),
                    |mut acc, chunk| {
                        run.process(&mut acc, &chunk);
                        let _ = recycle_tx.send(chunk);
                        acc
                    },
                )
                .reduce(|| run.empty(), Acc::merge);
            let read_result = reader
                .join()
                .unwrap_or_else(|_| Err(Error::Invalid("the reader thread panicked".into())));
            (read_result, acc)
        })
    };
    read_result?;
    run.finish(acc, attributes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::io::{read_csv, Format};
    use crate::rank::{rank, RankOptions, SecondRanking};
    use crate::{RateTable, Taxonomy};

    fn pool(n: usize) -> Vec<u8> {
        let options = GenerateOptions {
            candidates: n,
            seed: 11,
            as_of: "2026-10-01".parse().unwrap(),
        };
        let mut out = Vec::new();
        generate(&options, &mut out).unwrap();
        out
    }

    fn options() -> (ReadOptions<'static>, RankOptions<'static>) {
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        let read = ReadOptions {
            taxonomy,
            rates,
            skip_invalid: true,
            keep_attributes: true,
            ..ReadOptions::new(Taxonomy::bundled(), RateTable::bundled())
        };
        let rank = RankOptions {
            top: NonZeroUsize::new(20).unwrap(),
            as_of: "2026-10-01".parse().unwrap(),
            taxonomy,
            rates,
            model: None,
        };
        (read, rank)
    }

    /// Per role: candidates considered, (id, score) ranked, candidates excluded.
    type Summary = Vec<(usize, Vec<(String, f64)>, usize)>;

    fn summary(rankings: &[RoleRanking]) -> Summary {
        rankings
            .iter()
            .map(|r| {
                let ids = r
                    .ranked
                    .iter()
                    .map(|c| (c.candidate_id.clone(), c.score))
                    .collect();
                (r.considered, ids, r.excluded_total())
            })
            .collect()
    }

    #[test]
    fn streaming_equals_in_memory_for_any_chunk_size_and_thread_count() {
        let text = pool(3000);
        let roles_text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/roles.toml"))
                .unwrap();
        let (read, rank_options) = options();
        let roles = crate::role::roles_for_tests(&roles_text);
        let in_memory = read_csv(std::io::Cursor::new(text.clone()), "pool.csv", &read).unwrap();
        let expected = summary(&rank(&in_memory.candidates, &roles, &rank_options));
        let ranker = Ranker::new(&roles, &rank_options);
        for (chunk, threads) in [(1, 1), (7, 2), (2048, 4)] {
            let source = RowSource::new(
                Box::new(std::io::Cursor::new(text.clone())),
                "pool.csv",
                Format::Csv,
                read.dialect,
            )
            .unwrap();
            let stream = StreamOptions {
                chunk_rows: NonZeroUsize::new(chunk).unwrap(),
                progress: None,
            };
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let run = pool
                .install(|| rank_source(source, &read, &ranker, &stream, &|| ()))
                .unwrap()
                .0;
            assert_eq!(
                summary(&run.rankings),
                expected,
                "chunk {chunk}, threads {threads}"
            );
            assert_eq!(run.rows, 3000);
            assert_eq!(run.unknown_skills, in_memory.unknown_skills);
        }
    }

    #[test]
    fn skills_expand_far_enough_for_the_ranker_and_every_observer() {
        // The run's ranker names one role's skills, the observer's ranker another's: each
        // ranks, features and explanations included, as from fully expanded candidates.
        let text = pool(2000);
        let roles_text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/roles.toml"))
                .unwrap();
        let (read, rank_options) = options();
        let roles = crate::role::roles_for_tests(&roles_text);
        let (main, other) = (&roles[..1], &roles[4..5]);
        let in_memory = read_csv(std::io::Cursor::new(text.clone()), "pool.csv", &read).unwrap();
        let (ranker, second) = (
            Ranker::new(main, &rank_options),
            Ranker::new(other, &rank_options),
        );
        let source = RowSource::new(
            Box::new(std::io::Cursor::new(text)),
            "pool.csv",
            Format::Csv,
            read.dialect,
        )
        .unwrap();
        let observer = || SecondRanking::new(&second);
        let (run, seen) =
            rank_source(source, &read, &ranker, &StreamOptions::default(), &observer).unwrap();
        for (got, roles) in [(run.rankings, main), (seen.finish(), other)] {
            let expected = rank(&in_memory.candidates, roles, &rank_options);
            assert_eq!(summary(&got), summary(&expected));
            for (g, e) in got.iter().zip(&expected) {
                assert!(!g.ranked.is_empty());
                assert_eq!(g.ranked, e.ranked, "role {}", roles[0].id);
            }
        }
    }

    #[test]
    fn a_file_read_in_blocks_ranks_as_in_memory_for_any_block_size_and_thread_count() {
        let mut text = String::from_utf8(pool(2000)).unwrap();
        // A duplicate id, a malformed row and an invalid field, to be rejected on their lines.
        let first = text.lines().nth(1).unwrap().to_string();
        text.push_str(&format!("{first}\nshort,row\n"));
        let mut fields: Vec<&str> = first.split(',').collect();
        (fields[0], fields[6]) = ("late", "doctor");
        text.push_str(&format!("{}\n", fields.join(",")));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pool.csv");
        std::fs::write(&path, &text).unwrap();
        let roles_text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/roles.toml"))
                .unwrap();
        let (read, rank_options) = options();
        let roles = crate::role::roles_for_tests(&roles_text);
        let in_memory = read_csv(text.as_bytes(), &path.to_string_lossy(), &read).unwrap();
        assert_eq!(in_memory.rejects.len(), 3);
        let expected = summary(&rank(&in_memory.candidates, &roles, &rank_options));
        let ranker = Ranker::new(&roles, &rank_options);
        let input = Input::File(path.clone());
        for (block, threads) in [(50, 1), (997, 2), (4096, 3), (1 << 20, 2)] {
            let blocks = BlockSource::with_block_size(&input, read.dialect, block)
                .unwrap()
                .unwrap();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let stream = StreamOptions::default();
            let run = pool
                .install(|| rank_blocks(&blocks, &read, &ranker, &stream, &|| ()))
                .unwrap()
                .0;
            let what = format!("blocks of {block}, {threads} threads");
            assert_eq!(summary(&run.rankings), expected, "{what}");
            assert_eq!(run.rows, in_memory.rows, "{what}");
            assert_eq!(run.unknown_skills, in_memory.unknown_skills, "{what}");
            let rejects = |r: &[RowError]| r.iter().map(ToString::to_string).collect::<Vec<_>>();
            assert_eq!(rejects(&run.rejects), rejects(&in_memory.rejects), "{what}");
        }
    }

    #[test]
    fn the_first_invalid_row_by_line_stops_the_run() {
        let mut text = String::from_utf8(pool(500)).unwrap();
        text.push_str("bad1,x,,,-3\nbad2,x,,,-4\n");
        let (mut read, rank_options) = options();
        read.skip_invalid = false;
        let roles = crate::role::roles_for_tests("[[role]]\nid = \"r\"\n");
        let ranker = Ranker::new(&roles, &rank_options);
        let source = RowSource::new(
            Box::new(std::io::Cursor::new(text.into_bytes())),
            "p.csv",
            Format::Csv,
            &crate::io::Dialect::default(),
        )
        .unwrap();
        let stream = StreamOptions {
            chunk_rows: NonZeroUsize::new(3).unwrap(),
            progress: None,
        };
        let err = rank_source(source, &read, &ranker, &stream, &|| ())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("p.csv:502: "), "{err}");
    }
}
