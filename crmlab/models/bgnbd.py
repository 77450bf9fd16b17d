"""The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

"Buy till you die" (BTYD): while a customer is alive, purchases arrive at a Poisson rate
λ ~ Gamma(r, α); after every repeat purchase the customer drops out (流失) with probability
p ~ Beta(a, b). From a customer's frequency ``x``, recency ``t_x`` and age ``T``
(``crmlab.rfm.btyd_summary``) the model gives P(alive), the expected purchases in a future
period and the distribution of purchases of a new customer.

Time is in whatever unit the summary uses (weeks by default); every ``t``, ``t_x`` and
``T`` passed to one model must use the same unit. The likelihood is computed in log space
with :mod:`scipy.special`, so that customers with hundreds of purchases neither overflow
nor underflow (Fader & Hardie 2013, "Overcoming the BG/NBD model's #NUM! error problem",
describe the overflow of the direct formulas for heavy buyers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

from crmlab._validate import as_float_array
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
    check_weights,
    index_of,
    positive_times,
    rows_text,
    squeeze,
)

__all__ = ["BGNBDFit", "fit_bgnbd", "simulate_bgnbd"]


def _bgnbd_inputs(
    x: object, t_x: object, T: object, *, broadcast: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check ``x``, ``t_x``, ``T`` of BG/NBD and return float arrays of one common shape."""
    labels = None if broadcast else index_of(x, t_x, T)
    if broadcast:
        xa, ta, Ta = np.broadcast_arrays(
            np.asarray(x, dtype=float), np.asarray(t_x, dtype=float), np.asarray(T, dtype=float)
        )
        shape = xa.shape
        xa, ta, Ta = (np.ravel(v) for v in (xa, ta, Ta))
    else:
        xa, ta, Ta = np.asarray(x), np.asarray(t_x), np.asarray(T)
        shape = None
    xa = check_counts(xa, "frequency (x)", labels)
    ta = as_float_array(ta, "recency (t_x)")
    Ta = as_float_array(Ta, "T")
    if not (xa.size == ta.size == Ta.size):
        raise ValueError(
            f"frequency, recency and T must have the same length (got {xa.size}, {ta.size}, "
            f"{Ta.size})"
        )
    bad = np.flatnonzero(ta < 0)
    if bad.size:
        raise ValueError(f"recency (t_x): {bad.size} negative value(s) at {rows_text(bad, labels)}")
    bad = np.flatnonzero(ta > Ta * (1 + 1e-12))
    if bad.size:
        raise ValueError(
            f"recency (t_x) is after T (t_x > T) at {rows_text(bad, labels)}; the last "
            "purchase cannot come after the end of observation: check that both use the same "
            "time unit and that T is measured from the first purchase"
        )
    bad = np.flatnonzero((xa == 0) & (ta != 0))
    if bad.size:
        raise ValueError(
            "recency (t_x) must be 0 for customers with frequency 0, not at "
            f"{rows_text(bad, labels)}; BG/NBD recency is the time from the first to the last "
            "purchase"
        )
    if shape is not None:
        xa, ta, Ta = (v.reshape(shape) for v in (xa, ta, Ta))
    return xa, ta, Ta


