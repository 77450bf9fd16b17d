"""Purchases: how order lines become purchases, written once (private).

Every analysis that counts purchases, revenue or periods reads the transactions through
these functions, so the rule is the same everywhere:

- a line flagged ``returned`` does not count (a table without a ``returned`` column has
  no returned lines);
- a *purchase* is a customer-day: several lines or orders on one day are one purchase;
- the analysis window has two days, parsed by :func:`crmlab.window.analysis_window`
  (re-exported here): ``observation_end`` (the last day the analysis sees; ``None`` = the
  last day in the data) and ``calibration_end`` (where a model's learning or a feature
  cut-off stops and the hold-out begins).

Flags are booleans here: text such as ``"yes"`` / ``"是"`` is parsed where data enter
(``crmlab.data``), never inside an analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab._validate import (
    bool_column,
    date_column,
    require_columns,
    row_list,
)
from crmlab.window import Window, analysis_window

CUSTOMER = "customer_id"
DATE = "order_date"
AMOUNT = "amount"
RETURNED = "returned"

__all__ = [
    "AMOUNT",
    "CUSTOMER",
    "DATE",
    "RETURNED",
    "PurchaseArrays",
    "Window",
    "active_at",
    "amounts",
    "analysis_window",
    "customer_codes",
    "kept_lines",
    "period_alias",
    "purchase_arrays",
    "purchase_days",
]


def kept_lines(
    transactions: pd.DataFrame,
    *,
    required: Sequence[str] = (CUSTOMER, DATE),
    exclude_returns: bool = True,
    what: str = "transactions",
) -> pd.DataFrame:
    """The order lines that count as purchases, with ``order_date`` as datetime64.

    Checks that ``required`` columns exist (with an error that says how to map them),
    drops lines flagged ``returned`` when ``exclude_returns`` (a missing ``returned``
    column means no line was returned) and parses ``order_date`` when it is required.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                    "order_date": ["2024-01-02", "2024-01-05", "2024-01-03"],
    ...                    "returned": [False, True, False]})
    >>> kept_lines(tx)["customer_id"].tolist()
    ['a', 'b']
    >>> kept_lines(tx.drop(columns="returned")).shape[0]
    3
    """
    require_columns(transactions, list(required), what)
    lines = transactions
    if exclude_returns and RETURNED in lines.columns:
        returned = bool_column(lines, RETURNED, what)
        if returned.any():
            lines = lines.loc[~returned.to_numpy()]
    if DATE in required and not pd.api.types.is_datetime64_any_dtype(lines[DATE]):
        lines = lines.assign(**{DATE: date_column(lines, DATE, what)})
    elif DATE in required:
        date_column(lines, DATE, what)  # missing dates are an error
    return lines


def amounts(lines: pd.DataFrame, what: str = "transactions") -> np.ndarray:
    """The ``amount`` column as floats; ValueError naming rows that are missing or not numbers.

    Examples
    --------
    >>> amounts(pd.DataFrame({"amount": ["1.5", 2]})).tolist()
    [1.5, 2.0]
    """
    values = pd.to_numeric(lines[AMOUNT], errors="coerce")
    bad = values.isna().to_numpy()
    if bad.any():
        raise ValueError(
            f"{what}: column '{AMOUNT}' has {int(bad.sum())} missing or non-numeric "
            f"value(s) at {row_list(lines.index[bad])}; fix them where the data are loaded"
        )
    return values.to_numpy(dtype=float)


def customer_codes(lines: pd.DataFrame, what: str = "transactions") -> tuple[np.ndarray, pd.Index]:
    """Customer positions and the customer ids in sorted order; ValueError for missing ids.

    Examples
    --------
    >>> codes, ids = customer_codes(pd.DataFrame({"customer_id": ["b", "a", "b"]}))
    >>> codes.tolist(), ids.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    codes, customers = pd.factorize(lines[CUSTOMER])
    bad = codes < 0
    if bad.any():
        raise ValueError(
            f"{what}: column '{CUSTOMER}' has {int(bad.sum())} missing customer "
            f"id(s) at {row_list(lines.index[bad])}; drop those rows where the data are loaded"
        )
    arr = np.asarray(customers)
    if arr.dtype == object and pd.api.types.infer_dtype(arr, skipna=False) == "string":
        order = np.argsort(arr.astype(str))  # numpy's string sort beats sorting objects
    else:
        order = customers.argsort()
    rank = np.empty(order.size, dtype="int64")
    rank[order] = np.arange(order.size)
    return rank[codes], customers.take(order)


class PurchaseArrays(NamedTuple):
    """Purchases as arrays, sorted by customer then day (the fast form of :func:`purchase_days`).

    ``customers`` holds the customer ids in sorted order; ``code`` the position of each
    purchase's customer in it; ``day`` the purchase day as whole days since 1970-01-01;
    ``amount`` the day's summed spend (zeros when amounts were not asked for).
    """

    customers: pd.Index
    code: np.ndarray
    day: np.ndarray
    amount: np.ndarray


