"""What a fit tells about itself: the degenerate-fit warning and the printed summary.

Every fit of :mod:`crmlab.models` (:func:`~crmlab.models.fit_bgnbd`,
:func:`~crmlab.models.fit_gamma_gamma`, :func:`~crmlab.models.fit_sbg`) checks where its
parameters ended up. When one runs to a bound of the optimiser (towards 0 or infinity) the
model has collapsed into a limiting case — e.g. a BG/NBD without drop-out — and the fit
emits a :class:`DegenerateFitWarning` that says what this means for the forecasts and what to
try. The fit is still returned; the warning is repeated in its ``notes``, and the standard
errors of the parameters at a bound are NaN.

``fit.summary()`` returns a :class:`FitSummary`: a small table with each parameter's estimate,
standard error and 95% interval, plus the log-likelihood, the number of customers and the
notes. It prints as text and shows as a table in a notebook.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

__all__ = ["DegenerateFitWarning", "FitSummary", "fit_with_notes"]

_Fit = TypeVar("_Fit")


class DegenerateFitWarning(UserWarning):
    """A fitted parameter ran to a bound: the model collapsed into a limiting case.

    The message says what the collapse means for the forecasts (e.g. "the model sees almost
    no drop-out, so P(alive) is near 1 for everyone") and what to try. The fit is returned
    anyway; its ``notes`` repeat the message.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("a → 0", DegenerateFitWarning)
    >>> caught[0].category.__name__
    'DegenerateFitWarning'
    """


def _number(value: float) -> str:
    """Four significant digits, NaN as 'NaN'."""
    return "NaN" if value != value else f"{value:.4g}"


@dataclass(frozen=True, eq=False)
class FitSummary:
    """The printed summary of a fit: parameters with standard errors, and the notes.

    Attributes
    ----------
    model : str
        The model's name, e.g. ``"BG/NBD"``.
    table : DataFrame
        One row per parameter: ``estimate``, ``std_err`` and the 95% interval
        ``ci_lower``, ``ci_upper``, computed on the log scale (estimate ×
        exp(±1.96 · std_err / estimate)), so it stays positive like the parameter. NaN
        where the standard error is not defined (a parameter at a bound, a model built from
        given parameters).
    log_likelihood : float or None
        Total log-likelihood at the estimates (``None`` for given parameters).
    n_customers : int
        Customers the fit rests on (0 for given parameters).
    notes : tuple of str
        Warnings and remarks of the fit (degenerate parameters, customers left out, …).

    Examples
    --------
    >>> table = pd.DataFrame({"estimate": [0.5], "std_err": [0.1], "ci_lower": [0.34],
    ...                       "ci_upper": [0.74]}, index=pd.Index(["r"], name="parameter"))
    >>> print(FitSummary("demo", table, -12.5, 40, ("a remark",)))
    demo fit on 40 customers, log-likelihood -12.5
       estimate  std_err  ci_lower  ci_upper
    r       0.5      0.1      0.34      0.74
    95% intervals on the log scale: estimate × exp(±1.96 · std_err / estimate)
    notes:
    - a remark
    """

    model: str
    table: pd.DataFrame
    log_likelihood: float | None
    n_customers: int
    notes: tuple[str, ...] = ()

    def _header(self) -> str:
        if self.log_likelihood is None:
            return f"{self.model} model with given parameters (not fitted)"
        return (
            f"{self.model} fit on {self.n_customers:,} customers, "
            f"log-likelihood {self.log_likelihood:,.6g}"
        )

    def __str__(self) -> str:
        lines = [self._header(), self.table.rename_axis(None).to_string(float_format=_number)]
        lines.append("95% intervals on the log scale: estimate × exp(±1.96 · std_err / estimate)")
        if self.notes:
            lines.append("notes:")
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        """The notebook view: the header, the table and the notes as a list."""
        parts = [f"<p><b>{html.escape(self._header())}</b></p>"]
        parts.append(self.table.rename_axis(None).to_html(float_format=_number, na_rep="NaN"))
        parts.append(
            "<p>95% intervals on the log scale: estimate × exp(±1.96 · std_err / estimate)</p>"
        )
        if self.notes:
            items = "".join(f"<li>{html.escape(note)}</li>" for note in self.notes)
            parts.append(f"<p>notes:</p><ul>{items}</ul>")
        return "\n".join(parts)


def fit_with_notes(fit: Callable[..., _Fit], *args: Any, **kwargs: Any) -> tuple[_Fit, list[str]]:
    """Call a fit function and return the fit with its degenerate-fit messages as text.

    A notebook shows a :class:`DegenerateFitWarning` as a sentence the reader can act on,
    not as a raw warning: this runs ``fit(*args, **kwargs)`` with that warning caught and
    returns ``(model, messages)`` (an empty list for a healthy fit). Other warnings pass
    through unchanged.

    Examples
    --------
    >>> from crmlab.models import fit_bgnbd
    >>> model, messages = fit_with_notes(fit_bgnbd, [0, 1, 2, 0, 3], [0, 5, 9, 0, 20],
    ...                                  [30, 30, 30, 30, 30])
    >>> type(model).__name__, isinstance(messages, list)
    ('BGNBDFit', True)
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateFitWarning)
        model = fit(*args, **kwargs)
    messages = []
    for item in caught:
        if issubclass(item.category, DegenerateFitWarning):
            messages.append(str(item.message))
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return model, messages
