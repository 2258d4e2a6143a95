"""Handbook sections of the 组织建设 registers: 发展团员, 推优入党, 奖惩 (表彰奖励, 帮教, 处分)
and 考核, filled from the registers' services.

Each section is two steps: `*_data(session, branch_id, year)` reads the year's rows as plain
data (dataclasses from the services), `render_*(data, ctx)` turns them into flowables. The
`*_section(ctx)` functions join the two for `handbook.SECTIONS`.
"""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from branchdesk.core.rules import awards as award_rules

from .book import LANDSCAPE, PORTRAIT, heading, start_on
from .handbook_sections import BookContext, day_text, month_text, note, section_head, spacer
from .handbook_tables import Register, register_table

DEVELOPMENT = Register(
    "development",
    "发展团员登记",
    (
        ("序号", 24),
        ("姓名", 50),
        ("性别", 24),
        ("出生年月", 46),
        ("递交申请", 54),
        ("确定积极分子", 54),
        ("团课学时", 30),
        ("确定发展对象", 54),
        ("入团介绍人", 66),
        ("支部大会", 54),
        ("应到/实到/赞成", 50),
        ("上级批准", 54),
        ("发展团员编号", 70),
        ("入团仪式", 54),
        ("状态", 60),
    ),
    LANDSCAPE,
)
TRAINING = Register(
    "development_training",
    "入团积极分子团课（团校）学习及考察",
    (
        ("序号", 28),
        ("姓名", 60),
        ("团课学时", 50),
        ("团课 / 团校学习情况", 300),
        ("培养考察提示 / 备注", 307),
    ),
    LANDSCAPE,
)
RECOMMENDATION = Register(
    "recommendation",
    "推优入党登记",
    (
        ("序号", 28),
        ("姓名", 56),
        ("性别", 28),
        ("出生年月", 50),
        ("入团年月", 50),
        ("递交入党申请书", 76),
        ("推优大会日期", 66),
        ("应到/实到", 52),
        ("赞成票", 40),
        ("推荐结果", 50),
        ("报送党组织日期", 76),
        ("接收党组织", 100),
        ("备注", 73),
    ),
    LANDSCAPE,
)
#: 表彰奖励, 帮教 and 处分 share one layout; the two middle columns are named per kind
AWARD_COLUMN_WIDTHS = (28, 56, 62, 64, 100, 189)
AWARD_LABELS = {
    award_rules.AWARD: ("级别", "授予单位"),
    award_rules.COACHING: ("帮教形式", "帮教人 / 单位"),
    award_rules.DISCIPLINE: ("处分种类", "决定单位"),
}
AWARD_TITLES = {
    award_rules.AWARD: "表彰奖励登记",
    award_rules.COACHING: "帮教登记",
    award_rules.DISCIPLINE: "处分登记",
}


def award_register(kind: str) -> Register:
    level, issuer = AWARD_LABELS[kind]
    headers = ("序号", "姓名", "日期", level, issuer, "事由")
    return Register(
        f"award_{kind}", AWARD_TITLES[kind], tuple(zip(headers, AWARD_COLUMN_WIDTHS, strict=True))
    )


AWARD_REGISTERS = tuple(award_register(k) for k in award_rules.KINDS)
ASSESSMENT = Register(
    "assessment",
    "团员考核登记",
    (("序号", 30), ("姓名", 70), ("性别", 36), ("年度", 50), ("考核结果", 80), ("备注", 233)),
)


# -- the data ----------------------------------------------------------------------------
@dataclass
class DevelopmentData:
    year: int
    rows: list = field(default_factory=list)  # development.ApplicantRow

    @property
    def joined(self) -> int:
        return sum(1 for r in self.rows if r.approved_on and r.approved_on.year == self.year)


@dataclass
class RecommendationData:
    year: int
    rounds: list = field(default_factory=list)  # recommendations.RoundRow


@dataclass
class AwardsData:
    year: int
    #: kind → rows (awards.AwardRow), for every kind of award_rules.KINDS
    by_kind: dict[str, list] = field(default_factory=dict)
    assessments: list = field(default_factory=list)  # awards.AssessmentRow


def development_data(session: Session, branch_id: int, year: int) -> DevelopmentData:
    from branchdesk.core.services.development import register_rows

    return DevelopmentData(year, register_rows(session, branch_id, year))


def recommendation_data(session: Session, branch_id: int, year: int) -> RecommendationData:
    from branchdesk.core.services.recommendations import rounds

    return RecommendationData(year, rounds(session, branch_id, year))


def awards_data(session: Session, branch_id: int, year: int) -> AwardsData:
    from branchdesk.core.services.awards import assessment_rows, award_rows

    rows = award_rows(session, branch_id, year)
    by_kind = {k: [r for r in rows if r.kind == k] for k in award_rules.KINDS}
    return AwardsData(year, by_kind, assessment_rows(session, branch_id, year))


