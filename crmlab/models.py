"""Probabilistic customer-base models: BG/NBD, Gamma-Gamma and shifted-beta-geometric.

These are the "buy till you die" (BTYD) models of chapter 04 (customer lifetime value,
客户终身价值) and the contractual retention model of chapter 07 (customer retention,
客户保持):

=====================  ==========================================  ===============================
model                  question it answers                         fit with
=====================  ==========================================  ===============================
BG/NBD                 how many purchases will a customer make,    :func:`fit_bgnbd`
                       and is the customer still "alive"?
Gamma-Gamma            how much will a customer spend per          :func:`fit_gamma_gamma`
                       purchase?
shifted-beta-geometric how many contract customers renew each      :func:`fit_sbg`
(sBG)                  period, and what is a customer worth?
=====================  ==========================================  ===============================

Units: BG/NBD works in whatever time unit the summary uses (``crmlab.rfm.btyd_summary``
gives weeks by default); every ``t``, ``t_x`` and ``T`` passed to a fitted model must use the
same unit. sBG works in contract periods (e.g. years).

All likelihoods are computed in log space with :mod:`scipy.special`, so that extreme
customers (hundreds of purchases) neither overflow nor underflow. Fits maximise the
likelihood over the logarithms of the parameters with L-BFGS-B and analytic gradients; a fit
that does not converge raises :class:`RuntimeError` instead of returning meaningless numbers.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from crmlab._validate import as_float_array, require_columns, require_nonempty, row_list

__all__ = [
    "BGNBDFit",
    "GammaGammaFit",
    "HoldoutScorecard",
    "SBGFit",
    "customer_lifetime_value",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "holdout_scorecard",
    "simulate_bgnbd",
]

#: Bounds on the log of every parameter during a fit (parameters between ~1e-7 and ~1e7).
_LOG_BOUND = 16.0


# --------------------------------------------------------------------------- validation
def _labels(*values: object) -> pd.Index | None:
    """Row labels for error messages: the index of the first pandas input, if any."""
    for value in values:
        if isinstance(value, pd.Series | pd.DataFrame):
            return value.index
    return None


def _rows(positions: np.ndarray, labels: pd.Index | None) -> str:
    """``row_list`` of the offending rows, by label when the input had an index."""
    if labels is not None and len(labels) > int(positions.max(initial=-1)):
        return row_list(labels[positions])
    return row_list(positions)


def _counts(values: object, what: str, labels: pd.Index | None = None) -> np.ndarray:
    """Non-negative whole numbers as a float array (e.g. repeat purchases ``x``)."""
    arr = as_float_array(values, what)
    bad = np.flatnonzero(arr < 0)
    if bad.size:
        raise ValueError(
            f"{what}: {bad.size} negative count(s) at {_rows(bad, labels)}; counts must be "
            "0 or more"
        )
    bad = np.flatnonzero(arr != np.round(arr))
    if bad.size:
        raise ValueError(
            f"{what}: {bad.size} non-integer count(s) at {_rows(bad, labels)} "
            f"(e.g. {arr[bad[0]]}); counts must be whole numbers"
        )
    return arr


def _bgnbd_inputs(
    x: object, t_x: object, T: object, *, broadcast: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check ``x``, ``t_x``, ``T`` of BG/NBD and return float arrays of one common shape."""
    labels = None if broadcast else _labels(x, t_x, T)
    if broadcast:
        xa, ta, Ta = np.broadcast_arrays(
            np.asarray(x, dtype=float), np.asarray(t_x, dtype=float), np.asarray(T, dtype=float)
        )
        shape = xa.shape
        xa, ta, Ta = (np.ravel(v) for v in (xa, ta, Ta))
    else:
        xa, ta, Ta = np.asarray(x), np.asarray(t_x), np.asarray(T)
        shape = None
    xa = _counts(xa, "frequency (x)", labels)
    ta = as_float_array(ta, "recency (t_x)")
    Ta = as_float_array(Ta, "T")
    if not (xa.size == ta.size == Ta.size):
        raise ValueError(
            f"frequency, recency and T must have the same length (got {xa.size}, {ta.size}, "
            f"{Ta.size})"
        )
    bad = np.flatnonzero(ta < 0)
    if bad.size:
        raise ValueError(f"recency (t_x): {bad.size} negative value(s) at {_rows(bad, labels)}")
    bad = np.flatnonzero(ta > Ta * (1 + 1e-12))
    if bad.size:
        raise ValueError(
            f"recency (t_x) is after T (t_x > T) at {_rows(bad, labels)}; the last purchase cannot "
            "come after the end of observation: check that both use the same time unit and "
            "that T is measured from the first purchase"
        )
    bad = np.flatnonzero((xa == 0) & (ta != 0))
    if bad.size:
        raise ValueError(
            f"recency (t_x) must be 0 for customers with frequency 0, not at {_rows(bad, labels)}; "
            "BG/NBD recency is the time from the first to the last purchase"
        )
    if shape is not None:
        xa, ta, Ta = (v.reshape(shape) for v in (xa, ta, Ta))
    return xa, ta, Ta


