"""The CLV calculator (客户终身价值计算器): margin, retention, discount, timing, CAC and horizon.

The numbers come from :mod:`crmlab.clv`, the chart from :func:`crmlab.plots.clv_horizon_chart`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import clv, plots
from crmlab.widgets._explorer import (
    SLIDER_LAYOUT,
    STYLE,
    Explorer,
    chart_image,
    float_slider,
    new_figure,
    png,
    readout,
)

__all__ = ["clv_calculator", "clv_text"]

_TIMINGS = ("end", "start")
_COLUMN_WIDTH = "380px"
_DESCRIPTION_WIDTH = "110px"


def _check_timing(timing: str) -> None:
    if timing not in _TIMINGS:
        raise ValueError(
            f"timing: 'end' (margin at each year's end: a customer already won) or 'start' "
            f"(at each year's start: a new customer); got {timing!r}"
        )


def clv_text(
    margin: float,
    retention: float,
    discount: float,
    horizon: int | None = None,
    timing: str = "end",
) -> str:
    """The CLV readout of :func:`clv_calculator`, e.g. ``'CLV = £1,234.56'``.

    The value is :func:`crmlab.clv.clv_simple` (margin at the end of each period unless
    ``timing="start"``), written by :func:`crmlab.plots.money` in the theme's currency. The
    format is stable: the browser test reads it.

    Examples
    --------
    >>> plots.set_theme(currency="£")
    >>> clv_text(100, 0.8, 0.1)
    'CLV = £266.67'
    >>> clv_text(100, 0.8, 0.1, horizon=2)
    'CLV = £125.62'
    >>> clv_text(100, 0.8, 0.1, timing="start")
    'CLV = £366.67'
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    _check_timing(timing)
    amount = float(clv.clv_simple(margin, retention, discount, horizon=horizon, timing=timing))
    return f"CLV = {plots.money(amount, decimals=2)}"


def _net_text(value: float, acquisition_cost: float) -> str:
    """``CLV − CAC`` in the theme's currency, with its verdict ("worth winning", …)."""
    if acquisition_cost <= 0:
        return plots.label(
            "CLV − CAC: set the acquisition cost to compare",
            "CLV − 获取成本：设定获取成本后比较",
        )
    net = value - acquisition_cost
    tolerance = 0.05 * acquisition_cost
    if net > tolerance:
        verdict = plots.label("worth winning", "赢得她划算")
    elif net < -tolerance:
        verdict = plots.label("costs more than she brings", "得不偿失")
    else:
        verdict = plots.label("about break-even", "大致保本")
    head = plots.label("CLV − CAC", "CLV − 获取成本")
    return f"{head} = <b>{plots.money(net, decimals=2)}</b>（{verdict}）"


def _clv_details(
    margin: float, retention: float, discount: float, horizon: int | None, timing: str
) -> str:
    lifetime = float(clv.expected_lifetime(retention))
    if timing == "end":
        multiple = float(clv.margin_multiple(retention, discount))
        formula = "r / (1 + i − r)"
    else:
        multiple = float(clv.clv_simple(1.0, retention, discount, timing="start"))
        formula = "(1 + i) / (1 + i − r)"
    parts = [
        plots.label(
            f"margin multiple {formula} = <b>{multiple:.2f}</b>",
            f"利润乘数 {formula} = <b>{multiple:.2f}</b>",
        ),
        plots.label(
            f"expected lifetime 1 / (1 − r) = <b>{lifetime:.1f}</b> years",
            f"预期客户寿命 1 / (1 − r) = <b>{lifetime:.1f}</b> 年",
        ),
    ]
    if horizon is not None and margin != 0:
        finite = float(clv.clv_simple(margin, retention, discount, horizon=horizon, timing=timing))
        parts.append(
            plots.label(
                f"over {horizon} years the CLV is <b>{finite / margin:.2f}</b> × margin",
                f"{horizon} 年期的 CLV 是每年利润的 <b>{finite / margin:.2f}</b> 倍",
            )
        )
    return " · ".join(parts)


def _clv_chart(
    margin: float,
    retention: float,
    discount: float,
    horizon: int | None,
    timing: str,
    acquisition_cost: float,
) -> bytes:
    years = np.arange(1, (horizon if horizon is not None else 30) + 1)
    curve = pd.DataFrame(
        {
            "horizon": years,
            "clv": [
                float(clv.clv_simple(margin, retention, discount, horizon=int(n), timing=timing))
                for n in years
            ],
        }
    )
    infinite = (
        None
        if horizon is not None
        else float(clv.clv_simple(margin, retention, discount, timing=timing))
    )
    fig, ax = new_figure()
    plots.clv_horizon_chart(
        curve,
        infinite=infinite,
        ax=ax,
        title=plots.label("Where the CLV comes from", "客户终身价值的构成"),
        per_year=True,
        acquisition_cost=acquisition_cost if acquisition_cost > 0 else None,
    )
    return png(fig)


