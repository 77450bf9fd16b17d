"""Tests of crmlab.rfm: RFM tables, scores, segments and the BTYD summary.

The BTYD summary is compared with lifetimes' (a dev dependency, the peer implementation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifetimes import utils as lifetimes_utils

from crmlab.rfm import (
    CN_CLASSES,
    CN_CLASSES_EN,
    SEGMENT_PATTERNS,
    btyd_summary,
    rfm_scores,
    rfm_segments,
    rfm_segments_cn,
    rfm_table,
)


@pytest.fixture
def tx() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["o1", "o1", "o2", "o3", "o4", "o5", "o6"],
            "line_no": [1, 2, 1, 1, 1, 1, 1],
            "customer_id": ["A", "A", "A", "B", "B", "C", "A"],
            "order_date": pd.to_datetime(
                [
                    "2025-01-01",
                    "2025-01-01",
                    "2025-01-15",
                    "2025-01-08",
                    "2025-01-08",
                    "2025-01-29",
                    "2025-02-20",  # after the observation end used below
                ]
            ),
            "amount": [10.0, 20.0, 60.0, 50.0, 30.0, 5.0, 999.0],
            "returned": [False, False, False, False, True, False, False],
        }
    )


# ----------------------------------------------------------------------------- rfm_table
def test_rfm_table_by_hand(tx: pd.DataFrame) -> None:
    table = rfm_table(tx, "2025-01-31")
    assert list(table.columns) == ["recency", "frequency", "monetary", "total"]
    assert table.index.name == "customer_id"
    assert table.loc["A"].tolist() == [16, 2, 45.0, 90.0]  # orders o1 (30) and o2 (60)
    assert table.loc["B"].tolist() == [23, 1, 50.0, 50.0]  # the returned line is left out
    assert table.loc["C"].tolist() == [2, 1, 5.0, 5.0]


def test_rfm_table_returns_kept_or_column_absent(tx: pd.DataFrame) -> None:
    kept = rfm_table(tx, "2025-01-31", exclude_returns=False)
    assert kept.loc["B", "total"] == 80.0
    no_column = rfm_table(tx.drop(columns="returned"), "2025-01-31")
    assert no_column.loc["B", "total"] == 80.0


def test_rfm_table_every_line_an_order(tx: pd.DataFrame) -> None:
    table = rfm_table(tx, "2025-01-31", by_order=False)
    assert table.loc["A", "frequency"] == 3
    assert table.loc["A", "monetary"] == pytest.approx(30.0)
    # without order ids every line is an order
    assert rfm_table(tx.drop(columns="order_id"), "2025-01-31", by_order=False).equals(table)


def test_rfm_table_observation_end_defaults_to_the_last_day(tx: pd.DataFrame) -> None:
    table = rfm_table(tx)
    pd.testing.assert_frame_equal(table, rfm_table(tx, "2025-02-20"))
    assert table.loc["A", "recency"] == 0  # A bought on 20 Feb, the last day in the data
    assert table.loc["C", "recency"] == 22


def test_rfm_table_text_flags_are_not_truthy(tx: pd.DataFrame) -> None:
    """A ``returned`` column of text is an error, not silently "every line returned"."""
    text = tx.assign(returned=tx["returned"].map({True: "True", False: "False"}))
    with pytest.raises(ValueError, match="'returned' must hold True/False"):
        rfm_table(text, "2025-01-31")
    with pytest.raises(ValueError, match="'returned' must hold True/False"):
        btyd_summary(text, "2025-01-31")


def test_rfm_table_errors(tx: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"missing column 'order_id'.*conform"):
        rfm_table(tx.drop(columns="order_id"), "2025-01-31")
    with pytest.raises(ValueError, match="before the first day in the data"):
        rfm_table(tx, "2020-01-01")
    with pytest.raises(ValueError, match="no purchases on or before observation_end"):
        rfm_table(tx.assign(returned=[True] * 3 + [False] * 4), "2025-01-05")
    with pytest.raises(ValueError, match="observation_end: not a date"):
        rfm_table(tx, "not a date")
    bad = tx.copy()
    bad.loc[2, "order_date"] = pd.NaT
    with pytest.raises(ValueError, match="missing date"):
        rfm_table(bad, "2025-01-31")
    bad = tx.copy()
    bad.loc[0, "customer_id"] = None
    with pytest.raises(ValueError, match="missing customer id"):
        rfm_table(bad, "2025-01-31")
    bad = tx.assign(amount=tx["amount"].astype(object))
    bad.loc[0, "amount"] = "n/a"
    with pytest.raises(ValueError, match=r"'amount' has 1 missing or non-numeric value.* row 0"):
        rfm_table(bad, "2025-01-31")


# ---------------------------------------------------------------------------- rfm_scores
def test_rfm_scores_quintiles_of_ten() -> None:
    rfm = pd.DataFrame(
        {"recency": np.arange(10) * 10, "frequency": np.arange(10), "monetary": np.arange(10.0)}
    )
    scores = rfm_scores(rfm)
    assert scores["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]  # recent = best
    assert scores.loc[9, "rfm_code"] == "155"


def test_rfm_scores_all_ties_share_the_middle_score() -> None:
    # all values equal: the column says nothing, everyone gets the middle score
    rfm = pd.DataFrame({"recency": [7] * 10, "frequency": [1] * 10, "monetary": [5.0] * 10})
    scores = rfm_scores(rfm)
    assert (scores[["r_score", "f_score", "m_score"]] == 3).all().all()
    assert (rfm_scores(rfm, bins=4)["f_score"] == 3).all()
    assert (rfm_scores(rfm, bins=2)["f_score"] == 2).all()


@pytest.mark.parametrize(
    ("n", "expected"), [(1, [3]), (2, [1, 5]), (3, [1, 3, 5]), (4, [1, 2, 4, 5])]
)
def test_rfm_scores_fewer_customers_than_bins(n: int, expected: list[int]) -> None:
    rfm = pd.DataFrame({"recency": range(n), "frequency": range(n), "monetary": range(n)})
    scores = rfm_scores(rfm)
    assert scores["f_score"].tolist() == expected
    assert scores["r_score"].tolist() == expected[::-1]


def test_rfm_scores_ties_by_hand() -> None:
    # frequency 1 (x4), 2 (x3), 3 (x2), 7 (x1): the four one-order customers share F = 1
    # (old rule: the first two rows got 1, the next two 2)
    rfm = pd.DataFrame(
        {
            "recency": [30, 30, 30, 30, 10, 10, 10, 5, 5, 0],
            "frequency": [1, 1, 1, 1, 2, 2, 2, 3, 3, 7],
            "monetary": [10.0] * 10,
        }
    )
    scores = rfm_scores(rfm)
    # 2: 4 worse, 3 better → 1 + ⌊5·4/7⌋ = 3; 3: 7 worse, 1 better → 1 + ⌊5·7/8⌋ = 5
    assert scores["f_score"].tolist() == [1, 1, 1, 1, 3, 3, 3, 5, 5, 5]
    assert scores["r_score"].tolist() == [1, 1, 1, 1, 3, 3, 3, 5, 5, 5]
    assert (scores["m_score"] == 3).all()


def _reference_score(values: list[float], bins: int, higher_is_better: bool) -> list[int]:
    """The documented rule, customer by customer."""
    out = []
    for v in values:
        worse = sum((w < v) if higher_is_better else (w > v) for w in values)
        better = sum((w > v) if higher_is_better else (w < v) for w in values)
        if worse + better == 0:
            out.append(1 + bins // 2)
        else:
            out.append(min(bins, 1 + (bins * worse) // (worse + better)))
    return out


_value_lists = st.lists(st.integers(0, 12), min_size=1, max_size=60)


@st.composite
def _rfm_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Small RFM tables with many ties, indexed by distinct customer ids."""
    n = draw(st.integers(1, 40))
    column = st.lists(st.integers(0, 8), min_size=n, max_size=n)
    ids = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    return pd.DataFrame(
        {
            "recency": draw(column),
            "frequency": [v + 1 for v in draw(column)],
            "monetary": [v * 12.5 for v in draw(column)],
        },
        index=pd.Index([f"C{k:05d}" for k in ids], name="customer_id"),
    ).sort_index()


