"""The course's self-check questions, chapters 00–04 (private; registered by :mod:`crmlab.check`).

Each question's expected answer is computed when the student checks it: from the package
(:mod:`crmlab.clv`, :mod:`crmlab.value`) for formula questions, and from the data the
notebook passes in for data questions — no number that depends on the data is written here.
Hints answer the typical mistake without giving the answer away; each question's explanation
gives the worked reasoning (not the final number), shown with a correct answer and from the
third wrong try on. Money is written with the ``{currency}`` mark, shown in the chart theme's
currency (``plots.set_theme(currency=…)``); only the Walmart story keeps its own dollars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmlab._question_types import Question, chose, near, too_high, too_low, when

if TYPE_CHECKING:
    import pandas as pd

# ----------------------------------------------------------------------------- helpers


def _clv():
    from crmlab import clv

    return clv


def _value():
    from crmlab import value

    return value


def _data_years() -> int:
    from crmlab.data import DATA_END, DATA_START

    return int(DATA_END[:4]) - int(DATA_START[:4]) + 1


def _acquisition():
    from crmlab import acquisition

    return acquisition


def _funnel_wins(n_leads: int, rates: tuple[float, ...]) -> float:
    from crmlab import acquisition

    return float(acquisition.funnel_from_rates(n_leads, rates)["reached"].iloc[-1])


def _win_rate(leads: pd.DataFrame) -> float:
    from crmlab import acquisition

    return float(acquisition.funnel(leads)["cumulative_conversion"].iloc[-1])


_FUNNEL_RATES = (0.6, 0.5, 0.4, 0.5)

_CUSTOMER_KINDS = {
    "a": "enterprise (企业)",
    "b": "channel: distributor, agent, franchisee (渠道)",
    "c": "consumer (消费者)",
    "d": "internal customer (内部客户)",
}

_RELATIONSHIP_STAGES = {
    "a": "non-customer (非客户)",
    "b": "potential customer (潜在客户)",
    "c": "target customer (目标客户)",
    "d": "current customer (现实客户)",
    "e": "lost customer (流失客户)",
}

# ----------------------------------------------------------------------------- chapter 00

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
        expected=_data_years,
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

# ----------------------------------------------------------------------------- chapter 01

CH01 = (
    Question(
        "ch01.franchisee_kind",
        "A franchisee runs one of the brand's stores in Chengdu and buys her stock from head "
        "office. Which of the four kinds of customer is she?",
        "一位加盟商在成都经营品牌的一家门店，从总部进货。她属于四类客户中的哪一类？",
        expected="b",
        kind="choice",
        choices=_CUSTOMER_KINDS,
        hints=(
            chose("a", "enterprise customers buy for their own use; she buys to resell."),
            chose("c", "consumers buy for themselves; she buys stock to sell on."),
            chose("d", "internal customers are the firm's own staff and departments."),
        ),
        explanation="Distributors, agents and franchisees are channel customers (渠道客户).",
    ),
    Question(
        "ch01.warehouse_kind",
        "The warehouse team packs the orders that the online-shop team sells. To the warehouse, "
        "the online-shop team is which kind of customer?",
        "仓库团队为网店团队的订单打包发货。对仓库来说，网店团队是哪一类客户？",
        expected="d",
        kind="choice",
        choices=_CUSTOMER_KINDS,
        hints=(
            chose("a", "an enterprise customer is another firm; this team is inside ours."),
            chose("b", "channels resell our products; this team is part of the firm."),
            chose("c", "no one here buys for private use."),
        ),
        explanation="Colleagues served by a department are internal customers (内部客户).",
    ),
    Question(
        "ch01.relationship_stage",
        "A shopper bought twice in 2022, nothing since, and now buys from a competitor. By the "
        "closeness of the relationship she is a …",
        "一位顾客在2022年买过两次，之后再没有购买，现在在竞争对手那里购物。按关系的远近，她是……",
        expected="e",
        kind="choice",
        choices=_RELATIONSHIP_STAGES,
        hints=(
            chose("a", "she has bought from us before, so she is not a non-customer."),
            chose("b", "potential customers have not bought yet; she has."),
            chose("c", "target customers are the ones we choose to pursue before they buy."),
            chose("d", "a current customer is still buying from us."),
        ),
        explanation="Customers who used to buy and have left are lost customers (流失客户).",
    ),
    Question(
        "ch01.crm_levels",
        "CRM is understood at three levels. Which three? (pick from the options)",
        "客户关系管理可以从哪三个层面来理解？（从选项中选）",
        expected={"philosophy", "technology", "implementation"},
        kind="labels",
        options={
            "philosophy": ("理念", "idea", "concept"),
            "technology": ("技术", "it", "information technology"),
            "implementation": ("实施",),
            "product": ("产品",),
            "price": ("价格",),
            "promotion": ("促销",),
        },
        hint="two of the levels are a way of thinking and a tool; the third is putting them "
        "to work. Product, price and promotion belong to the 4P.",
        explanation="CRM is a philosophy (理念), a technology (技术) and an implementation (实施).",
    ),
    Question(
        "ch01.four_c",
        "Lauterborn's 4C replaced the seller's 4P with the customer's view. Which four?",
        "劳特朋的4C理论从顾客角度替代了4P。是哪四个C？",
        expected={"customer needs", "cost", "convenience", "communication"},
        kind="labels",
        options={
            "customer needs": ("customer", "consumer", "needs", "customer wants", "顾客需求"),
            "cost": ("customer cost", "成本"),
            "convenience": ("便利",),
            "communication": ("沟通",),
            "channel": ("渠道",),
            "competition": ("竞争",),
            "relevance": ("关联",),
        },
        hint="each C takes the customer's side of one P: product → ?, price → ?, place → ?, "
        "promotion → ?",
        explanation="Product → customer needs (顾客需求), price → cost (成本), place → "
        "convenience (便利), promotion → communication (沟通).",
    ),
    Question(
        "ch01.share_of_wallet",
        "A customer spends {currency}10,000 a year on clothes, {currency}2,500 of it with us. "
        "What is our share of her wallet (钱夹份额)?",
        "一位顾客每年在服装上花费{currency}10,000，其中{currency}2,500花在我们这里。"
        "我们的钱夹份额是多少？",
        expected=lambda: 2_500 / 10_000,
        share=True,
        abs_tol=0.005,
        hints=(
            # 10,000 / 2,500 = 4, and a bare 4 is read as 4 % (share=True)
            near(lambda e: 1 / e / 100, "the share is our part ÷ her total, not the other way."),
            near(lambda e: 1 - e, "that is what she spends elsewhere; we want our part."),
        ),
        hint="our part of her spending ÷ all her spending in the category.",
        explanation="Share of wallet = our part ÷ her whole spending in the category: "
        "{currency}2,500 ÷ {currency}10,000.",
    ),
    Question(
        "ch01.lost_share",
        "Of the customers in our database (leads not counted), what share are lost customers "
        "on the notebook's observation end (the last day its analysis sees), by the inactivity "
        "rule of section 3?",
        "在数据库中的客户里（不含线索），按第3节的不活跃规则，在观察期末（分析所见的最后一天）"
        "有多大比例是流失客户？",
        expected=lambda stages: float(
            stages.loc[stages["record"].eq("customer"), "stage"].eq("lost").mean()
        ),
        share=True,
        abs_tol=0.005,
        hints=(
            when(
                lambda got, expected: got < expected / 2,
                "did you divide by all leads and customers? Count customers only.",
            ),
            near(lambda e: 1 - e, "that is the share of current customers; we want the lost."),
        ),
        hint="lost customers ÷ all customers (rows with record == 'customer').",
        explanation="Lost customers ÷ all customers, leads left out: the mean of "
        "stage == 'lost' over the rows with record == 'customer'. A database full of lost "
        "customers is the retention problem of chapter 07.",
    ),
)

# ----------------------------------------------------------------------------- chapter 02

CH02 = (
    Question(
        "ch02.man_missing",
        "A buyer has the budget and a real need, but her director must sign off every "
        "purchase. Which MAN element does she lack?",
        "一位采购负责人有预算也有真实需求，但每笔采购都须由总监签字批准。她缺少MAN中的哪一项？",
        expected="b",
        kind="choice",
        choices={"a": "Money (购买力)", "b": "Authority (决策权)", "c": "Need (需求)"},
        hints=(
            chose("a", "she has the budget: money is there."),
            chose("c", "the need is real, the prompt says so."),
        ),
        explanation="Without the authority to decide, sell to (or with) the person who has it.",
    ),
    Question(
        "ch02.close_rate",
        "Of 100 prospects, 20 reach serious talks and 5 close. What share of the serious talks "
        "close?",
        "100位潜在客户中，有20位进入实质性洽谈，最终5位成交。实质性洽谈的成交率是多少？",
        expected=lambda: 5 / 20,
        share=True,
        abs_tol=0.005,
        hints=(
            near(0.05, "that is the share of all prospects; divide by the talks, not by 100."),
            near(0.2, "that is the share of prospects who reach talks."),
            near(4.0, "divide the deals by the talks, not the talks by the deals."),
        ),
        hint="the deals closed ÷ the prospects who reached serious talks.",
        explanation="Close rate of the talks = deals ÷ talks = 5 ÷ 20; the 100 prospects "
        "are the base of another rate.",
    ),
    Question(
        "ch02.funnel_wins",
        "1,000 leads: 60% are contacted, 50% of those become interested, 40% of those "
        "negotiate and 50% of those are won. How many customers are won?",
        "1,000条线索：60%被联系，其中50%产生兴趣，其中40%进入谈判，其中50%成交。最终赢得多少客户？",
        expected=lambda: _funnel_wins(1_000, _FUNNEL_RATES),
        rel_tol=0.0,
        abs_tol=0.5,
        hints=(
            near(500, "50% is only the last step; every stage's rate applies in turn."),
            near(1_000 * sum(_FUNNEL_RATES) / 4, "average rates do not chain: multiply them."),
            too_high("each stage keeps only a share of the stage before: multiply the rates."),
        ),
        hint="multiply 1,000 by each stage's conversion rate in turn.",
        explanation="Each stage keeps its share of the stage before: "
        "1,000 × 0.6 × 0.5 × 0.4 × 0.5.",
    ),
    Question(
        "ch02.win_rate",
        "In the company's lead pipeline, what share of all leads end as won customers?",
        "在公司的线索漏斗中，全部线索中最终成交的比例是多少？",
        expected=_win_rate,
        share=True,
        abs_tol=0.002,
        hints=(
            when(
                lambda got, expected: got > 2 * expected,
                "that looks like a stage-to-stage rate; divide the won leads by all leads.",
            ),
        ),
        hint="won leads ÷ all leads (the cumulative conversion at the last stage).",
        explanation="Won leads ÷ all leads: acquisition.funnel(leads) gives it as the "
        "cumulative_conversion of the last stage (not a stage-to-stage rate).",
    ),
    Question(
        "ch02.referral_roi",
        "From the source table (value_total and total_cost), what is the return on "
        "investment (ROI) of the referral source?",
        "根据渠道表（value_total 与 total_cost），转介绍渠道的投资回报率（ROI）是多少？",
        expected=lambda performance: float(performance.loc["referral", "roi"]),
        rel_tol=0.01,
        abs_tol=0.01,
        hints=(
            near(lambda e: e + 1, "that is value ÷ cost; ROI subtracts the cost first."),
            near(lambda e: 1 / (e + 1), "that is cost ÷ value, upside down: value first."),
            when(
                lambda got, expected: got > 10 * max(abs(expected), 0.1),
                "that looks like a money amount: ROI is a ratio (value − cost) ÷ cost.",
            ),
        ),
        hint="(value_total − total_cost) ÷ total_cost, in the referral row.",
        explanation="ROI = (value_total − total_cost) ÷ total_cost, in the referral row: "
        "every {currency}1 spent on referrals came back with this much profit on top.",
    ),
    Question(
        "ch02.man_qualified_wins",
        "If the sales team had dropped every lead with a MAN score below 2, what share of "
        "the customers it actually won would it still have won?",
        "如果销售团队放弃所有MAN得分低于2的线索，实际赢得的客户中仍能赢得多少比例？",
        expected=lambda leads: float(
            _acquisition().man_lift(leads).table.loc[[2, 3], "share_of_wins"].sum()
        ),
        share=True,
        abs_tol=0.005,
        hints=(
            near(
                lambda e: 1 - e,
                "that is the share of wins it would lose; the question asks what it keeps.",
            ),
            when(
                lambda got, expected: got < 0.75 * expected,
                "count the wins of both score 2 and score 3 (use share_of_wins, not "
                "share_of_leads).",
            ),
        ),
        hint="add share_of_wins for MAN scores 2 and 3 in the lift table.",
        explanation="Add share_of_wins of MAN scores 2 and 3 in acquisition.man_lift(leads)"
        ".table: most wins come from qualified leads, at a fraction of the effort.",
    ),
)

# ----------------------------------------------------------------------------- chapter 03

CH03 = (
    Question(
        "ch03.top20_profit_share",
        "In the company's data, what share of total profit comes from the most profitable 20% "
        "of customers?",
        "在公司数据中，利润最高的20%客户贡献了总利润的多少比例？",
        expected=lambda profit: _value().pareto_share(profit, top=0.2),
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
        expected=lambda profit: _value().whale_curve(profit).unprofitable_share,
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

# ----------------------------------------------------------------------------- chapter 04

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
        expected=lambda: _clv().margin_multiple(0.8, 0.1),
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
        expected=lambda: _clv().clv_simple(100, 0.8, 0.1, horizon=3),
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
        expected=lambda: _clv().expected_lifetime(0.75),
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
        "ch04.p_alive_direction",
        "Two customers made the same number of purchases over the same time, but one's last "
        "purchase was long ago. Under BG/NBD, her P(alive) is …",
        "两位客户在相同观察期内购买次数相同，但其中一位最后一次购买已过去很久。按BG/NBD模型，她的存活概率……",
        expected="b",
        kind="choice",
        choices={"a": "higher", "b": "lower", "c": "the same"},
        hints=(
            chose("a", "a long silence after regular buying is a sign she may have dropped out."),
            chose("c", "P(alive) depends on when the last purchase was, not only on how many."),
        ),
        explanation="The longer the silence since the last purchase, the lower P(alive).",
    ),
    Question(
        "ch04.p_alive_reading",
        "Pick the customer in the customer picker: what is her probability of being alive "
        "(P(alive)) at the end of the data?",
        "在客户选择器中选中这位客户：数据期末她仍为活跃客户的概率P(alive)是多少？",
        expected=lambda bgnbd, summary, customer_id: float(
            bgnbd.probability_alive(
                summary.loc[customer_id, "frequency"],
                summary.loc[customer_id, "recency"],
                summary.loc[customer_id, "T"],
            )
        ),
        share=True,
        abs_tol=0.01,
        hints=(
            near(lambda e: 1 - e, "that is the probability she has dropped out.", abs_tol=0.01),
        ),
        hint="read the P(alive) line of the picker for this customer id.",
        explanation="The fitted BG/NBD model's P(alive) for her frequency, recency and T "
        "(bgnbd.probability_alive), the number the picker shows.",
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

QUESTIONS: tuple[Question, ...] = (*CH00, *CH01, *CH02, *CH03, *CH04)
