"""Tests of crmlab.widgets: callbacks driven by setting control values, no browser."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

import crmlab.widgets
from crmlab import acquisition, clv, plots, value
from crmlab.models import BGNBDFit
from crmlab.widgets import (
    Explorer,
    clv_calculator,
    clv_text,
    customer_360_explorer,
    customer_picker,
    funnel_explorer,
    pyramid_explorer,
    value_matrix_explorer,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _classes(widget: widgets.Widget) -> list[str]:
    return list(widget._dom_classes)


def _assert_controls_are_findable(explorer: Explorer) -> None:
    """Every control has a description and a crmlab-… CSS class (the browser test needs it)."""
    for name, control in explorer.controls.items():
        assert control.description, f"control {name!r} has no description"
        assert any(c.startswith("crmlab-") for c in _classes(control)), name


# ----------------------------------------------------------------------------- CLV


@pytest.fixture(autouse=True)
def _default_currency():
    """Every test here starts and ends with the default currency and English labels."""
    plots.set_theme(chinese=False, currency=plots.DEFAULT_CURRENCY)
    yield
    plots.set_theme(chinese=False, currency=plots.DEFAULT_CURRENCY)


def test_clv_text_has_the_stable_format() -> None:
    assert clv_text(100, 0.8, 0.1) == "CLV = ¥266.67"
    assert clv_text(1000, 0.9, 0.05) == f"CLV = ¥{clv.clv_simple(1000, 0.9, 0.05):,.2f}"
    assert clv_text(1000, 0.9, 0.05) == "CLV = ¥6,000.00"
    assert clv_text(-100, 0.8, 0.1) == "CLV = −¥266.67"
    plots.set_theme(currency="£")
    assert clv_text(100, 0.8, 0.1) == "CLV = £266.67"
    assert clv_text(-100, 0.8, 0.1) == "CLV = −£266.67"


def test_clv_calculator_moves_with_its_sliders() -> None:
    calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    assert isinstance(calc, widgets.VBox)
    _assert_controls_are_findable(calc)
    readout = calc.outputs["clv"]
    assert "crmlab-clv-value" in _classes(readout)
    assert "crmlab-retention" in _classes(calc.controls["retention"])
    assert readout.value == "CLV = ¥266.67"
    assert calc.controls["margin"].description == "Margin (¥/year)"
    assert "<b>2.67</b>" in calc.outputs["details"].value
    first_chart = calc.outputs["chart"].value
    assert first_chart[:8] == PNG_MAGIC

    calc.controls["retention"].value = 0.9
    assert readout.value == f"CLV = ¥{clv.clv_simple(100, 0.9, 0.1):,.2f}" == "CLV = ¥450.00"
    assert f"<b>{clv.margin_multiple(0.9, 0.1):.2f}</b>" in calc.outputs["details"].value
    assert calc.outputs["chart"].value != first_chart

    calc.controls["margin"].value = 250
    calc.controls["discount"].value = 0.15
    assert readout.value == f"CLV = ¥{clv.clv_simple(250, 0.9, 0.15):,.2f}"


def test_clv_calculator_horizon_switch() -> None:
    calc = clv_calculator(margin=100, retention=0.8, discount=0.1, horizon=3)
    assert not calc.controls["infinite"].value
    assert not calc.controls["horizon"].disabled
    assert calc.outputs["clv"].value == f"CLV = ¥{clv.clv_simple(100, 0.8, 0.1, horizon=3):,.2f}"
    assert "over 3 years" in calc.outputs["details"].value
    calc.controls["horizon"].value = 7
    assert calc.outputs["clv"].value == f"CLV = ¥{clv.clv_simple(100, 0.8, 0.1, horizon=7):,.2f}"
    calc.controls["infinite"].value = True
    assert calc.controls["horizon"].disabled
    assert calc.outputs["clv"].value == "CLV = ¥266.67"


def test_clv_calculator_clips_start_values_to_the_slider_range() -> None:
    calc = clv_calculator(margin=5000, retention=0.999, discount=0.1)
    assert calc.controls["margin"].value == 1000
    assert calc.controls["retention"].value == 0.99
    assert calc.outputs["clv"].value == clv_text(1000, 0.99, 0.1)


@pytest.mark.parametrize("horizon", [0, 51, 2.5])
def test_clv_calculator_rejects_a_bad_horizon(horizon: float) -> None:
    with pytest.raises(ValueError, match="horizon: a whole number of years from 1 to 50"):
        clv_calculator(horizon=horizon)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- funnel


def test_funnel_explorer_follows_funnel_from_rates() -> None:
    fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5])
    _assert_controls_are_findable(fx)
    assert "crmlab-rate-won" in _classes(fx.controls["rate_won"])
    assert fx.outputs["summary"].value == "Won: <b>60</b> of 1,000 leads (6.0% overall)"
    fx.controls["rate_contacted"].value = 0.9
    fx.controls["n_leads"].value = 2000
    table = acquisition.funnel_from_rates(2000, [0.9, 0.5, 0.4, 0.5])
    won = table["reached"].iloc[-1]
    assert fx.outputs["summary"].value == (
        f"Won: <b>{won:,.0f}</b> of 2,000 leads "
        f"({table['cumulative_conversion'].iloc[-1] * 100:.1f}% overall)"
    )
    assert "成交" in fx.outputs["table"].value  # the Chinese stage names
    assert fx.outputs["chart"].value[:8] == PNG_MAGIC


def test_funnel_explorer_with_no_leads_shows_no_rate() -> None:
    fx = funnel_explorer(0)
    assert fx.outputs["summary"].value == "Won: <b>0</b> of 0 leads (– overall)"


def test_funnel_explorer_rejects_the_wrong_number_of_rates() -> None:
    with pytest.raises(ValueError, match="rates: expected 4 conversion rate"):
        funnel_explorer(100, [0.5, 0.5])


# ----------------------------------------------------------------------------- pyramid


@pytest.fixture
def profitability() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    revenue = rng.gamma(0.7, 400, size=500)
    profit = revenue * 0.3 - rng.gamma(1.0, 25, size=500)
    index = pd.Index([f"C{i:04d}" for i in range(500)], name="customer_id")
    return pd.DataFrame({"revenue": revenue, "profit": profit}, index=index)


def test_pyramid_explorer_shares_come_from_customer_pyramid(profitability: pd.DataFrame) -> None:
    px = pyramid_explorer(profitability)
    _assert_controls_are_findable(px)
    px.controls["vip"].value = 0.02
    px.controls["ordinary"].value = 0.2
    pyramid = value.customer_pyramid(
        profitability["profit"],
        (0.02, 0.04, 0.2, 1 - 0.26),
        measures=profitability[["revenue", "profit"]],
    )
    top_share = pyramid.summary["profit_share"].iloc[0]
    assert px.outputs["summary"].value == (
        f"Top tier (2.0% of customers): <b>{top_share * 100:.1f}%</b> of profit"
    )
    table = px.outputs["table"].value
    assert "VIP客户" in table and f"{pyramid.summary['revenue_share'].iloc[0] * 100:.1f}%" in table
    assert px.outputs["chart"].value[:8] == PNG_MAGIC


def test_pyramid_small_tier_takes_the_rest() -> None:
    data = pd.DataFrame({"revenue": np.arange(1.0, 201.0), "profit": np.arange(1.0, 201.0)})
    px = pyramid_explorer(data)
    for name in ("vip", "major", "ordinary"):  # every slider at its maximum
        px.controls[name].value = px.controls[name].max
    pyramid = value.customer_pyramid(data["profit"], (0.1, 0.2, 0.4, 0.3))
    assert pyramid.summary["customers"].tolist() == [20, 40, 80, 60]
    assert ">60</td>" in px.outputs["table"].value


def test_pyramid_explorer_checks_its_input(profitability: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing column 'margin'"):
        pyramid_explorer(profitability, rank_by="margin")
    with pytest.raises(ValueError, match="four tier shares"):
        pyramid_explorer(profitability, shares=(0.2, 0.8))
    with pytest.raises(ValueError, match="must sum to 1"):
        pyramid_explorer(profitability, shares=(0.1, 0.1, 0.1, 0.1))


# ----------------------------------------------------------------------------- value matrix


def test_value_matrix_explorer_zones_follow_the_cuts(profitability: pd.DataFrame) -> None:
    capability = pd.Series(
        np.random.default_rng(4).uniform(0, 10, len(profitability)), index=profitability.index
    )
    mx = value_matrix_explorer(profitability["profit"], capability)
    _assert_controls_are_findable(mx)
    mx.controls["value_quantile"].value = 0.8
    mx.controls["capability_quantile"].value = 0.3
    vcut = profitability["profit"].quantile(0.8)
    ccut = capability.quantile(0.3)
    matrix = value.value_capability_matrix(
        profitability["profit"], capability, value_cut=vcut, capability_cut=ccut
    )
    zone_a = int((matrix["zone"] == "A").sum())
    assert f"zone A holds <b>{zone_a:,d}</b> customers" in mx.outputs["summary"].value
    assert "择机选择" in mx.outputs["table"].value
    assert mx.outputs["chart"].value[:8] == PNG_MAGIC


def test_value_matrix_explorer_rejects_misaligned_input() -> None:
    with pytest.raises(ValueError, match="capability: 2 value"):
        value_matrix_explorer(pd.Series([1.0, 2.0, 3.0]).to_numpy(), [1.0, 2.0])  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- customer picker


@pytest.fixture
def model_and_summary() -> tuple[BGNBDFit, pd.DataFrame]:
    model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    summary = pd.DataFrame(
        {"frequency": [2, 2, 0], "recency": [30.43, 10.0, 0.0], "T": [38.86, 38.86, 20.0]},
        index=pd.Index(["ZHANG", "LI", "WANG"], name="customer_id"),
    )
    return model, summary


def test_customer_picker_shows_the_model_numbers(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    model, summary = model_and_summary
    picker = customer_picker(model, summary, horizon=39)
    _assert_controls_are_findable(picker)
    assert "crmlab-palive" in _classes(picker.outputs["probability_alive"])
    assert picker.outputs["probability_alive"].value == "P(alive) = 0.727"  # published 0.7266
    assert "Expected purchases in the next 39 weeks: <b>1.23</b>" in (
        picker.outputs["profile"].value
    )  # published E[Y(39)] = 1.226
    picker.controls["customer"].value = "LI"
    assert picker.outputs["probability_alive"].value == (
        f"P(alive) = {model.probability_alive(2, 10.0, 38.86):.3f}"
    )
    picker.controls["horizon"].value = 4
    expected = model.expected_purchases(4, 2, 10.0, 38.86)
    assert f"next 4 weeks: <b>{expected:.2f}</b>" in picker.outputs["profile"].value


def test_customer_picker_ignores_a_half_typed_id(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    model, summary = model_and_summary
    picker = customer_picker(model, summary, customer_id="WANG")
    assert picker.outputs["probability_alive"].value == "P(alive) = 1.000"
    picker.controls["customer"].value = "ZH"
    assert picker.outputs["probability_alive"].value == "P(alive) = 1.000"


def test_customer_picker_checks_its_input(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    model, summary = model_and_summary
    with pytest.raises(ValueError, match="customer_id: 'NOBODY' is not in summary's index"):
        customer_picker(model, summary, customer_id="NOBODY")
    with pytest.raises(ValueError, match="missing column 'T'"):
        customer_picker(model, summary.drop(columns="T"))
    with pytest.raises(ValueError, match="horizon: 1 to 104 weeks"):
        customer_picker(model, summary, horizon=0)
    with pytest.raises(ValueError, match="no rows"):
        customer_picker(model, summary.iloc[:0])


# ----------------------------------------------------------------------------- Chinese labels


def test_explorers_draw_chinese_labels_without_missing_glyphs(
    profitability: pd.DataFrame,
) -> None:
    from crmlab import plots

    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    try:  # a missing glyph would raise here: warnings are errors in the test suite
        calc = clv_calculator()
        assert calc.children[0].value == "<b>客户终身价值计算器</b>"
        funnel_explorer()
        pyramid_explorer(profitability)
        value_matrix_explorer(profitability["profit"], profitability["revenue"])
    finally:
        plots.use_english()


def test_value_matrix_explorer_starts_at_the_given_quantiles(profitability: pd.DataFrame) -> None:
    capability = pd.Series(np.linspace(0, 1, len(profitability)), index=profitability.index)
    mx = value_matrix_explorer(
        profitability["profit"], capability, value_quantile=0.8, capability_quantile=0.25
    )
    assert mx.controls["value_quantile"].value == pytest.approx(0.8)
    assert mx.controls["capability_quantile"].value == pytest.approx(0.25)
    cut = profitability["profit"].quantile(0.8)
    assert f"value ≥ ¥{cut:,.2f}" in mx.outputs["summary"].value
    with pytest.raises(ValueError, match="value_quantile: a quantile between 0 and 1"):
        value_matrix_explorer(profitability["profit"], capability, value_quantile=80)


def test_pyramid_explorer_ranks_by_the_chosen_column(profitability: pd.DataFrame) -> None:
    px = pyramid_explorer(profitability, rank_by="revenue", measures=("revenue",))
    pyramid = value.customer_pyramid(profitability["revenue"], value.PYRAMID_SHARES)
    top = pyramid.summary["value_share"].iloc[0]
    assert px.outputs["summary"].value.endswith(f"<b>{top * 100:.1f}%</b> of revenue")
    table = px.outputs["table"].value
    assert "of revenue" in table and "of profit" not in table


# ----------------------------------------------------------------------------- 360° view


@pytest.fixture
def c360_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    customers = pd.DataFrame(
        {"customer_id": ["C1", "C2"], "customer_type": ["consumer", "enterprise"]}
    )
    transactions = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "order_id": ["O1", "O2", "O3"],
            "order_date": pd.to_datetime(["2025-01-05", "2025-06-01", "2025-03-01"]),
            "category": ["tops", "shoes", "shoes"],
            "amount": [100.0, 40.0, 900.0],
            "cost": [50.0, 20.0, 300.0],
            "returned": [False, False, False],
        }
    )
    return customers, transactions


def test_customer_360_explorer_sees_up_to_the_observation_end(
    c360_data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    customers, transactions = c360_data
    everything = customer_360_explorer(customers, transactions)
    assert "¥140.00" in everything.outputs["profile"].value
    assert everything.outputs["chart"].value[:8] == PNG_MAGIC
    early = customer_360_explorer(customers, transactions, observation_end="2025-02-01")
    assert "¥100.00" in early.outputs["profile"].value
    assert "¥140.00" not in early.outputs["profile"].value
    _assert_controls_are_findable(early)


def test_customer_360_explorer_runs_on_an_order_log_alone(
    c360_data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """No customer list, no cost: ids come from the orders and the margin is passed on."""
    log = c360_data[1].drop(columns=["cost", "category"])
    explorer = customer_360_explorer(None, log, margin=0.35)
    control = explorer.controls["customer"]
    assert [value for _, value in control.options] == ["C1", "C2"]
    profile = explorer.outputs["profile"].value
    assert "¥140.00" in profile and "¥49.00" in profile  # 35 % of the revenue
    assert "gross margin assumed at 35% of revenue" in profile
    assert explorer.outputs["chart"].value[:8] == PNG_MAGIC
    control.value = "C2"
    assert "¥315.00" in explorer.outputs["profile"].value
    _assert_controls_are_findable(explorer)


def test_customer_360_explorer_shows_the_note_when_gross_margin_is_unknown(
    c360_data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    log = c360_data[1].drop(columns="cost")
    profile = customer_360_explorer(None, log).outputs["profile"].value
    assert "¥140.00" in profile
    assert "gross margin unknown: the data have no cost column" in profile
    assert "nan" not in profile.lower()


def test_customer_360_explorer_offers_only_ids_of_its_data(
    c360_data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    transactions = c360_data[1]
    with pytest.raises(ValueError, match=r"transactions\['customer_id'\]; unknown: \['C9'\]"):
        customer_360_explorer(None, transactions, customer_ids=["C1", "C9"])
    only_c2 = customer_360_explorer(None, transactions, customer_ids=["C2"])
    assert "¥900.00" in only_c2.outputs["profile"].value


# ------------------------------------------------------------------ one chart per concept


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which plots function each explorer draws with (and still draw)."""
    calls: list[str] = []
    for name in (
        "clv_horizon_chart",
        "customer_timeline_chart",
        "funnel_chart",
        "pyramid_chart",
        "value_matrix_chart",
    ):
        original = getattr(plots, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            assert kwargs.get("ax") is not None, f"{_name} draws on the explorer's own Axes"
            return _original(*args, **kwargs)

        monkeypatch.setattr(plots, name, spy)
    return calls


def test_explorers_draw_with_the_plots_function_of_their_concept(
    drawn: list[str],
    profitability: pd.DataFrame,
    c360_data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    clv_calculator()
    assert drawn == ["clv_horizon_chart"]
    fx = funnel_explorer()
    fx.controls["rate_won"].value = 0.3
    assert drawn[1:] == ["funnel_chart", "funnel_chart"]
    pyramid_explorer(profitability)
    value_matrix_explorer(profitability["profit"], profitability["revenue"])
    customer_360_explorer(*c360_data)
    assert drawn[3:] == ["pyramid_chart", "value_matrix_chart", "customer_timeline_chart"]


def test_the_funnel_explorer_shows_the_notebook_funnel() -> None:
    fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5])
    fig, ax = crmlab.widgets._explorer.new_figure(left=0.17)
    table = acquisition.funnel_from_rates(1000, [0.6, 0.5, 0.4, 0.5])
    plots.funnel_chart(table, ax=ax, title="Funnel of 1,000 leads")
    assert fx.outputs["chart"].value == crmlab.widgets._explorer.png(fig)


