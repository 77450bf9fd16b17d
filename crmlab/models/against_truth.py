"""Checking the purchase and spend models against a known truth (a synthetic company's).

Real data only allow the hold-out check (:mod:`crmlab.models.scorecard`). Data drawn by a
generator come with the truth behind them — each customer's true purchase rate, drop-out
probability, mean spend and whether she was still a customer at the end — and then three
further checks become possible:

- :func:`fit_against_truth` — the fitted population means (purchase rate r/α, drop-out
  probability a/(a+b)) against the customers' true means and the generator's base values;
- :func:`alive_calibration` — predicted P(alive) against the share truly alive, per band
  (a calibration check: of customers given "about 30 %", about 30 % should be alive);
- :func:`spend_against_truth` — a customer's own mean spend and the Gamma-Gamma estimate,
  each against her true mean spend, for customers with few and with more repeat purchases.

Each returns a small table with the gaps already computed, so that a sentence reading it
("closer to the truth than the base value", "within 5 points") is chosen from the numbers.
The truth columns are those of the generator's ``truth_customers.csv``
(``crmlab.data.load_truth``).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import numpy as np
import pandas as pd

from crmlab._validate import require_columns, require_nonempty
from crmlab.models._inputs import check_counts, check_flags
from crmlab.models.bgnbd import BGNBDFit
from crmlab.models.gamma_gamma import GammaGammaFit

__all__ = ["alive_calibration", "fit_against_truth", "spend_against_truth"]

#: The generator's base parameters of the purchase process that the check reads.
_BASE_KEYS = ("r", "alpha", "a", "b")


def _closer(fit_gap: float, base_gap: float) -> str:
    """``"fit"`` or ``"base"``: whose relative gap to the truth is smaller (``"tie"``)."""
    if np.isclose(abs(fit_gap), abs(base_gap), rtol=0, atol=1e-12):
        return "tie"
    return "fit" if abs(fit_gap) < abs(base_gap) else "base"


def fit_against_truth(
    fit: BGNBDFit,
    truth_customers: pd.DataFrame,
    base: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """A BG/NBD fit's population means against the customers' true means.

    The generator draws each customer's purchase rate and drop-out probability from BG/NBD
    distributions with base parameters and then changes them with covariates (channel,
    complaints, competition …), so a fit should land near what the customers really do —
    their true mean rate and drop-out probability — not necessarily near the base values.

    Parameters
    ----------
    fit : BGNBDFit
        The fitted model (time unit of the truth's rates: weeks for the company's data).
    truth_customers : DataFrame
        The true values of the customers the model was fitted on (reindex the truth to the
        summary first): ``purchase_rate`` (per time unit, while alive) and
        ``dropout_probability`` (after each repeat purchase).
    base : mapping, optional
        The generator's base parameters ``r``, ``alpha``, ``a``, ``b``
        (``truth["parameters"]["purchase"]``); adds the base values and which of fit and
        base is closer to the truth.

    Returns
    -------
    DataFrame
        Index ``measure``: ``purchase_rate`` and ``dropout_probability``. Columns
        ``truth`` (mean over the customers), ``fit`` (r/α and a/(a+b)), ``fit_gap``
        (fit ÷ truth − 1); with ``base`` also ``base``, ``base_gap`` (base ÷ truth − 1)
        and ``closer`` (``"fit"``, ``"base"`` or ``"tie"``: the smaller absolute gap).

    Raises
    ------
    ValueError
        When a truth column is missing or empty, or ``base`` lacks a parameter.

    Examples
    --------
    >>> fit = BGNBDFit.from_params(r=0.5, alpha=10.0, a=1.0, b=3.0)  # rate 0.05, drop-out 0.25
    >>> truth = pd.DataFrame({"purchase_rate": [0.04, 0.08], "dropout_probability": [0.2, 0.4]})
    >>> table = fit_against_truth(fit, truth, base={"r": 0.6, "alpha": 8.0, "a": 1.0, "b": 4.0})
    >>> table[["truth", "fit", "base", "closer"]]
                         truth   fit   base closer
    measure
    purchase_rate         0.06  0.05  0.075    fit
    dropout_probability   0.30  0.25  0.200    fit
    >>> table["fit_gap"].round(3).tolist()  # 0.05 / 0.06 − 1, 0.25 / 0.30 − 1
    [-0.167, -0.167]
    """
    columns = ("purchase_rate", "dropout_probability")
    require_columns(
        truth_customers,
        columns,
        "truth_customers",
        hint="pass the truth of the fitted customers, e.g. truth.customers.reindex(summary.index)",
    )
    known = truth_customers.loc[:, list(columns)].dropna()
    require_nonempty(known, "truth_customers (rows with both true values)")
    truth = known.mean()
    fitted = pd.Series([fit.mean_purchase_rate, fit.mean_dropout_probability], index=columns)
    table = pd.DataFrame(
        {"truth": truth.to_numpy(), "fit": fitted.to_numpy()},
        index=pd.Index(columns, name="measure"),
    )
    table["fit_gap"] = table["fit"] / table["truth"] - 1
    if base is not None:
        missing = [k for k in _BASE_KEYS if k not in base]
        if missing:
            raise ValueError(
                f"base: missing parameter(s) {', '.join(missing)}; pass the generator's "
                "r, alpha, a and b (truth['parameters']['purchase'])"
            )
        table["base"] = [base["r"] / base["alpha"], base["a"] / (base["a"] + base["b"])]
        table["base_gap"] = table["base"] / table["truth"] - 1
        table["closer"] = [
            _closer(f, b) for f, b in zip(table["fit_gap"], table["base_gap"], strict=True)
        ]
    return table


def alive_calibration(
    probability_alive: pd.Series, alive: pd.Series, *, bands: int = 5
) -> pd.DataFrame:
    """Predicted P(alive) against the share truly alive, in equal-width bands.

    Customers are grouped by their predicted P(alive) into ``bands`` bands of equal width
    (0–20 %, 20–40 %, … for five; a band holds its upper edge, so 0.2 is in 0–20 %); in each
    band the mean prediction is compared with the share of customers who really were still
    customers. A well-calibrated model has the two close in every band, so its probabilities
    can be budgeted with.

    Parameters
    ----------
    probability_alive : Series
        Predicted P(alive) per customer, in [0, 1].
    alive : Series
        Whether each customer truly was alive (booleans or 0/1), with the same index.
    bands : int, default 5
        Number of equal-width bands (2 to 20).

    Returns
    -------
    DataFrame
        One row per band that holds customers, index ``band`` (``"0–20%"`` …): ``customers``,
        ``predicted`` (mean P(alive)), ``actual`` (share truly alive) and ``gap``
        (predicted − actual).

    Raises
    ------
    ValueError
        When the two Series do not hold the same customers, a probability lies outside
        [0, 1], a flag is not boolean or ``bands`` is out of range.

    Examples
    --------
    >>> p = pd.Series([0.1, 0.15, 0.9, 0.95], index=list("ABCD"))
    >>> truly = pd.Series([False, False, True, False], index=list("ABCD"))
    >>> alive_calibration(p, truly, bands=2)
            customers  predicted  actual   gap
    band
    0–50%           2      0.125     0.0  0.125
    50–100%         2      0.925     0.5  0.425
    """
    if not 2 <= int(bands) <= 20 or int(bands) != bands:
        raise ValueError(f"bands: a whole number from 2 to 20, got {bands!r}")
    if not probability_alive.index.sort_values().equals(alive.index.sort_values()):
        raise ValueError(
            "alive: its index must hold the same customers as probability_alive's; "
            "reindex the truth to the model's customers first"
        )
    require_nonempty(probability_alive, "probability_alive")
    predicted = probability_alive.astype(float)
    if predicted.isna().any() or ((predicted < 0) | (predicted > 1)).any():
        raise ValueError("probability_alive: every value must be a probability in [0, 1]")
    truly = check_flags(alive.reindex(predicted.index).to_numpy(), "alive", predicted.index)
    edges = np.linspace(0, 1, int(bands) + 1)
    names = [f"{low * 100:.0f}–{high * 100:.0f}%" for low, high in pairwise(edges)]
    band = pd.cut(predicted, edges, labels=names, include_lowest=True)
    frame = pd.DataFrame({"predicted": predicted, "actual": truly.astype(float)})
    table = frame.groupby(band, observed=True).agg(
        customers=("predicted", "size"),
        predicted=("predicted", "mean"),
        actual=("actual", "mean"),
    )
    table["gap"] = table["predicted"] - table["actual"]
    table.index = pd.Index(table.index.astype(str), name="band")
    return table


def spend_against_truth(
    gamma_gamma: GammaGammaFit,
    summary: pd.DataFrame,
    true_spend: pd.Series,
    *,
    few: int = 2,
) -> pd.DataFrame:
    """Own mean spend and Gamma-Gamma estimate, each against the true mean spend.

    For the customers with at least one repeat purchase, the mean absolute error of her own
    average spend per repeat purchase (``monetary``) and of the Gamma-Gamma estimate, which
    pulls her own average towards the population mean — the more, the fewer purchases she
    has made. Grouped into customers with 1 to ``few`` repeat purchases and with more.

    Parameters
    ----------
    gamma_gamma : GammaGammaFit
        The fitted spend model.
    summary : DataFrame
        ``crmlab.rfm.btyd_summary``: ``frequency`` and ``monetary``.
    true_spend : Series
        Each customer's true mean spend, indexed by customer id (customers without one
        are left out).
    few : int, default 2
        The largest number of repeat purchases that counts as "few".

    Returns
    -------
    DataFrame
        Index ``repeat_purchases`` (``"1–2"``, ``"3+"`` for ``few=2``): ``customers``,
        ``observed_error`` (mean absolute error of her own average), ``model_error`` (of the
        Gamma-Gamma estimate) and ``improvement`` (1 − model_error ÷ observed_error: the
        share of the error the shrinkage removes; negative when it adds error).

    Raises
    ------
    ValueError
        When a column is missing, no repeat customer has a true spend, or ``few`` < 1.

    Examples
    --------
    >>> gg = GammaGammaFit.from_params(p=6.0, q=4.0, gamma=15.0)  # population mean 30
    >>> summary = pd.DataFrame({"frequency": [1, 2, 5, 0], "monetary": [60.0, 10.0, 28.0, 0.0]},
    ...                        index=list("ABCD"))
    >>> true = pd.Series([35.0, 25.0, 30.0, 40.0], index=list("ABCD"))
    >>> spend_against_truth(gg, summary, true).round(2)  # A: E[M] = 6·(15+60)/(6+3) = 50
                      customers  observed_error  model_error  improvement
    repeat_purchases
    1–2                       2            20.0        13.00         0.35
    3+                        1             2.0         1.82         0.09
    """
    require_columns(
        summary, ("frequency", "monetary"), "summary", hint="pass crmlab.rfm.btyd_summary(...)"
    )
    if int(few) != few or few < 1:
        raise ValueError(f"few: a whole number of repeat purchases ≥ 1, got {few!r}")
    repeaters = summary.loc[summary["frequency"] > 0]
    truth = true_spend.reindex(repeaters.index)
    repeaters, truth = repeaters.loc[truth.notna()], truth.dropna()
    require_nonempty(repeaters, "summary (repeat customers with a true mean spend)")
    x = check_counts(repeaters["frequency"].to_numpy(dtype=float), "frequency", repeaters.index)
    own = repeaters["monetary"].to_numpy(dtype=float)
    model = np.atleast_1d(gamma_gamma.expected_spend(x, own))
    few_label, many_label = f"1–{int(few)}", f"{int(few) + 1}+"
    group = np.where(x <= few, few_label, many_label)
    errors = pd.DataFrame(
        {
            "observed_error": np.abs(own - truth.to_numpy()),
            "model_error": np.abs(model - truth.to_numpy()),
        },
        index=repeaters.index,
    )
    table = errors.groupby(group).agg(
        customers=("observed_error", "size"),
        observed_error=("observed_error", "mean"),
        model_error=("model_error", "mean"),
    )
    table = table.reindex([g for g in (few_label, many_label) if g in table.index])
    table["improvement"] = 1 - table["model_error"] / table["observed_error"]
    return table.rename_axis("repeat_purchases")
