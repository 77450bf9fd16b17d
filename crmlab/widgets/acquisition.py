"""The funnel explorer (销售漏斗探索): stage-to-stage conversion rates on sliders.

The counts come from :func:`crmlab.acquisition.funnel_from_rates`, the chart from
:func:`crmlab.plots.funnel_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from crmlab import acquisition, plots
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

__all__ = ["funnel_explorer"]

_DEFAULT_RATES = (0.6, 0.5, 0.4, 0.5)


def _funnel_chart(table: pd.DataFrame, n_leads: float) -> bytes:
    fig, ax = new_figure(left=0.17)
    title = plots.label(f"Funnel of {n_leads:,.0f} leads", f"{n_leads:,.0f}条线索的销售漏斗")
    plots.funnel_chart(table, ax=ax, title=title)
    return png(fig)


def funnel_explorer(n_leads: int = 1000, rates: Sequence[float] = _DEFAULT_RATES) -> Explorer:
    """A sales funnel (销售漏斗) whose stage-to-stage conversion rates the student moves.

    The counts come from :func:`crmlab.acquisition.funnel_from_rates`.

    Parameters
    ----------
    n_leads : int
        Leads entering the funnel.
    rates : sequence of float
        Conversion rate of each step between the stages lead → contacted → interested →
        negotiating → won (four rates in [0, 1]).

    Returns
    -------
    Explorer
        Controls ``n_leads`` and ``rate_<stage>`` for each stage after the first (CSS class
        ``crmlab-rate-<stage>``); outputs ``summary`` (``crmlab-funnel-summary``), ``table``,
        ``chart``.

    Examples
    --------
    >>> fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5])
    >>> fx.controls["rate_won"].value = 0.25
    >>> fx.outputs["summary"].value
    'Won: <b>30</b> of 1,000 leads (3.0% overall)'
    """
    stages = acquisition.LEAD_STAGES
    acquisition.funnel_from_rates(n_leads, rates)  # validates the arguments
    controls: dict[str, widgets.Widget] = {
        "n_leads": widgets.BoundedIntText(
            value=int(n_leads), min=0, max=1_000_000, step=100, description="Leads", style=STYLE
        )
    }
    controls["n_leads"].add_class("crmlab-n-leads")
    for stage, rate in zip(stages[1:], rates, strict=True):
        controls[f"rate_{stage}"] = float_slider(
            f"rate-{stage}", f"→ {stage}", float(rate), 0, 1, 0.01
        )
    outputs = {
        "summary": readout("crmlab-funnel-summary"),
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
        outputs[
            "summary"
        ].value = f"Won: <b>{won:,.0f}</b> of {leads:,.0f} leads ({percent(overall)} overall)"
        shown = pd.DataFrame(
            {
                "中文": table["stage_cn"],
                "reached": table["reached"].map(lambda v: f"{v:,.1f}"),
                "from previous": table["stage_conversion"].map(percent),
                "of all leads": table["cumulative_conversion"].map(percent),
                "lost here": table["lost"].map(lambda v: f"{v:,.1f}"),
            }
        )
        outputs["table"].value = html_table(shown)
        outputs["chart"].value = _funnel_chart(table, leads)

    return Explorer(
        plots.label("Funnel explorer", "销售漏斗探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-funnel",
    )
