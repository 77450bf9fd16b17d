"""Charts of the customer lifecycle (客户生命周期); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.lifecycle` and returns the ``Axes``; none
computes anything:

- :func:`lifecycle_stage_chart` — customers per lifecycle stage, from
  :func:`~crmlab.lifecycle.lifecycle_stage`;
- :func:`churn_rate_chart` — the churn rate (客户流失率) per period, from
  :func:`~crmlab.lifecycle.churn_rate`;
- :func:`lifecycle_profit_waterfall` — the lifecycle-profit decomposition (客户生命周期利润),
  from :func:`~crmlab.lifecycle.lifecycle_profit_terms`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, _date_axis, label, money, money_label

__all__ = ["churn_rate_chart", "lifecycle_profit_waterfall", "lifecycle_stage_chart"]

_STAGE_CN = {
    "exploration": "考察期",
    "formation": "形成期",
    "stability": "稳定期",
    "decline": "退化期",
    "lost": "流失",
}


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
    ax.set_ylim(0, max(float(counts.max()), 1.0) * 1.1)  # room for the count over the tallest
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


def _signed_money(amount: float, total: bool) -> str:
    """An amount in the theme's currency, a benefit with "+", the total without a sign."""
    text = money(amount)
    return f"+{text}" if amount > 0 and not total else text


def lifecycle_profit_waterfall(
    terms: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Waterfall of the lifecycle-profit decomposition (客户生命周期利润): benefits up, costs down.

    Each term is a floating bar from the running total before it; the last bar (the total)
    stands on zero. Every bar carries its amount in the theme's currency, above a bar that
    goes up and below one that goes down, and the y-axis leaves room for those labels, so
    none touches a bar, the title or the axes' edge. Thin dotted steps join the bars.

    Parameters
    ----------
    terms : DataFrame
        :func:`crmlab.lifecycle_profit.lifecycle_profit_terms` without ``by``: rows
        ``term``, ``term_cn``, ``side`` and ``contribution`` (signed), the last one the
        total.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "Lifecycle profit, term by term").

    Returns
    -------
    Axes
        One bar per row (``ax.patches``) and one value label per bar (``ax.texts``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.plots._theme import money, use_english
    >>> use_english()
    >>> terms = pd.DataFrame({"term": ["base_profit", "acquisition_cost", "lifecycle_profit"],
    ...     "term_cn": ["基本利润", "获取成本", "客户生命周期利润"],
    ...     "side": ["benefit", "cost", "total"], "contribution": [100.0, -30.0, 70.0]})
    >>> ax = lifecycle_profit_waterfall(terms)
    >>> shown = [t.get_text() for t in ax.texts]
    >>> len(ax.patches), shown == ["+" + money(100), money(-30), money(70)]
    (3, True)
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
    tops = bottoms + contribution
    colours = [
        PALETTE[0] if t else (PALETTE[2] if c >= 0 else PALETTE[3])
        for t, c in zip(is_total, contribution, strict=True)
    ]
    names = [
        label(t.replace("_", " "), cn)
        for t, cn in zip(terms["term"], terms["term_cn"], strict=True)
    ]
    x = np.arange(len(names))
    ax.bar(x, contribution, bottom=bottoms, color=colours, width=0.62, zorder=2)
    # the running total carried from one bar to the next
    for k in range(len(x) - 1):
        ax.plot(
            [x[k] + 0.31, x[k + 1] - 0.31],
            [tops[k], tops[k]],
            color="#888",
            linewidth=0.8,
            linestyle=":",
            zorder=1,
        )
    ax.axhline(0, color="#555", linewidth=0.8, zorder=1)
    # labels sit beyond the end a bar moves to: above a bar going up, below one going down
    up = contribution >= 0
    anchors = np.where(up, np.maximum(bottoms, tops), np.minimum(bottoms, tops))
    for k in range(len(x)):
        ax.annotate(
            _signed_money(float(contribution[k]), bool(is_total[k])),
            (x[k], anchors[k]),
            xytext=(0, 4 if up[k] else -4),
            textcoords="offset points",
            ha="center",
            va="bottom" if up[k] else "top",
            fontsize="small",
            zorder=3,
        )
    # explicit limits with room for the labels: a floating bar's base is a sticky edge
    # that margins cannot pass, and a label outside the limits would be clipped
    ends = np.concatenate([[0.0], bottoms, tops])
    low, high = float(np.nanmin(ends)), float(np.nanmax(ends))
    room = 0.14 * ((high - low) or 1.0)
    top_limit = max(high, float(np.max(anchors[up], initial=-np.inf)) + room, 0.0)
    bottom_limit = min(low, float(np.min(anchors[~up], initial=np.inf)) - room, 0.0)
    ax.set_ylim(bottom_limit, top_limit)
    ax.set_xticks(x, names)
    ax.tick_params(axis="x", labelrotation=30)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")
    ax.grid(axis="x", visible=False)
    ax.set_xlabel(label("term", "构成项"))
    ax.set_ylabel(money_label("contribution per customer", "每位客户的贡献"))
    ax.set_title(title or label("Lifecycle profit, term by term", "客户生命周期利润的构成"))
    return ax
