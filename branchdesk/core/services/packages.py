"""Data packages: a branch that stays offline sends its records to the committee as one file
(`pack_branch`); the committee merges it into its own database (`merge_package`).

Members are matched by ID number, else by 学号, else by 姓名 + 出生日期 (the roster import's
keys), so a member is never duplicated, and merging the same package twice changes nothing.
A member changed in the package AND in the committee's database since the last merge is a
conflict: reported, and kept as it is here unless the user chooses the package's version.
Meetings, rounds, payments, hand-overs, transfers, the 组织建设 registers (发展团员, 推优, 奖惩,
考核) and the year's plan and summary are the branch's own records: missing ones are added,
changed ones take the package's values. A package without registers (written before they were
carried) leaves the registers here as they are.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Date, DateTime, Time, delete, select
from sqlalchemy.orm import Session, selectinload

from branchdesk import __version__
from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.migrate import HEAD_REVISION
from branchdesk.core.db.models import (
    AnnualRound,
    Applicant,
    Assessment,
    AwardRecord,
    Branch,
    CommitteePost,
    DuesExemption,
    DuesHandover,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    Group,
    Meeting,
    MeetingAttendance,
    Member,
    MemberDuesCategory,
    MemberStatusChange,
    Recommendation,
    RecommendationRound,
    RoundResult,
    Setting,
    Transfer,
    YearText,
)
from branchdesk.core.io.package_file import Package
from branchdesk.core.privacy import mask_phone
from branchdesk.core.rules import idcard
from branchdesk.core.services.settings_store import branch_key, get_setting, set_setting

#: never copied between databases: identities, links by id, bookkeeping times and versions
_SKIPPED = {"id", "created_at", "updated_at", "version"}
#: the member's fields a masked package does not carry
_MASKED_FIELDS = ("id_number", "phone")
#: what the user may choose for a conflict
KEEP_LOCAL, TAKE_PACKAGE = "local", "package"
SYNCED_KEY = "package.synced.{branch_id}"


# -- plain values of a row ----------------------------------------------------------------------
def _values(row, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The row's own columns (no id, no foreign keys, no timestamps) as JSON values."""
    out = {}
    for col in row.__table__.columns:
        if col.name in _SKIPPED or col.foreign_keys or col.name in skip:
            continue
        value = getattr(row, col.key)
        out[col.key] = value.isoformat() if isinstance(value, date | time) else value
    return out


