"""Who the customers are and what the database knows about them (客户与客户数据库, chapter 01).

- :func:`customer_360` — the 360° customer view (客户360度视图): one customer's profile,
  orders, survey answers, service contacts and membership in one place;
- :func:`relationship_stage` — every lead and customer placed on the course's scale of
  closeness (按关系远近): potential (潜在客户), target (目标客户), current (现实客户) or lost
  (流失客户); non-customers (非客户) are, by definition, not in the database;
- :func:`customer_base_metrics` — per period, the traditional "number of customers" view
  (客户数量) next to the CRM view of selling more to the same customer (钱夹份额): revenue,
  orders and categories per active customer, repeat rate, revenue from existing customers;
- :func:`share_of_wallet` — our share of a customer's spending in the category
  (钱夹份额 / share of customer), when that spending is known;
- :func:`member_comparison` — paid members next to the other customers (a first-level,
  financial bond of relationship marketing): revenue per customer and the share still current.

Conventions (the data contract): returned lines earn no revenue and do not count as
purchases (a table without a ``returned`` column has none); ``observation_end`` is the day
the analysis looks from (``None`` = the last day in the transactions). The customers and
leads tables enrich the analyses and may be ``None``: a customer then "signs up" on her
first purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import (
    AMOUNT,
    CUSTOMER,
    DATE,
    analysis_window,
    kept_lines,
    period_alias,
    purchase_days,
)
from crmlab._sales import cost_of_goods, margin_basis
from crmlab._validate import (
    as_float_array,
    bool_column,
    date_column,
    require_columns,
    row_list,
)
from crmlab.lifecycle import DEFAULT_INACTIVITY_DAYS

__all__ = [
    "RELATIONSHIP_STAGES",
    "RELATIONSHIP_STAGES_CN",
    "SUMMARY_PARTS",
    "CustomerView",
    "customer_360",
    "customer_base_metrics",
    "member_comparison",
    "relationship_stage",
    "share_of_wallet",
]

#: The course's relationship stages, from the most distant to the lost (按关系远近).
RELATIONSHIP_STAGES: tuple[str, ...] = ("non_customer", "potential", "target", "current", "lost")
#: Chinese course terms of the relationship stages.
RELATIONSHIP_STAGES_CN: dict[str, str] = {
    "non_customer": "非客户",
    "potential": "潜在客户",
    "target": "目标客户",
    "current": "现实客户",
    "lost": "流失客户",
}
#: The parts of the customer database (客户数据库) that :attr:`CustomerView.summary` reads:
#: purchase history (购买历史), contact records (联系记录) and the membership (会员关系).
SUMMARY_PARTS: dict[str, tuple[str, ...]] = {
    "purchase_history": tuple(
        "orders revenue gross_margin returned_lines categories first_purchase last_purchase "
        "days_since_last_purchase".split()
    ),
    "contact_records": tuple(
        "survey_responses last_satisfaction last_likelihood_to_recommend inquiries complaints "
        "unresolved_complaints".split()
    ),
    "membership": ("member", "membership_years_paid", "membership_lapsed"),
}
_MEMBER_COLUMNS = ["customers", "share_of_customers", "revenue_per_customer", "current_share"]
#: Lead stages that show the firm chose to pursue the prospect (a target customer).
_PURSUED = ("contacted", "interested", "negotiating")
_DAY = np.timedelta64(1, "D")


def _require_unique_ids(customers: pd.DataFrame) -> None:
    """Raise ValueError when a customer id appears on more than one row (private)."""
    doubled = customers[CUSTOMER].duplicated(keep=False)
    if doubled.any():
        ids = ", ".join(map(str, customers.loc[doubled, CUSTOMER].unique()[:5]))
        raise ValueError(
            f"customers: customer id(s) {ids} appear more than once "
            f"({row_list(customers.index[doubled.to_numpy()])}); keep one row per customer"
        )


# ----------------------------------------------------------------------------- 360° view
@dataclass(frozen=True)
class CustomerView:
    """One customer's 360° view (客户360度视图), returned by :func:`customer_360`.

    Attributes
    ----------
    customer_id
        The customer.
    profile : Series
        The customer's row of ``customers`` (basic information, 基本信息); only the id
        when no customers table was given.
    summary : Series
        Headline numbers: ``orders``, ``revenue``, ``gross_margin``, ``returned_lines``,
        ``categories``, ``first_purchase``, ``last_purchase``, ``days_since_last_purchase``,
        ``survey_responses``, ``last_satisfaction``, ``last_likelihood_to_recommend``,
        ``inquiries``, ``complaints``, ``unresolved_complaints``, ``member``,
        ``membership_years_paid``, ``membership_lapsed`` (NaN / None where a table was not
        given or has no row for the customer).
    orders : DataFrame
        The customer's order lines up to ``observation_end`` (purchase history, 购买历史),
        oldest first, returned lines included.
    survey, service_contacts, membership : DataFrame
        The customer's rows of each table (contact records, 联系记录), oldest first; empty
        frames with the table's columns when there are none, ``None`` when the table was
        not given.
    margin_note : str
        How ``summary["gross_margin"]`` was computed: from the ``cost`` column, at an
        assumed margin rate, or not at all (NaN).
    observation_end : Timestamp or None
        The day the view was taken (``None`` for a view built by hand).
    """

    customer_id: object
    profile: pd.Series
    summary: pd.Series
    orders: pd.DataFrame
    survey: pd.DataFrame | None
    service_contacts: pd.DataFrame | None
    membership: pd.DataFrame | None
    margin_note: str = ""
    observation_end: pd.Timestamp | None = None


def _rows_of(
    table: pd.DataFrame | None,
    customer_id: object,
    what: str,
    date: str,
    end: pd.Timestamp,
) -> pd.DataFrame | None:
    """The rows of ``table`` for one customer dated up to ``end``, oldest first (private)."""
    if table is None:
        return None
    require_columns(table, [CUSTOMER, date], what)
    rows = table.loc[table[CUSTOMER] == customer_id]
    rows = rows.assign(**{date: date_column(rows, date, what)})
    rows = rows.loc[rows[date] <= end].sort_values(date, kind="stable")
    return rows.reset_index(drop=True)


def customer_360(
    customer_id: object,
    customers: pd.DataFrame | None,
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    *,
    observation_end: object = None,
    margin: float | None = None,
) -> CustomerView:
    """Gather everything the customer database (客户数据库) knows about one customer.

    The 360° customer view (客户360度视图) puts a customer's basic information, purchase
    history and contact records side by side, so whoever serves her sees the whole
    relationship. Rows dated after ``observation_end`` are left out (``order_date``, and
    ``survey_date``, ``contact_date`` and ``join_date`` for the optional tables).

    Parameters
    ----------
    customer_id
        The customer to show; must be in ``customers`` (or, without it, in
        ``transactions``).
    customers : DataFrame or None
        The customers table (basic information). ``None``: the profile holds only the id.
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``order_id`` and ``amount``;
        ``cost`` for the gross margin (or pass ``margin``), ``category`` to count
        categories (NaN without it) and ``returned`` when some lines were returned.
    survey, service_contacts, memberships : DataFrame, optional
        More tables of the contract; leave out what you do not have.
    observation_end : date-like, optional
        The day the view is taken (default: the last day in ``transactions``).
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for data without a ``cost`` column. Without
        either, ``gross_margin`` is NaN (the rest of the view does not need it);
        ``margin_note`` of the result says which was used.

    Returns
    -------
    CustomerView
        ``profile``, ``summary`` and the customer's rows of each table. Revenue and gross
        margin count non-returned lines only; ``orders`` counts orders with a kept line.

    Raises
    ------
    ValueError
        If ``customer_id`` is not in ``customers`` (or is there twice), or a column is missing.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "customer_type": ["consumer", "enterprise"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C1", "C1", "C2"],
    ...     "order_id": ["O1", "O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-01-05", "2025-03-01", "2025-06-30"]),
    ...     "category": ["tops", "shoes", "tops", "tops"], "amount": [100.0, 60.0, 40.0, 900.0],
    ...     "cost": [50.0, 30.0, 20.0, 500.0], "returned": [False, True, False, False]})
    >>> view = customer_360("C1", customers, tx)
    >>> view.summary[["orders", "revenue", "returned_lines", "categories",
    ...               "days_since_last_purchase"]].tolist()
    [2, 140.0, 1, 1, 121]
    >>> len(view.orders), view.survey is None
    (3, True)

    Without a customers table or a cost column:

    >>> own = tx[["customer_id", "order_id", "order_date", "amount", "returned"]]
    >>> view = customer_360("C1", None, own, margin=0.5)
    >>> view.summary[["revenue", "gross_margin", "categories"]].tolist()
    [140.0, 70.0, nan]
    >>> view.margin_note
    'gross margin assumed at 50% of revenue: the data have no cost column'
    """
    columns = [CUSTOMER, DATE, "order_id", AMOUNT]
    require_columns(transactions, columns, "transactions")
    basis = margin_basis(transactions, margin, required=False)
    if customers is None:
        if not transactions[CUSTOMER].eq(customer_id).any():
            example = ", ".join(map(repr, transactions[CUSTOMER].drop_duplicates().head(3)))
            raise ValueError(
                f"customer_id: {customer_id!r} is not in transactions['{CUSTOMER}']; "
                f"pick one of its ids, e.g. {example}"
            )
        profile = pd.Series({CUSTOMER: customer_id}, dtype=object, name=customer_id)
    else:
        require_columns(customers, [CUSTOMER], "customers")
        match = customers.loc[customers[CUSTOMER] == customer_id]
        if match.empty:
            example = ", ".join(map(repr, customers[CUSTOMER].head(3).tolist()))
            raise ValueError(
                f"customer_id: {customer_id!r} is not in customers['{CUSTOMER}']; "
                f"pick one of its ids, e.g. {example}"
            )
        if len(match) > 1:
            raise ValueError(
                f"customers: customer id {customer_id!r} appears {len(match)} times "
                f"({row_list(match.index)}); keep one row per customer"
            )
        profile = match.iloc[0]
    dates = date_column(transactions, DATE, "transactions")
    end = analysis_window(dates, observation_end).observation_end

    orders = _rows_of(transactions, customer_id, "transactions", DATE, end)
    kept = kept_lines(orders, required=columns)
    amount = as_float_array(kept[AMOUNT], f"transactions.{AMOUNT}")
    last = kept[DATE].max() if len(kept) else pd.NaT
    summary: dict[str, object] = {
        "orders": int(kept["order_id"].nunique()),
        "revenue": float(amount.sum()),
        "gross_margin": float((amount - cost_of_goods(kept, amount, basis)).sum()),
        "returned_lines": int(len(orders) - len(kept)),
        "categories": int(kept["category"].nunique()) if "category" in kept else np.nan,
        "first_purchase": kept[DATE].min() if len(kept) else pd.NaT,
        "last_purchase": last,
        "days_since_last_purchase": (
            int((end - last.normalize()) / _DAY) if pd.notna(last) else np.nan
        ),
    }

    answers = _rows_of(survey, customer_id, "survey", "survey_date", end)
    summary["survey_responses"] = np.nan if answers is None else len(answers)
    for key, col in (
        ("last_satisfaction", "overall_satisfaction"),
        ("last_likelihood_to_recommend", "likelihood_to_recommend"),
    ):
        has = answers is not None and len(answers) and col in answers.columns
        summary[key] = float(answers[col].iloc[-1]) if has else np.nan

    contacts = _rows_of(service_contacts, customer_id, "service_contacts", "contact_date", end)
    if contacts is None:
        summary.update(inquiries=np.nan, complaints=np.nan, unresolved_complaints=np.nan)
    else:
        require_columns(contacts, ["contact_type", "resolved"], "service_contacts")
        complaint = contacts["contact_type"].eq("complaint")
        resolved = bool_column(contacts, "resolved", "service_contacts")
        summary["inquiries"] = int(contacts["contact_type"].eq("inquiry").sum())
        summary["complaints"] = int(complaint.sum())
        summary["unresolved_complaints"] = int((complaint & ~resolved).sum())

    member = _rows_of(memberships, customer_id, "memberships", "join_date", end)
    summary["member"] = None if member is None else bool(len(member))
    has_member = member is not None and len(member) > 0
    summary["membership_years_paid"] = (
        float(member["years_paid"].iloc[-1]) if has_member and "years_paid" in member else np.nan
    )
    summary["membership_lapsed"] = (
        bool(bool_column(member, "lapsed", "memberships").iloc[-1])
        if has_member and "lapsed" in member
        else None
    )
    return CustomerView(
        customer_id=customer_id,
        profile=profile,
        summary=pd.Series(summary, dtype=object, name=customer_id),
        orders=orders,
        survey=answers,
        service_contacts=contacts,
        membership=member,
        margin_note=basis.note,
        observation_end=end,
    )


# ----------------------------------------------------------------------------- stages
def relationship_stage(
    customers: pd.DataFrame | None,
    leads: pd.DataFrame | None,
    transactions: pd.DataFrame,
    observation_end: object = None,
    *,
    inactivity_days: int = DEFAULT_INACTIVITY_DAYS,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Place every lead and customer on the course's relationship scale (按关系远近分类).

    The rule, on ``observation_end`` (rows dated later are ignored):

    - a lead not won (``stage_reached`` ≠ ``"won"``) that nobody followed up (still
      ``"lead"``) is a **potential customer** (潜在客户): she may have the need and the
      means, but the firm has not acted on it;
    - a lead not won that the sales team pursued (``contacted``, ``interested`` or
      ``negotiating``) is a **target customer** (目标客户): one the firm chose to win;
    - a customer whose last purchase — or, before any purchase, her sign-up — is fewer
      than ``inactivity_days`` days before ``observation_end`` is a **current customer**
      (现实客户);
    - a customer silent for ``inactivity_days`` or more is a **lost customer** (流失客户).
      This is the fixed inactivity rule of :func:`crmlab.lifecycle.churn_rate` and
      :func:`crmlab.strategy.kpi_table` (default 180 days): the current customers who have
      bought are exactly those that ``kpi_table`` counts at risk in a period starting the
      day after ``observation_end``.

    **Non-customers** (非客户) — people who will never buy from us — leave no trace in a
    customer database, so no row is ever given that stage; it exists in
    :data:`RELATIONSHIP_STAGES` to keep the course's full scale.

    Parameters
    ----------
    customers : DataFrame or None
        One row per customer with ``customer_id``, ``customer_type`` and ``signup_date``.
        ``None``: the customers are those with a purchase on or before ``observation_end``,
        their ``kind`` is ``"unknown"`` and their activity is their purchases only.
    leads : DataFrame or None
        The lead table (``lead_id``, ``lead_type``, ``created_date``, ``stage_reached``);
        won leads are represented by their customer row. ``None``: no leads are known, so
        no one is a potential or target customer.
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date`` and, when some were returned,
        ``returned``.
    observation_end : date-like, optional
        The day the stages are assessed (default: the last day in ``transactions``).
    inactivity_days : int, default 180
        Days without a purchase after which a customer counts as lost.
    exclude_returns : bool, default True
        Returned lines are not purchases.

    Returns
    -------
    DataFrame
        One row per person, leads first, with ``id`` (lead or customer id), ``record``
        (``"lead"`` or ``"customer"``), ``kind`` (customer or lead type), ``last_activity``
        (last purchase or sign-up; NaT for leads), ``days_since_activity``, ``stage``
        (ordered categorical of :data:`RELATIONSHIP_STAGES`) and ``stage_cn``.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...     "customer_type": ["consumer"] * 3,
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2025-11-01"])})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "lead_type": ["consumer"] * 3,
    ...     "created_date": pd.to_datetime(["2025-01-01"] * 3),
    ...     "stage_reached": ["lead", "negotiating", "won"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...     "order_date": pd.to_datetime(["2025-12-01", "2024-03-02"]), "returned": [False] * 2})
    >>> relationship_stage(customers, leads, tx, "2025-12-31")[["id", "stage", "stage_cn"]]
       id      stage stage_cn
    0  L1  potential     潜在客户
    1  L2     target     目标客户
    2  C1    current     现实客户
    3  C2       lost     流失客户
    4  C3    current     现实客户
    >>> relationship_stage(None, None, tx, "2025-12-31")[["id", "kind", "stage"]]
       id     kind    stage
    0  C1  unknown  current
    1  C2  unknown     lost
    """
    if not (np.isfinite(inactivity_days) and inactivity_days > 0):
        raise ValueError(
            f"inactivity_days: must be a positive number of days, got {inactivity_days!r}"
        )
    if customers is not None:
        require_columns(customers, [CUSTOMER, "customer_type", "signup_date"], "customers")
        _require_unique_ids(customers)
    if leads is not None:
        require_columns(leads, ["lead_id", "lead_type", "created_date", "stage_reached"], "leads")
    purchases = purchase_days(transactions, exclude_returns=exclude_returns)
    end = analysis_window(transactions, observation_end).observation_end
    lead_rows = pd.DataFrame() if leads is None else _lead_rows(leads, end)

    seen = purchases.loc[purchases["day"] <= end]
    last_purchase = seen.groupby(CUSTOMER)["day"].max()
    if customers is None:
        ids, kind, last = last_purchase.index.to_numpy(), "unknown", last_purchase
    else:
        signup = date_column(customers, "signup_date", "customers").dt.normalize()
        known = customers.loc[signup <= end]
        last = pd.concat(
            [signup.loc[known.index].set_axis(known[CUSTOMER]), last_purchase], axis=1
        ).max(axis=1)
        ids, kind = known[CUSTOMER].to_numpy(), known["customer_type"].to_numpy()
        last = last.reindex(ids)
    silent = ((end - last) / _DAY).to_numpy()
    customer_rows = pd.DataFrame(
        {
            "id": ids,
            "record": "customer",
            "kind": kind,
            "last_activity": last.to_numpy(),
            "days_since_activity": silent,
            "stage": np.where(silent < inactivity_days, "current", "lost"),
        }
    )
    frames = [f for f in (lead_rows, customer_rows) if len(f)]
    if not frames:
        raise ValueError(
            f"leads, customers: nobody created or signed up on or before observation_end="
            f"{end.date()}; choose a later observation_end"
        )
    out = pd.concat(frames, ignore_index=True)
    out["last_activity"] = pd.to_datetime(out["last_activity"])
    out["stage"] = pd.Categorical(out["stage"], categories=list(RELATIONSHIP_STAGES), ordered=True)
    out["stage_cn"] = out["stage"].astype(object).map(RELATIONSHIP_STAGES_CN)
    return out