@settings(max_examples=60, deadline=None)
@given(values=_value_lists, bins=st.integers(2, 9))
def test_rfm_scores_match_the_documented_rule(values: list[int], bins: int) -> None:
    rfm = pd.DataFrame({"recency": values, "frequency": values, "monetary": values})
    scores = rfm_scores(rfm, bins=bins)
    assert scores["f_score"].tolist() == _reference_score(values, bins, higher_is_better=True)
    assert scores["r_score"].tolist() == _reference_score(values, bins, higher_is_better=False)


@settings(max_examples=50, deadline=None)
@given(frame=_rfm_frames(), bins=st.integers(2, 9), data=st.data())
def test_rfm_scores_ignore_row_order(frame: pd.DataFrame, bins: int, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(frame))))
    scores = rfm_scores(frame, bins=bins)
    shuffled = rfm_scores(frame.iloc[list(order)], bins=bins)
    pd.testing.assert_frame_equal(shuffled.loc[scores.index], scores)


@settings(max_examples=50, deadline=None)
@given(frame=_rfm_frames(), data=st.data())
def test_rfm_scores_ignore_customer_ids(frame: pd.DataFrame, data: st.DataObject) -> None:
    # any bijection of the ids; rfm_table sorts by id, so the rows are re-sorted too
    new_ids = data.draw(st.permutations([f"X{k}" for k in range(len(frame))]))
    relabel = dict(zip(frame.index, new_ids, strict=True))
    renamed = frame.rename(index=relabel).sort_index()
    scores = rfm_scores(frame)
    again = rfm_scores(renamed).rename(index={v: k for k, v in relabel.items()})
    pd.testing.assert_frame_equal(again.loc[scores.index], scores)


