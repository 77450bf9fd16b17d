"""The truth behind the synthetic company: latent values, headline numbers, case customers.

Everything here is computed in the data layer's own terms (no analysis module): the
customer profit of the headline numbers and cases is revenue of the kept (not returned)
lines − their cost of goods − bad debt (written-off kept lines) − cost to serve, with the
generator's cost-to-serve rates; the same definition as ``crmlab.value``'s customer
profitability.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import to_dates
from crmlab.data._gen_customers import History, Membership, Population
from crmlab.data._gen_orders import Orders
from crmlab.data._params import COST_PER_CONTACT, COST_PER_ORDER, COST_PER_RETURN, MODEL_VERSION

__all__ = ["cases", "customer_profit", "make_truth", "summary", "truth_customers_table"]


def customer_profit(
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame,
    customer_ids: pd.Series,
    *,
    cost_per_order: float = COST_PER_ORDER,
    cost_per_return: float = COST_PER_RETURN,
    cost_per_contact: float = COST_PER_CONTACT,
) -> pd.DataFrame:
    """Per-customer profit for the headline numbers and cases, with the generator's rates.

    - ``revenue``: ``amount`` of the lines not returned (written-off lines included here
      and taken out again as bad debt); ``cost_of_goods``: their ``cost``;
    - ``cost_to_serve`` = orders × ``cost_per_order`` + returned lines × ``cost_per_return``
      + service contacts × ``cost_per_contact`` (every order counts);
    - ``bad_debt``: ``amount`` of the written-off lines not returned;
    - ``profit`` = revenue − cost_of_goods − cost_to_serve − bad_debt.

    Parameters
    ----------
    transactions, service_contacts
        The generated tables (contract columns, typed).
    customer_ids
        Every customer, in the order of the result (zeros for customers without orders).
    cost_per_order, cost_per_return, cost_per_contact
        Cost-to-serve rates in CNY.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``orders``, ``returned_lines``, ``contacts``,
        ``revenue``, ``cost_of_goods``, ``gross_margin``, ``cost_to_serve``, ``bad_debt``,
        ``profit``.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
    ...     "amount": [100.0, 50.0, 80.0], "cost": [40.0, 20.0, 30.0],
    ...     "returned": [False, True, False], "written_off": [False, False, True]})
    >>> contacts = pd.DataFrame({"customer_id": ["C2"]})
    >>> ids = pd.Series(["C1", "C2", "C3"])
    >>> customer_profit(tx, contacts, ids)[["revenue", "cost_to_serve", "bad_debt", "profit"]]
                 revenue  cost_to_serve  bad_debt  profit
    customer_id
    C1             100.0           40.0       0.0    20.0
    C2              80.0           35.0      80.0   -65.0
    C3               0.0            0.0       0.0     0.0
    """
    returned = transactions["returned"].to_numpy(dtype=bool)
    written_off = transactions["written_off"].to_numpy(dtype=bool)
    amount = transactions["amount"].to_numpy(dtype=float)
    cost = transactions["cost"].to_numpy(dtype=float)
    kept = ~returned
    lines = pd.DataFrame(
        {
            "customer": transactions["customer_id"].to_numpy(),
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
    contacts = service_contacts.groupby("customer_id").size()
    index = pd.Index(customer_ids.to_numpy()).rename("customer_id")
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
    return out[columns]


def truth_customers_table(
    params: dict[str, Any],
    pop: Population,
    history: History,
    membership: Membership,
    orders: Orders,
    cust_ids: np.ndarray,
) -> pd.DataFrame:
    """One row per customer with the latent values no analyst could observe."""
    enterprise = pop.enterprise
    segment = np.select(
        [
            enterprise & orders.bad_payer,
            enterprise,
            orders.heavy_returner,
            pop.deal_seeker,
            pop.contact_rate > 1.0,
        ],
        ["bad_payer_account", "enterprise", "heavy_returner", "deal_seeker", "high_maintenance"],
        default="regular",
    ).astype(object)
    return pd.DataFrame(
        {
            "customer_id": cust_ids,
            "segment": segment,
            "satisfaction": pop.satisfaction.astype(np.int64),
            "base_purchase_rate": np.round(pop.base_rate, 6),
            "purchase_rate": np.round(pop.rate, 6),
            "base_dropout_probability": np.round(pop.base_dropout, 6),
            "dropout_probability": np.round(pop.dropout, 6),
            "unresolved_complaint": history.unresolved,
            "dropout_date": to_dates(history.dropout_day),
            "alive_at_end": history.dropout_day < 0,
            "observed_weeks": np.round(history.observed_weeks, 4),
            "spend_nu": np.round(pop.nu, 8),
            "mean_spend": np.round(params["spend"]["p"] / pop.nu * pop.spend_mult, 2),
            "deal_seeker": pop.deal_seeker,
            "heavy_returner": orders.heavy_returner,
            "return_propensity": np.round(orders.return_prop, 6),
            "bad_payer": orders.bad_payer,
            "contact_rate": np.round(pop.contact_rate, 6),
            "kidswear_share": np.round(orders.kid_share, 6),
            "member": membership.member,
            "membership_lapse_probability": np.round(membership.theta, 6),
            "new_category_affinity": np.round(orders.launch_affinity, 6),
        }
    )


def make_truth(
    params: dict[str, Any],
    settings: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    truth_customers: pd.DataFrame,
) -> dict[str, Any]:
    """The ``truth`` dictionary: model version, settings, parameters, summary, cases."""
    cust = tables["customers"]
    rates = params["cost_to_serve"]
    profit_table = customer_profit(
        tables["transactions"],
        tables["service_contacts"],
        cust["customer_id"],
        cost_per_order=rates["cost_per_order"],
        cost_per_return=rates["cost_per_return"],
        cost_per_contact=rates["cost_per_contact"],
    )
    truth: dict[str, Any] = {
        "model_version": MODEL_VERSION,
        "settings": settings,
        "parameters": params,
    }
    truth["summary"] = summary(params, tables, truth_customers, profit_table)
    truth["cases"] = cases(tables, truth_customers, profit_table)
    return truth


def summary(
    params: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    truth_customers: pd.DataFrame,
    profit_table: pd.DataFrame,
) -> dict[str, Any]:
    """Headline numbers of the phenomena (recorded in truth.json and the README)."""
    tx = tables["transactions"]
    cust = tables["customers"]
    profit = np.sort(profit_table["profit"].to_numpy())[::-1]
    total = float(profit.sum())
    top = math.ceil(0.2 * profit.size)
    orders = tx.groupby("customer_id")["order_id"].nunique()
    mem = tables["memberships"]
    new_lines = tx["category"] == params["product_launch"]["category"]
    return {
        "customers": len(cust),
        "enterprise_accounts": int((cust["customer_type"] == "enterprise").sum()),
        "orders": int(tx["order_id"].nunique()),
        "order_lines": len(tx),
        "leads": len(tables["leads"]),
        "survey_responses": len(tables["survey"]),
        "service_contacts": len(tables["service_contacts"]),
        "members": len(mem),
        "total_profit": round(total, 2),
        "top_20pct_profit_share": round(float(profit[:top].sum()) / total, 4),
        "whale_curve_peak_share": round(float(np.cumsum(profit).max()) / total, 4),
        "unprofitable_customer_share": round(float((profit < 0).mean()), 4),
        "one_time_buyer_share": round(float((orders == 1).mean()), 4),
        "alive_at_end_share": round(float(truth_customers["alive_at_end"].mean()), 4),
        "returned_line_share": round(float(tx["returned"].mean()), 4),
        "written_off_amount": round(float(tx.loc[tx["written_off"], "amount"].sum()), 2),
        "new_category_lines": int(new_lines.sum()),
        "new_category_buyers": int(tx.loc[new_lines, "customer_id"].nunique()),
    }


def cases(
    tables: dict[str, pd.DataFrame], truth_customers: pd.DataFrame, profit_table: pd.DataFrame
) -> dict[str, Any]:
    """Named customers for the notebooks, each picked by a recorded rule."""
    tx = tables["transactions"]
    cust = tables["customers"]
    final_year = pd.Timestamp(S.DATA_END).year
    last = tx.groupby("customer_id")["order_date"].max()
    consumer_ids = cust.loc[cust["customer_type"] == "consumer", "customer_id"]
    kids = tx[tx["category"] == "kidswear"]
    kid_orders = kids.groupby("customer_id")["order_id"].nunique()
    kid_spend = kids.loc[~kids["returned"]].groupby("customer_id")["amount"].sum()
    found: dict[str, Any] = {}

    def record(name: str, cid: str | None, rule: str) -> None:
        if cid is None:
            found[name] = {"customer_id": None, "rule": rule}
            return
        tc = truth_customers.set_index("customer_id").loc[cid]
        found[name] = {
            "customer_id": cid,
            "rule": rule,
            "alive_at_end": bool(tc["alive_at_end"]),
            "segment": str(tc["segment"]),
        }

    zhang_rule = (
        f"Ms. Zhang (张女士, ch04): a consumer with kidswear in at least 3 orders whose last "
        f"order was in May {final_year}; among those, the largest kidswear spend "
        "(ties: smallest customer_id)."
    )
    zhang = None
    for months in ([5], [4, 5, 6], [3, 4, 5, 6, 7]):
        ok = (
            kid_orders.reindex(consumer_ids).fillna(0).ge(3).to_numpy()
            & last.reindex(consumer_ids).dt.year.eq(final_year).to_numpy()
            & last.reindex(consumer_ids).dt.month.isin(months).to_numpy()
        )
        ids = consumer_ids[ok]
        if len(ids):
            spend = kid_spend.reindex(ids).fillna(0.0)
            best = spend[spend == spend.max()].index.min()
            zhang = str(best)
            if months != [5]:
                zhang_rule += f" (none in May; relaxed to months {months})"
            break
    record("ms_zhang", zhang, zhang_rule)

    prof = profit_table["profit"]
    record(
        "most_profitable",
        str(prof.idxmax()),
        "The customer with the largest profit (revenue − COGS − bad debt − cost to serve).",
    )
    record(
        "least_profitable",
        str(prof.idxmin()),
        "The customer with the smallest (most negative) profit.",
    )
    wo = tx.loc[tx["written_off"]].groupby("customer_id")["amount"].sum()
    record(
        "bad_debt_account",
        str(wo.idxmax()) if len(wo) else None,
        "The enterprise account with the largest written-off amount (坏账).",
    )
    sv = tables["survey"].merge(cust[["customer_id", "competition"]], on="customer_id")
    sv = sv[(sv["competition"] == "low") & (sv["overall_satisfaction"] <= 2)]
    after = tx.merge(sv[["customer_id", "survey_date"]], on="customer_id")
    after = after[after["order_date"] > after["survey_date"]]
    n_after = after.groupby("customer_id")["order_id"].nunique()
    hostage = None
    if len(n_after):
        hostage = str(n_after[n_after == n_after.max()].index.min())
    record(
        "hostage",
        hostage,
        "A dissatisfied (overall_satisfaction ≤ 2) respondent in a low-competition city with "
        "the most orders after the survey (a 'hostage', 人质型客户; ch06); ties: smallest id.",
    )
    return found
