"""The data contract: every table of the synthetic company, column by column.

This module is the single source of truth for column names, dtypes and allowed
values. The generator writes these columns, the loaders check them, the analysis
functions default to these names, and ``datasets/README.md`` documents them.

Kinds (``Column.kind``):

- ``"id"``: a string key (never parsed as a number: ``"C00042"``);
- ``"str"``: free text or a code from ``allowed``;
- ``"category"``: one of ``allowed``;
- ``"date"``: a calendar date, written ``YYYY-MM-DD``, read as ``datetime64[ns]``;
- ``"int"`` / ``"float"``: numbers (``min`` / ``max`` bound them where given);
- ``"bool"``: written ``True``/``False`` (loaders also accept 1/0, yes/no, 是/否).

Two kinds of data meet this contract:

- **the company's own data** (the committed ``datasets/``, or any folder holding the
  generator's ``truth.json``) is loaded *strictly*: every column with ``company=True`` must
  be there and every value must be one of ``allowed`` and inside ``min``/``max``/``gt``;
- **an analyst's own data** is loaded *openly*: only the columns with ``required=True`` must
  be there (for transactions ``customer_id``, ``order_date`` and ``amount``), and values are
  checked for type, missing cells and duplicate keys only — the company's value lists and
  ranges do not apply. An absent column gets its ``default`` at the boundary (e.g. one order
  per customer-day for ``order_id``, ``False`` for ``returned``); a column without a default
  stays absent and the analyses that need it say so.

``nullable=True`` columns may hold empty cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The first and last day of the synthetic company's history (the observation window).
DATA_START = "2021-01-01"
DATA_END = "2025-12-31"


@dataclass(frozen=True)
class Column:
    """One column of a table in the data contract."""

    name: str
    kind: str
    description: str
    unit: str = ""
    #: every table of this kind must have the column, an analyst's own data included
    required: bool = False
    #: the company's own data always has the column (strict loading insists on it)
    company: bool = True
    nullable: bool = False
    #: the company's allowed values (checked only for the company's own data)
    allowed: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    #: strict lower bound (``value > gt``), e.g. amounts that must be positive
    gt: float | None = None
    #: what the boundary does when an analyst's table lacks the column, e.g. "default: `False`"
    #: ("" = the column stays absent)
    default: str = ""


@dataclass(frozen=True)
class Table:
    """One table (CSV file) of the data contract."""

    name: str
    filename: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    #: (column, other table) pairs: every value must exist in the other table's key
    foreign_keys: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        """The columns every table of this kind must have (an analyst's own data included)."""
        return [c.name for c in self.columns if c.required]


CHANNELS = ("referral", "store", "online_ads", "social_media", "bought_list", "trade_fair")
REGIONS = (
    "Beijing",
    "Shanghai",
    "Guangzhou",
    "Shenzhen",
    "Chengdu",
    "Wuhan",
    "Xi'an",
    "Kunming",
    "Lanzhou",
    "Harbin",
)
CATEGORIES = (
    "dresses",
    "tops",
    "skirts",
    "trousers",
    "outerwear",
    "knitwear",
    "shoes",
    "accessories",
    "kidswear",
    "activewear",
)
PROMOTIONS = ("none", "womens_day", "618", "double11", "member_day", "clearance")
SALES_CHANNELS = ("online", "store", "corporate")
LEAD_STAGES = ("lead", "contacted", "interested", "negotiating", "won")
SURVEY_ATTRIBUTES = ("quality", "style", "price", "service", "delivery")
CONTACT_TYPES = ("inquiry", "complaint")
CONTACT_TOPICS = ("delivery", "quality", "size", "refund", "billing", "product_info", "other")
#: Candidate features asked about with Kano's paired questions (Kano et al. 1984).
KANO_FEATURES = (
    "free_alterations",
    "same_day_delivery",
    "personal_stylist",
    "mobile_app",
    "eco_packaging",
)
#: Answers to a Kano question, in the order of the Kano evaluation table.
KANO_ANSWERS = ("like", "expect", "neutral", "live_with", "dislike")
_KANO_FEATURE_TEXT = {
    "free_alterations": "free alterations (免费改衣)",
    "same_day_delivery": "same-day delivery (当日达)",
    "personal_stylist": "a personal stylist (私人搭配师)",
    "mobile_app": "a mobile app (手机App)",
    "eco_packaging": "eco-friendly packaging (环保包装)",
}

CUSTOMERS = Table(
    name="customers",
    filename="customers.csv",
    description="One row per customer: who they are, how and when they were acquired.",
    primary_key=("customer_id",),
    columns=(
        Column("customer_id", "id", "Customer key, e.g. C00042.", required=True),
        Column(
            "customer_type",
            "category",
            "Consumer (a shopper) or enterprise (a corporate-orders account).",
            allowed=("consumer", "enterprise"),
        ),
        Column("signup_date", "date", "Day the customer was acquired (their first order)."),
        Column("channel", "category", "Acquisition channel (获客渠道).", allowed=CHANNELS),
        Column(
            "acquisition_cost",
            "float",
            "Marketing cost spent to acquire this customer (获取成本), including the cost "
            "of all the leads (won and lost) it took to win them.",
            unit="CNY",
            min=0,
        ),
        Column("region", "category", "City / sales region.", allowed=REGIONS),
        Column(
            "competition",
            "category",
            "Competitive intensity of the region (竞争强度).",
            allowed=("high", "low"),
        ),
        Column(
            "gender",
            "category",
            "Consumer's gender; empty for enterprises.",
            allowed=("F", "M"),
            company=False,
            nullable=True,
        ),
        Column(
            "age",
            "int",
            "Consumer's age at signup; empty for enterprises.",
            unit="years",
            company=False,
            nullable=True,
            min=16,
            max=90,
        ),
        Column(
            "industry",
            "str",
            "Enterprise's industry; empty for consumers.",
            company=False,
            nullable=True,
        ),
        Column(
            "employees",
            "int",
            "Enterprise's head count; empty for consumers.",
            company=False,
            nullable=True,
            min=1,
        ),
    ),
)

LEADS = Table(
    name="leads",
    filename="leads.csv",
    description=(
        "The prospect pipeline (销售漏斗): one row per lead from any source, the MAN "
        "qualification attributes and the furthest stage reached. Won leads carry the "
        "customer_id they became."
    ),
    primary_key=("lead_id",),
    foreign_keys=(("customer_id", "customers"),),
    columns=(
        Column("lead_id", "id", "Lead key, e.g. L000123.", required=True),
        Column(
            "lead_type",
            "category",
            "Consumer or enterprise prospect.",
            allowed=("consumer", "enterprise"),
        ),
        Column(
            "source", "category", "Where the lead came from (寻找客户的方法).", allowed=CHANNELS
        ),
        Column("created_date", "date", "Day the lead entered the pipeline."),
        Column("cost", "float", "Cost of generating this lead.", unit="CNY", min=0),
        Column("money", "bool", "MAN: the prospect can afford to buy (购买力)."),
        Column("authority", "bool", "MAN: the contact can decide the purchase (决策权)."),
        Column("need", "bool", "MAN: the prospect has a need we can meet (需求)."),
        Column(
            "stage_reached",
            "category",
            "Furthest funnel stage reached, in order: " + " → ".join(LEAD_STAGES) + ".",
            required=True,
            allowed=LEAD_STAGES,
        ),
        Column(
            "customer_id",
            "id",
            "The customer this lead became; empty unless stage_reached is 'won'.",
            nullable=True,
        ),
    ),
)

TRANSACTIONS = Table(
    name="transactions",
    filename="transactions.csv",
    description=(
        "Order lines (订单明细): one row per product category in an order. Returns and "
        "written-off (unpaid) lines stay in the table, flagged, so nothing disappears."
    ),
    primary_key=("order_id", "line_no"),
    foreign_keys=(("customer_id", "customers"),),
    columns=(
        Column(
            "order_id",
            "id",
            "Order key, e.g. O0001234.",
            default="default: one order per customer-day, `<customer_id>|<YYYY-MM-DD>`",
        ),
        Column(
            "line_no",
            "int",
            "Line number within the order, from 1.",
            min=1,
            default="default: 1, 2, … within the order, in the order of the lines",
        ),
        Column("customer_id", "id", "Who bought.", required=True),
        Column(
            "order_date",
            "date",
            "Day of the order (an analyst's log may carry the time of day too).",
            required=True,
        ),
        Column("sales_channel", "category", "Where it was sold.", allowed=SALES_CHANNELS),
        Column(
            "category",
            "category",
            "Product category. activewear (运动休闲) was launched part-way through the "
            "history: no line before its launch day (truth.json → product_launch).",
            allowed=CATEGORIES,
        ),
        Column("quantity", "int", "Items on the line.", unit="items", min=1),
        Column(
            "amount",
            "float",
            "Revenue of the line after discount (what the customer paid). In an analyst's "
            "log a negative amount is a return or cancellation, netted against the "
            "customer's earlier purchases where the data enter; zero is a free item.",
            unit="CNY",
            required=True,
            gt=0,
        ),
        Column(
            "cost",
            "float",
            "Cost of goods sold for the line.",
            unit="CNY",
            min=0,
            default="stays absent: margin analyses take a `margin=` rate instead",
        ),
        Column("discount", "float", "Promotion discount given on the line.", unit="CNY", min=0),
        Column(
            "promotion",
            "category",
            "Campaign the line was bought under, 'none' at full price.",
            allowed=PROMOTIONS,
        ),
        Column(
            "returned",
            "bool",
            "The line was returned and refunded (退货).",
            default="default: `False` (no line returned)",
        ),
        Column(
            "written_off",
            "bool",
            "The line was never paid and was written off as bad debt (坏账).",
            default="default: `False` (no bad debt)",
        ),
    ),
)

_SURVEY_ATTRIBUTE_COLUMNS: tuple[Column, ...] = tuple(
    col
    for attr in SURVEY_ATTRIBUTES
    for col in (
        Column(
            f"importance_{attr}",
            "int",
            f"How important {attr} is to the respondent.",
            unit="1-10",
            min=1,
            max=10,
        ),
        Column(
            f"expected_{attr}",
            "int",
            f"Expected performance on {attr} before buying (期望).",
            unit="1-10",
            min=1,
            max=10,
        ),
        Column(
            f"perceived_{attr}",
            "int",
            f"Perceived performance on {attr} after buying (感知).",
            unit="1-10",
            min=1,
            max=10,
        ),
    )
)

_DELIVERED_VALUE_COLUMNS: tuple[Column, ...] = tuple(
    Column(name, "int", text, unit="1-10", min=1, max=10)
    for name, text in (
        ("product_value", "Value of the product (产品价值)."),
        ("service_value", "Value of the service (服务价值)."),
        ("personnel_value", "Value of the staff (人员价值)."),
        ("image_value", "Value of the brand image (形象价值)."),
        ("money_cost", "Money spent (货币成本)."),
        ("time_cost", "Time spent (时间成本)."),
        ("energy_cost", "Effort spent (精力成本)."),
        ("psychic_cost", "Worry and stress (精神成本)."),
    )
)

_KANO_COLUMNS: tuple[Column, ...] = tuple(
    col
    for feature in KANO_FEATURES
    for col in (
        Column(
            f"kano_{feature}_functional",
            "category",
            f"Kano functional question (正向问题): how do you feel if we offer "
            f"{_KANO_FEATURE_TEXT[feature]}?",
            allowed=KANO_ANSWERS,
            company=False,
        ),
        Column(
            f"kano_{feature}_dysfunctional",
            "category",
            f"Kano dysfunctional question (反向问题): how do you feel if we do not offer "
            f"{_KANO_FEATURE_TEXT[feature]}?",
            allowed=KANO_ANSWERS,
            company=False,
        ),
    )
)

SURVEY = Table(
    name="survey",
    filename="survey.csv",
    description=(
        "Customer satisfaction survey (客户满意度调查): one row per respondent. Scores "
        "are 1-10 unless said otherwise."
    ),
    primary_key=("response_id",),
    foreign_keys=(("customer_id", "customers"),),
    columns=(
        Column("response_id", "id", "Survey response key, e.g. S00077."),
        Column("customer_id", "id", "Who answered.", required=True),
        Column("survey_date", "date", "Day of the answer."),
        *_SURVEY_ATTRIBUTE_COLUMNS,
        *_DELIVERED_VALUE_COLUMNS,
        Column(
            "overall_satisfaction",
            "int",
            "Overall satisfaction, 1 very dissatisfied … 5 completely satisfied.",
            unit="1-5",
            min=1,
            max=5,
        ),
        Column(
            "likelihood_to_recommend",
            "int",
            "How likely to recommend us to a friend (NPS question).",
            unit="0-10",
            min=0,
            max=10,
        ),
        Column(
            "relative_attitude",
            "int",
            "Preference for our brand over alternatives (相对态度).",
            unit="1-7",
            min=1,
            max=7,
        ),
        Column(
            "named_first",
            "bool",
            "Named our brand first when asked for a women's fashion brand (指名度).",
        ),
        Column(
            "speaks_well",
            "bool",
            "Says good things about us to others (美誉度).",
        ),
        *_KANO_COLUMNS,
    ),
)

SERVICE_CONTACTS = Table(
    name="service_contacts",
    filename="service_contacts.csv",
    description="Service contacts (客户服务记录): inquiries and complaints, and how they ended.",
    primary_key=("contact_id",),
    foreign_keys=(("customer_id", "customers"),),
    columns=(
        Column("contact_id", "id", "Contact key, e.g. K00011."),
        Column("customer_id", "id", "Who contacted us.", required=True),
        Column("contact_date", "date", "Day of the contact.", required=True),
        Column("contact_type", "category", "Inquiry or complaint (投诉).", allowed=CONTACT_TYPES),
        Column("topic", "category", "What it was about.", allowed=CONTACT_TOPICS),
        Column("resolved", "bool", "The matter was resolved."),
        Column(
            "resolution_days",
            "float",
            "Days from contact to resolution; empty when unresolved.",
            unit="days",
            nullable=True,
            min=0,
        ),
    ),
)

MEMBERSHIPS = Table(
    name="memberships",
    filename="memberships.csv",
    description=(
        "Paid annual membership (付费会员) contracts: one row per member. A member pays "
        "each year on the anniversary of joining until they lapse."
    ),
    primary_key=("customer_id",),
    foreign_keys=(("customer_id", "customers"),),
    columns=(
        Column("customer_id", "id", "The member.", required=True),
        Column("join_date", "date", "Day of the first payment."),
        Column("annual_fee", "float", "Fee paid each membership year.", unit="CNY", gt=0),
        Column(
            "years_paid",
            "int",
            "Membership years paid so far (1 = joined, never renewed).",
            unit="years",
            min=1,
        ),
        Column(
            "lapsed",
            "bool",
            "The member has not renewed (流失); False = still a member.",
            default="default: `True` where `lapse_date` is filled in (when the table has it)",
        ),
        Column(
            "lapse_date",
            "date",
            "Day the unpaid renewal fell due; empty while still a member.",
            nullable=True,
        ),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (CUSTOMERS, LEADS, TRANSACTIONS, SURVEY, SERVICE_CONTACTS, MEMBERSHIPS)
}
