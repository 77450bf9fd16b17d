"""Tests of crmlab.models: BG/NBD, Gamma-Gamma, sBG, model-based CLV and the hold-out check.

Published values: the CDNOW example of Fader, Hardie & Lee (2005, BG/NBD: E[Y(39)], P(alive),
P(X(39) = 0); 2005 "RFM and CLV": the Gamma-Gamma E[M]), the overflow case of Fader & Hardie
(2013, the "#NUM!" note) and the sBG fits of Fader & Hardie (2007, "How to project customer
retention"); DERL follows Fader & Hardie (2010). Simulation-recovery tests draw data from
known parameters and check the fit lands within four standard errors (from the observed
information matrix). lifetimes, the peer implementation, is a dev dependency: the fits,
predictions and CLV are compared with it.
"""

from __future__ import annotations

from collections.abc import Callable

import lifetimes
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from crmlab import models
from crmlab.models import (
    BGNBDFit,
    DegenerateFitWarning,
    GammaGammaFit,
    HoldoutScorecard,
    SBGFit,
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_sbg,
    holdout_scorecard,
    simulate_bgnbd,
)
from crmlab.models._fit import maximise
from crmlab.models.bgnbd import _bgnbd_loglik_terms
from crmlab.models.gamma_gamma import _gamma_gamma_loglik_terms

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def cdnow() -> BGNBDFit:
    return BGNBDFit.from_params(**CDNOW)


# ------------------------------------------------------------------- published values
def test_published_conditional_expectation_and_p_alive(cdnow: BGNBDFit) -> None:
    assert cdnow.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=1.5e-3)
    assert cdnow.probability_alive(2, 30.43, 38.86) == pytest.approx(0.7266, abs=1.5e-4)


def test_published_probability_of_purchases(cdnow: BGNBDFit) -> None:
    assert cdnow.probability_of_purchases(39, 0) == pytest.approx(0.5737864, abs=1.5e-7)
    assert cdnow.probability_of_purchases(2, 10) == pytest.approx(1.07869e-07, rel=1.5e-5)


def test_published_overflow_case() -> None:
    model = BGNBDFit.from_params(r=0.25, alpha=4, a=0.8, b=2.5)
    assert model.log_likelihood_per_customer(200, 38, 40) == pytest.approx(100.7957, abs=1.5e-4)


def test_published_gamma_gamma_expected_spend() -> None:
    model = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    assert model.expected_spend(2, 22.35) == pytest.approx(24.66, abs=1.5e-2)
    assert model.population_mean == pytest.approx(6.25 * 15.44 / 2.74)
    assert model.expected_spend(0, 0) == pytest.approx(model.population_mean)


@pytest.mark.parametrize(
    ("counts", "alpha", "beta"),
    [
        # Fader & Hardie (2007), "How to project customer retention": regular and high end
        ([1000, 631, 468, 382, 326, 289, 262, 241], 0.704, 1.182),
        ([1000, 869, 743, 653, 593, 551, 517, 491], 0.668, 3.806),
    ],
)
def test_published_sbg_fits(counts: list[int], alpha: float, beta: float) -> None:
    fit = fit_sbg(counts)
    assert fit.params["alpha"] == pytest.approx(alpha, abs=1.5e-3)
    assert fit.params["beta"] == pytest.approx(beta, abs=1.5e-3)
    assert fit.n_periods == 7
    assert fit.log_likelihood < 0


# --------------------------------------------------------------- BG/NBD internal checks
def test_loglik_matches_naive_formula_on_ordinary_customers() -> None:
    r, alpha, a, b = 0.3, 5.0, 0.9, 2.0
    model = BGNBDFit.from_params(r, alpha, a, b)
    for x, t_x, T in [(0, 0, 30), (1, 12.5, 30), (4, 20, 25)]:
        a1 = special.gamma(r + x) * alpha**r / special.gamma(r)
        a2 = special.gamma(a + b) * special.gamma(b + x) / special.gamma(b)
        a2 /= special.gamma(a + b + x)
        a3 = (alpha + T) ** -(r + x)
        a4 = (a / (b + x - 1)) * (alpha + t_x) ** -(r + x) if x > 0 else 0.0
        naive = np.log(a1) + np.log(a2) + np.log(a3 + a4)
        assert model.log_likelihood_per_customer(x, t_x, T) == pytest.approx(naive, rel=1e-12)


