"""The data contract's checks: convert a frame with the contract's names and say what is wrong.

Shared by the loaders (a CSV file) and :func:`crmlab.data.conform` (a DataFrame in memory):
both map a user's column names once (:func:`_map_columns`), then :func:`_check` converts
every contract column to its dtype, lists every invalid value with its rows and the fix,
and returns the frame with a :class:`LoadReport` in ``frame.attrs["load_report"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import row_list
from crmlab.data import _schema as S

_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
_STR_DTYPE: object = "str" if _PANDAS_3 else object

_NA_VALUES = ["", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "#N/A", "<NA>"]
_TRUE = ("true", "1", "yes", "y", "t", "是", "1.0")
_FALSE = ("false", "0", "no", "n", "f", "否", "0.0")
_ROWS_NOTE = "row numbers as in a spreadsheet: the header is row 1"
_DROP_HINT = "or pass drop_invalid=True to drop these rows and count them in the load report"


class DataError(ValueError):
    """A data file does not meet the data contract.

    The message names the file, the column, up to five offending row numbers
    (spreadsheet numbering: the header is row 1) and how to fix it. The same facts are
    attributes: ``file``, ``column`` (first offending column, or None) and ``rows``
    (spreadsheet row numbers of the first problem).

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
        rows: tuple[int, ...] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.column = column
        self.rows = tuple(rows)


@dataclass(frozen=True)
class LoadReport:
    """What a loader read, changed, dropped and flagged (``frame.attrs["load_report"]``).

    Attributes
    ----------
    table, file, encoding
        Contract table, the file read and the encoding used (detected or given).
    rows_read, rows_returned
        Data rows in the file and rows in the returned frame.
    renamed
        ``(your column, contract column)`` pairs applied from ``columns=``.
    extra_columns
        Columns outside the contract, kept unchanged at the right of the frame.
    missing_optional
        Optional contract columns the file does not have.
    dropped
        ``(reason, rows)`` pairs for rows removed with ``drop_invalid=True``.
    flagged
        ``(what, rows)`` pairs for rows kept but excluded by default from revenue
        analyses (returned lines, written-off lines).
    notes
        Conversions applied, e.g. currency-formatted amounts parsed.
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

    def __str__(self) -> str:
        lines = [
            f"{self.table}: read {self.rows_read} rows from {self.file} ({self.encoding}), "
            f"returned {self.rows_returned}"
        ]
        if self.renamed:
            lines.append("renamed: " + ", ".join(f"{a} → {b}" for a, b in self.renamed))
        if self.extra_columns:
            lines.append("extra columns kept: " + ", ".join(self.extra_columns))
        if self.missing_optional:
            lines.append("optional columns absent: " + ", ".join(self.missing_optional))
        for reason, count in self.dropped:
            lines.append(f"dropped {count} rows: {reason}")
        for what, count in self.flagged:
            lines.append(f"flagged (kept) {count} rows: {what}")
        lines.extend(self.notes)
        return "\n".join(lines)


def pandas_dtype(column: S.Column) -> object:
    """The pandas dtype a loader returns for a contract column.

    ``id``/``str``/``category`` → strings (``object``; ``str`` on pandas 3), ``date`` →
    ``datetime64[ns]``, ``int`` → ``int64`` (``Int64`` when nullable), ``float`` →
    ``float64``, ``bool`` → ``bool``.

    Examples
    --------
    >>> pandas_dtype(S.TRANSACTIONS.column("quantity"))
    'int64'
    >>> pandas_dtype(S.CUSTOMERS.column("age"))
    'Int64'
    """
    kind = column.kind
    if kind in ("id", "str", "category"):
        return _STR_DTYPE
    if kind == "date":
        return "datetime64[ns]"
    if kind == "int":
        return "Int64" if column.nullable else "int64"
    if kind == "float":
        return "float64"
    if kind == "bool":
        return "bool"
    raise ValueError(f"unknown column kind {kind!r}")


# ----------------------------------------------------------------------------- reading


def _spreadsheet_rows(positions: np.ndarray) -> list[int]:
    return [int(p) + 2 for p in positions]


def _rows_text(positions: np.ndarray) -> str:
    return f"{row_list(_spreadsheet_rows(positions))} ({_ROWS_NOTE})"


@dataclass
class _Problem:
    column: str | None
    mask: np.ndarray
    what: str
    fix: str
    examples: tuple[str, ...] = ()

    def message(self, rows_text: Callable[[np.ndarray], str] | None = None) -> str:
        where = f"column '{self.column}'" if self.column else "rows"
        n = int(self.mask.sum())
        eg = ""
        if self.examples:
            eg = ", e.g. " + ", ".join(repr(e) for e in self.examples[:3])
        rows = (rows_text or _rows_text)(np.flatnonzero(self.mask))
        return f"{where}: {n} value(s) {self.what} at {rows}{eg}. Fix: {self.fix}"


def _examples(values: pd.Series, mask: np.ndarray) -> tuple[str, ...]:
    shown = values[mask].astype(str).drop_duplicates().head(3)
    return tuple(shown.tolist())


def _codes(raw: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 = missing) and distinct values of a column."""
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return raw.cat.codes.to_numpy(dtype=np.int64), pd.Index(raw.cat.categories)
    codes, uniques = pd.factorize(raw)
    return codes.astype(np.int64), pd.Index(uniques)


