"""Helpers shared by the chapters' question modules (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def clv_module():
    from crmlab import clv

    return clv


def value_module():
    from crmlab import value

    return value


def data_years() -> int:
    from crmlab.data import DATA_END, DATA_START

    return int(DATA_END[:4]) - int(DATA_START[:4]) + 1


def acquisition_module():
    from crmlab import acquisition

    return acquisition


def funnel_wins(n_leads: int, rates: tuple[float, ...]) -> float:
    from crmlab import acquisition

    return float(acquisition.funnel_from_rates(n_leads, rates)["reached"].iloc[-1])


def win_rate(leads: pd.DataFrame) -> float:
    from crmlab import acquisition

    return float(acquisition.funnel(leads)["cumulative_conversion"].iloc[-1])


FUNNEL_RATES = (0.6, 0.5, 0.4, 0.5)

CUSTOMER_KINDS = {
    "a": "enterprise (企业)",
    "b": "channel: distributor, agent, franchisee (渠道)",
    "c": "consumer (消费者)",
    "d": "internal customer (内部客户)",
}

RELATIONSHIP_STAGES = {
    "a": "non-customer (非客户)",
    "b": "potential customer (潜在客户)",
    "c": "target customer (目标客户)",
    "d": "current customer (现实客户)",
    "e": "lost customer (流失客户)",
}
