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


def require_columns(
    frame: pd.DataFrame, columns: Sequence[str], what: str, *, hint: str | None = None
) -> None:
    """Raise ``ValueError`` naming every column of ``columns`` missing from ``frame``.

    ``what`` names the argument in the message (e.g. ``"transactions"``). ``hint`` replaces
    the default advice (map your column onto the contract's name where the data enter,
    with ``crmlab.data.conform``), e.g. for a chart that takes the result of an analysis
    function: ``hint="pass the result of crmlab.value.…"``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "data")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "data")
    Traceback (most recent call last):
    ...
    ValueError: data: missing column 'b' (it has: 'a'); rename your column to 'b' ...
    >>> require_columns(pd.DataFrame({"a": [1]}), ["b"], "whale", hint="pass whale_curve(...)")
    Traceback (most recent call last):
    ...
    ValueError: whale: missing column 'b' (it has: 'a'); pass whale_curve(...)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(repr(c) for c in frame.columns)
        names = ", ".join(repr(c) for c in missing)
        word = "column" if len(missing) == 1 else "columns"
        if hint is None:
            hint = (
                f"rename your column to '{missing[0]}' where the data enter, e.g. "
                f"crmlab.data.conform(frame, table, columns={{'your name': '{missing[0]}'}}) "
                "or the loaders' columns= argument"
            )
        raise ValueError(f"{what}: missing {word} {names} (it has: {have}); {hint}")


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


def check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    """``ValueError`` naming ``name`` unless ``value`` is finite and > 0 (≥ 0 with ``allow_zero``).

    >>> check_positive("inactivity", 180)
    >>> check_positive("rate", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: rate: must be a positive number, got -1.0
    """
    ok = np.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name}: must be a {kind} number, got {value!r}")


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


def bool_column(frame: pd.DataFrame, col: str, what: str) -> pd.Series:
    """Column ``col`` of ``frame`` as a bool Series (accepts bool or 0/1), else ValueError."""
    series = frame[col]
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return series.astype(bool)
    ok = series.isin([True, False, 0, 1]) & series.notna()
    if not ok.all():
        raise ValueError(
            f"{what}: column '{col}' must hold True/False, found "
            f"{series[~ok].head(3).tolist()!r} at {row_list(series.index[~ok.to_numpy()])}; "
            "fill missing values and convert the column to bool"
        )
    return series.astype(bool)


def date_column(frame: pd.DataFrame, col: str, what: str) -> pd.Series:
    """Column ``col`` as datetime64 (parsing strings), with a clear error for bad dates."""
    series = frame[col]
    if not pd.api.types.is_datetime64_any_dtype(series):
        try:
            series = pd.to_datetime(series)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"{what}: column '{col}' must hold dates ({exc}); parse it with pd.to_datetime"
            ) from None
    bad = series.isna()
    if bad.any():
        raise ValueError(
            f"{what}: column '{col}' has {int(bad.sum())} missing date(s) at "
            f"{row_list(series.index[bad.to_numpy()])}; drop or fill them first"
        )
    return series


def as_timestamp(value: object, what: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: not a date ({exc}); give e.g. '2025-12-31'") from None
    if pd.isna(stamp):
        raise ValueError(f"{what}: not a date ({value!r}); give e.g. '2025-12-31'")
    return stamp


def aligned_pair(
    first: object, second: object, names: tuple[str, str]
) -> tuple[pd.Index | None, np.ndarray, np.ndarray]:
    """Two per-customer sequences as float arrays in the same customer order.

    When both are Series their indexes must hold the same labels (the second is reordered
    to the first's order); otherwise they must have equal lengths. Returns the shared index
    (``None`` when neither input is a Series) and the two arrays. ``names`` name the
    arguments in error messages.

    Examples
    --------
    >>> index, a, b = aligned_pair(pd.Series([1, 2], index=["x", "y"]),
    ...                            pd.Series([20, 10], index=["y", "x"]), ("value", "risk"))
    >>> list(index), b.tolist()
    (['x', 'y'], [10.0, 20.0])
    """
    first_name, second_name = names
    if isinstance(first, pd.Series) and isinstance(second, pd.Series):
        if not first.index.equals(second.index):
            if not first.index.sort_values().equals(second.index.sort_values()):
                diff = first.index.symmetric_difference(second.index)
                raise ValueError(
                    f"{second_name}: its index does not match {first_name}'s ({len(diff)} "
                    f"label(s) in only one of them, e.g. {', '.join(map(str, diff[:5]))}); "
                    "align them first"
                )
            second = second.reindex(first.index)
    a = as_float_array(first, first_name)
    b = as_float_array(second, second_name)
    if a.size != b.size:
        raise ValueError(
            f"{second_name}: {b.size} value(s) for {a.size} customer(s) in {first_name} "
            "(lengths differ); give one each"
        )
    if a.size == 0:
        raise ValueError(f"{first_name}: no customers given")
    index = next((s.index for s in (first, second) if isinstance(s, pd.Series)), None)
    return index, a, b
