"""Satisfaction versus loyalty (客户满意与客户忠诚).

Chapter 06 of the course. Loyalty (客户忠诚) is a lasting attachment shown by repeated,
directed buying. Satisfaction does not guarantee it — the satisfaction trap
(客户满意陷阱): in competitive markets only the completely satisfied stay (Jones & Sasser
1995), where switching is hard even the dissatisfied stay. This module links survey
answers to what customers did before and after them, classifies customers into the Dick &
Basu (1994) loyalty types, and models loyalty on satisfaction × competition.

Data requirements: ``survey`` (``customer_id``, ``survey_date``, ``overall_satisfaction``
1-5, ``relative_attitude`` 1-7, ``likelihood_to_recommend``), ``transactions``
(``customer_id``, ``order_id``, ``order_date``, ``amount``, optional ``returned`` and
``discount``) and ``customers`` (``customer_id``, ``competition`` high/low, or the column
named by ``by``). Other names are mapped where the data enter (``crmlab.data.conform``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window, kept_lines
from crmlab._validate import (
    aligned_pair,
    as_float_array,
    as_timestamp,
    bool_column,
    check_range,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)

__all__ = [
    "LOYALTY_TYPES",
    "SatisfactionLoyaltyFit",
    "fit_satisfaction_loyalty",
    "loyalty_matrix",
    "loyalty_measures",
    "loyalty_type_outcomes",
    "loyalty_types",
    "repurchase_by_satisfaction",
    "satisfaction_loyalty_curve",
    "survey_outcomes",
]

ORDER = "order_id"
SATISFACTION = "overall_satisfaction"
ATTITUDE = "relative_attitude"

#: Dick & Basu (1994) loyalty types: English → Chinese (the glossary's terms), in the order
#: of their 2 × 2 table (high attitude first, high behaviour first).
LOYALTY_TYPES: dict[str, str] = {
    "true loyalty": "真正忠诚",
    "latent loyalty": "潜在忠诚",
    "spurious loyalty": "虚假忠诚",
    "no loyalty": "不忠诚",
}
#: columns of the results, which a ``by`` column must not shadow
_RESULT_COLUMNS = {CUSTOMER, "satisfaction", "attitude", "loyalty_type", "repurchased"}
_RESULT_COLUMNS |= {"orders_before", "orders_after", "complete_window"}


def _require_table(frame: object, table: str, use: str) -> None:
    """ValueError naming ``table`` and what it is used for when it was not given (private)."""
    if frame is None:
        raise ValueError(
            f"{table}: not given; survey_outcomes and repurchase_by_satisfaction need the "
            f"{table} table for {use}. Data without it cannot show the satisfaction trap"
        )


def _check_by(by: str) -> str:
    if not isinstance(by, str):
        raise TypeError(f"by: expected the name of a customers column, got {by!r}")
    if by in _RESULT_COLUMNS:
        raise ValueError(f"by: {by!r} names a column of the result; group by a customers column")
    return by


def _answered(survey: pd.DataFrame, item: str) -> pd.Series:
    if survey[item].isna().any():
        bad = survey.index[survey[item].isna().to_numpy()]
        raise ValueError(f"survey['{item}']: missing at {row_list(bad)}; drop them")
    return survey[item]


def survey_outcomes(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    by: str = "competition",
    window_days: int = 365,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Each survey answer joined to what the customer did before it and in the window after.

    For every response: the satisfaction level (``overall_satisfaction``), the customer's
    ``by`` value (a column of ``customers``, by default the competition level), the number
    of orders placed in the ``window_days`` up to and including the survey day
    (``orders_before``: the repeat patronage the answer was given with), the number placed
    in ``(survey_date, survey_date + window_days]`` (``orders_after``) and whether there was
    at least one (``repurchased``). A window that ends after ``observation_end`` (default:
    the last order date) is not fully observed: ``complete_window`` is False and such
    answers should not be counted as "did not buy".

    All three tables are needed (a missing one raises ``ValueError`` saying what it is
    for); ``by`` is ``"competition"`` (high/low, what :func:`fit_satisfaction_loyalty`
    reads) or another ``customers`` column, e.g. ``"customer_type"``; lines flagged
    ``returned`` are left out unless ``exclude_returns`` is False.

    Returns
    -------
    pandas.DataFrame
        The survey's index; columns ``customer_id``, ``satisfaction``, ``by`` (e.g.
        ``competition``), ``orders_before``, ``orders_after``, ``repurchased``,
        ``complete_window``.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b"],
    ...                        "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
    ...                        "overall_satisfaction": [5, 3]})
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["1", "2", "3"],
    ...                    "order_date": pd.to_datetime(["2023-12-01", "2024-03-01",
    ...                                                  "2025-06-01"]),
    ...                    "returned": False})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"], "competition": ["high", "low"]})
    >>> print(survey_outcomes(survey, tx, customers).drop(columns="customer_id").to_string())
       satisfaction competition  orders_before  orders_after  repurchased  complete_window
    0             5        high              1             1         True             True
    1             3         low              0             0        False             True
    """
    by = _check_by(by)
    _require_table(survey, "survey", "each answer's satisfaction and date")
    _require_table(customers, "customers", f"each respondent's {by!r}")
    if int(window_days) != window_days or window_days < 1:
        raise ValueError(f"window_days: expected whole days >= 1, got {window_days}")
    require_columns(survey, [CUSTOMER, "survey_date", SATISFACTION], "survey")
    require_nonempty(survey, "survey")
    lines = kept_lines(
        transactions, required=(CUSTOMER, ORDER, DATE), exclude_returns=exclude_returns
    )
    require_columns(customers, [CUSTOMER, by], "customers")
    if len(transactions):
        end = analysis_window(transactions, observation_end).observation_end
    elif observation_end is None:
        raise ValueError("transactions: no order lines; pass observation_end or order lines")
    else:
        end = as_timestamp(observation_end, "observation_end").normalize()
    group = customers.drop_duplicates(CUSTOMER).set_index(CUSTOMER)[by]
    missing = ~survey[CUSTOMER].isin(group.index)
    if missing.any():
        raise ValueError(
            f"survey: {int(missing.sum())} respondent(s) not in customers at "
            f"{row_list(survey.index[missing.to_numpy()])}; pass the full customers table"
        )
    sat = _answered(survey, SATISFACTION)
    start = date_column(survey, "survey_date", "survey").dt.normalize()
    window = pd.Timedelta(days=int(window_days))
    answers = pd.DataFrame({"_row": np.arange(len(survey)), CUSTOMER: survey[CUSTOMER].to_numpy()})
    answers["_start"] = start.to_numpy()
    orders = pd.DataFrame({CUSTOMER: lines[CUSTOMER].to_numpy(), "_order": lines[ORDER].to_numpy()})
    orders["_date"] = lines[DATE].dt.normalize().to_numpy()
    orders = orders.drop_duplicates([CUSTOMER, "_order"])
    joined = answers.merge(orders, on=CUSTOMER, how="inner")
    lag = joined["_date"] - joined["_start"]
    rows = np.arange(len(survey))

    def count(inside: pd.Series) -> np.ndarray:
        hits = joined.loc[inside.to_numpy()].groupby("_row")["_order"].nunique()
        return hits.reindex(rows, fill_value=0).to_numpy().astype(int)

    out = pd.DataFrame(
        {
            CUSTOMER: survey[CUSTOMER].to_numpy(),
            "satisfaction": sat.to_numpy(),
            by: group.loc[survey[CUSTOMER]].to_numpy(),
            "orders_before": count((lag <= pd.Timedelta(0)) & (lag > -window)),
            "orders_after": count((lag > pd.Timedelta(0)) & (lag <= window)),
        },
        index=survey.index,
    )
    out["repurchased"] = out["orders_after"] > 0
    out["complete_window"] = (start + window <= end).to_numpy()
    return out


