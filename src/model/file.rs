//! Model files: versioned JSON with a checksum, refused when anything does not fit.
//!
//! ```json
//! {
//!   "format": "shiprank-model",
//!   "version": 1,
//!   "features": ["skill_coverage", "..."],
//!   "scaling": { "mean": [...], "std": [...] },
//!   "algorithm": "pairwise",
//!   "params": { ... },
//!   "model": { "weights": [...], "intercept": 0.0 },
//!   "training": { "data_hash": "sha256:...", "trained_at": "2026-10-01", "rows": 2100,
//!                 "queries": 7, "metrics": { "ndcg@10": ... } },
//!   "checksum": "sha256:..."
//! }
//! ```
//!
//! The checksum is the SHA-256 of the canonical JSON of everything but the checksum: keys
//! sorted, no whitespace, numbers in their shortest round-trip form. It detects corruption and
//! accidental edits; it is not a signature (anyone can recompute it), so a refusal never shows
//! the digest the content would need. Numbers are read back
//! exactly (serde_json's `float_roundtrip`), so a loaded model scores exactly as the trained one.
//!
//! `model` depends on the algorithm: `weights` and `intercept` (standardized units) for
//! `logistic`, `pairwise` and linear `svm`; `gamma`, `support_vectors`, `coefficients` and
//! `rho` for RBF `svm`; `nodes` for `tree`; `trees` (each with `nodes`) for `lambdamart`. A
//! split node sends `x <= threshold` to `left`, on standardized features. Every algorithm sees
//! features standardized with `scaling`, so `pairwise`'s own `standardize` is stored as `false`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::{ModelError, Refusal};
use super::trained::{Model, TrainingInfo};
use crate::hash::hex;
use crate::learn::{
    Algorithm, KernelModel, LambdaMart, LambdaMartParams, Learned, LinearModel, LogisticParams,
    PairwiseParams, RegressionTree, Scaling, SvmKernel, SvmParams, TreeNode, TreeParams,
    ValidParams,
};
use linfa::ParamGuard;

/// The `format` of every model file.
pub const MODEL_FORMAT: &str = "shiprank-model";
/// The model file version this build writes and reads.
pub const MODEL_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    features: &'a [String],
    scaling: &'a Scaling,
    algorithm: &'static str,
    params: &'a ValidParams,
    model: Value,
    training: &'a TrainingInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)] // checked before decoding
    format: String,
    #[allow(dead_code)] // checked before decoding
    version: Value,
    features: Vec<String>,
    scaling: Scaling,
    algorithm: String,
    params: Value,
    model: Value,
    training: TrainingInfo,
    #[allow(dead_code)] // checked before decoding
    checksum: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TreeRepr {
    nodes: Vec<TreeNode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoostedRepr {
    trees: Vec<TreeRepr>,
}

impl Model {
    /// The model file's bytes: pretty JSON, ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        let model = match self.learned() {
            Learned::Linear(m) => serde_json::to_value(m),
            Learned::Kernel(m) => serde_json::to_value(m),
            Learned::Tree(t) => serde_json::to_value(t),
            Learned::Boosted(b) => serde_json::to_value(serde_json::json!({ "trees": b.trees() })),
        }
        .expect("models serialize");
        let mut out = FileOut {
            format: MODEL_FORMAT,
            version: MODEL_VERSION,
            features: self.features(),
            scaling: self.scaling(),
            algorithm: self.algorithm().name(),
            params: self.params(),
            model,
            training: self.training(),
            checksum: None,
        };
        let value = serde_json::to_value(&out).expect("models serialize");
        out.checksum = Some(checksum(&value));
        let mut bytes = serde_json::to_vec_pretty(&out).expect("models serialize");
        bytes.push(b'\n');
        bytes
    }

    /// Reads a model from the bytes of a model file; `file` names it in messages.
    ///
    /// # Errors
    /// The model is refused ([`ModelError::Refused`]): not a shiprank model, an unknown version,
    /// a checksum that does not match ("modified after training"), or content that does not
    /// hold together.
    pub fn from_json(bytes: &[u8], file: &str) -> Result<Model, ModelError> {
        let refuse = |r: Refusal| ModelError::refused(file, r);
        let malformed = |why: String| refuse(Refusal::Malformed(why));
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| refuse(Refusal::NotAModel(format!("invalid JSON: {e}"))))?;
        let Value::Object(mut object) = value else {
            return Err(refuse(Refusal::NotAModel("not a JSON object".into())));
        };
        match object.get("format") {
            Some(Value::String(f)) if f == MODEL_FORMAT => {}
            Some(other) => {
                return Err(refuse(Refusal::NotAModel(format!(
                    "format is {other}, expected \"{MODEL_FORMAT}\""
                ))))
            }
            None => return Err(refuse(Refusal::NotAModel("no \"format\" key".into()))),
        }
        match object.get("version") {
            Some(Value::Number(n)) if n.as_u64() == Some(u64::from(MODEL_VERSION)) => {}
            other => {
                return Err(refuse(Refusal::UnknownVersion {
                    found: other.map_or_else(|| "(none)".into(), Value::to_string),
                    supported: MODEL_VERSION,
                }))
            }
        }
        let stored = match object.remove("checksum") {
            Some(Value::String(s)) => s,
            _ => return Err(malformed("no \"checksum\" string".into())),
        };
        let computed = checksum(&Value::Object(object.clone()));
        if stored != computed {
            return Err(refuse(Refusal::Checksum));
        }
        object.insert("checksum".into(), Value::String(stored));
        let f: FileIn =
            serde_json::from_value(Value::Object(object)).map_err(|e| malformed(e.to_string()))?;
        let n = f.features.len();
        if n == 0 {
            return Err(malformed("no features".into()));
        }
        f.scaling.check(n).map_err(malformed)?;
        let algorithm = f
            .algorithm
            .parse::<Algorithm>()
            .map_err(|e| malformed(e.into()))?;
        let params = decode_params(algorithm, f.params).map_err(malformed)?;
        let learned = decode_learned(&params, f.model, n).map_err(malformed)?;
        let model = Model::new(f.features, f.scaling, params, learned, f.training);
        if let Some(raw) = model.raw_linear() {
            if !raw
                .weights
                .iter()
                .chain([&raw.intercept])
                .all(|w| w.is_finite())
            {
                let why = "model: a weight overflows in raw feature units (weight / scaling std)";
                return Err(malformed(why.into()));
            }
        }
        Ok(model)
    }
}

