"""Charts of relationship and database marketing (关系营销与数据库营销); in :mod:`crmlab.plots`.

Each function draws a result of :mod:`crmlab.relationship`, :mod:`crmlab.timing` or
:mod:`crmlab.targeting` and returns the ``Axes``:

- :func:`due_list_check_chart` — the Dick's list's precision on its hold-out week against
  the random lists of :func:`~crmlab.relationship.due_list_check`;
- :func:`due_list_backtest_chart` — list and random precision week by week
  (:func:`~crmlab.relationship.due_list_backtest`);
- :func:`purchase_timing_chart` — purchases by day of the month or weekday against an even
  spread (:func:`~crmlab.timing.purchase_timing`), the payday question;
- :func:`cross_sell_chart` — the strongest cross-selling pairs of
  :func:`~crmlab.relationship.cross_sell_pairs` by lift;
- :func:`coupon_targeting_chart` — net return of mailing the top-scored customers against a
  random mailing (:func:`~crmlab.relationship.target_coupon`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from crmlab._validate import require_columns, require_nonempty
from crmlab.plots._theme import PALETTE, _axes, label, money, money_label
from crmlab.relationship import CATEGORY_NAMES, DueListCheck

__all__ = [
    "coupon_targeting_chart",
    "cross_sell_chart",
    "due_list_backtest_chart",
    "due_list_check_chart",
    "purchase_timing_chart",
]

_WEEKDAYS = (
    ("Mon", "周一"),
    ("Tue", "周二"),
    ("Wed", "周三"),
    ("Thu", "周四"),
    ("Fri", "周五"),
    ("Sat", "周六"),
    ("Sun", "周日"),
)


def due_list_check_chart(
    check: DueListCheck, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The Dick's list on its hold-out week (留出周): its precision against random lists.

    Parameters
    ----------
    check : DueListCheck
        :func:`crmlab.relationship.due_list_check`.

    Returns
    -------
    Axes
        A histogram of the random lists' precisions, a line at the list's precision and a
        dotted line at the eligible customers' buying rate.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.relationship import due_list_check
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"])
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 4,
    ...     "order_date": list(days) + list(days - pd.Timedelta(days=3)),
    ...     "amount": 10.0, "returned": False})
    >>> ax = due_list_check_chart(due_list_check(tx, "2024-01-17", window_days=3, draws=20))
    >>> float(ax.lines[0].get_xdata()[0])  # the list's precision
    1.0
    >>> plt.close("all")
    """
    if not isinstance(check, DueListCheck):
        raise TypeError(
            f"check: expected a DueListCheck from relationship.due_list_check, "
            f"got {type(check).__name__}"
        )
    ax = _axes(ax)
    draws = check.random_precisions
    top = max(float(draws.max()) if draws.size else 0.0, np.nan_to_num(check.precision), 0.05)
    if draws.size:
        bins = np.linspace(0, top * 1.05, 25)
        ax.hist(
            draws,
            bins=bins,
            color=PALETTE[5],
            alpha=0.8,
            label=label(
                f"{draws.size} random lists of {check.listed_customers}",
                f"{draws.size}份随机名单（每份{check.listed_customers}人）",
            ),
        )
    if np.isfinite(check.precision):
        ax.axvline(
            check.precision,
            color=PALETTE[3],
            lw=2.5,
            label=label(f"the due list: {check.precision:.0%}", f"到期名单：{check.precision:.0%}"),
        )
    ax.axvline(
        check.base_rate,
        color="black",
        lw=1,
        ls=":",
        label=label(
            f"all eligible customers: {check.base_rate:.1%}",
            f"全部合格客户：{check.base_rate:.1%}",
        ),
    )
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(
        label(
            "Share of the listed customers who bought that week", "名单上的客户在留出周购买的比例"
        )
    )
    ax.set_ylabel(label("Random lists", "随机名单数"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    week = f"{check.today:%Y-%m-%d} → {check.holdout_end:%Y-%m-%d}"
    ax.set_title(
        title
        or label(f"The due list on its hold-out week ({week})", f"到期名单的留出周检验（{week}）")
    )
    return ax


def due_list_backtest_chart(
    backtest: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """The Dick's list week by week: its precision next to a random list's.

    Parameters
    ----------
    backtest : DataFrame
        :func:`crmlab.relationship.due_list_backtest`: indexed by ``today``, with
        ``precision`` and ``random_precision``.

    Returns
    -------
    Axes
        Two bars per week (the list, the mean random list); a week whose list bar has no
        height is marked "0%" (nobody on the list bought) or "empty" (nobody was due).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"precision": [0.3, 0.2], "random_precision": [0.05, 0.04]},
    ...                      index=pd.to_datetime(["2024-01-01", "2024-01-08"]))
    >>> ax = due_list_backtest_chart(table)
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [0.3, 0.2, 0.05, 0.04]
    >>> plt.close("all")
    """
    require_columns(
        backtest,
        ["precision", "random_precision"],
        "backtest",
        hint="build it with crmlab.relationship.due_list_backtest",
    )
    require_nonempty(backtest, "backtest")
    ax = _axes(ax)
    x = np.arange(len(backtest))
    width = 0.38
    ax.bar(
        x - width / 2,
        backtest["precision"].fillna(0).to_numpy(dtype=float),
        width,
        color=PALETTE[3],
        label=label("due list", "到期名单"),
    )
    ax.bar(
        x + width / 2,
        backtest["random_precision"].fillna(0).to_numpy(dtype=float),
        width,
        color=PALETTE[5],
        label=label("random list (mean of the draws)", "随机名单（多次抽取的平均）"),
    )
    ticks = [pd.Timestamp(t).strftime("%m-%d") for t in backtest.index]
    ax.set_xticks(x, ticks)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(label("Day the list was made", "名单生成日"))
    ax.set_ylabel(label("Bought in the following week", "下一周购买的比例"))
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    top = float(np.nanmax(backtest[["precision", "random_precision"]].to_numpy(dtype=float)))
    ax.set_ylim(0, max(top, 0.05) * 1.3)
    for i, hit in enumerate(backtest["precision"].to_numpy(dtype=float)):
        if not hit > 0:  # no bar to see: say why (nobody bought, or nobody was due)
            note = label("0%", "0%") if hit == 0 else label("empty", "无名单")
            ax.annotate(
                note,
                (x[i] - width / 2, 0),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=PALETTE[3],
            )
    ax.set_title(title or label("The due list, week by week", "到期名单：逐周检验"))
    return ax


def purchase_timing_chart(
    timing: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    without_campaigns: pd.DataFrame | None = None,
) -> Axes:
    """Purchases by day of the month (发薪日) or weekday against an even spread (index 1).

    Parameters
    ----------
    timing : DataFrame
        :func:`crmlab.timing.purchase_timing`, indexed by ``day`` (1–31) or ``weekday``.
    without_campaigns : DataFrame, optional
        The same with campaign lines left out, drawn as a line.

    Returns
    -------
    Axes
        One bar per day (coloured above / not above an even spread), the line at 1 and
        (optionally) the line without campaigns.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> days = pd.Index([0, 1, 2], name="weekday")
    >>> ax = purchase_timing_chart(pd.DataFrame({"index": [1.5, 0.75, 0.75]}, index=days))
    >>> [float(p.get_height()) for p in ax.patches]
    [1.5, 0.75, 0.75]
    >>> plt.close("all")
    """
    require_columns(timing, ["index"], "timing", hint="build it with crmlab.timing.purchase_timing")
    require_nonempty(timing, "timing")
    ax = _axes(ax)
    days = timing.index.to_numpy()
    index = timing["index"].to_numpy(dtype=float)
    above = np.nan_to_num(index) > 1
    for part, colour, text in (
        (above, PALETTE[1], label("more than an even spread", "多于均匀分布")),
        (~above, PALETTE[0], label("even spread or fewer", "不多于均匀分布")),
    ):
        if part.any():
            ax.bar(days[part], index[part], color=colour, width=0.75, label=text)
    ax.axhline(1, color="black", lw=1, ls="--")
    if without_campaigns is not None:
        require_columns(without_campaigns, ["index"], "without_campaigns")
        ax.plot(
            without_campaigns.index.to_numpy(),
            without_campaigns["index"].to_numpy(dtype=float),
            color=PALETTE[2],
            lw=2,
            marker="o",
            ms=3,
            label=label("without campaign purchases", "去掉促销活动的购买"),
        )
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    if timing.index.name == "weekday":
        ax.set_xticks(days, [label(*_WEEKDAYS[int(d)]) for d in days])
        ax.set_xlabel(label("Weekday", "星期"))
    else:
        ax.set_xticks([d for d in days if d == 1 or d % 5 == 0])
        ax.set_xlabel(label("Day of the month", "每月的第几天"))
    ax.set_ylabel(label("Purchases ÷ even spread", "购买次数 ÷ 均匀分布"))
    top = np.nanmax(index)
    if without_campaigns is not None:
        top = max(top, float(np.nanmax(without_campaigns["index"].to_numpy(dtype=float))))
    ax.set_ylim(0, max(top * 1.2, 1.3))
    default = (
        label("Which weekdays customers buy on", "客户在一周中哪几天购买")
        if timing.index.name == "weekday"
        else label("When in the month customers buy", "客户在每月哪几天购买")
    )
    ax.set_title(title or default)
    return ax


def cross_sell_chart(
    pairs: pd.DataFrame, ax: Axes | None = None, title: str | None = None, *, top: int = 10
) -> Axes:
    """The strongest cross-selling pairs (交叉销售) by lift, with their confidence.

    Parameters
    ----------
    pairs : DataFrame
        :func:`crmlab.relationship.cross_sell_pairs`: ``item_a``, ``item_b``, ``lift``,
        ``confidence_a_to_b``, ``confidence_b_to_a``.
    top : int, default 10
        Pairs shown (highest lift first).

    Returns
    -------
    Axes
        One horizontal bar per pair, the line at lift 1 and the larger confidence written
        inside each bar's end.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"item_a": ["tops"], "item_b": ["skirts"], "lift": [1.4],
    ...                       "confidence_a_to_b": [0.3], "confidence_b_to_a": [0.5]})
    >>> ax = cross_sell_chart(table)
    >>> [float(p.get_width()) for p in ax.patches]
    [1.4]
    >>> plt.close("all")
    """
    require_columns(
        pairs,
        ["item_a", "item_b", "lift", "confidence_a_to_b", "confidence_b_to_a"],
        "pairs",
        hint="build it with crmlab.relationship.cross_sell_pairs",
    )
    require_nonempty(pairs, "pairs")
    shown = pairs.sort_values("lift", ascending=False, kind="stable").head(int(top)).iloc[::-1]
    ax = _axes(ax, size=(7.0, 0.35 * len(shown) + 1.4))
    names = [
        f"{label(a, CATEGORY_NAMES.get(a, a))} + {label(b, CATEGORY_NAMES.get(b, b))}"
        for a, b in zip(shown["item_a"], shown["item_b"], strict=True)
    ]
    lift = shown["lift"].to_numpy(dtype=float)
    y = np.arange(len(shown))
    ax.barh(y, lift, color=[PALETTE[2] if v > 1 else PALETTE[5] for v in lift], height=0.65)
    ax.axvline(1, color="black", lw=1, ls="--")
    confidence = np.maximum(shown["confidence_a_to_b"], shown["confidence_b_to_a"]).to_numpy()
    for yi, v, c in zip(y, lift, confidence, strict=True):  # inside the bar's end
        ax.text(
            v * 0.98,
            yi,
            label(f"conf. {c:.0%}", f"置信度{c:.0%}"),
            va="center",
            ha="right",
            fontsize=8,
            color="white",
        )
    ax.set_yticks(y, names)
    ax.set_xlim(0, max(float(lift.max()), 1.0) * 1.3)
    ax.set_xlabel(label("Lift (1 = as often as chance)", "提升度（1 = 与随机相同）"))
    ax.set_title(title or label("Cross-selling pairs", "交叉销售的品类组合"))
    return ax


def coupon_targeting_chart(
    plan: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Net return of a coupon mailing: the top-scored customers against a random mailing.

    Parameters
    ----------
    plan : DataFrame
        :func:`crmlab.relationship.target_coupon`: ``share_targeted``, ``net_return`` and
        ``random_net_return``.

    Returns
    -------
    Axes
        Two lines (targeted, random) over the share of customers mailed, the zero line and
        a marker at the best targeted share.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.relationship import target_coupon
    >>> ax = coupon_targeting_chart(target_coupon([0.5, 0.1, 0.3, 0.05], margin=40,
    ...                                           coupon_cost=5, steps=4))
    >>> [float(v) for v in ax.lines[0].get_ydata()]
    [0.0, 15.0, 22.0, 21.0, 18.0]
    >>> plt.close("all")
    """
    require_columns(
        plan,
        ["share_targeted", "net_return", "random_net_return"],
        "plan",
        hint="build it with crmlab.relationship.target_coupon",
    )
    require_nonempty(plan, "plan")
    ax = _axes(ax)
    share = np.concatenate([[0.0], plan["share_targeted"].to_numpy(dtype=float)])
    net = np.concatenate([[0.0], plan["net_return"].to_numpy(dtype=float)])
    rand = np.concatenate([[0.0], plan["random_net_return"].to_numpy(dtype=float)])
    ax.plot(
        share,
        net,
        color=PALETTE[0],
        lw=2,
        marker="o",
        ms=4,
        label=label("top-scored first", "按得分从高到低发券"),
    )
    ax.plot(share, rand, color=PALETTE[5], lw=2, ls="--", label=label("random mailing", "随机发券"))
    ax.axhline(0, color="black", lw=0.8)
    best = int(np.argmax(net))
    ax.scatter(
        [share[best]],
        [net[best]],
        s=60,
        color=PALETTE[3],
        zorder=3,
        label=label(f"best: {money(net[best])}", f"最高：{money(net[best])}"),
    )
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: money(v)))
    ax.set_xlabel(label("Share of customers who get the coupon", "收到优惠券的客户比例"))
    ax.set_ylabel(money_label("Net return", "净收益"))
    ax.legend(loc="lower left", frameon=False, fontsize=9)
    ax.set_title(title or label("Who gets the coupon", "优惠券发给谁"))
    return ax