def _rates(outcomes: pd.DataFrame, keys: list[str], confidence: float) -> pd.DataFrame:
    """Repurchase rate per group of ``keys`` over complete windows, with a Wilson (1927)
    interval (inside [0, 1] even for small groups); other answers in ``incomplete_window``."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence: expected a level between 0 and 1, got {confidence}")
    complete = outcomes.loc[outcomes["complete_window"]]
    table = complete.groupby(keys, observed=True).agg(
        respondents=("repurchased", "size"),
        repurchased=("repurchased", "sum"),
        mean_orders_after=("orders_after", "mean"),
    )
    incomplete = outcomes.loc[~outcomes["complete_window"]].groupby(keys, observed=True).size()
    seen = outcomes[keys].drop_duplicates().sort_values(keys, kind="stable")
    full_index = pd.MultiIndex.from_frame(seen) if len(keys) > 1 else pd.Index(seen[keys[0]])
    table = table.reindex(full_index)
    n = table["respondents"].fillna(0).to_numpy(float)
    k = table["repurchased"].fillna(0).to_numpy(float)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    table["respondents"] = n.astype(int)
    table["repurchased"] = k.astype(int)
    table.insert(2, "repurchase_rate", p)
    table.insert(3, "ci_lower", np.clip(centre - half, 0, 1))
    table.insert(4, "ci_upper", np.clip(centre + half, 0, 1))
    table["incomplete_window"] = incomplete.reindex(full_index, fill_value=0).astype(int)
    return table.reset_index()


def repurchase_by_satisfaction(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    by: str = "competition",
    window_days: int = 365,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Repurchase rate by satisfaction level and competition: the satisfaction trap in data.

    Built on :func:`survey_outcomes`: answers whose window is not complete are left out
    of the rates and counted in ``incomplete_window`` (a level with no complete window has a
    NaN rate). Under high competition the repurchase rate should jump only at the top level
    (Jones & Sasser's "totally satisfied"); under low competition it stays high across
    levels. ``by`` groups by another column of ``customers`` instead (e.g.
    ``"customer_type"``). Each rate carries a Wilson interval at the ``confidence`` level.

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` value × satisfaction level: ``by`` (e.g. ``competition``),
        ``satisfaction``, ``respondents`` (complete windows), ``repurchased``,
        ``repurchase_rate``, ``ci_lower``, ``ci_upper``, ``mean_orders_after``,
        ``incomplete_window``.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
    ...                        "survey_date": pd.to_datetime(["2024-01-01"] * 4),
    ...                        "overall_satisfaction": [5, 4, 5, 4]})
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "c", "d", "d"],
    ...                    "order_id": ["1", "2", "3", "4", "5"],
    ...                    "order_date": pd.to_datetime(["2024-02-01", "2024-05-01",
    ...                        "2024-03-01", "2024-04-01", "2025-06-01"]),
    ...                    "returned": False})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
    ...                           "competition": ["high", "high", "low", "low"]})
    >>> table = repurchase_by_satisfaction(survey, tx, customers)
    >>> table[["competition", "satisfaction", "respondents", "repurchase_rate"]]
      competition  satisfaction  respondents  repurchase_rate
    0        high             4            1              0.0
    1        high             5            1              1.0
    2         low             4            1              1.0
    3         low             5            1              1.0
    >>> table[["ci_lower", "ci_upper"]].round(3).iloc[0].tolist()  # one answer: wide
    [0.0, 0.793]
    """
    outcomes = survey_outcomes(
        survey,
        transactions,
        customers,
        by=by,
        window_days=window_days,
        observation_end=observation_end,
        exclude_returns=exclude_returns,
    )
    return _rates(outcomes, [by, "satisfaction"], confidence)


