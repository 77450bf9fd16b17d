"""``scan``: an order log larger than memory as a lazy table in contract names (private).

:func:`crmlab.data.from_transactions` reads a log into pandas. A log of hundreds of
millions of lines does not fit; :func:`scan` describes the same cleaning as a lazy query
over the CSV or Parquet files instead — nothing is read until a summary
(:func:`crmlab.rfm.rfm_table`, :func:`crmlab.rfm.btyd_summary`,
:func:`crmlab.retention.cohort_retention`) runs it inside the engine. The steps are those
of ``from_transactions``: exact duplicates dropped, lines without a customer dropped,
returns netted by the purchases-and-returns rule (:mod:`crmlab.data._lazy_netting`), the
contract's defaults filled in. What they did is counted on request by
:func:`scan_report`, which runs a few aggregate queries and returns the same
:class:`LoadReport` ``from_transactions`` attaches.
"""

from __future__ import annotations

import difflib
import glob
import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import narwhals as nw

from crmlab.data import _report as R
from crmlab.data._lazy_netting import POS, TOL, settle_lazy
from crmlab.data._netting import Settlement
from crmlab.data._parse import TRUE
from crmlab.data._report import DataError, LoadReport

__all__ = ["ENGINES", "TARGETS", "is_scanned", "scan", "scan_report"]

ENGINES = ("duckdb", "spark", "polars")
#: what ``columns=`` may map a file's column onto
TARGETS = (
    "customer_id",
    "order_date",
    "amount",
    "quantity",
    "price",
    "order_id",
    "product",
    "returned",
)
_PARQUET = (".parquet", ".pq")
_TEXT = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz")


@dataclass(frozen=True)
class _Pending:
    """What :func:`scan_report` needs: the raw, deduplicated and annotated lazy frames."""

    file: str
    raw: nw.LazyFrame[Any]
    deduplicated: nw.LazyFrame[Any] | None
    annotated: nw.LazyFrame[Any]
    renamed: tuple[tuple[str, str], ...]
    has_quantity: bool
    has_order: bool
    file_kind: str


_LOCK = threading.Lock()
_PENDING: dict[int, tuple[weakref.ref[Any], _Pending]] = {}


def _remember(table: object, pending: _Pending) -> None:
    key = id(table)

    def forget(_: object) -> None:
        with _LOCK:
            _PENDING.pop(key, None)

    with _LOCK:
        _PENDING[key] = (weakref.ref(table, forget), pending)


def is_scanned(table: object) -> bool:
    """``True`` for the very table :func:`scan` returned (its files are read as they were).

    Examples
    --------
    >>> is_scanned(object())
    False
    """
    with _LOCK:
        entry = _PENDING.get(id(table))
    return entry is not None and entry[0]() is table


def _files(source: str | os.PathLike[str]) -> list[str]:
    text = os.fspath(source)
    if any(ch in text for ch in "*?["):
        files = sorted(glob.glob(text, recursive=True))
    elif os.path.isdir(text):
        files = sorted(
            str(p) for p in Path(text).iterdir() if p.name.lower().endswith(_PARQUET + _TEXT)
        )
    elif os.path.exists(text):
        files = [text]
    else:
        raise DataError(
            f"{text}: no such file or folder. Fix: pass a CSV or Parquet file, a folder of "
            "them or a glob such as 'orders/*.parquet'",
            file=text,
        )
    if not files:
        raise DataError(
            f"{text}: no CSV or Parquet file found. Fix: pass a file, a folder holding "
            ".csv / .parquet files or a glob that matches some",
            file=text,
        )
    kinds = {"parquet" if f.lower().endswith(_PARQUET) else "text" for f in files}
    if len(kinds) > 1:
        raise DataError(
            f"{text}: mixes Parquet and text files. Fix: scan one kind at a time", file=text
        )
    for f in files:
        if not f.lower().endswith(_PARQUET + _TEXT):
            raise DataError(
                f"{f}: not a .csv / .tsv / .txt or .parquet file. Fix: convert it, or use "
                "crmlab.data.from_transactions for Excel workbooks",
                file=f,
            )
    return files


