"""Coupon targeting (crmlab.targeting) and the random mailing of target_coupon."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import relationship as rel
from crmlab import targeting


def _campaigns() -> pd.DataFrame:
    rows = [
        # a: bought in both earlier runs and in 2024; b: a customer since 2021, never on it
        ("a", "2022-11-09", "double11"),
        ("a", "2023-11-10", "double11"),
        ("a", "2024-10-01", "none"),
        ("a", "2024-11-10", "double11"),
        ("b", "2021-05-01", "none"),
        ("b", "2024-09-01", "none"),
        # c: joined after the earlier runs, active, did not buy in 2024
        ("c", "2024-06-01", "none"),
        # d: left in 2022
        ("d", "2022-01-01", "none"),
        # e: first bought during the 2024 run: not scored
        ("e", "2024-11-09", "double11"),
    ]
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date", "promotion"])
    tx["order_date"] = pd.to_datetime(tx["order_date"])
    tx["amount"] = 50.0
    return tx


def test_campaign_runs():
    runs = targeting.campaign_runs(_campaigns(), "double11")
    assert list(runs.index) == [2022, 2023, 2024]
    assert runs.loc[2024, "start"] == pd.Timestamp("2024-11-09")
    assert runs.loc[2024, "buyers"] == 2
    with pytest.raises(ValueError, match="no line bought on 'singles'"):
        targeting.campaign_runs(_campaigns(), "singles")


def test_campaign_scores_by_hand():
    scores = targeting.campaign_scores(_campaigns(), "double11")
    assert "e" not in scores.index
    assert scores.loc["a", "past_runs"] == 2 and scores.loc["a", "past_responses"] == 2
    assert scores.loc["a", "response_rate"] == pytest.approx(3 / 4)
    assert scores.loc["b", "past_runs"] == 2 and scores.loc["b", "past_responses"] == 0
    assert scores.loc["c", "past_runs"] == 0 and scores.loc["c", "response_rate"] == 0.5
    assert not scores.loc["d", "active"]
    assert (
        scores.loc["d", "days_since_last"]
        == (pd.Timestamp("2024-11-09") - pd.Timestamp("2022-01-01")).days
    )
    # active customers first, then by response rate
    assert list(scores.index) == ["a", "c", "b", "d"]
    assert scores.loc["a", "responded"] and not scores.loc["c", "responded"]
    earlier = targeting.campaign_scores(_campaigns(), "double11", 2023)
    assert earlier.loc["a", "past_runs"] == 1 and earlier.loc["a", "responded"]


def test_campaign_scores_bad_inputs():
    tx = _campaigns()
    with pytest.raises(ValueError, match="not in 2020"):
        targeting.campaign_scores(tx, "double11", 2020)
    with pytest.raises(ValueError, match="active_days"):
        targeting.campaign_scores(tx, "double11", active_days=0)
    with pytest.raises(ValueError, match="promotion"):
        targeting.campaign_scores(tx.drop(columns="promotion"), "double11")


def test_random_mailing_is_the_average_uplift_per_coupon():
    uplift = np.array([0.6, 0.0, 0.3, 0.1])
    plan = rel.target_coupon([4, 3, 2, 1], uplift, margin=100, coupon_cost=10, steps=4)
    mean = uplift.mean()
    expected = plan["customers_targeted"] * (mean * 100 - 10)
    assert np.allclose(plan["random_net_return"], expected)
    # mailing everyone: targeting and random give the same
    assert plan["net_return"].iloc[-1] == pytest.approx(plan["random_net_return"].iloc[-1])
    # a good score beats random at every partial mailing
    assert (plan["net_return"].iloc[:-1] >= plan["random_net_return"].iloc[:-1]).all()
