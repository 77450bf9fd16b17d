"""The purchases-and-returns rule as lazy window expressions, for any engine (private).

The pandas rule (:mod:`crmlab.data._netting`) walks each customer's (or customer-product's)
lines and nets every return against the latest earlier purchases, like a stack. An engine
has no stack, but the stack's level has a closed form that window functions compute.

Order the lines of one group in time, purchases before returns at the same instant (a
return nets against purchases *on or before* its time), ties by the line's place in the
file. Give purchase lines their amount ``a`` and returns minus their absolute amount;
``S`` is the running sum. The stack's level, floored at zero because a return with
nothing left to net against is dropped rather than owed, is

    L_k = S_k − min(0, min_{j ≤ k} S_j)          (the walk reflected at zero),

and the unmatched part of return k is the drop of that floor, ``M_{k−1} − M_k`` with
``M_k = min(0, min_{j ≤ k} S_j)``. Purchase i was pushed onto the level ``L_i − a_i``;
latest-first netting eats it from the top, so what is left of it at the end is the part
of its slice the level never went below afterwards:

    left_i = clip(min_{k ≥ i} L_k − (L_i − a_i), 0, a_i).

A later purchase pushed after the level dipped into purchase i's slice sits in a new
slice, so it does not bring purchase i back: the suffix minimum sees the dip. That is
exactly the stack, so the lines left, their amounts and everything counted from them
agree with the pandas path; amounts differ only by float rounding of the running sums
(~1e-10 of the customer's turnover). Remainders at or below ``1e-6`` count as nothing,
as in pandas. Then, as in pandas, a purchase day (customer and calendar day) whose
positive lines are all cancelled stops being a purchase: its zero-amount lines go too.

One corner differs, documented and tested: when several purchase lines of one group have
exactly the same time, pandas takes the later one *in the file* first; here ties are
broken by the engine's line position (``__pos``: the file order for DuckDB and Polars,
``monotonically_increasing_id`` for Spark, whose file order across files is its own),
so with several files the partially netted line may be a different one of the tied
lines. Per-day amounts are the same either way; only which order keeps the remainder
can change.
"""

from __future__ import annotations

from typing import Any

import narwhals as nw

__all__ = ["POS", "TOL", "settle_lazy"]

#: amounts closer than this count as equal (as in crmlab.data._netting)
TOL = 1e-6
#: the line's position column every reader adds (file order)
POS = "__pos"

CUSTOMER = "customer_id"
DATE = "order_date"
AMOUNT = "amount"


