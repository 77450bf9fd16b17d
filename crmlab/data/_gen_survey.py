"""Generator stage: the satisfaction survey, with Kano's paired questions.

Answers are consistent with each respondent's latent satisfaction (see ``survey`` in the
parameters). The Kano answers (Kano et al. 1984) are drawn per feature: each respondent
holds one Kano category with the feature's shares (``kano.features``), gives an answer pair
from that category's cells of the Kano evaluation table (``kano.answer_pairs``), or — with
probability ``kano.noise_share`` — any of the 25 pairs at random (questionable and reverse
answers included). A majority vote over the evaluated pairs recovers the feature's true
category.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import N_DAYS, group_first, ids, to_dates

__all__ = ["KANO_EVALUATION", "kano_answers", "kano_category", "survey_table"]

_CODES = {
    "A": "attractive",
    "O": "one-dimensional",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
#: The Kano evaluation table (Berger et al. 1993): functional answer → dysfunctional answer →
#: category, answers in the order of ``KANO_ANSWERS`` (like, expect, neutral, live_with, dislike).
KANO_EVALUATION: dict[str, dict[str, str]] = {
    functional: {d: _CODES[code] for d, code in zip(S.KANO_ANSWERS, row, strict=True)}
    for functional, row in zip(
        S.KANO_ANSWERS, ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"), strict=True
    )
}


def kano_category(functional: str, dysfunctional: str) -> str:
    """Kano category of one answer pair by the evaluation table.

    Examples
    --------
    >>> kano_category("like", "neutral"), kano_category("expect", "dislike")
    ('attractive', 'must-be')
    """
    return KANO_EVALUATION[functional][dysfunctional]


def kano_answers(rng: np.random.Generator, params: dict[str, Any], m: int) -> dict[str, np.ndarray]:
    """Functional and dysfunctional answers of ``m`` respondents to every Kano feature.

    Examples
    --------
    >>> from crmlab.data._params import PARAMETERS
    >>> cols = kano_answers(np.random.default_rng(0), PARAMETERS, 4)
    >>> list(cols)[:2]
    ['kano_free_alterations_functional', 'kano_free_alterations_dysfunctional']
    >>> bool(np.isin(cols["kano_mobile_app_functional"], S.KANO_ANSWERS).all())
    True
    """
    kp = params["kano"]
    for category, pairs in kp["answer_pairs"].items():
        for functional, dysfunctional, _ in pairs:
            if kano_category(functional, dysfunctional) != category:
                raise ValueError(
                    f"kano.answer_pairs: ({functional!r}, {dysfunctional!r}) is "
                    f"{kano_category(functional, dysfunctional)!r} by the evaluation table, "
                    f"not {category!r}"
                )
    answers = np.array(S.KANO_ANSWERS, dtype=object)
    cols: dict[str, np.ndarray] = {}
    for feature in S.KANO_FEATURES:
        shares = kp["features"][feature]["shares"]
        names = list(shares)
        probs = np.array([shares[c] for c in names], dtype=float)
        held = rng.choice(len(names), size=m, p=probs / probs.sum())
        functional = np.empty(m, dtype=np.int64)
        dysfunctional = np.empty(m, dtype=np.int64)
        for c_idx, category in enumerate(names):
            pairs = kp["answer_pairs"][category]
            weights = np.array([w for _, _, w in pairs], dtype=float)
            mask = held == c_idx
            pick = rng.choice(len(pairs), size=int(mask.sum()), p=weights / weights.sum())
            functional[mask] = [S.KANO_ANSWERS.index(pairs[i][0]) for i in pick]
            dysfunctional[mask] = [S.KANO_ANSWERS.index(pairs[i][1]) for i in pick]
        noisy = rng.random(m) < kp["noise_share"]
        functional = np.where(noisy, rng.integers(0, len(answers), m), functional)
        dysfunctional = np.where(noisy, rng.integers(0, len(answers), m), dysfunctional)
        cols[f"kano_{feature}_functional"] = answers[functional]
        cols[f"kano_{feature}_dysfunctional"] = answers[dysfunctional]
    return cols


def survey_table(
    rng: np.random.Generator,
    kano_rng: np.random.Generator,
    params: dict[str, Any],
    n: int,
    cust_ids: np.ndarray,
    satisfaction: np.ndarray,
    ord_cust: np.ndarray,
    ord_k: np.ndarray,
    ord_day: np.ndarray,
) -> pd.DataFrame:
    """Survey repeat customers a few days after one of their repeat orders.

    Everything but the Kano answers comes from ``rng``; the Kano answers from ``kano_rng``
    (a separate stream, so adding them left the other answers as they were).
    """
    sv = params["survey"]
    lo, hi = sv["days_after_order"]
    eligible = (ord_k >= 1) & (ord_day <= N_DAYS - 1 - sv["min_days_before_end"])
    cand = np.unique(ord_cust[eligible])
    size = min(cand.size, round(sv["target_share"] * n))
    chosen = np.sort(rng.choice(cand, size=size, replace=False))
    is_chosen = np.zeros(n, dtype=bool)
    is_chosen[chosen] = True
    pick_mask = eligible & is_chosen[ord_cust]
    pool = np.flatnonzero(pick_mask)
    first = pool[group_first(ord_cust[pool], rng.random(pool.size))]
    resp_cust = ord_cust[first]
    resp_day = ord_day[first] + rng.integers(lo, hi + 1, first.size)
    order = np.lexsort((resp_cust, resp_day))
    resp_cust, resp_day = resp_cust[order], resp_day[order]
    m = resp_cust.size
    sat = satisfaction[resp_cust]
    z = sat + rng.uniform(-0.5, 0.5, m)  # continuous latent satisfaction

    def score(values: np.ndarray, low: int, high: int) -> np.ndarray:
        return np.clip(np.rint(values), low, high).astype(np.int64)

    cols: dict[str, Any] = {
        "response_id": ids("S", m, 5),
        "customer_id": cust_ids[resp_cust],
        "survey_date": to_dates(resp_day),
    }
    expected_base = sv["expected_mean"] + rng.normal(0, 0.8, m)
    for attr in S.SURVEY_ATTRIBUTES:
        cols[f"importance_{attr}"] = score(
            sv["importance_mean"][attr] + rng.normal(0, 1.0, m), 1, 10
        )
        expected = expected_base + rng.normal(0, 0.8, m)
        gap = sv["disconfirmation_slope"][attr] * (z - 3.4) + rng.normal(0, 0.8, m)
        cols[f"expected_{attr}"] = score(expected, 1, 10)
        cols[f"perceived_{attr}"] = score(expected + gap, 1, 10)
    for name in ("product_value", "service_value", "personnel_value", "image_value"):
        cols[name] = score(5.5 + 0.9 * (z - 3.4) + rng.normal(0, 1.0, m), 1, 10)
    for name in ("money_cost", "time_cost", "energy_cost", "psychic_cost"):
        cols[name] = score(4.5 - 0.5 * (z - 3.4) + rng.normal(0, 1.0, m), 1, 10)
    noisy = np.clip(sat + rng.choice([-1, 1], m), 1, 5)
    overall = np.where(rng.random(m) < sv["overall_matches_latent"], sat, noisy)
    cols["overall_satisfaction"] = overall.astype(np.int64)
    cols["likelihood_to_recommend"] = score(2.0 * z - 0.3 + rng.normal(0, 0.9, m), 0, 10)
    cols["relative_attitude"] = score(1.4 * z - 0.6 + rng.normal(0, 0.9, m), 1, 7)
    cols["named_first"] = rng.random(m) < 1 / (1 + np.exp(-(1.2 * (z - 4.0))))
    cols["speaks_well"] = rng.random(m) < 1 / (1 + np.exp(-(1.5 * (z - 3.2))))
    cols.update(kano_answers(kano_rng, params, m))
    return pd.DataFrame(cols)
