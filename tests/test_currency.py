"""Currency is a setting of the chart theme, not a literal: charts, widgets and self-checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import crmlab
from crmlab import (
    check,
    crm_capability,
    plots,
    purchase_cycle,
    readiness,
    relationship,
    strategy,
    timing,
)
from crmlab import widgets as crm_widgets
from crmlab.customer_base import CustomerView
from crmlab.loyalty import LOYALTY_TYPES
from crmlab.models import BGNBDFit
from crmlab.plots import _theme
from crmlab.retention import SurvivalCurve
from crmlab.satisfaction import NPSResult

ROOT = Path(crmlab.__file__).parent
SOURCES = sorted(
    [
        *ROOT.joinpath("plots").glob("*.py"),
        *ROOT.joinpath("widgets").glob("*.py"),
        ROOT / "check.py",
        *ROOT.joinpath("_questions").glob("*.py"),
        ROOT / "_question_types.py",
    ]
)

#: A currency written into the code: the yen/yuan signs (also as escapes), the codes, the
#: word, and 元 as a unit — 美元 (US dollars, the Walmart story's own currency) and 单元 (as in
#: 单元格, a notebook cell) excepted.
LITERAL = re.compile(
    r"¥|￥|\bCNY\b|\bRMB\b|\byuan\b|(?<![美单])元"
    r"|\\u00a5|\\xa5|\\uffe5|\\u5143|\\N\{(?:FULLWIDTH )?YEN SIGN\}",
    re.IGNORECASE,
)
#: What must not be shown once the currency is pounds.
SHOWN = re.compile(r"¥|￥|CNY|RMB|yuan|(?<![美单])元", re.IGNORECASE)
#: The one place the default may be written.
DEFAULT_LINE = ("plots/_theme.py", 'DEFAULT_CURRENCY = "¥"')


@pytest.fixture(autouse=True)
def _restore_theme():
    yield
    plots.set_theme(chinese=False, currency=plots.DEFAULT_CURRENCY)
    plt.close("all")


@pytest.fixture
def pounds() -> str:
    plots.set_theme(chinese=False, currency="£")
    return "£"


def _chinese_or_skip() -> None:
    try:
        plots.use_chinese()
    except plots.ChineseFontError as problem:
        pytest.skip(f"no CJK font: {problem}")


# ----------------------------------------------------------------------------- the API


def test_the_default_is_the_yen_sign_and_set_theme_changes_it() -> None:
    plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    assert plots.DEFAULT_CURRENCY == "¥" and plots.currency() == "¥"
    assert plots.money(1234) == "¥1,234"
    plots.set_theme(currency="£")
    assert plots.currency() == "£"
    plots.set_theme()  # None keeps the setting
    plots.set_theme(chinese=False, context="talk")
    assert plots.currency() == "£"
    plots.set_theme(currency="  € ")
    assert plots.currency() == "€"


def test_money_formats_amounts(pounds: str) -> None:
    assert plots.money(1234) == "£1,234"
    assert plots.money(1234.567, decimals=2) == "£1,234.57"
    assert plots.money(1_234_567.8) == "£1,234,568"
    assert plots.money(0) == "£0"
    assert plots.money(-12) == "−£12"  # matplotlib's minus sign in English mode
    assert plots.money(-0.004, decimals=2) == "£0.00"  # no "−£0.00"
    assert plots.money(np.float64(5.5), decimals=1) == "£5.5"
    assert plots.money(pd.Series([7.0]).iloc[0]) == "£7"
    assert plots.money(float("nan")) == plots.money(None) == plots.money(np.inf) == "–"
    assert plots.money(pd.NA) == plots.money(np.array([np.nan])) == "–"
    plots.set_theme(currency="CHF")
    assert plots.money(-1234) == "−CHF 1,234"
    plots.set_theme(currency="HK$")
    assert plots.money(1234) == "HK$1,234"


def test_money_uses_a_plain_minus_in_chinese_mode(pounds: str) -> None:
    _theme._STATE.chinese = True
    matplotlib.rcParams["axes.unicode_minus"] = False  # what use_chinese() sets
    try:
        assert plots.money(-12) == "-£12"
    finally:
        plots.use_english()
    assert plots.money(-12) == "−£12"


@pytest.mark.parametrize("bad", ["", "   ", "GBP123", "POUNDS", 5, None])
def test_set_theme_rejects_a_currency_that_is_not_a_symbol(bad: object) -> None:
    if bad is None:  # None means "keep": not an error
        plots.set_theme(currency=bad)
        return
    with pytest.raises(ValueError, match="give the symbol or code money is shown with"):
        plots.set_theme(currency=bad)  # type: ignore[arg-type]
    assert plots.currency() == plots.DEFAULT_CURRENCY


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_money_rejects_bad_decimals(bad: object) -> None:
    with pytest.raises(ValueError, match="decimals: a whole number"):
        plots.money(1.0, decimals=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a number, got str"):
        plots.money("12")  # type: ignore[arg-type]


def test_money_label_in_both_languages(pounds: str) -> None:
    assert plots.money_label("profit", "利润") == "profit (£)"
    assert plots.money_label("profit") == "profit (£)"
    _theme._STATE.chinese = True
    try:
        assert plots.money_label("profit", "利润") == "利润（£）"
        assert plots.money_label("profit") == "profit (£)"
    finally:
        plots.use_english()


# ----------------------------------------------------------------------------- no literals


def test_no_currency_literal_in_the_charts_widgets_and_self_checks() -> None:
    found = []
    defaults = []
    for path in SOURCES:
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (name, line.strip()) == DEFAULT_LINE:
                defaults.append(name)
                continue
            if LITERAL.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "currency literals (use plots.money / money_label):\n" + "\n".join(found)
    assert defaults == [DEFAULT_LINE[0]], "the default currency is written once, in the theme"


def test_the_literal_pattern_catches_what_it_must() -> None:
    for text in ('"¥1"', "CNY per customer", "（元）", "rmb", "'\\u00a5'", "Every yuan"):
        assert LITERAL.search(text), text
    for text in ("60美元", "运行这个单元格", "money_label", "currency()"):
        assert not LITERAL.search(text), text


# ----------------------------------------------------------------------------- every chart


def _figure_texts(fig: Figure) -> list[str]:
    """Every text of a figure: titles, axis and tick labels, annotations, legends."""
    fig.canvas.draw()  # tick labels exist only once drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _timeline_view() -> CustomerView:
    day = pd.to_datetime
    orders = pd.DataFrame(
        {
            "order_date": day(["2025-01-05", "2025-03-01", "2025-04-02"]),
            "amount": [120.0, 60.0, 2500.0],
            "returned": [False, True, False],
        }
    )
    contacts = pd.DataFrame(
        {
            "contact_date": day(["2025-02-01", "2025-03-05"]),
            "contact_type": ["inquiry", "complaint"],
        }
    )
    survey = pd.DataFrame({"survey_date": day(["2025-03-20"])})
    membership = pd.DataFrame({"join_date": day(["2025-01-10"]), "lapse_date": [pd.NaT]})
    return CustomerView(
        customer_id="C1",
        profile=pd.Series({"customer_id": "C1", "signup_date": day("2024-12-20")}),
        summary=pd.Series({"orders": 3, "revenue": 2680.0}),
        orders=orders,
        survey=survey,
        service_contacts=contacts,
        membership=membership,
        observation_end=day("2025-04-30"),
    )


def _chart_cases() -> dict[str, Callable[[], object]]:
    years = pd.period_range("2023", periods=3, freq="Y")
    months = pd.period_range("2025-01", periods=4, freq="M")
    funnel = pd.DataFrame(
        {
            "stage_cn": ["线索", "联系", "兴趣", "谈判", "成交"],
            "reached": [1000.0, 600, 300, 120, 60],
            "stage_conversion": [np.nan, 0.6, 0.5, 0.4, 0.5],
        },
        index=["lead", "contacted", "interested", "negotiating", "won"],
    )
    sources = ["referral", "store", "trade_fair"]
    performance = pd.DataFrame(
        {
            "roi": [2.0, 0.4, -0.5],
            "cost_per_acquisition": [70.0, 120.0, 1500.0],
            "value_per_customer": [360.0, 250.0, 900.0],
        },
        index=sources,
    )
    whale = SimpleNamespace(
        curve=pd.DataFrame(
            {"customer_share": [0.25, 0.5, 0.75, 1.0], "cumulative_profit_pct": [60, 100, 120, 100]}
        ),
        peak_customer_share=0.75,
        peak_percent=120.0,
    )
    tiers = pd.DataFrame(
        {
            "customer_share": [0.01, 0.04, 0.15, 0.8],
            "revenue_share": [0.2, 0.2, 0.3, 0.3],
            "profit_share": [0.4, 0.3, 0.4, -0.1],
        },
        index=["VIP", "major", "ordinary", "small"],
    )
    rng = np.random.default_rng(1)
    matrix = pd.DataFrame(
        {
            "value": rng.normal(200, 900, 60),
            "capability": rng.uniform(0, 1, 60),
            "zone": rng.choice(["A", "B", "C"], 60),
        }
    )
    terms = pd.DataFrame(
        {
            "term": ["base_profit", "referral_value", "acquisition_cost", "lifecycle_profit"],
            "term_cn": ["基本利润", "口碑价值", "获取成本", "客户生命周期利润"],
            "side": ["benefit", "benefit", "cost", "total"],
            "contribution": [1200.0, 300.0, -450.0, 1050.0],
        }
    )
    curve = pd.DataFrame({"horizon": [1, 2, 3, 4], "clv": [727.3, 1256.2, 1641.0, 1920.7]})
    return {
        **_satisfaction_cases(),
        **_loyalty_cases(),
        **_retention_cases(),
        **_relationship_cases(),
        **_strategy_cases(),
        "orders_chart": lambda: plots.orders_chart(
            pd.DataFrame(
                {"online": [3, 5, 4], "store": [2, 1, 2], "corporate": [0, 1, 1]},
                index=pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]),
            )
        ),
        "customer_timeline_chart": lambda: plots.customer_timeline_chart(_timeline_view()),
        "relationship_stage_chart": lambda: plots.relationship_stage_chart(
            pd.DataFrame(
                {"potential": [5, 1], "target": [8, 2], "current": [4, 1], "lost": [6, 0]},
                index=["consumer", "enterprise"],
            )
        ),
        "customer_count_chart": lambda: plots.customer_count_chart(
            pd.DataFrame(
                {"active_customers": [400, 800, 900], "new_customers": [400, 600, 300]},
                index=years,
            )
        ),
        "customer_depth_chart": lambda: plots.customer_depth_chart(
            pd.DataFrame(
                {
                    "revenue_per_active": [650.0, 770.0, 1800.0],
                    "categories_per_active": [2.4, 2.7, 3.1],
                    "repeat_rate": [0.46, 0.52, 0.55],
                },
                index=years,
            )
        ),
        "funnel_chart": lambda: plots.funnel_chart(funnel),
        "source_roi_chart": lambda: plots.source_roi_chart(performance),
        "source_cost_value_chart": lambda: plots.source_cost_value_chart(performance),
        "man_lift_chart": lambda: plots.man_lift_chart(
            pd.DataFrame({"conversion": [0.01, 0.03, 0.1, 0.25], "lift": [0.1, 0.3, 1.0, 2.5]}),
            overall_conversion=0.1,
        ),
        "whale_curve_chart": lambda: plots.whale_curve_chart(whale),
        "lorenz_curve_chart": lambda: plots.lorenz_curve_chart(
            pd.DataFrame(
                {"population_share": [0, 0.5, 1.0], "value_share": [0, 0.2, 1.0]},
            ),
            gini=0.3,
        ),
        "pyramid_chart": lambda: plots.pyramid_chart(tiers),
        "value_matrix_chart": lambda: plots.value_matrix_chart(matrix, 200.0, 0.5),
        "segment_share_chart": lambda: plots.segment_share_chart(
            tiers.rename(index=str.title), columns=("customer_share", "profit_share")
        ),
        "lifecycle_stage_chart": lambda: plots.lifecycle_stage_chart(
            pd.DataFrame(
                {
                    "stage": pd.Categorical(
                        ["lost", "exploration", "stability", "decline"],
                        categories=["exploration", "formation", "stability", "decline", "lost"],
                    )
                }
            )
        ),
        "churn_rate_chart": lambda: plots.churn_rate_chart(
            pd.DataFrame({"churn_rate": [0.1, 0.05, 0.07, 0.06]}, index=months)
        ),
        "lifecycle_profit_waterfall": lambda: plots.lifecycle_profit_waterfall(terms),
        "clv_horizon_chart": lambda: plots.clv_horizon_chart(curve, infinite=2666.7, per_year=True),
        "holdout_chart": lambda: plots.holdout_chart(
            pd.DataFrame(
                {"predicted": [0.5, 1.2, 2.0], "actual": [0.6, 1.0, 2.2]},
                index=pd.Index(["0", "1", "2+"], name="frequency_group"),
            )
        ),
        "probability_alive_path_chart": lambda: plots.probability_alive_path_chart(
            pd.DataFrame(
                {
                    "date": pd.date_range("2025-05-09", periods=4, freq="60D"),
                    "probability_alive": [1.0, 0.8, 0.6, 0.3],
                }
            ),
            purchases=pd.Series(pd.to_datetime(["2025-05-09", "2025-06-20"])),
            marks={"November": "2025-11-30"},
        ),
        "probability_alive_calibration_chart": lambda: plots.probability_alive_calibration_chart(
            pd.DataFrame(
                {
                    "predicted": [0.1, 0.5, 0.9],
                    "actual": [0.12, 0.45, 0.93],
                    "customers": [100, 50, 200],
                }
            )
        ),
    }


def _satisfaction_cases() -> dict[str, Callable[[], object]]:
    """Chapter 05: satisfaction charts."""
    attributes = ["quality", "price", "overall"]
    parts = {
        "product_value": 8.0, "service_value": 7.0, "personnel_value": 6.0, "image_value": 7.0,
        "money_cost": 6.0, "time_cost": 3.0, "energy_cost": 2.0, "psychic_cost": 1.0,
    }  # fmt: skip
    measures = pd.DataFrame(
        {
            "measure": "reputation named_first return_rate complaint_rate purchase_amount".split(),
            "value": [0.62, 0.31, 0.48, 0.07, 1234.5],
            "definition": ["share of respondents ..."] * 3 + ["complaints per buyer", "mean"],
        }
    )
    coefficients = pd.DataFrame(
        {"coef": [0.5, 0.1], "conf_low": [0.4, -0.1], "conf_high": [0.6, 0.3]},
        index=["quality", "price"],
    )
    return {
        "csi_chart": lambda: plots.csi_chart(
            pd.DataFrame(
                {
                    "expected": [8.0, 7.0, 7.5],
                    "perceived": [8.5, 6.0, 7.2],
                    "csi": [1.0625, 0.857, 0.96],
                    "label": ["satisfied", "dissatisfied", "dissatisfied"],
                },
                index=attributes,
            )
        ),
        "delivered_value_chart": lambda: plots.delivered_value_chart(parts),
        "satisfaction_dashboard": lambda: plots.satisfaction_dashboard(measures),
        "nps_chart": lambda: plots.nps_chart(
            pd.Series({10: 3, 9: 2, 8: 2, 6: 4, 0: 1}),
            NPSResult(
                nps=0.0, promoters=5 / 12, passives=2 / 12, detractors=5 / 12, respondents=12
            ),
        ),
        "ipa_chart": lambda: plots.ipa_chart(
            pd.DataFrame(
                {
                    "importance": [9.0, 8.0, 5.0],
                    "performance": [8.0, 4.0, 9.0],
                    "importance_cut": 7.3,
                    "performance_cut": 7.0,
                    "quadrant": ["keep up the good work", "concentrate here", "possible overkill"],
                },
                index=["quality", "price", "style"],
            )
        ),
        "kano_chart": lambda: plots.kano_chart(
            pd.DataFrame(
                {
                    "better": [0.8, 0.2, 0.7],
                    "worse": [-0.2, -0.7, -0.6],
                    "category": ["A", "M", "O"],
                },
                index=["stylist", "app", "returns"],
            )
        ),
        "drivers_chart": lambda: plots.drivers_chart(
            coefficients,
            compare=coefficients.assign(coef=[0.3, 0.2], conf_low=[0.2, 0.0], conf_high=[0.4, 0.4]),
        ),
    }


def _loyalty_cases() -> dict[str, Callable[[], object]]:
    """Chapter 06: satisfaction and loyalty charts."""
    table = pd.DataFrame(
        {
            "competition": ["high", "high", "low", "low"],
            "satisfaction": [4, 5, 4, 5],
            "repurchase_rate": [0.2, 0.5, 0.45, 0.44],
            "ci_lower": [0.15, 0.4, 0.35, 0.35],
            "ci_upper": [0.3, 0.6, 0.55, 0.55],
        }
    )
    curves = pd.DataFrame({"high": [0.1, 0.5], "low": [0.42, 0.46]}, index=[4, 5])
    return {
        "satisfaction_trap_chart": lambda: plots.satisfaction_trap_chart(table, curves),
        "loyalty_types_chart": lambda: plots.loyalty_types_chart(
            pd.DataFrame(
                {
                    "loyalty_type": list(LOYALTY_TYPES),  # true, latent, spurious, none
                    "share": [0.2, 0.3, 0.1, 0.4],
                    "respondents": [20, 30, 10, 40],
                    "repurchase_rate": [0.7, 0.25, 0.6, 0.2],
                }
            ),
            cuts=(5.0, 3.0),
        ),
    }


def _retention_cases() -> dict[str, Callable[[], object]]:
    """Chapter 07: retention, churn and win-back charts."""
    bucket = pd.DataFrame(
        {
            "customers_end": [1000.0, 900.0, 820.0, 756.0],
            "lost": [200.0, 200.0, 180.0, 164.0],
            "gained": [200.0, 100.0, 100.0, 100.0],
            "cumulative_acquisition_spend": [20_000.0, 30_000.0, 40_000.0, 50_000.0],
        },
        index=pd.RangeIndex(1, 5, name="period"),
    )
    reasons = pd.DataFrame(
        {
            "reason": ["indifference", "dissatisfied", "competitors"],
            "reason_cn": ["服务态度冷漠", "对产品不满意", "被竞争对手吸引"],
            "share": [0.68, 0.14, 0.09],
            "cumulative_share": [0.68, 0.82, 0.91],
        }
    )
    km = SurvivalCurve(
        table=pd.DataFrame(
            {
                "time": [0.0, 1.0, 2.0, 3.0],
                "survival": [1.0, 0.8, 0.6, 0.45],
                "ci_lower": [1.0, 0.7, 0.5, 0.35],
                "ci_upper": [1.0, 0.9, 0.7, 0.55],
                "at_risk": [100, 100, 78, 55],
                "events": [0, 20, 20, 15],
                "censored": [0, 2, 3, 5],
            }
        ),
        median=3.0,
    )
    priority = pd.DataFrame(
        {
            "value": [900.0, 800.0, 100.0, 50.0],
            "risk": [0.8, 0.1, 0.9, 0.2],
            "quadrant": ["win back first", "keep close", "low-cost reach", "let go"],
            "quadrant_cn": ["优先挽回", "保持联系", "低成本触达", "放手"],
        }
    )
    return {
        "leaky_bucket_chart": lambda: plots.leaky_bucket_chart(bucket),
        "churn_reasons_chart": lambda: plots.churn_reasons_chart(reasons),
        "survival_chart": lambda: plots.survival_chart(
            km, projection=[1.0, 0.8, 0.62, 0.5, 0.42], fitted_up_to=2
        ),
        "churn_lift_chart": lambda: plots.churn_lift_chart(
            pd.DataFrame({"decile": [1, 2, 3], "lift": [2.4, 1.1, 0.3]})
        ),
        "winback_chart": lambda: plots.winback_chart(priority),
    }


def _weekly_buyers() -> pd.DataFrame:
    """Two customers buying every week, three days apart (a purchase rhythm to be due on)."""
    days = pd.date_range("2024-01-01", periods=12, freq="7D")
    return pd.DataFrame(
        {
            "customer_id": ["a"] * 12 + ["b"] * 12,
            "order_date": list(days) + list(days + pd.Timedelta(days=3)),
            "amount": 10.0,
        }
    )


def _relationship_cases() -> dict[str, Callable[[], object]]:
    """Chapter 08: the due list and its checks, timing, cross-selling, coupon targeting."""
    tx = _weekly_buyers()
    due_check = purchase_cycle.due_list_check(tx, "2024-03-07", draws=20)
    basket = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "2", "3"],
            "category": ["tops", "skirts", "tops", "skirts", "shoes"],
        }
    )
    return {
        "due_list_check_chart": lambda: plots.due_list_check_chart(due_check),
        "due_list_backtest_chart": lambda: plots.due_list_backtest_chart(
            purchase_cycle.due_list_backtest(tx, 3, draws=10)
        ),
        "purchase_timing_chart": lambda: plots.purchase_timing_chart(timing.purchase_timing(tx)),
        "cross_sell_chart": lambda: plots.cross_sell_chart(relationship.cross_sell_pairs(basket)),
        "coupon_targeting_chart": lambda: plots.coupon_targeting_chart(
            relationship.target_coupon([0.5, 0.1, 0.3, 0.05], margin=40, coupon_cost=5, steps=4)
        ),
    }


def _strategy_cases() -> dict[str, Callable[[], object]]:
    """Chapter 09: growth matrix, KPI dashboard, the ladder, capability and readiness."""
    tx = pd.DataFrame(
        {
            "customer_id": ["old", "old", "fresh"],
            "order_date": pd.to_datetime(["2025-03-01", "2025-06-01", "2025-09-01"]),
            "category": ["dresses", "shoes", "dresses"],
            "amount": [300.0, 100.0, 100.0],
            "cost": [100.0, 50.0, 50.0],
        }
    )
    tiers = {"small": 0, "big": 200}
    growth = strategy.growth_matrix(
        tx, observation_end="2025-12-31", product_newness={"dresses": False, "shoes": True}
    )
    kpi = strategy.kpi_table(tx, period="M", thresholds=tiers)
    effects = crm_capability.capability_effects(
        tx, pd.Series({"old": "a", "fresh": "b"}), calibration_end="2025-06-30"
    )
    answers = {q.key: 2 for q in readiness.READINESS_QUESTIONS}
    return {
        "growth_matrix_chart": lambda: plots.growth_matrix_chart(growth),
        "kpi_dashboard": lambda: plots.kpi_dashboard(kpi)[1],
        "transition_chart": lambda: plots.transition_chart(
            strategy.tier_transitions(tx, "M", thresholds=tiers)
        ),
        "capability_effects_chart": lambda: plots.capability_effects_chart(effects),
        "readiness_chart": lambda: plots.readiness_chart(readiness.readiness_score(answers)),
    }


#: Charts with a money axis, and which axis ("right": the twin axis ``ax.right``).
MONEY_AXES = {
    "clv_horizon_chart": "y",
    "coupon_targeting_chart": "y",
    "customer_timeline_chart": "y",
    "customer_depth_chart": "y",
    "kpi_dashboard": "y",
    "leaky_bucket_chart": "right",
    "lifecycle_profit_waterfall": "y",
    "source_cost_value_chart": "x",
    "value_matrix_chart": "y",
    "winback_chart": "x",
}
#: Charts that write amounts (tick labels, tiles): the currency must stand with a number.
MONEY_TEXTS = {
    "coupon_targeting_chart",
    "growth_matrix_chart",
    "leaky_bucket_chart",
    "satisfaction_dashboard",
    "winback_chart",
}


def test_the_cases_cover_every_chart() -> None:
    charts = {
        name
        for name in plots.__all__
        if inspect.isfunction(getattr(plots, name))
        and "ax" in inspect.signature(getattr(plots, name)).parameters
    }
    assert charts == set(_chart_cases())
    assert set(MONEY_AXES) <= charts
    assert MONEY_TEXTS <= charts


def _draw_every_chart(symbol: str, chinese: bool) -> None:
    unit = f"（{symbol}）" if chinese else f"({symbol})"
    for name, draw in _chart_cases().items():
        ax = draw()
        texts = _figure_texts(ax.figure)
        shown = [t for t in texts if SHOWN.search(t)]
        assert not shown, f"{name} shows another currency with currency={symbol!r}: {shown}"
        if name in MONEY_AXES:
            axis = MONEY_AXES[name]
            money_axis = ax.right if axis == "right" else ax  # the twin axis of a second unit
            axis_label = money_axis.get_xlabel() if axis == "x" else money_axis.get_ylabel()
            assert axis_label.endswith(unit), f"{name}: money axis {axis_label!r}"
        if name in MONEY_TEXTS:
            amounts = [t for t in texts if symbol in t and re.search(r"\d", t)]
            assert amounts, f"{name}: no amount written with {symbol!r}"
        plt.close(ax.figure)


def test_every_chart_follows_the_currency_setting(pounds: str) -> None:
    _draw_every_chart(pounds, chinese=False)
    plots.set_theme(currency="CHF")
    _draw_every_chart("CHF", chinese=False)


def test_every_chart_follows_the_currency_setting_in_chinese(pounds: str) -> None:
    _chinese_or_skip()
    _draw_every_chart(pounds, chinese=True)


def test_the_default_currency_still_labels_the_money_axes() -> None:
    plots.set_theme(chinese=False, currency=plots.DEFAULT_CURRENCY)
    ax = _chart_cases()["clv_horizon_chart"]()
    assert ax.get_ylabel() == "CLV (¥)"


# ----------------------------------------------------------------------------- every widget


def _widget_texts(widget: widgets.Widget) -> list[str]:
    """The text a student can see in a widget tree: values, descriptions, option labels."""
    texts = []
    for attribute in ("value", "description", "placeholder", "tooltip"):
        shown = getattr(widget, attribute, None)
        if isinstance(shown, str) and shown:
            texts.append(shown)
    texts += [str(option) for option in getattr(widget, "_options_labels", ())]
    for child in getattr(widget, "children", ()):
        texts += _widget_texts(child)
    return texts


@pytest.fixture
def chart_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the texts of every chart an explorer draws, tick labels too (and draw it)."""
    collected: list[str] = []
    for module in (
        crm_widgets.clv,
        crm_widgets.customer_base,
        crm_widgets.acquisition,
        crm_widgets.value,
        crm_widgets.models,
        crm_widgets.satisfaction,
        crm_widgets.loyalty,
        crm_widgets.retention,
        crm_widgets.relationship,
        crm_widgets.strategy,
    ):
        original = module.png

        def spy(fig: Figure, _original=original) -> bytes:
            image = _original(fig)  # drawn: the tick labels exist now
            collected.extend(_figure_texts(fig))
            return image

        monkeypatch.setattr(module, "png", spy)
    return collected


