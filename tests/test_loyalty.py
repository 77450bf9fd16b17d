"""Tests of crmlab.loyalty (chapter 06): hand-computed cases, published claims,
properties and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import loyalty as loy


def _world():
    survey = pd.DataFrame(
        {
            "response_id": ["S1", "S2", "S3", "S4", "S5"],
            "customer_id": ["a", "b", "c", "d", "a"],
            "survey_date": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2025-06-01"]
            ),
            "overall_satisfaction": [5, 4, 4, 5, 3],
            "relative_attitude": [7, 2, 6, 5, 6],
            "likelihood_to_recommend": [10, 3, 8, 9, 6],
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c", "d"],
            "order_id": ["1", "1", "2", "3", "4", "5", "6"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-01",  # on the survey day: not "after"
                    "2024-01-01",
                    "2024-12-31",  # exactly at the end of the 365-day window: counts
                    "2025-01-02",  # one day too late
                    "2024-02-01",
                    "2024-03-01",
                    "2024-05-01",
                ]
            ),
            "amount": [10.0, 5.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            "returned": [False, False, False, False, False, False, True],
        }
    )
    customers = pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d"], "competition": ["high", "high", "low", "low"]}
    )
    return survey, tx, customers


def test_survey_outcomes_window_edges_and_returns():
    survey, tx, customers = _world()
    out = loy.survey_outcomes(survey, tx, customers, observation_end="2025-12-31")
    assert out["orders_after"].tolist() == [1, 0, 2, 0, 0]
    assert out["repurchased"].tolist() == [True, False, True, False, False]
    assert out["competition"].tolist() == ["high", "high", "low", "low", "high"]
    # the 2025-06-01 answer's window runs to 2026-06-01, after the data end
    assert out["complete_window"].tolist() == [True, True, True, True, False]
    with_returns = loy.survey_outcomes(
        survey, tx, customers, exclude_returns=False, observation_end="2025-12-31"
    )
    assert with_returns.loc[3, "orders_after"] == 1


def test_repurchase_by_satisfaction_table():
    survey, tx, customers = _world()
    table = loy.repurchase_by_satisfaction(survey, tx, customers, observation_end="2025-12-31")
    table = table.set_index(["competition", "satisfaction"])
    assert table.loc[("high", 5), "repurchase_rate"] == 1.0
    assert table.loc[("high", 4), "repurchase_rate"] == 0.0
    assert table.loc[("low", 4), "mean_orders_after"] == 2.0
    assert table.loc[("high", 3), "respondents"] == 0
    assert table.loc[("high", 3), "incomplete_window"] == 1
    assert np.isnan(table.loc[("high", 3), "repurchase_rate"])
    assert table["respondents"].sum() == 4


def test_repurchase_by_satisfaction_longer_window_catches_late_order():
    survey, tx, customers = _world()
    table = loy.repurchase_by_satisfaction(
        survey, tx, customers, window_days=400, observation_end="2025-12-31"
    ).set_index(["competition", "satisfaction"])
    assert table.loc[("high", 4), "repurchase_rate"] == 1.0


def test_repurchase_by_satisfaction_bad_inputs():
    survey, tx, customers = _world()
    with pytest.raises(ValueError, match=r"survey: 1 respondent\(s\) not in customers at row 3"):
        loy.repurchase_by_satisfaction(survey, tx, customers.iloc[:3])
    with pytest.raises(ValueError, match="window_days"):
        loy.repurchase_by_satisfaction(survey, tx, customers, window_days=0)
    with pytest.raises(ValueError, match="missing column 'competition'"):
        loy.repurchase_by_satisfaction(survey, tx, customers.drop(columns="competition"))
    with pytest.raises(ValueError, match=r"overall_satisfaction'\]: missing at row 1"):
        loy.repurchase_by_satisfaction(
            survey.assign(overall_satisfaction=[5, None, 4, 5, 3]), tx, customers
        )


# --------------------------------------------------------------------------------------
# Dick & Basu
# --------------------------------------------------------------------------------------


def test_loyalty_matrix_reference_types():
    types = loy.loyalty_matrix(
        pd.Series([7, 7, 1, 1], index=list("wxyz")), [9, 1, 9, 1], attitude_cut=4, behaviour_cut=5
    )
    assert types["loyalty_type"].to_dict() == {
        "w": "true loyalty",
        "x": "latent loyalty",
        "y": "spurious loyalty",
        "z": "no loyalty",
    }
    assert types["loyalty_type_cn"].tolist() == ["真正忠诚", "潜在忠诚", "虚假忠诚", "不忠诚"]


def test_loyalty_matrix_median_cuts_and_ties_count_high():
    types = loy.loyalty_matrix([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])  # medians 3 and 3
    assert types["attitude_high"].tolist() == [False, False, True, True, True]
    assert types["loyalty_type"].iloc[2] == "true loyalty"


def test_loyalty_matrix_bad_inputs():
    with pytest.raises(ValueError, match="lengths differ"):
        loy.loyalty_matrix([1, 2], [1])
    with pytest.raises(ValueError, match="no customers"):
        loy.loyalty_matrix([], [])
    with pytest.raises(ValueError, match="attitude: 1 missing"):
        loy.loyalty_matrix([1, np.nan], [1, 2])


def test_loyalty_measures_with_survey_and_wallet():
    survey, tx, _ = _world()
    measures = loy.loyalty_measures(
        tx,
        survey,
        observation_end="2024-12-31",
        wallet=pd.Series({"a": 70.0, "c": 100.0, "d": 60.0, "b": 1.0}),
    )
    assert measures.index.tolist() == ["a", "c"]  # b buys later, d's only line was returned
    assert measures.loc["a", "orders"] == 2
    assert measures.loc["a", "spend"] == 35.0
    assert measures.loc["a", "share_of_wallet"] == pytest.approx(0.5)
    assert measures.loc["a", "relative_attitude"] == 7  # the 2025 answer is after the end
    assert measures.loc["c", "likelihood_to_recommend"] == 8
    assert measures.loc["c", "orders_per_year"] == pytest.approx(2 / (334 / 365.25))
    assert bool(measures.loc["c", "repeat_buyer"]) is True


def test_loyalty_measures_bad_wallet():
    _, tx, _ = _world()
    with pytest.raises(ValueError, match="wallet: no total spending"):
        loy.loyalty_measures(tx, wallet=pd.Series({"a": 1.0}))
    with pytest.raises(TypeError, match="wallet"):
        loy.loyalty_measures(tx, wallet={"a": 1.0})


# --------------------------------------------------------------------------------------
# The satisfaction → loyalty curve
# --------------------------------------------------------------------------------------


def test_curve_reproduces_jones_and_sasser():
    high = loy.satisfaction_loyalty_curve([1, 2, 3, 4, 5], "high")
    # completely satisfied (5) about six or more times as loyal as satisfied (4)
    assert high.loc[5] / high.loc[4] >= 6
    low = loy.satisfaction_loyalty_curve([1, 2, 3, 4, 5], "low")
    assert low.min() > 0.7  # hostages: even the very dissatisfied mostly stay
    assert low.loc[4] > 3 * high.loc[4]  # the trap: "satisfied" is enough only without choice
    assert high.name == "loyalty_probability"


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1), st.lists(st.floats(1, 5), min_size=2, max_size=10))
def test_curve_is_a_probability_rising_in_satisfaction(competition, levels):
    levels = sorted(levels)
    p = loy.satisfaction_loyalty_curve(levels, competition).to_numpy()
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) >= -1e-12)


def test_curve_bad_inputs():
    with pytest.raises(ValueError, match="competition"):
        loy.satisfaction_loyalty_curve([1, 2], "medium")
    with pytest.raises(ValueError, match="competition"):
        loy.satisfaction_loyalty_curve([1, 2], 1.5)
    with pytest.raises(ValueError, match="steepness"):
        loy.satisfaction_loyalty_curve([1, 2], 0.5, steepness_low=0)


def _simulated(n=3000, seed=11):
    rng = np.random.default_rng(seed)
    s = rng.integers(1, 6, n)
    comp = np.where(rng.uniform(size=n) < 0.5, "high", "low")
    z = np.where(comp == "high", -7 + 1.5 * s, -0.5 + 0.6 * s)
    retained = rng.uniform(size=n) < 1 / (1 + np.exp(-z))
    return s, comp, retained


def test_fit_satisfaction_loyalty_recovers_coefficients():
    s, comp, retained = _simulated()
    fit = loy.fit_satisfaction_loyalty(s, comp, retained)
    b = fit.params
    # truth: low = −0.5 + 0.6 s; high = −7 + 1.5 s → high_competition −6.5, interaction 0.9
    assert b["intercept"] == pytest.approx(-0.5, abs=0.4)
    assert b["satisfaction"] == pytest.approx(0.6, abs=0.15)
    assert b["high_competition"] == pytest.approx(-6.5, abs=1.0)
    assert b["satisfaction_x_high"] == pytest.approx(0.9, abs=0.3)
    assert fit.curves.index.tolist() == [1, 2, 3, 4, 5]
    assert fit.curves.columns.tolist() == ["low", "high"]
    truth_high = 1 / (1 + np.exp(-(-7 + 1.5 * np.arange(1, 6))))
    np.testing.assert_allclose(fit.curves["high"], truth_high, atol=0.06)
    np.testing.assert_allclose(fit.predict([5], "high"), fit.curves.loc[[5], "high"])
    assert fit.respondents == len(s)
    assert fit.log_likelihood < 0
    assert not fit.separated
    # standard errors and 95 % intervals from the maximum-likelihood fit cover the truth
    assert (fit.standard_errors > 0).all()
    truth = {
        "intercept": -0.5,
        "satisfaction": 0.6,
        "high_competition": -6.5,
        "satisfaction_x_high": 0.9,
    }
    for term, value in truth.items():
        assert fit.conf_int.loc[term, "lower"] < value < fit.conf_int.loc[term, "upper"]
    half_width = (fit.conf_int["upper"] - fit.conf_int["lower"]) / 2
    np.testing.assert_allclose(half_width, 1.959964 * fit.standard_errors, rtol=1e-6)


def test_fit_satisfaction_loyalty_survives_perfect_separation():
    s = np.array([1, 2, 3, 4, 5] * 4)
    comp = np.array(["low"] * 10 + ["high"] * 10)
    retained = (comp == "low") | (s == 5)
    fit = loy.fit_satisfaction_loyalty(s, comp, retained)
    assert fit.separated
    assert np.all(np.isfinite(fit.params))
    assert fit.standard_errors.isna().all()  # not identified: no standard errors
    assert fit.conf_int.isna().all().all()
    assert fit.curves.loc[5, "high"] > 0.9
    assert fit.curves.loc[1, "high"] < 0.1


def test_fit_satisfaction_loyalty_bad_inputs():
    s, comp, retained = _simulated(n=40)
    with pytest.raises(ValueError, match="both 'high' and 'low'"):
        loy.fit_satisfaction_loyalty(s, np.full(len(s), "high"), retained)
    with pytest.raises(ValueError, match=r"competition: expected 'high' or 'low', found 'mid'"):
        loy.fit_satisfaction_loyalty(s, np.where(comp == "high", "mid", comp), retained)
    with pytest.raises(ValueError, match="lengths differ"):
        loy.fit_satisfaction_loyalty(s, comp, retained[:-1])
    with pytest.raises(ValueError, match="two different levels"):
        loy.fit_satisfaction_loyalty(np.full(len(s), 3), comp, retained)


def test_loyalty_matrix_aligns_series_by_customer_not_by_position():
    attitude = pd.Series([7.0, 1.0], index=["C1", "C2"])
    behaviour = pd.Series([0.0, 9.0], index=["C2", "C1"])  # same customers, other order
    types = loy.loyalty_matrix(attitude, behaviour, attitude_cut=4, behaviour_cut=4)
    assert types.loc["C1", "loyalty_type"] == "true loyalty"
    assert types.loc["C2", "loyalty_type"] == "no loyalty"


def test_fit_satisfaction_loyalty_stays_close_to_the_penalised_fit_it_replaces():
    # values of the earlier hand-written fit (ridge 1e-4 on the slopes, BFGS)
    s, comp, retained = _simulated()
    fit = loy.fit_satisfaction_loyalty(s, comp, retained)
    before = [-0.40564668, 0.58558076, -6.06314501, 0.8017776]
    np.testing.assert_allclose(fit.params.to_numpy(), before, atol=1e-3)
    assert fit.log_likelihood == pytest.approx(-1267.77747, abs=1e-3)
    separated = np.array([1, 2, 3, 4, 5] * 4)
    comp = np.array(["low"] * 10 + ["high"] * 10)
    stayed = (comp == "low") | (separated == 5)
    ridge = loy.fit_satisfaction_loyalty(separated, comp, stayed)
    before = [-14.13262108, 20.59693602, -31.11240189, -10.51549017]
    np.testing.assert_allclose(ridge.params.to_numpy(), before, atol=1e-3)


def test_fit_satisfaction_loyalty_confidence_level():
    s, comp, retained = _simulated(n=800)
    wide = loy.fit_satisfaction_loyalty(s, comp, retained, confidence=0.99).conf_int
    narrow = loy.fit_satisfaction_loyalty(s, comp, retained, confidence=0.90).conf_int
    assert ((wide["upper"] - wide["lower"]) > (narrow["upper"] - narrow["lower"])).all()
    with pytest.raises(ValueError, match="confidence: expected a level"):
        loy.fit_satisfaction_loyalty(s, comp, retained, confidence=1.0)


def test_fit_satisfaction_loyalty_rejects_text_flags():
    s, comp, retained = _simulated(n=40)
    with pytest.raises(ValueError, match=r"retained: column 'retained' must hold True/False"):
        loy.fit_satisfaction_loyalty(s, comp, np.where(retained, "True", "False"))


def test_survey_outcomes_reject_text_returned_flags():
    survey, tx, customers = _world()
    text = tx.assign(returned=tx["returned"].map({True: "True", False: "False"}))
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        loy.survey_outcomes(survey, text, customers)
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        loy.loyalty_measures(text)
    # 0/1 flags are booleans too
    as_ints = tx.assign(returned=tx["returned"].astype(int))
    pd.testing.assert_frame_equal(
        loy.survey_outcomes(survey, as_ints, customers), loy.survey_outcomes(survey, tx, customers)
    )


def test_repurchase_by_satisfaction_groups_by_another_customers_column():
    survey, tx, customers = _world()
    customers = customers.assign(customer_type=["consumer", "enterprise", "consumer", "consumer"])
    table = loy.repurchase_by_satisfaction(
        survey, tx, customers, by="customer_type", observation_end="2025-12-31"
    )
    assert "competition" not in table.columns
    table = table.set_index(["customer_type", "satisfaction"])
    # consumers: a (5, bought), c (4, bought), d (5, only line returned); enterprise: b (4)
    assert table.loc[("consumer", 5), "respondents"] == 2
    assert table.loc[("consumer", 5), "repurchase_rate"] == 0.5
    assert table.loc[("consumer", 4), "repurchase_rate"] == 1.0
    assert table.loc[("enterprise", 4), "repurchase_rate"] == 0.0
    assert table.loc[("consumer", 3), "incomplete_window"] == 1
    outcomes = loy.survey_outcomes(survey, tx, customers, by="customer_type")
    assert outcomes["customer_type"].tolist() == [
        "consumer",
        "enterprise",
        "consumer",
        "consumer",
        "consumer",
    ]
    with pytest.raises(ValueError, match="missing column 'region'"):
        loy.survey_outcomes(survey, tx, customers, by="region")
    with pytest.raises(ValueError, match="by: 'customer_id' names a column of the result"):
        loy.survey_outcomes(survey, tx, customers, by="customer_id")


def test_loyalty_measures_observation_end_before_the_data():
    _, tx, _ = _world()
    with pytest.raises(ValueError, match="observation_end: 2023-01-01 is before the first day"):
        loy.loyalty_measures(tx, observation_end="2023-01-01")


def test_default_observation_end_is_read_from_every_line():
    survey, tx, customers = _world()
    survey = pd.concat(
        [survey, survey.iloc[[1]].assign(response_id="S6", survey_date=pd.Timestamp("2024-06-01"))],
        ignore_index=True,
    )
    late = pd.concat(
        [
            tx,
            pd.DataFrame(
                {
                    "customer_id": ["b"],
                    "order_id": ["7"],
                    "amount": [9.0],
                    "order_date": pd.to_datetime(["2025-12-31"]),
                    "returned": [True],
                }
            ),
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(
        loy.survey_outcomes(survey, late, customers),
        loy.survey_outcomes(survey, late, customers, observation_end="2025-12-31"),
    )
    pd.testing.assert_frame_equal(
        loy.loyalty_measures(late), loy.loyalty_measures(late, observation_end="2025-12-31")
    )
    # S6's window ends 2025-06-01: inside the data, which end with the returned line
    assert loy.survey_outcomes(survey, late, customers)["complete_window"].tolist() == [
        True,
        True,
        True,
        True,
        False,
        True,
    ]


@pytest.mark.parametrize("missing", ["survey", "customers"])
def test_survey_outcomes_names_a_missing_table(missing):
    tables = dict(zip(["survey", "tx", "customers"], _world(), strict=True))
    tables[missing] = None
    with pytest.raises(ValueError, match=rf"{missing}: not given; survey_outcomes and"):
        loy.repurchase_by_satisfaction(tables["survey"], tables["tx"], tables["customers"])


@pytest.mark.parametrize("labels", [("Yes", "No"), ("是", "否")])
def test_fit_satisfaction_loyalty_rejects_yes_no_labels(labels):
    s, comp, retained = _simulated(n=40)
    with pytest.raises(ValueError, match=r"retained: column 'retained' must hold True/False"):
        loy.fit_satisfaction_loyalty(s, comp, np.where(retained, *labels))


# --------------------------------------------------------------------------------------
# Behaviour before the answer, Wilson intervals, loyalty types
# --------------------------------------------------------------------------------------


def test_survey_outcomes_counts_orders_in_the_year_up_to_the_answer():
    survey = pd.DataFrame(
        {
            "customer_id": ["a"],
            "survey_date": pd.to_datetime(["2024-06-30"]),
            "overall_satisfaction": [4],
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["a"] * 5,
            "order_id": ["1", "2", "3", "3", "4"],
            "order_date": pd.to_datetime(
                [
                    "2023-07-01",  # exactly 365 days before: outside (start − 365, start]
                    "2023-07-02",  # 364 days before: inside
                    "2024-06-30",  # on the survey day: "before", not "after"
                    "2024-06-30",  # a second line of order 3: one order
                    "2024-07-01",  # the day after: "after"
                ]
            ),
        }
    )
    customers = pd.DataFrame({"customer_id": ["a"], "competition": ["low"]})
    out = loy.survey_outcomes(survey, tx, customers, observation_end="2025-12-31")
    assert out.loc[0, "orders_before"] == 2
    assert out.loc[0, "orders_after"] == 1
    shorter = loy.survey_outcomes(survey, tx, customers, window_days=30)
    assert shorter.loc[0, "orders_before"] == 1


def test_repurchase_rates_carry_wilson_intervals():
    # 5 of 10 bought again: the Wilson 95 % interval is 0.2366 to 0.7634 (Wilson 1927;
    # centre 0.5, half-width 1.96 √(0.025 + 1.96²/400) / (1 + 1.96²/10) = 0.2634)
    n = 10
    survey = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(n)],
            "survey_date": pd.to_datetime(["2024-01-01"] * n),
            "overall_satisfaction": [5] * n,
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(5)] + ["c9"],
            "order_id": [str(i) for i in range(6)],
            "order_date": pd.to_datetime(["2024-03-01"] * 5 + ["2025-06-30"]),
        }
    )
    customers = pd.DataFrame({"customer_id": survey["customer_id"], "competition": "high"})
    table = loy.repurchase_by_satisfaction(survey, tx, customers)
    row = table.iloc[0]
    assert (row["respondents"], row["repurchased"], row["repurchase_rate"]) == (10, 5, 0.5)
    assert row["ci_lower"] == pytest.approx(0.2366, abs=1e-4)
    assert row["ci_upper"] == pytest.approx(0.7634, abs=1e-4)
    wider = loy.repurchase_by_satisfaction(survey, tx, customers, confidence=0.99).iloc[0]
    assert wider["ci_lower"] < row["ci_lower"] and wider["ci_upper"] > row["ci_upper"]
    with pytest.raises(ValueError, match="confidence: expected a level between 0 and 1"):
        loy.repurchase_by_satisfaction(survey, tx, customers, confidence=95)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=1, max_size=6))
def test_wilson_intervals_hold_the_rate_and_stay_in_zero_one(groups):
    rows = []
    for g, (k, n) in enumerate(groups):
        k = min(k, n)
        rows += [{"g": g, "repurchased": i < k, "orders_after": int(i < k)} for i in range(n)]
    frame = pd.DataFrame(rows).assign(complete_window=True)
    table = loy._rates(frame, ["g"], 0.95)
    assert (table["ci_lower"] >= 0).all() and (table["ci_upper"] <= 1).all()
    assert (table["ci_lower"] <= table["repurchase_rate"] + 1e-12).all()
    assert (table["repurchase_rate"] <= table["ci_upper"] + 1e-12).all()


def _types_world():
    survey = pd.DataFrame(
        {
            "customer_id": ["t", "l", "s", "n"],
            "survey_date": pd.to_datetime(["2024-06-01"] * 4),
            "overall_satisfaction": [5, 4, 2, 1],
            "relative_attitude": [7, 6, 2, 1],
        }
    )
    before = {"t": 4, "l": 1, "s": 5, "n": 0}  # orders in the year before the answer
    after = {"t": 2, "l": 0, "s": 1, "n": 0}
    rows = []
    for customer, k in before.items():
        rows += [(customer, f"{customer}b{i}", f"2024-0{1 + i}-15") for i in range(k)]
    for customer, k in after.items():
        rows += [(customer, f"{customer}a{i}", f"2024-0{7 + i}-15") for i in range(k)]
    tx = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date"])
    tx["order_date"] = pd.to_datetime(tx["order_date"])
    customers = pd.DataFrame(
        {"customer_id": ["t", "l", "s", "n"], "competition": ["high", "low", "low", "high"]}
    )
    return survey, tx, customers


def test_loyalty_types_fixes_the_type_at_the_answer():
    survey, tx, customers = _types_world()
    types = loy.loyalty_types(survey, tx, customers, observation_end="2025-12-31")
    assert types["loyalty_type"].astype(str).tolist() == [
        "true loyalty",
        "latent loyalty",
        "spurious loyalty",
        "no loyalty",
    ]
    assert types["loyalty_type_cn"].tolist() == ["真正忠诚", "潜在忠诚", "虚假忠诚", "不忠诚"]
    assert types["orders_before"].tolist() == [4, 1, 5, 0]
    assert types["orders_after"].tolist() == [2, 0, 1, 0]
    # orders after the answer never change the type
    extra = pd.DataFrame(
        {
            "customer_id": ["l"] * 6,
            "order_id": [f"x{i}" for i in range(6)],
            "order_date": pd.to_datetime(["2024-09-01"] * 6),
        }
    )
    busier = loy.loyalty_types(
        survey, pd.concat([tx, extra], ignore_index=True), customers, observation_end="2025-12-31"
    )
    pd.testing.assert_series_equal(busier["loyalty_type"], types["loyalty_type"])
    assert busier.loc[1, "orders_after"] == 6
    stricter = loy.loyalty_types(survey, tx, customers, behaviour_cut=5)
    assert stricter.loc[0, "loyalty_type"] == "latent loyalty"  # 4 orders < 5


def test_loyalty_types_bad_inputs():
    survey, tx, customers = _types_world()
    with pytest.raises(ValueError, match="survey: missing column 'relative_attitude'"):
        loy.loyalty_types(survey.drop(columns="relative_attitude"), tx, customers)
    with pytest.raises(ValueError, match=r"relative_attitude'\]: missing at row 2"):
        loy.loyalty_types(survey.assign(relative_attitude=[7, 6, None, 1]), tx, customers)
    with pytest.raises(ValueError, match="by: 'attitude' names a column of the result"):
        loy.loyalty_types(survey, tx, customers.assign(attitude=1), by="attitude")


def test_loyalty_type_outcomes_by_market():
    survey, tx, customers = _types_world()
    types = loy.loyalty_types(survey, tx, customers, observation_end="2025-12-31")
    overall = loy.loyalty_type_outcomes(types)
    assert overall["loyalty_type"].tolist() == list(loy.LOYALTY_TYPES)
    assert overall["share"].tolist() == [0.25] * 4
    assert overall["repurchase_rate"].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert overall["mean_orders_after"].tolist() == [2.0, 0.0, 1.0, 0.0]
    by_market = loy.loyalty_type_outcomes(types, by="competition").set_index(
        ["competition", "loyalty_type"]
    )
    assert len(by_market) == 8  # every type in every market, held or not
    assert by_market.loc[("high", "true loyalty"), "share"] == 0.5
    assert by_market.loc[("high", "latent loyalty"), "respondents"] == 0
    assert np.isnan(by_market.loc[("high", "latent loyalty"), "repurchase_rate"])
    assert by_market.groupby(level="competition")["share"].sum().tolist() == [1.0, 1.0]


def test_loyalty_type_outcomes_bad_inputs():
    survey, tx, customers = _types_world()
    types = loy.loyalty_types(survey, tx, customers)
    with pytest.raises(ValueError, match=r"types: missing column 'region'.*loyalty_types"):
        loy.loyalty_type_outcomes(types, by="region")
    with pytest.raises(ValueError, match="types: loyalty_type must be one of"):
        loy.loyalty_type_outcomes(types.assign(loyalty_type="fan"))


def test_loyalty_measures_full_price_share():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "order_id": ["1", "1", "2", "3"],
            "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-03-01", "2024-02-01"]),
            "amount": [60.0, 20.0, 20.0, 50.0],
            "discount": [0.0, 5.0, 0.0, 10.0],
            "returned": [False, False, True, False],
        }
    )
    measures = loy.loyalty_measures(tx)
    # a: kept 60 at full price + 20 discounted (the returned 20 does not count) → 60 / 80
    assert measures.loc["a", "full_price_share"] == pytest.approx(0.75)
    assert measures.loc["b", "full_price_share"] == 0.0
    assert "full_price_share" not in loy.loyalty_measures(tx.drop(columns="discount"))


# --------------------------------------------------------------------------------------
# The top-box form of the model, its summary and its interpolation
# --------------------------------------------------------------------------------------


def _top_box_world(n=4000, seed=3):
    rng = np.random.default_rng(seed)
    s = rng.integers(1, 6, n)
    comp = np.where(rng.uniform(size=n) < 0.5, "high", "low")
    top = (s == 5).astype(float)
    high = (comp == "high").astype(float)
    z = 0.0 + 0.0 * top - 1.5 * high + 2.0 * top * high
    return s, comp, rng.uniform(size=n) < 1 / (1 + np.exp(-z))


def test_top_box_fit_recovers_the_jones_and_sasser_step():
    s, comp, retained = _top_box_world()
    fit = loy.fit_satisfaction_loyalty(s, comp, retained, form="top_box")
    assert fit.params.index.tolist() == [
        "intercept",
        "completely_satisfied",
        "high_competition",
        "completely_satisfied_x_high",
    ]
    assert (fit.form, fit.top) == ("top_box", 5.0)
    for term, value in zip(fit.params.index, [0.0, 0.0, -1.5, 2.0], strict=True):
        assert fit.conf_int.loc[term, "lower"] < value < fit.conf_int.loc[term, "upper"]
    # levels below the top share one prediction: a step, not a slope
    assert fit.curves.loc[1:4, "high"].nunique() == 1
    assert fit.curves.loc[5, "high"] > fit.curves.loc[4, "high"] + 0.3
    linear = loy.fit_satisfaction_loyalty(s, comp, retained)
    assert fit.log_likelihood > linear.log_likelihood  # same four coefficients
    np.testing.assert_allclose(fit.predict([3, 5], "high"), fit.curves.loc[[3, 5], "high"])
    with pytest.raises(ValueError, match="form: expected 'linear' or 'top_box'"):
        loy.fit_satisfaction_loyalty(s, comp, retained, form="quadratic")
    with pytest.raises(ValueError, match=r"the top level 6 and another"):
        loy.fit_satisfaction_loyalty(s, comp, retained, form="top_box", top=6)


def test_fit_summary_and_interpolated_prediction():
    s, comp, retained = _simulated()
    fit = loy.fit_satisfaction_loyalty(s, comp, retained)
    summary = fit.summary()
    assert summary.columns.tolist() == [
        "coefficient",
        "standard_error",
        "ci_lower",
        "ci_upper",
        "p_value",
    ]
    z = fit.params / fit.standard_errors
    from statistics import NormalDist

    expected = [2 * (1 - NormalDist().cdf(abs(v))) for v in z]
    np.testing.assert_allclose(summary["p_value"], expected)
    # halfway between the markets the log-odds are the average of the two
    logit = np.log(fit.curves / (1 - fit.curves))
    halfway = 1 / (1 + np.exp(-(logit["low"] + logit["high"]) / 2))
    np.testing.assert_allclose(fit.predict(fit.curves.index, 0.5), halfway)
    separated = loy.fit_satisfaction_loyalty(
        np.array([1, 2, 3, 4, 5] * 4),
        np.array(["low"] * 10 + ["high"] * 10),
        np.array([True] * 10 + [False, False, False, False, True] * 2),
    )
    assert separated.summary()["p_value"].isna().all()


# --------------------------------------------------------------------------------------
# The company's data: what the notebook's sentences rely on
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def company():
    from crmlab import data

    tables = data.load_tables()
    return tables.survey, tables.transactions, tables.customers


def test_the_company_data_show_the_trap_and_the_hostages(company):
    survey, tx, customers = company
    table = loy.repurchase_by_satisfaction(survey, tx, customers)
    rate = table.set_index(["competition", "satisfaction"])["repurchase_rate"]
    assert rate["high", 5] > 1.5 * rate["high", 4]  # only the completely satisfied stay
    assert rate["low"].max() - rate["low"].min() < 0.2  # flat where switching is hard
    assert rate["low", 1] > 2 * rate["high", 1]  # hostages
    outcomes = loy.survey_outcomes(survey, tx, customers)
    seen = outcomes[outcomes["complete_window"]]
    args = (seen["satisfaction"], seen["competition"], seen["repurchased"])
    top_box = loy.fit_satisfaction_loyalty(*args, form="top_box")
    assert top_box.log_likelihood > loy.fit_satisfaction_loyalty(*args).log_likelihood
    assert top_box.conf_int.loc["completely_satisfied_x_high", "lower"] > 0


def test_the_company_data_show_four_loyalty_types(company):
    types = loy.loyalty_types(*company)
    outcomes = loy.loyalty_type_outcomes(types).set_index("loyalty_type")
    assert (outcomes["respondents"] > 50).all()
    rate = outcomes["repurchase_rate"]
    assert rate["true loyalty"] > rate["latent loyalty"] > rate["no loyalty"]
    assert rate["spurious loyalty"] > rate["latent loyalty"]
    by_market = loy.loyalty_type_outcomes(types, by="competition")
    spurious = by_market[by_market["loyalty_type"] == "spurious loyalty"].set_index("competition")
    assert spurious.loc["low", "share"] > spurious.loc["high", "share"]


# --------------------------------------------------------------------------------------
# The self-check questions of chapter 06
# --------------------------------------------------------------------------------------


@pytest.fixture
def fresh_checks(monkeypatch):
    from crmlab import check

    monkeypatch.setattr(check, "_WRONG_TRIES", {})
    return check


def test_chapter_06_has_its_questions(fresh_checks):
    from crmlab._questions.ch06 import CH06

    ids = [q.id for q in CH06]
    assert len(ids) >= 4 and all(i.startswith("ch06.") for i in ids)
    for qid in ids:
        fresh_checks.question(qid)  # registered and shown


def test_top_box_ratio_question(fresh_checks):
    # 60 of 100 against 30 of 200: 0.60 / 0.15 = 4
    assert fresh_checks.answer("ch06.top_box_ratio", 4).correct
    assert fresh_checks.answer("ch06.top_box_ratio", "4.0").correct
    wrong = fresh_checks.answer("ch06.top_box_ratio", 2)
    assert not wrong.correct and "人数" in str(wrong)
    assert "倒过来" in str(fresh_checks.answer("ch06.top_box_ratio", 0.25))
    assert "除法" in str(fresh_checks.answer("ch06.top_box_ratio", 0.45))


def test_trap_size_question_is_computed_from_the_table(fresh_checks):
    from crmlab._questions.ch06 import trap_size

    table = pd.DataFrame(
        {
            "competition": ["high", "high", "low", "low"],
            "satisfaction": [4, 5, 4, 5],
            "repurchase_rate": [0.2, 0.5, 0.45, 0.44],
        }
    )
    # (0.5 − 0.2) − (0.44 − 0.45) = 0.31
    assert trap_size(table) == pytest.approx(0.31)
    for spelling in (0.31, "31%", "0.31"):
        assert fresh_checks.answer("ch06.trap_size", spelling, table=table).correct
    assert "符号反了" in str(fresh_checks.answer("ch06.trap_size", -0.31, table=table))


@pytest.mark.parametrize(
    ("qid", "right", "wrong", "hint"),
    [
        ("ch06.loyalty_definition", "c", "b", "偶尔"),
        ("ch06.hostages", "c", "b", "态度是负面的"),
        ("ch06.loyalty_type", "c", "b", "正好相反"),
        ("ch06.interaction", "b", "d", "不包含0"),
    ],
)
def test_choice_questions(fresh_checks, qid, right, wrong, hint):
    assert fresh_checks.answer(qid, right).correct
    feedback = fresh_checks.answer(qid, wrong)
    assert not feedback.correct and hint in str(feedback)
