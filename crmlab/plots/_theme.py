"""The workbook's chart theme and its Chinese labels (中文图表标签) — see :mod:`crmlab.plots`.

Every chart in CRM Lab is drawn on a matplotlib ``Axes`` after :func:`set_theme`, so
the notebooks look alike. Chart text can be switched to Chinese with
:func:`use_chinese`, which needs a font with CJK glyphs: one installed on the system
(Noto Sans CJK, Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei, PingFang …) or the
fonts shipped by the ``zh`` extra (``pip install "crmlab[zh]"``, which brings
``mplfonts``). When no such font exists, :func:`use_chinese` raises
:class:`ChineseFontError` with the command that fixes it — charts never show empty
boxes in place of characters.

Plot functions take the language into account through :func:`label`:

>>> use_english()
>>> label("Revenue", "收入")
'Revenue'

Money is shown in one currency, a setting of the theme rather than a literal in the code:
``set_theme(currency="£")`` once in a notebook's setup cell changes every chart, widget and
self-check drawn afterwards. :func:`currency` reads the setting, :func:`money` writes an
amount in it and :func:`money_label` adds it to an axis label (in Chinese mode too):

>>> set_theme(currency="£")
>>> money(1234), money_label("profit", "利润")
('£1,234', 'profit (£)')
>>> set_theme(currency=DEFAULT_CURRENCY)
"""

from __future__ import annotations

import math
import numbers
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axes import Axes

#: Font families known to carry simplified-Chinese glyphs, most preferred first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans Mono CJK SC",
)

#: The workbook's colours: a calm blue for "us", orange for contrast, then greys.
PALETTE = ("#2f6f9f", "#e07b39", "#5a9e6f", "#b5485d", "#8c7ab8", "#9c9c9c")

_SAMPLE = "客户关系管理"

#: The currency of a fresh session: that of the course's company, a Chinese retailer.
DEFAULT_CURRENCY = "¥"


class ChineseFontError(RuntimeError):
    """No font with Chinese glyphs is available to matplotlib."""


@dataclass
class _State:
    chinese: bool = False
    chosen: bool = False  # a language was set (use_chinese/use_english) in this session
    font: str | None = None
    currency: str = DEFAULT_CURRENCY


_STATE = _State()


def set_theme(
    *, chinese: bool | None = None, context: str = "notebook", currency: str | None = None
) -> None:
    """Apply the workbook's chart theme (seaborn ``whitegrid`` and the CRM Lab palette).

    Parameters
    ----------
    chinese
        ``True`` switches chart labels to Chinese (see :func:`use_chinese`), ``False`` to
        English. ``None`` keeps the language already chosen in this session; in a fresh
        session it means Chinese, the course's language, when a font with Chinese glyphs
        is found, and otherwise English, with one printed line saying how to get Chinese.
    context
        seaborn plotting context (``"notebook"``, ``"talk"`` for slides, …).
    currency
        The currency symbol or code of every money label, readout and amount drawn from now
        on (``"£"``, ``"$"``, ``"€"``, ``"CHF"`` …); ``None`` keeps the current one
        (:data:`DEFAULT_CURRENCY` in a fresh session). See :func:`money`.

    Raises
    ------
    ValueError
        If ``currency`` is empty, longer than five characters or contains a digit.

    Examples
    --------
    >>> set_theme(chinese=False)
    >>> mpl.rcParams["figure.figsize"]
    [7.0, 4.0]
    >>> set_theme(currency="$")
    >>> currency()
    '$'
    >>> set_theme(currency=DEFAULT_CURRENCY)
    """
    import seaborn as sns

    if currency is not None:
        _STATE.currency = _checked_currency(currency)
    sns.set_theme(context=context, style="whitegrid", palette=list(PALETTE))
    mpl.rcParams.update(
        {
            "figure.figsize": [7.0, 4.0],
            "figure.dpi": 100,
            "axes.titlesize": "large",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
        }
    )
    if chinese is None and not _STATE.chosen:
        _chinese_if_possible()
    elif chinese is True or (chinese is None and _STATE.chinese):
        use_chinese(_STATE.font)
    elif chinese is False or chinese is None:
        use_english()


def _chinese_if_possible() -> None:
    """Chinese chart labels when a CJK font exists; else English and one line saying why."""
    try:
        use_chinese()
    except ChineseFontError:
        use_english()
        print(
            "图表使用英文标签：没有找到中文字体。运行 `make install`（或 "
            '`pip install "crmlab[zh]"`）后重启内核即可显示中文。\n'
            "Charts use English labels: no font with Chinese characters was found. "
            '`make install` (or `pip install "crmlab[zh]"`) and a kernel restart bring '
            "Chinese labels."
        )


