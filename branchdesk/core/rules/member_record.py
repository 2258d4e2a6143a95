"""Checking one member's data (form or spreadsheet row) against DOMAIN.md, without a database."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from branchdesk.core.text import strip_invisible

from . import ages, consistency, idcard
from .partial_date import Precision
from .vocab import GENDERS, PARTY_STATUSES, POLITICAL_STATUSES

PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
_DEVELOPMENT_NO_RE = re.compile(r"\d{12}")
#: 发展团员编号 are issued by the online system for joins from this year on
DEVELOPMENT_NO_FROM = 2017
#: online systems show ID numbers with the middle digits starred out
MASK_CHAR = "*"
#: neither an ID number nor a birth date: the member's age (join age, 超龄离团, dues) is unknown
NO_ID_NO_BIRTH = "缺少身份证号（没有身份证号时至少要有出生日期）"
MASKED_MESSAGE = "身份证号被隐去了中间几位（网上系统列表中显示的样子），请填写完整的身份证号"

#: field → (label, most characters it may hold): the database's column sizes (a test compares)
FIELD_LIMITS: dict[str, tuple[str, int]] = {
    "name": ("姓名", 50),
    "ethnicity": ("民族", 20),
    "id_type": ("证件类型", 20),
    "id_number": ("证件号码", 30),
    "student_no": ("学号", 30),
    "member_card_no": ("团员证编号", 20),
    "development_no": ("发展团员编号", 20),
    "education": ("学历", 20),
    "political_status": ("政治面貌", 20),
    "phone": ("手机号码", 20),
    "league_post": ("团内职务", 40),
    "work_unit": ("工作单位", 100),
    "note": ("备注", 2000),
}
_LIMITS = tuple(FIELD_LIMITS.items())
#: the only fields check_in_place(sheet_text=True) may change (from a 居民身份证 number, or the
#: number trimmed); every other field keeps the value it had, and the roster import relies on
#: that (tests/core/rules/test_member_record.py holds it to it)
SET_BY_SHEET_CHECK = frozenset({"id_type", "id_number", "gender", "birth_date"})
#: fields whose invisible characters (zero-width, control) are removed before checking
_CLEANED = ("name", "id_number", "student_no", "phone", "member_card_no", "development_no")


@dataclass
class MemberRecord:
    """A member's editable fields, as plain values (no ORM)."""

    name: str = ""
    gender: str = ""
    ethnicity: str = "汉族"
    birth_date: date | None = None
    id_type: str = "居民身份证"
    id_number: str = ""  # "" = not known yet (资料不全), stored as NULL
    student_no: str = ""  # 学号
    join_date: date | None = None
    join_date_precision: str = Precision.MONTH
    member_card_no: str = ""
    development_no: str = ""
    education: str = ""
    political_status: str = "共青团员"
    probationary_on: date | None = None  # 成为预备党员（入党）
    full_member_on: date | None = None  # 转为正式党员
    phone: str = ""
    league_post: str = ""
    group_id: int | None = None
    work_unit: str = ""
    note: str = ""
    notices: list[str] = field(default_factory=list, compare=False)


@dataclass
class FieldProblem:
    field: str
    message: str


def check(
    record: MemberRecord, today: date | None = None
) -> tuple[MemberRecord, list[FieldProblem]]:
    """Normalise a record and list what is wrong with it (empty list = can be saved).

    Birth date and gender come from a 居民身份证 number; a contradicting value is a problem.
    The record passed in is left as it was (the result is a copy).
    """
    rec = _copy(record)
    rec.notices = list(record.notices)
    return rec, check_in_place(rec, today)


