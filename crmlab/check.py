"""Self-check questions (自测题): type an answer, get feedback — a hint, never the answer.

Every chapter notebook asks a few "check your understanding" questions. A student types an
answer and checks it with one line::

    from crmlab import check
    check.question("ch04.margin_multiple")        # shows the question (中文 + English)
    check.answer("ch04.margin_multiple", 2.67)     # ✓ or a hint

The answer is read generously: ``2.67``, ``"2.67"``, ``"80%"`` (= 0.8), an amount with a
currency sign or code (``"£62,400"``, ``"62,400 GBP"``), a choice letter ``"b"`` or the
choice's text, a list or comma-separated string of labels. Money in questions and feedback is
written in the chart theme's currency (``plots.set_theme(currency=…)``).
:func:`answer` returns a :class:`Feedback` that prints as plain text (terminal, tests) and
renders as a coloured box in JupyterLab, Chinese first with the English after it;
``feedback.correct`` is a bool, and ``feedback.assert_correct()`` raises ``AssertionError``
with the hint (for autograded exercises).

The feedback has three states:

- **waiting** (待作答): the answer cell still holds its placeholder ``None`` (or ``...``), as
  after "Run All" — a neutral grey ○ box that asks for an answer, not an error;
- **not yet** (再想想): a wrong answer — ✗ and a hint for the typical mistake, never the
  answer. From the third wrong try of a question in one Python session (kernel) on, the
  feedback adds the question's explanation (解析), the worked reasoning;
- **correct** (正确): ✓ and the explanation.

The expected answer of a question is a constant only when it follows from the prompt alone
(e.g. the margin multiple for r = 0.8, i = 10%, computed by :mod:`crmlab.clv` at check time).
When it depends on the data, it is a function of the data the notebook passes in, so no
number is ever hard-coded::

    check.answer("ch03.top20_profit_share", "74%", profit=profitability["profit"])

The course's questions live in ``crmlab/_questions/``, one module per chapter; a notebook or an
exercise can add its own with :func:`register`, building them with :class:`Question` and
the hint helpers :func:`near`, :func:`chose`, :func:`too_high`, :func:`too_low` and
:func:`when` (defined in the private ``crmlab._question_types`` and re-exported here); a
question's text writes ``{currency}`` where a currency symbol goes.

>>> print(answer("ch00.warm_up", None))
○ ch00.warm_up — 待作答 — waiting for your answer
  把 None 换成你的答案，再运行这段代码。
  type your answer in place of None, then run the cell again.
>>> fb = answer("ch00.warm_up", 20)
>>> fb.correct
False
>>> print(fb)
✗ ch00.warm_up — 还不对：你的答案 20 偏高。
  not yet. Your answer 20 is too high.
提示 Hint: 先乘除、后加减（multiplication comes before addition）：先算 3 × 4。
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
from typing import Any, Literal, NamedTuple

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


#: From this wrong try of a question on, the feedback adds the question's explanation.
_TRIES_BEFORE_EXPLANATION = 3

#: Wrong tries per question id in this Python session (a notebook's kernel).
_WRONG_TRIES: dict[str, int] = {}

_Status = Literal["correct", "incorrect", "waiting"]

#: Per state: the mark, the label (中文 — English), the border and the background colour.
_LOOKS: dict[str, tuple[str, str, str, str]] = {
    "correct": ("✓", "正确 — correct", "#2e7d32", "#eef7ee"),
    "incorrect": ("✗", "再想想 — not yet", "#c75b12", "#fdf3ea"),
    "waiting": ("○", "待作答 — waiting for your answer", "#8a8a8a", "#f4f4f4"),
}


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`answer`: correct or not, and a hint that never gives the answer.

    ``str(feedback)`` is plain text; in JupyterLab it renders as a coloured box. Both show
    the Chinese text first and the English after it.

    Attributes
    ----------
    question_id
        The question checked.
    correct
        Whether the answer is right; ``False`` also while :attr:`waiting`.
    message, message_zh
        The verdict in English and in Chinese, e.g. ``"not yet. Your answer 5 is too
        high."`` and ``"还不对：你的答案 5 偏高。"``.
    hint
        For a wrong answer: the hint for its typical mistake (never the answer).
    reading, reading_zh
        How the answer was read, when that is worth saying (``"read '80%' as 0.8"``).
    explanation
        The question's explanation (解析): with a correct answer, and with a wrong one from
        the third wrong try of the question in this session (kernel) on.
    waiting
        The answer cell still holds its placeholder (``None`` or ``...``): a neutral
        "待作答 — waiting for your answer", not a wrong answer.
    """

    question_id: str
    correct: bool
    message: str
    message_zh: str = ""
    hint: str = ""
    reading: str = ""
    reading_zh: str = ""
    explanation: str = ""
    waiting: bool = False

    @property
    def status(self) -> _Status:
        """``"correct"``, ``"incorrect"`` or ``"waiting"`` (no answer yet)."""
        if self.waiting:
            return "waiting"
        return "correct" if self.correct else "incorrect"

    @property
    def note(self) -> str:
        """How the answer was read and, with a correct answer, the explanation (English)."""
        return " ".join(filter(None, [self.reading, self.explanation if self.correct else ""]))

    def __str__(self) -> str:
        mark, label = _LOOKS[self.status][:2]
        if self.waiting:  # the label says it all; the messages say what to do
            lines = [f"{mark} {self.question_id} — {label}", f"  {self.message_zh}"]
        else:
            lines = [f"{mark} {self.question_id} — {self.message_zh or self.message}"]
        if self.message_zh:
            lines.append(f"  {self.message}")
        if self.reading:
            lines.append("说明 Note: " + " ".join(filter(None, [self.reading_zh, self.reading])))
        if self.hint:
            lines.append(f"提示 Hint: {self.hint}")
        if self.explanation:
            lines.append(f"解析 Explanation: {self.explanation}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        mark, label, colour, background = _LOOKS[self.status]
        body = [f"<b>{mark} {esc(label)}</b> <code>{esc(self.question_id)}</code>"]
        if self.message_zh:
            body.append(f"<br>{esc(self.message_zh)}")
            body.append(f"<br><span style='color:#555'>{esc(self.message)}</span>")
        else:
            body.append(f"<br>{esc(self.message)}")
        if self.reading:
            reading = " ".join(filter(None, [self.reading_zh, self.reading]))
            body.append(f"<br><small>说明 Note: {esc(reading)}</small>")
        if self.hint:
            body.append(f"<br><b>提示 Hint:</b> {esc(self.hint)}")
        if self.explanation:
            body.append(f"<br><b>解析 Explanation:</b> {esc(self.explanation)}")
        return (
            f'<div class="crmlab-feedback crmlab-feedback-{self.status}" '
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
    """The question with this id; displays itself (中文 + English) in a notebook."""
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


class _Said(NamedTuple):
    """One text for the student, in Chinese and in English."""

    zh: str
    en: str


_NOTHING = _Said("", "")


class _Unreadable(ValueError):
    """The student's answer could not be read in the question's form (中文 and English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.said = _Said(zh, en)


def _read_number(raw: object, share: float | None = None) -> tuple[float, _Said]:
    """Return the answer as a float and a note on how it was read.

    ``share`` is the expected value of a share question (bare numbers may be percentages).
    """
    note = _NOTHING
    if isinstance(raw, bool):
        raise _Unreadable("请用数字作答，不要用 True/False", "answer with a number, not True/False")
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
                    f"无法把 {raw!r} 读作数字；请输入例如 2.67、'62,400' 或 '80%'",
                    f"I could not read {raw!r} as a number; type e.g. 2.67, '62,400' or '80%'",
                ) from None
        if percent:
            value /= 100
            note = _Said(f"已将 {raw!r} 读作 {value:g}。", f"read {raw!r} as {value:g}")
    else:
        kind = type(raw).__name__
        raise _Unreadable(f"请用数字作答（收到的是 {kind}）", f"answer with a number, got {kind}")
    if not math.isfinite(value):
        raise _Unreadable("请输入一个有限的数字", "answer with a finite number")
    if share is not None and value > 1 and not note.en:
        # a bare 80 for a share means 80 %, unless the share itself is above 1 (e.g. the top
        # 20 % earning 130 % of the profit) and the number is closer to it as it stands
        if abs(value / 100 - share) <= abs(value - share):
            as_share = f"{value:g}% = {value / 100:g}"
            note = _Said(f"已将 {value:g} 读作 {as_share}。", f"read {value:g} as {as_share}")
            value /= 100
    return value, note


def _normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().strip("().。 "))


def _read_choice(raw: object, choices: Mapping[str, str]) -> str:
    if not isinstance(raw, str):
        raise _Unreadable(
            "请用所选选项的字母作答，例如 'b'", "answer with the letter of your choice, e.g. 'b'"
        )
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
    raise _Unreadable(
        f"{raw!r} 对不上任何选项；请用 {letters} 之一作答",
        f"I could not match {raw!r} to a choice; answer with one of {letters}",
    )


def _read_labels(raw: object, options: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    if isinstance(raw, str):
        items: Iterable[object] = re.split(r"[,，;；、]", raw)
    elif isinstance(raw, Iterable):
        items = raw
    else:
        raise _Unreadable(
            "请用标签列表作答，例如 ['cost', 'convenience']",
            "answer with a list of labels, e.g. ['cost', 'convenience']",
        )
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
        offered = ", ".join(options)
        raise _Unreadable(
            f"不认识 {names}；请从这些选项中选：{offered}",
            f"I do not recognise {names}; choose from: {offered}",
        )
    return frozenset(chosen)


def _check_data(item: Question, context: Mapping[str, object]) -> None:
    """Raise ``ValueError`` unless ``context`` holds exactly the data ``item`` needs."""
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


def _expected_value(item: Question, context: Mapping[str, object]) -> Any:
    if not callable(item.expected):
        return item.expected
    return item.expected(**{n: context[n] for n in item.needs})


def _first_hint(item: Question, got: object, expected: object) -> str:
    for candidate in item.hints:
        if candidate.when(got, expected):
            return candidate.text
    return item.hint


def _format_number(value: float, money: bool = False) -> str:
    if money:
        from crmlab.plots import money as as_money

        return as_money(value, decimals=2)
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _verdict(item: Question, your_answer: object, expected: Any) -> tuple[bool, _Said, _Said, Any]:
    """Read and judge an answer: (correct, verdict, reading note, the answer and the
    expected answer as read, for the hints). Raises :class:`_Unreadable`."""
    if item.kind == "number":
        expected_value, _ = _read_number(expected)
        got, note = _read_number(your_answer, expected_value if item.share else None)
        correct = math.isclose(got, expected_value, rel_tol=item.rel_tol, abs_tol=item.abs_tol)
        shown = _format_number(got, money=item.money)
        if correct:
            verdict = _Said(f"正确：{shown}。", f"correct: {shown}.")
        else:
            high = got > expected_value
            verdict = _Said(
                f"还不对：你的答案 {shown} {'偏高' if high else '偏低'}。",
                f"not yet. Your answer {shown} is {'too high' if high else 'too low'}.",
            )
        return correct, verdict, note, (got, expected_value)
    if item.kind == "choice":
        got = _read_choice(your_answer, item.choices)
        correct = got == _normalise_text(str(expected))
        if correct:
            option = with_currency(item.choices[got])
            verdict = _Said(f"正确：({got}) {option}。", f"correct: ({got}) {option}.")
        else:
            verdict = _Said(
                f"还不对：({got}) 不是最佳答案。", f"not yet: ({got}) is not the best answer."
            )
        return correct, verdict, _NOTHING, (got, expected)
    got = _read_labels(your_answer, item.options)
    expected = frozenset(expected)
    correct = got == expected
    if correct:
        labels = sorted(got)
        verdict = _Said(f"正确：{'、'.join(labels)}。", f"correct: {', '.join(labels)}.")
    else:
        right, wrong, missing = len(got & expected), len(got - expected), len(expected - got)
        labels = f"{len(got)} label" + ("" if len(got) == 1 else "s")
        verdict = _Said(
            f"还不对：你给出的 {len(got)} 个标签中，{right} 个对、{wrong} 个错；"
            f"还缺 {missing} 个。",
            f"not yet: of your {labels}, {right} right and {wrong} wrong; {missing} missing.",
        )
    return correct, verdict, _NOTHING, (got, expected)


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
        labels, depending on the question. ``None`` (or ``...``), the answer cell's
        placeholder, gives a neutral "待作答 — waiting for your answer".
    **data
        The data a data-based question computes its answer from (see ``Question.needs``),
        e.g. ``profit=profitability["profit"]``.

    Returns
    -------
    Feedback
        ``.correct`` and a message; a hint (never the answer) when it is not correct. From
        the third wrong try of a question in this session (kernel) on, the feedback adds the
        question's explanation; an unreadable answer or the placeholder is no try.

    Raises
    ------
    ValueError
        For an unknown question id, or data missing for a data-based question.

    Examples
    --------
    >>> answer("ch04.margin_multiple", 2.67).correct
    True
    >>> print(answer("ch04.margin_multiple", 5))
    ✗ ch04.margin_multiple — 还不对：你的答案 5 偏高。
      not yet. Your answer 5 is too high.
    提示 Hint: 1 / (1 − r) 是预期客户寿命（expected lifetime）。你除的是 (1 + i − r) 还是 (1 − r)？

    The third wrong try brings the explanation:

    >>> register(Question("ch99.double", "2 × 21?", "2 × 21 等于几？", expected=2 * 21,
    ...                   hint="double 21.", explanation="2 × 21 = 2 × 20 + 2 × 1."),
    ...          replace=True)
    >>> for guess in (40, 41, 43):
    ...     feedback = answer("ch99.double", guess)
    >>> print(feedback)
    ✗ ch99.double — 还不对：你的答案 43 偏高。
      not yet. Your answer 43 is too high.
    提示 Hint: double 21.
    解析 Explanation: 2 × 21 = 2 × 20 + 2 × 1.
    """
    item = question(question_id)
    _check_data(item, data)
    if your_answer is None or your_answer is Ellipsis:
        placeholder = "None" if your_answer is None else "..."
        return Feedback(
            item.id,
            False,
            f"type your answer in place of {placeholder}, then run the cell again.",
            message_zh=f"把 {placeholder} 换成你的答案，再运行这段代码。",
            waiting=True,
        )
    expected = _expected_value(item, data)
    try:
        correct, verdict, note, (got, expected) = _verdict(item, your_answer, expected)
    except _Unreadable as problem:
        return Feedback(item.id, False, f"{problem.said.en}.", message_zh=f"{problem.said.zh}。")
    explanation = with_currency(item.explanation)
    if correct:
        return Feedback(
            item.id,
            True,
            verdict.en,
            message_zh=verdict.zh,
            reading=note.en,
            reading_zh=note.zh,
            explanation=explanation,
        )
    tries = _WRONG_TRIES[item.id] = _WRONG_TRIES.get(item.id, 0) + 1
    return Feedback(
        item.id,
        False,
        verdict.en,
        message_zh=verdict.zh,
        hint=with_currency(_first_hint(item, got, expected)),
        reading=note.en,
        reading_zh=note.zh,
        explanation=explanation if tries >= _TRIES_BEFORE_EXPLANATION else "",
    )
