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

Returned order lines are excluded by default (``exclude_returns=True``), as everywhere in
crmlab.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validate import as_timestamp, require_columns, require_nonempty, row_list

__all__ = [
    "CN_CLASSES",
    "CN_CLASSES_EN",
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

#: English names of the eight Chinese classes (for charts and readers without Chinese).
CN_CLASSES_EN: dict[str, str] = {
    "重要价值客户": "important value",
    "重要发展客户": "important development",
    "重要保持客户": "important retention",
    "重要挽留客户": "important win-back",
    "一般价值客户": "general value",
    "一般发展客户": "general development",
    "一般保持客户": "general retention",
    "一般挽留客户": "general win-back",
}

_UNITS = {"D": 1.0, "W": 7.0}


def _prepare(
    transactions: pd.DataFrame,
    columns: list[str],
    *,
    date_col: str,
    amount_col: str | None,
    returned_col: str,
    exclude_returns: bool,
) -> pd.DataFrame:
    """Check columns, drop returned lines, check dates and amounts."""
    require_columns(transactions, columns, "transactions")
    data = transactions
    if exclude_returns and returned_col in data.columns:
        data = data.loc[~data[returned_col].astype(bool).to_numpy()]
    dates = pd.to_datetime(data[date_col])
    bad = dates.isna().to_numpy()
    if bad.any():
        raise ValueError(
            f"transactions: column {date_col!r} has {int(bad.sum())} missing date(s) at "
            f"{row_list(data.index[bad])}; drop or fill them first"
        )
    if amount_col is not None:
        amounts = pd.to_numeric(data[amount_col], errors="coerce")
        bad = amounts.isna().to_numpy()
        if bad.any():
            raise ValueError(
                f"transactions: column {amount_col!r} has {int(bad.sum())} missing or "
                f"non-numeric value(s) at {row_list(data.index[bad])}"
            )
    return data


def _sort_order(values: pd.Index) -> np.ndarray:
    """Positions that sort ``values`` (fast for string ids)."""
    arr = np.asarray(values)
    if arr.dtype == object and pd.api.types.infer_dtype(arr, skipna=False) == "string":
        return np.argsort(arr.astype(str))  # numpy's string sort beats sorting objects
    return values.argsort()


def rfm_table(
    transactions: pd.DataFrame,
    observation_end: object,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    order_col: str | None = "order_id",
    returned_col: str = "returned",
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Recency, frequency and monetary value (RFM) of every customer.

    Parameters
    ----------
    transactions : DataFrame
        Order lines (the data contract's ``transactions``).
    observation_end : date-like
        The day of the analysis; later lines are ignored.
    order_col : str or None, default "order_id"
        Lines with the same order id form one order; ``None`` treats every row as an order.
    returned_col : str, default "returned"
        With ``exclude_returns`` (default), lines flagged here are left out. If the column
        is absent nothing is excluded.

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
    """
    columns = [customer_col, date_col, amount_col] + ([order_col] if order_col else [])
    data = _prepare(
        transactions,
        columns,
        date_col=date_col,
        amount_col=amount_col,
        returned_col=returned_col,
        exclude_returns=exclude_returns,
    )
    end = as_timestamp(observation_end, "observation_end").normalize()
    dates = pd.to_datetime(data[date_col]).dt.normalize()
    keep = (dates <= end).to_numpy()
    data = data.loc[keep]
    dates = dates.loc[keep]
    if len(data) == 0:
        raise ValueError(
            f"transactions: no purchases on or before observation_end {end.date()}; check the date"
        )
    frame = pd.DataFrame(
        {
            "customer": data[customer_col].to_numpy(),
            "date": dates.to_numpy(),
            "amount": pd.to_numeric(data[amount_col]).to_numpy(dtype=float),
            "order": data[order_col].to_numpy() if order_col else np.arange(len(data)),
        }
    )
    grouped = frame.groupby("customer", sort=True)
    last = grouped["date"].max()
    result = pd.DataFrame(
        {
            "recency": (end - last).dt.days.astype("int64"),
            "frequency": grouped["order"].nunique().astype("int64"),
            "total": grouped["amount"].sum(),
        }
    )
    result.insert(2, "monetary", result["total"] / result["frequency"])
    result.index.name = customer_col
    return result


def rfm_scores(
    rfm: pd.DataFrame,
    bins: int = 5,
    *,
    recency_col: str = "recency",
    frequency_col: str = "frequency",
    monetary_col: str = "monetary",
) -> pd.DataFrame:
    """Score recency, frequency and monetary value 1…``bins`` (5 best) in equal-sized groups.

    Customers are ranked with ``rank(method="first")`` (ties go to the earlier row), so the
    cut never fails on tied values, and customer k of n gets score
    ⌈bins · (k − ½) / n⌉. Recency is reversed: the most recent customers score highest. Works
    with fewer customers than bins (the scores then spread over the range).

    Returns
    -------
    DataFrame
        Indexed like ``rfm``: ``r_score``, ``f_score``, ``m_score`` (int) and ``rfm_code``
        (e.g. ``"543"``).

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 40, 200, 90, 10],
    ...                     "frequency": [9, 3, 1, 1, 4],
    ...                     "monetary": [80.0, 50.0, 20.0, 30.0, 60.0]},
    ...                    index=["A", "B", "C", "D", "E"])
    >>> rfm_scores(rfm)
       r_score  f_score  m_score rfm_code
    A        5        5        5      555
    B        3        3        3      333
    C        1        1        1      111
    D        2        2        2      222
    E        4        4        4      444
    """
    require_columns(rfm, [recency_col, frequency_col, monetary_col], "rfm")
    require_nonempty(rfm, "rfm")
    if int(bins) != bins or bins < 2 or bins > 9:
        raise ValueError(f"bins: a whole number from 2 to 9, got {bins}")
    for col in (recency_col, frequency_col, monetary_col):
        bad = pd.to_numeric(rfm[col], errors="coerce").isna().to_numpy()
        if bad.any():
            raise ValueError(
                f"rfm: column {col!r} has missing or non-numeric value(s) at "
                f"{row_list(rfm.index[bad])}"
            )
    n = len(rfm)

    def score(values: pd.Series, ascending: bool) -> np.ndarray:
        rank = values.rank(method="first", ascending=ascending).to_numpy()
        return np.ceil(bins * (rank - 0.5) / n).astype("int64")

    result = pd.DataFrame(
        {
            "r_score": score(pd.to_numeric(rfm[recency_col]), ascending=False),
            "f_score": score(pd.to_numeric(rfm[frequency_col]), ascending=True),
            "m_score": score(pd.to_numeric(rfm[monetary_col]), ascending=True),
        },
        index=rfm.index,
    )
    result["rfm_code"] = (
        result["r_score"].astype(str)
        + result["f_score"].astype(str)
        + result["m_score"].astype(str)
    )
    return result


def rfm_segments(
    scores: pd.DataFrame, *, r_col: str = "r_score", f_col: str = "f_score"
) -> pd.Series:
    """Named segments from the R and F scores (1-5), e.g. champions, at risk, hibernating.

    The segments and their patterns are in :data:`SEGMENT_PATTERNS` (a widespread
    convention; the regular expressions are anchored and cover all 25 combinations).

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
    require_columns(scores, [r_col, f_col], "scores")
    for col in (r_col, f_col):
        values = pd.to_numeric(scores[col], errors="coerce")
        bad = (~values.isin([1, 2, 3, 4, 5])).to_numpy()
        if bad.any():
            raise ValueError(
                f"scores: column {col!r} must hold scores 1-5 (from rfm_scores with bins=5), "
                f"not at {row_list(scores.index[bad])}"
            )
    code = scores[r_col].astype("int64").astype(str) + scores[f_col].astype("int64").astype(str)
    labels = pd.Series(pd.NA, index=scores.index, dtype=object)
    for name, pattern in SEGMENT_PATTERNS.items():
        labels = labels.mask(code.str.match(pattern).to_numpy(), name)
    return pd.Series(
        pd.Categorical(labels, categories=list(SEGMENT_PATTERNS), ordered=True),
        index=scores.index,
        name="segment",
    )


