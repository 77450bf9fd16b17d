"""The "due this week" list generator (到期名单生成器): Dick's Supermarket on the company's data.

The list comes from :func:`crmlab.purchase_cycle.due_list`, its hold-out check from
:func:`crmlab.purchase_cycle.due_list_check`, the chart from
:func:`crmlab.plots.due_list_check_chart`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import plots
from crmlab.purchase_cycle import due_list, due_list_check
from crmlab.relationship import CATEGORY_NAMES
from crmlab.widgets._explorer import (
    STYLE,
    Explorer,
    chart_image,
    float_slider,
    html_table,
    new_figure,
    percent,
    png,
    readout,
)

__all__ = ["due_list_explorer"]

_ALL = "__all__"
_ROWS_SHOWN = 12
_WEEKS_BACK = 52
_CONTROL_WIDTH = "360px"


def _days(transactions: pd.DataFrame) -> list[pd.Timestamp]:
    """The days a list can be made on: weekly, the last 52 weeks up to the last day."""
    dates = pd.to_datetime(transactions["order_date"]).dt.normalize()
    last, first = dates.max(), dates.min()
    days = [last - pd.Timedelta(weeks=k) for k in range(_WEEKS_BACK, -1, -1)]
    return [d for d in days if d > first + pd.Timedelta(days=90)] or [last]


def _weekly_spend_top(transactions: pd.DataFrame, last_day: pd.Timestamp) -> float:
    """The 99th percentile of customers' weekly spend, rounded up to 10: the slider's top.

    Weekly spend is a customer's spending divided by the weeks since her first purchase (at
    least one), the measure the list's threshold is compared with.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [70.0, 70.0, 5.0],
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-01-08", "2025-01-08"])})
    >>> _weekly_spend_top(tx, pd.Timestamp("2025-01-15"))  # a: 140 in 2 weeks
    70.0
    """
    dates = pd.to_datetime(transactions["order_date"]).dt.normalize()
    amount = pd.to_numeric(transactions["amount"], errors="coerce")
    by = transactions["customer_id"]
    weeks = ((last_day - dates.groupby(by).min()).dt.days / 7).clip(lower=1)
    weekly = (amount.groupby(by).sum() / weeks).dropna()
    return float(np.ceil(weekly.quantile(0.99) / 10) * 10) if len(weekly) else 10.0


def _list_table(listed: pd.DataFrame, holdout: bool) -> pd.DataFrame:
    """The first rows of the list, with the names a student reads."""
    shown = listed.head(_ROWS_SHOWN).reset_index()
    item = [c for c in shown.columns if c not in listed.columns and c != "customer_id"]
    table = pd.DataFrame(
        {"customer_id": shown["customer_id"].astype(str)}
        | (
            {
                "category": [
                    plots.label(str(v), CATEGORY_NAMES.get(str(v), str(v))) for v in shown[item[0]]
                ]
            }
            if item
            else {}
        )
        | {
            "last_purchase": shown["last_purchase"].dt.strftime("%Y-%m-%d"),
            "median_gap_days": shown["median_gap_days"].round(0),
            "next_expected": shown["next_expected"].dt.strftime("%Y-%m-%d"),
            "weekly_spend": [plots.money(v) for v in shown["weekly_spend"]],
        }
        | (
            {"bought": [plots.label("yes", "是") if b else "–" for b in shown["bought"]]}
            if holdout
            else {}
        )
    ).set_index("customer_id")
    return table


_NAMES = {
    "customer_id": "客户",
    "category": "品类",
    "last_purchase": "上次购买",
    "median_gap_days": "典型间隔（天）",
    "next_expected": "预计下次购买",
    "weekly_spend": "每周消费",
    "bought": "留出周购买",
}


def due_list_explorer(
    transactions: pd.DataFrame,
    *,
    min_weekly_spend: float = 0.0,
    by: str | None = "category",
    draws: int = 200,
) -> Explorer:
    """The "due this week" list generator (到期名单生成器): Dick's list on any week.

    Pick the day the list is made, the window (days ahead), the minimum weekly spend and a
    category: the explorer lists the eligible customers (3 or more purchase days, weekly
    spend at least the minimum) whose next purchase (last purchase + typical gap) falls in
    the window. When the window after that day is in the data, it checks the list there:
    how many listed customers bought, against random lists of the same size drawn from the
    same eligible customers (:func:`crmlab.purchase_cycle.due_list_check`).

    Parameters
    ----------
    transactions : DataFrame
        Order lines (``customer_id``, ``order_date``, ``amount``; ``category`` for ``by``).
    min_weekly_spend : float, default 0
        The starting minimum weekly spend, in the theme's currency.
    by : str or None, default "category"
        Rhythm per customer × this column; ``None`` (or a column the data lack): one rhythm
        per customer and no category control.
    draws : int, default 200
        Random lists in the check.

    Returns
    -------
    Explorer
        Controls ``today`` (CSS ``crmlab-today``), ``window_days`` (``crmlab-window``),
        ``min_weekly_spend`` (``crmlab-min-spend``), ``item`` (``crmlab-item``); outputs
        ``summary`` (``crmlab-due-summary``), ``list`` (``crmlab-due-list``), ``chart``.

    Examples
    --------
    >>> plots.use_english()
    >>> days = pd.date_range("2024-01-01", periods=30, freq="7D")
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 30 + ["b"] * 30,
    ...     "order_date": list(days) + list(days + pd.Timedelta(days=3)),
    ...     "category": "tops", "amount": 50.0})
    >>> explorer = due_list_explorer(tx)
    >>> "bought" in explorer.outputs["summary"].value
    True
    >>> explorer.controls["today"].value = explorer.controls["today"].options[-1][1]
    >>> "not in the data" in explorer.outputs["summary"].value
    True
    """
    if not (np.isfinite(min_weekly_spend) and min_weekly_spend >= 0):
        raise ValueError(f"min_weekly_spend: 0 or more, got {min_weekly_spend!r}")
    if by is not None and by not in transactions.columns:
        by = None
    label = plots.label
    days = _days(transactions)
    last_day = days[-1]
    start_day = days[-2] if len(days) > 1 else days[-1]
    high = float(max(_weekly_spend_top(transactions, last_day), min_weekly_spend, 10.0))
    items = [(label("all", "全部"), _ALL)]
    if by is not None:
        values = sorted(str(v) for v in transactions[by].dropna().unique())
        items += [(label(v, CATEGORY_NAMES.get(v, v)), v) for v in values]
    controls: dict[str, widgets.Widget] = {
        "today": widgets.SelectionSlider(
            options=[(f"{d:%Y-%m-%d}", d) for d in days],
            value=start_day,
            description=label("List made on", "名单生成日"),
            continuous_update=False,
            style=STYLE,
        ),
        "window_days": widgets.IntSlider(
            value=7,
            min=3,
            max=14,
            description=label("Window (days)", "时间窗（天）"),
            continuous_update=False,
            style=STYLE,
        ),
        "min_weekly_spend": float_slider(
            "min-spend",
            plots.money_label("Min. weekly spend", "每周消费至少"),
            min_weekly_spend,
            0,
            high,
            max(float(np.floor(high / 100)), 1.0),
            ".0f",
        ),
        "item": widgets.Dropdown(
            options=items,
            value=_ALL,
            description=label("Category", "品类"),
            disabled=by is None,
            style=STYLE,
        ),
    }
    controls["today"].add_class("crmlab-today")
    controls["window_days"].add_class("crmlab-window")
    controls["item"].add_class("crmlab-item")
    for control in controls.values():
        control.layout.width = _CONTROL_WIDTH
    outputs = {
        "summary": readout("crmlab-due-summary"),
        "list": readout("crmlab-due-list"),
        "chart": chart_image(),
    }

    def refresh() -> None:
        today = pd.Timestamp(controls["today"].value)
        window = int(controls["window_days"].value)
        item = None if controls["item"].value == _ALL else controls["item"].value
        options = {
            "window_days": window,
            "min_weekly_spend": float(controls["min_weekly_spend"].value),
            "by": by,
            "item": item,
        }
        holdout = today + pd.Timedelta(days=window) <= last_day
        try:
            if holdout:
                check = due_list_check(transactions, today, draws=draws, **options)
                listed = check.listed
            else:
                listed = due_list(transactions, today, **options)
        except ValueError as err:
            outputs["summary"].value = label(f"No list: {err}", f"没有名单：{err}")
            outputs["list"].value = ""
            outputs["chart"].layout.display = "none"
            return
        n = int(listed.index.get_level_values(0).nunique())
        made = label(
            f"<b>{n:,}</b> customers due in the {window} days from {today:%Y-%m-%d}",
            f"{today:%Y-%m-%d} 起 {window} 天内到期：<b>{n:,}</b> 位客户",
        )
        if holdout and n:
            lift = "–" if not np.isfinite(check.lift) else f"{check.lift:.1f}"
            result = label(
                f"; in the following {window} days <b>{check.bought}</b> of them bought "
                f"(precision <b>{percent(check.precision)}</b>; random lists of {n} from "
                f"the {check.eligible:,} eligible: {percent(check.random_precision)}; "
                f"lift <b>{lift}</b>)",
                f"；此后 {window} 天里有 <b>{check.bought}</b> 位购买（命中率 "
                f"<b>{percent(check.precision)}</b>；从 {check.eligible:,} 位合格客户中随机抽 "
                f"{n} 人：{percent(check.random_precision)}；提升度 <b>{lift}</b>）",
            )
        elif holdout:
            result = label("; nobody to check it on", "；名单是空的，无法检验")
        else:
            result = label(
                f"; the following {window} days are not in the data, so the list cannot be "
                "checked yet",
                f"；此后 {window} 天不在数据里，名单暂时无法检验",
            )
        outputs["summary"].value = made + result
        outputs["list"].value = html_table(_list_table(listed, holdout), _NAMES) if n else ""
        if holdout and n:
            fig, ax = new_figure(right=0.7)
            plots.due_list_check_chart(check, ax=ax)
            outputs["chart"].value = png(fig)
            outputs["chart"].layout.display = None
        else:
            outputs["chart"].layout.display = "none"

    explorer = Explorer(
        label('The "due this week" list', "到期名单生成器"),
        controls,
        outputs,
        refresh,
        css="crmlab-due-list",
    )
    explorer.arrange_in_columns(["today", "window_days"], ["min_weekly_spend", "item"])
    return explorer
