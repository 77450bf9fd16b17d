"""The course's phenomena are really in the committed default world (with tolerances).

Computed with small pandas code here on purpose: the analysis modules are tested on their
own, and these tests must hold whatever they do.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from crmlab.data import (
    DATA_END,
    load_customers,
    load_leads,
    load_memberships,
    load_service_contacts,
    load_survey,
    load_transactions,
)
from crmlab.paths import repo_root

END = pd.Timestamp(DATA_END)
COST_PER_ORDER, COST_PER_RETURN, COST_PER_CONTACT = 15.0, 25.0, 20.0


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    customers = load_customers()
    return {
        "customers": customers,
        "transactions": load_transactions(customers=customers),
        "contacts": load_service_contacts(customers=customers),
        "survey": load_survey(customers=customers),
        "memberships": load_memberships(customers=customers),
        "leads": load_leads(customers=customers),
    }


@pytest.fixture(scope="module")
def profit(data) -> pd.Series:
    tx = data["transactions"]
    kept = ~tx["returned"]
    per = (
        pd.DataFrame(
            {
                "customer_id": tx["customer_id"],
                "margin": (tx["amount"] - tx["cost"]).where(kept, 0.0),
                "bad_debt": tx["amount"].where(tx["written_off"], 0.0),
                "returns": tx["returned"].astype(int),
            }
        )
        .groupby("customer_id")[["margin", "bad_debt", "returns"]]
        .sum()
    )
    orders = tx.groupby("customer_id")["order_id"].nunique()
    contacts = data["contacts"].groupby("customer_id").size()
    ids = data["customers"]["customer_id"]
    value = (
        per["margin"].reindex(ids, fill_value=0)
        - per["bad_debt"].reindex(ids, fill_value=0)
        - COST_PER_ORDER * orders.reindex(ids, fill_value=0)
        - COST_PER_RETURN * per["returns"].reindex(ids, fill_value=0)
        - COST_PER_CONTACT * contacts.reindex(ids, fill_value=0)
    )
    return value.set_axis(ids.to_numpy())


def test_top_20_percent_earn_60_to_90_percent_of_profit(profit) -> None:
    ordered = profit.sort_values(ascending=False).to_numpy()
    top = ordered[: int(np.ceil(0.2 * ordered.size))].sum()
    assert 0.6 <= top / ordered.sum() <= 0.9


def test_whale_curve_peaks_above_total_profit(profit) -> None:
    ordered = profit.sort_values(ascending=False).to_numpy()
    curve = np.cumsum(ordered)
    assert curve.max() > 1.05 * curve[-1]
    assert (profit < 0).mean() > 0.1  # a sizeable group of unprofitable customers


def test_satisfaction_trap(data) -> None:
    survey = data["survey"].merge(data["customers"][["customer_id", "competition"]])
    survey = survey[survey["survey_date"] <= END - pd.Timedelta(days=180)]
    last = data["transactions"].groupby("customer_id")["order_date"].max()
    survey["bought_again"] = (
        last.reindex(survey["customer_id"]).to_numpy() > survey["survey_date"].to_numpy()
    )
    rate = survey.groupby(["competition", "overall_satisfaction"])["bought_again"].mean()

    def slope(level: str) -> float:
        return rate[level][5] - rate[level][[1, 2, 3]].mean()

    assert slope("high") > 0.2
    assert slope("high") > slope("low") + 0.15
    assert abs(slope("low")) < 0.15
    # in low competition even the dissatisfied mostly stay ("hostages")
    assert rate["low"][[1, 2, 3]].mean() > rate["high"][[1, 2, 3]].mean() + 0.15


def test_unresolved_complaints_drive_churn(data) -> None:
    complaints = data["contacts"]
    complaints = complaints[
        (complaints["contact_type"] == "complaint")
        & (complaints["contact_date"] <= END - pd.Timedelta(days=365))
    ]
    first = complaints.sort_values("contact_date").groupby("customer_id").first()
    tx = data["transactions"].merge(first[["contact_date"]].reset_index(), on="customer_id")
    bought = tx.loc[tx["order_date"] > tx["contact_date"], "customer_id"].unique()
    first["bought_again"] = first.index.isin(bought)
    rate = first.groupby("resolved")["bought_again"].mean()
    assert rate[True] - rate[False] > 0.15


def test_referral_customers_are_worth_more_than_bought_list(data, profit) -> None:
    customers = data["customers"].set_index("customer_id")
    consumers = customers["customer_type"] == "consumer"
    value = profit.groupby(customers["channel"]).mean()
    assert value["referral"] > 1.5 * value["bought_list"]
    consumer_value = profit[consumers.to_numpy()].groupby(customers["channel"]).mean()
    assert consumer_value["referral"] > 1.3 * consumer_value["bought_list"]


def test_membership_renewal_rises_with_tenure(data) -> None:
    m = data["memberships"]
    rates = []
    for year in (1, 2, 3):
        # members whose renewal for year+1 fell due: they either paid more or lapsed now
        due = m[(m["years_paid"] > year) | ((m["years_paid"] == year) & m["lapsed"])]
        rates.append((due["years_paid"] > year).mean())
        assert len(due) > 50
    assert rates[0] < rates[1] < rates[2]


def test_sizeable_share_buy_only_once(data) -> None:
    orders = data["transactions"].groupby("customer_id")["order_id"].nunique()
    assert 0.2 <= (orders == 1).mean() <= 0.6


def test_man_score_predicts_a_win_and_the_funnel_narrows(data) -> None:
    leads = data["leads"]
    score = leads[["money", "authority", "need"]].sum(axis=1)
    win = (leads["stage_reached"] == "won").groupby(score).mean()
    assert win.is_monotonic_increasing and win[3] > 5 * win[1]
    stages = ["lead", "contacted", "interested", "negotiating", "won"]
    rank = leads["stage_reached"].map({s: i for i, s in enumerate(stages)})
    reached = [(rank >= i).mean() for i in range(len(stages))]
    assert all(a > b for a, b in itertools.pairwise(reached))
    assert 0.03 <= reached[-1] <= 0.2  # a modest overall win rate


def test_truth_agrees_with_the_tables(data) -> None:
    folder = repo_root() / "datasets"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert truth["summary"]["order_lines"] == len(data["transactions"])
    tc = pd.read_csv(folder / "truth_customers.csv", dtype={"customer_id": str})
    assert tc["customer_id"].tolist() == data["customers"]["customer_id"].tolist()
    # high competition: the completely satisfied drop out far less often
    high = data["customers"]["competition"].eq("high").to_numpy()
    drop = tc.loc[high].groupby("satisfaction")["dropout_probability"].mean()
    assert drop[5] < 0.5 * drop[[1, 2, 3, 4]].min()
    zhang = truth["cases"]["ms_zhang"]["customer_id"]
    last = data["transactions"].groupby("customer_id")["order_date"].max()[zhang]
    assert (last.year, last.month) == (END.year, 5)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((repo_root() / "datasets" / "truth.json").read_text(encoding="utf-8"))


def test_a_new_category_sells_only_from_its_launch_day(data, truth) -> None:
    launch = truth["parameters"]["product_launch"]
    day = pd.Timestamp(launch["launch_date"])
    tx = data["transactions"]
    new = tx["category"] == launch["category"]
    assert new.sum() == truth["summary"]["new_category_lines"] > 300
    assert tx.loc[new, "order_date"].min() >= day
    # a real part of the mix after the launch, bought by existing and by new customers
    assert 0.05 < (tx.loc[tx["order_date"] >= day, "category"] == launch["category"]).mean() < 0.2
    signup = data["customers"].set_index("customer_id")["signup_date"]
    buyers = pd.Index(tx.loc[new, "customer_id"].unique())
    existing = (signup.reindex(buyers) < day).mean()
    assert 0.2 < existing < 0.8


KANO_TABLE = {  # functional → dysfunctional answers like / expect / neutral / live_with / dislike
    "like": ["questionable", "attractive", "attractive", "attractive", "one-dimensional"],
    "expect": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "neutral": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "live_with": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "dislike": ["reverse", "reverse", "reverse", "reverse", "questionable"],
}


def test_kano_majority_category_is_the_true_one(data, truth) -> None:
    survey = data["survey"]
    dysfunctional = list(KANO_TABLE)
    features = truth["parameters"]["kano"]["features"]
    assert len(features) >= 3
    for feature, spec in features.items():
        pairs = zip(
            survey[f"kano_{feature}_functional"],
            survey[f"kano_{feature}_dysfunctional"],
            strict=True,
        )
        votes = pd.Series([KANO_TABLE[f][dysfunctional.index(d)] for f, d in pairs])
        shares = votes.value_counts(normalize=True)
        assert shares.index[0] == spec["category"], feature
        assert shares.iloc[0] > shares.iloc[1] + 0.05, feature  # a clear majority
        assert shares.iloc[0] < 0.8, feature  # … with realistic disagreement
