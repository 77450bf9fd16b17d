"""Self-check questions of chapter 00 (private)."""

from __future__ import annotations

from crmlab._question_types import Question, near, too_low, when
from crmlab._questions._common import data_years

CH00 = (
    Question(
        "ch00.warm_up",
        "A warm-up to see how self-checks work: what is 2 + 3 × 4?",
        "热身题（体验自测的用法）：2 + 3 × 4 等于几？",
        expected=2 + 3 * 4,
        rel_tol=0.0,
        hints=(near(20, "multiplication comes before addition: work out 3 × 4 first."),),
        hint="multiplication comes before addition: work out 3 × 4 first.",
        explanation="3 × 4 first, then add the 2: multiplication comes before addition. "
        "Self-checks read numbers, percentages ('80%'), letters and lists.",
    ),
    Question(
        "ch00.data_years",
        "How many calendar years does the company's data window cover?",
        "公司数据覆盖了多少个自然年？",
        expected=data_years,
        rel_tol=0.0,
        hints=(too_low("count both the first and the last year (the window is inclusive)."),),
        hint="look at the first and the last order date in the transactions table.",
        explanation="Last year − first year + 1: both the first and the last year count.",
    ),
    Question(
        "ch00.customers",
        "How many customers are in the customers table?",
        "customers 表中共有多少位客户？",
        expected=lambda customers: len(customers),
        rel_tol=0.0,
        hints=(
            when(
                lambda got, expected: got > expected,
                "did you count order lines or orders? Count rows of the customers table, "
                "one per customer.",
            ),
        ),
        hint="some customers never buy: count the customers table, not the buyers.",
        explanation="len(customers): one row per customer, those who never bought included.",
    ),
)