def settle_lazy(
    lines: nw.LazyFrame[Any],
    *,
    product: str | None = None,
    quantity: bool = False,
    cancelled: str | None = None,
    netting: bool = True,
    zero_lines: bool = True,
) -> nw.LazyFrame[Any]:
    """Annotate order lines with the returns rule, lazily (nothing is computed here).

    ``lines`` holds ``customer_id``, ``order_date`` (a timestamp), ``amount``, ``__pos``
    and optionally ``quantity`` (with ``quantity=True``), the ``product`` column and a
    boolean ``cancelled`` column (lines cancelled by themselves). Adds ``__neg`` (a return),
    ``__purchase``, ``__left`` (what is left of a purchase line), ``__unmatched`` (the
    part of a return with nothing to net against), ``__gone``, ``__part`` and ``__still``
    (the line stays a purchase). Keep ``__still`` lines, with ``amount`` = ``__left`` where
    ``__part``, to get the netted log. ``netting=False`` (the caller knows the log has no
    negative line and no cancelled line) adds the same columns without any window;
    ``zero_lines=False`` (the caller knows no line has a zero amount) skips the two
    per-day windows that decide whether a zero-amount line goes with its day, the
    costliest window on a large log.

    Examples
    --------
    >>> import duckdb
    >>> rel = duckdb.sql(
    ...     "select * from (values ('a', timestamp '2024-01-02', 100.0, 1), "
    ...     "('a', timestamp '2024-01-05', 50.0, 2), ('a', timestamp '2024-01-06', -80.0, 3), "
    ...     "('b', timestamp '2024-01-03', -10.0, 4)) t(customer_id, order_date, amount, __pos)")
    >>> out = settle_lazy(nw.from_native(rel)).filter(nw.col("__still"))
    >>> out.select("customer_id", "__left").to_native().fetchall()
    [('a', 70.0)]
    """
    amount = nw.col(AMOUNT).cast(nw.Float64)
    if not netting:  # nothing to settle: every line stays as it is, no window at all
        return lines.with_columns(
            nw.lit(value=False).alias("__neg"),
            nw.lit(value=True).alias("__purchase"),
            nw.lit(value=False).alias("__cancel"),
            amount.clip(lower_bound=0.0).alias("__a"),
            amount.clip(lower_bound=0.0).alias("__left"),
            nw.lit(0.0).alias("__unmatched"),
            nw.col(DATE).cast(nw.Date).alias("__day"),
            nw.lit(value=False).alias("__full"),
            nw.lit(value=False).alias("__part"),
            nw.lit(value=False).alias("__gone"),
            nw.lit(value=True).alias("__still"),
        )
    negative = amount < 0
    if quantity:
        negative = negative | (nw.col("quantity").fill_null(0) < 0)
    cancel = nw.col(cancelled).fill_null(False) if cancelled else nw.lit(value=False)
    negative = negative & ~cancel
    frame = lines.with_columns(
        negative.alias("__neg"),
        (~negative & ~cancel).alias("__purchase"),
        cancel.alias("__cancel"),
    )
    purchase, neg = nw.col("__purchase"), nw.col("__neg")
    frame = frame.with_columns(
        nw.when(purchase).then(amount.clip(lower_bound=0.0)).otherwise(0.0).alias("__a"),
        nw.when(purchase)
        .then(amount.clip(lower_bound=0.0))
        .when(neg)
        .then(-amount.abs())
        .otherwise(0.0)
        .alias("__v"),
        nw.when(neg).then(1).otherwise(0).alias("__kind"),
    )
    group = [CUSTOMER] + ([product] if product else [])
    order = [DATE, "__kind", POS]
    frame = frame.with_columns(nw.col("__v").cum_sum().over(group, order_by=order).alias("__s"))
    frame = frame.with_columns(
        nw.min_horizontal(nw.col("__s").cum_min().over(group, order_by=order), nw.lit(0.0)).alias(
            "__m"
        )
    )
    frame = frame.with_columns(
        (nw.col("__s") - nw.col("__m")).alias("__l"),
        nw.col("__m").shift(1).over(group, order_by=order).fill_null(0.0).alias("__m_prev"),
    )
    frame = frame.with_columns(
        nw.col("__l").cum_min(reverse=True).over(group, order_by=order).alias("__suffix")
    )
    a = nw.col("__a")
    raw_left = nw.col("__suffix") - (nw.col("__l") - a)
    frame = frame.with_columns(
        nw.when(purchase & (raw_left > TOL))
        .then(nw.min_horizontal(raw_left, a))
        .otherwise(0.0)
        .alias("__left"),
        nw.when(neg).then(nw.col("__m_prev") - nw.col("__m")).otherwise(0.0).alias("__unmatched"),
        nw.col(DATE).cast(nw.Date).alias("__day"),
    )
    left = nw.col("__left")
    full = purchase & (a > TOL) & (left <= TOL)
    frame = frame.with_columns(
        full.alias("__full"), (purchase & (a - left > TOL) & ~full).alias("__part")
    )
    if zero_lines:  # a zero-amount line goes when its day had purchases and kept none
        day = [CUSTOMER, "__day"]
        frame = frame.with_columns(
            (purchase & (a > TOL)).cast(nw.Int64).max().over(day).alias("__had"),
            (purchase & (left > TOL)).cast(nw.Int64).max().over(day).alias("__kept"),
        )
        gone = nw.col("__full") | (
            purchase & (a <= TOL) & (nw.col("__had") == 1) & (nw.col("__kept") == 0)
        )
    else:
        gone = nw.col("__full")
    frame = frame.with_columns(gone.alias("__gone"))
    return frame.with_columns((purchase & ~nw.col("__gone")).alias("__still"))
