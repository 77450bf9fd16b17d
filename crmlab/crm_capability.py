"""CRM capability and its effects (客户关系管理能力及其对绩效的影响, chapter 09).

The course defines CRM capability (CRM能力) as customer insight plus the ability to create
and deliver customer value, and names its effects on the firm's customers: the acquisition
rate, the retention rate, the satisfaction rate, the ratio of cross-selling to total sales
and the average share of wallet; and on innovation: the share of new products in sales.
An order log cannot measure a capability, but it can measure these effects, and compare
customers or periods with more or less of a capability signal the data hold:

- :func:`cross_selling_ratio` — per customer, the revenue from categories other than the one
  she first bought (交叉销售额) and its share of her revenue;
- :func:`capability_effects` — the effects for groups of customers (e.g. members, whom the
  firm knows well, against other customers; complaints resolved against unresolved);
- :func:`capability_over_time` — the effects period by period, with the share of new
  products in sales;
- :func:`complaint_groups` — customers by how their complaints were handled (a signal of
  delivering value: service recovery).

Share of wallet needs each customer's spending at other firms, which an order log does not
hold (see :func:`crmlab.customer_base.share_of_wallet`); the results leave it out. A
difference between groups is an association, not proof that the capability caused it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER, analysis_window, period_alias
from crmlab._sales import margin_basis, sales_lines
from crmlab._validate import date_column, require_columns

__all__ = [
    "COMPLAINT_GROUPS",
    "capability_effects",
    "capability_over_time",
    "complaint_groups",
    "cross_selling_ratio",
]

_YEAR = pd.Timedelta(days=365)


def _lines(
    transactions: pd.DataFrame, observation_end: object
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Kept lines up to observation_end with revenue, day and (when present) category."""
    lines = sales_lines(transactions, margin_basis(transactions, required=False), day=True)
    end = analysis_window(transactions, observation_end).observation_end
    lines = lines.loc[lines["day"] <= end]
    if "category" in transactions:
        lines = lines.assign(category=transactions.loc[lines.index, "category"].to_numpy())
    return lines, end


def _cross_sell(lines: pd.DataFrame) -> pd.DataFrame:
    """Per customer: revenue, cross-sell revenue, categories (lines need ``category``)."""
    ordered = lines.sort_values(["day", "revenue"], ascending=[True, False], kind="stable")
    home = ordered.groupby(CUSTOMER)["category"].first()
    outside = lines["category"].to_numpy() != home.reindex(lines[CUSTOMER]).to_numpy()
    per = lines.assign(cross=np.where(outside, lines["revenue"], 0.0)).groupby(CUSTOMER)
    out = pd.DataFrame(
        {
            "first_category": home,
            "categories": per["category"].nunique(),
            "revenue": per["revenue"].sum(),
            "cross_sell_revenue": per["cross"].sum(),
        }
    )
    out["cross_selling_ratio"] = out["cross_sell_revenue"] / out["revenue"].where(
        out["revenue"] > 0
    )
    return out


def cross_selling_ratio(
    transactions: pd.DataFrame, *, observation_end: object = None
) -> pd.DataFrame:
    """Cross-selling per customer (交叉销售额与总销售额的比率).

    A customer's *home* category is the one she bought first (on her first purchase day,
    the category of her largest line). Cross-selling revenue is her revenue from every
    other category; the ratio divides it by her revenue (non-returned lines up to
    ``observation_end``). The company-wide ratio is ``cross_sell_revenue.sum() /
    revenue.sum()``.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount``, ``category`` and,
        when some were returned, ``returned``.
    observation_end : date-like, optional
        The last day counted (default: the last day in the data).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` with ``first_category``, ``categories`` (how many she
        bought), ``revenue``, ``cross_sell_revenue`` and ``cross_selling_ratio``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2025-01-02", "2025-03-01", "2025-05-01", "2025-02-01"]),
    ...     "category": ["tops", "shoes", "tops", "tops"], "amount": [100.0, 50.0, 50.0, 80.0]})
    >>> cross_selling_ratio(tx)[["categories", "cross_sell_revenue", "cross_selling_ratio"]]
                 categories  cross_sell_revenue  cross_selling_ratio
    customer_id
    a                     2                50.0                 0.25
    b                     1                 0.0                 0.00
    """
    require_columns(
        transactions,
        ["category"],
        "transactions",
        hint="cross-selling is counted across product categories; map your product or "
        "category column onto 'category' where the data enter",
    )
    lines, _ = _lines(transactions, observation_end)
    return _cross_sell(lines.dropna(subset=["category"]))


