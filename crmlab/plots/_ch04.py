"""Charts for chapter 04 (re-exported by :mod:`crmlab.plots`; list public names in __all__).

Customer lifecycle and lifetime value (客户生命周期与客户价值). Every function takes the
result of an analysis function (:mod:`crmlab.lifecycle`, :mod:`crmlab.clv`,
:mod:`crmlab.models`), draws it on a matplotlib ``Axes`` (a new one unless ``ax=`` is given)
and returns the ``Axes``; the numbers come from the analysis modules.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, label

__all__ = [
    "churn_rate_chart",
    "clv_horizon_chart",
    "holdout_chart",
    "lifecycle_profit_waterfall",
    "lifecycle_stage_chart",
    "probability_alive_calibration_chart",
    "probability_alive_path_chart",
]

_STAGE_CN = {
    "exploration": "考察期",
    "formation": "形成期",
    "stability": "稳定期",
    "decline": "退化期",
    "lost": "流失",
}


def _date_axis(ax: Axes) -> None:
    """Few, compact date ticks (e.g. 2024, Apr, Jul, Oct, 2025)."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def lifecycle_stage_chart(
    stages: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Bar chart of how many customers are in each lifecycle stage (客户生命周期阶段).

    Parameters
    ----------
    stages : DataFrame
        The result of :func:`crmlab.lifecycle.lifecycle_stage` (one row per customer with an
        ordered categorical ``stage``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"stage": pd.Categorical(
    ...     ["lost", "exploration", "lost"],
    ...     categories=["exploration", "formation", "stability", "decline", "lost"])})
    >>> ax = lifecycle_stage_chart(table)
    >>> len(ax.patches)
    5
    >>> plt.close("all")
    """
    require_columns(stages, ["stage"], "stages", hint="pass crmlab.lifecycle.lifecycle_stage(...)")
    require_nonempty(stages, "stages")
    counts = stages["stage"].value_counts(sort=False)
    ax = _axes(ax)
    names = [label(str(s), _STAGE_CN.get(str(s), str(s))) for s in counts.index]
    colours = [PALETTE[3] if str(s) in ("decline", "lost") else PALETTE[0] for s in counts.index]
    bars = ax.bar(names, counts.to_numpy(), color=colours)
    ax.bar_label(bars, fmt="{:,.0f}", padding=2)
    ax.set_xlabel(label("lifecycle stage", "生命周期阶段"))
    ax.set_ylabel(label("customers (count)", "客户数（人）"))
    ax.set_title(title or label("Customers by lifecycle stage", "各生命周期阶段的客户数"))
    return ax


def churn_rate_chart(churn: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Line chart of the churn rate (客户流失率) per period, in percent.

    Parameters
    ----------
    churn : DataFrame
        The result of :func:`crmlab.lifecycle.churn_rate` (indexed by period, with
        ``churn_rate``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> churn = pd.DataFrame({"churn_rate": [0.1, 0.05]},
    ...                      index=pd.period_range("2025-01", periods=2, freq="M"))
    >>> ax = churn_rate_chart(churn)
    >>> len(ax.lines)
    1
    >>> plt.close("all")
    """
    require_columns(churn, ["churn_rate"], "churn", hint="pass crmlab.lifecycle.churn_rate(...)")
    require_nonempty(churn, "churn")
    ax = _axes(ax)
    index = churn.index
    x = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
    ax.plot(x, churn["churn_rate"].to_numpy() * 100, marker=".", color=PALETTE[3])
    ax.set_ylim(bottom=0)
    if isinstance(index, pd.PeriodIndex):
        _date_axis(ax)
    ax.set_xlabel(label("period", "时期"))
    ax.set_ylabel(label("churn rate (% of customers at risk)", "流失率（占期初客户的%）"))
    ax.set_title(title or label("Churn rate per period", "各期客户流失率"))
    return ax


