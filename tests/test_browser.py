"""A real-browser test: JupyterLab in Chromium, the CLV calculator's retention slider moved.

Starts JupyterLab on a free port (kernel: this interpreter, the .venv python) over a temporary
copy of the notebook's folder, opens the notebook in Debian's ``/usr/bin/chromium`` through
Playwright, runs all cells from the Run menu, moves the retention slider with the keyboard
and checks that the CLV shown becomes the value :func:`crmlab.clv.clv_simple` computes for the
new setting. A screenshot is saved to ``tests/artifacts/`` (or ``$CRMLAB_TEST_ARTIFACTS``).

Skipped, with the reason, when chromium or Playwright is absent.
"""

from __future__ import annotations

import json
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
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from crmlab import clv

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
)

REPO = Path(__file__).resolve().parents[1]
#: The notebook the test drives: chapter 04, whose Explore section has the CLV calculator
#: (another can be given in $CRMLAB_BROWSER_NOTEBOOK). The calculator may sit in any cell.
NOTEBOOK = Path(
    os.environ.get("CRMLAB_BROWSER_NOTEBOOK", REPO / "notebooks" / "04_customer_lifecycle.ipynb")
).resolve()
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
]
ARTIFACTS = Path(os.environ.get("CRMLAB_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))
STEPS = 5  # arrow-key presses on the retention slider (step 0.01 each)
TIMEOUT_MS = 60_000

if os.environ.get("CI") and not CHROMIUM.exists():
    # CI installs chromium (.ci/run): its absence there is a broken set-up, not a reason to skip
    raise RuntimeError("CI=true but /usr/bin/chromium is missing; .ci/run should install it")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no /usr/bin/chromium: install Debian's chromium (apt-get install chromium) "
        "to run the real-browser test",
    ),
]

# JupyterLab settings for the test's private settings folder: no autosave (the copy is
# never written), no news pop-up, every cell in the DOM (so the widget is found wherever
# it is in the notebook).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def _clear_outputs(path: Path) -> None:
    """Strip stored outputs from the copy: JupyterLab opens it faster, and what the page
    shows afterwards can only come from running it."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook.get("metadata", {}).pop("widgets", None)
    path.write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A JupyterLab server over a copy of the notebook's folder: yields (notebook URL, token)."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"
    shutil.copytree(
        NOTEBOOK.parent, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.png")
    )
    _clear_outputs(root / NOTEBOOK.name)
    settings = home / "settings"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
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
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _status_ok(f"{base}/api/status?token={token}"):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                pytest.fail(f"JupyterLab did not start on port {port}; its log ends:\n{tail}")
            time.sleep(0.5)
        tracker = f"{base}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={token}"
        with urllib.request.urlopen(tracker, timeout=10) as response:
            raw = json.loads(response.read())["raw"]
        assert '"windowingMode": "none"' in raw, f"lab settings not applied: {raw}"
        yield f"{base}/lab/tree/{NOTEBOOK.name}?token={token}", token
    finally:
        _stop(process)


def _money_value(text: str) -> float:
    match = re.fullmatch(r"CLV = (−?)¥([\d,]+\.\d\d)", text.strip())
    assert match, f"the CLV readout should read 'CLV = ¥1,234.56', it reads {text!r}"
    amount = float(match.group(2).replace(",", ""))
    return -amount if match.group(1) else amount


def test_retention_slider_changes_the_clv_shown(lab: tuple[str, str]) -> None:
    url, _token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def step(what: str) -> None:  # timings, shown with -s or when the test fails
        print(f"{time.monotonic() - started:6.1f} s  {what}")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            expect = sync_api.expect
            expect.set_options(timeout=TIMEOUT_MS)
            step("browser up")
            page.goto(url)
            expect(page.locator(".jp-NotebookPanel .jp-Notebook").first).to_be_visible()
            expect(page.locator("#jp-main-statusbar").get_by_text("Idle")).to_be_visible()

            step("notebook open, kernel idle")
            # Run → Run All Cells, as a student does
            page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            calculator = page.locator(".crmlab-clv-calculator").first
            readout = calculator.locator(".crmlab-clv-value")
            try:
                expect(readout).to_contain_text("CLV = ¥", timeout=TIMEOUT_MS)
            except AssertionError:
                page.screenshot(path=str(ARTIFACTS / "clv_calculator_failure.png"))
                errors = page.locator(
                    '[data-mime-type="application/vnd.jupyter.stderr"]', has_text="Error"
                )
                detail = errors.first.inner_text() if errors.count() else "no error output"
                raise AssertionError(
                    f"the CLV calculator did not appear in {NOTEBOOK.name}: {detail[-2000:]}"
                ) from None
            calculator.scroll_into_view_if_needed()
            step("cells run, CLV calculator shown")

            def setting(name: str) -> float:
                text = calculator.locator(f".crmlab-{name} .widget-readout").inner_text()
                return float(text.replace(",", ""))

            margin, retention, discount = (
                setting("margin"),
                setting("retention"),
                setting("discount"),
            )
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
            expect(calculator.locator(".crmlab-retention .widget-readout")).to_have_text(
                f"{target:.2f}"
            )
            expected = clv.clv_simple(margin, target, discount, horizon=horizon)
            expect(readout).to_have_text(f"CLV = ¥{expected:,.2f}")
            step(f"retention {retention:.2f} → {target:.2f}: {readout.inner_text()}")
            assert readout.inner_text() != before
            assert _money_value(readout.inner_text()) == pytest.approx(expected, abs=0.006)

            # let the kernel finish redrawing the chart before the screenshot
            expect(page.locator("#jp-main-statusbar").get_by_text("Idle")).to_be_visible()
            shot = ARTIFACTS / "clv_calculator.png"
            calculator.scroll_into_view_if_needed()
            page.screenshot(path=str(shot))
            print(f"screenshot: {shot}")
        finally:
            browser.close()
