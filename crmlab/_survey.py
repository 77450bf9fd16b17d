"""Survey items and rating scales, parsed once for satisfaction and IPA (private).

Survey layouts vary, so the items a function reads are an argument: an attribute name
``a`` (read from the workbook's columns ``<first>_a`` / ``<second>_a``), an explicit pair
of column names, or ``{label: pair}``. Rating scales are ``(lowest, highest)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window
from crmlab._validate import (
    as_float_array,
    bool_column,
    check_range,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)

#: Survey items: attribute names, column pairs, or {label: pair}.
Items = Sequence[str | tuple[str, str]] | Mapping[str, tuple[str, str]]

__all__ = [
    "Item",
    "Items",
    "check_scale",
    "driver_matrix",
    "item_pairs",
    "last_day",
    "rated_pairs",
    "rows_until",
    "satisfaction_items",
    "scores",
    "share_true",
]


@dataclass(frozen=True)
class Item:
    """One rated attribute: its label and its expected, perceived and importance columns."""

    label: str
    expected: str
    perceived: str
    importance: str | None  # read when the column exists; None for explicit pairs


def satisfaction_items(items: Items) -> list[Item]:
    """Parse ``items``: a name ``a`` reads ``expected_a`` / ``perceived_a`` / ``importance_a``.

    Examples
    --------
    >>> [i.perceived for i in satisfaction_items(["price", ("hoped", "got")])]
    ['perceived_price', 'got']
    """
    names = set(items) if not isinstance(items, Mapping) else set()
    pairs = item_pairs(items, ("expected_", "perceived_"), "(expected, perceived)")
    return [
        Item(label, exp, per, f"importance_{label}" if label in names else None)
        for label, (exp, per) in pairs.items()
    ]


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


def share_true(survey: pd.DataFrame, col: str) -> float:
    """Share of ``True`` in a yes/no survey column; a missing answer is an error."""
    missing = survey[col].isna().to_numpy()
    if missing.any():
        bad = survey.index[missing]
        raise ValueError(
            f"survey['{col}']: {len(bad)} missing value(s) at {row_list(bad)}; fill them"
        )
    return float(bool_column(survey, col, "survey").mean())


def rows_until(frame: pd.DataFrame, col: str, end: pd.Timestamp | None, what: str) -> pd.DataFrame:
    """Rows of ``frame`` dated on or before ``end`` (all rows when ``end`` is None)."""
    if end is None:
        return frame
    require_columns(frame, [col], what, hint=f"observation_end needs the dates in '{col}'")
    days = date_column(frame, col, what).dt.normalize()
    return frame.loc[(days <= end).to_numpy()]


def rated_pairs(
    survey: pd.DataFrame, items: Items, scale: tuple[float, float]
) -> tuple[list[Item], tuple[float, float], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """The parsed items, the checked scale and each item's (expected, perceived) scores.

    Examples
    --------
    >>> survey = pd.DataFrame({"expected_fit": [7, 9], "perceived_fit": [8, 9]})
    >>> parsed, scale, scored = rated_pairs(survey, ["fit"], (1, 10))
    >>> scale, scored["fit"][1].tolist()
    ((1, 10), [8.0, 9.0])
    """
    parsed = satisfaction_items(items)
    checked = check_scale(scale)
    require_columns(survey, [c for i in parsed for c in (i.expected, i.perceived)], "survey")
    require_nonempty(survey, "survey")
    scored = {
        i.label: (scores(survey, i.expected, checked), scores(survey, i.perceived, checked))
        for i in parsed
    }
    return parsed, checked, scored


def driver_matrix(
    survey: pd.DataFrame, items: Items, *, outcome: str, on: str
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Item labels, the regressors (perceived scores or gaps) and the outcome, checked.

    Examples
    --------
    >>> survey = pd.DataFrame({"expected_fit": [7, 9, 8], "perceived_fit": [8, 9, 6],
    ...                        "overall_satisfaction": [4, 3, 2]})
    >>> labels, x, y = driver_matrix(survey, ["fit"], outcome="overall_satisfaction", on="gap")
    >>> labels, x[:, 0].tolist(), y.tolist()
    (['fit'], [1.0, 0.0, -2.0], [4.0, 3.0, 2.0])
    """
    parsed = satisfaction_items(items)
    if on not in ("perceived", "gap"):
        raise ValueError(f"on: expected 'perceived' or 'gap', got {on!r}")
    cols = [i.perceived for i in parsed] + ([i.expected for i in parsed] if on == "gap" else [])
    require_columns(survey, [*cols, outcome], "survey")
    n, k = len(survey), len(parsed)
    if n < k + 2:
        raise ValueError(
            f"survey: {n} answers are too few to estimate {k} drivers; need at least {k + 2}"
        )
    y = as_float_array(survey[outcome], f"survey['{outcome}']")
    x = np.column_stack([as_float_array(survey[c], f"survey['{c}']") for c in cols])
    if on == "gap":
        x = x[:, :k] - x[:, k:]
    names = [
        i.perceived if on == "perceived" else f"{i.label} (perceived − expected)" for i in parsed
    ]
    flat = [name for name, sd in zip(names, x.std(axis=0), strict=True) if sd == 0]
    if flat:
        raise ValueError(
            f"survey: {', '.join(map(repr, flat))} do not vary, so they cannot explain "
            "anything; leave them out of items"
        )
    if y.std() == 0:
        raise ValueError(f"survey['{outcome}']: does not vary; nothing to explain")
    return [i.label for i in parsed], x, y


def last_day(
    survey: pd.DataFrame | None, transactions: pd.DataFrame | None, observation_end: object
) -> pd.Timestamp | None:
    """``observation_end`` parsed against the orders (or, without them, the answers)."""
    if observation_end is None:
        return None
    if transactions is not None:
        require_columns(transactions, [CUSTOMER, DATE, AMOUNT], "transactions")
        return analysis_window(transactions[DATE], observation_end).observation_end
    hint = "observation_end needs the dates in 'survey_date'"
    require_columns(survey, ["survey_date"], "survey", hint=hint)
    survey_dates = date_column(survey, "survey_date", "survey")
    return analysis_window(survey_dates, observation_end).observation_end
