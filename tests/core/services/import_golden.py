"""Whole imports written down: every stored member and history row and every report, for sheets
that hold the cases an import must get right (the shared samples, the .xls/.ods fixtures, a
school sheet without ID numbers, a CSV, and a seeded sheet of 600 rows mixing every kind of cell
the reader and the checks treat specially: invisible characters, full-width digits, masked,
15-digit, numeric and wrong ID numbers, other ID types, contradicting gender and birth dates,
dates six ways, party dates, doubtful phones and card numbers, duplicates, long texts ...).

test_import_golden.py compares a fresh run with tests/fixtures/import_golden.json, written by
the importer before it was restructured for speed: the restructured importer must store exactly
the same values and say exactly the same things. Regenerate only for an intended change of
behaviour: `python -m tests.core.services.import_golden` (then read the diff).
"""

import csv
import json
import random
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Group, Member, MemberStatusChange
from branchdesk.core.rules.idcard import check_char
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
GOLDEN = FIXTURES / "import_golden.json"

HEADER = [
    "序号", "姓名", "性别", "民族", "出生年月", "证件类型", "身份证号", "入团年月", "团员证编号",
    "发展团员编号", "学历", "政治面貌", "入党时间", "转正时间", "手机号码", "团内职务", "团小组",
    "工作单位", "学号", "备注",
]  # fmt: skip


def _id(rng: random.Random, birth: date, male: bool) -> str:
    sequence = rng.randrange(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6))
    first17 = f"{rng.choice(('110105', '440305', '320102'))}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def _pick(rng: random.Random, usual, *odd, odd_share: float = 0.12):
    """The usual value most of the time, else one of the odd ones."""
    return rng.choice(odd) if odd and rng.random() < odd_share else usual


def varied_rows(count: int = 400, seed: int = 11) -> list[list]:
    """A title row, the header and `count` rows, each column odd in about an eighth of them."""
    rng = random.Random(seed)
    rows: list[list] = [["测试团支部团员花名册"], HEADER]
    for n in range(1, count + 1):
        male = rng.random() < 0.5
        birth = date(1996, 1, 1) + timedelta(days=rng.randrange(4000))
        number = _id(rng, birth, male)
        gender = "男" if male else "女"
        name = rng.choice("张李王赵刘陈杨黄吴周") + rng.choice("伟芳娜敏静丽强磊军洋") * rng.choice(
            (1, 2)
        )
        if number[17] == "X" and rng.random() < 0.5:
            number = number.lower()
        age = _pick(rng, rng.choice((14, 15, 16, 18)), 13, 28, 29, 40)
        joined = date(min(birth.year + age, 2026), rng.randrange(1, 13), 1)
        id_cell = _pick(
            rng,
            number,
            number[:6] + "********" + number[14:],  # masked
            number[:6] + number[8:17],  # 15 digits
            int(number[:17]),  # a number: digits lost
            float(number[:17]),
            "1.10105E+17",
            number[:17] + ("0" if number[17] != "0" else "1"),  # wrong check character
            number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            " " + number + "\u200b",
            number[:10] + "1340" + number[14:],  # impossible birth date
            "",
            None,
            "H1234567" + str(n),  # another kind of ID
        )
        rows.append(
            [
                _pick(rng, n, f"{n}", float(n), None),
                _pick(
                    rng,
                    name,
                    "",
                    None,
                    name + " ",
                    name[0] + "  " + name[1:],
                    name + "\u200b",
                    "某" * 60,
                    "Anna Li",
                    123,
                ),
                _pick(
                    rng,
                    gender,
                    "男" if not male else "女",
                    "男性" if male else "女性",
                    "",
                    None,
                    "未知",
                ),
                _pick(rng, "汉族", "汉", "回族", "满", "蒙古族", "", "其他民族"),
                _pick(
                    rng,
                    None,
                    birth,
                    datetime(birth.year, birth.month, birth.day),
                    f"{birth.year}.{birth.month}",
                    f"{birth.year}年{birth.month}月",
                    f"{birth:%Y%m}",
                    f"{birth:%Y/%m/%d}",
                    birth + timedelta(days=40),
                    "不详",
                    odd_share=0.6,
                ),
                _pick(
                    rng,
                    "居民身份证",
                    "普通居民身份证",
                    "身份证",
                    "护照",
                    "境外身份证",
                    "港澳通行证",
                    "",
                    None,
                ),
                id_cell,
                _pick(
                    rng,
                    f"{joined.year}.{joined.month}",
                    joined,
                    f"{joined:%Y-%m}",
                    f"{joined.year}年{joined.month}月",
                    f"{joined:%Y%m}",
                    "2030.1",
                    "",
                    "很早",
                    f"{joined.year}",
                ),
                _pick(
                    rng,
                    f"{rng.randrange(10**7, 10**8)}",
                    rng.randrange(10**6, 10**7),
                    float(rng.randrange(10**7, 10**8)),
                    "1234567",
                    "A1234567",
                    "",
                    None,
                ),
                _pick(
                    rng,
                    "",
                    f"{joined.year}{rng.randrange(10**7, 10**8)}",
                    f"2017{rng.randrange(10**7, 10**8)}",
                    "12345",
                    "abc",
                    "１２３",
                ),
                _pick(
                    rng,
                    "本科",
                    "大专",
                    "高中",
                    "本科在读",
                    "大学本科",
                    "全日制普通本科",
                    "研究生",
                    "小学毕业",
                    "",
                    "博士",
                ),
                _pick(rng, "共青团员", "团员", "中共党员", "中共预备党员", "群众", "预备党员", ""),
                _pick(
                    rng, None, date(birth.year + 19, 3, 1), "2019.7", "2030.1", "", odd_share=0.15
                ),
                _pick(rng, None, date(birth.year + 20, 4, 1), "2020.7", "", odd_share=0.1),
                _pick(
                    rng,
                    f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                    "138-0013-8000",
                    "138 0013 8000",
                    13800138000,
                    "12345",
                    "010-12345678",
                    "０１０-12345678",
                    "",
                    None,
                ),
                _pick(rng, "", "团支部书记", "组织委员", "普通团员", "无", "宣传委员"),
                _pick(rng, "第一团小组", "第二团小组", "", "组" * 60, None),
                _pick(rng, "示例单位", "示例学校\u3000三年级二班", "", "单" * 120),
                _pick(rng, "", f"S{n:05d}", f"{n}", "学 号"),
                _pick(rng, "", "转入", "备" * 10, "\x7f响铃", "\u200e左"),
            ]
        )
        if n % 37 == 0:
            rows.append([n + 10000, *rows[-4][1:]])  # a person entered twice
        if n % 97 == 0:
            rows.append([])  # a blank row
        if n % 211 == 0:
            rows.append(HEADER)  # the header repeated (printed sheets)
    rows.append(["制表人：测试", None, None, "审核人：测试"])
    return rows