def _typed(model, values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values back into the column types of `model` (unknown keys are dropped)."""
    out = {}
    for col in model.__table__.columns:
        if col.key not in values:
            continue
        value = values[col.key]
        if value is not None and isinstance(value, str):
            if isinstance(col.type, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(col.type, Date):
                value = date.fromisoformat(value)
            elif isinstance(col.type, Time):
                value = time.fromisoformat(value)
        out[col.key] = value
    return out


def member_key(id_number: str | None, student_no: str, name: str, birth: Any) -> str:
    if id_number:
        return f"身份证号:{id_number}"
    if student_no:
        return f"学号:{student_no}"
    return f"姓名:{name}|{birth}"


def _digest(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


# -- packing ------------------------------------------------------------------------------------
def pack_branch(
    session: Session, branch_id: int, year: int | None = None, mask: bool = False
) -> tuple[dict, dict]:
    """(manifest, data) of one branch: every member with their history, and the branch's records
    (of `year` only, when given). `mask` leaves out the middle of ID and phone numbers."""
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。")
    members = _branch_members(session, branch_id)
    keys: dict[int | None, str] = {m.id: _key_of(m, mask) for m in members}
    rows = _MemberRows.load(session, branch_id)
    groups = {g.id: g for g in session.scalars(select(Group).where(Group.branch_id == branch_id))}
    data = {
        "branch": _values(branch),
        "settings": _branch_settings(session, branch_id),
        "groups": [
            {**_values(g), "leader": keys.get(g.leader_id)}
            for g in sorted(groups.values(), key=lambda g: (g.sort_order, g.id))
        ],
        "posts": [
            {**_values(p), "member": keys.get(p.member_id)}
            for p in session.scalars(
                select(CommitteePost)
                .where(CommitteePost.branch_id == branch_id)
                .order_by(CommitteePost.sort_order, CommitteePost.id)
            )
        ],
        "members": [_member_record(m, keys[m.id], groups, rows, mask) for m in members],
        "meetings": _meetings(session, branch_id, keys, groups, year),
        "rounds": _rounds(session, branch_id, keys, year),
        "dues": _dues(session, branch_id, keys, year),
        "transfers": [
            _transfer_record(t, keys, mask)
            for t in session.scalars(select(Transfer).where(Transfer.branch_id == branch_id))
            if year is None or t.year == year
        ],
        "registers": _registers(session, branch_id, keys, year, mask),
    }
    manifest = {
        "app_version": __version__,
        "schema": HEAD_REVISION,
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "branch": branch.name,
        "year": year,
        "masked": mask,
        "members": len(members),
    }
    return manifest, data


def _transfer_record(t: Transfer, keys: dict[int | None, str], mask: bool) -> dict:
    record = {**_values(t), "member": keys.get(t.member_id)}
    if mask:  # the letter's copy of the member's data holds the ID and phone numbers too
        snapshot = json.loads(t.snapshot or "{}")
        for name in _MASKED_FIELDS:
            if snapshot.get(name):
                snapshot[name] = (idcard.mask if name == "id_number" else mask_phone)(
                    snapshot[name]
                )
        record["snapshot"] = json.dumps(snapshot, ensure_ascii=False)
    return record


def _key_of(m: Member, mask: bool) -> str:
    if mask:
        return member_key(None, m.student_no, m.name, m.birth_date.isoformat())
    return member_key(m.id_number, m.student_no, m.name, m.birth_date.isoformat())


@dataclass
class _MemberRows:
    """Every member's dues categories and exemptions, read in one query each."""

    categories: dict[int, list[dict]]
    exemptions: dict[int, list[dict]]

    @classmethod
    def load(cls, session: Session, branch_id: int) -> "_MemberRows":
        return cls(
            _by_member(session, branch_id, MemberDuesCategory, MemberDuesCategory.effective_from),
            _by_member(session, branch_id, DuesExemption, DuesExemption.first_month),
        )


def _by_member(session: Session, branch_id: int, model: Any, order: Any) -> dict[int, list[dict]]:
    rows: dict[int, list[dict]] = {}
    query = (
        select(model)
        .join(Member, Member.id == model.member_id)
        .where(Member.branch_id == branch_id)
        .order_by(order, model.id)
    )
    for row in session.scalars(query):
        rows.setdefault(row.member_id, []).append(_values(row))
    return rows


def _member_record(m: Member, key: str, groups, rows: _MemberRows, mask: bool) -> dict:
    record = _values(m)
    if mask:
        record["id_number"] = idcard.mask(m.id_number or "")
        record["phone"] = mask_phone(m.phone)
    record["key"] = key
    record["group"] = groups[m.group_id].name if m.group_id in groups else None
    record["history"] = [_values(h) for h in sorted(m.history, key=lambda h: (h.changed_on, h.id))]
    record["categories"] = rows.categories.get(m.id, [])
    record["exemptions"] = rows.exemptions.get(m.id, [])
    return record


def _branch_members(session: Session, branch_id: int) -> list[Member]:
    return list(
        session.scalars(
            select(Member)
            .options(selectinload(Member.history))
            .where(Member.branch_id == branch_id)
            .order_by(Member.id)
        )
    )


def _branch_settings(session: Session, branch_id: int) -> dict[str, Any]:
    prefix = branch_key(branch_id, "")
    rows = session.scalars(select(Setting).where(Setting.key.startswith(prefix)))
    return {row.key[len(prefix) :]: json.loads(row.value) for row in rows}


def _of_branch(session: Session, model: Any, branch_id: int, *order: Any):
    """The branch's rows of `model`, in `order` then by id."""
    return session.scalars(
        select(model).where(model.branch_id == branch_id).order_by(*order, model.id)
    )


def _in_year(day: date | None, year: int | None) -> bool:
    return year is None or (day is not None and day.year == year)


def _meetings(session: Session, branch_id: int, keys, groups, year) -> list[dict]:
    out = []
    for m in _of_branch(session, Meeting, branch_id, Meeting.held_on):
        if not _in_year(m.held_on, year):
            continue
        out.append(
            {
                **_values(m),
                "group": groups[m.group_id].name if m.group_id in groups else None,
                "host": keys.get(m.host_id),
                "recorder": keys.get(m.recorder_id),
                "attendance": sorted(
                    (
                        {**_values(a), "member": keys[a.member_id]}
                        for a in m.attendance
                        if a.member_id in keys
                    ),
                    key=lambda a: a["member"],
                ),
            }
        )
    return out


def _rounds(session: Session, branch_id: int, keys, year) -> list[dict]:
    out = []
    for r in session.scalars(select(AnnualRound).where(AnnualRound.branch_id == branch_id)):
        if year is not None and r.year != year:
            continue
        results = [
            {**_values(x), "member": keys[x.member_id]} for x in r.results if x.member_id in keys
        ]
        out.append(
            {
                **_values(r),
                "meeting": _meeting_ref(
                    session.get(Meeting, r.meeting_id) if r.meeting_id else None
                ),
                "results": sorted(results, key=lambda x: x["member"]),
            }
        )
    return out


def _dues(session: Session, branch_id: int, keys, year) -> dict:
    setting = session.scalar(select(DuesSetting).where(DuesSetting.branch_id == branch_id))
    return {
        "setting": _values(setting) if setting else None,
        "standards": [
            _values(s)
            for s in _of_branch(session, DuesStandard, branch_id, DuesStandard.sort_order)
        ],
        "payments": [
            {**_values(p), "member": keys[p.member_id]}
            for p in _of_branch(
                session, DuesPayment, branch_id, DuesPayment.receipt_year, DuesPayment.receipt_seq
            )
            if p.member_id in keys and _in_year(p.paid_on, year)
        ],
        "handovers": [
            _values(h)
            for h in _of_branch(session, DuesHandover, branch_id, DuesHandover.handed_on)
            if _in_year(h.handed_on, year)
        ],
    }


def _registers(session: Session, branch_id: int, keys, year, mask: bool) -> dict:
    """发展团员, 推优, 奖惩, 考核 and the year's texts; links to members by their package key."""

    def rows(model, *order):
        return _of_branch(session, model, branch_id, *order)

    applicants = []
    for a in rows(Applicant, Applicant.applied_on):
        if year is not None and (a.applied_on.year > year or (a.closed_on or date.max).year < year):
            continue
        record = _values(a, _MASKED_FIELDS if mask else ())
        links = ("introducer1_id", "introducer2_id", "member_id")
        applicants.append({**record, **{k: keys.get(getattr(a, k)) for k in links}})
    recommendations = [
        {
            **_values(r),
            "candidates": sorted(
                (
                    {**_values(c), "member": keys[c.member_id]}
                    for c in r.candidates
                    if c.member_id in keys
                ),
                key=lambda c: c["member"],
            ),
        }
        for r in rows(RecommendationRound, RecommendationRound.held_on)
        if _in_year(r.held_on, year)
    ]
    return {
        "applicants": applicants,
        "recommendations": recommendations,
        "awards": [
            {**_values(a), "member": keys[a.member_id]}
            for a in rows(AwardRecord, AwardRecord.decided_on)
            if a.member_id in keys and _in_year(a.decided_on, year)
        ],
        "assessments": [
            {**_values(a), "member": keys[a.member_id]}
            for a in rows(Assessment, Assessment.year)
            if a.member_id in keys and (year is None or a.year == year)
        ],
        "year_texts": [
            {**_values(t), "meeting": _meeting_ref(t.meeting)}
            for t in rows(YearText, YearText.year, YearText.kind)
            if year is None or t.year == year
        ],
    }


# -- merging ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Conflict:
    key: str
    name: str
    #: (field, value here, value in the package)
    fields: list[tuple[str, str, str]]
    chosen: str = KEEP_LOCAL

    def to_json(self) -> dict:
        return {"key": self.key, "name": self.name, "fields": self.fields, "chosen": self.chosen}


@dataclass
class MergeReport:
    branch: str
    new_branch: bool
    masked: bool
    added: list[str] = field(default_factory=list)  # members' names
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    #: records of the branch added / updated, by kind (会议, 团费缴纳, ...)
    records_added: Counter = field(default_factory=Counter)
    records_updated: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        taken = sum(c.chosen == TAKE_PACKAGE for c in self.conflicts)
        records = sum(self.records_added.values()) + sum(self.records_updated.values())
        return len(self.added) + len(self.updated) + taken + records + self.new_branch

    def lines(self) -> list[str]:
        out = [
            f"团支部：{self.branch}" + ("（新建）" if self.new_branch else ""),
            f"团员：新增 {len(self.added)} 人，更新 {len(self.updated)} 人，"
            f"无变化 {self.unchanged} 人，冲突 {len(self.conflicts)} 人",
        ]
        if self.masked:
            out.append("这是隐去身份证号的数据包：新增团员的身份证号留空（资料不全）。")
        for kind in sorted(set(self.records_added) | set(self.records_updated)):
            out.append(
                f"{kind}：新增 {self.records_added[kind]} 条，更新 {self.records_updated[kind]} 条"
            )
        for c in self.conflicts:
            what = "；".join(f"{f}：本机“{a}”，数据包“{b}”" for f, a, b in c.fields[:4])
            keep = "采用数据包" if c.chosen == TAKE_PACKAGE else "保留本机"
            out.append(f"冲突：{c.name}（{what}）→ {keep}")
        return out

    def to_json(self) -> dict:
        return {
            "branch": self.branch,
            "new_branch": self.new_branch,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": [c.to_json() for c in self.conflicts],
            "records_added": dict(self.records_added),
            "records_updated": dict(self.records_updated),
        }


FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "phone": "手机号码",
    "education": "学历",
    "political_status": "政治面貌",
    "league_post": "团内职务",
    "work_unit": "学习工作单位",
    "status": "状态",
    "group": "团小组",
    "history": "状态记录",
    "categories": "团费类别",
    "exemptions": "免缴记录",
}


