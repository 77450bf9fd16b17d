"""JupyterLab in Chromium, as a student sees it: the machinery of the browser test and the
screenshot script (``tests/test_browser.py``, ``tests/screenshots.py``).

:func:`lab_server` starts JupyterLab on 127.0.0.1 (a free port, a random token, a private
settings folder with the news pop-up off) over a temporary copy of a notebook folder whose
notebooks are stripped of their outputs, so what the page shows can only come from running
them. :func:`launch_browser` starts Debian's ``/usr/bin/chromium`` through Playwright (one
browser context, 1,280 px wide viewport); the browser resolves no host name but 127.0.0.1,
so nothing leaves the machine. :func:`open_notebook` opens a notebook in a new page,
:func:`run_all_cells` (or :func:`start_run_all` then :func:`wait_for_run`, to run several
notebooks side by side) runs it from the Run menu and waits until every cell has run, the
kernel is idle and the widgets are drawn; :func:`shoot_outputs` saves the figures and
widgets of each output area that shows some as a PNG.

Playwright is imported only by the functions that drive the browser, so this module imports
(and its doctests run) without it.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # only 127.0.0.1 traffic: every other host name fails to resolve
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: A student's laptop screen: 1,280 px wide.
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 60_000
#: JupyterLab settings written to the private settings folder: no autosave (the copy is never
#: written), no news pop-up or update check, every cell in the DOM (so an output is found
#: wherever it is in the notebook).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
#: The notebook on screen (JupyterLab hides the others in the dock panel).
PANEL = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)"
#: The probe cell appended to a copy: it prints where the kernel imported crmlab from.
PROBE_MARK = "CRMLAB_PROBE"
PROBE_SOURCE = f'import crmlab\n\nprint("{PROBE_MARK}", crmlab.__file__)'


class LabError(RuntimeError):
    """JupyterLab or the notebook did not do what the page needs (the message says what)."""


@dataclass
class Lab:
    """A running JupyterLab server over ``root`` (a copy of a notebook folder).

    Attributes
    ----------
    base : str
        ``http://127.0.0.1:<port>``.
    token : str
        The server's token.
    root : pathlib.Path
        The served folder.
    log : pathlib.Path
        The server's output.
    process : subprocess.Popen
        The server (leader of its own process group).
    """

    base: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def url(self, notebook: str) -> str:
        """The address that opens ``notebook`` (a path inside ``root``) in a fresh workspace.

        Examples
        --------
        >>> lab = Lab("http://127.0.0.1:8890", "abc", Path("/r"), Path("/l"), None)
        >>> lab.url("04a_customer_lifecycle.ipynb")
        'http://127.0.0.1:8890/lab/workspaces/04a_customer_lifecycle/tree/04a_customer_lifecycle.ipynb?reset&token=abc'
        """
        workspace = re.sub(r"[^A-Za-z0-9_-]", "-", Path(notebook).stem)
        path = urllib.parse.quote(notebook)
        return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log (for error messages)."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clear_outputs(path: Path, *, probe: bool = False) -> int:
    """Strip a notebook file's stored outputs in place (optionally append the probe cell).

    JupyterLab opens it faster, and what the page shows afterwards can only come from running
    it. The probe cell goes last, so cell numbers stay those of the original notebook.

    Returns
    -------
    int
        The number of cells of the original notebook.

    Examples
    --------
    >>> import tempfile
    >>> cell = {"cell_type": "code", "source": "1", "metadata": {}, "outputs": [1],
    ...         "execution_count": 3}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     nb = Path(tmp) / "x.ipynb"
    ...     _ = nb.write_text(json.dumps({"cells": [cell], "metadata": {"widgets": {}}}))
    ...     n = clear_outputs(nb, probe=True)
    ...     cells = json.loads(nb.read_text())["cells"]
    >>> n, cells[0]["outputs"], cells[0]["execution_count"], PROBE_MARK in cells[1]["source"]
    (1, [], None, True)
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    original = len(cells)
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    if probe:
        cells.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": PROBE_SOURCE,
            }
        )
    notebook.get("metadata", {}).pop("widgets", None)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return original


