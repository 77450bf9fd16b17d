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
from crmlab.data._check import (
    _NA_VALUES,
    DataError,
    LoadReport,
    _check,
    _frame_rows,
    _map_columns,
    pandas_dtype,
)

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


def _decode(raw: bytes, name: str, encoding: str | None) -> str:
    """Pick the encoding: the one given, else UTF-8 (with or without BOM), else GB18030."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError(
            f"{name}: the file is UTF-16 (Excel's 'Unicode text'); save it as "
            "'CSV UTF-8 (comma delimited)' and load it again.",
            file=name,
        )
    if encoding is not None:
        try:
            raw.decode(encoding)
        except LookupError:
            raise DataError(f"{name}: unknown encoding {encoding!r}", file=name) from None
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{name}: cannot be read as {encoding} (invalid bytes at byte {exc.start}). "
                "Pass encoding=None to detect UTF-8 / UTF-8 with BOM / GB18030 automatically, "
                "or the encoding the file was saved in (Excel for Chinese Windows uses 'gb18030').",
                file=name,
            ) from None
        return encoding
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return enc
    raise DataError(
        f"{name}: the text is neither UTF-8 nor GB18030/GBK (wrong encoding?). Save the file "
        "as 'CSV UTF-8' in your spreadsheet, or pass encoding='…' with the encoding it was "
        "saved in.",
        file=name,
    )


def _read(
    table: S.Table,
    path: str | os.PathLike[str] | None,
    columns: dict[str, str] | None,
    encoding: str | None,
) -> tuple[pd.DataFrame, str, Path, tuple[tuple[str, str], ...]]:
    file = _resolve(table, path)
    name = file.name
    raw = file.read_bytes()
    if not raw[:65536].strip(b" \t\r\n\xef\xbb\xbf") and len(raw) <= 65536:
        raise DataError(
            f"{name}: the file is empty. Expected a header row with the columns "
            f"{', '.join(table.names)} and one row per {table.name[:-1]}.",
            file=name,
        )
    enc = _decode(raw, name, encoding)
    try:
        header = pd.read_csv(io.BytesIO(raw), nrows=0, encoding=enc).columns
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{name}: not a readable CSV file ({exc})", file=name) from None
    header = [str(c).strip().lstrip("\ufeff") for c in header]
    final, renamed = _map_columns(table, header, columns, name, "The file")
    # explicit dtypes keyed by the file's own column names; numbers try the fast path
    dtypes: dict[str, object] = {}
    contract = {c.name: c for c in table.columns}
    for h, f in zip(header, final, strict=True):
        col = contract.get(f)
        if col is None or col.kind in ("id", "str"):
            dtypes[h] = object
        elif col.kind in ("int", "float"):
            dtypes[h] = "float64"
        else:  # category, bool, date: few distinct values, parsed once each
            dtypes[h] = "category"
    kwargs = {
        "encoding": enc,
        "keep_default_na": False,
        "na_values": _NA_VALUES,
        "skipinitialspace": True,
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
    return frame, enc, file, renamed


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
) -> pd.DataFrame:
    frame, enc, file, renamed = _read(table, path, columns, encoding)
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
    )


def conform(
    frame: pd.DataFrame,
    table: str | S.Table,
    *,
    columns: dict[str, str] | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Check a DataFrame already in memory against the data contract, as the loaders do.

    The boundary for data that did not come from a file: your column names are mapped
    once onto the contract's (``columns={yours: contract}``), then every value is checked
    and converted exactly as the loaders check a CSV — the same :class:`DataError`
    messages, naming the column, the rows (the frame's own index labels) and the fix.
    Inside ``crmlab`` every function then reads the contract's names.

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

    Returns
    -------
    pandas.DataFrame
        A new frame in the contract's column order and dtypes (extra columns kept at the
        right), with a :class:`LoadReport` in ``.attrs["load_report"]``.

    Examples
    --------
    >>> raw = pd.DataFrame({"客户编号": ["c1", "c2"], "订单号": ["o1", "o2"],
    ...                     "行号": [1, 1], "日期": ["2024-03-08", "2024-03-09"],
    ...                     "渠道": ["online", "store"], "品类": ["dresses", "tops"],
    ...                     "件数": [1, 2], "金额": ["¥199.00", "89"], "成本": [80, 40],
    ...                     "折扣": [0, 10], "活动": ["none", "none"],
    ...                     "退货": ["否", "是"], "坏账": [0, 0]})
    >>> tx = conform(raw, "transactions", columns={
    ...     "客户编号": "customer_id", "订单号": "order_id", "行号": "line_no",
    ...     "日期": "order_date", "渠道": "sales_channel", "品类": "category",
    ...     "件数": "quantity", "金额": "amount", "成本": "cost", "折扣": "discount",
    ...     "活动": "promotion", "退货": "returned", "坏账": "written_off"})
    >>> tx[["customer_id", "amount", "returned"]]
      customer_id  amount  returned
    0          c1   199.0     False
    1          c2    89.0      True
    >>> conform(raw.drop(columns="金额"), "transactions", columns={"客户编号": "customer_id"})
    Traceback (most recent call last):
    ...
    crmlab.data._check.DataError: transactions frame: missing required column(s) ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"conform: expected a pandas DataFrame, got {type(frame).__name__}")
    if isinstance(table, str):
        if table not in S.TABLES:
            raise ValueError(
                f"conform: unknown table {table!r}; choose one of {', '.join(S.TABLES)}"
            )
        table = S.TABLES[table]
    name = f"{table.name} frame"
    header = [str(c) for c in frame.columns]
    final, renamed = _map_columns(table, header, columns, name, "The frame")
    if len(frame) == 0:
        raise DataError(f"{name}: the frame has no rows.", file=name)
    work = frame.copy()
    work.columns = final
    text, numbers = _frame_rows(frame.index)
    end = pd.Timestamp(_dt.date.today()) if data_end is None else pd.Timestamp(data_end)
    result = _check(
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
    )
    return result
