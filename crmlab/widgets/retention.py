"""The leaky-bucket explorer (漏斗原理与客户保持的经济效益): churn, acquisition and value.

The numbers come from :func:`crmlab.retention.leaky_bucket` and
:func:`crmlab.retention.retention_economics`, the chart from
:func:`crmlab.plots.leaky_bucket_chart`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from crmlab import plots, retention
from crmlab.widgets._explorer import Explorer, chart_image, float_slider, new_figure, png, readout

__all__ = ["leaky_bucket_explorer"]

_COLUMN_WIDTH = "380px"
_DESCRIPTION_WIDTH = "130px"
_UPLIFT = 5  # percentage points of retention in the economics readout


def _bucket_text(start: float, new: float, churn: float, years: int, cost: float) -> str:
    bucket = retention.leaky_bucket(start, new, churn, years, acquisition_cost=cost)
    end = float(bucket["customers_end"].iloc[-1])
    spend = float(bucket["cumulative_acquisition_spend"].iloc[-1])
    lost = float(bucket["lost"].sum())
    level = (
        plots.label(f"settles at {new / churn:,.0f}", f"长期稳定在 {new / churn:,.0f} 人")
        if churn > 0
        else plots.label("grows without end", "没有流失，一直增长")
    )
    return plots.label(
        f"After {years} years: <b>{end:,.0f}</b> customers (started {start:,.0f}; {level}); "
        f"lost {lost:,.0f}, acquisition spend <b>{plots.money(spend)}</b>",
        f"{years} 年后：<b>{end:,.0f}</b> 位客户（开始时 {start:,.0f}；{level}）；"
        f"共流失 {lost:,.0f} 人，获客支出 <b>{plots.money(spend)}</b>",
    )


def _economics_text(churn: float, margin: float, discount: float) -> str:
    keep = 1 - churn
    if keep + _UPLIFT / 100 > 1 or margin <= 0:
        return plots.label(
            f"Retention {keep:.0%}: no room for {_UPLIFT} more points (or no margin)",
            f"保持率 {keep:.0%}：没有再提高 {_UPLIFT} 个百分点的空间（或利润为0）",
        )
    table = retention.retention_economics(1, keep, margin, discount, uplift_points=[_UPLIFT])
    now, better = table.iloc[0], table.iloc[1]
    gain = float(better["value_gain_percent"])
    return plots.label(
        f"Value of a customer at retention {keep:.0%}: {plots.money(now['clv_per_customer'])}; "
        f"at {better['retention']:.0%}: {plots.money(better['clv_per_customer'])} "
        f"(<b>+{gain:.0f}%</b>)",
        f"保持率 {keep:.0%} 时每位客户价值 {plots.money(now['clv_per_customer'])}；"
        f"提高到 {better['retention']:.0%}：{plots.money(better['clv_per_customer'])}"
        f"（<b>+{gain:.0f}%</b>）",
    )


def leaky_bucket_explorer(
    start_customers: float = 1000,
    new_per_year: float = 200,
    churn_rate: float = 0.2,
    *,
    acquisition_cost: float = 100.0,
    margin: float = 100.0,
    discount: float = 0.1,
    years: int = 10,
) -> Explorer:
    """The leaky bucket and the value of retention (漏斗原理与客户保持的经济效益).

    Move the yearly churn rate, the new customers won per year and the cost of winning one:
    the chart shows the customer count and the acquisition spend piling up; the readouts
    give the count after ``years``, the level it settles at (new ÷ churn) and what a
    customer is worth at today's retention and at 5 points more
    (:func:`crmlab.retention.retention_economics`: margin at each year's end, discounted).

    Parameters
    ----------
    start_customers : float, default 1000
        Customers at the start (100–5,000).
    new_per_year : float, default 200
        New customers won each year (0–2,000).
    churn_rate : float, default 0.2
        Share of the customers lost each year (0–0.9).
    acquisition_cost : float, default 100
        Cost of winning one customer (0–1,000), in the theme's currency.
    margin : float, default 100
        Margin per customer per year (0–1,000).
    discount : float, default 0.1
        Yearly discount rate (0.01–0.3).
    years : int, default 10
        Years simulated (1–30).

    Returns
    -------
    Explorer
        Controls ``churn_rate`` (CSS ``crmlab-churn-rate``), ``new_per_year``
        (``crmlab-new-per-year``), ``acquisition_cost`` (``crmlab-cac``), ``margin``;
        outputs ``bucket`` (``crmlab-bucket-summary``), ``economics``
        (``crmlab-bucket-economics``), ``chart``.

    Examples
    --------
    >>> plots.use_english()
    >>> explorer = leaky_bucket_explorer(1000, 100, 0.1, years=5)
    >>> "<b>1,000</b> customers" in explorer.outputs["bucket"].value
    True
    >>> explorer.controls["churn_rate"].value = 0.2
    >>> "settles at 500" in explorer.outputs["bucket"].value
    True
    >>> "+" in explorer.outputs["economics"].value
    True
    """
    if not (np.isfinite(start_customers) and start_customers >= 0):
        raise ValueError(f"start_customers: 0 or more, got {start_customers!r}")
    if int(years) != years or not 1 <= years <= 30:
        raise ValueError(f"years: a whole number from 1 to 30, got {years!r}")
    if not (np.isfinite(discount) and 0 < discount <= 0.3):
        raise ValueError(f"discount: a yearly rate above 0 and at most 0.3, got {discount!r}")
    label = plots.label
    controls: dict[str, widgets.Widget] = {
        "churn_rate": float_slider(
            "churn-rate", label("Churn per year", "每年流失率"), churn_rate, 0, 0.9, 0.01
        ),
        "new_per_year": float_slider(
            "new-per-year",
            label("New customers / year", "每年新客户"),
            new_per_year,
            0,
            2000,
            10,
            ".0f",
        ),
        "acquisition_cost": float_slider(
            "cac",
            plots.money_label("Cost per new customer", "每位新客户的获取成本"),
            acquisition_cost,
            0,
            1000,
            5,
            ".0f",
        ),
        "margin": float_slider(
            "margin",
            plots.money_label("Margin per customer-year", "每位客户每年利润"),
            margin,
            0,
            1000,
            10,
            ".0f",
        ),
    }
    for control in controls.values():
        control.layout.width = _COLUMN_WIDTH
        control.style.description_width = _DESCRIPTION_WIDTH
    outputs = {
        "bucket": readout("crmlab-bucket-summary"),
        "economics": readout("crmlab-bucket-economics"),
        "chart": chart_image(),
    }
    n_years = int(years)

    def refresh() -> None:
        churn = float(controls["churn_rate"].value)
        new = float(controls["new_per_year"].value)
        cost = float(controls["acquisition_cost"].value)
        outputs["bucket"].value = _bucket_text(start_customers, new, churn, n_years, cost)
        outputs["economics"].value = _economics_text(
            churn, float(controls["margin"].value), discount
        )
        fig, ax = new_figure(right=0.86)
        bucket = retention.leaky_bucket(start_customers, new, churn, n_years, acquisition_cost=cost)
        plots.leaky_bucket_chart(bucket, ax=ax, title=label("The leaky bucket", "漏斗原理"))
        outputs["chart"].value = png(fig)

    explorer = Explorer(
        label("Leaky bucket and retention economics", "漏斗原理与客户保持的经济效益"),
        controls,
        outputs,
        refresh,
        css="crmlab-leaky-bucket",
    )
    explorer.arrange_in_columns(["churn_rate", "new_per_year"], ["acquisition_cost", "margin"])
    return explorer
