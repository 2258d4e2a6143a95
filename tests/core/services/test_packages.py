"""Data packages: two offline branches packed and merged twice into a committee's database give
each member once; a member changed on both sides is a conflict; masked packages hold no full ID
numbers; damaged or newer packages are refused with a message."""

import json
import zipfile

import pytest
from sqlalchemy import func, select

from branchdesk.cli import main
from branchdesk.core.db.database import Database
from branchdesk.core.db.models import (
    AnnualRound,
    Applicant,
    Assessment,
    AwardRecord,
    Branch,
    DuesPayment,
    Meeting,
    Member,
    Recommendation,
    RecommendationRound,
    Transfer,
    YearText,
)
from branchdesk.core.errors import UserError
from branchdesk.core.io.package_file import read_package, write_package
from branchdesk.core.services.packages import TAKE_PACKAGE, merge_package, pack_branch
from tests.conftest import TODAY

COUNTED = (Member, Meeting, DuesPayment, Transfer, AnnualRound)
REGISTERS = (Applicant, RecommendationRound, Recommendation, AwardRecord, Assessment, YearText)
COUNTED += REGISTERS


def _branch_db(path, name: str, seed: int) -> Database:
    from branchdesk.core.services.demo import create_demo

    db = Database.open(path)
    with db.transaction() as s:
        s.get(Branch, create_demo(s, today=TODAY, seed=seed).branch_id).name = name
    return db


def _pack(db: Database, out, **kw):
    with db.session() as s:
        manifest, data = pack_branch(s, 1, **kw)
    return write_package(out, manifest, data)


def _merge(db: Database, path, **kw):
    with db.transaction() as s:
        return merge_package(s, read_package(path), **kw)


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in COUNTED}


@pytest.fixture(scope="module")
def two_branches(tmp_path_factory):
    root = tmp_path_factory.mktemp("branches")
    one, two = (
        _branch_db(root / "one.db", "一班团支部", 3),
        _branch_db(root / "two.db", "二班团支部", 4),
    )
    packages = _pack(one, root / "one.bdpkg"), _pack(two, root / "two.bdpkg")
    expected = {k: _counts(one)[k] + _counts(two)[k] for k in _counts(one)}
    one.dispose()
    two.dispose()
    return packages, expected


def test_two_branches_merged_twice_give_each_member_once(two_branches, tmp_path):
    packages, expected = two_branches
    committee = Database.open(tmp_path / "committee.db")
    first = [_merge(committee, p) for p in packages]
    assert [r.new_branch for r in first] == [True, True]
    assert [len(r.added) for r in first] == [60, 60]
    second = [_merge(committee, p) for p in packages]
    assert [r.changes for r in second] == [0, 0] and [r.unchanged for r in second] == [60, 60]
    assert _counts(committee) == expected
    with committee.session() as s:
        people = s.execute(select(Member.branch_id, Member.id_number)).all()
        names = list(s.scalars(select(Branch.name).order_by(Branch.id)))
    assert len(people) == len(set(people)) == 120  # each member once in their branch
    assert names == ["一班团支部", "二班团支部"]
    committee.dispose()


def test_a_member_changed_on_both_sides_is_a_conflict(tmp_path):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    committee = Database.open(tmp_path / "committee.db")
    _merge(committee, _pack(branch, tmp_path / "1.bdpkg"))

    with branch.transaction() as s:
        both, only_branch = s.scalars(select(Member).order_by(Member.id).limit(2)).all()
        both.phone, only_branch.work_unit = "13900000001", "新单位"
        key = f"身份证号:{both.id_number}"
    with committee.transaction() as s:
        s.scalar(select(Member).where(Member.phone != "").order_by(Member.id)).phone = "13900000002"
    package = _pack(branch, tmp_path / "2.bdpkg")

    report = _merge(committee, package)
    assert [c.name for c in report.conflicts] == [both.name]
    assert ("手机号码", "13900000002", "13900000001") in report.conflicts[0].fields
    assert report.updated == [only_branch.name]  # changed in the branch only: taken
    with committee.session() as s:
        assert s.scalar(select(Member.phone).where(Member.name == both.name)) == "13900000002"
        assert s.scalar(select(Member.work_unit).where(Member.name == only_branch.name)) == "新单位"

    again = _merge(committee, package, choices={key: TAKE_PACKAGE})
    assert again.conflicts[0].chosen == TAKE_PACKAGE
    with committee.session() as s:
        assert s.scalar(select(Member.phone).where(Member.name == both.name)) == "13900000001"
    assert _merge(committee, package).changes == 0  # settled: no conflict any more
    branch.dispose()
    committee.dispose()