def loyalty_matrix(
    attitude: Sequence[float] | pd.Series,
    behaviour: Sequence[float] | pd.Series,
    *,
    attitude_cut: float | None = None,
    behaviour_cut: float | None = None,
) -> pd.DataFrame:
    """Dick & Basu (1994) loyalty types: relative attitude × repeat patronage.

    - high attitude, high behaviour → true loyalty (真正忠诚);
    - high attitude, low behaviour → latent loyalty (潜在忠诚);
    - low attitude, high behaviour → spurious loyalty (虚假忠诚);
    - low, low → no loyalty (不忠诚).

    A value at or above its cut is "high". Cuts default to the medians of the data; on the
    survey's 1-7 relative attitude scale a fixed cut such as 5 is often clearer.

    ``attitude`` is the relative attitude (相对态度) per customer, ``behaviour`` the repeat
    patronage (orders in the year before, share of wallet…). Returns ``attitude``,
    ``behaviour``, ``attitude_high``, ``behaviour_high``, ``loyalty_type`` and
    ``loyalty_type_cn``, on the index of ``attitude`` when it is a Series.

    Examples
    --------
    >>> types = loyalty_matrix([7, 6, 2, 1], [5, 0, 4, 1], attitude_cut=5, behaviour_cut=3)
    >>> types[["attitude", "behaviour", "loyalty_type"]]
       attitude  behaviour      loyalty_type
    0       7.0        5.0      true loyalty
    1       6.0        0.0    latent loyalty
    2       2.0        4.0  spurious loyalty
    3       1.0        1.0        no loyalty
    >>> types["loyalty_type_cn"].tolist()
    ['真正忠诚', '潜在忠诚', '虚假忠诚', '不忠诚']
    """
    index, a, b = aligned_pair(attitude, behaviour, ("attitude", "behaviour"))
    a_cut = float(np.median(a)) if attitude_cut is None else float(attitude_cut)
    b_cut = float(np.median(b)) if behaviour_cut is None else float(behaviour_cut)
    high_a, high_b = a >= a_cut, b >= b_cut
    kind = np.select(
        [high_a & high_b, high_a & ~high_b, ~high_a & high_b],
        ["true loyalty", "latent loyalty", "spurious loyalty"],
        default="no loyalty",
    )
    out = pd.DataFrame({"attitude": a, "behaviour": b, "attitude_high": high_a}, index=index)
    out["behaviour_high"], out["loyalty_type"] = high_b, kind
    out["loyalty_type_cn"] = [LOYALTY_TYPES[k] for k in kind]
    return out


