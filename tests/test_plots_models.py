"""Purchase-model charts: hold-out check, P(alive) path and calibration (on Agg).

Besides what is drawn: the legends sit between the title and the plotting area (never over
the data), and the labels are Chinese in Chinese mode.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlab import models, plots

pytestmark = pytest.mark.usefixtures("english_and_closed")


def test_holdout_chart_draws_predicted_and_actual():
    model = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    data = pd.DataFrame(
        {
            "frequency": [0, 2, 1],
            "recency": [0, 30.43, 5.0],
            "T": [38.86, 38.86, 20.0],
            "frequency_holdout": [0, 2, 1],
            "duration_holdout": [39, 39, 39],
        }
    )
    card = models.holdout_scorecard(model, data)
    ax = plots.holdout_chart(card.by_frequency)
    assert len(ax.patches) == 2 * len(card.by_frequency)
    groups = list(card.by_frequency.index)
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == groups
    assert "hold-out" in ax.get_ylabel()


def test_probability_alive_path_chart_marks_purchases_and_days():
    model = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    weeks = np.arange(31, 60)
    path = pd.DataFrame(
        {
            "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(weeks * 7, unit="D"),
            "probability_alive": model.probability_alive(2, 30.43, weeks),
        }
    )
    ax = plots.probability_alive_path_chart(
        path,
        purchases=pd.Series(pd.to_datetime(["2025-01-01", "2025-08-01"])),
        marks={"today": "2025-11-30"},
    )
    assert len(ax.lines) == 3
    assert ax.get_ylim() == (0, 1.05)
    assert np.all(np.diff(ax.lines[0].get_ydata()) < 0)  # silence lowers P(alive)


def test_calibration_chart_in_percent():
    table = pd.DataFrame({"predicted": [0.1, 0.9], "actual": [0.2, 0.8], "customers": [10, 30]})
    ax = plots.probability_alive_calibration_chart(table)
    offsets = ax.collections[0].get_offsets()
    assert np.allclose(offsets[:, 0], [10, 90])
    assert np.allclose(offsets[:, 1], [20, 80])
    assert "%" in ax.get_xlabel()


def _legend_sits_above_the_data(ax) -> None:
    """The legend is drawn between the title and the plotting area, never over the data."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    plot_area = ax.get_window_extent(renderer)
    title = ax.title.get_window_extent(renderer)
    assert legend.y0 >= plot_area.y1 - 1, "the legend starts above the plotting area"
    assert legend.y1 <= title.y0 + 1, "and below the title"


def _card() -> models.HoldoutScorecard:
    model = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    data = pd.DataFrame(
        {
            "frequency": [0, 0, 2, 1],
            "recency": [0, 0, 30.43, 5.0],
            "T": [38.86, 30.0, 38.86, 20.0],
            "frequency_holdout": [0, 1, 2, 1],
            "duration_holdout": [39, 39, 39, 39],
        }
    )
    return models.holdout_scorecard(model, data)


def test_holdout_chart_writes_the_customers_under_each_group():
    card = _card()
    ax = plots.holdout_chart(card.by_frequency)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0\n(2)", "1\n(1)", "2\n(1)"]
    assert "(customers)" in ax.get_xlabel()
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights[:3], card.by_frequency["predicted"])
    np.testing.assert_allclose(heights[3:], card.by_frequency["actual"])
    _legend_sits_above_the_data(ax)


def test_path_chart_legend_reads_p_alive_on_the_marked_days():
    path = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-01", "2025-01-11"]),
            "probability_alive": [0.8, 0.6],
        }
    )
    ax = plots.probability_alive_path_chart(
        path, marks={"middle": "2025-01-06", "later": "2025-03-01"}
    )
    texts = ax.get_legend_handles_labels()[1]
    assert texts == ["P(alive)", "middle (0.70)", "later"]  # linear between the two days
    _legend_sits_above_the_data(ax)


def test_calibration_chart_writes_the_counts_and_keeps_the_legend_dot_small():
    table = pd.DataFrame({"predicted": [0.1, 0.9], "actual": [0.2, 0.8], "customers": [1200, 30]})
    ax = plots.probability_alive_calibration_chart(table)
    assert [t.get_text() for t in ax.texts] == ["1,200", "30"]
    above, below = ax.texts  # the count sits on the side away from the diagonal
    assert above.xyann[1] > 0 > below.xyann[1]
    dot = ax.get_legend().legend_handles[1]
    assert list(dot.get_sizes()) == [40]
    _legend_sits_above_the_data(ax)


def test_model_charts_in_chinese():
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    card = _card()
    ax = plots.holdout_chart(card.by_frequency)
    assert ax.get_ylabel() == "验证期人均购买次数"
    assert "括号内为客户数" in ax.get_xlabel()
    assert ax.get_legend_handles_labels()[1] == ["预测（BG/NBD）", "实际"]
    path = pd.DataFrame(
        {
            "date": pd.date_range("2025-05-01", periods=3, freq="30D"),
            "probability_alive": [0.9, 0.6, 0.4],
        }
    )
    ax = plots.probability_alive_path_chart(path, marks={"数据截止": "2025-05-31"})
    assert ax.get_legend_handles_labels()[1] == ["存活概率", "数据截止（0.60）"]
    assert ax.get_ylabel() == "仍是客户的概率"
    ax.figure.canvas.draw()  # every glyph drawn: a missing one would warn (an error in tests)
    table = pd.DataFrame({"predicted": [0.1], "actual": [0.2], "customers": [5]})
    ax = plots.probability_alive_calibration_chart(table)
    assert ax.get_xlabel() == "平均预测存活概率（%）"
