"""Lifecycle profit (客户生命周期利润, chapter 04): what a customer has earned the firm so far.

The course defines lifecycle profit as the net profit a customer brings the firm over her
lifecycle, the net increase of cash flow (现金流量的净增加量): what she brings in —
base profit, cost savings, referral value (基本利润、成本节约、推荐价值) — minus what the firm
spends on her — acquisition cost, price concessions, referral damage (获取成本、价格优惠、
推荐破坏成本).

- :func:`lifecycle_profit` — the six terms and their balance for every customer;
- :func:`lifecycle_profit_terms` — the same as a tidy bilingual table (for the waterfall
  chart :func:`crmlab.plots.lifecycle_profit_waterfall` and for reports);
- :func:`profit_by_cohort` — lifecycle profit so far by signup cohort.

Lifecycle profit is *historical* value (历史价值); the forward-looking customer lifetime value
is in :mod:`crmlab.clv` and :mod:`crmlab.models`. It works on an order log alone: without a
customers table the cohort is the year of the first order and the acquisition cost is an
argument; without ``cost`` a gross-margin rate (``margin=0.35``) is required. The names are
also importable from :mod:`crmlab.lifecycle`, where they lived before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER, DATE, kept_lines
from crmlab._sales import MARGIN_NOTE, seen_until
from crmlab._validate import (
    as_float_array,
    bool_column,
    check_positive,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.value import customer_profitability

__all__ = [
    "LIFECYCLE_PROFIT_TERMS",
    "ProfitTerm",
    "lifecycle_profit",
    "lifecycle_profit_terms",
    "profit_by_cohort",
]


@dataclass(frozen=True)
class ProfitTerm:
    """One term of the lifecycle-profit decomposition."""

    term: str
    term_cn: str
    side: str  # "benefit" or "cost"


#: The six terms of the lifecycle-profit decomposition, benefits first.
LIFECYCLE_PROFIT_TERMS: tuple[ProfitTerm, ...] = (
    ProfitTerm("base_profit", "基本利润", "benefit"),
    ProfitTerm("cost_savings", "成本节约", "benefit"),
    ProfitTerm("referral_value", "推荐价值", "benefit"),
    ProfitTerm("acquisition_cost", "获取成本", "cost"),
    ProfitTerm("price_concessions", "价格优惠", "cost"),
    ProfitTerm("referral_damage", "推荐破坏成本", "cost"),
)
_SIDE_CN = {"benefit": "收益", "cost": "成本", "total": "合计"}


# ----------------------------------------------------------------------------- lifecycle profit
def _per_customer(
    value: float | Mapping[object, float] | pd.Series, index: pd.Index, name: str
) -> pd.Series:
    """A non-negative amount per customer of ``index`` from a number, mapping or Series."""
    if isinstance(value, (pd.Series, Mapping)):
        out = pd.Series(value, dtype=float).reindex(index, fill_value=0.0)
        as_float_array(out.to_numpy(), name)
    else:
        check_positive(name, float(value), allow_zero=True)
        out = pd.Series(float(value), index=index)
    if (out < 0).any():
        raise ValueError(
            f"{name}: {int((out < 0).sum())} negative value(s) at "
            f"{row_list(out.index[(out < 0).to_numpy()])}"
            + ("; negative word of mouth belongs in referral damage" if "referral" in name else "")
        )
    return out


def lifecycle_profit(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    *,
    observation_end: object = None,
    margin: float | None = None,
    acquisition_cost: float | Mapping[object, float] | pd.Series | None = None,
    referral_value: float | Mapping[object, float] | pd.Series = 0.0,
    damage_per_unresolved_complaint: float = 100.0,
    cost_saving_per_year: float = 0.10,
    max_cost_saving: float = 0.5,
    cost_per_order: float = 15.0,
    cost_per_return: float = 25.0,
    cost_per_contact: float = 20.0,
) -> pd.DataFrame:
    """Lifecycle profit (客户生命周期利润) of every customer, term by term.

    Benefits − costs, with the six terms of the course:

    - **base profit** (基本利润): what the customer's purchases would have earned at full
      price and at a new customer's cost to serve = profit of
      :func:`crmlab.value.customer_profitability` + the discounts given (so base profit −
      price concessions = that profit exactly);
    - **cost savings** (成本节约): serving a customer gets cheaper as they learn the firm's
      ways. Transactions do not show this, so it is an explicit assumption: each order
      placed t years after the first saves ``cost_saving_per_year`` × t of
      ``cost_per_order``, at most ``max_cost_saving`` of it;
    - **referral value** (推荐价值): the profit of customers this customer brought in. The
      customers table marks referred customers (``channel == 'referral'``) but not who
      referred them, so this is an input: a number for every customer or a Series / mapping
      by customer id (missing customers get 0). Default 0;
    - **acquisition cost** (获取成本): ``acquisition_cost`` from the customers table, or the
      ``acquisition_cost`` argument;
    - **price concessions** (价格优惠): ``discount`` on lines that were not returned (0 for
      a table without a ``discount`` column);
    - **referral damage** (推荐破坏成本): negative word of mouth, estimated as unresolved
      complaints × ``damage_per_unresolved_complaint`` (an assumption to vary; 0 without
      ``service_contacts``).

    ``lifecycle_profit`` = base + savings + referral − acquisition − concessions − damage.

    Parameters
    ----------
    transactions : DataFrame
        Order lines as for :func:`crmlab.value.customer_profitability`, plus
        ``order_date`` and, when discounts were given, ``discount``.
    customers : DataFrame, optional
        One row per customer with ``customer_id``, ``signup_date`` (the cohort) and
        ``acquisition_cost``. ``None``: the customers with an order line, in cohorts by the
        year of their first order; their acquisition cost must then be passed as
        ``acquisition_cost``.
    service_contacts : DataFrame, optional
        With ``customer_id``, ``contact_type`` and ``resolved`` (a boolean), and
        ``contact_date`` to leave out contacts after ``observation_end``.
    observation_end : date-like, optional
        The last day the analysis sees: later lines, contacts and sign-ups are left out.
        ``None``: the last day in ``transactions``.
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for data without a ``cost`` column, as for
        :func:`crmlab.value.customer_profitability`; ``attrs["margin_note"]`` of the result
        says which was used.
    acquisition_cost : float, mapping or Series, optional
        What it cost to win each customer, in the data's currency: one number for every
        customer, or a Series / mapping by customer id (missing customers get 0). Given, it
        replaces the customers table's column; ``0`` leaves the term out on purpose.
        Without it and without that column, ``ValueError``.
    cost_per_order, cost_per_return, cost_per_contact : float
        Cost-to-serve rates, passed to :func:`crmlab.value.customer_profitability` (the
        defaults are the course company's, in CNY); ``damage_per_unresolved_complaint`` is
        in the same currency.

    Returns
    -------
    DataFrame
        One row per customer (indexed by id) with ``cohort`` (signup year, or the year of
        the first order), the six terms (all ≥ 0 except base profit, which can be negative)
        and ``lifecycle_profit``. Use :func:`lifecycle_profit_terms` for a tidy bilingual
        table.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["C1", "C1"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2020-01-01", "2024-01-01"]),
    ...     "amount": [100.0, 100.0], "cost": [40.0, 40.0], "discount": [10.0, 0.0],
    ...     "returned": [False, False], "written_off": [False, False]})
    >>> cust = pd.DataFrame({"customer_id": ["C1"], "acquisition_cost": [30.0],
    ...                      "signup_date": pd.to_datetime(["2020-01-01"])})
    >>> lifecycle_profit(tx, cust, referral_value=5.0).loc["C1"].drop("cohort")
    base_profit          100.0
    cost_savings           6.0
    referral_value         5.0
    acquisition_cost      30.0
    price_concessions     10.0
    referral_damage        0.0
    lifecycle_profit      71.0
    Name: C1, dtype: float64

    An analyst's order log (no cost, no discount, no customers table):

    >>> own = tx[["customer_id", "order_id", "order_date", "amount"]]
    >>> table = lifecycle_profit(own, margin=0.4, acquisition_cost=30.0)
    >>> table[["cohort", "base_profit", "lifecycle_profit"]]
                 cohort  base_profit  lifecycle_profit
    customer_id
    C1             2020         50.0              26.0
    >>> table.attrs["margin_note"]
    'gross margin assumed at 40% of revenue: the data have no cost column'
    """
    check_positive(
        "damage_per_unresolved_complaint", damage_per_unresolved_complaint, allow_zero=True
    )
    check_positive("cost_saving_per_year", cost_saving_per_year, allow_zero=True)
    if not (np.isfinite(max_cost_saving) and 0 <= max_cost_saving <= 1):
        raise ValueError(f"max_cost_saving: must be a fraction in [0, 1], got {max_cost_saving!r}")
    if customers is not None:
        require_columns(customers, [CUSTOMER, "signup_date"], "customers")
        if acquisition_cost is None:
            require_columns(customers, ["acquisition_cost"], "customers")
    elif acquisition_cost is None:
        raise ValueError(
            "customers: not given, and lifecycle_profit needs each customer's acquisition cost "
            "(获取成本); pass the customers table with 'acquisition_cost', or acquisition_cost="
            "<a number per customer, or a Series by customer id> (0 leaves the term out)"
        )
    require_columns(transactions, [CUSTOMER, "order_id", DATE], "transactions")
    if service_contacts is not None:
        require_columns(
            service_contacts, [CUSTOMER, "contact_type", "resolved"], "service_contacts"
        )
    profit = customer_profitability(
        transactions,
        customers,
        service_contacts,
        observation_end=observation_end,
        margin=margin,
        cost_per_order=cost_per_order,
        cost_per_return=cost_per_return,
        cost_per_contact=cost_per_contact,
    )
    transactions, customers, service_contacts = seen_until(
        transactions, customers, service_contacts, observation_end
    )
    lines = kept_lines(transactions, required=(CUSTOMER, "order_id", DATE), exclude_returns=False)
    if customers is None:
        unknown = profit.index.difference(pd.Index(lines[CUSTOMER].unique()))
        if len(unknown):
            raise ValueError(
                f"service_contacts: {len(unknown)} customer id(s) with no order line "
                f"({', '.join(map(str, unknown[:5]))}); without a customers table the "
                "customers are those in transactions — pass customers, or filter the contacts"
            )
    index = profit.index
    if "discount" in transactions.columns:
        kept = kept_lines(transactions, required=(CUSTOMER, "discount"))
        concessions = (
            pd.Series(as_float_array(kept["discount"], "transactions.discount"))
            .groupby(kept[CUSTOMER].to_numpy())
            .sum()
            .reindex(index, fill_value=0.0)
        )
    else:
        concessions = pd.Series(0.0, index=index)

    orders = (
        pd.DataFrame(
            {
                "customer": lines[CUSTOMER].to_numpy(),
                "order": lines["order_id"].to_numpy(),
                "day": lines[DATE].dt.normalize().to_numpy(),
            }
        )
        .groupby(["customer", "order"])["day"]
        .min()
        .reset_index()
    )
    first = orders.groupby("customer")["day"].transform("min")
    years = (orders["day"] - first) / np.timedelta64(1, "D") / 365.25
    saving = cost_per_order * np.minimum(cost_saving_per_year * years, max_cost_saving)
    savings = saving.groupby(orders["customer"]).sum().reindex(index, fill_value=0.0)

    ref = _per_customer(referral_value, index, "referral_value")

    if service_contacts is not None:
        resolved = bool_column(service_contacts, "resolved", "service_contacts")
        unresolved = (service_contacts["contact_type"] == "complaint") & ~resolved
        complaints = unresolved.groupby(service_contacts[CUSTOMER].to_numpy()).sum()
        complaints = complaints.reindex(index, fill_value=0)
    else:
        complaints = pd.Series(0, index=index)

    if acquisition_cost is not None:
        acquisition = _per_customer(acquisition_cost, index, "acquisition_cost")
    else:
        acquisition = pd.Series(
            as_float_array(customers["acquisition_cost"], "customers.acquisition_cost"),
            index=customers[CUSTOMER].to_numpy(),
        ).reindex(index)
    if customers is not None:
        signup = date_column(customers, "signup_date", "customers")
        cohort = pd.Series(signup.dt.year.to_numpy(), index=customers[CUSTOMER].to_numpy())
    else:
        cohort = orders.groupby("customer")["day"].min().dt.year
    cohort = cohort.reindex(index)

    out = pd.DataFrame(index=index)
    out["cohort"] = cohort.astype(int)
    out["base_profit"] = profit["profit"] + concessions
    out["cost_savings"] = savings.astype(float)
    out["referral_value"] = ref
    out["acquisition_cost"] = acquisition
    out["price_concessions"] = concessions
    out["referral_damage"] = complaints.astype(float) * damage_per_unresolved_complaint
    out["lifecycle_profit"] = (
        out["base_profit"]
        + out["cost_savings"]
        + out["referral_value"]
        - out["acquisition_cost"]
        - out["price_concessions"]
        - out["referral_damage"]
    )
    out.attrs[MARGIN_NOTE] = profit.attrs[MARGIN_NOTE]
    return out


def lifecycle_profit_terms(
    profit: pd.DataFrame, by: str | None = None, statistic: str = "mean"
) -> pd.DataFrame:
    """Tidy, bilingual table of the lifecycle-profit decomposition (for charts and reports).

    Parameters
    ----------
    profit : DataFrame
        The result of :func:`lifecycle_profit`.
    by : str, optional
        A column to group by, e.g. ``"cohort"``; default: all customers together.
    statistic : {"mean", "sum"}
        Per-customer average or total.

    Returns
    -------
    DataFrame
        One row per term (and group) with ``term``, ``term_cn``, ``side`` (benefit / cost /
        total), ``side_cn`` (收益 / 成本 / 合计), ``amount`` (the statistic of the term) and
        ``contribution`` (signed: costs negative); the last row per group is
        ``lifecycle_profit`` (客户生命周期利润), the sum of the contributions.

    Examples
    --------
    >>> table = pd.DataFrame({"base_profit": [100.0, 50.0], "cost_savings": [4.0, 0.0],
    ...     "referral_value": [0.0, 10.0], "acquisition_cost": [30.0, 30.0],
    ...     "price_concessions": [10.0, 0.0], "referral_damage": [0.0, 100.0],
    ...     "lifecycle_profit": [64.0, -70.0]})
    >>> lifecycle_profit_terms(table)[["term_cn", "contribution"]]
         term_cn  contribution
    0       基本利润          75.0
    1       成本节约           2.0
    2       推荐价值           5.0
    3       获取成本         -30.0
    4       价格优惠          -5.0
    5     推荐破坏成本         -50.0
    6  客户生命周期利润          -3.0
    """
    if statistic not in ("mean", "sum"):
        raise ValueError(f"statistic: expected 'mean' or 'sum', got {statistic!r}")
    terms = [t.term for t in LIFECYCLE_PROFIT_TERMS]
    require_columns(profit, terms + ([by] if by is not None else []), "profit")
    require_nonempty(profit, "profit")
    groups = [(None, profit)] if by is None else list(profit.groupby(by, sort=True))
    rows = []
    for key, frame in groups:
        stats = frame[terms].agg(statistic)
        total = 0.0
        for t in LIFECYCLE_PROFIT_TERMS:
            amount = float(stats[t.term])
            contribution = amount if t.side == "benefit" else -amount
            total += contribution
            rows.append((key, t.term, t.term_cn, t.side, amount, contribution))
        rows.append((key, "lifecycle_profit", "客户生命周期利润", "total", total, total))
    out = pd.DataFrame(rows, columns=["group", "term", "term_cn", "side", "amount", "contribution"])
    out.insert(4, "side_cn", out["side"].map(_SIDE_CN))
    if by is None:
        return out.drop(columns="group")
    return out.rename(columns={"group": by})


def profit_by_cohort(profit: pd.DataFrame) -> pd.DataFrame:
    """Lifecycle profit so far per customer, by signup cohort: do young customers look bad?

    Parameters
    ----------
    profit : DataFrame
        The result of :func:`lifecycle_profit`.

    Returns
    -------
    DataFrame
        Indexed by ``cohort`` (oldest first) with ``customers``, the per-customer means
        ``base_profit``, ``acquisition_cost`` and ``lifecycle_profit``, and
        ``unprofitable_share`` (the share with a negative lifecycle profit so far).

    Examples
    --------
    >>> table = pd.DataFrame({"cohort": [2024, 2024, 2025], "base_profit": [100.0, 20.0, 10.0],
    ...     "acquisition_cost": [30.0, 30.0, 40.0], "lifecycle_profit": [70.0, -10.0, -30.0]})
    >>> profit_by_cohort(table)[["customers", "lifecycle_profit", "unprofitable_share"]]
            customers  lifecycle_profit  unprofitable_share
    cohort
    2024            2              30.0                 0.5
    2025            1             -30.0                 1.0
    """
    require_columns(
        profit,
        ["cohort", "base_profit", "acquisition_cost", "lifecycle_profit"],
        "profit",
        hint="pass crmlab.lifecycle_profit.lifecycle_profit(...)",
    )
    require_nonempty(profit, "profit")
    return (
        profit.assign(loss=profit["lifecycle_profit"] < 0)
        .groupby("cohort", sort=True)
        .agg(
            customers=("lifecycle_profit", "size"),
            base_profit=("base_profit", "mean"),
            acquisition_cost=("acquisition_cost", "mean"),
            lifecycle_profit=("lifecycle_profit", "mean"),
            unprofitable_share=("loss", "mean"),
        )
    )