def _check_groups(groups: pd.Series) -> pd.Series:
    if not isinstance(groups, pd.Series):
        raise TypeError("groups: expected a pandas Series customer_id → group label")
    if groups.index.has_duplicates:
        raise ValueError("groups: one label per customer; the index has duplicate customer ids")
    return groups.dropna()


def _satisfaction(survey: pd.DataFrame | None, end: pd.Timestamp) -> pd.Series | None:
    """Each respondent's latest overall satisfaction up to end (None without a survey)."""
    if survey is None:
        return None
    require_columns(survey, [CUSTOMER, "survey_date", "overall_satisfaction"], "survey")
    days = date_column(survey, "survey_date", "survey").dt.normalize()
    seen = survey.loc[(days <= end).to_numpy()].assign(day=days)
    latest = seen.sort_values("day", kind="stable").groupby(CUSTOMER).last()
    return latest["overall_satisfaction"].astype(float)


def capability_effects(
    transactions: pd.DataFrame,
    groups: pd.Series,
    *,
    survey: pd.DataFrame | None = None,
    calibration_end: object = None,
    observation_end: object = None,
    satisfied_at: float = 4,
) -> pd.DataFrame:
    """The effects of CRM capability, compared between groups of customers.

    For the customers of each group who bought in the year up to ``calibration_end`` (the
    group's *active* customers):

    - ``retention_rate`` (保持率): the share who bought again in the year after it (up to
      ``observation_end``);
    - ``satisfaction_rate`` (满意率): with a ``survey``, the share of the group's respondents
      whose latest ``overall_satisfaction`` (up to ``observation_end``) is at least
      ``satisfied_at``; ``satisfaction`` is their mean;
    - ``cross_selling_ratio`` (交叉销售额与总销售额的比率): the group's cross-selling revenue
      (:func:`cross_selling_ratio`) over its revenue, up to ``calibration_end`` (NaN
      without a ``category`` column); ``categories``: categories bought per customer.

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount`` and optionally
        ``category`` and ``returned``.
    groups : Series
        Customer id → group label (e.g. ``"member"``); customers not in it are left out.
    survey : DataFrame, optional
        With ``customer_id``, ``survey_date`` and ``overall_satisfaction``.
    calibration_end : date-like, optional
        The day that splits "before" and "after" (default: one year before
        ``observation_end``).
    observation_end : date-like, optional
        The last day seen (default: the last day in the data).
    satisfied_at : float, default 4
        The overall-satisfaction score from which a respondent counts as satisfied.

    Returns
    -------
    DataFrame
        One row per group with ``customers`` (active), ``retention_rate``,
        ``respondents``, ``satisfaction``, ``satisfaction_rate``, ``categories`` and
        ``cross_selling_ratio``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "c", "c"],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-06-01", "2025-02-01",
    ...                                   "2024-05-01", "2024-07-01", "2025-03-01"]),
    ...     "category": ["tops", "shoes", "tops", "tops", "tops", "tops"],
    ...     "amount": [100.0, 100.0, 50.0, 80.0, 60.0, 60.0]})
    >>> groups = pd.Series({"a": "member", "b": "other", "c": "other"})
    >>> capability_effects(tx, groups, calibration_end="2024-12-31")[
    ...     ["customers", "retention_rate", "cross_selling_ratio"]]
            customers  retention_rate  cross_selling_ratio
    group
    member          1             1.0                  0.5
    other           2             0.5                  0.0
    """
    groups = _check_groups(groups)
    window = analysis_window(transactions, observation_end, calibration_end)
    end, cut = window.observation_end, window.calibration_end
    lines, _ = _lines(transactions, end)
    before = lines.loc[(lines["day"] > cut - _YEAR) & (lines["day"] <= cut)]
    after = lines.loc[(lines["day"] > cut) & (lines["day"] <= min(end, cut + _YEAR))]
    active = pd.Index(before[CUSTOMER].unique()).intersection(groups.index)
    frame = pd.DataFrame({"group": groups.reindex(active).to_numpy()}, index=active)
    frame["retained"] = frame.index.isin(after[CUSTOMER].unique())
    if "category" in lines:
        cross = _cross_sell(lines.loc[lines["day"] <= cut].dropna(subset=["category"])).reindex(
            active
        )
        frame[["categories", "revenue", "cross_sell_revenue"]] = cross[
            ["categories", "revenue", "cross_sell_revenue"]
        ].to_numpy()
    grouped = frame.groupby("group", sort=True)
    out = pd.DataFrame(index=pd.Index(sorted(groups.unique()), name="group"))
    out["customers"] = grouped.size().reindex(out.index, fill_value=0).astype(int)
    out["retention_rate"] = grouped["retained"].mean().reindex(out.index)
    score = _satisfaction(survey, end)
    if score is not None:
        rated = pd.DataFrame({"group": groups.reindex(score.index), "score": score}).dropna()
        by = rated.groupby("group")["score"]
        out["respondents"] = by.size().reindex(out.index, fill_value=0).astype(int)
        out["satisfaction"] = by.mean().reindex(out.index)
        out["satisfaction_rate"] = (
            rated.assign(ok=rated["score"] >= satisfied_at).groupby("group")["ok"].mean()
        ).reindex(out.index)
    else:
        out["respondents"], out["satisfaction"], out["satisfaction_rate"] = 0, np.nan, np.nan
    if "categories" in frame:
        out["categories"] = grouped["categories"].mean().reindex(out.index)
        sums = grouped[["revenue", "cross_sell_revenue"]].sum().reindex(out.index)
        out["cross_selling_ratio"] = sums["cross_sell_revenue"] / sums["revenue"].where(
            sums["revenue"] > 0
        )
    else:
        out["categories"], out["cross_selling_ratio"] = np.nan, np.nan
    return out


