"""Tests of crmlab.selection: shares by group, profit groups, lookalikes, capability, classes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import data, selection, value

# ----------------------------------------------------------------------------- group shares


def test_group_shares_by_hand():
    groups = pd.Series(["a", "b", "a", "c"], index=list("wxyz"))
    measures = pd.DataFrame({"profit": [30.0, -10.0, 60.0, 20.0]}, index=list("wxyz"))
    table = selection.group_shares(groups, measures)
    assert table.index.tolist() == ["a", "b", "c"]
    assert table["customers"].tolist() == [2, 1, 1]
    assert table["customer_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert table["profit_share"].tolist() == pytest.approx([0.9, -0.1, 0.2])


def test_group_shares_keeps_category_order_and_empty_groups():
    groups = pd.Series(pd.Categorical(["y", "y"], categories=["x", "y", "z"]), index=[1, 2])
    table = selection.group_shares(groups, pd.DataFrame({"m": [1.0, 3.0]}, index=[1, 2]))
    assert table.index.tolist() == ["x", "y", "z"]
    assert table["customers"].tolist() == [0, 2, 0]
    assert table["m_share"].tolist() == [0.0, 1.0, 0.0]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.floats(0.01, 1e4)), min_size=1, max_size=40))
def test_group_shares_add_up_to_one(rows):
    groups = pd.Series([g for g, _ in rows])
    measures = pd.DataFrame({"revenue": [v for _, v in rows]})
    table = selection.group_shares(groups, measures)
    assert table["customers"].sum() == len(rows)
    assert table["customer_share"].sum() == pytest.approx(1.0)
    assert table["revenue_share"].sum() == pytest.approx(1.0)


def test_group_shares_errors():
    groups = pd.Series(["a", "b"], index=["x", "y"])
    with pytest.raises(ValueError, match=r"measures: no row for 1 customer\(s\) of groups \(y\)"):
        selection.group_shares(groups, pd.DataFrame({"m": [1.0]}, index=["x"]))
    with pytest.raises(ValueError, match="1 customer\\(s\\) without a group"):
        selection.group_shares(
            pd.Series(["a", None], index=["x", "y"]), pd.DataFrame({"m": [1.0, 2.0]}, ["x", "y"])
        )
    with pytest.raises(TypeError, match="groups: expected a pandas Series"):
        selection.group_shares(["a"], pd.DataFrame({"m": [1.0]}))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- profit groups


def _profitability() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "orders": [10, 2, 3, 1, 4],
            "returned_lines": [0, 0, 4, 0, 1],
            "contacts": [2, 1, 3, 0, 1],
            "revenue": [1000.0, 200.0, 300.0, 100.0, 500.0],
            "gross_margin": [400.0, 70.0, 90.0, -20.0, 150.0],
            "cost_to_serve": [190.0, 50.0, 205.0, 15.0, 105.0],
            "bad_debt": [0.0, 0.0, 0.0, 0.0, 500.0],
            "profit": [210.0, 20.0, -115.0, -35.0, -455.0],
        },
        index=pd.Index(["a", "b", "c", "d", "e"], name="customer_id"),
    )


def test_profit_groups_top_loss_and_between():
    groups = selection.profit_groups(_profitability()["profit"], top=0.2)
    assert groups.tolist() == ["top", "in between", "loss-making", "loss-making", "loss-making"]
    assert list(groups.cat.categories) == list(selection.PROFIT_GROUPS)
    with pytest.raises(ValueError, match="top: a fraction of customers in \\(0, 1\\)"):
        selection.profit_groups(_profitability()["profit"], top=20)


def test_profit_profile_by_hand():
    profile = selection.profit_profile(_profitability(), top=0.2)
    loss = profile.loc["loss-making"]
    assert loss["customers"] == 3
    assert loss["orders_each"] == pytest.approx(8 / 3)
    assert loss["returns_per_order"] == pytest.approx(5 / 8)
    assert loss["gross_margin_pct"] == pytest.approx(220 / 900 * 100)
    assert loss["cost_to_serve_pct"] == pytest.approx(325 / 900 * 100)
    assert loss["bad_debt_pct"] == pytest.approx(500 / 900 * 100)
    # profit = gross margin − cost to serve − bad debt, also as shares of revenue
    for _, row in profile.iterrows():
        assert row["profit_pct"] == pytest.approx(
            row["gross_margin_pct"] - row["cost_to_serve_pct"] - row["bad_debt_pct"]
        )
    assert profile.loc["top", "profit_each"] == pytest.approx(210.0)
    with pytest.raises(ValueError, match="missing column 'bad_debt'"):
        selection.profit_profile(_profitability().drop(columns="bad_debt"))


def test_main_loss_cause_names_the_largest_deduction():
    causes = selection.main_loss_cause(_profitability())
    assert causes.to_dict() == {"c": "cost_to_serve", "d": "below_cost", "e": "bad_debt"}
    profitable = _profitability().loc[["a", "b"]]
    assert selection.main_loss_cause(profitable).empty


# ----------------------------------------------------------------------------- lookalikes


def test_lookalike_index_by_hand_and_its_weighted_mean_is_100():
    channel = pd.Series(["fair", "fair", "ads", "ads", "ads", "ads", None])
    top = pd.Series([True, False, True, False, False, False, True])
    table = selection.lookalike_index(channel, top)
    assert table.index.tolist() == ["fair", "ads"]
    assert table["lookalike_index"].tolist() == pytest.approx([150.0, 75.0])
    assert (table["share_all"] * table["lookalike_index"]).sum() == pytest.approx(100.0)
    with pytest.raises(ValueError, match="index it like groups"):
        selection.lookalike_index(channel, top.iloc[:3])
    with pytest.raises(ValueError, match="no selected customer"):
        selection.lookalike_index(channel, top & False)


# ----------------------------------------------------------------------------- capability


def _world() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "c", "d", "e"],
            "order_id": ["O1", "O2", "O3", "O3", "O4", "O5"],
            "order_date": pd.to_datetime(["2025-01-02"] * 5 + ["2025-03-01"]),
            "sales_channel": ["store", "online", "store", "online", "corporate", "store"],
            "category": ["dresses", "shoes", "dresses", "shoes", "dresses", "shoes"],
            "amount": [100.0] * 6,
            "cost": [50.0, 80.0, 50.0, 80.0, 50.0, 80.0],
            "returned": [False] * 6,
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e"],
            "region": ["X", "Y", "X", "Y", "X"],
            "competition": ["low", "high", "low", "high", "low"],
            "customer_type": ["consumer", "consumer", "consumer", "enterprise", "consumer"],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "d"],
            "contact_date": pd.to_datetime(["2025-01-05"] * 4),
            "resolved": [True, False, True, False],
        }
    )
    return tx, customers, contacts


def test_capability_signals_by_hand():
    tx, customers, contacts = _world()
    signals = selection.capability_signals(tx, customers, contacts, observation_end="2025-02-01")
    assert list(signals.columns) == [*selection.CAPABILITY_SIGNALS, "capability"]
    assert signals.index.tolist() == ["a", "b", "c", "d", "e"]
    assert signals["low_competition"].tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]
    # up to 1 Feb: city X sells 2 of 3 lines in store, city Y none of 2
    assert signals["store_reach"].tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]
    # dresses (margin 50 %) are strong, shoes (20 %) are not; the firm's rate is 38 %
    assert signals["category_fit"].tolist()[:4] == [1.0, 0.0, 0.5, 1.0]
    assert np.isnan(signals.loc["e", "category_fit"])  # bought nothing by then
    # city X's consumer team resolved 1 of 2, city Y's 1 of 1, the corporate line 0 of 1
    assert signals["service_capacity"].tolist() == [0.5, 1.0, 0.5, 0.0, 0.5]
    assert signals.loc["e", "capability"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert signals.loc["c", "capability"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert signals.attrs["skipped"] == {}


def test_capability_ignores_the_customers_own_returns_and_contacts():
    """The capability axis is firm-side: her returns and service contacts do not move it."""
    tx, customers, contacts = _world()
    before = selection.capability_signals(tx, customers, contacts)
    returned = tx.assign(returned=[False, False, True, True, False, False])  # c returns all
    more_contacts = pd.concat([contacts, contacts.loc[contacts["customer_id"] == "b"]] * 3)
    after = selection.capability_signals(returned, customers, more_contacts)
    pd.testing.assert_series_equal(before["capability"], after["capability"])


def test_capability_signals_skip_what_the_data_lack():
    tx, customers, _ = _world()
    signals = selection.capability_signals(
        tx.drop(columns="cost"), customers[["customer_id", "competition"]]
    )
    assert list(signals.columns) == ["low_competition", "capability"]
    assert set(signals.attrs["skipped"]) == {"store_reach", "category_fit", "service_capacity"}
    with pytest.raises(ValueError, match="no firm-side signal can be computed"):
        selection.capability_signals(
            tx[["customer_id", "order_date", "amount"]], customers[["customer_id"]]
        )
    with pytest.raises(ValueError, match="missing column 'customer_id'"):
        selection.capability_signals(tx, customers.drop(columns="customer_id"))


def test_capability_on_the_company_data_predicts_who_stays():
    """The non-circular check of chapter 03: among valuable customers, zone A stays longer."""
    tables = data.load_tables()
    profit = value.customer_profitability(
        tables.transactions, tables.customers, tables.service_contacts
    )["profit"]
    capability = selection.capability_signals(
        tables.transactions, tables.customers, tables.service_contacts
    )["capability"].reindex(profit.index)
    matrix = value.value_capability_matrix(
        profit, capability, profit.quantile(0.8), capability.quantile(0.5)
    )
    valuable = matrix.index[matrix["high_value"]]
    dropout = tables.truth.customers.loc[valuable, "dropout_probability"]
    by_zone = dropout.groupby(matrix.loc[valuable, "zone"]).mean()
    assert by_zone["A"] < by_zone["B"]


# ----------------------------------------------------------------------------- classes


def test_revenue_growth_two_years_and_short_data():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b"],
            "order_date": pd.to_datetime(
                ["2022-12-01", "2023-03-01", "2024-06-01", "2023-05-01", "2024-07-01"]
            ),
            "amount": [20.0, 50.0, 80.0, 40.0, 10.0],
            "returned": [False, False, False, False, True],
        }
    )
    growth = selection.revenue_growth(tx, "2024-12-31")
    assert growth.to_dict("index") == {
        "a": {"earlier": 50.0, "recent": 80.0, "growth": 30.0},
        "b": {"earlier": 40.0, "recent": 0.0, "growth": -40.0},
    }
    recent = growth.attrs["periods"]["recent"]
    assert [str(d.date()) for d in recent] == ["2024-01-01", "2024-12-31"]
    short = selection.revenue_growth(tx.iloc[1:], "2024-07-01")  # 16 months: two halves
    first, last = short.attrs["periods"]["earlier"]
    assert str(first.date()) == "2023-03-01" and last < pd.Timestamp("2024-01-01")
    assert short["earlier"].sum() + short["recent"].sum() == pytest.approx(170.0)


def test_value_classes_by_hand_and_bad_credit_is_never_core():
    idx = list("abcde")
    classes = selection.value_classes(
        pd.Series([90.0, 5, 8, 60, 1], index=idx),
        pd.Series([10.0, 80, 5, 5, 1], index=idx),
        pd.Series([True, True, True, False, True], index=idx),
        top=0.4,
    )
    assert classes.tolist() == ["core", "potential", "general", "general", "general"]
    assert list(classes.cat.categories) == ["core", "potential", "general"]
    with pytest.raises(ValueError, match="future_value: a Series indexed like profit"):
        selection.value_classes(
            pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]), pd.Series([True])
        )


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(0, 1e3), st.booleans()), min_size=2))
def test_value_classes_properties(rows):
    index = [f"C{i}" for i in range(len(rows))]
    profit = pd.Series([r[0] for r in rows], index=index)
    future = pd.Series([r[1] for r in rows], index=index)
    credit = pd.Series([r[2] for r in rows], index=index)
    classes = selection.value_classes(profit, future, credit, top=0.2)
    assert (classes[~credit] == "general").all(), "bad debt on record: general"
    core = classes == "core"
    assert (profit[core] >= profit.quantile(0.8)).all()
    assert not (core & (classes == "potential")).any()


def test_class_names():
    names = selection.class_names(selection.VALUE_CLASSES, chinese=False)
    assert names["potential"] == "high-potential customers", "not 潜在客户, the prospects"
