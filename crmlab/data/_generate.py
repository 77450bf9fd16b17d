"""The synthetic company (虚构的女装品牌): a documented generative model of its customers.

Everything is drawn from the parameters in :data:`PARAMETERS` with one
:class:`numpy.random.Generator`, so a seed fixes the world. The model is described in
``datasets/README.md``; the short version:

- customers arrive over 2021-01-01 … 2025-11-30 with growth, through six acquisition
  channels, in ten cities of high or low competitive intensity;
- each customer buys in a BG/NBD way (Fader, Hardie & Lee 2005): a purchase rate
  λ ~ Gamma(r, α) per week while alive and, after every repeat purchase, a drop-out
  probability p ~ Beta(a, b); order values follow Gamma-Gamma (ν ~ Gamma(q, γ),
  value ~ Gamma(p, ν));
- covariates (channel, competition × latent satisfaction, unresolved complaints,
  enterprise accounts) scale λ and p multiplicatively; campaign days (三八妇女节, 618,
  双11, member day, clearance) attract purchases, much more so for deal seekers;
- lines, discounts, returns, bad debt, service contacts, a survey, paid memberships
  (shifted-beta-geometric renewals) and the lead pipeline (MAN) are drawn around that.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S

#: Cost-to-serve defaults shared with ``crmlab.value`` (see COMMON.md).
COST_PER_ORDER = 15.0
COST_PER_RETURN = 25.0
COST_PER_CONTACT = 20.0

#: Version of the generative model; bump when the model (not only the code) changes.
MODEL_VERSION = "1.0"

#: Every parameter of the generative model. ``generate_world`` copies it into
#: ``World.truth["parameters"]``; time is in weeks, money in CNY.
PARAMETERS: dict[str, Any] = {
    "signup": {
        "last_signup": "2025-11-30",
        "growth_per_year": 0.35,
        "enterprise_share": 0.05,
    },
    "channel_mix": {
        "consumer": {
            "referral": 0.14,
            "store": 0.24,
            "online_ads": 0.24,
            "social_media": 0.22,
            "bought_list": 0.12,
            "trade_fair": 0.04,
        },
        "enterprise": {
            "referral": 0.25,
            "store": 0.10,
            "online_ads": 0.10,
            "social_media": 0.05,
            "bought_list": 0.15,
            "trade_fair": 0.35,
        },
    },
    "regions": {
        # city: (share of customers, competition)
        "Beijing": [0.14, "high"],
        "Shanghai": [0.15, "high"],
        "Guangzhou": [0.11, "high"],
        "Shenzhen": [0.10, "high"],
        "Chengdu": [0.08, "high"],
        "Wuhan": [0.08, "low"],
        "Xi'an": [0.09, "low"],
        "Kunming": [0.08, "low"],
        "Lanzhou": [0.08, "low"],
        "Harbin": [0.09, "low"],
    },
    "demographics": {
        "female_share": 0.92,
        "age_mean": 35.0,
        "age_sd": 10.0,
        "industries": [
            "banking",
            "hospitality",
            "healthcare",
            "education",
            "retail",
            "airline",
            "government",
            "technology",
        ],
        "employees_log_mean": 5.5,
        "employees_log_sd": 1.0,
    },
    "purchase": {
        # BG/NBD: lambda ~ Gamma(shape r, rate alpha) per week; p ~ Beta(a, b)
        "r": 0.6,
        "alpha": 8.0,
        "a": 1.0,
        "b": 4.0,
        "max_dropout_probability": 0.95,
    },
    "spend": {
        # Gamma-Gamma: nu ~ Gamma(shape q, rate gamma); order value ~ Gamma(shape p, rate nu)
        "p": 3.0,
        "q": 10.0,
        "gamma": 800.0,
    },
    "covariates": {
        "rate_multiplier_channel": {
            "referral": 1.40,
            "store": 1.10,
            "online_ads": 0.95,
            "social_media": 1.00,
            "bought_list": 0.60,
            "trade_fair": 1.00,
        },
        "dropout_multiplier_channel": {
            "referral": 0.60,
            "store": 0.90,
            "online_ads": 1.05,
            "social_media": 1.10,
            "bought_list": 1.80,
            "trade_fair": 1.00,
        },
        "spend_multiplier_channel": {
            "referral": 1.10,
            "store": 1.00,
            "online_ads": 1.00,
            "social_media": 1.00,
            "bought_list": 0.90,
            "trade_fair": 1.00,
        },
        "satisfaction_share": {"1": 0.05, "2": 0.12, "3": 0.28, "4": 0.33, "5": 0.22},
        "rate_multiplier_satisfaction": {"1": 0.8, "2": 0.9, "3": 1.0, "4": 1.05, "5": 1.1},
        # Jones & Sasser: high competition → only the completely satisfied (5) stay
        "dropout_multiplier_satisfaction": {
            "high": {"1": 3.0, "2": 3.0, "3": 2.8, "4": 2.5, "5": 0.4},
            "low": {"1": 0.8, "2": 0.75, "3": 0.7, "4": 0.7, "5": 0.65},
        },
        "dropout_multiplier_unresolved_complaint": 2.5,
        # extra, immediate drop-out chance when a complaint is left unresolved
        "dropout_probability_unresolved_complaint": 0.4,
        "enterprise_rate_multiplier": 0.25,
        "enterprise_dropout_multiplier": 0.6,
        "enterprise_spend_multiplier": 8.0,
    },
    "campaigns": {
        # (month, first day, last day) each year; member_day applies to members only
        "womens_day": [[3, 6, 8]],
        "618": [[6, 12, 18]],
        "double11": [[11, 8, 11]],
        "member_day": [[1, 20, 20], [4, 20, 20], [7, 20, 20], [10, 20, 20]],
        "clearance": [[1, 2, 15], [8, 1, 10]],
        "discount_rate": {
            "none": 0.0,
            "womens_day": 0.20,
            "618": 0.25,
            "double11": 0.30,
            "member_day": 0.15,
            "clearance": 0.50,
        },
        # relative purchase intensity on campaign days (1 = an ordinary day)
        "intensity_regular": {
            "none": 1.0,
            "womens_day": 3.0,
            "618": 4.0,
            "double11": 5.0,
            "member_day": 1.5,
            "clearance": 1.5,
        },
        "intensity_deal_seeker": {
            "none": 0.25,
            "womens_day": 25.0,
            "618": 30.0,
            "double11": 40.0,
            "member_day": 10.0,
            "clearance": 20.0,
        },
        "deal_seeker_share": 0.25,
    },
    "orders": {
        "lines_consumer": {"1": 0.55, "2": 0.30, "3": 0.15},
        "lines_enterprise": {"1": 0.34, "2": 0.33, "3": 0.33},
        "category_mix_consumer": {
            "dresses": 0.20,
            "tops": 0.22,
            "skirts": 0.10,
            "trousers": 0.12,
            "outerwear": 0.10,
            "knitwear": 0.08,
            "shoes": 0.10,
            "accessories": 0.08,
            "kidswear": 0.0,
        },
        "category_mix_enterprise": {
            "dresses": 0.0,
            "tops": 0.40,
            "skirts": 0.0,
            "trousers": 0.25,
            "outerwear": 0.20,
            "knitwear": 0.0,
            "shoes": 0.10,
            "accessories": 0.05,
            "kidswear": 0.0,
        },
        "kidswear_parent_share": 0.22,
        "kidswear_share_range": [0.3, 0.8],
        "unit_price": {
            "dresses": 399.0,
            "tops": 199.0,
            "skirts": 259.0,
            "trousers": 279.0,
            "outerwear": 699.0,
            "knitwear": 349.0,
            "shoes": 459.0,
            "accessories": 129.0,
            "kidswear": 189.0,
        },
        "cogs_rate": {
            "dresses": 0.45,
            "tops": 0.50,
            "skirts": 0.48,
            "trousers": 0.50,
            "outerwear": 0.55,
            "knitwear": 0.52,
            "shoes": 0.58,
            "accessories": 0.60,
            "kidswear": 0.55,
        },
        "store_share_store_customers": [6.0, 2.0],
        "store_share_others": [1.5, 4.0],
    },
    "returns": {
        "heavy_returner_share": 0.12,
        "heavy_returner_beta": [8.0, 2.0],
        "regular_beta": [1.0, 15.0],
        "enterprise_rate": 0.01,
    },
    "bad_debt": {
        "bad_payer_share": 0.25,
        "write_off_probability_bad_payer": 0.50,
        "write_off_probability_other": 0.02,
    },
    "service": {
        # contacts per order ~ Poisson(rate), rate ~ Gamma(shape, scale) per customer
        "contact_rate_shape": 0.4,
        "contact_rate_scale": 1.0,
        "enterprise_contact_multiplier": 2.0,
        "max_contacts_per_order": 4,
        "complaint_share_by_satisfaction": {"1": 0.6, "2": 0.5, "3": 0.4, "4": 0.3, "5": 0.2},
        "resolved_probability": {"inquiry": 0.95, "complaint": 0.7},
        "resolution_days_gamma": {"inquiry": [2.0, 2.5], "complaint": [2.0, 4.0]},
        "days_after_order": [1, 20],
        "topics": {
            "inquiry": {
                "delivery": 0.25,
                "quality": 0.0,
                "size": 0.2,
                "refund": 0.05,
                "billing": 0.05,
                "product_info": 0.4,
                "other": 0.05,
            },
            "complaint": {
                "delivery": 0.25,
                "quality": 0.3,
                "size": 0.2,
                "refund": 0.15,
                "billing": 0.05,
                "product_info": 0.0,
                "other": 0.05,
            },
        },
    },
    "membership": {
        # consumers join at their second purchase with this probability
        "join_probability": 0.35,
        "annual_fee": 199.0,
        # shifted-beta-geometric: yearly lapse probability theta ~ Beta(alpha, beta)
        "alpha": 0.5,
        "beta": 1.0,
    },
    "survey": {
        "target_share": 0.30,
        "min_days_before_end": 120,
        "days_after_order": [2, 14],
        "overall_matches_latent": 0.8,
        "importance_mean": {
            "quality": 8.5,
            "style": 8.0,
            "price": 7.0,
            "service": 6.5,
            "delivery": 6.0,
        },
        "disconfirmation_slope": {
            "quality": 1.4,
            "style": 1.2,
            "price": 0.8,
            "service": 0.8,
            "delivery": 0.5,
        },
        "expected_mean": 7.0,
    },
    "leads": {
        "man_probability": {
            "consumer": {
                "referral": [0.70, 0.85, 0.70],
                "store": [0.60, 0.90, 0.80],
                "online_ads": [0.50, 0.80, 0.40],
                "social_media": [0.45, 0.80, 0.45],
                "bought_list": [0.40, 0.70, 0.25],
                "trade_fair": [0.60, 0.70, 0.50],
            },
            "enterprise": {
                "referral": [0.70, 0.50, 0.70],
                "store": [0.60, 0.40, 0.60],
                "online_ads": [0.50, 0.30, 0.40],
                "social_media": [0.50, 0.30, 0.40],
                "bought_list": [0.50, 0.25, 0.25],
                "trade_fair": [0.60, 0.40, 0.50],
            },
        },
        # continuation probability from one stage to the next given the MAN score s (0-3):
        # lead→contacted, contacted→interested, interested→negotiating: intercept + slope·s;
        # negotiating→won: closing[source] · (intercept + slope·s)
        "continue_intercept": [0.70, 0.40, 0.25, 0.40],
        "continue_slope": [0.06, 0.12, 0.15, 0.20],
        "closing": {
            "consumer": {
                "referral": 0.90,
                "store": 0.80,
                "online_ads": 0.35,
                "social_media": 0.40,
                "bought_list": 0.30,
                "trade_fair": 0.45,
            },
            "enterprise": {
                "referral": 0.60,
                "store": 0.45,
                "online_ads": 0.25,
                "social_media": 0.25,
                "bought_list": 0.20,
                "trade_fair": 0.30,
            },
        },
        "lead_cost": {
            "consumer": {
                "referral": 8.0,
                "store": 2.0,
                "online_ads": 12.0,
                "social_media": 6.0,
                "bought_list": 3.0,
                "trade_fair": 15.0,
            },
            "enterprise": {
                "referral": 50.0,
                "store": 30.0,
                "online_ads": 80.0,
                "social_media": 40.0,
                "bought_list": 20.0,
                "trade_fair": 400.0,
            },
        },
        # one-off cost on winning: referral reward, enterprise sales visits
        "onboarding_cost": {
            "consumer": {"referral": 40.0},
            "enterprise": {
                "referral": 500.0,
                "store": 500.0,
                "online_ads": 500.0,
                "social_media": 500.0,
                "bought_list": 500.0,
                "trade_fair": 500.0,
            },
        },
        "lead_days_before_signup": {"consumer": [0, 21], "enterprise": [14, 120]},
    },
    "cost_to_serve": {
        "cost_per_order": COST_PER_ORDER,
        "cost_per_return": COST_PER_RETURN,
        "cost_per_contact": COST_PER_CONTACT,
    },
}


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


# ----------------------------------------------------------------------------- helpers

_START = np.datetime64(S.DATA_START, "D")
_END = np.datetime64(S.DATA_END, "D")
_N_DAYS = int((_END - _START).astype(int)) + 1


def _to_dates(days: np.ndarray) -> np.ndarray:
    """Day offsets from DATA_START → datetime64[ns] (NaT for negative sentinels)."""
    days = np.asarray(days)
    out = (_START + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    return np.where(days < 0, np.datetime64("NaT", "ns"), out)


def _add_years(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Day offset of the anniversary ``years`` after day offset ``days`` (29 Feb → 28 Feb)."""
    dates = pd.DatetimeIndex(_to_dates(days))
    year = dates.year.to_numpy() + years
    month = dates.month.to_numpy()
    day = dates.day.to_numpy()
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    shifted = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}))
    return (
        (shifted.to_numpy() - _START.astype("datetime64[ns]")) // np.timedelta64(1, "D")
    ).astype(np.int64)


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    width = max(width, len(str(n)))
    digits = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, digits).astype(object)


