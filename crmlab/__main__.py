"""Command line: ``python -m crmlab report SOURCE --customer C --date D --amount A …``.

Subcommands:

``report``
    Read an order log in your own layout, run ``notebooks/10_your_data.ipynb`` on it and
    write a self-contained HTML report without code (see :mod:`crmlab.report`;
    ``python -m crmlab report --help`` lists the options). ``--engine duckdb`` or
    ``--engine spark`` scans a CSV / Parquet log larger than memory and computes the
    summaries inside that engine; the report's tables are those of the default pandas.

The synthetic company's generator keeps its own command, ``python -m crmlab.data generate``.
"""

from __future__ import annotations

import argparse
import sys

from crmlab import report


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m crmlab",
        description="CRM Lab on your own data (the synthetic company: python -m crmlab.data).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    report_parser = sub.add_parser(
        "report",
        help="an HTML report of your order log (RFM, CLV, at-risk customers, hold-out check)",
        description="Read an order log, run notebooks/10_your_data.ipynb on it and write a "
        "self-contained HTML report without code. Give the customer and date columns, and "
        "the amount column or the quantity and unit price columns.",
    )
    report.add_arguments(report_parser)
    args = parser.parse_args(argv)
    if args.command == "report":
        return report.run(args, report_parser)
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover (argparse checks)
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