def _bgnbd_loglik_terms(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer BG/NBD log-likelihood and its gradient w.r.t. (r, alpha, a, b)."""
    r, alpha, a, b = params
    rx = r + x
    ln_a1 = special.gammaln(rx) - special.gammaln(r) + r * np.log(alpha)
    ln_a2 = (
        special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    ln_a3 = -rx * np.log(alpha + T)
    has_repeat = x > 0
    b_x1 = np.where(has_repeat, b + x - 1, 1.0)
    ln_a4 = np.where(has_repeat, np.log(a) - np.log(b_x1) - rx * np.log(alpha + t_x), -np.inf)
    ln_sum = np.logaddexp(ln_a3, ln_a4)
    ll = ln_a1 + ln_a2 + ln_sum
    w3 = np.exp(ln_a3 - ln_sum)
    w4 = np.exp(ln_a4 - ln_sum)
    d_r = (
        special.digamma(rx)
        - special.digamma(r)
        + np.log(alpha)
        - w3 * np.log(alpha + T)
        - w4 * np.log(alpha + t_x)
    )
    d_alpha = r / alpha - w3 * rx / (alpha + T) - w4 * rx / (alpha + t_x)
    psi_ab = special.digamma(a + b)
    psi_abx = special.digamma(a + b + x)
    d_a = psi_ab - psi_abx + w4 / a
    d_b = psi_ab + special.digamma(b + x) - special.digamma(b) - psi_abx - w4 / b_x1
    return ll, np.vstack([d_r, d_alpha, d_a, d_b])


@dataclass(frozen=True)
class BGNBDFit(FitDiagnostics):
    """A fitted (or given) BG/NBD model (Fader, Hardie & Lee 2005).

    Each customer buys at a Poisson rate λ ~ Gamma(r, α) while alive, and after every repeat
    purchase drops out (流失) with probability p ~ Beta(a, b). Build one with
    :func:`fit_bgnbd`, or from published parameters with :meth:`from_params`.

    Attributes
    ----------
    r, alpha, a, b : float
        The four parameters; ``params`` returns them as a dict, ``standard_errors`` their
        standard errors and ``summary()`` both with 95% intervals.
    log_likelihood : float or None
        Total log-likelihood at the fitted parameters (``None`` when built from parameters).
    n_customers : int
        Number of customers fitted on (0 when built from parameters).
    notes : tuple of str
        Remarks of the fit, e.g. the message of a :class:`DegenerateFitWarning`.

    Examples
    --------
    >>> data = simulate_bgnbd(2000, {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 3.0}, T=40, seed=1)
    >>> fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    >>> {k: round(v, 2) for k, v in fit.standard_errors.items()}
    {'r': 0.02, 'alpha': 0.31, 'a': 0.12, 'b': 0.54}
    >>> print(fit.summary())
    BG/NBD fit on 2,000 customers, log-likelihood -14,717.8
           estimate  std_err  ci_lower  ci_upper
    r        0.4624   0.0204    0.4241    0.5042
    alpha     4.656   0.3109     4.085     5.307
    a        0.7768   0.1243    0.5678     1.063
    b         2.574    0.538     1.709     3.877
    95% intervals on the log scale: estimate × exp(±1.96 · std_err / estimate)
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float | None = None
    n_customers: int = 0
    notes: tuple[str, ...] = ()
    _data: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    _at_bound: tuple[str, ...] = field(default=(), repr=False, compare=False)

    _model_name = "BG/NBD"

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float) -> BGNBDFit:
        """A model with known parameters, e.g. published ones.

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.probability_alive(2, 30.43, 38.86), 4)
        0.7266
        """
        values = np.array([r, alpha, a, b], dtype=float)
        if not np.all(np.isfinite(values) & (values > 0)):
            raise ValueError(f"BG/NBD parameters must be positive numbers, got {values.tolist()}")
        return cls(r=float(r), alpha=float(alpha), a=float(a), b=float(b))

    @property
    def params(self) -> dict[str, float]:
        """The parameters as ``{"r": …, "alpha": …, "a": …, "b": …}``."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    @property
    def mean_purchase_rate(self) -> float:
        """Mean purchase rate while alive, r / α (purchases per time unit of the summary).

        Examples
        --------
        >>> round(BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        ...       .mean_purchase_rate, 4)
        0.0551
        """
        return self.r / self.alpha

    @property
    def mean_dropout_probability(self) -> float:
        """Mean probability of dropping out after a repeat purchase, a / (a + b).

        Examples
        --------
        >>> round(BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        ...       .mean_dropout_probability, 4)
        0.2463
        """
        return self.a / (self.a + self.b)

    def _loglik_gradient(self, params: np.ndarray) -> np.ndarray:
        """Gradient of the total log-likelihood of the fitted data at ``params``."""
        x, t_x, T, weights = self._data
        _, grad = _bgnbd_loglik_terms(params, x, t_x, T)
        return np.sum(grad * weights, axis=1)

    def _log_dead_odds(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        """log of δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x); −inf for x = 0."""
        has_repeat = x > 0
        b_x1 = np.where(has_repeat, self.b + x - 1, 1.0)
        value = (
            np.log(self.a)
            - np.log(b_x1)
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        )
        return np.where(has_repeat, value, -np.inf)

    def log_likelihood_per_customer(self, x: object, t_x: object, T: object) -> float | np.ndarray:
        """Each customer's log-likelihood LL_i = ln A1 + ln A2 + ln(A3 + δ(x>0) A4).

        The decomposition of the likelihood in Fader, Hardie & Lee (2005), evaluated in log
        space; the example, a customer with 200 repeat purchases whose direct formula
        overflows, is the check value of Fader & Hardie (2013, the "#NUM!" note).

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.25, alpha=4, a=0.8, b=2.5)
        >>> round(model.log_likelihood_per_customer(200, 38, 40), 4)
        100.7957
        """
        xa, ta, Ta = _bgnbd_inputs(x, t_x, T, broadcast=True)
        ll, _ = _bgnbd_loglik_terms(
            np.array([self.r, self.alpha, self.a, self.b]), xa.ravel(), ta.ravel(), Ta.ravel()
        )
        return squeeze(ll.reshape(xa.shape))

    def probability_alive(self, x: object, t_x: object, T: object) -> float | np.ndarray:
        """P(alive | x, t_x, T): the probability that the customer has not dropped out.

        Customers with no repeat purchase (x = 0) are alive with probability 1 under
        BG/NBD (drop-out happens only after a repeat purchase).

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> model.probability_alive([0, 2, 2], [0, 30.43, 10], [38.86, 38.86, 38.86]).round(3)
        array([1.   , 0.727, 0.268])
        """
        xa, ta, Ta = _bgnbd_inputs(x, t_x, T, broadcast=True)
        return squeeze(special.expit(-self._log_dead_odds(xa, ta, Ta)))

    def expected_purchases(
        self, t: object, x: object, t_x: object, T: object
    ) -> float | np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` time units.

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.expected_purchases(39, 2, 30.43, 38.86), 3)
        1.226
        """
        xa, ta, Ta = _bgnbd_inputs(x, t_x, T, broadcast=True)
        t = positive_times(t, "t")
        t, xa, ta, Ta = np.broadcast_arrays(t, xa, ta, Ta)
        bracket = _bgnbd_bracket(self.r, self.alpha, self.a, self.b, t, xa, Ta)
        a, b = self.a, self.b
        alive = special.expit(-self._log_dead_odds(xa, ta, Ta))
        value = (a + b + xa - 1) / (a - 1) * bracket * alive
        return check_finite(value, "expected_purchases")

    def expected_purchases_population(self, t: object) -> float | np.ndarray:
        """E[X(t)]: expected purchases of a new customer in a period of length ``t``.

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.expected_purchases_population(39), 4)
        1.1967
        """
        t = positive_times(t, "t")
        a, b = self.a, self.b
        bracket = _bgnbd_bracket(self.r, self.alpha, a, b, t, np.zeros_like(t), np.zeros_like(t))
        value = (a + b - 1) / (a - 1) * bracket
        return check_finite(value, "expected_purchases_population")

    def probability_of_purchases(self, t: object, n: object) -> float | np.ndarray:
        """P(X(t) = n): probability that a new customer makes ``n`` purchases in ``t``.

        Fader, Hardie & Lee (2005), equation (8); the tail sum is computed with the negative
        binomial survival function, so tiny probabilities stay accurate.

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.probability_of_purchases(39, 0), 7)
        0.5737864
        >>> f"{model.probability_of_purchases(2, 10):.5e}"
        '1.07869e-07'
        """
        t = positive_times(t, "t")
        n = check_counts(np.ravel(n), "n").reshape(np.shape(n))
        t, n = np.broadcast_arrays(t, n)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        ln_beta_ab = special.betaln(a, b)
        p_nb = alpha / (alpha + t)
        with np.errstate(divide="ignore"):
            log_t_ratio = np.log(np.where(t > 0, t, 1.0)) - np.log(alpha + t)
            # (t/(α+t))^n: 1 for n = 0, 0 for t = 0 < n
            power = np.where(n > 0, np.where(t > 0, n * log_t_ratio, -np.inf), 0.0)
            first = (
                special.betaln(a, b + n)
                - ln_beta_ab
                + special.gammaln(r + n)
                - special.gammaln(r)
                - special.gammaln(n + 1)
                + r * np.log(p_nb)
                + power
            )
        n_pos = np.where(n > 0, n, 1)
        second = np.where(
            n > 0,
            np.exp(special.betaln(a + 1, b + n_pos - 1) - ln_beta_ab)
            * stats.nbinom.sf(n_pos - 1, r, p_nb),
            0.0,
        )
        return check_finite(np.exp(first) + second, "probability_of_purchases")


