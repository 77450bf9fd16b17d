"""Relationship, one-to-one and database marketing (关系营销、一对一营销与数据库营销).

Chapter 08 of the course: promotion sensitivity (price discrimination between coupon users
and full-price buyers), cross-selling pairs (交叉销售) from basket co-occurrence, and a
coupon-targeting simulation. Each customer's rhythm of buying and the Dick's Supermarket
list (迪克超市) live in :mod:`crmlab.purchase_cycle` and are re-exported here.

Data requirements: ``transactions`` with ``customer_id``, ``order_id``, ``order_date``,
``category``, ``amount``, ``discount``, ``promotion`` and optional ``returned``. Other
names are mapped where the data enter (``crmlab.data.conform``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, kept_lines
from crmlab._validate import as_float_array, check_range, require_columns, require_nonempty
from crmlab.purchase_cycle import (
    DueListCheck,
    due_customers,
    due_list,
    due_list_backtest,
    due_list_check,
    interpurchase_times,
)

__all__ = [
    "CATEGORY_NAMES",
    "PROMOTION_SEGMENTS",
    "DueListCheck",
    "cross_sell_pairs",
    "due_customers",
    "due_list",
    "due_list_backtest",
    "due_list_check",
    "interpurchase_times",
    "promotion_sensitivity",
    "target_coupon",
]

#: The synthetic company's product categories: English → Chinese (other values show as they are).
CATEGORY_NAMES: dict[str, str] = {
    "tops": "上衣",
    "dresses": "连衣裙",
    "trousers": "裤装",
    "skirts": "半身裙",
    "outerwear": "外套",
    "knitwear": "针织衫",
    "shoes": "鞋履",
    "accessories": "配饰",
    "kidswear": "婴幼儿服",
    "activewear": "运动休闲",
}

#: Promotion-sensitivity segments: English → Chinese.
PROMOTION_SEGMENTS: dict[str, str] = {
    "promotion seeker": "促销敏感型",
    "occasional": "偶尔促销型",
    "full-price": "全价型",
}


def promotion_sensitivity(
    transactions: pd.DataFrame,
    *,
    basis: str = "amount",
    seeker_share: float = 0.5,
    full_price_share: float = 0.0,
    exclude_returns: bool = True,
    no_promotion: str = "none",
) -> pd.DataFrame:
    """Promotion sensitivity (价格敏感度) per customer, with segments.

    For each customer: the share of lines and of the amount bought on a promotion, and the
    discount rate (total discount ÷ total list price, list price = amount + discount).
    Segments on the promotion share of ``basis`` (``"amount"`` or ``"lines"``): at least
    ``seeker_share`` → *promotion seeker* (促销敏感型); at most ``full_price_share`` →
    *full-price* (全价型); in between → *occasional* (偶尔促销型).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``lines``, ``promo_lines``, ``promo_line_share``, ``amount``,
        ``promo_amount``, ``promo_amount_share``, ``discount_rate``, ``segment``,
        ``segment_cn``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...                    "amount": [80.0, 20.0, 50.0, 50.0, 60.0],
    ...                    "discount": [20.0, 0.0, 0.0, 0.0, 0.0],
    ...                    "promotion": ["double11", "none", "none", "none", "none"],
    ...                    "returned": False})
    >>> table = promotion_sensitivity(tx)
    >>> columns = ["promo_amount_share", "discount_rate", "segment"]
    >>> print(table[columns].round(3).to_string(index_names=False))
       promo_amount_share  discount_rate           segment
    a                 0.8          0.167  promotion seeker
    b                 0.0          0.000        full-price
    c                 0.0          0.000        full-price
    >>> table["segment_cn"].tolist()
    ['促销敏感型', '全价型', '全价型']
    """
    if basis not in ("amount", "lines"):
        raise ValueError(f"basis: expected 'amount' or 'lines', got {basis!r}")
    if not 0 <= full_price_share < seeker_share <= 1:
        raise ValueError(
            "seeker_share and full_price_share: need 0 <= full_price_share < seeker_share "
            f"<= 1, got {full_price_share} and {seeker_share}"
        )
    require_columns(
        transactions,
        ["discount", "promotion"],
        "transactions",
        hint="promotion_sensitivity needs each line's discount and promotion; map them onto "
        "these names where the data enter — data without them cannot show promotion sensitivity",
    )
    tx = kept_lines(
        transactions,
        required=(CUSTOMER, AMOUNT, "discount", "promotion"),
        exclude_returns=exclude_returns,
    )
    require_nonempty(tx, "transactions (returned lines left out)")
    amount = as_float_array(tx[AMOUNT], f"transactions['{AMOUNT}']")
    discount = as_float_array(tx["discount"], "transactions['discount']")
    check_range(pd.Series(discount, index=tx.index), "transactions['discount']", low=0)
    promo = (tx["promotion"].astype(str) != no_promotion).to_numpy()
    frame = pd.DataFrame(
        {
            "customer": tx[CUSTOMER].to_numpy(),
            "lines": 1,
            "promo_lines": promo.astype(int),
            "amount": amount,
            "promo_amount": np.where(promo, amount, 0.0),
            "discount": discount,
        }
    )
    out = frame.groupby("customer", observed=True).sum()
    out.index.name = CUSTOMER
    out["promo_line_share"] = out["promo_lines"] / out["lines"]
    out["promo_amount_share"] = out["promo_amount"] / out["amount"].where(out["amount"] != 0)
    out["discount_rate"] = out["discount"] / (out["amount"] + out["discount"])
    share = out["promo_amount_share"] if basis == "amount" else out["promo_line_share"]
    segment = np.where(
        share >= seeker_share,
        "promotion seeker",
        np.where(share <= full_price_share, "full-price", "occasional"),
    )
    out["segment"] = segment
    out["segment_cn"] = [PROMOTION_SEGMENTS[s] for s in segment]
    return out[
        [
            "lines",
            "promo_lines",
            "promo_line_share",
            "amount",
            "promo_amount",
            "promo_amount_share",
            "discount_rate",
            "segment",
            "segment_cn",
        ]
    ]


def cross_sell_pairs(
    transactions: pd.DataFrame,
    *,
    basket: str = "order_id",
    item: str = "category",
    min_support: float = 0.0,
    exclude_returns: bool = False,
) -> pd.DataFrame:
    """Cross-selling pairs (交叉销售) from basket co-occurrence.

    A basket is one value of the column ``basket`` (an order, or ``"customer_id"`` for
    everything a customer ever bought); the items are the values of the column ``item``
    (a category, or e.g. a product column). For items A and B:
    support = share of baskets with both; confidence A→B = P(B | A) = support ÷ share with
    A; lift = support ÷ (share with A × share with B) — above 1, they go together more
    than chance.

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair seen together at least once and with support at least
        ``min_support``: ``item_a``, ``item_b`` (``item_a`` < ``item_b``),
        ``baskets_both``, ``support``, ``confidence_a_to_b``, ``confidence_b_to_a``,
        ``lift``; highest lift first.

    Examples
    --------
    >>> tx = pd.DataFrame({"order_id": ["1", "1", "2", "2", "3", "4"],
    ...                    "category": ["tops", "skirts", "tops", "skirts", "tops", "shoes"]})
    >>> pairs = cross_sell_pairs(tx)
    >>> pairs[["item_a", "item_b", "baskets_both", "support", "lift"]].round(3)
       item_a item_b  baskets_both  support   lift
    0  skirts   tops             2      0.5  1.333
    >>> pairs[["confidence_a_to_b", "confidence_b_to_a"]].round(3)
       confidence_a_to_b  confidence_b_to_a
    0                1.0              0.667
    """
    if not 0 <= min_support <= 1:
        raise ValueError(f"min_support: expected a share between 0 and 1, got {min_support}")
    tx = kept_lines(transactions, required=(basket, item), exclude_returns=exclude_returns)
    require_nonempty(tx, "transactions (returned lines left out)")
    if tx[item].isna().any() or tx[basket].isna().any():
        raise ValueError(f"transactions: missing values in {basket!r} or {item!r}; drop those rows")
    pairs = tx[[basket, item]].drop_duplicates()
    basket_codes, _ = pd.factorize(pairs[basket])
    item_codes, items = pd.factorize(pairs[item], sort=True)
    n_baskets = int(basket_codes.max()) + 1
    matrix = np.zeros((n_baskets, len(items)), dtype=np.int64)
    matrix[basket_codes, item_codes] = 1
    together = matrix.T @ matrix
    single = np.diag(together).astype(float) / n_baskets
    a, b = np.triu_indices(len(items), k=1)
    both = together[a, b]
    support = both / n_baskets
    out = pd.DataFrame(
        {
            "item_a": np.asarray(items)[a],
            "item_b": np.asarray(items)[b],
            "baskets_both": both,
            "support": support,
            "confidence_a_to_b": support / single[a],
            "confidence_b_to_a": support / single[b],
            "lift": support / (single[a] * single[b]),
        }
    )
    out = out.loc[(out["baskets_both"] > 0) & (out["support"] >= min_support)]
    out = out.sort_values(["lift", "support"], ascending=False, kind="stable")
    return out.reset_index(drop=True)


def target_coupon(
    score: Sequence[float] | pd.Series,
    uplift: Sequence[float] | pd.Series | None = None,
    *,
    margin: float,
    coupon_cost: float,
    steps: int = 10,
) -> pd.DataFrame:
    """Coupon-targeting simulation: send to the top-scored customers, how much pays back?

    Customers are sorted by ``score`` (highest first) and the coupon goes to the top
    1/steps, 2/steps, … of them. Each targeted customer adds ``uplift`` expected
    purchases (the incremental response the coupon causes; by default the score itself
    is taken as that probability), each worth ``margin``; each coupon costs
    ``coupon_cost`` (printing, postage and the discount given).

    Returns
    -------
    pandas.DataFrame
        One row per step: ``share_targeted``, ``customers_targeted``,
        ``incremental_purchases``, ``incremental_margin``, ``coupon_spend``,
        ``net_return`` (margin − spend), ``roi`` (net return ÷ spend; NaN when the
        coupons cost nothing) and ``random_net_return``: the expected net return of
        mailing the same number of coupons to customers picked at random (each adds the
        average uplift).

    Examples
    --------
    >>> plan = target_coupon([0.5, 0.1, 0.3, 0.05], margin=40, coupon_cost=5, steps=4)
    >>> plan[["customers_targeted", "incremental_purchases", "net_return", "roi"]]
       customers_targeted  incremental_purchases  net_return  roi
    0                   1                   0.50        15.0  3.0
    1                   2                   0.80        22.0  2.2
    2                   3                   0.90        21.0  1.4
    3                   4                   0.95        18.0  0.9
    >>> plan["random_net_return"].tolist()  # 0.2375 purchases a coupon at random
    [4.5, 9.0, 13.5, 18.0]
    """
    index = score.index if isinstance(score, pd.Series) else None
    s = as_float_array(score, "score")
    if s.size == 0:
        raise ValueError("score: no customers given")
    if uplift is None:
        u = s
        check_range(pd.Series(u, index=index), "score (used as uplift)", low=0, high=1)
    else:
        u = as_float_array(uplift, "uplift")
        if u.size != s.size:
            raise ValueError(f"score and uplift: lengths differ ({s.size} vs {u.size})")
        check_range(pd.Series(u, index=index), "uplift", low=-1, high=1)
    if coupon_cost < 0 or not np.isfinite(coupon_cost):
        raise ValueError(f"coupon_cost: expected a non-negative number, got {coupon_cost}")
    if not np.isfinite(margin):
        raise ValueError(f"margin: expected a number, got {margin}")
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps: expected a whole number >= 1, got {steps}")
    order = np.argsort(-s, kind="stable")
    cum = np.concatenate([[0.0], np.cumsum(u[order])])
    counts = np.unique(np.ceil(np.arange(1, steps + 1) / steps * s.size).astype(int))
    purchases = cum[counts]
    spend = counts * coupon_cost
    gained = purchases * margin
    roi = (gained - spend) / np.where(spend > 0, spend, np.nan)  # NaN when coupons are free
    return pd.DataFrame(
        {
            "share_targeted": counts / s.size,
            "customers_targeted": counts,
            "incremental_purchases": np.round(purchases, 10),
            "incremental_margin": np.round(gained, 10),
            "coupon_spend": spend,
            "net_return": np.round(gained - spend, 10),
            "roi": np.round(roi, 10),
            "random_net_return": np.round(counts * float(u.mean()) * margin - spend, 10),
        }
    )
