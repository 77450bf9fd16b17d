"""A data folder at once: :func:`load_tables` → :class:`Tables`, and the generator's :class:`Truth`.

A notebook reads its data in one line, ``tables = data.load_tables(DATA_DIR)``; a section
that needs a table the folder does not have prints ``tables.missing("survey")`` and skips.
Only ``transactions.csv`` is required.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._load import _load
from crmlab.data._report import DataError

PathLike = str | os.PathLike[str] | None

#: what each table is called in the sentence a notebook prints when it is absent
_WHAT = {
    "customers": ("客户基本信息", "the customer list"),
    "leads": ("销售线索", "the lead pipeline"),
    "transactions": ("订单明细", "the order lines"),
    "survey": ("满意度调查", "the satisfaction survey"),
    "service_contacts": ("客户服务记录", "the service contacts"),
    "memberships": ("付费会员", "the paid memberships"),
    "truth": ("合成数据的真实参数", "the true parameters of synthetic data"),
}


@dataclass(frozen=True)
class Truth:
    """What the generator knows and an analyst never sees, saved beside a synthetic dataset.

    Attributes
    ----------
    info
        The contents of ``truth.json``: ``settings`` (seed, size), ``parameters`` (every
        parameter of the generative model), ``summary`` (headline numbers such as
        ``top_20pct_profit_share``) and ``cases`` (customers picked by a stated rule for the
        course's cases, e.g. ``cases["ms_zhang"]["customer_id"]``).
    customers
        ``truth_customers.csv`` indexed by ``customer_id``: each customer's latent values
        (true purchase rate, drop-out probability, alive at the end, segment …).

    ``truth["cases"]`` is shorthand for ``truth.info["cases"]``.
    """

    info: dict[str, Any]
    customers: pd.DataFrame

    def __getitem__(self, key: str) -> Any:
        return self.info[key]

    @property
    def parameters(self) -> dict[str, Any]:
        """The generative model's parameters."""
        return self.info["parameters"]

    @property
    def summary(self) -> dict[str, Any]:
        """Headline numbers of the generated world."""
        return self.info["summary"]

    @property
    def cases(self) -> dict[str, Any]:
        """The case customers, each with its ``customer_id`` and the ``rule`` that chose it."""
        return self.info["cases"]


def load_truth(path: PathLike = None, *, missing_ok: bool = False) -> Truth | None:
    """Load the generator's truth (``truth.json`` + ``truth_customers.csv``) beside the data.

    Parameters
    ----------
    path
        The data folder (default: the committed dataset, as for the table loaders).
    missing_ok
        Return ``None`` instead of raising when the folder has no truth files — the normal
        case for an analyst's own data, so a notebook can skip its truth checks.

    Raises
    ------
    FileNotFoundError
        If the truth files are missing and ``missing_ok`` is false.

    Examples
    --------
    >>> truth = load_truth()
    >>> sorted(truth.info)[:3]
    ['cases', 'model_version', 'parameters']
    >>> truth.customers.index.name
    'customer_id'
    """
    from crmlab.paths import data_dir

    folder = data_dir(path)
    if folder.is_file():  # a CSV of the folder was given
        folder = folder.parent
    info_file, customers_file = folder / "truth.json", folder / "truth_customers.csv"
    if not (info_file.is_file() and customers_file.is_file()):
        if missing_ok:
            return None
        raise FileNotFoundError(
            f"{folder}: no truth.json / truth_customers.csv here. Only synthetic data made by "
            "`python -m crmlab.data generate` has a known truth; your own data has none "
            "(pass missing_ok=True to get None instead of this error)."
        )
    info = json.loads(info_file.read_text(encoding="utf-8"))
    customers = pd.read_csv(customers_file, index_col="customer_id", encoding="utf-8")
    return Truth(info=info, customers=customers)


@dataclass(frozen=True, eq=False)
class Tables:
    """The tables of one data folder; a table the folder does not have is ``None``.

    Attributes
    ----------
    folder
        The folder read.
    transactions
        The order lines (always there: :func:`load_tables` requires them).
    customers, leads, survey, service_contacts, memberships
        The other tables, each ``None`` when its CSV is absent.
    truth
        The generator's :class:`Truth` (synthetic data only), else ``None``.

    Examples
    --------
    >>> tables = load_tables()
    >>> tables.missing("survey") is None
    True
    """

    folder: Path
    transactions: pd.DataFrame
    customers: pd.DataFrame | None = None
    leads: pd.DataFrame | None = None
    survey: pd.DataFrame | None = None
    service_contacts: pd.DataFrame | None = None
    memberships: pd.DataFrame | None = None
    truth: Truth | None = None

    @property
    def present(self) -> list[str]:
        """The names of the tables the folder has (``"truth"`` included when present)."""
        return [name for name in _WHAT if getattr(self, name) is not None]

    def missing(self, name: str) -> str | None:
        """``None`` when table ``name`` is there; else the sentence a notebook prints to skip.

        Parameters
        ----------
        name
            A table name (``"survey"``, ``"customers"``, …) or ``"truth"``.

        Examples
        --------
        >>> import pandas as pd
        >>> tables = Tables(Path("my_data"), pd.DataFrame({"customer_id": ["a"]}))
        >>> print(tables.missing("survey"))
        这一节需要 survey.csv（满意度调查），你的数据文件夹里没有，本节跳过。
        This section needs survey.csv (the satisfaction survey), which your folder does not
        have; skipped.
        >>> tables.missing("transactions") is None
        True
        """
        if name not in _WHAT:
            raise ValueError(f"missing: unknown table {name!r}; choose one of {', '.join(_WHAT)}")
        if getattr(self, name) is not None:
            return None
        file = "truth.json" if name == "truth" else S.TABLES[name].filename
        zh, en = _WHAT[name]
        return (
            f"这一节需要 {file}（{zh}），你的数据文件夹里没有，本节跳过。 "
            f"This section needs {file} ({en}), which your folder does not have; skipped."
        )

    def __repr__(self) -> str:
        parts = []
        for name in _WHAT:
            value = getattr(self, name)
            if name == "truth":
                parts.append(f"truth={'yes' if value is not None else 'absent'}")
            else:
                parts.append(f"{name}={'absent' if value is None else f'{len(value):,} rows'}")
        return f"Tables(folder={str(self.folder)!r}, {', '.join(parts)})"


def load_tables(path: PathLike = None, *, strict: bool | None = None) -> Tables:
    """Load every table of a data folder; the absent ones are ``None``.

    The folder holds the contract's CSV files (``transactions.csv``, ``customers.csv``,
    ``survey.csv`` …, in the contract's column names). Only ``transactions.csv`` is
    required; each other table is loaded when its file is there. The company's own data
    (the committed dataset, or a folder holding the generator's ``truth.json``) are loaded
    strictly and every table's ``customer_id`` is checked against ``customers``; an
    analyst's folder is loaded under the open contract (see :func:`conform`).

    Parameters
    ----------
    path
        The data folder. Default: the committed dataset (``crmlab.paths.data_dir()``,
        which honours the ``CRMLAB_DATA`` variable).
    strict
        ``None`` (default): strict for the company's own data, open otherwise; ``True`` /
        ``False`` force one or the other.

    Returns
    -------
    Tables
        The six tables, the truth (or ``None``) and the folder.

    Raises
    ------
    DataError
        The folder has no ``transactions.csv``, or a table does not meet the contract.

    Examples
    --------
    >>> tables = load_tables()
    >>> tables.present[:3], tables.truth is not None
    (['customers', 'leads', 'transactions'], True)
    """
    from crmlab.paths import data_dir

    try:
        folder = data_dir(path)
    except FileNotFoundError as exc:
        raise DataError(str(exc), file=str(path)) from None
    if strict is None:
        strict = (folder / "truth.json").is_file()
    files = {name: folder / table.filename for name, table in S.TABLES.items()}
    if not files["transactions"].is_file():
        have = sorted(p.name for p in folder.iterdir() if p.is_file())
        raise DataError(
            f"{folder}: no transactions.csv here (the folder has: "
            f"{', '.join(have) if have else 'no files'}). Every analysis starts from the order "
            "lines: save them as transactions.csv with at least the columns customer_id, "
            "order_date and amount (data.from_transactions turns any order log into that table).",
            file="transactions.csv",
        )
    source = None if path is None else folder
    loaded: dict[str, pd.DataFrame | None] = {}
    for name in S.TABLES:
        if not files[name].is_file():
            loaded[name] = None
            continue
        customers = loaded.get("customers") if strict and name != "customers" else None
        loaded[name] = _load(S.TABLES[name], source, None, None, customers=customers, strict=strict)
    truth = load_truth(folder, missing_ok=True)
    return Tables(folder=folder, truth=truth, **loaded)  # type: ignore[arg-type]
