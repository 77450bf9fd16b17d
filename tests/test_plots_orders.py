"""Orders chart: orders per period, one band per sales channel (drawn on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmlab import plots
from crmlab.plots import _theme


@pytest.fixture(autouse=True)
def _clean():
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")


@pytest.fixture
def monthly():
    return pd.DataFrame(
        {"online": [3, 5, 4], "store": [2, 1, 6], "corporate": [0, 1, 0]},
        index=pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]),
    )


def test_orders_chart_stacks_one_band_per_channel(monthly):
    _fig, ax = plt.subplots()
    out = plots.orders_chart(monthly, ax=ax)
    assert out is ax
    assert len(ax.collections) == 3
    assert ax.get_legend_handles_labels()[1] == ["online", "store", "corporate"]
    # the top band ends at the total orders of each month
    top = ax.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(monthly.sum(axis=1).max())
    assert ax.get_title() == "Orders per month by sales channel"
    assert ax.get_xlabel() == "Month"


def test_orders_chart_in_chinese_names_the_channels(monthly):
    _theme._STATE.chinese = True  # labels only; no font needed as nothing is rendered
    try:
        ax = plots.orders_chart(monthly, title="订单")
        assert ax.get_legend_handles_labels()[1] == ["线上", "门店", "企业团购"]
        assert ax.get_title() == "订单"
    finally:
        _theme._STATE.chinese = False