def lifecycle_profit_waterfall(
    terms: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Waterfall of the lifecycle-profit decomposition (客户生命周期利润): benefits up, costs down.

    Parameters
    ----------
    terms : DataFrame
        :func:`crmlab.lifecycle.lifecycle_profit_terms` without ``by``: rows ``term``,
        ``term_cn``, ``side`` and ``contribution`` (signed), the last one the total.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> terms = pd.DataFrame({"term": ["base_profit", "acquisition_cost", "lifecycle_profit"],
    ...     "term_cn": ["基本利润", "获取成本", "客户生命周期利润"],
    ...     "side": ["benefit", "cost", "total"], "contribution": [100.0, -30.0, 70.0]})
    >>> ax = lifecycle_profit_waterfall(terms)
    >>> len(ax.patches)
    3
    >>> plt.close("all")
    """
    require_columns(
        terms,
        ["term", "term_cn", "side", "contribution"],
        "terms",
        hint="pass the result of crmlab.lifecycle.lifecycle_profit_terms",
    )
    require_nonempty(terms, "terms")
    if terms["term"].duplicated().any():
        raise ValueError(
            "terms: one row per term expected; call lifecycle_profit_terms without by=, or "
            "select one group first"
        )
    ax = _axes(ax)
    contribution = terms["contribution"].to_numpy(dtype=float)
    is_total = (terms["side"] == "total").to_numpy()
    bottoms = np.where(is_total, 0.0, np.concatenate([[0.0], np.cumsum(contribution)[:-1]]))
    colours = [
        PALETTE[0] if t else (PALETTE[2] if c >= 0 else PALETTE[3])
        for t, c in zip(is_total, contribution, strict=True)
    ]
    names = [
        label(t.replace("_", " "), cn)
        for t, cn in zip(terms["term"], terms["term_cn"], strict=True)
    ]
    bars = ax.bar(names, contribution, bottom=bottoms, color=colours)
    ax.bar_label(bars, labels=[f"{c:+,.0f}" for c in contribution], label_type="center")
    ax.margins(y=0.12)
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.tick_params(axis="x", labelrotation=30)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.set_xlabel(label("term", "构成项"))
    ax.set_ylabel(label("CNY per customer", "每位客户（元）"))
    ax.set_title(title or label("Lifecycle profit, term by term", "客户生命周期利润的构成"))
    return ax


def clv_horizon_chart(
    curve: pd.DataFrame,
    infinite: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """CLV over a finite horizon N (客户终身价值), approaching the infinite-horizon value.

    Parameters
    ----------
    curve : DataFrame
        Columns ``horizon`` (periods) and ``clv`` (e.g. :func:`crmlab.clv.clv_simple` for
        each horizon).
    infinite : float, optional
        The infinite-horizon CLV, drawn as a dashed line.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> curve = pd.DataFrame({"horizon": [1, 2, 3], "clv": [72.7, 125.6, 164.1]})
    >>> ax = clv_horizon_chart(curve, infinite=266.7)
    >>> len(ax.lines)
    2
    >>> plt.close("all")
    """
    require_columns(
        curve,
        ["horizon", "clv"],
        "curve",
        hint="build it from crmlab.clv.clv_simple evaluated at each horizon",
    )
    require_nonempty(curve, "curve")
    ax = _axes(ax)
    ax.plot(
        curve["horizon"],
        curve["clv"],
        marker=".",
        color=PALETTE[0],
        label=label("CLV over N years", "N年期终身价值"),
    )
    if infinite is not None:
        ax.axhline(
            infinite,
            color=PALETTE[1],
            linestyle="--",
            label=label("infinite horizon", "无限期"),
        )
    ax.set_ylim(bottom=0)
    ax.set_xlabel(label("horizon N (years)", "期限N（年）"))
    ax.set_ylabel(label("CLV (CNY)", "客户终身价值（元）"))
    ax.set_title(
        title or label("CLV grows with the horizon, ever more slowly", "期限越长，CLV增长越慢")
    )
    ax.legend()
    return ax


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