def loyalty_types(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    attitude_cut: float = 5,
    behaviour_cut: float = 3,
    by: str = "competition",
    window_days: int = 365,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Every survey answer as a Dick & Basu loyalty type, with what the customer did next.

    Attitude is the answer's ``relative_attitude`` (1-7: preference for us over the
    alternatives), high at ``attitude_cut`` or above (default 5: above the scale's middle).
    Behaviour is the repeat patronage at the time of the answer: the orders in the
    ``window_days`` up to the survey day (``orders_before`` of :func:`survey_outcomes`),
    high at ``behaviour_cut`` or above (default 3: buying again and again, not
    occasionally). What the customer did next — ``orders_after``, ``repurchased``, with
    ``complete_window`` — comes from the same :func:`survey_outcomes` row, so the type is
    fixed before the outcome is seen. Returns :func:`survey_outcomes` plus ``attitude``,
    ``loyalty_type`` (categorical, in the order of :data:`LOYALTY_TYPES`), ``loyalty_type_cn``.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b"], "relative_attitude": [6, 2],
    ...                        "survey_date": pd.to_datetime(["2024-06-01"] * 2),
    ...                        "overall_satisfaction": [5, 2]})
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 3 + ["b"] * 4, "order_id": list("1234567"),
    ...                    "order_date": pd.to_datetime(["2024-01-05", "2024-03-01",
    ...                        "2024-09-01", "2024-01-01", "2024-02-01", "2024-04-01",
    ...                        "2024-05-20"])})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"], "competition": ["high", "low"]})
    >>> types = loyalty_types(survey, tx, customers, observation_end="2025-12-31")
    >>> types[["attitude", "orders_before", "loyalty_type", "orders_after"]]
       attitude  orders_before      loyalty_type  orders_after
    0         6              2    latent loyalty             1
    1         2              4  spurious loyalty             0
    """
    outcomes = survey_outcomes(
        survey,
        transactions,
        customers,
        by=by,
        window_days=window_days,
        observation_end=observation_end,
        exclude_returns=exclude_returns,
    )
    require_columns(survey, [ATTITUDE], "survey")
    attitude = _answered(survey, ATTITUDE)
    behaviour = outcomes["orders_before"].to_numpy()
    cuts = {"attitude_cut": attitude_cut, "behaviour_cut": behaviour_cut}
    types = loyalty_matrix(attitude.to_numpy(), behaviour, **cuts)
    out = outcomes.assign(attitude=attitude.to_numpy())
    out["loyalty_type"] = pd.Categorical(types["loyalty_type"], categories=list(LOYALTY_TYPES))
    out["loyalty_type_cn"] = types["loyalty_type_cn"].to_numpy()
    return out


def loyalty_type_outcomes(
    types: pd.DataFrame, *, by: str | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """What each loyalty type went on to do: its share and its repurchase rate.

    Takes :func:`loyalty_types`. For each type (and each ``by`` value, e.g.
    ``"competition"``, when given): ``respondents`` with a complete window after the answer,
    ``share`` of all classified answers of the group (complete or not), ``repurchased``,
    ``repurchase_rate`` with its Wilson interval (``ci_lower``, ``ci_upper``),
    ``mean_orders_after`` and ``incomplete_window``. Types come in the order of
    :data:`LOYALTY_TYPES`; a type no one holds shows 0 respondents and NaN rates.

    Examples
    --------
    >>> types = pd.DataFrame({"loyalty_type": ["true loyalty", "true loyalty", "no loyalty"],
    ...                       "repurchased": [True, False, False], "orders_after": [2, 0, 0],
    ...                       "complete_window": [True, True, True]})
    >>> out = loyalty_type_outcomes(types)
    >>> out[["loyalty_type", "loyalty_type_cn", "respondents", "share", "repurchase_rate"]]
           loyalty_type loyalty_type_cn  respondents     share  repurchase_rate
    0      true loyalty            真正忠诚            2  0.666667              0.5
    1    latent loyalty            潜在忠诚            0  0.000000              NaN
    2  spurious loyalty            虚假忠诚            0  0.000000              NaN
    3        no loyalty             不忠诚            1  0.333333              0.0
    """
    need = ["loyalty_type", "repurchased", "orders_after", "complete_window"]
    require_columns(
        types, need + ([by] if by else []), "types", hint="pass the result of loyalty_types"
    )
    require_nonempty(types, "types")
    frame = types.assign(
        loyalty_type=pd.Categorical(types["loyalty_type"], categories=list(LOYALTY_TYPES))
    )
    if frame["loyalty_type"].isna().any():
        raise ValueError(f"types: loyalty_type must be one of {', '.join(LOYALTY_TYPES)}")
    names = [by] if by else []
    keys = [*names, "loyalty_type"]
    levels = [sorted(frame[by].dropna().unique())] if by else []
    grid = pd.MultiIndex.from_product([*levels, list(LOYALTY_TYPES)], names=keys)
    table = _rates(frame.assign(loyalty_type=frame["loyalty_type"].astype(str)), keys, confidence)
    table = grid.to_frame(index=False).merge(table, on=keys, how="left")
    for column in ("respondents", "repurchased", "incomplete_window"):
        table[column] = table[column].fillna(0).astype(int)
    held = table["respondents"] + table["incomplete_window"]
    total = held.groupby(table[by]).transform("sum") if by else held.sum()
    table.insert(len(keys), "loyalty_type_cn", table["loyalty_type"].map(LOYALTY_TYPES))
    table.insert(len(keys) + 2, "share", held / total)
    return table


def loyalty_measures(
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    *,
    observation_end: str | pd.Timestamp | None = None,
    wallet: pd.Series | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Loyalty measures per customer (客户忠诚的衡量): repeat buying, price, wallet, advocacy.

    Behaviour from purchases on or before ``observation_end`` (default: the last order
    date): ``orders``, ``repeat_buyer`` (2+ orders), ``orders_per_year`` (orders ÷ years
    since the first order, at least a quarter of a year), ``spend``; ``full_price_share``
    (the share of spend bought without a discount, a proxy of price tolerance) when the
    lines have a ``discount`` column; ``share_of_wallet`` (spend ÷ the customer's total
    category spending, when ``wallet`` — a Series indexed by customer — is given); from the
    latest survey answer on or before ``observation_end``: ``relative_attitude`` and
    ``likelihood_to_recommend`` (NaN for customers never surveyed).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["1", "2", "3"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-07-01",
    ...                                                  "2024-12-31"]),
    ...                    "amount": [100.0, 50.0, 40.0], "discount": [0.0, 10.0, 0.0],
    ...                    "returned": False})
    >>> measures = loyalty_measures(tx, wallet=pd.Series({"a": 300.0, "b": 40.0}))
    >>> print(measures.round(3).to_string(index_names=False))
       orders  repeat_buyer  orders_per_year  spend  full_price_share  share_of_wallet
    a       2          True            2.001  150.0             0.667              0.5
    b       1         False            4.000   40.0             1.000              1.0
    """
    lines = kept_lines(
        transactions, required=(CUSTOMER, ORDER, DATE, AMOUNT), exclude_returns=exclude_returns
    )
    require_nonempty(lines, "transactions (returned lines left out)")
    end = analysis_window(transactions, observation_end).observation_end
    day = lines[DATE].dt.normalize()
    keep = (day <= end).to_numpy()
    lines, day = lines.loc[keep], day.loc[keep]
    amount = as_float_array(lines[AMOUNT], f"transactions['{AMOUNT}']")
    frame = lines.assign(_d=day, **{AMOUNT: amount})
    if "discount" in lines.columns:
        off = as_float_array(lines["discount"], "transactions['discount']")
        frame["_full"] = np.where(off <= 0, amount, 0.0)
    grouped = frame.groupby(CUSTOMER, observed=True)
    out = pd.DataFrame({"orders": grouped[ORDER].nunique(), "spend": grouped[AMOUNT].sum()})
    out["spend"] = out["spend"].astype(float)
    years = ((end - grouped["_d"].min()).dt.days / 365.25).clip(lower=0.25)
    out.insert(1, "repeat_buyer", out["orders"] >= 2)
    out.insert(2, "orders_per_year", out["orders"] / years)
    out.index.name = CUSTOMER
    if "_full" in frame.columns:
        with np.errstate(invalid="ignore", divide="ignore"):
            out["full_price_share"] = grouped["_full"].sum() / out["spend"]
    if wallet is not None:
        if not isinstance(wallet, pd.Series):
            raise TypeError("wallet: expected a pandas Series indexed by customer")
        missing = out.index.difference(wallet.index)
        if len(missing):
            raise ValueError(
                f"wallet: no total spending for {len(missing)} customer(s) "
                f"({row_list(missing)}); give every buying customer a wallet"
            )
        w = wallet.reindex(out.index).astype(float)
        check_range(w, "wallet", low=0, strict_low=True)
        out["share_of_wallet"] = out["spend"] / w
    if survey is not None:
        items = [ATTITUDE, "likelihood_to_recommend"]
        require_columns(survey, [CUSTOMER, "survey_date", *items], "survey")
        sv_day = date_column(survey, "survey_date", "survey").dt.normalize()
        sv = survey.loc[(sv_day <= end).to_numpy()]
        sv = sv.assign(_d=sv_day.loc[sv.index]).sort_values("_d", kind="stable")
        latest = sv.groupby(CUSTOMER, observed=True)[items].last()
        for item in items:
            out[item] = latest[item].reindex(out.index).astype(float)
    return out


