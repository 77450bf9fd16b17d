"""Timings of the synthetic-company generator and the loaders, against the targets.

Prints; asserts nothing. Targets (issue 3): the default world in a few seconds;
100,000 customers in <= 30 s; loaders read 1M transaction rows in <= 3 s. The loader
timing is also shown as a ratio to a bare ``pandas.read_csv`` of the same file (the peer),
so a busy machine does not hide what the checks cost.

Run: ``python benchmarks/bench_data.py`` (or ``make bench``).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from crmlab.data import generate_world, load_transactions
from crmlab.data._write import write_csv, write_world


def _timed(label: str, func, target: float | None = None):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / target:.2f} × the {target:g} s target)" if target else ""
    print(f"{label:<48} {seconds:7.2f} s{ratio}")
    return result, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        world, _ = _timed("generate_world() default 5,000 customers", generate_world, 5.0)
        _timed("write default world (8 files)", lambda: write_world(world, folder / "small"))
        big, _ = _timed("generate_world(100_000)", lambda: generate_world(100_000, seed=2026), 30.0)
        print(f"{'':<48} {len(big.transactions):,} transaction rows, {len(big.leads):,} leads")
        tx = big.transactions
        extra = tx.iloc[: max(0, 1_000_000 - len(tx))].copy()
        extra["order_id"] = "X" + extra["order_id"].str[1:]
        million = pd.concat([tx, extra], ignore_index=True).iloc[:1_000_000]
        path = folder / "transactions_1m.csv"
        _timed("write 1,000,000 transaction rows", lambda: write_csv(million, path))
        _, bare = _timed("pandas.read_csv (peer, no checks)", lambda: pd.read_csv(path))
        loaded, ours = _timed(
            "load_transactions (1,000,000 rows)", lambda: load_transactions(path), 3.0
        )
        print(f"{'':<48} {len(loaded):,} rows; {ours / bare:.2f} × bare pandas.read_csv")


if __name__ == "__main__":
    main()
