"""Acquisition charts: the funnel, source ROI, cost vs value, MAN lift (drawn on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from crmlab import acquisition, plots
from crmlab.plots import _theme


@pytest.fixture(autouse=True)
def _clean():
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")


@pytest.fixture
def leads():
    return pd.DataFrame(
        {
            "source": ["referral"] * 4 + ["online_ads"] * 4,
            "cost": [10.0] * 4 + [30.0] * 4,
            "money": [True, True, True, False, True, False, False, False],
            "authority": [True, True, False, False, True, True, False, False],
            "need": [True, False, True, False, True, False, True, False],
            "stage_reached": [
                "won",
                "negotiating",
                "won",
                "lead",
                "won",
                "contacted",
                "interested",
                "lead",
            ],
        }
    )


@pytest.fixture
def performance(leads):
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "channel": ["referral", "referral", "online_ads"],
            "acquisition_cost": [20.0, 20.0, 400.0],
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "order_id": ["O1", "O2", "O3"],
            "amount": [300.0, 200.0, 100.0],
            "cost": [100.0, 80.0, 60.0],
            "returned": [False, False, False],
        }
    )
    return acquisition.source_performance(leads, customers, tx, add_lead_cost=False)


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_funnel_chart_draws_one_centred_bar_per_stage(leads):
    table = acquisition.funnel(leads)
    ax = plots.funnel_chart(table)
    bars = _bars(ax)
    assert len(bars) == 5
    widths = sorted((b.get_width() for b in bars), reverse=True)
    assert widths == table["reached"].tolist()
    centres = {round(b.get_x() + b.get_width() / 2, 9) for b in bars}
    assert centres == {4.0}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["lead", "contacted", "interested", "negotiating", "won"]
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "8" and texts[1] == "6  (75%)"
    assert ax.get_title() == "The sales funnel"
    assert "count" in ax.get_xlabel()


def test_funnel_chart_takes_expected_counts_and_a_title():
    table = acquisition.funnel_from_rates(100, [0.8, 0.5, 0.5, 0.25])
    _, ax = plt.subplots()
    out = plots.funnel_chart(table, ax=ax, title="Our funnel")
    assert out is ax
    assert ax.get_title() == "Our funnel"
    last = ax.texts[-1]
    assert last.get_text().strip() == "5  (25%)"
    assert last.get_position()[0] > 50, "a narrow bar is labelled beside it, not inside"
    assert ax.texts[0].get_position()[0] == 50 and ax.texts[0].get_color() == "white"


def test_source_roi_chart_colours_losses(performance):
    ax = plots.source_roi_chart(performance)
    bars = _bars(ax)
    assert [b.get_width() for b in bars] == pytest.approx(performance["roi"].tolist())
    colours = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    roi = performance["roi"]
    assert colours[list(roi.index).index("online_ads")] == plots.PALETTE[1]
    assert colours[list(roi.index).index("referral")] == plots.PALETTE[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["online ads", "referral"]
    assert "ROI" in ax.get_xlabel() and "%" in ax.get_xlabel()
    assert ax.get_title() == "Return on investment by lead source"
    low, high = ax.get_xlim()
    assert low < roi.min() and high > roi.max(), "room for the labels at the bar ends"
    assert low > roi.min() - 0.5 * (roi.max() - roi.min()), "no empty half axis"


def test_source_roi_chart_has_no_negative_axis_without_a_loss():
    performance = pd.DataFrame({"roi": [8.0, 2.0]}, index=["store", "referral"])
    ax = plots.source_roi_chart(performance)
    assert ax.get_xlim()[0] == 0.0


def test_source_cost_value_chart_pairs_cost_and_value(performance):
    ax = plots.source_cost_value_chart(performance)
    bars = _bars(ax)
    assert len(bars) == 2 * len(performance)
    widths = [b.get_width() for b in bars]
    assert widths[:2] == pytest.approx(performance["cost_per_acquisition"].tolist())
    assert widths[2:] == pytest.approx(performance["value_per_customer"].tolist())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["cost per acquired customer", "profit per customer"]
    assert ax.get_xlabel() == f"amount per customer ({plots.currency()})"
    amounts = [*performance["cost_per_acquisition"], *performance["value_per_customer"]]
    assert [t.get_text().strip() for t in ax.texts] == [plots.money(a) for a in amounts]
    high = ax.get_xlim()[1]
    assert high > max(amounts) * 1.15, "room for the amount written beside the longest bar"


def test_source_cost_value_chart_draws_a_loss_to_the_left():
    performance = pd.DataFrame(
        {"cost_per_acquisition": [50.0], "value_per_customer": [-30.0]}, index=["bought_list"]
    )
    ax = plots.source_cost_value_chart(performance)
    assert [b.get_width() for b in _bars(ax)] == [50.0, -30.0]
    assert ax.get_xlim()[0] < -30.0
    assert ax.texts[-1].get_ha() == "right"


def test_man_lift_chart_labels_lift_and_overall(leads):
    result = acquisition.man_lift(leads)
    ax = plots.man_lift_chart(result.table, result.overall_conversion)
    bars = _bars(ax)
    assert [b.get_height() for b in bars] == pytest.approx(
        np.nan_to_num(result.table["conversion"].to_numpy())
    )
    assert [t.get_text() for t in ax.texts] == [
        f"{lift:.2f}×" for lift in result.table["lift"].dropna()
    ]
    assert ax.lines and ax.lines[0].get_ydata()[0] == pytest.approx(result.overall_conversion)
    assert "MAN score" in ax.get_xlabel() and "%" in ax.get_ylabel()


def test_man_lift_chart_skips_scores_nobody_has():
    table = pd.DataFrame(
        {"conversion": [np.nan, 0.1, 0.2, 0.4], "lift": [np.nan, 0.5, 1.0, 2.0]},
        index=pd.Index([0, 1, 2, 3], name="man_score"),
    )
    ax = plots.man_lift_chart(table)
    assert len(ax.texts) == 3
    assert not ax.lines


def test_chinese_labels_are_used_when_switched_on(leads, performance):
    _theme._STATE.chinese = True  # labels only; no font needed to build the text
    try:
        ax = plots.funnel_chart(acquisition.funnel(leads))
        assert ax.get_title() == "销售漏斗"
        assert ax.get_yticklabels()[0].get_text() == "线索"
        ax = plots.source_roi_chart(performance)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["网络广告", "转介绍"]
        assert "获取成本" in ax.get_xlabel()
        ax = plots.source_cost_value_chart(performance)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["单位获取成本", "平均客户利润"]
        assert ax.get_xlabel() == f"每位客户金额（{plots.currency()}）"
        ax = plots.man_lift_chart(acquisition.man_lift(leads).table, 0.3)
        assert ax.get_legend().get_texts()[0].get_text() == "全部线索的成交率"
        every = pd.DataFrame({"roi": 0.5}, index=list(acquisition.SOURCE_NAMES_CN))
        names = [t.get_text() for t in plots.source_roi_chart(every).get_yticklabels()]
        assert names == list(acquisition.SOURCE_NAMES_CN.values()), "no raw source codes"
    finally:
        _theme._STATE.chinese = False


def test_charts_are_re_exported():
    for name in ("funnel_chart", "source_roi_chart", "source_cost_value_chart", "man_lift_chart"):
        assert callable(getattr(plots, name))
