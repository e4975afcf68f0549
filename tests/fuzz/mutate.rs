//! A seeded, structure-aware mutator: byte flips, inserts of tokens that matter to the formats
//! (delimiters, quotes, byte-order marks, extreme numbers, odd dates, invalid UTF-8, the field
//! names of each format), field and number replacement, line duplication, case changes, deep
//! nesting and splices of two inputs. Deterministic for a seed.

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The largest input the mutator makes.
pub const MAX_LEN: usize = 64 * 1024;

/// Tokens that matter to every format.
const COMMON: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"|",
    b"\"",
    b"\"\"",
    b"'",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\0",
    b":",
    b"=",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xC3\x28",
    b"\xFF",
    b"\xE2\x82",
    b"\xF0\x9F\x98\x80",
    b"\xC3\xA9",
    b"\xC4\xB0",
    b"\xE1\xBA\x9E",
    b"\xE2\x80\xAE",
    b"\xE3\x80\x80",
    b"null",
    b"true",
    b"false",
    b"0",
    b"-0",
    b"-1",
    b"1",
    b"3",
    b"0.5",
    b"1e308",
    b"-1e308",
    b"1e309",
    b"1e-320",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"Infinity",
    b"4294967295",
    b"4294967296",
    b"65535",
    b"65536",
    b"9223372036854775807",
    b"18446744073709551615",
    b"18446744073709551616",
    b"340282366920938463463374607431768211456",
    b"2999-01-01",
    b"0000-01-01",
    b"9999-12-31",
    b"2026-02-29",
    b"2024-02-29",
    b"2026-06-01",
    b"1970-01-01T00:00:00Z",
    b"2026-05-31T23:59:60+14:00",
    b"+275760-09-13",
    b"262143-12-31",
    b"00:00-24:00",
    b"23:59-00:01",
    b"America/Sao_Paulo",
    b"Etc/GMT+12",
    b"UTC",
    b"id",
];

const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-0",
    b"1",
    b"-1",
    b"2",
    b"0.0",
    b"1e308",
    b"-1e308",
    b"1e309",
    b"5e-324",
    b"NaN",
    b"inf",
    b"4294967296",
    b"18446744073709551615",
    b"18446744073709551616",
    b"999999999",
    b"1000000",
    b"10000001",
    b"70",
    b"71",
    b"24",
    b"1e22",
    b"0x10",
    b"1_000",
    b"+5",
    b".5",
];

