"""The summaries inside DuckDB, Polars and Ibis equal the pandas path (same index, columns, values).

A few hundred thousand order lines: the synthetic company drawn with several seeds, the
customers relabelled so the companies do not mix, returned lines included (they must be
left out inside the engine too); and an untidy log settled by ``from_transactions``
(returns netted, zero-amount lines, times of day). Spark has its own module
(``test_engines_spark.py``: one Spark session per test run).
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import ibis
import numpy as np
import pandas as pd
import polars as pl
import pytest

from crmlab import data, retention, rfm

sys.path.insert(0, str(Path(__file__).parent))
from _messy_logs import ARGUMENTS, messy_log

pytestmark = pytest.mark.slow

ENGINES = {
    "duckdb": duckdb.from_df,
    "polars": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "ibis": ibis.memtable,
}

SUMMARIES = {
    "rfm": lambda t: rfm.rfm_table(t),
    "rfm lines at a day": lambda t: rfm.rfm_table(t, "2024-06-30", by_order=False),
    "rfm returned lines too": lambda t: rfm.rfm_table(t, exclude_returns=False),
    "btyd": lambda t: rfm.btyd_summary(t),
    "btyd hold-out": lambda t: rfm.btyd_summary(t, holdout=True),
    "btyd days, no money": lambda t: rfm.btyd_summary(
        t, "2025-06-30", "2024-12-31", time_unit="D", monetary=False
    ),
    "btyd aggregated": lambda t: rfm.btyd_summary(t, holdout=True, aggregate=True),
    "btyd aggregated money": lambda t: rfm.btyd_summary(t, aggregate="monetary"),
    "cohorts by week": lambda t: retention.cohort_retention(t, "W").counts,
    "cohorts by month": lambda t: retention.cohort_retention(t, "M").retention,
    "cohorts by quarter at a day": lambda t: (
        retention.cohort_retention(t, "Q", observation_end="2024-08-15").counts
    ),
    "cohort sizes by year": lambda t: retention.cohort_retention(t, "Y").cohort_sizes.to_frame(),
}


@pytest.fixture(scope="module")
def company() -> pd.DataFrame:
    """About 280,000 order lines of four companies, each twice under other customer ids."""
    parts = []
    for seed in (1, 2, 3, 4):
        tx = data.generate_world(6000, seed=seed).transactions
        for copy in ("a", "b"):
            part = tx.copy()
            part["customer_id"] = f"{seed}{copy}-" + part["customer_id"].astype(str)
            part["order_id"] = f"{seed}{copy}-" + part["order_id"].astype(str)
            parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    assert len(frame) > 250_000 and frame["returned"].any()
    return frame


@pytest.fixture(scope="module")
def netted(tmp_path_factory) -> pd.DataFrame:
    """An untidy log (returns, cancellations, duplicates, free items, times of day), settled."""
    path = tmp_path_factory.mktemp("engines") / "log.parquet"
    messy_log(seeds=(5, 6), n_customers=1500).to_parquet(path, index=False)
    return data.from_transactions(path, **ARGUMENTS)


def _equal(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9, atol=1e-9)


@pytest.fixture(scope="module")
def in_engines(company) -> dict[str, object]:
    """The company's lines in every engine, converted once."""
    return {name: make(company) for name, make in ENGINES.items()}


@pytest.fixture(scope="module")
def expected(company) -> dict[str, pd.DataFrame]:
    """Every summary by the pandas path, computed once."""
    return {name: summary(company) for name, summary in SUMMARIES.items()}


@pytest.mark.parametrize("summary", list(SUMMARIES))
@pytest.mark.parametrize("engine", list(ENGINES))
def test_summary_in_engine_equals_pandas(in_engines, expected, engine, summary):
    _equal(SUMMARIES[summary](in_engines[engine]), expected[summary])


@pytest.mark.parametrize("engine", list(ENGINES))
def test_summaries_of_a_netted_log_in_engine_equal_pandas(netted, engine):
    lines = netted.copy()
    lines.attrs = {}  # the load report stays with the pandas frame
    table = ENGINES[engine](lines)
    for name in ("rfm", "btyd hold-out", "cohorts by month"):
        _equal(SUMMARIES[name](table), SUMMARIES[name](netted))