def _positive_times(values: object, what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{what}: times must be finite and 0 or more")
    return arr


def _squeeze(values: np.ndarray) -> float | np.ndarray:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(values) if np.ndim(values) == 0 else values


@functools.cache
def _blas_controller() -> object | None:
    """threadpoolctl's controller (found once), or None when threadpoolctl is missing."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: it only makes fits faster
        return None
    return ThreadpoolController()


def _single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Run BLAS on one thread: L-BFGS-B makes many tiny BLAS calls, and waking BLAS threads
    for each costs several times the fit itself (5x on a busy 2-core machine)."""
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


def _maximise(
    objective: object,
    start: np.ndarray,
    model: str,
    names: tuple[str, ...],
) -> np.ndarray:
    """Minimise ``objective(log_params) -> (value, gradient)``; return the parameters.

    Raises RuntimeError when the optimiser fails or runs to the edge of the parameter space.
    """
    with _single_threaded_blas():
        result = optimize.minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-_LOG_BOUND, _LOG_BOUND)] * len(start),
            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-10},
        )
    value, grad = objective(result.x)
    converged = result.success or np.max(np.abs(grad)) < 1e-5
    if not (np.isfinite(value) and np.all(np.isfinite(result.x)) and converged):
        raise RuntimeError(
            f"{model}: the likelihood maximisation did not converge ({result.message}); check "
            "the data (enough customers? repeat purchases present? consistent time units?)"
        )
    at_edge = [n for n, v in zip(names, result.x, strict=True) if abs(v) > _LOG_BOUND - 1e-3]
    if at_edge:
        raise RuntimeError(
            f"{model}: parameter(s) {', '.join(at_edge)} ran to the edge of the allowed range "
            "(near 0 or infinity); the model is not identified by these data (e.g. too few "
            "repeat purchases or no variation between customers)"
        )
    return np.exp(result.x)


# ----------------------------------------------------------------------------- BG/NBD
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
class BGNBDFit:
    """A fitted (or given) BG/NBD model (Fader, Hardie & Lee 2005).

    Each customer buys at a Poisson rate λ ~ Gamma(r, α) while alive, and after every repeat
    purchase drops out (流失) with probability p ~ Beta(a, b). Build one with
    :func:`fit_bgnbd`, or from published parameters with :meth:`from_params`.

    Attributes
    ----------
    r, alpha, a, b : float
        The four parameters; ``params`` returns them as a dict.
    log_likelihood : float or None
        Total log-likelihood at the fitted parameters (``None`` when built from parameters).
    n_customers : int
        Number of customers fitted on (0 when built from parameters).
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float | None = None
    n_customers: int = 0

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
        """Each customer's log-likelihood LL_i (REFERENCE: ln A1 + ln A2 + ln(A3 + A4)).

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
        return _squeeze(ll.reshape(xa.shape))

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
        return _squeeze(special.expit(-self._log_dead_odds(xa, ta, Ta)))

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
        t = _positive_times(t, "t")
        t, xa, ta, Ta = np.broadcast_arrays(t, xa, ta, Ta)
        bracket = _bgnbd_bracket(self.r, self.alpha, self.a, self.b, t, xa, Ta)
        a, b = self.a, self.b
        alive = special.expit(-self._log_dead_odds(xa, ta, Ta))
        value = (a + b + xa - 1) / (a - 1) * bracket * alive
        return _check_finite(value, "expected_purchases")

    def expected_purchases_population(self, t: object) -> float | np.ndarray:
        """E[X(t)]: expected purchases of a new customer in a period of length ``t``.

        Examples
        --------
        >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.expected_purchases_population(39), 4)
        1.1967
        """
        t = _positive_times(t, "t")
        a, b = self.a, self.b
        bracket = _bgnbd_bracket(self.r, self.alpha, a, b, t, np.zeros_like(t), np.zeros_like(t))
        value = (a + b - 1) / (a - 1) * bracket
        return _check_finite(value, "expected_purchases_population")

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
        t = _positive_times(t, "t")
        n = _counts(np.ravel(n), "n").reshape(np.shape(n))
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
        return _check_finite(np.exp(first) + second, "probability_of_purchases")


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
    return 1.0 - np.exp((a - 1) * log_one_minus_z) * special.hyp2f1(
        a + b - 1 - r, a - 1, a + b + x - 1, z
    )


