"""Value charts: whale curve, Lorenz curve, pyramid, value matrix, segment shares (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import plots, value
from crmlab.plots import _theme


@pytest.fixture(autouse=True)
def _clean():
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")


@pytest.fixture
def profit():
    return pd.Series([60.0, -20.0, 40.0, 20.0, 5.0], index=list("abcde"))


def test_whale_curve_chart_draws_the_hump_and_the_100_line(profit):
    whale = value.whale_curve(profit)
    ax = plots.whale_curve_chart(whale)
    curve = ax.lines[0]
    # the curve starts at the origin and ends at 100 % of total profit
    assert curve.get_xdata()[0] == 0 and curve.get_ydata()[0] == 0
    assert curve.get_xdata()[-1] == pytest.approx(100)
    assert curve.get_ydata()[-1] == pytest.approx(100)
    assert len(curve.get_xdata()) == len(profit) + 1
    # 125 of 105 = 119 %; the dashed 100 % line and the peak marker at the result's peak
    assert any(list(line.get_ydata()) == [100, 100] for line in ax.lines)
    peak = ax.lines[-1]
    assert peak.get_xdata()[0] == pytest.approx(whale.peak_customer_share * 100)
    assert peak.get_ydata()[0] == pytest.approx(whale.peak_percent)
    assert ax.get_title() == "Profit whale curve"
    assert "%" in ax.get_xlabel() and "%" in ax.get_ylabel()
    assert "peak: 119% of profit at 80% of customers" in ax.get_legend_handles_labels()[1]


def test_whale_curve_chart_uses_a_given_axes_and_title(profit):
    _fig, ax = plt.subplots()
    out = plots.whale_curve_chart(value.whale_curve(profit), ax=ax, title="Our whale")
    assert out is ax
    assert ax.get_title() == "Our whale"


def test_lorenz_curve_chart_draws_curve_and_equality_once():
    ax = plots.lorenz_curve_chart(
        value.lorenz_curve([1, 2, 7]), gini=value.gini([1, 2, 7]), name="revenue"
    )
    plots.lorenz_curve_chart(value.lorenz_curve([1, 1, 8]), ax=ax, name="profit")
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["perfect equality", "revenue (Gini 0.40)", "profit"]
    assert len(ax.lines) == 3
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0, 10, 30, 100])
    # the two curves get different colours
    assert ax.lines[1].get_color() != ax.lines[2].get_color()
    assert ax.get_title() == "Lorenz curve"
    assert ax.get_xlim() == (0, 100)


def test_pyramid_chart_bars_and_labels(profit):
    measures = pd.DataFrame({"revenue": [100.0, 50, 80, 40, 30], "profit": profit.to_numpy()})
    measures.index = profit.index
    summary = value.customer_pyramid(
        profit, shares=(0.2, 0.4, 0.4), labels=("top", "middle", "bottom"), measures=measures
    ).summary
    ax = plots.pyramid_chart(summary)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["top", "middle", "bottom"]
    assert len(ax.patches) == 3 * 3
    # the first series is the customer share; the top tier is drawn highest
    bars = ax.containers[0]
    widths = [b.get_width() for b in bars]
    assert widths == pytest.approx(list(summary["customer_share"] * 100))
    ys = [b.get_y() for b in bars]
    assert ys[0] > ys[1] > ys[2]
    assert ax.get_legend_handles_labels()[1] == ["customers", "revenue", "profit"]
    assert ax.get_xlabel() == "share of the total (%)"
    assert ax.get_title() == "Customer pyramid"


def test_pyramid_chart_names_a_missing_column():
    summary = value.customer_pyramid(pd.Series(np.arange(10.0))).summary
    with pytest.raises(
        ValueError, match=r"summary: missing column\(s\) 'revenue_share', 'profit_share'.*measures="
    ):
        plots.pyramid_chart(summary)


def test_value_matrix_chart_one_colour_per_zone_and_the_cuts():
    matrix = value.value_capability_matrix([10, 8, 2, 1, 9], [5, 1, 5, 1, 4], 5, 3)
    ax = plots.value_matrix_chart(matrix, 5, 3)
    assert len(ax.collections) == 3
    sizes = [len(c.get_offsets()) for c in ax.collections]
    assert sizes == [2, 1, 2]  # A: 10 and 9; B: 8; C: 2 and 1
    assert ax.get_yscale() == "symlog"
    cut_lines = [list(line.get_ydata()) for line in ax.lines] + [
        list(line.get_xdata()) for line in ax.lines
    ]
    assert [5, 5] in cut_lines and [3, 3] in cut_lines
    assert {t.get_text() for t in ax.texts} == {"A", "B", "C"}
    assert ax.get_xlabel() == "capability to serve (score)"
    assert ax.get_ylabel() == f"customer value, symmetric log scale ({plots.currency()})"


def test_value_matrix_chart_keeps_its_labels_off_the_customers():
    """Zone letters and legend sit outside the axes, so no label covers a dot."""
    matrix = value.value_capability_matrix([10, 8, 2, 1, 9, -50], [5, 1, 5, 1, 4, 2], 5, 3)
    ax = plots.value_matrix_chart(matrix, 5, 3)
    ax.figure.canvas.draw()
    inside = ax.get_window_extent()
    for text in ax.texts:
        box = text.get_window_extent()
        assert not box.overlaps(inside), f"zone letter {text.get_text()!r} is inside the plot"
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= inside.y0, "the legend sits below the plot"
    labels = ax.get_legend_handles_labels()[1]
    assert f"value cut: {plots.money(5)}" in labels and "capability cut: 3" in labels


def test_value_matrix_chart_letters_follow_the_cuts():
    matrix = value.value_capability_matrix([10, 8, 2, 1], [5, 1, 5, 1], 5, 3)
    ax = plots.value_matrix_chart(matrix, 5, 3, symlog_threshold=None)
    where = {t.get_text(): t.get_position() for t in ax.texts}
    assert where["B"][0] < 3 < where["A"][0], "B over the low-capability column, A over the high"
    assert where["C"][0] > 1 and where["C"][1] < 0.5, "C right of the plot, beside the low band"


def test_value_matrix_chart_linear_axis_and_custom_labels():
    matrix = value.value_capability_matrix([10, 8, 2, 1], [5, 1, 5, 1])
    ax = plots.value_matrix_chart(
        matrix, 5, 3, symlog_threshold=None, value_label="profit (£)", capability_label="score"
    )
    assert ax.get_yscale() == "linear"
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("profit (£)", "score")


def test_segment_share_chart_keeps_table_order_and_negative_shares():
    table = pd.DataFrame(
        {"customer_share": [0.2, 0.3, 0.5], "profit_share": [0.9, 0.2, -0.1]},
        index=["champions", "loyal", "hibernating"],
    )
    ax = plots.segment_share_chart(table, title="RFM segments")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["champions", "loyal", "hibernating"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([20, 30, 50, 90, 20, -10])
    assert ax.get_title() == "RFM segments"
    assert ax.get_ylabel() == "segment"


def test_segment_share_chart_names_a_missing_column():
    with pytest.raises(
        ValueError, match=r"table: missing column\(s\) 'profit_share' \(it has: 'customer_share'\)"
    ):
        plots.segment_share_chart(pd.DataFrame({"customer_share": [1.0]}, index=["all"]))


def test_charts_switch_to_chinese_labels(profit):
    _theme._STATE.chinese = True  # labels only; no font needed as nothing is rendered
    summary = value.customer_pyramid(
        pd.Series(np.arange(100.0)), measures=pd.DataFrame({"profit": np.arange(100.0)})
    ).summary
    ax = plots.pyramid_chart(summary, columns=("customer_share", "profit_share"))
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "VIP客户",
        "主要客户",
        "普通客户",
        "小客户",
    ]
    assert ax.get_title() == "客户金字塔"
    assert ax.get_legend_handles_labels()[1] == ["客户", "利润"]
    ax = plots.whale_curve_chart(value.whale_curve(profit))
    assert ax.get_title() == "利润鲸鱼曲线"
    matrix = value.value_capability_matrix([10, 8, 2, 1], [5, 1, 5, 1])
    ax = plots.value_matrix_chart(matrix, 5, 3)
    assert ax.get_legend_handles_labels()[1][0] == "A：重点选择"
    assert ax.get_ylabel() == f"客户价值，对称对数刻度（{plots.currency()}）"
    table = pd.DataFrame({"customer_share": [0.5, 0.5]}, index=["champions", "core"])
    ax = plots.segment_share_chart(table, columns=("customer_share",))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["冠军客户", "核心客户"]
    ax = plots.lorenz_curve_chart(value.lorenz_curve([1, 3]), gini=0.25)
    assert ax.get_legend_handles_labels()[1] == ["完全平均", "价值（基尼系数 0.25）"]


def test_every_chart_renders_without_warnings(profit):
    # warnings are errors in this suite: drawing must not warn (e.g. about fonts or ticks)
    fig, axes = plt.subplots(2, 3, figsize=(12, 6))
    whale = value.whale_curve(profit)
    plots.whale_curve_chart(whale, ax=axes[0, 0])
    plots.lorenz_curve_chart(value.lorenz_curve(profit.clip(lower=0)), ax=axes[0, 1])
    plots.pyramid_chart(
        value.customer_pyramid(profit, shares=(0.2, 0.8), labels=("top", "rest")).summary,
        ax=axes[0, 2],
        columns=("customer_share", "value_share"),
    )
    matrix = value.value_capability_matrix(profit, pd.Series([1.0, 2, 3, 4, 5], profit.index))
    plots.value_matrix_chart(matrix, float(profit.median()), 3.0, ax=axes[1, 0])
    table = pd.DataFrame({"customer_share": [0.5, 0.5], "profit_share": [1.2, -0.2]}, ["x", "y"])
    plots.segment_share_chart(table, ax=axes[1, 1])
    fig.canvas.draw()


def test_segment_names_translate_both_ways_and_match_the_table_display_names():
    from crmlab import rfm, selection
    from crmlab.plots import value as plots_value

    names = [*rfm.SEGMENT_PATTERNS, *selection.VALUE_CLASSES, *selection.PROFIT_GROUPS]
    table = pd.Series(range(len(names)), index=names)
    english = plots_value._segment_labels(table)
    assert english.tolist() == table.tolist() and english.index[0] == "champions"
    _theme._STATE.chinese = True  # labels only
    chinese = plots_value._segment_labels(table)
    assert not [n for n in chinese.index if not any("\u4e00" <= ch <= "\u9fff" for ch in n)]
    assert chinese.index.is_unique
    # a table shows the same Chinese names as a chart: display_names.csv agrees
    shown = table.rename(index=plots.display_name)
    assert shown.index.tolist() == chinese.index.tolist()
    plots.use_english()
    cn = pd.Series([1, 2], index=["重要挽留客户", "other"])
    assert plots_value._segment_labels(cn).index.tolist() == [
        "important customer to retain",
        "other",
    ]
    assert set(rfm.SEGMENT_NAMES_CN) == set(rfm.SEGMENT_PATTERNS)
