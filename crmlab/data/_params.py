"""Every parameter of the synthetic company's generative model, with its documented default.

:data:`PARAMETERS` is the whole model: :func:`crmlab.data.generate_world` copies it into
``World.truth["parameters"]`` (and ``truth.json``), and ``datasets/README.md`` lists it.
Time is in weeks, money in CNY. The cost-to-serve rates are the ones the truth's customer
profit uses (15 CNY an order, 25 CNY a returned line, 20 CNY a service contact).
"""

from __future__ import annotations

from typing import Any

__all__ = ["COST_PER_CONTACT", "COST_PER_ORDER", "COST_PER_RETURN", "MODEL_VERSION", "PARAMETERS"]

#: Cost-to-serve rates of the truth's customer profit (CNY per order, returned line, contact).
COST_PER_ORDER = 15.0
COST_PER_RETURN = 25.0
COST_PER_CONTACT = 20.0

#: Version of the generative model; bump when the model (not only the code) changes.
MODEL_VERSION = "1.1"

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
        # the category mixes cover the categories sold from the start; a launched category
        # (product_launch) joins them from its launch day
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
            "activewear": 299.0,
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
            "activewear": 0.48,
        },
        "store_share_store_customers": [6.0, 2.0],
        "store_share_others": [1.5, 4.0],
    },
    "product_launch": {
        # a category launched part-way through the history (none of its lines before)
        "category": "activewear",
        "name_zh": "运动休闲",
        "launch_date": "2025-03-01",
        # its weight beside the established mix (whose weights sum to 1) at full adoption
        "weight_consumer": 0.15,
        "weight_enterprise": 0.10,
        # adoption ramps up as 1 − exp(−(days since launch + 1) / ramp_days)
        "ramp_days": 60,
        # each customer's affinity multiplies the weight: Gamma(shape, 1/shape), mean 1
        "affinity_shape": 0.5,
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
    "kano": {
        # each respondent holds one Kano category per feature, drawn with these shares; the
        # feature's true category is the largest share (what a majority vote recovers)
        "features": {
            "free_alterations": {
                "category": "one-dimensional",
                "shares": {
                    "attractive": 0.15,
                    "one-dimensional": 0.55,
                    "must-be": 0.15,
                    "indifferent": 0.15,
                },
            },
            "same_day_delivery": {
                "category": "attractive",
                "shares": {
                    "attractive": 0.55,
                    "one-dimensional": 0.20,
                    "must-be": 0.05,
                    "indifferent": 0.20,
                },
            },
            "personal_stylist": {
                "category": "attractive",
                "shares": {
                    "attractive": 0.50,
                    "one-dimensional": 0.10,
                    "must-be": 0.05,
                    "indifferent": 0.35,
                },
            },
            "mobile_app": {
                "category": "must-be",
                "shares": {
                    "attractive": 0.05,
                    "one-dimensional": 0.20,
                    "must-be": 0.55,
                    "indifferent": 0.20,
                },
            },
            "eco_packaging": {
                "category": "indifferent",
                "shares": {
                    "attractive": 0.15,
                    "one-dimensional": 0.10,
                    "must-be": 0.05,
                    "indifferent": 0.70,
                },
            },
        },
        # (functional answer, dysfunctional answer, weight): the answer pairs a respondent of
        # each category gives, all in that category's cells of the Kano evaluation table
        "answer_pairs": {
            "attractive": [
                ["like", "neutral", 0.5],
                ["like", "live_with", 0.3],
                ["like", "expect", 0.2],
            ],
            "one-dimensional": [["like", "dislike", 1.0]],
            "must-be": [
                ["expect", "dislike", 0.6],
                ["neutral", "dislike", 0.25],
                ["live_with", "dislike", 0.15],
            ],
            "indifferent": [
                ["neutral", "neutral", 0.4],
                ["neutral", "live_with", 0.15],
                ["live_with", "live_with", 0.15],
                ["expect", "neutral", 0.1],
                ["expect", "expect", 0.05],
                ["neutral", "expect", 0.05],
                ["live_with", "neutral", 0.05],
                ["expect", "live_with", 0.03],
                ["live_with", "expect", 0.02],
            ],
        },
        # share of answer pairs given at random (any of the 25: questionable, reverse, …)
        "noise_share": 0.05,
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
