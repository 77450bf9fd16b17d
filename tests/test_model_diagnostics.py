"""Tests of the models' diagnostics: degenerate fits, standard errors, summaries, tenure data.

- Degenerate fits: data that drive a parameter to a bound (a BG/NBD without drop-out, the
  same churn or spend for everyone, …) give a ``DegenerateFitWarning`` that says what it
  means, and the fit comes back with NaN standard errors where they are not defined.
  lifetimes, the peer, stops with an error on the same data.
- Standard errors: against lifetimes on the real CDNOW summary (the published fit of Fader,
  Hardie & Lee 2005, shipped with lifetimes) and against the spread of estimates over
  repeated simulated data sets.
- sBG on individual tenures with censoring gives the same fit as on survivor counts.
- Gamma-Gamma leaves customers with zero spend out of the fit, with a note.
- Against a known truth: the fit's population means, P(alive) calibration by band and the
  Gamma-Gamma shrinkage, each worked out by hand.
"""

from __future__ import annotations

import warnings

import lifetimes
import numpy as np
import pandas as pd
import pytest
from lifetimes.datasets import (
    load_cdnow_summary,
    load_cdnow_summary_data_with_monetary_value,
)
from scipy import special

from crmlab import models
from crmlab.models import (
    BGNBDFit,
    DegenerateFitWarning,
    FitSummary,
    GammaGammaFit,
    SBGFit,
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_sbg,
    simulate_bgnbd,
)

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader & Hardie (2007), "How to project customer retention": the regular cohort
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def _regular_buyers(n: int = 1000, seed: int = 1) -> tuple[np.ndarray, ...]:
    """Customers who buy like clockwork up to the end: no sign of drop-out anywhere."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(100, 700, n)  # days
    gap = rng.uniform(20, 60, n)
    x = np.floor(T / gap)
    return x, x * gap, T


def _tenures(counts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """A cohort's survivor counts as one row per customer: periods paid and churned flag."""
    counts_arr = np.asarray(counts)
    last = counts_arr.size - 1
    lost = -np.diff(counts_arr)
    durations = np.repeat(np.arange(1, last + 2), np.append(lost, counts_arr[-1]))
    return durations, durations <= last


# ---------------------------------------------------------------------- the warning
def test_warning_is_a_user_warning() -> None:
    assert issubclass(DegenerateFitWarning, UserWarning)


def test_bgnbd_without_drop_out_warns_and_says_what_it_means() -> None:
    x, t_x, T = _regular_buyers()
    with pytest.warns(DegenerateFitWarning) as caught:
        fit = fit_bgnbd(x, t_x, T)
    message = str(caught[0].message)
    assert "a → 0 and b → ∞" in message
    assert "P(alive) is near 1 for everyone" in message
    assert "long-horizon forecasts are too high" in message
    assert "longer calibration period" in message
    assert fit.a < 1e-3 and fit.b > 1e3
    assert message in fit.notes
    # what the message claims is what the fit does
    assert np.min(fit.probability_alive(x, t_x, T)) > 0.999
    errors = fit.standard_errors
    assert np.isnan(errors["a"]) and np.isnan(errors["b"])
    assert np.isfinite(errors["r"]) and np.isfinite(errors["alpha"])
    assert any("standard errors of a, b not defined" in note for note in fit.notes)


def test_lifetimes_stops_where_we_warn(capsys: pytest.CaptureFixture[str]) -> None:
    x, t_x, T = _regular_buyers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the peer's own numpy warnings
        with pytest.raises(lifetimes.utils.ConvergenceError):
            lifetimes.BetaGeoFitter().fit(x, t_x, T)
    capsys.readouterr()  # lifetimes prints the optimiser's output


