"""The data questions of crmlab/_questions/ch02.py (hand-computed cases)."""

import pandas as pd
import pytest

from crmlab import acquisition, check
from crmlab._questions.ch02 import qualified_wins


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no wrong tries counted (as in a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


def _leads(won_at_low_scores: int = 0) -> pd.DataFrame:
    """Ten leads: scores 3, 3, 2, 2, 1, 1, 1, 0, 0, 0; wins at the two 3s and one 2.

    Pursuing only score ≥ 2 works 4 of 10 leads (saves 60% of the work) and keeps all 3 wins
    (loses 0%) → "a". ``won_at_low_scores`` turns that many low-score leads into wins.
    """
    score = [3, 3, 2, 2, 1, 1, 1, 0, 0, 0]
    stage = ["won", "won", "won", "lead", "lead", "lead", "lead", "lead", "lead", "lead"]
    for i in range(won_at_low_scores):
        stage[4 + i] = "won"
    return pd.DataFrame(
        {
            "money": [s >= 1 for s in score],
            "authority": [s >= 2 for s in score],
            "need": [s >= 3 for s in score],
            "stage_reached": stage,
        }
    )


def _performance() -> pd.DataFrame:
    leads = pd.DataFrame(
        {"source": ["referral", "store"], "cost": [10.0, 5.0], "stage_reached": ["won", "won"]}
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "channel": ["referral", "store"],
            "acquisition_cost": [100.0, 50.0],
        }
    )
    tx = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "order_id": ["O1", "O2"],
            "amount": [515.0, 80.0],
            "cost": [200.0, 40.0],
        }
    )
    # referral: profit 515 − 200 − 15 to serve the order = 300, cost 100 → ROI 2.0
    return acquisition.source_performance(leads, customers, tx, add_lead_cost=False)


def test_referral_roi_is_profit_minus_cost_over_cost():
    performance = _performance()
    assert performance.loc["referral", "value_total"] == 300.0
    assert check.answer("ch02.referral_roi", 2.0, performance=performance).correct
    assert check.answer("ch02.referral_roi", "2", performance=performance).correct
    wrong = check.answer("ch02.referral_roi", 3.0, performance=performance)
    assert not wrong.correct and "利润 ÷ 成本" in wrong.hint
    money = check.answer("ch02.referral_roi", 300, performance=performance)
    assert "比率" in money.hint


def test_qualified_wins_hand_computed():
    # score ≥ 2 keeps all 3 wins; with 1 more win at score 1, 3 of 4; with 3 more, 3 of 6
    assert qualified_wins(_leads()) == 1.0
    assert qualified_wins(_leads(1)) == pytest.approx(0.75)
    assert qualified_wins(_leads(3)) == pytest.approx(0.5)
    assert qualified_wins(_leads(3), min_score=3) == pytest.approx(2 / 6)


def test_man_qualified_wins_is_a_prediction_with_hints():
    leads = _leads(1)  # 3 of 4 wins kept: 0.75; a prediction within 5 points counts
    for close in (0.75, "75%", 0.71, 0.79):
        assert check.answer("ch02.man_qualified_wins", close, leads=leads).correct
    lost = check.answer("ch02.man_qualified_wins", 0.25, leads=leads)
    assert not lost.correct and "丢掉" in lost.hint
    low = check.answer("ch02.man_qualified_wins", 0.5, leads=leads)
    assert not low.correct and "偏低" in low.hint
    high = check.answer("ch02.man_qualified_wins", 0.9, leads=leads)
    assert not high.correct and "偏高" in high.hint


def test_the_chapter_questions_speak_chinese():
    import re

    from crmlab._questions.ch02 import CH02

    han = re.compile(r"[\u4e00-\u9fff]")
    for item in CH02:
        texts = (item.prompt_zh, item.hint, item.explanation)
        assert all(han.search(text) for text in texts), item.id
        assert all(han.search(h.text) for h in item.hints), item.id
        assert all(han.search(text) for text in item.choices.values()), item.id
        assert "元" not in item.prompt_zh + item.hint + item.explanation, "no yuan sign"


def test_the_ask_rule_question():
    assert check.answer("ch02.ask_rule", "d").correct
    hint = check.answer("ch02.ask_rule", "a").hint
    assert "态度" in hint


def test_placeholder_answer_gets_a_friendly_message():
    feedback = check.answer("ch02.referral_roi", None, performance=_performance())
    assert not feedback.correct and feedback.waiting
    assert "your answer" in feedback.message and "你的答案" in feedback.message_zh
    assert "待作答 — waiting for your answer" in str(feedback)
    assert "✗" not in str(feedback) and "✗" not in feedback._repr_html_()


def test_the_explanations_show_the_reasoning_after_three_wrong_tries():
    performance, leads = _performance(), _leads()
    for _ in range(2):
        early = check.answer("ch02.referral_roi", 3.0, performance=performance)
        assert early.explanation == ""
    third = check.answer("ch02.referral_roi", 3.0, performance=performance)
    assert "（value_total − total_cost）÷ total_cost" in third.explanation
    tries = [check.answer("ch02.man_qualified_wins", 0.1, leads=leads) for _ in range(3)]
    assert "提升度小于1" in tries[-1].explanation and not tries[1].explanation
