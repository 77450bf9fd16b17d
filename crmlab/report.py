"""The analysts' report (分析报告): an order log in, one self-contained HTML page out.

``python -m crmlab report SOURCE --customer C --date D --amount A`` (or ``make report``)
reads an order log in the analyst's own layout with :func:`crmlab.data.from_transactions`,
writes it as the contract's ``transactions.csv`` into a temporary folder, runs the notebook
``notebooks/10_your_data.ipynb`` on that folder through papermill (``DATA_DIR``,
``CURRENCY``, ``OBSERVATION_END``, ``CALIBRATION_END``) and exports the executed notebook as
HTML **without code cells**, charts embedded, so the page can be mailed or archived as it is.
The load report of the original file (what was dropped, netted or flagged) takes the place
of the notebook's own load report, which would describe the temporary copy.

``--engine duckdb`` (or ``spark``) reads the log with :func:`crmlab.data.scan` instead: the
lines are cleaned and netted inside the engine and written as ``transactions.parquet``
without passing through pandas, and the notebook (parameter ``ENGINE``) computes its
per-customer summaries in that engine; only one row per customer reaches pandas. The
tables of the report are the same as with ``--engine pandas`` (the default). The
engine-neutral helpers the notebook uses for the log itself — :func:`read_log`,
:func:`log_span`, :func:`up_to`, :func:`log_facts` — take a pandas DataFrame or any
engine's table.

The notebook ships with the repository, next to the package: the report needs crmlab
installed from a checkout (``pip install -e .``), and says so when the notebook is missing.

Examples
--------
>>> report_notebook().name
'10_your_data.ipynb'
>>> parse_returned("status=cancelled,returned")
('status', ['cancelled', 'returned'])
>>> parse_returned("is_return")
'is_return'
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from crmlab import data
from crmlab.paths import data_dir, repo_root
from crmlab.plots import DEFAULT_CURRENCY

__all__ = [
    "ENGINES",
    "NOTEBOOK",
    "LogFacts",
    "Report",
    "ReportError",
    "add_arguments",
    "build_report",
    "local_spark",
    "log_facts",
    "log_span",
    "parse_returned",
    "read_log",
    "report_notebook",
    "run",
    "up_to",
]

#: Where the report computes its summaries: pandas in memory, or inside DuckDB / Spark.
ENGINES = ("pandas", "duckdb", "spark")

#: The contract file the engine path writes for the notebook (a file, or Spark's folder).
_ENGINE_LOG = "transactions.parquet"

#: The notebook the report executes, relative to the repository checkout.
NOTEBOOK = Path("notebooks") / "10_your_data.ipynb"

#: Cell tag of the notebook cell that prints the load report (replaced by the source's).
_LOAD_REPORT_TAG = "load-report"

#: The HTML template: nbconvert's lab page without the scripts it would fetch from the web
#: (require.js for widgets, MathJax for formulas; the report shows neither).
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""


class ReportError(RuntimeError):
    """The report could not be built: the notebook is missing or stopped with an error."""


@dataclass(frozen=True)
class Report:
    """A written report.

    Attributes
    ----------
    path
        The HTML file written.
    load_report
        What :func:`crmlab.data.from_transactions` read, dropped, netted and flagged.
    transactions
        Order lines in the contract handed to the notebook (after cleaning and netting).
    seconds
        Wall-clock time of the whole run.
    """

    path: Path
    load_report: Any
    transactions: int
    seconds: float


def report_notebook() -> Path:
    """The notebook the report runs: ``notebooks/10_your_data.ipynb`` of the checkout.

    Raises
    ------
    ReportError
        When crmlab is not installed from a repository checkout (the notebooks are not
        part of a wheel); the message says where it looked and what to do.

    Examples
    --------
    >>> report_notebook().parent.name
    'notebooks'
    """
    path = repo_root() / NOTEBOOK
    if not path.is_file():
        raise ReportError(
            f"the report notebook {path} was not found. `python -m crmlab report` runs "
            f"{NOTEBOOK.as_posix()} of the CRM Lab repository: install crmlab from a checkout "
            "(`pip install -e .` in the repository) so the notebooks sit next to the package"
        )
    return path


def parse_returned(text: str | None) -> str | tuple[str, list[str]] | None:
    """Read the ``--returned`` option: ``COL`` (a yes/no flag column) or ``COL=V1,V2``.

    ``COL=V1,V2`` marks a line returned when its ``COL`` holds one of the values; it
    becomes the pair ``(COL, [V1, V2])`` that :func:`crmlab.data.from_transactions` takes.

    Raises
    ------
    ValueError
        For an empty column name or an empty list of values.

    Examples
    --------
    >>> parse_returned("Status=C")
    ('Status', ['C'])
    >>> parse_returned("=C")
    Traceback (most recent call last):
    ...
    ValueError: --returned: expected COL or COL=VALUE1,VALUE2, got '=C'
    """
    if text is None:
        return None
    column, sep, values = text.partition("=")
    column = column.strip()
    listed = [v.strip() for v in values.split(",") if v.strip()]
    if not column or (sep and not listed):
        raise ValueError(f"--returned: expected COL or COL=VALUE1,VALUE2, got {text!r}")
    return (column, listed) if sep else column


# ---------------------------------------------------------------- the log in any engine


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine: one of {', '.join(ENGINES)}, got {engine!r}")


def local_spark() -> Any:
    """The active SparkSession, or a local one on this machine (two cores, no web UI).

    On a cluster, start your session first (``SparkSession.builder…getOrCreate()``): it is
    the active one and is used as it is. Otherwise a local session is started, bound to
    127.0.0.1 so that it opens no port to the network.
    """
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return (
        SparkSession.builder.master("local[2]")
        .appName("crmlab")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def read_log(
    folder: str | os.PathLike[str] | None = None, engine: str = "pandas"
) -> tuple[Any, Any]:
    """The order log of a data folder and its load report, in the engine the analysis uses.

    ``engine="pandas"`` reads the folder's ``transactions.csv`` with
    :func:`crmlab.data.load_tables` (a DataFrame). ``"duckdb"`` and ``"spark"`` scan the
    folder's ``transactions.parquet`` (what ``python -m crmlab report --engine …`` writes),
    or else its ``transactions.csv``, with :func:`crmlab.data.scan` (a lazy table; the load
    report from :func:`crmlab.data.scan_report`). The folder holds contract tables, so
    nothing is deduplicated a second time.

    Parameters
    ----------
    folder
        The data folder (``None``: the committed ``datasets/``, or ``$CRMLAB_DATA``).
    engine
        ``"pandas"``, ``"duckdb"`` or ``"spark"`` (the active SparkSession, or
        :func:`local_spark`).

    Returns
    -------
    tuple
        The transactions (DataFrame or the engine's table) and the load report.

    Examples
    --------
    >>> log, load_report = read_log(engine="duckdb")
    >>> type(log).__name__, load_report.table
    ('DuckDBPyRelation', 'transactions')
    """
    _check_engine(engine)
    if engine == "pandas":
        transactions = data.load_tables(folder).transactions
        return transactions, transactions.attrs.get("load_report")
    base = data_dir(folder)
    file = base / _ENGINE_LOG
    if not file.exists():
        file = base / "transactions.csv"
    session = local_spark() if engine == "spark" else None
    table = data.scan(file, engine=engine, deduplicate=False, session=session)
    return table, data.scan_report(table)


def _lazy(table: object) -> nw.LazyFrame[Any]:
    frame = nw.from_native(table)
    return frame.lazy() if isinstance(frame, nw.DataFrame) else frame


def _to_pandas(frame: nw.LazyFrame[Any]) -> pd.DataFrame:
    return frame.collect(backend="pandas").to_native()


def log_span(table: object) -> pd.Series:
    """The first and the last order date of an order log (for ``analysis_window``).

    Examples
    --------
    >>> tx = pd.DataFrame({"order_date": pd.to_datetime(["2024-03-01 10:00", "2024-01-05 00:00"])})
    >>> log_span(tx).dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2024-01-05 00:00', '2024-03-01 10:00']
    """
    row = _to_pandas(
        _lazy(table).select(
            nw.col("order_date").min().alias("first"), nw.col("order_date").max().alias("last")
        )
    )
    return pd.Series([row["first"].iloc[0], row["last"].iloc[0]], name="order_date")


def up_to(table: object, observation_end: object) -> Any:
    """The lines of ``table`` on or before the day ``observation_end``, in the same engine.

    Examples
    --------
    >>> tx = pd.DataFrame({"order_date": pd.to_datetime(["2024-01-05 23:00", "2024-01-06 00:00"])})
    >>> len(up_to(tx, "2024-01-05"))
    1
    """
    day_after = pd.Timestamp(observation_end).normalize() + pd.Timedelta(days=1)
    return _lazy(table).filter(nw.col("order_date") < day_after.to_pydatetime()).to_native()


@dataclass(frozen=True)
class LogFacts:
    """What an order log holds, counted in its engine (see :func:`log_facts`).

    Attributes
    ----------
    lines
        Order lines.
    orders
        Distinct orders (``order_id``).
    monthly_orders
        Distinct orders per calendar month, indexed by the month's first day.
    cost_margin
        Gross-margin rate 1 − cost / amount over the lines not flagged ``returned``, or
        ``None`` when the log has no (non-missing) ``cost``.
    """

    lines: int
    orders: int
    monthly_orders: pd.Series
    cost_margin: float | None


def log_facts(table: object) -> LogFacts:
    """Lines, orders, orders per month and the cost margin of an order log, in its engine.

    ``table`` is a contract transactions table: a pandas DataFrame or an engine's table
    (e.g. from :func:`crmlab.data.scan`). Only these few numbers and the monthly series
    reach pandas.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "order_id": ["O1", "O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-01-05", "2024-02-01",
    ...                                   "2024-02-09"]),
    ...     "amount": [10.0, 20.0, 40.0, 30.0], "cost": [6.0, 12.0, 30.0, 20.0],
    ...     "returned": [False, False, False, True]})
    >>> facts = log_facts(tx)
    >>> facts.lines, facts.orders, facts.monthly_orders.tolist(), round(facts.cost_margin, 4)
    (4, 3, [1, 2], 0.3)
    """
    frame = _lazy(table)
    names = frame.collect_schema().names()
    counts = _to_pandas(frame.select(nw.len().alias("lines"), nw.col("order_id").n_unique()))
    month = nw.col("order_date").dt.truncate("1mo").alias("order_date")
    monthly = _to_pandas(
        frame.select(month, nw.col("order_id"))
        .group_by("order_date")
        .agg(nw.col("order_id").n_unique())
    )
    monthly["order_date"] = pd.to_datetime(monthly["order_date"]).astype("datetime64[ns]")
    monthly_orders = monthly.set_index("order_date")["order_id"].sort_index().astype("int64")
    margin = None
    if "cost" in names:
        sold = frame.filter(~nw.col("returned")) if "returned" in names else frame
        sums = _to_pandas(
            sold.select(
                nw.col("cost").sum(), nw.col("amount").sum(), nw.col("cost").count().alias("n")
            )
        )
        if int(sums["n"].iloc[0]) > 0:
            margin = float(1 - sums["cost"].iloc[0] / sums["amount"].iloc[0])
    return LogFacts(
        lines=int(counts["lines"].iloc[0]),
        orders=int(counts["order_id"].iloc[0]),
        monthly_orders=monthly_orders,
        cost_margin=margin,
    )


def _unescape(sep: str | None) -> str | None:
    """A separator typed on the command line: ``\\t`` is a tab."""
    return None if sep is None else sep.replace("\\t", "\t")


def _execute(notebook: Path, output: Path, folder: Path, parameters: dict[str, Any]) -> None:
    """Run the notebook with papermill; a failure becomes a ReportError with its message."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            cwd=str(folder),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"the report notebook stopped in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        ) from None


