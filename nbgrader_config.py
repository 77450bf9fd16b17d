"""nbgrader's configuration when JupyterLab starts in the project root (``make lab``).

The course lives in ``exercises/`` and is configured in ``exercises/nbgrader_config.py``;
the Formgrader reads this file from the directory JupyterLab was started in.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
load_subconfig("exercises/nbgrader_config.py")  # noqa: F821
