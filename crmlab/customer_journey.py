"""One customer through every chapter's lens (一位客户的全过程, chapter 09's closing section).

:func:`customer_journey` follows one customer through the course: where she came from
(01–02), what she is worth and which RFM class she is in (03), her lifecycle stage and a
simple lifetime value (04), what she said about her satisfaction and how her complaints
went (05), how loyal she behaves (06), how likely she is to be leaving (07), whether she is
due to buy and what to offer her next (08), and how she moved on the customer ladder
(09). Every finding is computed with the chapters' own public functions; the tables an
analyst's data lack are skipped with a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab import clv, lifecycle, loyalty, relationship, rfm, strategy, value
from crmlab._purchases import CUSTOMER, analysis_window, purchase_days
from crmlab._validate import date_column

__all__ = ["JOURNEY_LENSES", "Journey", "customer_journey"]

#: The lenses, in the course's order: key → (chapter, English, 中文).
JOURNEY_LENSES: dict[str, tuple[str, str, str]] = {
    "source": ("01–02", "identification and source", "客户识别与来源"),
    "value": ("03", "value and RFM class", "客户价值与RFM分类"),
    "lifecycle": ("04", "lifecycle stage and CLV", "生命周期阶段与终身价值"),
    "satisfaction": ("05", "satisfaction and complaints", "满意度与投诉"),
    "loyalty": ("06", "loyalty", "忠诚行为"),
    "churn": ("07", "churn risk", "流失风险"),
    "marketing": ("08", "due list and cross-selling", "到期名单与交叉销售"),
    "ladder": ("09", "tier movement on the ladder", "客户阶梯上的移动"),
}
_TIER_CN = {**value.PYRAMID_LABELS_CN, strategy.INACTIVE: "未购买"}
_CHANNEL_CN = {
    "referral": "老客户推荐",
    "store": "门店",
    "online_ads": "网络广告",
    "social_media": "社交媒体",
    "bought_list": "购买的名单",
    "trade_fair": "展会",
}


@dataclass(frozen=True)
class Journey:
    """Result of :func:`customer_journey`.

    Attributes
    ----------
    customer_id : str
        The customer.
    table : DataFrame
        One row per lens (index: the keys of :data:`JOURNEY_LENSES`) with ``chapter``,
        ``lens_cn`` and ``finding_cn`` (a Chinese sentence built from the numbers).
    facts : dict
        The numbers behind the sentences (``profit``, ``tier``, ``stage``, ``clv``,
        ``gap_ratio``, ``risk``, ``tiers`` …), for sentences of one's own.
    """

    customer_id: str
    table: pd.DataFrame
    facts: dict[str, object] = field(default_factory=dict)


def _yearly_retention(days: pd.DataFrame, end: pd.Timestamp) -> float:
    """Share of the buyers of the year before last who bought again in the last year."""
    year = pd.Timedelta(days=365)
    before = days.loc[(days["day"] > end - 2 * year) & (days["day"] <= end - year), CUSTOMER]
    after = days.loc[days["day"] > end - year, CUSTOMER]
    buyers = pd.Index(before.unique())
    return float(buyers.isin(after.unique()).mean()) if len(buyers) else np.nan


def _ladder_sentence(tiers: list[str]) -> str:
    names = [_TIER_CN.get(t, str(t)) for t in tiers]
    if not names:
        return "最近几个季度没有记录。"
    path = " → ".join(names)
    ranks = {label: i for i, label in enumerate([*value.PYRAMID_LABELS[::-1], ""])}
    bought = [t for t in tiers if t in ranks and t != strategy.INACTIVE]
    if tiers[-1] == strategy.INACTIVE:
        move = "最近一个季度没有购买，从阶梯上掉了下来"
    elif len(bought) >= 2 and ranks[bought[-1]] > ranks[bought[0]]:
        move = "在阶梯上升级了"
    elif len(bought) >= 2 and ranks[bought[-1]] < ranks[bought[0]]:
        move = "在阶梯上降级了"
    else:
        move = "停在同一级"
    return f"最近{len(tiers)}个季度：{path}；{move}。"


def _cross_sell_offer(tx: pd.DataFrame, cid: object) -> tuple[str, str, float, float] | None:
    """(favourite category, offer, confidence favourite → offer, lift) or None.

    The offer is the category she has not bought that the orders holding her favourite
    category (by her spending) most often also hold (:func:`crmlab.relationship.cross_sell_pairs`).
    """
    kept = tx.loc[tx[CUSTOMER] == cid]
    if "returned" in kept:
        kept = kept.loc[~kept["returned"].astype(bool)]
    spend = kept.groupby("category")["amount"].sum()
    if spend.empty:
        return None
    favourite, bought = spend.idxmax(), set(spend.index)
    pairs = relationship.cross_sell_pairs(tx)
    forward = pairs.loc[pairs["item_a"] == favourite, ["item_b", "confidence_a_to_b", "lift"]]
    backward = pairs.loc[pairs["item_b"] == favourite, ["item_a", "confidence_b_to_a", "lift"]]
    forward.columns = backward.columns = ["item", "confidence", "lift"]
    options = pd.concat([forward, backward], ignore_index=True)
    options = options.loc[~options["item"].isin(bought)]
    if options.empty:
        return None
    best = options.sort_values(["confidence", "item"], ascending=[False, True]).iloc[0]
    return str(favourite), str(best["item"]), float(best["confidence"]), float(best["lift"])


def customer_journey(
    customer_id: object,
    transactions: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    observation_end: object = None,
    margin: float | None = None,
    discount: float = 0.10,
    quarters: int = 4,
    money: Callable[[float], str] | None = None,
    names: Callable[[object], object] | None = None,
) -> Journey:
    """Follow one customer through every chapter's lens.

    Parameters
    ----------
    customer_id : str
        The customer (she must have bought by ``observation_end``).
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount`` and optionally
        ``order_id``, ``category``, ``cost`` and ``returned``.
    customers, survey, service_contacts, memberships : DataFrame, optional
        The other tables; a lens that needs an absent one says so in its sentence.
    observation_end : date-like, optional
        "Today" (default: the last day in the data).
    margin : float, optional
        Gross-margin rate for data without ``cost``.
    discount : float, default 0.10
        Yearly discount rate of the simple CLV.
    quarters : int, default 4
        How many recent quarters the ladder lens shows.
    money : callable, optional
        Formats an amount (e.g. :func:`crmlab.plots.money`); default ``"1,234"``.
    names : callable, optional
        Turns a category code into the name a sentence shows (e.g.
        :func:`crmlab.plots.display_name`); default: the code.

    Returns
    -------
    Journey

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 2, "order_id": list("123456"),
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-04-05", "2024-07-05", "2024-10-05",
    ...                                   "2024-02-01", "2024-12-20"]),
    ...     "amount": [100.0, 120.0, 90.0, 300.0, 50.0, 60.0]})
    >>> journey = customer_journey("a", tx, margin=0.4)
    >>> journey.facts["purchases"], journey.facts["tiers"]
    (4, ['small', 'small', 'small', 'small'])
    >>> list(journey.table.index) == list(JOURNEY_LENSES)
    True
    """
    fmt = money or (lambda amount: f"{amount:,.0f}")

    def name(code: object) -> str:
        return str(names(code) if names is not None else code)

    end = analysis_window(transactions, observation_end).observation_end
    tx = transactions.loc[date_column(transactions, "order_date", "transactions") <= end]
    days = purchase_days(tx)
    mine = days.loc[days[CUSTOMER] == customer_id]
    if mine.empty:
        raise ValueError(
            f"customer_id: {customer_id!r} made no purchase (non-returned) up to "
            f"{end.date()}; pick a customer who has bought"
        )
    cid = mine[CUSTOMER].iloc[0]
    facts: dict[str, object] = {"observation_end": end}
    found: dict[str, str] = {}

    # 01–02: where she came from
    first = mine["day"].min()
    facts["first_purchase"] = first
    if customers is not None and cid in set(customers[CUSTOMER]):
        row = customers.loc[customers[CUSTOMER] == cid].iloc[0]
        channel = row.get("channel")
        facts["channel"] = channel
        source = _CHANNEL_CN.get(channel, channel) if isinstance(channel, str) else "未记录"
        found["source"] = (
            f"{pd.Timestamp(row['signup_date']):%Y-%m-%d}成为客户，获客渠道：{source}；"
            f"第一次购买在{first:%Y-%m-%d}。"
        )
    else:
        found["source"] = f"没有客户表：只知道她第一次购买在{first:%Y-%m-%d}。"

    # 03: value, pyramid tier, RFM class
    profit = value.customer_profitability(
        tx, customers, service_contacts, observation_end=end, margin=margin
    )["profit"]
    pyramid = value.customer_pyramid(profit)
    tier = str(pyramid.tiers.loc[cid])
    top = float((profit >= profit.loc[cid]).mean())
    rfm_class = str(rfm.rfm_segments_cn(rfm.rfm_table(tx, end)).loc[cid])
    facts.update(profit=float(profit.loc[cid]), top_share=top, tier=tier, rfm_class=rfm_class)
    found["value"] = (
        f"累计利润{fmt(profit.loc[cid])}，排在前{top:.0%}，属于{_TIER_CN.get(tier, tier)}；"
        f"RFM八类中是“{rfm_class}”。"
    )

    # 04: lifecycle stage and a simple CLV
    stages = lifecycle.lifecycle_stage(tx, end)
    me = stages.loc[cid]
    tenure_years = max(float(me["tenure_days"]) / 365.0, 1.0)
    yearly = float(profit.loc[cid]) / tenure_years
    keep = _yearly_retention(days, end)
    life_value = float(clv.clv_simple(yearly, keep, discount)) if np.isfinite(keep) else np.nan
    facts.update(
        stage=str(me["stage"]),
        stage_cn=str(me["stage_cn"]),
        purchases=int(me["purchases"]),
        yearly_profit=yearly,
        retention=keep,
        clv=life_value,
    )
    found["lifecycle"] = (
        f"{int(me['purchases'])}次购买，生命周期阶段：{me['stage_cn']}；每年利润约{fmt(yearly)}，"
        f"按公司的年保持率{keep:.0%}，简单CLV约{fmt(life_value)}。"
    )

    # 05: satisfaction and complaints
    parts = []
    if survey is not None:
        answers = survey.loc[(survey[CUSTOMER] == cid) & (survey["survey_date"] <= end)]
        if len(answers):
            latest = answers.sort_values("survey_date").iloc[-1]
            facts["satisfaction"] = float(latest["overall_satisfaction"])
            parts.append(
                f"{pd.Timestamp(latest['survey_date']):%Y-%m-%d}的调查中总体满意度"
                f"{latest['overall_satisfaction']:.0f}分（满分5分）"
            )
        else:
            parts.append("没有参加满意度调查")
    else:
        parts.append("没有调查数据")
    if service_contacts is not None:
        mine_c = service_contacts.loc[
            (service_contacts[CUSTOMER] == cid) & (service_contacts["contact_date"] <= end)
        ]
        complaints = mine_c.loc[mine_c["contact_type"] == "complaint"]
        unresolved = int((~complaints["resolved"].astype(bool)).sum())
        facts.update(complaints=len(complaints), unresolved=unresolved)
        parts.append(f"投诉{len(complaints)}次，其中未解决{unresolved}次")
    else:
        parts.append("没有服务记录")
    found["satisfaction"] = "；".join(parts) + "。"

    # 06: loyalty behaviour
    measures = loyalty.loyalty_measures(tx, survey, observation_end=end).loc[cid]
    facts.update(orders_per_year=float(measures["orders_per_year"]))
    attitude = measures.get("relative_attitude", np.nan)
    found["loyalty"] = (
        f"每年约{measures['orders_per_year']:.1f}笔订单，"
        + ("是重复购买者" if bool(measures["repeat_buyer"]) else "只买过一次")
        + (
            f"；调查中的相对态度{attitude:.0f}分（1–7）。"
            if pd.notna(attitude)
            else "；没有态度的调查数据。"
        )
    )

    # 07: churn risk from her own rhythm
    silent = int(me["days_since_last"])
    gap = float(me["typical_gap_days"]) if pd.notna(me["typical_gap_days"]) else np.nan
    ratio = silent / gap if np.isfinite(gap) and gap > 0 else np.nan
    if me["stage"] == "lost" or (np.isfinite(ratio) and ratio >= 2):
        risk = "high"
    elif np.isfinite(ratio) and ratio >= 1:
        risk = "medium"
    else:
        risk = "low"
    facts.update(days_since_last=silent, typical_gap=gap, gap_ratio=ratio, risk=risk)
    risk_cn = {"high": "高", "medium": "中", "low": "低"}[risk]
    rhythm = f"，是她通常间隔（{gap:.0f}天）的{ratio:.1f}倍" if np.isfinite(ratio) else ""
    member = ""
    if memberships is not None and cid in set(memberships[CUSTOMER]):
        lapsed = bool(memberships.loc[memberships[CUSTOMER] == cid, "lapsed"].iloc[-1])
        member = "；她的付费会员已停止续费" if lapsed else "；她仍是付费会员"
    found["churn"] = f"已经{silent}天没有购买{rhythm}：流失风险{risk_cn}{member}。"

    # 08: due this week? what to offer?
    text = ""
    if np.isfinite(gap):
        due = me["last_purchase"] + pd.Timedelta(days=gap)
        until = (due - end).days
        facts.update(next_expected=due, days_until_due=until)
        if until < 0:
            text = f"按她的节奏，下次购买本应在{due:%Y-%m-%d}，已经逾期{-until}天"
        elif until < 7:
            text = f"按她的节奏，下次购买在{due:%Y-%m-%d}，本周到期，应列入名单"
        else:
            text = f"按她的节奏，下次购买在{due:%Y-%m-%d}，还没到期"
    else:
        text = "只买过一次，还看不出购买节奏"
    if "category" in tx:
        offer = _cross_sell_offer(tx, cid)
        if offer is None:
            text += "；没有可以交叉推荐的品类"
        else:
            favourite, item, confidence, lift = offer
            facts.update(cross_sell=item, cross_sell_confidence=confidence, cross_sell_lift=lift)
            text += (
                f"；她买得最多的是{name(favourite)}，买{name(favourite)}的订单中"
                f"{confidence:.0%}也买{name(item)}（她还没买过）"
                + (
                    f"，可交叉推荐（提升度{lift:.2f}，这一搭配比随机更常见）"
                    if lift > 1
                    else f"；但提升度{lift:.2f}低于1，这一搭配并不比随机更常见，推荐要谨慎"
                )
            )
    else:
        text += "；数据没有品类，无法给出交叉推荐"
    found["marketing"] = text + "。"

    # 09: the ladder
    tiers = strategy.customer_tiers(tx, "Q", observation_end=end, margin=margin)
    recent = tiers.loc[cid].iloc[-int(quarters) :].dropna().tolist()
    facts["tiers"] = recent
    found["ladder"] = _ladder_sentence(recent)

    table = pd.DataFrame(
        {
            "chapter": [JOURNEY_LENSES[k][0] for k in JOURNEY_LENSES],
            "lens_cn": [JOURNEY_LENSES[k][2] for k in JOURNEY_LENSES],
            "finding_cn": [found[k] for k in JOURNEY_LENSES],
        },
        index=pd.Index(list(JOURNEY_LENSES), name="lens"),
    )
    return Journey(customer_id=str(cid), table=table, facts=facts)
