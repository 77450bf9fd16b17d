"""Satisfaction charts (chapter 05): what each draws, in English and Chinese (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import ipa, kano, plots
from crmlab import satisfaction as sat
from crmlab.plots import _theme

PARTS = {
    "product_value": 8.0,
    "service_value": 7.0,
    "personnel_value": 6.0,
    "image_value": 7.0,
    "money_cost": 6.0,
    "time_cost": 3.0,
    "energy_cost": 2.0,
    "psychic_cost": 1.0,
}


pytestmark = pytest.mark.usefixtures("english_and_closed")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _survey() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "importance_quality": [9, 8, 9],
            "expected_quality": [7, 8, 6],
            "perceived_quality": [8, 9, 7],
            "importance_price": [6, 5, 7],
            "expected_price": [7, 7, 8],
            "perceived_price": [5, 6, 6],
        }
    )


def test_csi_chart_joins_expectation_to_perception_with_c_on_the_right():
    table = sat.csi_by_attribute(_survey(), ["quality", "price"])
    ax = plots.csi_chart(table)
    expected, perceived = ax.collections[1], ax.collections[2]  # after the joining lines
    np.testing.assert_allclose(expected.get_offsets()[:, 0], table["expected"])
    np.testing.assert_allclose(perceived.get_offsets()[:, 0], table["perceived"])
    # perceived below expectation (price, and overall here) is drawn in the contrast colour
    colours = perceived.get_facecolors()
    assert tuple(colours[1][:3]) != tuple(colours[0][:3])
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == f"C = {table.loc['quality', 'csi']:.3f} satisfied"
    assert texts[1].endswith("dissatisfied")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["quality", "price", "overall"]


def test_csi_chart_in_chinese_and_bad_input():
    table = sat.csi_by_attribute(_survey(), ["quality", "price"])
    _theme._STATE.chinese = True  # labels only; no font needed as nothing is rendered
    ax = plots.csi_chart(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["质量", "价格", "总体"]
    assert ax.texts[0].get_text().endswith("满意")
    assert ax.get_legend_handles_labels()[1] == ["期望（均值）", "可感知效果（均值）"]
    with pytest.raises(ValueError, match=r"missing column 'csi'.*csi_by_attribute"):
        plots.csi_chart(table.drop(columns="csi"))


def test_delivered_value_chart_stacks_the_parts_and_writes_the_difference():
    ax = plots.delivered_value_chart(PARTS)
    widths = [p.get_width() for p in ax.patches]
    assert widths == [8, 7, 6, 7, 6, 3, 2, 1]
    lefts = [p.get_x() for p in ax.patches]
    assert lefts[:4] == [0, 8, 15, 21] and lefts[4:] == [0, 6, 9, 11]
    assert ax.texts[-1].get_text() == "delivered value = 28.0 − 12.0 = 16.0"
    assert ax.collections[0].get_segments()[0][0][0] == 12  # the dashed line at the cost


def test_delivered_value_chart_negative_and_chinese():
    _theme._STATE.chinese = True
    ax = plots.delivered_value_chart({**PARTS, "money_cost": 20.0})
    assert ax.texts[-1].get_text() == "让渡价值 = 28.0 - 26.0 = 2.0"
    ax = plots.delivered_value_chart({**PARTS, "money_cost": 30.0})
    assert ax.texts[-1].get_text().endswith("= -8.0")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["总客户价值", "总客户成本"]
    with pytest.raises(ValueError, match="parts: missing psychic_cost"):
        plots.delivered_value_chart({k: v for k, v in PARTS.items() if k != "psychic_cost"})


def test_satisfaction_dashboard_shows_every_measure_and_says_which_are_missing():
    measures = pd.DataFrame(
        {
            "measure": ["reputation", "return_rate", "complaint_rate", "purchase_amount"],
            "value": [0.6, 0.5, 0.25, 1234.0],
            "definition": ["", "", "complaints per buying purchase", ""],
        }
    )
    plots.set_theme(chinese=False, currency="£")
    try:
        ax = plots.satisfaction_dashboard(measures)
    finally:
        plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    assert len(ax.patches) == 5
    texts = [t.get_text() for t in ax.texts]
    tiles = [texts[i : i + 3] for i in range(0, 15, 3)]
    assert [t[0] for t in tiles] == [
        "reputation",
        "named first",
        "return rate",
        "complaint rate",
        "purchase amount",
    ]
    assert [t[1] for t in tiles] == ["60.0%", "–", "50.0%", "0.25", "£1,234"]
    assert tiles[1][2] == "no data for it"
    assert tiles[3][2] == "complaints per\npurchase"  # the base follows the definition


def test_satisfaction_dashboard_in_chinese_from_the_analysis():
    survey = pd.DataFrame({"speaks_well": [True, False], "named_first": [True, True]})
    _theme._STATE.chinese = True
    ax = plots.satisfaction_dashboard(sat.satisfaction_measures(survey))
    names = [t.get_text() for t in ax.texts][::3]
    assert names == ["美誉度", "指名度", "回头率", "投诉率", "购买额"]
    assert ax.get_title() == "客户满意度的衡量指标"
    with pytest.raises(ValueError, match="missing column 'value'"):
        plots.satisfaction_dashboard(pd.DataFrame({"measure": [], "definition": []}))


def test_nps_chart_colours_the_three_groups():
    scores = pd.Series([10, 9, 8, 7, 6, 0, 10, 9, 3, 10])
    result = sat.nps(scores)
    ax = plots.nps_chart(scores.value_counts(), result)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 3]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["detractors 0–6 (30.0%)", "passives 7–8 (20.0%)", "promoters 9–10 (50.0%)"]
    assert ax.get_title().endswith("NPS = 20.0")
    with pytest.raises(ValueError, match="answer 0-10"):
        plots.nps_chart(pd.Series({11: 3}))


def test_ipa_chart_places_attributes_and_names_the_quadrants():
    table = ipa.importance_performance(
        {"quality": 9, "price": 8, "style": 5, "delivery": 4},
        {"quality": 8, "price": 4, "style": 9, "delivery": 3},
    )
    ax = plots.ipa_chart(table)
    assert ax.lines[0].get_xdata()[0] == pytest.approx(6.5)  # crosshair at the means
    assert ax.lines[1].get_ydata()[0] == pytest.approx(6.0)
    points = np.vstack([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, points)) == [(4, 3), (5, 9), (8, 4), (9, 8)]
    left, right = ax.get_xlim()
    assert left < 4 and right > 9
    _theme._STATE.chinese = True
    ax = plots.ipa_chart(table)
    texts = {t.get_text() for t in ax.texts}
    assert {"重点改进", "继续保持", "低优先级", "过度投入", "质量", "配送"} <= texts


def test_kano_chart_draws_better_against_minus_worse():
    table = pd.DataFrame(
        {"better": [0.8, 0.2, 0.7], "worse": [-0.2, -0.7, -0.6], "category": ["A", "M", "O"]},
        index=["same_day_delivery", "mobile_app", "free_alterations"],
    )
    ax = plots.kano_chart(table)
    points = np.vstack([c.get_offsets() for c in ax.collections])
    np.testing.assert_allclose(sorted(map(tuple, points)), [(0.2, 0.8), (0.6, 0.7), (0.7, 0.2)])
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (0, 1)
    _theme._STATE.chinese = True
    ax = plots.kano_chart(table)
    texts = [t.get_text() for t in ax.texts]
    assert "当日达" in texts and "必备质量" in texts
    assert all(_has_cjk(name) for name in ax.get_legend_handles_labels()[1])


def test_kano_chart_from_the_analysis():
    survey = pd.DataFrame(
        {
            "kano_gift_wrap_functional": ["like", "like", "neutral"],
            "kano_gift_wrap_dysfunctional": ["neutral", "neutral", "neutral"],
        }
    )
    ax = plots.kano_chart(kano.kano_table(survey))
    assert ax.texts[0].get_text() == "gift wrap"
    with pytest.raises(ValueError, match=r"missing column 'better'.*kano_table"):
        plots.kano_chart(pd.DataFrame({"worse": [0.1], "category": ["A"]}))


def test_drivers_chart_draws_intervals_and_compares_two_results():
    rng = np.random.default_rng(1)
    survey = pd.DataFrame(
        {
            "expected_quality": rng.integers(4, 9, 200),
            "perceived_quality": rng.integers(3, 10, 200),
            "expected_price": rng.integers(4, 9, 200),
            "perceived_price": rng.integers(3, 10, 200),
        }
    )
    survey["overall_satisfaction"] = (
        survey["perceived_quality"] - survey["expected_quality"] + rng.normal(0, 1, 200)
    )
    on_perceived = sat.satisfaction_drivers(survey, ["quality", "price"])
    on_gaps = sat.satisfaction_drivers(survey, ["quality", "price"], on="gap")
    ax = plots.drivers_chart(on_perceived, compare=on_gaps)
    assert len(ax.containers) == 2
    first = ax.containers[0].lines[0].get_xdata()
    np.testing.assert_allclose(first, on_perceived.coefficients["coef"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(on_perceived.coefficients.index)
    assert len(ax.get_legend_handles_labels()[1]) == 2
    single = plots.drivers_chart(on_gaps.coefficients)
    assert len(single.containers) == 1 and single.get_legend() is None
    with pytest.raises(ValueError, match="same attributes"):
        plots.drivers_chart(on_perceived, compare=on_gaps.coefficients.iloc[:1])
    with pytest.raises(ValueError, match="missing column 'conf_low'"):
        plots.drivers_chart(on_gaps.coefficients.drop(columns="conf_low"))


def test_every_chart_returns_the_axes_it_was_given():
    table = sat.csi_by_attribute(_survey(), ["quality", "price"])
    for draw in (
        lambda ax: plots.csi_chart(table, ax=ax),
        lambda ax: plots.delivered_value_chart(PARTS, ax=ax),
        lambda ax: plots.satisfaction_dashboard(sat.satisfaction_measures(
            pd.DataFrame({"speaks_well": [True], "named_first": [False]})), ax=ax),
        lambda ax: plots.nps_chart(pd.Series({9: 2}), ax=ax, title="t"),
    ):  # fmt: skip
        _, ax = plt.subplots()
        assert draw(ax) is ax