def test_bgnbd_simulated_without_drop_out_warns() -> None:
    rng = np.random.default_rng(0)
    params = {"r": 2.0, "alpha": 20.0, "a": 1e-9, "b": 1.0}  # p ≈ 0 for everyone
    data = simulate_bgnbd(2000, params, T=rng.uniform(200, 700, 2000), seed=0)
    with pytest.warns(DegenerateFitWarning, match="the model sees almost no drop-out"):
        fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    # the purchase rates are still estimated, with standard errors
    assert fit.r == pytest.approx(2.0, rel=0.15)
    assert fit.alpha == pytest.approx(20.0, rel=0.15)
    assert fit.standard_errors["r"] < 0.1


def test_bgnbd_identical_customers_warn_about_rates_and_drop_out() -> None:
    with pytest.warns(DegenerateFitWarning) as caught:
        fit = fit_bgnbd([1] * 50, [5] * 50, [10] * 50)
    messages = " ".join(str(w.message) for w in caught)
    assert "no difference in purchase rate between customers" in messages
    assert "drops out right after a repeat purchase" in messages
    assert all(np.isnan(v) for v in fit.standard_errors.values())


def test_healthy_fit_has_no_notes() -> None:
    data = simulate_bgnbd(2357, CDNOW, T=np.linspace(27, 39, 2357), seed=3)
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])  # warnings are errors
    assert fit.notes == ()
    assert all(np.isfinite(v) for v in fit.standard_errors.values())


def test_gamma_gamma_q_below_one_warns_that_the_mean_is_infinite() -> None:
    rng = np.random.default_rng(0)
    x = 1 + rng.poisson(2.0, size=2000)
    nu = rng.gamma(0.7, 1 / 15.0, size=2000)  # q = 0.7: spend with an infinite mean
    m = rng.gamma(6.0 * x, 1 / nu) / x
    with pytest.warns(DegenerateFitWarning, match=r"q = 0\.\d+ ≤ 1.*mean spend per purchase is"):
        fit = fit_gamma_gamma(x, m)
    assert fit.q < 1
    assert np.isfinite(fit.standard_errors["q"])  # an interior estimate: defined
    with pytest.raises(ValueError, match="infinite"):
        fit.expected_spend(2, 30.0)


def test_gamma_gamma_same_spend_level_for_everyone_warns() -> None:
    rng = np.random.default_rng(0)
    x = 1 + rng.poisson(2.0, size=2000)
    m = rng.gamma(6.0 * x, 1 / 0.3) / x  # one ν for all customers
    with pytest.warns(DegenerateFitWarning, match="no difference in typical spend"):
        fit = fit_gamma_gamma(x, m)
    assert np.isnan(fit.standard_errors["q"]) and np.isnan(fit.standard_errors["gamma"])
    assert fit.standard_errors["p"] < 0.05 * fit.p  # p is still well estimated
    assert fit.population_mean == pytest.approx(6.0 / 0.3, rel=0.02)


def test_sbg_same_churn_for_everyone_warns() -> None:
    counts = [1000, 700, 490, 343, 240, 168]  # 30% churn every period
    with pytest.warns(DegenerateFitWarning, match="same churn probability"):
        fit = fit_sbg(counts)
    assert fit.alpha / (fit.alpha + fit.beta) == pytest.approx(0.3, rel=1e-3)
    assert fit.retention_rate(5) == pytest.approx(fit.retention_rate(1), rel=1e-3)


def test_sbg_split_into_stayers_and_leavers_warns() -> None:
    with pytest.warns(DegenerateFitWarning, match="alpha and beta → 0"):
        fit = fit_sbg([1000, 500, 500, 500])
    assert np.isnan(fit.standard_errors["alpha"])


# ------------------------------------------------------------------ standard errors
@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    return load_cdnow_summary()


def test_bgnbd_published_fit_and_standard_errors_match_lifetimes(
    cdnow_summary: pd.DataFrame,
) -> None:
    data = cdnow_summary
    fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    for name, value in CDNOW.items():  # Fader, Hardie & Lee (2005)
        assert fit.params[name] == pytest.approx(value, abs=1.5e-3)
    peer = lifetimes.BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    for name, value in fit.standard_errors.items():
        assert value == pytest.approx(float(peer.standard_errors_[name]), rel=1e-3)
    # plausible sizes: rates tightly estimated, drop-out loosely (2,357 customers)
    se = fit.standard_errors
    assert 0.01 < se["r"] < 0.02 and 0.3 < se["alpha"] < 0.5
    assert 0.1 < se["a"] < 0.3 and 0.5 < se["b"] < 1.0


