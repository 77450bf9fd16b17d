"""The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, 2010).

Contract customers (subscriptions, memberships) decide at the end of every period whether
to renew; each has a churn probability θ ~ Beta(α, β) that does not change over time.
Because the customers with a high θ leave first, the cohort's retention rate rises with
tenure. The model projects survival and gives the discounted expected residual lifetime
(DERL) of a customer, the basis of a contract customer's residual value. Periods are
contract periods (e.g. years), counted from 1 (the first renewal decision).

:func:`fit_sbg` fits a cohort's survivor counts (aggregate data) or each subscriber's
tenure with a churned flag (individual data, still-active subscribers censored); both give
the same fit on the same customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import special

from crmlab._validate import row_list
from crmlab.models._fit import (
    ALIKE_SHAPE,
    FitDiagnostics,
    at_edge,
    bound_notes,
    maximise,
    warn_degenerate,
)
from crmlab.models._inputs import (
    check_counts,
    check_finite,
    check_flags,
    index_of,
    rows_text,
    squeeze,
)

__all__ = ["SBGFit", "fit_sbg"]


@dataclass(frozen=True)
class SBGFit(FitDiagnostics):
    """A fitted (or given) shifted-beta-geometric retention model (Fader & Hardie 2007).

    Contract customers renew every period; each has a churn probability θ ~ Beta(α, β).
    Periods are counted from 1 (the first renewal decision); ``survival(0) = 1``.

    Attributes
    ----------
    alpha, beta : float
        The two parameters; ``params`` returns them as a dict, ``standard_errors`` their
        standard errors and ``summary()`` both with 95% intervals.
    log_likelihood : float or None
        Total log-likelihood at the fitted parameters (``None`` when built from parameters).
    n_periods : int
        The last renewal decision the data reach (0 when built from parameters).
    n_customers : int
        Customers (cohort members, subscribers) fitted on (0 when built from parameters).
    notes : tuple of str
        Remarks of the fit, e.g. the message of a :class:`DegenerateFitWarning`.
    """

    alpha: float
    beta: float
    log_likelihood: float | None = None
    n_periods: int = 0
    n_customers: int = 0
    notes: tuple[str, ...] = ()
    _data: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    _at_bound: tuple[str, ...] = field(default=(), repr=False, compare=False)

    _model_name = "sBG"

    @classmethod
    def from_params(cls, alpha: float, beta: float) -> SBGFit:
        """A model with known parameters.

        Examples
        --------
        >>> SBGFit.from_params(alpha=0.668, beta=3.806).survival([0, 1, 2]).round(3)
        array([1.   , 0.851, 0.747])
        """
        if not (np.isfinite(alpha) and np.isfinite(beta) and alpha > 0 and beta > 0):
            raise ValueError(f"sBG parameters must be positive numbers, got {alpha}, {beta}")
        return cls(alpha=float(alpha), beta=float(beta))

    @property
    def params(self) -> dict[str, float]:
        """The parameters as ``{"alpha": …, "beta": …}``."""
        return {"alpha": self.alpha, "beta": self.beta}

    def _loglik_gradient(self, params: np.ndarray) -> np.ndarray:
        """Gradient of the total log-likelihood of the fitted data at ``params``."""
        return _sbg_loglik(params, *self._data)[1]

    def _periods(self, t: object, low: int) -> np.ndarray:
        arr = np.asarray(t, dtype=float)
        if np.any(~np.isfinite(arr)) or np.any(arr < low) or np.any(arr != np.round(arr)):
            raise ValueError(f"t: periods must be whole numbers ≥ {low}")
        return arr

    def survival(self, t: object) -> float | np.ndarray:
        """S(t) = B(α, β + t) / B(α, β): share of a cohort still active after ``t`` periods."""
        t = self._periods(t, 0)
        a, b = self.alpha, self.beta
        return squeeze(np.exp(special.betaln(a, b + t) - special.betaln(a, b)))

    def churn_probability(self, t: object) -> float | np.ndarray:
        """P(T = t) = B(α + 1, β + t − 1) / B(α, β): probability of churning in period ``t``.

        Examples
        --------
        >>> round(SBGFit.from_params(alpha=1.0, beta=1.0).churn_probability(1), 3)
        0.5
        """
        t = self._periods(t, 1)
        a, b = self.alpha, self.beta
        return squeeze(np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b)))

    def retention_rate(self, t: object) -> float | np.ndarray:
        """r_t = (β + t − 1) / (α + β + t − 1): share of period t−1's survivors who renew.

        It rises with ``t`` (the survivors are the loyal ones), even though no single
        customer's churn probability changes.

        Examples
        --------
        >>> SBGFit.from_params(alpha=0.668, beta=3.806).retention_rate([1, 2, 5]).round(3)
        array([0.851, 0.878, 0.921])
        """
        t = self._periods(t, 1)
        a, b = self.alpha, self.beta
        return squeeze((b + t - 1) / (a + b + t - 1))

    def derl(self, discount: float, renewals: object = 0) -> float | np.ndarray:
        """Discounted expected residual lifetime (Fader & Hardie 2010), in periods.

        For a customer who has made ``renewals`` renewals (``n − 1`` in the paper) and is
        about to make the next renewal decision: the expected number of further payments,
        each discounted at rate ``discount`` per period,
        ((β+n−1)/(α+β+n−1)) · ₂F₁(1, β+n; α+β+n; 1/(1+d)). Multiply by the margin per
        period for the customer's residual value.

        Examples
        --------
        >>> model = SBGFit.from_params(alpha=0.668, beta=3.806)
        >>> model.derl(0.10, [0, 4]).round(2)
        array([5.41, 6.9 ])
        """
        d = float(discount)
        if not (np.isfinite(d) and d > 0):
            raise ValueError(f"discount: must be a positive rate per period, got {discount}")
        k = np.asarray(renewals, dtype=float)
        if np.any(k < 0) or np.any(k != np.round(k)):
            raise ValueError("renewals: must be whole numbers ≥ 0")
        n = k + 1
        a, b = self.alpha, self.beta
        value = (b + n - 1) / (a + b + n - 1) * special.hyp2f1(1.0, b + n, a + b + n, 1 / (1 + d))
        return check_finite(value, "derl")

    def discounted_expected_lifetime(self, discount: float) -> float:
        """DEL = ₂F₁(1, β; α+β; 1/(1+d)) = Σ_{t≥0} S(t)/(1+d)^t for a new customer.

        Examples
        --------
        >>> round(SBGFit.from_params(alpha=0.668, beta=3.806).discounted_expected_lifetime(0.1), 2)
        5.92
        """
        d = float(discount)
        if not (np.isfinite(d) and d > 0):
            raise ValueError(f"discount: must be a positive rate per period, got {discount}")
        value = special.hyp2f1(1.0, self.beta, self.alpha + self.beta, 1 / (1 + d))
        return float(check_finite(np.asarray(value), "discounted_expected_lifetime"))


def _sbg_loglik(
    params: np.ndarray,
    churn_period: np.ndarray,
    churned: np.ndarray,
    survived: np.ndarray,
    active: np.ndarray,
) -> tuple[float, np.ndarray]:
    """sBG log-likelihood and gradient w.r.t. (alpha, beta) of grouped data.

    ``churned[i]`` customers churned at renewal decision ``churn_period[i]`` (each
    contributes ln P(T = t)); ``active[j]`` customers survived ``survived[j]`` decisions and
    are still active (censored, ln S(t)).
    """
    a, b = params
    base = special.betaln(a, b)
    d_base_a = special.digamma(a) - special.digamma(a + b)
    d_base_b = special.digamma(b) - special.digamma(a + b)
    t = churn_period
    ln_p = special.betaln(a + 1, b + t - 1) - base
    dp_a = special.digamma(a + 1) - special.digamma(a + b + t) - d_base_a
    dp_b = special.digamma(b + t - 1) - special.digamma(a + b + t) - d_base_b
    s = survived
    ln_s = special.betaln(a, b + s) - base
    ds_a = special.digamma(a) - special.digamma(a + b + s) - d_base_a
    ds_b = special.digamma(b + s) - special.digamma(a + b + s) - d_base_b
    value = float(np.sum(churned * ln_p) + np.sum(active * ln_s))
    grad = np.array(
        [
            np.sum(churned * dp_a) + np.sum(active * ds_a),
            np.sum(churned * dp_b) + np.sum(active * ds_b),
        ]
    )
    return value, grad


def _survivor_data(active_counts: object) -> tuple[np.ndarray, ...]:
    """Grouped data (churn periods, churned, survived, active) of a cohort's survivor counts."""
    counts = check_counts(active_counts, "active_counts")
    if counts.size < 3:
        raise ValueError(
            "active_counts: need the cohort size and at least two later periods (with one "
            "period only the mean churn rate, not alpha and beta, can be estimated)"
        )
    if counts[0] <= 0:
        raise ValueError("active_counts: the first value (cohort size) must be positive")
    bad = np.flatnonzero(np.diff(counts) > 0)
    if bad.size:
        raise ValueError(
            f"active_counts: the number of active customers rises at {row_list(bad + 1)}; "
            "give survivors of one cohort (a non-increasing sequence)"
        )
    if counts[-1] == counts[0]:
        raise ValueError("active_counts: nobody churned, so churn cannot be estimated")
    last = counts.size - 1
    return (
        np.arange(1.0, counts.size),
        -np.diff(counts),
        np.array([float(last)]),
        counts[-1:],
    )