def test_no_explorer_takes_a_column_keyword_or_as_of() -> None:
    import inspect

    for name in crmlab.widgets.__all__:
        item = getattr(crmlab.widgets, name)
        if inspect.isfunction(item):
            params = inspect.signature(item).parameters
            assert not [p for p in params if p.endswith("_col") or p == "as_of"], name


def test_widget_tables_align_numbers_and_show_counts_as_integers() -> None:
    from crmlab.widgets._explorer import html_table

    plots.use_english()
    frame = pd.DataFrame(
        {"stage": ["lead", "won"], "reached": [976.0, 12.0], "share": ["97.6%", "1.2%"]}
    )
    shown = html_table(frame)
    assert ">976</td>" in shown and "976.0" not in shown
    right = "text-align:right"
    header = shown.split("</thead>")[0]
    assert header.count(right) == 2, "number headers sit over their right-aligned columns"
    assert f"{right};font-variant-numeric:tabular-nums;'>97.6%<" in shown
    assert "text-align:left;'>lead<" in shown


# ----------------------------------------------------------------------------- 360° layout


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _rows_per_grid_column(profile: str, columns: int = 2) -> list[int]:
    """Rows of the facts tables stacked in each column of the profile's grid."""
    tables = profile.split("<table")[1:]
    rows = [t.count("<tr") for t in tables]  # header row included
    return [sum(rows[i::columns]) for i in range(columns)]


