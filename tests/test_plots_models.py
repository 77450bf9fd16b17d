"""Purchase-model charts: hold-out check, P(alive) path and calibration (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import models, plots


@pytest.fixture(autouse=True)
def _close_and_english():
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")


def test_holdout_chart_draws_predicted_and_actual():
    model = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    data = pd.DataFrame(
        {
            "frequency": [0, 2, 1],
            "recency": [0, 30.43, 5.0],
            "T": [38.86, 38.86, 20.0],
            "frequency_holdout": [0, 2, 1],
            "duration_holdout": [39, 39, 39],
        }
    )
    card = models.holdout_scorecard(model, data)
    ax = plots.holdout_chart(card.by_frequency)
    assert len(ax.patches) == 2 * len(card.by_frequency)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(card.by_frequency.index)
    assert "hold-out" in ax.get_ylabel()


def test_probability_alive_path_chart_marks_purchases_and_days():
    model = models.BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    weeks = np.arange(31, 60)
    path = pd.DataFrame(
        {
            "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(weeks * 7, unit="D"),
            "probability_alive": model.probability_alive(2, 30.43, weeks),
        }
    )
    ax = plots.probability_alive_path_chart(
        path,
        purchases=pd.Series(pd.to_datetime(["2025-01-01", "2025-08-01"])),
        marks={"today": "2025-11-30"},
    )
    assert len(ax.lines) == 3
    assert ax.get_ylim() == (0, 1.05)
    assert np.all(np.diff(ax.lines[0].get_ydata()) < 0)  # silence lowers P(alive)


def test_calibration_chart_in_percent():
    table = pd.DataFrame({"predicted": [0.1, 0.9], "actual": [0.2, 0.8], "customers": [10, 30]})
    ax = plots.probability_alive_calibration_chart(table)
    offsets = ax.collections[0].get_offsets()
    assert np.allclose(offsets[:, 0], [10, 90])
    assert np.allclose(offsets[:, 1], [20, 80])
    assert "%" in ax.get_xlabel()
