"""Closed-form customer lifetime value (客户终身价值, CLV) with constant retention.

The simple model of Gupta & Lehmann (2003): a customer brings a margin ``m`` each period,
stays from one period to the next with probability ``r`` (retention rate, 保持率) and money
is discounted at rate ``i`` per period. Then

- margin at the end of each period: CLV = m · r / (1 + i − r); the factor r/(1+i−r) is the
  *margin multiple*;
- margin at the start of each period: CLV = m (1 + i) / (1 + i − r);
- finite horizon N (end of period): CLV = Σ_{t=1..N} m r^t / (1+i)^t;
- expected lifetime: 1 / (1 − r) periods;
- :func:`new_customer_value` — the acquisition question in one table: a *new* customer's
  CLV (her first margin arrives now, at the start of her first year), the acquisition cost
  (获取成本, CAC) it must cover, and an *existing* customer's remaining value (margin at the
  end of each year) beside it.

The functions of numbers accept numbers or numpy arrays (broadcast against each other) and
return a float for scalar input, an array otherwise. For model-based CLV from transaction
data see ``crmlab.models.clv_over_years`` (the workbook's N-year model CLV).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["clv_simple", "expected_lifetime", "margin_multiple", "new_customer_value"]


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


def _finite(value: object, what: str) -> float:
    arr = _as_array(value, what)
    if arr.ndim != 0:
        raise ValueError(f"{what}: one number expected, got an array of shape {arr.shape}")
    return float(arr)


def new_customer_value(
    margin: float,
    retention: float,
    discount: float,
    *,
    acquisition_cost: float | None = None,
    lifecycle_profit: float | None = None,
    horizon: int | None = None,
) -> pd.DataFrame:
    """Is a new customer worth what she costs to win? CLV, CAC and lifecycle profit in one table.

    A customer already on the books has earned this year's margin; what she is still worth
    is her *remaining* value, the margin of the years to come: ``clv_simple(…,
    timing="end")``. A *new* customer's value also holds her first year's margin, earned
    right after she is won: ``clv_simple(…, timing="start")``, which is the first margin
    plus the remaining value. Only the new customer's value may be set against the
    acquisition cost (获取成本, customer acquisition cost, CAC), which is paid to win her.

    Parameters
    ----------
    margin : float
        Margin (profit) per customer per year, in the data's currency.
    retention : float
        Yearly retention rate r, in [0, 1].
    discount : float
        Yearly discount rate i, ≥ 0.
    acquisition_cost : float, optional
        The average cost of winning a customer; without it the rows that need it are left
        out (data without a customers table).
    lifecycle_profit : float, optional
        The average lifecycle profit so far (:func:`crmlab.lifecycle_profit.lifecycle_profit`),
        the historical check beside the forecast; left out when not given.
    horizon : int, optional
        Years counted; ``None`` for an infinite horizon.

    Returns
    -------
    DataFrame
        Indexed by ``item``: ``first_year_margin`` (m), ``remaining_value`` (an existing
        customer's CLV, margin at each year's end), ``new_customer_clv`` (margin at each
        year's start; with an infinite horizon m + the remaining value); with an
        acquisition cost also ``acquisition_cost`` and ``clv_minus_cac`` (the new customer's
        CLV − CAC); with a lifecycle profit also ``lifecycle_profit``. Columns ``item_cn``
        (the Chinese name), ``amount`` and ``formula``.

    Raises
    ------
    ValueError
        For a retention outside [0, 1], a negative discount rate or acquisition cost, or an
        input that is not one finite number.

    Examples
    --------
    >>> table = new_customer_value(100, 0.5, 0.1, acquisition_cost=150, lifecycle_profit=-10)
    >>> table[["item_cn", "amount"]].round(2)
                                item_cn  amount
    item
    first_year_margin          首年利润（赢得客户后即得）  100.00
    remaining_value         现有客户的剩余价值（利润年末到手）   83.33
    new_customer_clv        新客户的终身价值（利润年初到手）  183.33
    acquisition_cost                   获取成本（CAC）  150.00
    clv_minus_cac                新客户终身价值 − 获取成本   33.33
    lifecycle_profit            平均客户生命周期利润（至今）  -10.00
    """
    m = _finite(margin, "margin")
    r = float(_retention(retention))
    i = float(_discount(discount))
    remaining = float(clv_simple(m, r, i, horizon=horizon, timing="end"))
    new = float(clv_simple(m, r, i, horizon=horizon, timing="start"))
    if horizon is None:
        remaining_formula = "m·r/(1+i−r)"
        new_formula = "m·(1+i)/(1+i−r) = m + 剩余价值"
    else:
        n = int(horizon)
        remaining_formula = f"Σ(t=1..{n}) m·r^t/(1+i)^t"
        new_formula = f"Σ(t=0..{n - 1}) m·r^t/(1+i)^t"
    rows = [
        ("first_year_margin", "首年利润（赢得客户后即得）", m, "m"),
        ("remaining_value", "现有客户的剩余价值（利润年末到手）", remaining, remaining_formula),
        ("new_customer_clv", "新客户的终身价值（利润年初到手）", new, new_formula),
    ]
    if acquisition_cost is not None:
        cac = _finite(acquisition_cost, "acquisition_cost")
        if cac < 0:
            raise ValueError(f"acquisition_cost: must be 0 or more, got {cac!r}")
        rows += [
            ("acquisition_cost", "获取成本（CAC）", cac, "CAC"),
            ("clv_minus_cac", "新客户终身价值 − 获取成本", new - cac, "CLV_new − CAC"),
        ]
    if lifecycle_profit is not None:
        rows.append(
            (
                "lifecycle_profit",
                "平均客户生命周期利润（至今）",
                _finite(lifecycle_profit, "lifecycle_profit"),
                "历史价值（至今）",
            )
        )
    out = pd.DataFrame(rows, columns=["item", "item_cn", "amount", "formula"])
    return out.set_index("item")