def capability_over_time(
    transactions: pd.DataFrame,
    *,
    leads: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    new_products: Sequence[str] = (),
    period: str = "Y",
    observation_end: object = None,
    satisfied_at: float = 4,
) -> pd.DataFrame:
    """The effects of CRM capability period by period (对客户、对创新的影响).

    Per period (calendar years by default):

    - ``acquisition_rate`` (获取率): with ``leads``, the leads created in the period that
      were won (``stage_reached == "won"``), over the leads created;
    - ``retention_rate`` (保持率): the previous period's buyers who bought again in this one;
    - ``satisfaction_rate`` (满意率): with a ``survey``, the share of the period's answers
      with ``overall_satisfaction`` at least ``satisfied_at``;
    - ``cross_selling_ratio``: revenue from categories other than each buyer's first
      category (:func:`cross_selling_ratio`, first category over the whole history) over
      the period's revenue (NaN without ``category``);
    - ``new_product_share`` (新产品销量在销售额中的比率): the revenue share of the
      ``new_products`` categories.

    A period that ends after ``observation_end`` is partial (its rates use what was seen).

    Parameters
    ----------
    transactions : DataFrame
        Order lines with ``customer_id``, ``order_date``, ``amount`` and optionally
        ``category`` and ``returned``.
    leads : DataFrame, optional
        With ``created_date`` and ``stage_reached``.
    survey : DataFrame, optional
        With ``survey_date`` and ``overall_satisfaction``.
    new_products : sequence of str
        The categories counted as new products (e.g. ``[latest_launch(tx).category]``).
    period : str, default "Y"
        A pandas period alias.
    observation_end : date-like, optional
        The last day seen (default: the last day in the data).
    satisfied_at : float, default 4
        The score from which an answer counts as satisfied.

    Returns
    -------
    DataFrame
        Indexed by ``period`` with ``buyers``, ``acquisition_rate``, ``retention_rate``,
        ``satisfaction_rate``, ``cross_selling_ratio`` and ``new_product_share``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-05-01", "2025-02-01", "2025-03-01"]),
    ...     "category": ["tops", "tops", "gym", "tops"], "amount": [100.0, 80.0, 50.0, 50.0]})
    >>> capability_over_time(tx, new_products=["gym"])[
    ...     ["buyers", "retention_rate", "cross_selling_ratio", "new_product_share"]]
            buyers  retention_rate  cross_selling_ratio  new_product_share
    period
    2024         2             NaN                  0.0                0.0
    2025         2             0.5                  0.5                0.5
    """
    alias = period_alias(period)
    lines, end = _lines(transactions, observation_end)
    if lines.empty:
        raise ValueError("transactions: no non-returned line up to observation_end")
    lines = lines.assign(period=lines["day"].dt.to_period(alias))
    periods = pd.period_range(lines["period"].min(), end.to_period(alias), name="period")
    out = pd.DataFrame(index=periods)
    buyers = lines.groupby("period")[CUSTOMER].unique().reindex(periods)
    out["buyers"] = [0 if not isinstance(b, np.ndarray) else len(b) for b in buyers]
    retained = [np.nan]
    for before, now in zip(buyers.iloc[:-1], buyers.iloc[1:], strict=True):
        if not isinstance(before, np.ndarray) or not len(before):
            retained.append(np.nan)
            continue
        now = now if isinstance(now, np.ndarray) else np.array([])
        retained.append(float(np.isin(before, now).mean()))
    out["acquisition_rate"] = np.nan
    if leads is not None:
        require_columns(leads, ["created_date", "stage_reached"], "leads")
        created = date_column(leads, "created_date", "leads").dt.normalize()
        seen = leads.loc[(created <= end).to_numpy()]
        won = (seen["stage_reached"] == "won").groupby(created.loc[seen.index].dt.to_period(alias))
        out["acquisition_rate"] = won.mean().reindex(periods)
    out["retention_rate"] = retained
    out["satisfaction_rate"] = np.nan
    if survey is not None:
        require_columns(survey, ["survey_date", "overall_satisfaction"], "survey")
        days = date_column(survey, "survey_date", "survey").dt.normalize()
        answered = survey.loc[(days <= end).to_numpy()]
        ok = (answered["overall_satisfaction"] >= satisfied_at).groupby(
            days.loc[answered.index].dt.to_period(alias)
        )
        out["satisfaction_rate"] = ok.mean().reindex(periods)
    revenue = lines.groupby("period")["revenue"].sum().reindex(periods, fill_value=0.0)
    if "category" in lines:
        cross = _cross_sell(lines.dropna(subset=["category"]))
        home = cross["first_category"].reindex(lines[CUSTOMER]).to_numpy()
        outside = lines["revenue"].where(lines["category"].to_numpy() != home, 0.0)
        new = lines["revenue"].where(lines["category"].isin(list(new_products)), 0.0)
        out["cross_selling_ratio"] = outside.groupby(lines["period"]).sum().reindex(
            periods
        ) / revenue.where(revenue > 0)
        out["new_product_share"] = new.groupby(lines["period"]).sum().reindex(
            periods
        ) / revenue.where(revenue > 0)
    else:
        out["cross_selling_ratio"], out["new_product_share"] = np.nan, np.nan
    return out


