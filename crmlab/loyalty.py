"""Satisfaction versus loyalty (客户满意与客户忠诚).

Chapter 06 of the course. Loyalty (客户忠诚) is a lasting attachment shown by repeated,
directed buying. Satisfaction does not guarantee it — the satisfaction trap
(客户满意陷阱): in competitive markets only the completely satisfied stay (Jones & Sasser
1995), where switching is hard even the dissatisfied stay. This module links survey
answers to what customers did afterwards, classifies customers into the Dick & Basu
(1994) loyalty types, and models loyalty on satisfaction × competition.

Data requirements: ``survey`` (``customer_id``, ``survey_date``, ``overall_satisfaction``
1-5, ``relative_attitude`` 1-7, ``likelihood_to_recommend``), ``transactions``
(``customer_id``, ``order_id``, ``order_date``, ``amount``, optional ``returned``) and
``customers`` (``customer_id``, ``competition`` high/low, or the column named by ``by``).
Other names are mapped where the data enter (``crmlab.data.conform``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

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
    "repurchase_by_satisfaction",
    "satisfaction_loyalty_curve",
    "survey_outcomes",
]

ORDER = "order_id"
SATISFACTION = "overall_satisfaction"

#: Dick & Basu (1994) loyalty types: English → Chinese.
LOYALTY_TYPES: dict[str, str] = {
    "true loyalty": "忠诚",
    "latent loyalty": "潜在忠诚",
    "spurious loyalty": "虚假忠诚",
    "no loyalty": "不忠诚",
}


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
    if by in (CUSTOMER, "satisfaction", "orders_after", "repurchased", "complete_window"):
        raise ValueError(f"by: {by!r} names a column of the result; group by a customers column")
    return by


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
    """Each survey answer joined to what the customer did in the following window.

    For every response: the satisfaction level (``overall_satisfaction``), the customer's
    ``by`` value (a column of ``customers``, by default the competition level), the number
    of orders placed in ``(survey_date, survey_date + window_days]`` and whether there was
    at least one (``repurchased``). A window that ends after ``observation_end`` (default:
    the last order date) is not fully observed: ``complete_window`` is False and such
    answers should not be counted as "did not buy".

    Parameters
    ----------
    survey, transactions, customers
        All three are needed: the answers, the purchases after them, and the ``by`` column
        of each respondent (a missing table raises ``ValueError`` saying what it is for).
    by
        Column of ``customers`` to carry along for grouping: ``"competition"`` (high/low,
        what :func:`fit_satisfaction_loyalty` reads) or e.g. ``"customer_type"``.
    window_days
        Length of the window after each answer.
    observation_end
        Last day of the data (``None``: the last order date).
    exclude_returns
        Leave out lines flagged ``returned``.

    Returns
    -------
    pandas.DataFrame
        The survey's index; columns ``customer_id``, ``satisfaction``, ``by`` (e.g.
        ``competition``), ``orders_after``, ``repurchased``, ``complete_window``.

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
    >>> survey_outcomes(survey, tx, customers).drop(columns="customer_id")
       satisfaction competition  orders_after  repurchased  complete_window
    0             5        high             1         True             True
    1             3         low             0        False             True
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
    sat = survey[SATISFACTION]
    if sat.isna().any():
        bad = survey.index[sat.isna().to_numpy()]
        raise ValueError(f"survey['{SATISFACTION}']: missing at {row_list(bad)}; drop them")
    start = date_column(survey, "survey_date", "survey").dt.normalize()
    stop = start + pd.Timedelta(days=int(window_days))
    answers = pd.DataFrame({"_row": np.arange(len(survey)), CUSTOMER: survey[CUSTOMER].to_numpy()})
    answers["_start"] = start.to_numpy()
    answers["_stop"] = stop.to_numpy()
    orders = pd.DataFrame({CUSTOMER: lines[CUSTOMER].to_numpy(), "_order": lines[ORDER].to_numpy()})
    orders["_date"] = lines[DATE].dt.normalize().to_numpy()
    orders = orders.drop_duplicates([CUSTOMER, "_order"])
    joined = answers.merge(orders, on=CUSTOMER, how="inner")
    inside = joined.loc[(joined["_date"] > joined["_start"]) & (joined["_date"] <= joined["_stop"])]
    counts = (
        inside.groupby("_row")["_order"].nunique().reindex(np.arange(len(survey)), fill_value=0)
    )
    out = pd.DataFrame(
        {
            CUSTOMER: survey[CUSTOMER].to_numpy(),
            "satisfaction": sat.to_numpy(),
            by: group.loc[survey[CUSTOMER]].to_numpy(),
            "orders_after": counts.to_numpy().astype(int),
        },
        index=survey.index,
    )
    out["repurchased"] = out["orders_after"] > 0
    out["complete_window"] = (stop <= end).to_numpy()
    return out


