"""The 360° view explorer (客户360度视图): pick a customer, see her whole relationship.

The numbers come from :func:`crmlab.customer_base.customer_360`, the time line from
:func:`crmlab.plots.customer_timeline_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from crmlab import plots
from crmlab._validate import require_columns, require_nonempty
from crmlab.customer_base import customer_360
from crmlab.widgets._explorer import (
    STYLE,
    Explorer,
    chart_image,
    html_table,
    new_figure,
    png,
    readout,
)

__all__ = ["customer_360_explorer"]


def customer_360_explorer(
    customers: pd.DataFrame | None,
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    *,
    customer_ids: Sequence[object] | None = None,
    observation_end: object | None = None,
    margin: float | None = None,
) -> Explorer:
    """Pick a customer from a drop-down and see her 360° view (客户360度视图).

    Thin wiring of :func:`crmlab.customer_base.customer_360` (the numbers) and
    :func:`crmlab.plots.customer_timeline_chart` (the picture).

    Parameters
    ----------
    customers, transactions, survey, service_contacts, memberships : DataFrame
        As for :func:`crmlab.customer_base.customer_360`: every table but ``transactions``
        is optional (``customers=None`` for an order log without a customer list).
    customer_ids : sequence, optional
        The ids offered in the drop-down (default: every customer of ``customers``, or
        without it every customer in ``transactions`` in order of appearance); the first
        is shown.
    observation_end : date-like, optional
        The last day the view sees (default: the last order date in ``transactions``).
    margin : float, optional
        The gross-margin rate (e.g. ``0.35``) for data without a ``cost`` column, as for
        :func:`crmlab.customer_base.customer_360`. When the margin is assumed the readout
        adds the view's ``margin_note``; when gross margin is unknown (no ``cost``, no
        ``margin``) the note stands in its place.

    Returns
    -------
    Explorer
        Control ``customer`` (a drop-down, CSS ``crmlab-customer360``); outputs ``profile``
        (``crmlab-c360-profile``: the headline numbers, money in the theme's currency) and
        ``chart`` (the time line).

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "customer_type": ["consumer", "enterprise"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...     "category": ["tops", "shoes"], "amount": [100.0, 900.0], "cost": [50.0, 300.0],
    ...     "returned": [False, False]})
    >>> plots.set_theme(currency="£")
    >>> explorer = customer_360_explorer(customers, tx)
    >>> "£100.00" in explorer.outputs["profile"].value
    True
    >>> explorer.controls["customer"].value = "C2"
    >>> "£900.00" in explorer.outputs["profile"].value
    True

    An order log alone, without a customer list or costs:

    >>> log = tx[["customer_id", "order_id", "order_date", "amount", "returned"]]
    >>> explorer = customer_360_explorer(None, log, margin=0.4)
    >>> explorer.controls["customer"].options
    (('C1', 'C1'), ('C2', 'C2'))
    >>> "£40.00" in explorer.outputs["profile"].value
    True
    >>> "gross margin unknown" in customer_360_explorer(None, log).outputs["profile"].value
    True
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    source, what = (transactions, "transactions") if customers is None else (customers, "customers")
    require_columns(source, ["customer_id"], what)
    require_nonempty(source, what)
    known = source["customer_id"].drop_duplicates()
    ids = list(known if customer_ids is None else customer_ids)
    unknown = [c for c in ids if c not in set(known)]
    if not ids or unknown:
        raise ValueError(
            f"customer_ids: give ids from {what}['customer_id']; unknown: {unknown[:5]}"
        )
    assumed = margin is not None and "cost" not in transactions.columns
    controls: dict[str, widgets.Widget] = {
        "customer": widgets.Dropdown(
            options=[(str(c), c) for c in ids],
            value=ids[0],
            description="Customer id",
            style=STYLE,
        )
    }
    controls["customer"].add_class("crmlab-customer360")
    outputs = {"profile": readout("crmlab-c360-profile"), "chart": chart_image()}

    def refresh() -> None:
        view = customer_360(
            controls["customer"].value,
            customers,
            transactions,
            survey,
            service_contacts,
            memberships,
            observation_end=observation_end,
            margin=margin,
        )
        profile = view.profile.drop(labels="customer_id", errors="ignore").dropna()
        summary = view.summary.copy()
        for key in ("revenue", "gross_margin"):  # gross margin is NaN when it is unknown
            amount = summary[key]
            summary[key] = view.margin_note if pd.isna(amount) else plots.money(amount, decimals=2)
        if assumed:
            summary["margin_note"] = view.margin_note
        summary = summary.dropna()
        facts = pd.concat([profile, summary]).astype(str).to_frame("value")
        outputs["profile"].value = html_table(facts)
        fig, ax = new_figure((6.4, 3.6))
        plots.customer_timeline_chart(view, ax=ax)
        outputs["chart"].value = png(fig)

    return Explorer(
        plots.label("Customer 360° view", "客户360度视图"),
        controls,
        outputs,
        refresh,
        css="crmlab-c360",
    )
