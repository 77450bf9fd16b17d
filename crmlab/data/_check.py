"""The data contract's checks: convert a frame with the contract's names and say what is wrong.

Shared by the loaders (a CSV file) and :func:`crmlab.data.conform` (a DataFrame in memory):
both map a user's column names once (:func:`_map_columns`), then :func:`_check` converts
every contract column to its dtype, lists every invalid value with its rows and the fix,
and returns the frame with a :class:`LoadReport` in ``frame.attrs["load_report"]``.

``strict`` (the company's own data) adds the company's allowed values and ranges; an
analyst's data (the open contract) are checked for types, missing values and duplicate
keys, their returns settled (:mod:`crmlab.data._netting`) and their absent columns
completed (:mod:`crmlab.data._open`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._netting import Settlement, settle_returns
from crmlab.data._open import apply_defaults
from crmlab.data._parse import FALSE as _FALSE
from crmlab.data._parse import TRUE as _TRUE
from crmlab.data._parse import clean_currency as _clean_currency
from crmlab.data._parse import parse_dates
from crmlab.data._report import RETURNED_FLAG, WRITTEN_OFF_FLAG, DataError, LoadReport
from crmlab.data._source import spreadsheet_rows as _spreadsheet_rows
from crmlab.data._source import spreadsheet_rows_text as _rows_text

_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
_STR_DTYPE: object = "str" if _PANDAS_3 else object

_DROP_HINT = "or pass drop_invalid=True to drop these rows and count them in the load report"


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


def _map_columns(
    table: S.Table,
    header: list[str],
    columns: dict[str, str] | None,
    name: str,
    holder: str,
    strict: bool = False,
) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Apply ``columns={theirs: ours}`` to ``header``; check unknown keys, clashes, required.

    The company's own data (``strict``) must have every ``company`` column; an analyst's
    data only the ``required`` ones.
    """
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
    needed = [c.name for c in table.columns if (c.company if strict else c.required)]
    missing = [c for c in needed if c not in final]
    if missing:
        whose = (
            "the company's data has every contract column"
            if strict
            else f"your {table.name} need only {', '.join(table.required)}"
        )
        raise DataError(
            f"{name}: missing required column(s) {', '.join(repr(m) for m in missing)} "
            f"({holder.lower()} has: {', '.join(repr(h) for h in header)}). Fix: add the "
            f"column, or map your name onto it, e.g. columns={{'your name': '{missing[0]}'}} "
            f"({whose}).",
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
    strict: bool = True,
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
        elif kind == "category" and not strict:  # an analyst's own codes, kept as written
            values = raw.astype(object).where(~isna, None)
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
            ambiguous = ""
            if isinstance(uniques, pd.DatetimeIndex):
                text = pd.Series(uniques.astype(str), dtype=object)
                parsed = pd.Series(uniques.tz_localize(None) if uniques.tz else uniques)
            else:
                text = pd.Series(uniques, dtype=object).astype(str).str.strip()
                parsed, ambiguous = parse_dates(text)
            parsed = parsed.astype("datetime64[ns]").reset_index(drop=True)
            bad_u = parsed.isna().to_numpy()
            # a time of day on the last day is still that day
            late_u = (parsed >= data_end.normalize() + pd.Timedelta(days=1)).to_numpy()
            failed = np.append(bad_u, False)[codes]
            late = np.append(late_u, False)[codes]
            if failed.any():
                problems.append(
                    _Problem(
                        col.name,
                        failed,
                        "not a date",
                        f"{ambiguous or 'write dates as YYYY-MM-DD (e.g. 2025-03-08)'}; "
                        + _DROP_HINT,
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
            if strict:
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
    strict: bool = True,
) -> pd.DataFrame:
    """Convert and check a frame whose columns already carry the contract's names.

    ``strict``: the company's own data (allowed values and ranges checked). Otherwise an
    analyst's data: types, missing values and duplicate keys are checked, negative
    transaction lines are netted (the returns rule) and absent columns get their defaults.
    """
    enc = encoding
    problems: list[_Problem] = []
    notes: list[str] = []
    converted = _convert(frame, table, end, problems, notes, strict)
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
    if strict and table.name == "leads" and {"customer_id", "stage_reached"} <= set(converted):
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

    missing_optional = tuple(c.name for c in table.columns if c.name not in converted)
    defaults: tuple[tuple[str, str], ...] = ()
    settled = Settlement()
    if not strict:
        if table.name == "transactions":
            result, settled = settle_returns(result, returns="net")
            dropped.extend(settled.dropped())
            notes.extend(settled.notes())
        result, defaults, more = apply_defaults(table, result)
        notes.extend(more)
    report = LoadReport(
        table=table.name,
        file=source,
        encoding=enc,
        rows_read=n,
        rows_returned=len(result),
        renamed=renamed,
        extra_columns=tuple(extras),
        missing_optional=missing_optional,
        dropped=tuple(dropped),
        flagged=flag_counts(table, result),
        notes=tuple(notes),
        strict=strict,
        defaults=defaults,
        netted=settled.netted(),
        unmatched_amount=settled.unmatched_amount,
        customers_removed=settled.customers_removed,
    )
    result.attrs["load_report"] = report
    return result


def flag_counts(table: S.Table, frame: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """The report's ``flagged`` pairs: returned and written-off transaction lines kept."""
    if table.name != "transactions":
        return ()
    return tuple(
        (what, int(frame[col].sum()))
        for col, what in (("returned", RETURNED_FLAG), ("written_off", WRITTEN_OFF_FLAG))
        if col in frame.columns
    )
