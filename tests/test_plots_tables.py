"""plots.table: Chinese headers in Chinese mode, counts as integers, unknown names kept."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from crmlab import plots
from crmlab.plots import _tables as tables


@pytest.fixture
def chinese():
    try:
        plots.use_chinese()
    except plots.ChineseFontError:
        pytest.skip("no CJK font: `make install` brings the zh extra")
    yield
    plots.use_english()


def test_english_mode_keeps_code_names():
    plots.use_english()
    frame = pd.DataFrame({"profit": [1.5], "customers": [3.0]})
    shown = plots.table(frame)
    assert list(shown.columns) == ["profit", "customers"]
    assert shown["customers"].dtype == "Int64"
    assert shown["profit"].dtype == float


def test_chinese_mode_renames_columns_index_and_axis(chinese):
    frame = pd.DataFrame({"profit": [1.0, 2.5], "my_column": [1, 2]})
    frame.index.name = "segment"
    frame.columns.name = "tier"
    shown = plots.table(frame, names={"my_column": "我的列"})
    assert list(shown.columns) == ["利润", "我的列"]
    assert shown.index.name == "细分群体"
    assert shown.columns.name == "层级"
    assert frame.columns.tolist() == ["profit", "my_column"], "the input is not changed"


def test_multiindex_and_series(chinese):
    index = pd.MultiIndex.from_tuples([("a", 1)], names=["segment", None])
    shown = plots.table(pd.Series([2.0], index=index, name="orders"))
    assert list(shown.columns) == ["订单数"]
    assert list(shown.index.names) == ["细分群体", None]


def test_counts_with_gaps_and_fractions():
    plots.use_english()
    frame = pd.DataFrame({"n": [1.0, np.nan], "x": [1.0, 1.5], "inf": [1.0, np.inf]})
    shown = plots.table(frame)
    assert shown["n"].dtype == "Int64" and shown["n"].isna().sum() == 1
    assert shown["x"].dtype == float and shown["inf"].dtype == float


def test_display_names_file_is_clean():
    with tables._NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names)), "a name is listed twice"
    assert all(row["zh"] and row["zh"].strip() == row["zh"] for row in rows)
