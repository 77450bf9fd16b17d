"""Messy order logs for the engine tests: the synthetic company, several seeds, made untidy.

Every kind of line the returns rule has to settle appears: returns of part or all of an
earlier purchase (same product, days later), same-time cancellations, returns with no
earlier purchase, exact duplicates, lines without a customer, zero-amount lines, times of
day, several orders per day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import data

#: the file's own column names, mapped onto the names crmlab.data.scan knows
COLUMNS = {
    "Customer": "customer_id",
    "InvoiceDate": "order_date",
    "Amount": "amount",
    "Invoice": "order_id",
    "StockCode": "product",
}
#: the same mapping as from_transactions' arguments
ARGUMENTS = {
    "customer": "Customer",
    "date": "InvoiceDate",
    "amount": "Amount",
    "order": "Invoice",
    "product": "StockCode",
}


def messy_log(
    seeds: tuple[int, ...] = (1, 2), n_customers: int = 1500, seed: int = 0
) -> pd.DataFrame:
    """An untidy order log of ``len(seeds)`` synthetic companies, customers relabelled."""
    rng = np.random.default_rng(seed)
    parts = []
    for s in seeds:
        tx = data.generate_world(n_customers, seed=s).transactions
        tx = tx.loc[~tx["returned"].to_numpy()]
        order_time = pd.to_timedelta(rng.integers(8 * 3600, 21 * 3600, len(tx)), unit="s")
        parts.append(
            pd.DataFrame(
                {
                    "Invoice": f"{s}-" + tx["order_id"].astype(str),
                    "Customer": f"{s}-" + tx["customer_id"].astype(str),
                    "InvoiceDate": tx["order_date"] + order_time,
                    "StockCode": tx["category"].astype(str),
                    "Amount": tx["amount"].round(2),
                }
            )
        )
    log = pd.concat(parts, ignore_index=True)
    # same time for the lines of one order
    log["InvoiceDate"] = log.groupby("Invoice")["InvoiceDate"].transform("min")
    n = len(log)
    pick = rng.random(n)
    extra = []
    # returns of all, half or a random part of a line, 1-60 days later
    ret = log.loc[pick < 0.06].copy()
    share = rng.choice([1.0, 0.5, 0.3], len(ret))
    ret["Amount"] = -(ret["Amount"] * share).round(2)
    ret["InvoiceDate"] += pd.to_timedelta(rng.integers(1, 60 * 24, len(ret)), unit="h")
    ret["Invoice"] = "C" + ret["Invoice"]
    extra.append(ret)
    # same-time cancellations of a whole line
    cancel = log.loc[(pick >= 0.06) & (pick < 0.08)].copy()
    cancel["Amount"] = -cancel["Amount"]
    cancel["Invoice"] = "X" + cancel["Invoice"]
    extra.append(cancel)
    # returns larger than what was bought, other products, before any purchase
    odd = log.loc[(pick >= 0.08) & (pick < 0.085)].copy()
    odd["Amount"] = -(odd["Amount"] * 3).round(2)
    odd["StockCode"] = "other"
    odd["InvoiceDate"] -= pd.Timedelta(days=400)
    odd["Invoice"] = "R" + odd["Invoice"]
    extra.append(odd)
    # zero-amount lines (free gifts), some on days that are later cancelled
    free = log.loc[(pick >= 0.085) & (pick < 0.1)].copy()
    free["Amount"] = 0.0
    free["StockCode"] = "gift"
    extra.append(free)
    # exact duplicates
    extra.append(log.loc[(pick >= 0.1) & (pick < 0.11)])
    out = pd.concat([log, *extra], ignore_index=True)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    # lines without a customer
    out.loc[rng.random(len(out)) < 0.005, "Customer"] = None
    return out.sort_values("InvoiceDate", kind="stable").reset_index(drop=True)
