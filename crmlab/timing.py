"""Marketing timing (最佳营销时机): when in the month, week and year customers buy.

Database marketing picks the moment as well as the customer: the school that collects fees
on parents' paydays, the shop that greets its customers before 三八妇女节 (Women's Day,
8 March). This module measures the calendar pattern of purchases — by day of the month (a
payday effect), by weekday, around a yearly date — and converts a threshold quoted in US
dollars (Dick's Supermarket's $25 a week) into the data's currency.

Data requirements: ``transactions`` with ``customer_id``, ``order_date`` and ``amount``;
optional ``returned`` and ``promotion`` (to leave campaign purchases out).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, kept_lines
from crmlab._validate import require_nonempty

__all__ = ["USD_RATES", "from_dollars", "holiday_lift", "purchase_timing"]

#: Units of each currency per US dollar (rounded 2024–25 averages; an assumption, not data).
USD_RATES: dict[str, float] = {"$": 1.0, "¥": 7.2, "£": 0.79, "€": 0.92}

_UNITS = {"day_of_month": 31, "weekday": 7}


def from_dollars(dollars: float, currency: str, rate: float | None = None) -> float:
    """An amount quoted in US dollars, in ``currency`` (``rate`` units per dollar).

    Examples
    --------
    >>> from_dollars(25, "¥")  # Dick's $25 a week at 7.2 yuan per dollar
    180.0
    >>> round(from_dollars(25, "£"), 2)
    19.75
    >>> from_dollars(25, "CHF", rate=0.9)
    22.5
    """
    if rate is None:
        if currency not in USD_RATES:
            raise ValueError(
                f"currency: no rate for {currency!r} (known: {', '.join(USD_RATES)}); "
                "pass rate= (units of it per US dollar)"
            )
        rate = USD_RATES[currency]
    if not (np.isfinite(rate) and rate > 0):
        raise ValueError(f"rate: expected a positive number of units per dollar, got {rate}")
    return float(dollars) * float(rate)


def _purchase_lines(
    transactions: pd.DataFrame, exclude_promotions: bool, exclude_returns: bool
) -> pd.DataFrame:
    required = (CUSTOMER, DATE, AMOUNT) + (("promotion",) if exclude_promotions else ())
    lines = kept_lines(transactions, required=required, exclude_returns=exclude_returns)
    if exclude_promotions:
        lines = lines.loc[lines["promotion"].astype(str) == "none"]
    require_nonempty(lines, "transactions (returned and campaign lines left out)")
    return lines


def purchase_timing(
    transactions: pd.DataFrame,
    unit: str = "day_of_month",
    *,
    exclude_promotions: bool = False,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Purchases by day of the month (payday, 发薪日) or weekday, against an even spread.

    A purchase is a customer-day. Days 29–31 occur in fewer months than day 1, so each
    day's share of the purchases is compared with its share of the calendar days from the
    first to the last day in the data: ``index`` = purchase share ÷ calendar share (1 =
    as many purchases as an even spread gives; 1.3 = 30 % more).

    Parameters
    ----------
    unit
        ``"day_of_month"`` (1–31) or ``"weekday"`` (0 = Monday … 6 = Sunday).
    exclude_promotions
        Leave out the lines bought on a campaign (``promotion`` not ``"none"``), so that
        campaign dates do not pass for paydays.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``day`` (or ``weekday``): ``purchases``, ``amount``, ``share``,
        ``calendar_share``, ``index``.

    Examples
    --------
    >>> days = pd.date_range("2024-01-01", periods=7)  # Monday 1 January to Sunday 7 January
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
    ...                    "order_date": [days[0], *days], "amount": 10.0})
    >>> timing = purchase_timing(tx, "weekday")  # two purchases on the Monday
    >>> print(timing[["purchases", "share", "index"]].head(3).round(3).to_string(index_names=False))
       purchases  share  index
    0          2  0.250  1.750
    1          1  0.125  0.875
    2          1  0.125  0.875
    """
    if unit not in _UNITS:
        raise ValueError(f"unit: expected one of {sorted(_UNITS)}, got {unit!r}")
    lines = _purchase_lines(transactions, exclude_promotions, exclude_returns)
    day = lines[DATE].dt.normalize()
    visits = (
        pd.DataFrame({"c": lines[CUSTOMER].to_numpy(), "d": day.to_numpy(), "a": lines[AMOUNT]})
        .groupby(["c", "d"], observed=True)["a"]
        .sum()
        .reset_index()
    )
    calendar = pd.Series(pd.date_range(day.min(), day.max(), freq="D"))

    def key(dates: pd.Series) -> pd.Series:
        return dates.dt.day if unit == "day_of_month" else dates.dt.dayofweek

    name = "day" if unit == "day_of_month" else "weekday"
    counts = key(visits["d"]).value_counts()
    values = range(1, 32) if unit == "day_of_month" else range(7)
    out = pd.DataFrame(index=pd.Index(values, name=name))
    out["purchases"] = counts.reindex(out.index, fill_value=0).astype(int)
    out["amount"] = visits.groupby(key(visits["d"]).to_numpy())["a"].sum().reindex(out.index)
    out["amount"] = out["amount"].fillna(0.0)
    out["share"] = out["purchases"] / out["purchases"].sum()
    cal = key(calendar).value_counts().reindex(out.index, fill_value=0)
    out["calendar_share"] = cal / cal.sum()
    out["index"] = out["share"] / out["calendar_share"].where(out["calendar_share"] > 0)
    return out


