//! Fitting a learner on rows grouped into queries: one trait, and (as linfa does for `Fit`)
//! one blanket implementation that checks unchecked parameters first.

use std::ops::Range;

use linfa::ParamGuard;
use ndarray::{ArrayView1, ArrayView2};

/// A learner fitted on rows grouped into queries.
pub trait FitQueries {
    /// What fitting makes.
    type Model;
    /// Why fitting can fail.
    type Error;

    /// Fits on `x` (n_rows, n_features), one label per row, and the queries as consecutive
    /// row ranges.
    ///
    /// # Errors
    /// The learner's own: its parameters are out of range, or the data cannot train it.
    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<Self::Model, Self::Error>;
}

/// Unchecked parameters fit by checking themselves, then fitting the checked ones.
impl<P> FitQueries for P
where
    P: ParamGuard,
    P::Checked: FitQueries,
    <P::Checked as FitQueries>::Error: From<P::Error>,
{
    type Model = <P::Checked as FitQueries>::Model;
    type Error = <P::Checked as FitQueries>::Error;

    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<Self::Model, Self::Error> {
        self.check_ref()?.fit(x, labels, groups)
    }
}
