"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

Each purchase of a customer is Gamma(p, ν) distributed and the scale ν ~ Gamma(q, γ)
varies across customers. The model shrinks a customer's observed mean spend ``m_x`` towards
the population mean, the more the fewer purchases ``x`` it rests on. It is fitted on the
customers with repeat purchases (frequency ``x ≥ 1`` and mean spend per repeat purchase
``monetary`` from ``crmlab.rfm.btyd_summary``).

Zero-amount purchases (free items, promotions) are real purchases, but a Gamma distribution
has no zero: customers whose mean spend is 0 are left out of the fit (the fit's ``notes``
say how many) and get the population mean as their expected spend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import special

from crmlab._validate import as_float_array, row_list
from crmlab.models._fit import (
    ALIKE_SHAPE,
    FitDiagnostics,
    at_edge,
    bound_notes,
    maximise,
    warn_degenerate,
)
from crmlab.models._inputs import check_counts, check_weights, index_of, rows_text, squeeze

__all__ = ["GammaGammaFit", "fit_gamma_gamma"]


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
class GammaGammaFit(FitDiagnostics):
    """A fitted (or given) Gamma-Gamma spend model (Fader & Hardie 2013).

    Each purchase of a customer is Gamma(p, ν) distributed, and ν ~ Gamma(q, γ) varies
    across customers. Build one with :func:`fit_gamma_gamma` or :meth:`from_params`.

    Attributes
    ----------
    p, q, gamma : float
        The three parameters; ``params`` returns them as a dict, ``standard_errors`` their
        standard errors and ``summary()`` both with 95% intervals.
    log_likelihood : float or None
        Total log-likelihood at the fitted parameters (``None`` when built from parameters).
    n_customers : int
        Number of customers fitted on (0 when built from parameters); customers with zero
        mean spend are not among them.
    notes : tuple of str
        Remarks of the fit: customers left out, a :class:`DegenerateFitWarning`'s message.
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float | None = None
    n_customers: int = 0
    notes: tuple[str, ...] = ()
    _data: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    _at_bound: tuple[str, ...] = field(default=(), repr=False, compare=False)

    _model_name = "Gamma-Gamma"

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

    def _loglik_gradient(self, params: np.ndarray) -> np.ndarray:
        """Gradient of the total log-likelihood of the fitted data at ``params``."""
        x, m, weights = self._data
        return np.sum(_gamma_gamma_loglik_terms(params, x, m)[1] * weights, axis=1)

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
        ``x = 0`` it is the population mean (pass ``m_x = 0``). A customer whose purchases
        were all free (``m_x = 0``) also gets the population mean: the model, fitted
        without such customers, says nothing about them. Negative spend is an error.

        Examples
        --------
        >>> model = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
        >>> model.expected_spend([0, 2, 20, 3], [0, 22.35, 22.35, 0]).round(2)
        array([35.22, 24.66, 22.63, 35.22])
        """
        if self.q <= 1:
            raise ValueError(f"expected_spend: with q = {self.q:g} ≤ 1 the mean spend is infinite")
        xa, ma = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(m_x, dtype=float))
        check_counts(xa.ravel(), "frequency (x)")
        as_float_array(ma.ravel(), "monetary (m_x)")
        bad = np.flatnonzero(((xa > 0) & (ma < 0)).ravel())
        if bad.size:
            raise ValueError(
                f"monetary (m_x): spend must not be negative, found at {row_list(bad)}; "
                "net returns against their purchases before summarising"
            )
        own = (xa > 0) & (ma > 0)
        value = np.where(
            own,
            self.p * (self.gamma + ma * xa) / (self.p * xa + self.q - 1),
            self.population_mean,
        )
        return squeeze(value)


