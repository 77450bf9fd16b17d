"""The open contract: what the boundary fills in when an analyst's table lacks a column (private).

An analyst's data need only the required columns of a table (``Column.required``; for
transactions ``customer_id``, ``order_date``, ``amount``). Every other column is optional,
and the columns with a documented ``Column.default`` are completed here, once, so every
analysis downstream sees a complete-enough table:

- ``order_id`` absent → one order per customer-day, ``<customer_id>|<YYYY-MM-DD>``;
- ``line_no`` absent (or the order ids were generated) → 1, 2, … within each order, in the
  order of the lines;
- ``returned`` / ``written_off`` absent → ``False`` (no line returned, no bad debt);
- memberships: ``lapsed`` absent but ``lapse_date`` present → ``lapse_date`` filled in.

Columns without a default (``cost``, ``category``, …) stay absent; the analyses that need
them say so (margin analyses take a ``margin=`` rate instead of ``cost``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.data import _schema as S

_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def _text(values: np.ndarray, index: pd.Index) -> pd.Series:
    series = pd.Series(values, index=index, dtype=object)
    return series.astype("str") if _PANDAS_3 else series


def _plain(text: str) -> str:
    return text.removeprefix("default: ").replace("`", "")


def order_ids(customers: pd.Series, dates: pd.Series) -> pd.Series:
    """One order per customer-day: ``<customer_id>|<YYYY-MM-DD>``.

    Examples
    --------
    >>> order_ids(pd.Series(["c1", "c1"]),
    ...           pd.Series(pd.to_datetime(["2024-03-08 09:15", "2024-03-08 17:40"]))).tolist()
    ['c1|2024-03-08', 'c1|2024-03-08']
    """
    codes, days = pd.factorize(pd.DatetimeIndex(dates).normalize())
    labels = np.asarray(days.strftime("%Y-%m-%d"), dtype=object)[codes]
    ids = customers.to_numpy(dtype=object).astype(str).astype(object) + "|" + labels
    return _text(ids, customers.index)


def line_numbers(orders: pd.Series) -> pd.Series:
    """1, 2, … within each order, in the order of the lines.

    Examples
    --------
    >>> line_numbers(pd.Series(["o1", "o2", "o1"])).tolist()
    [1, 1, 2]
    """
    codes = pd.factorize(orders)[0]
    numbers = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy() + 1
    return pd.Series(numbers.astype(np.int64), index=orders.index)


def apply_defaults(
    table: S.Table, frame: pd.DataFrame
) -> tuple[pd.DataFrame, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Complete an analyst's table with the documented defaults; the frame, what, and notes.

    The columns come in contract order, then the extra columns.
    """
    frame = frame.copy(deep=False)  # new columns go on this frame only
    filled: list[tuple[str, str]] = []
    notes: list[str] = []
    present = set(frame.columns)
    if table.name == "transactions":
        generated = "order_id" not in present
        if generated:
            frame["order_id"] = order_ids(frame["customer_id"], frame["order_date"])
            filled.append(("order_id", _plain(table.column("order_id").default)))
            if "line_no" in present:
                notes.append(
                    "line_no renumbered 1, 2, … within the generated orders (one per "
                    "customer-day); map your order column onto order_id to keep yours"
                )
        if generated or "line_no" not in present:
            frame["line_no"] = line_numbers(frame["order_id"])
            if "line_no" not in present:
                filled.append(("line_no", _plain(table.column("line_no").default)))
        for flag in ("returned", "written_off"):
            if flag not in present:
                frame[flag] = np.zeros(len(frame), dtype=bool)
                filled.append((flag, _plain(table.column(flag).default)))
    elif table.name == "memberships" and "lapsed" not in present and "lapse_date" in present:
        frame["lapsed"] = frame["lapse_date"].notna().to_numpy()
        filled.append(("lapsed", _plain(table.column("lapsed").default)))
    order = [c for c in table.names if c in frame.columns]
    order += [c for c in frame.columns if c not in table.names]
    if list(frame.columns) != order:
        frame = frame[order]
    return frame, tuple(filled), tuple(notes)
