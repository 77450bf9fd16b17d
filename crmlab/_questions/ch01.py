"""Self-check questions of chapter 01 (private).

Two questions read a record or a result rather than a printed number:
``ch01.stage_from_record`` asks to place a customer on the relationship scale from her
record (the rule of section 3 against what the record tempts one to say), and
``ch01.member_revenue`` is asked *before* the cell that compares members with the other
customers ("predict, then run"): its answer is the band the computed ratio falls in.
"""

from __future__ import annotations

from crmlab._question_types import Question, chose, near, when

#: The four core kinds of customer (客户的核心范畴), Chinese first.
CUSTOMER_KINDS = {
    "a": "企业（enterprise）",
    "b": "渠道（channel）",
    "c": "消费者（consumer）",
    "d": "内部客户（internal customer）",
}

#: The relationship scale from the most distant to the lost (按关系远近).
RELATIONSHIP_STAGES = {
    "a": "非客户（non-customer）",
    "b": "潜在客户（potential customer）",
    "c": "目标客户（target customer）",
    "d": "现实客户（current customer）",
    "e": "流失客户（lost customer）",
}

#: Bands of members' revenue per customer ÷ the others' (the choices of ch01.member_revenue).
MEMBER_BANDS = {
    "a": "明显更低：不到0.9倍（clearly less: below 0.9×）",
    "b": "差不多：0.9–1.1倍（about the same: 0.9–1.1×）",
    "c": "略高：1.1–1.5倍（somewhat more: 1.1–1.5×）",
    "d": "高得多：1.5倍以上（much more: 1.5× or above）",
}


