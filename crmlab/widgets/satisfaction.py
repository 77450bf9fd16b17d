"""The delivered-value / CSI calculator (让渡价值与满意度指数计算器).

Eight sliders for the parts of delivered value (four values, four costs) and two for one
attribute's expected and perceived score. The numbers come from
:func:`crmlab.satisfaction.delivered_value` and :func:`crmlab.satisfaction.csi`, the chart
from :func:`crmlab.plots.delivered_value_chart`.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import pandas as pd

from crmlab import plots
from crmlab.satisfaction import COST_COLUMNS, PART_NAMES, VALUE_COLUMNS, csi, delivered_value
from crmlab.widgets._explorer import Explorer, chart_image, float_slider, new_figure, png, readout

__all__ = ["satisfaction_calculator"]

_PARTS = (*VALUE_COLUMNS, *COST_COLUMNS)
_PART_EN = {
    "product_value": "Product value",
    "service_value": "Service value",
    "personnel_value": "Personnel value",
    "image_value": "Image value",
    "money_cost": "Money cost",
    "time_cost": "Time cost",
    "energy_cost": "Energy cost",
    "psychic_cost": "Psychic cost",
}
_START = dict(zip(_PARTS, (8.0, 7.0, 6.0, 7.0, 6.0, 3.0, 2.0, 1.0), strict=True))
_CONTROL_WIDTH = "330px"


def _delivered_text(parts: Mapping[str, float]) -> str:
    """The delivered-value readout, from :func:`crmlab.satisfaction.delivered_value`."""
    row = delivered_value(parts).iloc[0]
    value, cost, dv = row["total_value"], row["total_cost"], row["delivered_value"]
    ratio = row["value_cost_ratio"]
    ratio_text = "–" if pd.isna(ratio) else f"{ratio:.2f}"
    sign = ("positive", "正") if dv > 0 else ("zero", "零") if dv == 0 else ("negative", "负")
    return plots.label(
        f"Delivered value = total value {value:.1f} − total cost {cost:.1f} = "
        f"<b>{dv:.1f}</b> ({sign[0]}; value ÷ cost = {ratio_text})",
        f"让渡价值 = 总客户价值 {value:.1f} − 总客户成本 {cost:.1f} = "
        f"<b>{dv:.1f}</b>（{sign[1]}；价值 ÷ 成本 = {ratio_text}）",
    )


def _csi_text(perceived: float, expected: float, tolerance: float) -> str:
    """The CSI readout, from :func:`crmlab.satisfaction.csi`."""
    row = csi(perceived, expected, tolerance=tolerance).iloc[0]
    shown = row["label_cn"] if plots.chinese_enabled() else row["label"]
    return plots.label(
        f"C = perceived {perceived:.1f} ÷ expected {expected:.1f} = <b>{row['csi']:.3f}</b> "
        f"→ {shown}",
        f"C = 可感知效果 {perceived:.1f} ÷ 期望 {expected:.1f} = <b>{row['csi']:.3f}</b> → {shown}",
    )


def _verdict(dv: float, c: float, tolerance: float) -> str:
    """A sentence on whether the two measures agree, chosen from their signs."""
    above = c > 1 + tolerance
    below = c < 1 - tolerance
    if dv > 0 and below:
        return plots.label(
            "Value exceeds cost, yet C < 1: she gets more than she pays and is still "
            "disappointed, because she expected more.",
            "价值大于成本，但C < 1：她得到的多于付出的，却仍然失望——因为她期望得更多。",
        )
    if dv < 0 and above:
        return plots.label(
            "Cost exceeds value, yet C > 1: she expected little and got a bit more; the "
            "low expectation hides a poor deal.",
            "成本大于价值，但C > 1：她本来期望就低，结果略好于预期；低期望掩盖了不划算。",
        )
    if dv > 0 and above:
        return plots.label(
            "Both measures agree: value above cost and perception above expectation.",
            "两个指标一致：价值高于成本，可感知效果高于期望。",
        )
    if dv < 0 and below:
        return plots.label(
            "Both measures agree: cost above value and perception below expectation — "
            "dissatisfaction.",
            "两个指标一致：成本高于价值，可感知效果低于期望——客户不满意。",
        )
    return plots.label(
        "At least one measure sits on its boundary (delivered value 0 or C = 1).",
        "至少有一个指标正好在分界上（让渡价值为0或C = 1）。",
    )


def satisfaction_calculator(
    parts: Mapping[str, float] | pd.Series | None = None,
    *,
    perceived: float = 7.0,
    expected: float = 7.0,
    tolerance: float = 0.0,
) -> Explorer:
    """A delivered-value / CSI calculator: eight value and cost parts, one expectation.

    Delivered value (客户让渡价值) = total customer value (product, service, personnel,
    image value) − total customer cost (money, time, energy, psychic cost), from
    :func:`crmlab.satisfaction.delivered_value`; the satisfaction index C = perceived ÷
    expected with its course label, from :func:`crmlab.satisfaction.csi`; a sentence on
    whether the two agree; and the value-against-cost chart.

    Parameters
    ----------
    parts
        Starting scores of the eight parts (0-10), keyed by their survey columns
        (``product_value`` … ``psychic_cost``), e.g. the survey's means; missing parts
        start at an example respondent's scores.
    perceived, expected
        Starting perceived and expected score of one attribute (1-10).
    tolerance
        The band around C = 1 read as "= 1" (as in :func:`crmlab.satisfaction.csi`).

    Returns
    -------
    Explorer
        Controls: the eight parts by their column names, ``perceived``, ``expected``;
        outputs ``delivered`` (CSS ``crmlab-satisfaction-dv``), ``csi``
        (``crmlab-satisfaction-csi``), ``verdict`` and ``chart``. The controls sit in a
        column beside the readouts and the chart.

    Examples
    --------
    >>> plots.use_english()
    >>> calc = satisfaction_calculator(perceived=6, expected=8)
    >>> calc.outputs["csi"].value
    'C = perceived 6.0 ÷ expected 8.0 = <b>0.750</b> → dissatisfied'
    >>> calc.controls["time_cost"].value = 5.0  # costs 6 + 5 + 2 + 1 against values 28
    >>> "= <b>14.0</b> (positive" in calc.outputs["delivered"].value
    True
    """
    if tolerance < 0:
        raise ValueError(f"tolerance: must be 0 or more, got {tolerance}")
    start = dict(_START)
    if parts is not None:
        given = dict(parts)
        unknown = sorted(set(map(str, given)) - set(_PARTS))
        if unknown:
            raise ValueError(
                f"parts: unknown part(s) {', '.join(unknown)}; use {', '.join(_PARTS)}"
            )
        start.update({k: float(v) for k, v in given.items()})
    controls: dict[str, widgets.Widget] = {
        name: float_slider(
            name, plots.label(_PART_EN[name], PART_NAMES[name]), start[name], 0, 10, 0.1, ".1f"
        )
        for name in _PARTS
    }
    controls["perceived"] = float_slider(
        "perceived", plots.label("Perceived", "可感知效果"), perceived, 1, 10, 0.1, ".1f"
    )
    controls["expected"] = float_slider(
        "expected", plots.label("Expected", "期望"), expected, 1, 10, 0.1, ".1f"
    )
    for control in controls.values():
        control.layout.width = _CONTROL_WIDTH
    outputs: dict[str, widgets.Widget] = {
        "delivered": readout("crmlab-satisfaction-dv"),
        "csi": readout("crmlab-satisfaction-csi"),
        "verdict": readout("crmlab-satisfaction-verdict"),
        "chart": chart_image(),
    }
    outputs["chart"].layout.width = "560px"

    def refresh() -> None:
        values = {name: float(controls[name].value) for name in _PARTS}
        p, e = float(controls["perceived"].value), float(controls["expected"].value)
        outputs["delivered"].value = _delivered_text(values)
        outputs["csi"].value = _csi_text(p, e, tolerance)
        dv = float(delivered_value(values)["delivered_value"].iloc[0])
        outputs["verdict"].value = _verdict(dv, p / e, tolerance)
        fig, ax = new_figure((5.6, 2.8), left=0.22)
        plots.delivered_value_chart(values, ax=ax)
        outputs["chart"].value = png(fig)

    explorer = Explorer(
        plots.label("Delivered value and CSI calculator", "让渡价值与满意度指数计算器"),
        controls,
        outputs,
        refresh,
        css="crmlab-satisfaction-calculator",
    )
    header = explorer.children[0]
    value_box = widgets.VBox(
        [
            widgets.HTML(plots.label("<b>Value and cost</b>", "<b>价值与成本</b>")),
            *[controls[n] for n in _PARTS],
            widgets.HTML(plots.label("<b>One attribute</b>", "<b>某一属性</b>")),
            controls["perceived"],
            controls["expected"],
        ]
    )
    shown = widgets.VBox(list(outputs.values()), layout={"margin": "0 0 0 12px"})
    explorer.children = [header, widgets.HBox([value_box, shown])]
    return explorer
