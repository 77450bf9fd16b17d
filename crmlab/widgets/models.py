"""The customer picker (客户选择器): is she still alive (P(alive)), how often will she buy?

The numbers come from a fitted BG/NBD model (:func:`crmlab.models.fit_bgnbd`); the chart of
her P(alive) as her silence grows from :func:`crmlab.models.probability_alive_path` and
:func:`crmlab.plots.probability_alive_path_chart`, the chart of Ms. Zhang's case.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from crmlab import plots
from crmlab._validate import as_timestamp, require_columns, require_nonempty
from crmlab.models import probability_alive_path
from crmlab.widgets._explorer import (
    SLIDER_LAYOUT,
    STYLE,
    Explorer,
    chart_image,
    html_table,
    new_figure,
    png,
    readout,
)

__all__ = ["customer_picker"]

#: The time units the picker knows: summary code, Chinese name, days per unit.
_UNITS = {"weeks": ("W", "周", 7), "days": ("D", "天", 1)}
#: Widths of the left column (controls and numbers) and of the chart beside it, and the
#: chart's size in inches: together they fit JupyterLab's output area (about 850 px wide
#: in a 1,280 px window).
_LEFT_WIDTH = "340px"
_IMAGE_WIDTH = "480px"
_FIGSIZE = (5.0, 3.0)


def _facts(x: float, t_x: float, big_t: float, unit: str) -> pd.DataFrame:
    """Her three BG/NBD numbers, her silence and the RFM recency, as a two-column table."""
    _, unit_zh, days = _UNITS[unit]
    silence = big_t - t_x
    rows = [
        (plots.label("repeat purchases x", "重复购买次数 x"), f"{x:,.0f}"),
        (plots.label(f"last purchase t_x ({unit})", f"首末购买间隔 t_x（{unit_zh}）"), t_x),
        (plots.label(f"age T ({unit})", f"观察期长度 T（{unit_zh}）"), big_t),
        (plots.label(f"silent for T − t_x ({unit})", f"沉默时间 T − t_x（{unit_zh}）"), silence),
        (plots.label("RFM recency (days)", "RFM最近购买（天）"), f"{silence * days:,.0f}"),
    ]
    values = [v if isinstance(v, str) else f"{v:,.1f}" for _, v in rows]
    index = pd.Index([name for name, _ in rows], name=plots.label("quantity", "指标"))
    return pd.DataFrame({plots.label("value", "数值"): values}, index=index)


def customer_picker(
    bgnbd_fit: Any,
    summary: pd.DataFrame,
    *,
    customer_id: object | None = None,
    horizon: int = 4,
    time_unit: str = "weeks",
    observation_end: object | None = None,
) -> Explorer:
    """Pick a customer: is she still alive (P(alive)), and how often will she buy next?

    Uses a fitted BG/NBD model (:func:`crmlab.models.fit_bgnbd`): ``probability_alive`` and
    ``expected_purchases`` for the customer's ``frequency``, ``recency`` and ``T`` in
    ``summary`` (:func:`crmlab.rfm.btyd_summary`). Her numbers are shown as a table (with
    her silence T − t_x and, for comparison, the RFM recency in days); with
    ``observation_end`` a chart beside the controls shows her P(alive) from her last
    purchase to the end of the next period, if she stays silent.

    Parameters
    ----------
    bgnbd_fit : BGNBDFit
        The fitted model.
    summary : DataFrame
        Indexed by customer id with columns ``frequency``, ``recency``, ``T`` in the time
        unit the model was fitted in.
    customer_id : optional
        The customer shown first (default: the first row).
    horizon : int
        Length of the "next period" in time units (1–104).
    time_unit : {"weeks", "days"}
        The time unit of ``summary`` (``btyd_summary``'s ``"W"`` or ``"D"``).
    observation_end : date-like, optional
        The day ``summary`` was taken on; needed for the chart (without it, no chart).

    Returns
    -------
    Explorer
        Controls ``customer`` (a combo box, CSS ``crmlab-customer``) and ``horizon``
        (``crmlab-picker-horizon``); outputs ``probability_alive`` (``crmlab-palive``, text
        ``P(alive) = 0.727``, in Chinese mode ``存活概率 P(alive) = 0.727``), ``profile``
        (``crmlab-picker-profile``: the table and the expected purchases) and, with
        ``observation_end``, ``chart``. Controls and readouts sit left of the chart.

    Examples
    --------
    >>> from crmlab.models import BGNBDFit
    >>> plots.use_english()
    >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> table = pd.DataFrame({"frequency": [2, 2], "recency": [30.43, 10.0], "T": [38.86, 38.86]},
    ...                      index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> picker = customer_picker(model, table)
    >>> picker.outputs["probability_alive"].value
    'P(alive) = 0.727'
    >>> picker.controls["customer"].value = "C2"
    >>> picker.outputs["probability_alive"].value
    'P(alive) = 0.268'
    """
    require_columns(summary, ["frequency", "recency", "T"], "summary")
    require_nonempty(summary, "summary")
    if time_unit not in _UNITS:
        raise ValueError(f"time_unit: 'weeks' or 'days' (the summary's unit), got {time_unit!r}")
    code, unit_zh, _ = _UNITS[time_unit]
    if not 1 <= int(horizon) <= 104:
        raise ValueError(f"horizon: 1 to 104 {time_unit}, got {horizon!r}")
    labels = {str(c): c for c in summary.index}
    if len(labels) != len(summary):
        raise ValueError("summary: customer ids must be unique (one row per customer)")
    first = summary.index[0] if customer_id is None else customer_id
    if first not in summary.index:
        raise ValueError(f"customer_id: {first!r} is not in summary's index")
    end = None if observation_end is None else as_timestamp(observation_end, "observation_end")
    controls: dict[str, widgets.Widget] = {
        "customer": widgets.Combobox(
            value=str(first),
            options=list(labels),
            ensure_option=True,
            description=plots.label("Customer id", "客户编号"),
            placeholder=plots.label("type an id", "输入客户编号"),
            style=STYLE,
        ),
        "horizon": widgets.IntSlider(
            value=int(horizon),
            min=1,
            max=104,
            description=plots.label(f"Next period ({time_unit})", f"预测期（{unit_zh}）"),
            continuous_update=False,
            style=STYLE,
            layout={**SLIDER_LAYOUT, "width": "330px"},
        ),
    }
    controls["customer"].add_class("crmlab-customer")
    controls["horizon"].add_class("crmlab-picker-horizon")
    outputs: dict[str, widgets.Widget] = {
        "probability_alive": readout("crmlab-palive"),
        "profile": readout("crmlab-picker-profile"),
    }
    if end is not None:
        outputs["chart"] = chart_image()
        outputs["chart"].layout.width = _IMAGE_WIDTH

    def refresh() -> None:
        chosen = controls["customer"].value
        if chosen not in labels:  # still typing
            return
        row = summary.loc[labels[chosen]]
        x, t_x, big_t = float(row["frequency"]), float(row["recency"]), float(row["T"])
        alive = float(bgnbd_fit.probability_alive(x, t_x, big_t))
        t = int(controls["horizon"].value)
        expected = float(bgnbd_fit.expected_purchases(t, x, t_x, big_t))
        outputs["probability_alive"].value = plots.label(
            f"P(alive) = {alive:.3f}", f"存活概率 P(alive) = {alive:.3f}"
        )
        outputs["profile"].value = html_table(_facts(x, t_x, big_t, time_unit)) + plots.label(
            f"Expected purchases in the next {t} {time_unit}: <b>{expected:.2f}</b>",
            f"未来{t}{unit_zh}的预期购买次数：<b>{expected:.2f}</b>",
        )
        if end is not None:
            weeks = t if time_unit == "weeks" else -(-t // 7)
            path = probability_alive_path(bgnbd_fit, row, end, weeks_after=weeks, time_unit=code)
            fig, ax = new_figure(_FIGSIZE)
            marks = {
                plots.label("end of data", "数据截止"): end,
                plots.label("end of next period", "预测期末"): path["date"].iloc[-1],
            }
            plots.probability_alive_path_chart(
                path, marks=marks, ax=ax, title=plots.label(f"Customer {chosen}", f"客户 {chosen}")
            )
            outputs["chart"].value = png(fig)

    picker = Explorer(
        plots.label("Customer picker: is she still alive?", "客户选择器：她还是我们的客户吗？"),
        controls,
        outputs,
        refresh,
        css="crmlab-picker",
    )
    if end is not None:  # controls and numbers on the left, the chart beside them
        left = widgets.VBox(
            [*controls.values(), outputs["probability_alive"], outputs["profile"]],
            layout={"width": _LEFT_WIDTH},
        )
        body = widgets.HBox([left, outputs["chart"]], layout={"align_items": "flex-start"})
        picker.children = (picker.children[0], body)
    return picker
