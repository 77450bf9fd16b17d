"""The repository explains itself: its guide in ``docs/`` matches the files it describes.

- every relative link in ``docs/*.md`` and the READMEs points at an existing file (and, into
  a Markdown file, at an existing heading);
- every module named in the module tables of ``docs/architecture.md`` imports, and every
  public module of the package is named there;
- every notebook is on the course map, and every name in a notebook's ``parameters`` cell is
  a current name of ``docs/parameters.md``;
- every ``make`` target the guide mentions exists;
- nothing in the repository cites the project's planning notes kept outside it (the design,
  course, reference, style, common and exam notes) or the course's raw source texts: what a
  maintainer needs from them is written into ``docs/``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import nbformat
import pytest

import crmlab

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
GUIDE = sorted(DOCS.glob("*.md"))
MARKDOWN = [*GUIDE, *(REPO / name for name in ("README.md", "datasets/README.md"))]
MARKDOWN += sorted((REPO / "exercises").glob("*.md"))
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]*.ipynb"))

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def _prose(text: str) -> str:
    """Markdown without fenced code blocks and inline code (links there are not links)."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)}


def _section(text: str, heading: str) -> str:
    """The Markdown between ``## heading`` and the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def _table_cells(text: str, column: int = 0) -> list[str]:
    """The cells of one column of every Markdown table in ``text`` (header rows included)."""
    cells = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            parts = [p.strip() for p in line.strip().strip("|").split("|")]
            if len(parts) > column:
                cells.append(parts[column])
    return cells


# ----------------------------------------------------------------------------------- links


def test_the_guide_has_its_pages():
    names = {p.name for p in GUIDE}
    assert {
        "architecture.md",
        "notebook-anatomy.md",
        "course-map.md",
        "contributing.md",
        "parameters.md",
    } <= names


@pytest.mark.parametrize("page", MARKDOWN, ids=_rel)
def test_relative_links_point_at_existing_files(page):
    text = _prose(page.read_text(encoding="utf-8"))
    targets = LINK.findall(text) + REFERENCE_LINK.findall(text)
    broken = []
    for target in targets:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:, …
            continue
        file_part, _, anchor = target.partition("#")
        path = (page.parent / file_part).resolve() if file_part else page
        if not path.exists():
            broken.append(f"{target} (no file {path})")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{target} (no heading #{anchor} in {path.name})")
    assert not broken, f"{_rel(page)}: broken links: " + "; ".join(broken)


def test_the_link_checker_finds_links():
    sample = 'See [a](docs/a.md#x), ![b](img.png "t") and [c](https://x.org); `[d](no.md)`.'
    assert LINK.findall(_prose(sample)) == ["docs/a.md#x", "img.png", "https://x.org"]
    assert _slug("Two days, two names") == "two-days-two-names"
    assert _slug("8 · Explore — 动手探索") == "8--explore--动手探索"


# ---------------------------------------------------------------------------------- modules

ARCHITECTURE = DOCS / "architecture.md"


def _table_modules() -> list[str]:
    section = _section(ARCHITECTURE.read_text(encoding="utf-8"), "Where each concept lives")
    names = []
    for cell in _table_cells(section):
        names += re.findall(r"`(crmlab(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`", cell)
    return names


def test_the_module_table_names_modules():
    assert len(_table_modules()) >= 20


@pytest.mark.parametrize("module", _table_modules())
def test_every_module_in_the_table_imports(module):
    importlib.import_module(module)


def _public_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(crmlab.__path__, "crmlab."):
        parts = info.name.split(".")
        if not any(part.startswith("_") for part in parts[1:]):
            found.append(info.name)
    return sorted(found)


def test_every_public_module_is_in_the_table():
    listed = set(_table_modules())
    missing = [m for m in _public_modules() if m not in listed]
    assert not missing, "add to the module table of docs/architecture.md: " + ", ".join(missing)


# -------------------------------------------------------------------------------- notebooks


def test_every_notebook_is_on_the_course_map():
    text = (DOCS / "course-map.md").read_text(encoding="utf-8")
    missing = [nb.name for nb in NOTEBOOKS if f"](../notebooks/{nb.name})" not in text]
    assert not missing, "link these notebooks from docs/course-map.md as built: " + str(missing)


def _parameter_names() -> tuple[set[str], dict[str, str]]:
    """Current names of docs/parameters.md, and retired name → its replacement."""
    text = (DOCS / "parameters.md").read_text(encoding="utf-8")
    current = set()
    for heading in ("Shared parameters", "Chapter parameters"):
        for cell in _table_cells(_section(text, heading)):
            current.update(re.findall(r"^`([A-Z][A-Z0-9_]*)`$", cell))
    retired_section = _section(text, "Retired names")
    old = _table_cells(retired_section, 0)
    new = _table_cells(retired_section, 1)
    retired = {o.strip("`"): n.strip("`") for o, n in zip(old, new, strict=True) if "`" in o}
    return current, retired


def _assigned(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    ]


def test_the_parameter_page_lists_the_shared_names():
    current, retired = _parameter_names()
    shared = {"DATA_DIR", "OBSERVATION_END", "CALIBRATION_END", "DISCOUNT_RATE", "CURRENCY", "SEED"}
    assert shared <= current
    assert retired["AS_OF"] == "OBSERVATION_END"
    assert retired["DISCOUNT_YEARLY"] == "DISCOUNT_RATE"
    assert not set(retired) & current
    assert set(retired.values()) <= current


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_parameters_are_documented(notebook):
    current, retired = _parameter_names()
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    names = [name for cell in cells for name in _assigned(cell.source)]
    wrong = [
        f"{name} (renamed {retired[name]})" if name in retired else f"{name} (not listed)"
        for name in names
        if name not in current
    ]
    assert not wrong, f"{notebook.name}: parameters to rename or add to docs/parameters.md: " + (
        ", ".join(wrong)
    )


# ------------------------------------------------------------------------------- make targets


def test_make_targets_in_the_guide_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9_-]*):", makefile, re.M))
    mentioned = set()
    for page in [*GUIDE, REPO / "README.md"]:
        mentioned.update(re.findall(r"`make ([a-z][a-z0-9_-]*)", page.read_text(encoding="utf-8")))
    assert {"lab", "test", "unit", "lint", "format", "data", "bench"} <= mentioned
    assert mentioned <= targets, sorted(mentioned - targets)


# ------------------------------------------------------------------------ no outside citations

_NOTES = "|".join(("DESIGN", "COURSE", "REFERENCE", "STYLE", "COMMON", "EXAM"))
OUTSIDE = re.compile(
    rf"\b(?:{_NOTES})\.md\b"  # the planning notes beside the repository
    r"|\b" + "shared" + r"/"  # their folder
    r"|\bthe seeds\b|\bseeds'|\bseed's\b",  # the raw course texts they were drawn from
)
SCANNED = ("crmlab", "tests", "notebooks", "docs", "datasets", "exercises", "benchmarks")
TOP_LEVEL = ("README.md", "conftest.py", "Makefile", "pyproject.toml", "environment.yml")
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".csv", ".txt", ".cfg", ".toml", ".yml", ".json", ".sh"}


def _repository_text_files() -> list[Path]:
    files = [REPO / name for name in TOP_LEVEL if (REPO / name).is_file()]
    for folder in SCANNED:
        for path in sorted((REPO / folder).rglob("*")):
            skip = {"__pycache__", ".ipynb_checkpoints"} & set(path.parts)
            if path.is_file() and path.suffix in TEXT_SUFFIXES and not skip:
                files.append(path)
    return files


def test_the_citation_pattern_catches_what_it_should():
    cited = [f"see {n}.md" for n in _NOTES.split("|")] + [
        "../" + "shared" + "/notes",
        "the " + "seeds",
    ]
    assert all(OUTSIDE.search(text) for text in cited)
    fine = ["the random seed", "seed=2026", "datasets/README.md", "shared_helper", "unshared/x"]
    assert not any(OUTSIDE.search(text) for text in fine)


def test_nothing_cites_files_outside_the_repository():
    hits = []
    for path in _repository_text_files():
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            match = OUTSIDE.search(line)
            if match:
                hits.append(f"{_rel(path)}:{number}: {match.group(0)!r}")
    assert not hits, (
        "say it in the repository's own words (docs/ or a published source) instead of citing "
        "notes kept outside it:\n" + "\n".join(hits)
    )
