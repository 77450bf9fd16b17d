"""The bilingual glossary: complete, unique, and searchable from both languages.

Completeness is checked against ``docs/course-terms.csv``, the repository's own list of the
terms each chapter of the course uses (Chinese, English, and whether the term is the course's
own or an addition from the wider literature and the workbook's analyses).
"""

import csv
import re
from pathlib import Path

import pytest

from crmlab import glossary

COURSE_TERMS = Path(__file__).resolve().parents[1] / "docs" / "course-terms.csv"


def _course_terms() -> list[dict[str, str]]:
    with COURSE_TERMS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_chapter_has_terms():
    for chapter in range(1, 10):
        assert len(glossary.terms(chapter)) >= 4, chapter


def test_terms_are_unique_in_both_languages():
    table = glossary.terms()
    assert not table["english"].duplicated().any()
    assert not table["chinese"].duplicated().any()
    assert (table[["english", "chinese", "definition"]] != "").all().all()


def test_chapters_are_two_digit_numbers():
    chapters = set(glossary.terms()["chapter"])
    assert chapters <= {f"{n:02d}" for n in range(12)}, sorted(chapters)


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("客户让渡价值", "customer delivered value"),
        ("Customer Delivered Value", "customer delivered value"),
        ("ＮＰＳ", "net promoter score (NPS)"),  # full-width letters, as typed with a Chinese IME
        ("考察期", "exploration stage"),
        ("客户", "customer"),  # an exact match wins over the many terms containing 客户
        ("Rosenthal", "Rosenthal effect"),  # a unique partial match
    ],
)
def test_lookup_from_either_language(query, english):
    assert glossary.lookup(query).english == english


def test_lookup_of_an_unknown_term_says_where_to_look():
    with pytest.raises(KeyError, match=r"glossary.terms\(\)"):
        glossary.lookup("blockchain loyalty tokens")


def test_ambiguous_lookup_lists_the_options():
    with pytest.raises(KeyError, match="several terms") as raised:
        glossary.lookup("loyalty")
    assert "true loyalty / 真正忠诚" in str(raised.value)


def test_unknown_chapter_is_an_error():
    with pytest.raises(ValueError, match="no terms for chapter 42"):
        glossary.terms(42)


def test_key_terms_table_has_a_row_per_term():
    table = glossary.key_terms_markdown(5)
    assert re.search(r"^\| English \| 中文 \|", table)
    assert len(table.splitlines()) == 2 + len(glossary.terms(5))


# ----------------------------------------------------------------- the course's term list


def test_course_term_list_is_well_formed():
    rows = _course_terms()
    assert rows and list(rows[0]) == ["chapter", "chinese", "english", "origin"]
    for row in rows:
        assert re.fullmatch(r"(0\d|1[01])", row["chapter"]), row
        assert row["chinese"].strip() and row["english"].strip(), row
        assert row["origin"] in {"course", "addition"}, row
    chinese = [row["chinese"] for row in rows]
    assert len(chinese) == len(set(chinese)), "each term is listed once, in its first chapter"


def test_course_term_list_covers_every_chapter():
    counts: dict[str, int] = {}
    for row in _course_terms():
        counts[row["chapter"]] = counts.get(row["chapter"], 0) + 1
    for chapter in range(10):
        assert counts.get(f"{chapter:02d}", 0) >= 5, f"chapter {chapter:02d}: {counts}"


def test_every_course_term_is_in_the_glossary_under_its_chapter():
    table = glossary.terms().set_index("chinese")
    missing, misplaced, renamed = [], [], []
    for row in _course_terms():
        if row["chinese"] not in table.index:
            missing.append(f"{row['chapter']} {row['chinese']} ({row['english']})")
            continue
        entry = table.loc[row["chinese"]]
        if entry["chapter"] != row["chapter"]:
            misplaced.append(
                f"{row['chinese']}: glossary ch{entry['chapter']}, list ch{row['chapter']}"
            )
        if entry["english"].casefold() != row["english"].casefold():
            renamed.append(
                f"{row['chinese']}: glossary {entry['english']!r}, list {row['english']!r}"
            )
    assert not missing, "add to crmlab/glossary.csv: " + "; ".join(missing)
    assert not misplaced, "; ".join(misplaced)
    assert not renamed, "; ".join(renamed)


# The terms the course's examinations define or ask about, by chapter; the list above must
# keep them (a guard against a term silently dropped from both files).
EXAMINED = {
    "01": "客户 客户关系管理 需求的拉动 信息技术的推动 管理理念的更新 卖方市场 买方市场 "
    "企业客户 渠道客户 消费者 内部客户 非客户 潜在客户 目标客户 现实客户 流失客户 "
    "客户的核心范畴 CRM核心思想 CRM三部曲 钱夹份额 关系营销 一级关系营销 二级关系营销 "
    "三级关系营销 操作型CRM 协作型CRM 分析型CRM 客户数据库",
    "02": "客户识别 地毯式寻找客户法 头牛效应 咨询寻找 连锁介绍 MAN法则 ASK法则",
    "03": "二八法则 VIP客户 消费频率 客户细分 客户价值-企业能力矩阵 重点选择 择机选择 "
    "消极选择 坏客户 好客户 核心客户 潜力客户 一般客户 主要客户 普通客户 小客户",
    "04": "客户生命周期 考察期 形成期 稳定期 退化期 客户流失率 客户生命周期利润 基本利润 "
    "成本节约 推荐价值 获取成本 价格优惠 推荐破坏成本 客户终身价值 历史价值 未来价值 "
    "客户价值管理 基本价值 期望价值 超越期望价值",
    "05": "客户满意 客户满意度指数 客户感知价值 客户让渡价值 美誉度 指名度 回头率 投诉率 "
    "购买额 卡诺模型 魅力质量 一维质量 必备质量 无差异质量",
    "06": "客户忠诚 客户满意陷阱",
    "07": "客户流失 客户保持 客户挽回 客户投诉 漏斗原理 处理顾客异议的原则",
    "08": "一对一营销 情感营销 数据库营销 客户关怀 交叉销售 价格歧视 客情关系 罗森塔尔效应",
    "09": "客户智能 客户知识 CRM能力 CRM项目管理 客户阶梯 客户增长矩阵 升级客户",
}


@pytest.mark.parametrize("chapter", sorted(EXAMINED))
def test_examined_terms_are_listed_and_in_the_glossary(chapter):
    listed = {row["chinese"] for row in _course_terms()}
    known = set(glossary.terms()["chinese"])
    wanted = set(EXAMINED[chapter].split())
    assert wanted <= listed, sorted(wanted - listed)
    assert wanted <= known, sorted(wanted - known)


def test_a_case_is_not_a_term():
    """Dick's Supermarket (迪克超市) is one of the course's cases, told in its notebook."""
    with pytest.raises(KeyError):
        glossary.lookup("迪克超市")
