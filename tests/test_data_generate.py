"""The synthetic-company generator: contract, determinism, consistency, committed files."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from crmlab.data import TABLES, World, data_dictionary, generate_world, pandas_dtype
from crmlab.data import _schema as S
from crmlab.data.__main__ import main
from crmlab.data._docs import (
    DICTIONARY_BEGIN,
    DICTIONARY_END,
    PARAMETERS_BEGIN,
    PARAMETERS_END,
    parameters_markdown,
)
from crmlab.data._draw import day_offset
from crmlab.data._gen_orders import launch_weight
from crmlab.data._gen_survey import kano_answers
from crmlab.data._params import (
    COST_PER_CONTACT,
    COST_PER_ORDER,
    COST_PER_RETURN,
    PARAMETERS,
)
from crmlab.data._truth import customer_profit
from crmlab.paths import repo_root

DATASETS = repo_root() / "datasets"
FILES = [t.filename for t in TABLES.values()] + ["truth.json", "truth_customers.csv"]


def _is_text(series: pd.Series) -> bool:
    """Strings (object dtype on pandas 2, ``str`` on pandas 3), missing as None/NaN."""
    kind_ok = series.dtype == object or str(series.dtype) in ("str", "string")
    return kind_ok and series.dropna().map(type).eq(str).all()


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(400, seed=11)


def test_tables_follow_the_contract(world: World) -> None:
    for name, table in TABLES.items():
        frame = getattr(world, name)
        assert list(frame.columns) == table.names, name
        assert len(frame) > 0, name
        for col in table.columns:
            series = frame[col.name]
            expected = pandas_dtype(col)
            if expected in (object, "str"):
                assert _is_text(series), (name, col.name, series.dtype)
            else:
                assert str(series.dtype) == expected, (name, col.name, series.dtype)
            if not col.nullable:
                assert series.notna().all(), (name, col.name)
            values = series.dropna()
            if col.allowed:
                assert values.isin(col.allowed).all(), (name, col.name)
            if col.min is not None:
                assert (values >= col.min).all(), (name, col.name)
            if col.max is not None:
                assert (values <= col.max).all(), (name, col.name)
            if col.gt is not None:
                assert (values > col.gt).all(), (name, col.name)
            if col.kind == "date":
                assert values.between(S.DATA_START, S.DATA_END).all(), (name, col.name)
        assert not frame.duplicated(list(table.primary_key)).any(), name
        for fk, other in table.foreign_keys:
            ids = frame[fk].dropna()
            assert ids.isin(getattr(world, other)["customer_id"]).all(), (name, fk)


def test_same_seed_same_world_other_seed_other_world() -> None:
    a = generate_world(120, seed=3)
    b = generate_world(120, seed=3)
    c = generate_world(120, seed=4)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.truth == b.truth
    assert not a.transactions["amount"].equals(c.transactions["amount"])


def test_orders_are_consistent(world: World) -> None:
    tx = world.transactions
    # one row per category within an order, lines numbered 1..k
    assert not tx.duplicated(["order_id", "category"]).any()
    lines = tx.groupby("order_id")["line_no"].agg(["min", "max", "size"])
    assert (lines["min"] == 1).all() and (lines["max"] == lines["size"]).all()
    assert tx.groupby("order_id")["customer_id"].nunique().eq(1).all()
    # the first order is on the signup day
    first = tx.groupby("customer_id")["order_date"].min()
    signup = world.customers.set_index("customer_id")["signup_date"]
    assert first.reindex(signup.index).eq(signup).all()
    # list price = amount + discount; COGS 42-63% of list price; discount only on promotions
    list_price = tx["amount"] + tx["discount"]
    ratio = tx["cost"] / list_price
    assert ratio.between(0.41, 0.64).all()
    assert (tx.loc[tx["promotion"] == "none", "discount"] == 0).all()
    assert (tx.loc[tx["promotion"] != "none", "discount"] > 0).all()
    assert not (tx["returned"] & tx["written_off"]).any()
    # corporate orders are exactly the enterprise accounts' orders
    kind = world.customers.set_index("customer_id")["customer_type"]
    is_ent = tx["customer_id"].map(kind).eq("enterprise")
    assert (is_ent == (tx["sales_channel"] == "corporate")).all()
    assert not tx.loc[~is_ent, "written_off"].any()


def test_truth_matches_the_tables(world: World) -> None:
    tc = world.truth_customers
    assert list(tc["customer_id"]) == list(world.customers["customer_id"])
    assert (tc["alive_at_end"] == tc["dropout_date"].isna()).all()
    last = world.transactions.groupby("customer_id")["order_date"].max()
    dead = tc.dropna(subset=["dropout_date"]).set_index("customer_id")
    assert (last.reindex(dead.index) <= dead["dropout_date"]).all()
    # members in the truth are exactly the membership table
    assert set(tc.loc[tc["member"], "customer_id"]) == set(world.memberships["customer_id"])
    params = world.truth["parameters"]
    assert params["purchase"]["r"] > 0 and params["membership"]["alpha"] > 0
    assert world.truth["settings"] == {
        "n_customers": 400,
        "seed": 11,
        "covariate_effects": True,
        "data_start": S.DATA_START,
        "data_end": S.DATA_END,
        "time_unit": "week",
        "currency": "CNY",
    }


def test_memberships_and_leads_are_consistent(world: World) -> None:
    m = world.memberships
    assert (m["lapsed"] == m["lapse_date"].notna()).all()
    years = (m["lapse_date"].dt.year - m["join_date"].dt.year)[m["lapsed"]]
    assert (years == m.loc[m["lapsed"], "years_paid"]).all()
    leads = world.leads
    won = leads["stage_reached"] == "won"
    assert (won == leads["customer_id"].notna()).all()
    assert sorted(leads.loc[won, "customer_id"]) == sorted(world.customers["customer_id"])
    source = leads.loc[won].set_index("customer_id")["source"]
    channel = world.customers.set_index("customer_id")["channel"]
    assert source.reindex(channel.index).eq(channel).all()


def test_cases_follow_their_rules() -> None:
    world = generate_world(1500, seed=5)
    cases = world.truth["cases"]
    zhang = cases["ms_zhang"]["customer_id"]
    assert zhang is not None
    tx = world.transactions[world.transactions["customer_id"] == zhang]
    assert tx["order_date"].max().year == 2025 and tx["order_date"].max().month == 5
    assert tx.loc[tx["category"] == "kidswear", "order_id"].nunique() >= 3
    bad = cases["bad_debt_account"]["customer_id"]
    assert world.transactions.loc[world.transactions["customer_id"] == bad, "written_off"].any()


def test_without_covariates_the_purchase_model_is_textbook() -> None:
    world = generate_world(300, seed=8, covariate_effects=False)
    tc = world.truth_customers
    assert np.allclose(tc["purchase_rate"], tc["base_purchase_rate"])
    assert np.allclose(tc["dropout_probability"], tc["base_dropout_probability"])
    # no drop-out before the first repeat purchase: one-time buyers are all alive
    orders = world.transactions.groupby("customer_id")["order_id"].nunique()
    one_timers = orders[orders == 1].index
    assert tc.set_index("customer_id").loc[one_timers, "alive_at_end"].all()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_customers": 5}, ValueError, "n_customers: need at least 20"),
        ({"n_customers": 50.5}, TypeError, "n_customers: expected an integer"),
        ({"n_customers": True}, TypeError, "n_customers: expected an integer"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        generate_world(**kwargs)


def test_make_data_is_byte_for_byte_reproducible(tmp_path, capsys) -> None:
    assert main(["generate", "--out", str(tmp_path)]) == 0
    assert "wrote 8 files" in capsys.readouterr().out
    for name in FILES:
        fresh = (tmp_path / name).read_bytes()
        committed = (DATASETS / name).read_bytes()
        assert fresh == committed, f"datasets/{name} is stale: run `make data`"
    assert b"\r\n" not in (tmp_path / "transactions.csv").read_bytes()


def test_default_world_stays_small() -> None:
    total = sum((DATASETS / name).stat().st_size for name in FILES)
    assert total < 15e6


def _block(text: str, begin: str, end: str) -> str:
    return text.split(begin, 1)[1].split(end, 1)[0].strip("\n")


def test_readme_dictionary_and_parameters_are_current() -> None:
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    fix = "datasets/README.md is stale: run `python -m crmlab.data readme datasets/README.md`"
    assert _block(readme, DICTIONARY_BEGIN, DICTIONARY_END) == data_dictionary().strip("\n"), fix
    truth = json.loads((DATASETS / "truth.json").read_text(encoding="utf-8"))
    expected = parameters_markdown(truth).strip("\n")
    assert _block(readme, PARAMETERS_BEGIN, PARAMETERS_END) == expected, fix
    for table in TABLES.values():
        for col in table.columns:
            assert f"| `{col.name}` |" in readme, col.name


def test_data_dictionary_rejects_unknown_table() -> None:
    with pytest.raises(ValueError, match="table: unknown table 'orders'"):
        data_dictionary("orders")


def test_readme_command_refreshes_blocks(tmp_path) -> None:
    (tmp_path / "truth.json").write_bytes((DATASETS / "truth.json").read_bytes())
    readme = tmp_path / "README.md"
    readme.write_text(
        f"intro\n{DICTIONARY_BEGIN}\nSTALE-BLOCK\n{DICTIONARY_END}\n{PARAMETERS_BEGIN}\n{PARAMETERS_END}\n",
        encoding="utf-8",
    )
    assert main(["readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "STALE-BLOCK" not in text and "### customers — `customers.csv`" in text
    assert "| `purchase.r` | `0.6` |" in text


# ----------------------------------------------------------------------------- new category

LAUNCH = PARAMETERS["product_launch"]


def test_no_line_of_the_new_category_before_its_launch_day(world: World) -> None:
    tx = world.transactions
    assert LAUNCH["category"] in S.CATEGORIES
    new = tx["category"] == LAUNCH["category"]
    assert new.sum() > 0
    assert tx.loc[new, "order_date"].min() >= pd.Timestamp(LAUNCH["launch_date"])
    # after the launch it is a real part of the mix, and only one line of an order
    after = tx[tx["order_date"] >= pd.Timestamp(LAUNCH["launch_date"])]
    assert 0.03 < (after["category"] == LAUNCH["category"]).mean() < 0.25
    assert world.truth["parameters"]["product_launch"] == LAUNCH


def test_launch_weight_is_zero_before_and_ramps_up_after() -> None:
    launch = day_offset(LAUNCH["launch_date"])
    days = np.array([0, launch - 1, launch, launch + 30, launch + 400])
    weight = launch_weight(PARAMETERS, days, np.zeros(days.size, dtype=bool))
    assert weight[0] == weight[1] == 0.0
    assert 0 < weight[2] < weight[3] < weight[4] <= LAUNCH["weight_consumer"]
    enterprise = launch_weight(PARAMETERS, days[-1:], np.array([True]))
    assert enterprise[0] == pytest.approx(LAUNCH["weight_enterprise"], rel=0.01)


def test_the_launch_and_kano_streams_leave_the_other_draws_alone(monkeypatch) -> None:
    with_launch = generate_world(150, seed=9)
    monkeypatch.setitem(PARAMETERS["product_launch"], "weight_consumer", 0.0)
    monkeypatch.setitem(PARAMETERS["product_launch"], "weight_enterprise", 0.0)
    monkeypatch.setitem(PARAMETERS["kano"], "noise_share", 1.0)
    without = generate_world(150, seed=9)
    assert not without.transactions["category"].eq(LAUNCH["category"]).any()
    for name in ("customers", "leads", "service_contacts", "memberships"):
        pd.testing.assert_frame_equal(getattr(with_launch, name), getattr(without, name))
    kano = [c for c in S.SURVEY.names if c.startswith("kano_")]
    pd.testing.assert_frame_equal(
        with_launch.survey.drop(columns=kano), without.survey.drop(columns=kano)
    )
    assert not with_launch.survey[kano].equals(without.survey[kano])
    # the launched category takes some lines: only their category, quantity and cost change
    a, b = with_launch.transactions, without.transactions
    taken = a["category"] == LAUNCH["category"]
    assert taken.sum() > 0
    same = [c for c in S.TRANSACTIONS.names if c not in ("category", "quantity", "cost")]
    pd.testing.assert_frame_equal(a[same], b[same])
    pd.testing.assert_frame_equal(a[~taken], b[~taken])
    # it takes the last line of its order
    last = a.groupby("order_id")["line_no"].transform("max")
    assert (a.loc[taken, "line_no"] == last[taken]).all()


# ----------------------------------------------------------------------------- Kano

#: The Kano evaluation table (Berger et al. 1993), written out independently of the generator.
KANO_TABLE = {
    "like": ["questionable", "attractive", "attractive", "attractive", "one-dimensional"],
    "expect": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "neutral": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "live_with": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "dislike": ["reverse", "reverse", "reverse", "reverse", "questionable"],
}


def kano_majority(frame: pd.DataFrame, feature: str) -> pd.Series:
    """Shares of the evaluated Kano categories of one feature, largest first."""
    answers = list(KANO_TABLE)
    cats = [
        KANO_TABLE[f][answers.index(d)]
        for f, d in zip(
            frame[f"kano_{feature}_functional"],
            frame[f"kano_{feature}_dysfunctional"],
            strict=True,
        )
    ]
    return pd.Series(cats).value_counts(normalize=True)


def test_kano_parameters_are_consistent() -> None:
    kano = PARAMETERS["kano"]
    assert list(kano["features"]) == list(S.KANO_FEATURES)
    assert list(KANO_TABLE) == list(S.KANO_ANSWERS)
    for feature, spec in kano["features"].items():
        shares = spec["shares"]
        assert sum(shares.values()) == pytest.approx(1.0), feature
        assert max(shares, key=shares.get) == spec["category"], feature
    for category, pairs in kano["answer_pairs"].items():
        for functional, dysfunctional, _ in pairs:
            cell = KANO_TABLE[functional][S.KANO_ANSWERS.index(dysfunctional)]
            assert cell == category, (category, functional, dysfunctional)


def test_kano_answers_recover_the_true_category_by_majority() -> None:
    cols = kano_answers(np.random.default_rng(0), PARAMETERS, 20000)
    frame = pd.DataFrame(cols)
    noise = PARAMETERS["kano"]["noise_share"]
    for feature, spec in PARAMETERS["kano"]["features"].items():
        shares = kano_majority(frame, feature)
        assert shares.index[0] == spec["category"], feature
        # answers are the held category (1 − noise) plus random pairs (noise)
        for category, share in spec["shares"].items():
            assert shares.get(category, 0.0) == pytest.approx(share * (1 - noise), abs=0.035)
        assert 0 < shares.get("reverse", 0.0) + shares.get("questionable", 0.0) < 2 * noise


# ----------------------------------------------------------------------------- layering


def test_the_data_layer_imports_no_analysis_module() -> None:
    code = (
        "import sys\n"
        "import crmlab.data as d\n"
        "from crmlab.data.__main__ import main\n"
        "from crmlab.data._write import write_world\n"
        "import tempfile\n"
        "world = d.generate_world(40, seed=1)\n"
        "write_world(world, tempfile.mkdtemp())\n"
        "d.data_dictionary()\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('crmlab'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "crmlab.data._generate" in out
    ground = [m for m in out if _is_ground(m)]
    assert out == ground, f"crmlab.data imported {sorted(set(out) - set(ground))}"


def _is_ground(module: str) -> bool:
    """The data layer may use itself, ``crmlab._validate`` and ``crmlab.paths``."""
    parts = module.split(".")
    return len(parts) == 1 or parts[1] in ("data", "paths", "_validate")


def test_no_data_module_names_an_analysis_module_in_its_imports() -> None:
    folder = repo_root() / "crmlab" / "data"
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                if node.module == "crmlab":
                    names = [f"crmlab.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("crmlab"):
                    assert _is_ground(name), f"{path.name} imports {name}"


# ----------------------------------------------------------------------------- truth profit


def test_truth_profit_is_the_customer_profitability_of_the_value_chapter(world: World) -> None:
    from crmlab.value import customer_profitability

    ours = customer_profit(
        world.transactions, world.service_contacts, world.customers["customer_id"]
    )
    theirs = customer_profitability(
        world.transactions,
        world.customers[["customer_id"]],
        world.service_contacts,
        cost_per_order=COST_PER_ORDER,
        cost_per_return=COST_PER_RETURN,
        cost_per_contact=COST_PER_CONTACT,
    )
    pd.testing.assert_frame_equal(ours, theirs)
    profit = np.sort(ours["profit"].to_numpy())[::-1]
    summary = world.truth["summary"]
    assert summary["total_profit"] == round(float(profit.sum()), 2)
    assert summary["unprofitable_customer_share"] == round(float((profit < 0).mean()), 4)
