"""Shared helpers of the generator's stages: day offsets, ids, weighted draws, the calendar.

Days are integer offsets from ``DATA_START`` (day 0) to ``DATA_END`` (day ``N_DAYS - 1``);
negative offsets are "no day" sentinels that become ``NaT``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S

__all__ = [
    "END",
    "N_DAYS",
    "START",
    "add_years",
    "calendar",
    "choice",
    "clock_day",
    "clocks",
    "day_offset",
    "group_first",
    "ids",
    "to_dates",
]

START = np.datetime64(S.DATA_START, "D")
END = np.datetime64(S.DATA_END, "D")
N_DAYS = int((END - START).astype(int)) + 1


def day_offset(date: str) -> int:
    """Day offset of a ``YYYY-MM-DD`` date from ``DATA_START``.

    Examples
    --------
    >>> day_offset("2021-01-31")
    30
    """
    return int((np.datetime64(date, "D") - START).astype(int))


def to_dates(days: np.ndarray) -> np.ndarray:
    """Day offsets from DATA_START → datetime64[ns] (NaT for negative sentinels).

    Examples
    --------
    >>> to_dates(np.array([0, -1])).astype(str).tolist()
    ['2021-01-01T00:00:00.000000000', 'NaT']
    """
    days = np.asarray(days)
    out = (START + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    return np.where(days < 0, np.datetime64("NaT", "ns"), out)


def add_years(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Day offset of the anniversary ``years`` after day offset ``days`` (29 Feb → 28 Feb).

    Examples
    --------
    >>> add_years(np.array([day_offset("2024-02-29")]), np.array([1])).tolist() == [
    ...     day_offset("2025-02-28")]
    True
    """
    dates = pd.DatetimeIndex(to_dates(days))
    year = dates.year.to_numpy() + years
    month = dates.month.to_numpy()
    day = dates.day.to_numpy()
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    shifted = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}))
    return ((shifted.to_numpy() - START.astype("datetime64[ns]")) // np.timedelta64(1, "D")).astype(
        np.int64
    )


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Keys ``prefix`` + a zero-padded running number from 1.

    Examples
    --------
    >>> ids("C", 3, 5).tolist()
    ['C00001', 'C00002', 'C00003']
    """
    width = max(width, len(str(n)))
    digits = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, digits).astype(object)


def choice(rng: np.random.Generator, options: dict[str, float], size: int) -> np.ndarray:
    """Indices into ``list(options)`` drawn with the given (normalised) weights.

    Examples
    --------
    >>> choice(np.random.default_rng(0), {"a": 0.0, "b": 2.0}, 3).tolist()
    [1, 1, 1]
    """
    probs = np.array(list(options.values()), dtype=float)
    return rng.choice(len(probs), size=size, p=probs / probs.sum())


def calendar(params: dict[str, Any]) -> np.ndarray:
    """Promotion code (index into ``PROMOTIONS``) of every day of the data window."""
    dates = pd.date_range(S.DATA_START, S.DATA_END, freq="D")
    month = dates.month.to_numpy()
    day = dates.day.to_numpy()
    code = np.zeros(N_DAYS, dtype=np.int64)
    for promo in ("clearance", "member_day", "womens_day", "618", "double11"):
        for m, first, last in params["campaigns"][promo]:
            code[(month == m) & (day >= first) & (day <= last)] = S.PROMOTIONS.index(promo)
    return code


def clocks(promo_code: np.ndarray, params: dict[str, Any], realistic: bool) -> np.ndarray:
    """Cumulative purchase-intensity clock, one row per customer kind (regular, deal seeker).

    Each row is normalised so the clock runs on average one unit per calendar day; a
    customer's purchases are a Poisson process in clock time (BG/NBD in clock weeks).
    """
    rows = []
    for key in ("intensity_regular", "intensity_deal_seeker"):
        if realistic:
            weight = np.array([params["campaigns"][key][p] for p in S.PROMOTIONS])[promo_code]
        else:
            weight = np.ones(N_DAYS)
        weight = weight * (N_DAYS / weight.sum())
        rows.append(np.cumsum(weight))
    return np.vstack(rows)


def clock_day(clock_rows: np.ndarray, kind: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Calendar day (offset) at clock position ``pos`` for customers of clock ``kind``."""
    day = np.empty(pos.shape, dtype=np.int64)
    for k in (0, 1):
        mask = kind == k
        day[mask] = np.searchsorted(clock_rows[k], pos[mask], side="left")
    return np.minimum(day, N_DAYS - 1)


def group_first(keys: np.ndarray, order_by: np.ndarray) -> np.ndarray:
    """Positions of one element per distinct key: the one with the smallest ``order_by``.

    Examples
    --------
    >>> group_first(np.array([2, 1, 2, 1]), np.array([0.5, 0.9, 0.1, 0.2])).tolist()
    [3, 2]
    """
    order = np.lexsort((order_by, keys))
    sorted_keys = keys[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return order[first]