def _lead_rows(leads: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The open leads created by ``end``: potential (never followed up) or target (private)."""
    reached = leads["stage_reached"]
    unknown = ~reached.isin(("lead", *_PURSUED, "won"))
    if unknown.any():
        raise ValueError(
            f"leads: column 'stage_reached' has unknown stage(s) "
            f"{sorted(map(str, reached[unknown].unique()))[:5]} at "
            f"{row_list(leads.index[unknown.to_numpy()])}; use lead, contacted, interested, "
            "negotiating or won"
        )
    created = date_column(leads, "created_date", "leads")
    open_leads = leads.loc[(created <= end) & reached.ne("won")]
    return pd.DataFrame(
        {
            "id": open_leads["lead_id"].to_numpy(),
            "record": "lead",
            "kind": open_leads["lead_type"].to_numpy(),
            "last_activity": pd.NaT,
            "days_since_activity": np.nan,
            "stage": np.where(open_leads["stage_reached"].eq("lead"), "potential", "target"),
        }
    )


# ----------------------------------------------------------------------------- metrics
def customer_base_metrics(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    period: str = "Y",
    *,
    observation_end: object = None,
) -> pd.DataFrame:
    """Two views of growth per period: more customers, or more from each customer.

    Traditional marketing counts customers (客户数量); CRM sells more to the same customer
    (钱夹份额, share of customer). Without competitors' sales the share itself cannot be
    observed, so the second view uses what our own data shows of it. Per period:

    *Number of customers*

    - ``registered``: customers signed up by the end of the period;
    - ``new_customers``: customers who signed up in the period (新增客户);
    - ``active_customers``: customers with a kept (non-returned) purchase in the period.

    *Selling more to the same customer*

    - ``revenue_per_active``: kept revenue ÷ active customers;
    - ``orders_per_active``: orders with a kept line ÷ active customers;
    - ``categories_per_active``: mean number of distinct categories an active customer
      bought in the period (NaN for a table without ``category``);
    - ``repeat_rate``: share of active customers who bought on two or more days;
    - ``existing_revenue_share``: share of the period's revenue from customers who signed
      up before it began (new business from existing customers, 老客户的新业务).

    Without a customers table a customer "signs up" on her first kept purchase.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``order_id``, ``amount``,
        ``category`` when there is one, and ``returned`` when some lines were returned.
    customers : DataFrame, optional
        One row per customer with ``customer_id`` and ``signup_date``. ``None``: sign-up is
        the first kept purchase.
    period : str, default "Y"
        A pandas period alias: ``"Y"`` (year), ``"Q"`` or ``"M"``.
    observation_end : date-like, optional
        The last day the analysis sees: later lines and sign-ups are left out (the last
        period may then be incomplete). ``None``: the last day in ``transactions``.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (PeriodIndex, every period from the first to the last
        purchase up to ``observation_end``) with the columns above, in that order.

    See Also
    --------
    crmlab.strategy.kpi_table : lost and upgraded customers per period.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"],
    ...     "signup_date": pd.to_datetime(["2024-02-01", "2025-05-01"])})
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...     "order_id": ["o1", "o2", "o3", "o4"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2025-03-01", "2025-09-01",
    ...                                   "2025-05-01"]),
    ...     "category": ["tops", "tops", "shoes", "tops"], "amount": [100.0, 50.0, 150.0, 100.0],
    ...     "returned": [False] * 4})
    >>> metrics = customer_base_metrics(tx, customers)
    >>> metrics[["new_customers", "active_customers", "revenue_per_active"]]
            new_customers  active_customers  revenue_per_active
    period
    2024                1                 1               100.0
    2025                1                 2               150.0
    >>> metrics[["categories_per_active", "repeat_rate", "existing_revenue_share"]].round(3)
            categories_per_active  repeat_rate  existing_revenue_share
    period
    2024                      1.0          0.0                   0.000
    2025                      1.5          0.5                   0.667
    >>> customer_base_metrics(tx, observation_end="2025-06-30")["revenue_per_active"].tolist()
    [100.0, 75.0]
    """
    period = period_alias(period)
    if customers is not None:
        require_columns(customers, [CUSTOMER, "signup_date"], "customers")
        _require_unique_ids(customers)
    required = [CUSTOMER, DATE, "order_id", AMOUNT]
    has_category = "category" in transactions.columns
    kept = kept_lines(transactions, required=[*required, "category"] if has_category else required)
    end = analysis_window(transactions, observation_end).observation_end
    kept = kept.loc[(kept[DATE].dt.normalize() <= end).to_numpy()]
    if kept.empty:
        raise ValueError(
            f"transactions: no non-returned lines on or before observation_end={end.date()}; "
            "nothing to measure"
        )
    dates = kept[DATE].dt.normalize()
    if customers is None:
        signup = dates.groupby(kept[CUSTOMER].to_numpy()).min()
    else:
        signup = pd.Series(
            date_column(customers, "signup_date", "customers").to_numpy(),
            index=customers[CUSTOMER].to_numpy(),
        )
    missing = pd.Index(kept[CUSTOMER].unique()).difference(signup.index)
    if len(missing):
        raise ValueError(
            f"transactions: {len(missing)} customer id(s) not in customers "
            f"({', '.join(map(str, missing[:5]))}); pass the full customers table"
        )
    lines = pd.DataFrame(
        {
            "customer": kept[CUSTOMER].to_numpy(),
            "period": dates.dt.to_period(period).to_numpy(),
            "day": dates.to_numpy(),
            "order": kept["order_id"].to_numpy(),
            "category": kept["category"].to_numpy() if has_category else 0,
            "revenue": as_float_array(kept[AMOUNT], f"transactions.{AMOUNT}"),
        }
    )
    periods = pd.period_range(lines["period"].min(), lines["period"].max(), name="period")
    signup_period = signup.dt.to_period(period)
    lines["existing"] = signup_period.reindex(lines["customer"]).to_numpy() < lines["period"]

    per_customer = lines.groupby(["period", "customer"], observed=True).agg(
        days=("day", "nunique"), orders=("order", "nunique"), categories=("category", "nunique")
    )
    by_period = per_customer.groupby(level="period", observed=True)
    revenue = lines.groupby("period")["revenue"].sum()
    existing = lines.loc[lines["existing"]].groupby("period")["revenue"].sum()

    out = pd.DataFrame(index=periods)
    counts = signup_period.loc[(signup <= end).to_numpy()].value_counts()
    out["registered"] = [int(counts.loc[counts.index <= p].sum()) for p in periods]
    out["new_customers"] = counts.reindex(periods, fill_value=0).astype(int).to_numpy()
    active = by_period.size().reindex(periods, fill_value=0)
    out["active_customers"] = active.astype(int).to_numpy()
    denominator = active.where(active > 0)
    out["revenue_per_active"] = revenue.reindex(periods) / denominator
    out["orders_per_active"] = by_period["orders"].sum().reindex(periods) / denominator
    out["categories_per_active"] = (
        by_period["categories"].mean().reindex(periods) if has_category else np.nan
    )
    repeat = per_customer["days"].ge(2).groupby(level="period", observed=True).sum()
    out["repeat_rate"] = repeat.reindex(periods) / denominator
    out["existing_revenue_share"] = existing.reindex(periods, fill_value=0.0) / revenue.reindex(
        periods
    )
    out.index.name = "period"
    return out


def share_of_wallet(
    spend_with_us: float | pd.Series, category_spend: float | pd.Series
) -> float | pd.Series:
    """Share of wallet (钱夹份额, share of customer): our part of the customer's category spend.

    share of wallet = spending with us ÷ the customer's total spending in the category
    (ours + competitors'). The denominator is *not* in a firm's own sales records: it comes
    from asking customers (a survey question on their total spending), from panel or card
    data, or — for business customers — from their purchasing budget.

    Parameters
    ----------
    spend_with_us, category_spend : float or Series
        Spending with us and in the whole category over the same period (Series are aligned
        on their index).

    Returns
    -------
    float or Series
        A share in [0, 1] (a Series named ``share_of_wallet`` for Series input).

    Raises
    ------
    ValueError
        If a category spend is not positive, a spend is negative or missing, or the spend
        with us exceeds the category spend (which must include it).

    Examples
    --------
    >>> share_of_wallet(2_500, 10_000)
    0.25
    >>> share_of_wallet(pd.Series([300.0, 900.0], index=["A", "B"]),
    ...                 pd.Series([1_200.0, 1_000.0], index=["A", "B"]))
    A    0.25
    B    0.90
    Name: share_of_wallet, dtype: float64
    """
    if not isinstance(spend_with_us, pd.Series) and not isinstance(category_spend, pd.Series):
        ours = as_float_array(spend_with_us, "spend_with_us")
        total = as_float_array(category_spend, "category_spend")
        if ours.size != 1 or total.size != 1:
            raise ValueError("spend_with_us, category_spend: give two numbers or two Series")
        ours_s, total_s = pd.Series(ours), pd.Series(total)
        scalar = True
    else:
        ours_s = pd.Series(spend_with_us, dtype=float)
        total_s = pd.Series(category_spend, dtype=float)
        ours_s, total_s = ours_s.align(total_s)
        scalar = False
    for what, series in (("spend_with_us", ours_s), ("category_spend", total_s)):
        bad = series.isna() | ~np.isfinite(series.to_numpy())
        if bad.any():
            raise ValueError(
                f"{what}: missing value at {row_list(series.index[bad.to_numpy()])}; "
                "both Series need the same customers (index)"
            )
    bad = ours_s < 0
    if bad.any():
        raise ValueError(
            f"spend_with_us: negative spending at {row_list(ours_s.index[bad.to_numpy()])}"
        )
    bad = total_s <= 0
    if bad.any():
        raise ValueError(
            f"category_spend: must be positive, got {total_s[bad].tolist()[:5]} at "
            f"{row_list(total_s.index[bad.to_numpy()])}"
        )
    bad = ours_s > total_s
    if bad.any():
        raise ValueError(
            f"category_spend: below the spend with us at "
            f"{row_list(total_s.index[bad.to_numpy()])}; the category total includes what "
            "the customer spent with us — check the survey answer or the assumption"
        )
    share = (ours_s / total_s).rename("share_of_wallet")
    return float(share.iloc[0]) if scalar else share


# ----------------------------------------------------------------------------- members
def member_comparison(
    customers: pd.DataFrame | None,
    transactions: pd.DataFrame,
    memberships: pd.DataFrame,
    observation_end: object = None,
    *,
    inactivity_days: int = DEFAULT_INACTIVITY_DAYS,
) -> pd.DataFrame:
    """Paid members next to the other customers (会员与其他客户): value and staying power.

    A paid membership is a first-level, financial bond of relationship marketing (一级关系营销).
    The table describes the two groups; it does not prove the membership caused a gap
    (keen customers are the ones who join).

    Parameters
    ----------
    customers : DataFrame or None
        As for :func:`relationship_stage` (``None``: the customers are the buyers).
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount`` (and ``returned``).
    memberships : DataFrame
        ``customer_id`` and ``join_date``: who joined on or before ``observation_end`` is a
        member (a lapsed member too).
    observation_end : date-like, optional
        The day of the comparison (default: the last day in ``transactions``).
    inactivity_days : int, default 180
        The current/lost rule of :func:`relationship_stage`.

    Returns
    -------
    DataFrame
        Rows ``member`` and ``other``; columns ``customers``, ``share_of_customers``,
        ``revenue_per_customer`` (kept revenue to ``observation_end``, zero without a
        purchase) and ``current_share``. ``attrs["revenue_ratio"]``: members' revenue per
        customer ÷ the others'.

    Raises
    ------
    ValueError
        If a column is missing, or one of the two groups is empty.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["A", "B", "C", "C"],
    ...     "order_date": pd.to_datetime(["2025-12-01", "2025-01-05", "2025-12-20", "2025-12-20"]),
    ...     "amount": [300.0, 100.0, 150.0, 50.0], "returned": [False] * 4})
    >>> members = pd.DataFrame({"customer_id": ["A"], "join_date": pd.to_datetime(["2025-06-01"])})
    >>> table = member_comparison(None, tx, members, "2025-12-31")
    >>> table
            customers  share_of_customers  revenue_per_customer  current_share
    member          1            0.333333                 300.0            1.0
    other           2            0.666667                 150.0            0.5
    >>> table.attrs["revenue_ratio"]
    2.0
    """
    require_columns(memberships, [CUSTOMER, "join_date"], "memberships")
    stages = relationship_stage(
        customers, None, transactions, observation_end, inactivity_days=inactivity_days
    )
    end = analysis_window(transactions, observation_end).observation_end
    joined = date_column(memberships, "join_date", "memberships").dt.normalize() <= end
    is_member = stages["id"].isin(set(memberships.loc[joined.to_numpy(), CUSTOMER]))
    lines = kept_lines(transactions, required=[CUSTOMER, DATE, AMOUNT])
    lines = lines.loc[(lines[DATE].dt.normalize() <= end).to_numpy()]
    revenue = pd.Series(
        as_float_array(lines[AMOUNT], f"transactions.{AMOUNT}"), index=lines[CUSTOMER].to_numpy()
    )
    per_customer = revenue.groupby(level=0).sum().reindex(stages["id"], fill_value=0.0)
    current = stages["stage"].eq("current").to_numpy()
    rows = {}
    for group, mask in (("member", is_member.to_numpy()), ("other", ~is_member.to_numpy())):
        if not mask.any():
            raise ValueError(
                f"memberships: the {group} group is empty on observation_end={end.date()}; "
                "the comparison needs members and other customers"
            )
        revenue_mean = float(per_customer.to_numpy()[mask].mean())
        rows[group] = (int(mask.sum()), float(mask.mean()), revenue_mean, current[mask].mean())
    out = pd.DataFrame.from_dict(rows, orient="index", columns=_MEMBER_COLUMNS)
    other = out.loc["other", "revenue_per_customer"]
    out.attrs["revenue_ratio"] = (
        float(out.loc["member", "revenue_per_customer"] / other) if other > 0 else np.nan
    )
    return out
