"""Customer lifecycle (客户生命周期, chapter 04): stages, churn rate, lifecycle profit.

- :func:`lifecycle_stage` — exploration (考察期), formation (形成期), stability (稳定期),
  decline (退化期) or lost (流失) for every customer, from their purchase trajectory;
- :func:`case_customer` — a valuable customer who has gone quiet, picked by a stated rule:
  Ms. Zhang (张女士) of the chapter's case when the data have no truth file;
- :func:`churn_rate` — customers lost in each period ÷ customers at risk at its start
  (客户流失率);
- :func:`lifecycle_profit` / :func:`lifecycle_profit_terms` — the lifecycle-profit
  decomposition (客户生命周期利润): base profit + cost savings + referral value − acquisition
  cost − price concessions − referral damage.

A *purchase* here is a purchase day: all of a customer's (non-returned) lines on one day count
once, as in :func:`crmlab.rfm.btyd_summary`. ``observation_end`` is the last day the analysis
sees (``None`` = the last day in the data, of any line). Lifecycle profit works on an order log
alone: without a customers table the cohort is the year of the first order and the acquisition
cost is an argument; without ``cost`` a gross-margin rate (``margin=0.35``) is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import (
    AMOUNT,
    CUSTOMER,
    DATE,
    active_at,
    analysis_window,
    kept_lines,
    period_alias,
    purchase_days,
)
from crmlab._sales import MARGIN_NOTE, seen_until
from crmlab._validate import (
    as_float_array,
    as_timestamp,
    bool_column,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.value import customer_profitability

__all__ = [
    "DEFAULT_INACTIVITY_DAYS",
    "LIFECYCLE_PROFIT_TERMS",
    "LIFECYCLE_STAGES",
    "LIFECYCLE_STAGES_CN",
    "CaseCustomer",
    "ProfitTerm",
    "case_customer",
    "churn_rate",
    "lifecycle_profit",
    "lifecycle_profit_terms",
    "lifecycle_stage",
]

#: Lifecycle stages in order, with "lost" (流失) after the four stages of the course.
LIFECYCLE_STAGES: tuple[str, ...] = ("exploration", "formation", "stability", "decline", "lost")
#: Chinese course terms of the stages.
LIFECYCLE_STAGES_CN: dict[str, str] = {
    "exploration": "考察期",
    "formation": "形成期",
    "stability": "稳定期",
    "decline": "退化期",
    "lost": "流失",
}
#: Days without a purchase after which a customer counts as lost in :func:`churn_rate`
#: (and in :func:`crmlab.strategy.kpi_table`): about six months, Ms. Zhang's silence.
DEFAULT_INACTIVITY_DAYS = 180


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
_DAY = np.timedelta64(1, "D")


# ----------------------------------------------------------------------------- helpers
def _check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    ok = np.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name}: must be a {kind} number, got {value!r}")


# ----------------------------------------------------------------------------- stages
def lifecycle_stage(
    transactions: pd.DataFrame,
    observation_end: object = None,
    *,
    exclude_returns: bool = True,
    exploration_days: int = 90,
    formation_days: int = 365,
    stability_purchases: int = 4,
    recent_days: int = 180,
    decline_ratio: float = 0.5,
    lost_after: float = 3.0,
    lost_min_days: int = 90,
    lost_max_days: int = 365,
) -> pd.DataFrame:
    """Lifecycle stage (客户生命周期阶段) of every customer on ``observation_end``.

    Only purchases up to ``observation_end`` are used; customers whose first purchase is
    later are left out. With *n* purchase days, tenure = days since the first, and the
    typical gap = median days between consecutive purchases, the rule is applied in this
    order:

    1. **lost** (流失): no purchase for more than ``lost_after`` × the typical gap, bounded
       to [``lost_min_days``, ``lost_max_days``] (one-time buyers: ``lost_max_days``);
    2. **exploration** (考察期): only one purchase so far, or tenure below
       ``exploration_days`` — the customer is still trying the firm out;
    3. **formation** (形成期): fewer than ``stability_purchases`` purchases or tenure below
       ``formation_days`` — the relationship is growing but too young to judge;
    4. **decline** (退化期): the purchase rate in the last ``recent_days`` is below
       ``decline_ratio`` × the customer's own earlier rate (from the first purchase to the
       start of the recent window);
    5. **stability** (稳定期): otherwise.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date`` and, when some were returned,
        ``returned``.
    observation_end : date-like, optional
        The day the stages are assessed (default: the last day in the data).
    exclude_returns : bool, default True
        Returned lines are not purchases.

    Returns
    -------
    DataFrame
        Indexed by customer id with columns ``purchases``, ``first_purchase``,
        ``last_purchase``, ``tenure_days``, ``days_since_last``, ``typical_gap_days``,
        ``lost_threshold_days``, ``recent_purchases``, ``recent_rate_30d``,
        ``earlier_rate_30d`` (purchases per 30 days), ``stage`` (ordered categorical of
        :data:`LIFECYCLE_STAGES`) and ``stage_cn``.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["new", "lapsed", "lapsed"] + ["loyal"] * 5,
    ...     "order_date": pd.to_datetime(["2025-11-20", "2024-01-01", "2024-02-01",
    ...         "2024-06-01", "2024-12-01", "2025-03-01", "2025-07-01", "2025-11-01"]),
    ...     "returned": [False] * 8})
    >>> lifecycle_stage(tx, "2025-12-31")[["purchases", "days_since_last", "stage", "stage_cn"]]
                 purchases  days_since_last        stage stage_cn
    customer_id
    lapsed               2              699         lost       流失
    loyal                5               60    stability      稳定期
    new                  1               41  exploration      考察期
    """
    for name, value in (
        ("exploration_days", exploration_days),
        ("formation_days", formation_days),
        ("stability_purchases", stability_purchases),
        ("recent_days", recent_days),
        ("decline_ratio", decline_ratio),
        ("lost_after", lost_after),
        ("lost_min_days", lost_min_days),
        ("lost_max_days", lost_max_days),
    ):
        _check_positive(name, value)
    if recent_days >= formation_days:
        raise ValueError(
            f"recent_days: must be shorter than formation_days ({recent_days} ≥ "
            f"{formation_days}) so that a customer judged for decline has an earlier period"
        )
    if lost_min_days > lost_max_days:
        raise ValueError(f"lost_min_days: {lost_min_days} is above lost_max_days {lost_max_days}")
    purchases = purchase_days(transactions, exclude_returns=exclude_returns)
    end = analysis_window(transactions, observation_end).observation_end
    purchases = purchases.loc[purchases["day"] <= end]
    if purchases.empty:
        raise ValueError(
            f"transactions: no purchase on or before observation_end={end.date()}; "
            "choose a later observation_end"
        )
    purchases = purchases.assign(
        gap=purchases.groupby(CUSTOMER)["day"].diff() / _DAY,
        recent=purchases["day"] > end - pd.Timedelta(days=recent_days),
    )
    g = purchases.groupby(CUSTOMER, sort=True)
    out = pd.DataFrame(
        {
            "purchases": g.size().astype(int),
            "first_purchase": g["day"].min(),
            "last_purchase": g["day"].max(),
        }
    )
    out["tenure_days"] = ((end - out["first_purchase"]) / _DAY).astype(int)
    out["days_since_last"] = ((end - out["last_purchase"]) / _DAY).astype(int)
    out["typical_gap_days"] = g["gap"].median()
    threshold = (lost_after * out["typical_gap_days"]).clip(
        lower=lost_min_days, upper=lost_max_days
    )
    out["lost_threshold_days"] = threshold.fillna(float(lost_max_days))
    out["recent_purchases"] = g["recent"].sum().astype(int)
    earlier = out["purchases"] - out["recent_purchases"]
    earlier_span = out["tenure_days"] - recent_days
    out["recent_rate_30d"] = out["recent_purchases"] / recent_days * 30.0
    out["earlier_rate_30d"] = earlier / earlier_span.where(earlier_span > 0) * 30.0

    lost = out["days_since_last"] > out["lost_threshold_days"]
    exploring = (out["purchases"] < 2) | (out["tenure_days"] < exploration_days)
    forming = (out["purchases"] < stability_purchases) | (out["tenure_days"] < formation_days)
    declining = out["recent_rate_30d"] < decline_ratio * out["earlier_rate_30d"]
    stage = np.select(
        [lost, exploring, forming, declining],
        ["lost", "exploration", "formation", "decline"],
        default="stability",
    )
    out["stage"] = pd.Categorical(stage, categories=list(LIFECYCLE_STAGES), ordered=True)
    out["stage_cn"] = out["stage"].astype(object).map(LIFECYCLE_STAGES_CN)
    out.index.name = CUSTOMER
    return out


# ----------------------------------------------------------------------------- the case customer
@dataclass(frozen=True)
class CaseCustomer:
    """The customer :func:`case_customer` picked: her id, the ``rule`` as a sentence to
    print, her ``purchases`` (purchase days), ``revenue`` and ``last_purchase`` day."""

    customer_id: str
    rule: str
    purchases: int
    revenue: float
    last_purchase: pd.Timestamp


def case_customer(
    transactions: pd.DataFrame,
    observation_end: object = None,
    *,
    case_day: object = None,
    min_purchases: int = 4,
    quiet_days: int = 120,
    max_quiet_days: int = 240,
    top_share: float = 0.2,
) -> CaseCustomer:
    """Pick a valuable customer who has gone quiet: the customer of Ms. Zhang's story (张女士).

    Ms. Zhang bought regularly, then stopped: "it is November, and she has not bought
    since May". Synthetic data name her in their truth file; for other data this picks one
    by a stated rule, from the purchases up to ``observation_end`` (returned lines left
    out, one purchase per customer-day):

    1. she made at least ``min_purchases`` purchases (she bought regularly);
    2. her last purchase was at least ``quiet_days`` and at most ``max_quiet_days`` days
       before ``case_day``, with no purchase since (she has gone quiet, not long gone);
    3. her revenue is in the top ``top_share`` of all customers' revenue (she is
       valuable);
    4. among those, the one with the most purchases; ties: the larger revenue, then the
       smallest ``customer_id``.

    When nobody fits (short data, or everybody bought lately), 1 and 2 are relaxed to "at
    least two purchases, the last one before ``case_day``" and the ``rule`` says so.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount`` and, when some were
        returned, ``returned``.
    observation_end : date-like, optional
        The last day the analysis sees (default: the last day in the data).
    case_day : date-like, optional
        The day of the story ("it is November"). Default: one month before
        ``observation_end``.
    min_purchases, quiet_days, max_quiet_days, top_share
        The thresholds of the rule above.

    Returns
    -------
    CaseCustomer
        Her ``customer_id`` and the ``rule`` with its numbers filled in.

    Raises
    ------
    ValueError
        If ``case_day`` lies outside the data up to ``observation_end``, a threshold is
        invalid, or no customer fits the rule (then name her: ``CASE_CUSTOMER``).

    Examples
    --------
    >>> days = pd.to_datetime(["2025-01-05", "2025-02-05", "2025-03-05", "2025-04-05",
    ...                        "2025-05-05", "2025-12-20"])
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["zhang"] * 5 + ["loyal"],
    ...     "order_date": days, "amount": [300.0] * 5 + [40.0]})
    >>> tx = pd.concat([tx, tx.assign(customer_id="loyal", amount=20.0)])
    >>> case = case_customer(tx, "2025-12-31", case_day="2025-11-30", top_share=0.5)
    >>> case.customer_id, case.purchases, case.revenue, str(case.last_purchase.date())
    ('zhang', 5, 1500.0, '2025-05-05')
    >>> print(case.rule)
    a valuable customer who has gone quiet: at least 4 purchases, the last one 120 to 240 days
    before 2025-11-30 and none since, revenue in the top 50% of customers; among those the most
    purchases (ties: larger revenue, then smallest customer_id)
    """
    for name, value in (
        ("min_purchases", min_purchases),
        ("quiet_days", quiet_days),
        ("max_quiet_days", max_quiet_days),
    ):
        _check_positive(name, value)
    if quiet_days > max_quiet_days:
        raise ValueError(f"quiet_days: {quiet_days} is above max_quiet_days {max_quiet_days}")
    if not (np.isfinite(top_share) and 0 < top_share <= 1):
        raise ValueError(f"top_share: must be a fraction in (0, 1], got {top_share!r}")
    window = analysis_window(transactions, observation_end)
    end = window.observation_end
    if case_day is None:
        day = (end - pd.DateOffset(months=1)).normalize()
    else:
        day = as_timestamp(case_day, "case_day").normalize()
    if not window.first_day <= day <= end:
        raise ValueError(
            f"case_day: {day.date()} is outside the data up to observation_end "
            f"({window.first_day.date()} … {end.date()}); pass a day in that range, or None "
            "for one month before observation_end"
        )
    purchases = purchase_days(transactions, amount=True)
    purchases = purchases.loc[purchases["day"] <= end]
    g = purchases.groupby(CUSTOMER, sort=True)
    table = pd.DataFrame(
        {"purchases": g.size(), "revenue": g[AMOUNT].sum(), "last_purchase": g["day"].max()}
    )
    quiet = (day - table["last_purchase"]) / _DAY
    valuable = table["revenue"] >= table["revenue"].quantile(1 - top_share)
    rule = (
        f"a valuable customer who has gone quiet: at least {min_purchases} purchases, the last "
        f"one {quiet_days} to {max_quiet_days} days before {day.date()} and none since, revenue "
        f"in the top {top_share:.0%} of customers; among those the most purchases (ties: "
        "larger revenue, then smallest customer_id)"
    )
    candidates = table.loc[
        valuable & (table["purchases"] >= min_purchases) & quiet.between(quiet_days, max_quiet_days)
    ]
    if candidates.empty:
        candidates = table.loc[valuable & (table["purchases"] >= 2) & (quiet > 0)]
        rule = (
            f"the closest match: nobody is {rule}; so the rule is relaxed to at least 2 "
            f"purchases, the last one before {day.date()}"
        )
    if candidates.empty:
        raise ValueError(
            f"transactions: no customer fits the rule, not even relaxed ({rule}). Name the "
            "customer of the story yourself (CASE_CUSTOMER in the notebook)"
        )
    ranked = candidates.rename_axis("id").reset_index()
    best = ranked.sort_values(
        ["purchases", "revenue", "id"], ascending=[False, False, True], kind="mergesort"
    ).iloc[0]
    return CaseCustomer(
        customer_id=best["id"],
        rule=rule,
        purchases=int(best["purchases"]),
        revenue=float(best["revenue"]),
        last_purchase=pd.Timestamp(best["last_purchase"]),
    )


# ----------------------------------------------------------------------------- churn
def churn_rate(
    transactions: pd.DataFrame,
    period: str = "M",
    inactivity: int = DEFAULT_INACTIVITY_DAYS,
    *,
    observation_end: object = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Churn rate (客户流失率) per period: customers lost in the period ÷ customers at risk.

    A customer is *active* on a day when they bought within the ``inactivity`` days before it
    (a purchase on day d keeps them active on days d + 1 … d + ``inactivity``). The customers
    *at risk* in a period are those active on its first day; they are *lost* in the period
    when they are no longer active on the first day of the next period, i.e. their
    inactivity window ran out inside the period without a new purchase. A lost customer who
    buys again later is at risk again from then on (won back, 挽回). New customers are not at
    risk in the period of their first purchase.

    Only complete periods are reported: from the first with a customer at risk up to the
    last one that ends on or before ``observation_end``.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date`` and, when some were returned,
        ``returned``.
    period : str
        pandas period alias: ``"M"`` month, ``"Q"`` quarter, ``"Y"`` year, ``"W"`` week.
    inactivity : int
        Days without a purchase after which a customer counts as lost.
    observation_end : date-like, optional
        The last day the analysis sees (default: the last day in the data).
    exclude_returns : bool, default True
        Returned lines are not purchases.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (PeriodIndex) with ``at_risk``, ``lost``, ``churn_rate`` and
        ``retention_rate`` (1 − churn rate; NaN when nobody is at risk).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...                    "order_date": pd.to_datetime(["2025-01-10", "2025-01-15",
    ...                                                  "2025-02-20"]),
    ...                    "returned": [False, False, False]})
    >>> churn_rate(tx, "M", inactivity=30, observation_end="2025-03-31")
             at_risk  lost  churn_rate  retention_rate
    period
    2025-02        2     1         0.5             0.5
    2025-03        1     1         1.0             0.0
    """
    period = period_alias(period)
    _check_positive("inactivity", inactivity)
    purchases = purchase_days(transactions, exclude_returns=exclude_returns)
    require_nonempty(purchases, "transactions")
    end = analysis_window(transactions, observation_end).observation_end
    purchases = purchases.loc[purchases["day"] <= end]
    if purchases.empty:
        raise ValueError(
            f"transactions: no purchase on or before observation_end={end.date()}; "
            "choose a later observation_end"
        )
    first_period = purchases["day"].min().to_period(period)
    last_period = end.to_period(period)
    if (last_period.end_time.normalize()) > end:
        last_period -= 1
    if last_period < first_period:
        raise ValueError(
            f"observation_end: no complete {period!r} period between the first purchase "
            f"({purchases['day'].min().date()}) and {end.date()}"
        )
    periods = pd.period_range(first_period, last_period, freq=period, name="period")
    bounds = np.concatenate(
        [periods.start_time.to_numpy(), [(last_period + 1).start_time.to_datetime64()]]
    ).astype("datetime64[D]")
    codes, uniques = pd.factorize(purchases[CUSTOMER])
    active = active_at(
        codes, purchases["day"].to_numpy().astype("datetime64[D]"), len(uniques), bounds, inactivity
    )
    at_risk = active[:, :-1].sum(axis=0)
    lost = (active[:, :-1] & ~active[:, 1:]).sum(axis=0)
    out = pd.DataFrame({"at_risk": at_risk.astype(int), "lost": lost.astype(int)}, index=periods)
    out["churn_rate"] = out["lost"] / out["at_risk"].where(out["at_risk"] > 0)
    out["retention_rate"] = 1.0 - out["churn_rate"]
    started = np.flatnonzero(at_risk > 0)
    if started.size == 0:
        raise ValueError(
            "transactions: no customer is at risk in any complete period; the data are too "
            "short for this period and inactivity window"
        )
    return out.iloc[started[0] :]


# ----------------------------------------------------------------------------- lifecycle profit
def _per_customer(
    value: float | Mapping[object, float] | pd.Series, index: pd.Index, name: str
) -> pd.Series:
    """A non-negative amount per customer of ``index`` from a number, mapping or Series."""
    if isinstance(value, (pd.Series, Mapping)):
        out = pd.Series(value, dtype=float).reindex(index, fill_value=0.0)
        as_float_array(out.to_numpy(), name)
    else:
        _check_positive(name, float(value), allow_zero=True)
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
    _check_positive(
        "damage_per_unresolved_complaint", damage_per_unresolved_complaint, allow_zero=True
    )
    _check_positive("cost_saving_per_year", cost_saving_per_year, allow_zero=True)
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