def test_masked_package_holds_no_full_numbers(tmp_path):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    with branch.session() as s:
        numbers = [n for n in s.scalars(select(Member.id_number)) if n]
        numbers += [n for n in s.scalars(select(Applicant.id_number)) if n]
        phones = [p for p in s.scalars(select(Member.phone)) if p]
        phones += [p for p in s.scalars(select(Applicant.phone)) if p]
    path = _pack(branch, tmp_path / "masked.bdpkg", mask=True)
    with zipfile.ZipFile(path) as zf:
        raw = zf.read("data.json").decode()
    assert numbers and not any(n in raw for n in numbers)
    assert phones and not any(p in raw for p in phones)
    committee = Database.open(tmp_path / "committee.db")
    report = _merge(committee, path)
    assert len(report.added) == 60
    with committee.session() as s:
        assert s.scalar(select(func.count()).where(Member.id_number.is_not(None))) == 0
        assert s.scalar(select(func.count()).where(Applicant.id_number.is_not(None))) == 0
        assert s.scalar(select(func.count()).select_from(Applicant)) == _counts(branch)["Applicant"]
    assert _merge(committee, path).changes == 0
    branch.dispose()
    committee.dispose()


def test_year_package_holds_that_year_only(tmp_path):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    with branch.session() as s:
        _, data = pack_branch(s, 1, year=TODAY.year)
    assert data["meetings"] and {m["held_on"][:4] for m in data["meetings"]} == {str(TODAY.year)}
    assert len(data["members"]) == _counts(branch)["Member"]
    branch.dispose()


def _rewrite(path, out, manifest_change=None, data_change=None):
    with zipfile.ZipFile(path) as zf:
        manifest, body = json.loads(zf.read("manifest.json")), zf.read("data.json")
    if manifest_change:
        manifest.update(manifest_change)
    if data_change:
        body = body.replace(*data_change)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("data.json", body)
    return out


def test_damaged_or_newer_packages_are_refused(two_branches, tmp_path):
    good = two_branches[0][0]
    (tmp_path / "text.bdpkg").write_text("不是数据包")
    with pytest.raises(UserError, match="不是团支部工作台的数据包"):
        read_package(tmp_path / "text.bdpkg")
    tampered = _rewrite(
        good, tmp_path / "t.bdpkg", data_change=(b"\xe4\xb8\x80\xe7\x8f\xad", b"XX")
    )
    with pytest.raises(UserError, match="校验值不符"):
        read_package(tampered)
    newer = _rewrite(good, tmp_path / "n.bdpkg", manifest_change={"format_version": 99})
    with pytest.raises(UserError, match="较新版本"):
        read_package(newer)


def test_cli_pack_then_dry_run_changes_nothing(tmp_path, capsys):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    branch.dispose()
    out = tmp_path / "一班"
    assert main(["--db", str(tmp_path / "branch.db"), "pack", str(out)]) == 0
    assert (tmp_path / "一班.bdpkg").exists()
    committee = str(tmp_path / "committee.db")
    assert main(["--db", committee, "unpack", str(tmp_path / "一班.bdpkg"), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert main(["--db", committee, "unpack", str(tmp_path / "一班.bdpkg"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["added"]) == 60 and result["new_branch"]


def test_registers_travel_with_their_links_and_updates(tmp_path):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    committee = Database.open(tmp_path / "committee.db")
    _merge(committee, _pack(branch, tmp_path / "1.bdpkg"))

    def links(db):
        with db.session() as s:
            texts = {
                (t.year, t.kind): (t.text, t.meeting.held_on if t.meeting else None)
                for t in s.scalars(select(YearText))
            }
            voted = sorted(
                (c.member.name, c.votes_for, c.result) for c in s.scalars(select(Recommendation))
            )
            introduced = sorted(
                (a.name, a.introducer1.name if a.introducer1 else None, a.status)
                for a in s.scalars(select(Applicant))
            )
            awarded = sorted(
                (a.member.name, a.kind, a.decided_on) for a in s.scalars(select(AwardRecord))
            )
        return texts, voted, introduced, awarded

    texts, voted, introduced, awarded = links(branch)
    assert texts and voted and introduced and awarded  # the demo has each register
    assert any(meeting for _, meeting in texts.values())  # a text approved at a meeting
    assert links(committee) == (texts, voted, introduced, awarded)

    with branch.transaction() as s:
        s.scalars(select(YearText)).first().text = "改过的计划"
        s.scalars(select(Recommendation)).first().votes_for = 1
    report = _merge(committee, _pack(branch, tmp_path / "2.bdpkg"))
    assert report.records_updated == {"工作计划与总结": 1, "推优": 1}
    assert links(committee) == links(branch)
    branch.dispose()
    committee.dispose()


def test_a_package_without_registers_leaves_them_here(tmp_path):
    branch = _branch_db(tmp_path / "branch.db", "一班团支部", 3)
    committee = Database.open(tmp_path / "committee.db")
    _merge(committee, _pack(branch, tmp_path / "1.bdpkg"))
    with branch.session() as s:
        manifest, data = pack_branch(s, 1)
    del data["registers"]  # as written by a version that did not carry them
    report = _merge(committee, write_package(tmp_path / "old.bdpkg", manifest, data))
    assert report.changes == 0
    assert _counts(committee) == _counts(branch)
    branch.dispose()
    committee.dispose()
