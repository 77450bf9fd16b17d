"""The "due this week" list generator (crmlab.widgets.due_list_explorer), driven by name."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from crmlab import plots, purchase_cycle, widgets

pytestmark = pytest.mark.usefixtures("english_and_closed")


def _shop() -> pd.DataFrame:
    rows = []
    for i in range(20):
        days = pd.date_range(f"2024-01-{1 + i % 7:02d}", periods=40, freq="7D")
        rows.append(
            pd.DataFrame(
                {
                    "customer_id": f"c{i:02d}",
                    "order_date": days,
                    "amount": 10.0 + 5 * i,
                    "category": "tops" if i % 2 else "shoes",
                }
            )
        )
    return pd.concat(rows, ignore_index=True).assign(returned=False)


def test_the_list_and_its_check_match_the_analysis_function():
    tx = _shop()
    explorer = widgets.due_list_explorer(tx, draws=30)
    today = pd.Timestamp(explorer.controls["today"].value)
    check = purchase_cycle.due_list_check(tx, today, by="category", min_weekly_spend=0.0, draws=30)
    summary = explorer.outputs["summary"].value
    assert f"<b>{check.listed_customers:,}</b> customers due" in summary
    assert f"<b>{check.bought}</b> of them bought" in summary
    assert explorer.outputs["list"].value.count("<tr>") == min(check.listed_customers, 12)
    assert explorer.outputs["chart"].value[:4] == b"\x89PNG"


def test_controls_change_the_list():
    tx = _shop()
    explorer = widgets.due_list_explorer(tx, draws=10)
    before = explorer.outputs["list"].value
    explorer.controls["item"].value = "tops"
    assert (
        "shoes" not in explorer.outputs["list"].value and before != explorer.outputs["list"].value
    )
    explorer.controls["min_weekly_spend"].value = explorer.controls["min_weekly_spend"].max
    assert "No list" in explorer.outputs["summary"].value
    assert explorer.outputs["chart"].layout.display == "none"


def test_the_last_day_has_no_hold_out_and_says_so():
    explorer = widgets.due_list_explorer(_shop(), draws=10)
    explorer.controls["today"].value = explorer.controls["today"].options[-1][1]
    assert "cannot be checked yet" in explorer.outputs["summary"].value
    assert "bought" not in explorer.outputs["list"].value.split("</thead>")[0]


def test_without_a_category_column_the_category_control_is_off_and_money_has_the_currency():
    plots.set_theme(currency="£")
    try:
        plots.use_english()
        explorer = widgets.due_list_explorer(_shop().drop(columns="category"), draws=10)
        assert explorer.controls["item"].disabled
        assert "£" in explorer.controls["min_weekly_spend"].description
        assert "£" in explorer.outputs["list"].value
    finally:
        plots.set_theme(currency=plots.DEFAULT_CURRENCY)
        plots.use_english()
    with pytest.raises(ValueError, match="min_weekly_spend"):
        widgets.due_list_explorer(_shop(), min_weekly_spend=-1)


def test_the_spend_slider_spans_weekly_spend_not_line_amounts():
    tx = _shop()
    first = tx.groupby("customer_id")["order_date"].min()
    big = pd.DataFrame(  # one ¥1,000 line each, ten months before the end: about ¥25 a week
        {
            "customer_id": [f"b{i:02d}" for i in range(20)],
            "order_date": first.iloc[0],
            "amount": 1000.0,
            "category": "tops",
            "returned": False,
        }
    )
    tx = pd.concat([tx, big], ignore_index=True)
    last = tx["order_date"].max()
    weeks = ((last - tx.groupby("customer_id")["order_date"].min()).dt.days / 7).clip(lower=1)
    weekly = tx.groupby("customer_id")["amount"].sum() / weeks
    slider = widgets.due_list_explorer(tx, draws=10).controls["min_weekly_spend"]
    assert weekly.max() * 0.9 <= slider.max <= weekly.max() + 10  # not the ¥1,000 of a line
    assert slider.step <= 1.0 + 1e-9
