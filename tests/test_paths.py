"""crmlab.paths finds datasets/ from anywhere and honours overrides."""

from pathlib import Path

import pytest

from crmlab import paths


def test_default_is_the_repository_datasets_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DATA_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)  # a working directory far from the repository
    found = paths.data_dir()
    assert found == paths.repo_root() / "datasets"
    assert found.is_dir()


def test_found_from_a_notebook_folder(monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV_VAR, raising=False)
    monkeypatch.chdir(paths.repo_root() / "notebooks")
    assert paths.data_dir() == paths.repo_root() / "datasets"


def test_explicit_path_wins_over_environment(monkeypatch, tmp_path):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    mine.mkdir()
    theirs.mkdir()
    monkeypatch.setenv(paths.DATA_ENV_VAR, str(theirs))
    assert paths.data_dir(mine) == mine.resolve()
    assert paths.data_dir() == theirs.resolve()


def test_relative_path_is_taken_from_the_working_directory(monkeypatch, tmp_path):
    (tmp_path / "shop").mkdir()
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir("shop") == (tmp_path / "shop").resolve()


def test_environment_variable_pointing_nowhere_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.DATA_ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=r"\$CRMLAB_DATA points at .*missing"):
        paths.data_dir()


def test_missing_explicit_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a folder"):
        paths.data_dir(tmp_path / "nope")


def test_no_datasets_anywhere_says_how_to_fix(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DATA_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "repo_root", lambda: tmp_path / "not-a-checkout")
    with pytest.raises(FileNotFoundError, match="make data"):
        paths.data_dir()


def test_data_file_joins_the_folder(tmp_path):
    assert paths.data_file("x.csv", tmp_path) == Path(tmp_path).resolve() / "x.csv"