def rfm_segments_cn(
    rfm: pd.DataFrame,
    *,
    recency_col: str = "recency",
    frequency_col: str = "frequency",
    monetary_col: str = "monetary",
) -> pd.Series:
    """The Chinese 8-class RFM scheme (八类客户): compare R, F and M with their means.

    "High R" means recent: recency at or below the mean recency. High F and high M mean at
    or above the mean. Pass ``monetary_col="total"`` to use total spend instead of the mean
    order value.

    Returns
    -------
    Series
        Categorical named ``segment_cn``: 重要价值客户 (high R, F, M), 重要发展客户
        (high, low, high), 重要保持客户 (low, high, high), 重要挽留客户 (low, low, high), and
        the same patterns with low M: 一般价值/一般发展/一般保持/一般挽留客户.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 300, 10, 200],
    ...                     "frequency": [9, 8, 1, 1],
    ...                     "monetary": [80.0, 90.0, 20.0, 30.0]}, index=list("ABCD"))
    >>> rfm_segments_cn(rfm).tolist()
    ['重要价值客户', '重要保持客户', '一般发展客户', '一般挽留客户']
    """
    require_columns(rfm, [recency_col, frequency_col, monetary_col], "rfm")
    require_nonempty(rfm, "rfm")
    values = {}
    for col in (recency_col, frequency_col, monetary_col):
        series = pd.to_numeric(rfm[col], errors="coerce")
        bad = series.isna().to_numpy()
        if bad.any():
            raise ValueError(
                f"rfm: column {col!r} has missing or non-numeric value(s) at "
                f"{row_list(rfm.index[bad])}"
            )
        values[col] = series.to_numpy(dtype=float)
    r_high = values[recency_col] <= values[recency_col].mean()
    f_high = values[frequency_col] >= values[frequency_col].mean()
    m_high = values[monetary_col] >= values[monetary_col].mean()
    labels = [CN_CLASSES[key] for key in zip(r_high, f_high, m_high, strict=True)]
    return pd.Series(
        pd.Categorical(labels, categories=list(CN_CLASSES.values())),
        index=rfm.index,
        name="segment_cn",
    )


