"""CRM strategy, evaluation and implementation (客户关系管理战略与实施, chapter 09).

- :func:`kpi_table` — the evaluation indicators (战略评价指标) per period: new, lost and
  upgraded customers and their rates, average value per customer;
- :func:`tier_transitions` — movements between value tiers from one period to the next (the
  customer ladder, 客户阶梯), with an "inactive" state;
- :func:`growth_matrix` — revenue in the customer growth matrix (客户增长矩阵): existing/new
  customers × existing/new products → loyalty, expansion, acquisition, diversification;
- :func:`customer_tiers` — each customer's value tier in each period (the rungs of the ladder);
- :func:`ladder_profitability` — average customer profitability tier by tier (客户平均赢利能力
  is "级次的": it has rungs);
- :func:`latest_launch` — the product category launched part-way through the data (the one
  whose first sale is latest), the "new product" of the growth matrix.

The readiness self-assessment (:func:`readiness_score` and its questions) lives in
:mod:`crmlab.readiness` and is re-exported here.

Revenue and gross margin count the lines that were not returned; gross margin is
``amount − cost``, or ``amount × margin`` for data without ``cost`` (the results say which in
``margin_note``). ``observation_end`` is the last day the analysis sees (``None`` = the last
day in the data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER, DATE, active_at, analysis_window, period_alias
from crmlab._sales import MARGIN_NOTE, MarginBasis, margin_basis, sales_lines
from crmlab._tiers import check_shares, pyramid_codes
from crmlab._validate import as_timestamp, date_column, require_columns
from crmlab.lifecycle import DEFAULT_INACTIVITY_DAYS
from crmlab.readiness import (
    READINESS_QUESTIONS,
    ReadinessQuestion,
    ReadinessResult,
    readiness_score,
)
from crmlab.value import PYRAMID_LABELS, PYRAMID_SHARES

__all__ = [
    "GROWTH_STRATEGIES",
    "INACTIVE",
    "READINESS_QUESTIONS",
    "ProductLaunch",
    "ReadinessQuestion",
    "ReadinessResult",
    "TierTransitions",
    "customer_tiers",
    "growth_matrix",
    "kpi_table",
    "ladder_profitability",
    "latest_launch",
    "readiness_score",
    "tier_transitions",
]

#: The state of a customer who bought nothing in a period (after her first purchase).
INACTIVE = "inactive"


# ----------------------------------------------------------------------------- period tiers
def _check_value(value: str) -> str:
    if value not in ("revenue", "gross_margin"):
        raise ValueError(f"value: expected 'revenue' or 'gross_margin', got {value!r}")
    return value


def _period_lines(
    transactions: pd.DataFrame, period: str, observation_end: object, basis: MarginBasis
) -> tuple[pd.DataFrame, pd.PeriodIndex, pd.Timestamp]:
    """Kept lines up to observation_end with revenue, gross margin, day and period (private).

    Returns the lines, every period from the first kept line's to observation_end's, and
    observation_end.
    """
    period = period_alias(period)
    lines = sales_lines(transactions, basis, day=True)
    end = analysis_window(transactions, observation_end).observation_end
    lines = lines.loc[lines["day"] <= end]
    if lines.empty:
        raise ValueError(
            f"transactions: no non-returned lines on or before observation_end={end.date()}; "
            "nothing to analyse"
        )
    lines = lines.assign(period=lines["day"].dt.to_period(period))
    periods = pd.period_range(lines["period"].min(), end.to_period(period), name="period")
    return lines, periods, end


def _tier_levels(
    per_period: pd.DataFrame,
    value: str,
    shares: Sequence[float],
    labels: Sequence[str],
    thresholds: Mapping[str, float] | None,
) -> tuple[pd.Series, list[str]]:
    """Tier level per (customer, period) row (0 = lowest tier) and labels lowest first."""
    if thresholds is not None:
        if not thresholds:
            raise ValueError("thresholds: give at least one tier, e.g. {'small': 0, 'VIP': 5000}")
        ordered = sorted(thresholds.items(), key=lambda kv: kv[1])
        mins = np.array([float(v) for _, v in ordered])
        if not np.all(np.isfinite(mins)) or len(set(mins)) != len(mins):
            raise ValueError(f"thresholds: need distinct finite minimum values, got {thresholds!r}")
        level = np.searchsorted(mins, per_period[value].to_numpy(), side="right") - 1
        return pd.Series(np.maximum(level, 0), index=per_period.index), [k for k, _ in ordered]
    share_arr = check_shares(shares, labels)
    n_tiers = share_arr.size
    level = pd.Series(0, index=per_period.index)
    for _, idx in per_period.groupby("period", observed=True).groups.items():
        codes = pyramid_codes(per_period.loc[idx, value].to_numpy(), share_arr)
        level.loc[idx] = n_tiers - 1 - codes
    return level, list(labels)[::-1]


def _level_matrix(
    lines: pd.DataFrame,
    periods: pd.PeriodIndex,
    value: str,
    shares: Sequence[float],
    labels: Sequence[str],
    thresholds: Mapping[str, float] | None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """(per-period values, customer × period level matrix with −1 inactive, NaN before first)."""
    per_period = (
        lines.groupby([CUSTOMER, "period"], observed=True)[["revenue", "gross_margin"]]
        .sum()
        .reset_index()
    )
    level, lowest_first = _tier_levels(per_period, value, shares, labels, thresholds)
    per_period["level"] = level.to_numpy()
    matrix = per_period.pivot(index=CUSTOMER, columns="period", values="level").reindex(
        columns=periods
    )
    started = matrix.notna().cumsum(axis=1) > 0
    matrix = matrix.fillna(-1).where(started)
    return per_period, matrix, lowest_first


@dataclass(frozen=True)
class TierTransitions:
    """Result of :func:`tier_transitions`.

    Attributes
    ----------
    counts : DataFrame
        Rows: tier in a period (``from``), columns: tier in the next period (``to``); top tier
        first, ``"inactive"`` last. Counted over every pair of consecutive periods, for
        customers who had bought by the first period of the pair.
    shares : DataFrame
        ``counts`` divided by row totals (NaN for an empty row).
    margin_note : str
        How gross margin was computed (from ``cost``, at an assumed rate, or not at all).
    """

    counts: pd.DataFrame
    shares: pd.DataFrame
    margin_note: str = ""


def tier_transitions(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    observation_end: object = None,
    value: str = "gross_margin",
    shares: Sequence[float] = PYRAMID_SHARES,
    labels: Sequence[str] = PYRAMID_LABELS,
    thresholds: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> TierTransitions:
    """Transition matrix between value tiers of consecutive periods (the customer ladder, 客户阶梯).

    In each period, the customers who bought are placed in tiers by ``value`` (revenue or
    gross margin of their non-returned lines in the period): by default as a customer
    pyramid of that period's buyers (``shares`` / ``labels``, top first); with
    ``thresholds`` (tier → minimum value) by fixed amounts instead, values below every
    minimum going to the lowest tier. Customers who did not buy are ``"inactive"``.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount``, ``cost`` (for
        ``value="gross_margin"``, unless ``margin`` is given) and, when some were returned,
        ``returned``.
    period : str, default "Q"
        A pandas period alias: ``"M"``, ``"Q"`` or ``"Y"``.
    observation_end : date-like, optional
        The last day the analysis sees (default: the last day in the data); the periods
        run from the first purchase to the one holding this day.
    value : {"gross_margin", "revenue"}
        What places a customer in a tier.
    shares, labels : sequence
        The pyramid's tiers, top first (default: those of
        :func:`crmlab.value.customer_pyramid`).
    thresholds : mapping, optional
        Tier → minimum value, instead of the pyramid.
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for data without a ``cost`` column; with
        ``value="gross_margin"`` and neither, ``ValueError``. (With a single rate, gross
        margin is proportional to revenue, so the pyramid tiers are those of revenue.)

    Returns
    -------
    TierTransitions
        With ``margin_note``, how gross margin was computed.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-04-05", "2025-01-09", "2025-07-01"]),
    ...     "amount": [100.0, 900.0, 500.0, 50.0], "cost": [0.0] * 4, "returned": [False] * 4})
    >>> tier_transitions(tx, "Q", thresholds={"small": 0, "big": 400}).counts
    to        big  small  inactive
    from
    big         0      0         2
    small       1      0         0
    inactive    0      1         0
    """
    basis = margin_basis(transactions, margin, required=_check_value(value) == "gross_margin")
    lines, periods, _ = _period_lines(transactions, period, observation_end, basis)
    _, matrix, lowest_first = _level_matrix(lines, periods, value, shares, labels, thresholds)
    states = [*lowest_first[::-1], INACTIVE]
    n = len(lowest_first)
    values = matrix.to_numpy()
    before, after = values[:, :-1].ravel(), values[:, 1:].ravel()
    keep = ~np.isnan(before)
    # state position: top tier (level n−1) → 0, …, inactive (−1) → n
    pos_before = np.where(before[keep] < 0, n, n - 1 - before[keep]).astype(int)
    pos_after = np.where(after[keep] < 0, n, n - 1 - after[keep]).astype(int)
    grid = np.zeros((n + 1, n + 1), dtype=int)
    np.add.at(grid, (pos_before, pos_after), 1)
    counts = pd.DataFrame(
        grid, index=pd.Index(states, name="from"), columns=pd.Index(states, name="to")
    )
    totals = counts.sum(axis=1)
    share_table = counts.div(totals.where(totals > 0), axis=0)
    return TierTransitions(counts=counts, shares=share_table, margin_note=basis.note)


def kpi_table(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    period: str = "Q",
    *,
    observation_end: object = None,
    inactivity: int = DEFAULT_INACTIVITY_DAYS,
    value: str = "gross_margin",
    shares: Sequence[float] = PYRAMID_SHARES,
    labels: Sequence[str] = PYRAMID_LABELS,
    thresholds: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> pd.DataFrame:
    """CRM strategy evaluation indicators (客户关系管理战略评价指标) per period.

    For each period:

    - ``active``: customers who bought (non-returned lines) in the period;
    - ``new`` (新增客户): customers acquired in the period — by ``signup_date`` of
      ``customers`` when given (sign-ups after ``observation_end`` are not seen), else by
      their first purchase; ``new_rate`` = new ÷ (at_risk +
      new), the share of the period's customer base that is new (a new customer whose first
      order was returned is acquired but not active, so dividing by ``active`` could exceed 1);
    - ``at_risk``, ``lost`` (流失客户), ``lost_rate``: as in
      :func:`crmlab.lifecycle.churn_rate` — customers who bought within ``inactivity`` days
      before the period starts are at risk, and lost when that is no longer true when the
      next period starts; NaN for a period that ends after ``observation_end``;
    - ``upgraded`` (升级客户): customers active in this and the previous period whose value
      tier (see :func:`tier_transitions`) rose; ``upgraded_rate`` = upgraded ÷ customers
      active in both periods;
    - ``average_revenue`` and ``average_gross_margin`` (客户平均赢利能力) per active customer
      (``average_gross_margin`` is NaN for data without ``cost`` when no ``margin`` is
      given and ``value="revenue"``).

    Parameters
    ----------
    transactions : DataFrame
        Order lines as for :func:`tier_transitions`.
    customers : DataFrame, optional
        With ``customer_id`` and ``signup_date``, to count new customers by sign-up.
        ``None``: by their first purchase.
    period : str, default "Q"
        A pandas period alias: ``"M"``, ``"Q"`` or ``"Y"``.
    observation_end : date-like, optional
        The last day the analysis sees (default: the last day in the data); the periods
        run from the first purchase to the one holding this day.
    inactivity : int, default 180
        Days without a purchase after which a customer counts as lost.
    value, shares, labels, thresholds, margin
        The value tiers and the gross-margin rate, as for :func:`tier_transitions`.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (PeriodIndex) with the columns above in that order;
        ``attrs["margin_note"]`` says how gross margin was computed.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-04-05", "2025-01-09",
    ...                                   "2025-04-01", "2025-05-01"]),
    ...     "amount": [100.0, 900.0, 500.0, 50.0, 80.0], "cost": [50.0, 300.0, 200.0, 30.0, 40.0],
    ...     "returned": [False] * 5})
    >>> kpi_table(tx, period="Q", thresholds={"small": 0, "big": 200}, inactivity=365)[
    ...     ["active", "new", "upgraded", "upgraded_rate", "average_gross_margin"]]
             active  new  upgraded  upgraded_rate  average_gross_margin
    period
    2025Q1        2    2       NaN            NaN                 175.0
    2025Q2        3    1       1.0            0.5                 220.0
    """
    if not (np.isfinite(inactivity) and inactivity > 0):
        raise ValueError(f"inactivity: must be a positive number of days, got {inactivity!r}")
    basis = margin_basis(transactions, margin, required=_check_value(value) == "gross_margin")
    lines, periods, end = _period_lines(transactions, period, observation_end, basis)
    per_period, matrix, _ = _level_matrix(lines, periods, value, shares, labels, thresholds)
    levels = matrix.to_numpy()
    active = levels >= 0

    out = pd.DataFrame(index=periods)
    out["active"] = active.sum(axis=0).astype(int)
    if customers is not None:
        require_columns(customers, [CUSTOMER, "signup_date"], "customers")
        signup = date_column(customers, "signup_date", "customers")
        signup = signup.loc[(signup.dt.normalize() <= end).to_numpy()].dt.to_period(period)
        new = signup.value_counts().reindex(periods, fill_value=0)
    else:
        first = matrix.notna().idxmax(axis=1)
        new = first.value_counts().reindex(periods, fill_value=0)
    out["new"] = new.to_numpy().astype(int)

    days = lines[[CUSTOMER, "day"]].drop_duplicates()
    codes = pd.Index(matrix.index).get_indexer(days[CUSTOMER])
    bounds = np.concatenate(
        [periods.start_time.to_numpy(), [(periods[-1] + 1).start_time.to_datetime64()]]
    ).astype("datetime64[D]")
    is_active = active_at(
        codes,
        days["day"].to_numpy().astype("datetime64[D]"),
        len(matrix.index),
        bounds,
        int(inactivity),
    )
    at_risk = is_active[:, :-1].sum(axis=0)
    lost = (is_active[:, :-1] & ~is_active[:, 1:]).sum(axis=0).astype(float)
    complete = np.array([p.end_time.normalize() <= end for p in periods])
    out["at_risk"] = at_risk.astype(int)
    base = out["at_risk"] + out["new"]
    out["new_rate"] = out["new"] / base.where(base > 0)
    out["lost"] = np.where(complete, lost, np.nan)
    out["lost_rate"] = out["lost"] / out["at_risk"].where(out["at_risk"] > 0)

    both = np.zeros(len(periods))
    upgraded = np.zeros(len(periods))
    both[1:] = (active[:, 1:] & active[:, :-1]).sum(axis=0)
    with np.errstate(invalid="ignore"):
        up = (levels[:, 1:] > levels[:, :-1]) & active[:, 1:] & active[:, :-1]
    upgraded[1:] = up.sum(axis=0)
    out["upgraded"] = upgraded
    out.loc[out.index[0], "upgraded"] = np.nan
    out["upgraded_rate"] = out["upgraded"] / pd.Series(both, index=periods).where(both > 0)

    means = per_period.groupby("period", observed=True)[["revenue", "gross_margin"]].mean()
    out["average_revenue"] = means["revenue"].reindex(periods)
    out["average_gross_margin"] = means["gross_margin"].reindex(periods) if basis.known else np.nan
    out.index.name = "period"
    columns = ["active", "new", "new_rate", "at_risk", "lost", "lost_rate", "upgraded"]
    columns += ["upgraded_rate", "average_revenue", "average_gross_margin"]
    result = out[columns]
    result.attrs[MARGIN_NOTE] = basis.note
    return result


# ----------------------------------------------------------------------------- growth matrix
#: The customer growth matrix (客户增长矩阵): (customers, products) → (strategy, 中文).
GROWTH_STRATEGIES: dict[tuple[str, str], tuple[str, str]] = {
    ("existing", "existing"): ("loyalty", "客户忠诚战略"),
    ("existing", "new"): ("expansion", "客户扩展战略"),
    ("new", "existing"): ("acquisition", "客户获取战略"),
    ("new", "new"): ("diversification", "客户多样化战略"),
}


def growth_matrix(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    observation_end: object = None,
    new_customer_since: object = None,
    new_product_since: object = None,
    product_newness: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Revenue in the customer growth matrix (客户增长矩阵).

    Revenue (non-returned lines) from ``new_customer_since`` to ``observation_end`` (both
    included) is split by

    - customers: *new* when their ``signup_date`` (without a customers table: their first
      purchase) is on or after ``new_customer_since`` (default: one year before
      ``observation_end``), else *existing*;
    - products: *new* when ``product_newness[category]`` is true, or — without that
      mapping — when the product ``category`` was first sold anywhere in ``transactions``
      on or after ``new_product_since`` (default: ``new_customer_since``).

    The four cells carry the course's strategies (also called 客户忠实于你的战略,
    客户扩充战略, 客户获得战略, 客户多样化战略): existing customers × existing products =
    loyalty (忠诚), existing × new products = expansion (扩展: sell them more kinds), new
    customers × existing products = acquisition (获取), new × new = diversification (多样化).

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``category`` (the products),
        ``amount`` and, when some were returned, ``returned``.
    customers : DataFrame, optional
        With ``customer_id`` and ``signup_date``. ``None``: a customer's first purchase
        (first kept line in ``transactions``) stands for her sign-up.
    observation_end : date-like, optional
        The last day counted (default: the last day in the data).
    new_customer_since, new_product_since : date-like, optional
        The first day of the window and the cut-off for new products (see above).
    product_newness : mapping, optional
        ``category`` → whether it is a new product.

    Returns
    -------
    DataFrame
        Four rows with ``customers`` and ``products`` ("existing"/"new"), ``strategy``,
        ``strategy_cn``, ``revenue``, ``revenue_share`` and ``buyers`` (distinct customers).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["old", "old", "fresh"],
    ...     "order_date": pd.to_datetime(["2025-03-01", "2025-06-01", "2025-09-01"]),
    ...     "category": ["dresses", "shoes", "dresses"], "amount": [300.0, 100.0, 100.0],
    ...     "cost": [0.0] * 3, "returned": [False] * 3})
    >>> cust = pd.DataFrame({"customer_id": ["old", "fresh"],
    ...                      "signup_date": pd.to_datetime(["2022-01-01", "2025-08-01"])})
    >>> growth_matrix(tx, cust, "2025-12-31", product_newness={"dresses": False, "shoes": True})[
    ...     ["customers", "products", "strategy", "revenue_share"]]
      customers products         strategy  revenue_share
    0  existing existing          loyalty            0.6
    1  existing      new        expansion            0.2
    2       new existing      acquisition            0.2
    3       new      new  diversification            0.0
    """
    require_columns(transactions, [DATE], "transactions")
    require_columns(
        transactions,
        ["category"],
        "transactions",
        hint="growth_matrix splits revenue by product category (new or existing products); "
        "map your product or category column onto 'category' where the data enter",
    )
    if customers is not None:
        require_columns(customers, [CUSTOMER, "signup_date"], "customers")
    lines = sales_lines(transactions, margin_basis(transactions, required=False), day=True)
    end = analysis_window(transactions, observation_end).observation_end
    since = (
        end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
        if new_customer_since is None
        else as_timestamp(new_customer_since, "new_customer_since").normalize()
    )
    if since > end:
        raise ValueError(
            f"new_customer_since: {since.date()} is after observation_end {end.date()}; "
            "the analysis window would be empty"
        )
    products = transactions["category"]
    if product_newness is not None:
        unknown = sorted(set(products.dropna().unique()) - set(product_newness), key=str)
        if unknown:
            raise ValueError(
                f"product_newness: no entry for {len(unknown)} product(s) "
                f"({', '.join(map(str, unknown[:5]))}); map every category to True/False"
            )
        is_new_product = products.map(lambda p: bool(product_newness[p]))
    else:
        cutoff = (
            since
            if new_product_since is None
            else as_timestamp(new_product_since, "new_product_since").normalize()
        )
        # first *kept* sale, as latest_launch dates it: a returned line does not launch a product
        first_sold = lines["day"].groupby(products.loc[lines.index].to_numpy()).min()
        is_new_product = products.map(first_sold).ge(cutoff)
    if customers is None:
        signup = lines.groupby(CUSTOMER)["day"].min()
    else:
        signup = pd.Series(
            date_column(customers, "signup_date", "customers").to_numpy(),
            index=customers[CUSTOMER].to_numpy(),
        )
    lines = lines.loc[(lines["day"] >= since) & (lines["day"] <= end)]
    unknown_customers = pd.Index(lines[CUSTOMER].unique()).difference(signup.index)
    if len(unknown_customers):
        raise ValueError(
            f"transactions: {len(unknown_customers)} customer id(s) not in customers "
            f"({', '.join(map(str, unknown_customers[:5]))}); pass the full customers table"
        )
    cust_group = np.where(signup.reindex(lines[CUSTOMER]).to_numpy() >= since, "new", "existing")
    prod_group = np.where(is_new_product.loc[lines.index].to_numpy(), "new", "existing")
    frame = pd.DataFrame(
        {
            "customers": cust_group,
            "products": prod_group,
            "revenue": lines["revenue"].to_numpy(),
            "customer": lines[CUSTOMER].to_numpy(),
        }
    )
    grouped = frame.groupby(["customers", "products"])
    cells = pd.MultiIndex.from_tuples(list(GROWTH_STRATEGIES), names=["customers", "products"])
    revenue = grouped["revenue"].sum().reindex(cells, fill_value=0.0)
    buyers = grouped["customer"].nunique().reindex(cells, fill_value=0)
    out = cells.to_frame(index=False)
    out["strategy"] = [GROWTH_STRATEGIES[c][0] for c in cells]
    out["strategy_cn"] = [GROWTH_STRATEGIES[c][1] for c in cells]
    out["revenue"] = revenue.to_numpy()
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total > 0 else np.nan
    out["buyers"] = buyers.to_numpy().astype(int)
    return out


