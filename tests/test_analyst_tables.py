"""Analysts' other tables, end to end: a 0-10 survey and a tenure + churn subscription table.

The fixtures come from ``tests/fixtures/make_fixtures.py``: a survey scored 0-10 (not the
workbook's 1-5 and 1-10) and a telecom-style subscription table with tenure in months and a
Yes/No churn label. Loaded at the boundary, they feed the analyses directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crmlab import models, satisfaction
from crmlab.data import load_memberships, load_survey

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_0_to_10_survey_is_scored_on_its_own_scale():
    survey = load_survey(FIXTURES / "survey_0_10.csv")
    weights = {"overall_satisfaction": 1.0}
    index = satisfaction.acsi_index(survey, weights, scale=(0, 10))
    by_hand = survey["overall_satisfaction"].mean() / 10 * 100
    assert index == pytest.approx(by_hand)
    with pytest.raises(ValueError, match="scale"):  # the workbook's 1-10 default refuses 0
        satisfaction.acsi_index(survey, weights)
    result = satisfaction.nps(survey["likelihood_to_recommend"])
    scores = survey["likelihood_to_recommend"]
    assert result.nps == pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean()))


def test_a_tenure_and_churn_table_fits_the_sbg_model():
    members = load_memberships(
        FIXTURES / "subscriptions.csv", columns={"customerID": "customer_id", "Churn": "lapsed"}
    )
    # the fixture's subscribers all churn at one monthly rate: the sBG collapses into a
    # constant retention rate and says so
    with pytest.warns(models.DegenerateFitWarning, match="same churn probability"):
        fit = models.fit_sbg(durations=members["tenure"], churned=members["lapsed"])
    assert fit.n_customers == len(members)
    # that constant rate is the churners per month at risk (periods paid, censored at tenure)
    at_risk = members["tenure"].sum()
    assert fit.alpha / (fit.alpha + fit.beta) == pytest.approx(
        members["lapsed"].sum() / at_risk, rel=0.05
    )
    assert "alpha" in str(fit.summary())