def holiday_lift(
    transactions: pd.DataFrame,
    month: int = 3,
    day: int = 8,
    *,
    days: int = 7,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Sales in the ``days`` days up to a yearly date (e.g. 三八妇女节) against that year's usual.

    For each calendar year the data cover the whole window of: the amount and the
    customers buying in the window ending on ``month``/``day``, and ``lift`` = the
    window's daily sales ÷ the year's average daily sales (over the days in the data).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``window_amount``, ``window_customers``, ``daily_amount``,
        ``year_daily_amount``, ``lift``.

    Examples
    --------
    >>> dates = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    >>> tx = pd.DataFrame({"customer_id": "a", "order_date": dates,
    ...                    "amount": np.where(dates.month == 3, 30.0, 10.0)})
    >>> table = holiday_lift(tx, 3, 8, days=7)
    >>> print(table[["window_amount", "lift"]].round(2).to_string(index_names=False))
          window_amount  lift
    2024          210.0  2.57
    """
    if int(days) != days or not 1 <= days <= 60:
        raise ValueError(f"days: expected a whole number from 1 to 60, got {days}")
    try:
        pd.Timestamp(year=2024, month=month, day=day)
    except ValueError as err:
        raise ValueError(f"month/day: {month}/{day} is not a date ({err})") from None
    lines = _purchase_lines(transactions, False, exclude_returns)
    date = lines[DATE].dt.normalize()
    first, last = date.min(), date.max()
    rows = {}
    for year in range(first.year, last.year + 1):
        end = pd.Timestamp(year=year, month=month, day=day)
        start = end - pd.Timedelta(days=int(days) - 1)
        if start < first or end > last:
            continue
        in_year = (date.dt.year == year).to_numpy()
        year_days = (
            min(last, pd.Timestamp(year=year, month=12, day=31))
            - max(first, pd.Timestamp(year=year, month=1, day=1))
        ).days + 1
        window = ((date >= start) & (date <= end)).to_numpy()
        amount = float(lines.loc[window, AMOUNT].sum())
        year_daily = float(lines.loc[in_year, AMOUNT].sum()) / year_days
        rows[year] = {
            "window_amount": amount,
            "window_customers": int(lines.loc[window, CUSTOMER].nunique()),
            "daily_amount": amount / int(days),
            "year_daily_amount": year_daily,
            "lift": amount / int(days) / year_daily if year_daily > 0 else np.nan,
        }
    if not rows:
        raise ValueError(
            f"transactions: no year with the whole {days}-day window up to {month}/{day} "
            f"between {first.date()} and {last.date()}"
        )
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "year"
    return table