def purchase_arrays(
    lines: pd.DataFrame,
    *,
    amount: bool = False,
    last_day: pd.Timestamp | None = None,
    what: str = "transactions",
) -> PurchaseArrays:
    """One entry per customer-day of ``lines`` (the result of :func:`kept_lines`).

    Days after ``last_day`` are left out. The work is a single sort of an int64
    (customer, day) key, so a million lines take a fraction of a second.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["b", "a", "a"], "amount": [5.0, 1.0, 2.0],
    ...                    "order_date": pd.to_datetime(["2024-01-03 08:00", "2024-01-02 10:00",
    ...                                                  "2024-01-02 17:00"])})
    >>> p = purchase_arrays(kept_lines(tx), amount=True)
    >>> p.customers.tolist(), p.code.tolist(), p.amount.tolist()
    (['a', 'b'], [0, 1], [3.0, 5.0])
    """
    day = lines[DATE].to_numpy().astype("datetime64[D]").astype("int64")
    codes, customers = customer_codes(lines, what)
    spend = amounts(lines, what) if amount else np.zeros(len(lines))
    if last_day is not None:
        keep = day <= np.datetime64(pd.Timestamp(last_day).date(), "D").astype("int64")
        codes, day, spend = codes[keep], day[keep], spend[keep]
    if codes.size == 0:
        empty = np.zeros(0, dtype="int64")
        return PurchaseArrays(customers[:0], empty, empty, np.zeros(0))
    first_day = day.min()
    span = int(day.max() - first_day) + 1
    key = codes.astype("int64") * span + (day - first_day)
    pair_key, inverse = np.unique(key, return_inverse=True)
    pair_amount = np.bincount(inverse.ravel(), weights=spend, minlength=pair_key.size)
    return PurchaseArrays(customers, pair_key // span, pair_key % span + first_day, pair_amount)


def purchase_days(
    transactions: pd.DataFrame,
    *,
    amount: bool = False,
    exclude_returns: bool = True,
    what: str = "transactions",
) -> pd.DataFrame:
    """One row per purchase (customer-day), sorted by customer and day.

    Columns ``customer_id`` and ``day`` (datetime64, midnight), plus ``amount`` (the day's
    summed spend) with ``amount=True``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["b", "a", "a", "a"],
    ...                    "order_date": pd.to_datetime(["2024-01-03 09:00", "2024-01-02 10:00",
    ...                                                  "2024-01-02 17:30", "2024-01-09 12:00"]),
    ...                    "amount": [5.0, 10.0, 2.5, 8.0]})
    >>> purchase_days(tx, amount=True)
      customer_id        day  amount
    0           a 2024-01-02    12.5
    1           a 2024-01-09     8.0
    2           b 2024-01-03     5.0
    """
    required = (CUSTOMER, DATE, AMOUNT) if amount else (CUSTOMER, DATE)
    lines = kept_lines(transactions, required=required, exclude_returns=exclude_returns, what=what)
    p = purchase_arrays(lines, amount=amount, what=what)
    frame = pd.DataFrame(
        {
            CUSTOMER: p.customers.take(p.code),
            "day": p.day.astype("datetime64[D]").astype("datetime64[ns]"),
        }
    )
    if amount:
        frame[AMOUNT] = p.amount
    return frame


def period_alias(period: str) -> str:
    """Check that ``period`` is a pandas period alias ('M', 'Q', 'Y', …) and return it.

    Examples
    --------
    >>> period_alias("Q")
    'Q'
    >>> period_alias("fortnight")
    Traceback (most recent call last):
    ...
    ValueError: period: 'fortnight' is not a pandas period alias; use e.g. 'M' (month), 'Q' ...
    """
    try:
        pd.Period("2024-01-01", freq=period)
    except (TypeError, ValueError):
        raise ValueError(
            f"period: {period!r} is not a pandas period alias; use e.g. 'M' (month), "
            "'Q' (quarter) or 'Y' (year)"
        ) from None
    return period


def active_at(
    codes: np.ndarray, days: np.ndarray, n_customers: int, bounds: np.ndarray, inactivity: int
) -> np.ndarray:
    """Boolean matrix customer × boundary: a purchase day d with d < bound ≤ d + inactivity.

    ``days`` and ``bounds`` are datetime64[D] (``bounds`` sorted); ``codes`` are the
    customers' positions 0 … n_customers − 1.

    Examples
    --------
    >>> days = np.array(["2024-01-10", "2024-03-01"], dtype="datetime64[D]")
    >>> bounds = np.array(["2024-02-01", "2024-06-01"], dtype="datetime64[D]")
    >>> active_at(np.array([0, 1]), days, 2, bounds, 60).tolist()
    [[True, False], [False, False]]
    """
    lo = np.searchsorted(bounds, days, side="right")
    hi = np.searchsorted(bounds, days + np.timedelta64(int(inactivity), "D"), side="right")
    diff = np.zeros((n_customers, bounds.size + 1), dtype=np.int32)
    np.add.at(diff, (codes, lo), 1)
    np.add.at(diff, (codes, hi), -1)
    return np.cumsum(diff, axis=1)[:, :-1] > 0
