"""Real-browser tests: JupyterLab in Chromium, as a student runs the notebooks.

One JupyterLab server (kernel: this interpreter, the .venv python) over a temporary copy of
the notebooks, and one Debian ``/usr/bin/chromium`` driven by Playwright, serve both tests
(the machinery is in ``tests/_jupyterlab.py``, shared with ``tests/screenshots.py``). Each
test opens its notebook at a 1,280 px wide viewport and runs all cells from the Run menu:

- the CLV calculator (in whichever chapter notebook calls ``widgets.clv_calculator(``, or
  the notebook in ``$CRMLAB_BROWSER_NOTEBOOK``): the retention slider moved with the keyboard
  makes the CLV shown the value :func:`crmlab.clv.clv_simple` computes for the new setting;
- the customer 360° view of chapter 01: at most 700 px tall, its chart beside the customer
  selector rather than below it, nothing in it cut off.

Screenshots go to ``tests/artifacts/`` (or ``$CRMLAB_TEST_ARTIFACTS``). Skipped, with the
reason, when chromium or Playwright is absent.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _jupyterlab as jl
import pytest

from crmlab import clv

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
)

REPO = jl.REPO
CALCULATOR_CALL = "widgets.clv_calculator("


def calculator_notebook(folder: Path = REPO / "notebooks") -> Path | None:
    """The chapter notebook (01–09, not the 00 tour) whose code cells call the CLV calculator
    (the last in name order while a split chapter's old file still exists: 04a after 04)."""
    found = None
    for path in sorted(folder.glob("0[1-9]*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any(
            cell["cell_type"] == "code" and CALCULATOR_CALL in "".join(cell["source"])
            for cell in cells
        ):
            found = path
    return found


#: The notebook the calculator test drives: the chapter that holds the CLV calculator (it
#: moves when a chapter is split) or the one in $CRMLAB_BROWSER_NOTEBOOK.
_OVERRIDE = os.environ.get("CRMLAB_BROWSER_NOTEBOOK")
NOTEBOOK = Path(_OVERRIDE).resolve() if _OVERRIDE else calculator_notebook()
#: Chapter 01, whose Explore section has the customer 360° view.
FOUNDATIONS = REPO / "notebooks" / "01_crm_foundations.ipynb"
ARTIFACTS = Path(os.environ.get("CRMLAB_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))
STEPS = 5  # arrow-key presses on the retention slider (step 0.01 each)
C360_MAX_HEIGHT = 700  # px: the 360° view fits a laptop screen
#: Which notebook each test drives (the module fixture opens those of the selected tests).
NOTEBOOK_OF_TEST = {
    "test_retention_slider_changes_the_clv_shown": NOTEBOOK,
    "test_customer_360_view_fits_the_screen_with_its_chart_beside": FOUNDATIONS,
}

if os.environ.get("CI") and not jl.CHROMIUM.exists():
    # CI installs chromium (.ci/run): its absence there is a broken set-up, not a reason to skip
    raise RuntimeError("CI=true but /usr/bin/chromium is missing; .ci/run should install it")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not jl.CHROMIUM.exists(),
        reason="no /usr/bin/chromium: install Debian's chromium (apt-get install chromium) "
        "to run the real-browser test",
    ),
]


_CLOCK = {"start": time.monotonic()}  # reset when the server starts


def _step(what: str) -> None:
    """Print the time since JupyterLab was started (shown with ``-s`` or when a test fails)."""
    print(f"{time.monotonic() - _CLOCK['start']:6.1f} s  {what}")


@pytest.fixture(scope="module")
def lab() -> Iterator[jl.Lab]:
    """One JupyterLab server over copies of both notebooks, for the whole module."""
    if NOTEBOOK is None:
        pytest.fail(f"no chapter notebook (notebooks/0[1-9]*.ipynb) calls {CALCULATOR_CALL}…)")
    _CLOCK["start"] = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="crmlab-lab-") as home,
        jl.lab_server(Path(home), [NOTEBOOK, FOUNDATIONS]) as server,
    ):
        _step("JupyterLab up")
        yield server


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    """One headless chromium (one browser context, one cache) for the whole module."""
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = jl.launch_browser(playwright)
        _step("chromium up")
        yield chromium
        chromium.browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def running(request: pytest.FixtureRequest, lab: jl.Lab, context: Any) -> Iterator[dict]:
    """The selected tests' notebooks, each in its own page with Run All started at once, so
    their kernels run side by side: notebook path → page."""
    selected = {getattr(item, "originalname", item.name) for item in request.session.items}
    wanted = {NOTEBOOK_OF_TEST[name] for name in selected if name in NOTEBOOK_OF_TEST}
    pages: dict[Path, Any] = {}
    try:
        for notebook in sorted(wanted):
            pages[notebook] = jl.open_notebook(context, lab.url(notebook.name))
            jl.start_run_all(pages[notebook])
            _step(f"{notebook.name} open, Run All started")
        yield pages
    finally:
        for page in pages.values():
            page.close()