def _tenure_data(durations: object, churned: object) -> tuple[np.ndarray, ...]:
    """Grouped data (churn periods, churned, survived, active) of subscribers' tenures."""
    labels = index_of(durations, churned)
    tenure = check_counts(durations, "durations", labels)
    flags = check_flags(churned, "churned", labels)
    if tenure.size != flags.size:
        raise ValueError(
            f"durations and churned must have the same length (got {tenure.size} and {flags.size})"
        )
    if tenure.size == 0:
        raise ValueError("durations: no subscribers; the fit needs at least one")
    bad = np.flatnonzero(tenure < 1)
    if bad.size:
        raise ValueError(
            f"durations: {bad.size} tenure(s) of 0 at {rows_text(bad, labels)}; a duration "
            "counts the periods paid, 1 or more (1 = paid the first period only)"
        )
    if not flags.any():
        raise ValueError("churned: nobody churned, so churn cannot be estimated")
    # a churned subscriber who paid d periods left at renewal decision d; an active one has
    # survived d − 1 decisions and the next is still to come
    decisions = np.where(flags, tenure, tenure - 1)
    if decisions.max() < 2:
        raise ValueError(
            "durations: every subscriber churned at the first renewal or has not reached "
            "the second; with one renewal decision only the mean churn rate, not alpha and "
            "beta, can be estimated"
        )
    churn_period, churn_count = np.unique(tenure[flags], return_counts=True)
    survived, active = np.unique(tenure[~flags] - 1, return_counts=True)
    return churn_period, churn_count.astype(float), survived, active.astype(float)


