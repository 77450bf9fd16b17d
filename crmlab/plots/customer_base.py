"""Charts of the customer base (客户关系管理概述); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.customer_base` and returns the ``Axes``:

- :func:`customer_timeline_chart` — one customer's 360° view on a time line: orders,
  returns, service contacts, survey answers, membership
  (:func:`~crmlab.customer_base.customer_360`);
- :func:`relationship_stage_chart` — people per relationship stage (按关系远近), stacked by
  kind, from a cross-table of :func:`~crmlab.customer_base.relationship_stage`;
- :func:`customer_count_chart` — the "number of customers" view per period and
- :func:`customer_depth_chart` — the "more from the same customer" view, both from
  :func:`~crmlab.customer_base.customer_base_metrics`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from crmlab._validate import bool_column, require_columns
from crmlab.plots._theme import PALETTE, _axes, _date_axis, label, money_label

if TYPE_CHECKING:
    from crmlab.customer_base import CustomerView

__all__ = [
    "customer_count_chart",
    "customer_depth_chart",
    "customer_timeline_chart",
    "relationship_stage_chart",
]

_STAGE_NAMES = {
    "non_customer": ("non-customers", "非客户"),
    "potential": ("potential", "潜在客户"),
    "target": ("target", "目标客户"),
    "current": ("current", "现实客户"),
    "lost": ("lost", "流失客户"),
}
_KIND_NAMES = {
    "consumer": ("consumers", "消费者"),
    "enterprise": ("enterprises", "企业客户"),
    "unknown": ("kind unknown", "类型未知"),
}


def _thousands(value: float, _pos: object) -> str:
    return f"{value:,.0f}"


def customer_timeline_chart(
    view: CustomerView, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw one customer's relationship on a time line (客户360度视图).

    Kept order lines are stems whose height is the amount paid; returned lines are hollow
    markers; inquiries and complaints are marks below the axis; survey answers are dotted
    vertical lines; a paid membership is a shaded span (to its lapse date, or to the end of
    the chart).

    Parameters
    ----------
    view : CustomerView
        The result of :func:`crmlab.customer_base.customer_360`.
    ax : Axes, optional
        Where to draw; a new 7×4 figure by default.
    title : str, optional
        Chart title (default: "Customer <id>: the 360° view").

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.customer_base import customer_360
    >>> customers = pd.DataFrame({"customer_id": ["C1"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...     "category": ["tops", "shoes"], "amount": [100.0, 60.0], "cost": [50.0, 30.0],
    ...     "returned": [False, True]})
    >>> ax = customer_timeline_chart(customer_360("C1", customers, tx))
    >>> ax.get_title(), ax.get_ylabel() == money_label("Amount per order line")
    ('Customer C1: the 360° view', True)
    >>> plt.close("all")
    """
    ax = _axes(ax)
    orders = view.orders
    is_returned = bool_column(orders, "returned", "view.orders").to_numpy()
    kept = orders.loc[~is_returned]
    returned = orders.loc[is_returned]
    if len(kept):
        ax.vlines(kept["order_date"], 0, kept["amount"], color=PALETTE[0], linewidth=1.2)
        ax.scatter(
            kept["order_date"],
            kept["amount"],
            color=PALETTE[0],
            s=18,
            zorder=3,
            label=label("order line", "订单明细（保留）"),
        )
    if len(returned):
        ax.scatter(
            returned["order_date"],
            returned["amount"],
            facecolors="none",
            edgecolors=PALETTE[1],
            s=28,
            zorder=3,
            label=label("returned line", "订单明细（退货）"),
        )
    top = float(orders["amount"].max()) if len(orders) else 1.0
    top = top if top > 0 else 1.0
    contacts = view.service_contacts
    if contacts is not None and len(contacts):
        for kind, marker, colour, en, zh in (
            ("inquiry", "^", PALETTE[2], "inquiry", "咨询"),
            ("complaint", "v", PALETTE[3], "complaint", "投诉"),
        ):
            rows = contacts.loc[contacts["contact_type"] == kind]
            if len(rows):
                ax.scatter(
                    rows["contact_date"],
                    [-0.08 * top] * len(rows),
                    marker=marker,
                    color=colour,
                    s=40,
                    zorder=3,
                    label=label(en, zh),
                )
    survey = view.survey
    if survey is not None:
        for i, day in enumerate(survey["survey_date"]):
            ax.axvline(
                day,
                color=PALETTE[4],
                linestyle=":",
                linewidth=1.5,
                label=label("survey answer", "满意度调查") if i == 0 else None,
            )
    first, last = _time_span(view)
    membership = view.membership
    if membership is not None and len(membership):
        row = membership.iloc[-1]
        lapse = row.get("lapse_date")
        end = lapse if pd.notna(lapse) else max(last, row["join_date"])
        ax.axvspan(
            row["join_date"],
            end,
            color=PALETTE[5],
            alpha=0.15,
            label=label("paid membership", "付费会员"),
        )
    if view.observation_end is not None:
        ax.axvline(
            view.observation_end,
            color="#333333",
            linestyle="--",
            linewidth=1.0,
            label=label("observation end", "观察期末"),
        )
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_ylim(-0.15 * top, 1.45 * top)
    pad = max((last - first) * 0.03, pd.Timedelta(days=10))
    ax.set_xlim(first - pad, last + pad)  # her relationship, not matplotlib's default years
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    _date_axis(ax)  # few, compact date ticks: a short history would crowd full dates
    ax.set_xlabel(label("Date", "日期"))
    ax.set_ylabel(money_label("Amount per order line", "每条订单明细金额"))
    ax.set_title(
        title
        or label(
            f"Customer {view.customer_id}: the 360° view", f"客户 {view.customer_id} 的360度视图"
        )
    )
    if ax.get_legend_handles_labels()[0]:
        legend = ax.legend(
            loc="upper left",
            fontsize="small",
            ncols=3,
            columnspacing=1.0,
            handlelength=1.5,
            frameon=True,
            framealpha=0.9,
        )
        legend.get_frame().set_linewidth(0)  # a white ground over the shading, no box
    return ax


