"""Tests of crmlab.customer_base (chapter 01) and its widget customer_360_explorer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import strategy
from crmlab.customer_base import (
    RELATIONSHIP_STAGES,
    RELATIONSHIP_STAGES_CN,
    SUMMARY_PARTS,
    customer_360,
    customer_base_metrics,
    member_comparison,
    relationship_stage,
    share_of_wallet,
)
from crmlab.widgets import customer_360_explorer


@pytest.fixture
def customers():
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "customer_type": ["consumer", "consumer", "enterprise"],
            "signup_date": pd.to_datetime(["2024-01-10", "2024-06-01", "2025-11-20"]),
            "region": ["Wuhan", "Beijing", "Chengdu"],
        }
    )


@pytest.fixture
def transactions():
    return pd.DataFrame(
        {
            "order_id": ["O1", "O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["C1", "C1", "C1", "C2", "C2", "C3"],
            "order_date": pd.to_datetime(
                ["2024-01-10", "2024-01-10", "2025-10-01", "2024-06-01", "2024-07-01", "2025-12-01"]
            ),
            "category": ["tops", "shoes", "tops", "dresses", "dresses", "tops"],
            "amount": [100.0, 50.0, 200.0, 80.0, 120.0, 1000.0],
            "cost": [40.0, 20.0, 90.0, 30.0, 50.0, 600.0],
            "returned": [False, True, False, False, False, True],
        }
    )


@pytest.fixture
def survey():
    return pd.DataFrame(
        {
            "response_id": ["S1", "S2", "S3"],
            "customer_id": ["C1", "C1", "C2"],
            "survey_date": pd.to_datetime(["2024-03-01", "2025-10-05", "2024-08-01"]),
            "overall_satisfaction": [3, 5, 2],
            "likelihood_to_recommend": [6, 9, 3],
        }
    )


@pytest.fixture
def contacts():
    return pd.DataFrame(
        {
            "contact_id": ["K1", "K2", "K3"],
            "customer_id": ["C1", "C1", "C2"],
            "contact_date": pd.to_datetime(["2024-02-01", "2025-10-03", "2024-07-05"]),
            "contact_type": ["complaint", "inquiry", "complaint"],
            "resolved": [False, True, True],
        }
    )


@pytest.fixture
def memberships():
    return pd.DataFrame(
        {
            "customer_id": ["C1"],
            "join_date": pd.to_datetime(["2024-02-15"]),
            "years_paid": [2],
            "lapsed": [False],
            "lapse_date": pd.to_datetime([pd.NaT]),
        }
    )


@pytest.fixture
def leads():
    return pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
            "lead_type": ["consumer", "consumer", "enterprise", "consumer", "consumer", "consumer"],
            "created_date": pd.to_datetime(
                ["2024-01-01", "2024-05-01", "2025-01-01", "2025-02-01", "2025-03-01", "2026-01-05"]
            ),
            "stage_reached": ["won", "won", "interested", "lead", "contacted", "lead"],
        }
    )


# ----------------------------------------------------------------------------- customer_360
def test_customer_360_gathers_every_table(customers, transactions, survey, contacts, memberships):
    view = customer_360(
        "C1", customers, transactions, survey, contacts, memberships, observation_end="2025-12-31"
    )
    s = view.summary
    assert view.customer_id == "C1" and view.profile["region"] == "Wuhan"
    # kept lines: 100 (O1) + 200 (O2); the shoes line of O1 was returned
    assert s["orders"] == 2 and s["revenue"] == 300.0 and s["gross_margin"] == 170.0
    assert s["returned_lines"] == 1 and s["categories"] == 1
    assert s["first_purchase"] == pd.Timestamp("2024-01-10")
    assert s["days_since_last_purchase"] == 91  # 2025-10-01 → 2025-12-31
    assert s["survey_responses"] == 2 and s["last_satisfaction"] == 5.0
    assert s["last_likelihood_to_recommend"] == 9.0
    assert (s["inquiries"], s["complaints"], s["unresolved_complaints"]) == (1, 1, 1)
    assert s["member"] is True and s["membership_years_paid"] == 2.0
    assert s["membership_lapsed"] is False
    assert list(view.orders["order_id"]) == ["O1", "O1", "O2"]
    assert list(view.survey["response_id"]) == ["S1", "S2"]


def test_customer_360_respects_observation_end(
    customers, transactions, survey, contacts, memberships
):
    view = customer_360(
        "C1", customers, transactions, survey, contacts, memberships, observation_end="2024-12-31"
    )
    assert view.summary["orders"] == 1 and view.summary["revenue"] == 100.0
    assert view.summary["survey_responses"] == 1 and view.summary["inquiries"] == 0
    assert view.summary["days_since_last_purchase"] == 356


def test_customer_360_default_observation_end_and_missing_tables(customers, transactions):
    view = customer_360("C2", customers, transactions)
    # default observation_end = the last day in transactions (2025-12-01, a returned line)
    assert (
        view.summary["days_since_last_purchase"]
        == (pd.Timestamp("2025-12-01") - pd.Timestamp("2024-07-01")).days
    )
    assert view.survey is None and view.service_contacts is None and view.membership is None
    assert view.summary["member"] is None and np.isnan(view.summary["complaints"])
    explicit = customer_360("C2", customers, transactions, observation_end="2025-12-01")
    pd.testing.assert_series_equal(view.summary, explicit.summary)


def test_customer_360_without_returned_column(customers, transactions):
    view = customer_360("C1", customers, transactions.drop(columns="returned"))
    # no column: no line was returned, so the shoes line of O1 counts
    assert view.summary["returned_lines"] == 0 and view.summary["revenue"] == 350.0
    assert view.summary["categories"] == 2


def test_customer_360_rejects_text_flags(customers, transactions, memberships):
    with pytest.raises(
        ValueError, match=r"column 'returned' must hold True/False, found \['False'"
    ):
        customer_360("C1", customers, transactions.astype({"returned": str}))
    text = memberships.astype({"lapsed": str})  # "False" would read as True
    with pytest.raises(ValueError, match="memberships: column 'lapsed' must hold True/False"):
        customer_360("C1", customers, transactions, memberships=text)


def test_customer_360_without_kept_purchase(customers, transactions, survey):
    view = customer_360("C3", customers, transactions, survey)
    assert view.summary["orders"] == 0 and view.summary["revenue"] == 0.0
    assert pd.isna(view.summary["last_purchase"])
    assert np.isnan(view.summary["days_since_last_purchase"])
    assert view.summary["survey_responses"] == 0 and np.isnan(view.summary["last_satisfaction"])
    assert len(view.survey) == 0


def test_customer_360_errors(customers, transactions):
    with pytest.raises(ValueError, match=r"customer_id: 'C9' is not in customers"):
        customer_360("C9", customers, transactions)
    doubled = pd.concat([customers, customers.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"appears 2 times \(rows 0, 3\)"):
        customer_360("C1", doubled, transactions)
    with pytest.raises(ValueError, match=r"transactions: missing column 'order_id'"):
        customer_360("C1", customers, transactions.drop(columns="order_id"))
    with pytest.raises(ValueError, match="observation_end: not a date"):
        customer_360("C1", customers, transactions, observation_end="not a date")
    with pytest.raises(ValueError, match="observation_end: 2020-01-01 is before the first day"):
        customer_360("C1", customers, transactions, observation_end="2020-01-01")


def _own(transactions: pd.DataFrame) -> pd.DataFrame:
    """The fixture's lines as an analyst's log arrives: no cost, no category."""
    return transactions[["customer_id", "order_date", "amount", "order_id", "returned"]]


def test_customer_360_without_customers_category_or_cost(transactions):
    view = customer_360("C1", None, _own(transactions), observation_end="2025-12-31")
    assert view.profile.to_dict() == {"customer_id": "C1"}
    s = view.summary
    assert (s["orders"], s["revenue"], s["returned_lines"]) == (2, 300.0, 1)
    assert np.isnan(s["categories"]) and np.isnan(s["gross_margin"])  # not a 100 % margin
    assert view.margin_note.startswith("gross margin unknown: the data have no cost column")
    priced = customer_360("C1", None, _own(transactions), margin=0.25)
    assert priced.summary["gross_margin"] == 75.0
    assert "25% of revenue" in priced.margin_note
    full = customer_360("C1", None, transactions)
    assert full.summary["gross_margin"] == 170.0 and "cost column" in full.margin_note
    with pytest.raises(ValueError, match=r"customer_id: 'C9' is not in transactions"):
        customer_360("C9", None, transactions)


# ----------------------------------------------------------------------------- stages
def test_relationship_stage_hand_case(customers, leads, transactions):
    out = relationship_stage(customers, leads, transactions, "2025-12-31")
    stages = dict(zip(out["id"], out["stage"].astype(str), strict=True))
    # L6 is created after observation_end; won leads L1, L2 appear as their customers
    assert stages == {
        "L3": "target",
        "L4": "potential",
        "L5": "target",
        "C1": "current",  # bought 2025-10-01, 91 days before
        "C2": "lost",  # silent since 2024-07-01
        "C3": "current",  # only a returned order, but signed up 41 days before
    }
    assert list(out["record"]) == ["lead"] * 3 + ["customer"] * 3
    assert out.loc[out["id"] == "C3", "kind"].item() == "enterprise"
    assert out.loc[out["id"] == "C1", "days_since_activity"].item() == 91
    assert list(out["stage"].cat.categories) == list(RELATIONSHIP_STAGES)
    assert set(out["stage_cn"]) <= set(RELATIONSHIP_STAGES_CN.values())
    assert "non_customer" not in set(out["stage"].astype(str))


def test_relationship_stage_inactivity_and_returns(customers, leads, transactions):
    short = relationship_stage(customers, leads, transactions, "2025-12-31", inactivity_days=60)
    assert short.loc[short["id"] == "C1", "stage"].item() == "lost"
    # counting returned lines as purchases changes nothing for C3 here (it signed up later)
    with_returns = relationship_stage(
        customers, leads, transactions, "2026-06-30", exclude_returns=False
    )
    assert with_returns.loc[with_returns["id"] == "C3", "last_activity"].item() == pd.Timestamp(
        "2025-12-01"
    )
    kept_only = relationship_stage(customers, leads, transactions, "2026-06-30")
    assert kept_only.loc[kept_only["id"] == "C3", "last_activity"].item() == pd.Timestamp(
        "2025-11-20"
    )


def test_relationship_stage_default_observation_end(customers, leads, transactions):
    # the last day in transactions is 2025-12-01
    default = relationship_stage(customers, leads, transactions)
    pd.testing.assert_frame_equal(
        default, relationship_stage(customers, leads, transactions, "2025-12-01")
    )
    assert default.loc[default["id"] == "C1", "days_since_activity"].item() == 61


def test_relationship_stage_without_returned_column_and_text_flags(customers, leads, transactions):
    without = relationship_stage(
        customers, leads, transactions.drop(columns="returned"), "2026-06-30"
    )
    with_returns = relationship_stage(
        customers, leads, transactions, "2026-06-30", exclude_returns=False
    )
    pd.testing.assert_frame_equal(without, with_returns)
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        relationship_stage(customers, leads, transactions.astype({"returned": str}))


def test_relationship_stage_agrees_with_kpi_table_rule():
    # current customers who have bought = kpi_table's "at risk" in the period that starts the
    # day after observation_end (the same inactivity rule as churn_rate)
    rng = np.random.default_rng(7)
    n = 60
    ids = [f"C{i:02d}" for i in range(n)]
    days = rng.integers(0, 730, size=300)
    tx = pd.DataFrame(
        {
            "customer_id": rng.choice(ids, size=300),
            "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
            "amount": 10.0,
            "cost": 5.0,
            "returned": rng.random(300) < 0.1,
        }
    )
    cust = pd.DataFrame(
        {"customer_id": ids, "customer_type": "consumer", "signup_date": pd.Timestamp("2024-01-01")}
    )
    no_leads = pd.DataFrame(columns=["lead_id", "lead_type", "created_date", "stage_reached"])
    no_leads["created_date"] = pd.to_datetime(no_leads["created_date"])
    kpi = strategy.kpi_table(tx, period="M", inactivity=90)
    bought = set(tx.loc[~tx["returned"], "customer_id"])
    for month in ("2024-06", "2025-01", "2025-09"):
        end = pd.Period(month, "M").start_time - pd.Timedelta(days=1)
        out = relationship_stage(cust, no_leads, tx, end, inactivity_days=90)
        current = out["stage"].eq("current") & out["id"].isin(bought)
        assert int(current.sum()) == kpi.loc[pd.Period(month, "M"), "at_risk"]


def test_relationship_stage_errors(customers, leads, transactions):
    with pytest.raises(ValueError, match="inactivity_days: must be a positive"):
        relationship_stage(customers, leads, transactions, "2025-12-31", inactivity_days=0)
    bad = leads.assign(stage_reached=["won", "won", "maybe", "lead", "lead", "lead"])
    with pytest.raises(ValueError, match=r"unknown stage\(s\) \['maybe'\] at row 2"):
        relationship_stage(customers, bad, transactions, "2025-12-31")
    with pytest.raises(ValueError, match="observation_end: 2020-01-01 is before the first day"):
        relationship_stage(customers, leads, transactions, "2020-01-01")
    late = customers.assign(signup_date=pd.Timestamp("2026-01-01"))
    later_leads = leads.assign(created_date=pd.Timestamp("2026-01-01"))
    with pytest.raises(
        ValueError, match="nobody created or signed up on or before observation_end"
    ):
        relationship_stage(late, later_leads, transactions, "2025-12-31")
    doubled = pd.concat([customers, customers.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="C1 appear more than once"):
        relationship_stage(doubled, leads, transactions, "2025-12-31")
    with pytest.raises(ValueError, match="leads: missing column 'lead_type'"):
        relationship_stage(customers, leads.drop(columns="lead_type"), transactions, "2025-12-31")


def test_relationship_stage_without_customers_or_leads(customers, leads, transactions):
    table = relationship_stage(None, None, transactions, "2025-12-31")
    # C3's only line was returned: without a customers table she is not known
    assert table["id"].tolist() == ["C1", "C2"]
    assert table["kind"].eq("unknown").all() and table["record"].eq("customer").all()
    assert table["stage"].astype(str).tolist() == ["current", "lost"]
    assert table["last_activity"].tolist() == list(pd.to_datetime(["2025-10-01", "2024-07-01"]))
    no_leads = relationship_stage(customers, None, transactions, "2025-12-31")
    both = relationship_stage(customers, leads, transactions, "2025-12-31")
    pd.testing.assert_frame_equal(
        no_leads, both.loc[both["record"] == "customer"].reset_index(drop=True)
    )


# ----------------------------------------------------------------------------- metrics
def test_customer_base_metrics_hand_case(customers, transactions):
    m = customer_base_metrics(transactions, customers)
    assert list(m.index.astype(str)) == ["2024", "2025"]
    assert list(m["registered"]) == [2, 3] and list(m["new_customers"]) == [2, 1]
    assert list(m["active_customers"]) == [2, 1]  # C3's only order was returned
    # 2024: C1 100 (1 order), C2 80 + 120 (2 orders, 2 days); 2025: C1 200
    assert m.loc["2024", "revenue_per_active"] == pytest.approx(150.0)
    assert m.loc["2024", "orders_per_active"] == pytest.approx(1.5)
    assert m.loc["2024", "repeat_rate"] == pytest.approx(0.5)
    assert m.loc["2025", "existing_revenue_share"] == pytest.approx(1.0)
    assert m.loc["2024", "existing_revenue_share"] == 0.0
    assert m.loc["2025", "categories_per_active"] == 1.0


def test_customer_base_metrics_without_returned_column(customers, transactions):
    kept = transactions.loc[~transactions["returned"]].drop(columns="returned")
    # the returned line is the last in the data: keep the same observation_end
    end = transactions["order_date"].max()
    pd.testing.assert_frame_equal(
        customer_base_metrics(kept, customers, observation_end=end),
        customer_base_metrics(transactions, customers),
    )
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        customer_base_metrics(transactions.astype({"returned": str}), customers)


def test_customer_base_metrics_quarterly_has_every_period(customers, transactions):
    m = customer_base_metrics(transactions, customers, period="Q")
    assert len(m) == 8  # 2024Q1 … 2025Q4
    empty = m.loc[m["active_customers"] == 0]
    assert len(empty) and empty["revenue_per_active"].isna().all()


def test_customer_base_metrics_errors(customers, transactions):
    with pytest.raises(ValueError, match="not a pandas period alias"):
        customer_base_metrics(transactions, customers, period="fortnight")
    with pytest.raises(ValueError, match=r"1 customer id\(s\) not in customers \(C3\)"):
        customer_base_metrics(transactions.assign(returned=False), customers.iloc[:2])
    with pytest.raises(ValueError, match="no non-returned lines"):
        customer_base_metrics(transactions.assign(returned=True), customers)
    doubled = pd.concat([customers, customers.iloc[[1]]], ignore_index=True)
    with pytest.raises(
        ValueError, match=r"customer id\(s\) C2 appear more than once \(rows 1, 3\)"
    ):
        customer_base_metrics(transactions, doubled)


def test_customer_base_metrics_without_customers_signs_up_at_the_first_purchase(transactions):
    m = customer_base_metrics(transactions)
    # C3's only line was returned: she never bought, so she never "signed up"
    assert list(m["registered"]) == [2, 2] and list(m["new_customers"]) == [2, 0]
    first = pd.DataFrame(
        {"customer_id": ["C1", "C2"], "signup_date": pd.to_datetime(["2024-01-10", "2024-06-01"])}
    )
    kept = transactions.loc[transactions["customer_id"] != "C3"]
    pd.testing.assert_frame_equal(
        m, customer_base_metrics(kept, first, observation_end="2025-12-01")
    )


def test_customer_base_metrics_without_category(customers, transactions):
    full = customer_base_metrics(transactions, customers)
    bare = customer_base_metrics(transactions.drop(columns=["category", "cost"]), customers)
    assert bare["categories_per_active"].isna().all()
    pd.testing.assert_frame_equal(
        bare.drop(columns="categories_per_active"), full.drop(columns="categories_per_active")
    )


def test_customer_base_metrics_observation_end(customers, transactions):
    m = customer_base_metrics(transactions, customers, "Q", observation_end="2024-06-30")
    assert [str(p) for p in m.index] == ["2024Q1", "2024Q2"]
    assert list(m["registered"]) == [1, 2]  # C3 signs up in 2025
    day = pd.Timestamp("2024-06-30")
    by_hand = customer_base_metrics(
        transactions.loc[transactions["order_date"] <= day],
        customers.loc[customers["signup_date"] <= day],
        "Q",
    )
    pd.testing.assert_frame_equal(m, by_hand)
    with pytest.raises(ValueError, match="observation_end: 2023-01-01 is before the first day"):
        customer_base_metrics(transactions, customers, observation_end="2023-01-01")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 700), st.floats(1, 500)),
        min_size=1,
        max_size=30,
    )
)
def test_customer_base_metrics_properties(rows):
    ids = [f"C{i}" for i in range(5)]
    cust = pd.DataFrame({"customer_id": ids, "signup_date": pd.Timestamp("2024-01-01")})
    tx = pd.DataFrame(
        {
            "customer_id": [ids[r[0]] for r in rows],
            "order_id": [f"O{i}" for i in range(len(rows))],
            "order_date": [pd.Timestamp("2024-01-01") + pd.Timedelta(days=r[1]) for r in rows],
            "category": ["tops"] * len(rows),
            "amount": [r[2] for r in rows],
            "returned": False,
        }
    )
    m = customer_base_metrics(tx, cust)
    active = m["active_customers"]
    assert (active <= m["registered"]).all()
    revenue = (m["revenue_per_active"] * active).fillna(0).sum()
    assert revenue == pytest.approx(tx["amount"].sum())
    assert ((m["repeat_rate"].dropna() >= 0) & (m["repeat_rate"].dropna() <= 1)).all()
    assert (m["orders_per_active"].dropna() >= 1).all()


# ----------------------------------------------------------------------------- share of wallet
def test_share_of_wallet_values():
    assert share_of_wallet(2_500, 10_000) == 0.25
    assert share_of_wallet(0, 10) == 0.0
    out = share_of_wallet(pd.Series([1.0, 3.0], index=["a", "b"]), pd.Series({"b": 4.0, "a": 4.0}))
    assert out.to_dict() == {"a": 0.25, "b": 0.75} and out.name == "share_of_wallet"


def test_share_of_wallet_errors():
    with pytest.raises(ValueError, match="category_spend: below the spend with us at row 0"):
        share_of_wallet(12_000, 10_000)
    with pytest.raises(ValueError, match="category_spend: must be positive"):
        share_of_wallet(0, 0)
    with pytest.raises(ValueError, match="spend_with_us: negative spending"):
        share_of_wallet(-1, 10)
    with pytest.raises(ValueError, match="missing value at row b"):
        share_of_wallet(pd.Series({"a": 1.0, "b": 2.0}), pd.Series({"a": 5.0}))


# ----------------------------------------------------------------------------- widget
def test_customer_360_explorer_redraws(customers, transactions, survey, contacts, memberships):
    explorer = customer_360_explorer(
        customers,
        transactions,
        survey,
        contacts,
        memberships,
        customer_ids=["C1", "C2"],
        observation_end="2025-12-31",
    )
    control = explorer.controls["customer"]
    assert "crmlab-customer360" in control._dom_classes and control.description
    first_png = bytes(explorer.outputs["chart"].value)
    assert first_png.startswith(b"\x89PNG") and "¥300.00" in explorer.outputs["profile"].value
    control.value = "C2"
    assert "¥200.00" in explorer.outputs["profile"].value
    assert bytes(explorer.outputs["chart"].value) != first_png


def test_customer_360_explorer_rejects_unknown_ids(customers, transactions):
    with pytest.raises(ValueError, match=r"unknown: \['C9'\]"):
        customer_360_explorer(customers, transactions, customer_ids=["C1", "C9"])


# ----------------------------------------------------------------------------- view parts
def test_summary_parts_cover_the_summary_once(customers, transactions):
    view = customer_360("C1", customers, transactions, observation_end="2025-12-31")
    names = [name for part in SUMMARY_PARTS.values() for name in part]
    assert sorted(names) == sorted(view.summary.index) and len(set(names)) == len(names)
    assert view.observation_end == pd.Timestamp("2025-12-31")
    assert customer_360("C1", customers, transactions).observation_end == pd.Timestamp("2025-12-01")


# ----------------------------------------------------------------------------- members
def test_member_comparison_hand_case(customers, transactions, memberships):
    # on 2025-12-31: C1 (member since 2024-02-15) kept 100 + 200 = 300, last bought 2025-10-01
    # (91 days: current); C2 kept 80 + 120 = 200, silent since 2024-07-01 (lost); C3 signed
    # up 2025-11-20 and returned her only line: 0 revenue, current by her sign-up.
    table = member_comparison(customers, transactions, memberships, "2025-12-31")
    assert table.index.tolist() == ["member", "other"]
    assert table["customers"].tolist() == [1, 2]
    assert table["share_of_customers"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert table["revenue_per_customer"].tolist() == pytest.approx([300.0, 100.0])
    assert table["current_share"].tolist() == pytest.approx([1.0, 0.5])
    assert table.attrs["revenue_ratio"] == pytest.approx(3.0)


def test_member_comparison_sees_up_to_the_observation_end(customers, transactions, memberships):
    # on 2024-12-31 C3 has not signed up; C1 kept only O1 (100) and is silent 356 days: lost
    table = member_comparison(customers, transactions, memberships, "2024-12-31")
    assert table["customers"].tolist() == [1, 1]
    assert table["revenue_per_customer"].tolist() == pytest.approx([100.0, 200.0])
    assert table.attrs["revenue_ratio"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="the member group is empty on observation_end=2024-01-31"):
        member_comparison(customers, transactions, memberships, "2024-01-31")


def test_member_comparison_without_customers_and_bad_input(transactions, memberships):
    table = member_comparison(None, transactions, memberships, "2025-12-31")
    assert table["customers"].tolist() == [1, 1]  # C3 never kept a purchase: not a customer
    everyone = pd.concat([memberships, memberships.assign(customer_id="C2")])
    with pytest.raises(ValueError, match="the other group is empty"):
        member_comparison(None, transactions, everyone, "2025-12-31")
    with pytest.raises(ValueError, match="'join_date'"):
        member_comparison(None, transactions, memberships.drop(columns="join_date"))


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))))
def test_member_comparison_does_not_depend_on_row_order(order):
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "customer_type": ["consumer"] * 3,
            "signup_date": pd.to_datetime(["2024-01-01"] * 3),
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C", "C", "C"],
            "order_date": pd.to_datetime(
                ["2025-01-01", "2025-12-01", "2024-05-01"] + ["2025-11-01"] * 3
            ),
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            "returned": [False, False, False, False, True, False],
        }
    )
    members = pd.DataFrame({"customer_id": ["A"], "join_date": pd.to_datetime(["2024-06-01"])})
    expected = member_comparison(customers, tx, members, "2025-12-31")
    shuffled = member_comparison(customers, tx.iloc[list(order)], members, "2025-12-31")
    pd.testing.assert_frame_equal(shuffled, expected)


# ----------------------------------------------------------------------------- ch01 questions
@pytest.fixture
def _fresh_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """No wrong tries counted yet (as in a new kernel)."""
    from crmlab import check

    monkeypatch.setattr(check, "_WRONG_TRIES", {})


@pytest.mark.parametrize(
    ("ratio", "band"), [(0.5, "a"), (0.9, "b"), (1.06, "b"), (1.1, "c"), (1.49, "c"), (1.5, "d")]
)
def test_member_band_edges(ratio, band):
    from crmlab._questions.ch01 import member_band

    table = pd.DataFrame()
    table.attrs["revenue_ratio"] = ratio
    assert member_band(table) == band


@pytest.mark.usefixtures("_fresh_checks")
def test_member_revenue_question_is_answered_from_the_comparison(
    customers, transactions, memberships
):
    from crmlab import check

    # members 300 per customer, others 100 (see the hand case above): 3.0× → "d"
    table = member_comparison(customers, transactions, memberships, "2025-12-31")
    for form in ("d", "D", "高得多", "much more: 1.5× or above"):
        assert check.answer("ch01.member_revenue", form, comparison=table).correct, form
    wrong = check.answer("ch01.member_revenue", "b", comparison=table)
    assert not wrong.correct and "倍数" in wrong.hint
    earlier = member_comparison(customers, transactions, memberships, "2024-12-31")  # 0.5×
    assert check.answer("ch01.member_revenue", "a", comparison=earlier).correct
    assert "差距有没有那么大" in check.answer("ch01.member_revenue", "d", comparison=earlier).hint
    assert check.answer("ch01.member_revenue", None, comparison=None).waiting


@pytest.mark.usefixtures("_fresh_checks")
def test_stage_from_record_reads_the_rule_not_the_contacts():
    from crmlab import check

    assert check.answer("ch01.stage_from_record", "流失客户").correct
    current = check.answer("ch01.stage_from_record", "d")
    assert not current.correct and "投诉电话和会员资格都不是购买" in current.hint
    assert "非客户不会出现在数据库中" in check.answer("ch01.stage_from_record", "a").hint
    assert check.answer("ch01.focus_table", "客户关系管理").correct
    assert "产值中心论" in check.answer("ch01.focus_table", "a").hint