def _sbg_degeneracy(params: np.ndarray) -> tuple[tuple[str, ...], list[str]]:
    """alpha and beta when they ran to a bound, and the message that explains it.

    Churn probabilities that differ by less than 1% between customers (coefficient of
    variation of θ ~ Beta(alpha, beta)) count as alpha, beta → ∞: the optimiser may stop
    short of the bound on the flat likelihood.
    """
    a, b = params
    low, high = at_edge(params, ("alpha", "beta"))
    mean = a / (a + b)
    alike = np.sqrt((1 - mean) / (mean * (a + b + 1))) < 1 / np.sqrt(ALIKE_SHAPE)
    if not (low or high or alike):
        return (), []
    values = f"(alpha = {a:.3g}, beta = {b:.3g})"
    if high or alike:
        message = (
            f"fit_sbg: alpha and beta → ∞ {values}: the model sees the same churn "
            f"probability ({mean:.3g} per period) for every customer, so the retention "
            "rate does not rise with tenure and the forecasts are those of a constant "
            "retention rate (crmlab.clv.clv_simple). Fine if churn really is the same for "
            "everyone; otherwise give more periods or more customers."
        )
    else:
        groups = [
            text
            for name, text in (
                ("alpha", "customers who never leave"),
                ("beta", "customers who leave at the first renewal"),
            )
            if name in low
        ]
        message = (
            f"fit_sbg: {' and '.join(low)} → 0 {values}: the model sets apart "
            f"{' and '.join(groups)}, and the data cannot tell how many there are; survival "
            "forecasts beyond the observed periods are unreliable. Give more periods or more "
            "customers."
        )
    return ("alpha", "beta"), [message]


