"""Self-check questions of chapter 04b: the probabilistic models of CLV (private).

The ids keep the chapter number ``ch04`` (04a and 04b are two halves of one chapter).
Most are "predict, then run": asked before the cell that shows the answer; the two data
questions are read from the customer picker for Ms. Zhang (the notebook passes her id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmlab._question_types import Question, chose, near, too_high, too_low

if TYPE_CHECKING:
    import pandas as pd


def _p_alive(bgnbd: object, summary: pd.DataFrame, customer_id: object) -> float:
    row = summary.loc[customer_id]
    return float(bgnbd.probability_alive(row["frequency"], row["recency"], row["T"]))  # type: ignore[attr-defined]


def _expected_26_weeks(bgnbd: object, summary: pd.DataFrame, customer_id: object) -> float:
    row = summary.loc[customer_id]
    return float(
        bgnbd.expected_purchases(26, row["frequency"], row["recency"], row["T"])  # type: ignore[attr-defined]
    )


CH04B = (
    Question(
        "ch04.recency_two_meanings",
        "A customer's first purchase was 300 days before the end of observation, her last "
        "purchase 100 days before it. What are her RFM recency and her BG/NBD recency t_x?",
        "某位客户的第一次购买在观察期末之前300天，最后一次购买在观察期末之前100天。"
        "她的RFM最近购买（recency）和BG/NBD模型里的recency（t_x）各是多少天？",
        expected="a",
        kind="choice",
        choices={
            "a": "RFM 100天，BG/NBD 200天（RFM 100 days, BG/NBD 200 days）",
            "b": "RFM 200天，BG/NBD 100天（RFM 200 days, BG/NBD 100 days）",
            "c": "两者都是100天（both 100 days）",
            "d": "RFM 100天，BG/NBD 300天（RFM 100 days, BG/NBD 300 days）",
        },
        hints=(
            chose(
                "b",
                "说反了：RFM的最近购买从最后一次购买数到观察期末；BG/NBD的 t_x "
                "从第一次购买数到最后一次购买。",
            ),
            chose(
                "c",
                "BG/NBD的recency不是“距今多久”，而是第一次到最后一次购买之间隔了多久。",
            ),
            chose(
                "d",
                "300天是她的“年龄”T（第一次购买到观察期末），不是 t_x（第一次到最后一次购买）。",
            ),
        ),
        hint="分别画出第一次购买、最后一次购买和观察期末三个时点，再看两种recency各量的是哪一段。",
        explanation="RFM最近购买 = 观察期末 − 最后一次购买 = 100天，越小越好；BG/NBD的 "
        "t_x = 最后一次 − 第一次购买 = 300 − 100 = 200天，越大越好。两者的关系是 "
        "RFM最近购买 = T − t_x（T = 300天）。",
    ),
    Question(
        "ch04.naive_forecast_direction",
        "Predict before running: the naive forecast lets every customer keep buying at her "
        "calibration-period rate, and nobody ever leaves. For a customer who used to buy "
        "often but has been silent for a long time, its forecast of her hold-out purchases, "
        "compared with the BG/NBD forecast, is …",
        "先预测，再运行：朴素预测（naive forecast）假设每位客户都按校准期的速度一直买下去，"
        "没有人会离开。对一位过去买得很勤、但已经沉默很久的客户，朴素预测给出的验证期购买次数，"
        "与BG/NBD模型的预测相比……",
        expected="a",
        kind="choice",
        choices={
            "a": "更高（higher）",
            "b": "更低（lower）",
            "c": "差不多（about the same）",
        },
        hints=(
            chose("b", "朴素预测只看她过去买得多勤；BG/NBD还会问：她还在吗？"),
            chose(
                "c",
                "长时间沉默让BG/NBD认为她很可能已经悄悄离开（流失，dropped out），"
                "朴素预测却看不到这一点。",
            ),
        ),
        hint="想一想朴素预测忽略了什么：沉默的客户里有一部分已经不再是客户。",
        explanation="朴素预测 = 校准期的购买速度（重复购买次数 ÷ T）× 验证期长度，默认没有人流失。"
        "BG/NBD的预测大致是“她仍是客户的概率 × 她活跃时会买几次”；长时间沉默把 P(alive) "
        "压低，所以对这样的客户，朴素预测高得多。",
    ),
    Question(
        "ch04.spend_shrinkage",
        "Predict: a customer has made one repeat purchase, of {currency}900; the average "
        "customer spends about {currency}300 per purchase. The Gamma-Gamma estimate of her "
        "spend per purchase is …",
        "先预测：某位客户只有一次重复购买，金额{currency}900；客户平均每次消费约{currency}300。"
        "Gamma-Gamma模型对她每次消费金额的估计是……",
        expected="b",
        kind="choice",
        choices={
            "a": "正好{currency}900：她自己的平均值（exactly {currency}900, her own average）",
            "b": "在{currency}300和{currency}900之间（between {currency}300 and {currency}900）",
            "c": "正好{currency}300：总体平均值（exactly {currency}300, the population mean）",
            "d": "高于{currency}900（above {currency}900）",
        },
        hints=(
            chose("a", "只凭一次购买，她的平均值噪声很大；模型不会全信它。"),
            chose("c", "模型也不会完全忽略她自己的购买：她毕竟买过一次{currency}900的东西。"),
            chose("d", "模型把她的平均值往总体平均值拉，而不是往外推。"),
        ),
        hint="Gamma-Gamma模型把每位客户自己的平均值向总体平均值“收缩”（shrinkage）。",
        explanation="Gamma-Gamma的估计是她自己的平均值与总体平均值的加权平均：购买次数越少，"
        "总体平均值的权重越大。只有一次购买时，估计落在{currency}300和{currency}900之间。",
    ),
    Question(
        "ch04.p_alive_direction",
        "Two customers made the same number of purchases over the same time, but one's last "
        "purchase was long ago. Under BG/NBD, her P(alive) is …",
        "两位客户在相同的观察期内购买次数相同，但其中一位的最后一次购买已经过去很久。"
        "按BG/NBD模型，她仍是客户的概率（P(alive)）……",
        expected="b",
        kind="choice",
        choices={
            "a": "更高（higher）",
            "b": "更低（lower）",
            "c": "一样（the same）",
        },
        hints=(
            chose("a", "经常购买之后长时间沉默，说明她可能已经离开（流失）。"),
            chose("c", "P(alive) 不只看买了几次，还看最后一次购买是什么时候。"),
        ),
        hint="比较两人最后一次购买之后沉默了多久。",
        explanation="购买次数相同，沉默越久，越可能已经流失：P(alive) 随最后一次购买的远去而下降，"
        "对原本买得勤的客户下降得更快。",
    ),
    Question(
        "ch04.p_alive_reading",
        "Type Ms. Zhang's customer id (printed in the setup; the variable zhang) into the "
        "customer picker: what is her probability of still being a customer, P(alive), at "
        "the end of the data?",
        "在客户选择器中输入张女士的客户编号（准备部分打印的编号，即变量 zhang）："
        "到数据截止日，她仍是我们客户的概率 P(alive) 是多少？",
        expected=_p_alive,
        share=True,
        abs_tol=0.01,
        hints=(
            near(
                lambda e: 1 - e,
                "这是她已经流失（dropped out）的概率，题目问的是她仍是客户的概率。",
                abs_tol=0.01,
            ),
        ),
        hint="读客户选择器中张女士的“存活概率 P(alive)”那一行。",
        explanation="拟合好的BG/NBD模型根据她的重复购买次数 x、首末购买间隔 t_x 和观察期长度 T "
        "算出的存活概率（bgnbd.probability_alive），也就是客户选择器显示的数。",
    ),
    Question(
        "ch04.expected_purchases_reading",
        "Set the picker's next period to 26 weeks for Ms. Zhang: how many purchases does the "
        "model expect from her in those 26 weeks?",
        "把客户选择器的预测期调到26周，看张女士：模型预计她在这26周里购买几次？",
        expected=_expected_26_weeks,
        rel_tol=0.02,
        abs_tol=0.01,
        hints=(
            too_high("预测期是26周吗？时间越长，预期购买越多。"),
            too_low("把预测期滑块调到26周了吗？13周的数会更小。"),
        ),
        hint="用预测期滑块，读“未来26周的预期购买次数”。",
        explanation="预期购买次数 E[Y(26) | x, t_x, T] 把她仍是客户的概率"
        "和她活跃时的购买速度结合起来：沉默越久，P(alive) 越低，预期购买也越少。",
    ),
)
