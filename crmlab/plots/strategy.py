"""Charts of CRM strategy and implementation (客户关系管理战略与实施); in :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.strategy`, :mod:`crmlab.crm_capability` or
:mod:`crmlab.readiness` and returns the ``Axes``:

- :func:`growth_matrix_chart` — revenue in the customer growth matrix (客户增长矩阵) of
  :func:`~crmlab.strategy.growth_matrix`;
- :func:`kpi_dashboard` — the quarterly evaluation indicators of
  :func:`~crmlab.strategy.kpi_table`: new, lost and upgraded rates, average profitability;
- :func:`transition_chart` — the tier transition matrix (客户阶梯) of
  :func:`~crmlab.strategy.tier_transitions`;
- :func:`capability_effects_chart` — the effects of CRM capability by group
  (:func:`~crmlab.crm_capability.capability_effects`);
- :func:`readiness_chart` — the eight pre-implementation questions scored
  (:func:`~crmlab.readiness.readiness_score`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, PercentFormatter

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, label, money, money_label
from crmlab.readiness import READINESS_QUESTIONS, ReadinessResult
from crmlab.strategy import INACTIVE, TierTransitions
from crmlab.value import PYRAMID_LABELS_CN

__all__ = [
    "capability_effects_chart",
    "growth_matrix_chart",
    "kpi_dashboard",
    "readiness_chart",
    "transition_chart",
]

_STRATEGY_NAMES = {
    "loyalty": ("Loyalty", "客户忠诚战略"),
    "expansion": ("Expansion", "客户扩展战略"),
    "acquisition": ("Acquisition", "客户获取战略"),
    "diversification": ("Diversification", "客户多样化战略"),
}
_GROUP_NAMES = {"existing": ("existing", "现有"), "new": ("new", "新")}


def _tier_name(tier: str) -> str:
    if tier == INACTIVE:
        return label("inactive", "未购买")
    return label(tier, PYRAMID_LABELS_CN.get(tier, tier))


def growth_matrix_chart(
    matrix: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The customer growth matrix (客户增长矩阵) with each cell's revenue.

    Rows are existing and new customers, columns existing and new products; each tile names
    its strategy and shows the revenue, its share and the number of buyers. Darker tiles
    carry more revenue.

    Parameters
    ----------
    matrix : DataFrame
        :func:`crmlab.strategy.growth_matrix`: ``customers``, ``products``, ``strategy``,
        ``revenue``, ``revenue_share`` and ``buyers``.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> m = pd.DataFrame({"customers": ["existing", "existing", "new", "new"],
    ...     "products": ["existing", "new", "existing", "new"],
    ...     "strategy": ["loyalty", "expansion", "acquisition", "diversification"],
    ...     "revenue": [60.0, 20.0, 15.0, 5.0], "revenue_share": [0.6, 0.2, 0.15, 0.05],
    ...     "buyers": [6, 2, 3, 1]})
    >>> ax = growth_matrix_chart(m)
    >>> ax.texts[0].get_text().splitlines()[0]
    'Loyalty'
    """
    require_columns(
        matrix,
        ["customers", "products", "strategy", "revenue", "revenue_share", "buyers"],
        "matrix",
    )
    require_nonempty(matrix, "matrix")
    ax = _axes(ax, (6.4, 4.6))
    order = ["existing", "new"]
    top = float(matrix["revenue_share"].max()) or 1.0
    for _, cell in matrix.iterrows():
        col, row = order.index(cell["products"]), order.index(cell["customers"])
        share = float(cell["revenue_share"]) if pd.notna(cell["revenue_share"]) else 0.0
        shade = 0.12 + 0.7 * share / top
        ax.add_patch(
            Rectangle(
                (col, 1 - row), 1, 1, facecolor=PALETTE[0], alpha=shade, edgecolor="white", lw=3
            )
        )
        name = label(*_STRATEGY_NAMES.get(cell["strategy"], (cell["strategy"],) * 2))
        detail = label(
            f"{money(cell['revenue'])} ({share:.0%})\n{int(cell['buyers']):,} buyers",
            f"{money(cell['revenue'])}（{share:.0%}）\n{int(cell['buyers']):,}位购买客户",
        )
        ax.text(
            col + 0.5,
            1.5 - row,
            f"{name}\n{detail}",
            ha="center",
            va="center",
            fontsize=10.5,
            color="black" if shade < 0.55 else "white",
        )
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5])
    ax.set_xticklabels(
        [label(f"{_GROUP_NAMES[g][0]} products", f"{_GROUP_NAMES[g][1]}产品") for g in order]
    )
    ax.set_yticks([1.5, 0.5])
    ax.set_yticklabels(
        [label(f"{_GROUP_NAMES[g][0]}\ncustomers", f"{_GROUP_NAMES[g][1]}客户") for g in order]
    )
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title or label("Revenue in the customer growth matrix", "客户增长矩阵中的收入"))
    return ax


