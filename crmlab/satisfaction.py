"""Customer satisfaction (客户满意): CSI, delivered value, the five measures, NPS, IPA, Kano.

Chapter 05 of the course. Satisfaction is the feeling that comes from comparing the
perceived performance of an offer with what the customer expected (Kotler); the course
measures it with the satisfaction index (CSI) C = perceived ÷ expected.

Data requirements: a ``survey`` table with, for each attribute ``a`` of
:data:`SURVEY_ATTRIBUTES`, the columns ``importance_a``, ``expected_a`` and ``perceived_a``
(1-10), the eight delivered-value items (1-10), ``overall_satisfaction`` (1-5),
``likelihood_to_recommend`` (0-10), ``named_first`` and ``speaks_well`` (bool). Every column
name is a keyword argument, so an analyst can map their own survey onto it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import (
    as_float_array,
    check_range,
    require_columns,
    require_nonempty,
    row_list,
)
from crmlab.data._schema import SURVEY_ATTRIBUTES

__all__ = [
    "COST_COLUMNS",
    "CSI_LABELS",
    "IPA_QUADRANTS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "SURVEY_ATTRIBUTES",
    "VALUE_COLUMNS",
    "DriversResult",
    "KanoResult",
    "NPSResult",
    "acsi_index",
    "csi",
    "csi_by_attribute",
    "csi_label",
    "delivered_value",
    "importance_performance",
    "kano_classify",
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

#: Importance–Performance quadrants (Martilla & James 1977): English → Chinese.
IPA_QUADRANTS: dict[str, str] = {
    "concentrate here": "重点改进",
    "keep up the good work": "继续保持",
    "low priority": "低优先级",
    "possible overkill": "过度投入",
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

_KANO_ANSWERS = ("like", "expect", "neutral", "live-with", "dislike")

#: The Kano evaluation table: functional answer (rows) × dysfunctional answer (columns),
#: both ordered like / expect / neutral / live-with / dislike.
KANO_TABLE: pd.DataFrame = pd.DataFrame(
    [list("QAAAO"), list("RIIIM"), list("RIIIM"), list("RIIIM"), list("RRRRQ")],
    index=pd.Index(_KANO_ANSWERS, name="functional"),
    columns=pd.Index(_KANO_ANSWERS, name="dysfunctional"),
)

# spellings accepted for each Kano answer (lower-cased, with '_' and ' ' read as '-')
_KANO_SYNONYMS: dict[str, str] = {
    "like": "like",
    "like-it": "like",
    "i-like-it": "like",
    "expect": "expect",
    "must-be": "expect",
    "expect-it": "expect",
    "i-expect-it": "expect",
    "neutral": "neutral",
    "i-am-neutral": "neutral",
    "live-with": "live-with",
    "can-live-with": "live-with",
    "i-can-live-with-it": "live-with",
    "tolerate": "live-with",
    "dislike": "dislike",
    "i-dislike-it": "dislike",
    "喜欢": "like",
    "理应如此": "expect",
    "无所谓": "neutral",
    "能忍受": "live-with",
    "不喜欢": "dislike",
}

# ties between Kano categories are broken M > O > A > I (Kano's rule), then R, Q
_KANO_PRIORITY = ("M", "O", "A", "I", "R", "Q")

# absolute slack used when testing C == 1 on floating-point ratios
_EPS = 1e-12


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
    attributes: Sequence[str] = SURVEY_ATTRIBUTES,
    *,
    expected_prefix: str = "expected_",
    perceived_prefix: str = "perceived_",
    importance_prefix: str = "importance_",
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """CSI per survey attribute and overall, from the mean scores.

    For each attribute ``a`` the mean of ``expected_a`` and ``perceived_a`` over the
    respondents gives ``csi = perceived ÷ expected``. The ``overall`` row divides the mean
    perceived score over all attributes by the mean expected score (equal attribute
    weights). ``importance`` is the mean ``importance_a`` when those columns exist, else NaN.

    Returns
    -------
    pandas.DataFrame
        Indexed by attribute (then ``overall``), columns ``importance``, ``expected``,
        ``perceived``, ``csi``, ``label``, ``label_cn``.

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
    """
    attributes = list(attributes)
    if not attributes:
        raise ValueError("attributes: no attributes given; pass e.g. ['quality', 'price']")
    needed = [f"{pre}{a}" for a in attributes for pre in (expected_prefix, perceived_prefix)]
    require_columns(survey, needed, "survey")
    require_nonempty(survey, "survey")
    rows = {}
    for a in attributes:
        exp = as_float_array(survey[f"{expected_prefix}{a}"], f"survey['{expected_prefix}{a}']")
        per = as_float_array(survey[f"{perceived_prefix}{a}"], f"survey['{perceived_prefix}{a}']")
        imp_col = f"{importance_prefix}{a}"
        imp = (
            float(np.mean(as_float_array(survey[imp_col], f"survey['{imp_col}']")))
            if imp_col in survey.columns
            else np.nan
        )
        rows[a] = (imp, float(exp.mean()), float(per.mean()))
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
    value_cols: Sequence[str] = VALUE_COLUMNS,
    cost_cols: Sequence[str] = COST_COLUMNS,
) -> pd.DataFrame:
    """Customer delivered value (客户让渡价值) per respondent.

    Delivered value = total customer value (整体客户价值: product, service, personnel and
    image value) − total customer cost (整体客户成本: money, time, energy and psychic cost).

    Parameters
    ----------
    survey
        A survey frame with the eight columns, or one respondent's scores as a mapping /
        Series keyed by the column names (the widget's calculator uses plain numbers).
    value_cols, cost_cols
        Column names of the value and the cost components.

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
    value_cols, cost_cols = list(value_cols), list(cost_cols)
    require_columns(frame, value_cols + cost_cols, "survey")
    require_nonempty(frame, "survey")
    parts = {}
    for col in value_cols + cost_cols:
        arr = as_float_array(frame[col], f"survey['{col}']")
        check_range(pd.Series(arr, index=frame.index), f"survey['{col}']", low=0)
        parts[col] = arr
    total_value = np.sum([parts[c] for c in value_cols], axis=0)
    total_cost = np.sum([parts[c] for c in cost_cols], axis=0)
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


def _bool_share(series: pd.Series, what: str) -> float:
    values = series.to_numpy()
    if pd.isna(values).any():
        bad = series.index[pd.isna(values)]
        raise ValueError(f"{what}: {len(bad)} missing value(s) at {row_list(bad)}; fill them")
    try:
        flags = values.astype(bool)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: expected True/False values") from None
    return float(flags.mean())


def satisfaction_measures(
    survey: pd.DataFrame | None = None,
    transactions: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    *,
    complaint_base: str = "customer",
    exclude_returns: bool = True,
    speaks_well_col: str = "speaks_well",
    named_first_col: str = "named_first",
    customer_col: str = "customer_id",
    order_col: str = "order_id",
    amount_col: str = "amount",
    returned_col: str = "returned",
    contact_type_col: str = "contact_type",
    complaint_value: str = "complaint",
) -> pd.DataFrame:
    """The course's five satisfaction measures (客户满意度的衡量指标), as the data allow.

    - reputation (美誉度): share of respondents who speak well of us (``speaks_well``);
    - named first (指名度): share of respondents who name our brand first (``named_first``);
    - return rate (回头率): share of buying customers with two or more orders;
    - complaint rate (投诉率): complaints per buying customer (``complaint_base="customer"``)
      or per order (``complaint_base="order"``);
    - purchase amount (购买额): mean amount bought per buying customer (CNY).

    The buying customers and their orders come from ``transactions``; with
    ``exclude_returns`` returned lines do not count as purchases. A measure whose table is
    not given (``None``) is left out of the result.

    Returns
    -------
    pandas.DataFrame
        One row per measure, columns ``measure``, ``measure_cn``, ``value``, ``definition``.

    Examples
    --------
    >>> survey = pd.DataFrame({"speaks_well": [True, False, True, True],
    ...                        "named_first": [False, False, True, False]})
    >>> tx = pd.DataFrame({"order_id": ["O1", "O2", "O3"], "customer_id": ["C1", "C1", "C2"],
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
    """
    if complaint_base not in ("customer", "order"):
        raise ValueError(f"complaint_base: expected 'customer' or 'order', got {complaint_base!r}")
    if survey is None and transactions is None:
        raise ValueError("survey and transactions: pass at least one of them")
    rows: list[tuple[str, str, float, str]] = []
    if survey is not None:
        require_columns(survey, [speaks_well_col, named_first_col], "survey")
        require_nonempty(survey, "survey")
        rows.append(
            (
                "reputation",
                "美誉度",
                _bool_share(survey[speaks_well_col], f"survey['{speaks_well_col}']"),
                f"share of respondents with {speaks_well_col} = True",
            )
        )
        rows.append(
            (
                "named_first",
                "指名度",
                _bool_share(survey[named_first_col], f"survey['{named_first_col}']"),
                f"share of respondents with {named_first_col} = True",
            )
        )
    if transactions is not None:
        cols = [customer_col, order_col, amount_col] + ([returned_col] if exclude_returns else [])
        require_columns(transactions, cols, "transactions")
        tx = transactions
        if exclude_returns:
            tx = tx.loc[~tx[returned_col].astype(bool)]
        require_nonempty(tx, "transactions")
        orders = tx.groupby(customer_col, observed=True)[order_col].nunique()
        spend = tx.groupby(customer_col, observed=True)[amount_col].sum()
        n_customers = len(orders)
        n_orders = int(tx[order_col].nunique())
        rows.append(
            (
                "return_rate",
                "回头率",
                float((orders >= 2).mean()),
                "share of buying customers with 2 or more orders",
            )
        )
        if service_contacts is not None:
            require_columns(service_contacts, [contact_type_col], "service_contacts")
            complaints = int((service_contacts[contact_type_col] == complaint_value).sum())
            base = n_customers if complaint_base == "customer" else n_orders
            rows.append(
                (
                    "complaint_rate",
                    "投诉率",
                    complaints / base,
                    f"complaints per buying {complaint_base}",
                )
            )
        rows.append(
            (
                "purchase_amount",
                "购买额",
                float(spend.mean()),
                f"mean {amount_col} bought per buying customer",
            )
        )
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
) -> float:
    """ACSI-style satisfaction index (0-100) from 1-10 survey items.

    Index = Σ w_i (x̄_i − 1) / 9 × 100, where x̄_i is the mean of item i and the weights sum
    to 1. Without ``weights``, the ``perceived_<attribute>`` items of
    :data:`SURVEY_ATTRIBUTES` get equal weights.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_quality": [10, 8], "perceived_price": [1, 3]})
    >>> acsi_index(survey, {"perceived_quality": 0.5, "perceived_price": 0.5})
    50.0
    """
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
        values = as_float_array(survey[col], f"survey['{col}']")
        check_range(pd.Series(values, index=survey.index), f"survey['{col}']", low=1, high=10)
        total += weight * (values.mean() - 1.0) / 9.0 * 100.0
    return round(float(total), 10)


