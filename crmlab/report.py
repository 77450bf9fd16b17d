"""The analysts' report (分析报告): an order log in, one self-contained HTML page out.

``python -m crmlab report SOURCE --customer C --date D --amount A`` (or ``make report``)
reads an order log in the analyst's own layout with :func:`crmlab.data.from_transactions`,
writes it as the contract's ``transactions.csv`` into a temporary folder, runs the notebook
``notebooks/10_your_data.ipynb`` on that folder through papermill (``DATA_DIR``,
``CURRENCY``, ``OBSERVATION_END``, ``CALIBRATION_END``) and exports the executed notebook as
HTML **without code cells**, charts embedded, so the page can be mailed or archived as it is.
The load report of the original file (what was dropped, netted or flagged) takes the place
of the notebook's own load report, which would describe the temporary copy.

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

from crmlab import data
from crmlab.paths import repo_root
from crmlab.plots import DEFAULT_CURRENCY

__all__ = [
    "NOTEBOOK",
    "Report",
    "ReportError",
    "add_arguments",
    "build_report",
    "parse_returned",
    "report_notebook",
    "run",
]

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
        Order lines in the contract handed to the notebook.
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
) -> Report:
    """Read an order log, run the report notebook on it and write the HTML report.

    Parameters
    ----------
    source
        The order log: a CSV / text / Excel / Parquet file or a DataFrame (anything
        :func:`crmlab.data.from_transactions` reads).
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

    Returns
    -------
    Report

    Raises
    ------
    crmlab.data.DataError
        When the order log cannot be read (missing column, unparseable dates …).
    ReportError
        When the notebook is missing or stops (e.g. a calibration period too short for a
        hold-out); the message is the notebook's.
    """
    start = time.perf_counter()
    notebook = report_notebook()
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
    out = Path(out).expanduser().resolve()
    with tempfile.TemporaryDirectory(prefix="crmlab-report-") as tmp:
        folder = Path(tmp)
        transactions.to_csv(folder / "transactions.csv", index=False, encoding="utf-8")
        executed = folder / NOTEBOOK.name
        parameters = {
            "DATA_DIR": str(folder),
            "CURRENCY": currency,
            "MARGIN": float(margin),
            "OBSERVATION_END": None if observation_end is None else str(observation_end),
            "CALIBRATION_END": None if calibration_end is None else str(calibration_end),
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
        transactions=len(transactions),
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
        )
    except (data.DataError, ReportError, FileNotFoundError, ValueError) as exc:
        print(f"crmlab report: error: {exc}", file=sys.stderr)
        return 1
    print(report.load_report)
    size = report.path.stat().st_size / 1e6
    print(f"wrote {report.path} ({size:.1f} MB) in {report.seconds:.1f} s")
    return 0
