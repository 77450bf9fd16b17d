"""Kano model (Kano 模型): which features delight, which are expected, which nobody misses.

Chapter 05 of the course. Kano, Seraku, Takahashi & Tsuji (1984) ask about every feature
twice: how the customer feels if the feature is present (the *functional* question) and
if it is absent (the *dysfunctional* question). Each question is answered with one of
five answers; the pair of answers is classified with the Kano evaluation table
(:data:`KANO_TABLE`) into attractive (A, 魅力质量), one-dimensional (O, 期望质量),
must-be (M, 必备质量), indifferent (I, 无差异质量), reverse (R, 反向质量) or questionable
(Q, 可疑结果). Berger et al. (1993) summarise a feature by two customer-satisfaction
coefficients: Better = (A+O)/(A+O+M+I), how much having it raises satisfaction, and
Worse = −(O+M)/(A+O+M+I), how much lacking it lowers satisfaction.

Data requirements: :func:`kano_table` reads a ``survey`` with two columns per feature
``f``, ``kano_<f>_functional`` and ``kano_<f>_dysfunctional``. Their answers are the codes
``like``, ``expect``, ``neutral``, ``live_with``, ``dislike`` (:data:`KANO_ANSWERS`), the
Chinese labels 喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢, or 1-5 in that order. A
respondent who left either question of a feature unanswered is left out for that feature.
:func:`kano_classify` takes the two answer tables directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import require_columns, require_nonempty, row_list

__all__ = [
    "FEATURE_NAMES",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "KanoResult",
    "kano_classify",
    "kano_table",
]

#: The five Kano answers: code → Chinese label, in the order of the evaluation table.
KANO_ANSWERS: dict[str, str] = {
    "like": "喜欢",
    "expect": "理所当然",
    "neutral": "无所谓",
    "live_with": "能忍受",
    "dislike": "不喜欢",
}

#: Kano categories: code → (English name, Chinese name).
KANO_CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("attractive", "魅力质量"),
    "O": ("one-dimensional", "期望质量"),
    "M": ("must-be", "必备质量"),
    "I": ("indifferent", "无差异质量"),
    "R": ("reverse", "反向质量"),
    "Q": ("questionable", "可疑结果"),
}

#: Chinese names of the workbook survey's five candidate features.
FEATURE_NAMES: dict[str, str] = {
    "free_alterations": "免费改衣",
    "same_day_delivery": "当日达",
    "personal_stylist": "私人搭配师",
    "mobile_app": "手机App",
    "eco_packaging": "环保包装",
}

_ORDER = tuple(KANO_ANSWERS)

#: The Kano evaluation table: functional answer (rows) × dysfunctional answer (columns),
#: both ordered like / expect / neutral / live_with / dislike.
KANO_TABLE: pd.DataFrame = pd.DataFrame(
    [list("QAAAO"), list("RIIIM"), list("RIIIM"), list("RIIIM"), list("RRRRQ")],
    index=pd.Index(_ORDER, name="functional"),
    columns=pd.Index(_ORDER, name="dysfunctional"),
)

# spellings accepted for each answer (lower-cased, with '-' and ' ' read as '_')
_SYNONYMS: dict[str, str] = {
    **{code: code for code in KANO_ANSWERS},
    **{label: code for code, label in KANO_ANSWERS.items()},
    "like_it": "like",
    "i_like_it": "like",
    "must_be": "expect",
    "expect_it": "expect",
    "i_expect_it": "expect",
    "理应如此": "expect",
    "i_am_neutral": "neutral",
    "can_live_with": "live_with",
    "i_can_live_with_it": "live_with",
    "tolerate": "live_with",
    "i_dislike_it": "dislike",
}

# ties between categories are broken M > O > A > I (Kano's rule), then R, Q
_PRIORITY = ("M", "O", "A", "I", "R", "Q")
_CODES = ("A", "O", "M", "I", "R", "Q")
_LOOKUP: dict[tuple[str, str], str] = {
    (f, d): str(KANO_TABLE.loc[f, d]) for f in _ORDER for d in _ORDER
}


@dataclass(frozen=True)
class KanoResult:
    """Kano classification.

    Attributes
    ----------
    categories
        One Kano code (A, O, M, I, R, Q) per respondent (rows) and feature (columns);
        missing where the respondent left a question of the feature unanswered.
    summary
        The per-feature table of :func:`kano_table`.
    """

    categories: pd.DataFrame
    summary: pd.DataFrame


def _answer_code(value: object) -> str | None:
    """The answer code of one answer, or None when it is not understood."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        if not np.isfinite(value) or value != int(value) or not 1 <= value <= 5:
            return None
        return _ORDER[int(value) - 1]
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        return _SYNONYMS.get(key)
    return None


