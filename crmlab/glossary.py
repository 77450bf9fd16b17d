"""The bilingual glossary (术语表): every course term in English and Chinese.

The table lives in ``crmlab/glossary.csv`` (columns ``english``, ``chinese``,
``definition``, ``chapter``) so an instructor can extend it in a spreadsheet. The tests
check it against ``docs/course-terms.csv``, the list of terms each chapter of the course
uses; a term added there must be added here too. Look a term up from either language:

>>> lookup("客户终身价值").english
'customer lifetime value (CLV)'
>>> lookup("churn rate").chinese
'客户流失率'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["COLUMNS", "Term", "key_terms_markdown", "lookup", "terms"]

_GLOSSARY_FILE = Path(__file__).with_name("glossary.csv")
COLUMNS = ("english", "chinese", "definition", "chapter")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    english: str
    chinese: str
    definition: str
    chapter: str

    def __str__(self) -> str:
        return f"{self.english} ({self.chinese}), ch{self.chapter}: {self.definition}"


@cache
def _table() -> pd.DataFrame:
    frame = pd.read_csv(_GLOSSARY_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.loc[:, list(COLUMNS)]


def terms(chapter: int | str | None = None) -> pd.DataFrame:
    """Return the glossary as a DataFrame, optionally only one chapter's terms.

    Parameters
    ----------
    chapter
        Chapter number (``4`` or ``"04"``); ``None`` for every term.

    Examples
    --------
    >>> list(terms(3).columns)
    ['english', 'chinese', 'definition', 'chapter']
    >>> bool((terms(3)["chapter"] == "03").all())
    True
    """
    table = _table()
    if chapter is None:
        return table.copy()
    key = f"{int(chapter):02d}"
    if key not in set(table["chapter"]):
        raise ValueError(
            f"glossary: no terms for chapter {chapter!r}; chapters are "
            + ", ".join(sorted(set(table["chapter"])))
        )
    return table.loc[table["chapter"] == key].reset_index(drop=True)


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def lookup(term: str) -> Term:
    """Find a term by its English or Chinese name (case- and width-insensitive).

    An exact match wins; otherwise a unique entry containing ``term`` is returned.

    Raises
    ------
    KeyError
        If nothing matches, or several entries match (the message lists them).

    Examples
    --------
    >>> lookup("NPS").chinese
    '净推荐值'
    >>> lookup("二八法则").english
    '80/20 rule'
    """
    wanted = _normalise(term)
    if not wanted:
        raise KeyError("glossary: give a term to look up")
    table = _table()
    english = table["english"].map(_normalise)
    chinese = table["chinese"].map(_normalise)
    exact = table.loc[(english == wanted) | (chinese == wanted)]
    if len(exact) == 1:
        return Term(**exact.iloc[0].to_dict())
    partial = table.loc[
        english.str.contains(wanted, regex=False) | chinese.str.contains(wanted, regex=False)
    ]
    if len(partial) == 1:
        return Term(**partial.iloc[0].to_dict())
    if len(partial) > 1:
        options = "; ".join(
            f"{e} / {c}" for e, c in zip(partial["english"], partial["chinese"], strict=True)
        )
        raise KeyError(f"glossary: {term!r} matches several terms: {options}")
    raise KeyError(f"glossary: no term {term!r}; see crmlab.glossary.terms() for the list")


def key_terms_markdown(chapter: int | str | Sequence[str]) -> str:
    """A Markdown table of key terms, for a notebook's closing section.

    ``chapter`` is a chapter number (its own terms), or a list of terms in either language
    (a notebook such as the analysts' that draws on several chapters).

    Examples
    --------
    >>> print(key_terms_markdown(3).splitlines()[0])
    | English | 中文 | Meaning |
    >>> print(key_terms_markdown(["RFM", "客户终身价值"]).splitlines()[2][:15])
    | RFM | RFM模型 |
    """
    if isinstance(chapter, (int, str)):
        rows = [(r.english, r.chinese, r.definition) for r in terms(chapter).itertuples()]
    else:
        rows = [(t.english, t.chinese, t.definition) for t in map(lookup, chapter)]
    lines = ["| English | 中文 | Meaning |", "|---|---|---|"]
    lines += [f"| {english} | {chinese} | {definition} |" for english, chinese, definition in rows]
    return "\n".join(lines)
