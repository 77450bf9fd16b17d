"""RFM analysis (RFM 分析) and the customer summaries of the BTYD models.

Two traditions use the same words for different things. Keep them apart:

==========  =====================================  =========================================
quantity    RFM (:func:`rfm_table`)                BG/NBD (:func:`btyd_summary`)
==========  =====================================  =========================================
recency     days from the **last** purchase to     time from the **first** to the last
            the observation end (smaller is        purchase (``t_x``; larger means the
            better)                                customer bought more lately)
frequency   number of orders, the first one        number of **repeat** purchase days
            included                               (``x``): orders on one day count once,
                                                   the first purchase day is not counted
monetary    mean order value (and ``total``)       mean spend per **repeat** purchase day
                                                   (0 when ``frequency`` is 0)
T           —                                      time from the first purchase to the
                                                   observation end (the customer's "age")
unit        days                                   ``time_unit``: weeks (``"W"``) by default
==========  =====================================  =========================================

Transactions are read in the data contract's names (``customer_id``, ``order_id``,
``order_date``, ``amount``, ``returned``) and, as everywhere in crmlab, returned lines do
not count (``exclude_returns=True``; a table without ``returned`` has none).
``observation_end`` is the last day the analysis sees (``None`` = the last day in the data);
``calibration_end`` splits :func:`btyd_summary` into a calibration and a hold-out period.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab._lazy_summaries import btyd_aggregates, is_pandas, rfm_aggregates
from crmlab._purchases import (
    AMOUNT,
    CUSTOMER,
    DATE,
    amounts,
    analysis_window,
    customer_codes,
    kept_lines,
    purchase_arrays,
)
from crmlab._validate import require_columns, require_nonempty, row_list

__all__ = [
    "CN_CLASSES",
    "CN_CLASSES_EN",
    "SEGMENT_NAMES_CN",
    "SEGMENT_PATTERNS",
    "btyd_summary",
    "rfm_scores",
    "rfm_segments",
    "rfm_segments_cn",
    "rfm_table",
]

#: Named RFM segments: anchored regular expressions on the two-digit "R score, F score" code.
#: Together they cover all 25 combinations of 1-5 scores exactly once.
SEGMENT_PATTERNS: dict[str, str] = {
    "champions": r"^5[4-5]$",
    "loyal": r"^[3-4][4-5]$",
    "potential loyalists": r"^[4-5][2-3]$",
    "new": r"^51$",
    "promising": r"^41$",
    "need attention": r"^33$",
    "about to sleep": r"^3[1-2]$",
    "at risk": r"^[1-2][3-4]$",
    "can't lose": r"^[1-2]5$",
    "hibernating": r"^[1-2][1-2]$",
}

#: Chinese names of the named RFM segments of :data:`SEGMENT_PATTERNS` (for charts and tables).
SEGMENT_NAMES_CN: dict[str, str] = {
    "champions": "冠军客户",
    "loyal": "忠诚客户",
    "potential loyalists": "潜在忠诚客户",
    "new": "新客户",
    "promising": "有希望的客户",
    "need attention": "需要关注的客户",
    "about to sleep": "即将沉睡的客户",
    "at risk": "有流失风险的客户",
    "can't lose": "不能失去的客户",
    "hibernating": "休眠客户",
}

#: The Chinese 8-class scheme: (R high, F high, M high) → class name.
CN_CLASSES: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}

#: English names of the eight Chinese classes (for charts and readers without Chinese), as in
#: the glossary.
#: 保持 is "maintain" (a frequent buyer who has not bought lately: keep in touch) and 挽留
#: is "retain" (persuade a drifting customer to stay, before she is lost); neither is
#: "win back" (挽回), which is for customers already lost (chapter 07).
CN_CLASSES_EN: dict[str, str] = {
    "重要价值客户": "important value customer",
    "重要发展客户": "important development customer",
    "重要保持客户": "important customer to maintain",
    "重要挽留客户": "important customer to retain",
    "一般价值客户": "general value customer",
    "一般发展客户": "general development customer",
    "一般保持客户": "general customer to maintain",
    "一般挽留客户": "general customer to retain",
}

_ORDER = "order_id"
#: decimals of ``monetary`` in ``btyd_summary(..., aggregate="monetary")``
_MONEY_DECIMALS = 6
_UNITS = {"D": 1.0, "W": 7.0}
_RFM_HINT = "pass the result of crmlab.rfm.rfm_table"


def rfm_table(
    transactions: object,
    observation_end: object = None,
    *,
    by_order: bool = True,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Recency, frequency and monetary value (RFM) of every customer.

    Parameters
    ----------
    transactions : DataFrame or lazy table
        Order lines (the data contract's ``transactions``): ``customer_id``,
        ``order_date``, ``amount`` and, with ``by_order``, ``order_id``. A pandas
        DataFrame, or a table of another engine — a DuckDB relation (e.g. from
        :func:`crmlab.data.scan`), a Polars DataFrame / LazyFrame, an Ibis table or a
        PySpark DataFrame — summarised inside that engine: the result is the same pandas
        table.
    observation_end : date-like, optional
        The day of the analysis; later lines are ignored. ``None``: the last day in the
        data.
    by_order : bool, default True
        Lines with the same ``order_id`` form one order; ``False`` counts every line as an
        order (no ``order_id`` needed).
    exclude_returns : bool, default True
        Leave out lines flagged ``returned`` (a table without that column has none).

    Returns
    -------
    DataFrame
        Indexed by customer id: ``recency`` (days since the last purchase, 最近一次消费),
        ``frequency`` (number of orders, 消费频率), ``monetary`` (mean order value,
        消费金额) and ``total`` (total spend).

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["A", "A", "A", "B"],
    ...     "order_id": ["o1", "o1", "o2", "o3"],
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-03-01", "2025-02-01"]),
    ...     "amount": [10.0, 20.0, 60.0, 50.0]})
    >>> rfm_table(tx, "2025-03-31")
                 recency  frequency  monetary  total
    customer_id
    A                 30          2      45.0   90.0
    B                 58          1      50.0   50.0
    >>> rfm_table(tx)["recency"].tolist()  # observation_end: the last day, 1 March
    [0, 28]

    The same table from a DuckDB relation, computed inside DuckDB:

    >>> import duckdb
    >>> rfm_table(duckdb.from_df(tx), "2025-03-31").equals(rfm_table(tx, "2025-03-31"))
    True
    """
    if not is_pandas(transactions):
        agg, end = rfm_aggregates(
            transactions, observation_end, by_order=by_order, exclude_returns=exclude_returns
        )
        if len(agg) == 0:
            raise ValueError(
                f"transactions: no purchases on or before observation_end {end.date()}; "
                "check the date"
            )
        agg = agg.set_index(CUSTOMER).sort_index()
        return _rfm_result(end - agg["last"], agg["frequency"], agg["total"])
    required = [CUSTOMER, DATE, AMOUNT] + ([_ORDER] if by_order else [])
    lines = kept_lines(transactions, required=required, exclude_returns=exclude_returns)
    end = analysis_window(transactions, observation_end).observation_end
    dates = lines[DATE].dt.normalize()
    keep = (dates <= end).to_numpy()
    lines, dates = lines.loc[keep], dates.loc[keep]
    if len(lines) == 0:
        raise ValueError(
            f"transactions: no purchases on or before observation_end {end.date()}; check the date"
        )
    customer_codes(lines)
    frame = pd.DataFrame(
        {
            "customer": lines[CUSTOMER].to_numpy(),
            "date": dates.to_numpy(),
            "amount": amounts(lines),
            "order": lines[_ORDER].to_numpy() if by_order else np.arange(len(lines)),
        }
    )
    grouped = frame.groupby("customer", sort=True)
    last = grouped["date"].max()
    return _rfm_result(end - last, grouped["order"].nunique(), grouped["amount"].sum())


