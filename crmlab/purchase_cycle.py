"""Purchase cycles and the due list (购买周期与到期名单): the Dick's Supermarket case (迪克超市).

Dick's Supermarket, eight stores in rural Wisconsin, predicted when each shopper would buy an
item again and mailed customers spending over $25 a week a personalised shopping list every
other week. This module rebuilds that: each customer's rhythm of buying (overall or per
category), who is due in the coming window, the list for customers above a weekly spend,
and its check on the window after it was made — how many listed customers bought, against
random lists of the same size from the same eligible customers.

Data requirements: ``transactions`` with ``customer_id``, ``order_date``, ``amount``,
optional ``returned`` and (for rhythms per category) ``category``. Other names are mapped
where the data enter (``crmlab.data.conform``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window, kept_lines, purchase_days
from crmlab._validate import require_nonempty, row_list

__all__ = [
    "DueListCheck",
    "due_customers",
    "due_list",
    "due_list_backtest",
    "due_list_check",
    "interpurchase_times",
]


def _purchase_days_by(
    transactions: pd.DataFrame, by: str | None, exclude_returns: bool
) -> pd.DataFrame:
    """One row per purchase (customer-day, or customer × ``by`` value × day) with its spend."""
    if by is None:
        return purchase_days(transactions, amount=True, exclude_returns=exclude_returns)
    lines = kept_lines(
        transactions, required=(CUSTOMER, DATE, AMOUNT, by), exclude_returns=exclude_returns
    )
    if lines[by].isna().any():
        bad = lines.index[lines[by].isna().to_numpy()]
        raise ValueError(
            f"transactions: column {by!r} (by) has {len(bad)} missing value(s) at "
            f"{row_list(bad)}; drop or fill them first"
        )
    # a purchase of a customer in one group (e.g. a category) is a customer-group-day
    codes, groups = pd.factorize(pd.MultiIndex.from_frame(lines[[CUSTOMER, by]]))
    days = purchase_days(
        pd.DataFrame(
            {CUSTOMER: codes, DATE: lines[DATE].to_numpy(), AMOUNT: lines[AMOUNT].to_numpy()},
            index=lines.index,
        ),
        amount=True,
        exclude_returns=False,
    )
    keys = groups.take(days[CUSTOMER].to_numpy())
    return pd.DataFrame(
        {
            CUSTOMER: keys.get_level_values(0),
            by: keys.get_level_values(1),
            "day": days["day"].to_numpy(),
            AMOUNT: days[AMOUNT].to_numpy(),
        }
    )


def interpurchase_times(
    transactions: pd.DataFrame,
    *,
    by: str | None = None,
    typical: str = "median",
    observation_end: str | pd.Timestamp | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Each customer's purchase rhythm (购买周期) and the date of the next expected purchase.

    Purchases are counted in distinct purchase days (several lines or orders on one day
    are one visit). The gap between consecutive purchase days gives the mean and median
    inter-purchase time; the next purchase is expected one typical gap after the last.

    Parameters
    ----------
    by
        Optional column (e.g. ``"category"``) to measure the rhythm per customer and value
        of that column — "when will she buy trousers again?".
    typical
        ``"median"`` (robust to one long break) or ``"mean"`` gap used for the next date.
    observation_end
        Use only purchases on or before this day (``None``: the last day in the data, of
        any line, returned or not).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (and ``by``): ``purchase_days``, ``spend``,
        ``first_purchase``, ``last_purchase``, ``mean_gap_days``, ``median_gap_days``,
        ``next_expected``. Customers with one purchase day have NaN gaps and no
        ``next_expected`` (NaT).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-08",
    ...                        "2024-01-22", "2024-01-22", "2024-01-05"]),
    ...                    "amount": [30.0, 20.0, 25.0, 5.0, 40.0], "returned": False})
    >>> rhythm = interpurchase_times(tx)
    >>> columns = ["purchase_days", "mean_gap_days", "median_gap_days", "next_expected"]
    >>> print(rhythm[columns].to_string(index_names=False))
       purchase_days  mean_gap_days  median_gap_days next_expected
    a              3           10.5             10.5    2024-02-01
    b              1            NaN              NaN           NaT
    """
    return _rhythm(transactions, by, typical, observation_end, exclude_returns, None)


