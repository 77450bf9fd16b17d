"""Screenshot notebooks as a student sees them: JupyterLab in Chromium, every cell run.

Usage::

    .venv/bin/python tests/screenshots.py NOTEBOOK... --out DIR [--pythonpath DIR] [--parallel N]

The notebooks (all in one folder; two at a time, ``--parallel N`` to change) are opened in
Debian's ``/usr/bin/chromium`` at a 1,280 px wide viewport, run from the Run menu, and the
pictures of every output area that shows a figure or a widget are saved as
``DIR/<notebook-stem>-cellNN-<kind>.png`` (``NN``: the cell's index in the notebook, from 0;
``kind``: ``widget`` when the area holds one, else ``figure``; text printed beside them is
left out).
``DIR/sizes.json`` lists every PNG with its cell and kind, and for a widget its rendered
height and width in pixels and its ``crmlab-`` CSS classes.

The kernel imports ``crmlab`` from the folder above the notebooks when that folder holds
``crmlab/`` (or from ``--pythonpath``), so an exported older version shows its own package::

    git archive HEAD notebooks crmlab datasets | tar -x -C /tmp/before
    .venv/bin/python tests/screenshots.py /tmp/before/notebooks/01_crm_foundations.ipynb \\
        --out /tmp/shots/before

A probe cell appended to each copy prints ``crmlab.__file__``; the script stops when it
names another package than the one asked for. JupyterLab listens on 127.0.0.1 only and the
browser resolves no other host.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import _jupyterlab as jl


def crmlab_folder(notebook_folder: Path) -> Path | None:
    """The folder above ``notebook_folder`` when it holds the ``crmlab`` package, else None.

    Examples
    --------
    >>> crmlab_folder(jl.REPO / "notebooks") == jl.REPO
    True
    >>> crmlab_folder(jl.REPO / "crmlab" / "plots") is None
    True
    """
    parent = notebook_folder.resolve().parent
    return parent if (parent / "crmlab" / "__init__.py").is_file() else None


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tests/screenshots.py",
        description="PNG of every figure and widget output of notebooks run in JupyterLab "
        "in Chromium (1,280 px wide), with sizes.json.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    parser.add_argument(
        "--pythonpath",
        type=Path,
        action="append",
        default=None,
        help="folder the kernel imports crmlab from (default: the notebooks' parent folder "
        "when it holds crmlab/)",
    )
    parser.add_argument(
        "--parallel",
        type=int,
        default=2,
        help="notebooks run at the same time (default 2, one per core of the teaching machine)",
    )
    args = parser.parse_args(argv)
    if args.parallel < 1:
        parser.error("--parallel must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the script (see the module docstring); returns the exit status."""
    args = _arguments(argv)
    notebooks = [path.resolve() for path in args.notebooks]
    folders = {path.parent for path in notebooks}
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing or len(folders) != 1:
        print(f"give existing notebooks of one folder (missing: {missing})", file=sys.stderr)
        return 2
    if not jl.CHROMIUM.exists():
        print(f"no {jl.CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    folder = folders.pop()
    pythonpath = args.pythonpath or [p for p in [crmlab_folder(folder)] if p]
    expected = [p.resolve() / "crmlab" for p in pythonpath]
    started = time.monotonic()
    sizes: dict[str, dict] = {}
    with (
        tempfile.TemporaryDirectory(prefix="crmlab-shots-") as home,
        jl.lab_server(Path(home), notebooks, pythonpath=pythonpath, probe=True) as lab,
        sync_playwright() as playwright,
    ):
        context = jl.launch_browser(playwright)  # one cache for all pages
        try:
            for first in range(0, len(notebooks), args.parallel):
                batch = notebooks[first : first + args.parallel]
                pages = [jl.open_notebook(context, lab.url(notebook.name)) for notebook in batch]
                for page in pages:
                    jl.start_run_all(page)  # the kernels run side by side
                for notebook, page in zip(batch, pages, strict=True):
                    jl.wait_for_run(page)
                    imported = Path(jl.probe_output(page)).resolve().parent
                    print(f"{notebook.name}: kernel imported crmlab from {imported}")
                    if expected and imported not in expected:
                        print(f"expected crmlab from {expected}", file=sys.stderr)
                        return 1
                    shots = jl.shoot_outputs(page, notebook.stem, args.out)
                    sizes.update(shots)
                    page.close()
                    print(f"  {len(shots)} PNGs, {time.monotonic() - started:.0f} s so far")
        finally:
            context.browser.close()
    args.out.mkdir(parents=True, exist_ok=True)
    listing = args.out / "sizes.json"
    previous = json.loads(listing.read_text(encoding="utf-8")) if listing.is_file() else {}
    listing.write_text(
        json.dumps(previous | sizes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name, info in sizes.items():
        if info["kind"] == "widget":
            print(f"  {name}: widget {info['width']}×{info['height']} px {info['classes']}")
    print(f"{len(sizes)} PNGs in {args.out} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
