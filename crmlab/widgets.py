"""Interactive explorers (交互式探索) for the chapters' "Explore" sections.

Each factory returns an :class:`Explorer`: a ``VBox`` a notebook displays, with its controls
and readouts reachable by name, so what it shows can be tested without a browser::

    calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    calc.controls["retention"].value = 0.9     # what the student's slider does
    calc.outputs["clv"].value                  # 'CLV = ¥450.00'

The widgets are thin: every number they show comes from the analysis modules
(:mod:`crmlab.acquisition`, :mod:`crmlab.value`, :mod:`crmlab.clv`, :mod:`crmlab.models`);
this module only wires controls to those functions and formats the result. Charts are drawn
on a matplotlib ``Figure`` (no pyplot state) and shown as a PNG image widget.

Stable CSS classes let a browser test find the parts: every control has
``crmlab-<name>`` (e.g. ``crmlab-retention``), every readout ``crmlab-<explorer>-<name>``
(e.g. ``crmlab-clv-value``, which shows ``CLV = ¥1,234.56``).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlab import acquisition, clv, plots, value
from crmlab._validate import require_columns, require_nonempty

__all__ = [
    "Explorer",
    "clv_calculator",
    "clv_text",
    "customer_360_explorer",
    "customer_picker",
    "funnel_explorer",
    "pyramid_explorer",
    "value_matrix_explorer",
]

_FIGSIZE = (6.4, 3.2)
_IMAGE_WIDTH = "640px"
_STYLE = {"description_width": "initial"}
_SLIDER_LAYOUT = {"width": "420px"}


class Explorer(widgets.VBox):
    """A widget explorer: a ``VBox`` with named controls, named readouts and ``refresh()``.

    Attributes
    ----------
    controls : dict of str to Widget
        The inputs the student moves (sliders, check boxes, pickers).
    outputs : dict of str to Widget
        What the explorer shows (HTML readouts, the chart image).
    refresh : callable
        Recompute every readout from the current control values; each control calls it
        when its value changes.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.Widget],
        outputs: Mapping[str, widgets.Widget],
        refresh: Callable[[], None],
        *,
        css: str,
    ) -> None:
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        super().__init__(children=[header, *controls.values(), *outputs.values()])
        self.add_class("crmlab-explorer")
        self.add_class(css)
        self.controls = dict(controls)
        self.outputs = dict(outputs)
        self.refresh = refresh
        for control in self.controls.values():
            control.observe(lambda _change: self.refresh(), names="value")
        refresh()


# ----------------------------------------------------------------------------- helpers


def _float_slider(
    name: str,
    description: str,
    value_: float,
    low: float,
    high: float,
    step: float,
    fmt: str = ".2f",
) -> widgets.FloatSlider:
    slider = widgets.FloatSlider(
        value=float(np.clip(value_, low, high)),
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style=_STYLE,
        layout=_SLIDER_LAYOUT,
    )
    slider.add_class(f"crmlab-{name}")
    return slider


def _readout(css: str) -> widgets.HTML:
    readout = widgets.HTML()
    readout.add_class(css)
    return readout


def _chart() -> widgets.Image:
    image = widgets.Image(format="png", layout={"width": _IMAGE_WIDTH})
    image.add_class("crmlab-chart")
    return image


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _new_figure(
    size: tuple[float, float] = _FIGSIZE, *, left: float = 0.12, right: float = 0.97
) -> tuple[Figure, Any]:
    # fixed margins: a constrained layout would double the drawing time of every refresh
    fig = Figure(figsize=size)
    fig.subplots_adjust(left=left, right=right, bottom=0.16, top=0.9)
    return fig, fig.subplots()


def _money(amount: float) -> str:
    sign = "−" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def _percent(share: float) -> str:
    return "–" if not np.isfinite(share) else f"{share * 100:.1f}%"


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(classes="crmlab-table", border=0, escape=True)


# ----------------------------------------------------------------------------- ch04: CLV


