"""Tests of crmlab.ipa (chapter 05): Martilla & James's quadrants, crosshairs, survey items
and rating scales, bad inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab import ipa

# --------------------------------------------------------------------------------------
# IPA
# --------------------------------------------------------------------------------------


def test_ipa_quadrants_follow_martilla_and_james():
    table = ipa.importance_performance(
        {"quality": 9, "price": 9, "style": 2, "delivery": 2},
        {"quality": 9, "price": 2, "style": 9, "delivery": 2},
    )
    assert table["quadrant"].to_dict() == {
        "quality": "keep up the good work",
        "price": "concentrate here",
        "style": "possible overkill",
        "delivery": "low priority",
    }
    assert table.loc["price", "quadrant_cn"] == "重点改进"
    assert table["importance_cut"].iloc[0] == 5.5


def test_ipa_crosshair_choices_change_the_answer():
    importance = pd.Series([8.0, 7.0, 6.0], index=["a", "b", "c"])
    performance = pd.Series([8.0, 8.0, 8.0], index=["a", "b", "c"])
    by_mean = ipa.importance_performance(importance, performance)  # cuts 7 and 8
    assert by_mean["quadrant"].tolist() == [
        "keep up the good work",
        "keep up the good work",  # on the crosshair counts as high
        "possible overkill",
    ]
    midpoint = ipa.importance_performance(importance, performance, crosshair="midpoint")
    assert set(midpoint["quadrant"]) == {"keep up the good work"}
    explicit = ipa.importance_performance(importance, performance, crosshair=(7.5, 9))
    assert explicit["quadrant"].tolist() == ["concentrate here", "low priority", "low priority"]


def test_ipa_aligns_mappings_by_attribute():
    table = ipa.importance_performance({"a": 9, "b": 1}, {"b": 9, "a": 1})
    assert table.loc["a", "performance"] == 1
    assert table.loc["a", "quadrant"] == "concentrate here"


def test_ipa_bad_inputs():
    with pytest.raises(ValueError, match="crosshair"):
        ipa.importance_performance([1, 2], [1, 2], crosshair="median")
    with pytest.raises(ValueError, match="crosshair"):
        ipa.importance_performance([1, 2], [1, 2], crosshair=(1, 2, 3))
    with pytest.raises(ValueError, match="lengths differ"):
        ipa.importance_performance([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="different attributes"):
        ipa.importance_performance({"a": 1, "b": 2}, {"a": 1, "c": 2})
    with pytest.raises(ValueError, match="no attributes"):
        ipa.importance_performance([], [])


# --------------------------------------------------------------------------------------
# IPA of a survey
# --------------------------------------------------------------------------------------


def _survey() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "importance_quality": [9, 9],
            "perceived_quality": [3, 5],
            "importance_style": [2, 4],
            "perceived_style": [9, 9],
            "importance_price": [8, 10],
            "perceived_price": [8, 10],
        }
    )


def test_ipa_table_reads_importance_and_perceived_means():
    table = ipa.ipa_table(_survey(), ["quality", "style", "price"])
    assert list(table.index) == ["quality", "style", "price"]
    assert table["importance"].tolist() == [9.0, 3.0, 9.0]
    assert table["performance"].tolist() == [4.0, 9.0, 9.0]
    assert table["importance_cut"].iloc[0] == pytest.approx(7.0)
    assert table["quadrant"].tolist() == [
        "concentrate here",
        "possible overkill",
        "keep up the good work",
    ]
    # the same as placing the means by hand
    by_hand = ipa.importance_performance(table["importance"], table["performance"])
    pd.testing.assert_frame_equal(table, by_hand)


def test_ipa_table_explicit_item_pairs():
    own = _survey().rename(columns={"importance_quality": "imp_q", "perceived_quality": "score_q"})
    pairs = ipa.ipa_table(own, [("imp_q", "score_q"), "style"])
    assert list(pairs.index) == ["score_q", "style"]  # a pair is labelled by its performance
    assert pairs.loc["score_q", ["importance", "performance"]].tolist() == [9.0, 4.0]
    labelled = ipa.ipa_table(
        own, {"fit": ("imp_q", "score_q"), "style": ("importance_style", "perceived_style")}
    )
    assert list(labelled.index) == ["fit", "style"]
    assert labelled.loc["fit", "quadrant"] == "concentrate here"


def test_ipa_table_on_a_zero_to_ten_scale():
    survey = pd.DataFrame(
        {
            "importance_a": [0, 2],
            "perceived_a": [10, 8],
            "importance_b": [10, 9],
            "perceived_b": [0, 1],
        }
    )
    with pytest.raises(
        ValueError, match=r"survey\['importance_a'\]: 1 value\(s\) below 1 .*scale="
    ):
        ipa.ipa_table(survey, ["a", "b"])
    table = ipa.ipa_table(survey, ["a", "b"], crosshair="midpoint", scale=(0, 10))
    assert table["importance_cut"].tolist() == [5.0, 5.0]
    assert table["quadrant"].tolist() == ["possible overkill", "concentrate here"]
    with pytest.raises(ValueError, match="above 7"):
        ipa.ipa_table(survey, ["a", "b"], scale=(0, 7))


@pytest.mark.parametrize(
    ("items", "scale", "match"),
    [
        ([], (1, 10), "items: none given"),
        ([("importance_quality",)], (1, 10), "neither an attribute name nor"),
        (["quality", "quality"], (1, 10), "'quality' appears twice"),
        (["quality"], (5, 5), "lowest < highest"),
        (["service"], (1, 10), "missing columns 'importance_service', 'perceived_service'"),
    ],
)
def test_ipa_table_bad_inputs(items, scale, match):
    with pytest.raises(ValueError, match=match):
        ipa.ipa_table(_survey(), items, scale=scale)
