"""Reading cell values written by people: dates, money and yes/no flags (private).

Shared by the loaders, :func:`crmlab.data.conform` and :func:`crmlab.data.from_transactions`,
so a date, an amount or a flag is read the same way wherever data enter.
"""

from __future__ import annotations

import pandas as pd

#: how a flag may be written (compared lower-case, stripped); anything else is an error
TRUE = ("true", "1", "yes", "y", "t", "是", "1.0")
FALSE = ("false", "0", "no", "n", "f", "否", "0.0")


def clean_currency(values: pd.Series) -> pd.Series:
    """'¥1,200.00', '1 200 元', '£35', 'USD 9' → '1200.00', '1200', '35', '9' (other text kept)."""
    text = values.astype(str).str.strip()
    text = text.str.replace(
        r"^(-?)\s*(?:¥|￥|£|\$|€|CNY|RMB|GBP|USD|EUR)\s*", r"\1", regex=True
    ).str.replace(r"\s*(?:元|CNY|RMB|GBP|USD|EUR)$", "", regex=True)
    grouped = text.str.fullmatch(r"-?\d{1,3}(?:[,，\s]\d{3})+(?:\.\d+)?")
    return text.where(~grouped, text.str.replace(r"[,，\s]", "", regex=True))


_DATE_FORMATS = (
    "%Y-%m-%d",
    "ISO8601",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日",
    "%Y.%m.%d",
)
_TIMES = ("", " %H:%M", " %H:%M:%S")
_MONTH_FIRST = tuple(f"%m/%d/%Y{t}" for t in _TIMES)
_DAY_FIRST = tuple(f"%d/%m/%Y{t}" for t in _TIMES) + tuple(f"%d.%m.%Y{t}" for t in _TIMES)


_SAMPLE = 400


def _sample(text: pd.Series) -> pd.Series:
    """At most about ``_SAMPLE`` values spread over ``text`` (to rank formats cheaply)."""
    return text if len(text) <= _SAMPLE else text.iloc[:: len(text) // _SAMPLE]


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[ns]")


def _try_formats(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Parse ``text`` with the first of ``formats`` that fits each value (NaT where none does).

    The formats read the same value the same way, so their order does not matter: the
    ones that fit a sample of the values are tried first (a failed parse is slow).
    """
    if len(text) > _SAMPLE and len(formats) > 1:
        sample = _sample(text)
        hits = {fmt: int(_parse(sample, fmt).notna().sum()) for fmt in formats}
        formats = tuple(sorted(formats, key=lambda f: -hits[f]))
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in formats:
        left = parsed.isna().to_numpy()
        if not left.any():
            break
        parsed.loc[left] = _parse(text[left], fmt).to_numpy()
    return parsed


def parse_dates(text: pd.Series, date_format: str | None = None) -> tuple[pd.Series, str]:
    """Parse date texts (times of day kept): NaT where nothing fits, and an ambiguity note.

    Without ``date_format`` the ISO forms (``2024-03-08``, ``2024-03-08 14:30``,
    ``20240308``), ``2024/3/8``, ``2024年3月8日`` and ``2024.3.8`` are read; slashed dates
    such as ``12/1/2010 8:26`` are read month-first or day-first when only one of the two
    fits every value, and are left unparsed with a note when both do.

    Examples
    --------
    >>> parsed, note = parse_dates(pd.Series(["12/1/2010 8:26", "12/13/2010 9:00"]))
    >>> parsed.dt.strftime("%Y-%m-%d %H:%M").tolist(), note
    (['2010-12-01 08:26', '2010-12-13 09:00'], '')
    >>> parse_dates(pd.Series(["03/04/2024"]))[1][:48]
    "dates such as '03/04/2024' read both day-first a"
    """
    if date_format is not None:
        return _try_formats(text, (date_format,)), ""
    # a sample decides between month-first and day-first when only one fits it better
    sample = _sample(text)
    rest = sample[_try_formats(sample, _DATE_FORMATS).isna().to_numpy()]
    n_month = int(_try_formats(rest, _MONTH_FIRST).notna().sum())
    n_day = int(_try_formats(rest, _DAY_FIRST).notna().sum())
    family = () if n_month == n_day else _MONTH_FIRST if n_month > n_day else _DAY_FIRST
    parsed = _try_formats(text, _DATE_FORMATS + family)
    left = parsed.isna().to_numpy()
    if family or not left.any():
        return parsed, ""
    rest = text[left]
    month_first = _try_formats(rest, _MONTH_FIRST)
    day_first = _try_formats(rest, _DAY_FIRST)
    n_month, n_day = int(month_first.notna().sum()), int(day_first.notna().sum())
    if n_month == n_day == 0:
        return parsed, ""
    differ = (month_first != day_first) & month_first.notna() & day_first.notna()
    if n_month == n_day and differ.any():
        example = rest[differ.to_numpy()].iloc[0]
        return parsed, (
            f"dates such as {example!r} read both day-first and month-first; pass "
            "date_format='%d/%m/%Y' or '%m/%d/%Y' (add ' %H:%M' for times), or write "
            "dates as YYYY-MM-DD"
        )
    parsed.loc[left] = (month_first if n_month >= n_day else day_first).to_numpy()
    return parsed, ""
