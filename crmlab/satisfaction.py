"""Customer satisfaction (客户满意): CSI, delivered value, the five measures, NPS, drivers.

Chapter 05 of the course. Satisfaction is the feeling that comes from comparing the
perceived performance of an offer with what the customer expected (Kotler); the course
measures it with the satisfaction index (CSI) C = perceived ÷ expected. The Kano model
is in :mod:`crmlab.kano`, importance–performance analysis in :mod:`crmlab.ipa`.

Data requirements: a ``survey`` table in the data contract's names — for each attribute
``a`` the columns ``importance_a``, ``expected_a`` and ``perceived_a``, the eight
delivered-value items, ``overall_satisfaction`` (1-5), ``likelihood_to_recommend``
(0-10), ``named_first`` and ``speaks_well`` (bool) — and, for the purchase-based
measures, ``transactions`` (``customer_id``, ``order_date``, ``amount``, ``returned``)
and ``service_contacts`` (``contact_type``). Surveys differ in their items and rating
scales, so those are arguments: ``items=`` (attribute names, or explicit
(expected, perceived) column pairs) and ``scale=`` (the lowest and highest score).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window, purchase_days
from crmlab._survey import Items, check_scale, item_pairs
from crmlab._survey import scores as rating_scores
from crmlab._validate import (
    as_float_array,
    bool_column,
    check_range,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.data import SURVEY_ATTRIBUTES

__all__ = [
    "COST_COLUMNS",
    "CSI_LABELS",
    "VALUE_COLUMNS",
    "DriversResult",
    "NPSResult",
    "acsi_index",
    "csi",
    "csi_by_attribute",
    "csi_label",
    "delivered_value",
    "nps",
    "satisfaction_drivers",
    "satisfaction_measures",
]

#: CSI labels of the course: English → Chinese.
CSI_LABELS: dict[str, str] = {
    "satisfied": "满意",
    "acceptable": "基本满意",
    "dissatisfied": "不满意",
}

#: The four components of total customer value (整体客户价值), in contract column names.
VALUE_COLUMNS: tuple[str, ...] = (
    "product_value",
    "service_value",
    "personnel_value",
    "image_value",
)
#: The four components of total customer cost (整体客户成本), in contract column names.
COST_COLUMNS: tuple[str, ...] = ("money_cost", "time_cost", "energy_cost", "psychic_cost")


# absolute slack used when testing C == 1 on floating-point ratios
_EPS = 1e-12


@dataclass(frozen=True)
class _Item:
    label: str
    expected: str
    perceived: str
    importance: str | None  # read when the column exists; None for explicit pairs


def _items(items: Items) -> list[_Item]:
    """Parse ``items``: a name ``a`` reads ``expected_a`` / ``perceived_a`` / ``importance_a``."""
    names = set(items) if not isinstance(items, Mapping) else set()
    pairs = item_pairs(items, ("expected_", "perceived_"), "(expected, perceived)")
    return [
        _Item(label, exp, per, f"importance_{label}" if label in names else None)
        for label, (exp, per) in pairs.items()
    ]


# --------------------------------------------------------------------------------------
# CSI
# --------------------------------------------------------------------------------------


def csi_label(value: float, tolerance: float = 0.0) -> str:
    """Course label of one satisfaction index value.

    ``C > 1`` is *satisfied* (满意), ``C = 1`` *acceptable* (基本满意) and ``C < 1``
    *dissatisfied* (不满意). Values within ``tolerance`` of 1 count as ``C = 1``.

    Examples
    --------
    >>> csi_label(1.25), csi_label(1.0), csi_label(0.9), csi_label(0.97, tolerance=0.05)
    ('satisfied', 'acceptable', 'dissatisfied', 'acceptable')
    """
    if tolerance < 0:
        raise ValueError(f"tolerance: must be 0 or more, got {tolerance}")
    if not np.isfinite(value):
        raise ValueError(f"value: expected a finite satisfaction index, got {value}")
    if abs(value - 1.0) <= tolerance + _EPS:
        return "acceptable"
    return "satisfied" if value > 1.0 else "dissatisfied"


def csi(
    perceived: float | Sequence[float] | pd.Series,
    expected: float | Sequence[float] | pd.Series,
    *,
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """Customer satisfaction index (客户满意度指数) C = perceived ÷ expected, with its label.

    Parameters
    ----------
    perceived, expected
        Perceived performance (感知) and expectation (期望), one number or one value per
        respondent / attribute. Expectations must be positive.
    tolerance
        Half-width of the band around 1 read as "= 1": ``|C - 1| <= tolerance`` is
        *acceptable* (基本满意). The default 0 takes the course definition literally;
        on survey means a small band such as 0.02 keeps noise from flipping the label.

    Returns
    -------
    pandas.DataFrame
        Columns ``perceived``, ``expected``, ``csi``, ``label`` (satisfied / acceptable /
        dissatisfied) and ``label_cn`` (满意 / 基本满意 / 不满意); the index of ``perceived``
        when it is a Series, else 0..n-1.

    Examples
    --------
    >>> result = csi([8, 7, 6], [7, 7, 8])
    >>> result[["perceived", "expected", "csi", "label"]]
       perceived  expected    csi         label
    0        8.0       7.0  1.143     satisfied
    1        7.0       7.0  1.000    acceptable
    2        6.0       8.0  0.750  dissatisfied
    >>> result["label_cn"].tolist()
    ['满意', '基本满意', '不满意']
    """
    if tolerance < 0:
        raise ValueError(f"tolerance: must be 0 or more, got {tolerance}")
    index = perceived.index if isinstance(perceived, pd.Series) else None
    p = as_float_array(perceived, "perceived")
    e = as_float_array(expected, "expected")
    if p.size == 1 and e.size > 1:
        p = np.full(e.size, p[0])
    if e.size == 1 and p.size > 1:
        e = np.full(p.size, e[0])
    if p.size != e.size:
        raise ValueError(
            f"perceived and expected: lengths differ ({p.size} vs {e.size}); pass one "
            "expectation per perceived score"
        )
    check_range(pd.Series(e, index=index), "expected", low=0, strict_low=True)
    ratio = p / e
    labels = [csi_label(float(c), tolerance) for c in ratio]
    return pd.DataFrame(
        {
            "perceived": p,
            "expected": e,
            "csi": np.round(ratio, 3),
            "label": labels,
            "label_cn": [CSI_LABELS[lab] for lab in labels],
        },
        index=index,
    )


def csi_by_attribute(
    survey: pd.DataFrame,
    items: Items = SURVEY_ATTRIBUTES,
    *,
    scale: tuple[float, float] = (1, 10),
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """CSI per survey attribute and overall, from the mean scores.

    For each item the means of its expected and perceived scores over the respondents
    give ``csi = perceived ÷ expected``. The ``overall`` row divides the mean perceived
    score over all items by the mean expected score (equal item weights).

    Parameters
    ----------
    survey
        One row per respondent.
    items
        Attribute names ``a``, read from ``expected_a`` and ``perceived_a`` (and
        ``importance_a`` when present; the default is the workbook survey's five
        attributes); or explicit ``(expected, perceived)`` column pairs (labelled by the
        perceived column); or a mapping ``{label: (expected, perceived)}``.
    scale
        Lowest and highest score of the rating scale, e.g. ``(0, 10)``; every score must
        lie in it. The ratio C reads best on a scale starting at 1 (a 0 expectation has
        no ratio).
    tolerance
        As in :func:`csi`.

    Returns
    -------
    pandas.DataFrame
        Indexed by item (then ``overall``), columns ``importance`` (the mean
        ``importance_a``; NaN without that column), ``expected``, ``perceived``, ``csi``,
        ``label``, ``label_cn``.

    Examples
    --------
    >>> survey = pd.DataFrame({"expected_quality": [8, 6], "perceived_quality": [9, 7],
    ...                        "expected_price": [6, 6], "perceived_price": [5, 4]})
    >>> table = csi_by_attribute(survey, ["quality", "price"])
    >>> print(table[["expected", "perceived", "csi", "label"]].to_string(index_names=False))
             expected  perceived    csi         label
    quality       7.0       8.00  1.143     satisfied
    price         6.0       4.50  0.750  dissatisfied
    overall       6.5       6.25  0.962  dissatisfied

    Explicit column pairs, e.g. for a survey with its own names:

    >>> own = pd.DataFrame({"hoped_fit": [7, 9], "got_fit": [8, 9]})
    >>> float(csi_by_attribute(own, {"fit": ("hoped_fit", "got_fit")}).loc["fit", "csi"])
    1.062
    """
    parsed = _items(items)
    low, high = check_scale(scale)
    require_columns(survey, [c for i in parsed for c in (i.expected, i.perceived)], "survey")
    require_nonempty(survey, "survey")
    rows = {}
    for item in parsed:
        imp = np.nan
        if item.importance is not None and item.importance in survey.columns:
            imp = float(rating_scores(survey, item.importance, (low, high)).mean())
        exp = rating_scores(survey, item.expected, (low, high))
        per = rating_scores(survey, item.perceived, (low, high))
        rows[item.label] = (imp, float(exp.mean()), float(per.mean()))
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["importance", "expected", "perceived"]
    )
    table.loc["overall"] = table.mean(axis=0, skipna=False)
    labelled = csi(table["perceived"], table["expected"], tolerance=tolerance)
    out = pd.concat([table, labelled[["csi", "label", "label_cn"]]], axis=1)
    out.index.name = "attribute"
    return out


# --------------------------------------------------------------------------------------
# Delivered value
# --------------------------------------------------------------------------------------


def delivered_value(
    survey: pd.DataFrame | Mapping[str, float] | pd.Series,
    *,
    value_items: Sequence[str] = VALUE_COLUMNS,
    cost_items: Sequence[str] = COST_COLUMNS,
) -> pd.DataFrame:
    """Customer delivered value (客户让渡价值) per respondent.

    Delivered value = total customer value (整体客户价值: product, service, personnel and
    image value) − total customer cost (整体客户成本: money, time, energy and psychic cost).

    Parameters
    ----------
    survey
        A survey frame with the eight columns, or one respondent's scores as a mapping /
        Series keyed by the column names (the widget's calculator uses plain numbers).
    value_items, cost_items
        The survey items that make up the total value and the total cost (default: the
        workbook survey's four value and four cost items).

    Returns
    -------
    pandas.DataFrame
        Columns ``total_value``, ``total_cost``, ``delivered_value`` (value − cost) and
        ``value_cost_ratio`` (value ÷ cost), one row per respondent (index kept).

    Examples
    --------
    >>> delivered_value({"product_value": 8, "service_value": 7, "personnel_value": 6,
    ...                  "image_value": 7, "money_cost": 6, "time_cost": 3,
    ...                  "energy_cost": 2, "psychic_cost": 1})
       total_value  total_cost  delivered_value  value_cost_ratio
    0         28.0        12.0             16.0             2.333
    """
    if isinstance(survey, pd.Series):
        frame = survey.to_frame().T
    elif isinstance(survey, Mapping):
        frame = pd.DataFrame([dict(survey)])
    else:
        frame = survey
    value_items, cost_items = list(value_items), list(cost_items)
    if not value_items or not cost_items:
        raise ValueError("value_items and cost_items: give at least one item each")
    require_columns(frame, value_items + cost_items, "survey")
    require_nonempty(frame, "survey")
    parts = {}
    for col in value_items + cost_items:
        arr = as_float_array(frame[col], f"survey['{col}']")
        check_range(pd.Series(arr, index=frame.index), f"survey['{col}']", low=0)
        parts[col] = arr
    total_value = np.sum([parts[c] for c in value_items], axis=0)
    total_cost = np.sum([parts[c] for c in cost_items], axis=0)
    # value ÷ cost; undefined (NaN) when every cost is 0
    ratio = total_value / np.where(total_cost > 0, total_cost, np.nan)
    return pd.DataFrame(
        {
            "total_value": total_value,
            "total_cost": total_cost,
            "delivered_value": total_value - total_cost,
            "value_cost_ratio": np.round(ratio, 3),
        },
        index=frame.index,
    )


# --------------------------------------------------------------------------------------
# The five satisfaction measures
# --------------------------------------------------------------------------------------


def _share_true(survey: pd.DataFrame, col: str) -> float:
    missing = survey[col].isna().to_numpy()
    if missing.any():
        bad = survey.index[missing]
        raise ValueError(
            f"survey['{col}']: {len(bad)} missing value(s) at {row_list(bad)}; fill them"
        )
    return float(bool_column(survey, col, "survey").mean())


def _until(frame: pd.DataFrame, col: str, end: pd.Timestamp | None, what: str) -> pd.DataFrame:
    """Rows of ``frame`` dated on or before ``end`` (all rows when ``end`` is None)."""
    if end is None:
        return frame
    require_columns(frame, [col], what, hint=f"observation_end needs the dates in '{col}'")
    days = date_column(frame, col, what).dt.normalize()
    return frame.loc[(days <= end).to_numpy()]


def satisfaction_measures(
    survey: pd.DataFrame | None = None,
    transactions: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    *,
    complaint_base: str = "customer",
    exclude_returns: bool = True,
    observation_end: object = None,
) -> pd.DataFrame:
    """The course's five satisfaction measures (客户满意度的衡量指标), as the data allow.

    - reputation (美誉度): share of respondents who speak well of us (``speaks_well``);
    - named first (指名度): share of respondents who name our brand first (``named_first``);
    - return rate (回头率): share of buying customers who bought on two or more days;
    - complaint rate (投诉率): complaints (``contact_type`` = ``"complaint"``) per buying
      customer (``complaint_base="customer"``) or per purchase (``"purchase"``, a
      customer-day);
    - purchase amount (购买额): mean amount bought per buying customer (CNY).

    The buying customers and their purchases come from ``transactions``; with
    ``exclude_returns`` returned lines do not count. A measure whose table is not given
    (``None``) is left out of the result.

    Parameters
    ----------
    survey, transactions, service_contacts
        The tables in the data contract's names; any may be None (at least one of
        ``survey`` and ``transactions`` is needed, and ``service_contacts`` needs
        ``transactions`` for its base).
    complaint_base
        ``"customer"`` or ``"purchase"``: what the complaint rate counts complaints per.
    exclude_returns
        Leave lines flagged ``returned`` out of the purchases.
    observation_end
        The last day the measures see: orders, answers (``survey_date``) and contacts
        (``contact_date``) after it are left out. None: every row, up to the last day in
        the data.

    Returns
    -------
    pandas.DataFrame
        One row per measure, columns ``measure``, ``measure_cn``, ``value``, ``definition``.

    Examples
    --------
    >>> survey = pd.DataFrame({"speaks_well": [True, False, True, True],
    ...                        "named_first": [False, False, True, False]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...                    "order_date": ["2024-03-01", "2024-05-09", "2024-04-02"],
    ...                    "amount": [100.0, 50.0, 30.0], "returned": [False, False, False]})
    >>> contacts = pd.DataFrame({"customer_id": ["C2"], "contact_type": ["complaint"]})
    >>> measures = satisfaction_measures(survey, tx, contacts)
    >>> measures[["measure", "value"]]
               measure  value
    0       reputation   0.75
    1      named_first   0.25
    2      return_rate   0.50
    3   complaint_rate   0.50
    4  purchase_amount  90.00
    >>> measures["measure_cn"].tolist()
    ['美誉度', '指名度', '回头率', '投诉率', '购买额']
    >>> satisfaction_measures(None, tx, observation_end="2024-04-30")["value"].tolist()
    [0.0, 65.0]
    """
    if complaint_base not in ("customer", "purchase"):
        raise ValueError(
            f"complaint_base: expected 'customer' or 'purchase', got {complaint_base!r}"
        )
    if survey is None and transactions is None:
        raise ValueError("survey and transactions: pass at least one of them")
    if service_contacts is not None and transactions is None:
        raise ValueError(
            "service_contacts: the complaint rate counts complaints per buying customer or "
            "purchase; pass transactions as well"
        )
    end = None
    if observation_end is not None and transactions is not None:
        require_columns(transactions, [CUSTOMER, DATE, AMOUNT], "transactions")
        end = analysis_window(transactions[DATE], observation_end).observation_end
    elif observation_end is not None:
        hint = "observation_end needs the dates in 'survey_date'"
        require_columns(survey, ["survey_date"], "survey", hint=hint)
        survey_dates = date_column(survey, "survey_date", "survey")
        end = analysis_window(survey_dates, observation_end).observation_end
    values: dict[str, float] = {}
    if survey is not None:
        require_columns(survey, ["speaks_well", "named_first"], "survey")
        survey = _until(survey, "survey_date", end, "survey")
        require_nonempty(survey, "survey")
        values["reputation"] = _share_true(survey, "speaks_well")
        values["named_first"] = _share_true(survey, "named_first")
    if transactions is not None:
        days = purchase_days(transactions, amount=True, exclude_returns=exclude_returns)
        if end is not None:
            days = days.loc[days["day"] <= end]
        require_nonempty(days, "transactions")
        per_customer = days.groupby(CUSTOMER, observed=True)[AMOUNT].agg(["size", "sum"])
        values["return_rate"] = float((per_customer["size"] >= 2).mean())
        if service_contacts is not None:
            require_columns(service_contacts, ["contact_type"], "service_contacts")
            contacts = _until(service_contacts, "contact_date", end, "service_contacts")
            complaints = int((contacts["contact_type"] == "complaint").sum())
            base = len(per_customer) if complaint_base == "customer" else len(days)
            values["complaint_rate"] = complaints / base
        values["purchase_amount"] = float(per_customer["sum"].mean())
    definitions = {
        "reputation": ("美誉度", "share of respondents with speaks_well = True"),
        "named_first": ("指名度", "share of respondents with named_first = True"),
        "return_rate": ("回头率", "share of buying customers who bought on 2 or more days"),
        "complaint_rate": ("投诉率", f"complaints per buying {complaint_base}"),
        "purchase_amount": ("购买额", "mean amount bought per buying customer"),
    }
    rows = [(m, definitions[m][0], v, definitions[m][1]) for m, v in values.items()]
    return pd.DataFrame(rows, columns=["measure", "measure_cn", "value", "definition"])


# --------------------------------------------------------------------------------------
# NPS and an ACSI-style index
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NPSResult:
    """Net Promoter Score and its three shares (each in 0..1)."""

    nps: float
    promoters: float
    passives: float
    detractors: float
    respondents: int


def nps(scores: Sequence[float] | pd.Series) -> NPSResult:
    """Net Promoter Score (净推荐值) from 0-10 "would you recommend us" answers.

    Promoters answer 9-10, passives 7-8, detractors 0-6;
    NPS = (share of promoters − share of detractors) × 100, between −100 and 100.

    Examples
    --------
    >>> nps([10, 9, 8, 7, 6, 0, 10, 9, 3, 10])
    NPSResult(nps=20.0, promoters=0.5, passives=0.2, detractors=0.3, respondents=10)
    """
    arr = as_float_array(scores, "scores")
    if arr.size == 0:
        raise ValueError("scores: no answers; NPS needs at least one")
    check_range(pd.Series(arr), "scores", low=0, high=10)
    not_whole = np.flatnonzero(arr != np.round(arr))
    if not_whole.size:
        raise ValueError(
            f"scores: {not_whole.size} answer(s) are not whole numbers 0-10 at "
            f"{row_list(not_whole)}; the NPS question is answered on an 11-point scale"
        )
    promoters = float(np.mean(arr >= 9))
    detractors = float(np.mean(arr <= 6))
    passives = float(np.mean((arr >= 7) & (arr <= 8)))
    return NPSResult(
        nps=round((promoters - detractors) * 100, 10),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        respondents=int(arr.size),
    )


def acsi_index(
    survey: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    *,
    scale: tuple[float, float] = (1, 10),
) -> float:
    """ACSI-style satisfaction index (0-100) from rating items.

    Index = Σ w_i (x̄_i − low) / (high − low) × 100, where x̄_i is the mean of item i on
    the rating scale ``(low, high)`` and the weights sum to 1.

    Parameters
    ----------
    survey
        One row per respondent.
    weights
        Item column → weight. None: equal weights on the ``perceived_<attribute>`` items
        of the workbook's survey.
    scale
        Lowest and highest score of the items' rating scale; every score must lie in it.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_quality": [10, 8], "perceived_price": [1, 3]})
    >>> acsi_index(survey, {"perceived_quality": 0.5, "perceived_price": 0.5})
    50.0
    >>> acsi_index(pd.DataFrame({"q": [0, 10, 5]}), {"q": 1.0}, scale=(0, 10))
    50.0
    """
    low, high = check_scale(scale)
    if weights is None:
        weights = {f"perceived_{a}": 1 / len(SURVEY_ATTRIBUTES) for a in SURVEY_ATTRIBUTES}
    if not weights:
        raise ValueError("weights: empty; give one weight per survey item")
    w = as_float_array(list(weights.values()), "weights")
    if (w < 0).any() or abs(w.sum() - 1.0) > 1e-6:
        raise ValueError(
            f"weights: must be non-negative and sum to 1 (they sum to {w.sum():.4g}); "
            "divide each weight by their total"
        )
    require_columns(survey, list(weights), "survey")
    require_nonempty(survey, "survey")
    total = 0.0
    for col, weight in zip(weights, w, strict=True):
        values = rating_scores(survey, col, (low, high))
        total += weight * (values.mean() - low) / (high - low) * 100.0
    return round(float(total), 10)


# --------------------------------------------------------------------------------------
# Drivers of overall satisfaction
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriversResult:
    """Key-driver regression of overall satisfaction.

    Attributes
    ----------
    coefficients
        Indexed by attribute, sorted by ``rank``: ``coef`` (the OLS coefficient; with
        ``standardize`` the change in standard deviations of the outcome per standard
        deviation of the attribute), ``std_err``, ``t``, ``p_value``, ``conf_low`` and
        ``conf_high`` (the confidence interval), ``correlation`` (simple correlation with
        the outcome) and ``rank`` (1 = strongest driver, by the absolute standardised
        coefficient).
    r_squared
        Share of the variance of the outcome explained by the attributes.
    respondents
        Number of survey answers used.
    """

    coefficients: pd.DataFrame
    r_squared: float
    respondents: int


def satisfaction_drivers(
    survey: pd.DataFrame,
    items: Items = SURVEY_ATTRIBUTES,
    *,
    outcome: str = "overall_satisfaction",
    standardize: bool = True,
    confidence: float = 0.95,
) -> DriversResult:
    """Which attributes drive overall satisfaction: OLS of the outcome on perceived scores.

    The outcome is regressed on the perceived score of every item, with an intercept, by
    ordinary least squares (``statsmodels``), so each coefficient comes with its standard
    error, t statistic, p-value and confidence interval. With ``standardize`` the outcome
    and the scores are z-scores first, so coefficients are comparable across attributes.
    Correlated attributes share their influence; read the coefficients together with the
    simple correlations and the width of their intervals.

    Parameters
    ----------
    survey
        One row per respondent.
    items
        Attribute names ``a`` (read from ``perceived_a``; the default is the workbook
        survey's five attributes), or ``(expected, perceived)`` column pairs or a mapping
        ``{label: (expected, perceived)}`` (only the perceived column is used).
    outcome
        The overall-satisfaction column.
    standardize
        Regress z-scores (True) or the raw scores (False: coefficients in outcome points
        per rating point).
    confidence
        Level of the confidence intervals.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_quality": [1, 2, 3, 4, 5, 6],
    ...                        "perceived_price": [3, 1, 2, 2, 1, 1],
    ...                        "overall_satisfaction": [1, 1, 2, 2, 3, 3]})
    >>> result = satisfaction_drivers(survey, ["quality", "price"])
    >>> table = result.coefficients[["coef", "std_err", "conf_low", "conf_high", "rank"]]
    >>> print(table.round(3).to_string(index_names=False))
              coef  std_err  conf_low  conf_high  rank
    quality  1.046    0.209     0.380      1.711     1
    price    0.137    0.209    -0.529      0.803     2
    >>> round(result.r_squared, 3)
    0.925
    """
    from statsmodels.regression.linear_model import OLS

    parsed = _items(items)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence: expected a level between 0 and 1, got {confidence}")
    cols = [i.perceived for i in parsed]
    require_columns(survey, [*cols, outcome], "survey")
    n, k = len(survey), len(parsed)
    if n < k + 2:
        raise ValueError(
            f"survey: {n} answers are too few to estimate {k} drivers; need at least {k + 2}"
        )
    y = as_float_array(survey[outcome], f"survey['{outcome}']")
    x = np.column_stack([as_float_array(survey[c], f"survey['{c}']") for c in cols])
    sd_x = x.std(axis=0)
    flat = [c for c, s in zip(cols, sd_x, strict=True) if s == 0]
    if flat:
        raise ValueError(
            f"survey: column(s) {', '.join(map(repr, flat))} do not vary, so they cannot "
            "explain anything; leave them out of items"
        )
    if y.std() == 0:
        raise ValueError(f"survey['{outcome}']: does not vary; nothing to explain")
    zx = (x - x.mean(axis=0)) / sd_x
    zy = (y - y.mean()) / y.std()
    design = np.column_stack([np.ones(n), zx if standardize else x])
    fit = OLS(zy if standardize else y, design).fit()
    interval = fit.conf_int(alpha=1 - confidence)
    table = pd.DataFrame(
        {
            "coef": fit.params[1:],
            "std_err": fit.bse[1:],
            "t": fit.tvalues[1:],
            "p_value": fit.pvalues[1:],
            "conf_low": interval[1:, 0],
            "conf_high": interval[1:, 1],
            "correlation": (zx * zy[:, None]).mean(axis=0),
        },
        index=pd.Index([i.label for i in parsed], name="attribute"),
    )
    strength = table["coef"].abs() * (1.0 if standardize else sd_x)
    table["rank"] = strength.rank(ascending=False, method="first").astype(int)
    return DriversResult(
        coefficients=table.sort_values("rank"),
        r_squared=float(fit.rsquared),
        respondents=n,
    )
