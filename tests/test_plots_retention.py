"""Retention charts: leaky bucket, churn-reason Pareto, survival, lift and win-back (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import plots, retention

pytestmark = pytest.mark.usefixtures("english_and_closed")


def test_leaky_bucket_chart_flat_customers_rising_spend():
    bucket = retention.leaky_bucket(1000, 100, 0.1, 5, acquisition_cost=50, margin=2)
    ax = plots.leaky_bucket_chart(bucket)
    assert ax.lines[0].get_ydata().tolist() == [1000.0] * 5
    spend = ax.right.lines[0].get_ydata()
    assert np.all(np.diff(spend) > 0)
    assert spend[-1] == pytest.approx(25000)
    assert [p.get_height() for p in ax.patches] == pytest.approx([100.0] * 5)
    assert "£" in ax.right.get_ylabel() or plots.currency() in ax.right.get_ylabel()


def test_leaky_bucket_chart_rejects_a_table_without_its_columns():
    with pytest.raises(ValueError, match="bucket"):
        plots.leaky_bucket_chart(pd.DataFrame({"customers_end": [1.0]}))


def test_churn_reasons_chart_bars_in_pareto_order_and_cumulative_line():
    table = retention.churn_reasons(["price", "service", "service", "moved"])
    ax = plots.churn_reasons_chart(table)
    assert [p.get_height() for p in ax.patches] == pytest.approx([0.5, 0.25, 0.25], abs=0.001)
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(1.0)
    assert ax.get_xticklabels()[0].get_text() == "service"


def test_churn_reasons_chart_in_chinese_uses_the_survey_labels():
    plots.use_chinese()
    ax = plots.churn_reasons_chart(retention.churn_reasons())
    first = ax.get_xticklabels()[0].get_text()
    assert first.startswith("需求得不到关注")
    assert "(" not in "".join(t.get_text() for t in ax.get_xticklabels())


def test_survival_chart_steps_band_and_projection():
    curve = retention.survival_curve([1, 2, 2, 3, 4], [True, True, False, True, False])
    ax = plots.survival_chart(curve, projection=[1.0, 0.8, 0.6], fitted_up_to=1)
    assert len(ax.lines) == 3  # Kaplan–Meier, projection, cut-off line
    assert ax.lines[1].get_ydata().tolist() == [1.0, 0.8, 0.6]
    assert ax.get_ylim() == (0, 1.05)
    with pytest.raises(TypeError, match="SurvivalCurve"):
        plots.survival_chart(curve.table)


def test_churn_lift_chart_colours_deciles_above_chance():
    table = pd.DataFrame({"decile": [1, 2, 3], "lift": [1.6, 1.0, 0.4]})
    ax = plots.churn_lift_chart(table)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1.6, 1.0, 0.4]
    assert ax.patches[0].get_facecolor() != ax.patches[2].get_facecolor()
    with pytest.raises(ValueError, match="lift_table"):
        plots.churn_lift_chart(pd.DataFrame({"decile": [1]}))


def test_winback_chart_one_group_per_quadrant_log_value_axis():
    table = retention.winback_priority([900, 800, 100, 50, 20], [0.8, 0.1, 0.9, 0.2, 0.95])
    ax = plots.winback_chart(table)
    assert len(ax.collections) == 4
    assert ax.get_xscale() == "log"
    labels = ax.get_legend_handles_labels()[1]
    assert labels[0] == "win back first"
    plots.use_chinese()
    ax = plots.winback_chart(table)
    assert ax.get_legend_handles_labels()[1][0] == "重点挽回"


def test_winback_chart_linear_axis_when_a_value_is_not_positive():
    table = retention.winback_priority([0, 100, 50, -5], [0.8, 0.1, 0.9, 0.2])
    ax = plots.winback_chart(table)
    assert ax.get_xscale() == "linear"


def test_leaky_bucket_periods_are_whole_numbers():

    from crmlab import plots
    from crmlab.retention import leaky_bucket

    plots.use_english()
    bucket = leaky_bucket(1000, 100, 0.1, periods=3, acquisition_cost=50.0)
    ax = plots.leaky_bucket_chart(bucket)
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    plt.close(ax.figure)