def test_analytic_gradients_match_finite_differences() -> None:
    x = np.array([0.0, 1, 3, 10, 200])
    t_x = np.array([0.0, 5, 20, 30, 38])
    T = np.array([40.0, 40, 35, 32, 40])
    params = np.array([0.3, 4.0, 0.8, 2.5])
    _, grad = _bgnbd_loglik_terms(params, x, t_x, T)
    for k in range(4):
        step = np.zeros(4)
        step[k] = 1e-6 * params[k]
        up, _ = _bgnbd_loglik_terms(params + step, x, t_x, T)
        down, _ = _bgnbd_loglik_terms(params - step, x, t_x, T)
        np.testing.assert_allclose(grad[k], (up - down) / (2 * step[k]), rtol=1e-5, atol=1e-7)
    m = np.array([10.0, 25.0, 3.5])
    xg = np.array([1.0, 2.0, 7.0])
    gg = np.array([6.0, 3.5, 15.0])
    _, grad = _gamma_gamma_loglik_terms(gg, xg, m)
    for k in range(3):
        step = np.zeros(3)
        step[k] = 1e-6 * gg[k]
        up, _ = _gamma_gamma_loglik_terms(gg + step, xg, m)
        down, _ = _gamma_gamma_loglik_terms(gg - step, xg, m)
        np.testing.assert_allclose(grad[k], (up - down) / (2 * step[k]), rtol=1e-5, atol=1e-7)


def test_probability_of_purchases_is_a_distribution_with_mean_e_x(cdnow: BGNBDFit) -> None:
    n = np.arange(0, 400)
    probs = cdnow.probability_of_purchases(39, n)
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)
    assert (probs * n).sum() == pytest.approx(cdnow.expected_purchases_population(39), rel=1e-4)
    assert cdnow.probability_of_purchases(0, 0) == pytest.approx(1.0)


def test_new_customer_expectation_is_population_expectation(cdnow: BGNBDFit) -> None:
    # a customer just acquired (x = 0, T = 0) has E[Y(t)] = E[X(t)]
    assert cdnow.expected_purchases(52, 0, 0, 0) == pytest.approx(
        cdnow.expected_purchases_population(52), rel=1e-10
    )
    assert cdnow.expected_purchases(0, 3, 10, 20) == 0.0


def test_population_expectation_matches_simulation(cdnow: BGNBDFit) -> None:
    data = simulate_bgnbd(40_000, CDNOW, T=39, seed=11)
    # simulate_bgnbd counts purchases after the first one, at time 0: X(39) of BG/NBD
    mean = data["frequency"].mean()
    se = data["frequency"].std() / np.sqrt(len(data))
    assert abs(mean - cdnow.expected_purchases_population(39)) < 4 * se


def test_expected_purchases_equals_direct_formula_and_survives_large_x(
    cdnow: BGNBDFit,
) -> None:
    r, alpha, a, b = CDNOW.values()
    for x, t_x, T, t in [(0, 0, 30, 10), (1, 5, 30, 52), (6, 25, 39, 39), (15, 38, 39, 20)]:
        z = t / (alpha + T + t)
        direct = (
            (a + b + x - 1)
            / (a - 1)
            * (
                1
                - ((alpha + T) / (alpha + T + t)) ** (r + x)
                * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
            )
        )
        direct *= cdnow.probability_alive(x, t_x, T)
        assert cdnow.expected_purchases(t, x, t_x, T) == pytest.approx(direct, rel=1e-9)
    # the direct form overflows here (inf * 0); the transformed one does not
    heavy = cdnow.expected_purchases(104, 1000, 39.9, 40)
    assert np.isfinite(heavy)
    assert 1000 < heavy < 104 * 1000 / 39.9 * 1.2


def test_results_are_floats_for_scalars_and_arrays_otherwise(cdnow: BGNBDFit) -> None:
    assert isinstance(cdnow.probability_alive(1, 2, 3), float)
    assert cdnow.expected_purchases(10, [1, 2], [2, 3], [5, 5]).shape == (2,)
    assert cdnow.params == CDNOW


# ------------------------------------------------------------------- simulation recovery
def _hessian(grad: Callable[[np.ndarray], np.ndarray], params: np.ndarray) -> np.ndarray:
    k = params.size
    out = np.empty((k, k))
    for j in range(k):
        step = np.zeros(k)
        step[j] = 1e-5 * params[j]
        out[:, j] = (grad(params + step) - grad(params - step)) / (2 * step[j])
    return (out + out.T) / 2


