"""The CRM Lab nbgrader course: build, check, grade and time the assignments.

One module behind the make targets, the tests and the authors' checks. Run it from the
project root with the project's Python (the make targets do)::

    .venv/bin/python exercises/course.py check ch01_crm_foundations   # an author's full check
    .venv/bin/python exercises/course.py release                      # = make exercises
    .venv/bin/python exercises/course.py autograde                    # = make autograde
    .venv/bin/python exercises/course.py feedback                     # = make feedback
    .venv/bin/python exercises/course.py grades                       # = make grades
    .venv/bin/python exercises/course.py answer-key                   # the written answers' key
    .venv/bin/python exercises/course.py fill NB 2026000001 --out OUT # a copy with a number typed
    .venv/bin/python exercises/course.py simulate ch01_crm_foundations --students 30

nbgrader calls helper programs (``alembic``) by name, so every nbgrader command runs with
the interpreter's ``bin/`` first on ``PATH`` (:func:`nbgrader`).

The student number: an assignment's second cell is ``STUDENT_NUMBER = ""`` in the source and
so in the release; the student types a number, and an author or a test types one with
:func:`fill_student_number` (``fill`` on the command line). The grades export reads the typed
number back from each submission (:func:`typed_student_number`) and flags a mismatch with
nbgrader's student id (or the ``roster.csv`` number of that id).
"""

from __future__ import annotations

import argparse
import ast
import copy
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    # jsonschema's optional "iri" format checker (rfc3987_syntax) compiles dozens of grammars
    # on import (4–7 s); no notebook schema uses it, so the command line imports without it
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "nbgrader_config.py"
NUMBER_LINE = re.compile(r"^STUDENT_NUMBER\s*=\s*(?P<value>.*?)\s*(#.*)?$", re.MULTILINE)
NUMBER_COMMENT = "# 在引号中填写你的学号（student number）"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
ANSWER_MARK = "=== 参考答案 (sample answer) ==="
ASSIGNMENT_NAME = re.compile(r"ch\d\d[a-z]?_[a-z_]+")
#: Two numbers every check uses: the source must reach full marks for both.
CHECK_NUMBERS = ("2026000001", "2026123457")

# --------------------------------------------------------------------------- cells


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: int | None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def locked_markdown(grade_id: str, source: str) -> nbformat.NotebookNode:
    """A read-only Markdown cell: the title, a task's prompt, a rubric."""
    return nbformat.v4.new_markdown_cell(
        source.strip(),
        metadata=_meta(grade_id, grade=False, solution=False, locked=True, points=None),
    )


def student_number_cell() -> nbformat.NotebookNode:
    """The plain cell the student types her number into (no nbgrader metadata)."""
    return nbformat.v4.new_code_cell(f'STUDENT_NUMBER = ""  {NUMBER_COMMENT}')


def locked_code(grade_id: str, source: str) -> nbformat.NotebookNode:
    """A read-only code cell (the setup: imports and the student's company)."""
    return nbformat.v4.new_code_cell(
        source.strip(),
        metadata=_meta(grade_id, grade=False, solution=False, locked=True, points=None),
    )


def solution_code(grade_id: str, source: str) -> nbformat.NotebookNode:
    """An autograded answer cell: ``### BEGIN SOLUTION … ### END SOLUTION`` inside."""
    if SOLUTION_BEGIN not in source or SOLUTION_END not in source:
        raise ValueError(f"{grade_id}: a solution cell needs {SOLUTION_BEGIN} … {SOLUTION_END}")
    return nbformat.v4.new_code_cell(
        source.strip(),
        metadata=_meta(grade_id, grade=False, solution=True, locked=False, points=None),
    )


def test_code(grade_id: str, visible: str, hidden: str, points: int) -> nbformat.NotebookNode:
    """A locked, graded test cell: visible checks, then the hidden recomputation."""
    source = f"{visible.strip()}\n{HIDDEN_BEGIN}\n{hidden.strip()}\n{HIDDEN_END}"
    return nbformat.v4.new_code_cell(
        source, metadata=_meta(grade_id, grade=True, solution=False, locked=True, points=points)
    )


