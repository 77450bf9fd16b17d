"""Explorers of customer value: the customer pyramid and the value – capability matrix.

The numbers come from :mod:`crmlab.value` (:func:`~crmlab.value.customer_pyramid`,
:func:`~crmlab.value.value_capability_matrix`), the charts from
:func:`crmlab.plots.pyramid_chart` and :func:`crmlab.plots.value_matrix_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import plots, value
from crmlab._validate import require_columns, require_nonempty
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

__all__ = ["pyramid_explorer", "value_matrix_explorer"]


def _pyramid_chart(summary: pd.DataFrame, measures: Sequence[str]) -> bytes:
    fig, ax = new_figure(left=0.16)
    plots.pyramid_chart(
        summary,
        ax=ax,
        title=plots.label("Customer pyramid: who brings the value", "客户金字塔"),
        columns=("customer_share", *[f"{m}_share" for m in measures]),
    )
    return png(fig)


def _share_headers(measures: Sequence[str]) -> dict[str, str]:
    """Chinese headers of the explorers' share columns (``html_table`` names)."""
    return {
        "of customers": "客户占比",
        **{f"of {m}": f"{plots.display_name(m)}占比" for m in measures},
    }


def _pyramid_table(summary: pd.DataFrame, measures: Sequence[str]) -> str:
    tiers = list(summary.index)
    chinese = plots.chinese_enabled()
    shown = pd.DataFrame(
        {
            "customers": summary["customers"].to_numpy(),
            "of customers": summary["customer_share"].map(percent).to_numpy(),
            **{f"of {c}": summary[f"{c}_share"].map(percent).to_numpy() for c in measures},
        },
        index=pd.Index(value.tier_labels_cn(tiers) if chinese else tiers, name="tier"),
    )
    if not chinese:  # the course's Chinese terms beside the English ones
        shown.insert(0, "中文", value.tier_labels_cn(tiers))
    return html_table(shown, _share_headers(measures))


