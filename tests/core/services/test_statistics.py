"""团内统计 equal counts made independently from the exported roster, for one branch and for
three; the CLI's `stats --json` and `export stats` give the same numbers."""

import json
from collections import Counter
from datetime import date, datetime

import openpyxl
import pytest

from branchdesk.cli import main
from branchdesk.core.db.models import Branch, Meeting
from branchdesk.core.io.roster_export import export_roster
from branchdesk.core.rules.ages import age_on
from branchdesk.core.services import members
from branchdesk.core.services.demo import create_demo
from branchdesk.core.services.statistics import statistics, statistics_by_branch

TODAY = date.today()
BANDS = [(0, 17, "18岁以下"), (18, 22, "18—22岁"), (23, 25, "23—25岁"), (26, 28, "26—28岁")]


def _band(age: int) -> str:
    return next((label for low, high, label in BANDS if low <= age <= high), "28岁以上")


def _roster_counts(path) -> dict[str, Counter]:
    """Counts made from the exported sheet alone, as a committee clerk would make them."""
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "序号")
    header = rows[header_at]
    counts: dict[str, Counter] = {
        k: Counter() for k in ("性别", "民族", "年龄", "学历", "政治面貌")
    }
    counts["合计"] = Counter()
    for r in rows[header_at + 1 :]:
        row = dict(zip(header, r, strict=False))
        if row["状态"] not in ("在册", "转出中"):
            continue
        counts["合计"]["在册"] += 1
        counts["性别"][row["性别"]] += 1
        counts["民族"]["汉族" if row["民族"] == "汉族" else "少数民族"] += 1
        birth = row["出生日期"]
        birth = birth.date() if isinstance(birth, datetime) else birth
        counts["年龄"][_band(age_on(birth, TODAY))] += 1
        counts["学历"][row["学历"] or "未填写"] += 1
        counts["政治面貌"][row["政治面貌"]] += 1
        joined = str(row["入团年月"] or "")
        counts["合计"]["本年入团"] += joined.startswith(str(TODAY.year))
    return counts


def _as_counts(stats) -> dict[str, Counter]:
    return {
        "性别": +stats.by_gender,
        "民族": +stats.by_ethnicity,
        "年龄": +stats.by_age,
        "学历": +stats.by_education,
        "政治面貌": +stats.by_political_status,
        "合计": +Counter({"在册": stats.members, "本年入团": stats.joined}),
    }


@pytest.fixture
def three_branches(db):
    """Three demo branches (different seeds), renamed 一班/二班/三班."""
    for seed, name in ((2026, "一班团支部"), (7, "二班团支部"), (11, "三班团支部")):
        with db.transaction() as s:
            summary = create_demo(s, today=TODAY, seed=seed)
            s.get(Branch, summary.branch_id).name = name
    return db


def test_one_branch_equals_the_counts_of_its_exported_roster(demo_db, tmp_path):
    with demo_db.session() as s:
        export_roster(s, 1, tmp_path / "roster.xlsx", today=TODAY)
        stats = statistics(s, [1], TODAY.year, TODAY)
    expected = _roster_counts(tmp_path / "roster.xlsx")
    assert expected["合计"]["在册"] == 60
    assert _as_counts(stats) == expected
    assert stats.by_ethnicity["少数民族"] > 0 and len(stats.by_age) >= 3  # the demo varies


def test_three_branches_equal_the_sum_of_their_rosters(three_branches, tmp_path):
    expected: dict[str, Counter] = {}
    with three_branches.session() as s:
        for branch_id in (1, 2, 3):
            export_roster(s, branch_id, tmp_path / f"{branch_id}.xlsx", today=TODAY)
            for key, counts in _roster_counts(tmp_path / f"{branch_id}.xlsx").items():
                expected.setdefault(key, Counter()).update(counts)
        total, parts = statistics_by_branch(s, None, TODAY.year, TODAY)
    assert total.branches == ["一班团支部", "二班团支部", "三班团支部"]
    assert _as_counts(total) == expected
    assert total.members == sum(p.members for p in parts) == 180
    assert total.dues_collected_fen == sum(p.dues_collected_fen for p in parts) > 0
    general = [m for m in total.meetings if m.item == "支部团员大会"][0]
    per_branch = [[m for m in p.meetings if m.item == "支部团员大会"][0] for p in parts]
    assert general.held == sum(m.held for m in per_branch) > 0