def _clean_currency(values: pd.Series) -> pd.Series:
    """'¥1,200.00', '1 200 元', 'CNY 35' → '1200.00', '1200', '35' (other text unchanged)."""
    text = values.astype(str).str.strip()
    text = text.str.replace(r"^(?:¥|￥|CNY|RMB)\s*|\s*(?:元|CNY|RMB)$", "", regex=True)
    grouped = text.str.fullmatch(r"-?\d{1,3}(?:[,，\s]\d{3})+(?:\.\d+)?")
    return text.where(~grouped, text.str.replace(r"[,，\s]", "", regex=True))


def _map_columns(
    table: S.Table, header: list[str], columns: dict[str, str] | None, name: str, holder: str
) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Apply ``columns={theirs: ours}`` to ``header``; check unknown keys, clashes, required."""
    mapping = dict(columns or {})
    unknown = [k for k in mapping if k not in header]
    if unknown:
        raise DataError(
            f"{name}: columns= names {', '.join(repr(k) for k in unknown)}, which "
            f"{holder.lower()} does not have (it has: {', '.join(repr(h) for h in header)}). "
            "Fix the keys of columns=: they are your column names, the values are the "
            "contract's names.",
            file=name,
            column=unknown[0],
        )
    renamed = tuple((k, v) for k, v in mapping.items() if k != v)
    final = [mapping.get(h, h) for h in header]
    dupes = sorted({c for c in final if final.count(c) > 1})
    if dupes:
        raise DataError(
            f"{name}: column(s) {', '.join(repr(d) for d in dupes)} appear more than once "
            "(after renaming with columns=). Keep one of each.",
            file=name,
            column=dupes[0],
        )
    missing = [c.name for c in table.columns if c.required and c.name not in final]
    if missing:
        raise DataError(
            f"{name}: missing required column(s) {', '.join(repr(m) for m in missing)} "
            f"({holder.lower()} has: {', '.join(repr(h) for h in header)}). Fix: add the "
            f"column, or map your name onto it, e.g. columns={{'your name': '{missing[0]}'}}.",
            file=name,
            column=missing[0],
        )
    return final, renamed


def _convert(
    frame: pd.DataFrame,
    table: S.Table,
    data_end: pd.Timestamp,
    problems: list[_Problem],
    notes: list[str],
) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for col in table.columns:
        if col.name not in frame.columns:
            continue
        raw = frame[col.name]
        isna = raw.isna().to_numpy()
        if isna.any() and not col.nullable:
            problems.append(
                _Problem(
                    col.name,
                    isna,
                    "missing (empty cell)",
                    f"fill in every {col.name}, or remove those rows; {_DROP_HINT}",
                )
            )
        kind = col.kind
        if kind in ("id", "str"):
            values = raw if raw.dtype == object else raw.astype(object)
            if isna.any():
                values = values.where(~isna, None)
            out[col.name] = values.astype(_STR_DTYPE) if _PANDAS_3 else values
        elif kind == "category":
            codes, uniques = _codes(raw)
            text = pd.Series(uniques, dtype=object).astype(str)
            norm = text.where(text.isin(col.allowed), None)
            if col.allowed and norm.isna().any():
                lower = {a.lower(): a for a in col.allowed}
                guess = text.str.strip().str.lower().map(lower)
                norm = norm.where(norm.notna(), guess)
            bad_u = norm.isna().to_numpy() if col.allowed else np.zeros(len(text), dtype=bool)
            if not col.allowed:
                norm = text
            bad = np.append(bad_u, False)[codes]
            if bad.any():
                problems.append(
                    _Problem(
                        col.name,
                        bad,
                        "outside the allowed values " + ", ".join(col.allowed),
                        f"recode them to one of the allowed values; {_DROP_HINT}",
                        tuple(text[bad_u].head(3)),
                    )
                )
            labels = np.append(norm.to_numpy(dtype=object), None)
            values = pd.Series(labels[codes], index=frame.index, dtype=object)
            out[col.name] = values.astype(_STR_DTYPE) if _PANDAS_3 else values
        elif kind == "date":
            codes, uniques = _codes(raw)
            text = pd.Series(uniques, dtype=object).astype(str).str.strip()
            parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            for fmt in ("ISO8601", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
                left = parsed.isna().to_numpy()
                if not left.any():
                    break
                alt = pd.to_datetime(text[left], format=fmt, errors="coerce")
                parsed = parsed.astype("datetime64[ns]")
                parsed.loc[left] = alt.astype("datetime64[ns]").to_numpy()
            parsed = parsed.astype("datetime64[ns]")
            bad_u = parsed.isna().to_numpy()
            late_u = (parsed > data_end).to_numpy()
            failed = np.append(bad_u, False)[codes]
            late = np.append(late_u, False)[codes]
            if failed.any():
                problems.append(
                    _Problem(
                        col.name,
                        failed,
                        "not a date",
                        f"write dates as YYYY-MM-DD (e.g. 2025-03-08); {_DROP_HINT}",
                        tuple(text[bad_u].head(3)),
                    )
                )
            if late.any():
                problems.append(
                    _Problem(
                        col.name,
                        late,
                        f"after the end of the data ({data_end.date()})",
                        "check the year or the day/month order, or pass data_end='YYYY-MM-DD' "
                        f"if your data really runs longer; {_DROP_HINT}",
                        tuple(text[late_u].head(3)),
                    )
                )
            labels = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
            out[col.name] = pd.Series(labels[codes], index=frame.index, dtype="datetime64[ns]")
        elif kind in ("int", "float"):
            if raw.dtype == np.float64:
                numbers = raw
                failed = np.zeros(len(raw), dtype=bool)
            else:
                numbers = pd.to_numeric(raw, errors="coerce")
                failed = numbers.isna().to_numpy() & ~isna
                if failed.any() and kind == "float":
                    cleaned = pd.to_numeric(_clean_currency(raw[failed]), errors="coerce")
                    if cleaned.notna().any():
                        notes.append(
                            f"column '{col.name}': parsed {int(cleaned.notna().sum())} "
                            "currency-formatted value(s) such as "
                            f"{raw[failed][cleaned.notna().to_numpy()].iloc[0]!r}"
                        )
                    numbers = numbers.astype("float64")
                    numbers.loc[failed] = cleaned.to_numpy()
                    failed = numbers.isna().to_numpy() & ~isna
                numbers = numbers.astype("float64")
                if failed.any():
                    problems.append(
                        _Problem(
                            col.name,
                            failed,
                            "not a number",
                            "write plain numbers such as 1200.50 (amounts like '¥1,200.00' are "
                            f"parsed; other text is not); {_DROP_HINT}",
                            _examples(raw, failed),
                        )
                    )
            values = numbers.to_numpy(dtype="float64", na_value=np.nan)
            ok = ~np.isnan(values)
            if kind == "int":
                frac = ok & (values != np.round(values))
                if frac.any():
                    problems.append(
                        _Problem(
                            col.name,
                            frac,
                            "not whole numbers",
                            f"{col.name} counts whole units; {_DROP_HINT}",
                            _examples(raw, frac),
                        )
                    )
            _bounds(col, values, ok, raw, problems)
            if kind == "float":
                out[col.name] = pd.Series(values, index=frame.index, dtype="float64")
            else:
                good = np.where(ok, values, 0).round()
                if col.nullable:
                    out[col.name] = pd.Series(
                        pd.array(np.where(ok, good, np.nan), dtype="Float64"), index=frame.index
                    ).astype("Int64")
                else:
                    out[col.name] = pd.Series(good.astype(np.int64), index=frame.index)
        elif kind == "bool":
            codes, uniques = _codes(raw)
            low = pd.Series(uniques, dtype=object).astype(str).str.strip().str.lower()
            true_u = low.isin(_TRUE).to_numpy()
            bad_u = ~(true_u | low.isin(_FALSE).to_numpy())
            unknown = np.append(bad_u, False)[codes]
            if unknown.any():
                problems.append(
                    _Problem(
                        col.name,
                        unknown,
                        "not True/False",
                        f"write True/False (1/0, yes/no and 是/否 are accepted too); {_DROP_HINT}",
                        tuple(pd.Series(uniques, dtype=object)[bad_u].astype(str).head(3)),
                    )
                )
            is_true = np.append(true_u, False)[codes]
            out[col.name] = pd.Series(is_true, index=frame.index, dtype="bool")
    return out


def _bounds(
    col: S.Column, values: np.ndarray, ok: np.ndarray, raw: pd.Series, problems: list[_Problem]
) -> None:
    unit = f" {col.unit}" if col.unit and not col.unit[0].isdigit() else ""
    fixes = {
        "amount": "record returns with returned=True and a positive amount; remove free "
        "gifts or cancelled lines (or keep them elsewhere)",
        "quantity": "returns are flagged with returned=True, not negative quantities",
    }
    fix = fixes.get(col.name, f"check the {col.name} values")
    if col.gt is not None:
        bad = ok & (values <= col.gt)
        if bad.any():
            problems.append(
                _Problem(
                    col.name,
                    bad,
                    f"zero or negative (must be above {col.gt:g}{unit})",
                    f"{fix}; {_DROP_HINT}",
                    _examples(raw, bad),
                )
            )
    if col.min is not None:
        bad = ok & (values < col.min)
        if bad.any():
            problems.append(
                _Problem(
                    col.name,
                    bad,
                    f"below the minimum {col.min:g}{unit}",
                    f"{fix}; {_DROP_HINT}",
                    _examples(raw, bad),
                )
            )
    if col.max is not None:
        bad = ok & (values > col.max)
        if bad.any():
            problems.append(
                _Problem(
                    col.name,
                    bad,
                    f"above the maximum {col.max:g}{unit}",
                    f"{fix}; {_DROP_HINT}",
                    _examples(raw, bad),
                )
            )


def _frame_rows(index: pd.Index) -> tuple[Callable[[np.ndarray], str], Callable]:
    """Row formatters for a DataFrame: its own index labels, not spreadsheet rows."""

    def text(positions: np.ndarray) -> str:
        return f"{row_list(index[positions])} (index labels of the frame)"

    def numbers(positions: np.ndarray) -> list[object]:
        return [index[p] for p in positions]

    return text, numbers


def _check(
    table: S.Table,
    frame: pd.DataFrame,
    *,
    name: str,
    source: str,
    encoding: str,
    renamed: tuple[tuple[str, str], ...],
    customers: pd.DataFrame | None,
    drop_invalid: bool,
    end: pd.Timestamp,
    rows_text: Callable[[np.ndarray], str] = _rows_text,
    row_numbers: Callable[[np.ndarray], list] = _spreadsheet_rows,
) -> pd.DataFrame:
    """Convert and check a frame whose columns already carry the contract's names."""
    enc = encoding
    problems: list[_Problem] = []
    notes: list[str] = []
    converted = _convert(frame, table, end, problems, notes)
    n = len(frame)
    invalid = np.zeros(n, dtype=bool)
    for p in problems:
        invalid |= p.mask

    # primary key: every row of a duplicated key is listed
    key = list(table.primary_key)
    if all(k in converted for k in key):
        combined = np.zeros(n, dtype=np.int64)
        for k in key:
            codes, uniques = pd.factorize(converted[k])
            combined = combined * (len(uniques) + 1) + codes
        dup = pd.Series(combined).duplicated(keep=False).to_numpy() & ~invalid
        if dup.any():
            shown = pd.Series(
                ["/".join(str(converted[k].iloc[i]) for k in key) for i in np.flatnonzero(dup)[:50]]
            )
            problems.append(
                _Problem(
                    "+".join(key),
                    dup,
                    "repeating a key that must be unique",
                    "remove the duplicate rows or give them distinct keys; " + _DROP_HINT,
                    tuple(shown.drop_duplicates().head(3)),
                )
            )
    # foreign keys into customers
    if customers is not None and "customer_id" in converted and table.name != "customers":
        if "customer_id" not in customers.columns:
            raise DataError(
                "customers: the frame passed as customers= has no 'customer_id' column; "
                "pass the result of load_customers().",
                file=name,
                column="customer_id",
            )
        ids = converted["customer_id"]
        unknown = (~ids.isin(customers["customer_id"]) & ids.notna()).to_numpy()
        if unknown.any():
            problems.append(
                _Problem(
                    "customer_id",
                    unknown,
                    "not found in the customers table",
                    "load the matching customers file, or correct these ids; " + _DROP_HINT,
                    _examples(ids, unknown),
                )
            )
    if table.name == "leads" and {"customer_id", "stage_reached"} <= set(converted):
        wrong = (
            converted["customer_id"].notna() & (converted["stage_reached"] != "won")
        ).to_numpy()
        if wrong.any():
            problems.append(
                _Problem(
                    "customer_id",
                    wrong,
                    "set on a lead that was not won",
                    "leave customer_id empty unless stage_reached is 'won'; " + _DROP_HINT,
                )
            )

    dropped: list[tuple[str, int]] = []
    if problems and not drop_invalid:
        first = problems[0]
        lines = [f"{name}: {p.message(rows_text)}" for p in problems[:5]]
        if len(problems) > 5:
            lines.append(f"… and {len(problems) - 5} more problem(s)")
        raise DataError(
            "\n".join(lines),
            file=name,
            column=first.column,
            rows=tuple(row_numbers(np.flatnonzero(first.mask)[:5])),
        )
    keep = np.ones(n, dtype=bool)
    for p in problems:
        count = int((p.mask & keep).sum())
        if count:
            dropped.append((f"{p.column}: {p.what}", count))
        keep &= ~p.mask

    contract_cols = [c for c in table.names if c in converted]
    extras = [c for c in frame.columns if c not in table.names]
    # replace the columns one by one (no block consolidation of a million-row frame)
    for c in contract_cols:
        frame[c] = converted[c]
    order = contract_cols + extras
    result = frame if list(frame.columns) == order else frame[order]
    if not keep.all():
        result = result.loc[keep].reset_index(drop=True)

    flagged: list[tuple[str, int]] = []
    if table.name == "transactions":
        for col, what in (
            ("returned", "returned lines (excluded from revenue by default)"),
            ("written_off", "written-off lines (bad debt)"),
        ):
            if col in result:
                flagged.append((what, int(result[col].sum())))
    report = LoadReport(
        table=table.name,
        file=source,
        encoding=enc,
        rows_read=n,
        rows_returned=len(result),
        renamed=renamed,
        extra_columns=tuple(extras),
        missing_optional=tuple(c.name for c in table.columns if c.name not in converted),
        dropped=tuple(dropped),
        flagged=tuple(flagged),
        notes=tuple(notes),
    )
    result.attrs["load_report"] = report
    return result
