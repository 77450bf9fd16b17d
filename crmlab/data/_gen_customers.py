"""Generator stages: who the customers are, how they buy and leave, contacts and memberships.

The stages draw from one :class:`numpy.random.Generator` in a fixed order (the order
:func:`crmlab.data.generate_world` calls them); changing that order changes the world.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import N_DAYS, add_years, choice, clock_day, day_offset, ids, to_dates

__all__ = [
    "History",
    "Membership",
    "Population",
    "contacts_table",
    "customers_table",
    "draw_memberships",
    "draw_population",
    "memberships_table",
    "simulate_purchases",
]


@dataclass(frozen=True)
class Population:
    """Per-customer draws (arrays of length n, customers in signup order)."""

    enterprise: np.ndarray
    deal_seeker: np.ndarray
    clock_kind: np.ndarray
    signup: np.ndarray
    channel: np.ndarray
    region: np.ndarray
    high_comp: np.ndarray
    satisfaction: np.ndarray
    female: np.ndarray
    age: np.ndarray
    industry: np.ndarray
    employees: np.ndarray
    base_rate: np.ndarray
    base_dropout: np.ndarray
    nu: np.ndarray
    rate: np.ndarray
    dropout: np.ndarray
    spend_mult: np.ndarray
    contact_rate: np.ndarray
    complaint_share: np.ndarray

    @property
    def n(self) -> int:
        """Number of customers."""
        return int(self.signup.size)


@dataclass(frozen=True)
class History:
    """The purchase process: orders (one entry per order), contacts, drop-outs."""

    ord_cust: np.ndarray
    ord_k: np.ndarray
    ord_day: np.ndarray
    con_cust: np.ndarray
    con_day: np.ndarray
    con_complaint: np.ndarray
    con_resolved: np.ndarray
    unresolved: np.ndarray
    dropout_day: np.ndarray
    observed_weeks: np.ndarray


@dataclass(frozen=True)
class Membership:
    """Paid memberships per customer (join day −1 for customers without a second order)."""

    member: np.ndarray
    theta: np.ndarray
    join_day: np.ndarray
    lapsed: np.ndarray
    years_paid: np.ndarray


def draw_population(
    rng: np.random.Generator,
    params: dict[str, Any],
    n: int,
    clock_rows: np.ndarray,
    realistic: bool,
) -> Population:
    """Customers: type, signup day, channel, city, satisfaction, demographics, latent rates."""
    last_signup = day_offset(params["signup"]["last_signup"])
    enterprise = rng.random(n) < params["signup"]["enterprise_share"]
    deal_seeker = (~enterprise) & (rng.random(n) < params["campaigns"]["deal_seeker_share"])
    clock_kind = (deal_seeker & realistic).astype(np.int64)

    # signup day: intensity clock × exponential growth, up to last_signup
    growth = params["signup"]["growth_per_year"]
    signup = np.empty(n, dtype=np.int64)
    for k in (0, 1):
        mask = clock_kind == k
        daily = np.diff(clock_rows[k][: last_signup + 1], prepend=0.0)
        density = daily * np.exp(growth * np.arange(last_signup + 1) / 365.25)
        cdf = np.cumsum(density) / density.sum()
        signup[mask] = np.searchsorted(cdf, rng.random(int(mask.sum())), side="right")
    signup = np.minimum(signup, last_signup)

    # sort customers by signup so ids are chronological
    order = np.argsort(signup, kind="stable")
    enterprise, deal_seeker = enterprise[order], deal_seeker[order]
    clock_kind, signup = clock_kind[order], signup[order]

    channel = np.empty(n, dtype=np.int64)
    for kind, mask in (("consumer", ~enterprise), ("enterprise", enterprise)):
        mix = params["channel_mix"][kind]
        channel[mask] = choice(rng, {c: mix[c] for c in S.CHANNELS}, int(mask.sum()))
    region = choice(rng, {r: params["regions"][r][0] for r in S.REGIONS}, n)
    high_comp = np.array([params["regions"][r][1] == "high" for r in S.REGIONS])[region]
    satisfaction = 1 + choice(rng, params["covariates"]["satisfaction_share"], n)

    demo = params["demographics"]
    female = rng.random(n) < demo["female_share"]
    age = np.clip(np.rint(rng.normal(demo["age_mean"], demo["age_sd"], n)), 18, 75)
    industry = rng.integers(0, len(demo["industries"]), n)
    employees = np.maximum(
        10, np.rint(np.exp(rng.normal(demo["employees_log_mean"], demo["employees_log_sd"], n)))
    )

    # latent purchasing parameters: base draws, then covariate multipliers
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

    svc = params["service"]
    contact_rate = rng.gamma(svc["contact_rate_shape"], svc["contact_rate_scale"], n)
    contact_rate = np.where(
        enterprise, contact_rate * svc["enterprise_contact_multiplier"], contact_rate
    )
    complaint_share = np.array(
        [svc["complaint_share_by_satisfaction"][str(s)] for s in range(1, 6)]
    )[satisfaction - 1]
    return Population(
        enterprise=enterprise,
        deal_seeker=deal_seeker,
        clock_kind=clock_kind,
        signup=signup,
        channel=channel,
        region=region,
        high_comp=high_comp,
        satisfaction=satisfaction,
        female=female,
        age=age,
        industry=industry,
        employees=employees,
        base_rate=base_rate,
        base_dropout=base_dropout,
        nu=nu,
        rate=rate,
        dropout=dropout,
        spend_mult=spend_mult,
        contact_rate=contact_rate,
        complaint_share=complaint_share,
    )


def simulate_purchases(
    rng: np.random.Generator,
    params: dict[str, Any],
    pop: Population,
    clock_rows: np.ndarray,
    realistic: bool,
) -> History:
    """BG/NBD purchases in clock time, contacts after each order, drop-out after repeats.

    The loop runs over the purchase index k (0 = the first order on the signup day) and is
    vectorised over the customers still active.
    """
    n = pop.n
    pur, cov, svc = params["purchase"], params["covariates"], params["service"]
    complaint_mult = cov["dropout_multiplier_unresolved_complaint"] if realistic else 1.0
    complaint_shock = cov["dropout_probability_unresolved_complaint"] if realistic else 0.0
    pos = np.empty(n)
    for k in (0, 1):
        mask = pop.clock_kind == k
        clock = clock_rows[k]
        start = clock[pop.signup[mask]] - np.diff(clock, prepend=0.0)[pop.signup[mask]]
        pos[mask] = start + 0.5 * np.diff(clock, prepend=0.0)[pop.signup[mask]]
    end_clock = float(clock_rows[0][-1])
    observed_weeks = (end_clock - pos) / 7.0

    ord_cust, ord_k, ord_day = [], [], []
    con_cust, con_day, con_complaint, con_resolved = [], [], [], []
    unresolved = np.zeros(n, dtype=bool)
    dropout_day = np.full(n, -1, dtype=np.int64)
    max_contacts = svc["max_contacts_per_order"]
    lo_days, hi_days = svc["days_after_order"]
    active = np.arange(n)
    day = pop.signup.copy()
    k = 0
    while active.size:
        ord_cust.append(active)
        ord_k.append(np.full(active.size, k, dtype=np.int64))
        ord_day.append(day)
        # service contacts after this order
        n_contacts = np.minimum(rng.poisson(pop.contact_rate[active]), max_contacts)
        who = np.repeat(active, n_contacts)
        cday = np.repeat(day, n_contacts) + rng.integers(lo_days, hi_days + 1, who.size)
        is_complaint = rng.random(who.size) < pop.complaint_share[who]
        resolved = rng.random(who.size) < np.where(
            is_complaint,
            svc["resolved_probability"]["complaint"],
            svc["resolved_probability"]["inquiry"],
        )
        observed = cday <= N_DAYS - 1
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
                pop.dropout[active] * np.where(unresolved[active], complaint_mult, 1.0),
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
        new_pos = keep_pos + rng.exponential(1.0, active.size) * 7.0 / pop.rate[active]
        pos[active] = new_pos
        inside = new_pos <= end_clock
        active = active[inside]
        day = clock_day(clock_rows, pop.clock_kind[active], pos[active])
        k += 1

    return History(
        ord_cust=np.concatenate(ord_cust),
        ord_k=np.concatenate(ord_k),
        ord_day=np.concatenate(ord_day),
        con_cust=np.concatenate(con_cust),
        con_day=np.concatenate(con_day),
        con_complaint=np.concatenate(con_complaint),
        con_resolved=np.concatenate(con_resolved),
        unresolved=unresolved,
        dropout_day=dropout_day,
        observed_weeks=observed_weeks,
    )


def draw_memberships(
    rng: np.random.Generator, params: dict[str, Any], pop: Population, history: History
) -> Membership:
    """Consumers join at their second purchase; yearly renewals are shifted-beta-geometric."""
    n = pop.n
    mem = params["membership"]
    second = history.ord_k == 1
    candidates = history.ord_cust[second]
    joins = candidates[
        (~pop.enterprise[candidates]) & (rng.random(candidates.size) < mem["join_probability"])
    ]
    join_day = np.full(n, -1, dtype=np.int64)
    join_day[history.ord_cust[second]] = history.ord_day[second]
    member = np.zeros(n, dtype=bool)
    member[joins] = True
    theta = np.full(n, np.nan)
    theta[joins] = rng.beta(mem["alpha"], mem["beta"], joins.size)
    # years until the first unpaid renewal: shifted geometric(theta), T >= 1
    lifetime_years = rng.geometric(np.where(member, theta, 0.5))
    join_days = np.where(member, join_day, 0)
    # renewals due by DATA_END: anniversaries 1, 2, … on or before the end
    years_possible = np.zeros(n, dtype=np.int64)
    for year in range(1, 6):
        years_possible += add_years(join_days, np.full(n, year)) <= N_DAYS - 1
    # payments possible = 1 + renewals due; lapsed if the lifetime ends before that
    lapsed = member & (lifetime_years <= years_possible)
    years_paid = np.where(lapsed, lifetime_years, years_possible + 1)
    return Membership(
        member=member, theta=theta, join_day=join_day, lapsed=lapsed, years_paid=years_paid
    )


def customers_table(
    params: dict[str, Any], pop: Population, cust_ids: np.ndarray, acquisition_cost: np.ndarray
) -> pd.DataFrame:
    """The customers table (contract columns, before dtype conformance)."""
    demo = params["demographics"]
    enterprise = pop.enterprise
    gender = np.where(pop.female, "F", "M").astype(object)
    return pd.DataFrame(
        {
            "customer_id": cust_ids,
            "customer_type": np.where(enterprise, "enterprise", "consumer").astype(object),
            "signup_date": to_dates(pop.signup),
            "channel": np.array(S.CHANNELS, dtype=object)[pop.channel],
            "acquisition_cost": acquisition_cost,
            "region": np.array(S.REGIONS, dtype=object)[pop.region],
            "competition": np.where(pop.high_comp, "high", "low").astype(object),
            "gender": pd.array(np.where(enterprise, None, gender), dtype=object),
            "age": pd.array(np.where(enterprise, None, pop.age.astype(np.int64)), dtype="Int64"),
            "industry": np.where(
                enterprise, np.array(demo["industries"], dtype=object)[pop.industry], None
            ),
            "employees": pd.array(
                np.where(enterprise, pop.employees.astype(np.int64), None), dtype="Int64"
            ),
        }
    )


def memberships_table(
    params: dict[str, Any], membership: Membership, cust_ids: np.ndarray
) -> pd.DataFrame:
    """The memberships table, members in order of joining."""
    m = membership
    members_idx = np.flatnonzero(m.member)
    members_idx = members_idx[np.argsort(m.join_day[members_idx], kind="stable")]
    lapse_day = np.where(
        m.lapsed[members_idx], add_years(m.join_day[members_idx], m.years_paid[members_idx]), -1
    )
    return pd.DataFrame(
        {
            "customer_id": cust_ids[members_idx],
            "join_date": to_dates(m.join_day[members_idx]),
            "annual_fee": np.full(members_idx.size, float(params["membership"]["annual_fee"])),
            "years_paid": m.years_paid[members_idx].astype(np.int64),
            "lapsed": m.lapsed[members_idx],
            "lapse_date": to_dates(lapse_day),
        }
    )


def contacts_table(
    rng: np.random.Generator, params: dict[str, Any], history: History, cust_ids: np.ndarray
) -> pd.DataFrame:
    """The service-contacts table: topics and resolution times of the contacts drawn."""
    svc = params["service"]
    h = history
    order = np.lexsort((h.con_cust, h.con_day))
    who, day = h.con_cust[order], h.con_day[order]
    complaint, resolved = h.con_complaint[order], h.con_resolved[order]
    topics = np.empty(who.size, dtype=np.int64)
    days = np.full(who.size, np.nan)
    for kind, mask in (("inquiry", ~complaint), ("complaint", complaint)):
        weights = svc["topics"][kind]
        topics[mask] = choice(rng, {t: weights[t] for t in S.CONTACT_TOPICS}, int(mask.sum()))
        shape, scale = svc["resolution_days_gamma"][kind]
        days[mask] = np.round(rng.gamma(shape, scale, int(mask.sum())), 1)
    days = np.where(resolved, days, np.nan)
    return pd.DataFrame(
        {
            "contact_id": ids("K", who.size, 6),
            "customer_id": cust_ids[who],
            "contact_date": to_dates(day),
            "contact_type": np.where(complaint, "complaint", "inquiry").astype(object),
            "topic": np.array(S.CONTACT_TOPICS, dtype=object)[topics],
            "resolved": resolved,
            "resolution_days": days,
        }
    )
