"""CLV charts: the horizon curve, with the infinite line and the per-year bars (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlab import clv, plots

pytestmark = pytest.mark.usefixtures("english_and_closed")


def test_clv_horizon_chart_with_the_infinite_line():
    horizons = np.arange(1, 21)
    values = [clv.clv_simple(100, 0.8, 0.1, horizon=int(n)) for n in horizons]
    curve = pd.DataFrame({"horizon": horizons, "clv": values})
    ax = plots.clv_horizon_chart(curve, infinite=clv.clv_simple(100, 0.8, 0.1))
    assert len(ax.lines) == 2
    assert ax.lines[1].get_ydata()[0] == pytest.approx(266.6667, abs=1e-3)
    assert ax.get_xlabel() == "horizon N (years)"
    assert ax.get_legend() is not None


def test_clv_horizon_chart_per_year_bars_add_up_to_the_curve():
    horizons = np.arange(1, 11)
    values = [clv.clv_simple(100, 0.8, 0.1, horizon=int(n)) for n in horizons]
    curve = pd.DataFrame({"horizon": horizons, "clv": values})
    ax = plots.clv_horizon_chart(curve, per_year=True, title="Where the CLV comes from")
    bars = ax.patches
    assert len(bars) == len(horizons)
    heights = np.array([b.get_height() for b in bars])
    # each bar is what that year adds: m r^t / (1 + i)^t, and the bars add up to the line
    np.testing.assert_allclose(heights, 100 * (0.8 / 1.1) ** horizons)
    np.testing.assert_allclose(np.cumsum(heights), ax.lines[0].get_ydata())
    assert ax.get_title() == "Where the CLV comes from"
    assert ax.get_legend_handles_labels()[1] == ["CLV over N years", "added by that year"]
    assert len(ax.lines) == 1, "no infinite line unless it is given"


def test_clv_horizon_chart_shows_a_negative_clv():
    curve = pd.DataFrame({"horizon": [1, 2], "clv": [-50.0, -90.0]})
    ax = plots.clv_horizon_chart(curve, per_year=True)
    assert ax.get_ylim()[0] < -90


def test_clv_horizon_chart_names_the_missing_column():
    with pytest.raises(ValueError, match=r"curve: missing column 'clv'.*clv_simple"):
        plots.clv_horizon_chart(pd.DataFrame({"horizon": [1]}))


def test_clv_horizon_chart_draws_the_acquisition_cost_within_the_limits():
    horizons = np.arange(1, 11)
    values = [clv.clv_simple(100, 0.5, 0.1, horizon=int(n), timing="start") for n in horizons]
    curve = pd.DataFrame({"horizon": horizons, "clv": values})
    ax = plots.clv_horizon_chart(curve, per_year=True, acquisition_cost=400.0)
    cac = ax.lines[-1]
    assert set(cac.get_ydata()) == {400.0}
    assert ax.get_ylim()[1] > 400.0  # the line above every CLV is still in view
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "acquisition cost (CAC)" in labels
    # the first year's bar is the whole first margin when it arrives at the start
    assert ax.patches[0].get_height() == pytest.approx(100.0)


def test_clv_horizon_chart_in_chinese_names_the_acquisition_cost():
    if plots.find_chinese_font() is None:
        pytest.skip("no CJK font here")
    plots.use_chinese()
    curve = pd.DataFrame({"horizon": [1, 2], "clv": [72.7, 125.6]})
    ax = plots.clv_horizon_chart(curve, acquisition_cost=100.0)
    assert "获取成本（CAC）" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_ylabel() == f"客户终身价值（{plots.currency()}）"