@pytest.fixture
def c360_full() -> tuple[pd.DataFrame, ...]:
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "customer_type": ["consumer", "enterprise"],
            "signup_date": pd.to_datetime(["2022-03-01", "2023-05-01"]),
            "channel": ["bought_list", "trade_fair"],
            "acquisition_cost": [12.5, 300.0],
            "region": ["Wuhan", "Xi'an"],
            "competition": ["low", "high"],
            "gender": ["F", None],
            "age": [28, np.nan],
            "industry": [None, "banking"],
            "employees": [np.nan, 420.0],
        }
    )
    transactions = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2"],
            "order_id": ["O1", "O2", "O3", "O4"],
            "order_date": pd.to_datetime(["2022-03-01", "2023-06-01", "2025-11-20", "2024-02-01"]),
            "category": ["tops", "shoes", "tops", "shoes"],
            "amount": [100.0, 40.0, 60.0, 900.0],
            "cost": [50.0, 20.0, 30.0, 300.0],
            "returned": [False, True, False, False],
        }
    )
    survey = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "survey_date": pd.to_datetime(["2024-03-01"]),
            "overall_satisfaction": [2],
            "likelihood_to_recommend": [3],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["C1", "C1"],
            "contact_date": pd.to_datetime(["2023-07-01", "2025-01-10"]),
            "contact_type": ["complaint", "inquiry"],
            "resolved": [False, True],
        }
    )
    members = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "join_date": pd.to_datetime(["2022-06-01"]),
            "years_paid": [3],
            "lapsed": [False],
            "lapse_date": pd.to_datetime([pd.NaT]),
        }
    )
    return customers, transactions, survey, contacts, members


