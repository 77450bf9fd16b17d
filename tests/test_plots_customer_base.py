"""Customer-base charts: the 360° time line, relationship stages, count vs depth (on Agg)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmlab import customer_base as cu
from crmlab import plots


@pytest.fixture(autouse=True)
def _clean():
    plots.use_english()
    yield
    plots.use_english()
    plt.close("all")


@pytest.fixture
def view():
    customers = pd.DataFrame({"customer_id": ["C1"], "customer_type": ["consumer"]})
    tx = pd.DataFrame(
        {
            "customer_id": ["C1"] * 3,
            "order_id": ["O1", "O1", "O2"],
            "order_date": pd.to_datetime(["2024-01-10", "2024-01-10", "2025-10-01"]),
            "category": ["tops", "shoes", "tops"],
            "amount": [100.0, 50.0, 200.0],
            "cost": [40.0, 20.0, 90.0],
            "returned": [False, True, False],
        }
    )
    survey = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "survey_date": pd.to_datetime(["2024-03-01"]),
            "overall_satisfaction": [4],
            "likelihood_to_recommend": [8],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["C1", "C1"],
            "contact_date": pd.to_datetime(["2024-02-01", "2025-10-03"]),
            "contact_type": ["complaint", "inquiry"],
            "resolved": [True, True],
        }
    )
    members = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "join_date": pd.to_datetime(["2024-02-15"]),
            "years_paid": [1],
            "lapsed": [True],
            "lapse_date": pd.to_datetime(["2025-02-15"]),
        }
    )
    return cu.customer_360(
        "C1", customers, tx, survey, contacts, members, observation_end="2025-12-31"
    )


@pytest.fixture
def metrics():
    return pd.DataFrame(
        {
            "active_customers": [400, 800, 1200],
            "new_customers": [400, 600, 700],
            "revenue_per_active": [650.0, 760.0, 770.0],
            "categories_per_active": [2.4, 2.55, 2.7],
            "repeat_rate": [0.46, 0.48, 0.52],
        },
        index=pd.period_range("2023", periods=3, freq="Y", name="period"),
    )


def test_timeline_draws_every_part_of_the_view(view):
    ax = plots.customer_timeline_chart(view)
    labels = ax.get_legend_handles_labels()[1]
    assert labels == [
        "order line, kept",
        "order line, returned",
        "inquiry",
        "complaint",
        "survey answer",
        "paid membership",
    ]
    assert ax.get_title() == "Customer C1: the 360° view"
    assert ax.get_xlabel() == "Date" and ax.get_ylabel() == (
        f"Amount per order line ({plots.currency()})"
    )
    assert len(ax.collections[0].get_segments()) == 2  # two kept lines as stems


def test_timeline_with_orders_only_has_no_extra_legend_entries(view):
    bare = cu.CustomerView(
        view.customer_id, view.profile, view.summary, view.orders, None, None, None
    )
    ax = plots.customer_timeline_chart(bare, title="Just orders")
    assert ax.get_title() == "Just orders"
    assert ax.get_legend_handles_labels()[1] == ["order line, kept", "order line, returned"]


def test_stage_chart_orders_stages_and_marks_non_customers():
    table = pd.DataFrame(
        {"lost": [6, 0], "potential": [5, 1], "current": [4, 1], "target": [8, 2]},
        index=["consumer", "enterprise"],
    )
    ax = plots.relationship_stage_chart(table)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["non-customers", "potential", "target", "current", "lost"]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["not in the database", " 6", " 10", " 5", " 6"]
    assert ax.get_legend_handles_labels()[1] == ["consumers", "enterprises"]
    assert ax.get_xlabel() == "People (leads or customers)"


def test_stage_chart_rejects_unknown_columns():
    with pytest.raises(ValueError, match=r"unknown stage column\(s\) \['won'\]"):
        plots.relationship_stage_chart(pd.DataFrame({"won": [1]}))


def test_count_and_depth_charts(metrics):
    _fig, (left, right) = plt.subplots(1, 2)
    plots.customer_count_chart(metrics, ax=left)
    plots.customer_depth_chart(metrics, ax=right)
    assert len(left.patches) == 6 and left.get_ylabel() == "Customers"
    assert [t.get_text() for t in left.get_xticklabels()] == ["2023", "2024", "2025"]
    assert len(right.patches) == 3
    assert right.get_ylabel() == f"Revenue per active customer ({plots.currency()})"
    assert right.texts[-1].get_text() == "2.7 cat.\n52% repeat"


def test_count_chart_names_the_missing_column(metrics):
    with pytest.raises(ValueError, match="customer_base_metrics"):
        plots.customer_count_chart(metrics.drop(columns="new_customers"))
    with pytest.raises(ValueError, match="'repeat_rate'"):
        plots.customer_depth_chart(metrics.drop(columns="repeat_rate"))


def test_chinese_labels(metrics):
    try:
        plots.use_chinese()
    except plots.ChineseFontError:
        pytest.skip("no Chinese font installed")
    ax = plots.customer_depth_chart(metrics)
    assert ax.get_ylabel() == f"每位活跃客户收入（{plots.currency()}）"
    assert ax.texts[0].get_text() == "2.4个品类\n复购46%"