def pyramid_explorer(
    profitability: pd.DataFrame,
    *,
    rank_by: str = "profit",
    measures: Sequence[str] = ("revenue", "profit"),
    shares: Sequence[float] = value.PYRAMID_SHARES,
) -> Explorer:
    """The customer pyramid (客户金字塔) with movable tier cut-offs.

    The student sets the shares of VIP, major and ordinary customers (small customers take
    the rest) and watches each tier's share of customers, revenue and profit, computed by
    :func:`crmlab.value.customer_pyramid`.

    Parameters
    ----------
    profitability : DataFrame
        One row per customer, e.g. :func:`crmlab.value.customer_profitability`.
    rank_by : str
        The column customers are ranked by (the top tier has the highest values).
    measures : sequence of str
        The columns whose share per tier is shown.
    shares : sequence of float
        Starting shares of the four tiers (VIP, major, ordinary, small), summing to 1.

    Returns
    -------
    Explorer
        Controls ``vip``, ``major``, ``ordinary`` (CSS ``crmlab-share-vip`` …); outputs
        ``summary`` (``crmlab-pyramid-summary``), ``table``, ``chart``.

    Examples
    --------
    >>> import numpy as np
    >>> data = pd.DataFrame({"revenue": np.arange(1.0, 101.0), "profit": np.arange(1.0, 101.0)})
    >>> px = pyramid_explorer(data)
    >>> px.controls["vip"].value = 0.05
    >>> px.outputs["summary"].value
    'Top tier (5.0% of customers): <b>9.7%</b> of profit'
    """
    require_columns(profitability, [rank_by, *measures], "profitability")
    require_nonempty(profitability, "profitability")
    if len(shares) != 4:
        raise ValueError(f"shares: four tier shares (VIP, major, ordinary, small), got {shares!r}")
    value.customer_pyramid(profitability[rank_by], shares)  # validates the shares
    label = plots.label
    controls: dict[str, widgets.Widget] = {
        "vip": float_slider(
            "share-vip", label("VIP share", "VIP客户占比"), shares[0], 0.005, 0.10, 0.005, ".1%"
        ),
        "major": float_slider(
            "share-major", label("Major share", "主要客户占比"), shares[1], 0.01, 0.20, 0.005, ".1%"
        ),
        "ordinary": float_slider(
            "share-ordinary",
            label("Ordinary share", "普通客户占比"),
            shares[2],
            0.05,
            0.40,
            0.01,
            ".0%",
        ),
    }
    outputs = {
        "summary": readout("crmlab-pyramid-summary"),
        "table": readout("crmlab-pyramid-table"),
        "chart": chart_image(),
    }
    measure_table = profitability.loc[:, list(measures)]

    def refresh() -> None:
        top = [float(controls[k].value) for k in ("vip", "major", "ordinary")]
        small = 1.0 - sum(top)  # ≥ 30 %: the sliders' maxima sum to 70 %
        pyramid = value.customer_pyramid(
            profitability[rank_by], (*top, small), measures=measure_table
        )
        summary = pyramid.summary
        top_share = percent(float(summary[f"{rank_by}_share"].iloc[0]))
        outputs["summary"].value = label(
            f"Top tier ({percent(top[0])} of customers): <b>{top_share}</b> of {rank_by}",
            f"最高层（{percent(top[0])}的客户）贡献<b>{top_share}</b>的"
            f"{plots.display_name(rank_by)}",
        )
        outputs["table"].value = _pyramid_table(summary, measures)
        outputs["chart"].value = _pyramid_chart(summary, measures)

    return Explorer(
        label("Customer pyramid explorer", "客户金字塔探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-pyramid",
    )


def _matrix_chart(
    matrix: pd.DataFrame,
    cuts: tuple[float, float],
    labels: tuple[str | None, str | None],
    symlog_threshold: float | None,
) -> bytes:
    fig, ax = new_figure((6.4, 4.2), left=0.14)
    # at most 3,000 dots: every refresh redraws them
    shown = matrix if len(matrix) <= 3000 else matrix.sample(3000, random_state=0)
    plots.value_matrix_chart(
        shown,
        *cuts,
        ax=ax,
        value_label=labels[0],
        capability_label=labels[1],
        symlog_threshold=symlog_threshold,
    )
    return png(fig)


def _matrix_table(matrix: pd.DataFrame) -> tuple[str, str]:
    """The zones' table as HTML, and a note on shares outside 0–100 % ("" when none)."""
    zones = ["A", "B", "C"]
    counts = matrix["zone"].value_counts().reindex(zones, fill_value=0)
    totals = matrix.groupby("zone")["value"].sum().reindex(zones, fill_value=0.0)
    grand = float(matrix["value"].sum())
    shares = totals / grand if grand > 0 else pd.Series(np.nan, index=zones)
    chinese = plots.chinese_enabled()
    names = value.VALUE_CAPABILITY_ZONES
    shown = pd.DataFrame(
        {
            "customers": counts.to_numpy(),
            "of customers": (counts / len(matrix)).map(percent).to_numpy(),
            "of total value": shares.map(percent).to_numpy(),
        },
        index=pd.Index(
            [f"{z} {names[z][1]}" if chinese else f"{z}: {names[z][0]}" for z in zones],
            name="zone",
        ),
    )
    if not chinese:
        shown.insert(0, "中文", [names[z][1] for z in zones])
    table = html_table(
        shown, {"zone": "分区", "of customers": "客户占比", "of total value": "占总价值比例"}
    )
    if grand <= 0:
        note = plots.label(
            "The customers' values add up to zero or less, so no share of the total is shown.",
            "全部客户的价值之和不大于零，因此不显示占比。",
        )
    elif (shares < 0).any() or (shares > 1).any():
        note = plots.label(
            "A negative share: that zone's customers lose money in total (their values add up "
            "below zero), so the other zones together hold more than 100% of the value.",
            "占比为负：该区客户合计亏损（价值之和小于零），其余各区合计的占比因而超过100%。",
        )
    else:
        note = ""
    return table, note


def value_matrix_explorer(
    customer_value: pd.Series,
    capability: pd.Series,
    *,
    value_label: str | None = None,
    capability_label: str | None = None,
    value_quantile: float = 0.5,
    capability_quantile: float = 0.5,
    symlog_threshold: float | None = 100.0,
) -> Explorer:
    """The customer value – enterprise capability matrix (客户价值-企业能力矩阵) with movable cuts.

    The student moves the value and capability cut-offs (as quantiles of the data) and
    watches how many customers, and which share of the value, fall in zones A (select
    actively), B (select when the chance comes) and C (select passively), computed by
    :func:`crmlab.value.value_capability_matrix`.

    Parameters
    ----------
    customer_value, capability : Series
        Per customer, with the same index; the value is money (e.g. profit or CLV), shown
        in the theme's currency.
    value_label, capability_label : str, optional
        Axis labels, with units (defaults: those of :func:`crmlab.plots.value_matrix_chart`,
        e.g. "customer value, symmetric log scale (£)").
    value_quantile, capability_quantile : float
        Where the sliders start: the cuts as quantiles of the data (0.5 = the medians;
        e.g. ``value_quantile=0.8`` starts with the top 20% by value counted as high).
    symlog_threshold : float or None, default 100
        The value axis's scale, as in :func:`crmlab.plots.value_matrix_chart`: pass the
        static chart's value so both show the customers alike (``None``: linear).

    The table gives each zone's customers and its share of the total value; a zone whose
    customers lose money in total has a negative share, and a note under the table says so.

    Returns
    -------
    Explorer
        Controls ``value_quantile`` and ``capability_quantile`` (CSS
        ``crmlab-value-quantile`` …); outputs ``summary`` (``crmlab-matrix-summary``),
        ``table``, ``note`` (what a share outside 0–100 % means, empty otherwise),
        ``chart``.

    Examples
    --------
    >>> plots.set_theme(currency="£")
    >>> mx = value_matrix_explorer(pd.Series([10.0, 8, 2, 1]), pd.Series([5.0, 1, 5, 1]))
    >>> mx.controls["value_quantile"].value = 0.0
    >>> mx.outputs["summary"].value
    'Cuts: value ≥ £1.00, capability ≥ 3 → zone A holds <b>2</b> customers (50.0%)'
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    for name, q in (
        ("value_quantile", value_quantile),
        ("capability_quantile", capability_quantile),
    ):
        if not 0 <= q <= 1:
            raise ValueError(f"{name}: a quantile between 0 and 1, got {q!r}; write 80% as 0.8")
    start = value.value_capability_matrix(customer_value, capability)  # validates the input
    require_nonempty(start, "customer_value")
    label = plots.label
    controls: dict[str, widgets.Widget] = {
        "value_quantile": float_slider(
            "value-quantile",
            label("Value cut (quantile)", "价值分界（分位数）"),
            value_quantile,
            0,
            1,
            0.05,
            ".0%",
        ),
        "capability_quantile": float_slider(
            "capability-quantile",
            label("Capability cut (quantile)", "能力分界（分位数）"),
            capability_quantile,
            0,
            1,
            0.05,
            ".0%",
        ),
    }
    outputs = {
        "summary": readout("crmlab-matrix-summary"),
        "table": readout("crmlab-matrix-table"),
        "note": readout("crmlab-matrix-note"),
        "chart": chart_image(),
    }

    def refresh() -> None:
        vcut = float(start["value"].quantile(controls["value_quantile"].value))
        ccut = float(start["capability"].quantile(controls["capability_quantile"].value))
        matrix = value.value_capability_matrix(
            customer_value, capability, value_cut=vcut, capability_cut=ccut
        )
        in_a = int((matrix["zone"] == "A").sum())
        share_a = percent(in_a / len(matrix))
        cut = plots.money(vcut, decimals=2)
        outputs["summary"].value = label(
            f"Cuts: value ≥ {cut}, capability ≥ {ccut:,.4g} → zone A holds "
            f"<b>{in_a:,d}</b> customers ({share_a})",
            f"分界：价值 ≥ {cut}，能力 ≥ {ccut:,.4g} → A区（重点选择）有"
            f"<b>{in_a:,d}</b>位客户（{share_a}）",
        )
        outputs["table"].value, note = _matrix_table(matrix)
        outputs["note"].value = f"<small>{note}</small>" if note else ""
        outputs["chart"].value = _matrix_chart(
            matrix, (vcut, ccut), (value_label, capability_label), symlog_threshold
        )

    return Explorer(
        label("Value–capability matrix explorer", "客户价值-企业能力矩阵探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-matrix",
    )
