"""The year's plan and summary, the committee's term, 支部级别 and the 组织生活会 kind."""

from datetime import date

import pytest
from pypdf import PdfReader

from branchdesk.core.errors import UserError
from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.services import branches, meetings, year_texts
from branchdesk.core.services.meetings import AttendanceData, MeetingData

from .meeting_helpers import add_people


def _meeting(s, branch_id, kind, day, people, **kw):
    data = MeetingData(
        kind=kind,
        held_on=day,
        topics="审议年度工作计划",
        attendance=[AttendanceData(m, True) for m in people],
        **kw,
    )
    return meetings.save_meeting(s, branch_id, data)


def _text(out) -> str:
    return (
        "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    )


def test_plan_and_summary_are_kept_per_year_with_the_meeting_that_approved_them(
    db, branch_id, tmp_path
):
    with db.transaction() as s:
        people = add_people(s, branch_id, ["甲", "乙", "丙"])
        general = _meeting(s, branch_id, "支部团员大会", date(2026, 2, 18), people)
        lesson = _meeting(
            s, branch_id, "团课", date(2026, 3, 1), people, lesson_topic="团史", lesson_hours=2
        )
        choices = year_texts.approval_meetings(s, branch_id, 2026)
        assert [c.id for c in choices] == [general]  # only 支部团员大会 / 支部委员会
        assert choices[0].label == "2026年2月18日 支部团员大会"
        saved = year_texts.save_year_text(
            s, branch_id, 2026, "plan", "一、学习\n抓好团课。", general
        )
        assert saved.approved_on == date(2026, 2, 18)
        with pytest.raises(UserError, match="审议的会议"):
            year_texts.save_year_text(s, branch_id, 2026, "summary", "总结", lesson)
        with pytest.raises(UserError, match="请先填写年度工作总结"):
            year_texts.save_year_text(s, branch_id, 2026, "summary", " ", general)
        with pytest.raises(UserError, match="太长"):
            year_texts.save_year_text(s, branch_id, 2026, "summary", "字" * 20_001)
        with pytest.raises(UserError, match="没有这种"):
            year_texts.save_year_text(s, branch_id, 2026, "other", "x")
        year_texts.save_year_text(s, branch_id, 2026, "summary", "本年完成了各项工作。")
        year_texts.save_year_text(s, branch_id, 2025, "plan", "上一年的计划")
    with db.session() as s:
        plan = year_texts.load_year_text(s, branch_id, 2026, "plan")
        assert (plan.text, plan.meeting_id) == ("一、学习\n抓好团课。", general)
        assert year_texts.load_year_text(s, branch_id, 2027, "plan").text == ""
        out = tmp_path / "book.pdf"
        build_handbook(s, branch_id, HandbookOptions(2026, ("plan", "summary")), out)
    text = _text(out)
    assert "抓好团课" in text and "经2026年2月18日支部团员大会审议通过" in text
    assert "本年完成了各项工作" in text and "尚未经支部团员大会或支部委员会审议" in text
    assert "上一年的计划" not in text
    assert "团支部（章）" in text and "上级团委意见（章）" in text


def test_saving_again_replaces_the_text_and_may_drop_the_meeting(db, branch_id):
    with db.transaction() as s:
        people = add_people(s, branch_id, ["甲"])
        committee = branches.load_profile(s, branch_id)
        committee.posts = [branches.PostData("书记", people[0], date(2025, 1, 1))]
        branches.save_profile(s, committee)
        meeting = _meeting(s, branch_id, "支部委员会", date(2025, 12, 20), people)
        year_texts.save_year_text(s, branch_id, 2026, "plan", "旧", meeting)  # last December
        year_texts.save_year_text(s, branch_id, 2026, "plan", "新")
    with db.session() as s:
        plan = year_texts.load_year_text(s, branch_id, 2026, "plan")
    assert (plan.text, plan.meeting_id, plan.approved_on) == ("新", None, None)


def test_term_and_level_are_kept_checked_and_printed(db, branch_id, tmp_path):
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.level = "基层团支部"
        profile.term_started_on, profile.term_ends_on = date(2025, 6, 1), date(2025, 5, 1)
        with pytest.raises(UserError, match="届满日期须晚于换届日期"):
            branches.save_profile(s, profile)
        profile.term_ends_on = date(2027, 5, 31)
        branches.save_profile(s, profile)
    with db.session() as s:
        again = branches.load_profile(s, branch_id)
        assert (again.level, again.term_started_on, again.term_ends_on) == (
            "基层团支部",
            date(2025, 6, 1),
            date(2027, 5, 31),
        )
        out = tmp_path / "book.pdf"
        build_handbook(s, branch_id, HandbookOptions(2026, ("profile",)), out)
    pages = [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(out).pages]
    assert "支部级别基层团支部" in pages[0]  # the cover
    assert "本届换届日期2025.06.01" in pages[2] and "本届任期届满2027.05.31" in pages[2]


def test_an_organisation_life_meeting_has_a_form_and_a_section_of_its_own(db, branch_id, tmp_path):
    from branchdesk.core.rules.meeting_calendar import DEFAULT_REQUIREMENTS, Frequency

    assert any(
        r.item == "组织生活会" and r.frequency == Frequency.YEAR for r in DEFAULT_REQUIREMENTS
    )
    with db.transaction() as s:
        people = add_people(s, branch_id, ["甲", "乙"])
        with pytest.raises(UserError, match="组织生活会的形式只能是"):
            _meeting(s, branch_id, "组织生活会", date(2026, 1, 16), people, subkind="座谈会")
        life = _meeting(s, branch_id, "组织生活会", date(2026, 1, 16), people, subkind="民主评议")
        plain = _meeting(s, branch_id, "组织生活会", date(2026, 12, 16), people)
        other = _meeting(s, branch_id, "支部团员大会", date(2026, 2, 1), people, subkind="民主评议")
    with db.session() as s:
        detail = meetings.meeting_detail(s, life)
        assert detail.kind_label == "组织生活会（民主评议）"
        assert meetings.meeting_detail(s, plain).subkind == "专题组织生活会"  # the default
        assert meetings.meeting_detail(s, other).subkind == ""  # only for 组织生活会
        out = tmp_path / "book.pdf"
        build_handbook(s, branch_id, HandbookOptions(2026, ("meetings", "life")), out)
    reader = PdfReader(out)
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles == ["三会两制一课", "组织生活会"]
    life_page = next(
        p for p in reader.outline if not isinstance(p, list) and p.title == "组织生活会"
    )
    first = reader.get_destination_page_number(life_page)
    text = (
        "".join(p.extract_text() for p in reader.pages[first:]).replace(" ", "").replace("\n", "")
    )
    assert "2026年共召开组织生活会2次" in text and "组织生活会（民主评议）" in text
    assert text.count("主持人签字") == 2