# --------------------------------------------------------------------------------------
# Importance–performance analysis
# --------------------------------------------------------------------------------------


def importance_performance(
    importance: Mapping[str, float] | pd.Series | Sequence[float],
    performance: Mapping[str, float] | pd.Series | Sequence[float],
    *,
    crosshair: str | tuple[float, float] = "mean",
    scale: tuple[float, float] = (1.0, 10.0),
) -> pd.DataFrame:
    """Importance–Performance Analysis quadrants (Martilla & James 1977).

    Each attribute is placed against a crosshair: high importance & low performance =
    *concentrate here* (重点改进); high & high = *keep up the good work* (继续保持);
    low & low = *low priority* (低优先级); low importance & high performance =
    *possible overkill* (过度投入). A value equal to the crosshair counts as high.

    Parameters
    ----------
    importance, performance
        Mean importance and mean performance per attribute (Series or mappings keyed by
        attribute, or sequences of the same length).
    crosshair
        ``"mean"`` (the means over the attributes, the data-centred crosshair),
        ``"midpoint"`` (the middle of ``scale``) or an explicit
        ``(importance_cut, performance_cut)`` pair.
    scale
        Lowest and highest possible score, used by ``crosshair="midpoint"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by attribute: ``importance``, ``performance``, ``importance_cut``,
        ``performance_cut``, ``quadrant``, ``quadrant_cn``.

    Examples
    --------
    >>> ipa = importance_performance({"quality": 9, "price": 8, "style": 5, "delivery": 4},
    ...                              {"quality": 8, "price": 4, "style": 9, "delivery": 3})
    >>> print(ipa[["importance", "performance", "quadrant"]].to_string(index_names=False))
              importance  performance               quadrant
    quality          9.0          8.0  keep up the good work
    price            8.0          4.0       concentrate here
    style            5.0          9.0      possible overkill
    delivery         4.0          3.0           low priority
    >>> ipa["quadrant_cn"].tolist()
    ['继续保持', '重点改进', '过度投入', '低优先级']
    """
    imp = _as_labelled(importance, "importance")
    perf = _as_labelled(performance, "performance")
    if len(imp) != len(perf):
        raise ValueError(f"importance and performance: lengths differ ({len(imp)} vs {len(perf)})")
    if not imp.index.equals(perf.index):
        if set(imp.index) != set(perf.index):
            raise ValueError(
                "importance and performance: different attributes "
                f"({sorted(map(str, imp.index))} vs {sorted(map(str, perf.index))})"
            )
        perf = perf.loc[imp.index]
    if isinstance(crosshair, str):
        if crosshair == "mean":
            cut_i, cut_p = float(imp.mean()), float(perf.mean())
        elif crosshair == "midpoint":
            low, high = scale
            if not high > low:
                raise ValueError(
                    f"scale: expected (lowest, highest) with lowest < highest, got {scale}"
                )
            cut_i = cut_p = (low + high) / 2
        else:
            raise ValueError(
                f"crosshair: expected 'mean', 'midpoint' or an (importance, performance) "
                f"pair, got {crosshair!r}"
            )
    else:
        try:
            cut_i, cut_p = (float(v) for v in crosshair)
        except (TypeError, ValueError):
            raise ValueError(
                f"crosshair: expected 'mean', 'midpoint' or an (importance, performance) "
                f"pair, got {crosshair!r}"
            ) from None
    high_i = imp.to_numpy() >= cut_i
    high_p = perf.to_numpy() >= cut_p
    quadrant = np.select(
        [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p],
        ["concentrate here", "keep up the good work", "low priority"],
        default="possible overkill",
    )
    out = pd.DataFrame(
        {
            "importance": imp.to_numpy(),
            "performance": perf.to_numpy(),
            "importance_cut": cut_i,
            "performance_cut": cut_p,
            "quadrant": quadrant,
            "quadrant_cn": [IPA_QUADRANTS[q] for q in quadrant],
        },
        index=imp.index,
    )
    out.index.name = "attribute"
    return out