/// Tokens of one target's format.
fn format_tokens(target: &str) -> &'static [&'static [u8]] {
    match target {
        "csv" | "jsonl" => &[
            b"id",
            b"name",
            b"country",
            b"timezone",
            b"work_hours",
            b"years_experience",
            b"skills",
            b"degree",
            b"certifications",
            b"salary_expectation",
            b"salary_currency",
            b"public_repos",
            b"total_stars",
            b"total_forks",
            b"commits_last_year",
            b"last_commit",
            b"repo_languages",
            b"github",
            b"repos",
            b"repositories",
            b"ID",
            b"Skills",
            b"python:5",
            b"postgres:1e308",
            b"k8s;docker",
            b"phd",
            b"none",
            b"USD",
            b"BRL",
            b"EUR",
            b"XYZ",
            b"JPY",
            b"09:00-17:00",
            b"22:00-06:00",
            b"{\"id\":\"a\"}",
            b"\"id\":\"a\",",
            b"\"ID\":\"a\",",
            b"\"repos\":[{\"name\":\"x\"}]",
            b"\"skills\":{\"python\":5}",
            b"\"skills\":[{\"name\":\"go\",\"years\":3}]",
            b"{\"name\":\"r\",\"stargazers_count\":18446744073709551615,\"fork\":false}",
            b"\"pushed_at\":\"2999-01-01T00:00:00Z\"",
            b"=HYPERLINK(",
            b"@SUM(",
        ],
        "roles" => &[
            b"[[role]]\n",
            b"id = \"r\"\n",
            b"[role.filters]\n",
            b"[role.salary]\n",
            b"required = [\"python\"]\n",
            b"required = [{ skill = \"rust\", importance = 1e308 }]\n",
            b"nice = [\"go\", \"go\"]\n",
            b"min_years = ",
            b"team_timezone = ",
            b"core_hours = ",
            b"min_overlap_hours = ",
            b"salary = { min = 1, max = 1e308, currency = \"BRL\" }\n",
            b"strategy = \"balanced\"\n",
            b"weights = { repo_impact = 1e308, experience = 1e308 }\n",
            b"filters = { must_have = [\"python\"], max_salary = 1e308 }\n",
            b"skill_coverage",
            b"repo_impact",
            b"salary_fit",
            b"timezone_overlap",
            b"python",
            b"k8s",
            b"inf",
            b"nan",
            b"'''",
            b"\"\"\"",
            b"[[role]]\nid = \"r\"\n",
            b"= [",
            b"= {",
            b"\\U0001F600",
        ],
        "labels" => &[
            b"role_id,candidate_id,label\n",
            b"role_id",
            b"candidate_id",
            b"label",
            b"hired",
            b"Hired",
            b"rejected",
            b"screened",
            b"interviewed",
            b"backend",
            b"frontend",
            b"builder",
            b"doctor",
            b"empty",
            b"backend,builder,3\n",
            b"frontend,doctor,0\n",
            b"4",
        ],
        "letor" => &[
            b"qid:",
            b"qid:1",
            b"qid:",
            b" 1:",
            b" 2:0.5",
            b"# docid = ",
            b"docid",
            b"0:1",
            b"4294967295:1",
            b"4294967296:1",
            b"18446744073709551615:1",
            b"1000001:1",
            b"3:1e308",
            b"1:-1e308",
            b" 1:1 1:1",
            b"\n3 qid:q2 1:1\n",
        ],
        "github" => &[
            b"\n---\n",
            b"\"login\":\"ana\"",
            b"\"login\":",
            b"\"owner\":{\"login\":\"bob\"}",
            b"\"full_name\":\"bob/x\"",
            b"\"stargazers_count\":18446744073709551615",
            b"\"forks_count\":18446744073709551615",
            b"\"fork\":true",
            b"\"language\":\"Rust\"",
            b"\"language\":\"\\u0000\"",
            b"\"pushed_at\":\"2999-01-01T00:00:00Z\"",
            b"\"created_at\":\"0001-01-01\"",
            b"\"type\":\"PushEvent\"",
            b"\"payload\":{\"size\":18446744073709551615}",
            b"\"payload\":{\"commits\":[{}]}",
            b"\"actor\":{\"login\":\"zed\"}",
            b"[{\"status\":200,\"response\":",
            b"\"status\":404",
            b"\"message\":\"API rate limit exceeded\"",
            b"\"public_repos\":",
            b"\"topics\":[\"a\"]",
            b"\"size\":",
        ],
        "model" => &[
            b"\"format\"",
            b"\"shiprank-model\"",
            b"\"version\"",
            b"\"features\"",
            b"\"scaling\"",
            b"\"mean\"",
            b"\"std\"",
            b"\"algorithm\"",
            b"\"logistic\"",
            b"\"pairwise\"",
            b"\"svm\"",
            b"\"tree\"",
            b"\"lambdamart\"",
            b"\"params\"",
            b"\"model\"",
            b"\"weights\"",
            b"\"intercept\"",
            b"\"nodes\"",
            b"\"trees\"",
            b"\"feature\"",
            b"\"threshold\"",
            b"\"left\"",
            b"\"right\"",
            b"\"value\"",
            b"\"leaf\"",
            b"\"gamma\"",
            b"\"support_vectors\"",
            b"\"coefficients\"",
            b"\"rho\"",
            b"\"kernel\"",
            b"\"rbf\"",
            b"\"linear\"",
            b"\"training\"",
            b"\"checksum\"",
            b"\"max_depth\"",
            b"\"n_trees\"",
            b"\"learning_rate\"",
            b"\"min_samples_leaf\"",
            b"\"c\"",
            b"\"epochs\"",
            b"[]",
            b"{}",
            b"[0.0]",
            b"-1e308",
            b"1e-308",
        ],
        _ => &[],
    }
}

/// The token set for a target: the common tokens, its format's, and the words of its corpus.
pub fn dictionary(target: &str, corpus: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = COMMON
        .iter()
        .chain(format_tokens(target))
        .map(|t| t.to_vec())
        .collect();
    let mut words = std::collections::BTreeSet::new();
    for input in corpus {
        for word in input.split(|b| is_delimiter(*b)) {
            if !word.is_empty() && word.len() <= 40 {
                words.insert(word.to_vec());
            }
        }
    }
    out.extend(words.into_iter().take(2000));
    out
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b',' | b';' | b'\t' | b'\n' | b'\r' | b' ' | b':' | b'=' | b'{' | b'}' | b'[' | b']' | b'"'
    )
}

