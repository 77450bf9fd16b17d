"""The 360° view explorer (客户360度视图): pick a customer, see her whole relationship.

The numbers come from :func:`crmlab.customer_base.customer_360`, the time line from
:func:`crmlab.plots.customer_timeline_chart`. The layout keeps everything in one glance:
the drop-down and the customer's facts on the left (basic information, purchase history,
contact records and membership in four small tables, two by two), the time line beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from crmlab import plots
from crmlab._validate import require_columns, require_nonempty
from crmlab.customer_base import SUMMARY_PARTS, CustomerView, customer_360
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

#: Size of the time line (inches at 100 dpi) and its width on the page: beside the facts.
_CHART_SIZE = (5.6, 3.5)
_CHART_WIDTH = "560px"
#: The parts of the customer database, in the order the profile shows them.
_PARTS = {
    "basic_information": ("Basic information", "基本信息"),
    "purchase_history": ("Purchase history", "购买历史"),
    "contact_records": ("Contact records", "联系记录"),
    "membership": ("Membership", "会员关系"),
}
#: Codes of the data contract shown as words (English, Chinese).
_VALUE_NAMES = {
    "consumer": ("consumer", "消费者"),
    "enterprise": ("enterprise", "企业客户"),
    "referral": ("referral", "转介绍"),
    "store": ("store", "门店"),
    "online_ads": ("online ads", "网络广告"),
    "social_media": ("social media", "社交媒体"),
    "bought_list": ("bought list", "购买名单"),
    "trade_fair": ("trade fair", "展会"),
    "high": ("high", "高"),
    "low": ("low", "低"),
    "F": ("female", "女"),
    "M": ("male", "男"),
    "airline": ("airline", "航空"),
    "technology": ("technology", "科技"),
    "retail": ("retail", "零售"),
    "government": ("government", "政府机构"),
    "banking": ("banking", "银行"),
    "hospitality": ("hospitality", "酒店餐饮"),
    "healthcare": ("healthcare", "医疗"),
    "education": ("education", "教育"),
    "Beijing": ("Beijing", "北京"),
    "Shanghai": ("Shanghai", "上海"),
    "Guangzhou": ("Guangzhou", "广州"),
    "Shenzhen": ("Shenzhen", "深圳"),
    "Chengdu": ("Chengdu", "成都"),
    "Wuhan": ("Wuhan", "武汉"),
    "Xi'an": ("Xi'an", "西安"),
    "Harbin": ("Harbin", "哈尔滨"),
    "Kunming": ("Kunming", "昆明"),
    "Lanzhou": ("Lanzhou", "兰州"),
}
_MONEY = ("revenue", "gross_margin", "acquisition_cost", "annual_fee")


def _row_label(name: str) -> str:
    """A fact's row label: its display name, never the code (``days_since_last_purchase``)."""
    return plots.label(name.replace("_", " "), str(plots.display_name(name)))


def _shown(name: str, value: object) -> str:
    """One fact as text: money in the theme's currency, dates as days, codes as words."""
    if name in _MONEY:
        return plots.money(value, decimals=2)
    if isinstance(value, (bool, np.bool_)):
        return plots.label("yes", "是") if value else plots.label("no", "否")
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if isinstance(value, str) and value in _VALUE_NAMES:
        return plots.label(*_VALUE_NAMES[value])
    return str(value)


def _margin_text(view: CustomerView, margin: float | None, assumed: bool) -> str | None:
    """The gross-margin cell when it is assumed or unknown, in the chart language."""
    if not pd.isna(view.summary["gross_margin"]) and not assumed:
        return None
    if pd.isna(view.summary["gross_margin"]):
        return plots.label(view.margin_note, "未知：数据中没有成本列")
    amount = plots.money(view.summary["gross_margin"], decimals=2)
    return plots.label(
        f"{amount} ({view.margin_note})", f"{amount}（按收入的{margin:.0%}估算：数据中没有成本列）"
    )


