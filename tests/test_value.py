"""Tests of crmlab.value (chapter 03: profitability, concentration, pyramid, value matrix)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.value import (
    PYRAMID_LABELS,
    customer_profitability,
    customer_pyramid,
    gini,
    lorenz_curve,
    pareto_share,
    tier_labels_cn,
    value_capability_matrix,
    whale_curve,
)

SETTINGS = settings(max_examples=50, deadline=None)
positive_lists = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=60
).filter(lambda xs: sum(xs) > 0)


def _transactions() -> pd.DataFrame:
    # C1: order O1 (2 lines, one returned), order O2 (written off)
    # C2: order O3 (1 line)
    return pd.DataFrame(
        {
            "order_id": ["O1", "O1", "O2", "O3"],
            "line_no": [1, 2, 1, 1],
            "customer_id": ["C1", "C1", "C1", "C2"],
            "amount": [200.0, 100.0, 50.0, 400.0],
            "cost": [80.0, 40.0, 20.0, 150.0],
            "returned": [False, True, False, False],
            "written_off": [False, False, True, False],
        }
    )


def _contacts() -> pd.DataFrame:
    return pd.DataFrame({"contact_id": ["K1", "K2", "K3"], "customer_id": ["C1", "C1", "C3"]})


# ----------------------------------------------------------------------------- profitability
def test_customer_profitability_hand_computed():
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"]})
    table = customer_profitability(_transactions(), customers, _contacts())
    assert list(table.index) == ["C1", "C2", "C3", "C4"]
    assert table.index.name == "customer_id"
    c1 = table.loc["C1"]
    # revenue 200 + 50 (returned 100 excluded); COGS 80 + 20
    assert c1["revenue"] == 250.0
    assert c1["cost_of_goods"] == 100.0
    assert c1["gross_margin"] == 150.0
    # 2 orders × 15 + 1 returned line × 25 + 2 contacts × 20
    assert c1["orders"] == 2 and c1["returned_lines"] == 1 and c1["contacts"] == 2
    assert c1["cost_to_serve"] == 95.0
    assert c1["bad_debt"] == 50.0
    assert c1["profit"] == 150.0 - 95.0 - 50.0
    c2 = table.loc["C2"]
    assert (c2["revenue"], c2["cost_to_serve"], c2["profit"]) == (400.0, 15.0, 235.0)
    c3 = table.loc["C3"]  # only a contact: costs 20
    assert (c3["revenue"], c3["contacts"], c3["profit"]) == (0.0, 1, -20.0)
    assert table.loc["C4"].eq(0).all()  # never bought: all zeros


def test_customer_profitability_rates_and_no_customers_table():
    table = customer_profitability(
        _transactions(), cost_per_order=0.0, cost_per_return=0.0, cost_per_contact=0.0
    )
    assert list(table.index) == ["C1", "C2"]
    assert table["cost_to_serve"].eq(0).all()
    assert list(table.columns) == [
        "orders",
        "returned_lines",
        "contacts",
        "revenue",
        "cost_of_goods",
        "gross_margin",
        "cost_to_serve",
        "bad_debt",
        "profit",
    ]


def test_customer_profitability_written_off_and_returned_is_not_bad_debt():
    tx = _transactions()
    tx.loc[1, "written_off"] = True  # returned and written off: no revenue, no bad debt
    assert customer_profitability(tx).loc["C1", "bad_debt"] == 50.0


def test_customer_profitability_errors():
    with pytest.raises(ValueError, match="missing column 'order_id'"):
        customer_profitability(_transactions().drop(columns="order_id"))
    with pytest.raises(ValueError, match="cost_per_order: must be a non-negative"):
        customer_profitability(_transactions(), cost_per_order=-1.0)
    with pytest.raises(
        ValueError, match=r"transactions: 1 customer id\(s\) not in customers \(C2\)"
    ):
        customer_profitability(_transactions(), pd.DataFrame({"customer_id": ["C1"]}))
    with pytest.raises(
        ValueError, match=r"customers: 1 duplicate customer id\(s\) in 'customer_id' \(C1\)"
    ):
        customer_profitability(_transactions(), pd.DataFrame({"customer_id": ["C1", "C2", "C1"]}))
    bad = _transactions().astype({"returned": object})
    bad.loc[2, "returned"] = None
    with pytest.raises(ValueError, match=r"column 'returned' must hold True/False.*row 2"):
        customer_profitability(bad)


def test_customer_profitability_without_returned_column_has_no_returns():
    table = customer_profitability(_transactions().drop(columns="returned"))
    c1 = table.loc["C1"]
    # every line is kept: revenue 200 + 100 + 50, no returned line to pay for
    assert c1["revenue"] == 350.0 and c1["cost_of_goods"] == 140.0
    assert c1["returned_lines"] == 0 and c1["cost_to_serve"] == 30.0
    assert table["returned_lines"].sum() == 0


@pytest.mark.parametrize("flag", ["returned", "written_off"])
def test_customer_profitability_rejects_text_flags(flag):
    # the text "False" is truthy: it must be rejected, not read as True
    text = _transactions().astype({flag: str})
    assert text.loc[0, flag] == "False"
    with pytest.raises(ValueError, match=rf"column '{flag}' must hold True/False, found \['False'"):
        customer_profitability(text)


def _analysts_lines() -> pd.DataFrame:
    """An analyst's order log as the data boundary hands it over: no cost column.

    ``order_id`` is one order per customer-day, ``returned`` and ``written_off`` are False.
    """
    return pd.DataFrame(
        {
            "customer_id": ["u1", "u1", "u1", "u2", "u3"],
            "order_date": pd.to_datetime(
                ["2010-12-01", "2010-12-01", "2011-03-05", "2011-01-10", "2011-12-09"]
            ),
            "amount": [20.0, 30.0, 100.0, 40.0, 10.0],
            "order_id": ["u1-1", "u1-1", "u1-2", "u2-1", "u3-1"],
            "line_no": [1, 2, 1, 1, 1],
            "returned": False,
            "written_off": False,
        }
    )


def test_customer_profitability_without_cost_asks_for_a_margin():
    with pytest.raises(ValueError, match=r"transactions: no 'cost' column.*pass margin=0\.35"):
        customer_profitability(_analysts_lines())


def test_customer_profitability_with_a_margin_rate_says_so():
    table = customer_profitability(_analysts_lines(), margin=0.35, cost_per_order=1.0)
    u1 = table.loc["u1"]
    assert u1["revenue"] == 150.0 and u1["orders"] == 2
    assert u1["gross_margin"] == pytest.approx(52.5)  # 35 % of 150
    assert u1["cost_of_goods"] == pytest.approx(97.5)
    assert u1["profit"] == pytest.approx(52.5 - 2.0)
    assert (table["gross_margin"] <= table["revenue"]).all()  # never a 100 % margin
    assert table.attrs["margin_note"] == (
        "gross margin assumed at 35% of revenue: the data have no cost column"
    )
    half = customer_profitability(_analysts_lines(), margin=0.5)
    assert half.loc["u2", "gross_margin"] == 20.0


def test_customer_profitability_cost_column_wins_over_margin():
    plain = customer_profitability(_transactions())
    given = customer_profitability(_transactions(), margin=0.9)
    pd.testing.assert_frame_equal(plain, given)
    assert (
        plain.attrs["margin_note"] == "gross margin = amount − cost (the cost column of the data)"
    )
    assert given.attrs["margin_note"].endswith("margin=0.9 was not used")


@pytest.mark.parametrize("margin", [35, -0.1, float("nan"), "35%", True])
def test_customer_profitability_margin_must_be_a_rate(margin):
    with pytest.raises(ValueError, match="margin: expected a gross-margin rate between 0 and 1"):
        customer_profitability(_analysts_lines(), margin=margin)


def test_customer_profitability_without_written_off_column_has_no_bad_debt():
    table = customer_profitability(_transactions().drop(columns="written_off"))
    assert table["bad_debt"].eq(0).all()
    with_flag = customer_profitability(_transactions())
    # without the write-off, C1 keeps the 50 of bad debt as profit
    assert table.loc["C1", "profit"] == with_flag.loc["C1", "profit"] + 50.0
    bare = _analysts_lines().drop(columns=["returned", "written_off", "line_no"])
    pd.testing.assert_frame_equal(
        customer_profitability(bare, margin=0.35),
        customer_profitability(_analysts_lines(), margin=0.35),
    )


def test_customer_profitability_rejects_yes_no_written_off():
    text = _transactions().assign(written_off=["No", "No", "Yes", "No"])
    with pytest.raises(ValueError, match=r"column 'written_off' must hold True/False"):
        customer_profitability(text)


def test_customer_profitability_observation_end_cuts_every_table():
    tx = _analysts_lines()
    customers = pd.DataFrame(
        {
            "customer_id": ["u1", "u2", "u3", "u4"],
            "signup_date": pd.to_datetime(["2010-11-01", "2011-01-01", "2011-12-01", "2011-06-01"]),
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["u1", "u2", "u2"],
            "contact_date": pd.to_datetime(["2011-02-01", "2010-12-20", "2011-08-01"]),
        }
    )
    end = "2011-04-30"
    table = customer_profitability(tx, customers, contacts, observation_end=end, margin=0.35)
    # u3 (first line and sign-up in December) and u4 (signed up in June) are not seen yet
    assert list(table.index) == ["u1", "u2"]
    assert table.loc["u1", "revenue"] == 150.0 and table.loc["u2", "contacts"] == 1
    day = pd.Timestamp(end)
    by_hand = customer_profitability(
        tx.loc[tx["order_date"] <= day],
        customers.loc[customers["signup_date"] <= day],
        contacts.loc[contacts["contact_date"] <= day],
        margin=0.35,
    )
    pd.testing.assert_frame_equal(table, by_hand)
    # None is the last day in the transactions: the December line is seen
    assert customer_profitability(tx, margin=0.35).loc["u3", "revenue"] == 10.0


def test_customer_profitability_observation_end_errors():
    tx = _analysts_lines()
    with pytest.raises(ValueError, match="observation_end: 2009-01-01 is before the first day"):
        customer_profitability(tx, margin=0.35, observation_end="2009-01-01")
    with pytest.raises(ValueError, match="service_contacts: missing column 'contact_date'"):
        customer_profitability(
            tx,
            None,
            pd.DataFrame({"customer_id": ["u1"]}),
            observation_end="2011-06-30",
            margin=0.35,
        )
    # without an explicit day, contacts without dates are all counted
    counted = customer_profitability(tx, None, pd.DataFrame({"customer_id": ["u1"]}), margin=0.35)
    assert counted.loc["u1", "contacts"] == 1
    with pytest.raises(ValueError, match="transactions: missing column 'order_date'"):
        customer_profitability(_transactions(), observation_end="2025-01-01")


# ------------------------------------------------------------------------ pareto / lorenz / gini
def test_pareto_share_hand_computed():
    assert pareto_share([1, 1, 1, 1, 16]) == pytest.approx(0.8)
    # three customers, top 20 % = 0.6 of the largest: 0.6 × 6 / 10
    assert pareto_share([1, 3, 6]) == pytest.approx(0.36)
    assert pareto_share([10, 0, 0, 0], top=0.5) == pytest.approx(1.0)
    assert pareto_share([1, 2, 3, 4], top=1.0) == pytest.approx(1.0)
    # loss-making customers: the top half earns more than the total
    assert pareto_share([100, 50, -30, -20], top=0.5) == pytest.approx(1.5)


@SETTINGS
@given(st.floats(min_value=0.01, max_value=1e6), st.integers(1, 200), st.floats(0.01, 1.0))
def test_pareto_share_of_equal_values_is_top(value, n, top):
    assert pareto_share([value] * n, top=top) == pytest.approx(top)


@SETTINGS
@given(positive_lists, st.floats(0.01, 1.0))
def test_pareto_share_at_least_top(values, top):
    assert top - 1e-9 <= pareto_share(values, top=top) <= 1 + 1e-9


def test_pareto_share_errors():
    with pytest.raises(ValueError, match=r"top: must be a fraction in \(0, 1\]"):
        pareto_share([1, 2], top=0)
    with pytest.raises(ValueError, match="the total is -1; a share of the total needs a positive"):
        pareto_share([1, -2])
    with pytest.raises(ValueError, match="values: no rows"):
        pareto_share([])
    with pytest.raises(ValueError, match="missing or infinite"):
        pareto_share([1, np.nan])


def test_lorenz_curve_hand_computed():
    curve = lorenz_curve(pd.Series([6.0, 0.0, 2.0, 2.0]))
    assert list(curve.columns) == ["population_share", "value_share"]
    assert curve["population_share"].tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    assert curve["value_share"].tolist() == pytest.approx([0, 0, 0.2, 0.4, 1.0])


@SETTINGS
@given(positive_lists)
def test_lorenz_curve_monotone_convex_and_below_diagonal(values):
    curve = lorenz_curve(values)
    x, y = curve["population_share"].to_numpy(), curve["value_share"].to_numpy()
    assert (x[0], y[0]) == (0.0, 0.0)
    assert y[-1] == pytest.approx(1.0)
    assert np.all(np.diff(y) >= -1e-12)
    slopes = np.diff(y) / np.diff(x)
    assert np.all(np.diff(slopes) >= -1e-9)
    assert np.all(y <= x + 1e-9)


def test_gini_hand_computed():
    assert gini([5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n − 1)/n
    # sorted 1,2,3: (−2·1 + 0·2 + 2·3)/(3·6) = 4/18
    assert gini([3, 1, 2]) == pytest.approx(4 / 18)
    assert gini([7]) == 0.0


@SETTINGS
@given(positive_lists)
def test_gini_in_unit_interval_and_matches_lorenz_area(values):
    g = gini(values)
    assert -1e-12 <= g < 1
    curve = lorenz_curve(values)
    x, y = curve["population_share"].to_numpy(), curve["value_share"].to_numpy()
    area = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
    assert g == pytest.approx(1 - 2 * area, abs=1e-9)


@SETTINGS
@given(st.floats(min_value=0.01, max_value=1e6), st.integers(1, 100))
def test_gini_zero_for_equal_values(value, n):
    assert gini([value] * n) == pytest.approx(0.0, abs=1e-12)


def test_gini_and_lorenz_errors():
    with pytest.raises(ValueError, match=r"values: 1 negative value\(s\) at row 1; .*whale_curve"):
        gini([3.0, -1.0])
    with pytest.raises(ValueError, match="values: all values are zero"):
        lorenz_curve([0, 0])
    with pytest.raises(ValueError, match="negative value"):
        lorenz_curve(pd.Series([1.0, -2.0], index=["a", "b"]))


# ----------------------------------------------------------------------------- whale curve
def test_whale_curve_hand_computed():
    profit = pd.Series([60.0, -20.0, 40.0, 20.0, -50.0, 50.0], index=list("abcdef"))
    result = whale_curve(profit)
    assert result.total_profit == 100.0
    assert result.curve["customer"].tolist() == ["a", "f", "c", "d", "b", "e"]
    assert result.curve["cumulative_profit"].tolist() == [60, 110, 150, 170, 150, 100]
    assert result.peak_percent == pytest.approx(170.0)
    assert result.peak_customer_share == pytest.approx(4 / 6)
    assert result.unprofitable_customers == 2
    assert result.unprofitable_share == pytest.approx(2 / 6)
    assert result.curve["cumulative_profit_pct"].iloc[-1] == pytest.approx(100.0)


def test_whale_curve_all_profitable_peaks_at_the_end():
    result = whale_curve([1.0, 2.0, 3.0])
    assert result.peak_percent == pytest.approx(100.0)
    assert result.peak_customer_share == 1.0
    assert result.unprofitable_customers == 0


def test_whale_curve_errors():
    with pytest.raises(ValueError, match="profit: the total profit is -5"):
        whale_curve([5.0, -10.0])


# ----------------------------------------------------------------------------- pyramid
def test_customer_pyramid_default_shares_on_100_customers():
    values = pd.Series(np.arange(100, 0, -1, dtype=float), index=[f"C{i}" for i in range(100)])
    measures = pd.DataFrame({"revenue": values * 2, "profit": values}, index=values.index)
    pyramid = customer_pyramid(values, measures=measures)
    assert pyramid.summary["customers"].tolist() == [1, 4, 15, 80]
    assert pyramid.tiers["C0"] == "VIP"
    assert pyramid.tiers.iloc[1:5].eq("major").all()
    assert pyramid.tiers.iloc[-1] == "small"
    total = values.sum()
    assert pyramid.summary.loc["VIP", "value_share"] == pytest.approx(100 / total)
    assert pyramid.summary.loc["major", "profit_share"] == pytest.approx(
        (99 + 98 + 97 + 96) / total
    )
    assert pyramid.summary["revenue_share"].sum() == pytest.approx(1.0)
    assert list(pyramid.summary.index) == list(PYRAMID_LABELS)


def test_customer_pyramid_small_group_rounding_and_ties():
    pyramid = customer_pyramid([5, 5, 5, 5], shares=(0.25, 0.75), labels=("top", "rest"))
    # ties keep input order: the first 5 is the top customer
    assert pyramid.tiers.tolist() == ["top", "rest", "rest", "rest"]
    small = customer_pyramid(list(range(10)))
    assert small.summary["customers"].tolist() == [0, 1, 1, 8]  # 0.1, 0.5, 2.0 round half up


@SETTINGS
@given(
    st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=1, max_size=80),
    st.lists(st.floats(0.05, 1.0), min_size=1, max_size=5),
)
def test_customer_pyramid_tiers_partition_customers(values, raw_shares):
    shares = np.array(raw_shares) / np.sum(raw_shares)
    shares[-1] = 1.0 - shares[:-1].sum()
    labels = [f"t{i}" for i in range(len(shares))]
    pyramid = customer_pyramid(values, shares=tuple(shares), labels=labels)
    assert pyramid.tiers.notna().all()
    assert pyramid.summary["customers"].sum() == len(values)
    codes = pyramid.tiers.cat.codes.to_numpy()
    arr = np.asarray(values)
    # a higher tier never holds a smaller value than a lower tier
    for upper in range(len(shares)):
        for lower in range(upper + 1, len(shares)):
            if (codes == upper).any() and (codes == lower).any():
                assert arr[codes == upper].min() >= arr[codes == lower].max()


def test_customer_pyramid_errors():
    with pytest.raises(
        ValueError, match=r"shares: the tier shares must sum to 1, got \(0.5, 0.4\)"
    ):
        customer_pyramid([1, 2], shares=(0.5, 0.4), labels=("a", "b"))
    with pytest.raises(ValueError, match=r"labels: 1 label\(s\) for 2 share\(s\)"):
        customer_pyramid([1, 2], shares=(0.5, 0.5), labels=("a",))
    with pytest.raises(ValueError, match="shares: every share must be a positive fraction"):
        customer_pyramid([1, 2], shares=(1.5, -0.5), labels=("a", "b"))
    with pytest.raises(ValueError, match="labels: tier labels must be distinct"):
        customer_pyramid([1, 2], shares=(0.5, 0.5), labels=("a", "a"))
    with pytest.raises(ValueError, match=r"measures: no row for 1 customer\(s\) of values \(y\)"):
        customer_pyramid(
            pd.Series([1.0, 2.0], index=["x", "y"]),
            measures=pd.DataFrame({"profit": [1.0]}, index=["x"]),
        )


def test_tier_labels_cn():
    tiers = customer_pyramid(list(range(100))).tiers
    cn = tier_labels_cn(tiers)
    assert set(cn) == {"VIP客户", "主要客户", "普通客户", "小客户"}
    assert tier_labels_cn(["VIP", "other"]) == ["VIP客户", "other"]


# ----------------------------------------------------------------------------- value matrix
def test_value_capability_matrix_default_median_cuts():
    value = pd.Series([10.0, 8.0, 2.0, 1.0], index=["a", "b", "c", "d"])
    capability = pd.Series([1.0, 5.0, 1.0, 5.0], index=["b", "a", "d", "c"])  # other order
    matrix = value_capability_matrix(value, capability)
    # medians: value 5, capability 3
    assert matrix["zone"].tolist() == ["A", "B", "C", "C"]
    assert matrix.loc["a", "zone_cn"] == "重点选择"
    assert matrix.loc["b", "zone_cn"] == "择机选择"
    assert matrix.loc["c", "zone_en"] == "select passively"
    assert matrix["capability"].tolist() == [5.0, 1.0, 5.0, 1.0]


def test_value_capability_matrix_explicit_cuts_are_inclusive():
    matrix = value_capability_matrix([5, 5, 4], [3, 2, 9], value_cut=5, capability_cut=3)
    assert matrix["zone"].tolist() == ["A", "B", "C"]


def test_value_capability_matrix_errors():
    with pytest.raises(ValueError, match=r"capability: 2 value\(s\) for 3 customer\(s\)"):
        value_capability_matrix([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="capability: its index does not match value's"):
        value_capability_matrix(
            pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([1.0, 2.0], index=["a", "z"])
        )
    with pytest.raises(ValueError, match="value_cut: must be a finite number"):
        value_capability_matrix([1, 2], [1, 2], value_cut=float("nan"))