def check_in_place(
    rec: MemberRecord,
    today: date | None = None,
    *,
    sheet_text: bool = False,
    parsed_ids: Mapping[str, idcard.IdCardInfo] | None = None,
) -> list[FieldProblem]:
    """`check` on a record the caller owns: normalised where it is, problems returned.

    For the roster import, which builds a fresh record for each of 10,000s of rows.
    sheet_text: the text fields come from the roster reader (or the database), which has
    already removed invisible characters and measured every text against FIELD_LIMITS.
    parsed_ids: idcard.parse_many(numbers, today) of the import's ID numbers (a number found
    there is not parsed again; the others are).
    """
    today = today or date.today()
    problems: list[FieldProblem] = []
    fields = rec.__dict__  # read directly: 10,000s of records in an import
    if not sheet_text:
        for key in _CLEANED:
            value = fields[key]
            if not value.isprintable():
                fields[key] = strip_invisible(value)
        rec.name = rec.name.strip()
        rec.phone = rec.phone.strip()
        for key, (label, limit) in _LIMITS:
            value = fields[key]
            if value and len(value) > limit:
                problems.append(FieldProblem(key, too_long(label, len(value), limit)))
    if not rec.name:
        problems.append(FieldProblem("name", "缺少姓名"))
    if MASK_CHAR in rec.id_number:
        problems.append(FieldProblem("id_number", MASKED_MESSAGE))
    elif not rec.id_number:
        _check_without_id(rec, problems)
    elif rec.id_type == "居民身份证" or idcard.is_valid(rec.id_number):
        rec.id_type = "居民身份证"  # a valid 18-digit number is one, whatever the sheet called it
        _check_resident_id(rec, today, problems, parsed_ids)
    else:
        _check_other_id(rec, problems)
    if rec.join_date is not None and rec.birth_date is not None:
        if ages.joined_too_young(rec.birth_date, rec.join_date, rec.join_date_precision):
            problems.append(FieldProblem("join_date", "入团时未满14周岁"))
        elif rec.join_date > today:
            problems.append(FieldProblem("join_date", "入团时间晚于今天"))
        elif ages.age_on(rec.birth_date, rec.join_date) >= ages.MAX_AGE:
            rec.notices.append("入团时已满28周岁，请核对入团时间和出生日期")
    if rec.political_status in PARTY_STATUSES or rec.probationary_on is not None:
        party_problem = consistency.party_age_problem(
            rec.birth_date, rec.political_status, today, rec.probationary_on
        )
        if party_problem:
            problems.append(FieldProblem("political_status", party_problem))
    phone = rec.phone
    if phone and not _usual_mobile(phone) and not PHONE_RE.match(phone):
        problems.append(
            FieldProblem("phone", "手机号码格式不对（应为11位手机号或带区号的固定电话）")
        )
    if rec.political_status and rec.political_status not in POLITICAL_STATUSES:
        problems.append(
            FieldProblem("political_status", f"政治面貌应为{'、'.join(POLITICAL_STATUSES)}之一")
        )
    if rec.probationary_on is not None or rec.full_member_on is not None:
        _check_party_dates(rec, today, problems)
    card_no = rec.member_card_no
    if card_no and not (len(card_no) == 8 and card_no.isdecimal()):  # as \d{8}, 3× faster
        problems.append(FieldProblem("member_card_no", "团员证编号应为8位数字"))
    if rec.development_no:
        notice = development_no_notice(rec.development_no, rec.join_date)
        if notice:
            rec.notices.append(notice)
    return problems


def _usual_mobile(phone: str) -> bool:
    """1 and ten more digits (PHONE_RE's first form), without the regex: 10,000s per import."""
    return len(phone) == 11 and phone[0] == "1" and phone.isdecimal()


def _check_party_dates(rec: MemberRecord, today: date, problems: list[FieldProblem]) -> None:
    """预备党员 and 转正 dates fit the 政治面貌, each other and today."""
    probation, full = rec.probationary_on, rec.full_member_on
    if probation is None and full is None:
        return
    if rec.political_status not in PARTY_STATUSES:
        problems.append(
            FieldProblem("political_status", "填写了入党日期，政治面貌应为中共预备党员或中共党员")
        )
    elif full is not None and rec.political_status != "中共党员":
        problems.append(FieldProblem("political_status", "填写了转正日期，政治面貌应为中共党员"))
    if probation is not None and probation > today:
        problems.append(FieldProblem("probationary_on", "成为预备党员的日期晚于今天"))
    if full is not None and full > today:
        problems.append(FieldProblem("full_member_on", "转正日期晚于今天"))
    if probation is not None and full is not None and full <= probation:
        problems.append(FieldProblem("full_member_on", "转正日期应晚于成为预备党员的日期"))