# ---------------------- satisfaction → loyalty: a teaching model and a fitted model ----


def _competition_intensity(competition: float | str) -> float:
    if isinstance(competition, str):
        named = {"high": 1.0, "low": 0.0}
        if competition not in named:
            raise ValueError(
                f"competition: expected 'high', 'low' or a number in [0, 1], got {competition!r}"
            )
        return named[competition]
    value = float(competition)
    if not 0 <= value <= 1:
        raise ValueError(f"competition: expected a number in [0, 1], got {competition}")
    return value


def satisfaction_loyalty_curve(
    satisfaction_levels: Sequence[float] | np.ndarray,
    competition: float | str,
    *,
    midpoint_low: float = 0.0,
    midpoint_high: float = 4.5,
    steepness_low: float = 1.0,
    steepness_high: float = 4.0,
) -> pd.Series:
    """A teaching model of the satisfaction → loyalty curve (Jones & Sasser 1995).

    Loyalty probability = 1 / (1 + exp(−k (s − m))) on the 1-5 satisfaction scale, where
    the competitive intensity c in [0, 1] (``"low"`` = 0, ``"high"`` = 1) moves the
    midpoint m and the steepness k linearly from (``midpoint_low``, ``steepness_low``) to
    (``midpoint_high``, ``steepness_high``). With the defaults, in a market with little
    choice (c = 0) even a "very dissatisfied" customer stays with probability 0.73
    ("hostages"); under high competition (c = 1) loyalty is 0.12 at "satisfied" (4) and
    0.88 at "completely satisfied" (5) — about the six-fold gap Xerox found.

    Returns
    -------
    pandas.Series
        Loyalty probability indexed by the satisfaction levels, named ``loyalty_probability``.

    Examples
    --------
    >>> satisfaction_loyalty_curve([1, 2, 3, 4, 5], "high").round(3).to_dict()
    {1: 0.0, 2: 0.0, 3: 0.002, 4: 0.119, 5: 0.881}
    >>> satisfaction_loyalty_curve([1, 5], "low").round(3).tolist()
    [0.731, 0.993]
    """
    c = _competition_intensity(competition)
    s = as_float_array(satisfaction_levels, "satisfaction_levels")
    if steepness_low <= 0 or steepness_high <= 0:
        raise ValueError("steepness_low and steepness_high: must be positive")
    midpoint = midpoint_low + c * (midpoint_high - midpoint_low)
    steepness = steepness_low + c * (steepness_high - steepness_low)
    p = 1.0 / (1.0 + np.exp(-steepness * (s - midpoint)))
    levels = pd.Index(np.asarray(satisfaction_levels), name="satisfaction")
    return pd.Series(p, index=levels, name="loyalty_probability")