def _checked_currency(symbol: object) -> str:
    """``symbol`` stripped, or ``ValueError`` saying what a currency setting looks like."""
    text = symbol.strip() if isinstance(symbol, str) else ""
    if not text or len(text) > 5 or any(ch.isdigit() for ch in text):
        raise ValueError(
            f"currency={symbol!r}: give the symbol or code money is shown with, e.g. "
            "'£', '$', '€', 'HK$' or 'CHF' (at most five characters, no digits)"
        )
    return text


def currency() -> str:
    """The currency money is shown in (set with ``set_theme(currency=…)``).

    Examples
    --------
    >>> currency() == DEFAULT_CURRENCY
    True
    """
    return _STATE.currency


def _prefix() -> str:
    """The currency as written before an amount: a code ending in a letter gets a space."""
    symbol = _STATE.currency
    return f"{symbol} " if symbol[-1].isalpha() else symbol


def money(value: float, decimals: int = 0) -> str:
    """An amount of money in the theme's currency, with thousands separators.

    Parameters
    ----------
    value
        The amount. A loss gets a minus sign before the symbol; the sign is the one
        matplotlib draws on tick labels (U+2212 "−" in English mode, "-" in Chinese mode,
        whose fonts may lack U+2212). A missing or infinite amount is written "–".
    decimals
        Digits after the decimal point (0 for whole amounts, 2 for cents/fen).

    Returns
    -------
    str
        E.g. "£1,234", "−£12.50", "CHF 1,234".

    Examples
    --------
    >>> set_theme(currency="£")
    >>> money(1234.4), money(12.5, decimals=2), money(-0.2), money(float("nan"))
    ('£1,234', '£12.50', '£0', '–')
    >>> use_english()
    >>> money(-12)
    '−£12'
    >>> set_theme(currency="CHF")
    >>> money(1234)
    'CHF 1,234'
    >>> set_theme(currency=DEFAULT_CURRENCY)
    """
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise ValueError(f"decimals: a whole number ≥ 0, got {decimals!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if hasattr(value, "item") and getattr(value, "size", None) == 1:  # numpy / pandas scalar
            return money(value.item(), decimals)
        if value is None or type(value).__name__ == "NAType":  # None, pandas.NA
            return "–"
        raise TypeError(f"money: expected a number, got {type(value).__name__}")
    amount = float(value)
    if not math.isfinite(amount):
        return "–"
    text = f"{abs(amount):,.{int(decimals)}f}"
    negative = amount < 0 and any(ch not in "0.," for ch in text)
    sign = ("\N{MINUS SIGN}" if mpl.rcParams["axes.unicode_minus"] else "-") if negative else ""
    return f"{sign}{_prefix()}{text}"


def money_label(english: str, chinese: str | None = None) -> str:
    """An axis or control label with the currency as its unit: "profit (£)", "利润（£）".

    Parameters
    ----------
    english
        The label in English, without a unit.
    chinese
        The label in Chinese; used (with full-width brackets) when :func:`use_chinese`
        is on. Without it the English label is used in both languages.

    Examples
    --------
    >>> use_english()
    >>> money_label("CLV", "客户终身价值") == f"CLV ({currency()})"
    True
    """
    symbol = _STATE.currency
    if chinese is not None and _STATE.chinese:
        return f"{chinese}（{symbol}）"
    return f"{english} ({symbol})"


def _axes(ax: Axes | None = None, size: tuple[float, float] | None = None) -> Axes:
    """The Axes a chart function draws on: ``ax`` when given, else a new figure's."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def _date_axis(ax: Axes) -> None:
    """Few, compact date ticks on the x-axis (e.g. 2024, Apr, Jul, Oct, 2025; 4月 in Chinese).

    The number of ticks follows the axes' width (5 to 9, about one per 0.8 inch), so a
    narrow chart in a widget does not crowd its dates.
    """
    import matplotlib.dates as mdates

    fig = ax.get_figure()
    width = ax.get_position().width * (fig.get_figwidth() if fig is not None else 7.0)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max(5, min(9, int(width * 1.25))))
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]  # a narrow 2-year axis: yearly ticks
    ax.xaxis.set_major_locator(locator)
    if _STATE.chinese:
        formats = ["%Y", "%m月", "%d日", "%H:%M", "%H:%M", "%S.%f"]
        offsets = ["", "%Y", "%Y年%m月", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"]
        chinese = _chinese_dates_class()(locator, formats=formats, offset_formats=offsets)
        ax.xaxis.set_major_formatter(chinese)
    else:
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _chinese_dates_class() -> type:
    import matplotlib.dates as mdates

    class ChineseDates(mdates.ConciseDateFormatter):
        """ConciseDateFormatter writing months as "3月" (no leading zero, on every OS)."""

        def format_ticks(self, values: list[float]) -> list[str]:
            return [re.sub(r"(?<!\d)0(\d[月日])", r"\1", s) for s in super().format_ticks(values)]

        def get_offset(self) -> str:
            return re.sub(r"(?<!\d)0(\d[月日])", r"\1", super().get_offset())

    return ChineseDates


def _has_cjk_glyphs(path: str | os.PathLike[str]) -> bool:
    """True if the font file at ``path`` draws every character of a Chinese sample."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(os.fspath(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in _SAMPLE)


def _bundled_font_files() -> list[Path]:
    """CJK font files shipped by the optional ``mplfonts`` package (the ``zh`` extra)."""
    try:
        import mplfonts
    except ImportError:
        return []
    folder = Path(mplfonts.__file__).resolve().parent / "fonts"
    preferred = ("NotoSansCJK", "SourceHanSans", "SimHei", "NotoSerifCJK", "SourceHanSerif")
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in {".otf", ".ttf", ".ttc"})
    files.sort(key=lambda p: next((i for i, s in enumerate(preferred) if s in p.name), 99))
    return files


