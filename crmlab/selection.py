"""Choosing customers (客户选择, chapter 03): groups, lookalikes, capability and value classes.

:mod:`crmlab.value` measures each customer's profit and how concentrated it is; this module
turns those numbers into the selection decisions of the chapter:

- :func:`group_shares` — per group of customers (profit groups, zones, classes, RFM
  segments …): how many customers and what share of the customers, revenue, profit … each
  group holds;
- :func:`profit_groups`, :func:`profit_profile`, :func:`main_loss_cause` — the top 20 %,
  the customers in between and the loss-makers, side by side, and for each loss-maker the
  deduction that sank her (cost to serve, bad debt, or goods sold below cost);
- :func:`lookalike_index` — guiding idea 5, choose customers like the loyal ones: which
  acquisition channel brings more than its share of top customers;
- :func:`capability_signals` — the *enterprise capability* axis of the customer value –
  enterprise capability matrix (客户价值-企业能力矩阵), from **firm-side** signals only: the
  competition in her city, the firm's store reach there, how well her categories match the
  firm's strong categories, and how well the service team that serves her resolves
  contacts. None of them is built from the customer's own returns, contacts or profit, so
  the matrix does not count her profit twice;
- :func:`revenue_growth` and :func:`value_classes` — 核心客户 / 潜力客户 / 一般客户 (core,
  potential and general customers), weighing growth, credit and predicted long-term value
  beside today's profit.

Profit, revenue and bad debt mean what :func:`crmlab.value.customer_profitability` says
(written-off lines are bad debt), everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window, kept_lines
from crmlab._sales import COST, returned_flags, seen_until
from crmlab._validate import as_float_array, bool_column, require_columns, require_nonempty

__all__ = [
    "CAPABILITY_SIGNALS",
    "LOSS_CAUSES",
    "PROFIT_GROUPS",
    "VALUE_CLASSES",
    "capability_signals",
    "class_names",
    "group_shares",
    "lookalike_index",
    "main_loss_cause",
    "profit_groups",
    "profit_profile",
    "revenue_growth",
    "value_classes",
]

#: The three profit groups of :func:`profit_groups`: code → (English, 中文).
PROFIT_GROUPS: dict[str, tuple[str, str]] = {
    "top": ("top customers", "利润最高的客户"),
    "in between": ("in between", "中间客户"),
    "loss-making": ("loss-making", "亏损客户"),
}
#: The deductions :func:`main_loss_cause` names: code → (English, 中文).
LOSS_CAUSES: dict[str, tuple[str, str]] = {
    "cost_to_serve": ("cost to serve", "服务成本"),
    "bad_debt": ("bad debt", "坏账"),
    "below_cost": ("goods sold below cost", "低于成本销售"),
}
#: The firm-side capability signals of :func:`capability_signals`: code → (English, 中文).
CAPABILITY_SIGNALS: dict[str, tuple[str, str]] = {
    "low_competition": ("low competition in her city", "所在城市竞争弱"),
    "store_reach": ("store reach in her city", "门店覆盖"),
    "category_fit": ("fit with the firm's strong categories", "品类匹配"),
    "service_capacity": ("service team resolves contacts", "服务能力"),
}
#: The value classes of :func:`value_classes`: code → (English, 中文).
VALUE_CLASSES: dict[str, tuple[str, str]] = {
    "core": ("core customers", "核心客户"),
    "potential": ("high-potential customers", "潜力客户"),
    "general": ("general customers", "一般客户"),
}
_PROFITABILITY = ("revenue", "gross_margin", "cost_to_serve", "bad_debt", "profit")


def _series(values: object, what: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{what}: expected a pandas Series indexed by customer")
    require_nonempty(values, what)
    return values


def _top_fraction(top: float) -> float:
    if isinstance(top, bool) or not (isinstance(top, (int, float)) and 0 < top < 1):
        raise ValueError(f"top: a fraction of customers in (0, 1), e.g. 0.2, got {top!r}")
    return float(top)


# ----------------------------------------------------------------------------- group shares
def group_shares(groups: pd.Series, measures: pd.DataFrame) -> pd.DataFrame:
    """Per group: the customers, their share of all customers, and each measure's share.

    Parameters
    ----------
    groups : Series
        The group of every customer (a categorical keeps its category order, empty groups
        included; otherwise groups appear in order of first appearance).
    measures : DataFrame
        Per-customer amounts (e.g. ``revenue`` and ``profit`` of
        :func:`crmlab.value.customer_profitability`), indexed like ``groups``.

    Returns
    -------
    DataFrame
        One row per group with ``customers``, ``customer_share`` and ``<measure>_share``
        for each column of ``measures`` (shares of the column's total; a share can be
        negative, or above 1, when some customers lose money).

    Examples
    --------
    >>> groups = pd.Series(["a", "b", "a"], index=["x", "y", "z"])
    >>> measures = pd.DataFrame({"profit": [30.0, 10.0, 60.0]}, index=["x", "y", "z"])
    >>> group_shares(groups, measures)
       customers  customer_share  profit_share
    a          2        0.666667           0.9
    b          1        0.333333           0.1
    """
    groups = _series(groups, "groups")
    if not isinstance(measures, pd.DataFrame):
        raise TypeError("measures: expected a DataFrame indexed like groups")
    missing = groups.index.difference(measures.index)
    if len(missing):
        raise ValueError(
            f"measures: no row for {len(missing)} customer(s) of groups "
            f"({', '.join(map(str, missing[:5]))}); index measures like groups"
        )
    if groups.isna().any():
        raise ValueError(
            f"groups: {int(groups.isna().sum())} customer(s) without a group; "
            "give every customer one"
        )
    values = measures.loc[groups.index]
    counts = groups.value_counts(sort=False).rename("customers")
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        counts = counts.reindex(pd.unique(groups))
    table = pd.DataFrame({"customers": counts.astype(int)})
    table["customer_share"] = table["customers"] / len(groups)
    totals = values.sum()
    sums = values.groupby(groups.to_numpy(), sort=False).sum().reindex(table.index, fill_value=0)
    for column in values.columns:
        total = float(totals[column])
        table[f"{column}_share"] = sums[column] / total if total != 0 else np.nan
    table.index.name = groups.name
    return table


# ----------------------------------------------------------------------------- profit groups
def profit_groups(profit: pd.Series, top: float = 0.2) -> pd.Series:
    """The top ``top`` of customers by profit, the loss-makers, and the customers in between.

    A customer is *top* when her profit is at or above the ``1 − top`` quantile,
    *loss-making* when it is below zero (and she is not top), otherwise *in between*.

    Returns
    -------
    Series
        Ordered categorical with the codes of :data:`PROFIT_GROUPS`, indexed like
        ``profit``, named ``profit_group``.

    Examples
    --------
    >>> profit_groups(pd.Series([50.0, 10.0, -5.0, 3.0, 1.0]), top=0.2).tolist()
    ['top', 'in between', 'loss-making', 'in between', 'in between']
    """
    profit = _series(profit, "profit")
    share = _top_fraction(top)
    values = as_float_array(profit, "profit")
    is_top = values >= np.quantile(values, 1 - share)
    codes = np.select([is_top, values < 0], ["top", "loss-making"], "in between")
    dtype = pd.CategoricalDtype(list(PROFIT_GROUPS), ordered=True)
    return pd.Series(pd.Categorical(codes, dtype=dtype), index=profit.index, name="profit_group")


def profit_profile(profitability: pd.DataFrame, top: float = 0.2) -> pd.DataFrame:
    """The profit groups side by side: how they buy, what serving them costs, what they earn.

    Parameters
    ----------
    profitability : DataFrame
        :func:`crmlab.value.customer_profitability` (``orders``, ``returned_lines``,
        ``contacts``, ``revenue``, ``gross_margin``, ``cost_to_serve``, ``bad_debt``,
        ``profit``).
    top : float
        The share of customers in the top group.

    Returns
    -------
    DataFrame
        One row per group of :func:`profit_groups` with ``customers``, ``orders_each``
        (orders per customer), ``returns_per_order``, ``contacts_per_order``, and as
        percentages of the group's revenue ``gross_margin_pct``, ``cost_to_serve_pct``,
        ``bad_debt_pct`` and ``profit_pct`` (= gross margin − cost to serve − bad debt),
        then ``profit_each`` (average profit per customer).

    Examples
    --------
    >>> p = pd.DataFrame({"orders": [4, 1, 2], "returned_lines": [0, 0, 2],
    ...     "contacts": [1, 0, 2], "revenue": [400.0, 50.0, 100.0],
    ...     "gross_margin": [160.0, 20.0, 30.0], "cost_to_serve": [80.0, 15.0, 120.0],
    ...     "bad_debt": [0.0, 0.0, 0.0], "profit": [80.0, 5.0, -90.0]})
    >>> profit_profile(p, top=0.3)[["customers", "cost_to_serve_pct", "profit_each"]]
                 customers  cost_to_serve_pct  profit_each
    profit_group
    top                  1               20.0         80.0
    in between           1               30.0          5.0
    loss-making          1              120.0        -90.0
    """
    require_columns(
        profitability,
        ["orders", "returned_lines", "contacts", *_PROFITABILITY],
        "profitability",
        hint="pass the result of crmlab.value.customer_profitability",
    )
    require_nonempty(profitability, "profitability")
    groups = profit_groups(profitability["profit"], top)
    sums = profitability.groupby(groups, observed=False).sum(numeric_only=True)
    orders = sums["orders"].where(sums["orders"] > 0)
    revenue = sums["revenue"].where(sums["revenue"] != 0)
    out = pd.DataFrame({"customers": groups.value_counts(sort=False).astype(int)})
    out["orders_each"] = sums["orders"] / out["customers"].where(out["customers"] > 0)
    out["returns_per_order"] = sums["returned_lines"] / orders
    out["contacts_per_order"] = sums["contacts"] / orders
    for column in ("gross_margin", "cost_to_serve", "bad_debt", "profit"):
        out[f"{column}_pct"] = sums[column] / revenue * 100
    out["profit_each"] = sums["profit"] / out["customers"].where(out["customers"] > 0)
    out.index.name = "profit_group"
    return out


def main_loss_cause(profitability: pd.DataFrame) -> pd.Series:
    """For each loss-making customer, the deduction that sank her.

    Her loss is gross margin − cost to serve − bad debt < 0. The cause is the largest of
    her cost to serve, her bad debt, and her negative gross margin (goods sold below their
    cost, e.g. at clearance prices); see :data:`LOSS_CAUSES`.

    Returns
    -------
    Series
        Ordered categorical (``cost_to_serve``, ``bad_debt``, ``below_cost``), one row per
        customer with profit below zero, named ``loss_cause``.

    Examples
    --------
    >>> p = pd.DataFrame({"revenue": [100.0, 300.0, 50.0], "gross_margin": [30.0, 90.0, -10.0],
    ...     "cost_to_serve": [60.0, 15.0, 0.0], "bad_debt": [0.0, 300.0, 0.0],
    ...     "profit": [-30.0, -225.0, -10.0]}, index=["a", "b", "c"])
    >>> main_loss_cause(p).tolist()
    ['cost_to_serve', 'bad_debt', 'below_cost']
    """
    require_columns(
        profitability,
        list(_PROFITABILITY),
        "profitability",
        hint="pass the result of crmlab.value.customer_profitability",
    )
    loss = profitability.loc[profitability["profit"] < 0]
    terms = pd.DataFrame(
        {
            "cost_to_serve": loss["cost_to_serve"],
            "bad_debt": loss["bad_debt"],
            "below_cost": (-loss["gross_margin"]).clip(lower=0),
        }
    )
    dtype = pd.CategoricalDtype(list(LOSS_CAUSES), ordered=True)
    causes = terms.idxmax(axis=1) if len(terms) else pd.Series([], dtype=object)
    return pd.Series(pd.Categorical(causes, dtype=dtype), index=loss.index, name="loss_cause")


# ----------------------------------------------------------------------------- lookalikes
def lookalike_index(groups: pd.Series, selected: pd.Series) -> pd.DataFrame:
    """Which groups (e.g. acquisition channels) bring more than their share of good customers.

    The lookalike index of a group is its share among the selected customers (e.g. the top
    20 %) ÷ its share among all customers × 100: above 100 the group brings more than its
    share of them — guiding idea 5, choose customers like the loyal ones, says look for new
    customers there.

    Parameters
    ----------
    groups : Series
        The group of every customer (missing values are left out).
    selected : Series of bool
        Whether each customer is among the good ones, indexed like ``groups``.

    Returns
    -------
    DataFrame
        One row per group, highest index first, with ``share_all``, ``share_selected`` and
        ``lookalike_index``.

    Examples
    --------
    >>> channel = pd.Series(["fair", "fair", "ads", "ads", "ads", "ads"])
    >>> top = pd.Series([True, False, True, False, False, False])
    >>> lookalike_index(channel, top)
          share_all  share_selected  lookalike_index
    fair   0.333333             0.5            150.0
    ads    0.666667             0.5             75.0
    """
    groups = _series(groups, "groups")
    selected = _series(selected, "selected")
    if not groups.index.equals(selected.index):
        raise ValueError("selected: index it like groups (one flag per customer)")
    flags = bool_column(selected.to_frame("selected"), "selected", "selected")
    known = groups.notna()
    if not (flags & known).any():
        raise ValueError("selected: no selected customer with a group; nothing to compare")
    out = pd.DataFrame(
        {
            "share_all": groups[known].value_counts(normalize=True),
            "share_selected": groups[known & flags].value_counts(normalize=True),
        }
    ).fillna({"share_selected": 0.0})
    out["lookalike_index"] = out["share_selected"] / out["share_all"] * 100
    out.index.name = groups.name
    return out.sort_values("lookalike_index", ascending=False, kind="stable")


# ----------------------------------------------------------------------------- capability
def _low_competition(info: pd.DataFrame) -> pd.Series:
    level = info["competition"].astype("string").str.lower()
    return level.map({"low": 1.0, "high": 0.0}).astype(float)


def _store_reach(lines: pd.DataFrame, info: pd.DataFrame) -> pd.Series:
    region = lines[CUSTOMER].map(info["region"])
    store = lines["sales_channel"].astype("string").str.lower().eq("store")
    share = store.groupby(region.to_numpy()).mean()
    best = float(share.max()) if len(share) else 0.0
    reach = share / best if best > 0 else share * 0.0
    return info["region"].map(reach).fillna(0.0).astype(float)


def _category_fit(lines: pd.DataFrame) -> pd.Series:
    amount = as_float_array(lines[AMOUNT], f"transactions.{AMOUNT}")
    kept = ~returned_flags(lines)
    cost = as_float_array(lines[COST], f"transactions.{COST}")
    by_category = (
        pd.DataFrame(
            {"category": lines["category"].to_numpy(), "amount": amount * kept, "cost": cost * kept}
        )
        .groupby("category")[["amount", "cost"]]
        .sum()
    )
    sold = by_category["amount"] > 0
    rate = 1 - by_category["cost"] / by_category["amount"].where(sold)
    overall = 1 - by_category["cost"].sum() / by_category["amount"].sum()
    strong = set(rate.index[rate >= overall])
    in_strong = lines["category"].isin(strong).to_numpy()
    frame = pd.DataFrame({CUSTOMER: lines[CUSTOMER].to_numpy(), "all": amount})
    frame["strong"] = np.where(in_strong, amount, 0.0)
    per_customer = frame.groupby(CUSTOMER)[["all", "strong"]].sum()
    return per_customer["strong"] / per_customer["all"].where(per_customer["all"] > 0)


def _service_capacity(contacts: pd.DataFrame, info: pd.DataFrame) -> pd.Series:
    resolved = bool_column(contacts, "resolved", "service_contacts").to_numpy(dtype=float)
    team = _service_team(info)
    per_contact = pd.Series(resolved).groupby(contacts[CUSTOMER].map(team).to_numpy()).mean()
    return team.map(per_contact).astype(float)


def _service_team(info: pd.DataFrame) -> pd.Series:
    """Who serves a customer: the corporate line for enterprises, else her city's team."""
    team = pd.Series("all customers", index=info.index, dtype=object)
    if "region" in info.columns:
        team = "team " + info["region"].astype(str)
    if "customer_type" in info.columns:
        corporate = info["customer_type"].astype("string").str.lower().eq("enterprise")
        team = team.where(~corporate.fillna(False).to_numpy(dtype=bool), "corporate line")
    return team


