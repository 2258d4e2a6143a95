"""发展团员, 推优入党, 奖惩 and 考核 registers: services against a real database."""

from datetime import date

import pytest
from sqlalchemy import func, select

from branchdesk.core.db.models import Applicant, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules.development import ApplicantRecord
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import awards, development, members, recommendations
from branchdesk.core.services.recommendations import CandidateInput, RoundInput

TODAY = date(2026, 11, 23)


def add(s, branch_id, name, id_number, joined=date(2020, 5, 1), since=date(2020, 5, 1), **kw):
    record = MemberRecord(name=name, id_number=id_number, join_date=joined, **kw)
    return members.add_member(s, branch_id, record, since=since, today=TODAY).id


@pytest.fixture
def people(db, branch_id):
    with db.transaction() as s:
        return {
            "甲": add(s, branch_id, "甲", "110105200001010016"),
            "乙": add(s, branch_id, "乙", "110105200002020021"),
            "党": add(s, branch_id, "党", "110105200003030010", political_status="中共党员"),
            "老": add(s, branch_id, "老", "110105199801010019"),
            "新": add(
                s,
                branch_id,
                "新",
                "110105200004040026",
                joined=date(2026, 1, 1),
                since=date(2026, 1, 1),
            ),
        }


def applicant(people, **changes) -> ApplicantRecord:
    base = dict(
        name="李晓",
        id_number="110105200803050028",
        phone="13800000001",
        applied_on=date(2025, 3, 10),
        activist_on=date(2025, 6, 1),
        training_hours=10,
        training="2025年街道团校",
        candidate_on=date(2025, 10, 1),
        introducer1_id=people["甲"],
        introducer2_id=people["乙"],
        meeting_on=date(2025, 11, 1),
        expected=5,
        present=4,
        votes_for=4,
        approved_on=date(2025, 12, 1),
        development_no="202512345678",
        ceremony_on=date(2026, 1, 5),
    )
    base.update(changes)
    return ApplicantRecord(**base)


def test_convert_to_member_in_one_step_with_the_approval_date(db, branch_id, people):
    with db.transaction() as s:
        aid = development.save_applicant(s, branch_id, None, applicant(people), TODAY)
        member_id = development.convert_to_member(s, aid, TODAY)
    with db.session() as s:
        m = s.get(Member, member_id)
        assert (m.name, m.join_date, m.join_date_precision) == ("李晓", date(2025, 12, 1), "D")
        assert m.development_no == "202512345678" and m.status == "在册"
        assert m.status_since == date(2025, 12, 1) and m.gender == "女"
        assert m.history[0].reason == "发展入团（上级团委批准）"
        (row,) = development.register_rows(s, branch_id)
        assert row.status == "已入团" and row.stage == "已入团" and row.member_id == member_id
        assert row.introducers == "甲、乙" and row.vote_text == "5/4/4"
    with db.transaction() as s, pytest.raises(UserError, match="已转为团员"):
        development.convert_to_member(s, aid, TODAY)
    with db.transaction() as s, pytest.raises(UserError, match="不能删除"):
        development.delete_applicant(s, aid)


def test_introducers_must_be_members_on_the_roster(db, branch_id, people):
    with db.transaction() as s:
        members.change_status(s, people["乙"], "退团", date(2025, 6, 1), "本人申请")
    with db.transaction() as s, pytest.raises(UserError, match="入团介绍人乙在2025年11月01日不是"):
        development.save_applicant(s, branch_id, None, applicant(people), TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Applicant)) == 0
        choices = {n for _, n, _ in development.introducer_choices(s, branch_id)}
        assert "乙" not in choices and "甲" in choices


def test_not_approved_cannot_convert_and_stop_keeps_the_record(db, branch_id, people):
    early = applicant(
        people,
        meeting_on=None,
        expected=None,
        present=None,
        votes_for=None,
        approved_on=None,
        development_no="",
        ceremony_on=None,
    )
    with db.transaction() as s:
        aid = development.save_applicant(s, branch_id, None, early, TODAY)
        with pytest.raises(UserError, match="尚未经上级团委批准"):
            development.convert_to_member(s, aid, TODAY)
        development.stop_applicant(s, aid, date(2026, 2, 1), "本人撤回申请", TODAY)
    with db.session() as s:
        assert development.register_rows(s, branch_id, 2026)[0].status == "已终止"
        assert development.register_rows(s, branch_id, 2027) == []
        assert "本人撤回申请" in development.register_rows(s, branch_id)[0].note
    with db.transaction() as s:
        development.reopen_applicant(s, aid)
        development.delete_applicant(s, aid)


