"""Fixtures shared by the test modules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from crmlab import plots


@pytest.fixture
def english_and_closed():
    """English chart labels around the test, and no figure left open after it."""
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")
