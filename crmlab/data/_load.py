"""Loaders: read a CSV of the data contract, check it, and say exactly what is wrong.

Every loader returns a DataFrame with the contract's column names and dtypes
(``pandas_dtype``) and a :class:`LoadReport` in ``frame.attrs["load_report"]``; every
failure raises :class:`DataError` naming the file, the column, up to five row numbers
(spreadsheet numbering: the header is row 1, the first data row is row 2) and the fix.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from pathlib import Path

import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._check import _check, _map_columns, pandas_dtype
from crmlab.data._report import DataError, LoadReport
from crmlab.data._source import NA_VALUES, decode, frame_rows, is_blank

__all__ = ["DataError", "LoadReport", "conform", "pandas_dtype"]


def _resolve(table: S.Table, path: str | os.PathLike[str] | None) -> Path:
    if path is None:
        from crmlab.paths import data_dir

        try:
            folder = data_dir()
        except FileNotFoundError as exc:
            raise DataError(str(exc), file=table.filename) from None
        file = folder / table.filename
    else:
        file = Path(path).expanduser()
        if file.is_dir():
            file = file / table.filename
    if not file.is_file():
        raise DataError(
            f"{file}: no such file. Pass the path of your {table.name} CSV (or the folder "
            f"that holds {table.filename}), or run `make data` to create the default dataset.",
            file=str(file),
        )
    return file


def is_company_data(file: Path) -> bool:
    """The file lies in a folder of the company's own data (one holding ``truth.json``)."""
    return (file.parent / "truth.json").is_file()


def _read(
    table: S.Table,
    file: Path,
    columns: dict[str, str] | None,
    encoding: str | None,
    strict: bool,
) -> tuple[pd.DataFrame, str, tuple[tuple[str, str], ...]]:
    name = file.name
    raw = file.read_bytes()
    if is_blank(raw):
        raise DataError(
            f"{name}: the file is empty. Expected a header row with the columns "
            f"{', '.join(table.names)} and one row per {table.name[:-1]}.",
            file=name,
        )
    enc = decode(raw, name, encoding)
    try:
        header = pd.read_csv(io.BytesIO(raw), nrows=0, encoding=enc).columns
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{name}: not a readable CSV file ({exc})", file=name) from None
    header = [str(c).strip().lstrip("\ufeff") for c in header]
    final, renamed = _map_columns(table, header, columns, name, "The file", strict)
    # explicit dtypes keyed by the file's own column names; numbers try the fast path
    dtypes: dict[str, object] = {}
    contract = {c.name: c for c in table.columns}
    for h, f in zip(header, final, strict=True):
        col = contract.get(f)
        if col is None:  # an extra column: its type inferred as pandas does
            continue
        if col.kind in ("id", "str"):
            dtypes[h] = object
        elif col.kind in ("int", "float"):
            dtypes[h] = "float64"
        else:  # category, bool, date: few distinct values, parsed once each
            dtypes[h] = "category"
    kwargs = {
        "encoding": enc,
        "keep_default_na": False,
        "na_values": NA_VALUES,
        "skipinitialspace": True,
        "low_memory": False,
    }
    try:
        try:
            frame = pd.read_csv(io.BytesIO(raw), dtype=dtypes, **kwargs)
        except pd.errors.ParserError:
            raise
        except ValueError:  # a number column holds text: read it as text and say where
            slow = {h: (object if d == "float64" else d) for h, d in dtypes.items()}
            frame = pd.read_csv(io.BytesIO(raw), dtype=slow, **kwargs)
    except pd.errors.ParserError as exc:
        raise DataError(
            f"{name}: not a readable CSV file ({str(exc).strip()}). Check that every row has "
            "as many comma-separated fields as the header and that quotes are balanced.",
            file=name,
        ) from None
    frame.columns = final
    if len(frame) == 0:
        raise DataError(
            f"{name}: the file has a header but no data rows. Add one row per "
            f"{table.name[:-1] if table.name.endswith('s') else table.name} below the header.",
            file=name,
        )
    return frame, enc, renamed


# ----------------------------------------------------------------------------- checking


