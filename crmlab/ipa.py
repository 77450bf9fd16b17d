"""Importance–performance analysis (IPA, 重要性-绩效分析) of survey attributes.

Chapter 05 of the course. Martilla & James (1977) place each attribute of an offer by
how important it is to customers and how well the company performs on it; a crosshair
splits the plane into four quadrants, each with its advice: *concentrate here* (重点改进),
*keep up the good work* (继续保持), *low priority* (低优先级) and *possible overkill*
(过度投入).

Data requirements: :func:`ipa_table` reads a ``survey`` with, per attribute ``a``, the
columns ``importance_a`` and ``perceived_a`` (the workbook's survey, 1-10), or explicit
(importance, performance) column pairs passed as ``items``; :func:`importance_performance`
takes the mean scores directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmlab._survey import Items, check_scale, item_pairs
from crmlab._validate import as_float_array, check_range, require_columns, require_nonempty
from crmlab.data import SURVEY_ATTRIBUTES

__all__ = ["IPA_QUADRANTS", "importance_performance", "ipa_table"]

#: Importance–Performance quadrants (Martilla & James 1977): English → Chinese.
IPA_QUADRANTS: dict[str, str] = {
    "concentrate here": "重点改进",
    "keep up the good work": "继续保持",
    "low priority": "低优先级",
    "possible overkill": "过度投入",
}


def importance_performance(
    importance: Mapping[str, float] | pd.Series | Sequence[float],
    performance: Mapping[str, float] | pd.Series | Sequence[float],
    *,
    crosshair: str | tuple[float, float] = "mean",
    scale: tuple[float, float] = (1.0, 10.0),
) -> pd.DataFrame:
    """Importance–Performance Analysis quadrants of mean scores (Martilla & James 1977).

    Each attribute is placed against a crosshair: high importance & low performance =
    *concentrate here* (重点改进); high & high = *keep up the good work* (继续保持);
    low & low = *low priority* (低优先级); low importance & high performance =
    *possible overkill* (过度投入). A value equal to the crosshair counts as high.

    Parameters
    ----------
    importance, performance
        Mean importance and mean performance per attribute (Series or mappings keyed by
        attribute, or sequences of the same length).
    crosshair
        ``"mean"`` (the means over the attributes, the data-centred crosshair),
        ``"midpoint"`` (the middle of ``scale``) or an explicit
        ``(importance_cut, performance_cut)`` pair.
    scale
        Lowest and highest possible score of the rating scale, used by
        ``crosshair="midpoint"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by attribute: ``importance``, ``performance``, ``importance_cut``,
        ``performance_cut``, ``quadrant``, ``quadrant_cn``.

    Examples
    --------
    >>> ipa = importance_performance({"quality": 9, "price": 8, "style": 5, "delivery": 4},
    ...                              {"quality": 8, "price": 4, "style": 9, "delivery": 3})
    >>> print(ipa[["importance", "performance", "quadrant"]].to_string(index_names=False))
              importance  performance               quadrant
    quality          9.0          8.0  keep up the good work
    price            8.0          4.0       concentrate here
    style            5.0          9.0      possible overkill
    delivery         4.0          3.0           low priority
    >>> ipa["quadrant_cn"].tolist()
    ['继续保持', '重点改进', '过度投入', '低优先级']
    """
    imp = _as_labelled(importance, "importance")
    perf = _as_labelled(performance, "performance")
    if len(imp) != len(perf):
        raise ValueError(f"importance and performance: lengths differ ({len(imp)} vs {len(perf)})")
    if not imp.index.equals(perf.index):
        if set(imp.index) != set(perf.index):
            raise ValueError(
                "importance and performance: different attributes "
                f"({sorted(map(str, imp.index))} vs {sorted(map(str, perf.index))})"
            )
        perf = perf.loc[imp.index]
    bad_crosshair = (
        f"crosshair: expected 'mean', 'midpoint' or an (importance, performance) "
        f"pair, got {crosshair!r}"
    )
    if isinstance(crosshair, str):
        if crosshair == "mean":
            cut_i, cut_p = float(imp.mean()), float(perf.mean())
        elif crosshair == "midpoint":
            low, high = check_scale(scale)
            cut_i = cut_p = (low + high) / 2
        else:
            raise ValueError(bad_crosshair)
    else:
        try:
            cut_i, cut_p = (float(v) for v in crosshair)
        except (TypeError, ValueError):
            raise ValueError(bad_crosshair) from None
    high_i = imp.to_numpy() >= cut_i
    high_p = perf.to_numpy() >= cut_p
    quadrant = np.select(
        [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p],
        ["concentrate here", "keep up the good work", "low priority"],
        default="possible overkill",
    )
    out = pd.DataFrame(
        {
            "importance": imp.to_numpy(),
            "performance": perf.to_numpy(),
            "importance_cut": cut_i,
            "performance_cut": cut_p,
            "quadrant": quadrant,
            "quadrant_cn": [IPA_QUADRANTS[q] for q in quadrant],
        },
        index=imp.index,
    )
    out.index.name = "attribute"
    return out


def _as_labelled(values: object, what: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values))
    else:
        series = pd.Series(list(values))  # type: ignore[call-overload]
    if len(series) == 0:
        raise ValueError(f"{what}: no attributes given")
    arr = as_float_array(series.to_numpy(), what)
    return pd.Series(arr, index=series.index, name=what)


def ipa_table(
    survey: pd.DataFrame,
    items: Items = SURVEY_ATTRIBUTES,
    *,
    crosshair: str | tuple[float, float] = "mean",
    scale: tuple[float, float] = (1.0, 10.0),
) -> pd.DataFrame:
    """Importance–performance quadrants of a survey's attributes, from the mean scores.

    Parameters
    ----------
    survey
        One row per respondent.
    items
        The attributes: names ``a`` (read from the columns ``importance_a`` and
        ``perceived_a``; the default is the workbook survey's five attributes), explicit
        ``(importance, performance)`` column pairs (labelled by the performance column),
        or a mapping ``{label: (importance, performance)}``.
    crosshair
        As in :func:`importance_performance`.
    scale
        Lowest and highest possible score of the rating scale; every score must lie in it.

    Returns
    -------
    pandas.DataFrame
        As :func:`importance_performance`, one row per item.

    Examples
    --------
    >>> survey = pd.DataFrame({"imp_fit": [9, 10], "score_fit": [3, 5],
    ...                        "imp_colour": [2, 4], "score_colour": [9, 10]})
    >>> ipa = ipa_table(survey, {"fit": ("imp_fit", "score_fit"),
    ...                          "colour": ("imp_colour", "score_colour")},
    ...                 crosshair="midpoint", scale=(0, 10))
    >>> print(ipa[["importance", "performance", "quadrant"]].to_string(index_names=False))
            importance  performance           quadrant
    fit            9.5          4.0   concentrate here
    colour         3.0          9.5  possible overkill
    """
    columns = item_pairs(items, ("importance_", "perceived_"), "(importance, performance)")
    low, high = check_scale(scale)
    require_columns(survey, [c for pair in columns.values() for c in pair], "survey")
    require_nonempty(survey, "survey")
    means: dict[str, list[float]] = {"importance": [], "performance": []}
    for pair in columns.values():
        for key, col in zip(("importance", "performance"), pair, strict=True):
            values = as_float_array(survey[col], f"survey['{col}']")
            try:
                check_range(
                    pd.Series(values, index=survey.index), f"survey['{col}']", low=low, high=high
                )
            except ValueError as exc:
                raise ValueError(
                    f"{exc}; the rating scale is {(low, high)}: pass scale= for another scale"
                ) from None
            means[key].append(float(values.mean()))
    labels = list(columns)
    return importance_performance(
        pd.Series(means["importance"], index=labels),
        pd.Series(means["performance"], index=labels),
        crosshair=crosshair,
        scale=(low, high),
    )
