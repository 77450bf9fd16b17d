"""data.from_transactions: real order logs of any shape become a contract transactions table.

The fixtures in ``tests/fixtures`` are small files shaped like the logs analysts brought
(``make_fixtures.py`` regenerates them). The problems of issue 9 that belong to the data
boundary are reproduced here: a cancelled purchase must not count as revenue (2), a log
can be a DataFrame, any separator, an .xlsx or Parquet file with YYYYMMDD dates and
zero-amount lines (7), and flags are parsed or rejected, never guessed (8).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.data import DataError, LoadReport, from_transactions, load_tables

FIXTURES = Path(__file__).parent / "fixtures"
UK = FIXTURES / "uk_invoices.csv"
UK_COLUMNS = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "quantity": "Quantity",
    "price": "UnitPrice",
    "order": "InvoiceNo",
}
TAOBAO = {
    "customer": "买家会员名",
    "date": "订单付款时间",
    "amount": "总金额",
    "order": "订单编号",
    "returned": ("订单状态", ["交易关闭", "退款"]),
}


def _uk_raw() -> pd.DataFrame:
    return pd.read_csv(UK, dtype={"CustomerID": str, "InvoiceNo": str})


def _lines_that_count(raw: pd.DataFrame) -> pd.DataFrame:
    """The log without exact duplicates and without lines lacking a customer."""
    return raw[~raw.duplicated() & raw["CustomerID"].notna()]


def _log(rows: list[tuple], columns=("customer", "when", "amount")) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["when"] = pd.to_datetime(frame["when"], format="ISO8601")
    return frame


# ----------------------------------------------------------------------------- fixtures


def test_fixtures_are_regenerated_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert {p.name for p in written} == {
        "uk_invoices.csv",
        "taobao_orders.xlsx",
        "restaurant_gbk.csv",
        "music_store.txt",
        "survey_0_10.csv",
        "subscriptions.csv",
    }
    for path in written:
        fix = "tests/fixtures is stale: run `python tests/fixtures/make_fixtures.py`"
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), (path.name, fix)


# ----------------------------------------------------------------------------- issue 9, problem 2


def test_a_purchase_cancelled_the_same_day_is_no_purchase_and_no_revenue():
    tx = from_transactions(UK, **UK_COLUMNS)
    raw = _uk_raw()
    jar = raw[raw["CustomerID"] == "12346"]
    assert jar["Quantity"].tolist() == [74215, -74215]  # bought 10:01, cancelled 10:17
    assert "12346" not in set(tx["customer_id"])  # no purchase, no revenue
    report = tx.attrs["load_report"]
    assert report.customers_removed == 1
    assert report.count("purchase days removed") >= 1
    # the customer's revenue is the signed sum of her lines: zero
    assert (jar["Quantity"] * jar["UnitPrice"]).sum() == pytest.approx(0.0)


def test_total_revenue_equals_the_signed_sum_of_the_lines():
    tx = from_transactions(UK, **UK_COLUMNS)
    report = tx.attrs["load_report"]
    counted = _lines_that_count(_uk_raw())
    signed = float((counted["Quantity"] * counted["UnitPrice"]).sum())
    # the one cancellation of goods bought before the log starts is dropped and counted
    assert report.count("return lines with no earlier purchase to net against") == 1
    assert report.unmatched_amount == pytest.approx(-12 * 1.85)
    assert tx["amount"].sum() == pytest.approx(signed - report.unmatched_amount)
    assert (tx["amount"] >= 0).all() and not tx["returned"].any()
    assert "(total -22.20)" in str(report)


def test_flag_keeps_both_sides_and_revenue_leaves_out_what_they_cancel():
    net = from_transactions(UK, **UK_COLUMNS)
    flag = from_transactions(UK, **UK_COLUMNS, returns="flag")
    kept = flag.loc[~flag["returned"]]
    assert kept["amount"].sum() == pytest.approx(net["amount"].sum())
    jar = flag[flag["customer_id"] == "12346"]
    assert jar["returned"].all() and jar["amount"].sum() == pytest.approx(0.0)
    assert sorted(jar["quantity"]) == [-74215, 74215]
    # the flagged lines net to zero except the unmatched return, so the whole table sums
    # to the signed sum of the log
    counted = _lines_that_count(_uk_raw())
    assert flag["amount"].sum() == pytest.approx((counted["Quantity"] * counted["UnitPrice"]).sum())
    assert flag.attrs["load_report"].customers_removed == 1
    assert not flag.duplicated(["order_id", "line_no"]).any()


def test_duplicates_missing_customers_zero_prices_and_times_of_day():
    tx = from_transactions(UK, **UK_COLUMNS)
    raw = _uk_raw()
    report = tx.attrs["load_report"]
    assert isinstance(report, LoadReport) and report.rows_read == len(raw)
    assert report.count("exact duplicate lines") == 5
    no_customer = raw[~raw.duplicated()]["CustomerID"].isna().sum()
    assert report.count("lines without a customer id") == no_customer > 0
    counted = _lines_that_count(raw)
    free = counted[counted["UnitPrice"] == 0]
    assert len(free) == 6 and (tx["amount"] == 0).sum() == len(free)  # free lines stay
    assert (tx["order_date"].dt.hour > 0).all()  # 8:26 … 17:00, kept
    assert tx["order_date"].min() == pd.Timestamp("2010-12-03 09:45")
    assert list(tx.columns[:8]) == [
        "order_id",
        "line_no",
        "customer_id",
        "order_date",
        "quantity",
        "amount",
        "returned",
        "written_off",
    ]
    assert {"StockCode", "Description", "UnitPrice", "Country"} <= set(tx.columns)
    assert tx["customer_id"].map(type).eq(str).all() and "17857" in set(tx["customer_id"])


# ----------------------------------------------------------------------------- the rule


def test_returns_net_latest_first_and_keep_the_remainder():
    log = _log(
        [
            ("a", "2024-01-02 09:00", 100.0),
            ("a", "2024-01-05 09:00", 50.0),
            ("a", "2024-01-06 10:00", -80.0),  # takes the 50, then 30 of the 100
            ("a", "2024-01-07 10:00", 20.0),  # after the return: untouched
            ("b", "2024-01-03 10:00", -10.0),  # nothing earlier to net against
            ("b", "2024-01-04 10:00", 10.0),
        ]
    )
    tx = from_transactions(log, customer="customer", date="when", amount="amount")
    assert tx[["customer_id", "amount"]].values.tolist() == [["a", 70.0], ["a", 20.0], ["b", 10.0]]
    report = tx.attrs["load_report"]
    assert report.count("purchase lines cancelled in full") == 1
    assert report.count("purchase lines cancelled in part") == 1
    assert report.count("return lines netted against earlier purchases") == 1
    assert report.count("return lines with no earlier purchase to net against") == 1
    assert report.unmatched_amount == -10.0 and report.customers_removed == 0
    assert report.count("purchase days removed") == 1


def test_a_return_nets_against_the_same_product_when_given():
    log = _log(
        [
            ("a", "2024-01-02", 40.0, "shoe"),
            ("a", "2024-01-03", 25.0, "hat"),
            ("a", "2024-01-04", -40.0, "shoe"),
        ],
        columns=("customer", "when", "amount", "product"),
    )
    by_product = from_transactions(
        log, customer="customer", date="when", amount="amount", product="product"
    )
    assert by_product[["product", "amount"]].values.tolist() == [["hat", 25.0]]
    latest_first = from_transactions(log, customer="customer", date="when", amount="amount")
    assert latest_first[["product", "amount"]].values.tolist() == [["shoe", 25.0]]


def test_a_cancelled_day_with_a_free_gift_stops_being_a_purchase():
    log = _log(
        [
            ("a", "2024-01-02 10:00", 60.0),
            ("a", "2024-01-02 10:00", 0.0),  # the free gift of that order
            ("a", "2024-01-03 10:00", 0.0),  # a free sample on its own: a purchase
            ("a", "2024-01-04 10:00", -60.0),
        ]
    )
    tx = from_transactions(log, customer="customer", date="when", amount="amount")
    assert tx["order_date"].dt.day.tolist() == [3]
    assert tx["amount"].tolist() == [0.0]


def test_flag_splits_a_partially_cancelled_line():
    log = pd.DataFrame(
        {
            "inv": ["1", "C2"],
            "who": ["a", "a"],
            "day": ["2024-03-08 10:00", "2024-03-09 11:00"],
            "qty": [10, -4],
            "price": [2.5, 2.5],
        }
    )
    tx = from_transactions(
        log, customer="who", date="day", quantity="qty", price="price", order="inv", returns="flag"
    )
    assert tx[["order_id", "line_no", "quantity", "amount", "returned"]].values.tolist() == [
        ["1", 1, 6, 15.0, False],
        ["1", 2, 4, 10.0, True],
        ["C2", 1, -4, -10.0, True],
    ]
    net = from_transactions(log, customer="who", date="day", quantity="qty", price="price")
    assert net[["quantity", "amount"]].values.tolist() == [[6, 15.0]]


def test_a_return_on_the_same_time_nets_but_a_later_purchase_does_not():
    log = _log([("a", "2024-01-02 10:00", -5.0), ("a", "2024-01-02 10:00", 5.0)])
    assert len(from_transactions(log, customer="customer", date="when", amount="amount")) == 0
    log = _log([("a", "2024-01-02 10:00", -5.0), ("a", "2024-01-02 10:01", 5.0)])
    tx = from_transactions(log, customer="customer", date="when", amount="amount")
    assert tx["amount"].tolist() == [5.0]


def test_the_source_frame_is_not_modified():
    log = _log([("a", "2024-01-02", 5.0), ("a", "2024-01-02", -5.0)])
    before = log.copy()
    from_transactions(log, customer="customer", date="when", amount="amount")
    pd.testing.assert_frame_equal(log, before)


# ----------------------------------------------------------------------------- problem 7: sources


def test_taobao_xlsx_with_chinese_headers_and_order_status():
    path = FIXTURES / "taobao_orders.xlsx"
    raw = pd.read_excel(path, dtype=object)
    status = raw["订单状态"]
    tx = from_transactions(path, **TAOBAO)
    closed = status.isin(["交易关闭", "退款"])
    assert len(tx) == (~closed).sum() and closed.sum() >= 2
    report = tx.attrs["load_report"]
    assert report.count("lines marked cancelled by the returned= column") == closed.sum()
    assert report.encoding == "xlsx"
    assert tx["amount"].sum() == pytest.approx(raw.loc[~closed, "总金额"].astype(float).sum())
    assert (tx["amount"] == 0).sum() == ((raw["总金额"] == 0) & ~closed).sum()  # free lines kept
    assert tx["order_date"].dt.second.gt(0).any()
    flagged = from_transactions(path, **TAOBAO, returns="flag", sheet="订单")
    assert flagged["returned"].sum() == closed.sum() and len(flagged) == len(raw)
    with pytest.raises(DataError, match=r"no sheet 'Sheet9'.*'订单'"):
        from_transactions(path, **TAOBAO, sheet="Sheet9")


def test_gbk_restaurant_csv_with_slashed_dates_and_a_refund():
    tx = from_transactions(
        FIXTURES / "restaurant_gbk.csv", customer="会员卡号", date="消费时间", amount="消费金额"
    )
    report = tx.attrs["load_report"]
    assert report.encoding == "gb18030"
    assert tx["customer_id"].str.startswith("会员").all()
    assert (tx["order_date"].dt.minute > 0).any()  # 2023/5/14 19:41 keeps its time
    assert (
        tx["order_id"].iloc[0] == f"{tx['customer_id'].iloc[0]}|{tx['order_date'].iloc[0]:%Y-%m-%d}"
    )
    assert report.count("return lines netted against earlier purchases") == 1
    assert (tx["amount"] > 0).all()


@pytest.mark.parametrize("sep", [None, r"\s+"])
@pytest.mark.parametrize("date_format", [None, "%Y%m%d"])
def test_whitespace_log_with_yyyymmdd_integer_dates(sep, date_format):
    tx = from_transactions(
        FIXTURES / "music_store.txt",
        customer="customer",
        date="date",
        amount="amount",
        quantity="cds",
        sep=sep,
        date_format=date_format,
    )
    raw = pd.read_csv(FIXTURES / "music_store.txt", sep=r"\s+")
    assert len(tx) == len(raw)
    assert tx["order_date"].min() == pd.to_datetime(str(raw["date"].min()), format="%Y%m%d")
    assert (tx["amount"] == 0).sum() == (raw["amount"] == 0).sum() > 0  # free CDs stay
    assert tx["quantity"].tolist() == raw["cds"].tolist()
    assert tx["customer_id"].iloc[0] == "1"


def test_integer_dates_in_a_dataframe_and_tab_and_semicolon_files(tmp_path):
    frame = pd.DataFrame({"id": [7, 7, 8], "day": [20240308, 20240309, 20240401], "eur": [1, 2, 3]})
    tx = from_transactions(frame, customer="id", date="day", amount="eur", date_format="%Y%m%d")
    assert tx["order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-08",
        "2024-03-09",
        "2024-04-01",
    ]
    for sep, name in (("\t", "log.tsv"), (";", "log.csv")):
        path = tmp_path / name
        frame.to_csv(path, sep=sep, index=False)
        from_file = from_transactions(path, customer="id", date="day", amount="eur")
        pd.testing.assert_frame_equal(from_file[tx.columns], tx)
        explicit = from_transactions(path, customer="id", date="day", amount="eur", sep=sep)
        assert len(explicit) == 3


def test_parquet_source(tmp_path):
    log = _log([("a", "2024-01-02 09:30", 12.5), ("b", "2024-01-03", 0.0)])
    path = tmp_path / "orders.parquet"
    log.to_parquet(path)
    tx = from_transactions(path, customer="customer", date="when", amount="amount")
    assert tx["amount"].tolist() == [12.5, 0.0]
    assert tx["order_date"].iloc[0] == pd.Timestamp("2024-01-02 09:30")
    assert tx.attrs["load_report"].encoding == "parquet"


def test_money_with_currency_symbols_and_float_customer_ids():
    frame = pd.DataFrame(
        {
            "CustomerID": [17850.0, 17850.0, np.nan],
            "when": ["2011-01-02", "2011-01-03", "2011-01-03"],
            "paid": ["£1,200.50", "£3.00", "£1.00"],
        }
    )
    tx = from_transactions(frame, customer="CustomerID", date="when", amount="paid")
    assert tx["customer_id"].tolist() == ["17850", "17850"]
    assert tx["amount"].tolist() == [1200.5, 3.0]
    assert "currency-formatted" in " ".join(tx.attrs["load_report"].notes)


# ----------------------------------------------------------------------------- problem 8: flags


@pytest.mark.parametrize(
    ("values", "cancelled"),
    [
        (["yes", "No", "YES"], [True, False, True]),
        (["是", "否", "是"], [True, False, True]),
        ([1, 0, 1], [True, False, True]),
        (["True", "False", "true"], [True, False, True]),
        ([True, False, True], [True, False, True]),
    ],
)
def test_returned_flags_in_every_spelling(values, cancelled):
    frame = pd.DataFrame(
        {"c": ["a", "b", "c"], "d": ["2024-01-01"] * 3, "m": [5.0, 6.0, 7.0], "r": values}
    )
    flag = from_transactions(
        frame, customer="c", date="d", amount="m", returned="r", returns="flag"
    )
    assert flag["returned"].tolist() == cancelled
    net = from_transactions(frame, customer="c", date="d", amount="m", returned="r")
    assert net["customer_id"].tolist() == ["b"]
    assert net.attrs["load_report"].customers_removed == 2


def test_a_flag_column_with_other_values_is_rejected_with_rows_and_values():
    frame = pd.DataFrame(
        {
            "c": list("abcd"),
            "d": ["2024-01-01"] * 4,
            "m": [1.0] * 4,
            "退款": ["是", "否", "已退款", "否"],
        }
    )
    frame.index = [10, 11, 12, 13]
    with pytest.raises(DataError) as info:
        from_transactions(frame, customer="c", date="d", amount="m", returned="退款")
    message = str(info.value)
    assert "DataFrame: column '退款' (returned=): 1 value(s) not a yes/no flag" in message
    assert "row 12 (index labels of the frame)" in message and "'已退款'" in message
    assert "returned=('退款', [" in message
    assert info.value.column == "退款" and info.value.rows == (12,)


def test_returned_values_that_never_occur_are_noted():
    path = FIXTURES / "taobao_orders.xlsx"
    tx = from_transactions(path, **{**TAOBAO, "returned": ("订单状态", ["已退款"])})
    assert "no line of column '订单状态' holds ['已退款']" in " ".join(
        tx.attrs["load_report"].notes
    )


# ----------------------------------------------------------------------------- errors


def test_an_argument_naming_an_absent_column_lists_the_columns():
    with pytest.raises(DataError) as info:
        from_transactions(UK, **{**UK_COLUMNS, "customer": "CustomerId"})
    message = str(info.value)
    assert "uk_invoices.csv: customer='CustomerId' names a column the file does not have" in message
    assert "'InvoiceNo', 'StockCode'" in message and "Did you mean 'CustomerID'?" in message
    with pytest.raises(DataError, match="product='SKU' names a column the frame does not have"):
        from_transactions(_uk_raw(), **UK_COLUMNS, product="SKU")


def test_bad_numbers_and_dates_name_file_column_rows_and_fix(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("who,day,paid\na,2024-01-02,12\nb,2024-01-03,lots\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        from_transactions(path, customer="who", date="day", amount="paid")
    assert "orders.csv: column 'paid' (amount=): 1 value(s) not a number at row 3 " in str(
        info.value
    )
    assert "'lots'" in str(info.value) and "Fix:" in str(info.value)
    assert info.value.rows == (3,)
    path.write_text("who,day,paid\na,03/04/2024,12\nb,05/06/2024,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="read both day-first and month-first; pass date_format="):
        from_transactions(path, customer="who", date="day", amount="paid")
    tx = from_transactions(path, customer="who", date="day", amount="paid", date_format="%d/%m/%Y")
    assert tx["order_date"].dt.month.tolist() == [4, 6]
    path.write_text("who,day,paid\na,someday,12\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"not a date at row 2 .*date_format="):
        from_transactions(path, customer="who", date="day", amount="paid")
    path.write_text("who,day,paid\na,2024-01-02,\n", encoding="utf-8")
    with pytest.raises(DataError, match="'paid' \\(amount=\\): 1 value\\(s\\) missing"):
        from_transactions(path, customer="who", date="day", amount="paid")


def test_wrong_arguments_and_unreadable_sources(tmp_path):
    frame = _log([("a", "2024-01-02", 1.0)])
    with pytest.raises(ValueError, match="either amount='<column>' or quantity="):
        from_transactions(frame, customer="customer", date="when")
    with pytest.raises(ValueError, match="not both"):
        from_transactions(frame, customer="customer", date="when", amount="amount", price="amount")
    with pytest.raises(ValueError, match="returns: expected 'net' or 'flag'"):
        from_transactions(frame, customer="customer", date="when", amount="amount", returns="drop")
    with pytest.raises(ValueError, match="a pair \\(column, values\\)"):
        from_transactions(frame, customer="customer", date="when", amount="amount", returned=("x",))
    with pytest.raises(DataError, match="no such file"):
        from_transactions(tmp_path / "nope.csv", customer="c", date="d", amount="a")
    old = tmp_path / "orders.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"old Excel \.xls format"):
        from_transactions(old, customer="c", date="d", amount="a")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match=r"empty\.csv: the file is empty"):
        from_transactions(empty, customer="c", date="d", amount="a")
    header = tmp_path / "header.csv"
    header.write_text("c,d,a\n", encoding="utf-8")
    with pytest.raises(DataError, match="header but no data rows"):
        from_transactions(header, customer="c", date="d", amount="a")
    nobody = pd.DataFrame({"c": [None], "d": ["2024-01-01"], "a": [1.0]})
    with pytest.raises(DataError, match="no line has a customer id in column 'c'"):
        from_transactions(nobody, customer="c", date="d", amount="a")
    with pytest.raises(TypeError, match="expected a DataFrame or a file path"):
        from_transactions([1, 2], customer="c", date="d", amount="a")


@pytest.mark.parametrize("returns", ["net", "flag"])
def test_a_settled_log_written_as_csv_loads_back_unchanged(tmp_path, returns):
    tx = from_transactions(UK, **UK_COLUMNS, returns=returns)
    tx.to_csv(tmp_path / "transactions.csv", index=False)
    tables = load_tables(tmp_path)
    back = tables.transactions
    columns = ["order_id", "line_no", "customer_id", "order_date", "quantity", "amount"]
    pd.testing.assert_frame_equal(back[[*columns, "returned"]], tx[[*columns, "returned"]])
    report = back.attrs["load_report"]
    assert report.netted == () and report.defaults == ()  # nothing left to settle or fill


# ----------------------------------------------------------------------------- properties


def _naive_net(lines: list[tuple[str, int, float]]) -> tuple[list[float], float]:
    """The rule written the slow, obvious way: amounts left per line, unmatched total."""
    left = [max(a, 0.0) for _, _, a in lines]
    unmatched = 0.0
    returns = sorted((t, i) for i, (_, t, a) in enumerate(lines) if a < 0)
    for t, i in returns:
        need = -lines[i][2]
        earlier = [
            j for j, (c, tj, a) in enumerate(lines) if c == lines[i][0] and a >= 0 and tj <= t
        ]
        for j in sorted(earlier, key=lambda j: (lines[j][1], j), reverse=True):
            take = min(left[j], need)
            left[j] -= take
            need -= take
        unmatched += need
    return left, unmatched


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abc"),
            st.integers(0, 6),
            st.integers(-30, 40).map(float),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_netting_agrees_with_the_rule_written_naively(lines):
    frame = pd.DataFrame(lines, columns=["customer", "day", "amount"])
    frame["day"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(frame["day"], unit="D")
    frame["line"] = range(len(frame))  # keeps equal lines apart
    left, unmatched = _naive_net(lines)
    net = from_transactions(frame, customer="customer", date="day", amount="amount")
    report = net.attrs["load_report"]
    assert report.unmatched_amount == pytest.approx(-unmatched)
    assert net["amount"].sum() == pytest.approx(frame["amount"].sum() + unmatched)
    assert (net["amount"] >= 0).all()
    expected = {i: v for i, v in enumerate(left) if lines[i][2] >= 0}
    # a line survives with what is left of it (zero-amount lines go with a cancelled day)
    for line, amount in zip(net["line"], net["amount"], strict=True):
        assert amount == pytest.approx(expected[line])
    gone = [i for i, v in expected.items() if v == 0 and lines[i][2] > 0]
    assert not set(gone) & set(net["line"])
    flag = from_transactions(
        frame, customer="customer", date="day", amount="amount", returns="flag"
    )
    assert flag.loc[~flag["returned"], "amount"].sum() == pytest.approx(net["amount"].sum())
    assert flag["amount"].sum() == pytest.approx(frame["amount"].sum())
