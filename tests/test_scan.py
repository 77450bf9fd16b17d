"""crmlab.data.scan: an order log as a lazy DuckDB table, cleaned as from_transactions cleans it.

Every fixture is read twice — by ``from_transactions`` into pandas and by ``scan`` into
DuckDB — and the lines left, the summaries and the report's counts must agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from crmlab import data, retention, rfm
from crmlab.data import DataError

sys.path.insert(0, str(Path(__file__).parent))
from _messy_logs import ARGUMENTS, COLUMNS, messy_log

T = pd.Timestamp


def _log(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Customer", "InvoiceDate", "Amount", "StockCode", "Invoice"])


#: small logs, one corner of the returns rule each (customer, time, amount, product, order)
CASES = {
    "partial return, latest first": _log(
        [
            ("a", T("2024-01-02 10:00"), 100.0, "p", "o1"),
            ("a", T("2024-01-05 10:00"), 50.0, "p", "o2"),
            ("a", T("2024-01-06 09:00"), -80.0, "p", "c1"),
        ]
    ),
    "same-time cancellation": _log(
        [
            ("a", T("2024-01-02 10:00"), 30.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), -30.0, "p", "c1"),
            ("a", T("2024-01-09 10:00"), 20.0, "p", "o2"),
        ]
    ),
    "return before the purchase that day": _log(
        [
            ("a", T("2024-01-02 09:00"), -30.0, "p", "c1"),
            ("a", T("2024-01-02 10:00"), 30.0, "p", "o1"),
        ]
    ),
    "zero-amount lines of a cancelled day go, of a kept day stay": _log(
        [
            ("a", T("2024-01-02 10:00"), 40.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 0.0, "gift", "o1"),
            ("a", T("2024-01-03 10:00"), -40.0, "p", "c1"),
            ("a", T("2024-01-05 10:00"), 0.0, "gift", "o2"),
            ("b", T("2024-01-05 10:00"), 0.0, "gift", "o3"),
        ]
    ),
    "a return larger than all purchases": _log(
        [
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-03 10:00"), -25.0, "p", "c1"),
            ("a", T("2024-01-04 10:00"), 7.0, "p", "o2"),
        ]
    ),
    "a dip is not undone by a later purchase": _log(
        [
            ("a", T("2024-01-01 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 20.0, "p", "o2"),
            ("a", T("2024-01-03 10:00"), -25.0, "p", "c1"),
            ("a", T("2024-01-04 10:00"), 30.0, "p", "o3"),
            ("a", T("2024-01-05 10:00"), -31.0, "p", "c2"),
        ]
    ),
    "returns per product": _log(
        [
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-03 10:00"), 20.0, "q", "o2"),
            ("a", T("2024-01-04 10:00"), -10.0, "p", "c1"),
            ("a", T("2024-01-05 10:00"), -5.0, "r", "c2"),
        ]
    ),
    "duplicates and missing customers": _log(
        [
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            (None, T("2024-01-02 11:00"), 10.0, "p", "o2"),
            ("  ", T("2024-01-02 12:00"), 10.0, "p", "o3"),
            ("b", T("2024-01-03 10:00"), 5.0, "p", "o4"),
        ]
    ),
    "a log without returns (no netting at all)": _log(
        [
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 10.0, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 0.0, "gift", "o1"),
            (None, T("2024-01-03 10:00"), 4.0, "p", "o2"),
            ("b", T("2024-01-05 10:00"), 0.0, "gift", "o3"),
        ]
    ),
    "cancellations of equal floats": _log(
        [
            ("a", T("2024-01-02 10:00"), 77183.6, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 0.1, "p", "o1"),
            ("a", T("2024-01-02 10:00"), 0.2, "p", "o1"),
            ("a", T("2024-01-02 11:00"), -77183.9, "p", "c1"),
            ("a", T("2024-01-04 10:00"), 5.0, "p", "o2"),
        ]
    ),
}


def _lines(frame: pd.DataFrame) -> pd.DataFrame:
    """The lines of a contract table, in one order, for comparison."""
    cols = ["order_id", "customer_id", "order_date", "amount"]
    out = frame[cols].copy()
    out["order_date"] = pd.to_datetime(out["order_date"]).astype("datetime64[us]")
    out["amount"] = out["amount"].round(6)
    return out.sort_values(cols).reset_index(drop=True)


def _counts(report: data.LoadReport) -> dict:
    return {
        "rows_read": report.rows_read,
        "rows_returned": report.rows_returned,
        "dropped": dict(report.dropped),
        "netted": dict(report.netted),
        "customers_removed": report.customers_removed,
        "unmatched_amount": round(report.unmatched_amount, 6),
    }


def _pair(log: pd.DataFrame, tmp_path: Path, *, product: bool = True, kind: str = "parquet"):
    path = tmp_path / f"log.{kind}"
    if kind == "parquet":
        log.to_parquet(path, index=False)
    else:
        log.to_csv(path, index=False)
    columns = dict(COLUMNS)
    arguments = dict(ARGUMENTS)
    if not product:
        columns.pop("StockCode")
        arguments.pop("product")
    return data.from_transactions(path, **arguments), data.scan(path, columns)


@pytest.mark.parametrize("product", [True, False], ids=["by product", "latest first"])
@pytest.mark.parametrize("case", list(CASES))
def test_scan_nets_each_corner_like_from_transactions(case, product, tmp_path):
    expected, lazy = _pair(CASES[case], tmp_path, product=product)
    pd.testing.assert_frame_equal(_lines(lazy.df()), _lines(expected))
    assert _counts(data.scan_report(lazy)) == _counts(expected.attrs["load_report"])


def test_the_corners_do_what_the_rule_says(tmp_path):
    _, lazy = _pair(CASES["partial return, latest first"], tmp_path)
    assert lazy.order("order_date").df()["amount"].tolist() == [70.0]
    _, lazy = _pair(CASES["same-time cancellation"], tmp_path)
    assert lazy.df()["order_id"].tolist() == ["o2"]
    _, lazy = _pair(CASES["zero-amount lines of a cancelled day go, of a kept day stay"], tmp_path)
    assert sorted(lazy.df()["order_id"]) == ["o2", "o3"]
    _, lazy = _pair(CASES["a dip is not undone by a later purchase"], tmp_path)
    assert lazy.df()["amount"].sum() == pytest.approx(4.0)
    report = data.scan_report(lazy)
    assert report.count("return lines with no earlier purchase to net against") == 0


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy")
    log = messy_log(seeds=(1, 2), n_customers=1500)
    log.to_parquet(folder / "log.parquet", index=False)
    log.to_csv(folder / "log.csv", index=False)
    return folder, log


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_summaries_of_a_scanned_log_equal_from_transactions(messy, kind):
    folder, _ = messy
    path = folder / f"log.{kind}"
    expected = data.from_transactions(path, **ARGUMENTS)
    lazy = data.scan(path, COLUMNS)
    assert isinstance(lazy, duckdb.DuckDBPyRelation)
    for summary in (
        lambda t: rfm.rfm_table(t),
        lambda t: rfm.btyd_summary(t, holdout=True),
        lambda t: retention.cohort_retention(t, "M").counts,
    ):
        pd.testing.assert_frame_equal(summary(lazy), summary(expected), rtol=1e-9)
    assert _counts(data.scan_report(lazy)) == _counts(expected.attrs["load_report"])


def test_a_folder_or_glob_of_files_is_one_log(messy, tmp_path):
    _, log = messy
    for i, part in enumerate(np.array_split(np.arange(len(log)), 3)):
        log.iloc[part].to_parquet(tmp_path / f"part{i}.parquet", index=False)
    one = rfm.rfm_table(data.scan(messy[0] / "log.parquet", COLUMNS))
    pd.testing.assert_frame_equal(rfm.rfm_table(data.scan(tmp_path, COLUMNS)), one, rtol=1e-9)
    globbed = data.scan(str(tmp_path / "part*.parquet"), COLUMNS)
    pd.testing.assert_frame_equal(rfm.rfm_table(globbed), one, rtol=1e-9)


def test_quantity_price_cancelled_flags_and_number_ids(tmp_path):
    log = pd.DataFrame(
        {
            "cust": [17850.0, 17850.0, 17850.0, 12346.0, np.nan],
            "when": ["12/1/2010 8:26"] * 2 + ["12/1/2010 10:24"] + ["12/13/2010 9:00"] * 2,
            "qty": [6, 4, -3, 2, 1],
            "unit": [2.55, 1.0, 2.55, 5.0, 1.0],
            "refunded": ["no", "是", "no", "no", "no"],
        }
    )
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    expected = data.from_transactions(
        path,
        customer="cust",
        date="when",
        quantity="qty",
        price="unit",
        returned="refunded",
        date_format="%m/%d/%Y %H:%M",
    )
    columns = {
        "cust": "customer_id",
        "when": "order_date",
        "qty": "quantity",
        "unit": "price",
        "refunded": "returned",
    }
    lazy = data.scan(path, columns, date_format="%m/%d/%Y %H:%M")
    got = lazy.df()
    pd.testing.assert_frame_equal(_lines(got), _lines(expected))
    # a text file's ids stay as written, as from_transactions reads them
    assert sorted(got["customer_id"]) == ["12346.0", "17850.0"]
    assert got.loc[got["customer_id"] == "17850.0", "quantity"].tolist() == [3]
    assert _counts(data.scan_report(lazy)) == _counts(expected.attrs["load_report"])
    assert data.scan_report(lazy).count("lines marked cancelled by the returned= column") == 1


def test_number_ids_of_a_parquet_file_become_whole_number_text(tmp_path):
    log = pd.DataFrame(
        {
            "Customer": [17850.0, 17850.0, 2.5, np.nan],
            "InvoiceDate": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-02", "2024-01-02"]),
            "Amount": [10.0, -10.0, 3.0, 1.0],
            "Invoice": [536365, 536366, 536367, 536368],
        }
    )
    path = tmp_path / "log.parquet"
    log.to_parquet(path, index=False)
    columns = {k: v for k, v in COLUMNS.items() if k != "StockCode"}
    got = data.scan(path, columns).df()
    assert got["customer_id"].tolist() == ["2.5"]
    assert got["order_id"].tolist() == ["536367"]
    report = data.scan_report(data.scan(path, columns))
    assert report.customers_removed == 1
    assert report.count("lines without a customer id") == 1


def test_duplicates_can_be_kept(tmp_path):
    log = CASES["duplicates and missing customers"]
    path = tmp_path / "log.parquet"
    log.to_parquet(path, index=False)
    assert len(data.scan(path, COLUMNS).df()) == 2
    kept = data.scan(path, COLUMNS, deduplicate=False)
    assert len(kept.df()) == 3
    assert data.scan_report(kept).count("exact duplicate lines") == 0


@pytest.mark.parametrize("kind", ["parquet", "csv"])
@pytest.mark.parametrize("padded", [True, False], ids=["ids with blanks", "clean ids"])
def test_ids_are_stripped_only_when_some_need_it(kind, padded, tmp_path):
    pad = " \t" if padded else ""
    log = _log(
        [
            (f"{pad}a{pad}", T("2024-01-02 10:00"), 100.0, "p", f"{pad}o1"),
            ("a", T("2024-01-05 10:00"), 50.0, "p", "o2"),
            ("a", T("2024-01-06 09:00"), -80.0, "p", "c1"),
            ("   " if padded else "b", T("2024-01-03 10:00"), 9.0, "p", "o3"),
        ]
    )
    expected, lazy = _pair(log, tmp_path, kind=kind)
    pd.testing.assert_frame_equal(_lines(lazy.df()), _lines(expected))
    assert _counts(data.scan_report(lazy)) == _counts(expected.attrs["load_report"])
    assert sorted(set(lazy.df()["customer_id"])) == (["a"] if padded else ["a", "b"])
    polars = data.scan(tmp_path / f"log.{kind}", COLUMNS, engine="polars")
    pd.testing.assert_frame_equal(_lines(polars.collect().to_pandas()), _lines(expected))


def test_a_scanned_log_is_checked_once_and_a_table_each_time(messy, tmp_path):
    folder, _ = messy
    con = duckdb.connect()
    lazy = data.scan(folder / "log.parquet", COLUMNS, connection=con)
    first = rfm.btyd_summary(lazy, holdout=True)
    pd.testing.assert_frame_equal(rfm.btyd_summary(lazy, holdout=True), first)
    lazy.create("t")
    table = con.table("t")
    before = rfm.rfm_table(table)
    con.sql(
        "insert into t (order_id, customer_id, order_date, amount, returned, written_off) "
        "values ('late', 'zz', timestamp '2030-01-01', 5.0, false, false)"
    )
    after = rfm.rfm_table(table)
    assert "zz" in after.index and "zz" not in before.index
    assert (after["recency"].drop("zz") > before["recency"]).all()


def test_scan_on_polars_nets_the_same_way(messy):
    import polars as pl

    folder, _ = messy
    lazy = data.scan(folder / "log.parquet", COLUMNS, engine="polars")
    assert isinstance(lazy, pl.LazyFrame)
    expected = data.from_transactions(folder / "log.parquet", **ARGUMENTS)
    pd.testing.assert_frame_equal(
        rfm.btyd_summary(lazy, holdout=True), rfm.btyd_summary(expected, holdout=True), rtol=1e-9
    )
    assert _counts(data.scan_report(lazy)) == _counts(expected.attrs["load_report"])


def test_bad_input_says_what_to_fix(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        data.scan(tmp_path / "nothing.parquet")
    with pytest.raises(DataError, match="no CSV or Parquet file"):
        data.scan(tmp_path)
    path = tmp_path / "log.csv"
    CASES["returns per product"].to_csv(path, index=False)
    with pytest.raises(DataError, match="Did you mean 'Customer'"):
        data.scan(path, {"Costumer": "customer_id"})
    with pytest.raises(DataError, match="no column maps onto 'order_date'"):
        data.scan(path, {"Customer": "customer_id", "Amount": "amount"})
    with pytest.raises(DataError, match="name the money"):
        data.scan(path, {"Customer": "customer_id", "InvoiceDate": "order_date"})
    with pytest.raises(ValueError, match="not a name scan maps onto"):
        data.scan(path, {"Customer": "client"})
    with pytest.raises(ValueError, match="engine: one of"):
        data.scan(path, COLUMNS, engine="excel")
    pd.DataFrame({"c": ["a"], "d": ["2024年3月8日"], "x": [1.0]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="date_format="):
        data.scan(path, {"c": "customer_id", "d": "order_date", "x": "amount"})
    pd.DataFrame({"c": ["a", "b"], "d": ["2024-03-08", None], "x": [1.0, 2.0]}).to_csv(
        path, index=False
    )
    with pytest.raises(DataError, match="1 line"):
        data.scan(path, {"c": "customer_id", "d": "order_date", "x": "amount"})
    pd.DataFrame({"c": ["a"], "d": ["2024-03-08"], "x": ["£1,200"]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="must be numbers"):
        data.scan(path, {"c": "customer_id", "d": "order_date", "x": "amount"})
    pd.DataFrame({"c": ["a"], "d": ["2024年3月8日"], "x": [1.0]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="could not read"):
        data.scan(path, {"c": "customer_id", "d": "order_date", "x": "amount"}, date_format="%Y")
    (tmp_path / "other.parquet").write_bytes(b"")
    with pytest.raises(DataError, match="mixes Parquet and text"):
        data.scan(tmp_path)
    with pytest.raises(ValueError, match=r"did not come from crmlab\.data\.scan"):
        data.scan_report(duckdb.sql("select 1"))
