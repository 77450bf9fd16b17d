"""Tests of crmlab.lifecycle (chapter 04: stages, the case customer, churn, lifecycle profit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.data import load_transactions
from crmlab.lifecycle import (
    LIFECYCLE_PROFIT_TERMS,
    LIFECYCLE_STAGES,
    case_customer,
    churn_rate,
    lifecycle_profit,
    lifecycle_profit_terms,
    lifecycle_stage,
)
from crmlab.value import customer_profitability

SETTINGS = settings(max_examples=50, deadline=None)
END = "2025-12-31"


def _tx(purchases: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(c, d) for c, days in purchases.items() for d in days]
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["returned"] = False
    return frame


def _monthly(start: str, end: str) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in pd.date_range(start, end, freq="MS")]


def _stage_data() -> pd.DataFrame:
    return _tx(
        {
            "new": ["2025-11-20"],
            "young": ["2025-11-01", "2025-12-01"],
            "forming": ["2025-06-01", "2025-08-01", "2025-10-01"],
            "stable": _monthly("2024-01-01", "2025-12-01"),
            "declining": [*_monthly("2024-01-01", "2025-06-01"), "2025-10-15"],
            "lapsed": ["2024-01-01", "2024-02-01"],
            "one_timer_old": ["2024-06-01"],
            "future": ["2026-02-01"],
        }
    )


# ----------------------------------------------------------------------------- stages
def test_lifecycle_stage_hand_computed():
    table = lifecycle_stage(_stage_data(), END)
    expected = {
        "new": "exploration",
        "young": "exploration",
        "forming": "formation",
        "stable": "stability",
        "declining": "decline",
        "lapsed": "lost",
        "one_timer_old": "lost",
    }
    assert table["stage"].astype(str).to_dict() == expected
    assert "future" not in table.index  # first purchase after observation_end
    assert table.loc["stable", "stage_cn"] == "稳定期"
    assert table.loc["declining", "stage_cn"] == "退化期"
    assert table.loc["forming", "stage_cn"] == "形成期"
    assert table.loc["new", "stage_cn"] == "考察期"
    assert table.loc["lapsed", "stage_cn"] == "流失"
    lapsed = table.loc["lapsed"]
    assert lapsed["typical_gap_days"] == 31 and lapsed["lost_threshold_days"] == 93
    assert lapsed["days_since_last"] == 699
    assert table.loc["one_timer_old", "lost_threshold_days"] == 365
    stable = table.loc["stable"]
    assert stable["purchases"] == 24 and stable["recent_purchases"] == 5
    assert stable["recent_rate_30d"] == pytest.approx(5 / 180 * 30)
    assert stable["earlier_rate_30d"] == pytest.approx(19 / 550 * 30)
    declining = table.loc["declining"]
    assert declining["recent_purchases"] == 1
    assert declining["earlier_rate_30d"] == pytest.approx(18 / 550 * 30)
    assert list(table["stage"].cat.categories) == list(LIFECYCLE_STAGES)


def test_lifecycle_stage_parameters_move_customers():
    data = _stage_data()
    # a lenient decline rule keeps the declining customer stable
    assert lifecycle_stage(data, END, decline_ratio=0.1).loc["declining", "stage"] == "stability"
    # a tight lost rule (max 60 days) loses the declining customer (77 days silent)
    assert (
        lifecycle_stage(data, END, lost_min_days=30, lost_max_days=60).loc["declining", "stage"]
        == "lost"
    )
    # earlier observation_end: the forming customer was a one-purchase explorer in June
    assert lifecycle_stage(data, "2025-07-01").loc["forming", "stage"] == "exploration"


def test_lifecycle_stage_excludes_returns_and_counts_days():
    tx = _tx({"a": ["2025-12-01", "2025-12-01"], "b": ["2025-12-10"]})
    tx.loc[2, "returned"] = True
    table = lifecycle_stage(tx, END)
    assert list(table.index) == ["a"]
    assert table.loc["a", "purchases"] == 1  # two lines on one day = one purchase
    with_returns = lifecycle_stage(tx, END, exclude_returns=False)
    assert list(with_returns.index) == ["a", "b"]


def test_lifecycle_stage_errors():
    data = _stage_data()
    with pytest.raises(ValueError, match="recent_days: must be shorter than formation_days"):
        lifecycle_stage(data, END, recent_days=400)
    with pytest.raises(ValueError, match="decline_ratio: must be a positive number"):
        lifecycle_stage(data, END, decline_ratio=-1)
    with pytest.raises(ValueError, match="lost_min_days: 400 is above lost_max_days 365"):
        lifecycle_stage(data, END, lost_min_days=400)
    with pytest.raises(
        ValueError, match=r"observation_end: 2020-01-01 is before the first day in the data"
    ):
        lifecycle_stage(data, "2020-01-01")
    returned_first = _tx({"a": ["2024-01-01", "2025-06-01"]})
    returned_first.loc[0, "returned"] = True
    with pytest.raises(ValueError, match="no purchase on or before observation_end=2024-03-01"):
        lifecycle_stage(returned_first, "2024-03-01")
    with pytest.raises(ValueError, match="observation_end: not a date"):
        lifecycle_stage(data, "not a date")
    with pytest.raises(ValueError, match="missing column 'order_date'"):
        lifecycle_stage(data.drop(columns="order_date"), END)
    bad = data.astype({"order_date": object})
    bad.loc[3, "order_date"] = None
    with pytest.raises(ValueError, match="column 'order_date' has 1 missing date"):
        lifecycle_stage(bad, END)


def test_lifecycle_stage_default_observation_end_is_last_day_in_data():
    data = _stage_data()  # the last purchase is the "future" customer's, 2026-02-01
    pd.testing.assert_frame_equal(lifecycle_stage(data), lifecycle_stage(data, "2026-02-01"))
    assert lifecycle_stage(data).loc["future", "days_since_last"] == 0
    # a returned line on the last day still marks the end of the data
    tx = _tx({"a": ["2025-01-01", "2025-03-01"], "b": ["2025-06-30"]})
    tx.loc[2, "returned"] = True
    assert lifecycle_stage(tx).loc["a", "days_since_last"] == 121


def test_lifecycle_stage_without_returned_column():
    tx = _tx({"a": ["2025-12-01", "2025-12-01"], "b": ["2025-12-10"]})
    tx.loc[2, "returned"] = True
    without = lifecycle_stage(tx.drop(columns="returned"), END)
    assert list(without.index) == ["a", "b"]  # no column: no line was returned
    pd.testing.assert_frame_equal(without, lifecycle_stage(tx, END, exclude_returns=False))


def test_lifecycle_stage_rejects_text_returned_flag():
    tx = _stage_data().astype({"returned": str})
    with pytest.raises(
        ValueError, match=r"column 'returned' must hold True/False, found \['False'"
    ):
        lifecycle_stage(tx, END)


# ----------------------------------------------------------------------------- case customer
CASE_DAY = "2025-11-30"


def _case_data() -> pd.DataFrame:
    """Ms. Zhang, a runner-up, and five customers who each break one part of the rule."""
    spring = ["2025-02-10", "2025-03-10", "2025-04-10", "2025-05-10", "2025-06-10"]
    tx = _tx(
        {
            "zhang": ["2024-12-01", *spring],  # 6 purchases, the last 173 days before the case day
            "runner_up": spring,  # 5 purchases
            "few": spring[-3:],  # 3 purchases: below min_purchases
            "recent": [*spring, "2025-08-01", "2025-09-01"],  # 7, the last 90 days before
            "long_gone": _monthly("2024-01-01", "2024-12-01"),  # 12, the last 364 days before
            "came_back": [*spring, "2025-06-20", "2025-06-25", "2025-12-15"],  # after the day
            "small": [*spring, "2025-06-11", "2025-06-12"],  # 7 purchases of 1.0: not valuable
        }
    )
    tx["amount"] = np.where(tx["customer_id"] == "small", 1.0, 100.0)
    return tx


def _pick(tx: pd.DataFrame, observation_end: str = END, **rule) -> str:
    rule = {"case_day": CASE_DAY, "top_share": 0.9, **rule}
    return case_customer(tx, observation_end, **rule).customer_id


def test_case_customer_follows_its_rule():
    tx = _case_data()
    case = case_customer(tx, END, case_day=CASE_DAY, top_share=0.9)
    assert case.customer_id == "zhang"
    assert (case.purchases, case.revenue) == (6, 600.0)
    assert case.last_purchase == pd.Timestamp("2025-06-10")
    for part in ("at least 4 purchases", "120 to 240 days before 2025-11-30", "top 90%"):
        assert part in case.rule
    # loosening each part of the rule lets in the customer it kept out
    assert _pick(tx, max_quiet_days=400) == "long_gone"
    assert _pick(tx, quiet_days=60) == "recent"
    assert _pick(tx, top_share=1.0) == "small"
    few = tx.loc[tx["customer_id"].isin(["few", "recent"])]
    assert _pick(few, min_purchases=3, top_share=1.0) == "few"
    # the one who bought after the case day is seen only when observation_end is later
    assert _pick(tx, "2025-12-01") == "came_back"
    assert _pick(tx.loc[tx["customer_id"] != "zhang"]) == "runner_up"


def test_case_customer_relaxes_its_rule_when_nobody_fits():
    tx = _case_data()
    # nobody has 20 purchases: the closest match has at least 2, the last before the case day
    case = case_customer(tx, END, case_day=CASE_DAY, min_purchases=20)
    assert case.rule.startswith("the closest match: nobody is a valuable customer")
    assert "relaxed to at least 2 purchases, the last one before 2025-11-30" in case.rule
    assert case.customer_id == "long_gone"  # top 20% by revenue: long_gone, and came_back (later)
    # everybody bought lately: the most purchases among those silent since before the day
    lately = tx.loc[tx["customer_id"].isin(["recent", "few"])]
    assert case_customer(lately, END, case_day=CASE_DAY, top_share=1.0).customer_id == "recent"
    # one purchase each, or all after the case day: nobody at all
    single = _tx({"a": ["2025-01-01"], "b": ["2025-02-01"]}).assign(amount=10.0)
    with pytest.raises(ValueError, match=r"no customer fits the rule, not even relaxed .*CASE_CUS"):
        case_customer(single, END, case_day=CASE_DAY)
    later = _tx({"a": ["2025-12-01", "2025-12-10"]}).assign(amount=10.0)
    with pytest.raises(ValueError, match="not even relaxed"):
        case_customer(later, "2025-12-31", case_day="2025-12-05")


def test_case_customer_ties_go_to_revenue_then_id():
    tx = _tx({"b": _monthly("2025-01-01", "2025-06-01"), "a": _monthly("2025-01-01", "2025-06-01")})
    tx["amount"] = 50.0
    assert _pick(tx, top_share=1.0) == "a"
    tx.loc[tx["customer_id"] == "b", "amount"] = 60.0
    assert _pick(tx, top_share=1.0) == "b"


def test_case_customer_reads_purchases_the_house_way():
    tx = _case_data()
    # a returned line is no purchase: zhang's June line returned leaves her 5 purchases and
    # 500, as runner_up, whose id comes first
    june = (tx["customer_id"] == "zhang") & (tx["order_date"] == "2025-06-10")
    assert _pick(tx.assign(returned=june)) == "runner_up"
    # two lines on one day are one purchase: doubling runner_up's lines does not beat zhang
    doubled = pd.concat([tx, tx.loc[tx["customer_id"] == "runner_up"]], ignore_index=True)
    assert _pick(doubled) == "zhang"
    # without a returned column no line was returned
    assert _pick(tx.assign(returned=june).drop(columns="returned")) == "zhang"


def test_case_customer_default_days():
    tx = _case_data()
    last = tx["order_date"].max()  # 2025-12-15: came_back's last purchase
    expected = case_customer(tx, last, case_day=last - pd.DateOffset(months=1), top_share=0.9)
    assert case_customer(tx, top_share=0.9) == expected


def test_case_customer_errors():
    tx = _case_data()
    with pytest.raises(ValueError, match=r"case_day: 2026-03-01 is outside the data"):
        case_customer(tx, END, case_day="2026-03-01")
    with pytest.raises(ValueError, match=r"case_day: 2020-01-01 is outside the data"):
        case_customer(tx, END, case_day="2020-01-01")
    with pytest.raises(ValueError, match="case_day: not a date"):
        case_customer(tx, END, case_day="not a date")
    with pytest.raises(ValueError, match="quiet_days: 300 is above max_quiet_days 240"):
        case_customer(tx, END, quiet_days=300)
    with pytest.raises(ValueError, match=r"top_share: must be a fraction in \(0, 1\]"):
        case_customer(tx, END, top_share=0.0)
    with pytest.raises(ValueError, match="min_purchases: must be a positive number"):
        case_customer(tx, END, min_purchases=0)
    with pytest.raises(ValueError, match="missing column 'amount'"):
        case_customer(tx.drop(columns="amount"), END)


def test_case_customer_on_the_company_data_fits_the_rule():
    tx = load_transactions()
    case = case_customer(tx, "2025-12-31")  # the case day: 2025-11-30
    stages = lifecycle_stage(tx, "2025-12-31")
    revenue = customer_profitability(tx)["revenue"].reindex(stages.index)
    assert stages.loc[case.customer_id, "purchases"] == case.purchases >= 4
    assert revenue[case.customer_id] == pytest.approx(case.revenue)
    assert case.revenue >= revenue.quantile(0.8)
    quiet = stages["last_purchase"].between("2025-04-04", "2025-08-02")  # 120 to 240 days
    fits = stages.loc[quiet & (revenue >= revenue.quantile(0.8))]
    assert case.customer_id in fits.index
    assert case.purchases == fits["purchases"].max()


# ----------------------------------------------------------------------------- churn
def _churn_data() -> pd.DataFrame:
    return _tx(
        {"a": ["2025-01-15", "2025-02-10", "2025-05-20"], "b": ["2025-01-20"], "c": ["2025-03-05"]}
    )


def test_churn_rate_hand_computed():
    table = churn_rate(_churn_data(), "M", inactivity=60, observation_end="2025-07-31")
    assert [str(p) for p in table.index] == [
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
    ]
    assert table["at_risk"].tolist() == [2, 2, 2, 1, 1, 1]
    assert table["lost"].tolist() == [0, 1, 1, 1, 0, 1]
    assert table["churn_rate"].tolist() == pytest.approx([0, 0.5, 0.5, 1, 0, 1])
    assert table["retention_rate"].tolist() == pytest.approx([1, 0.5, 0.5, 0, 1, 0])


def test_churn_rate_reports_complete_periods_only():
    # default end = the last day in the data (2025-05-20): May is incomplete
    table = churn_rate(_churn_data(), "M", inactivity=60)
    assert str(table.index[-1]) == "2025-04"
    pd.testing.assert_frame_equal(
        table, churn_rate(_churn_data(), "M", inactivity=60, observation_end="2025-05-20")
    )
    quarterly = churn_rate(_churn_data(), "Q", inactivity=60, observation_end="2025-12-31")
    # Q1 starts with nobody at risk, so Q2 is first. Apr 1: a (Feb 10 + 60 = Apr 11) and
    # c (Mar 5 + 60 = May 4); Jul 1: only a (May 20 + 60); Oct 1: nobody.
    assert [str(p) for p in quarterly.index] == ["2025Q2", "2025Q3", "2025Q4"]
    assert quarterly["at_risk"].tolist() == [2, 1, 0]
    assert quarterly["lost"].tolist() == [1, 1, 0]
    assert np.isnan(quarterly["churn_rate"].iloc[-1])


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 700)), min_size=1, max_size=60),
    st.integers(20, 200),
)
def test_churn_rate_bounded(purchases, inactivity):
    tx = pd.DataFrame(
        {
            "customer_id": [c for c, _ in purchases],
            "order_date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta([d for _, d in purchases], unit="D"),
            "returned": False,
        }
    )
    try:
        table = churn_rate(tx, "M", inactivity=inactivity, observation_end="2026-12-31")
    except ValueError as exc:  # too short to have anyone at risk
        assert "no customer is at risk" in str(exc) or "no complete" in str(exc)
        return
    assert (table["lost"] <= table["at_risk"]).all()
    rates = table["churn_rate"].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()


def test_churn_rate_without_returned_column_and_text_flags():
    tx = _churn_data()
    tx.loc[1, "returned"] = True  # a's purchase of 2025-02-10
    without = churn_rate(tx.drop(columns="returned"), "M", 60, observation_end="2025-07-31")
    pd.testing.assert_frame_equal(
        without, churn_rate(_churn_data(), "M", 60, observation_end="2025-07-31")
    )
    assert not without.equals(churn_rate(tx, "M", 60, observation_end="2025-07-31"))
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        churn_rate(tx.astype({"returned": str}), "M", 60)


def test_churn_rate_errors():
    with pytest.raises(ValueError, match="period: 'X' is not a pandas period alias"):
        churn_rate(_churn_data(), "X")
    with pytest.raises(ValueError, match="inactivity: must be a positive number"):
        churn_rate(_churn_data(), "M", inactivity=0)
    with pytest.raises(ValueError, match="observation_end: no complete 'Q' period"):
        churn_rate(_churn_data(), "Q", observation_end="2025-02-01")


# ----------------------------------------------------------------------------- lifecycle profit
def _profit_inputs():
    tx = pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O2"],
            "line_no": [1, 1, 2],
            "customer_id": ["C1", "C1", "C1"],
            "order_date": pd.to_datetime(["2020-01-01", "2024-01-01", "2024-01-01"]),
            "amount": [100.0, 100.0, 60.0],
            "cost": [40.0, 40.0, 20.0],
            "discount": [10.0, 0.0, 5.0],
            "returned": [False, False, True],
            "written_off": [False, False, False],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "signup_date": pd.to_datetime(["2020-01-01", "2023-06-01"]),
            "acquisition_cost": [30.0, 50.0],
        }
    )
    contacts = pd.DataFrame(
        {
            "contact_id": ["K1", "K2", "K3"],
            "customer_id": ["C1", "C1", "C2"],
            "contact_type": ["complaint", "inquiry", "complaint"],
            "resolved": [False, False, False],
        }
    )
    return tx, customers, contacts


def test_lifecycle_profit_hand_computed():
    tx, customers, contacts = _profit_inputs()
    table = lifecycle_profit(tx, customers, contacts, referral_value=pd.Series({"C1": 12.0}))
    c1 = table.loc["C1"]
    # profit: revenue 200 − COGS 80 − (2 orders·15 + 1 return·25 + 2 contacts·20) = 25
    assert c1["base_profit"] == pytest.approx(35.0)  # + discount 10 (returned line's 5 not)
    assert c1["cost_savings"] == pytest.approx(6.0)  # order 4 years in: 0.4 × 15
    assert c1["referral_value"] == 12.0
    assert c1["acquisition_cost"] == 30.0
    assert c1["price_concessions"] == 10.0
    assert c1["referral_damage"] == 100.0  # one unresolved complaint
    assert c1["lifecycle_profit"] == pytest.approx(35 + 6 + 12 - 30 - 10 - 100)
    c2 = table.loc["C2"]
    assert c2["cohort"] == 2023
    assert c2["base_profit"] == -20.0 and c2["lifecycle_profit"] == pytest.approx(-170.0)
    capped = lifecycle_profit(tx, customers, contacts, max_cost_saving=0.2)
    assert capped.loc["C1", "cost_savings"] == pytest.approx(3.0)
    assert capped.loc["C1", "referral_value"] == 0.0


def test_lifecycle_profit_base_minus_concessions_is_profit():
    tx, customers, contacts = _profit_inputs()
    table = lifecycle_profit(tx, customers, contacts)
    profit = customer_profitability(tx, customers, contacts)["profit"]
    pd.testing.assert_series_equal(
        table["base_profit"] - table["price_concessions"], profit, check_names=False
    )


def test_lifecycle_profit_terms_tidy_and_bilingual():
    tx, customers, contacts = _profit_inputs()
    table = lifecycle_profit(tx, customers, contacts, referral_value=4.0)
    terms = lifecycle_profit_terms(table)
    assert terms["term"].tolist() == [t.term for t in LIFECYCLE_PROFIT_TERMS] + ["lifecycle_profit"]
    assert terms["term_cn"].tolist()[:3] == ["基本利润", "成本节约", "推荐价值"]
    assert terms["side_cn"].tolist()[-1] == "合计"
    assert terms["contribution"].iloc[-1] == pytest.approx(table["lifecycle_profit"].mean())
    by_cohort = lifecycle_profit_terms(table, by="cohort", statistic="sum")
    assert sorted(by_cohort["cohort"].unique()) == [2020, 2023]
    totals = by_cohort.loc[by_cohort["term"] == "lifecycle_profit"].set_index("cohort")
    assert totals.loc[2023, "amount"] == pytest.approx(table.loc["C2", "lifecycle_profit"])


def test_lifecycle_profit_errors():
    tx, customers, contacts = _profit_inputs()
    with pytest.raises(ValueError, match=r"max_cost_saving: must be a fraction in \[0, 1\]"):
        lifecycle_profit(tx, customers, max_cost_saving=1.5)
    with pytest.raises(ValueError, match=r"referral_value: 1 negative value\(s\) at row C1"):
        lifecycle_profit(tx, customers, referral_value={"C1": -3.0})
    with pytest.raises(ValueError, match="referral_value: must be a non-negative number"):
        lifecycle_profit(tx, customers, referral_value=-1.0)
    with pytest.raises(ValueError, match="customers: missing column 'signup_date'"):
        lifecycle_profit(tx, customers.drop(columns="signup_date"))
    with pytest.raises(ValueError, match="service_contacts: missing column 'resolved'"):
        lifecycle_profit(tx, customers, contacts.drop(columns="resolved"))
    with pytest.raises(ValueError, match="statistic: expected 'mean' or 'sum'"):
        lifecycle_profit_terms(lifecycle_profit(tx, customers), statistic="median")


def test_lifecycle_profit_without_returned_column():
    tx, customers, contacts = _profit_inputs()
    tx = tx.loc[~tx["returned"]]
    table = lifecycle_profit(tx.drop(columns="returned"), customers, contacts)
    pd.testing.assert_frame_equal(table, lifecycle_profit(tx, customers, contacts))
    assert table.loc["C1", "price_concessions"] == 10.0


def test_lifecycle_profit_rejects_text_flags():
    tx, customers, contacts = _profit_inputs()
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        lifecycle_profit(tx.astype({"returned": str}), customers, contacts)
    with pytest.raises(ValueError, match="service_contacts: column 'resolved' must hold"):
        lifecycle_profit(tx, customers, contacts.astype({"resolved": str}))


def test_lifecycle_profit_returns_no_nan_for_customers_without_orders():
    tx, customers, _ = _profit_inputs()
    table = lifecycle_profit(tx, customers)
    assert not table.isna().any().any()
    assert np.isclose(table.loc["C2", "lifecycle_profit"], -50.0)


# ----------------------------------------------------------------------------- analysts' data
def _analysts_lines() -> pd.DataFrame:
    """An order log as the data boundary hands it over: no cost, discount or customers."""
    return pd.DataFrame(
        {
            "customer_id": ["u1", "u1", "u1", "u2"],
            "order_date": pd.to_datetime(["2010-12-01", "2010-12-01", "2012-12-01", "2011-06-01"]),
            "amount": [60.0, 40.0, 200.0, 50.0],
            "order_id": ["u1-1", "u1-1", "u1-2", "u2-1"],
            "line_no": [1, 2, 1, 1],
            "returned": False,
            "written_off": False,
        }
    )


def test_lifecycle_profit_without_customers_needs_an_acquisition_cost():
    with pytest.raises(
        ValueError, match=r"customers: not given.*acquisition cost.*acquisition_cost="
    ):
        lifecycle_profit(_analysts_lines(), margin=0.4)
    with pytest.raises(ValueError, match=r"transactions: no 'cost' column.*margin="):
        lifecycle_profit(_analysts_lines(), acquisition_cost=10.0)


def test_lifecycle_profit_of_an_order_log():
    table = lifecycle_profit(
        _analysts_lines(), margin=0.4, acquisition_cost=pd.Series({"u1": 30.0}), cost_per_order=10.0
    )
    assert list(table.index) == ["u1", "u2"]
    assert table["cohort"].tolist() == [2010, 2011]  # the year of the first order
    u1 = table.loc["u1"]
    # gross margin 0.4 × 300 = 120, cost to serve 2 orders × 10 → profit 100; no discounts
    assert u1["base_profit"] == pytest.approx(100.0) and u1["price_concessions"] == 0.0
    assert u1["cost_savings"] == pytest.approx(10.0 * 0.1 * (731 / 365.25))
    assert u1["acquisition_cost"] == 30.0 and table.loc["u2", "acquisition_cost"] == 0.0
    assert table.attrs["margin_note"].startswith("gross margin assumed at 40% of revenue")
    profit = customer_profitability(_analysts_lines(), margin=0.4, cost_per_order=10.0)
    pd.testing.assert_series_equal(
        table["base_profit"] - table["price_concessions"], profit["profit"], check_names=False
    )
    with pytest.raises(ValueError, match=r"acquisition_cost: 1 negative value\(s\) at row u2"):
        lifecycle_profit(_analysts_lines(), margin=0.4, acquisition_cost={"u2": -5.0})


def test_lifecycle_profit_acquisition_cost_argument_replaces_the_column():
    tx, customers, _ = _profit_inputs()
    table = lifecycle_profit(tx, customers.drop(columns="acquisition_cost"), acquisition_cost=7.0)
    assert table["acquisition_cost"].tolist() == [7.0, 7.0]
    with pytest.raises(ValueError, match="customers: missing column 'acquisition_cost'"):
        lifecycle_profit(tx, customers.drop(columns="acquisition_cost"))


def test_lifecycle_profit_observation_end_equals_cutting_by_hand():
    tx, customers, contacts = _profit_inputs()
    contacts = contacts.assign(
        contact_date=pd.to_datetime(["2021-05-01", "2024-03-01", "2023-07-01"])
    )
    customers = pd.concat(
        [
            customers,
            pd.DataFrame(
                {
                    "customer_id": ["C9"],
                    "acquisition_cost": [5.0],
                    "signup_date": pd.to_datetime(["2024-06-01"]),
                }
            ),
        ],
        ignore_index=True,
    )
    end = pd.Timestamp("2023-12-31")
    table = lifecycle_profit(tx, customers, contacts, observation_end=end)
    assert list(table.index) == ["C1", "C2"]  # C9 signed up later
    assert table.loc["C1", "price_concessions"] == 10.0
    assert table.loc["C1", "cost_savings"] == 0.0  # the 2024 order is not seen yet
    by_hand = lifecycle_profit(
        tx.loc[tx["order_date"] <= end],
        customers.loc[customers["signup_date"] <= end],
        contacts.loc[contacts["contact_date"] <= end],
        observation_end=end,  # the cut data's last order is in 2020; the day is still `end`
    )
    pd.testing.assert_frame_equal(table, by_hand)
    # None is the last day in the transactions (2020-01-01): C2 had not signed up then
    assert list(lifecycle_profit(tx.loc[tx["order_date"] <= end], customers).index) == ["C1"]
    with pytest.raises(ValueError, match="observation_end: 2019-01-01 is before the first day"):
        lifecycle_profit(tx, customers, contacts, observation_end="2019-01-01")


def test_lifecycle_profit_without_customers_rejects_contacts_of_strangers():
    contacts = pd.DataFrame(
        {"customer_id": ["u9"], "contact_type": ["complaint"], "resolved": [False]}
    )
    with pytest.raises(ValueError, match=r"service_contacts: 1 customer id\(s\) with no order"):
        lifecycle_profit(_analysts_lines(), None, contacts, margin=0.4, acquisition_cost=0.0)


# ----------------------------------------------------------------------------- the split module
def test_lifecycle_profit_names_are_still_importable_from_lifecycle():
    from crmlab import lifecycle, lifecycle_profit

    for name in ("lifecycle_profit", "lifecycle_profit_terms", "LIFECYCLE_PROFIT_TERMS"):
        assert getattr(lifecycle, name) is getattr(lifecycle_profit, name)
        assert name in lifecycle.__all__


# ----------------------------------------------------------------------------- stage summary
def test_stage_summary_counts_every_stage_in_order():
    from crmlab.lifecycle import stage_summary

    stages = lifecycle_stage(_stage_data(), END)
    table = stage_summary(stages)
    assert list(table.index) == list(LIFECYCLE_STAGES)
    counts = stages["stage"].value_counts()
    assert table["customers"].tolist() == [int(counts.get(s, 0)) for s in LIFECYCLE_STAGES]
    assert table["share"].sum() == pytest.approx(1.0)
    assert table.loc["stability", "stage_cn"] == "稳定期"
    stable = stages.loc[stages["stage"] == "stability"]
    assert table.loc["stability", "mean_purchases"] == pytest.approx(stable["purchases"].mean())
    with pytest.raises(ValueError, match="stages: missing column 'stage'"):
        stage_summary(stages.drop(columns="stage"))


# ----------------------------------------------------------------------------- churn: two bases
def test_churn_rate_of_the_customer_base_hand_computed():
    table = churn_rate(_churn_data(), "M", inactivity=60, observation_end="2025-07-31")
    # first purchases: a 2025-01-15, b 2025-01-20, c 2025-03-05
    assert table["customer_base"].tolist() == [2, 2, 3, 3, 3, 3]
    assert table["churn_rate_of_base"].tolist() == pytest.approx([0, 1 / 2, 1 / 3, 1 / 3, 0, 1 / 3])
    # the base holds the customers at risk and more: its rate is never the larger
    assert (table["churn_rate_of_base"] <= table["churn_rate"]).all()


# ----------------------------------------------------------------------------- churn by tenure
def _tenure_data() -> pd.DataFrame:
    return _tx(
        {
            "veteran": _monthly("2022-01-01", "2025-12-01"),  # buys every month
            "new_once": ["2025-01-10"],  # one purchase, then silence
            "new_twice": ["2024-11-05", "2025-02-05"],
            "second_year": ["2023-09-01", "2024-03-01", "2024-12-20"],
        }
    )


def test_churn_by_tenure_hand_computed_yearly():
    from crmlab.lifecycle import churn_by_tenure

    table = churn_by_tenure(_tenure_data(), "Y", 180, observation_end="2025-12-31")
    assert list(table.index) == ["<1 y", "1–2 y", "≥2 y", "all"]
    assert table["tenure_cn"].tolist() == ["不满1年", "1–2年", "2年及以上", "全部客户"]
    # at risk on 2023-01-01: veteran (365 days, just under a year of 365.25) → retained;
    # on 2024-01-01: veteran (730 days: 1–2 y) retained, second_year (122 days, bought
    #   2023-09-01) retained (bought again 2024-12-20);
    # on 2025-01-01: veteran (≥2 y) retained; second_year (1–2 y) lost (nothing after
    #   2024-12-20); new_twice (57 days, bought 2024-11-05) lost (last buy 2025-02-05);
    # new_once first bought in 2025: the incomplete year 2026 would be her first at risk
    assert table["at_risk"].tolist() == [3, 2, 1, 6]
    assert table["lost"].tolist() == [1, 1, 0, 2]
    assert table.loc["<1 y", "churn_rate"] == pytest.approx(1 / 3)
    assert table.loc["all", "retention_rate"] == pytest.approx(4 / 6)
    # a year is one period: the yearly retention is the period's own
    assert table["yearly_retention"].tolist() == pytest.approx(table["retention_rate"].tolist())
    assert table.loc["<1 y", "share_of_at_risk"] == pytest.approx(3 / 6)
    assert table.loc["all", "share_of_lost"] == 1.0


def test_churn_by_tenure_pools_the_periods_of_churn_rate():
    from crmlab.lifecycle import churn_by_tenure

    tx = load_transactions()
    monthly = churn_rate(tx, "M", 180, observation_end=END)
    table = churn_by_tenure(tx, "M", 180, observation_end=END, last=12, tenure_years=(0.5, 1, 3))
    groups = table.drop(index="all")
    assert groups["at_risk"].sum() == table.loc["all", "at_risk"] == monthly["at_risk"][-12:].sum()
    assert groups["lost"].sum() == table.loc["all", "lost"] == monthly["lost"][-12:].sum()
    assert table.loc["all", "yearly_retention"] == pytest.approx(
        (1 - table.loc["all", "churn_rate"]) ** (365.25 / (365 / 12)), rel=0.01
    )
    yearly = churn_by_tenure(tx, "Y", 180, observation_end=END)
    # the company's new customers leave more often than its established ones, and they
    # are most of the customers at risk: they set the pooled rate
    assert yearly.iloc[0]["retention_rate"] < yearly.iloc[-2]["retention_rate"]
    assert yearly.iloc[0]["share_of_at_risk"] > 0.5


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"last": 0}, "last: a whole number"),
        ({"last": 2.5}, "last: a whole number"),
        ({"tenure_years": ()}, "tenure_years: increasing"),
        ({"tenure_years": (2, 1)}, "tenure_years: increasing"),
        ({"tenure_years": (1, 1)}, "tenure_years: increasing"),
        ({"tenure_years": (0,)}, "tenure_years: increasing"),
        ({"period": "X"}, "period: 'X' is not a pandas period alias"),
        ({"inactivity": 0}, "inactivity: must be a positive number"),
    ],
)
def test_churn_by_tenure_rejects_bad_arguments(kwargs, match):
    from crmlab.lifecycle import churn_by_tenure

    with pytest.raises(ValueError, match=match):
        churn_by_tenure(_tenure_data(), **kwargs)


# ----------------------------------------------------------------------------- by cohort
def test_profit_by_cohort_hand_computed():
    from crmlab.lifecycle_profit import profit_by_cohort

    profit = pd.DataFrame(
        {
            "cohort": [2025, 2024, 2024, 2025],
            "base_profit": [10.0, 100.0, 20.0, 30.0],
            "acquisition_cost": [40.0, 30.0, 30.0, 20.0],
            "lifecycle_profit": [-30.0, 70.0, -10.0, 10.0],
        }
    )
    table = profit_by_cohort(profit)
    assert list(table.index) == [2024, 2025]
    assert table["customers"].tolist() == [2, 2]
    assert table["lifecycle_profit"].tolist() == [30.0, -10.0]
    assert table["unprofitable_share"].tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="profit: missing column 'cohort'"):
        profit_by_cohort(profit.drop(columns="cohort"))


# ----------------------------------------------------------------------------- the self-check
def test_the_stage_question_agrees_with_the_rule():
    from crmlab import check
    from crmlab._questions.ch04 import _stage_of_the_case

    assert _stage_of_the_case() == check.question("ch04.stage_assignment").expected == "d"
