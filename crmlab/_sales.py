"""Order lines as sales: revenue and gross margin of the lines that count (private).

Shared by :mod:`crmlab.value`, :mod:`crmlab.lifecycle`, :mod:`crmlab.customer_base`,
:mod:`crmlab.acquisition` and :mod:`crmlab.strategy`, on top of :mod:`crmlab._purchases`,
so that "revenue" and "gross margin" mean the same everywhere:

- revenue is the ``amount`` of the lines that were not returned (a table without a
  ``returned`` column has no returned lines);
- gross margin is ``amount`` − ``cost`` of those lines when the data have a ``cost``
  column. Without one, it is ``amount`` × ``margin``, a gross-margin rate the analyst
  gives (e.g. ``margin=0.35``), and the result says so in its note; without either, a
  function that needs gross margin stops with an error — never a silent 100 % margin;
- a table without a ``written_off`` column has no written-off lines (no bad debt).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, RETURNED, analysis_window, kept_lines
from crmlab._validate import as_float_array, bool_column, date_column, require_columns

COST = "cost"
WRITTEN_OFF = "written_off"
#: Key of the note in a result's ``attrs`` that says how gross margin was computed.
MARGIN_NOTE = "margin_note"

__all__ = [
    "COST",
    "MARGIN_NOTE",
    "WRITTEN_OFF",
    "MarginBasis",
    "check_margin",
    "cost_of_goods",
    "flags",
    "margin_basis",
    "returned_flags",
    "sales_lines",
    "seen_until",
    "written_off_flags",
]


def flags(transactions: pd.DataFrame, column: str, what: str = "transactions") -> np.ndarray:
    """Per line, the boolean flag ``column`` (all False when the column is absent).

    The flag must hold booleans (or 0/1): text such as ``"False"`` or ``"Yes"`` raises
    ``ValueError`` instead of being read as true (text is parsed where the data enter).

    Examples
    --------
    >>> flags(pd.DataFrame({"written_off": [True, False]}), "written_off").tolist()
    [True, False]
    >>> flags(pd.DataFrame({"amount": [1.0]}), "written_off").tolist()
    [False]
    """
    if column not in transactions.columns:
        return np.zeros(len(transactions), dtype=bool)
    return bool_column(transactions, column, what).to_numpy(dtype=bool)


def returned_flags(transactions: pd.DataFrame, what: str = "transactions") -> np.ndarray:
    """Per line, whether it was returned (all False when there is no ``returned`` column).

    Examples
    --------
    >>> returned_flags(pd.DataFrame({"returned": [True, False]})).tolist()
    [True, False]
    >>> returned_flags(pd.DataFrame({"amount": [1.0, 2.0]})).tolist()
    [False, False]
    >>> returned_flags(pd.DataFrame({"returned": ["False"]}))
    Traceback (most recent call last):
    ...
    ValueError: transactions: column 'returned' must hold True/False, found ['False'] at row 0; ...
    """
    return flags(transactions, RETURNED, what)


def written_off_flags(transactions: pd.DataFrame, what: str = "transactions") -> np.ndarray:
    """Per line, whether it was written off as bad debt (all False without ``written_off``).

    Examples
    --------
    >>> written_off_flags(pd.DataFrame({"amount": [1.0, 2.0]})).tolist()
    [False, False]
    """
    return flags(transactions, WRITTEN_OFF, what)


def check_margin(margin: object) -> float:
    """A gross-margin rate as a float in [0, 1], else ``ValueError`` saying what to pass.

    Examples
    --------
    >>> check_margin(0.35)
    0.35
    >>> check_margin(35)
    Traceback (most recent call last):
    ...
    ValueError: margin: expected a gross-margin rate between 0 and 1 (e.g. 0.35 for 35 %), got 35
    """
    try:
        rate = float(margin)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rate = np.nan
    if isinstance(margin, bool) or not (np.isfinite(rate) and 0 <= rate <= 1):
        raise ValueError(
            "margin: expected a gross-margin rate between 0 and 1 (e.g. 0.35 for 35 %), "
            f"got {margin!r}"
        )
    return rate


class MarginBasis(NamedTuple):
    """How gross margin is computed for one table: see :func:`margin_basis`.

    ``rate`` is ``None`` when the ``cost`` column is used, the assumed gross-margin rate
    when it is not, and NaN when gross margin is unknown; ``note`` says which in a sentence
    a notebook can print.
    """

    rate: float | None
    note: str

    @property
    def known(self) -> bool:
        """Whether gross margin can be computed."""
        return self.rate is None or bool(np.isfinite(self.rate))


def margin_basis(
    transactions: pd.DataFrame,
    margin: float | None = None,
    *,
    required: bool = True,
    what: str = "transactions",
) -> MarginBasis:
    """Decide how gross margin is computed: from ``cost``, or as ``amount`` × ``margin``.

    - The data have a ``cost`` column: gross margin = ``amount`` − ``cost``; a ``margin``
      given as well is checked but not used, and the note says so.
    - No ``cost`` column, ``margin`` given: gross margin = ``amount`` × ``margin``; the note
      says it is assumed.
    - Neither: ``ValueError`` naming the missing column and the fix when ``required``;
      otherwise gross margin is unknown (NaN) and the note says so.

    Examples
    --------
    >>> tx = pd.DataFrame({"amount": [10.0]})
    >>> margin_basis(tx, 0.35).note
    'gross margin assumed at 35% of revenue: the data have no cost column'
    >>> margin_basis(tx.assign(cost=4.0)).note
    'gross margin = amount − cost (the cost column of the data)'
    >>> margin_basis(tx)
    Traceback (most recent call last):
    ...
    ValueError: transactions: no 'cost' column, so gross margin (revenue − cost of goods) ...
    """
    if COST in transactions.columns:
        note = "gross margin = amount − cost (the cost column of the data)"
        if margin is not None:
            note += f"; margin={check_margin(margin):g} was not used"
        return MarginBasis(None, note)
    if margin is not None:
        rate = check_margin(margin)
        return MarginBasis(
            rate,
            f"gross margin assumed at {rate * 100:g}% of revenue: the data have no cost column",
        )
    if required:
        raise ValueError(
            f"{what}: no '{COST}' column, so gross margin (revenue − cost of goods) cannot be "
            "computed; pass margin=0.35, say — the gross-margin rate, the share of revenue "
            "left after the cost of goods — or add the cost column where the data are loaded"
        )
    return MarginBasis(
        np.nan, "gross margin unknown: the data have no cost column and no margin was given"
    )


def cost_of_goods(
    lines: pd.DataFrame, amount: np.ndarray, basis: MarginBasis, what: str = "transactions"
) -> np.ndarray:
    """Cost of goods of each of ``lines`` (whose amounts are ``amount``) under ``basis``.

    The ``cost`` column, or ``amount`` × (1 − rate) when the rate is assumed; gross margin
    is ``amount`` minus this.

    Examples
    --------
    >>> lines = pd.DataFrame({"amount": [10.0, 20.0]})
    >>> cost_of_goods(lines, np.array([10.0, 20.0]), MarginBasis(0.25, "")).tolist()
    [7.5, 15.0]
    """
    if basis.rate is None:
        return as_float_array(lines[COST], f"{what}.{COST}")
    return amount * (1.0 - basis.rate)


def sales_lines(
    transactions: pd.DataFrame,
    basis: MarginBasis,
    *,
    day: bool = False,
    what: str = "transactions",
) -> pd.DataFrame:
    """The kept (non-returned) lines with ``customer_id``, ``revenue`` and ``gross_margin``.

    Indexed like the kept rows of ``transactions``; ``gross_margin`` follows ``basis``
    (see :func:`margin_basis`; NaN when it is unknown). With ``day=True`` also ``day``,
    the order date at midnight (``order_date`` is then required).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 5.0, 8.0],
    ...                    "cost": [4.0, 2.0, 3.0], "returned": [False, True, False]})
    >>> sales_lines(tx, margin_basis(tx))
      customer_id  revenue  gross_margin
    0           a     10.0           6.0
    2           b      8.0           5.0
    >>> sales_lines(tx.drop(columns="cost"), margin_basis(tx.drop(columns="cost"), 0.5))
      customer_id  revenue  gross_margin
    0           a     10.0           5.0
    2           b      8.0           4.0
    """
    required = [CUSTOMER, AMOUNT] + ([COST] if basis.rate is None else [])
    kept = kept_lines(transactions, required=[*required, DATE] if day else required, what=what)
    amount = as_float_array(kept[AMOUNT], f"{what}.{AMOUNT}")
    out = pd.DataFrame(
        {
            CUSTOMER: kept[CUSTOMER].to_numpy(),
            "revenue": amount,
            "gross_margin": amount - cost_of_goods(kept, amount, basis, what),
        },
        index=kept.index,
    )
    if day:
        out["day"] = kept[DATE].dt.normalize().to_numpy()
    return out


def seen_until(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None,
    service_contacts: pd.DataFrame | None,
    observation_end: object,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """The three tables as an analysis sees them on ``observation_end``.

    Lines ordered later, contacts made later and customers signed up later (who have no
    earlier line or contact) are left out. ``None`` is the last day in ``transactions``;
    without ``order_date`` and with ``observation_end=None`` nothing is cut. Contacts are
    cut by ``contact_date``, which is required only for an explicit ``observation_end``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b"],
    ...                    "order_date": pd.to_datetime(["2025-01-05", "2025-03-01"])})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "signup_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-20"])})
    >>> seen, who, _ = seen_until(tx, customers, None, "2025-02-15")
    >>> seen["customer_id"].tolist(), who["customer_id"].tolist()
    (['a'], ['a', 'b'])
    """
    if observation_end is None and DATE not in transactions.columns:
        return transactions, customers, service_contacts
    end = analysis_window(transactions, observation_end).observation_end
    day = date_column(transactions, DATE, "transactions").dt.normalize()
    transactions = transactions.loc[(day <= end).to_numpy()]
    if service_contacts is not None:
        if "contact_date" in service_contacts.columns or observation_end is not None:
            require_columns(service_contacts, [CUSTOMER, "contact_date"], "service_contacts")
            made = date_column(service_contacts, "contact_date", "service_contacts")
            service_contacts = service_contacts.loc[(made.dt.normalize() <= end).to_numpy()]
    if customers is not None and "signup_date" in customers.columns:
        require_columns(customers, [CUSTOMER], "customers")
        signup = date_column(customers, "signup_date", "customers").dt.normalize()
        seen = set(transactions[CUSTOMER].unique())
        if service_contacts is not None:
            seen |= set(service_contacts[CUSTOMER].unique())
        keep = (signup <= end) | customers[CUSTOMER].isin(seen)
        customers = customers.loc[keep.to_numpy()]
    return transactions, customers, service_contacts