def _read_duckdb(
    files: list[str],
    sep: str | None,
    connection: Any,
    options: dict,
    text: list[str],
    positions: bool = True,
) -> Any:
    import duckdb

    con = connection if connection is not None else duckdb.default_connection()
    if files[0].lower().endswith(_PARQUET):
        parts = [
            con.read_parquet(f, file_row_number=True, **options).project(
                f"* EXCLUDE (file_row_number), ({i}::BIGINT << 40) + file_row_number AS {POS}"
            )
            if positions
            else con.read_parquet(f, **options).project(f"*, 0::BIGINT AS {POS}")
            for i, f in enumerate(files)
        ]
    else:
        kw = dict(options)
        if sep is not None:
            kw.setdefault("sep", sep)
        if text:
            kw["dtype"] = {**dict.fromkeys(text, "VARCHAR"), **kw.get("dtype", {})}
        number = "row_number() OVER ()" if positions else "0"
        parts = [
            con.read_csv(f, **kw).project(f"*, ({i}::BIGINT << 40) + {number} AS {POS}")
            for i, f in enumerate(files)
        ]
    rel = parts[0]
    for part in parts[1:]:
        rel = rel.union(part)
    return rel


def _read_spark(
    files: list[str],
    sep: str | None,
    session: Any,
    options: dict,
    text: list[str],
    positions: bool = True,
) -> Any:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as ST

    spark = session if session is not None else SparkSession.builder.getOrCreate()
    if files[0].lower().endswith(_PARQUET):
        frame = spark.read.options(**options).parquet(*files)
    else:
        kw = {"header": True, "inferSchema": True, **options}
        if sep is not None:
            kw.setdefault("sep", sep)
        frame = spark.read.options(**kw).csv(files)
        if text:  # ids as written in the file, as from_transactions reads them
            schema = ST.StructType(
                [
                    ST.StructField(f.name, ST.StringType()) if f.name in text else f
                    for f in frame.schema.fields
                ]
            )
            frame = spark.read.options(**kw).schema(schema).csv(files)
    return frame.withColumn(POS, F.monotonically_increasing_id() if positions else F.lit(0))


def _read_polars(
    files: list[str], sep: str | None, options: dict, text: list[str], positions: bool = True
) -> Any:
    import polars as pl

    if files[0].lower().endswith(_PARQUET):
        frame = pl.scan_parquet(files, **options)
    else:
        kw = {"try_parse_dates": True, **options}
        if sep is not None:
            kw.setdefault("separator", sep)
        if text:
            kw["schema_overrides"] = {
                **dict.fromkeys(text, pl.String),
                **kw.get("schema_overrides", {}),
            }
        frame = pl.scan_csv(files, **kw)
    if not positions:
        return frame.with_columns(pl.lit(0, dtype=pl.Int64).alias(POS))
    return frame.with_row_index(POS).with_columns(pl.col(POS).cast(pl.Int64))


