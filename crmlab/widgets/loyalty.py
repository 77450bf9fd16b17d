"""The satisfaction → loyalty explorer (满意—忠诚曲线): one curve per level of competition.

The numbers come from :mod:`crmlab.loyalty` — a fitted
:class:`~crmlab.loyalty.SatisfactionLoyaltyFit` (its ``predict`` at the chosen intensity)
or, without one, the teaching model :func:`~crmlab.loyalty.satisfaction_loyalty_curve` —
and the chart from :func:`crmlab.plots.satisfaction_trap_chart`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import plots
from crmlab.loyalty import SatisfactionLoyaltyFit, satisfaction_loyalty_curve
from crmlab.plots.loyalty import LEVEL_NAMES
from crmlab.widgets._explorer import (
    STYLE,
    Explorer,
    chart_image,
    float_slider,
    new_figure,
    percent,
    png,
    readout,
)

__all__ = ["loyalty_curve", "satisfaction_loyalty_explorer"]

_LEVELS = np.arange(1, 6)
_NAME = "loyalty_probability"
_SOURCES = {
    "data": ("data of the two markets", "两个市场的数据"),
    "fit": ("fitted logistic model", "逻辑回归模型"),
    "teaching": ("Jones & Sasser's stylised curve", "Jones & Sasser 示意曲线"),
}


def loyalty_curve(
    competition: float,
    *,
    fit: SatisfactionLoyaltyFit | None = None,
    observed: pd.DataFrame | None = None,
) -> pd.Series:
    """The loyalty probability per satisfaction level at one competitive intensity c.

    From ``fit.predict`` when a fit is given; else from the ``observed`` repurchase rates
    of the two markets (:func:`crmlab.loyalty.repurchase_by_satisfaction`, ``competition``
    ``low`` at c = 0 and ``high`` at c = 1); else from the teaching model
    :func:`crmlab.loyalty.satisfaction_loyalty_curve` on levels 1-5. Between the two
    markets the log-odds are interpolated linearly — an assumption, since only the two
    markets are observed.

    Examples
    --------
    >>> loyalty_curve(1.0).round(3).tolist()
    [0.0, 0.0, 0.002, 0.119, 0.881]
    >>> table = pd.DataFrame({"competition": ["low", "high"], "satisfaction": [5, 5],
    ...                       "repurchase_rate": [0.5, 0.8]})
    >>> float(loyalty_curve(0.5, observed=table).iloc[0].round(3))  # logit: (0 + 1.386) / 2
    0.667
    """
    c = float(competition)
    if not 0 <= c <= 1:
        raise ValueError(f"competition: expected a number in [0, 1], got {competition}")
    if fit is not None:
        levels = fit.curves.index
        return pd.Series(fit.predict(levels.to_numpy(float), c), index=levels, name=_NAME)
    if observed is None:
        return satisfaction_loyalty_curve(_LEVELS, c)
    rates = observed.pivot_table(
        index="satisfaction", columns="competition", values="repurchase_rate"
    )
    missing = {"low", "high"} - set(rates.columns)
    if missing:
        raise ValueError(
            f"observed: no rates for competition {', '.join(sorted(missing))}; pass "
            "crmlab.loyalty.repurchase_by_satisfaction of both markets"
        )
    rates = rates[["low", "high"]].dropna().clip(0.005, 0.995)
    logit = np.log(rates / (1 - rates))
    z = (1 - c) * logit["low"] + c * logit["high"]
    return (1 / (1 + np.exp(-z))).rename(_NAME)


def _level(curve: pd.Series, level: int) -> float:
    return float(curve.loc[level]) if level in curve.index else float("nan")


def _level_name(level: int) -> str:
    """The course's name of a satisfaction level ("满意 (4)"), or just its score."""
    if level in LEVEL_NAMES:
        english, chinese = LEVEL_NAMES[level]
        return plots.label(f"{english.replace(chr(10), ' ')} ({level})", f"{chinese}（{level} 分）")
    return plots.label(f"level {level}", f"{level} 分")


