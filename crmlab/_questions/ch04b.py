"""Self-check questions of chapter 04b: the probabilistic models (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near

CH04B = (
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
)