_FORMS = {  # the terms of each form of the model
    form: ["intercept", x, "high_competition", f"{x}_x_high"]
    for form, x in (("linear", "satisfaction"), ("top_box", "completely_satisfied"))
}


@dataclass(frozen=True)
class SatisfactionLoyaltyFit:
    """Logistic regression of retention on satisfaction × competition.

    logit P(retained) = intercept + b_s · x + b_c · high + b_sc · x · high, with ``high`` = 1
    under high competition and x the satisfaction level (``form="linear"``) or 1 for the
    top level, "completely satisfied", and 0 below it (``form="top_box"``).

    ``params`` and ``standard_errors`` are the coefficients (log-odds) and their maximum-
    likelihood standard errors, ``conf_int`` their intervals (``lower``, ``upper``), by
    term; ``curves`` the predicted retention per satisfaction level seen (rows) and market
    (``low``, ``high``); ``separated`` is True when a group was perfectly separated, the fit
    then ridge-penalised, without standard errors (NaN); ``form`` and ``top`` say how
    satisfaction entered.
    """

    params: pd.Series
    standard_errors: pd.Series
    conf_int: pd.DataFrame
    curves: pd.DataFrame
    log_likelihood: float
    respondents: int
    separated: bool
    form: str = "linear"
    top: float = 5.0

    def predict(
        self, satisfaction: Sequence[float] | np.ndarray, competition: float | str
    ) -> np.ndarray:
        """Predicted retention at ``satisfaction`` under ``competition``.

        ``competition`` is ``"high"``, ``"low"`` or an intensity in [0, 1] between them:
        the log-odds are then interpolated linearly, an assumption beyond the two markets
        observed.
        """
        x = _term(as_float_array(satisfaction, "satisfaction"), self.form, self.top)
        return _predict(self.params.to_numpy(), x, competition)

    def summary(self) -> pd.DataFrame:
        """Coefficients, standard errors, intervals and two-sided p-values (Wald z), by term."""
        z = self.params / self.standard_errors
        p = [2 * (1 - NormalDist().cdf(abs(v))) if np.isfinite(v) else np.nan for v in z]
        return pd.DataFrame(
            {
                "coefficient": self.params,
                "standard_error": self.standard_errors,
                "ci_lower": self.conf_int["lower"],
                "ci_upper": self.conf_int["upper"],
                "p_value": p,
            }
        )