def written_answer(grade_id: str, sample_answer: str, points: int) -> nbformat.NotebookNode:
    """A hand-graded Markdown answer; the release shows the text stub instead."""
    source = f"{SOLUTION_BEGIN}\n{ANSWER_MARK}\n\n{sample_answer.strip()}\n{SOLUTION_END}"
    return nbformat.v4.new_markdown_cell(
        source, metadata=_meta(grade_id, grade=True, solution=True, locked=False, points=points)
    )


def new_notebook(cells: Sequence[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A notebook of these cells with the project's Python 3 kernel."""
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):  # stable ids keep diffs of the sources small
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id or f"cell-{index:02d}"
    return nb


# --------------------------------------------------------------------------- the format


def assignments(course: Path = HERE) -> list[str]:
    """The assignment names: the folders of ``source/`` holding a notebook of their name."""
    folders = sorted(p for p in (course / "source").glob("*") if p.is_dir())
    return [p.name for p in folders if (p / f"{p.name}.ipynb").exists()]


def source_notebook(name: str, course: Path = HERE) -> Path:
    return course / "source" / name / f"{name}.ipynb"


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def format_problems(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """Every way the notebook breaks the assignment format of AUTHORING.md (empty: fine)."""
    problems: list[str] = []
    prefix = name.split("_", 1)[0]
    if not ASSIGNMENT_NAME.fullmatch(name):
        problems.append(f"folder name {name!r} is not chNN_topic")
    cells = nb.cells
    if len(cells) < 3:
        return [*problems, "fewer than three cells"]
    first, number, setup = cells[0], cells[1], cells[2]
    if not (first.cell_type == "markdown" and _nbgrader(first).get("locked")):
        problems.append("cell 1 must be the locked Markdown title")
    elif not re.match(rf"# 练习 {prefix[2:4]} · \S.* — \S", first.source):
        problems.append(f"cell 1 must start '# 练习 {prefix[2:4]} · 中文标题 — English title'")
    if number.cell_type != "code" or _nbgrader(number) or not NUMBER_LINE.search(number.source):
        problems.append(
            'cell 2 must be the plain code cell STUDENT_NUMBER = "" (no nbgrader metadata)'
        )
    elif typed_number_in(number.source) != "":
        problems.append('cell 2 must hold STUDENT_NUMBER = "" (the release shows it as it is)')
    if not (setup.cell_type == "code" and _nbgrader(setup).get("locked")):
        problems.append("cell 3 must be the locked setup code cell")
    elif "student_world(STUDENT_NUMBER)" not in setup.source:
        problems.append("cell 3 must call data.student_world(STUDENT_NUMBER)")
    ids = [_nbgrader(c).get("grade_id") for c in cells if _nbgrader(c)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"grade_id used twice: {duplicates}")
    bad_ids = [i for i in ids if not str(i).startswith(prefix + "_")]
    if bad_ids:
        problems.append(f"grade_id must start with {prefix}_: {bad_ids}")
    auto = written = 0
    for index, cell in enumerate(cells):
        meta = _nbgrader(cell)
        where = f"cell {index + 1} ({meta.get('grade_id', 'no id')})"
        if meta.get("solution") and cell.cell_type == "code":
            auto += 1
            if SOLUTION_BEGIN not in cell.source:
                problems.append(f"{where}: solution cell without {SOLUTION_BEGIN}")
            follower = cells[index + 1] if index + 1 < len(cells) else None
            if follower is None or not _nbgrader(follower).get("grade"):
                problems.append(f"{where}: a solution cell must be followed by its test cell")
        if meta.get("grade") and cell.cell_type == "code":
            if not meta.get("locked"):
                problems.append(f"{where}: a test cell must be locked")
            if not 1 <= meta.get("points", 0) <= 3:
                problems.append(f"{where}: a test cell is worth 1–3 points")
            if HIDDEN_BEGIN not in cell.source:
                problems.append(f"{where}: a test cell needs {HIDDEN_BEGIN} … {HIDDEN_END}")
            visible = cell.source.split(HIDDEN_BEGIN)[0]
            if not re.search(r"^\s*assert\b", visible, re.MULTILINE):
                problems.append(f"{where}: a test cell needs visible assert checks")
        if meta.get("solution") and cell.cell_type == "markdown":
            written += 1
            if not meta.get("grade") or not 2 <= meta.get("points", 0) <= 4:
                problems.append(f"{where}: a written answer is graded, worth 2–4 points")
            if ANSWER_MARK not in cell.source or SOLUTION_BEGIN not in cell.source:
                problems.append(
                    f"{where}: a written answer holds {ANSWER_MARK} inside the solution"
                )
            before = cells[index - 1]
            if not (before.cell_type == "markdown" and _nbgrader(before).get("locked")):
                problems.append(f"{where}: a written answer follows its locked prompt")
            elif "评分要点" not in before.source:
                problems.append(f"{where}: its prompt must give the rubric (评分要点)")
    if not 5 <= auto + written <= 8:
        problems.append(f"5–8 tasks expected, found {auto} autograded + {written} written")
    if written < 1:
        problems.append("at least one hand-graded written answer expected")
    return problems


# --------------------------------------------------------------------------- student number


def typed_number_in(source: str) -> str | None:
    """The string assigned to ``STUDENT_NUMBER`` in a cell's source (None: not a literal)."""
    match = NUMBER_LINE.search(source)
    if match is None:
        return None
    try:
        value = ast.literal_eval(match.group("value"))
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else str(value)


def typed_student_number(nb: nbformat.NotebookNode) -> str | None:
    """The number a student typed: the first ``STUDENT_NUMBER = …`` literal of a code cell."""
    for cell in nb.cells:
        if cell.cell_type == "code" and NUMBER_LINE.search(cell.source):
            return typed_number_in(cell.source)
    return None


def fill_student_number(nb: nbformat.NotebookNode, number: str) -> nbformat.NotebookNode:
    """A copy of the notebook with ``number`` typed into its ``STUDENT_NUMBER`` cell."""
    filled = copy.deepcopy(nb)
    for cell in filled.cells:
        if cell.cell_type == "code" and NUMBER_LINE.search(cell.source):
            cell.source = NUMBER_LINE.sub(
                lambda _: f"STUDENT_NUMBER = {json.dumps(number)}  {NUMBER_COMMENT}",
                cell.source,
                count=1,
            )
            return filled
    raise ValueError("the notebook has no STUDENT_NUMBER = … cell")


# --------------------------------------------------------------------------- nbgrader


#: ``nbgrader`` itself, minus the same 4–7 s import of ``rfc3987_syntax`` (see the top).
_NBGRADER_MAIN = (
    "import sys; sys.modules['rfc3987_syntax'] = None; sys.argv[0] = 'nbgrader'; "
    "from nbgrader.apps.nbgraderapp import main; sys.exit(main())"
)


def nbgrader(args: Sequence[str], course: Path = HERE, *, check: bool = True) -> str:
    """Run ``nbgrader ARGS`` in the course folder with this environment's ``bin/`` on PATH.

    The same as typing ``nbgrader ARGS`` in ``exercises/`` with the venv activated, started
    through :data:`_NBGRADER_MAIN` to skip an import nbgrader does not need.
    """
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("JUPYTER_CONFIG_DIR", None)
    run = subprocess.run(
        [sys.executable, "-c", _NBGRADER_MAIN, *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    output = run.stdout + run.stderr
    if check and (run.returncode != 0 or "[ERROR]" in output):
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({run.returncode}):\n{output}")
    return output


def copy_course(target: Path, names: Iterable[str] | None = None) -> Path:
    """A fresh course folder at ``target``: the config and the given assignments' sources."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG, target / CONFIG.name)
    for name in assignments() if names is None else names:
        shutil.copytree(HERE / "source" / name, target / "source" / name, dirs_exist_ok=True)
    return target


def release(names: Iterable[str] | None = None, course: Path = HERE) -> list[Path]:
    """``nbgrader generate_assignment`` for each assignment; the release notebooks' paths."""
    # the exchange of `nbgrader release_assignment / collect` (and of Formgrader's buttons)
    (course / "exchange").mkdir(exist_ok=True)
    out = []
    for name in assignments(course) if names is None else names:
        nbgrader(["generate_assignment", name, "--force"], course)
        out.append(course / "release" / name / f"{name}.ipynb")
    return out


def submit(course: Path, student: str, name: str, nb: nbformat.NotebookNode) -> Path:
    """Place a notebook as ``submitted/<student>/<assignment>/`` (an LMS upload does the same)."""
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    (folder / "timestamp.txt").write_text(time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
    return path


def submitted(course: Path = HERE) -> dict[str, list[str]]:
    """Assignment → students with a submission in ``submitted/``."""
    found: dict[str, list[str]] = {}
    for path in sorted((course / "submitted").glob("*/*/")):
        found.setdefault(path.name, []).append(path.parent.name)
    return found


def autograde(
    course: Path = HERE, names: Iterable[str] | None = None, student: str | None = None
) -> None:
    """``nbgrader autograde`` every (or the given) assignment found in ``submitted/``.

    An assignment not yet released in this course folder is released first (nbgrader grades
    only assignments its gradebook knows, and takes the locked cells from the release step).
    """
    for name in sorted(submitted(course)) if names is None else names:
        if not (course / "release" / name).exists():
            release([name], course)
        args = ["autograde", name, "--force"]
        if student is not None:
            args.append(f"--student={student}")
        nbgrader(args, course)


@dataclass(frozen=True)
class CellScore:
    """One graded cell of one submission."""

    grade_id: str
    kind: str  # "autograded" (a test cell) or "written" (a hand-graded answer)
    score: float | None
    max_score: float


def scores(course: Path, name: str, student: str) -> list[CellScore]:
    """The gradebook's scores of one submission, cell by cell."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        notebook = gb.find_submission_notebook(name, name, student)
        return [
            CellScore(
                grade.name,
                "autograded" if grade.cell_type == "code" else "written",
                grade.score if grade.cell_type == "code" else grade.manual_score,
                grade.max_score,
            )
            for grade in notebook.grades
        ]


def _db_url(course: Path) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


def feedback(course: Path = HERE) -> list[Path]:
    """``nbgrader generate_feedback`` for every autograded assignment; the HTML files."""
    for name in sorted({p.name for p in (course / "autograded").glob("*/*/")}):
        nbgrader(["generate_feedback", name, "--force"], course)
    return sorted((course / "feedback").glob("*/*/*.html"))


# --------------------------------------------------------------------------- grades


def _roster(course: Path) -> dict[str, str]:
    """``roster.csv`` (student_id,student_number), when the instructor keeps one."""
    path = course / "roster.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["student_id"].strip(): row["student_number"].strip()
            for row in csv.DictReader(handle)
        }


def number_check(typed: str | None, expected: str) -> str:
    """``ok``, ``empty``, ``invalid`` or ``mismatch``: the typed number against the expected."""
    from crmlab.data._student import StudentNumberError, clean_student_number

    if typed is None or not typed.strip():
        return "empty"
    try:
        cleaned = clean_student_number(typed)
    except StudentNumberError:
        return "invalid"
    try:
        wanted = clean_student_number(expected)
    except StudentNumberError:
        return "mismatch"
    return "ok" if cleaned == wanted else "mismatch"


GRADE_COLUMNS = ("student_number_typed", "student_number_expected", "number_check")


def grades(course: Path = HERE, out: Path | None = None) -> Path:
    """nbgrader's CSV export plus the typed student number beside each student id.

    ``nbgrader export`` writes one row per student and assignment; three columns are added:
    ``student_number_typed`` (read from the submission), ``student_number_expected`` (the
    ``roster.csv`` number of that student id, or the id itself) and ``number_check``
    (``ok`` / ``mismatch`` / ``empty`` / ``invalid``; ``missing`` without a submission).
    """
    out = course / "grades.csv" if out is None else out
    raw = course / "grades_nbgrader.csv"
    nbgrader(["export", f"--to={raw}"], course)
    roster = _roster(course)
    with raw.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys()) if rows else ["assignment", "student_id"]
    for row in rows:
        path = (
            course
            / "submitted"
            / row["student_id"]
            / row["assignment"]
            / f"{row['assignment']}.ipynb"
        )
        expected = roster.get(row["student_id"], row["student_id"])
        if path.exists():
            typed = typed_student_number(nbformat.read(path, as_version=4))
            row["number_check"] = number_check(typed, expected)
        else:
            typed, row["number_check"] = None, "missing"
        row["student_number_typed"] = "" if typed is None else typed
        row["student_number_expected"] = expected
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*fields, *GRADE_COLUMNS])
        writer.writeheader()
        writer.writerows(rows)
    raw.unlink()
    return out


# --------------------------------------------------------------------------- answer key


def written_answers(name: str, course: Path = HERE) -> list[tuple[str, str, str, int]]:
    """(grade_id, prompt, sample answer, points) of each hand-graded cell of an assignment."""
    nb = nbformat.read(source_notebook(name, course), as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if cell.cell_type == "markdown" and meta.get("solution") and meta.get("grade"):
            prompt = nb.cells[index - 1].source if index else ""
            body = cell.source.split(SOLUTION_BEGIN, 1)[-1].split(SOLUTION_END, 1)[0]
            body = body.replace(ANSWER_MARK, "").strip()
            found.append((meta["grade_id"], prompt.strip(), body, int(meta["points"])))
    return found


def answer_key(course: Path = HERE) -> str:
    """The answer key of every written question (参考答案), as Markdown, from the sources."""
    parts = [
        "# 书面题参考答案 — Answer key for the written questions",
        "",
        "由 `python exercises/course.py answer-key` 从各练习的源文件生成，请勿手工编辑。"
        " Generated from the assignment sources; do not edit by hand.",
    ]
    for name in assignments(course):
        nb = nbformat.read(source_notebook(name, course), as_version=4)
        title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
        parts += ["", f"## {name} — {title}"]
        for grade_id, prompt, body, points in written_answers(name, course):
            lines = prompt.splitlines()
            heading = lines[0].lstrip("#").strip() if lines else grade_id
            rest = "\n".join(lines[1:]).strip()
            parts += ["", f"### {heading}", "", f"`{grade_id}` · {points} 分", "", rest]
            parts += ["", f"**参考答案：** {body}"]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- an author's check

#: The submissions every check grades: two solutions, the blank release and a wrong answer.
#: ``blank`` typed a classmate's number (the roster says hers is 2026000009): a mismatch.
CHECK_ROSTER = {"blank": "2026000009"}


@dataclass
class Pipeline:
    """One assignment released, submitted four times, autograded, fed back and exported."""

    name: str
    course: Path
    released: Path
    seconds: dict[str, float]
    scores: dict[str, list[CellScore]]
    grades: list[dict[str, str]]
    feedback: list[Path]

    def autograded(self, student: str) -> list[CellScore]:
        return [c for c in self.scores[student] if c.kind == "autograded"]


def run_pipeline(name: str, course: Path, numbers: Sequence[str] = CHECK_NUMBERS) -> Pipeline:
    """Release ``name`` in a fresh course at ``course`` and grade four submissions.

    Students: ``numbers[0]`` and ``numbers[1]`` hand in the source with their number typed in
    (the solutions); ``blank`` the release with ``numbers[0]`` typed in (the stubs); ``wrong``
    the source, ``numbers[0]`` typed in, with every solution's last result perturbed
    (:func:`wrong_answers`). Then autograde, feedback and the grades export (with a roster
    that gives ``blank`` another number).
    """
    copy_course(course, [name])
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    (released,) = release([name], course)
    seconds["generate"] = time.perf_counter() - start
    source = nbformat.read(source_notebook(name), as_version=4)
    blank = nbformat.read(released, as_version=4)
    for number in numbers:
        submit(course, number, name, fill_student_number(source, number))
    submit(course, "blank", name, fill_student_number(blank, numbers[0]))
    submit(course, "wrong", name, wrong_answers(fill_student_number(source, numbers[0]), every=1))
    start = time.perf_counter()
    autograde(course, [name])
    seconds["autograde"] = time.perf_counter() - start
    students = [*numbers, "blank", "wrong"]
    found = {student: scores(course, name, student) for student in students}
    start = time.perf_counter()
    files = feedback(course)
    seconds["feedback"] = time.perf_counter() - start
    with (course / "roster.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("student_id,student_number\n")
        handle.writelines(f"{k},{v}\n" for k, v in CHECK_ROSTER.items())
    start = time.perf_counter()
    with grades(course).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seconds["grades"] = time.perf_counter() - start
    return Pipeline(name, course, released, seconds, found, rows, files)


def pipeline_problems(run: Pipeline, numbers: Sequence[str] = CHECK_NUMBERS) -> list[str]:
    """What the graded submissions of :func:`run_pipeline` show wrong (empty: all fine)."""
    problems = []
    leaks = release_leaks(run.released.read_text(encoding="utf-8"))
    if leaks:
        problems.append(f"the release still holds {leaks}")
    for number in numbers:
        short = [
            f"{c.grade_id} {c.score}/{c.max_score}"
            for c in run.autograded(number)
            if c.score != c.max_score
        ]
        if short:
            problems.append(f"the solution with number {number} loses points: {short}")
    scored = [f"{c.grade_id} {c.score}" for c in run.autograded("blank") if c.score]
    if scored:
        problems.append(f"the blank release scores points (a test that cannot fail): {scored}")
    kept = [c.grade_id for c in run.autograded("wrong") if c.score == c.max_score]
    if kept:
        problems.append(
            "a perturbed answer keeps full marks (the solution's last assignment must be a result "
            f"its test compares): {kept}"
        )
    return problems


def check(name: str, workdir: Path | None = None) -> dict:
    """Everything the tests ask of one assignment, in a scratch copy of the course.

    The format rules; ``generate_assignment``; no solution or hidden test in the release; the
    source with each of :data:`CHECK_NUMBERS` typed in at full marks on every autograded
    cell; the blank release at 0; a perturbed answer losing points in every test cell.
    Returns the timings and scores; raises ``AssertionError`` naming what failed.
    """
    import tempfile

    source = nbformat.read(source_notebook(name), as_version=4)
    problems = format_problems(source, name)
    assert not problems, f"{name}: format problems:\n- " + "\n- ".join(problems)
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as tmp:
        run = run_pipeline(name, Path(workdir or tmp) / "course")
        problems = pipeline_problems(run)
        assert not problems, f"{name}:\n- " + "\n- ".join(problems)
        first = run.scores[CHECK_NUMBERS[0]]
        return {
            "assignment": name,
            "tasks": len(run.autograded("blank")) + len(written_answers(name)),
            "autograded_points": sum(c.max_score for c in first if c.kind == "autograded"),
            "written_points": sum(c.max_score for c in first if c.kind == "written"),
            **{f"{step}_s": round(value, 1) for step, value in run.seconds.items()},
            "autograde_per_submission_s": round(run.seconds["autograde"] / 4, 1),
        }


def release_leaks(text: str) -> list[str]:
    """Markers of solutions or hidden tests left in a release notebook's JSON."""
    markers = [SOLUTION_BEGIN, SOLUTION_END, HIDDEN_BEGIN, HIDDEN_END, ANSWER_MARK]
    return [m for m in markers if m in text]


# --------------------------------------------------------------------------- a simulated class


def wrong_answers(nb: nbformat.NotebookNode, every: int = 2) -> nbformat.NotebookNode:
    """A copy whose every ``every``-th solution computes something wrong (a shifted value)."""
    wrong = copy.deepcopy(nb)
    solutions = [c for c in wrong.cells if c.cell_type == "code" and _nbgrader(c).get("solution")]
    for cell in solutions[::every]:
        # the solution's last assignment, made wrong: numbers scaled, other values left unassigned
        body = cell.source.split(SOLUTION_BEGIN, 1)[-1].split(SOLUTION_END, 1)[0]
        targets = re.findall(r"^(\w+)\s*=", body, re.MULTILINE)
        if targets:
            name = targets[-1]
            cell.source += (
                f"\ntry:\n    {name} = {name} * 1.5 + 1\nexcept TypeError:\n    {name} = None"
            )
    return wrong


def simulate(name: str, students: int = 30, workdir: Path | None = None) -> dict:
    """Autograde a class: ``students`` submissions of ``name``, every second one half wrong.

    Each simulated student has her own number (``2026100001``, …) typed into the source;
    the odd ones get :func:`wrong_answers`. Returns the seconds of the one
    ``nbgrader autograde`` run and the spread of the autograded scores.
    """
    import tempfile

    source = nbformat.read(source_notebook(name), as_version=4)
    with tempfile.TemporaryDirectory(prefix=f"class-{name}-") as tmp:
        course = copy_course(Path(workdir or tmp) / "course", [name])
        release([name], course)
        for k in range(students):
            nb = fill_student_number(source, f"{2026100001 + k}")
            submit(course, f"s{k + 1:03d}", name, wrong_answers(nb) if k % 2 else nb)
        start = time.perf_counter()
        autograde(course, [name])
        seconds = time.perf_counter() - start
        totals = []
        for k in range(students):
            cells = scores(course, name, f"s{k + 1:03d}")
            totals.append(sum(c.score or 0 for c in cells if c.kind == "autograded"))
        start = time.perf_counter()
        grades(course)
        grades_seconds = time.perf_counter() - start
    return {
        "assignment": name,
        "students": students,
        "autograde_s": round(seconds, 1),
        "per_student_s": round(seconds / students, 2),
        "grades_s": round(grades_seconds, 1),
        "full_marks": sum(t == max(totals) for t in totals),
        "lowest": min(totals),
        "highest": max(totals),
    }


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="exercises/course.py", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="generate every assignment into exercises/release/")
    sub.add_parser("autograde", help="autograde everything in exercises/submitted/")
    sub.add_parser("feedback", help="HTML feedback per student into exercises/feedback/")
    sub.add_parser("grades", help="exercises/grades.csv with the typed student numbers")
    key = sub.add_parser("answer-key", help="print (or --out) the written answers' key")
    key.add_argument("--out", type=Path)
    fill = sub.add_parser("fill", help="write a copy of a notebook with a student number typed in")
    fill.add_argument("notebook", type=Path)
    fill.add_argument("number")
    fill.add_argument("--out", type=Path, required=True)
    chk = sub.add_parser("check", help="an author's full check of assignments (default: all)")
    chk.add_argument("names", nargs="*")
    sim = sub.add_parser("simulate", help="time the autograding of a simulated class")
    sim.add_argument("name")
    sim.add_argument("--students", type=int, default=30)
    args = parser.parse_args(argv)

    if args.command == "release":
        for path in release():
            print(f"released {path.relative_to(HERE.parent)}")
    elif args.command == "autograde":
        found = submitted()
        if not found:
            print(
                "exercises/submitted/ is empty: "
                "put submissions in submitted/<student>/<assignment>/"
            )
        autograde()
        for name, students in sorted(found.items()):
            print(f"autograded {name}: {len(students)} submission(s)")
    elif args.command == "feedback":
        paths = feedback()
        print(f"{len(paths)} feedback file(s) in exercises/feedback/")
    elif args.command == "grades":
        out = grades()
        with out.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        flagged = [r for r in rows if r["number_check"] not in ("ok", "missing")]
        print(
            f"{out.relative_to(HERE.parent)}: {len(rows)} row(s), {len(flagged)} number problem(s)"
        )
        for row in flagged:
            print(
                f"  {row['assignment']} {row['student_id']}: "
                f"typed {row['student_number_typed']!r}, "
                f"expected {row['student_number_expected']!r} ({row['number_check']})"
            )
    elif args.command == "answer-key":
        text = answer_key()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
    elif args.command == "fill":
        nb = nbformat.read(args.notebook, as_version=4)
        nbformat.write(fill_student_number(nb, args.number), args.out)
    elif args.command == "check":
        failed = 0
        for name in args.names or assignments():
            try:
                print(json.dumps(check(name), ensure_ascii=False))
            except AssertionError as error:
                failed += 1
                print(f"FAILED {error}")
        return 1 if failed else 0
    elif args.command == "simulate":
        print(json.dumps(simulate(args.name, args.students), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
