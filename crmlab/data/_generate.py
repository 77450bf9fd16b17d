"""The synthetic company (虚构的女装品牌): a documented generative model of its customers.

Everything is drawn from the parameters in :data:`PARAMETERS` (``crmlab.data._params``)
with :class:`numpy.random.Generator` streams of one seed, so a seed fixes the world. The
model is described in ``datasets/README.md``; the short version:

- customers arrive over 2021-01-01 … 2025-11-30 with growth, through six acquisition
  channels, in ten cities of high or low competitive intensity;
- each customer buys in a BG/NBD way (Fader, Hardie & Lee 2005): a purchase rate
  λ ~ Gamma(r, α) per week while alive and, after every repeat purchase, a drop-out
  probability p ~ Beta(a, b); order values follow Gamma-Gamma (ν ~ Gamma(q, γ),
  value ~ Gamma(p, ν));
- covariates (channel, competition × latent satisfaction, unresolved complaints,
  enterprise accounts) scale λ and p multiplicatively; campaign days (三八妇女节, 618,
  双11, member day, clearance) attract purchases, much more so for deal seekers;
- lines, discounts, returns, bad debt, service contacts, a survey (with Kano questions),
  paid memberships (shifted-beta-geometric renewals) and the lead pipeline (MAN) are drawn
  around that; a new category (activewear, 运动休闲) is launched part-way through.

The stages live in ``_gen_customers`` (customers, purchases, contacts, memberships),
``_gen_orders`` (lines, returns, bad debt), ``_gen_leads`` and ``_gen_survey``; the truth
(latent values, headline numbers, case customers) in ``_truth``. :func:`generate_world`
calls them in a fixed order on one main stream; the launched category and the Kano answers
draw from streams of their own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import calendar, clocks, ids
from crmlab.data._gen_customers import (
    contacts_table,
    customers_table,
    draw_memberships,
    draw_population,
    memberships_table,
    simulate_purchases,
)
from crmlab.data._gen_leads import draw_leads
from crmlab.data._gen_orders import draw_orders
from crmlab.data._gen_survey import survey_table
from crmlab.data._params import (
    COST_PER_CONTACT,
    COST_PER_ORDER,
    COST_PER_RETURN,
    MODEL_VERSION,
    PARAMETERS,
)
from crmlab.data._truth import customer_profit, make_truth, truth_customers_table

__all__ = [
    "COST_PER_CONTACT",
    "COST_PER_ORDER",
    "COST_PER_RETURN",
    "MODEL_VERSION",
    "PARAMETERS",
    "World",
    "customer_profit",
    "generate_world",
]

#: Separate random streams (``default_rng([seed, k])``) of the parts added after model 1.0,
#: so they leave the draws of the main stream, and the tables made from it, as they were.
LAUNCH_STREAM = 1
KANO_STREAM = 2


@dataclass(frozen=True)
class World:
    """The synthetic company: six tables plus the truth they were drawn from.

    Attributes
    ----------
    customers, leads, transactions, survey, service_contacts, memberships
        The six tables of the data contract (``crmlab.data.TABLES``), with the same
        column names and dtypes the loaders return.
    truth
        The model: ``parameters`` (every true parameter), ``settings`` (seed, size),
        ``cases`` (named customers for the notebooks, with the rule that picked them),
        ``summary`` (headline numbers of the phenomena).
    truth_customers
        One row per customer with latent values no analyst could observe: true purchase
        rate, drop-out probability, drop-out date, satisfaction, segment, … (see
        ``datasets/README.md``).
    """

    customers: pd.DataFrame
    leads: pd.DataFrame
    transactions: pd.DataFrame
    survey: pd.DataFrame
    service_contacts: pd.DataFrame
    memberships: pd.DataFrame
    truth: dict[str, Any]
    truth_customers: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six contract tables by name (the keys of ``crmlab.data.TABLES``)."""
        return {name: getattr(self, name) for name in S.TABLES}


