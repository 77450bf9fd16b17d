"""Charts of customer acquisition (客户识别与开发); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.acquisition` and returns the ``Axes``:

- :func:`funnel_chart` — the sales funnel (销售漏斗) of :func:`~crmlab.acquisition.funnel`;
- :func:`source_roi_chart` — return on investment per lead source (获客渠道投资回报率) from
  :func:`~crmlab.acquisition.source_performance`;
- :func:`source_cost_value_chart` — cost per acquired customer (获取成本) next to the profit
  the customers of each source brought (same table);
- :func:`man_lift_chart` — conversion by MAN score with the overall rate, from
  :func:`~crmlab.acquisition.man_lift`.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from crmlab.acquisition import SOURCE_NAMES_CN
from crmlab.plots._theme import PALETTE, _axes, label, money, money_label

__all__ = [
    "funnel_chart",
    "man_lift_chart",
    "source_cost_value_chart",
    "source_roi_chart",
]


def _source_names(index: pd.Index) -> list[str]:
    """Readable source names: Chinese in Chinese mode, words without underscores otherwise."""
    return [label(str(s).replace("_", " "), SOURCE_NAMES_CN.get(str(s), str(s))) for s in index]


def _room_for_labels(ax: Axes, values: np.ndarray, share: float = 0.22) -> None:
    """Widen the x range so text written at the bar ends stays inside the Axes."""
    finite = values[np.isfinite(values)]
    low, high = (min(0.0, finite.min()), max(0.0, finite.max())) if finite.size else (0.0, 1.0)
    span = (high - low) or 1.0
    ax.set_xlim(low - (share * span if low < 0 else 0.0), high + share * span)


def funnel_chart(table: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw a sales funnel (销售漏斗): one centred bar per stage, widest at the top.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlab.acquisition.funnel` or
        :func:`~crmlab.acquisition.funnel_from_rates` (index = stage; columns ``stage_cn``,
        ``reached`` and ``stage_conversion``).
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "The sales funnel").

    Returns
    -------
    Axes
        Each bar is labelled with the count reaching the stage and the share of the previous
        stage that got there.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab import acquisition
    >>> ax = funnel_chart(acquisition.funnel_from_rates(100, [0.8, 0.5, 0.5, 0.25]))
    >>> ax.get_title(), ax.texts[-1].get_text()
    ('The sales funnel', ' 5  (25%)')
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    reached = table["reached"].to_numpy(dtype=float)
    widest = float(np.nanmax(reached)) if reached.size and np.nanmax(reached) > 0 else 1.0
    y = np.arange(len(table))[::-1]
    ax.barh(y, reached, left=(widest - reached) / 2, color=PALETTE[0], height=0.7)
    for i, (pos, count, rate) in enumerate(zip(y, reached, table["stage_conversion"], strict=True)):
        text = f"{count:,.0f}" if i == 0 or pd.isna(rate) else f"{count:,.0f}  ({rate:.0%})"
        if count >= 0.35 * widest:  # room inside the bar
            ax.text(
                widest / 2,
                pos,
                text,
                ha="center",
                va="center",
                color="white",
                weight=mpl.rcParams["axes.titleweight"],  # normal for a CJK font without bold
            )
        else:  # a narrow bar: write beside it
            ax.text((widest + count) / 2, pos, f" {text}", ha="left", va="center", color="0.15")
    names = [label(str(s), str(cn)) for s, cn in zip(table.index, table["stage_cn"], strict=True)]
    ax.set_yticks(y, names)
    ax.set_xlim(0, widest)
    ax.set_xticks([])
    ax.grid(False)
    ax.set_xlabel(
        label(
            "leads reaching the stage (count; % = of the stage above)",
            "到达该阶段的线索数（括号内为上一阶段的转化率）",
        )
    )
    ax.set_title(title or label("The sales funnel", "销售漏斗"))
    return ax


def source_roi_chart(
    performance: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Bars of return on investment (ROI, 投资回报率) per lead source.

    Parameters
    ----------
    performance : DataFrame
        The result of :func:`crmlab.acquisition.source_performance` (index = source;
        column ``roi``).
    ax, title
        As in :func:`funnel_chart`.

    Returns
    -------
    Axes
        Horizontal bars in the table's order, blue for a positive ROI, orange for a loss,
        each labelled with its ROI as a percentage; a line marks break-even (0).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> performance = pd.DataFrame({"roi": [2.0, -0.5]}, index=["referral", "trade_fair"])
    >>> ax = source_roi_chart(performance)
    >>> [t.get_text() for t in ax.texts]
    [' 200% ', ' -50% ']
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    roi = performance["roi"].to_numpy(dtype=float)
    y = np.arange(len(performance))[::-1]
    colors = [PALETTE[0] if r >= 0 else PALETTE[1] for r in np.nan_to_num(roi)]
    ax.barh(y, np.nan_to_num(roi), color=colors)
    for pos, r in zip(y, roi, strict=True):
        if not np.isnan(r):
            ax.text(r, pos, f" {r:.0%} ", va="center", ha="left" if r >= 0 else "right")
    ax.axvline(0, color="0.3", lw=1)
    ax.set_yticks(y, _source_names(performance.index))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _room_for_labels(ax, roi)
    ax.set_xlabel(
        label(
            "ROI = (profit − acquisition cost) ÷ acquisition cost (%)",
            "投资回报率 =（客户利润 − 获取成本）÷ 获取成本（%）",
        )
    )
    ax.set_title(title or label("Return on investment by lead source", "各获客渠道的投资回报率"))
    return ax


def source_cost_value_chart(
    performance: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Cost per acquired customer (获取成本) next to the profit per customer, per lead source.

    Parameters
    ----------
    performance : DataFrame
        The result of :func:`crmlab.acquisition.source_performance` (columns
        ``cost_per_acquisition`` and ``value_per_customer``).
    ax, title
        As in :func:`funnel_chart`.

    Returns
    -------
    Axes
        Two horizontal bars per source, in the theme's currency, each labelled with its
        amount: what winning a customer cost (单位获取成本) and the profit the average
        customer of that source brought (平均客户利润). Where the profit bar is longer, the
        source pays back.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> performance = pd.DataFrame(
    ...     {"cost_per_acquisition": [70.0, 150.0], "value_per_customer": [360.0, -25.0]},
    ...     index=["referral", "trade_fair"],
    ... )
    >>> ax = source_cost_value_chart(performance)
    >>> len(ax.patches), ax.get_xlabel() == money_label("amount per customer")
    (4, True)
    >>> [t.get_text().strip() for t in ax.texts] == [money(70), money(150), money(360),
    ...                                               money(-25)]
    True
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    y = np.arange(len(performance))[::-1]
    height = 0.38
    cost = performance["cost_per_acquisition"].to_numpy(dtype=float)
    worth = performance["value_per_customer"].to_numpy(dtype=float)
    for values, shift, colour, name in (
        (cost, height / 2, PALETTE[1], label("cost per acquired customer", "单位获取成本")),
        (worth, -height / 2, PALETTE[0], label("profit per customer", "平均客户利润")),
    ):
        ax.barh(y + shift, np.nan_to_num(values), height=height, color=colour, label=name)
        for pos, amount in zip(y + shift, values, strict=True):
            if np.isfinite(amount):
                ax.text(
                    amount,
                    pos,
                    f" {money(amount)} ",
                    va="center",
                    ha="left" if amount >= 0 else "right",
                    fontsize="small",
                )
    ax.axvline(0, color="0.3", lw=1)
    _room_for_labels(ax, np.concatenate([cost, worth]))
    ax.set_yticks(y, _source_names(performance.index))
    ax.set_xlabel(money_label("amount per customer", "每位客户金额"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    ax.set_title(title or label("What a customer costs and brings", "获取成本与客户利润"))
    return ax


def man_lift_chart(
    table: pd.DataFrame,
    overall_conversion: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Conversion (win rate) of leads by MAN score, labelled with the lift.

    Parameters
    ----------
    table : DataFrame
        ``ManLift.table`` from :func:`crmlab.acquisition.man_lift` (index = ``man_score``
        0–3; columns ``conversion`` and ``lift``).
    overall_conversion : float, optional
        ``ManLift.overall_conversion``; drawn as a dashed line when given.
    ax, title
        As in :func:`funnel_chart`.

    Returns
    -------
    Axes
        One bar per score (how many of Money 购买力, Authority 决策权, Need 需求 hold), each
        labelled with its lift (conversion ÷ overall conversion).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"conversion": [0.01, 0.03, 0.1, 0.25],
    ...                       "lift": [0.1, 0.3, 1.0, 2.5]})
    >>> ax = man_lift_chart(table, overall_conversion=0.1)
    >>> [t.get_text() for t in ax.texts]
    ['0.10×', '0.30×', '1.00×', '2.50×']
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    conversion = table["conversion"].to_numpy(dtype=float)
    ax.bar(x, np.nan_to_num(conversion), color=PALETTE[0], width=0.6)
    for pos, rate, lift in zip(x, conversion, table["lift"], strict=True):
        if not np.isnan(rate):
            ax.annotate(
                f"{lift:.2f}×",
                (pos, rate),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
    if overall_conversion is not None:
        ax.axhline(
            overall_conversion,
            color=PALETTE[1],
            ls="--",
            lw=1.5,
            label=label("win rate of all leads", "全部线索的成交率"),
        )
        ax.legend(loc="upper left")
    ax.set_xticks(x, [str(s) for s in table.index])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.margins(y=0.15)
    ax.set_xlabel(label("MAN score (conditions met, 0–3)", "MAN得分（满足的条件数，0–3）"))
    ax.set_ylabel(label("leads won (%)", "成交率（%）"))
    ax.set_title(
        title or label("Win rate by MAN score (label = lift)", "按MAN得分的成交率（标注为提升度）")
    )
    return ax