def _has_bold(family: str) -> bool:
    """Whether matplotlib knows a bold (weight ≥ 600) face of ``family``."""
    weights = [e.weight for e in font_manager.fontManager.ttflist if e.name == family]
    return any(
        (w if isinstance(w, int) else 700 if "bold" in str(w) else 400) >= 600 for w in weights
    )


def find_chinese_font(
    families: Iterable[str] = CJK_FAMILIES, *, include_bundled: bool = True
) -> str | None:
    """Return the name of a font family that can draw Chinese, or ``None``.

    Looks first among the fonts matplotlib already knows (system fonts), in the order
    of ``families``, then among the fonts of the ``zh`` extra. A font counts only if it
    really has the glyphs (checked character by character), so the result never
    draws boxes.

    Examples
    --------
    >>> name = find_chinese_font()
    >>> name is None or isinstance(name, str)
    True
    """
    by_family: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_family.setdefault(entry.name, []).append(entry.fname)
    for family in families:
        if any(_has_cjk_glyphs(f) for f in by_family.get(family, [])):
            return family
    if include_bundled:
        for path in _bundled_font_files():
            if _has_cjk_glyphs(path):
                font_manager.fontManager.addfont(str(path))
                return font_manager.FontProperties(fname=str(path)).get_name()
    return None


def use_chinese(font: str | None = None) -> str:
    """Switch chart text to Chinese and return the font family used.

    Parameters
    ----------
    font
        A font family to use; by default the first one :func:`find_chinese_font` finds.

    Raises
    ------
    ChineseFontError
        If no font with Chinese glyphs is available (or ``font`` lacks them); the
        message names the fix.

    Examples
    --------
    >>> try:
    ...     name = use_chinese()
    ... except ChineseFontError:
    ...     name = None
    >>> use_english()
    """
    if font is not None:
        paths = [e.fname for e in font_manager.fontManager.ttflist if e.name == font]
        if not any(_has_cjk_glyphs(p) for p in paths):
            raise ChineseFontError(
                f"Font {font!r} is not installed or cannot draw Chinese characters; "
                "call use_chinese() without a name to pick one automatically."
            )
        name = font
    else:
        found = find_chinese_font()
        if found is None:
            raise ChineseFontError(
                "No font with Chinese characters was found, so Chinese chart labels would "
                'show as empty boxes. Install one: `pip install "crmlab[zh]"` (bundled '
                "Noto/Source Han fonts; `make install` does this), or on Debian/Ubuntu "
                "`sudo apt-get install fonts-noto-cjk`. Then restart the kernel."
            )
        name = found
    fallback = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.sans-serif"] = [name, *fallback]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False  # many CJK fonts lack the U+2212 minus sign
    if not _has_bold(name):  # the bundled CJK fonts are regular only: avoid faux-bold lookups
        mpl.rcParams["axes.titleweight"] = "normal"
        mpl.rcParams["figure.titleweight"] = "normal"
    _STATE.chinese = True
    _STATE.chosen = True
    _STATE.font = name
    return name


def use_english() -> None:
    """Switch chart text to English (a fresh session's :func:`set_theme` picks Chinese).

    Examples
    --------
    >>> use_english()
    >>> chinese_enabled()
    False
    """
    if _STATE.font is not None:
        mpl.rcParams["font.sans-serif"] = [
            f for f in mpl.rcParams["font.sans-serif"] if f != _STATE.font
        ]
    mpl.rcParams["axes.unicode_minus"] = True
    mpl.rcParams["axes.titleweight"] = "bold"
    mpl.rcParams["figure.titleweight"] = "bold"
    _STATE.chinese = False
    _STATE.chosen = True


def chinese_enabled() -> bool:
    """Whether chart labels are currently Chinese."""
    return _STATE.chinese


def label(english: str, chinese: str) -> str:
    """Pick the chart label for the current language.

    Examples
    --------
    >>> use_english()
    >>> label("Share of customers", "客户占比")
    'Share of customers'
    """
    return chinese if _STATE.chinese else english
