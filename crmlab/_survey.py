"""Survey items and rating scales, parsed once for satisfaction and IPA (private).

Survey layouts vary, so the items a function reads are an argument: an attribute name
``a`` (read from the workbook's columns ``<first>_a`` / ``<second>_a``), an explicit pair
of column names, or ``{label: pair}``. Rating scales are ``(lowest, highest)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmlab._validate import as_float_array, check_range

#: Survey items: attribute names, column pairs, or {label: pair}.
Items = Sequence[str | tuple[str, str]] | Mapping[str, tuple[str, str]]

__all__ = ["Items", "check_scale", "item_pairs", "scores"]


def item_pairs(items: Items, prefixes: tuple[str, str], names: str) -> dict[str, tuple[str, str]]:
    """Label → (first column, second column) for every item.

    ``prefixes`` build the columns of an attribute name (``("expected_", "perceived_")``);
    ``names`` says what the pair holds in error messages (``"(expected, perceived)"``). A
    pair without a label is labelled by its second column.

    Examples
    --------
    >>> item_pairs(["price", ("exp_x", "per_x")], ("expected_", "perceived_"), "(e, p)")
    {'price': ('expected_price', 'perceived_price'), 'per_x': ('exp_x', 'per_x')}
    >>> item_pairs({"speed": ("a", "b")}, ("expected_", "perceived_"), "(e, p)")
    {'speed': ('a', 'b')}
    """
    if isinstance(items, str):
        items = [items]
    pairs = list(items.items()) if isinstance(items, Mapping) else [(None, item) for item in items]
    if not pairs:
        raise ValueError(
            f"items: none given; pass attribute names such as ['quality', 'price'] or {names} "
            "column pairs"
        )
    out: dict[str, tuple[str, str]] = {}
    for label, item in pairs:
        if isinstance(item, str) and label is None:
            label, cols = item, (f"{prefixes[0]}{item}", f"{prefixes[1]}{item}")
        elif (
            not isinstance(item, str)
            and isinstance(item, Sequence)
            and len(item) == 2
            and all(isinstance(c, str) for c in item)
        ):
            cols = (item[0], item[1])
            label = item[1] if label is None else label
        else:
            raise ValueError(
                f"items: {item!r} is neither an attribute name nor an {names} pair of column names"
            )
        if str(label) in out:
            raise ValueError(f"items: {str(label)!r} appears twice")
        out[str(label)] = cols
    return out


def check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    """(lowest, highest) of a rating scale, whole numbers kept whole for messages.

    Examples
    --------
    >>> check_scale((0, 10))
    (0, 10)
    >>> check_scale((5, 1))
    Traceback (most recent call last):
    ...
    ValueError: scale: expected (lowest, highest) with lowest < highest, got (5, 1)
    """
    try:
        low, high = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale: expected (lowest, highest), got {scale!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and high > low):
        raise ValueError(f"scale: expected (lowest, highest) with lowest < highest, got {scale}")
    return (int(low) if low.is_integer() else low), (int(high) if high.is_integer() else high)


def scores(survey: pd.DataFrame, col: str, scale: tuple[float, float]) -> np.ndarray:
    """One rating column as floats, every score inside the rating scale."""
    values = as_float_array(survey[col], f"survey['{col}']")
    try:
        check_range(
            pd.Series(values, index=survey.index), f"survey['{col}']", low=scale[0], high=scale[1]
        )
    except ValueError as exc:
        raise ValueError(
            f"{exc}; the rating scale is {scale[0]:g}-{scale[1]:g}: pass scale=(lowest, "
            "highest) for another scale"
        ) from None
    return values
