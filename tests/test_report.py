"""The analysts' report: ``python -m crmlab report`` and notebook 10 on other data.

- the command line on a small invoice log shaped like a UK online retailer's (cancellation
  invoices 'C…' with negative quantities, lines without a customer, a duplicate line,
  times of day, pounds) writes one HTML page: no code cells, no yuan sign, charts embedded,
  the headline numbers of the data in it;
- missing or contradictory options stop with argparse's usage error, unreadable data
  with a one-line error naming the problem, a too short history with the notebook's
  message;
- notebook 10 runs through papermill on a folder that holds only ``transactions.csv``, in
  another currency.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmlab import report
from crmlab.__main__ import main
from crmlab.paths import repo_root

NOTEBOOK = repo_root() / "notebooks" / "10_your_data.ipynb"
DATE_FORMAT = "%d/%m/%Y %H:%M"


def invoice_log(
    customers: int = 300, start: str = "2022-01-03", days: int = 540, seed: int = 7
) -> pd.DataFrame:
    """Invoice lines like the UK retailer's export, with a known net revenue per customer.

    Every cancellation ('C' invoice, negative quantity) follows the purchase it cancels,
    for the same product and at most its quantity; customer ``90001`` buys once and cancels
    everything the same day (no purchase, no revenue).
    """
    rng = np.random.default_rng(seed)
    first = pd.Timestamp(start)
    rows = []
    invoice = 500000
    for k in range(customers):
        cid = str(12000 + k)
        n = 1 + rng.poisson(rng.gamma(1.5, 2.5))
        days_ = np.sort(rng.integers(0, days, size=n))
        for day in days_:
            invoice += 1
            when = first + pd.Timedelta(days=int(day), minutes=int(rng.integers(8 * 60, 19 * 60)))
            items = rng.choice(40, size=1 + rng.poisson(2), replace=False)
            lines = [
                (f"{invoice}", f"P{item:03d}", int(rng.integers(1, 13)), float(2 + item % 7), when)
                for item in items
            ]
            rows += [(*line, cid) for line in lines]
            if rng.random() < 0.08:  # a later cancellation of part of the first line
                code, qty, price = lines[0][1], lines[0][2], lines[0][3]
                back = when + pd.Timedelta(hours=int(rng.integers(1, 48)))
                rows.append((f"C{invoice}", code, -int(rng.integers(1, qty + 1)), price, back, cid))
    whale = pd.Timestamp(start) + pd.Timedelta(days=100, hours=9)
    rows.append(("599001", "P999", 7421, 1.25, whale, "90001"))
    rows.append(("C599001", "P999", -7421, 1.25, whale + pd.Timedelta(minutes=15), "90001"))
    for j in range(25):  # walk-in lines without a customer id
        when = first + pd.Timedelta(days=int(rng.integers(0, days)), hours=11)
        rows.append((f"{598000 + j}", "P001", 1, 3.0, when, ""))
    log = pd.DataFrame(
        rows,
        columns=["InvoiceNo", "StockCode", "Quantity", "UnitPrice", "InvoiceDate", "CustomerID"],
    )
    log = pd.concat([log, log.iloc[[3]]], ignore_index=True)  # one exact duplicate line
    log["InvoiceDate"] = log["InvoiceDate"].dt.strftime(DATE_FORMAT)
    log["Country"] = "United Kingdom"
    return log


def _expected(log: pd.DataFrame) -> tuple[int, float]:
    """Customers with a purchase and their net revenue, straight from the raw log."""
    lines = log.drop_duplicates()
    lines = lines.loc[lines["CustomerID"] != ""]
    spend = (lines["Quantity"] * lines["UnitPrice"]).groupby(lines["CustomerID"]).sum()
    return int((spend > 0).sum()), float(spend.sum())


@pytest.fixture(scope="module")
def uk_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uk")
    log = invoice_log()
    source = folder / "online_retail.csv"
    log.to_csv(source, index=False)
    out = folder / "uk_report.html"
    args = [
        "report", str(source), "--customer", "CustomerID", "--date", "InvoiceDate",
        "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo",
        "--product", "StockCode", "--date-format", DATE_FORMAT, "--currency", "£",
        "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "crmlab", *args], capture_output=True, text=True, check=False
    )
    return log, out, done


def test_the_report_is_written_and_says_where(uk_report):
    _, out, done = uk_report
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert f"wrote {out}" in done.stdout
    assert "online_retail.csv" in done.stdout  # the load report of the source is printed


def test_the_report_has_no_code_and_no_yuan(uk_report):
    _, out, _ = uk_report
    html = out.read_text(encoding="utf-8")
    code_cells = re.findall(r'class="jp-Cell jp-CodeCell([^"]*)"', html)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    assert 'class="highlight hl-ipython3"' not in html
    assert "from crmlab import" not in html and "rfm.rfm_table(" not in html
    assert "¥" not in html and "CNY" not in html
    assert "£" in html


def test_the_report_is_self_contained(uk_report):
    _, out, _ = uk_report
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 3  # the charts, embedded
    assert '<script src="http' not in html and '<link href="http' not in html


def test_the_report_states_the_headline_numbers(uk_report):
    log, out, _ = uk_report
    html = out.read_text(encoding="utf-8")
    customers, revenue = _expected(log)
    assert f"{customers:,} 位有购买的客户" in html
    assert f"收入合计 £{revenue:,.0f}" in html
    assert "online_retail.csv" in html  # the source's load report, not the temporary copy's
    assert "crmlab-report-" not in html


# ------------------------------------------------------------------------------ errors


def _source(tmp_path: Path, log: pd.DataFrame | None = None) -> str:
    path = tmp_path / "orders.csv"
    (invoice_log(customers=20) if log is None else log).to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--date", "InvoiceDate", "--amount", "A"], "--customer"),
        (["--customer", "CustomerID", "--amount", "A"], "--date"),
        (["--customer", "CustomerID", "--date", "InvoiceDate"], "--amount"),
        (["--customer", "C", "--date", "D", "--quantity", "Quantity"], "--price"),
        (["--customer", "C", "--date", "D", "--amount", "A", "--quantity", "Q"], "not both"),
        (["--customer", "C", "--date", "D", "--amount", "A", "--returned", "=C"], "--returned"),
        (["--customer", "C", "--date", "D", "--amount", "A", "--returns", "drop"], "--returns"),
    ],
)
def test_missing_or_contradictory_options_are_usage_errors(tmp_path, capsys, options, message):
    with pytest.raises(SystemExit) as stop:
        main(["report", _source(tmp_path), *options])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "usage: python -m crmlab report" in err and message in err


def test_no_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    assert "report" in capsys.readouterr().err


def test_a_column_that_is_not_there_is_named(tmp_path, capsys):
    args = ["--customer", "Kunde", "--date", "InvoiceDate", "--quantity", "Quantity"]
    args += ["--price", "UnitPrice", "--date-format", DATE_FORMAT]
    status = main(["report", _source(tmp_path), *args, "--out", str(tmp_path / "r.html")])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("crmlab report: error:") and "Kunde" in err
    assert not (tmp_path / "r.html").exists()


def test_a_missing_file_is_an_error(tmp_path, capsys):
    args = ["--customer", "C", "--date", "D", "--amount", "A"]
    assert main(["report", str(tmp_path / "nowhere.csv"), *args]) == 1
    assert "nowhere.csv" in capsys.readouterr().err


def test_a_history_too_short_for_a_holdout_stops_with_the_reason(tmp_path, capsys):
    log = invoice_log(customers=40, days=60, seed=3)
    args = ["--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity"]
    args += ["--price", "UnitPrice", "--order", "InvoiceNo", "--date-format", DATE_FORMAT]
    out = tmp_path / "short.html"
    assert main(["report", _source(tmp_path, log), *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "calibration period" in err and "is shorter than" in err
    assert "CALIBRATION_END" in err
    assert not out.exists()
    assert (tmp_path / "short-failed.ipynb").is_file()


def test_the_returned_option_reads_a_column_or_its_values():
    assert report.parse_returned(None) is None
    assert report.parse_returned("is_return") == "is_return"
    assert report.parse_returned("Status = C , R") == ("Status", ["C", "R"])
    with pytest.raises(ValueError, match="COL=VALUE1"):
        report.parse_returned("Status=")


def test_the_notebook_is_found_next_to_the_package():
    assert report.report_notebook() == NOTEBOOK
    assert NOTEBOOK.is_file()


def test_a_missing_notebook_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(report, "repo_root", lambda: tmp_path)
    with pytest.raises(report.ReportError, match="pip install -e"):
        report.report_notebook()


# ------------------------------------------------------------------ notebook 10 directly


def test_notebook_10_runs_on_a_transactions_only_folder_in_another_currency(tmp_path):
    import papermill

    log = invoice_log(customers=250, seed=11)
    log = log.loc[(log["CustomerID"] != "") & (log["Quantity"] > 0)].drop_duplicates()
    transactions = pd.DataFrame(
        {
            "customer_id": log["CustomerID"],
            "order_id": log["InvoiceNo"],
            "order_date": pd.to_datetime(log["InvoiceDate"], format=DATE_FORMAT),
            "amount": log["Quantity"] * log["UnitPrice"],
        }
    )
    transactions.to_csv(tmp_path / "transactions.csv", index=False)
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"DATA_DIR": str(tmp_path), "CURRENCY": "€", "TOP_N": 5},
        cwd=str(tmp_path),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    text = "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/markdown", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert not [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"
    ]
    revenue = float(transactions["amount"].sum())
    assert f"{transactions['customer_id'].nunique():,} 位有购买的客户" in text
    assert f"收入合计 €{revenue:,.0f}" in text
    assert "¥" not in text
    assert "数据没有成本列" in text  # CLV in revenue terms, said so
