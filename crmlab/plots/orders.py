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

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> frame = pd.DataFrame({"online": [3, 5], "store": [2, 1]},
    ...                      index=pd.to_datetime(["2025-01-01", "2025-02-01"]))
    >>> orders_chart(frame).get_ylabel()
    'Orders per month'
    >>> plt.close("all")
    """
    ax = _axes(ax)
    index = pd.DatetimeIndex(monthly.index)
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
    ax.set_ylabel(label("Orders per month", "月订单数"))
    ax.margins(x=0)
    _date_axis(ax)
    if by_channel:
        ax.legend(loc="upper left")
    return ax
