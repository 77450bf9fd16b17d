"""nbgrader configuration of the CRM Lab course (客户关系管理练习).

nbgrader reads this file from the directory it runs in: run every nbgrader command from
``exercises/`` (the make targets do: ``make exercises``, ``make autograde``, ``make feedback``,
``make grades``). Paths are relative to this file, so the course folder moves with the
repository. See README.md (the instructor's guide) and AUTHORING.md (writing an assignment).
"""

from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = str(HERE)
# the gradebook beside the assignments (git-ignored)
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"
# the exchange for `nbgrader release_assignment / collect` on one shared machine (git-ignored);
# with an LMS, copy submissions into submitted/<student>/<assignment>/ instead
c.Exchange.root = str(HERE / "exchange")
c.Exchange.path_includes_course = True

# the release: solutions become the stub below, hidden tests disappear
c.ClearSolutions.code_stub = {
    "python": "# 在这里写你的代码（YOUR CODE HERE）\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "在这里写你的答案（YOUR ANSWER HERE）"
c.ClearSolutions.enforce_metadata = True
c.ClearHiddenTests.enforce_metadata = True

# autograding: a student's company is drawn in under a second and a notebook runs in a few
# seconds; a cell running past 120 s (an endless loop) is interrupted and the rest still runs
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True

# feedback: the score of every task, the visible tests and each failed test's error line; the
# hidden tests' code is cut out (as in the release) and so are the tracebacks that would quote
# it, so feedback returned early does not show how the answers are checked. To show the hidden
# tests after the deadline, delete the last two entries of the list.


class ErrorLineOnly(Preprocessor):
    """A failed test cell's error shows as its last line (``AssertionError: 提示``) only."""

    enabled = Bool(True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = output["evalue"] or "隐藏测试未通过：与按你的数据重新计算的结果不一致"
                    output["traceback"] = [f"{output['ename']}: {message}"]
        return cell, resources


c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    ErrorLineOnly,
]