def _finished(running: dict[Path, Any], notebook: Path, failure_png: str) -> Any:
    """The notebook's page once its Run All has finished; on failure a screenshot and why."""
    page = running[notebook]
    try:
        jl.wait_for_run(page)
    except jl.LabError as error:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / failure_png))
        raise AssertionError(f"{notebook.name} did not run in JupyterLab: {error}") from None
    return page


def _money_value(text: str) -> float:
    match = re.fullmatch(r"CLV = (−?)¥([\d,]+\.\d\d)", text.strip())
    assert match, f"the CLV readout should read 'CLV = ¥1,234.56', it reads {text!r}"
    amount = float(match.group(2).replace(",", ""))
    return -amount if match.group(1) else amount


def test_retention_slider_changes_the_clv_shown(running: dict[Path, Any]) -> None:
    assert NOTEBOOK is not None
    expect = sync_api.expect
    page = _finished(running, NOTEBOOK, "clv_calculator_failure.png")
    calculator = page.locator(".crmlab-clv-calculator").first
    readout = calculator.locator(".crmlab-clv-value")
    expect(readout).to_contain_text("CLV = ¥")
    calculator.scroll_into_view_if_needed()
    _step(f"{NOTEBOOK.name} run, CLV calculator shown")

    def setting(name: str) -> float:
        text = calculator.locator(f".crmlab-{name} .widget-readout").inner_text()
        return float(text.replace(",", ""))

    margin, retention, discount = setting("margin"), setting("retention"), setting("discount")
    infinite = calculator.locator(".crmlab-infinite input").is_checked()
    horizon = None if infinite else int(setting("horizon"))
    before = readout.inner_text()
    assert _money_value(before) == pytest.approx(
        clv.clv_simple(margin, retention, discount, horizon=horizon), abs=0.006
    )

    # move the retention slider with the keyboard: 5 steps of 0.01
    key, sign = ("ArrowRight", 1) if retention <= 0.9 else ("ArrowLeft", -1)
    target = round(retention + sign * STEPS * 0.01, 2)
    handle = calculator.locator(".crmlab-retention .noUi-handle")
    handle.focus()
    for _ in range(STEPS):
        handle.press(key)
    expect(calculator.locator(".crmlab-retention .widget-readout")).to_have_text(f"{target:.2f}")
    expected = clv.clv_simple(margin, target, discount, horizon=horizon)
    expect(readout).to_have_text(f"CLV = ¥{expected:,.2f}")
    _step(f"retention {retention:.2f} → {target:.2f}: {readout.inner_text()}")
    assert readout.inner_text() != before
    assert _money_value(readout.inner_text()) == pytest.approx(expected, abs=0.006)

    # let the kernel finish redrawing the chart before the screenshot
    expect(page.locator("#jp-main-statusbar").get_by_text("Idle")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    calculator.screenshot(path=str(ARTIFACTS / "clv_calculator.png"))


# Boxes inside an element whose content is wider than they are and is cut off or hidden
# behind a scroll bar (overflow not visible), named by the table headers they hold.
_CLIPPED_JS = """
(root) => [...root.querySelectorAll('*')]
  .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 2
    && getComputedStyle(e).overflowX !== 'visible')
  .map((e) => `${e.clientWidth} px wide box holding ${e.scrollWidth} px (tables: `
    + [...e.querySelectorAll('thead th')].map((t) => t.textContent.trim()).filter(Boolean)
        .slice(0, 8).join(' ') + ')')
"""


def test_customer_360_view_fits_the_screen_with_its_chart_beside(
    running: dict[Path, Any],
) -> None:
    page = _finished(running, FOUNDATIONS, "customer_360_failure.png")
    view = page.locator(".crmlab-c360").first
    selector = view.locator(".crmlab-customer360").first
    chart = view.locator(".crmlab-chart").first
    sync_api.expect(chart).to_be_visible()
    view.scroll_into_view_if_needed()
    _step(f"{FOUNDATIONS.name} run, 360° view shown")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / "customer_360.png"))
    box, picker, image = view.bounding_box(), selector.bounding_box(), chart.bounding_box()
    assert box and picker and image
    shown = (
        f"view {box['width']:.0f}×{box['height']:.0f} px; selector x {picker['x']:.0f}–"
        f"{picker['x'] + picker['width']:.0f}, y {picker['y']:.0f}–"
        f"{picker['y'] + picker['height']:.0f}; chart at x {image['x']:.0f}, y {image['y']:.0f}"
    )
    assert box["height"] <= C360_MAX_HEIGHT, (
        f"the 360° view is {box['height']:.0f} px tall (> {C360_MAX_HEIGHT} px): {shown}"
    )
    assert image["x"] >= picker["x"] + picker["width"] - 1, (
        f"the chart should sit to the right of the customer selector: {shown}"
    )
    assert image["y"] < picker["y"] + picker["height"], (
        f"the chart should sit beside the customer selector, not below it: {shown}"
    )
    clipped = view.evaluate(_CLIPPED_JS)
    assert not clipped, f"parts of the 360° view are cut off (wider than their box): {clipped}"