def _choice(rng: np.random.Generator, options: dict[str, float], size: int) -> np.ndarray:
    """Indices into ``list(options)`` drawn with the given (normalised) weights."""
    probs = np.array(list(options.values()), dtype=float)
    return rng.choice(len(probs), size=size, p=probs / probs.sum())


def _calendar(params: dict[str, Any]) -> np.ndarray:
    """Promotion code (index into ``PROMOTIONS``) of every day of the data window."""
    dates = pd.date_range(S.DATA_START, S.DATA_END, freq="D")
    month = dates.month.to_numpy()
    day = dates.day.to_numpy()
    code = np.zeros(_N_DAYS, dtype=np.int64)
    for promo in ("clearance", "member_day", "womens_day", "618", "double11"):
        for m, first, last in params["campaigns"][promo]:
            code[(month == m) & (day >= first) & (day <= last)] = S.PROMOTIONS.index(promo)
    return code


def _clocks(promo_code: np.ndarray, params: dict[str, Any], realistic: bool) -> np.ndarray:
    """Cumulative purchase-intensity clock, one row per customer kind (regular, deal seeker).

    Each row is normalised so the clock runs on average one unit per calendar day; a
    customer's purchases are a Poisson process in clock time (BG/NBD in clock weeks).
    """
    rows = []
    for key in ("intensity_regular", "intensity_deal_seeker"):
        if realistic:
            weight = np.array([params["campaigns"][key][p] for p in S.PROMOTIONS])[promo_code]
        else:
            weight = np.ones(_N_DAYS)
        weight = weight * (_N_DAYS / weight.sum())
        rows.append(np.cumsum(weight))
    return np.vstack(rows)


