"""The building blocks of self-check questions (private; used by :mod:`crmlab.check`).

A :class:`Question` says what is asked (English and Chinese), how its answer is read and
computed, and which :class:`Hint` answers a typical wrong answer. Hints are built with
:func:`near`, :func:`chose`, :func:`too_high`, :func:`too_low` or :func:`when`.
The imports point one way: ``crmlab._questions`` builds the course's questions from these
names, and :mod:`crmlab.check` (which re-exports them) registers those questions and checks
answers. This module imports neither.

Money in a question's text is written with the :data:`CURRENCY` mark, ``{currency}``
(e.g. ``"Margin {currency}100 a year"``); :func:`with_currency` replaces it by the chart
theme's currency (:func:`crmlab.plots.currency`) when the question or its feedback is shown,
so the text follows ``plots.set_theme(currency=…)``.
"""

from __future__ import annotations

import html
import inspect
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CURRENCY",
    "Hint",
    "Kind",
    "Question",
    "chose",
    "near",
    "too_high",
    "too_low",
    "when",
    "with_currency",
]

Kind = Literal["number", "choice", "labels"]

#: Where a currency symbol goes in a prompt, hint or explanation.
CURRENCY = "{currency}"


def with_currency(text: str) -> str:
    """``text`` with each :data:`CURRENCY` mark replaced by the theme's currency.

    Examples
    --------
    >>> from crmlab import plots
    >>> with_currency("Margin {currency}100 a year") == f"Margin {plots.currency()}100 a year"
    True
    >>> with_currency("no money here")
    'no money here'
    """
    if CURRENCY not in text:
        return text
    from crmlab.plots import currency

    return text.replace(CURRENCY, currency())


_ID_PATTERN = re.compile(r"^ch(\d{2})\.[a-z0-9_]+$")


# ---------------------------------------------------------------------------------------
# hints
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hint:
    """A hint shown when ``when(answer, expected)`` is true for a wrong answer.

    ``answer`` is the student's answer as read (a float, a choice letter or a frozenset of
    labels) and ``expected`` the computed correct answer in the same form. Build hints with
    :func:`near`, :func:`chose`, :func:`too_high`, :func:`too_low` or :func:`when`.
    """

    when: Callable[[Any, Any], bool]
    text: str


def when(predicate: Callable[[Any, Any], bool], text: str) -> Hint:
    """Hint ``text`` when ``predicate(answer, expected)`` is true.

    Examples
    --------
    >>> when(lambda a, e: a < 0, "a share cannot be negative").when(-1.0, 0.5)
    True
    """
    return Hint(predicate, text)


def near(
    target: float | Callable[[float], float],
    text: str,
    *,
    rel_tol: float = 0.01,
    abs_tol: float = 1e-9,
) -> Hint:
    """Hint ``text`` when a numeric answer is close to ``target`` (a typical wrong answer).

    ``target`` is a number or a function of the expected answer, e.g. ``lambda e: 1 - e``
    for a student who reported the complement; "close" as in :func:`math.isclose`.

    Examples
    --------
    >>> near(5.0, "that is the expected lifetime").when(5.01, 2.67)
    True
    >>> near(lambda e: 1 - e, "that is the complement").when(0.3, 0.7)
    True
    """

    def _near(got: float, expected: float) -> bool:
        value = target(expected) if callable(target) else target
        return math.isclose(got, value, rel_tol=rel_tol, abs_tol=abs_tol)

    return Hint(_near, text)


def chose(letter: str, text: str) -> Hint:
    """Hint ``text`` when a choice question was answered with ``letter``.

    Examples
    --------
    >>> chose("a", "enterprises buy for their own use").when("a", "b")
    True
    """
    wanted = letter.strip().lower()
    return Hint(lambda got, expected: got == wanted, text)


def too_high(text: str) -> Hint:
    """Hint ``text`` when a numeric answer is above the expected value.

    Examples
    --------
    >>> too_high("count each customer once").when(12.0, 10.0)
    True
    """
    return Hint(lambda got, expected: got > expected, text)


def too_low(text: str) -> Hint:
    """Hint ``text`` when a numeric answer is below the expected value.

    Examples
    --------
    >>> too_low("count both the first and the last year").when(4.0, 5.0)
    True
    """
    return Hint(lambda got, expected: got < expected, text)