def _assert_within_four_se(
    estimate: np.ndarray, truth: np.ndarray, grad: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """Check the estimate is within four standard errors of the truth; return the errors."""
    covariance = np.linalg.inv(-_hessian(grad, estimate))
    se = np.sqrt(np.diag(covariance))
    assert np.all(np.abs(estimate - truth) < 4 * se), (estimate, truth, se)
    assert np.all(se < 0.5 * truth)  # the test has power: estimates are informative
    return se


def test_bgnbd_recovers_simulated_parameters() -> None:
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.7, "b": 2.5}
    rng = np.random.default_rng(3)
    data = simulate_bgnbd(4000, truth, T=rng.uniform(30, 60, 4000), seed=3)
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    x, t_x, T = (data[c].to_numpy() for c in ("frequency", "recency", "T"))
    estimate = np.array(list(fit.params.values()))

    def grad(p: np.ndarray) -> np.ndarray:
        return _bgnbd_loglik_terms(p, x, t_x, T)[1].sum(axis=1)

    se = _assert_within_four_se(estimate, np.array(list(truth.values())), grad)
    # the fit's own standard errors (log scale, delta method) agree with this direct Hessian
    np.testing.assert_allclose(list(fit.standard_errors.values()), se, rtol=1e-4)
    assert np.max(np.abs(grad(estimate))) < 1e-2  # a true maximum
    true_ll = BGNBDFit.from_params(**truth).log_likelihood_per_customer(x, t_x, T).sum()
    assert fit.log_likelihood >= true_ll
    assert fit.n_customers == 4000


def test_gamma_gamma_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(4)
    p, q, gamma = 6.0, 4.0, 15.0
    x = 1 + rng.poisson(2.0, size=3000)
    nu = rng.gamma(q, 1 / gamma, size=3000)
    m = rng.gamma(p * x, 1 / nu) / x
    fit = fit_gamma_gamma(x, m)
    estimate = np.array([fit.p, fit.q, fit.gamma])

    def grad(params: np.ndarray) -> np.ndarray:
        return _gamma_gamma_loglik_terms(params, x.astype(float), m)[1].sum(axis=1)

    se = _assert_within_four_se(estimate, np.array([p, q, gamma]), grad)
    np.testing.assert_allclose(list(fit.standard_errors.values()), se, rtol=1e-4)
    # E[M | x, m_x] shrinks each customer's mean towards the population mean
    spend = fit.expected_spend(x, m)
    between = (spend - m) * (fit.population_mean - m)
    assert np.all(between >= -1e-9)


def test_sbg_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(5)
    alpha, beta = 0.7, 1.5
    theta = rng.beta(alpha, beta, size=5000)
    lifetime = rng.geometric(theta)  # period of churn, 1, 2, …
    counts = [(lifetime > t).sum() for t in range(0, 9)]
    fit = fit_sbg(counts)
    lost, last = -np.diff(counts), len(counts) - 1

    def loglik(params: np.ndarray) -> float:
        model = SBGFit.from_params(*params)
        return float(
            lost @ np.log(model.churn_probability(np.arange(1, last + 1)))
            + counts[-1] * np.log(model.survival(last))
        )

    def grad(params: np.ndarray) -> np.ndarray:
        out = np.empty(2)
        for k in range(2):
            step = np.zeros(2)
            step[k] = 1e-6 * params[k]
            out[k] = (loglik(params + step) - loglik(params - step)) / (2 * step[k])
        return out

    estimate = np.array([fit.alpha, fit.beta])
    assert fit.log_likelihood == pytest.approx(loglik(estimate))
    se = _assert_within_four_se(estimate, np.array([alpha, beta]), grad)
    np.testing.assert_allclose(list(fit.standard_errors.values()), se, rtol=1e-3)


# ----------------------------------------------------------------------------- sBG maths
def test_sbg_formulas_match_hand_recursion() -> None:
    alpha, beta = 0.668, 3.806
    model = SBGFit.from_params(alpha, beta)
    probs = [alpha / (alpha + beta)]
    for t in range(2, 13):
        probs.append((beta + t - 2) / (alpha + beta + t - 1) * probs[-1])
    np.testing.assert_allclose(model.churn_probability(np.arange(1, 13)), probs, rtol=1e-12)
    survival = 1 - np.cumsum(probs)
    np.testing.assert_allclose(model.survival(np.arange(1, 13)), survival, rtol=1e-10)
    assert model.survival(0) == pytest.approx(1.0)
    ratio = survival[1:] / survival[:-1]
    np.testing.assert_allclose(model.retention_rate(np.arange(2, 13)), ratio, rtol=1e-10)
    assert np.all(np.diff(model.retention_rate(np.arange(1, 13))) > 0)  # rises with t


@pytest.mark.parametrize("discount", [0.05, 0.10, 0.25])
def test_del_and_derl_match_truncated_sums(discount: float) -> None:
    model = SBGFit.from_params(0.668, 3.806)
    t = np.arange(0, 20_000)
    survival = model.survival(t)
    factor = (1 + discount) ** -t.astype(float)
    assert model.discounted_expected_lifetime(discount) == pytest.approx(
        (survival * factor).sum(), rel=1e-8
    )
    for renewals in (0, 1, 4, 10):
        n = renewals + 1
        # payments at the renewal decisions n, n+1, …, discounted back to decision n
        direct = (survival[n:] / survival[n - 1] * factor[: t.size - n]).sum()
        assert model.derl(discount, renewals) == pytest.approx(direct, rel=1e-8)


