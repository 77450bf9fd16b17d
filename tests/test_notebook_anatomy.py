"""Every chapter notebook has the anatomy of docs/notebook-anatomy.md and reads well on GitHub.

nbval proves that the notebooks run; these tests check what a reader sees: the numbered,
bilingual title; a papermill ``parameters`` cell; prose first; a summary with a Chinese
小结 and the key terms; committed outputs with no errors or warnings in them; and a few
key results tagged for nbval to compare.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _id(path: Path) -> str:
    return path.stem


@pytest.fixture(params=NOTEBOOKS, ids=_id)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_chapter_notebooks():
    assert NOTEBOOKS, "no numbered notebooks in notebooks/"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


def test_title_is_numbered_and_bilingual(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    title = first.source.splitlines()[0]
    number = path.name.split("_")[0]  # "03", or "04a" for the first half of a split chapter
    assert re.match(rf"^# {number} · .+ — .+$", title), title
    assert CJK.search(title), "the title carries the Chinese chapter name"


def test_has_a_parameters_cell_before_the_analysis(notebook):
    _, nb = notebook
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters' (papermill)"
    assert nb.cells[tagged[0]].cell_type == "code"
    assert tagged[0] < len(nb.cells) // 3, "parameters come early, in the setup"


def test_prose_outweighs_code(notebook):
    _, nb = notebook
    prose = sum(len(s.split()) + len(CJK.findall(s)) for s in _markdown(nb))
    code = sum(len(c.source.split()) for c in _code(nb))
    assert prose > code, f"prose words {prose} vs code tokens {code}"


def test_sections_have_bilingual_headings(notebook):
    _, nb = notebook
    headings = [line for s in _markdown(nb) for line in s.splitlines() if line.startswith("## ")]
    assert len(headings) >= 3
    bilingual = [h for h in headings if CJK.search(h)]
    assert len(bilingual) >= 0.8 * len(headings), headings


def test_ends_with_summary_chinese_summary_and_key_terms(notebook):
    _, nb = notebook
    tail = "\n".join(c.source for c in nb.cells[-6:])
    assert re.search(r"summary|小结", tail, re.IGNORECASE)
    assert "小结" in tail
    assert "key_terms_markdown" in tail or "| English | 中文 |" in tail


def test_outputs_are_committed_without_errors_or_warnings(notebook):
    path, nb = notebook
    cells = _code(nb)
    assert all(c.execution_count is not None for c in cells), "run all cells before committing"
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "executed top to bottom on a fresh kernel"
    for cell in cells:
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: error output in cell {cell.id}"
            if out.output_type == "stream":
                assert out.name != "stderr", f"{path.name}: stderr in cell {cell.id}: {out.text}"


def test_key_results_are_tagged_for_nbval(notebook):
    path, nb = notebook
    tagged = [c for c in _code(nb) if "nbval-check-output" in c.metadata.get("tags", [])]
    minimum = 1 if path.name.startswith("00") else 3
    assert len(tagged) >= minimum, f"tag key results 'nbval-check-output' in {path.name}"
    for cell in tagged:
        kinds = {o.output_type for o in cell.outputs}
        assert kinds, f"tagged cell {cell.id} has no output to compare"
        for out in cell.outputs:
            data = out.get("data", {})
            assert "image/png" not in data, "do not compare figures"
            assert "application/vnd.jupyter.widget-view+json" not in data, "nor widgets"


def test_imports_are_explicit(notebook):
    _, nb = notebook
    for cell in _code(nb):
        assert not re.search(r"^\s*from \S+ import \*", cell.source, re.M), "no star imports"
        assert "sys.path" not in cell.source, "import crmlab as installed, not via sys.path"


def test_no_long_functions_in_notebooks(notebook):
    """Helpers live in crmlab; a notebook defines at most a few-line function."""
    _, nb = notebook
    for cell in _code(nb):
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("def "):
                body = 0
                for following in lines[i + 1 :]:
                    if following and not following.startswith((" ", "\t")):
                        break
                    body += bool(following.strip())
                assert body <= 8, f"function at '{line}' is {body} lines: move it to crmlab"


MAX_CELLS = 70  # about one class session; a longer chapter is split (04a, 04b)


def test_fits_one_class_session(notebook):
    path, nb = notebook
    assert len(nb.cells) <= MAX_CELLS, f"{path.name} has {len(nb.cells)} cells; split it"
