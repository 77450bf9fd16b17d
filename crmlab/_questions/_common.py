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
