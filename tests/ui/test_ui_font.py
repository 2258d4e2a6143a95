"""The application font: the bundled CJK font on Linux (the font layouts are checked with), the
platform's own Chinese UI font first where every PC has it."""

import sys

import pytest
from PySide6.QtGui import QFontInfo

from branchdesk.ui.fonts import register_bundled_fonts, ui_families


def test_linux_draws_with_the_bundled_font(app, qtbot):
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux choice")
    bundled = register_bundled_fonts()[0]
    assert bundled == "WenQuanYi Micro Hei"
    assert app.font().families() == [bundled]
    assert QFontInfo(app.font()).family() == bundled  # what is really drawn with
    assert app.font().pointSizeF() >= 10


@pytest.mark.parametrize(
    ("platform", "first"),
    [("win32", "Microsoft YaHei UI"), ("darwin", "PingFang SC"), ("linux", "Bundled")],
)
def test_the_platforms_chinese_ui_font_comes_first_and_the_bundled_one_last(platform, first):
    families = ui_families("Bundled", platform)
    assert families[0] == first
    assert families[-1] == "Bundled"
