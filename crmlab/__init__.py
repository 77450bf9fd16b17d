"""CRM Lab: analysis functions for a course in Customer Relationship Management.

The package is organised one concept per module, following the course chapters:

==================  ===========================================================  =======
module              what it computes                                             chapter
==================  ===========================================================  =======
``data``            the synthetic company, loaders and the data contract         all
``customer_base``   360° view, relationship stages, count vs depth metrics       01
``acquisition``     lead funnel, source performance, MAN scoring                 02
``value``           profitability, Pareto, Lorenz/Gini, pyramid, value matrix    03
``rfm``             RFM table, scores and segments; BG/NBD summaries             03, 04
``lifecycle``       lifecycle stages, churn rate, lifecycle profit               04
``clv``             closed-form customer lifetime value                          04
``models``          BG/NBD, Gamma-Gamma, shifted-beta-geometric                  04, 07
``satisfaction``    CSI, delivered value, NPS, IPA, Kano                          05
``loyalty``         satisfaction → loyalty, Dick & Basu types                    06
``retention``       cohorts, survival, leaky bucket, churn risk                  07
``relationship``    inter-purchase timing, cross-sell, promotion sensitivity     08
``strategy``        KPIs, tier transitions, growth matrix, readiness             09
``plots``           the workbook's chart theme and Chinese labels                all
``widgets``         ipywidgets explorers built on the functions above            all
``check``           self-check questions for students                            all
``glossary``        the bilingual term table (English / 中文)                    all
``paths``           where the datasets live                                      all
==================  ===========================================================  =======

Import modules explicitly, e.g. ``from crmlab import rfm, clv``.
"""

__version__ = "0.1.0"