def _answers(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Answers as codes; missing answers stay missing, others must be understood."""
    missing = frame.isna()
    out = (
        frame.astype(object)
        .where(~missing, None)
        .map(lambda v: None if v is None else _answer_code(v))
    )
    bad = out.isna() & ~missing
    if bad.to_numpy().any():
        rows = frame.index[bad.any(axis=1).to_numpy()]
        col = frame.columns[bad.any(axis=0).to_numpy()][0]
        example = frame.loc[bad[col].to_numpy(), col].iloc[0]
        raise ValueError(
            f"{what}: {int(bad.to_numpy().sum())} answer(s) not understood (e.g. {example!r} "
            f"in column {col!r}) at {row_list(rows)}; use like / expect / neutral / "
            "live_with / dislike, 喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢, or 1-5 in that order"
        )
    return out


def _summary(categories: pd.DataFrame) -> pd.DataFrame:
    counts = pd.DataFrame(
        {code: (categories == code).sum(axis=0) for code in _CODES}, index=categories.columns
    ).astype(int)
    counts["respondents"] = counts[list(_CODES)].sum(axis=1)
    empty = counts.index[counts["respondents"] == 0]
    if len(empty):
        raise ValueError(
            f"features {', '.join(map(repr, empty))}: no respondent answered both questions; "
            "leave them out"
        )
    top = counts[list(_PRIORITY)].idxmax(axis=1)  # idxmax keeps the first of ties
    counts["category"] = top
    counts["category_name"] = [KANO_CATEGORIES[c][0] for c in top]
    counts["category_cn"] = [KANO_CATEGORIES[c][1] for c in top]
    base = (counts["A"] + counts["O"] + counts["M"] + counts["I"]).astype(float)
    safe = base.where(base > 0)
    counts["better"] = (counts["A"] + counts["O"]) / safe
    counts["worse"] = 0.0 - (counts["O"] + counts["M"]) / safe  # 0.0 - x: no "-0.0"
    return counts.rename_axis("feature")


def kano_classify(
    functional: pd.DataFrame | pd.Series,
    dysfunctional: pd.DataFrame | pd.Series,
) -> KanoResult:
    """Kano categories per respondent and feature, with the Better/Worse coefficients.

    Parameters
    ----------
    functional, dysfunctional
        Answers with respondents as rows and features as columns (same shape and labels);
        a Series is one feature. Answers are the codes of :data:`KANO_ANSWERS`, their
        Chinese labels or 1-5 (like … dislike); "must-be" and "tolerate" are read as
        expect and live_with. A pair with a missing answer is left out.

    Returns
    -------
    KanoResult
        ``categories`` (one code per respondent and feature) and ``summary`` (the
        per-feature table of :func:`kano_table`).

    Examples
    --------
    >>> functional = pd.DataFrame({"free_returns": ["like", "expect", "like", 1],
    ...                            "gift_wrap": ["neutral", "喜欢", "neutral", "neutral"]})
    >>> dysfunctional = pd.DataFrame({"free_returns": ["dislike", "dislike", "neutral", 5],
    ...                               "gift_wrap": ["neutral", "neutral", "neutral", "live_with"]})
    >>> result = kano_classify(functional, dysfunctional)
    >>> result.categories
      free_returns gift_wrap
    0            O         I
    1            M         A
    2            A         I
    3            O         I
    >>> summary = result.summary[["O", "M", "A", "I", "category", "better", "worse"]]
    >>> print(summary.to_string(index_names=False))
                  O  M  A  I category  better  worse
    free_returns  2  1  1  0        O    0.75  -0.75
    gift_wrap     0  0  1  3        I    0.25   0.00
    """
    frames = []
    for arg in (functional, dysfunctional):
        if isinstance(arg, pd.Series):
            arg = arg.to_frame(arg.name if arg.name is not None else "feature")
        if not isinstance(arg, pd.DataFrame):
            raise TypeError("functional and dysfunctional: expected pandas DataFrames or Series")
        frames.append(arg)
    func, dysf = frames
    require_nonempty(func, "functional")
    if func.shape != dysf.shape or not (
        func.columns.equals(dysf.columns) and func.index.equals(dysf.index)
    ):
        raise ValueError(
            "functional and dysfunctional: must have the same respondents (rows) and "
            f"features (columns); got {func.shape[0]} row(s) with features "
            f"{list(func.columns)} and {dysf.shape[0]} row(s) with features {list(dysf.columns)}"
        )
    f = _answers(func, "functional")
    d = _answers(dysf, "dysfunctional")
    categories = pd.DataFrame(
        {
            col: [
                _LOOKUP[(a, b)] if a is not None and b is not None else None
                for a, b in zip(f[col], d[col], strict=True)
            ]
            for col in f.columns
        },
        index=func.index,
        dtype=object,
    )
    return KanoResult(categories=categories, summary=_summary(categories))


def _survey_features(survey: pd.DataFrame) -> list[str]:
    """Features with both Kano columns in ``survey``, in column order."""
    features = []
    for col in survey.columns:
        name = str(col)
        if name.startswith("kano_") and name.endswith("_functional"):
            feature = name[len("kano_") : -len("_functional")]
            if f"kano_{feature}_dysfunctional" in survey.columns and feature:
                features.append(feature)
    return features


def kano_table(survey: pd.DataFrame, features: Sequence[str] | None = None) -> pd.DataFrame:
    """Kano category and Better/Worse coefficients per feature of a survey.

    Parameters
    ----------
    survey
        One row per respondent, with the columns ``kano_<f>_functional`` and
        ``kano_<f>_dysfunctional`` for every feature ``f`` (answers as in
        :func:`kano_classify`; a respondent who left either unanswered is left out for
        that feature).
    features
        The features to classify, e.g. ``["free_returns"]``. None: every feature that
        has both columns, in column order.

    Returns
    -------
    pandas.DataFrame
        Indexed by feature: the counts ``A``, ``O``, ``M``, ``I``, ``R``, ``Q``,
        ``respondents`` (answered pairs), the most frequent ``category`` (ties broken
        M > O > A > I > R > Q), its ``category_name`` and ``category_cn``, ``better`` =
        (A+O)/(A+O+M+I) and ``worse`` = −(O+M)/(A+O+M+I) (NaN when A+O+M+I = 0).

    Examples
    --------
    >>> survey = pd.DataFrame({
    ...     "kano_free_returns_functional": ["like", "expect", "like", "喜欢", None],
    ...     "kano_free_returns_dysfunctional": ["dislike", "dislike", "neutral", "不喜欢", None],
    ...     "kano_gift_wrap_functional": ["like", "neutral", "like", "like", "neutral"],
    ...     "kano_gift_wrap_dysfunctional": ["neutral", "neutral", "live_with", "neutral",
    ...                                      "neutral"]})
    >>> table = kano_table(survey)
    >>> print(table[["A", "O", "M", "I", "respondents", "category", "better", "worse"]]
    ...       .to_string(index_names=False))
                  A  O  M  I  respondents category  better  worse
    free_returns  1  2  1  0            4        O     0.75  -0.75
    gift_wrap     3  0  0  2            5        A     0.60   0.00
    >>> table["category_cn"].tolist()
    ['期望质量', '魅力质量']
    """
    if not isinstance(survey, pd.DataFrame):
        raise TypeError(f"survey: expected a pandas DataFrame, got {type(survey).__name__}")
    if features is None:
        features = _survey_features(survey)
        if not features:
            raise ValueError(
                "survey: no Kano questions found; expected column pairs "
                "'kano_<feature>_functional' and 'kano_<feature>_dysfunctional'"
            )
    else:
        features = [features] if isinstance(features, str) else list(features)
        if not features:
            raise ValueError("features: none given; pass e.g. ['free_returns'] or None for all")
    require_columns(
        survey,
        [f"kano_{f}_{side}" for f in features for side in ("functional", "dysfunctional")],
        "survey",
    )
    require_nonempty(survey, "survey")

    def answers(side: str) -> pd.DataFrame:
        frame = survey[[f"kano_{f}_{side}" for f in features]]
        return frame.set_axis(list(features), axis=1)

    return kano_classify(answers("functional"), answers("dysfunctional")).summary