def member_band(comparison) -> str:
    """The letter of :data:`MEMBER_BANDS` that members' revenue ratio falls in.

    ``comparison`` is the result of :func:`crmlab.customer_base.member_comparison`
    (``attrs["revenue_ratio"]``: members' revenue per customer ÷ the others').
    """
    ratio = float(comparison.attrs["revenue_ratio"])
    if ratio < 0.9:
        return "a"
    if ratio < 1.1:
        return "b"
    return "c" if ratio < 1.5 else "d"


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
            chose(
                "a",
                "企业客户买来是自己用，或附加在自己的产品和业务上；她进货是为了转售（resell）。",
            ),
            chose("c", "消费者为自己或家庭购买；她进的货要卖给别人。"),
            chose("d", "内部客户是企业自己的员工和部门；加盟商是独立经营者。"),
        ),
        hint="想一想她买货的目的：自己用，还是卖出去？",
        explanation="分销商、代理商和特许经营者（加盟商）都是渠道客户（channel customers）："
        "他们购买产品的目的是用于出售。",
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
            chose("a", "企业客户是另一家企业；网店团队在我们企业内部。"),
            chose("b", "渠道客户转售我们的产品；网店团队是企业的一部分。"),
            chose("c", "这里没有人为自己或家庭购买。"),
        ),
        hint="网店团队和仓库属于同一家企业。",
        explanation="企业内部由某个部门服务的同事或部门，是这个部门的内部客户（internal "
        "customer）——最容易被忽略，但能长期获利的客户。",
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
            chose("a", "她在我们这里买过东西，所以不是非客户。"),
            chose("b", "潜在客户还没有买过；她买过。"),
            chose("c", "目标客户是企业在对方购买之前选定要争取的人。"),
            chose("d", "现实客户现在仍在向我们购买；她已经不买了。"),
        ),
        explanation="曾经购买、后来离开的客户是流失客户（lost customer）。",
    ),
    Question(
        "ch01.stage_from_record",
        "Her record: signed up in 2023; last purchase 200 days before the observation end; a "
        "complaint call last week; her paid membership is still running. By the rule of "
        "section 3 (INACTIVITY_DAYS = 180), where is she on the relationship scale?",
        "她的记录：2023年注册；最近一次购买在观察期末之前200天；上周打过一次投诉电话；"
        "付费会员资格仍然有效。按第3节的规则（INACTIVITY_DAYS = 180天），她处在关系远近的哪一类？",
        expected="e",
        kind="choice",
        choices=RELATIONSHIP_STAGES,
        hints=(
            chose(
                "d",
                "规则只看最近一次购买（或注册）的日期：投诉电话和会员资格都不是购买。"
                "200天和180天比一比。",
            ),
            chose("a", "她在数据库里有完整的记录：非客户不会出现在数据库中。"),
            chose("b", "潜在客户和目标客户是还没有成为客户的线索；她已经买过。"),
            chose("c", "潜在客户和目标客户是还没有成为客户的线索；她已经买过。"),
        ),
        hint="先找出规则用到的那个日期，再和180天比较。",
        explanation="按规则她是流失客户：200天 ≥ 180天没有购买。但规则只是我们的选择——"
        "上周的投诉说明她还在乎，会员资格说明关系没有断。一个只看购买的规则会错过这样的"
        "信号；客户360度视图把投诉、会员和购买放在一起，服务人员才看得到：她是最值得挽回"
        "的客户之一（第07章）。",
    ),
    Question(
        "ch01.crm_levels",
        "CRM is understood at three levels. Which three? (pick from the options)",
        "客户关系管理可以从哪三个层面来理解？（从选项中选，中文或英文均可）",
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
        hint="两个层面是一种思想和一种工具，第三个是把它们付诸行动。"
        "产品、价格、促销属于4P营销组合（4P）。",
        explanation="客户关系管理是一种理念（philosophy），也是一种技术（technology）和一种"
        "实施（implementation）：三个层面缺一不可。",
    ),
    Question(
        "ch01.focus_table",
        "In the evolution of management focus (table 1-3), what is the core activity of the "
        "customer-satisfaction stage?",
        "在企业管理观念的演变（表1-3）中，客户满意中心论阶段的核心活动是什么？",
        expected="d",
        kind="choice",
        choices={
            "a": "扩大生产规模（expand production）",
            "b": "促销、质量控制（promotion, quality control）",
            "c": "成本管理（cost management）",
            "d": "客户关系管理（customer relationship management）",
        },
        hints=(
            chose("a", "扩大生产规模是产值中心论的核心活动，那时的焦点是生产量。"),
            chose("b", "促销和质量控制属于销售额中心论，焦点是销售额。"),
            chose("c", "成本管理属于利润中心论，焦点是利润额。"),
        ),
        hint="四个阶段的焦点依次是生产量、销售额、利润额、客户满意。",
        explanation="表1-3的四个阶段：产值中心论（扩大生产规模）→ 销售额中心论（促销、质量控制）"
        "→ 利润中心论（成本管理）→ 客户满意中心论（客户关系管理）。客户关系管理正是"
        "客户满意中心论阶段的核心活动。",
    ),
    Question(
        "ch01.four_c",
        "Lauterborn's 4C replaced the seller's 4P with the customer's view. Which four?",
        "劳特朋的4C理论从顾客角度替代了4P。是哪四个C？（中文或英文均可）",
        expected={"customer needs", "cost", "convenience", "communication"},
        kind="labels",
        options={
            "customer needs": (
                "customer",
                "consumer",
                "needs",
                "customer wants",
                "顾客需求",
                "顾客",
            ),
            "cost": ("customer cost", "成本"),
            "convenience": ("便利",),
            "communication": ("沟通",),
            "channel": ("渠道",),
            "competition": ("竞争",),
            "relevance": ("关联",),
        },
        hint="每个C都站在顾客一边重写一个P：产品 → ？价格 → ？渠道 → ？促销 → ？",
        explanation="产品 → 顾客需求（customer needs），价格 → 成本（cost），渠道 → 便利"
        "（convenience），促销 → 沟通（communication）。关联（relevance）属于4R。",
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
            near(
                lambda e: 1 / e / 100,
                "份额是我们的部分 ÷ 她的总花费，不要倒过来（not the other way round）。",
            ),
            near(
                lambda e: 1 - e,
                "那是她在别处的花费（what she spends elsewhere）；要的是我们这一份。",
            ),
        ),
        hint="她在我们这里的花费 ÷ 她在这个品类的全部花费。",
        explanation="钱夹份额 = 我们的部分 ÷ 她在该品类的全部花费："
        "{currency}2,500 ÷ {currency}10,000。还有四分之三的钱夹在竞争对手那里。",
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
                "是不是除以了全部线索和客户？只数客户。",
            ),
            near(lambda e: 1 - e, "那是现实客户的比例；要的是流失客户。"),
        ),
        hint="流失客户 ÷ 全部客户（record == 'customer' 的行）。",
        explanation="流失客户 ÷ 全部客户，线索不计：在 record == 'customer' 的行中 "
        "stage == 'lost' 的比例。数据库里流失客户多于现实客户，这正是第07章的客户保持问题。",
    ),
    Question(
        "ch01.member_revenue",
        "Predict before you run the next cell: members' revenue per customer is how many "
        "times that of the other customers?",
        "先预测，再运行下一段代码：会员的人均收入是其他客户的多少倍？",
        expected=member_band,
        kind="choice",
        choices=MEMBER_BANDS,
        hints=(
            chose("d", "会员只比其他客户多缴一笔年费、多得一点折扣：看看结果，差距有没有那么大？"),
            chose("a", "会员并不比其他客户买得少：看看结果。"),
            chose("c", "看看结果中的倍数落在哪一档。"),
            chose("b", "看看结果中的倍数落在哪一档。"),
        ),
        hint="运行下一段代码，读出会员与其他客户人均收入的倍数。",
        explanation="倍数由数据算出（member_comparison 的 revenue_ratio）。付费会员是一级关系营销"
        "（财务纽带）：在我们的公司里，它并没有让会员明显更有价值；而且爱买的客户本来就更"
        "愿意入会，差距也不全是会员制度的功劳。",
    ),
)
