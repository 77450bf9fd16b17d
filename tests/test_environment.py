"""environment.yml (conda / Binder) stays in step with pyproject.toml."""

import re
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_installs_this_repository_with_the_make_extras():
    deps = _environment()["dependencies"]
    pip_sections = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    extras = "dev,zh,exercises,scale,spark"
    assert pip_sections == [[f"-e .[{extras}]"]]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f'pip install --quiet -e ".[{extras}]"' in makefile


def test_no_dependency_is_listed_twice():
    conda = {_name(d) for d in _environment()["dependencies"] if isinstance(d, str)}
    assert conda == {"python", "pip", "openjdk"}, "declare Python packages in pyproject.toml only"
    project = _pyproject()["project"]
    declared = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        declared += extra
    names = [_name(r) for r in declared]
    assert len(names) == len(set(names)), "a package appears in two places in pyproject.toml"


def test_python_versions_agree():
    conda_python = next(
        d for d in _environment()["dependencies"] if isinstance(d, str) and d.startswith("python")
    )
    version = conda_python.split("=", 1)[1]
    floor = _pyproject()["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, version.split("."))) >= tuple(map(int, floor.split(".")))


def test_every_dependency_says_who_needs_it():
    """Each dependency has a comment naming the chapter or feature."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]\n", 1)[0]
    lines = [ln for ln in block.splitlines() if ln.strip().startswith('"')]
    for i, line in enumerate(block.splitlines()):
        if line.strip().startswith('"'):
            previous = block.splitlines()[i - 1].strip()
            assert previous.startswith("#") or "#" in line, f"no comment for {line.strip()}"
    assert lines
