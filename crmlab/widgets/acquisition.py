"""The funnel explorer (销售漏斗探索): stage-to-stage conversion rates on sliders.

The counts come from :func:`crmlab.acquisition.funnel_from_rates`, the money readout (cost
per customer won and the return) from :func:`crmlab.acquisition.funnel_economics`, the chart
from :func:`crmlab.plots.funnel_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import acquisition, plots
from crmlab.widgets._explorer import (
    Explorer,
    chart_image,
    float_slider,
    html_table,
    new_figure,
    percent,
    png,
    readout,
)

__all__ = ["funnel_explorer"]

_DEFAULT_RATES = (0.6, 0.5, 0.4, 0.5)
#: One description width for every control, so the sliders and boxes line up.
_LABELS = {"description_width": "125px"}
_BOX = {"width": "250px"}
_SLIDER_WIDTH = "370px"
#: Column headers of the explorer's table in Chinese mode.
_TABLE_NAMES = {
    "stage": "阶段",
    "reached": "到达线索",
    "stage_conversion": "阶段转化率",
    "cumulative_conversion": "累计转化率",
    "lost": "在此流失",
}


def _funnel_chart(table: pd.DataFrame, n_leads: float) -> bytes:
    fig, ax = new_figure(left=0.17)
    title = plots.label(f"Funnel of {n_leads:,.0f} leads", f"{n_leads:,.0f}条线索的销售漏斗")
    plots.funnel_chart(table, ax=ax, title=title)
    return png(fig)


def _shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The funnel as the student reads it: whole leads, shares as percentages."""
    reached = np.round(table["reached"].to_numpy(dtype=float)).astype(int)
    names = [
        plots.label(f"{s} ({cn})", str(cn))
        for s, cn in zip(table.index, table["stage_cn"], strict=True)
    ]
    return pd.DataFrame(
        {
            "reached": reached,
            "stage_conversion": table["stage_conversion"].map(percent).to_numpy(),
            "cumulative_conversion": table["cumulative_conversion"].map(percent).to_numpy(),
            "lost": np.append(reached[:-1] - reached[1:], 0),
        },
        index=pd.Index(names, name="stage"),
    )


def _money_text(result: acquisition.FunnelEconomics) -> str:
    """The explorer's money readout: cost per customer won and the return."""
    roi = "–" if not np.isfinite(result.roi) else f"{result.roi:+.0%}"
    per_customer = plots.money(result.cost_per_customer)
    if plots.chinese_enabled():
        return (
            f"线索成本合计 {plots.money(result.lead_cost)}<br>"
            f"每成交一位客户的获取成本 <b>{per_customer}</b><br>"
            f"成交客户带来的价值 {plots.money(result.value)}<br>"
            f"投资回报率（ROI）<b>{roi}</b>"
        )
    return (
        f"Leads cost {plots.money(result.lead_cost)}<br>"
        f"cost per customer won <b>{per_customer}</b><br>"
        f"the customers won bring {plots.money(result.value)}<br>"
        f"return on investment (ROI) <b>{roi}</b>"
    )


