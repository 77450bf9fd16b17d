"""Tests of crmlab.check: reading answers, feedback, hints and the course's questions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import check, clv, plots
from crmlab.models import BGNBDFit

CJK = re.compile(r"[\u4e00-\u9fff]")
#: The wrong-answer look: the cross and the orange; red would be as alarming.
ALARM = re.compile(r"✗|#c75b12|#fdf3ea|\bred\b|#f00|#ff0000|#d32f2f|#c62828", re.IGNORECASE)


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register questions without touching the shared registry."""
    monkeypatch.setattr(check, "_REGISTRY", dict(check._registry()))


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts a fresh session: no wrong tries counted yet (a new kernel)."""
    monkeypatch.setattr(check, "_WRONG_TRIES", {})


# ----------------------------------------------------------------------------- the registry


def test_every_chapter_00_to_04_has_a_few_questions() -> None:
    for chapter in range(5):
        items = check.questions(chapter)
        assert len(items) >= 3, f"chapter {chapter:02d} has {len(items)} questions"
        assert all(q.chapter == f"{chapter:02d}" for q in items)


def test_questions_accepts_every_way_of_naming_a_chapter() -> None:
    ids = [q.id for q in check.questions(4)]
    assert ids == [q.id for q in check.questions("04")] == [q.id for q in check.questions("ch04")]
    assert "ch04.margin_multiple" in ids
    assert len(check.questions()) >= sum(len(check.questions(c)) for c in range(5))
    with pytest.raises(ValueError, match="chapter='four'"):
        check.questions("four")


def test_every_question_is_bilingual_and_well_formed() -> None:
    for q in check.questions():
        assert q.prompt.strip(), f"{q.id}: empty English prompt"
        assert CJK.search(q.prompt_zh), f"{q.id}: prompt_zh should be Chinese"
        if q.kind == "choice" and not callable(q.expected):  # a data question's letter is computed
            assert q.expected in q.choices, f"{q.id}: expected letter not among the choices"
            assert all(hint.text for hint in q.hints)
        if q.kind == "labels":
            assert set(q.expected) <= set(q.options), f"{q.id}: expected labels not offered"


def test_every_course_question_has_an_explanation_for_the_third_wrong_try() -> None:
    for chapter in range(5):
        for q in check.questions(chapter):
            assert q.explanation.strip(), f"{q.id}: no explanation to show after three tries"


def _answer_forms(expected: float) -> list[str]:
    forms = [f"{expected:.2f}", f"{expected:,.2f}", f"{expected * 100:.1f}%"]
    if float(expected).is_integer():
        forms.append(rf"\b{int(expected)}\b")
    return forms


def test_hints_never_give_the_answer_away() -> None:
    for q in check.questions():
        if q.kind != "number" or q.needs:
            continue
        expected = float(q.expected() if callable(q.expected) else q.expected)
        texts = [h.text for h in q.hints] + [q.hint, q.explanation]
        for form in _answer_forms(expected):
            pattern = form if form.startswith(r"\b") else re.escape(form)
            for text in texts:
                assert not re.search(pattern, text), f"{q.id}: a hint shows the answer ({form})"


def test_question_lookup_names_the_chapters_questions_when_the_id_is_wrong() -> None:
    with pytest.raises(
        ValueError, match=r"no self-check question 'ch04.nope'.*ch04.margin_multiple"
    ):
        check.question("ch04.nope")


def test_question_displays_its_prompt_choices_and_the_call_that_checks_it() -> None:
    q = check.question("ch01.franchisee_kind")
    text = str(q)
    assert "(b) 渠道（channel）" in text and "加盟商" in text
    assert 'check.answer("ch01.franchisee_kind", your_answer)' in text
    assert text.index("加盟商") < text.index("A franchisee"), "Chinese first"
    html = q._repr_html_()
    assert 'class="crmlab-question"' in html and "加盟商" in html
    assert html.index("加盟商") < html.index("A franchisee")
    assert "自测 — Check your understanding" in html and "作答 Answer with" in html
    data_q = check.question("ch03.top20_profit_share")
    assert data_q.needs == ("profit",)
    assert "your_answer, profit=…)" in data_q.usage()


def test_register_rejects_duplicates_unless_replacing(isolated_registry: None) -> None:
    q = check.Question("ch98.double", "2 × 3?", "2 × 3 等于几？", expected=6)
    check.register(q)
    with pytest.raises(ValueError, match=re.escape("'ch98.double' is already taken")):
        check.register(q)
    check.register(check.Question("ch98.double", "2 × 4?", "2 × 4？", expected=8), replace=True)
    assert check.answer("ch98.double", 8).correct
    with pytest.raises(TypeError, match="expected Question objects"):
        check.register("ch98.other")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "margin"}, "use 'chNN.short_name'"),
        ({"id": "ch4.margin"}, "two-digit chapter"),
        ({"kind": "essay"}, "kind='essay'"),
        ({"kind": "choice"}, "needs choices="),
        ({"kind": "labels"}, "needs options="),
        ({"rel_tol": -0.1}, "must be >= 0"),
    ],
)
def test_question_rejects_bad_definitions(kwargs: dict, message: str) -> None:
    arguments = {"id": "ch98.q", "prompt": "?", "prompt_zh": "？", "expected": 1, **kwargs}
    with pytest.raises(ValueError, match=re.escape(message)):
        check.Question(**arguments)


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("given_answer", [2.67, "2.67", " 2.667 ", np.float64(2.6667), 8 / 3])
def test_margin_multiple_accepts_the_right_number_in_any_form(given_answer: object) -> None:
    feedback = check.answer("ch04.margin_multiple", given_answer)
    assert feedback.correct, str(feedback)
    assert feedback.hint == ""
    assert str(feedback).startswith("✓ ch04.margin_multiple — 正确：")
    assert "\n  correct: " in str(feedback)


@pytest.mark.parametrize(
    ("wrong", "hint_part"),
    [
        (5.0, "你除的是 (1 + i − r) 还是 (1 − r)？"),
        (4.0, "you left out discounting"),
        (3.67, "start of each year"),
        (3.33, "× r"),
        (1.0, "r / (1 + i − r)"),  # no specific pattern: the general hint
    ],
)
def test_margin_multiple_hints_match_the_typical_mistakes(wrong: float, hint_part: str) -> None:
    feedback = check.answer("ch04.margin_multiple", wrong)
    assert not feedback.correct
    assert hint_part in feedback.hint
    assert "2.67" not in str(feedback)


def test_margin_multiple_expected_value_comes_from_the_clv_module() -> None:
    assert check.question("ch04.margin_multiple").expected() == clv.margin_multiple(0.8, 0.1)


def test_walmart_lifetime_revenue() -> None:
    for form in (62_400, "62,400", "$62,400", "62400.0"):
        assert check.answer("ch04.walmart_lifetime_revenue", form).correct
    assert "round figure" in check.answer("ch04.walmart_lifetime_revenue", 60_000).hint
    assert "not 21" in check.answer("ch04.walmart_lifetime_revenue", 65_520).hint
    assert "52 weeks" in check.answer("ch04.walmart_lifetime_revenue", 14_400).hint
    assert "too low" in check.answer("ch04.walmart_lifetime_revenue", 3_120).message


def test_three_year_clv_is_the_hand_computed_sum() -> None:
    by_hand = 100 * (0.8 / 1.1 + 0.8**2 / 1.1**2 + 0.8**3 / 1.1**3)  # 164.087…
    assert check.answer("ch04.clv_three_years", round(by_hand, 2)).correct
    assert "forgot to discount" in check.answer("ch04.clv_three_years", 195.2).hint
    assert "infinite-horizon" in check.answer("ch04.clv_three_years", 266.67).hint


def test_share_questions_read_percentages_and_bare_percent_numbers() -> None:
    for form in (0.25, "25%", "25 %", 25, "25"):
        feedback = check.answer("ch01.share_of_wallet", form)
        assert feedback.correct, f"{form!r}: {feedback}"
    assert "read 25 as 25% = 0.25" in check.answer("ch01.share_of_wallet", 25).note
    wrong = check.answer("ch01.share_of_wallet", "75%")
    assert "spends elsewhere" in wrong.hint and "read '75%' as 0.75" in wrong.note
    assert "not the other way" in check.answer("ch01.share_of_wallet", 4).hint


def test_funnel_wins_chain_the_rates() -> None:
    assert check.answer("ch02.funnel_wins", 60).correct
    assert "multiply" in check.answer("ch02.funnel_wins", 120).hint
    assert "last step" in check.answer("ch02.funnel_wins", 500).hint


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "could not read 'abc' as a number"),
        (True, "not True/False"),
        ([1, 2], "answer with a number, got list"),
        (float("nan"), "finite number"),
    ],
)
def test_unreadable_answers_get_a_message_not_an_exception(raw: object, message: str) -> None:
    feedback = check.answer("ch00.warm_up", raw)
    assert not feedback.correct and feedback.status == "incorrect"
    assert message in feedback.message
    assert CJK.search(feedback.message_zh), "the message is Chinese first"
    assert str(feedback).index(feedback.message_zh) < str(feedback).index(feedback.message)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.0, max_value=100.0, allow_nan=False))
def test_a_percent_string_and_its_fraction_get_the_same_verdict(percent: float) -> None:
    as_text = check.answer("ch04.churn_rate", f"{percent}%")
    as_fraction = check.answer("ch04.churn_rate", percent / 100)
    assert as_text.correct == as_fraction.correct


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=-0.9, max_value=3.0, allow_nan=False))
def test_numbers_are_correct_exactly_within_the_tolerance(relative_error: float) -> None:
    q = check.question("ch04.margin_multiple")
    expected = q.expected()
    verdict = check.answer(q.id, expected * (1 + relative_error)).correct
    if abs(relative_error) < q.rel_tol * 0.9:
        assert verdict
    elif abs(relative_error) > q.rel_tol * 1.1:
        assert not verdict


# ----------------------------------------------------------------------------- choices, labels


@pytest.mark.parametrize("form", ["b", "B", " (b) ", "channel", "渠道", "Channel"])
def test_choice_accepts_the_letter_or_the_option_text(form: str) -> None:
    assert check.answer("ch01.franchisee_kind", form).correct


def test_choice_hints_explain_why_the_chosen_option_is_wrong() -> None:
    feedback = check.answer("ch01.franchisee_kind", "a")
    assert not feedback.correct
    assert "(a) is not the best answer" in feedback.message
    assert "resell" in feedback.hint
    unreadable = check.answer("ch01.franchisee_kind", "z")
    assert "answer with one of 'a', 'b', 'c', 'd'" in unreadable.message
    assert "the letter of your choice" in check.answer("ch01.franchisee_kind", 2).message


def test_labels_accept_any_order_and_chinese_aliases() -> None:
    assert check.answer("ch01.crm_levels", ["implementation", "philosophy", "technology"]).correct
    assert check.answer("ch01.crm_levels", "理念，技术、实施").correct
    partly = check.answer("ch01.crm_levels", ["philosophy", "price"])
    assert not partly.correct
    assert "of your 2 labels, 1 right and 1 wrong; 2 missing" in partly.message
    assert "4P" in partly.hint
    unknown = check.answer("ch01.crm_levels", ["philosophy", "vibes"])
    assert "do not recognise 'vibes'" in unknown.message


# ----------------------------------------------------------------------------- data questions


def test_top20_profit_share_is_computed_from_the_data_passed() -> None:
    profit = pd.Series([10.0, 20.0, 30.0, 40.0, 100.0])  # top 20 % = 100 of 200
    assert check.answer("ch03.top20_profit_share", "50%", profit=profit).correct
    assert check.answer("ch03.top20_profit_share", 0.5, profit=profit * 3).correct
    rule = check.answer("ch03.top20_profit_share", 0.8, profit=profit)
    assert "rule of thumb" in rule.hint
    with pytest.raises(ValueError, match=r"missing profit.*profit=…"):
        check.answer("ch03.top20_profit_share", 0.5)
    with pytest.raises(ValueError, match="unexpected proft"):
        check.answer("ch03.top20_profit_share", 0.5, profit=profit, proft=profit)
    with pytest.raises(ValueError, match="needs no data"):
        check.answer("ch04.margin_multiple", 2.67, profit=profit)


def test_a_share_above_one_is_read_either_way() -> None:
    profit = pd.Series([-50.0, -40.0, 10.0, 20.0, 100.0])  # top 20 % = 100 of 40 = 250 %
    for form in (2.5, "2.5", "250%", 250):
        feedback = check.answer("ch03.top20_profit_share", form, profit=profit)
        assert feedback.correct, f"{form!r}: {feedback}"
    assert not check.answer("ch03.top20_profit_share", 25, profit=profit).correct


def test_unprofitable_share_and_win_rate_and_customer_count() -> None:
    profit = pd.Series([-5.0, 10.0, 20.0, -1.0])
    assert check.answer("ch03.unprofitable_share", "50%", profit=profit).correct
    many = pd.Series(np.tile([-1.0, 3.0], 200))  # 200 of 400 customers lose money
    assert "not a count" in check.answer("ch03.unprofitable_share", 200, profit=many).hint
    assert (
        "profitable customers"
        in check.answer("ch03.unprofitable_share", "66.7%", profit=profit[:3]).hint
    )
    leads = pd.DataFrame({"stage_reached": ["lead", "contacted", "won", "won", "interested"]})
    assert check.answer("ch02.win_rate", 0.4, leads=leads).correct
    assert not check.answer("ch02.win_rate", 0.9, leads=leads).correct
    customers = pd.DataFrame({"customer_id": [f"C{i}" for i in range(7)]})
    assert check.answer("ch00.customers", 7, customers=customers).correct
    assert "order lines" in check.answer("ch00.customers", 30, customers=customers).hint


def test_p_alive_reading_uses_the_fitted_model() -> None:
    model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    summary = pd.DataFrame(
        {"frequency": [2], "recency": [30.43], "T": [38.86]}, index=pd.Index(["Z"])
    )
    context = {"bgnbd": model, "summary": summary, "customer_id": "Z"}
    assert check.answer("ch04.p_alive_reading", 0.7266, **context).correct  # published
    assert check.answer("ch04.p_alive_reading", "73%", **context).correct
    assert "dropped out" in check.answer("ch04.p_alive_reading", 0.27, **context).hint


# ----------------------------------------------------------------------------- feedback


def test_feedback_renders_as_text_and_html() -> None:
    right = check.answer("ch00.warm_up", 14)
    wrong = check.answer("ch00.warm_up", 20)
    assert right.correct and not wrong.correct
    assert str(wrong) == (
        "✗ ch00.warm_up — 还不对：你的答案 20 偏高。\n"
        "  not yet. Your answer 20 is too high.\n"
        "提示 Hint: 先乘除、后加减（multiplication comes before addition）：先算 3 × 4。"
    )
    assert repr(wrong) == str(wrong)
    assert str(right).startswith("✓ ch00.warm_up — 正确：14。\n  correct: 14.\n解析 Explanation: ")
    escaped = check.answer("ch00.warm_up", "<b>14</b>")._repr_html_()
    assert "<b>14</b>" not in escaped and "&lt;b&gt;14&lt;/b&gt;" in escaped


def _chinese_before_english(text: str, zh: str, en: str) -> None:
    assert zh in text and en in text, text
    assert text.index(zh) < text.index(en), f"{en!r} comes before {zh!r}"


def test_the_html_of_each_state() -> None:
    waiting = check.answer("ch00.warm_up", None)._repr_html_()
    wrong = check.answer("ch00.warm_up", 20)._repr_html_()
    right = check.answer("ch00.warm_up", 14)._repr_html_()
    assert 'class="crmlab-feedback crmlab-feedback-waiting"' in waiting
    assert "○ 待作答 — waiting for your answer" in waiting
    assert "border-left:4px solid #8a8a8a" in waiting
    assert not ALARM.search(waiting), waiting
    assert 'class="crmlab-feedback crmlab-feedback-incorrect"' in wrong
    assert "✗ 再想想 — not yet" in wrong and "#c75b12" in wrong
    _chinese_before_english(
        wrong, "还不对：你的答案 20 偏高。", "not yet. Your answer 20 is too high."
    )
    assert "<b>提示 Hint:</b> 先乘除、后加减（multiplication comes before addition）" in wrong
    assert "解析" not in wrong
    assert 'class="crmlab-feedback crmlab-feedback-correct"' in right
    assert "✓ 正确 — correct" in right and "#2e7d32" in right and "✗" not in right
    _chinese_before_english(right, "正确：14。", "correct: 14.")
    assert "<b>解析 Explanation:</b> 先算 3 × 4" in right and "提示" not in right


def test_assert_correct_raises_with_the_hint() -> None:
    check.answer("ch00.warm_up", 14).assert_correct()
    with pytest.raises(AssertionError, match="multiplication comes before addition"):
        check.answer("ch00.warm_up", 20).assert_correct()


# ----------------------------------------------------------------------------- no answer yet


@pytest.mark.parametrize("question_id", ["ch00.warm_up", "ch01.franchisee_kind", "ch01.four_c"])
def test_the_placeholder_none_is_waiting_not_wrong(question_id: str) -> None:
    feedback = check.answer(question_id, None)
    assert feedback.correct is False and feedback.waiting and feedback.status == "waiting"
    text, html = str(feedback), feedback._repr_html_()
    assert text == (
        f"○ {question_id} — 待作答 — waiting for your answer\n"
        "  把 None 换成你的答案，再运行这段代码。\n"
        "  type your answer in place of None, then run the cell again."
    )
    assert html.count("待作答") == html.count("waiting for your answer") == 1
    _chinese_before_english(html, "待作答", "waiting for your answer")
    _chinese_before_english(html, "把 None 换成你的答案", "type your answer in place of None")
    for shown in (text, html):
        assert not ALARM.search(shown), shown
        assert "not yet" not in shown and "再想想" not in shown
    assert feedback.hint == "" and feedback.explanation == "" and feedback.note == ""
    with pytest.raises(AssertionError, match="待作答"):
        feedback.assert_correct()


def test_the_ellipsis_placeholder_is_waiting_too() -> None:
    feedback = check.answer("ch00.warm_up", ...)
    assert feedback.waiting and not feedback.correct
    assert "把 ... 换成你的答案" in str(feedback) and "in place of ..." in feedback.message
    assert str(feedback).startswith("○ ch00.warm_up — 待作答 — waiting for your answer")


def test_waiting_checks_the_data_names_but_computes_nothing() -> None:
    # no profit series is needed to say "waiting", but a misnamed argument is still an error
    waiting = check.answer("ch03.top20_profit_share", None, profit=object())
    assert waiting.waiting
    with pytest.raises(ValueError, match="missing profit"):
        check.answer("ch03.top20_profit_share", None)


def test_a_placeholder_or_an_unreadable_answer_is_no_try() -> None:
    for _ in range(5):
        check.answer("ch00.warm_up", None)
        check.answer("ch00.warm_up", "abc")
    assert check.answer("ch00.warm_up", 20).explanation == ""


# ----------------------------------------------------------------------------- tries


def test_the_third_wrong_try_adds_the_explanation_not_before() -> None:
    q = check.question("ch04.margin_multiple")
    first, second, third = (check.answer(q.id, wrong) for wrong in (5.0, 4.0, 1.0))
    for early in (first, second):
        assert early.explanation == ""
        assert "解析" not in str(early) and "解析" not in early._repr_html_()
        assert q.explanation not in str(early)
    assert third.explanation == q.explanation
    assert not third.correct and third.status == "incorrect"
    assert third.hint, "the explanation comes with the hint, not instead of it"
    text = str(third)
    assert text.endswith(f"解析 Explanation: {q.explanation}")
    assert text.index("提示 Hint:") < text.index("解析 Explanation:")
    assert f"<b>解析 Explanation:</b> {q.explanation}" in third._repr_html_()
    assert third.note == "", "the note of a wrong answer only says how the answer was read"
    assert check.answer(q.id, 5.0).explanation == q.explanation  # and every try after


def test_the_same_wrong_answer_three_times_counts_three_tries() -> None:
    feedbacks = [check.answer("ch01.franchisee_kind", "a") for _ in range(3)]
    assert [bool(f.explanation) for f in feedbacks] == [False, False, True]
    assert "channel customers" in feedbacks[-1].explanation


def test_tries_are_counted_per_question() -> None:
    check.answer("ch00.warm_up", 20)
    check.answer("ch00.warm_up", 21)
    assert check.answer("ch04.churn_rate", 0.5).explanation == ""
    assert check.answer("ch00.warm_up", 22).explanation


def test_the_explanation_is_in_the_theme_currency() -> None:
    plots.set_theme(currency="£")
    try:
        for wrong in (300, 400, 500):
            feedback = check.answer("ch04.clv_three_years", wrong)
    finally:
        plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    assert "£100 × 0.8^t" in feedback.explanation and "{currency}" not in str(feedback)
    assert feedback.message == "not yet. Your answer £500.00 is too high."
    assert feedback.message_zh == "还不对：你的答案 £500.00 偏高。"


def test_a_correct_answer_shows_the_explanation_at_once() -> None:
    right = check.answer("ch01.share_of_wallet", 25)
    assert right.correct and right.status == "correct"
    explanation = check.question("ch01.share_of_wallet").explanation
    assert right.explanation == explanation.replace("{currency}", plots.currency())
    assert right.reading == "read 25 as 25% = 0.25" and right.reading_zh.startswith("已将 25")
    assert right.note == f"{right.reading} {right.explanation}"
    _chinese_before_english(str(right), "说明 Note: 已将 25", "read 25 as 25% = 0.25")
    assert "✗" not in str(right) and "提示" not in str(right)


def test_wrong_verdicts_of_choices_and_labels_are_chinese_first() -> None:
    choice = check.answer("ch01.franchisee_kind", "a")
    _chinese_before_english(str(choice), "还不对：(a) 不是最佳答案。", "(a) is not the best answer")
    labels = check.answer("ch01.crm_levels", ["philosophy", "price"])
    assert labels.message_zh == "还不对：你给出的 2 个标签中，1 个对、1 个错；还缺 2 个。"
    right = check.answer("ch01.crm_levels", "理念，技术、实施")
    assert right.message_zh == "正确：implementation、philosophy、technology。"


def test_data_years_follow_the_schema() -> None:
    from crmlab.data import DATA_END, DATA_START

    years = int(DATA_END[:4]) - int(DATA_START[:4]) + 1
    assert check.answer("ch00.data_years", years).correct
    assert "inclusive" in check.answer("ch00.data_years", years - 1).hint


# ----------------------------------------------------------------------------- module layout


def test_questions_and_check_do_not_import_each_other() -> None:
    import subprocess
    import sys

    code = (
        "import sys, crmlab._questions as q; "
        "assert 'crmlab.check' not in sys.modules, 'crmlab._questions imports crmlab.check'; "
        "import crmlab._question_types as t; "
        "assert q.Question is t.Question"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_check_re_exports_the_question_building_helpers() -> None:
    from crmlab import _question_types

    for name in ("Question", "Hint", "near", "chose", "when", "too_high", "too_low"):
        assert getattr(check, name) is getattr(_question_types, name)
    assert {q.id for q in check.questions()} >= {"ch00.warm_up", "ch04.margin_multiple"}
