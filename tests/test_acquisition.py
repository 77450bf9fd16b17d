"""Tests of crmlab.acquisition (chapter 02: funnel, lead sources, MAN scoring)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.acquisition import (
    LEAD_STAGES,
    funnel,
    funnel_from_rates,
    man_lift,
    man_score,
    source_performance,
)

SETTINGS = settings(max_examples=50, deadline=None)


def _leads() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lead_id": [f"L{i}" for i in range(8)],
            "source": ["referral"] * 3 + ["online_ads"] * 4 + ["trade_fair"],
            "cost": [10.0, 10.0, 10.0, 5.0, 5.0, 5.0, 5.0, 100.0],
            "money": [True, True, False, True, False, False, True, True],
            "authority": [True, False, False, True, False, True, False, True],
            "need": [True, True, True, False, False, False, True, True],
            "stage_reached": [
                "won",
                "negotiating",
                "lead",
                "won",
                "contacted",
                "lead",
                "interested",
                "lead",
            ],
            "customer_id": ["C1", None, None, "C2", None, None, None, None],
        }
    )


def _customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "channel": ["referral", "online_ads", "referral", "store"],
            "acquisition_cost": [20.0, 60.0, 20.0, 0.0],
        }
    )


def _transactions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2", "C3", "C4"],
            "amount": [300.0, 100.0, 200.0, 50.0, 70.0],
            "cost": [100.0, 40.0, 120.0, 30.0, 50.0],
            "returned": [False, True, False, False, False],
        }
    )


# ----------------------------------------------------------------------------- funnel
def test_funnel_hand_computed():
    table = funnel(_leads())
    assert list(table.index) == list(LEAD_STAGES)
    # furthest stages: lead 3, contacted 1, interested 1, negotiating 1, won 2
    assert table["reached"].tolist() == [8, 5, 4, 3, 2]
    assert table["lost"].tolist() == [3, 1, 1, 1, 0]
    assert table["stage_conversion"].tolist() == pytest.approx([1.0, 5 / 8, 4 / 5, 3 / 4, 2 / 3])
    assert table["cumulative_conversion"].tolist() == pytest.approx([1, 5 / 8, 4 / 8, 3 / 8, 2 / 8])
    assert table.loc["won", "stage_cn"] == "成交"


def test_funnel_stage_nobody_reached_gives_nan_conversion():
    table = funnel(pd.DataFrame({"stage_reached": ["lead", "lead"]}))
    assert table["reached"].tolist() == [2, 0, 0, 0, 0]
    assert table.loc["contacted", "stage_conversion"] == 0.0
    assert np.isnan(table.loc["interested", "stage_conversion"])


def test_funnel_custom_stages():
    leads = pd.DataFrame({"stage_reached": ["a", "b", "c", "b"]})
    table = funnel(leads, stages=["a", "b", "c"])
    assert table["reached"].tolist() == [4, 3, 1]
    assert table["stage_cn"].tolist() == ["a", "b", "c"]


@SETTINGS
@given(st.lists(st.sampled_from(LEAD_STAGES), min_size=1, max_size=100))
def test_funnel_counts_non_increasing_and_lost_adds_up(stages):
    table = funnel(pd.DataFrame({"stage_reached": stages}))
    reached = table["reached"].to_numpy()
    assert reached[0] == len(stages)
    assert np.all(np.diff(reached) <= 0)
    assert table["lost"].sum() + reached[-1] == len(stages)
    assert reached[-1] == stages.count("won")


def test_funnel_errors():
    with pytest.raises(
        ValueError,
        match=r"leads: column 'stage_reached' has 2 unknown stage\(s\) \(closed, missing\) "
        r"at rows 1, 2; expected one of lead, contacted",
    ):
        funnel(pd.DataFrame({"stage_reached": ["lead", "closed", None]}))
    with pytest.raises(ValueError, match="missing column 'stage_reached'"):
        funnel(pd.DataFrame({"stage": ["lead"]}))
    with pytest.raises(ValueError, match="leads: no rows"):
        funnel(pd.DataFrame({"stage_reached": []}))
    with pytest.raises(ValueError, match="stages: expected at least two distinct stages"):
        funnel(pd.DataFrame({"stage_reached": ["a"]}), stages=["a", "a"])


def test_funnel_from_rates_hand_computed_and_matches_funnel_columns():
    table = funnel_from_rates(100, [0.8, 0.5, 0.5, 0.25])
    assert table["reached"].tolist() == [100, 80, 40, 20, 5]
    assert table["lost"].tolist() == [20, 40, 20, 15, 0]
    assert table["stage_conversion"].tolist() == pytest.approx([1, 0.8, 0.5, 0.5, 0.25])
    assert table["cumulative_conversion"].iloc[-1] == pytest.approx(0.05)
    assert list(table.columns) == list(funnel(_leads()).columns)


@SETTINGS
@given(st.floats(0, 1e6), st.lists(st.floats(0, 1), min_size=4, max_size=4))
def test_funnel_from_rates_non_increasing(n, rates):
    reached = funnel_from_rates(n, rates)["reached"].to_numpy()
    assert np.all(np.diff(reached) <= 1e-9)


def test_funnel_from_rates_errors():
    with pytest.raises(ValueError, match=r"rates: expected 4 conversion rate\(s\).*got 2"):
        funnel_from_rates(100, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"rates: 1 value\(s\) above 1 at row 2"):
        funnel_from_rates(100, [0.5, 0.5, 1.5, 0.5])
    with pytest.raises(ValueError, match="n_leads: must be a non-negative number"):
        funnel_from_rates(-1, [0.5] * 4)


# ----------------------------------------------------------------------------- sources
def test_source_performance_hand_computed():
    table = source_performance(_leads(), _customers(), _transactions(), add_lead_cost=True)
    assert list(table.index) == ["online_ads", "referral", "store", "trade_fair"]
    ref = table.loc["referral"]
    assert (ref["leads"], ref["won"]) == (3, 1)
    assert ref["conversion"] == pytest.approx(1 / 3)
    assert ref["lead_cost"] == 30.0 and ref["cost_per_lead"] == 10.0
    assert ref["customers"] == 2 and ref["acquisition_cost"] == 40.0
    assert ref["total_cost"] == 70.0
    assert ref["cost_per_acquisition"] == 35.0
    # C1: 300 − 100 (returned line excluded); C3: 50 − 30
    assert ref["value_total"] == 220.0 and ref["value_per_customer"] == 110.0
    assert ref["roi"] == pytest.approx((220 - 70) / 70)
    ads = table.loc["online_ads"]
    assert ads["total_cost"] == 80.0 and ads["value_total"] == 80.0 and ads["roi"] == 0.0
    store = table.loc["store"]  # customers without leads
    assert store["leads"] == 0 and np.isnan(store["conversion"]) and np.isnan(store["roi"])
    fair = table.loc["trade_fair"]  # leads without customers
    assert fair["customers"] == 0 and np.isnan(fair["cost_per_acquisition"])
    assert fair["roi"] == -1.0


def test_source_performance_default_does_not_count_lead_cost_twice():
    # the contract's acquisition_cost already includes the cost of the leads
    table = source_performance(_leads(), _customers(), _transactions())
    assert table.loc["referral", "total_cost"] == 40.0
    assert table.loc["referral", "cost_per_acquisition"] == 20.0


def test_source_performance_without_returned_column():
    tx = _transactions()
    kept = tx.loc[~tx["returned"]].drop(columns="returned")
    pd.testing.assert_frame_equal(
        source_performance(_leads(), _customers(), kept),
        source_performance(_leads(), _customers(), tx),
    )
    # no column: every line counts, C1's second line too (100 − 40)
    everything = source_performance(_leads(), _customers(), tx.drop(columns="returned"))
    assert everything.loc["referral", "value_total"] == 280.0


def test_source_performance_rejects_text_returned_flag():
    tx = _transactions().astype({"returned": str})
    with pytest.raises(
        ValueError, match=r"column 'returned' must hold True/False, found \['False'"
    ):
        source_performance(_leads(), _customers(), tx)


def test_source_performance_errors():
    with pytest.raises(ValueError, match="customers: missing column 'acquisition_cost'"):
        source_performance(_leads(), _customers().drop(columns="acquisition_cost"), _transactions())
    leads = _leads()
    leads.loc[3, "cost"] = -5.0
    with pytest.raises(ValueError, match=r"leads.cost: 1 value\(s\) below 0 at row 3"):
        source_performance(leads, _customers(), _transactions())
    leads = _leads()
    leads.loc[0, "source"] = None
    with pytest.raises(ValueError, match="missing values in 'source' or 'channel'"):
        source_performance(leads, _customers(), _transactions())


def test_source_performance_without_cost_needs_a_margin():
    own = _transactions().drop(columns="cost")
    with pytest.raises(ValueError, match=r"transactions: no 'cost' column.*margin="):
        source_performance(_leads(), _customers(), own)
    table = source_performance(_leads(), _customers(), own, margin=0.5)
    # C1: 300 kept (the returned line left out), C3: 50 → half of 350
    assert table.loc["referral", "value_total"] == 175.0
    assert table.attrs["margin_note"].startswith("gross margin assumed at 50% of revenue")
    with_cost = source_performance(_leads(), _customers(), _transactions(), margin=0.5)
    assert with_cost.loc["referral", "value_total"] == 220.0  # the cost column wins
    assert with_cost.attrs["margin_note"].endswith("margin=0.5 was not used")


@pytest.mark.parametrize("missing", ["leads", "customers"])
def test_source_performance_names_a_missing_table(missing):
    tables = {"leads": _leads(), "customers": _customers()}
    tables[missing] = None
    with pytest.raises(ValueError, match=rf"{missing}: not given; source_performance needs"):
        source_performance(tables["leads"], tables["customers"], _transactions())


# ----------------------------------------------------------------------------- MAN
def test_man_score_hand_computed():
    assert man_score(_leads()).tolist() == [3, 2, 1, 2, 0, 1, 2, 3]
    assert man_score(_leads()).name == "man_score"


def test_man_score_accepts_zero_one():
    leads = pd.DataFrame({"money": [1, 0], "authority": [1, 1], "need": [0, 0]})
    assert man_score(leads).tolist() == [2, 1]


def test_man_score_rejects_text_flags():
    leads = _leads().astype({"money": str})  # "False" would count as True
    with pytest.raises(ValueError, match=r"leads: column 'money' must hold True/False"):
        man_score(leads)


def test_man_score_errors():
    leads = _leads().astype({"need": object})
    leads.loc[4, "need"] = "maybe"
    with pytest.raises(
        ValueError, match=r"leads: column 'need' must hold True/False, found \['maybe'\] at row 4"
    ):
        man_score(leads)
    with pytest.raises(ValueError, match="missing column 'money'"):
        man_score(_leads().drop(columns="money"))


def test_man_lift_hand_computed():
    result = man_lift(_leads())
    table = result.table
    # scores [3,2,1,2,0,1,2,3], won [1,0,0,1,0,0,0,0]
    assert table["leads"].tolist() == [1, 2, 3, 2]
    assert table["won"].tolist() == [0, 0, 1, 1]
    assert result.overall_conversion == pytest.approx(2 / 8)
    assert table["conversion"].tolist() == pytest.approx([0, 0, 1 / 3, 1 / 2])
    assert table["lift"].tolist() == pytest.approx([0, 0, 4 / 3, 2])
    assert table["share_of_wins"].sum() == pytest.approx(1.0)
    assert result.summary == (
        "Leads meeting all three MAN conditions won 50.0% of the time, 2.00× the overall "
        "25.0%; leads meeting none won 0.0%."
    )


def test_man_lift_empty_band_and_no_wins():
    leads = pd.DataFrame(
        {"money": [True], "authority": [True], "need": [True], "stage_reached": ["lead"]}
    )
    result = man_lift(leads)
    assert result.table["leads"].tolist() == [0, 0, 0, 1]
    assert np.isnan(result.table.loc[0, "conversion"])
    assert result.summary.startswith("No lead was won")


def test_man_lift_errors():
    with pytest.raises(ValueError, match="leads: missing column 'stage_reached'"):
        man_lift(_leads().drop(columns="stage_reached"))
