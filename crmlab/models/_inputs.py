"""Input checks and result shapes shared by the models (private).

Counts must be whole numbers ≥ 0, times finite and ≥ 0; errors name the offending rows by
their index label when the input was a pandas object. Results are a Python float for a
scalar input and an array otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validate import as_float_array, row_list

__all__ = [
    "check_counts",
    "check_finite",
    "check_flags",
    "check_weights",
    "index_of",
    "positive_times",
    "rows_text",
    "squeeze",
]


def index_of(*values: object) -> pd.Index | None:
    """Row labels for error messages: the index of the first pandas input, if any.

    Examples
    --------
    >>> index_of([1, 2], pd.Series([3, 4], index=["a", "b"])).tolist()
    ['a', 'b']
    """
    for value in values:
        if isinstance(value, pd.Series | pd.DataFrame):
            return value.index
    return None


def rows_text(positions: np.ndarray, labels: pd.Index | None) -> str:
    """``row_list`` of the offending rows, by label when the input had an index.

    Examples
    --------
    >>> rows_text(np.array([1]), pd.Index(["C001", "C002"]))
    'row C002'
    >>> rows_text(np.array([0, 2]), None)
    'rows 0, 2'
    """
    if labels is not None and len(labels) > int(positions.max(initial=-1)):
        return row_list(labels[positions])
    return row_list(positions)


def check_counts(values: object, what: str, labels: pd.Index | None = None) -> np.ndarray:
    """Non-negative whole numbers as a 1-d float array (e.g. repeat purchases ``x``).

    Examples
    --------
    >>> check_counts([0, 2, 3], "frequency")
    array([0., 2., 3.])
    >>> check_counts([1, 2.5], "frequency")
    Traceback (most recent call last):
    ...
    ValueError: frequency: 1 non-integer count(s) at row 1 (e.g. 2.5); counts must be whole numbers
    """
    arr = as_float_array(values, what)
    bad = np.flatnonzero(arr < 0)
    if bad.size:
        raise ValueError(
            f"{what}: {bad.size} negative count(s) at {rows_text(bad, labels)}; counts must be "
            "0 or more"
        )
    bad = np.flatnonzero(arr != np.round(arr))
    if bad.size:
        raise ValueError(
            f"{what}: {bad.size} non-integer count(s) at {rows_text(bad, labels)} "
            f"(e.g. {arr[bad[0]]}); counts must be whole numbers"
        )
    return arr


def check_weights(weights: object, size: int, labels: pd.Index | None = None) -> np.ndarray:
    """The customers each row of a fit stands for: ``weights`` checked, or ones when None.

    ``weights`` is a count per row (whole numbers ≥ 0), e.g. the ``weight`` column of
    ``crmlab.rfm.btyd_summary(..., aggregate=True)``, where one row stands for every
    customer with the same summary. A row of weight 0 counts for nothing.

    Examples
    --------
    >>> check_weights(None, 3)
    array([1., 1., 1.])
    >>> check_weights([2, 0, 5], 3)
    array([2., 0., 5.])
    >>> check_weights([2, 1], 3)
    Traceback (most recent call last):
    ...
    ValueError: weights: 2 value(s) for 3 row(s); give one count per row of the summary
    >>> check_weights([2, -1, 5], 3)
    Traceback (most recent call last):
    ...
    ValueError: weights: 1 negative count(s) at row 1; counts must be 0 or more
    """
    if weights is None:
        return np.ones(size)
    if isinstance(weights, str | bytes) or np.ndim(weights) != 1:
        raise ValueError(
            "weights: expected a one-dimensional sequence of counts (one per row of the "
            f"summary), got {type(weights).__name__}"
        )
    w = check_counts(weights, "weights", labels)
    if w.size != size:
        raise ValueError(
            f"weights: {w.size} value(s) for {size} row(s); give one count per row of the summary"
        )
    return w


def _is_flag(value: object) -> bool:
    """True for a boolean or the number 0 or 1 (not for text, None or NaN)."""
    if isinstance(value, bool | np.bool_):
        return True
    return isinstance(value, int | float | np.integer | np.floating) and value in (0, 1)


def check_flags(values: object, what: str, labels: pd.Index | None = None) -> np.ndarray:
    """Booleans (or 0/1) as a 1-d bool array; anything else is a ValueError.

    Text flags ("yes"/"no", "是"/"否", "False") are not guessed at here: they are parsed
    where data enter, and reading ``"False"`` as true is exactly the mistake to avoid.

    Examples
    --------
    >>> check_flags([True, False, 1, 0], "churned")
    array([ True, False,  True, False])
    >>> check_flags(["yes", "no"], "churned")
    Traceback (most recent call last):
    ...
    ValueError: churned: 2 value(s) that are not True/False or 1/0 at rows 0, 1 (e.g. 'yes'); ...
    """
    arr = np.asarray(values).ravel()
    if arr.dtype == bool:
        return arr
    if arr.dtype.kind in "iuf":
        ok = (arr == 0) | (arr == 1)
    else:
        ok = np.array([_is_flag(v) for v in arr], dtype=bool)
    bad = np.flatnonzero(~ok)
    if bad.size:
        example = arr[bad[0]]
        example = example.item() if isinstance(example, np.generic) else example
        raise ValueError(
            f"{what}: {bad.size} value(s) that are not True/False or 1/0 at "
            f"{rows_text(bad, labels)} (e.g. {example!r}); flags must be booleans: parse "
            "text flags such as yes/no or 是/否 where the data enter (the crmlab.data loaders "
            "do), e.g. map them to True/False"
        )
    return arr.astype(bool)


def positive_times(values: object, what: str) -> np.ndarray:
    """Times (any shape) as a float array; ValueError unless finite and ≥ 0.

    Examples
    --------
    >>> positive_times([0, 1.5], "t")
    array([0. , 1.5])
    """
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{what}: times must be finite and 0 or more")
    return arr


def squeeze(values: np.ndarray) -> float | np.ndarray:
    """A Python float for 0-d results, the array otherwise.

    Examples
    --------
    >>> squeeze(np.array(2.0)), squeeze(np.array([2.0]))
    (2.0, array([2.]))
    """
    return float(values) if np.ndim(values) == 0 else values


def check_finite(value: np.ndarray, what: str) -> float | np.ndarray:
    """``squeeze(value)`` with −0.0 made 0.0; RuntimeError when a value is not finite."""
    value = value + 0.0  # turn -0.0 into 0.0
    if not np.all(np.isfinite(value)):
        raise RuntimeError(
            f"{what}: the result is not a finite number for some inputs (the hypergeometric "
            "function overflowed); use a shorter horizon t or check the parameters"
        )
    return squeeze(value)
