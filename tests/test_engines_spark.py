"""The summaries inside Spark (local mode) equal the pandas path; ``scan(engine="spark")`` too.

All Spark tests live in this module so that one Spark session serves the whole test run
(xdist's ``loadscope`` keeps a module on one worker). Spark runs in local mode bound to
127.0.0.1, without its web UI; it needs Java 17 (``.ci/run`` installs Debian's
``openjdk-17-jre-headless`` when ``java`` is missing). Spark cannot read Parquet
nanosecond timestamps, so the fixtures are written with microseconds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from crmlab import data, retention, rfm

sys.path.insert(0, str(Path(__file__).parent))
from _messy_logs import ARGUMENTS, COLUMNS, messy_log

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One local Spark session for the test run."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("crmlab-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    """About 280,000 order lines (four companies, each twice), and the same as Parquet."""
    parts = []
    for seed in (1, 2, 3, 4):
        tx = data.generate_world(6000, seed=seed).transactions
        for copy in ("a", "b"):
            part = tx.copy()
            part["customer_id"] = f"{seed}{copy}-" + part["customer_id"].astype(str)
            part["order_id"] = f"{seed}{copy}-" + part["order_id"].astype(str)
            parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    assert len(frame) > 250_000
    path = tmp_path_factory.mktemp("spark") / "company.parquet"
    frame.to_parquet(path, index=False, coerce_timestamps="us")
    return frame, path


def _equal(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9, atol=1e-9)


def test_summaries_in_spark_equal_pandas(spark, company):
    frame, path = company
    table = spark.read.parquet(str(path))
    assert type(table).__module__.startswith("pyspark")
    _equal(rfm.rfm_table(table), rfm.rfm_table(frame))
    _equal(rfm.btyd_summary(table, holdout=True), rfm.btyd_summary(frame, holdout=True))
    got, expected = retention.cohort_retention(table, "M"), retention.cohort_retention(frame, "M")
    _equal(got.counts, expected.counts)
    _equal(got.retention, expected.retention)


def test_scan_on_spark_nets_like_from_transactions(spark, tmp_path):
    path = tmp_path / "log.parquet"
    messy_log(seeds=(7,), n_customers=1500).to_parquet(path, index=False, coerce_timestamps="us")
    expected = data.from_transactions(path, **ARGUMENTS)
    lazy = data.scan(path, COLUMNS, engine="spark", session=spark)
    assert type(lazy).__module__.startswith("pyspark")
    _equal(rfm.btyd_summary(lazy, holdout=True), rfm.btyd_summary(expected, holdout=True))
    got, want = data.scan_report(lazy), expected.attrs["load_report"]
    assert (got.rows_read, got.rows_returned) == (want.rows_read, want.rows_returned)
    assert dict(got.netted) == dict(want.netted)
    assert dict(got.dropped) == dict(want.dropped)
    assert got.customers_removed == want.customers_removed
    assert got.unmatched_amount == pytest.approx(want.unmatched_amount, abs=1e-6)
