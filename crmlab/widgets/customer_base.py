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
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    *,
    customer_ids: Sequence[object] | None = None,
    observation_end: object | None = None,
) -> Explorer:
    """Pick a customer from a drop-down and see her 360° view (客户360度视图).

    Thin wiring of :func:`crmlab.customer_base.customer_360` (the numbers) and
    :func:`crmlab.plots.customer_timeline_chart` (the picture).

    Parameters
    ----------
    customers, transactions, survey, service_contacts, memberships : DataFrame
        As for :func:`crmlab.customer_base.customer_360` (the last three are optional).
    customer_ids : sequence, optional
        The ids offered in the drop-down (default: every customer); the first is shown.
    observation_end : date-like, optional
        The last day the view sees (default: the last order date in ``transactions``).

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
    >>> plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    """
    require_columns(customers, ["customer_id"], "customers")
    require_nonempty(customers, "customers")
    ids = list(customers["customer_id"] if customer_ids is None else customer_ids)
    unknown = [c for c in ids if c not in set(customers["customer_id"])]
    if not ids or unknown:
        raise ValueError(
            f"customer_ids: give ids from customers['customer_id']; unknown: {unknown[:5]}"
        )
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
        )
        profile = view.profile.drop(labels="customer_id", errors="ignore").dropna()
        summary = view.summary.dropna().copy()
        for key in ("revenue", "gross_margin"):
            summary[key] = plots.money(float(summary[key]), decimals=2)
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
