"""Orders chart: orders per period, one band per sales channel (drawn on Agg)."""

import itertools
import re

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


def test_the_legend_lists_the_bands_top_down(monthly):
    ax = plots.orders_chart(monthly)
    shown = [t.get_text() for t in ax.get_legend().get_texts()]
    assert shown == ["corporate", "store", "online"]  # stacked online, store, corporate


def test_one_band_has_no_legend(monthly):
    ax = plots.orders_chart(monthly[["online"]].rename(columns={"online": "all orders"}))
    assert ax.get_legend() is None
    assert ax.get_title() == "Orders per month"


def test_a_period_index_is_read_as_dates(monthly):
    periods = monthly.set_axis(monthly.index.to_period("M"))
    ax = plots.orders_chart(periods)
    assert len(ax.collections) == 3


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame(), "is empty"),
        (pd.DataFrame({"online": [1, 2]}, index=["Jan", "Feb"]), "first days as dates"),
    ],
)
def test_bad_input_says_what_the_chart_wants(frame, message):
    with pytest.raises(ValueError, match=message):
        plots.orders_chart(frame)


def _chinese_font_or_skip() -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError:
        pytest.skip("no font with Chinese characters on this machine")


def _shown_tick_labels(ax):
    """The x tick labels drawn inside the axis limits, left to right, after a draw."""
    ax.figure.canvas.draw()
    low, high = ax.get_xlim()
    return [
        text
        for text, at in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
        if low <= at <= high and text.get_text()
    ]


# month ranges: the company's five years, the analyst's 2008-2012, two years, a year across
# a year boundary, a quarter; sizes: the notebook's 7 × 4 inches and a narrow widget pane
RANGES = [("2021-01-01", 60), ("2008-01-01", 60), ("2024-01-01", 24), ("2024-06-01", 13)]
RANGES += [("2021-01-01", 30), ("2025-01-01", 3)]
SIZES = [(7.0, 4.0), (4.0, 3.0), (3.0, 2.5)]


@pytest.mark.parametrize("chinese", [True, False], ids=["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}in")
@pytest.mark.parametrize(("start", "months"), RANGES, ids=lambda v: str(v))
def test_date_ticks_never_overlap(start, months, size, chinese):
    if chinese:
        _chinese_font_or_skip()
    index = pd.date_range(start, periods=months, freq="MS")
    frame = pd.DataFrame({"online": range(months), "store": range(months)}, index=index)
    _fig, ax = plt.subplots(figsize=size)
    plots.orders_chart(frame, ax=ax)
    ticks = _shown_tick_labels(ax)
    assert len(ticks) >= 2, [t.get_text() for t in ticks]
    for left, right in itertools.pairwise(ticks):
        gap = right.get_window_extent().x0 - left.get_window_extent().x1
        assert gap >= 4, f"{left.get_text()!r} and {right.get_text()!r} are {gap:.1f} px apart"


def test_every_text_is_chinese_in_chinese_mode():
    _chinese_font_or_skip()
    index = pd.date_range("2024-06-01", periods=13, freq="MS")
    frame = pd.DataFrame({"online": range(13), "store": range(13)}, index=index)
    ax = plots.orders_chart(frame)
    ticks = [t.get_text() for t in _shown_tick_labels(ax)]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *legend, *ticks]
    assert not [t for t in texts if re.search("[A-Za-z]", t)], texts
    assert "月" in ax.get_ylabel() and "单" in ax.get_ylabel()  # the unit: orders per month
    assert any("月" in t for t in ticks), ticks  # months read 7月, not Jul
