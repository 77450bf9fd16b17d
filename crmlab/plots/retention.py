"""Charts of retention, churn and win-back (客户保持、流失与挽回); in :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.retention` or :mod:`crmlab.churn` and returns
the ``Axes``:

- :func:`leaky_bucket_chart` — customers and cumulative acquisition spend of
  :func:`~crmlab.retention.leaky_bucket` (漏斗原理);
- :func:`churn_reasons_chart` — the Pareto chart of :func:`~crmlab.retention.churn_reasons`;
- :func:`survival_chart` — a Kaplan–Meier curve (:func:`~crmlab.retention.membership_survival`)
  with an optional model projection (e.g. the shifted-beta-geometric model);
- :func:`churn_lift_chart` — the decile lift of :func:`~crmlab.churn.churn_risk_model`;
- :func:`winback_chart` — value × churn risk of :func:`~crmlab.retention.winback_priority`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, label, money, money_label
from crmlab.retention import SurvivalCurve

__all__ = [
    "churn_lift_chart",
    "churn_reasons_chart",
    "leaky_bucket_chart",
    "survival_chart",
    "winback_chart",
]

_QUADRANT_COLOURS = {
    "win back first": PALETTE[3],
    "keep close": PALETTE[0],
    "low-cost reach": PALETTE[1],
    "let go": PALETTE[5],
}


def leaky_bucket_chart(
    bucket: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The leaky bucket (漏斗原理): customers at each period's end and acquisition spend so far.

    Parameters
    ----------
    bucket : DataFrame
        :func:`crmlab.retention.leaky_bucket`: columns ``customers_end``, ``lost``,
        ``gained`` and ``cumulative_acquisition_spend``, one row per period.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title.

    Returns
    -------
    Axes
        Customers (first line) on the left axis; the cumulative acquisition spend is the
        line of the twin axis ``ax.right`` (money).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.retention import leaky_bucket
    >>> ax = leaky_bucket_chart(leaky_bucket(1000, 100, 0.1, 4, acquisition_cost=50))
    >>> ax.lines[0].get_ydata().tolist(), ax.right.lines[0].get_ydata().tolist()[-1]
    ([1000.0, 1000.0, 1000.0, 1000.0], 20000.0)
    >>> plt.close("all")
    """
    require_columns(
        bucket,
        ["customers_end", "lost", "gained", "cumulative_acquisition_spend"],
        "bucket",
        hint="build it with crmlab.retention.leaky_bucket",
    )
    require_nonempty(bucket, "bucket")
    ax = _axes(ax)
    periods = np.asarray(bucket.index, dtype=float)
    customers = bucket["customers_end"].to_numpy(dtype=float)
    ax.plot(periods, customers, color=PALETTE[0], lw=2.2, label=label("customers", "客户数"))
    ax.bar(
        periods,
        bucket["lost"],
        width=0.4,
        color=PALETTE[3],
        alpha=0.5,
        label=label("lost in the period", "本期流失"),
    )
    ax.set_ylim(0, max(float(customers.max()), float(bucket["lost"].max())) * 1.25 or 1)
    ax.set_xlabel(label("Period", "期数"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # periods are whole: no 1.5
    ax.set_ylabel(label("Customers", "客户数"))
    right = ax.twinx()
    spend = bucket["cumulative_acquisition_spend"].to_numpy(dtype=float)
    right.plot(
        periods,
        spend,
        color=PALETTE[1],
        lw=2,
        ls="--",
        label=label("acquisition spend so far", "累计获客支出"),
    )
    right.set_ylim(0, float(spend.max()) * 1.1 or 1)
    right.set_ylabel(money_label("Acquisition spend so far", "累计获客支出"))
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: money(v)))
    right.grid(False)
    handles = ax.get_legend_handles_labels()
    extra = right.get_legend_handles_labels()
    ax.legend(
        handles[0] + extra[0],
        handles[1] + extra[1],
        loc="upper left",
        fontsize=9,
        frameon=False,
        ncol=3,
    )
    ax.set_title(
        title or label("The leaky bucket: as many won as lost", "漏斗原理：得到的和失去的一样多")
    )
    ax.right = right  # type: ignore[attr-defined]
    return ax


