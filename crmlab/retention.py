"""Retention, churn and win-back (客户保持、流失与挽回).

Chapter 07 of the course: cohort retention tables, Kaplan–Meier survival of memberships,
the leaky bucket (漏斗原理), why customers leave, the profit effect of a few points more
retention, and who to win back. The churn-risk model (features, fit, lift) is in
:mod:`crmlab.churn`.

Data requirements: ``transactions`` (``customer_id``, ``order_date``, optional
``returned``) and ``memberships`` (``customer_id``, ``join_date``, ``years_paid``,
``lapsed``). Other names are mapped where the data enter (``crmlab.data.conform``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._lazy_summaries import cohort_counts, is_pandas
from crmlab._purchases import CUSTOMER, analysis_window, purchase_days
from crmlab._validate import (
    aligned_pair,
    as_float_array,
    bool_column,
    check_range,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.clv import margin_multiple

__all__ = [
    "CHURN_REASONS_SOURCE",
    "CHURN_REASONS_SURVEY",
    "WINBACK_QUADRANTS",
    "CohortRetention",
    "SurvivalCurve",
    "active_counts_by_cohort",
    "churn_reasons",
    "cohort_retention",
    "leaky_bucket",
    "membership_survival",
    "membership_tenures",
    "retention_economics",
    "survival_curve",
    "winback_priority",
]

# --------------------------------------------------------------------------------------
# Cohort retention
# --------------------------------------------------------------------------------------

_PERIODS = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _period_number(dates: pd.Series, period: str) -> np.ndarray:
    """Whole calendar periods since an epoch, so differences count periods."""
    d = pd.to_datetime(dates)
    if period == "W":  # weeks starting on Monday; 1970-01-05 was a Monday
        days = (d - pd.Timestamp("1970-01-05")).dt.days.to_numpy()
        return np.floor_divide(days, 7)
    year = d.dt.year.to_numpy().astype(np.int64)
    if period == "Y":
        return year
    month = d.dt.month.to_numpy().astype(np.int64)
    if period == "Q":
        return year * 4 + (month - 1) // 3
    return year * 12 + (month - 1)


@dataclass(frozen=True)
class CohortRetention:
    """Cohort retention tables (rows: acquisition cohort; columns: periods since).

    Attributes
    ----------
    counts
        Customers of the cohort who bought in period k after their first purchase period
        (period 0 = the acquisition period, so column 0 is the cohort size).
    retention
        ``counts`` divided by the cohort size: the share of the cohort active. Cells after
        the end of the data are NaN (not observed), never 0.
    cohort_sizes
        Customers acquired in each cohort.
    """

    counts: pd.DataFrame
    retention: pd.DataFrame
    cohort_sizes: pd.Series


def cohort_retention(
    transactions: object,
    period: str = "M",
    *,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
) -> CohortRetention:
    """Cohort retention table (客户保持率): share of each acquisition cohort still buying.

    A customer's cohort is the period (``"W"`` week, ``"M"`` month, ``"Q"`` quarter, ``"Y"``
    year) of their first purchase; they are *active* in a later period if they bought in
    it. Periods after ``observation_end`` (default: the last order date of any line,
    returned or not) are NaN; purchases after it are not seen.

    ``transactions`` is a pandas DataFrame or a table of another engine (a DuckDB
    relation from :func:`crmlab.data.scan`, a Polars frame, an Ibis table, a PySpark
    DataFrame): the customers are then counted inside that engine, the tables are the same.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "b", "c", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20",
    ...                                   "2024-03-01", "2024-02-02", "2024-03-03"]),
    ...     "returned": False})
    >>> result = cohort_retention(tx, "M")
    >>> print(result.counts.to_string(index_names=False))
             0    1    2
    2024-01  2  1.0  1.0
    2024-02  1  1.0  NaN
    >>> print(result.retention.to_string(index_names=False))
               0    1    2
    2024-01  1.0  0.5  0.5
    2024-02  1.0  1.0  NaN
    """
    if period not in _PERIODS:
        raise ValueError(f"period: expected one of {sorted(_PERIODS)}, got {period!r}")
    if not is_pandas(transactions):  # a DuckDB / Polars / Ibis / Spark table: count there
        got = cohort_counts(
            transactions,
            period,
            observation_end=observation_end,
            exclude_returns=exclude_returns,
        )
        return _cohort_tables(got.counts, got.first_dates, got.observation_end, period)
    days = purchase_days(transactions, exclude_returns=exclude_returns)
    require_nonempty(days, "transactions (returned lines left out)")
    end = analysis_window(transactions, observation_end).observation_end
    days = days.loc[(days["day"] <= end).to_numpy()]  # purchases after the end are not seen
    require_nonempty(days, f"transactions (purchases on or before {end.date()})")
    dates = days["day"]
    number = _period_number(dates, period)
    frame = pd.DataFrame({"customer": days[CUSTOMER].to_numpy(), "p": number})
    first = frame.groupby("customer")["p"].transform("min").to_numpy()
    frame["cohort_p"] = first
    frame["since"] = frame["p"] - first
    active = frame.drop_duplicates(["customer", "since"])
    counts = active.pivot_table(
        index="cohort_p", columns="since", values="customer", aggfunc="count", fill_value=0
    )
    first_dates = (
        pd.DataFrame({"cohort_p": number, "date": dates.to_numpy()})
        .groupby("cohort_p")["date"]
        .min()
    )
    return _cohort_tables(counts, first_dates, end, period)


def _cohort_tables(
    counts: pd.DataFrame, first_dates: pd.Series, end: pd.Timestamp, period: str
) -> CohortRetention:
    """Counts (cohort period × periods since) → the masked, labelled cohort tables."""
    last = int(_period_number(pd.Series([end]), period)[0])
    # every period up to the data end gets a column, even when nobody bought in it
    span = max(last - int(counts.index.min()), int(counts.columns.max()))
    counts = counts.reindex(columns=range(span + 1), fill_value=0)
    mask = (counts.index.to_numpy()[:, None] + counts.columns.to_numpy()[None, :]) > last
    counts = counts.astype(float).mask(mask)
    sizes = counts[0]
    retention = counts.div(sizes, axis=0)
    # readable cohort labels: the period of a representative first-purchase date
    labels = pd.Index(
        [str(pd.Timestamp(first_dates[p]).to_period(period)) for p in counts.index],
        name="cohort",
    )
    counts.index = labels
    retention.index = labels
    counts.columns = pd.Index(counts.columns.astype(int), name="periods_since")
    retention.columns = counts.columns
    counts[0] = counts[0].astype(int)
    sizes = counts[0].rename("cohort_size")
    return CohortRetention(counts=counts, retention=retention, cohort_sizes=sizes)


# --------------------------------------------------------------------------------------
# Survival (Kaplan–Meier through lifelines)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurvivalCurve:
    """A Kaplan–Meier survival curve.

    Attributes
    ----------
    table
        Columns ``time``, ``survival`` (share still a customer after ``time``),
        ``ci_lower``, ``ci_upper`` (pointwise confidence band), ``at_risk`` (still under
        observation just before ``time``), ``events`` (lapses at ``time``), ``censored``.
    median
        Time by which half have left; ``inf`` when survival never falls to 0.5.
    """

    table: pd.DataFrame
    median: float

    def survival(self, time: float) -> float:
        """Estimated share surviving past ``time`` (step function, right-continuous)."""
        times = self.table["time"].to_numpy()
        pos = int(np.searchsorted(times, time, side="right")) - 1
        return 1.0 if pos < 0 else float(self.table["survival"].to_numpy()[pos])


def survival_curve(
    durations: Sequence[float] | pd.Series,
    observed: Sequence[bool] | pd.Series,
    *,
    alpha: float = 0.05,
) -> SurvivalCurve:
    """Kaplan–Meier survival curve (生存曲线) with a confidence band, via lifelines.

    Parameters
    ----------
    durations
        Time each customer was observed (non-negative).
    observed
        True when the customer left at ``duration`` (an event), False when they were still
        a customer when observation stopped (right-censored).
    alpha
        1 − confidence level of the band (0.05 → 95 %).

    Examples
    --------
    >>> curve = survival_curve([1, 2, 2, 3, 4], [True, True, False, True, False])
    >>> curve.table["time"].tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> curve.table["survival"].round(3).tolist()
    [1.0, 0.8, 0.6, 0.3, 0.3]
    >>> curve.table["at_risk"].tolist(), curve.table["events"].tolist()
    ([5, 5, 4, 2, 1], [0, 1, 1, 1, 0])
    >>> curve.median
    3.0
    """
    from lifelines import KaplanMeierFitter

    t = as_float_array(durations, "durations")
    check_range(pd.Series(t), "durations", low=0)
    if isinstance(observed, pd.Series) and observed.isna().any():
        bad = observed.index[observed.isna().to_numpy()]
        raise ValueError(f"observed: {len(bad)} missing value(s) at {row_list(bad)}")
    e = np.asarray(observed)
    if e.shape != t.shape:
        raise ValueError(
            f"durations and observed: lengths differ ({t.size} vs {e.size}); pass one "
            "event flag per duration"
        )
    if t.size == 0:
        raise ValueError("durations: no rows; the survival curve needs at least one")
    if not set(np.unique(e).tolist()) <= {0, 1}:
        raise ValueError("observed: expected True/False (or 1/0) event flags")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha: expected a number between 0 and 1, got {alpha}")
    kmf = KaplanMeierFitter(alpha=alpha)
    kmf.fit(t, event_observed=(e == 1))
    sf = kmf.survival_function_.iloc[:, 0]
    ci = kmf.confidence_interval_survival_function_
    events = kmf.event_table
    table = pd.DataFrame(
        {
            "time": sf.index.to_numpy(dtype=float),
            "survival": np.round(sf.to_numpy(dtype=float), 12),
            "ci_lower": ci.iloc[:, 0].to_numpy(dtype=float),
            "ci_upper": ci.iloc[:, 1].to_numpy(dtype=float),
            "at_risk": events["at_risk"].to_numpy(dtype=int),
            "events": events["observed"].to_numpy(dtype=int),
            "censored": events["censored"].to_numpy(dtype=int),
        }
    )
    return SurvivalCurve(table=table, median=float(kmf.median_survival_time_))


def _completed_years(start: pd.Series, end: pd.Timestamp) -> np.ndarray:
    """Whole years from each ``start`` to ``end`` (anniversaries passed, on the day counts)."""
    return np.array(
        [(end.year - d.year) - ((end.month, end.day) < (d.month, d.day)) for d in start],
        dtype=int,
    )


def _membership_table(memberships: pd.DataFrame) -> pd.DataFrame:
    """``join_date``, ``years_paid`` (int) and ``lapsed`` (bool) per member, checked."""
    what = "memberships"
    if memberships is None:
        raise ValueError(
            "memberships: not given; membership_survival and active_counts_by_cohort need "
            "the memberships table "
            "(join_date, years_paid, lapsed per member). Data without paid memberships "
            "cannot show it: use cohort_retention on the transactions instead"
        )
    require_columns(memberships, ["join_date", "years_paid", "lapsed"], what)
    require_nonempty(memberships, what)
    years = as_float_array(memberships["years_paid"], "memberships['years_paid']")
    check_range(pd.Series(years, index=memberships.index), "memberships['years_paid']", low=1)
    return pd.DataFrame(
        {
            "join_date": date_column(memberships, "join_date", what),
            "years_paid": years.astype(int),
            "lapsed": bool_column(memberships, "lapsed", what),
        },
        index=memberships.index,
    )


def _membership_end(table: pd.DataFrame, observation_end: object) -> pd.Timestamp:
    """``observation_end`` parsed against the days the table records (joins, renewals, lapses).

    ``None`` is the last such day: a member's last renewal, or the renewal they let lapse.
    """
    years = table["years_paid"].to_numpy()
    offsets = np.where(table["lapsed"].to_numpy(), years, years - 1)
    last = [
        d + pd.DateOffset(years=int(k)) for d, k in zip(table["join_date"], offsets, strict=True)
    ]
    days = pd.concat([table["join_date"], pd.Series(last, dtype="datetime64[ns]")])
    return analysis_window(days, observation_end).observation_end


def _rolled_back(table: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The members who had joined by ``end``, as the table would have shown them then."""
    keep = (table["join_date"] <= end).to_numpy()
    years = table["years_paid"].to_numpy()
    lapsed = table["lapsed"].to_numpy()
    # anniversaries passed by the end: each one is a renewal that has fallen due
    elapsed = _completed_years(table["join_date"], end)
    unknown = keep & ~lapsed & (elapsed + 1 > years)
    if unknown.any():
        raise ValueError(
            f"observation_end: {end.date()} is after the end of the memberships data: "
            f"{int(unknown.sum())} current member(s) at {row_list(table.index[unknown])} had "
            "a renewal due by then that the table does not record; choose an earlier day"
        )
    state = table.assign(
        years_paid=np.minimum(years, elapsed + 1), lapsed=lapsed & (years <= elapsed)
    )
    return state.loc[keep]