def test_gamma_gamma_published_fit_and_standard_errors_match_lifetimes() -> None:
    data = load_cdnow_summary_data_with_monetary_value()
    repeaters = data[data["frequency"] > 0]
    fit = fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    # Fader & Hardie (2013), "The Gamma-Gamma model of monetary value"
    assert fit.params == pytest.approx({"p": 6.25, "q": 3.74, "gamma": 15.44}, abs=1.5e-2)
    peer = lifetimes.GammaGammaFitter().fit(repeaters["frequency"], repeaters["monetary_value"])
    for ours, theirs in (("p", "p"), ("q", "q"), ("gamma", "v")):
        expected = float(peer.standard_errors_[theirs])
        assert fit.standard_errors[ours] == pytest.approx(expected, rel=1e-3)


def _spread_ratio(fits: list, names: list[str]) -> np.ndarray:
    """Spread of the log-estimates over data sets / their mean reported standard error."""
    logs = np.log([[fit.params[k] for k in names] for fit in fits])
    reported = np.array([[fit.standard_errors[k] / fit.params[k] for k in names] for fit in fits])
    return logs.std(axis=0, ddof=1) / np.sqrt((reported**2).mean(axis=0))


def test_bgnbd_standard_errors_match_the_spread_of_estimates() -> None:
    fits = []
    for seed in range(40):
        T = np.random.default_rng(seed).uniform(27, 39, 2357)
        data = simulate_bgnbd(2357, CDNOW, T=T, seed=seed)
        fits.append(fit_bgnbd(data["frequency"], data["recency"], data["T"]))
    # 40 data sets: the spread is known to about ±11%
    ratio = _spread_ratio(fits, list(CDNOW))
    assert np.all((ratio > 0.7) & (ratio < 1.4)), ratio


def test_gamma_gamma_standard_errors_match_the_spread_of_estimates() -> None:
    fits = []
    for seed in range(60):
        rng = np.random.default_rng(seed)
        x = 1 + rng.poisson(2.0, 1000)
        nu = rng.gamma(4.0, 1 / 15.0, 1000)
        fits.append(fit_gamma_gamma(x, rng.gamma(6.0 * x, 1 / nu) / x))
    ratio = _spread_ratio(fits, ["p", "q", "gamma"])  # ±9%
    assert np.all((ratio > 0.75) & (ratio < 1.3)), ratio


def test_sbg_standard_errors_match_the_spread_of_estimates() -> None:
    fits = []
    for seed in range(100):
        rng = np.random.default_rng(seed)
        lifetime = rng.geometric(rng.beta(0.7, 1.5, 1000))
        fits.append(fit_sbg([int((lifetime > t).sum()) for t in range(8)]))
    ratio = _spread_ratio(fits, ["alpha", "beta"])  # ±7%
    assert np.all((ratio > 0.8) & (ratio < 1.25)), ratio


def test_standard_errors_are_computed_only_when_asked() -> None:
    fit = fit_sbg(REGULAR)
    assert "_standard_errors" not in vars(fit)
    first = fit.standard_errors
    assert "_standard_errors" in vars(fit)
    assert fit.standard_errors == first
    first["alpha"] = 0.0  # a copy: the fit is not changed
    assert fit.standard_errors["alpha"] > 0


def test_given_parameters_have_no_standard_errors() -> None:
    model = BGNBDFit.from_params(**CDNOW)
    assert all(np.isnan(v) for v in model.standard_errors.values())
    assert "given, not fitted" in str(model.summary())


