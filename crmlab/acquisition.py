"""Customer identification and acquisition (客户识别与开发, chapter 02).

- :func:`funnel` / :func:`funnel_from_rates` — the lead pipeline as a sales funnel (销售漏斗):
  how many leads reach each stage, stage-to-stage and cumulative conversion, where they are
  lost ("the probability of success", 成功的概率);
- :func:`source_performance` — per lead source (寻找客户的方法): cost per lead, conversion, cost
  per acquired customer, value of the customers acquired and return on investment;
- :func:`man_score` / :func:`man_lift` — MAN qualification (Money 购买力, Authority 决策权,
  Need 需求) and how well it predicts a win.

These analyses need the leads table (and :func:`source_performance` the customers table too):
an order log alone cannot show where customers came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER
from crmlab._sales import MARGIN_NOTE, margin_basis, sales_lines
from crmlab._validate import (
    as_float_array,
    bool_column,
    check_range,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.data import LEAD_STAGES

__all__ = [
    "LEAD_STAGES",
    "LEAD_STAGES_CN",
    "MAN_COLUMNS",
    "ManLift",
    "funnel",
    "funnel_from_rates",
    "man_lift",
    "man_score",
    "source_performance",
]

#: Chinese names of the funnel stages of the data contract.
LEAD_STAGES_CN: dict[str, str] = {
    "lead": "线索",
    "contacted": "已接触",
    "interested": "有意向",
    "negotiating": "洽谈",
    "won": "成交",
}
#: The three MAN attributes and their Chinese names.
MAN_COLUMNS: dict[str, str] = {"money": "购买力", "authority": "决策权", "need": "需求"}


def _funnel_table(stages: Sequence[str], reached: np.ndarray, n_leads: float) -> pd.DataFrame:
    """Build the funnel table from counts reaching each stage (private)."""
    reached = np.asarray(reached, dtype=float)
    previous = np.concatenate([[n_leads], reached[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        stage_conversion = np.where(
            previous > 0, reached / np.where(previous > 0, previous, 1), np.nan
        )
        cumulative = np.where(n_leads > 0, reached / (n_leads if n_leads > 0 else 1), np.nan)
    lost = np.concatenate([reached[:-1] - reached[1:], [0.0]])
    table = pd.DataFrame(
        {
            "stage_cn": [LEAD_STAGES_CN.get(s, s) for s in stages],
            "reached": reached,
            "stage_conversion": stage_conversion,
            "cumulative_conversion": cumulative,
            "lost": lost,
        },
        index=pd.Index(list(stages), name="stage"),
    )
    return table


def funnel(leads: pd.DataFrame, stages: Sequence[str] = LEAD_STAGES) -> pd.DataFrame:
    """The sales funnel (销售漏斗) of a lead table.

    ``stage_reached`` holds the furthest stage each lead reached; a lead that reached
    ``'negotiating'`` also passed every earlier stage, so the count reaching a stage is the
    number of leads whose furthest stage is that one or a later one.

    Parameters
    ----------
    leads : DataFrame
        One row per lead, with ``stage_reached``.
    stages : sequence of str
        The stages in pipeline order (default: the data contract's
        lead → contacted → interested → negotiating → won).

    Returns
    -------
    DataFrame
        Indexed by ``stage`` with columns ``stage_cn`` (Chinese name), ``reached`` (leads
        reaching the stage; non-increasing), ``stage_conversion`` (share of the previous
        stage's leads that reached this one; the first stage's is reached ÷ all leads),
        ``cumulative_conversion`` (reached ÷ all leads) and ``lost`` (leads whose furthest
        stage is this one and that did not go on; 0 at the last stage). Conversion from a
        stage nobody reached is NaN.

    Examples
    --------
    >>> leads = pd.DataFrame({"stage_reached": ["lead"] * 5 + ["contacted"] * 3
    ...                       + ["interested", "won"]})
    >>> funnel(leads)
                stage_cn  reached  stage_conversion  cumulative_conversion  lost
    stage
    lead              线索       10               1.0                    1.0     5
    contacted        已接触        5               0.5                    0.5     3
    interested       有意向        2               0.4                    0.2     1
    negotiating       洽谈        1               0.5                    0.1     0
    won               成交        1               1.0                    0.1     0
    """
    stages = list(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise ValueError(f"stages: expected at least two distinct stages, got {stages!r}")
    require_columns(leads, ["stage_reached"], "leads")
    require_nonempty(leads, "leads")
    values = leads["stage_reached"]
    unknown = ~values.isin(stages) | values.isna()
    if unknown.any():
        found = sorted({str(v) for v in values[unknown].dropna()})[:5]
        if values.isna().any():
            found.append("missing")
        raise ValueError(
            f"leads: column 'stage_reached' has {int(unknown.sum())} unknown stage(s) "
            f"({', '.join(found)}) at {row_list(values.index[unknown.to_numpy()])}; "
            f"expected one of {', '.join(stages)} (pass stages=... for another pipeline)"
        )
    position = values.map({s: i for i, s in enumerate(stages)}).to_numpy(dtype=int)
    furthest = np.bincount(position, minlength=len(stages))
    reached = furthest[::-1].cumsum()[::-1]
    table = _funnel_table(stages, reached, float(len(leads)))
    return table.astype({"reached": int, "lost": int})


def funnel_from_rates(
    n_leads: float,
    rates: Sequence[float],
    stages: Sequence[str] = LEAD_STAGES,
) -> pd.DataFrame:
    """A funnel from stage-to-stage conversion rates (the chapter's funnel widget).

    Parameters
    ----------
    n_leads : float
        Leads entering the first stage (≥ 0).
    rates : sequence of float
        One conversion rate in [0, 1] per step, i.e. ``len(stages) - 1`` of them: the share
        of the leads at stage k that reach stage k + 1.
    stages : sequence of str
        Stage names, first to last.

    Returns
    -------
    DataFrame
        The same columns as :func:`funnel`; ``reached`` holds expected (possibly
        fractional) counts.

    Examples
    --------
    >>> funnel_from_rates(100, [0.8, 0.5, 0.5, 0.25])["reached"].tolist()
    [100.0, 80.0, 40.0, 20.0, 5.0]
    """
    stages = list(stages)
    rate_arr = as_float_array(rates, "rates")
    if rate_arr.size != len(stages) - 1:
        raise ValueError(
            f"rates: expected {len(stages) - 1} conversion rate(s), one per step between "
            f"{len(stages)} stages, got {rate_arr.size}"
        )
    check_range(rate_arr, "rates", low=0, high=1)
    if not np.isfinite(n_leads) or n_leads < 0:
        raise ValueError(f"n_leads: must be a non-negative number, got {n_leads!r}")
    reached = float(n_leads) * np.concatenate([[1.0], np.cumprod(rate_arr)])
    return _funnel_table(stages, reached, float(n_leads))


def source_performance(
    leads: pd.DataFrame,
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    won_stage: str = "won",
    add_lead_cost: bool = False,
    margin: float | None = None,
) -> pd.DataFrame:
    """Performance of each lead source / acquisition channel (获客渠道).

    Definitions, per source:

    - ``leads``, ``won``, ``conversion`` = won ÷ leads, from the lead table;
    - ``lead_cost`` = total cost of generating its leads; ``cost_per_lead``;
    - ``customers`` = customers in the customers table whose ``channel`` is this source
      (every acquired customer, also those who never passed through the lead table);
    - ``acquisition_cost`` = sum of those customers' ``acquisition_cost``;
    - ``total_cost`` = ``acquisition_cost``: in the data contract a customer's
      acquisition cost already includes the cost of all the leads it took to win them
      (won and lost). For data where ``acquisition_cost`` is only the closing cost, pass
      ``add_lead_cost=True`` to get ``lead_cost`` + ``acquisition_cost``;
    - ``cost_per_acquisition`` (CPA, 单位获客成本) = total_cost ÷ customers;
    - ``value_total`` = gross margin (amount − cost of non-returned lines; for data without
      ``cost``, amount × ``margin``) of those customers over the data;
      ``value_per_customer`` = value_total ÷ customers (customers who never bought count as
      0). Cost to serve and bad debt are not deducted here (see
      :func:`crmlab.value.customer_profitability`);
    - ``roi`` = (value_total − total_cost) ÷ total_cost.

    Divisions by zero give NaN.

    Parameters
    ----------
    leads : DataFrame
        One row per lead with ``source``, ``cost`` and ``stage_reached``. Required: the
        leads are where conversion and lead cost come from.
    customers : DataFrame
        One row per customer with ``customer_id``, ``channel`` and ``acquisition_cost``.
        Required: it ties each customer to the source that brought her in.
    transactions : DataFrame
        Order lines with ``customer_id``, ``amount``, ``cost`` (or pass ``margin``) and,
        when some were returned, ``returned``.
    won_stage : str, default "won"
        The stage of ``stage_reached`` that counts as won.
    add_lead_cost : bool, default False
        Add the leads' cost to the customers' acquisition cost (see ``total_cost``).
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for transactions without a ``cost`` column;
        with a ``cost`` column it is not used. Without either, ``ValueError``.

    Returns
    -------
    DataFrame
        Indexed by ``source`` (every source seen in the leads or the customers, sorted) with
        the columns above in that order; ``attrs["margin_note"]`` says how gross margin was
        computed.

    Examples
    --------
    >>> leads = pd.DataFrame({"source": ["referral", "referral", "online_ads"],
    ...                       "cost": [10.0, 10.0, 30.0],
    ...                       "stage_reached": ["won", "lead", "lead"]})
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "channel": ["referral", "online_ads"],
    ...                           "acquisition_cost": [20.0, 50.0]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"], "amount": [200.0, 100.0],
    ...                    "cost": [80.0, 60.0], "returned": [False, False]})
    >>> source_performance(leads, customers, tx)[["cost_per_acquisition", "value_total", "roi"]]
                cost_per_acquisition  value_total  roi
    source
    online_ads                  50.0         40.0 -0.2
    referral                    20.0        120.0  5.0
    """
    for table, frame, use in (
        ("leads", leads, "the leads per source, their cost and how many were won"),
        ("customers", customers, "each customer's acquisition channel and cost"),
    ):
        if frame is None:
            raise ValueError(
                f"{table}: not given; source_performance needs the {table} table for {use}. "
                "Data without it cannot be split by lead source"
            )
    require_columns(leads, ["source", "cost", "stage_reached"], "leads")
    require_columns(customers, [CUSTOMER, "channel", "acquisition_cost"], "customers")
    basis = margin_basis(transactions, margin)
    lead_cost = pd.Series(as_float_array(leads["cost"], "leads.cost"), index=leads.index)
    check_range(lead_cost, "leads.cost", low=0)
    acq_cost = pd.Series(
        as_float_array(customers["acquisition_cost"], "customers.acquisition_cost"),
        index=customers.index,
    )
    check_range(acq_cost, "customers.acquisition_cost", low=0)
    if leads["source"].isna().any() or customers["channel"].isna().any():
        raise ValueError(
            "leads/customers: missing values in 'source' or 'channel'; "
            "fill them (e.g. 'unknown') first"
        )

    lead_table = pd.DataFrame(
        {
            "source": leads["source"].to_numpy(),
            "won": (leads["stage_reached"] == won_stage).to_numpy(),
            "cost": lead_cost.to_numpy(),
        }
    ).groupby("source")
    by_lead = pd.DataFrame(
        {
            "leads": lead_table.size(),
            "won": lead_table["won"].sum(),
            "lead_cost": lead_table["cost"].sum(),
        }
    )

    gross = sales_lines(transactions, basis).groupby(CUSTOMER)["gross_margin"].sum()
    cust = pd.DataFrame(
        {
            "source": customers["channel"].to_numpy(),
            "acquisition_cost": acq_cost.to_numpy(),
            "value": gross.reindex(customers[CUSTOMER].to_numpy(), fill_value=0.0).to_numpy(),
        }
    ).groupby("source")
    by_customer = pd.DataFrame(
        {
            "customers": cust.size(),
            "acquisition_cost": cust["acquisition_cost"].sum(),
            "value_total": cust["value"].sum(),
        }
    )

    index = by_lead.index.union(by_customer.index).rename("source")
    out = pd.DataFrame(index=index)
    out["leads"] = by_lead["leads"].reindex(index, fill_value=0).astype(int)
    out["won"] = by_lead["won"].reindex(index, fill_value=0).astype(int)
    out["conversion"] = out["won"] / out["leads"].where(out["leads"] > 0)
    out["lead_cost"] = by_lead["lead_cost"].reindex(index, fill_value=0.0)
    out["cost_per_lead"] = out["lead_cost"] / out["leads"].where(out["leads"] > 0)
    out["customers"] = by_customer["customers"].reindex(index, fill_value=0).astype(int)
    out["acquisition_cost"] = by_customer["acquisition_cost"].reindex(index, fill_value=0.0)
    out["total_cost"] = out["acquisition_cost"] + (out["lead_cost"] if add_lead_cost else 0.0)
    customers_nonzero = out["customers"].where(out["customers"] > 0)
    out["cost_per_acquisition"] = out["total_cost"] / customers_nonzero
    out["value_total"] = by_customer["value_total"].reindex(index, fill_value=0.0)
    out["value_per_customer"] = out["value_total"] / customers_nonzero
    cost_nonzero = out["total_cost"].where(out["total_cost"] > 0)
    out["roi"] = (out["value_total"] - out["total_cost"]) / cost_nonzero
    out.attrs[MARGIN_NOTE] = basis.note
    return out


def man_score(leads: pd.DataFrame) -> pd.Series:
    """MAN score of each lead: how many of Money (购买力), Authority (决策权), Need (需求) hold.

    A "MAN" customer has all three; a lead with a score of 0 has none of them. The columns
    ``money``, ``authority`` and ``need`` hold booleans (or 0/1); text such as ``"False"``
    raises ``ValueError`` (convert it where the data are loaded).

    Returns
    -------
    Series
        Integer 0–3 named ``man_score``, indexed like ``leads``.

    Examples
    --------
    >>> leads = pd.DataFrame({"money": [True, True, False], "authority": [True, False, False],
    ...                       "need": [True, True, False]})
    >>> man_score(leads).tolist()
    [3, 2, 0]
    """
    cols = list(MAN_COLUMNS)
    require_columns(leads, cols, "leads")
    score = sum(bool_column(leads, c, "leads").astype(int) for c in cols)
    return pd.Series(np.asarray(score, dtype=int), index=leads.index, name="man_score")


@dataclass(frozen=True)
class ManLift:
    """Result of :func:`man_lift`.

    Attributes
    ----------
    table : DataFrame
        Indexed by ``man_score`` 0–3 with ``leads``, ``won``, ``conversion``, ``lift``
        (conversion ÷ overall conversion), ``share_of_leads`` and ``share_of_wins``.
    overall_conversion : float
    summary : str
        One sentence that reads the table.
    """

    table: pd.DataFrame
    overall_conversion: float
    summary: str


def man_lift(
    leads: pd.DataFrame,
    *,
    won_stage: str = "won",
) -> ManLift:
    """How well the MAN score predicts a win: conversion and lift by score.

    Lift is the conversion of leads with a score divided by the conversion of all leads: a
    lift of 2 means leads with that score win twice as often as the average lead. Scores no
    lead has get 0 leads and NaN conversion and lift.

    Examples
    --------
    >>> leads = pd.DataFrame({
    ...     "money": [True, True, True, True, False, False, True, False],
    ...     "authority": [True, True, False, False, False, False, True, False],
    ...     "need": [True, True, True, False, False, False, False, True],
    ...     "stage_reached": ["won", "won", "won", "lead", "lead", "contacted",
    ...                       "negotiating", "lead"]})
    >>> result = man_lift(leads)
    >>> result.table[["leads", "won", "conversion", "lift"]]
               leads  won  conversion      lift
    man_score
    0              2    0         0.0  0.000000
    1              2    0         0.0  0.000000
    2              2    1         0.5  1.333333
    3              2    2         1.0  2.666667
    >>> import textwrap
    >>> print(textwrap.fill(result.summary, 80))
    Leads meeting all three MAN conditions won 100.0% of the time, 2.67× the overall
    37.5%; leads meeting none won 0.0%.
    """
    require_columns(leads, ["stage_reached"], "leads")
    require_nonempty(leads, "leads")
    score = man_score(leads)
    won = (leads["stage_reached"] == won_stage).to_numpy()
    grouped = pd.DataFrame({"man_score": score.to_numpy(), "won": won}).groupby("man_score")
    index = pd.Index([0, 1, 2, 3], name="man_score")
    table = pd.DataFrame(
        {
            "leads": grouped.size().reindex(index, fill_value=0).astype(int),
            "won": grouped["won"].sum().reindex(index, fill_value=0).astype(int),
        }
    )
    overall = float(won.mean())
    table["conversion"] = table["won"] / table["leads"].where(table["leads"] > 0)
    table["lift"] = table["conversion"] / overall if overall > 0 else np.nan
    table["share_of_leads"] = table["leads"] / len(leads)
    table["share_of_wins"] = table["won"] / won.sum() if won.sum() > 0 else np.nan
    top, bottom = table.loc[3], table.loc[0]

    def pct(x: float) -> str:
        return "n/a" if pd.isna(x) else f"{x:.1%}"

    if overall == 0:
        summary = "No lead was won, so the MAN score cannot be checked against wins."
    else:
        lift = "n/a" if pd.isna(top["lift"]) else f"{top['lift']:.2f}×"
        summary = (
            f"Leads meeting all three MAN conditions won {pct(top['conversion'])} of the time, "
            f"{lift} the overall {pct(overall)}; leads meeting none won "
            f"{pct(bottom['conversion'])}."
        )
    return ManLift(table=table, overall_conversion=overall, summary=summary)
