"""Loaders: every bad input raises DataError naming the file, column, rows and fix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from crmlab.data import (
    DataError,
    LoadReport,
    generate_world,
    load_customers,
    load_leads,
    load_memberships,
    load_service_contacts,
    load_survey,
    load_transactions,
    load_truth,
)
from crmlab.data._write import write_world

LOADERS = {
    "customers": load_customers,
    "leads": load_leads,
    "transactions": load_transactions,
    "survey": load_survey,
    "service_contacts": load_service_contacts,
    "memberships": load_memberships,
}

HEADER = (
    "order_id,line_no,customer_id,order_date,sales_channel,category,quantity,amount,cost,"
    "discount,promotion,returned,written_off"
)
GOOD_ROWS = [
    "O1,1,C1,2025-03-08,online,dresses,1,399.00,180.00,0.00,none,False,False",
    "O1,2,C1,2025-03-08,online,tops,2,159.20,100.00,39.80,womens_day,True,False",
    "O2,1,C2,2025-06-18,store,kidswear,1,189.00,90.00,0.00,none,False,False",
    "O3,1,C1,2025-11-11,online,shoes,1,320.00,250.00,140.00,double11,False,False",
]


@pytest.fixture(scope="module")
def small_world(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("world")
    world = generate_world(80, seed=21)
    write_world(world, folder)
    return world, folder


def _tx(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "sales.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- good input


@pytest.mark.parametrize("name", list(LOADERS))
def test_round_trip_equals_the_generated_world(small_world, name: str) -> None:
    world, folder = small_world
    frame = LOADERS[name](folder)
    expected = getattr(world, name)
    pd.testing.assert_frame_equal(frame, expected, check_exact=False, atol=0.051)
    report = frame.attrs["load_report"]
    assert isinstance(report, LoadReport)
    assert report.rows_read == report.rows_returned == len(expected)
    assert report.encoding == "utf-8" and report.dropped == ()


def test_default_path_is_the_committed_dataset() -> None:
    customers = load_customers()
    tx = load_transactions(customers=customers)
    assert len(customers) == 5000
    assert Path(tx.attrs["load_report"].file).parent.name == "datasets"
    flagged = dict(tx.attrs["load_report"].flagged)
    assert flagged["returned lines (excluded from revenue by default)"] == tx["returned"].sum()


def test_crmlab_data_env_var_is_honoured(small_world, monkeypatch) -> None:
    _, folder = small_world
    monkeypatch.setenv("CRMLAB_DATA", str(folder))
    assert len(load_customers()) == 80


def test_good_file_with_extra_columns_and_mapping(tmp_path) -> None:
    header = HEADER.replace("order_date", "下单日期").replace("customer_id", "客户编号")
    path = _tx(tmp_path, [r + ",note" for r in GOOD_ROWS], header=header + ",备注")
    tx = load_transactions(path, columns={"下单日期": "order_date", "客户编号": "customer_id"})
    assert list(tx.columns[-2:]) == ["written_off", "备注"]
    assert tx["order_date"].dt.year.eq(2025).all()
    report = tx.attrs["load_report"]
    assert report.extra_columns == ("备注",)
    assert ("下单日期", "order_date") in report.renamed
    assert dict(report.flagged)["returned lines (excluded from revenue by default)"] == 1
    assert "extra columns kept: 备注" in str(report)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_chinese_encodings_are_detected(tmp_path, encoding: str) -> None:
    text = "\n".join([HEADER + ",备注", *[r + ",张女士的订单" for r in GOOD_ROWS]]) + "\n"
    path = tmp_path / "订单.csv"
    path.write_bytes(text.encode(encoding))
    tx = load_transactions(path)
    assert tx["备注"].iloc[0] == "张女士的订单"
    detected = tx.attrs["load_report"].encoding
    assert detected == {"gbk": "gb18030", "utf-8": "utf-8"}.get(encoding, encoding)


def test_booleans_and_dates_in_other_spellings(tmp_path) -> None:
    rows = [
        "O1,1,C1,2025/3/8,online,Dresses,1,399.00,180.00,0.00,none,否,0",
        "O2,1,C1,2025年6月18日,online,tops,1,159.20,100.00,39.80,618,是,no",
    ]
    tx = load_transactions(_tx(tmp_path, rows), strict=True)
    assert tx["returned"].tolist() == [False, True]
    assert tx["order_date"].tolist() == [pd.Timestamp("2025-03-08"), pd.Timestamp("2025-06-18")]
    assert tx["category"].tolist() == ["dresses", "tops"]  # the company's spelling
    # an analyst's own codes are kept as written (the company's list does not apply)
    assert load_transactions(_tx(tmp_path, rows))["category"].tolist() == ["Dresses", "tops"]


def test_currency_symbols_and_thousands_separators_are_parsed(tmp_path) -> None:
    rows = [
        'O1,1,C1,2025-03-08,corporate,tops,20,"¥1,200.00",540.00,0.00,none,False,False',
        'O2,1,C2,2025-03-09,corporate,tops,30,"12,345.50 元",600.00,"￥0",none,False,False',
        "O3,1,C3,2025-03-10,online,tops,1,99.50,50.00,0.00,none,False,False",
    ]
    tx = load_transactions(_tx(tmp_path, rows))
    assert tx["amount"].tolist() == [1200.0, 12345.5, 99.5]
    assert tx["discount"].tolist() == [0.0, 0.0, 0.0]
    notes = " ".join(tx.attrs["load_report"].notes)
    assert "column 'amount': parsed 2 currency-formatted value(s)" in notes


# ----------------------------------------------------------------------------- bad input


def _raises(path: Path, match: str, **kwargs) -> DataError:
    with pytest.raises(DataError, match=match) as info:
        load_transactions(path, **kwargs)
    assert isinstance(info.value, ValueError)
    assert path.name in str(info.value)
    return info.value


def test_missing_required_column(tmp_path) -> None:
    header = HEADER.replace(",amount,", ",revenue,")
    err = _raises(_tx(tmp_path, GOOD_ROWS, header=header), "missing required column")
    assert "'amount'" in str(err) and "columns={'your name': 'amount'}" in str(err)
    assert err.column == "amount"


def test_unparseable_date(tmp_path) -> None:
    rows = [*GOOD_ROWS[:2], GOOD_ROWS[2].replace("2025-06-18", "18th June"), GOOD_ROWS[3]]
    err = _raises(_tx(tmp_path, rows), "column 'order_date': 1 value")
    assert "not a date at row 4 (row numbers as in a spreadsheet: the header is row 1)" in str(err)
    assert "'18th June'" in str(err) and "YYYY-MM-DD" in str(err)
    assert err.rows == (4,)


def test_date_after_the_data_end(tmp_path) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace("2025-03-08", "2099-03-08")]
    err = _raises(_tx(tmp_path, rows), "after the end of the data")
    assert "column 'order_date'" in str(err) and "row 3 " in str(err)
    # an explicit end date applies to every file
    _raises(_tx(tmp_path, GOOD_ROWS), r"at row 5 \(", data_end="2025-10-31")


@pytest.mark.parametrize(
    ("old", "new", "column", "what"),
    [
        (",1,399.00,", ",-1,399.00,", "quantity", "below the minimum 1"),
        (",1,399.00,", ",0,399.00,", "quantity", "below the minimum 1"),
        (",399.00,", ",0.00,", "amount", "zero or negative"),
        (",399.00,", ",-399.00,", "amount", "zero or negative"),
    ],
)
def test_negative_or_zero_quantity_and_amount(tmp_path, old, new, column, what) -> None:
    # the company's ranges: checked for the company's data (strict), not for an analyst's
    rows = [GOOD_ROWS[0].replace(old, new), *GOOD_ROWS[1:]]
    err = _raises(_tx(tmp_path, rows), f"column '{column}': 1 value\\(s\\) {what}", strict=True)
    assert "at row 2 " in str(err) and "Fix:" in str(err)


def test_duplicate_primary_key(tmp_path) -> None:
    rows = [*GOOD_ROWS, GOOD_ROWS[2]]
    err = _raises(_tx(tmp_path, rows), "column 'order_id\\+line_no': 2 value")
    assert "repeating a key that must be unique at rows 4, 6" in str(err)
    assert "'O2/1'" in str(err)


def test_transaction_of_unknown_customer(tmp_path) -> None:
    customers = pd.DataFrame({"customer_id": ["C1"]})
    err = _raises(_tx(tmp_path, GOOD_ROWS), "not found in the customers table", customers=customers)
    assert "column 'customer_id': 1 value(s)" in str(err) and "row 4 " in str(err)
    assert "'C2'" in str(err)


def test_empty_file(tmp_path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(b"")
    _raises(path, "sales.csv: the file is empty")
    path.write_bytes(b"\xef\xbb\xbf\n\n")
    _raises(path, "the file is empty. Expected a header row with the columns order_id")


def test_header_only(tmp_path) -> None:
    _raises(_tx(tmp_path, []), "sales.csv: the file has a header but no data rows")


def test_nan_in_required_column(tmp_path) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace(",C1,", ",,"), GOOD_ROWS[2].replace(",C2,", ",NA,")]
    err = _raises(_tx(tmp_path, rows), "column 'customer_id': 2 value")
    assert "missing (empty cell) at rows 3, 4" in str(err)


def test_wrong_encoding(tmp_path) -> None:
    text = "\n".join([HEADER + ",备注", *[r + ",张女士" for r in GOOD_ROWS]]) + "\n"
    path = tmp_path / "sales.csv"
    path.write_bytes(text.encode("gb18030"))
    _raises(path, "cannot be read as utf-8 .*encoding=None to detect", encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    _raises(path, "the file is UTF-16")
    path.write_bytes(HEADER.encode() + b"\n" + b"O1,1,C1\xe9\x0a,2025-01-01\n")
    _raises(path, "neither UTF-8 nor GB18030")


def test_malformed_csv(tmp_path) -> None:
    rows = [*GOOD_ROWS[:2], GOOD_ROWS[2] + ",extra,fields"]
    err = _raises(
        _tx(tmp_path, rows), "sales.csv: not a readable CSV file .*as many comma-separated"
    )
    assert "line 4" in str(err)


def test_unparseable_number_and_category(tmp_path) -> None:
    rows = [
        GOOD_ROWS[0].replace("399.00", "abc"),
        GOOD_ROWS[1].replace("online", "telephone"),
        GOOD_ROWS[2].replace("False,False", "maybe,False"),
    ]
    err = _raises(
        _tx(tmp_path, rows), "column 'amount': 1 value\\(s\\) not a number at row 2 ", strict=True
    )
    message = str(err)
    assert "column 'sales_channel': 1 value(s) outside the allowed values" in message
    assert "'telephone'" in message
    assert "column 'returned': 1 value(s) not True/False at row 4 " in message


def test_more_than_five_rows_are_summarised(tmp_path) -> None:
    rows = [
        GOOD_ROWS[0].replace(",1,399.00,", ",0,399.00,").replace("O1,", f"O{i},") for i in range(8)
    ]
    err = _raises(_tx(tmp_path, rows), "at rows 2, 3, 4, 5, 6 and 3 more", strict=True)
    assert err.rows == (2, 3, 4, 5, 6)


def test_drop_invalid_drops_and_counts(tmp_path) -> None:
    rows = [
        *GOOD_ROWS,
        GOOD_ROWS[0].replace("O1,", "O9,").replace("399.00", "0.00"),
        GOOD_ROWS[0].replace("O1,", "O8,").replace("2025-03-08", "soon"),
    ]
    tx = load_transactions(_tx(tmp_path, rows), drop_invalid=True, strict=True)
    report = tx.attrs["load_report"]
    assert len(tx) == 4 and report.rows_read == 6 and report.rows_returned == 4
    dropped = dict(report.dropped)
    assert dropped["order_date: not a date"] == 1
    assert dropped["amount: zero or negative (must be above 0 CNY)"] == 1
    assert "dropped 1 rows: order_date: not a date" in str(report)


def test_missing_file_and_bad_mapping(tmp_path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_transactions(tmp_path / "nope.csv")
    path = _tx(tmp_path, GOOD_ROWS)
    with pytest.raises(DataError, match="columns= names '订单日期', which the file does not have"):
        load_transactions(path, columns={"订单日期": "order_date"})
    with pytest.raises(DataError, match="'order_date' appear more than once"):
        load_transactions(path, columns={"amount": "order_date"})


def test_other_tables_check_their_own_rules(small_world, tmp_path) -> None:
    world, folder = small_world
    leads = (folder / "leads.csv").read_text(encoding="utf-8").splitlines()
    lost = next(i for i, line in enumerate(leads) if ",lead," in line)
    leads[lost] = leads[lost] + "C00001"
    path = tmp_path / "leads.csv"
    path.write_text("\n".join(leads) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"set on a lead that was not won at row {lost + 1} "):
        load_leads(path, strict=True)
    survey = (folder / "survey.csv").read_text(encoding="utf-8").splitlines()
    cells = survey[1].split(",")
    cells[3] = "11"  # importance_quality on a 1-10 scale
    survey[1] = ",".join(cells)
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(survey) + "\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match="column 'importance_quality': 1 value\\(s\\) above the maximum 10 at row 2 ",
    ):
        load_survey(path, strict=True)
    other = pd.DataFrame({"customer_id": ["C99999"]})
    with pytest.raises(DataError, match=r"survey\.csv: column 'customer_id'"):
        load_survey(folder, customers=other)
    with pytest.raises(DataError, match=r"memberships\.csv: column 'customer_id'"):
        load_memberships(folder, customers=other)
    assert len(load_service_contacts(folder, customers=world.customers)) == len(
        world.service_contacts
    )


# ----------------------------------------------------------------------------- truth


def test_load_truth_reads_both_files_of_the_committed_world():
    truth = load_truth()
    assert truth is not None
    assert {"parameters", "summary", "cases"} <= set(truth.info)
    zhang = truth["cases"]["ms_zhang"]["customer_id"]
    assert zhang in truth.customers.index
    assert truth.summary["customers"] == len(truth.customers)


def test_load_truth_of_data_without_truth(tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id\n", encoding="utf-8")
    assert load_truth(tmp_path, missing_ok=True) is None
    with pytest.raises(FileNotFoundError, match="your own data has none"):
        load_truth(tmp_path)