def _mapping(columns: dict[str, str] | None, have: list[str], name: str) -> dict[str, str]:
    """``{contract target: file column}``, checked; DataError naming the wrong names."""
    if columns is None:
        columns = {c: c for c in have if c in TARGETS}
    wrong = [t for t in columns.values() if t not in TARGETS]
    if wrong:
        raise ValueError(
            f"columns: {wrong[0]!r} is not a name scan maps onto; use one of {', '.join(TARGETS)}"
        )
    targets = list(columns.values())
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise ValueError(f"columns: two columns map onto {twice[0]!r}; keep one")
    for theirs in columns:
        if theirs not in have:
            close = difflib.get_close_matches(str(theirs), [str(h) for h in have], n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise DataError(
                f"{name}: columns= names {theirs!r}, a column the file does not have (it has: "
                f"{', '.join(repr(h) for h in have)}).{hint} Fix: map one of those names.",
                file=name,
                column=str(theirs),
            )
    mapped = {ours: theirs for theirs, ours in columns.items()}
    for need in ("customer_id", "order_date"):
        if need not in mapped:
            raise DataError(
                f"{name}: no column maps onto {need!r}. Fix: columns={{'your column': "
                f"'{need}', ...}}",
                file=name,
                column=need,
            )
    if "amount" not in mapped and not {"quantity", "price"} <= set(mapped):
        raise DataError(
            f"{name}: name the money of a line: map a column onto 'amount', or onto "
            "'quantity' and 'price' (amount = quantity × price)",
            file=name,
            column="amount",
        )
    if "amount" in mapped and "price" in mapped:
        raise ValueError("columns: map either 'amount' or 'quantity' and 'price', not both")
    return mapped


def _ids(column: str, dtype: Any, *, strip: bool = True) -> nw.Expr:
    """Ids as text: 17850.0 from a number column becomes '17850'; blank text is missing.

    ``strip=False`` (the caller knows no id has surrounding blanks) skips the strip, which
    costs a second per column and million lines in DuckDB.
    """
    col = nw.col(column)
    if dtype.is_float():
        whole = col.cast(nw.Int64)
        return (
            nw.when(col == whole.cast(nw.Float64))
            .then(whole.cast(nw.String))
            .otherwise(col.cast(nw.String))
        )
    if dtype.is_numeric():
        return col.cast(nw.String)
    text = col.cast(nw.String).str.strip_chars() if strip else col.cast(nw.String)
    return nw.when(text != "").then(text)


#: every character any engine's ``strip_chars()`` may strip (Python's whitespace)
_BLANKS = [chr(i) for i in range(0x3001) if chr(i).isspace()]


def _needs_strip(column: str, dtype: Any) -> nw.Expr | None:
    """Lines whose text id starts or ends with a blank (``None`` for a number column).

    Looks at the first and last character only (five times cheaper than stripping), against
    every blank any engine strips, so a count of 0 means stripping would change nothing.
    """
    if dtype.is_numeric():
        return None
    text = nw.col(column).cast(nw.String)
    blank = text.str.slice(0, 1).is_in(_BLANKS) | text.str.slice(-1).is_in(_BLANKS)
    return blank.fill_null(False).cast(nw.Int64).sum()


def _dates(column: str, dtype: Any, date_format: str | None, name: str) -> nw.Expr:
    col = nw.col(column)
    if isinstance(dtype, nw.Datetime):
        return col.cast(nw.Datetime("us"))
    if isinstance(dtype, nw.Date):
        return col.cast(nw.Datetime("us"))
    if date_format is None:
        raise DataError(
            f"{name}: column '{column}' (order_date) was read as text, not dates. Fix: pass "
            "date_format= the way the dates are written, e.g. '%d/%m/%Y %H:%M'",
            file=name,
            column=column,
        )
    return col.cast(nw.String).str.to_datetime(format=date_format).cast(nw.Datetime("us"))


def _flag(column: str, dtype: Any) -> nw.Expr:
    col = nw.col(column)
    if dtype == nw.Boolean:
        return col.fill_null(False)
    text = col.cast(nw.String).str.strip_chars().str.to_lowercase()
    return text.is_in(list(TRUE)).fill_null(False)


def _check_values(
    raw: nw.LazyFrame[Any],
    made: dict[str, nw.Expr],
    mapped: dict[str, str],
    name: str,
    strips: dict[str, nw.Expr],
) -> dict[str, int]:
    """One aggregate query: every line with a customer has a date and an amount.

    Returns the number of negative lines (returns, ``"neg"``) and of zero-amount lines
    (``"zero"``), so that a log without returns skips the netting windows and one without
    zero-amount lines the per-day windows, and — for each id column of ``strips`` — the
    number of ids with surrounding blanks, so that ids without any are not stripped again
    in every query.

    A line the engine cannot read (a date not in ``date_format``, an amount that is not a
    number) stops here with a DataError, as in ``from_transactions``, rather than
    vanishing from the log.
    """
    has_customer = ~made["customer_id"].is_null()
    checks = {"order_date": made["order_date"], "amount": made["amount"]}
    counts = [
        (expr.is_null() & has_customer).cast(nw.Int64).sum().alias(k) for k, expr in checks.items()
    ]
    negative = made["amount"] < 0
    if "quantity" in made:
        negative = negative | (made["quantity"] < 0)
    counts.append((negative & has_customer).fill_null(False).cast(nw.Int64).sum().alias("neg"))
    zero = (made["amount"].abs() <= TOL) & has_customer
    counts.append(zero.fill_null(False).cast(nw.Int64).sum().alias("zero"))
    counts += [expr.alias(f"strip_{k}") for k, expr in strips.items()]
    query = raw.select(*counts)
    try:
        out = query.collect(backend="pandas").to_native()
    except Exception as exc:  # the engine's own conversion error, kept as the cause
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"{name}: the engine could not read the values ({first}). Fix: amounts, "
            "quantities and prices must be numbers; text dates must match date_format=",
            file=name,
        ) from exc
    for target in checks:
        missing = int(out[target].iloc[0])
        if missing:
            column = mapped.get(target, f"{mapped.get('quantity')} × {mapped.get('price')}")
            raise DataError(
                f"{name}: column '{column}' ({target}): {missing} line(s) with a customer "
                f"have no {target.replace('_', ' ')}. Fix: fill them in, or remove those lines",
                file=name,
                column=column,
            )
    return {k: int(out[k].iloc[0] or 0) for k in out.columns if k not in checks}


