"""The two data questions chapter 02 adds to crmlab/_questions/ch02.py (hand-computed cases)."""

import pandas as pd
import pytest

from crmlab import acquisition, check


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no wrong tries counted (as in a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


def _leads() -> pd.DataFrame:
    # scores 3, 3, 2, 2, 1, 0 — wins at scores 3, 2, 1 → 2 of the 3 wins have score ≥ 2
    return pd.DataFrame(
        {
            "money": [True, True, True, True, False, False],
            "authority": [True, True, True, False, False, False],
            "need": [True, True, False, True, True, False],
            "stage_reached": ["won", "lead", "won", "contacted", "won", "lead"],
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
            "amount": [500.0, 80.0],
            "cost": [200.0, 40.0],
            "returned": [False, False],
        }
    )
    return acquisition.source_performance(leads, customers, tx, add_lead_cost=False)


def test_referral_roi_is_value_minus_cost_over_cost():
    performance = _performance()  # referral: value 300, cost 100 → ROI 2.0
    assert check.answer("ch02.referral_roi", 2.0, performance=performance).correct
    assert check.answer("ch02.referral_roi", "2", performance=performance).correct
    wrong = check.answer("ch02.referral_roi", 3.0, performance=performance)
    assert not wrong.correct and "value ÷ cost" in wrong.hint
    money = check.answer("ch02.referral_roi", 300, performance=performance)
    assert "ratio" in money.hint


def test_man_qualified_wins_counts_scores_two_and_three():
    leads = _leads()
    assert check.answer("ch02.man_qualified_wins", 2 / 3, leads=leads).correct
    assert check.answer("ch02.man_qualified_wins", "66.7%", leads=leads).correct
    lost = check.answer("ch02.man_qualified_wins", 1 / 3, leads=leads)
    assert not lost.correct and "lose" in lost.hint


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
    assert "(value_total − total_cost) ÷ total_cost" in third.explanation
    tries = [check.answer("ch02.man_qualified_wins", 0.1, leads=leads) for _ in range(3)]
    assert "scores 2 and 3" in tries[-1].explanation and not tries[1].explanation