def btyd_summary(
    transactions: pd.DataFrame,
    observation_end: object,
    time_unit: str = "W",
    calibration_end: object = None,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str | None = "amount",
    returned_col: str = "returned",
    exclude_returns: bool = True,
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
    transactions : DataFrame
        Order lines (the data contract's ``transactions``).
    observation_end : date-like
        Last day of observation; later lines are ignored.
    time_unit : {"W", "D"}, default "W"
        Unit of ``recency``, ``T`` and ``duration_holdout``.
    calibration_end : date-like, optional
        Split into a calibration period (up to and including this day), summarised as above,
        and a hold-out period (after it, up to ``observation_end``). Adds
        ``frequency_holdout`` (purchase days in the hold-out) and ``duration_holdout``
        (its length). Only customers whose first purchase is in the calibration period are
        kept.
    amount_col : str or None, default "amount"
        ``None`` leaves out ``monetary``.
    returned_col : str, default "returned"
        With ``exclude_returns`` (default), lines flagged here are left out; if the column
        is absent, nothing is excluded.

    Returns
    -------
    DataFrame
        One row per customer, indexed by customer id (sorted), float columns ``frequency``,
        ``recency``, ``T``, ``monetary`` [, ``frequency_holdout``, ``duration_holdout``].
        Read the age column as ``summary["T"]``: ``summary.T`` is pandas' transpose.

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
    """
    if time_unit not in _UNITS:
        raise ValueError(f"time_unit: 'W' (weeks) or 'D' (days), got {time_unit!r}")
    divisor = _UNITS[time_unit]
    columns = [customer_col, date_col] + ([amount_col] if amount_col else [])
    data = _prepare(
        transactions,
        columns,
        date_col=date_col,
        amount_col=amount_col,
        returned_col=returned_col,
        exclude_returns=exclude_returns,
    )
    end = as_timestamp(observation_end, "observation_end").normalize()
    cal_end = (
        end
        if calibration_end is None
        else as_timestamp(calibration_end, "calibration_end").normalize()
    )
    if cal_end > end:
        raise ValueError(
            f"calibration_end ({cal_end.date()}) is after observation_end ({end.date()}); "
            "the hold-out period must come after the calibration period"
        )
    day = pd.to_datetime(data[date_col]).to_numpy().astype("datetime64[D]").astype("int64")
    end_day = np.datetime64(end.date(), "D").astype("int64")
    cal_day = np.datetime64(cal_end.date(), "D").astype("int64")
    codes, customers = pd.factorize(data[customer_col])
    bad = codes < 0
    if bad.any():
        raise ValueError(
            f"transactions: column {customer_col!r} has {int(bad.sum())} missing customer "
            f"id(s) at {row_list(data.index[bad])}; drop those rows first"
        )
    amount = (
        pd.to_numeric(data[amount_col]).to_numpy(dtype=float) if amount_col else np.zeros(len(data))
    )
    keep = day <= end_day
    codes, day, amount = codes[keep], day[keep], amount[keep]
    if codes.size == 0:
        raise ValueError(
            f"transactions: no purchases on or before {end.date()}; check observation_end"
        )
    # number customers in sorted order of their ids, so that the result is sorted
    order = _sort_order(customers)
    rank = np.empty(order.size, dtype="int64")
    rank[order] = np.arange(order.size)
    codes, customers = rank[codes], customers.take(order)

    # one row per (customer, purchase day), amounts added up: a single int64 key, sorted
    first_day_all = day.min()
    span = int(day.max() - first_day_all) + 1
    key = codes.astype("int64") * span + (day - first_day_all)
    pair_key, inverse = np.unique(key, return_inverse=True)
    pair_amount = np.bincount(inverse.ravel(), weights=amount, minlength=pair_key.size)
    pair_code = pair_key // span
    pair_day = pair_key % span + first_day_all

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
    count = last - first + 1
    first_day = cal_dayv[first]
    frequency = (count - 1).astype(float)
    result = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (cal_dayv[last] - first_day) / divisor,
            "T": (cal_day - first_day) / divisor,
        },
        index=pd.Index(customers[cal_code[first]], name=customer_col),
    )
    if amount_col:
        repeat_total = np.add.reduceat(cal_amount, first) - cal_amount[first]
        with np.errstate(invalid="ignore", divide="ignore"):
            result["monetary"] = np.where(frequency > 0, repeat_total / frequency, 0.0)
    if calibration_end is not None:
        hold = ~in_cal
        slot = np.full(customers.size, -1)
        slot[cal_code[first]] = np.arange(first.size)
        hold_slot = slot[pair_code[hold]]
        hold_slot = hold_slot[hold_slot >= 0]
        result["frequency_holdout"] = np.bincount(hold_slot, minlength=first.size).astype(float)
        result["duration_holdout"] = (end_day - cal_day) / divisor
    return result
