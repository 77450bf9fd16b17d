"""The customer ladder and the launched product (crmlab.strategy, ch09): hand-computed cases."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab.strategy import (
    INACTIVE,
    customer_tiers,
    kpi_table,
    ladder_profitability,
    latest_launch,
    tier_transitions,
)

THRESHOLDS = {"small": 0, "big": 200}


def _tx() -> pd.DataFrame:
    """a: Q1 small (50), Q2 big (600), Q3 —, Q4 small (100); b: Q1 big (300), Q2 small (20).

    c first buys in Q2 (small, 40), then Q3 big (250), Q4 big (500). Gross margin = amount − cost.
    """
    rows = [
        ("a", "2025-01-05", 100.0, 50.0, False, "tops"),
        ("a", "2025-04-05", 900.0, 300.0, False, "tops"),
        ("a", "2025-04-06", 999.0, 1.0, True, "shoes"),  # returned: ignored
        ("a", "2025-11-15", 150.0, 50.0, False, "gym"),
        ("b", "2025-01-09", 500.0, 200.0, False, "tops"),
        ("b", "2025-04-01", 50.0, 30.0, False, "shoes"),
        ("c", "2025-05-01", 80.0, 40.0, False, "tops"),
        ("c", "2025-08-01", 400.0, 150.0, False, "shoes"),
        ("c", "2025-12-31", 700.0, 200.0, False, "gym"),
    ]
    frame = pd.DataFrame(
        rows, columns=["customer_id", "order_date", "amount", "cost", "returned", "category"]
    )
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def test_customer_tiers_reads_the_story():
    tiers = customer_tiers(_tx(), "Q", thresholds=THRESHOLDS)
    assert list(tiers.columns.astype(str)) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert tiers.loc["a"].tolist() == ["small", "big", INACTIVE, "small"]
    assert tiers.loc["b"].tolist() == ["big", "small", INACTIVE, INACTIVE]
    assert pd.isna(tiers.loc["c", pd.Period("2025Q1")])
    assert tiers.loc["c"].iloc[1:].tolist() == ["small", "big", "big"]


def test_customer_tiers_agree_with_the_transition_counts():
    tx = _tx()
    tiers = customer_tiers(tx, "Q", thresholds=THRESHOLDS)
    counts = tier_transitions(tx, "Q", thresholds=THRESHOLDS).counts
    pairs = pd.Series(
        [
            (a, b)
            for _, row in tiers.iterrows()
            for a, b in zip(row.iloc[:-1], row.iloc[1:], strict=True)
            if isinstance(a, str)
        ]
    ).value_counts()
    for (a, b), n in pairs.items():
        assert counts.loc[a, b] == n
    assert counts.to_numpy().sum() == pairs.sum()


def test_upgrades_in_the_kpi_table_are_steps_up_the_tiers():
    tx = _tx()
    tiers = customer_tiers(tx, "Q", thresholds=THRESHOLDS)
    rank = {"small": 0, "big": 1}
    kpi = kpi_table(tx, period="Q", thresholds=THRESHOLDS, inactivity=365)
    for k in range(1, tiers.shape[1]):
        before, after = tiers.iloc[:, k - 1], tiers.iloc[:, k]
        up = sum(
            b in rank and a in rank and rank[a] > rank[b]
            for b, a in zip(before, after, strict=True)
        )
        assert kpi["upgraded"].iloc[k] == up


def test_ladder_profitability_by_hand():
    # last two quarters: Q3 buyers c (big, margin 250); Q4 a (small, 100), c (big, 500)
    ladder = ladder_profitability(_tx(), "Q", last=2, thresholds=THRESHOLDS)
    assert ladder.index.tolist() == ["big", "small"]
    assert ladder.loc["big", "customers"] == pytest.approx(1.0)  # one per quarter
    assert ladder.loc["small", "customers"] == pytest.approx(0.5)
    assert ladder.loc["big", "average_gross_margin"] == pytest.approx(375.0)
    assert ladder.loc["small", "average_gross_margin"] == pytest.approx(100.0)
    assert ladder.loc["big", "gross_margin_share"] == pytest.approx(750 / 850)
    assert ladder["customer_share"].sum() == pytest.approx(1.0)


def test_ladder_profitability_without_cost_needs_a_margin_or_revenue():
    tx = _tx().drop(columns="cost")
    with pytest.raises(ValueError, match="margin"):
        ladder_profitability(tx, thresholds=THRESHOLDS)
    by_revenue = ladder_profitability(tx, value="revenue", thresholds=THRESHOLDS)
    assert by_revenue["average_gross_margin"].isna().all()
    assert by_revenue["average_revenue"].notna().all()
    with pytest.raises(ValueError, match="last"):
        ladder_profitability(_tx(), last=0)


def test_latest_launch_finds_the_category_first_sold_last():
    launch = latest_launch(_tx())
    assert launch.category == "gym"
    assert launch.first_sale == pd.Timestamp("2025-11-15")
    assert launch.launched_later
    # a returned line does not count as a sale: shoes' first kept sale is b's on 1 April
    early = latest_launch(_tx(), "2025-06-30")
    assert early.category == "shoes" and early.first_sale == pd.Timestamp("2025-04-01")
    assert not latest_launch(_tx(), "2025-06-30", min_days=120).launched_later


def test_latest_launch_needs_a_category():
    with pytest.raises(ValueError, match="category"):
        latest_launch(_tx().drop(columns="category"))
