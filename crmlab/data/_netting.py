"""The purchases-and-returns rule, applied where an analyst's order lines enter (private).

A line with a negative amount (or a negative quantity) is a return or a cancellation. Each
one is netted against the same customer's earlier purchase lines — on or before its own
time, of the same product when a product column is given — latest first:

- ``returns="net"``: fully netted purchase lines disappear, a partially netted line keeps
  the remainder, the return lines themselves disappear; a return (or the part of it) with
  no earlier purchase to net against is dropped and counted with its total. A purchase
  day whose lines are all cancelled stops being a purchase (its zero-amount lines go too).
- ``returns="flag"``: every line stays; the return line and the part of the purchase it
  cancels are flagged ``returned=True`` (a partially cancelled line is split into its
  cancelled part, flagged, and the rest). Revenue analyses leave flagged lines out.

Lines marked cancelled by the analyst (``cancelled``: e.g. an order status "refunded") are
cancellations of themselves: gone under ``"net"``, flagged under ``"flag"``. Lines already
flagged ``returned`` in the table are left as they are.

Either way a customer's revenue is the signed sum of her lines (less the unmatched
returns), and zero-amount lines (free items) stay purchases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab.data import _report as R

RETURNS = ("net", "flag")
#: amounts closer than this count as equal (a cancellation of 77,183.60 against 77,183.60)
_TOL = 1e-6


@dataclass(frozen=True)
class Settlement:
    """What settling the returns did (counts of lines, days and customers)."""

    returns: str = "net"
    return_lines: int = 0
    matched: int = 0
    unmatched: int = 0
    unmatched_amount: float = 0.0
    cancelled_full: int = 0
    cancelled_part: int = 0
    self_cancelled: int = 0
    days_removed: int = 0
    customers_removed: int = 0

    def netted(self) -> tuple[tuple[str, int], ...]:
        """The report's ``netted`` pairs (empty when there was nothing to settle)."""
        if not (self.return_lines or self.self_cancelled):
            return ()
        pairs = [
            (R.RETURNS_MATCHED, self.matched),
            (R.CANCELLED_FULL, self.cancelled_full),
            (R.CANCELLED_PART, self.cancelled_part),
        ]
        if self.self_cancelled:
            pairs.append((R.SELF_CANCELLED, self.self_cancelled))
        pairs.append((R.DAYS_REMOVED, self.days_removed))
        if self.returns == "flag" and self.unmatched:
            pairs.append((R.RETURNS_UNMATCHED + " (kept, flagged)", self.unmatched))
        return tuple(pairs)

    def dropped(self) -> tuple[tuple[str, int], ...]:
        """The report's ``dropped`` pairs: unmatched returns under ``"net"``."""
        if self.returns == "net" and self.unmatched:
            return ((R.RETURNS_UNMATCHED, self.unmatched),)
        return ()

    def notes(self) -> tuple[str, ...]:
        """A sentence on the rule applied, for the report's notes."""
        if not (self.return_lines or self.self_cancelled):
            return ()
        net = self.returns == "net"
        notes = []
        if self.return_lines:
            how = (
                "netted against the same customer's earlier purchases, latest first"
                if net
                else "kept and flagged returned=True with the purchase part they cancel"
            )
            notes.append(
                f"returns='{self.returns}': {self.return_lines} return line(s) (negative "
                f"amount or quantity) {how}"
            )
        if self.self_cancelled:
            notes.append(
                f"returns='{self.returns}': {self.self_cancelled} line(s) marked cancelled "
                + ("removed" if net else "kept and flagged returned=True")
            )
        return tuple(notes)