def is_incomplete(rec: MemberRecord) -> bool:
    """资料不全: the ID number is not known yet."""
    return not rec.id_number


def _check_without_id(rec: MemberRecord, problems: list[FieldProblem]) -> None:
    """No ID number yet (资料不全): storable with a birth date; gender may wait too."""
    if rec.birth_date is None:
        problems.append(FieldProblem("id_number", NO_ID_NO_BIRTH))
    if rec.gender and rec.gender not in GENDERS:
        problems.append(FieldProblem("gender", "性别应为男或女"))


def too_long(label: str, length: int, limit: int) -> str:
    return f"{label}过长（{length} 个字符，最多 {limit} 个）"


def _check_resident_id(
    rec: MemberRecord,
    today: date,
    problems: list[FieldProblem],
    parsed_ids: Mapping[str, idcard.IdCardInfo] | None = None,
) -> None:
    """Birth date and gender from the number; a sheet or form value that disagrees is a problem."""
    info = parsed_ids.get(rec.id_number) if parsed_ids else None
    if info is None:
        try:
            info = idcard.parse(rec.id_number, today)
        except idcard.IdCardError as exc:
            problems.append(FieldProblem("id_number", str(exc)))
            return
    if info.converted_from_15:
        rec.notices.append(f"15位身份证号已转换为18位：{info.number}")
    rec.id_number = info.number
    if rec.gender and rec.gender != info.gender:
        problems.append(FieldProblem("gender", "性别与身份证号不符"))
    if (
        rec.birth_date
        and rec.birth_date != info.birth_date
        and not _same_month(rec.birth_date, info.birth_date)
    ):
        problems.append(FieldProblem("birth_date", BIRTH_MISMATCH))
    rec.gender = info.gender
    rec.birth_date = info.birth_date


def _check_other_id(rec: MemberRecord, problems: list[FieldProblem]) -> None:
    rec.id_number = rec.id_number.strip()
    if not rec.id_number:
        problems.append(FieldProblem("id_number", "缺少证件号码"))
    if rec.gender not in GENDERS:
        problems.append(FieldProblem("gender", "请选择性别"))
    if rec.birth_date is None:
        problems.append(FieldProblem("birth_date", "缺少出生日期"))


def _copy(record: MemberRecord) -> MemberRecord:
    """A shallow copy, 4× faster than dataclasses.replace (imports check 10,000s of rows)."""
    copy = MemberRecord.__new__(MemberRecord)
    copy.__dict__.update(record.__dict__)
    return copy


BIRTH_MISMATCH = "出生日期与身份证号不符"


def _same_month(a: date, b: date) -> bool:
    """A sheet's 出生年月 is often month-precision: 2001-03 agrees with 20010315."""
    return a.day == 1 and (a.year, a.month) == (b.year, b.month)


def development_no_notice(number: str, joined: date | None) -> str:
    """What is doubtful about a 发展团员编号 ("" = nothing), as the online system checks it:
    length, digits and year. Joined before 2017: optional, its first four digits the join year;
    joined 2017 or 2018: 12 digits starting 2017 or 2018 (interchangeable); from 2019: 12 digits
    starting with the join year. A missing number is doubtful for joins from 2017."""
    year = joined.year if joined is not None else None
    if not number:
        if year is not None and year >= DEVELOPMENT_NO_FROM:
            return f"缺少发展团员编号（{DEVELOPMENT_NO_FROM}年起入团的团员应有）"
        return ""
    if (year is None or year >= DEVELOPMENT_NO_FROM) and not _DEVELOPMENT_NO_RE.fullmatch(number):
        return "发展团员编号应为12位数字"
    if not number[:4].isdigit():
        return "发展团员编号应为数字"
    if year is None:
        return ""
    allowed = {2017, 2018} if year in (2017, 2018) else {year}
    if int(number[:4]) not in allowed:
        return f"发展团员编号前4位应为入团年份（{year}）"
    return ""