def generate_world(
    n_customers: int = 5000,
    seed: int = 2026,
    *,
    covariate_effects: bool = True,
) -> World:
    """Draw the synthetic company's six tables and the truth behind them.

    A women's fashion brand (online shop, stores, paid membership, corporate orders)
    whose customers buy, return, complain, answer a survey and leave according to the
    generative model documented in ``datasets/README.md``; all true parameters are in
    ``World.truth`` and the latent per-customer values in ``World.truth_customers``.

    Parameters
    ----------
    n_customers
        Number of customers (about 5% enterprise accounts). The default world has 5000.
    seed
        Seed of the :class:`numpy.random.Generator` streams (the main one and
        ``default_rng([seed, k])`` for the launched category and the Kano answers); the
        same seed gives the same world.
    covariate_effects
        With ``False`` the purchase process is the textbook model only: no channel,
        satisfaction × competition, complaint or enterprise effects, no campaign-day
        timing, no enterprise spend multiplier — purchases follow BG/NBD and order values
        Gamma-Gamma exactly with the parameters in ``truth["parameters"]``, so a model fit
        can be checked against them.

    Returns
    -------
    World
        Frozen dataclass of the six tables, ``truth`` and ``truth_customers``.

    Examples
    --------
    >>> world = generate_world(200, seed=1)
    >>> len(world.customers)
    200
    >>> sorted(world.tables())[:3]
    ['customers', 'leads', 'memberships']
    >>> bool(world.transactions["amount"].gt(0).all())
    True
    >>> world.truth["parameters"]["purchase"]["r"]
    0.6
    >>> launch = world.truth["parameters"]["product_launch"]
    >>> new = world.transactions["category"] == launch["category"]
    >>> bool(world.transactions.loc[new, "order_date"].ge(launch["launch_date"]).all())
    True
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise TypeError(f"n_customers: expected an integer, got {type(n_customers).__name__}")
    if n_customers < 20:
        raise ValueError(f"n_customers: need at least 20 customers, got {n_customers}")
    params = copy.deepcopy(PARAMETERS)
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    realistic = bool(covariate_effects)

    # the main stream, in this order: customers, purchases, memberships, lines, leads,
    # contacts, survey
    promo_code = calendar(params)
    clock_rows = clocks(promo_code, params, realistic)
    pop = draw_population(rng, params, n, clock_rows, realistic)
    history = simulate_purchases(rng, params, pop, clock_rows, realistic)
    membership = draw_memberships(rng, params, pop, history)
    cust_ids = ids("C", n, 5)
    launch_rng = np.random.default_rng([int(seed), LAUNCH_STREAM])
    orders = draw_orders(rng, launch_rng, params, pop, history, membership, promo_code, cust_ids)
    leads, acquisition_cost, win_rates = draw_leads(
        rng, params, pop.enterprise, pop.channel, pop.signup, cust_ids
    )
    contacts = contacts_table(rng, params, history, cust_ids)
    kano_rng = np.random.default_rng([int(seed), KANO_STREAM])
    survey = survey_table(
        rng,
        kano_rng,
        params,
        n,
        cust_ids,
        pop.satisfaction,
        orders.ord_cust,
        orders.ord_k,
        orders.ord_day,
    )

    frames = {
        "customers": customers_table(params, pop, cust_ids, acquisition_cost),
        "leads": leads,
        "transactions": orders.transactions,
        "survey": survey,
        "service_contacts": contacts,
        "memberships": memberships_table(params, membership, cust_ids),
    }
    tables = {name: _conform(frame, S.TABLES[name]) for name, frame in frames.items()}
    truth_customers = truth_customers_table(params, pop, history, membership, orders, cust_ids)

    params["leads"]["expected_win_rate"] = win_rates
    settings = {
        "n_customers": n,
        "seed": int(seed),
        "covariate_effects": realistic,
        "data_start": S.DATA_START,
        "data_end": S.DATA_END,
        "time_unit": "week",
        "currency": "CNY",
    }
    truth = make_truth(params, settings, tables, truth_customers)
    return World(truth=truth, truth_customers=truth_customers, **tables)


def _conform(frame: pd.DataFrame, table: S.Table) -> pd.DataFrame:
    """Contract column order and dtypes (the same the loaders return)."""
    from crmlab.data._load import pandas_dtype

    columns = {}
    for col in table.columns:
        dtype = pandas_dtype(col)
        values = frame[col.name]
        if col.kind in ("id", "str", "category") and col.nullable:
            values = values.astype(object)
            values = values.where(values.notna(), None)
        columns[col.name] = values.astype(dtype)
    return pd.DataFrame(columns).reset_index(drop=True)
