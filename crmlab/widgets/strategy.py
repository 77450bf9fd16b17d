"""The CRM readiness self-assessment (CRM项目实施前的评估): score the eight questions.

The numbers come from :func:`crmlab.readiness.readiness_score`, the chart from
:func:`crmlab.plots.readiness_chart`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from crmlab import plots
from crmlab.readiness import READINESS_QUESTIONS, readiness_score
from crmlab.widgets._explorer import Explorer, chart_image, new_figure, png, readout

__all__ = ["readiness_explorer"]

_QUESTION_WIDTH = "470px"
_SLIDER_WIDTH = "190px"
_MAX = 4


def _summary_text(total: int, percentage: float, verdict: str, verdict_cn: str) -> str:
    return plots.label(
        f"Score <b>{total}</b> of 32 ({percentage:.0f}%): <b>{verdict}</b>",
        f"得分 <b>{total}</b> / 32（{percentage:.0f}%）：<b>{verdict_cn}</b>",
    )


def _risks_text(table) -> str:
    weak = table.loc[table["weak"]]
    if weak.empty:
        return plots.label(
            "No weak answer: no risk named.", "没有薄弱的回答：暂无需要特别提示的风险。"
        )
    items = "".join(
        f"<li>{html.escape(plots.label(row['question'], row['question_cn']))} → "
        f"<b>{html.escape(plots.label(row['risk'], row['risk_cn']))}</b></li>"
        for _, row in weak.iterrows()
    )
    head = plots.label("Risks of the weak answers:", "薄弱回答对应的风险：")
    return f"{head}<ul style='margin:2px 0'>{items}</ul>"


def readiness_explorer(
    answers: Mapping[str, int] | None = None, *, weak_at_most: int = 2
) -> Explorer:
    """Score the eight CRM pre-implementation questions and see the risks (CRM实施准备自评).

    One slider per question (0 = not at all … 4 = fully); the readouts give the total, the
    verdict of :func:`crmlab.readiness.readiness_score` and the risk of every weak answer
    (score ≤ ``weak_at_most``); the chart shows the eight scores.

    Parameters
    ----------
    answers : mapping, optional
        Starting score per question key (default: 3 for every question, none weak).
    weak_at_most : int, default 2
        Scores up to this value count as weak.

    Returns
    -------
    Explorer
        Controls named by the question keys (``funding`` … ``integration``; CSS
        ``crmlab-readiness-<key>``); outputs ``summary`` (``crmlab-readiness-summary``),
        ``risks`` (``crmlab-readiness-risks``) and ``chart``.

    Examples
    --------
    >>> plots.use_english()
    >>> explorer = readiness_explorer({q.key: 4 for q in READINESS_QUESTIONS})
    >>> "<b>32</b> of 32" in explorer.outputs["summary"].value
    True
    >>> explorer.controls["integration"].value = 0
    >>> "360° customer view" in explorer.outputs["risks"].value
    True
    """
    keys = [q.key for q in READINESS_QUESTIONS]
    start = {key: 3 for key in keys} | dict(answers or {})
    unknown = sorted(set(start) - set(keys))
    if unknown:
        raise ValueError(f"answers: unknown question(s) {unknown}; the questions are {keys}")
    controls: dict[str, widgets.Widget] = {}
    rows = []
    for number, q in enumerate(READINESS_QUESTIONS, start=1):
        value = start[q.key]
        if not (isinstance(value, int) and 0 <= value <= _MAX):
            raise ValueError(f"answers: {q.key!r} must be an integer 0-{_MAX}, got {value!r}")
        slider = widgets.IntSlider(
            value=value,
            min=0,
            max=_MAX,
            step=1,
            continuous_update=False,
            layout={"width": _SLIDER_WIDTH},
        )
        slider.add_class(f"crmlab-readiness-{q.key.replace('_', '-')}")
        controls[q.key] = slider
        text = widgets.HTML(
            f"{number}. {html.escape(plots.label(q.question, q.question_cn))}",
            layout={"width": _QUESTION_WIDTH},
        )
        rows.append(widgets.HBox([text, slider]))
    outputs = {
        "summary": readout("crmlab-readiness-summary"),
        "risks": readout("crmlab-readiness-risks"),
        "chart": chart_image(),
    }

    def refresh() -> None:
        result = readiness_score(
            {key: int(c.value) for key, c in controls.items()}, weak_at_most=weak_at_most
        )
        outputs["summary"].value = _summary_text(
            result.total, result.percentage, result.verdict, result.verdict_cn
        )
        outputs["risks"].value = _risks_text(result.table)
        fig, ax = new_figure((6.4, 3.6), left=0.3)
        plots.readiness_chart(result, ax=ax)
        outputs["chart"].value = png(fig)

    explorer = Explorer(
        plots.label("CRM readiness self-assessment", "CRM项目实施前的自我评估"),
        controls,
        outputs,
        refresh,
        css="crmlab-readiness",
    )
    header = explorer.children[0]
    hint = widgets.HTML(
        plots.label(
            "Score each question: 0 = not at all, 4 = fully.",
            "为每个问题打分：0 = 完全没有，4 = 完全做到。",
        )
    )
    explorer.children = (header, hint, widgets.VBox(rows), *outputs.values())
    return explorer
