"""Self-check questions of chapter 05: customer satisfaction (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmlab._question_types import Question, chose, near, too_high

if TYPE_CHECKING:
    import pandas as pd

    from crmlab.satisfaction import DriversResult

#: Overall satisfaction (1-5) at or below this counts as dissatisfied (1 very, 2 dissatisfied).
DISSATISFIED_AT = 2


def dissatisfied_who_complained(complaints: pd.DataFrame) -> float:
    """Share of the dissatisfied respondents who complained, from ``complaints_by_satisfaction``.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"respondents": [10, 30, 60], "complained": [4, 6, 9]},
    ...                      index=[1, 2, 5])
    >>> dissatisfied_who_complained(table)  # (4 + 6) / (10 + 30)
    0.25
    """
    low = complaints.loc[complaints.index <= DISSATISFIED_AT]
    return float(low["complained"].sum() / low["respondents"].sum())


def overlap_answer(drivers: DriversResult) -> str:
    """``"a"`` when the 3rd driver's interval lies above the 4th's, else ``"c"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.satisfaction import DriversResult
    >>> table = pd.DataFrame({"conf_low": [0.5, 0.4, 0.30, 0.1],
    ...                       "conf_high": [0.7, 0.6, 0.40, 0.2]})
    >>> overlap_answer(DriversResult(table, r_squared=0.5, respondents=100))
    'a'
    """
    third, fourth = drivers.coefficients.iloc[2], drivers.coefficients.iloc[3]
    return "a" if third["conf_low"] > fourth["conf_high"] else "c"


CH05 = (
    Question(
        "ch05.csi_one_customer",
        "Before buying she expected 8 out of 10 for quality; after buying she rates it 6. "
        "What is her satisfaction index C?",
        "购买前她对质量的期望是8分（满分10分），购买后的感受是6分。她的顾客满意度指数C是多少？",
        expected=6 / 8,
        rel_tol=0.01,
        hints=(
            near(8 / 6, "这是期望 ÷ 感知；C 是感知 ÷ 期望（perceived ÷ expected）。"),
            near(-2, "这是差距（感知 − 期望）；C 是两者之比。"),
            near(0.25, "这是C低于1的幅度（1 − C）；题目问的是C本身。"),
        ),
        hint="C = 顾客的感知值 ÷ 顾客的期望值。",
        explanation="C = 感知 ÷ 期望 = 6 ÷ 8，小于1：她感受到的比期望的少，按课程的标准是不满意。",
    ),
    Question(
        "ch05.same_shortfall",
        "Two customers both rate quality 2 points below what they expected: Ms Li expected 4 "
        "and perceived 2, Ms Wang expected 9 and perceived 7. Predict before you run the next "
        "cells: whose C is lower, and what does that say about C?",
        "两位顾客对质量的感受都比期望低2分：李女士期望4分、感受2分；王女士期望9分、感受7分。"
        "先预测，再运行下面几段代码：谁的C更低？这说明C有什么问题？",
        expected="a",
        kind="choice",
        choices={
            "a": "李女士更低：同样差2分，期望越低，C被压得越低（Ms Li: the same gap weighs more "
            "on a low expectation）",
            "b": "王女士更低：期望越高越难满足（Ms Wang: high expectations are harder to meet）",
            "c": "两人一样：差距相同，C也相同（the same: the gap is the same）",
        },
        hints=(
            chose("b", "算一算：7 ÷ 9 和 2 ÷ 4，哪个更小？"),
            chose("c", "C是比值，不是差值：同样的差距除以不同的期望，结果不同。"),
        ),
        explanation="C = 感知 ÷ 期望：2 ÷ 4 = 0.50，7 ÷ 9 ≈ 0.78。同样少了2分，C却取决于期望的"
        "高低——评分没有天然的零点，比值会随计分方式而变；比较时要同时看差距（感知 − 期望）。",
    ),
    Question(
        "ch05.delivered_value",
        "A customer scores product value 7, service value 6, personnel value 8 and image value "
        "5; money cost 5, time cost 4, energy cost 3 and psychic cost 6. What is her delivered "
        "value, in score points?",
        "一位客户给产品价值7分、服务价值6分、人员价值8分、形象价值5分；货币成本5分、时间成本4分、"
        "体力成本3分、精神成本6分。她的客户让渡价值是多少分？",
        expected=(7 + 6 + 8 + 5) - (5 + 4 + 3 + 6),
        rel_tol=0.0,
        abs_tol=0.01,
        hints=(
            near(26, "这是总客户价值；还要减去总客户成本。"),
            near(18, "这是总客户成本；让渡价值 = 总客户价值 − 总客户成本。"),
            near(-8, "方向反了：是价值减成本，不是成本减价值。"),
            near(26 / 18, "这是价值与成本之比；课程的让渡价值是两者之差。"),
        ),
        hint="让渡价值 =（产品 + 服务 + 人员 + 形象价值）−（货币 + 时间 + 体力 + 精神成本）。",
        explanation="把四项价值分加起来得到总客户价值，把四项成本分加起来得到总客户成本，两者相减"
        "为正：她得到的多于付出的。按课程的说法，让渡价值越大，客户满意度就越高。",
    ),
    Question(
        "ch05.dissatisfied_who_complained",
        "Predict, then compute from the table below: of the respondents who rate their overall "
        "satisfaction 1 or 2 (dissatisfied), what share complained at least once?",
        "先猜，再用下面的表算：总体满意度为1分或2分（不满意）的受访者中，有多大比例至少投诉过一次？",
        expected=dissatisfied_who_complained,
        share=True,
        abs_tol=0.005,
        hints=(
            near(lambda e: 1 - e, "这是从没投诉过的比例；题目问的是投诉过的。", abs_tol=0.005),
            too_high("许多不满意的客户并不投诉。把1分和2分两行合起来算。"),
        ),
        hint="把1分和2分两行的“投诉过的人数”相加，除以这两行“受访者”之和。",
        explanation="（1分投诉过的人数 + 2分投诉过的人数）÷（1分受访者 + 2分受访者）。大多数不满意"
        "的客户从没有投诉：他们“可以说出来也可以一走了之”，所以投诉少不等于满意。",
    ),
    Question(
        "ch05.kano_pair",
        "Asked how she feels if the shop has a mobile app, a respondent answers 'I expect it' "
        "(理所当然); asked how she feels if it has none, 'I dislike it' (不喜欢). In which Kano "
        "category does her answer put the app?",
        "问一位受访者：“如果我们有手机App，你觉得怎样？”她答“理所当然”；“如果没有呢？”她答"
        "“不喜欢”。按Kano评价表，她的回答把手机App归入哪一类？",
        expected="c",
        kind="choice",
        choices={
            "a": "魅力质量（attractive）",
            "b": "期望质量（one-dimensional）",
            "c": "必备质量（must-be）",
            "d": "无差异质量（indifferent）",
        },
        hints=(
            chose("a", "魅力质量是“有了喜欢、没有也能接受”；她有了只觉得理所当然。"),
            chose("b", "期望质量是“有了喜欢、没有不喜欢”；她有了并不觉得喜欢，只是理所当然。"),
            chose("d", "无差异是“有没有都无所谓”；可她没有时会不喜欢。"),
        ),
        explanation="正向问题答“理所当然”、反向问题答“不喜欢”：有了不会让她更满意，没有却会"
        "让她不满——这是必备质量，必须先做到，做到了也不加分。",
    ),
    Question(
        "ch05.driver_overlap",
        "In the regression of overall satisfaction on the gaps (perceived − expected), look at "
        "the attributes ranked 3rd and 4th. Which statement does the table support?",
        "在总体满意度对差距（感知 − 期望）的回归中，看排名第3和第4的两个属性。表中的结果支持"
        "哪一种说法？",
        expected=overlap_answer,
        kind="choice",
        choices={
            "a": "第3名明显比第4名重要：它的区间整体高于第4名（the 3rd clearly matters more: "
            "its interval lies above the 4th's）",
            "b": "第4名其实更重要：它的p值更小（the 4th matters more: its p-value is smaller）",
            "c": "数据分不出两者谁更重要：它们的置信区间重叠（the data cannot tell them apart: "
            "their intervals overlap）",
        },
        hints=(
            chose("a", "点估计大一点不等于真的更大：第3名的区间下限是否高于第4名的上限？"),
            chose("b", "p值检验的是系数是否为0，不是两个属性谁更重要。"),
            chose("c", "再看两个区间的上下限：它们真的重叠吗？"),
        ),
        explanation="比较两个系数要看它们的不确定性：置信区间（约为系数 ± 2个标准误）重叠时，"
        "数据分不出谁大谁小，排名只是点估计的排名；只有区间分开时，才能说一个比另一个重要。",
    ),
)
