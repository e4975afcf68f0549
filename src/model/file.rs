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
//!   "signature": "hmac-sha256:...",
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
//! The `signature` is optional ([`Model::to_json_signed`]): an HMAC-SHA256 keyed with a
//! [`SigningKey`] over the canonical JSON of everything but `checksum` and `signature`. A
//! file without one is written exactly as before signing existed. Verification is opt-in:
//! [`Model::from_json`] checks the signature's form only, [`Model::from_json_verified`] with
//! a key refuses a file that is unsigned or signed otherwise.
//!
//! `model` depends on the algorithm: `weights` and `intercept` (standardized units) for
//! `logistic`, `pairwise` and linear `svm`; `gamma`, `support_vectors`, `coefficients` and
//! `rho` for RBF `svm`; `nodes` (and `cover`, the training rows that reached each node, for
//! TreeSHAP) for `tree`; `trees` (each with `nodes` and `cover`) for `lambdamart`. A
//! split node sends `x <= threshold` to `left`, on standardized features. Every algorithm sees
//! features standardized with `scaling`, so `pairwise`'s own `standardize` is stored as `false`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::{ModelError, Refusal};
use super::signature::{self, SigningKey};
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
    signature: Option<String>,
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
    /// Training rows per node; absent from files written before covers were kept.
    #[serde(default)]
    cover: Vec<f64>,
}

