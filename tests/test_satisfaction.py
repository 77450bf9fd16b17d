"""Tests of crmlab.satisfaction (chapter 05): hand-computed cases, the course's published
values, properties and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab import satisfaction as sat
from crmlab.data import SURVEY_ATTRIBUTES

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
    with pytest.raises(ValueError, match="items: none given"):
        sat.csi_by_attribute(_survey(), [])


def test_csi_by_attribute_explicit_item_pairs():
    own = _survey().rename(
        columns={
            "expected_quality": "hoped_q",
            "perceived_quality": "got_q",
            "expected_price": "hoped_p",
        }
    )
    by_name = sat.csi_by_attribute(_survey(), ["quality", "price"])
    pairs = sat.csi_by_attribute(own, [("hoped_q", "got_q"), ("hoped_p", "perceived_price")])
    assert list(pairs.index) == ["got_q", "perceived_price", "overall"]  # labelled by perceived
    np.testing.assert_allclose(pairs["csi"], by_name["csi"])
    assert pairs["importance"].isna().all()  # explicit pairs carry no importance
    labelled = sat.csi_by_attribute(own, {"fit": ("hoped_q", "got_q")})
    assert list(labelled.index) == ["fit", "overall"]
    assert labelled.loc["fit", "csi"] == pytest.approx(8 / 7, abs=5e-4)
    mixed = sat.csi_by_attribute(own.assign(expected_price=6), ["price", ("hoped_q", "got_q")])
    assert mixed.loc["price", "importance"] == 5


def test_csi_by_attribute_rating_scale():
    survey = pd.DataFrame({"expected_fit": [0, 10, 8], "perceived_fit": [5, 10, 0]})
    with pytest.raises(
        ValueError, match=r"survey\['expected_fit'\]: 1 value\(s\) below 1 .*scale="
    ):
        sat.csi_by_attribute(survey, ["fit"])  # the default is the workbook's 1-10 scale
    table = sat.csi_by_attribute(survey, ["fit"], scale=(0, 10))
    assert table.loc["fit", ["expected", "perceived"]].tolist() == [6.0, 5.0]
    assert table.loc["fit", "label"] == "dissatisfied"
    with pytest.raises(ValueError, match=r"above 5 .*scale="):
        sat.csi_by_attribute(survey, ["fit"], scale=(0, 5))


@pytest.mark.parametrize(
    ("items", "scale", "match"),
    [
        ([("expected_quality",)], (1, 10), "neither an attribute name nor"),
        ([3], (1, 10), "neither an attribute name nor"),
        ({"q": "quality"}, (1, 10), "neither an attribute name nor"),
        (["quality", "quality"], (1, 10), "'quality' appear"),
        (["quality"], (10, 1), "lowest < highest"),
        (["quality"], (1,), "scale: expected"),
    ],
)
def test_csi_by_attribute_bad_items_and_scales(items, scale, match):
    with pytest.raises(ValueError, match=match):
        sat.csi_by_attribute(_survey(), items, scale=scale)


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
    result = sat.delivered_value(frame, value_items=["v"], cost_items=["c"])
    assert result["delivered_value"].tolist() == [3.0, 4.0]
    assert np.isnan(result["value_cost_ratio"].iloc[1])  # no cost: the ratio is undefined


def test_delivered_value_bad_inputs():
    with pytest.raises(ValueError, match="at least one item each"):
        sat.delivered_value(_DV_ROW, cost_items=[])
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
            "order_date": pd.to_datetime(
                ["2024-01-05", "2024-01-05", "2024-02-10", "2024-01-20", "2024-03-01", "2024-03-15"]
            ),
            "amount": [50.0, 30.0, 20.0, 60.0, 40.0, 99.0],
            "returned": [False, False, False, False, False, True],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["A", "B", "B"],
            "contact_date": ["2024-01-10", "2024-01-25", "2024-03-20"],
            "contact_type": ["complaint", "inquiry", "complaint"],
        }
    )
    return survey, tx, contacts


def test_satisfaction_measures_hand_computed():
    survey, tx, contacts = _measure_inputs()
    table = sat.satisfaction_measures(survey, tx, contacts).set_index("measure")
    assert table.loc["reputation", "value"] == pytest.approx(0.6)
    assert table.loc["named_first", "value"] == pytest.approx(0.2)
    # purchase days: A 2 (O1's two lines are one day), B 1, C 1 (O5 returned) → 1 of 3 returned
    assert table.loc["return_rate", "value"] == pytest.approx(1 / 3)
    assert table.loc["complaint_rate", "value"] == pytest.approx(2 / 3)
    assert table.loc["purchase_amount", "value"] == pytest.approx((100 + 60 + 40) / 3)
    assert table["measure_cn"].tolist() == ["美誉度", "指名度", "回头率", "投诉率", "购买额"]


def test_satisfaction_measures_per_purchase_and_with_returns():
    _, tx, contacts = _measure_inputs()
    per_purchase = sat.satisfaction_measures(None, tx, contacts, complaint_base="purchase")
    assert per_purchase["measure"].tolist() == ["return_rate", "complaint_rate", "purchase_amount"]
    # 4 purchases (customer-days): A on two days, B and C on one each
    assert per_purchase.set_index("measure").loc["complaint_rate", "value"] == pytest.approx(2 / 4)
    with_returns = sat.satisfaction_measures(None, tx, exclude_returns=False).set_index("measure")
    assert with_returns.loc["return_rate", "value"] == pytest.approx(2 / 3)


def test_satisfaction_measures_count_purchase_days_not_orders():
    tx = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B"],
            "order_id": ["O1", "O2", "O3", "O4"],
            "order_date": [
                "2024-01-05 10:00",
                "2024-01-05 18:00",
                "2024-01-05 09:00",
                "2024-01-06 12:00",
            ],
            "amount": [10.0, 20.0, 5.0, 5.0],
        }
    )  # no returned column: no line was returned
    table = sat.satisfaction_measures(None, tx).set_index("measure")
    assert table.loc["return_rate", "value"] == pytest.approx(1 / 2)  # A's two orders: one day
    assert table.loc["purchase_amount", "value"] == pytest.approx(20.0)


def test_satisfaction_measures_observation_end_cuts_every_table():
    survey, tx, contacts = _measure_inputs()
    survey = survey.assign(
        survey_date=pd.to_datetime(
            ["2024-01-01", "2024-01-02", "2024-01-03", "2024-04-01", "2024-05-01"]
        )
    )
    everything = sat.satisfaction_measures(survey, tx, contacts).set_index("measure")
    same = sat.satisfaction_measures(survey, tx, contacts, observation_end=None)
    pd.testing.assert_frame_equal(everything.reset_index(), same)
    cut = sat.satisfaction_measures(survey, tx, contacts, observation_end="2024-02-10")
    cut = cut.set_index("measure")["value"]
    assert cut["reputation"] == pytest.approx(2 / 3)  # the first three answers
    assert cut["named_first"] == pytest.approx(1 / 3)
    # purchases to 10 Feb: A on 5 Jan and 10 Feb, B on 20 Jan → 1 of 2 returned
    assert cut["return_rate"] == pytest.approx(1 / 2)
    assert cut["complaint_rate"] == pytest.approx(1 / 2)  # A's complaint; B's is 20 Mar
    assert cut["purchase_amount"] == pytest.approx((100 + 60) / 2)
    survey_only = sat.satisfaction_measures(survey, observation_end="2024-01-02")
    assert survey_only["value"].tolist() == [1.0, 0.5]


def test_satisfaction_measures_observation_end_bad_inputs():
    survey, tx, contacts = _measure_inputs()
    with pytest.raises(ValueError, match="observation_end: 2020-01-01 is before the first day"):
        sat.satisfaction_measures(None, tx, observation_end="2020-01-01")
    with pytest.raises(ValueError, match=r"missing column 'survey_date'.*observation_end"):
        sat.satisfaction_measures(survey, tx, observation_end="2024-02-01")
    with pytest.raises(ValueError, match=r"missing column 'survey_date'.*observation_end"):
        sat.satisfaction_measures(survey, observation_end="2024-02-01")
    with pytest.raises(ValueError, match="missing column 'contact_date'"):
        sat.satisfaction_measures(
            None, tx, contacts.drop(columns="contact_date"), observation_end="2024-02-01"
        )


def test_satisfaction_measures_survey_only():
    survey, _, _ = _measure_inputs()
    assert sat.satisfaction_measures(survey)["measure"].tolist() == ["reputation", "named_first"]


def test_satisfaction_measures_bad_inputs():
    survey, tx, contacts = _measure_inputs()
    with pytest.raises(ValueError, match="complaint_base"):
        sat.satisfaction_measures(survey, tx, contacts, complaint_base="visit")
    with pytest.raises(ValueError, match="complaint_base"):
        sat.satisfaction_measures(survey, tx, contacts, complaint_base="order")
    with pytest.raises(ValueError, match=r"service_contacts: .*pass transactions"):
        sat.satisfaction_measures(survey, None, contacts)
    with pytest.raises(ValueError, match="missing column 'order_date'"):
        sat.satisfaction_measures(None, tx.drop(columns="order_date"))
    # a flag read as text is refused, never taken as True
    with pytest.raises(ValueError, match="'returned' must hold True/False"):
        sat.satisfaction_measures(None, tx.astype({"returned": str}))
    with pytest.raises(ValueError, match="'speaks_well' must hold True/False"):
        sat.satisfaction_measures(survey.astype({"speaks_well": str}))
    with pytest.raises(ValueError, match="transactions: no rows"):
        sat.satisfaction_measures(None, tx.assign(returned=True))
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
    survey = pd.DataFrame({f"perceived_{a}": [10] for a in SURVEY_ATTRIBUTES})
    survey["perceived_delivery"] = 1
    assert sat.acsi_index(survey) == pytest.approx(80.0)


def test_acsi_index_on_a_zero_to_ten_scale():
    survey = pd.DataFrame({"a": [0, 10], "b": [4, 6], "c": [10, 10]})
    # (x̄ − 0) / 10 × 100: a 50, b 50, c 100
    assert sat.acsi_index(survey, {"a": 0.5, "b": 0.25, "c": 0.25}, scale=(0, 10)) == 62.5
    assert sat.acsi_index(survey, {"c": 1.0}, scale=(0, 10)) == 100.0
    with pytest.raises(ValueError, match=r"survey\['a'\]: 1 value\(s\) below 1 .*scale="):
        sat.acsi_index(survey, {"a": 1.0})  # 0 is off the default 1-10 scale
    assert sat.acsi_index(pd.DataFrame({"s": [1, 5, 3]}), {"s": 1.0}, scale=(1, 5)) == 50.0


def test_acsi_index_bad_inputs():
    survey = pd.DataFrame({"a": [10, 0]})
    with pytest.raises(ValueError, match="sum to 1"):
        sat.acsi_index(survey, {"a": 0.5})
    with pytest.raises(ValueError, match=r"survey\['a'\]: 1 value\(s\) below 1 at row 1"):
        sat.acsi_index(survey, {"a": 1.0})
    with pytest.raises(ValueError, match="missing column 'b'"):
        sat.acsi_index(survey, {"b": 1.0})


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
    assert abs(result.coefficients.loc["style", "coef"]) < 0.1
    assert 0.8 < result.r_squared < 1
    assert result.respondents == n
    # standardised coefficients equal raw OLS slopes × sd(x) / sd(y)
    x = survey[["perceived_quality", "perceived_style", "perceived_price"]].to_numpy(float)
    y = survey["overall_satisfaction"].to_numpy()
    raw = np.linalg.lstsq(np.column_stack([np.ones(n), x]), y, rcond=None)[0][1:]
    expected = raw * x.std(axis=0) / y.std()
    got = result.coefficients.loc[["quality", "style", "price"], "coef"].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-9)


def _driver_survey(n: int = 80, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    survey = pd.DataFrame({f"perceived_{a}": rng.integers(1, 11, n) for a in ("quality", "price")})
    survey["overall_satisfaction"] = np.clip(
        np.round(1 + 0.4 * survey["perceived_quality"] + rng.normal(0, 1, n)), 1, 5
    )
    return survey


def _ols_by_hand(x: np.ndarray, y: np.ndarray, level: float):
    """Textbook OLS: b = (X'X)⁻¹X'y, se = √diag(s² (X'X)⁻¹), b ± t·se."""
    design = np.column_stack([np.ones(len(y)), x])
    xtx_inv = np.linalg.inv(design.T @ design)
    b = xtx_inv @ design.T @ y
    resid = y - design @ b
    dof = len(y) - design.shape[1]
    se = np.sqrt(np.diag(resid @ resid / dof * xtx_inv))
    t_crit = stats.t.ppf(0.5 + level / 2, dof)
    p = 2 * stats.t.sf(np.abs(b / se), dof)
    return b[1:], se[1:], p[1:], (b - t_crit * se)[1:], (b + t_crit * se)[1:]


@pytest.mark.parametrize("standardize", [True, False])
@pytest.mark.parametrize("level", [0.95, 0.9])
def test_satisfaction_drivers_standard_errors_and_intervals_match_textbook_ols(standardize, level):
    survey = _driver_survey()
    x = survey[["perceived_quality", "perceived_price"]].to_numpy(float)
    y = survey["overall_satisfaction"].to_numpy(float)
    if standardize:
        x, y = (x - x.mean(axis=0)) / x.std(axis=0), (y - y.mean()) / y.std()
    b, se, p, low, high = _ols_by_hand(x, y, level)
    result = sat.satisfaction_drivers(
        survey, ["quality", "price"], standardize=standardize, confidence=level
    )
    table = result.coefficients.loc[["quality", "price"]]
    np.testing.assert_allclose(table["coef"], b, rtol=1e-9)
    np.testing.assert_allclose(table["std_err"], se, rtol=1e-9)
    np.testing.assert_allclose(table["t"], b / se, rtol=1e-9)
    np.testing.assert_allclose(table["p_value"], p, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(table["conf_low"], low, rtol=1e-9)
    np.testing.assert_allclose(table["conf_high"], high, rtol=1e-9)
    assert (table["conf_low"] < table["coef"]).all() and (table["coef"] < table["conf_high"]).all()
    assert table.loc["quality", "p_value"] < 0.001
    # correlation and R² do not depend on standardising
    corr = np.corrcoef(survey["perceived_quality"], survey["overall_satisfaction"])[0, 1]
    assert table.loc["quality", "correlation"] == pytest.approx(corr)
    assert result.r_squared == pytest.approx(
        sat.satisfaction_drivers(survey, ["quality", "price"]).r_squared
    )


def test_satisfaction_drivers_ranks_raw_coefficients_by_their_standardised_size():
    survey = _driver_survey().assign(perceived_price=lambda d: d["perceived_price"] / 100)
    raw = sat.satisfaction_drivers(survey, ["quality", "price"], standardize=False)
    z = sat.satisfaction_drivers(survey, ["quality", "price"])
    assert raw.coefficients["rank"].to_dict() == z.coefficients["rank"].to_dict()


def test_satisfaction_drivers_explicit_items_and_outcome():
    survey = _driver_survey()
    own = survey.rename(
        columns={"perceived_quality": "q_now", "overall_satisfaction": "overall"}
    ).assign(q_before=5)
    by_name = sat.satisfaction_drivers(survey, ["quality", "price"])
    explicit = sat.satisfaction_drivers(
        own,
        {"quality": ("q_before", "q_now"), "price": ("x", "perceived_price")},
        outcome="overall",
    )
    pd.testing.assert_frame_equal(by_name.coefficients, explicit.coefficients)
    pairs = sat.satisfaction_drivers(own, [("q_before", "q_now")], outcome="overall")
    assert list(pairs.coefficients.index) == ["q_now"]


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
    with pytest.raises(ValueError, match="does not vary"):
        sat.satisfaction_drivers(survey.assign(overall_satisfaction=3), ["quality"])
    with pytest.raises(ValueError, match="confidence"):
        sat.satisfaction_drivers(survey, ["quality"], confidence=95)


# --------------------------------------------------------------------------------------
# Chapter 05 additions: the fragility of C, complaints by satisfaction, drivers on gaps
# --------------------------------------------------------------------------------------


def test_csi_fragility_hand_computed():
    # fit: expected 2, 8 (mean 5); perceived 4, 6 (mean 5) → C = 1; own ratios 2 and 0.75
    # → mean 1.375; recoded to start at 0 (minus 1): 4/4 = 1; gaps +2, −2 → 0; one of two
    # answers below its expectation
    survey = pd.DataFrame(
        {
            "expected_fit": [2, 8],
            "perceived_fit": [4, 6],
            "expected_price": [4, 4],
            "perceived_price": [3, 5],
        }
    )
    table = sat.csi_fragility(survey, ["fit", "price"])
    assert list(table.index) == ["fit", "price", "overall"]
    assert table.loc["fit"].tolist() == pytest.approx([1.0, 1.375, 1.0, 0.0, 0.5])
    # price: means 4 and 4; ratios 0.75, 1.25 → 1.0; recoded 3/3; gaps −1, +1
    assert table.loc["price"].tolist() == pytest.approx([1.0, 1.0, 1.0, 0.0, 0.5])
    # overall pools the four answers: ratios 2, 0.75, 0.75, 1.25 → mean 1.1875
    assert table.loc["overall", "csi_mean_of_ratios"] == pytest.approx(1.1875)
    assert table.loc["overall", "below_expectation"] == pytest.approx(0.5)


def test_csi_fragility_ratio_moves_with_the_coding_the_gap_does_not():
    # the same answers on 1-10 and, recoded, on 0-9: the gap is the same, C is not
    survey = pd.DataFrame({"expected_fit": [3, 6, 9], "perceived_fit": [5, 6, 8]})
    table = sat.csi_fragility(survey, ["fit"])
    shifted = sat.csi_fragility(survey + 4, ["fit"], scale=(1, 14))
    assert shifted.loc["fit", "gap"] == pytest.approx(table.loc["fit", "gap"])
    assert shifted.loc["fit", "csi"] != pytest.approx(table.loc["fit", "csi"])
    # csi_from_zero is the C of the answers recoded to start at 0, whatever they started at
    assert shifted.loc["fit", "csi_from_zero"] != pytest.approx(table.loc["fit", "csi_from_zero"])
    assert table.loc["fit", "csi_from_zero"] == pytest.approx((19 / 3 - 1) / (6 - 1))


@given(
    st.lists(st.tuples(st.integers(1, 10), st.integers(1, 10)), min_size=1, max_size=40),
    st.integers(1, 5),
)
@settings(max_examples=50, deadline=None)
def test_csi_fragility_gap_is_invariant_to_a_shift_of_the_scale(pairs, shift):
    survey = pd.DataFrame(pairs, columns=["expected_fit", "perceived_fit"])
    table = sat.csi_fragility(survey, ["fit"])
    moved = sat.csi_fragility(survey + shift, ["fit"], scale=(1, 10 + shift))
    assert moved.loc["fit", "gap"] == pytest.approx(table.loc["fit", "gap"])
    assert moved.loc["fit", "below_expectation"] == table.loc["fit", "below_expectation"]
    # a ratio of means moves towards 1 when both scores are pushed up the scale
    assert abs(moved.loc["fit", "csi"] - 1) <= abs(table.loc["fit", "csi"] - 1) + 1e-12


def test_csi_fragility_bad_inputs():
    survey = pd.DataFrame({"expected_fit": [0, 5], "perceived_fit": [3, 5]})
    with pytest.raises(ValueError, match=r"expected_fit'\]: a respondent's ratio needs"):
        sat.csi_fragility(survey, ["fit"], scale=(0, 10))
    with pytest.raises(ValueError, match="missing column 'perceived_fit'"):
        sat.csi_fragility(survey.drop(columns="perceived_fit"), ["fit"], scale=(0, 10))


def _complaint_inputs():
    survey = pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d"], "overall_satisfaction": [1, 2, 5, 5]}
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "b", "b", "c", "c", "c", "d"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-02",
                    "2024-01-05",
                    "2024-03-05",
                    "2024-01-02",
                    "2024-02-01",
                    "2024-02-01",
                    "2024-04-04",
                ]
            ),
            "amount": [10.0, 20.0, 5.0, 30.0, 40.0, 1.0, 8.0],
            "returned": [False, False, True, False, False, False, False],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["a", "a", "c", "c", "x"],
            "contact_type": ["complaint", "complaint", "inquiry", "complaint", "complaint"],
        }
    )
    return survey, tx, contacts


