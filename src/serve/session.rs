//! What the tuning server holds: the pool prepared once, the roles as saved, the labels and
//! the audit attributes; and the answers to its requests, without any HTTP.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

use chrono::NaiveDate;
use serde::Serialize;

use super::api::{
    ApiError, CategoryRate, Dropped, ImpactSummary, Lowest, Metrics, RankAnswer, RankRequest,
    SaveRequest, SavedComparison, MAX_TOP,
};
use super::save::edit_role;
use crate::audit::{impact_of_counts, FOUR_FIFTHS, MAX_GROUPS, UNKNOWN};
use crate::eval::{EvalOptions, Metric};
use crate::feature::{Feature, N_FEATURES};
use crate::io::write_atomic;
use crate::outcomes::{labelled_pairs, LabelRow, PairSource};
use crate::profile::Candidate;
use crate::rank::{Pool, PoolFeatures, RankOptions, RoleRanking};
use crate::report::{OutputFormat, Report, RoleDoc};
use crate::role::{parse_role_specs, FilterSpec, Role, RoleSpec};
use crate::score::Preset;

/// Candidates returned when a request names no `top`.
pub const DEFAULT_TOP: usize = 10;

/// What a session is made from.
#[derive(Debug)]
pub struct SessionInputs<'a> {
    /// The valid candidates.
    pub candidates: Vec<Candidate>,
    /// The candidate file's name, for messages.
    pub candidates_file: String,
    /// The roles with the specs they were checked from, in file order.
    pub roles: Vec<(RoleSpec, Role)>,
    /// The roles file: where Save writes (`None`: the bundled sample, which cannot be saved).
    pub roles_path: Option<PathBuf>,
    /// The roles file's name, for messages.
    pub roles_file: String,
    /// Hiring outcomes and their file's name, if given.
    pub labels: Option<(Vec<LabelRow>, String)>,
    /// Ranking options (reference date, taxonomy, rates; `top` and `model` unused).
    pub options: RankOptions<'a>,
}

/// One audit attribute: each candidate's category as a code.
#[derive(Debug)]
struct Attribute {
    name: String,
    categories: Vec<String>,
    code_of: Vec<u16>,
    pool: Vec<usize>,
}

/// A role as saved, and its labelled candidates' features.
#[derive(Debug)]
struct Entry {
    spec: RoleSpec,
    role: Role,
    /// Labelled candidates of the role: features and grades, in label-file order.
    labelled: Arc<Vec<([f64; N_FEATURES], f64)>>,
    /// Every candidate's features for the role, computed at its first ranking (they do not
    /// depend on the weights and filters requests change).
    features: OnceLock<Arc<PoolFeatures>>,
}

/// A saved top k: (id, name), best first.
type SavedTop = Arc<Vec<(String, String)>>;

/// Saved top ks by role id and k.
type SavedCache = HashMap<(String, usize), SavedTop>;

/// A request's role ranked.
struct Ranked {
    /// The role as scored.
    role: Role,
    /// Its ranking (one element).
    rankings: Vec<RoleRanking>,
    /// Its labelled candidates.
    labelled: Arc<Vec<([f64; N_FEATURES], f64)>>,
    /// The saved weights' top k.
    saved: SavedTop,
    /// The k asked for.
    top: usize,
}

/// A loaded tuning session.
#[derive(Debug)]
pub struct Session<'a> {
    pool: Pool<'a>,
    candidates_file: String,
    roles_path: Option<PathBuf>,
    roles_file: String,
    entries: RwLock<Vec<Entry>>,
    index: HashMap<String, u32>,
    attributes: Vec<Attribute>,
    has_labels: bool,
    /// The saved weights' top k, by role id and k (emptied when a role is saved).
    saved: Mutex<SavedCache>,
}

/// `GET /api/roles`: what the page needs to draw its controls.
#[derive(Debug, Serialize)]
pub struct RolesAnswer {
    /// The reference date.
    pub as_of: NaiveDate,
    /// Candidates loaded.
    pub candidates: usize,
    /// The candidate file's name.
    pub candidates_file: String,
    /// The roles file's name.
    pub roles_file: String,
    /// Whether Save can write the roles file (not the bundled sample).
    pub can_save: bool,
    /// Whether labels were given.
    pub labels: bool,
    /// The features, in score order, with what each measures.
    pub features: Vec<FeatureInfo>,
    /// Attributes whose impact ratio can be shown (`country` and the file's audit columns
    /// with at most 12 categories).
    pub attributes: Vec<String>,
    /// Every role.
    pub roles: Vec<RoleInfo>,
}

