"""The CRM readiness self-assessment (CRM项目实施前的评估, chapter 09).

Before a CRM project the course asks eight questions (funding, strategy, plan, requirements,
success criteria, one definition of "customer", development environment, integration).
:func:`readiness_score` scores the answers (0–4 each), gives a verdict and names the risk of
every weak answer; :data:`SUCCESS_FACTORS` and :data:`FAILURE_FACTORS` are the course's
lists of what makes a CRM implementation succeed or fail, each in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "FAILURE_FACTORS",
    "READINESS_QUESTIONS",
    "SUCCESS_FACTORS",
    "ReadinessQuestion",
    "ReadinessResult",
    "readiness_score",
]

#: What makes a CRM implementation succeed (促进CRM实施成功的因素): (English, 中文).
SUCCESS_FACTORS: tuple[tuple[str, str], ...] = (
    ("support from top management", "高层领导的支持"),
    ("a focus on processes", "专注于流程"),
    ("flexible use of technology", "技术的灵活运用"),
    ("a well-organised team", "组织良好的团队"),
    ("great attention to people", "极大地重视人的因素"),
    ("a phased roll-out", "分步实施"),
    ("system integration", "系统的整合"),
)
#: What makes a CRM implementation fail (导致CRM实施失败的因素): (English, 中文).
FAILURE_FACTORS: tuple[tuple[str, str], ...] = (
    ("neglecting data quality", "忽视了数据质量"),
    (
        "departmental silos with no communication",
        "组织内的政策导致部门性的行为，或者彼此之间完全没有沟通",
    ),
    ("IT and the business not working together", "IT部门和商业部门不能够协同工作"),
    ("no plan", "缺少计划"),
    (
        "serving the firm's needs, not the customer's",
        "CRM是为了满足企业的需求，而不是为了满足客户的需求",
    ),
    ("automating broken processes", "有问题的流程被自动化了"),
    ("neglecting skills", "对于技能掌握没有引起足够的重视"),
)


@dataclass(frozen=True)
class ReadinessQuestion:
    """One of the eight pre-implementation questions (CRM项目实施前的评估).

    ``short`` / ``short_cn`` are the few words a chart or a widget shows for it.
    """

    key: str
    question: str
    question_cn: str
    risk: str
    risk_cn: str
    short: str = ""
    short_cn: str = ""


#: The eight questions to answer before a CRM project, in the course's order.
READINESS_QUESTIONS: tuple[ReadinessQuestion, ...] = (
    ReadinessQuestion(
        "funding",
        "Is the CRM funding in place?",
        "CRM资金是否已经到位？",
        "The project may stall half-way when the money runs out.",
        "资金不到位，项目可能半途而废。",
        "Funding in place",
        "资金到位",
    ),
    ReadinessQuestion(
        "strategy",
        "Has the firm set its CRM strategy, with strategic goals and an implementation plan?",
        "是否确定了企业的CRM战略以及相应的战略目标和实施计划？",
        "Technology without a strategy: CRM serves the firm, not the customer.",
        "没有战略，CRM只满足企业的需求而不是客户的需求。",
        "Strategy and goals set",
        "战略与目标",
    ),
    ReadinessQuestion(
        "plan",
        "Does the project manager know the implementation steps well?",
        "项目经理是否已经对实施步骤“胸有成竹”？",
        "No plan: scope, time and cost drift apart.",
        "缺少计划，范围、时间和成本失控。",
        "Steps planned",
        "实施步骤",
    ),
    ReadinessQuestion(
        "requirements",
        "Has the project team defined the firm's CRM requirements?",
        "项目团队是否已经定义好企业的CRM需求？",
        "Broken processes get automated instead of being fixed.",
        "有问题的流程被自动化了。",
        "Requirements defined",
        "需求定义",
    ),
    ReadinessQuestion(
        "success_criteria",
        "Have the criteria for success been set?",
        "是否已经建立了成功的标准？",
        "Nobody can tell whether the project worked.",
        "无法判断项目是否成功。",
        "Success criteria",
        "成功标准",
    ),
    ReadinessQuestion(
        "customer_definition",
        "Do all departments share one definition of 'customer'?",
        "企业所有部门对“客户”有一个共同的定义吗？",
        "Departmental silos and inconsistent customer data (poor data quality).",
        "部门各自为政，客户数据不一致（数据质量差）。",
        "One definition of customer",
        "统一的“客户”定义",
    ),
    ReadinessQuestion(
        "environment",
        "Does the current development environment support customising the CRM product?",
        "当前的工作站开发环境是否支持CRM产品的客户化？",
        "The product cannot be adapted; IT and the business work apart.",
        "产品无法客户化，IT部门和业务部门不能协同工作。",
        "Environment supports customising",
        "开发环境",
    ),
    ReadinessQuestion(
        "integration",
        "Has the firm decided which applications or systems must integrate with the CRM?",
        "企业是否已经确定哪些应用软件或系统必须与CRM产品进行集成？",
        "Isolated systems: no 360° customer view.",
        "系统孤立，无法形成客户的360度视图。",
        "Integration decided",
        "系统集成",
    ),
)
_MAX_SCORE = 4


@dataclass(frozen=True)
class ReadinessResult:
    """Result of :func:`readiness_score`.

    Attributes
    ----------
    total : int
        Sum of the scores (0–32).
    percentage : float
        total ÷ 32 × 100.
    table : DataFrame
        One row per question (indexed by key) with ``question``, ``question_cn``, ``score``,
        ``weak`` and ``risk`` / ``risk_cn`` (empty when not weak).
    risks : tuple of str
        The risks of the weak answers, in question order.
    verdict, verdict_cn : str
        "ready" (≥ 75 %, 准备就绪), "prepare further" (≥ 50 %, 需进一步准备) or "not ready"
        (未准备好); any answer of 0 caps the verdict at "prepare further".
    """

    total: int
    percentage: float
    table: pd.DataFrame
    risks: tuple[str, ...]
    verdict: str
    verdict_cn: str


def readiness_score(answers: Mapping[str, int | bool], weak_at_most: int = 2) -> ReadinessResult:
    """Score the eight CRM pre-implementation questions (CRM项目实施前的评估).

    Parameters
    ----------
    answers : mapping
        One answer per key of :data:`READINESS_QUESTIONS` (``funding``, ``strategy``,
        ``plan``, ``requirements``, ``success_criteria``, ``customer_definition``,
        ``environment``, ``integration``): an integer 0 (not at all) … 4 (fully), or a bool
        (True = 4, False = 0).
    weak_at_most : int
        Scores up to this value count as weak and name their risk.

    Returns
    -------
    ReadinessResult

    Examples
    --------
    >>> answers = {q.key: 4 for q in READINESS_QUESTIONS}
    >>> answers.update(customer_definition=1, integration=False)
    >>> result = readiness_score(answers)
    >>> result.total, result.percentage, result.verdict
    (25, 78.125, 'prepare further')
    >>> result.risks[0]
    'Departmental silos and inconsistent customer data (poor data quality).'
    """
    if not isinstance(answers, Mapping):
        raise TypeError("answers: expected a mapping question key → score")
    keys = [q.key for q in READINESS_QUESTIONS]
    unknown = [k for k in answers if k not in keys]
    if unknown:
        raise ValueError(
            f"answers: unknown question(s) {', '.join(map(repr, unknown))}; "
            f"the questions are {', '.join(keys)}"
        )
    missing = [k for k in keys if k not in answers]
    if missing:
        raise ValueError(
            f"answers: no answer for {', '.join(missing)}; answer all eight questions "
            f"with 0-{_MAX_SCORE} or True/False"
        )
    scores = {}
    for key in keys:
        answer = answers[key]
        if isinstance(answer, (bool, np.bool_)):
            scores[key] = _MAX_SCORE if answer else 0
        elif isinstance(answer, (int, np.integer)) and 0 <= answer <= _MAX_SCORE:
            scores[key] = int(answer)
        else:
            raise ValueError(
                f"answers: {key!r} must be an integer 0-{_MAX_SCORE} or True/False, got {answer!r}"
            )
    rows = []
    for q in READINESS_QUESTIONS:
        weak = scores[q.key] <= weak_at_most
        rows.append(
            {
                "question": q.question,
                "question_cn": q.question_cn,
                "score": scores[q.key],
                "weak": weak,
                "risk": q.risk if weak else "",
                "risk_cn": q.risk_cn if weak else "",
            }
        )
    table = pd.DataFrame(rows, index=pd.Index(keys, name="key"))
    total = int(table["score"].sum())
    percentage = total / (_MAX_SCORE * len(keys)) * 100.0
    if percentage >= 75 and min(scores.values()) > 0:
        verdict, verdict_cn = "ready", "准备就绪"
    elif percentage >= 50:
        verdict, verdict_cn = "prepare further", "需进一步准备"
    else:
        verdict, verdict_cn = "not ready", "未准备好"
    risks = tuple(table.loc[table["weak"], "risk"])
    return ReadinessResult(
        total=total,
        percentage=percentage,
        table=table,
        risks=risks,
        verdict=verdict,
        verdict_cn=verdict_cn,
    )