def _term(s: np.ndarray, form: str, top: float) -> np.ndarray:
    return s if form == "linear" else (s >= top).astype(float)


def _predict(beta: np.ndarray, x: np.ndarray, competition: float | str) -> np.ndarray:
    high = _competition_intensity(competition)
    z = beta[0] + beta[1] * x + beta[2] * high + beta[3] * x * high
    return 1.0 / (1.0 + np.exp(-z))


def _maximum_likelihood(y: np.ndarray, x: pd.DataFrame) -> object | None:
    """statsmodels' Logit fit, or None when the estimates are not identified (separation)."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        HessianInversionWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    problems = (ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning)
    with warnings.catch_warnings():
        for category in problems:
            warnings.simplefilter("error", category)
        try:
            result = sm.Logit(y, x).fit(disp=0, maxiter=100)
        except (*problems, PerfectSeparationError, np.linalg.LinAlgError):
            return None
    if not result.mle_retvals.get("converged", False):
        return None
    if not (np.all(np.isfinite(result.params)) and np.all(np.isfinite(result.bse))):
        return None
    return result


def fit_satisfaction_loyalty(
    satisfaction: Sequence[float] | pd.Series,
    competition: Sequence[str] | pd.Series,
    retained: Sequence[bool] | pd.Series,
    *,
    form: str = "linear",
    top: float | None = None,
    confidence: float = 0.95,
    penalty: float = 1e-4,
) -> SatisfactionLoyaltyFit:
    """Fit retention on satisfaction × competition (logistic regression, statsmodels).

    A maximum-likelihood logistic regression (``statsmodels.api.Logit``) with an
    interaction, so that the effect of satisfaction can differ between high and low
    competition; the result carries standard errors and intervals at the ``confidence``
    level. ``form="linear"`` uses the satisfaction level itself (one slope per market);
    ``form="top_box"`` only whether the answer is the top level ``top`` (default: the
    highest level in the data), Jones & Sasser's "completely satisfied" versus the rest.
    Both have four coefficients, so their log-likelihoods compare directly. When a group is
    perfectly separated (e.g. every customer under low competition stayed) the
    maximum-likelihood estimates do not exist; the fit then adds a tiny ridge ``penalty`` on
    the slopes (scikit-learn) to keep the curves finite, reports no standard errors and sets
    ``separated``. Feed it :func:`survey_outcomes` (``satisfaction``, ``competition``,
    ``repurchased``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> s = rng.integers(1, 6, 4000)
    >>> comp = np.where(rng.uniform(size=4000) < 0.5, "high", "low")
    >>> truth = satisfaction_loyalty_curve(np.arange(1, 6), "high")
    >>> p = np.where(comp == "high", truth.to_numpy()[s - 1],
    ...              satisfaction_loyalty_curve(np.arange(1, 6), "low").to_numpy()[s - 1])
    >>> fit = fit_satisfaction_loyalty(s, comp, rng.uniform(size=4000) < p)
    >>> print(fit.curves.round(1).to_string(index_names=False))
       low  high
    1  0.7   0.0
    2  0.9   0.0
    3  0.9   0.0
    4  1.0   0.1
    5  1.0   0.9
    >>> fit.conf_int.round(1).to_numpy().tolist()  # truth: 0, 1, -18, 3
    [[-0.1, 0.5], [0.7, 1.0], [-20.3, -16.5], [2.7, 3.6]]
    >>> fit_satisfaction_loyalty(s, comp, rng.uniform(size=4000) < p,
    ...                          form="top_box").params.index[1]
    'completely_satisfied'
    """
    if form not in _FORMS:
        raise ValueError(f"form: expected 'linear' or 'top_box', got {form!r}")
    s = as_float_array(satisfaction, "satisfaction")
    comp = pd.Series(competition).astype(object)
    flags = pd.Series(retained)
    if not (len(s) == len(comp) == len(flags)) or len(s) < 4:
        raise ValueError(
            f"satisfaction, competition and retained: lengths differ or are below the 4 "
            f"needed to fit 4 coefficients ({len(s)}, {len(comp)}, {len(flags)})"
        )
    if not 0 < confidence < 1:
        raise ValueError(f"confidence: expected a level between 0 and 1, got {confidence}")
    bad = ~comp.isin(["high", "low"]).to_numpy()
    if bad.any():
        raise ValueError(
            f"competition: expected 'high' or 'low', found {comp[bad].iloc[0]!r} at "
            f"{row_list(np.flatnonzero(bad))}"
        )
    y = bool_column(pd.DataFrame({"retained": flags}), "retained", "retained").to_numpy(float)
    high = (comp == "high").to_numpy().astype(float)
    if high.all() or not high.any():
        raise ValueError(
            "competition: both 'high' and 'low' must occur to fit the interaction model"
        )
    top = float(s.max()) if top is None else float(top)
    term = _term(s, form, top)
    x = pd.DataFrame(
        np.column_stack([np.ones_like(s), term, high, term * high]), columns=_FORMS[form]
    )
    if np.linalg.matrix_rank(x.to_numpy()) < 4:
        raise ValueError(
            "satisfaction: needs at least two different levels within each competition group"
            + (f" (the top level {top:g} and another)" if form == "top_box" else "")
        )
    result = _maximum_likelihood(y, x)
    if result is not None:
        beta = np.asarray(result.params, dtype=float)  # type: ignore[attr-defined]
        se = np.asarray(result.bse, dtype=float)  # type: ignore[attr-defined]
        ci = np.asarray(result.conf_int(1 - confidence), dtype=float)  # type: ignore[attr-defined]
    else:
        from sklearn.linear_model import LogisticRegression

        # sklearn minimises C · (−log-likelihood) + ½ |slopes|²: C = 1 / penalty
        ridge = LogisticRegression(C=1.0 / penalty, max_iter=10_000, tol=1e-10)
        ridge.fit(x.to_numpy()[:, 1:], y)
        beta = np.r_[ridge.intercept_, ridge.coef_[0]]
        se = np.full(4, np.nan)
        ci = np.full((4, 2), np.nan)
    if not np.all(np.isfinite(beta)):
        raise RuntimeError("fit_satisfaction_loyalty: the fit did not converge")
    z = x.to_numpy() @ beta
    levels = np.unique(s)
    curves = pd.DataFrame(
        {c: _predict(beta, _term(levels, form, top), c) for c in ("low", "high")},
        index=pd.Index(levels, name="satisfaction"),
    )
    if all(float(v).is_integer() for v in levels):
        curves.index = curves.index.astype(int)
    names = _FORMS[form]
    return SatisfactionLoyaltyFit(
        params=pd.Series(beta, index=names, name="coefficient"),
        standard_errors=pd.Series(se, index=names, name="standard_error"),
        conf_int=pd.DataFrame(ci, index=names, columns=["lower", "upper"]),
        curves=curves,
        log_likelihood=float(np.sum(y * z - np.logaddexp(0.0, z))),
        respondents=len(y),
        separated=result is None,
        form=form,
        top=top,
    )
