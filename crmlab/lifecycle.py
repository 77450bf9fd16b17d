"""Customer lifecycle (客户生命周期, chapter 04): stages and churn rate.

- :func:`lifecycle_stage` — exploration (考察期), formation (形成期), stability (稳定期),
  decline (退化期) or lost (流失) for every customer, from their purchase trajectory;
- :func:`stage_summary` — customers per stage and what they look like;
- :func:`case_customer` — a valuable customer who has gone quiet, picked by a stated rule:
  Ms. Zhang (张女士) of the chapter's case when the data have no truth file;
- :func:`churn_rate` — customers lost in each period ÷ customers at risk at its start
  (客户流失率);
- :func:`churn_by_tenure` — the same churn rate split by how long the customers at risk have
  been customers: new customers churn more, and they make up most of the pooled rate.

The lifecycle-profit decomposition (客户生命周期利润) lives in :mod:`crmlab.lifecycle_profit`;
its names (:func:`~crmlab.lifecycle_profit.lifecycle_profit`,
:func:`~crmlab.lifecycle_profit.lifecycle_profit_terms`, ``LIFECYCLE_PROFIT_TERMS``,
``ProfitTerm``) are re-exported here, so ``from crmlab.lifecycle import lifecycle_profit``
keeps working.

A *purchase* here is a purchase day: all of a customer's (non-returned) lines on one day count
once, as in :func:`crmlab.rfm.btyd_summary`. ``observation_end`` is the last day the analysis
sees (``None`` = the last day in the data, of any line).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from crmlab._purchases import (
    AMOUNT,
    CUSTOMER,
    active_at,
    analysis_window,
    period_alias,
    purchase_days,
)
from crmlab._validate import as_timestamp, check_positive, require_columns, require_nonempty
from crmlab.lifecycle_profit import (
    LIFECYCLE_PROFIT_TERMS,
    ProfitTerm,
    lifecycle_profit,
    lifecycle_profit_terms,
)

__all__ = [
    "DEFAULT_INACTIVITY_DAYS",
    "LIFECYCLE_PROFIT_TERMS",
    "LIFECYCLE_STAGES",
    "LIFECYCLE_STAGES_CN",
    "TENURE_GROUPS_CN",
    "CaseCustomer",
    "ProfitTerm",
    "case_customer",
    "churn_by_tenure",
    "churn_rate",
    "lifecycle_profit",
    "lifecycle_profit_terms",
    "lifecycle_stage",
    "stage_summary",
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


_DAY = np.timedelta64(1, "D")


# ----------------------------------------------------------------------------- helpers


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
        check_positive(name, value)
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


def stage_summary(stages: pd.DataFrame) -> pd.DataFrame:
    """One row per lifecycle stage: how many customers, their share and what they look like.

    Parameters
    ----------
    stages : DataFrame
        The result of :func:`lifecycle_stage`.

    Returns
    -------
    DataFrame
        Indexed by ``stage`` (every stage of :data:`LIFECYCLE_STAGES`, in order, also the
        empty ones) with ``stage_cn``, ``customers``, ``share`` (of all customers in the
        table), ``mean_purchases``, ``mean_tenure_days`` and ``mean_days_since_last``.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["new", "lapsed", "lapsed"],
    ...     "order_date": pd.to_datetime(["2025-11-20", "2024-01-01", "2024-02-01"])})
    >>> stage_summary(lifecycle_stage(tx, "2025-12-31"))[["stage_cn", "customers", "share"]]
                stage_cn  customers  share
    stage
    exploration      考察期          1    0.5
    formation        形成期          0    0.0
    stability        稳定期          0    0.0
    decline          退化期          0    0.0
    lost              流失          1    0.5
    """
    require_columns(
        stages,
        ["stage", "purchases", "tenure_days", "days_since_last"],
        "stages",
        hint="pass crmlab.lifecycle.lifecycle_stage(...)",
    )
    require_nonempty(stages, "stages")
    stage = pd.Categorical(stages["stage"], categories=list(LIFECYCLE_STAGES), ordered=True)
    out = stages.groupby(stage, observed=False).agg(
        customers=("purchases", "size"),
        mean_purchases=("purchases", "mean"),
        mean_tenure_days=("tenure_days", "mean"),
        mean_days_since_last=("days_since_last", "mean"),
    )
    out.index = pd.CategoricalIndex(out.index, name="stage")
    out.insert(0, "stage_cn", [LIFECYCLE_STAGES_CN[str(s)] for s in out.index])
    out.insert(2, "share", out["customers"] / out["customers"].sum())
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
        check_positive(name, value)
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
@dataclass(frozen=True)
class _Activity:
    """Who was active at each period boundary: the shared ground of the two churn tables."""

    periods: pd.PeriodIndex  # the complete periods, first to last
    active: np.ndarray  # customer × (periods + 1) boundaries
    first_day: np.ndarray  # each customer's first purchase day, datetime64[D]


def _activity(
    transactions: pd.DataFrame,
    period: str,
    inactivity: int,
    observation_end: object,
    exclude_returns: bool,
) -> _Activity:
    period = period_alias(period)
    check_positive("inactivity", inactivity)
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
    days = purchases["day"].to_numpy().astype("datetime64[D]")
    active = active_at(codes, days, len(uniques), bounds, inactivity)
    first_day = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[D]")
    order = np.argsort(days, kind="stable")[::-1]  # latest first: the earliest day wins
    first_day[codes[order]] = days[order]
    return _Activity(periods, active, first_day)


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
        ``retention_rate`` (1 − churn rate; NaN when nobody is at risk), and the course's
        other denominator: ``customer_base`` (everyone who had bought before the period's
        first day, lost customers included — 总客户量) and ``churn_rate_of_base`` (lost ÷
        customer base, the share of all customers; smaller, since the base also counts
        customers lost long ago, who cannot be lost again).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...                    "order_date": pd.to_datetime(["2025-01-10", "2025-01-15",
    ...                                                  "2025-02-20"]),
    ...                    "returned": [False, False, False]})
    >>> table = churn_rate(tx, "M", inactivity=30, observation_end="2025-03-31")
    >>> table[["at_risk", "lost", "churn_rate", "retention_rate"]]
             at_risk  lost  churn_rate  retention_rate
    period
    2025-02        2     1         0.5             0.5
    2025-03        1     1         1.0             0.0
    >>> table[["customer_base", "churn_rate_of_base"]]
             customer_base  churn_rate_of_base
    period
    2025-02              2                 0.5
    2025-03              2                 0.5
    """
    act = _activity(transactions, period, inactivity, observation_end, exclude_returns)
    active = act.active
    at_risk = active[:, :-1].sum(axis=0)
    lost = (active[:, :-1] & ~active[:, 1:]).sum(axis=0)
    out = pd.DataFrame(
        {"at_risk": at_risk.astype(int), "lost": lost.astype(int)}, index=act.periods
    )
    out["churn_rate"] = out["lost"] / out["at_risk"].where(out["at_risk"] > 0)
    out["retention_rate"] = 1.0 - out["churn_rate"]
    starts = act.periods.start_time.to_numpy().astype("datetime64[D]")
    base = np.searchsorted(np.sort(act.first_day), starts, side="left")
    out["customer_base"] = base.astype(int)
    out["churn_rate_of_base"] = out["lost"] / out["customer_base"].where(out["customer_base"] > 0)
    started = np.flatnonzero(at_risk > 0)
    if started.size == 0:
        raise ValueError(
            "transactions: no customer is at risk in any complete period; the data are too "
            "short for this period and inactivity window"
        )
    return out.iloc[started[0] :]