def test_complaints_by_satisfaction_hand_computed():
    survey, tx, contacts = _complaint_inputs()
    table = sat.complaints_by_satisfaction(survey, tx, contacts)
    assert list(table.index) == [1, 2, 5]
    # 1: a, 2 complaints in 1 purchase; 2: b, none, 1 purchase (the March line was returned);
    # 5: c (1 complaint, 2 purchase days: two lines on 1 Feb are one purchase) and d (none, 1)
    assert table["respondents"].tolist() == [1, 1, 2]
    assert table["complained"].tolist() == [1, 0, 1]
    assert table["complained_share"].tolist() == [1.0, 0.0, 0.5]
    assert table["purchases"].tolist() == [1, 1, 3]
    assert table["complaints_per_purchase"].tolist() == pytest.approx([2.0, 0.0, 1 / 3])
    kept = sat.complaints_by_satisfaction(survey, tx, contacts, exclude_returns=False)
    assert kept.loc[2, "purchases"] == 2


def test_complaints_by_satisfaction_ignores_non_respondents_and_checks_columns():
    survey, tx, contacts = _complaint_inputs()
    table = sat.complaints_by_satisfaction(survey, tx, contacts)
    assert table["complained"].sum() == 2  # customer x answered no survey
    with pytest.raises(ValueError, match="missing column 'contact_type'"):
        sat.complaints_by_satisfaction(survey, tx, contacts.drop(columns="contact_type"))
    with pytest.raises(ValueError, match="missing column 'overall_satisfaction'"):
        sat.complaints_by_satisfaction(survey[["customer_id"]], tx, contacts)


