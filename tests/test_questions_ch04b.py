"""The self-checks of chapter 04b (crmlab/_questions/ch04b.py): answers, hints, Chinese text."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from crmlab import check, plots
from crmlab._questions.ch04b import CH04B
from crmlab.models import BGNBDFit

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no wrong tries counted (as in a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


@pytest.fixture
def context() -> dict[str, object]:
    model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    summary = pd.DataFrame(
        {"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 20.0]},
        index=pd.Index(["ZHANG", "WANG"], name="customer_id"),
    )
    return {"bgnbd": model, "summary": summary, "customer_id": "ZHANG"}


def test_hints_and_explanations_are_chinese_first() -> None:
    for q in CH04B:
        assert q.id.startswith("ch04."), "04b is the second half of chapter 04"
        for text in (q.hint, q.explanation, *(h.text for h in q.hints)):
            assert CJK.search(text), f"{q.id}: {text!r} should be Chinese"
        for text in q.choices.values():
            assert re.search(r"（.+）$", text), f"{q.id}: choice {text!r} is '中文（English）'"


def test_the_two_recencies() -> None:
    # first purchase 300 days before the end, last 100 days before it:
    # RFM recency = 100 (last purchase → end), BG/NBD t_x = 300 − 100 = 200 (first → last)
    assert check.answer("ch04.recency_two_meanings", "a").correct
    assert "说反了" in check.answer("ch04.recency_two_meanings", "b").hint
    assert "年龄" in check.answer("ch04.recency_two_meanings", "d").hint


def test_the_conceptual_predictions() -> None:
    assert check.answer("ch04.naive_forecast_direction", "a").correct
    assert "流失" in check.answer("ch04.naive_forecast_direction", "c").hint
    assert check.answer("ch04.spend_shrinkage", "b").correct
    assert "噪声" in check.answer("ch04.spend_shrinkage", "a").hint
    assert check.answer("ch04.p_alive_direction", "b").correct
    assert "沉默" in check.answer("ch04.p_alive_direction", "a").hint


def test_p_alive_reading_names_ms_zhang(context: dict[str, object]) -> None:
    q = check.question("ch04.p_alive_reading")
    assert "张女士" in q.prompt_zh and "Ms. Zhang" in q.prompt
    assert check.answer("ch04.p_alive_reading", 0.7266, **context).correct  # published value
    assert check.answer("ch04.p_alive_reading", "73%", **context).correct
    assert "dropped out" in check.answer("ch04.p_alive_reading", 0.27, **context).hint
    wang = {**context, "customer_id": "WANG"}  # no repeat purchase: alive for sure
    assert check.answer("ch04.p_alive_reading", 1, **wang).correct


def test_expected_purchases_reading_uses_26_weeks(context: dict[str, object]) -> None:
    model = context["bgnbd"]
    assert isinstance(model, BGNBDFit)
    in_26 = model.expected_purchases(26, 2, 30.43, 38.86)
    in_13 = model.expected_purchases(13, 2, 30.43, 38.86)
    q = check.question("ch04.expected_purchases_reading")
    assert "张女士" in q.prompt_zh and "26" in q.prompt_zh
    assert check.answer("ch04.expected_purchases_reading", round(in_26, 2), **context).correct
    short = check.answer("ch04.expected_purchases_reading", round(in_13, 2), **context)
    assert not short.correct and "13周" in short.hint


def test_the_shrinkage_question_follows_the_currency() -> None:
    plots.set_theme(currency="£")
    try:
        shown = str(check.question("ch04.spend_shrinkage"))
        assert "£900" in shown and "¥" not in shown
    finally:
        plots.set_theme(currency=plots.DEFAULT_CURRENCY)
