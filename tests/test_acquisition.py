"""Tests of crmlab.acquisition (chapter 02: funnel, lead sources, MAN scoring)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import data, value
from crmlab.acquisition import (
    COURSE_INFORMATION,
    COURSE_METHODS,
    LEAD_STAGES,
    SOURCE_NAMES_CN,
    funnel,
    funnel_economics,
    funnel_from_rates,
    man_lift,
    man_score,
    source_performance,
    source_standing,
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
            "order_id": ["O1", "O1", "O2", "O3", "O4"],
            "amount": [300.0, 100.0, 200.0, 50.0, 70.0],
            "cost": [100.0, 40.0, 120.0, 30.0, 50.0],
            "returned": [False, True, False, False, False],
            "written_off": [False, False, False, True, False],
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
# Profit per customer of _transactions() (cost to serve 15 per order, 25 per returned line):
#   C1 referral:   300 − 100 (the returned line left out) − 15 − 25        = 160
#   C2 online_ads: 200 − 120 − 15                                          =  65
#   C3 referral:    50 −  30 − 15 − 50 bad debt (written off)              = −45
#   C4 store:       70 −  50 − 15                                          =   5
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
    assert (ref["gross_margin"], ref["cost_to_serve"], ref["bad_debt"]) == (220.0, 55.0, 50.0)
    assert ref["value_total"] == 115.0 and ref["value_per_customer"] == 57.5
    assert ref["roi"] == pytest.approx((115 - 70) / 70)
    ads = table.loc["online_ads"]
    assert ads["total_cost"] == 80.0 and ads["value_total"] == 65.0
    assert ads["roi"] == pytest.approx((65 - 80) / 80)
    store = table.loc["store"]  # customers without leads, nothing spent on them
    assert store["leads"] == 0 and np.isnan(store["conversion"]) and np.isnan(store["roi"])
    fair = table.loc["trade_fair"]  # leads without customers
    assert fair["customers"] == 0 and np.isnan(fair["cost_per_acquisition"])
    assert fair["roi"] == -1.0


def test_source_performance_default_does_not_count_lead_cost_twice():
    # the contract's acquisition_cost already includes the cost of the leads
    table = source_performance(_leads(), _customers(), _transactions())
    assert table.loc["referral", "total_cost"] == 40.0
    assert table.loc["referral", "cost_per_acquisition"] == 20.0


def test_source_value_is_the_profit_of_customer_profitability():
    """E3: one definition of profit — written-off lines are bad debt, not value."""
    contacts = pd.DataFrame({"customer_id": ["C2", "C2", "C9"]})  # C9: not a customer
    tx = pd.concat(
        [
            _transactions(),
            pd.DataFrame(
                {"customer_id": ["C9"], "order_id": ["O9"], "amount": [999.0], "cost": [1.0]}
            ),
        ],
        ignore_index=True,
    )
    table = source_performance(_leads(), _customers(), tx, contacts)
    profit = value.customer_profitability(_transactions(), _customers(), contacts.iloc[:2])
    by_channel = profit["profit"].groupby(_customers().set_index("customer_id")["channel"]).sum()
    pd.testing.assert_series_equal(
        table["value_total"].loc[by_channel.index], by_channel, check_names=False
    )
    assert table.loc["online_ads", "cost_to_serve"] == 15.0 + 2 * 20.0  # two contacts
    assert table.loc["referral", "bad_debt"] == 50.0


def test_source_performance_without_returned_column():
    tx = _transactions()
    # no column: every line counts and none is a returned line: C1 400 − 140 − 15 = 245
    everything = source_performance(_leads(), _customers(), tx.drop(columns="returned"))
    assert everything.loc["referral", "value_total"] == 245.0 - 45.0
    assert everything.loc["referral", "cost_to_serve"] == 30.0


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
    with pytest.raises(ValueError, match="transactions: missing column 'order_id'"):
        source_performance(_leads(), _customers(), _transactions().drop(columns="order_id"))
    with pytest.raises(ValueError, match="customers: 1 duplicate customer id"):
        source_performance(
            _leads(), pd.concat([_customers(), _customers().iloc[:1]]), _transactions()
        )


def test_source_performance_without_cost_needs_a_margin():
    own = _transactions().drop(columns="cost")
    with pytest.raises(ValueError, match=r"transactions: no 'cost' column.*margin="):
        source_performance(_leads(), _customers(), own)
    table = source_performance(_leads(), _customers(), own, margin=0.5)
    # C1: half of the 300 kept − 40 to serve = 110; C3: 25 − 15 − 50 bad debt = −40
    assert table.loc["referral", "value_total"] == 70.0
    assert table.attrs["margin_note"].startswith("gross margin assumed at 50% of revenue")
    with_cost = source_performance(_leads(), _customers(), _transactions(), margin=0.5)
    assert with_cost.loc["referral", "value_total"] == 115.0  # the cost column wins
    assert with_cost.attrs["margin_note"].endswith("margin=0.5 was not used")


@pytest.mark.parametrize("missing", ["leads", "customers"])
def test_source_performance_names_a_missing_table(missing):
    tables = {"leads": _leads(), "customers": _customers()}
    tables[missing] = None
    with pytest.raises(ValueError, match=rf"{missing}: not given; source_performance needs"):
        source_performance(tables["leads"], tables["customers"], _transactions())


def test_source_names_cover_the_contract_channels():
    for table, column in (("customers", "channel"), ("leads", "source")):
        allowed = data.TABLES[table].column(column).allowed
        assert set(allowed) == set(SOURCE_NAMES_CN)
    assert all("_" not in name for name in SOURCE_NAMES_CN.values())


# ----------------------------------------------------------------------------- economics
def test_funnel_economics_hand_computed():
    # 1,000 leads at 10 = 10,000; 60 won → 166.67 each; 60 × 250 = 15,000 → ROI 0.5
    result = funnel_economics(1000, 60, cost_per_lead=10, value_per_customer=250)
    assert result.lead_cost == 10_000.0 and result.value == 15_000.0
    assert result.cost_per_customer == pytest.approx(10_000 / 60)
    assert result.roi == pytest.approx(0.5)


def test_funnel_economics_edges():
    nobody = funnel_economics(100, 0, cost_per_lead=5, value_per_customer=300)
    assert np.isnan(nobody.cost_per_customer) and nobody.roi == -1.0
    free = funnel_economics(100, 10, cost_per_lead=0, value_per_customer=300)
    assert free.cost_per_customer == 0.0 and np.isnan(free.roi)
    loss = funnel_economics(100, 10, cost_per_lead=1, value_per_customer=-20)
    assert loss.roi == pytest.approx((-200 - 100) / 100)


@SETTINGS
@given(
    st.floats(1, 1e5),
    st.lists(st.floats(0, 1), min_size=4, max_size=4),
    st.floats(0.01, 1e3),
    st.floats(-1e3, 1e4),
)
def test_funnel_economics_break_even(n, rates, cost, worth):
    won = funnel_from_rates(n, rates)["reached"].iloc[-1]
    result = funnel_economics(n, won, cost, worth)
    # ROI ≥ 0 exactly when a customer brings at least what winning one costs
    if won > 0 and abs(worth - result.cost_per_customer) > 1e-6 * max(1.0, abs(worth)):
        assert (result.roi >= 0) == (worth >= result.cost_per_customer)


def test_funnel_economics_errors():
    with pytest.raises(ValueError, match="cost_per_lead: must be ≥ 0"):
        funnel_economics(100, 5, -1, 100)
    with pytest.raises(ValueError, match="won: 200 customers won from only 100 leads"):
        funnel_economics(100, 200, 1, 100)
    with pytest.raises(ValueError, match="value_per_customer: must be a finite number"):
        funnel_economics(100, 5, 1, float("nan"))


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


# ----------------------------------------------------------------------------- course maps
def test_course_methods_are_the_twelve_and_map_to_contract_sources():
    course = [m for m in COURSE_METHODS if "不在课程列表中" not in m]
    assert len(course) == 12
    sources = {s for s in COURSE_METHODS.values() if s is not None}
    assert sources == set(data.TABLES["leads"].column("source").allowed)
    assert COURSE_METHODS["咨询寻找"] == "bought_list"


def test_course_information_names_contract_fields():
    for kind, item, fields in COURSE_INFORMATION:
        assert kind in ("个人客户", "企业客户") and item
        for field in fields:
            table, column = field.split(".")
            assert column in data.TABLES[table].names, field


# ----------------------------------------------------------------------------- standing
def test_source_standing_reads_the_table_not_a_belief():
    """E4: referral customers are not the cheapest when the table says otherwise."""
    performance = pd.DataFrame(
        {
            "cost_per_acquisition": [134.0, 23.0, 84.0, 226.0],
            "value_per_customer": [408.0, 210.0, 186.0, 559.0],
            "roi": [2.05, 8.03, 1.21, -0.79],
        },
        index=["referral", "store", "social_media", "trade_fair"],
    )
    standing = source_standing(performance)
    assert list(standing.cheaper.index) == ["social_media", "store"]  # 84 and 23 < 134
    assert list(standing.more_profitable.index) == ["trade_fair"]
    assert (standing.roi_rank, standing.n_sources) == (2, 4)
    cheapest = source_standing(performance, "store")
    assert cheapest.cheaper.empty and cheapest.roi_rank == 1


def test_source_standing_errors():
    performance = pd.DataFrame(
        {"cost_per_acquisition": [1.0], "value_per_customer": [2.0], "roi": [1.0]},
        index=["store"],
    )
    with pytest.raises(ValueError, match="no source 'referral'; the sources are store"):
        source_standing(performance)
    with pytest.raises(ValueError, match="performance: missing column 'roi'"):
        source_standing(performance.drop(columns="roi"), "store")