def funnel_explorer(
    n_leads: int = 1000,
    rates: Sequence[float] = _DEFAULT_RATES,
    cost_per_lead: float = 10.0,
    value_per_customer: float = 250.0,
) -> Explorer:
    """A sales funnel (销售漏斗) whose stage-to-stage conversion rates the student moves.

    The counts come from :func:`crmlab.acquisition.funnel_from_rates`; what the funnel costs
    and returns from :func:`crmlab.acquisition.funnel_economics`, with every lead costing
    ``cost_per_lead`` and every customer won bringing ``value_per_customer`` (amounts in
    the theme's currency).

    Parameters
    ----------
    n_leads : int
        Leads entering the funnel.
    rates : sequence of float
        Conversion rate of each step between the stages lead → contacted → interested →
        negotiating → won (four rates in [0, 1]).
    cost_per_lead : float
        What one lead costs (≥ 0).
    value_per_customer : float
        What one customer won brings (profit).

    Returns
    -------
    Explorer
        Controls ``n_leads``, ``rate_<stage>`` for each stage after the first (CSS class
        ``crmlab-rate-<stage>``), ``cost_per_lead`` and ``value_per_customer``
        (``crmlab-cost-per-lead``, ``crmlab-value-per-customer``); outputs ``summary``
        (``crmlab-funnel-summary``), ``money`` (``crmlab-funnel-money``: cost per customer
        won and ROI), ``table``, ``chart``. The controls sit beside the readouts, the chart
        below them.

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5], cost_per_lead=10,
    ...                      value_per_customer=250)
    >>> fx.controls["rate_won"].value = 0.25
    >>> fx.outputs["summary"].value
    'Won: <b>30</b> of 1,000 leads (3.0% overall)'
    >>> "ROI) <b>-25%</b>" in fx.outputs["money"].value
    True
    """
    stages = acquisition.LEAD_STAGES
    acquisition.funnel_from_rates(n_leads, rates)  # validates the arguments
    acquisition.funnel_economics(n_leads, 0, cost_per_lead, value_per_customer)
    controls: dict[str, widgets.Widget] = {
        "n_leads": widgets.BoundedIntText(
            value=int(n_leads),
            min=0,
            max=1_000_000,
            step=100,
            description=plots.label("Leads", "线索数"),
            style=_LABELS,
            layout=_BOX,
        )
    }
    controls["n_leads"].add_class("crmlab-n-leads")
    for stage, rate in zip(stages[1:], rates, strict=True):
        name = plots.label(stage, acquisition.LEAD_STAGES_CN[stage])
        controls[f"rate_{stage}"] = float_slider(
            f"rate-{stage}", f"→ {name}", float(rate), 0, 1, 0.01
        )
        controls[f"rate_{stage}"].style.description_width = _LABELS["description_width"]
        controls[f"rate_{stage}"].layout.width = _SLIDER_WIDTH
    money_inputs = {
        "cost_per_lead": (cost_per_lead, 0.0, plots.money_label("cost per lead", "单条线索成本")),
        "value_per_customer": (
            value_per_customer,
            -1e6,
            plots.money_label("value per customer won", "每位客户价值"),
        ),
    }
    for key, (start, low, description) in money_inputs.items():
        controls[key] = widgets.BoundedFloatText(
            value=float(start),
            min=low,
            max=1e6,
            step=5,
            description=description,
            style=_LABELS,
            layout=_BOX,
        )
        controls[key].add_class(f"crmlab-{key.replace('_', '-')}")
    outputs = {
        "summary": readout("crmlab-funnel-summary"),
        "money": readout("crmlab-funnel-money"),
        "table": readout("crmlab-funnel-table"),
        "chart": chart_image(),
    }

    def refresh() -> None:
        leads = float(controls["n_leads"].value)
        table = acquisition.funnel_from_rates(
            leads, [controls[f"rate_{s}"].value for s in stages[1:]]
        )
        won = float(table["reached"].iloc[-1])
        overall = float(table["cumulative_conversion"].iloc[-1]) if leads > 0 else float("nan")
        outputs["summary"].value = plots.label(
            f"Won: <b>{won:,.0f}</b> of {leads:,.0f} leads ({percent(overall)} overall)",
            f"成交：<b>{won:,.0f}</b> 位客户，来自 {leads:,.0f} 条线索"
            f"（总转化率 {percent(overall)}）",
        )
        result = acquisition.funnel_economics(
            leads, won, controls["cost_per_lead"].value, controls["value_per_customer"].value
        )
        outputs["money"].value = _money_text(result)
        outputs["table"].value = html_table(_shown_table(table), _TABLE_NAMES)
        outputs["chart"].value = _funnel_chart(table, leads)

    explorer = Explorer(
        plots.label("Funnel explorer", "销售漏斗探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-funnel",
    )
    header = explorer.children[0]
    readouts = widgets.VBox(
        [outputs["summary"], outputs["money"], outputs["table"]],
        layout={"margin": "0 0 0 20px"},
    )
    explorer.children = (
        header,
        widgets.HBox([widgets.VBox(list(controls.values())), readouts]),
        outputs["chart"],
    )
    return explorer
