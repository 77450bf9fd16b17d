"""Self-check questions of chapter 07: retention, churn and win-back (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near


def _value_gain_percent() -> float:
    """Value gain of 80 % → 85 % retention at margin 100 and discount 10 %, in percent.

    Examples
    --------
    >>> round(_value_gain_percent(), 1)
    27.5
    """
    from crmlab.retention import retention_economics

    table = retention_economics(1, 0.8, 100, 0.1, uplift_points=[5])
    return float(table["value_gain_percent"].iloc[1])


CH07: tuple[Question, ...] = (
    Question(
        "ch07.bucket_level",
        "A shop loses 20% of its customers every year and wins 300 new ones every year. "
        "Whatever it starts with, at what number of customers does it settle?",
        "一家店每年流失20%的客户，每年赢得300位新客户。不管开始时有多少客户，客户数最后会稳定在多少？",
        expected=300 / 0.2,
        rel_tol=0.01,
        hints=(
            near(300 * 0.2, "这是300的20%；稳定时，每年流失的人数（N × 20%）等于新增的300人。"),
            near(300 / 0.8, "0.8是保持率；稳定时流失的人数等于新增的人数，用流失率来算。"),
        ),
        hint="稳定时客户数不再变化：每年流失的人数 = 每年新增的人数，即 N × 流失率 = 新增人数。",
        explanation="N × 20% = 300，所以 N = 300 ÷ 0.2。新增人数不变时，客户数只取决于流失率："
        "流失率减半，同样的获客支出能养活的客户翻倍——这就是漏斗原理要说的。",
    ),
    Question(
        "ch07.neglected_share",
        "In the widely quoted survey, 68% of lost customers left because they felt neglected. "
        "If a firm cured every such case and nothing else changed, what share of today's "
        "losses would remain?",
        "在那项广为引用的调查中，68%的流失客户是因为需求得不到关注、抱怨得不到及时处理而离开。"
        "如果企业把这类原因全部消除、其他不变，今天的流失还剩下多大比例？",
        expected=1 - 0.68,
        share=True,
        abs_tol=0.005,
        hints=(
            near(0.68, "这是被消除的部分；题目问的是剩下的。", abs_tol=0.005),
            near(0.10, "这只是“长期抱怨”一项；把其余六项都加起来。", abs_tol=0.005),
        ),
        hint="剩下的 = 1 − 被消除的比例（也就是其余六个原因的比例之和）。",
        explanation="1 − 68% = 32%（1 + 3 + 4 + 5 + 9 + 10）。其中去世、搬迁这类原因企业无能为力；"
        "可见最大的一块是企业自己能改的：关注客户的需求，及时处理抱怨。",
    ),
    Question(
        "ch07.censoring",
        "Predict before running: a survival curve that simply left out the members who are "
        "still paying (instead of counting them as 'still a member so far') would show "
        "survival that is …",
        "先预测，再运行：如果生存曲线干脆把还在续费的会员去掉（而不是把他们算作“到目前为止仍是会员”），"
        "画出来的生存比例会……",
        expected="b",
        kind="choice",
        choices={
            "a": "偏高（too high）",
            "b": "偏低（too low）",
            "c": "差不多（about the same）",
        },
        hints=(
            chose("a", "被去掉的是还没有离开的人；只剩下已经离开的人，留存看起来会怎样？"),
            chose("c", "还在续费的会员占了很大一部分，去掉他们不会不留痕迹。"),
        ),
        hint="想一想被去掉的是哪些人：离开的，还是留下的？",
        explanation="去掉的都是还没有离开的人，剩下的大多是已经流失的，生存比例被压低。Kaplan–Meier"
        "把在册会员作为“删失”（censored）处理：他们活到了观察结束，此后的事还不知道，只在已经"
        "经历的续费中计入分母。",
    ),
    Question(
        "ch07.lift_meaning",
        "In a lift table, the riskiest tenth of the held-out customers has lift 1.4. What "
        "does that mean?",
        "在提升度表中，留出客户里预测风险最高的十分之一，提升度是1.4。这是什么意思？",
        expected="a",
        kind="choice",
        choices={
            "a": "这一组的流失率是全体的1.4倍（their churn rate is 1.4 × the overall rate）",
            "b": "这一组有140%的人流失（140% of them churn）",
            "c": "模型的准确率是1.4倍（the model is 1.4 × as accurate）",
            "d": "这一组的流失率比全体高1.4个百分点（1.4 points above the overall rate）",
        },
        hints=(
            chose("b", "比例不会超过100%；提升度是两个流失率之比。"),
            chose("c", "提升度说的是一组客户，不是整个模型的准确率。"),
            chose("d", "提升度是比值，不是差值。"),
        ),
        hint="提升度 = 这一组的流失率 ÷ 全体留出客户的流失率。",
        explanation="提升度 = 组内流失率 ÷ 总流失率。提升度1.4表示：把挽留预算花在这一组，找到的"
        "流失者比随机挑选多40%。总流失率本来就高时，提升度的上限也低（流失率最多100%）。",
    ),
    Question(
        "ch07.retention_value",
        "A customer brings a margin of {currency}100 a year; retention is 80% and the discount "
        "rate 10%. By what percentage does her value (CLV = m · r / (1 + i − r)) rise if "
        "retention rises to 85%?",
        "一位客户每年带来{currency}100利润，保持率80%，贴现率10%。如果保持率提高到85%，她的价值"
        "（CLV = m · r / (1 + i − r)）提高百分之几？",
        expected=_value_gain_percent,
        rel_tol=0.01,
        hints=(
            near(5, "保持率只提高了5个百分点，价值却不是只提高5%：r也在分母里。"),
            near(6.25, "这是保持率本身提高的幅度（85 ÷ 80 − 1）；还要算分母的变化。"),
        ),
        hint="分别算 100 × 0.8 ÷ (1.1 − 0.8) 和 100 × 0.85 ÷ (1.1 − 0.85)，再求增长的百分比。",
        explanation="80%时 CLV = 80 ÷ 0.30 ≈ 266.7；85%时 = 85 ÷ 0.25 = 340；提高约27.5%。保持率"
        "在分子和分母里都出现，几个百分点就能让价值提高两三成——这就是Reichheld“多留住5%的客户，"
        "利润提高25%–85%”一类说法的来源。",
    ),
)
