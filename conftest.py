"""Repository-wide pytest hooks: English chart labels in tests; notebook execution times.

QuantEcon publishes how long each lecture takes to execute; so do we. After every run
that executed notebooks, the terminal summary lists each notebook's total cell time and
flags any over the 30-second budget (docs/notebook-anatomy.md).
"""

from __future__ import annotations

from collections import defaultdict

NOTEBOOK_BUDGET_SECONDS = 30.0

_durations: dict[str, float] = defaultdict(float)


def pytest_configure(config):
    """Tests and doctests draw English labels unless they switch (a notebook starts Chinese)."""
    from crmlab import plots

    plots.use_english()


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb") and report.when == "call":
        _durations[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _durations:
        return
    terminalreporter.section("notebook execution times")
    for path, seconds in sorted(_durations.items()):
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_SECONDS else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")