@settings(max_examples=50, deadline=None)
@given(frame=_rfm_frames(), bins=st.integers(2, 9))
def test_rfm_scores_equal_values_equal_scores(frame: pd.DataFrame, bins: int) -> None:
    scores = rfm_scores(frame, bins=bins)
    for column, score in [
        ("recency", "r_score"),
        ("frequency", "f_score"),
        ("monetary", "m_score"),
    ]:
        per_value = scores[score].groupby(frame[column].to_numpy()).nunique()
        assert (per_value == 1).all(), (column, per_value)


@settings(max_examples=60, deadline=None)
@given(values=_value_lists, bins=st.integers(2, 9))
def test_rfm_scores_range_ends_and_order(values: list[int], bins: int) -> None:
    rfm = pd.DataFrame({"recency": values, "frequency": values, "monetary": values})
    scores = rfm_scores(rfm, bins=bins)
    v = np.array(values)
    f, r = scores["f_score"].to_numpy(), scores["r_score"].to_numpy()
    assert f.min() >= 1 and f.max() <= bins and r.min() >= 1 and r.max() <= bins
    if v.min() < v.max():
        # the best values get the top score, the worst values score 1 (recency reversed)
        assert (f[v == v.max()] == bins).all() and (f[v == v.min()] == 1).all()
        assert (r[v == v.min()] == bins).all() and (r[v == v.max()] == 1).all()
    else:
        assert (f == 1 + bins // 2).all() and (r == 1 + bins // 2).all()
    # higher frequency never gets a lower score; recency the other way round
    less = v[:, None] < v[None, :]
    assert np.all((f[:, None] <= f[None, :])[less])
    assert np.all((r[:, None] >= r[None, :])[less])


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.integers(0, 10_000), min_size=1, max_size=60, unique=True),
    bins=st.integers(2, 9),
)
def test_rfm_scores_balanced_without_ties(values: list[int], bins: int) -> None:
    rfm = pd.DataFrame({"recency": values, "frequency": values, "monetary": values})
    counts = rfm_scores(rfm, bins=bins)["f_score"].value_counts()
    assert counts.max() - counts.min() <= 1 or len(values) < bins


