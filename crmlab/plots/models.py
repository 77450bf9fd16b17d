"""Charts of the purchase models (BG/NBD); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.models` and returns the ``Axes``:

- :func:`holdout_chart` — predicted against actual purchases in the hold-out period
  (验证期), from :func:`~crmlab.models.holdout_scorecard`;
- :func:`probability_alive_path_chart` — one customer's P(alive) (客户存活概率) over time;
- :func:`probability_alive_calibration_chart` — predicted P(alive) against the share truly
  alive, per band.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, _date_axis, label

__all__ = [
    "holdout_chart",
    "probability_alive_calibration_chart",
    "probability_alive_path_chart",
]


def holdout_chart(
    by_frequency: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Predicted vs actual purchases in the hold-out period (验证期), by calibration frequency.

    Parameters
    ----------
    by_frequency : DataFrame
        ``HoldoutScorecard.by_frequency`` from :func:`crmlab.models.holdout_scorecard`:
        indexed by frequency group with ``predicted`` and ``actual`` (mean purchases).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"predicted": [0.5, 1.2], "actual": [0.6, 1.0]},
    ...                      index=pd.Index(["0", "1"], name="frequency_group"))
    >>> ax = holdout_chart(table)
    >>> len(ax.patches)
    4
    >>> plt.close("all")
    """
    require_columns(
        by_frequency,
        ["predicted", "actual"],
        "by_frequency",
        hint="pass crmlab.models.holdout_scorecard(...).by_frequency",
    )
    require_nonempty(by_frequency, "by_frequency")
    ax = _axes(ax)
    x = np.arange(len(by_frequency))
    width = 0.4
    ax.bar(
        x - width / 2,
        by_frequency["predicted"],
        width,
        color=PALETTE[0],
        label=label("predicted (BG/NBD)", "预测（BG/NBD）"),
    )
    ax.bar(
        x + width / 2,
        by_frequency["actual"],
        width,
        color=PALETTE[1],
        label=label("actual", "实际"),
    )
    ax.set_xticks(x, [str(i) for i in by_frequency.index])
    ax.set_xlabel(label("repeat purchases in the calibration period", "校准期内的重复购买次数"))
    ax.set_ylabel(label("hold-out purchases per customer", "验证期内人均购买次数"))
    ax.set_title(title or label("Hold-out check: predicted vs actual", "验证期检验：预测与实际"))
    ax.legend()
    return ax


def probability_alive_path_chart(
    path: pd.DataFrame,
    purchases: pd.Series | None = None,
    marks: Mapping[str, object] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One customer's P(alive) (客户存活概率) over calendar time, with her purchase days.

    Parameters
    ----------
    path : DataFrame
        Columns ``date`` and ``probability_alive`` (e.g. a fitted BG/NBD model's
        ``probability_alive`` evaluated at several observation ends).
    purchases : Series of dates, optional
        Her purchase days, drawn as ticks at the bottom.
    marks : mapping of label to date, optional
        Days to mark with a vertical dotted line, e.g. ``{"November": "2025-11-30"}``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> path = pd.DataFrame({"date": pd.date_range("2025-05-09", periods=3, freq="90D"),
    ...                      "probability_alive": [1.0, 0.6, 0.3]})
    >>> ax = probability_alive_path_chart(path, marks={"today": "2025-11-30"})
    >>> len(ax.lines)
    2
    >>> plt.close("all")
    """
    require_columns(
        path,
        ["date", "probability_alive"],
        "path",
        hint="give one row per date with the P(alive) a fitted BG/NBD model gives then",
    )
    require_nonempty(path, "path")
    ax = _axes(ax)
    ax.plot(
        path["date"],
        path["probability_alive"],
        color=PALETTE[0],
        label=label("P(alive)", "存活概率"),
    )
    if purchases is not None and len(purchases):
        ax.plot(
            pd.to_datetime(pd.Series(purchases)),
            np.full(len(purchases), 0.02),
            linestyle="none",
            marker="|",
            markersize=14,
            color=PALETTE[1],
            label=label("purchase", "购买"),
        )
    for i, (name, day) in enumerate((marks or {}).items()):
        ax.axvline(pd.Timestamp(day), color=PALETTE[2 + i % 3], linestyle=":", label=name)
    ax.set_ylim(0, 1.05)
    _date_axis(ax)
    ax.set_xlabel(label("date", "日期"))
    ax.set_ylabel(label("probability still a customer", "仍为活跃客户的概率"))
    ax.set_title(title or label("Is she still a customer?", "她还是我们的客户吗？"))
    ax.legend(loc="upper left")
    return ax


def probability_alive_calibration_chart(
    table: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Predicted P(alive) against the share truly alive, per band: a calibration plot.

    Parameters
    ----------
    table : DataFrame
        One row per P(alive) band with ``predicted`` (mean P(alive)) and ``actual`` (share
        of the band truly alive), both in [0, 1], and optionally ``customers``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"predicted": [0.1, 0.5, 0.9], "actual": [0.12, 0.45, 0.93],
    ...                       "customers": [100, 50, 200]})
    >>> ax = probability_alive_calibration_chart(table)
    >>> len(ax.lines), len(ax.collections)
    (1, 1)
    >>> plt.close("all")
    """
    require_columns(
        table,
        ["predicted", "actual"],
        "table",
        hint="give one row per P(alive) band: mean predicted and share truly alive",
    )
    require_nonempty(table, "table")
    ax = _axes(ax)
    ax.plot([0, 100], [0, 100], color="#999", linestyle="--", label=label("perfect", "完全校准"))
    sizes = (
        20 + 200 * table["customers"] / table["customers"].max()
        if "customers" in table.columns
        else 40
    )
    ax.scatter(
        table["predicted"] * 100,
        table["actual"] * 100,
        s=sizes,
        color=PALETTE[0],
        label=label("P(alive) band", "概率分组"),
        zorder=3,
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(label("mean predicted P(alive) (%)", "平均预测存活概率（%）"))
    ax.set_ylabel(label("truly alive (% of customers)", "实际存活客户比例（%）"))
    ax.set_title(title or label("P(alive) against the truth", "存活概率与真实情况对比"))
    ax.legend(loc="upper left")
    return ax