def test_meetings_held_against_periods_begun(db, branch_id):
    with db.transaction() as s:
        s.add(Meeting(branch_id=branch_id, kind="支部委员会", held_on=date(2025, 3, 5)))
    with db.session() as s:
        stats = statistics(s, [branch_id], 2025, date(2026, 1, 10))
    counts = {m.item: (m.held, m.required) for m in stats.meetings}
    assert counts["支部委员会"] == (1, 12)
    assert counts["支部团员大会"] == (0, 4)


def test_left_the_league_by_reason_in_the_year(demo_db):
    with demo_db.transaction() as s:
        ids = [r.id for r in members.roster_rows(s, 1)][:3]
        members.change_status(s, ids[0], "退团", TODAY, "本人申请")
        members.change_status(s, ids[1], "去世", TODAY)
    with demo_db.session() as s:
        stats = statistics(s, [1], TODAY.year, TODAY)
        last_year = statistics(s, [1], TODAY.year - 1, TODAY)
    assert dict(stats.left_by_reason) == {"退团": 1, "去世": 1}
    assert stats.members == 58
    assert last_year.left == 0


def test_no_branch_is_a_message(db):
    from branchdesk.core.errors import UserError

    with db.session() as s, pytest.raises(UserError, match="还没有团支部"):
        statistics(s, None, 2026)


def test_cli_json_and_excel_give_the_same_numbers(three_branches, tmp_path, capsys):
    url = str(three_branches.sqlite_path)
    three_branches.dispose()  # the CLI opens the file itself
    assert main(["--db", url, "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    basics = dict(data["tables"][0]["rows"])
    assert basics["在册团员"] == 180 and data["branches"][1] == "二班团支部"

    assert main(["--db", url, "stats", "--branch", "一班团支部、三班团支部", "--json"]) == 0
    two = json.loads(capsys.readouterr().out)
    assert two["branches"] == ["一班团支部", "三班团支部"]
    assert dict(two["tables"][0]["rows"])["在册团员"] == 120

    out = tmp_path / "统计.xlsx"
    assert main(["--db", url, "export", "stats", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    rows = [r for r in book["团内统计"].iter_rows(values_only=True) if r[1] is not None]
    assert ("基本情况", "在册团员", 180) in rows
    per_branch = list(book["各团支部"].iter_rows(values_only=True))
    names = [r[0] for r in per_branch]
    assert {"一班团支部", "二班团支部", "三班团支部", "合计"} <= set(names)
    total_row = per_branch[names.index("合计")]
    branch_rows = [r for r in per_branch if r[0] in ("一班团支部", "二班团支部", "三班团支部")]
    assert total_row[1] == sum(r[1] for r in branch_rows) == 180


def test_overview_lists_every_branch_with_its_counts(three_branches, capsys):
    from branchdesk.core.services import transfers
    from branchdesk.core.services.committee import committee_overview
    from branchdesk.core.services.dues import arrears

    with three_branches.session() as s:
        rows = committee_overview(s, TODAY)
        assert [r.name for r in rows] == ["一班团支部", "二班团支部", "三班团支部"]
        for r in rows:
            waiting = transfers.register_rows(s, r.branch_id, status="转出中")
            owing = arrears(s, r.branch_id, TODAY)
            assert r.members == statistics(s, [r.branch_id], TODAY.year, TODAY).members == 60
            assert r.letters_waiting == len(waiting) > 0
            assert (r.arrears_members, r.arrears_fen) == (
                len(owing),
                sum(o.owed_fen for o in owing),
            )
    path = str(three_branches.sqlite_path)
    three_branches.dispose()
    assert main(["--db", path, "overview", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["members"] for d in data] == [60, 60, 60]
    assert main(["--db", path, "overview"]) == 0
    assert "二班团支部\t60\t" in capsys.readouterr().out
