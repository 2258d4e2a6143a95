"""团内统计 in the handbook and on screen: the same numbers and the same charts."""

from datetime import date

from pypdf import PdfReader

from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.reports.stat_charts import chart_svg, chart_tables, nice_step
from branchdesk.core.rules.statistics import stat_tables
from branchdesk.core.services.statistics import statistics
from tests.conftest import TODAY


def test_handbook_prints_the_statistics_with_their_charts(demo_db, tmp_path):
    out = tmp_path / "stats.pdf"
    with demo_db.session() as s:
        build_handbook(s, 1, HandbookOptions(TODAY.year, ("stats",), today=TODAY), out)
        stats = statistics(s, [1], TODAY.year, TODAY)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "团内统计" in text
    minority = stats.by_ethnicity["少数民族"]
    assert f"汉族 {stats.by_ethnicity['汉族']}，少数民族 {minority}" in text  # the table
    share = f"{minority / stats.members:.1%}"
    assert f"少数民族 {minority}（{share}）" in text  # the pie chart's legend
    for label, count in stat_tables(stats)[3].rows:  # 年龄: every bar's category and value
        assert label in text and f"{label} {count}" in text


def test_screen_chart_is_the_same_drawing_in_the_app_font(demo_db):
    with demo_db.session() as s:
        stats = statistics(s, [1], TODAY.year, TODAY)
    charts = chart_tables(stat_tables(stats))
    assert [c.title for c in charts][:5] == ["性别", "民族", "年龄", "学历", "政治面貌"]
    svg = chart_svg(charts[0], "WenQuanYi Micro Hei")
    assert svg.startswith("<?xml") and "BDSans" not in svg
    assert "font-family: WenQuanYi Micro Hei" in svg
    assert f"男 {stats.by_gender['男']}" in svg


def test_no_chart_for_a_block_with_nothing_counted():
    from branchdesk.core.rules.statistics import Statistics

    empty = Statistics(2026, date(2026, 12, 31), ["空支部"])
    assert chart_tables(stat_tables(empty)) == []
    assert [nice_step(t) for t in (0, 9, 31, 168)] == [1, 2, 10, 50]