# ---------------------------------------------------------------------------------------
# questions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One self-check question.

    Parameters
    ----------
    id
        ``"chNN.short_name"``, e.g. ``"ch04.margin_multiple"``; the chapter comes from it.
    prompt, prompt_zh
        The question in English and in Chinese (shown Chinese first); write :data:`CURRENCY`
        (``{currency}``) where a currency symbol goes (also in hints and the explanation).
    expected
        The correct answer, or a function computing it at check time. The function's
        parameter names are the data the notebook must pass to :func:`crmlab.check.answer`
        as keyword arguments (e.g. ``lambda profit: value.pareto_share(profit, top=0.2)``).
    kind
        ``"number"`` (tolerances apply), ``"choice"`` (a letter of ``choices``) or
        ``"labels"`` (a set of labels from ``options``).
    rel_tol, abs_tol
        Tolerances for numbers, as in :func:`math.isclose`.
    money
        The number is an amount of money: the feedback writes it in the theme's currency
        (:func:`crmlab.plots.money`). A currency sign in the answer is always accepted.
    share
        The number is a share: ``"80%"`` and 0.8 are both accepted, and a bare number above 1
        (e.g. ``80``) is read as a percentage — unless the expected share is itself above 1
        ("the top 20 % earn 130 % of the profit") and the number is closer to it as given.
    choices
        For ``"choice"``: letter → option text, e.g. ``{"a": "enterprise (企业)"}``.
    options
        For ``"labels"``: canonical label → accepted aliases (e.g. the Chinese term).
    hints
        Hints for typical wrong answers, tried in order; the first that matches is shown.
    hint
        A general hint shown when no specific hint matches.
    explanation
        One or two sentences on why the answer is right — the worked reasoning, not the final
        number. Shown with a correct answer, and with a wrong one from the third wrong try
        of the question in a session on (before that, only hints).

    Examples
    --------
    >>> q = Question("ch99.share", "What share is 1 of 4?", "1占4的比例是多少？",
    ...              expected=lambda: 1 / 4, share=True)
    >>> q.chapter, q.needs
    ('99', ())
    >>> Question("ch99.data", "Customers?", "客户数？", expected=lambda customers: 3).usage()
    'check.answer("ch99.data", your_answer, customers=…)'
    >>> from crmlab import plots
    >>> plots.set_theme(currency="£")
    >>> print(Question("ch99.coffee", "Three {currency}4 coffees cost?",
    ...                "三杯{currency}4的咖啡多少钱？", expected=12, money=True))
    [ch99.coffee] 三杯£4的咖啡多少钱？
                  Three £4 coffees cost?
      作答 answer with: check.answer("ch99.coffee", your_answer)
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """

    id: str
    prompt: str
    prompt_zh: str
    expected: Any
    kind: Kind = "number"
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    share: bool = False
    money: bool = False
    choices: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hints: tuple[Hint, ...] = ()
    hint: str = ""
    explanation: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_PATTERN.match(self.id):
            raise ValueError(
                f"Question id {self.id!r}: use 'chNN.short_name' with a two-digit chapter "
                "and lower-case letters, digits or underscores, e.g. 'ch04.margin_multiple'"
            )
        if self.kind not in ("number", "choice", "labels"):
            raise ValueError(
                f"Question {self.id}: kind={self.kind!r}; use 'number', 'choice' or 'labels'"
            )
        if self.kind == "choice":
            if not self.choices:
                raise ValueError(f"Question {self.id}: a choice question needs choices=")
            object.__setattr__(
                self, "choices", {k.strip().lower(): v for k, v in self.choices.items()}
            )
        if self.kind == "labels" and not self.options:
            raise ValueError(f"Question {self.id}: a labels question needs options=")
        if self.money and (self.kind != "number" or self.share):
            raise ValueError(
                f"Question {self.id}: money=True is for a number that is an amount of money, "
                "not for a share or a choice"
            )
        if self.rel_tol < 0 or self.abs_tol < 0:
            raise ValueError(f"Question {self.id}: rel_tol and abs_tol must be >= 0")
        object.__setattr__(self, "hints", tuple(self.hints))

    @property
    def chapter(self) -> str:
        """The two-digit chapter, e.g. ``"04"``."""
        return self.id[2:4]

    @property
    def needs(self) -> tuple[str, ...]:
        """Names of the data :func:`crmlab.check.answer` needs to compute the expected answer."""
        if not callable(self.expected):
            return ()
        return tuple(inspect.signature(self.expected).parameters)

    def usage(self) -> str:
        """The one-line call that checks an answer to this question."""
        extra = "".join(f", {name}=…" for name in self.needs)
        return f'check.answer("{self.id}", your_answer{extra})'

    def __repr__(self) -> str:  # plain text without the hint functions' memory addresses
        return str(self)

    def __str__(self) -> str:
        prompt, prompt_zh = with_currency(self.prompt), with_currency(self.prompt_zh)
        tag = f"[{self.id}] "
        lines = [f"{tag}{prompt_zh}", " " * len(tag) + prompt]
        lines += [f"  ({letter}) {with_currency(text)}" for letter, text in self.choices.items()]
        if self.kind == "labels":
            lines.append("  选项 options: " + ", ".join(self.options))
        lines.append(f"  作答 answer with: {self.usage()}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [
            '<div class="crmlab-question" style="border-left:4px solid #2f6f9f;'
            'padding:0.4em 0.8em;margin:0.4em 0;background:#f4f8fb">',
            f"<b>自测 — Check your understanding</b> <code>{esc(self.id)}</code><br>",
            f"{esc(with_currency(self.prompt_zh))}<br>"
            f"<span style='color:#555'>{esc(with_currency(self.prompt))}</span>",
        ]
        if self.choices:
            items = "".join(
                f"<li><b>{esc(k)}</b>&nbsp;{esc(with_currency(v))}</li>"
                for k, v in self.choices.items()
            )
            parts.append(f"<ul style='list-style:none;margin:0.3em 0'>{items}</ul>")
        if self.kind == "labels":
            parts.append("<br>选项 Options: " + ", ".join(esc(o) for o in self.options))
        parts.append(f"<br><small>作答 Answer with <code>{esc(self.usage())}</code></small></div>")
        return "".join(parts)