def _check_finite(value: np.ndarray, what: str) -> float | np.ndarray:
    value = value + 0.0  # turn -0.0 into 0.0
    if not np.all(np.isfinite(value)):
        raise RuntimeError(
            f"{what}: the result is not a finite number for some inputs (the hypergeometric "
            "function overflowed); use a shorter horizon t or check the parameters"
        )
    return _squeeze(value)


def fit_bgnbd(frequency: object, recency: object, T: object) -> BGNBDFit:
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

    Returns
    -------
    BGNBDFit
        ``.params``, ``.log_likelihood`` and the prediction methods.

    Raises
    ------
    ValueError
        For impossible inputs: negative or non-integer counts, ``t_x > T``, missing values.
    RuntimeError
        When the optimiser does not converge (e.g. nobody made a repeat purchase).

    Examples
    --------
    >>> data = simulate_bgnbd(2000, {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 3.0}, T=40, seed=1)
    >>> fit = fit_bgnbd(data["frequency"], data["recency"], data["T"])
    >>> sorted(fit.params)
    ['a', 'alpha', 'b', 'r']
    >>> fit.log_likelihood < 0
    True
    """
    x, t_x, T_arr = _bgnbd_inputs(frequency, recency, T)
    if x.size == 0:
        raise ValueError("frequency: no customers; the fit needs at least one")
    if not np.any(x > 0):
        raise ValueError(
            "frequency: nobody made a repeat purchase, so the drop-out parameters a and b "
            "cannot be estimated; use a longer observation period"
        )
    # identical customers share one likelihood evaluation
    rows, weights = np.unique(np.column_stack([x, t_x, T_arr]), axis=0, return_counts=True)
    xu, tu, Tu = rows[:, 0], rows[:, 1], rows[:, 2]
    n = float(x.size)

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

    mean_rate = max(float(x.mean()), 1e-3) / max(float(T_arr.mean()), 1e-9)
    start = np.log(np.array([1.0, 1.0 / mean_rate, 1.0, 1.0]))
    params = _maximise(objective, start, "fit_bgnbd", ("r", "alpha", "a", "b"))
    ll_total, _ = _bgnbd_loglik_terms(params, xu, tu, Tu)
    return BGNBDFit(
        r=float(params[0]),
        alpha=float(params[1]),
        a=float(params[2]),
        b=float(params[3]),
        log_likelihood=float(np.sum(weights * ll_total)),
        n_customers=int(n),
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


# ------------------------------------------------------------------------ Gamma-Gamma
def _gamma_gamma_loglik_terms(
    params: np.ndarray, x: np.ndarray, m: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    p, q, gamma = params
    px = p * x
    log_total = np.log(gamma + m * x)
    ll = (
        -special.betaln(px, q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_total
    )
    psi_pxq = special.digamma(px + q)
    d_p = x * (psi_pxq - special.digamma(px) + np.log(m) + np.log(x) - log_total)
    d_q = psi_pxq - special.digamma(q) + np.log(gamma) - log_total
    d_gamma = q / gamma - (px + q) / (gamma + m * x)
    return ll, np.vstack([d_p, d_q, d_gamma])


@dataclass(frozen=True)
class GammaGammaFit:
    """A fitted (or given) Gamma-Gamma spend model (Fader & Hardie 2013).

    Each purchase of a customer is Gamma(p, ν) distributed, and ν ~ Gamma(q, γ) varies
    across customers. Build one with :func:`fit_gamma_gamma` or :meth:`from_params`.
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float | None = None
    n_customers: int = 0

    @classmethod
    def from_params(cls, p: float, q: float, gamma: float) -> GammaGammaFit:
        """A model with known parameters.

        Examples
        --------
        >>> model = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
        >>> round(model.expected_spend(2, 22.35), 2)
        24.66
        """
        values = np.array([p, q, gamma], dtype=float)
        if not np.all(np.isfinite(values) & (values > 0)):
            raise ValueError(
                f"Gamma-Gamma parameters must be positive numbers, got {values.tolist()}"
            )
        return cls(p=float(p), q=float(q), gamma=float(gamma))

    @property
    def params(self) -> dict[str, float]:
        """The parameters as ``{"p": …, "q": …, "gamma": …}``."""
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def population_mean(self) -> float:
        """Mean spend per purchase across all customers, p γ / (q − 1).

        Examples
        --------
        >>> round(GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44).population_mean, 2)
        35.22
        """
        if self.q <= 1:
            raise ValueError(f"population_mean: with q = {self.q:g} ≤ 1 the mean spend is infinite")
        return self.p * self.gamma / (self.q - 1)

    def expected_spend(self, x: object, m_x: object) -> float | np.ndarray:
        """E[M | x, m_x]: expected spend per purchase of a customer.

        A weighted average of the customer's own mean ``m_x`` and the population mean; with
        ``x = 0`` it is the population mean (pass ``m_x = 0``).

        Examples
        --------
        >>> model = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
        >>> model.expected_spend([0, 2, 20], [0, 22.35, 22.35]).round(2)
        array([35.22, 24.66, 22.63])
        """
        if self.q <= 1:
            raise ValueError(f"expected_spend: with q = {self.q:g} ≤ 1 the mean spend is infinite")
        xa, ma = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(m_x, dtype=float))
        _counts(xa.ravel(), "frequency (x)")
        as_float_array(ma.ravel(), "monetary (m_x)")
        bad = np.flatnonzero(((xa > 0) & (ma <= 0)).ravel())
        if bad.size:
            raise ValueError(
                f"monetary (m_x): spend must be positive for customers with repeat purchases, "
                f"not at {row_list(bad)}"
            )
        value = self.p * (self.gamma + ma * xa) / (self.p * xa + self.q - 1)
        return _squeeze(value)


