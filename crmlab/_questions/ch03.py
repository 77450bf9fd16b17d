"""Self-check questions of chapter 03 (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, when
from crmlab._questions._common import value_module

CH03 = (
    Question(
        "ch03.top20_profit_share",
        "In the company's data, what share of total profit comes from the most profitable 20% "
        "of customers?",
        "在公司数据中，利润最高的20%客户贡献了总利润的多少比例？",
        expected=lambda profit: value_module().pareto_share(profit, top=0.2),
        share=True,
        abs_tol=0.005,
        hints=(
            near(0.8, "80% is the rule of thumb (二八法则); compute it from the data."),
            near(0.2, "20% is the share of customers; the question asks for their profit."),
            when(
                lambda got, expected: got < 0.5 < expected,
                "sort customers from the most to the least profitable before taking the top.",
            ),
        ),
        hint="use value.pareto_share on the profit column (top=0.2).",
        explanation="Sort customers by profit, add up the top 20% and divide by the total "
        "profit (value.pareto_share(profit, top=0.2)). The share can exceed 100% when "
        "loss-making customers eat into the total.",
    ),
    Question(
        "ch03.unprofitable_share",
        "What share of the company's customers lose it money (profit below zero)?",
        "公司有多少比例的客户是亏损的（利润小于零）？",
        expected=lambda profit: value_module().whale_curve(profit).unprofitable_share,
        share=True,
        abs_tol=0.002,
        hints=(
            when(
                lambda got, expected: got > 1,
                "give a share of all customers (e.g. '12%'), not a count.",
            ),
            near(lambda e: 1 - e, "that is the share of profitable customers.", abs_tol=0.005),
        ),
        hint="count the customers with negative profit and divide by all customers.",
        explanation="Customers with profit < 0 ÷ all customers: the unprofitable_share of "
        "value.whale_curve(profit).",
    ),
    Question(
        "ch03.matrix_zone",
        "A customer is highly valuable, but the firm's capability to serve her is limited. In "
        "the customer value – enterprise capability matrix she is in zone …",
        "一位客户价值很高，但企业服务她的能力有限。在客户价值-企业能力矩阵中她属于……",
        expected="b",
        kind="choice",
        choices={
            "a": "A, select actively (重点选择)",
            "b": "B, select when the chance comes (择机选择)",
            "c": "C, select passively (消极选择)",
        },
        hints=(
            chose("a", "zone A needs both high value and a capable firm."),
            chose("c", "zone C is for low-value customers; she is valuable."),
        ),
        explanation="High value with limited capability: wait for (or build) the chance.",
    ),
    Question(
        "ch03.rfm_cn_class",
        "A customer bought recently (R high) and spent a lot (M high) but rarely buys (F low). "
        "In the Chinese 8-class RFM scheme she is a …",
        "一位客户最近购买过（R高）、消费金额高（M高），但购买次数少（F低）。在RFM八类客户中她属于……",
        expected="b",
        kind="choice",
        choices={
            "a": "重要价值客户 (high R, high F, high M)",
            "b": "重要发展客户",
            "c": "重要保持客户",
            "d": "重要挽留客户",
        },
        hints=(
            chose("a", "重要价值 needs F high as well."),
            chose("c", "保持 is for customers who bought often but not recently (R low)."),
            chose("d", "挽留 is for customers who neither bought recently nor often."),
        ),
        explanation="Recent and big but rare: develop her frequency (重要发展客户).",
    ),
)
