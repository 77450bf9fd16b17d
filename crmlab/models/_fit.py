"""The shared fitting machinery of the models (private).

Every model is fitted the same way: its log-likelihood is maximised over the **logarithms**
of its positive parameters with L-BFGS-B and an analytic gradient, BLAS pinned to one
thread. A fit that fails (no convergence, a log-likelihood that is not finite) raises
:class:`RuntimeError` with advice. A parameter that runs to a bound (towards 0 or infinity)
is a *degenerate* fit: the model reports it with a
:class:`~crmlab.models.diagnostics.DegenerateFitWarning` and returns it anyway.

:class:`FitDiagnostics` gives every ``*Fit`` dataclass its ``standard_errors`` (from the
inverse Hessian of the negative log-likelihood at the optimum, computed on first use) and
``summary()``.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Callable, Iterable
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import optimize

from crmlab.models.diagnostics import DegenerateFitWarning, FitSummary

__all__ = [
    "ALIKE_SHAPE",
    "EDGE",
    "LOG_BOUND",
    "FitDiagnostics",
    "at_edge",
    "bound_notes",
    "maximise",
    "single_threaded_blas",
    "warn_degenerate",
]

#: Bounds on the log of every parameter during a fit (parameters between ~1e-7 and ~1e7).
LOG_BOUND = 16.0
#: A parameter whose log is beyond ±EDGE (below ~3e-7 or above ~3e6) is at a bound.
EDGE = LOG_BOUND - 1.0
#: A shape parameter above this leaves a spread (coefficient of variation) below 1%
#: between customers: the model sees them all alike, a collapse the optimiser may stop
#: short of on the flat likelihood.
ALIKE_SHAPE = 1e4
#: z value of a two-sided 95% interval.
_Z95 = 1.959963984540054
#: Step in the log of a parameter for the numerical Hessian.
_STEP = 1e-5

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


@functools.cache
def _blas_controller() -> object | None:
    """threadpoolctl's controller (found once), or None when threadpoolctl is missing."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: it only makes fits faster
        return None
    return ThreadpoolController()


def single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Run BLAS on one thread inside the ``with`` block.

    L-BFGS-B makes many tiny BLAS calls, and waking BLAS threads for each costs several
    times the fit itself (5x on a busy 2-core machine).

    Examples
    --------
    >>> with single_threaded_blas():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


def _minimise(objective: Objective, start: np.ndarray) -> optimize.OptimizeResult:
    return optimize.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start),
        options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-10},
    )