#: Chinese names of the tenure groups of :func:`churn_by_tenure` (English name → Chinese).
TENURE_GROUPS_CN: dict[str, str] = {"all": "全部客户"}


def _tenure_names(tenure_years: tuple[float, ...]) -> list[tuple[str, str]]:
    """(English, Chinese) names of the groups cut at ``tenure_years``: "<1 year" / "不满1年" …"""

    def years(n: float) -> str:
        return f"{n:g}"

    names = [(f"<{years(tenure_years[0])} y", f"不满{years(tenure_years[0])}年")]
    for low, high in pairwise(tenure_years):
        names.append((f"{years(low)}–{years(high)} y", f"{years(low)}–{years(high)}年"))
    names.append((f"≥{years(tenure_years[-1])} y", f"{years(tenure_years[-1])}年及以上"))
    return names


def churn_by_tenure(
    transactions: pd.DataFrame,
    period: str = "Y",
    inactivity: int = DEFAULT_INACTIVITY_DAYS,
    *,
    observation_end: object = None,
    last: int | None = None,
    tenure_years: tuple[float, ...] = (1.0, 2.0),
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Churn and retention by tenure (客户关系的时长): do new customers leave more often?

    The rule is :func:`churn_rate`'s (at risk: active on a period's first day; lost: no
    longer active on the next period's first day), pooled over the ``last`` complete periods
    and split by each customer's *tenure* on the period's first day — the days since her
    first purchase — cut at ``tenure_years``. The pooled churn rate is the at-risk-weighted
    mix of the groups' rates, so the group with most customers at risk sets it. Yearly
    periods (the default) give the yearly retention a CLV formula needs, measured in one
    step; monthly ones are short enough that the inactivity window hides a new customer's
    first months (she cannot be lost before it runs out).

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date`` and, when some were returned,
        ``returned``.
    period, inactivity, observation_end, exclude_returns
        As for :func:`churn_rate`.
    last : int, optional
        How many of the most recent complete periods to pool; ``None`` (default) for all of
        them.
    tenure_years : tuple of float, default (1, 2)
        Increasing tenure cuts in years (365.25 days each): ``(1, 2)`` gives the groups
        "<1 y", "1–2 y" and "≥2 y".

    Returns
    -------
    DataFrame
        One row per tenure group (index ``tenure``, in order) and a last row ``all``, with
        ``tenure_cn`` (不满1年 …, 全部客户), ``at_risk`` and ``lost`` (customer-periods),
        ``churn_rate`` (lost ÷ at risk per period), ``retention_rate`` (1 − churn rate),
        ``yearly_retention`` (the period's retention compounded over a year:
        (1 − churn rate)^(periods per year)), ``share_of_at_risk`` and ``share_of_lost``.

    Examples
    --------
    A customer who bought once in January 2024 (new) and one who has bought every month
    since 2022 (established); monthly periods, 60 days of silence make a customer lost:

    >>> days = pd.date_range("2022-01-05", "2024-12-05", freq="MS") + pd.Timedelta(days=4)
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["new"] + ["old"] * len(days),
    ...     "order_date": pd.DatetimeIndex(["2024-01-10"]).append(days)})
    >>> table = churn_by_tenure(
    ...     tx, "M", 60, observation_end="2024-12-31", last=12, tenure_years=(1,))
    >>> table[["tenure_cn", "at_risk", "lost", "churn_rate", "share_of_lost"]].round(2)
           tenure_cn  at_risk  lost  churn_rate  share_of_lost
    tenure
    <1 y        不满1年        2     1        0.50            1.0
    ≥1 y      1年及以上       12     0        0.00            0.0
    all        全部客户       14     1        0.07            1.0
    """
    if last is not None and (int(last) != last or last < 1):
        raise ValueError(f"last: a whole number of periods ≥ 1, or None; got {last!r}")
    cuts = tuple(float(t) for t in tenure_years)
    if (
        not cuts
        or any(not np.isfinite(t) or t <= 0 for t in cuts)
        or list(cuts) != sorted(set(cuts))
    ):
        raise ValueError(
            f"tenure_years: increasing positive numbers of years, e.g. (1, 2); got {tenure_years!r}"
        )
    act = _activity(transactions, period, inactivity, observation_end, exclude_returns)
    keep = np.arange(len(act.periods))
    if last is not None:
        keep = keep[-int(last) :]
    starts = act.periods.start_time.to_numpy().astype("datetime64[D]")[keep]
    at_risk = act.active[:, keep]
    lost = at_risk & ~act.active[:, keep + 1]
    tenure_days = (starts[None, :] - act.first_day[:, None]) / np.timedelta64(1, "D")
    group = np.searchsorted(np.asarray(cuts) * 365.25, tenure_days, side="right")
    names = _tenure_names(cuts)
    rows = []
    for k in range(len(names)):
        mask = at_risk & (group == k)
        rows.append((int(mask.sum()), int((lost & mask).sum())))
    rows.append((int(at_risk.sum()), int(lost.sum())))
    index = pd.Index([en for en, _ in names] + ["all"], name="tenure")
    out = pd.DataFrame(rows, index=index, columns=["at_risk", "lost"])
    out.insert(0, "tenure_cn", [cn for _, cn in names] + [TENURE_GROUPS_CN["all"]])
    out["churn_rate"] = out["lost"] / out["at_risk"].where(out["at_risk"] > 0)
    out["retention_rate"] = 1.0 - out["churn_rate"]
    pooled = act.periods[keep]
    days_per_period = float(((pooled + 1).start_time - pooled.start_time).days.to_numpy().mean())
    out["yearly_retention"] = out["retention_rate"] ** (365.25 / days_per_period)
    total_at_risk, total_lost = out.loc["all", "at_risk"], out.loc["all", "lost"]
    if total_at_risk == 0:
        raise ValueError(
            "transactions: no customer is at risk in the periods pooled; use more periods "
            "(last=None) or a longer inactivity window"
        )
    out["share_of_at_risk"] = out["at_risk"] / total_at_risk
    out["share_of_lost"] = out["lost"] / total_lost if total_lost else 0.0
    return out