def _show_source_report(nb: Any, text: str) -> None:
    """Put the source's load report in place of the notebook's (or after the title)."""
    import nbformat

    output = nbformat.v4.new_output("stream", name="stdout", text=text + "\n")
    for cell in nb.cells:
        if _LOAD_REPORT_TAG in cell.get("metadata", {}).get("tags", []):
            cell.outputs = [output]
            return
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(f"```\n{text}\n```"))


def _write_html(executed: Path, out: Path, load_report: str) -> None:
    """The executed notebook as a self-contained HTML page without code cells."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    _show_source_report(nb, load_report)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and not c.get("outputs"))]
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"crmlab_report.html.j2": _TEMPLATE})],
        template_file="crmlab_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")


def _engine_log(
    source: Any,
    folder: Path,
    engine: str,
    columns: dict[str, str],
    *,
    date_format: str | None,
    sep: str | None,
    unsupported: list[str],
) -> tuple[Any, int]:
    """Scan the log in ``engine``, write its clean lines as ``transactions.parquet`` in
    ``folder`` (inside the engine) and return the load report and the number of lines."""
    if unsupported:
        raise ReportError(
            f"--engine {engine} does not read {', '.join(unsupported)}; use --engine pandas "
            "(the default) for this log, or convert it to CSV / Parquet first"
        )
    if not isinstance(source, str | os.PathLike):
        raise ReportError(
            f"engine={engine!r} scans files: pass the path of a CSV or Parquet file (or a "
            "folder / glob of them), not a DataFrame"
        )
    session = local_spark() if engine == "spark" else None
    table = data.scan(
        source, columns, engine=engine, date_format=date_format, sep=sep, session=session
    )
    load_report = data.scan_report(table)
    target = folder / _ENGINE_LOG
    if engine == "spark":
        table.write.mode("overwrite").parquet(str(target))
    else:
        table.write_parquet(str(target))
    import pyarrow.dataset

    return load_report, pyarrow.dataset.dataset(target).count_rows()


def build_report(
    source: Any,
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    order: str | None = None,
    product: str | None = None,
    returned: str | tuple[str, list[str]] | None = None,
    returns: str = "net",
    date_format: str | None = None,
    sep: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    currency: str = DEFAULT_CURRENCY,
    margin: float = 0.35,
    observation_end: str | None = None,
    calibration_end: str | None = None,
    out: str | os.PathLike[str] = "report.html",
    engine: str = "pandas",
) -> Report:
    """Read an order log, run the report notebook on it and write the HTML report.

    Parameters
    ----------
    source
        The order log: a CSV / text / Excel / Parquet file or a DataFrame (anything
        :func:`crmlab.data.from_transactions` reads); with ``engine="duckdb"`` or
        ``"spark"`` a CSV or Parquet file, a folder of them or a glob.
    customer, date, amount, quantity, price, order, product, returned, returns
        Passed to :func:`crmlab.data.from_transactions`: your column names and how to
        read the file. Give ``amount``, or ``quantity`` and ``price``.
    date_format, sep, sheet, encoding
        How to read the file, passed on as well (``None``: detected).
    currency
        The currency symbol of every chart and money sentence.
    margin
        The gross-margin rate the CLV assumes when the log has no cost column (the notebook's
        ``MARGIN``); the report says which margin it used.
    observation_end, calibration_end
        The two days of the analysis (``None``: derived from the data).
    out
        The HTML file to write.
    engine
        ``"pandas"`` (default): the log is read into memory. ``"duckdb"`` or ``"spark"``:
        it is scanned with :func:`crmlab.data.scan`, cleaned and netted inside the engine,
        and the notebook computes its per-customer summaries there (its ``ENGINE``
        parameter), for a log larger than memory. The engines read CSV and Parquet and do
        not take ``returned=(column, values)``, ``returns="flag"``, ``sheet`` or
        ``encoding``; the tables of the report are the same as with pandas.

    Returns
    -------
    Report

    Raises
    ------
    crmlab.data.DataError
        When the order log cannot be read (missing column, unparseable dates …).
    ReportError
        When the notebook is missing or stops (e.g. a calibration period too short for a
        hold-out); the message is the notebook's. Also for an option the engine does not
        support.
    ValueError
        For an unknown engine.
    """
    start = time.perf_counter()
    _check_engine(engine)
    notebook = report_notebook()
    out = Path(out).expanduser().resolve()
    with tempfile.TemporaryDirectory(prefix="crmlab-report-") as tmp:
        folder = Path(tmp)
        if engine == "pandas":
            transactions = data.from_transactions(
                source,
                customer=customer,
                date=date,
                amount=amount,
                quantity=quantity,
                price=price,
                order=order,
                product=product,
                returned=returned,
                returns=returns,
                date_format=date_format,
                sep=sep,
                sheet=sheet,
                encoding=encoding,
            )
            load_report = transactions.attrs.get("load_report")
            transactions.to_csv(folder / "transactions.csv", index=False, encoding="utf-8")
            lines = len(transactions)
        else:
            named = {
                customer: "customer_id",
                date: "order_date",
                amount: "amount",
                quantity: "quantity",
                price: "price",
                order: "order_id",
                product: "product",
                returned if isinstance(returned, str) else None: "returned",
            }
            unsupported = [
                option
                for option, used in (
                    ("--returned COL=V1,V2", isinstance(returned, tuple)),
                    ("--returns flag", returns != "net"),
                    ("--sheet", sheet is not None),
                    ("--encoding", encoding is not None),
                )
                if used
            ]
            load_report, lines = _engine_log(
                source,
                folder,
                engine,
                {theirs: ours for theirs, ours in named.items() if theirs is not None},
                date_format=date_format,
                sep=sep,
                unsupported=unsupported,
            )
        executed = folder / NOTEBOOK.name
        parameters = {
            "DATA_DIR": str(folder),
            "CURRENCY": currency,
            "MARGIN": float(margin),
            "OBSERVATION_END": None if observation_end is None else str(observation_end),
            "CALIBRATION_END": None if calibration_end is None else str(calibration_end),
            "ENGINE": engine,
        }
        try:
            _execute(notebook, executed, folder, parameters)
        except ReportError as exc:
            if executed.is_file():  # keep the partly run notebook for a look
                failed = out.with_name(out.stem + "-failed.ipynb")
                shutil.copyfile(executed, failed)
                raise ReportError(f"{exc}\n(the partly run notebook is in {failed})") from None
            raise
        _write_html(executed, out, str(load_report))
    return Report(
        path=out,
        load_report=load_report,
        transactions=lines,
        seconds=time.perf_counter() - start,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m crmlab report`` (see :func:`build_report`)."""
    parser.add_argument("source", help="the order log: a CSV, text, Excel or Parquet file")
    columns = parser.add_argument_group("your column names")
    columns.add_argument("--customer", required=True, help="the customer id column")
    columns.add_argument("--date", required=True, help="the order date (and time) column")
    columns.add_argument("--amount", help="the line amount column (or --quantity and --price)")
    columns.add_argument("--quantity", help="the quantity column (with --price)")
    columns.add_argument("--price", help="the unit price column (with --quantity)")
    columns.add_argument("--order", help="the order / invoice id column")
    columns.add_argument("--product", help="the product column (returns net per product)")
    columns.add_argument(
        "--returned",
        metavar="COL[=V1,V2]",
        help="a yes/no column marking returned lines, or COL=V1,V2: lines whose COL is V1 or V2",
    )
    reading = parser.add_argument_group("reading the file")
    reading.add_argument(
        "--returns",
        choices=("net", "flag"),
        default="net",
        help="net (default): cancellations net against the purchases they cancel; "
        "flag: keep both, flagged",
    )
    reading.add_argument("--sep", help=r"field separator, e.g. ';' or '\t' (default: detected)")
    reading.add_argument("--encoding", help="text encoding, e.g. gbk (default: detected)")
    reading.add_argument("--date-format", help="e.g. %%Y%%m%%d or '%%d/%%m/%%Y %%H:%%M'")
    reading.add_argument("--sheet", help="the Excel sheet (name or 0-based number)")
    reading.add_argument(
        "--engine",
        choices=ENGINES,
        default="pandas",
        help="pandas (default): read the log into memory; duckdb or spark: scan a CSV / "
        "Parquet log larger than memory and compute the summaries inside that engine",
    )
    report = parser.add_argument_group("the report")
    report.add_argument(
        "--currency",
        default=DEFAULT_CURRENCY,
        help=f"currency symbol, e.g. £ (default {DEFAULT_CURRENCY})",
    )
    report.add_argument(
        "--margin",
        type=float,
        default=0.35,
        help="gross-margin rate assumed when the log has no cost column (default 0.35)",
    )
    report.add_argument("--observation-end", help="last day analysed (default: the last day)")
    report.add_argument(
        "--calibration-end", help="start of the hold-out (default: a year before the end)"
    )
    report.add_argument("--out", default="report.html", help="the HTML file (report.html)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Build the report from parsed options; prints where it went. Returns the exit status."""
    if args.amount is None and (args.quantity is None or args.price is None):
        parser.error("give the amount column (--amount), or --quantity and --price")
    if args.amount is not None and (args.quantity is not None or args.price is not None):
        parser.error("give either --amount or --quantity with --price, not both")
    try:
        returned = parse_returned(args.returned)
    except ValueError as exc:
        parser.error(str(exc))
    sheet = args.sheet
    if sheet is not None and sheet.isdigit():
        sheet = int(sheet)
    try:
        report = build_report(
            args.source,
            customer=args.customer,
            date=args.date,
            amount=args.amount,
            quantity=args.quantity,
            price=args.price,
            order=args.order,
            product=args.product,
            returned=returned,
            returns=args.returns,
            date_format=args.date_format,
            sep=_unescape(args.sep),
            sheet=sheet,
            encoding=args.encoding,
            currency=args.currency,
            margin=args.margin,
            observation_end=args.observation_end,
            calibration_end=args.calibration_end,
            out=args.out,
            engine=args.engine,
        )
    except (data.DataError, ReportError, FileNotFoundError, ValueError) as exc:
        print(f"crmlab report: error: {exc}", file=sys.stderr)
        return 1
    print(report.load_report)
    size = report.path.stat().st_size / 1e6
    print(f"wrote {report.path} ({size:.1f} MB) in {report.seconds:.1f} s")
    return 0
