"""Where the workbook's files live, from any working directory.

A notebook runs with its own folder as the working directory, a test runs from the
repository root, an analyst may import :mod:`crmlab` from anywhere. :func:`data_dir`
finds the ``datasets/`` folder in every case, in this order:

1. an explicit ``path`` argument;
2. the ``CRMLAB_DATA`` environment variable;
3. ``datasets/`` beside the installed package (the repository checkout);
4. ``datasets/`` in the current directory or any of its parents.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that points the workbook at another data folder.
DATA_ENV_VAR = "CRMLAB_DATA"

_PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The folder that holds ``crmlab/`` (the repository checkout).

    Examples
    --------
    >>> (repo_root() / "crmlab" / "paths.py").is_file()
    True
    """
    return _PACKAGE_DIR.parent


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the workbook's CSV files.

    Parameters
    ----------
    path
        A folder to use instead of the default. Relative paths are taken from the
        current working directory.

    Returns
    -------
    pathlib.Path
        An existing folder, as an absolute path.

    Raises
    ------
    FileNotFoundError
        If ``path`` (or ``$CRMLAB_DATA``) is not a folder, or no ``datasets/`` folder
        can be found; the message says where it looked and how to point at one.

    Examples
    --------
    >>> data_dir().name
    'datasets'
    """
    if path is not None:
        return _existing_dir(Path(path), "the path you passed")
    env = os.environ.get(DATA_ENV_VAR)
    if env:
        return _existing_dir(Path(env), f"${DATA_ENV_VAR}")
    candidates = [repo_root() / "datasets"]
    cwd = Path.cwd().resolve()
    candidates += [folder / "datasets" for folder in (cwd, *cwd.parents)]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates[:4])
    raise FileNotFoundError(
        f"No datasets/ folder found (looked in {looked} …). Run `make data` in the "
        f"repository, or set {DATA_ENV_VAR}=/path/to/your/csv/folder, or pass path=…"
    )


def data_file(filename: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Return the path of ``filename`` inside :func:`data_dir` (it need not exist yet).

    Examples
    --------
    >>> data_file("customers.csv").name
    'customers.csv'
    """
    return data_dir(path) / filename


def _existing_dir(path: Path, source: str) -> Path:
    path = path.expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if not path.is_dir():
        raise FileNotFoundError(
            f"{source} points at {path}, which is not a folder; give the folder that "
            "holds customers.csv, transactions.csv, …"
        )
    return path.resolve()
