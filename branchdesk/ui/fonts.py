"""The UI's font: the platform's own Chinese UI font where every such PC has one (Windows, macOS),
else the bundled CJK font, which the window's layouts are checked with (tests, CI)."""

import sys

from PySide6.QtGui import QFont, QFontDatabase

from branchdesk.core.paths import resource

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
_families: list[str] = []

#: the system UI fonts tried before the bundled one, by sys.platform. On Linux (统信UOS, 银河麒麟
#: and others) the bundled font comes first: it is the one the layouts are measured with, and
#: naming a system family costs the first frame fontconfig look-ups (~3 ms) for each family not
#: installed. Glyphs the chosen font lacks still come from any installed font (Qt falls back).
SYSTEM_FAMILIES = {
    "win32": ["Microsoft YaHei UI", "Microsoft YaHei"],
    "darwin": ["PingFang SC"],
}


def register_bundled_fonts() -> list[str]:
    if not _families:
        font_id = QFontDatabase.addApplicationFont(str(resource(*BUNDLED_FONT)))
        if font_id >= 0:
            _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _families


def ui_families(bundled: str, platform: str = sys.platform) -> list[str]:
    """The application font's families, in the order Qt tries them."""
    return [*SYSTEM_FAMILIES.get(platform, []), bundled]


def apply_cjk_fallback(app) -> None:
    """Use the platform's Chinese UI font (else the bundled CJK font) at 10 pt at least."""
    families = register_bundled_fonts()
    if not families:
        return
    font = QFont(app.font())
    font.setFamilies(ui_families(families[0]))
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