def test_rfm_scores_on_the_committed_data() -> None:
    from crmlab.data import load_transactions

    table = rfm_table(load_transactions())
    scores = rfm_scores(table)
    one_order = table["frequency"] == 1
    assert one_order.sum() > len(table) / 5  # more one-order customers than a quintile
    assert set(scores.loc[one_order, "f_score"]) == {1}
    assert (scores.loc[~one_order, "f_score"] > 1).all()
    # recent one-order customers are "new": all of them, not a row-order remnant
    segments = rfm_segments(scores)
    recent_once = one_order & (scores["r_score"] == 5)
    assert (segments[recent_once.to_numpy()] == "new").all()
    assert (segments == "new").sum() == recent_once.sum() > 100
    # reversing the rows changes nothing
    pd.testing.assert_frame_equal(rfm_scores(table.iloc[::-1]).loc[table.index], scores)


def test_rfm_scores_ignore_customer_ids_in_transactions() -> None:
    # the E1 case: rfm_table sorts by id, so relabelled ids reorder the tied rows
    tx = _random_transactions(3, n_rows=300, n_customers=80)
    ids = sorted(tx["customer_id"].unique())
    relabel = dict(zip(ids, [f"Z{k:03d}" for k in range(len(ids))][::-1], strict=True))
    scores = rfm_scores(rfm_table(tx, by_order=False))
    again = rfm_scores(rfm_table(tx.replace({"customer_id": relabel}), by_order=False))
    back = again.rename(index={v: k for k, v in relabel.items()}).loc[scores.index]
    assert scores["f_score"].value_counts().max() > 1  # there are ties to break
    pd.testing.assert_frame_equal(back, scores)