def _cached(cache: dict | None, key: tuple, make) -> pd.DataFrame:  # type: ignore[type-arg]
    """``make()``, kept in ``cache`` under ``key`` (a backtest reuses one table per week)."""
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _end(
    transactions: pd.DataFrame,
    observation_end: str | pd.Timestamp | None,
    cache: dict | None,  # type: ignore[type-arg]
) -> pd.Timestamp:
    """The analysis day; inside a check (``cache`` given) the day was validated already."""
    if cache is not None and isinstance(observation_end, pd.Timestamp):
        return observation_end.normalize()
    return analysis_window(transactions, observation_end).observation_end


def _rhythm(
    transactions: pd.DataFrame,
    by: str | None,
    typical: str,
    observation_end: str | pd.Timestamp | None,
    exclude_returns: bool,
    cache: dict | None,  # type: ignore[type-arg]
) -> pd.DataFrame:
    """The body of :func:`interpurchase_times`, with the purchase days optionally cached."""
    if typical not in ("median", "mean"):
        raise ValueError(f"typical: expected 'median' or 'mean', got {typical!r}")
    days = _cached(
        cache,
        ("days", by, exclude_returns),
        lambda: _purchase_days_by(transactions, by, exclude_returns),
    )
    require_nonempty(days, "transactions (returned lines left out)")
    end = _end(transactions, observation_end, cache)
    days = days.loc[(days["day"] <= end).to_numpy()]
    keys = [CUSTOMER] + ([by] if by is not None else [])
    days = days.sort_values([*keys, "day"], kind="stable")
    days["gap"] = days.groupby(keys, observed=True)["day"].diff().dt.days
    grouped = days.groupby(keys, observed=True)
    out = pd.DataFrame(
        {
            "purchase_days": grouped["day"].size(),
            "spend": grouped[AMOUNT].sum(),
            "first_purchase": grouped["day"].min(),
            "last_purchase": grouped["day"].max(),
            "mean_gap_days": grouped["gap"].mean(),
            "median_gap_days": grouped["gap"].median(),
        }
    )
    gap = out["median_gap_days"] if typical == "median" else out["mean_gap_days"]
    ahead = pd.to_timedelta(gap.round().fillna(0).to_numpy(), unit="D")  # NaN would overflow
    out["next_expected"] = (out["last_purchase"] + ahead).where(gap.notna())
    return out


def _rhythm_today(
    transactions: pd.DataFrame,
    observation_end: str | pd.Timestamp | None,
    min_purchases: int,
    by: str | None,
    typical: str,
    exclude_returns: bool,
    cache: dict | None = None,  # type: ignore[type-arg]
) -> pd.DataFrame:
    """Rhythms with enough purchases, plus weekly spend and days since / until due."""
    rhythm = _rhythm(transactions, by, typical, observation_end, exclude_returns, cache)
    today = _end(transactions, observation_end, cache)
    rhythm = rhythm.loc[rhythm["purchase_days"] >= min_purchases].copy()
    weeks = np.maximum((today - rhythm["first_purchase"]).dt.days / 7.0, 1.0)
    rhythm["weekly_spend"] = rhythm["spend"] / weeks
    gap = rhythm["median_gap_days"] if typical == "median" else rhythm["mean_gap_days"]
    rhythm["days_since_last"] = (today - rhythm["last_purchase"]).dt.days
    rhythm["days_until_due"] = (rhythm["next_expected"] - today).dt.days
    rhythm["gap_ratio"] = rhythm["days_since_last"] / gap.where(gap > 0)
    return rhythm


