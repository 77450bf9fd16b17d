"""Reading an analyst's source: a DataFrame, a delimited text, .xlsx or Parquet file (private).

Text files are decoded as UTF-8, UTF-8 with BOM or GB18030/GBK (Excel's default for
Chinese CSVs) unless an encoding is given, and split on any separator (``sep=",", "\\t",
";", r"\\s+"``; detected from the header line when not given). Every failure is a
:class:`DataError` naming the file and the fix.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab._validate import row_list
from crmlab.data._report import DataError

NA_VALUES = ["", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "#N/A", "<NA>"]
_ROWS_NOTE = "row numbers as in a spreadsheet: the header is row 1"
_EXCEL = (".xlsx", ".xlsm")
_PARQUET = (".parquet", ".pq")


def decode(raw: bytes, name: str, encoding: str | None) -> str:
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
    candidates = ("utf-8-sig",) if raw.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
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


def is_blank(raw: bytes) -> bool:
    """The file holds nothing but whitespace (and perhaps a BOM)."""
    return len(raw) <= 65536 and not raw.strip(b" \t\r\n\xef\xbb\xbf")


def spreadsheet_rows(positions: np.ndarray) -> list[int]:
    """Spreadsheet row numbers of 0-based data positions (the header is row 1)."""
    return [int(p) + 2 for p in positions]


def spreadsheet_rows_text(positions: np.ndarray) -> str:
    return f"{row_list(spreadsheet_rows(positions))} ({_ROWS_NOTE})"


def frame_rows(
    index: pd.Index, what: str = "index labels of the frame"
) -> tuple[Callable[[np.ndarray], str], Callable[[np.ndarray], list]]:
    """Row formatters for a DataFrame: its own index labels, not spreadsheet rows."""

    def text(positions: np.ndarray) -> str:
        return f"{row_list(index[positions])} ({what})"

    def numbers(positions: np.ndarray) -> list[object]:
        return [index[p] for p in positions]

    return text, numbers


@dataclass
class Source:
    """A source read into a frame, with how to name its rows in an error."""

    frame: pd.DataFrame
    name: str
    encoding: str
    rows_text: Callable[[np.ndarray], str] = spreadsheet_rows_text
    row_numbers: Callable[[np.ndarray], list] = spreadsheet_rows
    notes: list[str] = field(default_factory=list)


def _sniff(first_line: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    counts = {c: first_line.count(c) for c in (",", "\t", ";", "|")}
    best = max(counts, key=lambda c: counts[c])
    if counts[best] > 0:
        return best
    return r"\s+" if len(first_line.split()) > 1 else ","


def read_delimited(
    raw: bytes, name: str, encoding: str | None, sep: str | None, text_columns: Iterable[str]
) -> Source:
    """A delimited text file; ``text_columns`` are read as text (ids never become numbers)."""
    if is_blank(raw):
        raise DataError(
            f"{name}: the file is empty. Expected a header row and one row per order line.",
            file=name,
        )
    enc = decode(raw, name, encoding)
    notes = []
    if sep is None:
        first = raw[:65536].decode(enc, errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
        sep = _sniff(first.strip("\r"), Path(name).suffix.lower())
        if sep != ",":
            notes.append(f"separator detected: {sep!r} (pass sep=… to choose another)")
    kwargs: dict[str, object] = {
        "sep": sep,
        "encoding": enc,
        "keep_default_na": False,
        "na_values": NA_VALUES,
    }
    if sep != r"\s+":
        kwargs["skipinitialspace"] = True
    try:
        header = pd.read_csv(io.BytesIO(raw), nrows=0, **kwargs).columns
        wanted = set(text_columns)
        dtypes = {h: str for h in header if str(h).strip().lstrip("\ufeff") in wanted}
        frame = pd.read_csv(io.BytesIO(raw), dtype=dtypes, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataError(
            f"{name}: not a readable delimited text file ({str(exc).strip()}). Check the "
            f"separator (read with sep={sep!r}; pass sep=',', '\\t', ';' or r'\\s+') and that "
            "every row has as many fields as the header.",
            file=name,
        ) from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return Source(frame, name, enc, notes=notes)


def _read_excel(path: Path, name: str, sheet: str | int | None) -> Source:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise DataError(
            f"{name}: not a readable .xlsx workbook ({exc}). Save it from your spreadsheet as "
            "'Excel Workbook (.xlsx)' or as 'CSV UTF-8'.",
            file=name,
        ) from None
    with book:
        sheets = [str(s) for s in book.sheet_names]
        chosen = 0 if sheet is None else sheet
        if (isinstance(chosen, int) and not 0 <= chosen < len(sheets)) or (
            isinstance(chosen, str) and chosen not in sheets
        ):
            raise DataError(
                f"{name}: no sheet {sheet!r}; the workbook has the sheet(s) "
                f"{', '.join(repr(s) for s in sheets)}. Pass sheet='…' (a name) or a 0-based "
                "number.",
                file=name,
            )
        frame = book.parse(chosen, dtype=object)
    frame.columns = [str(c).strip() for c in frame.columns]
    return Source(frame, name, "xlsx")


def read_source(
    source: pd.DataFrame | str | os.PathLike[str],
    *,
    sep: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    text_columns: Iterable[str] = (),
) -> Source:
    """Read a DataFrame, a delimited text file, an .xlsx workbook or a Parquet file."""
    if isinstance(source, pd.DataFrame):
        text, numbers = frame_rows(source.index)
        frame = source.copy()
        frame.columns = [str(c) for c in frame.columns]
        return Source(frame, "DataFrame", "n/a", text, numbers)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source: expected a DataFrame or a file path, got {type(source).__name__}")
    path = Path(source).expanduser()
    name = path.name
    if not path.is_file():
        raise DataError(
            f"{path}: no such file. Pass the path of your order log (CSV, TSV, text, .xlsx or "
            ".parquet) or a DataFrame.",
            file=str(path),
        )
    suffix = path.suffix.lower()
    if suffix in _EXCEL:
        found = _read_excel(path, name, sheet)
    elif suffix == ".xls":
        raise DataError(
            f"{name}: the old Excel .xls format is not read; save the sheet as 'Excel "
            "Workbook (.xlsx)' or as 'CSV UTF-8' and pass that file.",
            file=name,
        )
    elif suffix in _PARQUET:
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises its own error types
            raise DataError(f"{name}: not a readable Parquet file ({exc}).", file=name) from None
        frame = frame.reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        text, numbers = frame_rows(frame.index, "row positions in the file, from 0")
        found = Source(frame, name, "parquet", text, numbers)
    else:
        found = read_delimited(path.read_bytes(), name, encoding, sep, text_columns)
    if len(found.frame) == 0:
        raise DataError(
            f"{name}: the file has a header but no data rows. Add one row per order line "
            "below the header.",
            file=name,
        )
    return found
