"""The explorer widget and the helpers every explorer shares (private to :mod:`crmlab.widgets`).

Charts are drawn by the :mod:`crmlab.plots` functions on a matplotlib ``Figure`` made by
:func:`new_figure` (no pyplot state) and shown as a PNG image widget (:func:`chart_image`,
:func:`png`). Money is written with :func:`crmlab.plots.money` (the theme's currency).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping

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
    """The figure as PNG bytes, for :func:`chart_image`."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
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


def html_table(frame: pd.DataFrame) -> str:
    """The table as escaped HTML with the CSS class ``crmlab-table``."""
    return frame.to_html(classes="crmlab-table", border=0, escape=True)