def test_customer_360_explorer_puts_the_chart_beside_the_profile(
    c360_full: tuple[pd.DataFrame, ...],
) -> None:
    """Title, then one row: drop-down over the facts on the left, the time line on the right.

    The height stays near 500 px: the facts stand in two columns of at most 20 table rows
    (about 21 px each in JupyterLab) under a 32 px drop-down, and the chart is at most
    400 px tall at its displayed width; the two sit side by side, not stacked.
    """
    explorer = customer_360_explorer(*c360_full, observation_end="2025-12-31")
    title, row = explorer.children
    assert isinstance(title, widgets.HTML) and isinstance(row, widgets.HBox)
    left, chart = row.children
    assert isinstance(left, widgets.VBox) and chart is explorer.outputs["chart"]
    assert list(left.children) == [explorer.controls["customer"], explorer.outputs["profile"]]
    profile = explorer.outputs["profile"].value
    assert "grid-template-columns:repeat(2" in profile
    assert max(_rows_per_grid_column(profile)) <= 20
    shown_width = int(chart.layout.width.removesuffix("px"))
    width, height = _png_size(chart.value)
    assert shown_width <= 600 and height * shown_width / width <= 400
    assert 32 + 21 * max(_rows_per_grid_column(profile)) <= 500


def test_customer_360_explorer_profile_uses_words_not_codes(
    c360_full: tuple[pd.DataFrame, ...],
) -> None:
    explorer = customer_360_explorer(*c360_full, observation_end="2025-12-31")
    profile = explorer.outputs["profile"].value
    for code in ("bought_list", "days_since_last_purchase", "customer_type", "nan", "True"):
        assert code not in profile, code
    assert ">bought list<" in profile and ">days since last purchase<" in profile
    assert ">2022-03-01<" in profile and "00:00:00" not in profile
    assert ">¥12.50<" in profile and ">¥160.00<" in profile  # money in the theme's currency
    assert ">yes<" in profile and ">Contact records<" in profile
    explorer.controls["customer"].value = "C2"
    profile = explorer.outputs["profile"].value
    assert ">banking<" in profile and ">420<" in profile and "420.0" not in profile
    assert ">no<" in profile and "membership years paid" not in profile  # not a member


def test_customer_360_explorer_in_chinese(c360_full: tuple[pd.DataFrame, ...]) -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    explorer = customer_360_explorer(*c360_full, observation_end="2025-12-31")
    profile = explorer.outputs["profile"].value
    assert explorer.children[0].value == "<b>客户360度视图</b>"
    assert explorer.controls["customer"].description == "客户"
    for text in (
        "基本信息",
        "购买历史",
        "联系记录",
        "会员关系",
        "购买名单",
        "武汉",
        "距上次购买天数",
    ):
        assert f">{text}<" in profile, text
    assert not [w for w in ("bought", "signup", "region", "yes") if w in profile]
    log = c360_full[1].drop(columns="cost")
    unknown = customer_360_explorer(None, log).outputs["profile"].value
    assert "未知：数据中没有成本列" in unknown
    assumed = customer_360_explorer(None, log, margin=0.35).outputs["profile"].value
    assert "按收入的35%估算" in assumed


# ----------------------------------------------------------------- value explorers (ch03)


