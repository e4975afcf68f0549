//! The skill taxonomy: canonical skills, their aliases, and what they imply.
//!
//! A taxonomy is a CSV file with the header `skill,category,aliases,implies,related,source`:
//!
//! - `skill`: the canonical name (lower case, e.g. `pytorch`);
//! - `category`: one of [`Category`]'s names (`language`, `framework`, ...);
//! - `aliases`: `;`-separated other names (`torch;py-torch`);
//! - `implies`: `;`-separated canonical skills that knowing this one implies, with its years
//!   (`python;deep-learning`);
//! - `related`: `;`-separated `skill:credit` pairs earning partial credit (`tensorflow:0.6`);
//! - `source`: where the entry came from (`linguist`, `esco`, `onet`, `curated`).
//!
//! Names are compared after [`normalize`], so `React.js`, `reactjs` and `REACT JS` are one key.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::profile::{SkillId, SkillProfile};
use super::routes::SkillRoutes;
use crate::error::{Error, Result};
use crate::hash::FnvBuild;
use crate::names::named_enum;

named_enum! {
    /// The broad kind of a skill.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Category: "category" {
        /// A programming language (Python, Go, SQL...): can be evidenced by repositories.
        Language = "language",
        /// A framework or library (React, Django, PyTorch...).
        Framework = "framework",
        /// A database or data store.
        Database = "database",
        /// A cloud platform or managed service.
        Cloud = "cloud",
        /// Infrastructure, build and delivery tooling (Docker, Kubernetes, Terraform...).
        Tool = "tool",
        /// A practice or field of knowledge (machine learning, distributed systems...).
        Concept = "concept",
    }
}

