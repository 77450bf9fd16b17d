"""Lifecycle charts: drawn on Agg from real analysis results, labelled, no warnings."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlab import lifecycle, plots

pytestmark = pytest.mark.usefixtures("english_and_closed")


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    rows = []
    for k in range(40):
        days = np.sort(rng.choice(700, size=1 + k % 6, replace=False))
        for j, day in enumerate(days):
            rows.append(
                (
                    f"C{k:02d}",
                    f"O{k:02d}{j}",
                    pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(day)),
                )
            )
    frame = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date"])
    frame["amount"] = 100.0
    frame["cost"] = 50.0
    frame["discount"] = 5.0
    frame["returned"] = False
    frame["written_off"] = False
    return frame


def test_lifecycle_stage_chart_has_one_bar_per_stage(transactions):
    stages = lifecycle.lifecycle_stage(transactions, observation_end="2025-12-31")
    ax = plots.lifecycle_stage_chart(stages)
    assert len(ax.patches) == len(lifecycle.LIFECYCLE_STAGES)
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == len(stages)
    assert ax.get_ylabel() == "customers (count)"
    assert "lifecycle stage" in ax.get_title()


def test_churn_rate_chart_plots_percent(transactions):
    churn = lifecycle.churn_rate(transactions, "M", inactivity=90)
    ax = plots.churn_rate_chart(churn, title="Churn")
    line = ax.lines[0]
    assert np.allclose(line.get_ydata(), churn["churn_rate"].to_numpy() * 100, equal_nan=True)
    assert ax.get_title() == "Churn"
    assert "%" in ax.get_ylabel()


def test_lifecycle_profit_waterfall_ends_at_the_total(transactions):
    customers = pd.DataFrame(
        {
            "customer_id": sorted(transactions["customer_id"].unique()),
            "acquisition_cost": 30.0,
            "signup_date": pd.Timestamp("2024-01-01"),
        }
    )
    terms = lifecycle.lifecycle_profit_terms(lifecycle.lifecycle_profit(transactions, customers))
    ax = plots.lifecycle_profit_waterfall(terms)
    bars = ax.patches
    assert len(bars) == len(terms)
    last = bars[-1]
    assert last.get_y() == 0
    assert last.get_height() == pytest.approx(terms["contribution"].iloc[-1])
    # the running total of the bars before the last reaches the total
    top_of_costs = bars[-2].get_y() + bars[-2].get_height()
    assert top_of_costs == pytest.approx(terms["contribution"].iloc[-1])
    assert ax.get_ylabel() == f"contribution per customer ({plots.currency()})"


def test_waterfall_refuses_grouped_terms():
    table = pd.DataFrame(
        {
            "term": ["base_profit", "base_profit"],
            "term_cn": ["基本利润", "基本利润"],
            "side": ["benefit", "benefit"],
            "contribution": [1.0, 2.0],
        }
    )
    with pytest.raises(ValueError, match="one row per term"):
        plots.lifecycle_profit_waterfall(table)


def test_chinese_labels_when_switched(transactions):
    if plots.find_chinese_font() is None:
        pytest.skip("no CJK font here")
    plots.use_chinese()
    ax = plots.lifecycle_stage_chart(
        lifecycle.lifecycle_stage(transactions, observation_end="2025-12-31")
    )
    assert ax.get_ylabel() == "客户数（人）"
    assert ax.get_xticklabels()[0].get_text() == "考察期"


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="churn_rate"):
        plots.churn_rate_chart(pd.DataFrame({"x": [1]}))


def test_a_wrong_table_names_the_function_whose_result_the_chart_wants():
    wrong = pd.DataFrame({"rate": [0.1]})
    expected = r"churn: missing column 'churn_rate'.*lifecycle\.churn_rate\("
    with pytest.raises(ValueError, match=expected) as err:
        plots.churn_rate_chart(wrong)
    assert "_col=" not in str(err.value)  # charts take no column keywords


def test_waterfall_shows_every_bar_whole():
    terms = pd.DataFrame(
        {
            "term": ["base_profit", "referral_value", "acquisition_cost", "lifecycle_profit"],
            "term_cn": ["基本利润", "口碑价值", "获取成本", "客户生命周期利润"],
            "side": ["benefit", "benefit", "cost", "total"],
            "contribution": [1200.0, 300.0, -450.0, 1050.0],
        }
    )
    ax = plots.lifecycle_profit_waterfall(terms)
    low, high = ax.get_ylim()
    assert low == 0 and high > 1500  # the cost bar hangs from 1,500: its base is visible
    losses = terms.assign(contribution=[-200.0, 50.0, -100.0, -250.0])
    low, high = plots.lifecycle_profit_waterfall(losses).get_ylim()
    assert low < -250 and high == 0  # all below zero: the zero line is the top


def _label_boxes(ax):
    """Drawn bounding boxes (display units) of the axes, its title and its value labels."""
    fig = ax.get_figure()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return (
        ax.get_window_extent(renderer),
        ax.title.get_window_extent(renderer),
        [t.get_window_extent(renderer) for t in ax.texts],
    )


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize(
    "contribution",
    [
        [462.2, 3.3, 0.0, -245.3, -220.7, -12.8, -13.3],  # the company's average customer
        [1200.0, 40.0, 300.0, -150.0, -90.0, -20.0, 1280.0],  # profitable: ends high
        [-80.0, 2.0, 0.0, -300.0, -40.0, -100.0, -518.0],  # loss-making: all below zero
    ],
)
@pytest.mark.parametrize("chinese", [False, True])
def test_waterfall_labels_stay_inside_and_clear_of_title_and_bars(contribution, chinese):
    if chinese:
        if plots.find_chinese_font() is None:
            pytest.skip("no CJK font here")
        plots.use_chinese()
    terms = pd.DataFrame(
        {
            "term": [t.term for t in lifecycle.LIFECYCLE_PROFIT_TERMS] + ["lifecycle_profit"],
            "term_cn": [t.term_cn for t in lifecycle.LIFECYCLE_PROFIT_TERMS] + ["客户生命周期利润"],
            "side": [t.side for t in lifecycle.LIFECYCLE_PROFIT_TERMS] + ["total"],
            "contribution": contribution,
        }
    )
    ax = plots.lifecycle_profit_waterfall(terms)
    assert len(ax.texts) == len(terms)
    frame, title, labels = _label_boxes(ax)
    for box, text in zip(labels, ax.texts, strict=True):
        shown = text.get_text()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{shown} leaves the axes sideways"
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, f"{shown} is cut at the top/bottom"
        assert not _overlap(box, title), f"{shown} sits on the title"
    for k, a in enumerate(labels):
        for b in labels[k + 1 :]:
            assert not _overlap(a, b), "two value labels overlap"
    fig = ax.get_figure()
    renderer = fig.canvas.get_renderer()
    for k, bar in enumerate(ax.patches):
        bar_box = bar.get_window_extent(renderer)
        # a label never covers a bar (its own or another); zero-height bars have no area
        for box in labels:
            if bar_box.height > 1:
                inner = bar_box.shrunk(1.0, 1.0)
                assert not _overlap(box.shrunk(0.98, 0.9), inner), f"a label covers bar {k}"
    # the amounts are written in the theme's currency, signed: benefits +, costs −
    assert ax.texts[0].get_text().startswith("+") or contribution[0] <= 0
    assert all(plots.currency() in t.get_text() for t in ax.texts)


def test_waterfall_labels_are_money_with_signs():
    terms = pd.DataFrame(
        {
            "term": ["base_profit", "acquisition_cost", "lifecycle_profit"],
            "term_cn": ["基本利润", "获取成本", "客户生命周期利润"],
            "side": ["benefit", "cost", "total"],
            "contribution": [100.0, -130.0, -30.0],
        }
    )
    ax = plots.lifecycle_profit_waterfall(terms)
    money = plots.money
    assert [t.get_text() for t in ax.texts] == [f"+{money(100)}", money(-130), money(-30)]
    assert ax.get_ylim()[0] < -30  # the cost bar (100 → −30) has its label below −30