def due_customers(
    transactions: pd.DataFrame,
    observation_end: str | pd.Timestamp | None = None,
    *,
    window_days: int = 7,
    min_purchases: int = 3,
    min_weekly_spend: float | None = None,
    by: str | None = None,
    typical: str = "median",
    include_overdue: bool = False,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """The Dick's Supermarket list (迪克超市): customers due to buy in the coming window.

    Using only purchases on or before ``observation_end`` ("today"; ``None``: the last day
    in the data), a customer (or customer × ``by`` value, e.g. category) is *due* when
    their next expected purchase (last purchase + typical gap, see
    :func:`interpurchase_times`) falls in ``[observation_end, observation_end +
    window_days)``. With ``include_overdue`` customers whose expected day has already
    passed are listed too.

    Parameters
    ----------
    min_purchases
        Purchase days needed before a rhythm is trusted (Dick's used the history of
        regular shoppers).
    min_weekly_spend
        Keep only customers spending at least this much per week on average between
        their first purchase and ``observation_end`` (Dick's mailed shoppers spending over
        $25 a week); ``None`` keeps everyone.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`interpurchase_times` that are due, plus ``weekly_spend``,
        ``days_since_last``, ``days_until_due`` (negative = overdue) and ``gap_ratio``
        (days since last ÷ typical gap; above 1 means overdue), soonest due first.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 3 + ["b"] * 3,
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-08",
    ...                        "2024-01-15", "2024-01-01", "2024-01-04", "2024-01-07"]),
    ...                    "amount": [40.0, 40.0, 40.0, 5.0, 5.0, 5.0], "returned": False})
    >>> due = due_customers(tx, "2024-01-20")
    >>> columns = ["last_purchase", "next_expected", "days_since_last", "days_until_due"]
    >>> print(due[columns].to_string(index_names=False))
      last_purchase next_expected  days_since_last  days_until_due
    a    2024-01-15    2024-01-22                5               2
    >>> len(due_customers(tx, "2024-01-20", include_overdue=True))
    2
    >>> len(due_customers(tx, "2024-01-20", include_overdue=True, min_weekly_spend=25))
    1
    """
    return _due(
        transactions,
        observation_end,
        window_days,
        min_purchases,
        min_weekly_spend,
        by,
        typical,
        include_overdue,
        exclude_returns,
        None,
    )


def _due(
    transactions: pd.DataFrame,
    observation_end: str | pd.Timestamp | None,
    window_days: int,
    min_purchases: int,
    min_weekly_spend: float | None,
    by: str | None,
    typical: str,
    include_overdue: bool,
    exclude_returns: bool,
    cache: dict | None,  # type: ignore[type-arg]
) -> pd.DataFrame:
    """The body of :func:`due_customers`, with the purchase days optionally cached."""
    if int(window_days) != window_days or window_days < 1:
        raise ValueError(f"window_days: expected whole days >= 1, got {window_days}")
    if int(min_purchases) != min_purchases or min_purchases < 2:
        raise ValueError(
            f"min_purchases: expected a whole number >= 2 (a rhythm needs two purchases), "
            f"got {min_purchases}"
        )
    rhythm = _rhythm_today(
        transactions, observation_end, min_purchases, by, typical, exclude_returns, cache
    )
    if min_weekly_spend is not None:
        rhythm = rhythm.loc[rhythm["weekly_spend"] >= min_weekly_spend].copy()
    upper = rhythm["days_until_due"] < window_days
    lower = rhythm["days_until_due"] >= 0
    due = rhythm.loc[upper & (lower | include_overdue)]
    return due.sort_values("days_until_due", kind="stable")


def _due_list(
    transactions: pd.DataFrame,
    today: pd.Timestamp,
    window_days: int,
    min_purchases: int,
    min_weekly_spend: float | None,
    by: str | None,
    item: object | None,
    typical: str,
    include_overdue: bool,
    exclude_returns: bool,
    cache: dict | None = None,  # type: ignore[type-arg]
) -> tuple[pd.DataFrame, pd.Index]:
    """The due rows of the eligible customers, and the eligible customers."""
    if item is not None and by is None:
        raise ValueError("item: give by= too (the column the item is a value of)")
    customers = _rhythm_today(
        transactions, today, min_purchases, None, typical, exclude_returns, cache
    )
    if min_weekly_spend is not None:
        customers = customers.loc[customers["weekly_spend"] >= min_weekly_spend]
    eligible = customers.index
    if not len(eligible):
        raise ValueError(
            "no eligible customers: nobody has min_purchases purchase days and min_weekly_spend "
            "by today; lower them"
        )
    due = _due(
        transactions,
        today,
        window_days,
        min_purchases,
        None,
        by,
        typical,
        include_overdue,
        exclude_returns,
        cache,
    )
    keep = due.index.get_level_values(0).isin(eligible)
    if item is not None:
        keep &= due.index.get_level_values(1) == item
    listed = due.loc[keep]
    if by is not None:  # Dick's weekly spend is the customer's, not one category's
        listed = listed.assign(
            weekly_spend=customers["weekly_spend"]
            .reindex(listed.index.get_level_values(0))
            .to_numpy()
        )
    return listed, eligible


def due_list(
    transactions: pd.DataFrame,
    today: str | pd.Timestamp | None = None,
    *,
    window_days: int = 7,
    min_purchases: int = 3,
    min_weekly_spend: float | None = None,
    by: str | None = None,
    item: object | None = None,
    typical: str = "median",
    include_overdue: bool = False,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """The Dick's list (迪克超市的购物清单) made on ``today``: who is due, and for what.

    Like :func:`due_customers`, but the spending threshold is Dick's: a customer is
    *eligible* with at least ``min_purchases`` purchase days and an average weekly spend
    (all her purchases) of at least ``min_weekly_spend``; the list holds her rows (per
    ``by`` value, e.g. category; only ``item``'s when given) that are due within
    ``window_days`` of ``today`` (``None``: the last day in the data).

    Returns
    -------
    pandas.DataFrame
        The :func:`due_customers` columns, ``weekly_spend`` being the customer's.

    Examples
    --------
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 6, "order_date": list(days) * 2,
    ...     "category": ["tops"] * 3 + ["shoes"] * 3, "amount": [30.0] * 3 + [5.0] * 3,
    ...     "returned": False})
    >>> due = due_list(tx, "2024-01-20", by="category", min_weekly_spend=25)
    >>> due.index.tolist(), due["weekly_spend"].round(1).tolist()
    ([('a', 'shoes'), ('a', 'tops')], [38.7, 38.7])
    """
    start = analysis_window(transactions, today).observation_end
    listed, _eligible = _due_list(
        transactions,
        start,
        window_days,
        min_purchases,
        min_weekly_spend,
        by,
        item,
        typical,
        include_overdue,
        exclude_returns,
    )
    return listed


@dataclass(frozen=True)
class DueListCheck:
    """The Dick's list checked on the week after it was made (see :func:`due_list_check`).

    Attributes
    ----------
    today, holdout_end
        The list uses purchases up to ``today``; the hold-out is ``(today, holdout_end]``.
    eligible
        Customers who could be listed (enough purchases, enough weekly spend).
    listed
        The due rows (:func:`due_customers` columns) with ``bought``: the customer bought
        in the hold-out window (in ``item`` when one was given).
    random_precisions
        Precision of each random list of the same size drawn from the eligible customers.
    """

    today: pd.Timestamp
    holdout_end: pd.Timestamp
    eligible: int
    eligible_bought: int
    listed: pd.DataFrame
    random_precisions: np.ndarray

    @property
    def listed_customers(self) -> int:
        """Distinct customers on the list."""
        return int(self.listed.index.get_level_values(0).nunique())

    @property
    def bought(self) -> int:
        """Listed customers who bought in the hold-out window."""
        hits = self.listed["bought"].groupby(level=0).max()
        return int(hits.sum())

    @property
    def precision(self) -> float:
        """Share of the listed customers who bought (NaN for an empty list)."""
        n = self.listed_customers
        return self.bought / n if n else float("nan")

    @property
    def base_rate(self) -> float:
        """Share of all eligible customers who bought: a random list's expected precision."""
        return self.eligible_bought / self.eligible

    @property
    def random_precision(self) -> float:
        """Mean precision of the random lists (NaN when none were drawn)."""
        draws = self.random_precisions
        return float(draws.mean()) if draws.size else float("nan")

    @property
    def lift(self) -> float:
        """List precision ÷ mean random precision (NaN when that is 0 or undefined)."""
        chance = self.random_precision
        return self.precision / chance if chance > 0 else float("nan")

    @property
    def share_of_draws_beaten(self) -> float:
        """Share of the random lists whose precision is below the list's."""
        draws = self.random_precisions
        return float(np.mean(draws < self.precision)) if draws.size else float("nan")


def due_list_check(
    transactions: pd.DataFrame,
    today: str | pd.Timestamp,
    *,
    window_days: int = 7,
    min_purchases: int = 3,
    min_weekly_spend: float | None = None,
    by: str | None = None,
    item: object | None = None,
    typical: str = "median",
    include_overdue: bool = False,
    draws: int = 200,
    seed: int = 0,
    exclude_returns: bool = True,
) -> DueListCheck:
    """Make the Dick's list on ``today`` and check it on the following window (留出周检验).

    *Eligible* customers have at least ``min_purchases`` purchase days up to ``today`` and
    (with ``min_weekly_spend``) at least that average weekly spend. The list holds the
    eligible customers due in ``[today, today + window_days)`` (:func:`due_customers`;
    with ``by``, a customer is listed when any of her ``by`` rhythms is due — only
    ``item``'s when given). A listed customer is a *hit* when she bought in
    ``(today, today + window_days]`` (in ``item`` when given). Precision = hits ÷ listed
    customers. The comparison is ``draws`` random lists of the same size drawn (seeded)
    from the same eligible customers, so the lift is not one lucky draw.

    Parameters
    ----------
    today
        The day the list is made; the hold-out window must lie inside the data.
    by, item
        Rhythm per customer × ``by`` value (e.g. ``"category"``), optionally only for one
        ``item`` (e.g. ``"tops"``).
    draws, seed
        Number of random lists and the seed of their generator.

    Returns
    -------
    DueListCheck
        ``precision``, ``random_precision``, ``lift``, ``base_rate``, ``listed`` …

    Examples
    --------
    >>> days = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"])
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 4 + ["c"] * 4,
    ...     "order_date": list(days) + list(days - pd.Timedelta(days=3))
    ...                   + list(days - pd.Timedelta(days=6)),
    ...     "amount": 10.0, "returned": False})
    >>> check = due_list_check(tx, "2024-01-17", window_days=3, draws=1000)
    >>> list(check.listed.index), check.listed["bought"].tolist()
    (['b'], [True])
    >>> check.eligible, check.precision, round(check.base_rate, 3)
    (3, 1.0, 0.333)
    >>> round(check.random_precision, 1)  # a random list of one holds a buyer a third of the time
    0.3
    """
    _check_options(window_days, min_purchases, draws)
    return _check(
        transactions,
        today,
        window_days,
        min_purchases,
        min_weekly_spend,
        by,
        item,
        typical,
        include_overdue,
        draws,
        seed,
        exclude_returns,
        {},
    )


def _check_options(window_days: int, min_purchases: int, draws: int) -> None:
    """Clear errors for the whole-number options of a due-list check."""
    if int(draws) != draws or draws < 0:
        raise ValueError(f"draws: expected a whole number >= 0, got {draws}")
    if int(window_days) != window_days or window_days < 1:
        raise ValueError(f"window_days: expected whole days >= 1, got {window_days}")
    if int(min_purchases) != min_purchases or min_purchases < 2:
        raise ValueError(f"min_purchases: expected a whole number >= 2, got {min_purchases}")


def _check(
    transactions: pd.DataFrame,
    today: str | pd.Timestamp,
    window_days: int,
    min_purchases: int,
    min_weekly_spend: float | None,
    by: str | None,
    item: object | None,
    typical: str,
    include_overdue: bool,
    draws: int,
    seed: int,
    exclude_returns: bool,
    cache: dict,  # type: ignore[type-arg]
) -> DueListCheck:
    """The body of :func:`due_list_check`; a backtest shares ``cache`` between its weeks."""
    start = analysis_window(transactions, today).observation_end
    holdout_end = start + pd.Timedelta(days=int(window_days))
    last_day = analysis_window(transactions, None).observation_end
    if holdout_end > last_day:
        raise ValueError(
            f"today: the hold-out window runs to {holdout_end.date()}, past the last day in "
            f"the data ({last_day.date()}); make the list at least {window_days} days earlier"
        )
    listed, eligible = _due_list(
        transactions,
        start,
        window_days,
        min_purchases,
        min_weekly_spend,
        by,
        item,
        typical,
        include_overdue,
        exclude_returns,
        cache,
    )
    listed = listed.copy()
    lines = _cached(
        cache,
        ("lines", by, exclude_returns),
        lambda: kept_lines(
            transactions,
            required=(CUSTOMER, DATE) + ((by,) if by is not None else ()),
            exclude_returns=exclude_returns,
        ).assign(_day=lambda f: f[DATE].dt.normalize()),
    )
    day = lines["_day"]
    window = (day > start) & (day <= holdout_end)
    if item is not None:
        window &= lines[by] == item
    buyers = pd.Index(lines.loc[window, CUSTOMER].unique())
    listed["bought"] = listed.index.get_level_values(0).isin(buyers)
    hit = np.asarray(eligible.isin(buyers), dtype=float)
    n = int(listed.index.get_level_values(0).nunique())
    rng = np.random.default_rng(seed)
    if n and draws:
        picks = rng.random((int(draws), hit.size)).argsort(axis=1)[:, :n]
        random_precisions = hit[picks].mean(axis=1)
    else:
        random_precisions = np.array([], dtype=float)
    return DueListCheck(
        today=start,
        holdout_end=holdout_end,
        eligible=int(hit.size),
        eligible_bought=int(hit.sum()),
        listed=listed,
        random_precisions=random_precisions,
    )


def due_list_backtest(
    transactions: pd.DataFrame, weeks: int = 8, *, window_days: int = 7, **options: object
) -> pd.DataFrame:
    """:func:`due_list_check` on each of the last ``weeks`` windows of the data.

    The last list is made ``window_days`` before the data's last day, each earlier one a
    window before that. ``options`` go to :func:`due_list_check` (``min_purchases``,
    ``min_weekly_spend``, ``by``, ``draws``, ``seed`` …).

    Returns
    -------
    pandas.DataFrame
        One row per list, oldest first, indexed by ``today``: ``eligible``, ``listed``,
        ``bought``, ``precision``, ``random_precision``, ``base_rate``, ``lift``.

    Examples
    --------
    >>> days = pd.date_range("2024-01-01", periods=12, freq="7D")
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 12 + ["b"] * 12,
    ...     "order_date": list(days) + list(days + pd.Timedelta(days=3)),
    ...     "amount": 10.0, "returned": False})
    >>> table = due_list_backtest(tx, 3, draws=10)
    >>> print(table[["eligible", "listed", "bought", "precision"]].to_string())
                eligible  listed  bought  precision
    today
    2024-02-29         2       1       1        1.0
    2024-03-07         2       1       1        1.0
    2024-03-14         2       1       1        1.0
    """
    if int(weeks) != weeks or weeks < 1:
        raise ValueError(f"weeks: expected a whole number >= 1, got {weeks}")
    settings: dict[str, object] = {
        "min_purchases": 3,
        "min_weekly_spend": None,
        "by": None,
        "item": None,
        "typical": "median",
        "include_overdue": False,
        "draws": 200,
        "seed": 0,
        "exclude_returns": True,
    }
    unknown = sorted(set(options) - set(settings))
    if unknown:
        raise TypeError(f"due_list_backtest: unknown option(s) {unknown}; see due_list_check")
    settings.update(options)
    _check_options(window_days, settings["min_purchases"], settings["draws"])  # type: ignore[arg-type]
    last_day = analysis_window(transactions, None).observation_end
    cache: dict = {}  # type: ignore[type-arg]
    rows = {}
    for back in range(int(weeks), 0, -1):
        today = last_day - pd.Timedelta(days=back * int(window_days))
        check = _check(
            transactions,
            today,
            window_days,
            settings["min_purchases"],  # type: ignore[arg-type]
            settings["min_weekly_spend"],  # type: ignore[arg-type]
            settings["by"],  # type: ignore[arg-type]
            settings["item"],
            settings["typical"],  # type: ignore[arg-type]
            settings["include_overdue"],  # type: ignore[arg-type]
            settings["draws"],  # type: ignore[arg-type]
            settings["seed"],  # type: ignore[arg-type]
            settings["exclude_returns"],  # type: ignore[arg-type]
            cache,
        )
        rows[check.today] = {
            "eligible": check.eligible,
            "listed": check.listed_customers,
            "bought": check.bought,
            "precision": check.precision,
            "random_precision": check.random_precision,
            "base_rate": check.base_rate,
            "lift": check.lift,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "today"
    return table