def scan(
    source: str | os.PathLike[str],
    columns: dict[str, str] | None = None,
    *,
    engine: str = "duckdb",
    date_format: str | None = None,
    sep: str | None = None,
    deduplicate: bool = True,
    connection: Any = None,
    session: Any = None,
    **options: Any,
) -> Any:
    """An order log in CSV or Parquet files as a lazy table in contract names, returns netted.

    Nothing is loaded here — the files' column names are read, and one aggregate query
    checks that every line has a date and an amount; the result is the engine's own
    lazy table (a DuckDB relation by default), which the summaries —
    :func:`crmlab.rfm.rfm_table`, :func:`crmlab.rfm.btyd_summary`,
    :func:`crmlab.retention.cohort_retention` — run inside the engine, so a log larger
    than memory is summarised without being loaded. The lines are cleaned as
    :func:`crmlab.data.from_transactions` cleans them:

    1. exact duplicate lines (every column equal) are dropped (``deduplicate=True``);
    2. lines without a customer id are dropped; ids are text (``17850.0`` → ``'17850'``);
    3. returns (amount < 0 or quantity < 0) are netted against the same customer's (same
       product's) purchases on or before their time, latest first; a purchase day whose
       lines are all cancelled stops being a purchase; a return with nothing to net
       against is dropped; lines flagged by the ``returned`` column cancel themselves;
    4. zero-amount lines stay purchases; ``order_id`` defaults to one order per
       customer-day (``<customer_id>|<YYYY-MM-DD>``), ``returned`` and ``written_off``
       to False.

    The counts (duplicates, lines without a customer, netted and cancelled lines, purchase
    days removed, customers left without a purchase) are computed on request by
    :func:`scan_report`.

    Parameters
    ----------
    source
        A ``.parquet`` or ``.csv`` / ``.tsv`` / ``.txt`` file, a folder of them or a glob
        (``"orders/*.parquet"``); several files are read as one log, in sorted order.
    columns
        The file's column names mapped onto the names scan knows, ``{yours: ours}``:
        ``customer_id``, ``order_date``, ``amount`` (or ``quantity`` and ``price``),
        ``order_id``, ``product`` (returns netted per product, kept as ``product``),
        ``returned`` (a flag column: true/yes/是/1 mark a cancelled line). Default: the
        file's columns that already have these names.
    engine
        ``"duckdb"`` (default, in-process, no server), ``"spark"`` (the active
        ``SparkSession`` or ``session=``) or ``"polars"``.
    date_format
        How text dates are written (``"%d/%m/%Y %H:%M"``); dates the engine reads as
        timestamps need none.
    sep
        The separator of text files (default: the engine's detection / ``","``).
    deduplicate
        Drop exact duplicate lines (a group-by over every column: the costliest step on a
        very large log; pass ``False`` when the log is known to have none).
    connection, session
        The DuckDB connection (default: DuckDB's default connection) or the SparkSession.
    **options
        Passed to the engine's reader (DuckDB ``read_csv`` / ``read_parquet``, Spark
        ``spark.read.options``, Polars ``scan_csv`` / ``scan_parquet``).

    Returns
    -------
    DuckDB relation, Spark DataFrame or Polars LazyFrame
        Columns ``order_id``, ``customer_id``, ``order_date`` (timestamp), ``quantity``
        (when mapped), ``amount``, ``returned``, ``written_off`` and ``product`` (when
        mapped); other columns of the files are left out.

    Raises
    ------
    DataError
        No such file, no CSV / Parquet file, a mapped column the file does not have,
        no column for the customer, the date or the money, text dates without
        ``date_format``, and — from one aggregate query over the date and money columns —
        lines with a customer but no date or amount, or values the engine cannot read.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> from crmlab import rfm
    >>> folder = tempfile.mkdtemp()
    >>> pd.DataFrame({"cust": ["a", "a", "a", "b"],
    ...               "day": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-06",
    ...                                      "2024-01-03"]),
    ...               "paid": [100.0, 50.0, -80.0, 20.0]}).to_parquet(f"{folder}/log.parquet")
    >>> log = scan(folder, {"cust": "customer_id", "day": "order_date", "paid": "amount"})
    >>> rfm.rfm_table(log)["total"].tolist()
    [70.0, 20.0]
    >>> scan_report(log).count("purchase lines cancelled in part")
    1
    """
    if engine not in ENGINES:
        raise ValueError(f"engine: one of {', '.join(ENGINES)}, got {engine!r}")
    files = _files(source)
    name = os.fspath(source)

    def read(text: list[str], positions: bool = True) -> nw.LazyFrame[Any]:
        if engine == "duckdb":
            native = _read_duckdb(files, sep, connection, options, text, positions)
        elif engine == "spark":
            native = _read_spark(files, sep, session, options, text, positions)
        else:
            native = _read_polars(files, sep, options, text, positions)
        return nw.from_native(native)

    raw = read([])
    have = [c for c in raw.collect_schema().names() if c != POS]
    mapped = _mapping(columns, have, name)
    text = [mapped[k] for k in ("customer_id", "order_id", "product") if k in mapped]
    if not files[0].lower().endswith(_PARQUET) and text:
        raw = read(text)  # ids of a text file stay as written ('17850.0' is not 17850)
    schema = raw.collect_schema()
    deduplicated = raw.group_by(*have).agg(nw.col(POS).min()) if deduplicate else None
    frame = deduplicated if deduplicated is not None else raw

    made = {
        "customer_id": _ids(mapped["customer_id"], schema[mapped["customer_id"]]),
        "order_date": _dates(mapped["order_date"], schema[mapped["order_date"]], date_format, name),
    }
    if "quantity" in mapped:
        made["quantity"] = nw.col(mapped["quantity"]).cast(nw.Int64)
    if "amount" in mapped:
        made["amount"] = nw.col(mapped["amount"]).cast(nw.Float64)
    else:
        made["amount"] = (
            nw.col(mapped["quantity"]).cast(nw.Float64) * nw.col(mapped["price"]).cast(nw.Float64)
        ).round(10)
    if "order_id" in mapped:
        made["order_id"] = _ids(mapped["order_id"], schema[mapped["order_id"]])
    if "product" in mapped:
        made["product"] = nw.col(mapped["product"])
    if "returned" in mapped:
        made["__cancelled"] = _flag(mapped["returned"], schema[mapped["returned"]])
    strips = {
        k: expr
        for k in ("customer_id", "order_id")
        if k in mapped and (expr := _needs_strip(mapped[k], schema[mapped[k]])) is not None
    }
    counted = _check_values(raw, made, mapped, name, strips)
    for k in strips:
        if not counted[f"strip_{k}"]:  # no id with blanks around it: no strip per query
            made[k] = _ids(mapped[k], schema[mapped[k]], strip=False)
    negatives, zeros = counted["neg"], counted["zero"]
    netting = bool(negatives) or "returned" in mapped
    if not netting:  # nothing to net: no line order needed, read without positions
        raw = read(text if not files[0].lower().endswith(_PARQUET) else [], positions=False)
        deduplicated = raw.group_by(*have).agg(nw.col(POS).min()) if deduplicate else None
        frame = deduplicated if deduplicated is not None else raw
    lines = frame.select(nw.col(POS), *[expr.alias(k) for k, expr in made.items()])
    annotated = settle_lazy(
        lines.filter(~nw.col("customer_id").is_null()),
        product="product" if "product" in mapped else None,
        quantity="quantity" in mapped,
        cancelled="__cancelled" if "returned" in mapped else None,
        netting=netting,
        zero_lines=bool(zeros),
    )
    part = nw.col("__part")
    amount = nw.when(part).then(nw.col("__left")).otherwise(nw.col("amount"))
    day_text = nw.col("order_date").dt.to_string("%Y-%m-%d")
    order = (
        nw.col("order_id")
        if "order_id" in mapped
        else nw.concat_str([nw.col("customer_id"), nw.lit("|"), day_text])
    )
    out = [order.alias("order_id"), nw.col("customer_id"), nw.col("order_date")]
    if "quantity" in mapped:
        share = nw.col("__left") / nw.col("__a")
        scaled = (nw.col("quantity").cast(nw.Float64) * share).round(0).cast(nw.Int64)
        out.append(nw.when(part).then(scaled).otherwise(nw.col("quantity")).alias("quantity"))
    out += [
        amount.alias("amount"),
        nw.lit(value=False).alias("returned"),
        nw.lit(value=False).alias("written_off"),
    ]
    if "product" in mapped:
        out.append(nw.col("product"))
    result = annotated.filter(nw.col("__still")).select(*out).to_native()
    renamed = tuple((theirs, ours) for ours, theirs in mapped.items() if theirs != ours)
    _remember(
        result,
        _Pending(
            file=name,
            raw=raw,
            deduplicated=deduplicated,
            annotated=annotated,
            renamed=renamed,
            has_quantity="quantity" in mapped,
            has_order="order_id" in mapped,
            file_kind="parquet" if files[0].lower().endswith(_PARQUET) else "text",
        ),
    )
    return result