/// A feature's name and meaning.
#[derive(Debug, Serialize)]
pub struct FeatureInfo {
    /// The name weights use.
    pub name: &'static str,
    /// What it measures.
    pub doc: &'static str,
}

/// A role as saved.
#[derive(Debug, Serialize)]
pub struct RoleInfo {
    /// The id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The preset.
    pub strategy: &'static str,
    /// Relative weights in force: the preset's with the file's overrides.
    pub weights: BTreeMap<&'static str, f64>,
    /// The preset's relative weights.
    pub preset_weights: BTreeMap<&'static str, f64>,
    /// The file's `weights` table.
    pub overrides: BTreeMap<String, f64>,
    /// The weights normalized, as scores use them.
    pub normalized: BTreeMap<&'static str, f64>,
    /// The hard filters as written.
    pub filters: FilterSpec,
    /// The currency of the salary band and filter.
    pub salary_currency: String,
    /// Whether the role names a team time zone (an overlap filter needs one).
    pub has_team: bool,
    /// Labelled candidates of the role.
    pub labelled: usize,
}

/// `POST /api/roles/{id}/save`: what was written.
#[derive(Debug, Serialize)]
pub struct SaveAnswer {
    /// Always true (failures are errors).
    pub saved: bool,
    /// The role's id.
    pub role: String,
    /// The file written.
    pub file: String,
}

fn by_name(values: &[f64; N_FEATURES]) -> BTreeMap<&'static str, f64> {
    Feature::ALL
        .iter()
        .map(|f| (f.name(), values[f.index()]))
        .collect()
}