def merge_package(
    session: Session,
    package: Package,
    choices: Mapping[str, str] | None = None,
    default_choice: str = KEEP_LOCAL,
) -> MergeReport:
    """Merge the package into this database (inside the caller's transaction; a dry run is the
    same call in a session that is rolled back). `choices`: member key → KEEP_LOCAL or
    TAKE_PACKAGE for conflicts; others get `default_choice`."""
    data = package.data
    name = package.branch_name or data["branch"]["name"]
    branch = session.scalar(select(Branch).where(Branch.name == name))
    report = MergeReport(name, branch is None, package.masked)
    if branch is None:
        branch = Branch(**_typed(Branch, data["branch"]))
        session.add(branch)
        session.flush()
    else:
        for attr, value in _typed(Branch, data["branch"]).items():
            setattr(branch, attr, value)
    groups = _merge_groups(session, branch.id, data["groups"])
    synced = _synced(session, branch.id)
    members = _merge_members(
        session,
        branch.id,
        data["members"],
        groups,
        synced,
        choices or {},
        default_choice,
        package.masked,
        report,
    )
    _set_group_leaders(session, groups, data["groups"], members)
    _replace_posts(session, branch.id, data["posts"], members)
    _merge_settings(session, branch.id, data.get("settings", {}))
    meetings = _merge_meetings(session, branch.id, data["meetings"], groups, members, report)
    _merge_rounds(session, branch.id, data["rounds"], meetings, members, report)
    _merge_dues(session, branch.id, data["dues"], members, report)
    _merge_transfers(session, branch.id, data["transfers"], members, report)
    if "registers" in data:
        registers = data["registers"]
        _merge_registers(session, branch.id, registers, meetings, members, package.masked, report)
    _save_synced(session, branch.id, synced)
    session.flush()
    return report