def test_value_matrix_explorer_draws_on_the_static_charts_scale(
    monkeypatch: pytest.MonkeyPatch, profitability: pd.DataFrame
) -> None:
    scales: list[object] = []
    original = plots.value_matrix_chart

    def spy(*args, **kwargs):
        scales.append(kwargs.get("symlog_threshold", "default"))
        return original(*args, **kwargs)

    monkeypatch.setattr(plots, "value_matrix_chart", spy)
    capability = pd.Series(np.linspace(0, 1, len(profitability)), index=profitability.index)
    value_matrix_explorer(profitability["profit"], capability)
    value_matrix_explorer(profitability["profit"], capability, symlog_threshold=None)
    assert scales == [100.0, None], "the explorer's value axis matches value_matrix_chart's"


def test_value_matrix_explorer_explains_a_negative_share(profitability: pd.DataFrame) -> None:
    capability = pd.Series(np.linspace(0, 1, len(profitability)), index=profitability.index)
    mx = value_matrix_explorer(profitability["profit"], capability, value_quantile=0.8)
    assert mx.outputs["note"].value == "", "all shares between 0 and 100 %: no note"
    assert "of total value" in mx.outputs["table"].value
    mx.controls["value_quantile"].value = 0.0  # every customer in A or B; C empty
    mx.controls["value_quantile"].value = 0.1  # the loss-makers' zone C has a negative share
    c_total = profitability["profit"][
        profitability["profit"] < profitability["profit"].quantile(0.1)
    ].sum()
    assert c_total < 0
    assert "negative share" in mx.outputs["note"].value.lower()
    assert ">-" in mx.outputs["table"].value or ">−" in mx.outputs["table"].value


def test_value_explorers_speak_chinese_in_chinese_mode(profitability: pd.DataFrame) -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    try:
        px = pyramid_explorer(profitability)
        assert px.controls["vip"].description == "VIP客户占比"
        assert px.outputs["summary"].value.startswith("最高层（1.0%的客户）贡献<b>")
        table = px.outputs["table"].value
        assert "客户占比" in table and "利润占比" in table and ">VIP客户<" in table
        assert "中文" not in table, "no separate Chinese column when the rows are Chinese"
        capability = pd.Series(np.linspace(0, 1, len(profitability)), index=profitability.index)
        mx = value_matrix_explorer(profitability["profit"], capability)
        assert mx.controls["value_quantile"].description == "价值分界（分位数）"
        assert mx.outputs["summary"].value.startswith("分界：价值 ≥ ¥")
        assert ">A 重点选择<" in mx.outputs["table"].value
        assert "占总价值比例" in mx.outputs["table"].value
    finally:
        plots.use_english()


# ----------------------------------------------------------------------------- satisfaction


def test_satisfaction_calculator_follows_the_analysis_functions() -> None:
    from crmlab import satisfaction
    from crmlab.widgets import satisfaction_calculator

    calc = satisfaction_calculator(perceived=6, expected=8)
    _assert_controls_are_findable(calc)
    assert "= <b>0.750</b> → dissatisfied" in calc.outputs["csi"].value
    # default parts: values 8 + 7 + 6 + 7 = 28, costs 6 + 3 + 2 + 1 = 12
    assert "= <b>16.0</b> (positive; value ÷ cost = 2.33)" in calc.outputs["delivered"].value
    assert "yet C < 1" in calc.outputs["verdict"].value  # value > cost, yet disappointed
    calc.controls["money_cost"].value = 10.0
    calc.controls["time_cost"].value = 8.0
    calc.controls["psychic_cost"].value = 9.5  # costs 10 + 8 + 2 + 9.5 = 29.5 > 28
    parts = {name: calc.controls[name].value for name in satisfaction.PART_NAMES}
    dv = satisfaction.delivered_value(parts)["delivered_value"].iloc[0]
    assert dv == pytest.approx(-1.5)
    assert f"= <b>{dv:.1f}</b> (negative" in calc.outputs["delivered"].value
    assert "Both measures agree" in calc.outputs["verdict"].value
    calc.controls["expected"].value = 5.0
    assert "C > 1" in calc.outputs["verdict"].value  # a poor deal hidden by low hopes
    assert calc.outputs["chart"].value[:8] == PNG_MAGIC


def test_satisfaction_calculator_starts_at_the_given_parts_and_sits_beside_its_chart() -> None:
    from crmlab.widgets import satisfaction_calculator

    calc = satisfaction_calculator({"product_value": 5.5, "time_cost": 4.2}, tolerance=0.05)
    assert calc.controls["product_value"].value == pytest.approx(5.5)
    assert calc.controls["time_cost"].value == pytest.approx(4.2)
    assert calc.controls["image_value"].value == pytest.approx(7.0)  # the example's score
    calc.controls["perceived"].value, calc.controls["expected"].value = 7.2, 7.0
    assert "acceptable" in calc.outputs["csi"].value  # 1.029 lies within 1 ± 0.05
    _, body = calc.children
    assert isinstance(body, widgets.HBox), "controls beside the readouts and chart"
    left, right = body.children
    assert calc.outputs["chart"] in right.children and calc.controls["expected"] in left.children


def test_satisfaction_calculator_checks_its_input() -> None:
    from crmlab.widgets import satisfaction_calculator

    with pytest.raises(ValueError, match="unknown part"):
        satisfaction_calculator({"price_value": 3})
    with pytest.raises(ValueError, match="tolerance"):
        satisfaction_calculator(tolerance=-0.1)


def test_satisfaction_calculator_draws_with_the_delivered_value_chart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crmlab.widgets import satisfaction_calculator

    calls: list[object] = []
    original = plots.delivered_value_chart

    def spy(*args, **kwargs):
        calls.append(kwargs.get("ax"))
        return original(*args, **kwargs)

    monkeypatch.setattr(plots, "delivered_value_chart", spy)
    calc = satisfaction_calculator()
    calc.controls["image_value"].value = 2.0
    assert len(calls) == 2 and all(ax is not None for ax in calls)


