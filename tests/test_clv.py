"""Tests of crmlab.clv: closed-form CLV against the published margin multiples and direct sums."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.clv import clv_simple, expected_lifetime, margin_multiple

# Gupta & Lehmann (2003), "Customers as assets": margin multiples r / (1 + i − r) for
# retention r in {0.6, 0.7, 0.8, 0.9} and discount rate i in {10, 12, 14, 16}%
PUBLISHED_MULTIPLES = {
    0.6: (1.20, 1.15, 1.11, 1.07),
    0.7: (1.75, 1.67, 1.59, 1.52),
    0.8: (2.67, 2.50, 2.35, 2.22),
    0.9: (4.50, 4.09, 3.75, 3.46),
}
RATES = (0.10, 0.12, 0.14, 0.16)


@pytest.mark.parametrize("retention", list(PUBLISHED_MULTIPLES))
@pytest.mark.parametrize("column", range(4))
def test_margin_multiples_match_published_table(retention: float, column: int) -> None:
    expected = PUBLISHED_MULTIPLES[retention][column]
    assert margin_multiple(retention, RATES[column]) == pytest.approx(expected, abs=0.015)


def test_margin_multiple_table_vectorised() -> None:
    r = np.array(list(PUBLISHED_MULTIPLES))[:, None]
    i = np.array(RATES)[None, :]
    table = margin_multiple(r, i)
    assert table.shape == (4, 4)
    np.testing.assert_allclose(table, np.array(list(PUBLISHED_MULTIPLES.values())), atol=0.015)


def _direct_sum(m: float, r: float, i: float, periods: range) -> float:
    return sum(m * r**t / (1 + i) ** t for t in periods)


def test_infinite_horizon_end_and_start() -> None:
    # hand: 100 * 0.8 / 0.3 = 266.67; start: 100 * 1.1 / 0.3 = 366.67
    assert clv_simple(100, 0.8, 0.10) == pytest.approx(800 / 3)
    assert clv_simple(100, 0.8, 0.10, timing="start") == pytest.approx(1100 / 3)
    assert clv_simple(100, 0.8, 0.10) == pytest.approx(_direct_sum(100, 0.8, 0.1, range(1, 2000)))


@pytest.mark.parametrize("horizon", [0, 1, 2, 5, 30])
def test_finite_horizon_equals_direct_sum(horizon: int) -> None:
    end = _direct_sum(250, 0.75, 0.12, range(1, horizon + 1))
    start = _direct_sum(250, 0.75, 0.12, range(horizon))
    assert clv_simple(250, 0.75, 0.12, horizon=horizon) == pytest.approx(end)
    assert clv_simple(250, 0.75, 0.12, horizon=horizon, timing="start") == pytest.approx(start)


def test_horizon_two_by_hand() -> None:
    # 100 * 0.8/1.1 + 100 * 0.64/1.21 = 72.727 + 52.893
    assert clv_simple(100, 0.8, 0.10, horizon=2) == pytest.approx(125.6198, abs=1e-4)


def test_no_discount_full_retention_finite_horizon() -> None:
    assert clv_simple(10, 1.0, 0.0, horizon=7) == pytest.approx(70.0)
    assert clv_simple(10, 1.0, 0.0, horizon=7, timing="start") == pytest.approx(70.0)


def test_acquisition_cost_and_vectorised_margins() -> None:
    values = clv_simple(np.array([100.0, 200.0]), np.array([0.6, 0.9]), 0.10, acquisition_cost=150)
    np.testing.assert_allclose(values, [100 * 0.6 / 0.5 - 150, 200 * 0.9 / 0.2 - 150])
    assert isinstance(clv_simple(1, 0.5, 0.1), float)


def test_expected_lifetime() -> None:
    assert expected_lifetime(0.8) == pytest.approx(5.0)
    assert expected_lifetime(0.0) == pytest.approx(1.0)
    np.testing.assert_allclose(expected_lifetime([0.5, 0.9]), [2.0, 10.0])


@settings(max_examples=50, deadline=None)
@given(
    r1=st.floats(0.0, 0.99),
    r2=st.floats(0.0, 0.99),
    i=st.floats(0.0, 0.5),
    m=st.floats(1.0, 1e4),
    horizon=st.one_of(st.none(), st.integers(1, 50)),
)
def test_clv_rises_with_retention(
    r1: float, r2: float, i: float, m: float, horizon: int | None
) -> None:
    low, high = sorted((r1, r2))
    assert clv_simple(m, low, i, horizon=horizon) <= clv_simple(m, high, i, horizon=horizon) + 1e-9


@settings(max_examples=50, deadline=None)
@given(r=st.floats(0.0, 0.95), i=st.floats(0.01, 0.5), n=st.integers(1, 40))
def test_finite_horizon_grows_towards_infinite(r: float, i: float, n: int) -> None:
    shorter = clv_simple(1.0, r, i, horizon=n)
    longer = clv_simple(1.0, r, i, horizon=n + 1)
    assert shorter <= longer + 1e-12 <= clv_simple(1.0, r, i) + 2e-12


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: margin_multiple(1.2, 0.1), "retention: must be a probability"),
        (lambda: margin_multiple(-0.1, 0.1), "retention: must be a probability"),
        (lambda: margin_multiple(0.8, -0.1), "discount"),
        (lambda: margin_multiple(1.0, 0.0), "infinite"),
        (lambda: clv_simple(100, 1.0, 0.0), "infinite"),
        (lambda: clv_simple(100, 0.8, 0.1, timing="middle"), "timing"),
        (lambda: clv_simple(100, 0.8, 0.1, horizon=2.5), "horizon"),
        (lambda: clv_simple(100, 0.8, 0.1, horizon=-1), "horizon"),
        (lambda: clv_simple(np.nan, 0.8, 0.1), "margin: missing"),
        (lambda: clv_simple("abc", 0.8, 0.1), "margin: expected numbers"),
        (lambda: expected_lifetime(1.0), "below 1"),
    ],
)
def test_bad_inputs_raise(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


# ----------------------------------------------------------------------------- new customer


def test_new_customer_value_is_the_first_margin_plus_the_remaining_value() -> None:
    from crmlab.clv import new_customer_value

    table = new_customer_value(180.0, 0.29, 0.10, acquisition_cost=245.0, lifecycle_profit=-13.0)
    amount = table["amount"]
    assert list(table.index) == [
        "first_year_margin",
        "remaining_value",
        "new_customer_clv",
        "acquisition_cost",
        "clv_minus_cac",
        "lifecycle_profit",
    ]
    # by hand: remaining = m r / (1 + i − r); new = m (1 + i) / (1 + i − r)
    assert amount["remaining_value"] == pytest.approx(180 * 0.29 / (1.10 - 0.29))
    assert amount["new_customer_clv"] == pytest.approx(180 * 1.10 / (1.10 - 0.29))
    assert amount["new_customer_clv"] == pytest.approx(180 + amount["remaining_value"])
    assert amount["new_customer_clv"] == pytest.approx(_direct_sum(180, 0.29, 0.1, range(500)))
    assert amount["clv_minus_cac"] == pytest.approx(amount["new_customer_clv"] - 245)
    assert amount["lifecycle_profit"] == -13.0
    assert table.loc["acquisition_cost", "item_cn"].startswith("获取成本")


def test_new_customer_value_finite_horizon_and_without_the_customers_table() -> None:
    from crmlab.clv import new_customer_value

    table = new_customer_value(100.0, 0.5, 0.10, horizon=3)
    assert list(table.index) == ["first_year_margin", "remaining_value", "new_customer_clv"]
    assert table.loc["remaining_value", "amount"] == pytest.approx(
        _direct_sum(100, 0.5, 0.1, range(1, 4))
    )
    assert table.loc["new_customer_clv", "amount"] == pytest.approx(
        _direct_sum(100, 0.5, 0.1, range(3))
    )
    assert "t=0..2" in table.loc["new_customer_clv", "formula"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"acquisition_cost": -5.0}, "acquisition_cost: must be 0 or more"),
        ({"acquisition_cost": np.nan}, "acquisition_cost: missing"),
        ({"lifecycle_profit": [1.0, 2.0]}, "lifecycle_profit: one number"),
    ],
)
def test_new_customer_value_rejects_bad_inputs(kwargs: dict, match: str) -> None:
    from crmlab.clv import new_customer_value

    with pytest.raises(ValueError, match=match):
        new_customer_value(100.0, 0.5, 0.1, **kwargs)
    with pytest.raises(ValueError, match="retention: must be a probability"):
        new_customer_value(100.0, 1.5, 0.1)
