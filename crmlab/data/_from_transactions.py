"""``from_transactions``: an analyst's order log (any shape) → a contract transactions table.

The one door for real order logs: invoice lines with cancellations, a shop's Excel export,
a point-of-sale CSV in GBK, a whitespace-separated text log. You name your columns once;
the log is read, cleaned (exact duplicates and lines without a customer dropped and
counted), its returns settled by the returns rule, and completed with the contract's
defaults. What happened is in ``frame.attrs["load_report"]``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab.data import _report as R
from crmlab.data import _schema as S
from crmlab.data._check import flag_counts
from crmlab.data._netting import RETURNS, settle_returns
from crmlab.data._open import apply_defaults
from crmlab.data._parse import FALSE, TRUE, clean_currency, parse_dates
from crmlab.data._report import DataError, LoadReport
from crmlab.data._source import Source, read_source

__all__ = ["from_transactions"]

_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
#: the columns from_transactions makes; a source column of the same name is renamed
_MADE = ("order_id", "line_no", "customer_id", "order_date", "quantity", "amount")
_MADE += ("returned", "written_off")

Returned = str | tuple[str, Sequence[object]] | None


def _text(values: np.ndarray) -> pd.Series:
    series = pd.Series(values, dtype=object)
    return series.astype("str") if _PANDAS_3 else series


def _problem(
    src: Source,
    column: str,
    arg: str,
    mask: np.ndarray,
    pos: np.ndarray,
    what: str,
    fix: str,
    values: pd.Series | None = None,
) -> DataError:
    bad = np.flatnonzero(mask)
    rows = src.rows_text(pos[bad])
    eg = ""
    if values is not None:
        shown = pd.Series(values.to_numpy()[bad], dtype=object).astype(str).drop_duplicates()
        eg = ", e.g. " + ", ".join(repr(v) for v in shown.head(3))
    return DataError(
        f"{src.name}: column '{column}' ({arg}=): {len(bad)} value(s) {what} at {rows}{eg}. "
        f"Fix: {fix}",
        file=src.name,
        column=column,
        rows=tuple(src.row_numbers(pos[bad][:5])),
    )


def _check_names(src: Source, named: dict[str, str | None]) -> None:
    have = list(src.frame.columns)
    for arg, column in named.items():
        if column is None or column in have:
            continue
        close = difflib.get_close_matches(str(column), [str(h) for h in have], n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        holder = "the frame" if src.name == "DataFrame" else "the file"
        raise DataError(
            f"{src.name}: {arg}={column!r} names a column {holder} does not have (it has: "
            f"{', '.join(repr(h) for h in have)}).{hint} Fix: pass {arg}= one of those names.",
            file=src.name,
            column=str(column),
        )


def _ids(values: pd.Series) -> np.ndarray:
    """Ids as text, ``None`` where missing; 17850.0 from a number column becomes '17850'."""
    codes, uniques = pd.factorize(values)
    labels = []
    for u in uniques:
        if isinstance(u, (float, np.floating)) and float(u).is_integer():
            u = int(u)
        text = str(u).strip()
        labels.append(text if text else None)
    return np.append(np.asarray(labels, dtype=object), None)[codes]


def _numbers(
    src: Source,
    sub: pd.DataFrame,
    column: str,
    arg: str,
    pos: np.ndarray,
    notes: list[str],
    whole: bool = False,
) -> np.ndarray:
    raw = sub[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        failed = np.zeros(len(raw), dtype=bool)
    else:
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        failed = np.isnan(values) & raw.notna().to_numpy()
        if failed.any():
            cleaned = pd.to_numeric(clean_currency(raw[failed]), errors="coerce")
            if cleaned.notna().any():
                notes.append(
                    f"column '{column}': parsed {int(cleaned.notna().sum())} "
                    f"currency-formatted value(s) such as "
                    f"{raw[failed][cleaned.notna().to_numpy()].iloc[0]!r}"
                )
            values[failed] = cleaned.to_numpy(dtype=float, na_value=np.nan)
            failed = np.isnan(values) & raw.notna().to_numpy()
    if failed.any():
        raise _problem(
            src,
            column,
            arg,
            failed,
            pos,
            "not a number",
            "write plain numbers such as 1200.50 (amounts like '£1,200.00' or "
            "'¥1,200' are parsed; other text is not)",
            raw,
        )
    missing = np.isnan(values)
    if missing.any():
        raise _problem(
            src,
            column,
            arg,
            missing,
            pos,
            "missing (empty cell)",
            f"fill in every {column}, or remove those lines",
        )
    if whole:
        frac = values != np.round(values)
        if frac.any():
            raise _problem(
                src,
                column,
                arg,
                frac,
                pos,
                "not whole numbers",
                f"{column} counts items; pass a whole-number column",
                raw,
            )
    return values


def _date_text(value: object) -> str:
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).isoformat()
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _dates(
    src: Source, sub: pd.DataFrame, column: str, pos: np.ndarray, date_format: str | None
) -> np.ndarray:
    raw = sub[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        if isinstance(raw.dtype, pd.DatetimeTZDtype):
            raw = raw.dt.tz_localize(None)
        values = raw.to_numpy(dtype="datetime64[ns]")
        missing = np.isnat(values)
        if missing.any():
            raise _problem(
                src,
                column,
                "date",
                missing,
                pos,
                "missing (empty cell)",
                "fill in every date, or remove those lines",
            )
        return values
    codes, uniques = pd.factorize(raw)
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        text = pd.Series(uniques, dtype=object).str.strip()
    else:  # numbers such as 20240308, or a mix of dates and text from a spreadsheet
        text = pd.Series([_date_text(u) for u in uniques], dtype=object)
    parsed, ambiguous = parse_dates(text, date_format)
    labels = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    values = labels[codes]
    failed = np.isnat(values)
    if failed.any():
        missing = codes < 0
        if missing.all() or (missing == failed).all():
            raise _problem(
                src,
                column,
                "date",
                failed,
                pos,
                "missing (empty cell)",
                "fill in every date, or remove those lines",
            )
        fix = ambiguous or (
            f"pass date_format= the way your dates are written ({date_format!r} did not fit)"
            if date_format
            else "pass date_format= the way your dates are written, e.g. '%Y%m%d' for "
            "20240308, '%d/%m/%Y %H:%M' for 08/03/2024 14:30, or write YYYY-MM-DD"
        )
        raise _problem(src, column, "date", failed & ~missing, pos, "not a date", fix, raw)
    return values


def _cancelled(
    src: Source, sub: pd.DataFrame, returned: Returned, pos: np.ndarray, notes: list[str]
) -> np.ndarray | None:
    if returned is None:
        return None
    if isinstance(returned, str):
        raw = sub[returned]
        codes, uniques = pd.factorize(raw, use_na_sentinel=False)
        low = pd.Series(uniques, dtype=object).astype(str).str.strip().str.lower()
        true_u = low.isin(TRUE).to_numpy()
        bad_u = ~(true_u | low.isin(FALSE).to_numpy())
        bad = bad_u[codes]
        if bad.any():
            raise _problem(
                src,
                returned,
                "returned",
                bad,
                pos,
                "not a yes/no flag",
                "write true/false, yes/no, 是/否 or 1/0 in the column, or pass "
                f"returned=({returned!r}, [the values that mean a cancelled or refunded "
                "line]) to name them",
                raw,
            )
        return true_u[codes]
    column, values = returned
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | set | frozenset):
        values = [values]
    wanted = {str(v).strip() for v in values}
    text = sub[column].astype(str).str.strip()
    mask = text.isin(wanted).to_numpy()
    if not mask.any():
        seen = ", ".join(repr(v) for v in text.drop_duplicates().head(8))
        notes.append(
            f"returned=: no line of column '{column}' holds {sorted(wanted)!r} (its values "
            f"include {seen}); no line was taken as cancelled"
        )
    return mask


def _arguments(
    amount: str | None, quantity: str | None, price: str | None, returned: Returned, returns: str
) -> None:
    if returns not in RETURNS:
        raise ValueError(f"returns: expected 'net' or 'flag', got {returns!r}")
    if amount is None and (quantity is None or price is None):
        raise ValueError(
            "from_transactions: name the money of a line, either amount='<column>' or "
            "quantity='<column>' and price='<column>' (amount = quantity × price)"
        )
    if amount is not None and price is not None:
        raise ValueError(
            "from_transactions: pass either amount= or quantity= and price=, not both "
            "(amount= with quantity= is fine: quantity is then kept as items per line)"
        )
    if returned is not None and not isinstance(returned, str):
        if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
            raise ValueError(
                "returned: a column of yes/no flags, e.g. returned='refunded', or a pair "
                "(column, values), e.g. returned=('订单状态', ['交易关闭', '退款'])"
            )


def from_transactions(
    source: pd.DataFrame | str | os.PathLike[str],
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    order: str | None = None,
    product: str | None = None,
    returned: Returned = None,
    returns: str = "net",
    date_format: str | None = None,
    sep: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Turn an order log of any shape into a contract transactions table.

    You name your columns once; the log is read (a DataFrame, a CSV / TSV / text file with
    any separator, an ``.xlsx`` workbook or a Parquet file), cleaned, its returns settled,
    and completed with the contract's defaults. Nothing disappears silently: the
    :class:`LoadReport` in ``frame.attrs["load_report"]`` says what was kept, netted,
    deduplicated and dropped, and how many customers were left without a purchase.

    What happens to the lines, in order:

    1. exact duplicate lines (every column equal) are removed and counted;
    2. lines without a customer id are dropped and counted;
    3. negative lines (amount < 0 or quantity < 0) are returns or cancellations, settled
       by ``returns``. ``"net"`` (default): each is netted against the same customer's
       purchase lines on or before its time (of the same product when ``product=`` is
       given), latest first; fully netted lines disappear, a partially netted line keeps
       the remainder, a purchase day whose lines are all cancelled stops being a purchase.
       **A return with no earlier purchase to net against is dropped and counted, with its
       total** (``report.unmatched_amount``). ``"flag"``: every line stays; the return
       line and the part of the purchase it cancels get ``returned=True`` (a partially
       cancelled line is split into its cancelled part, flagged, and the rest), which
       revenue analyses leave out;
    4. lines marked by ``returned=`` are cancellations of themselves (not purchases): gone
       under ``"net"``, flagged under ``"flag"``;
    5. zero-amount lines (free items, promotions) stay: they are purchases;
    6. absent columns get their defaults: ``order_id`` one order per customer-day
       (``<customer_id>|<YYYY-MM-DD>``) unless ``order=`` names one, ``line_no`` 1, 2, …
       within the order, ``returned`` / ``written_off`` False; ``cost`` stays absent.

    Either way a customer's revenue is the signed sum of her lines: the sum of
    ``amount`` over the lines not flagged equals the sum over the log (after duplicates
    and lines without a customer) less the unmatched returns.

    Parameters
    ----------
    source
        A DataFrame, or the path of a ``.csv`` / ``.tsv`` / ``.txt`` file, an ``.xlsx``
        workbook or a ``.parquet`` file.
    customer, date
        Your columns holding the customer id and the date of the line. Dates keep their
        time of day; see ``date_format``.
    amount
        Your column holding the money of the line (what the customer paid, negative for a
        return). Amounts written like ``"£1,200.00"`` or ``"¥1,200"`` are parsed.
    quantity, price
        Items on the line and the price of one item: without ``amount``, amount =
        quantity × price. ``quantity`` alone next to ``amount`` is kept as the contract's
        ``quantity``.
    order
        Your order (invoice) id column; default: one order per customer-day.
    product
        Your product column: returns are then netted against the same product's purchases.
        Kept as an extra column.
    returned
        A column of flags marking cancelled or refunded lines (true/false, yes/no, 是/否,
        1/0), or a pair ``(column, values)`` naming the values that mean so, e.g.
        ``("订单状态", ["交易关闭", "退款"])``.
    returns
        ``"net"`` (default) or ``"flag"``: how returns are settled (above).
    date_format
        How your dates are written, e.g. ``"%Y%m%d"`` for 20240308 (also as integers) or
        ``"%d/%m/%Y %H:%M"``. Default: ISO dates, ``2024/3/8``, ``2024年3月8日``, and
        slashed dates when only one of day-first / month-first fits every value.
    sep
        The separator of a text file: ``","``, ``"\\t"``, ``";"``, ``r"\\s+"`` (any
        whitespace) …; default: detected from the header line.
    sheet
        The sheet of an ``.xlsx`` workbook (name or 0-based number; default the first).
    encoding
        Text encoding; default: UTF-8, UTF-8 with BOM or GB18030/GBK, detected.

    Returns
    -------
    pandas.DataFrame
        ``order_id``, ``line_no``, ``customer_id``, ``order_date``, ``quantity`` (when
        given), ``amount``, ``returned``, ``written_off``, then every other column of the
        source unchanged (a source column named like one of these is kept as
        ``source_<name>``). One row per remaining line (index 0 … n−1).

    Raises
    ------
    DataError
        The source cannot be read, an argument names a column the source does not have
        (the message lists the columns it has), or values are missing or not numbers /
        dates / flags; the message names the file (or "DataFrame"), the column, the rows
        and the fix.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "Invoice": ["536365", "536365", "C536391", "536400", "536401"],
    ...     "Customer": [17850, 17850, 17850, None, 12346],
    ...     "InvoiceDate": ["12/1/2010 8:26", "12/1/2010 8:26", "12/1/2010 10:24",
    ...                     "12/1/2010 11:00", "12/13/2010 9:00"],
    ...     "Quantity": [6, 6, -6, 2, 1], "UnitPrice": [2.55, 2.55, 2.55, 1.0, 0.0]})
    >>> tx = from_transactions(log, customer="Customer", date="InvoiceDate",
    ...                        quantity="Quantity", price="UnitPrice", order="Invoice")
    >>> tx[["order_id", "customer_id", "quantity", "amount"]]
      order_id customer_id  quantity  amount
    0   536401       12346         1     0.0
    >>> report = tx.attrs["load_report"]
    >>> report.count("exact duplicate lines"), report.count("lines without a customer id")
    (1, 1)
    >>> report.customers_removed
    1
    """
    _arguments(amount, quantity, price, returned, returns)
    returned_column = returned if isinstance(returned, str) or returned is None else returned[0]
    named = {
        "customer": customer,
        "date": date,
        "amount": amount,
        "quantity": quantity,
        "price": price,
        "order": order,
        "product": product,
        "returned": returned_column,
    }
    text_columns = [c for c in (customer, order, product, date, returned_column) if c]
    src = read_source(source, sep=sep, sheet=sheet, encoding=encoding, text_columns=text_columns)
    _check_names(src, named)
    frame = src.frame
    n_read = len(frame)
    notes = list(src.notes)

    duplicate = frame.duplicated(keep="first").to_numpy()
    ids = _ids(frame[customer])
    no_customer = np.equal(ids, None) & ~duplicate
    pos = np.flatnonzero(~duplicate & ~no_customer)
    if len(pos) == 0:
        raise DataError(
            f"{src.name}: no line has a customer id in column '{customer}' (customer=). "
            "Fix: name the column that holds who bought.",
            file=src.name,
            column=customer,
        )
    sub = frame.iloc[pos]

    out: dict[str, object] = {}
    if order is not None:
        order_ids = _ids(sub[order])
        missing = np.equal(order_ids, None)
        if missing.any():
            raise _problem(
                src,
                order,
                "order",
                missing,
                pos,
                "missing (empty cell)",
                "fill in every order id, or leave order= out to use one order per customer-day",
            )
        out["order_id"] = _text(order_ids)
    out["customer_id"] = _text(ids[pos])
    out["order_date"] = _dates(src, sub, date, pos, date_format)
    if quantity is not None:
        items = _numbers(src, sub, quantity, "quantity", pos, notes, whole=True)
        out["quantity"] = items.astype(np.int64)
    if amount is not None:
        out["amount"] = _numbers(src, sub, amount, "amount", pos, notes)
    else:
        unit = _numbers(src, sub, price, "price", pos, notes)
        out["amount"] = np.round(items * unit, 10)
        notes.append(f"amount = {quantity} × {price}")
    cancelled = _cancelled(src, sub, returned, pos, notes)

    used = {customer, date, amount, quantity, order}
    extras = [c for c in frame.columns if c not in used]
    table = pd.DataFrame(out)
    renamed_extras = []
    for column in extras:
        name = f"source_{column}" if column in _MADE else column
        if name != column:
            renamed_extras.append(f"{column} → {name}")
        table[name] = sub[column].to_numpy()
    if renamed_extras:
        notes.append(
            "source columns renamed to keep the contract's names free: " + ", ".join(renamed_extras)
        )
    product_name = (
        None if product is None else (f"source_{product}" if product in _MADE else product)
    )
    settled_frame, settled = settle_returns(
        table, returns=returns, product=product_name, cancelled=cancelled
    )
    notes.extend(settled.notes())
    result, defaults, more = apply_defaults(S.TRANSACTIONS, settled_frame)
    notes.extend(more)
    kept = result["returned"].to_numpy(dtype=bool)
    notes.append(
        f"kept {len(result)} line(s) of {result['customer_id'].nunique()} customer(s); "
        f"revenue (lines not flagged) {result['amount'].to_numpy()[~kept].sum():,.2f}"
    )
    renamed = tuple(
        (theirs, ours)
        for theirs, ours in (
            (order, "order_id"),
            (customer, "customer_id"),
            (date, "order_date"),
            (quantity, "quantity"),
            (amount, "amount"),
        )
        if theirs is not None and theirs != ours
    )
    report = LoadReport(
        table="transactions",
        file=str(source) if src.name != "DataFrame" else "DataFrame",
        encoding=src.encoding,
        rows_read=n_read,
        rows_returned=len(result),
        renamed=renamed,
        extra_columns=tuple(c for c in result.columns if c not in S.TRANSACTIONS.names),
        missing_optional=tuple(c for c in S.TRANSACTIONS.names if c not in settled_frame.columns),
        dropped=(
            (R.DUPLICATES, int(duplicate.sum())),
            (R.NO_CUSTOMER, int(no_customer.sum())),
            *settled.dropped(),
        ),
        flagged=flag_counts(S.TRANSACTIONS, result),
        notes=tuple(notes),
        strict=False,
        defaults=defaults,
        netted=settled.netted(),
        unmatched_amount=settled.unmatched_amount,
        customers_removed=settled.customers_removed,
    )
    result.attrs["load_report"] = report
    return result
