"""The readiness self-assessment widget (crmlab.widgets.strategy)."""

from __future__ import annotations

import pytest

from crmlab import plots, readiness
from crmlab.widgets import readiness_explorer


@pytest.fixture(autouse=True)
def _english():
    plots.use_english()
    yield
    plots.use_english()


def test_the_readouts_follow_readiness_score():
    explorer = readiness_explorer()
    keys = [q.key for q in readiness.READINESS_QUESTIONS]
    assert list(explorer.controls) == keys
    for key, score in zip(keys, [4, 4, 3, 3, 2, 4, 1, 4], strict=True):
        explorer.controls[key].value = score
    result = readiness.readiness_score({k: c.value for k, c in explorer.controls.items()})
    assert f"<b>{result.total}</b> of 32" in explorer.outputs["summary"].value
    assert result.verdict in explorer.outputs["summary"].value
    risks = explorer.outputs["risks"].value
    assert risks.count("<li>") == 2  # success criteria (2) and environment (1) are weak
    assert "Nobody can tell whether the project worked." in risks
    assert explorer.outputs["chart"].value[:4] == b"\x89PNG"


def test_no_weak_answer_names_no_risk_and_bad_input_is_refused():
    explorer = readiness_explorer({q.key: 4 for q in readiness.READINESS_QUESTIONS})
    assert "No weak answer" in explorer.outputs["risks"].value
    with pytest.raises(ValueError, match="unknown"):
        readiness_explorer({"budget": 3})
    with pytest.raises(ValueError, match="0-4"):
        readiness_explorer({"funding": 7})


def test_layout_one_row_per_question():
    explorer = readiness_explorer()
    rows = explorer.children[2].children
    assert len(rows) == 8
    assert all(len(row.children) == 2 for row in rows)
