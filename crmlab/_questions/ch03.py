"""Self-check questions of chapter 03 (private).

The two data questions are asked *before* the cell that computes their answer ("predict,
then run"): a prediction within five percentage points counts as right, a wrong one gets
the direction (too high, too low) and a hint, and running the next cell shows the truth.
"""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, too_high, too_low, when
from crmlab._questions._common import value_module

#: A prediction this close to the computed share (in share points) counts as right.
PREDICTION_TOLERANCE = 0.05

CH03 = (
    Question(
        "ch03.top20_profit_share",
        "Predict, then run: the 80/20 rule says the top 20% of customers bring about 80% of "
        "the profit. In our company, what share of total profit do the most profitable 20% "
        "of customers bring? Write your estimate (within 5 points counts), then run the "
        "next cell.",
        "先预测，再运行：二八法则说前20%的客户带来约80%的利润。在我们公司，利润最高的20%客户"
        "带来了总利润的多少？先写下你的估计（与实际相差5个百分点以内算对），再运行下一格。",
        expected=lambda profit: value_module().pareto_share(profit, top=0.2),
        share=True,
        abs_tol=PREDICTION_TOLERANCE,
        hints=(
            near(
                0.8,
                "80%只是经验法则（rule of thumb），不是定律：亏损客户越多，前20%客户的利润"
                "占比就越高——运行下一格看看我们公司的数字。",
            ),
            near(0.2, "20%是客户的比例；题目问的是这些客户带来的利润占总利润的比例。"),
            when(
                lambda got, expected: got < 0.5 < expected,
                "先把客户按利润从高到低排好，再取前20%：她们是利润最多的客户，占比不会这么低。",
            ),
            too_low(
                "你的估计偏低：亏损客户会拉低总利润，使盈利最多的客户所占的比例更高"
                "（甚至可以超过100%）。",
            ),
            too_high("你的估计偏高：运行下一格，看看收入、毛利和利润各自的前20%占比。"),
        ),
        hint="运行下一格：value.pareto_share(profit, top=0.2) 计算前20%客户的利润占比。",
        explanation="把客户按利润从高到低排序，前20%客户的利润之和 ÷ 总利润"
        "（value.pareto_share(profit, top=0.2)）。亏损客户让总利润变小，所以这个比例可以"
        "高于80%，甚至超过100%：利润比收入更集中。",
    ),
    Question(
        "ch03.unprofitable_share",
        "Predict, then run: before you draw the whale curve, estimate what share of the "
        "company's customers lose it money (profit below zero). Write your estimate (within "
        "5 points counts), then run the next cells.",
        "先预测，再运行：在画鲸鱼曲线之前，估计公司有多少比例的客户是亏损的（利润小于零）？"
        "先写下你的估计（与实际相差5个百分点以内算对），再运行下面的代码格。",
        expected=lambda profit: value_module().whale_curve(profit).unprofitable_share,
        share=True,
        abs_tol=PREDICTION_TOLERANCE,
        hints=(
            when(
                lambda got, expected: got > 1,
                "请填占全部客户的比例（如“12%”），而不是人数（a share, not a count）。",
            ),
            near(
                lambda e: 1 - e,
                "这是盈利客户（profitable customers）的比例；题目问的是亏损客户。",
                abs_tol=0.005,
            ),
            too_low(
                "你的估计偏低：别忘了退货、服务联系和坏账——上面的分组表里，亏损客户每单"
                "退货多、服务联系多。",
            ),
            too_high("你的估计偏高：多数客户是盈利的，鲸鱼曲线的顶点在客户的大半之后。"),
        ),
        hint="运行下面的代码格：鲸鱼曲线在最后一位盈利客户处达到顶点，顶点右边都是亏损客户。",
        explanation="亏损客户数 ÷ 全部客户数（value.whale_curve(profit).unprofitable_share）："
        "鲸鱼曲线在最后一位盈利客户处达到顶点，之后加入的客户都在吞噬利润。",
    ),
    Question(
        "ch03.matrix_zone",
        "A customer is highly valuable, but the firm's capability to serve her is limited. In "
        "the customer value – enterprise capability matrix she is in zone …",
        "一位客户价值很高，但企业服务她的能力有限。在客户价值-企业能力矩阵中她属于……",
        expected="b",
        kind="choice",
        choices={
            "a": "A区，重点选择（select actively）",
            "b": "B区，择机选择（select when the chance comes）",
            "c": "C区，消极选择（select passively）",
        },
        hints=(
            chose("a", "A区要求价值高，并且企业有足够的实力赢得和维系她。"),
            chose("c", "C区是价值有限的客户；她的价值很高。"),
        ),
        explanation="价值高而企业服务能力有限：等待时机，或先提升能力（例如在她的城市开店），"
        "这就是择机选择。",
    ),
    Question(
        "ch03.capability_signal",
        "Which of these may measure the firm's capability to serve a customer in the value – "
        "capability matrix, whose value axis is her profit?",
        "在以客户利润为价值轴的客户价值-企业能力矩阵中，下面哪一项可以用来衡量企业服务她的能力？",
        expected="c",
        kind="choice",
        choices={
            "a": "她自己的退货率（her own return rate）",
            "b": "她的服务成本（her cost to serve）",
            "c": "她所在城市的竞争强度和企业的门店覆盖（competition and store reach in her city）",
            "d": "她的累计利润（her profit to date）",
        },
        hints=(
            chose("a", "退货已经减少了她的收入、增加了服务成本，利润里已经算过一次。"),
            chose("b", "服务成本已经从她的利润中扣除；再当作能力就重复计算了。"),
            chose("d", "累计利润就是价值轴本身。"),
        ),
        explanation="能力轴要描述企业一方（竞争地位、门店、品类、服务团队），而不是客户自己的"
        "行为：退货和服务成本已在利润里，再用作能力会把同一件事算两次，检验也会变成循环论证。",
    ),
    Question(
        "ch03.rfm_cn_class",
        "A customer bought recently (R high) and spent a lot (M high) but rarely buys (F low). "
        "In the Chinese 8-class RFM scheme she is a …",
        "一位客户最近购买过（R高）、消费金额高（M高），但购买次数少（F低）。在RFM八类客户中她属于……",
        expected="b",
        kind="choice",
        choices={
            "a": "重要价值客户（important value: high R, high F, high M）",
            "b": "重要发展客户（important development）",
            "c": "重要保持客户（important to maintain）",
            "d": "重要挽留客户（important to retain）",
        },
        hints=(
            chose("a", "重要价值客户还要求F高（购买次数多）。"),
            chose("c", "保持（maintain）是购买次数多、但最近没有购买（R低）的客户。"),
            chose(
                "d",
                "挽留（retain）是既不是最近购买、也不常购买、但消费金额高的客户：要在她流失前"
                "把她留住（不是挽回 win-back，挽回针对已经流失的客户）。",
            ),
        ),
        explanation="最近买过、金额高但次数少：要提高她的购买频率，发展她——重要发展客户。",
    ),
)