def _rfm_result(since_last: pd.Series, frequency: pd.Series, total: pd.Series) -> pd.DataFrame:
    """The RFM table from per-customer time since the last purchase, orders and spend."""
    result = pd.DataFrame(
        {
            "recency": since_last.dt.days.astype("int64"),
            "frequency": frequency.astype("int64"),
            "total": total.astype(float),
        }
    )
    result.insert(2, "monetary", result["total"] / result["frequency"])
    result.index.name = CUSTOMER
    return result


def _numeric_columns(rfm: pd.DataFrame, columns: list[str]) -> dict[str, np.ndarray]:
    """The ``columns`` of ``rfm`` as float arrays; ValueError naming missing or bad values."""
    require_columns(rfm, columns, "rfm", hint=_RFM_HINT)
    require_nonempty(rfm, "rfm")
    values = {}
    for col in columns:
        series = pd.to_numeric(rfm[col], errors="coerce")
        bad = series.isna().to_numpy()
        if bad.any():
            raise ValueError(
                f"rfm: column {col!r} has missing or non-numeric value(s) at "
                f"{row_list(rfm.index[bad])}"
            )
        values[col] = series
    return values


def _tie_aware_scores(values: np.ndarray, bins: int, *, higher_is_better: bool) -> np.ndarray:
    """Scores 1…``bins`` of ``values``: equal values share a score (see :func:`rfm_scores`)."""
    oriented = values if higher_is_better else -values
    ordered = np.sort(oriented)
    worse = np.searchsorted(ordered, oriented, side="left")
    better = ordered.size - np.searchsorted(ordered, oriented, side="right")
    others = worse + better  # customers whose value differs from this customer's
    scores = np.where(others > 0, 1 + (bins * worse) // np.maximum(others, 1), 1 + bins // 2)
    return np.minimum(scores, bins).astype("int64")


def rfm_scores(rfm: pd.DataFrame, bins: int = 5, *, monetary: str = "monetary") -> pd.DataFrame:
    """Score recency, frequency and monetary value 1…``bins`` (quintiles by default, 5 best).

    Equal values get equal scores, and a score depends only on the values: never on the
    order of the rows or on the customer ids. Each column is scored on its own. A customer's
    place p is the share of the *other* customers — those whose value differs from
    theirs — that have a worse value (for recency: more days since the last purchase),

        p = worse / (worse + better),   score = min(bins, 1 + ⌊bins · p⌋),

    so the worst value always scores 1 and the best value always scores ``bins``. With all
    values distinct, customer k of n (k = 1 the worst) has p = (k − 1) / (n − 1): the
    percentile rank, cut into ``bins`` groups whose sizes differ by at most one. Tied values
    move as one block, so the groups are then not equal-sized and a score level may stay
    empty: when most customers ordered once, they all get F = 1, however many they are —
    that is the shape of the data, not an error. A column whose values are all equal tells
    nothing about the customers; everyone then gets the middle score 1 + ⌊bins / 2⌋ (3 of 5).

    Parameters
    ----------
    rfm : DataFrame
        The result of :func:`rfm_table`: ``recency``, ``frequency`` and ``monetary``.
    bins : int, default 5
        Number of score levels, 2 to 9.
    monetary : str, default "monetary"
        The column scored as M: ``"monetary"`` (mean order value) or ``"total"`` (total
        spend).

    Returns
    -------
    DataFrame
        Indexed like ``rfm``: ``r_score``, ``f_score``, ``m_score`` (int) and ``rfm_code``
        (e.g. ``"543"``).

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 40, 200, 90, 10],
    ...                     "frequency": [9, 3, 1, 2, 4],
    ...                     "monetary": [80.0, 50.0, 20.0, 30.0, 60.0]},
    ...                    index=["A", "B", "C", "D", "E"])
    >>> rfm_scores(rfm)
       r_score  f_score  m_score rfm_code
    A        5        5        5      555
    B        3        3        3      333
    C        1        1        1      111
    D        2        2        2      222
    E        4        4        4      444

    Tied customers share a score: the three one-order customers all get F = 1.

    >>> rfm.loc["D", "frequency"] = 1
    >>> rfm.loc["B", "frequency"] = 1
    >>> rfm_scores(rfm)["f_score"].tolist()
    [5, 1, 1, 1, 4]
    """
    values = _numeric_columns(rfm, ["recency", "frequency", monetary])
    if int(bins) != bins or bins < 2 or bins > 9:
        raise ValueError(f"bins: a whole number from 2 to 9, got {bins}")
    bins = int(bins)

    def score(col: str, higher_is_better: bool) -> np.ndarray:
        array = values[col].to_numpy(dtype=float)
        return _tie_aware_scores(array, bins, higher_is_better=higher_is_better)

    result = pd.DataFrame(
        {
            "r_score": score("recency", higher_is_better=False),
            "f_score": score("frequency", higher_is_better=True),
            "m_score": score(monetary, higher_is_better=True),
        },
        index=rfm.index,
    )
    result["rfm_code"] = (
        result["r_score"].astype(str)
        + result["f_score"].astype(str)
        + result["m_score"].astype(str)
    )
    return result


def rfm_segments(scores: pd.DataFrame) -> pd.Series:
    """Named segments from the R and F scores (1-5), e.g. champions, at risk, hibernating.

    The segments and their patterns are in :data:`SEGMENT_PATTERNS` (a widespread
    convention; the regular expressions are anchored and cover all 25 combinations).

    Parameters
    ----------
    scores : DataFrame
        The result of :func:`rfm_scores` with ``bins=5``: ``r_score`` and ``f_score``.

    Returns
    -------
    Series
        Ordered categorical named ``segment``, indexed like ``scores``.

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 5, 3]}, index=["A", "B", "C"])
    >>> rfm_segments(scores).tolist()
    ['champions', "can't lose", 'need attention']
    """
    columns = ["r_score", "f_score"]
    require_columns(scores, columns, "scores", hint="pass the result of crmlab.rfm.rfm_scores")
    for col in columns:
        values = pd.to_numeric(scores[col], errors="coerce")
        bad = (~values.isin([1, 2, 3, 4, 5])).to_numpy()
        if bad.any():
            raise ValueError(
                f"scores: column {col!r} must hold scores 1-5 (from rfm_scores with bins=5), "
                f"not at {row_list(scores.index[bad])}"
            )
    r_code, f_code = (scores[col].astype("int64").astype(str) for col in columns)
    code = r_code + f_code
    labels = pd.Series(pd.NA, index=scores.index, dtype=object)
    for name, pattern in SEGMENT_PATTERNS.items():
        labels = labels.mask(code.str.match(pattern).to_numpy(), name)
    return pd.Series(
        pd.Categorical(labels, categories=list(SEGMENT_PATTERNS), ordered=True),
        index=scores.index,
        name="segment",
    )


def rfm_segments_cn(rfm: pd.DataFrame, *, monetary: str = "monetary") -> pd.Series:
    """The Chinese 8-class RFM scheme (八类客户): compare R, F and M with their means.

    "High R" means recent: recency at or below the mean recency. High F and high M mean at
    or above the mean.

    Parameters
    ----------
    rfm : DataFrame
        The result of :func:`rfm_table`: ``recency``, ``frequency`` and ``monetary``.
    monetary : str, default "monetary"
        The column compared as M: ``"monetary"`` (mean order value) or ``"total"`` (total
        spend).

    Returns
    -------
    Series
        Categorical named ``segment_cn``: 重要价值客户 (high R, F, M), 重要发展客户
        (high, low, high), 重要保持客户 (low, high, high: important to maintain),
        重要挽留客户 (low, low, high: important to retain — persuade her to stay before she
        is lost; not "win back", 挽回, which is for customers already lost), and the same
        patterns with low M: 一般价值/一般发展/一般保持/一般挽留客户. English names:
        :data:`CN_CLASSES_EN`.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 300, 10, 200],
    ...                     "frequency": [9, 8, 1, 1],
    ...                     "monetary": [80.0, 90.0, 20.0, 30.0]}, index=list("ABCD"))
    >>> rfm_segments_cn(rfm).tolist()
    ['重要价值客户', '重要保持客户', '一般发展客户', '一般挽留客户']
    """
    values = {
        col: series.to_numpy(dtype=float)
        for col, series in _numeric_columns(rfm, ["recency", "frequency", monetary]).items()
    }
    r_high = values["recency"] <= values["recency"].mean()
    f_high = values["frequency"] >= values["frequency"].mean()
    m_high = values[monetary] >= values[monetary].mean()
    labels = [CN_CLASSES[key] for key in zip(r_high, f_high, m_high, strict=True)]
    return pd.Series(
        pd.Categorical(labels, categories=list(CN_CLASSES.values())),
        index=rfm.index,
        name="segment_cn",
    )


def btyd_summary(
    transactions: object,
    observation_end: object = None,
    calibration_end: object = None,
    *,
    holdout: bool = False,
    time_unit: str = "W",
    monetary: bool = True,
    exclude_returns: bool = True,
    aggregate: bool | str = False,
) -> pd.DataFrame:
    """Customer summary for the BG/NBD and Gamma-Gamma models (``crmlab.models``).

    Purchases are aggregated per customer and **day**: several orders on one day are one
    purchase, their amounts added up. Then, for every customer with a purchase on or before
    the end of the (calibration) period:

    - ``frequency`` x: number of *repeat* purchase days (all purchase days but the first);
    - ``recency`` t_x: time from the first to the last purchase day — not RFM's recency!
    - ``T``: time from the first purchase day to the end of the period;
    - ``monetary``: mean spend per repeat purchase day (the first day excluded), 0 when
      ``frequency`` is 0.

    ==========  ==================================  ======================================
    quantity    RFM (``rfm_table``)                 BG/NBD (this function)
    ==========  ==================================  ======================================
    recency     days since the last purchase        first → last purchase
    frequency   all orders                          repeat purchase days
    monetary    mean order value                    mean spend per repeat purchase day
    ==========  ==================================  ======================================

    Times are day differences divided by 1 (``time_unit="D"``) or 7 (``"W"``): the same
    numbers as lifetimes' ``summary_data_from_transaction_data(..., freq="D",
    freq_multiplier=7)`` for weeks. (lifetimes with ``freq="W"`` instead bins dates into
    calendar weeks, so purchases in one week count once.)

    Parameters
    ----------
    transactions : DataFrame or lazy table
        Order lines (the data contract's ``transactions``): ``customer_id``, ``order_date``
        and, with ``monetary``, ``amount``. A pandas DataFrame, or a DuckDB relation
        (e.g. from :func:`crmlab.data.scan`), a Polars DataFrame / LazyFrame, an Ibis
        table or a PySpark DataFrame, summarised inside its engine (same result).
    observation_end : date-like, optional
        Last day of observation; later lines are ignored. ``None``: the last day in the data.
    calibration_end : date-like, optional
        Split into a calibration period (up to and including this day), summarised as above,
        and a hold-out period (after it, up to ``observation_end``). Adds
        ``frequency_holdout`` (purchase days in the hold-out) and ``duration_holdout``
        (its length). Only customers whose first purchase is in the calibration period are
        kept. ``None``: no split, unless ``holdout=True``.
    holdout : bool, default False
        Split even though ``calibration_end`` is ``None``: at one year before
        ``observation_end`` (or two thirds of the way through data shorter than three
        years).
    time_unit : {"W", "D"}, default "W"
        Unit of ``recency``, ``T`` and ``duration_holdout``.
    monetary : bool, default True
        Add ``monetary`` (needs ``amount``); ``False`` leaves it out.
    exclude_returns : bool, default True
        Leave out lines flagged ``returned`` (a table without that column has none).
    aggregate : {False, True, "monetary"}, default False
        ``False``: one row per customer. ``True``: one row per distinct
        ``(frequency, recency, T)`` (with the hold-out columns when split) and a ``weight``
        column counting its customers — all the BG/NBD fit needs
        (``models.fit_bgnbd(..., weights=summary["weight"])``); ``monetary`` is left out.
        ``"monetary"``: one row per distinct ``(frequency, monetary)`` of the customers
        with a repeat purchase and a ``weight``, what the Gamma-Gamma fit needs
        (``monetary`` is the repeat spend rounded to 6 decimals divided by ``frequency``,
        so that sums an engine adds in another order fall together). Ten million
        customers shrink to a few hundred thousand rows.

    Returns
    -------
    DataFrame
        One row per customer, indexed by customer id (sorted), float columns ``frequency``,
        ``recency``, ``T``, ``monetary`` [, ``frequency_holdout``, ``duration_holdout``].
        Read the age column as ``summary["T"]``: ``summary.T`` is pandas' transpose.
        Aggregated: the key columns sorted, then ``weight`` (int64), index 0 … n−1.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["A", "A", "A", "B"],
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-15", "2025-01-08"]),
    ...     "amount": [10.0, 20.0, 60.0, 50.0]})
    >>> btyd_summary(tx, "2025-01-29")
                 frequency  recency    T  monetary
    customer_id
    A                  1.0      2.0  4.0      60.0
    B                  0.0      0.0  3.0       0.0
    >>> split = btyd_summary(tx, "2025-01-29", calibration_end="2025-01-08")
    >>> split[["frequency", "T", "frequency_holdout", "duration_holdout"]]
                 frequency    T  frequency_holdout  duration_holdout
    customer_id
    A                  0.0  1.0                1.0               3.0
    B                  0.0  0.0                0.0               3.0
    >>> btyd_summary(tx, "2025-01-29", aggregate=True)
       frequency  recency    T  weight
    0        0.0      0.0  3.0       1
    1        1.0      2.0  4.0       1
    """
    if time_unit not in _UNITS:
        raise ValueError(f"time_unit: 'W' (weeks) or 'D' (days), got {time_unit!r}")
    if aggregate not in (False, True, "monetary"):
        raise ValueError(f"aggregate: False, True or 'monetary', got {aggregate!r}")
    if aggregate == "monetary" and not monetary:
        raise ValueError("aggregate='monetary' needs monetary=True")
    divisor = _UNITS[time_unit]
    split = holdout or calibration_end is not None
    if is_pandas(transactions):
        result = _btyd_pandas(
            transactions, observation_end, calibration_end, split, monetary, exclude_returns
        )
    else:
        agg, window = btyd_aggregates(
            transactions,
            observation_end,
            calibration_end,
            split=split,
            monetary=monetary,
            exclude_returns=exclude_returns,
        )
        cal_end = window.calibration_end if split else window.observation_end
        if len(agg) == 0:
            raise ValueError(
                f"transactions: no purchases on or before {cal_end.date()}; check "
                "observation_end / calibration_end"
            )
        agg = agg.sort_values(CUSTOMER, kind="stable")
        result = _btyd_result(
            pd.Index(agg[CUSTOMER].to_numpy(), name=CUSTOMER),
            _Counts(
                first_day=agg["first"].to_numpy(),
                last_day=agg["last"].to_numpy(),
                count=agg["n_cal"].to_numpy(),
                repeat_total=(agg["total"] - agg["first_amount"]).to_numpy() if monetary else None,
                holdout=agg["n_hold"].to_numpy() if split else None,
            ),
            _day_number(cal_end),
            _day_number(window.observation_end),
        )
    result = _in_units(result, divisor)
    return _aggregated(result, aggregate) if aggregate is not False else result


class _Counts(NamedTuple):
    """Per customer (calibration): first and last purchase day, purchase days, spend."""

    first_day: np.ndarray
    last_day: np.ndarray
    count: np.ndarray
    repeat_total: np.ndarray | None
    holdout: np.ndarray | None


def _day_number(day: pd.Timestamp) -> int:
    return int(np.datetime64(day.date(), "D").astype("int64"))


def _btyd_pandas(
    transactions: pd.DataFrame,
    observation_end: object,
    calibration_end: object,
    split: bool,
    monetary: bool,
    exclude_returns: bool,
) -> pd.DataFrame:
    """The BTYD summary of a pandas DataFrame, in days (numpy: one sort of an int64 key)."""
    required = [CUSTOMER, DATE] + ([AMOUNT] if monetary else [])
    lines = kept_lines(transactions, required=required, exclude_returns=exclude_returns)
    window = analysis_window(transactions, observation_end, calibration_end, holdout=split)
    end = window.observation_end
    cal_end = window.calibration_end if split else end
    cal_day = _day_number(cal_end)
    p = purchase_arrays(lines, amount=monetary, last_day=end)
    if p.code.size == 0:
        raise ValueError(
            f"transactions: no purchases on or before {end.date()}; check observation_end"
        )
    customers, pair_code, pair_day, pair_amount = p

    in_cal = pair_day <= cal_day
    cal_code, cal_dayv, cal_amount = pair_code[in_cal], pair_day[in_cal], pair_amount[in_cal]
    if cal_code.size == 0:
        raise ValueError(
            f"transactions: no purchases on or before {cal_end.date()}; check "
            "observation_end / calibration_end"
        )
    new_cust = np.ones(cal_code.size, dtype=bool)
    new_cust[1:] = cal_code[1:] != cal_code[:-1]
    first = np.flatnonzero(new_cust)
    last = np.append(first[1:], cal_code.size) - 1
    hold_counts = None
    if split:
        slot = np.full(customers.size, -1)
        slot[cal_code[first]] = np.arange(first.size)
        hold_slot = slot[pair_code[~in_cal]]
        hold_counts = np.bincount(hold_slot[hold_slot >= 0], minlength=first.size)
    counts = _Counts(
        first_day=cal_dayv[first],
        last_day=cal_dayv[last],
        count=last - first + 1,
        repeat_total=np.add.reduceat(cal_amount, first) - cal_amount[first] if monetary else None,
        holdout=hold_counts,
    )
    index = pd.Index(customers[cal_code[first]], name=CUSTOMER)
    return _btyd_result(index, counts, cal_day, _day_number(end))


def _btyd_result(index: pd.Index, c: _Counts, cal_day: int, end_day: int) -> pd.DataFrame:
    """The summary in days from per-customer counts (both paths end here)."""
    frequency = (c.count - 1).astype(float)
    result = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (c.last_day - c.first_day).astype(float),
            "T": (cal_day - c.first_day).astype(float),
        },
        index=index,
    )
    if c.repeat_total is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            result["monetary"] = np.where(frequency > 0, c.repeat_total / frequency, 0.0)
    if c.holdout is not None:
        result["frequency_holdout"] = c.holdout.astype(float)
        result["duration_holdout"] = float(end_day - cal_day)
    return result


def _in_units(result: pd.DataFrame, divisor: float) -> pd.DataFrame:
    for column in ("recency", "T", "duration_holdout"):
        if column in result.columns:
            result[column] = result[column] / divisor
    return result


def _aggregated(result: pd.DataFrame, aggregate: bool | str) -> pd.DataFrame:
    """One row per distinct key of the fits, with a ``weight`` (customers) column."""
    if aggregate == "monetary":
        keys = ["frequency", "monetary"]
        result = result.loc[result["frequency"].to_numpy() > 0]
        # an engine adds in another order: round the repeat spend (not the mean, which
        # lands exactly on a rounding boundary for cents / 2**k) so equal means equal
        spend = (result["monetary"] * result["frequency"]).round(_MONEY_DECIMALS)
        result = result.assign(monetary=spend / result["frequency"])
    else:
        keys = ["frequency", "recency", "T"]
        keys += [c for c in ("frequency_holdout", "duration_holdout") if c in result.columns]
    grouped = result.groupby(keys, sort=True).size()
    out = grouped.rename("weight").astype("int64").reset_index()
    out.columns.name = None
    return out