# --------------------------------------------------------------------------- summary
def test_summary_table_and_text() -> None:
    fit = fit_sbg(REGULAR)
    summary = fit.summary()
    assert isinstance(summary, FitSummary)
    table = summary.table
    assert list(table.index) == ["alpha", "beta"]
    assert list(table.columns) == ["estimate", "std_err", "ci_lower", "ci_upper"]
    np.testing.assert_allclose(table["estimate"], [fit.alpha, fit.beta])
    np.testing.assert_allclose(table["std_err"], list(fit.standard_errors.values()))
    spread = np.exp(1.959964 * table["std_err"] / table["estimate"])
    np.testing.assert_allclose(table["ci_lower"], table["estimate"] / spread, rtol=1e-6)
    np.testing.assert_allclose(table["ci_upper"], table["estimate"] * spread, rtol=1e-6)
    assert summary.log_likelihood == fit.log_likelihood
    assert summary.n_customers == 1000
    text = str(summary)
    assert text.startswith("sBG fit on 1,000 customers, log-likelihood -1,680.")
    assert "alpha" in text and "95% intervals" in text
    assert repr(summary) == text
    assert "<table" in summary._repr_html_()


def test_summary_shows_the_notes_of_a_degenerate_fit() -> None:
    x, t_x, T = _regular_buyers()
    with pytest.warns(DegenerateFitWarning):
        fit = fit_bgnbd(x, t_x, T)
    summary = fit.summary()
    assert summary.notes == fit.notes
    text = str(summary)
    assert "notes:\n- fit_bgnbd: a → 0 and b → ∞" in text
    assert np.isnan(summary.table.loc["a", "ci_lower"])
    assert "<li>fit_bgnbd: a → 0 and b → ∞" in summary._repr_html_()


# ------------------------------------------------------------- sBG on tenure data
@pytest.mark.parametrize(
    "counts",
    [REGULAR, [1000, 869, 743, 653, 593, 551, 517, 491]],  # Fader & Hardie (2007)
)
def test_sbg_tenures_give_the_same_fit_as_survivor_counts(counts: list[int]) -> None:
    aggregate = fit_sbg(counts)
    durations, churned = _tenures(counts)
    individual = fit_sbg(durations=durations, churned=churned)
    assert individual.params == pytest.approx(aggregate.params, rel=1e-6)
    assert individual.log_likelihood == pytest.approx(aggregate.log_likelihood, rel=1e-10)
    assert individual.n_periods == aggregate.n_periods == 7
    assert individual.n_customers == aggregate.n_customers == 1000
    np.testing.assert_allclose(
        list(individual.standard_errors.values()),
        list(aggregate.standard_errors.values()),
        rtol=1e-5,
    )


def test_sbg_tenures_with_censoring_at_different_tenures() -> None:
    """Subscribers joined at different times: still-active ones are censored at their own tenure."""
    rng = np.random.default_rng(7)
    n = 20_000
    lifetime = rng.geometric(rng.beta(0.7, 1.5, n))  # renewal decision at which each leaves
    paid_so_far = rng.integers(1, 13, n)  # joined 1…12 periods before the end of the data
    churned = lifetime < paid_so_far  # left at a decision already faced
    durations = np.where(churned, lifetime, paid_so_far)
    fit = fit_sbg(durations=pd.Series(durations), churned=pd.Series(churned))
    se = fit.standard_errors
    assert abs(fit.alpha - 0.7) < 4 * se["alpha"]
    assert abs(fit.beta - 1.5) < 4 * se["beta"]
    assert se["alpha"] < 0.1 * 0.7  # informative
    # active subscribers in their first period have faced no renewal: they add nothing
    more = fit_sbg(
        durations=np.append(durations, [1] * 500), churned=np.append(churned, [False] * 500)
    )
    assert more.params == pytest.approx(fit.params, rel=1e-6)
    assert more.n_customers == n + 500


def test_sbg_churned_accepts_booleans_and_zero_one() -> None:
    durations, churned = _tenures(REGULAR)
    as_bool = fit_sbg(durations=durations, churned=pd.Series(churned))
    as_int = fit_sbg(durations=list(durations), churned=churned.astype(int))
    as_float = fit_sbg(durations=durations, churned=churned.astype(float))
    assert as_bool.params == as_int.params == as_float.params


