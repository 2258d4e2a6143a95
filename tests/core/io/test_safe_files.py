"""Files written safely (a full disk or a failure keeps the old file) and exports that stay
inert (text that looks like a formula is written as text and re-imports unchanged)."""

import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import atomic_target, copy_file_atomic
from branchdesk.core.io.roster_export import export_roster, export_template
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table
from branchdesk.core.services.roster_import import import_roster, preview_import, save_problem_rows
from tests.conftest import TODAY
from tests.core.io.sheets import HEADER, PEOPLE

OLD = b"the old file, kept"


def _leftovers(folder: Path, keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != keep)


def test_a_complete_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    with atomic_target(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == OLD  # untouched until the writer is done
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640  # an overwritten file keeps its mode
    assert _leftovers(tmp_path, target) == []


def test_a_failing_writer_keeps_the_old_file_and_removes_the_temporary_one(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(OLD)
    with pytest.raises(UserError, match="没有要打印"):
        with atomic_target(target) as tmp:
            tmp.write_bytes(b"half")
            raise UserError("没有要打印的介绍信。")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target) == []


def test_disk_full_while_writing_is_a_chinese_message_and_the_old_file_stays(tmp_path):
    target = tmp_path / "花名册.xlsx"
    target.write_bytes(OLD)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    workbook = new_workbook()
    write_table(workbook, "表", Table("标题", [Column("姓名")], [["张三"]]))
    workbook.save = full
    with pytest.raises(UserError) as caught:
        save_workbook(workbook, target)
    assert "磁盘空间不足" in caught.value.message and "原来的文件没有改动" in caught.value.message
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target) == []


def test_copy_over_a_file_open_elsewhere_is_a_chinese_message(tmp_path, monkeypatch):
    source, target = tmp_path / "a.pdf", tmp_path / "b.pdf"
    source.write_bytes(b"%PDF new")
    target.write_bytes(OLD)

    def locked(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(UserError, match="正在被其他程序"):
        copy_file_atomic(source, target)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target) == ["a.pdf"]


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs (root only, where mounting is allowed; CI runs as root)."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount not permitted here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_on_a_real_small_file_system_keeps_the_old_files(small_disk, demo_db):
    from branchdesk.core.reports.handbook import HandbookOptions, build_handbook

    old_pdf, old_xlsx = small_disk / "手册.pdf", small_disk / "花名册.xlsx"
    old_pdf.write_bytes(b"%PDF-1.4 old handbook " * 100)
    old_xlsx.write_bytes(b"old roster " * 100)
    with demo_db.session() as s:
        branch_id = s.scalar(select(Branch.id))
        with pytest.raises(UserError) as pdf_error:  # the handbook is ~200 KB
            build_handbook(s, branch_id, HandbookOptions(year=2026), old_pdf)
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        (small_disk / "filler").write_bytes(b"x" * (free - 4096))  # room for 4 KiB only
        with pytest.raises(UserError) as xlsx_error:
            export_roster(s, branch_id, old_xlsx, today=TODAY)
    for error in (pdf_error, xlsx_error):
        assert "磁盘空间不足" in error.value.message
        assert "原来的文件没有改动" in error.value.message
    assert old_pdf.read_bytes() == b"%PDF-1.4 old handbook " * 100
    assert old_xlsx.read_bytes() == b"old roster " * 100
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "手册.pdf", "花名册.xlsx"]


# -- exports are inert -----------------------------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://example.com","点我")',
    "+86 转告",
    "-高二(3)班",
    "@所有人",
    "=1+1",
]


def _formula_cells(path: Path) -> list[str]:
    found = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            found += [c.coordinate for c in row if c.data_type == "f"]
    return found


def test_roster_export_writes_formula_like_text_as_text_and_reimports_unchanged(demo_db, tmp_path):
    with demo_db.transaction() as s:
        branch_id = s.scalar(select(Branch.id))
        members = s.scalars(select(Member).order_by(Member.id).limit(len(HOSTILE))).all()
        for member, text in zip(members, HOSTILE, strict=True):
            member.work_unit, member.note = text, text
    path = tmp_path / "roster.xlsx"
    with demo_db.session() as s:
        export_roster(s, branch_id, path, today=TODAY)
    assert _formula_cells(path) == []
    ws = load_workbook(path).active
    values = {c.value for row in ws.iter_rows() for c in row}
    assert set(HOSTILE) <= values
    assert all(c.quotePrefix for row in ws.iter_rows() for c in row if c.value in set(HOSTILE))
    with demo_db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert (report.new, report.updated, report.unchanged, report.rejected) == (0, 0, 60, [])
    with demo_db.session() as s:
        units = set(s.scalars(select(Member.work_unit)))
    assert set(HOSTILE) <= units


def test_problem_rows_keep_formula_like_text_as_text(db, tmp_path):
    bad_id = "110105200001011230"  # wrong check character
    rows = [HEADER + ["工作单位"], [1, "=cmd|'/C calc'!A0", "男", bad_id, "2015-05", "=1+1", "@x"]]
    rows.append(PEOPLE[1] + ["-单位"])
    workbook = new_workbook()
    write_table(workbook, "Sheet1", Table("花名册", [Column(h) for h in rows[0]], rows[1:]))
    source = save_workbook(workbook, tmp_path / "in.xlsx")
    with db.transaction() as s:
        preview = preview_import(s, source, today=TODAY)
    out = save_problem_rows(preview, tmp_path / "problems.xlsx")
    assert _formula_cells(out) == []
    again = read_roster(out)
    assert len(again.rows) == 1
    cells = again.rows[0].cells
    assert "=cmd|'/C calc'!A0" in cells and "=1+1" in cells and "@x" in cells


def test_template_and_every_sheet_title_are_formula_free(tmp_path):
    workbook = new_workbook()
    write_table(
        workbook,
        "表",
        Table(
            "=标题",
            [Column("=表头"), Column("号码", text=True)],
            [["=A1", "-1\x01"]],
            subtitle_lines=["+说明"],
            footer=["@合计", "=SUM(B3)"],
        ),
    )
    path = save_workbook(workbook, tmp_path / f"{uuid.uuid4().hex}.xlsx")
    assert _formula_cells(path) == []
    ws = load_workbook(path).active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["=标题", None],
        ["+说明", None],
        ["=表头", "号码"],
        ["=A1", "-1"],  # a control character an xlsx cannot hold is dropped
        ["@合计", "=SUM(B3)"],
    ]
    assert _formula_cells(export_template(tmp_path / "template.xlsx")) == []
