"""The explorer widget and the helpers every explorer shares (private to :mod:`crmlab.widgets`).

Charts are drawn by the :mod:`crmlab.plots` functions on a matplotlib ``Figure`` made by
:func:`new_figure` (no pyplot state) and shown as a PNG image widget (:func:`chart_image`,
:func:`png`). Money is written with :func:`crmlab.plots.money` (the theme's currency).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "SLIDER_LAYOUT",
    "STYLE",
    "Explorer",
    "chart_image",
    "float_slider",
    "html_table",
    "new_figure",
    "percent",
    "png",
    "readout",
]

#: Size of an explorer's chart (inches) and of its image in the notebook.
FIGSIZE = (6.4, 3.2)
IMAGE_WIDTH = "640px"
#: Style and layout of the controls: full descriptions, wide sliders.
STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "420px"}


class Explorer(widgets.VBox):
    """A widget explorer: a ``VBox`` with named controls, named readouts and ``refresh()``.

    Attributes
    ----------
    controls : dict of str to Widget
        The inputs the student moves (sliders, check boxes, pickers).
    outputs : dict of str to Widget
        What the explorer shows (HTML readouts, the chart image).
    refresh : callable
        Recompute every readout from the current control values; each control calls it
        when its value changes.

    Examples
    --------
    >>> box = widgets.IntSlider(value=1, description="n")
    >>> shown = readout("crmlab-demo")
    >>> def refresh():
    ...     shown.value = f"n² = {box.value ** 2}"
    >>> demo = Explorer("Squares", {"n": box}, {"square": shown}, refresh, css="crmlab-demo")
    >>> demo.controls["n"].value = 3
    >>> demo.outputs["square"].value
    'n² = 9'
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.Widget],
        outputs: Mapping[str, widgets.Widget],
        refresh: Callable[[], None],
        *,
        css: str,
    ) -> None:
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        super().__init__(children=[header, *controls.values(), *outputs.values()])
        self.add_class("crmlab-explorer")
        self.add_class(css)
        self.controls = dict(controls)
        self.outputs = dict(outputs)
        self.refresh = refresh
        for control in self.controls.values():
            control.observe(lambda _change: self.refresh(), names="value")
        refresh()

    def arrange_in_columns(self, *columns: Sequence[str]) -> None:
        """Lay the named controls out in columns side by side, then the outputs.

        The columns wrap under each other on a narrow screen, and the chart stays in view
        while a slider moves.

        Examples
        --------
        >>> a, b = widgets.IntSlider(description="a"), widgets.IntSlider(description="b")
        >>> demo = Explorer("Two", {"a": a, "b": b}, {}, lambda: None, css="crmlab-demo")
        >>> demo.arrange_in_columns(["a"], ["b"])
        >>> [len(column.children) for column in demo.children[1].children]
        [1, 1]
        """
        header = self.children[0]
        boxes = widgets.HBox(
            [widgets.VBox([self.controls[name] for name in column]) for column in columns],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="0 24px"),
        )
        self.children = (header, boxes, *self.outputs.values())


def float_slider(
    name: str,
    description: str,
    start: float,
    low: float,
    high: float,
    step: float,
    fmt: str = ".2f",
) -> widgets.FloatSlider:
    """A slider from ``low`` to ``high`` starting at ``start`` (clipped), CSS ``crmlab-<name>``."""
    slider = widgets.FloatSlider(
        value=float(np.clip(start, low, high)),
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style=STYLE,
        layout=SLIDER_LAYOUT,
    )
    slider.add_class(f"crmlab-{name}")
    return slider


def readout(css: str) -> widgets.HTML:
    """An empty HTML readout with the CSS class ``css``."""
    shown = widgets.HTML()
    shown.add_class(css)
    return shown


def chart_image() -> widgets.Image:
    """The image widget an explorer shows its chart in (CSS ``crmlab-chart``)."""
    image = widgets.Image(format="png", layout={"width": IMAGE_WIDTH})
    image.add_class("crmlab-chart")
    return image


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes, for :func:`chart_image`, cropped to what is drawn.

    The tight crop keeps long axis labels (Chinese ones, a currency unit) from being cut at
    the figure's edge whatever the fixed margins of :func:`new_figure`.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", pad_inches=0.08)
    return buffer.getvalue()


def new_figure(
    size: tuple[float, float] = FIGSIZE, *, left: float = 0.12, right: float = 0.97
) -> tuple[Figure, Axes]:
    """A pyplot-free figure with one Axes and fixed margins."""
    # fixed margins: a constrained layout would double the drawing time of every refresh
    fig = Figure(figsize=size)
    fig.subplots_adjust(left=left, right=right, bottom=0.16, top=0.9)
    return fig, fig.subplots()


def percent(share: float) -> str:
    """A share as ``'12.3%'``; ``'–'`` when it is not a finite number."""
    return "–" if not np.isfinite(share) else f"{share * 100:.1f}%"


#: A text cell that reads as an amount: "9.1%", a money amount with its currency sign, "–".
_AMOUNT = re.compile(r"^[−+-]?[^\d\s]{0,4}\s?[−+-]?[\d,]*\.?\d+\s?%?$|^–$")


def _number_like(column: pd.Series) -> bool:
    """Numbers, or text that reads as amounts and shares: right-aligned in a table."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return False
    if pd.api.types.is_numeric_dtype(column.dtype):
        return True
    values = column.dropna()
    return bool(len(values)) and all(isinstance(v, str) and _AMOUNT.match(v) for v in values)


def html_table(frame: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """The table as escaped HTML (CSS class ``crmlab-table``), aligned and readable.

    Headers are the display names of :func:`crmlab.plots.table` (Chinese in Chinese mode;
    ``names`` adds table-specific ones) and whole-number float columns show as integers
    ("976 leads", never "976.0"). Number columns and their headers are right-aligned with
    tabular figures, text columns left-aligned, so every header sits over its column.

    Examples
    --------
    >>> from crmlab.plots import use_english
    >>> use_english()
    >>> html = html_table(pd.DataFrame({"stage": ["lead"], "reached": [976.0]}))
    >>> ">976<" in html and "976.0" not in html
    True
    """
    from crmlab.plots import table

    shown = table(frame, names)
    numeric = [_number_like(shown[c]) for c in shown.columns]
    cell = "padding:2px 10px;"

    def aligned(is_number: bool) -> str:
        return (
            "text-align:right;font-variant-numeric:tabular-nums;"
            if is_number
            else "text-align:left;"
        )

    def text(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "–"
        if isinstance(value, float):
            return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    index_name = shown.index.name if shown.index.name is not None else ""
    head = f"<th style='{cell}text-align:left'>{html.escape(str(index_name))}</th>" + "".join(
        f"<th style='{cell}{aligned(n)}'>{html.escape(str(c))}</th>"
        for c, n in zip(shown.columns, numeric, strict=True)
    )
    rows = []
    for label, values in zip(shown.index, shown.itertuples(index=False), strict=True):
        cells = "".join(
            f"<td style='{cell}{aligned(n)}'>{html.escape(text(v))}</td>"
            for v, n in zip(values, numeric, strict=True)
        )
        rows.append(
            f"<tr><th style='{cell}text-align:left'>{html.escape(text(label))}</th>{cells}</tr>"
        )
    return (
        "<table class='crmlab-table' style='border-collapse:collapse'>"
        f"<thead><tr style='border-bottom:1px solid #999'>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