@pytest.mark.parametrize(
    "flags",
    [["yes", "no"], ["True", "False"], ["是", "否"], [True, None], [1.0, np.nan], [1, 2]],
)
def test_sbg_churned_text_or_missing_is_an_error(flags: list) -> None:
    with pytest.raises(ValueError, match=r"churned: .*not True/False or 1/0.*where the data"):
        fit_sbg(durations=[3, 4], churned=flags)


def test_sbg_churned_error_names_the_row_by_label() -> None:
    churned = pd.Series([True, "no", False], index=["S1", "S2", "S3"])
    with pytest.raises(ValueError, match="row S2"):
        fit_sbg(durations=pd.Series([1, 2, 3], index=churned.index), churned=churned)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"active_counts": REGULAR, "durations": [1, 2], "churned": [1, 0]}, "not both"),
        ({"durations": [1, 2, 3]}, "need both durations"),
        ({"churned": [True]}, "need both durations"),
        ({}, "give active_counts"),
        ({"durations": [0, 2, 3], "churned": [1, 1, 0]}, "tenure"),
        ({"durations": [1.5, 2, 3], "churned": [1, 1, 0]}, "non-integer"),
        ({"durations": [1, 2, 3], "churned": [1, 1]}, "same length"),
        ({"durations": [2, 3, 4], "churned": [0, 0, 0]}, "nobody churned"),
        ({"durations": [1, 1, 2, 1], "churned": [1, 1, 0, 0]}, "one renewal decision"),
        ({"durations": [], "churned": []}, "no subscribers"),
    ],
)
def test_fit_sbg_individual_bad_inputs(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fit_sbg(**kwargs)


def test_sbg_fit_keeps_its_data_out_of_equality_and_repr() -> None:
    fit = fit_sbg(REGULAR)
    assert "_data" not in repr(fit)
    assert fit == fit_sbg(REGULAR)
    assert isinstance(SBGFit.from_params(0.7, 1.2), SBGFit)


# ------------------------------------------------------ Gamma-Gamma and zero spend
def test_gamma_gamma_leaves_out_zero_spend_with_a_note() -> None:
    rng = np.random.default_rng(4)
    x = 1 + rng.poisson(2.0, size=1000)
    m = rng.gamma(6.0 * x, 1 / rng.gamma(4.0, 1 / 15.0, size=1000)) / x
    positive = fit_gamma_gamma(x, m)
    m_zero = m.copy()
    m_zero[:25] = 0.0
    fit = fit_gamma_gamma(np.append(x, x[:25]), np.append(m, m_zero[:25]))
    assert fit.params == pytest.approx(positive.params, rel=1e-9)
    assert fit.n_customers == 1000
    assert fit.notes == (
        "25 customer(s) with zero mean spend left out of the fit; they get the population "
        "mean in expected_spend",
    )
    assert fit.expected_spend(3, 0.0) == pytest.approx(fit.population_mean)
    assert fit.summary().notes == fit.notes


def test_customer_lifetime_value_gives_zero_spenders_the_population_mean() -> None:
    bg = BGNBDFit.from_params(**CDNOW)
    gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    summary = pd.DataFrame(
        {"frequency": [0, 2, 3], "recency": [0, 30.43, 20], "T": [38.86] * 3,
         "monetary": [0, 22.35, 0.0]},
        index=["A", "B", "free"],
    )  # fmt: skip
    clv = customer_lifetime_value(bg, gg, summary, horizon=12, margin=0.3, discount=0.01)
    assert clv.loc["free", "expected_spend"] == pytest.approx(gg.population_mean)
    assert clv.loc["free", "clv"] > 0
    summary.loc["free", "monetary"] = -5.0
    with pytest.raises(ValueError, match="must not be negative"):
        customer_lifetime_value(bg, gg, summary, horizon=12, margin=0.3, discount=0.01)


def test_forecasts_of_a_degenerate_fit_stay_finite():
    """Parameters in the hundreds of thousands (a tiny log's fit) used to overflow ₂F₁."""
    from crmlab.models.bgnbd import _hyp2f1_series

    model = BGNBDFit.from_params(r=4.036e5, alpha=8.854e6, a=2.067e5, b=4.823e5)
    x, t_x, T = np.array([0, 1, 3]), np.array([0.0, 10.0, 30.0]), np.array([40.0, 40.0, 40.0])
    got = model.expected_purchases(156, x, t_x, T)
    assert np.all(np.isfinite(got)) and np.all(got > 0)
    # at most what a customer buying at rate r/alpha without ever dropping out would buy
    assert np.all(got < 156 * model.r / model.alpha)
    # the series agrees with scipy where scipy still works
    args = [np.array(v, dtype=float) for v in ([20.5, -3.2], [4.0, 7.5], [30.0, 12.0])]
    z = np.array([0.4, 0.05])
    np.testing.assert_allclose(_hyp2f1_series(*args, z), special.hyp2f1(*args, z), rtol=1e-10)


def test_fit_with_notes_turns_the_warning_into_text() -> None:
    from crmlab.models import fit_with_notes

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape as a warning
        model, messages = fit_with_notes(fit_bgnbd, *_regular_buyers())
    assert isinstance(model, BGNBDFit)
    assert len(messages) >= 1 and "drop-out" in messages[0]
    assert messages[0] in "\n".join(model.notes)
    data = simulate_bgnbd(2357, CDNOW, T=np.linspace(27, 39, 2357), seed=3)
    healthy, none = fit_with_notes(fit_bgnbd, data["frequency"], data["recency"], data["T"])
    assert none == [] and isinstance(healthy, BGNBDFit)


# ----------------------------------------------------------------- against the truth


def test_fit_against_truth_by_hand() -> None:
    fit = BGNBDFit.from_params(r=0.5, alpha=10.0, a=1.0, b=3.0)  # rate 0.05, drop-out 0.25
    truth = pd.DataFrame(
        {"purchase_rate": [0.04, 0.08, np.nan], "dropout_probability": [0.2, 0.4, 0.9]}
    )  # the row with a missing rate is left out: truth 0.06 and 0.30
    base = {"r": 0.6, "alpha": 8.0, "a": 1.0, "b": 4.0}  # 0.075 and 0.20
    table = models.fit_against_truth(fit, truth, base=base)
    assert list(table.index) == ["purchase_rate", "dropout_probability"]
    np.testing.assert_allclose(table["truth"], [0.06, 0.30])
    np.testing.assert_allclose(table["fit"], [0.05, 0.25])
    np.testing.assert_allclose(table["fit_gap"], [0.05 / 0.06 - 1, 0.25 / 0.30 - 1])
    np.testing.assert_allclose(table["base_gap"], [0.075 / 0.06 - 1, 0.20 / 0.30 - 1])
    # |−16.7 %| < |+25 %| and |−16.7 %| < |−33.3 %|: the fit is closer on both
    assert table["closer"].tolist() == ["fit", "fit"]
    nearer_base = models.fit_against_truth(fit, truth, base={**base, "r": 0.5, "alpha": 8.5})
    assert nearer_base.loc["purchase_rate", "closer"] == "base"  # 0.0588 vs truth 0.06


def test_fit_against_truth_without_base_and_bad_input() -> None:
    fit = BGNBDFit.from_params(r=0.5, alpha=10.0, a=1.0, b=3.0)
    truth = pd.DataFrame({"purchase_rate": [0.05], "dropout_probability": [0.25]})
    plain = models.fit_against_truth(fit, truth)
    assert list(plain.columns) == ["truth", "fit", "fit_gap"]
    np.testing.assert_allclose(plain["fit_gap"], [0.0, 0.0], atol=1e-12)
    with pytest.raises(ValueError, match="missing column 'dropout_probability'"):
        models.fit_against_truth(fit, truth[["purchase_rate"]])
    with pytest.raises(ValueError, match="base: missing parameter"):
        models.fit_against_truth(fit, truth, base={"r": 1.0})
    with pytest.raises(ValueError, match="no rows"):
        models.fit_against_truth(fit, truth.iloc[:0])


def test_alive_calibration_by_hand() -> None:
    p = pd.Series([0.05, 0.15, 0.6, 0.9, 0.95, 1.0], index=list("ABCDEF"))
    truly = pd.Series([False, True, True, True, False, True], index=list("FEDCBA"))
    # aligned by customer: A True, B False, C True, D True, E True, F False
    table = models.alive_calibration(p, truly, bands=4)
    assert list(table.index) == ["0–25%", "50–75%", "75–100%"]  # the empty band is left out
    assert table.index.name == "band"
    assert table["customers"].tolist() == [2, 1, 3]
    np.testing.assert_allclose(table["predicted"], [0.10, 0.60, 0.95])
    np.testing.assert_allclose(table["actual"], [0.5, 1.0, 2 / 3])
    np.testing.assert_allclose(table["gap"], table["predicted"] - table["actual"])


def test_alive_calibration_of_a_true_model_is_close() -> None:
    """Customers alive with exactly their predicted probability: every band within 5 points."""
    rng = np.random.default_rng(5)
    p = pd.Series(rng.uniform(0, 1, 20_000))
    truly = pd.Series(rng.uniform(0, 1, 20_000) < p)
    table = models.alive_calibration(p, truly)
    assert len(table) == 5
    assert table["gap"].abs().max() < 0.05


def test_alive_calibration_checks_its_input() -> None:
    p = pd.Series([0.2, 0.8], index=["A", "B"])
    with pytest.raises(ValueError, match="same customers"):
        models.alive_calibration(p, pd.Series([True, False], index=["A", "C"]))
    with pytest.raises(ValueError, match=r"probability in \[0, 1\]"):
        models.alive_calibration(pd.Series([0.2, 1.2], index=["A", "B"]), p > 0.5)
    with pytest.raises(ValueError, match="not True/False"):
        models.alive_calibration(p, pd.Series(["yes", "no"], index=["A", "B"]))
    with pytest.raises(ValueError, match="bands: a whole number from 2 to 20"):
        models.alive_calibration(p, p > 0.5, bands=1)


def test_spend_against_truth_by_hand() -> None:
    gg = GammaGammaFit.from_params(p=6.0, q=4.0, gamma=15.0)  # population mean 6·15/3 = 30
    summary = pd.DataFrame(
        {"frequency": [1, 2, 5, 0, 3], "monetary": [60.0, 10.0, 28.0, 0.0, 30.0]},
        index=list("ABCDE"),
    )
    true = pd.Series([35.0, 25.0, 30.0, 40.0], index=list("ABCD"))  # E has no true value
    table = models.spend_against_truth(gg, summary, true)
    # A: E[M] = 6·(15 + 60)/(6 + 3) = 50 → errors 25 (own) and 15 (model)
    # B: E[M] = 6·(15 + 20)/(12 + 3) = 14 → errors 15 and 11
    # C: E[M] = 6·(15 + 140)/(30 + 3) = 28.18 → errors 2 and 1.82
    assert list(table.index) == ["1–2", "3+"]
    assert table["customers"].tolist() == [2, 1]
    np.testing.assert_allclose(table["observed_error"], [20.0, 2.0])
    np.testing.assert_allclose(table["model_error"], [13.0, 2 - 930 / 33 + 28], rtol=1e-9)
    np.testing.assert_allclose(table["improvement"], [1 - 13 / 20, 1 - (30 - 930 / 33) / 2])
    wide = models.spend_against_truth(gg, summary, true, few=5)
    assert list(wide.index) == ["1–5"]
    with pytest.raises(ValueError, match="few: a whole number"):
        models.spend_against_truth(gg, summary, true, few=0)
    with pytest.raises(ValueError, match="no rows"):
        models.spend_against_truth(gg, summary, pd.Series([1.0], index=["D"]))