def test_rfm_scores_errors() -> None:
    rfm = pd.DataFrame({"recency": [1, None], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    with pytest.raises(ValueError, match="'recency' has missing"):
        rfm_scores(rfm)
    with pytest.raises(ValueError, match="bins"):
        rfm_scores(rfm.fillna(0), bins=1)
    with pytest.raises(ValueError, match=r"missing column 'monetary'.*crmlab\.rfm\.rfm_table"):
        rfm_scores(rfm.drop(columns="monetary"))


def test_rfm_scores_on_total_spend() -> None:
    rfm = pd.DataFrame(
        {"recency": [1, 2, 3], "frequency": [1, 2, 3], "monetary": [30.0, 20.0, 10.0]}
    ).assign(total=lambda d: d["frequency"] * d["monetary"])  # totals 30, 40, 30
    assert rfm_scores(rfm)["m_score"].tolist() == [5, 3, 1]
    # the two totals of 30 share the lowest score (the old rule gave the later row 3)
    assert rfm_scores(rfm, monetary="total")["m_score"].tolist() == [1, 5, 1]


# -------------------------------------------------------------------------- rfm_segments
def test_segment_patterns_cover_every_score_pair_once() -> None:
    import re

    for r in range(1, 6):
        for f in range(1, 6):
            hits = [n for n, p in SEGMENT_PATTERNS.items() if re.match(p, f"{r}{f}")]
            assert len(hits) == 1, (r, f, hits)


@pytest.mark.parametrize(
    ("r", "f", "segment"),
    [
        (5, 5, "champions"),
        (5, 4, "champions"),
        (4, 5, "loyal"),
        (3, 4, "loyal"),
        (5, 2, "potential loyalists"),
        (5, 1, "new"),
        (4, 1, "promising"),
        (3, 3, "need attention"),
        (3, 1, "about to sleep"),
        (2, 3, "at risk"),
        (1, 4, "at risk"),
        (2, 5, "can't lose"),
        (1, 1, "hibernating"),
        (2, 2, "hibernating"),
    ],
)
def test_rfm_segments_named(r: int, f: int, segment: str) -> None:
    result = rfm_segments(pd.DataFrame({"r_score": [r], "f_score": [f]}))
    assert result.iloc[0] == segment
    assert result.name == "segment"


def test_rfm_segments_rejects_other_scales() -> None:
    with pytest.raises(ValueError, match="scores 1-5"):
        rfm_segments(pd.DataFrame({"r_score": [6], "f_score": [1]}, index=["X"]))
    with pytest.raises(ValueError, match=r"missing column 'f_score'.*rfm_scores"):
        rfm_segments(pd.DataFrame({"r_score": [5]}))


# ----------------------------------------------------------------------- rfm_segments_cn
def test_rfm_segments_cn_all_eight() -> None:
    # means: recency 50, frequency 5, monetary 50
    rfm = pd.DataFrame(
        {
            "recency": [10, 10, 90, 90, 10, 10, 90, 90],
            "frequency": [9, 1, 9, 1, 9, 1, 9, 1],
            "monetary": [90, 90, 90, 90, 10, 10, 10, 10],
        }
    )
    assert rfm_segments_cn(rfm).tolist() == [
        "重要价值客户",
        "重要发展客户",
        "重要保持客户",
        "重要挽留客户",
        "一般价值客户",
        "一般发展客户",
        "一般保持客户",
        "一般挽留客户",
    ]


def test_rfm_segments_cn_total_spend_column() -> None:
    rfm = pd.DataFrame({"recency": [1, 1], "frequency": [1, 1], "total": [10.0, 1.0]})
    labels = rfm_segments_cn(rfm, monetary="total")
    assert labels.tolist() == ["重要价值客户", "一般价值客户"]


# --------------------------------------------------------------------------- btyd_summary
def test_btyd_summary_by_hand(tx: pd.DataFrame) -> None:
    summary = btyd_summary(tx, "2025-01-29")
    assert list(summary.columns) == ["frequency", "recency", "T", "monetary"]
    # A: days 1 Jan (10 + 20) and 15 Jan (60): one repeat day, 2 weeks after the first
    assert summary.loc["A"].tolist() == [1.0, 2.0, 4.0, 60.0]
    # B: two lines on one day (one returned) → no repeat purchase
    assert summary.loc["B"].tolist() == [0.0, 0.0, 3.0, 0.0]
    assert summary.loc["C"].tolist() == [0.0, 0.0, 0.0, 0.0]
    days = btyd_summary(tx, "2025-01-29", time_unit="D")
    assert days.loc["A", "recency"] == 14.0
    assert days.loc["A", "T"] == 28.0


def test_btyd_summary_same_day_orders_are_one_purchase() -> None:
    tx = pd.DataFrame(
        {
            "customer_id": ["A"] * 4,
            "order_date": pd.to_datetime(
                ["2025-03-01 09:00", "2025-03-01 18:00", "2025-03-08 10:00", "2025-03-08 11:00"]
            ),
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )
    summary = btyd_summary(tx, "2025-03-15", time_unit="D")
    assert summary.loc["A"].tolist() == [1.0, 7.0, 14.0, 7.0]


def test_btyd_summary_holdout(tx: pd.DataFrame) -> None:
    summary = btyd_summary(tx, "2025-03-14", calibration_end="2025-01-10")
    assert list(summary.index) == ["A", "B"]  # C's first purchase is in the hold-out
    assert summary.loc["A", "frequency"] == 0.0
    assert summary.loc["A", "frequency_holdout"] == 2.0  # 15 Jan and 20 Feb
    assert summary.loc["B", "frequency_holdout"] == 0.0
    assert (summary["duration_holdout"] == 9.0).all()  # 63 days
    assert summary.loc["A", "T"] == pytest.approx(9 / 7)


def test_btyd_summary_days_default_to_the_data(tx: pd.DataFrame) -> None:
    # observation_end None: the last day in the data (20 Feb); no split without a day
    pd.testing.assert_frame_equal(btyd_summary(tx), btyd_summary(tx, "2025-02-20"))
    assert "frequency_holdout" not in btyd_summary(tx).columns
    # holdout=True without calibration_end: two thirds of the 50 days, 3 Feb
    split = btyd_summary(tx, holdout=True)
    pd.testing.assert_frame_equal(
        split, btyd_summary(tx, "2025-02-20", calibration_end="2025-02-03")
    )
    assert split["duration_holdout"].iloc[0] == pytest.approx(17 / 7)
    assert split.loc["A", "frequency_holdout"] == 1.0


def test_btyd_summary_without_monetary(tx: pd.DataFrame) -> None:
    summary = btyd_summary(tx.drop(columns="amount"), "2025-01-29", monetary=False)
    assert list(summary.columns) == ["frequency", "recency", "T"]
    expected = btyd_summary(tx, "2025-01-29").drop(columns="monetary")
    pd.testing.assert_frame_equal(summary, expected)


def _reference_summary(tx: pd.DataFrame, end: str, unit: float) -> pd.DataFrame:
    """A slow, obviously-correct per-customer loop."""
    end_ts = pd.Timestamp(end)
    rows = {}
    for customer, group in tx.groupby("customer_id"):
        days = group.assign(day=group["order_date"].dt.normalize())
        days = days.loc[days["day"] <= end_ts].groupby("day")["amount"].sum().sort_index()
        if days.empty:
            continue
        first, last = days.index[0], days.index[-1]
        x = len(days) - 1
        rows[customer] = {
            "frequency": float(x),
            "recency": (last - first).days / unit,
            "T": (end_ts - first).days / unit,
            "monetary": float(days.iloc[1:].mean()) if x else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _random_transactions(seed: int, n_rows: int = 400, n_customers: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "customer_id": [f"C{k:03d}" for k in rng.integers(0, n_customers, n_rows)],
            "order_date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 300, n_rows), unit="D"),
            "amount": rng.gamma(2.0, 30.0, n_rows).round(2) + 0.01,
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_btyd_summary_matches_reference_loop(seed: int) -> None:
    tx = _random_transactions(seed)
    ours = btyd_summary(tx, "2024-09-30")
    ref = _reference_summary(tx, "2024-09-30", 7.0)
    pd.testing.assert_frame_equal(ours, ref.loc[ours.index], check_names=False)
    assert len(ours) == len(ref)


def test_btyd_summary_matches_lifetimes() -> None:
    tx = _random_transactions(5, n_rows=2000, n_customers=150)
    theirs = lifetimes_utils.summary_data_from_transaction_data(
        tx,
        "customer_id",
        "order_date",
        "amount",
        observation_period_end="2024-09-30",
        freq="D",
        freq_multiplier=7,
    ).sort_index()
    ours = btyd_summary(tx, "2024-09-30")
    assert ours.index.equals(theirs.index)
    for col in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(ours[col].to_numpy(), theirs[col].to_numpy())
    np.testing.assert_allclose(ours["monetary"], theirs["monetary_value"], rtol=1e-12)


def test_btyd_summary_split_matches_lifetimes() -> None:
    tx = _random_transactions(6, n_rows=2000, n_customers=150)
    theirs = lifetimes_utils.calibration_and_holdout_data(
        tx,
        "customer_id",
        "order_date",
        calibration_period_end="2024-06-30",
        observation_period_end="2024-09-30",
        freq="D",
        freq_multiplier=7,
        monetary_value_col="amount",
    ).sort_index()
    ours = btyd_summary(tx, "2024-09-30", calibration_end="2024-06-30")
    assert ours.index.equals(theirs.index)
    pairs = {
        "frequency": "frequency_cal",
        "recency": "recency_cal",
        "T": "T_cal",
        "frequency_holdout": "frequency_holdout",
        "duration_holdout": "duration_holdout",
    }
    for col, their_col in pairs.items():
        np.testing.assert_array_equal(ours[col].to_numpy(), theirs[their_col].to_numpy())
    np.testing.assert_allclose(ours["monetary"], theirs["monetary_value_cal"], rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n_rows=st.integers(1, 200))
def test_btyd_summary_invariants(seed: int, n_rows: int) -> None:
    tx = _random_transactions(seed, n_rows=n_rows, n_customers=20)
    if tx["order_date"].min() >= pd.Timestamp("2024-06-30"):
        with pytest.raises(ValueError, match="calibration_end: 2024-06-30 must lie after"):
            btyd_summary(tx, "2024-12-31", calibration_end="2024-06-30")
        return
    summary = btyd_summary(tx, "2024-12-31", calibration_end="2024-06-30")
    assert (summary["recency"] <= summary["T"]).all()
    assert (summary["recency"] >= 0).all()
    assert ((summary["frequency"] > 0) | (summary["recency"] == 0)).all()
    assert ((summary["frequency"] > 0) == (summary["monetary"] > 0)).all()
    assert summary.index.is_monotonic_increasing
    full = btyd_summary(tx, "2024-12-31")
    # calibration + hold-out purchase days = all purchase days of those customers
    common = full.loc[summary.index]
    assert (common["frequency"] == summary["frequency"] + summary["frequency_holdout"]).all()


def test_btyd_summary_errors(tx: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="time_unit"):
        btyd_summary(tx, "2025-01-31", time_unit="M")
    with pytest.raises(ValueError, match=r"calibration_end: 2025-02-28 must lie .* before obs"):
        btyd_summary(tx, "2025-01-31", calibration_end="2025-02-28")
    with pytest.raises(ValueError, match="calibration_end: 2024-12-31 must lie after the first"):
        btyd_summary(tx, "2025-01-31", calibration_end="2024-12-31")
    with pytest.raises(ValueError, match="missing column 'order_date'"):
        btyd_summary(tx.drop(columns="order_date"), "2025-01-31")
    with pytest.raises(ValueError, match="missing column 'amount'"):
        btyd_summary(tx.drop(columns="amount"), "2025-01-31")
    with pytest.raises(ValueError, match="before the first day in the data"):
        btyd_summary(tx, "2020-01-01")
    with pytest.raises(ValueError, match="no purchases on or before 2025-01-05"):
        btyd_summary(tx.assign(returned=[True] * 3 + [False] * 4), "2025-01-05")
    bad = tx.copy()
    bad.loc[3, "customer_id"] = None
    with pytest.raises(ValueError, match="missing customer id"):
        btyd_summary(bad, "2025-01-31")
    bad = tx.copy()
    bad["amount"] = bad["amount"].astype(object)
    bad.loc[1, "amount"] = "n/a"
    with pytest.raises(ValueError, match="'amount' has 1 missing or non-numeric"):
        btyd_summary(bad, "2025-01-31")


def test_every_chinese_class_has_an_english_name_and_a_glossary_entry():
    from crmlab import glossary

    assert set(CN_CLASSES_EN) == set(CN_CLASSES.values())
    for chinese, english in CN_CLASSES_EN.items():
        assert glossary.lookup(chinese).english == english


def test_a_returned_line_on_the_last_day_still_ends_the_data(tx: pd.DataFrame) -> None:
    # the analysis window is read from every line, returned or not
    late = tx.assign(returned=[False] * 6 + [True])  # the 20 Feb line comes back
    table = rfm_table(late)
    assert "A" in table.index and table.loc["C", "recency"] == 22
    pd.testing.assert_frame_equal(table, rfm_table(late, "2025-02-20"))
    pd.testing.assert_frame_equal(btyd_summary(late), btyd_summary(late, "2025-02-20"))


def test_wanliu_is_retain_and_baochi_is_maintain_never_win_back():
    # 挽留: persuade a drifting customer to stay; 挽回 (win back) is for customers already lost
    for chinese, english in CN_CLASSES_EN.items():
        assert "win" not in english, (chinese, english)
        if "挽留" in chinese:
            assert english.endswith("customer to retain")
        if "保持" in chinese:
            assert english.endswith("customer to maintain")


def test_every_named_segment_has_a_chinese_name():
    from crmlab.rfm import SEGMENT_NAMES_CN, SEGMENT_PATTERNS

    assert set(SEGMENT_NAMES_CN) == set(SEGMENT_PATTERNS)
    assert len(set(SEGMENT_NAMES_CN.values())) == len(SEGMENT_NAMES_CN)
