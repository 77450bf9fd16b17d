"""The self-checks of chapter 08 (crmlab/_questions/ch08.py): answers, hints, Chinese text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from crmlab import check
from crmlab._questions.ch08 import CH08
from crmlab.purchase_cycle import DueListCheck

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no wrong tries counted (as in a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


def _check(bought: list[bool], draws: list[float]) -> DueListCheck:
    listed = pd.DataFrame({"bought": bought}, index=[f"c{i}" for i in range(len(bought))])
    return DueListCheck(
        pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08"), 100, 5, listed, np.array(draws)
    )


def test_the_chapter_has_its_questions_in_chinese() -> None:
    questions = check.questions(8)
    assert len(questions) >= 5
    assert [q.id for q in questions] == [q.id for q in CH08]
    for q in questions:
        assert CJK.search(q.prompt_zh) and CJK.search(q.hint) and CJK.search(q.explanation)
        for text in (q.choices or {}).values():
            assert CJK.search(text) and "（" in text


def test_fourth_step_is_the_course_wording_and_customise_gets_its_hint() -> None:
    assert check.answer("ch08.fourth_step", "b").correct
    assert "定制" in check.answer("ch08.fourth_step", "a").hint
    assert "数据库营销" in check.answer("ch08.fourth_step", "c").hint


def test_bond_level() -> None:
    assert check.answer("ch08.bond_level", "b").correct
    assert "折扣" in check.answer("ch08.bond_level", "a").hint
    assert "结构纽带" in check.answer("ch08.bond_level", "c").hint


@pytest.mark.parametrize(("currency", "amount"), [("¥", 180.0), ("£", 19.75), ("$", 25.0)])
def test_dicks_threshold_follows_the_currency(currency: str, amount: float) -> None:
    assert check.answer("ch08.dicks_threshold", amount, currency=currency).correct
    divided = check.answer("ch08.dicks_threshold", 25 * 25 / amount, currency=currency)
    if currency != "$":
        assert not divided.correct and "除法" in divided.hint
    yearly = check.answer("ch08.dicks_threshold", amount * 52, currency=currency)
    assert not yearly.correct and "一年" in yearly.hint


def test_list_lift_is_computed_from_the_check_passed_in() -> None:
    # 1 of 4 listed bought (25 %); random lists averaged 5 % → lift 5
    done = _check([True, False, False, False], [0.0, 0.05, 0.1])
    assert check.answer("ch08.list_lift", 5, check=done).correct
    assert not check.answer("ch08.list_lift", 4, check=done).correct
    assert "放反" in check.answer("ch08.list_lift", 0.2, check=done).hint
    other = _check([True, True, False, False], [0.1, 0.1])
    assert check.answer("ch08.list_lift", 5, check=other).correct  # 50 % ÷ 10 %


def test_pair_lift_and_the_confidences_as_hints() -> None:
    assert check.answer("ch08.pair_lift", 2.5).correct
    assert "置信度" in check.answer("ch08.pair_lift", 0.25).hint
    assert "置信度" in check.answer("ch08.pair_lift", 0.5).hint
    assert "支持度" in check.answer("ch08.pair_lift", 0.05).hint


def test_coupon_curve_matches_the_simulation() -> None:
    from crmlab.relationship import target_coupon

    plan = target_coupon(np.linspace(0.9, 0.01, 50), margin=40, coupon_cost=10, steps=10)
    net = plan["net_return"].to_numpy()
    peak = int(np.argmax(net))
    assert 0 < peak < len(net) - 1  # rises, then falls: the expected answer "c"
    assert check.answer("ch08.coupon_curve", "c").correct
    assert "成本" in check.answer("ch08.coupon_curve", "a").hint
