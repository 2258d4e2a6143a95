"""Writing small test spreadsheets with openpyxl (rows as lists; None = empty cell)."""

from pathlib import Path


def write_xlsx(path: Path, rows, sheet: str = "Sheet1", merges=(), extra_sheets=()) -> Path:
    """extra_sheets: [(name, rows)] written BEFORE the main sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, other_rows in extra_sheets:
        ws = workbook.create_sheet(name)
        for row in other_rows:
            ws.append(row)
    ws = workbook.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    workbook.save(path)
    return path


HEADER = ["序号", "姓名", "性别", "身份证号", "入团时间", "手机号码"]
#: valid made-up people (check characters computed)
PEOPLE = [
    [1, "张三", "男", "110105200001011238", "2015.5", "13800000001"],
    [2, "李四", "女", "11010520010202138X", "2016-05-04", "13800000002"],
    [3, "王五", "男", "110105200203031210", "2017年5月", "13800000003"],
    [4, "赵六", "女", "110105200304041266", "201805", "13800000004"],
]
