"""The chart theme and the Chinese-label switch, with and without a CJK font."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from crmlab import plots
from crmlab.plots import _theme


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    plots.use_english()
    plt.close("all")


def test_theme_sets_the_workbook_defaults():
    plots.set_theme(chinese=False)
    assert matplotlib.rcParams["figure.figsize"] == [7.0, 4.0]
    assert matplotlib.rcParams["axes.spines.top"] is False
    assert not plots.chinese_enabled()


def test_label_follows_the_language():
    plots.use_english()
    assert plots.label("Revenue", "收入") == "Revenue"
    _theme._STATE.chinese = True
    assert plots.label("Revenue", "收入") == "收入"


def test_chinese_with_a_font_draws_every_glyph():
    font = plots.find_chinese_font()
    if font is None:
        pytest.skip("no CJK font here (install the zh extra: pip install 'crmlab[zh]')")
    name = plots.use_chinese()
    assert name == font
    assert plots.chinese_enabled()
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    # the chosen font really has the glyphs: drawing Chinese text raises no
    # "Glyph … missing from font" warning (warnings are errors in this suite)
    fig, ax = plt.subplots()
    ax.set_title("客户关系管理 — 客户金字塔")
    ax.set_xlabel(plots.label("Share of customers", "客户占比"))
    fig.canvas.draw()
    path = font_manager.findfont(font_manager.FontProperties(family=name))
    assert _theme._has_cjk_glyphs(path)


def test_chinese_without_a_font_raises_an_actionable_error(monkeypatch):
    # a machine with neither system CJK fonts nor the zh extra
    monkeypatch.setattr(_theme, "CJK_FAMILIES", ())
    monkeypatch.setattr(_theme, "_bundled_font_files", lambda: [])
    monkeypatch.setattr(_theme, "find_chinese_font", lambda *a, **k: None)
    with pytest.raises(plots.ChineseFontError, match=r"crmlab\[zh\].*fonts-noto-cjk"):
        plots.use_chinese()
    assert not plots.chinese_enabled()


def test_font_search_ignores_fonts_without_glyphs(monkeypatch):
    monkeypatch.setattr(_theme, "_bundled_font_files", lambda: [])
    # DejaVu Sans is always there and has no Chinese characters
    assert plots.find_chinese_font(families=("DejaVu Sans",)) is None


def test_naming_a_font_without_glyphs_is_refused():
    with pytest.raises(plots.ChineseFontError, match="cannot draw Chinese"):
        plots.use_chinese("DejaVu Sans")


def test_use_english_restores_the_minus_sign():
    _theme._STATE.chinese = True
    plots.use_english()
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    assert not plots.chinese_enabled()
