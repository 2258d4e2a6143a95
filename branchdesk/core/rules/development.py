"""发展团员: the steps from 入团申请 to 入团仪式, and what each step needs (DOMAIN.md).

入团申请 (age 14–28) → 入团积极分子 → at least 3 months' training and 8 学时 of 团课 →
发展对象 → two 介绍人 → 支部团员大会 votes (赞成 more than half of 应到) → 上级团委 approves and
issues the 发展团员编号 → 入团仪式. The day of approval is the day the person joins (入团年月).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from . import ages, idcard
from .member_record import development_no_notice
from .vocab import GENDERS

ACTIVE, JOINED, STOPPED = "进行中", "已入团", "已终止"
STATUSES = (ACTIVE, JOINED, STOPPED)
MIN_TRAINING_MONTHS = 3
MIN_TRAINING_HOURS = 8.0

#: field → (label, most characters it may hold): the database's column sizes
FIELD_LIMITS = {
    "name": ("姓名", 50),
    "id_number": ("身份证号", 30),
    "phone": ("联系电话", 20),
    "work_unit": ("工作单位/学校班级", 100),
    "training": ("团课/团校学习情况", 200),
    "development_no": ("发展团员编号", 20),
    "note": ("备注", 200),
}

#: the dated steps, in the order they happen
STEPS = (
    ("applied_on", "递交入团申请书"),
    ("activist_on", "确定为入团积极分子"),
    ("candidate_on", "确定为发展对象"),
    ("meeting_on", "支部团员大会讨论"),
    ("approved_on", "上级团委批准"),
    ("ceremony_on", "入团仪式"),
)
#: what an applicant is called at each step (the last step reached)
STAGE_NAMES = {
    "": "入团申请人",
    "applied_on": "入团申请人",
    "activist_on": "入团积极分子",
    "candidate_on": "发展对象",
    "meeting_on": "支部大会已表决",
    "approved_on": "上级已批准",
    "ceremony_on": "已举行入团仪式",
}


@dataclass
class ApplicantRecord:
    """An applicant's editable fields, as plain values (no ORM)."""

    name: str = ""
    gender: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    work_unit: str = ""
    applied_on: date | None = None
    activist_on: date | None = None
    training_hours: float | None = None
    training: str = ""
    candidate_on: date | None = None
    introducer1_id: int | None = None
    introducer2_id: int | None = None
    meeting_on: date | None = None
    expected: int | None = None
    present: int | None = None
    votes_for: int | None = None
    approved_on: date | None = None
    development_no: str = ""
    ceremony_on: date | None = None
    note: str = ""
    notices: list[str] = field(default_factory=list, compare=False)


def age_problem(birth: date, on: date, what: str) -> str | None:
    """团章: 年满十四周岁、不满二十八周岁 on the day of `what`."""
    age = ages.age_on(birth, on)
    if age < ages.JOIN_MIN_AGE:
        return f"{what}时（{on:%Y年%m月%d日}）未满{ages.JOIN_MIN_AGE}周岁"
    if age >= ages.MAX_AGE:
        return f"{what}时（{on:%Y年%m月%d日}）已满{ages.MAX_AGE}周岁，不能入团"
    return None


def vote_passed(expected: int | None, votes_for: int | None) -> bool:
    """赞成票超过应到人数的一半."""
    return bool(expected and votes_for is not None and votes_for * 2 > expected)


def vote_problems(expected: int | None, present: int | None, votes_for: int | None) -> list[str]:
    if expected is None or present is None or votes_for is None:
        return ["请填写支部团员大会的应到、实到人数和赞成票数"]
    if expected < 1:
        return ["应到人数至少为1"]
    problems = []
    if not 0 <= present <= expected:
        problems.append(f"实到人数（{present}）应在0到应到人数（{expected}）之间")
    if not 0 <= votes_for <= present:
        problems.append(f"赞成票（{votes_for}）不能多于实到人数（{present}）")
    if present * 2 <= expected:
        problems.append(
            f"实到 {present} 人，未超过应到 {expected} 人的一半，支部团员大会不能表决发展团员"
        )
    return problems


def stage(rec: ApplicantRecord) -> str:
    """The last step reached, as the register calls the person."""
    last = ""
    for key, _ in STEPS:
        if getattr(rec, key) is not None:
            last = key
    return STAGE_NAMES[last]