def _load(
    table: S.Table,
    path: str | os.PathLike[str] | None,
    columns: dict[str, str] | None,
    encoding: str | None,
    *,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    file = _resolve(table, path)
    if strict is None:
        strict = is_company_data(file)
    frame, enc, renamed = _read(table, file, columns, encoding, strict)
    if data_end is None:
        end = pd.Timestamp(S.DATA_END) if path is None else pd.Timestamp(_dt.date.today())
    else:
        end = pd.Timestamp(data_end)
    return _check(
        table,
        frame,
        name=file.name,
        source=str(file),
        encoding=enc,
        renamed=renamed,
        customers=customers,
        drop_invalid=drop_invalid,
        end=end,
        strict=strict,
    )


def conform(
    frame: pd.DataFrame,
    table: str | S.Table,
    *,
    columns: dict[str, str] | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    """Check a DataFrame already in memory against the data contract, as the loaders do.

    The boundary for data that did not come from a file: your column names are mapped
    once onto the contract's (``columns={yours: contract}``), then every value is checked
    and converted exactly as the loaders check a CSV — the same :class:`DataError`
    messages, naming the column, the rows (the frame's own index labels) and the fix.
    Inside ``crmlab`` every function then reads the contract's names.

    Your own data meet the *open* contract: only the table's required columns must be
    there (transactions: ``customer_id``, ``order_date``, ``amount``), values are checked
    for type, missing cells and duplicate keys, and absent columns get their documented
    defaults (``datasets/README.md``). Negative transaction lines are returns, netted
    against the customer's earlier purchases (see :func:`crmlab.data.from_transactions`).

    Parameters
    ----------
    frame
        Your table. It is not modified.
    table
        Which contract table it is: a name (``"transactions"``, ``"customers"``, …) or a
        :class:`Table`.
    columns
        Your column names mapped onto the contract, e.g. ``{"客户编号": "customer_id"}``.
    customers
        Optional customers table: every ``customer_id`` must exist in it.
    drop_invalid
        Drop invalid rows and count them in the report instead of raising.
    data_end
        Dates after this day are errors (default: today).
    strict
        ``True`` checks the company's own columns, allowed values and ranges too (for the
        workbook's synthetic data); ``None`` or ``False``: the open contract.

    Returns
    -------
    pandas.DataFrame
        A new frame in the contract's column order and dtypes (extra columns kept at the
        right), with a :class:`LoadReport` in ``.attrs["load_report"]``.

    Examples
    --------
    Three columns are enough; the order ids, line numbers and flags are filled in:

    >>> mine = pd.DataFrame({"客户编号": ["c1", "c1", "c2"],
    ...                      "下单日期": ["2024-03-08", "2024-03-08", "2024-03-09"],
    ...                      "金额": ["¥199.00", "0", "89"]})
    >>> names = {"客户编号": "customer_id", "下单日期": "order_date", "金额": "amount"}
    >>> tx = conform(mine, "transactions", columns=names)
    >>> tx[["order_id", "line_no", "customer_id", "amount", "returned"]]
           order_id  line_no customer_id  amount  returned
    0  c1|2024-03-08        1          c1   199.0     False
    1  c1|2024-03-08        2          c1     0.0     False
    2  c2|2024-03-09        1          c2    89.0     False
    >>> [column for column, _ in tx.attrs["load_report"].defaults]
    ['order_id', 'line_no', 'returned', 'written_off']
    >>> conform(mine, "transactions", columns={"客户编号": "customer_id"})
    Traceback (most recent call last):
    ...
    crmlab.data.DataError: transactions frame: missing required column(s) 'order_date', 'amount' ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"conform: expected a pandas DataFrame, got {type(frame).__name__}")
    if isinstance(table, str):
        if table not in S.TABLES:
            raise ValueError(
                f"conform: unknown table {table!r}; choose one of {', '.join(S.TABLES)}"
            )
        table = S.TABLES[table]
    strict = bool(strict)
    name = f"{table.name} frame"
    header = [str(c) for c in frame.columns]
    final, renamed = _map_columns(table, header, columns, name, "The frame", strict)
    if len(frame) == 0:
        raise DataError(f"{name}: the frame has no rows.", file=name)
    work = frame.copy()
    work.columns = final
    text, numbers = frame_rows(frame.index)
    end = pd.Timestamp(_dt.date.today()) if data_end is None else pd.Timestamp(data_end)
    return _check(
        table,
        work,
        name=name,
        source="DataFrame",
        encoding="n/a",
        renamed=renamed,
        customers=customers,
        drop_invalid=drop_invalid,
        end=end,
        rows_text=text,
        row_numbers=numbers,
        strict=strict,
    )
