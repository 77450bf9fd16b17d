"""Charts for the workbook: one theme, optional Chinese labels, one function per chart.

Every function draws on a matplotlib ``Axes`` (a new one unless ``ax=`` is given) and
returns it; none computes anything — the numbers come from the analysis modules. Call
:func:`set_theme` once at the top of a notebook; :func:`use_chinese` switches the labels.

Theme and language: :func:`set_theme`, :func:`use_chinese`, :func:`use_english`,
:func:`chinese_enabled`, :func:`find_chinese_font`, :func:`label`, :class:`ChineseFontError`.
Chart functions are grouped by chapter in private modules (``_ch00`` … ``_ch04``) and all
re-exported here, e.g. ``plots.funnel_chart(...)``.
"""

from crmlab.plots._ch00 import *  # noqa: F403
from crmlab.plots._ch01 import *  # noqa: F403
from crmlab.plots._ch02 import *  # noqa: F403
from crmlab.plots._ch03 import *  # noqa: F403
from crmlab.plots._ch04 import *  # noqa: F403
from crmlab.plots._theme import (
    CJK_FAMILIES,
    PALETTE,
    ChineseFontError,
    chinese_enabled,
    find_chinese_font,
    label,
    set_theme,
    use_chinese,
    use_english,
)

__all__ = [
    "CJK_FAMILIES",
    "PALETTE",
    "ChineseFontError",
    "chinese_enabled",
    "find_chinese_font",
    "label",
    "set_theme",
    "use_chinese",
    "use_english",
]
