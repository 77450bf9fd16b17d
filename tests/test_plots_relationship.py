"""Charts of chapter 08: the due list's check, payday timing, cross-selling, coupons (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlab import plots, purchase_cycle, relationship, timing

pytestmark = pytest.mark.usefixtures("english_and_closed")


def _regulars() -> pd.DataFrame:
    rows = []
    for i in range(30):
        days = pd.date_range(f"2024-01-{1 + i % 10:02d}", periods=12, freq="10D")
        rows.append(pd.DataFrame({"customer_id": f"r{i}", "order_date": days, "amount": 20.0}))
    return pd.concat(rows, ignore_index=True).assign(returned=False)


def test_due_list_check_chart_draws_the_draws_the_list_and_the_base_rate():
    check = purchase_cycle.due_list_check(_regulars(), "2024-04-01", draws=100)
    ax = plots.due_list_check_chart(check)
    assert sum(p.get_height() for p in ax.patches) == 100  # every random list in a bin
    xs = [float(line.get_xdata()[0]) for line in ax.lines]
    assert xs == pytest.approx([check.precision, check.base_rate])
    assert "random lists" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(TypeError, match="DueListCheck"):
        plots.due_list_check_chart(pd.DataFrame())


def test_due_list_backtest_chart_pairs_list_and_random_bars():
    table = purchase_cycle.due_list_backtest(_regulars(), 3, draws=20)
    ax = plots.due_list_backtest_chart(table)
    heights = [p.get_height() for p in ax.patches]
    assert heights[:3] == pytest.approx(table["precision"].fillna(0).tolist())
    assert heights[3:] == pytest.approx(table["random_precision"].fillna(0).tolist())
    assert len(ax.get_xticklabels()) == 3
    with pytest.raises(ValueError, match="backtest"):
        plots.due_list_backtest_chart(table.drop(columns="precision"))


def test_purchase_timing_chart_days_weekdays_and_campaign_line():
    tx = _regulars().assign(promotion="none")
    month = timing.purchase_timing(tx)
    ax = plots.purchase_timing_chart(month, without_campaigns=month)
    assert len(ax.patches) == 31
    assert ax.lines[-1].get_ydata() == pytest.approx(month["index"].to_numpy(), nan_ok=True)
    assert "Day of the month" in ax.get_xlabel()
    week = plots.purchase_timing_chart(timing.purchase_timing(tx, "weekday"))
    assert [t.get_text() for t in week.get_xticklabels()][:2] == ["Mon", "Tue"]
    assert "weekdays" in week.get_title() and "month" in ax.get_title()
    plots.use_chinese()
    try:
        chinese = plots.purchase_timing_chart(timing.purchase_timing(tx, "weekday"))
        assert chinese.get_xticklabels()[0].get_text() == "周一"
    finally:
        plots.use_english()


def test_cross_sell_chart_top_pairs_and_the_chance_line():
    tx = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "2", "3", "3", "4"],
            "category": ["tops", "skirts", "tops", "skirts", "shoes", "tops", "shoes"],
        }
    )
    pairs = relationship.cross_sell_pairs(tx)
    ax = plots.cross_sell_chart(pairs, top=1)
    assert [p.get_width() for p in ax.patches] == pytest.approx([pairs["lift"].max()])
    assert ax.get_yticklabels()[0].get_text() == "skirts + tops"
    assert ax.get_xlim()[1] >= 1.0  # the chance line is inside the axes


def test_coupon_targeting_chart_money_axis_and_best_point():
    plan = relationship.target_coupon(np.linspace(0.9, 0.01, 40), margin=50, coupon_cost=8)
    ax = plots.coupon_targeting_chart(plan)
    net = ax.lines[0].get_ydata()
    assert net[0] == 0 and net[1:] == pytest.approx(plan["net_return"].to_numpy())
    assert ax.lines[1].get_ydata()[1:] == pytest.approx(plan["random_net_return"].to_numpy())
    assert plots.currency() in ax.get_ylabel()
    best = ax.collections[0].get_offsets()[0]
    assert best[1] == pytest.approx(plan["net_return"].max())


def test_a_week_without_a_list_bar_says_why():
    table = pd.DataFrame(
        {"precision": [0.3, 0.0, np.nan], "random_precision": [0.05, 0.04, 0.06]},
        index=pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"]),
    )
    ax = plots.due_list_backtest_chart(table)
    assert [t.get_text() for t in ax.texts] == ["0%", "empty"]
