"""The CLV calculator (客户终身价值计算器): margin, retention, discount and horizon on sliders.

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


def clv_text(margin: float, retention: float, discount: float, horizon: int | None = None) -> str:
    """The CLV readout of :func:`clv_calculator`, e.g. ``'CLV = £1,234.56'``.

    The value is :func:`crmlab.clv.clv_simple` (margin at the end of each period), written
    by :func:`crmlab.plots.money` in the theme's currency.

    Examples
    --------
    >>> plots.set_theme(currency="£")
    >>> clv_text(100, 0.8, 0.1)
    'CLV = £266.67'
    >>> clv_text(100, 0.8, 0.1, horizon=2)
    'CLV = £125.62'
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    amount = float(clv.clv_simple(margin, retention, discount, horizon=horizon))
    return f"CLV = {plots.money(amount, decimals=2)}"


def _clv_details(margin: float, retention: float, discount: float, horizon: int | None) -> str:
    multiple = float(clv.margin_multiple(retention, discount))
    lifetime = float(clv.expected_lifetime(retention))
    parts = [
        f"margin multiple r / (1 + i − r) = <b>{multiple:.2f}</b>",
        f"expected lifetime 1 / (1 − r) = <b>{lifetime:.1f}</b> years",
    ]
    if horizon is not None and margin != 0:
        finite = float(clv.clv_simple(margin, retention, discount, horizon=horizon))
        parts.append(f"over {horizon} years the CLV is <b>{finite / margin:.2f}</b> × margin")
    return " · ".join(parts)


def _clv_chart(margin: float, retention: float, discount: float, horizon: int | None) -> bytes:
    years = np.arange(1, (horizon if horizon is not None else 30) + 1)
    curve = pd.DataFrame(
        {
            "horizon": years,
            "clv": [
                float(clv.clv_simple(margin, retention, discount, horizon=int(n))) for n in years
            ],
        }
    )
    infinite = None if horizon is not None else float(clv.clv_simple(margin, retention, discount))
    fig, ax = new_figure()
    plots.clv_horizon_chart(
        curve,
        infinite=infinite,
        ax=ax,
        title=plots.label("Where the CLV comes from", "客户终身价值的构成"),
        per_year=True,
    )
    return png(fig)


def clv_calculator(
    margin: float = 100.0,
    retention: float = 0.8,
    discount: float = 0.1,
    horizon: int | None = None,
) -> Explorer:
    """A CLV calculator (客户终身价值计算器): move margin, retention, discount and horizon.

    Shows the CLV from :func:`crmlab.clv.clv_simple` (margin at each year's end), the margin
    multiple and the expected lifetime, and a chart of each year's discounted margin.

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

    Returns
    -------
    Explorer
        Controls ``margin`` (labelled with the currency, e.g. "Margin (£/year)"),
        ``retention``, ``discount``, ``infinite``, ``horizon``; outputs ``clv`` (CSS class
        ``crmlab-clv-value``), ``details``, ``chart``.

    Examples
    --------
    >>> plots.set_theme(currency="£")
    >>> calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    >>> calc.controls["margin"].description, calc.outputs["clv"].value
    ('Margin (£/year)', 'CLV = £266.67')
    >>> calc.controls["retention"].value = 0.9
    >>> calc.outputs["clv"].value
    'CLV = £450.00'
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    if horizon is not None and (int(horizon) != horizon or not 1 <= horizon <= 50):
        raise ValueError(f"horizon: a whole number of years from 1 to 50, or None; got {horizon}")
    controls: dict[str, widgets.Widget] = {
        "margin": float_slider(
            "margin", f"Margin ({plots.currency()}/year)", margin, 0, 1000, 10, ".0f"
        ),
        "retention": float_slider("retention", "Retention r", retention, 0, 0.99, 0.01),
        "discount": float_slider("discount", "Discount i", discount, 0, 0.3, 0.01),
        "infinite": widgets.Checkbox(
            value=horizon is None, description="Infinite horizon", style=STYLE
        ),
        "horizon": widgets.IntSlider(
            value=10 if horizon is None else int(horizon),
            min=1,
            max=50,
            description="Horizon (years)",
            continuous_update=False,
            style=STYLE,
            layout=SLIDER_LAYOUT,
        ),
    }
    controls["infinite"].add_class("crmlab-infinite")
    controls["horizon"].add_class("crmlab-horizon")
    outputs = {
        "clv": readout("crmlab-clv-value"),
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
        controls["horizon"].disabled = years is None
        outputs["clv"].value = clv_text(*args, horizon=years)
        outputs["details"].value = _clv_details(*args, years)
        outputs["chart"].value = _clv_chart(*args, years)

    return Explorer(
        plots.label("CLV calculator", "客户终身价值计算器"),
        controls,
        outputs,
        refresh,
        css="crmlab-clv-calculator",
    )
