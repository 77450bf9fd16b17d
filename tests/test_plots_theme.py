"""The chart theme, the Chinese-label switch (with and without a CJK font), the package layout."""

import matplotlib

matplotlib.use("Agg")

import ast
import importlib
import inspect
import itertools
import re
from pathlib import Path

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


# ----------------------------------------------------------------------------- package layout

#: Each concept's charts live in the module named after the concept.
CONCEPTS = {
    "retention": [
        "churn_lift_chart",
        "churn_reasons_chart",
        "leaky_bucket_chart",
        "survival_chart",
        "winback_chart",
    ],
    "loyalty": ["loyalty_types_chart", "satisfaction_trap_chart"],
    "relationship": [
        "coupon_targeting_chart",
        "cross_sell_chart",
        "due_list_backtest_chart",
        "due_list_check_chart",
        "purchase_timing_chart",
    ],
    "strategy": [
        "capability_effects_chart",
        "growth_matrix_chart",
        "kpi_dashboard",
        "readiness_chart",
        "transition_chart",
    ],
    "satisfaction": [
        "csi_chart",
        "delivered_value_chart",
        "drivers_chart",
        "ipa_chart",
        "kano_chart",
        "nps_chart",
        "satisfaction_dashboard",
    ],
    "orders": ["orders_chart"],
    "customer_base": [
        "customer_count_chart",
        "customer_depth_chart",
        "customer_timeline_chart",
        "relationship_stage_chart",
    ],
    "acquisition": [
        "funnel_chart",
        "man_lift_chart",
        "source_cost_value_chart",
        "source_roi_chart",
    ],
    "value": [
        "lorenz_curve_chart",
        "pyramid_chart",
        "segment_share_chart",
        "value_matrix_chart",
        "whale_curve_chart",
    ],
    "lifecycle": ["churn_rate_chart", "lifecycle_profit_waterfall", "lifecycle_stage_chart"],
    "clv": ["clv_horizon_chart"],
    "models": [
        "holdout_chart",
        "probability_alive_calibration_chart",
        "probability_alive_path_chart",
    ],
}
THEME = [
    "display_name",
    "table",
    "CJK_FAMILIES",
    "DEFAULT_CURRENCY",
    "PALETTE",
    "ChineseFontError",
    "chinese_enabled",
    "currency",
    "find_chinese_font",
    "label",
    "money",
    "money_label",
    "set_theme",
    "use_chinese",
    "use_english",
]
PACKAGE = Path(plots.__file__).parent


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_each_concept_module_holds_its_charts_and_the_package_re_exports_them(concept):
    module = importlib.import_module(f"crmlab.plots.{concept}")
    assert sorted(module.__all__) == CONCEPTS[concept]
    for name in module.__all__:
        chart = getattr(plots, name)
        assert chart is getattr(module, name)
        assert chart.__module__ == f"crmlab.plots.{concept}"
        assert "ax" in inspect.signature(chart).parameters, f"{name} draws on a given ax="


def test_package_exports_exactly_the_charts_and_the_theme():
    charts = [name for names in CONCEPTS.values() for name in names]
    assert sorted(plots.__all__) == sorted(charts + THEME)
    assert sorted(p.stem for p in PACKAGE.glob("*.py")) == sorted(
        ["__init__", "_tables", "_theme", *CONCEPTS]
    )


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]


def test_no_star_imports_and_no_private_names_from_public_modules():
    for path in PACKAGE.glob("*.py"):
        for node in _imports(path):
            names = [alias.name for alias in node.names]
            assert "*" not in names, f"{path.name}: import * from {node.module}"
            own_private = (node.module or "").startswith("crmlab.plots._")
            helper = (node.module or "").split(".")[-1].startswith("_")
            private = [n for n in names if n.startswith("_")]
            where = f"{path.name}: {private} from {node.module}"
            assert not private or own_private or helper, where


def test_no_chart_takes_a_column_keyword_or_as_of():
    for name in plots.__all__:
        item = getattr(plots, name)
        if inspect.isfunction(item):
            params = inspect.signature(item).parameters
            assert not [p for p in params if p.endswith("_col") or p == "as_of"], name


def test_a_fresh_session_draws_chinese_when_it_can(monkeypatch, capsys):
    from crmlab.plots import _theme

    monkeypatch.setattr(_theme, "_STATE", _theme._State())
    plots.set_theme()
    font = plots.find_chinese_font()
    assert plots.chinese_enabled() is (font is not None)
    assert capsys.readouterr().out == "" or font is None
    plots.set_theme(chinese=False)
    plots.set_theme()  # a chosen language is kept
    assert not plots.chinese_enabled()


def test_without_a_chinese_font_a_fresh_session_says_how_to_get_one(monkeypatch, capsys):
    from crmlab.plots import _theme

    monkeypatch.setattr(_theme, "_STATE", _theme._State())
    monkeypatch.setattr(_theme, "find_chinese_font", lambda *a, **k: None)
    plots.set_theme()
    out = capsys.readouterr().out
    assert not plots.chinese_enabled()
    assert "没有找到中文字体" in out and 'pip install "crmlab[zh]"' in out
    assert out.count("\n") == 2, "one line in Chinese, one in English"


@pytest.mark.parametrize("chinese", [False, True])
@pytest.mark.parametrize("width", [2.5, 4.0, 7.0])
@pytest.mark.parametrize("days", [2, 90, 400, 1826])
def test_date_ticks_never_overlap(chinese, width, days):
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from crmlab.plots._theme import _date_axis

    if chinese:
        try:
            plots.use_chinese()
        except plots.ChineseFontError:
            pytest.skip("no CJK font")
    else:
        plots.use_english()
    fig, ax = plt.subplots(figsize=(width, 2.5))
    try:
        dates = pd.date_range("2021-01-01", periods=days, freq="D")
        ax.plot(dates, np.arange(days))
        _date_axis(ax)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        assert len(boxes) >= 2
        for left, right in itertools.pairwise(boxes):
            assert left.x1 < right.x0, [t.get_text() for t in ax.get_xticklabels()]
        if chinese:
            labels = [t.get_text() for t in ax.get_xticklabels()]
            assert not any(re.search(r"(?<!\d)0\d月", s) for s in labels), labels
    finally:
        plt.close(fig)
        plots.use_english()
