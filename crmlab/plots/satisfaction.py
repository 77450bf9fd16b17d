"""Charts of customer satisfaction (客户满意); re-exported by :mod:`crmlab.plots`.

Each function draws the result of a :mod:`crmlab.satisfaction`, :mod:`crmlab.ipa` or
:mod:`crmlab.kano` analysis and returns the ``Axes``; none computes anything:

- :func:`csi_chart` — expected versus perceived score and C per attribute, from
  :func:`~crmlab.satisfaction.csi_by_attribute`;
- :func:`delivered_value_chart` — total customer value against total customer cost
  (客户让渡价值), from the eight parts of one respondent or of the mean respondent;
- :func:`satisfaction_dashboard` — the five satisfaction measures as tiles, from
  :func:`~crmlab.satisfaction.satisfaction_measures`;
- :func:`nps_chart` — the 0-10 recommendation answers coloured by NPS group;
- :func:`ipa_chart` — the importance–performance quadrants of :func:`~crmlab.ipa.ipa_table`;
- :func:`kano_chart` — the Better/Worse coefficients of :func:`~crmlab.kano.kano_table`;
- :func:`drivers_chart` — driver coefficients with their confidence intervals, from
  :func:`~crmlab.satisfaction.satisfaction_drivers`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from crmlab._validate import require_columns, require_nonempty
from crmlab.ipa import IPA_QUADRANTS
from crmlab.kano import FEATURE_NAMES, KANO_CATEGORIES
from crmlab.plots._theme import PALETTE, _axes, chinese_enabled, label, money
from crmlab.satisfaction import ATTRIBUTE_NAMES, COST_COLUMNS, CSI_LABELS, PART_NAMES, VALUE_COLUMNS

if TYPE_CHECKING:
    from crmlab.satisfaction import DriversResult, NPSResult

__all__ = [
    "csi_chart",
    "delivered_value_chart",
    "drivers_chart",
    "ipa_chart",
    "kano_chart",
    "nps_chart",
    "satisfaction_dashboard",
]

_GREY = "#777777"
_NAMES: dict[str, str] = {**ATTRIBUTE_NAMES, **FEATURE_NAMES, "overall": "总体"}
_PART_EN: dict[str, str] = {
    "product_value": "product",
    "service_value": "service",
    "personnel_value": "personnel",
    "image_value": "image",
    "money_cost": "money",
    "time_cost": "time",
    "energy_cost": "energy",
    "psychic_cost": "psychic",
}
#: The five measures in the course's order: code → (English, 中文, what the data count).
_MEASURES: dict[str, tuple[str, str, str, str]] = {
    "reputation": (
        "reputation",
        "美誉度",
        "share of respondents who speak well of us",
        "受访者中称赞我们的比例",
    ),
    "named_first": (
        "named first",
        "指名度",
        "share of respondents who name us first",
        "受访者中首先点名我们的比例",
    ),
    "return_rate": (
        "return rate",
        "回头率",
        "share of buyers who bought again",
        "购买过两次及以上的客户比例",
    ),
    "complaint_rate": (
        "complaint rate",
        "投诉率",
        "complaints per buyer",
        "每位购买客户的投诉次数",
    ),
    "purchase_amount": (
        "purchase amount",
        "购买额",
        "mean amount bought per buyer",
        "每位购买客户的平均购买金额",
    ),
}


def _bold() -> str:
    """Bold when the chart font has a bold face (the bundled CJK fonts do not)."""
    return str(mpl.rcParams["axes.titleweight"])


def _name(code: object) -> str:
    """A row label in the chart language: Chinese name of a known attribute or feature."""
    text = str(code)
    return label(text.replace("_", " "), _NAMES.get(text, text))


# --------------------------------------------------------------------------------------
# CSI and delivered value
# --------------------------------------------------------------------------------------


def csi_chart(table: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Expected against perceived mean score per attribute, with C = perceived ÷ expected.

    Each row joins the mean expectation (open circle) to the mean perceived score (filled:
    blue when it reaches the expectation, orange when it falls short); C and its course
    label are written at the right.

    Parameters
    ----------
    table
        :func:`crmlab.satisfaction.csi_by_attribute`: indexed by attribute (``overall``
        last), columns ``expected``, ``perceived``, ``csi`` and ``label``.
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        Two marker collections (expected, perceived) and one text per row.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.satisfaction import csi_by_attribute
    >>> survey = pd.DataFrame({"expected_fit": [8, 6], "perceived_fit": [9, 7]})
    >>> ax = csi_chart(csi_by_attribute(survey, ["fit"]))
    >>> [t.get_text() for t in ax.texts]
    ['C = 1.143 satisfied', 'C = 1.143 satisfied']
    >>> plt.close("all")
    """
    require_columns(
        table,
        ["expected", "perceived", "csi", "label"],
        "table",
        hint="pass the result of crmlab.satisfaction.csi_by_attribute",
    )
    require_nonempty(table, "table")
    ax = _axes(ax, (7.0, 0.45 * len(table) + 1.6))
    y = np.arange(len(table))[::-1].astype(float)
    expected = table["expected"].to_numpy(dtype=float)
    perceived = table["perceived"].to_numpy(dtype=float)
    short = perceived < expected
    ax.hlines(y, expected, perceived, color=_GREY, linewidth=2, zorder=1)
    ax.scatter(
        expected, y, s=55, facecolors="white", edgecolors=_GREY, linewidths=1.5, zorder=2,
        label=label("expected (mean)", "期望（均值）"),
    )  # fmt: skip
    ax.scatter(
        perceived, y, s=55, color=np.where(short, PALETTE[1], PALETTE[0]), zorder=3,
        label=label("perceived (mean)", "可感知效果（均值）"),
    )  # fmt: skip
    for yy, (c, course_label) in zip(
        y, table[["csi", "label"]].itertuples(index=False), strict=True
    ):
        shown = CSI_LABELS.get(course_label, course_label) if chinese_enabled() else course_label
        ax.annotate(
            f"C = {c:.3f} {shown}", xy=(1.02, yy), xycoords=("axes fraction", "data"),
            va="center", fontsize="small", annotation_clip=False,
        )  # fmt: skip
    ax.set_yticks(y, [_name(i) for i in table.index])
    low, high = float(np.min([expected, perceived])), float(np.max([expected, perceived]))
    pad = max(0.05, (high - low) * 0.25)
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.set_xlabel(label("mean score", "平均得分"))
    ax.set_title(title or label("Expectation and perceived performance", "期望与可感知效果"))
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False,
        fontsize="small",
    )  # fmt: skip
    return ax


