"""Value tiers by rank: the customer pyramid's rule, written once (private).

Used by :func:`crmlab.value.customer_pyramid` (one pyramid of all customers) and by
:mod:`crmlab.strategy` (a pyramid of each period's buyers).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["check_shares", "pyramid_codes"]


def check_shares(shares: Sequence[float], labels: Sequence[str]) -> np.ndarray:
    """Check tier ``shares`` (positive, summing to 1) against ``labels``; return them as floats.

    Examples
    --------
    >>> check_shares((0.2, 0.8), ("top", "rest")).tolist()
    [0.2, 0.8]
    >>> check_shares((0.5, 0.4), ("a", "b"))
    Traceback (most recent call last):
    ...
    ValueError: shares: the tier shares must sum to 1, got (0.5, 0.4) (sum 0.9); ...
    """
    arr = np.asarray(shares, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"shares: expected a non-empty list of fractions, got {shares!r}")
    if len(labels) != arr.size:
        raise ValueError(
            f"labels: {len(labels)} label(s) for {arr.size} share(s); give one label per tier"
        )
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels: tier labels must be distinct, got {tuple(labels)!r}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"shares: every share must be a positive fraction, got {tuple(shares)!r}")
    if abs(arr.sum() - 1.0) > 1e-9:
        raise ValueError(
            f"shares: the tier shares must sum to 1, got {tuple(shares)!r} (sum {arr.sum():g}); "
            "the bottom tier usually takes the rest"
        )
    return arr


def pyramid_codes(values: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Tier position (0 = top) of each value: ranked descending, ties in input order.

    Tier sizes are the cumulative shares × n rounded half up.

    Examples
    --------
    >>> pyramid_codes(np.array([5.0, 50.0, 10.0, 30.0, 5.0]), np.array([0.2, 0.4, 0.4])).tolist()
    [2, 0, 1, 1, 2]
    """
    n = values.size
    bounds = np.floor(np.cumsum(shares) * n + 0.5 + 1e-9).astype(int)
    bounds[-1] = n
    order = np.argsort(-values, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    return np.searchsorted(bounds, rank, side="right")
