"""F1 help: a short Chinese page per page of the window, from resources/help/<page>.md."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from branchdesk.core.paths import resource
from branchdesk.ui.widgets import fit_to_screen


def help_text(key: str) -> str:
    """The help page for a page key (the home page's when there is none)."""
    path = resource("help", f"{key}.md")
    if not path.is_file():
        path = resource("help", "home.md")
    return path.read_text(encoding="utf-8")


class HelpDialog(QDialog):
    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("帮助")
        fit_to_screen(self, 620, 520)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(help_text(key))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
