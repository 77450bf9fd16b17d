"""Tests of crmlab.relationship (chapter 08): hand-computed cases, properties, bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import relationship as rel


def _tx(rows):
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "category"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["returned"] = False
    frame["order_id"] = [f"O{i}" for i in range(len(frame))]
    return frame


# --------------------------------------------------------------------------------------
# Inter-purchase times
# --------------------------------------------------------------------------------------


def test_interpurchase_times_hand_computed():
    tx = _tx(
        [
            ("a", "2024-01-01", 10.0, "tops"),
            ("a", "2024-01-01", 5.0, "shoes"),  # same day: one visit
            ("a", "2024-01-11", 10.0, "tops"),
            ("a", "2024-02-10", 10.0, "tops"),  # gaps 10 and 30
            ("b", "2024-03-01", 7.0, "tops"),
        ]
    )
    table = rel.interpurchase_times(tx)
    assert table.loc["a", "purchase_days"] == 3
    assert table.loc["a", "spend"] == 35.0
    assert table.loc["a", "mean_gap_days"] == 20.0
    assert table.loc["a", "median_gap_days"] == 20.0
    assert table.loc["a", "next_expected"] == pd.Timestamp("2024-03-01")
    assert pd.isna(table.loc["b", "next_expected"])


def test_interpurchase_times_median_vs_mean_and_by_category():
    tx = _tx(
        [
            ("a", "2024-01-01", 1.0, "tops"),
            ("a", "2024-01-08", 1.0, "shoes"),
            ("a", "2024-01-15", 1.0, "tops"),
            ("a", "2024-03-15", 1.0, "tops"),  # gaps 7, 7, 60
        ]
    )
    median = rel.interpurchase_times(tx)
    mean = rel.interpurchase_times(tx, typical="mean")
    assert median.loc["a", "next_expected"] == pd.Timestamp("2024-03-22")
    assert mean.loc["a", "mean_gap_days"] == pytest.approx(74 / 3)
    assert mean.loc["a", "next_expected"] == pd.Timestamp("2024-03-15") + pd.Timedelta(days=25)
    by_category = rel.interpurchase_times(tx, by="category")
    assert by_category.loc[("a", "tops"), "purchase_days"] == 3
    assert by_category.loc[("a", "tops"), "median_gap_days"] == pytest.approx((14 + 60) / 2)
    assert by_category.loc[("a", "shoes"), "purchase_days"] == 1


def test_interpurchase_times_returns_and_observation_end():
    tx = _tx([("a", "2024-01-01", 1.0, "x"), ("a", "2024-01-05", 1.0, "x")])
    returned = tx.assign(returned=[False, True])
    assert rel.interpurchase_times(returned).loc["a", "purchase_days"] == 1
    assert rel.interpurchase_times(returned, exclude_returns=False).loc["a", "purchase_days"] == 2
    early = rel.interpurchase_times(tx, observation_end="2024-01-03")
    assert early.loc["a", "purchase_days"] == 1


def test_interpurchase_times_bad_inputs():
    tx = _tx([("a", "2024-01-01", 1.0, "x")])
    with pytest.raises(ValueError, match="typical"):
        rel.interpurchase_times(tx, typical="mode")
    with pytest.raises(ValueError, match="missing column 'brand'"):
        rel.interpurchase_times(tx, by="brand")
    with pytest.raises(ValueError, match="observation_end: 2023-01-01 is before the first day"):
        rel.interpurchase_times(tx, observation_end="2023-01-01")
    with pytest.raises(ValueError, match="observation_end: 2023-01-01 is before the first day"):
        rel.due_customers(tx, "2023-01-01")


# --------------------------------------------------------------------------------------
# Dick's list
# --------------------------------------------------------------------------------------


def _weekly(customer, start, n, amount, every=7):
    first = pd.Timestamp(start)
    return [
        (customer, str((first + pd.Timedelta(days=every * i)).date()), amount, "food")
        for i in range(n)
    ]


def test_due_customers_window_boundaries():
    tx = _tx(
        _weekly("due_today", "2024-01-06", 3, 40)  # last 01-20 → due 01-27
        + _weekly("due_in_6", "2024-01-12", 3, 40)  # last 01-26 → due 02-02
        + _weekly("due_in_7", "2024-01-13", 3, 40)  # last 01-27 → due 02-03: outside
        + _weekly("overdue", "2024-01-01", 3, 40)  # last 01-15 → due 01-22
        + _weekly("too_few", "2024-01-13", 2, 40)  # 2 visits only
    )
    due = rel.due_customers(tx, "2024-01-27")
    assert due.index.tolist() == ["due_today", "due_in_6"]
    assert due["days_until_due"].tolist() == [0, 6]
    assert due.loc["due_today", "gap_ratio"] == pytest.approx(1.0)
    with_overdue = rel.due_customers(tx, "2024-01-27", include_overdue=True)
    assert with_overdue.index[0] == "overdue"
    assert with_overdue.loc["overdue", "days_until_due"] == -5
    assert "too_few" in rel.due_customers(tx, "2024-01-27", min_purchases=2, window_days=8).index


def test_due_customers_weekly_spend_rule_and_no_peeking():
    tx = _tx(_weekly("big", "2024-01-06", 3, 40) + _weekly("small", "2024-01-06", 3, 5))
    due = rel.due_customers(tx, "2024-01-27", min_weekly_spend=25)
    assert due.index.tolist() == ["big"]
    # 120 CNY over 3 weeks (01-06 → 01-27) = 40 a week
    assert due.loc["big", "weekly_spend"] == pytest.approx(40.0)
    # a purchase after observation_end must not change the list
    later = pd.concat([tx, _tx([("big", "2024-01-28", 40.0, "food")])], ignore_index=True)
    pd.testing.assert_frame_equal(rel.due_customers(later, "2024-01-27", min_weekly_spend=25), due)


def test_due_customers_per_category():
    tx = _tx(
        [
            ("a", "2024-01-01", 5.0, "milk"),
            ("a", "2024-01-08", 5.0, "milk"),
            ("a", "2024-01-15", 5.0, "milk"),
            ("a", "2024-01-01", 5.0, "coffee"),
            ("a", "2024-01-11", 5.0, "coffee"),
        ]
    )
    due = rel.due_customers(tx, "2024-01-20", by="category", min_purchases=2)
    assert due.index.tolist() == [("a", "coffee"), ("a", "milk")]  # due 01-21, 01-22


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window_days": 0}, "window_days"),
        ({"min_purchases": 1}, "min_purchases"),
        ({"typical": "max"}, "typical"),
    ],
)
def test_due_customers_bad_inputs(kwargs, match):
    tx = _tx(_weekly("a", "2024-01-01", 3, 1))
    with pytest.raises(ValueError, match=match):
        rel.due_customers(tx, "2024-02-01", **kwargs)


# --------------------------------------------------------------------------------------
# Promotion sensitivity
# --------------------------------------------------------------------------------------


def _promo_tx():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "c", "c"],
            "amount": [60.0, 30.0, 10.0, 90.0, 10.0, 50.0, 50.0],
            "discount": [20.0, 10.0, 0.0, 0.0, 10.0, 0.0, 0.0],
            "promotion": ["618", "double11", "none", "none", "clearance", "none", "none"],
            "returned": [False, False, False, False, False, False, True],
        }
    )


def test_promotion_sensitivity_hand_computed():
    table = rel.promotion_sensitivity(_promo_tx())
    assert table.loc["a", "promo_amount_share"] == pytest.approx(0.9)
    assert table.loc["a", "promo_line_share"] == pytest.approx(2 / 3)
    assert table.loc["a", "discount_rate"] == pytest.approx(30 / 130)
    assert table.loc["b", "promo_amount_share"] == pytest.approx(0.1)
    assert table.loc["c", "lines"] == 1  # the returned line is excluded
    assert table["segment"].to_dict() == {
        "a": "promotion seeker",
        "b": "occasional",
        "c": "full-price",
    }
    assert table.loc["a", "segment_cn"] == "促销敏感型"


def test_promotion_sensitivity_basis_and_thresholds():
    by_lines = rel.promotion_sensitivity(_promo_tx(), basis="lines")
    assert by_lines.loc["b", "segment"] == "promotion seeker"  # 1 of 2 lines
    strict = rel.promotion_sensitivity(_promo_tx(), seeker_share=0.95, full_price_share=0.1)
    assert strict["segment"].tolist() == ["occasional", "full-price", "full-price"]


def test_promotion_sensitivity_bad_inputs():
    with pytest.raises(ValueError, match="basis"):
        rel.promotion_sensitivity(_promo_tx(), basis="orders")
    with pytest.raises(ValueError, match="full_price_share < seeker_share"):
        rel.promotion_sensitivity(_promo_tx(), seeker_share=0.1, full_price_share=0.5)
    with pytest.raises(ValueError, match=r"discount'\]: 1 value\(s\) below 0 at row 2"):
        rel.promotion_sensitivity(_promo_tx().assign(discount=[0, 0, -1, 0, 0, 0, 0]))
    with pytest.raises(ValueError, match="missing column 'promotion'"):
        rel.promotion_sensitivity(_promo_tx().drop(columns="promotion"))


# --------------------------------------------------------------------------------------
# Cross-selling
# --------------------------------------------------------------------------------------


def test_cross_sell_pairs_hand_computed():
    tx = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "2", "2", "3", "4", "5", "5"],
            "category": ["a", "b", "a", "b", "c", "a", "c", "b", "b"],
        }
    )
    pairs = rel.cross_sell_pairs(tx).set_index(["item_a", "item_b"])
    # 5 baskets: a in 3, b in 3, c in 2; ab in 2, ac in 1, bc in 1
    ab = pairs.loc[("a", "b")]
    assert ab["baskets_both"] == 2
    assert ab["support"] == pytest.approx(0.4)
    assert ab["confidence_a_to_b"] == pytest.approx(2 / 3)
    assert ab["lift"] == pytest.approx(0.4 / (0.6 * 0.6))
    assert pairs.loc[("a", "c"), "lift"] == pytest.approx(0.2 / (0.6 * 0.4))
    assert pairs.index.tolist()[0] == ("a", "b")  # highest lift first
    assert len(rel.cross_sell_pairs(tx, min_support=0.3)) == 1


def test_cross_sell_pairs_customer_baskets():
    tx = pd.DataFrame(
        {"order_id": ["1", "2", "3"], "customer_id": ["x", "x", "y"], "category": ["a", "b", "a"]}
    )
    assert rel.cross_sell_pairs(tx).empty  # never in the same order
    by_customer = rel.cross_sell_pairs(tx, basket="customer_id")
    assert by_customer["support"].tolist() == [0.5]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 8), st.sampled_from(["p", "q", "r", "s"])),
        min_size=2,
        max_size=40,
    )
)
def test_cross_sell_pairs_properties(rows):
    tx = pd.DataFrame(rows, columns=["order_id", "category"])
    pairs = rel.cross_sell_pairs(tx)
    if pairs.empty:
        return
    # lift is symmetric: the same whichever item is called A
    swapped = tx.assign(category=tx["category"].map({"p": "s", "q": "r", "r": "q", "s": "p"}))
    other = rel.cross_sell_pairs(swapped)
    mapping = {"p": "s", "q": "r", "r": "q", "s": "p"}
    lifts = {frozenset((a, b)): lift for a, b, lift in pairs[["item_a", "item_b", "lift"]].values}
    for a, b, lift in other[["item_a", "item_b", "lift"]].values:
        assert lifts[frozenset((mapping[a], mapping[b]))] == pytest.approx(lift)
    assert (pairs["support"] <= 1).all()
    assert (pairs["confidence_a_to_b"] >= pairs["support"] - 1e-12).all()
    assert (pairs["confidence_a_to_b"] <= 1 + 1e-12).all()
    # confidence a→b × P(a) = confidence b→a × P(b) = support, so lift agrees both ways
    n = tx["order_id"].nunique()
    share = tx.drop_duplicates().groupby("category")["order_id"].nunique() / n
    np.testing.assert_allclose(
        pairs["confidence_a_to_b"] / share[pairs["item_b"]].to_numpy(),
        pairs["confidence_b_to_a"] / share[pairs["item_a"]].to_numpy(),
    )


def test_cross_sell_pairs_bad_inputs():
    tx = pd.DataFrame({"order_id": ["1", "1"], "category": ["a", None]})
    with pytest.raises(ValueError, match="missing values"):
        rel.cross_sell_pairs(tx)
    with pytest.raises(ValueError, match="min_support"):
        rel.cross_sell_pairs(tx, min_support=2)
    with pytest.raises(ValueError, match="missing column 'sku'"):
        rel.cross_sell_pairs(tx, item="sku")


# --------------------------------------------------------------------------------------
# Coupon targeting
# --------------------------------------------------------------------------------------


def test_target_coupon_hand_computed():
    plan = rel.target_coupon(
        pd.Series([0.9, 0.2, 0.5], index=["x", "y", "z"]),
        uplift=[0.3, 0.0, 0.1],
        margin=100,
        coupon_cost=8,
        steps=3,
    )
    assert plan["customers_targeted"].tolist() == [1, 2, 3]
    assert plan["incremental_purchases"].tolist() == pytest.approx([0.3, 0.4, 0.4])
    assert plan["net_return"].tolist() == pytest.approx([22, 24, 16])
    assert plan["roi"].iloc[0] == pytest.approx(22 / 8)


def test_target_coupon_more_steps_than_customers_and_free_coupons():
    plan = rel.target_coupon([0.5, 0.2], margin=10, coupon_cost=1, steps=10)
    assert plan["customers_targeted"].tolist() == [1, 2]
    free = rel.target_coupon([0.5, 0.2], margin=10, coupon_cost=0, steps=2)
    assert free["net_return"].tolist() == pytest.approx([5.0, 7.0])
    assert free["roi"].isna().all()


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"score": [1.5]}, r"score \(used as uplift\): 1 value\(s\) above 1"),
        ({"score": [0.5], "uplift": [0.1, 0.2]}, "lengths differ"),
        ({"score": [0.5], "coupon_cost": -1}, "coupon_cost"),
        ({"score": [0.5], "steps": 0}, "steps"),
        ({"score": []}, "no customers"),
    ],
)
def test_target_coupon_bad_inputs(args, match):
    kwargs = {"margin": 10.0, "coupon_cost": 1.0} | args
    with pytest.raises(ValueError, match=match):
        rel.target_coupon(**kwargs)


# --------------------------------------------------------------------------------------
# Flags, defaults and by=
# --------------------------------------------------------------------------------------


def test_text_returned_flags_are_rejected():
    tx = _tx([("a", "2024-01-01", 1.0, "x"), ("a", "2024-01-05", 1.0, "x")])
    text = tx.assign(returned=["False", "True"])
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        rel.interpurchase_times(text)
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        rel.due_customers(text)
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        rel.promotion_sensitivity(_promo_tx().assign(returned="False"))
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        rel.cross_sell_pairs(text, exclude_returns=True)


def test_cross_sell_pairs_can_leave_out_returned_lines():
    tx = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "2"],
            "category": ["a", "b", "a", "b"],
            "returned": [False, False, False, True],
        }
    )
    assert rel.cross_sell_pairs(tx)["baskets_both"].tolist() == [2]  # returns count by default
    assert rel.cross_sell_pairs(tx, exclude_returns=True)["baskets_both"].tolist() == [1]


def test_due_customers_observation_end_defaults_to_the_last_day():
    weekly = _weekly("a", "2024-01-01", 3, 40)  # last 01-15, due 01-22
    tx = _tx([*weekly, ("b", "2024-01-20", 5.0, "food")])  # 01-20: the last day in the data
    assert rel.due_customers(tx).index.tolist() == ["a"]
    pd.testing.assert_frame_equal(rel.due_customers(tx), rel.due_customers(tx, "2024-01-20"))
    assert rel.due_customers(tx).loc["a", "days_since_last"] == 5


def test_interpurchase_times_by_another_column_and_missing_values():
    tx = _tx(
        [
            ("a", "2024-01-01", 1.0, "tops"),
            ("a", "2024-01-01", 2.0, "tops"),  # same day, same channel: one purchase
            ("a", "2024-01-11", 1.0, "tops"),
            ("a", "2024-01-04", 4.0, "shoes"),
        ]
    ).assign(sales_channel=["online", "online", "online", "store"])
    table = rel.interpurchase_times(tx, by="sales_channel")
    assert table.index.tolist() == [("a", "online"), ("a", "store")]
    assert table.loc[("a", "online"), "purchase_days"] == 2
    assert table.loc[("a", "online"), "spend"] == 4.0
    assert table.loc[("a", "online"), "median_gap_days"] == 10
    missing = tx.assign(sales_channel=["online", None, "online", "store"])
    with pytest.raises(
        ValueError, match=r"'sales_channel' \(by\) has 1 missing value\(s\) at row 1"
    ):
        rel.interpurchase_times(missing, by="sales_channel")


def test_a_returned_line_on_the_last_day_still_ends_the_data():
    weekly = _weekly("a", "2024-01-01", 3, 40)  # last 01-15, due 01-22
    tx = _tx([*weekly, ("b", "2024-01-20", 5.0, "food")])
    tx.loc[tx["customer_id"] == "b", "returned"] = True  # 01-20 is still the last day seen
    pd.testing.assert_frame_equal(rel.due_customers(tx), rel.due_customers(tx, "2024-01-20"))
    assert rel.due_customers(tx).loc["a", "days_since_last"] == 5
    pd.testing.assert_frame_equal(
        rel.interpurchase_times(tx), rel.interpurchase_times(tx, observation_end="2024-01-20")
    )
    with pytest.raises(ValueError, match="observation_end: 2023-01-01 is before the first day"):
        rel.interpurchase_times(tx, observation_end="2023-01-01")


def test_promotion_sensitivity_says_what_an_order_log_lacks():
    own = _promo_tx().drop(columns=["discount", "promotion"])
    with pytest.raises(
        ValueError, match=r"missing columns 'discount', 'promotion'.*promotion_sensitivity needs"
    ):
        rel.promotion_sensitivity(own)


def test_category_names_are_the_tables_chinese_names():
    """A category reads the same in every chapter: charts (CATEGORY_NAMES) and tables agree."""
    import csv
    from pathlib import Path

    path = Path(rel.__file__).parent / "plots" / "display_names.csv"
    with path.open(encoding="utf-8") as handle:
        shown = {row["name"]: row["zh"] for row in csv.DictReader(handle)}
    assert {k: shown.get(k) for k in rel.CATEGORY_NAMES} == rel.CATEGORY_NAMES