impl TreeRepr {
    /// The checked tree.
    fn tree(self, n_features: usize) -> Result<RegressionTree, String> {
        let tree = RegressionTree::from_nodes(self.nodes, n_features).map_err(|e| e.to_string())?;
        if self.cover.is_empty() {
            return Ok(tree);
        }
        tree.with_cover(self.cover).map_err(|e| e.to_string())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoostedRepr {
    trees: Vec<TreeRepr>,
}

impl Model {
    /// The model file's bytes, unsigned: pretty JSON, ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        self.file_bytes(None)
    }

    /// The model file's bytes with a `signature` made with `key` (HMAC-SHA256), which
    /// [`Model::from_json_verified`] checks with the same key.
    pub fn to_json_signed(&self, key: &SigningKey) -> Vec<u8> {
        self.file_bytes(Some(key))
    }

    fn file_bytes(&self, key: Option<&SigningKey>) -> Vec<u8> {
        let model = match self.learned() {
            Learned::Linear(m) => serde_json::to_value(m),
            Learned::Kernel(m) => serde_json::to_value(m),
            Learned::Tree(t) => serde_json::to_value(t),
            Learned::Boosted(b) => serde_json::to_value(b.trees())
                .map(|trees| Value::Object(Map::from_iter([("trees".to_string(), trees)]))),
        }
        .expect("models serialize");
        let mut out = FileOut {
            format: MODEL_FORMAT,
            version: MODEL_VERSION,
            features: self.features(),
            scaling: self.scaling(),
            algorithm: self.algorithm().name(),
            params: self.params(),
            model: Value::Null,
            training: self.training(),
            signature: None,
            checksum: None,
        };
        // The file as one value, what the signature and the checksum are computed over; the
        // model (most of it) is moved in and back out, not copied.
        let mut value = serde_json::to_value(&out).expect("models serialize");
        value["model"] = model;
        if let Some(key) = key {
            let signature = signature::sign(key, canonical_text(&value).as_bytes());
            value["signature"] = Value::String(signature.clone());
            out.signature = Some(signature);
        }
        out.checksum = Some(checksum(&value));
        out.model = value["model"].take();
        let mut bytes = serde_json::to_vec_pretty(&out).expect("models serialize");
        bytes.push(b'\n');
        bytes
    }

    /// Reads a model from the bytes of a model file; `file` names it in messages. A
    /// `signature` is checked for form only: see [`Model::from_json_verified`].
    ///
    /// # Errors
    /// The model is refused ([`ModelError::Refused`]): not a shiprank model, an unknown version,
    /// a checksum that does not match ("modified after training"), or content that does not
    /// hold together.
    pub fn from_json(bytes: &[u8], file: &str) -> Result<Model, ModelError> {
        Model::from_json_verified(bytes, file, None)
    }

    /// Reads a model as [`Model::from_json`] does and, given a key, refuses it unless it is
    /// signed with that key. Without a key, signed and unsigned files load alike.
    ///
    /// # Errors
    /// As [`Model::from_json`], and with a key: [`Refusal::Unsigned`] for a file without a
    /// signature, [`Refusal::Signature`] for a signature that does not match the key.
    pub fn from_json_verified(
        bytes: &[u8],
        file: &str,
        key: Option<&SigningKey>,
    ) -> Result<Model, ModelError> {
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
        let tag = match object.remove("signature") {
            None => None,
            Some(Value::String(s)) => Some(signature::parse(&s).map_err(malformed)?),
            Some(_) => return Err(malformed("signature: not a string".into())),
        };
        if let Some(key) = key {
            let tag = tag.ok_or_else(|| refuse(Refusal::Unsigned))?;
            let content = canonical_text(&Value::Object(object.clone()));
            signature::verify(key, content.as_bytes(), &tag).map_err(refuse)?;
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
    let text = canonical_text(value);
    format!("sha256:{}", hex(&Sha256::digest(text.as_bytes())))
}

/// The canonical JSON of a value: what the checksum and the signature are computed over.
fn canonical_text(value: &Value) -> String {
    let mut text = Vec::new();
    canonical(value, &mut text);
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// Writes `value` as JSON with object keys sorted and no whitespace.
fn canonical(value: &Value, out: &mut Vec<u8>) {
    // Keys and scalars as `Value`'s `Display` writes them (compact JSON), without a string
    // made for each.
    fn write(out: &mut Vec<u8>, x: &impl Serialize) {
        serde_json::to_writer(out, x).expect("JSON writes to memory");
    }
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(out, key);
                out.push(b':');
                canonical(&map[key], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write(out, scalar),
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
            Ok(Learned::Tree(t.tree(n)?))
        }
        ValidParams::LambdaMart(p) => {
            let b: BoostedRepr = parse("model", value)?;
            let trees = b
                .trees
                .into_iter()
                .map(|t| t.tree(n))
                .collect::<Result<Vec<_>, _>>()?;
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

    fn key(text: &str) -> SigningKey {
        SigningKey::new(text).unwrap()
    }

    /// Reads with a key; the refusal, if any.
    fn verified(text: &[u8], key: &SigningKey) -> Result<Model, Refusal> {
        match Model::from_json_verified(text, "m.json", Some(key)) {
            Ok(model) => Ok(model),
            Err(ModelError::Refused { refusal, .. }) => Err(refusal),
            Err(other) => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_signed_model_verifies_with_its_key_only() {
        let right = key("0123456789abcdef0123456789abcdef");
        for algorithm in Algorithm::ALL {
            let model = trained(algorithm);
            let signed = model.to_json_signed(&right);
            assert_eq!(verified(&signed, &right).unwrap(), model, "{algorithm}");
            let wrong = key("0123456789abcdef0123456789abcdeF");
            assert_eq!(verified(&signed, &wrong), Err(Refusal::Signature));
        }
    }

    #[test]
    fn signing_is_opt_in() {
        let k = key("a key of sixteen+");
        let model = trained(Algorithm::Pairwise);
        let unsigned = model.to_json();
        assert!(!String::from_utf8_lossy(&unsigned).contains("signature"));
        // An unsigned model loads without a key, and is refused when a signature is required.
        assert_eq!(Model::from_json(&unsigned, "m.json").unwrap(), model);
        let r = verified(&unsigned, &k).unwrap_err();
        assert_eq!(r, Refusal::Unsigned);
        assert!(r.to_string().contains("not signed"), "{r}");
        // A signed model loads without a key too: verification is the reader's choice.
        let signed = model.to_json_signed(&k);
        assert_eq!(Model::from_json(&signed, "m.json").unwrap(), model);
        // The signature is the only difference, and the checksum covers it.
        let (u, s) = (text(&model), String::from_utf8(signed.clone()).unwrap());
        assert_eq!(u.lines().count() + 1, s.lines().count());
        let stripped: String = s
            .lines()
            .filter(|l| !l.contains("\"signature\""))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(matches!(refusal(&stripped), Refusal::Checksum));
    }

    #[test]
    fn a_recomputed_checksum_does_not_save_a_changed_weight() {
        let k = key("0123456789abcdef0123456789abcdef");
        let model = trained(Algorithm::Pairwise);
        let signed = String::from_utf8(model.to_json_signed(&k)).unwrap();
        let Learned::Linear(m) = model.learned() else {
            unreachable!()
        };
        let w = serde_json::to_string(&m.weights[0]).unwrap();
        let tampered = signed.replacen(&w, "0.5", 1);
        assert_ne!(tampered, signed);
        let mut value: Map<String, Value> = serde_json::from_str(&tampered).unwrap();
        value.insert(
            "checksum".into(),
            model_checksum(tampered.as_bytes()).unwrap().into(),
        );
        let tampered = serde_json::to_vec_pretty(&value).unwrap();
        // The checksum holds, so only the key tells.
        assert!(Model::from_json(&tampered, "m.json").is_ok());
        let err = Model::from_json_verified(&tampered, "m.json", Some(&k)).unwrap_err();
        let msg = err.to_string();
        assert_eq!(
            msg,
            "m.json: signature does not match the key: the model file was modified after \
             signing, or signed with another key"
        );
        // The message never shows the signature the content would need (nor the stored one).
        let needed = model_signature(&tampered, &k);
        assert!(!msg.contains(&needed["hmac-sha256:".len()..]), "{msg}");
        assert!(!msg.contains("hmac-sha256:"), "{msg}");
        assert!(!format!("{err:?}").contains(&needed["hmac-sha256:".len()..]));
    }

    /// The signature `bytes` would need under `key`, computed as the writer does.
    fn model_signature(bytes: &[u8], key: &SigningKey) -> String {
        let mut value: Map<String, Value> = serde_json::from_slice(bytes).unwrap();
        value.remove("checksum");
        value.remove("signature");
        signature::sign(key, canonical_text(&Value::Object(value)).as_bytes())
    }

    #[test]
    fn malformed_signatures_are_refused_even_without_a_key() {
        let k = key("0123456789abcdef0123456789abcdef");
        let signed = String::from_utf8(trained(Algorithm::Logistic).to_json_signed(&k)).unwrap();
        let at = signed.find("hmac-sha256:").unwrap() + "hmac-sha256:".len();
        let not_hex = format!("{}zz{}", &signed[..at], &signed[at + 2..]);
        for (edited, why) in [
            (
                signed.replacen("\"hmac-sha256:", "\"ed25519:", 1),
                "expected \"hmac-sha256:\"",
            ),
            (
                signed.replacen("\"hmac-sha256:", "\"hmac-sha256:00", 1),
                "66 hex digits, expected 64",
            ),
            (not_hex, "signature: not hexadecimal"),
            (
                signed.replacen("\"hmac-sha256:", "true, \"x\": \"", 1),
                "signature: not a string",
            ),
        ] {
            let mut value: Map<String, Value> = serde_json::from_str(&edited).unwrap();
            value.insert(
                "checksum".into(),
                model_checksum(edited.as_bytes()).unwrap().into(),
            );
            let r = refusal(&serde_json::to_string(&value).unwrap());
            assert!(matches!(r, Refusal::Malformed(_)), "{r}");
            assert!(r.to_string().contains(why), "{r}");
        }
    }

    #[test]
    fn keys_are_long_enough_and_never_shown() {
        let empty = SigningKey::new("").unwrap_err().to_string();
        assert!(empty.contains("the signing key is empty"), "{empty}");
        let short = SigningKey::new("fifteen bytes!!").unwrap_err().to_string();
        assert_eq!(
            short,
            "the signing key has 15 bytes, fewer than the 16 a key needs: use a random key, \
             e.g. `openssl rand -hex 32`"
        );
        assert!(!short.contains("fifteen"));
        let k = key("sixteen bytes!!!");
        assert_eq!(format!("{k:?}"), "SigningKey(16 bytes, redacted)");
    }
}
