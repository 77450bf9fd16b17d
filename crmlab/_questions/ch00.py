"""Self-check questions of chapter 00 (private): hints and explanations in Chinese."""

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
        hints=(near(20, "先乘除、后加减（multiplication comes before addition）：先算 3 × 4。"),),
        hint="先乘除、后加减（multiplication comes before addition）：先算 3 × 4。",
        explanation="先算 3 × 4 = 12，再加 2：乘法先于加法。"
        "自测题可以读数字、百分数（如 “80%”）、选项字母和列表。",
    ),
    Question(
        "ch00.data_years",
        "How many calendar years does the company's data window cover?",
        "公司数据覆盖了多少个自然年？",
        expected=data_years,
        rel_tol=0.0,
        hints=(
            too_low("第一年和最后一年都要算上（首尾都包含，inclusive）：最后一年 − 第一年 + 1。"),
        ),
        hint="看交易明细表（transactions）中最早和最晚的下单日期（order_date）。",
        explanation="最后一年 − 第一年 + 1：第一年和最后一年都算在内。",
    ),
    Question(
        "ch00.customers",
        "How many customers are in the customers table?",
        "customers 表（客户表）中共有多少位客户？",
        expected=lambda customers: len(customers),
        rel_tol=0.0,
        hints=(
            when(
                lambda got, expected: got > expected,
                "你数的是订单行（order lines）或订单（orders）吗？客户表每位客户只占一行："
                "数客户表的行数。",
            ),
        ),
        hint="数的是客户表（customers）的行数，不是下过单的顾客：有的客户可能从未购买。",
        explanation="len(customers)：客户表每位客户一行，从未购买的客户也在其中。",
    ),
)