def check(record: ApplicantRecord, today: date | None = None) -> tuple[ApplicantRecord, list[str]]:
    """Normalise a record and list what keeps it from being saved (empty = can be saved).

    Birth date and gender come from the ID number when it is given."""
    today = today or date.today()
    rec = replace(record, notices=list(record.notices))
    problems: list[str] = []
    rec.name = rec.name.strip()
    rec.id_number = idcard.normalize(rec.id_number) if rec.id_number.strip() else ""
    rec.development_no = rec.development_no.strip()
    for key, (label, limit) in FIELD_LIMITS.items():
        value = getattr(rec, key)
        if len(value) > limit:
            problems.append(f"{label}最多{limit}个字，这里有{len(value)}个")
    if not rec.name:
        problems.append("缺少姓名")
    if rec.id_number:
        _check_id_number(rec, today, problems)
    if rec.gender not in GENDERS:
        problems.append("请选择性别")
    if rec.birth_date is None:
        problems.append("缺少出生日期")
    if rec.applied_on is None:
        problems.append("缺少递交入团申请书的日期")
    problems += _date_order_problems(rec, today)
    if rec.birth_date is not None and rec.applied_on is not None:
        problem = age_problem(rec.birth_date, rec.applied_on, "递交入团申请书")
        if problem:
            problems.append(problem)
    if rec.training_hours is not None and not 0 <= rec.training_hours <= 1000:
        problems.append("团课学时应在0到1000之间")
    problems += _introducer_problems(rec)
    if rec.meeting_on is not None:
        problems += vote_problems(rec.expected, rec.present, rec.votes_for)
    elif any(v is not None for v in (rec.expected, rec.present, rec.votes_for)):
        problems.append("填写了表决人数，请同时填写支部团员大会的日期")
    problems += _approval_problems(rec)
    return rec, problems


def _check_id_number(rec: ApplicantRecord, today: date, problems: list[str]) -> None:
    try:
        info = idcard.parse(rec.id_number, today)
    except idcard.IdCardError as exc:
        problems.append(str(exc))
        return
    if info.converted_from_15:
        rec.notices.append(f"15位身份证号已转换为18位：{info.number}")
    if rec.gender and rec.gender != info.gender:
        problems.append("性别与身份证号不符")
    if rec.birth_date and rec.birth_date != info.birth_date:
        problems.append("出生日期与身份证号不符")
    rec.id_number, rec.gender, rec.birth_date = info.number, info.gender, info.birth_date


def _date_order_problems(rec: ApplicantRecord, today: date) -> list[str]:
    problems = []
    previous: tuple[str, date] | None = None
    for key, label in STEPS:
        day = getattr(rec, key)
        if day is None:
            continue
        if day > today:
            problems.append(f"{label}的日期（{day:%Y年%m月%d日}）还没有到")
        if previous is not None and day < previous[1]:
            problems.append(f"{label}的日期不能早于{previous[0]}的日期")
        if rec.birth_date is not None and day < rec.birth_date:
            problems.append(f"{label}的日期早于出生日期")
        previous = (label, day)
    return problems


def _introducer_problems(rec: ApplicantRecord) -> list[str]:
    if rec.introducer1_id is not None and rec.introducer1_id == rec.introducer2_id:
        return ["两名入团介绍人不能是同一个人"]
    if rec.meeting_on is not None and (rec.introducer1_id is None or rec.introducer2_id is None):
        return ["支部团员大会讨论前应确定两名入团介绍人"]
    return []


def _approval_problems(rec: ApplicantRecord) -> list[str]:
    if rec.approved_on is None:
        if rec.development_no:
            return ["填写了发展团员编号，请同时填写上级团委批准的日期"]
        if rec.ceremony_on is not None:
            return ["上级团委批准后才能举行入团仪式"]
        return []
    problems = []
    if rec.meeting_on is None:
        problems.append("上级团委批准前，应先经支部团员大会讨论通过")
    elif not vote_passed(rec.expected, rec.votes_for):
        problems.append(
            f"赞成票（{rec.votes_for}）未超过应到人数（{rec.expected}）的一半，"
            "支部团员大会未通过，不能报上级团委批准"
        )
    if rec.birth_date is not None:
        problem = age_problem(rec.birth_date, rec.approved_on, "入团（上级团委批准）")
        if problem:
            problems.append(problem)
    if not rec.development_no:
        if rec.approved_on.year >= 2017:
            problems.append("请填写上级团委批准时编发的发展团员编号（12位数字）")
    else:
        notice = development_no_notice(rec.development_no, rec.approved_on)
        if notice:
            problems.append(notice)
    return problems


def warnings(rec: ApplicantRecord) -> list[str]:
    """Minimums not met (shown, not refused): 3 months' training, 8 学时 of 团课."""
    out = []
    end = rec.candidate_on or rec.meeting_on
    if rec.activist_on is not None and end is not None:
        if end < ages.add_months(rec.activist_on, MIN_TRAINING_MONTHS):
            out.append(f"确定为积极分子后培养考察不满{MIN_TRAINING_MONTHS}个月")
    if end is not None and rec.activist_on is None:
        out.append("未填写确定为入团积极分子的日期")
    if end is not None and (rec.training_hours or 0) < MIN_TRAINING_HOURS:
        hours = f"{rec.training_hours:g}" if rec.training_hours is not None else "0"
        out.append(f"团课学习{hours}学时，不足{MIN_TRAINING_HOURS:g}学时")
    return out


def conversion_problem(status: str, rec: ApplicantRecord) -> str | None:
    """Why the applicant cannot be made a member yet (None: they can)."""
    if status == JOINED:
        return f"{rec.name}已转为团员"
    if status == STOPPED:
        return f"{rec.name}的发展程序已终止"
    if rec.approved_on is None:
        return f"{rec.name}尚未经上级团委批准，不能转为团员"
    return None
