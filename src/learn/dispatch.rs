//! The choice of a learner: an algorithm and its parameters (set by name, then checked), fitted
//! on standardized rows, labels and query row ranges into what it [`Learned`].

use super::fit::FitQueries;
use std::ops::Range;
use std::str::FromStr;

use linfa::ParamGuard;
use ndarray::{ArrayView1, ArrayView2};
use serde::Serialize;

use super::fitted::{KernelModel, LinearModel, RegressionTree};
use super::{
    LambdaMart, LambdaMartParams, LambdaMartValidParams, LearnError, LogisticParams,
    LogisticValidParams, PairwiseParams, PairwiseValidParams, Scaling, SvmKernel, SvmModel,
    SvmParams, SvmValidParams, TreeParams, TreeValidParams, ValidSet,
};
use crate::names::{alternatives, named_enum};

named_enum! {
    /// A learning algorithm; its name is used on the command line and in model files.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Algorithm: "algorithm" {
        /// Pointwise logistic regression on "relevant or not" (linfa-logistic).
        Logistic = "logistic",
        /// Linear learning to rank on within-query preference pairs (RankNet/RankSVM style,
        /// fitted with linfa-logistic).
        Pairwise = "pairwise",
        /// Pointwise ε-support-vector regression on the grade (linfa-svm).
        Svm = "svm",
        /// A classification tree on the grade, leaves scoring mean labels (linfa-trees).
        Tree = "tree",
        /// Gradient-boosted regression trees with the LambdaMART objective.
        LambdaMart = "lambdamart",
    }
}

impl Algorithm {
    /// The names of the algorithm's hyper-parameters, as [`TrainParams::set`] takes them.
    pub fn param_names(self) -> &'static [&'static str] {
        match self {
            Algorithm::Logistic => &[
                "alpha",
                "max_iterations",
                "gradient_tolerance",
                "relevant_from",
            ],
            Algorithm::Pairwise => &[
                "max_pairs_per_query",
                "alpha",
                "max_iterations",
                "gradient_tolerance",
                "seed",
            ],
            Algorithm::Svm => &[
                "kernel",
                "c",
                "epsilon",
                "gamma",
                "tolerance",
                "max_rows",
                "seed",
            ],
            Algorithm::Tree => &[
                "max_depth",
                "min_samples_split",
                "min_samples_leaf",
                "min_impurity_decrease",
            ],
            Algorithm::LambdaMart => &[
                "n_trees",
                "learning_rate",
                "num_leaves",
                "max_depth",
                "min_data_in_leaf",
                "min_sum_hessian_in_leaf",
                "min_gain_to_split",
                "lambda_l1",
                "lambda_l2",
                "bagging_fraction",
                "bagging_freq",
                "feature_fraction",
                "max_bin",
                "truncation_level",
                "sigmoid",
                "normalize",
                "seed",
            ],
        }
    }
}

/// An algorithm with unchecked hyper-parameters: defaults, then [`TrainParams::set`] by name.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainParams {
    /// `logistic`.
    Logistic(LogisticParams),
    /// `pairwise`.
    Pairwise(PairwiseParams),
    /// `svm`.
    Svm(SvmParams),
    /// `tree`.
    Tree(TreeParams),
    /// `lambdamart`.
    LambdaMart(LambdaMartParams),
}

/// An algorithm with checked hyper-parameters, ready to fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ValidParams {
    /// `logistic`.
    Logistic(LogisticValidParams),
    /// `pairwise`.
    Pairwise(PairwiseValidParams),
    /// `svm`.
    Svm(SvmValidParams),
    /// `tree`.
    Tree(TreeValidParams),
    /// `lambdamart`.
    LambdaMart(LambdaMartValidParams),
}

/// A value given for a parameter, parsed as `T`.
fn value<T: FromStr>(algorithm: Algorithm, name: &str, text: &str) -> Result<T, LearnError> {
    text.trim().parse().map_err(|_| LearnError::Param {
        algorithm: algorithm.name(),
        reason: format!("parameter {name}: invalid value \"{text}\""),
    })
}

