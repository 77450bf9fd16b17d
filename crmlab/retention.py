"""Retention, churn and win-back (客户保持、流失与挽回).

Chapter 07 of the course: cohort retention tables, Kaplan–Meier survival of memberships,
the leaky bucket (漏斗原理), why customers leave, a churn-risk model judged by lift, the
profit effect of a few points more retention, and who to win back.

Data requirements: ``transactions`` (``customer_id``, ``order_id``, ``order_date``,
``amount``, ``returned``), ``memberships`` (``customer_id``, ``join_date``, ``years_paid``,
``lapsed``), and for the churn features also ``customers``, ``survey``
and ``service_contacts``. Column names are keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab._validate import (
    aligned_pair,
    as_float_array,
    check_range,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.clv import margin_multiple

__all__ = [
    "CHURN_REASONS_SOURCE",
    "CHURN_REASONS_SURVEY",
    "WINBACK_QUADRANTS",
    "ChurnRiskModel",
    "CohortRetention",
    "SurvivalCurve",
    "active_counts_by_cohort",
    "churn_features",
    "churn_reasons",
    "churn_risk_model",
    "cohort_retention",
    "leaky_bucket",
    "membership_survival",
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
    transactions: pd.DataFrame,
    period: str = "M",
    *,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    returned_col: str = "returned",
) -> CohortRetention:
    """Cohort retention table (客户保持率): share of each acquisition cohort still buying.

    A customer's cohort is the period (``"W"`` week, ``"M"`` month, ``"Q"`` quarter, ``"Y"``
    year) of their first purchase; they are *active* in a later period if they bought in
    it. Periods after ``observation_end`` (default: the last order date) are NaN.

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
    cols = [customer_col, date_col] + ([returned_col] if exclude_returns else [])
    require_columns(transactions, cols, "transactions")
    tx = transactions
    if exclude_returns:
        tx = tx.loc[~tx[returned_col].astype(bool)]
    require_nonempty(tx, "transactions")
    dates = pd.to_datetime(tx[date_col])
    end = dates.max() if observation_end is None else pd.Timestamp(observation_end)
    number = _period_number(dates, period)
    frame = pd.DataFrame({"customer": tx[customer_col].to_numpy(), "p": number})
    first = frame.groupby("customer")["p"].transform("min").to_numpy()
    frame["cohort_p"] = first
    frame["since"] = frame["p"] - first
    active = frame.drop_duplicates(["customer", "since"])
    counts = active.pivot_table(
        index="cohort_p", columns="since", values="customer", aggfunc="count", fill_value=0
    )
    last = int(_period_number(pd.Series([end]), period)[0])
    # every period up to the data end gets a column, even when nobody bought in it
    span = max(last - int(counts.index.min()), int(counts.columns.max()))
    counts = counts.reindex(columns=range(span + 1), fill_value=0)
    mask = (counts.index.to_numpy()[:, None] + counts.columns.to_numpy()[None, :]) > last
    counts = counts.astype(float).mask(mask)
    sizes = counts[0]
    retention = counts.div(sizes, axis=0)
    # readable cohort labels: the period of a representative first-purchase date
    first_dates = (
        pd.DataFrame({"cohort_p": number, "date": dates.to_numpy()})
        .groupby("cohort_p")["date"]
        .min()
    )
    freq = {"W": "W", "M": "M", "Q": "Q", "Y": "Y"}[period]
    labels = pd.Index(
        [str(pd.Timestamp(first_dates[p]).to_period(freq)) for p in counts.index], name="cohort"
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
    kmf.fit(t, event_observed=e.astype(bool))
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


def _membership_state(
    memberships: pd.DataFrame,
    as_of: str | pd.Timestamp | None,
    join_col: str,
    years_col: str,
    lapsed_col: str,
) -> pd.DataFrame:
    """join_date, years_paid, lapsed per member, rolled back to ``as_of`` when given."""
    require_columns(memberships, [join_col, years_col, lapsed_col], "memberships")
    require_nonempty(memberships, "memberships")
    years = as_float_array(memberships[years_col], f"memberships['{years_col}']")
    check_range(pd.Series(years, index=memberships.index), f"memberships['{years_col}']", low=1)
    join = pd.to_datetime(memberships[join_col])
    lapsed = memberships[lapsed_col].astype(bool).to_numpy()
    years = years.astype(int)
    if as_of is not None:
        as_of = pd.Timestamp(as_of)
        keep = (join <= as_of).to_numpy()
        # anniversaries passed by as_of: each one is a renewal that has fallen due
        elapsed = _completed_years(join, as_of)
        unknown = keep & ~lapsed & (elapsed + 1 > years)
        if unknown.any():
            raise ValueError(
                f"as_of: {as_of.date()} is after the end of the memberships data: "
                f"{int(unknown.sum())} current member(s) at "
                f"{row_list(memberships.index[unknown])} had a renewal due by then that the "
                "table does not record; choose an earlier as_of"
            )
        lapsed = lapsed & (years <= elapsed)
        years = np.minimum(years, elapsed + 1)
        state = pd.DataFrame(
            {"join_date": join, "years_paid": years, "lapsed": lapsed}, index=memberships.index
        )
        return state.loc[keep]
    return pd.DataFrame(
        {"join_date": join, "years_paid": years, "lapsed": lapsed}, index=memberships.index
    )


def _implied_data_end(state: pd.DataFrame) -> pd.Timestamp:
    """The latest day the memberships table must have seen: last join, lapse or renewal."""
    offsets = np.where(state["lapsed"], state["years_paid"], state["years_paid"] - 1)
    days = [
        d + pd.DateOffset(years=int(k)) for d, k in zip(state["join_date"], offsets, strict=True)
    ]
    return max(days)


def membership_survival(
    memberships: pd.DataFrame,
    as_of: str | pd.Timestamp | None = None,
    *,
    alpha: float = 0.05,
    join_col: str = "join_date",
    years_col: str = "years_paid",
    lapsed_col: str = "lapsed",
) -> SurvivalCurve:
    """Kaplan–Meier curve of paid memberships (付费会员), time in membership years.

    A lapsed member who paid ``k`` years left at renewal ``k`` (event at time k). A
    current member who paid ``k`` years has survived ``k − 1`` renewals and the next has not
    fallen due, so they are censored at ``k − 1``. The survival at time t is thus the
    share still paying after t renewals — the same quantity that
    :func:`active_counts_by_cohort` counts for the shifted-beta-geometric model.

    With ``as_of`` the table is rolled back to that day: later joiners are left out,
    renewals due after ``as_of`` are not counted and lapses after it are not yet lapses.

    Examples
    --------
    >>> members = pd.DataFrame({
    ...     "join_date": pd.to_datetime(["2021-03-01"] * 4),
    ...     "years_paid": [1, 2, 2, 3], "lapsed": [True, True, False, False]})
    >>> curve = membership_survival(members)
    >>> curve.table["survival"].round(3).tolist(), curve.table["at_risk"].tolist()
    ([1.0, 0.75, 0.375], [4, 4, 2])
    """
    state = _membership_state(memberships, as_of, join_col, years_col, lapsed_col)
    require_nonempty(state, "memberships joined by as_of")
    years = state["years_paid"].to_numpy()
    lapsed = state["lapsed"].to_numpy()
    durations = np.where(lapsed, years, years - 1)
    return survival_curve(durations, lapsed, alpha=alpha)


def active_counts_by_cohort(
    memberships: pd.DataFrame,
    cohort_year: int,
    *,
    as_of: str | pd.Timestamp | None = None,
    join_col: str = "join_date",
    years_col: str = "years_paid",
    lapsed_col: str = "lapsed",
) -> np.ndarray:
    """Members of one joining year still active at periods 0..n, for ``models.fit_sbg``.

    Period 0 is joining (the cohort size); a member is active at period t if they paid at
    least t + 1 years. The vector stops at the last period whose renewal has fallen due for
    every member of the cohort by ``as_of``, so no count is understated by members who
    simply have not reached it yet. The default ``as_of`` is the latest day the table must
    have seen (the last join, lapse or renewal it records); an ``as_of`` after the data's end
    is refused, because current members would then look as if they had skipped a renewal.

    Examples
    --------
    >>> members = pd.DataFrame({
    ...     "join_date": pd.to_datetime(["2021-02-01", "2021-06-01", "2021-09-01",
    ...                                  "2021-11-01", "2022-01-10"]),
    ...     "years_paid": [1, 3, 2, 4, 1], "lapsed": [True, True, True, False, False]})
    >>> active_counts_by_cohort(members, 2021, as_of="2024-12-31")
    array([4, 3, 2, 1])
    """
    join_all = pd.to_datetime(
        _membership_state(memberships, None, join_col, years_col, lapsed_col)["join_date"]
    )
    if as_of is None:
        as_of = _implied_data_end(
            _membership_state(memberships, None, join_col, years_col, lapsed_col)
        )
    as_of = pd.Timestamp(as_of)
    in_cohort = memberships.loc[(join_all.dt.year == int(cohort_year)).to_numpy()]
    if len(in_cohort) == 0:
        years_seen = sorted(set(join_all.dt.year.dropna().astype(int).tolist()))
        raise ValueError(
            f"cohort_year: no member joined in {cohort_year}; joining years in the data: "
            f"{years_seen}"
        )
    state = _membership_state(in_cohort, as_of, join_col, years_col, lapsed_col)
    if len(state) < len(in_cohort):
        raise ValueError(
            f"as_of: {as_of.date()} is before some members of the {cohort_year} cohort joined; "
            "choose a later as_of"
        )
    last_join = state["join_date"].max()
    n = (as_of.year - last_join.year) - (
        (as_of.month, as_of.day) < (last_join.month, last_join.day)
    )
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

#: Why customers leave: the widely quoted survey of the course's seed text (shares in %).
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
    "Widely quoted survey of why customers leave; the course's seed text attributes it to an "
    "IBM study, other sources attribute it differently (e.g. to US Small Business "
    "Administration or Rockefeller Corporation studies). Treat it as an illustration."
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
# Churn-risk model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChurnRiskModel:
    """A fitted churn-risk model (standardised logistic regression).

    Attributes
    ----------
    auc
        Area under the ROC curve on the held-out customers (0.5 = no better than chance).
    lift_table
        Held-out customers in risk deciles (1 = highest predicted risk): ``decile``,
        ``customers``, ``churners``, ``churn_rate``, ``lift`` (churn rate ÷ overall rate),
        ``cumulative_capture`` (share of all held-out churners found in deciles 1..d).
    coefficients
        Log-odds change per standard deviation of each feature, largest effect first.
    n_train, n_test
        Customers used to fit and to judge the model.
    """

    auc: float
    lift_table: pd.DataFrame
    coefficients: pd.Series
    n_train: int
    n_test: int
    feature_names: tuple[str, ...]
    pipeline: object = field(repr=False)

    def predict_risk(self, features: pd.DataFrame) -> pd.Series:
        """Predicted probability of churning for each row of ``features``."""
        x = _feature_matrix(features, "features", self.feature_names)
        proba = self.pipeline.predict_proba(x)[:, 1]  # type: ignore[attr-defined]
        return pd.Series(proba, index=features.index, name="churn_risk")


def _feature_matrix(
    features: pd.DataFrame, what: str, names: Sequence[str] | None = None
) -> np.ndarray:
    if not isinstance(features, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame of numeric features")
    names = list(features.columns) if names is None else list(names)
    require_columns(features, names, what)
    columns = []
    for col in names:
        series = features[col]
        if series.dtype == bool:
            series = series.astype(float)
        if not pd.api.types.is_numeric_dtype(series):
            raise ValueError(
                f"{what}: column {col!r} is not numeric ({series.dtype}); encode it as "
                "numbers (e.g. 0/1 dummies) first"
            )
        arr = series.to_numpy(dtype=float)
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(
                f"{what}: column {col!r} has {int(bad.sum())} missing value(s) at "
                f"{row_list(features.index[bad])}; fill or drop them first"
            )
        columns.append(arr)
    return np.column_stack(columns)


def _lift_table(risk: np.ndarray, churned: np.ndarray, deciles: int = 10) -> pd.DataFrame:
    order = np.argsort(-risk, kind="stable")
    groups = min(deciles, len(risk))
    decile = np.empty(len(risk), dtype=int)
    decile[order] = np.arange(len(risk)) * groups // len(risk) + 1
    frame = pd.DataFrame({"decile": decile, "churned": churned.astype(int)})
    table = frame.groupby("decile").agg(customers=("churned", "size"), churners=("churned", "sum"))
    table["churn_rate"] = table["churners"] / table["customers"]
    overall = churned.mean()
    table["lift"] = table["churn_rate"] / overall
    table["cumulative_capture"] = table["churners"].cumsum() / churned.sum()
    return table.reset_index()


def churn_risk_model(
    features: pd.DataFrame,
    churned: Sequence[bool] | pd.Series,
    test_size: float = 0.3,
    seed: int = 0,
) -> ChurnRiskModel:
    """Churn-risk model (客户流失预警): logistic regression judged on held-out customers.

    The features are standardised and a scikit-learn ``LogisticRegression`` (its default,
    mild L2 penalty) is fitted on a stratified ``1 − test_size`` share of the customers; the
    rest judge it: AUC and a decile lift table (do the 10 % riskiest hold far more than
    10 % of the churners?).

    Parameters
    ----------
    features
        One row per customer, numeric (or bool) columns only, no missing values.
    churned
        True for customers who left, aligned with ``features``.
    test_size
        Share held out for judging (between 0 and 1).
    seed
        Random seed of the split, for reproducible results.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame({"days_since_last": rng.uniform(0, 365, 400),
    ...                   "complaints": rng.poisson(0.5, 400)})
    >>> logit = -4 + 0.012 * x["days_since_last"] + 0.8 * x["complaints"]
    >>> y = rng.uniform(size=400) < 1 / (1 + np.exp(-logit))
    >>> model = churn_risk_model(x, y)
    >>> model.auc > 0.7, model.n_test
    (True, 120)
    >>> model.lift_table.columns.tolist()
    ['decile', 'customers', 'churners', 'churn_rate', 'lift', 'cumulative_capture']
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = _feature_matrix(features, "features")
    if x.shape[1] == 0:
        raise ValueError("features: no columns; pass at least one numeric feature")
    y_series = pd.Series(churned)
    if y_series.isna().any():
        bad = y_series.index[y_series.isna().to_numpy()]
        raise ValueError(f"churned: {len(bad)} missing label(s) at {row_list(bad)}")
    y = y_series.to_numpy().astype(bool)
    if len(y) != len(x):
        raise ValueError(
            f"features and churned: lengths differ ({len(x)} vs {len(y)}); one label per row"
        )
    if not 0 < test_size < 1:
        raise ValueError(f"test_size: expected a share between 0 and 1, got {test_size}")
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    n_test = int(np.ceil(test_size * len(y)))
    if min(n_pos, n_neg) < 2 or n_test < 2 or len(y) - n_test < 2:
        raise ValueError(
            f"churned: {n_pos} churners and {n_neg} stayers are too few for a stratified "
            "split; each group needs at least 2 customers and each part at least 2 rows"
        )
    idx = np.arange(len(y))
    train, test = train_test_split(idx, test_size=test_size, random_state=seed, stratify=y)
    if y[test].all() or not y[test].any():
        raise ValueError(
            "churned: the held-out part has only one class; use more data or a larger test_size"
        )
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    pipeline.fit(x[train], y[train])
    risk = pipeline.predict_proba(x[test])[:, 1]
    names = tuple(str(c) for c in features.columns)
    coef = pd.Series(pipeline[-1].coef_[0], index=list(names), name="coefficient")
    coef = coef.iloc[np.argsort(-np.abs(coef.to_numpy()), kind="stable")]
    return ChurnRiskModel(
        auc=float(roc_auc_score(y[test], risk)),
        lift_table=_lift_table(risk, y[test]),
        coefficients=coef,
        n_train=len(train),
        n_test=len(test),
        feature_names=names,
        pipeline=pipeline,
    )


def churn_features(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    as_of: str | pd.Timestamp | None = None,
    churn_window_days: int = 180,
    *,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
    customer_col: str = "customer_id",
    order_col: str = "order_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    returned_col: str = "returned",
    competition_col: str = "competition",
    customer_type_col: str = "customer_type",
    survey_date_col: str = "survey_date",
    satisfaction_col: str = "overall_satisfaction",
    contact_date_col: str = "contact_date",
    contact_type_col: str = "contact_type",
    resolved_col: str = "resolved",
) -> pd.DataFrame:
    """Churn features at ``as_of`` and the churn label of the following window.

    Features use only data on or before ``as_of`` (required; no leakage). The base is every
    customer with a purchase on or before ``as_of``; ``churned`` is True when they do not buy in
    ``(as_of, as_of + churn_window_days]``, which must lie inside the data (default end:
    the last order date).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``recency_days``, ``orders``, ``spend``, ``tenure_days``,
        ``orders_last_90d``; with ``customers``: ``high_competition``, ``enterprise`` (0/1,
        where the columns exist); with ``service_contacts``: ``complaints``,
        ``unresolved_complaints``; with ``survey``: ``satisfaction`` (latest answer, the mean
        of those who answered when missing) and ``surveyed`` (0/1); and ``churned``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...                    "order_id": ["1", "2", "3", "4", "5"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-05-01",
    ...                        "2024-03-01", "2024-08-01", "2024-09-01"]),
    ...                    "amount": [10.0, 20.0, 5.0, 5.0, 8.0], "returned": False})
    >>> features = churn_features(tx, as_of="2024-06-01", churn_window_days=90)
    >>> print(features.to_string(index_names=False))
       recency_days  orders  spend  tenure_days  orders_last_90d  churned
    a            31       2   30.0          152                1     True
    b            92       1    5.0           92                0    False
    """
    cols = [customer_col, order_col, date_col, amount_col]
    cols += [returned_col] if exclude_returns else []
    require_columns(transactions, cols, "transactions")
    if as_of is None:
        raise ValueError(
            "as_of: required; pass the day the features are measured, e.g. '2024-06-30'"
        )
    if int(churn_window_days) != churn_window_days or churn_window_days < 1:
        raise ValueError(f"churn_window_days: expected whole days >= 1, got {churn_window_days}")
    tx = transactions
    if exclude_returns:
        tx = tx.loc[~tx[returned_col].astype(bool)]
    dates = pd.to_datetime(tx[date_col])
    as_of = pd.Timestamp(as_of)
    end = dates.max() if observation_end is None else pd.Timestamp(observation_end)
    window_end = as_of + pd.Timedelta(days=int(churn_window_days))
    if window_end > end:
        raise ValueError(
            f"as_of: the churn window ends {window_end.date()}, after the data end "
            f"{pd.Timestamp(end).date()}; choose an as_of at least {churn_window_days} days "
            "before the end (or a shorter churn_window_days)"
        )
    past = tx.loc[(dates <= as_of).to_numpy()]
    if len(past) == 0:
        raise ValueError(f"as_of: no purchases on or before {as_of.date()}; choose a later day")
    past_dates = pd.to_datetime(past[date_col])
    grouped = past.assign(_d=past_dates).groupby(customer_col)
    feats = pd.DataFrame(
        {
            "recency_days": (as_of - grouped["_d"].max()).dt.days,
            "orders": grouped[order_col].nunique(),
            "spend": grouped[amount_col].sum().astype(float),
            "tenure_days": (as_of - grouped["_d"].min()).dt.days,
        }
    )
    recent = past.loc[(past_dates > as_of - pd.Timedelta(days=90)).to_numpy()]
    feats["orders_last_90d"] = (
        recent.groupby(customer_col)[order_col].nunique().reindex(feats.index, fill_value=0)
    ).astype(int)
    if customers is not None:
        require_columns(customers, [customer_col], "customers")
        info = customers.set_index(customer_col)
        missing = feats.index.difference(info.index)
        if len(missing):
            raise ValueError(
                f"customers: {len(missing)} buying customer(s) not in the table "
                f"({row_list(missing)}); pass the full customers table"
            )
        if competition_col in info.columns:
            feats["high_competition"] = (
                info.loc[feats.index, competition_col].to_numpy() == "high"
            ).astype(int)
        if customer_type_col in info.columns:
            feats["enterprise"] = (
                info.loc[feats.index, customer_type_col].to_numpy() == "enterprise"
            ).astype(int)
    if service_contacts is not None:
        require_columns(
            service_contacts,
            [customer_col, contact_date_col, contact_type_col, resolved_col],
            "service_contacts",
        )
        sc = service_contacts.loc[
            (pd.to_datetime(service_contacts[contact_date_col]) <= as_of).to_numpy()
            & (service_contacts[contact_type_col] == "complaint").to_numpy()
        ]
        feats["complaints"] = (
            sc.groupby(customer_col).size().reindex(feats.index, fill_value=0).astype(int)
        )
        open_ = sc.loc[~sc[resolved_col].astype(bool)]
        feats["unresolved_complaints"] = (
            open_.groupby(customer_col).size().reindex(feats.index, fill_value=0).astype(int)
        )
    if survey is not None:
        require_columns(survey, [customer_col, survey_date_col, satisfaction_col], "survey")
        sv = survey.loc[(pd.to_datetime(survey[survey_date_col]) <= as_of).to_numpy()]
        sv = sv.assign(_d=pd.to_datetime(sv[survey_date_col])).sort_values("_d", kind="stable")
        latest = sv.groupby(customer_col)[satisfaction_col].last().reindex(feats.index)
        answered = latest.notna()
        fill = float(latest.mean()) if answered.any() else 0.0
        feats["satisfaction"] = latest.fillna(fill).astype(float)
        feats["surveyed"] = answered.astype(int)
    future = tx.loc[((dates > as_of) & (dates <= window_end)).to_numpy()]
    feats["churned"] = ~feats.index.isin(future[customer_col].unique())
    feats.index.name = customer_col
    return feats


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
    "win back first": "重点挽留",
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

    High value & high risk → *win back first* (重点挽留); high value & low risk → *keep
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
    ['重点挽留', '保持关系', '低成本挽回', '顺其自然']
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
