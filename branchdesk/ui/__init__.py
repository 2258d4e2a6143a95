"""PySide6 only: pages, dialogs, Qt item models, background tasks. Asks core, renders the answer."""

from branchdesk.ui import qt_fixes as _qt_fixes

_qt_fixes.apply()  # before any signal is emitted
