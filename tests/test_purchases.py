"""crmlab._purchases: the one way order lines become purchases, and the analysis window."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab._purchases import active_at, analysis_window, kept_lines, purchase_days


def _tx(**extra) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-02 09:00",
                    "2024-01-02 18:00",
                    "2024-02-01 00:00",
                    "2024-01-05 00:00",
                    "2024-03-01 00:00",
                ]
            ),
            "amount": [10.0, 5.0, 7.0, 3.0, 0.0],
        }
    )
    return frame.assign(**extra)


def test_returned_lines_are_not_purchases():
    tx = _tx(returned=[False, False, True, False, False])
    assert kept_lines(tx).index.tolist() == [0, 1, 3, 4]
    days = purchase_days(tx, amount=True)
    assert days["customer_id"].tolist() == ["a", "b", "b"]
    assert days["amount"].tolist() == [15.0, 3.0, 0.0]  # a zero-amount line is a purchase


def test_a_table_without_returned_has_no_returns():
    assert len(kept_lines(_tx())) == 5
    assert len(purchase_days(_tx())) == 4


def test_text_flags_are_refused_not_read_as_true():
    tx = _tx(returned=["False", "False", "True", "False", "False"])
    with pytest.raises(ValueError, match="column 'returned' must hold True/False"):
        kept_lines(tx)


def test_missing_columns_say_how_to_map_them():
    with pytest.raises(ValueError, match=r"missing column 'order_date'.*conform"):
        kept_lines(_tx().rename(columns={"order_date": "date"}))


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(5)))
def test_purchase_days_do_not_depend_on_row_order(order):
    tx = _tx(returned=[False, True, False, False, False])
    shuffled = tx.iloc[list(order)]
    pd.testing.assert_frame_equal(
        purchase_days(shuffled, amount=True), purchase_days(tx, amount=True)
    )


def test_window_defaults():
    long = pd.Series(pd.to_datetime(["2021-01-01", "2025-12-30"]))
    w = analysis_window(long)
    assert (w.first_day, w.observation_end, w.calibration_end) == (
        pd.Timestamp("2021-01-01"),
        pd.Timestamp("2025-12-30"),
        pd.Timestamp("2024-12-30"),
    )
    short = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-31"]))
    assert analysis_window(short).calibration_end == pd.Timestamp("2024-01-21")
    assert analysis_window(_tx()).observation_end == pd.Timestamp("2024-03-01")


def test_window_explicit_days_are_checked():
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-12-31"]))
    w = analysis_window(dates, "2024-11-30", "2024-06-30")
    assert (w.observation_end, w.calibration_end) == (
        pd.Timestamp("2024-11-30"),
        pd.Timestamp("2024-06-30"),
    )
    later = analysis_window(dates, observation_end="2025-06-30")  # a function may look later
    assert later.observation_end == pd.Timestamp("2025-06-30")
    with pytest.raises(ValueError, match="after the last day in the data"):
        analysis_window(dates, observation_end="2025-06-30", within_data=True)
    with pytest.raises(ValueError, match="before the first day in the data"):
        analysis_window(dates, observation_end="2023-12-31")
    with pytest.raises(ValueError, match="calibration_end: 2025-01-31 must lie after"):
        analysis_window(dates, calibration_end="2025-01-31")
    with pytest.raises(ValueError, match="observation_end: not a date"):
        analysis_window(dates, observation_end="soon")


def test_window_holdout_needs_a_span():
    one_day = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-01"]))
    assert analysis_window(one_day).observation_end == pd.Timestamp("2024-01-01")
    with pytest.raises(ValueError, match="calibration_end"):
        analysis_window(one_day, holdout=True)


def test_active_at_matches_a_loop():
    rng = np.random.default_rng(3)
    days = np.datetime64("2024-01-01") + rng.integers(0, 365, 40).astype("timedelta64[D]")
    codes = rng.integers(0, 6, 40)
    bounds = np.arange("2024-02-01", "2025-02-01", 30, dtype="datetime64[D]")
    got = active_at(codes, days, 6, bounds, 90)
    want = np.zeros_like(got)
    for c, d in zip(codes, days, strict=True):
        for j, b in enumerate(bounds):
            if d < b <= d + np.timedelta64(90, "D"):
                want[c, j] = True
    np.testing.assert_array_equal(got, want)
