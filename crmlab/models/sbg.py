"""The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, 2010).

Contract customers (subscriptions, memberships) decide at the end of every period whether
to renew; each has a churn probability θ ~ Beta(α, β) that does not change over time.
Because the customers with a high θ leave first, the cohort's retention rate rises with
tenure. The model projects survival and gives the discounted expected residual lifetime
(DERL) of a customer, the basis of a contract customer's residual value. Periods are
contract periods (e.g. years), counted from 1 (the first renewal decision).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from crmlab._validate import row_list
from crmlab.models._fit import maximise
from crmlab.models._inputs import check_counts, check_finite, squeeze

__all__ = ["SBGFit", "fit_sbg"]


@dataclass(frozen=True)
class SBGFit:
    """A fitted (or given) shifted-beta-geometric retention model (Fader & Hardie 2007).

    Contract customers renew every period; each has a churn probability θ ~ Beta(α, β).
    Periods are counted from 1 (the first renewal decision); ``survival(0) = 1``.
    """

    alpha: float
    beta: float
    log_likelihood: float | None = None
    n_periods: int = 0

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


def fit_sbg(active_counts: object) -> SBGFit:
    """Fit the shifted-beta-geometric model to a cohort's survivor counts.

    Parameters
    ----------
    active_counts : array-like
        Customers still active at periods 0, 1, …, n (the first value is the cohort size);
        whole numbers that never increase.

    Returns
    -------
    SBGFit

    Examples
    --------
    >>> fit = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> {k: round(v, 3) for k, v in fit.params.items()}
    {'alpha': 0.704, 'beta': 1.182}
    """
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
    lost = -np.diff(counts)
    t = np.arange(1, counts.size)
    last = counts.size - 1
    total = counts[0]

    def loglik(params: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = params
        base = special.betaln(a, b)
        d_base_a = special.digamma(a) - special.digamma(a + b)
        d_base_b = special.digamma(b) - special.digamma(a + b)
        ln_p = special.betaln(a + 1, b + t - 1) - base
        dp_a = special.digamma(a + 1) - special.digamma(a + b + t) - d_base_a
        dp_b = special.digamma(b + t - 1) - special.digamma(a + b + t) - d_base_b
        ln_s = special.betaln(a, b + last) - base
        ds_a = special.digamma(a) - special.digamma(a + b + last) - d_base_a
        ds_b = special.digamma(b + last) - special.digamma(a + b + last) - d_base_b
        value = float(np.sum(lost * ln_p) + counts[-1] * ln_s)
        grad = np.array(
            [
                np.sum(lost * dp_a) + counts[-1] * ds_a,
                np.sum(lost * dp_b) + counts[-1] * ds_b,
            ]
        )
        return value, grad

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        value, grad = loglik(params)
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_params)
        return -value / total, -grad * params / total

    params = maximise(objective, np.zeros(2), "fit_sbg", ("alpha", "beta"))
    return SBGFit(
        alpha=float(params[0]),
        beta=float(params[1]),
        log_likelihood=loglik(params)[0],
        n_periods=int(last),
    )
