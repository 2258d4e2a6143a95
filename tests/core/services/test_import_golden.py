"""Whole imports store and say exactly what the importer stored and said before it was
restructured for speed (see import_golden.py: the sheets, and how the file was written)."""

import json

from tests.core.services.import_golden import GOLDEN, outcomes


def _first_difference(found, expected, where="") -> str:
    if type(found) is not type(expected):
        return f"{where}: {found!r} != {expected!r}"
    if isinstance(found, dict):
        for key in expected.keys() | found.keys():
            if found.get(key) != expected.get(key):
                return _first_difference(found.get(key), expected.get(key), f"{where}/{key}")
    elif isinstance(found, list) and len(found) == len(expected):
        for index, (a, b) in enumerate(zip(found, expected, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{index}]")
    return f"{where}: {found!r} != {expected!r}"


def test_imports_store_and_report_as_before(tmp_path):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    # through JSON, as the file was written (tuples become lists)
    found = json.loads(json.dumps(outcomes(tmp_path), ensure_ascii=False))
    assert found.keys() == expected.keys()
    for name in expected:
        assert found[name] == expected[name], _first_difference(found[name], expected[name], name)


def test_the_sheets_hold_what_the_comparison_relies_on():
    """Each kind of outcome is there to compare: new, updated, unchanged, rejected, notices."""
    varied = json.loads(GOLDEN.read_text(encoding="utf-8"))["varied"]
    first, again, changed = (r["json"] for r in varied["reports"])
    assert first["new"] > 200 and first["rejected"] and first["notices"]
    assert again["unchanged"] == first["new"] and again["new"] == again["updated"] == 0
    assert changed["updated"] > 50 and changed["unchanged"] > 50
    reasons = " ".join(r["reason"] for r in first["rejected"])
    notices = " ".join(n["message"] for n in first["notices"])
    for reason in ("校验位", "性别与身份证号不符", "出生日期与身份证号不符", "入团时未满14周岁",
                   "隐去", "被存成数字", "重复", "过长", "缺少姓名"):  # fmt: skip
        assert reason in reasons, reason
    for notice in ("15位身份证号已转换", "发展团员编号", "未导入", "资料不全", "入团时已满28周岁"):
        assert notice in notices, notice