/// Folds a skill name to its lookup key: lower case, with spaces, dots, dashes, underscores and
/// slashes removed (`+` and `#` are kept, so `C++` and `C#` stay apart from `C`).
///
/// ```
/// assert_eq!(shiprank::normalize_skill(" React.JS "), "reactjs");
/// assert_eq!(shiprank::normalize_skill("C++"), "c++");
/// ```
pub fn normalize(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !is_folded_away(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Characters [`normalize`] drops.
fn is_folded_away(c: char) -> bool {
    matches!(c, ' ' | '\t' | '.' | '-' | '_' | '/' | '\'' | '"')
}

/// One canonical skill.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillEntry {
    /// Canonical name.
    pub name: String,
    /// Broad kind.
    pub category: Category,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Skills it directly implies.
    pub implies: Vec<SkillId>,
    /// Related skills and the partial credit (0, 1) they earn.
    pub related: Vec<(SkillId, f32)>,
    /// Where the entry came from.
    pub source: String,
}

/// A skill taxonomy: canonical skills, alias lookup, and implication closure.
#[derive(Clone, Debug)]
pub struct Taxonomy {
    skills: Vec<SkillEntry>,
    by_key: HashMap<String, SkillId, FnvBuild>,
    /// Transitive closure of `implies`, excluding the skill itself.
    closure: Vec<Vec<SkillId>>,
    /// Per skill, every skill knowing it credits, and the credit.
    routes: SkillRoutes,
    /// Tells this taxonomy's answers apart in the per-thread memo of [`Taxonomy::resolve`].
    id: u64,
}

const BUNDLED: &str = include_str!("../../data/taxonomy.csv");

impl Taxonomy {
    /// The taxonomy shipped in `data/taxonomy.csv`, compiled into the binary.
    pub fn bundled() -> &'static Taxonomy {
        static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        TAXONOMY.get_or_init(|| {
            Taxonomy::from_csv(BUNDLED, "data/taxonomy.csv")
                .expect("the bundled taxonomy is checked by the test suite")
        })
    }

    /// Parses a taxonomy CSV (see the module docs for the format).
    ///
    /// # Errors
    /// A malformed row, an unknown category, a duplicate name or alias, or a reference to a
    /// skill that is not defined, each naming the file and line.
    pub fn from_csv(text: &str, file: &str) -> Result<Taxonomy> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let row_err = |line: u64, field: &str, reason: String| {
            Error::Row(crate::error::RowError {
                file: file.to_string(),
                line,
                id: None,
                field: field.to_string(),
                reason,
            })
        };
        struct Raw {
            line: u64,
            implies: String,
            related: String,
        }
        let mut skills = Vec::new();
        let mut raws = Vec::new();
        let mut by_key: HashMap<String, SkillId, FnvBuild> = HashMap::default();
        for record in reader.records() {
            let record = record.map_err(|e| Error::parse(file, e))?;
            let line = record.position().map_or(0, |p| p.line());
            let get = |i: usize| record.get(i).unwrap_or("").trim();
            let name = get(0).to_string();
            if name.is_empty() {
                return Err(row_err(line, "skill", "empty skill name".into()));
            }
            let category = get(1)
                .parse::<Category>()
                .map_err(|e| row_err(line, "category", e.to_string()))?;
            let aliases: Vec<String> = split_list(get(2)).map(str::to_string).collect();
            let id = skills.len() as SkillId;
            for key in std::iter::once(name.as_str()).chain(aliases.iter().map(String::as_str)) {
                let key = normalize(key);
                if let Some(&other) = by_key.get(&key) {
                    if other != id {
                        let other: &SkillEntry = &skills[other as usize];
                        let reason = format!("\"{key}\" already names \"{}\"", other.name);
                        return Err(row_err(line, "aliases", reason));
                    }
                }
                by_key.insert(key, id);
            }
            skills.push(SkillEntry {
                name,
                category,
                aliases,
                implies: Vec::new(),
                related: Vec::new(),
                source: get(5).to_string(),
            });
            raws.push(Raw {
                line,
                implies: get(3).to_string(),
                related: get(4).to_string(),
            });
        }
        let lookup = |line: u64, field: &str, name: &str| {
            by_key.get(&normalize(name)).copied().ok_or_else(|| {
                row_err(
                    line,
                    field,
                    format!("\"{name}\" is not a skill of this taxonomy"),
                )
            })
        };
        for (id, raw) in raws.iter().enumerate() {
            let implies = split_list(&raw.implies)
                .map(|n| lookup(raw.line, "implies", n))
                .collect::<Result<Vec<_>>>()?;
            let mut related = Vec::new();
            for item in split_list(&raw.related) {
                let (name, credit) = item.rsplit_once(':').ok_or_else(|| {
                    row_err(
                        raw.line,
                        "related",
                        format!("\"{item}\" is not skill:credit"),
                    )
                })?;
                let credit: f32 = credit
                    .trim()
                    .parse()
                    .ok()
                    .filter(|c| *c > 0.0 && *c < 1.0)
                    .ok_or_else(|| {
                        row_err(
                            raw.line,
                            "related",
                            format!("credit in \"{item}\" must be in (0, 1)"),
                        )
                    })?;
                related.push((lookup(raw.line, "related", name)?, credit));
            }
            skills[id].implies = implies;
            skills[id].related = related;
        }
        // Related credit is symmetric: pytorch ~ tensorflow makes tensorflow ~ pytorch.
        for id in 0..skills.len() {
            for (other, credit) in skills[id].related.clone() {
                let back = &mut skills[other as usize].related;
                if !back.iter().any(|(s, _)| *s == id as SkillId) {
                    back.push((id as SkillId, credit));
                }
            }
        }
        let closure: Vec<Vec<SkillId>> = (0..skills.len())
            .map(|id| implication_closure(&skills, id))
            .collect();
        let routes =
            SkillRoutes::from_lists((0..skills.len()).map(|id| routes_from(&skills, &closure, id)));
        static TAXONOMIES: AtomicU64 = AtomicU64::new(1);
        Ok(Taxonomy {
            skills,
            by_key,
            closure,
            routes,
            id: TAXONOMIES.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The number of canonical skills.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    /// Whether the taxonomy holds no skill.
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// Looks a name or alias up, after [`normalize`].
    ///
    /// Answers are remembered per thread by the name as written: a file spells its skills
    /// the same way row after row.
    pub fn resolve(&self, raw: &str) -> Option<SkillId> {
        let bytes = raw.as_bytes();
        if bytes.len() > MEMO_KEY {
            return self.look_up(raw);
        }
        let mut key = [0u8; MEMO_KEY];
        key[..bytes.len()].copy_from_slice(bytes);
        let words: [u64; MEMO_KEY / 8] =
            std::array::from_fn(|i| u64::from_le_bytes(key[8 * i..8 * i + 8].try_into().unwrap()));
        let mixed = words.iter().fold(bytes.len() as u64, |h, &w| {
            (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
        });
        let slot = (mixed >> (64 - MEMO_BITS)) as usize;
        MEMO.with_borrow_mut(|memo| {
            let entry = &mut memo[slot];
            if entry.taxonomy == self.id && entry.len == bytes.len() as u8 && entry.key == key {
                return entry.skill;
            }
            let skill = self.look_up(raw);
            *entry = Memo {
                taxonomy: self.id,
                len: bytes.len() as u8,
                key,
                skill,
            };
            skill
        })
    }

    /// [`Taxonomy::resolve`], not remembered.
    fn look_up(&self, raw: &str) -> Option<SkillId> {
        // Fast path: short ASCII names normalize on the stack.
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in raw.bytes() {
            if !b.is_ascii() || n == buf.len() {
                return self.by_key.get(&normalize(raw)).copied();
            }
            if !is_folded_away(char::from(b)) {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        let key = std::str::from_utf8(&buf[..n]).expect("ASCII");
        self.by_key.get(key).copied()
    }

    /// The entry for a skill.
    pub fn entry(&self, id: SkillId) -> &SkillEntry {
        &self.skills[id as usize]
    }

    /// The canonical name of a skill.
    pub fn name(&self, id: SkillId) -> &str {
        &self.skills[id as usize].name
    }

    /// Every skill a skill implies, transitively, excluding itself.
    pub fn implied(&self, id: SkillId) -> &[SkillId] {
        &self.closure[id as usize]
    }

    /// Every entry, in id order.
    pub fn entries(&self) -> &[SkillEntry] {
        &self.skills
    }

    /// Known names (canonical or alias) close to an unknown one, best first (at most 3).
    pub fn suggest(&self, raw: &str) -> Vec<&str> {
        let key = normalize(raw);
        if key.is_empty() {
            return Vec::new();
        }
        let length = key.chars().count();
        let limit = (length / 4).clamp(1, 3);
        let mut best: BTreeMap<(usize, SkillId), ()> = BTreeMap::new();
        for (alias, &id) in &self.by_key {
            // The distance is at least the difference in length: a long name costs nothing.
            if alias.chars().count().abs_diff(length) > limit {
                continue;
            }
            let d = edit_distance(&key, alias);
            if d <= limit {
                best.insert((d, id), ());
            }
        }
        let mut out: Vec<&str> = Vec::new();
        for &(_, id) in best.keys() {
            let name = self.name(id);
            if !out.contains(&name) {
                out.push(name);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    /// Expands stated skills (with optional years) through implication and relation.
    ///
    /// A stated skill earns credit 1 with its years (or
    /// [`UNSTATED_YEARS`](super::UNSTATED_YEARS)); each skill it implies earns credit 1 with
    /// the same years; each skill related to any of those earns the related credit. Where
    /// several routes reach a skill the best credit, then the most years, wins.
    pub fn expand(&self, stated: &[(SkillId, Option<f32>)]) -> SkillProfile {
        let mut profile = SkillProfile::default();
        self.expand_into(stated.iter().copied(), &mut profile);
        profile
    }

    /// [`Taxonomy::expand`] into `out`, reusing its buffer (no allocation once it has grown).
    pub fn expand_into(
        &self,
        stated: impl IntoIterator<Item = (SkillId, Option<f32>)>,
        out: &mut SkillProfile,
    ) {
        self.routes.expand_into(stated, out);
    }

    /// Every skill's routes: where knowing it leads (`SkillRoutes::narrowed` keeps some).
    pub fn routes(&self) -> &SkillRoutes {
        &self.routes
    }
}

/// Longest name [`Taxonomy::resolve`] remembers, in bytes.
const MEMO_KEY: usize = 24;
/// The memo has 2^MEMO_BITS entries per thread.
const MEMO_BITS: u32 = 9;

/// One remembered answer of [`Taxonomy::resolve`].
#[derive(Clone, Copy)]
struct Memo {
    /// The taxonomy's id (0: empty).
    taxonomy: u64,
    len: u8,
    key: [u8; MEMO_KEY],
    skill: Option<SkillId>,
}

thread_local! {
    static MEMO: std::cell::RefCell<[Memo; 1 << MEMO_BITS]> = const {
        std::cell::RefCell::new(
            [Memo {
                taxonomy: 0,
                len: 0,
                key: [0; MEMO_KEY],
                skill: None,
            }; 1 << MEMO_BITS],
        )
    };
}

/// Where knowing a skill leads: itself and what it implies (credit 1), and what those are
/// related to (their partial credit), the best credit kept per skill. Related credit does not
/// go on to a related skill's own relations.
fn routes_from(skills: &[SkillEntry], closure: &[Vec<SkillId>], id: usize) -> Vec<(SkillId, f32)> {
    let direct = std::iter::once(id as SkillId).chain(closure[id].iter().copied());
    let mut routes: Vec<(SkillId, f32)> = direct.clone().map(|s| (s, 1.0)).collect();
    for s in direct {
        routes.extend(skills[s as usize].related.iter().copied());
    }
    routes.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    routes.dedup_by_key(|r| r.0);
    routes
}

/// Splits a `;`-separated list, trimming items and dropping empty ones.
pub(crate) fn split_list(s: &str) -> impl Iterator<Item = &str> {
    // A byte scan: lists are short, and `;` is ASCII, so every cut is on a character boundary.
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let text = rest?;
        let (item, after) = match text.bytes().position(|b| b == b';') {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        rest = after;
        Some(item)
    })
    .map(trim)
    .filter(|s| !s.is_empty())
}

/// [`str::trim`], answering at once for empty text and for the usual text that starts and
/// ends with a visible ASCII character.
pub(crate) fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [] => text,
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            text
        }
        _ => text.trim(),
    }
}

fn implication_closure(skills: &[SkillEntry], start: usize) -> Vec<SkillId> {
    let mut seen = vec![false; skills.len()];
    seen[start] = true;
    let mut stack: Vec<SkillId> = skills[start].implies.clone();
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id as usize], true) {
            continue;
        }
        out.push(id);
        stack.extend_from_slice(&skills[id as usize].implies);
    }
    out.sort_unstable();
    out
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::{SkillMatch, UNSTATED_YEARS};

    /// Expansion as first written: every route collected, sorted, the best kept per skill.
    fn expand_by_sorting(t: &Taxonomy, stated: &[(SkillId, Option<f32>)]) -> Vec<SkillMatch> {
        let mut all = Vec::new();
        for &(skill, years) in stated {
            let years = years.unwrap_or(UNSTATED_YEARS);
            for s in std::iter::once(skill).chain(t.implied(skill).iter().copied()) {
                all.push(SkillMatch {
                    skill: s,
                    credit: 1.0,
                    years,
                });
            }
        }
        for i in 0..all.len() {
            let SkillMatch { skill, years, .. } = all[i];
            for &(other, credit) in &t.entry(skill).related {
                all.push(SkillMatch {
                    skill: other,
                    credit,
                    years,
                });
            }
        }
        all.sort_unstable_by(|a, b| {
            a.skill
                .cmp(&b.skill)
                .then(b.credit.total_cmp(&a.credit))
                .then(b.years.total_cmp(&a.years))
        });
        all.dedup_by_key(|m| m.skill);
        all
    }

    #[test]
    fn remembered_answers_are_each_taxonomys_own() {
        let (big, small) = (Taxonomy::bundled(), tiny());
        let mut names: Vec<String> = big.by_key.keys().cloned().collect();
        names.extend(
            [
                "Python",
                "REACT.JS",
                "cobolx",
                "a-name-longer-than-the-memo-key-allows",
            ]
            .map(String::from),
        );
        for _ in 0..2 {
            for name in &names {
                assert_eq!(big.resolve(name), big.look_up(name), "{name}");
                assert_eq!(small.resolve(name), small.look_up(name), "{name}");
            }
        }
    }

    #[test]
    fn lists_split_as_str_split_does() {
        for text in ["", ";", "a", "a;b", " a ; ;b;", "ñ;é ;;", ";;x"] {
            let expected: Vec<&str> = text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            assert_eq!(split_list(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn the_quick_trim_trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{2003}",
            "ñ",
            " ñ ",
            "\ta b\n",
            "x y",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn expansion_keeps_the_best_route_to_each_skill_as_sorting_would() {
        let t = Taxonomy::bundled();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut reused = SkillProfile::default();
        for _ in 0..3000 {
            let stated: Vec<(SkillId, Option<f32>)> = (0..next(12))
                .map(|_| {
                    let years = (next(3) > 0).then(|| next(40) as f32 / 4.0);
                    (next(t.len() as u64) as SkillId, years)
                })
                .collect();
            let expected = expand_by_sorting(t, &stated);
            assert_eq!(t.expand(&stated).matches(), expected, "{stated:?}");
            t.expand_into(stated.iter().copied(), &mut reused);
            assert_eq!(reused.matches(), expected, "{stated:?}");
        }
    }

    const TINY: &str = "skill,category,aliases,implies,related,source
python,language,py;python3,,,t
javascript,language,js,,,t
react,framework,reactjs,javascript,,t
nextjs,framework,next,react,,t
deep-learning,concept,dl,,,t
pytorch,framework,torch,python;deep-learning,tensorflow:0.6,t
tensorflow,framework,tf,python;deep-learning,,t
";

    fn tiny() -> Taxonomy {
        Taxonomy::from_csv(TINY, "tiny.csv").unwrap()
    }

    #[test]
    fn normalize_folds_case_and_punctuation() {
        assert_eq!(normalize("Node.js"), "nodejs");
        assert_eq!(normalize("C#"), "c#");
        assert_eq!(normalize("scikit-learn"), "scikitlearn");
    }

    #[test]
    fn aliases_resolve_to_the_canonical_skill() {
        let t = tiny();
        assert_eq!(t.resolve("JS"), t.resolve("javascript"));
        assert_eq!(t.resolve("React.js").map(|id| t.name(id)), Some("react"));
        assert_eq!(t.resolve("cobol"), None);
    }

    #[test]
    fn implication_is_transitive() {
        let t = tiny();
        let next = t.resolve("nextjs").unwrap();
        let names: Vec<_> = t.implied(next).iter().map(|&id| t.name(id)).collect();
        assert!(
            names.contains(&"react") && names.contains(&"javascript"),
            "{names:?}"
        );
    }

    #[test]
    fn expansion_inherits_years_and_gives_related_credit() {
        let t = tiny();
        let profile = t.expand(&[(t.resolve("pytorch").unwrap(), Some(3.0))]);
        let py = profile.get(t.resolve("python").unwrap()).unwrap();
        assert_eq!((py.credit, py.years), (1.0, 3.0));
        let tf = profile.get(t.resolve("tf").unwrap()).unwrap();
        assert_eq!(tf.credit, 0.6);
        assert!(profile.get(t.resolve("react").unwrap()).is_none());
    }

    #[test]
    fn related_credit_is_symmetric() {
        let t = tiny();
        let profile = t.expand(&[(t.resolve("tensorflow").unwrap(), None)]);
        assert_eq!(
            profile.get(t.resolve("pytorch").unwrap()).unwrap().credit,
            0.6
        );
    }

    #[test]
    fn stated_skill_beats_related_credit() {
        let t = tiny();
        let both = [
            (t.resolve("pytorch").unwrap(), None),
            (t.resolve("tf").unwrap(), Some(2.0)),
        ];
        let profile = t.expand(&both);
        assert_eq!(profile.get(t.resolve("tf").unwrap()).unwrap().credit, 1.0);
    }

    #[test]
    fn suggestions_find_near_misses() {
        let t = tiny();
        assert_eq!(t.suggest("pytorh"), vec!["pytorch"]);
        assert!(t.suggest("zzzzzzzzzz").is_empty());
        let long = "react-native".repeat(4000);
        let started = std::time::Instant::now();
        assert!(t.suggest(&long).is_empty());
        assert!(
            started.elapsed() < std::time::Duration::from_millis(50),
            "a long name is not compared letter by letter with every skill"
        );
    }

    #[test]
    fn bad_taxonomies_are_rejected_with_a_line() {
        let dup =
            "skill,category,aliases,implies,related,source\na,language,x,,,t\nb,language,x,,,t\n";
        let err = Taxonomy::from_csv(dup, "t.csv").unwrap_err().to_string();
        assert!(err.starts_with("t.csv:3: field \"aliases\""), "{err}");
        let dangling = "skill,category,aliases,implies,related,source\na,language,,nope,,t\n";
        let err = Taxonomy::from_csv(dangling, "t.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"nope\" is not a skill"), "{err}");
        let cat = "skill,category,aliases,implies,related,source\na,lang,,,,t\n";
        assert!(Taxonomy::from_csv(cat, "t.csv").is_err());
    }

    #[test]
    fn bundled_taxonomy_is_large_and_resolves_common_aliases() {
        let t = Taxonomy::bundled();
        assert!(t.len() >= 500, "{}", t.len());
        let pairs = [
            ("js", "javascript"),
            ("golang", "go"),
            ("k8s", "kubernetes"),
            ("postgres", "postgresql"),
            ("sklearn", "scikit-learn"),
            ("tf", "tensorflow"),
            ("ReactJS", "react"),
            ("C#", "c#"),
            ("C++", "c++"),
            ("Objective-C", "objective-c"),
        ];
        for (alias, canonical) in pairs {
            let id = t
                .resolve(alias)
                .unwrap_or_else(|| panic!("{alias} does not resolve"));
            assert_eq!(t.name(id), canonical, "{alias}");
            assert!(
                t.entry(id).source.starts_with("curated"),
                "{alias}: {}",
                t.entry(id).source
            );
        }
        let next = t.resolve("nextjs").unwrap();
        let implied: Vec<_> = t.implied(next).iter().map(|&i| t.name(i)).collect();
        assert!(
            implied.contains(&"react") && implied.contains(&"javascript"),
            "{implied:?}"
        );
        let profile = t.expand(&[(t.resolve("postgres").unwrap(), Some(2.0))]);
        let mysql = profile.get(t.resolve("mysql").unwrap()).unwrap();
        assert!(mysql.credit > 0.0 && mysql.credit < 1.0);
    }
}
