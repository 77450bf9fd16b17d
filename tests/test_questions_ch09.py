"""The self-check questions of chapter 09 (hand-computed cases, hints on the usual slips)."""

import pandas as pd
import pytest

from crmlab import check


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


def test_the_chapter_has_its_questions() -> None:
    questions = check.questions(9)
    assert len(questions) >= 5
    assert all(q.explanation.strip() and q.prompt_zh.strip() for q in questions)


def test_growth_cell_and_its_hints() -> None:
    assert check.answer("ch09.growth_cell", "b").correct
    assert "新推出" in check.answer("ch09.growth_cell", "a").hint
    assert "老客户" in check.answer("ch09.growth_cell", "d").hint


def test_expansion_or_diversification_reads_the_data() -> None:
    growth = pd.DataFrame(
        {
            "strategy": ["loyalty", "expansion", "acquisition", "diversification"],
            "revenue": [60.0, 5.0, 30.0, 8.0],
        }
    )
    assert check.answer("ch09.expansion_or_diversification", "b", growth=growth).correct
    growth.loc[1, "revenue"] = 9.0
    assert check.answer("ch09.expansion_or_diversification", "a", growth=growth).correct


def test_top_tier_stays_from_the_matrix() -> None:
    shares = pd.DataFrame(
        [[0.2, 0.3, 0.5], [0.1, 0.3, 0.6], [0.0, 0.1, 0.9]],
        index=["VIP", "small", "inactive"],
        columns=["VIP", "small", "inactive"],
    )
    for answer in (0.2, "20%", 20):
        assert check.answer("ch09.top_tier_stays", answer, shares=shares).correct
    assert "离开" in check.answer("ch09.top_tier_stays", 0.8, shares=shares).hint


def test_choices_of_the_course_lists() -> None:
    assert check.answer("ch09.three_basics", "d").correct
    assert "第二个基本点" in check.answer("ch09.three_basics", "b").hint
    assert check.answer("ch09.project_triangle", "a").correct
    assert "客户感知价值" in check.answer("ch09.project_triangle", "b").hint
    assert check.answer("ch09.readiness_verdict", "b").correct
    assert "0分" in check.answer("ch09.readiness_verdict", "a").hint
