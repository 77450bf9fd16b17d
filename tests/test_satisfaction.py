"""Tests of crmlab.satisfaction (chapter 05): hand-computed cases, REFERENCE.md values,
properties and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import satisfaction as sat

# --------------------------------------------------------------------------------------
# CSI
# --------------------------------------------------------------------------------------


def test_csi_hand_computed_labels():
    result = sat.csi([9, 7, 6], [6, 7, 8])
    assert result["csi"].tolist() == [1.5, 1.0, 0.75]
    assert result["label"].tolist() == ["satisfied", "acceptable", "dissatisfied"]
    assert result["label_cn"].tolist() == ["满意", "基本满意", "不满意"]


def test_csi_keeps_series_index_and_broadcasts_a_single_expectation():
    perceived = pd.Series([8.0, 6.0], index=["quality", "price"])
    result = sat.csi(perceived, 8)
    assert list(result.index) == ["quality", "price"]
    assert result["expected"].tolist() == [8.0, 8.0]
    assert result["label"].tolist() == ["acceptable", "dissatisfied"]


def test_csi_tolerance_widens_the_acceptable_band():
    assert sat.csi([7.1], [7.0])["label"].iloc[0] == "satisfied"
    assert sat.csi([7.1], [7.0], tolerance=0.02)["label"].iloc[0] == "acceptable"
    assert sat.csi_label(0.979, tolerance=0.02) == "dissatisfied"
    assert sat.csi_label(0.98, tolerance=0.02) == "acceptable"


@pytest.mark.parametrize(
    ("perceived", "expected", "match"),
    [
        ([7, 8], [7, 0], r"expected: 1 value\(s\) not above 0 at row 1"),
        ([7, 8], [7, -2], "expected: 1 value"),
        ([7, 8, 9], [7, 8], "lengths differ"),
        ([7, np.nan], [7, 8], "perceived: 1 missing"),
        (["a"], [7], "perceived: expected numbers"),
    ],
)
def test_csi_bad_inputs(perceived, expected, match):
    with pytest.raises(ValueError, match=match):
        sat.csi(perceived, expected)


def test_csi_negative_tolerance_is_rejected():
    with pytest.raises(ValueError, match="tolerance: must be 0 or more"):
        sat.csi([1], [1], tolerance=-0.1)
    with pytest.raises(ValueError, match="tolerance"):
        sat.csi_label(1.0, tolerance=-1)


def _survey() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "importance_quality": [9, 7],
            "expected_quality": [8, 6],
            "perceived_quality": [9, 7],
            "importance_price": [5, 5],
            "expected_price": [6, 6],
            "perceived_price": [6, 6],
        }
    )


def test_csi_by_attribute_means_and_overall():
    table = sat.csi_by_attribute(_survey(), ["quality", "price"])
    assert list(table.index) == ["quality", "price", "overall"]
    assert table.loc["quality", ["importance", "expected", "perceived"]].tolist() == [8, 7, 8]
    assert table.loc["quality", "csi"] == pytest.approx(8 / 7, abs=5e-4)
    assert table.loc["price", "label"] == "acceptable"
    # overall: mean perceived (8 + 6) / 2 = 7 over mean expected (7 + 6) / 2 = 6.5
    assert table.loc["overall", "csi"] == pytest.approx(7 / 6.5, abs=5e-4)
    assert table.loc["overall", "label_cn"] == "满意"


def test_csi_by_attribute_missing_column_names_it():
    with pytest.raises(ValueError, match="missing columns 'expected_style', 'perceived_style'"):
        sat.csi_by_attribute(_survey(), ["quality", "style"])
    with pytest.raises(ValueError, match="attributes: no attributes"):
        sat.csi_by_attribute(_survey(), [])


# --------------------------------------------------------------------------------------
# Delivered value
# --------------------------------------------------------------------------------------

_DV_ROW = {
    "product_value": 9,
    "service_value": 8,
    "personnel_value": 7,
    "image_value": 6,
    "money_cost": 5,
    "time_cost": 4,
    "energy_cost": 3,
    "psychic_cost": 2,
}


def test_delivered_value_frame_rows():
    frame = pd.DataFrame([_DV_ROW, {**_DV_ROW, "money_cost": 10, "image_value": 1}], index=[7, 8])
    result = sat.delivered_value(frame)
    assert list(result.index) == [7, 8]
    assert result["total_value"].tolist() == [30, 25]
    assert result["total_cost"].tolist() == [14, 19]
    assert result["delivered_value"].tolist() == [16, 6]
    assert result["value_cost_ratio"].iloc[0] == pytest.approx(30 / 14, abs=5e-4)


def test_delivered_value_plain_numbers_and_series():
    assert sat.delivered_value(_DV_ROW)["delivered_value"].iloc[0] == 16
    assert sat.delivered_value(pd.Series(_DV_ROW))["delivered_value"].iloc[0] == 16


def test_delivered_value_custom_columns():
    frame = pd.DataFrame({"v": [5.0, 4.0], "c": [2.0, 0.0]})
    result = sat.delivered_value(frame, value_cols=["v"], cost_cols=["c"])
    assert result["delivered_value"].tolist() == [3.0, 4.0]
    assert np.isnan(result["value_cost_ratio"].iloc[1])  # no cost: the ratio is undefined


def test_delivered_value_bad_inputs():
    with pytest.raises(ValueError, match="missing column 'psychic_cost'"):
        sat.delivered_value({k: v for k, v in _DV_ROW.items() if k != "psychic_cost"})
    with pytest.raises(ValueError, match=r"survey\['money_cost'\]: 1 value\(s\) below 0"):
        sat.delivered_value({**_DV_ROW, "money_cost": -1})


# --------------------------------------------------------------------------------------
# Five measures
# --------------------------------------------------------------------------------------


def _measure_inputs():
    survey = pd.DataFrame(
        {"speaks_well": [True, True, False, True, False], "named_first": [1, 0, 0, 0, 0]}
    )
    tx = pd.DataFrame(
        {
            "order_id": ["O1", "O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["A", "A", "A", "B", "C", "C"],
            "amount": [50.0, 30.0, 20.0, 60.0, 40.0, 99.0],
            "returned": [False, False, False, False, False, True],
        }
    )
    contacts = pd.DataFrame(
        {"customer_id": ["A", "B", "B"], "contact_type": ["complaint", "inquiry", "complaint"]}
    )
    return survey, tx, contacts


def test_satisfaction_measures_hand_computed():
    survey, tx, contacts = _measure_inputs()
    table = sat.satisfaction_measures(survey, tx, contacts).set_index("measure")
    assert table.loc["reputation", "value"] == pytest.approx(0.6)
    assert table.loc["named_first", "value"] == pytest.approx(0.2)
    # orders: A 2, B 1, C 1 (O5 returned) → 1 of 3 customers returned
    assert table.loc["return_rate", "value"] == pytest.approx(1 / 3)
    assert table.loc["complaint_rate", "value"] == pytest.approx(2 / 3)
    assert table.loc["purchase_amount", "value"] == pytest.approx((100 + 60 + 40) / 3)
    assert table["measure_cn"].tolist() == ["美誉度", "指名度", "回头率", "投诉率", "购买额"]


def test_satisfaction_measures_per_order_and_with_returns():
    _, tx, contacts = _measure_inputs()
    per_order = sat.satisfaction_measures(None, tx, contacts, complaint_base="order")
    assert per_order["measure"].tolist() == ["return_rate", "complaint_rate", "purchase_amount"]
    assert per_order.set_index("measure").loc["complaint_rate", "value"] == pytest.approx(2 / 4)
    with_returns = sat.satisfaction_measures(None, tx, exclude_returns=False).set_index("measure")
    assert with_returns.loc["return_rate", "value"] == pytest.approx(2 / 3)


def test_satisfaction_measures_survey_only():
    survey, _, _ = _measure_inputs()
    assert sat.satisfaction_measures(survey)["measure"].tolist() == ["reputation", "named_first"]


def test_satisfaction_measures_bad_inputs():
    survey, tx, contacts = _measure_inputs()
    with pytest.raises(ValueError, match="complaint_base"):
        sat.satisfaction_measures(survey, tx, contacts, complaint_base="visit")
    with pytest.raises(ValueError, match="pass at least one"):
        sat.satisfaction_measures()
    with pytest.raises(ValueError, match="missing column 'speaks_well'"):
        sat.satisfaction_measures(survey.drop(columns="speaks_well"))
    with pytest.raises(ValueError, match=r"survey\['speaks_well'\]: 1 missing value\(s\) at row 2"):
        sat.satisfaction_measures(
            survey.astype({"speaks_well": object}).assign(
                speaks_well=[True, False, None, True, True]
            )
        )


# --------------------------------------------------------------------------------------
# NPS and ACSI
# --------------------------------------------------------------------------------------


def test_nps_thresholds_from_reference():
    assert sat.nps([9, 10]).nps == 100
    assert sat.nps([0, 6]).nps == -100
    assert sat.nps([7, 8]).nps == 0
    result = sat.nps([10, 9, 8, 7, 6, 5, 0, 10])
    assert (result.promoters, result.passives, result.detractors) == (3 / 8, 2 / 8, 3 / 8)
    assert result.nps == pytest.approx(0.0)
    assert result.respondents == 8


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_properties(scores):
    result = sat.nps(scores)
    assert -100 <= result.nps <= 100
    assert result.promoters + result.passives + result.detractors == pytest.approx(1.0)
    assert result.nps == pytest.approx(100 * (result.promoters - result.detractors))


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([5, 11], r"scores: 1 value\(s\) above 10 at row 1"),
        ([-1, 5], r"scores: 1 value\(s\) below 0 at row 0"),
        ([7.5, 9], "not whole numbers"),
        ([], "no answers"),
        ([5, np.nan], "missing"),
    ],
)
def test_nps_bad_inputs(scores, match):
    with pytest.raises(ValueError, match=match):
        sat.nps(scores)


def test_acsi_index_reference_formula():
    survey = pd.DataFrame({"a": [10, 10], "b": [1, 1], "c": [4, 7]})
    assert sat.acsi_index(survey, {"a": 1.0}) == 100.0
    assert sat.acsi_index(survey, {"b": 1.0}) == 0.0
    # 0.5 · 100 + 0.25 · 0 + 0.25 · (5.5 − 1) / 9 · 100 = 62.5
    assert sat.acsi_index(survey, {"a": 0.5, "b": 0.25, "c": 0.25}) == pytest.approx(62.5)


def test_acsi_index_default_equal_weights_on_perceived_items():
    survey = pd.DataFrame({f"perceived_{a}": [10] for a in sat.SURVEY_ATTRIBUTES})
    survey["perceived_delivery"] = 1
    assert sat.acsi_index(survey) == pytest.approx(80.0)


def test_acsi_index_bad_inputs():
    survey = pd.DataFrame({"a": [10, 0]})
    with pytest.raises(ValueError, match="sum to 1"):
        sat.acsi_index(survey, {"a": 0.5})
    with pytest.raises(ValueError, match=r"survey\['a'\]: 1 value\(s\) below 1 at row 1"):
        sat.acsi_index(survey, {"a": 1.0})
    with pytest.raises(ValueError, match="missing column 'b'"):
        sat.acsi_index(survey, {"b": 1.0})


# --------------------------------------------------------------------------------------
# IPA
# --------------------------------------------------------------------------------------


def test_ipa_quadrants_follow_martilla_and_james():
    ipa = sat.importance_performance(
        {"quality": 9, "price": 9, "style": 2, "delivery": 2},
        {"quality": 9, "price": 2, "style": 9, "delivery": 2},
    )
    assert ipa["quadrant"].to_dict() == {
        "quality": "keep up the good work",
        "price": "concentrate here",
        "style": "possible overkill",
        "delivery": "low priority",
    }
    assert ipa.loc["price", "quadrant_cn"] == "重点改进"
    assert ipa["importance_cut"].iloc[0] == 5.5


def test_ipa_crosshair_choices_change_the_answer():
    importance = pd.Series([8.0, 7.0, 6.0], index=["a", "b", "c"])
    performance = pd.Series([8.0, 8.0, 8.0], index=["a", "b", "c"])
    by_mean = sat.importance_performance(importance, performance)  # cuts 7 and 8
    assert by_mean["quadrant"].tolist() == [
        "keep up the good work",
        "keep up the good work",  # on the crosshair counts as high
        "possible overkill",
    ]
    midpoint = sat.importance_performance(importance, performance, crosshair="midpoint")
    assert set(midpoint["quadrant"]) == {"keep up the good work"}
    explicit = sat.importance_performance(importance, performance, crosshair=(7.5, 9))
    assert explicit["quadrant"].tolist() == ["concentrate here", "low priority", "low priority"]


def test_ipa_aligns_mappings_by_attribute():
    ipa = sat.importance_performance({"a": 9, "b": 1}, {"b": 9, "a": 1})
    assert ipa.loc["a", "performance"] == 1
    assert ipa.loc["a", "quadrant"] == "concentrate here"


def test_ipa_bad_inputs():
    with pytest.raises(ValueError, match="crosshair"):
        sat.importance_performance([1, 2], [1, 2], crosshair="median")
    with pytest.raises(ValueError, match="crosshair"):
        sat.importance_performance([1, 2], [1, 2], crosshair=(1, 2, 3))
    with pytest.raises(ValueError, match="lengths differ"):
        sat.importance_performance([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="different attributes"):
        sat.importance_performance({"a": 1, "b": 2}, {"a": 1, "c": 2})
    with pytest.raises(ValueError, match="no attributes"):
        sat.importance_performance([], [])


# --------------------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------------------

# REFERENCE.md: rows like/expect/neutral/live-with/dislike, columns in the same order
_REFERENCE_KANO = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


def test_kano_every_cell_of_the_reference_table():
    answers = ["like", "expect", "neutral", "live-with", "dislike"]
    functional = pd.DataFrame({"f": [a for a in answers for _ in answers]})
    dysfunctional = pd.DataFrame({"f": [b for _ in answers for b in answers]})
    result = sat.kano_classify(functional, dysfunctional)
    assert "".join(result.categories["f"]) == "".join(_REFERENCE_KANO)
    numeric = sat.kano_classify(
        pd.Series([i for i in range(1, 6) for _ in range(5)], name="f"),
        pd.Series([j for _ in range(5) for j in range(1, 6)], name="f"),
    )
    assert "".join(numeric.categories["f"]) == "".join(_REFERENCE_KANO)


def test_kano_better_worse_hand_computed():
    # feature x: A, A, O, M, I, R  → better (2+1)/(2+1+1+1) = 0.6, worse −(1+1)/5 = −0.4
    functional = pd.Series(["like", "like", "like", "expect", "neutral", "dislike"], name="x")
    dysfunctional = pd.Series(
        ["neutral", "expect", "dislike", "dislike", "neutral", "like"], name="x"
    )
    result = sat.kano_classify(functional, dysfunctional)
    assert result.categories["x"].tolist() == ["A", "A", "O", "M", "I", "R"]
    row = result.summary.loc["x"]
    assert (row["A"], row["O"], row["M"], row["I"], row["R"], row["Q"]) == (2, 1, 1, 1, 1, 0)
    assert row["better"] == pytest.approx(0.6)
    assert row["worse"] == pytest.approx(-0.4)
    assert row["category"] == "A"
    assert row["category_cn"] == "魅力质量"


def test_kano_ties_broken_must_be_first_and_synonyms_read():
    functional = pd.Series(["Expect", "I like it", "must_be", "like"], name="y")
    dysfunctional = pd.Series(["dislike", "neutral", "Dislike", "tolerate"], name="y")
    result = sat.kano_classify(functional, dysfunctional)
    assert result.categories["y"].tolist() == ["M", "A", "M", "A"]
    assert result.summary.loc["y", "category"] == "M"


def test_kano_bad_inputs():
    good = pd.DataFrame({"f": ["like", "expect"]})
    with pytest.raises(ValueError, match=r"functional: 1 answer\(s\) not understood .*'love'"):
        sat.kano_classify(pd.DataFrame({"f": ["like", "love"]}), good)
    with pytest.raises(ValueError, match="dysfunctional: 1 answer"):
        sat.kano_classify(good, pd.DataFrame({"f": ["like", 6]}))
    with pytest.raises(ValueError, match="same respondents"):
        sat.kano_classify(good, pd.DataFrame({"g": ["like", "like"]}))


# --------------------------------------------------------------------------------------
# Drivers
# --------------------------------------------------------------------------------------


def test_satisfaction_drivers_recovers_the_true_driver():
    rng = np.random.default_rng(3)
    n = 300
    survey = pd.DataFrame(
        {f"perceived_{a}": rng.integers(1, 11, n) for a in ("quality", "style", "price")}
    )
    survey["overall_satisfaction"] = (
        0.5 * survey["perceived_quality"] + 0.1 * survey["perceived_price"] + rng.normal(0, 0.5, n)
    )
    result = sat.satisfaction_drivers(survey, ["quality", "style", "price"])
    assert result.coefficients.index[0] == "quality"
    assert result.coefficients.loc["quality", "rank"] == 1
    assert abs(result.coefficients.loc["style", "coefficient"]) < 0.1
    assert 0.8 < result.r_squared < 1
    assert result.respondents == n
    # standardised coefficients equal raw OLS slopes × sd(x) / sd(y)
    x = survey[["perceived_quality", "perceived_style", "perceived_price"]].to_numpy(float)
    y = survey["overall_satisfaction"].to_numpy()
    raw = np.linalg.lstsq(np.column_stack([np.ones(n), x]), y, rcond=None)[0][1:]
    expected = raw * x.std(axis=0) / y.std()
    got = result.coefficients.loc[["quality", "style", "price"], "coefficient"].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-9)


def test_satisfaction_drivers_bad_inputs():
    survey = pd.DataFrame(
        {
            "perceived_quality": [1, 2, 3, 4, 5],
            "perceived_price": [3, 3, 3, 3, 3],
            "overall_satisfaction": [1, 2, 2, 4, 5],
        }
    )
    with pytest.raises(ValueError, match="'perceived_price' do not vary"):
        sat.satisfaction_drivers(survey, ["quality", "price"])
    with pytest.raises(ValueError, match="too few"):
        sat.satisfaction_drivers(survey.head(3), ["quality", "price"])
    with pytest.raises(ValueError, match="missing column 'overall_satisfaction'"):
        sat.satisfaction_drivers(survey.drop(columns="overall_satisfaction"), ["quality"])