#: The groups of :func:`complaint_groups`: code → Chinese name.
COMPLAINT_GROUPS: dict[str, str] = {
    "no complaint": "没有投诉",
    "all resolved": "投诉都已解决",
    "unresolved": "有未解决的投诉",
}


def complaint_groups(
    service_contacts: pd.DataFrame, customer_ids: Sequence[str] | pd.Index, until: object
) -> pd.Series:
    """Customers by how their complaints up to ``until`` were handled.

    ``"unresolved"`` when at least one complaint (``contact_type == "complaint"``) was not
    ``resolved``, ``"all resolved"`` when she complained and every complaint was resolved,
    ``"no complaint"`` otherwise (see :data:`COMPLAINT_GROUPS` for the Chinese names).

    Parameters
    ----------
    service_contacts : DataFrame
        With ``customer_id``, ``contact_date``, ``contact_type`` and ``resolved``.
    customer_ids : sequence
        The customers to label.
    until : date-like
        The last contact day counted (e.g. ``calibration_end``).

    Returns
    -------
    Series
        Customer id → group code.

    Examples
    --------
    >>> contacts = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...     "contact_date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"]),
    ...     "contact_type": ["complaint", "complaint", "inquiry"],
    ...     "resolved": [True, False, True]})
    >>> complaint_groups(contacts, ["a", "b", "c"], "2025-12-31").tolist()
    ['all resolved', 'unresolved', 'no complaint']
    """
    require_columns(
        service_contacts,
        [CUSTOMER, "contact_date", "contact_type", "resolved"],
        "service_contacts",
    )
    days = date_column(service_contacts, "contact_date", "service_contacts").dt.normalize()
    cut = pd.Timestamp(until).normalize()
    mask = (service_contacts["contact_type"] == "complaint").to_numpy() & (days <= cut).to_numpy()
    complaints = service_contacts.loc[mask]
    unresolved = (~complaints["resolved"].astype(bool)).groupby(complaints[CUSTOMER]).any()
    ids = pd.Index(customer_ids, name=CUSTOMER)
    state = unresolved.reindex(ids)
    label = np.select(
        [state.eq(True).to_numpy(), state.eq(False).to_numpy()],
        ["unresolved", "all resolved"],
        default="no complaint",
    )
    return pd.Series(label, index=ids, name="complaints")