def test_aggregated_summary_counts_every_customer_once(company):
    full = rfm.btyd_summary(company, holdout=True)
    agg = rfm.btyd_summary(duckdb.from_df(company), holdout=True, aggregate=True)
    keys = ["frequency", "recency", "T", "frequency_holdout", "duration_holdout"]
    assert list(agg.columns) == [*keys, "weight"]
    assert agg["weight"].dtype == np.int64
    assert int(agg["weight"].sum()) == len(full)
    assert not agg.duplicated(keys).any()
    assert len(agg) < len(full) / 2  # the point: far fewer rows than customers
    expanded = agg.loc[agg.index.repeat(agg["weight"]), keys].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        expanded, full[keys].sort_values(keys).reset_index(drop=True), check_exact=True
    )
    money = rfm.btyd_summary(company, aggregate="monetary")
    repeat = rfm.btyd_summary(company)["frequency"] > 0
    assert int(money["weight"].sum()) == int(repeat.sum())
    assert list(money.columns) == ["frequency", "monetary", "weight"]


def test_pandas_keeps_its_own_path(company, monkeypatch):
    import crmlab.rfm

    def refuse(*args, **kwargs):
        raise AssertionError("the pandas path must not go through the engine layer")

    monkeypatch.setattr(crmlab.rfm, "rfm_aggregates", refuse)
    monkeypatch.setattr(crmlab.rfm, "btyd_aggregates", refuse)
    assert len(rfm.rfm_table(company)) > 0
    assert len(rfm.btyd_summary(company)) > 0


def test_bad_tables_say_what_is_wrong():
    good = duckdb.sql(
        "select 'a' as customer_id, 'o1' as order_id, timestamp '2024-01-02' as order_date, "
        "5.0 as amount"
    )
    with pytest.raises(TypeError, match="a DuckDB relation"):
        rfm.rfm_table([1, 2, 3])
    with pytest.raises(ValueError, match="missing columns 'amount'"):
        rfm.rfm_table(duckdb.sql("select 'a' as customer_id, date '2024-01-02' as order_date"))
    with pytest.raises(ValueError, match="not dates"):
        rfm.btyd_summary(duckdb.sql("select 'a' as customer_id, '2024' as order_date, 1 as amount"))
    with pytest.raises(ValueError, match="not numbers"):
        rfm.rfm_table(good.project("customer_id, order_id, order_date, 'x' as amount"))
    with pytest.raises(ValueError, match="not booleans"):
        rfm.rfm_table(good.project("*, 'no' as returned"))
    with pytest.raises(ValueError, match="'customer_id' has 1 missing"):
        rfm.rfm_table(good.project("NULL::VARCHAR as customer_id, order_id, order_date, amount"))
    with pytest.raises(ValueError, match="no purchases on or before"):
        rfm.rfm_table(good.project("*, true as returned"), "2024-01-02")
    with pytest.raises(ValueError, match="calibration_end"):
        rfm.btyd_summary(good, calibration_end="2024-01-02")
    with pytest.raises(ValueError, match="aggregate"):
        rfm.btyd_summary(good, aggregate="yes")
    empty = pl.DataFrame(
        {"customer_id": [], "order_date": [], "amount": []},
        schema={"customer_id": pl.String, "order_date": pl.Datetime, "amount": pl.Float64},
    )
    with pytest.raises(ValueError, match="no rows"):
        retention.cohort_retention(empty)


def test_weighted_fits_on_the_engine_aggregate_equal_the_full_fits(company):
    from crmlab import models

    lines = company.loc[company["customer_id"].str.startswith(("1a-", "2a-"))]
    table = duckdb.from_df(lines)
    full = rfm.btyd_summary(lines)
    agg = rfm.btyd_summary(table, aggregate=True)
    whole = models.fit_bgnbd(full["frequency"], full["recency"], full["T"]).params
    weighted = models.fit_bgnbd(
        agg["frequency"], agg["recency"], agg["T"], weights=agg["weight"]
    ).params
    for name, value in whole.items():
        assert weighted[name] == pytest.approx(value, rel=1e-6)
    repeat = full.loc[full["frequency"] > 0]
    money = rfm.btyd_summary(table, aggregate="monetary")
    whole = models.fit_gamma_gamma(repeat["frequency"], repeat["monetary"]).params
    weighted = models.fit_gamma_gamma(
        money["frequency"], money["monetary"], weights=money["weight"]
    ).params
    for name, value in whole.items():
        assert weighted[name] == pytest.approx(value, rel=1e-6)
