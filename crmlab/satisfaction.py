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

from crmlab._purchases import AMOUNT, CUSTOMER, purchase_days
from crmlab._survey import (
    Items,
    check_scale,
    driver_matrix,
    last_day,
    rated_pairs,
    rows_until,
    share_true,
)
from crmlab._survey import scores as rating_scores
from crmlab._validate import (
    as_float_array,
    check_range,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.data import SURVEY_ATTRIBUTES

__all__ = [
    "ATTRIBUTE_NAMES",
    "COST_COLUMNS",
    "CSI_LABELS",
    "PART_NAMES",
    "VALUE_COLUMNS",
    "DriversResult",
    "NPSResult",
    "acsi_index",
    "complaints_by_satisfaction",
    "csi",
    "csi_by_attribute",
    "csi_fragility",
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
#: Chinese names of the eight parts of delivered value, in the course's words.
PART_NAMES: dict[str, str] = {
    "product_value": "产品价值",
    "service_value": "服务价值",
    "personnel_value": "人员价值",
    "image_value": "形象价值",
    "money_cost": "货币成本",
    "time_cost": "时间成本",
    "energy_cost": "体力成本",
    "psychic_cost": "精神成本",
}
#: Chinese names of the workbook survey's five attributes.
ATTRIBUTE_NAMES: dict[str, str] = {
    "quality": "质量",
    "style": "款式",
    "price": "价格",
    "service": "服务",
    "delivery": "配送",
}


_EPS = 1e-12  # absolute slack when testing C == 1 on floating-point ratios


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
    parsed, checked, scored = rated_pairs(survey, items, scale)
    rows = {}
    for item in parsed:
        imp = np.nan
        if item.importance is not None and item.importance in survey.columns:
            imp = float(rating_scores(survey, item.importance, checked).mean())
        exp, per = scored[item.label]
        rows[item.label] = (imp, float(exp.mean()), float(per.mean()))
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["importance", "expected", "perceived"]
    )
    table.loc["overall"] = table.mean(axis=0, skipna=False)
    labelled = csi(table["perceived"], table["expected"], tolerance=tolerance)
    out = pd.concat([table, labelled[["csi", "label", "label_cn"]]], axis=1)
    out.index.name = "attribute"
    return out


def csi_fragility(
    survey: pd.DataFrame,
    items: Items = SURVEY_ATTRIBUTES,
    *,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Why C = perceived ÷ expected is fragile: the same answers read four ways.

    A rating has no natural zero, so a ratio of two ratings depends on where the scale
    starts, and a mean of ratios is not a ratio of means; the gaps perceived − expected do
    not move. For every item, and ``overall`` (all items pooled):

    - ``csi``: the ratio of the mean scores (as :func:`csi_by_attribute`);
    - ``csi_mean_of_ratios``: the mean of each respondent's own ratio;
    - ``csi_from_zero``: the ratio of the means after recoding the scale to start at 0
      (every score minus the lowest score): the same answers, another coding;
    - ``gap``: the mean of perceived − expected, the same under any coding;
    - ``below_expectation``: the share of answers with perceived < expected (C < 1).

    Parameters
    ----------
    survey, items, scale
        As in :func:`csi_by_attribute`.

    Returns
    -------
    pandas.DataFrame
        Indexed by item, then ``overall``, with the five columns above (NaN in
        ``csi_from_zero`` when the mean expectation sits at the bottom of the scale).

    Examples
    --------
    >>> survey = pd.DataFrame({"expected_fit": [2, 8], "perceived_fit": [4, 6]})
    >>> print(csi_fragility(survey, ["fit"]).round(3).to_string(index_names=False))
             csi  csi_mean_of_ratios  csi_from_zero  gap  below_expectation
    fit      1.0               1.375          1.000  0.0                0.5
    overall  1.0               1.375          1.000  0.0                0.5
    """
    parsed, (low, _), pairs = rated_pairs(survey, items, scale)
    for item in parsed:
        if (pairs[item.label][0] <= 0).any():
            raise ValueError(
                f"survey['{item.expected}']: a respondent's ratio needs expectations above 0; "
                "recode a 0-based scale to start at 1"
            )
    pairs["overall"] = tuple(np.concatenate(arrays) for arrays in zip(*pairs.values(), strict=True))
    rows = {}
    for label, (exp, per) in pairs.items():
        shifted = exp.mean() - low
        rows[label] = {
            "csi": per.mean() / exp.mean(),
            "csi_mean_of_ratios": float(np.mean(per / exp)),
            "csi_from_zero": (per.mean() - low) / shifted if shifted > 0 else np.nan,
            "gap": float(np.mean(per - exp)),
            "below_expectation": float(np.mean(per < exp)),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
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
    - purchase amount (购买额): mean amount bought per buying customer (data's currency).

    Buying customers and purchases come from ``transactions`` (returned lines left out with
    ``exclude_returns``). A measure whose table is ``None`` is left out of the result.

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
    end = last_day(survey, transactions, observation_end)
    values: dict[str, float] = {}
    if survey is not None:
        require_columns(survey, ["speaks_well", "named_first"], "survey")
        survey = rows_until(survey, "survey_date", end, "survey")
        require_nonempty(survey, "survey")
        values["reputation"] = share_true(survey, "speaks_well")
        values["named_first"] = share_true(survey, "named_first")
    if transactions is not None:
        days = purchase_days(transactions, amount=True, exclude_returns=exclude_returns)
        if end is not None:
            days = days.loc[days["day"] <= end]
        require_nonempty(days, "transactions")
        per_customer = days.groupby(CUSTOMER, observed=True)[AMOUNT].agg(["size", "sum"])
        values["return_rate"] = float((per_customer["size"] >= 2).mean())
        if service_contacts is not None:
            require_columns(service_contacts, ["contact_type"], "service_contacts")
            contacts = rows_until(service_contacts, "contact_date", end, "service_contacts")
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


def complaints_by_satisfaction(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame,
    *,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Who complains (投诉): complaints of the respondents by their overall satisfaction.

    Groups the respondents by ``overall_satisfaction`` with their complaints
    (``contact_type`` = ``"complaint"``) and purchases (customer-days) on record: do the
    dissatisfied complain, and how often per purchase (the fair rate: the satisfied buy more)?

    Parameters
    ----------
    survey
        ``customer_id`` and ``overall_satisfaction`` (one answer per customer; the latest
        counts when a customer answered more than once).
    transactions, service_contacts
        The order lines and the service contacts (``customer_id``, ``contact_type``), as
        far as the analysis sees them (cut them at the observation end first).
    exclude_returns
        Leave lines flagged ``returned`` out of the purchases.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``overall_satisfaction``: ``respondents``, ``complained`` (respondents
        with at least one complaint), ``complained_share``, ``purchases`` and
        ``complaints_per_purchase``.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b", "c"], "overall_satisfaction": [1, 1, 5]})
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "c", "c"],
    ...                    "order_date": ["2024-01-02", "2024-01-05", "2024-01-02", "2024-02-01"],
    ...                    "amount": [10.0, 20.0, 30.0, 40.0]})
    >>> contacts = pd.DataFrame({"customer_id": ["a", "c", "c"],
    ...                          "contact_type": ["complaint", "inquiry", "complaint"]})
    >>> table = complaints_by_satisfaction(survey, tx, contacts)
    >>> table[["respondents", "complained", "complained_share"]].to_dict("list")
    {'respondents': [2, 1], 'complained': [1, 1], 'complained_share': [0.5, 1.0]}
    >>> table["complaints_per_purchase"].tolist()  # a: 1 of 1, b: 0 of 1; c: 1 of 2
    [0.5, 0.5]
    """
    require_columns(survey, [CUSTOMER, "overall_satisfaction"], "survey")
    require_columns(service_contacts, [CUSTOMER, "contact_type"], "service_contacts")
    require_nonempty(survey, "survey")
    level = survey.groupby(CUSTOMER, sort=False)["overall_satisfaction"].last()
    as_float_array(level, "survey['overall_satisfaction']")
    is_complaint = (service_contacts["contact_type"] == "complaint").to_numpy()
    complaints = service_contacts.loc[is_complaint].groupby(CUSTOMER).size()
    days = purchase_days(transactions, exclude_returns=exclude_returns)
    purchases = days.groupby(CUSTOMER, observed=True).size()
    per = pd.DataFrame(
        {
            "level": level,
            "complaints": complaints.reindex(level.index, fill_value=0),
            "purchases": purchases.reindex(level.index, fill_value=0),
        }
    )
    grouped = per.groupby("level")
    out = pd.DataFrame(
        {
            "respondents": grouped.size(),
            "complained": grouped["complaints"].apply(lambda k: int((k > 0).sum())),
            "purchases": grouped["purchases"].sum(),
        }
    )
    out.insert(2, "complained_share", out["complained"] / out["respondents"])
    total = grouped["complaints"].sum()
    out["complaints_per_purchase"] = total / out["purchases"].where(out["purchases"] > 0)
    out.index.name = "overall_satisfaction"
    return out


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
        ``standardize`` in standard deviations of the outcome per standard deviation of the
        item), ``std_err``, ``t``, ``p_value``, ``conf_low`` and ``conf_high`` (the
        confidence interval), ``correlation`` (with the outcome) and ``rank`` (1 = strongest,
        by the absolute standardised coefficient).
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
    on: str = "perceived",
    standardize: bool = True,
    confidence: float = 0.95,
) -> DriversResult:
    """Which attributes drive overall satisfaction: OLS of the outcome on the item scores.

    The outcome is regressed, with an intercept, by ordinary least squares
    (``statsmodels``) on every item's perceived score (``on="perceived"``) or on its gap
    perceived − expected (``on="gap"``, the disconfirmation of expectations, Oliver 1980),
    so each coefficient comes with its standard error, t, p-value and confidence interval.
    Perceived scores carry each respondent's general level of expectation, which the
    items share; the gaps take it out. With ``standardize`` the outcome and the scores are
    z-scores first, so coefficients compare across items. Correlated items share their
    influence: read the coefficients with their intervals and the simple correlations.

    Parameters
    ----------
    survey
        One row per respondent.
    items
        Attribute names ``a`` (read from ``perceived_a`` and, for gaps, ``expected_a``),
        or ``(expected, perceived)`` column pairs, or ``{label: (expected, perceived)}``.
    outcome
        The overall-satisfaction column.
    on
        ``"perceived"`` or ``"gap"``: what each item contributes to the regression.
    standardize
        Regress z-scores (True) or the raw scores (False: outcome points per rating point).
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

    When everyone expects the same, the gaps are the perceived scores shifted, and the
    coefficients do not change:

    >>> same_hopes = survey.assign(expected_quality=4, expected_price=2)
    >>> gap = satisfaction_drivers(same_hopes, ["quality", "price"], on="gap")
    >>> bool(np.allclose(gap.coefficients["coef"], result.coefficients["coef"]))
    True
    """
    from statsmodels.regression.linear_model import OLS

    if not 0 < confidence < 1:
        raise ValueError(f"confidence: expected a level between 0 and 1, got {confidence}")
    labels, x, y = driver_matrix(survey, items, outcome=outcome, on=on)
    n, sd_x = len(y), x.std(axis=0)
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
        index=pd.Index(labels, name="attribute"),
    )
    strength = table["coef"].abs() * (1.0 if standardize else sd_x)
    table["rank"] = strength.rank(ascending=False, method="first").astype(int)
    return DriversResult(
        coefficients=table.sort_values("rank"),
        r_squared=float(fit.rsquared),
        respondents=n,
    )
