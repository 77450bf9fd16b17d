"""Self-check questions of chapter 09: CRM strategy, evaluation and implementation (private)."""

from __future__ import annotations

import pandas as pd

from crmlab._question_types import Question, chose, near


def larger_growth_cell(growth: pd.DataFrame) -> str:
    """``"a"`` when expansion earned more than diversification in ``growth``, else ``"b"``.

    Examples
    --------
    >>> g = pd.DataFrame({"strategy": ["loyalty", "expansion", "acquisition", "diversification"],
    ...                   "revenue": [60.0, 5.0, 30.0, 8.0]})
    >>> larger_growth_cell(g)
    'b'
    """
    revenue = growth.set_index("strategy")["revenue"]
    return "a" if revenue["expansion"] > revenue["diversification"] else "b"


def top_tier_stays(shares: pd.DataFrame) -> float:
    """Share of a period's top-tier customers still in the top tier the next period.

    Examples
    --------
    >>> s = pd.DataFrame([[0.2, 0.8], [0.1, 0.9]], index=["VIP", "inactive"],
    ...                  columns=["VIP", "inactive"])
    >>> top_tier_stays(s)
    0.2
    """
    top = shares.index[0]
    return float(shares.loc[top, top])


def _readiness_verdict() -> str:
    """The verdict letter for seven answers of 4 and one of 0 (computed by the package).

    Examples
    --------
    >>> _readiness_verdict()
    'b'
    """
    from crmlab.readiness import READINESS_QUESTIONS, readiness_score

    answers = {q.key: 4 for q in READINESS_QUESTIONS} | {"integration": 0}
    verdict = readiness_score(answers).verdict
    return {"ready": "a", "prepare further": "b", "not ready": "c"}[verdict]