def _facts(view: CustomerView, margin: float | None, assumed: bool) -> dict[str, pd.Series]:
    """The customer's facts per part of the customer database, as display text."""
    profile = view.profile.drop(labels="customer_id", errors="ignore").dropna()
    parts: dict[str, pd.Series] = {"basic_information": profile}
    for part, names in SUMMARY_PARTS.items():
        values = view.summary.reindex(list(names)).dropna()
        if part == "membership" and values.get("member") is False:
            values = values.loc[["member"]]
        parts[part] = values
    shown = {}
    for part, values in parts.items():
        if values.empty:
            continue
        text = pd.Series({name: _shown(str(name), v) for name, v in values.items()}, dtype=object)
        if part == "purchase_history":
            note = _margin_text(view, margin, assumed)
            if note is not None:
                text["gross_margin"] = note
        shown[part] = text
    return shown


def _profile_html(facts: dict[str, pd.Series]) -> str:
    """The facts as small tables, two by two (a CSS grid), each headed by its part."""
    tables = []
    for part, text in facts.items():
        frame = pd.DataFrame({"": text.to_numpy()}, index=[_row_label(str(n)) for n in text.index])
        frame.index.name = plots.label(*_PARTS[part])
        tables.append(html_table(frame))
    return (
        "<div class='crmlab-c360-facts' style='display:grid;"
        "grid-template-columns:repeat(2,max-content);gap:8px 18px;align-items:start'>"
        + "".join(tables)
        + "</div>"
    )


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
    :func:`crmlab.plots.customer_timeline_chart` (the picture). The drop-down and the facts
    sit on the left, the time line beside them (an ``HBox``), so the whole view fits about
    500 px of height on a notebook 1,280 px wide.

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
        :func:`crmlab.customer_base.customer_360`. When the margin is assumed its cell says
        so; when gross margin is unknown (no ``cost``, no ``margin``) the note stands in its
        place.

    Returns
    -------
    Explorer
        Control ``customer`` (a drop-down, CSS ``crmlab-customer360``); outputs ``profile``
        (``crmlab-c360-profile``: the facts in the chart language, money in the theme's
        currency, codes such as ``bought_list`` as words) and ``chart`` (the time line).
        Children: the title, then an ``HBox`` of (drop-down over profile) and chart.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                           "customer_type": ["consumer", "enterprise"]})
    >>> tx = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...     "category": ["tops", "shoes"], "amount": [100.0, 900.0], "cost": [50.0, 300.0],
    ...     "returned": [False, False]})
    >>> plots.set_theme(chinese=False, currency="£")
    >>> explorer = customer_360_explorer(customers, tx)
    >>> "£100.00" in explorer.outputs["profile"].value
    True
    >>> explorer.controls["customer"].value = "C2"
    >>> "£900.00" in explorer.outputs["profile"].value
    True
    >>> [type(child).__name__ for child in explorer.children]
    ['HTML', 'HBox']

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
            description=plots.label("Customer", "客户"),
            style=STYLE,
            layout={"width": "220px"},
        )
    }
    controls["customer"].add_class("crmlab-customer360")
    outputs = {"profile": readout("crmlab-c360-profile"), "chart": chart_image()}
    outputs["chart"].layout.width = _CHART_WIDTH

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
        outputs["profile"].value = _profile_html(_facts(view, margin, assumed))
        fig, ax = new_figure(_CHART_SIZE)
        plots.customer_timeline_chart(view, ax=ax)
        outputs["chart"].value = png(fig)

    explorer = Explorer(
        plots.label("Customer 360° view", "客户360度视图"),
        controls,
        outputs,
        refresh,
        css="crmlab-c360",
    )
    # the facts keep their natural width (a flex row would squeeze their values out of view);
    # the time line takes what is left, up to its own width
    outputs["profile"].layout.width = "max-content"
    left = widgets.VBox([controls["customer"], outputs["profile"]], layout={"flex": "0 0 auto"})
    outputs["chart"].layout.flex = "0 1 auto"
    outputs["chart"].layout.min_width = "0"
    row = widgets.HBox(
        [left, outputs["chart"]], layout={"align_items": "flex-start", "grid_gap": "12px"}
    )
    row.add_class("crmlab-c360-row")
    explorer.children = (explorer.children[0], row)
    return explorer
