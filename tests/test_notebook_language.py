"""The chapter notebooks are written in Chinese first, without the project's own jargon.

The course is taught and examined in Chinese, so a chapter's prose is Chinese with the English
term in parentheses at its first use, and the notebook ends with a 小结 and a short English
summary. "Chinese share" counts CJK characters against twice the English words (an English
word carries about as much as two characters), in the markdown cells with code, formulas,
links' targets and HTML tags left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("0[0-9]*_*.ipynb"))
MIN_CHINESE_SHARE = 0.60
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
#: Words of the project's own making that a student should not meet outside an analyst box.
JARGON = re.compile(
    r"\bseeds?\b|REFERENCE\.md|COURSE\.md|DESIGN\.md|EXAM\.md|STYLE\.md|data contract"
    r"|papermill|nbval|\bfixture",
    re.IGNORECASE,
)
#: Definitions the course examines that a chapter must put in a 考点 box.
EXAM_POINTS = {
    "01": ["罗森塔尔"],
    "02": ["ASK"],
    "04": ["客户流失率", "客户生命周期利润", "数据库营销"],
    "07": ["客户流失", "客户保持", "漏斗原理", "处理顾客异议的原则"],
    "08": ["关系营销", "一对一营销", "情感营销", "数据库营销", "客情关系"],
    "09": ["客户智能", "客户知识", "CRM能力", "客户增长矩阵", "客户阶梯", "三大基本点", "评价指标"],
}


def _prose(markdown: str) -> str:
    """Markdown without code, formulas, HTML tags, link targets and URLs."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"https?://\S+", " ", text)


def chinese_share(markdown: str) -> float:
    """CJK characters ÷ (CJK characters + 2 × English words) of a text's prose.

    >>> chinese_share("客户关系管理 (customer relationship management)")
    0.5
    """
    prose = _prose(markdown)
    cjk = len(CJK.findall(prose))
    words = len(WORD.findall(prose))
    return cjk / (cjk + 2 * words) if cjk + words else 0.0


def _student_text(markdown: str) -> str:
    """Markdown outside the collapsed analyst boxes (<details>…</details>)."""
    return re.sub(r"<details>.*?</details>", " ", markdown, flags=re.DOTALL)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_measure_counts_what_it_says():
    assert chinese_share("客户 `customer_id` $CLV = m/(1+d-r)$") == 1.0
    assert chinese_share("the customer") == 0.0
    assert chinese_share("顾客 <b>customer</b> [术语](https://example.org/x)") == 4 / 6


def test_prose_is_chinese_first(notebook):
    path, nb = notebook
    share = chinese_share(_markdown(nb))
    assert share >= MIN_CHINESE_SHARE, f"{path.name}: Chinese is {share:.0%} of the prose"


def test_no_project_jargon_in_student_text(notebook):
    path, nb = notebook
    found = sorted({m.group(0) for m in JARGON.finditer(_student_text(_markdown(nb)))})
    assert not found, f"{path.name}: project words in student text: {found}"


def test_ends_with_chinese_and_english_summaries(notebook):
    path, nb = notebook
    tail = "\n".join(c.source for c in nb.cells[-4:] if c.cell_type == "markdown")
    assert "小结" in tail, f"{path.name}: no 小结 at the end"
    assert re.search(r"\bSummary\b", tail), f"{path.name}: no short English Summary at the end"


@pytest.mark.parametrize("chapter", sorted(EXAM_POINTS))
def test_exam_points_have_their_boxes(chapter):
    paths = [p for p in NOTEBOOKS if p.name.startswith(chapter)]
    text = "\n".join(_markdown(nbformat.read(p, as_version=4)) for p in paths)
    boxes = [b for b in re.split(r"\n\s*\n", text) if "考点" in b]
    for term in EXAM_POINTS[chapter]:
        assert any(term in b for b in boxes), f"chapter {chapter}: no 考点 box on {term}"
