"""Customer selection (客户选择, chapter 03): who makes the money and who costs it.

- :func:`customer_profitability` — revenue − cost of goods − cost to serve − bad debt per
  customer (客户盈利能力);
- :func:`pareto_share`, :func:`lorenz_curve`, :func:`gini` — how concentrated value is (the
  80/20 rule, 二八法则);
- :func:`whale_curve` — cumulative profit when customers are added from the most to the least
  profitable (some customers destroy profit);
- :func:`customer_pyramid` — the customer pyramid (客户金字塔): VIP top 1 %, major next 4 %,
  ordinary next 15 %, small bottom 80 %;
- :func:`value_capability_matrix` — the customer value – enterprise capability matrix
  (客户价值-企业能力矩阵) with zones A / B / C.

Conventions (the data contract): returned lines earn no revenue and cost no goods (a
table without a ``returned`` column has no returned lines), written-off lines are bad debt
(坏账; a table without ``written_off`` has none). Data without a ``cost`` column need a
gross-margin rate (``margin=0.35``); the result's ``attrs["margin_note"]`` says which was
used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER
from crmlab._sales import (
    COST,
    MARGIN_NOTE,
    cost_of_goods,
    margin_basis,
    returned_flags,
    seen_until,
    written_off_flags,
)
from crmlab._tiers import check_shares, pyramid_codes
from crmlab._validate import (
    aligned_pair,
    as_float_array,
    require_columns,
    require_nonempty,
    row_list,
)

__all__ = [
    "PYRAMID_LABELS",
    "PYRAMID_LABELS_CN",
    "PYRAMID_SHARES",
    "VALUE_CAPABILITY_ZONES",
    "CustomerPyramid",
    "WhaleCurve",
    "customer_profitability",
    "customer_pyramid",
    "gini",
    "lorenz_curve",
    "pareto_share",
    "tier_labels_cn",
    "value_capability_matrix",
    "whale_curve",
]

#: Shares of customers in each tier of the customer pyramid, top first.
PYRAMID_SHARES: tuple[float, ...] = (0.01, 0.04, 0.15, 0.80)
#: English tier labels of the customer pyramid, top first.
PYRAMID_LABELS: tuple[str, ...] = ("VIP", "major", "ordinary", "small")
#: Chinese course terms for the pyramid tiers.
PYRAMID_LABELS_CN: dict[str, str] = {
    "VIP": "VIP客户",
    "major": "主要客户",
    "ordinary": "普通客户",
    "small": "小客户",
}
#: Zones of the customer value – enterprise capability matrix: zone → (English, 中文).
VALUE_CAPABILITY_ZONES: dict[str, tuple[str, str]] = {
    "A": ("select actively", "重点选择"),
    "B": ("select when the chance comes", "择机选择"),
    "C": ("select passively", "消极选择"),
}


# ----------------------------------------------------------------------------- helpers
def _values_series(values: object, what: str) -> pd.Series:
    """A float Series from a Series / array / list, keeping a Series' index."""
    if isinstance(values, pd.Series):
        arr = as_float_array(values.to_numpy(), what)
        out = pd.Series(arr, index=values.index, name=values.name)
    else:
        out = pd.Series(as_float_array(values, what))
    require_nonempty(out, what)
    return out