def fit_gamma_gamma(frequency: object, monetary: object) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood.

    Parameters
    ----------
    frequency : array-like
        Repeat purchases ``x`` of each customer; every customer must have ``x ≥ 1``.
    monetary : array-like
        Mean spend per repeat purchase ``m_x`` (positive).

    Returns
    -------
    GammaGammaFit

    Raises
    ------
    ValueError
        For customers without repeat purchases (filter ``frequency > 0`` first), zero or
        negative spend, non-integer counts or missing values.
    RuntimeError
        When the optimiser does not converge.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(1, 8, size=500)
    >>> nu = rng.gamma(4.0, 1 / 20.0, size=500)
    >>> m = rng.gamma(6.0 * x, 1 / nu) / x
    >>> fit = fit_gamma_gamma(x, m)
    >>> sorted(fit.params)
    ['gamma', 'p', 'q']
    """
    labels = _labels(frequency, monetary)
    x = _counts(frequency, "frequency", labels)
    m = as_float_array(monetary, "monetary")
    if x.size != m.size:
        raise ValueError(
            f"frequency and monetary must have the same length (got {x.size} and {m.size})"
        )
    if x.size == 0:
        raise ValueError("frequency: no customers; the fit needs at least one")
    bad = np.flatnonzero(x == 0)
    if bad.size:
        raise ValueError(
            f"frequency: {bad.size} customer(s) with no repeat purchase at {_rows(bad, labels)}; "
            "the Gamma-Gamma model uses repeat purchases only: filter "
            "summary[summary['frequency'] > 0] first"
        )
    bad = np.flatnonzero(m <= 0)
    if bad.size:
        raise ValueError(
            f"monetary: {bad.size} zero or negative spend value(s) at {_rows(bad, labels)}; spend "
            "per purchase must be positive (exclude returns, refunds and free orders)"
        )
    n = float(x.size)

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        ll, grad = _gamma_gamma_loglik_terms(params, x, m)
        value = -float(ll.sum()) / n
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_params)
        return value, -grad.sum(axis=1) * params / n

    mean_m = float(m.mean())
    start = np.log(np.array([1.0, 2.0, mean_m]))
    params = _maximise(objective, start, "fit_gamma_gamma", ("p", "q", "gamma"))
    ll, _ = _gamma_gamma_loglik_terms(params, x, m)
    return GammaGammaFit(
        p=float(params[0]),
        q=float(params[1]),
        gamma=float(params[2]),
        log_likelihood=float(ll.sum()),
        n_customers=int(n),
    )


# ---------------------------------------------------------------- shifted-beta-geometric
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
        return _squeeze(np.exp(special.betaln(a, b + t) - special.betaln(a, b)))

    def churn_probability(self, t: object) -> float | np.ndarray:
        """P(T = t) = B(α + 1, β + t − 1) / B(α, β): probability of churning in period ``t``.

        Examples
        --------
        >>> round(SBGFit.from_params(alpha=1.0, beta=1.0).churn_probability(1), 3)
        0.5
        """
        t = self._periods(t, 1)
        a, b = self.alpha, self.beta
        return _squeeze(np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b)))

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
        return _squeeze((b + t - 1) / (a + b + t - 1))

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
        return _check_finite(value, "derl")

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
        return float(_check_finite(np.asarray(value), "discounted_expected_lifetime"))


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
    counts = _counts(active_counts, "active_counts")
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

    params = _maximise(objective, np.zeros(2), "fit_sbg", ("alpha", "beta"))
    return SBGFit(
        alpha=float(params[0]),
        beta=float(params[1]),
        log_likelihood=loglik(params)[0],
        n_periods=int(last),
    )


# ------------------------------------------------------------------------------- CLV
def customer_lifetime_value(
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    summary: pd.DataFrame,
    horizon: int,
    margin: float,
    discount: float,
    *,
    period_length: float = 1.0,
    frequency_col: str = "frequency",
    recency_col: str = "recency",
    T_col: str = "T",
    monetary_col: str = "monetary",
) -> pd.DataFrame:
    """Discounted expected margin of each customer over ``horizon`` future periods.

    CLV_i = margin · E[M_i] · Σ_{k=1..horizon} (E[Y_i(k·L)] − E[Y_i((k−1)·L)]) / (1+d)^k,
    where L = ``period_length``: the expected purchases in each future period (BG/NBD) times
    the expected spend per purchase (Gamma-Gamma), discounted at the end of each period (the
    same discrete sum as lifetimes' ``customer_lifetime_value``).

    Parameters
    ----------
    bgnbd, gamma_gamma : BGNBDFit, GammaGammaFit
        The fitted purchase and spend models.
    summary : DataFrame
        One row per customer (``crmlab.rfm.btyd_summary``): frequency, recency, T, monetary.
    horizon : int
        Number of future periods to add up (e.g. 12 months).
    margin : float
        Profit margin as a share of spend, in (0, 1].
    discount : float
        Discount rate per period (e.g. 0.01 per month).
    period_length : float, default 1.0
        Length of one period in the summary's time unit; with a summary in weeks, monthly
        periods are ``period_length=52/12``.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``expected_purchases`` (undiscounted, over the horizon),
        ``expected_spend`` (per purchase) and ``clv`` (discounted margin, currency).

    Examples
    --------
    >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> summary = pd.DataFrame(
    ...     {"frequency": [0, 2], "recency": [0, 30.43], "T": [38.86, 38.86],
    ...      "monetary": [0, 22.35]}, index=["A", "B"])
    >>> customer_lifetime_value(bg, gg, summary, horizon=39, margin=1.0, discount=0.0).round(2)
       expected_purchases  expected_spend    clv
    A                0.20           35.22   6.87
    B                1.23           24.66  30.24
    """
    require_columns(summary, [frequency_col, recency_col, T_col, monetary_col], "summary")
    require_nonempty(summary, "summary")
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon: a whole number of periods ≥ 1, got {horizon}")
    if not (0 < margin <= 1):
        raise ValueError(f"margin: a share of spend in (0, 1], got {margin}")
    if not (discount >= 0 and np.isfinite(discount)):
        raise ValueError(f"discount: a rate per period ≥ 0, got {discount}")
    if not (period_length > 0):
        raise ValueError(f"period_length: must be positive, got {period_length}")
    x = summary[frequency_col].to_numpy(dtype=float)
    t_x = summary[recency_col].to_numpy(dtype=float)
    T = summary[T_col].to_numpy(dtype=float)
    m_x = summary[monetary_col].to_numpy(dtype=float)
    spend = gamma_gamma.expected_spend(x, np.where(x > 0, m_x, 0.0))
    ends = np.arange(0, int(horizon) + 1) * period_length
    cumulative = bgnbd.expected_purchases(ends[:, None], x[None, :], t_x[None, :], T[None, :])
    per_period = np.diff(cumulative, axis=0)
    weights = (1 + discount) ** -np.arange(1, int(horizon) + 1)
    discounted = np.sum(weights[:, None] * per_period, axis=0)
    return pd.DataFrame(
        {
            "expected_purchases": cumulative[-1],
            "expected_spend": np.atleast_1d(spend),
            "clv": margin * np.atleast_1d(spend) * discounted,
        },
        index=summary.index,
    )


# ---------------------------------------------------------------------- hold-out check
@dataclass(frozen=True, eq=False)
class HoldoutScorecard:
    """How well a BG/NBD fit predicts the hold-out period, in numbers.

    Attributes
    ----------
    customers : DataFrame
        Per customer: ``frequency`` (calibration), ``predicted``, ``actual``,
        ``error`` (predicted − actual).
    by_frequency : DataFrame
        Indexed by calibration frequency group ``"0"``, ``"1"``, …, ``"7+"``: ``customers``,
        ``predicted`` and ``actual`` (mean hold-out purchases), ``error`` (mean).
    mae, rmse, bias : float
        Mean absolute error, root mean squared error and mean error (predicted − actual)
        per customer.
    total_predicted, total_actual : float
        Predicted and actual hold-out purchases of all customers.
    """

    customers: pd.DataFrame
    by_frequency: pd.DataFrame
    mae: float
    rmse: float
    bias: float
    total_predicted: float
    total_actual: float


def holdout_scorecard(
    fit: BGNBDFit,
    summary_with_holdout: pd.DataFrame,
    *,
    frequency_col: str = "frequency",
    recency_col: str = "recency",
    T_col: str = "T",
    holdout_col: str = "frequency_holdout",
    duration_col: str = "duration_holdout",
    max_group: int = 7,
) -> HoldoutScorecard:
    """Compare predicted and actual purchases in the hold-out period.

    Parameters
    ----------
    fit : BGNBDFit
        A model fitted on the calibration period.
    summary_with_holdout : DataFrame
        ``crmlab.rfm.btyd_summary(..., calibration_end=...)``: calibration frequency,
        recency and T plus ``frequency_holdout`` and ``duration_holdout``.
    max_group : int, default 7
        Calibration frequencies from this value up are pooled into one group (``"7+"``).

    Returns
    -------
    HoldoutScorecard

    Examples
    --------
    >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> data = pd.DataFrame({"frequency": [0, 2], "recency": [0, 30.43], "T": [38.86, 38.86],
    ...                      "frequency_holdout": [0, 2], "duration_holdout": [39, 39]})
    >>> card = holdout_scorecard(bg, data)
    >>> round(card.mae, 3), round(card.total_predicted, 3), card.total_actual
    (0.485, 1.421, 2.0)
    """
    cols = [frequency_col, recency_col, T_col, holdout_col, duration_col]
    require_columns(summary_with_holdout, cols, "summary_with_holdout")
    require_nonempty(summary_with_holdout, "summary_with_holdout")
    data = summary_with_holdout
    x = data[frequency_col].to_numpy(dtype=float)
    actual = _counts(data[holdout_col].to_numpy(dtype=float), holdout_col)
    duration = _positive_times(data[duration_col].to_numpy(dtype=float), duration_col)
    predicted = np.atleast_1d(
        fit.expected_purchases(
            duration, x, data[recency_col].to_numpy(dtype=float), data[T_col].to_numpy(dtype=float)
        )
    )
    error = predicted - actual
    customers = pd.DataFrame(
        {"frequency": x, "predicted": predicted, "actual": actual, "error": error},
        index=data.index,
    )
    labels = [str(k) for k in range(max_group)] + [f"{max_group}+"]
    group = pd.Categorical(
        np.array(labels, dtype=object)[np.minimum(x, max_group).astype(int)],
        categories=labels,
        ordered=True,
    )
    by_frequency = (
        customers.groupby(group, observed=True)
        .agg(
            customers=("actual", "size"),
            predicted=("predicted", "mean"),
            actual=("actual", "mean"),
            error=("error", "mean"),
        )
        .rename_axis("frequency_group")
    )
    by_frequency.index = by_frequency.index.astype(str)
    return HoldoutScorecard(
        customers=customers,
        by_frequency=by_frequency,
        mae=float(np.mean(np.abs(error))),
        rmse=float(np.sqrt(np.mean(error**2))),
        bias=float(np.mean(error)),
        total_predicted=float(predicted.sum()),
        total_actual=float(actual.sum()),
    )
