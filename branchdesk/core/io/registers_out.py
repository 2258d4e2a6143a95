"""The 组织建设 registers as styled Excel sheets: 发展团员, 推优入党, 奖惩 and 考核.

branchdesk export development OUT.xlsx [--year 2026]
branchdesk export recommendations OUT.xlsx
branchdesk export awards OUT.xlsx
"""

from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch
from branchdesk.core.rules import awards as award_rules
from branchdesk.core.services import awards, development, recommendations

from .xlsx_out import Column, Table, new_workbook, save_workbook, write_table

DATE = "yyyy-mm-dd"
DEVELOPMENT_COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("出生日期", 12, number_format=DATE),
    Column("身份证号", 21, text=True),
    Column("递交入团申请书", 14, number_format=DATE),
    Column("确定为积极分子", 14, number_format=DATE),
    Column("团课学时", 9),
    Column("团课/团校学习情况", 24),
    Column("确定为发展对象", 14, number_format=DATE),
    Column("入团介绍人", 16),
    Column("支部团员大会", 13, number_format=DATE),
    Column("应到", 6),
    Column("实到", 6),
    Column("赞成", 6),
    Column("上级团委批准", 13, number_format=DATE),
    Column("发展团员编号", 15, text=True),
    Column("入团仪式", 12, number_format=DATE),
    Column("状态", 12),
    Column("提示", 30),
    Column("备注", 24),
]
RECOMMENDATION_COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("出生日期", 12, number_format=DATE),
    Column("入团年月", 10),
    Column("递交入党申请书", 14, number_format=DATE),
    Column("推优大会日期", 13, number_format=DATE),
    Column("应到", 6),
    Column("实到", 6),
    Column("赞成票", 7),
    Column("推荐结果", 9),
    Column("报送党组织日期", 14, number_format=DATE),
    Column("接收党组织", 20),
    Column("提示", 26),
    Column("备注", 20),
]
AWARD_COLUMNS = [
    Column("序号", 6),
    Column("类别", 9),
    Column("姓名", 10),
    Column("性别", 6),
    Column("日期", 12, number_format=DATE),
    Column("级别/种类", 14),
    Column("授予/决定单位", 22),
    Column("事由", 40),
    Column("备注", 20),
]
ASSESSMENT_COLUMNS = [
    Column("序号", 6),
    Column("年度", 8),
    Column("姓名", 10),
    Column("性别", 6),
    Column("考核结果", 10),
    Column("备注", 30),
]


def _branch_name(session: Session, branch_id: int) -> str:
    return get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。").name


def _title(branch: str, what: str, year: int | None) -> str:
    return f"{branch}{what}" + (f"（{year}年）" if year else "")


def development_table(rows: list[development.ApplicantRow], branch: str, year: int | None):
    values = [
        [
            i,
            r.name,
            r.gender,
            r.birth_date,
            r.id_number,
            r.applied_on,
            r.activist_on,
            r.training_hours,
            r.training,
            r.candidate_on,
            r.introducers,
            r.meeting_on,
            r.expected,
            r.present,
            r.votes_for,
            r.approved_on,
            r.development_no,
            r.ceremony_on,
            r.stage,
            "；".join(r.warnings),
            r.note,
        ]
        for i, r in enumerate(rows, start=1)
    ]
    joined = sum(1 for r in rows if r.status == "已入团")
    return Table(
        title=_title(branch, "发展团员登记表", year),
        columns=DEVELOPMENT_COLUMNS,
        rows=values,
        subtitle_lines=[f"共 {len(rows)} 人，其中已转为团员 {joined} 人"],
    )


def export_development(
    session: Session, branch_id: int, path: str | Path, year: int | None = None
) -> int:
    """Write the 发展团员 register (all years when `year` is None); returns the number of rows."""
    rows = development.register_rows(session, branch_id, year)
    workbook = new_workbook()
    table = development_table(rows, _branch_name(session, branch_id), year)
    write_table(workbook, "发展团员", table)
    save_workbook(workbook, path)
    return len(rows)


def recommendation_table(rounds: list[recommendations.RoundRow], branch: str, year: int | None):
    values: list[list] = []
    for r in rounds:
        for c in r.candidates:
            values.append(
                [
                    len(values) + 1,
                    c.name,
                    c.gender,
                    c.birth_date,
                    f"{c.join_date:%Y-%m}" if c.join_date else "",
                    c.party_application_on,
                    r.held_on,
                    r.expected,
                    r.present,
                    c.votes_for,
                    c.result or "未计票",
                    r.sent_on,
                    r.party_branch,
                    c.warning,
                    c.note,
                ]
            )
    recommended = sum(len(r.recommended) for r in rounds)
    return Table(
        title=_title(branch, "推优入党登记表", year),
        columns=RECOMMENDATION_COLUMNS,
        rows=values,
        subtitle_lines=[
            f"推优大会 {len(rounds)} 次（无记名投票），人选 {len(values)} 人，推荐 {recommended} 人"
        ],
    )


def export_recommendations(
    session: Session, branch_id: int, path: str | Path, year: int | None = None
) -> int:
    """Write the 推优入党 register; returns the number of candidates."""
    rounds = recommendations.rounds(session, branch_id, year)
    workbook = new_workbook()
    table = recommendation_table(rounds, _branch_name(session, branch_id), year)
    write_table(workbook, "推优入党", table)
    save_workbook(workbook, path)
    return len(table.rows)


def export_awards(
    session: Session, branch_id: int, path: str | Path, year: int | None = None
) -> tuple[int, int]:
    """Write the 奖惩 register (one sheet a kind) and the 考核 records; returns the counts."""
    branch = _branch_name(session, branch_id)
    rows = awards.award_rows(session, branch_id, year)
    workbook = new_workbook()
    for kind in award_rules.KINDS:
        of_kind = [r for r in rows if r.kind == kind]
        table = Table(
            title=_title(branch, f"{kind}登记表", year),
            columns=AWARD_COLUMNS,
            rows=[
                [i, r.kind, r.name, r.gender, r.decided_on, r.level, r.issuer, r.reason, r.note]
                for i, r in enumerate(of_kind, start=1)
            ],
            subtitle_lines=[f"共 {len(of_kind)} 条"],
        )
        write_table(workbook, kind, table)
    found = awards.assessment_rows(session, branch_id, year)
    table = Table(
        title=_title(branch, "团员考核登记表", year),
        columns=ASSESSMENT_COLUMNS,
        rows=[
            [i, a.year, a.name, a.gender, a.result, a.note] for i, a in enumerate(found, start=1)
        ],
        subtitle_lines=[f"共 {len(found)} 条"],
    )
    write_table(workbook, "考核", table)
    save_workbook(workbook, path)
    return len(rows), len(found)