def _as_labelled(values: object, what: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values))
    else:
        series = pd.Series(list(values))  # type: ignore[call-overload]
    if len(series) == 0:
        raise ValueError(f"{what}: no attributes given")
    arr = as_float_array(series.to_numpy(), what)
    return pd.Series(arr, index=series.index, name=what)


# --------------------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KanoResult:
    """Kano classification.

    Attributes
    ----------
    categories
        One Kano code (A, O, M, I, R, Q) per respondent (rows) and feature (columns).
    summary
        Per feature: counts ``A``, ``O``, ``M``, ``I``, ``R``, ``Q``, ``respondents``, the
        most frequent ``category`` (ties broken M > O > A > I > R > Q), its ``category_name``
        and ``category_cn``, and the coefficients ``better`` = (A+O)/(A+O+M+I) and
        ``worse`` = −(O+M)/(A+O+M+I).
    """

    categories: pd.DataFrame
    summary: pd.DataFrame


def _kano_answers(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    def norm(value: object) -> object:
        if isinstance(value, (bool, np.bool_)):
            return None
        if isinstance(value, (int, float, np.integer, np.floating)):
            if not np.isfinite(value) or value != int(value) or not 1 <= value <= 5:
                return None
            return _KANO_ANSWERS[int(value) - 1]
        if isinstance(value, str):
            key = value.strip().lower().replace("_", "-").replace(" ", "-")
            return _KANO_SYNONYMS.get(key)
        return None

    out = frame.map(norm)
    bad = out.isna()
    if bad.to_numpy().any():
        rows = frame.index[bad.any(axis=1).to_numpy()]
        col = frame.columns[bad.any(axis=0).to_numpy()][0]
        example = frame.loc[bad[col], col].iloc[0]
        raise ValueError(
            f"{what}: {int(bad.to_numpy().sum())} answer(s) not understood (e.g. {example!r} "
            f"in column {col!r}) at {row_list(rows)}; use like / expect / neutral / "
            "live-with / dislike or 1-5 in that order"
        )
    return out


def kano_classify(
    functional: pd.DataFrame | pd.Series,
    dysfunctional: pd.DataFrame | pd.Series,
) -> KanoResult:
    """Kano categories (Kano 模型) per respondent and feature, with Better/Worse coefficients.

    Each feature is asked twice: how the respondent feels if it is present (functional)
    and if it is absent (dysfunctional). Answers are like / expect / neutral / live-with /
    dislike (or 1-5 in that order; "must-be" and "tolerate" are read as expect and
    live-with). The pair is classified with the Kano evaluation table :data:`KANO_TABLE`:
    attractive (A, 魅力质量), one-dimensional (O, 期望质量), must-be (M, 必备质量),
    indifferent (I, 无差异质量), reverse (R, 反向质量), questionable (Q, 可疑结果).

    Parameters
    ----------
    functional, dysfunctional
        Answers with respondents as rows and features as columns (same shape and labels);
        a Series is one feature.

    Examples
    --------
    >>> functional = pd.DataFrame({"free_returns": ["like", "expect", "like", 1],
    ...                            "gift_wrap": ["neutral", "like", "neutral", "neutral"]})
    >>> dysfunctional = pd.DataFrame({"free_returns": ["dislike", "dislike", "neutral", 5],
    ...                               "gift_wrap": ["neutral", "neutral", "neutral", "live-with"]})
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
    if isinstance(functional, pd.Series):
        functional = functional.to_frame(
            functional.name if functional.name is not None else "feature"
        )
    if isinstance(dysfunctional, pd.Series):
        dysfunctional = dysfunctional.to_frame(
            dysfunctional.name if dysfunctional.name is not None else "feature"
        )
    if not isinstance(functional, pd.DataFrame) or not isinstance(dysfunctional, pd.DataFrame):
        raise TypeError("functional and dysfunctional: expected pandas DataFrames or Series")
    require_nonempty(functional, "functional")
    if functional.shape != dysfunctional.shape or not (
        functional.columns.equals(dysfunctional.columns)
        and functional.index.equals(dysfunctional.index)
    ):
        raise ValueError(
            "functional and dysfunctional: must have the same respondents (rows) and "
            f"features (columns); got shapes {functional.shape} and {dysfunctional.shape}"
        )
    f = _kano_answers(functional, "functional")
    d = _kano_answers(dysfunctional, "dysfunctional")
    lookup = KANO_TABLE.stack().to_dict()
    categories = pd.DataFrame(
        {col: [lookup[(a, b)] for a, b in zip(f[col], d[col], strict=True)] for col in f.columns},
        index=functional.index,
    )
    counts = pd.DataFrame(
        {code: (categories == code).sum(axis=0) for code in ("A", "O", "M", "I", "R", "Q")}
    ).astype(int)
    counts["respondents"] = len(categories)
    priority = list(_KANO_PRIORITY)
    top = counts[priority].idxmax(axis=1)  # idxmax keeps the first of ties: priority order
    counts["category"] = top
    counts["category_name"] = [KANO_CATEGORIES[c][0] for c in top]
    counts["category_cn"] = [KANO_CATEGORIES[c][1] for c in top]
    base = (counts["A"] + counts["O"] + counts["M"] + counts["I"]).astype(float)
    safe = base.where(base > 0)
    counts["better"] = (counts["A"] + counts["O"]) / safe
    counts["worse"] = 0.0 - (counts["O"] + counts["M"]) / safe  # 0.0 - x: no "-0.0"
    counts = counts.rename_axis("feature")
    return KanoResult(categories=categories, summary=counts)


# --------------------------------------------------------------------------------------
# Drivers of overall satisfaction
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriversResult:
    """Key-driver regression of overall satisfaction.

    Attributes
    ----------
    coefficients
        Indexed by attribute: ``coefficient`` (standardised OLS coefficient: the change in
        standard deviations of the outcome per standard deviation of the attribute),
        ``correlation`` (simple correlation with the outcome), ``rank`` (1 = strongest
        driver, by the absolute coefficient); sorted by rank.
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
    attributes: Sequence[str] = SURVEY_ATTRIBUTES,
    *,
    outcome_col: str = "overall_satisfaction",
    perceived_prefix: str = "perceived_",
) -> DriversResult:
    """Which attributes drive overall satisfaction: OLS on standardised perceived scores.

    The outcome and every ``perceived_<attribute>`` score are standardised (z-scores), then
    regressed by least squares (``numpy.linalg.lstsq``), so coefficients are comparable
    across attributes. Correlated attributes share their influence; read the coefficients
    together with the simple correlations.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_quality": [1, 2, 3, 4, 5, 6],
    ...                        "perceived_price": [3, 1, 2, 2, 1, 1],
    ...                        "overall_satisfaction": [1, 1, 2, 2, 3, 3]})
    >>> result = satisfaction_drivers(survey, ["quality", "price"])
    >>> print(result.coefficients.round(3).to_string(index_names=False))
             coefficient  correlation  rank
    quality        1.046        0.956     1
    price          0.137       -0.548     2
    >>> round(result.r_squared, 3)
    0.925
    """
    attributes = list(attributes)
    if not attributes:
        raise ValueError("attributes: no attributes given; pass e.g. ['quality', 'price']")
    cols = [f"{perceived_prefix}{a}" for a in attributes]
    require_columns(survey, [*cols, outcome_col], "survey")
    n = len(survey)
    if n < len(attributes) + 2:
        raise ValueError(
            f"survey: {n} answers are too few to estimate {len(attributes)} drivers; "
            f"need at least {len(attributes) + 2}"
        )
    y = as_float_array(survey[outcome_col], f"survey['{outcome_col}']")
    x = np.column_stack([as_float_array(survey[c], f"survey['{c}']") for c in cols])
    sd_x = x.std(axis=0)
    flat = [c for c, s in zip(cols, sd_x, strict=True) if s == 0]
    if flat:
        raise ValueError(
            f"survey: column(s) {', '.join(map(repr, flat))} do not vary, so they cannot "
            "explain anything; leave them out of attributes"
        )
    if y.std() == 0:
        raise ValueError(f"survey['{outcome_col}']: does not vary; nothing to explain")
    zx = (x - x.mean(axis=0)) / sd_x
    zy = (y - y.mean()) / y.std()
    beta, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    residual = zy - zx @ beta
    r_squared = float(1.0 - residual @ residual / (zy @ zy))
    correlation = (zx * zy[:, None]).mean(axis=0)
    table = pd.DataFrame(
        {"coefficient": beta, "correlation": correlation},
        index=pd.Index(attributes, name="attribute"),
    )
    table["rank"] = table["coefficient"].abs().rank(ascending=False, method="first").astype(int)
    return DriversResult(coefficients=table.sort_values("rank"), r_squared=r_squared, respondents=n)
