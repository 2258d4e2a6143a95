"""Where windows go and where the UI keeps its settings: what the main window needs before its
first frame, so this module uses no `Qt.*` enum (the first use of one makes PySide build the
whole Qt namespace, ~100 enum classes and some 15 ms, which the window shows without)."""

from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: room for a window's title bar and frame, which `resize` does not include
FRAME_W, FRAME_H = 16, 40
#: of which a border at the sides and the bottom, and the title bar on top: room for the
#: frame Qt reports on Windows 10/11 (a title bar of 31 at 100%; a 1 px line drawn, but up to
#: 7-8 px of invisible resize border counted, as GetWindowRect does) and for X11 window
#: managers' (openbox: 20 and 1 px)
BORDER = FRAME_W // 2
TITLE_H = FRAME_H - BORDER


def ui_settings() -> QSettings:
    """Window sizes, column layouts, last page: an ini file in the user's data folder."""
    from branchdesk.core.paths import data_dir

    return QSettings(str(data_dir() / "ui.ini"), QSettings.Format.IniFormat)


def available_rect(widget: QWidget | None = None) -> QRect:
    """The usable part (without taskbar) of the screen `widget` is on, or of the primary screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def clamp_to_screen(rect: QRect, area: QRect) -> QRect:
    """`rect` (a window's frame) moved and shrunk so it lies wholly within `area`."""
    width = min(rect.width(), area.width())
    height = min(rect.height(), area.height())
    left = min(max(rect.left(), area.left()), area.right() - width + 1)
    top = min(max(rect.top(), area.top()), area.bottom() - height + 1)
    return QRect(left, top, width, height)
