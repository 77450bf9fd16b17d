"""Charts for chapter 01 (re-exported by :mod:`crmlab.plots`; list public names in __all__)."""

from __future__ import annotations

__all__: list[str] = []
