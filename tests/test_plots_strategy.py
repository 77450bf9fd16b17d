"""Strategy charts: growth matrix, KPI dashboard, transitions, capability, readiness (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlab import plots, readiness, strategy

pytestmark = pytest.mark.usefixtures("english_and_closed")


def _tx() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "customer_id": ["old", "old", "fresh", "a", "a", "b"],
            "order_date": pd.to_datetime(
                ["2025-03-01", "2025-06-01", "2025-09-01", "2025-01-05", "2025-04-05", "2025-01-09"]
            ),
            "category": ["dresses", "shoes", "dresses", "dresses", "dresses", "dresses"],
            "amount": [300.0, 100.0, 100.0, 100.0, 900.0, 500.0],
            "cost": [100.0, 50.0, 50.0, 50.0, 300.0, 200.0],
        }
    )
    return frame


def test_growth_matrix_chart_places_each_strategy_in_its_cell():
    customers = pd.DataFrame(
        {
            "customer_id": ["old", "fresh", "a", "b"],
            "signup_date": pd.to_datetime(["2022-01-01", "2025-08-01", "2022-01-01", "2022-01-01"]),
        }
    )
    matrix = strategy.growth_matrix(
        _tx(), customers, "2025-12-31", product_newness={"dresses": False, "shoes": True}
    )
    ax = plots.growth_matrix_chart(matrix)
    texts = {t.get_text().splitlines()[0]: t.get_position() for t in ax.texts}
    assert texts["Loyalty"] == (0.5, 1.5)  # existing customers (top) × existing products (left)
    assert texts["Expansion"] == (1.5, 1.5)
    assert texts["Acquisition"] == (0.5, 0.5)
    assert texts["Diversification"] == (1.5, 0.5)
    expansion = next(t.get_text() for t in ax.texts if t.get_text().startswith("Expansion"))
    assert plots.money(100) in expansion and "1 buyers" in expansion
    with pytest.raises(ValueError, match="matrix"):
        plots.growth_matrix_chart(matrix.drop(columns="buyers"))


def test_kpi_dashboard_draws_the_three_rates_and_money():
    kpi = strategy.kpi_table(_tx(), period="M", thresholds={"small": 0, "big": 200})
    top, bottom = plots.kpi_dashboard(kpi)
    np.testing.assert_allclose(top.lines[1].get_ydata(), kpi["lost_rate"].to_numpy(dtype=float))
    heights = [p.get_height() for p in bottom.patches]
    np.testing.assert_allclose(heights, kpi["average_gross_margin"].to_numpy(dtype=float))
    assert plots.currency() in bottom.get_ylabel()


def test_kpi_dashboard_falls_back_to_revenue_without_margin():
    kpi = strategy.kpi_table(_tx().drop(columns="cost"), period="M", value="revenue")
    _, bottom = plots.kpi_dashboard(kpi)
    assert "revenue" in bottom.get_ylabel()


def test_transition_chart_cells_are_the_row_shares():
    result = strategy.tier_transitions(_tx(), "Q", thresholds={"small": 0, "big": 200})
    ax = plots.transition_chart(result)
    shown = [t.get_text() for t in ax.texts]
    expected = [f"{v:.0%}" for v in result.shares.fillna(0).to_numpy().ravel()]
    assert shown == expected
    with pytest.raises(TypeError):
        plots.transition_chart(result.shares)


def test_capability_effects_chart_skips_empty_measures():
    effects = pd.DataFrame(
        {
            "retention_rate": [0.5, 0.4],
            "satisfaction_rate": [np.nan, np.nan],
            "cross_selling_ratio": [0.6, 0.3],
        },
        index=pd.Index(["member", "other"], name="group"),
    )
    ax = plots.capability_effects_chart(effects, names={"member": "members"})
    assert [t.get_text() for t in ax.get_xticklabels()] == ["retention rate", "cross-selling ratio"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["members", "other"]
    with pytest.raises(ValueError, match="value"):
        plots.capability_effects_chart(effects[["satisfaction_rate"]])


def test_readiness_chart_reds_the_weak_answers():
    answers = {q.key: 4 for q in readiness.READINESS_QUESTIONS} | {"plan": 1}
    ax = plots.readiness_chart(readiness.readiness_score(answers))
    colours = [tuple(p.get_facecolor()) for p in ax.patches]
    assert len(set(colours)) == 2 and colours.count(colours[2]) == 1
    assert "29/32" in ax.get_title()  # 7 × 4 + 1
    with pytest.raises(TypeError):
        plots.readiness_chart({"plan": 1})


def test_the_charts_speak_chinese_in_chinese_mode():
    pytest.importorskip("matplotlib")
    try:
        plots.use_chinese()
    except plots.ChineseFontError:
        pytest.skip("no CJK font")
    answers = {q.key: 2 for q in readiness.READINESS_QUESTIONS}
    ax = plots.readiness_chart(readiness.readiness_score(answers))
    assert "资金到位" in ax.get_yticklabels()[0].get_text()


def test_kpi_dashboard_draws_on_the_two_axes_given():
    import matplotlib.pyplot as plt

    kpi = strategy.kpi_table(_tx(), period="M", thresholds={"small": 0, "big": 200})
    _fig, (top, bottom) = plt.subplots(2, 1)
    assert list(plots.kpi_dashboard(kpi, ax=(top, bottom))) == [top, bottom]
    with pytest.raises(ValueError, match="two Axes"):
        plots.kpi_dashboard(kpi, ax=[top])
