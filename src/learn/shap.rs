//! Exact SHAP values of a regression tree: path-dependent TreeSHAP (Lundberg, Erion & Lee 2018,
//! "Consistent Individualized Feature Attribution for Tree Ensembles", Algorithm 2), the
//! algorithm behind LightGBM's `pred_contrib` and XGBoost's `pred_contribs`.
//!
//! The value of a set of features `S` is the tree's expected output when the features in `S`
//! take the row's values and the others are unknown: at a split on a feature in `S` the walk
//! follows the row, at any other split it averages both children weighted by their covers (the
//! number or weight of training rows that reached them). The SHAP value of a feature is its
//! Shapley value for that game, so for every row
//! `expected_value + Σ phi == the tree's output`. TreeSHAP gets them in `O(leaves · depth²)`
//! instead of enumerating the `2^features` sets.
//!
//! Covers are not stored in [`TreeNode`], so both functions take them as a slice indexed like
//! the nodes. A split weighs each child by its share of the two children's covers: a child with
//! cover 0 weighs 0 (both weigh 0 when both are 0), and only the children's covers are read,
//! so a parent cover that is not exactly their sum changes nothing.

use super::fitted::TreeNode;

/// Feature of the path's first element, which stands for no split.
const NO_FEATURE: usize = usize::MAX;

/// One split on the current unique path (Algorithm 2's `m`): its feature, the fraction of
/// "zero" paths (feature unknown: the cover share) and of "one" paths (feature known: 1 when
/// the row goes this way, else 0) that flow through it, and the weight of the subsets of the
/// path's features of one size (`pweight`).
#[derive(Clone, Copy, Debug)]
struct PathElement {
    feature: usize,
    zero: f64,
    one: f64,
    weight: f64,
}

/// A slot of the path buffer not written yet.
const EMPTY: PathElement = PathElement {
    feature: NO_FEATURE,
    zero: 0.0,
    one: 0.0,
    weight: 0.0,
};

/// Adds the tree's SHAP values for row `x` to `phi` (one per feature) and returns the tree's
/// [`expected_value`], so that the returned value plus the sum of what was added is the tree's
/// output for `x`. Adding rather than writing lets an ensemble accumulate its trees in one
/// `phi`.
///
/// `nodes` are a tree as [`RegressionTree::from_nodes`](super::RegressionTree::from_nodes)
/// accepts them (root first, children after their parent); `cover[i]` is node `i`'s cover
/// (finite, not negative). A row goes left when `x[feature] <= threshold`, otherwise right
/// (`NaN` goes right). The path buffer, `(depth + 1)(depth + 2) / 2` elements, is allocated
/// once per call.
///
/// # Panics
///
/// When `cover` is not as long as `nodes`, when a child does not come after its parent, or
/// when a split's feature is outside `x` or `phi`.
pub fn tree_shap(nodes: &[TreeNode], cover: &[f64], x: &[f64], phi: &mut [f64]) -> f64 {
    let expected = expected_value(nodes, cover);
    let depth = max_depth(nodes, 0);
    let mut walk = Walk {
        nodes,
        cover,
        x,
        phi,
        path: vec![EMPTY; (depth + 1) * (depth + 2) / 2],
    };
    walk.visit(0, 0, 0, 1.0, 1.0, NO_FEATURE);
    expected
}

/// The tree's expected output: each leaf's value weighted by the product of its ancestors'
/// cover shares (its cover over the root's when covers add up), the SHAP values' baseline.
///
/// # Panics
///
/// When `cover` is not as long as `nodes`, or a child does not come after its parent.
pub fn expected_value(nodes: &[TreeNode], cover: &[f64]) -> f64 {
    assert_eq!(cover.len(), nodes.len(), "one cover per node");
    subtree_mean(nodes, cover, 0)
}

/// The mean output of the subtree under `node`, children weighted by [`shares`].
fn subtree_mean(nodes: &[TreeNode], cover: &[f64], node: usize) -> f64 {
    match nodes[node] {
        TreeNode::Leaf { value } => value,
        TreeNode::Split { left, right, .. } => {
            check_children(node, left, right);
            let (to_left, to_right) = shares(cover[left], cover[right]);
            let mut mean = 0.0;
            if to_left > 0.0 {
                mean += to_left * subtree_mean(nodes, cover, left);
            }
            if to_right > 0.0 {
                mean += to_right * subtree_mean(nodes, cover, right);
            }
            mean
        }
    }
}