def kpi_dashboard(
    kpi: pd.DataFrame, ax: Sequence[Axes] | None = None, title: str | None = None
) -> np.ndarray:
    """The CRM evaluation indicators per period (战略评价指标), in two panels.

    Top: new, lost and upgraded customers as rates; bottom: the average gross margin per
    active customer (average revenue when the margin is unknown), in the theme's currency.

    Parameters
    ----------
    kpi : DataFrame
        :func:`crmlab.strategy.kpi_table`, indexed by period.
    ax : pair of Axes, optional
        Where to draw (top, bottom); a new figure with two stacked panels by default.
    title : str, optional
        The top panel's title.

    Returns
    -------
    ndarray of Axes
        The two panels.

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> kpi = pd.DataFrame({"new_rate": [1.0, 0.4], "lost_rate": [np.nan, 0.3],
    ...     "upgraded_rate": [np.nan, 0.1], "average_revenue": [100.0, 120.0],
    ...     "average_gross_margin": [40.0, 50.0]},
    ...     index=pd.period_range("2025Q1", periods=2, freq="Q", name="period"))
    >>> top, bottom = kpi_dashboard(kpi)
    >>> [t.get_text() for t in top.get_legend().get_texts()]
    ['new', 'lost', 'upgraded']
    """
    require_columns(
        kpi,
        ["new_rate", "lost_rate", "upgraded_rate", "average_revenue", "average_gross_margin"],
        "kpi",
    )
    require_nonempty(kpi, "kpi")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(2, 1, figsize=(7.4, 5.6), sharex=True)
    if len(ax) != 2:
        raise ValueError("ax: give two Axes (top, bottom), or none")
    top, bottom = ax
    x = np.arange(len(kpi))
    names = [str(p) for p in kpi.index]
    lines = [
        ("new_rate", label("new", "新增"), PALETTE[0]),
        ("lost_rate", label("lost", "流失"), PALETTE[3]),
        ("upgraded_rate", label("upgraded", "升级"), PALETTE[2]),
    ]
    for column, name, colour in lines:
        top.plot(x, kpi[column].to_numpy(dtype=float), marker="o", ms=3, color=colour, label=name)
    top.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    top.set_ylabel(label("rate", "比率"))
    top.legend(loc="upper right", ncol=3, frameon=False)
    top.set_ylim(0, min(1.05, float(np.nanmax(kpi[[c for c, _, _ in lines]].to_numpy())) * 1.25))
    top.set_title(title or label("CRM evaluation indicators", "客户关系管理战略评价指标"))
    margin_known = kpi["average_gross_margin"].notna().any()
    column = "average_gross_margin" if margin_known else "average_revenue"
    bottom.bar(x, kpi[column].to_numpy(dtype=float), color=PALETTE[1], width=0.7)
    bottom.set_ylabel(
        money_label("avg. margin / customer", "客户平均毛利")
        if margin_known
        else money_label("avg. revenue / customer", "客户平均收入")
    )
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    step = max(1, int(np.ceil(len(x) / 6)))
    if isinstance(kpi.index, pd.PeriodIndex) and kpi.index.freqstr.startswith("Q") and len(x) > 6:
        starts = [i for i, p in enumerate(kpi.index) if p.quarter == 1]  # one tick per year
        bottom.set_xticks(starts)
        bottom.set_xticklabels([str(kpi.index[i].year) for i in starts])
    else:
        bottom.set_xticks(x[::step])
        bottom.set_xticklabels(names[::step])
    bottom.set_xlabel(label("period", "时期"))
    return np.array([top, bottom])


