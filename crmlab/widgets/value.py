"""Explorers of customer value: the customer pyramid and the value – capability matrix.

The numbers come from :mod:`crmlab.value` (:func:`~crmlab.value.customer_pyramid`,
:func:`~crmlab.value.value_capability_matrix`), the charts from
:func:`crmlab.plots.pyramid_chart` and :func:`crmlab.plots.value_matrix_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
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
    controls: dict[str, widgets.Widget] = {
        "vip": float_slider("share-vip", "VIP share", shares[0], 0.005, 0.10, 0.005, ".1%"),
        "major": float_slider("share-major", "Major share", shares[1], 0.01, 0.20, 0.005, ".1%"),
        "ordinary": float_slider(
            "share-ordinary", "Ordinary share", shares[2], 0.05, 0.40, 0.01, ".0%"
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
        outputs["summary"].value = (
            f"Top tier ({percent(top[0])} of customers): "
            f"<b>{percent(float(summary[f'{rank_by}_share'].iloc[0]))}</b> of {rank_by}"
        )
        shown = pd.DataFrame(
            {
                "中文": value.tier_labels_cn(list(summary.index)),
                "customers": summary["customers"].map(lambda v: f"{v:,d}"),
                "of customers": summary["customer_share"].map(percent),
                **{f"of {c}": summary[f"{c}_share"].map(percent) for c in measures},
            },
            index=summary.index,
        )
        outputs["table"].value = html_table(shown)
        outputs["chart"].value = _pyramid_chart(summary, measures)

    return Explorer(
        plots.label("Customer pyramid explorer", "客户金字塔探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-pyramid",
    )


def _matrix_chart(
    matrix: pd.DataFrame, vcut: float, ccut: float, value_label: str, capability_label: str
) -> bytes:
    fig, ax = new_figure((6.4, 3.6), left=0.14)
    # at most 3,000 dots: every refresh redraws them
    shown = matrix if len(matrix) <= 3000 else matrix.sample(3000, random_state=0)
    plots.value_matrix_chart(
        shown,
        vcut,
        ccut,
        ax=ax,
        value_label=value_label,
        capability_label=capability_label,
        symlog_threshold=None,
    )
    return png(fig)


def value_matrix_explorer(
    customer_value: pd.Series,
    capability: pd.Series,
    *,
    value_label: str | None = None,
    capability_label: str = "capability to serve (score)",
    value_quantile: float = 0.5,
    capability_quantile: float = 0.5,
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
    value_label, capability_label : str
        Axis labels, with units (default value label:
        ``plots.money_label("customer value", "客户价值")``, e.g. "customer value (£)").
    value_quantile, capability_quantile : float
        Where the sliders start: the cuts as quantiles of the data (0.5 = the medians;
        e.g. ``value_quantile=0.8`` starts with the top 20% by value counted as high).

    Returns
    -------
    Explorer
        Controls ``value_quantile`` and ``capability_quantile`` (CSS
        ``crmlab-value-quantile`` …); outputs ``summary`` (``crmlab-matrix-summary``),
        ``table``, ``chart``.

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
    shown_value_label = value_label or plots.money_label("customer value", "客户价值")
    require_nonempty(start, "customer_value")
    controls: dict[str, widgets.Widget] = {
        "value_quantile": float_slider(
            "value-quantile", "Value cut (quantile)", value_quantile, 0, 1, 0.05, ".0%"
        ),
        "capability_quantile": float_slider(
            "capability-quantile",
            "Capability cut (quantile)",
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
        "chart": chart_image(),
    }

    def refresh() -> None:
        vcut = float(start["value"].quantile(controls["value_quantile"].value))
        ccut = float(start["capability"].quantile(controls["capability_quantile"].value))
        matrix = value.value_capability_matrix(
            customer_value, capability, value_cut=vcut, capability_cut=ccut
        )
        counts = matrix["zone"].value_counts().reindex(["A", "B", "C"], fill_value=0)
        totals = matrix.groupby("zone")["value"].sum().reindex(["A", "B", "C"], fill_value=0)
        grand = float(matrix["value"].sum())
        outputs["summary"].value = (
            f"Cuts: value ≥ {plots.money(vcut, decimals=2)}, capability ≥ {ccut:,.4g} → "
            "zone A holds "
            f"<b>{int(counts['A']):,d}</b> customers ({percent(counts['A'] / len(matrix))})"
        )
        shown = pd.DataFrame(
            {
                "zone": [value.VALUE_CAPABILITY_ZONES[z][0] for z in counts.index],
                "中文": [value.VALUE_CAPABILITY_ZONES[z][1] for z in counts.index],
                "customers": counts.map(lambda v: f"{v:,d}"),
                "of customers": (counts / len(matrix)).map(percent),
                "of value": (totals / grand).map(percent) if grand != 0 else ["–"] * len(counts),
            },
            index=counts.index,
        )
        outputs["table"].value = html_table(shown)
        outputs["chart"].value = _matrix_chart(
            matrix, vcut, ccut, shown_value_label, capability_label
        )

    return Explorer(
        plots.label("Value–capability matrix explorer", "客户价值-企业能力矩阵探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-matrix",
    )
