"""The course's self-check questions, one module per chapter (private; used by :mod:`crmlab.check`).

Each question's expected answer is computed when the student checks it: from the package
(:mod:`crmlab.clv`, :mod:`crmlab.value`) for formula questions, and from the data the
notebook passes in for data questions — no number that depends on the data is written here.
Hints answer the typical mistake without giving the answer away; each question's explanation
gives the worked reasoning (not the final number), shown with a correct answer and from the
third wrong try on. Money is written with the ``{currency}`` mark, shown in the chart theme's
currency (``plots.set_theme(currency=…)``); only the Walmart story keeps its own dollars.
"""

from __future__ import annotations

from crmlab._question_types import Question
from crmlab._questions.ch00 import CH00
from crmlab._questions.ch01 import CH01
from crmlab._questions.ch02 import CH02
from crmlab._questions.ch03 import CH03
from crmlab._questions.ch04 import CH04
from crmlab._questions.ch04b import CH04B
from crmlab._questions.ch05 import CH05
from crmlab._questions.ch06 import CH06
from crmlab._questions.ch07 import CH07
from crmlab._questions.ch08 import CH08
from crmlab._questions.ch09 import CH09

QUESTIONS: tuple[Question, ...] = (
    *CH00,
    *CH01,
    *CH02,
    *CH03,
    *CH04,
    *CH04B,
    *CH05,
    *CH06,
    *CH07,
    *CH08,
    *CH09,
)
