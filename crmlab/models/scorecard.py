"""The hold-out check of a BG/NBD fit: predicted against actual purchases, in numbers.

Fit the model on a calibration period, predict each customer's purchases in the hold-out
period that follows, and compare with what the customers did (Fader, Hardie & Lee 2005
validate the BG/NBD this way). ``crmlab.rfm.btyd_summary(..., calibration_end=...)`` gives
the calibration summary and the hold-out counts in one table.

An error is only small or large against a yardstick, so the scorecard also carries a naive
forecast (:func:`naive_holdout_forecast`: every customer keeps buying at her calibration
rate, nobody drops out) and :meth:`HoldoutScorecard.benchmark` sets the two side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import require_columns, require_nonempty
from crmlab.models._inputs import check_counts, positive_times
from crmlab.models.bgnbd import BGNBDFit

__all__ = ["HoldoutScorecard", "holdout_scorecard", "naive_holdout_forecast"]

#: The columns of ``crmlab.rfm.btyd_summary(..., calibration_end=...)`` that the check reads.
_SPLIT_COLUMNS = ("frequency", "recency", "T", "frequency_holdout", "duration_holdout")


@dataclass(frozen=True, eq=False)
class HoldoutScorecard:
    """How well a BG/NBD fit predicts the hold-out period, in numbers.

    Attributes
    ----------
    customers : DataFrame
        Per customer: ``frequency`` (calibration), ``predicted``, ``actual``,
        ``error`` (predicted − actual) and ``naive`` (the naive rate forecast of
        :func:`naive_holdout_forecast`).
    by_frequency : DataFrame
        Indexed by calibration frequency group ``"0"``, ``"1"``, …, ``"7+"``: ``customers``,
        ``predicted`` and ``actual`` (mean hold-out purchases), ``error`` (mean).
    mae, rmse, bias : float
        Mean absolute error, root mean squared error and mean error (predicted − actual)
        per customer.
    total_predicted, total_actual : float
        Predicted and actual hold-out purchases of all customers.
    """

    customers: pd.DataFrame
    by_frequency: pd.DataFrame
    mae: float
    rmse: float
    bias: float
    total_predicted: float
    total_actual: float

    @property
    def total_naive(self) -> float:
        """Hold-out purchases of all customers by the naive rate forecast."""
        return float(self.customers["naive"].sum())

    def benchmark(self) -> pd.DataFrame:
        """The model's errors beside the naive rate forecast's: is the error small?

        Returns
        -------
        DataFrame
            Index ``measure``: ``"MAE"``, ``"RMSE"``, ``"bias"`` (per customer, mean
            predicted − actual), ``"total_predicted"`` (hold-out purchases of all customers)
            and ``"total_gap"`` (total predicted ÷ total actual − 1); columns ``bgnbd`` (this
            fit) and ``naive_rate`` (:func:`naive_holdout_forecast`). The actual total is
            ``total_actual``.

        Examples
        --------
        >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> data = pd.DataFrame({"frequency": [0, 2], "recency": [0, 30.43],
        ...                      "T": [38.86, 38.86], "frequency_holdout": [0, 2],
        ...                      "duration_holdout": [39, 39]})
        >>> holdout_scorecard(bg, data).benchmark().round(3)
                         bgnbd  naive_rate
        measure
        MAE              0.485       0.004
        RMSE             0.564       0.005
        bias            -0.289       0.004
        total_predicted  1.421       2.007
        total_gap       -0.289       0.004
        """
        actual = self.customers["actual"]
        columns = {}
        for name, forecast in (("bgnbd", "predicted"), ("naive_rate", "naive")):
            error = self.customers[forecast] - actual
            total = float(self.customers[forecast].sum())
            columns[name] = [
                float(error.abs().mean()),
                float(np.sqrt((error**2).mean())),
                float(error.mean()),
                total,
                total / self.total_actual - 1 if self.total_actual > 0 else np.nan,
            ]
        index = pd.Index(["MAE", "RMSE", "bias", "total_predicted", "total_gap"], name="measure")
        return pd.DataFrame(columns, index=index)


def naive_holdout_forecast(summary_with_holdout: pd.DataFrame) -> pd.Series:
    """The yardstick forecast: every customer keeps buying at her calibration rate.

    Each customer's repeat purchases per time unit in the calibration period
    (``frequency / T``) times the length of the hold-out period (``duration_holdout``); a
    customer observed for no time at all (``T = 0``) is forecast 0. It ignores that customers
    drop out silently — the difference between its error and the BG/NBD's is what modelling
    drop-out buys.

    Parameters
    ----------
    summary_with_holdout : DataFrame
        The result of ``crmlab.rfm.btyd_summary(..., calibration_end=...)``: ``frequency``,
        ``T`` and ``duration_holdout``.

    Returns
    -------
    Series
        Forecast hold-out purchases per customer, indexed like the input, named ``naive``.

    Raises
    ------
    ValueError
        When a column is missing or a count or time is negative.

    Examples
    --------
    >>> data = pd.DataFrame({"frequency": [0, 4, 2], "T": [10.0, 20.0, 0.0],
    ...                      "duration_holdout": [52.0, 52.0, 52.0]}, index=["A", "B", "C"])
    >>> naive_holdout_forecast(data)  # B: 4 purchases in 20 weeks → 0.2 a week × 52 weeks
    A     0.0
    B    10.4
    C     0.0
    Name: naive, dtype: float64
    """
    require_columns(
        summary_with_holdout,
        ("frequency", "T", "duration_holdout"),
        "summary_with_holdout",
        hint="pass the result of crmlab.rfm.btyd_summary(transactions, calibration_end=...)",
    )
    data = summary_with_holdout
    x = check_counts(data["frequency"].to_numpy(dtype=float), "frequency", data.index)
    age = positive_times(data["T"].to_numpy(dtype=float), "T")
    duration = positive_times(data["duration_holdout"].to_numpy(dtype=float), "duration_holdout")
    rate = np.divide(x, age, out=np.zeros_like(x), where=age > 0)
    return pd.Series(rate * duration, index=data.index, name="naive")


def holdout_scorecard(
    fit: BGNBDFit,
    summary_with_holdout: pd.DataFrame,
    *,
    max_group: int = 7,
) -> HoldoutScorecard:
    """Compare predicted and actual purchases in the hold-out period.

    Parameters
    ----------
    fit : BGNBDFit
        A model fitted on the calibration period.
    summary_with_holdout : DataFrame
        The result of ``crmlab.rfm.btyd_summary(..., calibration_end=...)`` (or
        ``holdout=True``): calibration ``frequency``, ``recency`` and ``T`` plus
        ``frequency_holdout`` and ``duration_holdout``.
    max_group : int, default 7
        Calibration frequencies from this value up are pooled into one group (``"7+"``).

    Returns
    -------
    HoldoutScorecard

    Examples
    --------
    >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> data = pd.DataFrame({"frequency": [0, 2], "recency": [0, 30.43], "T": [38.86, 38.86],
    ...                      "frequency_holdout": [0, 2], "duration_holdout": [39, 39]})
    >>> card = holdout_scorecard(bg, data)
    >>> round(card.mae, 3), round(card.total_predicted, 3), card.total_actual
    (0.485, 1.421, 2.0)
    """
    require_columns(
        summary_with_holdout,
        _SPLIT_COLUMNS,
        "summary_with_holdout",
        hint="pass the result of crmlab.rfm.btyd_summary(transactions, calibration_end=...)",
    )
    require_nonempty(summary_with_holdout, "summary_with_holdout")
    data = summary_with_holdout
    x = data["frequency"].to_numpy(dtype=float)
    actual = check_counts(data["frequency_holdout"].to_numpy(dtype=float), "frequency_holdout")
    duration = positive_times(data["duration_holdout"].to_numpy(dtype=float), "duration_holdout")
    predicted = np.atleast_1d(
        fit.expected_purchases(
            duration, x, data["recency"].to_numpy(dtype=float), data["T"].to_numpy(dtype=float)
        )
    )
    error = predicted - actual
    customers = pd.DataFrame(
        {"frequency": x, "predicted": predicted, "actual": actual, "error": error},
        index=data.index,
    )
    customers["naive"] = naive_holdout_forecast(data).to_numpy()
    labels = [str(k) for k in range(max_group)] + [f"{max_group}+"]
    group = pd.Categorical(
        np.array(labels, dtype=object)[np.minimum(x, max_group).astype(int)],
        categories=labels,
        ordered=True,
    )
    by_frequency = (
        customers.groupby(group, observed=True)
        .agg(
            customers=("actual", "size"),
            predicted=("predicted", "mean"),
            actual=("actual", "mean"),
            error=("error", "mean"),
        )
        .rename_axis("frequency_group")
    )
    by_frequency.index = by_frequency.index.astype(str)
    return HoldoutScorecard(
        customers=customers,
        by_frequency=by_frequency,
        mae=float(np.mean(np.abs(error))),
        rmse=float(np.sqrt(np.mean(error**2))),
        bias=float(np.mean(error)),
        total_predicted=float(predicted.sum()),
        total_actual=float(actual.sum()),
    )
