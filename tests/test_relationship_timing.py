"""Marketing timing (crmlab.timing): payday and weekday patterns, holiday weeks, dollars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import timing


def test_from_dollars_known_and_given_rates():
    assert timing.from_dollars(25, "$") == 25
    assert timing.from_dollars(25, "¥") == pytest.approx(25 * timing.USD_RATES["¥"])
    assert timing.from_dollars(10, "CHF", rate=0.9) == pytest.approx(9.0)
    with pytest.raises(ValueError, match="no rate for 'CHF'"):
        timing.from_dollars(10, "CHF")
    with pytest.raises(ValueError, match="rate"):
        timing.from_dollars(10, "¥", rate=0)


def _month_of_purchases(payday: int | None) -> pd.DataFrame:
    """One purchase a day in 2024 by different customers; three more on each payday."""
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    rows = [(f"c{i}", d) for i, d in enumerate(days)]
    if payday is not None:
        for d in days[days.day == payday]:
            rows += [(f"p{d:%m}{k}", d) for k in range(3)]
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date"])
    tx["amount"] = 10.0
    return tx


def test_a_payday_shows_as_an_index_of_four_and_an_even_spread_as_one():
    flat = timing.purchase_timing(_month_of_purchases(None))
    assert np.allclose(flat["index"], 1.0)
    assert flat["calendar_share"].loc[31] < flat["calendar_share"].loc[1]  # 7 months have a 31st
    paid = timing.purchase_timing(_month_of_purchases(25))
    others = paid.drop(index=25)["index"]
    assert paid.loc[25, "index"] / others.mean() == pytest.approx(4.0)
    assert paid["share"].sum() == pytest.approx(1.0)


def test_one_customer_buying_twice_a_day_is_one_purchase():
    tx = _month_of_purchases(None)
    doubled = pd.concat([tx, tx.iloc[:5]], ignore_index=True)
    assert timing.purchase_timing(doubled)["purchases"].sum() == len(tx)


def test_weekday_and_campaigns_left_out():
    tx = _month_of_purchases(None)
    tx["promotion"] = np.where(tx["order_date"].dt.dayofweek == 5, "double11", "none")
    week = timing.purchase_timing(tx, "weekday")
    assert list(week.index) == list(range(7))
    calm = timing.purchase_timing(tx, "weekday", exclude_promotions=True)
    assert calm.loc[5, "purchases"] == 0
    with pytest.raises(ValueError, match="unit"):
        timing.purchase_timing(tx, "hour")
    with pytest.raises(ValueError, match="missing column 'promotion'"):
        timing.purchase_timing(tx.drop(columns="promotion"), exclude_promotions=True)


def test_holiday_lift_per_whole_year():
    days = pd.date_range("2023-06-01", "2024-12-31", freq="D")
    tx = pd.DataFrame({"customer_id": "a", "order_date": days, "amount": 10.0})
    tx.loc[(days.month == 3) & (days.day <= 8), "amount"] = 40.0
    table = timing.holiday_lift(tx, 3, 8, days=8)
    assert list(table.index) == [2024]  # 2023's window is before the data
    row = table.loc[2024]
    assert row["window_amount"] == pytest.approx(8 * 40.0)
    year_daily = (358 * 10 + 8 * 40) / 366
    assert row["lift"] == pytest.approx(40 / year_daily)
    assert row["window_customers"] == 1
    with pytest.raises(ValueError, match="not a date"):
        timing.holiday_lift(tx, 2, 30)
    with pytest.raises(ValueError, match="no year"):
        timing.holiday_lift(tx.loc[tx["order_date"] < "2024-01-01"], 3, 8)
