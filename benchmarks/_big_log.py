"""A big order log for the scale benchmark: the synthetic company replicated (private).

One replica is the company's ``datasets/transactions.csv`` written the way a real order
export records returns: every line flagged ``returned`` stays as its purchase line and gains
a cancellation line on the same day — order id ``C<order>``, the same product, negative
quantity and amount — so the purchases-and-returns rule has real negative lines to net
(each nets exactly the purchase it cancels). Replica ``k`` relabels the customers
(``C00042`` → ``C00042-k``) and the orders (``O0001234`` → ``O0001234-k``) and shifts
nothing else: the dates, products, quantities and amounts are the company's. The last
replica is cut so the log has exactly the number of lines asked for.

The log is written as one Parquet file in row groups of about a million lines, a few
replicas at a time, so a 100-million-line log never holds more than a row group in memory.
A file already written (same number of lines, same source) is reused.

Columns (contract names): ``order_id``, ``customer_id``, ``order_date`` (timestamp),
``product`` (the company's category), ``quantity``, ``amount``.

Run: ``python benchmarks/_big_log.py --lines 20000000 [--out DIR]`` prints the path.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "datasets" / "transactions.csv"
#: Where generated logs go (outside the repository; reused between runs).
DEFAULT_DIR = Path(os.environ.get("CRMLAB_BENCH_DIR", "/tmp/crmlab_bench"))
ROWS_PER_GROUP = 1_000_000
SCHEMA = pa.schema(
    [
        ("order_id", pa.string()),
        ("customer_id", pa.string()),
        ("order_date", pa.timestamp("us")),
        ("product", pa.string()),
        ("quantity", pa.int64()),
        ("amount", pa.float64()),
    ]
)


def company_log(source: Path = SOURCE) -> pa.Table:
    """One replica: the company's order lines with each return as a cancellation line.

    Examples
    --------
    >>> one = company_log()
    >>> one.column_names
    ['order_id', 'customer_id', 'order_date', 'product', 'quantity', 'amount']
    >>> bool(pc.min(one["amount"]).as_py() < 0)
    True
    """
    lines = pd.read_csv(
        source,
        usecols=[
            "order_id",
            "customer_id",
            "order_date",
            "category",
            "quantity",
            "amount",
            "returned",
        ],
        dtype={"order_id": str, "customer_id": str, "category": str},
        parse_dates=["order_date"],
    ).rename(columns={"category": "product"})
    returned = lines["returned"].to_numpy(dtype=bool)
    cancel = lines.loc[returned].assign(
        order_id="C" + lines.loc[returned, "order_id"],
        quantity=-lines.loc[returned, "quantity"],
        amount=-lines.loc[returned, "amount"],
    )
    both = pd.concat([lines, cancel], ignore_index=True).drop(columns="returned")
    both = both.sort_values(["order_date", "order_id"], kind="stable", ignore_index=True)
    both["order_date"] = both["order_date"].astype("datetime64[us]")
    return pa.Table.from_pandas(both, schema=SCHEMA, preserve_index=False)


def relabel(one: pa.Table, replica: int) -> pa.Table:
    """Replica ``replica`` of ``one``: customer and order ids suffixed ``-<replica>``.

    Examples
    --------
    >>> one = company_log()
    >>> relabel(one, 7)["customer_id"][0].as_py().endswith("-7")
    True
    """
    suffix = f"-{replica}"
    return one.set_column(
        0, "order_id", pc.binary_join_element_wise(one["order_id"], suffix, "")
    ).set_column(1, "customer_id", pc.binary_join_element_wise(one["customer_id"], suffix, ""))


def log_path(lines: int, folder: Path = DEFAULT_DIR) -> Path:
    """Where the log of ``lines`` lines is kept.

    Examples
    --------
    >>> log_path(20_000_000, Path("/tmp/x")).name
    'orders_20000000.parquet'
    """
    return folder / f"orders_{lines}.parquet"


def _is_complete(path: Path, lines: int) -> bool:
    try:
        return pq.ParquetFile(path).metadata.num_rows == lines
    except (OSError, pa.ArrowInvalid):
        return False


def big_log(lines: int, folder: Path = DEFAULT_DIR, *, quiet: bool = False) -> Path:
    """Write (or reuse) the ``lines``-line log under ``folder``; return its path.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = big_log(50_000, Path(tmp), quiet=True)
    ...     table = pq.read_table(path)
    ...     table.num_rows, pc.count_distinct(table["customer_id"]).as_py() > 5000
    (50000, True)
    """
    if lines < 1:
        raise ValueError(f"lines: need at least 1, got {lines}")
    path = log_path(lines, folder)
    if _is_complete(path, lines):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    one = company_log()
    replicas = math.ceil(lines / one.num_rows)
    per_group = max(1, ROWS_PER_GROUP // one.num_rows)
    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    written = 0
    with pq.ParquetWriter(partial, SCHEMA, compression="snappy") as writer:
        for first in range(0, replicas, per_group):
            batch = [relabel(one, k) for k in range(first, min(first + per_group, replicas))]
            group = pa.concat_tables(batch)
            group = group.slice(0, min(group.num_rows, lines - written))
            writer.write_table(group, row_group_size=group.num_rows)
            written += group.num_rows
            if not quiet and (first // per_group) % 10 == 0:
                print(f"   … {written:,} / {lines:,} lines written", flush=True)
    partial.replace(path)
    if not quiet:
        size = path.stat().st_size / 2**20
        print(
            f"   wrote {path} ({lines:,} lines, {replicas:,} replicas of {one.num_rows:,}, "
            f"{size:,.0f} MiB) in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    print(big_log(args.lines, args.out))


if __name__ == "__main__":
    main()