def lifo_match(
    group: np.ndarray,
    time_rank: np.ndarray,
    available: np.ndarray,
    need: np.ndarray,
    purchases: np.ndarray,
    returns: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Net each return against its group's purchases at or before its time, latest first.

    ``available`` (purchases) and ``need`` (returns) are non-negative amounts over all
    lines; ``purchases`` / ``returns`` are the positions taking part. Returns are taken in
    time order within each group. Gives the amount left on every line (purchases) and the
    part of every return that found nothing to net against.

    Examples
    --------
    >>> g, t = np.zeros(4, dtype=np.int64), np.array([0, 1, 2, 3])
    >>> left, unmatched = lifo_match(g, t, np.array([50.0, 30.0, 0, 0]),
    ...                              np.array([0, 0, 40.0, 60.0]), np.array([0, 1]),
    ...                              np.array([2, 3]))
    >>> left.tolist(), unmatched.tolist()
    ([0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 20.0])
    """
    n_t = int(time_rank.max()) + 2 if len(time_rank) else 2
    p = purchases[np.lexsort((purchases, time_rank[purchases], group[purchases]))]
    r = returns[np.lexsort((returns, time_rank[returns], group[returns]))]
    p_key = group[p].astype(np.int64) * n_t + time_rank[p]
    r_group = group[r].astype(np.int64) * n_t
    his = np.searchsorted(p_key, r_group + time_rank[r], side="right").tolist()
    los = np.searchsorted(p_key, r_group, side="left").tolist()
    rem = available[p].astype(float).tolist()
    # link[i] == i while purchase i has something left; else it points further down
    link = [i if rem[i] > _TOL else i - 1 for i in range(len(rem))]

    def find(i: int) -> int:
        root = i
        while root >= 0 and link[root] != root:
            root = link[root]
        while i > root:  # path compression
            link[i], i = root, link[i]
        return root

    needs = need[r].astype(float).tolist()
    short = [0.0] * len(r)
    for j in range(len(r)):
        left, lo = needs[j], los[j]
        if left <= _TOL:
            continue
        i = find(his[j] - 1) if his[j] > lo else -1
        while i >= lo:
            take = rem[i]
            if take - left > _TOL:  # the return ends inside this purchase line
                rem[i] = take - left
                left = 0.0
                break
            left -= take
            rem[i] = 0.0
            link[i] = i - 1
            if left <= _TOL:
                left = 0.0
                break
            i = find(i - 1)
        short[j] = left
    left_all = np.zeros(len(available))
    left_all[p] = rem
    unmatched = np.zeros(len(available))
    unmatched[r] = short
    return left_all, unmatched


def _codes(values: pd.Series | np.ndarray) -> np.ndarray:
    return pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)


def _dense_rank(values: np.ndarray) -> np.ndarray:
    """0, 1, 2 … by value, equal values sharing a rank."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.empty(len(values), dtype=bool)
    new[:1] = True
    new[1:] = ordered[1:] != ordered[:-1]
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.cumsum(new) - 1
    return rank


def _distinct(codes: np.ndarray) -> int:
    """How many distinct values among non-negative integer codes."""
    return int(np.count_nonzero(np.bincount(codes))) if len(codes) else 0


def _scaled(quantity: np.ndarray, share: np.ndarray) -> np.ndarray:
    return np.rint(quantity * share)


def _cast(values: np.ndarray, dtype: object) -> object:
    """``values`` in a column's dtype (numpy or pandas extension), for assignment."""
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return pd.array(values, dtype=dtype)
    return values.astype(dtype)


def settle_returns(
    frame: pd.DataFrame,
    *,
    returns: str = "net",
    product: str | None = None,
    cancelled: np.ndarray | None = None,
) -> tuple[pd.DataFrame, Settlement]:
    """Apply the returns rule to order lines in contract names; the frame it gives and a summary.

    ``frame`` holds ``customer_id``, ``order_date`` (datetime64, times of day allowed),
    ``amount`` and optionally ``quantity``, ``returned`` (lines left as they are) and the
    ``product`` column. Returns a new frame (index reset) with a ``returned`` column under
    ``"flag"`` and a :class:`Settlement`.

    Examples
    --------
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-06",
    ...                                   "2024-01-03"]),
    ...     "amount": [100.0, 50.0, -80.0, -10.0]})
    >>> out, done = settle_returns(lines)
    >>> out["amount"].tolist(), done.unmatched_amount, done.customers_removed
    ([70.0], -10.0, 1)
    >>> flagged, _ = settle_returns(lines, returns="flag")
    >>> flagged[["amount", "returned"]].values.tolist()
    [[70.0, False], [30.0, True], [50.0, True], [-80.0, True], [-10.0, True]]
    """
    if returns not in RETURNS:
        raise ValueError(f"returns: expected 'net' or 'flag', got {returns!r}")
    n = len(frame)
    none = np.zeros(n, dtype=bool)
    amount = frame["amount"].to_numpy(dtype=float)
    quantity = (
        frame["quantity"].to_numpy(dtype=float, na_value=np.nan)
        if "quantity" in frame.columns
        else None
    )
    aside = frame["returned"].to_numpy(dtype=bool) if "returned" in frame.columns else none
    cancelled = none if cancelled is None else (np.asarray(cancelled, dtype=bool) & ~aside)
    negative = amount < 0
    if quantity is not None:
        negative |= np.nan_to_num(quantity) < 0
    negative &= ~aside & ~cancelled
    purchase = ~(negative | aside | cancelled)
    if not (negative.any() or cancelled.any()):
        if returns == "flag" and "returned" not in frame.columns:
            frame = frame.assign(returned=np.zeros(n, dtype=bool))
        if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0:
            frame = frame.reset_index(drop=True)
        return frame, Settlement(returns=returns)

    customer = _codes(frame["customer_id"])
    group = customer
    if product is not None:
        group = _codes(customer * (n + 1) + _codes(frame[product]))
    stamps = frame["order_date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    time_rank = _dense_rank(stamps)
    available = np.where(purchase, np.maximum(amount, 0.0), 0.0)
    need = np.where(negative, np.abs(amount), 0.0)
    left, short = lifo_match(
        group, time_rank, available, need, np.flatnonzero(purchase), np.flatnonzero(negative)
    )
    used = available - left
    full = purchase & (available > _TOL) & (left <= _TOL)
    part = purchase & (used > _TOL) & ~full
    # a purchase day whose positive lines are all cancelled stops being a purchase
    day = _codes(customer * (n + 1) + _codes(stamps // 86_400_000_000_000))
    had = np.bincount(day, weights=purchase & (available > _TOL), minlength=day.max() + 1) > 0
    kept = np.bincount(day, weights=purchase & (left > _TOL), minlength=day.max() + 1) > 0
    gone = full | (purchase & (available <= _TOL) & had[day] & ~kept[day])
    still = purchase & ~gone
    involved = purchase | negative | cancelled
    summary = Settlement(
        returns=returns,
        return_lines=int(negative.sum()),
        matched=int((negative & (need - short > _TOL)).sum() + (negative & (need <= _TOL)).sum()),
        unmatched=int((short > _TOL).sum()),
        unmatched_amount=-float(short.sum()),
        cancelled_full=int(gone.sum()),
        cancelled_part=int(part.sum()),
        self_cancelled=int(cancelled.sum()),
        days_removed=_distinct(day[purchase]) - _distinct(day[still]),
        customers_removed=_distinct(customer[involved]) - _distinct(customer[still]),
    )
    share_left = np.divide(left, available, out=np.ones(n), where=available > _TOL)
    if returns == "net":
        keep = np.flatnonzero(still | aside)
        out = frame.take(keep).reset_index(drop=True)
        if part.any():
            changed = part[keep]
            out.loc[changed, "amount"] = left[keep][changed]
            if quantity is not None:
                q = _scaled(quantity[keep][changed], share_left[keep][changed])
                out.loc[changed, "quantity"] = _cast(q, out["quantity"].dtype)
        return out, summary

    # flag: every line stays; a partially cancelled line becomes the rest + the cancelled part
    repeat = np.flatnonzero(part)
    take = np.sort(np.concatenate([np.arange(n), repeat]), kind="stable")
    out = frame.take(take).reset_index(drop=True)
    second = np.zeros(len(take), dtype=bool)
    second[1:] = take[1:] == take[:-1]  # the added copy follows its line
    first = np.zeros(len(take), dtype=bool)
    first[:-1] = second[1:]
    flagged = (aside | negative | cancelled | gone)[take] | second
    out["returned"] = flagged
    if part.any():
        out.loc[first, "amount"] = left[repeat]
        out.loc[second, "amount"] = used[repeat]
        if quantity is not None:
            cancelled_q = _scaled(quantity[repeat], 1.0 - share_left[repeat])
            dtype = out["quantity"].dtype
            out.loc[first, "quantity"] = _cast(quantity[repeat] - cancelled_q, dtype)
            out.loc[second, "quantity"] = _cast(cancelled_q, dtype)
    return out, summary
