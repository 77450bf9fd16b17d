"""``python -m crmlab report --engine duckdb`` gives the report pandas gives, and its helpers.

The report on DuckDB scans the log with ``data.scan`` (cleaned and netted inside DuckDB),
writes it as Parquet and runs notebook 10 with ``ENGINE="duckdb"``, whose summaries run in
DuckDB. Every table of the HTML report must be the one the pandas report shows for the same
file. One exception is stated, not hidden: a parameter a fit leaves *at a bound* (its
standard error NaN, the fit's notes say why) is not identified — the likelihood is flat
there — so its printed value is wherever the optimiser stopped, and a last-bit difference in
the spend sums moves it. Those cells are compared as "at a bound" on both sides.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from crmlab import report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UK = FIXTURES / "uk_invoices.csv"
OPTIONS = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "quantity": "Quantity",
    "price": "UnitPrice",
    "order": "InvoiceNo",
    "product": "StockCode",
    "date_format": "%m/%d/%Y %H:%M",
    "currency": "£",
}
#: a parameter row whose standard error and interval are NaN: the parameter is at a bound
AT_BOUND = re.compile(r"(<th>\w+</th>\s*<td>)[^<]*(</td>\s*<td>NaN</td>\s*<td>NaN</td>)")


def _tables(html: str) -> list[str]:
    """The HTML tables of a report, with styler ids and at-a-bound estimates normalised."""
    found = re.findall(r"<table.*?</table>", html, flags=re.DOTALL)
    found = [re.sub(r"T_[0-9a-f]{5}", "T_id", t) for t in found]
    return [AT_BOUND.sub(r"\1at a bound\2", t) for t in found]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, report.Report]:
    folder = tmp_path_factory.mktemp("engines")
    return {
        engine: report.build_report(UK, out=folder / f"{engine}.html", engine=engine, **OPTIONS)
        for engine in ("pandas", "duckdb")
    }


def test_duckdb_report_has_the_tables_of_the_pandas_report(reports):
    pandas_html = reports["pandas"].path.read_text(encoding="utf-8")
    duckdb_html = reports["duckdb"].path.read_text(encoding="utf-8")
    expected, got = _tables(pandas_html), _tables(duckdb_html)
    assert len(expected) >= 6  # RFM, segments, the fits, CLV, at risk, hold-out, cohorts
    assert len(got) == len(expected)
    for number, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert have == want, f"table {number} differs"
    assert reports["duckdb"].transactions == reports["pandas"].transactions


def test_duckdb_report_states_the_same_numbers(reports):
    def sentences(html: str) -> list[str]:
        return re.findall(r"jp-RenderedMarkdown.*?</div>", html, flags=re.DOTALL)

    pandas_text = sentences(reports["pandas"].path.read_text(encoding="utf-8"))
    duckdb_text = sentences(reports["duckdb"].path.read_text(encoding="utf-8"))
    assert duckdb_text == pandas_text
    assert any("位有购买的客户" in t or "位客户" in t for t in pandas_text)


def test_duckdb_report_shows_the_load_report_of_the_source(reports):
    html = reports["duckdb"].path.read_text(encoding="utf-8")
    assert "uk_invoices.csv" in html and "crmlab-report-" not in html
    load = reports["duckdb"].load_report
    assert load.count("exact duplicate lines") == reports["pandas"].load_report.count(
        "exact duplicate lines"
    )


# ---------------------------------------------------------------- the helpers, any engine


@pytest.fixture(scope="module")
def contract_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["O1", "O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["a", "a", "b", "a", "c", "b"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-05 10:00",
                    "2024-01-05 10:00",
                    "2024-02-01 09:00",
                    "2024-02-09 23:59",
                    "2024-03-10 08:00",
                    "2024-03-11 12:00",
                ]
            ),
            "amount": [10.0, 20.0, 40.0, 30.0, 5.0, 0.0],
            "cost": [6.0, 12.0, 30.0, 20.0, 3.0, 0.0],
            "returned": [False, False, False, True, False, False],
        }
    )


def test_log_facts_are_the_same_in_pandas_and_duckdb(contract_log):
    relation = duckdb.connect().from_df(contract_log)
    in_pandas, in_duckdb = report.log_facts(contract_log), report.log_facts(relation)
    assert (in_pandas.lines, in_pandas.orders) == (6, 5)
    assert in_pandas.monthly_orders.tolist() == [1, 2, 2]
    assert in_pandas.monthly_orders.index[0] == pd.Timestamp("2024-01-01")
    assert in_pandas.cost_margin == pytest.approx(1 - 51 / 75)  # the returned line left out
    assert (in_duckdb.lines, in_duckdb.orders) == (in_pandas.lines, in_pandas.orders)
    pd.testing.assert_series_equal(in_duckdb.monthly_orders, in_pandas.monthly_orders)
    assert in_duckdb.cost_margin == pytest.approx(in_pandas.cost_margin, rel=1e-12)
    assert report.log_facts(contract_log.drop(columns="cost")).cost_margin is None


def test_up_to_and_log_span_keep_the_engine(contract_log):
    relation = duckdb.connect().from_df(contract_log)
    kept = report.up_to(relation, "2024-02-09")
    assert type(kept) is type(relation)
    assert report.log_facts(kept).lines == 4  # the line at 23:59 on the last day is in
    assert len(report.up_to(contract_log, pd.Timestamp("2024-02-09"))) == 4
    span = report.log_span(relation)
    assert span.tolist() == [pd.Timestamp("2024-01-05 10:00"), pd.Timestamp("2024-03-11 12:00")]


def test_read_log_scans_the_written_parquet(tmp_path, contract_log):
    contract_log.drop(columns="cost").to_parquet(tmp_path / "transactions.parquet")
    table, load = report.read_log(tmp_path, engine="duckdb")
    assert isinstance(table, duckdb.DuckDBPyRelation)
    assert load.table == "transactions"
    assert report.log_facts(table).lines == 5  # the returned line cancels itself
    with pytest.raises(ValueError, match="engine: one of pandas, duckdb, spark"):
        report.read_log(tmp_path, engine="dask")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"returned": ("Status", ["C"])}, "--returned COL=V1,V2"),
        ({"returns": "flag"}, "--returns flag"),
        ({"encoding": "gbk"}, "--encoding"),
    ],
)
def test_options_the_engines_do_not_read_are_named(tmp_path, extra, message):
    with pytest.raises(report.ReportError, match=re.escape(message)):
        report.build_report(UK, out=tmp_path / "r.html", engine="duckdb", **OPTIONS, **extra)


def test_a_dataframe_needs_the_pandas_engine(tmp_path):
    frame = pd.read_csv(UK)
    with pytest.raises(report.ReportError, match="scans files"):
        report.build_report(frame, out=tmp_path / "r.html", engine="duckdb", **OPTIONS)
    with pytest.raises(ValueError, match="engine: one of"):
        report.build_report(UK, out=tmp_path / "r.html", engine="dask", **OPTIONS)


def test_the_command_line_offers_the_engines(capsys):
    from crmlab.__main__ import main

    with pytest.raises(SystemExit):
        main(["report", str(UK), "--customer", "C", "--date", "D", "--amount", "A",
              "--engine", "x"])  # fmt: skip
    assert "invalid choice: 'x'" in capsys.readouterr().err


def test_a_missing_column_is_named_on_the_engine_path(tmp_path, capsys):
    from crmlab.__main__ import main

    status = main(
        ["report", str(UK), "--customer", "CustomerId", "--date", "InvoiceDate",
         "--amount", "UnitPrice", "--engine", "duckdb", "--out", str(tmp_path / "r.html")]
    )  # fmt: skip
    assert status == 1
    assert "CustomerId" in capsys.readouterr().err
