//! Reading candidate files into memory: a file on disk in blocks on every thread, other
//! inputs through one reader; either way the candidates come out in file order.

use std::io::{BufReader, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result, RowError};

use super::blocks::{BlockSource, Scratch};
use super::candidates::{CandidateSet, ReadOptions, RowParser};
use super::columns::Format;
use super::input::Input;
use super::source::{Chunk, RawRow, RowSource};

/// Reads and validates a candidate file into memory. For files too large for memory, rank
/// them with [`rank_file`](crate::rank_file), which streams.
///
/// # Errors
/// The file cannot be read or parsed as a whole; or, unless `skip_invalid`, the first invalid
/// row as [`Error::Row`] (`FILE:LINE: field "NAME": reason`).
pub fn read_candidates(input: impl Into<Input>, options: &ReadOptions) -> Result<CandidateSet> {
    let input = input.into();
    match BlockSource::open(&input, options.dialect)? {
        Some(blocks) => read_blocks(&blocks, options),
        None => read_source(RowSource::open(&input, options.dialect)?, options),
    }
}

/// Reads a file in blocks on every thread of the current pool; the candidates come out in
/// file order, as [`read_source`] gives them.
fn read_blocks(blocks: &BlockSource, options: &ReadOptions) -> Result<CandidateSet> {
    let parser = RowParser::for_columns(blocks.columns(), blocks.format(), *options);
    let stop = AtomicBool::new(false);
    // Each block's rows, by the line of its first row.
    let parts: Mutex<Vec<(u64, CandidateSet)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let work = || {
        let (mut chunk, mut scratch) = (Chunk::default(), Scratch::default());
        while !stop.load(Ordering::Relaxed) {
            match blocks.fill(&mut chunk, &mut scratch) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    *failure.lock().expect("no reader panics holding it") = Some(e);
                    break;
                }
            }
            let Some(first) = chunk.rows().first().map(|r| r.line) else {
                continue;
            };
            let mut part = CandidateSet::default();
            parse_rows(&parser, chunk.rows(), blocks.file(), &mut part, |_| {
                if !options.skip_invalid {
                    stop.store(true, Ordering::Relaxed);
                }
            });
            parts
                .lock()
                .expect("no reader panics holding it")
                .push((first, part));
        }
    };
    rayon::scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            scope.spawn(|_| work());
        }
    });
    if let Some(e) = failure.into_inner().expect("no reader panicked holding it") {
        return Err(e);
    }
    let mut parts = parts.into_inner().expect("no reader panicked holding it");
    parts.sort_by_key(|(first, _)| *first);
    let mut set = CandidateSet::default();
    for (_, part) in parts {
        set.rows += part.rows;
        set.candidates.extend(part.candidates);
        set.rejects.extend(part.rejects);
        set.unknown_skills.merge(part.unknown_skills);
    }
    if !options.skip_invalid {
        if let Some(first) = set.rejects.into_iter().next() {
            return Err(Error::Row(first));
        }
        set.rejects = Vec::new();
    }
    Ok(set)
}

/// Validates rows into `set`, calling `rejected` at each invalid one.
fn parse_rows(
    parser: &RowParser,
    rows: &[RawRow],
    file: &str,
    set: &mut CandidateSet,
    mut rejected: impl FnMut(&RowError),
) {
    for row in rows {
        set.rows += 1;
        match parser.parse(row, file) {
            Ok(candidate) => {
                for name in &candidate.unknown_skills {
                    set.unknown_skills.add(name, row.line);
                }
                set.candidates.push(candidate);
            }
            Err(e) => {
                rejected(&e);
                set.rejects.push(e);
            }
        }
    }
}

/// Reads candidates from text in `format`, in sequence.
fn read_text<R: Read + Send>(
    input: R,
    file: &str,
    format: Format,
    options: &ReadOptions,
) -> Result<CandidateSet> {
    let rows = RowSource::new(
        Box::new(BufReader::new(input)),
        file,
        format,
        options.dialect,
    )?;
    read_source(rows, options)
}

/// Reads candidates from CSV text.
///
/// # Errors
/// As [`read_candidates`].
pub fn read_csv<R: Read + Send>(
    input: R,
    file: &str,
    options: &ReadOptions,
) -> Result<CandidateSet> {
    read_text(input, file, Format::Csv, options)
}

/// Reads candidates from JSONL text: one object per line; blank lines are skipped.
///
/// Scalar fields may be JSON strings or numbers; `skills`, `certifications` and
/// `repo_languages` may also be arrays (`skills` items as `"python:5"` or
/// `{"name": "python", "years": 5}`, or `skills` as an object `{"python": 5}`); `repos` (or
/// `repositories`) is an array of GitHub-style repository objects.
///
/// # Errors
/// As [`read_candidates`].
pub fn read_jsonl<R: Read + Send>(
    input: R,
    file: &str,
    options: &ReadOptions,
) -> Result<CandidateSet> {
    read_text(input, file, Format::Jsonl, options)
}

