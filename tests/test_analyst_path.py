"""Every chapter notebook runs on an analyst's folder that holds only ``transactions.csv``.

The folder is what an analyst's export becomes after ``data.from_transactions``: a log in
pounds from 2008-2012 (the synthetic company's orders moved 13 years back, returned lines
written as later cancellation lines with negative amounts, no cost, no category, no other
table, no truth). Each notebook runs through papermill with its date parameters left at
``None`` and ``CURRENCY = "£"``; it must finish, skip the sections that need absent tables
with a sentence, pass no parameter papermill does not know, and show no yuan anywhere in
its outputs.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from crmlab import data
from crmlab.paths import repo_root

NOTEBOOKS = sorted((repo_root() / "notebooks").glob("0[0-9]*_*.ipynb"))
YUAN = re.compile(r"¥|￥|CNY|RMB|(?<![美单])元")  # 单元格 (a cell) is not money
SHIFT = pd.DateOffset(years=13)


@pytest.fixture(scope="module")
def analyst_folder(tmp_path_factory) -> Path:
    tx = data.load_transactions()
    kept = tx.loc[~tx["returned"], ["order_id", "customer_id", "order_date", "amount"]]
    returned = tx.loc[tx["returned"], ["order_id", "customer_id", "order_date", "amount"]]
    cancellations = returned.assign(
        order_id="C" + returned["order_id"].astype(str),
        order_date=returned["order_date"] + pd.Timedelta(days=9),
        amount=-returned["amount"],
    )
    log = pd.concat([kept, returned, cancellations], ignore_index=True)
    log["order_date"] = log["order_date"] - SHIFT
    log = log.rename(
        columns={
            "order_id": "Invoice",
            "customer_id": "Customer ID",
            "order_date": "InvoiceDate",
            "amount": "Price",
        }
    )
    clean = data.from_transactions(
        log, customer="Customer ID", date="InvoiceDate", amount="Price", order="Invoice"
    )
    report = clean.attrs["load_report"]
    assert report.rows_returned < report.rows_read  # the cancellations were netted
    folder = tmp_path_factory.mktemp("analyst")
    clean.to_csv(folder / "transactions.csv", index=False)
    return folder


def test_the_folder_is_what_an_analyst_has(analyst_folder):
    assert sorted(p.name for p in analyst_folder.iterdir()) == ["transactions.csv"]
    tables = data.load_tables(analyst_folder)
    assert tables.customers is None and tables.truth is None
    assert "cost" not in tables.transactions.columns
    assert tables.transactions["order_date"].max() < pd.Timestamp("2013-01-01")


def _texts(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
            for key in ("text/plain", "text/html", "text/markdown"):
                value = out.get("data", {}).get(key)
                if value:
                    texts.append(value if isinstance(value, str) else "".join(value))
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_notebook_runs_on_transactions_only(path, analyst_folder, tmp_path, caplog):
    out = tmp_path / path.name
    with caplog.at_level(logging.WARNING, logger="papermill"):
        papermill.execute_notebook(
            str(path),
            str(out),
            parameters={"DATA_DIR": str(analyst_folder), "CURRENCY": "£"},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(path.parent),
        )
    unknown = [r.getMessage() for r in caplog.records if "unknown parameter" in r.getMessage()]
    assert not unknown, unknown
    nb = nbformat.read(out, as_version=4)
    texts = _texts(nb)
    shown = "\n".join(texts)
    yuan = sorted({m.group(0) for m in YUAN.finditer(shown)})
    assert not yuan, f"{path.name}: yuan in the outputs on pound data: {yuan}"
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors


@pytest.mark.slow
def test_a_date_outside_the_data_stops_with_what_the_data_cover(analyst_folder, tmp_path):
    """Problem 3: the 2025 default on 2008-2012 data printed recency of 5,000+ days."""
    path = repo_root() / "notebooks" / "03_customer_selection.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(path),
            str(tmp_path / path.name),
            parameters={
                "DATA_DIR": str(analyst_folder),
                "CURRENCY": "£",
                "OBSERVATION_END": "2025-12-31",
            },
            kernel_name="python3",
            progress_bar=False,
            cwd=str(path.parent),
        )
    message = str(info.value)
    assert "observation_end: 2025-12-31 is after the last day in the data" in message
    assert "the data run from 2008-" in message