# ----------------------------------------------------------------------------- the ladder
def customer_tiers(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    observation_end: object = None,
    value: str = "gross_margin",
    shares: Sequence[float] = PYRAMID_SHARES,
    labels: Sequence[str] = PYRAMID_LABELS,
    thresholds: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> pd.DataFrame:
    """Each customer's value tier in each period: where she stands on the customer ladder.

    The tiers are those of :func:`tier_transitions` (the pyramid of each period's buyers by
    ``value``, or fixed ``thresholds``); a period without a purchase after her first one is
    ``"inactive"``, a period before her first purchase is empty (NaN).

    Parameters
    ----------
    transactions, period, observation_end, value, shares, labels, thresholds, margin
        As for :func:`tier_transitions`.

    Returns
    -------
    DataFrame
        Customers (index ``customer_id``) × periods (PeriodIndex), tier labels as text;
        ``attrs["margin_note"]`` says how gross margin was computed.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-07-05", "2025-04-09"]),
    ...     "amount": [100.0, 900.0, 500.0], "cost": [0.0] * 3, "returned": [False] * 3})
    >>> customer_tiers(tx, "Q", thresholds={"small": 0, "big": 400})
    period       2025Q1    2025Q2    2025Q3
    customer_id
    a             small  inactive       big
    b               NaN       big  inactive
    """
    basis = margin_basis(transactions, margin, required=_check_value(value) == "gross_margin")
    lines, periods, _ = _period_lines(transactions, period, observation_end, basis)
    _, matrix, lowest_first = _level_matrix(lines, periods, value, shares, labels, thresholds)
    names = np.array([*lowest_first, INACTIVE], dtype=object)  # level −1 → the last entry
    values = matrix.to_numpy()
    out = np.full(values.shape, np.nan, dtype=object)
    seen = ~np.isnan(values)
    out[seen] = names[values[seen].astype(int)]
    result = pd.DataFrame(out, index=matrix.index.rename(CUSTOMER), columns=matrix.columns)
    result.attrs[MARGIN_NOTE] = basis.note
    return result


def ladder_profitability(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    last: int = 4,
    observation_end: object = None,
    value: str = "gross_margin",
    shares: Sequence[float] = PYRAMID_SHARES,
    labels: Sequence[str] = PYRAMID_LABELS,
    thresholds: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> pd.DataFrame:
    """Average customer profitability rung by rung (客户平均赢利能力是“级次”的).

    The course says the customer ladder gives "average customer profitability" new content:
    it has rungs. Over the ``last`` periods up to ``observation_end``, each period's buyers
    are placed in tiers (as in :func:`tier_transitions`); per tier this returns the average
    number of customers per period, their average revenue and gross margin in a period, and
    the tier's share of all customers and of the gross margin.

    Parameters
    ----------
    transactions, period, observation_end, value, shares, labels, thresholds, margin
        As for :func:`tier_transitions`.
    last : int, default 4
        How many periods (the latest ones) to average over.

    Returns
    -------
    DataFrame
        Indexed by ``tier`` (top first) with ``customers``, ``customer_share``,
        ``average_revenue``, ``average_gross_margin`` and ``gross_margin_share``;
        ``attrs["margin_note"]`` says how gross margin was computed.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
    ...     "order_date": pd.to_datetime(["2025-01-05"] * 4),
    ...     "amount": [900.0, 100.0, 80.0, 20.0], "cost": [600.0, 60.0, 55.0, 10.0],
    ...     "returned": [False] * 4})
    >>> ladder_profitability(tx, thresholds={"small": 0, "big": 200})[
    ...     ["customers", "average_gross_margin", "gross_margin_share"]]
           customers  average_gross_margin  gross_margin_share
    tier
    big          1.0                 300.0               0.800
    small        3.0                  25.0               0.200
    """
    if int(last) != last or last < 1:
        raise ValueError(f"last: a whole number of periods, at least 1, got {last!r}")
    basis = margin_basis(transactions, margin, required=_check_value(value) == "gross_margin")
    lines, periods, _ = _period_lines(transactions, period, observation_end, basis)
    per_period, _, lowest_first = _level_matrix(lines, periods, value, shares, labels, thresholds)
    recent = per_period.loc[per_period["period"].isin(periods[-int(last) :])]
    n_periods = recent["period"].nunique()
    top_first = lowest_first[::-1]
    tiers = pd.Index(top_first, name="tier")
    name = pd.Series(np.array(lowest_first, dtype=object)[recent["level"].to_numpy()])
    grouped = recent.assign(tier=name.to_numpy()).groupby("tier")
    out = pd.DataFrame(index=tiers)
    out["customers"] = grouped.size().reindex(tiers, fill_value=0) / n_periods
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["average_revenue"] = grouped["revenue"].mean().reindex(tiers)
    margin_sum = grouped["gross_margin"].sum().reindex(tiers, fill_value=0.0)
    out["average_gross_margin"] = (
        grouped["gross_margin"].mean().reindex(tiers) if basis.known else np.nan
    )
    total = margin_sum.sum()
    out["gross_margin_share"] = margin_sum / total if basis.known and total != 0 else np.nan
    out.attrs[MARGIN_NOTE] = basis.note
    return out


# ----------------------------------------------------------------------------- a new product
@dataclass(frozen=True)
class ProductLaunch:
    """Result of :func:`latest_launch`.

    Attributes
    ----------
    category : str
        The category whose first sale is the latest.
    first_sale : Timestamp
        Its first (non-returned) sale.
    data_start : Timestamp
        The first sale of anything.
    launched_later : bool
        True when ``first_sale`` is at least ``min_days`` after ``data_start``: the category
        really was launched part-way through the data (otherwise every category was on sale
        from the start, and there is no "new product").
    """

    category: str
    first_sale: pd.Timestamp
    data_start: pd.Timestamp
    launched_later: bool


def latest_launch(
    transactions: pd.DataFrame, observation_end: object = None, *, min_days: int = 90
) -> ProductLaunch:
    """The product category launched part-way through the data: the one first sold latest.

    A firm knows its launches; an analyst with only an order log can find them: a category
    with no sale in the first months and steady sales after some day was launched on that
    day. This takes the category whose first non-returned sale (up to ``observation_end``)
    is the latest, and calls it launched later when that day is at least ``min_days`` after
    the first sale of anything.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount``, ``category`` and,
        when some were returned, ``returned``.
    observation_end : date-like, optional
        The last day seen (default: the last day in the data).
    min_days : int, default 90
        How long after the start of the data a first sale must come to count as a launch.

    Returns
    -------
    ProductLaunch

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "a"],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-09-01"]),
    ...     "category": ["tops", "shoes", "activewear"], "amount": [10.0, 20.0, 30.0]})
    >>> launch = latest_launch(tx)
    >>> launch.category, str(launch.first_sale.date()), launch.launched_later
    ('activewear', '2024-09-01', True)
    """
    require_columns(
        transactions,
        ["category"],
        "transactions",
        hint="a launch is found per product category; map your product or category column "
        "onto 'category' where the data enter",
    )
    if int(min_days) != min_days or min_days < 0:
        raise ValueError(f"min_days: a whole number of days, 0 or more, got {min_days!r}")
    lines = sales_lines(transactions, margin_basis(transactions, required=False), day=True)
    end = analysis_window(transactions, observation_end).observation_end
    lines = lines.loc[lines["day"] <= end]
    categories = transactions.loc[lines.index, "category"]
    lines = lines.assign(category=categories.to_numpy()).dropna(subset=["category"])
    if lines.empty:
        raise ValueError("transactions: no non-returned line with a category; nothing to date")
    first = lines.groupby("category")["day"].min().sort_values(kind="stable")
    start = lines["day"].min()
    latest = first.index[-1]
    return ProductLaunch(
        category=str(latest),
        first_sale=first.iloc[-1],
        data_start=start,
        launched_later=bool((first.iloc[-1] - start).days >= min_days),
    )
