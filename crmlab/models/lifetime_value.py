"""Model-based customer lifetime value (客户终身价值) from BG/NBD and Gamma-Gamma.

The expected purchases of each customer in every future period (BG/NBD) times the expected
spend per purchase (Gamma-Gamma) times the margin, discounted to today and added up over
a horizon: the approach of Fader, Hardie & Lee (2005, "RFM and CLV: using iso-value curves
for customer base analysis"), with BG/NBD in place of their Pareto/NBD and a finite,
discrete horizon. For the closed-form CLV with a constant retention rate see ``crmlab.clv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validate import require_columns, require_nonempty
from crmlab.models.bgnbd import BGNBDFit
from crmlab.models.gamma_gamma import GammaGammaFit

__all__ = ["clv_over_years", "customer_lifetime_value"]

#: The columns of ``crmlab.rfm.btyd_summary`` that the value needs.
_SUMMARY_COLUMNS = ("frequency", "recency", "T", "monetary")


def customer_lifetime_value(
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    summary: pd.DataFrame,
    horizon: int,
    margin: float,
    discount: float,
    *,
    period_length: float = 1.0,
) -> pd.DataFrame:
    """Discounted expected margin of each customer over ``horizon`` future periods.

    CLV_i = margin · E[M_i] · Σ_{k=1..horizon} (E[Y_i(k·L)] − E[Y_i((k−1)·L)]) / (1+d)^k,
    where L = ``period_length``: the expected purchases in each future period (BG/NBD) times
    the expected spend per purchase (Gamma-Gamma), discounted at the end of each period (the
    same discrete sum as lifetimes' ``customer_lifetime_value``).

    Parameters
    ----------
    bgnbd, gamma_gamma : BGNBDFit, GammaGammaFit
        The fitted purchase and spend models.
    summary : DataFrame
        One row per customer, the result of ``crmlab.rfm.btyd_summary``: columns
        ``frequency``, ``recency``, ``T`` and ``monetary``.
    horizon : int
        Number of future periods to add up (e.g. 12 months).
    margin : float
        Profit margin as a share of spend, in (0, 1].
    discount : float
        Discount rate per period (e.g. 0.01 per month).
    period_length : float, default 1.0
        Length of one period in the summary's time unit; with a summary in weeks, monthly
        periods are ``period_length=52/12``.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``expected_purchases`` (undiscounted, over the horizon),
        ``expected_spend`` (per purchase; the population mean for customers without repeat
        purchases or whose purchases were all free, zero ``monetary``) and ``clv``
        (discounted margin, currency). Negative ``monetary`` is an error.

    Examples
    --------
    >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> summary = pd.DataFrame(
    ...     {"frequency": [0, 2], "recency": [0, 30.43], "T": [38.86, 38.86],
    ...      "monetary": [0, 22.35]}, index=["A", "B"])
    >>> customer_lifetime_value(bg, gg, summary, horizon=39, margin=1.0, discount=0.0).round(2)
       expected_purchases  expected_spend    clv
    A                0.20           35.22   6.87
    B                1.23           24.66  30.24
    """
    require_columns(
        summary, _SUMMARY_COLUMNS, "summary", hint="pass the result of crmlab.rfm.btyd_summary"
    )
    require_nonempty(summary, "summary")
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon: a whole number of periods ≥ 1, got {horizon}")
    if not (0 < margin <= 1):
        raise ValueError(f"margin: a share of spend in (0, 1], got {margin}")
    if not (discount >= 0 and np.isfinite(discount)):
        raise ValueError(f"discount: a rate per period ≥ 0, got {discount}")
    if not (period_length > 0):
        raise ValueError(f"period_length: must be positive, got {period_length}")
    x, t_x, T, m_x = (summary[c].to_numpy(dtype=float) for c in _SUMMARY_COLUMNS)
    spend = gamma_gamma.expected_spend(x, np.where(x > 0, m_x, 0.0))
    ends = np.arange(0, int(horizon) + 1) * period_length
    cumulative = bgnbd.expected_purchases(ends[:, None], x[None, :], t_x[None, :], T[None, :])
    per_period = np.diff(cumulative, axis=0)
    weights = (1 + discount) ** -np.arange(1, int(horizon) + 1)
    discounted = np.sum(weights[:, None] * per_period, axis=0)
    return pd.DataFrame(
        {
            "expected_purchases": cumulative[-1],
            "expected_spend": np.atleast_1d(spend),
            "clv": margin * np.atleast_1d(spend) * discounted,
        },
        index=summary.index,
    )


def clv_over_years(
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    summary: pd.DataFrame,
    years: int,
    margin: float,
    annual_discount: float,
    *,
    periods_per_year: float = 52.0,
) -> pd.DataFrame:
    """The workbook's model-based CLV: ``years`` ahead, in monthly steps, discounted monthly.

    Every chapter that quotes a model-based "N-year CLV" calls this function, so the number
    means the same everywhere: :func:`customer_lifetime_value` over ``12 · years`` months,
    each month's expected margin discounted at the monthly rate equivalent to
    ``annual_discount`` ((1 + d)^(1/12) − 1), for every customer of ``summary``.

    Parameters
    ----------
    bgnbd, gamma_gamma : BGNBDFit, GammaGammaFit
        The fitted purchase and spend models.
    summary : DataFrame
        The result of ``crmlab.rfm.btyd_summary`` (``frequency``, ``recency``, ``T``,
        ``monetary``).
    years : int
        Horizon in whole years (≥ 1).
    margin : float
        Gross margin as a share of spend, in (0, 1].
    annual_discount : float
        Yearly discount rate (0.10 for 10 %), ≥ 0.
    periods_per_year : float, default 52.0
        Time units of ``summary`` in a year: 52 for a summary in weeks (the default of
        ``btyd_summary``), 365 for days.

    Returns
    -------
    DataFrame
        As :func:`customer_lifetime_value`: ``expected_purchases``, ``expected_spend``, ``clv``.

    Examples
    --------
    >>> bg = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> gg = GammaGammaFit.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> summary = pd.DataFrame(
    ...     {"frequency": [0, 2], "recency": [0, 30.43], "T": [38.86, 38.86],
    ...      "monetary": [0, 22.35]}, index=["A", "B"])
    >>> clv_over_years(bg, gg, summary, years=1, margin=0.4, annual_discount=0.1).round(2)
       expected_purchases  expected_spend    clv
    A                0.25           35.22   3.38
    B                1.56           24.66  14.66
    """
    if int(years) != years or years < 1:
        raise ValueError(f"years: a whole number of years ≥ 1, got {years}")
    if not (annual_discount >= 0 and np.isfinite(annual_discount)):
        raise ValueError(
            f"annual_discount: a yearly rate ≥ 0 (0.10 for 10 %), got {annual_discount}"
        )
    if not (periods_per_year > 0 and np.isfinite(periods_per_year)):
        raise ValueError(f"periods_per_year: must be positive, got {periods_per_year}")
    return customer_lifetime_value(
        bgnbd,
        gamma_gamma,
        summary,
        horizon=12 * int(years),
        margin=margin,
        discount=(1 + annual_discount) ** (1 / 12) - 1,
        period_length=periods_per_year / 12,
    )