/// An optional value: `none` for `None`.
fn optional<T: FromStr>(
    algorithm: Algorithm,
    name: &str,
    text: &str,
) -> Result<Option<T>, LearnError> {
    if text.trim().eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        value(algorithm, name, text).map(Some)
    }
}

impl TrainParams {
    /// An algorithm with its documented default parameters.
    pub fn new(algorithm: Algorithm) -> TrainParams {
        match algorithm {
            Algorithm::Logistic => TrainParams::Logistic(LogisticParams::new()),
            Algorithm::Pairwise => TrainParams::Pairwise(PairwiseParams::new()),
            Algorithm::Svm => TrainParams::Svm(SvmParams::new()),
            Algorithm::Tree => TrainParams::Tree(TreeParams::new()),
            Algorithm::LambdaMart => TrainParams::LambdaMart(LambdaMartParams::new()),
        }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            TrainParams::Logistic(_) => Algorithm::Logistic,
            TrainParams::Pairwise(_) => Algorithm::Pairwise,
            TrainParams::Svm(_) => Algorithm::Svm,
            TrainParams::Tree(_) => Algorithm::Tree,
            TrainParams::LambdaMart(_) => Algorithm::LambdaMart,
        }
    }

    /// Sets one parameter from text (`none` for an optional one left unset; `linear` or `rbf`
    /// for the SVM kernel). Values are checked later, by [`TrainParams::check`].
    ///
    /// # Errors
    /// The algorithm has no such parameter, or the text is not a value of its type.
    pub fn set(self, name: &str, text: &str) -> Result<TrainParams, LearnError> {
        let algo = self.algorithm();
        let f = |n: &str| value::<f64>(algo, n, text);
        let u = |n: &str| value::<usize>(algo, n, text);
        let seed = |n: &str| value::<u64>(algo, n, text);
        Ok(match (self, name) {
            (TrainParams::Logistic(p), "alpha") => TrainParams::Logistic(p.alpha(f(name)?)),
            (TrainParams::Logistic(p), "max_iterations") => {
                TrainParams::Logistic(p.max_iterations(seed(name)?))
            }
            (TrainParams::Logistic(p), "gradient_tolerance") => {
                TrainParams::Logistic(p.gradient_tolerance(f(name)?))
            }
            (TrainParams::Logistic(p), "relevant_from") => {
                TrainParams::Logistic(p.relevant_from(f(name)?))
            }
            (TrainParams::Pairwise(p), "max_pairs_per_query") => {
                TrainParams::Pairwise(p.max_pairs_per_query(u(name)?))
            }
            (TrainParams::Pairwise(p), "alpha") => TrainParams::Pairwise(p.alpha(f(name)?)),
            (TrainParams::Pairwise(p), "max_iterations") => {
                TrainParams::Pairwise(p.max_iterations(seed(name)?))
            }
            (TrainParams::Pairwise(p), "gradient_tolerance") => {
                TrainParams::Pairwise(p.gradient_tolerance(f(name)?))
            }
            (TrainParams::Pairwise(p), "seed") => TrainParams::Pairwise(p.seed(seed(name)?)),
            (TrainParams::Svm(p), "kernel") => {
                let kernel = text
                    .trim()
                    .parse::<SvmKernel>()
                    .map_err(|e| LearnError::Param {
                        algorithm: "svm",
                        reason: format!(
                            "parameter kernel: invalid value \"{text}\" (expected {})",
                            alternatives(e.expected)
                        ),
                    })?;
                TrainParams::Svm(p.kernel(kernel))
            }
            (TrainParams::Svm(p), "c") => TrainParams::Svm(p.c(f(name)?)),
            (TrainParams::Svm(p), "epsilon") => TrainParams::Svm(p.epsilon(f(name)?)),
            (TrainParams::Svm(p), "gamma") => {
                TrainParams::Svm(p.gamma(optional(algo, name, text)?))
            }
            (TrainParams::Svm(p), "tolerance") => TrainParams::Svm(p.tolerance(f(name)?)),
            (TrainParams::Svm(p), "max_rows") => TrainParams::Svm(p.max_rows(u(name)?)),
            (TrainParams::Svm(p), "seed") => TrainParams::Svm(p.seed(seed(name)?)),
            (TrainParams::Tree(p), "max_depth") => {
                TrainParams::Tree(p.max_depth(optional(algo, name, text)?))
            }
            (TrainParams::Tree(p), "min_samples_split") => {
                TrainParams::Tree(p.min_samples_split(u(name)?))
            }
            (TrainParams::Tree(p), "min_samples_leaf") => {
                TrainParams::Tree(p.min_samples_leaf(u(name)?))
            }
            (TrainParams::Tree(p), "min_impurity_decrease") => {
                TrainParams::Tree(p.min_impurity_decrease(f(name)?))
            }
            (TrainParams::LambdaMart(p), name) => TrainParams::LambdaMart(match name {
                "n_trees" => p.n_trees(u(name)?),
                "learning_rate" => p.learning_rate(f(name)?),
                "num_leaves" => p.num_leaves(u(name)?),
                "max_depth" => p.max_depth(optional(algo, name, text)?),
                "min_data_in_leaf" => p.min_data_in_leaf(u(name)?),
                "min_sum_hessian_in_leaf" => p.min_sum_hessian_in_leaf(f(name)?),
                "min_gain_to_split" => p.min_gain_to_split(f(name)?),
                "lambda_l1" => p.lambda_l1(f(name)?),
                "lambda_l2" => p.lambda_l2(f(name)?),
                "bagging_fraction" => p.bagging_fraction(f(name)?),
                "bagging_freq" => p.bagging_freq(u(name)?),
                "feature_fraction" => p.feature_fraction(f(name)?),
                "max_bin" => p.max_bin(u(name)?),
                "truncation_level" => p.truncation_level(u(name)?),
                "sigmoid" => p.sigmoid(f(name)?),
                "normalize" => p.normalize(value(algo, name, text)?),
                "seed" => p.seed(seed(name)?),
                _ => return Err(unknown_param(algo, name)),
            }),
            (_, name) => return Err(unknown_param(algo, name)),
        })
    }

    /// Sets the seed of an algorithm that draws random numbers (pairwise, svm, lambdamart);
    /// the others are deterministic and ignore it.
    pub fn seed(self, seed: u64) -> TrainParams {
        match self {
            TrainParams::Pairwise(p) => TrainParams::Pairwise(p.seed(seed)),
            TrainParams::Svm(p) => TrainParams::Svm(p.seed(seed)),
            TrainParams::LambdaMart(p) => TrainParams::LambdaMart(p.seed(seed)),
            other => other,
        }
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// The first parameter out of its range, naming it.
    pub fn check(self) -> Result<ValidParams, LearnError> {
        Ok(match self {
            TrainParams::Logistic(p) => ValidParams::Logistic(p.check()?),
            // The model standardizes features itself (see `Scaling`), for every algorithm.
            TrainParams::Pairwise(p) => ValidParams::Pairwise(p.standardize(false).check()?),
            TrainParams::Svm(p) => ValidParams::Svm(p.check()?),
            TrainParams::Tree(p) => ValidParams::Tree(p.check()?),
            TrainParams::LambdaMart(p) => ValidParams::LambdaMart(p.check()?),
        })
    }
}

