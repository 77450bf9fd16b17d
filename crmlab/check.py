"""Self-check questions (自测题): type an answer, get feedback — a hint, never the answer.

Every chapter notebook asks a few "check your understanding" questions. A student types an
answer and checks it with one line::

    from crmlab import check
    check.question("ch04.margin_multiple")        # shows the question (English + 中文)
    check.answer("ch04.margin_multiple", 2.67)     # ✓ or a hint

The answer is read generously: ``2.67``, ``"2.67"``, ``"80%"`` (= 0.8), an amount with a
currency sign or code (``"£62,400"``, ``"62,400 GBP"``), a choice letter ``"b"`` or the
choice's text, a list or comma-separated string of labels. Money in questions and feedback is
written in the chart theme's currency (``plots.set_theme(currency=…)``).
:func:`answer` returns a :class:`Feedback` that prints as plain text (terminal, tests) and
renders as a coloured box in JupyterLab; ``feedback.correct`` is a bool, and
``feedback.assert_correct()`` raises ``AssertionError`` with the hint (for autograded
exercises).

The expected answer of a question is a constant only when it follows from the prompt alone
(e.g. the margin multiple for r = 0.8, i = 10%, computed by :mod:`crmlab.clv` at check time).
When it depends on the data, it is a function of the data the notebook passes in, so no
number is ever hard-coded::

    check.answer("ch03.top20_profit_share", "74%", profit=profitability["profit"])

The course's questions for chapters 00–04 live in ``crmlab/_questions.py``; a notebook or an
exercise can add its own with :func:`register`, building them with :class:`Question` and
the hint helpers :func:`near`, :func:`chose`, :func:`too_high`, :func:`too_low` and
:func:`when` (defined in the private ``crmlab._question_types`` and re-exported here); a
question's text writes ``{currency}`` where a currency symbol goes.

>>> fb = answer("ch00.warm_up", 20)
>>> fb.correct
False
>>> print(fb)
✗ ch00.warm_up — not yet. Your answer 20 is too high.
Hint: multiplication comes before addition: work out 3 × 4 first.
>>> answer("ch00.warm_up", "14").correct
True
"""

from __future__ import annotations

import html
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crmlab._question_types import (
    Hint,
    Question,
    chose,
    near,
    too_high,
    too_low,
    when,
    with_currency,
)
from crmlab._questions import QUESTIONS

__all__ = [
    "Feedback",
    "Hint",
    "Question",
    "answer",
    "chose",
    "near",
    "question",
    "questions",
    "register",
    "too_high",
    "too_low",
    "when",
]

#: Letters (any script) at either end of an answer: a currency code or word, e.g. "GBP".
_UNIT_WORDS = re.compile(r"^[^\W\d_]+|[^\W\d_]+$")


# ---------------------------------------------------------------------------------------
# feedback
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`answer`: correct or not, and a hint that never gives the answer.

    ``str(feedback)`` is plain text; in JupyterLab it renders as a coloured box.
    """

    question_id: str
    correct: bool
    message: str
    hint: str = ""
    note: str = ""

    def __str__(self) -> str:
        mark = "✓" if self.correct else "✗"
        lines = [f"{mark} {self.question_id} — {self.message}"]
        if self.note:
            lines.append(f"Note: {self.note}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        colour, background, title = (
            ("#2e7d32", "#eef7ee", "✓ Correct · 正确")
            if self.correct
            else ("#c75b12", "#fdf3ea", "✗ Not yet · 再想想")
        )
        body = [f"<b>{title}</b> <code>{esc(self.question_id)}</code><br>{esc(self.message)}"]
        if self.note:
            body.append(f"<br><small>{esc(self.note)}</small>")
        if self.hint:
            body.append(f"<br><b>Hint 提示:</b> {esc(self.hint)}")
        status = "correct" if self.correct else "incorrect"
        return (
            f'<div class="crmlab-feedback crmlab-feedback-{status}" '
            f'style="border-left:4px solid {colour};background:{background};'
            f'padding:0.4em 0.8em;margin:0.4em 0">{"".join(body)}</div>'
        )

    def assert_correct(self) -> None:
        """Raise ``AssertionError`` carrying the hint unless the answer is correct."""
        if not self.correct:
            raise AssertionError(str(self))


# ---------------------------------------------------------------------------------------
# registry
# ---------------------------------------------------------------------------------------

_REGISTRY: dict[str, Question] = {item.id: item for item in QUESTIONS}


def _registry() -> dict[str, Question]:
    """The registered questions by id: the course's, then those added by :func:`register`."""
    return _REGISTRY


