"""One customer's P(alive) (客户存活概率) over calendar time, as her silence grows.

A fitted BG/NBD model gives P(alive) for a customer's repeat purchases ``x``, the time of
her last purchase ``t_x`` and her age ``T``. Keep ``x`` and ``t_x`` and let ``T`` grow —
evaluate the model at later and later observation days — and P(alive) falls week by week:
the picture behind Ms. Zhang's case, drawn by
:func:`crmlab.plots.probability_alive_path_chart`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validate import as_timestamp
from crmlab.models._inputs import check_counts, positive_times
from crmlab.models.bgnbd import BGNBDFit

__all__ = ["UNIT_DAYS", "probability_alive_path"]

#: Days in one time unit of ``crmlab.rfm.btyd_summary`` (``time_unit="W"`` or ``"D"``).
UNIT_DAYS = {"W": 7.0, "D": 1.0}


def probability_alive_path(
    fit: BGNBDFit,
    customer: pd.Series,
    observation_end: object,
    *,
    weeks_after: int = 26,
    time_unit: str = "W",
) -> pd.DataFrame:
    """P(alive) of one customer on every week from her last purchase on.

    Her history (``frequency`` x and ``recency`` t_x) stays as it was at
    ``observation_end``; only her age grows, from t_x (the day of her last purchase) to
    ``weeks_after`` weeks after ``observation_end`` — as if she stayed silent.

    Parameters
    ----------
    fit : BGNBDFit
        The fitted model.
    customer : Series
        Her row of ``crmlab.rfm.btyd_summary(transactions, observation_end)``:
        ``frequency``, ``recency`` and ``T``.
    observation_end : date-like
        The day the summary was taken on (her ``T`` is her age on this day).
    weeks_after : int, default 26
        How many weeks past ``observation_end`` the path runs (0 to 520).
    time_unit : {"W", "D"}, default "W"
        The time unit of the summary and the model.

    Returns
    -------
    DataFrame
        One row a week (and one on ``observation_end``): ``date``, ``T`` (her age then, in
        the time unit) and ``probability_alive``.

    Raises
    ------
    ValueError
        When a column is missing, the numbers are not a valid history
        (t_x ≤ T, counts whole) or an argument is out of range.

    Examples
    --------
    >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> her = pd.Series({"frequency": 2, "recency": 30.0, "T": 32.0})
    >>> path = probability_alive_path(model, her, "2025-12-31", weeks_after=2)
    >>> path.round(3)  # last purchase 2 weeks before the end: 2025-12-17
            date     T  probability_alive
    0 2025-12-17  30.0              0.812
    1 2025-12-24  31.0              0.802
    2 2025-12-31  32.0              0.792
    3 2026-01-07  33.0              0.782
    4 2026-01-14  34.0              0.771
    """
    if time_unit not in UNIT_DAYS:
        raise ValueError(f"time_unit: 'W' (weeks) or 'D' (days), got {time_unit!r}")
    if int(weeks_after) != weeks_after or not 0 <= weeks_after <= 520:
        raise ValueError(f"weeks_after: a whole number of weeks from 0 to 520, got {weeks_after!r}")
    missing = [c for c in ("frequency", "recency", "T") if c not in customer.index]
    if missing:
        raise ValueError(
            f"customer: missing {', '.join(missing)}; pass her row of "
            "crmlab.rfm.btyd_summary, e.g. summary.loc[customer_id]"
        )
    x = float(check_counts([customer["frequency"]], "frequency")[0])
    t_x, age = positive_times([customer["recency"], customer["T"]], "recency and T")
    if t_x > age:
        raise ValueError(f"customer: recency {t_x:g} is after her age T {age:g}; t_x ≤ T")
    end = as_timestamp(observation_end, "observation_end").normalize()
    per_week = 7.0 / UNIT_DAYS[time_unit]  # time units in a week
    ages = np.arange(t_x, age + weeks_after * per_week + 1e-9, per_week)
    ages = np.unique(np.append(ages, age))  # the observation end itself is on the path
    days = (ages - age) * UNIT_DAYS[time_unit]  # whole days for a summary of whole days
    return pd.DataFrame(
        {
            "date": end + pd.to_timedelta(np.round(days), unit="D"),
            "T": ages,
            "probability_alive": np.atleast_1d(fit.probability_alive(x, t_x, ages)),
        }
    )
