"""The analysis window: the two days every analysis is measured against (分析时间窗).

``observation_end``
    The last day the analysis sees. ``None`` means the last day in the data.
``calibration_end``
    Where a model's learning, or a feature cut-off, stops and the hold-out period begins.
    ``None`` means one year before ``observation_end`` when the data span at least three
    years, otherwise two thirds of the way from the first day to ``observation_end``.

Every function and notebook parameter that names one of these days uses exactly these two
names, accepts ``None``, and parses them here, so a day outside the data stops with the
same clear message everywhere.

>>> import pandas as pd
>>> w = analysis_window(pd.to_datetime(["2021-01-01", "2025-12-31"]))
>>> str(w.observation_end.date()), str(w.calibration_end.date())
('2025-12-31', '2024-12-31')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crmlab._validate import as_timestamp, date_column, require_columns

__all__ = ["Window", "analysis_window"]

_DATE = "order_date"


@dataclass(frozen=True)
class Window:
    """The two days of an analysis: ``observation_end`` and ``calibration_end``."""

    first_day: pd.Timestamp
    observation_end: pd.Timestamp
    calibration_end: pd.Timestamp

    @property
    def calibration_days(self) -> int:
        """Days from the first day in the data to ``calibration_end``."""
        return int((self.calibration_end - self.first_day).days)

    @property
    def holdout_days(self) -> int:
        """Days from ``calibration_end`` to ``observation_end`` (the hold-out period)."""
        return int((self.observation_end - self.calibration_end).days)

    def require_holdout(
        self, *, min_calibration_days: int = 180, min_holdout_days: int = 60
    ) -> None:
        """Raise ``ValueError`` when either period is too short for a fair hold-out test.

        A model learns from the calibration period and is judged on the hold-out; with a
        few weeks on either side the comparison says nothing. The message says what the data
        cover and which parameter to change.

        Examples
        --------
        >>> w = analysis_window(pd.to_datetime(["2024-01-01", "2024-03-01"]))
        >>> w.require_holdout()
        Traceback (most recent call last):
        ...
        ValueError: the calibration period (2024-01-01 to 2024-02-10, 40 days) is shorter ...
        """
        problems = []
        if self.calibration_days < min_calibration_days:
            problems.append(
                f"the calibration period ({self.first_day.date()} to "
                f"{self.calibration_end.date()}, {self.calibration_days} days) is shorter "
                f"than {min_calibration_days} days"
            )
        if self.holdout_days < min_holdout_days:
            problems.append(
                f"the hold-out period ({self.calibration_end.date()} to "
                f"{self.observation_end.date()}, {self.holdout_days} days) is shorter than "
                f"{min_holdout_days} days"
            )
        if problems:
            raise ValueError(
                "; ".join(problems)
                + ". Set CALIBRATION_END (calibration_end) to a day that leaves enough on "
                "both sides, or use data covering a longer period"
            )


def analysis_window(
    dates: pd.Series | pd.DataFrame,
    observation_end: object = None,
    calibration_end: object = None,
    *,
    holdout: bool = False,
    within_data: bool = False,
) -> Window:
    """Parse ``observation_end`` and ``calibration_end`` against the data's dates.

    ``dates`` is a Series of dates or a transactions table (its ``order_date``).
    ``observation_end=None`` is the last day in the data; ``calibration_end=None`` is one
    year before ``observation_end`` when the data span at least three years, otherwise
    two thirds of the way from the first day to ``observation_end``. An explicit day before
    the first day in the data, or an explicit ``calibration_end`` not strictly between the
    first day and ``observation_end``, raises ``ValueError`` saying what the data cover.
    With ``holdout=True`` (a function that needs a hold-out period) a derived
    ``calibration_end`` is checked the same way. A function may look at a day after the
    last order (the state of the customers on that day); a notebook's parameters pass
    ``within_data=True``, so an explicit ``observation_end`` after the last day in the data
    stops with a message saying what the data cover (a 2025 default on 2010-2011 data).

    Examples
    --------
    >>> d = pd.Series(pd.to_datetime(["2021-01-01 09:00", "2025-12-30 14:00"]))
    >>> w = analysis_window(d)
    >>> str(w.observation_end.date()), str(w.calibration_end.date())
    ('2025-12-30', '2024-12-30')
    >>> str(analysis_window(pd.to_datetime(["2021-01-01", "2021-04-01"])).calibration_end.date())
    '2021-03-02'
    >>> analysis_window(d, observation_end="2019-01-01")
    Traceback (most recent call last):
    ...
    ValueError: observation_end: 2019-01-01 is before the first day in the data (2021-01-01); ...
    """
    if isinstance(dates, pd.DataFrame):
        require_columns(dates, [_DATE], "transactions")
        series = date_column(dates, _DATE, "transactions")
    else:
        series = pd.Series(dates)
        if not pd.api.types.is_datetime64_any_dtype(series):
            try:
                series = pd.to_datetime(series)
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"dates: not all dates ({exc}); parse them where the data enter"
                ) from None
        series = series.dropna()
    if series.empty:
        raise ValueError("transactions: no dates; the analysis window needs at least one order")
    first = series.min().normalize()
    last = series.max().normalize()
    span = f"the data run from {first.date()} to {last.date()}"
    if observation_end is None:
        end = last
    else:
        end = as_timestamp(observation_end, "observation_end").normalize()
        if end < first:
            raise ValueError(
                f"observation_end: {end.date()} is before the first day in the data "
                f"({first.date()}); {span}. Pass a day in that range, or None for the last day"
            )
        if end > last and within_data:
            raise ValueError(
                f"observation_end: {end.date()} is after the last day in the data "
                f"({last.date()}); {span}. An analysis cannot see days the data do not cover: "
                "pass a day in that range, or None for the last day"
            )
    if calibration_end is None:
        if end - first >= pd.Timedelta(days=3 * 365):
            cal = end - pd.DateOffset(years=1)
        else:
            cal = first + (end - first) * 2 / 3
        cal = pd.Timestamp(cal).normalize()
    else:
        cal = as_timestamp(calibration_end, "calibration_end").normalize()
    if (calibration_end is not None or holdout) and not first < cal < end:
        raise ValueError(
            f"calibration_end: {cal.date()} must lie after the first day in the data "
            f"({first.date()}) and before observation_end ({end.date()}); {span}. "
            "Pass a day in between, or None for one year (or a third of the span) before the end"
        )
    return Window(first_day=first, observation_end=end, calibration_end=cal)
