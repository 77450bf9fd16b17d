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