def membership_survival(
    memberships: pd.DataFrame,
    *,
    observation_end: str | pd.Timestamp | None = None,
    alpha: float = 0.05,
) -> SurvivalCurve:
    """Kaplan–Meier curve of paid memberships (付费会员), time in membership years.

    A lapsed member who paid ``k`` years left at renewal ``k`` (event at time k). A
    current member who paid ``k`` years has survived ``k − 1`` renewals and the next has not
    fallen due, so they are censored at ``k − 1``. The survival at time t is thus the
    share still paying after t renewals — the same quantity that
    :func:`active_counts_by_cohort` counts for the shifted-beta-geometric model.

    With ``observation_end`` the table is rolled back to that day: later joiners are left
    out, renewals due after it are not counted and lapses after it are not yet lapses.
    ``None`` reads the table as it is (its last recorded renewal or lapse).

    Examples
    --------
    >>> members = pd.DataFrame({
    ...     "join_date": pd.to_datetime(["2021-03-01"] * 4),
    ...     "years_paid": [1, 2, 2, 3], "lapsed": [True, True, False, False]})
    >>> curve = membership_survival(members)
    >>> curve.table["survival"].round(3).tolist(), curve.table["at_risk"].tolist()
    ([1.0, 0.75, 0.375], [4, 4, 2])
    """
    state = _membership_table(memberships)
    if observation_end is not None:
        state = _rolled_back(state, _membership_end(state, observation_end))
    years = state["years_paid"].to_numpy()
    lapsed = state["lapsed"].to_numpy()
    durations = np.where(lapsed, years, years - 1)
    return survival_curve(durations, lapsed, alpha=alpha)