def capability_signals(
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    service_contacts: pd.DataFrame | None = None,
    *,
    observation_end: object = None,
) -> pd.DataFrame:
    """The firm's capability to serve each customer, from firm-side signals (企业能力).

    The course's matrix asks whether *the firm* is strong enough to win and keep a
    customer. Each signal below describes the firm where she is, or what she needs
    against what the firm does well — none is built from her own returns, service contacts
    or profit (those are already in the value axis). Each lies in 0–1 (1 = the firm is
    strong); a signal whose data are missing is left out:

    - ``low_competition``: 1 when her city's competitive intensity (``customers.competition``)
      is ``low``, 0 when ``high`` — the firm's position in her market;
    - ``store_reach``: the share of the firm's order lines in her city sold in a store,
      ÷ the highest such share of any city (0: no store sales in her city) — whether a
      store serves her city (needs ``customers.region`` and ``transactions.sales_channel``);
    - ``category_fit``: the share of what she ordered (every line, returned or not: what
      she asks for) that falls in the firm's *strong* categories, those whose gross-margin
      rate over all customers' kept lines is at least the firm's overall rate (needs
      ``transactions.category`` and ``cost``);
    - ``service_capacity``: the share of service contacts resolved by the team that serves
      her, over all its customers — the corporate line for enterprise customers, her city's
      team for consumers (needs ``service_contacts.resolved`` and ``customers.region`` or
      ``customer_type``).

    ``capability`` is the mean of the signals a customer has (a customer without orders has
    no category fit, and her capability averages the others).

    Parameters
    ----------
    transactions : DataFrame
        Order lines (``customer_id``, ``order_date``, ``amount``; ``sales_channel``,
        ``category``, ``cost``, ``returned`` when available).
    customers : DataFrame
        One row per customer (``customer_id``; ``competition``, ``region``,
        ``customer_type`` when available). The result has one row per customer of it seen
        by ``observation_end``.
    service_contacts : DataFrame, optional
        ``customer_id``, ``contact_date`` and ``resolved``.
    observation_end : date-like, optional
        The last day the analysis sees (``None``: the last day in the data).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: one column per available signal, then ``capability``.
        ``attrs["skipped"]`` maps each signal left out to the reason.

    Raises
    ------
    ValueError
        When no signal can be computed (nothing to measure capability with).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "c", "c"],
    ...     "order_date": pd.to_datetime(["2025-01-02"] * 4),
    ...     "sales_channel": ["store", "online", "store", "online"],
    ...     "category": ["dresses", "shoes", "dresses", "shoes"],
    ...     "amount": [100.0, 100.0, 100.0, 100.0], "cost": [50.0, 80.0, 50.0, 80.0]})
    >>> who = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "region": ["X", "Y", "X"], "competition": ["low", "high", "low"]})
    >>> capability_signals(tx, who).round(2)
                 low_competition  store_reach  category_fit  capability
    customer_id
    a                        1.0          1.0           1.0        1.00
    b                        0.0          0.0           0.0        0.00
    c                        1.0          1.0           0.5        0.83
    """
    require_columns(transactions, [CUSTOMER, DATE, AMOUNT], "transactions")
    require_columns(customers, [CUSTOMER], "customers")
    end = analysis_window(transactions, observation_end).observation_end
    transactions, customers, service_contacts = seen_until(
        transactions, customers, service_contacts, end
    )
    info = customers.set_index(CUSTOMER)
    if info.index.duplicated().any():
        raise ValueError("customers: duplicate customer ids; keep one row per customer")
    lines = kept_lines(transactions, exclude_returns=False)
    signals: dict[str, pd.Series] = {}
    skipped: dict[str, str] = {}
    if "competition" in info.columns:
        signals["low_competition"] = _low_competition(info)
    else:
        skipped["low_competition"] = "customers has no competition column"
    if {"region"} <= set(info.columns) and "sales_channel" in lines.columns:
        signals["store_reach"] = _store_reach(lines, info)
    else:
        skipped["store_reach"] = "needs customers.region and transactions.sales_channel"
    if {"category", COST} <= set(lines.columns):
        signals["category_fit"] = _category_fit(lines)
    else:
        skipped["category_fit"] = "needs the category and cost columns of transactions"
    has_team = bool({"region", "customer_type"} & set(info.columns))
    if service_contacts is not None and "resolved" in service_contacts.columns and has_team:
        signals["service_capacity"] = _service_capacity(service_contacts, info)
    else:
        skipped["service_capacity"] = (
            "needs service_contacts.resolved and customers.region or customer_type"
        )
    if not signals:
        raise ValueError(
            "capability_signals: no firm-side signal can be computed ("
            + "; ".join(f"{k}: {v}" for k, v in skipped.items())
            + "); add one of these columns where the data are loaded"
        )
    out = pd.DataFrame({name: s.reindex(info.index) for name, s in signals.items()})
    out["capability"] = out.mean(axis=1, skipna=True)
    out.index.name = CUSTOMER
    out.attrs["skipped"] = skipped
    return out


