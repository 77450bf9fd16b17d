"""The open contract: an analyst's data need only the required columns and their own values.

Issue 9, problem 1: the contract demanded the fictional shop's 13 columns and its
category/city values. Now the company's own data (the committed dataset, or a folder
holding ``truth.json``) are checked strictly, an analyst's data for types, missing values
and duplicate keys only, and absent columns get documented defaults at the boundary.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import crmlab.data as data
from crmlab.data import (
    TABLES,
    DataError,
    Tables,
    conform,
    generate_world,
    load_customers,
    load_memberships,
    load_survey,
    load_tables,
    load_transactions,
)
from crmlab.data._write import write_world
from crmlab.paths import repo_root

FIXTURES = Path(__file__).parent / "fixtures"
README = repo_root() / "datasets" / "README.md"
THREE = {"客户编号": "customer_id", "下单日期": "order_date", "金额": "amount"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_world(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("world")
    world = generate_world(60, seed=5)
    write_world(world, folder)
    return world, folder


# ----------------------------------------------------------------------------- the schema


def test_required_columns_of_analysts_data():
    required = {name: table.required for name, table in TABLES.items()}
    assert required == {
        "customers": ["customer_id"],
        "leads": ["lead_id", "stage_reached"],
        "transactions": ["customer_id", "order_date", "amount"],
        "survey": ["customer_id"],
        "service_contacts": ["customer_id", "contact_date"],
        "memberships": ["customer_id"],
    }
    for table in TABLES.values():  # a required column is one the company always has
        assert all(table.column(c).company for c in table.required)


def test_the_readme_says_what_is_required_of_your_data():
    text = README.read_text(encoding="utf-8")
    assert "Required of your own data: `customer_id`, `order_date`, `amount`;" in text
    assert "| `order_id` | string |  | optional; default: one order per customer-day" in text
    assert "| `amount` | float64 | CNY | **required** |" in text
    assert "| `cost` | float64 | CNY | optional; stays absent: margin analyses take" in text


def test_new_names_are_exported():
    assert {"from_transactions", "load_tables", "Tables"} <= set(data.__all__)


# ----------------------------------------------------------------------------- problem 1


def test_the_three_column_example_of_the_readme_works(tmp_path):
    path = _write(
        tmp_path / "my_orders.csv",
        "客户编号,下单日期,金额\nC1,2024-03-08,199\nC1,2024-03-08,0\nC2,2024-04-01,89.5\n"
        "C1,2024-05-02,59\n",
    )
    tx = load_transactions(path, columns=THREE)
    assert tx.columns.tolist() == [
        "order_id",
        "line_no",
        "customer_id",
        "order_date",
        "amount",
        "returned",
        "written_off",
    ]
    assert tx["order_id"].tolist() == [
        "C1|2024-03-08",
        "C1|2024-03-08",
        "C2|2024-04-01",
        "C1|2024-05-02",
    ]
    assert tx["line_no"].tolist() == [1, 2, 1, 1]
    assert not tx["returned"].any() and not tx["written_off"].any()
    assert tx["amount"].tolist() == [199.0, 0.0, 89.5, 59.0]  # the free line stays
    report = tx.attrs["load_report"]
    assert report.strict is False
    assert [c for c, _ in report.defaults] == ["order_id", "line_no", "returned", "written_off"]
    assert "cost" in report.missing_optional
    text = str(report)
    assert "analyst's data: open contract" in text
    assert "default for absent column order_id: one order per customer-day" in text


def test_a_missing_required_column_says_what_is_required(tmp_path):
    path = _write(tmp_path / "orders.csv", "客户编号,下单日期\nC1,2024-03-08\n")
    with pytest.raises(DataError) as info:
        load_transactions(path, columns={"客户编号": "customer_id", "下单日期": "order_date"})
    message = str(info.value)
    assert "missing required column(s) 'amount'" in message
    assert "your transactions need only customer_id, order_date, amount" in message


def test_the_companys_values_and_ranges_apply_only_to_the_company(tmp_path):
    path = _write(
        tmp_path / "sales.csv",
        "customer_id,order_date,amount,category,sales_channel,quantity\n"
        "a,2024-03-08,19.9,Handbags,wechat,1\n"
        "a,2024-03-09,0,Samples,wechat,0\n",
    )
    tx = load_transactions(path)
    assert tx["category"].tolist() == ["Handbags", "Samples"]
    assert tx["sales_channel"].tolist() == ["wechat", "wechat"]
    assert tx["quantity"].tolist() == [1, 0]
    with pytest.raises(DataError) as info:
        load_transactions(path, strict=True)
    message = str(info.value)
    assert "missing required column(s) 'order_id'" in message  # the company has every column
    assert "the company's data has every contract column" in message


def test_an_analysts_data_is_still_checked_for_types_missing_values_and_keys(tmp_path):
    header = "order_id,line_no,customer_id,order_date,amount\n"
    cases = [
        ("O1,1,a,2024-03-08,lots\n", "column 'amount': 1 value\\(s\\) not a number at row 2 "),
        ("O1,1,,2024-03-08,5\n", "column 'customer_id': 1 value\\(s\\) missing"),
        ("O1,1,a,someday,5\n", "column 'order_date': 1 value\\(s\\) not a date"),
        ("O1,1,a,2099-03-08,5\n", "after the end of the data"),
        ("O1,1,a,2024-03-08,5\nO1,1,b,2024-03-09,6\n", "repeating a key that must be unique"),
        ("O1,1.5,a,2024-03-08,5\n", "column 'line_no': 1 value\\(s\\) not whole numbers"),
    ]
    for rows, match in cases:
        path = _write(tmp_path / "orders.csv", header + rows)
        with pytest.raises(DataError, match=match):
            load_transactions(path)


def test_negative_lines_in_an_analysts_table_are_netted(tmp_path):
    path = _write(
        tmp_path / "orders.csv",
        "customer_id,order_date,amount\n"
        "a,2024-03-08,100\na,2024-03-09,-100\nb,2024-03-08,40\nb,2024-03-10,-15\nc,2024-03-08,-5\n",
    )
    tx = load_transactions(path)
    assert tx[["customer_id", "amount"]].values.tolist() == [["b", 25.0]]
    report = tx.attrs["load_report"]
    assert report.customers_removed == 2  # a cancelled everything, c only returned
    assert report.count("return lines with no earlier purchase to net against") == 1
    assert report.unmatched_amount == -5.0
    assert report.count("purchase days removed") == 1


def test_order_ids_kept_and_line_numbers_filled(tmp_path):
    path = _write(
        tmp_path / "orders.csv",
        "order_id,customer_id,order_date,amount\nX1,a,2024-03-08,5\nX1,a,2024-03-08,6\n"
        "X2,a,2024-03-08,7\n",
    )
    tx = load_transactions(path)
    assert tx[["order_id", "line_no"]].values.tolist() == [["X1", 1], ["X1", 2], ["X2", 1]]
    path = _write(
        tmp_path / "lines.csv",
        "line_no,customer_id,order_date,amount\n1,a,2024-03-08,5\n1,a,2024-03-08,6\n",
    )
    tx = load_transactions(path)
    assert tx["line_no"].tolist() == [1, 2]
    assert "line_no renumbered" in " ".join(tx.attrs["load_report"].notes)


# ----------------------------------------------------------------------------- strict or open


def test_strict_is_chosen_by_the_folder(small_world, tmp_path):
    _, folder = small_world
    assert load_customers().attrs["load_report"].strict is True  # the committed dataset
    assert load_customers(folder).attrs["load_report"].strict is True  # holds truth.json
    copy = tmp_path / "customers.csv"
    copy.write_bytes((folder / "customers.csv").read_bytes())
    assert load_customers(copy).attrs["load_report"].strict is False
    assert load_customers(copy, strict=True).attrs["load_report"].strict is True
    assert "company's data: strict contract" in str(load_customers(folder).attrs["load_report"])
    frame = pd.read_csv(copy, dtype=str)
    assert conform(frame, "customers").attrs["load_report"].strict is False
    assert conform(frame, "customers", strict=True).attrs["load_report"].strict is True


def test_conform_strict_applies_the_companys_lists():
    frame = pd.DataFrame({"customer_id": ["a"], "region": ["Manchester"]})
    assert conform(frame, "customers")["region"].tolist() == ["Manchester"]
    with pytest.raises(DataError, match="missing required column"):
        conform(frame, "customers", strict=True)


# ----------------------------------------------------------------------------- other tables


def test_a_0_to_10_survey_loads_openly_and_fails_the_companys_scales():
    path = FIXTURES / "survey_0_10.csv"
    survey = load_survey(path)
    raw = pd.read_csv(path)
    assert survey["overall_satisfaction"].tolist() == raw["overall_satisfaction"].tolist()
    assert survey["overall_satisfaction"].max() > 5 and survey["overall_satisfaction"].min() == 0
    assert "response_id" in survey.attrs["load_report"].missing_optional
    with pytest.raises(DataError, match="missing required column"):
        load_survey(path, strict=True)


def test_yes_no_churn_labels_are_parsed_and_garbage_rejected(tmp_path):
    path = FIXTURES / "subscriptions.csv"
    members = load_memberships(path, columns={"customerID": "customer_id", "Churn": "lapsed"})
    raw = pd.read_csv(path)
    assert members["lapsed"].dtype == bool
    assert members["lapsed"].tolist() == (raw["Churn"] == "Yes").tolist()
    assert 0 < members["lapsed"].sum() < len(members)  # not all true
    assert members["tenure"].tolist() == raw["tenure"].tolist()  # kept as an extra column
    frame = pd.DataFrame({"会员": ["a", "b", "c"], "流失": ["是", "否", "是"]})
    out = conform(frame, "memberships", columns={"会员": "customer_id", "流失": "lapsed"})
    assert out["lapsed"].tolist() == [True, False, True]
    bad = raw.copy()
    bad.loc[4, "Churn"] = "Maybe"
    bad_path = tmp_path / "subscriptions.csv"
    bad.to_csv(bad_path, index=False)
    with pytest.raises(DataError) as info:
        load_memberships(bad_path, columns={"customerID": "customer_id", "Churn": "lapsed"})
    message = str(info.value)
    assert "column 'lapsed': 1 value(s) not True/False at row 6 " in message
    assert "'Maybe'" in message and info.value.rows == (6,)


def test_lapsed_is_filled_from_lapse_date():
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "join_date": ["2023-01-01", "2023-02-01"],
            "lapse_date": ["2024-01-01", None],
        }
    )
    members = conform(frame, "memberships")
    assert members["lapsed"].tolist() == [True, False]
    assert members.attrs["load_report"].defaults[0][0] == "lapsed"


def test_leads_rules_of_the_company_only_apply_strictly(small_world, tmp_path):
    _, folder = small_world
    leads = pd.read_csv(folder / "leads.csv", dtype=str)
    lost = leads.index[leads["stage_reached"] == "lead"][0]
    leads.loc[lost, "customer_id"] = "C00001"
    leads.loc[lost, "stage_reached"] = "cold"
    path = tmp_path / "leads.csv"
    leads.to_csv(path, index=False)
    assert _stage_of(path) == "cold"
    with pytest.raises(DataError, match="stage_reached"):
        data.load_leads(path, strict=True)


def _stage_of(path: Path) -> str:
    leads = data.load_leads(path)
    return leads.loc[leads["customer_id"] == "C00001", "stage_reached"].iloc[-1]


# ----------------------------------------------------------------------------- load_tables


def test_load_tables_of_the_committed_dataset():
    tables = load_tables()
    assert isinstance(tables, Tables)
    assert tables.present == [
        "customers",
        "leads",
        "transactions",
        "survey",
        "service_contacts",
        "memberships",
        "truth",
    ]
    assert all(tables.missing(name) is None for name in tables.present)
    assert tables.transactions.attrs["load_report"].strict is True
    assert tables.truth is not None and tables.folder.name == "datasets"
    assert "transactions=" in repr(tables) and "truth=yes" in repr(tables)


def test_load_tables_of_an_analysts_folder(tmp_path):
    _write(tmp_path / "transactions.csv", "customer_id,order_date,amount\na,2024-03-08,5\n")
    (tmp_path / "survey.csv").write_bytes((FIXTURES / "survey_0_10.csv").read_bytes())
    tables = load_tables(tmp_path)
    assert tables.present == ["transactions", "survey"]
    assert tables.customers is None and tables.truth is None
    assert tables.transactions["order_id"].tolist() == ["a|2024-03-08"]
    assert tables.survey.attrs["load_report"].strict is False
    assert tables.missing("survey") is None
    sentence = tables.missing("memberships")
    assert sentence.startswith(
        "这一节需要 memberships.csv（付费会员），你的数据文件夹里没有，本节跳过。"
    )
    assert sentence.endswith(
        "This section needs memberships.csv (the paid memberships), which your folder does "
        "not have; skipped."
    )
    assert "truth.json" in tables.missing("truth")
    assert "customers=absent" in repr(tables)
    with pytest.raises(ValueError, match="unknown table 'orders'"):
        tables.missing("orders")


def test_load_tables_needs_transactions(tmp_path):
    (tmp_path / "survey.csv").write_bytes((FIXTURES / "survey_0_10.csv").read_bytes())
    with pytest.raises(DataError) as info:
        load_tables(tmp_path)
    message = str(info.value)
    assert "no transactions.csv here (the folder has: survey.csv)" in message
    assert "data.from_transactions" in message
    with pytest.raises(DataError, match="nowhere, which is not a folder"):
        load_tables(tmp_path / "nowhere")


def test_load_tables_strict_checks_customer_ids(small_world, tmp_path):
    _, folder = small_world
    for name in ("customers.csv", "transactions.csv", "truth.json", "truth_customers.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    customers = pd.read_csv(tmp_path / "customers.csv", dtype=str)
    customers.iloc[1:].to_csv(tmp_path / "customers.csv", index=False)  # one customer gone
    with pytest.raises(DataError, match="not found in the customers table"):
        load_tables(tmp_path)
    assert load_tables(tmp_path, strict=False).customers is not None


def test_a_time_of_day_on_the_last_day_is_not_after_the_data(tmp_path):
    path = _write(
        tmp_path / "orders.csv",
        "customer_id,order_date,amount\na,2025-12-31 18:30,5\nb,2026-01-01 00:00,6\n",
    )
    tx = load_transactions(path, data_end="2025-12-31", drop_invalid=True)
    assert tx["order_date"].tolist() == [pd.Timestamp("2025-12-31 18:30")]
    assert tx.attrs["load_report"].dropped == (
        ("order_date: after the end of the data (2025-12-31)", 1),
    )
