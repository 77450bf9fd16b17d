"""Coupon targeting (定向发券): who gets the coupon for a yearly campaign, checked on its next run.

Database marketing's price discrimination sends the offer to the customers it moves and
spares the margin of the others. Each customer is scored by how often she bought during the
earlier runs of a yearly campaign (e.g. 双十一, ``"double11"``); the score is then checked on
the campaign's next run: did the customers scored highest buy? The money side — coupons
mailed to the top-scored customers against the same number mailed at random — is
:func:`crmlab.relationship.target_coupon`.

Data requirements: ``transactions`` with ``customer_id``, ``order_date``, ``amount`` and
``promotion`` (the campaign a line was bought on); optional ``returned``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._purchases import CUSTOMER, DATE, kept_lines
from crmlab._validate import require_columns, require_nonempty

__all__ = ["campaign_runs", "campaign_scores"]


def _campaign_lines(transactions: pd.DataFrame, exclude_returns: bool) -> pd.DataFrame:
    require_columns(
        transactions,
        ["promotion"],
        "transactions",
        hint="coupon targeting needs the campaign each line was bought on; data without a "
        "promotion column cannot show who responds to a campaign",
    )
    lines = kept_lines(
        transactions, required=(CUSTOMER, DATE, "promotion"), exclude_returns=exclude_returns
    )
    require_nonempty(lines, "transactions (returned lines left out)")
    return lines


def campaign_runs(
    transactions: pd.DataFrame, campaign: str, *, exclude_returns: bool = True
) -> pd.DataFrame:
    """The yearly runs of a campaign: first and last day and the customers who bought.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``start``, ``end``, ``buyers``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "a"],
    ...     "order_date": pd.to_datetime(["2023-11-11", "2023-11-10", "2024-11-11"]),
    ...     "promotion": "double11"})
    >>> campaign_runs(tx, "double11")["buyers"].tolist()
    [2, 1]
    """
    lines = _campaign_lines(transactions, exclude_returns)
    runs = lines.loc[lines["promotion"].astype(str) == campaign]
    if runs.empty:
        known = sorted(set(lines["promotion"].astype(str)) - {"none"})
        raise ValueError(f"campaign: no line bought on {campaign!r}; the data have {known}")
    year = runs[DATE].dt.year.rename("year")
    return runs.groupby(year).agg(
        start=(DATE, "min"), end=(DATE, "max"), buyers=(CUSTOMER, "nunique")
    )


def campaign_scores(
    transactions: pd.DataFrame,
    campaign: str,
    year: int | None = None,
    *,
    active_days: int = 180,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Score customers before a campaign's run from their earlier runs; add what they did.

    Customers who bought anything before the run of ``year`` (default: the last run) are
    scored on two things, in this order. *Still active*: she bought in the ``active_days``
    before the run (a customer who has left answers no coupon). *Response rate*: her
    smoothed response to the earlier runs she was a customer for, (runs she bought in + 1)
    ÷ (runs + 2) — with no earlier run (0 + 1) ÷ (0 + 2) = 0.5, a short history pulled
    towards that middle until it says more. ``score`` = active (1 or 0) + response rate, so
    every active customer ranks above every inactive one. ``responded`` records whether
    she bought during the run of ``year`` (the check the score did not see).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``days_since_last``, ``active``, ``past_runs``,
        ``past_responses``, ``response_rate``, ``score``, ``responded``; highest score
        first.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c"],
    ...     "order_date": pd.to_datetime(["2022-11-11", "2023-11-11", "2024-11-11",
    ...                                   "2022-05-01", "2024-11-10", "2024-02-01"]),
    ...     "promotion": ["double11", "double11", "double11", "none", "double11", "none"]})
    >>> scores = campaign_scores(tx, "double11")
    >>> columns = ["active", "past_runs", "past_responses", "score", "responded"]
    >>> print(scores[columns].to_string(index_names=False))
       active  past_runs  past_responses  score  responded
    a   False          2               2   0.75       True
    c   False          0               0   0.50      False
    b   False          2               0   0.25       True
    >>> campaign_scores(tx, "double11", active_days=365).loc["c", "score"]  # bought 283 days before
    np.float64(1.5)
    """
    runs = campaign_runs(transactions, campaign, exclude_returns=exclude_returns)
    year = int(runs.index.max()) if year is None else int(year)
    if int(active_days) != active_days or active_days < 1:
        raise ValueError(f"active_days: expected whole days >= 1, got {active_days}")
    if year not in runs.index:
        raise ValueError(f"year: {campaign!r} ran in {list(runs.index)}, not in {year}")
    lines = _campaign_lines(transactions, exclude_returns)
    start = runs.loc[year, "start"]
    before = lines.loc[lines[DATE] < start]
    require_nonempty(before, f"transactions before the {year} run of {campaign!r}")
    first = before.groupby(CUSTOMER, observed=True)[DATE].min()
    since = (start.normalize() - before.groupby(CUSTOMER, observed=True)[DATE].max()).dt.days
    earlier = runs.loc[runs.index < year, "end"]  # a customer by a run's last day
    past_runs = pd.Series(
        np.sum(first.to_numpy()[:, None] <= earlier.to_numpy()[None, :], axis=1), index=first.index
    )
    bought = lines.loc[lines["promotion"].astype(str) == campaign]
    bought_year = bought[DATE].dt.year
    past = bought.loc[bought_year < year].groupby(CUSTOMER, observed=True)[DATE]
    past_responses = past.apply(lambda d: d.dt.year.nunique()).reindex(first.index, fill_value=0)
    responded = first.index.isin(bought.loc[bought_year == year, CUSTOMER].unique())
    rate = (past_responses + 1) / (past_runs + 2)
    active = since.reindex(first.index) <= active_days
    out = pd.DataFrame(
        {
            "days_since_last": since.reindex(first.index).astype(int),
            "active": active,
            "past_runs": past_runs.astype(int),
            "past_responses": past_responses.astype(int),
            "response_rate": rate,
            "score": active.astype(int) + rate,
            "responded": responded,
        }
    )
    out.index.name = CUSTOMER
    return out.sort_values(["score", "past_runs"], ascending=False, kind="stable")
