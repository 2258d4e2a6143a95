"""Pages that later features fill: they say what is coming."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    title = ""
    coming = ""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        heading = QLabel(self.title, objectName="PageTitle")
        text = QLabel(self.coming, objectName="Hint")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(heading)
        layout.addWidget(text, 1)


class MeetingsPlaceholder(PlaceholderPage):
    title = "三会两制一课"
    coming = "即将推出：支部团员大会、支部委员会、团小组会、团课和主题团日的记录，团员教育评议与团籍注册，以及应开未开的提醒。"


class DuesPlaceholder(PlaceholderPage):
    title = "团费"
    coming = "即将推出：团费标准、按月收缴登记、欠费提醒、上缴台账和收据打印。"


class TransfersPlaceholder(PlaceholderPage):
    title = "组织关系"
    coming = "即将推出：组织关系转入转出登记，以及团员组织关系介绍信（存根、介绍信、回执）的打印。"


class PrintPlaceholder(PlaceholderPage):
    title = "打印"
    coming = "即将推出：团支部工作手册（PDF，A4，可直接装订）和各类空白表格。"