def _gamma_gamma_degeneracy(params: np.ndarray) -> tuple[tuple[str, ...], list[str]]:
    """Parameters at a bound, and messages for them and for q ≤ 1 (infinite mean spend).

    A shape above ``ALIKE_SHAPE`` counts as at its bound: q (customers alike in their
    typical spend) or p (a customer's purchases alike), as the optimiser may stop short of
    the bound on the flat likelihood.
    """
    p, q, gamma = params
    low, high = at_edge(params, ("p", "q", "gamma"))
    flagged: list[str] = []
    messages = []
    values = f"(q = {q:.3g}, gamma = {gamma:.3g})"
    if q > ALIKE_SHAPE or {"q", "gamma"} & set(high):
        messages.append(
            f"fit_gamma_gamma: q and gamma → ∞ {values}: the model sees no difference in "
            "typical spend between customers, so expected_spend is the population mean for "
            "everyone. Check that the customers' mean spends vary (and that enough "
            "customers are fitted)."
        )
        flagged += ["q", "gamma"]
    elif {"q", "gamma"} & set(low):
        messages.append(
            f"fit_gamma_gamma: {' and '.join(n for n in ('q', 'gamma') if n in low)} → 0 "
            f"{values}: the spread of spend between customers is not identified by these "
            "data. Look for extreme mean spends (wholesale orders, data errors)."
        )
        flagged += ["q", "gamma"]
    elif q <= 1:
        messages.append(
            f"fit_gamma_gamma: q = {q:.3g} ≤ 1: the spend varies so much between customers "
            "that the model's mean spend per purchase is infinite, so population_mean, "
            "expected_spend and customer_lifetime_value cannot be computed. Look for extreme "
            "mean spends (wholesale orders, data errors) and fit without them."
        )
    if p > ALIKE_SHAPE or "p" in high:
        messages.append(
            f"fit_gamma_gamma: p → ∞ (p = {p:.3g}): the model sees no variation between "
            "the purchases of one customer, so expected_spend trusts each customer's own "
            "mean spend however few purchases it rests on. Check the spend data (e.g. one "
            "amount repeated for every purchase)."
        )
        flagged.append("p")
    elif "p" in low:
        messages.append(
            f"fit_gamma_gamma: p → 0 (p = {p:.3g}): the spread of one customer's purchases "
            "is not identified by these data, so expected_spend is unreliable. Look for "
            "extreme spends (wholesale orders, data errors)."
        )
        flagged.append("p")
    return tuple(name for name in ("p", "q", "gamma") if name in flagged), messages