# ----------------------------------------------------------------------------- profitability
def customer_profitability(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    *,
    observation_end: object = None,
    margin: float | None = None,
    cost_per_order: float = 15.0,
    cost_per_return: float = 25.0,
    cost_per_contact: float = 20.0,
) -> pd.DataFrame:
    """Profit of every customer (客户盈利能力): revenue − cost of goods − cost to serve − bad debt.

    This is the workbook's one definition of customer profit: every chapter that speaks of a
    customer's profit, or of the gross-margin rate (gross margin ÷ revenue) behind a CLV,
    takes it from here, so a written-off line is always bad debt, never value.

    Definitions (the data contract's conventions):

    - ``revenue``: ``amount`` of the lines that were not returned (written-off lines are
      included here and taken out again as bad debt);
    - ``cost_of_goods``: ``cost`` of the lines that were not returned (returned goods go back
      to stock); for data without a ``cost`` column, ``amount`` × (1 − ``margin``);
    - ``gross_margin`` = revenue − cost_of_goods;
    - ``cost_to_serve`` (服务成本) = orders × ``cost_per_order`` + returned lines ×
      ``cost_per_return`` + service contacts × ``cost_per_contact``; every order counts, even
      one that was returned in full;
    - ``bad_debt`` (坏账): ``amount`` of the written-off lines that were not returned (none
      when the table has no ``written_off`` column);
    - ``profit`` = revenue − cost_of_goods − cost_to_serve − bad_debt.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_id``, ``amount`` and ``cost`` (or pass
        ``margin``); ``returned`` and ``written_off`` when some lines were returned or
        written off (a table without the column has none); ``order_date`` to see the data
        up to ``observation_end``. Flags must be booleans.
    customers : DataFrame, optional
        When given, the result has one row per customer of this table (in its order), with
        zeros for customers who never bought; transactions or contacts of customers missing
        from it raise ``ValueError``. Customers who signed up (``signup_date``) after
        ``observation_end`` and have no earlier line or contact are left out. Without it, the
        customers seen in ``transactions`` or ``service_contacts``, sorted.
    service_contacts : DataFrame, optional
        One row per service contact (inquiry or complaint) with ``customer_id`` (and
        ``contact_date``, to leave out contacts after ``observation_end``). ``None``: no
        contacts are counted.
    observation_end : date-like, optional
        The last day the analysis sees: later lines, contacts and sign-ups are left out.
        ``None``: the last day in ``transactions`` (nothing is cut when the table has no
        ``order_date``).
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for data without a ``cost`` column: cost of
        goods is then ``amount`` × (1 − ``margin``). With a ``cost`` column the column is
        used and ``margin`` is not. Without either, ``ValueError``: the function never
        assumes a 100 % margin. ``result.attrs["margin_note"]`` says which was used.
    cost_per_order, cost_per_return, cost_per_contact : float
        Cost-to-serve rates in the data's currency (the defaults are the course company's
        rates in CNY, which its generator uses too).

    Returns
    -------
    DataFrame
        Indexed by customer id (``customer_id``) with columns ``orders``,
        ``returned_lines``, ``contacts``, ``revenue``, ``cost_of_goods``, ``gross_margin``,
        ``cost_to_serve``, ``bad_debt``, ``profit``; ``attrs["margin_note"]`` says how gross
        margin was computed.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
    ...     "amount": [100.0, 50.0, 80.0], "cost": [40.0, 20.0, 30.0],
    ...     "returned": [False, True, False], "written_off": [False, False, True]})
    >>> customer_profitability(tx)[["revenue", "cost_to_serve", "bad_debt", "profit"]]
                 revenue  cost_to_serve  bad_debt  profit
    customer_id
    C1             100.0           40.0       0.0    20.0
    C2              80.0           15.0      80.0   -45.0

    Data without ``cost`` (nor ``returned`` or ``written_off``) need a margin rate:

    >>> own = tx[["customer_id", "order_id", "amount"]]
    >>> table = customer_profitability(own, margin=0.4, cost_per_order=0.0)
    >>> table[["revenue", "gross_margin", "profit"]]
                 revenue  gross_margin  profit
    customer_id
    C1             150.0          60.0    60.0
    C2              80.0          32.0    32.0
    >>> table.attrs["margin_note"]
    'gross margin assumed at 40% of revenue: the data have no cost column'
    """
    what = "transactions"
    for name, rate in (
        ("cost_per_order", cost_per_order),
        ("cost_per_return", cost_per_return),
        ("cost_per_contact", cost_per_contact),
    ):
        if not np.isfinite(rate) or rate < 0:
            raise ValueError(f"{name}: must be a non-negative number, got {rate!r}")
    require_columns(transactions, [CUSTOMER, "order_id", AMOUNT], what)
    basis = margin_basis(transactions, margin, what=what)
    if basis.rate is None:
        require_columns(transactions, [COST], what)
    transactions, customers, service_contacts = seen_until(
        transactions, customers, service_contacts, observation_end
    )
    kept = ~returned_flags(transactions, what)
    written_off = written_off_flags(transactions, what)
    amount = as_float_array(transactions[AMOUNT], f"{what}.{AMOUNT}")
    cost = cost_of_goods(transactions, amount, basis, what)
    lines = pd.DataFrame(
        {
            "customer": transactions[CUSTOMER].to_numpy(),
            "order": transactions["order_id"].to_numpy(),
            "revenue": np.where(kept, amount, 0.0),
            "cost_of_goods": np.where(kept, cost, 0.0),
            "bad_debt": np.where(kept & written_off, amount, 0.0),
            "returned_lines": (~kept).astype(int),
        }
    )
    grouped = lines.groupby("customer", sort=True)
    table = grouped[["revenue", "cost_of_goods", "bad_debt", "returned_lines"]].sum()
    table["orders"] = grouped["order"].nunique()

    if service_contacts is not None:
        require_columns(service_contacts, [CUSTOMER], "service_contacts")
        contacts = service_contacts.groupby(CUSTOMER).size()
    else:
        contacts = pd.Series(dtype=int)

    if customers is not None:
        require_columns(customers, [CUSTOMER], "customers")
        index = pd.Index(customers[CUSTOMER].to_numpy())
        duplicated = index.duplicated()
        if duplicated.any():
            raise ValueError(
                f"customers: {int(duplicated.sum())} duplicate customer id(s) in "
                f"'{CUSTOMER}' ({', '.join(map(str, index[duplicated][:5]))}); "
                "keep one row per customer"
            )
        for label, ids in (("transactions", table.index), ("service_contacts", contacts.index)):
            unknown = ids.difference(index)
            if len(unknown):
                raise ValueError(
                    f"{label}: {len(unknown)} customer id(s) not in customers "
                    f"({', '.join(map(str, unknown[:5]))}); pass the full customers table "
                    "or filter the rows first"
                )
    else:
        index = table.index.union(contacts.index)
    index = index.rename(CUSTOMER)

    out = table.reindex(index, fill_value=0)
    out["contacts"] = contacts.reindex(index, fill_value=0).astype(int)
    out["orders"] = out["orders"].astype(int)
    out["returned_lines"] = out["returned_lines"].astype(int)
    out["gross_margin"] = out["revenue"] - out["cost_of_goods"]
    out["cost_to_serve"] = (
        out["orders"] * cost_per_order
        + out["returned_lines"] * cost_per_return
        + out["contacts"] * cost_per_contact
    ).astype(float)
    out["profit"] = out["gross_margin"] - out["cost_to_serve"] - out["bad_debt"]
    columns = [
        "orders",
        "returned_lines",
        "contacts",
        "revenue",
        "cost_of_goods",
        "gross_margin",
        "cost_to_serve",
        "bad_debt",
        "profit",
    ]
    result = out[columns]
    result.attrs[MARGIN_NOTE] = basis.note
    return result