/// `sha256:HEX` of the canonical JSON of a value.
fn checksum(value: &Value) -> String {
    let mut text = String::new();
    canonical(value, &mut text);
    format!("sha256:{}", hex(&Sha256::digest(text.as_bytes())))
}

/// Writes `value` as JSON with object keys sorted and no whitespace.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn parse<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("{what}: {e}"))
}

/// Parameters as stored, checked as any others.
fn decode_params(algorithm: Algorithm, value: Value) -> Result<ValidParams, String> {
    let checked = match algorithm {
        Algorithm::Logistic => parse::<LogisticParams>("params", value)?
            .check()
            .map(ValidParams::Logistic)
            .map_err(|e| e.to_string()),
        Algorithm::Pairwise => parse::<PairwiseParams>("params", value)?
            .check()
            .map(ValidParams::Pairwise)
            .map_err(|e| e.to_string()),
        Algorithm::Svm => parse::<SvmParams>("params", value)?
            .check()
            .map(ValidParams::Svm)
            .map_err(|e| e.to_string()),
        Algorithm::Tree => parse::<TreeParams>("params", value)?
            .check()
            .map(ValidParams::Tree)
            .map_err(|e| e.to_string()),
        Algorithm::LambdaMart => parse::<LambdaMartParams>("params", value)?
            .check()
            .map(ValidParams::LambdaMart)
            .map_err(|e| e.to_string()),
    };
    checked.map_err(|e| format!("params: {e}"))
}

/// What the algorithm learned, checked against the number of features.
fn decode_learned(params: &ValidParams, value: Value, n: usize) -> Result<Learned, String> {
    let linear = |value: Value| -> Result<Learned, String> {
        let m: LinearModel = parse("model", value)?;
        if m.weights.len() != n {
            return Err(format!(
                "model: {} weights for {n} features",
                m.weights.len()
            ));
        }
        if !m
            .weights
            .iter()
            .chain([&m.intercept])
            .all(|w| w.is_finite())
        {
            return Err("model: a weight is not finite".into());
        }
        Ok(Learned::Linear(m))
    };
    match params {
        ValidParams::Logistic(_) | ValidParams::Pairwise(_) => linear(value),
        ValidParams::Svm(p) if p.kernel_kind() == SvmKernel::Linear => linear(value),
        ValidParams::Svm(_) => {
            let m: KernelModel = parse("model", value)?;
            m.check(n).map_err(|e| format!("model: {e}"))?;
            Ok(Learned::Kernel(m))
        }
        ValidParams::Tree(_) => {
            let t: TreeRepr = parse("model", value)?;
            let tree = RegressionTree::from_nodes(t.nodes, n).map_err(|e| e.to_string())?;
            Ok(Learned::Tree(tree))
        }
        ValidParams::LambdaMart(p) => {
            let b: BoostedRepr = parse("model", value)?;
            let trees = b
                .trees
                .into_iter()
                .map(|t| RegressionTree::from_nodes(t.nodes, n))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            let model = LambdaMart::from_trees(n, p.clone(), trees).map_err(|e| e.to_string())?;
            Ok(Learned::Boosted(model))
        }
    }
}

