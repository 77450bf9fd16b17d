"""Probabilistic customer-base models: BG/NBD, Gamma-Gamma and shifted-beta-geometric.

These are the "buy till you die" (BTYD) models of chapter 04 (customer lifetime value,
客户终身价值) and the contractual retention model of chapter 07 (customer retention,
客户保持):

=====================  ==========================================  ===============================
model                  question it answers                         fit with
=====================  ==========================================  ===============================
BG/NBD                 how many purchases will a customer make,    :func:`fit_bgnbd`
                       and is the customer still "alive"?
Gamma-Gamma            how much will a customer spend per          :func:`fit_gamma_gamma`
                       purchase?
shifted-beta-geometric how many contract customers renew each      :func:`fit_sbg`
(sBG)                  period, and what is a customer worth?
=====================  ==========================================  ===============================

Fits return frozen ``*Fit`` dataclasses (:class:`BGNBDFit`, :class:`GammaGammaFit`,
:class:`SBGFit`) with the parameters, the log-likelihood and the model's predictions;
``from_params`` builds one from published parameters. Every fit has ``standard_errors``
(from the observed information), ``summary()`` (a :class:`FitSummary`: estimates, standard
errors, 95% intervals, notes) and ``notes``. A fit whose parameter runs to a bound — e.g. a
BG/NBD that sees no drop-out — emits a :class:`DegenerateFitWarning` that says what it means
for the forecasts and what to try. :func:`customer_lifetime_value`
combines BG/NBD and Gamma-Gamma into a CLV per customer (:func:`clv_over_years`: the
workbook's N-year CLV), :func:`holdout_scorecard` checks a BG/NBD fit on a hold-out period
against the naive forecast :func:`naive_holdout_forecast`, :func:`probability_alive_path`
follows one customer's P(alive) as her silence grows and :func:`simulate_bgnbd` draws
customers from the model. On synthetic data with a known truth, :func:`fit_against_truth`,
:func:`alive_calibration` and :func:`spend_against_truth` check the fits against it.

Units: BG/NBD works in whatever time unit the summary uses (``crmlab.rfm.btyd_summary``
gives weeks by default); every ``t``, ``t_x`` and ``T`` passed to a fitted model must use the
same unit. sBG works in contract periods (e.g. years).

All likelihoods are computed in log space with :mod:`scipy.special`, so that extreme
customers (hundreds of purchases) neither overflow nor underflow. Fits maximise the
likelihood over the logarithms of the parameters with L-BFGS-B and analytic gradients; a fit
that does not converge raises :class:`RuntimeError` instead of returning meaningless numbers.
sBG fits a cohort's survivor counts or each subscriber's tenure with a churned flag.

Examples
--------
>>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> round(model.expected_purchases(39, 2, 30.43, 38.86), 3)
1.226
"""

from __future__ import annotations

from crmlab.models.against_truth import alive_calibration, fit_against_truth, spend_against_truth
from crmlab.models.alive_path import probability_alive_path
from crmlab.models.bgnbd import BGNBDFit, fit_bgnbd, simulate_bgnbd
from crmlab.models.diagnostics import DegenerateFitWarning, FitSummary, fit_with_notes
from crmlab.models.gamma_gamma import GammaGammaFit, fit_gamma_gamma
from crmlab.models.lifetime_value import clv_over_years, customer_lifetime_value
from crmlab.models.sbg import SBGFit, fit_sbg
from crmlab.models.scorecard import HoldoutScorecard, holdout_scorecard, naive_holdout_forecast

__all__ = [
    "BGNBDFit",
    "DegenerateFitWarning",
    "FitSummary",
    "GammaGammaFit",
    "HoldoutScorecard",
    "SBGFit",
    "alive_calibration",
    "clv_over_years",
    "customer_lifetime_value",
    "fit_against_truth",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "fit_with_notes",
    "holdout_scorecard",
    "naive_holdout_forecast",
    "probability_alive_path",
    "simulate_bgnbd",
    "spend_against_truth",
]
