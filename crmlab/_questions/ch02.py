"""Self-check questions of chapter 02 (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, too_high, when
from crmlab._questions._common import FUNNEL_RATES, acquisition_module, funnel_wins, win_rate

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
        expected=lambda: funnel_wins(1_000, FUNNEL_RATES),
        rel_tol=0.0,
        abs_tol=0.5,
        hints=(
            near(500, "50% is only the last step; every stage's rate applies in turn."),
            near(1_000 * sum(FUNNEL_RATES) / 4, "average rates do not chain: multiply them."),
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
        expected=win_rate,
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
            acquisition_module().man_lift(leads).table.loc[[2, 3], "share_of_wins"].sum()
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