def register(*new: Question, replace: bool = False) -> None:
    """Add questions to the registry (e.g. a notebook's or an exercise's own questions).

    Raises ``ValueError`` when an id is already taken, unless ``replace=True``.

    Examples
    --------
    >>> register(Question("ch99.demo", "1 + 1?", "1 + 1 等于几？", expected=2))
    >>> answer("ch99.demo", 2).correct
    True
    """
    registry = _registry()
    for item in new:
        if not isinstance(item, Question):
            raise TypeError(f"register: expected Question objects, got {type(item).__name__}")
        if item.id in registry and not replace:
            raise ValueError(
                f"register: question id {item.id!r} is already taken; choose another id "
                "or pass replace=True"
            )
        registry[item.id] = item


def _chapter_key(chapter: int | str) -> str:
    text = str(chapter).strip().lower().removeprefix("ch")
    if not text.isdigit():
        raise ValueError(f"chapter={chapter!r}: give a chapter number such as 4, '04' or 'ch04'")
    return f"{int(text):02d}"


def questions(chapter: int | str | None = None) -> list[Question]:
    """The registered questions, optionally of one chapter (``4``, ``"04"`` or ``"ch04"``).

    Examples
    --------
    >>> [q.id for q in questions(4)][:2]
    ['ch04.walmart_lifetime_revenue', 'ch04.margin_multiple']
    """
    items = list(_registry().values())
    if chapter is None:
        return items
    key = _chapter_key(chapter)
    return [q for q in items if q.chapter == key]


def question(question_id: str) -> Question:
    """The question with this id; displays itself (English + 中文) in a notebook."""
    registry = _registry()
    try:
        return registry[question_id]
    except KeyError:
        known = [q.id for q in registry.values() if q.id.split(".")[0] == question_id[:4]]
        known_text = ", ".join(known) if known else "none"
        raise ValueError(
            f"no self-check question {question_id!r}; questions of that chapter: {known_text}"
        ) from None


# ---------------------------------------------------------------------------------------
# reading answers
# ---------------------------------------------------------------------------------------


class _Unreadable(ValueError):
    """The student's answer could not be read in the question's form."""


def _read_number(raw: object, share: float | None = None) -> tuple[float, str]:
    """Return the answer as a float and a note on how it was read.

    ``share`` is the expected value of a share question (bare numbers may be percentages).
    """
    note = ""
    if isinstance(raw, bool):
        raise _Unreadable("answer with a number, not True/False")
    if isinstance(raw, numbers.Real):
        value = float(raw)
    elif hasattr(raw, "item") and getattr(raw, "size", None) == 1:  # numpy / pandas scalar
        return _read_number(raw.item(), share)
    elif isinstance(raw, str):
        # currency signs (Unicode category Sc: £, $, € and the like) are dropped
        text = "".join(ch for ch in raw if unicodedata.category(ch) != "Sc")
        text = re.sub(r"[,，\s]", "", text).replace("\N{MINUS SIGN}", "-")
        percent = text.endswith(("%", "％"))
        text = text.rstrip("%％")
        try:
            value = float(text)
        except ValueError:
            try:  # a currency code or word before or after the number: "GBP 62,400"
                value = float(_UNIT_WORDS.sub("", text))
            except ValueError:
                raise _Unreadable(
                    f"I could not read {raw!r} as a number; type e.g. 2.67, '62,400' or '80%'"
                ) from None
        if percent:
            value /= 100
            note = f"read {raw!r} as {value:g}"
    else:
        raise _Unreadable(f"answer with a number, got {type(raw).__name__}")
    if not math.isfinite(value):
        raise _Unreadable("answer with a finite number")
    if share is not None and value > 1 and not note:
        # a bare 80 for a share means 80 %, unless the share itself is above 1 (e.g. the top
        # 20 % earning 130 % of the profit) and the number is closer to it as it stands
        if abs(value / 100 - share) <= abs(value - share):
            note = f"read {value:g} as {value:g}% = {value / 100:g}"
            value /= 100
    return value, note


def _normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().strip("().。 "))


def _read_choice(raw: object, choices: Mapping[str, str]) -> str:
    if not isinstance(raw, str):
        raise _Unreadable("answer with the letter of your choice, e.g. 'b'")
    text = _normalise_text(raw)
    if text in choices:
        return text
    for letter, option in choices.items():
        full = _normalise_text(option)
        forms = {full, _normalise_text(re.sub(r"\(.*?\)|（.*?）", "", option))}
        forms |= {_normalise_text(m) for m in re.findall(r"[(（](.*?)[)）]", option)}
        forms |= {_normalise_text(re.split(r"[:：,，]", option)[0])}
        if text in forms:
            return letter
    letters = ", ".join(f"'{k}'" for k in choices)
    raise _Unreadable(f"I could not match {raw!r} to a choice; answer with one of {letters}")


