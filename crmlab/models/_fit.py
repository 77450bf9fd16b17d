"""The shared fitting helper of the models (private).

Every model is fitted the same way: its log-likelihood is maximised over the **logarithms**
of its positive parameters with L-BFGS-B and an analytic gradient, BLAS pinned to one
thread, and a fit that fails (no convergence, a parameter running to 0 or infinity) raises
:class:`RuntimeError` with advice instead of returning meaningless numbers.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable

import numpy as np
from scipy import optimize

__all__ = ["LOG_BOUND", "maximise", "single_threaded_blas"]

#: Bounds on the log of every parameter during a fit (parameters between ~1e-7 and ~1e7).
LOG_BOUND = 16.0

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


def maximise(
    objective: Objective,
    start: np.ndarray,
    model: str,
    names: tuple[str, ...],
) -> np.ndarray:
    """Minimise ``objective(log_params) -> (value, gradient)``; return the parameters.

    ``objective`` is the negative (mean) log-likelihood as a function of the logarithms of
    the parameters, with its gradient; the result is ``exp`` of the minimiser. ``model``
    and ``names`` (one per parameter) name the model and its parameters in errors.

    Raises
    ------
    RuntimeError
        When the optimiser fails or a parameter runs to the edge of the allowed range
        (``exp(±LOG_BOUND)``): the data do not identify the model.

    Examples
    --------
    >>> def objective(log_p):  # minimum at p = 2
    ...     p = np.exp(log_p)
    ...     return float(((p - 2) ** 2).sum()), 2 * (p - 2) * p
    >>> maximise(objective, np.zeros(1), "demo", ("p",)).round(6)
    array([2.])
    """
    with single_threaded_blas():
        result = optimize.minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start),
            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-10},
        )
    value, grad = objective(result.x)
    converged = result.success or np.max(np.abs(grad)) < 1e-5
    if not (np.isfinite(value) and np.all(np.isfinite(result.x)) and converged):
        raise RuntimeError(
            f"{model}: the likelihood maximisation did not converge ({result.message}); check "
            "the data (enough customers? repeat purchases present? consistent time units?)"
        )
    at_edge = [n for n, v in zip(names, result.x, strict=True) if abs(v) > LOG_BOUND - 1e-3]
    if at_edge:
        raise RuntimeError(
            f"{model}: parameter(s) {', '.join(at_edge)} ran to the edge of the allowed range "
            "(near 0 or infinity); the model is not identified by these data (e.g. too few "
            "repeat purchases or no variation between customers)"
        )
    return np.exp(result.x)