def _merge_groups(session: Session, branch_id: int, rows: list[dict]) -> dict[str, Group]:
    groups = {g.name: g for g in session.scalars(select(Group).where(Group.branch_id == branch_id))}
    for row in rows:
        values = _typed(Group, row)
        group = groups.get(row["name"])
        if group is None:
            group = Group(branch_id=branch_id, **values)
            session.add(group)
            groups[row["name"]] = group
        else:
            group.sort_order = values.get("sort_order", group.sort_order)
    session.flush()
    return groups


def _synced(session: Session, branch_id: int) -> dict[str, str]:
    return get_setting(session, SYNCED_KEY.format(branch_id=branch_id), {})


def _save_synced(session: Session, branch_id: int, synced: dict[str, str]) -> None:
    set_setting(session, SYNCED_KEY.format(branch_id=branch_id), synced)


class _Roster:
    """The branch's members here, found by the import's keys: ID number, 学号, 姓名 + 出生日期."""

    def __init__(self, members: list[Member]):
        self.by_id = {m.id_number: m for m in members if m.id_number}
        self.by_student_no = {m.student_no: m for m in members if m.student_no}
        self.by_name = {(m.name, m.birth_date.isoformat()): m for m in members}

    def find(self, record: dict, masked: bool) -> Member | None:
        found = None
        if record.get("id_number") and not masked:
            found = self.by_id.get(record["id_number"])
        if found is None and record.get("student_no"):
            found = self.by_student_no.get(record["student_no"])
        return found or self.by_name.get((record["name"], record["birth_date"]))


