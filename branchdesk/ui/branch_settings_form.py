"""The current branch's own settings (minimums, 优秀 cap, prepayment limit, 推优 cap) as a form.

Shown on 设置 and in the calendar's 最低要求设置 dialog; both save through branch_settings.
"""

from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QWidget

from branchdesk.core.rules.meeting_calendar import FREQUENCY_LABELS
from branchdesk.core.services.branch_settings import MAX_PREPAY_LIMIT_MONTHS, BranchSettings


class BranchSettingsForm(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, QComboBox] = {}
        self.cap = QSpinBox()
        self.prepay = QSpinBox()
        self.recommend = QSpinBox()

    def set_settings(self, settings: BranchSettings) -> None:
        """Rebuild the rows: the frequencies offered depend on the branch's kind."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        self.cap = QSpinBox(minimum=1, maximum=100, suffix=" %")
        self.prepay = QSpinBox(minimum=1, maximum=MAX_PREPAY_LIMIT_MONTHS, suffix=" 个月")
        self.prepay.setToolTip("预交团费超过这个月数时需要确认")
        self.recommend = QSpinBox(minimum=1, maximum=100, suffix=" %")
        self.recommend.setToolTip("一次推优推荐的人数超过团员人数的这个比例时提示")
        for req in settings.requirements:
            combo = QComboBox()
            for frequency in settings.frequencies:
                combo.addItem(FREQUENCY_LABELS[frequency], frequency.value)
            combo.setCurrentIndex(max(combo.findData(req.frequency.value), 0))
            self.combos[req.item] = combo
            self.form.addRow(req.item + ("（每个团小组）" if req.per_group else ""), combo)
        self.cap.setValue(int(settings.excellent_cap))
        self.prepay.setValue(settings.prepay_limit_months)
        self.form.addRow("评议“优秀”比例上限", self.cap)
        self.form.addRow("预交团费最多", self.prepay)
        self.recommend.setValue(int(settings.recommend_cap))
        self.form.addRow("推优入党比例上限", self.recommend)

    def frequencies(self) -> dict[str, str]:
        return {item: combo.currentData() for item, combo in self.combos.items()}
