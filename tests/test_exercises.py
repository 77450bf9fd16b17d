"""The nbgrader course in exercises/: every assignment releases, autogrades, feeds back, grades.

Each folder of ``exercises/source/`` gets its own test class (``TestCh01CrmFoundations``, …),
built below, so an assignment added later is covered without editing this file. The class
runs the whole pipeline once (``course.run_pipeline``) in its own temporary copy of the
course — its own gradebook — and its tests read the result. Under ``pytest -n 2 --dist
loadscope`` a class stays on one worker and the classes spread over both.

Submissions graded per assignment: the source with two student numbers typed in (full marks
on every autograded cell), the blank release with a number typed in (0 on every autograded
cell), and the source with every solution's last result perturbed (every test cell loses
points: the hidden tests compare values).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

from crmlab.paths import repo_root

EXERCISES = repo_root() / "exercises"


def _load_course():
    spec = importlib.util.spec_from_file_location(
        "crmlab_exercises_course", EXERCISES / "course.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


course = _load_course()
NAMES = course.assignments()
#: The assignment folders of the issue (brief): no other name is allowed.
KNOWN = {
    "ch01_crm_foundations",
    "ch02_customer_identification",
    "ch03_customer_selection",
    "ch04a_customer_lifecycle",
    "ch04b_clv_models",
    "ch05_customer_satisfaction",
    "ch06_satisfaction_loyalty",
    "ch07_retention_churn",
    "ch08_relationship_marketing",
    "ch09_crm_strategy",
}


# --------------------------------------------------------------------------- the course


def test_the_course_has_assignments_with_known_names() -> None:
    assert "ch01_crm_foundations" in NAMES
    assert set(NAMES) <= KNOWN, set(NAMES) - KNOWN
    folders = {p.name for p in (EXERCISES / "source").iterdir() if p.is_dir()}
    assert folders == set(NAMES), "every source folder holds a notebook of its own name"


def test_source_folders_hold_only_the_notebook() -> None:
    # nbgrader copies every file of a source folder into the release
    for name in NAMES:
        files = {
            p.name
            for p in (EXERCISES / "source" / name).rglob("*")
            if p.is_file() and ".ipynb_checkpoints" not in p.parts
        }
        assert files == {f"{name}.ipynb"}, (name, files)


def test_answer_key_is_generated_from_the_sources() -> None:
    key = (EXERCISES / "ANSWER_KEY.md").read_text(encoding="utf-8")
    assert key == course.answer_key(), (
        "exercises/ANSWER_KEY.md is stale: "
        ".venv/bin/python exercises/course.py answer-key --out exercises/ANSWER_KEY.md"
    )
    for name in NAMES:
        written = course.written_answers(name)
        assert written, f"{name} has no written question"
        for grade_id, _prompt, answer, _points in written:
            assert f"`{grade_id}`" in key and answer in key, grade_id
            assert len(answer) > 40, f"{grade_id}: the sample answer is too short to grade by"


def test_readme_describes_every_make_target_and_links_the_key() -> None:
    readme = (EXERCISES / "README.md").read_text(encoding="utf-8")
    for target in ("make exercises", "make autograde", "make feedback", "make grades", "make lab"):
        assert target in readme, target
    assert "ANSWER_KEY.md" in readme and "AUTHORING.md" in readme
    makefile = (repo_root() / "Makefile").read_text(encoding="utf-8")
    for target in ("exercises", "autograde", "feedback", "grades"):
        assert re.search(rf"^{target}: \$\(STAMP\)\n\t\$\(COURSE\) ", makefile, re.M), target


# --------------------------------------------------------------------------- the student number


@pytest.mark.parametrize(
    ("source", "typed"),
    [
        ('STUDENT_NUMBER = ""  # 在引号中填写你的学号（student number）', ""),
        ('STUDENT_NUMBER = "2026000001"  # 在引号中填写你的学号', "2026000001"),
        ("STUDENT_NUMBER = '2026000001'", "2026000001"),
        ("x = 1\nSTUDENT_NUMBER = 2026000001\n", "2026000001"),
        ("STUDENT_NUMBER = input()", None),
        ("print(1)", None),
    ],
)
def test_typed_number_is_read_back(source: str, typed: str | None) -> None:
    assert course.typed_number_in(source) == typed


@pytest.mark.parametrize(
    ("typed", "expected", "verdict"),
    [
        ("2026000001", "2026000001", "ok"),
        (" ２０２６０００００１", "2026000001", "ok"),
        ("2026000002", "2026000001", "mismatch"),
        ("2026000001", "zhang.san", "mismatch"),
        ("", "2026000001", "empty"),
        (None, "2026000001", "empty"),
        ("20-26", "2026000001", "invalid"),
    ],
)
def test_number_check(typed: str | None, expected: str, verdict: str) -> None:
    assert course.number_check(typed, expected) == verdict


def test_fill_student_number_types_into_a_copy() -> None:
    source = nbformat.read(course.source_notebook("ch01_crm_foundations"), as_version=4)
    filled = course.fill_student_number(source, "2026000001")
    assert course.typed_student_number(source) == ""
    assert course.typed_student_number(filled) == "2026000001"
    changed = [i for i, (a, b) in enumerate(zip(source.cells, filled.cells, strict=True)) if a != b]
    assert changed == [1]
    with pytest.raises(ValueError, match="no STUDENT_NUMBER"):
        course.fill_student_number(nbformat.v4.new_notebook(), "2026000001")


def test_format_problems_are_found() -> None:
    source = nbformat.read(course.source_notebook("ch01_crm_foundations"), as_version=4)
    assert course.format_problems(source, "ch01_crm_foundations") == []
    broken = course.fill_student_number(source, "2026000001")
    broken.cells[5].metadata.nbgrader["grade_id"] = broken.cells[4].metadata.nbgrader["grade_id"]
    broken.cells[5].source = broken.cells[5].source.split(course.HIDDEN_BEGIN)[0]
    problems = course.format_problems(broken, "ch01_crm_foundations")
    assert any('cell 2 must hold STUDENT_NUMBER = ""' in p for p in problems)
    assert any("grade_id used twice" in p for p in problems)
    assert any("needs ### BEGIN HIDDEN TESTS" in p for p in problems)


# --------------------------------------------------------------------------- each assignment


def _lines(sources) -> set[str]:
    return {line.strip() for source in sources for line in source.splitlines()}


def _public_part(cell) -> str:
    """A source cell without its solution block or hidden tests: what the release keeps."""
    meta = cell.metadata.get("nbgrader", {})
    text = cell.source
    if meta.get("solution") and course.SOLUTION_BEGIN in text:
        before, _, rest = text.partition(course.SOLUTION_BEGIN)
        text = before + rest.partition(course.SOLUTION_END)[2]
    elif meta.get("solution"):
        text = ""
    return text.split(course.HIDDEN_BEGIN)[0]


class AssignmentPipeline:
    """The tests of one assignment; a subclass per folder sets ``name`` (see the bottom)."""

    name: str

    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, tmp_path_factory):
        return course.run_pipeline(cls.name, tmp_path_factory.mktemp(cls.name) / "course")

    @pytest.fixture(scope="class")
    @classmethod
    def source(cls):
        return nbformat.read(course.source_notebook(cls.name), as_version=4)

    def test_source_follows_the_format(self, source) -> None:
        assert course.format_problems(source, self.name) == []

    def test_release_holds_no_solution_and_no_hidden_test(self, run, source) -> None:
        text = run.released.read_text(encoding="utf-8")
        assert course.release_leaks(text) == []
        released = nbformat.reads(text, as_version=4)
        shown = _lines(c.source for c in released.cells)
        public = _lines(_public_part(c) for c in source.cells)  # what the source shows anyway
        for cell in source.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                body = cell.source.split(course.SOLUTION_BEGIN)[1].split(course.SOLUTION_END)[0]
            elif meta.get("grade"):
                body = cell.source.split(course.HIDDEN_BEGIN)[1].split(course.HIDDEN_END)[0]
            else:
                continue
            secret = _lines([body]) - public
            leaked = sorted(line for line in secret & shown if len(line) > 12)
            assert not leaked, (meta["grade_id"], leaked)

    def test_committed_source_generates_the_release(self, run, source) -> None:
        released = nbformat.read(run.released, as_version=4)
        assert len(released.cells) == len(source.cells)
        for ours, theirs in zip(source.cells, released.cells, strict=True):
            meta = ours.metadata.get("nbgrader", {})
            assert theirs.metadata.get("nbgrader", {}).get("grade_id") == meta.get("grade_id")
            if meta.get("solution") and ours.cell_type == "code":
                assert "raise NotImplementedError()" in theirs.source
            elif meta.get("solution"):
                assert theirs.source.strip() == "在这里写你的答案（YOUR ANSWER HERE）"
            elif meta.get("grade"):
                assert theirs.source.rstrip() == ours.source.split(course.HIDDEN_BEGIN)[0].rstrip()
            else:  # title, STUDENT_NUMBER = "", setup, prompts: as written
                assert theirs.source == ours.source
            assert not theirs.get("outputs")

    def test_solutions_get_full_marks_for_two_numbers(self, run) -> None:
        for number in course.CHECK_NUMBERS:
            cells = run.autograded(number)
            assert cells, "no autograded cell"
            short = {c.grade_id: (c.score, c.max_score) for c in cells if c.score != c.max_score}
            assert not short, (number, short)

    def test_blank_release_scores_zero_on_every_autograded_cell(self, run) -> None:
        cells = run.autograded("blank")
        assert {c.grade_id: c.score for c in cells if c.score} == {}
        written = [c for c in run.scores["blank"] if c.kind == "written"]
        assert written and all(c.score is None for c in written), (
            "written answers wait for a grader"
        )

    def test_a_wrong_value_loses_points_in_every_test(self, run) -> None:
        kept = [c.grade_id for c in run.autograded("wrong") if c.score == c.max_score]
        assert not kept, f"tests that accept a perturbed answer: {kept}"

    def test_feedback_is_written_per_student(self, run) -> None:
        students = {p.parent.parent.name for p in run.feedback}
        assert students == {*course.CHECK_NUMBERS, "blank", "wrong"}
        html = next(p for p in run.feedback if p.parent.parent.name == "blank").read_text("utf-8")
        assert "练习" in html and "NotImplementedError" in html
        for path in run.feedback:  # neither the hidden tests nor a traceback quoting them
            html = path.read_text("utf-8")
            assert course.HIDDEN_BEGIN not in html and course.HIDDEN_END not in html, path

    def test_grades_list_the_typed_number_and_flag_a_mismatch(self, run) -> None:
        rows = {row["student_id"]: row for row in run.grades}
        assert set(rows) == {*course.CHECK_NUMBERS, "blank", "wrong"}
        with (run.course / "grades.csv").open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header[-3:] == list(course.GRADE_COLUMNS)
        auto = sum(c.max_score for c in run.autograded("blank"))
        for number in course.CHECK_NUMBERS:
            assert rows[number]["number_check"] == "ok"
            assert rows[number]["student_number_typed"] == number
            assert float(rows[number]["score"]) == pytest.approx(auto)
        blank = rows["blank"]
        assert blank["student_number_typed"] == course.CHECK_NUMBERS[0]
        assert blank["student_number_expected"] == course.CHECK_ROSTER["blank"]
        assert blank["number_check"] == "mismatch"
        assert float(blank["score"]) == 0
        assert rows["wrong"]["number_check"] == "mismatch"  # no roster entry: the id itself


def _class_name(name: str) -> str:
    return "Test" + "".join(part.capitalize() for part in name.split("_"))


for _name in NAMES:
    globals()[_class_name(_name)] = type(_class_name(_name), (AssignmentPipeline,), {"name": _name})


def test_every_assignment_has_its_test_class() -> None:
    module = sys.modules[__name__]
    assert all(isinstance(getattr(module, _class_name(n), None), type) for n in NAMES)
    assert Path(course.__file__).parent == EXERCISES
