"""Self-check questions of chapter 05 (private)."""

from __future__ import annotations

from crmlab._question_types import Question

CH05: tuple[Question, ...] = ()