def _comparable(record: dict, masked: bool) -> dict:
    """A member record as compared between here and the package."""
    drop = {"key", *(_MASKED_FIELDS if masked else ())}
    return {k: v for k, v in record.items() if k not in drop}


def _merge_members(
    session, branch_id, rows, groups, synced, choices, default_choice, masked, report
) -> dict[str, Member]:
    """Add or update the package's members; returns package key → member here."""
    group_ids = {name: g.id for name, g in groups.items()}
    id_groups = {g.id: g for g in groups.values()}
    roster = _Roster(_branch_members(session, branch_id))
    member_rows = _MemberRows.load(session, branch_id)
    members: dict[str, Member] = {}
    for record in rows:
        key = record["key"]
        member = roster.find(record, masked)
        theirs = _comparable(record, masked)
        if member is None:
            member = Member(branch_id=branch_id)
            _apply_member(session, member, record, group_ids, masked, new=True)
            session.add(member)
            session.flush()
            _replace_member_rows(session, member, record)
            report.added.append(record["name"])
            synced[key] = _digest(theirs)
            members[key] = member
            continue
        members[key] = member
        local_record = _member_record(member, key, id_groups, member_rows, False)
        ours = _comparable(local_record, masked)
        if ours == theirs:
            report.unchanged += 1
            synced[key] = _digest(theirs)
            continue
        changed_here = synced.get(key) != _digest(ours)
        if changed_here:
            chosen = choices.get(key, default_choice)
            report.conflicts.append(
                Conflict(key, record["name"], _differences(ours, theirs), chosen)
            )
            if chosen != TAKE_PACKAGE:
                continue
        else:
            report.updated.append(record["name"])
        _apply_member(session, member, record, group_ids, masked, new=False)
        _replace_member_rows(session, member, record)
        synced[key] = _digest(theirs)
    return members


def _differences(ours: dict, theirs: dict) -> list[tuple[str, str, str]]:
    out = []
    for name in sorted(set(ours) | set(theirs)):
        if ours.get(name) != theirs.get(name):
            a, b = ours.get(name), theirs.get(name)
            if isinstance(a, list) or isinstance(b, list):
                a, b = f"{len(a or [])} 条", f"{len(b or [])} 条"
            out.append((FIELD_LABELS.get(name, name), str(a or ""), str(b or "")))
    return out


def _apply_member(
    session, member: Member, record: dict, group_ids, masked: bool, new: bool
) -> None:
    skip = {"branch_id"}
    if masked:
        skip |= set(_MASKED_FIELDS)
    for attr, value in _typed(Member, record).items():
        if attr not in skip:
            setattr(member, attr, value)
    if masked and new:
        member.id_number = None  # the full number is not in a masked package: 资料不全
        member.phone = ""
    member.group_id = group_ids.get(record.get("group"))


