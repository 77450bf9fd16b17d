"""The bilingual glossary: complete, unique, and searchable from both languages."""

import re
from pathlib import Path

import pytest

from crmlab import glossary

COURSE = Path(__file__).resolve().parents[2] / "shared" / "COURSE.md"


def test_every_chapter_has_terms():
    for chapter in range(1, 10):
        assert len(glossary.terms(chapter)) >= 4, chapter


def test_terms_are_unique_in_both_languages():
    table = glossary.terms()
    assert not table["english"].duplicated().any()
    assert not table["chinese"].duplicated().any()
    assert (table[["english", "chinese", "definition"]] != "").all().all()


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("客户让渡价值", "customer delivered value"),
        ("Customer Delivered Value", "customer delivered value"),
        ("ＮＰＳ", "net promoter score (NPS)"),  # full-width letters, as typed with a Chinese IME
        ("考察期", "exploration stage"),
    ],
)
def test_lookup_from_either_language(query, english):
    assert glossary.lookup(query).english == english


def test_lookup_of_an_unknown_term_says_where_to_look():
    with pytest.raises(KeyError, match=r"glossary.terms\(\)"):
        glossary.lookup("blockchain loyalty tokens")


def test_ambiguous_lookup_lists_the_options():
    with pytest.raises(KeyError, match="several terms"):
        glossary.lookup("customer")


def test_unknown_chapter_is_an_error():
    with pytest.raises(ValueError, match="no terms for chapter 42"):
        glossary.terms(42)


def test_course_terms_in_parentheses_are_in_the_glossary():
    """Every 'English (中文)' pair COURSE.md introduces for chapters 01-09 is in the table."""
    if not COURSE.exists():
        pytest.skip("../shared/COURSE.md not beside the repository")
    text = COURSE.read_text(encoding="utf-8")
    body = text.split("## 01", 1)[1]
    known = set(glossary.terms()["chinese"])
    wanted = {
        "客户关系管理",
        "客户识别",
        "客户选择",
        "客户生命周期",
        "客户流失率",
        "客户终身价值",
        "客户让渡价值",
        "客户忠诚",
        "客户满意陷阱",
        "客户保持",
        "客户挽回",
        "漏斗原理",
        "一对一营销",
        "情感营销",
        "客户关怀",
        "交叉销售",
        "客情关系",
        "客户增长矩阵",
        "客户阶梯",
        "二八法则",
        "关系营销",
        "客户数据库",
        "钱夹份额",
    }
    for term in wanted:
        assert term in body, f"{term} no longer in COURSE.md"
    assert wanted <= known, sorted(wanted - known)
    assert re.search(r"\| English \| 中文 \|", glossary.key_terms_markdown(5))
