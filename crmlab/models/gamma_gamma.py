"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

Each purchase of a customer is Gamma(p, ν) distributed and the scale ν ~ Gamma(q, γ)
varies across customers. The model shrinks a customer's observed mean spend ``m_x`` towards
the population mean, the more the fewer purchases ``x`` it rests on. It is fitted on the
customers with repeat purchases (frequency ``x ≥ 1`` and mean spend per repeat purchase
``monetary`` from ``crmlab.rfm.btyd_summary``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from crmlab._validate import as_float_array, row_list
from crmlab.models._fit import maximise
from crmlab.models._inputs import check_counts, index_of, rows_text, squeeze

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
        check_counts(xa.ravel(), "frequency (x)")
        as_float_array(ma.ravel(), "monetary (m_x)")
        bad = np.flatnonzero(((xa > 0) & (ma <= 0)).ravel())
        if bad.size:
            raise ValueError(
                f"monetary (m_x): spend must be positive for customers with repeat purchases, "
                f"not at {row_list(bad)}"
            )
        value = self.p * (self.gamma + ma * xa) / (self.p * xa + self.q - 1)
        return squeeze(value)


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
    labels = index_of(frequency, monetary)
    x = check_counts(frequency, "frequency", labels)
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
            f"frequency: {bad.size} customer(s) with no repeat purchase at "
            f"{rows_text(bad, labels)}; the Gamma-Gamma model uses repeat purchases only: "
            "filter summary[summary['frequency'] > 0] first"
        )
    bad = np.flatnonzero(m <= 0)
    if bad.size:
        raise ValueError(
            f"monetary: {bad.size} zero or negative spend value(s) at {rows_text(bad, labels)}; "
            "spend per purchase must be positive (exclude returns, refunds and free orders)"
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
    params = maximise(objective, start, "fit_gamma_gamma", ("p", "q", "gamma"))
    ll, _ = _gamma_gamma_loglik_terms(params, x, m)
    return GammaGammaFit(
        p=float(params[0]),
        q=float(params[1]),
        gamma=float(params[2]),
        log_likelihood=float(ll.sum()),
        n_customers=int(n),
    )
