"""Charts of customer value (客户价值与客户选择); re-exported by :mod:`crmlab.plots`.

Each function draws the result of a :mod:`crmlab.value` or :mod:`crmlab.rfm` analysis and
returns the ``Axes``; none computes anything:

- :func:`whale_curve_chart` — the profit whale curve (鲸鱼曲线) of
  :func:`~crmlab.value.whale_curve`;
- :func:`lorenz_curve_chart` — a Lorenz curve (洛伦兹曲线) of :func:`~crmlab.value.lorenz_curve`;
- :func:`pyramid_chart` — shares of customers, revenue and profit per tier of the customer
  pyramid (客户金字塔), from ``customer_pyramid(...).summary``;
- :func:`value_matrix_chart` — customers in the value – capability matrix (客户价值-企业能力矩阵)
  of :func:`~crmlab.value.value_capability_matrix`;
- :func:`segment_share_chart` — shares per segment (RFM segments, 八类客户, zones …) from a
  small table with one row per segment.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, chinese_enabled, label, money, money_label
from crmlab.rfm import CN_CLASSES_EN, SEGMENT_NAMES_CN
from crmlab.selection import LOSS_CAUSES, PROFIT_GROUPS, VALUE_CLASSES
from crmlab.value import PYRAMID_LABELS_CN, VALUE_CAPABILITY_ZONES

__all__ = [
    "lorenz_curve_chart",
    "pyramid_chart",
    "segment_share_chart",
    "value_matrix_chart",
    "whale_curve_chart",
]

#: Bilingual names of the share columns the analysis functions return.
_SHARE_NAMES: dict[str, tuple[str, str]] = {
    "customer_share": ("customers", "客户"),
    "revenue_share": ("revenue", "收入"),
    "profit_share": ("profit", "利润"),
    "value_share": ("value", "价值"),
    "gross_margin_share": ("gross margin", "毛利"),
    "clv_share": ("predicted value", "预测价值"),
}

#: Row names the value charts and tables know: code → (English, 中文).
_SEGMENT_NAMES: dict[str, tuple[str, str]] = {
    **{en: (en, zh) for en, zh in SEGMENT_NAMES_CN.items()},
    **{zh: (en, zh) for zh, en in CN_CLASSES_EN.items()},
    **{en: (en, zh) for en, zh in PYRAMID_LABELS_CN.items()},
    **PROFIT_GROUPS,
    **LOSS_CAUSES,
    **VALUE_CLASSES,
    **{z: (f"{z}: {en}", f"{z} {zh}") for z, (en, zh) in VALUE_CAPABILITY_ZONES.items()},
}

#: Legend names of the value – capability zones: zone → (English, 中文).
_ZONES = {z: (f"{z}: {en}", f"{z}：{cn}") for z, (en, cn) in VALUE_CAPABILITY_ZONES.items()}


def _require_shares(table: pd.DataFrame, columns: Sequence[str], what: str, fix: str) -> None:
    """``ValueError`` naming the share columns of ``columns`` missing from ``table``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        have = ", ".join(repr(c) for c in table.columns)
        raise ValueError(
            f"{what}: missing column(s) {', '.join(map(repr, missing))} (it has: {have}); "
            f"{fix}, or choose other columns=…"
        )
    require_nonempty(table, what)


def _share_name(column: str) -> str:
    """Legend name of a share column: ``"revenue_share"`` → "revenue" / "收入"."""
    plain = column.removesuffix("_share")
    english, chinese = _SHARE_NAMES.get(column, (plain, plain))
    return label(english, chinese)


