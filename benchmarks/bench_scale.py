"""Scale: the per-customer summaries of a big Parquet order log in pandas, DuckDB and Spark.

Prints; asserts nothing. Targets (issue 14), on the 2-core, 24 GB teaching machine:

1. a 20-million-line log (``benchmarks/_big_log.py``: the synthetic company replicated
   with relabelled customers, returns as negative cancellation lines) summarised — the
   BG/NBD summary with its hold-out period and the RFM table, the purchases-and-returns
   rule applied — by pandas (``data.from_transactions`` + the summaries), DuckDB
   (``data.scan`` + the same summaries) and Spark in local mode, side by side: time and
   peak memory of each, DuckDB at least 3× faster than pandas with at most a quarter of
   its peak memory; the three summaries must agree;
2. the BG/NBD fit on the aggregated summary (one row per distinct frequency, recency, T
   with its ``weight``) against the fit on every customer's row: time and parameters;
3. a 100-million-line log summarised by DuckDB in under 3 minutes within 4 GB.

pandas cleans the log once (``from_transactions``) and summarises the frame twice; DuckDB
and Spark clean it once too — ``data.scan`` stored as a table of a DuckDB database file /
a persisted Spark DataFrame — and summarise that. The 100-million-line run also times the
one-pass form: ``btyd_summary(data.scan(...), aggregate=True)`` on the lazy scan. DuckDB
runs with ``memory_limit=3GB`` (it spills to disk beyond it; ``$DUCKDB_MEMORY_LIMIT``
changes it) and its default two threads here; Spark in ``local[2]`` with a 2 GB driver.
Each engine runs in a fresh Python process; its peak memory is the largest resident set
of the process and its children (Spark's JVM) together, sampled every 50 ms, and at
least the process's own ``ru_maxrss``; its CPU time (all threads) is printed too, since
wall time on a shared machine depends on what else runs.

Run: ``python benchmarks/bench_scale.py`` (or ``make bench``). ``BIG=0`` (or ``--lines
1000000 --big-lines 0``) is a quick run; ``--engines duckdb,spark`` picks engines.
Logs are written once under ``$CRMLAB_BENCH_DIR`` (default ``/tmp/crmlab_bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _big_log import DEFAULT_DIR, big_log

ENGINES = ("pandas", "duckdb", "spark")
TARGET_SPEEDUP = 3.0
TARGET_MEMORY_SHARE = 0.25
BIG_TARGET_SECONDS = 180.0
BIG_TARGET_BYTES = 4 * 2**30
SAMPLE_SECONDS = 0.05
#: DuckDB's own memory limit (it spills to disk beyond it); ``$DUCKDB_MEMORY_LIMIT`` overrides.
DUCKDB_MEMORY_LIMIT = "3GB"
SUMMARY_COLUMNS = ["frequency", "recency", "T", "monetary", "frequency_holdout"]


# ---------------------------------------------------------------- the worker (one engine)


def _spark_session() -> object:
    """A local Spark session on 127.0.0.1 (two cores, 2 GB driver, no UI)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("crmlab-bench")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def _table(engine: str, path: Path, out: Path, *, keep: bool) -> object:
    """The order log as the engine's table in contract names, returns netted.

    pandas reads and cleans it into memory (``data.from_transactions``). DuckDB and Spark
    scan it (``data.scan``); with ``keep`` the cleaned log is stored once in the engine —
    a table of a DuckDB database file in ``out`` (it spills to disk), a Spark DataFrame
    persisted in memory and on disk — so the summaries after it do not clean it again,
    as pandas does not. Without ``keep`` the table stays lazy (one summary, one pass).
    """
    from crmlab import data

    if engine == "pandas":
        return data.from_transactions(
            path,
            customer="customer_id",
            date="order_date",
            amount="amount",
            quantity="quantity",
            order="order_id",
            product="product",
        )
    if engine == "duckdb":
        import duckdb

        memory = os.environ.get("DUCKDB_MEMORY_LIMIT", DUCKDB_MEMORY_LIMIT)
        database = out / "bench.duckdb"
        database.unlink(missing_ok=True)
        connection = duckdb.connect(str(database), config={"memory_limit": memory})
        log = data.scan(path, connection=connection)  # the file's names are the contract's
        if not keep:
            return log
        log.create("orders")
        return connection.table("orders")
    if engine == "spark":
        from pyspark import StorageLevel

        log = data.scan(path, engine="spark", session=_spark_session())
        if not keep:
            return log
        log = log.persist(StorageLevel.MEMORY_AND_DISK)
        log.count()
        return log
    raise ValueError(f"engine: one of {ENGINES}, got {engine!r}")