fn unknown_param(algorithm: Algorithm, name: &str) -> LearnError {
    LearnError::Param {
        algorithm: algorithm.name(),
        reason: format!(
            "no parameter \"{name}\" (parameters: {})",
            algorithm.param_names().join(", ")
        ),
    }
}

/// What an algorithm learned, on standardized features.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Learned {
    /// `logistic`, `pairwise`, linear `svm`.
    Linear(LinearModel),
    /// RBF `svm`.
    Kernel(KernelModel),
    /// `tree`.
    Tree(RegressionTree),
    /// `lambdamart`.
    Boosted(LambdaMart),
}

impl ValidParams {
    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            ValidParams::Logistic(_) => Algorithm::Logistic,
            ValidParams::Pairwise(_) => Algorithm::Pairwise,
            ValidParams::Svm(_) => Algorithm::Svm,
            ValidParams::Tree(_) => Algorithm::Tree,
            ValidParams::LambdaMart(_) => Algorithm::LambdaMart,
        }
    }

    /// Fits on standardized rows `z` (n_rows, n_features), labels and query row ranges;
    /// `valid` is watched by LambdaMART (and ignored by the others);
    /// `scaling` standardized them (LambdaMART bins on the raw values it stands for).
    pub(crate) fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
        scaling: &Scaling,
        valid: Option<&mut ValidSet<'_>>,
    ) -> Result<Learned, LearnError> {
        Ok(match self {
            ValidParams::Logistic(p) => Learned::Linear(p.fit(z, labels)?),
            ValidParams::Pairwise(p) => {
                let m = p.fit(z, labels, groups)?;
                Learned::Linear(LinearModel {
                    weights: m.weights().to_vec(),
                    intercept: 0.0,
                })
            }
            ValidParams::Svm(p) => match p.fit(z, labels)? {
                SvmModel::Linear(m) => Learned::Linear(m),
                SvmModel::Kernel(m) => Learned::Kernel(m),
            },
            ValidParams::Tree(p) => Learned::Tree(p.fit(z, labels)?),
            ValidParams::LambdaMart(p) => {
                Learned::Boosted(p.fit_standardized(z, labels, groups, scaling, valid)?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Algorithm::ALL {
            assert_eq!(a.name().parse::<Algorithm>(), Ok(a));
            assert_eq!(TrainParams::new(a).algorithm(), a);
            assert_eq!(TrainParams::new(a).check().unwrap().algorithm(), a);
        }
        assert!("ranknet".parse::<Algorithm>().is_err());
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        assert_eq!(
            "ranknet".parse::<Algorithm>().unwrap_err().to_string(),
            "unknown algorithm \"ranknet\" (expected logistic, pairwise, svm, tree or lambdamart)"
        );
        let kernel = TrainParams::new(Algorithm::Svm).set("kernel", " poly");
        assert_eq!(
            kernel.unwrap_err().to_string(),
            "svm: parameter kernel: invalid value \" poly\" (expected linear or rbf)"
        );
        assert!(TrainParams::new(Algorithm::Svm)
            .set("kernel", " linear ")
            .is_ok());
    }

    #[test]
    fn every_listed_parameter_can_be_set() {
        let sample = |name: &str| match name {
            "kernel" => "linear",
            "normalize" => "true",
            "max_depth" | "gamma" => "none",
            _ => "3",
        };
        for a in Algorithm::ALL {
            for name in a.param_names() {
                let p = TrainParams::new(a).set(name, sample(name));
                assert!(p.is_ok(), "{a} {name}: {:?}", p.err());
            }
        }
    }

    #[test]
    fn parameter_errors_name_the_algorithm_and_parameter() {
        let err = TrainParams::new(Algorithm::Pairwise)
            .set("n_trees", "3")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "pairwise: no parameter \"n_trees\" (parameters: max_pairs_per_query, alpha, \
             max_iterations, gradient_tolerance, seed)"
        );
        let err = TrainParams::new(Algorithm::LambdaMart)
            .set("n_trees", "many")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "lambdamart: parameter n_trees: invalid value \"many\""
        );
        let err = TrainParams::new(Algorithm::LambdaMart)
            .set("learning_rate", "0")
            .unwrap()
            .check()
            .unwrap_err();
        let chain = crate::error::error_chain(&err);
        assert!(
            chain.starts_with("lambdamart: parameter learning_rate = 0"),
            "{chain}"
        );
    }
}