def _changed(rows: list[list]) -> list[list]:
    """The sheet again with some phones, units and posts changed and a third of rows left out."""
    rng = random.Random(7)
    out = rows[:2]
    for row in rows[2:]:
        if len(row) == len(HEADER) and row[0] != "序号" and rng.random() < 0.66:
            row = list(row)
            if rng.random() < 0.3:
                row[14] = f"139{rng.randrange(10**7, 10**8)}"
            if rng.random() < 0.2:
                row[17] = "新单位"
            if rng.random() < 0.1:
                row[15] = "组织委员"
            out.append(row)
    return out


def _no_id_rows() -> list[list]:
    return [
        ["学号", "姓名", "性别", "出生年月", "入团时间", "学校班级"],
        ["2023001", "张伟", "男", "2008.3", "2022.5", "高三（2）班"],
        ["2023002", "李娜", "女", "2008年7月", "2023.5", "高三（2）班"],
        ["", "王芳", "女", "2009-01-02", "2023.5", "高三（2）班"],
        ["2023004", "赵强", "", "", "2023.5", "高三（2）班"],
        ["2023001", "张伟", "男", "2008.3", "2022.5", "高三（2）班"],
    ]


def _stored(database: Database) -> dict:
    """Every member's stored columns (not the times of writing) and every history row."""
    skip = {"created_at", "updated_at"}
    columns = [c for c in Member.__table__.columns if c.name not in skip]
    with database.session() as s:
        members = [
            [v.isoformat() if isinstance(v, date) else v for v in row]
            for row in s.execute(select(*columns).order_by(Member.id))
        ]
        history = [
            [v.isoformat() if isinstance(v, date) else v for v in row]
            for row in s.execute(
                select(
                    MemberStatusChange.member_id,
                    MemberStatusChange.from_status,
                    MemberStatusChange.to_status,
                    MemberStatusChange.changed_on,
                    MemberStatusChange.reason,
                ).order_by(MemberStatusChange.id)
            )
        ]
        groups = s.execute(select(Group.id, Group.branch_id, Group.name).order_by(Group.id))
        return {
            "columns": [c.name for c in columns],
            "members": members,
            "history": history,
            "groups": [list(g) for g in groups],
        }


def _run(database: Database, path: Path, **kwargs) -> dict:
    from branchdesk.core.services.roster_import import import_roster, report_lines

    with database.transaction() as s:
        report = import_roster(s, path, today=TODAY, **kwargs)
    return {"json": report.to_json(), "lines": report_lines(report)}


def outcomes(folder: Path) -> dict:
    """Each sheet imported into a fresh database (the varied one three times: new, the same
    again, changed), with what was stored and reported."""
    samples = FIXTURES / "samples"
    varied = varied_rows()
    varied_path = write_xlsx(folder / "varied.xlsx", varied, sheet="花名册")
    changed_path = write_xlsx(folder / "changed.xlsx", _changed(varied), sheet="花名册")
    no_id = write_xlsx(folder / "no_id.xlsx", _no_id_rows())
    csv_path = folder / "varied.csv"
    with csv_path.open("w", encoding="gb18030", newline="") as out:
        csv.writer(out).writerows(
            [["" if c is None else str(c) for c in row] for row in varied[:100]]
        )
    result = {}
    runs = {
        "roster_clean": [samples / "roster_clean.xlsx"],
        "roster_messy": [samples / "roster_messy.xlsx", samples / "roster_messy.xlsx"],
        "roster_small_xls": [FIXTURES / "roster_small.xls"],
        "roster_small_ods": [FIXTURES / "roster_small.ods"],
        "no_id": [no_id, no_id],
        "csv": [csv_path],
        "varied": [varied_path, varied_path, changed_path],
    }
    for name, paths in runs.items():
        database = Database.open(folder / f"{name}.db")
        try:
            reports = [_run(database, path) for path in paths]
            dry = _run(database, paths[0], dry_run=True)["json"]
            for later in reports[1:]:
                del later["lines"]  # the same report, as JSON
            result[name] = {"reports": reports, "dry_run": dry, "stored": _stored(database)}
        finally:
            database.dispose()
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        found = outcomes(Path(tmp))
    text = json.dumps(found, ensure_ascii=False, indent=0)
    # one line per innermost list (a stored row, a history step): a readable diff
    text = re.sub(
        r"\[\n([^\[\]{}]*?)\n\]", lambda m: "[" + m.group(1).replace("\n", " ") + "]", text
    )
    GOLDEN.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
