"""Closed-form customer lifetime value (客户终身价值, CLV) with constant retention.

The simple model of Gupta & Lehmann (2003): a customer brings a margin ``m`` each period,
stays from one period to the next with probability ``r`` (retention rate, 保持率) and money
is discounted at rate ``i`` per period. Then

- margin at the end of each period: CLV = m · r / (1 + i − r); the factor r/(1+i−r) is the
  *margin multiple*;
- margin at the start of each period: CLV = m (1 + i) / (1 + i − r);
- finite horizon N (end of period): CLV = Σ_{t=1..N} m r^t / (1+i)^t;
- expected lifetime: 1 / (1 − r) periods.

All functions accept numbers or numpy arrays (broadcast against each other) and return a
float for scalar input, an array otherwise. For model-based CLV from transaction data see
``crmlab.models.customer_lifetime_value``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["clv_simple", "expected_lifetime", "margin_multiple"]


def _as_array(values: object, what: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: expected numbers ({exc})") from None
    if np.any(~np.isfinite(arr)):
        raise ValueError(f"{what}: missing or infinite value(s); give finite numbers")
    return arr


def _retention(retention: object) -> np.ndarray:
    r = _as_array(retention, "retention")
    flat = np.ravel(r)
    bad = flat[(flat < 0) | (flat > 1)]
    if bad.size:
        raise ValueError(
            f"retention: must be a probability between 0 and 1, got {bad[:5].tolist()}; "
            "write 80% as 0.8"
        )
    return r


def _discount(discount: object) -> np.ndarray:
    i = _as_array(discount, "discount")
    if np.any(i < 0):
        raise ValueError("discount: the discount rate must be 0 or more; write 10% as 0.10")
    return i


def _out(values: np.ndarray) -> float | np.ndarray:
    return float(values) if np.ndim(values) == 0 else values


def margin_multiple(retention: object, discount: object) -> float | np.ndarray:
    """The margin multiple r / (1 + i − r): infinite-horizon CLV per unit of margin.

    Parameters
    ----------
    retention : float or array
        Retention rate r per period, in [0, 1].
    discount : float or array
        Discount rate i per period, ≥ 0 (r = 1 needs i > 0).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(margin_multiple(0.8, 0.10), 2)
    2.67
    >>> margin_multiple(np.array([0.6, 0.7, 0.8, 0.9]), 0.12).round(2)
    array([1.15, 1.67, 2.5 , 4.09])
    """
    r = _retention(retention)
    i = _discount(discount)
    r, i = np.broadcast_arrays(r, i)
    if np.any(1 + i - r <= 0):
        raise ValueError(
            "retention, discount: with retention 1 and no discounting the value is infinite; "
            "use a discount rate above 0 or a retention below 1"
        )
    return _out(r / (1 + i - r))


def clv_simple(
    margin: object,
    retention: object,
    discount: object,
    horizon: int | None = None,
    acquisition_cost: object = 0.0,
    timing: str = "end",
) -> float | np.ndarray:
    """Customer lifetime value with constant margin, retention and discount rate.

    Parameters
    ----------
    margin : float or array
        Margin m per period (currency, e.g. CNY).
    retention : float or array
        Retention rate r per period, in [0, 1].
    discount : float or array
        Discount rate i per period, ≥ 0.
    horizon : int, optional
        Number of periods N; ``None`` (default) for an infinite horizon.
    acquisition_cost : float or array, default 0.0
        Subtracted from the result (acquisition cost, 获取成本), paid now.
    timing : {"end", "start"}, default "end"
        ``"end"``: the margin of period t arrives at its end, if the customer is retained
        (Σ_{t=1..N} m r^t/(1+i)^t; infinite: m r/(1+i−r)). ``"start"``: the margin arrives
        at the start of each period, the first one now (Σ_{t=0..N−1} m r^t/(1+i)^t;
        infinite: m (1+i)/(1+i−r)).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(clv_simple(100, 0.8, 0.10), 2)
    266.67
    >>> round(clv_simple(100, 0.8, 0.10, timing="start"), 2)
    366.67
    >>> round(clv_simple(100, 0.8, 0.10, horizon=2), 2)
    125.62
    >>> clv_simple(100, np.array([0.6, 0.9]), 0.10, acquisition_cost=150).round(1)
    array([-30., 300.])
    """
    if timing not in ("end", "start"):
        raise ValueError(f"timing: 'end' or 'start', got {timing!r}")
    m = _as_array(margin, "margin")
    r = _retention(retention)
    i = _discount(discount)
    cost = _as_array(acquisition_cost, "acquisition_cost")
    m, r, i, cost = np.broadcast_arrays(m, r, i, cost)
    q = r / (1 + i)
    if horizon is None:
        if np.any(q >= 1):
            raise ValueError(
                "retention, discount: with retention 1 and no discounting the infinite-horizon "
                "value is infinite; give a horizon, a discount rate above 0 or a retention "
                "below 1"
            )
        total = 1 / (1 - q)  # Σ_{t≥0} q^t
    else:
        if int(horizon) != horizon or horizon < 0:
            raise ValueError(f"horizon: a whole number of periods ≥ 0, got {horizon}")
        n = int(horizon)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(q == 1, float(n), (1 - q**n) / np.where(q == 1, 0.5, 1 - q))
    # total = Σ_{t=0..N−1} q^t; margins at period ends are one period later: multiply by q
    value = m * total * (q if timing == "end" else 1.0) - cost
    return _out(value)


def expected_lifetime(retention: object) -> float | np.ndarray:
    """Expected number of periods a customer stays, 1 / (1 − r).

    Counts the current period: with retention 0 the customer stays one period.

    Examples
    --------
    >>> round(expected_lifetime(0.8), 2)
    5.0
    >>> expected_lifetime([0.5, 0.9]).round(2)
    array([ 2., 10.])
    """
    r = _retention(retention)
    if np.any(r >= 1):
        raise ValueError("retention: must be below 1 (with retention 1 customers never leave)")
    return _out(1 / (1 - r))
