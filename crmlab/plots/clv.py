"""Charts of customer lifetime value (客户终身价值); re-exported by :mod:`crmlab.plots`.

- :func:`clv_horizon_chart` — the CLV over a finite horizon N approaching the
  infinite-horizon value, optionally with each year's discounted margin as bars (the chart
  of the notebook and of :func:`crmlab.widgets.clv_calculator`); the values come from
  :func:`crmlab.clv.clv_simple`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, label, money_label

__all__ = ["clv_horizon_chart"]


def clv_horizon_chart(
    curve: pd.DataFrame,
    infinite: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    per_year: bool = False,
    acquisition_cost: float | None = None,
) -> Axes:
    """CLV over a finite horizon N (客户终身价值), approaching the infinite-horizon value.

    Parameters
    ----------
    curve : DataFrame
        Columns ``horizon`` (periods 1, 2, …, N) and ``clv`` (e.g.
        :func:`crmlab.clv.clv_simple` for each horizon).
    infinite : float, optional
        The infinite-horizon CLV, drawn as a dashed line.
    ax : Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Chart title (default: "CLV grows with the horizon, ever more slowly").
    per_year : bool, default False
        Also draw what each year adds to the CLV (its discounted, retention-weighted margin)
        as bars: the step of ``clv`` from the previous horizon, the first from 0. This is
        the chart of :func:`crmlab.widgets.clv_calculator`.
    acquisition_cost : float, optional
        The cost of winning the customer (获取成本, CAC), drawn as a dotted line: where the
        CLV curve crosses it, the customer has paid back what she cost.

    Returns
    -------
    Axes
        The CLV line (first line), the infinite-horizon line when given (next line), the
        acquisition-cost line when given (last line) and, with ``per_year``, one bar per
        year.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> curve = pd.DataFrame({"horizon": [1, 2, 3], "clv": [72.7, 125.6, 164.1]})
    >>> ax = clv_horizon_chart(curve, infinite=266.7)
    >>> len(ax.lines)
    2
    >>> ax = clv_horizon_chart(curve, per_year=True)
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [72.7, 52.9, 38.5]
    >>> ax = clv_horizon_chart(curve, acquisition_cost=150.0)
    >>> float(ax.lines[-1].get_ydata()[0])
    150.0
    >>> plt.close("all")
    """
    require_columns(
        curve,
        ["horizon", "clv"],
        "curve",
        hint="build it from crmlab.clv.clv_simple evaluated at each horizon",
    )
    require_nonempty(curve, "curve")
    ax = _axes(ax)
    horizon = curve["horizon"].to_numpy()
    values = curve["clv"].to_numpy(dtype=float)
    ax.plot(
        horizon,
        values,
        marker=".",
        color=PALETTE[0],
        label=label("CLV over N years", "N年期终身价值"),
    )
    if infinite is not None:
        ax.axhline(
            infinite,
            color=PALETTE[1],
            linestyle="--",
            label=label("infinite horizon", "无限期"),
        )
    if acquisition_cost is not None:
        ax.axhline(
            acquisition_cost,
            color=PALETTE[3],
            linestyle=":",
            linewidth=1.5,
            label=label("acquisition cost (CAC)", "获取成本（CAC）"),
        )
    lowest = float(np.nanmin(values))
    if per_year:
        added = np.diff(np.concatenate([[0.0], values]))
        ax.bar(
            horizon,
            added,
            color=PALETTE[0],
            alpha=0.35,
            label=label("added by that year", "当年新增"),
        )
        lowest = min(lowest, float(np.nanmin(added)))
    highest = max(
        float(np.nanmax(values)),
        infinite if infinite is not None else -np.inf,
        acquisition_cost if acquisition_cost is not None else -np.inf,
    )
    ax.set_ylim(bottom=min(0.0, lowest * 1.05), top=max(highest * 1.08, 0.0) or None)
    ax.set_xlabel(label("horizon N (years)", "期限N（年）"))
    ax.set_ylabel(money_label("CLV", "客户终身价值"))
    ax.set_title(
        title or label("CLV grows with the horizon, ever more slowly", "期限越长，CLV增长越慢")
    )
    ax.legend(loc="lower right" if not per_year else "center right", fontsize="small")
    return ax