def clv_calculator(
    margin: float = 100.0,
    retention: float = 0.8,
    discount: float = 0.1,
    horizon: int | None = None,
    *,
    acquisition_cost: float = 0.0,
    timing: str = "end",
) -> Explorer:
    """A CLV calculator (客户终身价值计算器): move margin, retention, discount, CAC and horizon.

    Shows the CLV from :func:`crmlab.clv.clv_simple`, CLV minus the acquisition cost
    (获取成本, CAC) with a verdict, the margin multiple and the expected lifetime, and a
    chart of each year's discounted margin with the CLV climbing towards (or past) the
    acquisition cost. The timing switch says when each year's margin arrives: at the end of
    the year (``"end"``, a customer already won: her remaining value) or at its start
    (``"start"``, a new customer: her first year's margin comes at once) — the question of
    whether a new customer is worth her acquisition cost needs ``"start"``.

    Parameters
    ----------
    margin : float
        Margin per customer per year (in the theme's currency), 0–1,000.
    retention : float
        Yearly retention rate r, 0–0.99.
    discount : float
        Yearly discount rate i, 0–0.30.
    horizon : int, optional
        Years counted (1–50); ``None`` for an infinite horizon.
    acquisition_cost : float, default 0
        The cost of winning a customer, 0–1,000; 0 leaves the comparison out.
    timing : {"end", "start"}, default "end"
        When each year's margin arrives.

    Returns
    -------
    Explorer
        Controls ``margin`` (labelled with the currency, e.g. "Margin (£/year)"),
        ``retention`` (CSS ``crmlab-retention``), ``discount``, ``timing``
        (``crmlab-timing``), ``acquisition_cost`` (``crmlab-cac``), ``infinite``,
        ``horizon``; outputs ``clv`` (CSS class ``crmlab-clv-value``, text ``"CLV = £…"``),
        ``net`` (``crmlab-clv-net``), ``details``, ``chart``. The controls stand in two
        columns that wrap on a narrow screen.

    Examples
    --------
    >>> plots.set_theme(currency="£")
    >>> plots.use_english()
    >>> calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    >>> calc.controls["margin"].description, calc.outputs["clv"].value
    ('Margin (£/year)', 'CLV = £266.67')
    >>> calc.controls["retention"].value = 0.9
    >>> calc.outputs["clv"].value
    'CLV = £450.00'
    >>> calc.controls["timing"].value = "start"
    >>> calc.controls["acquisition_cost"].value = 400
    >>> calc.outputs["clv"].value, "£150.00" in calc.outputs["net"].value
    ('CLV = £550.00', True)
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    if horizon is not None and (int(horizon) != horizon or not 1 <= horizon <= 50):
        raise ValueError(f"horizon: a whole number of years from 1 to 50, or None; got {horizon}")
    _check_timing(timing)
    if not (np.isfinite(acquisition_cost) and acquisition_cost >= 0):
        raise ValueError(f"acquisition_cost: 0 or more, got {acquisition_cost!r}")
    symbol = plots.currency()
    label = plots.label
    controls: dict[str, widgets.Widget] = {
        "margin": float_slider(
            "margin",
            label(f"Margin ({symbol}/year)", f"每年利润（{symbol}/年）"),
            margin,
            0,
            1000,
            10,
            ".0f",
        ),
        "retention": float_slider(
            "retention", label("Retention r", "保持率 r"), retention, 0, 0.99, 0.01
        ),
        "discount": float_slider(
            "discount", label("Discount i", "贴现率 i"), discount, 0, 0.3, 0.01
        ),
        "timing": widgets.ToggleButtons(
            options=[
                (label("year end (customer already won)", "年末到手（现有客户）"), "end"),
                (label("year start (new customer)", "年初到手（新客户）"), "start"),
            ],
            value=timing,
            description=label("Margin arrives", "利润到手"),
            style={**STYLE, "button_width": "auto"},
        ),
        "acquisition_cost": float_slider(
            "cac",
            plots.money_label("Acquisition cost", "获取成本"),
            acquisition_cost,
            0,
            1000,
            5,
            ".0f",
        ),
        "infinite": widgets.Checkbox(
            value=horizon is None,
            description=label("Infinite horizon", "无限期"),
            indent=False,
            style=STYLE,
        ),
        "horizon": widgets.IntSlider(
            value=10 if horizon is None else int(horizon),
            min=1,
            max=50,
            description=label("Horizon (years)", "期限（年）"),
            continuous_update=False,
            style=STYLE,
            layout=SLIDER_LAYOUT,
        ),
    }
    # two columns of 380 px fit beside each other in a notebook at 1,280 px; the slider
    # descriptions share one width, so the tracks line up
    for name in ("margin", "retention", "discount", "acquisition_cost", "horizon"):
        controls[name].layout.width = _COLUMN_WIDTH
        controls[name].style.description_width = _DESCRIPTION_WIDTH
    controls["timing"].style.description_width = _DESCRIPTION_WIDTH
    controls["timing"].add_class("crmlab-timing")
    controls["infinite"].add_class("crmlab-infinite")
    controls["horizon"].add_class("crmlab-horizon")
    outputs = {
        "clv": readout("crmlab-clv-value"),
        "net": readout("crmlab-clv-net"),
        "details": readout("crmlab-clv-details"),
        "chart": chart_image(),
    }

    def refresh() -> None:
        args = (
            controls["margin"].value,
            controls["retention"].value,
            controls["discount"].value,
        )
        years = None if controls["infinite"].value else int(controls["horizon"].value)
        when = controls["timing"].value
        cost = float(controls["acquisition_cost"].value)
        controls["horizon"].disabled = years is None
        outputs["clv"].value = clv_text(*args, horizon=years, timing=when)
        value = float(clv.clv_simple(*args, horizon=years, timing=when))
        outputs["net"].value = _net_text(value, cost)
        outputs["details"].value = _clv_details(*args, years, when)
        outputs["chart"].value = _clv_chart(*args, years, when, cost)

    calculator = Explorer(
        label("CLV calculator", "客户终身价值计算器"),
        controls,
        outputs,
        refresh,
        css="crmlab-clv-calculator",
    )
    # two columns of controls beside each other (wrapping on a narrow screen), then the
    # readouts and the chart: the chart stays in view while a slider moves
    calculator.arrange_in_columns(
        ["margin", "retention", "discount"],
        ["timing", "acquisition_cost", "infinite", "horizon"],
    )
    return calculator