/// The share of each child in their two covers; both 0 when both covers are.
fn shares(left: f64, right: f64) -> (f64, f64) {
    let total = left + right;
    if total > 0.0 {
        (left / total, right / total)
    } else {
        (0.0, 0.0)
    }
}

/// Number of splits on the longest path from `node` to a leaf.
fn max_depth(nodes: &[TreeNode], node: usize) -> usize {
    match nodes[node] {
        TreeNode::Leaf { .. } => 0,
        TreeNode::Split { left, right, .. } => {
            check_children(node, left, right);
            1 + max_depth(nodes, left).max(max_depth(nodes, right))
        }
    }
}

/// Children after their parent: what keeps the recursions finite.
fn check_children(node: usize, left: usize, right: usize) {
    assert!(
        left > node && right > node,
        "node {node}: children {left} and {right} do not come after it"
    );
}

/// One call of [`tree_shap`]: the tree, the row, the output and the path buffer.
///
/// The buffer holds the unique path of every node on the current recursion stack: a node with
/// `d` earlier unique splits keeps its `d + 1` elements at `start..=start + d`, and its
/// children's paths start at `start + d` or `start + d + 1` (right after what they copy).
struct Walk<'a> {
    nodes: &'a [TreeNode],
    cover: &'a [f64],
    x: &'a [f64],
    phi: &'a mut [f64],
    path: Vec<PathElement>,
}

impl Walk<'_> {
    /// Algorithm 2's `RECURSE`: `node` is reached with its parent's unique path of `depth`
    /// elements at `parent..parent + depth`, extended by the split into `node` (`feature`
    /// with fractions `zero` and `one`).
    fn visit(
        &mut self,
        node: usize,
        parent: usize,
        depth: usize,
        zero: f64,
        one: f64,
        feature: usize,
    ) {
        let start = parent + depth;
        self.path.copy_within(parent..start, start);
        let path = &mut self.path[start..=start + depth];
        extend(path, zero, one, feature);
        match self.nodes[node] {
            TreeNode::Leaf { value } => {
                for i in 1..=depth {
                    let e = path[i];
                    self.phi[e.feature] += unwound_sum(path, i) * (e.one - e.zero) * value;
                }
            }
            TreeNode::Split {
                feature,
                threshold,
                left,
                right,
                ..
            } => {
                let (to_left, to_right) = shares(self.cover[left], self.cover[right]);
                let (hot, to_hot, cold, to_cold) = if self.x[feature] <= threshold {
                    (left, to_left, right, to_right)
                } else {
                    (right, to_right, left, to_left)
                };
                // A feature already split on higher up: undo that split and redo it here
                // with both fractions combined.
                let (mut depth, mut incoming_zero, mut incoming_one) = (depth, 1.0, 1.0);
                if let Some(i) = path.iter().position(|e| e.feature == feature) {
                    incoming_zero = path[i].zero;
                    incoming_one = path[i].one;
                    unwind(path, i);
                    depth -= 1;
                }
                // A child neither zero nor one paths reach adds nothing (and would divide
                // 0 by 0 if its feature came up again).
                let hot_zero = to_hot * incoming_zero;
                if hot_zero != 0.0 || incoming_one != 0.0 {
                    self.visit(hot, start, depth + 1, hot_zero, incoming_one, feature);
                }
                let cold_zero = to_cold * incoming_zero;
                if cold_zero != 0.0 {
                    self.visit(cold, start, depth + 1, cold_zero, 0.0, feature);
                }
            }
        }
    }
}

/// Algorithm 2's `EXTEND`: appends a split to the path (`path` holds the old elements and the
/// slot for the new one) and updates the weights of the subset sizes.
fn extend(path: &mut [PathElement], zero: f64, one: f64, feature: usize) {
    let d = path.len() - 1;
    path[d] = PathElement {
        feature,
        zero,
        one,
        weight: if d == 0 { 1.0 } else { 0.0 },
    };
    let n = (d + 1) as f64;
    for i in (0..d).rev() {
        path[i + 1].weight += one * path[i].weight * (i + 1) as f64 / n;
        path[i].weight = zero * path[i].weight * (d - i) as f64 / n;
    }
}

