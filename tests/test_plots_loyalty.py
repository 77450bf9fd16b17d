"""Charts of satisfaction versus loyalty: the trap chart and the four loyalty types (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import loyalty, plots

pytestmark = pytest.mark.usefixtures("english_and_closed")


def _trap_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "competition": ["high"] * 3 + ["low"] * 3,
            "satisfaction": [3, 4, 5] * 2,
            "repurchase_rate": [0.2, 0.24, 0.5, 0.45, 0.48, np.nan],
            "ci_lower": [0.14, 0.18, 0.42, 0.36, 0.39, np.nan],
            "ci_upper": [0.27, 0.3, 0.59, 0.55, 0.56, np.nan],
        }
    )


def _outcomes(by: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "loyalty_type": list(loyalty.LOYALTY_TYPES),
            "share": [0.16, 0.34, 0.13, 0.37],
            "respondents": [154, 332, 126, 366],
            "repurchase_rate": [0.68, 0.25, 0.62, 0.2],
        }
    )
    if by is None:
        return frame
    low = frame.assign(repurchase_rate=frame["repurchase_rate"] + 0.05)
    return pd.concat([frame.assign(**{by: "high"}), low.assign(**{by: "low"})], ignore_index=True)


def test_trap_chart_draws_each_market_with_its_intervals():
    _fig, given = plt.subplots()
    ax = plots.satisfaction_trap_chart(_trap_table(), ax=given)
    assert ax is given
    assert len(ax.containers) == 2
    high, low = ax.containers
    np.testing.assert_allclose(high.lines[0].get_ydata(), [0.2, 0.24, 0.5])
    # the level without a rate is left out, not drawn at 0
    np.testing.assert_allclose(low.lines[0].get_xdata(), [3, 4])
    caps = high.lines[2][0].get_segments()  # error bars from ci_lower to ci_upper
    np.testing.assert_allclose(
        [seg[:, 1] for seg in caps], [[0.14, 0.27], [0.18, 0.3], [0.42, 0.59]]
    )
    assert ax.get_legend_handles_labels()[1] == [
        "high competition (data)",
        "low competition (data)",
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "3\nneutral",
        "4\nsatisfied",
        "5\ncompletely\nsatisfied",
    ]
    assert [float(y) for y in ax.get_ylim()] == [0.0, 1.0]
    assert ax.get_ylabel() == "Bought again within a year"
    assert ax.get_title() == "The satisfaction trap"


def test_trap_chart_with_model_curves_and_without_data():
    curves = pd.DataFrame(
        {"low": [0.46, 0.46, 0.44], "high": [0.21, 0.21, 0.5]}, index=pd.Index([3, 4, 5])
    )
    ax = plots.satisfaction_trap_chart(_trap_table(), curves, window_days=180)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [  # data first, then the curves, high competition before low
        "high competition (data)",
        "low competition (data)",
        "model: high competition",
        "model: low competition",
    ]
    assert ax.get_legend().get_bbox_to_anchor().y0 < ax.get_window_extent().y0  # below
    assert ax.get_ylabel() == "Bought again within 180 days"
    alone = plots.satisfaction_trap_chart(
        None,
        loyalty.satisfaction_loyalty_curve([1, 2, 3, 4, 5], 0.5).rename("c = 0.5").to_frame(),
        window_days=None,
    )
    assert len(alone.containers) == 0
    assert alone.get_legend_handles_labels()[1] == ["c = 0.5"]
    assert alone.get_ylabel() == "Share who stay loyal"
    assert len(alone.get_xticks()) == 5


def test_trap_chart_bad_input():
    with pytest.raises(ValueError, match=r"table: missing column 'ci_lower'.*repurchase_by"):
        plots.satisfaction_trap_chart(_trap_table().drop(columns="ci_lower"))
    with pytest.raises(ValueError, match="give the repurchase table, model curves, or both"):
        plots.satisfaction_trap_chart(None)


def test_loyalty_types_chart_puts_each_type_in_its_quadrant():
    _fig, given = plt.subplots()
    ax = plots.loyalty_types_chart(_outcomes(), ax=given, cuts=(5, 3))
    assert ax is given
    assert len(ax.patches) == 4
    names = {t.get_text(): t.get_position() for t in ax.texts if "loyalty" in t.get_text()}
    assert names["True loyalty"][0] > 1 and names["True loyalty"][1] > 1  # high, high
    assert names["Latent loyalty"][0] < 1 < names["Latent loyalty"][1]
    assert names["Spurious loyalty"][1] < 1 < names["Spurious loyalty"][0]
    texts = [t.get_text() for t in ax.texts]
    assert "16% of respondents\nbought again: 68% (of 154)" in texts
    assert ax.get_xlabel().endswith("; high: ≥ 3)")
    assert ax.get_ylabel() == "Relative attitude (1-7; high: ≥ 5)"


def test_loyalty_types_chart_by_market():
    ax = plots.loyalty_types_chart(_outcomes("competition"), by="competition")
    texts = [t.get_text() for t in ax.texts]
    assert "high competition: 16%; 68% buy again\nlow competition: 16%; 73% buy again" in texts


def test_loyalty_types_chart_bad_input():
    with pytest.raises(ValueError, match="unknown loyalty type"):
        plots.loyalty_types_chart(_outcomes().assign(loyalty_type="fan"))
    with pytest.raises(ValueError, match="one row per type expected; pass by="):
        plots.loyalty_types_chart(_outcomes("competition"))
    with pytest.raises(
        ValueError, match=r"outcomes: missing column 'share'.*loyalty_type_outcomes"
    ):
        plots.loyalty_types_chart(_outcomes().drop(columns="share"))


def test_loyalty_charts_in_chinese():
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    ax = plots.satisfaction_trap_chart(_trap_table())
    assert ax.get_title() == "客户满意陷阱"
    assert ax.get_legend_handles_labels()[1] == ["竞争激烈（数据）", "竞争较弱（数据）"]
    assert ax.get_xticklabels()[-1].get_text() == "5\n完全满意"
    ax.figure.canvas.draw()  # a missing glyph would warn, and warnings are errors here
    types = plots.loyalty_types_chart(_outcomes("competition"), by="competition", cuts=(5, 3))
    texts = [t.get_text() for t in types.texts]
    assert "真正忠诚" in texts and "虚假忠诚" in texts
    assert "竞争激烈：占 16%，再购 68%\n竞争较弱：占 16%，再购 73%" in texts
    assert types.get_ylabel() == "相对态度（1–7 分；≥ 5 为高）"
    types.figure.canvas.draw()