def test_satisfaction_calculator_in_chinese() -> None:
    from crmlab.widgets import satisfaction_calculator

    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    try:  # a missing glyph would raise here: warnings are errors in the test suite
        calc = satisfaction_calculator(perceived=6, expected=8)
        assert calc.children[0].value == "<b>让渡价值与满意度指数计算器</b>"
        assert calc.controls["energy_cost"].description == "体力成本"
        assert calc.outputs["csi"].value.endswith("→ 不满意")
        assert calc.outputs["delivered"].value.startswith("让渡价值 = 总客户价值 28.0")
    finally:
        plots.use_english()


# ----------------------------------------------------------------------------- funnel money


def test_funnel_explorer_answers_its_prompt_with_cost_and_return() -> None:
    fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5], cost_per_lead=10, value_per_customer=250)
    _assert_controls_are_findable(fx)
    assert "crmlab-cost-per-lead" in _classes(fx.controls["cost_per_lead"])
    assert "crmlab-value-per-customer" in _classes(fx.controls["value_per_customer"])
    # 1,000 leads × 10 = 10,000; 60 won → 166.67 each; 60 × 250 = 15,000 → ROI +50%
    shown = fx.outputs["money"].value
    assert plots.money(166.67) in shown and "<b>+50%</b>" in shown
    fx.controls["value_per_customer"].value = 100.0  # 6,000 − 10,000 → −40%
    assert "<b>-40%</b>" in fx.outputs["money"].value
    fx.controls["n_leads"].value = 2000  # twice the leads: same cost per customer and ROI
    assert plots.money(166.67) in fx.outputs["money"].value
    assert "<b>-40%</b>" in fx.outputs["money"].value
    fx.controls["rate_won"].value = 0.0
    assert f"<b>{plots.money(float('nan'))}</b>" in fx.outputs["money"].value


def test_funnel_explorer_table_shows_whole_leads_and_the_controls_sit_beside_it() -> None:
    fx = funnel_explorer(1000, [0.8, 0.61, 0.53, 0.36])
    table = fx.outputs["table"].value
    assert ">488<" in table and ">259<" in table and ".0<" not in table  # 488.0, 258.6
    assert isinstance(fx.children[1], widgets.HBox)
    left, right = fx.children[1].children
    assert fx.controls["rate_won"] in left.children and fx.outputs["table"] in right.children
    assert fx.children[-1] is fx.outputs["chart"]


def test_funnel_explorer_in_chinese_and_in_pounds() -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    plots.set_theme(currency="£")
    try:
        fx = funnel_explorer(1000, [0.6, 0.5, 0.4, 0.5], cost_per_lead=10, value_per_customer=250)
        assert fx.controls["rate_won"].description == "→ 成交"
        assert fx.controls["cost_per_lead"].description == "单条线索成本（£）"
        assert fx.outputs["summary"].value.startswith("成交：<b>60</b>")
        assert "投资回报率（ROI）<b>+50%</b>" in fx.outputs["money"].value
        assert "£10,000" in fx.outputs["money"].value and "¥" not in fx.outputs["money"].value
        assert "到达线索" in fx.outputs["table"].value
    finally:
        plots.set_theme(currency=plots.DEFAULT_CURRENCY)
        plots.use_english()


# ------------------------------------------------------- customer picker: table and chart