def _bgnbd_bracket(
    r: float,
    alpha: float,
    a: float,
    b: float,
    t: np.ndarray,
    x: np.ndarray,
    T: np.ndarray,
) -> np.ndarray:
    """1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z), z = t/(α+T+t), without overflow.

    Euler's transformation ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) turns the
    product into (1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose parameters stay small
    however many purchases x the customer made (the direct form overflows for large x).
    """
    z = t / (alpha + T + t)
    log_one_minus_z = np.log(alpha + T) - np.log(alpha + T + t)
    first, second, third = np.broadcast_arrays(a + b - 1 - r, a - 1, a + b + x - 1)
    h = np.array(special.hyp2f1(first, second, third, z), dtype=float)
    bad = ~np.isfinite(h)
    if bad.any():  # parameters far out (a degenerate fit): sum the series directly
        z_b = np.broadcast_to(z, h.shape)
        h[bad] = _hyp2f1_series(first[bad], second[bad], third[bad], z_b[bad])
    return 1.0 - np.exp((a - 1) * log_one_minus_z) * h


def _hyp2f1_series(
    first: np.ndarray, second: np.ndarray, third: np.ndarray, z: np.ndarray, max_terms: int = 20_000
) -> np.ndarray:
    """₂F₁ by its power series, for |z| < 1 where scipy's ``hyp2f1`` gives up.

    scipy returns inf or NaN when the parameters are in the hundreds of thousands (a fit
    whose parameters ran to a bound); the series itself converges for |z| < 1 and its
    terms stay moderate there. Entries that have not converged after ``max_terms`` stay
    NaN, and the caller's finiteness check reports them.

    Examples
    --------
    >>> from scipy import special
    >>> args = (np.array([1.5]), np.array([2.0]), np.array([3.5]), np.array([0.3]))
    >>> bool(np.isclose(_hyp2f1_series(*args)[0], special.hyp2f1(1.5, 2.0, 3.5, 0.3)))
    True
    """
    total = np.ones(first.shape)
    term = np.ones(first.shape)
    active = np.abs(z) < 1
    for n in range(max_terms):
        term = term * (first + n) * (second + n) / ((third + n) * (n + 1)) * z
        total = total + np.where(active, term, 0.0)
        done = np.abs(term) <= 1e-15 * np.abs(total)
        active &= ~done
        if not active.any():
            return total
    return np.where(active, np.nan, total)