def test_development_number_must_be_unique(db, branch_id, people):
    with db.transaction() as s:
        development.save_applicant(s, branch_id, None, applicant(people), TODAY)
    other = applicant(people, name="王五", id_number="110105200801010014")
    with db.transaction() as s, pytest.raises(UserError, match="已属于李晓"):
        development.save_applicant(s, branch_id, None, other, TODAY)


def round_input(people, **changes) -> RoundInput:
    base = dict(
        held_on=date(2026, 6, 1),
        expected=5,
        present=4,
        candidates=[
            CandidateInput(people["甲"], date(2025, 10, 1), 3),
            CandidateInput(people["乙"], date(2026, 3, 1), 2),
        ],
        sent_on=date(2026, 6, 10),
        party_branch="示例党支部",
    )
    base.update(changes)
    return RoundInput(**base)


def test_recommendation_round_results_and_refusals(db, branch_id, people):
    with db.transaction() as s:
        rid = recommendations.save_round(s, branch_id, None, round_input(people), TODAY)
    with db.session() as s:
        (r,) = recommendations.rounds(s, branch_id, 2026)
        assert [(c.name, c.result) for c in r.candidates] == [("甲", "推荐"), ("乙", "未通过")]
        assert r.recommended == ["甲"] and r.secret_ballot
        assert any("乙递交入党申请书不满6个月" in w for w in r.warnings)
        assert not any("20%" in w for w in r.warnings)  # 1 of 5 is not over
        assert recommendations.rounds(s, branch_id, 2025) == []
        assert recommendations.round_input(s, rid).candidates[0].votes_for == 3
    for who, reason in (
        ("党", "已是中共党员"),
        ("老", "已满28周岁（超龄）"),
        ("新", "团龄不满1年"),
    ):
        bad = round_input(people, candidates=[CandidateInput(people[who], None, 3)])
        with db.transaction() as s, pytest.raises(UserError, match=reason):
            recommendations.save_round(s, branch_id, rid, bad, TODAY)
    with db.transaction() as s:
        recommendations.set_recommend_cap(s, branch_id, 10)  # the branch's own setting
    with db.session() as s:
        (r,) = recommendations.rounds(s, branch_id, 2026)
        assert any("超过团员人数（5）的10%" in w for w in r.warnings)
    with db.transaction() as s, pytest.raises(UserError, match="大会不能作出推优决定"):
        recommendations.save_round(s, branch_id, rid, round_input(people, present=2), TODAY)
    with db.transaction() as s, pytest.raises(UserError, match="不能删除"):
        recommendations.delete_round(s, rid)
    with db.session() as s:
        refusals = recommendations.candidate_refusals(s, branch_id, date(2026, 6, 1))
        assert set(refusals) == {people["党"], people["老"], people["新"]}


def test_awards_and_assessments(db, branch_id, people):
    with db.transaction() as s:
        aid = awards.save_award(
            s,
            branch_id,
            None,
            awards.AwardInput(
                "表彰奖励", people["甲"], date(2026, 5, 4), "区级", "示例区团委", "优秀共青团员"
            ),
            TODAY,
        )
        awards.save_award(
            s,
            branch_id,
            None,
            awards.AwardInput(
                "处分",
                people["乙"],
                date(2026, 7, 1),
                "警告",
                "示例团支部",
                "连续三个月不参加组织生活",
            ),
            TODAY,
        )
        awards.save_assessment(s, branch_id, people["甲"], 2026, "优秀", today=TODAY)
        awards.save_assessment(s, branch_id, people["甲"], 2026, "合格", "更正", today=TODAY)
    with db.session() as s:
        rows = awards.award_rows(s, branch_id, 2026)
        assert [(r.kind, r.name, r.level) for r in rows] == [
            ("表彰奖励", "甲", "区级"),
            ("处分", "乙", "警告"),
        ]
        assert [r.name for r in awards.award_rows(s, branch_id, kind="处分")] == ["乙"]
        (a,) = awards.assessment_rows(s, branch_id, 2026)
        assert (a.name, a.result, a.note) == ("甲", "合格", "更正")
        assert awards.award_input(s, aid).issuer == "示例区团委"
    with db.transaction() as s, pytest.raises(UserError, match="不在本团支部的花名册上"):
        awards.save_award(
            s,
            branch_id,
            None,
            awards.AwardInput("帮教", people["新"], date(2025, 7, 1), "", "", "谈心"),
            TODAY,
        )
    with db.transaction() as s, pytest.raises(UserError, match="处分种类"):
        awards.save_award(
            s,
            branch_id,
            None,
            awards.AwardInput("处分", people["甲"], date(2026, 7, 1), "罚款", "", "x"),
            TODAY,
        )
    with db.transaction() as s:
        awards.delete_award(s, aid)
    with db.session() as s:
        assert len(awards.award_rows(s, branch_id)) == 1
