"""The status bar's busy indicator: a moving bar and "正在处理…" while any operation of the runner
has been running for more than 0.3 s, so work that takes time is never silent (the window stays
usable meanwhile; long writes and files have their own progress dialog)."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from branchdesk.ui import ops

#: how long work may run before the indicator shows (shorter work would only flicker)
DELAY_MS = 300


class BusyIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        self.label = QLabel("正在处理…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known end: the bar moves
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(96, 12)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self._delay = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._delay.timeout.connect(self._show_if_busy)
        self.setVisible(False)
        ops.activity.busy_changed.connect(self.on_busy_changed)

    def on_busy_changed(self, busy: bool) -> None:
        if busy:
            self._delay.start()
        else:
            self._delay.stop()
            self.setVisible(False)

    def _show_if_busy(self) -> None:
        self.setVisible(not ops.idle())
