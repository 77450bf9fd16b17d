"""Self-check questions of chapter 04a: lifecycle and lifetime value (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, too_high
from crmlab._questions._common import clv_module

#: The lifecycle stages as the choices of ``ch04.stage_assignment`` (letter → stage code).
_STAGE_LETTERS = {
    "a": "exploration",
    "b": "formation",
    "c": "stability",
    "d": "decline",
    "e": "lost",
}


def _stage_of_the_case() -> str:
    """The letter of the stage ``lifecycle.lifecycle_stage`` gives the customer of the prompt."""
    import pandas as pd

    from crmlab import lifecycle

    days = list(pd.date_range("2023-01-01", "2025-05-01", freq="MS") + pd.Timedelta(days=14))
    days.append(pd.Timestamp("2025-11-21"))  # 40 days before the end
    history = pd.DataFrame({"customer_id": "C1", "order_date": days})
    stage = str(lifecycle.lifecycle_stage(history, "2025-12-31").loc["C1", "stage"])
    return next(letter for letter, code in _STAGE_LETTERS.items() if code == stage)


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
            near(60_000, "6万美元是常被引用的约数（round figure）；请按周数算出准确值。"),
            near(60 * 52 * 21, "从40岁到60岁是20年（20 years, not 21）。"),
            near(60 * 12 * 20, "一年有52周（52 weeks），不是12个月。"),
            near(60 * 52, "这只是一年；她要购物20年。"),
        ),
        hint="每周消费 × 每年周数 × 年数。",
        explanation="每周60美元 × 每年52周 × 20年（从40岁到60岁）。这是营业额（收入），"
        "不是利润，也没有贴现。",
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
                "1 / (1 − r) 是预期客户寿命（expected lifetime）。你除的是 (1 + i − r) "
                "还是 (1 − r)？",
            ),
            near(0.8 / (1 - 0.8), "你漏掉了贴现（you left out discounting）：应除以 (1 + i − r)。"),
            near(
                1.1 / (1.1 - 0.8),
                "这是利润在每年年初（start of each year）到手时的乘数；本题利润在年末获得。",
            ),
            near(1 / (1.1 - 0.8), "第一年的利润要她留下来才能得到：还要 × r。"),
        ),
        hint="利润乘数 = r / (1 + i − r)。",
        explanation="利润乘数 = r / (1 + i − r) = 0.8 / (1 + 0.1 − 0.8)：把每年留存、贴现后的"
        "利润一直加到无穷。",
    ),
    Question(
        "ch04.stage_assignment",
        "Predict, then run: a customer bought about once a month from January 2023 to May "
        "2025; since then she has bought only once, 40 days before the data end on 31 "
        "December 2025. Which stage does the rule of section 1 give her?",
        "先预测，再运行：一位客户从2023年1月到2025年5月大约每月购买一次；此后只买过一次，"
        "在数据期末（2025年12月31日）前40天。按第1节的规则，她处在哪个阶段？",
        expected="d",  # tests/test_lifecycle.py: _stage_of_the_case() agrees
        kind="choice",
        choices={
            "a": "考察期（exploration）",
            "b": "形成期（formation）",
            "c": "稳定期（stability）",
            "d": "退化期（decline）",
            "e": "流失（lost）",
        },
        hints=(
            chose("a", "考察期只有一次购买或首购不足90天；她已经买了两年多。"),
            chose("b", "形成期是购买不足4次或首购不满一年；她早已超过这两个门槛。"),
            chose(
                "c",
                "比较她近180天的购买速度与以前的速度：以前约每月一次，近半年只有一次。",
            ),
            chose(
                "e",
                "她的典型购买间隔约30天，沉默超过3倍间隔（90天）才算流失；她40天前还买过。",
            ),
        ),
        explanation="她没有流失（40天 < 3 × 30天），也早已过了考察期和形成期；但近180天的"
        "购买速度（约每30天0.17次）不到她以前速度（约每30天1次）的一半，所以是退化期"
        "（decline）——正是挽留（retention）最值得下功夫的客户。",
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
                "这是客户保持率（retention rate）；流失率是流失的那一部分。",
                abs_tol=0.005,
            ),
            near(14 / 186, "分母是期初处于风险中的客户（200位），不是期末剩下的客户。"),
        ),
        hint="流失率 = 期内流失的客户数 ÷ 期初处于风险中的客户数。",
        explanation="客户流失率 = 流失客户数 ÷ 期初活跃客户数 = 14 ÷ 200；剩下的部分是保持率。",
    ),
    Question(
        "ch04.profit_costs",
        "Lifecycle profit subtracts what the firm spends on the customer (企业为客户的投入成本). "
        "Which of the six terms are those costs? (pick from the options)",
        "客户生命周期利润要减去企业为客户的投入成本。下列六项中哪几项属于投入成本？（从选项中选）",
        expected={"获取成本", "价格优惠", "推荐破坏成本"},
        kind="labels",
        options={
            "基本利润": ("base profit", "base_profit"),
            "成本节约": ("cost savings", "cost_savings"),
            "推荐价值": ("referral value", "referral_value"),
            "获取成本": ("acquisition cost", "acquisition_cost", "cac"),
            "价格优惠": ("price concessions", "price_concessions"),
            "推荐破坏成本": ("referral damage", "referral_damage"),
        },
        hint="三项是客户为企业带来的（收益），三项是企业为客户付出的（成本）。"
        "成本节约听起来像成本，其实是收益：老客户更便宜的服务。",
        explanation="客户带来的总体利润：基本利润、成本节约、推荐价值；企业的投入成本："
        "获取成本、价格优惠、推荐破坏成本。",
    ),
    Question(
        "ch04.cost_savings_case",
        "After five years a customer orders online without calling the service desk and "
        "never needs help with returns. Which lifecycle-profit term does this raise?",
        "五年后，一位客户在网上下单从不需要打客服电话，退货也不需要帮助。这提高了客户生命周期利润中的哪一项？",
        expected="b",
        kind="choice",
        choices={
            "a": "基本利润（base profit）",
            "b": "成本节约（cost savings）",
            "c": "推荐价值（referral value）",
            "d": "价格优惠（price concessions）",
        },
        hints=(
            chose("a", "基本利润来自她购买本身；这里变化的是为她服务的成本。"),
            chose("c", "推荐价值来自她介绍来的新客户；故事里没有人被推荐。"),
            chose("d", "价格优惠是企业让出的折扣，是投入成本，不是收益。"),
        ),
        explanation="熟悉企业的老客户服务起来更便宜：这是成本节约（cost savings），"
        "客户关系越久，这一项越大。",
    ),
    Question(
        "ch04.expected_lifetime",
        "With a constant retention rate of 75% per year, how many years does a customer stay "
        "on average?",
        "若每年保持率恒为75%，客户平均保持多少年？",
        expected=lambda: clv_module().expected_lifetime(0.75),
        rel_tol=0.005,
        hints=(
            near(1 / 0.75, "应当用1除以流失率 (1 − r)，而不是除以保持率。"),
            near(0.75, "这是保持率；客户寿命是 1 / (1 − r)。"),
        ),
        hint="预期客户寿命 = 1 / (1 − r)。",
        explanation="预期客户寿命 = 1 ÷ 流失率 = 1 ÷ (1 − 0.75)。",
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
            near(
                100 * (0.8 + 0.8**2 + 0.8**3),
                "你忘了贴现（forgot to discount）：每年还要除以 1.1^t。",
            ),
            near(300, "每年的利润只有她仍是客户时才能得到（× r^t）。"),
            near(100 * 0.8 / (1.1 - 0.8), "这是无限期（infinite-horizon）的CLV；只算到第3年。"),
            too_high("只加第1、2、3年，每年乘以 r^t / (1 + i)^t。"),
        ),
        hint="CLV = Σ_{t=1..3} 100 · 0.8^t / 1.1^t。",
        explanation="CLV = Σ_{t=1..3} {currency}100 × 0.8^t / 1.1^t：每年的利润乘以她仍是客户的"
        "概率，再贴现到今天，三项相加。",
    ),
    Question(
        "ch04.new_customer_clv",
        "A new customer brings a margin of {currency}100 a year, the first as soon as she is "
        "won (at the start of each year); retention 0.5, discount rate 10%, no end date. What "
        "is her CLV, to set against what it costs to win her?",
        "一位新客户每年带来利润{currency}100，赢得她之后第一年的利润马上到手（每年年初）；"
        "保持率0.5，贴现率10%，不设期限。她的客户终身价值是多少（用来与获取成本比较）？",
        expected=lambda: clv_module().clv_simple(100, 0.5, 0.1, timing="start"),
        money=True,
        rel_tol=0.005,
        hints=(
            near(
                100 * 0.5 / (1.1 - 0.5),
                "这是已经赢得的客户的剩余价值（利润年末到手）；新客户的第一年利润也要算进去。",
            ),
            near(100 / (1 - 0.5), "你忘了贴现：每年的利润还要除以 (1 + i)^t。"),
            near(100 * 1.1 / (1 - 0.5), "分母是 1 + i − r，不是 1 − r。"),
        ),
        hint="利润在年初到手：CLV = m (1 + i) / (1 + i − r) = 第一年的 m + 以后各年的剩余价值。",
        explanation="CLV = {currency}100 × 1.1 / (1.1 − 0.5)：第一年的{currency}100马上到手，"
        "再加上以后每年留存、贴现后的利润 100 × 0.5 / (1.1 − 0.5)。只有这个值才能与获取成本"
        "（CAC）相比，因为获取成本买到的是她的全部价值，包括第一年。",
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
            "a": "基本价值（basic value）",
            "b": "期望价值（expected value）",
            "c": "超越期望价值（beyond-expectation value）",
        },
        hints=(
            chose("a", "基本价值是裙子本身：面料、尺码，一个有明确定义的产品。"),
            chose(
                "b",
                "期望价值是她买裙子想达到的目的：在婚礼上得体好看。她期望店家记住日期吗？",
            ),
        ),
        explanation="店家额外的、她没有要求的努力给了她意外的惊喜：这是超越期望价值，"
        "也只有这样的体验才可能带来客户忠诚。",
    ),
)
