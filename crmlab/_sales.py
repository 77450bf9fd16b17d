"""Order lines as sales: revenue and gross margin of the lines that count (private).

Shared by :mod:`crmlab.value`, :mod:`crmlab.acquisition` and :mod:`crmlab.strategy`, on
top of :mod:`crmlab._purchases`, so that "revenue" means the same everywhere: the
``amount`` of the lines that were not returned, and gross margin = ``amount`` − ``cost``
of those lines (a table without a ``returned`` column has no returned lines).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, RETURNED, kept_lines
from crmlab._validate import as_float_array, bool_column

COST = "cost"

__all__ = ["COST", "returned_flags", "sales_lines"]


def returned_flags(transactions: pd.DataFrame, what: str = "transactions") -> np.ndarray:
    """Per line, whether it was returned (all False when there is no ``returned`` column).

    The flag must hold booleans (or 0/1): text such as ``"False"`` raises ``ValueError``
    instead of being read as true.

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
    if RETURNED not in transactions.columns:
        return np.zeros(len(transactions), dtype=bool)
    return bool_column(transactions, RETURNED, what).to_numpy(dtype=bool)


def sales_lines(
    transactions: pd.DataFrame, *, day: bool = False, what: str = "transactions"
) -> pd.DataFrame:
    """The kept (non-returned) lines with ``customer_id``, ``revenue`` and ``gross_margin``.

    Indexed like the kept rows of ``transactions``. With ``day=True`` also ``day``, the
    order date at midnight (``order_date`` is then required).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 5.0, 8.0],
    ...                    "cost": [4.0, 2.0, 3.0], "returned": [False, True, False]})
    >>> sales_lines(tx)
      customer_id  revenue  gross_margin
    0           a     10.0           6.0
    2           b      8.0           5.0
    """
    required = (CUSTOMER, AMOUNT, COST, DATE) if day else (CUSTOMER, AMOUNT, COST)
    kept = kept_lines(transactions, required=required, what=what)
    amount = as_float_array(kept[AMOUNT], f"{what}.{AMOUNT}")
    cost = as_float_array(kept[COST], f"{what}.{COST}")
    out = pd.DataFrame(
        {CUSTOMER: kept[CUSTOMER].to_numpy(), "revenue": amount, "gross_margin": amount - cost},
        index=kept.index,
    )
    if day:
        out["day"] = kept[DATE].dt.normalize().to_numpy()
    return out