def _clock_day(clocks: np.ndarray, kind: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Calendar day (offset) at clock position ``pos`` for customers of clock ``kind``."""
    day = np.empty(pos.shape, dtype=np.int64)
    for k in (0, 1):
        mask = kind == k
        day[mask] = np.searchsorted(clocks[k], pos[mask], side="left")
    return np.minimum(day, _N_DAYS - 1)


def _group_first(keys: np.ndarray, order_by: np.ndarray) -> np.ndarray:
    """Positions of one element per distinct key: the one with the smallest ``order_by``."""
    order = np.lexsort((order_by, keys))
    sorted_keys = keys[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return order[first]


# ----------------------------------------------------------------------------- generator


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
        Seed of the :class:`numpy.random.Generator`; the same seed gives the same world.
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
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise TypeError(f"n_customers: expected an integer, got {type(n_customers).__name__}")
    if n_customers < 20:
        raise ValueError(f"n_customers: need at least 20 customers, got {n_customers}")
    params = copy.deepcopy(PARAMETERS)
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    realistic = bool(covariate_effects)

    promo_code = _calendar(params)
    clocks = _clocks(promo_code, params, realistic)
    last_signup = int((np.datetime64(params["signup"]["last_signup"], "D") - _START).astype(int))

    # --- who the customers are -------------------------------------------------------
    enterprise = rng.random(n) < params["signup"]["enterprise_share"]
    deal_seeker = (~enterprise) & (rng.random(n) < params["campaigns"]["deal_seeker_share"])
    clock_kind = (deal_seeker & realistic).astype(np.int64)

    # signup day: intensity clock × exponential growth, up to last_signup
    growth = params["signup"]["growth_per_year"]
    signup = np.empty(n, dtype=np.int64)
    for k in (0, 1):
        mask = clock_kind == k
        daily = np.diff(clocks[k][: last_signup + 1], prepend=0.0)
        density = daily * np.exp(growth * np.arange(last_signup + 1) / 365.25)
        cdf = np.cumsum(density) / density.sum()
        signup[mask] = np.searchsorted(cdf, rng.random(int(mask.sum())), side="right")
    signup = np.minimum(signup, last_signup)

    # sort customers by signup so ids are chronological
    order = np.argsort(signup, kind="stable")
    enterprise, deal_seeker, clock_kind, signup = (
        enterprise[order],
        deal_seeker[order],
        clock_kind[order],
        signup[order],
    )

    channel = np.empty(n, dtype=np.int64)
    for kind, mask in (("consumer", ~enterprise), ("enterprise", enterprise)):
        mix = params["channel_mix"][kind]
        channel[mask] = _choice(rng, {c: mix[c] for c in S.CHANNELS}, int(mask.sum()))
    region = _choice(rng, {r: params["regions"][r][0] for r in S.REGIONS}, n)
    high_comp = np.array([params["regions"][r][1] == "high" for r in S.REGIONS])[region]
    satisfaction = 1 + _choice(rng, params["covariates"]["satisfaction_share"], n)

    demo = params["demographics"]
    female = rng.random(n) < demo["female_share"]
    age = np.clip(np.rint(rng.normal(demo["age_mean"], demo["age_sd"], n)), 18, 75)
    industry = rng.integers(0, len(demo["industries"]), n)
    employees = np.maximum(
        10, np.rint(np.exp(rng.normal(demo["employees_log_mean"], demo["employees_log_sd"], n)))
    )

    # --- latent purchasing parameters --------------------------------------------------
    pur, cov = params["purchase"], params["covariates"]
    base_rate = rng.gamma(pur["r"], 1.0 / pur["alpha"], n)
    base_dropout = rng.beta(pur["a"], pur["b"], n)
    sp = params["spend"]
    nu = rng.gamma(sp["q"], 1.0 / sp["gamma"], n)
    rate = base_rate.copy()
    dropout = base_dropout.copy()
    spend_mult = np.ones(n)
    if realistic:
        chan_names = np.array(S.CHANNELS)[channel]
        rate *= np.vectorize(cov["rate_multiplier_channel"].get)(chan_names)
        dropout *= np.vectorize(cov["dropout_multiplier_channel"].get)(chan_names)
        rate *= np.array([cov["rate_multiplier_satisfaction"][str(s)] for s in range(1, 6)])[
            satisfaction - 1
        ]
        sat_mult = np.array(
            [
                [cov["dropout_multiplier_satisfaction"][c][str(s)] for s in range(1, 6)]
                for c in ("low", "high")
            ]
        )
        dropout *= sat_mult[high_comp.astype(int), satisfaction - 1]
        rate = np.where(enterprise, rate * cov["enterprise_rate_multiplier"], rate)
        dropout = np.where(enterprise, dropout * cov["enterprise_dropout_multiplier"], dropout)
        spend_mult = np.vectorize(cov["spend_multiplier_channel"].get)(chan_names)
        spend_mult = np.where(
            enterprise, spend_mult * cov["enterprise_spend_multiplier"], spend_mult
        )
    dropout = np.minimum(dropout, pur["max_dropout_probability"])
    complaint_mult = cov["dropout_multiplier_unresolved_complaint"] if realistic else 1.0
    complaint_shock = cov["dropout_probability_unresolved_complaint"] if realistic else 0.0

    svc = params["service"]
    contact_rate = rng.gamma(svc["contact_rate_shape"], svc["contact_rate_scale"], n)
    contact_rate = np.where(
        enterprise, contact_rate * svc["enterprise_contact_multiplier"], contact_rate
    )
    complaint_share = np.array(
        [svc["complaint_share_by_satisfaction"][str(s)] for s in range(1, 6)]
    )[satisfaction - 1]

    # --- the purchase process (loop over purchase index, vectorised over customers) ---
    pos = np.empty(n)
    for k in (0, 1):
        mask = clock_kind == k
        clock = clocks[k]
        start = clock[signup[mask]] - np.diff(clock, prepend=0.0)[signup[mask]]
        pos[mask] = start + 0.5 * np.diff(clock, prepend=0.0)[signup[mask]]
    end_clock = float(clocks[0][-1])
    observed_weeks = (end_clock - pos) / 7.0

    ord_cust, ord_k, ord_day = [], [], []
    con_cust, con_day, con_complaint, con_resolved = [], [], [], []
    unresolved = np.zeros(n, dtype=bool)
    dropout_day = np.full(n, -1, dtype=np.int64)
    max_contacts = svc["max_contacts_per_order"]
    lo_days, hi_days = svc["days_after_order"]
    active = np.arange(n)
    day = signup.copy()
    k = 0
    while active.size:
        ord_cust.append(active)
        ord_k.append(np.full(active.size, k, dtype=np.int64))
        ord_day.append(day)
        # service contacts after this order
        n_contacts = np.minimum(rng.poisson(contact_rate[active]), max_contacts)
        who = np.repeat(active, n_contacts)
        cday = np.repeat(day, n_contacts) + rng.integers(lo_days, hi_days + 1, who.size)
        is_complaint = rng.random(who.size) < complaint_share[who]
        resolved = rng.random(who.size) < np.where(
            is_complaint,
            svc["resolved_probability"]["complaint"],
            svc["resolved_probability"]["inquiry"],
        )
        observed = cday <= _N_DAYS - 1
        con_cust.append(who[observed])
        con_day.append(cday[observed])
        con_complaint.append(is_complaint[observed])
        con_resolved.append(resolved[observed])
        new_unresolved = np.zeros(n, dtype=bool)
        new_unresolved[who[observed & is_complaint & ~resolved]] = True
        unresolved |= new_unresolved
        last_contact = np.zeros(n, dtype=np.int64)
        np.maximum.at(last_contact, who[observed], cday[observed])
        # drop-out after a repeat purchase (BG/NBD); a neglected complaint adds its own risk
        shock = np.where(new_unresolved[active], complaint_shock, 0.0)
        if k >= 1 or realistic:
            p_now = np.minimum(
                dropout[active] * np.where(unresolved[active], complaint_mult, 1.0),
                pur["max_dropout_probability"],
            )
            if k == 0:
                p_now = np.zeros(active.size)
            p_now = 1.0 - (1.0 - p_now) * (1.0 - shock)
            dies = rng.random(active.size) < p_now
            gone = active[dies]
            dropout_day[gone] = np.maximum(day[dies], last_contact[gone])
            active, keep_pos = active[~dies], pos[active[~dies]]
        else:
            keep_pos = pos[active]
        # next purchase in clock time
        new_pos = keep_pos + rng.exponential(1.0, active.size) * 7.0 / rate[active]
        pos[active] = new_pos
        inside = new_pos <= end_clock
        active = active[inside]
        day = _clock_day(clocks, clock_kind[active], pos[active])
        k += 1

    ord_cust = np.concatenate(ord_cust)
    ord_k = np.concatenate(ord_k)
    ord_day = np.concatenate(ord_day)
    con_cust = np.concatenate(con_cust)
    con_day = np.concatenate(con_day)
    con_complaint = np.concatenate(con_complaint)
    con_resolved = np.concatenate(con_resolved)

    # --- memberships (consumers join at their second purchase) -----------------------
    mem = params["membership"]
    second = ord_k == 1
    candidates = ord_cust[second]
    joins = candidates[
        (~enterprise[candidates]) & (rng.random(candidates.size) < mem["join_probability"])
    ]
    join_day_of = np.full(n, -1, dtype=np.int64)
    join_day_of[ord_cust[second]] = ord_day[second]
    member = np.zeros(n, dtype=bool)
    member[joins] = True
    theta = np.full(n, np.nan)
    theta[joins] = rng.beta(mem["alpha"], mem["beta"], joins.size)
    # years until the first unpaid renewal: shifted geometric(theta), T >= 1
    lifetime_years = rng.geometric(np.where(member, theta, 0.5))
    join_days = np.where(member, join_day_of, 0)
    # renewals due by DATA_END: anniversaries 1, 2, … on or before the end
    years_possible = np.zeros(n, dtype=np.int64)
    for year in range(1, 6):
        years_possible += _add_years(join_days, np.full(n, year)) <= _N_DAYS - 1
    # payments possible = 1 + renewals due; lapsed if the lifetime ends before that
    lapsed = member & (lifetime_years <= years_possible)
    years_paid = np.where(lapsed, lifetime_years, years_possible + 1)

    # --- orders → lines -------------------------------------------------------------
    o_order = np.lexsort((ord_cust, ord_day))
    ord_cust, ord_k, ord_day = ord_cust[o_order], ord_k[o_order], ord_day[o_order]
    n_orders = ord_cust.size
    ords = params["orders"]
    is_ent_order = enterprise[ord_cust]
    n_lines = np.where(
        is_ent_order,
        1 + _choice(rng, ords["lines_enterprise"], n_orders),
        1 + _choice(rng, ords["lines_consumer"], n_orders),
    )
    # per-customer category weights (Gumbel top-k gives distinct categories per order)
    kid_share = np.where(
        (~enterprise) & (rng.random(n) < ords["kidswear_parent_share"]),
        rng.uniform(*ords["kidswear_share_range"], n),
        0.0,
    )
    mix_c = np.array([ords["category_mix_consumer"][c] for c in S.CATEGORIES])
    mix_e = np.array([ords["category_mix_enterprise"][c] for c in S.CATEGORIES])
    kid_vec = np.array([c == "kidswear" for c in S.CATEGORIES], dtype=float)
    with np.errstate(divide="ignore"):
        logw_c = np.log(mix_c / mix_c.sum())
        logw_e = np.log(mix_e / mix_e.sum())
    share = kid_share[ord_cust][:, None]
    with np.errstate(divide="ignore"):
        logw = np.where(
            is_ent_order[:, None],
            logw_e[None, :],
            np.log((1 - share) * np.exp(logw_c)[None, :] + share * kid_vec[None, :]),
        )
    scores = logw + rng.gumbel(size=(n_orders, len(S.CATEGORIES)))
    ranked = np.argsort(-scores, axis=1, kind="stable")
    line_order = np.repeat(np.arange(n_orders), n_lines)
    line_no = np.arange(line_order.size) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    line_cat = ranked[line_order, line_no]
    line_no = line_no + 1

    # order value (Gamma-Gamma) split over lines
    order_value = rng.gamma(sp["p"], 1.0 / nu[ord_cust]) * spend_mult[ord_cust]
    split = rng.gamma(2.0, 1.0, line_order.size)
    split = split / np.bincount(line_order, weights=split)[line_order]
    amount = np.maximum(np.round(order_value[line_order] * split, 2), 0.01)

    # promotion of the day (member_day only for members after joining)
    promo = promo_code[ord_day][line_order]
    line_cust = ord_cust[line_order]
    line_day = ord_day[line_order]
    is_member_day = promo == S.PROMOTIONS.index("member_day")
    member_now = member[line_cust] & (line_day >= join_day_of[line_cust])
    promo = np.where(is_member_day & ~member_now, 0, promo)
    rates = np.array([params["campaigns"]["discount_rate"][p] for p in S.PROMOTIONS])
    disc_rate = rates[promo]
    list_value = np.round(amount / (1.0 - disc_rate), 2)
    discount = np.round(list_value - amount, 2)
    unit_price = np.array([ords["unit_price"][c] for c in S.CATEGORIES])[line_cat]
    quantity = np.maximum(1, np.rint(list_value / unit_price)).astype(np.int64)
    cogs = np.array([ords["cogs_rate"][c] for c in S.CATEGORIES])[line_cat]
    cost = np.round(list_value * (cogs + rng.uniform(-0.03, 0.03, line_order.size)), 2)

    # where it was sold
    o = ords
    store_pref = np.where(
        channel == S.CHANNELS.index("store"),
        rng.beta(*o["store_share_store_customers"], n),
        rng.beta(*o["store_share_others"], n),
    )
    order_channel = np.where(rng.random(n_orders) < store_pref[ord_cust], 1, 0)
    order_channel = np.where(is_ent_order, 2, order_channel)

    # returns and bad debt
    ret = params["returns"]
    heavy_returner = (~enterprise) & (rng.random(n) < ret["heavy_returner_share"])
    return_prop = np.where(
        heavy_returner,
        rng.beta(*ret["heavy_returner_beta"], n),
        rng.beta(*ret["regular_beta"], n),
    )
    return_prop = np.where(enterprise, ret["enterprise_rate"], return_prop)
    returned = rng.random(line_order.size) < return_prop[line_cust]
    bd = params["bad_debt"]
    bad_payer = enterprise & (rng.random(n) < bd["bad_payer_share"])
    write_off_p = np.where(
        bad_payer, bd["write_off_probability_bad_payer"], bd["write_off_probability_other"]
    )
    write_off_p = np.where(enterprise, write_off_p, 0.0)
    order_written_off = rng.random(n_orders) < write_off_p[ord_cust]
    written_off = order_written_off[line_order] & ~returned

    # --- ids and tables -------------------------------------------------------------
    cust_ids = _ids("C", n, 5)
    order_ids = _ids("O", n_orders, 7)
    transactions = pd.DataFrame(
        {
            "order_id": order_ids[line_order],
            "line_no": line_no.astype(np.int64),
            "customer_id": cust_ids[line_cust],
            "order_date": _to_dates(line_day),
            "sales_channel": np.array(S.SALES_CHANNELS, dtype=object)[order_channel[line_order]],
            "category": np.array(S.CATEGORIES, dtype=object)[line_cat],
            "quantity": quantity,
            "amount": amount,
            "cost": cost,
            "discount": discount,
            "promotion": np.array(S.PROMOTIONS, dtype=object)[promo],
            "returned": returned,
            "written_off": written_off,
        }
    )

    gender = np.where(female, "F", "M").astype(object)
    customers = pd.DataFrame(
        {
            "customer_id": cust_ids,
            "customer_type": np.where(enterprise, "enterprise", "consumer").astype(object),
            "signup_date": _to_dates(signup),
            "channel": np.array(S.CHANNELS, dtype=object)[channel],
            "acquisition_cost": np.zeros(n),  # filled in by the lead pipeline below
            "region": np.array(S.REGIONS, dtype=object)[region],
            "competition": np.where(high_comp, "high", "low").astype(object),
            "gender": pd.array(np.where(enterprise, None, gender), dtype=object),
            "age": pd.array(np.where(enterprise, None, age.astype(np.int64)), dtype="Int64"),
            "industry": np.where(
                enterprise, np.array(demo["industries"], dtype=object)[industry], None
            ),
            "employees": pd.array(
                np.where(enterprise, employees.astype(np.int64), None), dtype="Int64"
            ),
        }
    )

    leads, acquisition_cost, win_rates = _leads(rng, params, enterprise, channel, signup, cust_ids)
    customers["acquisition_cost"] = acquisition_cost

    contacts = _contacts(rng, params, cust_ids, con_cust, con_day, con_complaint, con_resolved)
    survey = _survey(rng, params, n, cust_ids, satisfaction, ord_cust, ord_k, ord_day)

    members_idx = np.flatnonzero(member)
    members_idx = members_idx[np.argsort(join_day_of[members_idx], kind="stable")]
    lapse_day = np.where(
        lapsed[members_idx], _add_years(join_day_of[members_idx], years_paid[members_idx]), -1
    )
    memberships = pd.DataFrame(
        {
            "customer_id": cust_ids[members_idx],
            "join_date": _to_dates(join_day_of[members_idx]),
            "annual_fee": np.full(members_idx.size, float(mem["annual_fee"])),
            "years_paid": years_paid[members_idx].astype(np.int64),
            "lapsed": lapsed[members_idx],
            "lapse_date": _to_dates(lapse_day),
        }
    )

    segment = np.select(
        [enterprise & bad_payer, enterprise, heavy_returner, deal_seeker, contact_rate > 1.0],
        ["bad_payer_account", "enterprise", "heavy_returner", "deal_seeker", "high_maintenance"],
        default="regular",
    ).astype(object)
    truth_customers = pd.DataFrame(
        {
            "customer_id": cust_ids,
            "segment": segment,
            "satisfaction": satisfaction.astype(np.int64),
            "base_purchase_rate": np.round(base_rate, 6),
            "purchase_rate": np.round(rate, 6),
            "base_dropout_probability": np.round(base_dropout, 6),
            "dropout_probability": np.round(dropout, 6),
            "unresolved_complaint": unresolved,
            "dropout_date": _to_dates(dropout_day),
            "alive_at_end": dropout_day < 0,
            "observed_weeks": np.round(observed_weeks, 4),
            "spend_nu": np.round(nu, 8),
            "mean_spend": np.round(sp["p"] / nu * spend_mult, 2),
            "deal_seeker": deal_seeker,
            "heavy_returner": heavy_returner,
            "return_propensity": np.round(return_prop, 6),
            "bad_payer": bad_payer,
            "contact_rate": np.round(contact_rate, 6),
            "kidswear_share": np.round(kid_share, 6),
            "member": member,
            "membership_lapse_probability": np.round(theta, 6),
        }
    )
    if not realistic:
        truth_customers["unresolved_complaint"] = unresolved  # recorded, but no effect

    world_tables = {
        "customers": customers,
        "leads": leads,
        "transactions": transactions,
        "survey": survey,
        "service_contacts": contacts,
        "memberships": memberships,
    }
    for name, frame in world_tables.items():
        world_tables[name] = _conform(frame, S.TABLES[name])

    params["leads"]["expected_win_rate"] = win_rates
    truth: dict[str, Any] = {
        "model_version": MODEL_VERSION,
        "settings": {
            "n_customers": n,
            "seed": int(seed),
            "covariate_effects": realistic,
            "data_start": S.DATA_START,
            "data_end": S.DATA_END,
            "time_unit": "week",
            "currency": "CNY",
        },
        "parameters": params,
    }
    truth["summary"] = _summary(world_tables, truth_customers)
    truth["cases"] = _cases(world_tables, truth_customers)
    return World(truth=truth, truth_customers=truth_customers, **world_tables)


# ----------------------------------------------------------------------------- pieces


def _leads(
    rng: np.random.Generator,
    params: dict[str, Any],
    enterprise: np.ndarray,
    channel: np.ndarray,
    signup: np.ndarray,
    cust_ids: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, dict[str, dict[str, float]]]:
    """Lead pipeline: a stream of leads per (type, source) up to the customers it won."""
    lp = params["leads"]
    icpt = np.array(lp["continue_intercept"])
    slope = np.array(lp["continue_slope"])
    acquisition_cost = np.zeros(enterprise.size)
    win_rates: dict[str, dict[str, float]] = {"consumer": {}, "enterprise": {}}
    parts = []
    for kind, is_kind in (("consumer", ~enterprise), ("enterprise", enterprise)):
        lo, hi = lp["lead_days_before_signup"][kind]
        for s_idx, source in enumerate(S.CHANNELS):
            man_p = np.array(lp["man_probability"][kind][source])
            closing = lp["closing"][kind][source]
            # expected win probability (for acquisition cost and the truth)
            combos = np.array([[m, a, nd] for m in (0, 1) for a in (0, 1) for nd in (0, 1)])
            p_combo = np.prod(np.where(combos == 1, man_p, 1 - man_p), axis=1)
            score = combos.sum(axis=1)
            cont = np.clip(icpt[None, :] + slope[None, :] * score[:, None], 0, 1)
            cont[:, 3] = np.clip(cont[:, 3] * closing, 0, 1)
            win_rate = float(np.sum(p_combo * np.prod(cont, axis=1)))
            win_rates[kind][source] = round(win_rate, 6)
            lead_cost = lp["lead_cost"][kind][source]
            onboarding = lp["onboarding_cost"].get(kind, {}).get(source, 0.0)
            won_idx = np.flatnonzero(is_kind & (channel == s_idx))
            acquisition_cost[won_idx] = np.round(
                lead_cost / win_rate * rng.lognormal(0.0, 0.25, won_idx.size) + onboarding, 2
            )
            n_won = won_idx.size
            if n_won == 0:
                continue
            # draw leads until the n_won-th win (a negative-binomial stream)
            man_parts, stage_parts = [], []
            wins = 0
            while wins < n_won:
                m = math.ceil((n_won - wins) / win_rate * 1.2) + 20
                man = rng.random((m, 3)) < man_p
                s = man.sum(axis=1)
                c = np.clip(icpt[None, :] + slope[None, :] * s[:, None], 0, 1)
                c[:, 3] = np.clip(c[:, 3] * closing, 0, 1)
                passed = rng.random((m, 4)) < c
                stage = np.cumprod(passed, axis=1).sum(axis=1)  # 0..4
                cum = wins + np.cumsum(stage == 4)
                if cum[-1] >= n_won:
                    cut = int(np.searchsorted(cum, n_won)) + 1
                    man, stage = man[:cut], stage[:cut]
                man_parts.append(man)
                stage_parts.append(stage)
                wins += int((stage == 4).sum())
            man = np.concatenate(man_parts)
            stage = np.concatenate(stage_parts)
            won = stage == 4
            created = np.empty(stage.size, dtype=np.int64)
            customer = np.full(stage.size, None, dtype=object)
            # won leads → the customers of this group in signup order
            created[won] = np.maximum(0, signup[won_idx] - rng.integers(lo, hi + 1, n_won))
            customer[won] = cust_ids[won_idx]
            n_lost = int((~won).sum())
            base = signup[won_idx][rng.integers(0, n_won, n_lost)]
            created[~won] = np.clip(base + rng.integers(-30, 31, n_lost), 0, _N_DAYS - 1)
            cost = np.round(lead_cost * rng.lognormal(0.0, 0.2, stage.size), 2)
            parts.append(
                pd.DataFrame(
                    {
                        "lead_type": kind,
                        "source": source,
                        "created_day": created,
                        "cost": cost,
                        "money": man[:, 0],
                        "authority": man[:, 1],
                        "need": man[:, 2],
                        "stage": stage,
                        "customer_id": customer,
                    }
                )
            )
    leads = pd.concat(parts, ignore_index=True)
    leads = leads.sort_values("created_day", kind="stable").reset_index(drop=True)
    leads.insert(0, "lead_id", _ids("L", len(leads), 6))
    leads["created_date"] = _to_dates(leads.pop("created_day").to_numpy())
    leads["stage_reached"] = np.array(S.LEAD_STAGES, dtype=object)[leads.pop("stage").to_numpy()]
    return leads, acquisition_cost, win_rates


def _contacts(
    rng: np.random.Generator,
    params: dict[str, Any],
    cust_ids: np.ndarray,
    who: np.ndarray,
    day: np.ndarray,
    complaint: np.ndarray,
    resolved: np.ndarray,
) -> pd.DataFrame:
    svc = params["service"]
    order = np.lexsort((who, day))
    who, day, complaint, resolved = who[order], day[order], complaint[order], resolved[order]
    topics = np.empty(who.size, dtype=np.int64)
    days = np.full(who.size, np.nan)
    for kind, mask in (("inquiry", ~complaint), ("complaint", complaint)):
        weights = svc["topics"][kind]
        topics[mask] = _choice(rng, {t: weights[t] for t in S.CONTACT_TOPICS}, int(mask.sum()))
        shape, scale = svc["resolution_days_gamma"][kind]
        days[mask] = np.round(rng.gamma(shape, scale, int(mask.sum())), 1)
    days = np.where(resolved, days, np.nan)
    return pd.DataFrame(
        {
            "contact_id": _ids("K", who.size, 6),
            "customer_id": cust_ids[who],
            "contact_date": _to_dates(day),
            "contact_type": np.where(complaint, "complaint", "inquiry").astype(object),
            "topic": np.array(S.CONTACT_TOPICS, dtype=object)[topics],
            "resolved": resolved,
            "resolution_days": days,
        }
    )


def _survey(
    rng: np.random.Generator,
    params: dict[str, Any],
    n: int,
    cust_ids: np.ndarray,
    satisfaction: np.ndarray,
    ord_cust: np.ndarray,
    ord_k: np.ndarray,
    ord_day: np.ndarray,
) -> pd.DataFrame:
    """Survey repeat customers a few days after one of their repeat orders."""
    sv = params["survey"]
    lo, hi = sv["days_after_order"]
    eligible = (ord_k >= 1) & (ord_day <= _N_DAYS - 1 - sv["min_days_before_end"])
    cand = np.unique(ord_cust[eligible])
    size = min(cand.size, round(sv["target_share"] * n))
    chosen = np.sort(rng.choice(cand, size=size, replace=False))
    is_chosen = np.zeros(n, dtype=bool)
    is_chosen[chosen] = True
    pick_mask = eligible & is_chosen[ord_cust]
    pool = np.flatnonzero(pick_mask)
    first = pool[_group_first(ord_cust[pool], rng.random(pool.size))]
    resp_cust = ord_cust[first]
    resp_day = ord_day[first] + rng.integers(lo, hi + 1, first.size)
    order = np.lexsort((resp_cust, resp_day))
    resp_cust, resp_day = resp_cust[order], resp_day[order]
    m = resp_cust.size
    sat = satisfaction[resp_cust]
    z = sat + rng.uniform(-0.5, 0.5, m)  # continuous latent satisfaction

    def score(values: np.ndarray, low: int, high: int) -> np.ndarray:
        return np.clip(np.rint(values), low, high).astype(np.int64)

    cols: dict[str, Any] = {
        "response_id": _ids("S", m, 5),
        "customer_id": cust_ids[resp_cust],
        "survey_date": _to_dates(resp_day),
    }
    expected_base = sv["expected_mean"] + rng.normal(0, 0.8, m)
    for attr in S.SURVEY_ATTRIBUTES:
        cols[f"importance_{attr}"] = score(
            sv["importance_mean"][attr] + rng.normal(0, 1.0, m), 1, 10
        )
        expected = expected_base + rng.normal(0, 0.8, m)
        gap = sv["disconfirmation_slope"][attr] * (z - 3.4) + rng.normal(0, 0.8, m)
        cols[f"expected_{attr}"] = score(expected, 1, 10)
        cols[f"perceived_{attr}"] = score(expected + gap, 1, 10)
    for name in ("product_value", "service_value", "personnel_value", "image_value"):
        cols[name] = score(5.5 + 0.9 * (z - 3.4) + rng.normal(0, 1.0, m), 1, 10)
    for name in ("money_cost", "time_cost", "energy_cost", "psychic_cost"):
        cols[name] = score(4.5 - 0.5 * (z - 3.4) + rng.normal(0, 1.0, m), 1, 10)
    noisy = np.clip(sat + rng.choice([-1, 1], m), 1, 5)
    overall = np.where(rng.random(m) < sv["overall_matches_latent"], sat, noisy)
    cols["overall_satisfaction"] = overall.astype(np.int64)
    cols["likelihood_to_recommend"] = score(2.0 * z - 0.3 + rng.normal(0, 0.9, m), 0, 10)
    cols["relative_attitude"] = score(1.4 * z - 0.6 + rng.normal(0, 0.9, m), 1, 7)
    cols["named_first"] = rng.random(m) < 1 / (1 + np.exp(-(1.2 * (z - 4.0))))
    cols["speaks_well"] = rng.random(m) < 1 / (1 + np.exp(-(1.5 * (z - 3.2))))
    return pd.DataFrame(cols)


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


def customer_profit(
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame,
    customer_ids: pd.Series,
) -> pd.DataFrame:
    """Per-customer profit for the headline numbers and cases, with the generator's rates.

    The one definition of profit is :func:`crmlab.value.customer_profitability`; the truth
    uses it with the cost-to-serve rates the world was generated with.
    """
    from crmlab.value import customer_profitability

    return customer_profitability(
        transactions,
        pd.DataFrame({"customer_id": customer_ids}),
        service_contacts,
        cost_per_order=COST_PER_ORDER,
        cost_per_return=COST_PER_RETURN,
        cost_per_contact=COST_PER_CONTACT,
    )


def _summary(tables: dict[str, pd.DataFrame], truth_customers: pd.DataFrame) -> dict[str, Any]:
    """Headline numbers of the phenomena (recorded in truth.json and the README)."""
    tx = tables["transactions"]
    cust = tables["customers"]
    prof = customer_profit(tx, tables["service_contacts"], cust["customer_id"])
    profit = np.sort(prof["profit"].to_numpy())[::-1]
    total = float(profit.sum())
    top = math.ceil(0.2 * profit.size)
    orders = tx.groupby("customer_id")["order_id"].nunique()
    mem = tables["memberships"]
    return {
        "customers": len(cust),
        "enterprise_accounts": int((cust["customer_type"] == "enterprise").sum()),
        "orders": int(tx["order_id"].nunique()),
        "order_lines": len(tx),
        "leads": len(tables["leads"]),
        "survey_responses": len(tables["survey"]),
        "service_contacts": len(tables["service_contacts"]),
        "members": len(mem),
        "total_profit": round(total, 2),
        "top_20pct_profit_share": round(float(profit[:top].sum()) / total, 4),
        "whale_curve_peak_share": round(float(np.cumsum(profit).max()) / total, 4),
        "unprofitable_customer_share": round(float((profit < 0).mean()), 4),
        "one_time_buyer_share": round(float((orders == 1).mean()), 4),
        "alive_at_end_share": round(float(truth_customers["alive_at_end"].mean()), 4),
        "returned_line_share": round(float(tx["returned"].mean()), 4),
        "written_off_amount": round(float(tx.loc[tx["written_off"], "amount"].sum()), 2),
    }


def _cases(tables: dict[str, pd.DataFrame], truth_customers: pd.DataFrame) -> dict[str, Any]:
    """Named customers for the notebooks, each picked by a recorded rule."""
    tx = tables["transactions"]
    cust = tables["customers"]
    final_year = pd.Timestamp(S.DATA_END).year
    last = tx.groupby("customer_id")["order_date"].max()
    consumer_ids = cust.loc[cust["customer_type"] == "consumer", "customer_id"]
    kids = tx[tx["category"] == "kidswear"]
    kid_orders = kids.groupby("customer_id")["order_id"].nunique()
    kid_spend = kids.loc[~kids["returned"]].groupby("customer_id")["amount"].sum()
    cases: dict[str, Any] = {}

    def record(name: str, cid: str | None, rule: str) -> None:
        if cid is None:
            cases[name] = {"customer_id": None, "rule": rule}
            return
        tc = truth_customers.set_index("customer_id").loc[cid]
        cases[name] = {
            "customer_id": cid,
            "rule": rule,
            "alive_at_end": bool(tc["alive_at_end"]),
            "segment": str(tc["segment"]),
        }

    zhang_rule = (
        f"Ms. Zhang (张女士, ch04): a consumer with kidswear in at least 3 orders whose last "
        f"order was in May {final_year}; among those, the largest kidswear spend "
        "(ties: smallest customer_id)."
    )
    zhang = None
    for months in ([5], [4, 5, 6], [3, 4, 5, 6, 7]):
        ok = (
            kid_orders.reindex(consumer_ids).fillna(0).ge(3).to_numpy()
            & last.reindex(consumer_ids).dt.year.eq(final_year).to_numpy()
            & last.reindex(consumer_ids).dt.month.isin(months).to_numpy()
        )
        ids = consumer_ids[ok]
        if len(ids):
            spend = kid_spend.reindex(ids).fillna(0.0)
            best = spend[spend == spend.max()].index.min()
            zhang = str(best)
            if months != [5]:
                zhang_rule += f" (none in May; relaxed to months {months})"
            break
    record("ms_zhang", zhang, zhang_rule)

    prof = customer_profit(tx, tables["service_contacts"], cust["customer_id"])["profit"]
    record(
        "most_profitable",
        str(prof.idxmax()),
        "The customer with the largest profit (revenue − COGS − bad debt − cost to serve).",
    )
    record(
        "least_profitable",
        str(prof.idxmin()),
        "The customer with the smallest (most negative) profit.",
    )
    wo = tx.loc[tx["written_off"]].groupby("customer_id")["amount"].sum()
    record(
        "bad_debt_account",
        str(wo.idxmax()) if len(wo) else None,
        "The enterprise account with the largest written-off amount (坏账).",
    )
    sv = tables["survey"].merge(cust[["customer_id", "competition"]], on="customer_id")
    sv = sv[(sv["competition"] == "low") & (sv["overall_satisfaction"] <= 2)]
    after = tx.merge(sv[["customer_id", "survey_date"]], on="customer_id")
    after = after[after["order_date"] > after["survey_date"]]
    n_after = after.groupby("customer_id")["order_id"].nunique()
    hostage = None
    if len(n_after):
        hostage = str(n_after[n_after == n_after.max()].index.min())
    record(
        "hostage",
        hostage,
        "A dissatisfied (overall_satisfaction ≤ 2) respondent in a low-competition city with "
        "the most orders after the survey (a 'hostage', 人质型客户; ch06); ties: smallest id.",
    )
    return cases