def _one_row(frame: nw.LazyFrame[Any]) -> dict[str, Any]:
    out = frame.collect(backend="pandas").to_native()
    return {k: out[k].iloc[0] for k in out.columns}


def scan_report(table: object) -> LoadReport:
    """What :func:`scan` did to the log, counted now (a few aggregate queries, no loading).

    The same :class:`LoadReport` as :func:`crmlab.data.from_transactions` attaches:
    ``rows_read``, ``rows_returned``, ``dropped`` (exact duplicates, lines without a
    customer id, returns with nothing to net against), ``netted`` (returns netted,
    purchase lines cancelled in full / in part, lines cancelled by the ``returned``
    column, purchase days removed), ``unmatched_amount`` and ``customers_removed``.

    Parameters
    ----------
    table
        A table returned by :func:`scan` (the very object, not a query built on it).

    Raises
    ------
    ValueError
        ``table`` did not come from :func:`scan`.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> path = tempfile.mkdtemp() + "/log.csv"
    >>> pd.DataFrame({"customer_id": ["a", "a", None, "b"],
    ...               "order_date": ["2024-01-02", "2024-01-02", "2024-01-04", "2024-01-03"],
    ...               "amount": [10.0, 10.0, 5.0, -3.0]}).to_csv(path, index=False)
    >>> report = scan_report(scan(path))
    >>> report.rows_read, report.rows_returned, report.customers_removed
    (4, 1, 1)
    >>> report.count("exact duplicate lines"), report.count("lines without a customer id")
    (1, 1)
    """
    if not is_scanned(table):
        raise ValueError(
            "scan_report: this table did not come from crmlab.data.scan (pass the table scan "
            "returned, before any further query)"
        )
    with _LOCK:
        p = _PENDING[id(table)][1]
    n_read = int(_one_row(p.raw.select(nw.len().alias("n")))["n"])
    n_distinct = (
        int(_one_row(p.deduplicated.select(nw.len().alias("n")))["n"])
        if p.deduplicated is not None
        else n_read
    )
    a = p.annotated
    i64 = nw.Int64
    line = _one_row(
        a.select(
            nw.len().alias("lines"),
            nw.col("__still").cast(i64).sum().alias("still"),
            nw.col("__neg").cast(i64).sum().alias("returns"),
            (nw.col("__neg") & (nw.col("amount").abs() - nw.col("__unmatched") > TOL))
            .cast(i64)
            .sum()
            .alias("matched_some"),
            (nw.col("__neg") & (nw.col("amount").abs() <= TOL)).cast(i64).sum().alias("zero"),
            (nw.col("__unmatched") > TOL).cast(i64).sum().alias("unmatched"),
            nw.col("__unmatched").sum().alias("unmatched_amount"),
            nw.col("__gone").cast(i64).sum().alias("gone"),
            nw.col("__part").cast(i64).sum().alias("part"),
            nw.col("__cancel").cast(i64).sum().alias("cancelled"),
        )
    )
    days = (
        a.group_by("customer_id", "__day")
        .agg(
            nw.col("__purchase").cast(i64).max().alias("p"),
            nw.col("__still").cast(i64).max().alias("s"),
        )
        .group_by("customer_id")
        .agg(
            ((nw.col("p") == 1) & (nw.col("s") == 0)).cast(i64).sum().alias("removed"),
            nw.col("s").max().alias("any"),
        )
    )
    per = _one_row(
        days.select(
            nw.col("removed").sum().alias("days_removed"),
            (1 - nw.col("any")).sum().alias("customers_removed"),
        )
    )
    settled = Settlement(
        returns="net",
        return_lines=int(line["returns"]),
        matched=int(line["matched_some"]) + int(line["zero"]),
        unmatched=int(line["unmatched"]),
        unmatched_amount=-float(line["unmatched_amount"] or 0.0),
        cancelled_full=int(line["gone"]),
        cancelled_part=int(line["part"]),
        self_cancelled=int(line["cancelled"]),
        days_removed=int(per["days_removed"] or 0),
        customers_removed=int(per["customers_removed"] or 0),
    )
    no_customer = n_distinct - int(line["lines"])
    still = int(line["still"])
    missing = ("line_no", "cost") + (() if p.has_quantity else ("quantity",))
    defaults = (
        ("returned", "False (no line returned)"),
        ("written_off", "False (no bad debt)"),
    )
    if not p.has_order:
        defaults = (
            ("order_id", "one order per customer-day (<customer_id>|<YYYY-MM-DD>)"),
            *defaults,
        )
    report = LoadReport(
        table="transactions",
        file=p.file,
        encoding="parquet" if p.file_kind == "parquet" else "n/a",
        rows_read=n_read,
        rows_returned=still,
        renamed=p.renamed,
        missing_optional=missing,
        dropped=(
            (R.DUPLICATES, n_read - n_distinct),
            (R.NO_CUSTOMER, no_customer),
            *settled.dropped(),
        ),
        notes=(*settled.notes(), f"kept {still} line(s)"),
        strict=False,
        defaults=defaults,
        netted=settled.netted(),
        unmatched_amount=settled.unmatched_amount,
        customers_removed=settled.customers_removed,
    )
    return report
