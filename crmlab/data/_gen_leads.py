"""Generator stage: the lead pipeline (销售漏斗) that won the customers, and their acquisition cost.

Every customer is a won lead; lost leads of each (type, source) are drawn from the same
MAN-scored stage process until the source's customers are all won.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._draw import N_DAYS, ids, to_dates

__all__ = ["draw_leads"]


def draw_leads(
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
            created[~won] = np.clip(base + rng.integers(-30, 31, n_lost), 0, N_DAYS - 1)
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
    leads.insert(0, "lead_id", ids("L", len(leads), 6))
    leads["created_date"] = to_dates(leads.pop("created_day").to_numpy())
    leads["stage_reached"] = np.array(S.LEAD_STAGES, dtype=object)[leads.pop("stage").to_numpy()]
    return leads, acquisition_cost, win_rates
