"""The Dick's list and its hold-out check (crmlab.purchase_cycle): hand-built shoppers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import purchase_cycle as pc
from crmlab import relationship as rel


def _weekly(customer: str, first: str, n: int, every: int, amount: float, category="tops"):
    days = pd.date_range(first, periods=n, freq=f"{every}D")
    return pd.DataFrame(
        {"customer_id": customer, "order_date": days, "amount": amount, "category": category}
    )


def _shop() -> pd.DataFrame:
    """Regulars a (every 7 days, from 1 Jan) and b (every 7 days, from 4 Jan); c every 20 days
    (last on 2 March); d spends little; e has bought once; f buys shoes every 14 days and
    tops every 7; g spent a lot in January and stopped."""
    frames = [
        _weekly("a", "2024-01-01", 20, 7, 40.0),
        _weekly("b", "2024-01-04", 20, 7, 40.0),
        _weekly("c", "2024-01-02", 4, 20, 100.0),
        _weekly("g", "2024-01-01", 4, 7, 200.0),
        _weekly("d", "2024-01-03", 20, 7, 1.0),
        _weekly("e", "2024-02-01", 1, 7, 500.0),
        _weekly("f", "2024-01-05", 10, 14, 30.0, "shoes"),
        _weekly("f", "2024-01-06", 20, 7, 30.0, "tops"),
    ]
    tx = pd.concat(frames, ignore_index=True)
    tx["returned"] = False
    tx["order_id"] = [f"O{i}" for i in range(len(tx))]
    return tx


def test_due_list_keeps_dicks_spenders_and_reports_the_customers_weekly_spend():
    tx = _shop()
    today = pd.Timestamp("2024-03-01")
    everyone = pc.due_list(tx, today)
    spenders = pc.due_list(tx, today, min_weekly_spend=25)
    assert "d" in everyone.index and "d" not in spenders.index  # ~ 1 a week
    assert "e" not in everyone.index  # one purchase: no rhythm
    by_category = pc.due_list(tx, today, by="category", min_weekly_spend=25)
    rows = by_category.loc["f"]
    # f's weekly spend is her whole spend, the same on her tops and shoes rows
    assert rows["weekly_spend"].nunique() == 1
    assert rows["weekly_spend"].iloc[0] > rows["spend"].iloc[0] / 8.6 - 1e-9
    only_shoes = pc.due_list(tx, today, by="category", item="shoes")
    assert set(only_shoes.index.get_level_values(1)) <= {"shoes"}
    assert rel.due_list is pc.due_list


def test_due_list_check_counts_hits_and_draws_random_lists_from_the_eligible():
    tx = _shop()
    check = pc.due_list_check(tx, "2024-03-01", min_weekly_spend=25, draws=500, seed=1)
    assert check.today == pd.Timestamp("2024-03-01")
    assert check.holdout_end == pd.Timestamp("2024-03-08")
    # eligible: a, b, c, f, g (three or more purchase days, weekly spend >= 25)
    assert check.eligible == 5
    # g is overdue (not due in the window): listed are the four regulars, who all buy
    assert set(check.listed.index) == {"a", "b", "c", "f"}
    assert check.listed["bought"].all()
    assert check.precision == 1.0
    assert check.base_rate == pytest.approx(4 / 5)
    with_overdue = pc.due_list_check(tx, "2024-03-01", include_overdue=True, draws=10)
    assert "g" in with_overdue.listed.index and not with_overdue.listed.loc["g", "bought"]
    assert check.random_precisions.shape == (500,)
    assert check.random_precision == pytest.approx(check.base_rate, abs=0.05)
    assert check.lift == pytest.approx(check.precision / check.random_precision)


def test_the_random_lists_are_seeded_and_the_same_size_as_the_list():
    tx = _shop()
    one = pc.due_list_check(tx, "2024-03-01", draws=50, seed=3)
    two = pc.due_list_check(tx, "2024-03-01", draws=50, seed=3)
    other = pc.due_list_check(tx, "2024-03-01", draws=50, seed=4)
    assert np.array_equal(one.random_precisions, two.random_precisions)
    assert one.precision == other.precision
    n = one.listed_customers
    # each random precision is a count of hits out of n
    assert np.allclose(one.random_precisions * n, np.round(one.random_precisions * n))


def test_a_list_that_picks_the_buyers_beats_chance_and_one_that_does_not_does_not():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(60):  # 60 regulars every 10 days; phases spread over the ten days
        rows.append(_weekly(f"r{i}", f"2024-01-{1 + i % 10:02d}", 12, 10, 50.0))
    tx = pd.concat(rows, ignore_index=True).assign(returned=False)
    check = pc.due_list_check(tx, "2024-04-20", draws=300, seed=0)
    assert check.precision == 1.0
    assert check.lift > 1.2
    assert 0 < check.share_of_draws_beaten <= 1
    shuffled = tx.copy()
    shuffled["order_date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        rng.integers(0, 130, len(tx)), unit="D"
    )
    noisy = pc.due_list_check(shuffled, "2024-04-20", draws=300, seed=0)
    assert noisy.lift < check.lift


def test_due_list_check_refuses_a_window_past_the_data_and_bad_options():
    tx = _shop()
    last = tx["order_date"].max()
    with pytest.raises(ValueError, match="past the last day in the data"):
        pc.due_list_check(tx, last - pd.Timedelta(days=3))
    with pytest.raises(ValueError, match="draws"):
        pc.due_list_check(tx, "2024-03-01", draws=-1)
    with pytest.raises(ValueError, match="item: give by="):
        pc.due_list_check(tx, "2024-03-01", item="tops")
    with pytest.raises(ValueError, match="no eligible customers"):
        pc.due_list_check(tx, "2024-03-01", min_weekly_spend=1e6)


def test_an_empty_list_has_no_precision_and_no_draws():
    tx = _shop()
    check = pc.due_list_check(tx, "2024-03-01", by="category", item="dresses")
    assert check.listed_customers == 0
    assert np.isnan(check.precision) and np.isnan(check.lift)
    assert check.random_precisions.size == 0


def test_backtest_one_row_per_week_ending_one_window_before_the_last_day():
    tx = _shop()
    table = pc.due_list_backtest(tx, 4, draws=20)
    last = tx["order_date"].max()
    assert len(table) == 4
    assert table.index[-1] == last - pd.Timedelta(days=7)
    assert (np.diff(table.index.values).astype("timedelta64[D]").astype(int) == 7).all()
    assert (table["bought"] <= table["listed"]).all()
    with pytest.raises(ValueError, match="weeks"):
        pc.due_list_backtest(tx, 0)


def test_due_list_checks_its_window_and_purchases_like_due_customers():
    days = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])
    tx = pd.DataFrame({"customer_id": ["a"] * 3, "order_date": days, "amount": 30.0})
    with pytest.raises(ValueError, match="window_days: expected whole days >= 1"):
        pc.due_list(tx, "2024-01-20", window_days=0)
    with pytest.raises(ValueError, match="min_purchases: expected a whole number >= 2"):
        pc.due_list(tx, "2024-01-20", min_purchases=1)