# ----------------------------------------------------------------------------- classes
def revenue_growth(transactions: pd.DataFrame, observation_end: object = None) -> pd.DataFrame:
    """Revenue of each customer in two periods that end on ``observation_end``, and the change.

    The recent period is the year up to ``observation_end`` and the earlier one the year
    before it; data covering less than two years are split in two halves at the midpoint
    instead. Returned lines earn no revenue.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (every customer with a line up to ``observation_end``),
        columns ``earlier``, ``recent`` and ``growth`` (= recent − earlier).
        ``attrs["periods"]`` holds the first and last day of each period:
        ``{"earlier": (first, last), "recent": (first, last)}``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2022-12-01", "2023-03-01", "2024-06-01", "2023-05-01"]),
    ...     "amount": [20.0, 50.0, 80.0, 40.0]})
    >>> growth = revenue_growth(tx, "2024-12-31")
    >>> growth
                 earlier  recent  growth
    customer_id
    a               50.0    80.0    30.0
    b               40.0     0.0   -40.0
    >>> [str(day.date()) for day in growth.attrs["periods"]["recent"]]
    ['2024-01-01', '2024-12-31']
    """
    require_columns(transactions, [CUSTOMER, DATE, AMOUNT], "transactions")
    window = analysis_window(transactions, observation_end)
    end, first_day = window.observation_end, window.first_day
    halfway = (first_day + (end - first_day) / 2).normalize()
    middle = max(end - pd.DateOffset(years=1), halfway)
    start = max(end - pd.DateOffset(years=2), first_day - pd.Timedelta(days=1))
    seen = transactions.loc[pd.to_datetime(transactions[DATE]).dt.normalize().le(end).to_numpy()]
    customers = pd.Index(seen[CUSTOMER].unique()).sort_values()
    kept = kept_lines(seen, required=(CUSTOMER, DATE, AMOUNT))
    day = kept[DATE].dt.normalize()
    amount = pd.Series(as_float_array(kept[AMOUNT], f"transactions.{AMOUNT}"), index=kept.index)

    def between(after: pd.Timestamp, until: pd.Timestamp) -> pd.Series:
        inside = ((day > after) & (day <= until)).to_numpy()
        per = amount[inside].groupby(kept[CUSTOMER][inside].to_numpy()).sum()
        return per.reindex(customers, fill_value=0.0)

    out = pd.DataFrame({"earlier": between(start, middle), "recent": between(middle, end)})
    out["growth"] = out["recent"] - out["earlier"]
    out.index.name = CUSTOMER
    one_day = pd.Timedelta(days=1)
    out.attrs["periods"] = {"earlier": (start + one_day, middle), "recent": (middle + one_day, end)}
    return out


