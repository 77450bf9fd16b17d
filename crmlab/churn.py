"""Churn-risk model (客户流失预警): features at a cut-off, a churn label after it.

Chapter 07 of the course, the predictive half: :func:`churn_features` measures every
customer at ``calibration_end`` (using nothing later) and labels who bought nothing in the
outcome window that follows; :func:`churn_risk_model` fits a logistic regression on part
of the customers and judges it on the rest by AUC and a decile lift table. Cohorts,
survival, the leaky bucket and win-back priorities are in :mod:`crmlab.retention`.

Data requirements: ``transactions`` (``customer_id``, ``order_id``, ``order_date``,
``amount``, optional ``returned``); optionally ``customers`` (``customer_id``,
``competition``, ``customer_type``), ``survey`` (``customer_id``, ``survey_date``,
``overall_satisfaction``) and ``service_contacts`` (``customer_id``, ``contact_date``,
``contact_type``, ``resolved``). Other names are mapped where the data enter
(``crmlab.data.conform``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab._purchases import AMOUNT, CUSTOMER, DATE, analysis_window, kept_lines
from crmlab._validate import (
    as_float_array,
    bool_column,
    date_column,
    require_columns,
    require_nonempty,
    row_list,
)

__all__ = ["ChurnRiskModel", "churn_features", "churn_risk_model"]

ORDER = "order_id"


# --------------------------------------------------------------------------------------
# Features and label
# --------------------------------------------------------------------------------------


def churn_features(
    transactions: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    service_contacts: pd.DataFrame | None = None,
    *,
    calibration_end: str | pd.Timestamp | None = None,
    observation_end: str | pd.Timestamp | None = None,
    churn_window_days: int | None = None,
    exclude_returns: bool = True,
) -> pd.DataFrame:
    """Churn features at ``calibration_end`` and the churn label of the window after it.

    The features use only data on or before ``calibration_end`` (no leakage). The base is
    every customer with a purchase on or before that day; ``churned`` is True when they do
    not buy in the outcome window ``(calibration_end, calibration_end + churn_window_days]``.

    Parameters
    ----------
    calibration_end
        The feature cut-off. ``None``: one year before ``observation_end`` (a third of the
        span for data shorter than three years).
    observation_end
        The last day the data are looked at (``None``: the last order date of any line,
        returned or not); the outcome window must end on or before it.
    churn_window_days
        Length of the outcome window; ``None``: up to ``observation_end``.
    exclude_returns
        Leave out lines flagged ``returned``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``recency_days``, ``orders``, ``spend``, ``tenure_days``,
        ``orders_last_90d``; with ``customers``: ``high_competition``, ``enterprise`` (0/1,
        where the columns exist); with ``service_contacts``: ``complaints``,
        ``unresolved_complaints``; with ``survey``: ``satisfaction`` (latest answer, the mean
        of those who answered when missing) and ``surveyed`` (0/1); and ``churned``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...                    "order_id": ["1", "2", "3", "4", "5"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-05-01",
    ...                        "2024-03-01", "2024-08-01", "2024-09-01"]),
    ...                    "amount": [10.0, 20.0, 5.0, 5.0, 8.0], "returned": False})
    >>> features = churn_features(tx, calibration_end="2024-06-01", churn_window_days=90)
    >>> print(features.to_string(index_names=False))
       recency_days  orders  spend  tenure_days  orders_last_90d  churned
    a            31       2   30.0          152                1     True
    b            92       1    5.0           92                0    False
    """
    lines = kept_lines(
        transactions, required=(CUSTOMER, ORDER, DATE, AMOUNT), exclude_returns=exclude_returns
    )
    require_nonempty(lines, "transactions (returned lines left out)")
    window = analysis_window(transactions, observation_end, calibration_end, holdout=True)
    cut, end = window.calibration_end, window.observation_end
    if churn_window_days is None:
        window_end = end
    else:
        if int(churn_window_days) != churn_window_days or churn_window_days < 1:
            raise ValueError(
                f"churn_window_days: expected whole days >= 1 (or None), got {churn_window_days}"
            )
        window_end = cut + pd.Timedelta(days=int(churn_window_days))
        if window_end > end:
            raise ValueError(
                f"calibration_end: the churn window ends {window_end.date()}, after "
                f"observation_end {end.date()}; choose a calibration_end at least "
                f"{churn_window_days} days before it (or a shorter churn_window_days)"
            )
    day = lines[DATE].dt.normalize()
    past = lines.loc[(day <= cut).to_numpy()].assign(_d=day)
    amount = as_float_array(past[AMOUNT], f"transactions['{AMOUNT}']")
    grouped = past.assign(**{AMOUNT: amount}).groupby(CUSTOMER)
    feats = pd.DataFrame(
        {
            "recency_days": (cut - grouped["_d"].max()).dt.days,
            "orders": grouped[ORDER].nunique(),
            "spend": grouped[AMOUNT].sum().astype(float),
            "tenure_days": (cut - grouped["_d"].min()).dt.days,
        }
    )
    recent = past.loc[(past["_d"] > cut - pd.Timedelta(days=90)).to_numpy()]
    feats["orders_last_90d"] = (
        recent.groupby(CUSTOMER)[ORDER].nunique().reindex(feats.index, fill_value=0)
    ).astype(int)
    if customers is not None:
        feats = _customer_features(feats, customers)
    if service_contacts is not None:
        feats = _complaint_features(feats, service_contacts, cut)
    if survey is not None:
        feats = _survey_features(feats, survey, cut)
    future = lines.loc[((day > cut) & (day <= window_end)).to_numpy()]
    feats["churned"] = ~feats.index.isin(future[CUSTOMER].unique())
    feats.index.name = CUSTOMER
    return feats


def _customer_features(feats: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    require_columns(customers, [CUSTOMER], "customers")
    info = customers.drop_duplicates(CUSTOMER).set_index(CUSTOMER)
    missing = feats.index.difference(info.index)
    if len(missing):
        raise ValueError(
            f"customers: {len(missing)} buying customer(s) not in the table "
            f"({row_list(missing)}); pass the full customers table"
        )
    if "competition" in info.columns:
        high = info.loc[feats.index, "competition"].to_numpy() == "high"
        feats["high_competition"] = high.astype(int)
    if "customer_type" in info.columns:
        enterprise = info.loc[feats.index, "customer_type"].to_numpy() == "enterprise"
        feats["enterprise"] = enterprise.astype(int)
    return feats


def _complaint_features(
    feats: pd.DataFrame, contacts: pd.DataFrame, cut: pd.Timestamp
) -> pd.DataFrame:
    what = "service_contacts"
    require_columns(contacts, [CUSTOMER, "contact_date", "contact_type", "resolved"], what)
    day = date_column(contacts, "contact_date", what).dt.normalize()
    resolved = bool_column(contacts, "resolved", what).to_numpy()
    complaint = ((day <= cut) & (contacts["contact_type"] == "complaint")).to_numpy()
    who = contacts[CUSTOMER]
    feats["complaints"] = (
        who[complaint].value_counts().reindex(feats.index, fill_value=0).astype(int)
    )
    feats["unresolved_complaints"] = (
        who[complaint & ~resolved].value_counts().reindex(feats.index, fill_value=0).astype(int)
    )
    return feats


def _survey_features(feats: pd.DataFrame, survey: pd.DataFrame, cut: pd.Timestamp) -> pd.DataFrame:
    require_columns(survey, [CUSTOMER, "survey_date", "overall_satisfaction"], "survey")
    day = date_column(survey, "survey_date", "survey").dt.normalize()
    answers = survey.loc[(day <= cut).to_numpy(), [CUSTOMER, "overall_satisfaction"]]
    answers = answers.assign(_d=day.loc[answers.index]).sort_values("_d", kind="stable")
    latest = answers.groupby(CUSTOMER)["overall_satisfaction"].last().reindex(feats.index)
    answered = latest.notna()
    fill = float(latest.mean()) if answered.any() else 0.0
    feats["satisfaction"] = latest.fillna(fill).astype(float)
    feats["surveyed"] = answered.astype(int)
    return feats


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChurnRiskModel:
    """A fitted churn-risk model (standardised logistic regression).

    Attributes
    ----------
    auc
        Area under the ROC curve on the held-out customers (0.5 = no better than chance).
    lift_table
        Held-out customers in risk deciles (1 = highest predicted risk): ``decile``,
        ``customers``, ``churners``, ``churn_rate``, ``lift`` (churn rate ÷ overall rate),
        ``cumulative_capture`` (share of all held-out churners found in deciles 1..d).
    coefficients
        Log-odds change per standard deviation of each feature, largest effect first.
    n_train, n_test
        Customers used to fit and to judge the model.
    feature_names
        The feature columns, in the order the model reads them.
    pipeline
        The fitted scikit-learn pipeline (scaler and logistic regression).
    """

    auc: float
    lift_table: pd.DataFrame
    coefficients: pd.Series
    n_train: int
    n_test: int
    feature_names: tuple[str, ...]
    pipeline: object = field(repr=False)

    def predict_risk(self, features: pd.DataFrame) -> pd.Series:
        """Predicted probability of churning for each row of ``features``."""
        x = _feature_matrix(features, "features", self.feature_names)
        proba = self.pipeline.predict_proba(x)[:, 1]  # type: ignore[attr-defined]
        return pd.Series(proba, index=features.index, name="churn_risk")


def _feature_matrix(
    features: pd.DataFrame, what: str, names: Sequence[str] | None = None
) -> np.ndarray:
    if not isinstance(features, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame of numeric features")
    names = list(features.columns) if names is None else list(names)
    require_columns(features, names, what, hint="pass the columns the model was fitted on")
    columns = []
    for col in names:
        series = features[col]
        if pd.api.types.is_bool_dtype(series) and not series.isna().any():
            series = series.astype(float)
        if not pd.api.types.is_numeric_dtype(series):
            raise ValueError(
                f"{what}: column {col!r} is not numeric ({series.dtype}); encode it as "
                "numbers (e.g. 0/1 dummies) first"
            )
        arr = series.to_numpy(dtype=float)
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(
                f"{what}: column {col!r} has {int(bad.sum())} missing value(s) at "
                f"{row_list(features.index[bad])}; fill or drop them first"
            )
        columns.append(arr)
    return np.column_stack(columns)


def _lift_table(risk: np.ndarray, churned: np.ndarray, deciles: int = 10) -> pd.DataFrame:
    order = np.argsort(-risk, kind="stable")
    groups = min(deciles, len(risk))
    decile = np.empty(len(risk), dtype=int)
    decile[order] = np.arange(len(risk)) * groups // len(risk) + 1
    frame = pd.DataFrame({"decile": decile, "churned": churned.astype(int)})
    table = frame.groupby("decile").agg(customers=("churned", "size"), churners=("churned", "sum"))
    table["churn_rate"] = table["churners"] / table["customers"]
    overall = churned.mean()
    table["lift"] = table["churn_rate"] / overall
    table["cumulative_capture"] = table["churners"].cumsum() / churned.sum()
    return table.reset_index()


def churn_risk_model(
    features: pd.DataFrame,
    churned: Sequence[bool] | pd.Series,
    test_size: float = 0.3,
    seed: int = 0,
) -> ChurnRiskModel:
    """Churn-risk model (客户流失预警): logistic regression judged on held-out customers.

    The features are standardised and a scikit-learn ``LogisticRegression`` (its default,
    mild L2 penalty) is fitted on a stratified ``1 − test_size`` share of the customers; the
    rest judge it: AUC and a decile lift table (do the 10 % riskiest hold far more than
    10 % of the churners?). :func:`churn_features` gives both arguments:
    ``features.drop(columns="churned")`` and ``features["churned"]``.

    Parameters
    ----------
    features
        One row per customer, numeric (or bool) columns only, no missing values.
    churned
        True (or 1) for customers who left, aligned with ``features``.
    test_size
        Share held out for judging (between 0 and 1).
    seed
        Random seed of the split, for reproducible results.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame({"days_since_last": rng.uniform(0, 365, 400),
    ...                   "complaints": rng.poisson(0.5, 400)})
    >>> logit = -4 + 0.012 * x["days_since_last"] + 0.8 * x["complaints"]
    >>> y = rng.uniform(size=400) < 1 / (1 + np.exp(-logit))
    >>> model = churn_risk_model(x, y)
    >>> model.auc > 0.7, model.n_test
    (True, 120)
    >>> model.lift_table.columns.tolist()
    ['decile', 'customers', 'churners', 'churn_rate', 'lift', 'cumulative_capture']
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = _feature_matrix(features, "features")
    if x.shape[1] == 0:
        raise ValueError("features: no columns; pass at least one numeric feature")
    y = bool_column(pd.DataFrame({"churned": pd.Series(churned)}), "churned", "churned")
    y = y.to_numpy()
    if len(y) != len(x):
        raise ValueError(
            f"features and churned: lengths differ ({len(x)} vs {len(y)}); one label per row"
        )
    if not 0 < test_size < 1:
        raise ValueError(f"test_size: expected a share between 0 and 1, got {test_size}")
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    n_test = int(np.ceil(test_size * len(y)))
    if min(n_pos, n_neg) < 2 or n_test < 2 or len(y) - n_test < 2:
        raise ValueError(
            f"churned: {n_pos} churners and {n_neg} stayers are too few for a stratified "
            "split; each group needs at least 2 customers and each part at least 2 rows"
        )
    idx = np.arange(len(y))
    train, test = train_test_split(idx, test_size=test_size, random_state=seed, stratify=y)
    if y[test].all() or not y[test].any():
        raise ValueError(
            "churned: the held-out part has only one class; use more data or a larger test_size"
        )
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    pipeline.fit(x[train], y[train])
    risk = pipeline.predict_proba(x[test])[:, 1]
    names = tuple(str(c) for c in features.columns)
    coef = pd.Series(pipeline[-1].coef_[0], index=list(names), name="coefficient")
    coef = coef.iloc[np.argsort(-np.abs(coef.to_numpy()), kind="stable")]
    return ChurnRiskModel(
        auc=float(roc_auc_score(y[test], risk)),
        lift_table=_lift_table(risk, y[test]),
        coefficients=coef,
        n_train=len(train),
        n_test=len(test),
        feature_names=names,
        pipeline=pipeline,
    )
