"""weights= in the BG/NBD and Gamma-Gamma fits: an aggregated summary fits like the full one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.models import fit_bgnbd, fit_gamma_gamma, simulate_bgnbd

BGNBD_TRUTH = {"r": 0.5, "alpha": 6.0, "a": 0.7, "b": 2.5}


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    """3,000 simulated customers on whole-week ages: many share a (frequency, recency, T)."""
    rng = np.random.default_rng(11)
    T = rng.integers(20, 40, size=3000).astype(float)
    data = simulate_bgnbd(3000, BGNBD_TRUTH, T=T, seed=11)
    data["recency"] = np.floor(data["recency"])  # whole weeks, as a weekly summary gives
    nu = rng.gamma(4.0, 1 / 15.0, size=len(data))
    x = np.maximum(data["frequency"].to_numpy(), 1)
    data["monetary"] = np.where(
        data["frequency"] > 0, np.round(rng.gamma(6.0 * x, 1 / nu) / x, 0), 0.0
    )
    return data


def _aggregate(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    rows = frame.groupby(by).size().rename("weight").reset_index()
    return rows.sample(frac=1.0, random_state=0)  # row order must not matter


def _params(fit: object) -> np.ndarray:
    return np.array(list(fit.params.values()))  # type: ignore[attr-defined]


def test_bgnbd_aggregated_with_weights_equals_the_full_fit(summary: pd.DataFrame) -> None:
    cols = ["frequency", "recency", "T"]
    rows = _aggregate(summary, cols)
    assert len(rows) < len(summary) / 2  # the aggregation collapses rows
    full = fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    weighted = fit_bgnbd(rows["frequency"], rows["recency"], rows["T"], weights=rows["weight"])
    np.testing.assert_allclose(_params(weighted), _params(full), rtol=1e-6)
    assert weighted.log_likelihood == pytest.approx(full.log_likelihood, rel=1e-9)
    assert weighted.n_customers == full.n_customers == len(summary)
    np.testing.assert_allclose(
        list(weighted.standard_errors.values()), list(full.standard_errors.values()), rtol=1e-6
    )


def test_bgnbd_weights_are_counts_of_identical_customers(summary: pd.DataFrame) -> None:
    """Weight k on a row is the same as the row repeated k times (not a no-op)."""
    part = summary.iloc[:1500]
    counts = np.random.default_rng(2).integers(0, 4, size=len(part))
    repeated = part.loc[part.index.repeat(counts)]
    by_repeat = fit_bgnbd(repeated["frequency"], repeated["recency"], repeated["T"])
    by_weight = fit_bgnbd(part["frequency"], part["recency"], part["T"], weights=counts)
    np.testing.assert_allclose(_params(by_weight), _params(by_repeat), rtol=1e-6)
    unweighted = fit_bgnbd(part["frequency"], part["recency"], part["T"])
    assert not np.allclose(_params(unweighted), _params(by_weight), rtol=1e-3)
    assert by_weight.n_customers == int(counts.sum())


def test_gamma_gamma_aggregated_with_weights_equals_the_full_fit(summary: pd.DataFrame) -> None:
    buyers = summary[summary["frequency"] > 0]
    rows = _aggregate(buyers, ["frequency", "monetary"])
    assert len(rows) < len(buyers)
    full = fit_gamma_gamma(buyers["frequency"], buyers["monetary"])
    weighted = fit_gamma_gamma(rows["frequency"], rows["monetary"], weights=rows["weight"])
    np.testing.assert_allclose(_params(weighted), _params(full), rtol=1e-6)
    assert weighted.log_likelihood == pytest.approx(full.log_likelihood, rel=1e-9)
    assert weighted.n_customers == full.n_customers == len(buyers)
    np.testing.assert_allclose(
        list(weighted.standard_errors.values()), list(full.standard_errors.values()), rtol=1e-6
    )


def test_gamma_gamma_weights_count_zero_spenders_in_the_note(summary: pd.DataFrame) -> None:
    buyers = summary[summary["frequency"] > 0].iloc[:500].copy()
    buyers.iloc[:3, buyers.columns.get_loc("monetary")] = 0.0
    weights = np.ones(len(buyers), dtype=int)
    weights[:3] = [5, 0, 2]
    fit = fit_gamma_gamma(buyers["frequency"], buyers["monetary"], weights=weights)
    assert fit.notes[0].startswith("7 customer(s) with zero mean spend")
    assert fit.n_customers == len(buyers) - 3


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1, -1, 1, 1], "weights: 1 negative count"),
        ([1, np.nan, 1, 1], "weights: 1 missing or infinite"),
        ([1, 1.5, 1, 1], "weights: 1 non-integer count"),
        ([1, 1, 1], "weights: 3 value\\(s\\) for 4 row\\(s\\)"),
        ("1111", "weights: expected a one-dimensional sequence"),
        ([[1, 1, 1, 1]], "weights: expected a one-dimensional sequence"),
        ([0, 0, 0, 0], "all weights 0"),
    ],
)
def test_bad_weights_raise_clear_errors(weights: object, message: str) -> None:
    x, t_x, T = [0, 2, 1, 3], [0, 5.0, 3.0, 9.0], [10.0, 10.0, 10.0, 10.0]
    with pytest.raises(ValueError, match=message):
        fit_bgnbd(x, t_x, T, weights=weights)
    with pytest.raises(ValueError, match=message):
        fit_gamma_gamma([1, 2, 1, 3], [5.0, 6.0, 7.0, 8.0], weights=weights)


def test_bad_weights_name_the_row_by_its_label() -> None:
    frame = pd.DataFrame(
        {"frequency": [0, 2, 1], "recency": [0.0, 5.0, 3.0], "T": [10.0, 10.0, 10.0]},
        index=["C1", "C2", "C3"],
    )
    with pytest.raises(ValueError, match="row C3"):
        fit_bgnbd(frame["frequency"], frame["recency"], frame["T"], weights=[1, 1, -2])


def test_zero_weight_rows_are_left_out_but_still_checked(summary: pd.DataFrame) -> None:
    weights = np.ones(len(summary), dtype=int)
    weights[::3] = 0
    x, t_x, T = (summary[c] for c in ("frequency", "recency", "T"))
    with_zero = fit_bgnbd(x, t_x, T, weights=weights)
    kept = weights > 0
    without = fit_bgnbd(x[kept], t_x[kept], T[kept])
    np.testing.assert_allclose(_params(with_zero), _params(without), rtol=1e-9)
    with pytest.raises(ValueError, match="t_x > T"):
        fit_bgnbd([0, 2, 1, 3], [0, 5.0, 3.0, 11.0], [10.0] * 4, weights=[1, 1, 1, 0])
