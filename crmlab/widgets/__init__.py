"""Interactive explorers (交互式探索) for the chapters' "Explore" sections.

Each factory returns an :class:`Explorer`: a ``VBox`` a notebook displays, with its controls
and readouts reachable by name, so what it shows can be tested without a browser::

    calc = clv_calculator(margin=100, retention=0.8, discount=0.1)
    calc.controls["retention"].value = 0.9     # what the student's slider does
    calc.outputs["clv"].value                  # 'CLV = £450.00' after set_theme(currency="£")

The widgets are thin: every number they show comes from the analysis modules and every
chart from the :mod:`crmlab.plots` function of the same concept (the chart a notebook
draws); a widget only wires controls to those functions and formats the result. Charts are
drawn on a matplotlib ``Figure`` (no pyplot state) and shown as a PNG image widget.

Each explorer, the analysis function its numbers come from, and the chart it draws:

- :func:`customer_360_explorer`: ``customer_base.customer_360``,
  ``plots.customer_timeline_chart``
- :func:`funnel_explorer`: ``acquisition.funnel_from_rates``, ``plots.funnel_chart``
- :func:`pyramid_explorer`: ``value.customer_pyramid``, ``plots.pyramid_chart``
- :func:`value_matrix_explorer`: ``value.value_capability_matrix``, ``plots.value_matrix_chart``
- :func:`clv_calculator`: ``clv.clv_simple``, ``plots.clv_horizon_chart``
- :func:`customer_picker`: a fitted BG/NBD model, ``plots.probability_alive_path_chart``
- :func:`satisfaction_calculator`: ``satisfaction.delivered_value`` and ``satisfaction.csi``,
  ``plots.delivered_value_chart``
- :func:`satisfaction_loyalty_explorer`: the fitted satisfaction → loyalty curve of
  :mod:`crmlab.loyalty`, ``plots.satisfaction_trap_chart``
- :func:`due_list_explorer`: ``purchase_cycle.due_list`` and ``purchase_cycle.due_list_check``,
  ``plots.due_list_check_chart``
- :func:`leaky_bucket_explorer`: ``retention.leaky_bucket`` and ``retention.retention_economics``,
  ``plots.leaky_bucket_chart``
- :func:`readiness_explorer`: ``readiness.readiness_score``, ``plots.readiness_chart``

Stable CSS classes let a browser test find the parts: every control has
``crmlab-<name>`` (e.g. ``crmlab-retention``), every readout ``crmlab-<explorer>-<name>``
(e.g. ``crmlab-clv-value``, which shows ``CLV = £1,234.56``).

Money — readouts, slider labels, the charts' axes — is written in the currency of the chart
theme (``plots.set_theme(currency=…)``, read by :func:`crmlab.plots.money`): set it in the
setup cell, before the explorers are built (slider labels are fixed when an explorer is made).
"""

from crmlab.widgets._explorer import Explorer
from crmlab.widgets.acquisition import funnel_explorer
from crmlab.widgets.clv import clv_calculator, clv_text
from crmlab.widgets.customer_base import customer_360_explorer
from crmlab.widgets.loyalty import satisfaction_loyalty_explorer
from crmlab.widgets.models import customer_picker
from crmlab.widgets.relationship import due_list_explorer
from crmlab.widgets.retention import leaky_bucket_explorer
from crmlab.widgets.satisfaction import satisfaction_calculator
from crmlab.widgets.strategy import readiness_explorer
from crmlab.widgets.value import pyramid_explorer, value_matrix_explorer

__all__ = [
    "Explorer",
    "clv_calculator",
    "clv_text",
    "customer_360_explorer",
    "customer_picker",
    "due_list_explorer",
    "funnel_explorer",
    "leaky_bucket_explorer",
    "pyramid_explorer",
    "readiness_explorer",
    "satisfaction_calculator",
    "satisfaction_loyalty_explorer",
    "value_matrix_explorer",
]