def clv_text(margin: float, retention: float, discount: float, horizon: int | None = None) -> str:
    """The CLV readout of :func:`clv_calculator`: ``'CLV = ¥1,234.56'``.

    The value is :func:`crmlab.clv.clv_simple` (margin at the end of each period).

    Examples
    --------
    >>> clv_text(100, 0.8, 0.1)
    'CLV = ¥266.67'
    >>> clv_text(100, 0.8, 0.1, horizon=2)
    'CLV = ¥125.62'
    """
    return f"CLV = {_money(float(clv.clv_simple(margin, retention, discount, horizon=horizon)))}"


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
    cumulative = np.array(
        [float(clv.clv_simple(margin, retention, discount, horizon=int(n))) for n in years]
    )
    per_year = np.diff(np.concatenate([[0.0], cumulative]))
    fig, ax = _new_figure()
    ax.bar(years, per_year, color=plots.PALETTE[0], label=plots.label("that year", "当年"))
    ax.plot(
        years,
        cumulative,
        color=plots.PALETTE[1],
        marker=".",
        label=plots.label("running total", "累计"),
    )
    if horizon is None:
        ax.axhline(
            float(clv.clv_simple(margin, retention, discount)),
            color=plots.PALETTE[1],
            linestyle="--",
            linewidth=1,
            label=plots.label("CLV, infinite horizon", "无限期终身价值"),
        )
    ax.set_xlabel(plots.label("year", "年"))
    ax.set_ylabel(plots.label("discounted value (¥)", "贴现价值（元）"))
    ax.set_title(plots.label("Where the CLV comes from", "客户终身价值的构成"))
    ax.legend(loc="center right", fontsize="small")
    return _png(fig)


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
        Margin per customer per year (CNY), 0–1,000.
    retention : float
        Yearly retention rate r, 0–0.99.
    discount : float
        Yearly discount rate i, 0–0.30.
    horizon : int, optional
        Years counted (1–50); ``None`` for an infinite horizon.

    Returns
    -------
    Explorer
        Controls ``margin``, ``retention``, ``discount``, ``infinite``, ``horizon``;
        outputs ``clv`` (CSS class ``crmlab-clv-value``), ``details``, ``chart``.

    Examples
    --------
    >>> calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    >>> calc.outputs["clv"].value
    'CLV = ¥266.67'
    >>> calc.controls["retention"].value = 0.9
    >>> calc.outputs["clv"].value
    'CLV = ¥450.00'
    """
    if horizon is not None and (int(horizon) != horizon or not 1 <= horizon <= 50):
        raise ValueError(f"horizon: a whole number of years from 1 to 50, or None; got {horizon}")
    controls: dict[str, widgets.Widget] = {
        "margin": _float_slider("margin", "Margin (¥/year)", margin, 0, 1000, 10, ".0f"),
        "retention": _float_slider("retention", "Retention r", retention, 0, 0.99, 0.01),
        "discount": _float_slider("discount", "Discount i", discount, 0, 0.3, 0.01),
        "infinite": widgets.Checkbox(
            value=horizon is None, description="Infinite horizon", style=_STYLE
        ),
        "horizon": widgets.IntSlider(
            value=10 if horizon is None else int(horizon),
            min=1,
            max=50,
            description="Horizon (years)",
            continuous_update=False,
            style=_STYLE,
            layout=_SLIDER_LAYOUT,
        ),
    }
    controls["infinite"].add_class("crmlab-infinite")
    controls["horizon"].add_class("crmlab-horizon")
    outputs = {
        "clv": _readout("crmlab-clv-value"),
        "details": _readout("crmlab-clv-details"),
        "chart": _chart(),
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


# ----------------------------------------------------------------------------- ch02: funnel

_DEFAULT_RATES = (0.6, 0.5, 0.4, 0.5)


def _funnel_chart(table: pd.DataFrame, n_leads: float) -> bytes:
    names = [
        plots.label(stage, cn) for stage, cn in zip(table.index, table["stage_cn"], strict=True)
    ]
    fig, ax = _new_figure(left=0.17)
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["reached"], color=plots.PALETTE[0])
    for pos, count in zip(y, table["reached"], strict=True):
        ax.text(count, pos, f" {count:,.0f}", va="center")
    ax.set_yticks(y, names)
    ax.set_xlim(0, max(n_leads, 1) * 1.15)
    ax.set_xlabel(plots.label("leads reaching the stage (count)", "到达该阶段的线索数"))
    ax.set_title(plots.label(f"Funnel of {n_leads:,.0f} leads", f"{n_leads:,.0f}条线索的销售漏斗"))
    return _png(fig)


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
            value=int(n_leads), min=0, max=1_000_000, step=100, description="Leads", style=_STYLE
        )
    }
    controls["n_leads"].add_class("crmlab-n-leads")
    for stage, rate in zip(stages[1:], rates, strict=True):
        controls[f"rate_{stage}"] = _float_slider(
            f"rate-{stage}", f"→ {stage}", float(rate), 0, 1, 0.01
        )
    outputs = {
        "summary": _readout("crmlab-funnel-summary"),
        "table": _readout("crmlab-funnel-table"),
        "chart": _chart(),
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
        ].value = f"Won: <b>{won:,.0f}</b> of {leads:,.0f} leads ({_percent(overall)} overall)"
        shown = pd.DataFrame(
            {
                "中文": table["stage_cn"],
                "reached": table["reached"].map(lambda v: f"{v:,.1f}"),
                "from previous": table["stage_conversion"].map(_percent),
                "of all leads": table["cumulative_conversion"].map(_percent),
                "lost here": table["lost"].map(lambda v: f"{v:,.1f}"),
            }
        )
        outputs["table"].value = _table(shown)
        outputs["chart"].value = _funnel_chart(table, leads)

    return Explorer(
        plots.label("Funnel explorer", "销售漏斗探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-funnel",
    )


# ----------------------------------------------------------------------------- ch03: pyramid


def _pyramid_chart(summary: pd.DataFrame, measure_cols: Sequence[str]) -> bytes:
    fig, ax = _new_figure()
    columns = ["customer_share", *[f"{c}_share" for c in measure_cols]]
    names = [plots.label("customers", "客户"), *measure_cols]
    x = np.arange(len(summary))
    width = 0.8 / len(columns)
    for k, (col, name) in enumerate(zip(columns, names, strict=True)):
        ax.bar(x + k * width, summary[col] * 100, width, label=name, color=plots.PALETTE[k])
    ax.set_xticks(x + width * (len(columns) - 1) / 2, [str(t) for t in summary.index])
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_xlabel(plots.label("tier", "层级"))
    ax.set_ylabel(plots.label("share of total (%)", "占总量比例（%）"))
    ax.set_title(plots.label("Customer pyramid: who brings the value", "客户金字塔"))
    ax.legend()
    return _png(fig)


def pyramid_explorer(
    profitability: pd.DataFrame,
    *,
    value_col: str = "profit",
    measure_cols: Sequence[str] = ("revenue", "profit"),
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
    value_col : str
        Column customers are ranked by.
    measure_cols : sequence of str
        Columns whose share per tier is shown.
    shares : sequence of float
        Starting shares of the four tiers (VIP, major, ordinary, small), summing to 1.

    Returns
    -------
    Explorer
        Controls ``vip``, ``major``, ``ordinary`` (CSS ``crmlab-share-vip`` …); outputs
        ``summary`` (``crmlab-pyramid-summary``), ``table``, ``chart``.

    Examples
    --------
    >>> data = pd.DataFrame({"revenue": np.arange(1.0, 101.0), "profit": np.arange(1.0, 101.0)})
    >>> px = pyramid_explorer(data)
    >>> px.controls["vip"].value = 0.05
    >>> px.outputs["summary"].value
    'Top tier (5.0% of customers): <b>9.7%</b> of profit'
    """
    require_columns(profitability, [value_col, *measure_cols], "profitability")
    require_nonempty(profitability, "profitability")
    if len(shares) != 4:
        raise ValueError(f"shares: four tier shares (VIP, major, ordinary, small), got {shares!r}")
    value.customer_pyramid(profitability[value_col], shares)  # validates the shares
    controls: dict[str, widgets.Widget] = {
        "vip": _float_slider("share-vip", "VIP share", shares[0], 0.005, 0.10, 0.005, ".1%"),
        "major": _float_slider("share-major", "Major share", shares[1], 0.01, 0.20, 0.005, ".1%"),
        "ordinary": _float_slider(
            "share-ordinary", "Ordinary share", shares[2], 0.05, 0.40, 0.01, ".0%"
        ),
    }
    outputs = {
        "summary": _readout("crmlab-pyramid-summary"),
        "table": _readout("crmlab-pyramid-table"),
        "chart": _chart(),
    }
    measures = profitability.loc[:, list(measure_cols)]

    def refresh() -> None:
        top = [float(controls[k].value) for k in ("vip", "major", "ordinary")]
        small = 1.0 - sum(top)  # ≥ 30 %: the sliders' maxima sum to 70 %
        pyramid = value.customer_pyramid(profitability[value_col], (*top, small), measures=measures)
        summary = pyramid.summary
        outputs["summary"].value = (
            f"Top tier ({_percent(top[0])} of customers): "
            f"<b>{_percent(float(summary[f'{value_col}_share'].iloc[0]))}</b> of {value_col}"
        )
        shown = pd.DataFrame(
            {
                "中文": value.tier_labels_cn(list(summary.index)),
                "customers": summary["customers"].map(lambda v: f"{v:,d}"),
                "of customers": summary["customer_share"].map(_percent),
                **{f"of {c}": summary[f"{c}_share"].map(_percent) for c in measure_cols},
            },
            index=summary.index,
        )
        outputs["table"].value = _table(shown)
        outputs["chart"].value = _pyramid_chart(summary, measure_cols)

    return Explorer(
        plots.label("Customer pyramid explorer", "客户金字塔探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-pyramid",
    )


# ----------------------------------------------------------------------------- ch03: matrix


def _matrix_chart(
    matrix: pd.DataFrame, vcut: float, ccut: float, value_label: str, capability_label: str
) -> bytes:
    fig, ax = _new_figure((6.4, 3.6), left=0.14)
    shown = matrix if len(matrix) <= 3000 else matrix.sample(3000, random_state=0)
    for k, zone in enumerate(("A", "B", "C")):
        part = shown.loc[shown["zone"] == zone]
        name = value.VALUE_CAPABILITY_ZONES[zone][1 if plots.chinese_enabled() else 0]
        ax.scatter(
            part["capability"], part["value"], s=8, alpha=0.6, color=plots.PALETTE[k],
            label=f"{zone}: {name}",
        )  # fmt: skip
    ax.axhline(vcut, color="#555", linestyle="--", linewidth=1)
    ax.axvline(ccut, color="#555", linestyle="--", linewidth=1)
    ax.set_xlabel(capability_label)
    ax.set_ylabel(value_label)
    ax.set_title(plots.label("Customer value – enterprise capability", "客户价值-企业能力矩阵"))
    ax.legend(loc="best", fontsize="small")
    return _png(fig)


def value_matrix_explorer(
    customer_value: pd.Series,
    capability: pd.Series,
    *,
    value_label: str = "customer value (¥)",
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
        Per customer, with the same index.
    value_label, capability_label : str
        Axis labels, with units.
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
    >>> mx = value_matrix_explorer(pd.Series([10.0, 8, 2, 1]), pd.Series([5.0, 1, 5, 1]))
    >>> mx.controls["value_quantile"].value = 0.0
    >>> mx.outputs["summary"].value
    'Cuts: value ≥ 1, capability ≥ 3 → zone A holds <b>2</b> customers (50.0%)'
    """
    for name, q in (
        ("value_quantile", value_quantile),
        ("capability_quantile", capability_quantile),
    ):
        if not 0 <= q <= 1:
            raise ValueError(f"{name}: a quantile between 0 and 1, got {q!r}; write 80% as 0.8")
    start = value.value_capability_matrix(customer_value, capability)  # validates the input
    require_nonempty(start, "customer_value")
    controls: dict[str, widgets.Widget] = {
        "value_quantile": _float_slider(
            "value-quantile", "Value cut (quantile)", value_quantile, 0, 1, 0.05, ".0%"
        ),
        "capability_quantile": _float_slider(
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
        "summary": _readout("crmlab-matrix-summary"),
        "table": _readout("crmlab-matrix-table"),
        "chart": _chart(),
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
            f"Cuts: value ≥ {vcut:,.4g}, capability ≥ {ccut:,.4g} → zone A holds "
            f"<b>{int(counts['A']):,d}</b> customers ({_percent(counts['A'] / len(matrix))})"
        )
        shown = pd.DataFrame(
            {
                "zone": [value.VALUE_CAPABILITY_ZONES[z][0] for z in counts.index],
                "中文": [value.VALUE_CAPABILITY_ZONES[z][1] for z in counts.index],
                "customers": counts.map(lambda v: f"{v:,d}"),
                "of customers": (counts / len(matrix)).map(_percent),
                "of value": (totals / grand).map(_percent) if grand != 0 else ["–"] * len(counts),
            },
            index=counts.index,
        )
        outputs["table"].value = _table(shown)
        outputs["chart"].value = _matrix_chart(matrix, vcut, ccut, value_label, capability_label)

    return Explorer(
        plots.label("Value–capability matrix explorer", "客户价值-企业能力矩阵探索"),
        controls,
        outputs,
        refresh,
        css="crmlab-matrix",
    )


# ----------------------------------------------------------------------------- ch04: picker


def customer_picker(
    bgnbd_fit: Any,
    summary: pd.DataFrame,
    *,
    customer_id: object | None = None,
    horizon: int = 4,
    time_unit: str = "weeks",
) -> Explorer:
    """Pick a customer: is she still alive (P(alive)), and how often will she buy next?

    Uses a fitted BG/NBD model (:func:`crmlab.models.fit_bgnbd`): ``probability_alive`` and
    ``expected_purchases`` for the customer's ``frequency``, ``recency`` and ``T`` in
    ``summary`` (:func:`crmlab.rfm.btyd_summary`).

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
    time_unit : str
        Name of the time unit, for the labels.

    Returns
    -------
    Explorer
        Controls ``customer`` (a combo box, CSS ``crmlab-customer``) and ``horizon``
        (``crmlab-picker-horizon``); outputs ``profile`` (``crmlab-picker-profile``) and
        ``probability_alive`` (``crmlab-palive``, text ``P(alive) = 0.727``).

    Examples
    --------
    >>> from crmlab.models import BGNBDFit
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
    if not 1 <= int(horizon) <= 104:
        raise ValueError(f"horizon: 1 to 104 {time_unit}, got {horizon!r}")
    labels = {str(c): c for c in summary.index}
    if len(labels) != len(summary):
        raise ValueError("summary: customer ids must be unique (one row per customer)")
    first = summary.index[0] if customer_id is None else customer_id
    if first not in summary.index:
        raise ValueError(f"customer_id: {first!r} is not in summary's index")
    controls: dict[str, widgets.Widget] = {
        "customer": widgets.Combobox(
            value=str(first),
            options=list(labels),
            ensure_option=True,
            description="Customer id",
            placeholder="type an id",
            style=_STYLE,
        ),
        "horizon": widgets.IntSlider(
            value=int(horizon),
            min=1,
            max=104,
            description=f"Next period ({time_unit})",
            continuous_update=False,
            style=_STYLE,
            layout=_SLIDER_LAYOUT,
        ),
    }
    controls["customer"].add_class("crmlab-customer")
    controls["horizon"].add_class("crmlab-picker-horizon")
    outputs = {
        "probability_alive": _readout("crmlab-palive"),
        "profile": _readout("crmlab-picker-profile"),
    }

    def refresh() -> None:
        chosen = controls["customer"].value
        if chosen not in labels:  # still typing
            return
        row = summary.loc[labels[chosen]]
        x, t_x, big_t = float(row["frequency"]), float(row["recency"]), float(row["T"])
        alive = float(bgnbd_fit.probability_alive(x, t_x, big_t))
        t = int(controls["horizon"].value)
        expected = float(bgnbd_fit.expected_purchases(t, x, t_x, big_t))
        outputs["probability_alive"].value = f"P(alive) = {alive:.3f}"
        outputs["profile"].value = (
            f"{x:g} repeat purchase(s); last one {t_x:,.1f} {time_unit} after her first "
            f"purchase, observed for {big_t:,.1f} {time_unit} "
            f"(silent for {big_t - t_x:,.1f}).<br>"
            f"Expected purchases in the next {t} {time_unit}: <b>{expected:.2f}</b>"
        )

    return Explorer(
        plots.label("Customer picker: is she still alive?", "客户选择器：她还是活跃客户吗？"),
        controls,
        outputs,
        refresh,
        css="crmlab-picker",
    )


# ----------------------------------------------------------------------------- ch01: 360° view


def customer_360_explorer(
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    *,
    customer_ids: Sequence[object] | None = None,
    as_of: object | None = None,
) -> Explorer:
    """Pick a customer from a drop-down and see her 360° view (客户360度视图).

    Thin wiring of :func:`crmlab.customer_base.customer_360` (the numbers) and
    :func:`crmlab.plots.customer_timeline_chart` (the picture).

    Parameters
    ----------
    customers, transactions, survey, service_contacts, memberships : DataFrame
        As for :func:`crmlab.customer_base.customer_360` (the last three are optional).
    customer_ids : sequence, optional
        The ids offered in the drop-down (default: every customer); the first is shown.
    as_of : date-like, optional
        The day the view is taken (default: the last order date).

    Returns
    -------
    Explorer
        Control ``customer`` (a drop-down, CSS ``crmlab-customer360``); outputs ``profile``
        (``crmlab-c360-profile``: the headline numbers) and ``chart`` (the time line).

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "customer_type": ["consumer", "enterprise"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...     "category": ["tops", "shoes"], "amount": [100.0, 900.0], "cost": [50.0, 300.0],
    ...     "returned": [False, False]})
    >>> explorer = customer_360_explorer(customers, tx)
    >>> "¥100.00" in explorer.outputs["profile"].value
    True
    >>> explorer.controls["customer"].value = "C2"
    >>> "¥900.00" in explorer.outputs["profile"].value
    True
    """
    from crmlab.customer_base import customer_360

    require_columns(customers, ["customer_id"], "customers")
    require_nonempty(customers, "customers")
    ids = list(customers["customer_id"] if customer_ids is None else customer_ids)
    unknown = [c for c in ids if c not in set(customers["customer_id"])]
    if not ids or unknown:
        raise ValueError(
            f"customer_ids: give ids from customers['customer_id']; unknown: {unknown[:5]}"
        )
    controls: dict[str, widgets.Widget] = {
        "customer": widgets.Dropdown(
            options=[(str(c), c) for c in ids],
            value=ids[0],
            description="Customer id",
            style=_STYLE,
        )
    }
    controls["customer"].add_class("crmlab-customer360")
    outputs = {"profile": _readout("crmlab-c360-profile"), "chart": _chart()}

    def refresh() -> None:
        view = customer_360(
            controls["customer"].value,
            customers,
            transactions,
            survey,
            service_contacts,
            memberships,
            as_of=as_of,
        )
        profile = view.profile.drop(labels="customer_id", errors="ignore").dropna()
        summary = view.summary.dropna().copy()
        for key in ("revenue", "gross_margin"):
            summary[key] = _money(float(summary[key]))
        facts = pd.concat([profile, summary]).astype(str).to_frame("value")
        outputs["profile"].value = _table(facts)
        fig, ax = _new_figure((6.4, 3.6))
        plots.customer_timeline_chart(view, ax=ax)
        outputs["chart"].value = _png(fig)

    return Explorer(
        plots.label("Customer 360° view", "客户360度视图"),
        controls,
        outputs,
        refresh,
        css="crmlab-c360",
    )
