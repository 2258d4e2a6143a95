"""关于: the version, the open database and its schema version, where the data is kept, and the
licences of the bundled font, tables and icons (core/about.py says what)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from branchdesk import APP_NAME
from branchdesk.core.about import about_info, schema_revision
from branchdesk.ui.ops import run_query
from branchdesk.ui.widgets import fit_to_screen


class AboutDialog(QDialog):
    def __init__(self, ctx=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        fit_to_screen(self, 640, 520)
        self.ctx = ctx
        self.info_label = QLabel()
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label.setWordWrap(True)
        self.licences = QTextBrowser()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addWidget(QLabel("随附资源与开源软件的许可证："))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        database = ctx.db.description if ctx is not None else "（未打开）"
        self._show(about_info(database, None))
        self.licences.setPlainText(
            "\n\n".join(f"== {lic.title} ==\n{lic.text.strip()}" for lic in self.info.licences)
        )
        if ctx is not None:
            run_query(
                self,
                schema_revision,
                on_done=lambda schema: self._show(about_info(database, schema)),
                ctx=ctx,
            )

    def _show(self, info) -> None:
        self.info = info
        self.info_label.setText("\n".join(info.lines()))