def _replace_member_rows(session, member: Member, record: dict) -> None:
    """The member's status history, dues categories and exemptions as in the package."""
    for model in (MemberStatusChange, MemberDuesCategory, DuesExemption):
        session.execute(delete(model).where(model.member_id == member.id))
    session.expire(member, ["history"])
    for rows, model in (
        (record["history"], MemberStatusChange),
        (record["categories"], MemberDuesCategory),
        (record["exemptions"], DuesExemption),
    ):
        for row in rows:
            session.add(model(member_id=member.id, **_typed(model, row)))
    session.flush()


def _set_group_leaders(session, groups: dict[str, Group], rows: list[dict], members) -> None:
    for row in rows:
        leader = members.get(row.get("leader"))
        groups[row["name"]].leader_id = leader.id if leader else None


def _replace_posts(session, branch_id: int, rows: list[dict], members) -> None:
    session.execute(delete(CommitteePost).where(CommitteePost.branch_id == branch_id))
    for row in rows:
        member = members.get(row.get("member"))
        session.add(
            CommitteePost(
                branch_id=branch_id,
                member_id=member.id if member else None,
                **_typed(CommitteePost, row),
            )
        )


def _merge_settings(session, branch_id: int, settings: dict[str, Any]) -> None:
    for key, value in settings.items():
        set_setting(session, branch_key(branch_id, key), value)


def _meeting_ref(meeting: Meeting | None) -> str | None:
    """How a package names a meeting that a round or a year's text links to."""
    if meeting is None:
        return None
    return _meeting_key(_values(meeting), meeting.group.name if meeting.group else None)


def _meeting_key(values: dict, group: str | None) -> str:
    return (
        "|".join(str(values.get(k) or "") for k in ("kind", "held_on", "start_time", "topics"))
        + f"|{group or ''}"
    )


def _merge_meetings(session, branch_id, rows, groups, members, report) -> dict[str, Meeting]:
    group_names = {g.id: name for name, g in groups.items()}
    existing = {
        _meeting_key(_values(m), group_names.get(m.group_id)): m
        for m in session.scalars(select(Meeting).where(Meeting.branch_id == branch_id))
    }
    out = {}
    for row in rows:
        key = _meeting_key(row, row.get("group"))
        meeting = existing.get(key)
        host, recorder = members.get(row.get("host")), members.get(row.get("recorder"))
        fields = {
            **_typed(Meeting, row),
            "group_id": groups[row["group"]].id if row.get("group") in groups else None,
            "host_id": host.id if host else None,
            "recorder_id": recorder.id if recorder else None,
        }
        attendance = [
            (members[a["member"]].id, a) for a in row["attendance"] if a["member"] in members
        ]
        if meeting is None:
            meeting = Meeting(branch_id=branch_id, **fields)
            session.add(meeting)
            session.flush()
            report.records_added["会议记录"] += 1
        else:
            links = ("group_id", "host_id", "recorder_id")
            same_links = all(getattr(meeting, k) == fields[k] for k in links)
            ours_att = sorted(
                (a.member_id, a.present, a.absence_reason) for a in meeting.attendance
            )
            theirs_att = sorted((mid, a["present"], a["absence_reason"]) for mid, a in attendance)
            if _same_values(meeting, row) and same_links and ours_att == theirs_att:
                out[key] = meeting
                continue
            for attr, value in fields.items():
                setattr(meeting, attr, value)
            report.records_updated["会议记录"] += 1
        session.execute(delete(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))
        for member_id, a in attendance:
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id, member_id=member_id, **_typed(MeetingAttendance, a)
                )
            )
        session.expire(meeting, ["attendance"])
        out[key] = meeting
    session.flush()
    return out


def _same_values(row_obj, row: dict, skip: Iterable[str] = ()) -> bool:
    """The row here holds the package row's own values (links compared by the caller)."""
    own = _values(row_obj, skip)
    return own == {k: v for k, v in row.items() if k in own}