def _time_span(view: CustomerView) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a customer's relationship as the view records it (private).

    From her sign-up (or first record) to the day the view was taken (or her last record).
    """
    days = [pd.to_datetime(view.orders["order_date"])]
    for table, column in (
        (view.service_contacts, "contact_date"),
        (view.survey, "survey_date"),
        (view.membership, "join_date"),
    ):
        if table is not None and column in table:
            days.append(pd.to_datetime(table[column]))
    known = pd.concat([d for d in days if len(d)] or [pd.Series(dtype="datetime64[ns]")])
    signup = pd.to_datetime(view.profile.get("signup_date"), errors="coerce")
    first = min(known.min(), signup) if pd.notna(signup) and len(known) else known.min()
    if pd.isna(first):
        first = signup if pd.notna(signup) else view.observation_end
    last = view.observation_end if view.observation_end is not None else known.max()
    if pd.isna(first) or pd.isna(last):
        raise ValueError(
            f"view: customer {view.customer_id!r} has no dated record to draw; pass a view "
            "of crmlab.customer_base.customer_360"
        )
    return pd.Timestamp(first), pd.Timestamp(last)


def relationship_stage_chart(
    counts: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw people per relationship stage (按关系远近), one bar per stage, stacked by kind.

    Non-customers (非客户) get an empty, dashed bar labelled "not in the database": by
    definition they leave no record, so there is nothing to count.

    Parameters
    ----------
    counts : DataFrame
        Index = kind (e.g. consumer, enterprise), columns = stages of
        :data:`crmlab.customer_base.RELATIONSHIP_STAGES` (any subset, e.g. ``pd.crosstab(
        stages["kind"], stages["stage"])`` of :func:`~crmlab.customer_base.relationship_stage`).
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "Leads and customers by relationship stage").

    Returns
    -------
    Axes
        Stage bars from the most distant (top) to the lost (bottom), each labelled with its
        total; a legend of the kinds (bottom right, clear of the counts and the note) when there
        are two or more.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"potential": [5, 1], "target": [8, 2], "current": [4, 1],
    ...                       "lost": [6, 0]}, index=["consumer", "enterprise"])
    >>> ax = relationship_stage_chart(table)
    >>> [t.get_text() for t in ax.texts]
    ['not in the database', ' 6', ' 10', ' 5', ' 6']
    >>> plt.close("all")
    """
    unknown = [c for c in counts.columns if str(c) not in _STAGE_NAMES]
    if unknown:
        raise ValueError(
            f"counts: unknown stage column(s) {unknown[:5]}; columns must be stages "
            f"({', '.join(_STAGE_NAMES)}), e.g. pd.crosstab(stages['kind'], stages['stage'])"
        )
    ax = _axes(ax)
    stages = list(_STAGE_NAMES)
    table = counts.reindex(columns=stages).T
    positions = list(range(len(stages)))[::-1]
    left = pd.Series(0.0, index=stages)
    for i, kind in enumerate(table.columns):
        values = table[kind].fillna(0).astype(float)
        en, zh = _KIND_NAMES.get(str(kind), (str(kind), str(kind)))
        ax.barh(
            positions,
            values.to_numpy(),
            left=left.to_numpy(),
            color=PALETTE[i % len(PALETTE)],
            label=label(en, zh),
        )
        left = left + values
    width = float(left.max()) if float(left.max()) > 0 else 1.0
    top = positions[0]
    ax.barh([top], [0.25 * width], fill=False, linestyle="--", edgecolor="#777777")
    ax.text(
        0.27 * width,
        top,
        label("not in the database", "数据库中没有记录"),
        va="center",
        color="#555555",
    )
    for stage, pos in zip(stages[1:], positions[1:], strict=True):
        ax.text(left[stage], pos, f" {left[stage]:,.0f}", va="center")
    ax.set_yticks(positions, [label(*_STAGE_NAMES[s]) for s in stages])
    ax.set_xlim(0, width * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_xlabel(label("People (leads or customers)", "人数（线索或客户）"))
    ax.set_title(
        title or label("Leads and customers by relationship stage", "按关系远近的客户分类")
    )
    if len(table.columns) > 1:  # one kind needs no legend; bottom right is clear of every count
        ax.legend(loc="lower right", ncols=len(table.columns), fontsize="small")
    return ax


def _period_labels(index: pd.Index) -> list[str]:
    return [str(p) for p in index]


def customer_count_chart(
    metrics: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw the "number of customers" view (客户数量): active and new customers per period.

    Parameters
    ----------
    metrics : DataFrame
        The result of :func:`crmlab.customer_base.customer_base_metrics` (columns
        ``active_customers`` and ``new_customers``).
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "Traditional view: how many customers?").

    Returns
    -------
    Axes
        Two bars per period.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> metrics = pd.DataFrame({"active_customers": [400, 800], "new_customers": [400, 600]},
    ...                        index=pd.period_range("2024", periods=2, freq="Y"))
    >>> ax = customer_count_chart(metrics)
    >>> ax.get_ylabel(), len(ax.patches)
    ('Customers', 4)
    >>> plt.close("all")
    """
    require_columns(
        metrics,
        ["active_customers", "new_customers"],
        "metrics",
        hint="pass the result of crmlab.customer_base.customer_base_metrics",
    )
    ax = _axes(ax)
    x = list(range(len(metrics)))
    ax.bar(
        [i - 0.2 for i in x],
        metrics["active_customers"],
        width=0.4,
        color=PALETTE[0],
        label=label("active customers (bought in the period)", "活跃客户（当期有购买）"),
    )
    ax.bar(
        [i + 0.2 for i in x],
        metrics["new_customers"],
        width=0.4,
        color=PALETTE[1],
        label=label("new customers (signed up in the period)", "新增客户（当期注册）"),
    )
    ax.set_xticks(x, _period_labels(metrics.index))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_xlabel(label("Period", "时期"))
    ax.set_ylabel(label("Customers", "客户数"))
    ax.set_title(title or label("Traditional view: how many customers?", "传统视角：客户有多少？"))
    ax.legend(loc="upper left", fontsize="small")
    return ax


def customer_depth_chart(
    metrics: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw the CRM view (钱夹份额): revenue per active customer, with breadth and repeat notes.

    Parameters
    ----------
    metrics : DataFrame
        The result of :func:`crmlab.customer_base.customer_base_metrics` (columns
        ``revenue_per_active``, ``categories_per_active`` and ``repeat_rate``).
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "CRM view: how much per customer?").

    Returns
    -------
    Axes
        One bar per period, annotated with categories per customer (left out when it is
        unknown: order lines without a category) and the repeat rate.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> metrics = pd.DataFrame({"revenue_per_active": [650.0, 770.0],
    ...     "categories_per_active": [2.4, 2.7], "repeat_rate": [0.46, 0.52]},
    ...     index=pd.period_range("2024", periods=2, freq="Y"))
    >>> ax = customer_depth_chart(metrics)
    >>> ax.texts[0].get_text()
    '2.4 cat.\\n46% repeat'
    >>> plt.close("all")
    """
    require_columns(
        metrics,
        ["revenue_per_active", "categories_per_active", "repeat_rate"],
        "metrics",
        hint="pass the result of crmlab.customer_base.customer_base_metrics",
    )
    ax = _axes(ax)
    x = list(range(len(metrics)))
    heights = metrics["revenue_per_active"].to_numpy(dtype=float)
    ax.bar(x, heights, width=0.6, color=PALETTE[2])
    cats = metrics["categories_per_active"].to_numpy(dtype=float)
    repeat = metrics["repeat_rate"].to_numpy(dtype=float)
    for i, h, c, r in zip(x, heights, cats, repeat, strict=True):
        lines = [label(f"{r:.0%} repeat", f"复购{r:.0%}")] if pd.notna(r) else []
        if pd.notna(c):  # no category column: no breadth line (never "nan cat.")
            lines.insert(0, label(f"{c:.1f} cat.", f"{c:.1f}个品类"))
        ax.annotate(
            "\n".join(lines),
            (i, h),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="small",
            linespacing=1.3,
        )
    ax.set_ylim(0, max(float(pd.Series(heights).max()), 1.0) * 1.3)
    ax.set_xticks(x, _period_labels(metrics.index))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_xlabel(label("Period", "时期"))
    ax.set_ylabel(money_label("Revenue per active customer", "每位活跃客户收入"))
    ax.set_title(title or label("CRM view: how much per customer?", "CRM视角：每位客户贡献多少？"))
    return ax