def membership_tenures(
    memberships: pd.DataFrame, *, observation_end: str | pd.Timestamp | None = None
) -> pd.DataFrame:
    """Each member's years paid and lapsed flag as the table stood on ``observation_end``.

    The members who had joined by that day, with renewals due after it not yet counted and
    lapses after it not yet lapses — the individual data ``models.fit_sbg(durations=…,
    churned=…)`` reads, so a model fitted on an earlier day can be judged on what followed.
    ``None`` reads the table as it is.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``memberships``: ``join_date``, ``years_paid`` (int, 1 or more),
        ``lapsed`` (bool).

    Examples
    --------
    >>> members = pd.DataFrame({
    ...     "join_date": pd.to_datetime(["2021-03-01", "2021-03-01", "2023-06-01"]),
    ...     "years_paid": [1, 3, 1], "lapsed": [True, True, False]})
    >>> print(membership_tenures(members, observation_end="2022-12-31").to_string())
       join_date  years_paid  lapsed
    0 2021-03-01           1    True
    1 2021-03-01           2   False
    """
    state = _membership_table(memberships)
    if observation_end is not None:
        state = _rolled_back(state, _membership_end(state, observation_end))
    return state


def active_counts_by_cohort(
    memberships: pd.DataFrame,
    cohort_year: int,
    *,
    observation_end: str | pd.Timestamp | None = None,
) -> np.ndarray:
    """Members of one joining year still active at periods 0..n, for ``models.fit_sbg``.

    Period 0 is joining (the cohort size); a member is active at period t if they paid at
    least t + 1 years. The vector stops at the last period whose renewal has fallen due for
    every member of the cohort by ``observation_end``, so no count is understated by members
    who simply have not reached it yet. ``None`` is the latest day the table must have seen
    (the last renewal or lapse it records); a day after the data's end is refused, because
    current members would then look as if they had skipped a renewal.

    Examples
    --------
    >>> members = pd.DataFrame({
    ...     "join_date": pd.to_datetime(["2021-02-01", "2021-06-01", "2021-09-01",
    ...                                  "2021-11-01", "2022-01-10"]),
    ...     "years_paid": [1, 3, 2, 4, 1], "lapsed": [True, True, True, False, False]})
    >>> active_counts_by_cohort(members, 2021, observation_end="2024-12-31")
    array([4, 3, 2, 1])
    """
    table = _membership_table(memberships)
    end = _membership_end(table, observation_end)
    in_cohort = table.loc[(table["join_date"].dt.year == int(cohort_year)).to_numpy()]
    if len(in_cohort) == 0:
        years_seen = sorted(set(table["join_date"].dt.year.astype(int).tolist()))
        raise ValueError(
            f"cohort_year: no member joined in {cohort_year}; joining years in the data: "
            f"{years_seen}"
        )
    state = _rolled_back(in_cohort, end)
    if len(state) < len(in_cohort):
        raise ValueError(
            f"observation_end: {end.date()} is before some members of the {cohort_year} "
            "cohort joined; choose a later day"
        )
    last_join = state["join_date"].max()
    n = (end.year - last_join.year) - ((end.month, end.day) < (last_join.month, last_join.day))
    years = state["years_paid"].to_numpy()
    return np.array([int((years >= t + 1).sum()) for t in range(max(n, 0) + 1)], dtype=int)


