"""Self-check questions of chapter 04a: lifecycle and lifetime value (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, too_high
from crmlab._questions._common import clv_module

CH04 = (
    Question(
        "ch04.walmart_lifetime_revenue",
        "Walmart's 'lifetime customer': a shopper spends $60 a week from age 40 to 60. How "
        "much does she spend in total (undiscounted)?",
        "沃尔玛的“终身客户”观念：一位顾客从40岁到60岁每周消费60美元，总共消费多少（不贴现）？",
        expected=lambda: 60 * 52 * (60 - 40),
        rel_tol=0.0,
        abs_tol=0.5,
        hints=(
            near(60_000, "$60,000 is the round figure often quoted; work it out from the weeks."),
            near(60 * 52 * 21, "from 40 to 60 is 20 years, not 21."),
            near(60 * 12 * 20, "there are 52 weeks in a year, not 12."),
            near(60 * 52, "that is one year; she shops for 20 years."),
        ),
        hint="weekly spend × weeks per year × years.",
        explanation="$60 a week × 52 weeks a year × 20 years (from 40 to 60).",
    ),
    Question(
        "ch04.margin_multiple",
        "Retention r = 0.8 and discount rate i = 10% per year, margin at the end of each year. "
        "What is the margin multiple?",
        "保持率 r = 0.8，年贴现率 i = 10%，利润在每年年末获得。利润乘数是多少？",
        expected=lambda: clv_module().margin_multiple(0.8, 0.1),
        rel_tol=0.005,
        hints=(
            near(
                1 / (1 - 0.8),
                "1 / (1 − r) is the expected lifetime. Did you divide by (1 + i − r) or by "
                "(1 − r)?",
            ),
            near(0.8 / (1 - 0.8), "you left out discounting: divide by (1 + i − r)."),
            near(
                1.1 / (1.1 - 0.8),
                "that is the multiple for a margin at the start of each year; here it comes "
                "at the end.",
            ),
            near(1 / (1.1 - 0.8), "the first margin is earned only if she is retained: × r."),
        ),
        hint="margin multiple = r / (1 + i − r).",
        explanation="Margin multiple = r / (1 + i − r) = 0.8 / (1 + 0.1 − 0.8): the "
        "retained, discounted years of margin summed to infinity.",
    ),
    Question(
        "ch04.clv_three_years",
        "Margin {currency}100 a year (at year end), retention 0.8, discount rate 10%. What is "
        "the CLV over a 3-year horizon?",
        "每年年末利润{currency}100，保持率0.8，贴现率10%。3年期的客户终身价值是多少？",
        expected=lambda: clv_module().clv_simple(100, 0.8, 0.1, horizon=3),
        money=True,
        rel_tol=0.005,
        hints=(
            near(100 * (0.8 + 0.8**2 + 0.8**3), "you forgot to discount: divide by 1.1^t."),
            near(300, "each year's margin comes only if she is still a customer (× r^t)."),
            near(100 * 0.8 / (1.1 - 0.8), "that is the infinite-horizon CLV; stop at year 3."),
            too_high("sum only years 1, 2 and 3, each × r^t / (1 + i)^t."),
        ),
        hint="CLV = Σ_{t=1..3} 100 · 0.8^t / 1.1^t.",
        explanation="CLV = Σ_{t=1..3} {currency}100 × 0.8^t / 1.1^t: each year's margin, "
        "times the chance she is still a customer, discounted to today — three terms "
        "summed.",
    ),
    Question(
        "ch04.expected_lifetime",
        "With a constant retention rate of 75% per year, how many years does a customer stay "
        "on average?",
        "若每年保持率恒为75%，客户平均保持多少年？",
        expected=lambda: clv_module().expected_lifetime(0.75),
        rel_tol=0.005,
        hints=(
            near(1 / 0.75, "divide 1 by the churn rate (1 − r), not by the retention rate."),
            near(0.75, "that is the retention rate; the lifetime is 1 / (1 − r)."),
        ),
        hint="expected lifetime = 1 / (1 − r).",
        explanation="Expected lifetime = 1 / churn rate = 1 / (1 − 0.75).",
    ),
    Question(
        "ch04.churn_rate",
        "200 customers are active at the start of March; 14 of them are lost during March. "
        "What is March's churn rate (客户流失率)?",
        "3月初有200位活跃客户，其中14位在3月流失。3月的客户流失率是多少？",
        expected=lambda: 14 / 200,
        share=True,
        abs_tol=0.001,
        hints=(
            near(
                lambda e: 1 - e,
                "that is the retention rate; churn is the lost share.",
                abs_tol=0.005,
            ),
            near(14 / 186, "divide by the customers at risk at the start (200)."),
        ),
        hint="customers lost in the period ÷ customers at risk at its start.",
        explanation="Churn rate = customers lost ÷ customers at risk at the start "
        "= 14 ÷ 200; retention is the rest.",
    ),
    Question(
        "ch04.value_level",
        "A customer buys a dress for her sister's wedding. The shop remembers the date, "
        "offers free alterations the week before and sends a note wishing the couple well. "
        "The note and the alterations give her which kind of value?",
        "一位顾客为姐姐的婚礼买了一条裙子。店家记住了日期，婚礼前一周免费为她修改尺寸，"
        "还寄来一张祝福新人的卡片。修改和卡片给她带来的是哪一种价值？",
        expected="c",
        kind="choice",
        choices={
            "a": "basic value (基本价值)",
            "b": "expected value (期望价值)",
            "c": "beyond-expectation value (超越期望价值)",
        },
        hints=(
            chose("a", "basic value is the dress itself: fabric, fit, a clearly defined product."),
            chose(
                "b",
                "expected value is looking good at the wedding, the goal she bought the dress "
                "for; did she expect the shop to remember the date?",
            ),
        ),
        explanation="An unasked-for extra effort that surprises her: 超越期望价值.",
    ),
)
