"""The synthetic company, its data contract and the loaders (客户数据库).

One fictional women's fashion brand — online shop, stores, a paid annual membership
and a corporate-orders line — makes the whole course concrete. Its six tables live in
``datasets/`` and are described column by column in ``datasets/README.md``:

=====================  ==========================================================
table                  one row per …
=====================  ==========================================================
``customers``          customer (consumer or enterprise account)
``leads``              prospect in the pipeline (销售漏斗), won or lost
``transactions``       order line (订单明细)
``survey``             satisfaction-survey response (客户满意度调查)
``service_contacts``   inquiry or complaint (客户服务记录)
``memberships``        paid annual member (付费会员)
=====================  ==========================================================

Public API:

- :func:`generate_world` draws the company from its documented generative model and
  returns a :class:`World` (the tables plus the true parameters);
- ``load_customers`` … ``load_memberships`` read a CSV (the committed dataset by
  default, or your own), check it against the contract and return a typed DataFrame
  with a :class:`LoadReport` in ``frame.attrs["load_report"]``; problems raise
  :class:`DataError`;
- :func:`conform` checks a DataFrame already in memory against the contract exactly as
  the loaders check a file, mapping your column names once (``columns={yours: ours}``);
- :func:`from_transactions` turns an order log of any shape (a DataFrame, a CSV/TSV/text
  file with any separator, an ``.xlsx`` or a Parquet file; cancellations, duplicates,
  missing customers) into a contract transactions table;
- :func:`scan` reads CSV or Parquet files larger than memory as a lazy table (DuckDB by
  default; Spark or Polars on request) in the contract's names, the returns rule applied
  inside the engine, and :func:`scan_report` counts what it dropped or netted
  (:func:`is_scanned`: whether a table is one ``scan`` returned);
- :func:`student_world` draws each student's own small company for the graded exercises
  from her student number (:func:`student_seed`; :class:`StudentNumberError`);
- :func:`load_tables` loads a whole data folder into :class:`Tables` (absent tables are
  ``None``; ``tables.missing("survey")`` is the sentence a notebook prints to skip);
- :data:`TABLES` is the contract itself; :data:`CATEGORIES`, :data:`LEAD_STAGES`,
  :data:`SURVEY_ATTRIBUTES`, :data:`KANO_FEATURES` and :data:`KANO_ANSWERS` are the
  synthetic company's own value lists.

The contract is *strict* for the company's own data (every column, the company's allowed
values and ranges) and *open* for an analyst's: only the required columns (transactions:
``customer_id``, ``order_date``, ``amount``), values checked for type, missing cells and
duplicate keys, absent columns completed with documented defaults at the boundary.

>>> customers = load_customers()
>>> customers.columns[:3].tolist()
['customer_id', 'customer_type', 'signup_date']
>>> str(customers["signup_date"].dtype)
'datetime64[ns]'
"""

from __future__ import annotations

import os

import pandas as pd

from crmlab.data._from_transactions import from_transactions
from crmlab.data._generate import World, generate_world
from crmlab.data._load import _load, conform, pandas_dtype
from crmlab.data._report import DataError, LoadReport
from crmlab.data._scan import is_scanned, scan, scan_report
from crmlab.data._schema import (
    CATEGORIES,
    DATA_END,
    DATA_START,
    KANO_ANSWERS,
    KANO_FEATURES,
    LEAD_STAGES,
    SURVEY_ATTRIBUTES,
    TABLES,
    Column,
    Table,
)
from crmlab.data._student import StudentNumberError, student_seed, student_world
from crmlab.data._tables import Tables, Truth, load_tables, load_truth

__all__ = [
    "CATEGORIES",
    "DATA_END",
    "DATA_START",
    "KANO_ANSWERS",
    "KANO_FEATURES",
    "LEAD_STAGES",
    "SURVEY_ATTRIBUTES",
    "TABLES",
    "Column",
    "DataError",
    "LoadReport",
    "StudentNumberError",
    "Table",
    "Tables",
    "Truth",
    "World",
    "conform",
    "data_dictionary",
    "from_transactions",
    "generate_world",
    "is_scanned",
    "load_customers",
    "load_leads",
    "load_memberships",
    "load_service_contacts",
    "load_survey",
    "load_tables",
    "load_transactions",
    "load_truth",
    "pandas_dtype",
    "scan",
    "scan_report",
    "student_seed",
    "student_world",
]