def fit_sbg(
    active_counts: object = None, *, durations: object = None, churned: object = None
) -> SBGFit:
    """Fit the shifted-beta-geometric model to survivor counts or to individual tenures.

    Give either a cohort's ``active_counts`` (aggregate data) or each subscriber's
    ``durations`` with ``churned`` (individual data). On the same customers the two give
    the same fit: a cohort ``[n0, n1, …, nk]`` is ``n(t−1) − n(t)`` subscribers with
    duration ``t`` who churned (t = 1…k) and ``nk`` with duration ``k + 1`` still active.

    Parameters
    ----------
    active_counts : array-like, optional
        Customers still active at periods 0, 1, …, n (the first value is the cohort size);
        whole numbers that never increase.
    durations : array-like, optional
        Each subscriber's tenure in whole periods paid, 1 or more (e.g. months of a monthly
        subscription): 1 = paid the first period and did not renew; a subscriber still
        active in her third paid period has 3.
    churned : array-like of bool, optional
        Per subscriber: True = has left (churned after her last paid period), False =
        still active (censored: her next renewal decision is still to come). Booleans or
        0/1; text flags such as "yes"/"no" are parsed where data enter (the
        ``crmlab.data`` loaders), not here.

    Returns
    -------
    SBGFit
        ``.params``, ``.log_likelihood``, ``.standard_errors``, ``.summary()``, ``.notes``.

    Raises
    ------
    ValueError
        For counts that rise or are not whole numbers, durations below 1, flags that are not
        booleans, data without churn, or data that reach only the first renewal decision.
    RuntimeError
        When the optimiser does not converge.

    Warns
    -----
    DegenerateFitWarning
        When alpha or beta runs to a bound (e.g. the same churn probability for everyone:
        alpha, beta → ∞); the message is repeated in ``notes``.

    Examples
    --------
    >>> fit = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> {k: round(v, 3) for k, v in fit.params.items()}
    {'alpha': 0.704, 'beta': 1.182}

    The same cohort as one row per customer: 369 paid one period and left, …, 241 are
    still active in their eighth paid period.

    >>> counts = np.array([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> durations = np.repeat(np.arange(1, 9), np.append(-np.diff(counts), counts[-1]))
    >>> tenure = fit_sbg(durations=durations, churned=durations <= 7)
    >>> {k: round(v, 3) for k, v in tenure.params.items()}
    {'alpha': 0.704, 'beta': 1.182}
    """
    individual = durations is not None or churned is not None
    if active_counts is not None and individual:
        raise ValueError(
            "fit_sbg: give either active_counts (a cohort's survivors) or durations with "
            "churned (one row per subscriber), not both"
        )
    if individual:
        if durations is None or churned is None:
            raise ValueError(
                "fit_sbg: individual data need both durations (periods paid) and churned "
                "(True = has left, False = still active)"
            )
        data = _tenure_data(durations, churned)
    elif active_counts is not None:
        data = _survivor_data(active_counts)
    else:
        raise ValueError(
            "fit_sbg: give active_counts (a cohort's survivors at periods 0, 1, …) or "
            "durations and churned (one row per subscriber)"
        )
    total = float(data[1].sum() + data[3].sum())

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        value, grad = _sbg_loglik(params, *data)
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_params)
        return -value / total, -grad * params / total

    params, minimum = maximise(objective, np.zeros(2), "fit_sbg")
    at_bound, messages = _sbg_degeneracy(params)
    warn_degenerate(messages)
    return SBGFit(
        alpha=float(params[0]),
        beta=float(params[1]),
        log_likelihood=-minimum * total,
        n_periods=int(max(data[0].max(initial=0), data[2].max(initial=0))),
        n_customers=int(total),
        notes=tuple(messages) + bound_notes(at_bound),
        _data=data,
        _at_bound=at_bound,
    )
