"""The customer picker (客户选择器): is she still alive (P(alive)), how often will she buy?

The numbers come from a fitted BG/NBD model (:func:`crmlab.models.fit_bgnbd`).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from crmlab import plots
from crmlab._validate import require_columns, require_nonempty
from crmlab.widgets._explorer import SLIDER_LAYOUT, STYLE, Explorer, readout

__all__ = ["customer_picker"]


def customer_picker(
    bgnbd_fit: Any,
    summary: pd.DataFrame,
    *,
    customer_id: object | None = None,
    horizon: int = 4,
    time_unit: str = "weeks",
) -> Explorer:
    """Pick a customer: is she still alive (P(alive)), and how often will she buy next?

    Uses a fitted BG/NBD model (:func:`crmlab.models.fit_bgnbd`): ``probability_alive`` and
    ``expected_purchases`` for the customer's ``frequency``, ``recency`` and ``T`` in
    ``summary`` (:func:`crmlab.rfm.btyd_summary`).

    Parameters
    ----------
    bgnbd_fit : BGNBDFit
        The fitted model.
    summary : DataFrame
        Indexed by customer id with columns ``frequency``, ``recency``, ``T`` in the time
        unit the model was fitted in.
    customer_id : optional
        The customer shown first (default: the first row).
    horizon : int
        Length of the "next period" in time units (1–104).
    time_unit : str
        Name of the time unit, for the labels.

    Returns
    -------
    Explorer
        Controls ``customer`` (a combo box, CSS ``crmlab-customer``) and ``horizon``
        (``crmlab-picker-horizon``); outputs ``profile`` (``crmlab-picker-profile``) and
        ``probability_alive`` (``crmlab-palive``, text ``P(alive) = 0.727``).

    Examples
    --------
    >>> from crmlab.models import BGNBDFit
    >>> model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> table = pd.DataFrame({"frequency": [2, 2], "recency": [30.43, 10.0], "T": [38.86, 38.86]},
    ...                      index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> picker = customer_picker(model, table)
    >>> picker.outputs["probability_alive"].value
    'P(alive) = 0.727'
    >>> picker.controls["customer"].value = "C2"
    >>> picker.outputs["probability_alive"].value
    'P(alive) = 0.268'
    """
    require_columns(summary, ["frequency", "recency", "T"], "summary")
    require_nonempty(summary, "summary")
    if not 1 <= int(horizon) <= 104:
        raise ValueError(f"horizon: 1 to 104 {time_unit}, got {horizon!r}")
    labels = {str(c): c for c in summary.index}
    if len(labels) != len(summary):
        raise ValueError("summary: customer ids must be unique (one row per customer)")
    first = summary.index[0] if customer_id is None else customer_id
    if first not in summary.index:
        raise ValueError(f"customer_id: {first!r} is not in summary's index")
    controls: dict[str, widgets.Widget] = {
        "customer": widgets.Combobox(
            value=str(first),
            options=list(labels),
            ensure_option=True,
            description="Customer id",
            placeholder="type an id",
            style=STYLE,
        ),
        "horizon": widgets.IntSlider(
            value=int(horizon),
            min=1,
            max=104,
            description=f"Next period ({time_unit})",
            continuous_update=False,
            style=STYLE,
            layout=SLIDER_LAYOUT,
        ),
    }
    controls["customer"].add_class("crmlab-customer")
    controls["horizon"].add_class("crmlab-picker-horizon")
    outputs = {
        "probability_alive": readout("crmlab-palive"),
        "profile": readout("crmlab-picker-profile"),
    }

    def refresh() -> None:
        chosen = controls["customer"].value
        if chosen not in labels:  # still typing
            return
        row = summary.loc[labels[chosen]]
        x, t_x, big_t = float(row["frequency"]), float(row["recency"]), float(row["T"])
        alive = float(bgnbd_fit.probability_alive(x, t_x, big_t))
        t = int(controls["horizon"].value)
        expected = float(bgnbd_fit.expected_purchases(t, x, t_x, big_t))
        outputs["probability_alive"].value = f"P(alive) = {alive:.3f}"
        outputs["profile"].value = (
            f"{x:g} repeat purchase(s); last one {t_x:,.1f} {time_unit} after her first "
            f"purchase, observed for {big_t:,.1f} {time_unit} "
            f"(silent for {big_t - t_x:,.1f}).<br>"
            f"Expected purchases in the next {t} {time_unit}: <b>{expected:.2f}</b>"
        )

    return Explorer(
        plots.label("Customer picker: is she still alive?", "客户选择器：她还是活跃客户吗？"),
        controls,
        outputs,
        refresh,
        css="crmlab-picker",
    )
