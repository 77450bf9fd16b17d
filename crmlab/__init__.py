"""CRM Lab: analysis functions for a course in Customer Relationship Management.

The package is organised one concept per module, following the course chapters:

====================  ===========================================================  =======
module                what it computes                                             chapter
====================  ===========================================================  =======
``data``              the data contract, loaders, ``conform``, the synthetic company all
``window``            the analysis window: ``observation_end``, ``calibration_end`` all
``customer_base``     360° view, relationship stages, count vs depth metrics       01
``acquisition``       lead funnel, source performance, MAN scoring                 02
``value``             profitability, Pareto, Lorenz/Gini, pyramid, value matrix    03
``selection``         shares by group, loss causes, capability signals, classes    03
``rfm``               RFM table, scores and segments; BG/NBD summaries             03, 04
``lifecycle``         lifecycle stages, churn rate, churn by tenure                04
``lifecycle_profit``  lifecycle profit and its terms, profit by cohort             04
``clv``               closed-form customer lifetime value                          04
``models``            BG/NBD, Gamma-Gamma, shifted-beta-geometric (one per module) 04, 07
``satisfaction``      CSI, delivered value, satisfaction measures, NPS, drivers    05
``kano``              Kano categories from paired survey answers                   05
``ipa``               importance–performance analysis                             05
``loyalty``           satisfaction → loyalty, Dick & Basu types                    06
``retention``         cohorts, survival, leaky bucket, win-back                    07
``churn``             churn features and the churn-risk model (lift, AUC)          07
``relationship``      inter-purchase timing, cross-sell, promotion sensitivity     08
``purchase_cycle``    inter-purchase times, the due list and its hold-out check      08
``timing``            purchases by day of month / weekday, holiday lift            08
``targeting``         campaign scores from earlier runs                            08
``strategy``          KPIs, tier transitions, growth matrix, readiness             09
``readiness``         the eight pre-implementation questions, success/failure      09
``crm_capability``    CRM capability and its effects on customers                  09
``customer_journey``  one customer through every chapter's lens                    09
``plots``             charts, one module per concept; theme and Chinese labels     all
``widgets``           ipywidgets explorers built on the functions above            all
``check``             self-check questions for students                            all
``glossary``          the bilingual term table (English / 中文)                    all
``paths``             where the datasets live                                      all
====================  ===========================================================  =======

Analysis functions read tables in the data contract's column names (see
``datasets/README.md``);your own names are mapped once where the data enter
(``data.load_*(columns=...)`` or ``data.conform(frame, table, columns=...)``). The layers
and rules are described in ``docs/architecture.md``.

Import modules explicitly, e.g. ``from crmlab import rfm, clv``.
"""

__version__ = "0.1.0"