def test_satisfaction_drivers_on_gaps_recovers_the_slopes_perceived_scores_hide():
    # overall satisfaction follows the gaps (slopes 1.0 and 0.3); every respondent has her
    # own level of expectation, which enters every perceived score
    rng = np.random.default_rng(5)
    n = 3000
    level = rng.normal(6, 1.0, n)
    gap_q, gap_d = rng.normal(0, 1, n), rng.normal(0, 1, n)
    survey = pd.DataFrame(
        {
            "expected_quality": level,
            "perceived_quality": level + gap_q,
            "expected_delivery": level,
            "perceived_delivery": level + gap_d,
            "overall_satisfaction": 1.0 * gap_q + 0.3 * gap_d + rng.normal(0, 0.3, n),
        }
    )
    gaps = sat.satisfaction_drivers(survey, ["quality", "delivery"], on="gap", standardize=False)
    coef = gaps.coefficients["coef"]
    assert coef["quality"] == pytest.approx(1.0, abs=0.03)
    assert coef["delivery"] == pytest.approx(0.3, abs=0.03)
    table = gaps.coefficients
    assert (table["conf_low"] < [1.0, 0.3]).all() and (table["conf_high"] > [1.0, 0.3]).all()
    perceived = sat.satisfaction_drivers(survey, ["quality", "delivery"], standardize=False)
    # on perceived scores the shared expectation pushes the weaker item below zero
    assert perceived.coefficients.loc["delivery", "coef"] < 0
    assert perceived.r_squared < gaps.r_squared