/// The checksum a model file's content should carry, for tools and tests that edit a file on
/// purpose (`sha256:HEX`).
///
/// # Errors
/// The bytes are not a JSON object.
pub fn model_checksum(bytes: &[u8]) -> Result<String, String> {
    let mut value: Map<String, Value> =
        serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    value.remove("checksum");
    Ok(checksum(&Value::Object(value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::TrainParams;
    use crate::outcomes::train;
    use crate::outcomes::RankData;
    use ndarray::{Array1, Array2};

    /// Two features, relevance rising with the first; 6 queries of 12 rows.
    fn data() -> RankData {
        let mut rng = crate::learn::rng::Rng::new(9);
        let n = 72;
        let features = Array2::from_shape_fn((n, 2), |_| rng.unit());
        let labels: Array1<f64> = features
            .rows()
            .into_iter()
            .map(|r| (r[0] * 3.99).floor())
            .collect();
        RankData {
            features,
            labels,
            groups: (0..6).map(|q| q * 12..(q + 1) * 12).collect(),
            query_ids: (0..6).map(|q| q.to_string()).collect(),
            doc_ids: (0..n).map(|r| r.to_string()).collect(),
            feature_names: vec!["a".into(), "b".into()],
            source_rows: (0..n).collect(),
        }
    }

    fn trained(algorithm: Algorithm) -> Model {
        let mut p = TrainParams::new(algorithm);
        if algorithm == Algorithm::LambdaMart {
            p = p
                .set("n_trees", "5")
                .and_then(|p| p.set("min_data_in_leaf", "3"))
                .and_then(|p| p.set("min_sum_hessian_in_leaf", "0"))
                .unwrap();
        }
        if algorithm == Algorithm::Tree {
            p = p.set("min_samples_leaf", "2").unwrap();
        }
        train(&data(), &p.check().unwrap(), "2026-10-01".parse().unwrap()).unwrap()
    }

    #[test]
    fn every_algorithm_round_trips_exactly() {
        let d = data();
        for algorithm in Algorithm::ALL {
            let model = trained(algorithm);
            let bytes = model.to_json();
            let back = Model::from_json(&bytes, "m.json").unwrap();
            assert_eq!(back, model, "{algorithm}");
            assert_eq!(back.to_json(), bytes, "{algorithm}: writing is stable");
            let scores = model.predict(d.features.view()).unwrap();
            assert_eq!(
                back.predict(d.features.view()).unwrap(),
                scores,
                "{algorithm}"
            );
        }
        let svm = trained(Algorithm::Svm);
        assert!(
            matches!(svm.learned(), Learned::Kernel(_)),
            "rbf by default"
        );
    }

    fn text(model: &Model) -> String {
        String::from_utf8(model.to_json()).unwrap()
    }

    fn refusal(text: &str) -> Refusal {
        match Model::from_json(text.as_bytes(), "m.json") {
            Err(ModelError::Refused { refusal, .. }) => refusal,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_changed_weight_fails_the_checksum() {
        let model = trained(Algorithm::Pairwise);
        let t = text(&model);
        let Learned::Linear(m) = model.learned() else {
            unreachable!()
        };
        let w = serde_json::to_string(&m.weights[0]).unwrap();
        let tampered = t.replacen(&w, "0.5", 1);
        assert_ne!(tampered, t);
        let r = refusal(&tampered);
        assert!(matches!(r, Refusal::Checksum), "{r}");
        assert!(r.to_string().contains("modified after training"), "{r}");
        // Reformatting alone keeps it valid: the checksum is over canonical JSON.
        let compact = serde_json::to_string(&serde_json::from_str::<Value>(&t).unwrap()).unwrap();
        assert!(Model::from_json(compact.as_bytes(), "m.json").is_ok());
    }

    #[test]
    fn unknown_formats_and_versions_are_refused() {
        let t = text(&trained(Algorithm::Logistic));
        let v2 = t.replacen("\"version\": 1", "\"version\": 2", 1);
        let r = refusal(&v2);
        assert_eq!(
            r.to_string(),
            "unknown model format version 2 (this shiprank reads version 1): retrain the model"
        );
        let other = t.replacen("shiprank-model", "lightgbm", 1);
        assert!(matches!(refusal(&other), Refusal::NotAModel(_)));
        assert!(matches!(refusal("[1, 2]"), Refusal::NotAModel(_)));
        assert!(matches!(refusal("{"), Refusal::NotAModel(_)));
    }

    #[test]
    fn consistent_checksums_do_not_save_inconsistent_content() {
        let t = text(&trained(Algorithm::Pairwise));
        // Drop a feature name, then re-sign the file as a careless tool might.
        let edited = t.replacen("\"a\",", "", 1);
        let mut value: Map<String, Value> = serde_json::from_str(&edited).unwrap();
        value.insert(
            "checksum".into(),
            model_checksum(edited.as_bytes()).unwrap().into(),
        );
        let r = refusal(&serde_json::to_string(&value).unwrap());
        assert!(matches!(r, Refusal::Malformed(_)), "{r}");
        assert!(
            r.to_string().contains("2 means and 2 stds for 1 features"),
            "{r}"
        );
        // Out-of-range parameters are refused as they would be on the command line.
        let edited = t.replacen("\"alpha\": 1.0", "\"alpha\": -1.0", 1);
        let mut value: Map<String, Value> = serde_json::from_str(&edited).unwrap();
        value.insert(
            "checksum".into(),
            model_checksum(edited.as_bytes()).unwrap().into(),
        );
        let r = refusal(&serde_json::to_string(&value).unwrap());
        assert!(
            r.to_string().contains("params: parameter alpha = -1"),
            "{r}"
        );
    }
}