def _read_labels(raw: object, options: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    if isinstance(raw, str):
        items: Iterable[object] = re.split(r"[,，;；、]", raw)
    elif isinstance(raw, Iterable):
        items = raw
    else:
        raise _Unreadable("answer with a list of labels, e.g. ['cost', 'convenience']")
    lookup: dict[str, str] = {}
    for canonical, aliases in options.items():
        for form in (canonical, *aliases):
            lookup[_normalise_text(form)] = canonical
    chosen: set[str] = set()
    unknown: list[str] = []
    for item in items:
        text = _normalise_text(str(item))
        if not text:
            continue
        if text in lookup:
            chosen.add(lookup[text])
        else:
            unknown.append(str(item).strip())
    if unknown:
        names = ", ".join(repr(u) for u in unknown)
        raise _Unreadable(f"I do not recognise {names}; choose from: " + ", ".join(options))
    return frozenset(chosen)


def _expected_value(item: Question, context: Mapping[str, object]) -> Any:
    needs = item.needs
    if not needs and context:
        names = ", ".join(sorted(context))
        raise ValueError(
            f"check.answer({item.id!r}): this question needs no data, but got {names}; "
            f"use {item.usage()}"
        )
    missing = [n for n in needs if n not in context]
    unexpected = sorted(set(context) - set(needs))
    if missing or unexpected:
        problems = []
        if missing:
            problems.append("missing " + ", ".join(missing))
        if unexpected:
            problems.append("unexpected " + ", ".join(unexpected))
        raise ValueError(
            f"check.answer({item.id!r}): {'; '.join(problems)}; this question computes its "
            f"answer from your data, so call {item.usage()}"
        )
    if not callable(item.expected):
        return item.expected
    return item.expected(**{n: context[n] for n in needs})


def _first_hint(item: Question, got: object, expected: object) -> str:
    for candidate in item.hints:
        if candidate.when(got, expected):
            return candidate.text
    return item.hint


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _format_number(value: float, money: bool = False) -> str:
    if money:
        from crmlab.plots import money as as_money

        return as_money(value, decimals=2)
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


# ---------------------------------------------------------------------------------------
# checking
# ---------------------------------------------------------------------------------------


def answer(question_id: str, your_answer: object, **data: object) -> Feedback:
    """Check ``your_answer`` to the question ``question_id``; return a :class:`Feedback`.

    Parameters
    ----------
    question_id
        E.g. ``"ch04.margin_multiple"``; :func:`questions` lists them.
    your_answer
        A number (``2.67``, ``"80%"``, ``"£62,400"``), a choice letter (``"b"``) or a list of
        labels, depending on the question.
    **data
        The data a data-based question computes its answer from (see ``Question.needs``),
        e.g. ``profit=profitability["profit"]``.

    Returns
    -------
    Feedback
        ``.correct`` and a message; a hint (never the answer) when it is not correct.

    Raises
    ------
    ValueError
        For an unknown question id, or data missing for a data-based question.

    Examples
    --------
    >>> answer("ch04.margin_multiple", 2.67).correct
    True
    >>> print(answer("ch04.margin_multiple", 5))
    ✗ ch04.margin_multiple — not yet. Your answer 5 is too high.
    Hint: 1 / (1 − r) is the expected lifetime. Did you divide by (1 + i − r) or by (1 − r)?
    """
    item = question(question_id)
    expected = _expected_value(item, data)
    if your_answer is None or your_answer is Ellipsis:
        return Feedback(item.id, False, "replace … with your answer, then run the cell again.")
    try:
        if item.kind == "number":
            expected_value, _ = _read_number(expected)
            got, note = _read_number(your_answer, expected_value if item.share else None)
            correct = math.isclose(got, expected_value, rel_tol=item.rel_tol, abs_tol=item.abs_tol)
            shown = _format_number(got, money=item.money)
            if correct:
                message = f"correct: {shown}."
            else:
                direction = "too high" if got > expected_value else "too low"
                message = f"not yet. Your answer {shown} is {direction}."
            expected = expected_value
        elif item.kind == "choice":
            got = _read_choice(your_answer, item.choices)
            note = ""
            correct = got == _normalise_text(str(expected))
            message = (
                f"correct: ({got}) {with_currency(item.choices[got])}."
                if correct
                else f"not yet: ({got}) is not the best answer."
            )
        else:
            got = _read_labels(your_answer, item.options)
            note = ""
            expected = frozenset(expected)
            correct = got == expected
            if correct:
                message = "correct: " + ", ".join(sorted(got)) + "."
            else:
                message = (
                    f"not yet: of your {_count(len(got), 'label')}, {len(got & expected)} "
                    f"right and {len(got - expected)} wrong; {len(expected - got)} missing."
                )
    except _Unreadable as problem:
        return Feedback(item.id, False, f"{problem}.")
    if correct:
        explanation = with_currency(item.explanation)
        return Feedback(item.id, True, message, note=" ".join(filter(None, [note, explanation])))
    hint = with_currency(_first_hint(item, got, expected))
    return Feedback(item.id, False, message, hint=hint, note=note)