# --------------------------------------------------------------------------------------
# The leaky bucket
# --------------------------------------------------------------------------------------


def leaky_bucket(
    start_customers: float,
    new_per_period: float,
    churn_rate: float,
    periods: int,
    acquisition_cost: float = 0.0,
    margin: float = 0.0,
) -> pd.DataFrame:
    """The leaky bucket (漏斗原理): customers won and lost period by period.

    Each period a share ``churn_rate`` of the customers at its start leave and
    ``new_per_period`` new customers are won at ``acquisition_cost`` each; every customer at
    the end of the period earns ``margin``. Losing 100 a week while winning 100 keeps the
    customer count — and the sales — flat while acquisition spend piles up. Expected values
    (not rounded to whole customers).

    Returns
    -------
    pandas.DataFrame
        One row per period 1..``periods``: ``customers_start``, ``lost``, ``gained``,
        ``customers_end``, ``margin``, ``acquisition_spend``,
        ``cumulative_acquisition_spend``, ``profit`` (margin − acquisition spend),
        ``cumulative_profit``.

    Examples
    --------
    >>> bucket = leaky_bucket(1000, 100, 0.10, 3, acquisition_cost=50, margin=20)
    >>> columns = ["customers_start", "lost", "gained", "customers_end"]
    >>> print(bucket[columns].to_string(index_names=False))
       customers_start   lost  gained  customers_end
    1           1000.0  100.0   100.0         1000.0
    2           1000.0  100.0   100.0         1000.0
    3           1000.0  100.0   100.0         1000.0
    >>> bucket["cumulative_acquisition_spend"].tolist()
    [5000.0, 10000.0, 15000.0]
    """
    for name, value in (
        ("start_customers", start_customers),
        ("new_per_period", new_per_period),
        ("acquisition_cost", acquisition_cost),
    ):
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{name}: expected a non-negative number, got {value}")
    if not np.isfinite(margin):
        raise ValueError(f"margin: expected a number, got {margin}")
    if not 0 <= churn_rate <= 1:
        raise ValueError(f"churn_rate: expected a share between 0 and 1, got {churn_rate}")
    if int(periods) != periods or periods < 1:
        raise ValueError(f"periods: expected a whole number of periods >= 1, got {periods}")
    n = int(periods)
    start = np.empty(n)
    current = float(start_customers)
    for k in range(n):
        start[k] = current
        current = current * (1 - churn_rate) + new_per_period
    lost = start * churn_rate
    gained = np.full(n, float(new_per_period))
    end = start - lost + gained
    spend = gained * acquisition_cost
    earned = end * margin
    out = pd.DataFrame(
        {
            "customers_start": start,
            "lost": lost,
            "gained": gained,
            "customers_end": end,
            "margin": earned,
            "acquisition_spend": spend,
            "cumulative_acquisition_spend": np.cumsum(spend),
            "profit": earned - spend,
            "cumulative_profit": np.cumsum(earned - spend),
        },
        index=pd.RangeIndex(1, n + 1, name="period"),
    )
    return out