def _every_explorer() -> dict[str, crm_widgets.Explorer]:
    rng = np.random.default_rng(5)
    revenue = rng.gamma(0.7, 400, size=200)
    profitability = pd.DataFrame(
        {"revenue": revenue, "profit": revenue * 0.3 - rng.gamma(1.0, 25, size=200)},
        index=pd.Index([f"C{i:03d}" for i in range(200)], name="customer_id"),
    )
    capability = pd.Series(rng.uniform(0, 1, 200), index=profitability.index)
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
    model = BGNBDFit.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    summary = pd.DataFrame(
        {"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 20.0]},
        index=pd.Index(["ZHANG", "LI"], name="customer_id"),
    )
    return {
        "clv_calculator": crm_widgets.clv_calculator(margin=100, retention=0.8, discount=0.1),
        "customer_360_explorer": crm_widgets.customer_360_explorer(customers, transactions),
        "funnel_explorer": crm_widgets.funnel_explorer(1000),
        "pyramid_explorer": crm_widgets.pyramid_explorer(profitability),
        "value_matrix_explorer": crm_widgets.value_matrix_explorer(
            profitability["profit"], capability
        ),
        "customer_picker": crm_widgets.customer_picker(model, summary),
        "satisfaction_calculator": crm_widgets.satisfaction_calculator(perceived=6, expected=8),
        "satisfaction_loyalty_explorer": crm_widgets.satisfaction_loyalty_explorer(
            observed=pd.DataFrame(
                {
                    "competition": ["high"] * 5 + ["low"] * 5,
                    "satisfaction": [1, 2, 3, 4, 5] * 2,
                    "repurchase_rate": [0.02, 0.05, 0.1, 0.2, 0.5, 0.4, 0.4, 0.42, 0.45, 0.46],
                }
            ).assign(
                ci_lower=lambda t: t["repurchase_rate"] - 0.05,
                ci_upper=lambda t: t["repurchase_rate"] + 0.05,
            ),
            competition=0.5,
        ),
        "readiness_explorer": crm_widgets.readiness_explorer(),
        "due_list_explorer": crm_widgets.due_list_explorer(
            _weekly_buyers().assign(category="tops"), draws=10
        ),
        "leaky_bucket_explorer": crm_widgets.leaky_bucket_explorer(
            1000, 200, 0.2, acquisition_cost=100, margin=100, years=5
        ),
    }


def _check_every_explorer(symbol: str, collected: list[str]) -> dict[str, list[str]]:
    explorers = _every_explorer()
    factories = {
        name
        for name in crm_widgets.__all__
        if inspect.isfunction(getattr(crm_widgets, name)) and name != "clv_text"
    }
    assert set(explorers) == factories, "a new explorer needs a case here"
    texts = {name: _widget_texts(explorer) for name, explorer in explorers.items()}
    for name, shown in {**texts, "charts": collected}.items():
        wrong = [t for t in shown if SHOWN.search(t)]
        assert not wrong, f"{name} shows another currency with currency={symbol!r}: {wrong}"
    return texts


def test_every_widget_follows_the_currency_setting(pounds: str, chart_texts: list[str]) -> None:
    texts = _check_every_explorer(pounds, chart_texts)
    clv_texts = texts["clv_calculator"]
    assert "Margin (£/year)" in clv_texts
    assert "CLV = £266.67" in clv_texts
    assert any("£140.00" in t for t in texts["customer_360_explorer"])
    assert any("Cuts: value ≥ £" in t for t in texts["value_matrix_explorer"])
    bucket_texts = texts["leaky_bucket_explorer"]
    assert {"Cost per new customer (£)", "Margin per customer-year (£)"} <= set(bucket_texts)
    assert any("acquisition spend <b>£100,000</b>" in t for t in bucket_texts)
    assert any("Value of a customer at retention 80%: £267" in t for t in bucket_texts)
    for unit_label in (
        "CLV (£)",
        "Amount per order line (£)",
        "customer value, symmetric log scale (£)",
        "Acquisition spend so far (£)",
    ):
        assert unit_label in chart_texts, f"no {unit_label!r} in the explorers' charts"
    assert {"£0", "£40,000", "£100,000"} <= set(chart_texts), "money ticks of the leaky bucket"
    assert crm_widgets.clv_text(100, 0.8, 0.1) == "CLV = £266.67"


def test_every_widget_follows_the_currency_setting_in_chinese(
    pounds: str, chart_texts: list[str]
) -> None:
    _chinese_or_skip()
    texts = _check_every_explorer(pounds, chart_texts)
    assert {"每位新客户的获取成本（£）", "每位客户每年利润（£）"} <= set(
        texts["leaky_bucket_explorer"]
    )
    for unit_label in (
        "客户终身价值（£）",
        "每条订单明细金额（£）",
        "客户价值，对称对数刻度（£）",
        "累计获客支出（£）",
    ):
        assert unit_label in chart_texts, f"no {unit_label!r} in the explorers' charts"


# ----------------------------------------------------------------------------- self-checks


def test_questions_show_money_in_the_chosen_currency(pounds: str) -> None:
    wallet = check.question("ch01.share_of_wallet")
    for shown in (str(wallet), wallet._repr_html_()):
        assert "£10,000" in shown and "£2,500" in shown
        assert "花费£10,000" in shown
    for q in check.questions():
        for shown in (str(q), q._repr_html_()):
            assert "{currency}" not in shown, q.id
            assert not SHOWN.search(shown), f"{q.id}: {shown}"


def test_money_feedback_is_written_in_the_chosen_currency(pounds: str) -> None:
    wrong = check.answer("ch04.clv_three_years", 300)
    assert wrong.message == "not yet. Your answer £300.00 is too high."
    right = check.answer("ch04.clv_three_years", "£164.09")
    assert right.correct and right.message == "correct: £164.09."
    plots.set_theme(currency=plots.DEFAULT_CURRENCY)
    assert check.answer("ch04.clv_three_years", 300).message.endswith("¥300.00 is too high.")


@pytest.mark.parametrize(
    "form", ["£62,400", "62,400 GBP", "GBP62400", "62,400元", "¥62,400", "￥62,400", "RMB 62,400"]
)
def test_answers_with_any_currency_sign_or_code_are_read(form: str) -> None:
    feedback = check.answer("ch04.walmart_lifetime_revenue", form)
    assert feedback.correct, f"{form!r}: {feedback}"


def test_hints_and_explanations_of_registered_questions_use_the_setting(
    pounds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "_REGISTRY", dict(check._registry()))
    check.register(
        check.Question(
            "ch98.coffee",
            "Three {currency}4 coffees cost?",
            "三杯{currency}4的咖啡多少钱？",
            expected=12,
            money=True,
            hints=(check.near(4, "that is one coffee ({currency}4); she buys three."),),
            explanation="3 × {currency}4.",
        )
    )
    assert check.answer("ch98.coffee", 4).hint == "that is one coffee (£4); she buys three."
    assert check.answer("ch98.coffee", "£12").note == "3 × £4."
    assert "Three £4 coffees" in str(check.question("ch98.coffee"))


@pytest.mark.parametrize("kwargs", [{"share": True}, {"kind": "choice", "choices": {"a": "x"}}])
def test_money_is_only_for_amounts(kwargs: dict) -> None:
    with pytest.raises(ValueError, match="money=True is for a number"):
        check.Question("ch98.bad", "?", "？", expected="a", money=True, **kwargs)