def test_sbg_alpha_below_one_still_finite_when_discounted() -> None:
    model = SBGFit.from_params(0.5, 0.8)
    assert np.isfinite(model.discounted_expected_lifetime(0.1))


# ------------------------------------------------------------------------------- CLV
@pytest.fixture
def summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "frequency": [0.0, 2.0, 7.0],
            "recency": [0.0, 30.43, 35.0],
            "T": [38.86, 38.86, 38.0],
            "monetary": [0.0, 22.35, 40.0],
        },
        index=pd.Index(["A", "B", "C"], name="customer_id"),
    )


def test_customer_lifetime_value_units(cdnow: BGNBDFit, summary: pd.DataFrame) -> None:
    gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    clv = customer_lifetime_value(
        cdnow, gg, summary, horizon=12, margin=0.3, discount=0.0, period_length=52 / 12
    )
    assert list(clv.columns) == ["expected_purchases", "expected_spend", "clv"]
    expected = cdnow.expected_purchases(52, summary["frequency"], summary["recency"], summary["T"])
    np.testing.assert_allclose(clv["expected_purchases"], expected, rtol=1e-10)
    spend = gg.expected_spend(summary["frequency"], summary["monetary"])
    np.testing.assert_allclose(clv["clv"], 0.3 * spend * expected, rtol=1e-10)
    assert clv.loc["B", "expected_spend"] == pytest.approx(24.66, abs=1.5e-2)


def test_customer_lifetime_value_discounting_by_hand(
    cdnow: BGNBDFit, summary: pd.DataFrame
) -> None:
    gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    clv = customer_lifetime_value(cdnow, gg, summary, horizon=3, margin=1.0, discount=0.1)
    row = summary.loc["C"]
    ey = [cdnow.expected_purchases(k, row["frequency"], row["recency"], row["T"]) for k in range(4)]
    hand = sum((ey[k] - ey[k - 1]) / 1.1**k for k in (1, 2, 3))
    spend = gg.expected_spend(7, 40.0)
    assert clv.loc["C", "clv"] == pytest.approx(spend * hand, rel=1e-10)


def test_customer_lifetime_value_errors(cdnow: BGNBDFit, summary: pd.DataFrame) -> None:
    gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    with pytest.raises(ValueError, match="margin"):
        customer_lifetime_value(cdnow, gg, summary, horizon=12, margin=30, discount=0.01)
    with pytest.raises(ValueError, match="horizon"):
        customer_lifetime_value(cdnow, gg, summary, horizon=0, margin=0.3, discount=0.01)
    with pytest.raises(ValueError, match="discount"):
        customer_lifetime_value(cdnow, gg, summary, horizon=12, margin=0.3, discount=-0.1)
    with pytest.raises(ValueError, match=r"missing column 'monetary'.*crmlab\.rfm\.btyd_summary"):
        customer_lifetime_value(
            cdnow, gg, summary.drop(columns="monetary"), horizon=12, margin=0.3, discount=0.01
        )


# ------------------------------------------------------------------------- hold-out check
def test_holdout_scorecard_by_hand(cdnow: BGNBDFit) -> None:
    data = pd.DataFrame(
        {
            "frequency": [0, 2, 9, 8],
            "recency": [0, 30.43, 30, 35],
            "T": [38.86, 38.86, 38, 38],
            "frequency_holdout": [0, 2, 5, 9],
            "duration_holdout": [39, 39, 39, 39],
        }
    )
    card = holdout_scorecard(cdnow, data)
    assert isinstance(card, HoldoutScorecard)
    predicted = cdnow.expected_purchases(39, data["frequency"], data["recency"], data["T"])
    error = predicted - data["frequency_holdout"].to_numpy()
    assert card.mae == pytest.approx(np.abs(error).mean())
    assert card.rmse == pytest.approx(np.sqrt((error**2).mean()))
    assert card.bias == pytest.approx(error.mean())
    assert card.total_predicted == pytest.approx(predicted.sum())
    assert card.total_actual == 16.0
    assert list(card.by_frequency.index) == ["0", "2", "7+"]
    assert card.by_frequency.loc["7+", "customers"] == 2
    assert card.by_frequency.loc["7+", "actual"] == 7.0
    np.testing.assert_allclose(card.customers["error"], error)