# --------------------------------------------------------------------------------------
# Why customers leave
# --------------------------------------------------------------------------------------

#: Why customers leave: a widely quoted survey (shares in %).
#: Columns ``reason``, ``reason_cn``, ``share_percent``. See :data:`CHURN_REASONS_SOURCE`.
CHURN_REASONS_SURVEY: pd.DataFrame = pd.DataFrame(
    [
        ("died", "客户去世", 1),
        ("moved away", "搬迁离开原来的区域", 3),
        ("natural drift", "自然流动(好奇而更换品牌)", 4),
        ("friend's advice", "购买了亲友推荐的产品", 5),
        ("found it cheaper", "选择了更便宜的产品", 9),
        ("long-standing complaints", "长期对产品有抱怨", 10),
        ("felt neglected", "需求得不到关注、抱怨得不到及时处理", 68),
    ],
    columns=["reason", "reason_cn", "share_percent"],
)

#: Where :data:`CHURN_REASONS_SURVEY` comes from.
CHURN_REASONS_SOURCE = (
    "Widely quoted survey of why customers leave; it is often attributed to an IBM study, "
    "other sources attribute it differently (e.g. to US Small Business Administration or "
    "Rockefeller Corporation studies). Treat it as an illustration."
)


def churn_reasons(
    reasons: Sequence[str] | pd.Series | None = None,
    *,
    counts: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Pareto table of churn reasons (客户流失原因), largest first.

    Pass either ``reasons`` (one reason per lost customer) or ``counts`` (reason → count
    or share). With neither, the table is built from :data:`CHURN_REASONS_SURVEY`.

    Returns
    -------
    pandas.DataFrame
        Columns ``reason``, ``reason_cn`` (for reasons of the survey, else empty),
        ``count``, ``share``, ``cumulative_share``; sorted by count, largest first.

    Examples
    --------
    >>> churn_reasons(["price", "service", "service", "moved", "service", "price"]).drop(
    ...     columns="reason_cn")
        reason  count  share  cumulative_share
    0  service    3.0  0.500             0.500
    1    price    2.0  0.333             0.833
    2    moved    1.0  0.167             1.000
    >>> churn_reasons()[["reason", "share", "cumulative_share"]].head(3)
                         reason  share  cumulative_share
    0            felt neglected   0.68              0.68
    1  long-standing complaints   0.10              0.78
    2          found it cheaper   0.09              0.87
    """
    if reasons is not None and counts is not None:
        raise ValueError("reasons and counts: pass one of them, not both")
    if reasons is None and counts is None:
        series = CHURN_REASONS_SURVEY.set_index("reason")["share_percent"].astype(float)
    elif reasons is not None:
        labels = pd.Series(reasons)
        if labels.isna().any():
            bad = labels.index[labels.isna().to_numpy()]
            raise ValueError(f"reasons: {len(bad)} missing reason(s) at {row_list(bad)}")
        series = labels.astype(str).value_counts(sort=False).astype(float)
    else:
        series = pd.Series(dict(counts)) if isinstance(counts, Mapping) else counts
        values = as_float_array(series.to_numpy(), "counts")
        check_range(pd.Series(values, index=series.index), "counts", low=0)
        series = pd.Series(values, index=series.index.astype(str))
    if len(series) == 0 or series.sum() <= 0:
        raise ValueError("reasons: nothing to count; pass at least one reason")
    cn = dict(zip(CHURN_REASONS_SURVEY["reason"], CHURN_REASONS_SURVEY["reason_cn"], strict=True))
    table = pd.DataFrame({"reason": series.index.astype(str), "count": series.to_numpy()})
    table = table.sort_values(["count", "reason"], ascending=[False, True], kind="stable")
    table = table.reset_index(drop=True)
    table.insert(1, "reason_cn", [cn.get(r, "") for r in table["reason"]])
    total = table["count"].sum()
    table["share"] = np.round(table["count"] / total, 3)
    table["cumulative_share"] = np.round(table["count"].cumsum() / total, 3)
    return table


# --------------------------------------------------------------------------------------
# Retention economics and win-back
# --------------------------------------------------------------------------------------


def retention_economics(
    customers: float,
    retention: float,
    margin: float,
    discount: float,
    *,
    uplift_points: Sequence[float] = (1, 2, 5),
) -> pd.DataFrame:
    """Value of a few points more retention (客户保持的经济效益).

    Each customer is worth the simple CLV ``margin · r / (1 + i − r)`` (margin at the end of
    each period, retention r, discount rate i; Gupta & Lehmann 2003). The table compares
    the customer base's value at the current retention with ``+k`` percentage points.
    Reichheld & Sasser's classic claim — 5 points fewer defections, 25-85 % more profit —
    comes from this kind of cost modelling.

    Returns
    -------
    pandas.DataFrame
        Rows for ``uplift_points`` 0 (today) and each ``k``: ``retention``,
        ``margin_multiple``, ``clv_per_customer``, ``customer_base_value``,
        ``value_gain``, ``value_gain_percent``.

    Examples
    --------
    >>> economics = retention_economics(1000, 0.8, 100, 0.1, uplift_points=[5, 10])
    >>> columns = ["retention", "margin_multiple", "clv_per_customer", "value_gain_percent"]
    >>> print(economics[columns].to_string(index_names=False))
        retention  margin_multiple  clv_per_customer  value_gain_percent
    0        0.80            2.667           266.667                0.00
    5        0.85            3.400           340.000               27.50
    10       0.90            4.500           450.000               68.75
    """
    if not np.isfinite(customers) or customers < 0:
        raise ValueError(f"customers: expected a non-negative number, got {customers}")
    if not 0 <= retention <= 1:
        raise ValueError(f"retention: expected a rate between 0 and 1, got {retention}")
    if not np.isfinite(discount) or discount <= 0:
        raise ValueError(f"discount: expected a positive rate such as 0.1, got {discount}")
    if not np.isfinite(margin):
        raise ValueError(f"margin: expected a number, got {margin}")
    points = as_float_array(list(uplift_points), "uplift_points")
    rates = retention + np.concatenate([[0.0], points]) / 100
    bad = np.flatnonzero((rates < 0) | (rates > 1))
    if bad.size:
        raise ValueError(
            f"uplift_points: retention {retention} + {points[bad[0] - 1]} points leaves 0..1; "
            "use smaller uplifts"
        )
    multiple = np.asarray(margin_multiple(rates, discount), dtype=float)
    clv = margin * multiple
    value = customers * clv
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gain_percent = np.where(multiple[0] > 0, (multiple / multiple[0] - 1) * 100, np.nan)
    out = pd.DataFrame(
        {
            "retention": np.round(rates, 10),
            "margin_multiple": np.round(multiple, 3),
            "clv_per_customer": np.round(clv, 3),
            "customer_base_value": np.round(value, 3),
            "value_gain": np.round(value - value[0], 3),
            "value_gain_percent": _round_or_inf(gain_percent),
        },
        index=pd.Index(np.concatenate([[0.0], points]), name="uplift_points"),
    )
    if all(float(p).is_integer() for p in out.index):
        out.index = out.index.astype(int)
    return out


def _round_or_inf(values: np.ndarray) -> np.ndarray:
    """Round to 3 decimals; values too large to round (near-zero base) stay as they are."""
    finite = np.isfinite(values) & (np.abs(values) < 1e15)
    return np.where(finite, np.round(np.where(finite, values, 0.0), 3), values)


#: Win-back quadrants (value × risk): English → Chinese.
WINBACK_QUADRANTS: dict[str, str] = {
    "win back first": "重点挽回",
    "keep close": "保持关系",
    "low-cost reach": "低成本挽回",
    "let go": "顺其自然",
}


def winback_priority(
    value: Sequence[float] | pd.Series,
    risk: Sequence[float] | pd.Series,
    *,
    value_cut: float | None = None,
    risk_cut: float | None = None,
) -> pd.DataFrame:
    """Who to win back (客户挽回): customer value × churn risk.

    High value & high risk → *win back first* (重点挽回); high value & low risk → *keep
    close* (保持关系); low value & high risk → *low-cost reach* (低成本挽回); low & low →
    *let go* (顺其自然). ``value_at_risk`` = value × risk ranks the list. Cuts default
    to the medians; a value equal to its cut counts as high.

    Examples
    --------
    >>> table = winback_priority(pd.Series([900, 800, 100, 50], index=["a", "b", "c", "d"]),
    ...                          [0.8, 0.1, 0.9, 0.2])
    >>> table.drop(columns="quadrant_cn")
       value  risk  value_at_risk        quadrant  priority
    a  900.0   0.8          720.0  win back first         1
    b  800.0   0.1           80.0      keep close         2
    c  100.0   0.9           90.0  low-cost reach         3
    d   50.0   0.2           10.0          let go         4
    >>> table["quadrant_cn"].tolist()
    ['重点挽回', '保持关系', '低成本挽回', '顺其自然']
    """
    index, v, r = aligned_pair(value, risk, ("value", "risk"))
    check_range(pd.Series(r, index=index), "risk", low=0, high=1)
    vc = float(np.median(v)) if value_cut is None else float(value_cut)
    rc = float(np.median(r)) if risk_cut is None else float(risk_cut)
    high_v, high_r = v >= vc, r >= rc
    quadrant = np.select(
        [high_v & high_r, high_v & ~high_r, ~high_v & high_r],
        ["win back first", "keep close", "low-cost reach"],
        default="let go",
    )
    order = {"win back first": 0, "keep close": 1, "low-cost reach": 2, "let go": 3}
    out = pd.DataFrame(
        {
            "value": v,
            "risk": r,
            "value_at_risk": v * r,
            "quadrant": quadrant,
            "quadrant_cn": [WINBACK_QUADRANTS[q] for q in quadrant],
        },
        index=index,
    )
    key = pd.DataFrame({"q": [order[q] for q in quadrant], "var": -v * r})
    ranked = np.lexsort((key["var"].to_numpy(), key["q"].to_numpy()))
    priority = np.empty(len(out), dtype=int)
    priority[ranked] = np.arange(1, len(out) + 1)
    out["priority"] = priority
    return out
