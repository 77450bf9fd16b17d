"""The readiness module (crmlab.readiness): the course's lists and the re-export from strategy."""

from __future__ import annotations

from crmlab import readiness, strategy


def test_strategy_keeps_its_readiness_names():
    assert strategy.readiness_score is readiness.readiness_score
    assert strategy.READINESS_QUESTIONS is readiness.READINESS_QUESTIONS
    assert strategy.ReadinessResult is readiness.ReadinessResult


def test_success_and_failure_factors_are_the_courses_seven_each():
    assert len(readiness.SUCCESS_FACTORS) == 7
    assert len(readiness.FAILURE_FACTORS) == 7
    assert readiness.SUCCESS_FACTORS[0][1] == "高层领导的支持"
    assert readiness.FAILURE_FACTORS[0][1] == "忽视了数据质量"
    assert all(en and zh for en, zh in readiness.SUCCESS_FACTORS + readiness.FAILURE_FACTORS)


def test_a_zero_caps_the_verdict_and_names_its_risk():
    answers = {q.key: 4 for q in readiness.READINESS_QUESTIONS} | {"integration": 0}
    result = readiness.readiness_score(answers)
    assert result.verdict == "prepare further"
    assert result.risks == ("Isolated systems: no 360° customer view.",)