def test_holdout_scorecard_on_simulated_split() -> None:
    """Calibrate on weeks 0-39, predict 39-78 of the same simulated customers."""
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.7, "b": 2.5}
    # the split needs purchase times, so simulate the purchase process here
    rng = np.random.default_rng(8)
    n = 3000
    rate = rng.gamma(truth["r"], 1 / truth["alpha"], n)
    p_drop = rng.beta(truth["a"], truth["b"], n)
    rows = []
    for i in range(n):
        t, times = 0.0, []
        while True:
            t += rng.exponential(1 / rate[i])
            if t > 78:
                break
            times.append(t)
            if rng.random() < p_drop[i]:
                break
        cal = [s for s in times if s <= 39]
        rows.append(
            {
                "frequency": len(cal),
                "recency": cal[-1] if cal else 0.0,
                "T": 39.0,
                "frequency_holdout": len(times) - len(cal),
                "duration_holdout": 39.0,
            }
        )
    data = pd.DataFrame(rows)
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    card = holdout_scorecard(fit, data)
    assert card.total_predicted == pytest.approx(card.total_actual, rel=0.1)
    assert abs(card.bias) < 0.1
    assert card.rmse >= card.mae > 0


def test_holdout_scorecard_needs_the_split_summary(cdnow: BGNBDFit, summary: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"missing columns 'frequency_holdout'.*calibration_end"):
        holdout_scorecard(cdnow, summary)


# ---------------------------------------------------------------------------- properties
@settings(max_examples=50, deadline=None)
@given(
    x=st.integers(0, 300),
    share_late=st.floats(0.0, 1.0),
    share_early=st.floats(0.0, 1.0),
    T=st.floats(0.5, 500.0),
    r=st.floats(0.05, 5.0),
    alpha=st.floats(0.1, 50.0),
    a=st.floats(0.05, 5.0),
    b=st.floats(0.05, 10.0),
)
def test_p_alive_is_a_probability_that_falls_as_last_purchase_recedes(
    x: int,
    share_late: float,
    share_early: float,
    T: float,
    r: float,
    alpha: float,
    a: float,
    b: float,
) -> None:
    model = BGNBDFit.from_params(r, alpha, a, b)
    late, early = sorted((share_late, share_early), reverse=True)
    t_late, t_early = (late * T, early * T) if x > 0 else (0.0, 0.0)
    p_late = model.probability_alive(x, t_late, T)
    p_early = model.probability_alive(x, t_early, T)
    assert 0.0 <= p_early <= p_late <= 1.0
    assert np.isfinite(model.log_likelihood_per_customer(x, t_late, T))
    if abs(a - 1) > 1e-3:  # (a − 1) divides E[Y(t)]
        assert model.expected_purchases(T, x, t_late, T) >= 0