PathLike = str | os.PathLike[str] | None

_COMMON_DOC = """
    Parameters
    ----------
    path
        A CSV file, or a folder holding ``{filename}``. Default: the committed dataset
        (``crmlab.paths.data_dir()``, which honours the ``CRMLAB_DATA`` variable).
    columns
        Your column names mapped onto the contract, e.g. ``{mapping}``. Columns outside
        the contract are kept at the right (their types inferred as pandas reads them).
    encoding
        Text encoding; by default UTF-8, UTF-8 with BOM and GB18030/GBK (Excel's default
        for Chinese CSVs) are detected.
    drop_invalid
        ``False`` (default): any invalid row raises :class:`DataError`. ``True``: invalid
        rows are dropped and counted, per reason, in ``frame.attrs["load_report"].dropped``.
    data_end
        Dates after this day are errors. Default: ``DATA_END`` for the committed dataset,
        today for your own files.
    strict
        ``None`` (default): strict for the company's own data (the committed dataset, or
        a folder holding the generator's ``truth.json``): every contract column, the
        company's allowed values and ranges. Open for your own files: only the required
        columns ({required}), values checked for type, missing cells and duplicate keys,
        absent columns completed with their defaults (listed in the report's
        ``defaults``).{netting}

    Returns
    -------
    pandas.DataFrame
        The contract's columns in contract order with their dtypes
        (:func:`crmlab.data.pandas_dtype`), then any extra columns; a :class:`LoadReport`
        in ``.attrs["load_report"]``.

    Raises
    ------
    DataError
        Missing file, empty file, header only, undecodable text, missing required
        column, or invalid values (empty required cells, unparseable numbers / dates /
        booleans, dates after ``data_end``, duplicate keys{fk}; strictly also values
        outside the company's allowed set or range). The message names the file, the
        column, up to five row numbers (spreadsheet numbering: the header is row 1) and
        the fix.
"""
_NETTING = """ A negative amount or quantity is a return or cancellation, netted against the
        customer's earlier purchases (the rule of :func:`from_transactions`)."""


def _doc(filename: str, mapping: str, fk: str = "", table: str = "", netting: str = "") -> str:
    required = ", ".join(f"``{c}``" for c in TABLES[table].required)
    return _COMMON_DOC.format(
        filename=filename, mapping=mapping, fk=fk, required=required, netting=netting
    )


