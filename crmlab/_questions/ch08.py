"""Self-check questions of chapter 08: relationship and database marketing (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, when
from crmlab.purchase_cycle import DueListCheck
from crmlab.timing import from_dollars


def dicks_threshold(currency: str) -> float:
    """Dick's $25 a week in ``currency`` (:func:`crmlab.timing.from_dollars`).

    Examples
    --------
    >>> dicks_threshold("$")
    25.0
    """
    return from_dollars(25, currency)


def list_lift(check: DueListCheck) -> float:
    """The due list's lift over the mean random list of its hold-out check.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> listed = pd.DataFrame({"bought": [True, False, False, False]}, index=list("abcd"))
    >>> check = DueListCheck(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08"), 100, 5,
    ...                      listed, np.array([0.0, 0.05, 0.1]))
    >>> round(list_lift(check), 6)  # 25 % ÷ 5 %
    5.0
    """
    return check.lift


CH08: tuple[Question, ...] = (
    Question(
        "ch08.fourth_step",
        "In the course's wording, what is the fourth step of one-to-one marketing, after "
        "identifying customers, differentiating them and two-way communication?",
        "按课程的说法，一对一营销在“识别客户、客户差别化、双向沟通”之后，第四步是什么？",
        expected="b",
        kind="choice",
        choices={
            "a": "定制产品或服务（customise）",
            "b": "各部门通力合作（all departments work together）",
            "c": "价格歧视（price discrimination）",
            "d": "建立客户数据库（build the customer database）",
        },
        hints=(
            chose("a", "不少教材把“定制”放在最后一步；本课程用的是另一种说法。"),
            chose("c", "价格歧视是数据库营销的一项效益，不是一对一营销的步骤。"),
            chose("d", "数据库是识别客户的工具，属于第一步。"),
        ),
        hint="四个步骤：识别客户 → 客户差别化 → 双向沟通 → ……（企业内部要做的事）。",
        explanation="课程的四步是识别客户、客户差别化、企业与客户双向沟通、各部门通力合作："
        "对一位客户的个性化承诺，要由营销、研发、制造、采购、财务等部门一起兑现。"
        "其他教材把第四步写成“定制”（customise）。",
    ),
    Question(
        "ch08.bond_level",
        "A shop phones a customer on her birthday and invites her to a members' styling "
        "evening. Which level of relationship marketing is this?",
        "一家店在客户生日那天打电话祝贺，并邀请她参加会员的搭配沙龙。这属于哪一级关系营销？",
        expected="b",
        kind="choice",
        choices={
            "a": "一级关系营销：财务利益（financial bond）",
            "b": "二级关系营销：社会利益（social bond）",
            "c": "三级关系营销：结构纽带（structural bond）",
        },
        hints=(
            chose("a", "没有折扣、没有积分：客户得到的不是钱。"),
            chose("c", "结构纽带是把企业的系统、服务嵌入客户的经营或生活，让她离开的成本变高。"),
        ),
        hint="一级靠价格刺激（财务利益），二级在此之上加上个人的、社交的联系，三级增加结构纽带。",
        explanation="祝贺生日、邀请参加活动，给客户的是被记住、被关心的社会利益，是二级关系营销，"
        "也是建立客情关系的做法。只靠折扣是一级，竞争者容易模仿；结构纽带最难被模仿。",
    ),
    Question(
        "ch08.dicks_threshold",
        "Dick's Supermarket mailed its list to customers spending over $25 a week. At the "
        "rate this chapter uses, how much is that a week in {currency}?",
        "迪克超市把购物清单寄给每周消费25美元以上的顾客。按本章使用的汇率，这相当于每周多少{currency}？",
        expected=dicks_threshold,
        money=True,
        rel_tol=0.01,
        hints=(
            near(lambda e: 25 * 25 / e, "你用了除法：1美元能换几个单位，就乘以几。"),
            near(lambda e: e * 52, "这是一年的数；题目问的是每周。"),
        ),
        hint="金额（美元）× 每美元合多少本币 = 本币金额。",
        explanation="25美元乘以每美元的汇率。汇率只是近似值；更要紧的是：这是买日用杂货的门槛，"
        "服装店的顾客每周很少花这么多，所以本章还要看这个门槛在自己的数据里挑出了多少人。",
    ),
    Question(
        "ch08.list_lift",
        "Predict, then compute from the check above: by what factor does the due list's "
        "precision beat the random lists of the same size?",
        "先猜，再用上面的检验结果算：到期名单的命中率是同样人数的随机名单的几倍（提升度）？",
        expected=list_lift,
        rel_tol=0.02,
        hints=(
            near(lambda e: 1 / e, "你把两个命中率的位置放反了：名单的命中率做分子。"),
            when(
                lambda got, expected: got < 1 <= expected,
                "提升度是一个倍数，不是命中率本身：用名单的命中率除以随机名单的命中率。",
            ),
        ),
        hint="提升度 = 名单的命中率 ÷ 随机名单的平均命中率。",
        explanation="名单上的客户在留出周购买的比例，除以随机名单的平均比例。大于1说明按购买周期"
        "挑人比随机挑人准；随机名单抽了很多次，所以这个倍数不是一次运气好的结果。",
    ),
    Question(
        "ch08.pair_lift",
        "Of 1,000 orders, 200 hold tops, 100 hold skirts and 50 hold both. What is the lift "
        "of the pair tops + skirts?",
        "1,000张订单中，200张有上衣，100张有半身裙，50张两者都有。"
        "上衣 + 半身裙这一对的提升度是多少？",
        expected=(50 / 1000) / ((200 / 1000) * (100 / 1000)),
        rel_tol=0.01,
        hints=(
            near(0.25, "这是置信度“买了上衣的订单中有半身裙的比例”（50 ÷ 200）。"),
            near(0.5, "这是置信度“买了半身裙的订单中有上衣的比例”（50 ÷ 100）。"),
            near(0.05, "这是支持度（两者都有的订单比例）。"),
        ),
        hint="提升度 = 支持度 ÷（有上衣的比例 × 有半身裙的比例）。",
        explanation="支持度 = 50 ÷ 1,000 = 5%；如果两者互不相干，同时出现的比例应是20% × 10% = 2%。"
        "实际是它的几倍，就是提升度；大于1，才值得向买上衣的客户推荐半身裙。",
    ),
    Question(
        "ch08.coupon_curve",
        "Predict before running: coupons go to customers in order of their score. As the "
        "mailing grows from the top 10 % to everyone, the net return …",
        "先预测，再运行：按得分从高到低给客户发优惠券。从只发给前10%到发给所有人，净收益会……",
        expected="c",
        kind="choice",
        choices={
            "a": "一直上升（keeps rising）",
            "b": "一直下降（keeps falling）",
            "c": "先升后降（rises, then falls）",
            "d": "不变（stays the same）",
        },
        hints=(
            chose("a", "排在后面的客户响应越来越少，每张券的成本却不变。"),
            chose("b", "得分最高的客户最可能响应：前面几张券是赚钱的。"),
            chose("d", "每多发一张券都有成本，也可能多带来一笔购买：两者不会恰好抵消。"),
        ),
        hint="比较每多发一张券带来的预期毛利和这张券的成本，从得分最高的客户一直看到最低的。",
        explanation="得分高的客户响应率高，多发的券带来的毛利大于成本，净收益上升；越往后响应率越低，"
        "当一张券带来的预期毛利低于它的成本时，净收益开始下降。最好的发券比例在拐点上——"
        "这就是数据库营销的价格歧视：把优惠给会因此购买的人。",
    ),
)
