"""Customer identification and acquisition (客户识别与开发, chapter 02).

- :func:`funnel` / :func:`funnel_from_rates` — the lead pipeline as a sales funnel (销售漏斗):
  how many leads reach each stage, stage-to-stage and cumulative conversion, where they are
  lost ("the probability of success", 成功的概率);
- :func:`source_performance` — per lead source (寻找客户的方法): cost per lead, conversion, cost
  per acquired customer (获取成本), the profit of the customers acquired (the one definition of
  :func:`crmlab.value.customer_profitability`) and return on investment;
- :func:`source_standing` — where one source stands among the others (cheaper sources, more
  profitable sources, ROI rank), so a sentence comparing sources is built from the numbers;
- :func:`funnel_economics` — what a funnel costs and returns: cost per customer won and ROI
  from a cost per lead and a value per customer (the chapter's funnel explorer);
- :func:`man_score` / :func:`man_lift` — MAN qualification (Money 购买力, Authority 决策权,
  Need 需求) and how well it predicts a win.

These analyses need the leads table (and :func:`source_performance` the customers table too):
an order log alone cannot show where customers came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER
from crmlab._sales import MARGIN_NOTE
from crmlab._validate import (
    as_float_array,
    bool_column,
    check_range,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.data import LEAD_STAGES
from crmlab.value import customer_profitability

__all__ = [
    "COURSE_INFORMATION",
    "COURSE_METHODS",
    "LEAD_STAGES",
    "LEAD_STAGES_CN",
    "MAN_COLUMNS",
    "SOURCE_NAMES_CN",
    "FunnelEconomics",
    "ManLift",
    "SourceStanding",
    "funnel",
    "funnel_economics",
    "funnel_from_rates",
    "man_lift",
    "man_score",
    "source_performance",
    "source_standing",
]

#: Chinese names of the funnel stages of the data contract.
LEAD_STAGES_CN: dict[str, str] = {
    "lead": "线索",
    "contacted": "已接触",
    "interested": "有意向",
    "negotiating": "洽谈",
    "won": "成交",
}
#: Chinese names of the lead sources / acquisition channels of the data contract.
SOURCE_NAMES_CN: dict[str, str] = {
    "referral": "转介绍",
    "store": "门店",
    "online_ads": "网络广告",
    "social_media": "社交媒体",
    "bought_list": "购买名单",
    "trade_fair": "展会",
}
#: The course's twelve ways to find customers (寻找客户资源的方法) → the lead source of the data
#: contract that plays its role (``None``: the company does not use it). Paid consulting lists
#: (咨询寻找) and the methods that work a list (records, telephone, mail, SMS) map to the bought
#: lists, online communities to the clubs; store walk-ins are not in the course's list.
COURSE_METHODS: dict[str, str | None] = {
    "逐户访问（地毯式）": None,
    "广告搜索": "online_ads",
    "资料查询": "bought_list",
    "会议寻找": "trade_fair",
    "到俱乐部寻找": "social_media",
    "电话搜寻": "bought_list",
    "咨询寻找": "bought_list",
    "从对手中抢夺": None,
    "邮寄寻找": "bought_list",
    "连锁介绍（名人介绍、头牛效应）": "referral",
    "短信开发": "bought_list",
    "网络开发": "social_media",
    "门店自然客流（不在课程列表中）": "store",
}
#: The customer information the course lists (个人客户信息, 企业客户信息) → the fields
#: (``table.column``) of the data contract that hold it or a proxy of it (empty: not held).
COURSE_INFORMATION: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("个人客户", "基本信息", ("customers.gender", "customers.age", "customers.region")),
    ("个人客户", "教育情况", ()),
    ("个人客户", "事业情况", ()),
    ("个人客户", "家庭情况", ("transactions.category",)),
    ("个人客户", "生活情况", ("transactions.category", "transactions.promotion")),
    ("个人客户", "个性情况", ("survey.importance_style", "survey.importance_quality")),
    ("个人客户", "人际情况", ("customers.channel",)),
    ("企业客户", "基本信息", ("customers.industry", "customers.region")),
    ("企业客户", "客户特征", ("customers.employees",)),
    ("企业客户", "业务状况", ()),
    ("企业客户", "交易状况", ("transactions.amount", "transactions.written_off")),
    ("企业客户", "负责人信息", ("leads.authority",)),
)
#: The three MAN attributes and their Chinese names.
MAN_COLUMNS: dict[str, str] = {"money": "购买力", "authority": "决策权", "need": "需求"}


def _funnel_table(stages: Sequence[str], reached: np.ndarray, n_leads: float) -> pd.DataFrame:
    """Build the funnel table from counts reaching each stage (private)."""
    reached = np.asarray(reached, dtype=float)
    previous = np.concatenate([[n_leads], reached[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        stage_conversion = np.where(
            previous > 0, reached / np.where(previous > 0, previous, 1), np.nan
        )
        cumulative = np.where(n_leads > 0, reached / (n_leads if n_leads > 0 else 1), np.nan)
    lost = np.concatenate([reached[:-1] - reached[1:], [0.0]])
    table = pd.DataFrame(
        {
            "stage_cn": [LEAD_STAGES_CN.get(s, s) for s in stages],
            "reached": reached,
            "stage_conversion": stage_conversion,
            "cumulative_conversion": cumulative,
            "lost": lost,
        },
        index=pd.Index(list(stages), name="stage"),
    )
    return table


def funnel(leads: pd.DataFrame, stages: Sequence[str] = LEAD_STAGES) -> pd.DataFrame:
    """The sales funnel (销售漏斗) of a lead table.

    ``stage_reached`` holds the furthest stage each lead reached; a lead that reached
    ``'negotiating'`` also passed every earlier stage, so the count reaching a stage is the
    number of leads whose furthest stage is that one or a later one.

    Parameters
    ----------
    leads : DataFrame
        One row per lead, with ``stage_reached``.
    stages : sequence of str
        The stages in pipeline order (default: the data contract's
        lead → contacted → interested → negotiating → won).

    Returns
    -------
    DataFrame
        Indexed by ``stage`` with columns ``stage_cn`` (Chinese name), ``reached`` (leads
        reaching the stage; non-increasing), ``stage_conversion`` (share of the previous
        stage's leads that reached this one; the first stage's is reached ÷ all leads),
        ``cumulative_conversion`` (reached ÷ all leads) and ``lost`` (leads whose furthest
        stage is this one and that did not go on; 0 at the last stage). Conversion from a
        stage nobody reached is NaN.

    Examples
    --------
    >>> leads = pd.DataFrame({"stage_reached": ["lead"] * 5 + ["contacted"] * 3
    ...                       + ["interested", "won"]})
    >>> funnel(leads)
                stage_cn  reached  stage_conversion  cumulative_conversion  lost
    stage
    lead              线索       10               1.0                    1.0     5
    contacted        已接触        5               0.5                    0.5     3
    interested       有意向        2               0.4                    0.2     1
    negotiating       洽谈        1               0.5                    0.1     0
    won               成交        1               1.0                    0.1     0
    """
    stages = list(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise ValueError(f"stages: expected at least two distinct stages, got {stages!r}")
    require_columns(leads, ["stage_reached"], "leads")
    require_nonempty(leads, "leads")
    values = leads["stage_reached"]
    unknown = ~values.isin(stages) | values.isna()
    if unknown.any():
        found = sorted({str(v) for v in values[unknown].dropna()})[:5]
        if values.isna().any():
            found.append("missing")
        raise ValueError(
            f"leads: column 'stage_reached' has {int(unknown.sum())} unknown stage(s) "
            f"({', '.join(found)}) at {row_list(values.index[unknown.to_numpy()])}; "
            f"expected one of {', '.join(stages)} (pass stages=... for another pipeline)"
        )
    position = values.map({s: i for i, s in enumerate(stages)}).to_numpy(dtype=int)
    furthest = np.bincount(position, minlength=len(stages))
    reached = furthest[::-1].cumsum()[::-1]
    table = _funnel_table(stages, reached, float(len(leads)))
    return table.astype({"reached": int, "lost": int})


def funnel_from_rates(
    n_leads: float,
    rates: Sequence[float],
    stages: Sequence[str] = LEAD_STAGES,
) -> pd.DataFrame:
    """A funnel from stage-to-stage conversion rates (the chapter's funnel widget).

    Parameters
    ----------
    n_leads : float
        Leads entering the first stage (≥ 0).
    rates : sequence of float
        One conversion rate in [0, 1] per step, i.e. ``len(stages) - 1`` of them: the share
        of the leads at stage k that reach stage k + 1.
    stages : sequence of str
        Stage names, first to last.

    Returns
    -------
    DataFrame
        The same columns as :func:`funnel`; ``reached`` holds expected (possibly
        fractional) counts.

    Examples
    --------
    >>> funnel_from_rates(100, [0.8, 0.5, 0.5, 0.25])["reached"].tolist()
    [100.0, 80.0, 40.0, 20.0, 5.0]
    """
    stages = list(stages)
    rate_arr = as_float_array(rates, "rates")
    if rate_arr.size != len(stages) - 1:
        raise ValueError(
            f"rates: expected {len(stages) - 1} conversion rate(s), one per step between "
            f"{len(stages)} stages, got {rate_arr.size}"
        )
    check_range(rate_arr, "rates", low=0, high=1)
    if not np.isfinite(n_leads) or n_leads < 0:
        raise ValueError(f"n_leads: must be a non-negative number, got {n_leads!r}")
    reached = float(n_leads) * np.concatenate([[1.0], np.cumprod(rate_arr)])
    return _funnel_table(stages, reached, float(n_leads))


def source_performance(
    leads: pd.DataFrame,
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame | None = None,
    *,
    won_stage: str = "won",
    add_lead_cost: bool = False,
    margin: float | None = None,
    observation_end: object = None,
) -> pd.DataFrame:
    """Performance of each lead source / acquisition channel (获客渠道).

    Definitions, per source:

    - ``leads``, ``won``, ``conversion`` = won ÷ leads, from the lead table;
    - ``lead_cost`` = total cost of generating its leads; ``cost_per_lead``;
    - ``customers`` = customers in the customers table whose ``channel`` is this source
      (every acquired customer, also those who never passed through the lead table);
    - ``acquisition_cost`` (获取成本) = sum of those customers' ``acquisition_cost``;
    - ``total_cost`` = ``acquisition_cost``: in the data contract a customer's
      acquisition cost already includes the cost of all the leads it took to win them
      (won and lost). For data where ``acquisition_cost`` is only the closing cost, pass
      ``add_lead_cost=True`` to get ``lead_cost`` + ``acquisition_cost``;
    - ``cost_per_acquisition`` (CPA, 单位获取成本) = total_cost ÷ customers;
    - ``gross_margin``, ``cost_to_serve``, ``bad_debt`` and ``value_total`` (= profit) of
      those customers, summed from :func:`crmlab.value.customer_profitability` — the one
      definition of profit: revenue of the lines not returned − their cost of goods − cost to
      serve − bad debt (the amount of written-off lines). The acquisition cost is not in it;
      ``value_per_customer`` = value_total ÷ customers (customers who never bought count
      as 0);
    - ``roi`` = (value_total − total_cost) ÷ total_cost.

    What the ROI leaves out: only the costs recorded per lead and per customer are costs
    here. A channel's fixed costs (a store's rent and staff, a stand at a fair beyond the
    lead cost, a website's running cost) are not in the data and not in ``total_cost``. The
    value is the profit *so far* (历史价值), not the customers' future value.

    Divisions by zero give NaN.

    Parameters
    ----------
    leads : DataFrame
        One row per lead with ``source``, ``cost`` and ``stage_reached``. Required: the
        leads are where conversion and lead cost come from.
    customers : DataFrame
        One row per customer with ``customer_id``, ``channel`` and ``acquisition_cost``.
        Required: it ties each customer to the source that brought her in. Order lines and
        contacts of customers not in this table are not counted (they have no channel).
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_id``, ``amount``, ``cost`` (or pass
        ``margin``) and, when some were returned or written off, ``returned`` and
        ``written_off``.
    service_contacts : DataFrame, optional
        Service contacts (``customer_id``), counted in the cost to serve as in
        :func:`crmlab.value.customer_profitability`; ``None``: no contacts are counted.
    won_stage : str, default "won"
        The stage of ``stage_reached`` that counts as won.
    add_lead_cost : bool, default False
        Add the leads' cost to the customers' acquisition cost (see ``total_cost``).
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for transactions without a ``cost`` column;
        with a ``cost`` column it is not used. Without either, ``ValueError``.
    observation_end : date-like, optional
        The last day the profit sees (``None``: the last day in ``transactions``).

    Returns
    -------
    DataFrame
        Indexed by ``source`` (every source seen in the leads or the customers, sorted) with
        the columns above in that order; ``attrs["margin_note"]`` says how gross margin was
        computed.

    Examples
    --------
    >>> leads = pd.DataFrame({"source": ["referral", "referral", "online_ads"],
    ...                       "cost": [10.0, 10.0, 30.0],
    ...                       "stage_reached": ["won", "lead", "lead"]})
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "channel": ["referral", "online_ads"],
    ...                           "acquisition_cost": [20.0, 50.0]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
    ...                    "amount": [200.0, 100.0], "cost": [80.0, 60.0],
    ...                    "written_off": [False, True]})
    >>> table = source_performance(leads, customers, tx)
    >>> table[["cost_per_acquisition", "gross_margin", "bad_debt", "value_total", "roi"]]
                cost_per_acquisition  gross_margin  bad_debt  value_total  roi
    source
    online_ads                  50.0          40.0     100.0        -75.0 -2.5
    referral                    20.0         120.0       0.0        105.0  4.25

    (Each order costs 15 to serve; C2's written-off line is bad debt, not value.)
    """
    for table, frame, use in (
        ("leads", leads, "the leads per source, their cost and how many were won"),
        ("customers", customers, "each customer's acquisition channel and cost"),
    ):
        if frame is None:
            raise ValueError(
                f"{table}: not given; source_performance needs the {table} table for {use}. "
                "Data without it cannot be split by lead source"
            )
    require_columns(leads, ["source", "cost", "stage_reached"], "leads")
    require_columns(customers, [CUSTOMER, "channel", "acquisition_cost"], "customers")
    require_columns(transactions, [CUSTOMER], "transactions")
    lead_cost = pd.Series(as_float_array(leads["cost"], "leads.cost"), index=leads.index)
    check_range(lead_cost, "leads.cost", low=0)
    acq_cost = pd.Series(
        as_float_array(customers["acquisition_cost"], "customers.acquisition_cost"),
        index=customers.index,
    )
    check_range(acq_cost, "customers.acquisition_cost", low=0)
    if leads["source"].isna().any() or customers["channel"].isna().any():
        raise ValueError(
            "leads/customers: missing values in 'source' or 'channel'; "
            "fill them (e.g. 'unknown') first"
        )

    lead_table = pd.DataFrame(
        {
            "source": leads["source"].to_numpy(),
            "won": (leads["stage_reached"] == won_stage).to_numpy(),
            "cost": lead_cost.to_numpy(),
        }
    ).groupby("source")
    by_lead = pd.DataFrame(
        {
            "leads": lead_table.size(),
            "won": lead_table["won"].sum(),
            "lead_cost": lead_table["cost"].sum(),
        }
    )

    profit = _profit_of(customers, transactions, service_contacts, margin, observation_end)
    terms = ["gross_margin", "cost_to_serve", "bad_debt", "profit"]
    per_customer = profit[terms].reindex(customers[CUSTOMER].to_numpy(), fill_value=0.0)
    cust = per_customer.set_axis(customers["channel"].to_numpy()).assign(
        acquisition_cost=acq_cost.to_numpy()
    )
    grouped = cust.groupby(level=0)
    by_customer = grouped.sum().assign(customers=grouped.size())

    index = by_lead.index.union(by_customer.index).rename("source")
    out = pd.DataFrame(index=index)
    out["leads"] = by_lead["leads"].reindex(index, fill_value=0).astype(int)
    out["won"] = by_lead["won"].reindex(index, fill_value=0).astype(int)
    out["conversion"] = out["won"] / out["leads"].where(out["leads"] > 0)
    out["lead_cost"] = by_lead["lead_cost"].reindex(index, fill_value=0.0)
    out["cost_per_lead"] = out["lead_cost"] / out["leads"].where(out["leads"] > 0)
    out["customers"] = by_customer["customers"].reindex(index, fill_value=0).astype(int)
    out["acquisition_cost"] = by_customer["acquisition_cost"].reindex(index, fill_value=0.0)
    out["total_cost"] = out["acquisition_cost"] + (out["lead_cost"] if add_lead_cost else 0.0)
    customers_nonzero = out["customers"].where(out["customers"] > 0)
    out["cost_per_acquisition"] = out["total_cost"] / customers_nonzero
    for term in terms[:-1]:
        out[term] = by_customer[term].reindex(index, fill_value=0.0)
    out["value_total"] = by_customer["profit"].reindex(index, fill_value=0.0)
    out["value_per_customer"] = out["value_total"] / customers_nonzero
    cost_nonzero = out["total_cost"].where(out["total_cost"] > 0)
    out["roi"] = (out["value_total"] - out["total_cost"]) / cost_nonzero
    out.attrs[MARGIN_NOTE] = profit.attrs[MARGIN_NOTE]
    return out


def _profit_of(
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame | None,
    margin: float | None,
    observation_end: object,
) -> pd.DataFrame:
    """:func:`crmlab.value.customer_profitability` of the customers of ``customers`` (private)."""
    known = customers[CUSTOMER]
    transactions = transactions.loc[transactions[CUSTOMER].isin(known).to_numpy()]
    if service_contacts is not None:
        require_columns(service_contacts, [CUSTOMER], "service_contacts")
        service_contacts = service_contacts.loc[service_contacts[CUSTOMER].isin(known).to_numpy()]
    return customer_profitability(
        transactions,
        customers,
        service_contacts,
        observation_end=observation_end,
        margin=margin,
    )


@dataclass(frozen=True)
class SourceStanding:
    """Result of :func:`source_standing`: one source against the others.

    Attributes
    ----------
    source : str
    cost_per_acquisition, value_per_customer, roi : float
        The source's own numbers.
    cheaper : Series
        ``cost_per_acquisition`` of the other sources that win a customer for less, cheapest
        last (empty: this source is the cheapest).
    more_profitable : Series
        ``value_per_customer`` of the other sources whose customers bring more, most
        profitable first (empty: this source's customers bring the most).
    roi_rank : int
        1 for the highest ROI among ``n_sources``.
    n_sources : int
    """

    source: str
    cost_per_acquisition: float
    value_per_customer: float
    roi: float
    cheaper: pd.Series
    more_profitable: pd.Series
    roi_rank: int
    n_sources: int


def source_standing(performance: pd.DataFrame, source: str = "referral") -> SourceStanding:
    """Where one lead source stands among the others on cost, profit and return.

    Parameters
    ----------
    performance : DataFrame
        The result of :func:`source_performance` (columns ``cost_per_acquisition``,
        ``value_per_customer`` and ``roi``, indexed by source).
    source : str, default "referral"
        The source to place.

    Returns
    -------
    SourceStanding

    Raises
    ------
    ValueError
        If ``source`` is not a row of ``performance``.

    Examples
    --------
    >>> performance = pd.DataFrame({"cost_per_acquisition": [134.0, 23.0, 84.0],
    ...                             "value_per_customer": [408.0, 210.0, 186.0],
    ...                             "roi": [2.05, 8.03, 1.21]},
    ...                            index=["referral", "store", "social_media"])
    >>> standing = source_standing(performance)
    >>> standing.cheaper.to_dict(), standing.more_profitable.empty, standing.roi_rank
    ({'social_media': 84.0, 'store': 23.0}, True, 2)
    """
    require_columns(
        performance, ["cost_per_acquisition", "value_per_customer", "roi"], "performance"
    )
    if source not in performance.index:
        raise ValueError(
            f"performance: no source {source!r}; the sources are "
            f"{', '.join(map(str, performance.index))}"
        )
    row, others = performance.loc[source], performance.drop(index=source)
    cost, worth = others["cost_per_acquisition"], others["value_per_customer"]
    cheaper = cost[cost < row["cost_per_acquisition"]].sort_values(ascending=False)
    richer = worth[worth > row["value_per_customer"]].sort_values(ascending=False)
    return SourceStanding(
        source=str(source),
        cost_per_acquisition=float(row["cost_per_acquisition"]),
        value_per_customer=float(row["value_per_customer"]),
        roi=float(row["roi"]),
        cheaper=cheaper,
        more_profitable=richer,
        roi_rank=int(performance["roi"].rank(ascending=False, method="min")[source]),
        n_sources=len(performance),
    )


@dataclass(frozen=True)
class FunnelEconomics:
    """Result of :func:`funnel_economics` (amounts in the data's currency).

    Attributes
    ----------
    lead_cost : float
        What all the leads cost: leads × cost per lead.
    won : float
        Customers won.
    cost_per_customer : float
        lead_cost ÷ won (获取成本 per customer won); NaN when nobody is won.
    value : float
        won × value per customer.
    roi : float
        (value − lead_cost) ÷ lead_cost; NaN when the leads cost nothing.
    """

    lead_cost: float
    won: float
    cost_per_customer: float
    value: float
    roi: float


def funnel_economics(
    n_leads: float, won: float, cost_per_lead: float, value_per_customer: float
) -> FunnelEconomics:
    """What a funnel costs and brings: cost per customer won and return on investment.

    Every lead costs ``cost_per_lead`` whether it is won or lost, so the cost of winning one
    customer is (leads × cost per lead) ÷ customers won — a cheap lead that rarely converts
    makes an expensive customer. Each customer won brings ``value_per_customer``.

    Parameters
    ----------
    n_leads : float
        Leads entering the funnel (≥ 0).
    won : float
        Customers won, 0 ≤ won ≤ n_leads (e.g. the last ``reached`` of
        :func:`funnel_from_rates`).
    cost_per_lead : float
        What one lead costs (≥ 0).
    value_per_customer : float
        What one customer won brings (profit; may be negative).

    Returns
    -------
    FunnelEconomics

    Raises
    ------
    ValueError
        For a negative or non-finite count or cost, or more wins than leads.

    Examples
    --------
    >>> result = funnel_economics(1000, 60, cost_per_lead=10, value_per_customer=250)
    >>> result.lead_cost, round(result.cost_per_customer, 2), result.value, result.roi
    (10000.0, 166.67, 15000.0, 0.5)
    """
    numbers = {
        "n_leads": n_leads,
        "won": won,
        "cost_per_lead": cost_per_lead,
        "value_per_customer": value_per_customer,
    }
    for name, number in numbers.items():
        if isinstance(number, bool) or not np.isfinite(float(number)):
            raise ValueError(f"{name}: must be a finite number, got {number!r}")
        if name != "value_per_customer" and float(number) < 0:
            raise ValueError(f"{name}: must be ≥ 0, got {number!r}")
    if float(won) > float(n_leads) + 1e-9:
        raise ValueError(f"won: {won!r} customers won from only {n_leads!r} leads")
    cost = float(n_leads) * float(cost_per_lead)
    won = float(won)
    value = won * float(value_per_customer)
    return FunnelEconomics(
        lead_cost=cost,
        won=won,
        cost_per_customer=cost / won if won > 0 else float("nan"),
        value=value,
        roi=(value - cost) / cost if cost > 0 else float("nan"),
    )


def man_score(leads: pd.DataFrame) -> pd.Series:
    """MAN score of each lead: how many of Money (购买力), Authority (决策权), Need (需求) hold.

    A "MAN" customer has all three; a lead with a score of 0 has none of them. The columns
    ``money``, ``authority`` and ``need`` hold booleans (or 0/1); text such as ``"False"``
    raises ``ValueError`` (convert it where the data are loaded).

    Returns
    -------
    Series
        Integer 0–3 named ``man_score``, indexed like ``leads``.

    Examples
    --------
    >>> leads = pd.DataFrame({"money": [True, True, False], "authority": [True, False, False],
    ...                       "need": [True, True, False]})
    >>> man_score(leads).tolist()
    [3, 2, 0]
    """
    cols = list(MAN_COLUMNS)
    require_columns(leads, cols, "leads")
    score = sum(bool_column(leads, c, "leads").astype(int) for c in cols)
    return pd.Series(np.asarray(score, dtype=int), index=leads.index, name="man_score")


@dataclass(frozen=True)
class ManLift:
    """Result of :func:`man_lift`.

    Attributes
    ----------
    table : DataFrame
        Indexed by ``man_score`` 0–3 with ``leads``, ``won``, ``conversion``, ``lift``
        (conversion ÷ overall conversion), ``share_of_leads`` and ``share_of_wins``.
    overall_conversion : float
    summary : str
        One sentence that reads the table.
    """

    table: pd.DataFrame
    overall_conversion: float
    summary: str


def man_lift(
    leads: pd.DataFrame,
    *,
    won_stage: str = "won",
) -> ManLift:
    """How well the MAN score predicts a win: conversion and lift by score.

    Lift is the conversion of leads with a score divided by the conversion of all leads: a
    lift of 2 means leads with that score win twice as often as the average lead. Scores no
    lead has get 0 leads and NaN conversion and lift.

    Examples
    --------
    >>> leads = pd.DataFrame({
    ...     "money": [True, True, True, True, False, False, True, False],
    ...     "authority": [True, True, False, False, False, False, True, False],
    ...     "need": [True, True, True, False, False, False, False, True],
    ...     "stage_reached": ["won", "won", "won", "lead", "lead", "contacted",
    ...                       "negotiating", "lead"]})
    >>> result = man_lift(leads)
    >>> result.table[["leads", "won", "conversion", "lift"]]
               leads  won  conversion      lift
    man_score
    0              2    0         0.0  0.000000
    1              2    0         0.0  0.000000
    2              2    1         0.5  1.333333
    3              2    2         1.0  2.666667
    >>> import textwrap
    >>> print(textwrap.fill(result.summary, 80))
    Leads meeting all three MAN conditions won 100.0% of the time, 2.67× the overall
    37.5%; leads meeting none won 0.0%.
    """
    require_columns(leads, ["stage_reached"], "leads")
    require_nonempty(leads, "leads")
    score = man_score(leads)
    won = (leads["stage_reached"] == won_stage).to_numpy()
    grouped = pd.DataFrame({"man_score": score.to_numpy(), "won": won}).groupby("man_score")
    index = pd.Index([0, 1, 2, 3], name="man_score")
    table = pd.DataFrame(
        {
            "leads": grouped.size().reindex(index, fill_value=0).astype(int),
            "won": grouped["won"].sum().reindex(index, fill_value=0).astype(int),
        }
    )
    overall = float(won.mean())
    table["conversion"] = table["won"] / table["leads"].where(table["leads"] > 0)
    table["lift"] = table["conversion"] / overall if overall > 0 else np.nan
    table["share_of_leads"] = table["leads"] / len(leads)
    table["share_of_wins"] = table["won"] / won.sum() if won.sum() > 0 else np.nan
    top, bottom = table.loc[3], table.loc[0]

    def pct(x: float) -> str:
        return "n/a" if pd.isna(x) else f"{x:.1%}"

    if overall == 0:
        summary = "No lead was won, so the MAN score cannot be checked against wins."
    else:
        lift = "n/a" if pd.isna(top["lift"]) else f"{top['lift']:.2f}×"
        summary = (
            f"Leads meeting all three MAN conditions won {pct(top['conversion'])} of the time, "
            f"{lift} the overall {pct(overall)}; leads meeting none won "
            f"{pct(bottom['conversion'])}."
        )
    return ManLift(table=table, overall_conversion=overall, summary=summary)