def _merge_rounds(session, branch_id, rows, meetings, members, report) -> None:
    existing = {
        (r.kind, r.year): r
        for r in session.scalars(select(AnnualRound).where(AnnualRound.branch_id == branch_id))
    }
    for row in rows:
        found = existing.get((row["kind"], row["year"]))
        meeting = meetings.get(row.get("meeting") or "")
        fields = {**_typed(AnnualRound, row), "meeting_id": meeting.id if meeting else None}
        results = sorted(
            (members[x["member"]].id, x["result"], x["note"])
            for x in row["results"]
            if x["member"] in members
        )
        if found is None:
            found = AnnualRound(branch_id=branch_id, **fields)
            session.add(found)
            session.flush()
            report.records_added["评议注册"] += 1
        else:
            same = _same_values(found, row) and found.meeting_id == fields["meeting_id"]
            if same and sorted((x.member_id, x.result, x.note) for x in found.results) == results:
                continue
            for attr, value in fields.items():
                setattr(found, attr, value)
            report.records_updated["评议注册"] += 1
        session.execute(delete(RoundResult).where(RoundResult.round_id == found.id))
        for member_id, result, note in results:
            session.add(
                RoundResult(round_id=found.id, member_id=member_id, result=result, note=note)
            )
        session.expire(found, ["results"])
    session.flush()


def _merge_dues(session, branch_id, dues: dict, members, report) -> None:
    if dues.get("setting"):
        setting = session.scalar(select(DuesSetting).where(DuesSetting.branch_id == branch_id))
        if setting is None:
            session.add(DuesSetting(branch_id=branch_id, **_typed(DuesSetting, dues["setting"])))
        else:
            for attr, value in _typed(DuesSetting, dues["setting"]).items():
                setattr(setting, attr, value)
    if dues.get("standards"):
        session.execute(delete(DuesStandard).where(DuesStandard.branch_id == branch_id))
        for row in dues["standards"]:
            session.add(DuesStandard(branch_id=branch_id, **_typed(DuesStandard, row)))
    payments = {
        (p.receipt_year, p.receipt_seq): p
        for p in session.scalars(select(DuesPayment).where(DuesPayment.branch_id == branch_id))
    }
    for row in dues["payments"]:
        member = members.get(row["member"])
        if member is None:
            continue
        fields = {**_typed(DuesPayment, row), "member_id": member.id}
        found = payments.get((row["receipt_year"], row["receipt_seq"]))
        if found is None:
            session.add(DuesPayment(branch_id=branch_id, **fields))
            report.records_added["团费缴纳"] += 1
        elif not _same_values(found, row) or found.member_id != member.id:
            for attr, value in fields.items():
                setattr(found, attr, value)
            report.records_updated["团费缴纳"] += 1
    handovers = {
        (h.handed_on.isoformat(), h.amount_fen, h.receipt_no)
        for h in session.scalars(select(DuesHandover).where(DuesHandover.branch_id == branch_id))
    }
    for row in dues["handovers"]:
        if (row["handed_on"], row["amount_fen"], row["receipt_no"]) not in handovers:
            session.add(DuesHandover(branch_id=branch_id, **_typed(DuesHandover, row)))
            report.records_added["团费上缴"] += 1
    session.flush()


def _transfer_key(row: dict, person: str) -> tuple:
    return (row["direction"], row["year"], row.get("letter_no") or "", person)


def _merge_transfers(session, branch_id, rows, members, report) -> None:
    existing = {}
    for t in session.scalars(select(Transfer).where(Transfer.branch_id == branch_id)):
        person = str(t.member_id or "")
        existing[_transfer_key(_values(t), person)] = t
    for row in rows:
        member = members.get(row.get("member"))
        key = _transfer_key(row, str(member.id) if member else "")
        fields = {**_typed(Transfer, row), "member_id": member.id if member else None}
        found = existing.get(key)
        if found is None:
            session.add(Transfer(branch_id=branch_id, **fields))
            report.records_added["组织关系转接"] += 1
        elif not _same_values(found, row):
            for attr, value in fields.items():
                setattr(found, attr, value)
            report.records_updated["组织关系转接"] += 1
    session.flush()


