"""data.conform: a DataFrame in memory is checked exactly like a file at the boundary."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab.data import DataError, conform, load_customers, load_transactions
from crmlab.paths import data_file


@pytest.fixture(scope="module")
def raw_transactions() -> pd.DataFrame:
    return pd.read_csv(data_file("transactions.csv"), dtype=str)


def test_conform_of_the_raw_csv_equals_the_loader(raw_transactions):
    loaded = load_transactions()
    conformed = conform(raw_transactions, "transactions", data_end="2025-12-31")
    pd.testing.assert_frame_equal(conformed, loaded, check_like=False)
    report = conformed.attrs["load_report"]
    assert report.rows_read == report.rows_returned == len(loaded)
    assert report.flagged == loaded.attrs["load_report"].flagged


def test_conform_maps_names_once_and_keeps_extras():
    customers = load_customers().head(3)
    theirs = customers.rename(columns={"customer_id": "客户编号", "signup_date": "注册日期"})
    theirs["note"] = ["a", "b", "c"]
    out = conform(
        theirs,
        "customers",
        columns={"客户编号": "customer_id", "注册日期": "signup_date"},
        data_end="2025-12-31",
    )
    assert out.columns[0] == "customer_id"
    assert out.columns[-1] == "note"
    assert out.attrs["load_report"].renamed == (
        ("客户编号", "customer_id"),
        ("注册日期", "signup_date"),
    )
    assert theirs.columns[0] == "客户编号"  # the caller's frame is untouched


def test_conform_parses_text_flags(raw_transactions):
    frame = raw_transactions.head(4).copy()
    frame["returned"] = ["是", "否", "yes", "0"]
    out = conform(frame, "transactions", data_end="2025-12-31")
    assert out["returned"].tolist() == [True, False, True, False]


def test_conform_names_column_and_index_labels(raw_transactions):
    frame = raw_transactions.head(6).copy()
    frame.index = [f"r{i}" for i in range(6)]
    frame.loc["r2", "amount"] = "lots"
    frame.loc["r4", "amount"] = "?"
    with pytest.raises(DataError) as info:
        conform(frame, "transactions", data_end="2025-12-31")
    message = str(info.value)
    assert "transactions frame: column 'amount': 2 value(s) not a number" in message
    assert "rows r2, r4 (index labels of the frame)" in message
    assert info.value.column == "amount"
    assert info.value.rows == ("r2", "r4")


def test_conform_drop_invalid_counts(raw_transactions):
    frame = raw_transactions.head(6).copy()
    frame.loc[1, "order_date"] = "not a day"
    out = conform(frame, "transactions", drop_invalid=True, data_end="2025-12-31")
    assert len(out) == 5
    assert out.attrs["load_report"].dropped == (("order_date: not a date", 1),)


def test_conform_errors_on_unknown_mapping_and_table(raw_transactions):
    with pytest.raises(DataError, match="columns= names 'Kunde', which the frame does not have"):
        conform(raw_transactions.head(2), "transactions", columns={"Kunde": "customer_id"})
    with pytest.raises(ValueError, match="unknown table 'orders'"):
        conform(raw_transactions.head(2), "orders")
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        conform([1, 2], "transactions")
    with pytest.raises(DataError, match="no rows"):
        conform(raw_transactions.head(0), "transactions")
