"""Tests of crmlab.check: reading answers, feedback, hints and the course's questions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import check, clv
from crmlab.models import BGNBDFit


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register questions without touching the shared registry."""
    monkeypatch.setattr(check, "_REGISTRY", dict(check._registry()))


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
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for q in check.questions():
        assert q.prompt.strip(), f"{q.id}: empty English prompt"
        assert cjk.search(q.prompt_zh), f"{q.id}: prompt_zh should be Chinese"
        if q.kind == "choice":
            assert q.expected in q.choices, f"{q.id}: expected letter not among the choices"
            assert all(hint.text for hint in q.hints)
        if q.kind == "labels":
            assert set(q.expected) <= set(q.options), f"{q.id}: expected labels not offered"


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
    assert "(b) channel" in text and "加盟商" in text
    assert 'check.answer("ch01.franchisee_kind", your_answer)' in text
    html = q._repr_html_()
    assert 'class="crmlab-question"' in html and "加盟商" in html
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
    assert str(feedback).startswith("✓ ch04.margin_multiple — correct")


@pytest.mark.parametrize(
    ("wrong", "hint_part"),
    [
        (5.0, "Did you divide by (1 + i − r) or by (1 − r)?"),
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
        (..., "replace … with your answer"),
        (None, "replace … with your answer"),
    ],
)
def test_unreadable_answers_get_a_message_not_an_exception(raw: object, message: str) -> None:
    feedback = check.answer("ch00.warm_up", raw)
    assert not feedback.correct
    assert message in feedback.message


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
        "✗ ch00.warm_up — not yet. Your answer 20 is too high.\n"
        "Hint: multiplication comes before addition: work out 3 × 4 first."
    )
    assert repr(wrong) == str(wrong)
    assert "crmlab-feedback-correct" in right._repr_html_()
    html = wrong._repr_html_()
    assert "crmlab-feedback-incorrect" in html and "Hint 提示:" in html
    escaped = check.answer("ch00.warm_up", "<b>14</b>")._repr_html_()
    assert "<b>14</b>" not in escaped and "&lt;b&gt;14&lt;/b&gt;" in escaped


def test_assert_correct_raises_with_the_hint() -> None:
    check.answer("ch00.warm_up", 14).assert_correct()
    with pytest.raises(AssertionError, match="multiplication comes before addition"):
        check.answer("ch00.warm_up", 20).assert_correct()


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
