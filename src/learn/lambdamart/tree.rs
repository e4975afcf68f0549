//! Growing one regression tree leaf-wise on gradient histograms.

use rayon::prelude::*;

use super::binning::{BinnedFeatures, SparseRows};
use super::scan::{shrink_l1, Best, Scan, Sums, Thresholds};
use super::LambdaMartValidParams;
use crate::learn::fitted::{RegressionTree, TreeNode};

/// Leaves with fewer rows build their histogram on the calling thread.
const PARALLEL_MIN_ROWS: usize = 1024;

/// Sparse histograms add rows in chunks of this many, one chunk per task.
const SPARSE_CHUNK: usize = 8192;

/// Gradient statistics of a set of rows: its sums and how many rows.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    g: f64,
    h: f64,
    n: usize,
}

impl Stats {
    fn sums(self) -> Sums {
        Sums {
            g: self.g,
            h: self.h,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Split {
    /// Index into [`BinnedFeatures`] kept features.
    feature: usize,
    /// The threshold on it, its gain and the left side's sums (the right is the rest).
    at: Best,
}

/// A leaf under construction: its rows are `bag[begin..end]`.
struct Leaf {
    begin: usize,
    end: usize,
    depth: usize,
    node: usize,
    stats: Stats,
    hist: Vec<Sums>,
    best: Option<Split>,
    /// Per feature this tree may split on: whether some threshold of it passed every
    /// constraint and gained in this leaf. A feature that did not is not weighed again in
    /// the leaf's children (LightGBM's `is_splittable`).
    splittable: Vec<bool>,
}

pub(super) struct TreeBuilder<'a> {
    pub(super) params: &'a LambdaMartValidParams,
    pub(super) binned: &'a BinnedFeatures,
    /// The kept features this tree may split on, ascending.
    pub(super) features: &'a [usize],
    pub(super) grad: &'a [f64],
    pub(super) hess: &'a [f64],
}

impl TreeBuilder<'_> {
    /// Grows one tree on the rows in `bag` and adds its output to `scores`
    /// of all rows (bagged rows by leaf, the others by a binned walk).
    pub(super) fn grow(
        &self,
        bag: &mut [u32],
        in_bag: &[bool],
        scores: &mut [f64],
    ) -> RegressionTree {
        let b = self.binned;
        let mut nodes = vec![TreeNode::Leaf { value: 0.0 }];
        // Bagged rows that reached each node (LightGBM's data counts), for TreeSHAP.
        let mut cover = vec![bag.len() as f64];
        // (kept feature, bin) of each split node, for the binned walk.
        let mut node_bins: Vec<(usize, usize)> = vec![(0, 0)];
        let root_stats = bag.iter().fold(Stats::default(), |s, &r| Stats {
            g: s.g + self.grad[r as usize],
            h: s.h + self.hess[r as usize],
            n: s.n + 1,
        });
        let mut root = Leaf {
            begin: 0,
            end: bag.len(),
            depth: 0,
            node: 0,
            stats: root_stats,
            hist: self.histogram(bag, root_stats),
            best: None,
            splittable: vec![true; self.features.len()],
        };
        (root.best, root.splittable) = self.best_split(&root, &root.splittable);
        let mut leaves = vec![root];
        let mut scratch: Vec<u32> = Vec::with_capacity(bag.len());

        while leaves.len() < self.params.num_leaves {
            // Leaf with the largest gain; ties go to the earlier leaf.
            let mut pick: Option<(usize, f64)> = None;
            for (i, leaf) in leaves.iter().enumerate() {
                if let Some(s) = &leaf.best {
                    if pick.is_none_or(|(_, g)| s.at.gain > g) {
                        pick = Some((i, s.at.gain));
                    }
                }
            }
            let Some((li, _)) = pick else { break };
            let parent = leaves.swap_remove(li);
            let split = parent.best.expect("picked leaf has a split");

            // Stable partition of the parent's rows.
            let rows = &mut bag[parent.begin..parent.end];
            let bins = &b.bins[split.feature];
            scratch.clear();
            let mut n_left = 0;
            for i in 0..rows.len() {
                let r = rows[i];
                if (bins[r as usize] as usize) <= split.at.bin {
                    rows[n_left] = r;
                    n_left += 1;
                } else {
                    scratch.push(r);
                }
            }
            rows[n_left..].copy_from_slice(&scratch);
            // Sums from the histogram (as LightGBM keeps them), counts from the partition.
            let left_stats = Stats {
                g: split.at.left_g,
                h: split.at.left_h,
                n: n_left,
            };
            let right_stats = Stats {
                g: parent.stats.g - split.at.left_g,
                h: parent.stats.h - split.at.left_h,
                n: rows.len() - n_left,
            };

            let (left_node, right_node) = (nodes.len(), nodes.len() + 1);
            nodes[parent.node] = TreeNode::Split {
                feature: b.columns[split.feature],
                threshold: b.upper[split.feature][split.at.bin],
                gain: split.at.gain,
                left: left_node,
                right: right_node,
            };
            nodes.push(TreeNode::Leaf { value: 0.0 });
            nodes.push(TreeNode::Leaf { value: 0.0 });
            cover.extend([n_left as f64, (rows.len() - n_left) as f64]);
            node_bins[parent.node] = (split.feature, split.at.bin);
            node_bins.extend([(0, 0), (0, 0)]);

            let mid = parent.begin + n_left;
            let (small_range, left_is_small) = if n_left <= parent.end - mid {
                (parent.begin..mid, true)
            } else {
                (mid..parent.end, false)
            };
            let small_stats = if left_is_small {
                left_stats
            } else {
                right_stats
            };
            let small_hist = self.histogram(&bag[small_range], small_stats);
            // The larger child's histogram is the parent's less the smaller's, in place.
            let mut large_hist = parent.hist;
            for (p, s) in large_hist.iter_mut().zip(&small_hist) {
                *p = p.minus(*s);
            }
            let (left_hist, right_hist) = if left_is_small {
                (small_hist, large_hist)
            } else {
                (large_hist, small_hist)
            };

            let child = |begin, end, node, stats, hist| Leaf {
                begin,
                end,
                depth: parent.depth + 1,
                node,
                stats,
                hist,
                best: None,
                splittable: Vec::new(),
            };
            let mut left = child(parent.begin, mid, left_node, left_stats, left_hist);
            let mut right = child(mid, parent.end, right_node, right_stats, right_hist);
            // Both children's splits are searched at once (each over its features in
            // parallel), as LightGBM searches the smaller and the larger leaf together.
            let weigh = |leaf: &mut Leaf| {
                (leaf.best, leaf.splittable) = self.best_split(leaf, &parent.splittable);
            };
            rayon::join(|| weigh(&mut left), || weigh(&mut right));
            leaves.extend([left, right]);
        }

        let p = self.params;
        for leaf in &leaves {
            let denom = leaf.stats.h + p.lambda_l2;
            let value = if denom > 0.0 {
                -p.learning_rate * shrink_l1(leaf.stats.g, p.lambda_l1) / denom
            } else {
                0.0
            };
            nodes[leaf.node] = TreeNode::Leaf { value };
            for &r in &bag[leaf.begin..leaf.end] {
                scores[r as usize] += value;
            }
        }
        if bag.len() < scores.len() {
            for (r, score) in scores.iter_mut().enumerate().filter(|(r, _)| !in_bag[*r]) {
                let mut i = 0;
                loop {
                    match &nodes[i] {
                        TreeNode::Leaf { value } => {
                            *score += value;
                            break;
                        }
                        TreeNode::Split { left, right, .. } => {
                            let (f, bin) = node_bins[i];
                            i = if (b.bins[f][r] as usize) <= bin {
                                *left
                            } else {
                                *right
                            };
                        }
                    }
                }
            }
        }
        RegressionTree::grown(nodes, cover)
    }

    /// Histogram of `rows`, whose sums are `total`: from sparse rows when the data is sparse,
    /// otherwise one sequential pass per feature, features in parallel.
    fn histogram(&self, rows: &[u32], total: Stats) -> Vec<Sums> {
        match &self.binned.sparse {
            Some(sparse) => self.sparse_histogram(rows, total.sums(), sparse),
            None => self.dense_histogram(rows),
        }
    }

    /// Adds each row's cells outside the most frequent bins, in row chunks of a fixed size
    /// (in parallel, summed in order, so the result does not depend on the thread count);
    /// each most frequent bin is the rest of `total` (LightGBM's `FixHistogram`).
    fn sparse_histogram(&self, rows: &[u32], total: Sums, sparse: &SparseRows) -> Vec<Sums> {
        let b = self.binned;
        let fill = |rows: &[u32]| {
            let mut hist = vec![Sums::default(); b.total_bins];
            for &r in rows {
                let r = r as usize;
                let (g, h) = (self.grad[r], self.hess[r]);
                for &cell in &sparse.cells[sparse.row_start[r]..sparse.row_start[r + 1]] {
                    hist[cell as usize].add(g, h);
                }
            }
            hist
        };
        let mut hist = if rows.len() < SPARSE_CHUNK {
            fill(rows)
        } else {
            let parts: Vec<Vec<Sums>> = rows.par_chunks(SPARSE_CHUNK).map(fill).collect();
            let mut parts = parts.into_iter();
            let mut hist = parts.next().expect("rows are not empty");
            for part in parts {
                for (a, p) in hist.iter_mut().zip(part) {
                    a.g += p.g;
                    a.h += p.h;
                }
            }
            hist
        };
        for f in 0..b.columns.len() {
            let bins = b.offsets[f]..b.offsets[f] + b.n_bins(f);
            let most = b.offsets[f] + b.most_frequent[f] as usize;
            let rest = hist[bins].iter().fold(total, |t, s| t.minus(*s));
            hist[most] = rest;
        }
        hist
    }

    /// Histogram of `rows`, one sequential pass per feature, features in parallel.
    fn dense_histogram(&self, rows: &[u32]) -> Vec<Sums> {
        let b = self.binned;
        let mut hist = vec![Sums::default(); b.total_bins];
        let mut parts: Vec<(usize, &mut [Sums])> = Vec::with_capacity(b.columns.len());
        let mut rest = hist.as_mut_slice();
        for f in 0..b.columns.len() {
            let (head, tail) = rest.split_at_mut(b.n_bins(f));
            parts.push((f, head));
            rest = tail;
        }
        // Gather the rows' gradients once so the per-feature passes read them
        // contiguously (LightGBM's "ordered gradients").
        let gh: Vec<(f64, f64)> = rows
            .iter()
            .map(|&r| (self.grad[r as usize], self.hess[r as usize]))
            .collect();
        let fill = |(f, h): (usize, &mut [Sums])| {
            let bins = &b.bins[f];
            for (&r, &(g, hs)) in rows.iter().zip(&gh) {
                h[bins[r as usize] as usize].add(g, hs);
            }
        };
        // Small leaves are not worth waking the thread pool for; the result
        // is the same either way.
        if rows.len() < PARALLEL_MIN_ROWS {
            parts.into_iter().for_each(fill);
        } else {
            parts.into_par_iter().for_each(fill);
        }
        hist
    }

    /// The leaf's best split, found as LightGBM's `FindBestThresholdSequentially` finds it
    /// for a feature without missing values: bins scanned from the top down, the right side's
    /// row count estimated from its hessian sum (LightGBM's histograms hold no counts), a
    /// threshold kept when it beats the best so far strictly; ties between features go to
    /// the lower index. Only features splittable in the leaf's parent (`parent`, by position
    /// in `self.features`) are weighed; also returns which are splittable here.
    fn best_split(&self, leaf: &Leaf, parent: &[bool]) -> (Option<Split>, Vec<bool>) {
        let p = self.params;
        if p.max_depth.is_some_and(|d| leaf.depth >= d) || leaf.stats.n < 2 * p.min_data_in_leaf {
            // The leaf is not split, so no child asks.
            return (None, Vec::new());
        }
        let b = self.binned;
        let scan = Scan::new(leaf.stats.g, leaf.stats.h, leaf.stats.n, p);
        let per_feature: Vec<(Option<Split>, bool)> = self
            .features
            .par_iter()
            .zip(parent)
            .with_min_len(64)
            .map_init(Thresholds::default, |thresholds, (&f, &was_splittable)| {
                if !was_splittable {
                    return (None, false);
                }
                let hist = &leaf.hist[b.offsets[f]..b.offsets[f] + b.n_bins(f)];
                let split = scan
                    .feature(hist, thresholds)
                    .map(|at| Split { feature: f, at });
                (split, split.is_some())
            })
            .collect();
        // Sequential reduction: ties go to the lower feature index.
        let best = per_feature.iter().filter_map(|(s, _)| *s).fold(
            None,
            |acc: Option<Split>, s| match acc {
                Some(a) if a.at.gain >= s.at.gain => Some(a),
                _ => Some(s),
            },
        );
        (best, per_feature.iter().map(|&(_, ok)| ok).collect())
    }
}