/// Algorithm 2's `UNWIND`: removes element `index` from the path, inverting [`extend`]; the
/// last slot is left stale.
fn unwind(path: &mut [PathElement], index: usize) {
    let d = path.len() - 1;
    let PathElement { zero, one, .. } = path[index];
    let n = (d + 1) as f64;
    let mut next_one = path[d].weight;
    for i in (0..d).rev() {
        if one != 0.0 {
            let w = path[i].weight;
            path[i].weight = next_one * (n / ((i + 1) as f64 * one));
            next_one = w - path[i].weight * (zero * (d - i) as f64 / n);
        } else {
            path[i].weight = path[i].weight * n / (zero * (d - i) as f64);
        }
    }
    for i in index..d {
        path[i].feature = path[i + 1].feature;
        path[i].zero = path[i + 1].zero;
        path[i].one = path[i + 1].one;
    }
}

/// The total weight the path's subsets would have with element `index` unwound, without
/// unwinding it.
fn unwound_sum(path: &[PathElement], index: usize) -> f64 {
    let d = path.len() - 1;
    let PathElement { zero, one, .. } = path[index];
    let n = (d + 1) as f64;
    let mut total = 0.0;
    if one != 0.0 {
        let mut next_one = path[d].weight;
        for i in (0..d).rev() {
            // The factors that do not depend on `next_one` are grouped so that their
            // divisions stay off the loop's dependency chain.
            let w = next_one * (n / ((i + 1) as f64 * one));
            total += w;
            next_one = path[i].weight - w * (zero * (d - i) as f64 / n);
        }
    } else if zero != 0.0 {
        for i in (0..d).rev() {
            total += path[i].weight * n / (zero * (d - i) as f64);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use ndarray::ArrayView1;

    use super::*;
    use crate::learn::rng::Rng;
    use crate::learn::RegressionTree;

    /// A node of a tree being built: a leaf for now.
    fn leaf(value: f64) -> TreeNode {
        TreeNode::Leaf { value }
    }

    fn split(feature: usize, threshold: f64, left: usize, right: usize) -> TreeNode {
        TreeNode::Split {
            feature,
            threshold,
            gain: 0.0,
            left,
            right,
        }
    }

    /// Internal covers as the sums of their children's (children come after parents).
    fn sum_covers(nodes: &[TreeNode], cover: &mut [f64]) {
        for i in (0..nodes.len()).rev() {
            if let TreeNode::Split { left, right, .. } = nodes[i] {
                cover[i] = cover[left] + cover[right];
            }
        }
    }

    /// A random tree of depth at most a random `1..=deepest` on `n_features` features (often
    /// the same feature several times on a path), leaf covers random (a fifth of them 0) and
    /// internal covers the sums.
    fn random_tree(rng: &mut Rng, deepest: usize, n_features: usize) -> (Vec<TreeNode>, Vec<f64>) {
        fn grow(
            rng: &mut Rng,
            nodes: &mut Vec<TreeNode>,
            depth: usize,
            max_depth: usize,
            n_features: usize,
        ) -> usize {
            let me = nodes.len();
            nodes.push(leaf(rng.normal()));
            if depth < max_depth && (depth == 0 || rng.chance(0.8)) {
                let feature = rng.below(n_features);
                let u = rng.unit();
                let threshold = *rng.pick(&[0.25, 0.5, 0.75, u]);
                let left = grow(rng, nodes, depth + 1, max_depth, n_features);
                let right = grow(rng, nodes, depth + 1, max_depth, n_features);
                nodes[me] = split(feature, threshold, left, right);
            }
            me
        }
        let mut nodes = Vec::new();
        let max_depth = 1 + rng.below(deepest);
        grow(rng, &mut nodes, 0, max_depth, n_features);
        let mut cover: Vec<f64> = (0..nodes.len())
            .map(|_| {
                if rng.chance(0.2) {
                    0.0
                } else {
                    rng.range(0.1, 10.0)
                }
            })
            .collect();
        sum_covers(&nodes, &mut cover);
        (nodes, cover)
    }

    /// A random row: uniform in [0, 1), sometimes exactly on a threshold or `NaN`.
    fn random_row(rng: &mut Rng, n_features: usize) -> Vec<f64> {
        (0..n_features)
            .map(|_| match rng.below(10) {
                0 => f64::NAN,
                1 => 0.5,
                _ => rng.unit(),
            })
            .collect()
    }

    fn predict(nodes: &[TreeNode], x: &[f64]) -> f64 {
        let tree = RegressionTree::from_nodes(nodes.to_vec(), x.len()).unwrap();
        tree.predict_row(ArrayView1::from(x))
    }

    /// `v(S)`: the tree's expected output knowing the features in the bit set `known`.
    fn value(nodes: &[TreeNode], cover: &[f64], x: &[f64], known: u32, node: usize) -> f64 {
        match nodes[node] {
            TreeNode::Leaf { value } => value,
            TreeNode::Split {
                feature,
                threshold,
                left,
                right,
                ..
            } => {
                if known & (1 << feature) != 0 {
                    let next = if x[feature] <= threshold { left } else { right };
                    value(nodes, cover, x, known, next)
                } else {
                    let total = cover[left] + cover[right];
                    if total == 0.0 {
                        return 0.0;
                    }
                    (cover[left] * value(nodes, cover, x, known, left)
                        + cover[right] * value(nodes, cover, x, known, right))
                        / total
                }
            }
        }
    }

    /// Shapley values from their definition, `v` given on bit sets of `n` features.
    fn shapley(n: usize, v: impl Fn(u32) -> f64) -> Vec<f64> {
        let values: Vec<f64> = (0..1u32 << n).map(&v).collect();
        let factorial = |k: usize| (1..=k).product::<usize>() as f64;
        (0..n)
            .map(|i| {
                (0..1u32 << n)
                    .filter(|s| s & (1 << i) == 0)
                    .map(|s| {
                        let size = s.count_ones() as usize;
                        let weight = factorial(size) * factorial(n - size - 1) / factorial(n);
                        weight * (values[(s | 1 << i) as usize] - values[s as usize])
                    })
                    .sum()
            })
            .collect()
    }

    fn shap_of(nodes: &[TreeNode], cover: &[f64], x: &[f64]) -> (f64, Vec<f64>) {
        let mut phi = vec![0.0; x.len()];
        let expected = tree_shap(nodes, cover, x, &mut phi);
        (expected, phi)
    }

    /// `expected + Σ phi` against `output`, relative to the magnitudes summed.
    fn assert_adds_up(expected: f64, phi: &[f64], output: f64) {
        let total = expected + phi.iter().sum::<f64>();
        let scale = expected.abs() + phi.iter().map(|p| p.abs()).sum::<f64>() + output.abs();
        assert!(
            (total - output).abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE),
            "expected {expected} + Σ phi {phi:?} = {total}, output {output}"
        );
    }

    #[test]
    fn matches_brute_force_shapley_on_random_trees() {
        let mut rng = Rng::new(2018);
        let mut worst: f64 = 0.0;
        for _ in 0..400 {
            let n_features = 1 + rng.below(6);
            let (nodes, cover) = random_tree(&mut rng, 6, n_features);
            for _ in 0..5 {
                let x = random_row(&mut rng, n_features);
                let (expected, phi) = shap_of(&nodes, &cover, &x);
                let exact = shapley(n_features, |s| value(&nodes, &cover, &x, s, 0));
                assert!((expected - value(&nodes, &cover, &x, 0, 0)).abs() < 1e-12);
                for (got, want) in phi.iter().zip(&exact) {
                    worst = worst.max((got - want).abs());
                    assert!(
                        (got - want).abs() < 1e-10,
                        "{phi:?} != {exact:?}\n{nodes:?}\n{cover:?}\n{x:?}"
                    );
                }
            }
        }
        assert!(worst < 1e-10, "{worst}");
    }

    #[test]
    fn a_depth_two_tree_by_hand() {
        // x0 <= 0.5 ? (x1 <= 0.5 ? 10 : 20) : (x1 <= 0.5 ? 30 : 50), covers 3, 3 | 1, 3.
        let nodes = vec![
            split(0, 0.5, 1, 2),
            split(1, 0.5, 3, 4),
            split(1, 0.5, 5, 6),
            leaf(10.0),
            leaf(20.0),
            leaf(30.0),
            leaf(50.0),
        ];
        let cover = [10.0, 6.0, 4.0, 3.0, 3.0, 1.0, 3.0];
        // v(∅) = 0.6 (10 + 20) / 2 + 0.4 (30 / 4 + 50 · 3 / 4) = 9 + 18 = 27.
        // Row (0.2, 0.8), output 20: v({0}) = 15, v({1}) = 0.6 · 20 + 0.4 · 50 = 32;
        // phi0 = ((15 − 27) + (20 − 32)) / 2 = −12, phi1 = ((32 − 27) + (20 − 15)) / 2 = 5.
        assert_eq!(
            shap_of(&nodes, &cover, &[0.2, 0.8]),
            (27.0, vec![-12.0, 5.0])
        );
        // Row (0.9, 0.1), output 30: v({0}) = 45, v({1}) = 0.6 · 10 + 0.4 · 30 = 18;
        // phi0 = ((45 − 27) + (30 − 18)) / 2 = 15, phi1 = ((18 − 27) + (30 − 45)) / 2 = −12.
        assert_eq!(
            shap_of(&nodes, &cover, &[0.9, 0.1]),
            (27.0, vec![15.0, -12.0])
        );
    }

    #[test]
    fn one_feature_split_twice_gets_the_whole_difference() {
        // x0 <= 0.5 ? (x0 <= 0.25 ? 1 : 2) : 4, covers 1, 1 | 2: expected 0.5 · 1.5 + 0.5 · 4.
        let nodes = vec![
            split(0, 0.5, 1, 2),
            split(0, 0.25, 3, 4),
            leaf(4.0),
            leaf(1.0),
            leaf(2.0),
        ];
        let cover = [4.0, 2.0, 2.0, 1.0, 1.0];
        for (x0, output) in [(0.1, 1.0), (0.3, 2.0), (0.9, 4.0)] {
            let (expected, phi) = shap_of(&nodes, &cover, &[x0, 0.7]);
            assert_eq!(expected, 2.75);
            assert_eq!(phi, vec![output - 2.75, 0.0]);
        }
    }

    #[test]
    fn zero_covers_weigh_nothing() {
        // x0 <= 0.5 ? (x0 <= 0.25 ? (x1 <= 0.5 ? 7 : 5) : -3) : 2, the left subtree with
        // cover 0: v(∅) = 2, and x1 unknown under it weighs both leaves 0, so v({0}) = 0 where
        // the row reaches that split.
        let nodes = vec![
            split(0, 0.5, 1, 2),
            split(0, 0.25, 3, 4),
            leaf(2.0),
            split(1, 0.5, 5, 6),
            leaf(-3.0),
            leaf(7.0),
            leaf(5.0),
        ];
        let cover = [3.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0];
        // (0.9, 0.2) → 2: nothing to explain (and the cold walk through the empty subtree,
        // which splits on x0 again, must not make 0 / 0).
        // (0.3, 0.2) → −3: v({0}) = −3, v({1}) = 2: phi = (−5, 0).
        // (0.1, 0.2) → 7: v({0}) = 0, v({1}) = 2: phi0 = ((0 − 2) + (7 − 2)) / 2 = 1.5,
        // phi1 = ((2 − 2) + (7 − 0)) / 2 = 3.5; (0.1, 0.8) → 5 likewise: (0.5, 2.5).
        for (x, want) in [
            ([0.9, 0.2], [0.0, 0.0]),
            ([0.3, 0.2], [-5.0, 0.0]),
            ([0.1, 0.2], [1.5, 3.5]),
            ([0.1, 0.8], [0.5, 2.5]),
        ] {
            let (expected, phi) = shap_of(&nodes, &cover, &x);
            assert_eq!(expected, 2.0);
            for (got, want) in phi.iter().zip(want) {
                assert!((got - want).abs() < 1e-12, "{x:?}: {phi:?} != {want:?}");
            }
        }
    }

    #[test]
    fn an_ensemble_adds_up_tree_by_tree() {
        let mut rng = Rng::new(7);
        for _ in 0..50 {
            let n_features = 1 + rng.below(5);
            let trees: Vec<_> = (0..1 + rng.below(6))
                .map(|_| random_tree(&mut rng, 5, n_features))
                .collect();
            let x = random_row(&mut rng, n_features);
            let mut phi = vec![0.0; n_features];
            let expected: f64 = trees
                .iter()
                .map(|(n, c)| tree_shap(n, c, &x, &mut phi))
                .sum();
            let output: f64 = trees.iter().map(|(n, _)| predict(n, &x)).sum();
            assert_adds_up(expected, &phi, output);
            // Shapley values are linear in the game: the ensemble's are the sums of the trees'.
            let exact = shapley(n_features, |s| {
                trees.iter().map(|(n, c)| value(n, c, &x, s, 0)).sum()
            });
            for (got, want) in phi.iter().zip(&exact) {
                assert!((got - want).abs() < 1e-10, "{phi:?} != {exact:?}");
            }
        }
    }

    #[test]
    fn the_prediction_is_the_expected_value_plus_the_shap_values() {
        let mut rng = Rng::new(11);
        for _ in 0..300 {
            // Deeper and wider than the brute force can check.
            let n_features = 1 + rng.below(40);
            let (nodes, cover) = random_tree(&mut rng, 12, n_features);
            for _ in 0..5 {
                let x = random_row(&mut rng, n_features);
                let (expected, phi) = shap_of(&nodes, &cover, &x);
                assert_eq!(expected, expected_value(&nodes, &cover));
                assert_adds_up(expected, &phi, predict(&nodes, &x));
            }
        }
    }

    /// A tree grown leaf-wise to `n_leaves` leaves (random leaf split each time), covers from
    /// random leaf covers.
    fn leaf_wise_tree(
        rng: &mut Rng,
        n_leaves: usize,
        n_features: usize,
    ) -> (Vec<TreeNode>, Vec<f64>) {
        let mut nodes = vec![leaf(rng.normal())];
        let mut leaves = vec![0];
        while leaves.len() < n_leaves {
            let k = rng.below(leaves.len());
            let node = leaves[k];
            let (left, right) = (nodes.len(), nodes.len() + 1);
            nodes[node] = split(rng.below(n_features), rng.unit(), left, right);
            nodes.extend([leaf(rng.normal()), leaf(rng.normal())]);
            leaves[k] = left;
            leaves.push(right);
        }
        let mut cover: Vec<f64> = (0..nodes.len()).map(|_| rng.range(1.0, 100.0)).collect();
        sum_covers(&nodes, &mut cover);
        (nodes, cover)
    }

    /// Times explaining rows with 100 trees of 31 leaves on 50 features (meaningful with
    /// `--release`; prints with `--nocapture`).
    #[test]
    fn time_one_row_of_a_hundred_trees() {
        let mut rng = Rng::new(31);
        let n_features = 50;
        let trees: Vec<_> = (0..100)
            .map(|_| leaf_wise_tree(&mut rng, 31, n_features))
            .collect();
        let rows: Vec<Vec<f64>> = (0..100).map(|_| random_row(&mut rng, n_features)).collect();
        let checked: Vec<RegressionTree> = trees
            .iter()
            .map(|(n, _)| RegressionTree::from_nodes(n.clone(), n_features).unwrap())
            .collect();
        let mut phi = vec![0.0; n_features];
        for x in &rows {
            phi.fill(0.0);
            let expected: f64 = trees
                .iter()
                .map(|(n, c)| tree_shap(n, c, x, &mut phi))
                .sum();
            let row = ArrayView1::from(x);
            let output: f64 = checked.iter().map(|t| t.predict_row(row)).sum();
            assert_adds_up(expected, &phi, output);
        }
        let begin = Instant::now();
        for x in &rows {
            phi.fill(0.0);
            for (n, c) in &trees {
                std::hint::black_box(tree_shap(n, c, x, &mut phi));
            }
        }
        let per_row = begin.elapsed() / rows.len() as u32;
        let depths: Vec<usize> = trees.iter().map(|(n, _)| max_depth(n, 0)).collect();
        println!(
            "TreeSHAP, 100 trees of 31 leaves (depth {}..={}): {per_row:?} per row",
            depths.iter().min().unwrap(),
            depths.iter().max().unwrap(),
        );
    }
}
