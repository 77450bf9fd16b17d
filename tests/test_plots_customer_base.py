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
        "order line",
        "returned line",
        "inquiry",
        "complaint",
        "survey answer",
        "paid membership",
        "observation end",
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
    assert ax.get_legend_handles_labels()[1] == ["order line", "returned line"]


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


def _overlapping(labels) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty tick labels whose boxes overlap (after a draw)."""
    boxes = [(t.get_text(), t.get_window_extent()) for t in labels if t.get_visible()]
    boxes = [(text, box) for text, box in boxes if text]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def test_timeline_spans_her_relationship_up_to_the_observation_end(view):
    import matplotlib.dates as mdates

    ax = plots.customer_timeline_chart(view)
    low, high = (mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
    # first record 2024-01-10, observation end 2025-12-31: a margin of 3 % (about 21 days)
    assert pd.Timestamp("2023-12-01") < low < pd.Timestamp("2024-01-10")
    assert pd.Timestamp("2025-12-31") < high < pd.Timestamp("2026-02-01")
    one_order = cu.CustomerView(
        "C9",
        pd.Series({"customer_id": "C9"}),
        view.summary,
        view.orders.iloc[[0]],
        None,
        None,
        None,
    )
    ax = plots.customer_timeline_chart(one_order)  # no observation end: her own days only
    low, high = (mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
    assert pd.Timestamp("2023-12-25") < low and high < pd.Timestamp("2024-01-25")


@pytest.mark.parametrize("chinese", [False, True])
@pytest.mark.parametrize("width", [5.6, 7.0])
def test_timeline_date_ticks_do_not_overlap(view, chinese, width):
    if chinese:
        try:
            plots.use_chinese()
        except plots.ChineseFontError:
            pytest.skip("no Chinese font installed")
    fig, ax = plt.subplots(figsize=(width, 3.5))
    plots.customer_timeline_chart(view, ax=ax)
    fig.canvas.draw()
    assert len([t for t in ax.get_xticklabels() if t.get_text()]) >= 2
    assert not _overlapping(ax.get_xticklabels())


def test_stage_chart_legend_only_for_two_kinds_and_clear_of_the_counts():
    one_kind = pd.DataFrame({"current": [1608], "lost": [3015]}, index=["unknown"])
    ax = plots.relationship_stage_chart(one_kind)
    assert ax.get_legend() is None  # a single entry says nothing and covered the lost count
    two = pd.DataFrame(
        {
            "potential": [9809, 902],
            "target": [34534, 2887],
            "current": [1636, 65],
            "lost": [3140, 159],
        },
        index=["consumer", "enterprise"],
    )
    ax = plots.relationship_stage_chart(two)
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    counts = [t for t in ax.texts if t.get_text().strip()[:1].isdigit()]
    assert len(counts) == 4
    assert not [t.get_text() for t in counts if t.get_window_extent().overlaps(legend)]
    note = ax.texts[0].get_window_extent()
    assert not note.overlaps(legend)


def test_depth_chart_without_categories_says_nothing_about_them(metrics):
    no_category = metrics.assign(categories_per_active=float("nan"))
    ax = plots.customer_depth_chart(no_category)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["46% repeat", "48% repeat", "52% repeat"]
    assert not any("nan" in t for t in texts)


def test_chinese_labels_of_every_chart(view, metrics):
    try:
        plots.use_chinese()
    except plots.ChineseFontError:
        pytest.skip("no Chinese font installed")
    ax = plots.customer_timeline_chart(view)
    assert ax.get_legend_handles_labels()[1][0] == "订单明细（保留）"
    assert ax.get_title() == "客户 C1 的360度视图" and ax.get_xlabel() == "日期"
    table = pd.DataFrame({"current": [4], "lost": [6]}, index=["consumer"])
    ax = plots.relationship_stage_chart(table)
    assert ax.get_yticklabels()[0].get_text() == "非客户"
    assert ax.texts[0].get_text() == "数据库中没有记录"
    ax = plots.customer_count_chart(metrics)
    assert ax.get_ylabel() == "客户数"
    no_category = metrics.assign(categories_per_active=float("nan"))
    assert plots.customer_depth_chart(no_category).texts[0].get_text() == "复购46%"