def churn_reasons_chart(
    reasons: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Pareto chart of churn reasons (客户流失原因): bars by share, the cumulative share line.

    Parameters
    ----------
    reasons : DataFrame
        :func:`crmlab.retention.churn_reasons`: ``reason``, ``reason_cn``, ``share``,
        ``cumulative_share``, largest first.

    Returns
    -------
    Axes
        One bar per reason (in the table's order) and the cumulative line.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.retention import churn_reasons
    >>> ax = churn_reasons_chart(churn_reasons())
    >>> round(float(ax.patches[0].get_height()), 2), len(ax.patches)
    (0.68, 7)
    >>> plt.close("all")
    """
    require_columns(
        reasons,
        ["reason", "reason_cn", "share", "cumulative_share"],
        "reasons",
        hint="build it with crmlab.retention.churn_reasons",
    )
    require_nonempty(reasons, "reasons")
    ax = _axes(ax, size=(7.5, 4.2))
    names = [
        label(str(r), str(cn).split("(")[0].split("、")[0] if cn else str(r))
        for r, cn in zip(reasons["reason"], reasons["reason_cn"], strict=True)
    ]
    x = np.arange(len(reasons))
    share = reasons["share"].to_numpy(dtype=float)
    ax.bar(x, share, color=PALETTE[0], width=0.65, label=label("share", "占比"))
    ax.plot(
        x,
        reasons["cumulative_share"].to_numpy(dtype=float),
        color=PALETTE[1],
        marker="o",
        lw=2,
        label=label("cumulative share", "累计占比"),
    )
    for xi, s in zip(x, share, strict=True):
        ax.text(xi, s + 0.02, f"{s:.0%}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylim(0, 1.12)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(label("Share of lost customers", "占流失客户的比例"))
    ax.legend(loc="center right", frameon=False, fontsize=9)
    ax.set_title(
        title
        or label(
            "Why customers leave (a widely quoted survey)", "客户为什么流失（广为引用的一项调查）"
        )
    )
    return ax


def survival_chart(
    curve: SurvivalCurve,
    projection: Sequence[float] | np.ndarray | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    fitted_up_to: float | None = None,
    projection_label: str | None = None,
) -> Axes:
    """A Kaplan–Meier survival curve (生存曲线) with its band, and an optional projection.

    Parameters
    ----------
    curve : SurvivalCurve
        From :func:`crmlab.retention.membership_survival` or ``survival_curve``.
    projection : array-like, optional
        A model's survival at times 0, 1, 2, … (e.g. ``SBGFit.survival``), drawn as a
        dashed line with markers.
    fitted_up_to : float, optional
        The last time the model saw; a dotted vertical line splits fitted from projected.
    projection_label : str, optional
        Legend entry of the projection (default "sBG model").

    Returns
    -------
    Axes
        The Kaplan–Meier step (first line), the projection (next line) when given.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.retention import survival_curve
    >>> km = survival_curve([1, 2, 2, 3, 4], [True, True, False, True, False])
    >>> ax = survival_chart(km, projection=[1.0, 0.8, 0.6, 0.45, 0.35], fitted_up_to=2)
    >>> len(ax.lines)
    3
    >>> plt.close("all")
    """
    if not isinstance(curve, SurvivalCurve):
        raise TypeError("curve: expected a SurvivalCurve (crmlab.retention.membership_survival)")
    ax = _axes(ax)
    table = curve.table
    ax.step(
        table["time"],
        table["survival"],
        where="post",
        color=PALETTE[0],
        lw=2.2,
        label=label("Kaplan–Meier (observed)", "Kaplan–Meier（实际）"),
    )
    ax.fill_between(
        table["time"],
        table["ci_lower"],
        table["ci_upper"],
        step="post",
        color=PALETTE[0],
        alpha=0.15,
        label=label("95% band", "95%置信带"),
    )
    if projection is not None:
        values = np.asarray(projection, dtype=float)
        ax.plot(
            np.arange(len(values)),
            values,
            color=PALETTE[1],
            ls="--",
            marker="o",
            lw=1.8,
            label=projection_label or label("sBG model", "sBG模型"),
        )
    if fitted_up_to is not None:
        ax.axvline(
            fitted_up_to,
            color=PALETTE[5],
            ls=":",
            lw=1.5,
            label=label("end of the fitting data", "拟合数据的终点"),
        )
    ax.set_ylim(0, 1.05)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(label("Renewals (years)", "续费次数（年）"))
    ax.set_ylabel(label("Share still a member", "仍是会员的比例"))
    ax.legend(loc="lower left", frameon=False, fontsize=9)
    ax.set_title(title or label("Survival of memberships", "会员的生存曲线"))
    return ax


def churn_lift_chart(
    lift_table: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Lift of a churn-risk model by risk decile (提升度): 1 = no better than chance.

    Parameters
    ----------
    lift_table : DataFrame
        ``ChurnRiskModel.lift_table``: ``decile`` (1 = riskiest) and ``lift``.

    Returns
    -------
    Axes
        One bar per decile and the line at lift 1.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"decile": [1, 2, 3], "lift": [2.0, 1.0, 0.2]})
    >>> ax = churn_lift_chart(table)
    >>> [float(p.get_height()) for p in ax.patches]
    [2.0, 1.0, 0.2]
    >>> plt.close("all")
    """
    require_columns(
        lift_table,
        ["decile", "lift"],
        "lift_table",
        hint="use ChurnRiskModel.lift_table from crmlab.churn.churn_risk_model",
    )
    require_nonempty(lift_table, "lift_table")
    ax = _axes(ax)
    lift = lift_table["lift"].to_numpy(dtype=float)
    colours = [PALETTE[3] if v > 1 else PALETTE[5] for v in lift]
    ax.bar(lift_table["decile"].astype(int), lift, color=colours, width=0.7)
    ax.axhline(1, color="black", lw=1, ls="--", label=label("chance (lift 1)", "随机（提升度1）"))
    for d, v in zip(lift_table["decile"].astype(int), lift, strict=True):
        ax.text(d, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(lift_table["decile"].astype(int))
    ax.set_ylim(0, max(float(lift.max()) * 1.2, 1.3))
    ax.set_xlabel(
        label("Risk decile (1 = highest predicted risk)", "风险十分位（1 = 预测风险最高）")
    )
    ax.set_ylabel(label("Lift (churn rate ÷ overall rate)", "提升度（流失率 ÷ 总流失率）"))
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    ax.set_title(
        title
        or label("Churn-risk model on held-out customers", "流失预警模型：在留出客户上的提升度")
    )
    return ax


def winback_chart(
    priority: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    value_cut: float | None = None,
    risk_cut: float | None = None,
) -> Axes:
    """Whom to win back (客户挽回): customer value against churn risk, coloured by quadrant.

    Parameters
    ----------
    priority : DataFrame
        :func:`crmlab.retention.winback_priority`: ``value``, ``risk``, ``quadrant``,
        ``quadrant_cn``.
    value_cut, risk_cut : float, optional
        The cuts used for the quadrants (default: the medians, as ``winback_priority``).

    Returns
    -------
    Axes
        One scatter collection per quadrant present and the two cut lines. The value axis
        is logarithmic when all values are positive.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.retention import winback_priority
    >>> table = winback_priority([900, 800, 100, 50], [0.8, 0.1, 0.9, 0.2])
    >>> ax = winback_chart(table)
    >>> len(ax.collections)
    4
    >>> plt.close("all")
    """
    require_columns(
        priority,
        ["value", "risk", "quadrant", "quadrant_cn"],
        "priority",
        hint="build it with crmlab.retention.winback_priority",
    )
    require_nonempty(priority, "priority")
    ax = _axes(ax)
    value = priority["value"].to_numpy(dtype=float)
    vc = float(np.median(value)) if value_cut is None else float(value_cut)
    rc = float(np.median(priority["risk"])) if risk_cut is None else float(risk_cut)
    for quadrant, colour in _QUADRANT_COLOURS.items():
        rows = priority.loc[priority["quadrant"] == quadrant]
        if len(rows):
            ax.scatter(
                rows["value"],
                rows["risk"],
                s=10,
                alpha=0.6,
                color=colour,
                label=label(quadrant, str(rows["quadrant_cn"].iloc[0])),
            )
    if (value > 0).all():
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: money(v, decimals=0 if v >= 1 else 2))
        )
    ax.axvline(vc, color="black", lw=0.8, ls="--")
    ax.axhline(rc, color="black", lw=0.8, ls="--")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(money_label("Customer value", "客户价值"))
    ax.set_ylabel(label("Churn risk", "流失风险"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9, markerscale=2)
    ax.set_title(title or label("Whom to win back: value × risk", "挽回谁：价值 × 风险"))
    return ax
