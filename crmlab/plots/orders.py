"""Charts of the orders (订单) in the transactions table; re-exported by :mod:`crmlab.plots`.

- :func:`orders_chart` — orders per period, one band per sales channel (the first look at
  the company's data).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from crmlab.plots._theme import _axes, _date_axis, label

__all__ = ["orders_chart"]

_CHANNEL_ZH = {"online": "线上", "store": "门店", "corporate": "企业团购"}


def orders_chart(
    monthly: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Stacked area chart of orders per period, one band per sales channel.

    A frame with one column (a log without channels) draws one band, without a legend.
    The legend lists the bands top to bottom, as they are stacked. In Chinese mode
    (:func:`~crmlab.plots.use_chinese`) every text is Chinese: title, axis labels with the
    unit, channel names (线上, 门店, 企业团购) and the date ticks (2024, 4月, 7月 …), whose
    number follows the width of the axes so that they never overlap.

    Parameters
    ----------
    monthly
        Orders per period: a DataFrame indexed by period start (dates), one column per
        sales channel (e.g. ``transactions.groupby([month, "sales_channel"])["order_id"]
        .nunique().unstack()``).
    ax
        Axes to draw on; a new figure by default.
    title
        Chart title; a bilingual default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``monthly`` has no rows or columns, or its index is not dates.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> frame = pd.DataFrame({"online": [3, 5], "store": [2, 1]},
    ...                      index=pd.to_datetime(["2025-01-01", "2025-02-01"]))
    >>> ax = orders_chart(frame)
    >>> ax.get_ylabel(), ax.get_legend().get_texts()[0].get_text()  # top band listed first
    ('Orders (per month)', 'store')
    >>> plt.close("all")
    """
    index = _period_starts(monthly)
    ax = _axes(ax)
    names = [label(str(c), _CHANNEL_ZH.get(str(c), str(c))) for c in monthly.columns]
    ax.stackplot(index, *(monthly[c].to_numpy() for c in monthly.columns), labels=names)
    by_channel = monthly.shape[1] > 1
    default = (
        label("Orders per month by sales channel", "各销售渠道月度订单数")
        if by_channel
        else label("Orders per month", "月度订单数")
    )
    ax.set_title(title or default)
    ax.set_xlabel(label("Month", "月份"))
    ax.set_ylabel(label("Orders (per month)", "订单数（单/月）"))
    ax.margins(x=0)
    _date_axis(ax)
    if by_channel:
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], texts[::-1], loc="upper left")
    return ax


def _period_starts(monthly: pd.DataFrame) -> pd.DatetimeIndex:
    """The index of ``monthly`` as dates, or ``ValueError`` saying what the chart wants."""
    if monthly.empty:
        raise ValueError(
            "orders_chart: the table of orders per period is empty; it needs one row per "
            "period (indexed by the period's first day) and one column per sales channel"
        )
    if isinstance(monthly.index, pd.PeriodIndex):
        return monthly.index.to_timestamp()
    if not pd.api.types.is_datetime64_any_dtype(monthly.index):
        raise ValueError(
            "orders_chart: the index must be the periods' first days as dates, got "
            f"{monthly.index.dtype} values such as {monthly.index[0]!r}; e.g. group by "
            '`transactions["order_date"].dt.to_period("M").dt.to_timestamp()`'
        )
    return pd.DatetimeIndex(monthly.index)