def transition_chart(
    transitions: TierTransitions, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The customer ladder (客户阶梯): where each tier's customers are one period later.

    A heat map of :attr:`~crmlab.strategy.TierTransitions.shares`: row = tier in a period,
    column = tier in the next one; each cell shows the share of the row (and the diagonal,
    staying put, is outlined).

    Parameters
    ----------
    transitions : TierTransitions
        :func:`crmlab.strategy.tier_transitions`.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> from crmlab.strategy import tier_transitions
    >>> use_english()
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-04-05", "2025-01-09"]),
    ...     "amount": [100.0, 900.0, 500.0]})
    >>> ax = transition_chart(tier_transitions(tx, value="revenue",
    ...                                        thresholds={"small": 0, "big": 400}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['big', 'small', 'inactive']
    """
    if not isinstance(transitions, TierTransitions):
        raise TypeError("transitions: expected the result of strategy.tier_transitions")
    shares = transitions.shares.fillna(0.0)
    values = shares.to_numpy()
    ax = _axes(ax, (6.0, 4.6))
    ax.imshow(values, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(
                j,
                i,
                f"{values[i, j]:.0%}",
                ha="center",
                va="center",
                fontsize=9.5,
                color="white" if values[i, j] > 0.55 else "black",
            )
    n = min(values.shape)
    for k in range(n):
        ax.add_patch(Rectangle((k - 0.5, k - 0.5), 1, 1, fill=False, edgecolor=PALETTE[3], lw=1.5))
    ax.set_xticks(range(values.shape[1]))
    ax.set_xticklabels([_tier_name(t) for t in shares.columns])
    ax.set_yticks(range(values.shape[0]))
    ax.set_yticklabels([_tier_name(t) for t in shares.index])
    ax.set_xlabel(label("tier in the next period", "下一期的层级"))
    ax.set_ylabel(label("tier in a period", "本期的层级"))
    ax.grid(False)
    ax.set_title(title or label("Movement between value tiers", "客户在价值层级之间的移动"))
    return ax


_EFFECTS = {
    "retention_rate": ("retention rate", "保持率"),
    "satisfaction_rate": ("satisfaction rate", "满意率"),
    "cross_selling_ratio": ("cross-selling ratio", "交叉销售比率"),
}


def capability_effects_chart(
    effects: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    names: dict[str, str] | None = None,
) -> Axes:
    """The effects of CRM capability, group against group (grouped bars).

    Parameters
    ----------
    effects : DataFrame
        :func:`crmlab.crm_capability.capability_effects`, one row per group; the columns
        ``retention_rate``, ``satisfaction_rate`` and ``cross_selling_ratio`` that hold
        numbers are drawn.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title.
    names : dict, optional
        Group label → the name the legend shows.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> effects = pd.DataFrame({"retention_rate": [0.5, 0.4], "satisfaction_rate": [0.7, 0.6],
    ...     "cross_selling_ratio": [0.6, 0.5]}, index=pd.Index(["member", "other"], name="group"))
    >>> ax = capability_effects_chart(effects)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['retention rate', 'satisfaction rate', 'cross-selling ratio']
    """
    require_nonempty(effects, "effects")
    measures = [c for c in _EFFECTS if c in effects and effects[c].notna().any()]
    if not measures:
        raise ValueError(
            "effects: none of retention_rate, satisfaction_rate, cross_selling_ratio has a value"
        )
    ax = _axes(ax, (6.6, 3.8))
    groups = list(effects.index)
    width = 0.8 / len(groups)
    x = np.arange(len(measures))
    for k, group in enumerate(groups):
        values = effects.loc[group, measures].to_numpy(dtype=float)
        shown = (names or {}).get(group, str(group))
        bars = ax.bar(
            x + (k - (len(groups) - 1) / 2) * width,
            values,
            width * 0.95,
            label=shown,
            color=PALETTE[k % len(PALETTE)],
        )
        for bar, v in zip(bars, values, strict=True):
            if np.isfinite(v):
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    v + 0.01,
                    f"{v:.0%}",
                    ha="center",
                    va="bottom",
                    fontsize=8.5,
                )
    ax.set_xticks(x)
    ax.set_xticklabels([label(*_EFFECTS[m]) for m in measures])
    ax.grid(axis="x", visible=False)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    top = float(np.nanmax(effects[measures].to_numpy(dtype=float)))
    ax.set_ylim(0, min(1.0, top * 1.3) if top > 0 else 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(groups), frameon=False)
    ax.set_title(title or label("Effects of CRM capability", "CRM能力的效果"))
    return ax


def readiness_chart(
    result: ReadinessResult, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The eight pre-implementation questions (CRM项目实施前的评估), scored 0–4.

    Weak answers (those that name a risk) are drawn in red.

    Parameters
    ----------
    result : ReadinessResult
        :func:`crmlab.readiness.readiness_score`.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: the total and the verdict).

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> from crmlab.readiness import READINESS_QUESTIONS, readiness_score
    >>> use_english()
    >>> result = readiness_score({q.key: 3 for q in READINESS_QUESTIONS} | {"plan": 1})
    >>> ax = readiness_chart(result)
    >>> len(ax.patches), ax.get_yticklabels()[2].get_text()
    (8, '3 Steps planned')
    """
    if not isinstance(result, ReadinessResult):
        raise TypeError("result: expected the result of readiness.readiness_score")
    ax = _axes(ax, (6.4, 3.8))
    table = result.table
    short = {q.key: label(q.short, q.short_cn) for q in READINESS_QUESTIONS}
    y = np.arange(len(table))[::-1]
    colours = [PALETTE[3] if weak else PALETTE[2] for weak in table["weak"]]
    scores = table["score"].to_numpy(dtype=float)
    ax.barh(y, scores, color=colours, height=0.65)
    for yy, score in zip(y, scores, strict=True):
        ax.text(score + 0.05, yy, f"{score:.0f}", va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{i + 1} {short[k]}" for i, k in enumerate(table.index)])
    ax.set_xlim(0, 4.3)
    ax.set_xticks(range(5))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(label("score (0 = not at all, 4 = fully)", "得分（0 = 完全没有，4 = 完全做到）"))
    verdict = label(result.verdict, result.verdict_cn)
    ax.set_title(
        title
        or label(
            f"Readiness {result.total}/32 ({result.percentage:.0f}%): {verdict}",
            f"准备程度 {result.total}/32（{result.percentage:.0f}%）：{verdict}",
        )
    )
    return ax
