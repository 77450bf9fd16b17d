"""Tests of crmlab.kano (chapter 05): the published evaluation table, hand-built answers,
survey columns, Chinese labels, missing answers, properties and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import kano
from crmlab.data import load_survey

# --------------------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------------------

# the published table: rows like/expect/neutral/live_with/dislike, columns in the same order
_PUBLISHED_KANO = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


def test_kano_every_cell_of_the_reference_table():
    answers = ["like", "expect", "neutral", "live-with", "dislike"]
    functional = pd.DataFrame({"f": [a for a in answers for _ in answers]})
    dysfunctional = pd.DataFrame({"f": [b for _ in answers for b in answers]})
    result = kano.kano_classify(functional, dysfunctional)
    assert "".join(result.categories["f"]) == "".join(_PUBLISHED_KANO)
    numeric = kano.kano_classify(
        pd.Series([i for i in range(1, 6) for _ in range(5)], name="f"),
        pd.Series([j for _ in range(5) for j in range(1, 6)], name="f"),
    )
    assert "".join(numeric.categories["f"]) == "".join(_PUBLISHED_KANO)


def test_kano_better_worse_hand_computed():
    # feature x: A, A, O, M, I, R  → better (2+1)/(2+1+1+1) = 0.6, worse −(1+1)/5 = −0.4
    functional = pd.Series(["like", "like", "like", "expect", "neutral", "dislike"], name="x")
    dysfunctional = pd.Series(
        ["neutral", "expect", "dislike", "dislike", "neutral", "like"], name="x"
    )
    result = kano.kano_classify(functional, dysfunctional)
    assert result.categories["x"].tolist() == ["A", "A", "O", "M", "I", "R"]
    row = result.summary.loc["x"]
    assert (row["A"], row["O"], row["M"], row["I"], row["R"], row["Q"]) == (2, 1, 1, 1, 1, 0)
    assert row["better"] == pytest.approx(0.6)
    assert row["worse"] == pytest.approx(-0.4)
    assert row["category"] == "A"
    assert row["category_cn"] == "魅力质量"


def test_kano_ties_broken_must_be_first_and_synonyms_read():
    functional = pd.Series(["Expect", "I like it", "must_be", "like"], name="y")
    dysfunctional = pd.Series(["dislike", "neutral", "Dislike", "tolerate"], name="y")
    result = kano.kano_classify(functional, dysfunctional)
    assert result.categories["y"].tolist() == ["M", "A", "M", "A"]
    assert result.summary.loc["y", "category"] == "M"


def test_kano_bad_inputs():
    good = pd.DataFrame({"f": ["like", "expect"]})
    with pytest.raises(ValueError, match=r"functional: 1 answer\(s\) not understood .*'love'"):
        kano.kano_classify(pd.DataFrame({"f": ["like", "love"]}), good)
    with pytest.raises(ValueError, match="dysfunctional: 1 answer"):
        kano.kano_classify(good, pd.DataFrame({"f": ["like", 6]}))
    with pytest.raises(ValueError, match=r"same respondents .*\['f'\] and .*\['g'\]"):
        kano.kano_classify(good, pd.DataFrame({"g": ["like", "like"]}))
    with pytest.raises(ValueError, match="same respondents"):
        kano.kano_classify(good, good.head(1))
    with pytest.raises(TypeError, match="DataFrames or Series"):
        kano.kano_classify(good, [["like"], ["like"]])


def test_kano_constants():
    assert list(kano.KANO_ANSWERS) == ["like", "expect", "neutral", "live_with", "dislike"]
    assert list(kano.KANO_ANSWERS.values()) == ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"]
    assert ["".join(row) for row in kano.KANO_TABLE.to_numpy()] == _PUBLISHED_KANO
    assert list(kano.KANO_TABLE.index) == list(kano.KANO_TABLE.columns) == list(kano.KANO_ANSWERS)


@pytest.mark.parametrize(
    "answers",
    [
        ["like", "expect", "neutral", "live_with", "dislike"],
        ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"],
        [" LIKE ", "Expect", "neutral", "live with", "DISLIKE"],
    ],
)
def test_kano_table_every_cell_with_codes_and_chinese_labels(answers):
    survey = pd.DataFrame(
        {
            "kano_f_functional": [a for a in answers for _ in answers],
            "kano_f_dysfunctional": [b for _ in answers for b in answers],
        }
    )
    table = kano.kano_table(survey)
    # 25 cells: Q 2, A 3, O 1, R 7, I 9, M 3
    assert table.loc["f", ["A", "O", "M", "I", "R", "Q"]].tolist() == [3, 1, 3, 9, 7, 2]
    assert table.loc["f", "respondents"] == 25
    assert table.loc["f", "category"] == "I"
    result = kano.kano_classify(
        survey["kano_f_functional"].rename("f"), survey["kano_f_dysfunctional"].rename("f")
    )
    assert "".join(result.categories.iloc[:, 0]) == "".join(_PUBLISHED_KANO)


def _kano_survey() -> pd.DataFrame:
    # free_returns: O, O, M, A, I, O  (one respondent skipped the question)
    # gift_wrap:    I, A, I, R, Q, A, plus one with only the functional answer
    return pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7"],
            "kano_free_returns_functional": [
                "like",
                "like",
                "expect",
                "like",
                "neutral",
                "like",
                None,
            ],
            "kano_free_returns_dysfunctional": [
                "dislike",
                "dislike",
                "dislike",
                "live_with",
                "neutral",
                "dislike",
                None,
            ],
            "kano_gift_wrap_functional": [
                "neutral",
                "like",
                "live_with",
                "dislike",
                "like",
                "喜欢",
                "like",
            ],
            "kano_gift_wrap_dysfunctional": [
                "neutral",
                "expect",
                "expect",
                "like",
                "like",
                "无所谓",
                np.nan,
            ],
            "overall_satisfaction": [4, 5, 3, 4, 2, 5, 3],
        }
    )


def test_kano_table_hand_computed():
    table = kano.kano_table(_kano_survey())
    assert list(table.index) == ["free_returns", "gift_wrap"]
    assert table.index.name == "feature"
    fr = table.loc["free_returns"]
    assert fr[["A", "O", "M", "I", "R", "Q"]].tolist() == [1, 3, 1, 1, 0, 0]
    assert fr["respondents"] == 6  # c7 left both questions unanswered
    assert (fr["category"], fr["category_name"], fr["category_cn"]) == (
        "O",
        "one-dimensional",
        "期望质量",
    )
    assert fr["better"] == pytest.approx((1 + 3) / 6)
    assert fr["worse"] == pytest.approx(-(3 + 1) / 6)
    gw = table.loc["gift_wrap"]
    assert gw[["A", "O", "M", "I", "R", "Q"]].tolist() == [2, 0, 0, 2, 1, 1]
    assert gw["respondents"] == 6  # c7 answered only the functional question
    assert gw["category"] == "A"  # A and I tie: ties go M > O > A > I
    assert gw["better"] == pytest.approx(2 / 4)
    assert gw["worse"] == pytest.approx(0.0)


def test_kano_table_features_chosen_and_ordered():
    survey = _kano_survey()
    one = kano.kano_table(survey, features=["gift_wrap"])
    assert list(one.index) == ["gift_wrap"]
    pd.testing.assert_frame_equal(one, kano.kano_table(survey).loc[["gift_wrap"]])
    assert list(kano.kano_table(survey, "gift_wrap").index) == ["gift_wrap"]
    both = kano.kano_table(survey, features=["gift_wrap", "free_returns"])
    assert list(both.index) == ["gift_wrap", "free_returns"]


def test_kano_classify_leaves_out_unanswered_pairs():
    result = kano.kano_classify(
        pd.Series(["like", None, "expect"], name="f"),
        pd.Series(["dislike", "like", None], name="f"),
    )
    assert result.categories["f"].tolist()[0] == "O"
    assert result.categories["f"].isna().tolist() == [False, True, True]
    assert result.summary.loc["f", "respondents"] == 1


def test_kano_table_bad_inputs():
    survey = _kano_survey()
    with pytest.raises(ValueError, match="no Kano questions found"):
        kano.kano_table(survey[["customer_id", "overall_satisfaction"]])
    with pytest.raises(
        ValueError, match="missing columns 'kano_app_functional', 'kano_app_dysfunctional'"
    ):
        kano.kano_table(survey, features=["app"])
    with pytest.raises(ValueError, match="features: none given"):
        kano.kano_table(survey, features=[])
    with pytest.raises(ValueError, match=r"functional: 1 answer\(s\) not understood .*'love'"):
        kano.kano_table(survey.assign(kano_gift_wrap_functional="love").head(1))
    with pytest.raises(ValueError, match="'gift_wrap': no respondent answered both"):
        kano.kano_table(survey.assign(kano_gift_wrap_dysfunctional=None))
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        kano.kano_table(survey.to_dict())


_ANSWER = st.sampled_from([*kano.KANO_ANSWERS, *kano.KANO_ANSWERS.values(), 1, 2, 3, 4, 5])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(_ANSWER, _ANSWER), min_size=1, max_size=40))
def test_kano_properties(pairs):
    survey = pd.DataFrame(pairs, columns=["kano_x_functional", "kano_x_dysfunctional"])
    row = kano.kano_table(survey).loc["x"]
    counts = row[["A", "O", "M", "I", "R", "Q"]]
    assert counts.sum() == row["respondents"] == len(pairs)
    assert counts[row["category"]] == counts.max()
    base = row["A"] + row["O"] + row["M"] + row["I"]
    if base:
        assert 0 <= row["better"] <= 1 and -1 <= row["worse"] <= 0
        assert row["better"] - row["worse"] == pytest.approx(
            (row["A"] + 2 * row["O"] + row["M"]) / base
        )
    else:
        assert np.isnan(row["better"]) and np.isnan(row["worse"])


def test_kano_table_reads_the_workbook_survey():
    survey = load_survey()
    table = kano.kano_table(survey)
    assert len(table) >= 1
    for feature in table.index:
        assert f"kano_{feature}_functional" in survey.columns
    counts = table[["A", "O", "M", "I", "R", "Q"]].sum(axis=1)
    assert (counts == table["respondents"]).all()
    assert (table["respondents"] <= len(survey)).all()
    assert table["better"].between(0, 1).all() and table["worse"].between(-1, 0).all()


def test_feature_names_cover_the_survey_features():
    from crmlab.data import KANO_FEATURES

    assert set(kano.FEATURE_NAMES) == set(KANO_FEATURES)
    assert kano.FEATURE_NAMES["same_day_delivery"] == "当日达"
