"""Importing roster sheets: the shared samples, updates, idempotence, branches, rollback."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from branchdesk.core.db.models import Branch, Group, Member, MemberStatusChange
from branchdesk.core.errors import UnreadableFileError, UserError
from branchdesk.core.progress import Cancelled
from branchdesk.core.services import branches
from branchdesk.core.services.roster_import import (
    RowOutcome,
    import_roster,
    preview_import,
    report_lines,
    save_problem_rows,
)
from branchdesk.core.text import name_initials
from tests.conftest import TODAY
from tests.core.io.sheets import HEADER, PEOPLE, write_xlsx

MESSY_ROWS = [10, 16, 25, 33, 41, 50]


def _import(db, path, **kwargs):
    with db.transaction() as s:
        return import_roster(s, path, today=TODAY, **kwargs)


def _counts(db):
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Branch, Member, MemberStatusChange, Group)
        )


def test_messy_sample_meets_expected_json_exactly(db, samples):
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    messy = expected["roster_messy.xlsx"]
    report = _import(db, samples / "roster_messy.xlsx")
    assert (report.new, report.updated, report.unchanged) == (messy["imported"], 0, 0)
    assert len(report.rejected) == messy["rejected"]
    assert [row for row, _ in report.rejected] == MESSY_ROWS
    by_seq = dict(zip(sorted(messy["rejected_rows"], key=int), report.rejected, strict=True))
    # expected.json names the first occurrence of a duplicate by its 序号 (3); the report names
    # its sheet row (6), the same numbering as the row column (issue 11)
    messy["rejected_rows"]["45"] = "身份证号与第6行重复"
    for seq, reason in messy["rejected_rows"].items():
        assert by_seq[seq][1] == reason
    assert report.to_json()["rejected"][0] == {"row": 10, "reason": "身份证号校验位错误"}


def test_clean_sample_imports_every_member(db, samples):
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    report = _import(db, samples / "roster_clean.xlsx")
    assert report.new == expected["roster_clean.xlsx"]["imported"] == 200
    assert report.rejected == []
    assert _counts(db)[1:3] == (200, 200)


def test_importing_the_same_file_twice_changes_nothing(db, samples):
    _import(db, samples / "roster_messy.xlsx")
    before = _counts(db)
    again = _import(db, samples / "roster_messy.xlsx")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 54)
    assert [row for row, _ in again.rejected] == MESSY_ROWS
    assert _counts(db) == before


def test_new_members_are_on_the_roster_since_they_joined(db, samples):
    _import(db, samples / "roster_messy.xlsx")
    with db.session() as s:
        gu = s.scalar(select(Member).where(Member.id_number == "320804200009246155"))
        assert (gu.name, gu.gender, gu.status, gu.status_since) == (
            "顾超宇",
            "男",
            "在册",
            date(2014, 11, 1),
        )
        assert (gu.join_date, gu.join_date_precision) == (date(2014, 11, 1), "M")
        assert gu.birth_date == date(2000, 9, 24)  # from the ID number, not the sheet's 2000年9月
        assert gu.name_initials == name_initials("顾超宇")
        assert [(h.to_status, h.changed_on) for h in gu.history] == [("在册", date(2014, 11, 1))]
        lower_x = s.scalar(select(Member.id_number).where(Member.name == "周思洋"))
        assert lower_x == "64012120080214849X"
        assert s.scalar(select(Branch.name)) == "示例社区团支部"  # named from the title row


def test_existing_members_are_updated_not_duplicated(db, samples):
    _import(db, samples / "roster_messy.xlsx")
    with db.transaction() as s:
        gu = s.scalar(select(Member).where(Member.id_number == "320804200009246155"))
        gu.phone, gu.work_unit, gu.name = "13900000000", "示例单位", "顾超"
    with db.transaction() as s:
        preview = preview_import(s, samples / "roster_messy.xlsx", today=TODAY)
        row = next(r for r in preview.rows if r.row == 4)
        assert row.outcome is RowOutcome.UPDATED
        assert row.changed == ["姓名", "手机号码"]
    report = _import(db, samples / "roster_messy.xlsx")
    assert (report.new, report.updated, report.unchanged) == (0, 1, 53)
    with db.session() as s:
        gu = s.scalar(select(Member).where(Member.id_number == "320804200009246155"))
        assert (gu.name, gu.phone, gu.name_initials) == (
            "顾超宇",
            "15809275253",
            name_initials("顾超宇"),
        )
        assert gu.work_unit == "示例单位"  # not in the sheet: kept
        assert s.scalar(select(func.count(Member.id))) == 54


def test_blank_cells_do_not_clear_stored_values(db, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, PEOPLE[0]])
    _import(db, path)
    blank_phone = write_xlsx(tmp_path / "b.xlsx", [HEADER, PEOPLE[0][:5] + [None]])
    assert _import(db, blank_phone).unchanged == 1
    with db.session() as s:
        assert s.scalar(select(Member.phone)) == "13800000001"


def test_dry_run_writes_nothing(db, samples):
    report = _import(db, samples / "roster_messy.xlsx", dry_run=True)
    assert (report.new, len(report.rejected), report.dry_run) == (54, 6, True)
    assert report.created_branch is False
    assert _counts(db) == (0, 0, 0, 0)
    assert "试运行" in report_lines(report)[-1]


def test_preview_writes_nothing_and_classifies_every_row(db, samples):
    with db.transaction() as s:
        preview = preview_import(s, samples / "roster_messy.xlsx", today=TODAY)
    assert preview.creates_branch and preview.branch_name == "示例社区团支部"
    assert preview.count(RowOutcome.NEW) == 54
    assert [r.row for r in preview.problem_rows] == MESSY_ROWS
    assert _counts(db) == (0, 0, 0, 0)


def test_unreadable_file_leaves_the_database_as_it_was(db, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(UnreadableFileError):
        _import(db, bad)
    assert _counts(db) == (0, 0, 0, 0)


@pytest.mark.parametrize("stop_at", ["正在检查", "正在写入新团员", "导入完成"])
def test_cancelled_import_leaves_the_database_as_it_was(db, samples, stop_at):
    _import(db, samples / "roster_messy.xlsx")
    before = _counts(db)

    def progress(done, total, message):
        if message.startswith(stop_at):
            raise Cancelled()

    with pytest.raises(Cancelled), db.transaction() as s:
        import_roster(s, samples / "roster_clean.xlsx", "新团支部", progress=progress, today=TODAY)
    assert _counts(db) == before


def test_branch_choice(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, *PEOPLE])
    first = _import(db, path)  # no branch yet, no title row
    assert (first.branch_name, first.created_branch) == (branches.DEFAULT_BRANCH_NAME, True)
    assert _import(db, path).branch_id == first.branch_id  # the only branch
    named = _import(db, path, branch_name="第二团支部")  # named, missing: created
    assert named.created_branch and named.new == 4
    with pytest.raises(UserError, match="多个团支部"):
        _import(db, path)
    assert _import(db, path, branch_name="第二团支部").unchanged == 4
    assert _import(db, path, branch_id=first.branch_id).unchanged == 4


def test_duplicate_without_seq_column_names_the_sheet_row(db, tmp_path):
    header = HEADER[1:]
    rows = [header, PEOPLE[0][1:], PEOPLE[1][1:], PEOPLE[0][1:]]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.new == 2
    assert report.rejected == [(4, "身份证号与第2行重复")]


def test_groups_posts_and_units_are_imported(db, tmp_path):
    header = [*HEADER, "团小组", "团内职务", "工作单位", "备注"]
    rows = [
        header,
        [*PEOPLE[0], "第一团小组", "组长", "示例公司", "优秀团员"],
        [*PEOPLE[1], "第二团小组", None, None, None],
    ]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.created_groups == ["第一团小组", "第二团小组"]
    with db.session() as s:
        zhang = s.scalar(select(Member).where(Member.name == "张三"))
        assert (zhang.group.name, zhang.league_post, zhang.work_unit, zhang.note) == (
            "第一团小组", "组长", "示例公司", "优秀团员"
        )  # fmt: skip
    assert _import(db, write_xlsx(tmp_path / "r.xlsx", rows)).unchanged == 2


def test_old_15_digit_number_is_converted_with_a_notice(db, tmp_path):
    rows = [HEADER, [1, "老张", "男", "110105491231001", "1965.5", None]]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.new == 1
    assert report.notices == [(2, "15位身份证号已转换为18位：110105194912310011")]


def test_without_a_join_date_the_member_is_on_the_roster_from_today(db, tmp_path):
    rows = [HEADER, [1, "张三", "男", "110105200001011238", None, None]]
    _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    with db.session() as s:
        assert s.scalar(select(Member.status_since)) == TODAY


def test_problem_rows_saved_for_fixing(db, samples, tmp_path):
    from openpyxl import load_workbook

    from branchdesk.core.io.roster_reader import read_roster

    with db.transaction() as s:
        preview = preview_import(s, samples / "roster_messy.xlsx", today=TODAY)
    out = save_problem_rows(preview, tmp_path / "problems.xlsx")
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = values[1]
    assert header[0] == "原表行号" and header[-1] == "问题"
    assert [v[0] for v in values[2:]] == MESSY_ROWS
    assert values[2][-1] == "身份证号校验位错误"
    assert values[2][header.index("姓  名")] == "韦秀"
    seq_col = next(i for i, h in enumerate(header) if h and h.replace(" ", "") == "序号")
    assert values[2][seq_col] == "7"
    id_cell = ws.cell(row=3, column=header.index("身份证号码") + 1)
    assert id_cell.value == "640121200005043500" and id_cell.number_format == "@"
    assert len(read_roster(out).rows) == 6  # the fixed file can be imported again


def test_a_second_import_gives_only_its_new_members_a_first_history_step(db, tmp_path):
    first = write_xlsx(tmp_path / "first.xlsx", [HEADER, *PEOPLE[:2]])
    second = write_xlsx(tmp_path / "second.xlsx", [HEADER, *PEOPLE])
    _import(db, first, branch_name="一支部")
    _import(db, first, branch_name="二支部")  # the same people in another branch
    report = _import(db, second, branch_name="一支部")
    assert (report.new, report.unchanged) == (2, 2)
    with db.session() as s:
        steps = s.execute(
            select(Member.branch_id, Member.name, func.count(MemberStatusChange.id))
            .join(MemberStatusChange, MemberStatusChange.member_id == Member.id)
            .group_by(Member.id)
        ).all()
    assert sorted(count for *_, count in steps) == [1] * 6


def test_a_value_every_new_member_shares_is_stored_as_written(db, tmp_path):
    """A column with one value for every row is written once into the INSERT: quotes and
    other text in it are stored exactly, and a number stays a number."""
    unit = "O'Brien's \"团委\" ''; DROP TABLE member; --"
    rows = [[*p, unit, 3] for p in PEOPLE]
    path = write_xlsx(tmp_path / "same.xlsx", [[*HEADER, "工作单位", "团员证编号"], *rows])
    report = _import(db, path)
    assert report.new == 4
    assert report.notices  # 团员证编号 3 is doubtful: left out with a notice
    with db.session() as s:
        assert s.scalars(select(Member.work_unit)).all() == [unit] * 4
        assert set(s.scalars(select(Member.member_card_no))) == {""}
        assert set(s.scalars(select(Member.status))) == {"在册"}
        assert s.scalar(select(func.typeof(Member.branch_id)).limit(1)) == "integer"


def test_new_members_get_the_time_of_writing(db, tmp_path):
    """created_at / updated_at: the database's time of the import, as its default writes it."""
    _import(db, write_xlsx(tmp_path / "r.xlsx", [HEADER, *PEOPLE]))
    with db.session() as s:
        stamps = s.execute(select(Member.created_at, Member.updated_at)).all()
        now = s.scalar(select(func.current_timestamp()))
    assert len(stamps) == 4 and len(set(stamps)) == 1
    created, updated = stamps[0]
    assert created == updated and abs((now - created).total_seconds()) < 60


