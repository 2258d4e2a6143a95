from datetime import date, time

import pytest

from branchdesk.core.errors import UserError
from branchdesk.core.services import branches, meetings, members
from branchdesk.core.services.meetings import AttendanceData, MeetingData

from .meeting_helpers import add_people


def _general(day, attendance, **kw):
    return MeetingData(
        kind="支部团员大会", held_on=day, topics="审议年度计划", attendance=attendance, **kw
    )


def test_expected_is_the_roster_on_the_day_and_present_is_counted(db, branch_id):
    with db.transaction() as s:
        a, b, c = add_people(s, branch_id, ["甲", "乙", "丙"])
        late = add_people(s, branch_id, ["丁"], since=date(2026, 6, 1))[0]
        members.change_status(s, c, "退团", date(2026, 4, 1), "本人申请")
        ticked = [
            AttendanceData(a, True),
            AttendanceData(b, False, "出差"),
            AttendanceData(c, True),
        ]
        ticked.append(AttendanceData(late, True))  # not yet a member on the day
        with pytest.raises(UserError, match="丙2026年5月8日不在本团支部的花名册上.*丁2026年5月8日"):
            meetings.save_meeting(s, branch_id, _general(date(2026, 5, 8), ticked))
        ticked[2:] = [AttendanceData(c, False), AttendanceData(late, False)]  # unticked: ignored
        meeting_id = meetings.save_meeting(s, branch_id, _general(date(2026, 5, 8), ticked))
    with db.session() as s:
        detail = meetings.meeting_detail(s, meeting_id)
    assert (detail.expected, detail.present) == (2, 1)
    assert [(r.name, r.present, r.absence_reason) for r in detail.attendance] == [
        ("甲", True, ""),
        ("乙", False, "出差"),
    ]
    assert detail.warnings and "半数" in detail.warnings[0]


def test_group_meeting_counts_only_the_group_and_committee_only_the_committee(db, branch_id):
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.groups = [branches.GroupData("一组")]
        branches.save_profile(s, profile)
        group_id = branches.load_profile(s, branch_id).groups[0].id
        in_group = add_people(s, branch_id, ["甲", "乙"], group_id=group_id)
        others = add_people(s, branch_id, ["丙", "丁", "戊"])
        profile = branches.load_profile(s, branch_id)
        profile.posts = [
            branches.PostData("书记", others[0]),
            branches.PostData("组织委员", in_group[0]),
        ]
        branches.save_profile(s, profile)
        day = date(2026, 3, 3)
        assert meetings.expected_member_ids(s, branch_id, "团小组会", day, group_id) == in_group
        assert meetings.expected_member_ids(s, branch_id, "支部委员会", day) == sorted(
            [others[0], in_group[0]]
        )
        with pytest.raises(UserError, match="团小组"):
            meetings.save_meeting(s, branch_id, MeetingData("团小组会", day, topics="学习"))


def test_draft_may_be_half_filled_but_a_record_is_checked(db, branch_id):
    with db.transaction() as s:
        add_people(s, branch_id, ["甲"])
        with pytest.raises(UserError, match="议题"):
            meetings.save_meeting(s, branch_id, MeetingData("支部委员会", date(2026, 2, 2)))
        draft_id = meetings.save_meeting(
            s, branch_id, MeetingData("支部委员会", date(2026, 2, 2)), draft=True
        )
    with db.session() as s:
        assert meetings.meeting_detail(s, draft_id).is_draft
        assert [
            m.id for m in meetings.list_meetings(s, branch_id, 2026, include_drafts=False)
        ] == []
    with db.transaction() as s:
        meetings.delete_draft(s, draft_id)
        final = meetings.save_meeting(
            s, branch_id, MeetingData("支部委员会", date(2026, 2, 2), topics="研究工作")
        )
        with pytest.raises(UserError, match="草稿"):
            meetings.delete_draft(s, final)


def test_duplicate_as_template_is_next_month_with_attendance_reset(db, branch_id):
    with db.transaction() as s:
        ids = add_people(s, branch_id, ["甲", "乙"])
        data = _general(
            date(2026, 1, 31),
            [AttendanceData(i, True) for i in ids],
            place="会议室",
            host_id=ids[0],
            start_time=time(19, 0),
        )
        source = meetings.save_meeting(s, branch_id, data)
        copy_id = meetings.duplicate_as_template(s, source)
    with db.session() as s:
        copy = meetings.meeting_detail(s, copy_id)
    assert copy.is_draft and copy.held_on == date(2026, 2, 28)
    assert (copy.kind, copy.place, copy.host_name, copy.start_time) == (
        "支部团员大会",
        "会议室",
        "甲",
        time(19, 0),
    )
    assert copy.topics == "" and copy.expected == 2 and copy.present == 0


def test_list_by_kind_year_and_search_with_attachments(db, branch_id, tmp_path):
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"jpeg")
    with db.transaction() as s:
        add_people(s, branch_id, ["甲"])
        first = meetings.save_meeting(s, branch_id, _general(date(2026, 3, 1), []))
        meetings.save_meeting(
            s,
            branch_id,
            MeetingData("团课", date(2026, 4, 1), lesson_topic="团章学习", lesson_form="线上"),
        )
        meetings.save_meeting(s, branch_id, _general(date(2025, 12, 1), []))
        row = meetings.add_attachment(s, first, photo)
        again = meetings.add_attachment(s, first, photo)
    assert row.full_path.read_bytes() == b"jpeg" and row.full_path.parent.name == str(first)
    assert again.stored_path != row.stored_path
    with db.session() as s:
        assert len(meetings.list_meetings(s, branch_id, 2026)) == 2
        assert [m.title for m in meetings.list_meetings(s, branch_id, 2026, "团课")] == ["团章学习"]
        assert [m.id for m in meetings.list_meetings(s, branch_id, 2026, search="年度计划")] == [
            first
        ]
        assert meetings.meeting_years(s, branch_id) == [2025, 2026]
        assert [a.original_name for a in meetings.meeting_detail(s, first).attachments] == [
            "合影.jpg",
            "合影.jpg",
        ]