# ----------------------------------------------------------------------------- concentration
def _lorenz_points(sorted_values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Population and value shares of the Lorenz curve of ascending ``sorted_values``."""
    n = sorted_values.size
    total = sorted_values.sum()
    population = np.arange(n + 1) / n
    value = np.concatenate([[0.0], np.cumsum(sorted_values) / total])
    return population, value


def pareto_share(values: Sequence[float] | np.ndarray | pd.Series, top: float = 0.2) -> float:
    """Share of the total held by the top ``top`` fraction of customers (the 80/20 rule, 二八法则).

    The share is read off the piecewise-linear Lorenz curve, so a fractional customer is
    counted pro rata: with five customers, the top 20 % is exactly the largest one, and with
    three customers it is 0.6 of the largest one. Equal values therefore give exactly
    ``top``. Negative values (loss-making customers) are allowed as long as the total is
    positive; the share can then exceed 1 ("the top 20 % earn 130 % of the profit").

    Parameters
    ----------
    values : sequence of float
        One value per customer (revenue, profit …); no NaN.
    top : float
        The top fraction of customers, in (0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> pareto_share([1, 1, 1, 1, 16])
    0.8
    >>> pareto_share([5, 5, 5, 5], top=0.25)
    0.25
    """
    arr = _values_series(values, "values").to_numpy()
    if not 0 < top <= 1:
        raise ValueError(f"top: must be a fraction in (0, 1], got {top!r}")
    total = arr.sum()
    if total <= 0:
        raise ValueError(
            f"values: the total is {total:g}; a share of the total needs a positive total"
        )
    population, value = _lorenz_points(np.sort(arr))
    return float(1.0 - np.interp(1.0 - top, population, value))


def _non_negative(values: object, what: str) -> np.ndarray:
    series = _values_series(values, what)
    negative = series < 0
    if negative.any():
        raise ValueError(
            f"{what}: {int(negative.sum())} negative value(s) at "
            f"{row_list(series.index[negative.to_numpy()])}; the Lorenz curve and the Gini "
            "coefficient are defined for non-negative values — for profit use whale_curve, "
            "or pass values.clip(lower=0) and say so"
        )
    arr = series.to_numpy()
    if arr.sum() == 0:
        raise ValueError(f"{what}: all values are zero; there is nothing to share")
    return arr


def lorenz_curve(values: Sequence[float] | np.ndarray | pd.Series) -> pd.DataFrame:
    """Lorenz curve (洛伦兹曲线): cumulative share of value held by the poorest customers.

    Customers are sorted from the smallest to the largest value.

    Parameters
    ----------
    values : sequence of float
        Non-negative values, one per customer, not all zero. Negative values (profit of
        loss-making customers) raise ``ValueError``: use :func:`whale_curve` for profit.

    Returns
    -------
    DataFrame
        ``n + 1`` rows with columns ``population_share`` and ``value_share``, starting at
        (0, 0) and ending at (1, 1); non-decreasing and convex.

    Examples
    --------
    >>> lorenz_curve([3, 1])
       population_share  value_share
    0               0.0         0.00
    1               0.5         0.25
    2               1.0         1.00
    """
    arr = _non_negative(values, "values")
    population, value = _lorenz_points(np.sort(arr))
    return pd.DataFrame({"population_share": population, "value_share": value})


def gini(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Gini coefficient (基尼系数) of non-negative values.

    G = Σ_i (2i − n − 1) x_(i) / (n Σ x), with x sorted ascending and i = 1 … n; twice the
    area between the diagonal and the Lorenz curve. 0 when everybody holds the same, and
    (n − 1)/n → 1 when one customer holds everything.

    Negative values raise ``ValueError`` (the coefficient is not defined for them; profit of
    loss-making customers belongs in :func:`whale_curve`).

    Examples
    --------
    >>> gini([2, 2, 2, 2])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    arr = np.sort(_non_negative(values, "values"))
    n = arr.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * arr) / (n * arr.sum()))


@dataclass(frozen=True)
class WhaleCurve:
    """Result of :func:`whale_curve`.

    Attributes
    ----------
    curve : DataFrame
        One row per customer, most profitable first, indexed by rank 1 … n, with columns
        ``customer`` (the label from the input index), ``profit``, ``customer_share``
        (rank / n), ``cumulative_profit`` and ``cumulative_profit_pct`` (% of total profit).
        Prepend (0, 0) when you draw it.
    total_profit : float
    peak_percent : float
        Highest cumulative profit, in % of the total (≥ 100 when some customers lose money).
    peak_customer_share : float
        Share of customers (0–1) at which the peak is reached: the profitable ones.
    unprofitable_customers : int
        Customers with negative profit.
    unprofitable_share : float
        The same as a share of all customers.
    """

    curve: pd.DataFrame
    total_profit: float
    peak_percent: float
    peak_customer_share: float
    unprofitable_customers: int
    unprofitable_share: float


def whale_curve(profit: Sequence[float] | np.ndarray | pd.Series) -> WhaleCurve:
    """The profit whale curve (鲸鱼曲线): cumulative profit, most profitable customers first.

    The curve rises above 100 % of total profit while profitable customers are added and
    sinks back to 100 % as the loss-making ones come in: the hump is the profit they destroy.

    Parameters
    ----------
    profit : sequence of float
        Profit per customer (a Series keeps its labels in ``curve.customer``). The total
        must be positive, otherwise percentages of it mean nothing.

    Returns
    -------
    WhaleCurve

    Examples
    --------
    >>> w = whale_curve(pd.Series([60.0, -20.0, 40.0, 20.0], index=["a", "b", "c", "d"]))
    >>> w.peak_percent, w.peak_customer_share, w.unprofitable_customers
    (120.0, 0.75, 1)
    >>> w.curve[["customer", "cumulative_profit_pct"]]
         customer  cumulative_profit_pct
    rank
    1           a                   60.0
    2           c                  100.0
    3           d                  120.0
    4           b                  100.0
    """
    series = _values_series(profit, "profit")
    total = float(series.sum())
    if total <= 0:
        raise ValueError(
            f"profit: the total profit is {total:g}; the whale curve shows cumulative profit "
            "as a percentage of a positive total"
        )
    order = np.argsort(-series.to_numpy(), kind="stable")
    ranked = series.iloc[order]
    n = len(ranked)
    cumulative = np.cumsum(ranked.to_numpy())
    curve = pd.DataFrame(
        {
            "customer": ranked.index.to_numpy(),
            "profit": ranked.to_numpy(),
            "customer_share": np.arange(1, n + 1) / n,
            "cumulative_profit": cumulative,
            "cumulative_profit_pct": cumulative / total * 100.0,
        },
        index=pd.RangeIndex(1, n + 1, name="rank"),
    )
    peak = int(np.argmax(cumulative))
    unprofitable = int((series < 0).sum())
    return WhaleCurve(
        curve=curve,
        total_profit=total,
        peak_percent=float(cumulative[peak] / total * 100.0),
        peak_customer_share=float((peak + 1) / n),
        unprofitable_customers=unprofitable,
        unprofitable_share=unprofitable / n,
    )


# ----------------------------------------------------------------------------- pyramid
@dataclass(frozen=True)
class CustomerPyramid:
    """Result of :func:`customer_pyramid`.

    Attributes
    ----------
    tiers : Series
        Tier of every customer (ordered categorical, top tier first), indexed like the input.
    summary : DataFrame
        One row per tier (top first) with ``customers``, ``customer_share``,
        ``value_total``, ``value_share`` and, for each column ``c`` of ``measures``,
        ``c_total`` and ``c_share``.
    """

    tiers: pd.Series
    summary: pd.DataFrame


def customer_pyramid(
    values: Sequence[float] | np.ndarray | pd.Series,
    shares: Sequence[float] = PYRAMID_SHARES,
    labels: Sequence[str] = PYRAMID_LABELS,
    *,
    measures: pd.DataFrame | None = None,
) -> CustomerPyramid:
    """The customer pyramid (客户金字塔): tiers by value rank, with each tier's share of value.

    Customers are ranked by ``values`` from the highest down (ties keep input order); the
    top ``shares[0]`` of customers form the first tier, and so on. Tier sizes are the
    cumulative shares × n rounded half up, so small groups can leave the VIP tier empty
    (1 % of 40 customers rounds to 0).

    Parameters
    ----------
    values : sequence of float
        The ranking value per customer (profit or revenue). A Series keeps its index.
    shares : sequence of float
        Fractions of customers per tier, top first, positive and summing to 1. Default:
        VIP 1 %, major 4 %, ordinary 15 %, small 80 %.
    labels : sequence of str
        One label per tier, top first; see :data:`PYRAMID_LABELS_CN` and
        :func:`tier_labels_cn` for Chinese.
    measures : DataFrame, optional
        Further per-customer columns (e.g. ``revenue`` and ``profit`` of
        :func:`customer_profitability`) whose totals and shares per tier the summary reports;
        indexed like ``values``.

    Returns
    -------
    CustomerPyramid

    Examples
    --------
    >>> p = customer_pyramid(pd.Series([50, 30, 10, 5, 5], index=list("abcde")),
    ...                      shares=(0.2, 0.4, 0.4), labels=("top", "middle", "bottom"))
    >>> p.tiers.tolist()
    ['top', 'middle', 'middle', 'bottom', 'bottom']
    >>> p.summary[["customers", "value_share"]]
            customers  value_share
    tier
    top             1          0.5
    middle          2          0.4
    bottom          2          0.1
    """
    share_arr = check_shares(shares, labels)
    series = _values_series(values, "values")
    codes = pyramid_codes(series.to_numpy(), share_arr)
    categories = pd.CategoricalDtype(list(labels), ordered=True)
    tiers = pd.Series(
        pd.Categorical.from_codes(codes, dtype=categories), index=series.index, name="tier"
    )
    data = pd.DataFrame({"value": series.to_numpy()}, index=series.index)
    measure_cols: list[str] = []
    if measures is not None:
        if not isinstance(measures, pd.DataFrame):
            raise TypeError("measures: expected a DataFrame indexed like values")
        missing = series.index.difference(measures.index)
        if len(missing):
            raise ValueError(
                f"measures: no row for {len(missing)} customer(s) of values "
                f"({', '.join(map(str, missing[:5]))}); index measures like values"
            )
        measure_cols = list(measures.columns)
        for col in measure_cols:
            data[col] = as_float_array(measures.loc[series.index, col], f"measures.{col}")
    data["tier"] = tiers
    grouped = data.groupby("tier", observed=False)
    summary = pd.DataFrame({"customers": grouped.size().astype(int)})
    summary["customer_share"] = summary["customers"] / len(series)
    for col, name in [("value", "value"), *[(c, c) for c in measure_cols]]:
        totals = grouped[col].sum()
        grand = data[col].sum()
        summary[f"{name}_total"] = totals
        summary[f"{name}_share"] = totals / grand if grand != 0 else np.nan
    summary.index.name = "tier"
    return CustomerPyramid(tiers=tiers, summary=summary)


def tier_labels_cn(
    tiers: pd.Series | Sequence[str], mapping: Mapping[str, str] | None = None
) -> pd.Series | list[str]:
    """Translate pyramid tier labels to the Chinese course terms (VIP客户, 主要客户 …).

    Labels without a translation are kept as they are.

    Examples
    --------
    >>> tier_labels_cn(["VIP", "small"])
    ['VIP客户', '小客户']
    """
    table = dict(PYRAMID_LABELS_CN if mapping is None else mapping)
    if isinstance(tiers, pd.Series):
        return tiers.astype(object).map(lambda t: table.get(t, t))
    return [table.get(t, t) for t in tiers]


# ----------------------------------------------------------------------------- value matrix
def value_capability_matrix(
    value: pd.Series | Sequence[float] | np.ndarray,
    capability: pd.Series | Sequence[float] | np.ndarray,
    value_cut: float | None = None,
    capability_cut: float | None = None,
) -> pd.DataFrame:
    """Place customers in the customer value – enterprise capability matrix (客户价值-企业能力矩阵).

    - zone A, select actively (重点选择): value ≥ ``value_cut`` and capability ≥
      ``capability_cut`` — valuable, and the firm can serve them well;
    - zone B, select when the chance comes (择机选择): value ≥ ``value_cut`` but capability
      below the cut — valuable, but the firm's ability to serve them is limited;
    - zone C, select passively (消极选择): value below ``value_cut``, whatever the capability.

    Parameters
    ----------
    value : Series or sequence of float
        Customer value (e.g. profit or CLV).
    capability : Series or sequence of float
        The firm's capability to serve each customer (e.g. a score of fit, cost to serve
        reversed, or satisfaction). Two Series must have the same index; sequences the same
        length.
    value_cut, capability_cut : float, optional
        Thresholds; a value equal to the cut counts as high. Default: the median of each, so
        about half the customers are "high".

    Returns
    -------
    DataFrame
        Indexed like ``value`` with columns ``value``, ``capability``, ``high_value``,
        ``capable``, ``zone`` (A/B/C), ``zone_en`` and ``zone_cn``.

    Examples
    --------
    >>> m = value_capability_matrix([10, 8, 2, 1], [5, 1, 5, 1])
    >>> m[["zone", "zone_cn"]]
      zone zone_cn
    0    A    重点选择
    1    B    择机选择
    2    C    消极选择
    3    C    消极选择
    """
    index, v_arr, c_arr = aligned_pair(value, capability, ("value", "capability"))
    v = pd.Series(v_arr, index=index, name=getattr(value, "name", None))
    c = pd.Series(c_arr, index=v.index)
    vcut = float(v.median()) if value_cut is None else float(value_cut)
    ccut = float(c.median()) if capability_cut is None else float(capability_cut)
    for name, cut in (("value_cut", vcut), ("capability_cut", ccut)):
        if not np.isfinite(cut):
            raise ValueError(f"{name}: must be a finite number, got {cut!r}")
    high_value = v >= vcut
    capable = c >= ccut
    zone = np.where(high_value & capable, "A", np.where(high_value, "B", "C"))
    out = pd.DataFrame(
        {
            "value": v,
            "capability": c.to_numpy(),
            "high_value": high_value.to_numpy(),
            "capable": capable.to_numpy(),
            "zone": zone,
        },
        index=v.index,
    )
    out["zone_en"] = out["zone"].map(lambda z: VALUE_CAPABILITY_ZONES[z][0])
    out["zone_cn"] = out["zone"].map(lambda z: VALUE_CAPABILITY_ZONES[z][1])
    return out