# -- the flowables -----------------------------------------------------------------------
def render_development(data: DevelopmentData, ctx: BookContext) -> list:
    rows, training = [], []
    for i, r in enumerate(data.rows, start=1):
        rows.append(
            [
                str(i),
                r.name,
                r.gender,
                month_text(r.birth_date),
                day_text(r.applied_on),
                day_text(r.activist_on),
                r.hours_text,
                day_text(r.candidate_on),
                r.introducers,
                day_text(r.meeting_on),
                r.vote_text,
                day_text(r.approved_on),
                r.development_no,
                day_text(r.ceremony_on),
                r.stage,
            ]
        )
        training.append(
            [
                str(i),
                r.name,
                r.hours_text,
                r.training,
                "；".join(x for x in (*r.warnings, r.note) if x),
            ]
        )
    out = section_head("发展团员", LANDSCAPE)
    out += [
        note(
            f"{data.year} 年登记入团申请人 {len(data.rows)} 人，其中经上级团委批准入团 "
            f"{data.joined} 人。发展程序：递交入团申请书（年满14周岁、不满28周岁）→ 确定为入团"
            "积极分子 → 培养考察不少于3个月、团课不少于8学时 → 确定为发展对象 → 两名团员作入团"
            "介绍人 → 支部团员大会讨论（赞成票超过应到人数的一半）→ 上级团委批准并编发发展团员编号"
            " → 入团仪式。"
        ),
        spacer(6),
        register_table(DEVELOPMENT, rows, wrap_columns=(8, 14)),
    ]
    if training:
        out += [
            spacer(12),
            heading(TRAINING.title, level=1),
            register_table(TRAINING, training, wrap_columns=(3, 4), left_columns=(3, 4)),
        ]
    return out


def render_recommendation(data: RecommendationData, ctx: BookContext) -> list:
    out = section_head("推优入党", LANDSCAPE)
    facts = []
    for r in data.rounds:
        ballot = "无记名投票" if r.secret_ballot else "表决"
        sent = (
            f"，{r.sent_on:%Y年%m月%d日}报送{r.party_branch or '党组织'}"
            if r.sent_on
            else "，尚未报送党组织"
        )
        recommended = "、".join(r.recommended) or "无"
        facts.append(
            f"{r.held_on:%Y年%m月%d日}支部团员大会（{ballot}）：应到 {r.expected} 人，"
            f"实到 {r.present} 人；推荐 {len(r.recommended)} 人（{recommended}）{sent}。"
        )
        facts += [f"{w}。" for w in r.warnings]
    rows = []
    candidates = [c for r in data.rounds for c in r.candidates]
    for i, c in enumerate(candidates, start=1):
        rows.append(
            [
                str(i),
                c.name,
                c.gender,
                month_text(c.birth_date),
                month_text(c.join_date),
                day_text(c.party_application_on),
                day_text(c.held_on),
                f"{c.expected}/{c.present}",
                "" if c.votes_for is None else str(c.votes_for),
                c.result or "未计票",
                day_text(c.sent_on) if c.result == "推荐" else "",
                c.party_branch if c.result == "推荐" else "",
                c.note,
            ]
        )
    out.append(
        note(
            f"{data.year} 年召开推优大会 {len(data.rounds)} 次，推荐 "
            f"{sum(len(r.recommended) for r in data.rounds)} 人。推优须年满18周岁、团龄满1年，"
            "支部团员大会实到超过应到人数的一半，无记名投票，赞成票超过应到人数的一半方为推荐。"
        )
    )
    out += [note(f) for f in facts]
    out += [
        spacer(6),
        register_table(RECOMMENDATION, rows, wrap_columns=(11, 12), left_columns=(12,)),
    ]
    return out


def render_awards(data: AwardsData, ctx: BookContext) -> list:
    out = section_head("奖惩与考核", PORTRAIT)
    counts = "，".join(f"{k} {len(data.by_kind.get(k, []))} 条" for k in award_rules.KINDS)
    out.append(note(f"{data.year} 年登记{counts}，考核 {len(data.assessments)} 人。"))
    for index, (kind, register) in enumerate(zip(award_rules.KINDS, AWARD_REGISTERS, strict=True)):
        rows = [
            [str(i), r.name, day_text(r.decided_on), r.level, r.issuer, r.reason]
            for i, r in enumerate(data.by_kind.get(kind, []), start=1)
        ]
        if index:
            out.append(spacer(12))
        out += [
            heading(register.title, level=1),
            register_table(register, rows, wrap_columns=(3, 4, 5), left_columns=(5,)),
        ]
    rows = [
        [str(i), a.name, a.gender, str(a.year), a.result, a.note]
        for i, a in enumerate(data.assessments, start=1)
    ]
    out += [
        *start_on(PORTRAIT),
        heading(ASSESSMENT.title, level=1),
        register_table(ASSESSMENT, rows, wrap_columns=(5,), left_columns=(5,)),
    ]
    return out


# -- the sections ------------------------------------------------------------------------
def development_section(ctx: BookContext) -> list:
    return render_development(development_data(ctx.session, ctx.branch_id, ctx.year), ctx)


def recommendation_section(ctx: BookContext) -> list:
    return render_recommendation(recommendation_data(ctx.session, ctx.branch_id, ctx.year), ctx)


def awards_section(ctx: BookContext) -> list:
    return render_awards(awards_data(ctx.session, ctx.branch_id, ctx.year), ctx)
