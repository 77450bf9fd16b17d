"""Self-check questions of chapter 02 (private).

``ch02.man_qualified_wins`` is asked *before* the cell that computes its answer ("predict,
then run"): the student estimates from the MAN lift chart and table how many wins a
qualification rule keeps; within five points counts, and the next cell shows the share.
"""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, too_high, too_low, when
from crmlab._questions._common import FUNNEL_RATES, acquisition_module, funnel_wins, win_rate

#: A prediction this close to the computed share (in share points) counts as right.
PREDICTION_TOLERANCE = 0.05


def qualified_wins(leads, min_score: int = 2) -> float:
    """Share of the won leads whose MAN score is at least ``min_score``."""
    table = acquisition_module().man_lift(leads).table
    return float(table.loc[table.index >= min_score, "share_of_wins"].sum())


CH02 = (
    Question(
        "ch02.man_missing",
        "A buyer has the budget and a real need, but her director must sign off every "
        "purchase. Which MAN element does she lack?",
        "一位采购负责人有预算也有真实需求，但每笔采购都须由总监签字批准。她缺少MAN中的哪一项？",
        expected="b",
        kind="choice",
        choices={"a": "购买力（Money）", "b": "决策权（Authority）", "c": "需求（Need）"},
        hints=(
            chose("a", "她有预算：购买力（money）是具备的。"),
            chose("c", "题目说她有真实需求：需求（need）是具备的。"),
        ),
        hint="MAN的三个字母：购买力、决策权、需求——题目里哪一样不在她手里？",
        explanation="她买得起、也需要，但不能拍板：缺的是决策权（authority）。"
        "营销人员应找到有决策权的总监，或与她一起说服总监。",
    ),
    Question(
        "ch02.ask_rule",
        "The ASK rule names the three elements of successful selling. Which of these is NOT "
        "one of them?",
        "ASK法则（ASK rule）指出成功营销的三大要素。下列哪一项不属于ASK法则？",
        expected="d",
        kind="choice",
        choices={
            "a": "态度（Attitude）",
            "b": "技能（Skill）",
            "c": "知识（Knowledge）",
            "d": "决策权（Authority）",
        },
        hints=(
            chose("a", "态度（attitude）正是ASK中的A：营销人员要有良好的心态。"),
            chose("b", "技能（skill）正是ASK中的S：营销人员要不断学习、掌握技能。"),
            chose("c", "知识（knowledge）正是ASK中的K：行业、客户、社会等知识要及时充电。"),
        ),
        hint="ASK说的是营销人员自己，MAN说的是客户。",
        explanation="ASK = 态度、技能、知识，讲的是营销人员应具备的素质；合起来是英文ask"
        "（提问）：多向客户提问、了解真正的需求。决策权（authority）是MAN型客户的A，"
        "讲的是客户。",
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
            near(0.05, "这是占全部潜在客户的比例；分母应是进入洽谈的客户，而不是100位。"),
            near(0.2, "这是潜在客户进入洽谈的比例，还不是洽谈的成交率。"),
            near(4.0, "用成交数除以洽谈数，而不是洽谈数除以成交数。"),
        ),
        hint="成交的客户数 ÷ 进入实质性洽谈的客户数。",
        explanation="洽谈的成交率 = 成交数 ÷ 洽谈数 = 5 ÷ 20；100位潜在客户是另一个比率"
        "（总转化率）的分母。",
    ),
    Question(
        "ch02.funnel_wins",
        "1,000 leads: 60% are contacted, 50% of those become interested, 40% of those "
        "negotiate and 50% of those are won. How many customers are won?",
        "1,000条线索：60%被联系，其中50%产生兴趣，其中40%进入谈判，其中50%成交。最终赢得多少客户？",
        expected=lambda: funnel_wins(1_000, FUNNEL_RATES),
        rel_tol=0.0,
        abs_tol=0.5,
        hints=(
            near(500, "50%只是最后一步（last step）的转化率；每一阶段的转化率都要依次用上。"),
            near(
                1_000 * sum(FUNNEL_RATES) / 4,
                "转化率不能取平均：要把各步转化率依次相乘（multiply）。",
            ),
            too_high("每一阶段只留下上一阶段的一部分：把各步转化率依次相乘（multiply）。"),
        ),
        hint="用1,000依次乘以每一阶段的转化率。",
        explanation="每一阶段只留下上一阶段的一定比例：1,000 × 0.6 × 0.5 × 0.4 × 0.5。",
    ),
    Question(
        "ch02.man_qualified_wins",
        "Predict, then run: the sales team pursues only the leads with a MAN score of 2 or "
        "more and drops the rest. What share of the customers it actually won would it still "
        "have won? Estimate it from the lift chart and table above (within 5 points counts), "
        "then run the next cell.",
        "先预测，再运行：销售团队只跟进MAN得分不低于2的线索，其余放弃。它实际赢得的客户中，"
        "仍能赢得多少比例？根据上面的提升度图和表估计（与实际相差5个百分点以内算对），"
        "再运行下一格核对。",
        expected=lambda leads: qualified_wins(leads, 2),
        share=True,
        abs_tol=PREDICTION_TOLERANCE,
        hints=(
            near(
                lambda e: 1 - e,
                "这是丢掉的成交客户比例；题目问的是仍能赢得的比例。",
                abs_tol=PREDICTION_TOLERANCE,
            ),
            too_low(
                "估计偏低：得分0和1的线索成交率远低于平均（提升度小于1），"
                "放弃它们丢掉的成交客户并不多。",
            ),
            too_high(
                "估计偏高：得分0和1的线索虽然成交率低，人数却多，也贡献了一部分成交客户。",
            ),
        ),
        hint="把得分2和3两行的成交数（won）加起来，除以全部成交数。",
        explanation="仍能赢得的比例 = 得分2和3的成交数 ÷ 全部成交数。低分线索成交率远低于"
        "平均（提升度小于1），所以放弃它们省下的线索比例，远大于丢掉的成交客户比例——"
        "这就是MAN法则作为筛选规则的价值。",
    ),
    Question(
        "ch02.win_rate",
        "In the company's lead pipeline, what share of all leads end as won customers?",
        "在公司的线索漏斗中，全部线索中最终成交的比例是多少？",
        expected=win_rate,
        share=True,
        abs_tol=0.002,
        hints=(
            when(
                lambda got, expected: got > 2 * expected,
                "这像是某一步的阶段转化率；要用成交的线索数除以全部线索数。",
            ),
        ),
        hint="成交线索数 ÷ 全部线索数（漏斗最后一行的累计转化率）。",
        explanation="成交线索数 ÷ 全部线索数：acquisition.funnel(leads) 最后一行的"
        "cumulative_conversion（累计转化率），而不是阶段转化率。",
    ),
    Question(
        "ch02.referral_roi",
        "From the source table (the referral row's profit of its customers, value_total, and "
        "its acquisition cost, total_cost), what is the return on investment (ROI) of the "
        "referral source?",
        "根据渠道表中转介绍一行的“客户利润合计”（value_total）和“获取成本合计”"
        "（total_cost），转介绍渠道的投资回报率（ROI）是多少？",
        expected=lambda performance: float(performance.loc["referral", "roi"]),
        rel_tol=0.01,
        abs_tol=0.01,
        hints=(
            near(lambda e: e + 1, "这是利润 ÷ 成本；投资回报率要先减去成本（value ÷ cost − 1）。"),
            near(lambda e: 1 / (e + 1), "这是成本 ÷ 利润，分子分母颠倒了：利润在前。"),
            when(
                lambda got, expected: got > 10 * max(abs(expected), 0.1),
                "这像是一笔金额：投资回报率是一个比率（ratio），（利润 − 成本）÷ 成本。",
            ),
        ),
        hint="（客户利润合计 − 获取成本合计）÷ 获取成本合计，看转介绍那一行。",
        explanation="ROI =（value_total − total_cost）÷ total_cost，转介绍那一行："
        "在转介绍上每花{currency}1，收回这{currency}1之外还多赚这么多利润。",
    ),
)