def repurchase_by_satisfaction(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    by: str = "competition",
    window_days: int = 365,
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Repurchase rate by satisfaction level and competition: the satisfaction trap in data.

    Built on :func:`survey_outcomes`: answers whose window is not complete are left out
    of the rates and counted in ``incomplete_window`` (a level with no complete window has a
    NaN rate). Under high competition the repurchase rate should jump only at the top level
    (Jones & Sasser's "totally satisfied"); under low competition it stays high across
    levels. ``by`` groups by another column of ``customers`` instead (e.g.
    ``"customer_type"``).

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` value × satisfaction level: ``by`` (e.g. ``competition``),
        ``satisfaction``, ``respondents`` (complete windows), ``repurchased``,
        ``repurchase_rate``, ``mean_orders_after``, ``incomplete_window``.

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
    >>> table["mean_orders_after"].tolist()
    [0.0, 2.0, 1.0, 1.0]
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
    keys = [by, "satisfaction"]
    complete = outcomes.loc[outcomes["complete_window"]]
    table = complete.groupby(keys, observed=True).agg(
        respondents=("repurchased", "size"),
        repurchased=("repurchased", "sum"),
        repurchase_rate=("repurchased", "mean"),
        mean_orders_after=("orders_after", "mean"),
    )
    incomplete = outcomes.loc[~outcomes["complete_window"]].groupby(keys, observed=True).size()
    full_index = pd.MultiIndex.from_frame(
        outcomes[keys].drop_duplicates().sort_values(keys, kind="stable")
    )
    table = table.reindex(full_index)
    table["respondents"] = table["respondents"].fillna(0).astype(int)
    table["repurchased"] = table["repurchased"].fillna(0).astype(int)
    table["incomplete_window"] = incomplete.reindex(full_index, fill_value=0).astype(int)
    return table.reset_index()


def loyalty_matrix(
    attitude: Sequence[float] | pd.Series,
    behaviour: Sequence[float] | pd.Series,
    *,
    attitude_cut: float | None = None,
    behaviour_cut: float | None = None,
) -> pd.DataFrame:
    """Dick & Basu (1994) loyalty types: relative attitude × repeat patronage.

    - high attitude, high behaviour → true loyalty (忠诚);
    - high attitude, low behaviour → latent loyalty (潜在忠诚);
    - low attitude, high behaviour → spurious loyalty (虚假忠诚);
    - low, low → no loyalty (不忠诚).

    A value at or above its cut is "high". Cuts default to the medians of the data; on the
    survey's 1-7 relative attitude scale a fixed cut such as 5 is often clearer.

    Parameters
    ----------
    attitude
        Relative attitude (相对态度) per customer, e.g. ``relative_attitude``.
    behaviour
        Repeat patronage per customer, e.g. orders per year or share of wallet.

    Returns
    -------
    pandas.DataFrame
        ``attitude``, ``behaviour``, ``attitude_high``, ``behaviour_high``,
        ``loyalty_type``, ``loyalty_type_cn``; the index of ``attitude`` when it is a Series.

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
    ['忠诚', '潜在忠诚', '虚假忠诚', '不忠诚']
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
    return pd.DataFrame(
        {
            "attitude": a,
            "behaviour": b,
            "attitude_high": high_a,
            "behaviour_high": high_b,
            "loyalty_type": kind,
            "loyalty_type_cn": [LOYALTY_TYPES[k] for k in kind],
        },
        index=index,
    )


def loyalty_measures(
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    *,
    observation_end: str | pd.Timestamp | None = None,
    wallet: pd.Series | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Loyalty measures per customer (客户忠诚的衡量): repeat buying, wallet, recommendation.

    Behaviour from purchases on or before ``observation_end`` (default: the last order
    date): ``orders``, ``repeat_buyer`` (2+ orders), ``orders_per_year`` (orders ÷ years
    since the first order, at least a quarter of a year), ``spend``; ``share_of_wallet``
    (spend ÷ the customer's total category spending, when ``wallet`` — a Series indexed by
    customer — is given); from the latest survey answer on or before ``observation_end``:
    ``relative_attitude`` and ``likelihood_to_recommend`` (NaN for customers never
    surveyed).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["1", "2", "3"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-07-01",
    ...                                                  "2024-12-31"]),
    ...                    "amount": [100.0, 50.0, 40.0], "returned": False})
    >>> measures = loyalty_measures(tx, wallet=pd.Series({"a": 300.0, "b": 40.0}))
    >>> print(measures.round(3).to_string(index_names=False))
       orders  repeat_buyer  orders_per_year  spend  share_of_wallet
    a       2          True            2.001  150.0              0.5
    b       1         False            4.000   40.0              1.0
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
    grouped = lines.assign(_d=day, **{AMOUNT: amount}).groupby(CUSTOMER, observed=True)
    out = pd.DataFrame(
        {
            "orders": grouped[ORDER].nunique(),
            "spend": grouped[AMOUNT].sum().astype(float),
        }
    )
    years = ((end - grouped["_d"].min()).dt.days / 365.25).clip(lower=0.25)
    out.insert(1, "repeat_buyer", out["orders"] >= 2)
    out.insert(2, "orders_per_year", out["orders"] / years)
    out.index.name = CUSTOMER
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
        items = ["relative_attitude", "likelihood_to_recommend"]
        require_columns(survey, [CUSTOMER, "survey_date", *items], "survey")
        sv_day = date_column(survey, "survey_date", "survey").dt.normalize()
        sv = survey.loc[(sv_day <= end).to_numpy()]
        sv = sv.assign(_d=sv_day.loc[sv.index]).sort_values("_d", kind="stable")
        latest = sv.groupby(CUSTOMER, observed=True)[items].last()
        for item in items:
            out[item] = latest[item].reindex(out.index).astype(float)
    return out


# --------------------------------------------------------------------------------------
# Satisfaction → loyalty: a teaching model and a fitted model
# --------------------------------------------------------------------------------------


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


_TERMS = ["intercept", "satisfaction", "high_competition", "satisfaction_x_high"]


@dataclass(frozen=True)
class SatisfactionLoyaltyFit:
    """Logistic regression of retention on satisfaction × competition.

    logit P(retained) = intercept + b_s · satisfaction + b_c · high + b_sc · satisfaction · high,
    with ``high`` = 1 under high competition.

    Attributes
    ----------
    params
        Estimated coefficients ``intercept``, ``satisfaction``, ``high_competition``,
        ``satisfaction_x_high`` (log-odds).
    standard_errors
        Their standard errors (maximum likelihood, from statsmodels); NaN when ``separated``.
    conf_int
        Confidence intervals (at the ``confidence`` level of the fit): rows as ``params``,
        columns ``lower`` and ``upper``; NaN when ``separated``.
    curves
        Predicted retention per satisfaction level (rows) and competition (columns
        ``low``, ``high``) over the levels seen in the data.
    log_likelihood
        Log-likelihood at ``params``.
    respondents
        Number of observations used.
    separated
        True when a group was perfectly separated (e.g. every customer under low
        competition stayed): the maximum-likelihood estimates are then infinite, so the
        fit is a ridge-penalised one that keeps the curves finite, without standard errors.
    """

    params: pd.Series
    standard_errors: pd.Series
    conf_int: pd.DataFrame
    curves: pd.DataFrame
    log_likelihood: float
    respondents: int
    separated: bool

    def predict(self, satisfaction: Sequence[float] | np.ndarray, competition: str) -> np.ndarray:
        """Predicted retention probability at ``satisfaction`` under ``competition``."""
        return _predict(self.params.to_numpy(), satisfaction, competition)


def _predict(beta: np.ndarray, satisfaction: object, competition: float | str) -> np.ndarray:
    high = _competition_intensity(competition)
    s = as_float_array(satisfaction, "satisfaction")
    z = beta[0] + beta[1] * s + beta[2] * high + beta[3] * s * high
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
    confidence: float = 0.95,
    penalty: float = 1e-4,
) -> SatisfactionLoyaltyFit:
    """Fit retention on satisfaction × competition (logistic regression, statsmodels).

    A maximum-likelihood logistic regression (``statsmodels.api.Logit``) with an
    interaction, so that the slope of loyalty in satisfaction can differ between high and
    low competition; the result carries standard errors and intervals at the
    ``confidence`` level. When a group is perfectly separated (e.g. every customer under
    low competition stayed) the maximum-likelihood estimates do not exist; the fit then
    adds a tiny ridge ``penalty`` on the slopes (scikit-learn) to keep the curves finite,
    reports no standard errors and sets ``separated``. Feed it :func:`survey_outcomes`
    (``satisfaction``, ``competition``, ``repurchased``).

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
    >>> print(fit.conf_int.round(1).to_string())  # truth: 0, 1, -18, 3
                         lower  upper
    intercept             -0.1    0.5
    satisfaction           0.7    1.0
    high_competition     -20.3  -16.5
    satisfaction_x_high    2.7    3.6
    """
    s = as_float_array(satisfaction, "satisfaction")
    comp = pd.Series(competition).astype(object)
    flags = pd.Series(retained)
    if not (len(s) == len(comp) == len(flags)):
        raise ValueError(
            f"satisfaction, competition and retained: lengths differ "
            f"({len(s)}, {len(comp)}, {len(flags)})"
        )
    if len(s) < 4:
        raise ValueError("satisfaction: at least 4 observations are needed to fit 4 coefficients")
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
    x = pd.DataFrame(np.column_stack([np.ones_like(s), s, high, s * high]), columns=_TERMS)
    if np.linalg.matrix_rank(x.to_numpy()) < 4:
        raise ValueError(
            "satisfaction: needs at least two different levels within each competition group"
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
        {"low": _predict(beta, levels, "low"), "high": _predict(beta, levels, "high")},
        index=pd.Index(levels, name="satisfaction"),
    )
    if all(float(v).is_integer() for v in levels):
        curves.index = curves.index.astype(int)
    return SatisfactionLoyaltyFit(
        params=pd.Series(beta, index=_TERMS, name="coefficient"),
        standard_errors=pd.Series(se, index=_TERMS, name="standard_error"),
        conf_int=pd.DataFrame(ci, index=_TERMS, columns=["lower", "upper"]),
        curves=curves,
        log_likelihood=float(np.sum(y * z - np.logaddexp(0.0, z))),
        respondents=len(y),
        separated=result is None,
    )
