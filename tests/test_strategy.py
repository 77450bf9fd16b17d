"""Tests of crmlab.strategy (chapter 09: KPIs, tier transitions, growth matrix, readiness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.strategy import (
    GROWTH_STRATEGIES,
    READINESS_QUESTIONS,
    growth_matrix,
    kpi_table,
    latest_launch,
    readiness_score,
    tier_transitions,
)

SETTINGS = settings(max_examples=50, deadline=None)
THRESHOLDS = {"small": 0, "big": 200}


def _tx() -> pd.DataFrame:
    """Quarterly story (gross margin = amount − cost, returned lines ignored).

    a: Q1 50 (small), Q2 600 (big), Q3 —, Q4 100 (small)
    b: Q1 300 (big),  Q2 20 (small), Q3 —,  Q4 —
    c:            Q2 40 (small), Q3 250 (big), Q4 500 (big)
    """
    rows = [
        ("a", "2025-01-05", 100.0, 50.0, False),
        ("a", "2025-04-05", 900.0, 300.0, False),
        ("a", "2025-04-06", 999.0, 1.0, True),  # returned: ignored
        ("a", "2025-11-15", 150.0, 50.0, False),
        ("b", "2025-01-09", 500.0, 200.0, False),
        ("b", "2025-04-01", 50.0, 30.0, False),
        ("c", "2025-05-01", 80.0, 40.0, False),
        ("c", "2025-08-01", 400.0, 150.0, False),
        ("c", "2025-12-31", 700.0, 200.0, False),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "cost", "returned"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


# ----------------------------------------------------------------------------- transitions
def test_tier_transitions_hand_computed():
    result = tier_transitions(_tx(), "Q", thresholds=THRESHOLDS)
    counts = result.counts
    assert list(counts.index) == ["big", "small", "inactive"]
    assert list(counts.columns) == ["big", "small", "inactive"]
    # pairs: a small→big, big→inactive, inactive→small; b big→small, small→inactive,
    # inactive→inactive; c small→big, big→big
    expected = pd.DataFrame(
        [[1, 1, 1], [2, 0, 1], [0, 1, 1]],
        index=counts.index,
        columns=counts.columns,
    )
    pd.testing.assert_frame_equal(counts, expected)
    assert result.shares.loc["small", "big"] == pytest.approx(2 / 3)
    assert result.shares.sum(axis=1).tolist() == pytest.approx([1, 1, 1])


def test_tier_transitions_pyramid_tiers_per_period():
    # two tiers of equal size among each quarter's buyers, by gross margin
    result = tier_transitions(_tx(), "Q", shares=(0.5, 0.5), labels=("top", "bottom"))
    # Q1: b top, a bottom; Q2: a top, then c(40) vs b(20): 3 buyers, top = round(1.5) = 2
    # → a, c top, b bottom; Q3: c top; Q4: c top, a bottom
    counts = result.counts
    assert counts.to_numpy().sum() == 8
    assert counts.loc["bottom", "top"] == 1  # a: Q1 bottom → Q2 top
    assert counts.loc["top", "bottom"] == 1  # b: Q1 top → Q2 bottom
    assert counts.loc["top", "top"] == 2  # c: Q2 → Q3 → Q4


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 700), st.floats(1, 1000)),
        min_size=1,
        max_size=50,
    )
)
def test_tier_transitions_rows_are_distributions(rows):
    tx = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta([r[1] for r in rows], "D"),
            "amount": [r[2] for r in rows],
            "cost": 0.0,
            "returned": False,
        }
    )
    result = tier_transitions(tx, "Q")
    sums = result.shares.sum(axis=1)
    filled = result.counts.sum(axis=1) > 0
    assert np.allclose(sums[filled], 1.0)
    assert (result.counts.to_numpy() >= 0).all()


def test_tier_transitions_observation_end():
    # up to 2025-06-30: only the Q1 → Q2 pairs (a small→big, b big→small)
    result = tier_transitions(_tx(), "Q", thresholds=THRESHOLDS, observation_end="2025-06-30")
    assert result.counts.to_numpy().sum() == 2
    assert result.counts.loc["small", "big"] == 1 and result.counts.loc["big", "small"] == 1
    pd.testing.assert_frame_equal(
        tier_transitions(_tx(), "Q", thresholds=THRESHOLDS).counts,
        tier_transitions(_tx(), "Q", thresholds=THRESHOLDS, observation_end="2025-12-31").counts,
    )


def test_tier_transitions_errors():
    with pytest.raises(ValueError, match="value: expected 'revenue' or 'gross_margin'"):
        tier_transitions(_tx(), value="profit")
    with pytest.raises(ValueError, match="shares: the tier shares must sum to 1"):
        tier_transitions(_tx(), shares=(0.5, 0.2), labels=("a", "b"))
    with pytest.raises(ValueError, match="thresholds: need distinct finite minimum values"):
        tier_transitions(_tx(), thresholds={"a": 0, "b": 0})
    with pytest.raises(ValueError, match="period: 'bad' is not a pandas period alias"):
        tier_transitions(_tx(), period="bad")


# ----------------------------------------------------------------------------- KPIs
def test_kpi_table_hand_computed():
    table = kpi_table(_tx(), period="Q", thresholds=THRESHOLDS, inactivity=120)
    assert [str(p) for p in table.index] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert table["active"].tolist() == [2, 3, 1, 2]
    assert table["new"].tolist() == [2, 1, 0, 0]
    assert table["new_rate"].tolist() == pytest.approx(
        [2 / 2, 1 / 3, 0, 0]
    )  # new ÷ (at risk + new)
    # active within 120 days before each quarter start:
    # Apr 1: a (Jan 5), b (Jan 9); Jul 1: a, b, c; Oct 1: a (Apr 5 + 120 = Aug 3)? no;
    # b (Apr 1 + 120 = Jul 30)? no; c (Aug 1) yes → Oct 1: c; Jan 1: a (Nov 15), c
    assert table["at_risk"].tolist() == [0, 2, 3, 1]
    assert table["lost"].tolist() == [0, 0, 2, 0]
    assert table["lost_rate"].tolist()[1:] == pytest.approx([0, 2 / 3, 0])
    assert np.isnan(table["lost_rate"].iloc[0])
    # upgrades: Q2 a small→big (of a, b active in both); Q3 c small→big (only c in both);
    # Q4 c big→big (a was inactive in Q3)
    assert np.isnan(table["upgraded"].iloc[0])
    assert table["upgraded"].tolist()[1:] == [1, 1, 0]
    assert table["upgraded_rate"].tolist()[1:] == pytest.approx([0.5, 1.0, 0.0])
    assert table["average_gross_margin"].tolist() == pytest.approx(
        [(50 + 300) / 2, (600 + 20 + 40) / 3, 250, (100 + 500) / 2]
    )
    assert table["average_revenue"].iloc[0] == pytest.approx(300.0)


def test_kpi_table_new_from_signup_dates_and_incomplete_period():
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "signup_date": pd.to_datetime(["2024-12-20", "2025-01-09", "2025-05-01"]),
        }
    )
    tx = _tx().loc[lambda f: f["order_date"] < "2025-12-01"]
    table = kpi_table(tx, customers, period="Q", thresholds=THRESHOLDS)
    assert table["new"].tolist() == [1, 1, 0, 0]  # a signed up in 2024Q4, outside the table
    # Q1: nobody at risk, one new → 1.0 (not new ÷ active = 1/2)
    assert table["new_rate"].iloc[0] == 1.0
    assert np.isnan(table["lost"].iloc[-1])  # data end Nov 15: Q4 incomplete


def test_kpi_table_observation_end():
    tx = _tx()
    # default: the last day in the data (2025-12-31)
    pd.testing.assert_frame_equal(
        kpi_table(tx, period="Q", thresholds=THRESHOLDS, inactivity=120),
        kpi_table(
            tx, period="Q", thresholds=THRESHOLDS, inactivity=120, observation_end="2025-12-31"
        ),
    )
    # a returned line on the last day still marks the end of the data: Q4 stays complete
    returned_last = pd.concat(
        [tx.iloc[:-1], tx.iloc[[-1]].assign(returned=True)], ignore_index=True
    )
    table = kpi_table(returned_last, period="Q", thresholds=THRESHOLDS, inactivity=120)
    assert not np.isnan(table["lost"].iloc[-1])
    # an earlier end cuts the data: the lines after it are not seen, Q3 is incomplete
    cut = kpi_table(
        tx, period="Q", thresholds=THRESHOLDS, inactivity=120, observation_end="2025-08-15"
    )
    assert [str(p) for p in cut.index] == ["2025Q1", "2025Q2", "2025Q3"]
    assert cut["active"].tolist() == [2, 3, 1] and np.isnan(cut["lost"].iloc[-1])
    with pytest.raises(ValueError, match="observation_end: 2024-01-01 is before the first day"):
        kpi_table(tx, observation_end="2024-01-01")


def test_kpi_table_without_returned_column_and_text_flags():
    tx = _tx()
    kept = tx.loc[~tx["returned"]].drop(columns="returned")
    pd.testing.assert_frame_equal(
        kpi_table(kept, period="Q", thresholds=THRESHOLDS),
        kpi_table(tx, period="Q", thresholds=THRESHOLDS),
    )
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        kpi_table(tx.astype({"returned": str}))
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        tier_transitions(tx.astype({"returned": str}))


def test_kpi_table_errors():
    with pytest.raises(ValueError, match="inactivity: must be a positive number of days"):
        kpi_table(_tx(), inactivity=-5)
    with pytest.raises(ValueError, match="customers: missing column 'signup_date'"):
        kpi_table(_tx(), pd.DataFrame({"customer_id": ["a"]}))
    with pytest.raises(ValueError, match="transactions: missing column 'amount'"):
        kpi_table(_tx().drop(columns="amount"))


# ----------------------------------------------------------------------------- growth matrix
def _growth_inputs():
    tx = pd.DataFrame(
        {
            "customer_id": ["old", "old", "old", "fresh", "fresh", "old"],
            "order_date": pd.to_datetime(
                ["2023-05-01", "2025-03-01", "2025-06-01", "2025-09-01", "2025-10-01", "2025-07-01"]
            ),
            "category": ["dresses", "dresses", "shoes", "dresses", "shoes", "shoes"],
            "amount": [1000.0, 300.0, 100.0, 100.0, 50.0, 999.0],
            "cost": 0.0,
            "returned": [False, False, False, False, False, True],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["old", "fresh"],
            "signup_date": pd.to_datetime(["2022-01-01", "2025-08-01"]),
        }
    )
    return tx, customers


def test_growth_matrix_by_first_sale_dates():
    tx, customers = _growth_inputs()
    table = growth_matrix(tx, customers, "2025-12-31")
    # window 2025-01-01 … 2025-12-31; shoes first sold 2025-06-01 → new product
    assert table["strategy"].tolist() == ["loyalty", "expansion", "acquisition", "diversification"]
    assert table["strategy_cn"].tolist() == [v[1] for v in GROWTH_STRATEGIES.values()]
    assert table["revenue"].tolist() == [300.0, 100.0, 100.0, 50.0]
    assert table["revenue_share"].sum() == pytest.approx(1.0)
    assert table["buyers"].tolist() == [1, 1, 1, 1]


def test_growth_matrix_dates_a_launch_by_its_first_kept_sale():
    tx, customers = _growth_inputs()
    # a returned pair of shoes before the launch does not make shoes an existing product
    early_return = pd.DataFrame(
        {
            "customer_id": ["old"],
            "order_id": ["R0"],
            "order_date": pd.to_datetime(["2024-11-01"]),
            "category": ["shoes"],
            "amount": [80.0],
            "cost": [40.0],
            "returned": [True],
        }
    )
    with_return = pd.concat([tx, early_return[tx.columns]], ignore_index=True)
    launch = latest_launch(with_return, "2025-12-31")
    pd.testing.assert_frame_equal(
        growth_matrix(with_return, customers, "2025-12-31", new_product_since=launch.first_sale),
        growth_matrix(tx, customers, "2025-12-31", new_product_since=launch.first_sale),
    )


def test_growth_matrix_explicit_dates_and_mapping():
    tx, customers = _growth_inputs()
    everything_old = growth_matrix(
        tx, customers, "2025-12-31", new_customer_since="2025-09-01", new_product_since="2026-01-01"
    )
    # window from Sep 1: only fresh's lines (Sep 1, Oct 1); fresh signed up Aug 1 → existing;
    # no product was first sold in 2026 → all existing
    assert everything_old["revenue"].tolist() == [150.0, 0.0, 0.0, 0.0]
    mapped = growth_matrix(
        tx, customers, "2025-12-31", product_newness={"dresses": True, "shoes": False}
    )
    assert mapped["revenue"].tolist() == [100.0, 300.0, 50.0, 100.0]


def test_growth_matrix_default_observation_end_and_no_returned_column():
    tx, customers = _growth_inputs()
    # the last day in the data is 2025-10-01 (window from 2024-10-02)
    default = growth_matrix(tx, customers)
    pd.testing.assert_frame_equal(default, growth_matrix(tx, customers, "2025-10-01"))
    kept = tx.loc[~tx["returned"]].drop(columns="returned")
    pd.testing.assert_frame_equal(
        growth_matrix(kept, customers, "2025-12-31"), growth_matrix(tx, customers, "2025-12-31")
    )
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        growth_matrix(tx.astype({"returned": str}), customers)


def test_growth_matrix_errors():
    tx, customers = _growth_inputs()
    with pytest.raises(ValueError, match=r"product_newness: no entry for 1 product\(s\) \(shoes\)"):
        growth_matrix(tx, customers, "2025-12-31", product_newness={"dresses": True})
    with pytest.raises(
        ValueError, match="new_customer_since: 2026-01-01 is after observation_end 2025-12-31"
    ):
        growth_matrix(tx, customers, "2025-12-31", new_customer_since="2026-01-01")
    with pytest.raises(
        ValueError, match=r"transactions: 1 customer id\(s\) not in customers \(fresh\)"
    ):
        growth_matrix(tx, customers.iloc[:1], "2025-12-31")
    with pytest.raises(ValueError, match="transactions: missing column 'category'"):
        growth_matrix(tx.drop(columns="category"), customers, "2025-12-31")


# ----------------------------------------------------------------------------- analysts' data
def _own() -> pd.DataFrame:
    """The quarterly story as an order log arrives: no cost column."""
    return _tx().drop(columns="cost")


def test_kpi_table_without_cost_needs_a_margin_for_gross_margin_tiers():
    with pytest.raises(ValueError, match=r"transactions: no 'cost' column.*margin=0\.35"):
        kpi_table(_own(), thresholds=THRESHOLDS)
    with pytest.raises(ValueError, match=r"no 'cost' column"):
        tier_transitions(_own(), thresholds=THRESHOLDS)


def test_kpi_table_with_a_margin_rate():
    table = kpi_table(_own(), period="Q", margin=0.4, thresholds={"small": 0, "big": 120})
    assert table["average_gross_margin"].dropna().to_numpy() == pytest.approx(
        0.4 * table["average_revenue"].dropna().to_numpy()
    )
    assert table.attrs["margin_note"].startswith("gross margin assumed at 40% of revenue")
    by_revenue = kpi_table(_own(), period="Q", value="revenue", thresholds={"small": 0, "big": 300})
    pd.testing.assert_frame_equal(
        table.drop(columns="average_gross_margin"),
        by_revenue.drop(columns="average_gross_margin"),
    )


def test_kpi_table_by_revenue_without_cost_leaves_gross_margin_unknown():
    table = kpi_table(_own(), period="Q", value="revenue", thresholds=THRESHOLDS)
    assert table["average_gross_margin"].isna().all()  # unknown, not 0 and not revenue
    assert table.attrs["margin_note"].startswith("gross margin unknown")
    with_cost = kpi_table(_tx(), period="Q", value="revenue", thresholds=THRESHOLDS)
    pd.testing.assert_frame_equal(
        table.drop(columns="average_gross_margin"), with_cost.drop(columns="average_gross_margin")
    )
    moves = tier_transitions(_own(), "Q", value="revenue", thresholds=THRESHOLDS)
    expected = tier_transitions(_tx(), "Q", value="revenue", thresholds=THRESHOLDS)
    pd.testing.assert_frame_equal(moves.counts, expected.counts)
    assert moves.margin_note.startswith("gross margin unknown")


def test_kpi_table_leaves_out_sign_ups_after_observation_end():
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "signup_date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-04-20", "2025-06-29"]),
        }
    )
    table = kpi_table(_tx(), customers, "Q", observation_end="2025-06-15", thresholds=THRESHOLDS)
    assert table["new"].tolist() == [2, 1]  # d signs up after the observation end


def test_growth_matrix_without_customers_or_cost():
    tx, customers = _growth_inputs()
    own = tx.drop(columns="cost")
    table = growth_matrix(own, None, "2025-12-31")
    # first purchases: old 2023-05-01 (existing), fresh 2025-09-01 (new)
    pd.testing.assert_frame_equal(table, growth_matrix(tx, customers, "2025-12-31"))
    firsts = pd.DataFrame(
        {
            "customer_id": ["old", "fresh"],
            "signup_date": pd.to_datetime(["2023-05-01", "2025-09-01"]),
        }
    )
    later = growth_matrix(own, None, "2025-12-31", new_customer_since="2025-08-15")
    pd.testing.assert_frame_equal(
        later, growth_matrix(tx, firsts, "2025-12-31", new_customer_since="2025-08-15")
    )
    with pytest.raises(ValueError, match="growth_matrix splits revenue by product category"):
        growth_matrix(own.drop(columns="category"))


# ----------------------------------------------------------------------------- readiness
def _answers(**changes):
    answers = {q.key: 4 for q in READINESS_QUESTIONS}
    answers.update(changes)
    return answers


def test_readiness_questions_constant():
    assert [q.key for q in READINESS_QUESTIONS] == [
        "funding",
        "strategy",
        "plan",
        "requirements",
        "success_criteria",
        "customer_definition",
        "environment",
        "integration",
    ]
    assert READINESS_QUESTIONS[0].question_cn == "CRM资金是否已经到位？"
    assert all(q.risk and q.risk_cn and q.short and q.short_cn for q in READINESS_QUESTIONS)
    assert all(q.question_cn.endswith("？") for q in READINESS_QUESTIONS)


def test_readiness_score_hand_computed():
    result = readiness_score(_answers(funding=2, plan=True, integration=False))
    assert result.total == 4 * 5 + 2 + 4 + 0
    assert result.percentage == pytest.approx(26 / 32 * 100)
    assert result.table.loc["funding", "weak"] and result.table.loc["integration", "weak"]
    assert not result.table.loc["plan", "weak"]
    assert result.risks == (READINESS_QUESTIONS[0].risk, READINESS_QUESTIONS[7].risk)
    assert result.table.loc["plan", "risk"] == ""
    # a zero answer keeps the verdict below "ready" even above 75 %
    assert result.verdict == "prepare further" and result.verdict_cn == "需进一步准备"
    assert readiness_score(_answers()).verdict == "ready"
    low = readiness_score({q.key: 1 for q in READINESS_QUESTIONS})
    assert (low.total, low.verdict, low.verdict_cn) == (8, "not ready", "未准备好")
    assert len(low.risks) == 8


@SETTINGS
@given(st.lists(st.integers(0, 4), min_size=8, max_size=8))
def test_readiness_score_properties(scores):
    answers = dict(zip([q.key for q in READINESS_QUESTIONS], scores, strict=True))
    result = readiness_score(answers)
    assert result.total == sum(scores)
    assert 0 <= result.percentage <= 100
    assert len(result.risks) == sum(s <= 2 for s in scores)


def test_readiness_score_errors():
    with pytest.raises(
        ValueError, match="answers: unknown question\\(s\\) 'budget'; the questions are funding"
    ):
        readiness_score(_answers(budget=3))
    answers = _answers()
    del answers["plan"]
    with pytest.raises(ValueError, match="answers: no answer for plan; answer all eight"):
        readiness_score(answers)
    with pytest.raises(
        ValueError, match="answers: 'funding' must be an integer 0-4 or True/False, got 5"
    ):
        readiness_score(_answers(funding=5))
    with pytest.raises(ValueError, match=r"got 2\.5"):
        readiness_score(_answers(funding=2.5))
    with pytest.raises(TypeError, match="answers: expected a mapping"):
        readiness_score([4] * 8)