fn read_source(mut source: RowSource<'_>, options: &ReadOptions) -> Result<CandidateSet> {
    let parser = RowParser::new(&source, *options);
    let mut set = CandidateSet::default();
    let mut chunk = Chunk::default();
    let mut invalid = false;
    while !invalid && source.fill(&mut chunk, 4096)? {
        parse_rows(&parser, chunk.rows(), source.file(), &mut set, |_| {
            invalid = !options.skip_invalid;
        });
    }
    if invalid {
        return Err(Error::Row(set.rejects.swap_remove(0)));
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::RateTable;
    use crate::skills::Taxonomy;

    fn options(skip: bool) -> ReadOptions<'static> {
        ReadOptions {
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            skip_invalid: skip,
            keep_attributes: true,
            ..ReadOptions::new(Taxonomy::bundled(), RateTable::bundled())
        }
    }

    fn csv(text: &str, skip: bool) -> Result<CandidateSet> {
        read_csv(text.as_bytes(), "c.csv", &options(skip))
    }

    const HEADER: &str = "id,name,timezone,years_experience,skills,degree,salary_expectation,salary_currency,last_commit,gender\n";

    #[test]
    fn a_good_row_is_resolved() {
        let set = csv(&format!("{HEADER}c1,Ana,America/Sao_Paulo,5,Python:5;k8s;cobolx,master,300000,brl,2026-01-02,f\n"), false).unwrap();
        let c = &set.candidates[0];
        let t = Taxonomy::bundled();
        assert_eq!(c.stated_skills.len(), 2);
        assert!(
            c.skills.get(t.resolve("docker").unwrap()).is_some(),
            "kubernetes implies docker"
        );
        assert_eq!(c.unknown_skills, vec!["cobolx"]);
        assert_eq!(set.unknown_skills.get("cobolx").map(|u| u.count), Some(1));
        assert_eq!(c.salary.unwrap().currency.code(), "BRL");
        assert_eq!(c.attributes.get("gender").map(String::as_str), Some("f"));
    }

    fn first_error(row: &str) -> String {
        csv(&format!("{HEADER}{row}\n"), false)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_file_read_in_blocks_gives_what_reading_it_in_sequence_gives() {
        let mut text = Vec::new();
        let options_gen = crate::generate::GenerateOptions {
            candidates: 6000,
            seed: 5,
            as_of: "2026-10-01".parse().unwrap(),
        };
        crate::generate::generate(&options_gen, &mut text).unwrap();
        let mut text = String::from_utf8(text).unwrap();
        let first = text.lines().nth(1).unwrap().to_string();
        text.push_str(&format!("{first}\nshort,row\n"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pool.csv");
        std::fs::write(&path, &text).unwrap();
        let name = path.to_string_lossy().to_string();
        for skip in [true, false] {
            let sequential = csv(&text, skip).map_err(|e| e.to_string());
            let sequential =
                sequential.map(|s| (s.candidates, s.rejects, s.rows, s.unknown_skills));
            let sequential = sequential.map_err(|e| e.replace("c.csv", &name));
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let got = pool
                    .install(|| read_candidates(path.as_path(), &options(skip)))
                    .map(|s| (s.candidates, s.rejects, s.rows, s.unknown_skills))
                    .map_err(|e| e.to_string());
                let expected = sequential.clone().map(|(c, r, n, u)| {
                    let r: Vec<RowError> = r
                        .into_iter()
                        .map(|e| RowError {
                            file: name.clone(),
                            ..e
                        })
                        .collect();
                    (c, r, n, u)
                });
                assert_eq!(got, expected, "skip {skip}, {threads} threads");
            }
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (",Ana,,,,,,,,", "c.csv:2: field \"id\": missing id"),
            (
                "c1,Ana,Mars/Base,,,,,,,",
                "c.csv:2: field \"timezone\": unknown time zone",
            ),
            (
                "c1,Ana,,five,,,,,,",
                "c.csv:2: field \"years_experience\": invalid number \"five\"",
            ),
            (
                "c1,Ana,,-2,,,,,,",
                "c.csv:2: field \"years_experience\": must not be negative",
            ),
            (
                "c1,Ana,,,,,1e300,,,",
                "c.csv:2: field \"salary_expectation\": implausible",
            ),
            (
                "c1,Ana,,,python:1e308,,,,,",
                "c.csv:2: field \"skills\": skill \"python\": implausible",
            ),
            (
                "c1,Ana,,,,doctor,,,,",
                "c.csv:2: field \"degree\": unknown degree",
            ),
            (
                "c1,Ana,,,\"python, pytorch:3\",,,,,",
                "c.csv:2: field \"skills\": skills are separated by \";\", not \",\": found \
                 \"python, pytorch:3\", write \"python;pytorch:3\"",
            ),
            (
                "c1,Ana,,,,,12k,,,",
                "c.csv:2: field \"salary_expectation\": invalid number \"12k\"",
            ),
            (
                "c1,Ana,,,,,10,XYZ,,",
                "c.csv:2: field \"salary_currency\": unknown currency \"XYZ\"",
            ),
            (
                "c1,Ana,,,,,,,2026-02-30,",
                "c.csv:2: field \"last_commit\": invalid date",
            ),
            (
                "c1,Ana,,,rust:x,,,,,",
                "c.csv:2: field \"skills\": skill \"rust\": invalid number",
            ),
            (
                "c1,Ana",
                "c.csv:2: field \"(record)\": expected 10 fields, found 2",
            ),
        ];
        for (row, expected) in cases {
            let got = first_error(row);
            assert!(got.starts_with(expected), "{row}: {got}");
        }
    }

    #[test]
    fn duplicates_are_rejected_and_skipping_keeps_count() {
        let text = format!("{HEADER}c1,A,,,,,,,,\nc2,B,,x,,,,,,\nc1,C,,,,,,,,\nc3,D,,,,,,,,\n");
        let err = csv(&text, false).unwrap_err().to_string();
        assert!(err.contains("field \"years_experience\""), "{err}");
        let set = csv(&text, true).unwrap();
        assert_eq!(set.rows, 4);
        assert_eq!(set.candidates.len() + set.rejects.len(), set.rows);
        let dup = &set.rejects[1];
        assert_eq!((dup.line, dup.field.as_str()), (4, "id"));
        assert!(
            dup.reason.contains("an earlier row has it"),
            "{}",
            dup.reason
        );
    }

    #[test]
    fn jsonl_accepts_nested_forms() {
        let text = r#"{"id": "j1", "years_experience": 4, "skills": [{"name": "go", "years": 3}, "rust"], "repos": [{"name": "x", "language": "Go", "stargazers_count": 10, "fork": false, "pushed_at": "2026-01-01T10:00:00Z"}], "gender": "m"}

{"id": "j2", "skills": {"python": 2}}
not json
[1]
"#;
        let set = read_jsonl(text.as_bytes(), "c.jsonl", &options(true)).unwrap();
        assert_eq!(set.candidates.len(), 2);
        assert_eq!(
            set.candidates[0].repos[0].pushed_at,
            Some("2026-01-01".parse().unwrap())
        );
        assert_eq!(set.candidates[0].attributes["gender"], "m");
        assert_eq!(set.candidates[1].stated_skills[0].1, Some(2.0));
        let lines: Vec<_> = set.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 5]);
        let ids = "{\"id\": false}\n{\"id\": false}\n{\"id\": [\"a\"]}\n";
        let set = read_jsonl(ids.as_bytes(), "c.jsonl", &options(true)).unwrap();
        let errors: Vec<String> = set.rejects.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            errors,
            [
                "c.jsonl:1: field \"id\": must be a string or a number, found false",
                "c.jsonl:2: field \"id\": must be a string or a number, found false",
                "c.jsonl:3: field \"id\": must be a string or a number, found [\"a\"]",
            ]
        );
        let huge =
            r#"{"id": "j", "repos": [{"name": "a", "stargazers_count": 18446744073709551615}]}"#;
        let err = read_jsonl(huge.as_bytes(), "c.jsonl", &options(false)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.jsonl:1: field \"repos\": repository \"a\": implausible 18446744073709551615 \
             (at most 10000000) stars"
        );
    }

    #[test]
    fn jsonl_fields_are_trimmed_and_named_once() {
        let text = "{\"id\": \" \", \"name\": \"x\"}\n\
                    {\"id\": \" j2 \", \"years_experience\": \" 3 \"}\n\
                    {\"id\": \"j3\", \"skills\": \"go\", \"Skills\": \"rust\"}\n\
                    {\"id\": \"j4\", \"repos\": [], \"Repositories\": []}\n";
        let set = read_jsonl(text.as_bytes(), "c.jsonl", &options(true)).unwrap();
        assert_eq!(set.candidates.len(), 1);
        assert_eq!(set.candidates[0].id, "j2");
        assert_eq!(set.candidates[0].years_experience, 3.0);
        let errors: Vec<String> = set.rejects.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            errors,
            [
                "c.jsonl:1: field \"id\": missing id",
                "c.jsonl:3: field \"skills\": keys \"Skills\" and \"skills\" are the same \
                 field: keep one",
                "c.jsonl:4: field \"repos\": keys \"Repositories\" and \"repos\" are the same \
                 field: keep one",
            ]
        );
    }
}
