"""入党时间 / 转正时间 columns: a Party member's dates read into 成为预备党员 and 转正 (the member
form's fields, which also end 团费 from the 入党 month); a date that contradicts the row is left
out with a notice, never a reason to refuse the member."""

from datetime import date

import pytest
from sqlalchemy import select

from branchdesk.core.db.models import Member
from branchdesk.core.io.roster_reader import field_for_header, read_roster
from branchdesk.core.services.roster_import import RowOutcome, import_roster, preview_import
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx
from tests.core.services.test_roster_vocabularies import make_id

HEADER = ["姓名", "身份证号", "政治面貌", "入团年月", "入党年月", "转正时间"]
#: born 2000: 18 on 2018-03-05
PARTY = make_id("20000305", 11)
PROBATIONARY = make_id("20010407", 12)
LEAGUE = make_id("20020509", 13)


def _import(db, path):
    with db.transaction() as s:
        return import_roster(s, path, today=TODAY)


def _dates(db) -> dict[str, tuple]:
    with db.session() as s:
        rows = s.execute(select(Member.name, Member.probationary_on, Member.full_member_on))
        return {name: (probation, full) for name, probation, full in rows}


@pytest.mark.parametrize(
    "header, field",
    [
        ("入党时间", "probationary_on"),
        ("入党年月", "probationary_on"),
        ("入党日期", "probationary_on"),
        ("成为预备党员时间", "probationary_on"),
        ("转正时间", "full_member_on"),
        ("转正日期", "full_member_on"),
        ("转为正式党员时间", "full_member_on"),
        ("入团时间", "join_date"),  # not confused with 入党时间
    ],
)
def test_party_date_headers(header, field):
    assert field_for_header(header) == field


def test_party_dates_are_stored_for_party_members(db, tmp_path):
    path = write_xlsx(
        tmp_path / "party.xlsx",
        [
            HEADER,
            ["党员甲", PARTY, "中共党员", "2014.5", "2019.6", "2020-06-20"],
            ["预备乙", PROBATIONARY, "中共预备党员", "2015.5", "2026年3月", None],
            ["团员丙", LEAGUE, "共青团员", "2016.5", None, None],
        ],
    )
    report = _import(db, path)
    assert (report.new, report.rejected, report.notices) == (3, [], [])
    assert _dates(db) == {
        "党员甲": (date(2019, 6, 1), date(2020, 6, 20)),
        "预备乙": (date(2026, 3, 1), None),
        "团员丙": (None, None),
    }


def test_a_changed_party_date_is_an_update_and_a_blank_one_keeps_the_stored_date(db, tmp_path):
    first = [HEADER, ["党员甲", PARTY, "中共党员", "2014.5", "2019.6", "2020.6"]]
    _import(db, write_xlsx(tmp_path / "a.xlsx", first))
    changed = [HEADER, ["党员甲", PARTY, "中共党员", "2014.5", "2019.7", None]]
    with db.transaction() as s:
        preview = preview_import(s, write_xlsx(tmp_path / "b.xlsx", changed), today=TODAY)
    assert preview.rows[0].outcome is RowOutcome.UPDATED
    assert preview.rows[0].changed == ["入党时间"]
    _import(db, tmp_path / "b.xlsx")
    assert _dates(db)["党员甲"] == (date(2019, 7, 1), date(2020, 6, 1))


@pytest.mark.parametrize(
    "status, joined_party, became_full, reason",
    [
        ("共青团员", "2019.6", None, "填写了入党日期，政治面貌应为中共预备党员或中共党员"),
        ("中共党员", "2017.6", None, "早于年满18周岁的日期"),
        ("中共预备党员", "2027.1", None, "成为预备党员的日期晚于今天"),
        ("中共党员", "2020.6", "2019.6", "转正日期应晚于成为预备党员的日期"),
    ],
)
def test_a_contradicting_party_date_is_left_out_with_a_notice(
    db, tmp_path, status, joined_party, became_full, reason
):
    row = ["党员甲", PARTY, status, "2014.5", joined_party, became_full]
    report = _import(db, write_xlsx(tmp_path / "p.xlsx", [HEADER, row]))
    assert (report.new, report.rejected) == (1, [])
    [(sheet_row, notice)] = report.notices
    assert sheet_row == 2
    assert reason in notice
    assert f"入党时间“{joined_party.replace('.', '年')}月”" in notice
    assert "未导入" in notice
    assert _dates(db)["党员甲"] == (None, None)


def test_a_row_refused_for_another_reason_stays_refused(db, tmp_path):
    row = [
        "党员甲",
        PARTY[:-1] + ("0" if PARTY[-1] != "0" else "1"),
        "共青团员",
        "2014.5",
        "2019.6",
    ]
    report = _import(db, write_xlsx(tmp_path / "p.xlsx", [HEADER[:5], row]))
    assert report.new == 0
    assert [reason for _, reason in report.rejected] == ["身份证号校验位错误"]


def test_without_a_political_status_column_a_party_date_is_left_out(db, tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx", [["姓名", "身份证号", "入党时间"], ["甲", PARTY, "2019.6"]]
    )
    assert read_roster(path).rows[0].values["probationary_on"][0] == date(2019, 6, 1)
    report = _import(db, path)
    assert report.new == 1
    assert "政治面貌应为中共预备党员或中共党员" in report.notices[0][1]
    assert _dates(db)["甲"] == (None, None)