def worker(engine: str, path: Path, out: Path, aggregate_only: bool) -> None:
    """Summarise ``path`` with ``engine``; write the summary and the timings under ``out``."""
    from crmlab import rfm

    timings: dict[str, float] = {}
    start = time.perf_counter()
    table = _table(engine, path, out, keep=not aggregate_only)
    timings["read+clean"] = time.perf_counter() - start
    result: dict[str, object] = {"engine": engine}
    if aggregate_only:
        step = time.perf_counter()
        rows = rfm.btyd_summary(table, holdout=True, aggregate=True)
        timings["btyd_summary(aggregate=True)"] = time.perf_counter() - step
        rows.to_parquet(out / f"{engine}_aggregated.parquet")
        result["aggregated_rows"] = len(rows)
        result["customers"] = int(rows["weight"].sum())
    else:
        step = time.perf_counter()
        summary = rfm.btyd_summary(table, holdout=True)
        timings["btyd_summary"] = time.perf_counter() - step
        step = time.perf_counter()
        table_rfm = rfm.rfm_table(table)
        timings["rfm_table"] = time.perf_counter() - step
        summary.to_parquet(out / f"{engine}_btyd.parquet")
        table_rfm.to_parquet(out / f"{engine}_rfm.parquet")
        result["customers"] = len(summary)
    timings["total"] = time.perf_counter() - start
    result["timings"] = timings
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["ru_maxrss"] = usage.ru_maxrss * 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime  # all threads of this process
    (out / f"{engine}.json").write_text(json.dumps(result))


# ---------------------------------------------------------------- the harness


def _tree_rss(process: psutil.Process) -> int:
    """Resident memory of ``process`` and all its descendants, in bytes."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def measure(engine: str, path: Path, out: Path, *, aggregate_only: bool = False) -> dict:
    """Run the worker for ``engine`` in a fresh process; add wall time and peak memory."""
    command = [sys.executable, __file__, "--worker", engine, str(path), str(out)]
    if aggregate_only:
        command.append("--aggregate-only")
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.NoSuchProcess:
            break
        time.sleep(SAMPLE_SECONDS)
    log = child.stdout.read() if child.stdout else ""
    child.wait()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        tail = "\n".join(log.strip().splitlines()[-15:])
        return {"engine": engine, "failed": True, "wall": wall, "log": tail}
    result = json.loads((out / f"{engine}.json").read_text())
    result["wall"] = wall
    result["peak"] = max(peak, int(result["ru_maxrss"]))
    if not aggregate_only:
        (out / f"{engine}_measured.json").write_text(json.dumps(result))
    return result


def reused(engine: str, out: Path) -> dict | None:
    """The measured result of an earlier run kept in ``out`` (``--out DIR --reuse``), if any."""
    kept = out / f"{engine}_measured.json"
    if not (kept.is_file() and (out / f"{engine}_btyd.parquet").is_file()):
        return None
    result = json.loads(kept.read_text())
    result["reused"] = True
    return result


def _gib(nbytes: float) -> str:
    return f"{nbytes / 2**30:5.2f} GiB"


def _line(result: dict) -> str:
    if result.get("failed"):
        return f"   {result['engine']:<7} FAILED after {result['wall']:.0f} s:\n{result['log']}"
    t = result["timings"]
    steps = "  ".join(f"{k} {v:6.1f} s" for k, v in t.items() if k != "total")
    cpu = f"  CPU {result['cpu']:6.1f} s (this process)" if "cpu" in result else ""
    return (
        f"   {result['engine']:<7} {t['total']:7.1f} s summary ({result['wall']:6.1f} s with "
        f"start-up)  peak {_gib(result['peak'])}  {result['customers']:,} customers\n"
        f"           {steps}{cpu}"
    )


def _agreement(out: Path, engines: list[str]) -> None:
    """Largest differences between the engines' summaries (against the first engine)."""
    base_engine = engines[0]
    for kind in ("btyd", "rfm"):
        base = pd.read_parquet(out / f"{base_engine}_{kind}.parquet")
        for engine in engines[1:]:
            other = pd.read_parquet(out / f"{engine}_{kind}.parquet")
            same_index = base.index.equals(other.index)
            same_columns = list(base.columns) == list(other.columns)
            if not (same_index and same_columns):
                print(
                    f"   {kind:<5} {engine} vs {base_engine}: DIFFERENT customers or columns "
                    f"({len(other):,} vs {len(base):,} rows; {list(other.columns)})"
                )
                continue
            numeric = base.select_dtypes("number").columns
            diff = (base[numeric] - other[numeric]).abs().max().max() if len(numeric) else 0.0
            others = [c for c in base.columns if c not in numeric]
            equal_rest = all(base[c].equals(other[c]) for c in others)
            print(
                f"   {kind:<5} {engine} vs {base_engine}: same customers and columns, largest "
                f"difference {diff:.1e}" + ("" if equal_rest else " (non-numeric columns DIFFER)")
            )