def whale_curve_chart(whale, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw the profit whale curve (鲸鱼曲线) of :func:`crmlab.value.whale_curve`.

    Cumulative profit (in % of total profit) against the share of customers, most profitable
    first, with the 100 % line and the peak marked: the hump above 100 % is the profit that
    loss-making customers destroy.

    Parameters
    ----------
    whale : crmlab.value.WhaleCurve
        The result of :func:`crmlab.value.whale_curve`.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "Profit whale curve" / "利润鲸鱼曲线").

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab import value
    >>> w = value.whale_curve(pd.Series([60.0, -20.0, 40.0, 20.0]))
    >>> ax = whale_curve_chart(w)
    >>> ax.get_ylabel()
    'cumulative profit (% of total)'
    """
    curve = whale.curve
    require_columns(
        curve,
        ["customer_share", "cumulative_profit_pct"],
        "whale.curve",
        hint="pass the result of crmlab.value.whale_curve",
    )
    require_nonempty(curve, "whale.curve")
    ax = _axes(ax)
    x = np.concatenate([[0.0], curve["customer_share"].to_numpy() * 100])
    y = np.concatenate([[0.0], curve["cumulative_profit_pct"].to_numpy()])
    ax.plot(x, y, color=PALETTE[0], linewidth=2, label=label("cumulative profit", "累计利润"))
    ax.axhline(100, color=PALETTE[5], linestyle="--", linewidth=1)
    ax.text(2, 101, label("total profit = 100%", "总利润 = 100%"), color="#555", va="bottom")
    peak_x = whale.peak_customer_share * 100
    ax.plot(
        [peak_x], [whale.peak_percent], "o", color=PALETTE[1],
        label=label(
            f"peak: {whale.peak_percent:.0f}% of profit at {peak_x:.0f}% of customers",
            f"峰值：前{peak_x:.0f}%的客户贡献{whale.peak_percent:.0f}%的利润",
        ),
    )  # fmt: skip
    ax.set_xlim(0, 100)
    ax.set_ylim(bottom=min(0.0, float(y.min()) * 1.05))
    ax.set_xlabel(label("customers, most profitable first (%)", "客户（按利润从高到低，%）"))
    ax.set_ylabel(label("cumulative profit (% of total)", "累计利润（占总利润%）"))
    ax.set_title(title or label("Profit whale curve", "利润鲸鱼曲线"))
    ax.legend(loc="lower right")
    return ax


def lorenz_curve_chart(
    lorenz: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    gini: float | None = None,
    name: str | None = None,
) -> Axes:
    """Draw a Lorenz curve (洛伦兹曲线) of :func:`crmlab.value.lorenz_curve`.

    Customers run from the smallest to the largest along the x-axis; the diagonal is perfect
    equality, and the shaded gap between them is half the Gini coefficient (基尼系数).

    Parameters
    ----------
    lorenz : DataFrame
        Columns ``population_share`` and ``value_share`` (0–1).
    ax : Axes, optional
        Where to draw; draw several curves on one ``ax`` to compare them.
    title : str, optional
        Chart title.
    gini : float, optional
        The Gini coefficient of the same values (:func:`crmlab.value.gini`), shown in the
        legend.
    name : str, optional
        What the values are (e.g. "revenue"), for the legend.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab import value
    >>> ax = lorenz_curve_chart(value.lorenz_curve([1, 2, 7]), gini=value.gini([1, 2, 7]))
    >>> ax.get_legend_handles_labels()[1]
    ['perfect equality', 'value (Gini 0.40)']
    """
    require_columns(
        lorenz,
        ["population_share", "value_share"],
        "lorenz",
        hint="pass the result of crmlab.value.lorenz_curve",
    )
    require_nonempty(lorenz, "lorenz")
    ax = _axes(ax)
    x = lorenz["population_share"].to_numpy() * 100
    y = lorenz["value_share"].to_numpy() * 100
    equality = label("perfect equality", "完全平均")
    if equality not in ax.get_legend_handles_labels()[1]:
        ax.plot([0, 100], [0, 100], color=PALETTE[5], linestyle="--", linewidth=1, label=equality)
    colour = PALETTE[(len(ax.lines) - 1) % len(PALETTE)]
    text = name or label("value", "价值")
    if gini is not None:
        text += label(f" (Gini {gini:.2f})", f"（基尼系数 {gini:.2f}）")
    ax.plot(x, y, color=colour, linewidth=2, label=text)
    ax.fill_between(x, y, x, color=colour, alpha=0.12)
    ax.legend(loc="upper left")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(label("customers, smallest first (%)", "客户（从小到大，%）"))
    ax.set_ylabel(label("cumulative share of the total (%)", "累计占比（%）"))
    ax.set_title(title or label("Lorenz curve", "洛伦兹曲线"))
    return ax


def pyramid_chart(
    summary: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    columns: Sequence[str] = ("customer_share", "revenue_share", "profit_share"),
) -> Axes:
    """Draw the customer pyramid (客户金字塔): each tier's share of customers, revenue, profit.

    Tiers run from the top tier (VIP) at the top down to the small customers at the bottom;
    each tier has one horizontal bar per column, labelled with its percentage.

    Parameters
    ----------
    summary : DataFrame
        ``customer_pyramid(...).summary``: one row per tier (top first), with share columns
        (fractions).
    ax : Axes, optional
        Where to draw.
    title : str, optional
        Chart title.
    columns : sequence of str
        Share columns to draw (pass ``measures=`` to :func:`crmlab.value.customer_pyramid`
        to get ``revenue_share`` and ``profit_share``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab import value
    >>> p = value.customer_pyramid(pd.Series(range(100), dtype=float))
    >>> ax = pyramid_chart(p.summary, columns=("customer_share", "value_share"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['VIP', 'major', 'ordinary', 'small']
    """
    _require_shares(
        summary,
        columns,
        "summary",
        "pass measures=profitability[['revenue', 'profit']] to "
        "value.customer_pyramid to get revenue_share and profit_share",
    )
    ax = _axes(ax)
    n_tiers, n_cols = len(summary), len(columns)
    height = 0.8 / n_cols
    base = np.arange(n_tiers)[::-1].astype(float)  # top tier at the top
    for k, col in enumerate(columns):
        shares = summary[col].to_numpy(dtype=float) * 100
        y = base + (n_cols - 1 - k) * height - 0.4 + height / 2
        bars = ax.barh(y, shares, height, color=PALETTE[k % len(PALETTE)], label=_share_name(col))
        ax.bar_label(bars, labels=[f"{s:.0f}%" for s in shares], padding=2, fontsize="small")
    names = [str(t) for t in summary.index]
    if chinese_enabled():
        names = [PYRAMID_LABELS_CN.get(t, t) for t in names]
    ax.set_yticks(base, names)
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_xlim(right=max(100.0, ax.get_xlim()[1]) * 1.08)
    ax.set_xlabel(label("share of the total (%)", "占总量比例（%）"))
    ax.set_ylabel(label("tier", "层级"))
    ax.set_title(title or label("Customer pyramid", "客户金字塔"))
    ax.legend(loc="upper right")
    return ax


def value_matrix_chart(
    matrix: pd.DataFrame,
    value_cut: float,
    capability_cut: float,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    value_label: str | None = None,
    capability_label: str | None = None,
    symlog_threshold: float | None = 100.0,
) -> Axes:
    """Draw customers in the customer value – enterprise capability matrix (客户价值-企业能力矩阵).

    One dot per customer, coloured by zone (A 重点选择, B 择机选择, C 消极选择), with the two
    cut-off lines. Everything that is not a customer sits outside the plot, so it covers no
    dot: the zone letters above (A, B) and to the right (C) of their zones, the legend —
    the zones and the two cut-offs, the value cut in the theme's currency — below.

    Parameters
    ----------
    matrix : DataFrame
        :func:`crmlab.value.value_capability_matrix`: columns ``value``, ``capability`` and
        ``zone``.
    value_cut, capability_cut : float
        The cut-offs used to build ``matrix`` (drawn as dashed lines); the value is an
        amount of money.
    ax : Axes, optional
        Where to draw.
    title : str, optional
        Chart title.
    value_label, capability_label : str, optional
        Axis labels with units (defaults: ``money_label("customer value", "客户价值")``,
        e.g. "customer value (£)", and "capability to serve (score)"; on a symmetric log
        scale the default value label says so).
    symlog_threshold : float or None, default 100
        Draw the value axis on a symmetric log scale, linear within ± this many units, so
        that a few very valuable (or very costly) customers do not squash the rest; ``None``
        for a linear axis. The static chart and the explorer use the same scale.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from crmlab import value
    >>> m = value.value_capability_matrix([10, 8, 2, 1], [5, 1, 5, 1], 5, 3)
    >>> ax = value_matrix_chart(m, 5, 3, symlog_threshold=None)
    >>> ax.get_legend_handles_labels()[1][:3]
    ['A: select actively', 'B: select when the chance comes', 'C: select passively']
    """
    require_columns(
        matrix,
        ["value", "capability", "zone"],
        "matrix",
        hint="pass the result of crmlab.value.value_capability_matrix",
    )
    require_nonempty(matrix, "matrix")
    ax = _axes(ax)
    for k, (zone, names) in enumerate(_ZONES.items()):
        part = matrix.loc[matrix["zone"] == zone]
        ax.scatter(
            part["capability"], part["value"], s=7, alpha=0.5, color=PALETTE[k],
            label=label(*names), rasterized=True,
        )  # fmt: skip
    ax.axhline(
        value_cut, color="#555", linestyle="--", linewidth=1,
        label=label(f"value cut: {money(value_cut)}", f"价值分界：{money(value_cut)}"),
    )  # fmt: skip
    ax.axvline(
        capability_cut, color="#555", linestyle=":", linewidth=1.2,
        label=label(f"capability cut: {capability_cut:.3g}", f"能力分界：{capability_cut:.3g}"),
    )  # fmt: skip
    if symlog_threshold is not None:
        ax.set_yscale("symlog", linthresh=symlog_threshold)
    _zone_letters(ax, value_cut, capability_cut)
    ax.set_xlabel(capability_label or label("capability to serve (score)", "企业服务能力（得分）"))
    default_value = (
        money_label("customer value", "客户价值")
        if symlog_threshold is None
        else money_label("customer value, symmetric log scale", "客户价值，对称对数刻度")
    )
    ax.set_ylabel(value_label or default_value)
    ax.set_title(
        title or label("Customer value – enterprise capability", "客户价值-企业能力矩阵"), pad=20
    )
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize="small",
        markerscale=2, frameon=False,
    )  # fmt: skip
    return ax


def _zone_letters(ax: Axes, value_cut: float, capability_cut: float) -> None:
    """The zone letters outside the plot: A and B above their columns, C right of its band."""
    left, right = ax.get_xlim()
    cut_x = min(max(capability_cut, left), right)
    style = {"fontsize": "large", "color": "#333"}
    above = ax.get_xaxis_transform()  # x in data, y in axes fractions
    if cut_x > left:
        ax.text((left + cut_x) / 2, 1.01, "B", transform=above, ha="center", va="bottom", **style)
    if cut_x < right:
        ax.text((cut_x + right) / 2, 1.01, "A", transform=above, ha="center", va="bottom", **style)
    bottom, top = ax.get_ylim()
    cut_y = min(max(value_cut, bottom), top)
    # the middle of the C band in axes fractions, whatever the scale of the value axis
    in_axes = ax.transAxes.inverted().transform(ax.transData.transform([(left, cut_y)]))[0][1]
    ax.text(1.01, in_axes / 2, "C", transform=ax.transAxes, ha="left", va="center", **style)


def segment_share_chart(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    columns: Sequence[str] = ("customer_share", "profit_share"),
    segment_label: str | None = None,
) -> Axes:
    """Draw each segment's share of customers and of value as grouped horizontal bars.

    For any segmentation with one row per segment: RFM segments (:func:`crmlab.rfm.rfm_segments`),
    the Chinese 8-class scheme (:func:`crmlab.rfm.rfm_segments_cn`), the zones of the value –
    capability matrix, core / potential / general customers … A segment whose value share
    is much larger than its customer share is where the value sits. Known segment names are
    drawn in the chart language.

    Parameters
    ----------
    table : DataFrame
        One row per segment (index = segment name, drawn top to bottom in table order) with
        share columns (fractions; negative profit shares are drawn to the left of zero).
    ax : Axes, optional
        Where to draw.
    title : str, optional
        Chart title.
    columns : sequence of str
        Share columns to draw.
    segment_label : str, optional
        Label of the segment axis (default "segment" / "客户群").

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"customer_share": [0.2, 0.8], "profit_share": [0.9, 0.1]},
    ...                      index=["champions", "others"])
    >>> ax = segment_share_chart(table)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['champions', 'others']
    """
    _require_shares(table, columns, "table", "add a column of shares (fractions of the total)")
    table = _segment_labels(table)
    ax = _axes(ax)
    n_rows, n_cols = len(table), len(columns)
    height = 0.8 / n_cols
    base = np.arange(n_rows)[::-1].astype(float)
    for k, col in enumerate(columns):
        shares = table[col].to_numpy(dtype=float) * 100
        y = base + (n_cols - 1 - k) * height - 0.4 + height / 2
        ax.barh(y, shares, height, color=PALETTE[k % len(PALETTE)], label=_share_name(col))
    ax.set_yticks(base, [str(s) for s in table.index])
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_xlabel(label("share of the total (%)", "占总量比例（%）"))
    ax.set_ylabel(segment_label or label("segment", "客户群"))
    ax.set_title(title or label("Who holds the value", "价值在哪些客户群"))
    ax.legend(loc="best")
    return ax


def _segment_labels(table: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A copy of ``table`` whose row names are in the chart language, for display.

    Knows the names the value analyses use: the named RFM segments
    (:data:`crmlab.rfm.SEGMENT_NAMES_CN`), the Chinese 8-class scheme (shown in English in
    English mode, :data:`crmlab.rfm.CN_CLASSES_EN`), the pyramid tiers, the profit groups,
    the loss causes, the value classes of :mod:`crmlab.selection` and the zones of the
    value – capability matrix. Other names stay as they are. (A displayed table gets the
    same Chinese names from ``display_names.csv``: ``frame.rename(index=plots.display_name)``.)

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> _segment_labels(pd.Series([0.2, 0.8], index=["core", "重要挽留客户"])).index.tolist()
    ['core customers', 'important customer to retain']
    """
    language = 1 if chinese_enabled() else 0
    names = {code: pair[language] for code, pair in _SEGMENT_NAMES.items()}
    shown = table.copy()
    shown.index = pd.Index([names.get(i, i) for i in shown.index], name=shown.index.name)
    return shown
