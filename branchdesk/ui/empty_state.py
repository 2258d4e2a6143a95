"""What an empty page says: what it is for, what to do first, and a button for each first step.

A page with nothing to show yet (no members, no meetings this year, no transfers) shows an
`EmptyState` where its table would be, so a new user is never left looking at blank headers.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QFrame):
    """A title, a sentence, and buttons (`add_button`) for the first steps, centred."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="EmptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        self.title = QLabel(title, objectName="SectionTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text, objectName="Hint", wordWrap=True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setMaximumWidth(560)
        centred = QHBoxLayout()  # (a wrapped label aligned in its cell would lose lines)
        centred.addStretch(1)
        centred.addWidget(self.text, 100)
        centred.addStretch(1)
        layout.addWidget(self.title)
        layout.addLayout(centred)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(self.buttons)
        layout.addStretch(2)

    def add_button(self, text: str, slot: Callable[[], object], primary: bool = False):
        """A button for one first step; the first one added is leftmost."""
        button = QPushButton(text, objectName="PrimaryButton" if primary else "")
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def set_text(self, text: str) -> None:
        self.text.setText(text)
