"""Tests of crmlab.churn (chapter 07): the churn-risk model, its features and label."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import churn

# --------------------------------------------------------------------------------------
# Churn-risk model
# --------------------------------------------------------------------------------------


def _churn_data(n=600, seed=5):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "recency_days": rng.uniform(0, 365, n),
            "complaints": rng.poisson(0.6, n),
            "noise": rng.normal(size=n),
            "high_competition": rng.uniform(size=n) < 0.5,
        },
        index=[f"C{i:04d}" for i in range(n)],
    )
    logit = -3.5 + 0.012 * x["recency_days"] + 0.9 * x["complaints"]
    y = rng.uniform(size=n) < 1 / (1 + np.exp(-logit))
    return x, y


def test_churn_risk_model_finds_signal_and_builds_lift_table():
    x, y = _churn_data()
    model = churn.churn_risk_model(x, y, test_size=0.3, seed=0)
    assert model.auc > 0.75
    assert model.n_train + model.n_test == len(x)
    assert model.n_test == 180
    lift = model.lift_table
    assert lift["decile"].tolist() == list(range(1, 11))
    assert lift["customers"].sum() == model.n_test
    assert lift["lift"].iloc[0] > 1.5
    assert lift["cumulative_capture"].iloc[-1] == pytest.approx(1.0)
    # lift = churn rate / overall held-out churn rate
    overall = lift["churners"].sum() / lift["customers"].sum()
    np.testing.assert_allclose(lift["lift"], lift["churn_rate"] / overall)
    assert model.coefficients.index[0] in {"recency_days", "complaints"}
    assert model.coefficients["recency_days"] > 0
    risk = model.predict_risk(x.head(5))
    assert list(risk.index) == list(x.index[:5])
    assert risk.between(0, 1).all()


def test_churn_risk_model_is_reproducible_for_a_seed():
    x, y = _churn_data(n=200)
    a = churn.churn_risk_model(x, y, seed=3)
    b = churn.churn_risk_model(x, y, seed=3)
    assert a.auc == b.auc


def test_churn_risk_model_bad_inputs():
    x, y = _churn_data(n=50)
    with pytest.raises(ValueError, match=r"column 'noise' has 1 missing value\(s\) at row C0002"):
        churn.churn_risk_model(x.assign(noise=x["noise"].where(x.index != "C0002")), y)
    with pytest.raises(ValueError, match="column 'segment' is not numeric"):
        churn.churn_risk_model(x.assign(segment="vip"), y)
    with pytest.raises(ValueError, match="too few for a stratified split"):
        churn.churn_risk_model(x, np.zeros(len(x), dtype=bool))
    with pytest.raises(ValueError, match="lengths differ"):
        churn.churn_risk_model(x, y[:-1])
    with pytest.raises(ValueError, match="test_size"):
        churn.churn_risk_model(x, y, test_size=1.0)


# --------------------------------------------------------------------------------------
# Churn features
# --------------------------------------------------------------------------------------


def _world():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "a"],
            "order_id": ["1", "2", "3", "4", "5", "6"],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-05-01", "2024-03-01", "2024-08-01", "2024-09-01", "2024-12-31"]
            ),
            "amount": [10.0, 20.0, 5.0, 5.0, 8.0, 1.0],
            "returned": False,
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "competition": ["high", "low", "high"],
            "customer_type": ["consumer", "enterprise", "consumer"],
        }
    )
    survey = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "survey_date": pd.to_datetime(["2024-02-01", "2024-07-01", "2024-04-01"]),
            "overall_satisfaction": [2, 5, 4],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "a"],
            "contact_date": pd.to_datetime(
                ["2024-02-01", "2024-03-01", "2024-03-02", "2024-07-01"]
            ),
            "contact_type": ["complaint", "complaint", "inquiry", "complaint"],
            "resolved": [True, False, True, False],
        }
    )
    return tx, customers, survey, contacts


def test_churn_features_hand_computed():
    tx, customers, survey, contacts = _world()
    feats = churn.churn_features(
        tx, customers, survey, contacts, calibration_end="2024-06-01", churn_window_days=90
    )
    assert list(feats.index) == ["a", "b"]
    assert feats.loc["a", "recency_days"] == 31
    assert feats.loc["a", "orders"] == 2
    assert feats.loc["a", "complaints"] == 2  # the July complaint is after calibration_end
    assert feats.loc["a", "unresolved_complaints"] == 1
    assert feats.loc["a", "satisfaction"] == 2  # the July answer is after calibration_end
    assert feats.loc["b", "enterprise"] == 1
    assert feats.loc["a", "high_competition"] == 1
    assert feats["churned"].tolist() == [True, False]  # a next buys in December


def test_churn_features_use_no_data_after_calibration_end():
    tx, customers, survey, contacts = _world()
    base = churn.churn_features(tx, customers, survey, contacts, calibration_end="2024-06-01")
    future_tx = pd.concat(
        [
            tx,
            pd.DataFrame(
                {
                    "customer_id": ["b"],
                    "order_id": ["9"],
                    "order_date": pd.to_datetime(["2024-06-02"]),
                    "amount": [999.0],
                    "returned": False,
                }
            ),
        ],
        ignore_index=True,
    )
    later = churn.churn_features(
        future_tx, customers, survey, contacts, calibration_end="2024-06-01"
    )
    features = base.columns.drop("churned")
    pd.testing.assert_frame_equal(base[features], later[features])


def test_churn_features_bad_inputs():
    tx, customers, _, _ = _world()
    with pytest.raises(ValueError, match="after observation_end 2024-12-31"):
        churn.churn_features(tx, calibration_end="2024-10-01", churn_window_days=180)
    with pytest.raises(ValueError, match="calibration_end: 2023-01-01 must lie after the first"):
        churn.churn_features(tx, calibration_end="2023-01-01")
    with pytest.raises(ValueError, match="calibration_end: 2024-12-31 must lie after the first"):
        churn.churn_features(tx, calibration_end="2024-12-31")
    with pytest.raises(ValueError, match=r"customers: 1 buying customer\(s\) not in the table"):
        churn.churn_features(tx, customers.iloc[:1], calibration_end="2024-06-01")
    with pytest.raises(ValueError, match="churn_window_days"):
        churn.churn_features(tx, calibration_end="2024-06-01", churn_window_days=0)
    with pytest.raises(ValueError, match="missing column 'order_id'"):
        churn.churn_features(tx.drop(columns="order_id"), calibration_end="2024-06-01")


def test_churn_features_calibration_end_none_is_derived_from_the_data():
    tx, customers, survey, contacts = _world()
    # 2024-01-01 … 2024-12-31 is shorter than three years: the cut-off is two thirds of
    # the way, 2024-08-31, and the outcome window runs to the last order date
    derived = churn.churn_features(tx, customers, survey, contacts)
    explicit = churn.churn_features(tx, customers, survey, contacts, calibration_end="2024-08-31")
    pd.testing.assert_frame_equal(derived, explicit)
    assert (
        derived.loc["a", "recency_days"]
        == (pd.Timestamp("2024-08-31") - pd.Timestamp("2024-05-01")).days
    )
    assert derived["churned"].to_dict() == {"a": False, "b": True}  # a buys on 2024-12-31
    # with observation_end the default cut-off moves with it: two thirds of the 274 days
    # from 2024-01-01 to 2024-10-01 is 2024-07-01
    early = churn.churn_features(tx, observation_end="2024-10-01")
    assert early.loc["a", "recency_days"] == 61  # 2024-05-01 → 2024-07-01
    # a's December purchase lies after observation_end; b buys again in August
    assert early["churned"].to_dict() == {"a": True, "b": False}


def test_churn_features_outcome_window_defaults_to_observation_end():
    tx, *_ = _world()
    whole = churn.churn_features(tx, calibration_end="2024-06-01")
    short = churn.churn_features(tx, calibration_end="2024-06-01", churn_window_days=90)
    # a's next purchase (2024-12-31) is inside the whole hold-out, not inside 90 days
    assert not whole.loc["a", "churned"]
    assert short.loc["a", "churned"]


def test_churn_features_reject_text_flags():
    tx, _, _, contacts = _world()
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        churn.churn_features(tx.assign(returned="False"), calibration_end="2024-06-01")
    text = contacts.assign(resolved=["True", "False", "True", "False"])
    with pytest.raises(
        ValueError, match=r"service_contacts: column 'resolved' must hold True/False"
    ):
        churn.churn_features(tx, service_contacts=text, calibration_end="2024-06-01")


def test_churn_features_leave_out_returned_lines():
    tx, *_ = _world()
    # b's only purchase before the cut-off was returned: b is not in the base
    flagged = tx.assign(returned=[False, False, True, False, False, False])
    feats = churn.churn_features(flagged, calibration_end="2024-06-01")
    assert list(feats.index) == ["a"]
    kept = churn.churn_features(flagged, calibration_end="2024-06-01", exclude_returns=False)
    assert list(kept.index) == ["a", "b"]


def test_churn_risk_model_rejects_text_labels():
    x, y = _churn_data(n=50)
    with pytest.raises(ValueError, match=r"churned: column 'churned' must hold True/False"):
        churn.churn_risk_model(x, np.where(y, "True", "False"))
    as_ints = churn.churn_risk_model(x, y.astype(int), seed=1)
    assert as_ints.auc == churn.churn_risk_model(x, y, seed=1).auc


def test_churn_features_feed_the_model():
    rng = np.random.default_rng(3)
    n = 300
    first = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    loyal = rng.uniform(size=n) < 0.5
    rows = []
    for i in range(n):
        gap = 20 if loyal[i] else 200
        day = first[i]
        while day <= pd.Timestamp("2024-12-31"):
            rows.append((f"C{i:03d}", f"O{len(rows)}", day, 50.0))
            day += pd.Timedelta(days=int(gap + rng.integers(0, 10)))
    tx = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date", "amount"])
    feats = churn.churn_features(tx, churn_window_days=90)
    model = churn.churn_risk_model(feats.drop(columns="churned"), feats["churned"])
    assert model.auc > 0.8


def test_retention_does_not_re_export_the_churn_model():
    from crmlab import retention

    for name in ("churn_features", "churn_risk_model", "ChurnRiskModel"):
        assert not hasattr(retention, name)
        assert name in churn.__all__


def test_churn_features_window_is_read_from_every_line():
    tx, *_ = _world()
    late = tx.assign(returned=[False] * 5 + [True])  # a's 2024-12-31 line was returned
    default = churn.churn_features(late)
    # the data end on 2024-12-31, so the default cut-off is two thirds into 2024
    pd.testing.assert_frame_equal(default, churn.churn_features(late, observation_end="2024-12-31"))
    pd.testing.assert_frame_equal(default, churn.churn_features(late, calibration_end="2024-08-31"))
    assert default.loc["a", "churned"]  # the returned line is no purchase


@pytest.mark.parametrize("labels", [("Yes", "No"), ("是", "否"), ("yes", "no")])
def test_churn_risk_model_rejects_yes_no_labels(labels):
    # labels are parsed where the data enter (crmlab.data); here they are an error
    x, y = _churn_data(n=50)
    with pytest.raises(ValueError, match=r"churned: column 'churned' must hold True/False"):
        churn.churn_risk_model(x, np.where(y, *labels))


# --------------------------------------------------------------------------------------
# The committed dataset: what chapter 07's prose says about it
# --------------------------------------------------------------------------------------


def test_committed_data_churn_model_finds_what_the_generator_built():
    """Chapter 07 states: recency and unresolved complaints raise the risk, satisfaction
    lowers it, the model beats chance clearly and its riskiest decile has lift above 1."""
    from crmlab import data

    tables = data.load_tables()
    features = churn.churn_features(
        tables.transactions, tables.customers, tables.survey, tables.service_contacts
    )
    model = churn.churn_risk_model(features.drop(columns="churned"), features["churned"])
    coefficients = model.coefficients
    assert coefficients.index[0] == "recency_days"
    assert coefficients["recency_days"] > 0
    assert coefficients["unresolved_complaints"] > 0
    assert coefficients["satisfaction"] < 0
    assert model.auc > 0.7
    lift = model.lift_table.set_index("decile")["lift"]
    assert lift.loc[1] > 1 > lift.loc[10]
    # unresolved complaints go with more churn than resolved ones
    unresolved = features.loc[features["unresolved_complaints"] > 0, "churned"].mean()
    resolved = features.loc[
        (features["complaints"] > 0) & (features["unresolved_complaints"] == 0), "churned"
    ].mean()
    assert unresolved > resolved
