"""Tests of crmlab.retention (chapter 07): hand-computed cases, published values,
properties and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import retention as ret

# --------------------------------------------------------------------------------------
# Cohorts
# --------------------------------------------------------------------------------------


def _tx(customers, dates, returned=None):
    return pd.DataFrame(
        {
            "customer_id": customers,
            "order_date": pd.to_datetime(dates),
            "returned": returned if returned is not None else [False] * len(customers),
        }
    )


def test_cohort_retention_monthly_hand_computed():
    tx = _tx(
        ["a", "a", "a", "b", "c", "c", "d"],
        [
            "2024-01-03",
            "2024-01-20",
            "2024-03-05",
            "2024-01-15",
            "2024-02-01",
            "2024-03-31",
            "2024-03-10",
        ],
    )
    result = ret.cohort_retention(tx)
    assert list(result.counts.index) == ["2024-01", "2024-02", "2024-03"]
    assert result.cohort_sizes.tolist() == [2, 1, 1]
    # Jan cohort (a, b): Feb nobody, Mar a → 0, 0.5
    assert result.retention.loc["2024-01"].tolist() == [1.0, 0.0, 0.5]
    assert result.retention.loc["2024-02", 1] == 1.0
    assert np.isnan(result.retention.loc["2024-02", 2])  # after the data end: not observed
    assert np.isnan(result.counts.loc["2024-03", 1])


def test_cohort_retention_quarter_year_week_and_returns():
    tx = _tx(
        ["a", "a", "b", "b"],
        ["2024-01-01", "2024-04-02", "2024-02-01", "2025-01-01"],
        returned=[False, False, False, True],
    )
    quarterly = ret.cohort_retention(tx, "Q", observation_end="2025-03-31")
    assert quarterly.counts.loc["2024Q1"].tolist()[:5] == [2, 1, 0, 0, 0]
    with_returns = ret.cohort_retention(tx, "Y", exclude_returns=False)
    assert with_returns.retention.loc["2024"].tolist() == [1.0, 0.5]
    weekly = ret.cohort_retention(_tx(["a", "a"], ["2024-01-07", "2024-01-08"]), "W")
    assert weekly.counts.columns.tolist() == [0, 1]  # Sunday then Monday: next week


def test_cohort_retention_bad_inputs():
    tx = _tx(["a"], ["2024-01-01"])
    with pytest.raises(ValueError, match="period: expected one of"):
        ret.cohort_retention(tx, "D")
    with pytest.raises(ValueError, match="missing column 'order_date'"):
        ret.cohort_retention(tx.drop(columns="order_date"))
    with pytest.raises(ValueError, match="no rows"):
        ret.cohort_retention(tx.assign(returned=True))


def test_cohort_retention_rejects_text_flags_and_days_before_the_data():
    tx = _tx(["a", "b"], ["2024-01-01", "2024-02-01"], returned=["False", "True"])
    with pytest.raises(ValueError, match=r"transactions: column 'returned' must hold True/False"):
        ret.cohort_retention(tx)
    tx = _tx(["a", "b"], ["2024-01-01", "2024-02-01"])
    with pytest.raises(ValueError, match="observation_end: 2023-06-30 is before the first day"):
        ret.cohort_retention(tx, observation_end="2023-06-30")
    # a table without a returned column has no returned lines
    no_flag = ret.cohort_retention(tx.drop(columns="returned"))
    assert no_flag.cohort_sizes.tolist() == [1, 1]


# --------------------------------------------------------------------------------------
# Survival
# --------------------------------------------------------------------------------------


def test_survival_curve_hand_computed_kaplan_meier():
    curve = ret.survival_curve([1, 2, 2, 3, 4], [True, True, False, True, False])
    table = curve.table.set_index("time")
    # S(1) = 4/5, S(2) = 4/5 · 3/4, S(3) = 0.6 · 1/2
    assert table["survival"].tolist() == pytest.approx([1.0, 0.8, 0.6, 0.3, 0.3])
    assert table["at_risk"].tolist() == [5, 5, 4, 2, 1]
    assert table["censored"].tolist() == [0, 0, 1, 0, 1]
    assert curve.median == 3.0
    assert (table["ci_lower"] <= table["survival"] + 1e-12).all()
    assert (table["ci_upper"] >= table["survival"] - 1e-12).all()
    assert curve.survival(2.5) == pytest.approx(0.6)
    assert curve.survival(-1) == 1.0


def test_survival_curve_median_infinite_when_never_half():
    curve = ret.survival_curve([1, 2, 3, 4], [True, False, False, False])
    assert curve.median == np.inf


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.booleans()),
        min_size=1,
        max_size=40,
    )
)
def test_survival_is_non_increasing_and_in_unit_interval(rows):
    durations, observed = zip(*rows, strict=True)
    table = ret.survival_curve(list(durations), list(observed)).table
    s = table["survival"].to_numpy()
    assert np.all(np.diff(s) <= 1e-12)
    assert np.all((s >= 0) & (s <= 1))


@pytest.mark.parametrize(
    ("durations", "observed", "match"),
    [
        ([1, -2], [True, True], r"durations: 1 value\(s\) below 0 at row 1"),
        ([1, 2], [True], "lengths differ"),
        ([], [], "durations: no rows"),
        ([1, 2], [1, 2], "observed: expected True/False"),
        ([1, 2], ["True", "False"], "observed: expected True/False"),  # text is not a flag
        ([1, np.nan], [True, True], "durations: 1 missing"),
    ],
)
def test_survival_curve_bad_inputs(durations, observed, match):
    with pytest.raises(ValueError, match=match):
        ret.survival_curve(durations, observed)


def test_survival_curve_bad_alpha():
    with pytest.raises(ValueError, match="alpha"):
        ret.survival_curve([1], [True], alpha=1.5)


def _members():
    return pd.DataFrame(
        {
            "customer_id": ["m1", "m2", "m3", "m4", "m5"],
            "join_date": pd.to_datetime(
                ["2021-02-01", "2021-06-01", "2021-09-01", "2021-11-01", "2022-01-10"]
            ),
            "annual_fee": 99.0,
            "years_paid": [1, 3, 2, 4, 3],
            "lapsed": [True, True, True, False, False],
            "lapse_date": pd.to_datetime(["2022-02-01", "2024-06-01", "2023-09-01", None, None]),
        }
    )


def test_membership_survival_censors_current_members_at_renewals_survived():
    curve = ret.membership_survival(_members())
    table = curve.table.set_index("time")
    # events at 1 (m1), 3 (m2), 2 (m3); censored: m4 at 3 (paid 4), m5 at 2 (paid 3)
    # S(1) = 4/5; S(2) = 0.8 · 3/4; S(3) = 0.6 · 1/2 (at risk: m2, m4)
    assert table.loc[1, "survival"] == pytest.approx(0.8)
    assert table.loc[2, "survival"] == pytest.approx(0.6)
    assert table.loc[3, "survival"] == pytest.approx(0.3)
    assert table.loc[3, "at_risk"] == 2


def test_membership_survival_observation_end_rolls_back():
    # on 2022-12-31: m5 (joined 2022-01-10) had paid 1 year; m2 paid 2 (renewal 2022-06);
    # m3 paid 2; m4 paid 2; m1 lapsed at renewal 1 → events only for m1
    curve = ret.membership_survival(_members(), observation_end="2022-12-31")
    assert curve.table["events"].sum() == 1
    early = ret.membership_survival(_members(), observation_end="2021-07-01")
    assert early.table["at_risk"].iloc[0] == 2  # only m1, m2 had joined


def test_membership_survival_default_reads_the_table_as_it_is():
    last_event = pd.Timestamp("2024-11-01")  # m4's fourth payment, the last event recorded
    as_is = ret.membership_survival(_members()).table
    at_end = ret.membership_survival(_members(), observation_end=last_event).table
    pd.testing.assert_frame_equal(as_is, at_end)


def test_memberships_reject_text_lapsed_flags():
    members = _members().assign(lapsed=["True", "True", "True", "False", "False"])
    with pytest.raises(ValueError, match=r"memberships: column 'lapsed' must hold True/False"):
        ret.membership_survival(members)
    with pytest.raises(ValueError, match=r"memberships: column 'lapsed' must hold True/False"):
        ret.active_counts_by_cohort(members, 2021)
    # 0/1 flags are booleans too
    as_ints = _members().assign(lapsed=[1, 1, 1, 0, 0])
    assert ret.active_counts_by_cohort(as_ints, 2021).tolist() == [4, 3, 2, 1]


def test_active_counts_by_cohort_hand_computed():
    counts = ret.active_counts_by_cohort(_members(), 2021, observation_end="2024-12-31")
    assert counts.tolist() == [4, 3, 2, 1]
    # default observation_end: m4 (joined 2021-11-01, paid 4 years) renewed on 2024-11-01
    assert ret.active_counts_by_cohort(_members(), 2021).tolist() == [4, 3, 2, 1]
    early = ret.active_counts_by_cohort(_members(), 2021, observation_end="2024-10-31")
    assert early.tolist() == [4, 3, 2]
    assert ret.active_counts_by_cohort(_members(), 2022).tolist() == [1, 1, 1]


def test_active_counts_by_cohort_feed_fit_sbg_published_cohort():
    # Fader & Hardie (2007) "regular" cohort: 1000, 631, 468, 382, 326, 289, 262, 241 still
    # active at renewals 0..7 → published alpha 0.704, beta 1.182
    counts = [1000, 631, 468, 382, 326, 289, 262, 241]
    lapsed_at = {k + 1: counts[k] - counts[k + 1] for k in range(7)}
    years = [k for k, n in lapsed_at.items() for _ in range(n)] + [8] * 241
    members = pd.DataFrame(
        {
            "join_date": pd.Timestamp("2014-03-01"),
            "years_paid": years,
            "lapsed": [True] * (1000 - 241) + [False] * 241,
        }
    )
    got = ret.active_counts_by_cohort(members, 2014)
    assert got.tolist() == counts
    from crmlab.models import fit_sbg

    params = fit_sbg(got).params
    assert params["alpha"] == pytest.approx(0.704, abs=0.0015)
    assert params["beta"] == pytest.approx(1.182, abs=0.0015)


def test_active_counts_by_cohort_feeds_fit_sbg_shape():
    counts = ret.active_counts_by_cohort(_members(), 2021)
    assert counts[0] == 4
    assert np.all(np.diff(counts) <= 0)
    assert counts.dtype.kind == "i"


def test_active_counts_by_cohort_bad_inputs():
    with pytest.raises(ValueError, match=r"cohort_year: no member joined in 2019.*\[2021, 2022\]"):
        ret.active_counts_by_cohort(_members(), 2019)
    with pytest.raises(
        ValueError, match=r"observation_end: 2030-01-01 is after the end .* at row 3"
    ):
        ret.active_counts_by_cohort(_members(), 2021, observation_end="2030-01-01")
    with pytest.raises(ValueError, match="observation_end: 2021-07-01 is before some members"):
        ret.active_counts_by_cohort(_members(), 2021, observation_end="2021-07-01")
    with pytest.raises(ValueError, match="observation_end: 2020-01-01 is before the first day"):
        ret.active_counts_by_cohort(_members(), 2021, observation_end="2020-01-01")
    with pytest.raises(ValueError, match="observation_end: 2020-01-01 is before the first day"):
        ret.membership_survival(_members(), observation_end="2020-01-01")
    with pytest.raises(ValueError, match="missing column 'years_paid'"):
        ret.active_counts_by_cohort(_members().drop(columns="years_paid"), 2021)
    bad = _members().assign(years_paid=[0, 1, 1, 1, 1])
    with pytest.raises(ValueError, match=r"years_paid'\]: 1 value\(s\) below 1 at row 0"):
        ret.membership_survival(bad)


# --------------------------------------------------------------------------------------
# Leaky bucket
# --------------------------------------------------------------------------------------


def test_leaky_bucket_story_flat_sales_rising_cost():
    bucket = ret.leaky_bucket(1000, 100, 0.1, 52, acquisition_cost=30, margin=5)
    assert np.allclose(bucket["customers_end"], 1000)
    assert np.allclose(bucket["lost"], 100)
    assert bucket["cumulative_acquisition_spend"].iloc[-1] == pytest.approx(52 * 100 * 30)
    assert bucket["profit"].iloc[0] == pytest.approx(1000 * 5 - 3000)
    assert bucket.index.tolist() == list(range(1, 53))


def test_leaky_bucket_converges_to_new_over_churn():
    bucket = ret.leaky_bucket(0, 50, 0.25, 80)
    assert bucket["customers_start"].iloc[1] == pytest.approx(50)
    assert bucket["customers_end"].iloc[-1] == pytest.approx(50 / 0.25, rel=1e-6)
    no_churn = ret.leaky_bucket(10, 5, 0.0, 3)
    assert no_churn["customers_end"].tolist() == [15, 20, 25]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"churn_rate": 1.2}, "churn_rate"),
        ({"periods": 0}, "periods"),
        ({"periods": 2.5}, "periods"),
        ({"start_customers": -1}, "start_customers"),
        ({"acquisition_cost": -5}, "acquisition_cost"),
    ],
)
def test_leaky_bucket_bad_inputs(kwargs, match):
    args = {"start_customers": 10, "new_per_period": 1, "churn_rate": 0.1, "periods": 3} | kwargs
    with pytest.raises(ValueError, match=match):
        ret.leaky_bucket(**args)


# --------------------------------------------------------------------------------------
# Churn reasons
# --------------------------------------------------------------------------------------


def test_churn_reasons_default_is_the_quoted_survey():
    table = ret.churn_reasons()
    assert ret.CHURN_REASONS_SURVEY["share_percent"].sum() == 100
    assert table["reason"].tolist()[:3] == [
        "felt neglected",
        "long-standing complaints",
        "found it cheaper",
    ]
    assert table["share"].tolist() == [0.68, 0.10, 0.09, 0.05, 0.04, 0.03, 0.01]
    assert table["cumulative_share"].iloc[-1] == 1.0
    assert table["reason_cn"].str.len().gt(0).all()
    assert "IBM" in ret.CHURN_REASONS_SOURCE


def test_churn_reasons_from_counts_and_from_labels():
    from_counts = ret.churn_reasons(counts={"price": 3, "service": 6, "died": 1})
    assert from_counts["reason"].tolist() == ["service", "price", "died"]
    assert from_counts["cumulative_share"].tolist() == [0.6, 0.9, 1.0]
    assert from_counts.set_index("reason").loc["died", "reason_cn"] == "客户去世"
    from_labels = ret.churn_reasons(pd.Series(["x", "y", "y"]))
    assert from_labels["count"].tolist() == [2, 1]


def test_churn_reasons_bad_inputs():
    with pytest.raises(ValueError, match="not both"):
        ret.churn_reasons(["a"], counts={"a": 1})
    with pytest.raises(ValueError, match=r"counts: 1 value\(s\) below 0"):
        ret.churn_reasons(counts={"a": 1, "b": -1})
    with pytest.raises(ValueError, match="nothing to count"):
        ret.churn_reasons([])
    with pytest.raises(ValueError, match=r"reasons: 1 missing reason\(s\) at row 1"):
        ret.churn_reasons(["a", None])


# --------------------------------------------------------------------------------------
# Retention economics and win-back
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("discount", "published"),
    [
        (0.10, [1.20, 1.75, 2.67, 4.50]),
        (0.12, [1.15, 1.67, 2.50, 4.09]),
        (0.14, [1.11, 1.59, 2.35, 3.75]),
        (0.16, [1.07, 1.52, 2.22, 3.46]),
    ],
)
def test_retention_economics_reference_margin_multiples(discount, published):
    table = ret.retention_economics(1, 0.6, 1.0, discount, uplift_points=[10, 20, 30])
    np.testing.assert_allclose(table["margin_multiple"].to_numpy(), published, atol=0.015)


def test_retention_economics_hand_computed_gain():
    table = ret.retention_economics(2000, 0.75, 50, 0.1, uplift_points=[5])
    base = 2000 * 50 * 0.75 / 0.35
    better = 2000 * 50 * 0.80 / 0.30
    assert table.loc[0, "customer_base_value"] == pytest.approx(base, abs=1e-3)
    assert table.loc[5, "value_gain"] == pytest.approx(better - base, abs=1e-3)
    assert table.loc[5, "value_gain_percent"] == pytest.approx((better / base - 1) * 100, abs=1e-3)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 0.9), st.floats(0.01, 0.3))
def test_retention_economics_value_rises_with_retention(retention, discount):
    table = ret.retention_economics(100, retention, 10, discount, uplift_points=[1, 5, 10])
    assert np.all(np.diff(table["customer_base_value"].to_numpy()) > 0)


def test_retention_economics_bad_inputs():
    with pytest.raises(ValueError, match=r"leaves 0\.\.1"):
        ret.retention_economics(100, 0.97, 10, 0.1, uplift_points=[5])
    with pytest.raises(ValueError, match="discount"):
        ret.retention_economics(100, 0.8, 10, 0.0)
    with pytest.raises(ValueError, match="retention"):
        ret.retention_economics(100, 1.2, 10, 0.1)


def test_winback_priority_quadrants_and_order():
    value = pd.Series([100.0, 900.0, 50.0, 800.0, 300.0], index=list("abcde"))
    risk = [0.9, 0.9, 0.1, 0.2, 0.5]
    table = ret.winback_priority(value, risk)  # cuts: value 300, risk 0.5
    assert table["quadrant"].to_dict() == {
        "a": "low-cost reach",
        "b": "win back first",
        "c": "let go",
        "d": "keep close",
        "e": "win back first",
    }
    assert table.sort_values("priority").index.tolist() == ["b", "e", "d", "a", "c"]
    assert table.loc["b", "value_at_risk"] == pytest.approx(810)
    explicit = ret.winback_priority(value, risk, value_cut=1000, risk_cut=0)
    assert set(explicit["quadrant"]) == {"low-cost reach"}


def test_winback_priority_bad_inputs():
    with pytest.raises(ValueError, match=r"risk: 1 value\(s\) above 1 at row 1"):
        ret.winback_priority([1, 2], [0.5, 1.5])
    with pytest.raises(ValueError, match="lengths differ"):
        ret.winback_priority([1, 2], [0.5])


def test_winback_priority_aligns_series_by_customer_not_by_position():
    value = pd.Series([900.0, 10.0], index=["C1", "C2"])
    risk = pd.Series([0.1, 0.9], index=["C2", "C1"])
    table = ret.winback_priority(value, risk, value_cut=100, risk_cut=0.5)
    assert table.loc["C1", "quadrant"] == "win back first"


def test_cohort_retention_window_is_read_from_every_line():
    # b's March line was returned: March is still inside the data, so it is observed (0)
    tx = _tx(
        ["a", "a", "b", "b"],
        ["2024-01-05", "2024-02-03", "2024-01-10", "2024-03-02"],
        returned=[False, False, False, True],
    )
    result = ret.cohort_retention(tx)
    assert result.counts.loc["2024-01"].tolist() == [2, 1.0, 0.0]
    pd.testing.assert_frame_equal(
        result.retention, ret.cohort_retention(tx, observation_end="2024-03-02").retention
    )


@pytest.mark.parametrize(
    "call", [ret.membership_survival, lambda m: ret.active_counts_by_cohort(m, 2021)]
)
def test_memberships_table_is_named_when_missing(call):
    with pytest.raises(ValueError, match="memberships: not given; membership_survival and"):
        call(None)


def test_winback_first_is_chinese_win_back_not_retain():
    # 挽留 keeps a customer before she leaves; 挽回 wins her back after: the course's terms
    assert ret.WINBACK_QUADRANTS["win back first"] == "重点挽回"
    table = ret.winback_priority([900, 10], [0.9, 0.1])
    assert table["quadrant_cn"].tolist() == ["重点挽回", "顺其自然"]
    assert not any("挽留" in name for name in ret.WINBACK_QUADRANTS.values())


def test_membership_tenures_roll_back_and_feed_the_survival_curve():
    members = _members()
    as_is = ret.membership_tenures(members)
    assert as_is["years_paid"].tolist() == members["years_paid"].tolist()
    then = ret.membership_tenures(members, observation_end="2022-12-31")
    # m1 lapsed at renewal 1 (before the day); m5 had paid 1 year; nobody else had lapsed yet
    assert then["lapsed"].sum() == 1
    assert then["years_paid"].max() <= 2
    # the same members as the Kaplan–Meier curve of that day
    curve = ret.membership_survival(members, observation_end="2022-12-31")
    assert curve.table["at_risk"].iloc[0] == len(then)
    early = ret.membership_tenures(members, observation_end="2021-07-01")
    assert len(early) == 2  # only m1, m2 had joined


def test_membership_tenures_refuse_a_day_after_the_data():
    with pytest.raises(ValueError, match="observation_end"):
        ret.membership_tenures(_members(), observation_end="2030-01-01")
    with pytest.raises(ValueError, match="memberships: not given"):
        ret.membership_tenures(None)


def test_committed_data_retention_story_of_chapter_07():
    """Chapter 07 states: most customers do not come back the quarter after their first
    purchase; the first renewal is the biggest hurdle; an sBG fitted two years before the
    end projects the next two renewals inside the Kaplan–Meier band."""
    from crmlab import data, models

    tables = data.load_tables()
    cohorts = ret.cohort_retention(tables.transactions, "Q")
    assert cohorts.retention.iloc[:, 1].dropna().mean() < 0.5
    members = tables.memberships
    km = ret.membership_survival(members)
    drops = -np.diff(km.table["survival"].to_numpy())
    assert drops.argmax() == 0  # the first renewal loses the most
    cut = pd.Timestamp("2023-12-31")
    past = ret.membership_tenures(members, observation_end=cut)
    fit = models.fit_sbg(durations=past["years_paid"], churned=past["lapsed"])
    later = ret.membership_survival(members.loc[past.index]).table.set_index("time")
    for t in (3, 4):
        assert later.loc[t, "ci_lower"] <= fit.survival(t) <= later.loc[t, "ci_upper"]
