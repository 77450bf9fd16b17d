"""The self-check questions of chapter 05 (hand-computed cases, every hint on its wrong answer)."""

import pandas as pd
import pytest

from crmlab import check
from crmlab.satisfaction import DriversResult


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no wrong tries counted (as in a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


def test_the_chapter_has_its_questions() -> None:
    ids = [q.id for q in check.questions(5)]
    assert len(ids) >= 4
    assert all(q.explanation.strip() for q in check.questions(5))


def test_csi_of_one_customer() -> None:
    for answer in (0.75, "0.75", "75%"):
        assert check.answer("ch05.csi_one_customer", answer).correct
    assert "期望 ÷ 感知" in check.answer("ch05.csi_one_customer", 8 / 6).hint
    assert "差距" in check.answer("ch05.csi_one_customer", -2).hint


def test_same_shortfall_and_kano_pair_are_choices() -> None:
    assert check.answer("ch05.same_shortfall", "a").correct
    assert "2 ÷ 4" in check.answer("ch05.same_shortfall", "b").hint
    assert "比值" in check.answer("ch05.same_shortfall", "c").hint
    assert check.answer("ch05.kano_pair", "C").correct
    assert "理所当然" in check.answer("ch05.kano_pair", "b").hint


def test_delivered_value_hints_name_the_usual_slips() -> None:
    # values 7 + 6 + 8 + 5 = 26, costs 5 + 4 + 3 + 6 = 18 → 8
    assert check.answer("ch05.delivered_value", 8).correct
    assert "总客户价值" in check.answer("ch05.delivered_value", 26).hint
    assert "方向反了" in check.answer("ch05.delivered_value", -8).hint
    assert "之比" in check.answer("ch05.delivered_value", 26 / 18).hint


def test_dissatisfied_who_complained_pools_levels_one_and_two() -> None:
    # levels 1 and 2: (4 + 6) complained of (10 + 30) respondents = 25 %; level 5 is left out
    table = pd.DataFrame({"respondents": [10, 30, 60], "complained": [4, 6, 9]}, index=[1, 2, 5])
    for answer in (0.25, "25%", 25):
        assert check.answer("ch05.dissatisfied_who_complained", answer, complaints=table).correct
    # the unweighted mean of the two shares, (0.4 + 0.2) / 2 = 0.3, is not the pooled share
    assert not check.answer("ch05.dissatisfied_who_complained", 0.3, complaints=table).correct
    never = check.answer("ch05.dissatisfied_who_complained", 0.75, complaints=table)
    assert "从没投诉" in never.hint


def _drivers(third_low: float) -> DriversResult:
    table = pd.DataFrame(
        {"conf_low": [0.5, 0.4, third_low, 0.1], "conf_high": [0.7, 0.6, 0.45, 0.25]},
        index=["quality", "style", "service", "price"],
    )
    return DriversResult(table, r_squared=0.5, respondents=100)


def test_driver_overlap_reads_the_intervals_of_ranks_three_and_four() -> None:
    apart, overlapping = _drivers(0.3), _drivers(0.2)  # 4th's upper limit is 0.25
    assert check.answer("ch05.driver_overlap", "a", drivers=apart).correct
    assert check.answer("ch05.driver_overlap", "c", drivers=overlapping).correct
    assert "区间" in check.answer("ch05.driver_overlap", "a", drivers=overlapping).hint
    assert "p值" in check.answer("ch05.driver_overlap", "b", drivers=overlapping).hint