def _unique_customers(
    x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (x, t_x, T) rows and how many customers share each (their total weight).

    Identical customers share one likelihood evaluation; a lexicographic sort finds them
    several times faster than ``np.unique(..., axis=0)``. A full summary and the same
    summary aggregated to distinct rows with their counts give the same arrays, so the
    same fit.

    Examples
    --------
    >>> xs, ts, Ts, counts = _unique_customers(
    ...     np.array([1.0, 0.0, 1.0]), np.array([2.0, 0.0, 2.0]), np.array([5.0, 5.0, 5.0]),
    ...     np.array([1.0, 3.0, 2.0]))
    >>> xs.tolist(), counts.tolist()
    ([0.0, 1.0], [3.0, 3.0])
    """
    order = np.lexsort((T, t_x, x))
    xs, ts, Ts = x[order], t_x[order], T[order]
    new = np.ones(xs.size, dtype=bool)
    new[1:] = (xs[1:] != xs[:-1]) | (ts[1:] != ts[:-1]) | (Ts[1:] != Ts[:-1])
    starts = np.flatnonzero(new)
    counts = np.add.reduceat(weights[order], starts)
    return xs[starts], ts[starts], Ts[starts], counts


#: Below this share of repeat buyers expected to have dropped out (or to be alive), the fit
#: sees no drop-out (or nothing but drop-out).
_COLLAPSE_SHARE = 1e-3


def _plain(value: float) -> str:
    """A parameter value for a message: 52,754 rather than 5.28e+04, 1.1e-07 when tiny."""
    return f"{value:,.0f}" if 1e3 <= value < 1e7 else f"{value:.3g}"


def _bgnbd_degeneracy(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weights: np.ndarray
) -> tuple[tuple[str, ...], list[str]]:
    """Parameters at a bound and the messages that explain them in plain words.

    The drop-out part collapses when p ~ Beta(a, b) is near 0 for everyone (a → 0 or
    b → ∞), or near 1 (a → ∞ or b → 0). The optimiser may stop short of the bound on the
    flat likelihood, so the test is the model's own verdict: fewer than 1 in 1,000 repeat
    buyers expected to have dropped out (or to be alive). The purchase rates collapse when
    r passes ``ALIKE_SHAPE`` (purchase rates that differ by less than 1% between customers)
    or r or alpha reaches the optimiser's bounds. Both parameters of the distribution
    concerned are flagged.
    """
    r, alpha, a, b = params
    low, high = at_edge(params, ("r", "alpha", "a", "b"))
    repeat = x > 0
    model = BGNBDFit(r=r, alpha=alpha, a=a, b=b)
    dead = special.expit(model._log_dead_odds(x[repeat], t_x[repeat], T[repeat]))
    dead_share = float(np.sum(weights[repeat] * dead) / np.sum(weights[repeat]))
    flagged: list[str] = []
    messages = []
    if dead_share < _COLLAPSE_SHARE or "a" in low or "b" in high:
        direction = " and ".join(
            [text for text, hit in (("a → 0", a < 1e-3), ("b → ∞", b > 1e3)) if hit]
        )
        messages.append(
            f"fit_bgnbd: {direction or 'drop-out probability → 0'} (a = {_plain(a)}, "
            f"b = {_plain(b)}): the model sees almost no drop-out, so P(alive) is near 1 for "
            "everyone and long-horizon forecasts are too high. Try a longer calibration "
            "period, or count purchases per week rather than per day (changing only the "
            "time unit of the summary gives the same fit); check the forecasts on a hold-out "
            "period (holdout_scorecard) before using them."
        )
        flagged += ["a", "b"]
    elif dead_share > 1 - _COLLAPSE_SHARE or "a" in high or "b" in low:
        messages.append(
            f"fit_bgnbd: drop-out probability → 1 (a = {_plain(a)}, b = {_plain(b)}): the "
            "model says every customer drops out right after a repeat purchase, so P(alive) "
            "is near 0 for everyone who bought again and forecasts are too low. Check the "
            "time unit and the end of observation (T) of the summary, and try a longer "
            "calibration period."
        )
        flagged += ["a", "b"]
    if r > ALIKE_SHAPE or "r" in high or "alpha" in high:
        messages.append(
            f"fit_bgnbd: r and alpha → ∞ (r = {_plain(r)}, alpha = {_plain(alpha)}): the "
            "model sees no difference in purchase rate between customers (all buy "
            f"{r / alpha:.3g} times per time unit), so forecasts ignore how often each "
            "customer bought. Check that the data hold enough customers with different "
            "purchase histories."
        )
        flagged += ["r", "alpha"]
    elif "r" in low or "alpha" in low:
        messages.append(
            f"fit_bgnbd: r or alpha → 0 (r = {_plain(r)}, alpha = {_plain(alpha)}): the "
            "purchase rates are not identified by these data and forecasts are unreliable. "
            "Check the time unit of recency and T and that enough customers bought more "
            "than once."
        )
        flagged += ["r", "alpha"]
    return tuple(name for name in ("r", "alpha", "a", "b") if name in flagged), messages


def fit_bgnbd(frequency: object, recency: object, T: object, *, weights: object = None) -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    frequency : array-like
        Repeat purchases ``x`` per customer (whole numbers ≥ 0; the first purchase is not
        counted). See ``crmlab.rfm.btyd_summary``.
    recency : array-like
        ``t_x``: time from the first to the last purchase (0 when ``x = 0``).
    T : array-like
        Time from the first purchase to the end of observation (same unit as recency).
    weights : array-like, optional
        How many customers each row stands for (whole numbers ≥ 0; default 1 each). With
        the ``weight`` column of ``crmlab.rfm.btyd_summary(..., aggregate=True)``, one row
        per distinct (frequency, recency, T), the fit equals the fit on every customer's
        row, whatever the number of customers.

    Returns
    -------
    BGNBDFit
        ``.params``, ``.log_likelihood``, ``.standard_errors``, ``.summary()``, ``.notes``
        and the prediction methods.

    Raises
    ------
    ValueError
        For impossible inputs: negative or non-integer counts, ``t_x > T``, missing values,
        nobody with a repeat purchase; weights that are negative, missing, not whole
        numbers or not one per row.
    RuntimeError
        When the optimiser does not converge.

    Warns
    -----
    DegenerateFitWarning
        When the fit collapses into a limiting case: no drop-out (a → 0 or b → ∞; P(alive)
        near 1 for everyone), drop-out right after every purchase, or no difference in
        purchase rates between customers (r, alpha → ∞). The message, repeated in
        ``notes``, says what it means for the forecasts and what to try; the standard
        errors of the parameters concerned are NaN.

    Examples
    --------
    >>> data = simulate_bgnbd(2000, {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 3.0}, T=40, seed=1)
    >>> fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    >>> sorted(fit.params)
    ['a', 'alpha', 'b', 'r']
    >>> fit.log_likelihood < 0, fit.notes
    (True, ())

    The same fit from one row per distinct (frequency, recency, T) and its count:

    >>> rows = data.value_counts().rename("weight").reset_index()
    >>> same = fit_bgnbd(rows["frequency"], rows["recency"], rows["T"], weights=rows["weight"])
    >>> same.params == fit.params, same.n_customers
    (True, 2000)
    """
    x, t_x, T_arr = _bgnbd_inputs(frequency, recency, T)
    w = check_weights(weights, x.size, index_of(frequency, recency, T))
    counted = w > 0
    x, t_x, T_arr, w = x[counted], t_x[counted], T_arr[counted], w[counted]
    if x.size == 0:
        raise ValueError("frequency: no customers (or all weights 0); the fit needs at least one")
    if not np.any(x > 0):
        raise ValueError(
            "frequency: nobody made a repeat purchase, so the drop-out parameters a and b "
            "cannot be estimated; use a longer observation period"
        )
    xu, tu, Tu, weights = _unique_customers(x, t_x, T_arr, w)
    n = float(weights.sum())

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        ll, grad = _bgnbd_loglik_terms(params, xu, tu, Tu)
        # plain sums, not BLAS matrix products: multithreaded BLAS on these small
        # products costs more than the arithmetic, especially on a busy 2-core machine
        value = -float(np.sum(weights * ll)) / n
        gradient = -np.sum(grad * weights, axis=1) * params / n
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_params)
        return value, gradient

    mean_x, mean_T = (float(np.sum(weights * v)) / n for v in (xu, Tu))
    mean_rate = max(mean_x, 1e-3) / max(mean_T, 1e-9)
    start = np.log(np.array([1.0, 1.0 / mean_rate, 1.0, 1.0]))
    params, minimum = maximise(objective, start, "fit_bgnbd")
    at_bound, messages = _bgnbd_degeneracy(params, xu, tu, Tu, weights)
    warn_degenerate(messages)
    return BGNBDFit(
        r=float(params[0]),
        alpha=float(params[1]),
        a=float(params[2]),
        b=float(params[3]),
        log_likelihood=-minimum * n,
        n_customers=round(n),
        notes=tuple(messages) + bound_notes(at_bound),
        _data=(xu, tu, Tu, weights),
        _at_bound=at_bound,
    )


