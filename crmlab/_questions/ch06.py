"""Self-check questions of chapter 06 (private)."""

from __future__ import annotations

from crmlab._question_types import Question

CH06: tuple[Question, ...] = ()
