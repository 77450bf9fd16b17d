"""What the boundary says: :class:`DataError` if data cannot enter, :class:`LoadReport` if they do.

Every loader, :func:`crmlab.data.conform` and :func:`crmlab.data.from_transactions` raise the
one error type and attach the one report type (``frame.attrs["load_report"]``), so a notebook
prints the same kind of account whatever the data came from.
"""

from __future__ import annotations

from dataclasses import dataclass

# the reasons a report counts lines under (the keys of ``dropped`` / ``netted``)
DUPLICATES = "exact duplicate lines"
NO_CUSTOMER = "lines without a customer id"
RETURNS_MATCHED = "return lines netted against earlier purchases"
RETURNS_UNMATCHED = "return lines with no earlier purchase to net against"
CANCELLED_FULL = "purchase lines cancelled in full"
CANCELLED_PART = "purchase lines cancelled in part"
SELF_CANCELLED = "lines marked cancelled by the returned= column"
DAYS_REMOVED = "purchase days removed"
RETURNED_FLAG = "returned lines (excluded from revenue by default)"
WRITTEN_OFF_FLAG = "written-off lines (bad debt)"


class DataError(ValueError):
    """Data that cannot enter: the message names the file, the column, the rows and the fix.

    Row numbers are spreadsheet numbers for a file (the header is row 1) and the frame's
    own index labels for a DataFrame; at most five are listed. The same facts are
    attributes: ``file``, ``column`` (first offending column, or None) and ``rows`` (the
    rows of the first problem).

    Examples
    --------
    >>> err = DataError("sales.csv: column 'amount' …", file="sales.csv", column="amount")
    >>> isinstance(err, ValueError), err.column
    (True, 'amount')
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: tuple[object, ...] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.column = column
        self.rows = tuple(rows)


DataError.__module__ = "crmlab.data"


@dataclass(frozen=True)
class LoadReport:
    """What the boundary read, filled in, netted, dropped and flagged (``attrs["load_report"]``).

    Attributes
    ----------
    table, file, encoding
        Contract table, the file read (``"DataFrame"`` for a frame in memory) and the
        encoding used (detected or given; ``"n/a"``, ``"xlsx"`` or ``"parquet"`` where
        there is none).
    rows_read, rows_returned
        Data rows in the source and rows in the returned frame.
    renamed
        ``(your column, contract column)`` pairs applied.
    extra_columns
        Columns outside the contract, kept unchanged at the right of the frame.
    missing_optional
        Contract columns the source does not have (some then get a default).
    dropped
        ``(reason, lines)`` pairs for lines removed: invalid rows with
        ``drop_invalid=True``, exact duplicate lines, lines without a customer id, returns
        with no earlier purchase to net against.
    flagged
        ``(what, lines)`` pairs for lines kept but excluded by default from revenue
        analyses (returned lines, written-off lines).
    notes
        Conversions applied, e.g. currency-formatted amounts parsed.
    strict
        ``True`` when the company's allowed values and ranges were checked (the
        company's own data); ``False`` for an analyst's data (types, missing values and
        duplicate keys only).
    defaults
        ``(column, what was filled in)`` for every absent column the boundary completed,
        e.g. ``("returned", "False: no line returned")``.
    netted
        ``(what, lines)`` pairs of the returns rule: return lines netted against earlier
        purchases, purchase lines cancelled in full or in part, lines cancelled by a
        ``returned=`` column, purchase days removed.
    unmatched_amount
        Total (negative) amount of the returns that had no earlier purchase to net against.
    customers_removed
        Customers of the source left without any purchase once returns and cancellations
        were settled (and lines without a purchase dropped).

    Examples
    --------
    >>> report = LoadReport("transactions", "orders.csv", "utf-8", rows_read=3, rows_returned=2,
    ...                     dropped=(("exact duplicate lines", 1),))
    >>> print(report)
    transactions: read 3 rows from orders.csv (utf-8), returned 2 (analyst's data: open contract)
    dropped 1 rows: exact duplicate lines
    >>> report.count("exact duplicate lines")
    1
    """

    table: str
    file: str
    encoding: str
    rows_read: int
    rows_returned: int
    renamed: tuple[tuple[str, str], ...] = ()
    extra_columns: tuple[str, ...] = ()
    missing_optional: tuple[str, ...] = ()
    dropped: tuple[tuple[str, int], ...] = ()
    flagged: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()
    strict: bool = False
    defaults: tuple[tuple[str, str], ...] = ()
    netted: tuple[tuple[str, int], ...] = ()
    unmatched_amount: float = 0.0
    customers_removed: int = 0

    def count(self, what: str) -> int:
        """The lines counted under ``what`` in ``dropped``, ``netted`` or ``flagged`` (else 0)."""
        for pairs in (self.dropped, self.netted, self.flagged):
            for key, n in pairs:
                if key == what:
                    return int(n)
        return 0

    def __str__(self) -> str:
        checked = (
            "company's data: strict contract" if self.strict else "analyst's data: open contract"
        )
        lines = [
            f"{self.table}: read {self.rows_read} rows from {self.file} ({self.encoding}), "
            f"returned {self.rows_returned} ({checked})"
        ]
        if self.renamed:
            lines.append("renamed: " + ", ".join(f"{a} → {b}" for a, b in self.renamed))
        if self.extra_columns:
            lines.append("extra columns kept: " + ", ".join(self.extra_columns))
        filled = {c for c, _ in self.defaults}
        absent = [c for c in self.missing_optional if c not in filled]
        for column, what in self.defaults:
            lines.append(f"default for absent column {column}: {what}")
        if absent:
            lines.append("optional columns absent: " + ", ".join(absent))
        for what, count in self.netted:
            lines.append(f"{what}: {count}")
        for reason, count in self.dropped:
            extra = ""
            if reason == RETURNS_UNMATCHED and self.unmatched_amount:
                extra = f" (total {self.unmatched_amount:,.2f})"
            lines.append(f"dropped {count} rows: {reason}{extra}")
        for what, count in self.flagged:
            lines.append(f"flagged (kept) {count} rows: {what}")
        if self.customers_removed:
            lines.append(f"customers left without a purchase: {self.customers_removed}")
        lines.extend(self.notes)
        return "\n".join(lines)