def simulate_bgnbd(
    n: int, params: dict[str, float], T: object, seed: int | None = None
) -> pd.DataFrame:
    """Draw a BG/NBD summary (frequency, recency, T) for ``n`` customers from the model.

    For teaching and testing: every customer gets a purchase rate λ ~ Gamma(r, α) and a
    drop-out probability p ~ Beta(a, b), buys at Poisson times while alive and drops out
    after each repeat purchase with probability p.

    Parameters
    ----------
    n : int
        Number of customers.
    params : dict
        ``{"r": …, "alpha": …, "a": …, "b": …}``.
    T : float or array-like of length ``n``
        Observation time of each customer since the first purchase.
    seed : int, optional
        Seed of the random generator (same seed, same data).

    Returns
    -------
    DataFrame
        Columns ``frequency``, ``recency``, ``T`` (one row per customer).

    Examples
    --------
    >>> data = simulate_bgnbd(3, {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 3.0}, T=40, seed=1)
    >>> list(data.columns)
    ['frequency', 'recency', 'T']
    """
    rng = np.random.default_rng(seed)
    if n < 1:
        raise ValueError(f"n: need at least one customer, got {n}")
    missing = {"r", "alpha", "a", "b"} - set(params)
    if missing:
        raise ValueError(f"params: missing {sorted(missing)}; give r, alpha, a and b")
    T_arr = np.broadcast_to(np.asarray(T, dtype=float), (n,)).copy()
    if np.any(~np.isfinite(T_arr)) or np.any(T_arr <= 0):
        raise ValueError("T: observation times must be positive")
    rate = rng.gamma(params["r"], 1.0 / params["alpha"], size=n)
    p_drop = rng.beta(params["a"], params["b"], size=n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    clock = np.zeros(n)
    active = np.arange(n)
    while active.size:
        gap = rng.exponential(1.0 / np.maximum(rate[active], 1e-300))
        clock[active] += gap
        buys = clock[active] <= T_arr[active]
        buyers = active[buys]
        x[buyers] += 1
        t_x[buyers] = clock[buyers]
        survives = rng.random(buyers.size) >= p_drop[buyers]
        active = buyers[survives]
    return pd.DataFrame({"frequency": x, "recency": t_x, "T": T_arr})
