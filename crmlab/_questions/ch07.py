"""Self-check questions of chapter 07 (private)."""

from __future__ import annotations

from crmlab._question_types import Question

CH07: tuple[Question, ...] = ()