def load_customers(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["customers"],
        path,
        columns,
        encoding,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


def load_leads(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["leads"],
        path,
        columns,
        encoding,
        customers=customers,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


def load_transactions(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["transactions"],
        path,
        columns,
        encoding,
        customers=customers,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


def load_survey(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["survey"],
        path,
        columns,
        encoding,
        customers=customers,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


def load_service_contacts(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["service_contacts"],
        path,
        columns,
        encoding,
        customers=customers,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


def load_memberships(
    path: PathLike = None,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    customers: pd.DataFrame | None = None,
    drop_invalid: bool = False,
    data_end: str | pd.Timestamp | None = None,
    strict: bool | None = None,
) -> pd.DataFrame:
    return _load(
        TABLES["memberships"],
        path,
        columns,
        encoding,
        customers=customers,
        drop_invalid=drop_invalid,
        data_end=data_end,
        strict=strict,
    )


_FK = ", customer ids missing from ``customers``"
_CUSTOMERS_PARAM = """    customers
        Optional customers table (e.g. ``load_customers()``): every ``customer_id`` here
        must exist in it.
"""

load_customers.__doc__ = (
    """Load the customers table (客户基本信息): one row per customer.
"""
    + _doc(
        "customers.csv", "{'客户编号': 'customer_id', '注册日期': 'signup_date'}", "", "customers"
    )
    + """
    Examples
    --------
    >>> customers = load_customers()
    >>> sorted(customers["customer_type"].unique())
    ['consumer', 'enterprise']
"""
)

load_leads.__doc__ = (
    """Load the lead pipeline (销售漏斗): one row per lead, won or lost.
"""
    + _doc("leads.csv", "{'线索编号': 'lead_id'}", _FK, "leads").replace(
        "    drop_invalid\n", _CUSTOMERS_PARAM + "    drop_invalid\n"
    )
    + """
    Examples
    --------
    >>> leads = load_leads()
    >>> leads["stage_reached"].value_counts().index[0]
    'contacted'
    >>> bool(leads.loc[leads["stage_reached"] == "won", "customer_id"].notna().all())
    True
"""
)

load_transactions.__doc__ = (
    """Load the order lines (订单明细): one row per product category in an order.

    Returned and written-off lines are kept (flagged by ``returned`` / ``written_off``)
    and counted in the report's ``flagged``; amounts written like ``"¥1,200.00"`` or
    ``"1,200 元"`` are parsed (and noted in the report). Three columns are enough for your
    own file: ``load_transactions("my_orders.csv", columns={"客户编号": "customer_id",
    "下单日期": "order_date", "金额": "amount"})``; a log of another shape (quantity ×
    price, cancellations, duplicates, Excel, another separator) goes through
    :func:`from_transactions`.
"""
    + _doc(
        "transactions.csv",
        "{'下单日期': 'order_date', '客户编号': 'customer_id'}",
        _FK,
        "transactions",
        _NETTING,
    ).replace("    drop_invalid\n", _CUSTOMERS_PARAM + "    drop_invalid\n")
    + """
    Examples
    --------
    >>> tx = load_transactions()
    >>> report = tx.attrs["load_report"]
    >>> report.rows_read == len(tx), report.flagged[0][0]
    (True, 'returned lines (excluded from revenue by default)')
"""
)

load_survey.__doc__ = (
    """Load the satisfaction survey (客户满意度调查): one row per response.
"""
    + _doc("survey.csv", "{'总体满意度': 'overall_satisfaction'}", _FK, "survey").replace(
        "    drop_invalid\n", _CUSTOMERS_PARAM + "    drop_invalid\n"
    )
    + """
    Examples
    --------
    >>> survey = load_survey()
    >>> int(survey["overall_satisfaction"].min()), int(survey["overall_satisfaction"].max())
    (1, 5)
"""
)

load_service_contacts.__doc__ = (
    """Load the service contacts (客户服务记录): inquiries and complaints.
"""
    + _doc("service_contacts.csv", "{'投诉日期': 'contact_date'}", _FK, "service_contacts").replace(
        "    drop_invalid\n", _CUSTOMERS_PARAM + "    drop_invalid\n"
    )
    + """
    Examples
    --------
    >>> contacts = load_service_contacts()
    >>> sorted(contacts["contact_type"].unique())
    ['complaint', 'inquiry']
"""
)

load_memberships.__doc__ = (
    """Load the paid annual memberships (付费会员): one row per member.
"""
    + _doc("memberships.csv", "{'入会日期': 'join_date'}", _FK, "memberships").replace(
        "    drop_invalid\n", _CUSTOMERS_PARAM + "    drop_invalid\n"
    )
    + """
    Examples
    --------
    >>> members = load_memberships()
    >>> bool((members["years_paid"] >= 1).all())
    True
"""
)


def data_dictionary(table: str | None = None) -> str:
    """The data dictionary as Markdown tables, generated from the contract.

    ``datasets/README.md`` embeds exactly this text (a test keeps them in step).

    Parameters
    ----------
    table
        One table name (a key of :data:`TABLES`); default: all six.

    Examples
    --------
    >>> print(data_dictionary("memberships").splitlines()[0])
    ### memberships — `memberships.csv`
    """
    from crmlab.data._docs import dictionary_markdown

    return dictionary_markdown(table)