def _gap_text(curve: pd.Series) -> str:
    """Completely satisfied (top level) against satisfied (the level below)."""
    top = int(curve.index.max())
    high, below = _level(curve, top), _level(curve, top - 1)
    ratio = high / below if below > 0 else float("nan")
    times = "–" if not np.isfinite(ratio) else f"{ratio:.1f}"
    return plots.label(
        f"{_level_name(top)}: <b>{percent(high)}</b> · {_level_name(top - 1)}: "
        f"<b>{percent(below)}</b> → the top level is <b>{times}</b> times as likely to stay "
        "loyal (buy again) as the one below",
        f"{_level_name(top)}：<b>{percent(high)}</b> · {_level_name(top - 1)}："
        f"<b>{percent(below)}</b> → 最高一级保持忠诚（再次购买）的可能性是下一级的 "
        f"<b>{times}</b> 倍",
    )


def _hostage_text(curve: pd.Series, reference: float) -> str:
    """The most dissatisfied level's loyalty, read against the completely satisfied."""
    low_level = int(curve.index.min())
    stay = _level(curve, low_level)
    if reference > 0 and stay >= 0.6 * reference:
        reading = plots.label(
            "they stay almost as often as the completely satisfied: hostages, who leave as "
            "soon as a real alternative appears",
            "他们几乎和完全满意者一样常留下：这是“人质”，一旦有了真正的选择就会离开",
        )
    elif reference > 0 and stay >= 0.25 * reference:
        reading = plots.label(
            "some stay although dissatisfied: part hostages",
            "有一部分不满意的顾客仍留下：部分是“人质”",
        )
    else:
        reading = plots.label(
            "they leave: in a market with choices dissatisfaction is punished at once",
            "他们会离开：在有选择的市场里，不满意会立刻受到惩罚",
        )
    return plots.label(
        f"{_level_name(low_level)}: <b>{percent(stay)}</b> stay loyal — {reading}",
        f"{_level_name(low_level)}：<b>{percent(stay)}</b> 仍然忠诚——{reading}",
    )


def _source_text(source: str, competition: float) -> str:
    if source == "teaching":
        return plots.label(
            "The stylised Jones & Sasser curve: the shape of the theory, not fitted to data.",
            "Jones & Sasser 的示意曲线：表现理论的形状，不是由数据估计的。",
        )
    what = plots.label(*_SOURCES[source])
    if 0 < competition < 1:
        return plots.label(
            f"Curve: {what}; between the two markets observed (c = 0 and 1) it is "
            "interpolated — an assumption.",
            f"曲线：{what}；c 介于两个观察到的市场（0 和 1）之间时是插值——这是一个假设。",
        )
    return plots.label(f"Curve: {what}.", f"曲线：{what}。")