def value_classes(
    profit: pd.Series,
    future_value: pd.Series,
    good_credit: pd.Series,
    top: float = 0.2,
) -> pd.Series:
    """Core, potential and general customers (核心客户 / 潜力客户 / 一般客户).

    - core: in the top ``top`` of customers by profit to date, with a clean credit record;
    - potential: not core, clean credit, and in the top ``top`` by predicted future value
      (e.g. the model-based CLV of :func:`crmlab.models.clv_over_years`);
    - general: everyone else (including every customer with bad debt on her record).

    Parameters
    ----------
    profit, future_value : Series
        Per customer, with the same index.
    good_credit : Series of bool
        True when none of her invoices was written off (``bad_debt == 0``).
    top : float
        The share of customers that counts as "top" on each measure.

    Returns
    -------
    Series
        Ordered categorical with the codes of :data:`VALUE_CLASSES`, named ``value_class``.

    Examples
    --------
    >>> idx = list("abcde")
    >>> value_classes(pd.Series([90.0, 5, 8, 60, 1], index=idx),
    ...               pd.Series([10.0, 80, 5, 5, 1], index=idx),
    ...               pd.Series([True, True, True, False, True], index=idx), top=0.4).tolist()
    ['core', 'potential', 'general', 'general', 'general']
    """
    profit = _series(profit, "profit")
    share = _top_fraction(top)
    frames = {"future_value": future_value, "good_credit": good_credit}
    for name, series in frames.items():
        if not isinstance(series, pd.Series) or not series.index.equals(profit.index):
            raise ValueError(f"{name}: a Series indexed like profit (same customers, same order)")
    credit = bool_column(good_credit.to_frame("good_credit"), "good_credit", "good_credit")
    p = as_float_array(profit, "profit")
    f = as_float_array(future_value, "future_value")
    core = (p >= np.quantile(p, 1 - share)) & credit.to_numpy()
    potential = ~core & credit.to_numpy() & (f >= np.quantile(f, 1 - share))
    codes = np.select([core, potential], ["core", "potential"], "general")
    dtype = pd.CategoricalDtype(list(VALUE_CLASSES), ordered=True)
    return pd.Series(pd.Categorical(codes, dtype=dtype), index=profit.index, name="value_class")


def class_names(codes: Mapping[str, tuple[str, str]], chinese: bool) -> dict[str, str]:
    """``{code: name}`` in one language from a ``{code: (English, 中文)}`` table.

    Examples
    --------
    >>> class_names(VALUE_CLASSES, chinese=True)["core"]
    '核心客户'
    """
    return {code: names[1] if chinese else names[0] for code, names in codes.items()}