def _projected_gradient(log_params: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """The gradient without the components that push against a bound (those are optimal)."""
    blocked = ((log_params <= -LOG_BOUND + 1e-9) & (grad > 0)) | (
        (log_params >= LOG_BOUND - 1e-9) & (grad < 0)
    )
    return np.where(blocked, 0.0, grad)


def maximise(objective: Objective, start: np.ndarray, model: str) -> tuple[np.ndarray, float]:
    """Minimise ``objective(log_params) -> (value, gradient)``; return parameters and minimum.

    ``objective`` is the negative (mean) log-likelihood as a function of the logarithms of
    the parameters, with its gradient; the result is ``exp`` of the minimiser and the value
    of ``objective`` there. The search is restarted once from where it stopped when the
    line search gives up. A parameter may end at a bound (``exp(±LOG_BOUND)``), and a
    search that stalls there is accepted: the model has collapsed into a limiting case,
    which the caller checks with :func:`at_edge`.

    Raises
    ------
    RuntimeError
        When the optimiser fails: the log-likelihood is not finite or the gradient is not
        (near) zero where it stopped. ``model`` names the model in the message.

    Examples
    --------
    >>> def objective(log_p):  # minimum at p = 2
    ...     p = np.exp(log_p)
    ...     return float(((p - 2) ** 2).sum()), 2 * (p - 2) * p
    >>> params, minimum = maximise(objective, np.zeros(1), "demo")
    >>> params.round(6), round(minimum, 12)
    (array([2.]), 0.0)
    """
    with single_threaded_blas():
        result = _minimise(objective, start)
        if not result.success and np.all(np.isfinite(result.x)):
            result = _minimise(objective, result.x)
        value, grad = objective(result.x)
    # a search that stalls with a parameter at a bound has reached a limiting case whose
    # log-likelihood is too flat to resolve further: a degenerate fit, not a failure
    stalled_at_bound = result.status == 2 and np.any(np.abs(result.x) > EDGE)
    converged = (
        result.success
        or stalled_at_bound
        or np.max(np.abs(_projected_gradient(result.x, grad))) < 1e-5
    )
    if not (np.isfinite(value) and np.all(np.isfinite(result.x)) and converged):
        raise RuntimeError(
            f"{model}: the likelihood maximisation did not converge ({result.message}); check "
            "the data (enough customers? repeat purchases present? consistent time units?)"
        )
    return np.exp(result.x), float(value)


def at_edge(params: np.ndarray, names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Names of the parameters at the lower and at the upper bound (beyond ``exp(±EDGE)``).

    Examples
    --------
    >>> at_edge(np.array([1e-8, 2.0, 1e7]), ("a", "b", "c"))
    (['a'], ['c'])
    """
    logs = np.log(params)
    low = [n for n, v in zip(names, logs, strict=True) if v < -EDGE]
    high = [n for n, v in zip(names, logs, strict=True) if v > EDGE]
    return low, high


def bound_notes(at_bound: tuple[str, ...]) -> tuple[str, ...]:
    """The note that the standard errors of the parameters ``at_bound`` are not defined.

    Examples
    --------
    >>> bound_notes(("a", "b"))
    ('standard errors of a, b not defined: the parameters are at a bound',)
    >>> bound_notes(())
    ()
    """
    if not at_bound:
        return ()
    if len(at_bound) == 1:
        return (f"standard error of {at_bound[0]} not defined: the parameter is at a bound",)
    return (f"standard errors of {', '.join(at_bound)} not defined: the parameters are at a bound",)


def warn_degenerate(messages: Iterable[str], stacklevel: int = 3) -> None:
    """Emit each message as a :class:`DegenerateFitWarning` (from the caller's caller)."""
    for message in messages:
        warnings.warn(message, DegenerateFitWarning, stacklevel=stacklevel)


def log_scale_covariance(
    gradient: Callable[[np.ndarray], np.ndarray], params: np.ndarray, free: list[int]
) -> np.ndarray | None:
    """Covariance of the log-parameters ``free`` from the observed information matrix.

    ``gradient(params)`` is the gradient of the total log-likelihood with respect to the
    parameters; its central differences in the log-parameters give the Hessian, whose
    negative inverse is the covariance. None when the information matrix is not positive
    definite (a flat or saddle-shaped likelihood).

    Examples
    --------
    >>> # log-likelihood -n (p - 2)^2 / 2 with n = 100: variance of log p is 1 / (n p²)
    >>> cov = log_scale_covariance(lambda p: -100 * (p - 2), np.array([2.0]), [0])
    >>> round(float(cov[0, 0]), 6)
    0.0025
    """
    theta = np.log(params)
    k = len(free)
    hessian = np.empty((k, k))
    for col, j in enumerate(free):
        step = np.zeros_like(theta)
        step[j] = _STEP
        up, down = np.exp(theta + step), np.exp(theta - step)
        hessian[:, col] = ((gradient(up) * up - gradient(down) * down)[free]) / (2 * _STEP)
    information = -(hessian + hessian.T) / 2
    if not np.all(np.isfinite(information)):
        return None
    if k == 0 or np.min(np.linalg.eigvalsh(information)) <= 0:
        return None
    return np.linalg.inv(information)


class FitDiagnostics:
    """Standard errors and the summary of a frozen ``*Fit`` dataclass (mixin).

    A class using it has the dataclass fields ``log_likelihood``, ``n_customers``,
    ``notes``, ``_data`` (what the log-likelihood needs; empty for given parameters) and
    ``_at_bound`` (parameters whose standard error is not defined), a ``params`` property
    and a ``_loglik_gradient(params)`` method: the gradient of the total log-likelihood.
    """

    _model_name: ClassVar[str] = "model"

    def _loglik_gradient(self, params: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @functools.cached_property
    def _standard_errors(self) -> tuple[dict[str, float], tuple[str, ...]]:
        names = list(self.params)  # type: ignore[attr-defined]
        values = np.array(list(self.params.values()))  # type: ignore[attr-defined]
        result = dict.fromkeys(names, np.nan)
        if not self._data:  # type: ignore[attr-defined]
            return result, ("the parameters were given, not fitted: no standard errors",)
        fixed = set(self._at_bound)  # type: ignore[attr-defined]
        free = [j for j, name in enumerate(names) if name not in fixed]
        if not free:
            return result, ()
        covariance = log_scale_covariance(self._loglik_gradient, values, free)
        if covariance is None:
            shown = ", ".join(names[j] for j in free)
            return result, (
                f"standard errors of {shown} not defined: the log-likelihood is flat at the "
                "estimates (the information matrix is not positive definite)",
            )
        for col, j in enumerate(free):
            # delta method: sd(p) = p · sd(log p)
            result[names[j]] = float(values[j] * np.sqrt(covariance[col, col]))
        return result, ()

    @property
    def standard_errors(self) -> dict[str, float]:
        """Standard error of each parameter, by name (NaN where not defined).

        From the inverse Hessian of the negative log-likelihood at the estimates (the
        observed information), computed numerically in the log-parameters from the analytic
        gradient and carried back with the delta method, sd(p) = p · sd(log p). Computed on
        first use and kept. NaN for a parameter at a bound (see ``notes``) and for a model
        built from given parameters.
        """
        return dict(self._standard_errors[0])

    def summary(self) -> FitSummary:
        """Estimates, standard errors and 95% intervals, log-likelihood and notes.

        The interval is computed on the log scale, estimate × exp(±1.96 · std_err /
        estimate), so it stays positive like the parameter. Print it, or show it in a
        notebook cell.
        """
        errors, se_notes = self._standard_errors
        estimate = pd.Series(self.params, dtype=float)  # type: ignore[attr-defined]
        std_err = pd.Series(errors, dtype=float)
        spread = np.exp(_Z95 * std_err / estimate)
        table = pd.DataFrame(
            {
                "estimate": estimate,
                "std_err": std_err,
                "ci_lower": estimate / spread,
                "ci_upper": estimate * spread,
            }
        )
        table.index.name = "parameter"
        return FitSummary(
            model=self._model_name,
            table=table,
            log_likelihood=self.log_likelihood,  # type: ignore[attr-defined]
            n_customers=self.n_customers,  # type: ignore[attr-defined]
            notes=tuple(self.notes) + se_notes,  # type: ignore[attr-defined]
        )
