"""Charts of satisfaction versus loyalty (客户满意与客户忠诚); re-exported by :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.loyalty` and returns the ``Axes``; none
computes anything:

- :func:`satisfaction_trap_chart` — the repurchase rate by satisfaction level, one series
  per market (competition high / low) with its confidence interval, optionally with model
  curves: the satisfaction trap and Jones & Sasser's curves in the data, from
  :func:`~crmlab.loyalty.repurchase_by_satisfaction` and
  :attr:`~crmlab.loyalty.SatisfactionLoyaltyFit.curves`;
- :func:`loyalty_types_chart` — Dick & Basu's 2 × 2 of relative attitude × repeat
  patronage, each cell with its share and what its customers did next, from
  :func:`~crmlab.loyalty.loyalty_type_outcomes`.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import PercentFormatter

from crmlab._validate import require_columns, require_nonempty
from crmlab.loyalty import LOYALTY_TYPES
from crmlab.plots._theme import PALETTE, _axes, chinese_enabled, label

__all__ = ["loyalty_types_chart", "satisfaction_trap_chart"]

#: Colour of each market; other groups take the rest of the palette.
_GROUP_COLOURS = {"high": PALETTE[1], "low": PALETTE[0]}
_GROUP_NAMES = {
    "high": ("high competition", "竞争激烈"),
    "low": ("low competition", "竞争较弱"),
}
#: The course's words for the five levels of overall satisfaction (1-5).
LEVEL_NAMES = {
    1: ("very\ndissatisfied", "非常不满意"),
    2: ("dissatisfied", "不满意"),
    3: ("neutral", "一般"),
    4: ("satisfied", "满意"),
    5: ("completely\nsatisfied", "完全满意"),
}


def _group_name(value: object) -> str:
    if value in _GROUP_NAMES:
        return label(*_GROUP_NAMES[value])  # type: ignore[index]
    return str(value)


def _group_colour(value: object, order: int) -> str:
    if value in _GROUP_COLOURS:
        return _GROUP_COLOURS[value]  # type: ignore[index]
    return PALETTE[2 + order % (len(PALETTE) - 2)]


def _groups(values: pd.Series) -> list[object]:
    """High competition first, then low, then any other groups in sorted order."""
    seen = list(pd.unique(values))
    known = [g for g in ("high", "low") if g in seen]
    return known + sorted((g for g in seen if g not in known), key=str)


def _curve_rank(column: object) -> tuple[int, str]:
    return ({"high": 0, "low": 1}.get(column, 2), str(column))  # type: ignore[arg-type]


def satisfaction_trap_chart(
    table: pd.DataFrame | None,
    curves: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    by: str = "competition",
    window_days: int | None = 365,
) -> Axes:
    """Repurchase rate by satisfaction level, one series per market (客户满意陷阱).

    Parameters
    ----------
    table : DataFrame or None
        :func:`crmlab.loyalty.repurchase_by_satisfaction`: columns ``by``,
        ``satisfaction``, ``repurchase_rate``, ``ci_lower``, ``ci_upper``. Each group is a
        series of points with its interval as an error bar (rows without a rate are left
        out), joined by a thin line unless ``curves`` are given. ``None`` draws the
        ``curves`` alone (a model without data).
    curves : DataFrame, optional
        Model curves: index the satisfaction levels, one column per curve (e.g.
        :attr:`crmlab.loyalty.SatisfactionLoyaltyFit.curves`, columns ``low``/``high``);
        a column named like a group takes the group's colour, any other column (e.g. the
        model at one chosen intensity) the next colour and its name as the legend entry.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "The satisfaction trap").
    by : str, default "competition"
        The grouping column of ``table``.
    window_days : int or None, default 365
        The window after each answer the table counted purchases in (for the y label);
        ``None`` for a curve of loyalty without data ("share who stay loyal").

    Returns
    -------
    Axes
        One error-bar container per group (``ax.containers``), the model curves as lines
        after the points' joining lines; y from 0 to 100 %.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"competition": ["high", "high", "low", "low"],
    ...                       "satisfaction": [4, 5, 4, 5],
    ...                       "repurchase_rate": [0.2, 0.5, 0.45, 0.44],
    ...                       "ci_lower": [0.15, 0.4, 0.35, 0.35],
    ...                       "ci_upper": [0.3, 0.6, 0.55, 0.55]})
    >>> ax = satisfaction_trap_chart(table)
    >>> len(ax.containers), [float(y) for y in ax.get_ylim()]
    (2, [0.0, 1.0])
    >>> plt.close("all")
    """
    if table is None and curves is None:
        raise ValueError("table: give the repurchase table, model curves, or both")
    if table is None:
        table = pd.DataFrame(columns=[by, "satisfaction"])
    else:
        need = [by, "satisfaction", "repurchase_rate", "ci_lower", "ci_upper"]
        hint = "pass the result of crmlab.loyalty.repurchase_by_satisfaction"
        require_columns(table, need, "table", hint=hint)
        require_nonempty(table, "table")
    ax = _axes(ax)
    groups = _groups(table[by])
    for order, group in enumerate(groups):
        rows = table.loc[(table[by] == group) & table["repurchase_rate"].notna()]
        rows = rows.sort_values("satisfaction")
        rate = rows["repurchase_rate"].to_numpy(float)
        errors = np.vstack(
            [rate - rows["ci_lower"].to_numpy(float), rows["ci_upper"].to_numpy(float) - rate]
        )
        colour = _group_colour(group, order)
        ax.errorbar(
            rows["satisfaction"].to_numpy(float),
            rate,
            yerr=np.clip(errors, 0, None),
            fmt="o" if curves is not None else "o-",
            color=colour,
            capsize=4,
            linewidth=1.2,
            markersize=7,
            label=label(f"{_group_name(group)} (data)", f"{_group_name(group)}（数据）"),
        )
    if curves is not None:
        for order, column in enumerate(sorted(curves.columns, key=_curve_rank)):
            is_group = column in groups
            colour = _group_colour(column, order) if is_group else PALETTE[2]
            name = (
                label(f"model: {_group_name(column)}", f"模型：{_group_name(column)}")
                if is_group
                else str(column)
            )
            ax.plot(
                curves.index.to_numpy(float),
                curves[column].to_numpy(float),
                color=colour,
                linewidth=2.4 if not is_group else 1.6,
                linestyle="--" if is_group else "-",
                label=name,
            )
    seen = [*table["satisfaction"], *([] if curves is None else curves.index)]
    levels = sorted({float(v) for v in seen})
    ax.set_xticks(levels)
    ax.set_xticklabels(
        [f"{v:g}\n" + label(*LEVEL_NAMES[int(v)]) if v in LEVEL_NAMES else f"{v:g}" for v in levels]
    )
    ax.set_xlim(min(levels) - 0.4, max(levels) + 0.4)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(label("Overall satisfaction", "总体满意度"))
    if window_days is None:
        ax.set_ylabel(label("Share who stay loyal", "保持忠诚的比例"))
    else:
        year = window_days == 365
        span = ("a year", "一年") if year else (f"{window_days} days", f"{window_days} 天")
        ax.set_ylabel(label(f"Bought again within {span[0]}", f"{span[1]}内再次购买的比例"))
    # below the axes (the curves can run anywhere in the plot): the data first, then the
    # curves, each in the order high, low, other
    handles, labels = ax.get_legend_handles_labels()
    data = [i for i, h in enumerate(handles) if not isinstance(h, Line2D)]
    lines = [i for i, h in enumerate(handles) if isinstance(h, Line2D)]
    order = data + lines
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.3),
        ncol=2 if data and lines and len(order) == 4 else min(len(order), 3),
        fontsize="small",
    )
    ax.set_title(title or label("The satisfaction trap", "客户满意陷阱"))
    return ax


#: Where each type sits in the 2 × 2: (behaviour column, attitude row).
_CELLS = {
    "true loyalty": (1, 1),
    "latent loyalty": (0, 1),
    "spurious loyalty": (1, 0),
    "no loyalty": (0, 0),
}
_CELL_COLOURS = {
    "true loyalty": PALETTE[2],
    "latent loyalty": PALETTE[0],
    "spurious loyalty": PALETTE[1],
    "no loyalty": PALETTE[5],
}
_TYPE_EN = {k: k.capitalize() for k in LOYALTY_TYPES}


def _percent(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value:.0%}"


def _cell_text(rows: pd.DataFrame, by: str | None) -> str:
    """The lines of one cell: share and repurchase, per group when ``by`` is given."""
    if by is None:
        row = rows.iloc[0]
        return label(
            f"{_percent(row['share'])} of respondents\n"
            f"bought again: {_percent(row['repurchase_rate'])} (of {int(row['respondents'])})",
            f"占受访者 {_percent(row['share'])}\n"
            f"此后再次购买：{_percent(row['repurchase_rate'])}（{int(row['respondents'])} 人中）",
        )
    lines = []
    for _, row in rows.iterrows():
        rate, share = _percent(row["repurchase_rate"]), _percent(row["share"])
        name = _group_name(row[by])
        lines.append(
            f"{name}：占 {share}，再购 {rate}"
            if chinese_enabled()
            else f"{name}: {share}; {rate} buy again"
        )
    return "\n".join(lines)


def loyalty_types_chart(
    outcomes: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    by: str | None = None,
    cuts: tuple[float, float] | None = None,
) -> Axes:
    """Dick & Basu's four loyalty types as a 2 × 2, with what each type went on to do.

    Parameters
    ----------
    outcomes : DataFrame
        :func:`crmlab.loyalty.loyalty_type_outcomes`: ``loyalty_type``, ``share``,
        ``respondents``, ``repurchase_rate`` (and the ``by`` column when it was grouped).
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "Four kinds of loyalty").
    by : str, optional
        The grouping column of ``outcomes`` (e.g. ``"competition"``): each cell then lists
        the repurchase rate and share per group.
    cuts : (float, float), optional
        The attitude and behaviour cuts, written in the axis labels ("≥ 5 为高").

    Returns
    -------
    Axes
        One rectangle per type (``ax.patches``) and its texts: the type's name first, then
        its numbers.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> outcomes = pd.DataFrame({"loyalty_type": list(LOYALTY_TYPES),
    ...                          "share": [0.2, 0.3, 0.1, 0.4], "respondents": [20, 30, 10, 40],
    ...                          "repurchase_rate": [0.7, 0.25, 0.6, 0.2]})
    >>> ax = loyalty_types_chart(outcomes)
    >>> len(ax.patches), ax.texts[0].get_text()
    (4, 'True loyalty')
    >>> plt.close("all")
    """
    need = ["loyalty_type", "share", "respondents", "repurchase_rate", *([by] if by else [])]
    hint = "pass the result of crmlab.loyalty.loyalty_type_outcomes"
    require_columns(outcomes, need, "outcomes", hint=hint)
    require_nonempty(outcomes, "outcomes")
    unknown = set(outcomes["loyalty_type"].astype(str)) - set(LOYALTY_TYPES)
    if unknown:
        raise ValueError(f"outcomes: unknown loyalty type(s) {', '.join(sorted(unknown))}")
    if by is None and outcomes["loyalty_type"].duplicated().any():
        raise ValueError("outcomes: one row per type expected; pass by= for grouped outcomes")
    ax = _axes(ax, size=(7.0, 5.2))
    for kind, (col, row) in _CELLS.items():
        rows = outcomes.loc[outcomes["loyalty_type"].astype(str) == kind]
        ax.add_patch(
            Rectangle(
                (col + 0.02, row + 0.02),
                0.96,
                0.96,
                facecolor=_CELL_COLOURS[kind],
                alpha=0.18,
                edgecolor=_CELL_COLOURS[kind],
                linewidth=1.5,
            )
        )
        ax.text(
            col + 0.5,
            row + 0.8,
            label(_TYPE_EN[kind], LOYALTY_TYPES[kind]),
            ha="center",
            va="center",
            fontsize="large",
            fontweight=mpl.rcParams["axes.titleweight"],  # bold only where the font has it
        )
        if len(rows):
            ax.text(
                col + 0.5,
                row + 0.42,
                _cell_text(rows, by),
                ha="center",
                va="center",
                fontsize="small",
                linespacing=1.5,
            )
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.grid(False)
    a_cut, b_cut = cuts if cuts is not None else (None, None)
    ax.set_xticks([0.5, 1.5], [label("low", "低"), label("high", "高")])
    ax.set_yticks([0.5, 1.5], [label("low", "低"), label("high", "高")])
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    b_rule = "" if b_cut is None else label(f"; high: ≥ {b_cut:g}", f"；≥ {b_cut:g} 为高")
    a_rule = "" if a_cut is None else label(f"; high: ≥ {a_cut:g}", f"；≥ {a_cut:g} 为高")
    ax.set_xlabel(
        label(
            f"Repeat patronage (orders in the year before the survey{b_rule})",
            f"重复购买（调查前一年的订单数{b_rule}）",
        )
    )
    ax.set_ylabel(label(f"Relative attitude (1-7{a_rule})", f"相对态度（1–7 分{a_rule}）"))
    ax.set_title(title or label("Four kinds of loyalty", "四种忠诚类型"))
    return ax