def test_customer_picker_shows_her_numbers_as_a_table(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    model, summary = model_and_summary
    profile = customer_picker(model, summary, horizon=39).outputs["profile"].value
    assert "class='crmlab-table'" in profile
    # ZHANG: silent for 38.86 − 30.43 = 8.43 weeks = 59 days, RFM's recency
    assert ">8.4</td>" in profile and ">59</td>" in profile
    assert ">silent for T − t_x (weeks)</th>" in profile


def test_customer_picker_draws_her_p_alive_beside_the_controls(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    model, summary = model_and_summary
    drawn: list[pd.DataFrame] = []
    original = plots.probability_alive_path_chart

    def spy(path, *args, **kwargs):
        assert kwargs.get("ax") is not None, "drawn on the explorer's own Axes"
        drawn.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(plots, "probability_alive_path_chart", spy)
    assert "chart" not in customer_picker(model, summary).outputs  # no day, no calendar
    picker = customer_picker(model, summary, horizon=13, observation_end="2025-12-31")
    assert picker.outputs["chart"].value[:8] == PNG_MAGIC
    body = picker.children[1]
    assert isinstance(body, widgets.HBox), "controls and chart side by side"
    left, chart = body.children
    assert chart is picker.outputs["chart"]
    assert picker.controls["customer"] in left.children
    expected = crmlab.models.probability_alive_path(
        model, summary.loc["ZHANG"], "2025-12-31", weeks_after=13
    )
    pd.testing.assert_frame_equal(drawn[-1], expected)
    picker.controls["horizon"].value = 26
    assert drawn[-1]["date"].iloc[-1] > expected["date"].iloc[-1]
    picker.controls["customer"].value = "LI"
    assert drawn[-1]["T"].iloc[0] == pytest.approx(10.0)  # from LI's last purchase on


def test_customer_picker_in_chinese(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    model, summary = model_and_summary
    picker = customer_picker(model, summary, horizon=39, observation_end="2025-12-31")
    assert picker.children[0].value == "<b>客户选择器：她还是我们的客户吗？</b>"
    assert picker.controls["customer"].description == "客户编号"
    assert picker.controls["horizon"].description == "预测期（周）"
    assert picker.outputs["probability_alive"].value == "存活概率 P(alive) = 0.727"
    profile = picker.outputs["profile"].value
    assert "未来39周的预期购买次数：<b>1.23</b>" in profile
    assert ">RFM最近购买（天）</th>" in profile and "days" not in profile
    _assert_controls_are_findable(picker)


def test_customer_picker_knows_its_time_units(
    model_and_summary: tuple[BGNBDFit, pd.DataFrame],
) -> None:
    model, summary = model_and_summary
    with pytest.raises(ValueError, match="time_unit: 'weeks' or 'days'"):
        customer_picker(model, summary, time_unit="months")
    daily = customer_picker(model, summary * [1, 7, 7], time_unit="days")
    assert ">59</td>" in daily.outputs["profile"].value  # RFM recency is the silence in days
    with pytest.raises(ValueError, match="observation_end: not a date"):
        customer_picker(model, summary, observation_end="soon")


# ----------------------------------------------------------------------------- CLV: CAC, timing


def test_clv_calculator_timing_switch_and_acquisition_cost() -> None:
    calc = clv_calculator(margin=100, retention=0.5, discount=0.1)
    assert "crmlab-timing" in _classes(calc.controls["timing"])
    assert "crmlab-cac" in _classes(calc.controls["acquisition_cost"])
    assert calc.controls["timing"].value == "end"
    assert calc.controls["acquisition_cost"].description == "Acquisition cost (¥)"
    assert "set the acquisition cost" in calc.outputs["net"].value
    assert "crmlab-clv-net" in _classes(calc.outputs["net"])
    # a new customer: the first margin arrives at once, m (1 + i) / (1 + i − r)
    calc.controls["timing"].value = "start"
    assert calc.outputs["clv"].value == "CLV = ¥183.33"
    assert calc.outputs["clv"].value == clv_text(100, 0.5, 0.1, timing="start")
    assert "(1 + i) / (1 + i − r)" in calc.outputs["details"].value
    calc.controls["acquisition_cost"].value = 150
    net = clv.clv_simple(100, 0.5, 0.1, timing="start") - 150
    assert f"¥{net:,.2f}" in calc.outputs["net"].value
    assert "worth winning" in calc.outputs["net"].value
    calc.controls["acquisition_cost"].value = 400
    assert "costs more than she brings" in calc.outputs["net"].value
    calc.controls["acquisition_cost"].value = 185
    assert "about break-even" in calc.outputs["net"].value
    # the readout the browser test reads keeps its format
    calc.controls["timing"].value = "end"
    assert calc.outputs["clv"].value == "CLV = ¥83.33"


def test_clv_calculator_starts_where_it_is_told_and_rejects_bad_settings() -> None:
    calc = clv_calculator(
        margin=200, retention=0.6, discount=0.1, acquisition_cost=90, timing="start"
    )
    assert calc.controls["timing"].value == "start"
    assert calc.controls["acquisition_cost"].value == 90
    assert calc.outputs["clv"].value == clv_text(200, 0.6, 0.1, timing="start")
    with pytest.raises(ValueError, match="timing: 'end'"):
        clv_calculator(timing="middle")
    with pytest.raises(ValueError, match="acquisition_cost: 0 or more"):
        clv_calculator(acquisition_cost=-1)
    with pytest.raises(ValueError, match="timing: 'end'"):
        clv_text(100, 0.8, 0.1, timing="later")


def test_clv_calculator_puts_its_controls_in_two_columns_above_the_chart() -> None:
    calc = clv_calculator()
    header, columns, *shown = calc.children
    assert header.value == "<b>CLV calculator</b>"
    assert isinstance(columns, widgets.HBox) and len(columns.children) == 2
    left, right = (list(column.children) for column in columns.children)
    controls = calc.controls
    assert left == [controls["margin"], controls["retention"], controls["discount"]]
    assert right == [
        controls["timing"],
        controls["acquisition_cost"],
        controls["infinite"],
        controls["horizon"],
    ]
    assert columns.layout.flex_flow == "row wrap"  # one column under the other when narrow
    assert shown == list(calc.outputs.values()) and shown[-1] is calc.outputs["chart"]


def test_clv_calculator_labels_are_chinese_in_chinese_mode() -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    try:
        calc = clv_calculator(acquisition_cost=300)
        assert calc.controls["margin"].description == "每年利润（¥/年）"
        assert calc.controls["retention"].description == "保持率 r"
        assert calc.controls["acquisition_cost"].description == "获取成本（¥）"
        assert [label for label, _ in calc.controls["timing"].options] == [
            "年末到手（现有客户）",
            "年初到手（新客户）",
        ]
        assert calc.outputs["clv"].value == "CLV = ¥266.67"  # the browser test's format
        assert "CLV − 获取成本" in calc.outputs["net"].value
        assert "利润乘数" in calc.outputs["details"].value
    finally:
        plots.use_english()


# ----------------------------------------------------------------------------- ch06 loyalty


def _loyalty_inputs():
    from crmlab import loyalty

    table = pd.DataFrame(
        {
            "competition": ["high"] * 5 + ["low"] * 5,
            "satisfaction": [1, 2, 3, 4, 5] * 2,
            "repurchase_rate": [0.06, 0.21, 0.2, 0.24, 0.5, 0.35, 0.49, 0.45, 0.48, 0.44],
            "ci_lower": [0.02, 0.14, 0.14, 0.18, 0.42, 0.19, 0.36, 0.36, 0.39, 0.35],
            "ci_upper": [0.21, 0.31, 0.27, 0.3, 0.59, 0.54, 0.62, 0.55, 0.56, 0.54],
        }
    )
    rng = np.random.default_rng(6)
    s = rng.integers(1, 6, 2000)
    comp = np.where(rng.uniform(size=2000) < 0.5, "high", "low")
    p = np.where(comp == "high", np.where(s == 5, 0.5, 0.2), 0.45)
    fit = loyalty.fit_satisfaction_loyalty(s, comp, rng.uniform(size=2000) < p, form="top_box")
    return table, fit


def test_loyalty_explorer_teaching_curve_moves_with_competition() -> None:
    from crmlab import loyalty
    from crmlab.widgets import satisfaction_loyalty_explorer

    explorer = satisfaction_loyalty_explorer(competition=1.0)
    _assert_controls_are_findable(explorer)
    assert [v for _, v in explorer.controls["source"].options] == ["teaching"]
    curve = loyalty.satisfaction_loyalty_curve([1, 4, 5], 1.0)  # 0.000, 0.119, 0.881
    assert "completely satisfied (5): <b>88.1%</b>" in explorer.outputs["gap"].value
    assert f"<b>{curve[5] / curve[4]:.1f}</b> times" in explorer.outputs["gap"].value
    assert "they leave" in explorer.outputs["hostages"].value
    explorer.controls["competition"].value = 0.0
    assert "<b>73.1%</b> stay loyal" in explorer.outputs["hostages"].value
    assert "hostages" in explorer.outputs["hostages"].value
    assert explorer.outputs["chart"].value[:8] == PNG_MAGIC


def test_loyalty_explorer_reads_the_data_and_the_fit() -> None:
    from crmlab.widgets import satisfaction_loyalty_explorer
    from crmlab.widgets.loyalty import loyalty_curve

    table, fit = _loyalty_inputs()
    explorer = satisfaction_loyalty_explorer(fit, table, competition=1.0)
    source = explorer.controls["source"]
    assert [v for _, v in source.options] == ["data", "fit", "teaching"]
    assert source.value == "data"
    # at c = 1 the data curve is the high-competition rates themselves: 50% and 24% → 2.1
    gap = explorer.outputs["gap"].value
    assert "<b>50.0%</b>" in gap and "<b>24.0%</b>" in gap and "<b>2.1</b> times" in gap
    assert "<b>6.0%</b> stay loyal" in explorer.outputs["hostages"].value
    explorer.controls["competition"].value = 0.0
    assert "<b>35.0%</b> stay loyal" in explorer.outputs["hostages"].value  # hostages
    explorer.controls["competition"].value = 0.5
    assert "interpolated" in explorer.outputs["note"].value
    halfway = loyalty_curve(0.5, observed=table)
    logit = np.log(np.array([0.5, 0.44]) / (1 - np.array([0.5, 0.44])))
    assert halfway[5] == pytest.approx(1 / (1 + np.exp(-logit.mean())))
    source.value = "fit"
    np.testing.assert_allclose(loyalty_curve(0.5, fit=fit), fit.predict(fit.curves.index, 0.5))
    top = fit.predict([5], 0.5)[0]
    assert f"<b>{top * 100:.1f}%</b>" in explorer.outputs["gap"].value


def test_loyalty_explorer_draws_beside_its_controls_with_the_trap_chart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crmlab.widgets import satisfaction_loyalty_explorer

    calls = []
    original = plots.satisfaction_trap_chart

    def spy(*args, **kwargs):
        calls.append(kwargs.get("ax"))
        return original(*args, **kwargs)

    monkeypatch.setattr(plots, "satisfaction_trap_chart", spy)
    table, fit = _loyalty_inputs()
    explorer = satisfaction_loyalty_explorer(fit, table)
    assert len(calls) == 1 and calls[0] is not None
    _header, row = explorer.children
    assert isinstance(row, widgets.HBox)
    left, right = row.children
    assert explorer.controls["competition"] in left.children
    assert right.children == (explorer.outputs["chart"],)


def test_loyalty_explorer_checks_its_input() -> None:
    from crmlab.widgets import satisfaction_loyalty_explorer
    from crmlab.widgets.loyalty import loyalty_curve

    table, _ = _loyalty_inputs()
    with pytest.raises(ValueError, match="observed: no rates for competition low"):
        satisfaction_loyalty_explorer(observed=table[table["competition"] == "high"])
    with pytest.raises(TypeError, match="fit: expected the result of"):
        satisfaction_loyalty_explorer(fit=table)
    with pytest.raises(ValueError, match=r"competition: expected a number in \[0, 1\]"):
        loyalty_curve(1.5)


def test_loyalty_explorer_speaks_chinese() -> None:
    from crmlab.widgets import satisfaction_loyalty_explorer

    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")
    try:
        table, fit = _loyalty_inputs()
        explorer = satisfaction_loyalty_explorer(fit, table)
        assert explorer.children[0].value == "<b>满意—忠诚曲线</b>"
        assert explorer.controls["competition"].description == "竞争强度 c"
        assert [label for label, _ in explorer.controls["source"].options] == [
            "两个市场的数据",
            "逻辑回归模型",
            "Jones & Sasser 示意曲线",
        ]
        assert "完全满意（5 分）" in explorer.outputs["gap"].value
        assert "仍然忠诚" in explorer.outputs["hostages"].value
    finally:
        plots.use_english()


# ----------------------------------------------------------------------------- leaky bucket


def test_leaky_bucket_explorer_follows_leaky_bucket_and_retention_economics() -> None:
    from crmlab import retention
    from crmlab.widgets import leaky_bucket_explorer

    explorer = leaky_bucket_explorer(1000, 300, 0.2, acquisition_cost=50, margin=100, years=10)
    _assert_controls_are_findable(explorer)
    bucket = retention.leaky_bucket(1000, 300, 0.2, 10, acquisition_cost=50)
    end = bucket["customers_end"].iloc[-1]
    assert f"<b>{end:,.0f}</b> customers" in explorer.outputs["bucket"].value
    assert "settles at 1,500" in explorer.outputs["bucket"].value
    spend = bucket["cumulative_acquisition_spend"].iloc[-1]
    assert plots.money(spend) in explorer.outputs["bucket"].value
    explorer.controls["churn_rate"].value = 0.1
    assert "settles at 3,000" in explorer.outputs["bucket"].value
    gain = retention.retention_economics(1, 0.9, 100, 0.1, uplift_points=[5])
    assert f"+{gain['value_gain_percent'].iloc[1]:.0f}%" in explorer.outputs["economics"].value
    assert explorer.outputs["chart"].value[:8] == PNG_MAGIC


def test_leaky_bucket_explorer_edge_cases_and_bad_input() -> None:
    from crmlab.widgets import leaky_bucket_explorer

    explorer = leaky_bucket_explorer(churn_rate=0.0)
    assert "grows without end" in explorer.outputs["bucket"].value
    assert "no room" in explorer.outputs["economics"].value  # retention 100%
    with pytest.raises(ValueError, match="years"):
        leaky_bucket_explorer(years=0)
    with pytest.raises(ValueError, match="discount"):
        leaky_bucket_explorer(discount=0)


def test_loyalty_explorer_names_the_levels_the_data_have() -> None:
    from crmlab import widgets as crm_widgets
    from crmlab.widgets.loyalty import _hostage_text

    plots.use_english()
    curve = pd.Series([0.4, 0.5], index=[4, 5])  # only the two top levels were answered
    text = _hostage_text(curve, reference=0.5)
    assert text.startswith("satisfied (4)") and "very dissatisfied" not in text
    assert crm_widgets.satisfaction_loyalty_explorer() is not None
