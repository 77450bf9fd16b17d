"""Timing of ``python -m crmlab report`` end to end on a 500,000-line invoice log.

Prints; asserts nothing. Target (issue 9): an analyst's order log of half a million lines
— the size of the UK online retailer's 13 months of invoices — becomes an HTML report in
at most three minutes on the 2-core teaching machine. The log is synthesized in that
retailer's shape: six-digit invoice numbers, 'C'-prefixed cancellation invoices with
negative quantities, lines without a customer id (about a quarter), exact duplicate
lines, zero-price lines, invoice times of day written "12/1/2010 8:26", stock codes and
a country column. The time of the whole command (reading, netting, the notebook, the HTML)
is printed as a ratio of the target, after the command's own output (the load report).

Run: ``python benchmarks/bench_report.py`` (or ``make bench``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

LINES = 500_000
TARGET_SECONDS = 180.0
START, END = pd.Timestamp("2010-12-01"), pd.Timestamp("2011-12-09")


def invoice_log(lines: int = LINES, seed: int = 2011) -> pd.DataFrame:
    """Invoice lines shaped like the UK online retailer's export (see the module doc)."""
    rng = np.random.default_rng(seed)
    mean_lines = 21.0  # lines per invoice
    invoices = int(lines / mean_lines)
    customers = 4_400
    span_minutes = int((END - START).total_seconds() // 60)

    # who buys: a quarter of the invoices carry no customer id; the rest follow skewed rates
    rate = rng.gamma(0.7, 1.0, size=customers)
    buyer = rng.choice(customers, size=invoices, p=rate / rate.sum())
    anonymous = rng.random(invoices) < 0.12  # anonymous invoices are long: ~25 % of lines
    day = rng.integers(0, span_minutes // 1440, size=invoices)
    minute = rng.integers(8 * 60, 20 * 60, size=invoices)
    when = START + pd.to_timedelta(day * 1440 + minute, unit="m")
    n_lines = 1 + rng.geometric(1 / np.where(anonymous, 2.3 * mean_lines, mean_lines))
    order = np.argsort(when.to_numpy(), kind="stable")
    invoice_no = np.empty(invoices, dtype=np.int64)
    invoice_no[order] = 536365 + np.arange(invoices)

    idx = np.repeat(np.arange(invoices), n_lines)
    popularity = 1 / np.arange(1, 3_901) ** 0.8
    stock = rng.choice(3_900, size=idx.size, p=popularity / popularity.sum())
    price = np.round(0.29 + (stock % 97) * 0.13, 2)
    price[rng.random(idx.size) < 0.004] = 0.0  # free items
    quantity = rng.choice(
        [1, 2, 3, 4, 6, 12, 24, 48], size=idx.size, p=[0.25, 0.2, 0.1, 0.08, 0.12, 0.15, 0.07, 0.03]
    )
    customer = np.where(anonymous[idx], -1, 12346 + buyer[idx])
    frame = pd.DataFrame(
        {
            "InvoiceNo": invoice_no[idx].astype(str),
            "StockCode": pd.Series(stock).map("{:05d}".format).to_numpy(),
            "Quantity": quantity,
            "InvoiceDate": when.to_numpy()[idx],
            "UnitPrice": price,
            "CustomerID": customer,
        }
    )

    # cancellations: ~2 % of customer lines come back on a 'C' invoice a little later
    cancel = (customer >= 0) & (rng.random(idx.size) < 0.02)
    back = frame.loc[cancel].copy()
    back["InvoiceNo"] = "C" + back["InvoiceNo"]
    back["Quantity"] = -np.minimum(back["Quantity"], rng.integers(1, 13, size=len(back)))
    back["InvoiceDate"] = back["InvoiceDate"] + pd.to_timedelta(
        rng.integers(30, 60 * 24 * 20, size=len(back)), unit="m"
    )
    back = back.loc[back["InvoiceDate"] <= END + pd.Timedelta(hours=20)]
    frame = pd.concat([frame, back], ignore_index=True)
    # exact duplicate lines, as the export has them; then exactly `lines` lines
    dup = frame.sample(frac=0.01, random_state=seed)
    frame = pd.concat([frame, dup], ignore_index=True)
    frame = frame.sample(n=min(lines, len(frame)), random_state=seed)
    frame = frame.sort_values(["InvoiceDate", "InvoiceNo"], kind="stable", ignore_index=True)

    frame["Description"] = "ITEM " + frame["StockCode"]
    home = pd.Series(rng.random(invoices) < 0.9, index=invoice_no.astype(str))
    uk = home.reindex(frame["InvoiceNo"].str.removeprefix("C")).to_numpy()
    frame["Country"] = np.where(uk, "United Kingdom", "Germany")
    frame["InvoiceDate"] = frame["InvoiceDate"].dt.strftime("%-m/%-d/%Y %-H:%M")
    frame["CustomerID"] = frame["CustomerID"].astype(str).replace("-1", "")
    columns = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate"]
    return frame[[*columns, "UnitPrice", "CustomerID", "Country"]]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        log = invoice_log()
        source = folder / "online_retail.csv"
        log.to_csv(source, index=False)
        made = time.perf_counter() - start
        cancelled = log["InvoiceNo"].str.startswith("C").sum()
        print(
            f"synthesized {len(log):,} invoice lines in {made:.1f} s: {cancelled:,} cancellation "
            f"lines, {(log['CustomerID'] == '').sum():,} without a customer, "
            f"{log.duplicated().sum():,} duplicates"
        )
        command = [
            sys.executable, "-m", "crmlab", "report", str(source),
            "--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity",
            "--price", "UnitPrice", "--order", "InvoiceNo", "--product", "StockCode",
            "--date-format", "%m/%d/%Y %H:%M", "--currency", "£",
            "--out", str(folder / "report.html"),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        print(done.stdout.rstrip())
        if done.returncode != 0:
            print(done.stderr.rstrip())
            print(f"python -m crmlab report FAILED after {seconds:.1f} s")
            return
        print(
            f"{'python -m crmlab report (500,000 lines)':<48} {seconds:7.1f} s  "
            f"({seconds / TARGET_SECONDS:.2f} × the {TARGET_SECONDS:g} s target)"
        )


if __name__ == "__main__":
    main()
