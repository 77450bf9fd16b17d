"""One customer through every chapter's lens (crmlab.customer_journey, chapter 09)."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab import data
from crmlab.customer_journey import JOURNEY_LENSES, customer_journey


def _tx() -> pd.DataFrame:
    z_days = ["2024-01-05", "2024-02-04", "2024-03-05", "2024-04-04", "2024-05-04"]  # every 30
    frame = pd.DataFrame(
        {
            "customer_id": ["z"] * 5 + ["y"] * 3,
            # y's first order holds kids and tops together: the pair z has not tried
            "order_id": ["o0", "o1", "o2", "o3", "o4", "o5", "o5", "o7"],
            "order_date": pd.to_datetime([*z_days, "2024-01-10", "2024-01-10", "2024-12-27"]),
            "category": ["kids", "kids", "kids", "shoes", "kids", "kids", "tops", "kids"],
            "amount": [100.0, 100.0, 100.0, 50.0, 100.0, 40.0, 40.0, 40.0],
        }
    )
    return frame


def test_every_lens_has_a_sentence_built_from_the_numbers():
    journey = customer_journey("z", _tx(), observation_end="2024-12-31", margin=0.4)
    assert list(journey.table.index) == list(JOURNEY_LENSES)
    assert journey.table["finding_cn"].str.len().gt(5).all()
    facts = journey.facts
    assert facts["purchases"] == 5
    assert facts["typical_gap"] == pytest.approx(30.0)
    assert (
        facts["days_since_last"] == (pd.Timestamp("2024-12-31") - pd.Timestamp("2024-05-04")).days
    )
    assert facts["risk"] == "high"  # 241 days silent, 8 times her rhythm
    assert facts["days_until_due"] < 0
    assert "逾期" in journey.table.loc["marketing", "finding_cn"]
    assert facts["cross_sell"] == "tops"  # the kids orders also hold tops; she never bought them
    assert facts["tiers"][-1] == "inactive"
    assert "没有客户表" in journey.table.loc["source", "finding_cn"]
    assert "没有调查数据" in journey.table.loc["satisfaction", "finding_cn"]


def test_the_money_and_name_formatters_are_used():
    journey = customer_journey(
        "z",
        _tx(),
        observation_end="2024-12-31",
        margin=0.4,
        money=lambda v: f"£{v:,.0f}",
        names={"kids": "童装", "tops": "上衣"}.get,
    )
    assert "£" in journey.table.loc["value", "finding_cn"]
    assert "童装" in journey.table.loc["marketing", "finding_cn"]


def test_a_customer_who_never_bought_is_an_error():
    with pytest.raises(ValueError, match="nobody"):
        customer_journey("nobody", _tx(), margin=0.4)


def test_on_the_company_data_with_every_table():
    tables = data.load_tables()
    case = tables.truth.cases["ms_zhang"]["customer_id"]
    journey = customer_journey(
        case,
        tables.transactions,
        customers=tables.customers,
        survey=tables.survey,
        service_contacts=tables.service_contacts,
        memberships=tables.memberships,
    )
    assert journey.customer_id == case
    assert "获客渠道" in journey.table.loc["source", "finding_cn"]
    assert journey.facts["purchases"] >= 3


@pytest.mark.parametrize("company", [False, True])
def test_the_offer_is_recommended_only_when_its_lift_is_above_one(company):
    if company:
        tables = data.load_tables()
        case, tx = tables.truth.cases["ms_zhang"]["customer_id"], tables.transactions
    else:
        case, tx = "z", _tx()
    journey = customer_journey(case, tx, observation_end="2024-12-31", margin=0.4)
    text, lift = journey.table.loc["marketing", "finding_cn"], journey.facts["cross_sell_lift"]
    assert ("可交叉推荐" in text) == (lift > 1)
    assert ("推荐要谨慎" in text) == (lift <= 1)