def _status_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (SIGTERM to its process group, then SIGKILL)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _copy_notebooks(notebooks: Sequence[Path], root: Path, probe: bool) -> None:
    """Copy the first notebook's folder to ``root``, the others beside it; strip outputs."""
    folder = notebooks[0].parent
    shutil.copytree(folder, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.png"))
    for notebook in notebooks:
        if not notebook.is_file():
            raise LabError(f"no notebook {notebook}")
        if notebook.parent != folder:
            shutil.copy2(notebook, root / notebook.name)
        clear_outputs(root / notebook.name, probe=probe)


def _write_settings(settings: Path) -> None:
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


@contextmanager
def lab_server(
    home: Path,
    notebooks: Sequence[Path],
    *,
    pythonpath: Sequence[Path] = (),
    probe: bool = False,
    startup_s: float = 60,
) -> Iterator[Lab]:
    """Run JupyterLab over a copy of the notebooks' folder (in ``home``) until the block ends.

    Parameters
    ----------
    home
        An empty scratch folder: the copy, the settings, the server's config and log.
    notebooks
        The notebooks that will be opened. The first one's folder is copied (the original is
        never written) and served, the others are copied beside it (open them by name, see
        :meth:`Lab.url`); the copies are stripped of their outputs.
    pythonpath
        Folders put first on the kernel's ``PYTHONPATH`` (``import crmlab`` then loads the
        package of an exported older version).
    probe
        Append a cell printing ``crmlab.__file__`` to each opened notebook (see
        :func:`probe_output`).
    startup_s
        How long the server may take to answer.

    Yields
    ------
    Lab
        The running server; it is stopped when the block ends.
    """
    root = home / "root"
    _copy_notebooks([Path(p).resolve() for p in notebooks], root, probe)
    settings = home / "settings"
    _write_settings(settings)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    if pythonpath:
        kept = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []
        env["PYTHONPATH"] = os.pathsep.join([*(str(Path(p).resolve()) for p in pythonpath), *kept])
    command = [
        sys.executable,  # the .venv python: its python3 kernelspec runs this interpreter
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",  # no language-server scan
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    log_path = home / "jupyter.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    lab = Lab(f"http://127.0.0.1:{port}", token, root, log_path, process)
    try:
        deadline = time.monotonic() + startup_s
        while not _status_ok(f"{lab.base}/api/status?token={token}"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise LabError(
                    f"JupyterLab did not start on port {port}; its log ends:\n{lab.log_tail()}"
                )
            time.sleep(0.25)
        tracker = f"{lab.base}/lab/api/settings/@jupyterlab/notebook-extension:tracker"
        with urllib.request.urlopen(f"{tracker}?token={token}", timeout=10) as response:
            raw = json.loads(response.read())["raw"]
        if '"windowingMode": "none"' not in raw:
            raise LabError(f"the lab settings were not applied: {raw}")
        yield lab
    finally:
        _stop(process)


def launch_browser(playwright: Any) -> Any:
    """A browser context of Debian's chromium, headless, through a started ``sync_playwright()``.

    One context (1,280 px wide viewport) for all pages: the second page that opens
    JupyterLab reuses what the first one downloaded and compiled. Close it with
    ``context.browser.close()``.
    """
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    return browser.new_context(viewport=VIEWPORT)


def _expect() -> Any:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    return expect


def open_notebook(context: Any, url: str) -> Any:
    """A new page on ``url`` (:meth:`Lab.url`), once the notebook shows and its kernel is idle.

    ``context`` comes from :func:`launch_browser`.
    """
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    expect = _expect()
    page.goto(url)
    expect(page.locator(f"{PANEL} .jp-Notebook")).to_be_visible()
    expect(page.locator("#jp-main-statusbar").get_by_text("Idle")).to_be_visible()
    return page


# How far Run All has come: counts of queued/running cells, code cells with source that
# have not run, and whether every widget view and image has been drawn.
_PROGRESS_JS = """
(panelSelector) => {
  const panel = document.querySelector(panelSelector);
  if (!panel) return null;
  let pending = 0, unrun = 0;
  for (const cell of panel.querySelectorAll('.jp-CodeCell')) {
    const prompt = cell.querySelector('.jp-InputPrompt')?.textContent ?? '';
    if (prompt.includes('*')) pending++;
    const source = cell.querySelector('.cm-content')?.textContent.trim() ?? '';
    if (source && !/\\[\\d+\\]/.test(prompt)) unrun++;
  }
  // a widget view is drawn into its (until then empty) output element
  const drawn = [...panel.querySelectorAll('.jp-OutputArea-output')]
      .every((o) => o.childElementCount > 0 || o.textContent.trim())
    && [...panel.querySelectorAll('.jp-OutputArea img')]
         .every((img) => img.complete && img.naturalWidth > 0);
  return {pending, unrun, drawn, height: panel.querySelector('.jp-Notebook').scrollHeight};
}
"""


def start_run_all(page: Any) -> None:
    """Click Run → Run All Cells, as a student does (returns at once; see :func:`wait_for_run`)."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def wait_for_run(page: Any, timeout_ms: int = 120_000) -> None:
    """Return when every cell started by :func:`start_run_all` has run and is drawn.

    Done means: no cell queued or running, every code cell with source numbered, every
    output drawn (widget views, images loaded), the notebook's height unchanged over two
    looks 250 ms apart, and the kernel idle.

    Raises
    ------
    LabError
        When a cell failed (the message holds the error output) or the run took longer than
        ``timeout_ms``.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    started, last_height, steady = False, -1, 0
    while True:
        state = page.evaluate(_PROGRESS_JS, PANEL)
        if state is None:
            raise LabError("the notebook is no longer on the page")
        started = started or state["pending"] > 0 or state["unrun"] == 0
        if started and state["pending"] == 0:
            if state["unrun"]:
                raise LabError(
                    f"{state['unrun']} cells did not run; the first error:\n{error_text(page)}"
                )
            steady = steady + 1 if state["drawn"] and state["height"] == last_height else 0
            last_height = state["height"]
            if steady >= 2:  # drawn and the same height twice: the layout has settled
                break
        if time.monotonic() > deadline:
            raise LabError(f"Run All did not finish in {timeout_ms / 1000:.0f} s: {state}")
        page.wait_for_timeout(250)
    _expect()(page.locator("#jp-main-statusbar").get_by_text("Idle")).to_be_visible()


def run_all_cells(page: Any, timeout_ms: int = 120_000) -> None:
    """Run → Run All Cells and wait until all has run and is drawn (:func:`wait_for_run`)."""
    start_run_all(page)
    wait_for_run(page, timeout_ms)


def error_text(page: Any) -> str:
    """The first error output on the page (its last 2,000 characters), or a note."""
    errors = page.locator(
        f'{PANEL} [data-mime-type="application/vnd.jupyter.stderr"]', has_text="Error"
    )
    return errors.first.inner_text()[-2000:] if errors.count() else "no error output"


def probe_output(page: Any) -> str:
    """The path the probe cell printed (where the kernel imported crmlab from)."""
    text = page.locator(f"{PANEL} .jp-OutputArea-output", has_text=PROBE_MARK).last.inner_text()
    return text.split(PROBE_MARK, 1)[1].strip()


# The pictures an output area shows: the top-level widget views and the images of image
# outputs (not the text or tables printed beside them, not the prompt column).
_TARGETS_JS = """
function targets(area) {
  const found = [];
  for (const output of area.querySelectorAll(
      ':scope > .jp-OutputArea-child > .jp-OutputArea-output')) {
    const view = output.querySelector(':scope > .jupyter-widgets');
    if (view) found.push(view);
    else if (output.matches('[data-mime-type^="image/"]')) {
      found.push(...output.querySelectorAll('img'));
    }
  }
  return found;
}
"""

# Each cell whose output area shows a widget or a figure: its index in the notebook, the
# kind, the height of its pictures, and for a widget the size and crmlab classes of its view.
_OUTPUTS_JS = """
(panelSelector) => {
  /* targets */
  const found = [];
  document.querySelector(panelSelector).querySelectorAll('.jp-Cell').forEach((cell, index) => {
    const area = cell.querySelector('.jp-Cell-outputArea');
    const shown = area ? targets(area) : [];
    if (!shown.length) return;
    const view = shown.find((e) => e.classList.contains('jupyter-widgets'));
    const entry = {index, kind: view ? 'widget' : 'figure'};
    if (view) {
      const box = view.getBoundingClientRect();
      entry.height = Math.round(box.height);
      entry.width = Math.round(box.width);
      entry.classes = [...view.classList].filter((c) => c.startsWith('crmlab-'));
    }
    const tops = shown.map((e) => e.getBoundingClientRect());
    entry.span = Math.max(...tops.map((r) => r.bottom)) - Math.min(...tops.map((r) => r.top));
    found.push(entry);
  });
  return found;
}
""".replace("/* targets */", _TARGETS_JS)

# Scroll the notebook at once (no smooth scrolling) so that an output area's first picture
# sits 8 px below the top of the notebook's visible part.
_SCROLL_JS = """
([panelSelector, index]) => {
  /* targets */
  const panel = document.querySelector(panelSelector);
  const cell = panel.querySelectorAll('.jp-Cell')[index];
  const first = targets(cell.querySelector('.jp-Cell-outputArea'))[0];
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') ?? panel;
  const gap = first.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  scroller.scrollTo({top: scroller.scrollTop + gap - 8, behavior: 'instant'});
}
""".replace("/* targets */", _TARGETS_JS)

# The box around an output area's pictures, in viewport pixels, with a 4 px margin, within
# the notebook's visible part (never the toolbar or the status bar).
_CLIP_JS = """
([panelSelector, index]) => {
  /* targets */
  const panel = document.querySelector(panelSelector);
  const cell = panel.querySelectorAll('.jp-Cell')[index];
  const boxes = targets(cell.querySelector('.jp-Cell-outputArea'))
    .map((e) => e.getBoundingClientRect());
  const seen = (panel.querySelector('.jp-WindowedPanel-outer') ?? panel).getBoundingClientRect();
  const left = Math.max(seen.left, Math.min(...boxes.map((r) => r.left)) - 4);
  const top = Math.max(seen.top, Math.min(...boxes.map((r) => r.top)) - 4);
  const right = Math.min(seen.right, Math.max(...boxes.map((r) => r.right)) + 4);
  const bottom = Math.min(seen.bottom, Math.max(...boxes.map((r) => r.bottom)) + 4);
  return {x: left, y: top, width: right - left, height: bottom - top};
}
""".replace("/* targets */", _TARGETS_JS)


def output_name(stem: str, index: int, kind: str) -> str:
    """The PNG name of cell ``index``'s output area.

    Examples
    --------
    >>> output_name("04_customer_lifecycle", 7, "figure")
    '04_customer_lifecycle-cell07-figure.png'
    """
    return f"{stem}-cell{index:02d}-{kind}.png"


def _scroll_to(page: Any, index: int) -> None:
    """Bring cell ``index``'s first picture to the top of the notebook; wait until it stays.

    A screenshot taken while the notebook still scrolls is shifted (code above, the bottom
    cut off).
    """
    page.evaluate(_SCROLL_JS, [PANEL, index])
    area = page.locator(f"{PANEL} .jp-Cell").nth(index).locator(".jp-Cell-outputArea")
    box = None
    for _ in range(20):
        page.wait_for_timeout(100)
        now = area.bounding_box()
        if now == box:
            return
        box = now


def shoot_outputs(page: Any, stem: str, out: Path) -> dict[str, dict[str, Any]]:
    """Save the pictures of every output area that shows a figure or a widget as
    ``out/<stem>-cellNN-<kind>.png`` (``kind``: ``widget`` when the area holds one).

    The PNG holds the area's widget views and figures, as drawn, without the text printed
    beside them. The viewport grows taller (never wider) while an output is taller than the
    visible part of the notebook, so each PNG holds the whole output.

    Returns
    -------
    dict
        PNG name → ``{"cell", "kind"}``, plus for a widget its rendered ``height`` and
        ``width`` (px) and its ``crmlab-`` CSS classes.
    """
    out.mkdir(parents=True, exist_ok=True)
    found = page.evaluate(_OUTPUTS_JS, PANEL)
    if not found:
        return {}
    visible = page.evaluate(
        "(s) => document.querySelector(s + ' .jp-WindowedPanel-outer')?.clientHeight"
        " ?? document.querySelector(s).clientHeight",
        PANEL,
    )
    tallest = math.ceil(max(entry["span"] for entry in found))
    viewport = page.viewport_size
    if tallest + 40 > visible:
        page.set_viewport_size(
            {"width": viewport["width"], "height": viewport["height"] - visible + tallest + 80}
        )
        page.wait_for_timeout(300)
    shots: dict[str, dict[str, Any]] = {}
    for entry in found:
        name = output_name(stem, entry["index"], entry["kind"])
        _scroll_to(page, entry["index"])
        clip = page.evaluate(_CLIP_JS, [PANEL, entry["index"]])
        page.screenshot(path=str(out / name), clip=clip, animations="disabled")
        info = {"cell": entry["index"], "kind": entry["kind"]}
        if entry["kind"] == "widget":
            info |= {k: entry[k] for k in ("height", "width", "classes")}
        shots[name] = info
    page.set_viewport_size(viewport)
    return shots
