"""Tables as a student sees them: Chinese column headers in Chinese mode.

Code keeps the English column names of the data contract and of the analysis functions
(``customer_id``, ``profit``, ``share_of_customers`` …); a table *displayed* in a notebook
shows them in the chart language. :func:`table` renames the columns, the index name and the
column-axis name it knows (``display_names.csv`` beside this module: ``name,zh``) when
:func:`~crmlab.plots.use_chinese` is on, and shows whole-number float columns (counts that
went through a sum or a mean) as integers in both languages. Names it does not know stay as
they are, so a table of an analyst's own columns still displays.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.plots._theme import chinese_enabled

__all__ = ["display_name", "table"]

_NAMES_FILE = Path(__file__).with_name("display_names.csv")


@cache
def _names() -> dict[str, str]:
    with _NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["zh"] for row in csv.DictReader(handle)}


def display_name(name: object, names: Mapping[str, str] | None = None) -> object:
    """The header a column called ``name`` shows in the current chart language.

    Parameters
    ----------
    name
        A column (or index) name as the code writes it.
    names
        Extra or overriding ``{code name: Chinese name}`` pairs.

    Returns
    -------
    object
        The Chinese display name in Chinese mode when one is known, else ``name`` itself.

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> display_name("profit")
    'profit'
    """
    if not chinese_enabled() or not isinstance(name, str):
        return name
    if names and name in names:
        return names[name]
    return _names().get(name, name)


def table(frame: pd.DataFrame | pd.Series, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` ready to display: headers in the chart language, counts as integers.

    Parameters
    ----------
    frame
        The table (a Series is shown as a one-column table).
    names
        Extra or overriding ``{code name: Chinese name}`` pairs for this table.

    Returns
    -------
    DataFrame
        Same rows and values; in Chinese mode the known column names, the index name and
        the columns' axis name are Chinese. Float columns that hold only whole numbers (and
        missing values) become integer columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> table(pd.DataFrame({"customers": [976.0, 12.0], "share": [0.9, 0.1]}))
       customers  share
    0        976    0.9
    1         12    0.1
    """
    shown = frame.to_frame() if isinstance(frame, pd.Series) else frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values.dtype):
            finite = values.dropna().to_numpy()
            if len(finite) and np.isfinite(finite).all() and (finite == np.round(finite)).all():
                shown[column] = values.round().astype("Int64")
    shown = shown.rename(columns=lambda name: display_name(name, names))
    shown.index = shown.index.set_names([display_name(name, names) for name in shown.index.names])
    if shown.columns.name is not None:
        shown.columns.name = display_name(shown.columns.name, names)
    return shown