impl<'a> Session<'a> {
    /// Prepares the pool (in parallel), the labelled pairs and the audit attributes.
    ///
    /// # Errors
    /// A label names a role or candidate that is not there.
    pub fn new(inputs: SessionInputs<'a>) -> crate::Result<Session<'a>> {
        let roles: Vec<Role> = inputs.roles.iter().map(|(_, r)| r.clone()).collect();
        let mut labelled: Vec<Vec<([f64; N_FEATURES], f64)>> = vec![Vec::new(); roles.len()];
        if let Some((labels, labels_file)) = &inputs.labels {
            let source = PairSource {
                candidates: &inputs.candidates,
                candidates_file: &inputs.candidates_file,
                roles: &roles,
                roles_file: &inputs.roles_file,
                labels,
                labels_file,
            };
            let o = &inputs.options;
            let data = labelled_pairs(&source, o.as_of, o.taxonomy, o.rates)?;
            for (group, id) in data.groups.iter().zip(&data.query_ids) {
                let r = roles.iter().position(|r| &r.id == id).expect("a role's id");
                labelled[r] = group
                    .clone()
                    .map(|row| {
                        let features = std::array::from_fn(|j| data.features[[row, j]]);
                        (features, data.labels[row])
                    })
                    .collect();
            }
        }
        let index = inputs
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let attributes = attributes(&inputs.candidates);
        let pool = Pool::new(inputs.candidates, &roles, &inputs.options);
        let entries = inputs
            .roles
            .into_iter()
            .zip(labelled)
            .map(|((spec, role), labelled)| Entry {
                spec,
                role,
                labelled: Arc::new(labelled),
                features: OnceLock::new(),
            })
            .collect();
        Ok(Session {
            pool,
            candidates_file: inputs.candidates_file,
            roles_path: inputs.roles_path,
            roles_file: inputs.roles_file,
            entries: RwLock::new(entries),
            index,
            attributes,
            has_labels: inputs.labels.is_some(),
            saved: Mutex::new(HashMap::new()),
        })
    }

    /// Candidates loaded.
    pub fn candidates(&self) -> usize {
        self.pool.candidates().len()
    }

    /// Roles loaded.
    pub fn roles(&self) -> usize {
        self.entries().len()
    }

    fn entries(&self) -> std::sync::RwLockReadGuard<'_, Vec<Entry>> {
        self.entries.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// `GET /api/roles`.
    pub fn roles_answer(&self) -> RolesAnswer {
        let entries = self.entries();
        RolesAnswer {
            as_of: self.pool.options().as_of,
            candidates: self.candidates(),
            candidates_file: self.candidates_file.clone(),
            roles_file: self.roles_file.clone(),
            can_save: self.roles_path.is_some(),
            labels: self.has_labels,
            features: Feature::ALL
                .iter()
                .map(|&f| FeatureInfo {
                    name: f.name(),
                    doc: f.summary(),
                })
                .collect(),
            attributes: self.attributes.iter().map(|a| a.name.clone()).collect(),
            roles: entries
                .iter()
                .map(|e| {
                    let preset = e.role.preset.raw_weights();
                    let mut weights = preset;
                    for &(f, w) in &e.role.weight_overrides {
                        weights[f.index()] = w;
                    }
                    RoleInfo {
                        id: e.role.id.clone(),
                        title: e.role.title.clone(),
                        strategy: e.role.preset.name(),
                        weights: by_name(&weights),
                        preset_weights: by_name(&preset),
                        overrides: e.spec.weights.clone(),
                        normalized: by_name(e.role.weights().linear().weights()),
                        filters: e.spec.filters.clone(),
                        salary_currency: e
                            .role
                            .salary
                            .as_ref()
                            .map_or("USD".to_string(), |b| b.currency.to_string()),
                        has_team: e.role.team.is_some(),
                        labelled: e.labelled.len(),
                    }
                })
                .collect(),
        }
    }

    /// The role `id` checked with the request's weights and filters (the saved ones where
    /// the request gives none).
    fn tuned(
        &self,
        entry: &Entry,
        weights: Option<&BTreeMap<String, f64>>,
        filters: Option<&FilterSpec>,
    ) -> Result<(RoleSpec, Role), ApiError> {
        let mut spec = entry.spec.clone();
        if let Some(w) = weights {
            spec.weights = w.clone();
        }
        if let Some(f) = filters {
            spec.filters = f.clone();
        }
        let o = self.pool.options();
        let role = spec
            .clone()
            .check(o.taxonomy, o.rates, &self.roles_file)
            .map_err(|e| ApiError::bad(e.to_string()))?;
        Ok((spec, role))
    }

    /// `POST /api/rank`: the ranking, rendered as JSON.
    ///
    /// # Errors
    /// 404 for an unknown role; 400 for weights or filters the role file would not take
    /// (unknown features or skills, negative or non-finite weights), a `top` out of range,
    /// or an unknown attribute.
    pub fn rank(&self, request: &RankRequest) -> Result<Vec<u8>, ApiError> {
        let ranked = self.rank_role(request)?;
        let ranking = &ranked.rankings[0];
        let answer = RankAnswer {
            doc: RoleDoc::new(&ranked.role, ranking, request.explain),
            saved: compare_saved(ranking, &ranked.saved),
            metrics: (self.has_labels).then(|| metrics(&ranked.role, &ranked.labelled, ranked.top)),
            impact: match &request.audit_by {
                Some(name) if !name.is_empty() => Some(self.impact(name, ranking)?),
                _ => None,
            },
        };
        serde_json::to_vec(&answer).map_err(|e| ApiError::bad(e.to_string()))
    }

    /// `POST /api/export`: the ranking as `rank --format csv --explain` writes it.
    ///
    /// # Errors
    /// As [`Session::rank`].
    pub fn export(&self, request: &RankRequest) -> Result<Vec<u8>, ApiError> {
        // The same body as a ranking's, checked the same way.
        if let Some(name) = request.audit_by.as_deref().filter(|n| !n.is_empty()) {
            self.attribute(name)?;
        }
        let ranked = self.rank_role(request)?;
        let roles = [ranked.role];
        let report = Report {
            roles: &roles,
            rankings: &ranked.rankings,
            as_of: self.pool.options().as_of,
            explain: true,
            raw_csv: false,
            extra: &[],
        };
        report
            .render(OutputFormat::Csv)
            .map_err(|e| ApiError::bad(e.to_string()))
    }

    /// Ranks the request's role: the role as scored, its ranking, its labelled candidates and
    /// the saved weights' top k.
    fn rank_role(&self, request: &RankRequest) -> Result<Ranked, ApiError> {
        let k = ranking_top(request)?;
        let top = NonZeroUsize::new(k).expect("checked");
        let (saved_role, tuned, labelled, features) = {
            let entries = self.entries();
            let entry = entries
                .iter()
                .find(|e| e.role.id == request.role)
                .ok_or_else(|| ApiError::no_role(&request.role))?;
            let (_, tuned) =
                self.tuned(entry, request.weights.as_ref(), request.filters.as_ref())?;
            let features = entry
                .features
                .get_or_init(|| Arc::new(self.pool.features(&entry.role)))
                .clone();
            (entry.role.clone(), tuned, entry.labelled.clone(), features)
        };
        let role = if request.credentials_ignored {
            tuned.without(&Feature::CREDENTIALS).ok_or_else(|| {
                ApiError::bad("with degree and certifications ignored, no feature has weight")
            })?
        } else {
            tuned
        };
        let saved = self.saved_top(&saved_role, &features, top);
        let rankings = self
            .pool
            .rank_checked_screened(std::slice::from_ref(&role), &features, top);
        Ok(Ranked {
            role,
            rankings,
            labelled,
            saved,
            top: k,
        })
    }

    /// The saved weights' top k of a role: (id, name), best first.
    fn saved_top(&self, role: &Role, features: &PoolFeatures, top: NonZeroUsize) -> SavedTop {
        let key = (role.id.clone(), top.get());
        if let Some(hit) = self.saved_cache().get(&key) {
            return hit.clone();
        }
        let ranking = self
            .pool
            .rank_screened(std::slice::from_ref(role), features, top);
        let ids = Arc::new(
            ranking[0]
                .ranked
                .iter()
                .map(|r| (r.candidate_id.clone(), r.name.clone()))
                .collect::<Vec<_>>(),
        );
        self.saved_cache().insert(key, ids.clone());
        ids
    }

    fn saved_cache(&self) -> std::sync::MutexGuard<'_, SavedCache> {
        self.saved.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The attribute a request names (case-insensitively).
    fn attribute(&self, name: &str) -> Result<&Attribute, ApiError> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = self.attributes.iter().map(|a| a.name.as_str()).collect();
                ApiError::bad(format!(
                    "no attribute \"{name}\" (attributes: {})",
                    names.join(", ")
                ))
            })
    }

    /// Selection rates of a ranking's top k by category of an attribute, over the pool.
    fn impact(&self, name: &str, ranking: &RoleRanking) -> Result<ImpactSummary, ApiError> {
        let attribute = self.attribute(name)?;
        let mut selected = vec![0usize; attribute.categories.len()];
        for r in &ranking.ranked {
            let c = self.index[&r.candidate_id];
            selected[usize::from(attribute.code_of[c as usize])] += 1;
        }
        let impact = impact_of_counts(
            attribute
                .categories
                .iter()
                .zip(&attribute.pool)
                .zip(&selected)
                .map(|((c, &pool), &sel)| (c.as_str(), pool, sel)),
        );
        let lowest = impact
            .lowest
            .map(|(category, ratio)| Lowest { category, ratio });
        Ok(ImpactSummary {
            attribute: attribute.name.clone(),
            below_four_fifths: lowest.as_ref().is_some_and(|l| l.ratio < FOUR_FIFTHS),
            lowest,
            categories: impact.rates.iter().map(CategoryRate::from).collect(),
        })
    }

    /// `POST /api/roles/{id}/save`: writes the role's weights and filters into the roles
    /// file (atomically, keeping everything else as it was); they become the saved ones.
    ///
    /// # Errors
    /// 404 for an unknown role; 400 as [`Session::rank`]; 409 when the roles are the bundled
    /// sample, or the file on disk no longer has the role or no longer checks.
    pub fn save(&self, id: &str, request: &SaveRequest) -> Result<SaveAnswer, ApiError> {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        let entry = entries
            .iter_mut()
            .find(|e| e.role.id == id)
            .ok_or_else(|| ApiError::no_role(id))?;
        let (spec, tuned) =
            self.tuned(entry, request.weights.as_ref(), request.filters.as_ref())?;
        let Some(path) = &self.roles_path else {
            return Err(ApiError::conflict(
                "the roles are the bundled sample: start `shiprank serve --roles FILE` to save",
            ));
        };
        let weights = written_weights(&entry.spec, &spec, tuned.preset);
        let filters = (spec.filters != entry.spec.filters).then_some(&spec.filters);
        let text = std::fs::read_to_string(path)
            .map_err(|e| ApiError::conflict(format!("reading {}: {e}", self.roles_file)))?;
        let edited = edit_role(&text, id, &weights, filters)
            .map_err(|e| ApiError::conflict(format!("{}: {e}", self.roles_file)))?;
        let o = self.pool.options();
        let checked = parse_role_specs(&edited, &self.roles_file, o.taxonomy, o.rates)
            .map_err(|e| ApiError::conflict(format!("the edited file does not check: {e}")))?;
        let (spec, role) = checked
            .into_iter()
            .find(|(_, r)| r.id == id)
            .expect("the edited role");
        if edited != text {
            write_atomic(path, edited.as_bytes())
                .map_err(|e| ApiError::conflict(format!("writing {}: {e}", self.roles_file)))?;
        }
        entry.spec = spec;
        entry.role = role;
        // The file may have changed beyond these weights and filters.
        entry.features = OnceLock::new();
        self.saved_cache().retain(|(role, _), _| role != id);
        Ok(SaveAnswer {
            saved: true,
            role: id.to_string(),
            file: self.roles_file.clone(),
        })
    }
}

