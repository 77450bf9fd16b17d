"""Benchmarks of crmlab.models and crmlab.rfm.btyd_summary against lifetimes (printed only).

1. BG/NBD fit on a 2,357-customer summary drawn from the model with the CDNOW parameters
   (r=0.243, alpha=4.414, a=0.793, b=2.426; T between 27 and 39 weeks as in CDNOW):
   crmlab.models.fit_bgnbd vs lifetimes.BetaGeoFitter — parameters and times.
2. crmlab.rfm.btyd_summary on 1,000,000 transaction rows of 100,000 customers vs
   lifetimes.utils.summary_data_from_transaction_data — equality and times.

lifetimes is the peer (a dev dependency, also in the ``bench`` extra; the model tests
compare with it too). lifetimes 0.11.3 is no longer maintained; should it ever fail to
import next to newer numpy/pandas, the peer is skipped with the reason printed.

Run: ``python benchmarks/bench_models.py [--quick]`` (``--quick``: 100k rows in part 2).
Times are the best of several runs in CPU time of this process, so that other work on a
shared machine does not distort the ratios. lifetimes is called with ``freq="D",
freq_multiplier=7`` (day-level purchases, times in weeks), which is what
``btyd_summary(time_unit="W")`` computes; lifetimes' ``freq="W"`` bins dates into calendar
weeks instead (the script prints the difference).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from crmlab.models import fit_bgnbd, simulate_bgnbd
from crmlab.rfm import btyd_summary

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def _load_lifetimes() -> tuple[object | None, str]:
    """Import lifetimes quietly; return (module, reason it is missing)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import lifetimes
            import lifetimes.utils
    except Exception as exc:  # the peer may fail in many ways on new numpy/pandas
        return None, f"{type(exc).__name__}: {exc}"
    return lifetimes, ""


def _best_time(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best CPU time of ``repeat`` runs, and the last result.

    CPU time of this process (not wall time), so that other work on a shared machine does
    not distort the ratios.
    """
    best, result = np.inf, None
    for _ in range(repeat):
        start = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = func()
        best = min(best, time.process_time() - start)
    return best, result


def bench_fit(lifetimes: object | None, reason: str) -> None:
    print("== 1. BG/NBD fit, 2,357 customers drawn from the CDNOW parameters")
    rng = np.random.default_rng(2005)
    T = rng.uniform(27, 39, size=2357)
    data = simulate_bgnbd(2357, CDNOW, T=T, seed=2005)
    print(f"   repeat purchases per customer: {data['frequency'].mean():.3f}")
    args = (data["frequency"], data["recency"], data["T"])
    t_crm, fit = _best_time(lambda: fit_bgnbd(*args), repeat=5)
    print(f"   crmlab     {t_crm * 1000:8.1f} ms   " + _fmt(fit.params))
    if lifetimes is None:
        print(f"   lifetimes  skipped ({reason})")
        return
    t_lt, peer = _best_time(lambda: lifetimes.BetaGeoFitter().fit(*args), repeat=5)
    peer_params = {k: float(v) for k, v in peer.params_.items()}
    print(f"   lifetimes  {t_lt * 1000:8.1f} ms   " + _fmt(peer_params))
    rel = max(abs(fit.params[k] / peer_params[k] - 1) for k in fit.params)
    print(f"   largest relative parameter difference: {rel:.1e} (target ≤ 1e-4)")
    print(f"   time ratio lifetimes / crmlab: {t_lt / t_crm:.1f}x")


def _fmt(params: dict[str, float]) -> str:
    return "  ".join(f"{k}={v:.5f}" for k, v in params.items())


def make_transactions(n_rows: int, n_customers: int, seed: int = 0) -> pd.DataFrame:
    """Random order lines: customers with skewed activity over 2021-2025."""
    rng = np.random.default_rng(seed)
    weights = rng.gamma(0.8, 1.0, size=n_customers)
    customer = np.concatenate(
        [
            np.arange(n_customers),  # everybody buys at least once
            rng.choice(n_customers, size=n_rows - n_customers, p=weights / weights.sum()),
        ]
    )
    rng.shuffle(customer)
    start = np.datetime64("2021-01-01")
    first = rng.integers(0, 1500, size=n_customers)
    offset = first[customer] + rng.integers(0, 326, size=n_rows)
    return pd.DataFrame(
        {
            "customer_id": pd.Series(customer).map("C{:06d}".format),
            "order_date": pd.to_datetime(start + offset.astype("timedelta64[D]")),
            "amount": np.round(rng.gamma(2.0, 60.0, size=n_rows) + 1, 2),
        }
    )


def bench_summary(lifetimes: object | None, reason: str, n_rows: int) -> None:
    n_customers = n_rows // 10
    print(f"== 2. btyd_summary on {n_rows:,} rows / {n_customers:,} customers")
    tx = make_transactions(n_rows, n_customers)
    end = "2025-12-31"
    t_crm, ours = _best_time(lambda: btyd_summary(tx, end, time_unit="W"), repeat=3)
    print(f"   crmlab     {t_crm:8.3f} s   ({len(ours):,} customers)")
    if lifetimes is None:
        print(f"   lifetimes  skipped ({reason})")
        return
    summary = lifetimes.utils.summary_data_from_transaction_data

    def peer_days() -> pd.DataFrame:
        return summary(
            tx, "customer_id", "order_date", "amount", observation_period_end=end,
            freq="D", freq_multiplier=7,
        )  # fmt: skip

    t_lt, theirs = _best_time(peer_days, repeat=1)
    theirs = theirs.sort_index()
    print(f"   lifetimes  {t_lt:8.3f} s   (freq='D', freq_multiplier=7)")
    same_index = ours.index.equals(theirs.index)
    print(f"   same customers: {same_index}")
    if same_index:
        for col in ("frequency", "recency", "T"):
            equal = np.array_equal(ours[col].to_numpy(), theirs[col].to_numpy())
            print(f"   {col:<10} identical: {equal}")
        gap = np.max(np.abs(ours["monetary"].to_numpy() - theirs["monetary_value"].to_numpy()))
        print(f"   monetary   largest difference: {gap:.2e}")
    print(f"   time ratio lifetimes / crmlab: {t_lt / t_crm:.1f}x")
    weekly = summary(tx.head(200_000), "customer_id", "order_date", observation_period_end=end,
                     freq="W")  # fmt: skip
    print(
        "   note: lifetimes with freq='W' bins dates into calendar weeks (purchases in one "
        f"week count once): mean frequency {weekly['frequency'].mean():.3f} vs "
        f"{btyd_summary(tx.head(200_000), end)['frequency'].mean():.3f} repeat purchase "
        "days on the first 200,000 rows"
    )


def main(argv: list[str]) -> None:
    lifetimes, reason = _load_lifetimes()
    if lifetimes is not None:
        print(f"peer: lifetimes {lifetimes.__version__}, pandas {pd.__version__}, "
              f"numpy {np.__version__}")  # fmt: skip
    bench_fit(lifetimes, reason)
    bench_summary(lifetimes, reason, 100_000 if "--quick" in argv else 1_000_000)


if __name__ == "__main__":
    main(sys.argv[1:])
