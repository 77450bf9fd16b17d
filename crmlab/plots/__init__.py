"""Charts for the workbook: one theme, optional Chinese labels, one function per chart.

Every function draws on a matplotlib ``Axes`` (a new one unless ``ax=`` is given) and
returns it; none computes anything — the numbers come from the analysis modules. Call
:func:`set_theme` once at the top of a notebook (``set_theme(currency=CURRENCY)`` sets the
currency of every chart, widget and self-check drawn afterwards); :func:`use_chinese`
switches the labels.

The charts live in one module per analysis concept and are all re-exported here, e.g.
``plots.funnel_chart(...)``:

==========================  =================================================================
module                      charts
==========================  =================================================================
``plots.orders``            :func:`orders_chart`
``plots.customer_base``     :func:`customer_timeline_chart`, :func:`relationship_stage_chart`,
                            :func:`customer_count_chart`, :func:`customer_depth_chart`
``plots.acquisition``       :func:`funnel_chart`, :func:`source_roi_chart`,
                            :func:`source_cost_value_chart`, :func:`man_lift_chart`
``plots.value``             :func:`whale_curve_chart`, :func:`lorenz_curve_chart`,
                            :func:`pyramid_chart`, :func:`value_matrix_chart`,
                            :func:`segment_share_chart`
``plots.lifecycle``         :func:`lifecycle_stage_chart`, :func:`churn_rate_chart`,
                            :func:`lifecycle_profit_waterfall`
``plots.clv``               :func:`clv_horizon_chart`
``plots.models``            :func:`holdout_chart`, :func:`probability_alive_path_chart`,
                            :func:`probability_alive_calibration_chart`
``plots.satisfaction``      :func:`csi_chart`, :func:`delivered_value_chart`, :func:`drivers_chart`,
                            :func:`ipa_chart`, :func:`kano_chart`, :func:`nps_chart`,
                            :func:`satisfaction_dashboard`
``plots.loyalty``           :func:`satisfaction_trap_chart`, :func:`loyalty_types_chart`
``plots.retention``         :func:`leaky_bucket_chart`, :func:`churn_reasons_chart`,
                            :func:`survival_chart`, :func:`churn_lift_chart`, :func:`winback_chart`
``plots.relationship``      :func:`due_list_check_chart`, :func:`due_list_backtest_chart`,
                            :func:`purchase_timing_chart`, :func:`cross_sell_chart`,
                            :func:`coupon_targeting_chart`
``plots.strategy``          :func:`growth_matrix_chart`, :func:`kpi_dashboard`,
                            :func:`transition_chart`, :func:`capability_effects_chart`,
                            :func:`readiness_chart`
==========================  =================================================================

Theme and language: :func:`set_theme`, :func:`use_chinese`, :func:`use_english`,
:func:`chinese_enabled`, :func:`find_chinese_font`, :func:`label`, :class:`ChineseFontError`,
and the colours :data:`PALETTE`.

Tables: :func:`table` shows a table with Chinese headers in Chinese mode (the names in
``plots/display_names.csv``) and whole-number counts as integers; :func:`display_name`.

Money: :func:`currency` (the setting, :data:`DEFAULT_CURRENCY` until ``set_theme`` changes
it), :func:`money` (an amount: "£1,234"), :func:`money_label` (a label with the currency as
its unit: "profit (£)", "利润（£）"). Money never appears as a literal symbol in a chart,
a widget or a self-check.

>>> use_english()
>>> label("Revenue", "收入")
'Revenue'
>>> money_label("profit", "利润") == f"profit ({currency()})"
True
"""

from crmlab.plots._tables import display_name, table
from crmlab.plots._theme import (
    CJK_FAMILIES,
    DEFAULT_CURRENCY,
    PALETTE,
    ChineseFontError,
    chinese_enabled,
    currency,
    find_chinese_font,
    label,
    money,
    money_label,
    set_theme,
    use_chinese,
    use_english,
)
from crmlab.plots.acquisition import (
    funnel_chart,
    man_lift_chart,
    source_cost_value_chart,
    source_roi_chart,
)
from crmlab.plots.clv import clv_horizon_chart
from crmlab.plots.customer_base import (
    customer_count_chart,
    customer_depth_chart,
    customer_timeline_chart,
    relationship_stage_chart,
)
from crmlab.plots.lifecycle import (
    churn_rate_chart,
    lifecycle_profit_waterfall,
    lifecycle_stage_chart,
)
from crmlab.plots.loyalty import loyalty_types_chart, satisfaction_trap_chart
from crmlab.plots.models import (
    holdout_chart,
    probability_alive_calibration_chart,
    probability_alive_path_chart,
)
from crmlab.plots.orders import orders_chart
from crmlab.plots.relationship import (
    coupon_targeting_chart,
    cross_sell_chart,
    due_list_backtest_chart,
    due_list_check_chart,
    purchase_timing_chart,
)
from crmlab.plots.retention import (
    churn_lift_chart,
    churn_reasons_chart,
    leaky_bucket_chart,
    survival_chart,
    winback_chart,
)
from crmlab.plots.satisfaction import (
    csi_chart,
    delivered_value_chart,
    drivers_chart,
    ipa_chart,
    kano_chart,
    nps_chart,
    satisfaction_dashboard,
)
from crmlab.plots.strategy import (
    capability_effects_chart,
    growth_matrix_chart,
    kpi_dashboard,
    readiness_chart,
    transition_chart,
)
from crmlab.plots.value import (
    lorenz_curve_chart,
    pyramid_chart,
    segment_share_chart,
    value_matrix_chart,
    whale_curve_chart,
)

__all__ = [
    "CJK_FAMILIES",
    "DEFAULT_CURRENCY",
    "PALETTE",
    "ChineseFontError",
    "capability_effects_chart",
    "chinese_enabled",
    "churn_lift_chart",
    "churn_rate_chart",
    "churn_reasons_chart",
    "clv_horizon_chart",
    "coupon_targeting_chart",
    "cross_sell_chart",
    "csi_chart",
    "currency",
    "customer_count_chart",
    "customer_depth_chart",
    "customer_timeline_chart",
    "delivered_value_chart",
    "display_name",
    "drivers_chart",
    "due_list_backtest_chart",
    "due_list_check_chart",
    "find_chinese_font",
    "funnel_chart",
    "growth_matrix_chart",
    "holdout_chart",
    "ipa_chart",
    "kano_chart",
    "kpi_dashboard",
    "label",
    "leaky_bucket_chart",
    "lifecycle_profit_waterfall",
    "lifecycle_stage_chart",
    "lorenz_curve_chart",
    "loyalty_types_chart",
    "man_lift_chart",
    "money",
    "money_label",
    "nps_chart",
    "orders_chart",
    "probability_alive_calibration_chart",
    "probability_alive_path_chart",
    "purchase_timing_chart",
    "pyramid_chart",
    "readiness_chart",
    "relationship_stage_chart",
    "satisfaction_dashboard",
    "satisfaction_trap_chart",
    "segment_share_chart",
    "set_theme",
    "source_cost_value_chart",
    "source_roi_chart",
    "survival_chart",
    "table",
    "transition_chart",
    "use_chinese",
    "use_english",
    "value_matrix_chart",
    "whale_curve_chart",
    "winback_chart",
]