def _unique_spenders(
    x: np.ndarray, m: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (x, m) rows and their total weight (customers alike share one evaluation).

    Examples
    --------
    >>> xs, ms, w = _unique_spenders(np.array([2.0, 1.0, 2.0]), np.array([5.0, 3.0, 5.0]),
    ...                              np.array([1.0, 1.0, 4.0]))
    >>> xs.tolist(), ms.tolist(), w.tolist()
    ([1.0, 2.0], [3.0, 5.0], [1.0, 5.0])
    """
    order = np.lexsort((m, x))
    xs, ms = x[order], m[order]
    new = np.ones(xs.size, dtype=bool)
    new[1:] = (xs[1:] != xs[:-1]) | (ms[1:] != ms[:-1])
    starts = np.flatnonzero(new)
    return xs[starts], ms[starts], np.add.reduceat(weights[order], starts)


def fit_gamma_gamma(
    frequency: object, monetary: object, *, weights: object = None
) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood.

    Parameters
    ----------
    frequency : array-like
        Repeat purchases ``x`` of each customer; every customer must have ``x ≥ 1``.
    monetary : array-like
        Mean spend per repeat purchase ``m_x`` (0 or more). Customers with zero mean spend
        (only free purchases) are left out of the fit, with a note; they get the
        population mean in ``expected_spend``.
    weights : array-like, optional
        How many customers each row stands for (whole numbers ≥ 0; default 1 each), e.g.
        the ``weight`` column of a summary aggregated to distinct (frequency, monetary)
        rows: the fit equals the fit on every customer's row.

    Returns
    -------
    GammaGammaFit
        ``.params``, ``.log_likelihood``, ``.standard_errors``, ``.summary()``, ``.notes``.

    Raises
    ------
    ValueError
        For customers without repeat purchases (filter ``frequency > 0`` first), negative
        spend, non-integer counts, missing values or no customer with positive spend;
        weights that are negative, missing, not whole numbers or not one per row.
    RuntimeError
        When the optimiser does not converge.

    Warns
    -----
    DegenerateFitWarning
        When q ≤ 1 (the mean spend is infinite) or a parameter runs to a bound (e.g. no
        difference in spend between customers); the message is repeated in ``notes``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(1, 8, size=500)
    >>> nu = rng.gamma(4.0, 1 / 20.0, size=500)
    >>> m = rng.gamma(6.0 * x, 1 / nu) / x
    >>> fit = fit_gamma_gamma(x, m)
    >>> sorted(fit.params)
    ['gamma', 'p', 'q']
    >>> m[:3] = 0.0  # three customers whose purchases were all free
    >>> print(*fit_gamma_gamma(x, m).notes)
    3 customer(s) with zero mean spend left out of the fit; they get the population mean in
    expected_spend

    The same fit from the distinct (frequency, monetary) rows and their counts:

    >>> x, m = np.tile(x[3:53], 4), np.tile(m[3:53], 4)  # 50 customers, four of each
    >>> fit = fit_gamma_gamma(x, m)
    >>> same = fit_gamma_gamma(x[:50], m[:50], weights=np.full(50, 4))
    >>> same.params == fit.params, same.n_customers
    (True, 200)
    """
    labels = index_of(frequency, monetary)
    x = check_counts(frequency, "frequency", labels)
    m = as_float_array(monetary, "monetary")
    if x.size != m.size:
        raise ValueError(
            f"frequency and monetary must have the same length (got {x.size} and {m.size})"
        )
    w = check_weights(weights, x.size, labels)
    counted = w > 0
    x, m, w = x[counted], m[counted], w[counted]
    if x.size == 0:
        raise ValueError("frequency: no customers (or all weights 0); the fit needs at least one")
    bad = np.flatnonzero(x == 0)
    if bad.size:
        raise ValueError(
            f"frequency: {bad.size} customer(s) with no repeat purchase at "
            f"{rows_text(bad, labels)}; the Gamma-Gamma model uses repeat purchases only: "
            "filter summary[summary['frequency'] > 0] first"
        )
    bad = np.flatnonzero(m < 0)
    if bad.size:
        raise ValueError(
            f"monetary: {bad.size} negative spend value(s) at {rows_text(bad, labels)}; "
            "spend per purchase cannot be negative (net returns against their purchases "
            "before summarising)"
        )
    notes: tuple[str, ...] = ()
    zero = m == 0
    if zero.all():
        raise ValueError(
            "monetary: every customer's mean spend is 0; the Gamma-Gamma model needs "
            "customers with positive spend"
        )
    if zero.any():
        notes = (
            f"{round(float(w[zero].sum()))} customer(s) with zero mean spend left out of the "
            "fit; they get the population mean in expected_spend",
        )
        x, m, w = x[~zero], m[~zero], w[~zero]
    x, m, w = _unique_spenders(x, m, w)
    n = float(w.sum())

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        ll, grad = _gamma_gamma_loglik_terms(params, x, m)
        value = -float(np.sum(w * ll)) / n
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_params)
        return value, -np.sum(grad * w, axis=1) * params / n

    mean_m = float(np.sum(w * m)) / n
    start = np.log(np.array([1.0, 2.0, mean_m]))
    params, minimum = maximise(objective, start, "fit_gamma_gamma")
    at_bound, messages = _gamma_gamma_degeneracy(params)
    warn_degenerate(messages)
    return GammaGammaFit(
        p=float(params[0]),
        q=float(params[1]),
        gamma=float(params[2]),
        log_likelihood=-minimum * n,
        n_customers=round(n),
        notes=notes + tuple(messages) + bound_notes(at_bound),
        _data=(x, m, w),
        _at_bound=at_bound,
    )