def test_satisfaction_drivers_on_gaps_bad_inputs():
    survey = pd.DataFrame(
        {
            "expected_fit": [5, 6, 7, 8, 9],
            "perceived_fit": [6, 7, 8, 9, 10],
            "overall_satisfaction": [1, 2, 3, 4, 5],
        }
    )
    with pytest.raises(ValueError, match="on: expected 'perceived' or 'gap'"):
        sat.satisfaction_drivers(survey, ["fit"], on="expected")
    with pytest.raises(ValueError, match=r"'fit \(perceived − expected\)' do not vary"):
        sat.satisfaction_drivers(survey, ["fit"], on="gap")
    with pytest.raises(ValueError, match="missing column 'expected_fit'"):
        sat.satisfaction_drivers(survey.drop(columns="expected_fit"), ["fit"], on="gap")


def test_chinese_names_cover_the_survey():
    assert set(sat.ATTRIBUTE_NAMES) == set(SURVEY_ATTRIBUTES)
    assert set(sat.PART_NAMES) == set(sat.VALUE_COLUMNS) | set(sat.COST_COLUMNS)
    # the course's words: 货币、时间、精神、体力成本
    assert sat.PART_NAMES["energy_cost"] == "体力成本"
    assert sat.PART_NAMES["psychic_cost"] == "精神成本"
