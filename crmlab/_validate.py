"""Small input checks shared by the analysis modules (private).

Every analysis function checks its input with these so that errors read the same way
everywhere: what was passed, which column, which rows, and what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

_MAX_ROWS_SHOWN = 5


def row_list(index: Iterable[object], limit: int = _MAX_ROWS_SHOWN) -> str:
    """Format up to ``limit`` row labels for an error message, e.g. ``'rows 3, 17, 250'``.

    Examples
    --------
    >>> row_list([3, 17, 250])
    'rows 3, 17, 250'
    >>> row_list(range(10))
    'rows 0, 1, 2, 3, 4 and 5 more'
    """
    items = list(index)
    shown = ", ".join(str(i) for i in items[:limit])
    more = len(items) - limit
    word = "row" if len(items) == 1 else "rows"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "")


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``ValueError`` naming every column of ``columns`` missing from ``frame``.

    ``what`` names the argument in the message (e.g. ``"transactions"``).

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "data")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "data")
    Traceback (most recent call last):
    ...
    ValueError: data: missing column 'b' (it has: 'a'); pass the name of your column ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(repr(c) for c in frame.columns)
        names = ", ".join(repr(c) for c in missing)
        word = "column" if len(missing) == 1 else "columns"
        example = str(missing[0]).removesuffix("_id")
        raise ValueError(
            f"{what}: missing {word} {names} (it has: {have}); pass the name of your "
            f"column as a keyword argument, e.g. {example}_col='your_name'"
        )


def require_nonempty(frame: pd.DataFrame | pd.Series, what: str) -> None:
    """Raise ``ValueError`` when ``frame`` has no rows."""
    if len(frame) == 0:
        raise ValueError(f"{what}: no rows; the analysis needs at least one")


def as_float_array(values: object, what: str, *, allow_nan: bool = False) -> np.ndarray:
    """Convert ``values`` to a 1-d float array, rejecting NaN unless ``allow_nan``.

    Examples
    --------
    >>> as_float_array([1, 2.5], "values")
    array([1. , 2.5])
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: expected numbers ({exc})") from None
    arr = np.atleast_1d(arr)
    if arr.ndim != 1:
        raise ValueError(f"{what}: expected a one-dimensional sequence, got shape {arr.shape}")
    if not allow_nan:
        bad = np.flatnonzero(~np.isfinite(arr))
        if bad.size:
            raise ValueError(
                f"{what}: {bad.size} missing or infinite value(s) at {row_list(bad)}; "
                "drop or fill them first"
            )
    return arr


def check_range(
    values: pd.Series | np.ndarray,
    what: str,
    *,
    low: float | None = None,
    high: float | None = None,
    strict_low: bool = False,
) -> None:
    """Raise ``ValueError`` listing the rows of ``values`` outside ``[low, high]``.

    With ``strict_low`` the lower bound is exclusive (``value > low``).

    Examples
    --------
    >>> check_range(pd.Series([1.0, -2.0]), "amount", low=0)
    Traceback (most recent call last):
    ...
    ValueError: amount: 1 value(s) below 0 at row 1 (smallest -2.0)
    """
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if low is not None:
        bad = series < low if not strict_low else series <= low
        if bad.any():
            relation = "not above" if strict_low else "below"
            raise ValueError(
                f"{what}: {int(bad.sum())} value(s) {relation} {low} at "
                f"{row_list(series.index[bad.to_numpy()])} (smallest {series[bad].min()})"
            )
    if high is not None:
        bad = series > high
        if bad.any():
            raise ValueError(
                f"{what}: {int(bad.sum())} value(s) above {high} at "
                f"{row_list(series.index[bad.to_numpy()])} (largest {series[bad].max()})"
            )