CH09: tuple[Question, ...] = (
    Question(
        "ch09.growth_cell",
        "A fashion brand launches a sportswear line and offers it to the women who already "
        "buy its dresses. Which cell of the customer growth matrix is that?",
        "一家女装品牌推出运动休闲系列，并把它推荐给已经在买它连衣裙的老客户。这属于客户增长矩阵的哪一格？",
        expected="b",
        kind="choice",
        choices={
            "a": "客户忠诚战略（loyalty: existing customers, existing products）",
            "b": "客户扩展战略（expansion: existing customers, new products）",
            "c": "客户获取战略（acquisition: new customers, existing products）",
            "d": "客户多样化战略（diversification: new customers, new products）",
        },
        hints=(
            chose("a", "客户是老的，可产品呢？运动休闲系列是新推出的。"),
            chose("c", "她们已经在买连衣裙了：不是新客户。"),
            chose("d", "产品是新的，但客户是老客户。"),
        ),
        hint="先问客户是新是旧，再问产品是新是旧：两个答案合起来决定是哪一格。",
        explanation="老客户 × 新产品 = 客户扩展（扩充）战略：向已有的客户卖更多种类的东西，"
        "这也是交叉销售。老客户 × 老产品是忠诚战略，新客户 × 老产品是获取战略，"
        "新客户 × 新产品是多样化战略。",
    ),
    Question(
        "ch09.expansion_or_diversification",
        "Predict, then run: since the new category was launched, did it bring more revenue "
        "from existing customers (expansion) or from customers acquired since then "
        "(diversification)?",
        "先预测，再运行：新品类上市以来，它的收入更多来自老客户（扩展战略），还是来自此后新获得的客户（多样化战略）？",
        expected=larger_growth_cell,
        kind="choice",
        choices={
            "a": "来自老客户：扩展战略的收入更多（expansion earns more）",
            "b": "来自新客户：多样化战略的收入更多（diversification earns more）",
        },
        hint="看增长矩阵右边一列的两格：上面是老客户买新产品，下面是新客户买新产品。",
        explanation="新品类刚上市时，老客户人数多但很多人没有尝试；新客户一进门就看到新品类。"
        "哪一格更大，取决于老客户的人数、她们对新品类的兴趣，以及上市以后来了多少新客户——"
        "所以要算，不能凭感觉。",
    ),
    Question(
        "ch09.three_basics",
        "Which of these is NOT one of the three basics of CRM strategy in the course?",
        "下面哪一项不是课程所说的客户关系管理战略的三大基本点？",
        expected="d",
        kind="choice",
        choices={
            "a": "客户的真正需求是根本出发点（real needs first）",
            "b": "实现客户让渡价值的增值、让客户满意是基础（raise delivered value）",
            "c": "保持与客户良性接触是持久关系的保证（keep good contact）",
            "d": "尽量多地获取新客户、扩大市场份额（win as many new customers as possible）",
        },
        hints=(
            chose("a", "这一条就是第一个基本点：需求是出发点。"),
            chose("b", "这一条是第二个基本点：让渡价值增值、客户满意是基础。"),
            chose("c", "这一条是第三个基本点：良性接触、愉快的消费经验是保证。"),
        ),
        hint="三大基本点说的是：出发点、基础和保证。哪一项不属于其中？",
        explanation="三大基本点：客户的真正需求是出发点；客户让渡价值增值、客户满意是基础；"
        "与客户的良性接触是保证。只追求新客户数量正是漏斗原理批评的做法。",
    ),
    Question(
        "ch09.top_tier_stays",
        "Predict, then run: of the customers in the top tier (VIP) in one quarter, what share "
        "are still in the top tier the next quarter?",
        "先预测，再运行：某个季度的VIP客户，到下一个季度仍是VIP客户的比例是多少？",
        expected=top_tier_stays,
        share=True,
        abs_tol=0.005,
        hints=(
            near(
                lambda e: 1 - e,
                "这是离开VIP这一级的比例（升不上去，只能降级或不买）；题目问的是留下的。",
                abs_tol=0.005,
            ),
        ),
        hint="在转移矩阵中找“VIP客户”这一行、“VIP客户”这一列的那一格（行内比例）。",
        explanation="转移矩阵的每一行加起来是100%：对角线上的格子是“留在原级”的比例。"
        "对角线上的比例越小，这一级越难保住；离开的人有的降了级，有的下个季度根本没有购买。"
        "客户阶梯提醒我们：平均赢利能力是“级次”的，高层级的位置要靠持续经营才能保住。",
    ),
    Question(
        "ch09.project_triangle",
        "CRM project management trades off three dimensions. Which three?",
        "CRM项目管理的核心，是在哪三个维度上进行权衡？",
        expected="a",
        kind="choice",
        choices={
            "a": "范围、时间和成本（scope, time and cost）",
            "b": "质量、价格和服务（quality, price and service）",
            "c": "获取、保持和挽回（acquisition, retention and win-back）",
            "d": "人员、流程和技术（people, process and technology）",
        },
        hints=(
            chose("b", "这是客户感知价值的要素，不是项目管理的维度。"),
            chose("c", "这是客户关系的阶段。项目管理权衡的是项目本身的约束。"),
            chose("d", "这些是CRM实施成功要照顾的方面，但项目管理权衡的三个维度是另外三个。"),
        ),
        hint="一个项目要做多少事、多久做完、花多少钱？",
        explanation="CRM项目管理的核心：项目团队在范围、时间和成本三个维度上权衡，"
        "用项目管理的工具和技术管理和控制整个实施过程。范围扩大，时间或成本就得跟着变。",
    ),
    Question(
        "ch09.readiness_verdict",
        "Predict before using the self-assessment: a firm answers seven of the eight "
        "pre-implementation questions 'fully' (4) but has not decided which systems the CRM "
        "must integrate with (0). What is the verdict?",
        "先预测，再用自评工具验证：一家企业对八个实施前评估问题中的七个都回答“完全做到”（4分），"
        "却还没有确定哪些系统必须与CRM集成（0分）。评估结论是什么？",
        expected=_readiness_verdict,
        kind="choice",
        choices={
            "a": "准备就绪（ready）",
            "b": "需进一步准备（prepare further）",
            "c": "未准备好（not ready）",
        },
        hints=(
            chose("a", "总分是28/32，但有一个问题是0分：任何一个0分都会拖住结论。"),
            chose("c", "总分有88%，远高于一半。"),
        ),
        hint="自评工具的规则：总分75%以上且没有一个0分，才算“准备就绪”；"
        "总分50%以上为“需进一步准备”；否则“未准备好”。先算总分的百分比，再看有没有0分。",
        explanation="28/32 = 88%，但集成是0分：系统孤立，无法形成客户的360度视图。"
        "任何一个问题完全没有准备，结论最多是“需进一步准备”——一个短板就足以让项目失败。",
    ),
)
