"""Charts of the purchase models (BG/NBD); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.models` and returns the ``Axes``:

- :func:`holdout_chart` — predicted against actual purchases in the hold-out period
  (验证期), from :func:`~crmlab.models.holdout_scorecard`;
- :func:`probability_alive_path_chart` — one customer's P(alive) (客户存活概率) over time,
  from :func:`~crmlab.models.probability_alive_path`;
- :func:`probability_alive_calibration_chart` — predicted P(alive) against the share truly
  alive, per band, from :func:`~crmlab.models.alive_calibration`.

Legends sit above the plotting area, never over the data; every label follows
:func:`~crmlab.plots.label` (Chinese in Chinese mode).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, _date_axis, label

__all__ = [
    "holdout_chart",
    "probability_alive_calibration_chart",
    "probability_alive_path_chart",
]


def _legend_above(ax: Axes, title: str) -> None:
    """The title, and one row of legend entries between it and the plotting area."""
    handles, texts = ax.get_legend_handles_labels()
    legend = ax.legend(
        handles,
        texts,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=len(texts),
        fontsize="small",
        borderaxespad=0.3,
        handlelength=1.5,
        columnspacing=1.2,
    )
    ax.set_title(title, pad=26)
    for handle in legend.legend_handles:  # a dot of the usual size, whatever the data's sizes
        if isinstance(handle, PathCollection):
            handle.set_sizes([40])


def holdout_chart(
    by_frequency: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Predicted vs actual purchases in the hold-out period (验证期), by calibration frequency.

    Parameters
    ----------
    by_frequency : DataFrame
        ``HoldoutScorecard.by_frequency`` from :func:`crmlab.models.holdout_scorecard`:
        indexed by frequency group with ``predicted`` and ``actual`` (mean purchases) and,
        when present, ``customers`` (written under each group: how much the bar rests on).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"predicted": [0.5, 1.2], "actual": [0.6, 1.0],
    ...                       "customers": [900, 12]},
    ...                      index=pd.Index(["0", "1"], name="frequency_group"))
    >>> ax = holdout_chart(table)
    >>> len(ax.patches), [t.get_text() for t in ax.get_xticklabels()]
    (4, ['0\\n(900)', '1\\n(12)'])
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
    ticks = [str(i) for i in by_frequency.index]
    xlabel = label("repeat purchases in the calibration period", "校准期内的重复购买次数")
    if "customers" in by_frequency.columns:
        ticks = [f"{t}\n({n:,.0f})" for t, n in zip(ticks, by_frequency["customers"], strict=True)]
        xlabel += label(" (customers)", "（括号内为客户数）")
    ax.set_xticks(x, ticks)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(label("hold-out purchases per customer", "验证期人均购买次数"))
    _legend_above(
        ax, title or label("Hold-out check: predicted vs actual", "验证期检验：预测与实际")
    )
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
        Columns ``date`` and ``probability_alive`` (e.g.
        :func:`crmlab.models.probability_alive_path`).
    purchases : Series of dates, optional
        Her purchase days, drawn as ticks at the bottom.
    marks : mapping of label to date, optional
        Days to mark with a vertical dotted line, e.g. ``{"November": "2025-11-30"}``; the
        legend adds the P(alive) on that day when the path covers it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> path = pd.DataFrame({"date": pd.date_range("2025-05-09", periods=3, freq="90D"),
    ...                      "probability_alive": [1.0, 0.6, 0.3]})
    >>> ax = probability_alive_path_chart(path, marks={"today": "2025-08-07"})
    >>> len(ax.lines), ax.get_legend_handles_labels()[1]
    (2, ['P(alive)', 'today (0.60)'])
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
    dates = pd.to_datetime(path["date"])
    ax.plot(dates, path["probability_alive"], color=PALETTE[0], label=label("P(alive)", "存活概率"))
    if purchases is not None and len(purchases):
        ax.plot(
            pd.to_datetime(pd.Series(purchases)),
            np.full(len(purchases), 0.03),
            linestyle="none",
            marker="|",
            markersize=12,
            markeredgewidth=1.5,
            color=PALETTE[1],
            label=label("purchase day", "购买日"),
        )
    numeric = dates.astype("int64").to_numpy()
    for i, (name, day) in enumerate((marks or {}).items()):
        day = pd.Timestamp(day)
        shown = name
        if numeric[0] <= day.value <= numeric[-1]:  # the legend says P(alive) on that day
            value = float(np.interp(day.value, numeric, path["probability_alive"]))
            shown = label(f"{name} ({value:.2f})", f"{name}（{value:.2f}）")
        ax.axvline(day, color=PALETTE[2 + i % 3], linestyle=":", linewidth=1.6, label=shown)
    ax.set_ylim(0, 1.05)
    _date_axis(ax)
    ax.set_xlabel(label("date", "日期"))
    ax.set_ylabel(label("probability still a customer", "仍是客户的概率"))
    _legend_above(ax, title or label("Is she still a customer?", "她还是我们的客户吗？"))
    return ax


def probability_alive_calibration_chart(
    table: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Predicted P(alive) against the share truly alive, per band: a calibration plot.

    Parameters
    ----------
    table : DataFrame
        One row per P(alive) band with ``predicted`` (mean P(alive)) and ``actual`` (share
        of the band truly alive), both in [0, 1], and optionally ``customers`` (the dot's
        size, and the count written beside it) — :func:`crmlab.models.alive_calibration`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"predicted": [0.1, 0.5, 0.9], "actual": [0.12, 0.45, 0.93],
    ...                       "customers": [100, 50, 200]})
    >>> ax = probability_alive_calibration_chart(table)
    >>> len(ax.lines), len(ax.collections), [t.get_text() for t in ax.texts]
    (1, 1, ['100', '50', '200'])
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
    has_counts = "customers" in table.columns
    sizes = 20 + 200 * table["customers"] / table["customers"].max() if has_counts else 40
    ax.scatter(
        table["predicted"] * 100,
        table["actual"] * 100,
        s=sizes,
        color=PALETTE[0],
        label=label("P(alive) band (size: customers)", "概率分组（点越大，客户越多）")
        if has_counts
        else label("P(alive) band", "概率分组"),
        zorder=3,
    )
    if has_counts:
        for x, y, n in zip(table["predicted"], table["actual"], table["customers"], strict=True):
            above = y > x  # the count goes on the side away from the diagonal
            ax.annotate(
                f"{n:,.0f}",
                (x * 100, y * 100),
                xytext=(0, 11 if above else -11),
                textcoords="offset points",
                ha="center",
                va="bottom" if above else "top",
                fontsize="small",
                color="#555",
            )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(label("mean predicted P(alive) (%)", "平均预测存活概率（%）"))
    ax.set_ylabel(label("truly alive (% of customers)", "实际仍是客户的比例（%）"))
    _legend_above(ax, title or label("P(alive) against the truth", "存活概率与真实情况对比"))
    return ax
