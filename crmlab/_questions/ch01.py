"""Self-check questions of chapter 01 (private)."""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, when
from crmlab._questions._common import CUSTOMER_KINDS, RELATIONSHIP_STAGES

CH01 = (
    Question(
        "ch01.franchisee_kind",
        "A franchisee runs one of the brand's stores in Chengdu and buys her stock from head "
        "office. Which of the four kinds of customer is she?",
        "一位加盟商在成都经营品牌的一家门店，从总部进货。她属于四类客户中的哪一类？",
        expected="b",
        kind="choice",
        choices=CUSTOMER_KINDS,
        hints=(
            chose("a", "enterprise customers buy for their own use; she buys to resell."),
            chose("c", "consumers buy for themselves; she buys stock to sell on."),
            chose("d", "internal customers are the firm's own staff and departments."),
        ),
        explanation="Distributors, agents and franchisees are channel customers (渠道客户).",
    ),
    Question(
        "ch01.warehouse_kind",
        "The warehouse team packs the orders that the online-shop team sells. To the warehouse, "
        "the online-shop team is which kind of customer?",
        "仓库团队为网店团队的订单打包发货。对仓库来说，网店团队是哪一类客户？",
        expected="d",
        kind="choice",
        choices=CUSTOMER_KINDS,
        hints=(
            chose("a", "an enterprise customer is another firm; this team is inside ours."),
            chose("b", "channels resell our products; this team is part of the firm."),
            chose("c", "no one here buys for private use."),
        ),
        explanation="Colleagues served by a department are internal customers (内部客户).",
    ),
    Question(
        "ch01.relationship_stage",
        "A shopper bought twice in 2022, nothing since, and now buys from a competitor. By the "
        "closeness of the relationship she is a …",
        "一位顾客在2022年买过两次，之后再没有购买，现在在竞争对手那里购物。按关系的远近，她是……",
        expected="e",
        kind="choice",
        choices=RELATIONSHIP_STAGES,
        hints=(
            chose("a", "she has bought from us before, so she is not a non-customer."),
            chose("b", "potential customers have not bought yet; she has."),
            chose("c", "target customers are the ones we choose to pursue before they buy."),
            chose("d", "a current customer is still buying from us."),
        ),
        explanation="Customers who used to buy and have left are lost customers (流失客户).",
    ),
    Question(
        "ch01.crm_levels",
        "CRM is understood at three levels. Which three? (pick from the options)",
        "客户关系管理可以从哪三个层面来理解？（从选项中选）",
        expected={"philosophy", "technology", "implementation"},
        kind="labels",
        options={
            "philosophy": ("理念", "idea", "concept"),
            "technology": ("技术", "it", "information technology"),
            "implementation": ("实施",),
            "product": ("产品",),
            "price": ("价格",),
            "promotion": ("促销",),
        },
        hint="two of the levels are a way of thinking and a tool; the third is putting them "
        "to work. Product, price and promotion belong to the 4P.",
        explanation="CRM is a philosophy (理念), a technology (技术) and an implementation (实施).",
    ),
    Question(
        "ch01.four_c",
        "Lauterborn's 4C replaced the seller's 4P with the customer's view. Which four?",
        "劳特朋的4C理论从顾客角度替代了4P。是哪四个C？",
        expected={"customer needs", "cost", "convenience", "communication"},
        kind="labels",
        options={
            "customer needs": ("customer", "consumer", "needs", "customer wants", "顾客需求"),
            "cost": ("customer cost", "成本"),
            "convenience": ("便利",),
            "communication": ("沟通",),
            "channel": ("渠道",),
            "competition": ("竞争",),
            "relevance": ("关联",),
        },
        hint="each C takes the customer's side of one P: product → ?, price → ?, place → ?, "
        "promotion → ?",
        explanation="Product → customer needs (顾客需求), price → cost (成本), place → "
        "convenience (便利), promotion → communication (沟通).",
    ),
    Question(
        "ch01.share_of_wallet",
        "A customer spends {currency}10,000 a year on clothes, {currency}2,500 of it with us. "
        "What is our share of her wallet (钱夹份额)?",
        "一位顾客每年在服装上花费{currency}10,000，其中{currency}2,500花在我们这里。"
        "我们的钱夹份额是多少？",
        expected=lambda: 2_500 / 10_000,
        share=True,
        abs_tol=0.005,
        hints=(
            # 10,000 / 2,500 = 4, and a bare 4 is read as 4 % (share=True)
            near(lambda e: 1 / e / 100, "the share is our part ÷ her total, not the other way."),
            near(lambda e: 1 - e, "that is what she spends elsewhere; we want our part."),
        ),
        hint="our part of her spending ÷ all her spending in the category.",
        explanation="Share of wallet = our part ÷ her whole spending in the category: "
        "{currency}2,500 ÷ {currency}10,000.",
    ),
    Question(
        "ch01.lost_share",
        "Of the customers in our database (leads not counted), what share are lost customers "
        "on the notebook's observation end (the last day its analysis sees), by the inactivity "
        "rule of section 3?",
        "在数据库中的客户里（不含线索），按第3节的不活跃规则，在观察期末（分析所见的最后一天）"
        "有多大比例是流失客户？",
        expected=lambda stages: float(
            stages.loc[stages["record"].eq("customer"), "stage"].eq("lost").mean()
        ),
        share=True,
        abs_tol=0.005,
        hints=(
            when(
                lambda got, expected: got < expected / 2,
                "did you divide by all leads and customers? Count customers only.",
            ),
            near(lambda e: 1 - e, "that is the share of current customers; we want the lost."),
        ),
        hint="lost customers ÷ all customers (rows with record == 'customer').",
        explanation="Lost customers ÷ all customers, leads left out: the mean of "
        "stage == 'lost' over the rows with record == 'customer'. A database full of lost "
        "customers is the retention problem of chapter 07.",
    ),
)