def delivered_value_chart(
    parts: Mapping[str, float] | pd.Series, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Total customer value against total customer cost: delivered value is the difference.

    Two stacked bars: the four value parts (product, service, personnel, image: blue) and
    the four cost parts (money, time, energy, psychic: orange). The dashed line marks the
    total cost on the value bar; the gap to the end of the value bar is the delivered value.

    Parameters
    ----------
    parts
        The eight parts keyed by their survey columns (``product_value`` … ``psychic_cost``):
        one respondent's scores or the mean scores.
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        Eight bar segments (the value parts first) and the delivered-value note as the
        last text.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> parts = {"product_value": 8, "service_value": 7, "personnel_value": 6,
    ...          "image_value": 7, "money_cost": 6, "time_cost": 3, "energy_cost": 2,
    ...          "psychic_cost": 1}
    >>> ax = delivered_value_chart(parts)
    >>> [round(p.get_width()) for p in ax.patches]
    [8, 7, 6, 7, 6, 3, 2, 1]
    >>> ax.texts[-1].get_text()
    'delivered value = 28.0 − 12.0 = 16.0'
    >>> plt.close("all")
    """
    values = pd.Series(dict(parts), dtype=float)
    missing = [c for c in (*VALUE_COLUMNS, *COST_COLUMNS) if c not in values.index]
    if missing:
        raise ValueError(
            f"parts: missing {', '.join(missing)}; pass the eight delivered-value scores "
            "keyed by their survey columns"
        )
    ax = _axes(ax, (7.0, 2.8))
    blues = ("#2f6f9f", "#4f8bb8", "#76a7cc", "#a3c4de")
    oranges = ("#e07b39", "#e89562", "#efb18b", "#f5cdb4")
    rows = ((1.0, VALUE_COLUMNS, blues), (0.0, COST_COLUMNS, oranges))
    totals = []
    for y, columns, colours in rows:
        left = 0.0
        for column, colour in zip(columns, colours, strict=True):
            width = float(values[column])
            ax.barh(y, width, left=left, height=0.6, color=colour, edgecolor="white")
            if width >= 1.2:
                name = label(_PART_EN[column], PART_NAMES[column].removesuffix("价值"))
                name = name.removesuffix("成本") if chinese_enabled() else name
                ax.text(
                    left + width / 2, y, f"{name}\n{width:.1f}", ha="center", va="center",
                    fontsize="x-small", color="white" if colour in blues[:2] else "black",
                )  # fmt: skip
            left += width
        totals.append(left)
    total_value, total_cost = totals
    ax.vlines(total_cost, -0.4, 1.38, color="#333", linestyle="--", linewidth=1)
    ax.set_yticks(
        [1.0, 0.0],
        [label("total customer value", "总客户价值"), label("total customer cost", "总客户成本")],
    )
    ax.set_xlim(0, max(total_value, total_cost) * 1.05 + 0.5)
    ax.set_ylim(-0.6, 2.1)
    ax.set_xlabel(label("score points (sum of the parts)", "得分（各部分之和）"))
    dv = total_value - total_cost
    colour = PALETTE[0] if dv >= 0 else PALETTE[3]
    ax.annotate(
        "", xy=(total_value, 1.42), xytext=(total_cost, 1.42),
        arrowprops={"arrowstyle": "<->", "color": colour, "linewidth": 1.5},
    )  # fmt: skip
    minus = "−" if not chinese_enabled() else "-"
    note = label(
        f"delivered value = {total_value:.1f} {minus} {total_cost:.1f} = {dv:.1f}",
        f"让渡价值 = {total_value:.1f} {minus} {total_cost:.1f} = {dv:.1f}",
    )
    ax.text(
        (total_value + total_cost) / 2, 1.48, f"{dv:.1f}", ha="center", va="bottom",
        fontsize="small", color=colour,
    )  # fmt: skip
    ax.text(
        0.01, 0.97, note, transform=ax.transAxes, ha="left", va="top", fontsize="small",
        fontweight=_bold(), color=colour,
    )  # fmt: skip
    ax.set_title(title or label("Customer delivered value", "客户让渡价值"))
    ax.grid(axis="y", visible=False)
    return ax


# --------------------------------------------------------------------------------------
# The five measures and NPS
# --------------------------------------------------------------------------------------


def _measure_text(code: str, value: float, definition: str) -> tuple[str, str]:
    """The value as shown on its tile and what it counts, in the chart language."""
    counts_en, counts_zh = _MEASURES[code][2:]
    counts = label(counts_en, counts_zh)
    if code == "complaint_rate" and "purchase" in definition:
        counts = label("complaints per purchase", "每次购买的投诉次数")
    if code == "purchase_amount":
        return money(value), counts
    if code == "complaint_rate":
        return f"{value:.2f}", counts
    return f"{value:.1%}", counts


def satisfaction_dashboard(
    measures: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The five satisfaction measures (美誉度, 指名度, 回头率, 投诉率, 购买额) as tiles.

    One tile per measure in the course's order, with its value and what the data count; a
    measure the data cannot give (its table is absent) shows a grey tile saying so.

    Parameters
    ----------
    measures
        :func:`crmlab.satisfaction.satisfaction_measures` (columns ``measure``, ``value``,
        ``definition``).
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        Five tiles (patches); the texts are name, value and definition of each tile.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab import plots
    >>> plots.use_english()
    >>> measures = pd.DataFrame({"measure": ["return_rate"], "value": [0.5],
    ...                          "definition": ["share of buying customers ..."]})
    >>> ax = satisfaction_dashboard(measures)
    >>> len(ax.patches), [t.get_text() for t in ax.texts][6:8]
    (5, ['return rate', '50.0%'])
    >>> plt.close("all")
    """
    require_columns(
        measures,
        ["measure", "value", "definition"],
        "measures",
        hint="pass the result of crmlab.satisfaction.satisfaction_measures",
    )
    known = measures.set_index("measure")
    ax = _axes(ax, (10.0, 2.4))
    ax.set_axis_off()
    width, gap = 0.184, 0.02
    for k, (code, (english, chinese, _, _)) in enumerate(_MEASURES.items()):
        x = k * (width + gap)
        there = code in known.index
        ax.add_patch(
            FancyBboxPatch(
                (x, 0.02), width, 0.9, boxstyle="square,pad=0",
                transform=ax.transAxes, facecolor="#eef4f9" if there else "#f2f2f2",
                edgecolor=PALETTE[0] if there else "#bbbbbb", linewidth=1.2,
            )
        )  # fmt: skip
        centre = x + width / 2
        ax.text(centre, 0.8, label(english, chinese), transform=ax.transAxes, ha="center",
                va="center", fontweight=_bold(),
                fontsize="large" if chinese_enabled() else "small")  # fmt: skip
        if there:
            shown, counts = _measure_text(code, float(known.loc[code, "value"]),
                                          str(known.loc[code, "definition"]))  # fmt: skip
            colour = PALETTE[0]
        else:
            shown, counts = "–", label("no data for it", "缺少所需数据")
            colour = _GREY
        ax.text(centre, 0.52, shown, transform=ax.transAxes, ha="center", va="center",
                fontsize="xx-large", color=colour)  # fmt: skip
        wrapped = textwrap.fill(counts, 11 if chinese_enabled() else 22)
        ax.text(centre, 0.2, wrapped, transform=ax.transAxes, ha="center", va="center",
                fontsize="x-small", color="#444")  # fmt: skip
    ax.set_title(title or label("Satisfaction measures", "客户满意度的衡量指标"))
    return ax


def nps_chart(
    counts: pd.Series,
    result: NPSResult | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The 0-10 "would you recommend us?" answers, coloured detractor / passive / promoter.

    Parameters
    ----------
    counts
        Respondents per answer, indexed by the answers 0-10 (missing answers count 0), e.g.
        ``survey["likelihood_to_recommend"].value_counts()``.
    result
        :func:`crmlab.satisfaction.nps` of the same answers: its shares go into the legend
        and the NPS into the title.
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        Eleven bars, one per answer 0-10.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab import plots
    >>> plots.use_english()
    >>> ax = nps_chart(pd.Series({10: 3, 9: 2, 6: 4, 0: 1}))
    >>> [round(p.get_height()) for p in ax.patches][-3:]
    [0, 2, 3]
    >>> plt.close("all")
    """
    shown = pd.Series(counts, dtype=float).reindex(range(11), fill_value=0)
    if shown.isna().any() or len(pd.Series(counts).index.difference(range(11))):
        raise ValueError("counts: expected respondents per answer 0-10, indexed by the answer")
    ax = _axes(ax, (7.0, 3.4))
    groups = (
        (range(0, 7), PALETTE[1], ("detractors 0–6", "贬损者 0–6"), "detractors"),
        (range(7, 9), PALETTE[5], ("passives 7–8", "被动者 7–8"), "passives"),
        (range(9, 11), PALETTE[2], ("promoters 9–10", "推荐者 9–10"), "promoters"),
    )
    for answers, colour, (english, chinese), share in groups:
        text = label(english, chinese)
        if result is not None:
            part = f"{getattr(result, share):.1%}"
            text += label(f" ({part})", f"（{part}）")
        ax.bar(list(answers), shown.loc[list(answers)], color=colour, label=text)
    ax.set_xticks(range(11))
    ax.set_xlabel(label("likelihood to recommend (0–10)", "推荐意愿（0–10分）"))
    ax.set_ylabel(label("respondents", "受访者人数"))
    default = label("Net Promoter Score", "净推荐值")
    if result is not None:
        default += f"  NPS = {result.nps:.1f}"
    ax.set_title(title or default)
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    ax.set_ylim(0, float(shown.max()) * 1.35 + 1)
    return ax


# --------------------------------------------------------------------------------------
# IPA, Kano and drivers
# --------------------------------------------------------------------------------------


_IPA_COLOURS = {
    "concentrate here": PALETTE[1],
    "keep up the good work": PALETTE[0],
    "low priority": _GREY,
    "possible overkill": PALETTE[4],
}


def ipa_chart(ipa: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Importance–performance quadrants: each attribute at (importance, performance).

    Parameters
    ----------
    ipa
        :func:`crmlab.ipa.ipa_table` or :func:`crmlab.ipa.importance_performance`
        (columns ``importance``, ``performance``, ``importance_cut``, ``performance_cut``,
        ``quadrant``).
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        One point collection per quadrant present, the crosshair as two lines, and the
        quadrant names in the corners.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab import plots
    >>> from crmlab.ipa import importance_performance
    >>> plots.use_english()
    >>> ipa = importance_performance({"quality": 9, "price": 8, "style": 5},
    ...                              {"quality": 8, "price": 4, "style": 9})
    >>> ax = ipa_chart(ipa)
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['concentrate here', 'keep up the good work', 'low priority']
    >>> plt.close("all")
    """
    require_columns(
        ipa,
        ["importance", "performance", "importance_cut", "performance_cut", "quadrant"],
        "ipa",
        hint="pass the result of crmlab.ipa.ipa_table",
    )
    require_nonempty(ipa, "ipa")
    ax = _axes(ax, (6.4, 4.6))
    for quadrant, colour in _IPA_COLOURS.items():
        part = ipa.loc[ipa["quadrant"] == quadrant]
        if len(part):
            ax.scatter(part["importance"], part["performance"], s=60, color=colour, zorder=3)
    for name, row in ipa.iterrows():
        ax.annotate(
            _name(name), (row["importance"], row["performance"]), xytext=(6, 5),
            textcoords="offset points", fontsize="small",
        )  # fmt: skip
    cut_i, cut_p = float(ipa["importance_cut"].iloc[0]), float(ipa["performance_cut"].iloc[0])
    ax.axvline(cut_i, color="#555", linestyle="--", linewidth=1)
    ax.axhline(cut_p, color="#555", linestyle="--", linewidth=1)
    _pad_around(ax, ipa["importance"], cut_i, "x")
    _pad_around(ax, ipa["performance"], cut_p, "y")
    corners = {
        "possible overkill": (0.02, 0.97, "left", "top"),
        "keep up the good work": (0.98, 0.97, "right", "top"),
        "low priority": (0.02, 0.03, "left", "bottom"),
        "concentrate here": (0.98, 0.03, "right", "bottom"),
    }
    for quadrant, (x, y, ha, va) in corners.items():
        ax.text(
            x, y, label(quadrant, IPA_QUADRANTS[quadrant]), transform=ax.transAxes, ha=ha,
            va=va, fontsize="small", color=_IPA_COLOURS[quadrant], fontweight=_bold(),
        )  # fmt: skip
    ax.set_xlabel(label("importance (mean score)", "重要性（平均得分）"))
    ax.set_ylabel(label("performance (mean score)", "绩效（平均得分）"))
    ax.set_title(title or label("Importance–performance analysis", "重要性-绩效分析"))
    return ax


def _pad_around(ax: Axes, values: pd.Series, cut: float, axis: str) -> None:
    """Limits that hold the points and the cut, symmetric around the cut, with room."""
    spread = max(float(np.max(np.abs(values.to_numpy(dtype=float) - cut))), 0.05)
    low, high = cut - spread * 1.45, cut + spread * 1.45
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)


def kano_chart(table: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Better against |Worse| per feature (Berger et al. 1993), coloured by Kano category.

    Better = (A+O)/(A+O+M+I) is how much offering the feature raises satisfaction, |Worse| =
    (O+M)/(A+O+M+I) how much lacking it lowers satisfaction; lines at 0.5 split the plane
    into attractive (top left), one-dimensional (top right), must-be (bottom right) and
    indifferent (bottom left).

    Parameters
    ----------
    table
        :func:`crmlab.kano.kano_table` (columns ``better``, ``worse``, ``category``).
    ax, title
        Where to draw (a new figure by default) and the title.

    Returns
    -------
    Axes
        One point collection per category present; the quadrant names as texts.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"better": [0.8, 0.2], "worse": [-0.2, -0.7],
    ...                       "category": ["A", "M"]}, index=["stylist", "app"])
    >>> ax = kano_chart(table)
    >>> len(ax.collections)
    2
    >>> plt.close("all")
    """
    require_columns(
        table,
        ["better", "worse", "category"],
        "table",
        hint="pass the result of crmlab.kano.kano_table",
    )
    require_nonempty(table, "table")
    ax = _axes(ax, (6.4, 4.8))
    colours = {"A": PALETTE[2], "O": PALETTE[0], "M": PALETTE[1], "I": _GREY}
    for code, (english, chinese) in KANO_CATEGORIES.items():
        part = table.loc[table["category"] == code]
        if len(part):
            ax.scatter(
                -part["worse"], part["better"], s=60, color=colours.get(code, PALETTE[4]),
                zorder=3, label=label(f"majority: {english}", f"多数人归类：{chinese}"),
            )  # fmt: skip
    for name, row in table.iterrows():
        ax.annotate(
            _name(name), (-row["worse"], row["better"]), xytext=(6, 5),
            textcoords="offset points", fontsize="small",
        )  # fmt: skip
    ax.axvline(0.5, color="#555", linestyle="--", linewidth=1)
    ax.axhline(0.5, color="#555", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    corners = {
        "A": (0.02, 0.97, "left", "top"),
        "O": (0.98, 0.97, "right", "top"),
        "I": (0.02, 0.03, "left", "bottom"),
        "M": (0.98, 0.03, "right", "bottom"),
    }
    for code, (x, y, ha, va) in corners.items():
        english, chinese = KANO_CATEGORIES[code]
        ax.text(
            x, y, label(english, chinese), transform=ax.transAxes, ha=ha, va=va,
            fontsize="small", color=colours[code], fontweight=_bold(),
        )  # fmt: skip
    ax.set_xlabel(label("|Worse|: dissatisfaction if absent", "|Worse|：没有它时的不满意程度"))
    ax.set_ylabel(label("Better: satisfaction if present", "Better：有它时的满意程度"))
    ax.set_title(title or label("Kano: Better and Worse", "Kano模型：Better与Worse系数"))
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False,
        fontsize="small",
    )  # fmt: skip
    return ax


def drivers_chart(
    result: DriversResult | pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    compare: DriversResult | pd.DataFrame | None = None,
    names: tuple[str, str] | None = None,
) -> Axes:
    """Driver coefficients with their confidence intervals (one row per attribute).

    Parameters
    ----------
    result
        :func:`crmlab.satisfaction.satisfaction_drivers`, or its ``coefficients`` table
        (columns ``coef``, ``conf_low``, ``conf_high``); rows drawn in its order.
    ax, title
        Where to draw (a new figure by default) and the title.
    compare
        A second result on the same attributes (e.g. the regression on gaps), drawn just
        below each row of the first.
    names
        Legend names of ``result`` and ``compare``.

    Returns
    -------
    Axes
        One error-bar container per result; a vertical line at 0.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> coefficients = pd.DataFrame({"coef": [0.5, 0.1], "conf_low": [0.4, -0.1],
    ...                              "conf_high": [0.6, 0.3]}, index=["quality", "price"])
    >>> ax = drivers_chart(coefficients)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['quality', 'price']
    >>> plt.close("all")
    """
    frames = [getattr(r, "coefficients", r) for r in (result, compare)]
    shown = [f for f in frames if f is not None]
    for frame in shown:
        require_columns(
            frame,
            ["coef", "conf_low", "conf_high"],
            "result",
            hint="pass the result of crmlab.satisfaction.satisfaction_drivers",
        )
        require_nonempty(frame, "result")
    order = list(shown[0].index)
    if len(shown) == 2 and set(shown[1].index) != set(order):
        raise ValueError("compare: must have the same attributes as result")
    ax = _axes(ax, (6.4, 0.5 * len(order) + 1.8))
    y = np.arange(len(order))[::-1].astype(float)
    legend = names or (
        label("perceived scores", "按可感知效果"),
        label("gaps (perceived − expected)", "按差距（感知-期望）"),
    )
    offsets = (0.0,) if len(shown) == 1 else (0.14, -0.14)
    for k, (frame, offset) in enumerate(zip(shown, offsets, strict=True)):
        rows = frame.loc[order]
        coef = rows["coef"].to_numpy(dtype=float)
        errors = np.vstack([coef - rows["conf_low"], rows["conf_high"] - coef])
        ax.errorbar(
            coef, y + offset, xerr=errors, fmt="o", color=PALETTE[k], capsize=4,
            label=legend[k] if len(shown) == 2 else None,
        )  # fmt: skip
    ax.axvline(0, color="#333", linewidth=1)
    ax.set_yticks(y, [_name(i) for i in order])
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlabel(label("coefficient with its confidence interval", "系数及其置信区间"))
    ax.set_title(title or label("What drives overall satisfaction", "总体满意度的驱动因素"))
    if len(shown) == 2:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False,
            fontsize="small",
        )  # fmt: skip
    return ax