def satisfaction_loyalty_explorer(
    fit: SatisfactionLoyaltyFit | None = None,
    observed: pd.DataFrame | None = None,
    *,
    competition: float = 1.0,
    window_days: int = 365,
) -> Explorer:
    """The satisfaction → loyalty curve for a chosen level of competition (满意—忠诚曲线).

    Move the competitive intensity c from 0 (switching is hard: the low-competition market)
    to 1 (fierce competition): the curve of loyalty over the satisfaction levels moves with
    it (:func:`loyalty_curve`). The readouts compare the completely satisfied with the
    satisfied (Jones & Sasser's gap) and say how many of the very dissatisfied still stay
    ("hostages"). A switch chooses the curve: the data of the two markets (``observed``),
    the fitted model (``fit``) or the stylised teaching curve — whichever were given.

    Parameters
    ----------
    fit : SatisfactionLoyaltyFit, optional
        A model from :func:`crmlab.loyalty.fit_satisfaction_loyalty`.
    observed : DataFrame, optional
        :func:`crmlab.loyalty.repurchase_by_satisfaction` of both markets, also drawn as
        points with their intervals behind the curve.
    competition : float, default 1.0
        The starting intensity, 0-1.
    window_days : int, default 365
        The window ``observed`` counted purchases in (for the chart's label).

    Returns
    -------
    Explorer
        Controls ``competition`` (CSS ``crmlab-competition``) and ``source``
        (``crmlab-loyalty-source``: ``"data"``, ``"fit"``, ``"teaching"``); outputs
        ``gap`` (``crmlab-loyalty-gap``), ``hostages`` (``crmlab-loyalty-hostages``),
        ``note`` and ``chart``. The controls and readouts stand beside the chart.

    Examples
    --------
    >>> plots.use_english()
    >>> explorer = satisfaction_loyalty_explorer(competition=1.0)
    >>> "<b>7.4</b> times" in explorer.outputs["gap"].value
    True
    >>> explorer.controls["competition"].value = 0.0
    >>> "<b>73.1%</b> stay loyal" in explorer.outputs["hostages"].value
    True
    """
    if fit is not None and not isinstance(fit, SatisfactionLoyaltyFit):
        raise TypeError("fit: expected the result of crmlab.loyalty.fit_satisfaction_loyalty")
    if observed is not None:
        loyalty_curve(1.0, observed=observed)  # both markets present, or a clear error
    given = {"data": observed is not None, "fit": fit is not None, "teaching": True}
    sources = [(plots.label(*_SOURCES[k]), k) for k, ok in given.items() if ok]
    controls: dict[str, widgets.Widget] = {
        "competition": float_slider(
            "competition", plots.label("Competition c", "竞争强度 c"), competition, 0, 1, 0.05
        ),
        "source": widgets.RadioButtons(  # a column of choices: fits beside the chart
            options=sources,
            value=sources[0][1],
            description=plots.label("Curve", "曲线"),
            style=STYLE,
            layout={"width": "360px"},
        ),
    }
    controls["competition"].layout.width = "340px"
    controls["source"].add_class("crmlab-loyalty-source")
    outputs: dict[str, widgets.Widget] = {
        "gap": readout("crmlab-loyalty-gap"),
        "hostages": readout("crmlab-loyalty-hostages"),
        "note": readout("crmlab-loyalty-note"),
        "chart": chart_image(),
    }
    outputs["chart"].layout.width = "560px"

    def refresh() -> None:
        c, source = float(controls["competition"].value), controls["source"].value
        curve = loyalty_curve(
            c,
            fit=fit if source == "fit" else None,
            observed=observed if source == "data" else None,
        )
        top = _level(curve, int(curve.index.max()))
        outputs["gap"].value = _gap_text(curve)
        outputs["hostages"].value = _hostage_text(curve, top)
        outputs["note"].value = f"<small>{_source_text(source, c)}</small>"
        name = plots.label(f"curve at c = {c:.2f}", f"c = {c:.2f} 时的曲线")
        fig, ax = new_figure((6.0, 3.6), left=0.12)
        plots.satisfaction_trap_chart(
            observed,
            curve.rename(name).to_frame(),
            ax=ax,
            title=plots.label("Satisfaction → loyalty", "满意度与忠诚"),
            window_days=None if observed is None and source == "teaching" else window_days,
        )
        outputs["chart"].value = png(fig)

    explorer = Explorer(
        plots.label("Satisfaction → loyalty curve", "满意—忠诚曲线"),
        controls,
        outputs,
        refresh,
        css="crmlab-loyalty-explorer",
    )
    scale = widgets.HTML(
        plots.label(
            "<small>c: 0 = switching is hard (little choice) · 1 = fierce competition</small>",
            "<small>c：0 = 难以转换（几乎没有选择）· 1 = 竞争激烈</small>",
        )
    )
    left = widgets.VBox(
        [controls["competition"], scale, controls["source"], *list(outputs.values())[:3]],
        layout={"width": "380px"},
    )
    right = widgets.VBox([outputs["chart"]], layout={"margin": "0 0 0 12px"})
    explorer.children = [explorer.children[0], widgets.HBox([left, right])]
    return explorer