def test_dates_are_written_as_iso_text_each_as_itself():
    """Each distinct date is written once and shared: the same texts as writing each date."""
    from datetime import datetime

    from branchdesk.core.services.roster_import import _iso_dates

    days = [date(2001, 3, 1), None, date(2001, 3, 1), date(1999, 12, 31), None]
    assert _iso_dates(days) == [d and d.isoformat() for d in days]
    assert _iso_dates([date(2020, 1, 2)] * 3) == ["2020-01-02"] * 3
    moment = datetime(2020, 1, 2, 3, 4)  # never from the reader: written as before
    assert _iso_dates([moment, None]) == [moment.isoformat(), None]
    assert _iso_dates([moment, date(2020, 1, 2)]) == ["2020-01-02", "2020-01-02"]


def test_a_column_sharing_another_columns_values_is_bound_once(db):
    """Two columns given the same list (在册 since joining = the join date) name one numbered
    parameter; each row stores that value in both, NULLs and repeats included."""
    from sqlalchemy import text

    from branchdesk.core.services.roster_import import _bulk_insert, _Same

    with db.transaction() as s:
        s.execute(text("CREATE TEMP TABLE twins (a, b, c, d)"))
        joined = ["2020-01-01", None, "2020-01-01", "2021-05-01"]
        table = type("T", (), {"name": "twins", "c": {}})
        _bulk_insert(s, table, {"a": joined, "b": _Same(7), "c": ["x", "y", "z", "w"], "d": joined})
        rows = s.execute(text("SELECT a, b, c, d FROM twins ORDER BY rowid")).all()
    assert rows == [(j, 7, c, j) for j, c in zip(joined, "xyzw", strict=True)]


def test_checking_reports_progress_every_500_rows_with_the_sheet_row(db, tmp_path):
    """The rows are checked a stretch of 500 at a time: progress names the first sheet row of
    each stretch, and every row is classified in order."""
    rows = [HEADER, *(PEOPLE * 300)]  # 1,200 rows: the same four people again and again
    path = write_xlsx(tmp_path / "long.xlsx", rows)
    said = []
    with db.transaction() as s:
        preview = preview_import(s, path, today=TODAY, progress=lambda *a: said.append(a))
    checking = [a for a in said if a[2].startswith("正在检查")]
    assert checking == [(i, 1200, f"正在检查第 {i + 2} 行") for i in (0, 500, 1000)]
    assert said[-1] == (1200, 1200, "检查完毕")
    assert [r.row for r in preview.rows] == list(range(2, 1202))
    assert preview.count(RowOutcome.NEW) == 4 and len(preview.problem_rows) == 1196