def _merge_rows(session, model, branch_id, rows, key, links, label, report, skip=()) -> dict:
    """Add the package's rows of `model` that are missing here (found by `key(values, row here)`),
    update the ones that differ; `links(row)` gives the row's foreign keys here; `skip` names
    columns the package does not carry (kept as they are here). Returns key → row here."""
    existing = {key(_values(r), r): r for r in _of_branch(session, model, branch_id)}
    out = {}
    for row in rows:
        row = {k: v for k, v in row.items() if k not in skip}
        row_key, row_links = key(row, None), links(row)
        fields = {**_typed(model, row), **row_links}
        found = existing.get(row_key)
        if found is None:
            found = model(branch_id=branch_id, **fields)
            session.add(found)
            report.records_added[label] += 1
        elif not _same_values(found, row, skip) or any(
            getattr(found, k) != v for k, v in row_links.items()
        ):
            for attr, value in fields.items():
                setattr(found, attr, value)
            report.records_updated[label] += 1
        out[row_key] = found
    session.flush()
    return out


def _merge_registers(
    session, branch_id, registers: dict, meetings, members, masked, report
) -> None:
    def member_id(package_key):
        member = members.get(package_key)
        return member.id if member else None

    keys_here = {m.id: k for k, m in members.items()}

    def person(row, found):
        return keys_here.get(found.member_id) if found is not None else row["member"]

    _merge_rows(
        session,
        Applicant,
        branch_id,
        registers.get("applicants", []),
        lambda row, _: (row["name"], row["birth_date"], row["applied_on"]),
        lambda row: {
            k: member_id(row.get(k)) for k in ("introducer1_id", "introducer2_id", "member_id")
        },
        "发展团员",
        report,
        skip=_MASKED_FIELDS if masked else (),
    )
    _merge_recommendations(
        session, branch_id, registers.get("recommendations", []), member_id, report
    )
    for model, rows, key, label in (
        (
            AwardRecord,
            registers.get("awards", []),
            lambda row, found: (person(row, found), row["kind"], row["decided_on"], row["level"]),
            "奖惩",
        ),
        (
            Assessment,
            registers.get("assessments", []),
            lambda row, found: (person(row, found), row["year"]),
            "考核",
        ),
    ):
        _merge_rows(
            session,
            model,
            branch_id,
            [r for r in rows if r["member"] in members],
            key,
            lambda row: {"member_id": member_id(row["member"])},
            label,
            report,
        )
    _merge_rows(
        session,
        YearText,
        branch_id,
        registers.get("year_texts", []),
        lambda row, _: (row["year"], row["kind"]),
        lambda row: {
            "meeting_id": meetings[row["meeting"]].id if row.get("meeting") in meetings else None
        },
        "工作计划与总结",
        report,
    )


def _merge_recommendations(session, branch_id, rows, member_id, report) -> None:
    """推优 rounds by their day, each with its candidates as in the package."""
    before = set(
        session.scalars(
            select(RecommendationRound.held_on).where(RecommendationRound.branch_id == branch_id)
        )
    )
    rounds = _merge_rows(
        session,
        RecommendationRound,
        branch_id,
        rows,
        lambda row, _: row["held_on"],
        lambda row: {},
        "推优",
        report,
    )
    for row in rows:
        found = rounds[row["held_on"]]
        theirs = [
            (member_id(c["member"]), _typed(Recommendation, c))
            for c in row["candidates"]
            if member_id(c["member"]) is not None
        ]
        ours = sorted(
            (c.member_id, c.votes_for, c.result, c.note, c.party_application_on)
            for c in found.candidates
        )
        wanted = sorted(
            (mid, v.get("votes_for"), v.get("result"), v.get("note"), v.get("party_application_on"))
            for mid, v in theirs
        )
        if ours == wanted:
            continue
        session.execute(delete(Recommendation).where(Recommendation.round_id == found.id))
        for mid, values in theirs:
            session.add(Recommendation(round_id=found.id, member_id=mid, **values))
        session.expire(found, ["candidates"])
        if found.held_on in before:
            report.records_updated["推优"] += 1
    session.flush()


def preview_merge(
    session: Session,
    package: Package,
    choices: Mapping[str, str] | None = None,
    default_choice: str = KEEP_LOCAL,
) -> MergeReport:
    """What `merge_package` would change, leaving the database as it was."""
    try:
        return merge_package(session, package, choices, default_choice)
    finally:
        session.rollback()
