"""Self-check questions of chapter 06: satisfaction versus loyalty (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmlab._question_types import Question, chose, near

if TYPE_CHECKING:
    import pandas as pd


def trap_size(table: pd.DataFrame) -> float:
    """The satisfaction trap's size: the top-box gap under high minus under low competition.

    ``table`` is :func:`crmlab.loyalty.repurchase_by_satisfaction`; the gap is the
    repurchase rate of the top level ("completely satisfied") minus that of the level below
    ("satisfied"), in each market.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"competition": ["high", "high", "low", "low"],
    ...                       "satisfaction": [4, 5, 4, 5],
    ...                       "repurchase_rate": [0.2, 0.5, 0.45, 0.44]})
    >>> round(trap_size(table), 2)  # (0.5 - 0.2) - (0.44 - 0.45)
    0.31
    """
    rates = table.set_index(["competition", "satisfaction"])["repurchase_rate"]
    top = max(table["satisfaction"])
    below = max(v for v in table["satisfaction"] if v < top)

    def gap(market: str) -> float:
        return float(rates.loc[(market, top)] - rates.loc[(market, below)])

    return gap("high") - gap("low")


CH06 = (
    Question(
        "ch06.loyalty_definition",
        "In the course's words, which of these is customer loyalty (客户忠诚)?",
        "按照课程的定义，下面哪一项是客户忠诚？",
        expected="c",
        kind="choice",
        choices={
            "a": "对企业的产品或服务感到满意（being satisfied）",
            "b": "偶尔重复购买同一企业的产品（buying again now and then）",
            "c": "对某企业或品牌长久的忠心，并且一再指向性地重复购买"
            "（lasting attachment and repeated, directed buying）",
            "d": "愿意向朋友推荐（willing to recommend）",
        },
        hints=(
            chose("a", "满意是一种主观感受；满意的客户不一定再买——这正是客户满意陷阱。"),
            chose("b", "课程的定义特意排除了“偶尔重复购买”。"),
            chose("d", "推荐是衡量忠诚的一个指标，不是忠诚本身的定义。"),
        ),
        hint="定义里有两部分：一种长久的态度，和一种反复、有指向的购买行为。",
        explanation="客户忠诚是客户对某企业或者某品牌长久的忠心，并且一再指向性地重复购买，"
        "而不是偶尔重复购买。它既有态度（忠心），也有行为（重复购买）。",
    ),
    Question(
        "ch06.top_box_ratio",
        "In a market with fierce competition, 200 customers answered 'satisfied' (4) and 30 of "
        "them bought again within a year; 100 answered 'completely satisfied' (5) and 60 of "
        "them bought again. How many times as likely to buy again is a completely satisfied "
        "customer as a satisfied one?",
        "在一个竞争激烈的市场里，200位顾客回答“满意”（4分），其中30位在一年内再次购买；"
        "100位回答“完全满意”（5分），其中60位再次购买。完全满意的顾客再次购买的可能性是满意顾客的几倍？",
        expected=lambda: (60 / 100) / (30 / 200),
        rel_tol=0.01,
        hints=(
            near(2.0, "你比较的是人数（60 ÷ 30）；两组的人数不同，要比较的是再购的比例。"),
            near(0.25, "倒过来了：用完全满意者的再购率除以满意者的再购率。"),
            near(
                (60 / 100) - (30 / 200),
                "这是两个比例之差（百分点）；题目问的是“几倍”，要用除法。",
            ),
        ),
        hint="先算两组各自的再购率（再购人数 ÷ 该组人数），再相除。",
        explanation="满意者的再购率 = 30 ÷ 200 = 15%，完全满意者 = 60 ÷ 100 = 60%，"
        "60% ÷ 15%：在竞争激烈的市场里，“满意”远远不够，只有“完全满意”才留得住顾客"
        "（Jones & Sasser 的发现）。",
    ),
    Question(
        "ch06.trap_size",
        "Predict, then run: from the repurchase table of section 3, take the gap in repurchase "
        "rate between the completely satisfied (5) and the satisfied (4) in high-competition "
        "cities, and subtract the same gap in low-competition cities. What is the result "
        "(in percentage points, e.g. 0.25 or 25%)?",
        "先预测，再计算：用第3节的再购率表，算出竞争激烈的城市里“完全满意”（5分）与“满意”（4分）"
        "顾客的再购率之差，再减去竞争较弱的城市里同样的差。结果是多少（百分点，例如0.25或25%）？",
        expected=trap_size,
        share=True,
        abs_tol=0.005,
        hints=(near(lambda e: -e, "符号反了：用竞争激烈城市的差，减去竞争较弱城市的差。"),),
        hint="每个市场分别算“5分的再购率 − 4分的再购率”，再用竞争激烈的减去竞争较弱的。",
        explanation="这个“差中之差”（difference in differences）就是满意陷阱的大小：在竞争激烈的"
        "城市，从“满意”到“完全满意”再购率跳升；在竞争较弱的城市几乎不变。结果为正，"
        "说明只有在有选择的市场里，“完全满意”才是留住顾客的关键。",
    ),
    Question(
        "ch06.hostages",
        "In the low-competition cities, customers who rated us 1 or 2 still buy again almost "
        "as often as the completely satisfied. What is the best reading?",
        "在竞争较弱的城市，打1分或2分的顾客再次购买的比例几乎和完全满意的顾客一样高。最好的解读是？",
        expected="c",
        kind="choice",
        choices={
            "a": "在这些城市满意度不重要，不必改进（satisfaction does not matter there）",
            "b": "他们是忠诚客户，应该重点奖励（they are loyal customers to reward）",
            "c": "他们是“人质”，属于虚假忠诚：一旦出现真正的替代者就会离开，应该现在就消除不满"
            "（hostages, spurious loyalty: fix the dissatisfaction before a competitor arrives）",
            "d": "数据一定有错（the data must be wrong）",
        },
        hints=(
            chose("a", "他们现在留下，是因为没有别的选择；竞争对手一来，不满意就会变成流失。"),
            chose("b", "他们买得多，但态度是负面的：行为高、态度低，不是真正忠诚。"),
            chose("d", "这正是竞争强度造成的现象：转换困难时，不满意的顾客也走不了。"),
        ),
        hint="想一想：他们为什么留下？是因为喜欢，还是因为没得选？",
        explanation="转换成本高或选择少时，不满意的顾客也会继续购买（Jones & Sasser 称之为"
        "“人质”）。这是虚假忠诚：态度低、行为高。竞争一出现，他们最先离开，所以现在就要找出"
        "并消除他们的不满。",
    ),
    Question(
        "ch06.loyalty_type",
        "A customer rates her preference for our brand 2 out of 7, but she bought 6 times in "
        "the past year, because ours is the only fashion shop in her county town. Which Dick & "
        "Basu loyalty type is she?",
        "一位顾客对本品牌的相对态度只有2分（满分7分），但过去一年买了6次，因为本店是她所在县城"
        "唯一的女装店。按 Dick & Basu 的分类，她属于哪一类？",
        expected="c",
        kind="choice",
        choices={
            "a": "真正忠诚（true loyalty）",
            "b": "潜在忠诚（latent loyalty）",
            "c": "虚假忠诚（spurious loyalty）",
            "d": "不忠诚（no loyalty）",
        },
        hints=(
            chose("a", "她买得多，但态度很低；真正忠诚要求态度和行为都高。"),
            chose("b", "潜在忠诚是态度高、购买少——她正好相反。"),
            chose("d", "她一年买了6次，重复购买行为是高的。"),
        ),
        hint="先判断态度（高/低），再判断重复购买行为（高/低），然后对照2×2表。",
        explanation="态度低、重复购买高 = 虚假忠诚：她的购买来自习惯或缺少选择，而不是偏爱。"
        "附近一开新店，她就可能离开。",
    ),
    Question(
        "ch06.interaction",
        "In the model of section 4, the coefficient of completely_satisfied × high "
        "competition is positive and its 95% interval lies above 0. What does it say?",
        "在第4节的模型里，“完全满意 × 竞争激烈”这一项（交互项）的系数为正，95%置信区间也都在0以上。"
        "它说明了什么？",
        expected="b",
        kind="choice",
        choices={
            "a": "竞争激烈的城市里顾客更满意（customers there are more satisfied）",
            "b": "“完全满意”带来的额外再购，在竞争激烈的城市比在竞争较弱的城市更大"
            "（the top-box premium is larger where competition is high）",
            "c": "竞争激烈时所有顾客都更可能再购（everyone buys more under competition）",
            "d": "区间太宽，什么也说明不了（the interval says nothing）",
        },
        hints=(
            chose("a", "模型解释的是再购，不是满意度；满意度是模型的输入。"),
            chose(
                "c",
                "“竞争激烈”本身的系数（high_competition）说的是不完全满意者；"
                "交互项说的是两种效应的叠加。",
            ),
            chose("d", "区间不包含0，说明在这份数据里这个效应不太可能是偶然的。"),
        ),
        hint="交互项衡量的是：一个因素的效应，是否随另一个因素而改变。",
        explanation="交互项为正：完全满意相对于其他满意度的“溢价”，在竞争激烈时比竞争较弱时更大——"
        "这正是 Jones & Sasser 的曲线；区间在0以上，说明这份数据足以支持这个结论。",
    ),
)