/// The `weights` table to write, in feature order: the new weights that differ from the
/// preset's, and those the file already names (a weight written down stays written down).
fn written_weights(old: &RoleSpec, new: &RoleSpec, preset: Preset) -> Vec<(String, f64)> {
    let preset = preset.raw_weights();
    Feature::ALL
        .iter()
        .filter_map(|f| {
            let w = *new.weights.get(f.name())?;
            let keep = old.weights.contains_key(f.name()) || preset[f.index()] != w;
            keep.then(|| (f.name().to_string(), w))
        })
        .collect()
}

fn ranking_top(request: &RankRequest) -> Result<usize, ApiError> {
    match request.top.unwrap_or(DEFAULT_TOP) {
        k @ 1..=MAX_TOP => Ok(k),
        k => Err(ApiError::bad(format!(
            "top must be between 1 and {MAX_TOP}, found {k}"
        ))),
    }
}

/// This top k against the saved one.
fn compare_saved(ranking: &RoleRanking, saved: &[(String, String)]) -> SavedComparison {
    let saved_rank: HashMap<&str, usize> = saved
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i + 1))
        .collect();
    let ranks: BTreeMap<String, usize> = ranking
        .ranked
        .iter()
        .filter_map(|r| {
            Some((
                r.candidate_id.clone(),
                *saved_rank.get(r.candidate_id.as_str())?,
            ))
        })
        .collect();
    let dropped = saved
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| !ranks.contains_key(id))
        .map(|(i, (id, name))| Dropped {
            candidate_id: id.clone(),
            name: name.clone(),
            saved_rank: i + 1,
        })
        .collect();
    SavedComparison {
        overlap: ranks.len(),
        ranks,
        dropped,
        of: saved.len(),
    }
}