/// Spans of `input` between delimiters.
fn fields(input: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in input.iter().enumerate() {
        if is_delimiter(b) {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if input.len() > start {
        out.push((start, input.len()));
    }
    out
}

/// Lines of `input`, with their line ends.
fn lines(input: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in input.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if input.len() > start {
        out.push((start, input.len()));
    }
    out
}

/// Runs of ASCII digits (with a leading sign or dot, as numbers are written).
fn numbers(input: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < input.len() {
        if input[i].is_ascii_digit() {
            let mut start = i;
            if start > 0 && matches!(input[start - 1], b'-' | b'+') {
                start -= 1;
            }
            while i < input.len() && (input[i].is_ascii_digit() || matches!(input[i], b'.' | b'e'))
            {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// The mutator of one target: its dictionary and whether its inputs are JSON.
pub struct Mutator {
    pub dictionary: Vec<Vec<u8>>,
    pub json: bool,
}

impl Mutator {
    pub fn new(target: &str, corpus: &[Vec<u8>]) -> Mutator {
        Mutator {
            dictionary: dictionary(target, corpus),
            json: matches!(target, "jsonl" | "github" | "model"),
        }
    }

    /// A mutant of `input`: one to four stacked mutations; `other` is a second input to splice
    /// with.
    pub fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut data = input.to_vec();
        let rounds = 1 + rng.below(4);
        for _ in 0..rounds {
            self.once(rng, &mut data, other);
        }
        data.truncate(MAX_LEN);
        data
    }

    fn token(&self, rng: &mut Rng) -> Vec<u8> {
        rng.pick(&self.dictionary).clone()
    }

    fn once(&self, rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
        let at = |rng: &mut Rng, data: &Vec<u8>| rng.below(data.len() + 1);
        match rng.below(15) {
            // Flip a bit.
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            // Set a byte to one that matters.
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = *rng.pick(&[
                    0, 0xFF, 0x7F, 0x80, 0xC0, 0xEF, b'"', b',', b';', b'\n', b'\r', b'\t', b':',
                    b'#', b'-', b'.', b'e', b'{', b'[', b'\\',
                ]);
            }
            // Insert a token anywhere.
            2 | 3 => {
                let i = at(rng, data);
                let token = self.token(rng);
                data.splice(i..i, token);
            }
            // Replace a field with a token.
            4 | 5 => {
                let spans = fields(data);
                if !spans.is_empty() {
                    let (s, e) = *rng.pick(&spans);
                    data.splice(s..e, self.token(rng));
                }
            }
            // Replace a number with an extreme one.
            6 => {
                let spans = numbers(data);
                if !spans.is_empty() {
                    let (s, e) = *rng.pick(&spans);
                    data.splice(s..e, rng.pick(NUMBERS).to_vec());
                }
            }
            // Delete a range.
            7 if !data.is_empty() => {
                let s = rng.below(data.len());
                let e = (s + 1 + rng.below(16)).min(data.len());
                data.drain(s..e);
            }
            // Duplicate a range elsewhere.
            8 if !data.is_empty() => {
                let s = rng.below(data.len());
                let e = (s + 1 + rng.below(64)).min(data.len());
                let copy = data[s..e].to_vec();
                let i = at(rng, data);
                data.splice(i..i, copy);
            }
            // Duplicate, drop or swap lines.
            9 => {
                let spans = lines(data);
                if spans.len() >= 2 {
                    let (s, e) = *rng.pick(&spans);
                    let line = data[s..e].to_vec();
                    match rng.below(3) {
                        0 => {
                            let (t, _) = *rng.pick(&spans);
                            data.splice(t..t, line);
                        }
                        1 => {
                            data.drain(s..e);
                        }
                        _ => {
                            let times = 1 + rng.below(50);
                            let copies: Vec<u8> = line.repeat(times);
                            data.splice(e..e, copies);
                        }
                    }
                }
            }
            // Splice with the other input.
            10 => {
                let cut = at(rng, data);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            // Truncate.
            11 if !data.is_empty() => {
                let cut = rng.below(data.len());
                data.truncate(cut);
            }
            // Change case.
            12 if !data.is_empty() => {
                let s = rng.below(data.len());
                let e = (s + 1 + rng.below(12)).min(data.len());
                let upper = rng.one_in(2);
                for b in &mut data[s..e] {
                    *b = if upper {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
            }
            // Repeat a token many times (long fields, deep nesting).
            13 => {
                let token = if self.json && rng.one_in(2) {
                    rng.pick(&[&b"["[..], b"{\"a\":", b"[{\"x\":"]).to_vec()
                } else {
                    self.token(rng)
                };
                let most = if rng.one_in(4) { 5000 } else { 100 };
                let times = 1 + rng.below(most);
                let i = at(rng, data);
                data.splice(i..i, token.repeat(times));
            }
            // Nest the whole input (JSON) or repeat it.
            _ => {
                if self.json {
                    let depth = 1 + rng.below(300);
                    let mut nested = b"[".repeat(depth);
                    nested.extend_from_slice(data);
                    nested.extend(b"]".repeat(depth));
                    *data = nested;
                } else {
                    let copy = data.clone();
                    data.extend_from_slice(&copy);
                }
            }
        }
    }
}