def fit_comparison(out: Path, engine: str) -> None:
    """The BG/NBD fit on the aggregated summary against the fit on every customer's row."""
    from crmlab.models import fit_bgnbd

    summary = pd.read_parquet(out / f"{engine}_btyd.parquet")
    cols = ["frequency", "recency", "T"]
    start = time.perf_counter()
    rows = summary.groupby(cols).size().rename("weight").reset_index()
    aggregate_seconds = time.perf_counter() - start
    start = time.perf_counter()
    weighted = fit_bgnbd(rows["frequency"], rows["recency"], rows["T"], weights=rows["weight"])
    weighted_seconds = time.perf_counter() - start
    start = time.perf_counter()
    full = fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    full_seconds = time.perf_counter() - start
    p_w = np.array(list(weighted.params.values()))
    p_f = np.array(list(full.params.values()))
    print(
        f"   {len(summary):,} customers → {len(rows):,} distinct (frequency, recency, T) rows "
        f"(aggregated in {aggregate_seconds:.2f} s)\n"
        f"   fit on the aggregated rows with weights {weighted_seconds:6.2f} s   "
        + "  ".join(f"{k}={v:.5f}" for k, v in weighted.params.items())
        + f"\n   fit on every customer's row            {full_seconds:6.2f} s   "
        f"largest relative parameter difference {np.max(np.abs(p_w / p_f - 1)):.1e}\n"
        f"   time ratio full / aggregated: {full_seconds / weighted_seconds:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = os.environ.get("BIG") == "0"
    parser.add_argument("--lines", type=int, default=1_000_000 if quick else 20_000_000)
    parser.add_argument("--big-lines", type=int, default=0 if quick else 100_000_000)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--folder", type=Path, default=DEFAULT_DIR, help="where the logs go")
    parser.add_argument("--out", type=Path, help="keep the summaries here (default: temporary)")
    parser.add_argument(
        "--reuse", action="store_true", help="with --out: reuse engines measured there before"
    )
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "PATH", "OUT"), help="internal")
    parser.add_argument("--aggregate-only", action="store_true", help="internal")
    args = parser.parse_args()
    if args.worker:
        engine, path, out = args.worker
        worker(engine, Path(path), Path(out), args.aggregate_only)
        return

    engines = [e for e in args.engines.split(",") if e]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"--engines: unknown {unknown}; choose from {', '.join(ENGINES)}")
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    path = big_log(args.lines, args.folder)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) if args.out is None else args.out
        out.mkdir(parents=True, exist_ok=True)
        print(f"== 1. summaries of a {args.lines:,}-line Parquet log ({path.name})")
        results = {}
        for engine in engines:
            earlier = reused(engine, out) if args.reuse else None
            results[engine] = earlier or measure(engine, path, out)
            print(_line(results[engine]) + ("  (measured earlier)" if earlier else ""), flush=True)
        ok = [e for e in engines if not results[e].get("failed")]
        if len(ok) > 1:
            _agreement(out, ok)
        if "pandas" in ok:
            pd_ = results["pandas"]
            for engine in (e for e in ok if e != "pandas"):
                r = results[engine]
                speed = pd_["timings"]["total"] / r["timings"]["total"]
                share = r["peak"] / pd_["peak"]
                verdict = ""
                if engine == "duckdb":
                    met = speed >= TARGET_SPEEDUP and share <= TARGET_MEMORY_SHARE
                    verdict = "  target met" if met else "  TARGET MISSED"
                print(
                    f"   {engine} vs pandas: {speed:.1f}x faster (target ≥ {TARGET_SPEEDUP:g}x), "
                    f"peak memory {share:.2f} of pandas' (target ≤ {TARGET_MEMORY_SHARE:g})"
                    + verdict
                )
        if ok:
            print("== 2. BG/NBD fit on the aggregated summary")
            fit_comparison(out, "duckdb" if "duckdb" in ok else ok[0])
        if args.big_lines and "duckdb" in engines:
            big = big_log(args.big_lines, args.folder)
            print(f"== 3. DuckDB on a {args.big_lines:,}-line log ({big.name})")
            for aggregate_only in (True, False):
                shape = "aggregated summary" if aggregate_only else "per-customer summaries"
                result = measure("duckdb", big, out, aggregate_only=aggregate_only)
                print(f"   {shape}:")
                print(_line(result), flush=True)
                if not result.get("failed"):
                    seconds, peak = result["timings"]["total"], result["peak"]
                    met = seconds <= BIG_TARGET_SECONDS and peak <= BIG_TARGET_BYTES
                    print(
                        f"   {seconds / BIG_TARGET_SECONDS:.2f} × the {BIG_TARGET_SECONDS:g} s "
                        f"target, {peak / BIG_TARGET_BYTES:.2f} × the 4 GiB target"
                        + ("  target met" if met else "  TARGET MISSED")
                    )


if __name__ == "__main__":
    main()