# ------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([1, 2], [5, 50], [40, 40]), r"t_x > T\) at row 1"),
        (([1, -2], [5, 5], [40, 40]), "negative count"),
        (([1, 2.5], [5, 5], [40, 40]), "non-integer count"),
        (([0, 2], [5, 5], [40, 40]), "must be 0 for customers with frequency 0"),
        (([1, np.nan], [5, 5], [40, 40]), "missing or infinite"),
        (([1, 2], [5, 5, 5], [40, 40]), "same length"),
        (([0, 0], [0, 0], [40, 40]), "nobody made a repeat purchase"),
        (([1, 2], [-1, 5], [40, 40]), "negative value"),
    ],
)
def test_fit_bgnbd_bad_inputs(args: tuple, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fit_bgnbd(*args)


def test_fit_bgnbd_degenerate_data_warn_not_nan() -> None:
    # identical customers: no difference in rates, drop-out right after the repeat purchase
    with pytest.warns(DegenerateFitWarning, match="fit_bgnbd") as caught:
        fit = fit_bgnbd([1] * 50, [5] * 50, [10] * 50)
    assert len(caught) == 2
    assert all(np.isfinite(v) and v > 0 for v in fit.params.values())
    assert np.isfinite(fit.log_likelihood)
    assert fit.r / fit.alpha == pytest.approx(0.2, rel=1e-3)  # the one rate the data show


def test_fit_failure_is_an_error_not_nan() -> None:
    def broken(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        return float("nan"), np.zeros_like(log_params)

    with pytest.raises(RuntimeError, match="demo: the likelihood maximisation did not converge"):
        maximise(broken, np.zeros(2), "demo")


def test_prediction_methods_check_inputs(cdnow: BGNBDFit) -> None:
    with pytest.raises(ValueError, match="t_x > T"):
        cdnow.probability_alive(2, 40, 30)
    with pytest.raises(ValueError, match="t_x > T"):
        cdnow.expected_purchases(10, 2, 40, 30)
    with pytest.raises(ValueError, match="t: times"):
        cdnow.expected_purchases(-1, 2, 20, 30)
    with pytest.raises(ValueError, match="non-integer"):
        cdnow.probability_of_purchases(10, 1.5)
    with pytest.raises(ValueError, match="positive numbers"):
        BGNBDFit.from_params(r=-1, alpha=1, a=1, b=1)


@pytest.mark.parametrize(
    ("frequency", "monetary", "match"),
    [
        ([0, 2, 3], [0.0, 10.0, 12.0], r"filter summary\[summary\['frequency'\] > 0\]"),
        ([1, 2, 3], [10.0, -5.0, 12.0], "1 negative spend value"),
        ([1, 2, 3], [10.0, -5.0, 12.0], "at row 1"),
        ([1, 2, 3], [0.0, 0.0, 0.0], "every customer's mean spend is 0"),
        ([1, 2.5, 3], [10.0, 5.0, 12.0], "non-integer"),
        ([1, 2], [10.0, 5.0, 12.0], "same length"),
    ],
)
def test_fit_gamma_gamma_bad_inputs(frequency: list, monetary: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fit_gamma_gamma(frequency, monetary)


def test_gamma_gamma_spend_errors() -> None:
    with pytest.raises(ValueError, match="spend must not be negative"):
        GammaGammaFit.from_params(6.25, 3.74, 15.44).expected_spend(2, -1.0)
    with pytest.raises(ValueError, match="infinite"):
        GammaGammaFit.from_params(6.25, 0.9, 15.44).population_mean  # noqa: B018


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ([1000, 600], "at least two later periods"),
        ([1000, 600, 700], "rises at row 2"),
        ([1000, 1000, 1000], "nobody churned"),
        ([0, 0, 0], "cohort size"),
        ([1000, 600.5, 400], "non-integer"),
        ([1000, -1, -2], "negative"),
    ],
)
def test_fit_sbg_bad_inputs(counts: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fit_sbg(counts)


def test_sbg_method_errors() -> None:
    model = SBGFit.from_params(0.7, 1.2)
    with pytest.raises(ValueError, match="discount"):
        model.derl(0.0)
    with pytest.raises(ValueError, match="renewals"):
        model.derl(0.1, -1)
    with pytest.raises(ValueError, match="whole numbers"):
        model.survival(1.5)
    with pytest.raises(ValueError, match="whole numbers ≥ 1"):
        model.retention_rate(0)


# ------------------------------------------------------------------------- the peer
def _peer_bgnbd(params: dict[str, float]) -> lifetimes.BetaGeoFitter:
    """lifetimes' BG/NBD with given parameters (no fit)."""
    peer = lifetimes.BetaGeoFitter()
    peer.params_ = pd.Series(params)
    peer.predict = peer.conditional_expected_number_of_purchases_up_to_time  # as fit() sets it
    return peer


def _peer_gamma_gamma(model: GammaGammaFit) -> lifetimes.GammaGammaFitter:
    peer = lifetimes.GammaGammaFitter()
    peer.params_ = pd.Series({"p": model.p, "q": model.q, "v": model.gamma})
    return peer


def test_fit_matches_lifetimes() -> None:
    data = simulate_bgnbd(1500, CDNOW, T=np.linspace(27, 39, 1500), seed=21)
    peer = lifetimes.BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    for name, value in fit.params.items():
        assert value == pytest.approx(float(peer.params_[name]), rel=1e-4)


def test_predictions_match_lifetimes(cdnow: BGNBDFit) -> None:
    peer = _peer_bgnbd(CDNOW)
    x = np.array([0.0, 1, 2, 5, 12])
    t_x = np.array([0.0, 3.5, 30.43, 20, 37])
    T = np.array([38.86, 38.86, 38.86, 30, 38])
    np.testing.assert_allclose(
        cdnow.probability_alive(x, t_x, T),
        peer.conditional_probability_alive(x, t_x, T),
        rtol=1e-10,
    )
    for t in (1, 13, 39, 52):
        np.testing.assert_allclose(
            cdnow.expected_purchases(t, x, t_x, T),
            peer.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T),
            rtol=1e-8,
        )
        assert cdnow.expected_purchases_population(t) == pytest.approx(
            float(peer.expected_number_of_purchases_up_to_time(t)), rel=1e-8
        )
    n = np.arange(0, 6)
    np.testing.assert_allclose(
        cdnow.probability_of_purchases(39, n),
        [float(peer.probability_of_n_purchases_up_to_time(39, k)) for k in n],
        rtol=1e-8,
    )


def test_gamma_gamma_fit_and_spend_match_lifetimes() -> None:
    rng = np.random.default_rng(4)
    x = 1 + rng.poisson(2.0, size=3000)
    nu = rng.gamma(4.0, 1 / 15.0, size=3000)
    m = rng.gamma(6.0 * x, 1 / nu) / x
    peer = lifetimes.GammaGammaFitter().fit(x, m)
    fit = fit_gamma_gamma(x, m)
    for ours, theirs in (("p", "p"), ("q", "q"), ("gamma", "v")):
        assert fit.params[ours] == pytest.approx(float(peer.params_[theirs]), rel=1e-4)
    model = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    frequency = pd.Series([0.0, 2.0, 20.0])
    monetary = pd.Series([0.0, 22.35, 22.35])
    np.testing.assert_allclose(
        model.expected_spend(frequency, monetary),
        _peer_gamma_gamma(model).conditional_expected_average_profit(frequency, monetary),
        rtol=1e-12,
    )


def test_customer_lifetime_value_matches_lifetimes(cdnow: BGNBDFit, summary: pd.DataFrame) -> None:
    """lifetimes works in months of 4.345 weeks for a model in weeks (freq="W")."""
    gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    ours = customer_lifetime_value(
        cdnow, gg, summary, horizon=12, margin=1.0, discount=0.01, period_length=4.345
    )
    theirs = _peer_gamma_gamma(gg).customer_lifetime_value(
        _peer_bgnbd(CDNOW),
        summary["frequency"],
        summary["recency"],
        summary["T"],
        summary["monetary"],
        time=12,
        discount_rate=0.01,
        freq="W",
    )
    np.testing.assert_allclose(ours["clv"], theirs, rtol=1e-9)


def test_errors_name_customers_by_index_label() -> None:
    summary = pd.DataFrame(
        {"frequency": [1, 2], "recency": [5.0, 50.0], "T": [40.0, 40.0]},
        index=pd.Index(["C001", "C002"], name="customer_id"),
    )
    with pytest.raises(ValueError, match="row C002"):
        fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    with pytest.raises(ValueError, match="row C001"):
        fit_gamma_gamma(summary["frequency"], pd.Series([-1.0, 5.0], index=summary.index))


def test_clv_over_years_is_monthly_customer_lifetime_value():
    bg = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    gg = models.GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    summary = pd.DataFrame(
        {
            "frequency": [0, 2, 5],
            "recency": [0, 30.0, 38.0],
            "T": [38.9] * 3,
            "monetary": [0, 22.4, 40.0],
        }
    )
    got = models.clv_over_years(bg, gg, summary, years=3, margin=0.35, annual_discount=0.1)
    monthly = 1.1 ** (1 / 12) - 1
    want = models.customer_lifetime_value(
        bg, gg, summary, horizon=36, margin=0.35, discount=monthly, period_length=52 / 12
    )
    pd.testing.assert_frame_equal(got, want)
    # discounting only lowers the value
    flat = models.clv_over_years(bg, gg, summary, years=3, margin=0.35, annual_discount=0.0)
    assert (got["clv"] < flat["clv"]).all()
    with pytest.raises(ValueError, match="years"):
        models.clv_over_years(bg, gg, summary, years=0, margin=0.35, annual_discount=0.1)
    with pytest.raises(ValueError, match="annual_discount"):
        models.clv_over_years(bg, gg, summary, years=1, margin=0.35, annual_discount=-0.1)


# ------------------------------------------------------------- the naive yardstick
def test_naive_forecast_by_hand() -> None:
    data = pd.DataFrame(
        {
            "frequency": [0, 4, 3, 2],
            "T": [10.0, 20.0, 30.0, 0.0],
            "duration_holdout": [52.0, 52.0, 26.0, 52.0],
        },
        index=pd.Index(["A", "B", "C", "D"], name="customer_id"),
    )
    # B: 4 / 20 = 0.2 a week × 52 = 10.4; C: 3 / 30 = 0.1 a week × 26 = 2.6; D: never observed
    naive = models.naive_holdout_forecast(data)
    assert naive.name == "naive"
    assert naive.index.equals(data.index)
    np.testing.assert_allclose(naive, [0.0, 10.4, 2.6, 0.0])


def test_naive_forecast_checks_its_input() -> None:
    with pytest.raises(ValueError, match=r"missing column 'duration_holdout'.*calibration_end"):
        models.naive_holdout_forecast(pd.DataFrame({"frequency": [1], "T": [2.0]}))
    bad = pd.DataFrame({"frequency": [-1], "T": [2.0], "duration_holdout": [5.0]}, index=["Z"])
    with pytest.raises(ValueError, match="frequency: 1 negative count"):
        models.naive_holdout_forecast(bad)


def test_benchmark_sets_the_model_beside_the_naive_forecast(cdnow: BGNBDFit) -> None:
    data = pd.DataFrame(
        {
            "frequency": [0, 2, 9, 8],
            "recency": [0, 30.43, 30, 35],
            "T": [38.86, 38.86, 38, 38],
            "frequency_holdout": [0, 2, 5, 9],
            "duration_holdout": [39, 39, 39, 39],
        }
    )
    card = holdout_scorecard(cdnow, data)
    naive = data["frequency"] / data["T"] * data["duration_holdout"]
    np.testing.assert_allclose(card.customers["naive"], naive)
    assert card.total_naive == pytest.approx(naive.sum())
    table = card.benchmark()
    assert list(table.index) == ["MAE", "RMSE", "bias", "total_predicted", "total_gap"]
    assert list(table.columns) == ["bgnbd", "naive_rate"]
    assert table.loc["MAE", "bgnbd"] == pytest.approx(card.mae)
    assert table.loc["RMSE", "bgnbd"] == pytest.approx(card.rmse)
    assert table.loc["bias", "bgnbd"] == pytest.approx(card.bias)
    error = naive - data["frequency_holdout"]
    assert table.loc["MAE", "naive_rate"] == pytest.approx(error.abs().mean())
    assert table.loc["bias", "naive_rate"] == pytest.approx(error.mean())
    assert table.loc["total_gap", "naive_rate"] == pytest.approx(naive.sum() / 16 - 1)
    assert table.loc["total_predicted", "bgnbd"] == pytest.approx(card.total_predicted)


def test_the_naive_forecast_overshoots_when_customers_drop_out() -> None:
    """Simulated customers who drop out: the naive forecast is far too high, BG/NBD is not."""
    data = simulate_bgnbd(3000, {"r": 0.5, "alpha": 6.0, "a": 0.9, "b": 2.0}, T=39, seed=3)
    # the hold-out of a drop-out process: simulate further with each customer's own path
    rng = np.random.default_rng(3)
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    split = data.assign(duration_holdout=39.0)
    expected = fit.expected_purchases(39, data["frequency"], data["recency"], data["T"])
    split["frequency_holdout"] = rng.poisson(expected)
    card = holdout_scorecard(fit, split)
    table = card.benchmark()
    assert table.loc["total_gap", "naive_rate"] > 0.2
    assert abs(table.loc["total_gap", "bgnbd"]) < 0.1
    assert table.loc["MAE", "bgnbd"] < table.loc["MAE", "naive_rate"]


# ------------------------------------------------------------------ P(alive) over time
def test_population_means_of_a_fit(cdnow: BGNBDFit) -> None:
    assert cdnow.mean_purchase_rate == pytest.approx(0.243 / 4.414)
    assert cdnow.mean_dropout_probability == pytest.approx(0.793 / (0.793 + 2.426))


def test_probability_alive_path_by_hand(cdnow: BGNBDFit) -> None:
    age = 33 + 3 / 7  # her first purchase 234 days before the end, her last 24 days before it
    her = pd.Series({"frequency": 2, "recency": 30.0, "T": age})
    path = models.probability_alive_path(cdnow, her, "2025-12-31", weeks_after=3)
    # weekly from her last purchase (age 30), the end itself, then up to 3 weeks after the end
    np.testing.assert_allclose(path["T"], [30, 31, 32, 33, age, 34, 35, 36])
    assert path["date"].iloc[0] == pd.Timestamp("2025-12-07")  # 24 days before the end
    assert path["date"].iloc[4] == pd.Timestamp("2025-12-31")
    assert path["date"].iloc[-1] == pd.Timestamp("2026-01-18")  # age 36: 18 days after
    np.testing.assert_allclose(
        path["probability_alive"], cdnow.probability_alive(2, 30.0, path["T"].to_numpy())
    )
    assert np.all(np.diff(path["probability_alive"]) < 0)  # silence lowers P(alive)


def test_probability_alive_path_in_days_matches_weeks(cdnow: BGNBDFit) -> None:
    weekly = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    daily = BGNBDFit.from_params(r=0.243, alpha=4.414 * 7, a=0.793, b=2.426)
    in_weeks = models.probability_alive_path(
        weekly, pd.Series({"frequency": 3, "recency": 20.0, "T": 30.0}), "2024-06-30"
    )
    in_days = models.probability_alive_path(
        daily,
        pd.Series({"frequency": 3, "recency": 140.0, "T": 210.0}),
        "2024-06-30",
        time_unit="D",
    )
    pd.testing.assert_series_equal(in_weeks["date"], in_days["date"])
    np.testing.assert_allclose(in_weeks["probability_alive"], in_days["probability_alive"])


@pytest.mark.parametrize(
    ("customer", "kwargs", "match"),
    [
        ({"frequency": 2, "recency": 5.0}, {}, "customer: missing T"),
        ({"frequency": 2, "recency": 50.0, "T": 40.0}, {}, "recency 50 is after her age T 40"),
        ({"frequency": 1.5, "recency": 5.0, "T": 40.0}, {}, "non-integer count"),
        ({"frequency": 2, "recency": 5.0, "T": 40.0}, {"time_unit": "M"}, "time_unit: 'W'"),
        ({"frequency": 2, "recency": 5.0, "T": 40.0}, {"weeks_after": -1}, "weeks_after"),
    ],
)
def test_probability_alive_path_checks_its_input(
    cdnow: BGNBDFit, customer: dict, kwargs: dict, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        models.probability_alive_path(cdnow, pd.Series(customer), "2025-12-31", **kwargs)
