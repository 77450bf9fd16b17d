"""CRM capability and its effects (crmlab.crm_capability, chapter 09): hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.crm_capability import (
    capability_effects,
    capability_over_time,
    complaint_groups,
    cross_selling_ratio,
)


def _tx() -> pd.DataFrame:
    rows = [
        # a: first tops (largest line on the first day), then shoes; buys again after the cut
        ("a", "2024-03-01", "tops", 100.0, False),
        ("a", "2024-03-01", "shoes", 20.0, False),
        ("a", "2024-06-01", "shoes", 80.0, False),
        ("a", "2025-02-01", "gym", 50.0, False),
        # b: tops only, never again
        ("b", "2024-05-01", "tops", 80.0, False),
        ("b", "2024-05-02", "shoes", 500.0, True),  # returned: not a sale
        # c: tops, again after the cut
        ("c", "2024-07-01", "tops", 60.0, False),
        ("c", "2025-03-01", "gym", 40.0, False),
    ]
    frame = pd.DataFrame(
        rows, columns=["customer_id", "order_date", "category", "amount", "returned"]
    )
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def test_cross_selling_ratio_by_hand():
    ratio = cross_selling_ratio(_tx(), observation_end="2024-12-31")
    assert ratio.loc["a", "first_category"] == "tops"
    assert ratio.loc["a", "cross_sell_revenue"] == pytest.approx(100.0)  # 20 + 80 shoes
    assert ratio.loc["a", "cross_selling_ratio"] == pytest.approx(100 / 200)
    assert ratio.loc["b", "cross_sell_revenue"] == 0.0  # the returned shoes do not count
    assert ratio.loc["b", "categories"] == 1


def test_capability_effects_by_hand():
    groups = pd.Series({"a": "member", "b": "other", "c": "other"})
    survey = pd.DataFrame(
        {
            "customer_id": ["a", "b", "b", "c"],
            "survey_date": pd.to_datetime(["2024-05-01", "2024-05-01", "2024-09-01", "2026-01-01"]),
            "overall_satisfaction": [5, 5, 2, 5],  # b's latest is 2; c answered after the end
        }
    )
    effects = capability_effects(
        _tx(), groups, survey=survey, calibration_end="2024-12-31", observation_end="2025-12-31"
    )
    assert effects.loc["member", "customers"] == 1
    assert effects.loc["other", "retention_rate"] == pytest.approx(0.5)  # c came back, b not
    assert effects.loc["member", "satisfaction_rate"] == 1.0
    assert effects.loc["other", "respondents"] == 1
    assert effects.loc["other", "satisfaction_rate"] == 0.0
    assert effects.loc["member", "cross_selling_ratio"] == pytest.approx(0.5)
    assert effects.loc["other", "cross_selling_ratio"] == 0.0


def test_capability_effects_without_category_or_survey():
    tx = _tx().drop(columns="category")
    effects = capability_effects(tx, pd.Series({"a": "x", "b": "x"}), calibration_end="2024-12-31")
    assert effects["cross_selling_ratio"].isna().all()
    assert effects["satisfaction_rate"].isna().all()
    assert effects.loc["x", "retention_rate"] == pytest.approx(0.5)
    with pytest.raises(TypeError, match="groups"):
        capability_effects(tx, {"a": "x"})
    with pytest.raises(ValueError, match="duplicate"):
        capability_effects(tx, pd.Series(["x", "y"], index=["a", "a"]))


def test_capability_over_time_by_hand():
    leads = pd.DataFrame(
        {
            "created_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2025-01-01"]),
            "stage_reached": ["won", "lead", "won"],
        }
    )
    table = capability_over_time(_tx(), leads=leads, new_products=["gym"])
    assert table.loc[pd.Period("2024", "Y"), "acquisition_rate"] == 0.5
    assert table.loc[pd.Period("2025", "Y"), "retention_rate"] == pytest.approx(2 / 3)
    assert np.isnan(table.loc[pd.Period("2024", "Y"), "retention_rate"])
    assert table.loc[pd.Period("2025", "Y"), "new_product_share"] == 1.0
    assert table.loc[pd.Period("2024", "Y"), "cross_selling_ratio"] == pytest.approx(100 / 340)
    assert table["satisfaction_rate"].isna().all()  # no survey


def test_complaint_groups():
    contacts = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c"],
            "contact_date": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2025-06-01"]
            ),
            "contact_type": ["complaint", "complaint", "inquiry", "complaint"],
            "resolved": [True, False, False, False],
        }
    )
    groups = complaint_groups(contacts, ["a", "b", "c"], "2024-12-31")
    assert groups.tolist() == ["unresolved", "no complaint", "no complaint"]
    with pytest.raises(ValueError, match="resolved"):
        complaint_groups(contacts.drop(columns="resolved"), ["a"], "2024-12-31")
