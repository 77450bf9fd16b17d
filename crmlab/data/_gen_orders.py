"""Generator stage: orders → lines (categories, amounts, discounts, costs), returns, bad debt.

Categories are drawn per order without replacement by Gumbel top-k (Plackett–Luce) from
the customer's mix. A category launched part-way through the history (``product_launch``)
joins that draw from its launch day: its own Gumbel score, drawn from a separate random
stream, takes the order's last line when it beats the line's score, so the established
categories' draws (and every other table) stay as they were without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import choice, day_offset, ids, to_dates
from crmlab.data._gen_customers import History, Membership, Population

__all__ = ["Orders", "draw_orders", "launch_weight"]


@dataclass(frozen=True)
class Orders:
    """The transactions table and what was drawn on the way."""

    transactions: pd.DataFrame
    #: orders sorted by (day, customer): customer index, purchase index k, day offset
    ord_cust: np.ndarray
    ord_k: np.ndarray
    ord_day: np.ndarray
    kid_share: np.ndarray
    launch_affinity: np.ndarray
    heavy_returner: np.ndarray
    return_prop: np.ndarray
    bad_payer: np.ndarray


def launch_weight(params: dict[str, Any], day: np.ndarray, enterprise: np.ndarray) -> np.ndarray:
    """Weight of the launched category beside the established mix (0 before its launch day).

    The weight ramps up as ``1 − exp(−(days since launch + 1) / ramp_days)`` towards
    ``weight_consumer`` (or ``weight_enterprise``); a customer's affinity multiplies it.

    Examples
    --------
    >>> from crmlab.data._params import PARAMETERS
    >>> launch = day_offset(PARAMETERS["product_launch"]["launch_date"])
    >>> w = launch_weight(PARAMETERS, np.array([launch - 1, launch, launch + 3650]),
    ...                   np.array([False, False, False]))
    >>> float(w[0]), bool(0 < w[1] < w[2]), round(float(w[2]), 3)
    (0.0, True, 0.15)
    """
    pl = params["product_launch"]
    since = np.asarray(day) - day_offset(pl["launch_date"])
    ramp = np.where(since >= 0, 1.0 - np.exp(-(since + 1.0) / pl["ramp_days"]), 0.0)
    peak = np.where(enterprise, pl["weight_enterprise"], pl["weight_consumer"])
    return peak * ramp


def draw_orders(
    rng: np.random.Generator,
    launch_rng: np.random.Generator,
    params: dict[str, Any],
    pop: Population,
    history: History,
    membership: Membership,
    promo_code: np.ndarray,
    cust_ids: np.ndarray,
) -> Orders:
    """Lines of every order, then sales channel, returns and bad debt; the transactions table."""
    n = pop.n
    enterprise, sp = pop.enterprise, params["spend"]
    o_order = np.lexsort((history.ord_cust, history.ord_day))
    ord_cust = history.ord_cust[o_order]
    ord_k = history.ord_k[o_order]
    ord_day = history.ord_day[o_order]
    n_orders = ord_cust.size
    ords = params["orders"]
    is_ent_order = enterprise[ord_cust]
    n_lines = np.where(
        is_ent_order,
        1 + choice(rng, ords["lines_enterprise"], n_orders),
        1 + choice(rng, ords["lines_consumer"], n_orders),
    )
    # per-customer category weights (Gumbel top-k gives distinct categories per order)
    kid_share = np.where(
        (~enterprise) & (rng.random(n) < ords["kidswear_parent_share"]),
        rng.uniform(*ords["kidswear_share_range"], n),
        0.0,
    )
    launched = params["product_launch"]["category"]
    base = [c for c in S.CATEGORIES if c in ords["category_mix_consumer"]]
    base_index = np.array([S.CATEGORIES.index(c) for c in base])
    mix_c = np.array([ords["category_mix_consumer"][c] for c in base])
    mix_e = np.array([ords["category_mix_enterprise"][c] for c in base])
    kid_vec = np.array([c == "kidswear" for c in base], dtype=float)
    with np.errstate(divide="ignore"):
        logw_c = np.log(mix_c / mix_c.sum())
        logw_e = np.log(mix_e / mix_e.sum())
    share = kid_share[ord_cust][:, None]
    with np.errstate(divide="ignore"):
        logw = np.where(
            is_ent_order[:, None],
            logw_e[None, :],
            np.log((1 - share) * np.exp(logw_c)[None, :] + share * kid_vec[None, :]),
        )
    scores = logw + rng.gumbel(size=(n_orders, len(base)))
    ranked = np.argsort(-scores, axis=1, kind="stable")
    line_order = np.repeat(np.arange(n_orders), n_lines)
    line_no = np.arange(line_order.size) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    line_cat = base_index[ranked[line_order, line_no]]
    line_no = line_no + 1

    # the launched category (separate stream): it enters the order's top k when its score
    # beats the k-th best established score, and then takes that (last) line
    pl = params["product_launch"]
    affinity = launch_rng.gamma(pl["affinity_shape"], 1.0 / pl["affinity_shape"], n)
    launch_gumbel = launch_rng.gumbel(size=n_orders)
    weight = launch_weight(params, ord_day, is_ent_order) * affinity[ord_cust]
    kth = scores[np.arange(n_orders), ranked[np.arange(n_orders), n_lines - 1]]
    with np.errstate(divide="ignore"):
        takes = np.log(weight) + launch_gumbel > kth
    last_line = np.cumsum(n_lines) - 1
    line_cat[last_line[takes]] = S.CATEGORIES.index(launched)

    # order value (Gamma-Gamma) split over lines
    order_value = rng.gamma(sp["p"], 1.0 / pop.nu[ord_cust]) * pop.spend_mult[ord_cust]
    split = rng.gamma(2.0, 1.0, line_order.size)
    split = split / np.bincount(line_order, weights=split)[line_order]
    amount = np.maximum(np.round(order_value[line_order] * split, 2), 0.01)

    # promotion of the day (member_day only for members after joining)
    promo = promo_code[ord_day][line_order]
    line_cust = ord_cust[line_order]
    line_day = ord_day[line_order]
    is_member_day = promo == S.PROMOTIONS.index("member_day")
    member_now = membership.member[line_cust] & (line_day >= membership.join_day[line_cust])
    promo = np.where(is_member_day & ~member_now, 0, promo)
    rates = np.array([params["campaigns"]["discount_rate"][p] for p in S.PROMOTIONS])
    disc_rate = rates[promo]
    list_value = np.round(amount / (1.0 - disc_rate), 2)
    discount = np.round(list_value - amount, 2)
    unit_price = np.array([ords["unit_price"][c] for c in S.CATEGORIES])[line_cat]
    quantity = np.maximum(1, np.rint(list_value / unit_price)).astype(np.int64)
    cogs = np.array([ords["cogs_rate"][c] for c in S.CATEGORIES])[line_cat]
    cost = np.round(list_value * (cogs + rng.uniform(-0.03, 0.03, line_order.size)), 2)

    # where it was sold
    store_pref = np.where(
        pop.channel == S.CHANNELS.index("store"),
        rng.beta(*ords["store_share_store_customers"], n),
        rng.beta(*ords["store_share_others"], n),
    )
    order_channel = np.where(rng.random(n_orders) < store_pref[ord_cust], 1, 0)
    order_channel = np.where(is_ent_order, 2, order_channel)

    # returns and bad debt
    ret = params["returns"]
    heavy_returner = (~enterprise) & (rng.random(n) < ret["heavy_returner_share"])
    return_prop = np.where(
        heavy_returner,
        rng.beta(*ret["heavy_returner_beta"], n),
        rng.beta(*ret["regular_beta"], n),
    )
    return_prop = np.where(enterprise, ret["enterprise_rate"], return_prop)
    returned = rng.random(line_order.size) < return_prop[line_cust]
    bd = params["bad_debt"]
    bad_payer = enterprise & (rng.random(n) < bd["bad_payer_share"])
    write_off_p = np.where(
        bad_payer, bd["write_off_probability_bad_payer"], bd["write_off_probability_other"]
    )
    write_off_p = np.where(enterprise, write_off_p, 0.0)
    order_written_off = rng.random(n_orders) < write_off_p[ord_cust]
    written_off = order_written_off[line_order] & ~returned

    order_ids = ids("O", n_orders, 7)
    transactions = pd.DataFrame(
        {
            "order_id": order_ids[line_order],
            "line_no": line_no.astype(np.int64),
            "customer_id": cust_ids[line_cust],
            "order_date": to_dates(line_day),
            "sales_channel": np.array(S.SALES_CHANNELS, dtype=object)[order_channel[line_order]],
            "category": np.array(S.CATEGORIES, dtype=object)[line_cat],
            "quantity": quantity,
            "amount": amount,
            "cost": cost,
            "discount": discount,
            "promotion": np.array(S.PROMOTIONS, dtype=object)[promo],
            "returned": returned,
            "written_off": written_off,
        }
    )
    return Orders(
        transactions=transactions,
        ord_cust=ord_cust,
        ord_k=ord_k,
        ord_day=ord_day,
        kid_share=kid_share,
        launch_affinity=affinity,
        heavy_returner=heavy_returner,
        return_prop=return_prop,
        bad_payer=bad_payer,
    )