/// NDCG@k and MAP of the role's weights on its labelled candidates.
fn metrics(role: &Role, labelled: &[([f64; N_FEATURES], f64)], k: usize) -> Metrics {
    let linear = role.weights().linear();
    let scores: Vec<f64> = labelled.iter().map(|(f, _)| linear.score(f)).collect();
    let labels: Vec<f64> = labelled.iter().map(|(_, l)| *l).collect();
    let options = EvalOptions::default();
    let (ndcg, map) = if labelled.is_empty() {
        (None, None)
    } else {
        (
            Metric::Ndcg { k: Some(k) }.compute(&labels, &scores, &options),
            Metric::Map.compute(&labels, &scores, &options),
        )
    };
    Metrics {
        k,
        ndcg,
        map,
        labelled: labelled.len(),
    }
}

/// `country` and every attribute column with a known value and at most [`MAX_GROUPS`]
/// categories, each candidate's category coded.
fn attributes(candidates: &[Candidate]) -> Vec<Attribute> {
    let names: BTreeSet<&str> = candidates
        .iter()
        .flat_map(|c| c.attributes.keys().map(String::as_str))
        .collect();
    let value = |c: &Candidate, name: &str| -> Option<String> {
        let v = if name == crate::audit::COUNTRY {
            Some(c.country.as_str())
        } else {
            c.attributes.get(name).map(String::as_str)
        };
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    std::iter::once(crate::audit::COUNTRY)
        .chain(names)
        .filter_map(|name| {
            let mut codes: BTreeMap<String, u16> = BTreeMap::new();
            let mut raw = Vec::with_capacity(candidates.len());
            for c in candidates {
                let v = value(c, name).unwrap_or_else(|| UNKNOWN.to_string());
                let next = codes.len();
                let code = *codes.entry(v).or_insert(next as u16);
                let limit = match name {
                    crate::audit::COUNTRY => usize::from(u16::MAX),
                    _ => MAX_GROUPS,
                };
                if codes.len() > limit {
                    return None;
                }
                raw.push(code);
            }
            if !codes.keys().any(|c| c != UNKNOWN) {
                return None;
            }
            // Categories in name order, codes renumbered to match.
            let categories: Vec<String> = codes.keys().cloned().collect();
            let order: Vec<u16> = {
                let mut by_code = vec![0u16; codes.len()];
                for (rank, code) in codes.values().enumerate() {
                    by_code[usize::from(*code)] = rank as u16;
                }
                by_code
            };
            let code_of: Vec<u16> = raw.iter().map(|&c| order[usize::from(c)]).collect();
            let mut pool = vec![0usize; categories.len()];
            for &c in &code_of {
                pool[usize::from(c)] += 1;
            }
            Some(Attribute {
                name: name.to_string(),
                categories,
                code_of,
                pool,
            })
        })
        .collect()
}
